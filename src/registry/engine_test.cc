#include "registry/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kikan::registry {
namespace {

namespace fs = std::filesystem;
using base::Date;

// A small pack and dataset written to a temp dir: two criteria versions of one business, yearly
// observations for fiscal years 2023 and 2024.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("kikan_engine_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "regime");
    fs::create_directories(root_ / "datasets" / "demo");
    Write(root_ / "regime" / "demo.toml", R"([pack]
id = "demo"
sector = { id = "demo", ja = "試験", en = "Test", act = "法第50条" }
ministry = { id = "mlit", ja = "国土交通省", en = "MLIT" }

[[business]]
id = "haulage"
ja = "運送事業"
en = "Haulage"
cabinet_order = "令第1条"

[[entity]]
kind = "operator"
fields.vehicles = { type = "int", ja = "車両数", unit = "台" }
fields.nationwide = { type = "bool", ja = "全国" }

[[criteria]]
business = "haulage"
version = "old"
effective_from = 2023-04-01
effective_until = 2025-06-29
status = "repealed"
citation = "省令第1条"
period = "as_of"
rule = "share(vehicles) >= 20%"
rationale = "test"

[[criteria]]
business = "haulage"
version = "new"
effective_from = 2025-06-30
status = "in_force"
citation = "省令第1条（改正後）"
period = "previous_fiscal_year"
rule = "vehicles >= 100 and nationwide"
rationale = "test"
)");
    Write(root_ / "datasets" / "demo" / "dataset.toml", R"(name = "demo"
description = "test data"
synthetic = true
sources = []
businesses = ["haulage"]
)");
    // FY2024: a=500 (50%), b=300 (30%, not nationwide), c=150, d=50. Total 1000.
    // old (share >= 20%) = {a, b}; new (>= 100 and nationwide) = {a, c}.
    Write(root_ / "datasets" / "demo" / "operator.csv",
          "id,name,fiscal_year,vehicles,nationwide\n"
          "a,Alpha,2023,400,true\n"
          "b,Beta,2023,100,true\n"
          "c,Gamma,2023,100,false\n"
          "d,Delta,2023,400,true\n"
          "a,Alpha,2024,500,true\n"
          "b,Beta,2024,300,false\n"
          "c,Gamma,2024,150,true\n"
          "d,Delta,2024,50,true\n");
    std::vector<regime::PackProblem> problems;
    auto regime = regime::Load({(root_ / "regime").string()}, &problems);
    ASSERT_TRUE(regime.has_value())
        << (problems.empty() ? "" : problems[0].Render(base::Lang::kEn));
    regime_.emplace(std::move(*regime));
    auto dataset =
        Dataset::Load((root_ / "datasets" / "demo").string(), regime_->packs()[0].schema);
    ASSERT_TRUE(dataset.has_value()) << dataset.status().ToString();
    dataset_.emplace(std::move(*dataset));
  }
  void TearDown() override { fs::remove_all(root_); }

  // Replaces the dataset's operator.csv and reloads it.
  void ReloadWith(const std::string& csv) {
    Write(root_ / "datasets" / "demo" / "operator.csv", csv);
    auto dataset =
        Dataset::Load((root_ / "datasets" / "demo").string(), regime_->packs()[0].schema);
    ASSERT_TRUE(dataset.has_value()) << dataset.status().ToString();
    dataset_.emplace(std::move(*dataset));
  }

  static void Write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }

  std::vector<std::string> Designated(const Evaluation& ev) {
    std::vector<std::string> ids;
    for (size_t r = 0; r < ev.designated.size(); ++r) {
      if (ev.designated[r]) ids.push_back(ev.subject().ids[r]);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  fs::path root_;
  std::optional<regime::Regime> regime_;
  std::optional<Dataset> dataset_;
};

TEST_F(EngineTest, PicksTheCriteriaInForceAndTheLatestYearForAsOf) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->criteria->version, "old");
  EXPECT_EQ(ev->fiscal_year, 2024);  // FY2025 has no record yet: the latest is FY2024
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ev->warnings.empty());
}

