// Version ranges with OSV's semantics, OSV and CSAF documents (bad ones refused whole with their
// problems at JSON pointers), matching components to advisories, and the watch list's CSV and
// scores.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "supply/advisory.h"
#include "supply/version_range.h"
#include "supply/watchlist.h"

namespace kikan::supply {
namespace {

using ::testing::ElementsAre;
using K = VersionEvent::Kind;

std::vector<std::string> Pointers(const base::Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.pointer);
  return out;
}

TEST(VersionCompare, SemverPrecedence) {
  EXPECT_LT(CompareSemver("1.0.0-alpha", "1.0.0-alpha.1"), 0);
  EXPECT_LT(CompareSemver("1.0.0-alpha.1", "1.0.0-alpha.beta"), 0);
  EXPECT_LT(CompareSemver("1.0.0-beta.11", "1.0.0-rc.1"), 0);
  EXPECT_LT(CompareSemver("1.0.0-rc.1", "1.0.0"), 0);
  EXPECT_LT(CompareSemver("1.9.0", "1.10.0"), 0);
  EXPECT_EQ(CompareSemver("v1.2.3", "1.2.3+build.5"), 0);
  EXPECT_GT(CompareSemver("2.0.0", "1.99.99"), 0);
}

TEST(VersionCompare, GenericOrderForEcosystems) {
  EXPECT_LT(CompareGenericVersions("2.9", "2.17.1"), 0);
  EXPECT_LT(CompareGenericVersions("2.0-beta9", "2.0"), 0);
  EXPECT_LT(CompareGenericVersions("2.0-rc1", "2.0-rc2"), 0);
  EXPECT_EQ(CompareGenericVersions("1.0", "1.0.0"), 0);
  EXPECT_EQ(CompareGenericVersions("2.0.Final", "2.0"), 0);
  EXPECT_EQ(CompareGenericVersions("2.0.Final", "2.0.GA"), 0);
  EXPECT_GT(CompareGenericVersions("1.0.post1", "1.0"), 0);
  EXPECT_GT(CompareGenericVersions("1.0.1", "1.0-beta"), 0);
  EXPECT_LT(CompareGenericVersions("4.18.2", "4.19.2"), 0);
}

VersionRange Range(std::string type, std::vector<VersionEvent> events) {
  return {std::move(type), std::move(events)};
}

TEST(VersionRangeTest, IntroducedZeroAndFixed) {
  auto r = Range("SEMVER", {{K::kIntroduced, "0"}, {K::kFixed, "4.19.2"}});
  EXPECT_TRUE(InRange(r, "0.0.1"));
  EXPECT_TRUE(InRange(r, "4.18.2"));
  EXPECT_FALSE(InRange(r, "4.19.2")) << "the fixed version itself is not affected";
  EXPECT_FALSE(InRange(r, "5.0.0"));
  EXPECT_FALSE(InRange(r, "")) << "no version, no claim";
}

TEST(VersionRangeTest, LastAffectedIsInclusive) {
  auto r = Range("ECOSYSTEM", {{K::kIntroduced, "2.0"}, {K::kLastAffected, "2.3.1"}});
  EXPECT_FALSE(InRange(r, "1.9"));
  EXPECT_TRUE(InRange(r, "2.0"));
  EXPECT_TRUE(InRange(r, "2.3.1"));
  EXPECT_FALSE(InRange(r, "2.3.2"));
}

TEST(VersionRangeTest, SeveralIntervalsAndUnsortedEvents) {
  auto r = Range("ECOSYSTEM", {{K::kFixed, "2.12.2"},
                               {K::kIntroduced, "2.13.0"},
                               {K::kIntroduced, "2.0-beta9"},
                               {K::kFixed, "2.15.0"}});
  EXPECT_FALSE(InRange(r, "2.0-beta8"));
  EXPECT_TRUE(InRange(r, "2.0"));
  EXPECT_TRUE(InRange(r, "2.12.1"));
  EXPECT_FALSE(InRange(r, "2.12.2"));
  EXPECT_TRUE(InRange(r, "2.14.1"));
  EXPECT_FALSE(InRange(r, "2.17.1"));
}

TEST(VersionRangeTest, IntroducedEqualToFixedIsEmptyAndLimitBounds) {
  auto empty = Range("SEMVER", {{K::kIntroduced, "1.0.0"}, {K::kFixed, "1.0.0"}});
  EXPECT_FALSE(InRange(empty, "1.0.0"));
  EXPECT_FALSE(InRange(empty, "1.5.0"));
  auto limited = Range("SEMVER", {{K::kIntroduced, "0"}, {K::kLimit, "3.0.0"}});
  EXPECT_TRUE(InRange(limited, "2.9.9"));
  EXPECT_FALSE(InRange(limited, "3.0.0"));
  auto open = Range("SEMVER", {{K::kIntroduced, "1.2.0"}});
  EXPECT_FALSE(InRange(open, "1.1.9"));
  EXPECT_TRUE(InRange(open, "99.0.0"));
}

constexpr const char* kOsv = R"({
  "schema_version": "1.6.0", "id": "GHSA-TEST-0001", "modified": "2024-11-18T16:26:00Z",
  "aliases": ["CVE-2024-0001"], "summary": "test",
  "affected": [
    {"package": {"ecosystem": "npm", "name": "express"},
     "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.19.2"}]}]},
    {"package": {"ecosystem": "Maven", "name": "org.example:lib", "purl": "pkg:maven/org.example/lib"},
     "versions": ["1.0", "1.1"]}
  ],
  "references": [{"type": "ADVISORY", "url": "https://example.org/a"}]
})";

