#include <fmt/format.h>

#include "rules/ast.h"

namespace kikan::rules::internal {
namespace {

// Recursion limit: deeper nesting is refused (keeps the fuzzer's stack safe).
constexpr int kMaxDepth = 200;

class Parser {
 public:
  Parser(std::string_view src, const std::vector<Token>& toks, std::vector<Diagnostic>* diags)
      : src_(src), toks_(toks), diags_(diags) {}

  std::unique_ptr<Node> Run() {
    auto e = Expr();
    if (!e) return nullptr;
    if (Cur().kind != Tok::kEof) {
      Expected(
          {.ja = "`and`、`or` またはルールの終わり", .en = "`and`, `or` or the end of the rule"});
      return nullptr;
    }
    return e;
  }

 private:
  const Token& Cur() const { return toks_[pos_]; }
  const Token& At(size_t k) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  void Next() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }

  void Error(const Token& t, base::Text message) {
    if (failed_) return;  // one syntax error is enough
    failed_ = true;
    Diagnostic d;
    d.loc = t.loc;
    d.length = t.kind == Tok::kEof ? 1 : t.length;
    d.message = std::move(message);
    diags_->push_back(std::move(d));
  }
  void Expected(const base::Text& what) {
    const Token& t = Cur();
    std::string found = t.kind == Tok::kEof
                            ? std::string("the end of the rule")
                            : fmt::format("`{}`", src_.substr(t.begin, t.end - t.begin));
    std::string found_ja = t.kind == Tok::kEof
                               ? std::string("ルールの終わり")
                               : fmt::format("`{}`", src_.substr(t.begin, t.end - t.begin));
    Error(t, {.ja = fmt::format("{}が必要ですが、{}があります", what.ja, found_ja),
              .en = fmt::format("expected {}, found {}", what.en, found)});
  }

  std::unique_ptr<Node> Make(NodeKind k, const Token& start) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->begin = start.begin;
    n->loc = start.loc;
    return n;
  }
  void Finish(Node& n) {
    n.end = toks_[pos_ > 0 ? pos_ - 1 : 0].end;
    if (n.end < n.begin) n.end = n.begin;
    n.length = std::max(1, CodePoints(src_.substr(n.begin, n.end - n.begin)));
  }

  struct DepthGuard {
    explicit DepthGuard(Parser* parser) : p(parser) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
    Parser* p;
  };
  bool TooDeep() {
    if (depth_ > kMaxDepth) {
      Error(Cur(), {.ja = "ルールの入れ子が深すぎます", .en = "the rule is nested too deeply"});
      return true;
    }
    return false;
  }

  std::unique_ptr<Node> Expr() { return Chain(Tok::kOr, NodeKind::kOr); }

  std::unique_ptr<Node> Chain(Tok op, NodeKind kind) {
    DepthGuard g(this);
    if (TooDeep()) return nullptr;
    const Token& start = Cur();
    auto first = op == Tok::kOr ? Chain(Tok::kAnd, NodeKind::kAnd) : Unary();
    if (!first) return nullptr;
    if (Cur().kind != op) return first;
    auto n = Make(kind, start);
    n->kids.push_back(std::move(first));
    while (Cur().kind == op) {
      Next();
      auto k = op == Tok::kOr ? Chain(Tok::kAnd, NodeKind::kAnd) : Unary();
      if (!k) return nullptr;
      n->kids.push_back(std::move(k));
    }
    Finish(*n);
    return n;
  }

  std::unique_ptr<Node> Unary() {
    DepthGuard g(this);
    if (TooDeep()) return nullptr;
    const Token& t = Cur();
    if (t.kind == Tok::kCitation) {
      std::string cite = t.text;
      Next();
      auto operand = Unary();
      if (!operand) return nullptr;
      if (operand->cited) {
        // Two annotations on one operand: wrap so that each stays its own node.
        auto wrap = std::make_unique<Node>();
        Node& inner = *operand;
        wrap->kind = NodeKind::kAnd;  // a one-child `and` is the identity on booleans
        wrap->begin = inner.begin;
        wrap->end = inner.end;
        wrap->loc = inner.loc;
        wrap->length = inner.length;
        wrap->kids.push_back(std::move(operand));
        operand = std::move(wrap);
      }
      operand->citation = std::move(cite);
      operand->cited = true;
      return operand;
    }
    if (t.kind == Tok::kNot) {
      auto n = Make(NodeKind::kNot, t);
      Next();
      auto operand = Unary();
      if (!operand) return nullptr;
      n->kids.push_back(std::move(operand));
      Finish(*n);
      return n;
    }
    return Comparison();
  }

