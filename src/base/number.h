// Numbers from text, exactly and without exceptions: ParseInt for integers and ParseDecimal for
// fixed-point decimals (legal quantities are never parsed through double).
//
// Syntax of both: an optional '-', then ASCII decimal digits ('0'–'9'); for a decimal, optionally
// a '.' followed by at least one digit. Nothing else is accepted: no '+', no spaces (trim before
// calling), no digit separators, no exponent, no leading or trailing '.', no full-width digits.
// Leading zeros are allowed ("007" is 7).
//
// Precision rule of ParseDecimal: at most `places` fractional digits may be written; more is
// kPrecision even when the extra digits are zeros ("1.50000" at 4 places), and nothing is ever
// rounded. The value is returned scaled: "12.5" at 4 places is 125000.
//
// Range: the result must fit in int64 (INT64_MIN to INT64_MAX, the scaled value for a decimal),
// else kRange.
//
// All functions are pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <tl/expected.hpp>

namespace kikan::base {

enum class NumberError {
  kSyntax,     // not of the syntax above (including empty text)
  kPrecision,  // a decimal with more than `places` fractional digits
  kRange,      // outside int64
};

// The integer `text` spells.
tl::expected<int64_t, NumberError> ParseInt(std::string_view text);

// The decimal `text` spells, × 10^places. `places` is 0 to 18.
tl::expected<int64_t, NumberError> ParseDecimal(std::string_view text, int places);

}  // namespace kikan::base
