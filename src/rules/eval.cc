// The vectorised evaluator (eval.h): one pass per tree node over whole columns. The column kernels
// it runs (comparisons, mask combination, exact sums) and their SIMD dispatch are in simd.cc.
#include "rules/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "rules/simd.h"

namespace kikan::rules::internal {
namespace {

base::Status Precondition(base::Text message) {
  return base::FailedPrecondition(std::move(message));
}

// Applies `op` with the operands as given, for any ordered type.
template <class T>
inline bool Apply(CmpOp op, const T& a, const T& b) {
  switch (op) {
    case CmpOp::kEq:
      return a == b;
    case CmpOp::kNe:
      return a != b;
    case CmpOp::kLt:
      return a < b;
    case CmpOp::kLe:
      return a <= b;
    case CmpOp::kGt:
      return a > b;
    case CmpOp::kGe:
      return a >= b;
  }
  return false;
}

// The operator whose result is the negation of op's (for the rows where op is known false).
CmpOp Negate(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return CmpOp::kNe;
    case CmpOp::kNe:
      return CmpOp::kEq;
    case CmpOp::kLt:
      return CmpOp::kGe;
    case CmpOp::kLe:
      return CmpOp::kGt;
    case CmpOp::kGt:
      return CmpOp::kLe;
    case CmpOp::kGe:
      return CmpOp::kLt;
  }
  return op;
}

CmpOp Flip(CmpOp op) {
  switch (op) {
    case CmpOp::kLt:
      return CmpOp::kGt;
    case CmpOp::kLe:
      return CmpOp::kGe;
    case CmpOp::kGt:
      return CmpOp::kLt;
    case CmpOp::kGe:
      return CmpOp::kLe;
    default:
      return op;
  }
}

i128 FloorDiv(i128 a, i128 b) {  // b > 0
  i128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}
i128 CeilDiv(i128 a, i128 b) {  // b > 0
  i128 q = a / b;
  if ((a % b != 0) && (a > 0)) ++q;
  return q;
}

// x·m op K (m > 0) rewritten as x op' t on int64, or as a constant.
struct Threshold {
  enum Mode { kCompare, kAll, kNone } mode = kCompare;
  CmpOp op = CmpOp::kEq;
  int64_t t = 0;
};

Threshold Normalize(CmpOp op, i128 m, i128 k) {
  Threshold r;
  r.op = op;
  i128 t = 0;
  switch (op) {
    case CmpOp::kGe:
    case CmpOp::kLt:
      t = CeilDiv(k, m);
      break;
    case CmpOp::kGt:
    case CmpOp::kLe:
      t = FloorDiv(k, m);
      break;
    case CmpOp::kEq:
    case CmpOp::kNe:
      if (k % m != 0) {
        r.mode = op == CmpOp::kEq ? Threshold::kNone : Threshold::kAll;
        return r;
      }
      t = k / m;
      break;
  }
  if (t > INT64_MAX || t < INT64_MIN) {
    // Every int64 x is on the same side of t: below it when t > INT64_MAX, above otherwise.
    const bool x_below = t > INT64_MAX;
    switch (op) {
      case CmpOp::kGe:
      case CmpOp::kGt:
        r.mode = x_below ? Threshold::kNone : Threshold::kAll;
        break;
      case CmpOp::kLe:
      case CmpOp::kLt:
        r.mode = x_below ? Threshold::kAll : Threshold::kNone;
        break;
      case CmpOp::kEq:
        r.mode = Threshold::kNone;
        break;
      case CmpOp::kNe:
        r.mode = Threshold::kAll;
        break;
    }
    return r;
  }
  r.t = static_cast<int64_t>(t);
  return r;
}

std::string_view TextAt(const Vec& v, size_t r) {
  if (v.is_const) return v.ctext;
  size_t k = v.sidx.empty() ? r : static_cast<size_t>(v.sidx[r]);
  return (*v.strs)[k];
}

Vec BoolVec(size_t n) {
  Vec v;
  v.ty = Ty::kBool;
  v.n = n;
  v.b_own.resize(n);
  v.b = v.b_own.data();
  return v;
}

bool ColumnTypeMatches(const Column& c, const FieldType& t) {
  return c.type.kind == t.kind && c.type.target == t.target;
}

}  // namespace

int64_t UnitOf(Ty t) { return (t == Ty::kInt || t == Ty::kRatio) ? kDecimalScale : 1; }

bool CompareScaled(CmpOp op, int64_t a_num, int64_t a_unit, int64_t a_den, int64_t b_num,
                   int64_t b_unit, int64_t b_den) {
  // a_num·a_unit/a_den op b_num·b_unit/b_den; |a_num·a_unit·b_den| < 2^63·2^14·2^63 fits i128
  // only when dens are small; use checked reasoning: units are ≤ 10^4 (2^14) and dens < 2^63,
  // so a product is < 2^140 in the worst case. Compare as (a_num·a_unit)·b_den in two steps with
  // floor division instead when it could overflow.
  i128 lhs_base = static_cast<i128>(a_num) * a_unit;  // < 2^77
  i128 rhs_base = static_cast<i128>(b_num) * b_unit;
  if (a_den == 1 && b_den == 1) return Apply<i128>(op, lhs_base, rhs_base);
  // Products below 2^126 are safe.
  auto bits = [](i128 v) {
    if (v < 0) v = -v;
    int n = 0;
    while (v != 0) {
      v >>= 1;
      ++n;
    }
    return n;
  };
  if (bits(lhs_base) + bits(b_den) < 126 && bits(rhs_base) + bits(a_den) < 126) {
    return Apply<i128>(op, lhs_base * b_den, rhs_base * a_den);
  }
  // Fallback: compare the quotients lhs_base/a_den and rhs_base/b_den via floor and remainder.
  i128 qa = FloorDiv(lhs_base, a_den), ra = lhs_base - qa * a_den;
  i128 qb = FloorDiv(rhs_base, b_den), rb = rhs_base - qb * b_den;
  if (qa != qb) return Apply<i128>(op, qa, qb);
  // Same integer part: compare ra/a_den with rb/b_den (both in [0,1)); ra,rb < den < 2^63.
  return Apply<i128>(op, ra * b_den, rb * a_den);
}

