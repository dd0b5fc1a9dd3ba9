// Runs the built `kikan` binary over the bundled packs and datasets: what the source document
// says about who is designated must come out of the data, through the commands users run.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

json::value ParseJson(const CliRun& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  EXPECT_FALSE(ec) << "not JSON: " << r.out.substr(0, 300) << "\nstderr: " << r.err;
  return v;
}

std::set<std::string> DesignatedIds(const json::value& doc) {
  std::set<std::string> ids;
  for (const auto& r : doc.at("results").as_array()) {
    const auto& o = r.as_object();
    EXPECT_TRUE(o.contains("name") && o.contains("explanation"));
    if (o.at("designated").as_bool()) ids.insert(std::string(o.at("id").as_string()));
  }
  return ids;
}

std::set<std::string> Ids(const json::value& list) {
  std::set<std::string> ids;
  for (const auto& m : list.as_array()) ids.insert(std::string(m.at("id").as_string()));
  return ids;
}

// The 32 port operators designated on 2025-05-01 (the seed's table, duplicates across ports
// removed), by the ids of data/datasets/ports.
const std::set<std::string> kSeedPortOperators = {"azuma-kaiun",
                                                  "isewan",
                                                  "utoc",
                                                  "kamigumi",
                                                  "sankyu",
                                                  "suzue",
                                                  "sumitomo-warehouse",
                                                  "daiichi-koun",
                                                  "daito-corporation",
                                                  "nippon-express",
                                                  "mitsui-soko",
                                                  "uniex-nct",
                                                  "tokyo-kokusai-futo",
                                                  "nissin",
                                                  "maruzen-showa",
                                                  "mitsubishi-logistics",
                                                  "keihin-koun",
                                                  "toyo-futo",
                                                  "asahi-unyu",
                                                  "tokai-kyowa",
                                                  "fuji-trans",
                                                  "meiko-trans",
                                                  "kinki-koun",
                                                  "shosen-koun",
                                                  "tatsumi-shokai",
                                                  "nitto-butsuryu",
                                                  "mitsui-soko-koun",
                                                  "yusen-koun",
                                                  "nickel-lyons",
                                                  "genec",
                                                  "sogo-unyu",
                                                  "hakata-koun"};

TEST(EngineCliTest, PortsDesignateExactlyTheSeedsThirtyTwo) {
  CliRun r = Kikan("evaluate --business general_port_transport --as-of 2025-05-01 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(kSeedPortOperators.size(), 32u);
  EXPECT_EQ(DesignatedIds(doc), kSeedPortOperators);
  // Operators that must not be designated are in the data too.
  EXPECT_GT(doc.at("results").as_array().size(), 32u);
  EXPECT_EQ(doc.at("criteria").at("version").as_string(), "2025-04");
}

TEST(EngineCliTest, OldTruckingCriteriaDesignateTheThree) {
  CliRun r = Kikan("evaluate --business general_cargo_trucking --as-of 2025-05-01 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(DesignatedIds(doc),
            (std::set<std::string>{"yamato-transport", "nippon-express", "sagawa-express"}));
  EXPECT_EQ(doc.at("criteria").at("version").as_string(), "2023");
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2024);
  EXPECT_TRUE(doc.at("dataset").at("synthetic").as_bool());
  EXPECT_GT(doc.at("population").as_int64(), 50000);
}

TEST(EngineCliTest, TruckingRevisionDiff) {
  CliRun r = Kikan("diff --business general_cargo_trucking --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(doc.at("from").at("version").as_string(), "2023");
  EXPECT_EQ(doc.at("to").at("version").as_string(), "2025-06");
  EXPECT_EQ(Ids(doc.at("stayed")),
            (std::set<std::string>{"yamato-transport", "nippon-express", "sagawa-express"}));
  EXPECT_TRUE(doc.at("left").as_array().empty());
  size_t entered = doc.at("entered").as_array().size();
  EXPECT_GE(entered, 5u);
  EXPECT_LE(entered, 10u);
  for (const auto& m : doc.at("entered").as_array()) {
    EXPECT_NE(std::string(m.at("name").as_string()).find("架空"), std::string::npos)
        << "entrants are fictional and say so: " << m.at("name");
  }
  // The three states are counted on each side; the bundled data lacks no value either rule needs.
  EXPECT_EQ(doc.at("from_counts").at("designated").as_int64(), 3);
  EXPECT_EQ(doc.at("to_counts").at("designated").as_int64(), static_cast<int64_t>(entered + 3));
  EXPECT_EQ(doc.at("to_counts").at("undetermined").as_int64(), 0);
  EXPECT_EQ(
      doc.at("from_counts").at("not_designated").as_int64() + 3,
      doc.at("to_counts").at("not_designated").as_int64() + static_cast<int64_t>(entered + 3));
  EXPECT_TRUE(doc.at("undetermined").as_array().empty());
  // Reversed, the entrants leave.
  CliRun back = Kikan(
      "diff --business general_cargo_trucking --from 2025-06 --to 2023 --as-of 2025-06-30 "
      "--format json");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(ParseJson(back).at("left").as_array().size(), entered);
}

// The engine's message names no flag; the CLI adds the flags that apply.
TEST(EngineCliTest, DiffWithOneVersionNamesTheFlags) {
  CliRun r = Kikan("diff --business general_port_transport --lang en");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("has 1 criteria version(s)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--from and --to"), std::string::npos) << r.err;
}

