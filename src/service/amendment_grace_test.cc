#include "service/amendment_grace.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "base/test_files.h"
#include "service/designations.h"

namespace kikan::service {
namespace {

using base::testing::SourceDir;

using base::Date;

// The trucking pack's equipment definition was revised (all four functions → either of two) with
// effect from 2025-06-30: equipment newly critical under it is under the Art. 53(2) grace until
// 2025-12-29, and Art. 52(1) applies to it from 2025-12-30. The first version is not a revision.
TEST(AmendmentGraceTest, TruckingEquipmentRevision) {
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load({SourceDir() + "/data/regime"}, &problems);
  ASSERT_TRUE(regime) << regime.status().ToString();
  auto graces = EquipmentRevisionGraces(*regime, "general_cargo_trucking");
  ASSERT_TRUE(graces) << graces.status().ToString();
  ASSERT_EQ(graces->size(), 1u);
  const EquipmentRevisionGrace& g = graces->front();
  EXPECT_EQ(g.revision->id, "transport_management");
  EXPECT_EQ(g.revision->version, "2025-06");
  EXPECT_EQ(g.previous->version, "2023");
  EXPECT_EQ(g.grace.first_day, Date::Ymd(2025, 6, 30));
  EXPECT_EQ(g.grace.period_end, Date::Ymd(2025, 12, 29));
  EXPECT_EQ(g.grace.day_after(), Date::Ymd(2025, 12, 30));
  EXPECT_NE(g.grace.rules.front().basis.ja.find("第53条第2項"), std::string::npos);
}

TEST(AmendmentGraceTest, BothParagraphs) {
  auto g = GraceAfterAmendment(Date::Ymd(2025, 6, 30));
  ASSERT_TRUE(g) << g.status().ToString();
  EXPECT_EQ(g->equipment.period_end, Date::Ymd(2025, 12, 29));
  EXPECT_EQ(g->maintenance.period_end, Date::Ymd(2025, 12, 29));
  EXPECT_NE(g->maintenance.rules.front().basis.ja.find("第53条第3項"), std::string::npos);
}

// 法第51条: 「指定を解除するものとする」 — a designation no longer meeting the criteria must be
// revoked; the register's proposals say so and cite the article.
TEST(AmendmentGraceTest, NoLongerMeetsMeansRevocationIsRequired) {
  const RevocationDuty& d = NoLongerMeetsRevocation();
  EXPECT_TRUE(d.required);
  EXPECT_EQ(d.citation, "経済安全保障推進法第51条");
  EXPECT_NE(d.text.ja.find("解除しなければならない"), std::string::npos);
  EXPECT_NE(d.text.en.find("must be revoked"), std::string::npos);
}

}  // namespace
}  // namespace kikan::service
