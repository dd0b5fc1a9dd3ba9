// The supply chain graph over the demo database, on SQLite in memory and on PostgreSQL (in a
// schema of its own when KIKAN_TEST_POSTGRES_URL is set, as the store conformance tests do):
// who uses a purl, a CPE, a manufacturer's model and a supplier (through subcontracting); the
// NUTS what-if; an import that creates its system, a refused document that changes nothing,
// export → import unchanged, and the audit log verifying after all of it.
#include "service/supply.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/test_files.h"
#include "service/demo_database_test.h"
#include "service/supply_findings.h"
#include "service/supply_match.h"
#include "service/supply_view.h"
#include "service/verify.h"

namespace kikan::service {
namespace {

using base::testing::ReadFile;
using base::testing::SourceDir;

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const auth::ScopeFilter kAll = auth::ScopeFilter::All();

class SupplyTest : public DemoDatabaseTest {
 protected:
  SupplyTest() : DemoDatabaseTest("kikan_supply_test") {}
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(seeded_.supply_systems, 2);
  }

  WhoUsesResult Ask(WhoUsesQuery::Kind kind, std::string value) {
    auto c = pool_->Acquire();
    auto r = WhoUses(*c, {kind, std::move(value)}, kAll);
    EXPECT_TRUE(r) << r.status().ToString();
    return r ? *r : WhoUsesResult{};
  }
  static std::vector<std::string> SystemIds(const WhoUsesResult& r) {
    std::vector<std::string> out;
    for (const auto& s : r.systems) out.push_back(s.id.value());
    return out;
  }
  static std::set<std::string> OperatorIds(const WhoUsesResult& r) {
    std::set<std::string> out;
    for (const auto& o : r.operators) out.insert(o.id.value());
    return out;
  }
  static int64_t Count(store::Connection& c, std::string_view table) {
    auto rows = c.Query(fmt::format("SELECT COUNT(*) FROM {}", table));
    EXPECT_TRUE(rows);
    return rows ? (*rows)[0].Int(0) : -1;
  }
};

TEST_P(SupplyTest, WhoUsesAPurlAcrossSystemsWithAndWithoutVersion) {
  auto exact =
      Ask(WhoUsesQuery::Kind::kPurl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
  EXPECT_THAT(SystemIds(exact), ElementsAre("nuts", "sample-tos"));
  EXPECT_TRUE(OperatorIds(exact).count("meiko-trans")) << "NUTS's illustrative users";
  ASSERT_FALSE(exact.systems.empty());
  EXPECT_THAT(exact.systems[0].sample, HasSubstr("サンプルデータ"));
  auto any = Ask(WhoUsesQuery::Kind::kPurl, "pkg:maven/org.apache.logging.log4j/log4j-core");
  EXPECT_THAT(SystemIds(any), ElementsAre("nuts", "sample-tos"));
  auto other = Ask(WhoUsesQuery::Kind::kPurl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.0");
  EXPECT_TRUE(other.systems.empty());
  EXPECT_TRUE(other.operators.empty());
}

TEST_P(SupplyTest, WhoUsesACpeAndAManufacturersModelWithoutCpe) {
  auto cpe =
      Ask(WhoUsesQuery::Kind::kCpe, "CPE:2.3:O:MICROSOFT:WINDOWS_SERVER_2019:-:*:*:*:*:*:*:*");
  EXPECT_THAT(SystemIds(cpe), ElementsAre("nuts"));
  // The PLC has neither PURL nor CPE; the two documents write its maker differently.
  auto plc = Ask(WhoUsesQuery::Kind::kComponent, "架空制御機器株式会社（サンプル）/ＧＸ－100");
  EXPECT_THAT(SystemIds(plc), ElementsAre("nuts", "sample-tos"));
  EXPECT_THAT(plc.components.size(), 2u);
}

TEST_P(SupplyTest, WhoUsesASupplierThroughSubcontractingAndTheSameCompanyWrittenTwoWays) {
  // The subcontractor of NUTS's maintenance contractor: NUTS depends on it one link down.
  auto sub = Ask(WhoUsesQuery::Kind::kSupplier, "架空再委託ソフトウェア 株式会社(サンプル)");
  ASSERT_EQ(sub.parties.size(), 2u);
  EXPECT_EQ(sub.parties[0].depth, 0);
  EXPECT_EQ(sub.parties[1].depth, 1);
  EXPECT_EQ(sub.parties[1].name, "架空システム保守株式会社（サンプル）");
  EXPECT_THAT(SystemIds(sub), ElementsAre("nuts"));
  // ㈱架空ネットワーク（サンプル） and （株）架空ネットワーク（サンプル）are one party: the VPN's
  // maker and the remote-access provider.
  auto net = Ask(WhoUsesQuery::Kind::kSupplier, "株式会社架空ネットワーク（サンプル）");
  ASSERT_EQ(net.parties.size(), 1u);
  std::set<std::string> via;
  for (const auto& comp : net.components) via.insert(comp.via);
  EXPECT_THAT(via, ElementsAre("manufacturer", "provider"));
  // The two documents write the TOS supplier ㈱架空港湾システム（サンプル） and
  // 架空港湾システム株式会社（サンプル）: one party, supplying both systems.
  auto tos = Ask(WhoUsesQuery::Kind::kSupplier, "架空港湾システム(サンプル)");
  EXPECT_EQ(tos.parties.size(), 1u);
  EXPECT_THAT(SystemIds(tos), ElementsAre("nuts", "sample-tos"));
  EXPECT_EQ(tos.sites.size(), 5u) << "NUTS's terminals";
  // The runner of NUTS.
  auto runner =
      Ask(WhoUsesQuery::Kind::kSupplier, "名古屋港運協会 名古屋港コンテナ委員会 ターミナル部会");
  EXPECT_THAT(SystemIds(runner), ElementsAre("nuts"));
  // By 法人番号 of nobody: nothing.
  EXPECT_TRUE(Ask(WhoUsesQuery::Kind::kSupplier, "6140001006951").systems.empty());
}

TEST_P(SupplyTest, WhoUsesPagesItsComponentsWithTotalsAndNext) {
  auto c = pool_->Acquire();
  // The maker of the VPN and the provider of remote access: a component and a service, in two
  // pages of one, then the same in one page.
  auto page = [&](WhoUsesQuery::Kind kind, std::string value, int64_t limit, std::string after) {
    WhoUsesQuery q(kind, std::move(value));
    q.limit = limit;
    q.after = std::move(after);
    auto r = WhoUses(*c, q, kAll);
    EXPECT_TRUE(r) << r.status().ToString();
    return r ? *r : WhoUsesResult{};
  };
  const std::string net = "株式会社架空ネットワーク（サンプル）";
  auto whole = page(WhoUsesQuery::Kind::kSupplier, net, 1000, "");
  ASSERT_GE(whole.components.size(), 2u);
  EXPECT_EQ(whole.components_total, static_cast<int64_t>(whole.components.size()));
  EXPECT_EQ(whole.next, "");
  std::vector<std::string> paged;
  std::string after;
  int pages = 0;
  for (;;) {
    auto p = page(WhoUsesQuery::Kind::kSupplier, net, 1, after);
    ASSERT_LE(p.components.size(), 1u);
    EXPECT_EQ(p.components_total, whole.components_total) << "the total of every page";
    EXPECT_EQ(SystemIds(p), SystemIds(whole)) << "every system on every page";
    for (const auto& comp : p.components) paged.push_back(comp.system.value() + "#" + comp.via);
    ++pages;
    if (p.next.empty()) break;
    after = p.next;
    ASSERT_LT(pages, 100);
  }
  EXPECT_EQ(pages, static_cast<int>(whole.components.size()));
  std::vector<std::string> all;
  for (const auto& comp : whole.components) all.push_back(comp.system.value() + "#" + comp.via);
  EXPECT_EQ(paged, all);
  // The PLC's two occurrences: a limit below one is one, a limit above the cap is the cap.
  auto plc =
      page(WhoUsesQuery::Kind::kComponent, "架空制御機器株式会社（サンプル）/ＧＸ－100", 0, "");
  EXPECT_EQ(plc.components.size(), 1u);
  EXPECT_EQ(plc.components_total, 2);
  EXPECT_FALSE(plc.next.empty());
  auto rest = page(WhoUsesQuery::Kind::kComponent, "架空制御機器株式会社（サンプル）/ＧＸ－100",
                   1'000'000, plc.next);
  ASSERT_EQ(rest.components.size(), 1u);
  EXPECT_NE(rest.components[0].system, plc.components[0].system);
  EXPECT_EQ(rest.next, "");
  // An `after` that is not a `next`: refused at /after.
  WhoUsesQuery bad(WhoUsesQuery::Kind::kPurl, "pkg:maven/org.apache.logging.log4j/log4j-core");
  bad.after = "nuts";
  auto refused = WhoUses(*c, bad, kAll);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), base::StatusCode::kInvalidArgument);
  ASSERT_EQ(refused.status().fields().size(), 1u);
  EXPECT_EQ(refused.status().fields()[0].pointer, "/after");
}

TEST_P(SupplyTest, AnImportResolvesEachCompanyOnceAndRecordsEachMentionsMatch) {
  auto c = pool_->Acquire();
  // One new company written three ways over five components, another twice, and the demo's TOS
  // supplier: one node each.
  auto comp = [](int n, std::string_view supplier) {
    return fmt::format(
        R"({{"type":"library","bom-ref":"c{}","name":"lib{}","supplier":{{"name":"{}"}}}})", n, n,
        supplier);
  };
  std::string components;
  const char* names[] = {"繰返商事株式会社（テスト）", "株式会社繰返商事（テスト）",
                         "繰返商事株式会社（テスト）", "㈱繰返商事（テスト）",
                         "繰返商事株式会社（テスト）", "番号工業株式会社（テスト）",
                         "番号工業株式会社（テスト）", "架空港湾システム株式会社（サンプル）"};
  for (int i = 0; i < 8; ++i) {
    if (i > 0) components += ",";
    components += comp(i, names[i]);
  }
  std::string doc = fmt::format(
      R"({{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"component":{{"type":"application","name":"繰返テスト"}}}},"components":[{}]}})",
      components);
  int64_t parties = Count(*c, "supply_party");
  auto r = ImportSupplyDocument(*c, "kamigumi", supply::SystemId("repeat-test"), doc,
                                {"u-kamigumi"}, Now());
  ASSERT_TRUE(r) << r.status().ToString();
  EXPECT_EQ(Count(*c, "supply_party"), parties + 2) << "two new companies, one node each";
  auto rows = c->Query(
      "SELECT seq, supplier_party, supplier_match, supplier_score_ppm FROM supply_component "
      "WHERE system_id = 'repeat-test' ORDER BY seq");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 8u);
  std::set<std::string> repeat_nodes, number_nodes;
  for (int i = 0; i < 5; ++i) repeat_nodes.insert((*rows)[static_cast<size_t>(i)].Text(1));
  for (int i = 5; i < 7; ++i) number_nodes.insert((*rows)[static_cast<size_t>(i)].Text(1));
  EXPECT_EQ(repeat_nodes.size(), 1u);
  EXPECT_EQ(number_nodes.size(), 1u);
  EXPECT_NE(*repeat_nodes.begin(), *number_nodes.begin());
  // As a resolution of each mention on its own gives: the first mention makes the node (no
  // match), every later one matches it by normalised name; the demo's company by name too.
  std::vector<std::string> reasons;
  for (const auto& row : *rows) reasons.push_back(row.Text(2));
  EXPECT_THAT(reasons,
              ElementsAre("none", "normalised_name", "normalised_name", "normalised_name",
                          "normalised_name", "none", "normalised_name", "normalised_name"));
  // The same document again: every mention matches an existing node, none is made.
  ASSERT_TRUE(ImportSupplyDocument(*c, "kamigumi", supply::SystemId("repeat-test"), doc,
                                   {"u-kamigumi"}, Now()));
  EXPECT_EQ(Count(*c, "supply_party"), parties + 2);
  auto again = c->Query(
      "SELECT supplier_match FROM supply_component WHERE system_id = 'repeat-test' ORDER BY seq");
  ASSERT_TRUE(again);
  for (const auto& row : *again) EXPECT_EQ(row.Text(0), "normalised_name");
  // The import's event hashes the state GetSupplySystem reads back: the log verifies.
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified) << verified.status().ToString();
  EXPECT_TRUE(verified->ok());
}

