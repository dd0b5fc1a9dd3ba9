// Password hashing: Argon2id through libsodium's crypto_pwhash_str family. A stored hash is the
// self-describing string "$argon2id$v=19$m=…,t=…,p=1$salt$hash", so hashes made with other
// limits (older settings, or the fast test limits) still verify, and NeedsRehash() tells when a
// stored hash should be replaced with one at the current limits (done at the next sign-in).
//
// The rules for a new password: at least kMinPasswordChars characters (Unicode code points, so
// a Japanese passphrase counts by characters, not bytes) and at most kMaxPasswordBytes bytes
// (Argon2 accepts any length; the bound keeps a request from making us hash megabytes).
//
// All functions are pure apart from the random salt and thread-safe. Hashing at the
// INTERACTIVE limits takes about 64 MiB and a few tenths of a second: call it outside any
// database transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kikan::auth {

inline constexpr size_t kMinPasswordChars = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Argon2id cost parameters (crypto_pwhash's opslimit and memlimit).
struct PasswordLimits {
  uint64_t opslimit = 0;
  size_t memlimit = 0;

  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes, 64 MiB): the default.
  static PasswordLimits Interactive();
  // crypto_pwhash_OPSLIMIT/MEMLIMIT_MODERATE (3 passes, 256 MiB).
  static PasswordLimits Moderate();
  // crypto_pwhash_OPSLIMIT/MEMLIMIT_MIN (1 pass, 8 KiB): for tests and demos only — offers
  // almost no protection against an offline guessing attack.
  static PasswordLimits Minimum();

  friend bool operator==(const PasswordLimits&, const PasswordLimits&) = default;
};

// Checks the rules for a new password. Errors: kInvalidArgument (ja/en) saying which rule and
// the length found.
base::Status CheckNewPassword(std::string_view password);

// Hashes `password` (after CheckNewPassword) with a fresh random salt at `limits`.
// Errors: kInvalidArgument from CheckNewPassword; kUnavailable when the memory for the limits
// cannot be allocated.
base::Result<std::string> HashPassword(std::string_view password, const PasswordLimits& limits);

// Whether `password` matches the stored `hash`. False for a malformed hash. Takes the time the
// hash's own limits cost, whether or not the password matches.
bool VerifyPassword(std::string_view hash, std::string_view password);

// How many times VerifyPassword has run in this process (any thread): for metrics and for tests
// that a path spends exactly one verification.
uint64_t PasswordVerifications();

// Whether `hash` was made with other limits or another algorithm than Argon2id at `limits`
// (also true for a malformed hash).
bool NeedsRehash(std::string_view hash, const PasswordLimits& limits);

}  // namespace kikan::auth
