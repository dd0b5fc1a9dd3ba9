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
// fields[name][k] = that field's values in the year k before the judged one.
Population MultiYearsPop(
    const std::map<std::string, std::vector<std::vector<int64_t>>>& fields,
    const std::map<std::string, std::vector<std::vector<uint8_t>>>& valid = {}) {
  Table t;
  t.kind = "operator";
  const size_t rows = fields.begin()->second[0].size();
  for (size_t r = 0; r < rows; ++r) {
    t.ids.push_back("op" + std::to_string(r));
    t.names.push_back("");
  }
  for (const auto& [field, years] : fields) {
    for (size_t k = 0; k < years.size(); ++k) {
      Column c;
      c.type = FieldType{field == "ratio" ? TypeKind::kDecimal : TypeKind::kInt, {}};
      c.i64 = years[k];
      auto v = valid.find(field);
      if (v != valid.end()) c.valid = v->second[k];
      t.columns[k == 0 ? field : field + "@-" + std::to_string(k)] = c;
    }
  }
  Population pop;
  pop.Add(std::move(t));
  return pop;
}

Population YearsPop(std::vector<std::vector<int64_t>> years, const std::string& field) {
  return MultiYearsPop({{field, std::move(years)}});
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

// Arithmetic inside a window (docs/rules-language.md §5.1): 「保険金等支払金の額から…再保険料の
// 合計額を控除した額の平均」 is mean(claims - refunds - reinsurance, 3), exact, year by year.
Schema ClaimsSchema() {
  Schema s;
  EntityKind op;
  op.name = "operator";
  for (const char* name : {"claims", "refunds", "reinsurance"}) {
    FieldDef f;
    f.name = name;
    f.type.kind = TypeKind::kInt;
    op.fields.push_back(f);
  }
  FieldDef d;
  d.name = "ratio";
  d.type.kind = TypeKind::kDecimal;
  op.fields.push_back(d);
  EXPECT_TRUE(s.AddKind(op).ok());
  return s;
}

base::Result<CompiledRule> CompileForClaims(std::string_view text) {
  static const Schema s = ClaimsSchema();
  CompileOptions o;
  o.schema = &s;
  o.subject = "operator";
  o.params["line"] = Value::Int(10);
  return Compile(text, o);
}

TEST(WindowArithmeticTest, SubtractsYearByYearAndAveragesExactlyAtTheLine) {
  auto rule = CompileForClaims("mean(claims - refunds - reinsurance, 3) >= $line");
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  EXPECT_THAT(
      rule->year_columns_read(),
      ElementsAre("operator.claims@-1", "operator.claims@-2", "operator.refunds@-1",
                  "operator.refunds@-2", "operator.reinsurance@-1", "operator.reinsurance@-2"));
  // Net per year: op0 15−3−2 = 10 ×3 (average exactly 10: meets); op1 one yen short over the
  // three years (29/3); op2 a large gross that only the deductions bring under the line.
  Population pop = MultiYearsPop({{"claims", {{15, 15, 100}, {15, 15, 100}, {15, 14, 100}}},
                                  {"refunds", {{3, 3, 50}, {3, 3, 50}, {3, 3, 50}}},
                                  {"reinsurance", {{2, 2, 41}, {2, 2, 41}, {2, 2, 41}}}});
  EXPECT_THAT(*rule->EvaluateAll(pop), ElementsAre(1, 0, 0));
  auto why = rule->Explain(pop, 1);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(why->root.children[0].value, Value::Quotient(29, 3));
  // The explaining path agrees with the vectorised one on every row.
  for (size_t r = 0; r < 3; ++r) {
    auto e = rule->Explain(pop, r);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->root.value, Value::Bool(r == 0)) << r;
  }
}

TEST(WindowArithmeticTest, AMissingTermMakesTheYearAndTheAverageUnknown) {
  auto rule = CompileForClaims("mean(claims - reinsurance, 3) >= $line");
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  Population pop = MultiYearsPop(
      {{"claims", {{20, 20}, {20, 20}, {20, 20}}}, {"reinsurance", {{0, 0}, {0, 0}, {0, 0}}}},
      {{"reinsurance", {{1, 1}, {1, 0}, {1, 1}}}});
  auto out = rule->EvaluateVerdicts(pop);
  ASSERT_TRUE(out.has_value()) << out.status().ToString();
  EXPECT_THAT(out->holds, ElementsAre(1, 0));
  EXPECT_THAT(out->known, ElementsAre(1, 0));
}

