#include "auth/accounts.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "auth/tokens.h"
#include "base/check.h"
#include "base/hex.h"
#include "base/utf8.h"

namespace kikan::auth {

namespace {

// Portable DDL (store::PortableDdl).
constexpr char kUsers[] = R"sql(
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  login           TEXT NOT NULL UNIQUE,
  display_name_ja TEXT NOT NULL,
  display_name_en TEXT NOT NULL DEFAULT '',
  role            TEXT NOT NULL CHECK (role IN ('cabinet_office', 'reviewer', 'operator_staff')),
  ministry        TEXT NOT NULL DEFAULT '',
  operator_id     TEXT NOT NULL DEFAULT '',
  password_hash   TEXT NOT NULL,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;
CREATE TABLE user_businesses (
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  business TEXT NOT NULL,
  PRIMARY KEY (user_id, business)
) STRICT;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('bearer', 'cookie')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
)sql";

using base::Instant;
using base::Status;
using store::Value;

std::string At(Instant t) { return base::FormatInstant(t); }

base::Status WrongCredentials() {
  return Status(
      base::StatusCode::kUnauthenticated,
      {.ja = "ログイン名またはパスワードが正しくありません", .en = "wrong login name or password"});
}

base::Status SessionInvalid() {
  return Status(
      base::StatusCode::kUnauthenticated,
      {.ja = "ログインしていないか、セッションの有効期限が切れています。もう一度ログインして"
             "ください",
       .en = "not signed in, or the session has expired: sign in again"});
}

base::Status Locked(Instant until) {
  // Shown in Japan time and rounded up to the minute, so "after HH:MM" is really after.
  auto jst = std::chrono::ceil<std::chrono::minutes>(until + std::chrono::hours(9));
  auto day = std::chrono::floor<std::chrono::days>(jst);
  auto minutes = (jst - day).count();
  std::string hhmm = fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
  return base::PermissionDenied(
      {.ja = fmt::format(
           "ログインに続けて失敗したため、アカウントがロックされています。{}（日本時間）"
           "以降にもう一度お試しください",
           hhmm),
       .en = fmt::format(
           "the account is locked after too many failed sign-ins; try again after {} JST", hhmm)});
}

base::Status Disabled() {
  return base::PermissionDenied(
      {.ja = "このアカウントは無効化されています。管理者にお問い合わせください",
       .en = "the account is disabled; ask your administrator"});
}

base::Status UserNotFound(std::string_view user_id) {
  return base::NotFound({.ja = fmt::format("ID \"{}\" のユーザーは存在しません", user_id),
                         .en = fmt::format("no user with id \"{}\"", user_id)});
}

base::Status BadField(std::string_view field, const base::Text& what) {
  return base::InvalidArgument({.ja = fmt::format("ユーザーの項目「{}」: {}", field, what.ja),
                                .en = fmt::format("user field \"{}\": {}", field, what.en)});
}

base::Status Corrupt(std::string_view what) {
  return base::DataLoss({.ja = fmt::format("users テーブルが破損しています: {}", what),
                         .en = fmt::format("the users table is corrupt: {}", what)});
}

std::string FoldLogin(std::string_view login) {
  std::string out(login);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsLoginSyntax(std::string_view s) {
  if (s.size() < 3 || s.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

// Ids of the scope (ministry, business, operator): printable ASCII without spaces, as the regime
// packs and datasets use them.
bool IsScopeId(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

base::Status ValidateNewUser(const NewUser& u) {
  std::string login = FoldLogin(u.login);
  if (!IsLoginSyntax(login)) {
    return BadField(
        "login",
        {.ja = fmt::format("\"{}\" はログイン名に使えません。英小文字・数字・. _ - の3〜64文字"
                           "（先頭は英数字）にしてください",
                           u.login),
         .en = fmt::format("\"{}\" is not a login name: use 3 to 64 of a-z 0-9 . _ -, "
                           "starting with a letter or digit",
                           u.login)});
  }
  if (u.display_name.ja.empty()) {
    return BadField("display_name.ja", {.ja = "表示名（日本語）は必須です",
                                        .en = "the Japanese display name is required"});
  }
  for (const auto* name : {&u.display_name.ja, &u.display_name.en}) {
    if (base::CodePointCount(*name) > 200 || name->find_first_of("\n\r\t") != std::string::npos) {
      return BadField("display_name", {.ja = "1行・200文字以内にしてください",
                                       .en = "at most 200 characters on one line"});
    }
  }
  auto none = [](std::string_view field, std::string_view role) {
    return BadField(field, {.ja = fmt::format("ロール {} では空にしてください", role),
                            .en = fmt::format("must be empty for role {}", role)});
  };
  std::string_view role = RoleName(u.role);
  switch (u.role) {
    case Role::kPublic:
      return BadField(
          "role",
          {.ja = "\"public\" は匿名の利用者を表すロールで、アカウントには使えません。"
                 "cabinet_office、ministry_admin、reviewer、operator_admin、operator_staff の"
                 "いずれかにしてください",
           .en = "\"public\" is the anonymous role and cannot be an account; use "
                 "cabinet_office, ministry_admin, reviewer, operator_admin or "
                 "operator_staff"});
    case Role::kCabinetOffice:
      if (!u.ministry.empty()) return none("ministry", role);
      if (!u.businesses.empty()) return none("businesses", role);
      if (!u.operator_id.empty()) return none("operator_id", role);
      break;
    case Role::kMinistryAdmin:
    case Role::kReviewer:
      if (!IsScopeId(u.ministry)) {
        return BadField("ministry",
                        {.ja = "省庁のアカウントには所管省庁の ID（例: mlit）が必要です",
                         .en = "a ministry's account needs its ministry id (e.g. mlit)"});
      }
      if (u.businesses.empty()) {
        return BadField("businesses",
                        {.ja = "省庁のアカウントには所管する事業の ID が1つ以上必要です（例: "
                               "general_port_transport）",
                         .en = "a ministry's account needs at least one business id in its scope "
                               "(e.g. general_port_transport)"});
      }
      for (const auto& b : u.businesses) {
        if (!IsScopeId(b.view())) {
          return BadField("businesses", {.ja = fmt::format("\"{}\" は事業の ID ではありません", b),
                                         .en = fmt::format("\"{}\" is not a business id", b)});
        }
      }
      if (!u.operator_id.empty()) return none("operator_id", role);
      break;
    case Role::kOperatorAdmin:
    case Role::kOperatorStaff:
      if (!IsScopeId(u.operator_id.view())) {
        return BadField("operator_id", {.ja = "事業者のアカウントには事業者 ID が必要です",
                                        .en = "an operator's account needs its operator's id"});
      }
      if (!u.ministry.empty()) return none("ministry", role);
      if (!u.businesses.empty()) return none("businesses", role);
      break;
  }
  return Status::Ok();
}

constexpr char kUserColumns[] =
    "id, login, display_name_ja, display_name_en, role, ministry, operator_id, created_at, "
    "disabled, failed_logins, locked_until";

base::Result<User> UserFromRow(store::Connection& conn, const store::Row& r) {
  User u;
  u.id = r.Text(0);
  u.login = r.Text(1);
  u.display_name.ja = r.Text(2);
  u.display_name.en = r.Text(3);
  auto role = ParseRole(r.Text(4));
  if (!role || *role == Role::kPublic) {
    return Corrupt(fmt::format("user {} has role \"{}\"", u.id, r.Text(4)));
  }
  u.role = *role;
  u.ministry = r.Text(5);
  u.operator_id = base::OperatorId(r.Text(6));
  KIKAN_ASSIGN_OR_RETURN(u.created_at, base::ParseInstant(r.Text(7)));
  u.disabled = r.Int(8) != 0;
  u.failed_logins = static_cast<int>(r.Int(9));
  if (auto locked = r.OptText(10)) {
    KIKAN_ASSIGN_OR_RETURN(u.locked_until, base::ParseInstant(*locked));
  }
  if (IsMinistryRole(u.role)) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("SELECT business FROM user_businesses WHERE user_id = ? ORDER BY business",
                   {Value(u.id)}));
    for (const auto& b : rows) u.businesses.emplace_back(b.Text(0));
  }
  return u;
}

base::Result<std::vector<base::BusinessId>> Businesses(store::Connection& conn,
                                                       const std::string& user_id) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT business FROM user_businesses WHERE user_id = ? ORDER BY business",
                 {Value(user_id)}));
  std::vector<base::BusinessId> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0));
  return out;
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