TEST_P(SupplyTest, WhatIfNutsStopsListsTheFiveTerminalsNagoyaAndItsShare) {
  auto c = pool_->Acquire();
  WhatIfRequest req;
  req.system = supply::SystemId("nuts");
  req.from = *base::ParseInstant("2023-07-04T06:30:00+09:00");
  req.days = 3;
  req.throughput = {{"national", "", "全国", 2024, 21'790'000, "外貿+内貿（速報）", "MLIT"},
                    {"port", "nagoya", "名古屋港", 2024, 2'760'000, "外貿+内貿", "Japan Press"}};
  auto r = WhatIf(*c, req, kAll);
  ASSERT_TRUE(r) << r.status().ToString();
  ASSERT_EQ(r->terminals.size(), 5u);
  std::set<std::string> terminals;
  for (const auto& t : r->terminals) terminals.insert(t.terminal_id);
  EXPECT_EQ(terminals,
            (std::set<std::string>{"nagoya-ncb", "nagoya-nabeta", "nagoya-tobishima-north",
                                   "nagoya-tobishima-south", "nagoya-tobishima-south-side"}));
  ASSERT_EQ(r->ports.size(), 1u);
  EXPECT_EQ(r->ports[0].name, "名古屋港");
  EXPECT_NEAR(r->ports[0].share_of_national, 2'760'000.0 / 21'790'000.0, 1e-9);
  EXPECT_EQ(r->ports[0].estimated_teu_stopped, 2'760'000 * 3 / 365);
  EXPECT_EQ(r->national.year, 2024);
  EXPECT_THAT(r->businesses, Contains(base::BusinessId("general_port_transport")));
  ASSERT_EQ(r->timeline.size(), 3u);
  EXPECT_EQ(base::FormatInstant(r->until), "2023-07-06T21:30:00.000Z");
  EXPECT_FALSE(r->operators.empty());
  EXPECT_EQ(r->operators[0].basis, "illustrative");
  EXPECT_FALSE(WhatIf(*c, {supply::SystemId("nowhere"), req.from, 3, {}}, kAll));
  EXPECT_FALSE(WhatIf(*c, {req.system, req.from, 0, {}}, kAll));
}

