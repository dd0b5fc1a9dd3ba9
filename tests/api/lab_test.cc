// The criteria lab's routes (/api/v1/lab/…) over a real server: the answers' shapes, strict
// bodies with JSON pointers, rule diagnostics placed in UTF-16 columns, the trucking revision's
// comparison equal to registry::Diff, the calibration curve's downsampling, and explanations.
// Also the register's port designations with their sites (the source document's table by port).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api_fixture.h"
#include "registry/engine.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

std::set<std::string> Ids(const json::value& members) {
  std::set<std::string> out;
  for (const auto& m : members.as_array()) out.insert(Str(m, "id"));
  return out;
}

std::set<std::string> Ids(const std::vector<registry::Member>& members) {
  std::set<std::string> out;
  for (const auto& m : members) out.insert(m.id);
  return out;
}

class Lab : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // One cache for every test of the suite: the datasets load once (as in a server).
    static auto shared = std::make_shared<service::DatasetCache>();
    ctx_.datasets = shared;
  }
  HttpResult Post(const std::string& route, const std::string& body,
                  const std::string& query = "") {
    return Call("POST", "/api/v1/lab/" + route + query, body);
  }
  std::shared_ptr<const registry::Dataset> Trucking() {
    const regime::Pack* pack = nullptr;
    regime_->FindBusiness("general_cargo_trucking", &pack);
    auto d = ctx_.datasets->Get(SourceDir() + "/data/datasets/trucking", pack->schema);
    EXPECT_TRUE(d.has_value()) << d.status().ToString();
    return *d;
  }
};

TEST_P(Lab, DatasetsAreListedWithTheirManifests) {
  auto r = Call("GET", "/api/v1/lab/datasets");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json.at("schema_version").as_int64(), 1);
  std::set<std::string> ids;
  for (const auto& d : r.json.at("datasets").as_array()) {
    ids.insert(Str(d, "id"));
    for (const char* key : {"id", "name", "description", "synthetic", "businesses", "fiscal_years",
                            "notes", "citations"}) {
      EXPECT_TRUE(d.as_object().contains(key)) << key;
    }
    if (Str(d, "id") == "trucking") {
      EXPECT_TRUE(d.at("synthetic").as_bool());
      EXPECT_EQ(json::serialize(d.at("businesses")), R"(["general_cargo_trucking"])");
      EXPECT_EQ(json::serialize(d.at("fiscal_years")), "[2022,2023,2024]");
      // The date the page offers when a date is past the data: judged there, both periods work.
      EXPECT_EQ(Str(d, "suggested_as_of"), "2026-03-31");
      for (const char* criteria : {"2023", "2025-06"}) {
        auto e = Post("evaluate", fmt::format(R"({{"business":"general_cargo_trucking",)"
                                              R"("dataset":"trucking","criteria":"{}",)"
                                              R"("as_of":"2026-03-31"}})",
                                              criteria));
        EXPECT_EQ(e.status, 200u) << criteria << ": " << e.body;
      }
      ASSERT_FALSE(d.at("citations").as_array().empty());
      EXPECT_FALSE(Str(d.at("citations").as_array()[0], "text").empty());
      EXPECT_FALSE(d.at("notes").as_array().empty());
    }
  }
  EXPECT_TRUE(ids.count("trucking") && ids.count("ports") && ids.count("medical"));
}

