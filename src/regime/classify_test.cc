// Classification against the bundled packs: the ports TOS (all_of three functions), trucking on
// both sides of its 2025 revision (all_of four, then any_of two), and medical (proposed only).
#include "regime/classify.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace kikan::regime {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const Regime& Bundled() {
  static const Regime* regime = [] {
    const char* root = std::getenv("KIKAN_SOURCE_DIR");
    std::vector<PackProblem> problems;
    auto r = Load({std::string(root != nullptr ? root : ".") + "/data/regime"}, &problems);
    if (!r) {
      ADD_FAILURE() << r.status().ToString();
      return new Regime();
    }
    return new Regime(std::move(*r));
  }();
  return *regime;
}

const base::Date kToday = base::Date::Ymd(2026, 11, 30);

TEST(Classify, PortsTosWithAllThreeFunctionsIsCritical) {
  std::vector<std::string> fns = {"container_location_management", "yard_planning",
                                  "vessel_stowage_planning"};
  auto c = Classify(Bundled(), "general_port_transport", fns, kToday);
  ASSERT_TRUE(c) << c.status().ToString();
  EXPECT_TRUE(c->critical);
  ASSERT_EQ(c->definitions.size(), 1u);
  const auto& d = c->definitions[0];
  EXPECT_EQ(d.id, "tos");
  EXPECT_EQ(d.version, "2025-04");
  EXPECT_EQ(d.match, Equipment::Match::kAllOf);
  EXPECT_TRUE(d.critical);
  EXPECT_THAT(d.matched, ElementsAre("vessel_stowage_planning", "yard_planning",
                                     "container_location_management"));
  EXPECT_TRUE(d.missing.empty());
  // Equipment is defined under Art. 50(1) with the MLIT ordinance (TOS: Art. 1(v)), not 52(1).
  EXPECT_THAT(d.citation, HasSubstr("第50条第1項"));
  EXPECT_THAT(d.citation, HasSubstr("国土交通省令第62号）第1条第5号"));
  EXPECT_THAT(d.citation, Not(HasSubstr("第52条")));
  EXPECT_THAT(d.reason.en, HasSubstr("has all three functions of Terminal operating system (TOS)"));
  EXPECT_THAT(d.reason.en, HasSubstr(d.citation));
  EXPECT_THAT(d.reason.ja, HasSubstr("3つの機能"));
  EXPECT_THAT(d.reason.ja, HasSubstr("をすべて有するため、特定重要設備に該当します"));
  EXPECT_EQ(c->reason.en, d.reason.en);
}

TEST(Classify, PortsSystemWithTwoOfThreeIsNotCriticalAndNamesTheMissingOne) {
  std::vector<std::string> fns = {"vessel_stowage_planning", "container_location_management"};
  auto c = Classify(Bundled(), "general_port_transport", fns, kToday);
  ASSERT_TRUE(c) << c.status().ToString();
  EXPECT_FALSE(c->critical);
  ASSERT_EQ(c->definitions.size(), 1u);
  EXPECT_THAT(c->definitions[0].missing, ElementsAre("yard_planning"));
  EXPECT_THAT(c->definitions[0].matched,
              ElementsAre("vessel_stowage_planning", "container_location_management"));
  EXPECT_THAT(c->reason.en, HasSubstr("lacks planning container placement in the yard"));
  EXPECT_THAT(c->reason.en, HasSubstr("has two of the three functions"));
  EXPECT_THAT(c->reason.ja, HasSubstr("ヤードプランニング"));
  EXPECT_THAT(c->reason.ja, HasSubstr("を欠くため"));
}

