#include <fmt/format.h>

#include <algorithm>

#include "base/date.h"
#include "rules/ast.h"

namespace kikan::rules::internal {
namespace {

size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The closest candidate to `name`, when it is close enough to be a likely typo.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = Distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

// " (did you mean `x`?)" when a candidate is close to `name`, else empty.
base::Text Suggest(std::string_view name, const std::vector<std::string>& candidates) {
  std::string s = DidYouMean(name, candidates);
  if (s.empty()) return {};
  return {.ja = fmt::format("（`{}` のことですか）", s),
          .en = fmt::format(" (did you mean `{}`?)", s)};
}

bool IsNumeric(Ty t) { return t == Ty::kInt || t == Ty::kDecimal || t == Ty::kRatio; }

Ty TyOfField(const FieldType& f) {
  switch (f.kind) {
    case TypeKind::kInt:
      return Ty::kInt;
    case TypeKind::kDecimal:
      return Ty::kDecimal;
    case TypeKind::kBool:
      return Ty::kBool;
    case TypeKind::kText:
      return Ty::kText;
    case TypeKind::kDate:
      return Ty::kDate;
    case TypeKind::kRef:
      return Ty::kRef;
    case TypeKind::kRefs:
      return Ty::kRefs;
  }
  return Ty::kError;
}

Ty TyOfValue(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kBool:
      return Ty::kBool;
    case Value::Kind::kInt:
      return Ty::kInt;
    case Value::Kind::kDecimal:
      return Ty::kDecimal;
    case Value::Kind::kRatio:
      return Ty::kRatio;
    case Value::Kind::kText:
      return Ty::kText;
    case Value::Kind::kDate:
      return Ty::kDate;
    default:
      return Ty::kError;
  }
}

struct Scope {
  std::string kind;  // the table the expression is evaluated over
  std::string var;   // the lambda variable (empty at the top level)
  bool in_lambda = false;
  bool in_aggregate = false;
  bool in_window = false;  // inside the argument of a business-year window: `+`/`-` allowed
};

class Checker {
 public:
  Checker(const Schema& schema, const std::map<std::string, Value, std::less<>>& params,
          std::vector<Diagnostic>* diags)
      : schema_(schema), params_(params), diags_(diags) {}

  Ty Check(Node& n, const Scope& s) {
    n.ctx_kind = s.kind;
    n.ty = CheckInner(n, s);
    return n.ty;
  }

  void Error(Location loc, int length, base::Text message) {
    Diagnostic d;
    d.loc = loc;
    d.length = std::max(1, length);
    d.message = std::move(message);
    diags_->push_back(std::move(d));
  }
  void Error(const Node& n, base::Text message) { Error(n.loc, n.length, std::move(message)); }

 private:
  std::string Src(const Node& n) const {
    return std::string(src_->substr(n.begin, n.end - n.begin));
  }

 public:
  const std::string_view* src_ = nullptr;

 private:
  Ty CheckInner(Node& n, const Scope& s) {
    switch (n.kind) {
      case NodeKind::kLiteral:
        return TyOfValue(n.value);
      case NodeKind::kParam: {
        auto it = params_.find(n.name);
        if (it == params_.end()) {
          std::vector<std::string> names;
          for (const auto& [k, v] : params_) names.push_back("$" + k);
          const base::Text hint = Suggest("$" + n.name, names);
          Error(n, {.ja = fmt::format("不明なパラメータ `${}` です{}", n.name, hint.ja),
                    .en = fmt::format("unknown parameter `${}`{}", n.name, hint.en)});
          return Ty::kError;
        }
        n.value = it->second;
        Ty t = TyOfValue(n.value);
        if (t == Ty::kError || t == Ty::kRatio) {
          Error(n, {.ja = fmt::format("パラメータ `${}` の値が使えません", n.name),
                    .en = fmt::format("parameter `${}` has no usable value", n.name)});
          return Ty::kError;
        }
        return t;
      }
      case NodeKind::kPath:
        return CheckPath(n, s);
      case NodeKind::kNot: {
        Ty t = Check(*n.kids[0], s);
        ExpectBool(*n.kids[0], t, "not");
        return Ty::kBool;
      }
      case NodeKind::kAnd:
      case NodeKind::kOr: {
        for (auto& k : n.kids) {
          Ty t = Check(*k, s);
          ExpectBool(*k, t, n.kind == NodeKind::kAnd ? "and" : "or");
        }
        return Ty::kBool;
      }
      case NodeKind::kCompare:
        return CheckCompare(n, s);
      case NodeKind::kLambda:
        Error(
            n,
            {.ja = "ラムダ `x => ...` は any, all, count, sum の第2引数にしか書けません",
             .en =
                 "a lambda `x => ...` may only be the second argument of any, all, count or sum"});
        return Ty::kError;
      case NodeKind::kCall:
        return CheckCall(n, s);
      case NodeKind::kArith:
        return CheckArith(n, s);
      case NodeKind::kQuant:
      case NodeKind::kAggregate:
      case NodeKind::kWindow:
        break;
    }
    return Ty::kError;
  }