TEST_F(EngineTest, AsOfInAnEarlierYearJudgesThatYear) {
  // 2024-05-10 is in FY2024: the latest year that had ended is FY2023.
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2024, 5, 10)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->fiscal_year, 2023);
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a", "d"}));
}

// Issue 14 §5: a fiscal year that had not ended on the date judged is not used as that year's
// record. FY y ends on (y+1)-03-31.
TEST_F(EngineTest, AFiscalYearNotEndedOnTheDateIsNotItsRecord) {
  // In FY2023 (2024-01-10, and its last day 2024-03-31) FY2023 had not ended; the data holds
  // nothing earlier: refused, saying why.
  for (Date d : {Date::Ymd(2024, 1, 10), Date::Ymd(2024, 3, 31)}) {
    auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, d, true});
    ASSERT_FALSE(ev.has_value()) << d.ToIso();
    EXPECT_EQ(ev.status().code(), base::StatusCode::kFailedPrecondition);
    EXPECT_NE(ev.status().en().find("not yet ended"), std::string::npos) << ev.status().en();
    EXPECT_NE(ev.status().ja().find("終了していない年度"), std::string::npos);
  }
  // The next day FY2023 has ended and is the record.
  auto next = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2024, 4, 1)});
  ASSERT_TRUE(next.has_value()) << next.status().ToString();
  EXPECT_EQ(next->fiscal_year, 2023);
  // Data for a year still running (FY2025 on 2025-05-01) is there but not used.
  ReloadWith(
      "id,name,fiscal_year,vehicles,nationwide\na,Alpha,2024,500,true\nb,Beta,2024,500,true\n"
      "a,Alpha,2025,900,true\nb,Beta,2025,100,true\n");
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->fiscal_year, 2024);
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a", "b"}));  // 50% each in FY2024
  std::optional<int> fy;
  std::vector<base::Text> warnings;
  auto pop = SnapshotAt(*dataset_, Date::Ymd(2025, 5, 1), true, &fy, &warnings);
  ASSERT_TRUE(pop.has_value()) << pop.status().ToString();
  EXPECT_EQ(fy, 2024);
}

TEST_F(EngineTest, PreviousFiscalYearJudgesTheYearBefore) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->criteria->version, "new");
  EXPECT_EQ(ev->fiscal_year, 2024);
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a", "c"}));
  // In FY2026 the previous year (2025) has no record: said, not guessed.
  auto later = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2026, 5, 1)});
  ASSERT_FALSE(later.has_value());
  EXPECT_EQ(later.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(later.status().en().find("2025"), std::string::npos) << later.status().en();
}

TEST_F(EngineTest, AnEditedRuleIsJudgedWithTheVersionsPeriod) {
  EvaluationRequest request{"haulage", "new", Date::Ymd(2025, 7, 1)};
  request.rule = "vehicles >= 200 and nationwide";
  auto ev = Evaluate(*regime_, *dataset_, request);
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->criteria->version, "new");
  EXPECT_EQ(ev->fiscal_year, 2024);  // the version's previous_fiscal_year period still applies
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a"}));
  ASSERT_NE(ev->edited_rule, nullptr);
  EXPECT_EQ(ev->rule, ev->edited_rule.get());
  auto ex = ev->Explain(*ev->RowOf("c"));
  ASSERT_TRUE(ex.has_value()) << ex.status().ToString();
  EXPECT_FALSE(ex->result);  // explained with the edited rule (150 < 200)
  // The version's own rule is untouched and still designates {a, c}.
  auto own = Evaluate(*regime_, *dataset_, {"haulage", "new", Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(Designated(*own), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(own->rule, &*own->criteria->compiled);
}

TEST_F(EngineTest, AnEditedRuleThatDoesNotCompileIsInvalidWithPositionsInTheRule) {
  EvaluationRequest request{"haulage", "new", Date::Ymd(2025, 7, 1)};
  request.rule = "vehicles >= 200 and\nvehicle > 3";
  auto ev = Evaluate(*regime_, *dataset_, request);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), base::StatusCode::kInvalidArgument);
  std::vector<rules::Diagnostic> diagnostics;
  auto c = regime_->FindCriteria("haulage", "new");
  ASSERT_TRUE(c.has_value());
  auto compiled = CompileRuleFor(*regime_, **c, *request.rule, &diagnostics);
  ASSERT_FALSE(compiled.has_value());
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].loc, (rules::Location{2, 1}));
  EXPECT_EQ(diagnostics[0].length, 7);
}

