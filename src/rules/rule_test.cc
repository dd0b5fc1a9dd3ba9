#include "rules/rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/eval.h"

namespace kikan::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Schema TruckSchema() {
  Schema s;
  EntityKind op;
  op.name = "operator";
  for (auto [name, kind] :
       std::vector<std::pair<const char*, TypeKind>>{{"vehicles", TypeKind::kInt},
                                                     {"tonnage", TypeKind::kDecimal},
                                                     {"nationwide_capable", TypeKind::kBool},
                                                     {"prefecture", TypeKind::kText}}) {
    FieldDef f;
    f.name = name;
    f.type.kind = kind;
    op.fields.push_back(f);
  }
  EXPECT_TRUE(s.AddKind(op).ok());
  return s;
}

Population TruckPop(std::vector<int64_t> vehicles, std::vector<uint8_t> capable,
                    std::vector<uint8_t> valid = {}) {
  Table t;
  t.kind = "operator";
  for (size_t r = 0; r < vehicles.size(); ++r) {
    t.ids.push_back("op" + std::to_string(r));
    t.names.push_back("Operator " + std::to_string(r));
  }
  Column v;
  v.type = FieldType{TypeKind::kInt, {}};
  v.i64 = vehicles;
  v.valid = valid;
  Column ton;
  ton.type = FieldType{TypeKind::kDecimal, {}};
  ton.i64 = vehicles;
  Column c;
  c.type = FieldType{TypeKind::kBool, {}};
  c.b = capable;
  Column p;
  p.type = FieldType{TypeKind::kText, {}};
  for (size_t r = 0; r < vehicles.size(); ++r) p.text.push_back(r % 2 ? "東京都" : "大阪府");
  t.columns["vehicles"] = v;
  t.columns["tonnage"] = ton;
  t.columns["nationwide_capable"] = c;
  t.columns["prefecture"] = p;
  Population pop;
  pop.Add(std::move(t));
  return pop;
}

CompileOptions Opts(const Schema& s) {
  CompileOptions o;
  o.schema = &s;
  o.subject = "operator";
  o.params["min_vehicles"] = Value::Int(5000);
  return o;
}

TEST(RuleTest, ComparisonAndLogic) {
  Schema s = TruckSchema();
  auto rule = Compile("vehicles >= $min_vehicles and nationwide_capable", Opts(s));
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  auto pop = TruckPop({4999, 5000, 12000, 7000}, {1, 1, 1, 0});
  auto r = rule->EvaluateAll(pop);
  ASSERT_TRUE(r.has_value()) << r.status().ToString();
  EXPECT_THAT(*r, ElementsAre(0, 1, 1, 0));
  auto ex = rule->Explain(pop, 2);
  ASSERT_TRUE(ex.has_value());
  EXPECT_TRUE(ex->result);
  EXPECT_THAT(ex->ToText(base::Lang::kEn), HasSubstr("vehicles  (12,000)"));
  EXPECT_THAT(rule->fields_read(), ElementsAre("operator.nationwide_capable", "operator.vehicles"));
}

TEST(RuleTest, MissingValueMakesTheComparisonAndItsNegationUnknown) {
  // Kleene's logic (kleene_test.cc has the truth tables): neither `vehicles >= 1` nor its
  // negation holds for a row whose vehicles are missing; both are unknown there.
  Schema s = TruckSchema();
  auto pop = TruckPop({9000, 9000}, {1, 1}, {1, 0});
  auto a = Compile("vehicles >= 1", Opts(s));
  ASSERT_TRUE(a.has_value());
  EXPECT_THAT(*a->EvaluateAll(pop), ElementsAre(1, 0));
  auto b = Compile("not (vehicles >= 1)", Opts(s));
  ASSERT_TRUE(b.has_value());
  EXPECT_THAT(*b->EvaluateAll(pop), ElementsAre(0, 0));
  auto v = b->EvaluateVerdicts(pop);
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->known, ElementsAre(1, 0));
}

TEST(RuleTest, ShareExactlyFivePercent) {
  Schema s = TruckSchema();
  // total 100: 5 is exactly 5%, 4 is not.
  auto pop = TruckPop({5, 4, 91}, {1, 1, 1});
  auto rule = Compile("share(vehicles) >= 5%", Opts(s));
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  EXPECT_THAT(*rule->EvaluateAll(pop), ElementsAre(1, 0, 1));
  auto ex = rule->Explain(pop, 0);
  ASSERT_TRUE(ex.has_value());
  EXPECT_THAT(ex->ToText(base::Lang::kEn), HasSubstr("(5.00%)"));
}

TEST(RuleTest, UnknownFieldHasCaretAndSuggestion) {
  Schema s = TruckSchema();
  std::vector<Diagnostic> d;
  auto rule = Compile("vehicle >= 5000", Opts(s), &d);
  ASSERT_FALSE(rule.has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].Render("vehicle >= 5000", "r.kikan", base::Lang::kEn),
            "r.kikan:1:1: unknown field `vehicle` of operator (did you mean `vehicles`?)\n"
            "  vehicle >= 5000\n"
            "  ^^^^^^^");
}

