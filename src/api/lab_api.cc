// /api/v1/lab/…: the criteria lab (基準シミュレータ) of the web UI. Anyone may try a business's
// criteria — or an edited rule, judged with a version's params and period — over the bundled
// (published, largely synthetic) datasets: check a rule as it is typed, evaluate it at a date and
// compare it with another version, calibrate a threshold to a target coverage, and explain one
// operator's result. Public: nothing here reads or writes the register.
//
// Datasets are loaded once, on first use, and shared (ApiContext::datasets). Rule text is
// limited to 16 KiB. Positions of diagnostics are 1-based lines and columns counted in UTF-16
// code units of the rule text as sent (what a JavaScript editor indexes strings with).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "api/common.h"
#include "api/handlers.h"
#include "base/wareki.h"
#include "registry/dataset.h"
#include "registry/engine.h"

namespace kikan::api {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxRuleBytes = 16 * 1024;
constexpr int64_t kDefaultLimit = 2000;
constexpr int64_t kMaxLimit = 100000;
constexpr size_t kMaxCurvePoints = 400;

using Errors = std::vector<base::FieldError>;

http::Response Invalid(const http::Request& req, Errors errors) {
  return Fail(req,
              base::InvalidArgument("the request body is incomplete or wrong",
                                    "リクエスト本文に不足または誤りがあります"),
              std::move(errors));
}

json::object MemberJson(const rules::Table& t, size_t row) {
  return json::object{
      {"id", t.ids[row]}, {"name", t.names[row]}, {"prefecture", t.TextAt("prefecture", row)}};
}

// A value of a numeric column as a JSON number, decimals unscaled.
json::value Unscaled(int64_t v, const rules::FieldDef& f) {
  if (f.type.kind != rules::TypeKind::kDecimal) return v;
  return static_cast<double>(v) / rules::kDecimalScale;
}

// --- positions in UTF-16 code units ------------------------------------------------------------

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;  // a stray byte counts as one
}

struct Utf16Span {
  int line = 1, column = 1, end_line = 1, end_column = 2, length = 1;
};

// Converts a diagnostic's place (line, column in code points; length in code points) in `text`
// to UTF-16 code units. The end is exclusive: the column just after the last unit underlined.
Utf16Span ToUtf16(std::string_view text, rules::Location loc, int length) {
  Utf16Span out;
  out.line = loc.line;
  size_t i = 0;
  int line = 1;
  while (line < loc.line && i < text.size()) {
    if (text[i++] == '\n') ++line;
  }
  int units = 0;
  for (int cp = 1; cp < loc.column && i < text.size() && text[i] != '\n'; ++cp) {
    size_t n = Utf8Length(static_cast<unsigned char>(text[i]));
    units += n == 4 ? 2 : 1;
    i += n;
  }
  out.column = units + 1;
  int end_line = loc.line, end_units = units, spanned = 0;
  for (int cp = 0; cp < std::max(length, 1) && i < text.size(); ++cp) {
    if (text[i] == '\n') {
      ++end_line;
      end_units = 0;
      ++spanned;
      ++i;
      continue;
    }
    size_t n = Utf8Length(static_cast<unsigned char>(text[i]));
    end_units += n == 4 ? 2 : 1;
    spanned += n == 4 ? 2 : 1;
    i += n;
  }
  if (spanned == 0) {  // at the end of the text or of a line: underline one unit
    spanned = 1;
    end_units += 1;
  }
  out.end_line = end_line;
  out.end_column = end_units + 1;
  out.length = spanned;
  return out;
}

json::array DiagnosticsJson(std::string_view rule, const std::vector<rules::Diagnostic>& ds) {
  json::array out;
  for (const auto& d : ds) {
    rules::Location loc = d.source_loc.line > 0 ? d.source_loc : d.loc;
    Utf16Span s = ToUtf16(rule, loc, d.length);
    out.push_back(json::object{{"line", s.line},
                               {"column", s.column},
                               {"end_line", s.end_line},
                               {"end_column", s.end_column},
                               {"length", s.length},
                               {"message", TextJson(d.message)}});
  }
  return out;
}