TEST_F(EngineTest, ADefaultedDateFallsBackToTheLatestRecordWithAWarning) {
  EvaluationRequest request{"haulage", std::nullopt, Date::Ymd(2026, 5, 1), /*as_of_given=*/false};
  auto ev = Evaluate(*regime_, *dataset_, request);
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(ev->fiscal_year, 2024);
  ASSERT_EQ(ev->warnings.size(), 1u);
  EXPECT_NE(ev->warnings[0].en.find("fiscal year 2024"), std::string::npos) << ev->warnings[0].en;
}

TEST_F(EngineTest, NoCriteriaInForceIsAnError) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2020, 1, 1)});
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), base::StatusCode::kFailedPrecondition);
}

TEST_F(EngineTest, NamedVersionOutsideItsPeriodWarns) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::string("old"), Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  ASSERT_EQ(ev->warnings.size(), 1u);
  EXPECT_NE(ev->warnings[0].en.find("outside their effective period"), std::string::npos);
}

TEST_F(EngineTest, UnknownBusinessAndVersionAreNamed) {
  auto ev = Evaluate(*regime_, *dataset_, {"nope", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_FALSE(ev.has_value());
  EXPECT_NE(ev.status().en().find("haulage"), std::string::npos);
  auto ver = Evaluate(*regime_, *dataset_, {"haulage", std::string("x"), Date::Ymd(2025, 5, 1)});
  ASSERT_FALSE(ver.has_value());
  EXPECT_EQ(ver.status().code(), base::StatusCode::kNotFound);
}

TEST_F(EngineTest, DiffSortsOperatorsIntoEnteredLeftStayed) {
  // Both judged at the new version's start (2025-06-30): FY2024 for both.
  auto d = Diff(*regime_, *dataset_, "haulage", std::nullopt, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.has_value()) << d.status().ToString();
  EXPECT_EQ(d->from->version, "old");
  EXPECT_EQ(d->to->version, "new");
  EXPECT_EQ(d->as_of, Date::Ymd(2025, 6, 30));
  ASSERT_EQ(d->entered.size(), 1u);
  EXPECT_EQ(d->entered[0].id, "c");
  EXPECT_EQ(d->entered[0].name, "Gamma");
  ASSERT_EQ(d->left.size(), 1u);
  EXPECT_EQ(d->left[0].id, "b");
  ASSERT_EQ(d->stayed.size(), 1u);
  EXPECT_EQ(d->stayed[0].id, "a");
  // Reversed, entered and left swap.
  auto r = Diff(*regime_, *dataset_, "haulage", std::string("new"), std::string("old"),
                Date::Ymd(2025, 6, 30));
  ASSERT_TRUE(r.has_value()) << r.status().ToString();
  ASSERT_EQ(r->entered.size(), 1u);
  EXPECT_EQ(r->entered[0].id, "b");
  EXPECT_EQ(r->left[0].id, "c");
}

TEST_F(EngineTest, DiffWithoutAnEarlierVersionIsAnError) {
  auto d = Diff(*regime_, *dataset_, "haulage", std::nullopt, std::string("old"), std::nullopt);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(d.status().en().find("name the version to compare from"), std::string::npos)
      << d.status().en();
  EXPECT_EQ(d.status().en().find("--"), std::string::npos) << "no CLI flag in a domain message";
}

TEST_F(EngineTest, AColumnTheRuleReadsWithNoValueIsAnError) {
  ReloadWith("id,name,fiscal_year,nationwide\na,Alpha,2024,true\nb,Beta,2024,false\n");
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(ev.status().en().find("operator.vehicles"), std::string::npos) << ev.status().en();
}

TEST_F(EngineTest, MissingValuesAreCountedInAWarning) {
  ReloadWith(
      "id,name,fiscal_year,vehicles,nationwide\na,Alpha,2024,500,true\nb,Beta,2024,,true\n"
      "c,Gamma,2024,,false\n");
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  EXPECT_EQ(Designated(*ev), (std::vector<std::string>{"a"}));
  ASSERT_EQ(ev->warnings.size(), 1u);
  EXPECT_NE(ev->warnings[0].en.find("2 operators have no value for operator.vehicles"),
            std::string::npos)
      << ev->warnings[0].en;
  // The old criteria, share(vehicles) >= 20%: b's share is unknown, so b is undetermined; c's
  // too (its share does not depend on nationwide). The total skips them (missing = "skip").
  EXPECT_EQ(ev->VerdictAt(0), Verdict::kDesignated);
  EXPECT_EQ(ev->VerdictAt(1), Verdict::kUndetermined);
  EXPECT_EQ(ev->VerdictAt(2), Verdict::kUndetermined);
  const Tally t = ev->tally();
  EXPECT_EQ(t.designated, 1u);
  EXPECT_EQ(t.not_designated, 0u);
  EXPECT_EQ(t.undetermined, 2u);
  EXPECT_EQ(VerdictName(Verdict::kUndetermined), "undetermined");
  EXPECT_EQ(VerdictName(Verdict::kNotDesignated), "not_designated");
  // The new criteria, vehicles >= 100 and nationwide: c is decided by nationwide = false.
  auto later = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(later.has_value()) << later.status().ToString();
  EXPECT_EQ(later->VerdictAt(1), Verdict::kUndetermined);
  EXPECT_EQ(later->VerdictAt(2), Verdict::kNotDesignated);
  auto ex = later->Explain(1);
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(Evaluation::MissingInputs(*ex), (std::vector<std::string>{"vehicles"}));
}

TEST_F(EngineTest, SharesOfAZeroTotalAreRefused) {
  ReloadWith("id,name,fiscal_year,vehicles,nationwide\na,Alpha,2024,0,true\nb,Beta,2024,0,true\n");
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::string("new"), Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  auto cov = CoverageOf(*ev, "vehicles");
  ASSERT_FALSE(cov.has_value());
  EXPECT_EQ(cov.status().code(), base::StatusCode::kFailedPrecondition);
  auto cal = Calibrate(ev->population, ev->pack->schema, "operator", "vehicles", 0.3);
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.status().code(), base::StatusCode::kFailedPrecondition);
}

TEST_F(EngineTest, AnOverflowingTotalIsRefused) {
  ReloadWith(
      "id,name,fiscal_year,vehicles,nationwide\na,Alpha,2024,9000000000000000000,true\n"
      "b,Beta,2024,9000000000000000000,true\n");
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::string("new"), Date::Ymd(2025, 7, 1)});
  ASSERT_TRUE(ev.has_value()) << ev.status().ToString();
  auto cal = Calibrate(ev->population, ev->pack->schema, "operator", "vehicles", 0.3);
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(CoverageOf(*ev, "vehicles").status().code(), base::StatusCode::kOutOfRange);
}