TEST_P(SupplyTest, ImportCreatesTheSystemAndExportReimportsUnchanged) {
  std::string sample = ReadFile(SourceDir() + "/data/supply/sample-nuts.cdx.json");
  auto c = pool_->Acquire();
  auto report = ImportSupplyDocument(*c, "kamigumi", supply::SystemId("kamigumi-tos"), sample,
                                     {"u-kamigumi"}, Now());
  ASSERT_TRUE(report) << report.status().ToString();
  EXPECT_TRUE(report->system_created);
  EXPECT_EQ(report->components, 7u);
  auto exported = ExportSupplySystem(*c, supply::SystemId("kamigumi-tos"), kAll);
  ASSERT_TRUE(exported) << exported.status().ToString();
  EXPECT_THAT(*exported, HasSubstr("\"specVersion\":\"1.6\""));
  auto again = ImportSupplyDocument(*c, "kamigumi", supply::SystemId("kamigumi-tos-2"), *exported,
                                    {"u-kamigumi"}, Now());
  ASSERT_TRUE(again) << again.status().ToString();
  auto first = GetSupplySystem(*c, "kamigumi-tos");
  auto second = GetSupplySystem(*c, "kamigumi-tos-2");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->inventory, second->inventory);
  // Exported twice from one state: the same bytes.
  EXPECT_EQ(*exported, *ExportSupplySystem(*c, supply::SystemId("kamigumi-tos"), kAll));
  // Another operator may not replace it.
  auto foreign = ImportSupplyDocument(*c, "nippon-express", supply::SystemId("kamigumi-tos"),
                                      sample, {"u-nittsu"}, Now());
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.status().code(), base::StatusCode::kFailedPrecondition);
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified) << verified.status().ToString();
  EXPECT_TRUE(verified->ok());
}