base::Result<const Table*> VecEvaluator::TableOf(std::string_view kind) const {
  const Table* t = pop_.Find(kind);
  if (t == nullptr) {
    return Precondition({.ja = fmt::format("母集団に `{}` の表がありません", kind),
                         .en = fmt::format("the population has no table of `{}`", kind)});
  }
  return t;
}

base::Result<const Column*> VecEvaluator::ColumnOf(const Table& t, const std::string& field,
                                                   const FieldType& type) const {
  const Column* c = t.Find(field);
  if (c == nullptr) {
    return Precondition({.ja = fmt::format("`{}` の表に列 `{}` がありません", t.kind, field),
                         .en = fmt::format("the `{}` table has no column `{}`", t.kind, field)});
  }
  if (!ColumnTypeMatches(*c, type)) {
    return Precondition(
        {.ja = fmt::format("列 `{}.{}` は {} ですが、ルールは {} としてコンパイルされています",
                           t.kind, field, c->type.ToString(), type.ToString()),
         .en = fmt::format("column `{}.{}` is {}, but the rule was compiled for {}", t.kind, field,
                           c->type.ToString(), type.ToString())});
  }
  size_t n = t.size();
  bool ok = c->valid.empty() || c->valid.size() == n;
  switch (type.kind) {
    case TypeKind::kInt:
    case TypeKind::kDecimal:
    case TypeKind::kDate:
      ok = ok && c->i64.size() == n;
      break;
    case TypeKind::kBool:
      ok = ok && c->b.size() == n;
      break;
    case TypeKind::kText:
      ok = ok && c->text.size() == n;
      break;
    case TypeKind::kRef:
      ok = ok && c->ref.size() == n;
      break;
    case TypeKind::kRefs:
      // An empty table may come without the leading 0 offset.
      ok = ok && ((n == 0 && c->refs_offsets.empty()) ||
                  (c->refs_offsets.size() == n + 1 && c->refs_offsets[0] == 0 &&
                   c->refs_offsets[n] <= c->refs_targets.size()));
      for (size_t r = 0; ok && r < n; ++r) ok = c->refs_offsets[r] <= c->refs_offsets[r + 1];
      break;
  }
  if (!ok) {
    return Precondition(
        {.ja = fmt::format("列 `{}.{}` の値の数が行数と一致しません", t.kind, field),
         .en = fmt::format("column `{}.{}` does not have one value per row", t.kind, field)});
  }
  return c;
}

base::Result<Vec> VecEvaluator::Eval(const Node& n, const Table& ctx) {
  switch (n.kind) {
    case NodeKind::kLiteral:
    case NodeKind::kParam: {
      Vec v;
      v.ty = n.ty;
      v.n = ctx.size();
      v.is_const = true;
      const Value& val = n.value;
      switch (val.kind) {
        case Value::Kind::kBool:
          v.c = val.b ? 1 : 0;
          break;
        case Value::Kind::kText:
          v.ctext = val.text;
          break;
        case Value::Kind::kRatio:
          v.c = val.i;
          v.den_c = val.whole;
          break;
        default:
          v.c = val.i;
          break;
      }
      return v;
    }
    case NodeKind::kPath:
      return Path(n, ctx);
    case NodeKind::kCompare:
      return Compare(n, ctx);
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr:
      return Logic(n, ctx);
    case NodeKind::kQuant:
      return Quant(n, ctx);
    case NodeKind::kAggregate:
      return Aggregate(n, ctx);
    case NodeKind::kWindow:
      return Window(n, ctx);
    case NodeKind::kArith:
      return Arith(n, ctx);
    case NodeKind::kCall:
    case NodeKind::kLambda:
      break;
  }
  return base::Internal({.en = "unchecked node in a compiled rule"});
}

base::Result<Vec> VecEvaluator::Path(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  Vec v;
  v.ty = n.ty;
  v.n = rows_n;
  const Table* tab = &ctx;
  bool identity = true;
  std::vector<int32_t> rows;
  if (n.steps.empty()) {  // the lambda variable itself: a ref to its own row
    v.rows.resize(rows_n);
    std::iota(v.rows.begin(), v.rows.end(), 0);
    return v;
  }
  for (size_t s = 0; s + 1 < n.steps.size(); ++s) {
    const PathStep& st = n.steps[s];
    KIKAN_ASSIGN_OR_RETURN(const Column* col, ColumnOf(*tab, st.field, st.type));
    KIKAN_ASSIGN_OR_RETURN(const Table* next, TableOf(st.type.target));
    const int32_t limit = static_cast<int32_t>(next->size());
    if (identity) rows.resize(rows_n);
    for (size_t r = 0; r < rows_n; ++r) {
      int32_t src = identity ? static_cast<int32_t>(r) : rows[r];
      int32_t dst = kNoRow;
      if (src >= 0 && col->IsValid(static_cast<size_t>(src))) {
        dst = col->ref[static_cast<size_t>(src)];
        if (dst < 0 || dst >= limit) dst = kNoRow;
      }
      rows[r] = dst;
    }
    identity = false;
    tab = next;
  }
  const PathStep& last = n.steps.back();
  KIKAN_ASSIGN_OR_RETURN(const Column* col, ColumnOf(*tab, last.field, last.type));
  auto present = [&](size_t r, int32_t& src) {
    src = identity ? static_cast<int32_t>(r) : rows[r];
    return src >= 0 && col->IsValid(static_cast<size_t>(src));
  };
  switch (last.type.kind) {
    case TypeKind::kInt:
    case TypeKind::kDecimal:
    case TypeKind::kDate: {
      // missing = "zero": an empty cell of a row that exists reads 0 (a dangling reference stays
      // missing).
      const bool zero = last.missing == MissingPolicy::kZero;
      if (identity && (col->valid.empty() || !zero)) {
        v.i = col->i64.data();
        v.valid = col->valid.empty() ? nullptr : col->valid.data();
      } else {
        v.i_own.resize(rows_n);
        v.valid_own.resize(rows_n);
        for (size_t r = 0; r < rows_n; ++r) {
          int32_t src;
          bool ok = present(r, src);
          v.valid_own[r] = ok || (zero && src >= 0);
          v.i_own[r] = ok ? col->i64[static_cast<size_t>(src)] : 0;
        }
        v.i = v.i_own.data();
        v.valid = v.valid_own.data();
        if (identity) v.valid = nullptr;  // zero: every row of the table has a value
      }
      break;
    }
    case TypeKind::kBool:
      // A missing bool is unknown: false in `b`, 0 in `valid`.
      if (identity && col->valid.empty()) {
        v.b = col->b.data();
      } else {
        v.b_own.resize(rows_n);
        v.valid_own.resize(rows_n);
        for (size_t r = 0; r < rows_n; ++r) {
          int32_t src;
          const bool ok = present(r, src);
          v.valid_own[r] = ok;
          v.b_own[r] = ok && col->b[static_cast<size_t>(src)] != 0;
        }
        v.b = v.b_own.data();
        v.valid = v.valid_own.data();
      }
      break;
    case TypeKind::kText:
      v.strs = &col->text;
      if (identity) {
        v.valid = col->valid.empty() ? nullptr : col->valid.data();
      } else {
        v.sidx.resize(rows_n);
        v.valid_own.resize(rows_n);
        for (size_t r = 0; r < rows_n; ++r) {
          int32_t src;
          bool ok = present(r, src);
          v.valid_own[r] = ok;
          v.sidx[r] = ok ? src : 0;
        }
        v.valid = v.valid_own.data();
      }
      break;
    case TypeKind::kRef: {
      KIKAN_ASSIGN_OR_RETURN(const Table* target, TableOf(last.type.target));
      const int32_t limit = static_cast<int32_t>(target->size());
      v.rows.resize(rows_n);
      for (size_t r = 0; r < rows_n; ++r) {
        int32_t src;
        int32_t dst = kNoRow;
        if (present(r, src)) {
          dst = col->ref[static_cast<size_t>(src)];
          if (dst < 0 || dst >= limit) dst = kNoRow;
        }
        v.rows[r] = dst;
      }
      break;
    }
    case TypeKind::kRefs:
      v.refs = col;
      if (!identity) v.owner = std::move(rows);
      break;
  }
  return v;
}