TEST(Osv, ReadsPackagesRangesAndVersions) {
  auto a = ParseOsv(kOsv);
  ASSERT_TRUE(a) << a.status().ToString();
  EXPECT_EQ(a->id, "GHSA-TEST-0001");
  EXPECT_THAT(a->aliases, ElementsAre("CVE-2024-0001"));
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[0].purl, "pkg:npm/express");
  EXPECT_EQ(a->affected[1].purl, "pkg:maven/org.example/lib");
  EXPECT_THAT(a->affected[1].versions, ElementsAre("1.0", "1.1"));
  EXPECT_EQ(a->url, "https://example.org/a");

  Component c;
  c.purl = "pkg:npm/express@4.18.2";
  EXPECT_EQ(MatchComponent(a->affected[0], c), MatchKind::kPurl);
  c.purl = "pkg:npm/express@4.19.2";
  EXPECT_EQ(MatchComponent(a->affected[0], c), MatchKind::kNone);
  c.purl = "pkg:maven/org.example/lib@1.1";
  EXPECT_EQ(MatchComponent(a->affected[1], c), MatchKind::kPurl);
  c.purl = "pkg:maven/org.example/lib@1.2";
  EXPECT_EQ(MatchComponent(a->affected[1], c), MatchKind::kNone);
}

TEST(Osv, ABadRecordIsRefusedWholeWithEveryProblemAtItsPointer) {
  auto a = ParseOsv(R"({"id": "X-1",
    "affected": [{"package": {"ecosystem": "Nowhere", "name": "x"},
                  "ranges": [{"type": "WEIRD", "events": [{"fixed": "1"}, {"broken": "2"}]}]}]})");
  ASSERT_FALSE(a);
  EXPECT_THAT(Pointers(a.status()),
              ElementsAre("/modified", "/affected/0/package", "/affected/0/ranges/0/type",
                          "/affected/0/ranges/0/events/1", "/affected/0/ranges/0/events"));
  EXPECT_FALSE(ParseOsv("[1,2]"));
  EXPECT_FALSE(ParseOsv("{not json"));
}

constexpr const char* kCsaf = R"({
  "document": {"category": "csaf_security_advisory", "csaf_version": "2.0", "title": "PLC",
    "publisher": {"category": "vendor", "name": "x", "namespace": "https://example.org"},
    "tracking": {"id": "SAMPLE-2026-001", "current_release_date": "2026-10-01T00:00:00Z",
                 "initial_release_date": "2026-09-01T00:00:00Z", "status": "final", "version": "1",
                 "revision_history": []}},
  "product_tree": {"branches": [{"category": "vendor", "name": "架空制御機器株式会社", "branches": [
    {"category": "product_name", "name": "GX-100", "branches": [
      {"category": "product_version_range", "name": "vers:generic/<2.2",
       "product": {"product_id": "GX100-LT-2.2", "name": "GX-100 < 2.2"}}]}]}],
    "full_product_names": [{"product_id": "SRV", "name": "server",
      "product_identification_helper": {"cpe": "cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*"}}]},
  "vulnerabilities": [{"cve": "CVE-2026-0001", "title": "t",
    "product_status": {"known_affected": ["GX100-LT-2.2"], "fixed": ["SRV"]}},
    {"title": "u", "product_status": {"known_affected": ["SRV"]}}]
})";

TEST(Csaf, ReadsTheTreeAndTheAffectedProducts) {
  auto list = ParseCsaf(kCsaf);
  ASSERT_TRUE(list) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  const Advisory& a = (*list)[0];
  EXPECT_EQ(a.id, "SAMPLE-2026-001/CVE-2026-0001");
  EXPECT_EQ(a.modified, "2026-10-01T00:00:00Z");
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].model, "GX-100");
  Component plc;
  plc.name = "ＧＸ－100";
  plc.version = "2.1";
  plc.manufacturer.name = "架空制御機器（株）";
  EXPECT_EQ(MatchComponent(a.affected[0], plc), MatchKind::kModel);
  plc.version = "2.2";
  EXPECT_EQ(MatchComponent(a.affected[0], plc), MatchKind::kNone);
  plc.version = "2.1";
  plc.manufacturer.name = "別の会社";
  EXPECT_EQ(MatchComponent(a.affected[0], plc), MatchKind::kNone);
  EXPECT_EQ((*list)[1].id, "SAMPLE-2026-001/2");
  Component srv;
  srv.cpe = "cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*";
  EXPECT_EQ(MatchComponent((*list)[1].affected[0], srv), MatchKind::kCpe);
}

