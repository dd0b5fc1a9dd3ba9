// The designation engine's commands: evaluate, explain, diff, coverage, calibrate. Each loads the
// bundled regime packs (data/regime) and the business's dataset (the folder under data/datasets
// whose manifest lists the business, or --data DIR), calls registry/engine.h and prints a table
// (Japanese by default), JSON or CSV.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/json.hpp>

#include "cli/common.h"
#include "codec/figure_json.h"
#include "codec/reference_json.h"
#include "codec/regime_json.h"
#include "regime/regime.h"
#include "registry/dataset.h"
#include "registry/engine.h"

namespace kikan::cli {
namespace {

namespace json = boost::json;
using base::Lang;

// Options every engine command shares.
struct EngineOptions {
  base::BusinessId business;
  std::string data_dir;
  std::string as_of;
  std::string criteria;
  std::vector<std::string> regime_paths;  // default: the bundled data/regime
  Format format = Format::kTable;
};

void AddCommonOptions(CLI::App* cmd, EngineOptions* o, bool with_criteria = true) {
  cmd->add_option("--business", o->business, "特定社会基盤事業の ID / business id")->required();
  cmd->add_option("--data", o->data_dir, "データセットのフォルダ / dataset folder");
  cmd->add_option("--regime", o->regime_paths,
                  "規制パック（ファイルかフォルダ、複数可。既定: data/regime）/ regime packs");
  cmd->add_option("--as-of", o->as_of, "評価日 YYYY-MM-DD（既定: 今日）/ evaluation date");
  if (with_criteria) {
    cmd->add_option("--criteria", o->criteria, "基準の版（既定: 評価日に施行中の版）/ version");
  }
}

// The loaded regime and dataset for one business.
struct Loaded {
  regime::Regime regime;
  registry::Dataset dataset;
  std::optional<base::Text> warning;  // --as-of before the Act (WarnIfBeforeTheAct)
};

base::Result<base::Date> AsOf(const EngineOptions& o);

base::Result<Loaded> LoadFor(const GlobalOptions& options, const EngineOptions& o) {
  // A bad date is reported before anything is loaded; an early one is warned about here, once
  // (AsOf is asked again by each step).
  KIKAN_ASSIGN_OR_RETURN(base::Date as_of, AsOf(o));
  std::optional<base::Text> warning;
  if (!o.as_of.empty()) warning = WarnIfBeforeTheAct(as_of, "--as-of", options.lang);
  KIKAN_ASSIGN_OR_RETURN(regime::Regime regime, LoadRegime(options, o.regime_paths));
  const regime::Pack* pack = nullptr;
  if (regime.FindBusiness(o.business, &pack) == nullptr) {
    std::string known;
    for (const auto& p : regime.packs()) {
      for (const auto& b : p.businesses) known += (known.empty() ? "" : ", ") + b.id.value();
    }
    return base::NotFound(
        {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません（定義済み: {}）", o.business,
                           known),
         .en = fmt::format("unknown business \"{}\" (known: {})", o.business, known)});
  }
  std::string dir = o.data_dir;
  if (dir.empty()) {
    KIKAN_ASSIGN_OR_RETURN(
        dir, registry::FindDatasetDir(options.source_dir + "/data/datasets", o.business));
  }
  KIKAN_ASSIGN_OR_RETURN(registry::Dataset dataset, registry::Dataset::Load(dir, pack->schema));
  return Loaded{std::move(regime), std::move(dataset), std::move(warning)};
}

base::Result<base::Date> AsOf(const EngineOptions& o) {
  if (o.as_of.empty()) return Today();
  return ParseDateOption(o.as_of, "--as-of");
}

base::Result<registry::Evaluation> EvaluateFor(const Loaded& loaded, const EngineOptions& o) {
  registry::EvaluationRequest request;
  request.business = o.business;
  if (!o.criteria.empty()) request.criteria_version = o.criteria;
  KIKAN_ASSIGN_OR_RETURN(request.as_of, AsOf(o));
  request.as_of_given = !o.as_of.empty();
  // A named version without a date is judged at its own start.
  if (!o.criteria.empty() && o.as_of.empty()) {
    KIKAN_ASSIGN_OR_RETURN(const regime::Criteria* c,
                           loaded.regime.FindCriteria(o.business, o.criteria));
    request.as_of = c->effective_from;
  }
  return registry::Evaluate(loaded.regime, loaded.dataset, request);
}

std::string_view StatusName(regime::CriteriaStatus s, Lang lang) {
  switch (s) {
    case regime::CriteriaStatus::kInForce:
      return lang == Lang::kEn ? "in force" : "施行中";
    case regime::CriteriaStatus::kProposed:
      return lang == Lang::kEn ? "proposed" : "案";
    case regime::CriteriaStatus::kRepealed:
      return lang == Lang::kEn ? "repealed" : "廃止";
  }
  return "";
}

// The status as of the evaluation date: a version since repealed was in force on a date it covers.
std::string StatusAt(const regime::Criteria& c, base::Date as_of, Lang lang) {
  if (c.status == regime::CriteriaStatus::kRepealed && c.Covers(as_of)) {
    return lang == Lang::kEn
               ? fmt::format("in force on that date; repealed after {}", c.effective_until->ToIso())
               : fmt::format("評価日に施行中。{} まで", c.effective_until->ToIso());
  }
  return std::string(StatusName(c.status, lang));
}

std::string_view StatusKey(regime::CriteriaStatus s) {
  switch (s) {
    case regime::CriteriaStatus::kInForce:
      return "in_force";
    case regime::CriteriaStatus::kProposed:
      return "proposed";
    case regime::CriteriaStatus::kRepealed:
      return "repealed";
  }
  return "";
}

json::object CriteriaJson(const regime::Criteria& c) {
  json::object o;
  o["version"] = c.version;
  o["status"] = StatusKey(c.status);
  o["effective_from"] = c.effective_from.ToIso();
  o["effective_until"] = c.effective_until ? json::value(c.effective_until->ToIso()) : nullptr;
  o["period"] = c.period == regime::Period::kAsOf ? "as_of" : "previous_fiscal_year";
  o["citation"] = c.citation;
  o["citation_references"] = codec::EncodeReferences(c.citation);
  o["rule"] = c.rule;
  o["assumptions"] = codec::AssumptionsJson(c);
  return o;
}

// The head every engine command's JSON starts with: what was judged, under which criteria, on
// which date and record, and what the user must know (warnings).
json::object EvaluationJson(const registry::Evaluation& ev, Lang lang) {
  json::object doc;
  doc["schema_version"] = 1;
  doc["business"] = {{"id", ev.business->id.value()}, {"name", ev.business->name.In(lang)}};
  doc["criteria"] = CriteriaJson(*ev.criteria);
  doc["as_of"] = ev.as_of.ToIso();
  doc["fiscal_year"] = ev.fiscal_year ? json::value(*ev.fiscal_year) : nullptr;
  doc["warnings"] = WarningsJson(ev.warnings, lang);
  return doc;
}

void PrintWarnings(const std::vector<base::Text>& warnings, Lang lang) {
  for (const auto& w : warnings) {
    std::fprintf(stderr, "%s %s\n", lang == Lang::kEn ? "warning:" : "警告:", w.In(lang).c_str());
  }
}

// ---- provenance: whether the data is synthetic travels with every output -------------------
// JSON: a top-level `synthetic_data` (the same key as the register's API) and a `dataset` object;
// CSV: a last column `synthetic_data` (true/false) on every row, so a row copied out of the file
// still says it; text: a line of its own under the heading (docs/data-format.md §7).

json::object DatasetJson(const registry::Dataset& dataset) {
  json::array columns;
  for (const auto& c : dataset.manifest().synthetic_columns) columns.emplace_back(c);
  return json::object{{"dir", dataset.dir()},
                      {"name", dataset.manifest().name},
                      {"synthetic", dataset.manifest().synthetic},
                      {"synthetic_columns", std::move(columns)}};
}

void PutProvenance(json::object& doc, const Loaded& loaded, Lang lang) {
  doc["synthetic_data"] = loaded.dataset.manifest().synthetic;
  doc["dataset"] = DatasetJson(loaded.dataset);
  // The date's own warning first, before those of the evaluation the command has put there.
  if (loaded.warning) {
    json::value& warnings = doc["warnings"];
    if (!warnings.is_array()) warnings = json::array();
    warnings.as_array().insert(warnings.as_array().begin(), json::value(loaded.warning->In(lang)));
  }
}

std::string_view CsvSynthetic(const registry::Dataset& dataset) {
  return dataset.manifest().synthetic ? "true" : "false";
}

// The visible line(s): "合成データ: …" for a synthetic dataset, "一部が例示・合成: …" for a dataset
// of real entities with synthetic columns; nothing for wholly real data.
std::string SyntheticLines(const registry::Dataset& dataset, Lang lang) {
  const auto& m = dataset.manifest();
  std::string out;
  if (m.synthetic) {
    out += lang == Lang::kEn
               ? fmt::format(
                     "synthetic data: dataset {} is generated; its figures are not real "
                     "operators' records\n",
                     m.name)
               : fmt::format(
                     "合成データ: データセット {} は生成された合成データです。"
                     "実在の事業者の実績ではありません\n",
                     m.name);
  } else if (!m.synthetic_columns.empty()) {
    out += lang == Lang::kEn
               ? fmt::format("partly synthetic: {} in dataset {} are illustrative or synthetic\n",
                             fmt::join(m.synthetic_columns, ", "), m.name)
               : fmt::format("一部が例示・合成: データセット {} の {} は例示または合成の値です\n",
                             m.name, fmt::join(m.synthetic_columns, ", "));
  }
  return out;
}

// "一般港湾運送事業 — 基準 2025-04（施行中）, 評価日 2025-05-01, 2024年度の実績"
std::string Heading(const registry::Evaluation& ev, const registry::Dataset& dataset, Lang lang) {
  const auto& c = *ev.criteria;
  std::string fy;
  if (ev.fiscal_year) {
    fy = lang == Lang::kEn ? fmt::format(", judged on fiscal year {}", *ev.fiscal_year)
                           : fmt::format("、{}年度の実績で判定", *ev.fiscal_year);
  }
  std::string date = DateBoth(ev.as_of);
  std::string synthetic = dataset.manifest().synthetic
                              ? (lang == Lang::kEn ? " (synthetic data)" : "（合成データ）")
                              : "";
  // The pack's named assumptions: the open points of the text it decided.
  std::string assumptions;
  for (const regime::Assumption& a : c.assumptions) {
    assumptions += lang == Lang::kEn ? fmt::format("assumption {}: {}\n", a.id, a.text.In(lang))
                                     : fmt::format("前提 {}: {}\n", a.id, a.text.In(lang));
  }
  if (lang == Lang::kEn) {
    return fmt::format("{} ({}) — criteria {} ({}), as of {}{}\ndataset: {}{}\n{}{}",
                       ev.business->name.In(lang), ev.business->id, c.version,
                       StatusAt(c, ev.as_of, lang), date, fy, dataset.manifest().name, synthetic,
                       SyntheticLines(dataset, lang), assumptions);
  }
  return fmt::format("{}（{}）— 基準 {}（{}）、評価日 {}{}\nデータセット: {}{}\n{}{}",
                     ev.business->name.In(lang), ev.business->id, c.version,
                     StatusAt(c, ev.as_of, lang), date, fy, dataset.manifest().name, synthetic,
                     SyntheticLines(dataset, lang), assumptions);
}

// ---- evaluate ------------------------------------------------------------------------------

base::Status RunEvaluate(const GlobalOptions& options, const EngineOptions& o, bool all) {
  KIKAN_ASSIGN_OR_RETURN(Loaded loaded, LoadFor(options, o));
  KIKAN_ASSIGN_OR_RETURN(registry::Evaluation ev, EvaluateFor(loaded, o));
  const rules::Table& t = ev.subject();
  const Lang lang = options.lang;
  PrintWarnings(ev.warnings, lang);
  if (o.format == Format::kCsv) {
    std::string out = "id,name,designated,status,synthetic_data\n";
    const std::string synthetic(CsvSynthetic(loaded.dataset));
    for (size_t r = 0; r < t.size(); ++r) {
      out += CsvField(t.ids[r]) + "," + CsvField(t.names[r]) + "," +
             (ev.designated[r] ? "true" : "false") + "," +
             std::string(registry::VerdictName(ev.VerdictAt(r))) + "," + synthetic + "\n";
    }
    Print(out);
    return base::Status::Ok();
  }
  if (o.format == Format::kJson) {
    json::object doc = EvaluationJson(ev, lang);
    PutProvenance(doc, loaded, options.lang);
    doc["population"] = t.size();
    const registry::Tally tally = ev.tally();
    doc["designated_count"] = tally.designated;
    doc["not_designated_count"] = tally.not_designated;
    doc["undetermined_count"] = tally.undetermined;
    json::array results;
    results.reserve(t.size());
    Progress progress(lang == Lang::kEn ? "explaining" : "説明を生成中", t.size());
    // In chunks, so the aggregates are computed once per chunk and progress can be shown.
    constexpr size_t kChunk = 8192;
    for (size_t begin = 0; begin < t.size(); begin += kChunk) {
      std::vector<size_t> rows;
      for (size_t r = begin; r < std::min(t.size(), begin + kChunk); ++r) rows.push_back(r);
      KIKAN_ASSIGN_OR_RETURN(std::vector<rules::Explanation> explanations, ev.ExplainRows(rows));
      for (size_t k = 0; k < rows.size(); ++k) {
        size_t r = rows[k];
        // `designated` stays a boolean (false when undetermined); `status` says which of the
        // three states, and `missing` the inputs that would decide an undetermined row.
        json::array missing;
        for (auto& m : registry::Evaluation::MissingInputs(explanations[k])) {
          missing.emplace_back(std::move(m));
        }
        results.push_back(json::object{{"id", t.ids[r]},
                                       {"name", t.names[r]},
                                       {"designated", ev.designated[r] != 0},
                                       {"status", registry::VerdictName(ev.VerdictAt(r))},
                                       {"missing", std::move(missing)},
                                       {"explanation", explanations[k].ToText(lang)}});
      }
      progress.Update(begin + rows.size());
    }
    doc["results"] = std::move(results);
    Print(json::serialize(doc) + "\n");
    return base::Status::Ok();
  }
  std::string out = Heading(ev, loaded.dataset, lang);
  const registry::Tally tally = ev.tally();
  out += lang == Lang::kEn ? fmt::format("rule: {}\n{} of {} meet the criteria\n",
                                         ev.criteria->rule, tally.designated, t.size())
                           : fmt::format("指定基準: {}\n{} 者中 {} 者が指定基準を満たします\n",
                                         ev.criteria->rule, t.size(), tally.designated);
  if (tally.undetermined > 0) {
    out += lang == Lang::kEn
               ? fmt::format(
                     "{} undetermined (a value the criteria need is missing), {} do not "
                     "meet them\n",
                     tally.undetermined, tally.not_designated)
               : fmt::format("判定不能 {} 者（基準に必要な値が欠けています）、非該当 {} 者\n",
                             tally.undetermined, tally.not_designated);
  }
  out += "\n";
  // Undetermined rows are listed with the designated ones: each needs its missing data.
  std::vector<std::vector<std::string>> rows;
  for (size_t r = 0; r < t.size(); ++r) {
    const registry::Verdict v = ev.VerdictAt(r);
    if (!all && v == registry::Verdict::kNotDesignated) continue;
    const char* mark = v == registry::Verdict::kDesignated ? (lang == Lang::kEn ? "yes" : "○")
                       : v == registry::Verdict::kUndetermined
                           ? (lang == Lang::kEn ? "unknown" : "？")
                           : (lang == Lang::kEn ? "no" : "×");
    rows.push_back({t.ids[r], t.names[r], mark});
  }
  out += RenderTable(lang == Lang::kEn ? std::vector<std::string>{"id", "name", "meets"}
                                       : std::vector<std::string>{"ID", "名称", "該当"},
                     rows);
  Print(out);
  return base::Status::Ok();
}

// ---- explain -------------------------------------------------------------------------------

std::string FormatValue(int64_t v, const rules::FieldDef& f);  // below, with coverage

// The same for people: one line per row, 「東京港: 4,700,000 TEU（2024年、外内貿）」.
std::string FiguresText(const std::vector<registry::FigureRows>& figures, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out;
  for (const registry::FigureRows& f : figures) {
    out +=
        en ? fmt::format("figures read, with their year and basis ({}, {}):\n", f.field,
                         f.def.label.In(lang))
           : fmt::format("判定に使った数値の年と範囲（{}、{}）:\n", f.field, f.def.label.In(lang));
    const std::string unit = f.def.unit.empty() ? "" : " " + f.def.unit;
    for (const registry::FigureRow& r : f.rows) {
      const std::string value =
          r.value ? FormatValue(*r.value, f.def) + unit : (en ? "missing" : "欠測");
      const std::string year =
          r.year ? (en ? fmt::format("{}", *r.year) : fmt::format("{}年", *r.year))
                 : (en ? "year unknown" : "年不明");
      const std::string basis = !r.basis.empty() ? registry::TotalBasisLabel(r.basis).In(lang)
                                : en             ? "basis not stated by the source"
                                                 : "範囲は資料に記載なし";
      out += en ? fmt::format("  {}: {} ({}, {})\n", r.name, value, year, basis)
                : fmt::format("  {}: {}（{}、{}）\n", r.name, value, year, basis);
    }
  }
  return out;
}

base::Status RunExplain(const GlobalOptions& options, const EngineOptions& o,
                        const std::string& operator_id) {
  KIKAN_ASSIGN_OR_RETURN(Loaded loaded, LoadFor(options, o));
  KIKAN_ASSIGN_OR_RETURN(registry::Evaluation ev, EvaluateFor(loaded, o));
  KIKAN_ASSIGN_OR_RETURN(size_t row, ev.RowOf(operator_id));
  KIKAN_ASSIGN_OR_RETURN(rules::Explanation ex, ev.Explain(row));
  PrintWarnings(ev.warnings, options.lang);
  if (o.format == Format::kJson) {
    json::object doc = EvaluationJson(ev, options.lang);
    boost::system::error_code ec;
    doc["explanation"] = json::parse(ex.ToJson(), ec);  // Kikan's own JSON: parses
    if (ec) return base::Internal({.en = "the explanation did not serialize as JSON"});
    codec::AddExplanationReferences(doc["explanation"]);
    doc["status"] = registry::VerdictName(ev.VerdictAt(row));
    doc["figures"] = codec::EncodeFigures(registry::FiguresRead(ev, loaded.dataset.manifest()));
    PutProvenance(doc, loaded, options.lang);
    json::array missing;
    for (auto& m : ex.MissingInputs()) missing.emplace_back(std::move(m));
    doc["missing"] = std::move(missing);
    Print(json::serialize(doc) + "\n");
    return base::Status::Ok();
  }
  const Lang lang = options.lang;
  std::string out = Heading(ev, loaded.dataset, lang) + "\n";
  out += ex.ToText(lang);
  if (!out.empty() && out.back() != '\n') out += "\n";
  if (const auto missing = ex.MissingInputs(); !missing.empty()) {
    out += fmt::format("{}: {}\n",
                       lang == Lang::kEn ? "values that would decide it" : "判定に必要な値",
                       fmt::join(missing, ", "));
  }
  out += FiguresText(registry::FiguresRead(ev, loaded.dataset.manifest()), lang);
  Print(out);
  return base::Status::Ok();
}

// ---- diff ----------------------------------------------------------------------------------

json::array MembersJson(const std::vector<registry::Member>& members) {
  json::array a;
  for (const auto& m : members) a.push_back(json::object{{"id", m.id}, {"name", m.name}});
  return a;
}

base::Status RunDiff(const GlobalOptions& options, const EngineOptions& o, const std::string& from,
                     const std::string& to) {
  KIKAN_ASSIGN_OR_RETURN(Loaded loaded, LoadFor(options, o));
  std::optional<base::Date> as_of;
  if (!o.as_of.empty()) {
    KIKAN_ASSIGN_OR_RETURN(as_of, AsOf(o));
  }
  auto diffed = registry::Diff(loaded.regime, loaded.dataset, o.business,
                               from.empty() ? std::nullopt : std::optional<std::string>(from),
                               to.empty() ? std::nullopt : std::optional<std::string>(to), as_of);
  if (!diffed && diffed.status().code() == base::StatusCode::kFailedPrecondition) {
    return WithFlagHint(diffed.status(), {.ja = "版は --from と --to で指定します",
                                          .en = "the versions: --from and --to"});
  }
  KIKAN_ASSIGN_OR_RETURN(registry::CriteriaDiff d, std::move(diffed));
  const Lang lang = options.lang;
  PrintWarnings(d.warnings, lang);
  if (o.format == Format::kJson) {
    json::object doc;
    doc["schema_version"] = 1;
    doc["business"] = o.business.value();
    doc["from"] = CriteriaJson(*d.from);
    doc["to"] = CriteriaJson(*d.to);
    doc["as_of"] = d.as_of.ToIso();
    doc["from_fiscal_year"] = d.from_fiscal_year ? json::value(*d.from_fiscal_year) : nullptr;
    doc["to_fiscal_year"] = d.to_fiscal_year ? json::value(*d.to_fiscal_year) : nullptr;
    doc["warnings"] = WarningsJson(d.warnings, lang);
    doc["entered"] = MembersJson(d.entered);
    doc["left"] = MembersJson(d.left);
    doc["stayed"] = MembersJson(d.stayed);
    doc["undetermined"] = MembersJson(d.undetermined);
    auto tally_json = [](const registry::Tally& t) {
      return json::object{{"designated", t.designated},
                          {"not_designated", t.not_designated},
                          {"undetermined", t.undetermined}};
    };
    doc["from_counts"] = tally_json(d.from_tally);
    doc["to_counts"] = tally_json(d.to_tally);
    PutProvenance(doc, loaded, options.lang);
    Print(json::serialize(doc) + "\n");
    return base::Status::Ok();
  }
  if (o.format == Format::kCsv) {
    std::string out = "change,id,name,synthetic_data\n";
    auto add = [&](std::string_view change, const std::vector<registry::Member>& ms) {
      for (const auto& m : ms)
        out += fmt::format("{},{},{},{}\n", change, CsvField(m.id), CsvField(m.name),
                           CsvSynthetic(loaded.dataset));
    };
    add("entered", d.entered);
    add("left", d.left);
    add("stayed", d.stayed);
    add("undetermined", d.undetermined);
    Print(out);
    return base::Status::Ok();
  }
  const regime::Business* business = loaded.regime.FindBusiness(o.business);
  auto fy = [&](std::optional<int> y) {
    if (!y) return std::string();
    return lang == Lang::kEn ? fmt::format(" (FY{} record)", *y)
                             : fmt::format("（{}年度の実績）", *y);
  };
  std::string out =
      lang == Lang::kEn
          ? fmt::format("{} ({}): criteria {}{} → {}{}, both judged at {}\n",
                        business->name.In(lang), o.business, d.from->version,
                        fy(d.from_fiscal_year), d.to->version, fy(d.to_fiscal_year),
                        DateBoth(d.as_of))
          : fmt::format("{}（{}）: 基準 {}{} → {}{}、いずれも評価日 {}\n", business->name.In(lang),
                        o.business, d.from->version, fy(d.from_fiscal_year), d.to->version,
                        fy(d.to_fiscal_year), DateBoth(d.as_of));
  out += fmt::format("{}: {}\n", lang == Lang::kEn ? "dataset" : "データセット",
                     loaded.dataset.manifest().name);
  out += SyntheticLines(loaded.dataset, lang);
  auto section = [&](const base::Text& title, const std::vector<registry::Member>& ms) {
    out += fmt::format("\n{} ({}):\n", title.In(lang), ms.size());
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : ms) rows.push_back({"  " + m.id, m.name});
    if (!rows.empty()) {
      std::string table = RenderTable({"  ID", lang == Lang::kEn ? "name" : "名称"}, rows);
      out += table;
    }
  };
  section({.ja = "新たに該当", .en = "entered"}, d.entered);
  section({.ja = "該当しなくなる", .en = "left"}, d.left);
  section({.ja = "引き続き該当", .en = "stayed"}, d.stayed);
  if (!d.undetermined.empty())
    section({.ja = "判定不能（値の欠落）", .en = "undetermined (missing values)"}, d.undetermined);
  auto counts = [&](const registry::Tally& t) {
    return lang == Lang::kEn ? fmt::format("{} designated, {} not, {} undetermined", t.designated,
                                           t.not_designated, t.undetermined)
                             : fmt::format("該当 {}、非該当 {}、判定不能 {}", t.designated,
                                           t.not_designated, t.undetermined);
  };
  out += fmt::format("\n{}: {}\n{}: {}\n", d.from->version, counts(d.from_tally), d.to->version,
                     counts(d.to_tally));
  Print(out);
  return base::Status::Ok();
}

