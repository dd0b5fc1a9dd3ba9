// The API test fixture: a real Kikan server (api::BuildRouter on http::Server, port 0) over a
// fresh demo database — SQLite in memory, or PostgreSQL in a fresh schema when
// KIKAN_TEST_POSTGRES_URL is set (tests instantiate both; the PostgreSQL case skips with a
// message otherwise) — with the bundled packs, the demo accounts (fast password hashing) and a
// ManualClock the tests move. HttpClient speaks HTTP/1.1 to it over loopback with Boost.Beast.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "audit/verify.h"
#include "auth/accounts.h"
#include "base/clock.h"
#include "http/server.h"
#include "regime/regime.h"
#include "store/db.h"

namespace kikan::testing {

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  boost::json::value json;  // the body parsed, or null when it is not JSON
  std::string Header(std::string_view name) const;
};

// One keep-alive connection per call (simple and enough for tests).
class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : port_(port) {}
  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& token = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  // Raw bytes on a new connection; returns what the server answered (for malformed requests).
  std::string Raw(const std::string& bytes) const;

 private:
  uint16_t port_;
};

enum class Backend { kSqlite, kPostgres };
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Signs in as a demo account (password kikan-demo); returns the bearer token.
  std::string Login(const std::string& user);
  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& token = "") {
    return client_->Call(method, target, body, token);
  }
  // Moves the clock; sessions older than their 12 hours end, so the tokens are forgotten.
  void SetClock(const char* instant) {
    clock_.Set(*base::ParseInstant(instant));
    tokens_.clear();
  }
  // The number of audit events (to prove a refused request changed nothing).
  int64_t AuditEvents();
  audit::VerifyReport Verify();
  // Creates a filing as `token` from the golden complete plan and returns its id.
  std::string CreateCompleteFiling(const std::string& token);
  static std::string ReadFile(const std::string& path);
  static std::string SourceDir();

  base::ManualClock clock_{*base::ParseInstant("2026-11-30T01:00:00Z")};  // 10:00 JST
  std::unique_ptr<regime::Regime> regime_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<store::Pool> admin_;  // PostgreSQL: drops the schema at the end
  std::string schema_;
  std::unique_ptr<auth::Accounts> accounts_;
  api::ApiContext ctx_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
};

// The string member `key` of a JSON object ("" when absent, not a string, or not an object).
inline std::string Str(const boost::json::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  const boost::json::value* x = v.as_object().if_contains(key);
  return x && x->is_string() ? std::string(x->as_string()) : "";
}

// The JSON pointers of a problem's field errors, in order.
inline std::vector<std::string> Pointers(const HttpResult& r) {
  std::vector<std::string> out;
  if (!r.json.is_object()) return out;
  if (const boost::json::value* errors = r.json.as_object().if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.push_back(Str(e, "pointer"));
  }
  return out;
}

}  // namespace kikan::testing
