#include "filings/changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace kikan::filings {
namespace {

using ::testing::HasSubstr;

std::string PortsPack() {
  const char* root = std::getenv("KIKAN_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/data/regime/ports.toml";
}

// 法第54条 as the text says: only the listed important changes are filed beforehand (and reviewed
// again under 52(2)–(10)); unlisted changes are reported afterwards; minor ones need nothing.
TEST(ChangesTest, RoutesFollowTheTextOfArticle54) {
  ChangeRoute important = RouteOfChange(ChangeClass::kImportant, false);
  EXPECT_TRUE(important.file_beforehand);
  EXPECT_TRUE(important.review_clock);
  EXPECT_FALSE(important.report_afterwards);
  EXPECT_EQ(important.basis.ja, "経済安全保障推進法第54条第1項・第2項");
  ChangeRoute urgent = RouteOfChange(ChangeClass::kImportant, true);
  EXPECT_FALSE(urgent.file_beforehand);
  EXPECT_FALSE(urgent.review_clock);
  EXPECT_TRUE(urgent.file_afterwards);
  EXPECT_THAT(urgent.basis.ja, HasSubstr("第54条第1項ただし書・第3項"));
  ChangeRoute other = RouteOfChange(ChangeClass::kOther, true);  // urgency changes nothing
  EXPECT_TRUE(other.report_afterwards);
  EXPECT_FALSE(other.file_beforehand);
  EXPECT_FALSE(other.urgent);
  EXPECT_EQ(other.basis.ja, "経済安全保障推進法第54条第4項");
  ChangeRoute minor = RouteOfChange(ChangeClass::kMinor, false);
  EXPECT_FALSE(minor.file_beforehand || minor.file_afterwards || minor.report_afterwards);
  EXPECT_THAT(minor.what.en, HasSubstr("neither a filing nor a report"));
  EXPECT_EQ(ChangeClassName(ChangeClass::kMinor), "minor");
}

// The MLIT packs list the ordinance's important (Art. 23(1)) and minor (Art. 24) changes and its
// emergency (Art. 10(1)), each with its citation.
TEST(ChangesTest, ThePortsPackListsTheOrdinancesCases) {
  std::vector<regime::PackProblem> problems;
  auto r = regime::Load({PortsPack()}, &problems);
  ASSERT_TRUE(r.has_value()) << r.status().ToString();
  const regime::Pack& pack = r->packs().at(0);
  EXPECT_EQ(*ClassOfListedChange(pack, "supplier_identity"), ChangeClass::kImportant);
  EXPECT_EQ(*ClassOfListedChange(pack, "supplier_minor"), ChangeClass::kMinor);
  EXPECT_EQ(*ClassOfListedChange(pack, ""), ChangeClass::kOther);
  EXPECT_EQ(ClassOfListedChange(pack, "service_disruption").status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(ClassOfListedChange(pack, "nope").status().code(), base::StatusCode::kNotFound);
  int important = 0, minor = 0, emergency = 0;
  for (const regime::ListedCase& c : pack.listed_cases) {
    EXPECT_FALSE(c.citation.empty()) << c.id;
    switch (c.kind) {
      case regime::ListedCase::Kind::kImportantChange:
        ++important;
        EXPECT_THAT(c.citation, HasSubstr("第23条第1項")) << c.id;
        break;
      case regime::ListedCase::Kind::kMinorChange:
        ++minor;
        EXPECT_THAT(c.citation, HasSubstr("第24条")) << c.id;
        break;
      case regime::ListedCase::Kind::kEmergency:
        ++emergency;
        break;
    }
  }
  EXPECT_EQ(important, 8);  // 第23条第1項第1号〜第8号
  EXPECT_EQ(minor, 4);      // 第24条第1号〜第4号
  EXPECT_EQ(emergency, 2);  // 第10条第1項, 第23条第4項
}

}  // namespace
}  // namespace kikan::filings