// ---- coverage and calibrate ----------------------------------------------------------------

// A column value for people: "5,000" or "12.5" (decimals unscaled, trailing zeros dropped).
std::string FormatValue(int64_t v, const rules::FieldDef& f) {
  int64_t scale = f.type.kind == rules::TypeKind::kDecimal ? rules::kDecimalScale : 1;
  std::string s = GroupedInt(std::abs(v / scale));
  if (v < 0) s = "-" + s;
  if (scale == 1) return s;
  std::string frac = fmt::format("{:04}", std::abs(v % scale));
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return frac.empty() ? s : s + "." + frac;
}

// The same for CSV: no thousands separators ("5000", "12.5"), so the cell is one number.
std::string CsvValue(int64_t v, const rules::FieldDef& f) {
  std::string s = FormatValue(v, f);
  std::erase(s, ',');
  return s;
}

json::value ValueJson(int64_t v, const rules::FieldDef& f) {
  if (f.type.kind != rules::TypeKind::kDecimal) return v;
  return static_cast<double>(v) / rules::kDecimalScale;
}

base::Status RunCoverage(const GlobalOptions& options, const EngineOptions& o,
                         const std::string& metric) {
  KIKAN_ASSIGN_OR_RETURN(Loaded loaded, LoadFor(options, o));
  KIKAN_ASSIGN_OR_RETURN(registry::Evaluation ev, EvaluateFor(loaded, o));
  KIKAN_ASSIGN_OR_RETURN(registry::Coverage cov, registry::CoverageOf(ev, metric));
  const Lang lang = options.lang;
  PrintWarnings(ev.warnings, lang);
  if (o.format == Format::kJson) {
    json::object doc = EvaluationJson(ev, lang);
    doc["metric"] = metric;
    doc["population"] = cov.population;
    doc["designated"] = cov.designated;
    doc["covered"] = ValueJson(cov.share.part, cov.field);
    doc["total"] = ValueJson(cov.share.whole, cov.field);
    doc["coverage"] = cov.share.ToDouble();
    PutProvenance(doc, loaded, options.lang);
    Print(json::serialize(doc) + "\n");
    return base::Status::Ok();
  }
  if (o.format == Format::kCsv) {
    Print(fmt::format(
        "metric,population,designated,covered,total,coverage,synthetic_data\n"
        "{},{},{},{},{},{:.6f},{}\n",
        metric, cov.population, cov.designated, CsvValue(cov.share.part, cov.field),
        CsvValue(cov.share.whole, cov.field), cov.share.ToDouble(), CsvSynthetic(loaded.dataset)));
    return base::Status::Ok();
  }
  std::string out = Heading(ev, loaded.dataset, lang);
  std::string unit = cov.field.unit.empty() ? "" : " " + cov.field.unit;
  out += lang == Lang::kEn
             ? fmt::format("{} designated of {}: {}{} of {}{} = {:.2f}% of {}\n", cov.designated,
                           cov.population, FormatValue(cov.share.part, cov.field), unit,
                           FormatValue(cov.share.whole, cov.field), unit,
                           cov.share.ToDouble() * 100, cov.field.label.In(lang))
             : fmt::format("指定 {} 者（{} 者中）: {}{} / {}{} = {}の {:.2f}%\n", cov.designated,
                           cov.population, FormatValue(cov.share.part, cov.field), unit,
                           FormatValue(cov.share.whole, cov.field), unit, cov.field.label.In(lang),
                           cov.share.ToDouble() * 100);
  Print(out);
  return base::Status::Ok();
}

