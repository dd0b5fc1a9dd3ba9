#include "calendar/holidays.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kikan::calendar {
namespace {

using base::Date;

std::vector<std::string> Dates(int year) {
  auto hs = HolidaysInYear(year);
  EXPECT_TRUE(hs.has_value()) << year;
  std::vector<std::string> out;
  if (hs) {
    for (const Holiday& h : *hs) out.push_back(h.date.ToIso());
  }
  return out;
}

Holiday On(int y, int m, int d) {
  auto h = HolidayOn(Date::Ymd(y, m, d));
  EXPECT_TRUE(h.has_value());
  EXPECT_TRUE(h.has_value() && h->has_value()) << Date::Ymd(y, m, d).ToIso() << " not a holiday";
  return (h && *h) ? **h : Holiday{};
}

bool IsHoliday(int y, int m, int d) { return *IsPublicHoliday(Date::Ymd(y, m, d)); }

TEST(HolidaysTest, Year2025) {
  EXPECT_EQ(Dates(2025), (std::vector<std::string>{
                             "2025-01-01", "2025-01-13", "2025-02-11", "2025-02-23", "2025-02-24",
                             "2025-03-20", "2025-04-29", "2025-05-03", "2025-05-04", "2025-05-05",
                             "2025-05-06", "2025-07-21", "2025-08-11", "2025-09-15", "2025-09-23",
                             "2025-10-13", "2025-11-03", "2025-11-23", "2025-11-24"}));
  EXPECT_EQ(On(2025, 2, 24).kind, HolidayKind::kSubstitute);
  EXPECT_EQ(On(2025, 2, 24).name.ja, "振替休日");
  EXPECT_EQ(On(2025, 11, 3).name.en, "Culture Day");
  EXPECT_EQ(On(2025, 1, 1).basis.ja, "国民の祝日に関する法律（昭和23年法律第178号）第2条");
}

TEST(HolidaysTest, ActStartsOn1948July20) {
  EXPECT_EQ(Dates(1948), (std::vector<std::string>{"1948-09-23", "1948-11-03", "1948-11-23"}));
  EXPECT_EQ(Dates(1949).front(), "1949-01-01");
}

TEST(HolidaysTest, YearsOutsideTheRangeAreRefused) {
  EXPECT_EQ(HolidaysInYear(1947).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(HolidaysInYear(2151).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(HolidayOn(Date::Ymd(1947, 5, 3)).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_NE(HolidaysInYear(2151).status().ja().find("2151"), std::string::npos);
  EXPECT_TRUE(HolidaysInYear(2150).has_value());
  EXPECT_FALSE(HolidaysInYear(2150)->empty());
}

TEST(HolidaysTest, SubstituteHolidaysStartOn1973April12) {
  EXPECT_FALSE(IsHoliday(1973, 2, 12));  // 02-11 was a Sunday, before the amendment
  EXPECT_EQ(On(1973, 4, 30).kind, HolidayKind::kSubstitute);  // 04-29 Sunday: the first one
  // Before 2007: only the next day. 1990-09-23 (秋分) was a Sunday → 09-24.
  EXPECT_EQ(On(1990, 9, 24).kind, HolidayKind::kSubstitute);
  // From 2007: the nearest following non-holiday. 2009-05-03 Sunday → 05-06.
  EXPECT_EQ(On(2009, 5, 6).kind, HolidayKind::kSubstitute);
  EXPECT_EQ(On(2009, 5, 4).kind, HolidayKind::kNational);
  // 2008-05-04 (みどりの日) was a Sunday; 05-05 is a holiday too → 05-06.
  EXPECT_EQ(On(2008, 5, 6).kind, HolidayKind::kSubstitute);
}

TEST(HolidaysTest, CitizensHolidays) {
  EXPECT_FALSE(IsHoliday(1985, 5, 4));                       // before 1985-12-27
  EXPECT_EQ(On(1988, 5, 4).kind, HolidayKind::kCitizens);    // first one
  EXPECT_FALSE(IsHoliday(1986, 5, 4));                       // a Sunday: excluded before 2007
  EXPECT_EQ(On(1987, 5, 4).kind, HolidayKind::kSubstitute);  // 05-03 Sunday
  EXPECT_EQ(On(2009, 9, 22).kind, HolidayKind::kCitizens);  // between 敬老の日 and 秋分の日
  EXPECT_EQ(On(2015, 9, 22).kind, HolidayKind::kCitizens);
  EXPECT_EQ(On(2026, 9, 22).kind, HolidayKind::kCitizens);
  EXPECT_EQ(On(2019, 4, 30).kind, HolidayKind::kCitizens);
  EXPECT_EQ(On(2019, 5, 2).kind, HolidayKind::kCitizens);
}

TEST(HolidaysTest, OneOffDays) {
  EXPECT_EQ(On(1959, 4, 10).kind, HolidayKind::kSpecial);
  EXPECT_EQ(On(1989, 2, 24).kind, HolidayKind::kSpecial);
  EXPECT_EQ(On(1990, 11, 12).kind, HolidayKind::kSpecial);
  EXPECT_EQ(On(1993, 6, 9).kind, HolidayKind::kSpecial);
  EXPECT_EQ(On(2019, 5, 1).name.ja, "天皇の即位の日");
  EXPECT_EQ(On(2019, 10, 22).kind, HolidayKind::kSpecial);
  EXPECT_EQ(On(2019, 5, 6).kind, HolidayKind::kSubstitute);
  EXPECT_FALSE(IsHoliday(2019, 12, 23));  // no 天皇誕生日 in 2019
  EXPECT_FALSE(IsHoliday(2019, 2, 23));
  EXPECT_EQ(On(2018, 12, 23).name.ja, "天皇誕生日");
  EXPECT_EQ(On(2020, 2, 23).name.ja, "天皇誕生日");
  EXPECT_EQ(On(1988, 4, 29).name.ja, "天皇誕生日");
  EXPECT_EQ(On(1989, 4, 29).name.ja, "みどりの日");
  EXPECT_EQ(On(2007, 4, 29).name.ja, "昭和の日");
}

TEST(HolidaysTest, HappyMondayAndNewDays) {
  EXPECT_EQ(On(1999, 1, 15).name.ja, "成人の日");
  EXPECT_EQ(On(2000, 1, 10).name.ja, "成人の日");
  EXPECT_FALSE(IsHoliday(2000, 1, 15));
  EXPECT_EQ(On(1999, 10, 11).kind, HolidayKind::kSubstitute);  // 10-10 was a Sunday
  EXPECT_EQ(On(2000, 10, 9).name.ja, "体育の日");
  EXPECT_FALSE(IsHoliday(1995, 7, 20));
  EXPECT_EQ(On(1996, 7, 20).name.ja, "海の日");
  EXPECT_EQ(On(2003, 7, 21).name.ja, "海の日");
  EXPECT_EQ(On(2003, 9, 15).name.ja, "敬老の日");
  EXPECT_EQ(On(2004, 9, 20).name.ja, "敬老の日");
  EXPECT_FALSE(IsHoliday(2015, 8, 11));
  EXPECT_EQ(On(2016, 8, 11).name.ja, "山の日");
  EXPECT_EQ(On(2022, 10, 10).name.ja, "スポーツの日");
  EXPECT_EQ(On(1966, 9, 15).name.ja, "敬老の日");
  EXPECT_FALSE(IsHoliday(1966, 2, 11));
  EXPECT_EQ(On(1967, 2, 11).name.ja, "建国記念の日");
}

TEST(HolidaysTest, OlympicMoves) {
  EXPECT_EQ(On(2020, 7, 23).name.ja, "海の日");
  EXPECT_EQ(On(2020, 7, 24).name.ja, "スポーツの日");
  EXPECT_EQ(On(2020, 8, 10).name.ja, "山の日");
  EXPECT_FALSE(IsHoliday(2020, 7, 20));
  EXPECT_FALSE(IsHoliday(2020, 8, 11));
  EXPECT_FALSE(IsHoliday(2020, 10, 12));
  EXPECT_EQ(On(2021, 7, 22).name.ja, "海の日");
  EXPECT_EQ(On(2021, 7, 23).name.ja, "スポーツの日");
  EXPECT_EQ(On(2021, 8, 8).name.ja, "山の日");
  EXPECT_EQ(On(2021, 8, 9).kind, HolidayKind::kSubstitute);
  EXPECT_FALSE(IsHoliday(2021, 10, 11));
  EXPECT_FALSE(IsHoliday(2021, 7, 19));
}

TEST(HolidaysTest, Equinoxes) {
  EXPECT_EQ(VernalEquinoxDay(2025)->ToIso(), "2025-03-20");
  EXPECT_EQ(AutumnalEquinoxDay(2025)->ToIso(), "2025-09-23");
  EXPECT_EQ(VernalEquinoxDay(2026)->ToIso(), "2026-03-20");
  EXPECT_EQ(AutumnalEquinoxDay(2012)->ToIso(), "2012-09-22");
  EXPECT_EQ(VernalEquinoxDay(1976)->ToIso(), "1976-03-20");
  EXPECT_EQ(AutumnalEquinoxDay(1979)->ToIso(), "1979-09-24");
  EXPECT_EQ(AutumnalEquinoxDay(2044)->ToIso(), "2044-09-22");
  EXPECT_FALSE(VernalEquinoxDay(2151).has_value());
}

TEST(HolidaysTest, EveryYearIsSaneAcrossTheRange) {
  for (int y = kFirstHolidayYear + 1; y <= kLastHolidayYear; ++y) {
    auto hs = HolidaysInYear(y);
    ASSERT_TRUE(hs.has_value());
    EXPECT_GE(hs->size(), 9u) << y;
    EXPECT_LE(hs->size(), 22u) << y;
    for (size_t i = 0; i < hs->size(); ++i) {
      EXPECT_EQ((*hs)[i].date.year(), y);
      if (i > 0) {
        EXPECT_LT((*hs)[i - 1].date, (*hs)[i].date) << y;
      }
      if ((*hs)[i].kind == HolidayKind::kSubstitute) {
        EXPECT_NE((*hs)[i].date.weekday(), base::Weekday::kSunday);
      }
    }
    auto spring = VernalEquinoxDay(y);
    EXPECT_GE(spring->day(), 19);
    EXPECT_LE(spring->day(), 22);
  }
}

}  // namespace
}  // namespace kikan::calendar
