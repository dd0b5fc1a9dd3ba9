// `kikan supply` over a demo database made by `kikan demo seed`, as a user runs it: the NUTS
// what-if of the source document (the five terminals, 名古屋港 and its share of national
// throughput, the timeline), who-uses by purl / CPE / model / supplier, import → export, and a
// bad document refused whole with its problems at JSON pointers and nothing changed.
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

std::set<std::string> Ids(const json::value& list) {
  std::set<std::string> ids;
  for (const auto& m : list.as_array()) ids.insert(std::string(m.at("id").as_string()));
  return ids;
}

class SupplyCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "kikan-supply-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = new fs::path(tmpl);
    CliRun seed = Kikan("demo seed --db " + Db() + " --insecure-fast-password-hashing");
    ASSERT_EQ(seed.exit_code, 0) << seed.err;
    ASSERT_NE(seed.out.find("サンプルデータ"), std::string::npos) << seed.out;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string Db() { return "sqlite:" + (*dir_ / "demo.db").string(); }
  static std::string File(const std::string& name, const std::string& text) {
    fs::path p = *dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  static fs::path* dir_;
};
fs::path* SupplyCli::dir_ = nullptr;

TEST_F(SupplyCli, WhatIfNutsListsTheFiveTerminalsNagoyaAndItsShareOfNationalThroughput) {
  CliRun r = Kikan("supply whatif --db " + Db() +
                   " --system nuts --from 2023-07-04T06:30+09:00 --days 3 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(doc.at("from").as_string(), "2023-07-04T06:30:00+09:00");
  EXPECT_EQ(doc.at("until").as_string(), "2023-07-07T06:30:00+09:00");
  // The five terminals the MLIT document names: 飛島北, 飛島南, NCB, 飛島南側, 鍋田.
  const auto& terminals = doc.at("terminals").as_array();
  ASSERT_EQ(terminals.size(), 5u);
  std::set<std::string> names;
  for (const auto& t : terminals) {
    std::string name(t.at("name").as_string());
    names.insert(name.substr(0, name.find("（")));
  }
  EXPECT_EQ(names, (std::set<std::string>{"飛島北", "飛島南", "NCB", "飛島南側", "鍋田"}));
  const auto& ports = doc.at("ports").as_array();
  ASSERT_EQ(ports.size(), 1u);
  EXPECT_EQ(ports[0].at("name").as_string(), "名古屋港");
  double share = ports[0].at("share_of_national").as_double();
  EXPECT_GT(share, 0.10);
  EXPECT_LT(share, 0.15);
  const auto& national = doc.at("national_throughput").as_object();
  EXPECT_EQ(national.at("year").as_int64(), ports[0].at("year").as_int64());
  EXPECT_FALSE(national.at("source").as_string().empty());
  EXPECT_EQ(doc.at("timeline").as_array().size(), 3u);
  EXPECT_TRUE(Ids(doc.at("operators")).count("meiko-trans"));
  EXPECT_TRUE(Ids(doc.at("businesses")).count("general_port_transport"));
  // Illustrative links and sample data say so.
  std::string notes = json::serialize(doc.at("notes"));
  EXPECT_NE(notes.find("illustrative"), std::string::npos);
  EXPECT_NE(notes.find("Sample data"), std::string::npos);

  CliRun table =
      Kikan("supply whatif --db " + Db() + " --system nuts --from 2023-07-04T06:30+09:00 --days 3");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("名古屋港"), std::string::npos);
  EXPECT_NE(table.out.find("全国シェア"), std::string::npos);
}

