// Data that says where it comes from (issue 14 §5): every format of every engine command says
// whether the dataset is synthetic. JSON: `synthetic_data` and `dataset.synthetic`; CSV: a last
// column `synthetic_data` on every row; text: a line of its own, Japanese by default and English
// under --lang en. Each case fails if one command drops the flag in one format.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

struct Command {
  std::string name;
  std::string args;  // without --format
  bool csv = true;   // explain has no CSV
};

// The synthetic trucking dataset through each command.
const std::vector<Command> kTrucking = {
    {"evaluate", "evaluate --business general_cargo_trucking --as-of 2025-05-01"},
    {"explain",
     "explain --business general_cargo_trucking --as-of 2025-05-01 --operator yamato-transport",
     false},
    {"diff", "diff --business general_cargo_trucking --as-of 2025-07-01"},
    {"coverage", "coverage --business general_cargo_trucking --as-of 2025-05-01 --metric vehicles"},
    {"calibrate",
     "calibrate --business general_cargo_trucking --as-of 2025-05-01 --metric vehicles "
     "--coverage 0.3"},
};

// Every data line of a CSV ends with ",<value>" and the header with ",synthetic_data".
void ExpectCsvColumn(const std::string& out, const std::string& value, const std::string& what) {
  std::istringstream in(out);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << what;
  ASSERT_GE(line.size(), 15u) << what;
  EXPECT_EQ(line.substr(line.size() - 15), ",synthetic_data") << what << ": " << line;
  size_t rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    ASSERT_GE(line.size(), value.size() + 1) << what;
    EXPECT_EQ(line.substr(line.size() - value.size() - 1), "," + value) << what << ": " << line;
  }
  EXPECT_GT(rows, 0u) << what;
}

TEST(ProvenanceCliTest, SyntheticFlagInEveryFormatOfEveryCommand) {
  for (const auto& c : kTrucking) {
    SCOPED_TRACE(c.name);
    CliRun j = Kikan(c.args + " --format json");
    ASSERT_EQ(j.exit_code, 0) << j.err;
    boost::system::error_code ec;
    json::value doc = json::parse(j.out, ec);
    ASSERT_FALSE(ec) << j.out.substr(0, 200);
    ASSERT_TRUE(doc.as_object().contains("synthetic_data")) << c.name;
    EXPECT_TRUE(doc.at("synthetic_data").as_bool());
    EXPECT_TRUE(doc.at("dataset").at("synthetic").as_bool());
    EXPECT_EQ(doc.at("dataset").at("name").as_string(), "trucking");

    if (c.csv) {
      CliRun csv = Kikan(c.args + " --format csv");
      ASSERT_EQ(csv.exit_code, 0) << csv.err;
      ExpectCsvColumn(csv.out, "true", c.name);
    }

    CliRun ja = Kikan(c.args);
    ASSERT_EQ(ja.exit_code, 0) << ja.err;
    EXPECT_NE(ja.out.find("合成データ: データセット trucking は生成された合成データです"),
              std::string::npos)
        << ja.out.substr(0, 600);
    CliRun en = Kikan("--lang en " + c.args);
    ASSERT_EQ(en.exit_code, 0) << en.err;
    EXPECT_NE(en.out.find("synthetic data: dataset trucking is generated"), std::string::npos)
        << en.out.substr(0, 600);
    EXPECT_EQ(en.out.find("合成データ"), std::string::npos);
  }
}

