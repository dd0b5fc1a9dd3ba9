// Statutory period arithmetic (期間の計算): when a period of N days, weeks, months or years that
// starts from an event ends, computed as the 民法 and the 行政機関の休日に関する法律 say, with the
// list of rules applied and their legal basis so that every date can say why.
//
//   民法 Art. 140  the first day is not counted (初日不算入) — unless the statute says the period
//                  is counted from that day (「…の日から起算して」, a special provision under
//                  Art. 138), in which case the event day is day 1: Period::first_day_counted.
//   民法 Art. 141  a period ends at the end of its last day.
//   民法 Art. 143  weeks, months and years follow the calendar: the period ends the day before
//                  the day of the last week/month/year that corresponds to the first counted day
//                  (起算日); when that month has no such day, on the month's last day.
//   行政機関の休日に関する法律 Art. 2  a deadline of an act toward an administrative agency that
//                  falls on an administrative holiday moves to the next day that is not one:
//                  Period::move_off_admin_holiday (only the clocks for such acts set it).
// 民法 Art. 142 (a last day on a Sunday or holiday moves only where it is customary not to
// transact that day) is deliberately not applied: see docs/calendar.md.
// The proviso of Art. 140 (a period starting at 0:00 counts its first day) applies only where the
// event is the start of a day: an ordinance that takes effect on a day does so from 0:00 (the
// grace of Art. 53(2)/(3) runs from the day an amendment took effect). Period::starts_at_midnight
// says so; the other events (a receipt, a designation, a recommendation) happen during the day.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"

namespace kikan::calendar {

enum class PeriodUnit { kDays, kWeeks, kMonths, kYears };

// A statutory period.
struct Period {
  int n = 0;                            // length, >= 1
  PeriodUnit unit = PeriodUnit::kDays;  // days, weeks, months or years
  bool first_day_counted = false;  // the statute says 「起算して」: the event day is day 1
  bool move_off_admin_holiday = false;  // 行政機関の休日に関する法律 Art. 2 applies
  // The event is the start of its day (an ordinance taking effect at 0:00): the period starts at
  // 午前零時, so the event day is day 1 by the proviso of 民法 Art. 140 (rule
  // "first_day_counted_midnight"). Implies first_day_counted's arithmetic.
  bool starts_at_midnight = false;
};

// One rule applied while computing a period, for explanations ("every date says why").
struct AppliedRule {
  std::string id;    // stable: "first_day_excluded", "first_day_counted",
                     // "first_day_counted_midnight", "days",
                     // "calendar_weeks", "calendar_months", "month_end", "moved_off_admin_holiday",
                     // "admin_holiday_checked", "admin_holiday_not_applied"
  base::Text text;   // what was done, with the dates involved
  base::Text basis;  // the provision: 「民法第140条」 / "Civil Code, Art. 140"
};

struct PeriodResult {
  base::Date event;       // the day the period is counted from (receipt, designation, ...)
  base::Date first_day;   // 起算日: the first day counted
  base::Date period_end;  // the last day by 民法 Art. 140–143 (満了日)
  base::Date due;         // period_end, or moved off administrative holidays when that applies
  std::vector<AppliedRule> rules;

  // The first day after the period (for "allowed from" and "applies from" dates).
  base::Date day_after() const { return due.AddDays(1); }
};

// The end of `period` counted from `event`. `source` names the provision that sets the period
// (e.g. 「経済安全保障推進法第52条第3項」); it is cited in the rules where the statute's own
// wording matters (「起算して」). Errors: kInvalidArgument when period.n < 1 or > 1000;
// kOutOfRange when moving off administrative holidays needs days outside the administrative
// calendar (before 1992-05-01, after 2150).
base::Result<PeriodResult> ComputePeriod(base::Date event, const Period& period,
                                         const base::Text& source = {});

// 「6か月」/"6 months", for messages.
base::Text DescribePeriod(const Period& period);

}  // namespace kikan::calendar