// `supply match`: the sample TOS's ㈱架空港湾システム（サンプル） was merged by name into NUTS's
// supplier; confirming records it, splitting moves the TOS's mentions to a node of their own
// (who-uses by the new node's mentions no longer reaches NUTS through it), and the audit log
// verifies. On a database of its own, so the other tests keep the merged node.
TEST_F(SupplyCli, AMatchIsListedConfirmedAndSplit) {
  std::string db = "sqlite:" + (*dir_ / "match.db").string();
  CliRun seed = Kikan("demo seed --db " + db + " --insecure-fast-password-hashing");
  ASSERT_EQ(seed.exit_code, 0) << seed.err;
  CliRun list = Kikan("supply match list --db " + db + " --system sample-tos --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::string party, match;
  json::value listed = ParseJson(list);
  for (const auto& m : listed.at("matches").as_array()) {
    if (m.at("name").as_string() == "㈱架空港湾システム（サンプル）") {
      party = std::string(m.at("party").as_string());
      match = std::string(m.at("id").as_string());
      EXPECT_EQ(m.at("reason").as_string(), "normalised_name");
      EXPECT_DOUBLE_EQ(m.at("score").as_double(), 0.9);
    }
  }
  ASSERT_FALSE(match.empty()) << list.out;
  CliRun confirm = Kikan("supply match confirm --db " + db + " --party " + party + " --match " +
                         match + " --by reviewer --note 'same company' --format json");
  ASSERT_EQ(confirm.exit_code, 0) << confirm.err;
  EXPECT_EQ(ParseJson(confirm).at("decision").as_string(), "confirmed");
  CliRun split = Kikan("supply match split --db " + db + " --party " + party + " --match " + match +
                       " --by reviewer --format json");
  ASSERT_EQ(split.exit_code, 0) << split.err;
  json::value d = ParseJson(split);
  EXPECT_EQ(d.at("decision").as_string(), "split");
  EXPECT_EQ(d.at("decided_by").as_string(), "cli:reviewer");
  std::string moved(d.at("new_party").as_string());
  CliRun after = Kikan("supply match list --db " + db + " --party " + moved + " --format json");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  json::value after_doc = ParseJson(after);
  const auto& matches = after_doc.at("matches").as_array();
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].at("system").as_string(), "sample-tos");
  EXPECT_EQ(matches[0].at("split_from").as_string(), party);
  // Splitting again: the match is gone from the node.
  CliRun again = Kikan("supply match split --db " + db + " --party " + party + " --match " + match +
                       " --by reviewer");
  EXPECT_EQ(again.exit_code, 1) << again.out;
  CliRun bad = Kikan("supply match list --db " + db + " --format json");
  EXPECT_NE(bad.exit_code, 0);
  CliRun verify = Kikan("audit verify --db " + db);
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(SupplyCli, WhoUsesPrintsOperatorsAndSystems) {
  CliRun r = Kikan("supply who-uses --db " + Db() +
                   " --purl pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(Ids(doc.at("systems")), (std::set<std::string>{"nuts", "sample-tos"}));
  for (const auto& s : doc.at("systems").as_array()) {
    EXPECT_TRUE(s.as_object().contains("name"));
    EXPECT_TRUE(s.as_object().contains("operator"));
  }
  for (const auto& o : doc.at("operators").as_array()) {
    EXPECT_FALSE(o.at("name").as_string().empty());
  }
  EXPECT_TRUE(Ids(doc.at("operators")).count("kamigumi"));
  EXPECT_EQ(doc.at("terminals").as_array().size(), 5u);
  EXPECT_EQ(Ids(doc.at("ports")), (std::set<std::string>{"nagoya"}));

  CliRun model = Kikan("supply who-uses --db " + Db() +
                       " --component '架空制御機器株式会社（サンプル）/GX-100' --format json");
  ASSERT_EQ(model.exit_code, 0) << model.err;
  EXPECT_EQ(Ids(ParseJson(model).at("systems")), (std::set<std::string>{"nuts", "sample-tos"}));

  CliRun sub = Kikan("supply who-uses --db " + Db() +
                     " --supplier '架空再委託ソフトウェア株式会社（サンプル）' --format json");
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  EXPECT_EQ(Ids(ParseJson(sub).at("systems")), (std::set<std::string>{"nuts"}));

  CliRun none = Kikan("supply who-uses --db " + Db() + " --format json");
  EXPECT_EQ(none.exit_code, 2);
  CliRun two = Kikan("supply who-uses --db " + Db() + " --cpe a --purl pkg:npm/x --format json");
  EXPECT_EQ(two.exit_code, 2);
}

TEST_F(SupplyCli, ImportCreatesTheSystemAndExportGivesCycloneDx16) {
  CliRun imp = Kikan("supply import --db " + Db() + " --operator kamigumi --system cli-tos " +
                     SourceDir() + "/data/supply/sample-tos.spdx.json --format json");
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  json::value report = ParseJson(imp);
  EXPECT_TRUE(report.at("system_created").as_bool());
  EXPECT_EQ(report.at("format").as_string(), "SPDX-2.3");
  CliRun exp = Kikan("supply export --db " + Db() + " --system cli-tos");
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  json::value bom = ParseJson(exp);
  EXPECT_EQ(bom.at("bomFormat").as_string(), "CycloneDX");
  EXPECT_EQ(bom.at("specVersion").as_string(), "1.6");
  // Re-import the export: the same inventory, so the same export but for its serial and time.
  std::string file = File("cli-tos.cdx.json", exp.out);
  CliRun again =
      Kikan("supply import --db " + Db() + " --operator kamigumi --system cli-tos " + file);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  json::value bom2 = ParseJson(Kikan("supply export --db " + Db() + " --system cli-tos"));
  EXPECT_EQ(bom2.at("components"), bom.at("components"));
  EXPECT_EQ(bom2.at("dependencies"), bom.at("dependencies"));
}

TEST_F(SupplyCli, ABadDocumentIsRefusedWholeWithProblemsAtJsonPointers) {
  std::string file = File("bad.cdx.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "components": [{"type": "device", "name": "PLC"}, {"type": "robot", "name": "x"}, {"type": "library"}]})");
  CliRun r = Kikan("supply import --db " + Db() + " --operator kamigumi --system never " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/components/1/type"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/components/2/name"), std::string::npos) << r.err;
  CliRun exp = Kikan("supply export --db " + Db() + " --system never");
  EXPECT_EQ(exp.exit_code, 1) << "the system was not created";
  CliRun missing = Kikan("supply import --db " + Db() + " --operator kamigumi --system never " +
                         (*dir_ / "no-such-file.json").string());
  EXPECT_EQ(missing.exit_code, 1);
}

}  // namespace
}  // namespace kikan::testing
