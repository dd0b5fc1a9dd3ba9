// The designation engine: evaluates a business's criteria over a dataset's population at a date,
// explains one operator's result, compares two criteria versions (who enters, who leaves), and
// measures and calibrates coverage of a metric. Pure functions over an immutable Regime and
// Dataset; thread-safe in that sense. The CLI, the criteria lab (service/lab.h) and the register's
// proposals (service/designations.h) are built on it; DiffRows is the one comparison of
// designated sets they all use.
//
// Period selection (regime::Period): `as_of` judges the latest yearly observation whose fiscal
// year had ended on the date (before the fiscal year containing it: a year not yet ended is not
// that year's record); `previous_fiscal_year` judges the record of the fiscal year before it. A
// dataset with no yearly kind is used whole.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/status.h"
#include "regime/regime.h"
#include "registry/dataset.h"
#include "rules/population.h"
#include "rules/rule.h"

namespace kikan::registry {

struct EvaluationRequest {
  base::BusinessId business;
  std::optional<std::string> criteria_version;  // default: the version in force at `as_of`
  base::Date as_of;
  // False when `as_of` is only the caller's default (today): then, when the data holds no record
  // of the fiscal year the criteria judge, the latest earlier year is judged instead, with a
  // warning. With a date the user gave, that is an error.
  bool as_of_given = true;
  // An edited rule to evaluate instead of the version's own (the criteria lab): compiled against
  // the pack's schema with the version's params and citation; the version still gives the period
  // and the warnings. Absent: the version's compiled rule.
  std::optional<std::string> rule = std::nullopt;
};

// The three states of a designation judged from data (Kleene's logic, docs/rules-language.md):
// a row whose data lacks a value the criteria need is neither designated nor not.
enum class Verdict { kNotDesignated, kDesignated, kUndetermined };
// "not_designated", "designated", "undetermined": the `status` of the JSON forms (fixed names;
// checks outside the repository read them).
std::string_view VerdictName(Verdict v);

// How many rows are in each state.
struct Tally {
  size_t designated = 0;
  size_t not_designated = 0;
  size_t undetermined = 0;
};

struct Evaluation {
  const regime::Pack* pack = nullptr;
  const regime::Business* business = nullptr;
  const regime::Criteria* criteria = nullptr;
  base::Date as_of;
  std::optional<int> fiscal_year;  // the observations judged, when the data is yearly
  // Said loudly to the user: a named version evaluated at a date outside its effective period,
  // proposed or repealed criteria, ... (en and ja).
  std::vector<base::Text> warnings;
  rules::Population population;
  std::vector<uint8_t> designated;  // per row of the subject table: 1 when known to be designated
  // Per row: 0 when the result is undetermined (designated[r] is then 0); empty when every row's
  // result is determined.
  std::vector<uint8_t> determined;
  // The rule judged: criteria->compiled, or the request's edited rule (owned by `edited_rule`).
  const rules::CompiledRule* rule = nullptr;
  std::shared_ptr<const rules::CompiledRule> edited_rule;

