#include "calendar/admin_holidays.h"

#include <fmt/format.h>

#include "calendar/holidays.h"

namespace kikan::calendar {

using base::Date;
using base::Text;

Date FirstAdministrativeCalendarDay() { return Date::Ymd(1992, 5, 1); }

base::Result<std::optional<Text>> AdministrativeHolidayReason(Date date) {
  if (date < FirstAdministrativeCalendarDay()) {
    return base::OutOfRange(
        {.ja = fmt::format(
             "行政機関の休日は1992-05-01（土曜日がすべて休日となった日）以降について計算"
             "します。{}はそれより前です",
             date.ToIso()),
         .en =
             fmt::format("administrative holidays are implemented from 1992-05-01 (every Saturday "
                         "closed); {} is earlier",
                         date.ToIso())});
  }
  KIKAN_ASSIGN_OR_RETURN(std::optional<Holiday> holiday, HolidayOn(date));
  if (holiday) {
    return std::optional<Text>(Text{
        .ja = fmt::format("{}（{}）", holiday->name.ja,
                          holiday->kind == HolidayKind::kSubstitute ? "国民の祝日に関する法律の休日"
                          : holiday->kind == HolidayKind::kCitizens ? "国民の祝日に関する法律の休日"
                          : holiday->kind == HolidayKind::kSpecial ? "法律で定める休日"
                                                                   : "国民の祝日"),
        .en = fmt::format("{} (public holiday)", holiday->name.en)});
  }
  const int m = date.month();
  const int d = date.day();
  if ((m == 12 && d >= 29) || (m == 1 && d <= 3)) {
    return std::optional<Text>(Text{.ja = "年末年始の休日（12月29日〜1月3日）",
                                    .en = "year-end holidays (December 29 to January 3)"});
  }
  if (date.weekday() == base::Weekday::kSunday)
    return std::optional<Text>(Text{.ja = "日曜日", .en = "Sunday"});
  if (date.weekday() == base::Weekday::kSaturday) {
    return std::optional<Text>(Text{.ja = "土曜日", .en = "Saturday"});
  }
  return std::optional<Text>();
}

base::Result<bool> IsAdministrativeHoliday(Date date) {
  KIKAN_ASSIGN_OR_RETURN(auto reason, AdministrativeHolidayReason(date));
  return reason.has_value();
}

base::Result<Date> NextAdministrativeWorkday(Date date) {
  for (Date d = date;; d = d.AddDays(1)) {
    KIKAN_ASSIGN_OR_RETURN(bool closed, IsAdministrativeHoliday(d));
    if (!closed) return d;
  }
}

}  // namespace kikan::calendar
