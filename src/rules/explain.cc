// The per-row, explaining evaluator: walks the checked tree for one subject row and records the
// value of every sub-expression. Semantics mirror eval.cc exactly (rules_property_test checks).
#include <fmt/format.h>

#include <map>
#include <optional>

#include "rules/eval.h"

namespace kikan::rules::internal {
namespace {

bool Truthy(const Value& v) { return v.kind == Value::Kind::kBool && v.b; }
bool Unknown(const Value& v) { return v.kind == Value::Kind::kNull; }

// Kleene's and/or over values that are true, false or null (unknown).
Value KleeneAnd(const Value& a, const Value& b) {
  if ((a.kind == Value::Kind::kBool && !a.b) || (b.kind == Value::Kind::kBool && !b.b)) {
    return Value::Bool(false);
  }
  if (Unknown(a) || Unknown(b)) return Value();
  return Value::Bool(true);
}
Value KleeneOr(const Value& a, const Value& b) {
  if (Truthy(a) || Truthy(b)) return Value::Bool(true);
  if (Unknown(a) || Unknown(b)) return Value();
  return Value::Bool(false);
}

Value NumberValue(Ty ty, int64_t v) {
  switch (ty) {
    case Ty::kDecimal:
      return Value::Decimal(v);
    case Ty::kDate:
      return Value::Date(static_cast<int32_t>(v));
    default:
      return Value::Int(v);
  }
}

bool ApplyText(CmpOp op, const std::string& a, const std::string& b) {
  return op == CmpOp::kEq ? a == b : a != b;
}

class RowExplainer {
 public:
  // `batch`: many rows will be explained, so aggregates are computed once for all rows.
  RowExplainer(const Population& pop, std::string_view src, Location origin, bool batch)
      : src_(src), origin_(origin), batch_(batch), pop_(pop), vec_(pop) {}

