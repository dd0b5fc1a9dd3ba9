#include "base/hex.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

TEST(Hex, EncodesEveryByteAsTwoLowercaseDigits) {
  EXPECT_EQ(ToHex(std::string("\x00\x0f\xff\xa5", 4)), "000fffa5");
  EXPECT_EQ(ToHex(""), "");
  EXPECT_EQ(ToHex(std::array<uint8_t, 2>{0xde, 0xad}), "dead");
}

TEST(Hex, DecodesExactlyTheSizeAskedAndNothingElse) {
  EXPECT_EQ(FromHex("000fffa5", 4), std::string("\x00\x0f\xff\xa5", 4));
  EXPECT_EQ(FromHex("000fffa5", 3), std::nullopt);  // wrong length
  EXPECT_EQ(FromHex("000FFFA5", 4), std::nullopt);  // uppercase
  EXPECT_EQ(FromHex("000fffg5", 4), std::nullopt);  // not a digit
  EXPECT_EQ(FromHex("", 0), std::string());
}

TEST(Hex, RoundTripsEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(FromHex(ToHex(all), all.size()), all);
}

}  // namespace
}  // namespace kikan::base
