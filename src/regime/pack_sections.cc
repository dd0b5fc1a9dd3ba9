// The sections of a pack file other than its forms: [pack], [[business]], [[entity]],
// [[criteria]], [functions], [[equipment]] and [[timeline]] (docs/regime-packs.md). Each reader
// appends what it read to the pack and reports every problem with its place; none stops at the
// first problem. See loader_internal.h.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "base/number.h"
#include "regime/loader_internal.h"

namespace kikan::regime::internal {
namespace {

constexpr int64_t kSchemaVersion = 1;

std::optional<CriteriaStatus> ParseStatus(std::string_view s) {
  if (s == "in_force") return CriteriaStatus::kInForce;
  if (s == "proposed") return CriteriaStatus::kProposed;
  if (s == "repealed") return CriteriaStatus::kRepealed;
  return std::nullopt;
}

// A float parameter exactly as written (digit separators dropped, TOML's leading '+' allowed),
// scaled to the 4 places of rules' decimals. nullopt for an exponent, inf or nan, more than 4
// places or a value out of range: never rounded through a binary float.
std::optional<int64_t> ExactDecimal(std::string_view written) {
  static_assert(rules::kDecimalScale == 10'000);
  std::string digits;
  for (char ch : written) {
    if (ch != '_') digits += ch;
  }
  std::string_view v = digits;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  auto r = base::ParseDecimal(v, 4);
  if (!r) return std::nullopt;
  return *r;
}

std::optional<rules::Value> ParamValue(const FileContext& file, const toml::node& n) {
  if (const auto* i = n.as_integer()) return rules::Value::Int(i->get());
  if (n.is_floating_point()) {
    if (auto d = ExactDecimal(SourceText(file, n))) return rules::Value::Decimal(*d);
    return std::nullopt;
  }
  if (const auto* b = n.as_boolean()) return rules::Value::Bool(b->get());
  if (const auto* s = n.as_string()) return rules::Value::Text(s->get());
  if (const auto* d = n.as_date()) {
    auto date = base::Date::FromYmd(d->get().year, d->get().month, d->get().day);
    if (date) return rules::Value::Date(date->days_since_epoch());
  }
  return std::nullopt;
}

bool BusinessKnown(const Pack& pack, const base::BusinessId& id) {
  return std::any_of(pack.businesses.begin(), pack.businesses.end(),
                     [&](const Business& b) { return b.id == id; });
}

// `date_basis = { kind = "chosen" | "derived", ja = "…", en = "…" }`, or nothing.
std::optional<DateBasis> ReadDateBasis(FileContext& file, Reader& r) {
  const toml::table* t = r.Table("date_basis", Req::kOptional);
  if (t == nullptr) return std::nullopt;
  Reader br(file, *t, "date_basis");
  DateBasis basis;
  if (auto kind = br.String("kind", Req::kRequired)) {
    if (*kind == "chosen") {
      basis.kind = DateBasis::Kind::kChosen;
    } else if (*kind == "derived") {
      basis.kind = DateBasis::Kind::kDerived;
    } else {
      file.Error(br.PosOfKey("kind"),
                 {.ja = fmt::format("date_basis.kind は chosen か derived です（\"{}\"）", *kind),
                  .en = fmt::format("date_basis.kind is chosen or derived, not \"{}\"", *kind)});
    }
  }
  basis.reason = br.Label();
  br.WarnUnknown();
  return basis;
}

void UnknownBusiness(FileContext& file, Pos pos, std::string_view id) {
  file.Error(pos, {.ja = fmt::format("事業 `{}` はこのパックの [[business]] にありません", id),
                   .en = fmt::format("business `{}` is not a [[business]] of this pack", id)});
}

}  // namespace

std::string DateRange(base::Date from, const std::optional<base::Date>& until) {
  return fmt::format("{} – {}", from.ToIso(), until ? until->ToIso() : std::string());
}

std::optional<base::Date> ReadEffectiveUntil(FileContext& file, Reader& r,
                                             const std::optional<base::Date>& from) {
  std::optional<base::Date> until = r.Date("effective_until", Req::kOptional);
  if (from && until && *until < *from) {
    file.Error(r.PosOfKey("effective_until"),
               {.ja = fmt::format("effective_until（{}）が effective_from（{}）より前です",
                                  until->ToIso(), from->ToIso()),
                .en = fmt::format("effective_until ({}) is before effective_from ({})",
                                  until->ToIso(), from->ToIso())});
  }
  return until;
}

void CheckNoOverlap(FileContext& file, std::vector<DatedVersion> versions, const base::Text& hint) {
  std::stable_sort(versions.begin(), versions.end(),
                   [](const DatedVersion& a, const DatedVersion& b) { return a.from < b.from; });
  for (size_t k = 1; k < versions.size(); ++k) {
    const DatedVersion& prev = versions[k - 1];
    const DatedVersion& next = versions[k];
    if (prev.until && *prev.until < next.from) continue;
    file.Error(next.pos,
               {.ja = fmt::format("{}（{}）の期間が{}（{}）と重なっています{}", next.name.ja,
                                  DateRange(next.from, next.until), prev.name.ja,
                                  DateRange(prev.from, prev.until), hint.ja),
                .en = fmt::format("{} ({}) overlaps {} ({}){}", next.name.en,
                                  DateRange(next.from, next.until), prev.name.en,
                                  DateRange(prev.from, prev.until), hint.en)});
  }
}

void CheckVersionText(FileContext& file, Reader& r, const std::string& version) {
  if (version.empty() || version.find_first_of(" \t\r\n") != std::string::npos) {
    file.Error(r.PosOfKey("version"),
               {.ja = "version は空白を含まない空でない文字列で書いてください",
                .en = "version must be a non-empty string without spaces"});
  }
}

void ReadPackHeader(FileContext& file, Reader& root, LoadedPack& out) {
  Pack& pack = out.pack;
  const toml::table* pt = root.Table("pack", Req::kRequired);
  if (pt == nullptr) return;
  Reader r(file, *pt, "[pack]");
  if (auto id = r.Identifier("id", Req::kRequired)) pack.id = *id;
  out.id_pos = r.PosOfKey("id");
  pack.name = r.Label(Req::kOptional);
  if (auto note = r.String("note", Req::kOptional)) pack.note = *note;
  if (auto v = r.Integer("schema_version", Req::kOptional); v && *v > kSchemaVersion) {
    file.Error(
        r.PosOfKey("schema_version"),
        {.ja = fmt::format("schema_version {} には対応していません（このプログラムは {} まで）", *v,
                           kSchemaVersion),
         .en = fmt::format("schema_version {} is not supported (this program reads up to {})", *v,
                           kSchemaVersion)});
  }
  if (const toml::table* st = r.Table("sector", Req::kRequired)) {
    Reader s(file, *st, "[pack] sector");
    if (auto id = s.Identifier("id", Req::kRequired)) pack.sector.id = *id;
    pack.sector.name = s.Label();
    if (auto act = s.String("act", Req::kRequired)) pack.sector.act = *act;
    s.WarnUnknown();
  }
  if (const toml::table* mt = r.Table("ministry", Req::kRequired)) {
    Reader m(file, *mt, "[pack] ministry");
    if (auto id = m.Identifier("id", Req::kRequired)) pack.ministry.id = *id;
    pack.ministry.name = m.Label();
    m.WarnUnknown();
  }
  if (const toml::table* at = r.Table("act_status", Req::kOptional)) {
    Reader a(file, *at, "[pack.act_status]");
    ActStatus& st = pack.act_status;
    st.present = true;
    bool state_ok = false;
    if (auto state = a.String("state", Req::kRequired)) {
      if (*state == "in_force") {
        st.in_force = true;
        state_ok = true;
      } else if (*state == "not_in_force") {
        st.in_force = false;
        state_ok = true;
      } else {
        file.Error(a.PosOfKey("state"),
                   {.ja = fmt::format(
                        "未知の state \"{}\" です（in_force / not_in_force のいずれか）", *state),
                    .en = fmt::format("unknown state \"{}\" (in_force or not_in_force)", *state)});
      }
    }
    if (auto law = a.String("law", Req::kOptional)) st.law = *law;
    st.promulgated = a.Date("promulgated", Req::kOptional);
    st.in_force_from = a.Date("in_force_from", Req::kOptional);
    st.description = a.Label(Req::kOptional);
    if (auto note = a.String("note", Req::kOptional)) st.note = *note;
    if (const toml::table* wt = a.Table("in_force_within", Req::kOptional)) {
      Reader w(file, *wt, "[pack.act_status] in_force_within");
      if (auto m = w.Integer("months", Req::kRequired)) {
        if (*m < 1 || *m > 120) {
          file.Error(w.PosOfKey("months"), {.ja = "months は 1〜120 の月数で書いてください",
                                            .en = "months must be from 1 to 120"});
        } else {
          st.in_force_within_months = static_cast<int>(*m);
        }
      }
      if (auto c = w.Bool("counted_from_promulgation", Req::kOptional)) {
        st.counted_from_promulgation = *c;
      }
      if (auto c = w.String("citation", Req::kRequired)) st.in_force_within_citation = *c;
      w.WarnUnknown();
      if (!st.promulgated) {
        file.Error(w.pos(), {.ja = "in_force_within には promulgated（公布日）が必要です",
                             .en = "in_force_within needs promulgated (the promulgation date)"});
      }
    }
    if (state_ok && st.in_force && at->get("in_force_from") == nullptr) {
      file.Error(a.pos(),
                 {.ja = "施行中（state = \"in_force\"）の act_status には in_force_from が必要です",
                  .en = "an act_status with state = \"in_force\" needs in_force_from"});
    }
    a.WarnUnknown();
  }
  out.forms_ref = ReadFormsRef(file, r);
  r.WarnUnknown();
}

void ReadBusinesses(FileContext& file, Reader& root, LoadedPack& out,
                    std::vector<std::pair<Pos, bool>>* subject_pos) {
  std::set<std::string> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "business", Req::kRequired)) {
    Reader r(file, *t, "[[business]]");
    Business b;
    auto id = r.Identifier("id", Req::kRequired);
    if (id) {
      b.id = base::BusinessId(*id);
      if (!seen.insert(b.id.value()).second) {
        file.Error(r.PosOfKey("id"), {.ja = fmt::format("事業 id `{}` が重複しています", b.id),
                                      .en = fmt::format("duplicate business id `{}`", b.id)});
      }
    }
    b.name = r.Label();
    if (auto co = r.String("cabinet_order", Req::kRequired)) b.cabinet_order = *co;
    bool explicit_subject = t->get("subject") != nullptr;
    if (auto subject = r.Identifier("subject", Req::kOptional)) b.subject = *subject;
    if (auto note = r.String("note", Req::kOptional)) b.note = *note;
    if (const toml::table* st = r.Table("sites", Req::kOptional)) {
      Reader sr(file, *st, "[business.sites]");
      SitesSpec spec;
      if (auto v = sr.Identifier("via", Req::kRequired)) spec.via = *v;
      if (auto v = sr.String("where", Req::kRequired)) spec.where = *v;
      if (auto v = sr.Identifier("site", Req::kRequired)) spec.site = *v;
      if (auto v = sr.Identifier("group", Req::kOptional)) spec.group = *v;
      sr.WarnUnknown();
      b.sites = std::move(spec);
    }
    out.business_sites_pos.push_back(r.PosOfKey("sites"));
    r.WarnUnknown();
    out.business_id_pos.push_back(r.PosOfKey("id"));
    subject_pos->push_back({explicit_subject ? r.PosOfKey("subject") : r.pos(), explicit_subject});
    out.pack.businesses.push_back(std::move(b));
  }
}

