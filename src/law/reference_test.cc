#include "law/reference.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "law/outline.h"

namespace kikan::law {
namespace {

using ::testing::HasSubstr;

Reference Act(int article, int paragraph = 0, int item = 0) {
  return Reference{.law = "act", .article = article, .paragraph = paragraph, .item = item};
}

TEST(ReferenceTest, RendersInJapaneseAndEnglish) {
  Reference order = Act(52, 10);
  order.proviso = true;
  EXPECT_EQ(Render(order).ja, "経済安全保障推進法第52条第10項ただし書");
  EXPECT_EQ(Render(order).en, "Economic Security Promotion Act, Art. 52(10), proviso");
  Reference tos{.law = "mlit_ordinance", .article = 1, .item = 3, .subitem = "ロ"};
  EXPECT_EQ(Render(tos).ja, "国土交通省令第1条第3号ロ");
  EXPECT_EQ(Render(tos).en, "MLIT Ordinance, Art. 1(iii)(b)");
  EXPECT_EQ(Render(Reference{.law = "administrative_procedure_act", .article = 37}).en,
            "Administrative Procedure Act, Art. 37");
}

// e-Gov 法令検索's element ids (docs/references.md): the Act's articles sit in chapters.
TEST(ReferenceTest, LinksToEGov) {
  EXPECT_EQ(EGovUrl(Act(52, 7)), "https://laws.e-gov.go.jp/law/504AC0000000043#Mp-Ch_3-At_52-Pa_7");
  EXPECT_EQ(EGovUrl(Act(88)), "https://laws.e-gov.go.jp/law/504AC0000000043#Mp-Ch_6-At_88");
  EXPECT_EQ(EGovUrl(Act(50, 1, 8)),
            "https://laws.e-gov.go.jp/law/504AC0000000043#Mp-Ch_3-At_50-Pa_1-It_8");
  EXPECT_EQ(EGovUrl(Reference{.law = "order", .article = 9, .item = 6}),
            "https://laws.e-gov.go.jp/law/504CO0000000394#Mp-At_9-It_6");
  EXPECT_EQ(EGovUrl(Reference{.law = "mlit_ordinance", .article = 19}),
            "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_19");
  EXPECT_EQ(EGovUrl(Reference{.law = "civil_code", .article = 140}),
            "https://laws.e-gov.go.jp/law/129AC0000000089#Mp-Pa_1-Ch_6-At_140");
  // An article of the Act the outline does not place: the law's page.
  EXPECT_EQ(EGovUrl(Act(7)), "https://laws.e-gov.go.jp/law/504AC0000000043");
  EXPECT_EQ(EGovUrl(Reference{.law = "nope", .article = 1}), "");
}

TEST(ReferenceTest, ParsesKikansCitationText) {
  auto refs = ParseCitations(
      "経済安全保障推進法（令和4年法律第43号）第52条第1項・第2項第3号（重要維持管理等の委託）; "
      "国土交通省令（令和5年国土交通省令第62号）第9条第1項（様式第四（二））");
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0], Act(52, 1));
  EXPECT_EQ(refs[1], Act(52, 2, 3));
  EXPECT_EQ(refs[2], (Reference{.law = "mlit_ordinance", .article = 9, .paragraph = 1}));

  // A proviso, then another paragraph, then the ordinance (the emergency case of the MLIT packs).
  auto emergency = ParseCitations(
      "経済安全保障推進法（令和4年法律第43号）第52条第1項ただし書・第11項; "
      "国土交通省令（令和5年国土交通省令第62号）第10条第1項（緊急導入等届出書は同条第2項の様式第五"
      "）");
  ASSERT_EQ(emergency.size(), 3u);
  EXPECT_TRUE(emergency[0].proviso);
  EXPECT_EQ(emergency[1], Act(52, 11));
  EXPECT_EQ(emergency[2], (Reference{.law = "mlit_ordinance", .article = 10, .paragraph = 1}));

