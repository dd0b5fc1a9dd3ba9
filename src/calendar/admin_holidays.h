// Administrative holidays (行政機関の休日, 行政機関の休日に関する法律 Art. 1): the days national
// administrative agencies are closed — Saturdays, Sundays, the public holidays of
// 国民の祝日に関する法律 (including 振替休日, 国民の休日 and the one-off days), and 12-29 to 01-03.
//
// Kikan implements Art. 1 as in force since 1992-05-01, when every Saturday became a closed day
// (before that only the 2nd and 4th Saturdays were): earlier dates are refused rather than
// answered by today's rule. The last supported day is the last day of kLastHolidayYear.
//
// Pure functions over the holiday table of holidays.h; thread-safe.
#pragma once

#include <optional>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"

namespace kikan::calendar {

// The first day the administrative-holiday rule of Art. 1 is implemented for: 1992-05-01.
base::Date FirstAdministrativeCalendarDay();

// Why `date` is an administrative holiday (「日曜日」/"Sunday", 「元日（国民の祝日）」, 「年末年始
// （12月29日〜1月3日）」, ...), or nullopt when the agencies are open that day. A public holiday is
// named before the weekend or the year-end, since it is the more specific reason. Errors:
// kOutOfRange before FirstAdministrativeCalendarDay() or after the last holiday year.
base::Result<std::optional<base::Text>> AdministrativeHolidayReason(base::Date date);

// Whether `date` is an administrative holiday. Errors: as AdministrativeHolidayReason.
base::Result<bool> IsAdministrativeHoliday(base::Date date);

// `date` itself when it is not an administrative holiday, else the next day that is not one.
// Errors: as AdministrativeHolidayReason, for any day examined.
base::Result<base::Date> NextAdministrativeWorkday(base::Date date);

}  // namespace kikan::calendar
