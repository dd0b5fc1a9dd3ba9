#include "calendar/period.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kikan::calendar {
namespace {

using base::Date;

Date D(int y, int m, int d) { return Date::Ymd(y, m, d); }

std::vector<std::string> RuleIds(const PeriodResult& r) {
  std::vector<std::string> ids;
  for (const auto& rule : r.rules) ids.push_back(rule.id);
  return ids;
}

PeriodResult Compute(Date event, Period p) {
  auto r = ComputePeriod(event, p);
  EXPECT_TRUE(r.has_value()) << r.status().ToString();
  return r.value_or(PeriodResult{});
}

TEST(PeriodTest, MonthsFirstDayExcluded) {
  // regime-notes §4: designation 2025-05-01 → 2025-05-02 … 2025-11-01.
  auto r = Compute(D(2025, 5, 1), {6, PeriodUnit::kMonths, false, false});
  EXPECT_EQ(r.first_day, D(2025, 5, 2));
  EXPECT_EQ(r.period_end, D(2025, 11, 1));
  EXPECT_EQ(r.due, D(2025, 11, 1));  // a Saturday, but this period does not move
  EXPECT_EQ(r.day_after(), D(2025, 11, 2));
  EXPECT_EQ(RuleIds(r), (std::vector<std::string>{"first_day_excluded", "calendar_months",
                                                  "admin_holiday_not_applied"}));
  EXPECT_EQ(r.rules[0].basis.ja, "民法第140条");
  EXPECT_EQ(r.rules[1].basis.ja, "民法第143条第2項");
}

TEST(PeriodTest, DaysFirstDayCounted) {
  // 30 days from 2025-11-04 inclusive → 2025-12-03.
  auto r = Compute(D(2025, 11, 4), {30, PeriodUnit::kDays, true, false});
  EXPECT_EQ(r.first_day, D(2025, 11, 4));
  EXPECT_EQ(r.period_end, D(2025, 12, 3));
  EXPECT_EQ(r.day_after(), D(2025, 12, 4));
  EXPECT_EQ(RuleIds(r), (std::vector<std::string>{"first_day_counted", "days"}));
  // Same period with the first day excluded ends one day later.
  EXPECT_EQ(Compute(D(2025, 11, 4), {30, PeriodUnit::kDays, false, false}).period_end,
            D(2025, 12, 4));
}

TEST(PeriodTest, MonthsFirstDayCountedAndMonthEnd) {
  auto r = Compute(D(2025, 11, 4), {4, PeriodUnit::kMonths, true, false});
  EXPECT_EQ(r.period_end, D(2026, 3, 3));
  auto end = Compute(D(2025, 10, 31), {4, PeriodUnit::kMonths, true, false});
  EXPECT_EQ(end.period_end, D(2026, 2, 28));  // February has no 31st
  EXPECT_EQ(RuleIds(end)[1], "month_end");
  EXPECT_EQ(end.rules[1].basis.ja, "民法第143条第2項ただし書");
  // Leap year: 2027-10-31 + 4 months → 2028-02-29.
  EXPECT_EQ(Compute(D(2027, 10, 31), {4, PeriodUnit::kMonths, true, false}).period_end,
            D(2028, 2, 29));
  // Counted from the first of a month: ends on the last day of the last month.
  EXPECT_EQ(Compute(D(2025, 3, 1), {1, PeriodUnit::kMonths, true, false}).period_end,
            D(2025, 3, 31));
  // Excluded first day that lands on the 1st.
  EXPECT_EQ(Compute(D(2025, 1, 31), {1, PeriodUnit::kMonths, false, false}).period_end,
            D(2025, 2, 28));
  // Across a year: 2025-08-31 + 6 months counted → 2026-02-28 (no 02-31 → month end).
  EXPECT_EQ(Compute(D(2025, 8, 31), {6, PeriodUnit::kMonths, true, false}).period_end,
            D(2026, 2, 28));
}

TEST(PeriodTest, WeeksAndYears) {
  auto w = Compute(D(2025, 6, 2), {2, PeriodUnit::kWeeks, false, false});
  EXPECT_EQ(w.period_end, D(2025, 6, 16));  // 06-03 + 14 days − 1
  auto y = Compute(D(2024, 2, 29), {1, PeriodUnit::kYears, true, false});
  EXPECT_EQ(y.period_end, D(2025, 2, 28));  // 2025-02-29 does not exist → month end
  EXPECT_EQ(Compute(D(2025, 4, 1), {1, PeriodUnit::kYears, true, false}).period_end,
            D(2026, 3, 31));
}

TEST(PeriodTest, MovesOffAdministrativeHolidaysOnlyWhenSwitchedOn) {
  // regime-notes §5: a recommendation received 2025-12-22 → 10 days end 2025-12-31 → 2026-01-05.
  auto moved = Compute(D(2025, 12, 22), {10, PeriodUnit::kDays, true, true});
  EXPECT_EQ(moved.period_end, D(2025, 12, 31));
  EXPECT_EQ(moved.due, D(2026, 1, 5));
  EXPECT_EQ(RuleIds(moved).back(), "moved_off_admin_holiday");
  EXPECT_EQ(moved.rules.back().basis.ja, "行政機関の休日に関する法律第2条");
  EXPECT_NE(moved.rules.back().text.ja.find("2026-01-04"), std::string::npos);

  auto kept = Compute(D(2025, 12, 22), {10, PeriodUnit::kDays, true, false});
  EXPECT_EQ(kept.due, D(2025, 12, 31));
  EXPECT_EQ(RuleIds(kept).back(), "admin_holiday_not_applied");

  auto workday = Compute(D(2026, 1, 5), {10, PeriodUnit::kDays, true, true});
  EXPECT_EQ(workday.due, D(2026, 1, 14));
  EXPECT_EQ(RuleIds(workday).back(), "admin_holiday_checked");
}

TEST(PeriodTest, Errors) {
  EXPECT_EQ(ComputePeriod(D(2025, 1, 1), {0, PeriodUnit::kDays, true, false}).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputePeriod(D(2025, 1, 1), {-3, PeriodUnit::kMonths, true, false}).status().code(),
            base::StatusCode::kInvalidArgument);
  // Moving off holidays before the administrative calendar starts.
  EXPECT_EQ(ComputePeriod(D(1980, 1, 1), {10, PeriodUnit::kDays, true, true}).status().code(),
            base::StatusCode::kOutOfRange);
  // Without the move the old date still computes.
  EXPECT_EQ(Compute(D(1980, 1, 1), {10, PeriodUnit::kDays, true, false}).due, D(1980, 1, 10));
}

TEST(PeriodTest, DescribesItself) {
  EXPECT_EQ(DescribePeriod({6, PeriodUnit::kMonths, false, false}).ja, "6か月");
  EXPECT_EQ(DescribePeriod({1, PeriodUnit::kDays, false, false}).en, "1 day");
  EXPECT_EQ(DescribePeriod({30, PeriodUnit::kDays, false, false}).en, "30 days");
}

}  // namespace
}  // namespace kikan::calendar
