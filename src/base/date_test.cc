#include "base/date.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

TEST(DateTest, ParsesAndFormatsIso) {
  auto d = Date::ParseIso("2025-06-02");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 6);
  EXPECT_EQ(d->day(), 2);
  EXPECT_EQ(d->weekday(), Weekday::kMonday);
  EXPECT_EQ(d->ToIso(), "2025-06-02");
}

TEST(DateTest, RefusesDaysThatDoNotExist) {
  for (const char* bad : {"2025-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-6-2",
                          "20250602", "2025-06-0x", ""}) {
    auto d = Date::ParseIso(bad);
    EXPECT_FALSE(d.has_value()) << bad;
    if (!d) {
      EXPECT_NE(d.status().en().find(bad), std::string::npos) << d.status().en();
    }
  }
  EXPECT_TRUE(Date::ParseIso("2024-02-29").has_value());
  EXPECT_FALSE(Date::ParseIso("1900-02-29").has_value());
  EXPECT_TRUE(Date::ParseIso("2000-02-29").has_value());
}

TEST(DateTest, RoundTripsEveryDayOfFourCenturies) {
  Date d = Date::Ymd(1800, 1, 1);
  for (int i = 0; i < 146097; ++i) {
    Date e = Date::Ymd(d.year(), d.month(), d.day());
    ASSERT_EQ(e, d);
    Date next = d.AddDays(1);
    ASSERT_EQ(next.DaysSince(d), 1);
    d = next;
  }
  EXPECT_EQ(d, Date::Ymd(2200, 1, 1));
}

TEST(DateTest, AddsMonthsClampingToTheMonthEnd) {
  EXPECT_EQ(Date::Ymd(2025, 10, 31).AddMonthsClamped(4), Date::Ymd(2026, 2, 28));
  EXPECT_EQ(Date::Ymd(2023, 10, 31).AddMonthsClamped(4), Date::Ymd(2024, 2, 29));
  EXPECT_EQ(Date::Ymd(2025, 11, 4).AddMonthsClamped(4), Date::Ymd(2026, 3, 4));
  EXPECT_EQ(Date::Ymd(2025, 5, 1).AddMonthsClamped(6), Date::Ymd(2025, 11, 1));
  EXPECT_EQ(Date::Ymd(2025, 3, 15).AddMonthsClamped(-3), Date::Ymd(2024, 12, 15));
}

}  // namespace
}  // namespace kikan::base
