#include "rules/lexer.h"

#include <fmt/format.h>

#include "base/date.h"
#include "base/number.h"
#include "base/utf8.h"
#include "rules/schema.h"

namespace kikan::rules::internal {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t Utf8Len(std::string_view s, size_t i) {
  const base::Utf8Char c = base::DecodeUtf8(s, i);
  return c.valid ? c.length : 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

class Lexer {
 public:
  Lexer(std::string_view src, std::vector<Diagnostic>* diags) : s_(src), diags_(diags) {}

  std::vector<Token> Run() {
    // Validate UTF-8 first so that every later step may assume it.
    {
      size_t i = 0;
      int line = 1, col = 1;
      while (i < s_.size()) {
        size_t n = Utf8Len(s_, i);
        if (n == 0) {
          Error({line, col}, 1,
                {.ja = "ルールの文字列に不正な UTF-8 があります",
                 .en = "invalid UTF-8 in the rule text"});
          return {};
        }
        if (s_[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
        i += n;
      }
    }
    std::vector<Token> out;
    while (true) {
      SkipSpaceAndComments();
      Token t;
      t.begin = pos_;
      t.loc = {line_, col_};
      if (pos_ >= s_.size()) {
        if (!out.empty()) t.loc = last_end_;
        t.kind = Tok::kEof;
        t.end = pos_;
        out.push_back(std::move(t));
        break;
      }
      prev_operand_ = !out.empty() && IsOperandEnd(out.back().kind);
      if (!LexOne(t)) return {};
      t.end = pos_;
      t.length = std::max(1, CodePoints(s_.substr(t.begin, t.end - t.begin)));
      last_end_ = {line_, col_};
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  void Error(Location loc, int len, base::Text message) {
    Diagnostic d;
    d.loc = loc;
    d.length = std::max(1, len);
    d.message = std::move(message);
    diags_->push_back(std::move(d));
  }

  char Peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }

  // Advances one code point, tracking line and column.
  void Advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      col_ = 1;
      ++pos_;
      return;
    }
    pos_ += Utf8Len(s_, pos_);
    ++col_;
  }

  void SkipSpaceAndComments() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        Advance();
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') Advance();
      } else {
        break;
      }
    }
  }

