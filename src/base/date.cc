#include "base/date.h"

#include <fmt/format.h>

#include <algorithm>

namespace kikan::base {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct CivilYmd {
  int y;
  unsigned m;
  unsigned d;
};

constexpr CivilYmd CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999) {
    return InvalidArgument({.ja = fmt::format("年 {} は 1〜9999 の範囲外です", year),
                            .en = fmt::format("year {} is outside 1..9999", year)});
  }
  if (month < 1 || month > 12) {
    return InvalidArgument({.ja = fmt::format("{}月は存在しません", month),
                            .en = fmt::format("month {} does not exist", month)});
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return InvalidArgument(
        {.ja = fmt::format("{}年{}月{}日は存在しない日付です（{}年{}月は{}日まで）", year, month,
                           day, year, month, DaysInMonth(year, month)),
         .en = fmt::format("{:04d}-{:02d}-{:02d} does not exist ({:04d}-{:02d} has {} days)", year,
                           month, day, year, month, DaysInMonth(year, month))});
  }
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Date Date::Ymd(int year, int month, int day) {
  auto d = FromYmd(year, month, day);
  KIKAN_CHECK(d.has_value());
  return *d;
}

Result<Date> Date::ParseIso(std::string_view text) {
  auto bad = [&](const Text& why) {
    return InvalidArgument(
        {.ja = fmt::format("「{}」は YYYY-MM-DD 形式の日付ではありません: {}", text, why.ja),
         .en = fmt::format("\"{}\" is not a date in YYYY-MM-DD form: {}", text, why.en)});
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return bad({.ja = "10文字で5文字目と8文字目が「-」である必要があります",
                .en = "expected 10 characters with '-' at positions 5 and 8"});
  }
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (size_t k = 0; k < lengths[i]; ++k) {
      char c = text[starts[i] + k];
      if (c < '0' || c > '9')
        return bad({.ja = "数字でない文字があります", .en = "non-digit character"});
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  auto d = FromYmd(parts[0], parts[1], parts[2]);
  if (!d) {
    return InvalidArgument({.ja = fmt::format("「{}」: {}", text, d.error().ja()),
                            .en = fmt::format("\"{}\": {}", text, d.error().en())});
  }
  return d;
}

int Date::year() const { return CivilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).d); }

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday.
  int w = (days_ % 7 + 7 + 4) % 7;
  return static_cast<Weekday>(w);
}

Date Date::AddMonthsClamped(int n) const {
  CivilYmd c = CivilFromDays(days_);
  int total = c.y * 12 + static_cast<int>(c.m) - 1 + n;
  int y = total / 12;
  int m = total % 12 + 1;
  int d = std::min(static_cast<int>(c.d), DaysInMonth(y, m));
  return Date(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string Date::ToIso() const {
  CivilYmd c = CivilFromDays(days_);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.y, c.m, c.d);
}

}  // namespace kikan::base
