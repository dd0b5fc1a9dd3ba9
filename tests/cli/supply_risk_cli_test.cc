// `kikan supply vulns|vex|vex-import|watchlist|findings|concentration` over a demo database, as a
// user runs them: the demo's samples mark express and the PLC, each match with its feed's age and
// the stale feeds as warnings; a VEX decision shows with its match; a bad feed or watch list is
// refused with its problems at pointers and changes nothing; concentration per business.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

json::value ParseJson(const CliRun& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  EXPECT_FALSE(ec) << "not JSON: " << r.out.substr(0, 300) << "\nstderr: " << r.err;
  return v;
}

class SupplyRiskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kikan-supply-risk-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    CliRun seed = Kikan("demo seed --db " + Db() + " --insecure-fast-password-hashing");
    ASSERT_EQ(seed.exit_code, 0) << seed.err;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Db() const { return "sqlite:" + (dir_ / "demo.db").string(); }
  std::string File(const std::string& name, const std::string& text) const {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  json::value Vulns(const std::string& system = "") {
    CliRun r = Kikan("supply vulns list --db " + Db() +
                     (system.empty() ? "" : " --system " + system) + " --format json --lang en");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseJson(r);
  }
  fs::path dir_;
};

const json::object* Match(const json::value& doc, std::string_view system,
                          std::string_view advisory) {
  for (const auto& m : doc.at("matches").as_array()) {
    if (m.at("system").as_string() == system && m.at("advisory").as_string() == advisory)
      return &m.as_object();
  }
  return nullptr;
}

TEST_F(SupplyRiskCli, TheDemoSamplesMarkExpressAndThePlcWithFeedAgeAndStaleWarnings) {
  json::value doc = Vulns();
  const json::object* express = Match(doc, "nuts", "GHSA-rv95-896h-c2vc");
  ASSERT_NE(express, nullptr) << json::serialize(doc);
  EXPECT_EQ(express->at("component").at("version").as_string(), "4.18.2");
  EXPECT_EQ(express->at("feed").at("source").as_string(), "data/supply/sample-osv");
  EXPECT_TRUE(express->at("feed").at("stale").as_bool());
  EXPECT_TRUE(express->at("vex").is_null());
  EXPECT_NE(Match(doc, "sample-tos", "KIKAN-SAMPLE-2026-0001/1"), nullptr);
  std::string warnings = json::serialize(doc.at("warnings"));
  EXPECT_NE(warnings.find("osv:sample"), std::string::npos);
  EXPECT_NE(warnings.find("is stale"), std::string::npos);
  EXPECT_NE(json::serialize(doc.at("notes")).find("Sample data"), std::string::npos);
}

TEST_F(SupplyRiskCli, AVexDecisionShowsWithItsMatchAndABadOneIsRefused) {
  CliRun bad = Kikan("supply vex --db " + Db() +
                     " --system nuts --component express --vulnerability CVE-2024-29041 --state "
                     "not_affected --author tester --lang en");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("/justification"), std::string::npos) << bad.err;
  CliRun ok = Kikan("supply vex --db " + Db() +
                    " --system nuts --component express --vulnerability CVE-2024-29041 --state "
                    "not_affected --justification code_not_reachable --author tester --format "
                    "json");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ParseJson(ok).at("seq").as_int64(), 1);
  const json::value doc = Vulns("nuts");
  const json::object* express = Match(doc, "nuts", "GHSA-rv95-896h-c2vc");
  ASSERT_NE(express, nullptr);
  ASSERT_TRUE(express->at("vex").is_object());
  EXPECT_EQ(express->at("vex").at("state").as_string(), "not_affected");
  EXPECT_EQ(express->at("vex").at("justification").as_string(), "code_not_reachable");
  EXPECT_EQ(Match(doc, "sample-tos", "KIKAN-SAMPLE-2026-0001/1"), nullptr) << "--system nuts";

  std::string cdx = File("vex.cdx.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "vulnerabilities": [{"id": "KIKAN-SAMPLE-2026-0001/1", "analysis": {"state": "in_triage"},
                         "affects": [{"ref": "gate-plc"}]}]})");
  CliRun imported =
      Kikan("supply vex-import --db " + Db() + " --system nuts " + cdx + " --format json");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(ParseJson(imported).at("decisions").as_int64(), 1);
  const json::value after = Vulns("nuts");
  const json::object* plc = Match(after, "nuts", "KIKAN-SAMPLE-2026-0001/1");
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(plc->at("vex").at("state").as_string(), "under_investigation");
}