TEST(WindowArithmeticTest, MixesIntAndDecimalExactlyAndRefusesOverflow) {
  // An int beside a decimal goes on the decimal scale exactly: 10 − 0.5 = 9.5 each year.
  auto rule = CompileForClaims("year_sum(claims - ratio, 2) >= 19");
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  Population pop = MultiYearsPop(
      {{"claims", {{10, 10}, {10, 10}}}, {"ratio", {{5'000, 5'001}, {5'000, 5'000}}}});
  EXPECT_THAT(*rule->EvaluateAll(pop), ElementsAre(1, 0));
  auto plus = CompileForClaims("mean(claims + refunds, 1) >= 1");
  ASSERT_TRUE(plus.has_value());
  Population huge = MultiYearsPop({{"claims", {{INT64_MAX}}}, {"refunds", {{1}}}});
  EXPECT_FALSE(plus->EvaluateAll(huge).has_value());  // an error, never a wrapped value
}

TEST(WindowArithmeticTest, OnlyInsideAWindowAndOnlyOnNumbers) {
  auto outside = CompileForClaims("claims - reinsurance >= $line");
  ASSERT_FALSE(outside.has_value());
  EXPECT_THAT(outside.status().ToString(), HasSubstr("window"));
  EXPECT_FALSE(CompileForClaims("mean(claims - (claims >= 1), 3) >= 1").has_value());
  // A `-` right after an operand subtracts; before a number elsewhere it is still its sign.
  EXPECT_TRUE(CompileForClaims("mean(claims -1, 3) >= -3").has_value());
  EXPECT_TRUE(CompileForClaims("claims >= -3").has_value());
}

// A filtered relation sum (docs/rules-language.md §5):
// 「電気の供給能力を有する者（発電事業者を除く。） から集約する電気の出力の合計」 is sum(sources, s
// => s.output_kw, where: s => not s.generation).
TEST(FilteredSumTest, LeavesOutTheRowsTheConditionExcludes) {
  Schema s;
  EntityKind op;
  op.name = "operator";
  FieldDef refs;
  refs.name = "sources";
  refs.type = {TypeKind::kRefs, "source"};
  op.fields.push_back(refs);
  EntityKind src;
  src.name = "source";
  FieldDef kw;
  kw.name = "output_kw";
  kw.type.kind = TypeKind::kInt;
  FieldDef gen;
  gen.name = "generation";
  gen.type.kind = TypeKind::kBool;
  src.fields = {kw, gen};
  ASSERT_TRUE(s.AddKind(src).ok());
  ASSERT_TRUE(s.AddKind(op).ok());
  CompileOptions o;
  o.schema = &s;
  o.subject = "operator";
  auto rule = Compile("sum(sources, x => x.output_kw, where: y => not y.generation) >= 100", o);
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  // op0: 60 + 40 from non-generators (exactly 100: meets) and 500 from a generator (left out);
  // op1: 99 + a generator's 1,000 (does not meet); op2: 100 from a source whose kind is unknown.
  Table sources;
  sources.kind = "source";
  Column out_kw;
  out_kw.type = {TypeKind::kInt, {}};
  out_kw.i64 = {60, 40, 500, 99, 1000, 100};
  Column is_gen;
  is_gen.type = {TypeKind::kBool, {}};
  is_gen.b = {0, 0, 1, 0, 1, 0};
  is_gen.valid = {1, 1, 1, 1, 1, 0};
  for (int i = 0; i < 6; ++i) {
    sources.ids.push_back("s" + std::to_string(i));
    sources.names.push_back("");
  }
  sources.columns["output_kw"] = out_kw;
  sources.columns["generation"] = is_gen;
  Table ops;
  ops.kind = "operator";
  ops.ids = {"op0", "op1", "op2"};
  ops.names = {"", "", ""};
  Column list;
  list.type = {TypeKind::kRefs, "source"};
  list.refs_offsets = {0, 3, 5, 6};
  list.refs_targets = {0, 1, 2, 3, 4, 5};
  ops.columns["sources"] = list;
  Population pop;
  pop.Add(std::move(sources));
  pop.Add(std::move(ops));
  auto out = rule->EvaluateVerdicts(pop);
  ASSERT_TRUE(out.has_value()) << out.status().ToString();
  EXPECT_THAT(out->holds, ElementsAre(1, 0, 0));
  EXPECT_THAT(out->known, ElementsAre(1, 1, 0));
  for (size_t r = 0; r < 3; ++r) {  // the explaining path agrees
    auto e = rule->Explain(pop, r);
    ASSERT_TRUE(e.has_value()) << e.status().ToString();
    EXPECT_EQ(e->root.value, r == 0   ? Value::Bool(true)
                             : r == 1 ? Value::Bool(false)
                                      : Value())
        << r;
  }
  auto why = rule->Explain(pop, 0);
  EXPECT_EQ(why->root.children[0].value, Value::Int(100));
  // where: is for sum only, and takes a condition.
  EXPECT_FALSE(Compile("any(sources, x => x.generation, where: y => y.generation)", o).has_value());
  EXPECT_FALSE(
      Compile("sum(sources, x => x.output_kw, where: y => y.output_kw) >= 1", o).has_value());
}

}  // namespace
}  // namespace kikan::rules