bool ReadEntities(FileContext& file, Reader& root, Pack& pack) {
  const int errors_before = file.errors();
  std::vector<std::pair<Pos, std::string>> ref_targets;  // where a ref:KIND is, and KIND
  for (const toml::table* t : ArrayOfTables(file, root, "entity", Req::kOptional)) {
    Reader r(file, *t, "[[entity]]");
    rules::EntityKind kind;
    auto name = r.Identifier("kind", Req::kRequired);
    r.Label(Req::kOptional);  // labels of the kind: documentation only
    r.String("note", Req::kOptional);
    if (const toml::table* fields = r.Table("fields", Req::kRequired)) {
      for (const auto& [key, node] : *fields) {
        std::string field_name(key.str());
        std::string what = fmt::format("fields.{}", field_name);
        if (!IsIdentifier(field_name)) {
          file.Error(
              PosOf(key.source()),
              {.ja =
                   fmt::format("フィールド名 `{}` "
                               "は識別子ではありません（英小文字で始まり、英小文字・数字・_ のみ）",
                               field_name),
               .en = fmt::format("field name `{}` is not an identifier (a lowercase letter, then "
                                 "lowercase letters, digits or _)",
                                 field_name)});
          continue;
        }
        if (field_name == "id" || field_name == "name" || field_name == "fiscal_year") {
          file.Error(
              PosOf(key.source()),
              {.ja = fmt::format("`{}` は全ての種別に暗黙に存在する列のため宣言できません",
                                 field_name),
               .en = fmt::format("`{}` is an implicit column of every kind and cannot be declared",
                                 field_name)});
          continue;
        }
        const toml::table* ft = node.as_table();
        if (ft == nullptr) {
          auto [ja, en] = TypeNames(node);
          file.Error(
              PosOf(node),
              {.ja = fmt::format(
                   "{} は {{ type = ..., ja = ... }} の表で書いてください（{}が書かれています）",
                   what, ja),
               .en =
                   fmt::format("{} must be a table {{ type = ..., ja = ... }}, not {}", what, en)});
          continue;
        }
        Reader fr(file, *ft, what);
        rules::FieldDef def;
        def.name = field_name;
        bool ok = true;
        if (auto type = fr.String("type", Req::kRequired)) {
          auto parsed = rules::FieldType::Parse(*type);
          if (parsed) {
            def.type = *parsed;
            if (!def.type.target.empty())
              ref_targets.push_back({fr.PosOfKey("type"), def.type.target});
          } else {
            ok = false;
            file.Error(
                fr.PosOfKey("type"),
                {.ja =
                     fmt::format("未知のフィールド型 \"{}\" です（int, decimal, bool, text, date, "
                                 "ref:KIND, refs:KIND のいずれか）",
                                 *type),
                 .en = fmt::format("unknown field type \"{}\" (int, decimal, bool, text, date, "
                                   "ref:KIND or refs:KIND)",
                                   *type)});
          }
        } else {
          ok = false;
        }
        def.label = fr.Label();
        if (auto unit = fr.String("unit", Req::kOptional)) def.unit = *unit;
        if (auto missing = fr.String("missing", Req::kOptional)) {
          auto policy = rules::ParseMissingPolicy(*missing);
          const bool numeric =
              def.type.kind == rules::TypeKind::kInt || def.type.kind == rules::TypeKind::kDecimal;
          if (!policy) {
            file.Error(
                fr.PosOfKey("missing"),
                {.ja = fmt::format(
                     "未知の欠損値の扱い \"{}\" です（skip, unknown, zero のいずれか）", *missing),
                 .en = fmt::format("unknown missing-value policy \"{}\" (skip, unknown or zero)",
                                   *missing)});
          } else if (*policy == rules::MissingPolicy::kZero && !numeric) {
            file.Error(fr.PosOfKey("missing"),
                       {.ja = "missing = \"zero\" は int と decimal の項目にだけ書けます",
                        .en = "missing = \"zero\" applies to int and decimal fields only"});
          } else {
            def.missing = *policy;
          }
        }
        fr.String("note", Req::kOptional);
        fr.WarnUnknown();
        if (ok) kind.fields.push_back(std::move(def));
      }
    }
    r.WarnUnknown();
    if (!name) continue;
    kind.name = *name;
    if (!pack.schema.AddKind(std::move(kind)).ok()) {
      file.Error(r.PosOfKey("kind"),
                 {.ja = fmt::format("エンティティ種別 `{}` が重複しています", *name),
                  .en = fmt::format("duplicate entity kind `{}`", *name)});
    }
  }
  for (const auto& [pos, target] : ref_targets) {
    if (pack.schema.Find(target) == nullptr) {
      file.Error(
          pos,
          {.ja = fmt::format("参照先の種別 `{}` がこのパックの [[entity]] で宣言されていません",
                             target),
           .en = fmt::format(
               "the referenced kind `{}` is not declared by an [[entity]] of this pack", target)});
    }
  }
  return file.errors() == errors_before;
}

