// The rules language's lexer (internal to rules/): turns UTF-8 source text into tokens, each with
// its byte span and its line:column (columns in code points). Invalid UTF-8, stray characters and
// malformed literals become Diagnostics, never crashes. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace kikan::rules::internal {

enum class Tok {
  kEof,
  kIdent,     // vehicles, any, t
  kParam,     // $min_teu (text holds the name without `$`)
  kInt,       // 5_000 (int_value)
  kDecimal,   // 12.5 or 5% (int_value scaled by kDecimalScale)
  kDate,      // 2025-04-01 (int_value = days since epoch)
  kText,      // "..." (text holds the unescaped value)
  kCitation,  // [第3条] (text holds the inside)
  kAnd,
  kOr,
  kNot,
  kTrue,
  kFalse,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kColon,
  kArrow,  // =>
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,   // + (arithmetic inside a business-year window)
  kMinus,  // - between two operands (a `-` directly before a number elsewhere is its sign)
};

struct Token {
  Tok kind = Tok::kEof;
  size_t begin = 0;  // byte offsets into the source
  size_t end = 0;
  Location loc;    // relative to the source (1,1 = its first code point)
  int length = 1;  // in code points
  std::string text;
  int64_t int_value = 0;
};

// The display name of a token kind for "expected X" messages: "`)`", "identifier".
std::string_view TokName(Tok t);

// Lexes the whole source. On success returns every token ending with kEof. On failure appends
// diagnostics (locations relative to the source) and returns an empty vector.
std::vector<Token> Lex(std::string_view source, std::vector<Diagnostic>* diags);

// Number of code points in s (base::CodePointCount, as the int the locations use).
int CodePoints(std::string_view s);

}  // namespace kikan::rules::internal
