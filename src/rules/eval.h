// The vectorised evaluator (internal to rules/): evaluates a checked tree node for every row of
// a table at once, producing a column (a Vec). Columns of the population are viewed, not copied,
// when no reference is followed. Used by CompiledRule::EvaluateAll, and by the explaining path
// for population aggregates. A VecEvaluator is used by one thread for one evaluation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "rules/ast.h"
#include "rules/population.h"

namespace kikan::rules::internal {

// A column of values of one type for every row of a table (or a constant for every row).
// A bool Vec is three-valued (Kleene): `b` is 1 where the value is known true, `valid` marks the
// rows whose value is known (null: every row); b[r] = 1 implies valid[r] = 1.
struct Vec {
  Ty ty = Ty::kError;
  size_t n = 0;
  bool is_const = false;  // numeric/date/bool/text constant: c / ctext, valid everywhere
  int64_t c = 0;
  std::string ctext;
  // int, decimal, date; the numerator of a ratio
  const int64_t* i = nullptr;
  std::vector<int64_t> i_own;
  // ratio denominator: per row (den) or one for all rows (den_c); always > 0 where valid
  const int64_t* den = nullptr;
  std::vector<int64_t> den_own;
  int64_t den_c = 1;
  // bool
  const uint8_t* b = nullptr;
  std::vector<uint8_t> b_own;
  // text: strs[idx(r)]; idx empty means identity
  const std::vector<std::string>* strs = nullptr;
  std::vector<int32_t> sidx;
  // ref: the target row (kNoRow when none)
  std::vector<int32_t> rows;
  // refs: the owner row in `refs`' table (owner empty means identity; kNoRow = no list)
  std::vector<int32_t> owner;
  const Column* refs = nullptr;
  // validity of numeric/date/text/ratio/bool values; null means every value is present
  const uint8_t* valid = nullptr;
  std::vector<uint8_t> valid_own;

  bool Valid(size_t r) const { return valid == nullptr || valid[r] != 0; }
  int64_t I(size_t r) const { return is_const ? c : i[r]; }
  int64_t Den(size_t r) const { return den != nullptr ? den[r] : den_c; }
  bool B(size_t r) const { return is_const ? c != 0 : b[r] != 0; }
};

// The unit multiplier that puts a numeric type on the decimal scale (int and ratio × 10 000).
int64_t UnitOf(Ty t);
// a op b for a value a_num·a_unit/a_den and b likewise (denominators > 0), exactly.
bool CompareScaled(CmpOp op, int64_t a_num, int64_t a_unit, int64_t a_den, int64_t b_num,
                   int64_t b_unit, int64_t b_den);

// p/w (w > 0) rounded half away from zero (四捨五入) to `places` decimals: the numerator over
// 10^places (round(r, places) of the rules language).
int64_t RoundHalfUp(int64_t p, int64_t w, int64_t places);

class VecEvaluator {
 public:
  explicit VecEvaluator(const Population& pop) : pop_(pop) {}
  // Evaluates `n` for every row of `ctx` (whose kind is n.ctx_kind).
  // Errors: kFailedPrecondition for a missing table or column or a column of the wrong type or
  // size; kOutOfRange when a sum overflows int64.
  base::Result<Vec> Eval(const Node& n, const Table& ctx);
  // The value of the population aggregate `n` (share, sum, rank) for one row of `ctx`, in O(rows)
  // passes without sorting or hashing: what explaining a single row needs. Same value as
  // Eval(n, ctx) at `row` (a null Value where that is missing). Errors: as Eval.
  base::Result<Value> AggregateAt(const Node& n, const Table& ctx, size_t row);
  // The table of `kind`. Errors: kFailedPrecondition.
  base::Result<const Table*> TableOf(std::string_view kind) const;
  // The column `field` of `t`, checked against `type`. Errors: kFailedPrecondition.
  base::Result<const Column*> ColumnOf(const Table& t, const std::string& field,
                                       const FieldType& type) const;

 private:
  base::Result<Vec> Path(const Node& n, const Table& ctx);
  base::Result<Vec> Compare(const Node& n, const Table& ctx);
  base::Result<Vec> Arith(const Node& n, const Table& ctx);
  // One operand of a chain of `and`s or `or`s, ready to be applied to any block of rows: a
  // column compared with an int64 threshold, a bool mask, or a constant.
  struct MaskTerm {
    enum Kind { kCompare, kMask, kNotMask, kConst } kind = kConst;
    CmpOp op = CmpOp::kEq;
    int64_t t = 0;
    const int64_t* x = nullptr;
    const uint8_t* valid = nullptr;  // for kCompare; null means every value is present
    const uint8_t* mask = nullptr;   // for kMask (the mask) and kNotMask (its complement)
    bool value = false;              // for kConst
  };
  // A three-valued operand of `and`/`or` (Kleene): `yes` gives the rows where it is known true,
  // `no` the rows where it is known false; rows in neither are unknown. `certain` when no row is
  // unknown (then `no` is the complement of `yes`, and only `yes` is run unless another operand
  // is uncertain: the two-valued speed is kept for data without missing values).
  struct Term {
    MaskTerm yes;
    MaskTerm no;
    bool certain = true;
  };
  // Evaluates the operands of comparison `n` and appends its term to `terms`; the vectors the
  // term points into are moved into `keep`. Errors: as Eval.
  base::Status PrepareCompare(const Node& n, const Table& ctx, std::vector<Term>& terms,
                              std::vector<Vec>& keep);
  // The Kleene and (or the or) of `terms` (at least one) as a bool Vec of `rows` rows: its
  // values from the `yes` masks, its validity (known rows) from the `no` masks when a term is
  // uncertain (null validity otherwise).
  static Vec Combine(const std::vector<Term>& terms, bool is_and, size_t rows);
  // out = the and (or the or) of `given` (at least one) for rows [0, rows), in blocks of rows.
  // Computes in one blocked pass the totals of the ungrouped share/sum aggregates of own columns
  // that are operands of the comparisons among `n`'s operands, for Aggregate to use once.
  // Errors: as Eval.
  base::Status PresumShares(const Node& n, const Table& ctx);
  static void RunTerms(const std::vector<MaskTerm>& given, bool is_and, std::vector<uint8_t>& out,
                       size_t rows);
  base::Result<Vec> Logic(const Node& n, const Table& ctx);
  base::Result<Vec> Quant(const Node& n, const Table& ctx);
  base::Result<Vec> Aggregate(const Node& n, const Table& ctx);
  base::Result<Vec> Window(const Node& n, const Table& ctx);

  const Population& pop_;
  std::map<const Node*, __int128> presums_;  // totals from PresumShares, each used once
};

// The explanations of `rows` of the subject table (the per-row path; aggregates come from one
// vectorised evaluation shared by all rows). `origin` shifts locations into the enclosing file;
// `citation` is the rule's own. Errors: as VecEvaluator::Eval, plus kOutOfRange for a row that
// is not in the subject table.
base::Result<std::vector<Explanation>> ExplainRowsOf(const Node& root, std::string_view source,
                                                     std::string_view subject, Location origin,
                                                     const std::string& citation,
                                                     const Population& pop,
                                                     const std::vector<size_t>& rows);

}  // namespace kikan::rules::internal