namespace {

// A criteria's [params]: each an identifier naming an int, an exact decimal, a bool, a string or
// a date.
void ReadParams(FileContext& file, const toml::table& params, Criteria& c) {
  for (const auto& [key, node] : params) {
    std::string name(key.str());
    if (!IsIdentifier(name)) {
      file.Error(PosOf(key.source()),
                 {.ja = fmt::format("パラメータ名 `{}` は識別子ではありません", name),
                  .en = fmt::format("parameter name `{}` is not an identifier", name)});
      continue;
    }
    if (auto v = ParamValue(file, node)) {
      c.params.emplace(name, std::move(*v));
    } else if (node.is_floating_point()) {
      const std::string written(SourceText(file, node));
      file.Error(
          PosOf(node),
          {.ja = fmt::format("パラメータ `{}` の小数 {} "
                             "は小数点以下4桁までで書いてください（丸めません。指数表記・inf・"
                             "nan は使えません）",
                             name, written),
           .en = fmt::format("parameter `{}` = {}: a decimal has at most 4 decimal places "
                             "(it is never rounded; no exponent, inf or nan)",
                             name, written)});
    } else {
      auto [ja, en] = TypeNames(node);
      file.Error(
          PosOf(node),
          {.ja = fmt::format("パラメータ `{}` "
                             "は整数・小数・真偽値・文字列・日付のいずれかで書いてください（{}"
                             "が書かれています）",
                             name, ja),
           .en = fmt::format("parameter `{}` must be an integer, float, boolean, string or date, "
                             "not {}",
                             name, en)});
    }
  }
}

}  // namespace

