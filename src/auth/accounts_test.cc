#include "auth/accounts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>

#include "auth/tokens.h"

namespace kikan::auth {
namespace {

using base::Instant;
using base::StatusCode;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using store::Value;

Instant At(std::string_view text) {
  auto t = base::ParseInstant(text);
  KIKAN_CHECK(t.has_value());
  return *t;
}

// 2025-11-04 00:00 UTC = 09:00 JST.
const Instant kT0 = At("2025-11-04T00:00:00Z");

AccountSettings FastSettings() {
  AccountSettings s;
  s.password_limits = PasswordLimits::Minimum();
  return s;
}

constexpr char kPassword[] = "correct horse battery";

NewUser Staff(std::string login = "staff.a") {
  NewUser u;
  u.login = std::move(login);
  u.display_name = {.ja = "港湾 太郎", .en = "Taro Minato"};
  u.role = Role::kOperatorStaff;
  u.operator_id = base::OperatorId("op-a");
  u.password = kPassword;
  return u;
}

NewUser Reviewer(std::string login = "mlit.reviewer") {
  NewUser u;
  u.login = std::move(login);
  u.display_name = {.ja = "国交 花子", .en = ""};
  u.role = Role::kReviewer;
  u.ministry = "mlit";
  u.businesses = {"general_port_transport", "general_cargo_trucking", "general_port_transport"};
  u.password = kPassword;
  return u;
}

// Runs every case on an in-memory SQLite database, on a SQLite file and on PostgreSQL.
class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* base = std::getenv("KIKAN_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') {
        GTEST_SKIP() << "PostgreSQL not configured: set KIKAN_TEST_POSTGRES_URL (scripts/test "
                        "starts a throwaway cluster)";
      }
      // A schema of its own, so that tests running in parallel (and the store's) do not meet.
      auto admin = store::Open(base, 1);
      ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
      admin_ = std::move(*admin);
      static std::atomic<int> counter{0};
      schema_ = "kikan_auth_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
      base::Status st = admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema_);
      ASSERT_TRUE(st.ok()) << st.ToString();
      std::string url = base;
      url_ = url + (url.find('?') == std::string::npos ? "?" : "&") +
             "options=-c%20search_path%3D" + schema_;
    } else if (GetParam() == "file") {
      static std::atomic<int> counter{0};
      path_ = std::filesystem::temp_directory_path() /
              ("kikan-auth-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
               ".db");
      url_ = "sqlite:" + path_.string();
    } else {
      url_ = "sqlite::memory:";
    }
    Reopen();
  }

  void TearDown() override {
    lease_.reset();
    pool_.reset();
    if (admin_ != nullptr && !schema_.empty()) {
      base::Status st = admin_->Acquire()->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path_.string() + suffix);
      }
    }
  }

  void Reopen() {
    lease_.reset();
    pool_.reset();
    auto pool = store::Open(url_, 2);
    ASSERT_TRUE(pool.has_value()) << pool.status().ToString();
    pool_ = std::move(*pool);
    lease_.emplace(pool_->Acquire());
    base::Status st = store::Migrate(conn(), Migrations());
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  store::Connection& conn() { return **lease_; }

  // Creates `u` in a committed transaction.
  std::string Create(const NewUser& u, const Accounts* accounts = nullptr) {
    auto tx = store::Transaction::Start(conn());
    KIKAN_CHECK(tx.has_value());
    auto id = (accounts ? *accounts : accounts_).CreateUser(conn(), u, kT0);
    EXPECT_TRUE(id.has_value()) << id.status().ToString();
    if (!id) return "";
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }

  base::Status InTx(const std::function<base::Status()>& f) {
    auto tx = store::Transaction::Start(conn());
    if (!tx) return tx.status();
    KIKAN_TRY(f());
    return tx->Commit();
  }

  std::vector<store::Row> Rows(std::string_view sql) {
    auto rows = conn().Query(sql);
    EXPECT_TRUE(rows.has_value()) << rows.status().ToString();
    return rows ? *rows : std::vector<store::Row>{};
  }

  base::Result<Session> Login(std::string_view login, std::string_view password, Instant now,
                              SessionKind kind = SessionKind::kBearer) {
    return accounts_.Login(conn(), login, password, kind, now);
  }

  Accounts accounts_{FastSettings()};
  std::unique_ptr<store::Pool> admin_;  // postgres: creates and drops the schema
  std::string schema_;
  std::filesystem::path path_;
  std::string url_;
  std::unique_ptr<store::Pool> pool_;  // destroyed after the lease
  std::optional<store::Lease> lease_;
};

