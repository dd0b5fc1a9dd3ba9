// /api/v1/lab/…: the criteria lab (基準シミュレータ) of the web UI. Anyone may try a business's
// criteria — or an edited rule, judged with a version's params and period — over the bundled
// (published, largely synthetic) datasets: check a rule as it is typed, evaluate it at a date and
// compare it with another version, calibrate a threshold to a target coverage, and explain one
// operator's result. Public: nothing here reads or writes the register.
//
// The lab's choices and its evaluations are service/lab.h's; these handlers decode, call and
// encode. Datasets are loaded once, on first use, and shared (service::Env::datasets). Rule text is
// limited to 16 KiB. Positions of diagnostics are 1-based lines and columns counted in UTF-16
// code units of the rule text as sent (what a JavaScript editor indexes strings with).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "api/common.h"
#include "api/handlers.h"
#include "base/utf8.h"
#include "base/wareki.h"
#include "codec/figure_json.h"
#include "codec/reference_json.h"
#include "service/lab.h"

namespace kikan::api {

namespace {

constexpr size_t kMaxRuleBytes = 16 * 1024;
constexpr int64_t kDefaultLimit = 2000;
constexpr int64_t kMaxLimit = 100000;
constexpr size_t kMaxCurvePoints = 400;

using Errors = std::vector<base::FieldError>;

http::Response Invalid(const http::Request& req, Errors errors) {
  return Fail(req,
              base::InvalidArgument({.ja = "リクエスト本文に不足または誤りがあります",
                                     .en = "the request body is incomplete or wrong"}),
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

// The UTF-16 code units of the code point at byte `i` (an invalid byte, one unit, as the rules
// lexer counts it one code point), and its length in bytes.
std::pair<int, size_t> Utf16UnitsAt(std::string_view text, size_t i) {
  base::Utf8Char c = base::DecodeUtf8(text, i);
  return {c.valid && c.code_point >= 0x10000 ? 2 : 1, c.length};
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
    auto [u, n] = Utf16UnitsAt(text, i);
    units += u;
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
    auto [u, n] = Utf16UnitsAt(text, i);
    end_units += u;
    spanned += u;
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

// 422 for a rule that does not compile: the status's errors at /rule, each with the line and
// column of its diagnostic, and the diagnostics.
http::Response RuleFails(const http::Request& req, std::string_view rule,
                         const std::vector<rules::Diagnostic>& ds, const base::Status& status) {
  json::array diagnostics = DiagnosticsJson(rule, ds);
  http::Response r = Fail(req, status);
  json::value body = ParseOwnJson(r.body);
  if (!body.is_object()) return r;
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

// --- decoding the request --------------------------------------------------------------------

// Member `name` as a rule text (at most 16 KiB); nullopt when absent or null.
std::optional<std::string> GetRule(const json::object& o, Errors* errors) {
  auto rule = GetString(o, "rule", errors);
  if (rule && rule->size() > kMaxRuleBytes) {
    errors->push_back(
        {"/rule",
         {.ja = fmt::format("ルールは {} バイトまでです（{} バイト）", kMaxRuleBytes, rule->size()),
          .en =
              fmt::format("a rule is at most {} bytes ({} given)", kMaxRuleBytes, rule->size())}});
    return std::nullopt;
  }
  return rule;
}

// Adds "required" at /name when member `name` of `o` is absent or null.
void Require(const json::object& o, std::string_view name, Errors* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    errors->push_back({"/" + std::string(name), {.ja = "必須です", .en = "required"}});
  }
}

// The members evaluate and explain share, decoded in this order (errors go to `errors`).
service::JudgeRequest DecodeJudgeRequest(const json::object& body, Errors* errors) {
  service::JudgeRequest in;
  in.business = base::BusinessId(GetString(body, "business", errors).value_or(""));
  in.dataset = GetString(body, "dataset", errors);
  in.as_of = GetDate(body, "as_of", errors);
  in.criteria = GetString(body, "criteria", errors);
  in.rule = GetRule(body, errors);
  return in;
}

// The answer to a judged request that failed: a rule that does not compile is answered with its
// diagnostics.
http::Response JudgeFails(const http::Request& req, const service::JudgeRequest& in,
                          const std::vector<rules::Diagnostic>& ds, const base::Status& s) {
  const bool rule_error = !s.fields().empty() && s.fields().front().pointer == "/rule";
  if (rule_error && in.rule) return RuleFails(req, *in.rule, ds, s);
  return Fail(req, s);
}

json::array WarningsJson(const std::vector<base::Text>& ws) {
  json::array a;
  for (const auto& w : ws) a.push_back(TextJson(w));
  return a;
}

// The members every judged answer opens with.
json::object JudgedJson(const service::Judgement& j) {
  json::object o{{"schema_version", kSchemaVersion},
                 {"business", j.business->id.value()},
                 {"dataset", j.dataset_id}};
  PutDate(o, "as_of", j.day);
  o["fiscal_year"] = j.evaluation.fiscal_year ? json::value(*j.evaluation.fiscal_year) : nullptr;
  o["criteria"] = j.base->version;
  o["edited"] = j.edited;
  o["synthetic_data"] = j.dataset->manifest().synthetic;  // travels with every answer
  return o;
}

// --- routes ----------------------------------------------------------------------------------

http::Response Datasets(const ApiContext& ctx, http::Request& req) {
  auto datasets = service::LabDatasets(ctx);
  if (!datasets) return Fail(req, datasets.status());
  json::array out;
  for (const auto& d : *datasets) {
    json::array businesses, notes, citations, years;
    for (const auto& b : d.manifest.businesses) businesses.push_back(json::string(b.value()));
    for (const auto& n : d.manifest.notes) notes.push_back(json::string(n));
    for (const auto& c : d.manifest.citations) {
      citations.push_back(json::object{{"text", c.text}, {"url", c.url}});
    }
    for (int y : d.fiscal_years) years.push_back(y);
    out.push_back(
        json::object{{"id", d.id},
                     {"name", d.manifest.name},
                     {"description", d.manifest.description},
                     {"synthetic", d.manifest.synthetic},
                     {"businesses", std::move(businesses)},
                     {"fiscal_years", std::move(years)},
                     {"suggested_as_of", d.suggested_as_of ? json::value(d.suggested_as_of->ToIso())
                                                           : json::value(nullptr)},
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
  auto check = service::CheckRule(ctx, base::BusinessId(*business), criteria, *rule);
  if (!check) return Fail(req, check.status());
  json::array diagnostics = DiagnosticsJson(*rule, check->diagnostics);
  if (!check->compiled && diagnostics.empty()) {
    diagnostics.push_back(json::object{{"line", 1},
                                       {"column", 1},
                                       {"end_line", 1},
                                       {"end_column", 2},
                                       {"length", 1},
                                       {"message", TextJson(check->status.text())}});
  }
  return JsonResponse(json::object{
      {"schema_version", kSchemaVersion},
      {"criteria", check->base->version},
      {"ok", check->compiled.has_value()},
      {"diagnostics", std::move(diagnostics)},
      {"fields_read", check->compiled
                          ? FieldsReadJson(check->pack->schema, check->compiled->fields_read())
                          : json::array{}}});
}

http::Response Evaluate(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(
      req, {"business", "dataset", "as_of", "criteria", "rule", "compare", "metric", "limit"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  service::JudgeRequest in = DecodeJudgeRequest(body.object, &errors);
  auto compare = GetString(body.object, "compare", &errors);
  const json::value* compare_member = body.object.if_contains("compare");
  const bool no_compare = compare_member != nullptr && compare_member->is_null();
  auto metric = GetString(body.object, "metric", &errors);
  int64_t limit = kDefaultLimit;
  if (const json::value* v = body.object.if_contains("limit"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxLimit) {
      errors.push_back({"/limit",
                        {.ja = fmt::format("0 以上 {} 以下の整数でなければなりません", kMaxLimit),
                         .en = fmt::format("must be an integer from 0 to {}", kMaxLimit)}});
    } else {
      limit = v->as_int64();
    }
  }
  Require(body.object, "business", &errors);
  if (!errors.empty()) return Invalid(req, std::move(errors));
  std::vector<rules::Diagnostic> ds;
  auto lab = service::EvaluateInLab(ctx, in, metric, compare, no_compare, &ds);
  if (!lab) return JudgeFails(req, in, ds, lab.status());
  const registry::Evaluation& ev = lab->judged.evaluation;
  const rules::Table& subject = ev.subject();

  json::object o = JudgedJson(lab->judged);
  o["population"] = subject.size();
  const registry::Tally tally = ev.tally();
  o["designated"] = tally.designated;
  o["not_designated"] = tally.not_designated;
  o["undetermined"] = tally.undetermined;
  o["coverage"] = nullptr;
  if (const auto& cov = lab->coverage) {
    o["coverage"] = json::object{{"metric", cov->metric},
                                 {"label", TextJson(cov->field.label)},
                                 {"part", Unscaled(cov->share.part, cov->field)},
                                 {"whole", Unscaled(cov->share.whole, cov->field)},
                                 {"share", cov->share.ToDouble()}};
  }
  o["compare"] = nullptr;
  if (const auto& c = lab->comparison) {
    json::array entered, left;
    for (size_t r : c->diff.entered) entered.push_back(MemberJson(subject, r));
    for (size_t r : c->diff.left) left.push_back(MemberJson(c->evaluation.subject(), r));
    o["compare"] = json::object{
        {"criteria", c->criteria->version},
        {"fiscal_year",
         c->evaluation.fiscal_year ? json::value(*c->evaluation.fiscal_year) : nullptr},
        {"designated", c->evaluation.designated_count()},
        {"undetermined", c->evaluation.tally().undetermined},
        {"entered", std::move(entered)},
        {"left", std::move(left)},
        {"stayed_count", c->diff.stayed.size()}};
  }
  // The first `limit` designees; their count per prefecture for the map.
  json::array designees;
  bool truncated = false;
  for (size_t r = 0; r < subject.size(); ++r) {
    if (!ev.designated[r]) continue;
    if (static_cast<int64_t>(designees.size()) < limit) {
      designees.push_back(MemberJson(subject, r));
    } else {
      truncated = true;
    }
  }
  json::array by_prefecture;
  for (const auto& [p, n] : lab->by_prefecture) {
    by_prefecture.push_back(json::object{{"prefecture", p}, {"count", n}});
  }
  o["designees"] = std::move(designees);
  o["designees_truncated"] = truncated;
  o["by_prefecture"] = std::move(by_prefecture);
  o["warnings"] = WarningsJson(lab->warnings);
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
  auto body = ParseObject(
      req, {"business", "dataset", "as_of", "metric", "coverage", "by", "national_total"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  auto business = GetString(body.object, "business", &errors);
  auto dataset = GetString(body.object, "dataset", &errors);
  auto as_of = GetDate(body.object, "as_of", &errors);
  auto metric = GetString(body.object, "metric", &errors);
  auto by = GetString(body.object, "by", &errors);
  bool national_total = false;
  if (const json::value* v = body.object.if_contains("national_total"); v && !v->is_null()) {
    if (v->is_bool()) {
      national_total = v->get_bool();
    } else {
      errors.push_back({"/national_total",
                        {.ja = "真偽値（true / false）でなければなりません",
                         .en = "must be a boolean (true / false)"}});
    }
  }
  std::optional<double> target;
  if (const json::value* v = body.object.if_contains("coverage"); v && !v->is_null()) {
    double x = v->is_double()   ? v->as_double()
               : v->is_int64()  ? static_cast<double>(v->as_int64())
               : v->is_uint64() ? static_cast<double>(v->as_uint64())
                                : std::nan("");
    if (!(x > 0 && x <= 1)) {
      errors.push_back({"/coverage",
                        {.ja = "0 より大きく 1 以下の数でなければなりません（30% なら 0.3）",
                         .en = "must be a number greater than 0 and at most 1 (0.3 for 30%)"}});
    } else {
      target = x;
    }
  }
  for (const char* name : {"business", "metric", "coverage"}) {
    Require(body.object, name, &errors);
  }
  if (!errors.empty()) return Invalid(req, std::move(errors));
  auto lab = service::CalibrateInLab(ctx, base::BusinessId(*business), dataset, as_of, *metric,
                                     *target, by.value_or(""), national_total);
  if (!lab) return Fail(req, lab.status());
  const registry::Calibration* cal = &lab->calibration;
  auto point = [&](const registry::CurvePoint& p) {
    return json::object{{"threshold", Unscaled(p.threshold, cal->field)},
                        {"count", p.count},
                        {"share", p.share.ToDouble()}};
  };
  json::array curve;
  for (const auto& p : Downsample(cal->curve, cal->chosen)) curve.push_back(point(p));
  json::object o{
      {"schema_version", kSchemaVersion},
      {"business", *business},
      {"dataset", lab->dataset_id},
      {"synthetic_data", lab->synthetic},
      {"metric", *metric},
      {"label", TextJson(cal->field.label)},
      {"target", *target},
      {"fiscal_year", lab->fiscal_year ? json::value(*lab->fiscal_year) : nullptr},
      {"chosen", cal->chosen ? json::value(point(*cal->chosen)) : nullptr},
      {"curve_points", cal->curve.size()},
      {"curve", std::move(curve)},
      {"by", lab->group_by.empty() ? json::value(nullptr) : json::value(lab->group_by)},
      {"total", lab->national != nullptr ? json::value(codec::EncodeTotal(*lab->national))
                                         : json::value(nullptr)},
      {"warnings", WarningsJson(lab->warnings)}};
  json::array options;
  for (const std::string& g : lab->group_options) options.emplace_back(g);
  o["group_options"] = std::move(options);
  o["national_total_available"] = lab->national_available;
  PutDate(o, "as_of", lab->day);
  return JsonResponse(o);
}

http::Response Explain(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(req, {"business", "dataset", "as_of", "criteria", "rule", "operator"});
  if (!body.ok()) return Fail(req, body.status);
  Errors errors;
  service::JudgeRequest in = DecodeJudgeRequest(body.object, &errors);
  auto op = GetString(body.object, "operator", &errors);
  for (const char* name : {"business", "operator"}) Require(body.object, name, &errors);
  if (!errors.empty()) return Invalid(req, std::move(errors));
  std::vector<rules::Diagnostic> ds;
  auto lab = service::ExplainInLab(ctx, in, *op, &ds);
  if (!lab) return JudgeFails(req, in, ds, lab.status());
  const registry::Evaluation& ev = lab->judged.evaluation;
  json::object o = JudgedJson(lab->judged);
  o["operator"] =
      json::object{{"id", ev.subject().ids[lab->row]}, {"name", ev.subject().names[lab->row]}};
  o["designated"] = ev.designated[lab->row] != 0;
  o["status"] = registry::VerdictName(ev.VerdictAt(lab->row));
  json::array missing;
  for (auto& m : registry::Evaluation::MissingInputs(lab->explanation)) {
    missing.emplace_back(std::move(m));
  }
  o["missing"] = std::move(missing);
  o["explanation"] = ParseOwnJson(lab->explanation.ToJson());
  codec::AddExplanationReferences(o["explanation"]);
  o["figures"] = codec::EncodeFigures(registry::FiguresRead(ev, lab->judged.dataset->manifest()));
  o["warnings"] = WarningsJson(ev.warnings);
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
