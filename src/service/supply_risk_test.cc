// Vulnerabilities, VEX, watch lists, findings on a filing and concentration over the demo
// database, on SQLite in memory and on PostgreSQL (a schema of its own when
// KIKAN_TEST_POSTGRES_URL is set), as supply_test.cc: the bundled OSV and CSAF samples match
// NUTS's express and the sample PLC; a stale or missing feed is a warning; VEX decisions are kept
// as history with audit events; bad feeds change nothing; each finding kind fires where it must
// and not where it must not; an operator's scope shows nothing of another operator's systems.
#include "service/supply_risk.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/test_files.h"
#include "service/demo_database_test.h"
#include "service/filing_store.h"
#include "service/supply_findings.h"
#include "service/supply_store.h"
#include "service/verify.h"

namespace kikan::service {
namespace {

using base::testing::SourceDir;

using ::testing::Contains;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

class SupplyRiskTest : public DemoDatabaseTest {
 protected:
  SupplyRiskTest() : DemoDatabaseTest("kikan_supply_risk_test") {}
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tmp_ = fs::temp_directory_path() / fmt::format("kikan-risk-{}-{}", ::getpid(), GetParam());
    fs::create_directories(tmp_);
  }
  void TearDown() override {
    DemoDatabaseTest::TearDown();
    if (!tmp_.empty()) fs::remove_all(tmp_);
  }
  static auth::ScopeFilter All() {
    auth::ScopeFilter f;
    f.all = true;
    return f;
  }
  static auth::ScopeFilter OperatorScope(std::string id) {
    auth::ScopeFilter f;
    f.operator_id = base::OperatorId(std::move(id));
    return f;
  }
  int64_t Count(store::Connection& c, std::string_view sql) {
    auto rows = c.Query(std::string(sql));
    EXPECT_TRUE(rows) << rows.status().ToString();
    return rows ? (*rows)[0].Int(0) : -1;
  }
  // An operator in the register that uses no supply system.
  std::string Outsider(store::Connection& c) {
    auto rows = c.Query(
        "SELECT id FROM operator WHERE id NOT IN (SELECT operator_id FROM supply_system_user) "
        "ORDER BY id LIMIT 1");
    EXPECT_TRUE(rows && !rows->empty());
    return rows && !rows->empty() ? (*rows)[0].Text(0) : "";
  }
  std::string Write(const std::string& name, const std::string& text) {
    fs::path p = tmp_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  fs::path tmp_;
};

const VulnerabilityMatch* Find(const VulnerabilityReport& r, std::string_view system,
                               std::string_view advisory) {
  for (const auto& m : r.matches)
    if (m.system.view() == system && m.advisory == advisory) return &m;
  return nullptr;
}

TEST_P(SupplyRiskTest, TheBundledSamplesMarkExpressAndThePlcWithTheFeedsSourceAndAge) {
  auto c = pool_->Acquire();
  auto r = SupplyVulnerabilities(*c, All(), {}, Now());
  ASSERT_TRUE(r) << r.status().ToString();
  const auto* express = Find(*r, "nuts", "GHSA-rv95-896h-c2vc");
  ASSERT_NE(express, nullptr);
  EXPECT_EQ(express->component_version, "4.18.2");
  EXPECT_EQ(express->identified_by, "purl");
  EXPECT_THAT(express->aliases, Contains("CVE-2024-29041"));
  EXPECT_EQ(express->feed_source, "data/supply/sample-osv");
  EXPECT_THAT(express->feed_sample, HasSubstr("サンプルデータ"));
  EXPECT_GT(express->feed_age_days, kVulnFeedStaleDays);
  EXPECT_TRUE(express->feed_stale);
  EXPECT_FALSE(express->vex);
  // The PLC has neither PURL nor CPE: matched by maker + model in both systems.
  const auto* plc = Find(*r, "sample-tos", "KIKAN-SAMPLE-2026-0001/1");
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(plc->identified_by, "model");
  EXPECT_NE(Find(*r, "nuts", "KIKAN-SAMPLE-2026-0001/1"), nullptr);
  // log4j-core 2.17.1 is outside the sample's ranges: no match for it.
  for (const auto& m : r->matches) EXPECT_NE(m.component_name, "log4j-core");
  // Both feeds are older than the line at Now(): a visible warning each.
  int stale = 0;
  for (const auto& w : r->warnings) stale += w.en.find("is stale") != std::string::npos;
  EXPECT_EQ(stale, 2);
  // A month earlier the CSAF sample (2026-10-01) is fresh and only the OSV one is stale.
  auto earlier = SupplyVulnerabilities(*c, All(), {}, *base::ParseInstant("2026-10-15T00:00:00Z"));
  ASSERT_TRUE(earlier);
  stale = 0;
  for (const auto& w : earlier->warnings) stale += w.en.find("is stale") != std::string::npos;
  EXPECT_EQ(stale, 1);
}

TEST_P(SupplyRiskTest, NoFeedIsAWarningNotASilentZero) {
  auto warnings = FeedWarnings({}, Now());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0].en, HasSubstr("no vulnerability feed"));
  VulnFeed osv;
  osv.id = "osv:x";
  osv.kind = "osv";
  osv.newest_modified = "2026-11-29T00:00:00Z";
  auto only_osv = FeedWarnings({osv}, Now());
  ASSERT_EQ(only_osv.size(), 1u);
  EXPECT_THAT(only_osv[0].en, HasSubstr("no CSAF feed"));
}

