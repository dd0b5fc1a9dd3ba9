#include "calendar/admin_holidays.h"

#include <gtest/gtest.h>

namespace kikan::calendar {
namespace {

using base::Date;

bool Closed(int y, int m, int d) {
  auto r = IsAdministrativeHoliday(Date::Ymd(y, m, d));
  EXPECT_TRUE(r.has_value()) << r.status().ToString();
  return r.value_or(false);
}

TEST(AdminHolidaysTest, WeekendsHolidaysAndYearEnd) {
  EXPECT_TRUE(Closed(2025, 12, 27));  // Saturday
  EXPECT_TRUE(Closed(2025, 12, 28));  // Sunday
  EXPECT_TRUE(Closed(2025, 12, 29));  // Monday, year-end
  EXPECT_TRUE(Closed(2025, 12, 31));
  EXPECT_TRUE(Closed(2026, 1, 1));  // 元日
  EXPECT_TRUE(Closed(2026, 1, 2));
  EXPECT_TRUE(Closed(2026, 1, 3));
  EXPECT_TRUE(Closed(2026, 1, 4));     // Sunday
  EXPECT_FALSE(Closed(2026, 1, 5));    // Monday
  EXPECT_FALSE(Closed(2025, 12, 26));  // Friday
  EXPECT_TRUE(Closed(2025, 11, 24));   // 振替休日
  EXPECT_TRUE(Closed(2019, 4, 30));    // 国民の休日
  EXPECT_TRUE(Closed(2019, 10, 22));   // 即位礼正殿の儀
  EXPECT_FALSE(Closed(2025, 6, 2));    // Monday
}

TEST(AdminHolidaysTest, ReasonsNameTheRule) {
  auto year_end = AdministrativeHolidayReason(Date::Ymd(2025, 12, 30));
  ASSERT_TRUE(year_end.has_value() && year_end->has_value());
  EXPECT_NE((*year_end)->ja.find("年末年始"), std::string::npos);
  auto new_year = AdministrativeHolidayReason(Date::Ymd(2026, 1, 1));
  EXPECT_NE((*new_year)->ja.find("元日"), std::string::npos) << (*new_year)->ja;
  auto sunday = AdministrativeHolidayReason(Date::Ymd(2026, 1, 4));
  EXPECT_EQ((*sunday)->en, "Sunday");
  auto open = AdministrativeHolidayReason(Date::Ymd(2026, 1, 5));
  ASSERT_TRUE(open.has_value());
  EXPECT_FALSE(open->has_value());
}

TEST(AdminHolidaysTest, NextWorkday) {
  EXPECT_EQ(NextAdministrativeWorkday(Date::Ymd(2025, 12, 31))->ToIso(), "2026-01-05");
  EXPECT_EQ(NextAdministrativeWorkday(Date::Ymd(2025, 12, 26))->ToIso(), "2025-12-26");
  EXPECT_EQ(NextAdministrativeWorkday(Date::Ymd(2025, 5, 3))->ToIso(), "2025-05-07");
}

TEST(AdminHolidaysTest, RefusesDatesBeforeTheAllSaturdaysRule) {
  auto r = IsAdministrativeHoliday(Date::Ymd(1992, 4, 30));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kOutOfRange);
  EXPECT_TRUE(IsAdministrativeHoliday(Date::Ymd(1992, 5, 2)).has_value());
  EXPECT_FALSE(IsAdministrativeHoliday(Date::Ymd(2151, 1, 5)).has_value());
}

}  // namespace
}  // namespace kikan::calendar
