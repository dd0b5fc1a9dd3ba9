#include "base/clock.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

TEST(Clock, FormatsAndParsesRoundTrip) {
  auto t = ParseInstant("2026-11-30T11:08:21.123Z");
  ASSERT_TRUE(t) << t.status().ToString();
  EXPECT_EQ(FormatInstant(*t), "2026-11-30T11:08:21.123Z");
  EXPECT_EQ(FormatInstant(*ParseInstant("2026-11-30T20:08:21+09:00")), "2026-11-30T11:08:21.000Z");
  EXPECT_EQ(FormatInstant(*ParseInstant("1969-12-31T23:59:59.5Z")), "1969-12-31T23:59:59.500Z");
}

TEST(Clock, RefusesMalformedInstants) {
  for (const char* bad : {"", "2026-11-30", "2026-11-30 11:08:21Z", "2026-02-30T00:00:00Z",
                          "2026-11-30T24:00:00Z", "2026-11-30T11:08:21", "2026-11-30T11:08:21.Z",
                          "2026-11-30T11:08:21+9:00", "2026-11-30T11:08:21ZZ"}) {
    auto t = ParseInstant(bad);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_NE(t.status().en().find(bad), std::string::npos) << t.status().en();
    }
  }
}

TEST(Clock, JapanDateIsUtcPlusNine) {
  EXPECT_EQ(JapanDate(*ParseInstant("2025-04-30T14:59:59.999Z")), Date::Ymd(2025, 4, 30));
  EXPECT_EQ(JapanDate(*ParseInstant("2025-04-30T15:00:00Z")), Date::Ymd(2025, 5, 1));
  EXPECT_EQ(FormatInstant(JapanMidnight(Date::Ymd(2025, 5, 1))), "2025-04-30T15:00:00.000Z");
}

TEST(Clock, ManualClockAdvances) {
  ManualClock c(*ParseInstant("2026-01-01T00:00:00Z"));
  c.Advance(std::chrono::hours(25));
  EXPECT_EQ(FormatInstant(c.Now()), "2026-01-02T01:00:00.000Z");
}

}  // namespace
}  // namespace kikan::base
