// Accounts and sessions, persisted through the store port (store/db.h): the users table (with
// the personal data: display names live here and never in the audit log), the reviewers' scopes
// (user_businesses) and the sessions table, which holds only BLAKE2b-256 digests of session
// tokens, never a token.
//
// Time is always passed in (base::Instant from the caller's injected clock) and stored as
// base::FormatInstant text (RFC 3339 UTC with milliseconds, fixed width, so it sorts as text) —
// the same form as the audit log's `at`.
//
// Sessions: a token is 32 random bytes in base64url (tokens.h). A session expires absolutely
// `session_ttl` (12 h) after sign-in — no sliding renewal, so a stolen token is worth at most a
// working day — and earlier when idle for `idle_timeout` (2 h). Two kinds: kBearer (scripts send
// "Authorization: Bearer <token>") and kCookie (the browser; the cookie is HttpOnly,
// SameSite=Strict, Secure behind TLS, and unsafe methods must carry X-CSRF-Token = CsrfTokenFor
// (token), which Login returns). A token is accepted only through the transport of its kind.
//
// Lockout: after `max_failed_logins` (5) consecutive failed sign-ins the account is locked for
// `lockout` (15 min): sign-in then fails with kPermissionDenied naming the time (JST) even with
// the right password. A wrong password and an unknown login name give the same kUnauthenticated
// message and cost the same Argon2 verification (against a dummy hash), so sign-in does not tell
// which login names exist.
//
// Transactions: every method that changes an account (CreateUser, SetPassword, ChangePassword,
// SetDisabled, Unlock) runs in the caller's transaction — it KIKAN_CHECKs
// conn.InTransaction() — so that the service appends the audit event (with CanonicalState's
// hash) in the same transaction. Login is the exception: it must NOT be called in a transaction
// (KIKAN_CHECK): it verifies the password (slow) outside any transaction, then commits its own
// short transactions, because a failed sign-in must still count towards the lockout even though
// the call fails. Authenticate, Logout, RevokeSessions and PurgeExpiredSessions change only
// sessions and volatile fields, need no audit event, and work in or out of a transaction.
//
// Thread-safety: an Accounts holds only its settings and a lazily made dummy hash
// (std::call_once); it is thread-safe. Each Connection belongs to one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password.h"
#include "auth/policy.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/lang.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::auth {

// The auth migrations (versions 200–299): 200 creates users, user_businesses and sessions
// (STRICT tables on SQLite; BIGINT/TEXT on PostgreSQL).
std::span<const store::Migration> Migrations();

struct AccountSettings {
  PasswordLimits password_limits = PasswordLimits::Interactive();
  int max_failed_logins = 5;
  std::chrono::milliseconds lockout = std::chrono::minutes(15);
  std::chrono::milliseconds session_ttl = std::chrono::hours(12);  // absolute, from sign-in
  std::chrono::milliseconds idle_timeout = std::chrono::hours(2);  // 0: no idle timeout
  // last_seen is written at most this often per session (Authenticate is read-only otherwise).
  std::chrono::milliseconds last_seen_resolution = std::chrono::minutes(1);
};

enum class SessionKind { kBearer, kCookie };
std::string_view SessionKindName(SessionKind kind);  // "bearer", "cookie"

// An account as stored (without its password hash, which never leaves this module).
struct User {
  std::string id;           // "u-" + 24 hex digits, random; what the audit log names
  std::string login;        // lower-case login name, unique
  base::Text display_name;  // personal data: correctable and erasable
  Role role = Role::kPublic;
  std::string ministry;                      // kReviewer
  std::vector<base::BusinessId> businesses;  // kReviewer, sorted
  base::OperatorId operator_id;              // kOperatorStaff
  base::Instant created_at;
  bool disabled = false;
  // Volatile (not part of CanonicalState):
  int failed_logins = 0;
  std::optional<base::Instant> locked_until;

  // The principal this account acts as.
  Principal ToPrincipal() const;
};

struct NewUser {
  std::string login;        // 3–64 of [a-z0-9._-], starting with a letter or digit; upper-case
                            // ASCII letters are folded to lower case
  base::Text display_name;  // ja required
  Role role = Role::kPublic;
  std::string ministry;                      // kReviewer: required
  std::vector<base::BusinessId> businesses;  // kReviewer: at least one
  base::OperatorId operator_id;              // kOperatorStaff: required
  std::string password;                      // CheckNewPassword
};

// A signed-in session, as Login returns it. `token` and `csrf_token` are secrets: hand them to
// the client once and never log them.
struct Session {
  std::string token;       // base64url, 43 characters
  std::string csrf_token;  // kCookie: CsrfTokenFor(token); kBearer: ""
  SessionKind kind = SessionKind::kBearer;
  base::Instant expires_at;  // absolute; idle expiry may come earlier
  Principal principal;
};

class Accounts {
 public:
  explicit Accounts(AccountSettings settings = {});
  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;

  const AccountSettings& settings() const { return settings_; }