// "postgres" runs when KIKAN_TEST_POSTGRES_URL names a server (scripts/test starts one).
INSTANTIATE_TEST_SUITE_P(Store, AccountsTest, ::testing::Values("memory", "file", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

// Migration 201 (the administrators' roles) rebuilds the three tables on SQLite: accounts, their
// businesses and their sessions survive it, the cascades still hold, and the new roles are stored.
TEST_P(AccountsTest, Migration201KeepsAccountsAndAllowsTheAdministratorsRoles) {
  std::string url = "sqlite::memory:";
  std::string schema;
  std::filesystem::path path;
  if (GetParam() == "postgres") {
    schema = schema_ + "_m201";
    ASSERT_TRUE(admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema).ok());
    url = std::string(std::getenv("KIKAN_TEST_POSTGRES_URL"));
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "options=-c%20search_path%3D" + schema;
  } else if (GetParam() == "file") {
    path = path_.string() + "-m201";
    url = "sqlite:" + path.string();
  }
  auto pool = store::Open(url, 1);
  ASSERT_TRUE(pool.has_value()) << pool.status().ToString();
  {
    auto c = (*pool)->Acquire();
    ASSERT_TRUE(store::Migrate(*c, Migrations().first(1)).ok());
    Accounts accounts{FastSettings()};
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx.has_value());
    auto reviewer = accounts.CreateUser(*c, Reviewer(), kT0);
    ASSERT_TRUE(reviewer.has_value()) << reviewer.status().ToString();
    ASSERT_TRUE(tx->Commit().ok());
    auto session = accounts.Login(*c, "mlit.reviewer", kPassword, SessionKind::kBearer, kT0);
    ASSERT_TRUE(session.has_value()) << session.status().ToString();
    // Before 201 an administrator cannot be stored.
    NewUser admin = Reviewer("mlit.admin");
    admin.role = Role::kMinistryAdmin;
    auto tx2 = store::Transaction::Start(*c);
    ASSERT_TRUE(tx2.has_value());
    EXPECT_FALSE(accounts.CreateUser(*c, admin, kT0).has_value());
  }
  {
    auto c = (*pool)->Acquire();
    base::Status st = store::Migrate(*c, Migrations());
    ASSERT_TRUE(st.ok()) << st.ToString();
    Accounts accounts{FastSettings()};
    auto reviewer = accounts.FindByLogin(*c, "mlit.reviewer");
    ASSERT_TRUE(reviewer.has_value()) << reviewer.status().ToString();
    EXPECT_EQ(reviewer->businesses.size(), 2u);
    auto sessions = c->Query("SELECT COUNT(*) FROM sessions");
    ASSERT_TRUE(sessions.has_value());
    EXPECT_EQ((*sessions)[0].Int(0), 1);
    for (Role role : {Role::kMinistryAdmin, Role::kOperatorAdmin}) {
      NewUser u = role == Role::kMinistryAdmin ? Reviewer("mlit.admin") : Staff("op.admin");
      u.role = role;
      auto tx = store::Transaction::Start(*c);
      ASSERT_TRUE(tx.has_value());
      auto id = accounts.CreateUser(*c, u, kT0);
      ASSERT_TRUE(id.has_value()) << id.status().ToString();
      ASSERT_TRUE(tx->Commit().ok());
      auto back = accounts.GetUser(*c, *id);
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(back->role, role);
      EXPECT_EQ(back->businesses.size(), role == Role::kMinistryAdmin ? 2u : 0u);
    }
    // The rebuilt children still cascade from the rebuilt parent.
    ASSERT_TRUE(c->Exec("DELETE FROM users WHERE login = 'mlit.reviewer'").ok());
    auto left = c->Query(
        "SELECT (SELECT COUNT(*) FROM sessions), "
        "(SELECT COUNT(*) FROM user_businesses)");
    ASSERT_TRUE(left.has_value());
    EXPECT_EQ((*left)[0].Int(0), 0);
    EXPECT_EQ((*left)[0].Int(1), 2);  // the ministry admin's two
  }
  pool->reset();
  if (!schema.empty()) {
    EXPECT_TRUE(admin_->Acquire()->ExecScript("DROP SCHEMA " + schema + " CASCADE").ok());
  }
  if (!path.empty()) std::filesystem::remove(path);
}

