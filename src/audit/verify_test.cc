// Verification over events and checkpoints held in memory: the pure core of audit::Verify, fed
// with malformed and adversarial records that the database tests cannot easily produce.
#include "audit/verify.h"

#include <gtest/gtest.h>

#include <numeric>

#include "audit/signer.h"

namespace kikan::audit {
namespace {

std::vector<Event> Chain(int n) {
  std::vector<Event> events;
  Digest prev{};
  for (int i = 1; i <= n; ++i) {
    Event e;
    static_cast<EventInput&>(e) = {"2026-11-30T11:00:00Z",
                                   "system",
                                   "thing.create",
                                   "thing",
                                   "t-" + std::to_string(i),
                                   HashState("t-" + std::to_string(i)),
                                   ""};
    e.seq = i;
    e.prev_hash = ToHex(prev);
    prev = ChainHash(prev, EventFrame(i, e));
    e.hash = ToHex(prev);
    events.push_back(e);
  }
  return events;
}

Checkpoint Sign(const Signer& s, int64_t seq, std::string_view head_hex) {
  Checkpoint cp;
  cp.seq = seq;
  cp.head_hash = std::string(head_hex);
  cp.at = "2026-11-30T12:00:00Z";
  cp.key_id = s.key_id();
  cp.public_key = s.public_key_hex();
  cp.signature = ToHex(s.Sign(CheckpointMessage(seq, *DigestFromHex(head_hex), cp.at, cp.key_id)));
  return cp;
}

Signer TestSigner() {
  std::array<uint8_t, 32> seed;
  std::iota(seed.begin(), seed.end(), uint8_t{1});
  return std::move(*Signer::FromSeed(seed));
}

// The objects are exactly those the events created (so only chain findings appear).
struct World {
  explicit World(const std::vector<Event>& events) {
    for (const Event& e : events) objects[{e.object_type, e.object_id}] = e.state_hash;
  }
  StateLookup lookup() const {
    return
        [this](std::string_view t, std::string_view i) -> base::Result<std::optional<std::string>> {
          auto it = objects.find({std::string(t), std::string(i)});
          if (it == objects.end()) return std::optional<std::string>();
          return std::optional<std::string>(it->second);
        };
  }
  ObjectLister lister() const {
    return [this]() -> base::Result<std::vector<std::pair<std::string, std::string>>> {
      std::vector<std::pair<std::string, std::string>> out;
      for (const auto& [k, v] : objects) out.push_back(k);
      return out;
    };
  }
  std::map<std::pair<std::string, std::string>, std::string> objects;
};

VerifyReport Verified(const std::vector<Event>& events, const std::vector<Checkpoint>& cps,
                      const World& world, std::vector<std::string> trusted = {}) {
  auto r = VerifyLog(events, cps, world.lookup(), world.lister(), trusted);
  EXPECT_TRUE(r.has_value()) << r.status().ToString();
  return r.has_value() ? *r : VerifyReport{};
}

std::string First(const VerifyReport& r) {
  if (r.findings.empty()) return "none";
  return r.findings[0].kind + "@" + std::to_string(r.findings[0].seq);
}

TEST(VerifyLog, AnIntactChainWithACheckpointIsOk) {
  Signer s = TestSigner();
  auto events = Chain(5);
  World w(events);
  VerifyReport r = Verified(events, {Sign(s, 3, events[2].hash)}, w);
  EXPECT_TRUE(r.ok()) << First(r);
  EXPECT_EQ(r.verified_through, 5);
  EXPECT_EQ(r.signed_through, 3);
  EXPECT_EQ(r.unsigned_events(), 2);
  EXPECT_EQ(r.objects, 5);
}

TEST(VerifyLog, AnEmptyLogIsOk) {
  World w({});
  VerifyReport r = Verified({}, {}, w);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.events, 0);
  EXPECT_EQ(r.unsigned_events(), 0);
}

TEST(VerifyLog, ADuplicateSeqIsOutOfOrder) {
  auto events = Chain(4);
  World w(events);
  events.insert(events.begin() + 2, events[1]);  // 1 2 2 3 4
  EXPECT_EQ(First(Verified(events, {}, w)), "event.out_of_order@2");
}

TEST(VerifyLog, NegativeAndHugeSeqsDoNotCrash) {
  auto events = Chain(3);
  World w(events);
  auto neg = events;
  neg[0].seq = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(First(Verified(neg, {}, w)),
            "event.out_of_order@" + std::to_string(std::numeric_limits<int64_t>::min()));
  auto huge = events;
  huge[2].seq = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(First(Verified(huge, {}, w)), "event.missing@3");
}

TEST(VerifyLog, GarbageHashesAreMalformed) {
  auto events = Chain(3);
  World w(events);
  for (std::string bad : {std::string(), std::string("zz"), std::string(64, 'G'),
                          std::string(65, 'a'), std::string("\0\0", 2)}) {
    auto copy = events;
    copy[1].hash = bad;
    EXPECT_EQ(First(Verified(copy, {}, w)), "event.malformed@2");
  }
}

TEST(VerifyLog, AnEventThatHashesButIsInvalidIsNamedAndTheWalkGoesOn) {
  // Written by a buggy or hostile writer that computed the hash over an invalid event.
  std::vector<Event> events;
  Digest prev{};
  for (int i = 1; i <= 3; ++i) {
    Event e;
    static_cast<EventInput&>(e) = {i == 2 ? "yesterday" : "2026-11-30T11:00:00Z",
                                   "system",
                                   "thing.create",
                                   "thing",
                                   "t-" + std::to_string(i),
                                   HashState("x"),
                                   ""};
    e.seq = i;
    e.prev_hash = ToHex(prev);
    prev = ChainHash(prev, EventFrame(i, e));
    e.hash = ToHex(prev);
    events.push_back(e);
  }
  World w(events);
  VerifyReport r = Verified(events, {}, w);
  EXPECT_EQ(First(r), "event.invalid@2");
  EXPECT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.verified_through, 3);
}

