// Datasets: a folder with a `dataset.toml` manifest and one CSV per entity kind (format in
// docs/data-format.md). Loading checks every cell against the regime pack's schema and reports
// problems as "file:line:column: message". Rows with a `fiscal_year` column are yearly
// observations of the same id; a Snapshot picks one observation per id for a period and resolves
// references, giving the columnar Population the rules evaluate over.
//
// Ownership and threads: a Dataset owns its raw rows; Snapshot returns an independent Population.
// Immutable after Load; concurrent Snapshot calls are safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/status.h"
#include "rules/population.h"
#include "rules/schema.h"

namespace kikan::registry {

struct Citation {
  std::string text;
  std::string url;  // may be empty
};

// A figure for the whole of which the dataset's rows are a part (issue 14 §5): the national total
// of container throughput, against which the ports in the file are measured. `[[totals]]` in
// the manifest (docs/data-format.md).
struct Total {
  std::string metric;  // "kind.field" it totals: "harbour.annual_teu"
  int64_t value = 0;   // in the field's unit, unscaled (an int field)
  int year = 0;        // the calendar or fiscal year of the figure, as `text` says
  std::string basis;  // what it counts: "domestic_and_foreign" (外内貿) or "foreign_only" (外貿)
  Citation source;    // where it comes from
};
// 「外内貿」 / "domestic + foreign", 「外貿のみ」 / "foreign only"; the key itself otherwise.
base::Text TotalBasisLabel(std::string_view basis);

// Which columns say the year and the basis of a figure's values (issue 14 §5): `[[figures]]`
// in the manifest, each "kind.field" of the same kind. Explanations print them beside the rows.
struct Figure {
  std::string field;  // "harbour.annual_teu"
  std::string year;   // "harbour.teu_year" (empty: none)
  std::string basis;  // "harbour.teu_basis": domestic_and_foreign | foreign_only | empty
};

struct Manifest {
  std::string name;
  std::string description;
  bool synthetic = false;
  std::vector<std::string> sources;  // citations of real figures, one per entry: "text <url>"
  std::vector<Citation> citations;   // the same citations, text and URL apart
  std::vector<base::BusinessId> businesses;    // pack business ids this is a population for
  std::vector<std::string> synthetic_columns;  // "kind.field" (or "kind") that are synthetic
  std::vector<std::string> notes;              // what a reader must know (estimates, fiction)
  std::vector<Total> totals;                   // wholes the rows are part of, with sources
  std::vector<Figure> figures;                 // the year and basis columns of figures
  // The total declared for `metric` ("kind.field"), or nullptr.
  const Total* FindTotal(std::string_view metric) const;
};

// Reads and checks `dir`/dataset.toml alone (no CSV), e.g. to find the dataset of a business.
// Errors: kNotFound when the file is missing; kInvalidArgument ("file:line:column: message")
// for a TOML syntax error, a missing `name` or `synthetic`, a value of the wrong type, an
// unknown key, a `[[totals]]` entry lacking metric, value (> 0), year, basis
// (domestic_and_foreign | foreign_only) or text, or a `[[figures]]` entry without `field` or
// whose year or basis column is of another kind.
base::Result<Manifest> ReadManifest(const std::string& dir);

class Dataset {
 public:
  // Loads the dataset in `dir` against `schema` (the pack's entity kinds). A CSV whose kind the
  // schema does not declare, an unknown column, a value of the wrong type, a duplicate id (per
  // fiscal year), a reference to an id that does not exist: each is an error naming
  // file:line:column. Errors: kInvalidArgument with every problem rendered, one per line;
  // kNotFound when `dir` or its manifest is missing.
  static base::Result<Dataset> Load(const std::string& dir, const rules::Schema& schema);

  const Manifest& manifest() const { return manifest_; }
  const std::string& dir() const { return dir_; }

  // The population for one period. For each kind with yearly observations, keeps per id the
  // observation of `fiscal_year` when given (ids without one are left out), else the latest one;
  // kinds without a fiscal_year column are kept whole. References are resolved after the choice.
  // Rows keep their CSV order; tables come without an id index (call Table::BuildIndex()).
  // Errors: kFailedPrecondition when a reference points at an id with no observation in the
  // chosen year.
  base::Result<rules::Population> Snapshot(std::optional<int> fiscal_year) const;

  // Adds to `population` (a Snapshot of `fiscal_year`) the columns of other business years that
  // a rule's windows read (rules::CompiledRule::year_columns_read, "kind.x@-1", "kind.x@FY2019",
  // "kind.x@total-2"): for each row, the value of its id's observation of that fiscal year
  // (missing when the id has none, or the cell is empty), or the manifest's [[totals]] figure of
  // "kind.x" for that year (missing when none is declared; an int field's total as given, a
  // decimal's scaled). Errors: kFailedPrecondition when the kind or field is not in the dataset,
  // the kind is not yearly, or `fiscal_year` is not given for a relative year.
  base::Status AddYearColumns(std::optional<int> fiscal_year,
                              const std::vector<std::string>& columns,
                              rules::Population* population) const;

  // The fiscal years present in yearly kinds, ascending (empty when none is yearly).
  std::vector<int> FiscalYears() const;

  // The CSV file of `kind` when it lacks the column of declared field `field` (a rule reading it
  // would find every value missing); nullopt when the column is there, or the kind or field is
  // not declared.
  std::optional<std::string> FileOfColumn(std::string_view kind, std::string_view field) const;

  // Number of raw rows (observations) loaded for `kind`; 0 for an unknown kind or no CSV.
  size_t RowCount(std::string_view kind) const;

  struct Impl;  // the raw rows (defined in dataset.cc)

 private:
  Manifest manifest_;
  std::string dir_;
  std::shared_ptr<const Impl> impl_;
};

// The fiscal year (April–March, 年度) containing `date`: 2025-05-01 → 2025, 2026-03-31 → 2025.
int FiscalYearOf(int year, int month);

// The latest date whose judgement a dataset holding fiscal years up to `latest_fiscal_year`
// supports under both period rules (engine.h): the last day of the fiscal year after it,
// ((latest + 2)-03-31), when criteria judging `as_of` read the latest year that had ended and
// criteria judging the previous fiscal year read exactly that year. 2024 → 2026-03-31.
base::Date LatestDateJudgedOn(int latest_fiscal_year);

}  // namespace kikan::registry