  // a + b, a - b: numbers only, only inside a business-year window (「保険金等支払金の額から…を
  // 控除した額の平均」 is mean(a - b - c, 3)); int with int is int, anything with a decimal is
  // decimal (an int converted exactly). Elsewhere criteria compare quantities with thresholds.
  Ty CheckArith(Node& n, const Scope& s) {
    if (!s.in_window) {
      Error(n,
            {.ja = "`+` と `-` は年度の窓（mean, year_sum, any_year, at_year）の中でだけ使えます",
             .en = "`+` and `-` may only be used inside a business-year window (mean, "
                   "year_sum, any_year, at_year)"});
      return Ty::kError;
    }
    Ty a = Check(*n.kids[0], s);
    Ty b = Check(*n.kids[1], s);
    if (a == Ty::kError || b == Ty::kError) return Ty::kError;
    for (const Node* k : {n.kids[0].get(), n.kids[1].get()}) {
      const Ty t = k->ty;
      if (t != Ty::kInt && t != Ty::kDecimal) {
        Error(*k,
              {.ja = fmt::format("`{}` の項には数値（int か decimal）が必要ですが、`{}` は {} です",
                                 n.arith, Src(*k), TyName(t)),
               .en = fmt::format("`{}` needs numbers (int or decimal), but `{}` is {}", n.arith,
                                 Src(*k), TyName(t))});
        return Ty::kError;
      }
    }
    return a == Ty::kInt && b == Ty::kInt ? Ty::kInt : Ty::kDecimal;
  }

  void ExpectBool(const Node& k, Ty t, std::string_view op) {
    if (t == Ty::kBool || t == Ty::kError) return;
    Error(k, {.ja = fmt::format("`{}` には条件（bool）が必要ですが、`{}` は {} です", op, Src(k),
                                TyName(t)),
              .en = fmt::format("`{}` needs a condition (bool), but `{}` is {}", op, Src(k),
                                TyName(t))});
  }