TEST_P(Lab, CheckPlacesDiagnosticsInTheRuleText) {
  auto ok = Post("check", R"({"business":"general_cargo_trucking","rule":"vehicles >= 5000"})");
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(ok.json.at("schema_version").as_int64(), 1);
  EXPECT_TRUE(ok.json.at("ok").as_bool());
  EXPECT_TRUE(ok.json.at("diagnostics").as_array().empty());
  EXPECT_EQ(Str(ok.json, "criteria"), "2025-06");  // the latest version by default

  // A named version's params are bound: $min_vehicles exists in 2025-06, not in 2023.
  auto params = Post(
      "check",
      R"({"business":"general_cargo_trucking","criteria":"2023","rule":"vehicles >= $min_vehicles"})");
  ASSERT_EQ(params.status, 200u) << params.body;
  EXPECT_FALSE(params.json.at("ok").as_bool());
  auto bound = Post(
      "check",
      R"({"business":"general_cargo_trucking","criteria":"2025-06","rule":"vehicles >= $min_vehicles"})");
  EXPECT_TRUE(bound.json.at("ok").as_bool()) << bound.body;

  auto bad =
      Post("check",
           R"({"business":"general_cargo_trucking","rule":"vehicles >= 5000 and\nvehicle > 3"})");
  ASSERT_EQ(bad.status, 200u) << bad.body;
  EXPECT_FALSE(bad.json.at("ok").as_bool());
  ASSERT_FALSE(bad.json.at("diagnostics").as_array().empty());
  const auto& d = bad.json.at("diagnostics").as_array()[0];
  EXPECT_EQ(d.at("line").as_int64(), 2);
  EXPECT_EQ(d.at("column").as_int64(), 1);
  EXPECT_EQ(d.at("end_line").as_int64(), 2);
  EXPECT_EQ(d.at("end_column").as_int64(), 8);
  EXPECT_EQ(d.at("length").as_int64(), 7);
  EXPECT_NE(Str(d.at("message"), "en").find("vehicle"), std::string::npos) << bad.body;
  EXPECT_FALSE(Str(d.at("message"), "ja").empty());

  // Columns count UTF-16 code units: 注 and 記 are one each, 😀 two.
  auto wide =
      Post("check", R"({"business":"general_cargo_trucking","rule":"[注記😀] vehicle > 3"})");
  ASSERT_EQ(wide.status, 200u) << wide.body;
  ASSERT_FALSE(wide.json.at("diagnostics").as_array().empty()) << wide.body;
  const auto& w = wide.json.at("diagnostics").as_array()[0];
  EXPECT_EQ(w.at("line").as_int64(), 1);
  EXPECT_EQ(w.at("column").as_int64(), 8) << wide.body;
  EXPECT_EQ(w.at("end_column").as_int64(), 15);
}

// The fields a rule reads come from the server's checker, typed from the pack's schema (the
// browser's metric list and nothing else guesses them): for an edited rule from check, for each
// version from /api/v1/regime, through a lambda variable and a reference too.
TEST_P(Lab, TheFieldsARuleReadsAreTheCheckersWithTheirTypes) {
  auto ok = Post(
      "check",
      R"({"business":"general_cargo_trucking","rule":"vehicles >= 5000 and nationwide_capable"})");
  ASSERT_EQ(ok.status, 200u) << ok.body;
  std::vector<std::string> read;
  for (const auto& f : ok.json.at("fields_read").as_array()) {
    read.push_back(Str(f, "kind") + "." + Str(f, "field") + ":" + Str(f, "type") + ":" +
                   Str(f, "unit"));
    EXPECT_FALSE(Str(f.at("label"), "ja").empty()) << f;
  }
  EXPECT_EQ(read, (std::vector<std::string>{"operator.nationwide_capable:bool:",
                                            "operator.vehicles:int:台"}));
  auto bad = Post("check", R"({"business":"general_cargo_trucking","rule":"vehicle > 3"})");
  ASSERT_EQ(bad.status, 200u) << bad.body;
  EXPECT_TRUE(bad.json.at("fields_read").as_array().empty());

  auto ports = Call("GET", "/api/v1/regime");
  ASSERT_EQ(ports.status, 200u) << ports.body;
  std::set<std::string> port_fields;
  for (const auto& p : ports.json.at("packs").as_array()) {
    for (const auto& c : p.at("criteria").as_array()) {
      if (Str(c, "business") != "general_port_transport") continue;
      for (const auto& f : c.at("fields_read").as_array()) {
        port_fields.insert(Str(f, "kind") + "." + Str(f, "field") + ":" + Str(f, "type"));
      }
    }
  }
  EXPECT_TRUE(port_fields.count("harbour.annual_teu:int") &&
              port_fields.count("port.harbours:refs:harbour"))
      << ports.body.substr(0, 2000);
}

