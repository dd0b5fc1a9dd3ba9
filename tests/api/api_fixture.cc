#include "api_fixture.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "audit/log.h"
#include "service/demo.h"
#include "service/verify.h"

namespace kikan::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string HttpResult::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return {};
}

HttpResult HttpClient::Call(const std::string& method, const std::string& target,
                            const std::string& body, const std::string& token,
                            const std::vector<std::pair<std::string, std::string>>& headers) const {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  bhttp::write(socket, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  if (method == "HEAD") parser.skip(true);
  bhttp::read(socket, buffer, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& f : res)
    out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  boost::system::error_code ec;
  out.json = boost::json::parse(out.body, ec);
  if (ec) out.json = nullptr;
  return out;
}

std::string HttpClient::Raw(const std::string& bytes) const {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  asio::write(socket, asio::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    size_t n = socket.read_some(asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::string ApiTest::SourceDir() {
  const char* env = std::getenv("KIKAN_SOURCE_DIR");
  return env ? env : ".";
}

std::string ApiTest::ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void ApiTest::SetUp() {
  std::string url = "sqlite::memory:";
  if (GetParam() == Backend::kPostgres) {
    const char* base = std::getenv("KIKAN_TEST_POSTGRES_URL");
    if (base == nullptr || *base == '\0') {
      GTEST_SKIP() << "PostgreSQL not configured: set KIKAN_TEST_POSTGRES_URL (scripts/test starts "
                      "a throwaway cluster)";
    }
    auto admin = store::Open(base, 1);
    ASSERT_TRUE(admin) << admin.status().ToString();
    admin_ = std::move(*admin);
    std::mt19937_64 rng(std::random_device{}());
    schema_ = "kikan_api_" + std::to_string(rng() % 1'000'000'000'000ULL);
    ASSERT_TRUE(admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema_).ok());
    std::string b = base;
    url = b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
          schema_;
  }
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load({SourceDir() + "/data/regime"}, &problems);
  ASSERT_TRUE(regime) << regime.status().ToString();
  regime_ = std::make_unique<regime::Regime>(std::move(*regime));
  auto pool = store::Open(url, GetParam() == Backend::kSqlite ? 1 : 4);
  ASSERT_TRUE(pool) << pool.status().ToString();
  pool_ = std::move(*pool);
  {
    auto c = pool_->Acquire();
    auto migrations = service::AllMigrations();
    ASSERT_TRUE(store::Migrate(*c, migrations).ok());
    auto seeded =
        service::SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", clock_.Now(), true);
    ASSERT_TRUE(seeded) << seeded.status().ToString();
    // The demo's head signed as the server signs it at start (GET /api/v1/audit/checkpoint).
    auto signer = audit::Signer::FromSeed(std::array<uint8_t, 32>{7});
    ASSERT_TRUE(signer);
    ASSERT_TRUE(audit::WriteCheckpoint(*c, *signer, base::FormatInstant(clock_.Now()),
                                       "api-test.example/audit"));
  }
  auth::AccountSettings settings;
  settings.password_limits = auth::PasswordLimits::Minimum();
  accounts_ = std::make_unique<auth::Accounts>(settings);
  ctx_.pool = pool_.get();
  ctx_.regime = regime_.get();
  ctx_.clock = &clock_;
  ctx_.accounts = accounts_.get();
  ctx_.datasets_root = SourceDir() + "/data/datasets";
  ctx_.pack_versions = service::PackVersions(*regime_);
  router_ = std::make_unique<http::Router>(api::BuildRouter(ctx_));
  http::ServerOptions options;
  options.threads = 4;
  auto s = http::Server::Start(options, *router_);
  ASSERT_TRUE(s) << s.status().ToString();
  server_ = std::move(*s);
  client_ = std::make_unique<HttpClient>(server_->port());
}

void ApiTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  pool_.reset();
  if (admin_ && !schema_.empty()) {
    EXPECT_TRUE(admin_->Acquire()->ExecScript("DROP SCHEMA " + schema_ + " CASCADE").ok());
  }
}

std::string ApiTest::Login(const std::string& user) {
  if (auto it = tokens_.find(user); it != tokens_.end()) return it->second;
  auto r =
      Call("POST", "/api/v1/auth/login",
           boost::json::serialize(boost::json::object{{"user", user}, {"password", "kikan-demo"}}));
  EXPECT_EQ(r.status, 200u) << r.body;
  if (r.status != 200) return "";
  std::string token(r.json.at("token").as_string());
  tokens_[user] = token;
  return token;
}

int64_t ApiTest::AuditEvents() {
  auto c = pool_->Acquire();
  auto rows = c->Query("SELECT COUNT(*) FROM audit_event");
  EXPECT_TRUE(rows);
  return rows ? rows->at(0).Int(0) : -1;
}

audit::VerifyReport ApiTest::Verify() {
  auto c = pool_->Acquire();
  auto report = service::VerifyDatabase(*c, {});
  EXPECT_TRUE(report) << report.status().ToString();
  return report ? *report : audit::VerifyReport{};
}

std::string ApiTest::CreateCompleteFiling(const std::string& token) {
  auto r = Call("POST", "/api/v1/filings",
                ReadFile(SourceDir() + "/tests/golden/api/filing-complete.json"), token);
  EXPECT_EQ(r.status, 201u) << r.body;
  if (r.status != 201) return "";
  return std::string(r.json.at("id").as_string());
}

}  // namespace kikan::testing