  // primary { ("+" | "-") primary }, left to right; the checker allows it only inside a window.
  std::unique_ptr<Node> Additive() {
    const Token& start = Cur();
    auto lhs = Primary();
    if (!lhs) return nullptr;
    while (Cur().kind == Tok::kPlus || Cur().kind == Tok::kMinus) {
      auto n = Make(NodeKind::kArith, start);
      n->arith = Cur().kind == Tok::kPlus ? '+' : '-';
      Next();
      auto rhs = Primary();
      if (!rhs) return nullptr;
      n->kids.push_back(std::move(lhs));
      n->kids.push_back(std::move(rhs));
      Finish(*n);
      lhs = std::move(n);
    }
    return lhs;
  }

  std::unique_ptr<Node> Comparison() {
    const Token& start = Cur();
    auto lhs = Additive();
    if (!lhs) return nullptr;
    CmpOp op;
    switch (Cur().kind) {
      case Tok::kEq:
        op = CmpOp::kEq;
        break;
      case Tok::kNe:
        op = CmpOp::kNe;
        break;
      case Tok::kLt:
        op = CmpOp::kLt;
        break;
      case Tok::kLe:
        op = CmpOp::kLe;
        break;
      case Tok::kGt:
        op = CmpOp::kGt;
        break;
      case Tok::kGe:
        op = CmpOp::kGe;
        break;
      default:
        return lhs;
    }
    auto n = Make(NodeKind::kCompare, start);
    n->op = op;
    Next();
    auto rhs = Additive();
    if (!rhs) return nullptr;
    switch (Cur().kind) {
      case Tok::kEq:
      case Tok::kNe:
      case Tok::kLt:
      case Tok::kLe:
      case Tok::kGt:
      case Tok::kGe:
        Error(Cur(), {.ja = "比較は連結できません。`and` を使ってください（a < b and b < c）",
                      .en = "comparisons do not chain; use `and` (a < b and b < c)"});
        return nullptr;
      default:
        break;
    }
    n->kids.push_back(std::move(lhs));
    n->kids.push_back(std::move(rhs));
    Finish(*n);
    return n;
  }

  std::unique_ptr<Node> Literal(const Token& t, Value v) {
    auto n = Make(NodeKind::kLiteral, t);
    n->value = std::move(v);
    Next();
    Finish(*n);
    return n;
  }

  std::unique_ptr<Node> Primary() {
    DepthGuard g(this);
    if (TooDeep()) return nullptr;
    const Token& t = Cur();
    switch (t.kind) {
      case Tok::kInt:
        return Literal(t, Value::Int(t.int_value));
      case Tok::kDecimal:
        return Literal(t, Value::Decimal(t.int_value));
      case Tok::kDate:
        return Literal(t, Value::Date(static_cast<int32_t>(t.int_value)));
      case Tok::kText:
        return Literal(t, Value::Text(t.text));
      case Tok::kTrue:
        return Literal(t, Value::Bool(true));
      case Tok::kFalse:
        return Literal(t, Value::Bool(false));
      case Tok::kParam: {
        auto n = Make(NodeKind::kParam, t);
        n->name = t.text;
        Next();
        Finish(*n);
        return n;
      }
      case Tok::kLParen: {
        Next();
        auto e = Expr();
        if (!e) return nullptr;
        if (Cur().kind != Tok::kRParen) {
          Expected({.ja = "`)`", .en = "`)`"});
          return nullptr;
        }
        Next();
        // The node keeps the span without the parentheses; that is what explanations quote.
        return e;
      }
      case Tok::kIdent: {
        if (At(1).kind == Tok::kLParen) return Call();
        auto n = Make(NodeKind::kPath, t);
        n->name = t.text;
        n->segs.push_back(t.text);
        n->seg_locs.push_back(t.loc);
        Next();
        while (Cur().kind == Tok::kDot) {
          Next();
          if (Cur().kind != Tok::kIdent) {
            Expected({.ja = "`.` の後に項目名", .en = "a field name after `.`"});
            return nullptr;
          }
          n->segs.push_back(Cur().text);
          n->seg_locs.push_back(Cur().loc);
          Next();
        }
        Finish(*n);
        return n;
      }
      default:
        Expected(
            {.ja = "値（項目、数値、文字列、日付、$パラメータ、関数呼び出し、`(` のいずれか）",
             .en = "a value (a field, a number, a text, a date, a $parameter, a call or `(`)"});
        return nullptr;
    }
  }