base::Result<Vec> VecEvaluator::Compare(const Node& n, const Table& ctx) {
  std::vector<Term> terms;
  std::vector<Vec> keep;
  KIKAN_TRY(PrepareCompare(n, ctx, terms, keep));
  return Combine(terms, true, ctx.size());
}

Vec VecEvaluator::Combine(const std::vector<Term>& terms, bool is_and, size_t rows_n) {
  Vec out;
  out.ty = Ty::kBool;
  out.n = rows_n;
  std::vector<MaskTerm> yes, no;
  bool certain = true;
  for (const Term& t : terms) {
    yes.push_back(t.yes);
    no.push_back(t.no);
    certain = certain && t.certain;
  }
  RunTerms(yes, is_and, out.b_own, rows_n);
  out.b = out.b_own.data();
  if (!certain) {
    // Known false: for `and`, where any operand is known false; for `or`, where all are. The
    // known rows are those known true or known false.
    RunTerms(no, !is_and, out.valid_own, rows_n);
    Kernels().combine_mask(Store::kOr, out.b_own.data(), out.valid_own.data(), rows_n);
    out.valid = out.valid_own.data();
  }
  return out;
}

base::Status VecEvaluator::PrepareCompare(const Node& n, const Table& ctx, std::vector<Term>& terms,
                                          std::vector<Vec>& keep) {
  KIKAN_ASSIGN_OR_RETURN(Vec a, Eval(*n.kids[0], ctx));
  KIKAN_ASSIGN_OR_RETURN(Vec b, Eval(*n.kids[1], ctx));
  const size_t rows_n = ctx.size();
  CmpOp op = n.op;
  Term term;
  auto constant = [&](bool value) {
    term.yes.kind = term.no.kind = MaskTerm::kConst;
    term.yes.value = value;
    term.no.value = !value;
    term.certain = true;
  };
  if (a.ty != Ty::kText && b.ty != Ty::kText && a.ty != Ty::kBool) {
    // Numbers and dates: value = num · unit / den.
    if (a.is_const && !b.is_const) {
      std::swap(a, b);
      op = Flip(op);
    }
    const int64_t ua = a.ty == Ty::kDate ? 1 : UnitOf(a.ty);
    const int64_t ub = b.ty == Ty::kDate ? 1 : UnitOf(b.ty);
    if (a.is_const && b.is_const) {
      constant(CompareScaled(op, a.c, ua, a.den_c, b.c, ub, b.den_c));
      terms.push_back(term);
      return base::Status::Ok();
    }
    i128 k = 0;  // b.c·ub·a.den, when it fits in 128 bits (it does unless both are near 2^63)
    if (b.is_const && a.den == nullptr && b.den == nullptr &&
        !__builtin_mul_overflow(static_cast<i128>(b.c) * ub, static_cast<i128>(a.den_c), &k)) {
      // x·(ua·b.den) op b.c·ub·a.den: one int64 threshold, a plain loop over the column.
      Threshold th = Normalize(op, static_cast<i128>(ua) * b.den_c, k);
      if (th.mode == Threshold::kCompare) {
        term.yes.kind = MaskTerm::kCompare;
        term.yes.op = th.op;
        term.yes.t = th.t;
        term.yes.x = a.i;
        term.yes.valid = a.valid;
        term.no = term.yes;
        term.no.op = Negate(th.op);
        term.certain = a.valid == nullptr;
      } else if (a.valid == nullptr) {
        constant(th.mode == Threshold::kAll);
      } else {
        // True (or false) wherever the value is present, unknown elsewhere.
        MaskTerm present;
        present.kind = MaskTerm::kMask;
        present.mask = a.valid;
        MaskTerm never;
        never.kind = MaskTerm::kConst;
        never.value = false;
        term.yes = th.mode == Threshold::kAll ? present : never;
        term.no = th.mode == Threshold::kAll ? never : present;
        term.certain = false;
      }
      terms.push_back(term);
      keep.push_back(std::move(a));
      return base::Status::Ok();
    }
  }
  // The general cases (text, bool, per-row denominators): one full mask, and where an operand
  // is missing (unknown), the mask of the rows known false.
  Vec out = BoolVec(rows_n);
  uint8_t* o = out.b_own.data();
  if (a.ty == Ty::kText || b.ty == Ty::kText) {
    for (size_t r = 0; r < rows_n; ++r) {
      o[r] = a.Valid(r) && b.Valid(r) && Apply(op, TextAt(a, r), TextAt(b, r));
    }
  } else if (a.ty == Ty::kBool) {
    for (size_t r = 0; r < rows_n; ++r)
      o[r] = a.Valid(r) && b.Valid(r) && Apply(op, a.B(r), b.B(r));
  } else {
    const int64_t ua = a.ty == Ty::kDate ? 1 : UnitOf(a.ty);
    const int64_t ub = b.ty == Ty::kDate ? 1 : UnitOf(b.ty);
    for (size_t r = 0; r < rows_n; ++r) {
      o[r] =
          a.Valid(r) && b.Valid(r) && CompareScaled(op, a.I(r), ua, a.Den(r), b.I(r), ub, b.Den(r));
    }
  }
  term.yes.kind = MaskTerm::kMask;
  term.yes.mask = o;
  if (a.valid == nullptr && b.valid == nullptr) {
    term.no.kind = MaskTerm::kNotMask;
    term.no.mask = o;
  } else {
    Vec no = BoolVec(rows_n);
    for (size_t r = 0; r < rows_n; ++r) no.b_own[r] = a.Valid(r) && b.Valid(r) && o[r] == 0;
    term.no.kind = MaskTerm::kMask;
    term.no.mask = no.b_own.data();
    term.certain = false;
    keep.push_back(std::move(no));
  }
  terms.push_back(term);
  keep.push_back(std::move(out));
  return base::Status::Ok();
}

