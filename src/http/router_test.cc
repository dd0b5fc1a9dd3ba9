#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kikan::http {
namespace {

Handler Named(std::string name) {
  return [name](Request& req) {
    Response res;
    res.content_type = "text/plain";
    res.body = name;
    for (const auto& [k, v] : req.params) res.body += " " + k + "=" + v;
    return res;
  };
}

Response Call(const Router& router, std::string method, std::string target) {
  auto req = MakeRequest(std::move(method), std::move(target));
  EXPECT_TRUE(req.has_value());
  return router(*req);
}

Router Sample() {
  Router r;
  r.Add("GET", "/api/v1/filings", Named("list"));
  r.Add("POST", "/api/v1/filings", Named("create"));
  r.Add("GET", "/api/v1/filings/{id}", Named("get"));
  r.Add("DELETE", "/api/v1/filings/{id}", Named("delete"));
  r.Add("GET", "/api/v1/filings/new", Named("new"));
  r.Add("POST", "/api/v1/filings/{id}/submit", Named("submit"));
  r.Add("GET", "/api/v1/operators/{op}/filings/{id}", Named("nested"));
  r.Add("GET", "/", Named("root"));
  r.Add("GET", "/ui/{path...}", Named("ui"));
  r.Add("GET", "/ui/fixed", Named("ui-fixed"));
  r.Add("HEAD", "/explicit-head", Named("head"));
  r.Add("GET", "/explicit-head", Named("get-for-head"));
  return r;
}

TEST(RouterTest, DispatchesWithParams) {
  Router r = Sample();
  EXPECT_EQ(Call(r, "GET", "/api/v1/filings").body, "list");
  EXPECT_EQ(Call(r, "POST", "/api/v1/filings").body, "create");
  EXPECT_EQ(Call(r, "GET", "/api/v1/filings/42").body, "get id=42");
  EXPECT_EQ(Call(r, "DELETE", "/api/v1/filings/42").body, "delete id=42");
  EXPECT_EQ(Call(r, "POST", "/api/v1/filings/F-1/submit").body, "submit id=F-1");
  EXPECT_EQ(Call(r, "GET", "/api/v1/operators/7/filings/9").body, "nested id=9 op=7");
  EXPECT_EQ(Call(r, "GET", "/").body, "root");
  // A parameter is decoded, and an encoded '/' stays inside it.
  EXPECT_EQ(Call(r, "GET", "/api/v1/filings/a%2Fb%20c").body, "get id=a/b c");
}

TEST(RouterTest, LiteralBeatsParameterBeatsRest) {
  Router r = Sample();
  EXPECT_EQ(Call(r, "GET", "/api/v1/filings/new").body, "new");
  EXPECT_EQ(Call(r, "GET", "/ui/fixed").body, "ui-fixed");
  EXPECT_EQ(Call(r, "GET", "/ui/app/main.js").body, "ui path=app/main.js");
  EXPECT_EQ(Call(r, "GET", "/ui/").body, "ui path=");
  EXPECT_EQ(Call(r, "GET", "/ui").body, "ui path=");
}

TEST(RouterTest, UnknownPathIsNotFoundProblem) {
  Router r = Sample();
  for (const char* target : {"/nope", "/api/v1/filings/42/unknown", "/api/v1/filings/",
                             "/api/v1/filings//submit", "/api/v1"}) {
    Response res = Call(r, "GET", target);
    EXPECT_EQ(res.status, 404u) << target;
    EXPECT_EQ(res.content_type, "application/problem+json");
    auto body = boost::json::parse(res.body).as_object();
    EXPECT_EQ(body["code"], "NOT_FOUND");
    EXPECT_EQ(body["status"], 404);
  }
  Response en = Call(r, "GET", "/nope?lang=en");
  EXPECT_EQ(boost::json::parse(en.body).as_object()["detail"], "There is no resource at /nope");
}

TEST(RouterTest, OtherMethodIsMethodNotAllowedWithAllow) {
  Router r = Sample();
  Response res = Call(r, "PUT", "/api/v1/filings/42?lang=en");
  EXPECT_EQ(res.status, 405u);
  EXPECT_EQ(res.Header("Allow"), "DELETE, GET, HEAD");
  auto body = boost::json::parse(res.body).as_object();
  EXPECT_EQ(body["type"], "about:blank");
  EXPECT_EQ(body["detail"],
            "Method PUT is not allowed for /api/v1/filings/42 (allowed: DELETE, GET, HEAD)");
  // "new" matches both the literal (GET) and {id} (GET, DELETE).
  EXPECT_EQ(Call(r, "POST", "/api/v1/filings/new").Header("Allow"), "DELETE, GET, HEAD");
  EXPECT_EQ(Call(r, "GET", "/api/v1/filings/42/submit").Header("Allow"), "POST");
  // Methods are case-sensitive.
  EXPECT_EQ(Call(r, "get", "/api/v1/filings").status, 405u);
}

TEST(RouterTest, HeadFallsBackToGetUnlessRegistered) {
  Router r = Sample();
  Response head = Call(r, "HEAD", "/api/v1/filings/42");
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.body, "get id=42");  // the server drops it, keeping Content-Length
  EXPECT_EQ(Call(r, "HEAD", "/explicit-head").body, "head");
  EXPECT_EQ(Call(r, "HEAD", "/api/v1/filings/1/submit").status, 405u);
}

TEST(RouterTest, RoutesEnumeratesInRegistrationOrder) {
  Router r = Sample();
  std::vector<Router::Route> routes = r.Routes();
  ASSERT_EQ(routes.size(), 12u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/api/v1/filings");
  EXPECT_EQ(routes[5].method, "POST");
  EXPECT_EQ(routes[5].pattern, "/api/v1/filings/{id}/submit");
  // Every route answers its own method at a path built from its pattern.
  for (const Router::Route& route : routes) {
    std::string target = route.pattern;
    for (auto pos = target.find('{'); pos != std::string::npos; pos = target.find('{')) {
      target.replace(pos, target.find('}', pos) - pos + 1, "x");
    }
    EXPECT_EQ(Call(r, route.method, target).status, 200u) << route.method << " " << target;
  }
}

TEST(RouterTest, RouterIsAHandler) {
  Handler h = Sample();
  auto req = MakeRequest("GET", "/api/v1/filings/5");
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(h(*req).body, "get id=5");
  EXPECT_EQ(req->params.at("id"), "5");
}

TEST(RouterDeathTest, ConflictingRoutesAreABug) {
  EXPECT_DEATH(
      {
        Router r;
        r.Add("GET", "/a/{x}", Named("1"));
        r.Add("GET", "/a/{y}", Named("2"));
      },
      "!same");
  EXPECT_DEATH({ Router().Add("GET", "no-slash", Named("1")); }, "pattern");
  EXPECT_DEATH({ Router().Add("GET", "/a/{rest...}/b", Named("1")); }, "kRest");
  EXPECT_DEATH({ Router().Add("GET", "/a/{x}/{x}", Named("1")); }, "names");
}

}  // namespace
}  // namespace kikan::http