// vers "> v" excludes v itself (it is not "≥ v"), and "!= v" excludes v from the range.
TEST(Csaf, GreaterThanAndNotEqualExcludeTheirVersion) {
  std::string doc = kCsaf;
  const std::string from = "vers:generic/<2.2";
  doc.replace(doc.find(from), from.size(), "vers:generic/>1.0|!=1.5|<2.2");
  auto list = ParseCsaf(doc);
  ASSERT_TRUE(list) << list.status().ToString();
  const AffectedProduct& p = (*list)[0].affected.at(0);
  EXPECT_THAT(p.excluded_versions, ElementsAre("1.0", "1.5"));
  Component plc;
  plc.name = "GX-100";
  plc.manufacturer.name = "架空制御機器株式会社";
  for (auto [version, affected] : {std::pair{"0.9", false},
                                   {"1.0", false},
                                   {"1.0.1", true},
                                   {"1.5", false},
                                   {"2.1.9", true},
                                   {"2.2", false}}) {
    plc.version = version;
    EXPECT_EQ(MatchComponent(p, plc), affected ? MatchKind::kModel : MatchKind::kNone) << version;
  }
}

TEST(Csaf, ABadAdvisoryIsRefusedWhole) {
  auto list = ParseCsaf(R"({"document": {"csaf_version": "2.0", "tracking": {"id": "A"}},
    "product_tree": {"branches": [{"category": "product_version_range", "name": "from 1 to 2",
                                   "product": {"product_id": "P", "name": "p"}}]},
    "vulnerabilities": [{"product_status": {"known_affected": ["P", "NOPE"]}}]})");
  ASSERT_FALSE(list);
  auto pointers = Pointers(list.status());
  EXPECT_THAT(pointers, ::testing::Contains("/document/tracking/current_release_date"));
  EXPECT_THAT(pointers, ::testing::Contains("/product_tree/branches/0/name"));
  EXPECT_THAT(pointers, ::testing::Contains("/vulnerabilities/0/product_status/known_affected/1"));
}

TEST(WatchList, ReadsMetisLayoutAndScoresNamesAndAliases) {
  auto list = ParseWatchList(
      "No.,国名・地域名,企業名・組織名,別名,懸念区分\n"
      "1,中国,\"Example Aero Industries Co., Ltd.\",\"EAI\nExample Aerospace\",ミサイル\n"
      "2,イラン,Sample Trading Company,,核\n");
  ASSERT_TRUE(list) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  const WatchEntry& e = (*list)[0];
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.country_code, "CN");
  EXPECT_THAT(e.aliases, ElementsAre("EAI", "Example Aerospace"));
  EXPECT_EQ((*list)[1].line, 4) << "the quoted line break counts";

  auto score = [&](std::string name, std::string country) {
    PartyRef p;
    p.name = std::move(name);
    p.country = std::move(country);
    return WatchScore(e, p);
  };
  EXPECT_EQ(score("EXAMPLE AERO INDUSTRIES CO., LTD.", "CN").reason, "name");
  EXPECT_DOUBLE_EQ(score("Example Aero Industries", "").score, 1.0);
  EXPECT_EQ(score("Example Aerospace Inc.", "CN").reason, "alias");
  EXPECT_DOUBLE_EQ(score("Example Aerospace Inc.", "CN").score, 0.95);
  auto partial = score("Example Aero Industries Shanghai Branch", "CN");
  EXPECT_EQ(partial.reason, "name_partial");
  EXPECT_DOUBLE_EQ(partial.score, 0.7);
  auto elsewhere = score("Example Aero Industries", "US");
  EXPECT_EQ(elsewhere.reason, "name+country_differs");
  EXPECT_LT(elsewhere.score, kWatchFindingScore);
  EXPECT_EQ(score("Unrelated Ltd.", "CN").score, 0);
}

TEST(WatchList, ABadRowRefusesTheWholeList) {
  auto list = ParseWatchList("中国,A,,ミサイル\nイラン,only three\n,,,\n");
  ASSERT_FALSE(list);
  EXPECT_THAT(Pointers(list.status()), ElementsAre("/line/2", "/line/3"));
  EXPECT_FALSE(ParseWatchList("中国,\"unterminated,,\n"));
}

}  // namespace
}  // namespace kikan::supply