  Ty CheckPath(Node& n, const Scope& s) {
    const EntityKind* kind = nullptr;
    size_t first = 0;
    if (s.in_lambda && n.segs[0] == s.var) {
      n.from_var = true;
      first = 1;
      kind = schema_.Find(s.kind);
    } else {
      const EntityKind* sk = schema_.Find(s.kind);
      if (s.in_lambda) {
        if (sk != nullptr && sk->Find(n.segs[0]) != nullptr) {
          // A field of the element kind without the variable: say how to write it.
          Error(
              n.seg_locs[0], CodePoints(n.segs[0]),
              {.ja = fmt::format("`{} => ...` の中では `{}.{}` と書いてください。ラムダの本体が参照"
                                 "できるのは自分の変数、パラメータ、リテラルだけです",
                                 s.var, s.var, n.segs[0]),
               .en =
                   fmt::format("inside `{} => ...` write `{}.{}`: a lambda body may refer only to "
                               "its own variable, parameters and literals",
                               s.var, s.var, n.segs[0])});
        } else {
          Error(n.seg_locs[0], CodePoints(n.segs[0]),
                {.ja = fmt::format(
                     "`{}` はここでは使えません。ラムダの本体が参照できるのは自分の変数 "
                     "`{}`、パラメータ、リテラルだけです",
                     n.segs[0], s.var),
                 .en = fmt::format(
                     "`{}` is not available here: a lambda body may refer only to its own "
                     "variable `{}`, parameters and literals",
                     n.segs[0], s.var)});
        }
        return Ty::kError;
      }
      kind = sk;
    }
    if (kind == nullptr) return Ty::kError;  // reported where the kind was introduced
    if (first == n.segs.size()) {
      n.target = kind->name;
      return Ty::kRef;
    }
    Ty t = Ty::kError;
    for (size_t i = first; i < n.segs.size(); ++i) {
      const std::string& seg = n.segs[i];
      const FieldDef* f = kind->Find(seg);
      if (f == nullptr) {
        std::vector<std::string> names;
        for (const auto& fd : kind->fields) names.push_back(fd.name);
        const base::Text hint = Suggest(seg, names);
        Error(n.seg_locs[i], CodePoints(seg),
              {.ja = fmt::format("{} に項目 `{}` はありません{}", kind->name, seg, hint.ja),
               .en = fmt::format("unknown field `{}` of {}{}", seg, kind->name, hint.en)});
        return Ty::kError;
      }
      n.steps.push_back(PathStep{f->name, kind->name, f->type, f->missing});
      t = TyOfField(f->type);
      if (t == Ty::kRef || t == Ty::kRefs) {
        const EntityKind* next = schema_.Find(f->type.target);
        if (next == nullptr) {
          Error(n.seg_locs[i], CodePoints(seg),
                {.ja = fmt::format("`{}.{}` が参照するエンティティ種別 `{}` は存在しません",
                                   kind->name, seg, f->type.target),
                 .en = fmt::format("`{}.{}` refers to entity kind `{}`, which does not exist",
                                   kind->name, seg, f->type.target)});
          return Ty::kError;
        }
        n.target = next->name;
        if (i + 1 < n.segs.size()) {
          if (t == Ty::kRefs) {
            Error(n.seg_locs[i + 1], CodePoints(n.segs[i + 1]),
                  {.ja = fmt::format(
                       "`{}` はリスト（{}）です。中を見るには any, all, count, sum を使って"
                       "ください",
                       seg, f->type.ToString()),
                   .en = fmt::format(
                       "`{}` is a list ({}); use any, all, count or sum to look into it", seg,
                       f->type.ToString())});
            return Ty::kError;
          }
          kind = next;
        }
      } else if (i + 1 < n.segs.size()) {
        Error(n.seg_locs[i + 1], CodePoints(n.segs[i + 1]),
              {.ja = fmt::format("`{}` は参照ではない（{}）ため、`.{}` をたどれません", seg,
                                 f->type.ToString(), n.segs[i + 1]),
               .en = fmt::format("`{}` is not a reference ({}), so `.{}` cannot follow it", seg,
                                 f->type.ToString(), n.segs[i + 1])});
        return Ty::kError;
      }
    }
    return t;
  }

  Ty CheckCompare(Node& n, const Scope& s) {
    Ty a = Check(*n.kids[0], s);
    Ty b = Check(*n.kids[1], s);
    if (a == Ty::kError || b == Ty::kError) return Ty::kBool;
    bool ordered = n.op != CmpOp::kEq && n.op != CmpOp::kNe;
    bool ok = false;
    if (IsNumeric(a) && IsNumeric(b)) ok = true;
    if (a == Ty::kDate && b == Ty::kDate) ok = true;
    if ((a == Ty::kText && b == Ty::kText) || (a == Ty::kBool && b == Ty::kBool)) {
      if (ordered) {
        Error(n,
              {.ja = fmt::format("{} の値は `=` と `!=` でしか比較できません", TyName(a)),
               .en = fmt::format("{} values can only be compared with `=` and `!=`", TyName(a))});
        return Ty::kBool;
      }
      ok = true;
    }
    if (!ok) {
      Error(n, {.ja = fmt::format("`{}`（{}）と `{}`（{}）は比較できません", Src(*n.kids[0]),
                                  TyName(a), Src(*n.kids[1]), TyName(b)),
                .en = fmt::format("cannot compare `{}` ({}) with `{}` ({})", Src(*n.kids[0]),
                                  TyName(a), Src(*n.kids[1]), TyName(b))});
    }
    return Ty::kBool;
  }

  Ty ArityError(Node& n, const base::Text& form) {
    Error(n, {.ja = fmt::format("`{}` の引数の数が正しくありません。{} と書いてください", n.name,
                                form.ja),
              .en = fmt::format("wrong number of arguments to `{}`: write {}", n.name, form.en)});
    return Ty::kError;
  }