// Migration 201: the administrators' roles. SQLite cannot change a CHECK constraint, so the three
// tables are rebuilt: new ones made and filled, the old ones dropped children first (a dropped
// parent would cascade its rows away), and the new ones renamed into place (SQLite rewrites the
// children's REFERENCES to the new name). PostgreSQL replaces the constraint.
constexpr char kAdminRolesSqlite[] = R"sql(
CREATE TABLE users_201 (
  id              TEXT PRIMARY KEY,
  login           TEXT NOT NULL UNIQUE,
  display_name_ja TEXT NOT NULL,
  display_name_en TEXT NOT NULL DEFAULT '',
  role            TEXT NOT NULL CHECK (role IN ('cabinet_office', 'ministry_admin', 'reviewer',
                                                'operator_admin', 'operator_staff')),
  ministry        TEXT NOT NULL DEFAULT '',
  operator_id     TEXT NOT NULL DEFAULT '',
  password_hash   TEXT NOT NULL,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;
CREATE TABLE user_businesses_201 (
  user_id  TEXT NOT NULL REFERENCES users_201(id) ON DELETE CASCADE,
  business TEXT NOT NULL,
  PRIMARY KEY (user_id, business)
) STRICT;
CREATE TABLE sessions_201 (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users_201(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('bearer', 'cookie')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL
) STRICT;
INSERT INTO users_201 SELECT id, login, display_name_ja, display_name_en, role, ministry,
  operator_id, password_hash, failed_logins, locked_until, created_at, disabled FROM users;
INSERT INTO user_businesses_201 SELECT user_id, business FROM user_businesses;
INSERT INTO sessions_201 SELECT token_hash, user_id, kind, created_at, expires_at, last_seen
  FROM sessions;
DROP TABLE sessions;
DROP TABLE user_businesses;
DROP TABLE users;
ALTER TABLE users_201 RENAME TO users;
ALTER TABLE user_businesses_201 RENAME TO user_businesses;
ALTER TABLE sessions_201 RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
)sql";

constexpr char kAdminRolesPostgres[] = R"sql(
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('cabinet_office',
  'ministry_admin', 'reviewer', 'operator_admin', 'operator_staff'));
)sql";