TEST_P(AccountsTest, MigrationsAreInTheAuthRange) {
  for (const auto& m : Migrations()) {
    EXPECT_GE(m.version, 200);
    EXPECT_LE(m.version, 299);
    EXPECT_NE(m.sqlite.find("STRICT"), std::string::npos) << m.name;
    EXPECT_FALSE(m.postgres.empty()) << m.name;
    EXPECT_EQ(m.postgres.find("STRICT"), std::string::npos) << m.name;
  }
  // Applying them again is a no-op.
  EXPECT_TRUE(store::Migrate(conn(), Migrations()).ok());
  // STRICT: a text where an integer belongs is refused.
  EXPECT_FALSE(conn()
                   .Exec("INSERT INTO users (id, login, display_name_ja, role, password_hash, "
                         "failed_logins, created_at) VALUES ('x', 'x', 'x', 'reviewer', 'h', "
                         "'many', 't')")
                   .ok());
}

TEST_P(AccountsTest, CreateAndGet) {
  std::string id = Create(Staff());
  EXPECT_TRUE(id.starts_with("u-")) << id;
  EXPECT_EQ(id.size(), 2u + 24u);
  auto u = accounts_.GetUser(conn(), id);
  ASSERT_TRUE(u.has_value()) << u.status().ToString();
  EXPECT_EQ(u->login, "staff.a");
  EXPECT_EQ(u->display_name.ja, "港湾 太郎");
  EXPECT_EQ(u->display_name.en, "Taro Minato");
  EXPECT_EQ(u->role, Role::kOperatorStaff);
  EXPECT_EQ(u->operator_id, "op-a");
  EXPECT_EQ(u->created_at, kT0);
  EXPECT_FALSE(u->disabled);
  EXPECT_EQ(u->failed_logins, 0);
  EXPECT_EQ(u->locked_until, std::nullopt);

  auto by_login = accounts_.FindByLogin(conn(), "STAFF.A");
  ASSERT_TRUE(by_login.has_value());
  EXPECT_EQ(by_login->id, id);

  EXPECT_EQ(accounts_.GetUser(conn(), "u-nobody").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_.FindByLogin(conn(), "nobody").status().code(), StatusCode::kNotFound);
}

TEST_P(AccountsTest, CreateRejectsBadInput) {
  auto attempt = [&](const NewUser& u) {
    auto tx = store::Transaction::Start(conn());
    KIKAN_CHECK(tx.has_value());
    auto r = accounts_.CreateUser(conn(), u, kT0);
    return r.has_value() ? base::Status::Ok() : r.status();
  };
  NewUser short_password = Staff();
  short_password.password = "123456789";
  base::Status st = attempt(short_password);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.ja().find("10文字以上"), std::string::npos) << st.ja();

  NewUser bad_login = Staff("a b");
  st = attempt(bad_login);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.en().find("\"login\""), std::string::npos) << st.en();

  NewUser no_name = Staff();
  no_name.display_name = {};
  EXPECT_EQ(attempt(no_name).code(), StatusCode::kInvalidArgument);

  NewUser public_user = Staff();
  public_user.role = Role::kPublic;
  public_user.operator_id = {};
  st = attempt(public_user);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.en().find("\"role\""), std::string::npos) << st.en();

  NewUser reviewer_without_scope = Reviewer();
  reviewer_without_scope.businesses.clear();
  st = attempt(reviewer_without_scope);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.en().find("\"businesses\""), std::string::npos) << st.en();

  NewUser staff_with_ministry = Staff();
  staff_with_ministry.ministry = "mlit";
  EXPECT_EQ(attempt(staff_with_ministry).code(), StatusCode::kInvalidArgument);

  NewUser staff_without_operator = Staff();
  staff_without_operator.operator_id = {};
  EXPECT_EQ(attempt(staff_without_operator).code(), StatusCode::kInvalidArgument);

  NewUser co_with_operator = Staff();
  co_with_operator.role = Role::kCabinetOffice;
  EXPECT_EQ(attempt(co_with_operator).code(), StatusCode::kInvalidArgument);

  // Nothing was stored.
  EXPECT_TRUE(Rows("SELECT id FROM users").empty());
}

TEST_P(AccountsTest, DuplicateLoginIsRefusedCaseInsensitively) {
  Create(Staff("tanaka"));
  auto tx = store::Transaction::Start(conn());
  ASSERT_TRUE(tx.has_value());
  auto again = accounts_.CreateUser(conn(), Staff("Tanaka"), kT0);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().en().find("\"tanaka\""), std::string::npos) << again.status().en();
}