void ReadCriteria(FileContext& file, Reader& root, Pack& pack, std::vector<CriteriaSite>* sites) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "criteria", Req::kOptional)) {
    Reader r(file, *t, "[[criteria]]");
    Criteria c;
    CriteriaSite site;
    site.table = r.pos();
    if (auto b = r.Identifier("business", Req::kRequired)) {
      c.business = base::BusinessId(*b);
      if (!BusinessKnown(pack, c.business))
        UnknownBusiness(file, r.PosOfKey("business"), c.business.view());
    }
    site.business = r.PosOfKey("business");
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      c.version = *v;
      CheckVersionText(file, r, c.version);
      if (!c.business.empty() && !seen.insert({c.business.value(), c.version}).second) {
        file.Error(r.PosOfKey("version"),
                   {.ja = fmt::format("事業 `{}` の指定基準の版 `{}` が重複しています", c.business,
                                      c.version),
                    .en = fmt::format("duplicate criteria version `{}` of business `{}`", c.version,
                                      c.business)});
        duplicate = true;
      }
    }
    site.version = r.PosOfKey("version");
    c.name = r.Label(Req::kOptional);
    bool status_ok = false;
    const int errors_before = file.errors();
    if (auto s = r.String("status", Req::kRequired)) {
      if (auto st = ParseStatus(*s)) {
        c.status = *st;
        status_ok = true;
      } else {
        file.Error(
            r.PosOfKey("status"),
            {.ja = fmt::format(
                 "未知の状態 \"{}\" です（in_force / proposed / repealed のいずれか）", *s),
             .en = fmt::format("unknown status \"{}\" (in_force, proposed or repealed)", *s)});
      }
    }
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    c.effective_until = ReadEffectiveUntil(file, r, from);
    if (from) c.effective_from = *from;
    site.checkable = status_ok && !duplicate && from.has_value() && file.errors() == errors_before;
    if (status_ok && c.status == CriteriaStatus::kRepealed &&
        t->get("effective_until") == nullptr) {
      file.Error(r.pos(),
                 {.ja = "廃止（repealed）の指定基準には effective_until（最終日）が必要です",
                  .en = "repealed criteria need effective_until (their last day in force)"});
    }
    if (auto cit = r.String("citation", Req::kRequired)) c.citation = *cit;
    if (auto p = r.String("period", Req::kOptional)) {
      if (*p == "as_of") {
        c.period = Period::kAsOf;
      } else if (*p == "previous_fiscal_year") {
        c.period = Period::kPreviousFiscalYear;
      } else {
        file.Error(
            r.PosOfKey("period"),
            {.ja = fmt::format(
                 "未知の period \"{}\" です（as_of / previous_fiscal_year のいずれか）", *p),
             .en = fmt::format("unknown period \"{}\" (as_of or previous_fiscal_year)", *p)});
      }
    }
    if (const toml::table* params = r.Table("params", Req::kOptional)) {
      ReadParams(file, *params, c);
    }
    if (const toml::node* rule = r.Node("rule", Req::kRequired)) {
      if (const auto* s = rule->as_string()) {
        c.rule = s->get();
        site.rule = rule;
        c.rule_origin = RuleOrigin(file, *rule);
        if (c.rule.find_first_not_of(" \t\r\n") == std::string::npos) {
          file.Error(PosOf(*rule), {.ja = "rule が空です", .en = "the rule is empty"});
          site.rule = nullptr;
        }
      } else {
        r.WrongType("rule", *rule, {.ja = "文字列", .en = "a string"});
      }
    }
    if (auto ra = r.String("rationale", Req::kOptional)) c.rationale = *ra;
    if (auto note = r.String("note", Req::kOptional)) c.note = *note;
    c.date_basis = ReadDateBasis(file, r);
    std::set<std::string> assumption_ids;
    for (const toml::table* at : ArrayOfTables(file, r, "assumptions", Req::kOptional)) {
      Reader ar(file, *at, "[[criteria.assumptions]]");
      Assumption a;
      if (auto id = ar.Identifier("id", Req::kRequired)) {
        a.id = *id;
        if (!assumption_ids.insert(a.id).second) {
          file.Error(ar.PosOfKey("id"), {.ja = fmt::format("前提 `{}` が重複しています", a.id),
                                         .en = fmt::format("duplicate assumption `{}`", a.id)});
        }
      }
      a.text = ar.Label();
      if (auto cit = ar.String("citation", Req::kOptional)) a.citation = *cit;
      ar.WarnUnknown();
      c.assumptions.push_back(std::move(a));
    }
    r.WarnUnknown();
    pack.criteria.push_back(std::move(c));
    sites->push_back(site);
  }
}