TEST(EngineCliTest, ExplainSaysWhyWithCitations) {
  CliRun r = Kikan(
      "explain --business general_cargo_trucking --operator sagawa-express --as-of 2025-05-01");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("share(vehicles) >= 5%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("令和7年5月1日"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("省令"), std::string::npos) << r.out;
  CliRun j = Kikan(
      "explain --business general_port_transport --operator kamigumi --as-of 2025-05-01 "
      "--format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  json::value doc = ParseJson(j);
  EXPECT_EQ(doc.at("explanation").at("schema_version").as_int64(), 1);
  EXPECT_TRUE(doc.at("explanation").at("result").as_bool());
  CliRun unknown = Kikan(
      "explain --business general_port_transport --operator no-such-operator --as-of 2025-05-01");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no-such-operator"), std::string::npos) << unknown.err;
}

TEST(EngineCliTest, CoverageAndCalibration) {
  CliRun cov = Kikan(
      "coverage --business general_cargo_trucking --metric vehicles --as-of 2025-05-01 "
      "--format json");
  ASSERT_EQ(cov.exit_code, 0) << cov.err;
  json::value c = ParseJson(cov);
  EXPECT_EQ(c.at("designated").as_int64(), 3);
  double share = c.at("coverage").as_double();
  EXPECT_GT(share, 0.25);  // the seed: the old thresholds cover about 30% of each share
  EXPECT_LT(share, 0.35);

  CliRun cal = Kikan(
      "calibrate --business general_cargo_trucking --metric vehicles --coverage 0.30 "
      "--as-of 2025-07-01 --format json");
  ASSERT_EQ(cal.exit_code, 0) << cal.err;
  json::value k = ParseJson(cal);
  EXPECT_GE(k.at("coverage").as_double(), 0.30);
  const auto& curve = k.at("curve").as_array();
  ASSERT_GT(curve.size(), 10u);
  // The curve runs from the largest threshold down to the whole population at 100%.
  EXPECT_EQ(curve.back().at("coverage").as_double(), 1.0);
  EXPECT_GT(curve.front().at("threshold").as_int64(), curve.back().at("threshold").as_int64());
  // The chosen threshold is the highest point of the curve reaching the target.
  bool seen = false;
  for (const auto& p : curve) {
    if (p.at("coverage").as_double() >= 0.30) {
      EXPECT_EQ(p.at("threshold").as_int64(), k.at("threshold").as_int64());
      seen = true;
      break;
    }
  }
  EXPECT_TRUE(seen);

  // Another kind's field: the harbours' throughput. The five big harbours are the top of the
  // curve: 3/4 of the listed harbours' volume needs all five.
  CliRun teu = Kikan(
      "calibrate --business general_port_transport --metric harbour.annual_teu --coverage 0.75 "
      "--as-of 2025-05-01 --format json");
  ASSERT_EQ(teu.exit_code, 0) << teu.err;
  json::value h = ParseJson(teu);
  EXPECT_EQ(h.at("threshold").as_int64(), 2320000) << teu.out;  // 大阪港, the 5th largest
  EXPECT_EQ(h.at("count").as_int64(), 5);
  EXPECT_TRUE(h.at("total").is_null());

  // At port level (京浜港 = 東京 + 川崎 + 横浜 as one port) against the national total the dataset
  // declares, the source document's figure: the five ports of 800,000 TEU or more cover about
  // 3/4 of the nation's container throughput (博多港 is the fifth).
  CliRun ports = Kikan(
      "calibrate --business general_port_transport --metric harbour.annual_teu --coverage 0.75 "
      "--as-of 2025-05-01 --by port --national-total --format json");
  ASSERT_EQ(ports.exit_code, 0) << ports.err;
  json::value p = ParseJson(ports);
  EXPECT_EQ(p.at("count").as_int64(), 5) << ports.out;
  EXPECT_EQ(p.at("threshold").as_int64(), 920000);  // 博多港
  EXPECT_NEAR(p.at("coverage").as_double(), 0.766, 0.005);
  EXPECT_EQ(p.at("by").as_string(), "port");
  EXPECT_EQ(p.at("total").at("value").as_int64(), 21790000);
  EXPECT_EQ(p.at("total").at("year").as_int64(), 2024);
  EXPECT_EQ(p.at("total").at("basis").as_string(), "domestic_and_foreign");
  EXPECT_NE(p.at("total").at("source").at("url").as_string().find("lnews.jp"), std::string::npos);
  // The port with most throughput is 京浜港's three harbours summed.
  EXPECT_EQ(p.at("curve").at(0).at("threshold").as_int64(), 4700000 + 146894 + 3080000);
  CliRun text = Kikan(
      "calibrate --business general_port_transport --metric harbour.annual_teu --coverage 0.75 "
      "--as-of 2025-05-01 --by port --national-total");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("全国計に対して: 21,790,000 TEU（2024年、外内貿）"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("5 件（port）で 76.63% をカバー"), std::string::npos) << text.out;
  // Neither a non-reference field to group by, nor a total the dataset does not declare.
  EXPECT_EQ(Kikan("calibrate --business general_port_transport --metric harbour.annual_teu "
                  "--coverage 0.75 --as-of 2025-05-01 --by name")
                .exit_code,
            1);
  EXPECT_EQ(Kikan("calibrate --business general_cargo_trucking --metric vehicles --coverage 0.3 "
                  "--as-of 2025-05-01 --national-total")
                .exit_code,
            3);

  CliRun bad = Kikan(
      "coverage --business general_cargo_trucking --metric nationwide_offices --as-of 2025-05-01");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("vehicles"), std::string::npos) << bad.err;  // names the numeric fields
}

TEST(EngineCliTest, ExplanationsSayTheYearAndBasisOfTheFiguresRead) {
  // The port rule reads harbour.annual_teu; the dataset says each figure's year and basis.
  CliRun text = Kikan(
      "explain --business general_port_transport --as-of 2025-05-01 "
      "--operator kamigumi");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("判定に使った数値の年と範囲（harbour.annual_teu、年間コンテナ取扱量）"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  博多港: 920,000 TEU（2017年、外貿のみ）\n"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  東京港: 4,700,000 TEU（2024年、外内貿）\n"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  清水港: 567,460 TEU（2018年、範囲は資料に記載なし）\n"),
            std::string::npos)
      << text.out;
  CliRun json = Kikan(
      "explain --business general_port_transport --as-of 2025-05-01 "
      "--operator kamigumi --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  json::value doc = ParseJson(json);
  const json::array& figures = doc.at("figures").as_array();
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].at("field").as_string(), "harbour.annual_teu");
  bool hakata = false;
  for (const auto& row : figures[0].at("rows").as_array()) {
    if (row.at("id").as_string() != "hakata") continue;
    hakata = true;
    EXPECT_EQ(row.at("year").as_int64(), 2017);
    EXPECT_EQ(row.at("basis").as_string(), "foreign_only");
  }
  EXPECT_TRUE(hakata);
  // The trucking rule reads no figure the manifest describes.
  CliRun trucking = Kikan(
      "explain --business general_cargo_trucking --as-of 2025-07-01 "
      "--operator yamato-transport --format json");
  ASSERT_EQ(trucking.exit_code, 0) << trucking.err;
  EXPECT_TRUE(ParseJson(trucking).at("figures").as_array().empty());
}

