#include "base/corporate_number.h"

#include <fmt/format.h>

#include "base/check.h"
#include "base/wareki.h"

namespace kikan::base {

int CorporateNumberCheckDigit(std::string_view base12) {
  KIKAN_CHECK(base12.size() == 12);
  int sum = 0;
  for (size_t n = 1; n <= 12; ++n) {
    char c = base12[12 - n];
    KIKAN_CHECK(c >= '0' && c <= '9');
    sum += (c - '0') * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9;
}

Result<CorporateNumber> CorporateNumber::Parse(std::string_view text) {
  const std::string digits = FoldFullWidthAscii(text);
  if (digits.size() != 13) {
    return InvalidArgument(
        {.ja = fmt::format("法人番号「{}」は13桁の数字である必要があります（{}文字あります）", text,
                           digits.size()),
         .en = fmt::format("corporate number \"{}\" must have 13 digits, it has {} characters",
                           text, digits.size())});
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') {
      return InvalidArgument(
          {.ja = fmt::format("法人番号「{}」の{}文字目が数字ではありません", text, i + 1),
           .en = fmt::format("corporate number \"{}\": character {} is not a digit", text, i + 1)});
    }
  }
  const int expected = CorporateNumberCheckDigit(std::string_view(digits).substr(1));
  const int found = digits[0] - '0';
  if (expected != found) {
    return InvalidArgument(
        {.ja = fmt::format(
             "法人番号「{}」のチェックデジットが誤っています: 先頭の桁は{}であるべきところ{}"
             "になっています",
             text, expected, found),
         .en = fmt::format(
             "corporate number \"{}\" has a wrong check digit: the first digit should be "
             "{} for the digits that follow it, not {}",
             text, expected, found)});
  }
  return CorporateNumber(digits);
}

Status ValidateCorporateNumber(std::string_view text) {
  auto n = CorporateNumber::Parse(text);
  if (!n) return n.status();
  return Status::Ok();
}

}  // namespace kikan::base