TEST_F(EngineTest, SnapshotAtTakesTheLatestRecordWithoutCriteria) {
  std::optional<int> fy;
  std::vector<base::Text> warnings;
  auto pop = SnapshotAt(*dataset_, Date::Ymd(2024, 5, 10), true, &fy, &warnings);
  ASSERT_TRUE(pop.has_value()) << pop.status().ToString();
  EXPECT_EQ(fy, 2023);
  EXPECT_EQ(pop->Find("operator")->size(), 4u);
}

TEST_F(EngineTest, CoverageIsAnExactShare) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value());
  auto cov = CoverageOf(*ev, "vehicles");
  ASSERT_TRUE(cov.has_value()) << cov.status().ToString();
  EXPECT_EQ(cov->share.part, 800);  // a and b
  EXPECT_EQ(cov->share.whole, 1000);
  EXPECT_EQ(cov->designated, 2u);
  EXPECT_EQ(cov->population, 4u);
  auto bad = CoverageOf(*ev, "nationwide");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.status().en().find("vehicles"), std::string::npos);  // lists numeric fields
}

TEST_F(EngineTest, CalibrateFindsTheHighestThresholdReachingTheTarget) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value());
  const auto& schema = ev->pack->schema;
  auto cal = Calibrate(ev->population, schema, "operator", "vehicles", 0.5);
  ASSERT_TRUE(cal.has_value()) << cal.status().ToString();
  ASSERT_TRUE(cal->chosen.has_value());
  EXPECT_EQ(cal->chosen->threshold, 500);  // a alone holds exactly 50%
  EXPECT_EQ(cal->chosen->count, 1u);
  auto more = Calibrate(ev->population, schema, "operator", "vehicles", 0.51);
  ASSERT_TRUE(more.has_value());
  EXPECT_EQ(more->chosen->threshold, 300);
  EXPECT_EQ(more->chosen->count, 2u);
  ASSERT_EQ(more->curve.size(), 4u);
  EXPECT_EQ(more->curve.back().share.part, 1000);
  EXPECT_FALSE(Calibrate(ev->population, schema, "operator", "vehicles", 0).has_value());
  EXPECT_FALSE(Calibrate(ev->population, schema, "operator", "vehicles", 1.5).has_value());
}