TEST_P(SupplyTest, ARefusedDocumentChangesNothing) {
  auto c = pool_->Acquire();
  int64_t events = Count(*c, "audit_event");
  int64_t parties = Count(*c, "supply_party");
  auto r = ImportSupplyDocument(
      *c, "kamigumi", supply::SystemId("new-system"),
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device"}]})",
      {"u-kamigumi"}, Now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().fields().size(), 1u);
  EXPECT_EQ(r.status().fields()[0].pointer, "/components/0/name");
  auto exists = SupplySystemExists(*c, supply::SystemId("new-system"));
  ASSERT_TRUE(exists);
  EXPECT_FALSE(*exists);
  // An unknown operator: refused inside the transaction, rolled back.
  auto unknown = ImportSupplyDocument(*c, "nobody", supply::SystemId("new-system"),
                                      ReadFile(SourceDir() + "/data/supply/sample-tos.spdx.json"),
                                      {"u-x"}, Now());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.status().code(), base::StatusCode::kNotFound);
  // Neither the parties the second import had resolved nor any event was kept.
  EXPECT_EQ(Count(*c, "audit_event"), events);
  EXPECT_EQ(Count(*c, "supply_party"), parties);
}

TEST_P(SupplyTest, TheScopeOverSystemsIsTheOperatorsOwnTheMinistrysSectorsOrAll) {
  auto c = pool_->Acquire();
  auto visible = [&](const auth::ScopeFilter& f) {
    std::vector<store::Value> params;
    std::string sql = "SELECT id FROM supply_system WHERE " +
                      SupplySystemScopeSql(f, "supply_system.id", &params) + " ORDER BY id";
    auto rows = c->Query(sql, params);
    EXPECT_TRUE(rows) << rows.status().ToString();
    std::vector<std::string> out;
    if (rows) {
      for (const auto& r : *rows) out.push_back(r.Text(0));
    }
    return out;
  };
  auto of_operator = [](std::string id) {
    auth::ScopeFilter f;
    f.operator_id = base::OperatorId(std::move(id));
    return f;
  };
  auto of_business = [](std::string id) {
    auth::ScopeFilter f;
    f.businesses = {base::BusinessId(std::move(id))};
    return f;
  };
  auth::ScopeFilter all;
  all.all = true;
  EXPECT_THAT(visible(all), ElementsAre("nuts", "sample-tos"));
  EXPECT_THAT(visible(auth::ScopeFilter{}), ElementsAre());
  auto tos = GetSupplySystem(*c, "sample-tos");
  ASSERT_TRUE(tos) << tos.status().ToString();
  // The operator that filed the sample TOS sees it (and NUTS only if it is one of NUTS's users).
  auto mine = visible(of_operator(tos->system.filed_by.value()));
  EXPECT_THAT(mine, Contains("sample-tos"));
  auto nuts = GetSupplySystem(*c, "nuts");
  ASSERT_TRUE(nuts) << nuts.status().ToString();
  bool uses_nuts = false;
  for (const auto& u : nuts->users) uses_nuts |= u.operator_id == tos->system.filed_by;
  EXPECT_EQ(std::count(mine.begin(), mine.end(), "nuts"), uses_nuts ? 1 : 0);
  // NUTS's illustrative users see it; an operator that uses nothing sees nothing.
  EXPECT_THAT(visible(of_operator("meiko-trans")), Contains("nuts"));
  EXPECT_THAT(visible(of_operator("no-such-operator")), ElementsAre());
  // The ports ministry sees both (NUTS serves port terminals; the TOS's operator is a designated
  // port operator); the trucking sector sees neither, though an operator designated for trucking
  // uses NUTS: a system that serves sites belongs to their sectors.
  EXPECT_THAT(visible(of_business("general_port_transport")), ElementsAre("nuts", "sample-tos"));
  EXPECT_THAT(visible(of_business("general_cargo_trucking")), ElementsAre());
}