  // A deep copy of a checked subtree.
  static std::unique_ptr<Node> Clone(const Node& n) {
    auto c = std::make_unique<Node>();
    c->kind = n.kind;
    c->begin = n.begin;
    c->end = n.end;
    c->loc = n.loc;
    c->length = n.length;
    c->citation = n.citation;
    c->cited = n.cited;
    c->value = n.value;
    c->name = n.name;
    c->segs = n.segs;
    c->seg_locs = n.seg_locs;
    c->op = n.op;
    c->arith = n.arith;
    c->filtered = n.filtered;
    for (const auto& k : n.kids) c->kids.push_back(Clone(*k));
    if (n.by) c->by = Clone(*n.by);
    c->by_loc = n.by_loc;
    c->ty = n.ty;
    c->target = n.target;
    c->fn = n.fn;
    c->from_var = n.from_var;
    c->ctx_kind = n.ctx_kind;
    c->steps = n.steps;
    c->win = n.win;
    c->win_n = n.win_n;
    return c;
  }

  // Makes every path of `n` read the column of another year (YearColumn); a national total is
  // strict about missing values (an undeclared year's total is unknown, never 0).
  static void ShiftYears(Node& n, int back, int fixed, bool total) {
    if (n.kind == NodeKind::kPath && !n.steps.empty()) {
      n.steps[0].field = YearColumn(n.steps[0].field, back, fixed, total);
      if (total) n.steps[0].missing = MissingPolicy::kSkip;
    }
    for (auto& k : n.kids) ShiftYears(*k, back, fixed, total);
  }

  // A window may read only the subject's own fields (no references, lambdas or aggregates):
  // the other years are columns of the subject's own rows. Reports the first offending node.
  bool OwnFieldsOnly(const Node& n, std::string_view fn) {
    const bool bad_path = n.kind == NodeKind::kPath && (n.steps.size() != 1 || n.from_var);
    if (bad_path || n.kind == NodeKind::kQuant || n.kind == NodeKind::kAggregate ||
        n.kind == NodeKind::kWindow) {
      Error(n, {.ja = fmt::format("`{}` の中で読めるのは対象自身の項目（参照をたどらない項目）、"
                                  "パラメータ、リテラルだけですが、`{}` はそうではありません",
                                  fn, Src(n)),
                .en = fmt::format("inside `{}` only the subject's own fields (no references), "
                                  "parameters and literals may be read, but `{}` is not one",
                                  fn, Src(n))});
      return false;
    }
    for (const auto& k : n.kids) {
      if (!OwnFieldsOnly(*k, fn)) return false;
    }
    return true;
  }