// The version in force at a date is the server's (regime::CriteriaAt), as is the form in force:
// the trucking criteria of 2023 before the revision, 2025-06 after it, none before either.
TEST_P(Lab, TheRegimeSaysWhichVersionIsInForceAtADate) {
  auto in_force = [&](const std::string& query) {
    auto r = Call("GET", "/api/v1/regime" + query);
    EXPECT_EQ(r.status, 200u) << r.body;
    for (const auto& p : r.json.at("packs").as_array()) {
      for (const auto& b : p.at("businesses").as_array()) {
        if (Str(b, "id") == "general_cargo_trucking") {
          EXPECT_EQ(Str(b, "subject"), "operator");
          const auto& v = b.at("criteria_in_force");
          return v.is_null() ? std::string("null") : std::string(v.as_string());
        }
      }
    }
    return std::string("absent");
  };
  EXPECT_EQ(in_force("?as_of=2024-04-01"), "2023");
  EXPECT_EQ(in_force("?as_of=2025-09-01"), "2025-06");
  EXPECT_EQ(in_force("?as_of=2000-01-01"), "null");
  EXPECT_EQ(in_force(""), "2025-06");  // today (the injected clock: 2026-11-30)
  auto r = Call("GET", "/api/v1/regime?as_of=2025-09-01");
  EXPECT_EQ(Str(r.json, "as_of"), "2025-09-01");
  EXPECT_EQ(Call("GET", "/api/v1/regime?as_of=someday").status, 400u);
}

// Without a date the lab judges today (the injected clock: 2026-11-30); the criteria in force then
// judge fiscal 2025, which the data does not hold yet, so the latest year is judged, with a warning
// (a date the caller gives gets an error instead).
TEST_P(Lab, WithoutADateTodayIsJudgedOnTheLatestData) {
  for (const char* route : {"evaluate", "explain", "calibrate"}) {
    std::string body = R"({"business":"general_cargo_trucking")";
    if (std::string_view(route) == "explain") body += R"(,"operator":"nippon-express")";
    if (std::string_view(route) == "calibrate") body += R"(,"metric":"vehicles","coverage":0.3)";
    auto r = Post(route, body + "}");
    ASSERT_EQ(r.status, 200u) << route << ": " << r.body;
    EXPECT_EQ(Str(r.json, "as_of"), "2026-11-30") << route;
    EXPECT_EQ(r.json.at("fiscal_year").as_int64(), 2024) << route;
    EXPECT_FALSE(r.json.at("warnings").as_array().empty()) << route;
  }
  auto given = Post("evaluate", R"({"business":"general_cargo_trucking","as_of":"2026-11-30"})");
  EXPECT_EQ(given.status, 409u) << given.body;
}