// The scoped reads: an operator's who-uses, what-if, export, list, graph and suggestions keep to
// its own systems and those it uses, and name no other user of a shared system.
TEST_P(SupplyTest, ScopedReadsKeepToTheCallersSystemsAndCountOtherUsers) {
  auto c = pool_->Acquire();
  auth::ScopeFilter nittsu;
  nittsu.operator_id = base::OperatorId("nippon-express");
  auth::ScopeFilter kamigumi;
  kamigumi.operator_id = base::OperatorId("kamigumi");
  auth::ScopeFilter health;
  health.businesses = {base::BusinessId("medical")};
  // log4j is in NUTS and in 上組's sample TOS: 日本通運 (a NUTS user) sees NUTS only.
  WhoUsesQuery log4j{WhoUsesQuery::Kind::kPurl, "pkg:maven/org.apache.logging.log4j/log4j-core"};
  auto all = WhoUses(*c, log4j, kAll);
  ASSERT_TRUE(all) << all.status().ToString();
  ASSERT_EQ(all->systems.size(), 2u);
  EXPECT_EQ(all->other_operators, 0);
  auto mine = WhoUses(*c, log4j, nittsu);
  ASSERT_TRUE(mine) << mine.status().ToString();
  ASSERT_EQ(mine->systems.size(), 1u);
  EXPECT_EQ(mine->systems[0].id.value(), "nuts");
  EXPECT_TRUE(mine->systems[0].filed_by.empty()) << "NUTS's filer is another operator";
  ASSERT_EQ(mine->operators.size(), 1u);
  EXPECT_EQ(mine->operators[0].id.value(), "nippon-express");
  EXPECT_EQ(mine->other_operators, static_cast<int>(all->operators.size()) - 1);
  for (const auto& comp : mine->components) EXPECT_EQ(comp.system.value(), "nuts");
  auto none = WhoUses(*c, log4j, health);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->systems.empty() && none->operators.empty() && none->components.empty());
  EXPECT_EQ(none->other_operators, 0);
  // A supplier only a system of 上組's names (and its subcontractor) is no one's for 日本通運: the
  // same empty answer as for a name nobody filed.
  auto imported = ImportSupplyDocument(
      *c, "kamigumi", supply::SystemId("k-own"),
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"上組の TOS"}},"components":[{"type":"library","bom-ref":"a","name":"k-lib","version":"1","supplier":{"name":"上組専用ソフト株式会社"}}]})",
      {"u-kamigumi"}, Now());
  ASSERT_TRUE(imported) << imported.status().ToString();
  supply::PartyRef contractor;
  contractor.name = "上組専用ソフト株式会社";
  supply::PartyRef onward;
  onward.name = "再委託先株式会社";
  {
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx) << tx.status().ToString();
    ASSERT_TRUE(PutPartyLink(*c, contractor, onward, "subcontracts", 0, {"u-x"}, Now()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  for (const char* name : {"上組専用ソフト", "再委託先"}) {
    auto by_kamigumi = WhoUses(*c, {WhoUsesQuery::Kind::kSupplier, name}, kamigumi);
    ASSERT_TRUE(by_kamigumi) << by_kamigumi.status().ToString();
    ASSERT_EQ(by_kamigumi->systems.size(), 1u) << name;
    EXPECT_EQ(by_kamigumi->systems[0].id.value(), "k-own");
    auto by_nittsu = WhoUses(*c, {WhoUsesQuery::Kind::kSupplier, name}, nittsu);
    ASSERT_TRUE(by_nittsu);
    EXPECT_TRUE(by_nittsu->parties.empty() && by_nittsu->systems.empty()) << name;
  }
  // Through the subcontractor, 上組 sees its contractor (visible) but not the subcontractor's
  // name, which only the party link (no system of its) holds.
  auto chain = WhoUses(*c, {WhoUsesQuery::Kind::kSupplier, "再委託先"}, kamigumi);
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->parties.size(), 1u);
  EXPECT_EQ(chain->parties[0].name, "上組専用ソフト株式会社");
  // Export, what-if and the graph: 上組's TOS does not exist for 日本通運.
  EXPECT_EQ(ExportSupplySystem(*c, supply::SystemId("sample-tos"), nittsu).status().code(),
            base::StatusCode::kNotFound);
  EXPECT_EQ(WhatIf(*c, {supply::SystemId("sample-tos"), Now(), 1, {}}, nittsu).status().code(),
            base::StatusCode::kNotFound);
  EXPECT_EQ(GetSupplyGraph(*c, supply::SystemId("sample-tos"), nittsu).status().code(),
            base::StatusCode::kNotFound);
  auto w = WhatIf(*c, {supply::SystemId("nuts"), Now(), 1, {}}, nittsu);
  ASSERT_TRUE(w) << w.status().ToString();
  EXPECT_EQ(w->operators.size(), 1u);
  EXPECT_GT(w->other_operators, 0);
  EXPECT_EQ(w->terminals.size(), 5u);
  // The list and the graph.
  auto list = ListSupplySystems(*c, nittsu);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->systems.size(), 1u);
  EXPECT_EQ(list->systems[0].id.value(), "nuts");
  auto g = GetSupplyGraph(*c, supply::SystemId("nuts"), nittsu);
  ASSERT_TRUE(g) << g.status().ToString();
  ASSERT_EQ(g->state.users.size(), 1u);
  EXPECT_EQ(g->state.users[0].operator_id.value(), "nippon-express");
  EXPECT_FALSE(g->parties.empty());
  // Suggestions: log4j for both; none for the health ministry; bounded.
  auto sn = SuggestSupply(*c, "log4j", nittsu);
  ASSERT_TRUE(sn);
  EXPECT_FALSE(sn->empty());
  auto sh = SuggestSupply(*c, "log4j", health);
  ASSERT_TRUE(sh);
  EXPECT_TRUE(sh->empty());
  EXPECT_FALSE(SuggestSupply(*c, "", kAll));
  EXPECT_FALSE(SuggestSupply(*c, std::string(101, 'x'), kAll));
}

