#include "calendar/period.h"

#include <fmt/format.h>

#include "calendar/admin_holidays.h"

namespace kikan::calendar {
namespace {

using base::Date;
using base::Text;

const Text kArt138{.ja = "民法第138条（法令の特別の定め）",
                   .en = "Civil Code, Art. 138 (special provision)"};
const Text kArt140{.ja = "民法第140条", .en = "Civil Code, Art. 140"};
const Text kArt140Proviso{.ja = "民法第140条ただし書", .en = "Civil Code, Art. 140, proviso"};
const Text kArt141{.ja = "民法第141条", .en = "Civil Code, Art. 141"};
const Text kArt143{.ja = "民法第143条第2項", .en = "Civil Code, Art. 143(2)"};
const Text kArt143Proviso{.ja = "民法第143条第2項ただし書",
                          .en = "Civil Code, Art. 143(2), proviso"};
const Text kAdminArt2{.ja = "行政機関の休日に関する法律第2条",
                      .en = "Act on Holidays of Administrative Organs, Art. 2"};

std::string UnitEn(PeriodUnit unit, int n) {
  const char* s = "day";
  switch (unit) {
    case PeriodUnit::kDays:
      s = "day";
      break;
    case PeriodUnit::kWeeks:
      s = "week";
      break;
    case PeriodUnit::kMonths:
      s = "month";
      break;
    case PeriodUnit::kYears:
      s = "year";
      break;
  }
  return fmt::format("{} {}{}", n, s, n == 1 ? "" : "s");
}

std::string UnitJa(PeriodUnit unit, int n) {
  switch (unit) {
    case PeriodUnit::kDays:
      return fmt::format("{}日", n);
    case PeriodUnit::kWeeks:
      return fmt::format("{}週間", n);
    case PeriodUnit::kMonths:
      return fmt::format("{}か月", n);
    case PeriodUnit::kYears:
      return fmt::format("{}年", n);
  }
  return fmt::format("{}", n);
}

Text Cite(const Text& a, const Text& b) {
  if (b.ja.empty() && b.en.empty()) return a;
  return Text{.ja = fmt::format("{}・{}", b.ja, a.ja), .en = fmt::format("{}; {}", b.en, a.en)};
}

}  // namespace

Text DescribePeriod(const Period& period) {
  return Text{.ja = UnitJa(period.unit, period.n), .en = UnitEn(period.unit, period.n)};
}

base::Result<PeriodResult> ComputePeriod(Date event, const Period& period, const Text& source) {
  if (period.n < 1 || period.n > 1000) {
    return base::InvalidArgument(
        {.ja = fmt::format("期間の長さは1から1000まででなければなりません（{}が指定されました）",
                           period.n),
         .en = fmt::format("a period must be 1 to 1000 units long, not {}", period.n)});
  }
  PeriodResult r;
  r.event = event;
  const Text length = DescribePeriod(period);

  // 1. The first day (民法 Art. 140, or the statute's 「起算して」 under Art. 138).
  if (period.starts_at_midnight) {
    r.first_day = event;
    r.rules.push_back(
        {"first_day_counted_midnight",
         Text{.ja = fmt::format("初日算入: 期間が{}の午前零時から始まる（省令の改正はその施行日の"
                                "午前零時から効力を生ずる）ため、{}を1日目として数える",
                                event.ToIso(), event.ToIso()),
              .en = fmt::format("first day counted: the period starts at 0:00 on {} (an "
                                "amended ordinance takes effect at the start of its effective "
                                "date), so {} is day 1",
                                event.ToIso(), event.ToIso())},
         Cite(kArt140Proviso, source)});
  } else if (period.first_day_counted) {
    r.first_day = event;
    r.rules.push_back(
        {"first_day_counted",
         Text{.ja = fmt::format(
                  "初日算入: 法令が「…の日から起算して」と定めるため、{}を1日目として数える",
                  event.ToIso()),
              .en = fmt::format(
                  "first day counted: the statute counts the period from the day itself "
                  "(\"起算して\"), "
                  "so {} is day 1",
                  event.ToIso())},
         Cite(kArt138, source)});
  } else {
    r.first_day = event.AddDays(1);
    r.rules.push_back(
        {"first_day_excluded",
         Text{.ja = fmt::format("初日不算入: {}は数えず、翌日{}から起算する", event.ToIso(),
                                r.first_day.ToIso()),
              .en = fmt::format("first day not counted: {} is excluded, the period runs from {}",
                                event.ToIso(), r.first_day.ToIso())},
         Cite(kArt140, source)});
  }

  // 2. The last day.
  if (period.unit == PeriodUnit::kDays) {
    r.period_end = r.first_day.AddDays(period.n - 1);
    r.rules.push_back(
        {"days",
         Text{.ja = fmt::format("{}目の{}の終了をもって満了する", length.ja, r.period_end.ToIso()),
              .en = fmt::format("the period ends at the end of day {}, {}", period.n,
                                r.period_end.ToIso())},
         kArt141});
  } else {
    const int months = period.unit == PeriodUnit::kMonths  ? period.n
                       : period.unit == PeriodUnit::kYears ? period.n * 12
                                                           : 0;
    // 民法143条2項: the period ends the day before the day corresponding to the start day.
    auto end_before = [&](std::string_view rule_id, Date corresponding) {
      r.period_end = corresponding.AddDays(-1);
      r.rules.push_back(
          {std::string(rule_id),
           Text{.ja = fmt::format("{}を暦に従って計算し、起算日{}に応当する日{}の前日{}に満了する",
                                  length.ja, r.first_day.ToIso(), corresponding.ToIso(),
                                  r.period_end.ToIso()),
                .en = fmt::format("{} counted by the calendar: ends the day before {}, the day "
                                  "corresponding to {}: {}",
                                  length.en, corresponding.ToIso(), r.first_day.ToIso(),
                                  r.period_end.ToIso())},
           kArt143});
    };
    if (period.unit == PeriodUnit::kWeeks) {
      // The corresponding weekday of the last week is first_day + 7n; the period ends the day
      // before.
      end_before("calendar_weeks", r.first_day.AddDays(7 * period.n));
    } else {
      const int total = r.first_day.year() * 12 + (r.first_day.month() - 1) + months;
      const int year = total / 12;
      const int month = total % 12 + 1;
      if (year > 9999) {
        return base::OutOfRange(
            {.ja = "期間の末日が9999年より後です", .en = "the period ends after year 9999"});
      }
      if (r.first_day.day() > base::DaysInMonth(year, month)) {
        r.period_end = Date::Ymd(year, month, base::DaysInMonth(year, month));
        r.rules.push_back(
            {"month_end",
             Text{
                 .ja = fmt::format("{}を暦に従って計算する。最後の月（{}年{}月）には起算日{}に応当"
                                   "する日（{}日）がないため、その月の末日{}に満了する",
                                   length.ja, year, month, r.first_day.ToIso(), r.first_day.day(),
                                   r.period_end.ToIso()),
                 .en = fmt::format("{} counted by the calendar; the last month ({}-{:02d}) has no "
                                   "day {} corresponding to {}, so the period ends on that month's "
                                   "last day, {}",
                                   length.en, year, month, r.first_day.day(), r.first_day.ToIso(),
                                   r.period_end.ToIso())},
             kArt143Proviso});
      } else {
        end_before("calendar_months", Date::Ymd(year, month, r.first_day.day()));
      }
    }
  }

  // 3. Administrative holidays (行政機関の休日に関する法律 Art. 2), only where the clock says so.
  r.due = r.period_end;
  if (period.move_off_admin_holiday) {
    std::string skipped_ja, skipped_en;
    Date d = r.period_end;
    for (;;) {
      KIKAN_ASSIGN_OR_RETURN(std::optional<Text> reason, AdministrativeHolidayReason(d));
      if (!reason) break;
      if (!skipped_ja.empty()) {
        skipped_ja += "、";
        skipped_en += ", ";
      }
      skipped_ja += fmt::format("{}（{}）", d.ToIso(), reason->ja);
      skipped_en += fmt::format("{} ({})", d.ToIso(), reason->en);
      d = d.AddDays(1);
    }
    r.due = d;
    if (r.due != r.period_end) {
      r.rules.push_back(
          {"moved_off_admin_holiday",
           Text{.ja = fmt::format(
                    "末日が行政機関の休日にあたるため、その翌日以降で最初の休日でない日{}"
                    "を期限とする（休日: {}）",
                    r.due.ToIso(), skipped_ja),
                .en = fmt::format(
                    "the last day falls on an administrative holiday; the deadline moves "
                    "to the next day that is not one, {} (closed: {})",
                    r.due.ToIso(), skipped_en)},
           kAdminArt2});
    } else {
      r.rules.push_back(
          {"admin_holiday_checked",
           Text{.ja = fmt::format("末日{}は行政機関の休日ではないため、期限は移動しない",
                                  r.period_end.ToIso()),
                .en = fmt::format("the last day {} is not an administrative holiday; the deadline "
                                  "stays",
                                  r.period_end.ToIso())},
           kAdminArt2});
    }
  } else {
    // Say so when the end falls on a closed day, so nobody wonders whether it was forgotten.
    auto reason = AdministrativeHolidayReason(r.period_end);
    if (reason.has_value() && reason->has_value()) {
      r.rules.push_back(
          {"admin_holiday_not_applied",
           Text{.ja = fmt::format(
                    "末日{}は行政機関の休日（{}）だが、この期間は行政機関に対する行為の期限"
                    "ではないため移動しない（解釈）",
                    r.period_end.ToIso(), (*reason)->ja),
                .en = fmt::format(
                    "the last day {} is an administrative holiday ({}), but this period "
                    "is not a deadline for an act toward an agency, so it does not move "
                    "(interpretation)",
                    r.period_end.ToIso(), (*reason)->en)},
           Text{.ja = "行政機関の休日に関する法律第2条（適用しない）",
                .en = "Act on Holidays of Administrative Organs, Art. 2 (not applied)"}});
    }
  }
  return r;
}

}  // namespace kikan::calendar
