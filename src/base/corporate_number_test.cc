#include "base/corporate_number.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

// Real numbers from the FSA EDINET code list (data-facts.md §3).
TEST(CorporateNumberTest, AcceptsRealNumbers) {
  for (const char* n : {"6140001006951",     // 株式会社上組
                        "4010401022860",     // 日本通運株式会社
                        "8130001000053",     // 佐川急便株式会社
                        "7010001034964",     // ヤマトホールディングス株式会社
                        "1020001025489",     // 株式会社宇徳
                        "7020001027166",     // 鈴江コーポレーション株式会社
                        "6180001007509",     // 名港海運株式会社
                        "2120001029347",     // 株式会社辰巳商会
                        "9130001026717",     // SGホールディングス株式会社
                        "3200001013795"}) {  // セイノーホールディングス株式会社
    auto parsed = CorporateNumber::Parse(n);
    ASSERT_TRUE(parsed.has_value()) << n << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->digits(), n);
    EXPECT_TRUE(ValidateCorporateNumber(n).ok());
  }
}

TEST(CorporateNumberTest, ComputesTheCheckDigit) {
  EXPECT_EQ(CorporateNumberCheckDigit("010401022860"), 4);
  EXPECT_EQ(CorporateNumberCheckDigit("140001006951"), 6);
  EXPECT_EQ(CorporateNumberCheckDigit("130001000053"), 8);
  // Σ = 0 → 9 − 0 = 9 (the check digit is never 0).
  EXPECT_EQ(CorporateNumberCheckDigit("000000000000"), 9);
}

TEST(CorporateNumberTest, RefusesAWrongCheckDigitGivingTheExpectedOne) {
  auto r = CorporateNumber::Parse("5010401022860");  // 日本通運 with 5 instead of 4
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().en().find("should be 4"), std::string::npos) << r.status().en();
  EXPECT_NE(r.status().en().find("not 5"), std::string::npos) << r.status().en();
  EXPECT_NE(r.status().ja().find("4であるべき"), std::string::npos) << r.status().ja();
  // A swapped pair of base digits is caught too.
  EXPECT_FALSE(CorporateNumber::Parse("4010401022806").has_value());
}

TEST(CorporateNumberTest, EveryWrongCheckDigitIsRefused) {
  for (char c = '0'; c <= '9'; ++c) {
    std::string n = std::string(1, c) + "140001006951";
    EXPECT_EQ(CorporateNumber::Parse(n).has_value(), c == '6') << n;
  }
}

TEST(CorporateNumberTest, RefusesMalformedInput) {
  for (const char* bad : {"", "401040102286", "40104010228601", "4010-401-022860", "401040102286X",
                          " 4010401022860"}) {
    auto r = CorporateNumber::Parse(bad);
    EXPECT_FALSE(r.has_value()) << bad;
    if (!r) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(CorporateNumberTest, AcceptsFullWidthDigits) {
  auto r = CorporateNumber::Parse("４０１０４０１０２２８６０");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->digits(), "4010401022860");
}

}  // namespace
}  // namespace kikan::base
