// The criteria lab's use cases (基準シミュレータ): anyone may try a business's criteria — or an
// edited rule, judged with a version's params and period — over the bundled (published, largely
// synthetic) datasets: check a rule as it is typed, evaluate it at a date against another
// version, calibrate a threshold to a target coverage, and explain one operator's result. Nothing
// here reads or writes the database; everything runs on Env's regime and shared datasets.
//
// The choices the lab makes for its user live here, not in the adapter: which version is the
// base (named, else in force at the date, else the latest), which version it is compared with
// (named, else the one in force, else the one before the base), which metric's coverage is shown
// (named, else the first numeric field of the subject the base rule reads), and which day is
// judged (the caller's, else today in Japan on the latest data, with a warning).
//
// Thread-safe (Env's datasets are shared and immutable once loaded).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "regime/regime.h"
#include "registry/dataset.h"
#include "registry/engine.h"
#include "rules/rule.h"
#include "service/env.h"

namespace kikan::service {

// A dataset folder under Env::datasets_root, with its manifest and the fiscal years it holds.
struct LabDataset {
  std::string id;  // the folder's name
  registry::Manifest manifest;
  std::vector<int> fiscal_years;  // empty when no business of its manifest is in a pack
  // The latest date the data can be judged at under either period rule
  // (registry::LatestDateJudgedOn of the latest fiscal year); absent with no fiscal years.
  std::optional<base::Date> suggested_as_of;
};

// Every dataset with a manifest, by folder name. Errors: a manifest or dataset that fails to
// load.
base::Result<std::vector<LabDataset>> LabDatasets(const Env& env);

// A rule as typed: compiled against the business's schema with the base version's params.
struct RuleCheck {
  const regime::Pack* pack = nullptr;
  const regime::Criteria* base = nullptr;
  std::vector<rules::Diagnostic> diagnostics;   // positions in the rule text
  std::optional<rules::CompiledRule> compiled;  // when it compiles
  base::Status status;                          // why it does not
};

// Errors: kNotFound (unknown business, naming those defined; unknown version).
base::Result<RuleCheck> CheckRule(const Env& env, const base::BusinessId& business,
                                  const std::optional<std::string>& criteria,
                                  const std::string& rule);

// What evaluate and explain judge.
struct JudgeRequest {
  base::BusinessId business;
  std::optional<std::string> dataset;   // default: the dataset whose manifest lists the business
  std::optional<base::Date> as_of;      // default: today, on the latest data
  std::optional<std::string> criteria;  // the base version
  std::optional<std::string> rule;      // an edited rule; absent or equal: the base's own
};

struct Judgement {
  base::Date day;
  bool day_given = false;
  const regime::Pack* pack = nullptr;
  const regime::Business* business = nullptr;
  std::string dataset_id;
  std::shared_ptr<const registry::Dataset> dataset;
  const regime::Criteria* base = nullptr;
  bool edited = false;
  registry::Evaluation evaluation;  // positions of its explanations are in the rule text
};

// Errors: kNotFound (business, dataset or version, naming what exists), kInvalidArgument with a
// field error at /dataset (a dataset not for the business) or, for an edited rule that does not
// compile, at /rule for each diagnostic (the diagnostics also go to `diagnostics`), those of
// registry::Evaluate.
base::Result<Judgement> Judge(const Env& env, const JudgeRequest& request,
                              std::vector<rules::Diagnostic>* diagnostics);

struct LabComparison {
  const regime::Criteria* criteria = nullptr;
  registry::Evaluation evaluation;
  registry::RowDiff diff;  // from it to the judged evaluation
};

struct LabEvaluation {
  Judgement judged;
  std::optional<registry::Coverage> coverage;
  std::optional<LabComparison> comparison;
  // The designees per prefecture ("" for unknown), most first (ties in prefecture order).
  std::vector<std::pair<std::string, size_t>> by_prefecture;
  std::vector<base::Text> warnings;  // the evaluation's, then the lab's own
};

// Judges `request`, measures the coverage of `metric` (named, else chosen as above; a named
// metric that is not a numeric field is an error at /metric, a chosen one only a warning), and
// compares with `compare` (named; absent: chosen as above; `no_compare`: none). Errors: those of
// Judge, kInvalidArgument at /metric, kNotFound (an unknown `compare` version).
base::Result<LabEvaluation> EvaluateInLab(const Env& env, const JudgeRequest& request,
                                          const std::optional<std::string>& metric,
                                          const std::optional<std::string>& compare,
                                          bool no_compare,
                                          std::vector<rules::Diagnostic>* diagnostics);

struct LabCalibration {
  base::Date day;
  std::string dataset_id;
  bool synthetic = false;  // the dataset's manifest flag
  std::optional<int> fiscal_year;
  std::vector<base::Text> warnings;
  registry::Calibration calibration;
  std::string group_by;                       // as asked ("" : each row is a unit)
  std::vector<std::string> group_options;     // the ref fields of the metric's kind
  const registry::Total* national = nullptr;  // the total measured against (in the Env's dataset)
  bool national_available = false;            // the dataset declares one for the metric
};

// The threshold of `metric` ("field" of the subject, or "kind.field") whose rows cover `target`
// (0 < target <= 1) of its total, over the population the criteria in force at the day judge
// (without criteria in force, the latest record of a fiscal year ended by the day); the rows
// grouped by `group_by` (a ref field of the metric's kind: harbours by port) and, with
// `national_total`, measured against the total the dataset declares (registry::
// ResolveCalibrationScope), as `kikan calibrate --by --national-total` does. Errors: those of
// Judge's target resolution, kInvalidArgument at /metric (not a numeric field) or /by (not a ref
// field), at /national_total (the dataset declares no total), those of Evaluate.
base::Result<LabCalibration> CalibrateInLab(const Env& env, const base::BusinessId& business,
                                            const std::optional<std::string>& dataset,
                                            const std::optional<base::Date>& as_of,
                                            const std::string& metric, double target,
                                            const std::string& group_by = "",
                                            bool national_total = false);

struct LabExplanation {
  Judgement judged;
  size_t row = 0;
  rules::Explanation explanation;
};

// Errors: those of Judge, kNotFound (no such operator in the judged population).
base::Result<LabExplanation> ExplainInLab(const Env& env, const JudgeRequest& request,
                                          const std::string& operator_id,
                                          std::vector<rules::Diagnostic>* diagnostics);

}  // namespace kikan::service