TEST_P(Lab, StrictBodiesPointAtTheirErrors) {
  auto unknown = Post("check", R"({"business":"general_cargo_trucking","rule":"x","bogus":1})");
  EXPECT_EQ(unknown.status, 422u);
  EXPECT_EQ(Pointers(unknown), std::vector<std::string>{"/bogus"});
  auto type = Post("check", R"({"business":"general_cargo_trucking","rule":5})");
  EXPECT_EQ(type.status, 422u);
  EXPECT_EQ(Pointers(type), std::vector<std::string>{"/rule"});
  auto missing = Post("evaluate", R"({"dataset":"trucking"})");
  EXPECT_EQ(missing.status, 422u);
  EXPECT_EQ(Pointers(missing), std::vector<std::string>{"/business"});
  auto date = Post("evaluate", R"({"business":"general_cargo_trucking","as_of":"2025-02-30"})");
  EXPECT_EQ(date.status, 422u);
  EXPECT_EQ(Pointers(date), std::vector<std::string>{"/as_of"});
  std::string big(16 * 1024 + 1, ' ');
  auto huge = Post("check", R"({"business":"general_cargo_trucking","rule":")" + big + R"("})");
  EXPECT_EQ(huge.status, 422u);
  EXPECT_EQ(Pointers(huge), std::vector<std::string>{"/rule"});
  auto limit =
      Post("evaluate", R"({"business":"general_cargo_trucking","as_of":"2025-09-01","limit":-1})");
  EXPECT_EQ(limit.status, 422u);
  EXPECT_EQ(Pointers(limit), std::vector<std::string>{"/limit"});
  auto cov = Post(
      "calibrate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","metric":"vehicles","coverage":1.5})");
  EXPECT_EQ(cov.status, 422u);
  EXPECT_EQ(Pointers(cov), std::vector<std::string>{"/coverage"});
  auto metric = Post(
      "calibrate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","metric":"prefecture","coverage":0.3})");
  EXPECT_EQ(metric.status, 422u);
  EXPECT_EQ(Pointers(metric), std::vector<std::string>{"/metric"});
  auto op = Post("explain", R"({"business":"general_cargo_trucking","as_of":"2025-09-01"})");
  EXPECT_EQ(op.status, 422u);
  EXPECT_EQ(Pointers(op), std::vector<std::string>{"/operator"});
  auto not_json = Post("check", "{");
  EXPECT_EQ(not_json.status, 400u);
  // Unknown names are 404 naming what exists, in Japanese unless ?lang=en.
  auto business = Post("check", R"({"business":"shipping","rule":"x"})");
  EXPECT_EQ(business.status, 404u);
  EXPECT_NE(Str(business.json, "detail").find("general_cargo_trucking"), std::string::npos);
  EXPECT_NE(Str(business.json, "detail").find("定義されていません"), std::string::npos);
  auto version = Post(
      "check", R"({"business":"general_cargo_trucking","criteria":"1999","rule":"x"})", "?lang=en");
  EXPECT_EQ(version.status, 404u);
  EXPECT_NE(Str(version.json, "detail").find("2025-06"), std::string::npos) << version.body;
  auto dataset = Post(
      "evaluate", R"({"business":"general_cargo_trucking","dataset":"nope","as_of":"2025-09-01"})");
  EXPECT_EQ(dataset.status, 404u);
  EXPECT_NE(Str(dataset.json, "detail").find("trucking"), std::string::npos);
  auto wrong =
      Post("evaluate",
           R"({"business":"general_cargo_trucking","dataset":"ports","as_of":"2025-09-01"})");
  EXPECT_EQ(wrong.status, 422u);
  EXPECT_EQ(Pointers(wrong), std::vector<std::string>{"/dataset"});
}