// A reviewer's confirm and split of a party match (docs/supply-chain.md §2): the sample TOS's
// ㈱架空港湾システム（サンプル） was merged by normalised name into NUTS's 架空港湾システム株式会社
// （サンプル）. Confirming records it; splitting gives the TOS's mentions a node of their own, so
// the concentration stops counting them as one supplier, a re-import keeps the split, and every
// decision has its audit event; operators see no matches and other sectors find no party.
TEST_P(SupplyTest, AReviewerConfirmsAndSplitsAPartyMatch) {
  auto c = pool_->Acquire();
  auth::ScopeFilter mlit;
  mlit.businesses = {base::BusinessId("general_cargo_trucking"),
                     base::BusinessId("general_port_transport")};
  auto graph = GetSupplyGraph(*c, supply::SystemId("sample-tos"), mlit);
  ASSERT_TRUE(graph) << graph.status().ToString();
  const GraphParty* node = nullptr;
  for (const auto& p : graph->parties) {
    if (p.name == "架空港湾システム株式会社（サンプル）") node = &p;
  }
  ASSERT_NE(node, nullptr) << "the TOS names NUTS's supplier node";
  ASSERT_EQ(node->matches.size(), 1u);
  PartyMatchGroup match = node->matches[0];
  const std::string party = node->id;
  EXPECT_EQ(match.name, "㈱架空港湾システム（サンプル）");
  EXPECT_EQ(match.reason, "normalised_name");
  EXPECT_DOUBLE_EQ(match.score, 0.9);
  EXPECT_FALSE(match.decision);

  // An operator sees its parties without matches; another sector does not find the party.
  auth::ScopeFilter op;
  op.operator_id = graph->state.system.filed_by;
  auto op_graph = GetSupplyGraph(*c, supply::SystemId("sample-tos"), op);
  ASSERT_TRUE(op_graph);
  for (const auto& p : op_graph->parties) EXPECT_TRUE(p.matches.empty()) << p.name;
  EXPECT_EQ(PartyMatches(*c, party, op).status().code(), base::StatusCode::kNotFound);
  auth::ScopeFilter health;
  health.businesses = {base::BusinessId("medical")};
  EXPECT_EQ(PartyMatches(*c, party, health).status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(DecidePartyMatch(*c, {party, match.id, "confirm", ""}, health, {"u-mhlw"}, Now())
                .status()
                .code(),
            base::StatusCode::kNotFound);
  EXPECT_EQ(
      DecidePartyMatch(*c, {party, match.id, "merge", ""}, mlit, {"u-mlit"}, Now()).status().code(),
      base::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      DecidePartyMatch(*c, {party, "m-0000000000000000", "confirm", ""}, mlit, {"u-mlit"}, Now())
          .status()
          .code(),
      base::StatusCode::kNotFound);

  // NUTS's own mention made the node: nothing to decide.
  auto page = PartyMatches(*c, party, mlit);
  ASSERT_TRUE(page) << page.status().ToString();
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->next, "");
  const auto* all = &page->matches;
  ASSERT_EQ(all->size(), 2u);
  const PartyMatchGroup& origin = (*all)[0].system.value() == "nuts" ? (*all)[0] : (*all)[1];
  // Pages of one: the same two matches, in the same order, each page with the total.
  auto first = PartyMatches(*c, party, mlit, 1);
  ASSERT_TRUE(first) << first.status().ToString();
  ASSERT_EQ(first->matches.size(), 1u);
  EXPECT_EQ(first->total, 2);
  ASSERT_NE(first->next, "");
  auto second = PartyMatches(*c, party, mlit, 0, first->next);
  ASSERT_TRUE(second) << second.status().ToString();
  ASSERT_EQ(second->matches.size(), 1u);
  EXPECT_EQ(second->total, 2);
  EXPECT_EQ(second->next, "");
  EXPECT_EQ(first->matches[0].id, (*all)[0].id);
  EXPECT_EQ(second->matches[0].id, (*all)[1].id);
  EXPECT_EQ(PartyMatches(*c, party, mlit, 1, "zz").status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(origin.reason, "none");
  EXPECT_EQ(DecidePartyMatch(*c, {party, origin.id, "split", ""}, mlit, {"u-mlit"}, Now())
                .status()
                .code(),
            base::StatusCode::kFailedPrecondition);

  auto suppliers_of = [&]() {
    auto conc = ConcentrationFor(*c, base::BusinessId("general_port_transport"), mlit);
    EXPECT_TRUE(conc) << conc.status().ToString();
    std::map<std::string, size_t> out;
    if (!conc) return out;
    for (const auto& d : conc->dimensions) {
      if (d.name != "suppliers") continue;
      for (const auto& item : d.items) out[item.key] = item.systems.size();
    }
    return out;
  };
  EXPECT_EQ(suppliers_of()[party], 2u) << "one supplier of NUTS and the TOS";

  auto confirmed =
      DecidePartyMatch(*c, {party, match.id, "confirm", "same company"}, mlit, {"u-mlit"}, Now());
  ASSERT_TRUE(confirmed) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->decision, "confirmed");
  EXPECT_EQ(confirmed->seq, 1);
  auto after_confirm = GetSupplyGraph(*c, supply::SystemId("sample-tos"), mlit);
  ASSERT_TRUE(after_confirm);
  bool shown = false;
  for (const auto& p : after_confirm->parties) {
    for (const auto& m : p.matches) {
      if (m.id == match.id && m.decision && m.decision->decision == "confirmed" &&
          m.decision->decided_by == "u-mlit" && m.decision->note == "same company")
        shown = true;
    }
  }
  EXPECT_TRUE(shown) << "the graph shows the match as confirmed";

  auto split =
      DecidePartyMatch(*c, {party, match.id, "split", "another company"}, mlit, {"u-mlit"}, Now());
  ASSERT_TRUE(split) << split.status().ToString();
  EXPECT_EQ(split->seq, 2);
  ASSERT_FALSE(split->new_party.empty());
  auto suppliers = suppliers_of();
  EXPECT_EQ(suppliers[party], 1u) << "NUTS only";
  EXPECT_EQ(suppliers[split->new_party], 1u) << "the TOS's own node";
  auto moved_page = PartyMatches(*c, split->new_party, mlit);
  ASSERT_TRUE(moved_page) << moved_page.status().ToString();
  const auto* moved = &moved_page->matches;
  ASSERT_EQ(moved->size(), 1u);
  EXPECT_EQ((*moved)[0].reason, "none");
  EXPECT_EQ((*moved)[0].split_from, party);
  EXPECT_EQ(DecidePartyMatch(*c, {party, match.id, "confirm", ""}, mlit, {"u-mlit"}, Now())
                .status()
                .code(),
            base::StatusCode::kNotFound)
      << "the match is gone from the node";

  // A re-import of the TOS keeps the split; a new system naming the company joins the original.
  auto doc = ReadFile(SourceDir() + "/data/supply/sample-tos.spdx.json");
  auto re = ImportSupplyDocument(*c, graph->state.system.filed_by, supply::SystemId("sample-tos"),
                                 doc, {"u-op"}, Now());
  ASSERT_TRUE(re) << re.status().ToString();
  suppliers = suppliers_of();
  EXPECT_EQ(suppliers[party], 1u);
  EXPECT_EQ(suppliers[split->new_party], 1u);
  supply::PartyMatch m;
  auto again =
      ResolveParty(*c, {"架空港湾システム（株）（サンプル）", "", "", ""}, {"u-op"}, Now(), &m);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, party) << "a split-off node is no candidate";

  auto events = c->Query(
      "SELECT action FROM audit_event WHERE object_type = 'supply_party_match' ORDER BY seq");
  ASSERT_TRUE(events) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].Text(0), "supply.match.confirm");
  EXPECT_EQ((*events)[1].Text(0), "supply.match.split");
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << "audit verify after the decisions";
  // A decision changed behind the log's back is found.
  ASSERT_TRUE(c->Exec("UPDATE supply_party_match SET note = 'x' WHERE seq = 1").ok());
  auto tampered = VerifyDatabase(*c, {});
  ASSERT_TRUE(tampered);
  EXPECT_FALSE(tampered->ok());
}