void ReadFunctions(FileContext& file, Reader& root, Pack& pack, bool* declared) {
  const toml::table* ft = root.Table("functions", Req::kOptional);
  *declared = ft != nullptr;
  if (ft == nullptr) return;
  for (const auto& [key, node] : *ft) {
    std::string id(key.str());
    if (!IsIdentifier(id)) {
      file.Error(PosOf(key.source()),
                 {.ja = fmt::format("機能名 `{}` は識別子ではありません", id),
                  .en = fmt::format("function name `{}` is not an identifier", id)});
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(PosOf(node),
                 {.ja = fmt::format("functions.{} は {{ ja = ..., en = ... }} "
                                    "の表で書いてください（{}が書かれています）",
                                    id, ja),
                  .en = fmt::format("functions.{} must be a table {{ ja = ..., en = ... }}, not {}",
                                    id, en)});
      continue;
    }
    Reader r(file, *t, fmt::format("functions.{}", id));
    FunctionDef f;
    f.id = id;
    f.name = r.Label();
    if (auto c = r.String("citation", Req::kOptional)) f.citation = *c;
    r.String("note", Req::kOptional);
    r.WarnUnknown();
    pack.functions.push_back(std::move(f));
  }
}

void ReadEquipment(FileContext& file, Reader& root, Pack& pack, bool functions_declared,
                   std::vector<EquipmentSite>* sites) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "equipment", Req::kOptional)) {
    Reader r(file, *t, "[[equipment]]");
    Equipment e;
    EquipmentSite site;
    site.table = r.pos();
    if (auto b = r.Identifier("business", Req::kRequired)) {
      e.business = base::BusinessId(*b);
      if (!BusinessKnown(pack, e.business))
        UnknownBusiness(file, r.PosOfKey("business"), e.business.view());
    }
    if (auto id = r.Identifier("id", Req::kRequired)) e.id = *id;
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      e.version = *v;
      CheckVersionText(file, r, e.version);
      if (!e.id.empty() && !seen.insert({e.business.value(), e.id, e.version}).second) {
        file.Error(
            r.PosOfKey("version"),
            {.ja = fmt::format("特定重要設備 `{}` の版 `{}` が重複しています", e.id, e.version),
             .en = fmt::format("duplicate version `{}` of equipment `{}`", e.version, e.id)});
        duplicate = true;
      }
    }
    e.name = r.Label();
    const int errors_before = file.errors();
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    if (from) e.effective_from = *from;
    e.effective_until = ReadEffectiveUntil(file, r, from);
    e.status = e.effective_until ? CriteriaStatus::kRepealed : CriteriaStatus::kInForce;
    if (auto s = r.String("status", Req::kOptional)) {
      if (auto st = ParseStatus(*s)) {
        e.status = *st;
      } else {
        file.Error(
            r.PosOfKey("status"),
            {.ja = fmt::format(
                 "未知の状態 \"{}\" です（in_force / proposed / repealed のいずれか）", *s),
             .en = fmt::format("unknown status \"{}\" (in_force, proposed or repealed)", *s)});
      }
    }
    site.checkable = !duplicate && from.has_value() && file.errors() == errors_before;
    if (const toml::table* ft = r.Table("functions", Req::kRequired)) {
      Reader fr(file, *ft, "functions");
      const toml::node* all = fr.Node("all_of", Req::kOptional);
      const toml::node* any = fr.Node("any_of", Req::kOptional);
      if (all != nullptr && any != nullptr) {
        file.Error(fr.pos(),
                   {.ja = "functions には all_of と any_of のどちらか一方だけを書いてください",
                    .en = "functions must have exactly one of all_of and any_of, not both"});
      } else if (all == nullptr && any == nullptr) {
        file.Error(fr.pos(), {.ja = "functions に all_of か any_of（機能名の配列）がありません",
                              .en = "functions needs all_of or any_of (a list of function names)"});
      } else {
        const std::string_view key = all != nullptr ? "all_of" : "any_of";
        e.match = all != nullptr ? Equipment::Match::kAllOf : Equipment::Match::kAnyOf;
        if (const toml::array* list = fr.Array(key, Req::kOptional)) {
          if (list->empty()) {
            file.Error(PosOf(*list),
                       {.ja = fmt::format("{} が空です: 機能名を1つ以上書いてください", key),
                        .en = fmt::format("{} is empty: name at least one function", key)});
          }
          for (const toml::node& n : *list) {
            const auto* s = n.as_string();
            if (s == nullptr || !IsIdentifier(s->get())) {
              file.Error(
                  PosOf(n),
                  {.ja = fmt::format("{} の要素は機能名（識別子の文字列）で書いてください", key),
                   .en = fmt::format("elements of {} must be function names (identifier strings)",
                                     key)});
              continue;
            }
            if (functions_declared && pack.FindFunction(s->get()) == nullptr) {
              file.Error(
                  PosOf(n),
                  {.ja = fmt::format("機能 `{}` が [functions] で宣言されていません", s->get()),
                   .en = fmt::format("function `{}` is not declared in [functions]", s->get())});
            }
            e.functions.push_back(s->get());
          }
        }
      }
      fr.WarnUnknown();
    }
    if (auto c = r.String("citation", Req::kRequired)) e.citation = *c;
    if (auto note = r.String("note", Req::kOptional)) e.note = *note;
    e.date_basis = ReadDateBasis(file, r);
    r.WarnUnknown();
    pack.equipment.push_back(std::move(e));
    sites->push_back(site);
  }
}