  auto provisos = ParseCitations("経済安全保障推進法第52条第6項ただし書・第10項ただし書");
  ASSERT_EQ(provisos.size(), 2u);
  EXPECT_TRUE(provisos[0].proviso);
  EXPECT_EQ(provisos[1].paragraph, 10);
  EXPECT_TRUE(provisos[1].proviso);

  auto mixed = ParseCitations(
      "任意: 経済安全保障推進法第88条により第52条第10項の命令には行政手続法第2章・第3章は適用さ"
      "れない");
  ASSERT_GE(mixed.size(), 1u);
  EXPECT_EQ(mixed[0], Act(88));

  auto short_forms = ParseCitations("法第52条第3項は第1項の届出に係る; 令第11条; 民法第140条");
  ASSERT_EQ(short_forms.size(), 3u);
  EXPECT_EQ(short_forms[0], Act(52, 3));
  EXPECT_EQ(short_forms[1].law, "order");
  EXPECT_EQ(short_forms[2].law, "civil_code");

  // Not references: an unnamed ordinance, 命令, a rule's own citation.
  EXPECT_TRUE(ParseCitations("省令第3条第1号").empty());
  EXPECT_TRUE(ParseCitations("旧省令 イ").empty());
  EXPECT_TRUE(ParseCitations("運用（事前相談）").empty());
}

// The joint orders of the finance sector (issue 18): each its own law, by its full joint name,
// even where one name begins like another (内閣府・財務省令, 内閣府・財務省・農林水産省令).
TEST(ReferenceTest, ParsesTheJointOrdersOfTheFinanceSector) {
  auto refs = ParseCitations(
      "内閣府・厚生労働省令（令和5年内閣府・厚生労働省令第6号）第2条; "
      "内閣府・財務省・農林水産省令（令和5年内閣府・財務省・農林水産省令第2号）第1条; "
      "内閣府・財務省令第2条; 内閣府・法務省・財務省令第1条; 内閣府・農林水産省令第2条");
  ASSERT_EQ(refs.size(), 5u);
  EXPECT_EQ(refs[0], (Reference{.law = "cao_mhlw_ordinance", .article = 2}));
  EXPECT_EQ(refs[1], (Reference{.law = "cao_mof_maff_ordinance", .article = 1}));
  EXPECT_EQ(refs[2], (Reference{.law = "cao_mof_ordinance", .article = 2}));
  EXPECT_EQ(refs[3], (Reference{.law = "cao_moj_mof_ordinance", .article = 1}));
  EXPECT_EQ(refs[4], (Reference{.law = "cao_maff_ordinance", .article = 2}));
  EXPECT_EQ(EGovUrl(refs[0]), "https://laws.e-gov.go.jp/law/505M60000102006#Mp-At_2");
  EXPECT_EQ(EGovUrl(refs[1]), "https://laws.e-gov.go.jp/law/505M60000242002#Mp-At_1");
  EXPECT_EQ(Render(refs[3]).ja, "内閣府・法務省・財務省令第1条");
  // 内閣府・法務省令 (電子債権記録業) is its own law, not the beginning of
  // 内閣府・法務省・財務省令.
  auto moj = ParseCitations(
      "内閣府・法務省令（令和5年内閣府・法務省令第2号）第2条; 内閣府・法務省・財務省令第2条");
  ASSERT_EQ(moj.size(), 2u);
  EXPECT_EQ(moj[0], (Reference{.law = "cao_moj_ordinance", .article = 2}));
  EXPECT_EQ(moj[1], (Reference{.law = "cao_moj_mof_ordinance", .article = 2}));
  EXPECT_EQ(EGovUrl(moj[0]), "https://laws.e-gov.go.jp/law/505M60000012002#Mp-At_2");
  EXPECT_EQ(Render(moj[0]).ja, "内閣府・法務省令第2条");
  // The MIC ordinance (郵便).
  auto mic = ParseCitations("総務省令（令和5年総務省令第64号）第2条第3号");
  ASSERT_EQ(mic.size(), 1u);
  EXPECT_EQ(mic[0], (Reference{.law = "mic_ordinance", .article = 2, .item = 3}));
  EXPECT_EQ(EGovUrl(mic[0]), "https://laws.e-gov.go.jp/law/505M60000008064#Mp-At_2-It_3");
}

