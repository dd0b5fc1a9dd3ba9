#include "audit/event.h"

#include <gtest/gtest.h>

#include <numeric>

#include "audit/signer.h"

namespace kikan::audit {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

TEST(Hex, RoundTripsAndRejectsMalformed) {
  EXPECT_EQ(ToHex(Bytes({0x00, 0xab, 0xff})), "00abff");
  EXPECT_EQ(FromHex("00abff", 3), Bytes({0x00, 0xab, 0xff}));
  EXPECT_FALSE(FromHex("00ABFF", 3));  // uppercase is not canonical
  EXPECT_FALSE(FromHex("00abf", 3));
  EXPECT_FALSE(FromHex("00abffff", 3));
  EXPECT_FALSE(FromHex("00abfg", 3));
  EXPECT_TRUE(IsHashHex(kZeroHashHex));
  EXPECT_FALSE(IsHashHex(std::string(63, '0')));
  EXPECT_FALSE(IsHashHex(""));
}

TEST(Rfc3339, AcceptsOnlyUtcWithZ) {
  EXPECT_TRUE(IsRfc3339Utc("2026-11-30T11:08:21.123Z"));
  EXPECT_TRUE(IsRfc3339Utc("2026-11-30T11:08:21Z"));
  EXPECT_TRUE(IsRfc3339Utc("2024-02-29T23:59:59.123456789Z"));
  EXPECT_TRUE(IsRfc3339Utc("0001-01-01T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc(""));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:21"));        // no zone
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:21+09:00"));  // not UTC
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30t11:08:21z"));       // lowercase
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30 11:08:21Z"));       // space
  EXPECT_FALSE(IsRfc3339Utc("2025-02-29T11:08:21Z"));       // no such day
  EXPECT_FALSE(IsRfc3339Utc("2026-13-01T11:08:21Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T24:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:60:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:60Z"));             // no leap second
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:21.Z"));            // empty fraction
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:21.1234567890Z"));  // 10 digits
  EXPECT_FALSE(IsRfc3339Utc("2026-11-30T11:08:21.123ZZ"));
  EXPECT_FALSE(IsRfc3339Utc("+026-11-30T11:08:21Z"));
  EXPECT_FALSE(IsRfc3339Utc("0000-01-01T00:00:00Z"));
}

TEST(Frame, IsLengthPrefixedBigEndian) {
  EventInput in{"2026-11-30T11:08:21Z", "a", "bc", "", "d", "", ""};
  std::string frame = EventFrame(0x0102, in);
  std::string expected = Bytes({0, 0, 0, 0, 0, 0, 1, 2});
  expected += Bytes({0, 0, 0, 20}) + "2026-11-30T11:08:21Z";
  expected += Bytes({0, 0, 0, 1}) + "a";
  expected += Bytes({0, 0, 0, 2}) + "bc";
  expected += Bytes({0, 0, 0, 0});
  expected += Bytes({0, 0, 0, 1}) + "d";
  expected += Bytes({0, 0, 0, 0});
  expected += Bytes({0, 0, 0, 0});
  EXPECT_EQ(frame, expected);
}

TEST(Frame, NoTwoEventsShareBytes) {
  EventInput a{"2026-11-30T11:08:21Z", "ab", "c", "t", "i", "", ""};
  EventInput b{"2026-11-30T11:08:21Z", "a", "bc", "t", "i", "", ""};
  EXPECT_NE(EventFrame(1, a), EventFrame(1, b));
  EXPECT_NE(EventFrame(1, a), EventFrame(2, a));
  Digest zero{};
  EXPECT_NE(EventHash(zero, 1, a), EventHash(zero, 1, b));
  Digest one{};
  one[31] = 1;
  EXPECT_NE(EventHash(zero, 1, a), EventHash(one, 1, a));
}

TEST(StateHash, IsTaggedBlake2b) {
  std::string h = HashState("user u-1");
  EXPECT_TRUE(IsHashHex(h));
  EXPECT_NE(h, ToHex(Blake2b256("user u-1")));  // the tag is part of the preimage
  EXPECT_NE(h, HashState("user u-2"));
  // BLAKE2b-256 of the empty string (RFC 7693 / libsodium).
  EXPECT_EQ(ToHex(Blake2b256("")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Validate, NamesTheField) {
  EventInput ok{
      "2026-11-30T11:08:21.123Z", "system", "user.create", "user", "u-1", HashState("x"), ""};
  EXPECT_TRUE(ValidateEventInput(ok).ok());
  EventInput deleted = ok;
  deleted.state_hash = "";
  EXPECT_TRUE(ValidateEventInput(deleted).ok());

  auto expect_bad = [](EventInput in, std::string_view field) {
    base::Status s = ValidateEventInput(in);
    EXPECT_EQ(s.code(), base::StatusCode::kInvalidArgument) << field;
    EXPECT_NE(s.en().find(field), std::string::npos) << s.en();
    EXPECT_FALSE(s.ja().empty());
  };
  EventInput in = ok;
  in.at = "2026-11-30T20:08:21+09:00";
  expect_bad(in, "at");
  in = ok;
  in.actor = "";
  expect_bad(in, "actor");
  in = ok;
  in.action = "";
  expect_bad(in, "action");
  in = ok;
  in.object_type = "";
  expect_bad(in, "object_type");
  in = ok;
  in.object_id = "";
  expect_bad(in, "object_id");
  in = ok;
  in.state_hash = "ABC";
  expect_bad(in, "state_hash");
}

// The test vector of docs/formats/audit-log.md §8. Other implementations check against it; if
// this test fails, the format changed — which it must not.
TEST(KnownAnswer, FixedSequenceGivesFixedHashes) {
  std::array<uint8_t, 32> seed;
  std::iota(seed.begin(), seed.end(), uint8_t{0});
  auto signer = Signer::FromSeed(seed);
  ASSERT_TRUE(signer.has_value());

  std::vector<EventInput> inputs = {
      {"2026-11-30T11:08:21.123Z", "system", "user.create", "user", "u-1", HashState("user u-1"),
       ""},
      {"2026-11-30T11:09:00.000Z", "u-1", "filing.submit", "filing", "f-1", HashState("filing f-1"),
       "pack=ports@2025-04"},
      {"2026-11-30T11:10:00Z", "u-1", "filing.withdraw", "filing", "f-1", "", ""},
  };
  Digest prev{};
  std::vector<std::string> hashes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Digest h = ChainHash(prev, EventFrame(static_cast<int64_t>(i + 1), inputs[i]));
    hashes.push_back(ToHex(h));
    prev = h;
  }
  std::string signature =
      ToHex(signer->Sign(CheckpointMessage(3, prev, "2026-11-30T12:00:00.000Z", signer->key_id())));

  EXPECT_EQ(signer->key_id(), "9d24e2eeaf27c2a0");
  EXPECT_EQ(signer->public_key_hex(),
            "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
  EXPECT_EQ(inputs[0].state_hash,
            "dd82ed1e043f5e0a821b8a71786f9013774cd3a28e30a34155b780b0f7103f4f");
  EXPECT_EQ(inputs[1].state_hash,
            "3ea357ef4dc955158540322fd47c0c9f1e00f74386583591d587ad8874fb88c4");
  EXPECT_EQ(hashes[0], "06d126a6bd0dbc4e30e522d248051714d5eac24447e830be68781fc271af47de");
  EXPECT_EQ(hashes[1], "17fe079c7d63e95a86a748c5a033d955f5de603af04c44dd60a9e47ad013d747");
  EXPECT_EQ(hashes[2], "2d37c61e71138701c4aeab6cfb69eba999478aaa9e9d3c575eca8352c4c04de6");
  EXPECT_EQ(signature,
            "80dfc986f1ad509b1d48fc8fb553d22e35944d0cff7999089b3c6e8f5fbe5674eb94f02b997460b1ced406"
            "03105355210c378f64218c6c5ffb4218c297093f02");
  std::string pk(reinterpret_cast<const char*>(signer->public_key().data()), 32);
  EXPECT_TRUE(
      VerifySignature(pk, CheckpointMessage(3, prev, "2026-11-30T12:00:00.000Z", signer->key_id()),
                      *FromHex(signature, 64)));
}

}  // namespace
}  // namespace kikan::audit