TEST_P(AccountsTest, LoginReturnsAWorkingToken) {
  std::string id = Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value()) << s.status().ToString();
  EXPECT_TRUE(IsWellFormedToken(s->token)) << s->token;
  EXPECT_EQ(s->kind, SessionKind::kBearer);
  EXPECT_EQ(s->csrf_token, "");
  EXPECT_EQ(s->expires_at, kT0 + hours(12));
  EXPECT_EQ(s->principal.user_id, id);
  EXPECT_EQ(s->principal.role, Role::kOperatorStaff);
  EXPECT_EQ(s->principal.operator_id, "op-a");

  auto p = accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + minutes(5));
  ASSERT_TRUE(p.has_value()) << p.status().ToString();
  EXPECT_EQ(p->user_id, id);
  EXPECT_EQ(p->role, Role::kOperatorStaff);
  EXPECT_EQ(p->operator_id, "op-a");
  EXPECT_FALSE(p->anonymous());

  // The login name is case-insensitive.
  EXPECT_TRUE(Login("Staff.A", kPassword, kT0).has_value());
  // Two sign-ins are two sessions.
  EXPECT_EQ(Rows("SELECT token_hash FROM sessions").size(), 2u);
}

TEST_P(AccountsTest, ReviewerPrincipalCarriesTheScope) {
  Create(Reviewer());
  auto s = Login("mlit.reviewer", kPassword, kT0);
  ASSERT_TRUE(s.has_value()) << s.status().ToString();
  const std::vector<base::BusinessId> expected = {"general_cargo_trucking",
                                                  "general_port_transport"};
  EXPECT_EQ(s->principal.role, Role::kReviewer);
  EXPECT_EQ(s->principal.ministry, "mlit");
  EXPECT_EQ(s->principal.businesses, expected);
  auto p = accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->businesses, expected);
  EXPECT_TRUE(
      Authorize(*p, Action::kReviewFiling, {"op-x", "general_port_transport", "u-o", ""}).ok());
}

TEST_P(AccountsTest, TokenIsStoredOnlyAsItsHash) {
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0, SessionKind::kCookie);
  ASSERT_TRUE(s.has_value());
  auto rows = Rows("SELECT * FROM sessions");
  ASSERT_EQ(rows.size(), 1u);
  bool found_hash = false;
  for (const Value& cell : rows[0].cells) {
    const auto* text = std::get_if<std::string>(&cell);
    if (text == nullptr) continue;
    EXPECT_EQ(text->find(s->token), std::string::npos) << "token stored in clear: " << *text;
    EXPECT_EQ(text->find(s->csrf_token), std::string::npos) << "CSRF token stored: " << *text;
    found_hash |= *text == HashToken(s->token);
  }
  EXPECT_TRUE(found_hash);
  // Nor anywhere in the users table.
  for (const auto& row : Rows("SELECT * FROM users")) {
    for (const Value& cell : row.cells) {
      if (const auto* text = std::get_if<std::string>(&cell)) {
        EXPECT_EQ(text->find(s->token), std::string::npos);
        EXPECT_EQ(text->find(kPassword), std::string::npos) << "password stored in clear";
      }
    }
  }
}

TEST_P(AccountsTest, AbsoluteExpiryAfterTwelveHours) {
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  // Active every hour: never idle, but still ends 12 h after sign-in (no sliding renewal).
  for (int h = 1; h < 12; ++h) {
    EXPECT_TRUE(
        accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + hours(h)).has_value())
        << h << " h";
  }
  EXPECT_TRUE(
      accounts_
          .Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + hours(12) - milliseconds(1))
          .has_value());
  auto expired = accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + hours(12));
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().ja().find("もう一度ログイン"), std::string::npos);
}

TEST_P(AccountsTest, IdleExpiryAfterTwoHours) {
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  auto auth = [&](Instant t) {
    return accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, t);
  };
  EXPECT_TRUE(auth(kT0 + hours(1) + minutes(59)).has_value());  // refreshes last_seen
  EXPECT_TRUE(auth(kT0 + hours(3) + minutes(58)).has_value());
  EXPECT_EQ(auth(kT0 + hours(5) + minutes(58)).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(AccountsTest, LastSeenIsWrittenAtMostOncePerResolution) {
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  auto last_seen = [&] { return Rows("SELECT last_seen FROM sessions")[0].Text(0); };
  EXPECT_EQ(last_seen(), "2025-11-04T00:00:00.000Z");
  ASSERT_TRUE(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + seconds(30)));
  EXPECT_EQ(last_seen(), "2025-11-04T00:00:00.000Z");
  ASSERT_TRUE(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0 + seconds(61)));
  EXPECT_EQ(last_seen(), "2025-11-04T00:01:01.000Z");
}

