// libFuzzer target for the rules language front end: compiles arbitrary bytes as a rule against
// a fixed schema (the ports and trucking kinds) and, when they compile, evaluates the rule both
// ways over a tiny population and renders its explanation and diagnostics. Must never crash,
// leak or trip UBSan; invalid UTF-8 must be a diagnostic. Built and run by fuzz/run.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/rule.h"

namespace {

using kikan::rules::Column;
using kikan::rules::EntityKind;
using kikan::rules::FieldDef;
using kikan::rules::FieldType;
using kikan::rules::Population;
using kikan::rules::Schema;
using kikan::rules::Table;
using kikan::rules::TypeKind;

FieldDef F(const char* name, TypeKind kind, const char* target = "") {
  FieldDef f;
  f.name = name;
  f.type = FieldType{kind, target};
  return f;
}

Column C(TypeKind kind, const char* target = "") {
  Column c;
  c.type = FieldType{kind, target};
  return c;
}

Table T(const char* kind, std::vector<std::string> ids, std::vector<std::string> names) {
  Table t;
  t.kind = kind;
  t.ids = std::move(ids);
  t.names = std::move(names);
  return t;
}

struct World {
  Schema schema;
  Population pop;
  World() {
    EntityKind op{"operator",
                  {F("vehicles", TypeKind::kInt), F("tonnage", TypeKind::kDecimal),
                   F("nationwide_capable", TypeKind::kBool), F("prefecture", TypeKind::kText),
                   F("founded", TypeKind::kDate), F("handles_at", TypeKind::kRefs, "terminal"),
                   F("broken", TypeKind::kRef, "nowhere")}};
    EntityKind terminal{
        "terminal",
        {F("harbour", TypeKind::kRef, "harbour"), F("container_terminal", TypeKind::kBool)}};
    EntityKind harbour{"harbour",
                       {F("port", TypeKind::kRef, "port"), F("annual_teu", TypeKind::kInt)}};
    EntityKind port{"port",
                    {F("harbours", TypeKind::kRefs, "harbour"), F("prefecture", TypeKind::kText)}};
    (void)schema.AddKind(op);
    (void)schema.AddKind(terminal);
    (void)schema.AddKind(harbour);
    (void)schema.AddKind(port);

    Table o = T("operator", {"a", "b", "c"}, {"A社", "B社", ""});
    Column v = C(TypeKind::kInt);
    v.i64 = {5000, -3, 9'000'000'000'000'000'000};
    v.valid = {1, 1, 0};
    Column t = C(TypeKind::kDecimal);
    t.i64 = {12'3400, 0, INT64_MIN};
    Column n = C(TypeKind::kBool);
    n.b = {1, 0, 1};
    n.valid = {1, 0, 1};
    Column p = C(TypeKind::kText);
    p.text = {"東京都", "", "大阪府"};
    Column d = C(TypeKind::kDate);
    d.i64 = {20000, -5, 0};
    Column h = C(TypeKind::kRefs, "terminal");
    h.refs_offsets = {0, 2, 2, 3};
    h.refs_targets = {0, 1, -1};
    Column br = C(TypeKind::kRef, "nowhere");
    br.ref = {-1, -1, -1};
    o.columns = {{"vehicles", v},   {"tonnage", t}, {"nationwide_capable", n},
                 {"prefecture", p}, {"founded", d}, {"handles_at", h},
                 {"broken", br}};
    Table te = T("terminal", {"t0", "t1"}, {"", ""});
    Column th = C(TypeKind::kRef, "harbour");
    th.ref = {0, 5};  // 5 dangles
    Column tc = C(TypeKind::kBool);
    tc.b = {1, 0};
    te.columns = {{"harbour", th}, {"container_terminal", tc}};
    Table ha = T("harbour", {"h0"}, {"東京港"});
    Column hp = C(TypeKind::kRef, "port");
    hp.ref = {0};
    Column ht = C(TypeKind::kInt);
    ht.i64 = {INT64_MAX};
    ha.columns = {{"port", hp}, {"annual_teu", ht}};
    Table po = T("port", {"keihin"}, {"京浜港"});
    Column ph = C(TypeKind::kRefs, "harbour");
    ph.refs_offsets = {0, 2};
    ph.refs_targets = {0, 0};
    Column pp = C(TypeKind::kText);
    pp.text = {"東京都"};
    po.columns = {{"harbours", ph}, {"prefecture", pp}};
    pop.Add(std::move(o));
    pop.Add(std::move(te));
    pop.Add(std::move(ha));
    pop.Add(std::move(po));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = new World();  // intentionally leaked: lives for the whole run
  std::string_view src(reinterpret_cast<const char*>(data), size);
  kikan::rules::CompileOptions o;
  o.schema = &world->schema;
  o.subject = "operator";
  o.params["min"] = kikan::rules::Value::Int(5000);
  o.params["pct"] = kikan::rules::Value::Decimal(500);
  o.params["name"] = kikan::rules::Value::Text("東京都");
  o.origin = {3, 9};
  std::vector<kikan::rules::Diagnostic> diags;
  auto rule = kikan::rules::Compile(src, o, &diags);
  if (!rule.has_value()) {
    for (const auto& d : diags) {
      (void)d.Render(src, "fuzz.kikan", kikan::base::Lang::kJa);
      (void)d.Render(src, "", kikan::base::Lang::kEn);
    }
    return 0;
  }
  auto all = rule->EvaluateVerdicts(world->pop);
  auto ex = rule->ExplainRows(world->pop, {0, 1, 2});
  if (all.has_value() && ex.has_value()) {
    for (size_t r = 0; r < 3; ++r) {
      // The two paths agree on the three-valued result; an unknown row never holds.
      if ((all->holds[r] != 0) != (*ex)[r].result) __builtin_trap();
      if (all->Known(r) != (*ex)[r].determined) __builtin_trap();
      if (!all->Known(r) && all->holds[r] != 0) __builtin_trap();
      (void)(*ex)[r].MissingInputs();
      (void)(*ex)[r].ToText(kikan::base::Lang::kJa);
      (void)(*ex)[r].ToJson();
    }
  }
  return 0;
}