std::span<const store::Migration> Migrations() {
  static const std::array<store::Migration, 2> kMigrations = {
      store::Migration::Portable(200, "auth: users, user_businesses, sessions", kUsers),
      store::Migration{201, "auth: the administrators' roles", kAdminRolesSqlite,
                       kAdminRolesPostgres},
  };
  return kMigrations;
}

std::string_view SessionKindName(SessionKind kind) {
  return kind == SessionKind::kCookie ? "cookie" : "bearer";
}

Principal User::ToPrincipal() const {
  Principal p;
  p.user_id = id;
  p.role = role;
  p.ministry = ministry;
  p.businesses = businesses;
  p.operator_id = operator_id;
  return p;
}

Accounts::Accounts(AccountSettings settings) : settings_(std::move(settings)) {
  KIKAN_CHECK(settings_.max_failed_logins >= 1);
  KIKAN_CHECK(settings_.session_ttl.count() > 0);
}

const std::string& Accounts::DummyHash() const {
  std::call_once(dummy_once_, [this] {
    auto h = HashPassword(Base64Url(RandomBytes(24)), settings_.password_limits);
    KIKAN_CHECK(h.has_value());
    dummy_hash_ = std::move(*h);
  });
  return dummy_hash_;
}

base::Result<std::string> Accounts::CreateUser(store::Connection& conn, const NewUser& user,
                                               Instant now) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_TRY(ValidateNewUser(user));
  KIKAN_ASSIGN_OR_RETURN(auto hash, HashPassword(user.password, settings_.password_limits));
  return CreateUserWithHash(conn, user, hash, now);
}

