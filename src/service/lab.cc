#include "service/lab.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace kikan::service {
namespace {

namespace fs = std::filesystem;

base::Status UnknownBusiness(const Env& env, const base::BusinessId& id) {
  std::string known;
  for (const auto& p : env.regime->packs()) {
    for (const auto& b : p.businesses) known += (known.empty() ? "" : ", ") + b.id.value();
  }
  return base::NotFound(
      {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません（定義済み: {}）", id, known),
       .en = fmt::format("unknown business \"{}\" (known: {})", id, known)});
}

// Dataset folders under the root (with a manifest), sorted by name.
std::vector<fs::path> DatasetDirs(const Env& env) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(env.datasets_root, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "dataset.toml")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// The business and its dataset (named, or the one whose manifest lists the business), into the
// judgement's target fields.
base::Status ResolveTarget(const Env& env, const base::BusinessId& business,
                           const std::optional<std::string>& dataset, Judgement* out) {
  out->business = env.regime->FindBusiness(business, &out->pack);
  if (out->business == nullptr) return UnknownBusiness(env, business);
  std::string dir;
  if (dataset) {
    std::string names;
    for (const auto& d : DatasetDirs(env)) {
      names += (names.empty() ? "" : ", ") + d.filename().string();
      if (d.filename().string() == *dataset) dir = d.string();
    }
    if (dir.empty()) {
      return base::NotFound(
          {.ja = fmt::format("データセット「{}」はありません（あるもの: {}）", *dataset, names),
           .en = fmt::format("no dataset \"{}\" (datasets: {})", *dataset, names)});
    }
    KIKAN_ASSIGN_OR_RETURN(registry::Manifest m, registry::ReadManifest(dir));
    if (std::find(m.businesses.begin(), m.businesses.end(), business) == m.businesses.end()) {
      return base::InvalidArgument({.ja = "データセットが事業に合いません",
                                    .en = "the dataset does not fit the business"})
          .WithFields({{"/dataset",
                        {.ja = fmt::format("データセット「{}」は事業「{}」の母集団ではありません",
                                           *dataset, business),
                         .en = fmt::format("dataset \"{}\" is not a population of business \"{}\"",
                                           *dataset, business)}}});
    }
  } else {
    KIKAN_ASSIGN_OR_RETURN(dir, registry::FindDatasetDir(env.datasets_root, business));
  }
  out->dataset_id = fs::path(dir).filename().string();
  KIKAN_ASSIGN_OR_RETURN(out->dataset, env.datasets->Get(dir, out->pack->schema));
  return base::Status::Ok();
}

// The base version: named, else the one in force at `as_of` (when given), else the latest.
base::Result<const regime::Criteria*> BaseCriteria(const Env& env, const base::BusinessId& business,
                                                   const std::optional<std::string>& named,
                                                   std::optional<base::Date> as_of) {
  if (named) return env.regime->FindCriteria(business, *named);
  if (as_of) {
    if (auto c = env.regime->CriteriaAt(business, *as_of)) return *c;
  }
  auto versions = env.regime->CriteriaOf(business);
  if (!versions.empty()) return versions.back();
  return base::NotFound({.ja = fmt::format("事業 {} には指定基準がありません", business),
                         .en = fmt::format("business {} has no criteria", business)});
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

base::Status BodyInvalid(std::vector<base::FieldError> errors) {
  return base::InvalidArgument({.ja = "リクエスト本文に不足または誤りがあります",
                                .en = "the request body is incomplete or wrong"})
      .WithFields(std::move(errors));
}

// A rule that does not compile: one field error at /rule per diagnostic.
base::Status RuleFails(const std::vector<rules::Diagnostic>& ds, const base::Status& status) {
  std::vector<base::FieldError> errors;
  for (const auto& d : ds) errors.push_back({"/rule", d.message});
  if (errors.empty()) errors.push_back({"/rule", status.text()});
  return base::InvalidArgument(
             {.ja = "ルールをコンパイルできません", .en = "the rule does not compile"})
      .WithFields(std::move(errors));
}

// The metric whose coverage the lab shows when none is named: the first numeric field of the
// subject the base version's rule reads (the packs carry no other calibration hint).
std::optional<std::string> DefaultMetric(const Judgement& j) {
  if (!j.base->compiled) return std::nullopt;
  const std::string prefix = j.business->subject + ".";
  const rules::EntityKind* kind = j.pack->schema.Find(j.business->subject);
  if (kind == nullptr) return std::nullopt;
  for (const std::string& read : j.base->compiled->fields_read()) {
    if (read.rfind(prefix, 0) != 0) continue;
    const rules::FieldDef* f = kind->Find(std::string_view(read).substr(prefix.size()));
    if (f != nullptr &&
        (f->type.kind == rules::TypeKind::kInt || f->type.kind == rules::TypeKind::kDecimal)) {
      return f->name;
    }
  }
  return std::nullopt;
}

// The version the lab compares with when none is named: the one in force at the day, unless
// that is the (unedited) base itself, then the one before the base.
const regime::Criteria* DefaultComparison(const Env& env, const Judgement& j) {
  const regime::Criteria* cmp = nullptr;
  if (auto c = env.regime->CriteriaAt(j.business->id, j.day)) cmp = *c;
  if (cmp != j.base || j.edited) return cmp;
  auto versions = env.regime->CriteriaOf(j.business->id);
  for (size_t i = 1; i < versions.size(); ++i) {
    if (versions[i] == j.base) return versions[i - 1];
  }
  return nullptr;
}

}  // namespace

base::Result<std::vector<LabDataset>> LabDatasets(const Env& env) {
  std::vector<LabDataset> out;
  for (const auto& dir : DatasetDirs(env)) {
    LabDataset d;
    d.id = dir.filename().string();
    KIKAN_ASSIGN_OR_RETURN(d.manifest, registry::ReadManifest(dir.string()));
    const regime::Pack* pack = nullptr;
    for (const auto& b : d.manifest.businesses) {
      if (pack == nullptr) env.regime->FindBusiness(b, &pack);
    }
    if (pack != nullptr) {
      KIKAN_ASSIGN_OR_RETURN(auto dataset, env.datasets->Get(dir.string(), pack->schema));
      d.fiscal_years = dataset->FiscalYears();
      if (!d.fiscal_years.empty()) {
        d.suggested_as_of = registry::LatestDateJudgedOn(d.fiscal_years.back());
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

base::Result<RuleCheck> CheckRule(const Env& env, const base::BusinessId& business,
                                  const std::optional<std::string>& criteria,
                                  const std::string& rule) {
  RuleCheck out;
  if (env.regime->FindBusiness(business, &out.pack) == nullptr) {
    return UnknownBusiness(env, business);
  }
  KIKAN_ASSIGN_OR_RETURN(out.base, BaseCriteria(env, business, criteria, std::nullopt));
  auto compiled = registry::CompileRuleFor(*env.regime, *out.base, rule, &out.diagnostics);
  if (compiled) {
    out.compiled = std::move(*compiled);
  } else {
    out.status = compiled.status();
  }
  return out;
}

base::Result<Judgement> Judge(const Env& env, const JudgeRequest& in,
                              std::vector<rules::Diagnostic>* diagnostics) {
  Judgement out;
  out.day_given = in.as_of.has_value();
  out.day = in.as_of.value_or(env.Today());
  KIKAN_TRY(ResolveTarget(env, in.business, in.dataset, &out));
  KIKAN_ASSIGN_OR_RETURN(out.base, BaseCriteria(env, in.business, in.criteria, out.day));
  out.edited = in.rule && Trim(*in.rule) != Trim(out.base->rule);
  if (out.edited) {
    auto compiled = registry::CompileRuleFor(*env.regime, *out.base, *in.rule, diagnostics);
    if (!compiled)
      return RuleFails(diagnostics ? *diagnostics : std::vector<rules::Diagnostic>{},
                       compiled.status());
  }
  registry::EvaluationRequest request;
  request.business = in.business;
  request.criteria_version = out.base->version;
  request.as_of = out.day;
  request.as_of_given = out.day_given;
  // Always compiled from the text (the base version's own when unedited), so the explanation's
  // positions are in the rule text the lab shows, not in the pack file.
  request.rule = out.edited ? *in.rule : out.base->rule;
  KIKAN_ASSIGN_OR_RETURN(out.evaluation, registry::Evaluate(*env.regime, *out.dataset, request));
  return out;
}

base::Result<LabEvaluation> EvaluateInLab(const Env& env, const JudgeRequest& request,
                                          const std::optional<std::string>& metric,
                                          const std::optional<std::string>& compare,
                                          bool no_compare,
                                          std::vector<rules::Diagnostic>* diagnostics) {
  LabEvaluation out;
  KIKAN_ASSIGN_OR_RETURN(out.judged, Judge(env, request, diagnostics));
  const Judgement& j = out.judged;
  out.warnings = j.evaluation.warnings;

  if (std::optional<std::string> m = metric ? metric : DefaultMetric(j)) {
    auto cov = registry::CoverageOf(j.evaluation, *m);
    if (cov) {
      out.coverage = std::move(*cov);
    } else if (metric) {
      if (cov.status().code() != base::StatusCode::kInvalidArgument) return cov.status();
      return BodyInvalid({{"/metric", cov.status().text()}});
    } else {
      out.warnings.push_back(
          {.ja = fmt::format("{} のカバー率は計算できません: {}", *m, cov.status().ja()),
           .en = fmt::format("no coverage of {}: {}", *m, cov.status().en())});
    }
  }

  std::map<std::string, size_t> by_prefecture;
  const rules::Table& subject = j.evaluation.subject();
  for (size_t r = 0; r < subject.size(); ++r) {
    if (j.evaluation.designated[r]) ++by_prefecture[subject.TextAt("prefecture", r)];
  }
  out.by_prefecture.assign(by_prefecture.begin(), by_prefecture.end());
  std::stable_sort(out.by_prefecture.begin(), out.by_prefecture.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });

  const regime::Criteria* cmp = nullptr;
  if (compare) {
    KIKAN_ASSIGN_OR_RETURN(cmp, env.regime->FindCriteria(j.business->id, *compare));
  } else if (!no_compare) {
    cmp = DefaultComparison(env, j);
  }
  if (cmp != nullptr) {
    auto other = registry::Evaluate(*env.regime, *j.dataset,
                                    {j.business->id, cmp->version, j.day, j.day_given});
    if (other) {
      LabComparison c;
      c.criteria = cmp;
      c.diff = registry::Diff(*other, j.evaluation);
      c.evaluation = std::move(*other);
      out.comparison = std::move(c);
    } else {
      out.warnings.push_back(
          {.ja = fmt::format("基準 {} との比較はできません: {}", cmp->version, other.status().ja()),
           .en = fmt::format("no comparison with criteria {}: {}", cmp->version,
                             other.status().en())});
    }
  }
  return out;
}

base::Result<LabCalibration> CalibrateInLab(const Env& env, const base::BusinessId& business,
                                            const std::optional<std::string>& dataset,
                                            const std::optional<base::Date>& as_of,
                                            const std::string& metric, double target,
                                            const std::string& group_by, bool national_total) {
  Judgement t;
  KIKAN_TRY(ResolveTarget(env, business, dataset, &t));
  LabCalibration out;
  out.dataset_id = t.dataset_id;
  out.synthetic = t.dataset->manifest().synthetic;
  const bool as_of_given = as_of.has_value();
  out.day = as_of.value_or(env.Today());
  // With criteria in force at the date the population is the one they judge; without, the
  // latest record at or before the date.
  std::optional<registry::Evaluation> ev;
  rules::Population snapshot;
  if (auto c = env.regime->CriteriaAt(business, out.day)) {
    KIKAN_ASSIGN_OR_RETURN(ev, registry::Evaluate(*env.regime, *t.dataset,
                                                  {business, (*c)->version, out.day, as_of_given}));
    out.fiscal_year = ev->fiscal_year;
    out.warnings = ev->warnings;
  } else {
    KIKAN_ASSIGN_OR_RETURN(snapshot, registry::SnapshotAt(*t.dataset, out.day, as_of_given,
                                                          &out.fiscal_year, &out.warnings));
  }
  const rules::Population& population = ev ? ev->population : snapshot;
  std::string kind = t.business->subject;
  std::string field = metric;
  if (size_t dot = metric.find('.'); dot != std::string::npos) {
    kind = metric.substr(0, dot);
    field = metric.substr(dot + 1);
  }
  auto resolved = registry::ResolveCalibrationScope(t.dataset->manifest(), t.pack->schema, kind,
                                                    field, group_by, national_total);
  if (!resolved) return BodyInvalid({{"/national_total", resolved.status().text()}});
  out.group_by = group_by;
  out.group_options = resolved->group_options;
  out.national = resolved->national;
  out.national_available =
      t.dataset->manifest().FindTotal(fmt::format("{}.{}", kind, field)) != nullptr;
  if (!group_by.empty() && std::find(out.group_options.begin(), out.group_options.end(),
                                     group_by) == out.group_options.end()) {
    return BodyInvalid({{"/by",
                         {.ja = fmt::format("{} は {} の参照項目（ref）ではありません（{}）",
                                            group_by, kind, fmt::join(out.group_options, ", ")),
                          .en = fmt::format("{} is not a reference (ref) field of {} ({})",
                                            group_by, kind, fmt::join(out.group_options, ", "))}}});
  }
  auto cal = registry::Calibrate(population, t.pack->schema, kind, field, target, resolved->scope);
  if (!cal) {
    const base::StatusCode code = cal.status().code();
    if (code == base::StatusCode::kFailedPrecondition && national_total) {
      return BodyInvalid({{"/national_total", cal.status().text()}});
    }
    if (code != base::StatusCode::kInvalidArgument && code != base::StatusCode::kNotFound) {
      return cal.status();
    }
    return BodyInvalid({{"/metric", cal.status().text()}});
  }
  out.calibration = std::move(*cal);
  return out;
}

base::Result<LabExplanation> ExplainInLab(const Env& env, const JudgeRequest& request,
                                          const std::string& operator_id,
                                          std::vector<rules::Diagnostic>* diagnostics) {
  LabExplanation out;
  KIKAN_ASSIGN_OR_RETURN(out.judged, Judge(env, request, diagnostics));
  KIKAN_ASSIGN_OR_RETURN(out.row, out.judged.evaluation.RowOf(operator_id));
  KIKAN_ASSIGN_OR_RETURN(out.explanation, out.judged.evaluation.Explain(out.row));
  return out;
}

}  // namespace kikan::service