// 422 for a rule that does not compile: errors at /rule with line and column, and diagnostics.
http::Response RuleFails(const http::Request& req, std::string_view rule,
                         const std::vector<rules::Diagnostic>& ds, const base::Status& status) {
  json::array diagnostics = DiagnosticsJson(rule, ds);
  Errors errors;
  for (const auto& d : ds) errors.push_back({"/rule", d.message});
  if (errors.empty()) errors.push_back({"/rule", {status.ja(), status.en()}});
  http::Response r =
      Fail(req, base::InvalidArgument("the rule does not compile", "ルールをコンパイルできません"),
           errors);
  json::value body = json::parse(r.body);
  json::object& o = body.as_object();
  if (json::value* es = o.if_contains("errors"); es && es->is_array()) {
    for (size_t i = 0; i < es->as_array().size() && i < diagnostics.size(); ++i) {
      json::object& e = es->as_array()[i].as_object();
      e["line"] = diagnostics[i].as_object()["line"];
      e["column"] = diagnostics[i].as_object()["column"];
    }
  }
  o["schema_version"] = kSchemaVersion;
  o["diagnostics"] = std::move(diagnostics);
  r.body = json::serialize(body);
  return r;
}

// --- resolving the request -------------------------------------------------------------------

base::Status UnknownBusiness(const ApiContext& ctx, std::string_view id) {
  std::string known;
  for (const auto& p : ctx.regime->packs()) {
    for (const auto& b : p.businesses) known += (known.empty() ? "" : ", ") + b.id;
  }
  return base::NotFound(
      fmt::format("unknown business \"{}\" (known: {})", id, known),
      fmt::format("特定社会基盤事業「{}」は定義されていません（定義済み: {}）", id, known));
}

// Dataset folders under the root (with a manifest), sorted by name.
std::vector<fs::path> DatasetDirs(const ApiContext& ctx) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ctx.datasets_root, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "dataset.toml")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

struct Target {
  const regime::Pack* pack = nullptr;
  const regime::Business* business = nullptr;
  std::string dataset_id;
  std::shared_ptr<const registry::Dataset> dataset;
};

// The business and its dataset (named, or the one whose manifest lists the business).
// Errors: kNotFound (unknown business or dataset, naming what exists), kInvalidArgument with a
// field error at /dataset (a dataset not for the business), and dataset load errors.
base::Result<Target> ResolveTarget(const ApiContext& ctx, const std::string& business,
                                   const std::optional<std::string>& dataset, Errors* errors) {
  Target t;
  t.business = ctx.regime->FindBusiness(business, &t.pack);
  if (t.business == nullptr) return UnknownBusiness(ctx, business);
  std::string dir;
  if (dataset) {
    std::string names;
    for (const auto& d : DatasetDirs(ctx)) {
      names += (names.empty() ? "" : ", ") + d.filename().string();
      if (d.filename().string() == *dataset) dir = d.string();
    }
    if (dir.empty()) {
      return base::NotFound(
          fmt::format("no dataset \"{}\" (datasets: {})", *dataset, names),
          fmt::format("データセット「{}」はありません（あるもの: {}）", *dataset, names));
    }
    KIKAN_ASSIGN_OR_RETURN(registry::Manifest m, registry::ReadManifest(dir));
    if (std::find(m.businesses.begin(), m.businesses.end(), business) == m.businesses.end()) {
      errors->push_back(
          {"/dataset",
           {fmt::format("データセット「{}」は事業「{}」の母集団ではありません", *dataset, business),
            fmt::format("dataset \"{}\" is not a population of business \"{}\"", *dataset,
                        business)}});
      return base::InvalidArgument("the dataset does not fit the business",
                                   "データセットが事業に合いません");
    }
  } else {
    KIKAN_ASSIGN_OR_RETURN(dir, registry::FindDatasetDir(ctx.datasets_root, business));
  }
  t.dataset_id = fs::path(dir).filename().string();
  KIKAN_ASSIGN_OR_RETURN(t.dataset, ctx.datasets->Get(dir, t.pack->schema));
  return t;
}

const regime::Criteria* Latest(const ApiContext& ctx, std::string_view business) {
  auto versions = ctx.regime->CriteriaOf(business);
  return versions.empty() ? nullptr : versions.back();
}

