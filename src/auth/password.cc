#include "auth/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <atomic>

#include "auth/tokens.h"
#include "base/utf8.h"

namespace kikan::auth {

PasswordLimits PasswordLimits::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordLimits PasswordLimits::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
PasswordLimits PasswordLimits::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

base::Status CheckNewPassword(std::string_view password) {
  // Characters are code points; invalid UTF-8 is still counted sensibly (each invalid byte is one
  // "character"): the password is only ever hashed.
  size_t chars = base::CodePointCount(password);
  if (chars < kMinPasswordChars) {
    return base::InvalidArgument(
        {.ja = fmt::format("パスワードが短すぎます（{}文字）。{}文字以上にしてください", chars,
                           kMinPasswordChars),
         .en = fmt::format("password too short: {} characters, at least {} are required", chars,
                           kMinPasswordChars)});
  }
  if (password.size() > kMaxPasswordBytes) {
    return base::InvalidArgument(
        {.ja = fmt::format("パスワードが長すぎます（{}バイト）。{}バイト以下にしてください",
                           password.size(), kMaxPasswordBytes),
         .en = fmt::format("password too long: {} bytes, at most {} are allowed", password.size(),
                           kMaxPasswordBytes)});
  }
  return base::Status::Ok();
}

base::Result<std::string> HashPassword(std::string_view password, const PasswordLimits& limits) {
  KIKAN_TRY(CheckNewPassword(password));
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), limits.opslimit, limits.memlimit) !=
      0) {
    return base::Unavailable(
        {.ja = fmt::format("パスワードをハッシュ化できません: メモリ不足です（{}バイト必要）",
                           limits.memlimit),
         .en = fmt::format("cannot hash the password: out of memory ({} bytes needed)",
                           limits.memlimit)});
  }
  return std::string(out);
}

namespace {
std::atomic<uint64_t> verifications{0};
}  // namespace

uint64_t PasswordVerifications() { return verifications.load(std::memory_order_relaxed); }

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  verifications.fetch_add(1, std::memory_order_relaxed);
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordLimits& limits) {
  EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  // 0: matches the limits; 1: other limits; -1: not an Argon2id hash (or malformed).
  return crypto_pwhash_str_needs_rehash(buf, limits.opslimit, limits.memlimit) != 0;
}

}  // namespace kikan::auth