TEST(Classify, TruckingDispatchOnlyFlipsAtTheRevision) {
  std::vector<std::string> fns = {"dispatch_management"};
  // After the revision (any_of two): critical.
  auto after = Classify(Bundled(), "general_cargo_trucking", fns, base::Date::Ymd(2025, 6, 30));
  ASSERT_TRUE(after) << after.status().ToString();
  EXPECT_TRUE(after->critical);
  ASSERT_EQ(after->definitions.size(), 1u);
  EXPECT_EQ(after->definitions[0].version, "2025-06");
  EXPECT_EQ(after->definitions[0].match, Equipment::Match::kAnyOf);
  EXPECT_THAT(after->definitions[0].matched, ElementsAre("dispatch_management"));
  EXPECT_THAT(after->definitions[0].missing, ElementsAre("shipment_status_tracking"));
  EXPECT_THAT(after->reason.en, HasSubstr("has dispatch management, one of the two functions"));
  EXPECT_THAT(after->reason.ja, HasSubstr("2つの機能のいずれかである「配車管理機能」を有するため"));

  // The day before (the old all_of four): not critical; the old functions are all missing.
  auto before = Classify(Bundled(), "general_cargo_trucking", fns, base::Date::Ymd(2025, 6, 29));
  ASSERT_TRUE(before) << before.status().ToString();
  EXPECT_FALSE(before->critical);
  ASSERT_EQ(before->definitions.size(), 1u);
  EXPECT_EQ(before->definitions[0].version, "2023");
  EXPECT_EQ(before->definitions[0].match, Equipment::Match::kAllOf);
  EXPECT_TRUE(before->definitions[0].matched.empty());
  EXPECT_EQ(before->definitions[0].missing.size(), 4u);
  EXPECT_THAT(before->reason.en, HasSubstr("has zero of the four functions"));

  // A system with the four old functions: critical before, not after.
  std::vector<std::string> old = {"dispatch_planning", "location_status_tracking",
                                  "operation_instructions", "fare_invoicing"};
  EXPECT_TRUE(
      Classify(Bundled(), "general_cargo_trucking", old, base::Date::Ymd(2025, 1, 1))->critical);
  auto old_after = Classify(Bundled(), "general_cargo_trucking", old, kToday);
  ASSERT_TRUE(old_after);
  EXPECT_FALSE(old_after->critical);
  EXPECT_THAT(old_after->reason.en, HasSubstr("has none of the two functions"));
}

TEST(Classify, MedicalHasNoDefinitionInForce) {
  std::vector<std::string> fns = {"online_eligibility"};
  auto c = Classify(Bundled(), "medical_dx_platform", fns, kToday);
  ASSERT_TRUE(c) << c.status().ToString();
  EXPECT_FALSE(c->critical);
  EXPECT_TRUE(c->definitions.empty());
  EXPECT_THAT(c->reason.en, HasSubstr("no critical-equipment definition"));
  EXPECT_THAT(c->reason.en, HasSubstr("is in force on 2026-11-30"));
  EXPECT_THAT(c->reason.en, HasSubstr("proposed"));
  EXPECT_THAT(c->reason.ja, HasSubstr("施行されていない"));
}

TEST(Classify, UnknownFunctionsAreNamedWithThePacksFunctions) {
  std::vector<std::string> fns = {"yard_planning", "teleport", "dispatch_management", "teleport"};
  auto c = Classify(Bundled(), "general_port_transport", fns, kToday);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().en(), HasSubstr("teleport, dispatch_management"));
  EXPECT_THAT(c.status().en(),
              HasSubstr("container_location_management, vessel_stowage_planning, yard_planning"));
  auto unknown = UnknownFunctions(Bundled(), "general_port_transport", fns);
  ASSERT_TRUE(unknown);
  EXPECT_THAT(*unknown, ElementsAre("teleport", "dispatch_management"));
}

TEST(Classify, UnknownBusinessIsNotFound) {
  std::vector<std::string> fns;
  auto c = Classify(Bundled(), "space_elevators", fns, kToday);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.status().code(), base::StatusCode::kNotFound);
  EXPECT_THAT(c.status().en(), HasSubstr("space_elevators"));
}

TEST(Classify, NoFunctionsIsNotCritical) {
  std::vector<std::string> fns;
  auto c = Classify(Bundled(), "general_port_transport", fns, kToday);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->critical);
  EXPECT_EQ(c->definitions[0].missing.size(), 3u);
}

}  // namespace
}  // namespace kikan::regime