  const rules::Table& subject() const;
  size_t designated_count() const;
  Verdict VerdictAt(size_t row) const;
  Tally tally() const;
  // The inputs (sub-expressions as written, `vehicles`, `share(tonnage)`) whose missing values
  // leave `explanation` (of an undetermined row) undetermined; empty for a determined one.
  static std::vector<std::string> MissingInputs(const rules::Explanation& explanation);
  // The explanation of one row. Errors: as rules::CompiledRule::Explain.
  base::Result<rules::Explanation> Explain(size_t row) const;
  // The explanations of several rows, aggregates computed once (use for many rows).
  base::Result<std::vector<rules::Explanation>> ExplainRows(const std::vector<size_t>& rows) const;
  // The row of the subject with this id. Errors: kNotFound naming the id and the business.
  base::Result<size_t> RowOf(std::string_view id) const;
};

// Errors: kNotFound (unknown business or version, listing what exists), kFailedPrecondition (no
// criteria in force at the date; the version's rule failed to compile; no observations for the
// fiscal year the criteria judge), kInvalidArgument (request.rule does not compile: every
// diagnostic rendered, positions relative to the rule text), and those of Dataset::Snapshot and
// CompiledRule::EvaluateAll.
base::Result<Evaluation> Evaluate(const regime::Regime& regime, const Dataset& dataset,
                                  const EvaluationRequest& request);

struct Member {
  std::string id;
  std::string name;
};

struct CriteriaDiff {
  const regime::Criteria* from = nullptr;
  const regime::Criteria* to = nullptr;
  base::Date as_of;
  std::vector<base::Text> warnings;
  std::vector<Member> entered;       // designated under `to`, not under `from`
  std::vector<Member> left;          // designated under `from`, not under `to`
  std::vector<Member> stayed;        // designated under both
  std::vector<Member> undetermined;  // undetermined under `to` (a value its rule needs is missing)
  Tally from_tally;                  // the three states on each side
  Tally to_tally;
  std::optional<int> from_fiscal_year;  // the observations each side judged
  std::optional<int> to_fiscal_year;
};

// Who enters, leaves and stays between two designated sets, matched by operator id. `entered`
// and `stayed` are rows of the `to` side, `left` rows of the `from` side, each in row order.
struct RowDiff {
  std::vector<size_t> entered;
  std::vector<size_t> left;
  std::vector<size_t> stayed;
};
// The one comparison of designated sets: `*_ids[r]` is row r's operator id and `*_in[r]` whether
// it is designated (a set given by ids alone, such as the register, passes all ones).
RowDiff DiffRows(std::span<const std::string> from_ids, std::span<const uint8_t> from_in,
                 std::span<const std::string> to_ids, std::span<const uint8_t> to_in);
// DiffRows over two evaluations' subjects (of the same business, possibly different versions,
// dates or edited rules).
RowDiff Diff(const Evaluation& from, const Evaluation& to);

// Compares two versions of a business's criteria over the same dataset, both judged at `as_of`
// (default: the `to` version's effective_from). Versions default to the previous and the latest
// (by effective_from). Operators are matched by id. Errors: as Evaluate; kFailedPrecondition when
// the business has fewer than two versions and none is named.
base::Result<CriteriaDiff> Diff(const regime::Regime& regime, const Dataset& dataset,
                                const base::BusinessId& business, std::optional<std::string> from,
                                std::optional<std::string> to, std::optional<base::Date> as_of);

// An exact ratio of two non-negative fixed-point sums (scaled like the metric's column).
struct Share {
  int64_t part = 0;
  int64_t whole = 0;
  double ToDouble() const {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
  }
};

struct Coverage {
  std::string metric;
  rules::FieldDef field;
  size_t population = 0;
  size_t designated = 0;
  Share share;  // sum of metric over designated rows / over all rows (missing values count 0)
};

// Errors: kInvalidArgument when `metric` is not a numeric (int/decimal) field of the subject kind,
// naming the numeric fields there are; kFailedPrecondition when the total is not positive;
// kOutOfRange when it does not fit in int64.
base::Result<Coverage> CoverageOf(const Evaluation& evaluation, std::string_view metric);

struct CurvePoint {
  int64_t threshold = 0;  // scaled like the column
  size_t count = 0;       // rows with metric >= threshold
  Share share;            // their share of the total
};

struct Calibration {
  std::string metric;
  rules::FieldDef field;
  double target = 0;
  std::optional<CurvePoint> chosen;  // the highest threshold whose rows cover >= target
  std::vector<CurvePoint> curve;     // one point per distinct value, descending threshold
};

// What calibration counts and against what (issue 14 §5): by default each row of `subject` is one
// unit and the total is the sum of the metric over them.
struct CalibrationScope {
  // A reference field of `subject` (harbour.port): the rows referring to one row are summed and
  // counted as one unit (京浜港 = 東京 + 川崎 + 横浜); a row whose reference is missing stays a
  // unit of its own. Empty: no grouping.
  std::string group_by = {};
  // The denominator instead of the sum over the rows (a national total the dataset declares,
  // Manifest::totals), scaled like the column. It must not be below that sum.
  std::optional<int64_t> total = {};
};

// The scope a calibration of `kind`.`field` asks for: grouped by `group_by` (a ref field of
// `kind`; empty: none) and, with `national_total`, against the total `manifest` declares for
// "kind.field" (scaled like the column). `national` points into `manifest`; `group_options` are
// the ref fields of `kind`, what `group_by` may name. Errors: kFailedPrecondition when a national
// total is asked and the dataset declares none (the group is checked by Calibrate).
struct ResolvedCalibrationScope {
  CalibrationScope scope;
  const Total* national = nullptr;
  std::vector<std::string> group_options;
};
base::Result<ResolvedCalibrationScope> ResolveCalibrationScope(
    const Manifest& manifest, const rules::Schema& schema, std::string_view kind,
    std::string_view field, std::string group_by, bool national_total);

// The threshold on `metric` at which the units at or above it cover `target` (0 < target <= 1)
// of the total. Errors: kInvalidArgument for a non-numeric metric, a target outside (0, 1], or a
// `group_by` that is not a reference field of `subject`; kFailedPrecondition when the total is
// not positive, or a given total is below the rows' sum; kOutOfRange when a sum does not fit in
// int64.
base::Result<Calibration> Calibrate(const rules::Population& population,
                                    const rules::Schema& schema, std::string_view subject,
                                    std::string_view metric, double target,
                                    const CalibrationScope& scope = {});

// A figure the judged rule reads, with the year and basis of each row's value (issue 14 §5):
// the manifest's `[[figures]]` whose field is among the rule's fields_read, over the rows of the
// field's kind in the population judged (harbour.annual_teu: each harbour, its year, 外内貿 or
// 外貿のみ). Missing values are nullopt / empty.
struct FigureRow {
  std::string id;
  std::string name;
  std::optional<int64_t> value;  // scaled like the column
  std::optional<int64_t> year;
  std::string basis;  // domestic_and_foreign | foreign_only | "" (the source does not say)
};
struct FigureRows {
  std::string field;  // "harbour.annual_teu"
  rules::FieldDef def;
  std::vector<FigureRow> rows;
};
// Never fails: a figure whose columns the population lacks is left out.
std::vector<FigureRows> FiguresRead(const Evaluation& evaluation, const Manifest& manifest);

// The population judged "as of" a date without any criteria (for calibrating a business none
// of whose criteria is in force): the latest yearly observations of a fiscal year that had ended
// on the date, chosen as Evaluate does for `as_of` criteria. `fiscal_year` receives the year
// judged.
base::Result<rules::Population> SnapshotAt(const Dataset& dataset, base::Date as_of,
                                           bool as_of_given, std::optional<int>* fiscal_year,
                                           std::vector<base::Text>* warnings);

// The dataset under `datasets_root` (one folder per dataset) whose manifest lists `business`.
// Errors: kNotFound naming the business and the folders searched.
// One place where a designation applies (regime::SitesSpec): a row of the site kind (a harbour)
// and the row it belongs to (its port), ids and display names.
struct Site {
  std::string id;
  std::string name;
  std::string group_id;  // empty when the spec names no group or the reference is missing
  std::string group_name;
};

// The sites of every row of the evaluation's subject table (by row; ordered as the rows'
// references, without duplicates), judged with the evaluation's criteria params. All empty when
// the business declares no sites. Errors: kInvalidArgument when the spec does not fit the schema
// or its `where` does not compile (the pack loader reports both first), and those of
// CompiledRule::EvaluateAll.
base::Result<std::vector<std::vector<Site>>> SitesOf(const Evaluation& evaluation);

// Compiles `source` as a rule of `criteria` (the pack's schema and the business's subject, the
// version's params and citation), positions relative to `source` itself. Diagnostics, when not
// null, receive every problem. Errors: kInvalidArgument (as rules::Compile), kNotFound (unknown
// business).
base::Result<rules::CompiledRule> CompileRuleFor(const regime::Regime& regime,
                                                 const regime::Criteria& criteria,
                                                 std::string_view source,
                                                 std::vector<rules::Diagnostic>* diagnostics);

base::Result<std::string> FindDatasetDir(const std::string& datasets_root,
                                         const base::BusinessId& business);

}  // namespace kikan::registry