TEST_P(Lab, TheTruckingRevisionComparesAsTheEngineDiffs) {
  auto r = Post("evaluate", R"({"business":"general_cargo_trucking","as_of":"令和7年9月1日"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto& o = r.json.as_object();
  for (const char* key :
       {"schema_version", "business", "dataset", "as_of", "as_of_wareki", "fiscal_year", "criteria",
        "edited", "warnings", "population", "designated", "coverage", "compare", "designees",
        "designees_truncated", "by_prefecture"}) {
    EXPECT_TRUE(o.contains(key)) << key;
  }
  EXPECT_EQ(Str(r.json, "dataset"), "trucking");
  EXPECT_EQ(Str(r.json, "as_of"), "2025-09-01");
  EXPECT_EQ(Str(r.json, "as_of_wareki"), "令和7年9月1日");
  EXPECT_EQ(r.json.at("fiscal_year").as_int64(), 2024);
  EXPECT_EQ(Str(r.json, "criteria"), "2025-06");
  EXPECT_FALSE(r.json.at("edited").as_bool());
  EXPECT_EQ(r.json.at("population").as_int64(), 57169);
  EXPECT_EQ(r.json.at("designated").as_int64(), 10);
  EXPECT_EQ(r.json.at("designees").as_array().size(), 10u);
  EXPECT_FALSE(r.json.at("designees_truncated").as_bool());
  const auto& first = r.json.at("designees").as_array()[0];
  EXPECT_FALSE(Str(first, "name").empty());
  EXPECT_FALSE(Str(first, "prefecture").empty());

  // Coverage of the first numeric field the rule reads (vehicles), unscaled.
  const auto& cov = r.json.at("coverage");
  ASSERT_TRUE(cov.is_object()) << r.body;
  EXPECT_EQ(Str(cov, "metric"), "vehicles");
  EXPECT_EQ(Str(cov.at("label"), "ja"), "車両数");
  double share = cov.at("share").as_double();
  EXPECT_GT(share, 0.0);
  EXPECT_LT(share, 1.0);
  EXPECT_NEAR(share, cov.at("part").to_number<double>() / cov.at("whole").to_number<double>(),
              1e-12);

  // The comparison: the old version (2023), as `kikan diff` gives it.
  const auto& cmp = r.json.at("compare");
  ASSERT_TRUE(cmp.is_object()) << r.body;
  EXPECT_EQ(Str(cmp, "criteria"), "2023");
  EXPECT_EQ(cmp.at("designated").as_int64(), 3);
  EXPECT_FALSE(cmp.at("entered").as_array().empty());
  for (std::optional<base::Date> as_of :
       {std::optional<base::Date>(), std::optional<base::Date>(base::Date::Ymd(2025, 9, 1))}) {
    auto diff = registry::Diff(*regime_, *Trucking(), "general_cargo_trucking", std::nullopt,
                               std::nullopt, as_of);
    ASSERT_TRUE(diff.has_value()) << diff.status().ToString();
    EXPECT_EQ(Ids(cmp.at("entered")), Ids(diff->entered));
    EXPECT_EQ(Ids(cmp.at("left")), Ids(diff->left));
    EXPECT_EQ(cmp.at("stayed_count").as_int64(), static_cast<int64_t>(diff->stayed.size()));
    EXPECT_EQ(diff->entered.size(), 7u);
  }
  EXPECT_TRUE(Ids(cmp.at("entered")).count("fictional-hokuriku-unso"));

  // Counted by prefecture, most first, adding up to every designee.
  int64_t total = 0, previous = INT64_MAX;
  for (const auto& p : r.json.at("by_prefecture").as_array()) {
    int64_t n = p.at("count").as_int64();
    EXPECT_LE(n, previous);
    previous = n;
    total += n;
  }
  EXPECT_EQ(total, 10);

  // limit cuts the list, not the counts.
  auto cut = Post(
      "evaluate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","limit":2,"compare":null})");
  ASSERT_EQ(cut.status, 200u) << cut.body;
  EXPECT_EQ(cut.json.at("designees").as_array().size(), 2u);
  EXPECT_TRUE(cut.json.at("designees_truncated").as_bool());
  EXPECT_EQ(cut.json.at("designated").as_int64(), 10);
  EXPECT_TRUE(cut.json.at("compare").is_null());
  // A decimal metric is answered unscaled.
  auto km = Post(
      "evaluate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","metric":"loaded_vehicle_km"})");
  ASSERT_EQ(km.status, 200u) << km.body;
  EXPECT_TRUE(km.json.at("coverage").at("whole").is_double());
  auto not_numeric =
      Post("evaluate",
           R"({"business":"general_cargo_trucking","as_of":"2025-09-01","metric":"prefecture"})");
  EXPECT_EQ(not_numeric.status, 422u);
  EXPECT_EQ(Pointers(not_numeric), std::vector<std::string>{"/metric"});
}