TEST_P(AccountsTest, LogoutInvalidates) {
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  auto other = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value() && other.has_value());
  ASSERT_TRUE(accounts_.Logout(conn(), s->token).ok());
  EXPECT_EQ(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0).status().code(),
            StatusCode::kUnauthenticated);
  // Only that session ended.
  EXPECT_TRUE(accounts_.Authenticate(conn(), other->token, SessionKind::kBearer, kT0));
  // Signing out twice, or with junk, is not an error.
  EXPECT_TRUE(accounts_.Logout(conn(), s->token).ok());
  EXPECT_TRUE(accounts_.Logout(conn(), "junk").ok());
}

TEST_P(AccountsTest, UnknownOrMalformedTokens) {
  Create(Staff());
  for (std::string token :
       {std::string(), std::string("junk"), NewToken(), std::string(kTokenChars, '!')}) {
    auto p = accounts_.Authenticate(conn(), token, SessionKind::kBearer, kT0);
    ASSERT_FALSE(p.has_value()) << token;
    EXPECT_EQ(p.status().code(), StatusCode::kUnauthenticated);
  }
}

TEST_P(AccountsTest, CookieSessionsHaveACsrfTokenAndStayOnTheirTransport) {
  Create(Staff());
  auto cookie = Login("staff.a", kPassword, kT0, SessionKind::kCookie);
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->kind, SessionKind::kCookie);
  EXPECT_EQ(cookie->csrf_token, CsrfTokenFor(cookie->token));
  EXPECT_TRUE(CheckCsrf(cookie->token, cookie->csrf_token).ok());
  EXPECT_EQ(CheckCsrf(cookie->token, "").code(), StatusCode::kPermissionDenied);

  EXPECT_TRUE(accounts_.Authenticate(conn(), cookie->token, SessionKind::kCookie, kT0));
  EXPECT_EQ(
      accounts_.Authenticate(conn(), cookie->token, SessionKind::kBearer, kT0).status().code(),
      StatusCode::kUnauthenticated);
  auto bearer = Login("staff.a", kPassword, kT0, SessionKind::kBearer);
  ASSERT_TRUE(bearer.has_value());
  EXPECT_EQ(
      accounts_.Authenticate(conn(), bearer->token, SessionKind::kCookie, kT0).status().code(),
      StatusCode::kUnauthenticated);
  EXPECT_EQ(Rows("SELECT kind FROM sessions ORDER BY kind")[0].Text(0), "bearer");
}

TEST_P(AccountsTest, UnknownUserAndWrongPasswordLookTheSame) {
  Create(Staff());
  auto wrong = Login("staff.a", "wrong password!", kT0);
  auto unknown = Login("nobody.here", "wrong password!", kT0);
  auto empty = Login("", "", kT0);
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status(), unknown.status());  // code, English and Japanese text
  EXPECT_EQ(wrong.status(), empty.status());
  EXPECT_NE(wrong.status().ja().find("ログイン名またはパスワード"), std::string::npos);
}

TEST_P(AccountsTest, UnknownUserCostsAnArgon2Verification) {
  // An unknown login must cost what a wrong password costs: exactly one Argon2 verification
  // (against a dummy hash made at the same limits), counted; and, timed with a noticeable cost
  // (8 MiB, 2 passes), not the ~1000× less a skipped verification would take. The timing bound
  // is loose (a factor 20, fastest of 5 runs each, measured alternately) so a loaded machine
  // cannot fail it; the count is exact. In memory only: a wrong password also writes the failure
  // count, which costs an fsync on a file.
  if (GetParam() != "memory") GTEST_SKIP() << "timed on the in-memory database only";
  AccountSettings settings = FastSettings();
  settings.password_limits = {2, 8u << 20};
  Accounts slow(settings);
  std::string id = Create(Staff(), &slow);
  auto time_ms = [&](std::string_view login) {
    uint64_t before = PasswordVerifications();
    auto start = std::chrono::steady_clock::now();
    auto r = slow.Login(conn(), login, "wrong password!", SessionKind::kBearer, kT0);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << login;
    EXPECT_EQ(PasswordVerifications() - before, 1u) << login;
    return ms;
  };
  (void)time_ms("nobody.here");  // warm-up: makes the dummy hash
  double wrong = 1e9, unknown = 1e9;
  for (int i = 0; i < 5; ++i) {
    wrong = std::min(wrong, time_ms("staff.a"));
    EXPECT_TRUE(InTx([&] { return slow.Unlock(conn(), id); }).ok());  // never reach the lockout
    unknown = std::min(unknown, time_ms("nobody.here"));
  }
  EXPECT_GT(unknown, wrong / 20) << "unknown " << unknown << " ms, wrong " << wrong << " ms";
  EXPECT_LT(unknown, wrong * 20) << "unknown " << unknown << " ms, wrong " << wrong << " ms";
}

