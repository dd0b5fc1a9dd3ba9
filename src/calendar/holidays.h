// Japanese public holidays (国民の祝日に関する法律, 昭和23年法律第178号, and its revisions),
// computed by rule — never read from a table — for the years 1948 to 2150.
//
// What is computed (docs/calendar.md has the full table with dates and sources):
// - 国民の祝日 (Art. 2) with each day's history: fixed days, the Happy Monday moves (2000:
// 成人の日,
//   体育の日; 2003: 海の日, 敬老の日), 天皇誕生日 (4/29 to 1988, 12/23 1989–2018, none in 2019,
//   2/23 from 2020), みどりの日/昭和の日 (2007), 海の日 (1996), 山の日 (2016), スポーツの日 (2020),
//   the Olympic moves of 2020 and 2021, and the equinox days from the astronomical approximation
//   formula (the official day is announced each February by the Cabinet Office from the National
//   Astronomical Observatory's ephemeris; the formula agrees with it for the years published).
// - 振替休日 (Art. 3(2)): from 1973-04-12, the day after a holiday that falls on a Sunday; from
//   2007, the nearest following day that is not a 国民の祝日.
// - 国民の休日 (Art. 3(3)): from 1985-12-27, a day between two 国民の祝日 (before 2007, not when it
//   is a Sunday or a 振替休日).
// - One-off days set by their own acts: 1959-04-10, 1989-02-24, 1990-11-12, 1993-06-09,
//   2019-05-01 and 2019-10-22 (the 2019 days count as 国民の祝日, which makes 2019-04-30 and
//   2019-05-02 国民の休日).
// The act came into force on 1948-07-20: 1948 has only the holidays from that day on.
//
// The holidays of all years are computed once, on first use (thread-safe initialisation);
// afterwards every function is a read-only lookup and thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"

namespace kikan::calendar {

inline constexpr int kFirstHolidayYear = 1948;
inline constexpr int kLastHolidayYear = 2150;

enum class HolidayKind {
  kNational,    // 国民の祝日 (Art. 2)
  kSubstitute,  // 振替休日 (Art. 3(2))
  kCitizens,    // 国民の休日 (Art. 3(3))
  kSpecial,     // a one-off day set by its own act (皇室の儀式、即位の日)
};

// "national", "substitute", "citizens", "special" (stable: used in JSON output).
std::string_view HolidayKindName(HolidayKind kind);

struct Holiday {
  base::Date date;
  HolidayKind kind = HolidayKind::kNational;
  base::Text name;   // 「元日」 / "New Year's Day"
  base::Text basis;  // the provision that makes it a holiday
};

// The public holidays of `year`, in date order. Errors: kOutOfRange when `year` is outside
// kFirstHolidayYear..kLastHolidayYear.
base::Result<std::vector<Holiday>> HolidaysInYear(int year);

// The holiday on `date`, or nullopt when `date` is not one. Errors: kOutOfRange when the year
// is outside kFirstHolidayYear..kLastHolidayYear.
base::Result<std::optional<Holiday>> HolidayOn(base::Date date);

// Whether `date` is a public holiday (any kind). Errors: as HolidayOn.
base::Result<bool> IsPublicHoliday(base::Date date);

// The day of the vernal (春分) or autumnal (秋分) equinox in `year` by the approximation formula
// (valid 1900–2150). Errors: kOutOfRange outside 1900..2150.
base::Result<base::Date> VernalEquinoxDay(int year);
base::Result<base::Date> AutumnalEquinoxDay(int year);

}  // namespace kikan::calendar
