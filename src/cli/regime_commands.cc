// The regime pack commands:
//   kikan regime check [PATH...]                 validate packs (default <root>/data/regime)
//   kikan regime show [--business ID] [PATH...] [--format table|json]
//                                                list businesses, criteria, equipment, timeline
// `check` exits 0 when every pack is valid (printing one summary line per pack, and warnings),
// otherwise prints every problem as "file:line:column: message" (with the line and a caret,
// unless --brief) and exits 1.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "calendar/clocks.h"
#include "cli/common.h"
#include "codec/reference_json.h"
#include "codec/regime_json.h"
#include "regime/regime.h"
#include "service/amendment_grace.h"

namespace kikan::cli {
namespace {

namespace fs = std::filesystem;
using base::Lang;

// The default pack directory, relative to the working directory when it is below it (so that
// messages read "data/regime/ports.toml:12:3: ...").
std::string DefaultPackDir(const GlobalOptions& options) {
  fs::path dir = fs::path(options.source_dir) / "data" / "regime";
  std::error_code ec;
  fs::path rel = fs::relative(dir, fs::current_path(ec), ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.string();
  return dir.string();
}

std::vector<std::string> PathsOrDefault(const std::vector<std::string>& paths,
                                        const GlobalOptions& options) {
  if (!paths.empty()) return paths;
  return {DefaultPackDir(options)};
}

std::string L(Lang lang, const base::Text& text) { return text.In(lang); }

// A date chosen or derived by the pack, said under the line that prints it (issue 14 §5).
void PrintDateBasis(const std::optional<regime::DateBasis>& basis, Lang lang) {
  if (!basis) return;
  Print(fmt::format("      {}: {}\n", L(lang, {.ja = "日付", .en = "Date"}),
                    regime::DateBasisLabel(*basis).In(lang)));
}

std::string StatusText(regime::CriteriaStatus s, Lang lang) {
  switch (s) {
    case regime::CriteriaStatus::kInForce:
      return L(lang, {.ja = "施行中", .en = "in force"});
    case regime::CriteriaStatus::kProposed:
      return L(lang, {.ja = "案", .en = "proposed"});
    case regime::CriteriaStatus::kRepealed:
      return L(lang, {.ja = "廃止", .en = "repealed"});
  }
  return "";
}

std::string Dates(base::Date from, const std::optional<base::Date>& until, Lang lang) {
  return fmt::format("{} {} {}", from.ToIso(), L(lang, {.ja = "〜", .en = "–"}),
                     until ? until->ToIso() : std::string());
}

void PrintProblems(const std::vector<regime::PackProblem>& problems, Lang lang, bool brief) {
  for (const regime::PackProblem& p : problems) {
    Print(p.Render(lang) + "\n");
    if (!brief) Print(p.excerpt);
  }
}

int RunCheck(const std::vector<std::string>& paths, bool brief, const GlobalOptions& options) {
  const Lang lang = options.lang;
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load(PathsOrDefault(paths, options), &problems);
  PrintProblems(problems, lang, brief);
  if (!regime) {
    std::fflush(stdout);
    size_t errors = 0;
    for (const auto& p : problems) errors += p.warning ? 0 : 1;
    std::fprintf(
        stderr, "%s\n",
        lang == Lang::kEn
            ? fmt::format("kikan: {} error(s); the regime packs were not loaded", errors).c_str()
            : fmt::format("kikan: {} 件のエラー。規制パックは読み込まれませんでした", errors)
                  .c_str());
    return 1;
  }
  for (const regime::Pack& pack : regime->packs()) {
    size_t criteria = pack.criteria.size();
    std::string act = pack.act_status.present && !pack.act_status.in_force
                          ? L(lang, {.ja = "（未施行）", .en = " (not in force)"})
                          : "";
    if (lang == Lang::kEn) {
      Print(fmt::format(
          "{}: OK: sector {} ({}){}: {} business(es), {} criteria version(s), {} "
          "equipment definition(s), {} timeline event(s)\n",
          pack.path, pack.sector.name.In(lang), pack.sector.id, act, pack.businesses.size(),
          criteria, pack.equipment.size(), pack.timeline.size()));
    } else {
      Print(fmt::format(
          "{}: OK: 分野 {}（{}）{}: 事業 {}、指定基準 {} 版、特定重要設備 {} 件、年表 {} 件\n",
          pack.path, pack.sector.name.In(lang), pack.sector.id, act, pack.businesses.size(),
          criteria, pack.equipment.size(), pack.timeline.size()));
    }
  }
  return 0;
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

void ShowBusiness(const regime::Regime& regime, const regime::Pack& pack, const regime::Business& b,
                  Lang lang) {
  Print(fmt::format("\n{} {}: {}\n", L(lang, {.ja = "事業", .en = "Business"}), b.id,
                    b.name.In(lang)));
  Print(fmt::format("  {}: {}\n", L(lang, {.ja = "政令", .en = "Cabinet order"}), b.cabinet_order));
  Print(ReferencesText(b.cabinet_order, lang, "    "));
  Print(fmt::format("  {}: {}\n", L(lang, {.ja = "評価対象の種別", .en = "Subject kind"}),
                    b.subject));
  if (!b.note.empty())
    Print(fmt::format("  {}: {}\n", L(lang, {.ja = "注記", .en = "Note"}), b.note));

  Print(fmt::format("  {}:\n", L(lang, {.ja = "指定基準", .en = "Criteria"})));
  std::vector<const regime::Criteria*> criteria = regime.CriteriaOf(b.id);
  if (criteria.empty()) Print(fmt::format("    {}\n", L(lang, {.ja = "（なし）", .en = "(none)"})));
  for (const regime::Criteria* c : criteria) {
    Print(fmt::format("    {}  [{}]  {}  {}: {}\n", c->version, StatusText(c->status, lang),
                      Dates(c->effective_from, c->effective_until, lang),
                      L(lang, {.ja = "期間", .en = "period"}), regime::PeriodName(c->period)));
    if (!c->name.In(lang).empty()) Print(fmt::format("      {}\n", c->name.In(lang)));
    PrintDateBasis(c->date_basis, lang);
    Print(fmt::format("      {}: {}\n", L(lang, {.ja = "根拠", .en = "Citation"}), c->citation));
    Print(ReferencesText(c->citation, lang, "        "));
    if (!c->params.empty()) {
      std::string params;
      for (const auto& [name, value] : c->params) {
        params += fmt::format("{}${} = {}", params.empty() ? "" : ", ", name, value.ToString());
      }
      Print(
          fmt::format("      {}: {}\n", L(lang, {.ja = "パラメータ", .en = "Parameters"}), params));
    }
    Print(fmt::format("      {}:\n", L(lang, {.ja = "規則", .en = "Rule"})));
    std::string rule = c->rule;
    while (!rule.empty() && (rule.back() == '\n' || rule.back() == ' ')) rule.pop_back();
    Print(Indent(rule, "        "));
    if (!c->rationale.empty()) {
      Print(fmt::format("      {}: {}\n", L(lang, {.ja = "考え方", .en = "Rationale"}),
                        c->rationale));
    }
    for (const regime::Assumption& a : c->assumptions) {
      Print(fmt::format("      {} {}: {}\n", L(lang, {.ja = "前提", .en = "Assumption"}), a.id,
                        a.text.In(lang)));
      if (!a.citation.empty()) Print(fmt::format("        [{}]\n", a.citation));
    }
    if (!c->note.empty())
      Print(fmt::format("      {}: {}\n", L(lang, {.ja = "注記", .en = "Note"}), c->note));
  }

  Print(fmt::format("  {}:\n", L(lang, {.ja = "特定重要設備", .en = "Critical equipment"})));
  std::vector<const regime::Equipment*> equipment = regime.EquipmentOf(b.id);
  if (equipment.empty()) {
    Print(fmt::format("    {}\n", L(lang, {.ja = "（定義なし）", .en = "(none defined)"})));
  }
  auto graces = service::EquipmentRevisionGraces(regime, b.id);
  for (const regime::Equipment* e : equipment) {
    Print(fmt::format("    {} {}  [{}]  {}  {}\n", e->id, e->version, StatusText(e->status, lang),
                      Dates(e->effective_from, e->effective_until, lang), e->name.In(lang)));
    PrintDateBasis(e->date_basis, lang);
    if (graces) {
      for (const service::EquipmentRevisionGrace& g : *graces) {
        if (g.revision != e) continue;
        Print(lang == Lang::kEn
                  ? fmt::format("      Revision of {} {}: equipment newly critical under it is "
                                "exempt from Art. 52(1) until {}, and must be filed from {} "
                                "(Art. 53(2))\n",
                                g.previous->id, g.previous->version, g.grace.due.ToIso(),
                                g.grace.day_after().ToIso())
                  : fmt::format("      {} {} の改正: 新たに特定重要設備となったものは {} まで"
                                "第52条第1項を適用しない（{} から届出義務。法第53条第2項）\n",
                                g.previous->id, g.previous->version, g.grace.due.ToIso(),
                                g.grace.day_after().ToIso()));
      }
    }
    const bool all = e->match == regime::Equipment::Match::kAllOf;
    Print(fmt::format("      {}:\n",
                      all ? L(lang, {.ja = "次の機能をすべて有するもの (all_of)",
                                     .en = "having all of these functions (all_of)"})
                          : L(lang, {.ja = "次の機能のいずれかを有するもの (any_of)",
                                     .en = "having any of these functions (any_of)"})));
    for (const std::string& f : e->functions) {
      const regime::FunctionDef* def = pack.FindFunction(f);
      Print(fmt::format("        - {}{}\n", f,
                        def != nullptr ? fmt::format("  {}", def->name.In(lang)) : std::string()));
    }
    Print(fmt::format("      {}: {}\n", L(lang, {.ja = "根拠", .en = "Citation"}), e->citation));
    Print(ReferencesText(e->citation, lang, "        "));
    if (!e->note.empty())
      Print(fmt::format("      {}: {}\n", L(lang, {.ja = "注記", .en = "Note"}), e->note));
  }
}

// The latest day the amendment may come into force (act_status.in_force_within): the period of
// that many months from its promulgation, by 民法 Arts. 140–143 (the promulgation day counted when
// the law says 「公布の日から起算して」). nullopt when the pack states no such period.
std::optional<calendar::PeriodResult> LatestInForce(const regime::ActStatus& st) {
  if (st.in_force_within_months == 0 || !st.promulgated) return std::nullopt;
  auto r = calendar::ComputePeriod(
      *st.promulgated,
      calendar::Period{st.in_force_within_months, calendar::PeriodUnit::kMonths,
                       st.counted_from_promulgation, /*move_off_admin_holiday=*/false},
      base::Text{.ja = st.in_force_within_citation, .en = st.in_force_within_citation});
  if (!r) return std::nullopt;
  return *r;
}

// The ordinance's listed cases of one kind, for `show`.
void ShowListedCases(const regime::Pack& pack, regime::ListedCase::Kind kind,
                     const base::Text& heading, Lang lang) {
  bool header = false;
  for (const regime::ListedCase& c : pack.listed_cases) {
    if (c.kind != kind) continue;
    if (!header) Print(fmt::format("\n  {}:\n", heading.In(lang)));
    header = true;
    Print(fmt::format("    - {} ({})\n      {}: {}\n", c.name.In(lang), c.id,
                      L(lang, {.ja = "根拠", .en = "Citation"}), c.citation));
    Print(ReferencesText(c.citation, lang, "        "));
  }
}

void ShowPack(const regime::Regime& regime, const regime::Pack& pack, const base::BusinessId& only,
              Lang lang) {
  Print(fmt::format("== {} ({})  —  {}  [{}]\n", pack.sector.name.In(lang), pack.sector.id,
                    pack.ministry.name.In(lang), pack.path));
  Print(fmt::format("  {}: {}\n", L(lang, {.ja = "法", .en = "Act"}), pack.sector.act));
  Print(ReferencesText(pack.sector.act, lang, "    "));
  const regime::ActStatus& st = pack.act_status;
  if (st.present) {
    std::string when;
    if (st.in_force_from)
      when += fmt::format(" {} {}", L(lang, {.ja = "施行", .en = "in force from"}),
                          st.in_force_from->ToIso());
    if (st.promulgated)
      when += fmt::format(" {} {}", L(lang, {.ja = "公布", .en = "promulgated"}),
                          st.promulgated->ToIso());
    Print(fmt::format("  {}: {} ({}{})\n", L(lang, {.ja = "施行状況", .en = "Status in the Act"}),
                      st.in_force ? L(lang, {.ja = "施行中", .en = "in force"})
                                  : L(lang, {.ja = "未施行", .en = "not in force"}),
                      st.law, when));
    if (!st.description.In(lang).empty()) {
      Print(fmt::format("    {}\n", st.description.In(lang)));
    }
    if (auto latest = LatestInForce(st)) {
      Print(fmt::format("    {}: {}（{} {}{}）\n      {}: {}\n",
                        L(lang, {.ja = "施行期限（政令で定める日の最も遅い日）",
                                 .en = "Latest day it may come into force (set by cabinet order)"}),
                        DateBoth(latest->due),
                        L(lang, {.ja = "公布から", .en = "from promulgation,"}),
                        st.in_force_within_months, L(lang, {.ja = "か月", .en = " months"}),
                        L(lang, {.ja = "根拠", .en = "Citation"}), st.in_force_within_citation));
      Print(ReferencesText(st.in_force_within_citation, lang, "        "));
    }
  }
  bool names_header = false;
  for (const regime::OrganizationName& n : pack.organization_names) {
    if (!names_header) {
      Print(fmt::format(
          "  {}:\n", L(lang, {.ja = "組織の名称（期間別）", .en = "Organisation names, by date"})));
      names_header = true;
    }
    const auto today = Today();
    const regime::OrganizationName* now = today ? pack.NameAt(n.of, *today) : nullptr;
    const std::string from =
        n.valid_from ? n.valid_from->ToIso()
        : !n.valid_from_text.empty()
            ? n.valid_from_text + L(lang, {.ja = "（未確定）", .en = " (not known yet)"})
            : L(lang, {.ja = "（現在の名称）", .en = "(current name)"});
    Print(fmt::format("    {} {} — {} {}{}\n      {}: {}\n", n.of, n.name.In(lang),
                      L(lang, {.ja = "適用", .en = "from"}), from,
                      now == &n ? L(lang, {.ja = "  ← 現在", .en = "  <- now"}) : "",
                      L(lang, {.ja = "根拠", .en = "Citation"}), n.citation));
    Print(ReferencesText(n.citation, lang, "        "));
  }
  for (const regime::Business& b : pack.businesses) {
    if (!only.empty() && b.id != only) continue;
    ShowBusiness(regime, pack, b, lang);
  }
  ShowListedCases(
      pack, regime::ListedCase::Kind::kEmergency,
      {.ja = "緊急の場合（届出の前の導入等。法第52条第1項ただし書・第54条第1項ただし書）",
       .en = "Emergencies (installation before filing: Art. 52(1) and 54(1), provisos)"},
      lang);
  ShowListedCases(
      pack, regime::ListedCase::Kind::kImportantChange,
      {.ja = "重要な変更（事前に変更の案を届出、第52条第2項〜第10項を準用。法第54条第1項・第2項）",
       .en = "Important changes (filed beforehand and reviewed again: Art. 54(1), (2))"},
      lang);
  ShowListedCases(
      pack, regime::ListedCase::Kind::kMinorChange,
      {.ja = "軽微な変更（届出も報告も不要。法第54条第4項）。それ以外の変更は変更後遅滞なく報告",
       .en = "Minor changes (nothing to file or report: Art. 54(4)); any other change is "
             "reported without delay after it is made"},
      lang);
  bool header = false;
  for (const regime::TimelineEvent& ev : pack.timeline) {
    if (!only.empty() && !ev.business.empty() && ev.business != only) continue;
    if (!header) {
      Print(fmt::format("\n  {}:\n", L(lang, {.ja = "年表", .en = "Timeline"})));
      header = true;
    }
    std::string figures;
    for (const auto& [name, value] : ev.figures) {
      figures += fmt::format("{}{}={}", figures.empty() ? "" : ", ", name, value);
    }
    Print(fmt::format(
        "    {}{} [{}]{} {}{}\n", ev.date.ToIso(), ev.time.empty() ? std::string() : " " + ev.time,
        ev.kind, ev.planned ? L(lang, {.ja = "（予定）", .en = " (planned)"}) : "",
        ev.text.In(lang),
        figures.empty()
            ? std::string()
            : fmt::format(" ({}{})", ev.approximate ? L(lang, {.ja = "約 ", .en = "approx. "}) : "",
                          figures)));
    if (ev.date_basis) {
      Print(fmt::format("      {}: {}\n", L(lang, {.ja = "日付", .en = "Date"}),
                        regime::DateBasisLabel(*ev.date_basis).In(lang)));
    }
  }
  Print("\n");
}

namespace json = boost::json;

using codec::DateBasisJson;
using codec::TextJson;

json::value DateJson(const std::optional<base::Date>& d) {
  return d ? json::value(d->ToIso()) : json::value(nullptr);
}

// Booleans and integers as JSON values; anything else (decimals, dates, text) as the language
// prints it, so no precision is lost. Not a switch: the language may add kinds.
json::value ValueJson(const rules::Value& v) {
  if (v.kind == rules::Value::Kind::kBool) return json::value(v.b);
  if (v.kind == rules::Value::Kind::kInt) return json::value(v.i);
  if (v.kind == rules::Value::Kind::kNull) return json::value(nullptr);
  return json::value(v.ToString());
}

// The pack as JSON (schema_version 1): what `show` prints, for programs.
json::object PackJson(const regime::Regime& regime, const regime::Pack& pack,
                      const base::BusinessId& only) {
  json::object out;
  out["path"] = pack.path;
  out["id"] = pack.id;
  out["name"] = TextJson(pack.name);
  out["sector"] = json::object{{"id", pack.sector.id},
                               {"name", TextJson(pack.sector.name)},
                               {"act", pack.sector.act},
                               {"act_references", codec::EncodeReferences(pack.sector.act)}};
  out["ministry"] = json::object{{"id", pack.ministry.id}, {"name", TextJson(pack.ministry.name)}};
  const regime::ActStatus& st = pack.act_status;
  out["act_status"] = json::object{{"in_force", st.in_force},
                                   {"law", st.law},
                                   {"promulgated", DateJson(st.promulgated)},
                                   {"in_force_from", DateJson(st.in_force_from)},
                                   {"description", TextJson(st.description)}};
  if (auto latest = LatestInForce(st)) {
    json::array rules;
    for (const calendar::AppliedRule& rule : latest->rules) {
      rules.push_back(json::object{{"id", rule.id}, {"text", TextJson(rule.text)}});
    }
    out["act_status"].as_object()["in_force_by"] =
        json::object{{"date", latest->due.ToIso()},
                     {"months", st.in_force_within_months},
                     {"counted_from_promulgation", st.counted_from_promulgation},
                     {"citation", st.in_force_within_citation},
                     {"citation_references", codec::EncodeReferences(st.in_force_within_citation)},
                     {"rules", std::move(rules)}};
  }
  out["listed_cases"] = codec::ListedCasesJson(pack);
  const auto today = Today();
  out["organization_names"] =
      codec::OrganizationNamesJson(pack, today ? std::optional<base::Date>(*today) : std::nullopt);
  json::array businesses;
  for (const regime::Business& b : pack.businesses) {
    if (!only.empty() && b.id != only) continue;
    json::array criteria;
    for (const regime::Criteria* c : regime.CriteriaOf(b.id)) {
      json::object params;
      for (const auto& [name, value] : c->params) params[name] = ValueJson(value);
      criteria.push_back(json::object{{"version", c->version},
                                      {"name", TextJson(c->name)},
                                      {"status", regime::CriteriaStatusName(c->status)},
                                      {"effective_from", c->effective_from.ToIso()},
                                      {"effective_until", DateJson(c->effective_until)},
                                      {"period", regime::PeriodName(c->period)},
                                      {"citation", c->citation},
                                      {"citation_references", codec::EncodeReferences(c->citation)},
                                      {"params", std::move(params)},
                                      {"rule", c->rule},
                                      {"rationale", c->rationale},
                                      {"assumptions", codec::AssumptionsJson(*c)},
                                      {"note", c->note},
                                      {"date_basis", DateBasisJson(c->date_basis)}});
    }
    json::array equipment;
    auto graces = service::EquipmentRevisionGraces(regime, b.id);
    const std::string& grace_source =
        calendar::GetClock(calendar::ClockId::kEquipmentAmendmentGrace).source.ja;
    for (const regime::Equipment* e : regime.EquipmentOf(b.id)) {
      json::value grace = nullptr;
      if (graces) {
        for (const service::EquipmentRevisionGrace& g : *graces) {
          if (g.revision != e) continue;
          grace = json::object{{"revises", g.previous->version},
                               {"grace_end", g.grace.due.ToIso()},
                               {"filing_duty_applies_from", g.grace.day_after().ToIso()},
                               {"source", grace_source},
                               {"source_references", codec::EncodeReferences(grace_source)}};
        }
      }
      json::array functions;
      for (const std::string& f : e->functions) {
        const regime::FunctionDef* def = pack.FindFunction(f);
        functions.push_back(json::object{
            {"id", f}, {"name", def != nullptr ? TextJson(def->name) : json::value(nullptr)}});
      }
      equipment.push_back(json::object{
          {"id", e->id},
          {"version", e->version},
          {"name", TextJson(e->name)},
          {"status", regime::CriteriaStatusName(e->status)},
          {"effective_from", e->effective_from.ToIso()},
          {"effective_until", DateJson(e->effective_until)},
          {"match", e->match == regime::Equipment::Match::kAllOf ? "all_of" : "any_of"},
          {"functions", std::move(functions)},
          {"citation", e->citation},
          {"citation_references", codec::EncodeReferences(e->citation)},
          {"note", e->note},
          {"amendment_grace", std::move(grace)},
          {"date_basis", DateBasisJson(e->date_basis)}});
    }
    businesses.push_back(
        json::object{{"id", b.id.value()},
                     {"name", TextJson(b.name)},
                     {"cabinet_order", b.cabinet_order},
                     {"cabinet_order_references", codec::EncodeReferences(b.cabinet_order)},
                     {"subject", b.subject},
                     {"note", b.note},
                     {"criteria", std::move(criteria)},
                     {"equipment", std::move(equipment)}});
  }
  out["businesses"] = std::move(businesses);
  json::array timeline;
  for (const regime::TimelineEvent& ev : pack.timeline) {
    if (!only.empty() && !ev.business.empty() && ev.business != only) continue;
    json::object figures;
    for (const auto& [name, value] : ev.figures) figures[name] = value;
    timeline.push_back(
        json::object{{"date", ev.date.ToIso()},
                     {"time", ev.time.empty() ? json::value(nullptr) : json::value(ev.time)},
                     {"kind", ev.kind},
                     {"text", TextJson(ev.text)},
                     {"business", ev.business.value()},
                     {"planned", ev.planned},
                     {"approximate", ev.approximate},
                     {"figures", std::move(figures)},
                     {"citation", ev.citation},
                     {"citation_references", codec::EncodeReferences(ev.citation)},
                     {"date_basis", DateBasisJson(ev.date_basis)}});
  }
  out["timeline"] = std::move(timeline);
  return out;
}

int RunShow(const std::vector<std::string>& paths, const base::BusinessId& business, Format format,
            const GlobalOptions& options) {
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load(PathsOrDefault(paths, options), &problems);
  if (!regime) {
    PrintProblems(problems, options.lang, /*brief=*/true);
    return ReportError(regime.status(), options);
  }
  if (!business.empty() && regime->FindBusiness(business) == nullptr) {
    std::string known;
    for (const auto& p : regime->packs()) {
      for (const auto& b : p.businesses) known += (known.empty() ? "" : ", ") + b.id.value();
    }
    return ReportError(
        base::NotFound({.ja = fmt::format("事業「{}」は規制パックにありません（定義済み: {}）",
                                          business, known),
                        .en = fmt::format("unknown business \"{}\" (known: {})", business, known)}),
        options);
  }
  json::array packs;
  for (const regime::Pack& pack : regime->packs()) {
    if (!business.empty()) {
      bool has = false;
      for (const auto& b : pack.businesses) has = has || b.id == business;
      if (!has) continue;
    }
    if (format == Format::kJson) {
      packs.push_back(PackJson(*regime, pack, business));
    } else {
      ShowPack(*regime, pack, business, options.lang);
    }
  }
  if (format == Format::kJson) {
    Print(json::serialize(json::object{{"schema_version", 1}, {"packs", std::move(packs)}}) + "\n");
  }
  return 0;
}

}  // namespace

void AddRegimeCommands(CLI::App& app, GlobalOptions& options) {
  CLI::App* group = app.add_subcommand("regime", "規制パック / regime packs");
  group->require_subcommand(1);

  struct CheckArgs {
    std::vector<std::string> paths;
    bool brief = false;
  };
  auto check_args = std::make_shared<CheckArgs>();
  CLI::App* check = group->add_subcommand(
      "check", "規制パックを検証する / validate regime packs (default: data/regime)");
  check->add_option("paths", check_args->paths,
                    "パックのファイルまたはフォルダ / pack files or folders");
  check->add_flag("--brief", check_args->brief,
                  "問題の行と位置の表示を省く / omit the source line and caret under each problem");
  check->callback([check_args, &options] {
    options.exit_code = RunCheck(check_args->paths, check_args->brief, options);
  });

  struct ShowArgs {
    std::vector<std::string> paths;
    base::BusinessId business;
    Format format = Format::kTable;
  };
  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show = group->add_subcommand(
      "show",
      "事業・指定基準・特定重要設備・年表を表示する / list businesses, criteria, equipment");
  show->add_option("paths", show_args->paths,
                   "パックのファイルまたはフォルダ / pack files or folders");
  show->add_option("--business", show_args->business, "事業 ID で絞る / only this business");
  AddFormatOption(show, &show_args->format, /*allow_csv=*/false);
  show->callback([show_args, &options] {
    options.exit_code = RunShow(show_args->paths, show_args->business, show_args->format, options);
  });
}

}  // namespace kikan::cli