TEST_P(SupplyRiskTest, AnOperatorSeesOnlyItsOwnSystemsVulnerabilities) {
  auto c = pool_->Acquire();
  std::string outsider = Outsider(*c);
  auto none = SupplyVulnerabilities(*c, OperatorScope(outsider), {}, Now());
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->matches.empty());
  auto asked =
      SupplyVulnerabilities(*c, OperatorScope(outsider), {supply::SystemId("nuts")}, Now());
  ASSERT_TRUE(asked);
  EXPECT_TRUE(asked->matches.empty()) << "naming a foreign system reveals nothing";
  auto user = c->Query(
      "SELECT operator_id FROM supply_system_user WHERE system_id = 'nuts' "
      "ORDER BY operator_id LIMIT 1");
  ASSERT_TRUE(user && !user->empty());
  auto own = SupplyVulnerabilities(*c, OperatorScope((*user)[0].Text(0)), {}, Now());
  ASSERT_TRUE(own);
  EXPECT_NE(Find(*own, "nuts", "GHSA-rv95-896h-c2vc"), nullptr);
  auto none_filter = SupplyVulnerabilities(*c, auth::ScopeFilter{}, {}, Now());
  ASSERT_TRUE(none_filter);
  EXPECT_TRUE(none_filter->matches.empty());
}

TEST_P(SupplyRiskTest, VexDecisionsAreKeptAsHistoryWithAuditEvents) {
  auto c = pool_->Acquire();
  auto ref = c->Query(
      "SELECT ref FROM supply_component WHERE system_id = 'nuts' AND name = "
      "'express'");
  ASSERT_TRUE(ref && !ref->empty());
  std::string express = (*ref)[0].Text(0);
  int64_t events = Count(*c, "SELECT COUNT(*) FROM audit_event");
  VexDecision d;
  d.system = supply::SystemId("nuts");
  d.component_ref = express;
  d.vulnerability = "CVE-2024-29041";
  d.state = "not_affected";
  d.author = "NUTS 保守担当（サンプル）";
  auto refused = RecordVex(*c, d, {"u-1"}, Now());
  ASSERT_FALSE(refused) << "not_affected needs a justification";
  EXPECT_EQ(refused.status().fields()[0].pointer, "/justification");
  d.state = "affected";
  d.justification = "code_not_reachable";
  EXPECT_FALSE(RecordVex(*c, d, {"u-1"}, Now())) << "a justification only with not_affected";
  d.justification.clear();
  d.state = "maybe";
  EXPECT_FALSE(RecordVex(*c, d, {"u-1"}, Now()));
  d.state = "affected";
  d.component_ref = "no-such-ref";
  EXPECT_EQ(RecordVex(*c, d, {"u-1"}, Now()).status().code(), base::StatusCode::kNotFound);
  d.component_ref = express;
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM audit_event"), events) << "refusals change nothing";

  auto first = RecordVex(*c, d, {"u-1"}, Now());
  ASSERT_TRUE(first) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);
  d.state = "not_affected";
  d.justification = "protected_at_perimeter";
  d.detail = "res.redirect() は使っていない（サンプル）";
  auto second = RecordVex(*c, d, {"u-1"}, Now() + std::chrono::hours(1));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM audit_event WHERE action = 'supply.vex'"), 2);
  auto history = VexHistory(*c, All(), d.system, express, "CVE-2024-29041");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].state, "affected");
  EXPECT_EQ((*history)[1].state, "not_affected");
  EXPECT_EQ((*history)[1].author, "NUTS 保守担当（サンプル）");
  // The current decision shows with the match (recorded under the alias).
  auto r = SupplyVulnerabilities(*c, All(), {d.system}, Now() + std::chrono::hours(2));
  ASSERT_TRUE(r);
  const auto* m = Find(*r, "nuts", "GHSA-rv95-896h-c2vc");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->vex);
  EXPECT_EQ(m->vex->state, "not_affected");
  EXPECT_EQ(m->vex->justification, "protected_at_perimeter");
  // Another operator's scope sees no history.
  auto foreign = VexHistory(*c, OperatorScope(Outsider(*c)), d.system, express, "CVE-2024-29041");
  ASSERT_TRUE(foreign);
  EXPECT_TRUE(foreign->empty());
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << "the audit chain holds";
  EXPECT_EQ(verified->objects_untracked, 0) << "feeds, watch lists and VEX are re-hashed";
  // A decision changed behind the log's back is found; so is a feed.
  ASSERT_TRUE(c->Exec("UPDATE supply_vex SET state = 'affected' WHERE seq = 2").ok());
  ASSERT_TRUE(c->Exec("UPDATE supply_vuln SET summary = 'x' WHERE feed = 'osv:sample'").ok());
  auto tampered = VerifyDatabase(*c, {});
  ASSERT_TRUE(tampered);
  std::set<std::string> objects;
  for (const auto& f : tampered->findings) objects.insert(f.object_type);
  EXPECT_TRUE(objects.count("supply_vex")) << "VEX row changed";
  EXPECT_TRUE(objects.count("supply_vuln_feed")) << "feed row changed";
}