  // The business-year windows and round (docs/rules-language.md §5).
  Ty CheckWindow(Node& n, const Scope& s) {
    const std::string f = n.name;
    const bool is_round = f == "round";
    const bool is_at = f == "at_year";
    const base::Text form =
        is_round ? base::Text{.ja = "round(割合, 小数点以下の桁数)", .en = "round(share, places)"}
        : is_at ? base::Text{.ja = "at_year(項目, 年度)", .en = "at_year(field, fiscal_year)"}
        : f == "any_year"
            ? base::Text{.ja = "any_year(条件, 年数)", .en = "any_year(condition, years)"}
            : base::Text{.ja = fmt::format("{}(項目, 年数)", f),
                         .en = fmt::format("{}(field, years)", f)};
    if (n.kids.size() != 2 || n.by || n.kids[0]->kind == NodeKind::kLambda ||
        n.kids[1]->kind != NodeKind::kLiteral || n.kids[1]->value.kind != Value::Kind::kInt) {
      return ArityError(n, form);
    }
    const int64_t num = n.kids[1]->value.i;
    const int64_t lo = is_round ? 0 : is_at ? 1900 : 1;
    const int64_t hi = is_round ? 4 : is_at ? 2200 : 10;
    if (num < lo || num > hi) {
      Error(*n.kids[1],
            {.ja = fmt::format("`{}` の第2引数は {} 以上 {} 以下です", f, lo, hi),
             .en = fmt::format("the second argument of `{}` is from {} to {}", f, lo, hi)});
      return Ty::kError;
    }
    if (s.in_lambda || s.in_aggregate) {
      Error(n, {.ja = fmt::format("`{}` はラムダや集計の中では使えません", f),
                .en = fmt::format("`{}` cannot be used inside a lambda or an aggregate", f)});
      return Ty::kError;
    }
    n.kids.pop_back();
    n.kind = NodeKind::kWindow;
    n.win_n = num;
    Node& arg = *n.kids[0];
    Scope in_window = s;
    in_window.in_window = !is_round;
    Ty at = Check(arg, in_window);
    if (at == Ty::kError) return Ty::kError;
    auto need = [&](bool ok, const base::Text& what) {
      if (ok) return true;
      Error(arg,
            {.ja = fmt::format("`{}` には{}が必要ですが、`{}` は {} です", f, what.ja, Src(arg),
                               TyName(at)),
             .en = fmt::format("`{}` needs {}, but `{}` is {}", f, what.en, Src(arg), TyName(at))});
      return false;
    };
    if (is_round) {
      n.win = Win::kRound;
      if (!need(at == Ty::kRatio, {.ja = "割合（share など）", .en = "a share"})) return Ty::kError;
      return Ty::kRatio;
    }
    if (!OwnFieldsOnly(arg, f)) return Ty::kError;
    n.win = f == "mean"             ? Win::kMean
            : f == "year_sum"       ? Win::kYearSum
            : f == "any_year"       ? Win::kAnyYear
            : f == "share_of_total" ? Win::kShareOfTotal
                                    : Win::kAtYear;
    switch (n.win) {
      case Win::kMean:
        if (!need(at == Ty::kInt, {.ja = "整数（int）", .en = "an int"})) return Ty::kError;
        break;
      case Win::kYearSum:
        if (!need(at == Ty::kInt || at == Ty::kDecimal,
                  {.ja = "数値（int か decimal）", .en = "a number (int or decimal)"})) {
          return Ty::kError;
        }
        break;
      case Win::kShareOfTotal:
        if (!need((at == Ty::kInt || at == Ty::kDecimal) && arg.kind == NodeKind::kPath,
                  {.ja = "数値の項目", .en = "a numeric field"})) {
          return Ty::kError;
        }
        break;
      case Win::kAnyYear:
        if (!need(at == Ty::kBool, {.ja = "条件（bool）", .en = "a condition (bool)"})) {
          return Ty::kError;
        }
        break;
      case Win::kAtYear:
        if (!need(at != Ty::kRef && at != Ty::kRefs,
                  {.ja = "参照以外の値", .en = "a value other than a reference"})) {
          return Ty::kError;
        }
        break;
      case Win::kRound:
        break;
    }
    std::unique_ptr<Node> proto = std::move(n.kids[0]);
    n.kids.clear();
    const int years = is_at ? 1 : static_cast<int>(num);
    for (int pass = 0; pass < (n.win == Win::kShareOfTotal ? 2 : 1); ++pass) {
      const bool total = pass == 1;
      for (int k = 0; k < years; ++k) {
        std::unique_ptr<Node> c = Clone(*proto);
        const int fixed = is_at ? static_cast<int>(num) : 0;
        ShiftYears(*c, k, fixed, total);
        c->year_clone = true;
        c->year_back = k;
        c->year_fixed = fixed;
        c->year_total = total;
        n.kids.push_back(std::move(c));
      }
    }
    if (n.win == Win::kAnyYear) return Ty::kBool;
    return n.win == Win::kMean || n.win == Win::kShareOfTotal ? Ty::kRatio : at;
  }