  bool LexOne(Token& t) {
    char c = Peek();
    if (IsIdentStart(c)) {
      while (IsIdentChar(Peek())) Advance();
      t.text = std::string(s_.substr(t.begin, pos_ - t.begin));
      if (t.text == "and")
        t.kind = Tok::kAnd;
      else if (t.text == "or")
        t.kind = Tok::kOr;
      else if (t.text == "not")
        t.kind = Tok::kNot;
      else if (t.text == "true")
        t.kind = Tok::kTrue;
      else if (t.text == "false")
        t.kind = Tok::kFalse;
      else
        t.kind = Tok::kIdent;
      return true;
    }
    if (c == '$') {
      Advance();
      if (!IsIdentStart(Peek())) {
        Error(t.loc, 1,
              {.ja = "`$` の後にはパラメータ名が必要です",
               .en = "`$` must be followed by a parameter name"});
        return false;
      }
      size_t b = pos_;
      while (IsIdentChar(Peek())) Advance();
      t.kind = Tok::kParam;
      t.text = std::string(s_.substr(b, pos_ - b));
      return true;
    }
    // `-` right after an operand is subtraction (`a - 1`, `a -1`); elsewhere, directly before a
    // digit, the sign of a number literal (`>= -3`).
    if (IsDigit(c) || (c == '-' && IsDigit(Peek(1)) && !prev_operand_)) return LexNumber(t);
    if (c == '"') return LexText(t);
    if (c == '[') {
      Advance();
      size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] != ']' && s_[pos_] != '\n') Advance();
      if (Peek() != ']') {
        Error(t.loc, 1,
              {.ja = "引用注記 `[...]` が閉じていません", .en = "unterminated citation `[...]`"});
        return false;
      }
      t.text = std::string(s_.substr(b, pos_ - b));
      Advance();
      t.kind = Tok::kCitation;
      if (t.text.find_first_not_of(" \t") == std::string::npos) {
        Error(t.loc, 2, {.ja = "引用注記 `[]` が空です", .en = "empty citation `[]`"});
        return false;
      }
      return true;
    }
    auto single = [&](Tok k) {
      Advance();
      t.kind = k;
      return true;
    };
    switch (c) {
      case '(':
        return single(Tok::kLParen);
      case ')':
        return single(Tok::kRParen);
      case ',':
        return single(Tok::kComma);
      case '.':
        return single(Tok::kDot);
      case ':':
        return single(Tok::kColon);
      case '+':
        return single(Tok::kPlus);
      case '-':
        return single(Tok::kMinus);
      case '=':
        Advance();
        if (Peek() == '>') return single(Tok::kArrow);
        if (Peek() == '=') {
          Error(t.loc, 2,
                {.ja = "`==` は演算子ではありません。`=` と書いてください",
                 .en = "`==` is not an operator; write `=`"});
          return false;
        }
        t.kind = Tok::kEq;
        return true;
      case '!':
        Advance();
        if (Peek() == '=') return single(Tok::kNe);
        Error(t.loc, 1,
              {.ja = "予期しない `!` です（`!=` または `not` のつもりですか）",
               .en = "unexpected `!` (did you mean `!=` or `not`?)"});
        return false;
      case '<':
        Advance();
        if (Peek() == '=') return single(Tok::kLe);
        t.kind = Tok::kLt;
        return true;
      case '>':
        Advance();
        if (Peek() == '=') return single(Tok::kGe);
        t.kind = Tok::kGt;
        return true;
      default:
        break;
    }
    size_t n = Utf8Len(s_, pos_);
    std::string ch(s_.substr(pos_, n));
    Error(t.loc, 1,
          {.ja = fmt::format("予期しない文字「{}」です", ch),
           .en = fmt::format("unexpected character `{}`", ch)});
    return false;
  }

  bool LexNumber(Token& t) {
    bool neg = false;
    if (Peek() == '-') {
      neg = true;
      Advance();
    }
    // A date: exactly 4 digits '-' 2 digits '-' 2 digits.
    if (!neg && IsDigit(Peek(0)) && IsDigit(Peek(1)) && IsDigit(Peek(2)) && IsDigit(Peek(3)) &&
        Peek(4) == '-' && IsDigit(Peek(5)) && IsDigit(Peek(6)) && Peek(7) == '-' &&
        IsDigit(Peek(8)) && IsDigit(Peek(9)) && !IsIdentChar(Peek(10))) {
      std::string_view text = s_.substr(pos_, 10);
      for (int k = 0; k < 10; ++k) Advance();
      auto d = base::Date::ParseIso(text);
      if (!d.has_value()) {
        Error(t.loc, 10,
              {.ja = fmt::format("日付 {} は存在しません", text),
               .en = fmt::format("invalid date {}", text)});
        return false;
      }
      t.kind = Tok::kDate;
      t.int_value = d->days_since_epoch();
      return true;
    }
    // Digits, with '_' between two digits and one '.' between two digits; then an optional '%'.
    std::string number = neg ? "-" : "";
    bool dot = false;
    char prev = '\0';
    while (true) {
      char c = Peek();
      if (IsDigit(c)) {
        number += c;
      } else if (c == '_' && IsDigit(prev) && IsDigit(Peek(1))) {
        // separator between digits
      } else if (c == '.' && !dot && IsDigit(prev) && IsDigit(Peek(1))) {
        dot = true;
        number += c;
      } else {
        break;
      }
      prev = c;
      Advance();
    }
    bool percent = false;
    if (Peek() == '%') {
      percent = true;
      Advance();
    }
    // An int, or a decimal at the 4 places of kDecimalScale (a percentage: 2 places, 5% = 0.05).
    static_assert(kDecimalScale == 10'000);
    const bool is_int = !dot && !percent;
    const tl::expected<int64_t, base::NumberError> value =
        is_int ? base::ParseInt(number) : base::ParseDecimal(number, percent ? 2 : 4);
    const int length = CodePoints(s_.substr(t.begin, pos_ - t.begin));
    if (!value && value.error() == base::NumberError::kRange) {
      Error(t.loc, length, {.ja = "数値が大きすぎます", .en = "number is too large"});
      return false;
    }
    if (IsIdentChar(Peek()) || Peek() == '.') {
      Error({line_, col_}, 1, {.ja = "数値の書き方が正しくありません", .en = "malformed number"});
      return false;
    }
    if (!value) {  // kPrecision: the scanned syntax is always a number
      Error(t.loc, length,
            {.ja = "小数点以下の桁が多すぎます（4桁まで、百分率では 0.01% まで）",
             .en = "too many decimal places (at most 4, i.e. 0.01% for a percentage)"});
      return false;
    }
    t.kind = is_int ? Tok::kInt : Tok::kDecimal;
    t.int_value = *value;
    return true;
  }

  bool LexText(Token& t) {
    Advance();  // opening quote
    std::string v;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        Error(t.loc, 1,
              {.ja = "文字列リテラルが閉じていません", .en = "unterminated text literal"});
        return false;
      }
      char c = s_[pos_];
      if (c == '"') {
        Advance();
        break;
      }
      if (c == '\\') {
        Location at{line_, col_};
        Advance();
        char e = Peek();
        if (e == '"' || e == '\\') {
          v.push_back(e);
        } else if (e == 'n') {
          v.push_back('\n');
        } else {
          Error(at, 2,
                {.ja = "文字列中の不明なエスケープです（\\\" \\\\ \\n のみ）",
                 .en = "unknown escape in text (use \\\" \\\\ or \\n)"});
          return false;
        }
        Advance();
        continue;
      }
      size_t n = Utf8Len(s_, pos_);
      v.append(s_.substr(pos_, n));
      Advance();
    }
    t.kind = Tok::kText;
    t.text = std::move(v);
    return true;
  }

  std::string_view s_;
  std::vector<Diagnostic>* diags_;
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  Location last_end_;          // just after the last token (where "expected ..." at the end points)
  bool prev_operand_ = false;  // the last token ends an operand: a `-` now is subtraction

  static bool IsOperandEnd(Tok k) {
    return k == Tok::kIdent || k == Tok::kParam || k == Tok::kInt || k == Tok::kDecimal ||
           k == Tok::kDate || k == Tok::kText || k == Tok::kRParen || k == Tok::kTrue ||
           k == Tok::kFalse;
  }
};

}  // namespace