TEST_P(AccountsTest, LockoutAfterFiveFailuresForFifteenMinutes) {
  std::string id = Create(Staff());
  for (int i = 1; i <= 5; ++i) {
    auto r = Login("staff.a", "wrong password!", kT0 + seconds(i));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << "attempt " << i;
  }
  auto u = accounts_.GetUser(conn(), id);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->failed_logins, 5);
  // Locked from the 5th failure (00:00:05Z) for 15 minutes: until 00:15:05Z = 09:15:05 JST,
  // shown rounded up as 09:16.
  EXPECT_EQ(u->locked_until, kT0 + seconds(5) + minutes(15));

  auto locked = Login("staff.a", kPassword, kT0 + minutes(1));  // the right password
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(locked.status().en().find("locked"), std::string::npos) << locked.status().en();
  EXPECT_NE(locked.status().en().find("09:16 JST"), std::string::npos) << locked.status().en();
  EXPECT_NE(locked.status().ja().find("09:16（日本時間）"), std::string::npos)
      << locked.status().ja();
  // A wrong password says the same, and does not extend the lock.
  auto locked_wrong = Login("staff.a", "wrong password!", kT0 + minutes(2));
  EXPECT_EQ(locked_wrong.status(), locked.status());
  EXPECT_EQ(accounts_.GetUser(conn(), id)->locked_until, kT0 + seconds(5) + minutes(15));

  EXPECT_FALSE(Login("staff.a", kPassword, kT0 + seconds(5) + minutes(15) - milliseconds(1)));
  auto unlocked = Login("staff.a", kPassword, kT0 + seconds(5) + minutes(15));
  ASSERT_TRUE(unlocked.has_value()) << unlocked.status().ToString();
  u = accounts_.GetUser(conn(), id);
  EXPECT_EQ(u->failed_logins, 0);
  EXPECT_EQ(u->locked_until, std::nullopt);
}

TEST_P(AccountsTest, ExpiredLockStartsANewCount) {
  std::string id = Create(Staff());
  for (int i = 0; i < 5; ++i) (void)Login("staff.a", "wrong password!", kT0);
  // The lock ran out; one more failure counts as the first of a new series, not a sixth.
  auto after = kT0 + minutes(20);
  EXPECT_EQ(Login("staff.a", "wrong password!", after).status().code(),
            StatusCode::kUnauthenticated);
  auto u = accounts_.GetUser(conn(), id);
  EXPECT_EQ(u->failed_logins, 1);
  EXPECT_EQ(u->locked_until, std::nullopt);
  EXPECT_TRUE(Login("staff.a", kPassword, after + seconds(1)).has_value());
}

TEST_P(AccountsTest, SuccessResetsTheCount) {
  std::string id = Create(Staff());
  for (int i = 0; i < 4; ++i) (void)Login("staff.a", "wrong password!", kT0);
  EXPECT_EQ(accounts_.GetUser(conn(), id)->failed_logins, 4);
  ASSERT_TRUE(Login("staff.a", kPassword, kT0).has_value());
  for (int i = 0; i < 4; ++i) (void)Login("staff.a", "wrong password!", kT0);
  EXPECT_TRUE(Login("staff.a", kPassword, kT0).has_value());  // 4, not 8: not locked
}

