#include "calendar/clocks.h"

#include <gtest/gtest.h>

#include <string>

namespace kikan::calendar {
namespace {

using base::Date;

Date D(int y, int m, int d) { return Date::Ymd(y, m, d); }

// Every example of regime-notes.md §4–§5.
TEST(ClocksTest, FilingDutyAppliesFrom2025November2) {
  auto r = FilingDutyTransition(D(2025, 5, 1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->period_end, D(2025, 11, 1));
  EXPECT_EQ(r->day_after(), D(2025, 11, 2));
  EXPECT_EQ(r->rules.front().id, "first_day_excluded");
  EXPECT_NE(r->rules.front().basis.ja.find("民法第140条"), std::string::npos);
  EXPECT_EQ(r->rules.back().id, "day_after");
  EXPECT_NE(r->rules.back().text.ja.find("2025-11-02"), std::string::npos);
}

TEST(ClocksTest, WaitingPeriod) {
  auto r = WaitingPeriod(D(2025, 11, 4));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->period_end, D(2025, 12, 3));
  EXPECT_EQ(r->due, D(2025, 12, 3));
  EXPECT_EQ(r->day_after(), D(2025, 12, 4));
  EXPECT_EQ(r->rules.front().id, "first_day_counted");
  EXPECT_NE(r->rules.front().basis.ja.find("第52条第3項"), std::string::npos);
  // The waiting period never moves off a holiday: 2025-12-01 + 29 = 2025-12-30 (year-end).
  auto year_end = WaitingPeriod(D(2025, 12, 1));
  EXPECT_EQ(year_end->due, D(2025, 12, 30));
}

TEST(ClocksTest, ExtensionLimit) {
  EXPECT_EQ(ExtensionLimit(D(2025, 11, 4))->due, D(2026, 3, 3));
  auto month_end = ExtensionLimit(D(2025, 10, 31));
  EXPECT_EQ(month_end->due, D(2026, 2, 28));
  EXPECT_EQ(month_end->rules[1].id, "month_end");
}

TEST(ClocksTest, RecommendationAnswer) {
  EXPECT_EQ(RecommendationAnswerDeadline(D(2026, 1, 5))->due, D(2026, 1, 14));
  auto moved = RecommendationAnswerDeadline(D(2025, 12, 22));
  EXPECT_EQ(moved->period_end, D(2025, 12, 31));
  EXPECT_EQ(moved->due, D(2026, 1, 5));
  EXPECT_EQ(moved->rules.back().id, "moved_off_admin_holiday");  // no day_after: no label
}

// Each clock cites the provision that sets it, as checked against the Act's text (issue 14 §1):
// the 10-day answer is Art. 52(7) (not 52(6), the recommendation itself), the transition Art.
// 53(1).
TEST(ClocksTest, SourcesAreTheCheckedArticles) {
  EXPECT_EQ(GetClock(ClockId::kRecommendationAnswer).source.ja, "経済安全保障推進法第52条第7項");
  EXPECT_EQ(GetClock(ClockId::kRecommendationAnswer).source.en,
            "Economic Security Promotion Act, Art. 52(7)");
  EXPECT_EQ(GetClock(ClockId::kFilingDutyTransition).source.ja, "経済安全保障推進法第53条第1項");
  EXPECT_EQ(GetClock(ClockId::kWaitingPeriod).source.ja, "経済安全保障推進法第52条第3項");
  EXPECT_EQ(GetClock(ClockId::kExtensionLimit).source.ja, "経済安全保障推進法第52条第4項");
  for (const ClockSpec& c : Clocks()) {
    EXPECT_EQ(c.source.ja.find("未確認"), std::string::npos) << c.key;
  }
}

// Art. 52(10) proviso (and 52(6) proviso): an order only until the 30 days end, or the extended
// period ends.
TEST(ClocksTest, RecommendationAndOrderLimit) {
  auto plain = RecommendationAndOrderLimit(D(2025, 11, 4), std::nullopt);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->due, D(2025, 12, 3));
  EXPECT_EQ(plain->rules.back().id, "order_limit");
  EXPECT_NE(plain->rules.back().basis.ja.find("第10項ただし書"), std::string::npos);
  for (const AppliedRule& r : plain->rules) EXPECT_NE(r.id, "day_after");
  auto extended = RecommendationAndOrderLimit(D(2025, 11, 4), D(2026, 2, 27));
  ASSERT_TRUE(extended.has_value());
  EXPECT_EQ(extended->due, D(2026, 2, 27));
  EXPECT_EQ(extended->rules[extended->rules.size() - 2].id, "extended");
  // Past the 4-month limit (2026-03-03) or before the 30 days end: not an extended period.
  EXPECT_EQ(RecommendationAndOrderLimit(D(2025, 11, 4), D(2026, 3, 4)).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecommendationAndOrderLimit(D(2025, 11, 4), D(2025, 12, 2)).status().code(),
            base::StatusCode::kInvalidArgument);
}

// 法第53条第2項・第3項: 「特定重要設備となった日から六月間」. The amended ordinance takes effect at
// 0:00 of its effective date, so that day is day 1 (民法第140条ただし書); the period ends the day
// before the corresponding day six months on (民法第143条第2項), on the month's last day when
// there is none, and it does not move off holidays (Art. 52(1) is not an act toward an agency).
TEST(ClocksTest, AmendmentGrace) {
  // The trucking equipment definition revised with effect from 2025-06-30 (a Monday).
  auto r = EquipmentAmendmentGrace(D(2025, 6, 30));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first_day, D(2025, 6, 30));
  EXPECT_EQ(r->period_end, D(2025, 12, 29));
  EXPECT_EQ(r->due, D(2025, 12, 29));  // a closed day (年末年始), not moved
  EXPECT_EQ(r->day_after(), D(2025, 12, 30));
  EXPECT_EQ(r->rules.front().id, "first_day_counted_midnight");
  EXPECT_NE(r->rules.front().basis.ja.find("民法第140条ただし書"), std::string::npos);
  EXPECT_NE(r->rules.front().basis.ja.find("第53条第2項"), std::string::npos);
  EXPECT_EQ(r->rules.back().id, "day_after");
  bool not_moved = false;
  for (const AppliedRule& rule : r->rules) not_moved |= rule.id == "admin_holiday_not_applied";
  EXPECT_TRUE(not_moved);
  // From the 1st of a month: ends on the last day of the sixth month.
  EXPECT_EQ(EquipmentAmendmentGrace(D(2025, 4, 1))->period_end, D(2025, 9, 30));
  // The sixth month has no corresponding day: ends on its last day (143(2) proviso).
  EXPECT_EQ(EquipmentAmendmentGrace(D(2025, 8, 31))->period_end, D(2026, 2, 28));
  EXPECT_EQ(EquipmentAmendmentGrace(D(2023, 8, 31))->period_end, D(2024, 2, 29));  // leap year
  EXPECT_EQ(EquipmentAmendmentGrace(D(2025, 2, 28))->period_end, D(2025, 8, 27));
  // 53(1) for comparison: a designation is made during the day, so its day is not counted.
  EXPECT_EQ(FilingDutyTransition(D(2025, 6, 30))->period_end, D(2025, 12, 31));
  // Maintenance (53(3)): the same period, its own source.
  auto m = MaintenanceAmendmentGrace(D(2025, 6, 30));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->period_end, D(2025, 12, 29));
  EXPECT_EQ(GetClock(ClockId::kEquipmentAmendmentGrace).source.ja, "経済安全保障推進法第53条第2項");
  EXPECT_EQ(GetClock(ClockId::kMaintenanceAmendmentGrace).source.ja,
            "経済安全保障推進法第53条第3項");
}

