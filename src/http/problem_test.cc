#include "http/problem.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kikan::http {
namespace {

namespace json = boost::json;
using base::StatusCode;

TEST(HttpStatusOfTest, TheTable) {
  EXPECT_EQ(HttpStatusOf(StatusCode::kOk), 200u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kInvalidArgument), 400u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kNotFound), 404u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kAlreadyExists), 409u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kFailedPrecondition), 409u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kOutOfRange), 400u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kPermissionDenied), 403u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnauthenticated), 401u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kDataLoss), 500u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnavailable), 503u);
  EXPECT_EQ(HttpStatusOf(StatusCode::kInternal), 500u);
}

json::object Body(const Response& res) {
  json::error_code ec;
  json::value v = json::parse(res.body, ec);
  EXPECT_FALSE(ec) << res.body;
  EXPECT_TRUE(v.is_object()) << res.body;
  return v.is_object() ? v.as_object() : json::object();
}

TEST(ProblemTest, FieldsInBothLanguages) {
  base::Status s =
      base::InvalidArgument({.ja = "法人番号が不正です", .en = "bad corporate number"})
          .WithFields({{"/suppliers/0/corporate_number",
                        {.ja = "チェックディジットが合いません", .en = "check digit mismatch"}}});

  Response ja = Problem(422, s, base::Lang::kJa);
  EXPECT_EQ(ja.status, 422u);
  EXPECT_EQ(ja.content_type, "application/problem+json");
  EXPECT_EQ(ja.Header("Content-Language"), "ja");
  json::object b = Body(ja);
  EXPECT_EQ(b["type"], "https://kikan.example/problems/invalid-argument");
  EXPECT_EQ(b["title"], "リクエストが不正です");
  EXPECT_EQ(b["status"], 422);
  EXPECT_EQ(b["detail"], "法人番号が不正です");
  EXPECT_EQ(b["code"], "INVALID_ARGUMENT");
  ASSERT_TRUE(b["errors"].is_array());
  ASSERT_EQ(b["errors"].as_array().size(), 1u);
  EXPECT_EQ(b["errors"].as_array()[0].as_object().at("pointer"), "/suppliers/0/corporate_number");
  EXPECT_EQ(b["errors"].as_array()[0].as_object().at("detail"), "チェックディジットが合いません");

  Response en = Problem(422, s, base::Lang::kEn);
  EXPECT_EQ(en.Header("Content-Language"), "en");
  b = Body(en);
  EXPECT_EQ(b["title"], "Invalid request");
  EXPECT_EQ(b["detail"], "bad corporate number");
  EXPECT_EQ(b["errors"].as_array()[0].as_object().at("detail"), "check digit mismatch");
}

TEST(ProblemTest, StatusFromTheTableAndNoErrorsMember) {
  Response res = Problem(
      base::FailedPrecondition({.ja = "提出済みです", .en = "already submitted"}), base::Lang::kEn);
  EXPECT_EQ(res.status, 409u);
  json::object b = Body(res);
  EXPECT_EQ(b["type"], "https://kikan.example/problems/failed-precondition");
  EXPECT_EQ(b["status"], 409);
  EXPECT_EQ(b["code"], "FAILED_PRECONDITION");
  EXPECT_FALSE(b.contains("errors"));
}

TEST(ProblemTest, JapaneseFallsBackToEnglishMessage) {
  Response res = Problem(base::NotFound({.en = "no such filing"}), base::Lang::kJa);
  EXPECT_EQ(Body(res)["detail"], "no such filing");
  EXPECT_EQ(Body(res)["title"], "見つかりません");
}

TEST(HttpProblemTest, AboutBlankWithStatusPhrase) {
  Response res =
      HttpProblem(405, base::InvalidArgument({.ja = "だめ", .en = "nope"}), base::Lang::kEn);
  json::object b = Body(res);
  EXPECT_EQ(b["type"], "about:blank");
  EXPECT_EQ(b["title"], "Method Not Allowed");
  EXPECT_EQ(b["status"], 405);
  EXPECT_EQ(b["detail"], "nope");
  EXPECT_EQ(Body(HttpProblem(431, base::InvalidArgument({.en = "x"}), base::Lang::kJa))["title"],
            "リクエストヘッダーが大きすぎます");
}

TEST(RequestLangTest, QueryThenAcceptLanguageThenJapanese) {
  Request req;
  EXPECT_EQ(RequestLang(req), base::Lang::kJa);
  req.headers = {{"accept-language", "en-US,en;q=0.9,ja;q=0.8"}};
  EXPECT_EQ(RequestLang(req), base::Lang::kEn);
  req.headers = {{"Accept-Language", "EN"}};
  EXPECT_EQ(RequestLang(req), base::Lang::kEn);
  req.headers = {{"Accept-Language", "ja,en;q=0.5"}};
  EXPECT_EQ(RequestLang(req), base::Lang::kJa);
  req.query = {{"lang", "en"}};
  EXPECT_EQ(RequestLang(req), base::Lang::kEn);
  req.headers = {{"Accept-Language", "en"}};
  req.query = {{"lang", "ja"}};
  EXPECT_EQ(RequestLang(req), base::Lang::kJa);
  req.query = {{"lang", "fr"}};  // not a language we speak: the header decides
  EXPECT_EQ(RequestLang(req), base::Lang::kEn);
}

}  // namespace
}  // namespace kikan::http
