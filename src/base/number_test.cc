#include "base/number.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace kikan::base {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

void ExpectError(tl::expected<int64_t, NumberError> r, NumberError e, const std::string& text) {
  ASSERT_FALSE(r.has_value()) << text << " gave " << *r;
  EXPECT_EQ(r.error(), e) << text;
}

TEST(ParseIntTest, Values) {
  EXPECT_EQ(ParseInt("0"), 0);
  EXPECT_EQ(ParseInt("-0"), 0);
  EXPECT_EQ(ParseInt("7"), 7);
  EXPECT_EQ(ParseInt("007"), 7);
  EXPECT_EQ(ParseInt("-42"), -42);
  EXPECT_EQ(ParseInt("920000"), 920000);
  EXPECT_EQ(ParseInt("9223372036854775807"), kMax);
  EXPECT_EQ(ParseInt("-9223372036854775808"), kMin);
  // Either side of 18 digits (where the unchecked path ends).
  EXPECT_EQ(ParseInt("999999999999999999"), 999999999999999999);
  EXPECT_EQ(ParseInt("-999999999999999999"), -999999999999999999);
  EXPECT_EQ(ParseInt("1000000000000000000"), 1000000000000000000);
  EXPECT_EQ(ParseInt("0000000000000000000000000042"), 42);  // leading zeros count as digits
}

TEST(ParseIntTest, Overflow) {
  for (const char* t : {"9223372036854775808", "-9223372036854775809", "99999999999999999999",
                        "18446744073709551616", "-99999999999999999999999999"}) {
    ExpectError(ParseInt(t), NumberError::kRange, t);
  }
}

TEST(ParseIntTest, Junk) {
  for (const char* t : {"", "-", "+1", " 1", "1 ", "1a", "a1", "0x10", "1e3", "1.0", "1.", ".1",
                        "--1", "1-", "1_000", "1,000", "１２", "\t7"}) {
    ExpectError(ParseInt(t), NumberError::kSyntax, t);
  }
  ExpectError(ParseInt(std::string_view("1\0", 2)), NumberError::kSyntax, "1\\0");
}

TEST(ParseDecimalTest, ScalesExactly) {
  EXPECT_EQ(ParseDecimal("12.5", 4), 125000);
  EXPECT_EQ(ParseDecimal("3", 4), 30000);
  EXPECT_EQ(ParseDecimal("0.0001", 4), 1);
  EXPECT_EQ(ParseDecimal("-0.0001", 4), -1);
  EXPECT_EQ(ParseDecimal("-1.5", 4), -15000);
  EXPECT_EQ(ParseDecimal("0.1", 4), 1000);  // exact: no binary fraction involved
  EXPECT_EQ(ParseDecimal("0.3", 1), 3);
  EXPECT_EQ(ParseDecimal("12.5", 2), 1250);
  EXPECT_EQ(ParseDecimal("7", 0), 7);
  EXPECT_EQ(ParseDecimal("1.000000000000000001", 18), 1000000000000000001);
}

TEST(ParseDecimalTest, PrecisionIsNeverRounded) {
  ExpectError(ParseDecimal("1.23456", 4), NumberError::kPrecision, "1.23456");
  ExpectError(ParseDecimal("1.50000", 4), NumberError::kPrecision, "1.50000");  // zeros too
  ExpectError(ParseDecimal("0.00001", 4), NumberError::kPrecision, "0.00001");
  ExpectError(ParseDecimal("0.001", 2), NumberError::kPrecision, "0.001");
  ExpectError(ParseDecimal("1.5", 0), NumberError::kPrecision, "1.5 at 0 places");
}

TEST(ParseDecimalTest, RangeOfTheScaledValue) {
  EXPECT_EQ(ParseDecimal("922337203685477.5807", 4), kMax);
  EXPECT_EQ(ParseDecimal("-922337203685477.5808", 4), kMin);
  EXPECT_EQ(ParseDecimal("922337203685477", 4), 9223372036854770000);
  EXPECT_EQ(ParseDecimal("99999999999999.9999", 4), 999999999999999999);  // 18 digits scaled
  EXPECT_EQ(ParseDecimal("-99999999999999.9999", 4), -999999999999999999);
  EXPECT_EQ(ParseDecimal("100000000000000.5", 4), 1000000000000005000);  // 19 digits scaled
  ExpectError(ParseDecimal("999999999999999.9999", 4), NumberError::kRange, "19 nines");
  ExpectError(ParseDecimal("922337203685477.5808", 4), NumberError::kRange, "max + 1");
  ExpectError(ParseDecimal("-922337203685477.5809", 4), NumberError::kRange, "min - 1");
  ExpectError(ParseDecimal("922337203685478", 4), NumberError::kRange, "scaling overflows");
  ExpectError(ParseDecimal("99999999999999999999", 4), NumberError::kRange, "whole overflows");
  // A whole part out of range is kRange even with too many places.
  ExpectError(ParseDecimal("99999999999999999999.123456", 4), NumberError::kRange, "both");
}

TEST(ParseDecimalTest, Junk) {
  for (const char* t : {"", "-", ".5", "5.", "-.5", "+1.5", " 1.5", "1.5 ", "1..5", "1.2.3", "1,5",
                        "1e3", "1.5e3", "inf", "nan", "0x1p3", "１.５", "1_000.5", "5%"}) {
    ExpectError(ParseDecimal(t, 4), NumberError::kSyntax, t);
  }
}

}  // namespace
}  // namespace kikan::base