// The what-if's throughput is the ports dataset's, the figures calibrate measures against: the
// national [[totals]] entry and each port's harbours summed, with year and basis.
TEST(PortsThroughput, ReadsTheNationalTotalAndThePortsFromThePortsDataset) {
  auto figures = ReadPortsThroughput(SourceDir() + "/data/datasets/ports");
  ASSERT_TRUE(figures) << figures.status().ToString();
  std::map<std::string, ThroughputFigure> by;
  for (const auto& f : *figures) by[f.scope + ":" + f.id] = f;
  ASSERT_TRUE(by.count("national:"));
  EXPECT_EQ(by["national:"].teu, 21'790'000);
  EXPECT_EQ(by["national:"].year, 2024);
  EXPECT_THAT(by["national:"].source, HasSubstr("lnews"));
  ASSERT_TRUE(by.count("port:nagoya"));
  EXPECT_EQ(by["port:nagoya"].teu, 2'760'000);
  EXPECT_EQ(by["port:nagoya"].year, 2024);
  EXPECT_EQ(by["port:nagoya"].name, "名古屋港");
  // 京浜: 東京 and 横浜 of 2024 with 川崎 of 2018, summed and said so.
  ASSERT_TRUE(by.count("port:keihin"));
  EXPECT_EQ(by["port:keihin"].teu, 4'700'000 + 146'894 + 3'080'000);
  EXPECT_EQ(by["port:keihin"].year, 2024);
  EXPECT_THAT(by["port:keihin"].basis, HasSubstr("2018–2024"));

  registry::Manifest m;
  auto bad = PortsThroughput(m, "id,name,port,annual_teu,teu_year,teu_basis\nx,X,x,12a,2024,\n");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.status().en(), HasSubstr("line 2"));
  EXPECT_FALSE(PortsThroughput(m, "id,name,annual_teu\n"));
  auto empty = PortsThroughput(m, "id,name,port,annual_teu,teu_year,teu_basis\nx,X,x,,,\n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty()) << "a harbour without a figure is skipped";
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplyTest, ::testing::Values("Sqlite", "Postgres"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace kikan::service