TEST_P(AccountsTest, LockoutSettingsAreConfigurable) {
  AccountSettings settings = FastSettings();
  settings.max_failed_logins = 2;
  settings.lockout = minutes(1);
  Accounts strict(settings);
  Create(Staff(), &strict);
  for (int i = 0; i < 2; ++i) {
    (void)strict.Login(conn(), "staff.a", "wrong password!", SessionKind::kBearer, kT0);
  }
  EXPECT_EQ(strict.Login(conn(), "staff.a", kPassword, SessionKind::kBearer, kT0).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(strict.Login(conn(), "staff.a", kPassword, SessionKind::kBearer, kT0 + minutes(1)));
}

TEST_P(AccountsTest, AdministratorUnlocks) {
  std::string id = Create(Staff());
  for (int i = 0; i < 5; ++i) (void)Login("staff.a", "wrong password!", kT0);
  ASSERT_FALSE(Login("staff.a", kPassword, kT0).has_value());
  ASSERT_TRUE(InTx([&] { return accounts_.Unlock(conn(), id); }).ok());
  EXPECT_TRUE(Login("staff.a", kPassword, kT0).has_value());
  EXPECT_EQ(InTx([&] { return accounts_.Unlock(conn(), "u-nobody"); }).code(),
            StatusCode::kNotFound);
}

TEST_P(AccountsTest, DisabledAccount) {
  std::string id = Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE(InTx([&] { return accounts_.SetDisabled(conn(), id, true); }).ok());
  // Its sessions ended.
  EXPECT_EQ(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0).status().code(),
            StatusCode::kUnauthenticated);
  // The right password learns it is disabled; a wrong one learns nothing.
  auto right = Login("staff.a", kPassword, kT0);
  EXPECT_EQ(right.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(right.status().en().find("disabled"), std::string::npos);
  EXPECT_EQ(Login("staff.a", "wrong password!", kT0).status(),
            Login("nobody.here", "wrong password!", kT0).status());
  ASSERT_TRUE(InTx([&] { return accounts_.SetDisabled(conn(), id, false); }).ok());
  EXPECT_TRUE(Login("staff.a", kPassword, kT0).has_value());
}

TEST_P(AccountsTest, RehashOnLoginWhenTheLimitsChanged) {
  // Created at the minimum limits; the server now runs with more passes.
  std::string id = Create(Staff());
  AccountSettings settings = FastSettings();
  settings.password_limits.opslimit += 1;
  Accounts upgraded(settings);
  auto hash = [&] {
    return Rows(("SELECT password_hash FROM users WHERE id = '" + id + "'").c_str())[0].Text(0);
  };
  std::string before = hash();
  EXPECT_TRUE(NeedsRehash(before, settings.password_limits));
  ASSERT_TRUE(upgraded.Login(conn(), "staff.a", kPassword, SessionKind::kBearer, kT0));
  std::string after = hash();
  EXPECT_NE(after, before);
  EXPECT_FALSE(NeedsRehash(after, settings.password_limits));
  EXPECT_TRUE(VerifyPassword(after, kPassword));
  // And the old settings accept it still (the hash names its own limits).
  EXPECT_TRUE(Login("staff.a", kPassword, kT0).has_value());
}

TEST_P(AccountsTest, ChangePassword) {
  std::string id = Create(Staff());
  auto current = Login("staff.a", kPassword, kT0);
  auto other = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(current && other);
  base::Status wrong = InTx([&] {
    return accounts_.ChangePassword(conn(), id, "not my password", "a new passphrase",
                                    current->token, kT0);
  });
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied);
  base::Status too_short = InTx([&] {
    return accounts_.ChangePassword(conn(), id, kPassword, "short", current->token, kT0);
  });
  EXPECT_EQ(too_short.code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(InTx([&] {
                return accounts_.ChangePassword(conn(), id, kPassword, "a new passphrase",
                                                current->token, kT0);
              }).ok());
  EXPECT_TRUE(accounts_.Authenticate(conn(), current->token, SessionKind::kBearer, kT0));
  EXPECT_FALSE(accounts_.Authenticate(conn(), other->token, SessionKind::kBearer, kT0));
  EXPECT_FALSE(Login("staff.a", kPassword, kT0).has_value());
  EXPECT_TRUE(Login("staff.a", "a new passphrase", kT0).has_value());
}

TEST_P(AccountsTest, SetPasswordResetsLockoutAndSessions) {
  std::string id = Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  for (int i = 0; i < 5; ++i) (void)Login("staff.a", "wrong password!", kT0);
  ASSERT_TRUE(
      InTx([&] { return accounts_.SetPassword(conn(), id, "reset by admin 1", kT0); }).ok());
  EXPECT_FALSE(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0));
  EXPECT_TRUE(Login("staff.a", "reset by admin 1", kT0).has_value());
  EXPECT_EQ(InTx([&] {
              return accounts_.SetPassword(conn(), "u-nobody", "reset by admin 1", kT0);
            }).code(),
            StatusCode::kNotFound);
}

