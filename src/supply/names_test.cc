// Company names as filings write them: the forms of 株式会社, widths, spaces and Latin legal forms
// fold to one key; matching by 法人番号 first, then by that key and the country.
#include "supply/names.h"

#include <gtest/gtest.h>

namespace kikan::supply {
namespace {

PartyRef Party(std::string name, std::string corporate_number = "", std::string country = "") {
  PartyRef p;
  p.name = std::move(name);
  p.corporate_number = std::move(corporate_number);
  p.country = std::move(country);
  return p;
}

TEST(CompanyName, JapaneseLegalFormsFoldToOneKey) {
  for (const char* name : {"株式会社上組", "㈱上組", "（株）上組", "(株)上組", "上組株式会社",
                           "株式会社　上組", "上組", " 上組 ", "上組（株）"}) {
    EXPECT_EQ(NormaliseCompanyName(name), "上組") << name;
  }
  EXPECT_EQ(NormaliseCompanyName("有限会社 山田商店"), "山田商店");
  // A form in the middle, before an annotation, is a form too.
  EXPECT_EQ(NormaliseCompanyName("架空制御機器株式会社（サンプル）"),
            NormaliseCompanyName("㈱架空制御機器（サンプル）"));
  EXPECT_EQ(NormaliseCompanyName("合同会社ＡＢＣ"), "abc");
  EXPECT_EQ(NormaliseCompanyName("一般社団法人 名古屋港運協会"), "名古屋港運協会");
}

TEST(CompanyName, WidthsCaseAndSpacesFold) {
  // Full-width Latin and digits, half-width katakana, the ideographic space, the middle dot.
  EXPECT_EQ(NormaliseCompanyName("ＮＥＣ　ネッツエスアイ株式会社"),
            NormaliseCompanyName("NEC ネッツエスアイ"));
  EXPECT_EQ(NormaliseCompanyName("ｶﾐｸﾞﾐ"), NormaliseCompanyName("カミグミ"));
  EXPECT_EQ(NormaliseCompanyName("トヨタ・システムズ"), NormaliseCompanyName("トヨタシステムズ"));
  EXPECT_EQ(FoldText("ＰＬＣ－１００"), "plc-100");
}

TEST(CompanyName, LatinLegalFormsFold) {
  EXPECT_EQ(NormaliseCompanyName("Kamigumi Co., Ltd."), "kamigumi");
  EXPECT_EQ(NormaliseCompanyName("KAMIGUMI CO.,LTD"), "kamigumi");
  EXPECT_EQ(NormaliseCompanyName("Example Inc."), "example");
  EXPECT_EQ(NormaliseCompanyName("Example Corporation"), "example");
  EXPECT_EQ(NormaliseCompanyName("Example K.K."), "example");
  EXPECT_EQ(NormaliseCompanyName("Example GmbH"), "example");
}

TEST(CompanyName, ALegalFormAloneAndBadUtf8AreKept) {
  EXPECT_EQ(NormaliseCompanyName("株式会社"), "株式会社");
  EXPECT_EQ(NormaliseCompanyName(""), "");
  EXPECT_FALSE(NormaliseCompanyName("\xff\xfe上組").empty());
}

TEST(MatchParty, CorporateNumberFirst) {
  PartyRef a = Party("株式会社上組", "6140001006951");
  PartyRef b = Party("KAMIGUMI CO., LTD.", "6140001006951");
  auto m = MatchParty(a, b);
  EXPECT_EQ(m.reason, MatchReason::kCorporateNumber);
  EXPECT_DOUBLE_EQ(m.score, 1.0);
  EXPECT_EQ(MatchReasonName(m.reason), "corporate_number");
  // Different numbers are different companies, whatever the names.
  PartyRef c = Party("株式会社上組", "4010001035123");
  EXPECT_FALSE(MatchParty(a, c).matched());
}

TEST(MatchParty, NormalisedNameWithCountriesAgreeing) {
  PartyRef a = Party("㈱架空ネットワーク", "", "JP");
  PartyRef b = Party("架空ネットワーク株式会社");
  auto m = MatchParty(a, b);
  EXPECT_EQ(m.reason, MatchReason::kNormalisedName);
  EXPECT_DOUBLE_EQ(m.score, 0.9);
  PartyRef foreign = Party("架空ネットワーク", "", "CN");
  EXPECT_FALSE(MatchParty(a, foreign).matched());
  EXPECT_FALSE(MatchParty(PartyRef{}, PartyRef{}).matched());
}

TEST(Purl, PackageDropsVersionQualifiersAndSubpath) {
  EXPECT_EQ(PurlPackage("pkg:npm/express@4.18.2"), "pkg:npm/express");
  EXPECT_EQ(PurlPackage("pkg:maven/org.apache/log4j-core@2.17.1?type=jar#sub"),
            "pkg:maven/org.apache/log4j-core");
  EXPECT_EQ(PurlPackage("pkg:npm/%40scope/name@1.0"), "pkg:npm/%40scope/name");
  EXPECT_EQ(PurlPackage("pkg:npm/express"), "pkg:npm/express");
  EXPECT_EQ(PurlPackage("npm/express"), "");
}

}  // namespace
}  // namespace kikan::supply