// The base version: named, else the one in force at `as_of` (when given), else the latest.
base::Result<const regime::Criteria*> BaseCriteria(const ApiContext& ctx, std::string_view business,
                                                   const std::optional<std::string>& named,
                                                   std::optional<base::Date> as_of) {
  if (named) return ctx.regime->FindCriteria(business, *named);
  if (as_of) {
    if (auto c = ctx.regime->CriteriaAt(business, *as_of)) return *c;
  }
  if (const regime::Criteria* c = Latest(ctx, business)) return c;
  return base::NotFound(fmt::format("business {} has no criteria", business),
                        fmt::format("事業 {} には指定基準がありません", business));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Member `name` as a rule text (at most 16 KiB); nullopt when absent or null.
std::optional<std::string> GetRule(const json::object& o, Errors* errors) {
  auto rule = GetString(o, "rule", errors);
  if (rule && rule->size() > kMaxRuleBytes) {
    errors->push_back(
        {"/rule",
         {fmt::format("ルールは {} バイトまでです（{} バイト）", kMaxRuleBytes, rule->size()),
          fmt::format("a rule is at most {} bytes ({} given)", kMaxRuleBytes, rule->size())}});
    return std::nullopt;
  }
  return rule;
}

// Adds "required" at /name when member `name` of `o` is absent or null.
void Require(const json::object& o, std::string_view name, Errors* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    errors->push_back({"/" + std::string(name), {"必須です", "required"}});
  }
}

// The date a lab request judges: the caller's, else today in Japan — and then, when the data has
// no record yet of the fiscal year today's criteria judge, the latest year, with a warning (as
// the CLI does without --as-of).
struct Day {
  base::Date date;
  bool given = false;
};
Day DayOf(const ApiContext& ctx, const std::optional<base::Date>& as_of) {
  return as_of ? Day{*as_of, true} : Day{base::JapanDate(ctx.clock->Now()), false};
}

// The members evaluate and explain share, decoded in this order (errors go to `errors`).
struct JudgeInput {
  std::optional<std::string> business, dataset;
  std::optional<base::Date> as_of;
  std::optional<std::string> criteria, rule;
};
JudgeInput DecodeJudgeInput(const json::object& body, Errors* errors) {
  JudgeInput in;
  in.business = GetString(body, "business", errors);
  in.dataset = GetString(body, "dataset", errors);
  in.as_of = GetDate(body, "as_of", errors);
  in.criteria = GetString(body, "criteria", errors);
  in.rule = GetRule(body, errors);
  return in;
}

// The common part of evaluate and explain: the day, the base version, the rule (edited or not),
// and the evaluation. On failure the response to send.
struct Judged {
  Day day;
  Target target;
  const regime::Criteria* base = nullptr;
  bool edited = false;
  registry::Evaluation evaluation;
};

std::optional<http::Response> Judge(const ApiContext& ctx, const http::Request& req,
                                    const JudgeInput& in, Judged* out) {
  const std::string& business = *in.business;
  const std::optional<std::string>& rule = in.rule;
  out->day = DayOf(ctx, in.as_of);
  const base::Date as_of = out->day.date;
  Errors errors;
  auto target = ResolveTarget(ctx, business, in.dataset, &errors);
  if (!target) return Fail(req, target.status(), errors);
  out->target = *target;
  auto base = BaseCriteria(ctx, business, in.criteria, as_of);
  if (!base) return Fail(req, base.status());
  out->base = *base;
  out->edited = rule && Trim(*rule) != Trim(out->base->rule);
  if (out->edited) {
    std::vector<rules::Diagnostic> ds;
    auto compiled = registry::CompileRuleFor(*ctx.regime, *out->base, *rule, &ds);
    if (!compiled) return RuleFails(req, *rule, ds, compiled.status());
  }
  registry::EvaluationRequest request;
  request.business = business;
  request.criteria_version = out->base->version;
  request.as_of = as_of;
  request.as_of_given = out->day.given;
  // Always compiled from the text (the base version's own when unedited), so the explanation's
  // positions are in the rule text the lab shows, not in the pack file.
  request.rule = out->edited ? *rule : out->base->rule;
  auto ev = registry::Evaluate(*ctx.regime, *out->target.dataset, request);
  if (!ev) return Fail(req, ev.status());
  out->evaluation = std::move(*ev);
  return std::nullopt;
}