base::Result<std::string> Accounts::CreateUserWithHash(store::Connection& conn, const NewUser& user,
                                                       std::string_view password_hash,
                                                       Instant now) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_TRY(ValidateNewUser(user));
  if (!password_hash.starts_with("$argon2")) {
    return BadField("password_hash", {.ja = "HashPassword で作った Argon2 ハッシュではありません",
                                      .en = "not an Argon2 hash made by HashPassword"});
  }
  std::string login = FoldLogin(user.login);
  auto taken = [&] {
    return base::AlreadyExists(
        {.ja = fmt::format("ログイン名 \"{}\" は既に使われています", login),
         .en = fmt::format("the login name \"{}\" is already taken", login)});
  };
  KIKAN_ASSIGN_OR_RETURN(auto existing,
                         conn.Query("SELECT id FROM users WHERE login = ?", {Value(login)}));
  if (!existing.empty()) return taken();

  std::string id = "u-" + base::ToHex(RandomBytes(12));
  Status st = conn.Exec(
      "INSERT INTO users (id, login, display_name_ja, display_name_en, role, ministry, "
      "operator_id, password_hash, failed_logins, locked_until, created_at, disabled) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, 0)",
      {Value(id), Value(login), Value(user.display_name.ja), Value(user.display_name.en),
       Value(std::string(RoleName(user.role))), Value(user.ministry),
       Value(user.operator_id.value()), Value(std::string(password_hash)), Value(At(now))});
  if (st.code() == base::StatusCode::kAlreadyExists) return taken();  // a concurrent insert
  KIKAN_TRY(st);

  std::vector<base::BusinessId> businesses = user.businesses;
  std::sort(businesses.begin(), businesses.end());
  businesses.erase(std::unique(businesses.begin(), businesses.end()), businesses.end());
  for (const auto& b : businesses) {
    KIKAN_TRY(conn.Exec("INSERT INTO user_businesses (user_id, business) VALUES (?, ?)",
                        {Value(id), Value(b.value())}));
  }
  return id;
}

base::Result<User> Accounts::GetUser(store::Connection& conn, std::string_view user_id) const {
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         conn.Query(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns),
                                    {Value(std::string(user_id))}));
  if (rows.empty()) return UserNotFound(user_id);
  return UserFromRow(conn, rows[0]);
}

base::Result<User> Accounts::FindByLogin(store::Connection& conn, std::string_view login) const {
  std::string folded = FoldLogin(login);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, conn.Query(fmt::format("SELECT {} FROM users WHERE login = ?", kUserColumns),
                            {Value(folded)}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("ログイン名 \"{}\" のユーザーは存在しません", folded),
                           .en = fmt::format("no user with login name \"{}\"", folded)});
  }
  return UserFromRow(conn, rows[0]);
}

Status Accounts::EndSessions(store::Connection& conn, std::string_view user_id,
                             std::string_view keep_token) const {
  if (keep_token.empty()) {
    return conn.Exec("DELETE FROM sessions WHERE user_id = ?", {Value(std::string(user_id))});
  }
  return conn.Exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
                   {Value(std::string(user_id)), Value(HashToken(keep_token))});
}

Status Accounts::SetPassword(store::Connection& conn, std::string_view user_id,
                             std::string_view new_password, Instant /*now*/) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_ASSIGN_OR_RETURN(auto hash, HashPassword(new_password, settings_.password_limits));
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         conn.Query("UPDATE users SET password_hash = ?, failed_logins = 0, "
                                    "locked_until = NULL WHERE id = ? RETURNING id",
                                    {Value(hash), Value(std::string(user_id))}));
  if (rows.empty()) return UserNotFound(user_id);
  return EndSessions(conn, user_id, {});
}

Status Accounts::ChangePassword(store::Connection& conn, std::string_view user_id,
                                std::string_view current_password, std::string_view new_password,
                                std::string_view keep_session_token, Instant /*now*/) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT password_hash FROM users WHERE id = ?",
                                               {Value(std::string(user_id))}));
  if (rows.empty()) return UserNotFound(user_id);
  if (!VerifyPassword(rows[0].Text(0), current_password)) {
    return base::PermissionDenied(
        {.ja = "現在のパスワードが正しくありません", .en = "the current password is wrong"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto hash, HashPassword(new_password, settings_.password_limits));
  KIKAN_TRY(
      conn.Exec("UPDATE users SET password_hash = ?, failed_logins = 0, "
                "locked_until = NULL WHERE id = ?",
                {Value(hash), Value(std::string(user_id))}));
  return EndSessions(conn, user_id, keep_session_token);
}

Status Accounts::SetDisabled(store::Connection& conn, std::string_view user_id,
                             bool disabled) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, conn.Query("UPDATE users SET disabled = ? WHERE id = ? RETURNING id",
                            {Value(int64_t{disabled ? 1 : 0}), Value(std::string(user_id))}));
  if (rows.empty()) return UserNotFound(user_id);
  if (disabled) return EndSessions(conn, user_id, {});
  return Status::Ok();
}

