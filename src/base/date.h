// Civil dates (a day in the proleptic Gregorian calendar, no time zone) for legal dates:
// designation dates, receipt dates, deadlines. Stored as days since 1970-01-01 so that
// arithmetic and comparison are integer operations. Plain value; thread-compatible.
//
// Supported range: years 1 to 9999.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kikan::base {

enum class Weekday { kSunday = 0, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

class Date {
 public:
  Date() = default;  // 1970-01-01

  // The date y-m-d. Errors: kInvalidArgument when the day does not exist (2025-02-30) or the
  // year is outside 1..9999.
  static Result<Date> FromYmd(int year, int month, int day);
  // Like FromYmd, for arguments known to be valid (checked: a bad date is a bug).
  static Date Ymd(int year, int month, int day);
  // Parses "YYYY-MM-DD" exactly. Errors: kInvalidArgument naming the input and what is wrong.
  static Result<Date> ParseIso(std::string_view text);
  static Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }

  int32_t days_since_epoch() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  Weekday weekday() const;

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // The same day n months later; when that month is shorter, its last day (2025-01-31 + 1 month
  // = 2025-02-28).
  Date AddMonthsClamped(int n) const;
  // Days from `other` to this date (this - other).
  int32_t DaysSince(Date other) const { return days_ - other.days_; }

  // "2025-06-02"
  std::string ToIso() const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;

 private:
  explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

}  // namespace kikan::base