json::array WarningsJson(const std::vector<base::Text>& ws) {
  json::array a;
  for (const auto& w : ws) a.push_back(TextJson(w));
  return a;
}

// --- routes ----------------------------------------------------------------------------------

http::Response Datasets(const ApiContext& ctx, http::Request& req) {
  json::array out;
  for (const auto& dir : DatasetDirs(ctx)) {
    auto m = registry::ReadManifest(dir.string());
    if (!m) return Fail(req, m.status());
    json::array businesses, notes, citations, years;
    const regime::Pack* pack = nullptr;
    for (const auto& b : m->businesses) {
      businesses.push_back(json::string(b));
      if (pack == nullptr) ctx.regime->FindBusiness(b, &pack);
    }
    for (const auto& n : m->notes) notes.push_back(json::string(n));
    for (const auto& c : m->citations) {
      citations.push_back(json::object{{"text", c.text}, {"url", c.url}});
    }
    if (pack != nullptr) {
      auto d = ctx.datasets->Get(dir.string(), pack->schema);
      if (!d) return Fail(req, d.status());
      for (int y : (*d)->FiscalYears()) years.push_back(y);
    }
    out.push_back(json::object{{"id", dir.filename().string()},
                               {"name", m->name},
                               {"description", m->description},
                               {"synthetic", m->synthetic},
                               {"businesses", std::move(businesses)},
                               {"fiscal_years", std::move(years)},
                               {"notes", std::move(notes)},
                               {"citations", std::move(citations)}});
  }
  return JsonResponse(
      json::object{{"schema_version", kSchemaVersion}, {"datasets", std::move(out)}});
}

