#include "base/status.h"

#include <gtest/gtest.h>

namespace kikan::base {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument({.ja = "奇数です", .en = "odd"});
  return x / 2;
}

Result<int> Quarter(int x) {
  KIKAN_ASSIGN_OR_RETURN(int h, Half(x));
  KIKAN_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckQuarter(int x) {
  KIKAN_TRY(Quarter(x));
  return Status::Ok();
}

TEST(StatusTest, PropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(Lang::kJa), "奇数です");
  EXPECT_EQ(r.status().message(Lang::kEn), "odd");
  EXPECT_TRUE(CheckQuarter(4).ok());
  EXPECT_FALSE(CheckQuarter(2).ok());
}

TEST(StatusTest, JapaneseFallsBackToEnglish) {
  Status s = NotFound({.en = "no such operator"});
  EXPECT_EQ(s.ja(), "no such operator");
  EXPECT_EQ(s.WithPrefix("a.csv:3:1: ").en(), "a.csv:3:1: no such operator");
  EXPECT_EQ(s.ToString(), "NOT_FOUND: no such operator");
}

}  // namespace
}  // namespace kikan::base
