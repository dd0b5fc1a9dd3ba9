#include "auth/tokens.h"

#include <sodium.h>

#include <mutex>

#include "base/check.h"
#include "base/hex.h"

namespace kikan::auth {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // 0: initialised now; 1: already initialised (by another library); -1: failure.
    KIKAN_CHECK(sodium_init() >= 0);
  });
}

std::string RandomBytes(size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string Base64Url(std::string_view bytes) {
  EnsureSodium();
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

std::string NewToken() {
  std::string t = Base64Url(RandomBytes(32));
  KIKAN_CHECK(t.size() == kTokenChars);
  return t;
}

bool IsWellFormedToken(std::string_view token) {
  if (token.size() != kTokenChars) return false;
  for (char c : token) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

namespace {
std::string Blake2b256(std::string_view message, std::string_view key) {
  EnsureSodium();
  unsigned char digest[crypto_generichash_BYTES];  // 32
  static_assert(crypto_generichash_BYTES == 32);
  KIKAN_CHECK(key.empty() || (key.size() >= crypto_generichash_KEYBYTES_MIN &&
                              key.size() <= crypto_generichash_KEYBYTES_MAX));
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}
}  // namespace

std::string HashToken(std::string_view token) { return base::ToHex(Blake2b256(token, {})); }

std::string CsrfTokenFor(std::string_view session_token) {
  // A malformed token would not fit BLAKE2b's key length; such a token never authenticates, so
  // its "CSRF token" only has to be something no header can match.
  if (!IsWellFormedToken(session_token)) return {};
  return Base64Url(Blake2b256("kikan-csrf-v1", session_token));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

base::Status CheckCsrf(std::string_view session_token, std::string_view header_value) {
  std::string expected = CsrfTokenFor(session_token);
  if (header_value.empty() || expected.empty() || !ConstantTimeEquals(expected, header_value)) {
    return base::PermissionDenied(
        {.ja =
             "X-CSRF-Token ヘッダーがないか、正しくありません。セッション Cookie を使って変更を行う"
             "要求には、ログイン時に返された CSRF トークンを付けてください",
         .en = "missing or wrong X-CSRF-Token header: a request that changes something with a "
               "session "
               "cookie must send the CSRF token returned at sign-in"});
  }
  return base::Status::Ok();
}

}  // namespace kikan::auth