void ReadListedCases(FileContext& file, Reader& root, Pack& pack) {
  std::set<std::string> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "listed_case", Req::kOptional)) {
    Reader r(file, *t, "[[listed_case]]");
    ListedCase c;
    bool kind_ok = false;
    if (auto kind = r.String("kind", Req::kRequired)) {
      for (auto k : {ListedCase::Kind::kImportantChange, ListedCase::Kind::kMinorChange,
                     ListedCase::Kind::kEmergency}) {
        if (ListedCaseKindName(k) == *kind) {
          c.kind = k;
          kind_ok = true;
        }
      }
      if (!kind_ok) {
        file.Error(r.PosOfKey("kind"),
                   {.ja = fmt::format("未知の kind \"{}\" です（important_change / minor_change / "
                                      "emergency のいずれか）",
                                      *kind),
                    .en = fmt::format("unknown kind \"{}\" (important_change, minor_change or "
                                      "emergency)",
                                      *kind)});
      }
    }
    auto id = r.Identifier("id", Req::kRequired);
    c.name = r.Label();
    if (auto citation = r.String("citation", Req::kRequired)) c.citation = *citation;
    if (auto note = r.String("note", Req::kOptional)) c.note = *note;
    r.WarnUnknown();
    if (!id || !kind_ok) continue;
    c.id = *id;
    if (!seen.insert(c.id).second) {
      file.Error(r.PosOfKey("id"), {.ja = fmt::format("listed_case `{}` が重複しています", c.id),
                                    .en = fmt::format("duplicate listed_case `{}`", c.id)});
      continue;
    }
    pack.listed_cases.push_back(std::move(c));
  }
}