TEST_P(Lab, AnEditedRuleIsJudgedWithTheBaseVersionsParamsAndPeriod) {
  auto r = Post(
      "evaluate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","rule":"vehicles >= 4999 and nationwide_capable"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.json.at("edited").as_bool());
  EXPECT_EQ(r.json.at("fiscal_year").as_int64(), 2024);  // previous_fiscal_year, as 2025-06
  EXPECT_EQ(r.json.at("designated").as_int64(), 11);
  // Compared with the version in force (the base itself): one more, the 4,999-vehicle carrier.
  const auto& cmp = r.json.at("compare");
  ASSERT_TRUE(cmp.is_object());
  EXPECT_EQ(Str(cmp, "criteria"), "2025-06");
  EXPECT_EQ(Ids(cmp.at("entered")), std::set<std::string>{"fictional-tohoku-butsuryu"});
  EXPECT_TRUE(cmp.at("left").as_array().empty());
  EXPECT_EQ(cmp.at("stayed_count").as_int64(), 10);

  // The base version's own text (whitespace aside) is not an edit.
  auto old = regime_->FindCriteria("general_cargo_trucking", "2023");
  ASSERT_TRUE(old.has_value());
  json::object body{{"business", "general_cargo_trucking"},
                    {"as_of", "2025-09-01"},
                    {"criteria", "2023"},
                    {"rule", "  " + (*old)->rule + "\n"}};
  auto same = Post("evaluate", json::serialize(body));
  ASSERT_EQ(same.status, 200u) << same.body;
  EXPECT_FALSE(same.json.at("edited").as_bool());
  EXPECT_EQ(same.json.at("designated").as_int64(), 3);
  // Named base, not in force at the date: said in a warning.
  EXPECT_FALSE(same.json.at("warnings").as_array().empty());

  auto bad = Post(
      "evaluate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","rule":"vehicles >= 5000 and\nvehicle > 3"})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  ASSERT_EQ(Pointers(bad), std::vector<std::string>{"/rule"});
  const auto& e = bad.json.at("errors").as_array()[0];
  EXPECT_EQ(e.at("line").as_int64(), 2);
  EXPECT_EQ(e.at("column").as_int64(), 1);
  EXPECT_FALSE(Str(e, "detail").empty());
  ASSERT_FALSE(bad.json.at("diagnostics").as_array().empty());
  EXPECT_EQ(bad.json.at("diagnostics").as_array()[0].at("line").as_int64(), 2);
}