TEST(ClocksTest, LatestReceiptForAnInstallation) {
  // The first day of the filing duty after a 2025-05-01 designation.
  EXPECT_EQ(*LatestReceiptForInstallation(D(2025, 11, 2)), D(2025, 10, 3));
  EXPECT_EQ(WaitingPeriod(D(2025, 10, 3))->day_after(), D(2025, 11, 2));
  EXPECT_EQ(WaitingPeriod(D(2025, 10, 4))->day_after(), D(2025, 11, 3));  // one day too late
  EXPECT_EQ(*LatestReceiptForInstallation(D(2025, 12, 4)), D(2025, 11, 4));
}

// 法第50条第3項 「変更する日の二週間前までに」: two clear weeks between the notice and the change,
// counted back without the day of the change; never moved to a later day.
TEST(ClocksTest, NameChangeNoticeIsDueFifteenDaysBefore) {
  auto r = NameChangeNoticeDeadline(D(2026, 4, 1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->period_start, D(2026, 3, 18));
  EXPECT_EQ(r->last_day, D(2026, 3, 17));
  EXPECT_EQ(r->last_workday, D(2026, 3, 17));
  ASSERT_EQ(r->rules.size(), 4u);
  EXPECT_EQ(r->rules[0].id, "first_day_excluded_backward");
  EXPECT_NE(r->rules[0].basis.ja.find("民法第140条"), std::string::npos);
  EXPECT_EQ(r->rules[2].id, "before_period");
  EXPECT_EQ(r->rules[2].basis.ja, "経済安全保障推進法第50条第3項");
  EXPECT_EQ(r->source.en, "Economic Security Promotion Act, Art. 50(3)");
  // A last day on a holiday stays (moving it later would leave less than two weeks); the
  // workday before it is named.
  auto holiday = NameChangeNoticeDeadline(D(2026, 2, 26));  // 2026-02-11 建国記念の日
  EXPECT_EQ(holiday->last_day, D(2026, 2, 11));
  EXPECT_EQ(holiday->last_workday, D(2026, 2, 10));
  EXPECT_EQ(holiday->rules.back().id, "admin_holiday_not_applied_backward");
  EXPECT_NE(holiday->rules.back().text.ja.find("2026-02-10"), std::string::npos);
  auto year_end = NameChangeNoticeDeadline(D(2026, 1, 18));  // → 2026-01-03, year-end closure
  EXPECT_EQ(year_end->last_day, D(2026, 1, 3));
  EXPECT_EQ(year_end->last_workday, D(2025, 12, 26));
  EXPECT_EQ(NameChangeNoticeDeadline(D(1980, 1, 1)).status().code(), base::StatusCode::kOutOfRange);
}

TEST(ClocksTest, TableIsConsistent) {
  ASSERT_EQ(Clocks().size(), 6u);
  for (const ClockSpec& c : Clocks()) {
    EXPECT_EQ(&GetClock(c.id), &c);
    auto found = FindClock(c.key);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, &c);
    EXPECT_FALSE(c.name.ja.empty());
    EXPECT_FALSE(c.source.ja.empty());
    EXPECT_FALSE(c.source.en.empty());
  }
  // Only the answer to a recommendation (an act toward the agency) moves off holidays.
  EXPECT_TRUE(GetClock(ClockId::kRecommendationAnswer).period.move_off_admin_holiday);
  EXPECT_FALSE(GetClock(ClockId::kWaitingPeriod).period.move_off_admin_holiday);
  EXPECT_FALSE(GetClock(ClockId::kExtensionLimit).period.move_off_admin_holiday);
  EXPECT_FALSE(GetClock(ClockId::kFilingDutyTransition).period.first_day_counted);
  auto missing = FindClock("nope");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.status().code(), base::StatusCode::kNotFound);
  EXPECT_NE(missing.status().en().find("waiting_period"), std::string::npos);
}

}  // namespace
}  // namespace kikan::calendar