// How `calibrate` counts: `--by FIELD` groups the metric's rows by a reference field (harbours by
// port), `--national-total` measures against the total the dataset declares for the metric.
struct CalibrateOptions {
  std::string by;
  bool national_total = false;
};

// "2024年、外内貿、21,790,000 TEU。出典: …" / "2024, domestic + foreign, 21,790,000 TEU; source:
// …".
std::string TotalText(const registry::Total& t, const rules::FieldDef& field, Lang lang) {
  const std::string unit = field.unit.empty() ? "" : " " + field.unit;
  const std::string value = FormatValue(t.value, field) + unit;
  const std::string url = t.source.url.empty() ? "" : " <" + t.source.url + ">";
  return lang == Lang::kEn ? fmt::format("{} ({}, {}); source: {}{}", value, t.year,
                                         registry::TotalBasisLabel(t.basis).en, t.source.text, url)
                           : fmt::format("{}（{}年、{}）。出典: {}{}", value, t.year,
                                         registry::TotalBasisLabel(t.basis).ja, t.source.text, url);
}

base::Status RunCalibrate(const GlobalOptions& options, const EngineOptions& o,
                          const std::string& metric, double target, const CalibrateOptions& co) {
  KIKAN_ASSIGN_OR_RETURN(Loaded loaded, LoadFor(options, o));
  KIKAN_ASSIGN_OR_RETURN(base::Date as_of, AsOf(o));
  const regime::Pack* pack = nullptr;
  const regime::Business* business = loaded.regime.FindBusiness(o.business, &pack);
  // With criteria (named, or in force at the date) the population is the one they judge; a
  // business with none in force (medical, still proposed) is calibrated on its latest record.
  std::optional<registry::Evaluation> ev;
  rules::Population snapshot;
  std::optional<int> fiscal_year;
  std::vector<base::Text> warnings;
  if (!o.criteria.empty() || loaded.regime.CriteriaAt(o.business, as_of).has_value()) {
    KIKAN_ASSIGN_OR_RETURN(ev, EvaluateFor(loaded, o));
    fiscal_year = ev->fiscal_year;
    warnings = ev->warnings;
    as_of = ev->as_of;
  } else {
    KIKAN_ASSIGN_OR_RETURN(snapshot, registry::SnapshotAt(loaded.dataset, as_of, !o.as_of.empty(),
                                                          &fiscal_year, &warnings));
  }
  const rules::Population& population = ev ? ev->population : snapshot;
  // "FIELD" is a field of the subject; "KIND.FIELD" one of another kind (harbour.annual_teu).
  std::string kind = business->subject;
  std::string field = metric;
  if (size_t dot = metric.find('.'); dot != std::string::npos) {
    kind = metric.substr(0, dot);
    field = metric.substr(dot + 1);
  }
  KIKAN_ASSIGN_OR_RETURN(registry::ResolvedCalibrationScope resolved,
                         registry::ResolveCalibrationScope(loaded.dataset.manifest(), pack->schema,
                                                           kind, field, co.by, co.national_total));
  const registry::Total* national = resolved.national;
  const registry::CalibrationScope& scope = resolved.scope;
  KIKAN_ASSIGN_OR_RETURN(registry::Calibration cal,
                         registry::Calibrate(population, pack->schema, kind, field, target, scope));
  const Lang lang = options.lang;
  PrintWarnings(warnings, lang);
  if (o.format == Format::kJson) {
    json::object doc;
    doc["schema_version"] = 1;
    doc["business"] = o.business.value();
    doc["criteria"] = ev ? json::value(CriteriaJson(*ev->criteria)) : nullptr;
    doc["as_of"] = as_of.ToIso();
    doc["fiscal_year"] = fiscal_year ? json::value(*fiscal_year) : nullptr;
    doc["warnings"] = WarningsJson(warnings, lang);
    doc["metric"] = metric;
    doc["target"] = target;
    doc["by"] = co.by.empty() ? json::value(nullptr) : json::value(co.by);
    if (national != nullptr) {
      doc["total"] = codec::EncodeTotal(*national);
    } else {
      doc["total"] = nullptr;
    }
    if (cal.chosen) {
      doc["threshold"] = ValueJson(cal.chosen->threshold, cal.field);
      doc["count"] = cal.chosen->count;
      doc["coverage"] = cal.chosen->share.ToDouble();
    }
    json::array curve;
    for (const auto& p : cal.curve) {
      curve.push_back(json::object{{"threshold", ValueJson(p.threshold, cal.field)},
                                   {"count", p.count},
                                   {"coverage", p.share.ToDouble()}});
    }
    doc["curve"] = std::move(curve);
    PutProvenance(doc, loaded, options.lang);
    Print(json::serialize(doc) + "\n");
    return base::Status::Ok();
  }
  if (o.format == Format::kCsv) {
    std::string out = "threshold,count,coverage,synthetic_data\n";
    for (const auto& p : cal.curve) {
      out += fmt::format("{},{},{:.6f},{}\n", CsvValue(p.threshold, cal.field), p.count,
                         p.share.ToDouble(), CsvSynthetic(loaded.dataset));
    }
    Print(out);
    return base::Status::Ok();
  }
  std::string out;
  if (ev) {
    out = Heading(*ev, loaded.dataset, lang);
  } else {
    std::string fy = !fiscal_year        ? ""
                     : lang == Lang::kEn ? fmt::format(", FY{} record", *fiscal_year)
                                         : fmt::format("、{}年度の実績", *fiscal_year);
    out = lang == Lang::kEn
              ? fmt::format("{} ({}) — no criteria in force, as of {}{}\ndataset: {}\n",
                            business->name.In(lang), o.business, DateBoth(as_of), fy,
                            loaded.dataset.manifest().name)
              : fmt::format("{}（{}）— 施行中の基準なし、評価日 {}{}\nデータセット: {}\n",
                            business->name.In(lang), o.business, DateBoth(as_of), fy,
                            loaded.dataset.manifest().name);
    out += SyntheticLines(loaded.dataset, lang);
  }
  if (!co.by.empty()) {
    out += lang == Lang::kEn
               ? fmt::format("counted per {} ({}.{} summed over its rows)\n", co.by, kind, field)
               : fmt::format("{} ごとに合算して数える（{}.{} の合計）\n", co.by, kind, field);
  }
  if (national != nullptr) {
    out += lang == Lang::kEn
               ? fmt::format("of the national total: {}\n", TotalText(*national, cal.field, lang))
               : fmt::format("全国計に対して: {}\n", TotalText(*national, cal.field, lang));
  }
  if (cal.chosen) {
    std::string unit = cal.field.unit.empty() ? "" : " " + cal.field.unit;
    const bool operators = kind == business->subject && co.by.empty();
    const std::string units_en = !co.by.empty() ? co.by + "s" : operators ? "operators" : "rows";
    const std::string units_ja = !co.by.empty() ? "件（" + co.by + "）" : operators ? "者" : "件";
    out += lang == Lang::kEn
               ? fmt::format("{} >= {}{}: {} {} cover {:.2f}% (target {:.2f}%)\n", metric,
                             FormatValue(cal.chosen->threshold, cal.field), unit, cal.chosen->count,
                             units_en, cal.chosen->share.ToDouble() * 100, target * 100)
               : fmt::format("{}（{}）が {}{} 以上: {} {}で {:.2f}% をカバー（目標 {:.2f}%）\n",
                             cal.field.label.In(lang), metric,
                             FormatValue(cal.chosen->threshold, cal.field), unit, cal.chosen->count,
                             units_ja, cal.chosen->share.ToDouble() * 100, target * 100);
  } else {
    const double all = cal.curve.empty() ? 0 : cal.curve.back().share.ToDouble();
    out += lang == Lang::kEn
               ? fmt::format("no threshold reaches {:.2f}%: all rows together cover {:.2f}%\n",
                             target * 100, all * 100)
               : fmt::format("目標 {:.2f}% に届く閾値はありません（全件で {:.2f}%）\n",
                             target * 100, all * 100);
  }
  Print(out);
  return base::Status::Ok();
}

}  // namespace