http::Response Check(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(req, {"business", "criteria", "rule"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  auto business = GetString(body.object, "business", &errors);
  auto criteria = GetString(body.object, "criteria", &errors);
  auto rule = GetRule(body.object, &errors);
  for (const char* name : {"business", "rule"}) Require(body.object, name, &errors);
  if (!errors.empty()) return Invalid(req, std::move(errors));
  if (ctx.regime->FindBusiness(*business) == nullptr) {
    return Fail(req, UnknownBusiness(ctx, *business));
  }
  auto base = BaseCriteria(ctx, *business, criteria, std::nullopt);
  if (!base) return Fail(req, base.status());
  std::vector<rules::Diagnostic> ds;
  auto compiled = registry::CompileRuleFor(*ctx.regime, **base, *rule, &ds);
  json::array diagnostics = DiagnosticsJson(*rule, ds);
  if (!compiled && diagnostics.empty()) {
    diagnostics.push_back(json::object{
        {"line", 1},
        {"column", 1},
        {"end_line", 1},
        {"end_column", 2},
        {"length", 1},
        {"message", json::object{{"ja", compiled.status().ja()}, {"en", compiled.status().en()}}}});
  }
  const regime::Pack* pack = nullptr;
  ctx.regime->FindBusiness(*business, &pack);
  return JsonResponse(
      json::object{{"schema_version", kSchemaVersion},
                   {"criteria", (*base)->version},
                   {"ok", compiled.has_value()},
                   {"diagnostics", std::move(diagnostics)},
                   {"fields_read", compiled ? FieldsReadJson(pack->schema, compiled->fields_read())
                                            : json::array{}}});
}

http::Response Evaluate(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(
      req, {"business", "dataset", "as_of", "criteria", "rule", "compare", "metric", "limit"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  JudgeInput in = DecodeJudgeInput(body.object, &errors);
  auto compare = GetString(body.object, "compare", &errors);
  const json::value* compare_member = body.object.if_contains("compare");
  const bool compare_null = compare_member != nullptr && compare_member->is_null();
  auto metric = GetString(body.object, "metric", &errors);
  int64_t limit = kDefaultLimit;
  if (const json::value* v = body.object.if_contains("limit"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxLimit) {
      errors.push_back({"/limit",
                        {fmt::format("0 以上 {} 以下の整数でなければなりません", kMaxLimit),
                         fmt::format("must be an integer from 0 to {}", kMaxLimit)}});
    } else {
      limit = v->as_int64();
    }
  }
  Require(body.object, "business", &errors);
  if (!errors.empty()) return Invalid(req, std::move(errors));
  Judged j;
  if (auto fail = Judge(ctx, req, in, &j)) return *fail;
  const std::optional<std::string>& business = in.business;
  const base::Date day = j.day.date;
  const bool as_of_given = j.day.given;
  const registry::Evaluation& ev = j.evaluation;
  const rules::Table& subject = ev.subject();

  json::object o;
  o["schema_version"] = kSchemaVersion;
  o["business"] = *business;
  o["dataset"] = j.target.dataset_id;
  PutDate(o, "as_of", day);
  o["fiscal_year"] = ev.fiscal_year ? json::value(*ev.fiscal_year) : nullptr;
  o["criteria"] = j.base->version;
  o["edited"] = j.edited;
  std::vector<base::Text> warnings = ev.warnings;
  o["population"] = subject.size();
  o["designated"] = ev.designated_count();

  // Coverage: the metric asked for, else the first numeric field of the subject the base
  // version's rule reads (the packs carry no other calibration hint), else none.
  std::optional<std::string> cov_metric = metric;
  if (!cov_metric && j.base->compiled) {
    const std::string prefix = j.target.business->subject + ".";
    const rules::EntityKind* kind = j.target.pack->schema.Find(j.target.business->subject);
    for (const std::string& read : j.base->compiled->fields_read()) {
      if (read.rfind(prefix, 0) != 0 || kind == nullptr) continue;
      std::string field = read.substr(prefix.size());
      for (const auto& f : kind->fields) {
        if (f.name == field &&
            (f.type.kind == rules::TypeKind::kInt || f.type.kind == rules::TypeKind::kDecimal)) {
          cov_metric = field;
        }
      }
      if (cov_metric) break;
    }
  }
  o["coverage"] = nullptr;
  if (cov_metric) {
    auto cov = registry::CoverageOf(ev, *cov_metric);
    if (!cov && metric) {
      if (cov.status().code() == base::StatusCode::kInvalidArgument) {
        return Invalid(req, {{"/metric", {cov.status().ja(), cov.status().en()}}});
      }
      return Fail(req, cov.status());
    }
    if (cov) {
      o["coverage"] = json::object{{"metric", cov->metric},
                                   {"label", TextJson(cov->field.label)},
                                   {"part", Unscaled(cov->share.part, cov->field)},
                                   {"whole", Unscaled(cov->share.whole, cov->field)},
                                   {"share", cov->share.ToDouble()}};
    } else {
      warnings.push_back(
          {fmt::format("{} のカバー率は計算できません: {}", *cov_metric, cov.status().ja()),
           fmt::format("no coverage of {}: {}", *cov_metric, cov.status().en())});
    }
  }

  // The version to compare with.
  const regime::Criteria* cmp = nullptr;
  if (compare) {
    auto c = ctx.regime->FindCriteria(*business, *compare);
    if (!c) return Fail(req, c.status());
    cmp = *c;
  } else if (!compare_null) {
    if (auto c = ctx.regime->CriteriaAt(*business, day)) cmp = *c;
    if (cmp == j.base && !j.edited) {
      cmp = nullptr;
      auto versions = ctx.regime->CriteriaOf(*business);
      for (size_t i = 1; i < versions.size(); ++i) {
        if (versions[i] == j.base) cmp = versions[i - 1];
      }
    }
  }
  o["compare"] = nullptr;
  if (cmp != nullptr) {
    auto other = registry::Evaluate(*ctx.regime, *j.target.dataset,
                                    {*business, cmp->version, day, as_of_given});
    if (!other) {
      warnings.push_back(
          {fmt::format("基準 {} との比較はできません: {}", cmp->version, other.status().ja()),
           fmt::format("no comparison with criteria {}: {}", cmp->version, other.status().en())});
    } else {
      const rules::Table& ot = other->subject();
      registry::RowDiff diff = registry::Diff(*other, ev);
      json::array entered, left;
      for (size_t r : diff.entered) entered.push_back(MemberJson(subject, r));
      for (size_t r : diff.left) left.push_back(MemberJson(ot, r));
      const size_t stayed = diff.stayed.size();
      o["compare"] = json::object{
          {"criteria", cmp->version},
          {"fiscal_year", other->fiscal_year ? json::value(*other->fiscal_year) : nullptr},
          {"designated", other->designated_count()},
          {"entered", std::move(entered)},
          {"left", std::move(left)},
          {"stayed_count", stayed}};
    }
  }

  json::array designees;
  std::map<std::string, size_t> by_pref;
  bool truncated = false;
  for (size_t r = 0; r < subject.size(); ++r) {
    if (!ev.designated[r]) continue;
    ++by_pref[subject.TextAt("prefecture", r)];
    if (static_cast<int64_t>(designees.size()) < limit) {
      designees.push_back(MemberJson(subject, r));
    } else {
      truncated = true;
    }
  }
  std::vector<std::pair<std::string, size_t>> prefs(by_pref.begin(), by_pref.end());
  std::stable_sort(prefs.begin(), prefs.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json::array by_prefecture;
  for (const auto& [p, n] : prefs) {
    by_prefecture.push_back(json::object{{"prefecture", p}, {"count", n}});
  }
  o["designees"] = std::move(designees);
  o["designees_truncated"] = truncated;
  o["by_prefecture"] = std::move(by_prefecture);
  o["warnings"] = WarningsJson(warnings);
  return JsonResponse(o);
}

// Keeps at most kMaxCurvePoints of `curve` (descending threshold): points evenly spaced by
// their index in the curve, the first and the last always, and the chosen point.
std::vector<registry::CurvePoint> Downsample(const std::vector<registry::CurvePoint>& curve,
                                             const std::optional<registry::CurvePoint>& chosen) {
  if (curve.size() <= kMaxCurvePoints) return curve;
  std::vector<size_t> keep;
  const size_t slots = kMaxCurvePoints - 1;  // one left for the chosen point
  for (size_t k = 0; k < slots; ++k) {
    keep.push_back(static_cast<size_t>(
        std::llround(static_cast<double>(k) * static_cast<double>(curve.size() - 1) /
                     static_cast<double>(slots - 1))));
  }
  if (chosen) {
    for (size_t i = 0; i < curve.size(); ++i) {
      if (curve[i].threshold == chosen->threshold) keep.push_back(i);
    }
  }
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  std::vector<registry::CurvePoint> out;
  for (size_t i : keep) out.push_back(curve[i]);
  return out;
}

http::Response Calibrate(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(req, {"business", "dataset", "as_of", "metric", "coverage"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  auto business = GetString(body.object, "business", &errors);
  auto dataset = GetString(body.object, "dataset", &errors);
  auto as_of = GetDate(body.object, "as_of", &errors);
  auto metric = GetString(body.object, "metric", &errors);
  std::optional<double> target;
  if (const json::value* v = body.object.if_contains("coverage"); v && !v->is_null()) {
    double x = v->is_double()   ? v->as_double()
               : v->is_int64()  ? static_cast<double>(v->as_int64())
               : v->is_uint64() ? static_cast<double>(v->as_uint64())
                                : std::nan("");
    if (!(x > 0 && x <= 1)) {
      errors.push_back({"/coverage",
                        {"0 より大きく 1 以下の数でなければなりません（30% なら 0.3）",
                         "must be a number greater than 0 and at most 1 (0.3 for 30%)"}});
    } else {
      target = x;
    }
  }
  for (const char* name : {"business", "metric", "coverage"}) {
    Require(body.object, name, &errors);
  }
  if (!errors.empty()) return Invalid(req, std::move(errors));
  auto t = ResolveTarget(ctx, *business, dataset, &errors);
  if (!t) return Fail(req, t.status(), errors);
  // With criteria in force at the date the population is the one they judge; without, the
  // latest record at or before the date.
  std::optional<registry::Evaluation> ev;
  rules::Population snapshot;
  std::optional<int> fiscal_year;
  std::vector<base::Text> warnings;
  const auto [day, as_of_given] = DayOf(ctx, as_of);
  if (auto c = ctx.regime->CriteriaAt(*business, day)) {
    auto e =
        registry::Evaluate(*ctx.regime, *t->dataset, {*business, (*c)->version, day, as_of_given});
    if (!e) return Fail(req, e.status());
    ev = std::move(*e);
    fiscal_year = ev->fiscal_year;
    warnings = ev->warnings;
  } else {
    auto s = registry::SnapshotAt(*t->dataset, day, as_of_given, &fiscal_year, &warnings);
    if (!s) return Fail(req, s.status());
    snapshot = std::move(*s);
  }
  const rules::Population& population = ev ? ev->population : snapshot;
  std::string kind = t->business->subject;
  std::string field = *metric;
  if (size_t dot = metric->find('.'); dot != std::string::npos) {
    kind = metric->substr(0, dot);
    field = metric->substr(dot + 1);
  }
  auto cal = registry::Calibrate(population, t->pack->schema, kind, field, *target);
  if (!cal) {
    if (cal.status().code() == base::StatusCode::kInvalidArgument ||
        cal.status().code() == base::StatusCode::kNotFound) {
      return Invalid(req, {{"/metric", {cal.status().ja(), cal.status().en()}}});
    }
    return Fail(req, cal.status());
  }
  auto point = [&](const registry::CurvePoint& p) {
    return json::object{{"threshold", Unscaled(p.threshold, cal->field)},
                        {"count", p.count},
                        {"share", p.share.ToDouble()}};
  };
  json::array curve;
  for (const auto& p : Downsample(cal->curve, cal->chosen)) curve.push_back(point(p));
  json::object o{{"schema_version", kSchemaVersion},
                 {"business", *business},
                 {"dataset", t->dataset_id},
                 {"metric", *metric},
                 {"label", TextJson(cal->field.label)},
                 {"target", *target},
                 {"fiscal_year", fiscal_year ? json::value(*fiscal_year) : nullptr},
                 {"chosen", cal->chosen ? json::value(point(*cal->chosen)) : nullptr},
                 {"curve_points", cal->curve.size()},
                 {"curve", std::move(curve)},
                 {"warnings", WarningsJson(warnings)}};
  PutDate(o, "as_of", day);
  return JsonResponse(o);
}

http::Response Explain(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(req, {"business", "dataset", "as_of", "criteria", "rule", "operator"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  JudgeInput in = DecodeJudgeInput(body.object, &errors);
  auto op = GetString(body.object, "operator", &errors);
  for (const char* name : {"business", "operator"}) Require(body.object, name, &errors);
  if (!errors.empty()) return Invalid(req, std::move(errors));
  Judged j;
  if (auto fail = Judge(ctx, req, in, &j)) return *fail;
  const std::optional<std::string>& business = in.business;
  const base::Date day = j.day.date;
  const registry::Evaluation& ev = j.evaluation;
  auto row = ev.RowOf(*op);
  if (!row) return Fail(req, row.status());
  auto ex = ev.Explain(*row);
  if (!ex) return Fail(req, ex.status());
  json::object o{{"schema_version", kSchemaVersion},
                 {"business", *business},
                 {"dataset", j.target.dataset_id},
                 {"criteria", j.base->version},
                 {"edited", j.edited},
                 {"fiscal_year", ev.fiscal_year ? json::value(*ev.fiscal_year) : nullptr},
                 {"operator",
                  json::object{{"id", ev.subject().ids[*row]}, {"name", ev.subject().names[*row]}}},
                 {"designated", ev.designated[*row] != 0},
                 {"explanation", json::parse(ex->ToJson())},
                 {"warnings", WarningsJson(ev.warnings)}};
  PutDate(o, "as_of", day);
  return JsonResponse(o);
}

}  // namespace

void AddLabRoutes(http::Router& router, const ApiContext& ctx) {
  auto bind = [&ctx](http::Response (*fn)(const ApiContext&, http::Request&)) {
    return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
  };
  router.Add("GET", "/api/v1/lab/datasets", bind(Datasets));
  router.Add("POST", "/api/v1/lab/check", bind(Check));
  router.Add("POST", "/api/v1/lab/evaluate", bind(Evaluate));
  router.Add("POST", "/api/v1/lab/calibrate", bind(Calibrate));
  router.Add("POST", "/api/v1/lab/explain", bind(Explain));
}

}  // namespace kikan::api