TEST(EngineCliTest, ProposedMedicalCriteriaAreSimulatedWithAWarning) {
  CliRun r = Kikan("evaluate --business advanced_hospital --criteria candidate-a --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(doc.at("criteria").at("status").as_string(), "proposed");
  EXPECT_FALSE(doc.at("warnings").as_array().empty());
  EXPECT_FALSE(DesignatedIds(doc).empty());
  EXPECT_NE(r.err.find("案"), std::string::npos) << r.err;
  // Nothing is in force for medical: evaluating by date alone says so.
  CliRun none = Kikan("evaluate --business advanced_hospital --as-of 2026-01-01");
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_NE(none.err.find("candidate-a"), std::string::npos) << none.err;
}

TEST(EngineCliTest, CalibratesABusinessWithNoCriteriaInForce) {
  // Medical criteria are all proposed: calibrating a bed threshold still works, on the latest
  // record, and says there are no criteria in force.
  CliRun r = Kikan("calibrate --business advanced_hospital --metric beds --coverage 0.3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("施行中の基準なし"), std::string::npos) << r.out;
  CliRun j =
      Kikan("calibrate --business advanced_hospital --metric beds --coverage 0.3 --format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  json::value doc = ParseJson(j);
  EXPECT_TRUE(doc.at("criteria").is_null());
  EXPECT_GE(doc.at("coverage").as_double(), 0.3);
}

TEST(EngineCliTest, EvaluatesAPackGivenOnTheCommandLine) {
  // A revision drafted outside the repository: the trucking pack with a lower vehicle threshold.
  const auto dir = std::filesystem::temp_directory_path() / "kikan_engine_cli_regime";
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(KIKAN_SOURCE_DIR_FALLBACK) + "/data/regime/trucking.toml");
  std::string pack((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "min_vehicles = 5000";
  ASSERT_NE(pack.find(from), std::string::npos);
  pack.replace(pack.find(from), from.size(), "min_vehicles = 1000");
  std::ofstream(dir / "trucking.toml") << pack;
  std::filesystem::remove_all(dir / "forms");  // the ordinance forms file the pack names
  std::filesystem::copy(std::string(KIKAN_SOURCE_DIR_FALLBACK) + "/data/regime/forms",
                        dir / "forms");
  CliRun base =
      Kikan("evaluate --business general_cargo_trucking --as-of 2025-07-01 --format json");
  CliRun lower = Kikan("evaluate --business general_cargo_trucking --as-of 2025-07-01 --regime '" +
                       (dir / "trucking.toml").string() + "' --format json");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(base.exit_code, 0) << base.err;
  ASSERT_EQ(lower.exit_code, 0) << lower.err;
  EXPECT_GT(ParseJson(lower).at("designated_count").as_int64(),
            ParseJson(base).at("designated_count").as_int64());
}

TEST(EngineCliTest, ErrorsSayWhatAndWhere) {
  CliRun unknown = Kikan("evaluate --business no_such_business --as-of 2025-05-01");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("general_port_transport"), std::string::npos) << unknown.err;
  CliRun date = Kikan("--lang en evaluate --business general_port_transport --as-of 2025-02-30");
  EXPECT_EQ(date.exit_code, 1);
  EXPECT_NE(date.err.find("--as-of"), std::string::npos) << date.err;
  EXPECT_NE(date.err.find("does not exist"), std::string::npos) << date.err;
  CliRun early = Kikan("evaluate --business general_cargo_trucking --as-of 2020-01-01");
  EXPECT_EQ(early.exit_code, 3);
  EXPECT_NE(early.err.find("2023"), std::string::npos) << early.err;
  CliRun usage = Kikan("evaluate");
  EXPECT_EQ(usage.exit_code, 2);
}

TEST(EngineCliTest, TablesAreJapaneseByDefaultAndEnglishOnRequest) {
  CliRun ja = Kikan("evaluate --business general_port_transport --as-of 2025-05-01");
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  EXPECT_NE(ja.out.find("41 者中 32 者"), std::string::npos) << ja.out;
  EXPECT_NE(ja.out.find("株式会社上組"), std::string::npos);
  CliRun en = Kikan("--lang en evaluate --business general_port_transport --as-of 2025-05-01");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("32 of 41 meet the criteria"), std::string::npos) << en.out;
  CliRun csv = Kikan("evaluate --business general_port_transport --as-of 2025-05-01 --format csv");
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("id,name,designated,status,synthetic_data\n", 0), 0u);
  size_t lines = 0;
  for (char c : csv.out) lines += c == '\n';
  EXPECT_EQ(lines, 42u);  // header + 41 operators
}

// Three-valued results (issue 14 §4) through the command, on a pack and a dataset written here:
// an operator whose data lacks a value the criteria need is undetermined unless the rest of the
// rule decides it; JSON gives each result a status and the inputs that would decide it, and
// every format counts the three states.
TEST(EngineCliTest, MissingValuesGiveUndeterminedResults) {
  // The test pack and dataset (tests/data/kleene).
  const std::string dir = SourceDir() + "/tests/data/kleene";
  const std::string args = "evaluate --business kleene_biz --as-of 2025-05-01 --regime '" + dir +
                           "/kleene.toml' --data '" + dir + "/datasets/k'";
  CliRun js = Kikan(args + " --format json");
  CliRun ja = Kikan(args);
  CliRun en = Kikan("--lang en " + args + " --all");
  CliRun csv = Kikan(args + " --format csv");
  const std::string explain_args = "explain --business kleene_biz --as-of 2025-05-01 --regime '" +
                                   dir + "/kleene.toml' --data '" + dir +
                                   "/datasets/k' --operator e";
  CliRun explain = Kikan(explain_args);
  CliRun explain_json = Kikan(explain_args + " --format json");
  ASSERT_EQ(js.exit_code, 0) << js.err;
  json::value doc = ParseJson(js);
  EXPECT_EQ(doc.at("designated_count").as_int64(), 1);
  EXPECT_EQ(doc.at("not_designated_count").as_int64(), 2);
  EXPECT_EQ(doc.at("undetermined_count").as_int64(), 2);
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> got;
  for (const auto& r : doc.at("results").as_array()) {
    std::vector<std::string> missing;
    for (const auto& m : r.at("missing").as_array()) missing.emplace_back(m.as_string());
    got[std::string(r.at("id").as_string())] = {std::string(r.at("status").as_string()), missing};
    // `designated` stays a boolean: true only for the designated.
    EXPECT_EQ(r.at("designated").as_bool(), r.at("status").as_string() == "designated");
  }
  using Want = std::pair<std::string, std::vector<std::string>>;
  EXPECT_EQ(got["a"], (Want{"designated", {}}));
  EXPECT_EQ(got["b"], (Want{"not_designated", {}}));
  EXPECT_EQ(got["c"], (Want{"undetermined", {"vehicles"}}));
  EXPECT_EQ(got["d"], (Want{"not_designated", {}}));  // decided by capable = false
  EXPECT_EQ(got["e"], (Want{"undetermined", {"capable"}}));
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  EXPECT_NE(ja.out.find("5 者中 1 者"), std::string::npos) << ja.out;
  EXPECT_NE(ja.out.find("判定不能 2 者"), std::string::npos) << ja.out;
  EXPECT_NE(ja.out.find("丙社"), std::string::npos) << "undetermined rows are listed: " << ja.out;
  EXPECT_EQ(ja.out.find("乙社"), std::string::npos) << ja.out;
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("2 undetermined"), std::string::npos) << en.out;
  EXPECT_NE(en.err.find("no value for operator.vehicles"), std::string::npos) << en.err;
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("c,丙社,false,undetermined,true\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("d,丁社,false,not_designated,true\n"), std::string::npos) << csv.out;
  ASSERT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("判定不能"), std::string::npos) << explain.out;
  EXPECT_NE(explain.out.find("判定に必要な値: capable"), std::string::npos) << explain.out;
  ASSERT_EQ(explain_json.exit_code, 0) << explain_json.err;
  json::value ex = ParseJson(explain_json);
  EXPECT_EQ(ex.at("status").as_string(), "undetermined");
  EXPECT_FALSE(ex.at("explanation").at("determined").as_bool());
  EXPECT_EQ(ex.at("missing").as_array().size(), 1u);
}