void VecEvaluator::RunTerms(const std::vector<MaskTerm>& given, bool is_and,
                            std::vector<uint8_t>& out, size_t rows_n) {
  // In an `and`, a comparison of a column without missing values followed by a bool mask is one
  // pass: the mask is applied as the comparison's validity (x op t, and mask). Measured faster
  // with the AVX2 and AVX-512 kernels, slower with the baseline one (its narrowing is scalar).
  const SimdKernels& kernels = Kernels();
  const bool fuse = kernels.level >= SimdLevel::kAvx2;
  std::vector<MaskTerm> terms;
  terms.reserve(given.size());
  for (size_t j = 0; j < given.size(); ++j) {
    terms.push_back(given[j]);
    if (fuse && is_and && given[j].kind == MaskTerm::kCompare && given[j].valid == nullptr &&
        j + 1 < given.size() && given[j + 1].kind == MaskTerm::kMask) {
      terms.back().valid = given[j + 1].mask;
      ++j;
    }
  }
  // Blocks of rows whose mask stays in L1: every term is applied to a block before the next
  // block, and for `and` the remaining terms are skipped once a block is all false. The block is
  // built in a buffer and appended, so the output is written once (not zero-filled first).
  constexpr size_t kBlock = 4096;
  alignas(64) uint8_t buf[kBlock];
  out.clear();
  out.reserve(rows_n);
  for (size_t begin = 0; begin < rows_n; begin += kBlock) {
    const size_t len = std::min(kBlock, rows_n - begin);
    uint8_t* ob = buf;
    uint8_t any = 1;
    for (size_t j = 0; j < terms.size(); ++j) {
      const MaskTerm& t = terms[j];
      const Store m = j == 0 ? Store::kAssign : (is_and ? Store::kAnd : Store::kOr);
      if (is_and && any == 0) break;
      // An `or` whose block is all true already is decided: the known-false pass of an `and`
      // (the `or` of its operands' known-false masks) is all true after its first operand in
      // nearly every block of a selective rule. memchr is one fast scan of the block.
      if (!is_and && j > 0 && std::memchr(ob, 0, len) == nullptr) break;
      switch (t.kind) {
        case MaskTerm::kCompare:
          any = kernels.compare_column_const(
              m, t.op, t.x + begin, t.valid == nullptr ? nullptr : t.valid + begin, t.t, ob, len);
          break;
        case MaskTerm::kMask:
          any = kernels.combine_mask(m, t.mask + begin, ob, len);
          break;
        case MaskTerm::kNotMask: {
          // The complement of a 0/1 mask (the known-false rows of a certain operand); a plain
          // loop the compiler vectorises.
          const uint8_t* x = t.mask + begin;
          uint8_t acc = 0;
          for (size_t k = 0; k < len; ++k) {
            const uint8_t v = static_cast<uint8_t>(x[k] ^ 1);
            ob[k] = m == Store::kAssign ? v
                    : m == Store::kAnd  ? static_cast<uint8_t>(ob[k] & v)
                                        : static_cast<uint8_t>(ob[k] | v);
            acc |= ob[k];
          }
          any = acc;
          break;
        }
        case MaskTerm::kConst:
          if (m == Store::kAssign || (is_and && !t.value) || (!is_and && t.value)) {
            std::fill(ob, ob + len, static_cast<uint8_t>(t.value));
            any = static_cast<uint8_t>(t.value);
          }
          break;
      }
    }
    // (a block cut short by an all-false term is all zeros already: `any` is its bytes' OR)
    out.insert(out.end(), ob, ob + len);
  }
}

base::Result<Vec> VecEvaluator::Logic(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  if (n.kind == NodeKind::kNot) {
    KIKAN_ASSIGN_OR_RETURN(Vec a, Eval(*n.kids[0], ctx));
    if (a.is_const) {
      a.c = a.c != 0 ? 0 : 1;
      return a;
    }
    // Kleene: not unknown is unknown, so the validity stays (moved with its buffer).
    Vec out = std::move(a);
    if (out.b_own.empty()) {
      out.b_own.assign(out.b, out.b + rows_n);
      out.b = out.b_own.data();
    }
    uint8_t* o = out.b_own.data();
    if (out.valid == nullptr) {
      for (size_t r = 0; r < rows_n; ++r) o[r] ^= 1;
    } else {
      const uint8_t* known = out.valid;
      for (size_t r = 0; r < rows_n; ++r) o[r] = static_cast<uint8_t>((o[r] ^ 1) & known[r]);
    }
    return out;
  }
  const bool is_and = n.kind == NodeKind::kAnd;
  KIKAN_TRY(PresumShares(n, ctx));
  // Every operand is prepared first (aggregates computed, columns resolved; errors as before),
  // then all are combined in one blocked pass (RunTerms).
  // Constant operands fold (false decides an `and`, true an `or`, whatever the others are, as
  // in Kleene's logic); the others become terms.
  std::vector<Term> terms;
  std::vector<Vec> keep;
  bool constant = is_and;  // the fold of the constant operands
  for (const auto& k : n.kids) {
    if (k->kind == NodeKind::kCompare) {
      KIKAN_TRY(PrepareCompare(*k, ctx, terms, keep));
      const Term& t = terms.back();
      if (t.certain && t.yes.kind == MaskTerm::kConst) {
        constant = is_and ? (constant && t.yes.value) : (constant || t.yes.value);
        terms.pop_back();
      }
      continue;
    }
    KIKAN_ASSIGN_OR_RETURN(Vec a, Eval(*k, ctx));
    if (a.is_const) {
      constant = is_and ? (constant && a.c != 0) : (constant || a.c != 0);
      continue;
    }
    Term term;
    term.yes.kind = MaskTerm::kMask;
    term.yes.mask = a.b;
    if (a.valid == nullptr) {
      term.no.kind = MaskTerm::kNotMask;
      term.no.mask = a.b;
    } else {
      Vec no = BoolVec(rows_n);
      for (size_t r = 0; r < rows_n; ++r) {
        no.b_own[r] = static_cast<uint8_t>(a.valid[r] & (a.b[r] ^ 1));
      }
      term.no.kind = MaskTerm::kMask;
      term.no.mask = no.b_own.data();
      term.certain = false;
      keep.push_back(std::move(no));
    }
    terms.push_back(term);
    keep.push_back(std::move(a));
  }
  const bool have = !terms.empty();
  if (!have || (is_and && !constant) || (!is_and && constant)) {
    Vec c;
    c.ty = Ty::kBool;
    c.n = rows_n;
    c.is_const = true;
    c.c = have ? (is_and ? 0 : 1) : (constant ? 1 : 0);
    return c;
  }
  return Combine(terms, is_and, rows_n);
}