// Carets count display cells, as the pack loader's do: a wide (East Asian W or F) character
// underlined takes two carets (one caret a code point before).
TEST(RuleTest, CaretsCountDisplayCells) {
  Schema s = TruckSchema();
  std::vector<Diagnostic> d;
  const char* src = "vehicles >= 1 # 保有台数\nand 台数 >= 5";
  auto rule = Compile(src, Opts(s), &d);
  ASSERT_FALSE(rule.has_value());
  ASSERT_FALSE(d.empty());
  const std::string text = d[0].Render(src, "r.kikan", base::Lang::kEn);
  EXPECT_THAT(text, HasSubstr("unexpected character `台`\n  and 台数 >= 5\n      ^^"));
  EXPECT_THAT(text, Not(HasSubstr("^^^")));
}

TEST(RuleTest, ExtremeConstantsAreExactAndAgree) {
  Schema s = TruckSchema();
  const int64_t kMax = INT64_MAX;
  auto pop = TruckPop({kMax / 2, kMax / 4, 1, -kMax}, {1, 1, 1, 1});
  for (const char* src :
       {"share(vehicles) >= 9_000_000_000_000_000_000", "share(vehicles) < 0.01%",
        "vehicles >= 9_223_372_036_854_775_807", "vehicles > -9_223_372_036_854_775_807",
        "tonnage >= 922_337_203_685_477.5807", "vehicles = 0.5", "vehicles != 0.5",
        "share(vehicles) = 100%", "sum(vehicles) > 1", "rank(vehicles) = 4"}) {
    auto rule = Compile(src, Opts(s));
    ASSERT_TRUE(rule.has_value()) << src << ": " << rule.status().ToString();
    auto all = rule->EvaluateAll(pop);
    if (!all.has_value()) {
      // Only sums may fail, and then they fail both ways.
      EXPECT_EQ(all.status().code(), base::StatusCode::kOutOfRange) << src;
      continue;
    }
    auto ex = rule->ExplainRows(pop, {0, 1, 2, 3});
    ASSERT_TRUE(ex.has_value()) << src;
    for (size_t r = 0; r < 4; ++r) EXPECT_EQ((*all)[r] != 0, (*ex)[r].result) << src << " " << r;
  }
  // vehicles = 0.5 can never hold for an int; != 0.5 always does (for present values).
  auto eq = Compile("vehicles = 0.5", Opts(s));
  EXPECT_THAT(*eq->EvaluateAll(pop), ElementsAre(0, 0, 0, 0));
  auto big = Compile("vehicles >= 9_223_372_036_854_775_807", Opts(s));
  EXPECT_THAT(*big->EvaluateAll(pop), ElementsAre(0, 0, 0, 0));
}

TEST(RuleTest, PopulationSumsAreExact) {
  Schema s = TruckSchema();
  auto pop = TruckPop({INT64_MAX, INT64_MIN, -1, 5}, {1, 1, 1, 1});
  auto rule = Compile("sum(vehicles) = 3", Opts(s));
  ASSERT_TRUE(rule.has_value());
  EXPECT_THAT(*rule->EvaluateAll(pop), ElementsAre(1, 1, 1, 1));
  auto ex = rule->Explain(pop, 0);
  ASSERT_TRUE(ex.has_value());
  EXPECT_TRUE(ex->result);
  auto over = TruckPop({INT64_MAX, INT64_MAX}, {1, 1});
  auto r = rule->EvaluateAll(over);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kOutOfRange);
  EXPECT_FALSE(rule->Explain(over, 0).has_value());
  // Negative totals make shares missing (false), whatever the comparison.
  auto neg = TruckPop({-5, 1}, {1, 1});
  auto share = Compile("share(vehicles) >= 0% or share(vehicles) < 0%", Opts(s));
  EXPECT_THAT(*share->EvaluateAll(neg), ElementsAre(0, 0));
}

TEST(RuleTest, EmptyPopulationGivesEmptyResult) {
  Schema s = TruckSchema();
  auto pop = TruckPop({}, {});
  for (const char* src : {"vehicles >= 1 and nationwide_capable", "share(vehicles) >= 5%",
                          "rank(vehicles, by: prefecture) <= 3", "sum(tonnage) > 0"}) {
    auto rule = Compile(src, Opts(s));
    ASSERT_TRUE(rule.has_value()) << src;
    auto all = rule->EvaluateAll(pop);
    ASSERT_TRUE(all.has_value()) << src << ": " << all.status().ToString();
    EXPECT_TRUE(all->empty());
    auto ex = rule->ExplainRows(pop, {});
    ASSERT_TRUE(ex.has_value());
    EXPECT_TRUE(ex->empty());
  }
}