TEST_F(SupplyRiskCli, FeedsAndWatchListsImportAndBadOnesChangeNothing) {
  std::string dir = (dir_ / "osv").string();
  File("osv/OSV-CLI-1.json", R"({"id": "OSV-CLI-1", "modified": "2026-11-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
                  "versions": ["2.17.1"]}]})");
  CliRun ok =
      Kikan("supply vulns import --db " + Db() + " --osv " + dir + " --feed test --format json");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ParseJson(ok).at("feed").as_string(), "osv:test");
  const json::value first = Vulns();
  EXPECT_NE(Match(first, "sample-tos", "OSV-CLI-1"), nullptr) << "listed versions match";

  File("osv/OSV-CLI-2.json", R"({"id": "OSV-CLI-2", "modified": "x",
    "affected": [{"package": {"ecosystem": "npm", "name": "y"},
                  "ranges": [{"type": "SEMVER", "events": [{"fixed": "1.0.0"}]}]}]})");
  CliRun bad =
      Kikan("supply vulns import --db " + Db() + " --osv " + dir + " --feed test --lang en");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("OSV-CLI-2.json#/affected/0/ranges/0/events"), std::string::npos)
      << bad.err;
  const json::value second = Vulns();
  EXPECT_NE(Match(second, "sample-tos", "OSV-CLI-1"), nullptr) << "the stored feed is unchanged";

  CliRun csaf =
      Kikan("supply vulns import --db " + Db() + " --csaf " + File("x.json", "{}") + " --lang en");
  EXPECT_EQ(csaf.exit_code, 1);
  EXPECT_NE(csaf.err.find("#/document"), std::string::npos) << csaf.err;

  std::string list =
      File("wl.csv", "国名・地域名,企業名・組織名,別名,懸念区分\nイラン,Sample Org,,核\n");
  CliRun wl =
      Kikan("supply watchlist import --db " + Db() + " --name test " + list + " --format json");
  ASSERT_EQ(wl.exit_code, 0) << wl.err;
  EXPECT_EQ(ParseJson(wl).at("entries").as_int64(), 1);
  CliRun wbad =
      Kikan("supply watchlist import --db " + Db() + " " + File("bad.csv", "a,b\n") + " --lang en");
  EXPECT_EQ(wbad.exit_code, 1);
  EXPECT_NE(wbad.err.find("/line/1"), std::string::npos) << wbad.err;
}

TEST_F(SupplyRiskCli, ConcentrationOfThePortBusinessAndFindingsOfNoFiling) {
  CliRun r = Kikan("supply concentration --db " + Db() +
                   " --business general_port_transport --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  std::set<std::string> systems;
  for (const auto& s : doc.at("systems").as_array()) systems.insert(std::string(s.as_string()));
  EXPECT_TRUE(systems.count("nuts"));
  const auto& components = doc.at("dimensions").at("components");
  EXPECT_GT(components.at("hhi").as_int64(), 0);
  bool plc_in_two = false;
  for (const auto& i : components.at("items").as_array())
    plc_in_two = plc_in_two || (i.at("name").as_string().find("GX-100") != json::string::npos &&
                                i.at("systems_count").to_number<int64_t>() == 2);
  EXPECT_TRUE(plc_in_two) << json::serialize(components);
  EXPECT_FALSE(doc.at("shared_systems").as_array().empty());

  CliRun none = Kikan("supply findings --db " + Db() + " --filing f-none --format json --lang en");
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("no filing"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace kikan::testing