TEST_P(SupplyRiskTest, CycloneDxAnalysisIsReadAsVexAndABadOneRecordsNothing) {
  auto c = pool_->Acquire();
  auto ref = c->Query(
      "SELECT ref FROM supply_component WHERE system_id = 'nuts' AND name = "
      "'express'");
  ASSERT_TRUE(ref && !ref->empty());
  std::string express = (*ref)[0].Text(0);
  std::string doc = fmt::format(
      R"({{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {{"authors": [{{"name": "保守会社（サンプル）"}}]}},
          "vulnerabilities": [{{"id": "GHSA-rv95-896h-c2vc", "analysis": {{"state": "resolved"}},
                                "affects": [{{"ref": "{}"}}]}}]}})",
      express);
  auto n = ImportCycloneDxVex(*c, supply::SystemId("nuts"), doc, "cli", {"u-1"}, Now());
  ASSERT_TRUE(n) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  auto history = VexHistory(*c, All(), supply::SystemId("nuts"), express, "GHSA-rv95-896h-c2vc");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].state, "fixed");
  EXPECT_EQ((*history)[0].origin, "cyclonedx");
  EXPECT_EQ((*history)[0].author, "保守会社（サンプル）");
  std::string bad = fmt::format(
      R"({{"vulnerabilities": [{{"id": "A", "analysis": {{"state": "resolved"}}, "affects": [{{"ref": "{}"}}]}},
                               {{"id": "B", "analysis": {{"state": "weird"}}, "affects": [{{"ref": "{}"}}]}}]}})",
      express, express);
  auto refused = ImportCycloneDxVex(*c, supply::SystemId("nuts"), bad, "cli", {"u-1"}, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().fields()[0].pointer, "/vulnerabilities/1/analysis/state");
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM supply_vex"), 1) << "nothing of the bad one";
}