// A dataset of real entities says false, and names its illustrative columns on screen.
TEST(ProvenanceCliTest, RealDataSaysFalseAndNamesItsIllustrativeColumns) {
  const std::string args = "evaluate --business general_port_transport --as-of 2025-05-01";
  CliRun j = Kikan(args + " --format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  json::value doc = json::parse(j.out);
  EXPECT_FALSE(doc.at("synthetic_data").as_bool());
  EXPECT_EQ(doc.at("dataset").at("synthetic_columns").as_array().at(0).as_string(),
            "operator.handles_at");
  CliRun csv = Kikan(args + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  ExpectCsvColumn(csv.out, "false", "ports csv");
  CliRun ja = Kikan(args);
  EXPECT_NE(ja.out.find("一部が例示・合成: データセット ports の operator.handles_at"),
            std::string::npos)
      << ja.out.substr(0, 600);
  EXPECT_EQ(ja.out.find("合成データ: "), std::string::npos);
  CliRun en = Kikan("--lang en " + args);
  EXPECT_NE(en.out.find("partly synthetic: operator.handles_at in dataset ports"),
            std::string::npos)
      << en.out.substr(0, 600);
}

// Calibration of a business with no criteria in force (medical) still says it.
TEST(ProvenanceCliTest, CalibrationWithoutCriteriaSaysSynthetic) {
  const std::string args = "calibrate --business advanced_hospital --metric beds --coverage 0.3";
  CliRun ja = Kikan(args);
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  EXPECT_NE(ja.out.find("施行中の基準なし"), std::string::npos) << ja.out;
  EXPECT_NE(ja.out.find("合成データ: データセット medical"), std::string::npos) << ja.out;
}

// A fiscal year still running on the date judged is not that year's record: the old trucking
// criteria at their start (2023-08-09, in FY2023) judge FY2022, and on the first designations'
// date too.
TEST(ProvenanceCliTest, AYearNotEndedIsNotTheRecord) {
  for (const char* date : {"2023-08-09", "2023-11-16", "2024-03-31"}) {
    CliRun r = Kikan(std::string("evaluate --business general_cargo_trucking --as-of ") + date +
                     " --format json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json::value doc = json::parse(r.out);
    EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2022) << date;
    EXPECT_EQ(doc.at("designated_count").as_int64(), 3) << date;
  }
  CliRun r = Kikan("evaluate --business general_cargo_trucking --as-of 2024-04-01 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("fiscal_year").as_int64(), 2023);
}

// Dates the trucking pack chose or worked back are printed as such by `regime show`, in both
// languages and in JSON.
TEST(ProvenanceCliTest, ChosenAndDerivedDatesAreSaidByRegimeShow) {
  CliRun ja = Kikan("regime show --business general_cargo_trucking");
  ASSERT_EQ(ja.exit_code, 0) << ja.err;
  EXPECT_NE(ja.out.find("日付: 逆算・推定した日付（届出義務の適用開始 2024-05-17"),
            std::string::npos)
      << ja.out;
  EXPECT_NE(ja.out.find("日付: 当パックで選んだ日付（資料は「令和7年6月を目処」"),
            std::string::npos);
  CliRun en = Kikan("--lang en regime show --business general_cargo_trucking");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Date: derived date (worked back from the duty's start on 2024-05-17"),
            std::string::npos)
      << en.out;
  EXPECT_NE(en.out.find("Date: date chosen by this pack"), std::string::npos);
  CliRun j = Kikan("regime show --business general_cargo_trucking --format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  json::value doc = json::parse(j.out);
  int chosen = 0, derived = 0;
  for (const auto& pack : doc.at("packs").as_array()) {
    std::vector<const json::value*> dated;
    for (const auto& b : pack.at("businesses").as_array()) {
      for (const auto& c : b.at("criteria").as_array()) dated.push_back(&c);
      for (const auto& e : b.at("equipment").as_array()) dated.push_back(&e);
    }
    for (const auto& t : pack.at("timeline").as_array()) dated.push_back(&t);
    for (const json::value* v : dated) {
      const auto& basis = v->at("date_basis");
      if (basis.is_null()) continue;
      (basis.at("kind").as_string() == "derived" ? derived : chosen)++;
    }
  }
  EXPECT_EQ(derived, 1);  // the first designations, 2023-11-16
  EXPECT_EQ(chosen, 6);   // criteria ×2, equipment ×2, timeline 2023-08-09 and 2025-06-30
}

}  // namespace
}  // namespace kikan::testing