  // x => body, at `x` (the caller has seen the arrow).
  std::unique_ptr<Node> Lambda() {
    auto lam = Make(NodeKind::kLambda, Cur());
    lam->name = Cur().text;
    Next();
    Next();
    auto body = Expr();
    if (!body) return nullptr;
    lam->kids.push_back(std::move(body));
    Finish(*lam);
    return lam;
  }

  std::unique_ptr<Node> Call() {
    const Token& name = Cur();
    auto n = Make(NodeKind::kCall, name);
    n->name = name.text;
    Next();  // name
    Next();  // (
    if (Cur().kind != Tok::kRParen) {
      while (true) {
        if (Cur().kind == Tok::kIdent && Cur().text == "by" && At(1).kind == Tok::kColon) {
          if (n->by) {
            Error(Cur(), {.ja = "`by:` が二度指定されています", .en = "`by:` given twice"});
            return nullptr;
          }
          n->by_loc = Cur().loc;
          Next();
          Next();
          auto b = Expr();
          if (!b) return nullptr;
          n->by = std::move(b);
        } else if (Cur().kind == Tok::kIdent && Cur().text == "where" &&
                   At(1).kind == Tok::kColon) {
          // where: y => p (the filter of a relation `sum`): always the last argument.
          if (n->filtered) {
            Error(Cur(), {.ja = "`where:` が二度指定されています", .en = "`where:` given twice"});
            return nullptr;
          }
          Next();
          Next();
          if (!(Cur().kind == Tok::kIdent && At(1).kind == Tok::kArrow)) {
            Expected({.ja = "`where:` の後に条件のラムダ（y => 条件）",
                      .en = "a condition lambda (y => condition) after `where:`"});
            return nullptr;
          }
          auto lam = Lambda();
          if (!lam) return nullptr;
          n->kids.push_back(std::move(lam));
          n->filtered = true;
          if (Cur().kind != Tok::kRParen) {
            Expected({.ja = "`where:` 引数の後に `)`", .en = "`)` after the `where:` argument"});
            return nullptr;
          }
        } else if (Cur().kind == Tok::kIdent && At(1).kind == Tok::kArrow) {
          auto lam = Lambda();
          if (!lam) return nullptr;
          n->kids.push_back(std::move(lam));
        } else {
          if (n->by) {
            Expected({.ja = "`by:` 引数の後に `)`", .en = "`)` after the `by:` argument"});
            return nullptr;
          }
          auto a = Expr();
          if (!a) return nullptr;
          n->kids.push_back(std::move(a));
        }
        if (Cur().kind == Tok::kComma) {
          Next();
          continue;
        }
        if (Cur().kind == Tok::kRParen) break;
        Expected({.ja = "`,` または `)`", .en = "`,` or `)`"});
        return nullptr;
      }
    }
    Next();  // )
    Finish(*n);
    return n;
  }

  std::string_view src_;
  const std::vector<Token>& toks_;
  std::vector<Diagnostic>* diags_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

}  // namespace

std::unique_ptr<Node> Parse(std::string_view source, const std::vector<Token>& tokens,
                            std::vector<Diagnostic>* diags) {
  if (tokens.empty()) return nullptr;
  size_t before = diags->size();
  auto n = Parser(source, tokens, diags).Run();
  if (diags->size() != before) return nullptr;
  return n;
}

}  // namespace kikan::rules::internal