TEST_P(SupplyRiskTest, OsvFromADirectoryAndAZipAndABadFeedChangesNothing) {
  const std::string good = R"({"id": "OSV-T-1", "modified": "2026-11-20T00:00:00Z",
    "affected": [{"package": {"ecosystem": "npm", "name": "express"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "4.0.0"}, {"last_affected": "4.18.2"}]}]}]})";
  // A zip as osv.dev publishes per ecosystem.
  std::string zip_path = (tmp_ / "npm-all.zip").string();
  {
    int err = 0;
    zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    ASSERT_NE(z, nullptr);
    zip_source_t* src = zip_source_buffer(z, good.data(), good.size(), 0);
    ASSERT_GE(zip_file_add(z, "OSV-T-1.json", src, ZIP_FL_OVERWRITE), 0);
    ASSERT_EQ(zip_close(z), 0);
  }
  auto from_zip = ReadOsvPath(zip_path);
  ASSERT_TRUE(from_zip) << from_zip.status().ToString();
  ASSERT_EQ(from_zip->size(), 1u);
  EXPECT_EQ((*from_zip)[0].id, "OSV-T-1");

  auto c = pool_->Acquire();
  VulnFeed feed;
  feed.id = "osv:npm";
  feed.source = zip_path;
  auto stored = ImportVulnFeed(*c, feed, *from_zip, {"u-1"}, Now());
  ASSERT_TRUE(stored) << stored.status().ToString();
  EXPECT_EQ(stored->newest_modified, "2026-11-20T00:00:00Z");
  auto r = SupplyVulnerabilities(*c, All(), {supply::SystemId("nuts")}, Now());
  ASSERT_TRUE(r);
  const auto* m = Find(*r, "nuts", "OSV-T-1");
  ASSERT_NE(m, nullptr) << "last_affected 4.18.2 includes 4.18.2";
  EXPECT_FALSE(m->feed_stale);

  // A directory with one bad record: refused whole, pointers FILE#POINTER.
  Write("dir/a.json", good);
  std::string bad_file = Write("dir/b.json", R"({"id": "OSV-T-2", "affected": []})");
  auto refused = ReadOsvPath((tmp_ / "dir").string());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().fields()[0].pointer, bad_file + "#/modified");
  int64_t feeds = Count(*c, "SELECT COUNT(*) FROM supply_vuln_product");
  // Two advisories with one id: refused, the stored feed unchanged.
  EXPECT_FALSE(ImportVulnFeed(*c, feed, {(*from_zip)[0], (*from_zip)[0]}, {"u-1"}, Now()));
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM supply_vuln_product"), feeds);
  EXPECT_EQ(ReadOsvPath((tmp_ / "nowhere").string()).status().code(), base::StatusCode::kNotFound);
}

TEST_P(SupplyRiskTest, TheWatchListMatchesTheFictionalPartyAndNotOthers) {
  auto c = pool_->Acquire();
  auto hits = MatchWatchLists(*c, {"FICTIONAL REMOTE MAINTENANCE LTD. (SAMPLE)", "", "", ""});
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].match.reason, "alias");
  EXPECT_EQ((*hits)[0].entry.line, 4);
  EXPECT_EQ((*hits)[0].list, "sample-watchlist");
  auto none = MatchWatchLists(*c, {"架空システム保守株式会社（サンプル）", "", "JP", ""});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

