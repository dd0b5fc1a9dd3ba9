// 法人番号 (corporate number): the 13-digit number the National Tax Agency assigns to every
// registered corporation in Japan. The first digit is a check digit over the other twelve:
//
//   check = 9 − (Σ_{n=1..12} P_n × Q_n  mod 9)
//
// where P_n is the n-th of the twelve base digits counted from the right and Q_n is 1 for odd n
// and 2 for even n (法人番号の指定等に関する省令 第2条). Kikan refuses a number whose check digit
// is wrong, saying which digit was expected.
//
// CorporateNumber is a validated value (always 13 ASCII digits with a correct check digit);
// plain value, thread-compatible. The free functions are pure and thread-safe.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kikan::base {

// The check digit (1..9) for twelve base digits. Precondition: `base12` is exactly 12 ASCII
// digits (checked: anything else is a bug; validate user input with ParseCorporateNumber).
int CorporateNumberCheckDigit(std::string_view base12);

class CorporateNumber {
 public:
  // Parses and validates a corporate number. Full-width digits (４０１０…) are accepted; nothing
  // else (no spaces or hyphens). Errors (kInvalidArgument, message naming the input): not 13
  // characters, a non-digit character, or a wrong check digit (the message gives the expected
  // check digit and the one found).
  static Result<CorporateNumber> Parse(std::string_view text);

  // The 13 digits.
  const std::string& digits() const { return digits_; }

  friend auto operator<=>(const CorporateNumber&, const CorporateNumber&) = default;
  friend bool operator==(const CorporateNumber&, const CorporateNumber&) = default;

 private:
  explicit CorporateNumber(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

// OK when `text` is a valid corporate number; otherwise the error of CorporateNumber::Parse.
Status ValidateCorporateNumber(std::string_view text);

}  // namespace kikan::base