void ReadOrganizationNames(FileContext& file, Reader& root, Pack& pack) {
  for (const toml::table* t : ArrayOfTables(file, root, "organization_name", Req::kOptional)) {
    Reader r(file, *t, "[[organization_name]]");
    OrganizationName n;
    auto of = r.String("of", Req::kRequired);  // a dataset id ("shiharai-kikin")
    n.name = r.Label();
    n.valid_from = r.Date("valid_from", Req::kOptional);
    if (auto text = r.String("valid_from_text", Req::kOptional)) n.valid_from_text = *text;
    if (auto c = r.String("citation", Req::kOptional)) n.citation = *c;
    r.WarnUnknown();
    if (!of) continue;
    n.of = *of;
    pack.organization_names.push_back(std::move(n));
  }
}

void ReadTimeline(FileContext& file, Reader& root, Pack& pack) {
  static const std::set<std::string, std::less<>> kKinds = {
      "law",      "order",   "ordinance", "designation", "obligation",
      "incident", "meeting", "document",  "criteria"};
  for (const toml::table* t : ArrayOfTables(file, root, "timeline", Req::kOptional)) {
    Reader r(file, *t, "[[timeline]]");
    TimelineEvent ev;
    auto date = r.Date("date", Req::kRequired);
    if (const toml::node* tn = r.Node("time", Req::kOptional)) {
      if (const auto* tv = tn->as_time()) {
        ev.time = fmt::format("{:02}:{:02}", tv->get().hour, tv->get().minute);
      } else if (const auto* ts = tn->as_string();
                 ts != nullptr && ts->get().size() == 5 && ts->get()[2] == ':') {
        ev.time = ts->get();
      } else {
        r.WrongType("time", *tn, {.ja = "時刻（06:30:00）", .en = "a time (06:30:00)"});
      }
    }
    if (auto kind = r.Identifier("kind", Req::kRequired)) {
      ev.kind = *kind;
      if (kKinds.count(ev.kind) == 0) {
        file.Warning(
            r.PosOfKey("kind"),
            {.ja = fmt::format("timeline の kind `{}` は既知の種類ではありません", ev.kind),
             .en = fmt::format("timeline kind `{}` is not one of the known kinds", ev.kind)});
      }
    }
    ev.text = r.Label();
    if (auto b = r.Identifier("business", Req::kOptional)) {
      ev.business = base::BusinessId(*b);
      if (!BusinessKnown(pack, ev.business))
        UnknownBusiness(file, r.PosOfKey("business"), ev.business.view());
    }
    if (auto p = r.Bool("planned", Req::kOptional)) ev.planned = *p;
    if (auto a = r.Bool("approximate", Req::kOptional)) ev.approximate = *a;
    if (const toml::table* figs = r.Table("figures", Req::kOptional)) {
      for (const auto& [key, node] : *figs) {
        if (const auto* i = node.as_integer()) {
          ev.figures.emplace_back(std::string(key.str()), i->get());
        } else {
          auto [ja, en] = TypeNames(node);
          file.Error(PosOf(node),
                     {.ja = fmt::format("figures.{} は整数で書いてください（{}が書かれています）",
                                        key.str(), ja),
                      .en = fmt::format("figures.{} must be an integer, not {}", key.str(), en)});
        }
      }
    }
    if (auto c = r.String("citation", Req::kOptional)) ev.citation = *c;
    r.String("note", Req::kOptional);
    ev.date_basis = ReadDateBasis(file, r);
    r.WarnUnknown();
    if (!date) continue;
    ev.date = *date;
    pack.timeline.push_back(std::move(ev));
  }
  std::stable_sort(pack.timeline.begin(), pack.timeline.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) {
                     if (a.date != b.date) return a.date < b.date;
                     return a.time < b.time;
                   });
}

}  // namespace kikan::regime::internal
