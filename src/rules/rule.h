// The rules language's public interface: compile a criteria rule against a schema, then evaluate
// the compiled rule either over a whole population (vectorised, columns in, one result per
// subject row) or for one subject row with a full explanation (the value of every sub-expression,
// each node carrying the citation of the provision it encodes).
//
// The language itself (grammar, types, semantics, builtins) is specified in
// docs/rules-language.md. Both evaluation paths run the same compiled rule and must agree.
//
// Ownership and threads: a CompiledRule owns its compiled form and holds no pointer into the
// source text or the schema after Compile returns. It is immutable: EvaluateAll and Explain are
// const and safe to call from several threads at once on the same or different populations.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/lang.h"
#include "base/status.h"
#include "rules/population.h"
#include "rules/schema.h"

namespace kikan::rules {

// A place in a rule's source: 1-based line and column (columns count Unicode code points, so a
// caret lines up under Japanese text in a terminal that shows one cell per code point).
struct Location {
  int line = 1;
  int column = 1;
  friend bool operator==(const Location&, const Location&) = default;
};

// One problem found by the lexer, parser or type checker.
struct Diagnostic {
  Location loc;        // where the problem starts
  int length = 1;      // how many code points the caret line underlines (at least 1)
  base::Text message;  // "unknown field `vehicle` of operator (did you mean `vehicles`?)"
  // The same place relative to the start of the rule source (what Render indexes `source`
  // with); {0, 0} means "same as loc".
  Location source_loc{0, 0};

  // "FILE:LINE:COLUMN: message", then the source line and a caret line under the spot:
  //   rule.kikan:1:1: unknown field `vehicle` of operator
  //     vehicle >= 5000
  //     ^^^^^^^
  // `file` may be empty (then the text starts with "LINE:COLUMN: ").
  std::string Render(std::string_view source, std::string_view file, base::Lang lang) const;
};

// The value of an expression for one row, as shown in explanations and used for parameters.
struct Value {
  // kRatio: an exact fraction i / whole (the value of `share(...)`), shown as a percentage.
  // kQuotient: an exact fraction i / whole of an int (the value of `mean(x, N)`: the sum over the
  // years and their number), shown as a number.
  enum class Kind {
    kNull,
    kBool,
    kInt,
    kDecimal,
    kText,
    kDate,
    kList,
    kRatio,
    kQuotient
  } kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;      // kInt; kDecimal as value × kDecimalScale; kDate as days since 1970-01-01
  int64_t whole = 0;  // kRatio, kQuotient: the denominator (> 0); i is the numerator
  std::string text;   // kText
  std::vector<Value> list;  // kList (the values of a refs field, for explanations)

  static Value Bool(bool v);
  static Value Int(int64_t v);
  static Value Decimal(int64_t scaled);
  static Value Text(std::string v);
  static Value Date(int32_t days);
  static Value Ratio(int64_t part, int64_t whole);
  static Value Quotient(int64_t sum, int64_t count);

  // Human-readable: "true", "5,000", "5.25%", "2025-05-01", "\"京浜港\"", "null"; a quotient
  // exactly when it has at most 4 decimals ("10,000,000.5"), else to 4 places with "…".
  std::string ToString() const;
  friend bool operator==(const Value&, const Value&) = default;
};

struct CompileOptions {
  const Schema* schema = nullptr;  // required; must outlive the Compile call only
  std::string subject;             // the entity kind the rule is evaluated over ("operator")
  // Values of named parameters ($threshold). A parameter used in the rule but missing here is a
  // compile error; one given here but unused is fine (a pack may define more than one rule uses).
  std::map<std::string, Value, std::less<>> params;
  // Where the rule text starts in its file, so diagnostics point into the file (a TOML string
  // starting at line 40, column 8 of the pack). Lines after the first start at column 1.
  Location origin;
  // Citation of the rule as a whole (the pack's `citation`); the root explanation node carries
  // it, and sub-expressions without a citation of their own inherit it.
  std::string citation;
};

// One node of an explanation: a sub-expression and its value for one row.
struct ExplainNode {
  std::string source;    // the sub-expression's text as written: "share(vehicles) >= 5%"
  Location loc;          // where it starts in the rule (with CompileOptions::origin applied)
  std::string citation;  // the provision this node encodes (own or inherited)
  Value value;           // null for a missing value, and for a bool that is unknown
  bool boolean = false;  // the sub-expression is a bool (true, false or unknown)
  std::vector<ExplainNode> children;
};

struct Explanation {
  static constexpr int kSchemaVersion = 1;  // of the JSON form (see docs/rules-language.md)
  std::string subject_id;
  std::string subject_name;
  bool result = false;     // true only when the rule is known to hold
  bool determined = true;  // false when the root is unknown (a value it needs is missing)
  ExplainNode root;