TEST_P(Lab, CalibrateDownsamplesTheCurveKeepingTheChosenPoint) {
  auto r = Post(
      "calibrate",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","metric":"vehicles","coverage":0.3})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json.at("schema_version").as_int64(), 1);
  EXPECT_EQ(Str(r.json, "metric"), "vehicles");
  EXPECT_EQ(Str(r.json.at("label"), "en"), "vehicles");
  EXPECT_DOUBLE_EQ(r.json.at("target").as_double(), 0.3);
  EXPECT_EQ(r.json.at("fiscal_year").as_int64(), 2024);
  EXPECT_TRUE(r.json.at("synthetic_data").as_bool());  // the synthetic flag travels with it
  const auto& curve = r.json.at("curve").as_array();
  EXPECT_LE(curve.size(), 400u);
  EXPECT_GT(r.json.at("curve_points").as_int64(), 400);
  const auto& chosen = r.json.at("chosen");
  ASSERT_TRUE(chosen.is_object()) << r.body;
  EXPECT_GE(chosen.at("share").as_double(), 0.3);
  bool found = false;
  double last = 1e18;
  for (const auto& p : curve) {
    double t = p.at("threshold").to_number<double>();
    EXPECT_LT(t, last);  // descending, no duplicates
    last = t;
    found = found ||
            (p.at("threshold") == chosen.at("threshold") && p.at("count") == chosen.at("count"));
  }
  EXPECT_TRUE(found) << "the chosen point is on the curve";
  // First and last of the full curve: the largest fleet, and the smallest (covering 100%).
  EXPECT_EQ(curve.front().at("count").as_int64(), 1);
  EXPECT_DOUBLE_EQ(curve.back().at("share").as_double(), 1.0);
  EXPECT_EQ(curve.back().at("count").as_int64(), 57169);

  // Another kind's field, as the CLI allows: the ports' TEU.
  auto teu = Post(
      "calibrate",
      R"({"business":"general_port_transport","as_of":"2025-05-01","metric":"harbour.annual_teu","coverage":0.75})");
  ASSERT_EQ(teu.status, 200u) << teu.body;
  EXPECT_TRUE(teu.json.at("chosen").is_object());
  EXPECT_LE(teu.json.at("curve").as_array().size(), 400u);
}

// As `kikan calibrate --by port --national-total` does (issue 14 §5): 京浜港 counted as one port
// and MLIT's national total as the denominator reproduce the source document's "five ports, about
// 3/4"; the answer names the total with its year, basis and source; a total the dataset does not
// declare, or a field that is not a reference, is refused at its member.
TEST_P(Lab, CalibrateByPortAgainstTheNationalTotal) {
  auto teu =
      Post("calibrate",
           R"({"business":"general_port_transport","as_of":"2025-05-01",)"
           R"("metric":"harbour.annual_teu","coverage":0.75,"by":"port","national_total":true})");
  ASSERT_EQ(teu.status, 200u) << teu.body;
  EXPECT_EQ(Str(teu.json, "by"), "port");
  const auto& chosen = teu.json.at("chosen");
  ASSERT_TRUE(chosen.is_object()) << teu.body;
  EXPECT_EQ(chosen.at("count").as_int64(), 5);
  EXPECT_NEAR(chosen.at("share").as_double(), 0.7663, 0.0001);
  const auto& total = teu.json.at("total");
  ASSERT_TRUE(total.is_object()) << teu.body;
  EXPECT_EQ(total.at("value").as_int64(), 21'790'000);
  EXPECT_EQ(total.at("year").as_int64(), 2024);
  EXPECT_EQ(Str(total, "metric"), "harbour.annual_teu");
  EXPECT_FALSE(Str(total.at("source"), "text").empty());
  EXPECT_TRUE(teu.json.at("national_total_available").as_bool());
  bool port = false;
  for (const auto& g : teu.json.at("group_options").as_array()) port |= g.as_string() == "port";
  EXPECT_TRUE(port) << teu.body;
  // Without the options: each harbour a unit, over the harbours' own sum.
  auto plain = Post("calibrate", R"({"business":"general_port_transport","as_of":"2025-05-01",)"
                                 R"("metric":"harbour.annual_teu","coverage":0.75})");
  ASSERT_EQ(plain.status, 200u) << plain.body;
  EXPECT_TRUE(plain.json.at("total").is_null());
  EXPECT_TRUE(plain.json.at("by").is_null());
  // The harbours in the file cover more of their own sum than the five ports do of the nation.
  EXPECT_GT(plain.json.at("chosen").at("share").as_double(), 0.8) << plain.body;

  auto no_total = Post("calibrate", R"({"business":"general_cargo_trucking","as_of":"2025-09-01",)"
                                    R"("metric":"vehicles","coverage":0.3,"national_total":true})");
  ASSERT_EQ(no_total.status, 422u) << no_total.body;
  EXPECT_NE(no_total.body.find("/national_total"), std::string::npos) << no_total.body;
  auto bad_group =
      Post("calibrate", R"({"business":"general_port_transport","as_of":"2025-05-01",)"
                        R"("metric":"harbour.annual_teu","coverage":0.75,"by":"name"})");
  ASSERT_EQ(bad_group.status, 422u) << bad_group.body;
  EXPECT_NE(bad_group.body.find("/by"), std::string::npos) << bad_group.body;
  auto bad_type =
      Post("calibrate", R"({"business":"general_port_transport","metric":"harbour.annual_teu",)"
                        R"("coverage":0.75,"national_total":"yes"})");
  ASSERT_EQ(bad_type.status, 422u) << bad_type.body;
  EXPECT_NE(bad_type.body.find("/national_total"), std::string::npos) << bad_type.body;
}

// Three-valued results (issue 14 §4) through the lab: the fictional organisations of the medical
// dataset have no 法人番号 (empty cells), so a rule that needs it where nothing else decides leaves
// them undetermined; the counts of the three states, and an explanation's status and the input
// that would decide it, say so.
TEST_P(Lab, MissingValuesAreUndeterminedAndCountedApart) {
  const std::string base =
      R"({"business":"medical_dx_platform","criteria":"2025-06-proposal","rule":"operates_medical_dx_systems or corporate_number = \"1234567890123\"")";
  auto ev = Post("evaluate", base + "}");
  ASSERT_EQ(ev.status, 200u) << ev.body;
  EXPECT_EQ(ev.json.at("population").as_int64(), 3);
  EXPECT_EQ(ev.json.at("designated").as_int64(), 1);
  EXPECT_EQ(ev.json.at("not_designated").as_int64(), 0);
  EXPECT_EQ(ev.json.at("undetermined").as_int64(), 2);
  auto ex = Post("explain", base + R"(,"operator":"fictional-iryo-joho"})");
  ASSERT_EQ(ex.status, 200u) << ex.body;
  EXPECT_FALSE(ex.json.at("designated").as_bool());
  EXPECT_EQ(Str(ex.json, "status"), "undetermined");
  ASSERT_EQ(ex.json.at("missing").as_array().size(), 1u);
  EXPECT_EQ(ex.json.at("missing").as_array()[0].as_string(), "corporate_number");
  EXPECT_FALSE(ex.json.at("explanation").at("determined").as_bool());
  auto decided = Post("explain", base + R"(,"operator":"shiharai-kikin"})");
  ASSERT_EQ(decided.status, 200u) << decided.body;
  EXPECT_EQ(Str(decided.json, "status"), "designated");
  EXPECT_TRUE(decided.json.at("missing").as_array().empty());
}