TEST(RuleTest, EvaluationErrorsArePreconditions) {
  Schema s = TruckSchema();
  auto rule = Compile("vehicles >= 1", Opts(s));
  ASSERT_TRUE(rule.has_value());
  Population empty;
  auto r = rule->EvaluateAll(empty);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kFailedPrecondition);
  auto pop = TruckPop({1, 2}, {1, 1});
  pop.FindMutable("operator")->columns["vehicles"].type.kind = TypeKind::kText;
  r = rule->EvaluateAll(pop);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kFailedPrecondition);
  auto ok = TruckPop({1, 2}, {1, 1});
  auto ex = rule->Explain(ok, 2);
  ASSERT_FALSE(ex.has_value());
  EXPECT_EQ(ex.status().code(), base::StatusCode::kOutOfRange);
}

TEST(RuleTest, OriginShiftsDiagnosticsButRenderUsesTheSource) {
  Schema s = TruckSchema();
  CompileOptions o = Opts(s);
  o.origin = {40, 8};
  std::vector<Diagnostic> d;
  auto rule = Compile("vehicles >= 1\nand nationwide_capabl", o, &d);
  ASSERT_FALSE(rule.has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].loc, (Location{41, 5}));
  EXPECT_EQ(d[0].Render("vehicles >= 1\nand nationwide_capabl", "pack.toml", base::Lang::kJa),
            "pack.toml:41:5: operator に項目 `nationwide_capabl` はありません"
            "（`nationwide_capable` のことですか）\n"
            "  and nationwide_capabl\n"
            "      ^^^^^^^^^^^^^^^^^");
  EXPECT_THAT(rule.status().en(), HasSubstr("41:5: unknown field"));
}

// Business-year windows (docs/rules-language.md §5.1): the columns of other years the rule needs,
// exact averages at the line, and 四捨五入 at .xx5 of a share.
Population YearsPop(std::vector<std::vector<int64_t>> years, const std::string& field) {
  Table t;
  t.kind = "operator";
  for (size_t r = 0; r < years[0].size(); ++r) {
    t.ids.push_back("op" + std::to_string(r));
    t.names.push_back("");
  }
  for (size_t k = 0; k < years.size(); ++k) {
    Column c;
    c.type = FieldType{TypeKind::kInt, {}};
    c.i64 = years[k];
    t.columns[k == 0 ? field : field + "@-" + std::to_string(k)] = c;
  }
  Population pop;
  pop.Add(std::move(t));
  return pop;
}

// Compiles `text` over the operators of TruckSchema().
base::Result<CompiledRule> CompileForOperators(std::string_view text) {
  static const Schema s = TruckSchema();
  CompileOptions o;
  o.schema = &s;
  o.subject = "operator";
  return Compile(text, o);
}

TEST(WindowTest, ListsTheColumnsOfOtherYearsAndTheirBaseField) {
  auto rule = CompileForOperators("mean(vehicles, 3) >= 10 or at_year(vehicles, 2019) >= 1");
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  EXPECT_THAT(rule->fields_read(), ElementsAre("operator.vehicles"));
  EXPECT_THAT(rule->year_columns_read(), ElementsAre("operator.vehicles@-1", "operator.vehicles@-2",
                                                     "operator.vehicles@FY2019"));
}

TEST(WindowTest, AnAverageExactlyAtTheLineMeetsItAndOneBelowDoesNot) {
  auto ge = CompileForOperators("mean(vehicles, 3) >= 10");
  auto gt = CompileForOperators("mean(vehicles, 3) > 10");
  ASSERT_TRUE(ge.has_value() && gt.has_value());
  // Sums 30 (average exactly 10), 29 (9.67), 31 (10.33); near int64's range too.
  const int64_t big = 4'000'000'000'000'000'000;  // 4e18: three of them overflow int64
  Population pop = YearsPop({{10, 9, 11, big}, {10, 10, 10, big}, {10, 10, 10, big}}, "vehicles");
  auto a = ge->EvaluateAll(pop);
  auto b = gt->EvaluateAll(pop);
  ASSERT_FALSE(a.has_value());  // 9e18 > int64: an error, never a wrong answer
  Population small = YearsPop({{10, 9, 11}, {10, 10, 10}, {10, 10, 10}}, "vehicles");
  EXPECT_THAT(*ge->EvaluateAll(small), ElementsAre(1, 0, 1));
  EXPECT_THAT(*gt->EvaluateAll(small), ElementsAre(0, 0, 1));
  auto why = ge->Explain(small, 1);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(why->root.children[0].value, Value::Quotient(29, 3));
  EXPECT_EQ(why->root.children[0].value.ToString(), "9.6666…");
  EXPECT_FALSE(b.has_value());
}

TEST(WindowTest, RoundsHalfUpExactly) {
  // 0.005 → 0.01, 0.0049999 → 0.00, 0.015 → 0.02, 0.0149 → 0.01 (two places).
  EXPECT_EQ(internal::RoundHalfUp(5, 1000, 2), 1);
  EXPECT_EQ(internal::RoundHalfUp(49'999, 10'000'000, 2), 0);
  EXPECT_EQ(internal::RoundHalfUp(15, 1000, 2), 2);
  EXPECT_EQ(internal::RoundHalfUp(149, 10000, 2), 1);
  EXPECT_EQ(internal::RoundHalfUp(-5, 1000, 2), -1);
}

}  // namespace
}  // namespace kikan::rules