TEST(VerifyLog, CheckpointsAreCheckedInSeqOrderWhateverTheInputOrder) {
  Signer s = TestSigner();
  auto events = Chain(4);
  World w(events);
  Checkpoint bad2 = Sign(s, 2, events[1].hash);
  bad2.signature[0] = bad2.signature[0] == '0' ? '1' : '0';
  Checkpoint bad4 = Sign(s, 4, events[3].hash);
  bad4.key_id = "zz";
  VerifyReport r = Verified(events, {bad4, bad2}, w);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(First(r), "checkpoint.bad_signature@2");
  EXPECT_EQ(r.findings[1].kind, "checkpoint.malformed");
  EXPECT_EQ(r.signed_through, 0);
}

TEST(VerifyLog, ACheckpointBeyondTheLogIsTruncation) {
  Signer s = TestSigner();
  auto events = Chain(5);
  Checkpoint cp = Sign(s, 5, events[4].hash);
  events.resize(3);
  World w(events);
  VerifyReport r = Verified(events, {cp}, w);
  EXPECT_EQ(First(r), "checkpoint.truncated@5");
  EXPECT_NE(r.findings[0].problem.en.find("the last event is 3"), std::string::npos);
}

TEST(VerifyLog, ACheckpointAtSeqZeroMustSignTheZeroHash) {
  Signer s = TestSigner();
  Digest one{};
  one[0] = 1;
  World w({});
  EXPECT_TRUE(Verified({}, {Sign(s, 0, kZeroHashHex)}, w).ok());
  EXPECT_EQ(First(Verified({}, {Sign(s, 0, ToHex(one))}, w)), "checkpoint.head_mismatch@0");
  Checkpoint negative = Sign(s, 0, kZeroHashHex);
  negative.seq = -1;
  EXPECT_EQ(First(Verified({}, {negative}, w)), "checkpoint.malformed@-1");
}

TEST(VerifyLog, ACheckpointAfterAChainBreakIsComparedWithTheStoredHash) {
  Signer s = TestSigner();
  auto events = Chain(5);
  World w(events);
  Checkpoint cp = Sign(s, 5, events[4].hash);
  events[1].detail = "edited";
  VerifyReport r = Verified(events, {cp}, w);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(First(r), "event.hash_mismatch@2");
  EXPECT_EQ(r.signed_through, 0);  // the checkpoint is sound but covers a broken chain
}

TEST(VerifyLog, AnUnreadableRowBreaksTheChain) {
  auto events = Chain(2);
  World w(events);
  auto v = Verifier::Create({}, {});
  ASSERT_TRUE(v.has_value());
  v->AddEvent(events[0]);
  v->AddUnreadableRow("two");
  auto r = std::move(*v).Finish(w.lookup(), w.lister());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(First(*r), "event.out_of_order@0");
  EXPECT_NE(r->findings[0].problem.en.find("\"two\""), std::string::npos);
  EXPECT_EQ(r->verified_through, 1);
  // t-2 exists but its event was not read.
  EXPECT_EQ(r->findings.back().kind, "object.no_event");
}

TEST(VerifyLog, HugeCellsAreShortenedInMessages) {
  auto events = Chain(1);
  World w(events);
  events[0].hash = std::string(100000, 'x');
  VerifyReport r = Verified(events, {}, w);
  EXPECT_EQ(First(r), "event.malformed@1");
  EXPECT_LT(r.findings[0].problem.en.size(), 400u);
}

}  // namespace
}  // namespace kikan::audit
