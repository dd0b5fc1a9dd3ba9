// The three-valued (Kleene) semantics of missing values, as truth tables: and/or/not with
// unknown, comparisons with a missing operand, quantifiers over unknown elements, and population
// and relation aggregates over rows with missing values under each declared policy (skip,
// unknown, zero). Each table is checked on both evaluators (EvaluateVerdicts and ExplainRows).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "rules/rule.h"

namespace kikan::rules {
namespace {

using ::testing::ElementsAre;

constexpr int kU = -1;  // a missing value in the helpers below

FieldDef Field(const char* name, TypeKind kind, const char* target = "",
               MissingPolicy missing = MissingPolicy::kSkip) {
  FieldDef f;
  f.name = name;
  f.type = {kind, target};
  f.missing = missing;
  return f;
}

Schema MakeSchema() {
  Schema s;
  EntityKind op;
  op.name = "operator";
  op.fields = {Field("p", TypeKind::kBool),
               Field("q", TypeKind::kBool),
               Field("n", TypeKind::kInt),
               Field("u", TypeKind::kInt, "", MissingPolicy::kUnknown),
               Field("z", TypeKind::kDecimal, "", MissingPolicy::kZero),
               Field("t", TypeKind::kText),
               Field("grp", TypeKind::kText),
               Field("items", TypeKind::kRefs, "item")};
  EntityKind item;
  item.name = "item";
  item.fields = {Field("g", TypeKind::kBool), Field("x", TypeKind::kInt),
                 Field("y", TypeKind::kInt, "", MissingPolicy::kUnknown)};
  EXPECT_TRUE(s.AddKind(op).ok());
  EXPECT_TRUE(s.AddKind(item).ok());
  return s;
}

// A bool column from 1 / 0 / kU.
Column Bools(const std::vector<int>& v) {
  Column c;
  c.type.kind = TypeKind::kBool;
  for (int x : v) {
    c.b.push_back(x == 1 ? 1 : 0);
    c.valid.push_back(x == kU ? 0 : 1);
  }
  return c;
}

Column Ints(TypeKind kind, const std::vector<int64_t>& v) {
  Column c;
  c.type.kind = kind;
  for (int64_t x : v) {
    c.i64.push_back(x == kU ? 0 : x);
    c.valid.push_back(x == kU ? 0 : 1);
  }
  return c;
}

Column Texts(const std::vector<std::string>& v) {
  Column c;
  c.type.kind = TypeKind::kText;
  for (const auto& x : v) {
    c.text.push_back(x == "?" ? "" : x);
    c.valid.push_back(x == "?" ? 0 : 1);
  }
  return c;
}

struct Rows {
  std::vector<int> p, q;
  std::vector<int64_t> n, u, z;
  std::vector<std::string> t, grp;
  std::vector<std::vector<int32_t>> items;
};

// Items: it0 g=true x=1 y=1; it1 g=false x=2 y=2; it2 g=? x=? y=?.
Population Make(const Rows& rows) {
  const size_t count = rows.p.size();
  Table op;
  op.kind = "operator";
  for (size_t r = 0; r < count; ++r) op.ids.push_back("op" + std::to_string(r));
  op.names.assign(count, "");
  auto or_default = [&](auto v, auto fill) {
    if (v.empty()) v.assign(count, fill);
    return v;
  };
  op.columns["p"] = Bools(rows.p);
  op.columns["q"] = Bools(or_default(rows.q, 1));
  op.columns["n"] = Ints(TypeKind::kInt, or_default(rows.n, int64_t{1}));
  op.columns["u"] = Ints(TypeKind::kInt, or_default(rows.u, int64_t{1}));
  op.columns["z"] = Ints(TypeKind::kDecimal, or_default(rows.z, int64_t{1}));
  op.columns["t"] = Texts(or_default(rows.t, std::string("a")));
  op.columns["grp"] = Texts(or_default(rows.grp, std::string("A")));
  Column items;
  items.type = {TypeKind::kRefs, "item"};
  items.refs_offsets.push_back(0);
  for (size_t r = 0; r < count; ++r) {
    if (r < rows.items.size()) {
      items.refs_targets.insert(items.refs_targets.end(), rows.items[r].begin(),
                                rows.items[r].end());
    }
    items.refs_offsets.push_back(static_cast<uint32_t>(items.refs_targets.size()));
  }
  op.columns["items"] = items;
  Table it;
  it.kind = "item";
  it.ids = {"it0", "it1", "it2"};
  it.names = {"", "", ""};
  it.columns["g"] = Bools({1, 0, kU});
  it.columns["x"] = Ints(TypeKind::kInt, {1, 2, kU});
  it.columns["y"] = Ints(TypeKind::kInt, {1, 2, kU});
  Population pop;
  pop.Add(std::move(op));
  pop.Add(std::move(it));
  return pop;
}

// The rule's result per row as 'T', 'F' or '?', checked to be the same on both evaluators.
std::string Tri(const std::string& rule_text, const Population& pop) {
  static const Schema schema = MakeSchema();
  CompileOptions o;
  o.schema = &schema;
  o.subject = "operator";
  auto rule = Compile(rule_text, o);
  EXPECT_TRUE(rule.has_value()) << rule.status().ToString();
  if (!rule.has_value()) return "compile error";
  auto v = rule->EvaluateVerdicts(pop);
  EXPECT_TRUE(v.has_value()) << v.status().ToString();
  if (!v.has_value()) return "evaluation error";
  std::vector<size_t> all(v->holds.size());
  for (size_t r = 0; r < all.size(); ++r) all[r] = r;
  auto ex = rule->ExplainRows(pop, all);
  EXPECT_TRUE(ex.has_value());
  std::string out;
  for (size_t r = 0; r < all.size(); ++r) {
    const char c = !v->Known(r) ? '?' : v->holds[r] != 0 ? 'T' : 'F';
    const char e = !(*ex)[r].determined ? '?' : (*ex)[r].result ? 'T' : 'F';
    EXPECT_EQ(c, e) << rule_text << " row " << r;
    EXPECT_TRUE(v->Known(r) || v->holds[r] == 0) << "an unknown row holds";
    out.push_back(c);
  }
  return out;
}

// p, q over every pair of T, F, ? (p major).
Population Pairs() {
  Rows rows;
  for (int p : {1, 0, kU}) {
    for (int q : {1, 0, kU}) {
      rows.p.push_back(p);
      rows.q.push_back(q);
    }
  }
  return Make(rows);
}

TEST(KleeneTest, AndOrNotTruthTables) {
  const Population pop = Pairs();
  //                                      TT TF T? FT FF F? ?T ?F ??
  EXPECT_EQ(Tri("p and q", pop), std::string("TF?FFF?F?"));
  EXPECT_EQ(Tri("p or q", pop), std::string("TTTTF?T??"));
  EXPECT_EQ(Tri("not p", pop), std::string("FFFTTT???"));
  EXPECT_EQ(Tri("not (p and q)", pop), std::string("FT?TTT?T?"));
  // The constant operands fold as Kleene's logic says: false decides an `and`, true an `or`.
  EXPECT_EQ(Tri("q and 1 > 2", pop), std::string("FFFFFFFFF"));
  EXPECT_EQ(Tri("q or 1 < 2", pop), std::string("TTTTTTTTT"));
  EXPECT_EQ(Tri("q and 1 < 2", pop), std::string("TF?TF?TF?"));
  // A bool compared with a bool: unknown when either is.
  EXPECT_EQ(Tri("p = q", pop), std::string("TF?FT????"));
  EXPECT_EQ(Tri("p != false", pop), std::string("TTTFFF???"));
}

TEST(KleeneTest, ComparisonsWithAMissingOperandAreUnknown) {
  Rows rows;
  rows.p = {1, 1, 1};
  rows.n = {5000, 4999, kU};
  rows.t = {"東京都", "大阪府", "?"};
  const Population pop = Make(rows);
  for (const char* op : {">=", ">", "<=", "<", "=", "!="}) {
    EXPECT_EQ(Tri(std::string("n ") + op + " 5000", pop).back(), '?') << op;
    EXPECT_EQ(Tri(std::string("5000 ") + op + " n", pop).back(), '?') << op;
  }
  EXPECT_EQ(Tri("n >= 5000", pop), "TF?");
  EXPECT_EQ(Tri("not (n >= 5000)", pop), "FT?");  // was true for a missing n before Kleene
  EXPECT_EQ(Tri("n >= 5000 or p", pop), "TTT");   // decided by p
  EXPECT_EQ(Tri("n >= 5000 and p", pop), "TF?");
  EXPECT_EQ(Tri("n >= 5000 and not p", pop), "FFF");
  EXPECT_EQ(Tri("t = \"東京都\"", pop), "TF?");
  EXPECT_EQ(Tri("t != \"東京都\"", pop), "FT?");
  EXPECT_EQ(Tri("n >= 5000 and t = \"東京都\"", pop), "TF?");
  // Two columns: unknown when either is missing.
  EXPECT_EQ(Tri("n >= u", pop), "TT?");
}

TEST(KleeneTest, QuantifiersOverUnknownElements) {
  Rows rows;
  rows.p = {1, 1, 1, 1, 1};
  // it0 g=T, it1 g=F, it2 g=?
  rows.items = {{0, 2}, {1, 2}, {2}, {}, {0, 1}};
  const Population pop = Make(rows);
  EXPECT_EQ(Tri("any(items, i => i.g)", pop), "T??FT");
  EXPECT_EQ(Tri("all(items, i => i.g)", pop), "?F?TF");
  EXPECT_EQ(Tri("count(items, i => i.g) >= 1", pop), "???FT");
  // sum over a relation: skip leaves the missing term out; unknown (y) makes it unknown.
  EXPECT_EQ(Tri("sum(items, i => i.x) >= 1", pop), "TTFFT");
  EXPECT_EQ(Tri("sum(items, i => i.y) >= 1", pop), "???FT");
}

TEST(KleeneTest, PopulationAggregatesUnderEachPolicy) {
  Rows rows;
  rows.p = {1, 1, 1, 1};
  rows.n = {10, kU, 30, 60};  // skip: total 100 over the present values
  rows.u = {10, kU, 30, 60};  // unknown: the total cannot be known
  rows.z = {10, kU, 30, 60};  // zero: the missing cell is 0
  const Population pop = Make(rows);
  EXPECT_EQ(Tri("share(n) >= 10%", pop), "T?TT");
  EXPECT_EQ(Tri("share(n) < 10%", pop), "F?FF");
  EXPECT_EQ(Tri("sum(n) = 100", pop), "TTTT");
  EXPECT_EQ(Tri("rank(n) = 1", pop), "F?FT");
  EXPECT_EQ(Tri("share(u) >= 10%", pop), "????");
  EXPECT_EQ(Tri("sum(u) = 100", pop), "????");
  EXPECT_EQ(Tri("rank(u) = 1", pop), "????");
  EXPECT_EQ(Tri("share(z) >= 10%", pop), "TFTT");
  EXPECT_EQ(Tri("z = 0", pop), "FTFF");
  // Unknown aggregates still give way to a deciding operand.
  EXPECT_EQ(Tri("share(u) >= 10% or p", pop), "TTTT");
  EXPECT_EQ(Tri("share(u) >= 10% and not p", pop), "FFFF");
}

TEST(KleeneTest, GroupedAggregatesAreUnknownOnlyInIncompleteGroups) {
  Rows rows;
  rows.p = {1, 1, 1, 1, 1};
  rows.u = {10, 30, kU, 50, 7};
  rows.grp = {"A", "A", "B", "B", "?"};
  const Population pop = Make(rows);
  EXPECT_EQ(Tri("share(u, by: grp) >= 25%", pop), "TT???");
  EXPECT_EQ(Tri("sum(u, by: grp) = 40", pop), "TT???");
  EXPECT_EQ(Tri("rank(u, by: grp) = 1", pop), "FT???");
  rows.n = rows.u;
  const Population skip = Make(rows);
  EXPECT_EQ(Tri("share(n, by: grp) >= 25%", skip), "TT?T?");
}

TEST(KleeneTest, ExplanationsNameTheMissingInputs) {
  Rows rows;
  rows.p = {kU, 1};
  rows.n = {kU, 10};
  rows.u = {5, kU};
  const Population pop = Make(rows);
  static const Schema schema = MakeSchema();
  CompileOptions o;
  o.schema = &schema;
  o.subject = "operator";
  auto rule = Compile("(n >= 5 and p) or share(u) > 50%", o);
  ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
  auto ex = rule->ExplainRows(pop, {0, 1});
  ASSERT_TRUE(ex.has_value());
  EXPECT_FALSE((*ex)[0].determined);
  EXPECT_FALSE((*ex)[0].result);
  EXPECT_THAT((*ex)[0].MissingInputs(), ElementsAre("n", "p", "share(u)"));
  EXPECT_THAT((*ex)[0].ToText(base::Lang::kEn), ::testing::HasSubstr("undetermined"));
  EXPECT_THAT((*ex)[0].ToJson(), ::testing::HasSubstr("\"result\":false,\"determined\":false"));
  // Row 1: n >= 5 and p is true, which decides the `or`; nothing is missing.
  EXPECT_TRUE((*ex)[1].determined);
  EXPECT_TRUE((*ex)[1].result);
  EXPECT_TRUE((*ex)[1].MissingInputs().empty());
}

TEST(KleeneTest, MissingPolicyNamesRoundTrip) {
  for (MissingPolicy p : {MissingPolicy::kSkip, MissingPolicy::kUnknown, MissingPolicy::kZero}) {
    EXPECT_EQ(ParseMissingPolicy(MissingPolicyName(p)), p);
  }
  EXPECT_FALSE(ParseMissingPolicy("null").has_value());
}

}  // namespace
}  // namespace kikan::rules