  // Creates an account; returns its new user id. In the caller's transaction. Hashes the
  // password (slow at the INTERACTIVE limits) — the service may prefer HashPassword() before
  // its transaction and CreateUserWithHash(). Errors: kInvalidArgument (ja/en, naming the
  // field: login syntax, missing display name, a role that cannot be stored (kPublic), scope
  // fields missing or not allowed for the role, the password rules), kAlreadyExists (the login
  // name is taken), the store's errors.
  base::Result<std::string> CreateUser(store::Connection& conn, const NewUser& user,
                                       base::Instant now) const;
  // As CreateUser with a hash made by HashPassword(); `user.password` is ignored.
  // Errors: as CreateUser, and kInvalidArgument when `password_hash` is not an Argon2 hash.
  base::Result<std::string> CreateUserWithHash(store::Connection& conn, const NewUser& user,
                                               std::string_view password_hash,
                                               base::Instant now) const;

  // The account `user_id`. Errors: kNotFound, the store's errors.
  base::Result<User> GetUser(store::Connection& conn, std::string_view user_id) const;
  // The account with login name `login` (case-folded). Errors: kNotFound, the store's errors.
  base::Result<User> FindByLogin(store::Connection& conn, std::string_view login) const;

  // Sets a new password (an administrator's reset; no check of the old one), clears the lockout
  // and ends all the account's sessions. In the caller's transaction. Errors: kInvalidArgument
  // (the password rules), kNotFound, the store's errors.
  base::Status SetPassword(store::Connection& conn, std::string_view user_id,
                           std::string_view new_password, base::Instant now) const;
  // The user's own change: checks `current_password` first, then as SetPassword but keeps the
  // session `keep_session_token` (the one making the request; "" ends all). In the caller's
  // transaction. Errors: kPermissionDenied (ja/en) when the current password is wrong,
  // kInvalidArgument (the password rules), kNotFound, the store's errors.
  base::Status ChangePassword(store::Connection& conn, std::string_view user_id,
                              std::string_view current_password, std::string_view new_password,
                              std::string_view keep_session_token, base::Instant now) const;
  // Disables (ending all its sessions) or re-enables an account. In the caller's transaction.
  // Errors: kNotFound, the store's errors.
  base::Status SetDisabled(store::Connection& conn, std::string_view user_id, bool disabled) const;
  // Clears a lockout and the failure count. In the caller's transaction.
  // Errors: kNotFound, the store's errors.
  base::Status Unlock(store::Connection& conn, std::string_view user_id) const;

  // Signs in. NOT in a transaction (see above). On success resets the failure count, upgrades
  // the password hash if NeedsRehash, and stores a new session expiring at now + session_ttl.
  // Errors:
  //   kUnauthenticated  "wrong login name or password" — the same text for an unknown login, a
  //                     wrong password, an empty or over-long input;
  //   kPermissionDenied the account is locked ("… try again after HH:MM JST", whatever the
  //                     password), or the password is right but the account is disabled;
  //   the store's errors.
  base::Result<Session> Login(store::Connection& conn, std::string_view login,
                              std::string_view password, SessionKind kind, base::Instant now) const;

  // The principal of session `token` presented through transport `kind`. Updates the session's
  // last_seen when older than last_seen_resolution (one UPDATE). Errors: kUnauthenticated
  // (ja/en; one message) for a malformed, unknown, expired or idle token, a token of the other
  // kind, or a disabled account; the store's errors.
  base::Result<Principal> Authenticate(store::Connection& conn, std::string_view token,
                                       SessionKind kind, base::Instant now) const;

  // Ends session `token` (no error when it does not exist: signing out twice is fine).
  // Errors: the store's errors.
  base::Status Logout(store::Connection& conn, std::string_view token) const;
  // Ends every session of `user_id`. Returns how many. Errors: the store's errors.
  base::Result<int64_t> RevokeSessions(store::Connection& conn, std::string_view user_id) const;
  // Deletes the sessions that have expired (absolutely or by idleness) at `now`. Returns how
  // many. Errors: the store's errors.
  base::Result<int64_t> PurgeExpiredSessions(store::Connection& conn, base::Instant now) const;

 private:
  const std::string& DummyHash() const;
  base::Status EndSessions(store::Connection& conn, std::string_view user_id,
                           std::string_view keep_token) const;

  AccountSettings settings_;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_hash_;
};

// The canonical text of an account for the audit log's state hash (audit::HashState). It holds
// the security-relevant attributes only — id, role, ministry, businesses (sorted), operator_id,
// disabled, created_at — as "kikan/auth/user/v1" followed by one "key=value" line each, values
// with '\\' and '\n' escaped. Excluded, on purpose:
//   - personal data (login name, display names): a hash of low-entropy personal data can be
//     confirmed by guessing, and the audit log must stay free of personal data, even hashed;
//   - the password hash: secret, and it changes on a transparent rehash at sign-in;
//   - volatile fields (failed_logins, locked_until, last_seen, sessions): a sign-in needs no
//     audit event.
std::string CanonicalState(const User& user);

}  // namespace kikan::auth