base::Status VecEvaluator::PresumShares(const Node& n, const Table& ctx) {
  // The ungrouped `share` and `sum` of a column of the table, compared by the operands: their
  // totals in one pass over all their columns (in blocks, so each block of every column is read
  // while it is in cache) instead of one pass per aggregate.
  std::vector<const Node*> nodes;
  std::vector<Vec> args;
  for (const auto& k : n.kids) {
    if (k->kind != NodeKind::kCompare) continue;
    for (const auto& side : k->kids) {
      const Node& agg = *side;
      if (agg.kind != NodeKind::kAggregate || agg.by || agg.kids.size() != 1 ||
          (agg.fn != Fn::kShare && agg.fn != Fn::kSumPop) || presums_.count(&agg) != 0) {
        continue;
      }
      const Node& arg = *agg.kids[0];
      if (arg.kind != NodeKind::kPath || arg.steps.size() != 1) continue;
      KIKAN_ASSIGN_OR_RETURN(Vec v, Eval(arg, ctx));
      if (v.is_const || v.i == nullptr) continue;
      nodes.push_back(&agg);
      args.push_back(std::move(v));
    }
  }
  if (nodes.size() < 2) return base::Status::Ok();
  const size_t rows_n = ctx.size();
  std::vector<i128> totals(nodes.size(), 0);
  constexpr size_t kBlock = 4096;
  for (size_t begin = 0; begin < rows_n; begin += kBlock) {
    const size_t len = std::min(kBlock, rows_n - begin);
    for (size_t j = 0; j < args.size(); ++j) {
      totals[j] += Kernels().sum_exact(
          args[j].i + begin, args[j].valid == nullptr ? nullptr : args[j].valid + begin, len);
    }
  }
  for (size_t j = 0; j < nodes.size(); ++j) presums_[nodes[j]] = totals[j];
  return base::Status::Ok();
}

base::Result<Vec> VecEvaluator::Arith(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  KIKAN_ASSIGN_OR_RETURN(Vec a, Eval(*n.kids[0], ctx));
  KIKAN_ASSIGN_OR_RETURN(Vec b, Eval(*n.kids[1], ctx));
  // An int beside a decimal is put on the decimal scale exactly (× 10 000).
  const int64_t ua = n.ty == Ty::kDecimal && n.kids[0]->ty == Ty::kInt ? kDecimalScale : 1;
  const int64_t ub = n.ty == Ty::kDecimal && n.kids[1]->ty == Ty::kInt ? kDecimalScale : 1;
  Vec out;
  out.ty = n.ty;
  out.n = rows_n;
  out.i_own.resize(rows_n);
  const bool any_missing = a.valid != nullptr || b.valid != nullptr;
  if (any_missing) out.valid_own.assign(rows_n, 1);
  for (size_t r = 0; r < rows_n; ++r) {
    if (any_missing && (!a.Valid(r) || !b.Valid(r))) {  // a missing operand: unknown
      out.valid_own[r] = 0;
      continue;
    }
    int64_t x, y, z;
    const bool overflow =
        __builtin_mul_overflow(a.I(r), ua, &x) || __builtin_mul_overflow(b.I(r), ub, &y) ||
        (n.arith == '+' ? __builtin_add_overflow(x, y, &z) : __builtin_sub_overflow(x, y, &z));
    if (overflow) {
      return base::OutOfRange({.ja = "加減算が 64 ビットの範囲を超えます",
                               .en = "an addition or subtraction overflows the 64-bit range"});
    }
    out.i_own[r] = z;
  }
  out.i = out.i_own.data();
  if (any_missing) out.valid = out.valid_own.data();
  return out;
}

