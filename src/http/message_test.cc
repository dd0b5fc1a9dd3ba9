#include "http/message.h"

#include <gtest/gtest.h>

namespace kikan::http {
namespace {

TEST(MakeRequestTest, DecodesPathSegmentsAndQuery) {
  auto req = MakeRequest("GET", "/api/v1/x%20y/b%2Fc?a=1&b&a=x%20y&q=c+d&e=");
  ASSERT_TRUE(req.has_value()) << req.status().ToString();
  EXPECT_EQ(req->method, "GET");
  EXPECT_EQ(req->target, "/api/v1/x%20y/b%2Fc?a=1&b&a=x%20y&q=c+d&e=");
  EXPECT_EQ(req->path, "/api/v1/x y/b/c");
  EXPECT_EQ(req->segments, (std::vector<std::string>{"api", "v1", "x y", "b/c"}));
  using Q = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(req->query, (Q{{"a", "1"}, {"b", ""}, {"a", "x y"}, {"q", "c d"}, {"e", ""}}));
  EXPECT_EQ(req->Query("a"), "1");
  EXPECT_EQ(req->Query("q"), "c d");
  EXPECT_EQ(req->Query("b"), "");
  EXPECT_FALSE(req->Query("A").has_value());
}

TEST(MakeRequestTest, RootAndTrailingSlash) {
  auto root = MakeRequest("GET", "/");
  ASSERT_TRUE(root.has_value());
  EXPECT_TRUE(root->segments.empty());
  EXPECT_TRUE(root->query.empty());
  auto trailing = MakeRequest("GET", "/a/");
  ASSERT_TRUE(trailing.has_value());
  EXPECT_EQ(trailing->segments, (std::vector<std::string>{"a", ""}));
}

// Found by fuzz/http_target_fuzz.cc: a leading "/./" is a segment like any other (it is not
// silently dropped, so "/./api/v1/x" does not reach the "/api/v1/x" route).
TEST(MakeRequestTest, DotSegmentsAreKept) {
  auto req = MakeRequest("GET", "/./a/../b");
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->segments, (std::vector<std::string>{".", "a", "..", "b"}));
}

// Found by the fuzzer: the message about a bad target is valid UTF-8 whatever bytes it holds.
TEST(MakeRequestTest, ErrorMessageEscapesNonAsciiBytes) {
  auto req = MakeRequest("GET", "/docs/\xe6\x9d\xb1\xff#x");
  ASSERT_FALSE(req.has_value());
  for (char ch : req.status().en()) {
    EXPECT_LT(static_cast<unsigned char>(ch), 0x80) << req.status().en();
  }
}

TEST(MakeRequestTest, RefusesTargetsThatAreNotOriginForm) {
  for (const char* target : {"http://example.com/a", "a/b", "*", "/a#frag", "/a%zz", ""}) {
    auto req = MakeRequest("GET", target);
    ASSERT_FALSE(req.has_value()) << target;
    EXPECT_EQ(req.status().code(), base::StatusCode::kInvalidArgument);
    EXPECT_NE(req.status().en().find(std::string("\"") + target + "\""), std::string::npos)
        << req.status().en();
  }
}

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request req;
  req.headers = {{"Content-Type", "text/plain"}, {"X-A", "1"}, {"x-a", "2"}};
  EXPECT_EQ(req.Header("content-type"), "text/plain");
  EXPECT_EQ(req.Header("X-A"), "1");
  EXPECT_FALSE(req.Header("X-B").has_value());
  req.params["id"] = "42";
  EXPECT_EQ(req.Param("id"), "42");
  EXPECT_EQ(req.Param("other"), "");
}

TEST(EqualsIgnoreCaseTest, AsciiOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("Accept-Language", "accept-language"));
  EXPECT_FALSE(EqualsIgnoreCase("Accept", "Accept-Language"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
}

}  // namespace
}  // namespace kikan::http