TEST_F(EngineTest, CalibrateAgainstAGivenTotalAndItsRefusals) {
  auto ev = Evaluate(*regime_, *dataset_, {"haulage", std::nullopt, Date::Ymd(2025, 5, 1)});
  ASSERT_TRUE(ev.has_value());
  const auto& schema = ev->pack->schema;
  // The rows hold 1000 of a total of 2000: 50% needs every row, and no threshold reaches 60%.
  auto half = Calibrate(ev->population, schema, "operator", "vehicles", 0.5, {.total = 2000});
  ASSERT_TRUE(half.has_value()) << half.status().ToString();
  ASSERT_TRUE(half->chosen.has_value());
  EXPECT_EQ(half->chosen->count, 4u);
  EXPECT_EQ(half->chosen->share.whole, 2000);
  auto beyond = Calibrate(ev->population, schema, "operator", "vehicles", 0.6, {.total = 2000});
  ASSERT_TRUE(beyond.has_value());
  EXPECT_FALSE(beyond->chosen.has_value());
  // A total below the rows' sum does not fit the data.
  auto small = Calibrate(ev->population, schema, "operator", "vehicles", 0.5, {.total = 999});
  ASSERT_FALSE(small.has_value());
  EXPECT_EQ(small.status().code(), base::StatusCode::kFailedPrecondition);
  // Only a reference field groups rows.
  auto bad =
      Calibrate(ev->population, schema, "operator", "vehicles", 0.5, {.group_by = "nationwide"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.status().code(), base::StatusCode::kInvalidArgument);
}

TEST_F(EngineTest, FindsTheDatasetOfABusiness) {
  auto dir = FindDatasetDir((root_ / "datasets").string(), "haulage");
  ASSERT_TRUE(dir.has_value()) << dir.status().ToString();
  EXPECT_EQ(fs::path(*dir).filename(), "demo");
  EXPECT_FALSE(FindDatasetDir((root_ / "datasets").string(), "other").has_value());
}

}  // namespace
}  // namespace kikan::registry
