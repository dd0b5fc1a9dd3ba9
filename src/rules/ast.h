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
};

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
};

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
