// The rules language's syntax tree (internal to rules/), produced by the parser and annotated in
// place by the type checker; the checked tree is the compiled form both evaluators walk. Every
// node keeps its source span (bytes) and location so explanations can quote the source text.
// A tree is immutable after checking; concurrent reads are safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/lexer.h"
#include "rules/rule.h"
#include "rules/schema.h"

namespace kikan::rules::internal {

enum class NodeKind {
  kLiteral,    // value
  kParam,      // $name: value filled in by the checker
  kPath,       // name or a.b.c
  kNot,        // kids[0]
  kAnd,        // kids (n-ary)
  kOr,         // kids (n-ary)
  kCompare,    // kids[0] op kids[1]
  kCall,       // name(kids..., by: by) before checking
  kLambda,     // name => kids[0]
  kQuant,      // after checking: fn in {any, all, count, sum-rel}; kids = [refs path, body]
  kAggregate,  // after checking: fn in {sum-pop, share, rank}; kids = [arg], by optional
  // After checking: a business-year window or a rounding (`win`). For the windows, kids are the
  // argument cloned once per year (kids[k] reads the year k before the judged one, or the fixed
  // year), then for share_of_total the national totals of the same years; for round, kids[0].
  kWindow,
  // a + b or a - b (`arith`), only inside a business-year window: kids[0], kids[1].
  kArith,
};

// mean(x, N), year_sum(x, N), any_year(p, N), at_year(x, YEAR), share_of_total(x, N), round(r, D)
enum class Win { kMean, kYearSum, kAnyYear, kAtYear, kShareOfTotal, kRound };

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };
enum class Fn { kAny, kAll, kCount, kSumRel, kSumPop, kShare, kRank };
// kRatio: an exact fraction (share); kError: a type error was already reported below.
enum class Ty { kError, kInt, kDecimal, kRatio, kBool, kText, kDate, kRef, kRefs };

struct PathStep {
  std::string field;
  std::string owner_kind;  // the kind the field belongs to
  FieldType type;
  MissingPolicy missing = MissingPolicy::kSkip;  // the field's, as the pack declares
};

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  size_t begin = 0;  // byte span in the source
  size_t end = 0;
  Location loc;          // relative to the source
  int length = 1;        // code points of the span
  std::string citation;  // own citation annotation; empty when none
  bool cited = false;

  Value value;                    // kLiteral, kParam
  std::string name;               // kParam, kCall, kLambda (variable), kPath (first segment)
  std::vector<std::string> segs;  // kPath: every segment, first included
  std::vector<Location> seg_locs;
  CmpOp op = CmpOp::kEq;
  char arith = '+';  // kArith: '+' or '-'
  // kCall `sum(R, x => e, where: y => p)` / kQuant kSumRel: kids[2] is the `where:` lambda.
  bool filtered = false;
  std::vector<std::unique_ptr<Node>> kids;
  std::unique_ptr<Node> by;
  Location by_loc;

  // Filled in by the checker.
  Ty ty = Ty::kError;
  std::string target;  // kRef/kRefs: the referenced kind
  Fn fn = Fn::kAny;
  bool from_var = false;        // kPath: rooted at the lambda variable (else the subject row)
  std::string ctx_kind;         // the kind of the table this node is evaluated over
  std::vector<PathStep> steps;  // kPath: the fields followed (the variable itself excluded)
  // kWindow: which, and its number (years N, the fixed year, or the decimal places D).
  Win win = Win::kMean;
  int64_t win_n = 0;
  // The root of one year's clone inside a window: the year it reads, shown in explanations
  // ("deposits_jpy @FY2024"): `year_back` years before the judged one, or `year_fixed` when set.
  bool year_clone = false;
  int year_back = 0;
  int year_fixed = 0;
  bool year_total = false;  // a national total's clone (share_of_total)
};

// The column a window reads for `field` `back` years before the judged one ("x", "x@-1"), in the
// fixed fiscal year ("x@FY2019"), or the national total of the year ("x@total", "x@total-1").
std::string YearColumn(std::string_view field, int back, int fixed, bool total);
// The window columns ("x@-1", "x@FY2019", "x@total-2"): the base field before the '@'.
inline std::string_view BaseField(std::string_view column) {
  return column.substr(0, column.find('@'));
}

// Parses tokens (from Lex) into a tree. On failure appends diagnostics and returns null.
std::unique_ptr<Node> Parse(std::string_view source, const std::vector<Token>& tokens,
                            std::vector<Diagnostic>* diags);

// Type checks `root` against the schema with `subject` as the subject kind, resolving calls and
// paths and filling in parameter values. Appends a diagnostic for each problem (locations
// relative to the source); returns true when there was none.
bool Check(Node* root, const Schema& schema, std::string_view subject,
           const std::map<std::string, Value, std::less<>>& params, std::vector<Diagnostic>* diags,
           std::string_view source);

std::string_view TyName(Ty t);

// The missing-value policy an aggregate (or the relation `sum`) applies to its argument `arg`:
// the declared policy of the field a path reads, kSkip for anything else.
inline MissingPolicy PolicyOf(const Node& arg) {
  return arg.kind == NodeKind::kPath && !arg.steps.empty() ? arg.steps.back().missing
                                                           : MissingPolicy::kSkip;
}

}  // namespace kikan::rules::internal
