// Random tokens and their digests: the session token (32 random bytes, base64url without
// padding: 43 characters), the BLAKE2b-256 digest under which a session is stored (the token
// itself is never stored), and the CSRF token of a cookie session, which is derived from the
// session token so that nothing more needs to be stored and it can be handed out again.
//
// All functions are pure apart from reading the system's random generator (libsodium's
// randombytes, seeded by the kernel), and thread-safe. libsodium is initialised once, on first
// use (std::call_once); a failed initialisation is fatal (KIKAN_CHECK): without it no secret can
// be made safely.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kikan::auth {

// Initialises libsodium once per process (idempotent, thread-safe). Every function of this
// module that uses libsodium calls it; callers need not.
void EnsureSodium();

// Random bytes from the operating system, `n` of them.
std::string RandomBytes(size_t n);

// Base64url without padding (RFC 4648 §5) of `bytes`.
std::string Base64Url(std::string_view bytes);

// Number of characters of a session token: 32 bytes in base64url without padding.
inline constexpr size_t kTokenChars = 43;

// A new session token: 32 random bytes (256 bits), base64url without padding.
std::string NewToken();

// Whether `token` has the form NewToken() makes (43 characters of the base64url alphabet).
// Used to refuse junk before touching the database; says nothing about validity.
bool IsWellFormedToken(std::string_view token);

// The key a session is stored under: BLAKE2b-256 of the token's text, in lower-case hex
// (64 characters). An unkeyed hash suffices: the token has 256 bits of entropy, so the digest
// cannot be inverted, and a copy of the sessions table gives no usable token.
std::string HashToken(std::string_view token);

// The CSRF token of a cookie session: BLAKE2b-256 keyed with the session token, of the fixed
// text "kikan-csrf-v1", base64url (43 characters). Whoever can read the session cookie (which is
// HttpOnly, so no script can) could compute it; a cross-site page can do neither.
std::string CsrfTokenFor(std::string_view session_token);

// Checks the X-CSRF-Token header of an unsafe request made with the cookie session
// `session_token`, in constant time. Errors: kPermissionDenied (ja/en) when the header is
// missing (empty) or differs.
base::Status CheckCsrf(std::string_view session_token, std::string_view header_value);

// Constant-time comparison (the lengths are not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace kikan::auth