void AddEngineCommands(CLI::App& app, GlobalOptions& options) {
  auto run = [&options](base::Status status) {
    options.exit_code = status.ok() ? 0 : ReportError(status, options);
  };

  {
    auto* cmd = app.add_subcommand("evaluate", "指定基準を母集団に適用する / evaluate criteria");
    auto o = std::make_shared<EngineOptions>();
    auto all = std::make_shared<bool>(false);
    AddCommonOptions(cmd, o.get());
    AddFormatOption(cmd, &o->format);
    cmd->add_flag("--all", *all, "表で該当しない事業者も表示 / list every operator in the table");
    cmd->callback([=, &options] { run(RunEvaluate(options, *o, *all)); });
  }
  {
    auto* cmd = app.add_subcommand("explain", "一事業者の判定理由 / explain one operator");
    auto o = std::make_shared<EngineOptions>();
    auto id = std::make_shared<std::string>();
    AddCommonOptions(cmd, o.get());
    cmd->add_option("--operator", *id, "事業者 ID / operator id")->required();
    AddFormatOption(cmd, &o->format, /*allow_csv=*/false);
    cmd->callback([=, &options] { run(RunExplain(options, *o, *id)); });
  }
  {
    auto* cmd = app.add_subcommand("diff", "基準の改正で誰が入り誰が出るか / compare versions");
    auto o = std::make_shared<EngineOptions>();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    AddCommonOptions(cmd, o.get(), /*with_criteria=*/false);
    cmd->add_option("--from", *from, "比較元の版（既定: 一つ前の版）/ from version");
    cmd->add_option("--to", *to, "比較先の版（既定: 最新の版）/ to version");
    AddFormatOption(cmd, &o->format);
    cmd->callback([=, &options] { run(RunDiff(options, *o, *from, *to)); });
  }
  {
    auto* cmd = app.add_subcommand("coverage", "指定事業者が占めるシェア / coverage of a metric");
    auto o = std::make_shared<EngineOptions>();
    auto metric = std::make_shared<std::string>();
    AddCommonOptions(cmd, o.get());
    cmd->add_option("--metric", *metric, "数値項目 / numeric field")->required();
    AddFormatOption(cmd, &o->format);
    cmd->callback([=, &options] { run(RunCoverage(options, *o, *metric)); });
  }
  {
    auto* cmd = app.add_subcommand("calibrate", "目標カバー率に合う閾値 / calibrate a threshold");
    auto o = std::make_shared<EngineOptions>();
    auto metric = std::make_shared<std::string>();
    auto target = std::make_shared<double>(0);
    AddCommonOptions(cmd, o.get());
    cmd->add_option("--metric", *metric,
                    "数値項目（他の種別は 種別.項目）/ numeric field (KIND.FIELD for another kind)")
        ->required();
    cmd->add_option("--coverage", *target, "目標カバー率 (0–1) / target coverage")->required();
    auto co = std::make_shared<CalibrateOptions>();
    cmd->add_option(
        "--by", co->by,
        "この参照項目ごとに合算して数える（harbour.annual_teu なら port）/ count the rows "
        "summed per this reference field (port for harbour.annual_teu)");
    cmd->add_flag("--national-total", co->national_total,
                  "データセットが宣言する全国計に対するカバー率 / coverage of the national total "
                  "the dataset declares");
    AddFormatOption(cmd, &o->format);
    cmd->callback([=, &options] { run(RunCalibrate(options, *o, *metric, *target, *co)); });
  }
}

}  // namespace kikan::cli