Status Accounts::Unlock(store::Connection& conn, std::string_view user_id) const {
  KIKAN_CHECK(conn.InTransaction());
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         conn.Query("UPDATE users SET failed_logins = 0, locked_until = NULL "
                                    "WHERE id = ? RETURNING id",
                                    {Value(std::string(user_id))}));
  if (rows.empty()) return UserNotFound(user_id);
  return Status::Ok();
}

base::Result<Session> Accounts::Login(store::Connection& conn, std::string_view login_in,
                                      std::string_view password, SessionKind kind,
                                      Instant now) const {
  // See the header: the failure count must be committed even though the call fails, and the
  // Argon2 verification must not hold the database's write lock.
  KIKAN_CHECK(!conn.InTransaction());
  std::string login = FoldLogin(login_in);
  if (login.empty() || login.size() > 64 || password.empty() ||
      password.size() > kMaxPasswordBytes) {
    return WrongCredentials();
  }
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT id, password_hash, disabled, locked_until FROM users WHERE login = ?",
                 {Value(login)}));
  if (rows.empty()) {
    // Spend the same time as for a wrong password, so timing does not reveal unknown names.
    (void)VerifyPassword(DummyHash(), password);
    return WrongCredentials();
  }
  const std::string id = rows[0].Text(0);
  const std::string hash = rows[0].Text(1);
  const bool disabled = rows[0].Int(2) != 0;
  if (auto locked = rows[0].OptText(3)) {
    KIKAN_ASSIGN_OR_RETURN(Instant until, base::ParseInstant(*locked));
    // Whatever the password: answering differently for the right one would let guessing go on
    // during the lockout.
    if (until > now) return Locked(until);
  }

  if (!VerifyPassword(hash, password)) {
    // One statement, atomic without a transaction: a lock that has run out starts a new count;
    // reaching the limit locks (or, under a race, re-locks) until now + lockout.
    const std::string at = At(now);
    const std::string until = At(now + settings_.lockout);
    KIKAN_TRY(conn.Exec(
        "UPDATE users SET "
        "failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 "
        "                     ELSE failed_logins + 1 END, "
        "locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ? "
        "                               THEN 1 ELSE failed_logins + 1 END) >= ? THEN ? "
        "                    WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL "
        "                    ELSE locked_until END "
        "WHERE id = ?",
        {Value(at), Value(at), Value(int64_t{settings_.max_failed_logins}), Value(until), Value(at),
         Value(id)}));
    return WrongCredentials();
  }
  if (disabled) return Disabled();

  // Upgrade a hash made with older (or the test) limits, before taking the write lock.
  std::optional<std::string> new_hash;
  if (NeedsRehash(hash, settings_.password_limits)) {
    if (auto h = HashPassword(password, settings_.password_limits)) new_hash = std::move(*h);
  }

  Session s;
  s.token = NewToken();
  s.kind = kind;
  s.csrf_token = kind == SessionKind::kCookie ? CsrfTokenFor(s.token) : std::string();
  s.expires_at = now + settings_.session_ttl;

  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(conn));
  // Re-checked under the write lock: a concurrent failure may have locked the account, or an
  // administrator disabled it, since the read above.
  KIKAN_ASSIGN_OR_RETURN(
      auto updated,
      conn.Query("UPDATE users SET failed_logins = 0, locked_until = NULL "
                 "WHERE id = ? AND disabled = 0 AND (locked_until IS NULL OR locked_until <= ?) "
                 "RETURNING role, ministry, operator_id",
                 {Value(id), Value(At(now))}));
  if (updated.empty()) return WrongCredentials();
  auto role = ParseRole(updated[0].Text(0));
  if (!role || *role == Role::kPublic) {
    return Corrupt(fmt::format("user {} has role \"{}\"", id, updated[0].Text(0)));
  }
  s.principal.user_id = id;
  s.principal.role = *role;
  s.principal.ministry = updated[0].Text(1);
  s.principal.operator_id = base::OperatorId(updated[0].Text(2));
  if (IsMinistryRole(*role)) {
    KIKAN_ASSIGN_OR_RETURN(s.principal.businesses, Businesses(conn, id));
  }
  if (new_hash) {
    KIKAN_TRY(conn.Exec("UPDATE users SET password_hash = ? WHERE id = ?",
                        {Value(*new_hash), Value(id)}));
  }
  KIKAN_TRY(conn.Exec(
      "INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at, last_seen) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {Value(HashToken(s.token)), Value(id), Value(std::string(SessionKindName(kind))),
       Value(At(now)), Value(At(s.expires_at)), Value(At(now))}));
  KIKAN_TRY(tx.Commit());
  return s;
}

