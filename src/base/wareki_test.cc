#include "base/wareki.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

Date D(int y, int m, int d) { return Date::Ymd(y, m, d); }

TEST(WarekiTest, ParsesKanjiForm) {
  EXPECT_EQ(*ParseWareki("令和7年6月2日"), D(2025, 6, 2));
  EXPECT_EQ(*ParseWareki("令和元年5月1日"), D(2019, 5, 1));
  EXPECT_EQ(*ParseWareki("令和1年5月1日"), D(2019, 5, 1));
  EXPECT_EQ(*ParseWareki("平成31年4月30日"), D(2019, 4, 30));
  EXPECT_EQ(*ParseWareki("平成元年1月8日"), D(1989, 1, 8));
  EXPECT_EQ(*ParseWareki("昭和64年1月7日"), D(1989, 1, 7));
  EXPECT_EQ(*ParseWareki("昭和元年12月25日"), D(1926, 12, 25));
  EXPECT_EQ(*ParseWareki("大正15年12月24日"), D(1926, 12, 24));
  EXPECT_EQ(*ParseWareki("大正元年7月30日"), D(1912, 7, 30));
  EXPECT_EQ(*ParseWareki("明治45年7月29日"), D(1912, 7, 29));
  EXPECT_EQ(*ParseWareki("明治6年1月1日"), D(1873, 1, 1));
}

TEST(WarekiTest, ParsesLetterForm) {
  EXPECT_EQ(*ParseWareki("R7.6.2"), D(2025, 6, 2));
  EXPECT_EQ(*ParseWareki("H31.4.30"), D(2019, 4, 30));
  EXPECT_EQ(*ParseWareki("r7/6/2"), D(2025, 6, 2));
  EXPECT_EQ(*ParseWareki("S64-1-7"), D(1989, 1, 7));
  EXPECT_EQ(*ParseWareki("R元.5.1"), D(2019, 5, 1));
  EXPECT_EQ(*ParseWareki("T1.7.30"), D(1912, 7, 30));
  EXPECT_EQ(*ParseWareki("M45.7.29"), D(1912, 7, 29));
}

TEST(WarekiTest, AcceptsFullWidthInput) {
  EXPECT_EQ(*ParseWareki("令和７年６月２日"), D(2025, 6, 2));
  EXPECT_EQ(*ParseWareki("Ｒ７．６．２"), D(2025, 6, 2));
  EXPECT_EQ(*ParseWareki("　令和7年11月2日 "), D(2025, 11, 2));
  EXPECT_EQ(FoldFullWidthAscii("ＡＢｃ１２３－／　"), "ABc123-/ ");
  EXPECT_EQ(FoldFullWidthAscii("令和"), "令和");
}

TEST(WarekiTest, RefusesDatesOutsideTheEraNamingTheRange) {
  auto r = ParseWareki("平成32年1月1日");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(r.status().ja().find("平成31年4月30日"), std::string::npos) << r.status().ja();
  EXPECT_NE(r.status().ja().find("平成元年1月8日"), std::string::npos) << r.status().ja();
  EXPECT_NE(r.status().en().find("2019-04-30"), std::string::npos) << r.status().en();

  auto r2 = ParseWareki("令和元年4月30日");
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(r2.status().en().find("2019-05-01"), std::string::npos) << r2.status().en();
  EXPECT_NE(r2.status().ja().find("令和元年5月1日"), std::string::npos) << r2.status().ja();

  EXPECT_EQ(ParseWareki("H31.5.1").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(ParseWareki("昭和64年1月8日").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(ParseWareki("大正元年7月29日").status().code(), StatusCode::kOutOfRange);
}

TEST(WarekiTest, RefusesLunisolarEraDates) {
  auto r = ParseWareki("明治5年12月2日");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(r.status().en().find("1873-01-01"), std::string::npos);
  EXPECT_FALSE(ToWareki(D(1872, 12, 31)).has_value());
  EXPECT_FALSE(FormatWareki(D(1800, 1, 1)).has_value());
  EXPECT_EQ(FormatWarekiOrEmpty(D(1800, 1, 1)), "");
}

TEST(WarekiTest, RefusesMalformedText) {
  for (const char* bad :
       {"", "令和", "令和7年", "令和7年6月", "令和7年6月2", "令和7年6月2日です", "X7.6.2", "R7.6",
        "R7.6/2", "R0.6.2", "令和0年6月2日", "2025年6月2日", "R.6.2", "令和七年六月二日"}) {
    auto r = ParseWareki(bad);
    EXPECT_FALSE(r.has_value()) << bad;
    if (!r) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
  auto r = ParseWareki("令和7年2月29日");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().ja().find("令和7年2月29日"), std::string::npos);
}

TEST(WarekiTest, Formats) {
  EXPECT_EQ(*FormatWareki(D(2025, 6, 2)), "令和7年6月2日");
  EXPECT_EQ(*FormatWareki(D(2019, 5, 1)), "令和元年5月1日");
  EXPECT_EQ(*FormatWareki(D(2019, 4, 30)), "平成31年4月30日");
  EXPECT_EQ(*FormatWareki(D(1989, 1, 7)), "昭和64年1月7日");
  EXPECT_EQ(*FormatWareki(D(1989, 1, 8)), "平成元年1月8日");
  EXPECT_EQ(*FormatWareki(D(1926, 12, 25)), "昭和元年12月25日");
  EXPECT_EQ(*FormatWareki(D(1912, 7, 30)), "大正元年7月30日");
  EXPECT_EQ(*FormatWareki(D(1873, 1, 1)), "明治6年1月1日");
  EXPECT_EQ(*FormatWarekiShort(D(2025, 6, 2)), "R7.6.2");
  EXPECT_EQ(*FormatWarekiShort(D(2019, 4, 30)), "H31.4.30");
}

TEST(WarekiTest, RoundTripsEveryDayFrom1873To2100) {
  for (Date d = D(1873, 1, 1); d <= D(2100, 12, 31); d = d.AddDays(1)) {
    auto kanji = FormatWareki(d);
    ASSERT_TRUE(kanji.has_value()) << d.ToIso();
    auto back = ParseWareki(*kanji);
    ASSERT_TRUE(back.has_value()) << *kanji << ": " << back.status().ToString();
    ASSERT_EQ(*back, d) << *kanji;
    auto letter = FormatWarekiShort(d);
    ASSERT_EQ(*ParseWareki(*letter), d) << *letter;
  }
}

TEST(WarekiTest, ErasAreContiguous) {
  auto eras = Eras();
  ASSERT_EQ(eras.size(), 5u);
  for (size_t i = 0; i + 1 < eras.size(); ++i) {
    ASSERT_TRUE(eras[i].last_day.has_value());
    EXPECT_EQ(eras[i].last_day->AddDays(1), eras[i + 1].first_day) << eras[i].en;
  }
  EXPECT_FALSE(eras.back().last_day.has_value());
}

TEST(WarekiTest, ParsesIsoOrWareki) {
  EXPECT_EQ(*ParseDateIsoOrWareki("2025-05-01"), D(2025, 5, 1));
  EXPECT_EQ(*ParseDateIsoOrWareki("２０２５-０５-０１"), D(2025, 5, 1));
  EXPECT_EQ(*ParseDateIsoOrWareki("令和7年5月1日"), D(2025, 5, 1));
  EXPECT_EQ(*ParseDateIsoOrWareki("R7.5.1"), D(2025, 5, 1));
  auto bad = ParseDateIsoOrWareki("2025-02-30");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().en().find("2025-02-30"), std::string::npos);
}

}  // namespace
}  // namespace kikan::base