TEST_P(AccountsTest, RevokeAndPurgeSessions) {
  std::string a = Create(Staff("staff.a"));
  Create(Staff("staff.b"));
  ASSERT_TRUE(Login("staff.a", kPassword, kT0));
  ASSERT_TRUE(Login("staff.a", kPassword, kT0));
  auto b_early = Login("staff.b", kPassword, kT0);
  auto b_late = Login("staff.b", kPassword, kT0 + hours(11));
  ASSERT_TRUE(b_early && b_late);
  auto revoked = accounts_.RevokeSessions(conn(), a);
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(*revoked, 2);
  // At kT0 + 12h the first of b's sessions has expired; the second is 1 h old.
  auto purged = accounts_.PurgeExpiredSessions(conn(), kT0 + hours(12));
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(accounts_.Authenticate(conn(), b_late->token, SessionKind::kBearer, kT0 + hours(12)));
  // Idle for 2 h: purged too.
  purged = accounts_.PurgeExpiredSessions(conn(), kT0 + hours(14) + minutes(1));
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(Rows("SELECT token_hash FROM sessions").empty());
}

TEST_P(AccountsTest, CanonicalStateHoldsNoPersonalOrVolatileData) {
  std::string id = Create(Reviewer());
  auto u = accounts_.GetUser(conn(), id);
  ASSERT_TRUE(u.has_value());
  std::string state = CanonicalState(*u);
  EXPECT_EQ(state,
            "kikan/auth/user/v1\n"
            "id=" +
                id +
                "\n"
                "role=reviewer\n"
                "ministry=mlit\n"
                "business=general_cargo_trucking\n"
                "business=general_port_transport\n"
                "operator_id=\n"
                "disabled=0\n"
                "created_at=2025-11-04T00:00:00.000Z\n");
  EXPECT_EQ(state.find("mlit.reviewer"), std::string::npos);
  EXPECT_EQ(state.find("国交"), std::string::npos);
  EXPECT_EQ(state.find("argon2"), std::string::npos);

  // Sign-ins, failures and a lockout do not change it.
  (void)Login("mlit.reviewer", kPassword, kT0);
  for (int i = 0; i < 5; ++i) (void)Login("mlit.reviewer", "wrong password!", kT0);
  EXPECT_EQ(CanonicalState(*accounts_.GetUser(conn(), id)), state);
  // Disabling does.
  ASSERT_TRUE(InTx([&] { return accounts_.SetDisabled(conn(), id, true); }).ok());
  EXPECT_NE(CanonicalState(*accounts_.GetUser(conn(), id)), state);

  User tricky = *u;
  tricky.ministry = "a\nrole=cabinet_office";
  EXPECT_NE(CanonicalState(tricky).find("ministry=a\\nrole=cabinet_office\n"), std::string::npos);
}

TEST_P(AccountsTest, DataSurvivesReopening) {
  if (GetParam() == "memory") GTEST_SKIP() << "an in-memory database ends with its pool";
  Create(Staff());
  auto s = Login("staff.a", kPassword, kT0);
  ASSERT_TRUE(s.has_value());
  Reopen();
  EXPECT_TRUE(accounts_.Authenticate(conn(), s->token, SessionKind::kBearer, kT0));
  EXPECT_TRUE(Login("staff.a", kPassword, kT0).has_value());
}

using AccountsDeathTest = AccountsTest;
INSTANTIATE_TEST_SUITE_P(Store, AccountsDeathTest, ::testing::Values("memory"),
                         [](const auto& param_info) { return param_info.param; });

TEST_P(AccountsDeathTest, WritesNeedTheCallersTransactionAndLoginNeedsNone) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH((void)accounts_.CreateUser(conn(), Staff(), kT0), "InTransaction");
  EXPECT_DEATH((void)accounts_.Unlock(conn(), "u-x"), "InTransaction");
  auto tx = store::Transaction::Start(conn());
  ASSERT_TRUE(tx.has_value());
  EXPECT_DEATH((void)accounts_.Login(conn(), "staff.a", kPassword, SessionKind::kBearer, kT0),
               "InTransaction");
}

}  // namespace
}  // namespace kikan::auth