  Ty CheckCall(Node& n, const Scope& s) {
    static const std::vector<std::string> kFns = {
        "any",  "all",      "count",    "sum",     "share",          "rank", "date",
        "mean", "year_sum", "any_year", "at_year", "share_of_total", "round"};
    const std::string& f = n.name;
    if (std::find(kFns.begin(), kFns.end(), f) == kFns.end()) {
      const base::Text hint = Suggest(f, kFns);
      Error(n.loc, CodePoints(f),
            {.ja = fmt::format("不明な関数 `{}` です{}", f, hint.ja),
             .en = fmt::format("unknown function `{}`{}", f, hint.en)});
      return Ty::kError;
    }
    auto has_lambda = [&] {
      for (auto& k : n.kids)
        if (k->kind == NodeKind::kLambda) return true;
      return false;
    };
    if (f == "date") {
      if (n.kids.size() != 1 || n.by || n.kids[0]->kind != NodeKind::kLiteral ||
          n.kids[0]->value.kind != Value::Kind::kText) {
        return ArityError(n, {.ja = "date(\"YYYY-MM-DD\")", .en = "date(\"YYYY-MM-DD\")"});
      }
      auto d = base::Date::ParseIso(n.kids[0]->value.text);
      if (!d.has_value()) {
        Error(*n.kids[0], {.ja = fmt::format("日付「{}」は正しくありません", n.kids[0]->value.text),
                           .en = fmt::format("invalid date \"{}\"", n.kids[0]->value.text)});
        return Ty::kError;
      }
      n.kind = NodeKind::kLiteral;
      n.value = Value::Date(d->days_since_epoch());
      n.kids.clear();
      return Ty::kDate;
    }
    if (f == "mean" || f == "year_sum" || f == "any_year" || f == "at_year" ||
        f == "share_of_total" || f == "round") {
      return CheckWindow(n, s);
    }
    bool relation = f == "any" || f == "all" || f == "count" || (f == "sum" && has_lambda());
    if (relation) {
      if (n.filtered && f != "sum") {
        Error(*n.kids.back(),
              {.ja = fmt::format("`where:` は sum にだけ書けます（`{}` には書けません）", f),
               .en = fmt::format("`where:` is only for sum (not for `{}`)", f)});
        return Ty::kError;
      }
      if (n.kids.size() != (n.filtered ? 3u : 2u) || n.by || n.kids[1]->kind != NodeKind::kLambda ||
          n.kids[0]->kind == NodeKind::kLambda) {
        return ArityError(n, {.ja = fmt::format("{}(リスト, x => ...)", f),
                              .en = fmt::format("{}(list, x => ...)", f)});
      }
      n.kind = NodeKind::kQuant;
      n.fn = f == "any"     ? Fn::kAny
             : f == "all"   ? Fn::kAll
             : f == "count" ? Fn::kCount
                            : Fn::kSumRel;
      Node& list = *n.kids[0];
      Ty lt = Check(list, s);
      if (lt == Ty::kError) return Ty::kError;
      if (lt != Ty::kRefs || list.kind != NodeKind::kPath) {
        Error(list, {.ja = fmt::format(
                         "`{}` の第1引数は参照のリスト（refs:種別）でなければなりませんが、`{}` は "
                         "{} です",
                         f, Src(list), TyName(lt)),
                     .en = fmt::format(
                         "the first argument of `{}` must be a list of references (refs:KIND), "
                         "but `{}` is {}",
                         f, Src(list), TyName(lt))});
        return Ty::kError;
      }
      // A lambda over the list's rows: its body's type.
      auto check_lambda = [&](Node& lam) {
        lam.ctx_kind = list.target;
        lam.ty = Check(*lam.kids[0], Scope{list.target, lam.name, true, false});
        return lam.ty;
      };
      Node& body = *n.kids[1]->kids[0];
      Ty bt = check_lambda(*n.kids[1]);
      if (bt == Ty::kError) return Ty::kError;
      if (n.filtered) {  // where: y => p, over the same rows as the body
        Node& cond = *n.kids[2]->kids[0];
        Ty ct = check_lambda(*n.kids[2]);
        if (ct == Ty::kError) return Ty::kError;
        if (ct != Ty::kBool) {
          ExpectBool(cond, ct, "where");
          return Ty::kError;
        }
      }
      if (n.fn == Fn::kSumRel) {
        if (bt != Ty::kInt && bt != Ty::kDecimal) {
          Error(body,
                {.ja = fmt::format("`sum` は数値（int か decimal）を合計しますが、`{}` は {} です",
                                   Src(body), TyName(bt)),
                 .en = fmt::format("`sum` adds numbers (int or decimal), but `{}` is {}", Src(body),
                                   TyName(bt))});
          return Ty::kError;
        }
        return bt;
      }
      ExpectBool(body, bt, f);
      return n.fn == Fn::kCount ? Ty::kInt : Ty::kBool;
    }
    // Population aggregates.
    if (n.kids.size() != 1 || n.kids[0]->kind == NodeKind::kLambda) {
      return ArityError(n, {.ja = fmt::format("{}(項目) または {}(項目, by: 区分)", f, f),
                            .en = fmt::format("{}(field) or {}(field, by: group)", f, f)});
    }
    n.kind = NodeKind::kAggregate;
    n.fn = f == "sum" ? Fn::kSumPop : f == "share" ? Fn::kShare : Fn::kRank;
    if (s.in_lambda || s.in_aggregate) {
      Error(n, {.ja = fmt::format(
                    "`{}` は対象の母集団全体の集計であり、ラムダや他の集計の中では使えません", f),
                .en = fmt::format(
                    "`{}` aggregates over the whole subject population and cannot be used "
                    "inside a lambda or another aggregate",
                    f)});
      return Ty::kError;
    }
    Scope inner = s;
    inner.in_aggregate = true;
    Ty at = Check(*n.kids[0], inner);
    if (at == Ty::kError) return Ty::kError;
    if (at != Ty::kInt && at != Ty::kDecimal) {
      Error(*n.kids[0],
            {.ja = fmt::format("`{}` には数値（int か decimal）が必要ですが、`{}` は {} です", f,
                               Src(*n.kids[0]), TyName(at)),
             .en = fmt::format("`{}` needs a number (int or decimal), but `{}` is {}", f,
                               Src(*n.kids[0]), TyName(at))});
      return Ty::kError;
    }
    if (n.by) {
      Ty bt = Check(*n.by, inner);
      if (bt == Ty::kError) return Ty::kError;
      if (bt == Ty::kRefs || bt == Ty::kRatio || bt == Ty::kDecimal) {
        Error(*n.by, {.ja = fmt::format(
                          "`{}`（{}）では区分できません。text, int, bool, date, ref で区分してくだ"
                          "さい",
                          Src(*n.by), TyName(bt)),
                      .en = fmt::format(
                          "cannot group by `{}` ({}); group by a text, int, bool, date or ref",
                          Src(*n.by), TyName(bt))});
        return Ty::kError;
      }
    }
    if (n.fn == Fn::kShare) return Ty::kRatio;
    if (n.fn == Fn::kRank) return Ty::kInt;
    return at;
  }