int CodePoints(std::string_view s) { return static_cast<int>(base::CodePointCount(s)); }

std::string_view TokName(Tok t) {
  switch (t) {
    case Tok::kEof:
      return "end of rule";
    case Tok::kIdent:
      return "name";
    case Tok::kParam:
      return "$parameter";
    case Tok::kInt:
      return "integer";
    case Tok::kDecimal:
      return "decimal";
    case Tok::kDate:
      return "date";
    case Tok::kText:
      return "text";
    case Tok::kCitation:
      return "citation";
    case Tok::kAnd:
      return "`and`";
    case Tok::kOr:
      return "`or`";
    case Tok::kNot:
      return "`not`";
    case Tok::kTrue:
      return "`true`";
    case Tok::kFalse:
      return "`false`";
    case Tok::kLParen:
      return "`(`";
    case Tok::kRParen:
      return "`)`";
    case Tok::kComma:
      return "`,`";
    case Tok::kDot:
      return "`.`";
    case Tok::kColon:
      return "`:`";
    case Tok::kArrow:
      return "`=>`";
    case Tok::kEq:
      return "`=`";
    case Tok::kNe:
      return "`!=`";
    case Tok::kLt:
      return "`<`";
    case Tok::kLe:
      return "`<=`";
    case Tok::kGt:
      return "`>`";
    case Tok::kGe:
      return "`>=`";
    case Tok::kPlus:
      return "`+`";
    case Tok::kMinus:
      return "`-`";
  }
  return "?";
}

std::vector<Token> Lex(std::string_view source, std::vector<Diagnostic>* diags) {
  return Lexer(source, diags).Run();
}

}  // namespace kikan::rules::internal
