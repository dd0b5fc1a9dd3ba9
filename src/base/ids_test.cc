#include "base/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <type_traits>
#include <unordered_set>

namespace kikan::base {
namespace {

TEST(StrongIdTest, DistinctTagsAreDistinctTypes) {
  static_assert(!std::is_same_v<OperatorId, BusinessId>);
  static_assert(!std::is_convertible_v<OperatorId, BusinessId>);
  static_assert(!std::is_convertible_v<std::string, OperatorId>);  // explicit only
  static_assert(!std::is_convertible_v<const char*, OperatorId>);
  static_assert(std::is_convertible_v<const char(&)[9], OperatorId>);  // a literal
  OperatorId a("yamato-transport");
  EXPECT_EQ(a.value(), "yamato-transport");
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(OperatorId().empty());
}

TEST(StrongIdTest, ComparesHashesAndPrints) {
  OperatorId a("a"), b("b"), a2(std::string("a"));
  EXPECT_EQ(a, a2);
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
  std::unordered_set<OperatorId> hashed = {a, b, a2};
  EXPECT_EQ(hashed.size(), 2u);
  std::set<OperatorId> ordered = {b, a};
  EXPECT_EQ(ordered.begin()->value(), "a");
  std::ostringstream os;
  os << b;
  EXPECT_EQ(os.str(), "b");
  EXPECT_EQ(fmt::format("[{}]", b), "[b]");
  EXPECT_TRUE(a == "a");
  EXPECT_FALSE(a == "b");
}

}  // namespace
}  // namespace kikan::base