  const Schema& schema_;
  const std::map<std::string, Value, std::less<>>& params_;
  std::vector<Diagnostic>* diags_;
};

}  // namespace

std::string YearColumn(std::string_view field, int back, int fixed, bool total) {
  std::string out(field);
  if (total) {
    out += "@total";
    if (back > 0) out += fmt::format("-{}", back);
  } else if (fixed != 0) {
    out += fmt::format("@FY{}", fixed);
  } else if (back > 0) {
    out += fmt::format("@-{}", back);
  }
  return out;
}

std::string_view TyName(Ty t) {
  switch (t) {
    case Ty::kError:
      return "?";
    case Ty::kInt:
      return "int";
    case Ty::kDecimal:
      return "decimal";
    case Ty::kRatio:
      return "share";
    case Ty::kBool:
      return "bool";
    case Ty::kText:
      return "text";
    case Ty::kDate:
      return "date";
    case Ty::kRef:
      return "ref";
    case Ty::kRefs:
      return "refs";
  }
  return "?";
}

bool Check(Node* root, const Schema& schema, std::string_view subject,
           const std::map<std::string, Value, std::less<>>& params, std::vector<Diagnostic>* diags,
           std::string_view source) {
  size_t before = diags->size();
  Checker c(schema, params, diags);
  c.src_ = &source;
  if (schema.Find(subject) == nullptr) {
    std::vector<std::string> names;
    for (const auto& k : schema.kinds()) names.push_back(k.name);
    const base::Text hint = Suggest(subject, names);
    c.Error(root->loc, 1,
            {.ja = fmt::format("対象のエンティティ種別 `{}` はスキーマにありません{}", subject,
                               hint.ja),
             .en = fmt::format("the subject kind `{}` does not exist in the schema{}", subject,
                               hint.en)});
    return false;
  }
  Ty t = c.Check(*root, Scope{std::string(subject), "", false, false});
  if (t != Ty::kBool && t != Ty::kError) {
    c.Error(
        *root,
        {.ja = fmt::format("ルールは条件（bool）でなければなりませんが、これは {} です", TyName(t)),
         .en = fmt::format("a rule must be a condition (bool), but this is {}", TyName(t))});
  }
  return diags->size() == before;
}

}  // namespace kikan::rules::internal