  // An indented tree readable by a person, one node per line:
  //   ✓ vehicles >= 5000 and nationwide_capable            [省令第X条第1号]
  //     ✓ vehicles >= 5000    (vehicles = 12,034)
  std::string ToText(base::Lang lang) const;
  // {"schema_version":1,"subject":{...},"result":true,"determined":true,
  //  "root":{source,loc,citation,value,children}}
  std::string ToJson() const;
  // The sources of the inputs whose missing values leave the result undetermined: the deepest
  // unknown (null) nodes reached from the root through unknown nodes only (known sub-expressions
  // need nothing), without duplicates, in tree order. Empty when determined.
  std::vector<std::string> MissingInputs() const;
};

class CompiledRule {
 public:
  CompiledRule(CompiledRule&&) noexcept;
  CompiledRule& operator=(CompiledRule&&) noexcept;
  ~CompiledRule();

  // Vectorised evaluation over every row of the subject table of `population`: element r is 1
  // when the rule holds for row r, 0 otherwise (false or unknown). Population aggregates (share,
  // sum, rank) are computed over all rows of the subject table as given: the caller passes the
  // operators of one business for one period. A missing value (empty cell) makes what depends
  // on it unknown (Kleene's three-valued logic, docs/rules-language.md), never an error.
  // Errors: kFailedPrecondition when the population lacks the subject table or a column
  // the rule reads, or a column's type differs from the schema the rule was compiled against.
  base::Result<std::vector<uint8_t>> EvaluateAll(const Population& population) const;

  // The three-valued results of every row of the subject table.
  struct Verdicts {
    std::vector<uint8_t> holds;  // 1 where the rule is known to hold (EvaluateAll)
    std::vector<uint8_t> known;  // 0 where the result is unknown; empty when every row is known
    bool Known(size_t row) const { return known.empty() || known[row] != 0; }
  };
  // EvaluateAll with the rows whose result is unknown. Same errors as EvaluateAll.
  base::Result<Verdicts> EvaluateVerdicts(const Population& population) const;

  // The same rule for one row, with every sub-expression's value. Agrees with EvaluateAll.
  // Errors: as EvaluateAll, plus kOutOfRange when `row` is not a row of the subject table.
  base::Result<Explanation> Explain(const Population& population, size_t row) const;
  // Explain for several rows, computing population aggregates (share, sum, rank) once instead of
  // once per row: use this to explain many rows of a large population. Same errors as Explain.
  base::Result<std::vector<Explanation>> ExplainRows(const Population& population,
                                                     const std::vector<size_t>& rows) const;

  // The fields of the subject kind (and, through references, of other kinds) the rule reads,
  // as "kind.field"; for documentation and data checks.
  const std::vector<std::string>& fields_read() const;
  // The columns of other business years the rule's windows read (mean, year_sum, any_year,
  // at_year, share_of_total; docs/rules-language.md §5), as "kind.COLUMN": "operator.x@-1" (the
  // year before the judged one), "operator.x@FY2019" (a fixed fiscal year), "operator.x@total-1"
  // (the dataset's national total of x for that year). The judged year's own column is "x"
  // itself. The caller adds them to the population (registry::Dataset::AddYearColumns).
  const std::vector<std::string>& year_columns_read() const;
  // The subject kind.
  const std::string& subject() const;

 private:
  friend base::Result<CompiledRule> Compile(std::string_view, const CompileOptions&,
                                            std::vector<Diagnostic>*);
  struct Impl;
  explicit CompiledRule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Compiles `source`. On failure returns kInvalidArgument whose message is every diagnostic
// rendered (file-less: "LINE:COLUMN: ..."), and, when `diagnostics` is not null, appends each
// problem there so a caller (the pack loader, the web UI) can place them itself.
base::Result<CompiledRule> Compile(std::string_view source, const CompileOptions& options,
                                   std::vector<Diagnostic>* diagnostics = nullptr);

}  // namespace kikan::rules