  base::Result<ExplainNode> Eval(const Node& n, const Table& tab, size_t row,
                                 const std::string& inherited) {
    ExplainNode out;
    out.source = std::string(src_.substr(n.begin, n.end - n.begin));
    out.loc = n.loc.line == 1 ? Location{origin_.line, origin_.column + n.loc.column - 1}
                              : Location{origin_.line + n.loc.line - 1, n.loc.column};
    out.citation = n.cited ? n.citation : inherited;
    out.boolean = n.ty == Ty::kBool;
    if (n.year_clone) out.source += YearLabel(n);
    switch (n.kind) {
      case NodeKind::kLiteral:
      case NodeKind::kParam:
        out.value = n.value;
        break;
      case NodeKind::kPath: {
        KIKAN_ASSIGN_OR_RETURN(out.value, PathValue(n, tab, row, nullptr, nullptr));
        break;
      }
      case NodeKind::kNot: {
        KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*n.kids[0], tab, row, out.citation));
        out.value = Unknown(a.value) ? Value() : Value::Bool(!Truthy(a.value));
        Attach(out, std::move(a), *n.kids[0]);
        break;
      }
      case NodeKind::kAnd:
      case NodeKind::kOr: {
        const bool is_and = n.kind == NodeKind::kAnd;
        Value acc = Value::Bool(is_and);
        for (const auto& k : n.kids) {
          KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*k, tab, row, out.citation));
          acc = is_and ? KleeneAnd(acc, a.value) : KleeneOr(acc, a.value);
          Attach(out, std::move(a), *k);
        }
        out.value = acc;
        break;
      }
      case NodeKind::kCompare: {
        KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*n.kids[0], tab, row, out.citation));
        KIKAN_ASSIGN_OR_RETURN(ExplainNode b, Eval(*n.kids[1], tab, row, out.citation));
        // A missing operand makes the comparison unknown (null).
        out.value = Unknown(a.value) || Unknown(b.value)
                        ? Value()
                        : Value::Bool(Compare(n, a.value, b.value));
        Attach(out, std::move(a), *n.kids[0]);
        Attach(out, std::move(b), *n.kids[1]);
        break;
      }
      case NodeKind::kQuant: {
        KIKAN_TRY(Quant(n, tab, row, out));
        break;
      }
      case NodeKind::kAggregate: {
        KIKAN_TRY(Aggregate(n, tab, row, out));
        break;
      }
      case NodeKind::kWindow: {
        KIKAN_TRY(Window(n, tab, row, out));
        break;
      }
      case NodeKind::kArith: {
        KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*n.kids[0], tab, row, out.citation));
        KIKAN_ASSIGN_OR_RETURN(ExplainNode b, Eval(*n.kids[1], tab, row, out.citation));
        if (!Unknown(a.value) && !Unknown(b.value)) {
          // An int beside a decimal goes on the decimal scale exactly, as in the evaluator.
          const int64_t ua = n.ty == Ty::kDecimal && n.kids[0]->ty == Ty::kInt ? kDecimalScale : 1;
          const int64_t ub = n.ty == Ty::kDecimal && n.kids[1]->ty == Ty::kInt ? kDecimalScale : 1;
          int64_t x, y, z;
          if (__builtin_mul_overflow(a.value.i, ua, &x) ||
              __builtin_mul_overflow(b.value.i, ub, &y) ||
              (n.arith == '+' ? __builtin_add_overflow(x, y, &z)
                              : __builtin_sub_overflow(x, y, &z))) {
            return base::OutOfRange(
                {.ja = "加減算が 64 ビットの範囲を超えます",
                 .en = "an addition or subtraction overflows the 64-bit range"});
          }
          out.value = NumberValue(n.ty, z);
        }
        Attach(out, std::move(a), *n.kids[0]);
        Attach(out, std::move(b), *n.kids[1]);
        break;
      }
      case NodeKind::kCall:
      case NodeKind::kLambda:
        return base::Internal({.en = "unchecked node in a compiled rule"});
    }
    return out;
  }

 private:
  // Literals are not shown as nodes (their value is their text) unless a citation is on them.
  static void Attach(ExplainNode& parent, ExplainNode child, const Node& n) {
    if (n.kind == NodeKind::kLiteral && !n.cited) return;
    parent.children.push_back(std::move(child));
  }

  bool Compare(const Node& n, const Value& a, const Value& b) {
    const Ty ta = n.kids[0]->ty, tb = n.kids[1]->ty;
    if (ta == Ty::kBool) {
      return n.op == CmpOp::kEq ? Truthy(a) == Truthy(b) : Truthy(a) != Truthy(b);
    }
    if (ta == Ty::kText) return ApplyText(n.op, a.text, b.text);
    const int64_t ua = ta == Ty::kDate ? 1 : UnitOf(ta);
    const int64_t ub = tb == Ty::kDate ? 1 : UnitOf(tb);
    auto den = [](const Value& v) {
      return v.kind == Value::Kind::kRatio || v.kind == Value::Kind::kQuotient ? v.whole : 1;
    };
    const int64_t da = den(a);
    const int64_t db = den(b);
    return CompareScaled(n.op, a.i, ua, da, b.i, ub, db);
  }

  // The value of a path for one row. For refs paths, also returns the list's table and rows.
  base::Result<Value> PathValue(const Node& n, const Table& tab, size_t row,
                                const Table** list_table, std::vector<int32_t>* list_rows) {
    if (n.steps.empty()) return Value::Text(tab.ids[row]);
    const Table* t = &tab;
    int32_t cur = static_cast<int32_t>(row);
    for (size_t s = 0; s + 1 < n.steps.size(); ++s) {
      const PathStep& st = n.steps[s];
      KIKAN_ASSIGN_OR_RETURN(const Column* col, vec_.ColumnOf(*t, st.field, st.type));
      KIKAN_ASSIGN_OR_RETURN(const Table* next, vec_.TableOf(st.type.target));
      int32_t dst = kNoRow;
      if (cur >= 0 && col->IsValid(static_cast<size_t>(cur))) {
        dst = col->ref[static_cast<size_t>(cur)];
        if (dst < 0 || dst >= static_cast<int32_t>(next->size())) dst = kNoRow;
      }
      cur = dst;
      t = next;
    }
    const PathStep& last = n.steps.back();
    KIKAN_ASSIGN_OR_RETURN(const Column* col, vec_.ColumnOf(*t, last.field, last.type));
    const bool present = cur >= 0 && col->IsValid(static_cast<size_t>(cur));
    const size_t r = static_cast<size_t>(cur);
    if (!present && cur >= 0 && last.missing == MissingPolicy::kZero) {
      return last.type.kind == TypeKind::kDecimal ? Value::Decimal(0) : Value::Int(0);
    }
    switch (last.type.kind) {
      case TypeKind::kInt:
        return present ? Value::Int(col->i64[r]) : Value();
      case TypeKind::kDecimal:
        return present ? Value::Decimal(col->i64[r]) : Value();
      case TypeKind::kDate:
        return present ? Value::Date(static_cast<int32_t>(col->i64[r])) : Value();
      case TypeKind::kBool:
        return present ? Value::Bool(col->b[r] != 0) : Value();
      case TypeKind::kText:
        return present ? Value::Text(col->text[r]) : Value();
      case TypeKind::kRef: {
        KIKAN_ASSIGN_OR_RETURN(const Table* target, vec_.TableOf(last.type.target));
        if (!present) return Value();
        int32_t d = col->ref[r];
        if (d < 0 || d >= static_cast<int32_t>(target->size())) return Value();
        return Value::Text(target->ids[static_cast<size_t>(d)]);
      }
      case TypeKind::kRefs: {
        KIKAN_ASSIGN_OR_RETURN(const Table* target, vec_.TableOf(last.type.target));
        Value list;
        list.kind = Value::Kind::kList;
        if (list_table != nullptr) *list_table = target;
        if (!present) return list;
        for (uint32_t j = col->refs_offsets[r]; j < col->refs_offsets[r + 1]; ++j) {
          int32_t d = col->refs_targets[j];
          if (d < 0 || d >= static_cast<int32_t>(target->size())) continue;
          list.list.push_back(Value::Text(target->ids[static_cast<size_t>(d)]));
          if (list_rows != nullptr) list_rows->push_back(d);
        }
        return list;
      }
    }
    return Value();
  }

  base::Status Quant(const Node& n, const Table& tab, size_t row, ExplainNode& out) {
    const Node& list_node = *n.kids[0];
    const Node& lam = *n.kids[1];
    const Node& body = *lam.kids[0];
    const Table* elems = nullptr;
    std::vector<int32_t> targets;
    ExplainNode list;
    list.source = std::string(src_.substr(list_node.begin, list_node.end - list_node.begin));
    list.loc = Shift(list_node.loc);
    list.citation = list_node.cited ? list_node.citation : out.citation;
    KIKAN_ASSIGN_OR_RETURN(list.value, PathValue(list_node, tab, row, &elems, &targets));
    out.children.push_back(std::move(list));
    Value acc = Value::Bool(n.fn == Fn::kAll);
    int64_t sum = 0;
    bool sum_unknown = false;  // count: an unknown element; sum: a missing term, when strict
    const bool strict = n.fn == Fn::kCount || PolicyOf(body) == MissingPolicy::kUnknown;
    for (int32_t t : targets) {
      const size_t er = static_cast<size_t>(t);
      KIKAN_ASSIGN_OR_RETURN(ExplainNode b, Eval(body, *elems, er, out.citation));
      // sum(…, where: y => p): an element whose p is false is shown but not added; one whose p
      // is unknown makes the sum unknown.
      std::optional<ExplainNode> cond;
      bool skip = false;
      if (n.filtered) {
        KIKAN_ASSIGN_OR_RETURN(ExplainNode c, Eval(*n.kids[2]->kids[0], *elems, er, out.citation));
        if (Unknown(c.value)) {
          sum_unknown = true;
          skip = true;
        } else if (!Truthy(c.value)) {
          skip = true;
        }
        cond = std::move(c);
      }
      const Value& v = b.value;
      switch (skip ? Fn::kRank : n.fn) {  // a left-out element adds nothing
        case Fn::kRank:
          break;
        case Fn::kAny:
          acc = KleeneOr(acc, v);
          break;
        case Fn::kAll:
          acc = KleeneAnd(acc, v);
          break;
        case Fn::kCount:
          sum += Truthy(v) ? 1 : 0;
          sum_unknown = sum_unknown || Unknown(v);
          break;
        default:
          sum_unknown = sum_unknown || (strict && Unknown(v));
          if (v.kind != Value::Kind::kNull && __builtin_add_overflow(sum, v.i, &sum)) {
            return base::OutOfRange({.ja = "合計が 64 ビットの範囲を超えます",
                                     .en = "a sum overflows the 64-bit range"});
          }
          break;
      }
      ExplainNode elem;
      const std::string& name = er < elems->names.size() ? elems->names[er] : std::string();
      elem.source = name.empty() || name == elems->ids[er]
                        ? fmt::format("{} = {}", lam.name, elems->ids[er])
                        : fmt::format("{} = {} ({})", lam.name, elems->ids[er], name);
      elem.loc = Shift(lam.loc);
      elem.citation = out.citation;
      elem.value = b.value;
      elem.boolean = b.boolean;
      elem.children.push_back(std::move(b));
      if (cond.has_value()) elem.children.push_back(std::move(*cond));
      out.children.push_back(std::move(elem));
    }
    if (n.fn == Fn::kAny || n.fn == Fn::kAll) {
      out.value = acc;
    } else {
      out.value = sum_unknown ? Value() : NumberValue(n.ty, sum);
    }
    return base::Status::Ok();
  }

  base::Status Aggregate(const Node& n, const Table& tab, size_t row, ExplainNode& out) {
    if (!batch_) {
      // One row: a few linear passes beat sorting and hashing the whole population.
      KIKAN_ASSIGN_OR_RETURN(out.value, vec_.AggregateAt(n, tab, row));
    } else {
      auto it = cache_.find(&n);
      if (it == cache_.end()) {
        KIKAN_ASSIGN_OR_RETURN(Vec v, vec_.Eval(n, tab));
        it = cache_.emplace(&n, std::move(v)).first;
      }
      const Vec& v = it->second;
      if (!v.Valid(row)) {
        out.value = Value();
      } else if (n.fn == Fn::kShare) {
        out.value = Value::Ratio(v.I(row), v.Den(row));
      } else {
        out.value = NumberValue(n.ty, v.I(row));
      }
    }
    KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*n.kids[0], tab, row, out.citation));
    Attach(out, std::move(a), *n.kids[0]);
    if (n.by) {
      KIKAN_ASSIGN_OR_RETURN(ExplainNode b, Eval(*n.by, tab, row, out.citation));
      Attach(out, std::move(b), *n.by);
    }
    return base::Status::Ok();
  }

  // " @FY2024" for the clone of a window reading a year (the judged year minus year_back, when
  // the population says which it is; else " @t-1"), " @FY2019" for a fixed year, " @total
  // FY2024" for a national total.
  std::string YearLabel(const Node& n) const {
    std::string year;
    if (n.year_fixed != 0) {
      year = fmt::format("FY{}", n.year_fixed);
    } else if (pop_.fiscal_year) {
      year = fmt::format("FY{}", *pop_.fiscal_year - n.year_back);
    } else {
      year = n.year_back == 0 ? "t" : fmt::format("t-{}", n.year_back);
    }
    return n.year_total ? fmt::format(" @total {}", year) : fmt::format(" @{}", year);
  }

  base::Status Window(const Node& n, const Table& tab, size_t row, ExplainNode& out) {
    std::vector<Value> vals;
    for (const auto& k : n.kids) {
      KIKAN_ASSIGN_OR_RETURN(ExplainNode a, Eval(*k, tab, row, out.citation));
      vals.push_back(a.value);
      out.children.push_back(std::move(a));
    }
    switch (n.win) {
      case Win::kAtYear:
        out.value = vals[0];
        return base::Status::Ok();
      case Win::kRound: {
        const Value& v = vals[0];
        if (v.kind != Value::Kind::kRatio || v.whole <= 0) {
          out.value = Value();
        } else {
          int64_t scale = 1;
          for (int64_t d = 0; d < n.win_n; ++d) scale *= 10;
          out.value = Value::Ratio(RoundHalfUp(v.i, v.whole, n.win_n), scale);
        }
        return base::Status::Ok();
      }
      case Win::kAnyYear: {
        Value acc = Value::Bool(false);
        for (const Value& v : vals) acc = KleeneOr(acc, v);
        out.value = acc;
        return base::Status::Ok();
      }
      default:
        break;
    }
    const size_t years = n.win == Win::kShareOfTotal ? vals.size() / 2 : vals.size();
    auto sum = [&](size_t from, int64_t* s) -> base::Result<bool> {
      *s = 0;
      for (size_t k = from; k < from + years; ++k) {
        if (Unknown(vals[k])) return false;
        if (__builtin_add_overflow(*s, vals[k].i, s)) {
          return base::OutOfRange({.ja = "年度の合計が 64 ビットの範囲を超えます",
                                   .en = "a sum over business years overflows the 64-bit range"});
        }
      }
      return true;
    };
    int64_t own = 0;
    KIKAN_ASSIGN_OR_RETURN(bool known, sum(0, &own));
    if (!known) {
      out.value = Value();
      return base::Status::Ok();
    }
    if (n.win == Win::kMean) {
      out.value = Value::Quotient(own, static_cast<int64_t>(years));
    } else if (n.win == Win::kYearSum) {
      out.value = NumberValue(n.ty, own);
    } else {
      int64_t total = 0;
      KIKAN_ASSIGN_OR_RETURN(bool total_known, sum(years, &total));
      out.value = total_known && total > 0 ? Value::Ratio(own, total) : Value();
    }
    return base::Status::Ok();
  }

  Location Shift(Location l) const {
    return l.line == 1 ? Location{origin_.line, origin_.column + l.column - 1}
                       : Location{origin_.line + l.line - 1, l.column};
  }

  std::string_view src_;
  Location origin_;
  bool batch_;
  const Population& pop_;
  VecEvaluator vec_;
  std::map<const Node*, Vec> cache_;
};

}  // namespace