// The Oil Stockpiling Act (oil_refining's and oil_lpg_import's populations and the refinery
// line of 第2条第4項): a law of the catalogue, linked to its e-Gov page.
TEST(ReferenceTest, ParsesTheOilStockpilingAct) {
  auto refs =
      ParseCitations("石油の備蓄の確保等に関する法律（昭和50年法律第96号）第2条第4項・第5項");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0], (Reference{.law = "oil_stockpiling_act", .article = 2, .paragraph = 4}));
  EXPECT_EQ(refs[1], (Reference{.law = "oil_stockpiling_act", .article = 2, .paragraph = 5}));
  // The Act has chapters Kikan has no outline of: its page, without an anchor.
  EXPECT_EQ(EGovUrl(refs[0]), "https://laws.e-gov.go.jp/law/350AC0000000096");
  EXPECT_EQ(Render(refs[1]).ja, "石油の備蓄の確保等に関する法律第2条第5項");
  ASSERT_NE(FindLaw("oil_stockpiling_act"), nullptr);
  EXPECT_EQ(FindLaw("oil_stockpiling_act")->number.ja, "昭和50年法律第96号");
}

TEST(ReferenceTest, ASegmentThatSaysUnverifiedIsUnverified) {
  auto refs = ParseCitations(
      "経済安全保障推進法（令和4年法律第43号）第50条第1項; "
      "国土交通省令（令和5年国土交通省令第62号）"
      "第2条（改正前の号は未確認）");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].status, Status::kConfirmed);
  EXPECT_EQ(refs[1].status, Status::kUnverified);
  EXPECT_EQ(StatusName(refs[1].status), "unverified");
  EXPECT_EQ(StatusLabel(refs[1].status).ja, "未確認");
}

TEST(OutlineTest, TheActsParagraphsAsCountedFromItsText) {
  const Outline& act = Outline::Act();
  ASSERT_NE(act.Find(52), nullptr);
  EXPECT_EQ(act.Find(52)->paragraphs, 11);
  EXPECT_EQ(act.Find(52)->chapter, 3);
  EXPECT_EQ(act.Find(50)->items.at(1), 15);
  EXPECT_EQ(act.Find(53)->paragraphs, 3);
  EXPECT_EQ(act.Find(88)->paragraphs, 1);
  EXPECT_EQ(act.Find(7), nullptr);
  EXPECT_EQ(CheckAgainstOutline(Act(52, 11)).check, Check::kOk);
  auto twelve = CheckAgainstOutline(Act(52, 12));
  EXPECT_EQ(twelve.check, Check::kNoSuchProvision);
  EXPECT_THAT(twelve.message.ja, HasSubstr("11項まで"));
  EXPECT_THAT(twelve.message.en, HasSubstr("has 11 paragraphs"));
  EXPECT_EQ(CheckAgainstOutline(Act(50, 1, 8)).check, Check::kOk);
  EXPECT_EQ(CheckAgainstOutline(Act(50, 1, 16)).check, Check::kNoSuchProvision);
  EXPECT_EQ(CheckAgainstOutline(Act(53, 1, 1)).check, Check::kNoSuchProvision);
  EXPECT_EQ(CheckAgainstOutline(Act(7, 1)).check, Check::kNotCovered);
  EXPECT_EQ(CheckAgainstOutline(Reference{.law = "order", .article = 99}).check, Check::kOk);
}

TEST(OutlineTest, ParseRefusesABrokenOutline) {
  EXPECT_TRUE(Outline::Parse("# c\n52\t3\t11\t2:4\n").has_value());
  EXPECT_FALSE(Outline::Parse("52\t3\n").has_value());
  EXPECT_FALSE(Outline::Parse("52\t3\t2\t3:1\n").has_value());  // item of a missing paragraph
  auto twice = Outline::Parse("52\t3\t11\n52\t3\t11\n");
  ASSERT_FALSE(twice.has_value());
  EXPECT_THAT(twice.status().en(), HasSubstr("line 2"));
}

}  // namespace
}  // namespace kikan::law