base::Result<Vec> VecEvaluator::Quant(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  KIKAN_ASSIGN_OR_RETURN(Vec list, Eval(*n.kids[0], ctx));
  KIKAN_ASSIGN_OR_RETURN(const Table* elems, TableOf(n.kids[0]->target));
  const Node& body_node = *n.kids[1]->kids[0];
  KIKAN_ASSIGN_OR_RETURN(Vec body, Eval(body_node, *elems));
  // sum(R, x => e, where: y => p): the rows where p is known false are left out; a row where p
  // is unknown makes the sum unknown (whether its term counts is not known).
  Vec cond;
  if (n.filtered) {
    KIKAN_ASSIGN_OR_RETURN(cond, Eval(*n.kids[2]->kids[0], *elems));
  }
  const Column& refs = *list.refs;
  const uint32_t* off = refs.refs_offsets.data();
  const int32_t* tg = refs.refs_targets.data();
  const int32_t limit = static_cast<int32_t>(elems->size());
  auto range = [&](size_t r, uint32_t& begin, uint32_t& end) {
    int32_t p = list.owner.empty() ? static_cast<int32_t>(r) : list.owner[r];
    if (p < 0 || !refs.IsValid(static_cast<size_t>(p))) {
      begin = end = 0;
      return;
    }
    begin = off[p];
    end = off[p + 1];
  };
  if (n.fn == Fn::kSumRel || n.fn == Fn::kCount) {
    // count: unknown when an element's body is unknown; sum: a missing term is left out, or
    // makes the sum unknown when its field declares missing = "unknown".
    const bool strict = n.fn == Fn::kCount || PolicyOf(body_node) == MissingPolicy::kUnknown;
    Vec out;
    out.ty = n.ty;
    out.n = rows_n;
    out.i_own.resize(rows_n);
    if ((body.valid != nullptr && strict) || (n.filtered && cond.valid != nullptr)) {
      out.valid_own.assign(rows_n, 1);
    }
    for (size_t r = 0; r < rows_n; ++r) {
      uint32_t b, e;
      range(r, b, e);
      int64_t acc = 0;
      for (uint32_t j = b; j < e; ++j) {
        int32_t t = tg[j];
        if (t < 0 || t >= limit) continue;
        const auto tr = static_cast<size_t>(t);
        if (n.filtered) {
          if (!cond.Valid(tr)) {
            out.valid_own[r] = 0;
            continue;
          }
          if (!cond.B(tr)) continue;
        }
        if (!body.Valid(tr)) {
          if (strict) out.valid_own[r] = 0;
          continue;
        }
        if (n.fn == Fn::kCount) {
          acc += body.B(tr) ? 1 : 0;
        } else if (__builtin_add_overflow(acc, body.I(tr), &acc)) {
          return base::OutOfRange(
              {.ja = "合計が 64 ビットの範囲を超えます", .en = "a sum overflows the 64-bit range"});
        }
      }
      if (!out.valid_own.empty() && out.valid_own[r] == 0) acc = 0;
      out.i_own[r] = acc;
    }
    out.i = out.i_own.data();
    if (!out.valid_own.empty()) out.valid = out.valid_own.data();
    return out;
  }
  // any: true when an element is true, else unknown when one is unknown, else false (an `or`
  // over the elements); all: the `and`.
  Vec out = BoolVec(rows_n);
  if (body.valid != nullptr) out.valid_own.assign(rows_n, 1);
  const bool any = n.fn == Fn::kAny;
  for (size_t r = 0; r < rows_n; ++r) {
    uint32_t b, e;
    range(r, b, e);
    bool acc = !any;
    bool unknown = false;
    for (uint32_t j = b; j < e; ++j) {
      int32_t t = tg[j];
      if (t < 0 || t >= limit) continue;
      const auto tr = static_cast<size_t>(t);
      if (!body.Valid(tr)) {
        unknown = true;
        continue;
      }
      bool v = body.B(tr);
      if (any && v) {
        acc = true;
        unknown = false;
        break;
      }
      if (!any && !v) {
        acc = false;
        unknown = false;
        break;
      }
    }
    out.b_own[r] = acc && !unknown;
    if (unknown) out.valid_own[r] = 0;
  }
  if (!out.valid_own.empty()) out.valid = out.valid_own.data();
  return out;
}

