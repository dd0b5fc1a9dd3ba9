#include "auth/password.h"

#include <gtest/gtest.h>

#include <set>

#include "auth/tokens.h"

namespace kikan::auth {
namespace {

const PasswordLimits kFast = PasswordLimits::Minimum();

TEST(Password, HashVerifies) {
  auto h = HashPassword("correct horse battery", kFast);
  ASSERT_TRUE(h.has_value()) << h.status().ToString();
  EXPECT_TRUE(h->starts_with("$argon2id$")) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
}

TEST(Password, SaltedSoTwoHashesDiffer) {
  auto a = HashPassword("correct horse battery", kFast);
  auto b = HashPassword("correct horse battery", kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(Password, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "anything at all"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'x'), "anything at all"));
  EXPECT_TRUE(NeedsRehash("", kFast));
  EXPECT_TRUE(NeedsRehash("not a hash", kFast));
}

TEST(Password, RehashWhenLimitsChange) {
  auto h = HashPassword("correct horse battery", kFast);
  ASSERT_TRUE(h.has_value());
  EXPECT_FALSE(NeedsRehash(*h, kFast));
  EXPECT_TRUE(NeedsRehash(*h, PasswordLimits::Interactive()));
  PasswordLimits more_ops = kFast;
  more_ops.opslimit += 1;
  EXPECT_TRUE(NeedsRehash(*h, more_ops));
}

TEST(Password, MinimumLengthCountsCharactersNotBytes) {
  auto short_one = HashPassword("123456789", kFast);  // 9
  ASSERT_FALSE(short_one.has_value());
  EXPECT_EQ(short_one.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(short_one.status().en().find("at least 10"), std::string::npos)
      << short_one.status().en();
  EXPECT_NE(short_one.status().ja().find("10文字以上"), std::string::npos)
      << short_one.status().ja();
  EXPECT_TRUE(CheckNewPassword("1234567890").ok());
  // Nine kanji are 27 bytes but nine characters: too short. Ten are enough.
  EXPECT_FALSE(CheckNewPassword("基幹インフラ制度審").ok());
  EXPECT_TRUE(CheckNewPassword("基幹インフラ制度審査").ok());
  // Invalid UTF-8 counts one character per invalid byte: ten stray continuation bytes (which a
  // count of lead bytes would have taken for none) are ten characters.
  EXPECT_TRUE(CheckNewPassword(std::string(10, '\x80')).ok());
  EXPECT_FALSE(CheckNewPassword(std::string(9, '\x80')).ok());
}

TEST(Password, MaximumLength) {
  EXPECT_TRUE(CheckNewPassword(std::string(kMaxPasswordBytes, 'a')).ok());
  base::Status st = CheckNewPassword(std::string(kMaxPasswordBytes + 1, 'a'));
  EXPECT_EQ(st.code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(st.en().find("too long"), std::string::npos) << st.en();
}

TEST(Password, LimitPresets) {
  EXPECT_LT(PasswordLimits::Minimum().memlimit, PasswordLimits::Interactive().memlimit);
  EXPECT_LT(PasswordLimits::Interactive().memlimit, PasswordLimits::Moderate().memlimit);
}

TEST(Tokens, NewTokenIsRandomBase64Url) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = NewToken();
    EXPECT_EQ(t.size(), kTokenChars);
    EXPECT_TRUE(IsWellFormedToken(t)) << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Tokens, WellFormed) {
  EXPECT_FALSE(IsWellFormedToken(""));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A')));
  EXPECT_FALSE(IsWellFormedToken(std::string(44, 'A')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A') + "="));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A') + "+"));
  EXPECT_TRUE(IsWellFormedToken(std::string(41, 'A') + "-_"));
}

TEST(Tokens, Encodings) {
  EXPECT_EQ(Base64Url(std::string("\xfb\xff", 2)), "-_8");  // RFC 4648 §5 alphabet, no padding
  // BLAKE2b-256 of the empty string (RFC 7693 test vectors list the 512-bit one; this is the
  // well-known 256-bit digest).
  EXPECT_EQ(HashToken(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Tokens, HashIsStableAndNotTheToken) {
  std::string t = NewToken();
  EXPECT_EQ(HashToken(t), HashToken(t));
  EXPECT_EQ(HashToken(t).size(), 64u);
  EXPECT_EQ(HashToken(t).find(t), std::string::npos);
  EXPECT_NE(HashToken(t), HashToken(NewToken()));
}

TEST(Tokens, Csrf) {
  std::string t = NewToken();
  std::string csrf = CsrfTokenFor(t);
  EXPECT_EQ(csrf.size(), kTokenChars);
  EXPECT_NE(csrf, t);
  EXPECT_EQ(csrf, CsrfTokenFor(t));
  EXPECT_NE(csrf, CsrfTokenFor(NewToken()));
  EXPECT_TRUE(CheckCsrf(t, csrf).ok());

  base::Status missing = CheckCsrf(t, "");
  EXPECT_EQ(missing.code(), base::StatusCode::kPermissionDenied);
  EXPECT_NE(missing.en().find("X-CSRF-Token"), std::string::npos);
  EXPECT_EQ(CheckCsrf(t, CsrfTokenFor(NewToken())).code(), base::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCsrf(t, t).code(), base::StatusCode::kPermissionDenied);
  // A malformed session token has no CSRF token; not even an empty header matches.
  EXPECT_EQ(CsrfTokenFor("short"), "");
  EXPECT_EQ(CheckCsrf("short", "").code(), base::StatusCode::kPermissionDenied);
}

TEST(Tokens, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace kikan::auth