// A filing of a NUTS user with every kind of fact the findings look at.
filings::Filing SampleFiling(const std::string& operator_id) {
  filings::Filing f;
  f.kind = filings::FilingKind::kInstallationPlan;
  f.business = base::BusinessId("general_port_transport");
  f.note = "サンプル（テスト）";
  f.filer.operator_id = base::OperatorId(operator_id);
  f.filer.name = "テスト";
  f.equipment.name = "NUTS";
  filings::Party supplier;
  supplier.id = "s1";
  supplier.name = "架空港湾システム株式会社（サンプル）";
  supplier.country = "JP";
  supplier.corporate_number = "";  // missing: facts_missing
  supplier.shareholders = std::vector<filings::Shareholder>{
      {"Sample Foreign Holdings Inc.", "US", {100'000}},  // 10%: over the 5% line
      {"Sample Small Holder Inc.", "US", {40'000}},       // 4%: under it
      {"国内株主（サンプル）", "JP", {600'000}}};         // domestic: never
  f.suppliers.push_back(supplier);
  filings::Party clean;
  clean.id = "s2";
  clean.name = "国内部品（サンプル）";
  clean.country = "JP";
  clean.corporate_number = "7010001008844";
  clean.shareholders = std::vector<filings::Shareholder>{};
  f.suppliers.push_back(clean);
  filings::Maintenance m;
  m.content = "保守";
  filings::Party contractor;
  contractor.id = "c1";
  contractor.name = "架空システム保守株式会社（サンプル）";
  contractor.country = "JP";
  contractor.corporate_number = "7010001008844";
  contractor.shareholders = std::vector<filings::Shareholder>{};
  m.contractor = contractor;
  filings::Party sub;
  sub.id = "c2";
  sub.name = "Fictional Remote Maintenance Ltd. (SAMPLE)";
  sub.country = "VN";
  sub.foreign_registration = "SAMPLE-1";
  sub.shareholders = std::vector<filings::Shareholder>{};
  m.subcontractors.push_back(sub);
  f.maintenance = m;
  return f;
}

std::vector<const Finding*> OfKind(const SupplyFilingFindings& r, std::string_view kind) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

TEST_P(SupplyRiskTest, FindingsOnAFilingFireWhereTheyMustAndNotElsewhere) {
  auto c = pool_->Acquire();
  auto designated = c->Query(
      "SELECT DISTINCT u.operator_id FROM supply_system_user u JOIN designation d ON "
      "d.operator_id = u.operator_id WHERE u.system_id = 'nuts' AND d.revoked_on IS NULL ORDER "
      "BY u.operator_id");
  ASSERT_TRUE(designated);
  ASSERT_GE(designated->size(), 2u) << "the demo's NUTS is shared by designated operators";
  std::string op = (*designated)[0].Text(0);
  // Ownership in the graph: a foreign holding owns 60% of a domestic parent owning 10% of the
  // supplier (6% in effect: over 5%); another 40% × 10% (4%: under).
  const Actor a{"u-1"};
  supply::PartyRef supplier{"架空港湾システム株式会社（サンプル）", "", "JP", ""};
  supply::PartyRef parent{"国内親会社（サンプル）", "", "JP", ""};
  supply::PartyRef holding{"Sample Global Holding Corp.", "", "US", ""};
  supply::PartyRef minor{"Sample Minor Holding Corp.", "", "US", ""};
  {
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(PutPartyLink(*c, parent, supplier, "owns", 100'000, a, Now()).ok());
    ASSERT_TRUE(PutPartyLink(*c, holding, parent, "owns", 600'000, a, Now()).ok());
    ASSERT_TRUE(PutPartyLink(*c, minor, parent, "owns", 400'000, a, Now()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  auto tx = store::Transaction::Start(*c);
  ASSERT_TRUE(tx);
  auto filing = CreateFiling(*c, SampleFiling(op), base::OperatorId(op), "mlit", "u-1", Now());
  ASSERT_TRUE(filing) << filing.status().ToString();
  ASSERT_TRUE(tx->Commit().ok());
  std::string id = filing->record.id.value();
  auto r = FindingsForFiling(*c, *regime_, id, All(), Now());
  ASSERT_TRUE(r) << r.status().ToString();
  EXPECT_EQ(r->link, "named") << "the filing's supplier supplies NUTS";
  EXPECT_THAT(r->systems, Contains(supply::SystemId("nuts")));

  auto ownership = OfKind(*r, "foreign_ownership");
  ASSERT_EQ(ownership.size(), 2u);
  std::string whys;
  for (const auto* f : ownership) {
    whys += f->why.en + "\n";
    EXPECT_THAT(f->citation, HasSubstr("第11条第2号"));
  }
  EXPECT_THAT(whys, HasSubstr("Sample Foreign Holdings Inc."));
  EXPECT_THAT(whys, HasSubstr("Sample Global Holding Corp."));
  EXPECT_THAT(whys, HasSubstr("6%"));
  EXPECT_THAT(whys, ::testing::Not(HasSubstr("Sample Small Holder")));
  EXPECT_THAT(whys, ::testing::Not(HasSubstr("Sample Minor Holding")));

  auto watch = OfKind(*r, "watch_list");
  ASSERT_EQ(watch.size(), 1u);
  EXPECT_EQ(watch[0]->subject, "Fictional Remote Maintenance Ltd. (SAMPLE)");
  EXPECT_EQ(watch[0]->citation, "sample-watchlist line 4");

  auto vulns = OfKind(*r, "vulnerability_without_vex");
  std::set<std::string> subjects;
  for (const auto* f : vulns) subjects.insert(f->subject);
  auto ref = c->Query(
      "SELECT ref FROM supply_component WHERE system_id = 'nuts' AND name = "
      "'express'");
  ASSERT_TRUE(ref && !ref->empty());
  std::string express = (*ref)[0].Text(0);
  EXPECT_TRUE(subjects.count("nuts/" + express));
  EXPECT_THAT(vulns[0]->why.en, HasSubstr("days old"));

  EXPECT_EQ(OfKind(*r, "shared_system").size(), 1u);
  auto shared = OfKind(*r, "shared_contractor");
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0]->subject, "架空システム保守株式会社（サンプル）");

  auto abroad = OfKind(*r, "subcontracting_abroad");
  ASSERT_EQ(abroad.size(), 1u) << "the filed VN subcontractor (the graph's has no country)";
  EXPECT_THAT(abroad[0]->why.en, HasSubstr("VN"));

  auto missing = OfKind(*r, "facts_missing");
  ASSERT_EQ(missing.size(), 1u) << "only the supplier lacks its 法人番号";
  EXPECT_EQ(missing[0]->subject, "架空港湾システム株式会社（サンプル）");
  EXPECT_FALSE(r->samples.empty());

  // A VEX decision on express removes its finding; nothing else changes.
  VexDecision d;
  d.system = supply::SystemId("nuts");
  d.component_ref = express;
  d.vulnerability = "GHSA-rv95-896h-c2vc";
  d.state = "fixed";
  d.author = "テスト";
  ASSERT_TRUE(RecordVex(*c, d, a, Now()));
  auto after = FindingsForFiling(*c, *regime_, id, All(), Now());
  ASSERT_TRUE(after);
  for (const auto* f : OfKind(*after, "vulnerability_without_vex"))
    EXPECT_NE(f->subject, "nuts/" + express);
  EXPECT_EQ(after->findings.size() + 1, r->findings.size());

  // Another operator's scope: the filing does not exist for it.
  auto foreign = FindingsForFiling(*c, *regime_, id, OperatorScope(Outsider(*c)), Now());
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(FindingsForFiling(*c, *regime_, "f-none", All(), Now()).status().code(),
            base::StatusCode::kNotFound);
}

TEST_P(SupplyRiskTest, ConcentrationOfTheBusinessAndNothingForAForeignOperator) {
  auto c = pool_->Acquire();
  auto r = ConcentrationFor(*c, base::BusinessId("general_port_transport"), All());
  ASSERT_TRUE(r) << r.status().ToString();
  EXPECT_THAT(r->systems, Contains(supply::SystemId("nuts")));
  ASSERT_EQ(r->dimensions.size(), 4u);
  for (const auto& d : r->dimensions) {
    EXPECT_GT(d.hhi, 0) << d.name;
    EXPECT_LE(d.hhi, 10'000.0 + 1e-9) << d.name;
  }
  bool nuts_shared = false;
  for (const auto& s : r->shared_systems) nuts_shared = nuts_shared || s.id.view() == "nuts";
  EXPECT_TRUE(nuts_shared);
  // The maintenance contractor and, through it, its subcontractors serve NUTS.
  const auto& contractors = r->dimensions[1];
  std::set<std::string> names;
  for (const auto& i : contractors.items) names.insert(i.name);
  EXPECT_TRUE(names.count("架空システム保守株式会社（サンプル）"));
  EXPECT_TRUE(names.count("架空再委託ソフトウェア株式会社（サンプル）"));
  // HHI by hand for the components dimension.
  const auto& comps = r->dimensions[2];
  double total = 0, hhi = 0;
  for (const auto& i : comps.items) total += static_cast<double>(i.systems.size());
  for (const auto& i : comps.items) {
    double s = 100.0 * static_cast<double>(i.systems.size()) / total;
    hhi += s * s;
  }
  EXPECT_NEAR(comps.hhi, hhi, 1e-6);
  auto foreign =
      ConcentrationFor(*c, base::BusinessId("general_port_transport"), OperatorScope(Outsider(*c)));
  ASSERT_TRUE(foreign);
  EXPECT_TRUE(foreign->systems.empty());
  for (const auto& d : foreign->dimensions) EXPECT_TRUE(d.items.empty());
  EXPECT_TRUE(foreign->shared_systems.empty());
  EXPECT_FALSE(ConcentrationFor(*c, base::BusinessId(""), All()));
  // An operator of NUTS: its own systems only, NUTS shared by itself and others it only counts.
  auto own =
      ConcentrationFor(*c, base::BusinessId("general_port_transport"), OperatorScope("kamigumi"));
  ASSERT_TRUE(own) << own.status().ToString();
  EXPECT_THAT(own->systems, Contains(supply::SystemId("nuts")));
  ASSERT_EQ(own->shared_systems.size(), 1u);
  EXPECT_EQ(own->shared_systems[0].users,
            std::vector<base::OperatorId>{base::OperatorId("kamigumi")});
  EXPECT_GE(own->shared_systems[0].other_users, 1);
  int64_t all_users = 0;
  for (const auto& s : r->shared_systems)
    if (s.id.view() == "nuts") all_users = static_cast<int64_t>(s.users.size());
  EXPECT_EQ(own->shared_systems[0].other_users + 1, all_users);
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplyRiskTest, ::testing::Values("Sqlite", "Postgres"));

}  // namespace
}  // namespace kikan::service