base::Result<Vec> VecEvaluator::Aggregate(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  KIKAN_ASSIGN_OR_RETURN(Vec arg, Eval(*n.kids[0], ctx));
  if (arg.is_const) {  // e.g. share(1): materialise
    arg.i_own.assign(rows_n, arg.c);
    arg.i = arg.i_own.data();
    arg.is_const = false;
  }
  // Group ids: -1 for a missing group value.
  std::vector<int32_t> group;
  size_t groups = 1;
  if (n.by) {
    KIKAN_ASSIGN_OR_RETURN(Vec g, Eval(*n.by, ctx));
    group.assign(rows_n, -1);
    if (g.ty == Ty::kText) {
      std::unordered_map<std::string_view, int32_t> ids;
      for (size_t r = 0; r < rows_n; ++r) {
        if (!g.Valid(r)) continue;
        auto [it, inserted] = ids.emplace(TextAt(g, r), static_cast<int32_t>(ids.size()));
        group[r] = it->second;
      }
      groups = ids.size();
    } else if (g.ty == Ty::kRef) {
      int32_t mx = -1;
      for (size_t r = 0; r < rows_n; ++r) {
        group[r] = g.rows[r];
        mx = std::max(mx, g.rows[r]);
      }
      groups = static_cast<size_t>(mx + 1);
    } else if (g.ty == Ty::kBool) {
      for (size_t r = 0; r < rows_n; ++r) group[r] = !g.Valid(r) ? -1 : g.B(r) ? 1 : 0;
      groups = 2;
    } else {  // int, date
      std::unordered_map<int64_t, int32_t> ids;
      for (size_t r = 0; r < rows_n; ++r) {
        if (!g.Valid(r)) continue;
        auto [it, inserted] = ids.emplace(g.I(r), static_cast<int32_t>(ids.size()));
        group[r] = it->second;
      }
      groups = ids.size();
    }
  }
  const bool grouped = n.by != nullptr;
  // missing = "unknown": a group one of whose rows lacks the value has no known aggregate.
  std::vector<uint8_t> incomplete;  // per group; empty when every group is complete
  if (PolicyOf(*n.kids[0]) == MissingPolicy::kUnknown && arg.valid != nullptr) {
    incomplete.assign(std::max<size_t>(groups, 1), 0);
    for (size_t r = 0; r < rows_n; ++r) {
      if (arg.valid[r] == 0 && (!grouped || group[r] >= 0)) {
        incomplete[grouped ? static_cast<size_t>(group[r]) : 0] = 1;
      }
    }
    if (std::find(incomplete.begin(), incomplete.end(), 1) == incomplete.end()) incomplete.clear();
  }
  // Whether row r's aggregate is unknown because its group is incomplete.
  auto unknown_at = [&](size_t r) {
    if (incomplete.empty()) return false;
    if (!grouped) return true;
    return group[r] >= 0 && incomplete[static_cast<size_t>(group[r])] != 0;
  };
  if (n.fn == Fn::kRank) {
    std::vector<uint32_t> idx;
    idx.reserve(rows_n);
    for (size_t r = 0; r < rows_n; ++r) {
      if (arg.Valid(r) && (!grouped || group[r] >= 0)) idx.push_back(static_cast<uint32_t>(r));
    }
    std::sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) {
      int32_t gx = grouped ? group[x] : 0, gy = grouped ? group[y] : 0;
      if (gx != gy) return gx < gy;
      return arg.i[x] > arg.i[y];
    });
    Vec out;
    out.ty = Ty::kInt;
    out.n = rows_n;
    out.i_own.assign(rows_n, 0);
    out.valid_own.assign(rows_n, 0);
    size_t start = 0;  // first index of the current group in idx
    size_t tie = 0;    // first index of the current run of equal values
    for (size_t k = 0; k < idx.size(); ++k) {
      uint32_t r = idx[k];
      int32_t g = grouped ? group[r] : 0;
      if (k == 0 || g != (grouped ? group[idx[k - 1]] : 0)) {
        start = k;
        tie = k;
      } else if (arg.i[r] != arg.i[idx[k - 1]]) {
        tie = k;
      }
      out.i_own[r] = static_cast<int64_t>(tie - start + 1);
      out.valid_own[r] = unknown_at(r) ? 0 : 1;
    }
    out.i = out.i_own.data();
    out.valid = out.valid_own.data();
    return out;
  }
  // Totals per group (missing values count 0).
  std::vector<i128> totals(std::max<size_t>(groups, 1), 0);
  if (!grouped) {
    auto pre = presums_.find(&n);
    if (pre != presums_.end()) {
      totals[0] = pre->second;  // summed by PresumShares with its neighbours
      presums_.erase(pre);
    } else {
      totals[0] = Kernels().sum_exact(arg.i, arg.valid, rows_n);
    }
  } else {
    for (size_t r = 0; r < rows_n; ++r) {
      if (group[r] >= 0 && arg.Valid(r)) totals[static_cast<size_t>(group[r])] += arg.i[r];
    }
  }
  for (i128 t : totals) {
    if (t > INT64_MAX || t < INT64_MIN) {
      return base::OutOfRange({.ja = "母集団の合計が 64 ビットの範囲を超えます",
                               .en = "a population sum overflows the 64-bit range"});
    }
  }
  Vec out;
  out.ty = n.ty;
  out.n = rows_n;
  if (n.fn == Fn::kSumPop) {
    if (!grouped && incomplete.empty()) {
      out.is_const = true;
      out.c = static_cast<int64_t>(totals[0]);
      return out;
    }
    out.i_own.resize(rows_n);
    out.valid_own.resize(rows_n);
    for (size_t r = 0; r < rows_n; ++r) {
      bool ok = (!grouped || group[r] >= 0) && !unknown_at(r);
      out.valid_own[r] = ok;
      out.i_own[r] =
          ok ? static_cast<int64_t>(totals[grouped ? static_cast<size_t>(group[r]) : 0]) : 0;
    }
    out.i = out.i_own.data();
    out.valid = out.valid_own.data();
    return out;
  }
  // share: numerator = the row's value; denominator = its group's total (must be > 0).
  out.i_own = std::move(arg.i_own);
  out.i = out.i_own.empty() ? arg.i : out.i_own.data();
  if (!grouped) {
    int64_t whole = static_cast<int64_t>(totals[0]);
    out.den_c = whole > 0 ? whole : 1;
    if (whole <= 0 || !incomplete.empty()) {
      out.valid_own.assign(rows_n, 0);
      out.valid = out.valid_own.data();
    } else if (arg.valid != nullptr) {
      out.valid_own.assign(arg.valid, arg.valid + rows_n);
      out.valid = out.valid_own.data();
    }
    return out;
  }
  out.den_own.resize(rows_n);
  out.valid_own.resize(rows_n);
  for (size_t r = 0; r < rows_n; ++r) {
    int64_t whole = group[r] >= 0 ? static_cast<int64_t>(totals[static_cast<size_t>(group[r])]) : 0;
    bool ok = group[r] >= 0 && arg.Valid(r) && whole > 0 && !unknown_at(r);
    out.valid_own[r] = ok;
    out.den_own[r] = whole > 0 ? whole : 1;
  }
  out.den = out.den_own.data();
  out.valid = out.valid_own.data();
  return out;
}

static i128 Pow10(int64_t d) {
  i128 p = 1;
  for (int64_t k = 0; k < d; ++k) p *= 10;
  return p;
}

// p/w rounded half away from zero (四捨五入) to `places` decimals, as the numerator over
// 10^places. w > 0.
int64_t RoundHalfUp(int64_t p, int64_t w, int64_t places) {
  const i128 scale = Pow10(places);
  const i128 a = p < 0 ? -static_cast<i128>(p) : static_cast<i128>(p);
  const i128 q = (2 * a * scale + w) / (2 * static_cast<i128>(w));
  return static_cast<int64_t>(p < 0 ? -q : q);
}