base::Result<Principal> Accounts::Authenticate(store::Connection& conn, std::string_view token,
                                               SessionKind kind, Instant now) const {
  if (!IsWellFormedToken(token)) return SessionInvalid();
  const std::string token_hash = HashToken(token);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT s.user_id, s.kind, s.expires_at, s.last_seen, u.role, u.ministry, "
                 "u.operator_id, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
                 "WHERE s.token_hash = ?",
                 {Value(token_hash)}));
  if (rows.empty()) return SessionInvalid();
  const store::Row& r = rows[0];
  if (r.Text(1) != SessionKindName(kind)) return SessionInvalid();
  KIKAN_ASSIGN_OR_RETURN(Instant expires_at, base::ParseInstant(r.Text(2)));
  KIKAN_ASSIGN_OR_RETURN(Instant last_seen, base::ParseInstant(r.Text(3)));
  if (now >= expires_at) return SessionInvalid();
  if (settings_.idle_timeout.count() > 0 && now >= last_seen + settings_.idle_timeout) {
    return SessionInvalid();
  }
  if (r.Int(7) != 0) return SessionInvalid();
  auto role = ParseRole(r.Text(4));
  if (!role || *role == Role::kPublic) {
    return Corrupt(fmt::format("user {} has role \"{}\"", r.Text(0), r.Text(4)));
  }
  Principal p;
  p.user_id = r.Text(0);
  p.role = *role;
  p.ministry = r.Text(5);
  p.operator_id = base::OperatorId(r.Text(6));
  if (IsMinistryRole(p.role)) {
    KIKAN_ASSIGN_OR_RETURN(p.businesses, Businesses(conn, p.user_id));
  }
  if (now - last_seen >= settings_.last_seen_resolution) {
    KIKAN_TRY(conn.Exec("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                        {Value(At(now)), Value(token_hash)}));
  }
  return p;
}

Status Accounts::Logout(store::Connection& conn, std::string_view token) const {
  if (!IsWellFormedToken(token)) return Status::Ok();
  return conn.Exec("DELETE FROM sessions WHERE token_hash = ?", {Value(HashToken(token))});
}

base::Result<int64_t> Accounts::RevokeSessions(store::Connection& conn,
                                               std::string_view user_id) const {
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         conn.Query("DELETE FROM sessions WHERE user_id = ? RETURNING token_hash",
                                    {Value(std::string(user_id))}));
  return static_cast<int64_t>(rows.size());
}

base::Result<int64_t> Accounts::PurgeExpiredSessions(store::Connection& conn, Instant now) const {
  base::Result<std::vector<store::Row>> rows =
      settings_.idle_timeout.count() > 0
          ? conn.Query(
                "DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ? "
                "RETURNING token_hash",
                {Value(At(now)), Value(At(now - settings_.idle_timeout))})
          : conn.Query("DELETE FROM sessions WHERE expires_at <= ? RETURNING token_hash",
                       {Value(At(now))});
  if (!rows.has_value()) return rows.status();
  return static_cast<int64_t>(rows->size());
}

std::string CanonicalState(const User& u) {
  std::vector<base::BusinessId> businesses = u.businesses;
  std::sort(businesses.begin(), businesses.end());
  std::string out = "kikan/auth/user/v1\n";
  auto line = [&](std::string_view key, std::string_view value) {
    out += key;
    out += '=';
    out += Escape(value);
    out += '\n';
  };
  line("id", u.id);
  line("role", RoleName(u.role));
  line("ministry", u.ministry);
  for (const auto& b : businesses) line("business", b.view());
  line("operator_id", u.operator_id.view());
  line("disabled", u.disabled ? "1" : "0");
  line("created_at", base::FormatInstant(u.created_at));
  return out;
}

}  // namespace kikan::auth
