#include "base/number.h"

#include "base/check.h"

namespace kikan::base {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

const char* SkipDigits(const char* p, const char* end) {
  while (p != end && IsDigit(*p)) ++p;
  return p;
}

// m·10^(last-first) + the digits [first, last), false when the result would exceed `limit`.
bool AccumulateChecked(const char* first, const char* last, uint64_t limit, uint64_t* m) {
  for (; first != last; ++first) {
    const auto d = static_cast<uint64_t>(*first - '0');
    if (*m > (limit - d) / 10) return false;
    *m = *m * 10 + d;
  }
  return true;
}

// The same when it cannot overflow (at most 18 digits in all: below 10^18 < 2^63).
uint64_t Accumulate(const char* first, const char* last, uint64_t m) {
  for (; first != last; ++first) m = m * 10 + static_cast<uint64_t>(*first - '0');
  return m;
}

// The signed value of magnitude `m` (at most 2^63 when negative, 2^63 - 1 otherwise).
int64_t Signed(uint64_t m, bool negative) {
  if (!negative) return static_cast<int64_t>(m);
  return m == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(m);
}

// ParseDecimal, and ParseInt when `integer` (then a '.' is a syntax error). The syntax is checked
// first; then, in order, the whole part's range, the precision and the scaled value's range.
// Datasets parse millions of cells: a number of at most 18 digits (scaled) cannot overflow and is
// accumulated without checks.
tl::expected<int64_t, NumberError> Parse(std::string_view text, int places, bool integer) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  const char* const whole = p;
  const char* const whole_end = SkipDigits(p, end);
  if (whole_end == whole) return tl::unexpected(NumberError::kSyntax);
  const char* frac = whole_end;
  const char* frac_end = whole_end;
  if (whole_end != end) {
    if (*whole_end != '.' || integer) return tl::unexpected(NumberError::kSyntax);
    frac = whole_end + 1;
    frac_end = SkipDigits(frac, end);
    if (frac_end != end || frac_end == frac) return tl::unexpected(NumberError::kSyntax);
  }
  const long frac_len = frac_end - frac;
  if ((whole_end - whole) + places <= 18) {
    if (frac_len > places) return tl::unexpected(NumberError::kPrecision);
    uint64_t m = Accumulate(frac, frac_end, Accumulate(whole, whole_end, 0));
    for (long k = frac_len; k < places; ++k) m *= 10;
    return Signed(m, negative);
  }
  const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  uint64_t m = 0;
  if (!AccumulateChecked(whole, whole_end, limit, &m)) return tl::unexpected(NumberError::kRange);
  if (frac_len > places) return tl::unexpected(NumberError::kPrecision);
  if (!AccumulateChecked(frac, frac_end, limit, &m)) return tl::unexpected(NumberError::kRange);
  for (long k = frac_len; k < places; ++k) {
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