TEST(RegimeCliTest, BundledPacksAreValidAndBrokenOnesArePlaced) {
  CliRun ok = Kikan("regime check");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  // A pack with a misspelt field inside its rule: reported at the field, exit 1.
  const auto dir = std::filesystem::temp_directory_path() / "kikan_regime_cli_test";
  std::filesystem::create_directories(dir);
  const auto pack = dir / "broken.toml";
  std::ofstream(pack) << R"([pack]
id = "broken"
sector = { id = "s", ja = "分野", en = "Sector", act = "法第50条" }
ministry = { id = "m", ja = "省", en = "Ministry" }

[[business]]
id = "b"
ja = "事業"
en = "Business"
cabinet_order = "令"

[[entity]]
kind = "operator"
fields.vehicles = { type = "int", ja = "車両数", unit = "台" }

[[criteria]]
business = "b"
version = "1"
effective_from = 2025-04-01
status = "in_force"
citation = "省令"
period = "as_of"
rule = "vehicle >= 5000"
rationale = "test"
)";
  CliRun bad = Kikan("regime check '" + pack.string() + "'");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(bad.exit_code, 1);
  const std::string all = bad.out + bad.err;
  EXPECT_NE(all.find("broken.toml:23:9:"), std::string::npos) << all;
  EXPECT_NE(all.find("vehicles"), std::string::npos) << all;  // did you mean
}

}  // namespace
}  // namespace kikan::testing