base::Result<Vec> VecEvaluator::Window(const Node& n, const Table& ctx) {
  const size_t rows_n = ctx.size();
  Vec out;
  out.ty = n.ty;
  out.n = rows_n;
  if (n.win == Win::kAtYear) return Eval(*n.kids[0], ctx);
  if (n.win == Win::kRound) {
    KIKAN_ASSIGN_OR_RETURN(Vec a, Eval(*n.kids[0], ctx));
    out.i_own.resize(rows_n);
    out.valid_own.assign(rows_n, 1);
    for (size_t r = 0; r < rows_n; ++r) {
      if (!a.Valid(r) || a.Den(r) <= 0) {
        out.valid_own[r] = 0;
        continue;
      }
      out.i_own[r] = RoundHalfUp(a.I(r), a.Den(r), n.win_n);
    }
    out.den_c = static_cast<int64_t>(Pow10(n.win_n));
    out.i = out.i_own.data();
    out.valid = out.valid_own.data();
    return out;
  }
  if (n.win == Win::kAnyYear) {
    // Kleene's or over the years: true when some year is known true, false when every year is
    // known false, unknown otherwise.
    out.b_own.assign(rows_n, 0);
    std::vector<uint8_t> all_known(rows_n, 1);
    for (const auto& k : n.kids) {
      KIKAN_ASSIGN_OR_RETURN(Vec y, Eval(*k, ctx));
      for (size_t r = 0; r < rows_n; ++r) {
        out.b_own[r] |= static_cast<uint8_t>(y.Valid(r) && y.B(r));
        all_known[r] &= static_cast<uint8_t>(y.Valid(r));
      }
    }
    out.valid_own.resize(rows_n);
    bool every = true;
    for (size_t r = 0; r < rows_n; ++r) {
      out.valid_own[r] = out.b_own[r] | all_known[r];
      every = every && out.valid_own[r] != 0;
    }
    out.b = out.b_own.data();
    out.valid = every ? nullptr : out.valid_own.data();
    return out;
  }
  // mean, year_sum, share_of_total: exact sums over the years (a missing year makes the sum
  // unknown, as the field's missing policy reads it).
  const size_t years = n.win == Win::kShareOfTotal ? n.kids.size() / 2 : n.kids.size();
  auto sum_of = [&](size_t from, std::vector<int64_t>& sum,
                    std::vector<uint8_t>& valid) -> base::Status {
    std::vector<i128> acc(rows_n, 0);
    valid.assign(rows_n, 1);
    for (size_t k = from; k < from + years; ++k) {
      KIKAN_ASSIGN_OR_RETURN(Vec y, Eval(*n.kids[k], ctx));
      for (size_t r = 0; r < rows_n; ++r) {
        if (!y.Valid(r)) valid[r] = 0;
        acc[r] += y.I(r);
      }
    }
    sum.resize(rows_n);
    for (size_t r = 0; r < rows_n; ++r) {
      if (acc[r] > INT64_MAX || acc[r] < INT64_MIN) {
        return base::OutOfRange({.ja = "年度の合計が 64 ビットの範囲を超えます",
                                 .en = "a sum over business years overflows the 64-bit range"});
      }
      sum[r] = static_cast<int64_t>(acc[r]);
    }
    return base::Status::Ok();
  };
  KIKAN_TRY(sum_of(0, out.i_own, out.valid_own));
  if (n.win == Win::kMean) out.den_c = static_cast<int64_t>(years);
  if (n.win == Win::kShareOfTotal) {
    std::vector<uint8_t> total_valid;
    KIKAN_TRY(sum_of(years, out.den_own, total_valid));
    for (size_t r = 0; r < rows_n; ++r) {
      if (total_valid[r] == 0 || out.den_own[r] <= 0) {
        out.valid_own[r] = 0;
        out.den_own[r] = 1;
      }
    }
    out.den = out.den_own.data();
  }
  out.i = out.i_own.data();
  bool every = true;
  for (uint8_t v : out.valid_own) every = every && v != 0;
  out.valid = every ? nullptr : out.valid_own.data();
  return out;
}

base::Result<Value> VecEvaluator::AggregateAt(const Node& n, const Table& ctx, size_t row) {
  const size_t rows_n = ctx.size();
  KIKAN_ASSIGN_OR_RETURN(Vec arg, Eval(*n.kids[0], ctx));
  Vec g;
  if (n.by) {
    KIKAN_ASSIGN_OR_RETURN(g, Eval(*n.by, ctx));
  }
  // Whether row r is in the same group as `row` (every row when ungrouped).
  std::function<bool(size_t)> same;
  if (!n.by) {
    same = [](size_t) { return true; };
  } else if (g.ty == Ty::kText) {
    if (!g.Valid(row)) return Value();
    std::string_view key = TextAt(g, row);
    same = [&g, key](size_t r) { return g.Valid(r) && TextAt(g, r) == key; };
  } else if (g.ty == Ty::kRef) {
    int32_t key = g.rows[row];
    if (key < 0) return Value();
    same = [&g, key](size_t r) { return g.rows[r] == key; };
  } else if (g.ty == Ty::kBool) {
    if (!g.Valid(row)) return Value();
    bool key = g.B(row);
    same = [&g, key](size_t r) { return g.Valid(r) && g.B(r) == key; };
  } else {
    if (!g.Valid(row)) return Value();
    int64_t key = g.I(row);
    same = [&g, key](size_t r) { return g.Valid(r) && g.I(r) == key; };
  }
  auto value = [&](size_t r) { return arg.I(r); };
  if (PolicyOf(*n.kids[0]) == MissingPolicy::kUnknown && arg.valid != nullptr) {
    // missing = "unknown": a row of the group without the value makes the aggregate unknown.
    for (size_t r = 0; r < rows_n; ++r) {
      if (arg.valid[r] == 0 && same(r)) return Value();
    }
  }
  if (!n.by && !arg.is_const) {
    // Ungrouped (the common case): plain loops over the column.
    const int64_t* x = arg.i;
    const uint8_t* ok = arg.valid;
    if (n.fn == Fn::kRank) {
      if (!arg.Valid(row)) return Value();
      const int64_t mine = x[row];
      int64_t greater = 0;
      for (size_t r = 0; r < rows_n; ++r) greater += (x[r] > mine) & (ok == nullptr || ok[r]);
      return Value::Int(greater + 1);
    }
    const i128 t = Kernels().sum_exact(x, ok, rows_n);
    if (t > INT64_MAX || t < INT64_MIN) {
      return base::OutOfRange({.ja = "母集団の合計が 64 ビットの範囲を超えます",
                               .en = "a population sum overflows the 64-bit range"});
    }
    const auto whole = static_cast<int64_t>(t);
    if (n.fn == Fn::kSumPop) {
      return n.ty == Ty::kDecimal ? Value::Decimal(whole) : Value::Int(whole);
    }
    if (!arg.Valid(row) || whole <= 0) return Value();
    return Value::Ratio(x[row], whole);
  }
  if (n.fn == Fn::kRank) {
    if (!arg.Valid(row)) return Value();
    const int64_t mine = value(row);
    int64_t greater = 0;
    for (size_t r = 0; r < rows_n; ++r) {
      if (arg.Valid(r) && value(r) > mine && same(r)) ++greater;
    }
    return Value::Int(greater + 1);
  }
  i128 total = 0;
  for (size_t r = 0; r < rows_n; ++r) {
    if (arg.Valid(r) && same(r)) total += value(r);
  }
  if (total > INT64_MAX || total < INT64_MIN) {
    return base::OutOfRange({.ja = "母集団の合計が 64 ビットの範囲を超えます",
                             .en = "a population sum overflows the 64-bit range"});
  }
  const auto whole = static_cast<int64_t>(total);
  if (n.fn == Fn::kSumPop) {
    return n.ty == Ty::kDecimal ? Value::Decimal(whole) : Value::Int(whole);
  }
  if (!arg.Valid(row) || whole <= 0) return Value();
  return Value::Ratio(value(row), whole);
}

}  // namespace kikan::rules::internal