base::Result<std::vector<Explanation>> ExplainRowsOf(const Node& root, std::string_view source,
                                                     std::string_view subject, Location origin,
                                                     const std::string& citation,
                                                     const Population& pop,
                                                     const std::vector<size_t>& rows) {
  // Below this many rows, aggregates are computed per row (linear passes); above, once.
  constexpr size_t kBatchFrom = 8;
  RowExplainer ex(pop, source, origin, rows.size() >= kBatchFrom);
  VecEvaluator vec(pop);
  KIKAN_ASSIGN_OR_RETURN(const Table* tab, vec.TableOf(subject));
  std::vector<Explanation> out;
  out.reserve(rows.size());
  for (size_t row : rows) {
    if (row >= tab->size()) {
      return base::OutOfRange(
          {.ja = fmt::format("行 {} は `{}` の表にありません（{} 行）", row, subject, tab->size()),
           .en = fmt::format("row {} is not a row of the `{}` table ({} rows)", row, subject,
                             tab->size())});
    }
    Explanation e;
    e.subject_id = tab->ids[row];
    e.subject_name = row < tab->names.size() ? tab->names[row] : std::string();
    KIKAN_ASSIGN_OR_RETURN(e.root, ex.Eval(root, *tab, row, citation));
    e.result = Truthy(e.root.value);
    e.determined = !Unknown(e.root.value);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kikan::rules::internal