TEST_P(Lab, ExplainShowsWhyAnOperatorIsDesignated) {
  auto r = Post(
      "explain",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","operator":"nippon-express"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json.at("schema_version").as_int64(), 1);
  EXPECT_EQ(Str(r.json.at("operator"), "id"), "nippon-express");
  EXPECT_EQ(Str(r.json.at("operator"), "name"), "日本通運株式会社");
  EXPECT_TRUE(r.json.at("designated").as_bool());
  EXPECT_TRUE(r.json.at("synthetic_data").as_bool());  // the synthetic flag travels with it
  const auto& ex = r.json.at("explanation");
  ASSERT_TRUE(ex.is_object());
  EXPECT_EQ(ex.at("schema_version").as_int64(), 1);
  EXPECT_TRUE(ex.at("result").as_bool());
  EXPECT_TRUE(ex.as_object().contains("root"));

  // With an edited rule the explanation is of that rule.
  auto edited = Post(
      "explain",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","operator":"nippon-express","rule":"vehicles >= 1000000"})");
  ASSERT_EQ(edited.status, 200u) << edited.body;
  EXPECT_FALSE(edited.json.at("designated").as_bool());
  EXPECT_TRUE(edited.json.at("edited").as_bool());

  auto unknown = Post(
      "explain",
      R"({"business":"general_cargo_trucking","as_of":"2025-09-01","operator":"no-such-carrier"})",
      "?lang=en");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_NE(Str(unknown.json, "detail").find("no-such-carrier"), std::string::npos);
}

TEST_P(Lab, PortDesignationsListTheirSitesAsTheSourceDocumentsTable) {
  auto r = Call("GET", "/api/v1/designations?business=general_port_transport");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json.at("count").as_int64(), 32);
  std::map<std::string, int> by_harbour;
  std::map<std::string, std::string> port_of;
  for (const auto& d : r.json.at("designations").as_array()) {
    const auto& sites = d.at("sites").as_array();
    EXPECT_FALSE(sites.empty()) << Str(d.at("operator"), "id");
    for (const auto& s : sites) {
      ++by_harbour[Str(s, "harbour_name")];
      port_of[Str(s, "harbour_name")] = Str(s, "port_name");
      EXPECT_FALSE(Str(s, "harbour").empty());
      EXPECT_FALSE(Str(s, "port").empty());
    }
  }
  const std::map<std::string, int> expected = {{"東京港", 12},  {"横浜港", 14}, {"川崎港", 1},
                                               {"名古屋港", 9}, {"大阪港", 11}, {"神戸港", 10},
                                               {"博多港", 6}};
  EXPECT_EQ(by_harbour, expected);
  EXPECT_EQ(port_of["東京港"], "京浜港");
  EXPECT_EQ(port_of["横浜港"], "京浜港");
  EXPECT_EQ(port_of["川崎港"], "京浜港");
  EXPECT_EQ(port_of["博多港"], "博多港");
  // Other businesses have none.
  auto trucking = Call("GET", "/api/v1/designations?business=general_cargo_trucking");
  for (const auto& d : trucking.json.at("designations").as_array()) {
    EXPECT_TRUE(d.at("sites").as_array().empty());
  }
  // Every designated operator with a head office in the data has it in the register.
  for (const auto& d : trucking.json.at("designations").as_array()) {
    EXPECT_FALSE(Str(d.at("operator"), "prefecture").empty()) << Str(d.at("operator"), "id");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Lab, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kikan::testing
