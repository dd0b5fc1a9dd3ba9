#include "base/number.h"

#include "base/check.h"

namespace kikan::base {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Accumulates the digits of `digits` (all '0'–'9') into the magnitude `*m`, which stays at most
// `limit`; false when it would exceed it.
bool Accumulate(std::string_view digits, uint64_t limit, uint64_t* m) {
  for (char c : digits) {
    const auto d = static_cast<uint64_t>(c - '0');
    if (*m > (limit - d) / 10) return false;
    *m = *m * 10 + d;
  }
  return true;
}

// The signed value of magnitude `m` (at most 2^63 when negative, 2^63 - 1 otherwise).
int64_t Signed(uint64_t m, bool negative) {
  if (!negative) return static_cast<int64_t>(m);
  return m == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(m);
}

// ParseDecimal, and ParseInt when `integer` (then a '.' is a syntax error).
tl::expected<int64_t, NumberError> Parse(std::string_view text, int places, bool integer) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (!IsDigit(c)) return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole)) return tl::unexpected(NumberError::kSyntax);
  if (dot != std::string_view::npos && (integer || frac.empty() || !all_digits(frac))) {
    return tl::unexpected(NumberError::kSyntax);
  }
  const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  uint64_t m = 0;
  if (!Accumulate(whole, limit, &m)) return tl::unexpected(NumberError::kRange);
  if (frac.size() > static_cast<size_t>(places)) return tl::unexpected(NumberError::kPrecision);
  if (!Accumulate(frac, limit, &m)) return tl::unexpected(NumberError::kRange);
  for (size_t k = frac.size(); k < static_cast<size_t>(places); ++k) {
    if (m > limit / 10) return tl::unexpected(NumberError::kRange);
    m *= 10;
  }
  return Signed(m, negative);
}

}  // namespace

tl::expected<int64_t, NumberError> ParseInt(std::string_view text) {
  return Parse(text, 0, /*integer=*/true);
}

tl::expected<int64_t, NumberError> ParseDecimal(std::string_view text, int places) {
  KIKAN_CHECK(places >= 0 && places <= 18);
  return Parse(text, places, /*integer=*/false);
}

}  // namespace kikan::base
