// The supply chain routes (/api/v1/supply/…) over the demo, on SQLite and PostgreSQL: an import
// (201, the report), a refused document (422, each problem at its JSON pointer, nothing stored),
// the CycloneDX export's media type and re-import, the NUTS what-if of 2023-07-04 (the five
// terminals and 名古屋港, the share of national throughput), who-uses with the CLI's keys, a
// graph with its nested components, and the bounds of the suggestions. Who sees what is
// authz_test.cc's.
#include <gtest/gtest.h>

#include <set>

#include "api_fixture.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

using SupplyApi = ApiTest;

TEST_P(SupplyApi, ImportRefuseExportAndImportAgain) {
  std::string k = Login("kamigumi");
  int64_t events = AuditEvents();
  auto bad =
      Call("POST", "/api/v1/supply/systems/k-new/documents?operator=kamigumi",
           R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device"}]})", k);
  EXPECT_EQ(bad.status, 422u) << bad.body;
  EXPECT_EQ(Pointers(bad), std::vector<std::string>{"/components/0/name"});
  EXPECT_EQ(AuditEvents(), events);
  EXPECT_EQ(Call("GET", "/api/v1/supply/systems/k-new", "", k).status, 404u);

  auto exported = Call("GET", "/api/v1/supply/systems/sample-tos/cyclonedx", "", k);
  ASSERT_EQ(exported.status, 200u) << exported.body;
  EXPECT_EQ(exported.Header("Content-Type").rfind("application/vnd.cyclonedx+json", 0), 0u);
  EXPECT_EQ(Str(exported.json, "specVersion"), "1.6");
  auto created =
      Call("POST", "/api/v1/supply/systems/k-new/documents?operator=kamigumi", exported.body, k);
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_TRUE(created.json.at("system_created").as_bool());
  EXPECT_EQ(Str(created.json, "format"), "CycloneDX 1.6");
  auto a = Call("GET", "/api/v1/supply/systems/sample-tos", "", k);
  auto b = Call("GET", "/api/v1/supply/systems/k-new", "", k);
  ASSERT_EQ(b.status, 200u) << b.body;
  EXPECT_EQ(a.json.at("inventory"), b.json.at("inventory"));
  // Not JSON at all: 400; a missing operator: 422 at /operator.
  EXPECT_EQ(Call("POST", "/api/v1/supply/systems/k-new/documents?operator=kamigumi", "{", k).status,
            400u);
  auto no_op = Call("POST", "/api/v1/supply/systems/k-new/documents", exported.body, k);
  EXPECT_EQ(no_op.status, 422u);
  EXPECT_EQ(Pointers(no_op), std::vector<std::string>{"/operator"});
  EXPECT_TRUE(Verify().ok());
}

TEST_P(SupplyApi, WhatIfNutsListsTheFiveTerminalsAndNagoya) {
  auto r = Call("GET", "/api/v1/supply/systems/nuts/whatif?from=2023-07-04T06:30%2B09:00&days=3",
                "", Login("mlit"));
  ASSERT_EQ(r.status, 200u) << r.body;
  std::set<std::string> terminals;
  for (const auto& t : r.json.at("terminals").as_array()) terminals.insert(Str(t, "id"));
  EXPECT_EQ(terminals,
            (std::set<std::string>{"nagoya-tobishima-north", "nagoya-tobishima-south", "nagoya-ncb",
                                   "nagoya-tobishima-south-side", "nagoya-nabeta"}));
  ASSERT_EQ(r.json.at("ports").as_array().size(), 1u);
  EXPECT_EQ(Str(r.json.at("ports").as_array()[0], "name"), "名古屋港");
  EXPECT_GT(r.json.at("ports").as_array()[0].at("share_of_national").as_double(), 0.05);
  EXPECT_EQ(r.json.at("timeline").as_array().size(), 3u);
  EXPECT_EQ(Str(r.json, "from"), "2023-07-04T06:30:00+09:00");
  // Bad parameters: each at its pointer.
  auto bad =
      Call("GET", "/api/v1/supply/systems/nuts/whatif?from=yesterday&days=999", "", Login("mlit"));
  EXPECT_EQ(bad.status, 422u);
  EXPECT_EQ(Pointers(bad), (std::vector<std::string>{"/from", "/days"}));
}

TEST_P(SupplyApi, WhoUsesGraphAndSuggestions) {
  std::string cao = Login("cao");
  auto r = Call("GET", "/api/v1/supply/who-uses?purl=pkg:npm/express", "", cao);
  ASSERT_EQ(r.status, 200u) << r.body;
  ASSERT_FALSE(r.json.at("systems").as_array().empty());
  const json::object& s0 = r.json.at("systems").as_array()[0].as_object();
  EXPECT_TRUE(s0.contains("id") && s0.contains("name") && s0.contains("operator"));
  EXPECT_FALSE(r.json.at("operators").as_array().empty());
  EXPECT_EQ(Call("GET", "/api/v1/supply/who-uses", "", cao).status, 422u);
  EXPECT_EQ(Call("GET", "/api/v1/supply/who-uses?purl=a&cpe=b", "", cao).status, 422u);

  auto g = Call("GET", "/api/v1/supply/systems/nuts", "", cao);
  ASSERT_EQ(g.status, 200u) << g.body;
  bool nested = false;
  for (const auto& c : g.json.at("inventory").at("components").as_array())
    nested = nested || !c.at("components").as_array().empty();
  EXPECT_TRUE(nested) << "NUTS's sample inventory nests components";
  EXPECT_EQ(g.json.at("sites").as_array().size(), 5u);
  EXPECT_FALSE(g.json.at("parties").as_array().empty());
  EXPECT_FALSE(g.json.at("sample").is_null());

  auto s = Call("GET", "/api/v1/supply/suggest?q=express", "", cao);
  ASSERT_EQ(s.status, 200u) << s.body;
  bool found = false;
  for (const auto& x : s.json.at("suggestions").as_array())
    found = found || (Str(x, "kind") == "purl" && Str(x, "value") == "pkg:npm/express");
  EXPECT_TRUE(found) << s.body;
  auto many = Call("GET", "/api/v1/supply/suggest?q=a", "", cao);
  EXPECT_LE(many.json.at("suggestions").as_array().size(), 20u);
  EXPECT_EQ(Call("GET", "/api/v1/supply/suggest?q=" + std::string(101, 'a'), "", cao).status, 422u);
  EXPECT_EQ(Call("GET", "/api/v1/supply/suggest?q=", "", cao).status, 422u);
  // LIKE's wildcards are the text they are.
  auto pct = Call("GET", "/api/v1/supply/suggest?q=%25", "", cao);
  EXPECT_TRUE(pct.json.at("suggestions").as_array().empty()) << pct.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplyApi,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace kikan::testing
