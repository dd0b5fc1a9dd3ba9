// Published checkpoints and offline proofs on the demo database (SQLite and PostgreSQL): the
// server appends what it signs to a file outside the database and holds the database to it; a
// proof bundle verifies with the public key alone, and no byte of it can change unseen.
#include "service/audit_publish.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "service/demo_database_test.h"

namespace kikan::service {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kOrigin = "ministry.example/kikan/audit";

class AuditPublishTest : public DemoDatabaseTest {
 protected:
  AuditPublishTest() : DemoDatabaseTest("kikan_audit_publish_test") {}
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    file_ =
        (fs::temp_directory_path() / fmt::format("kikan-checkpoints-{}-{}", ::getpid(), GetParam()))
            .string();
    fs::remove(file_);
    std::array<uint8_t, 32> seed;
    std::iota(seed.begin(), seed.end(), uint8_t{3});
    auto signer = audit::Signer::FromSeed(seed);
    ASSERT_TRUE(signer.has_value());
    signer_.emplace(std::move(*signer));
  }
  void TearDown() override {
    if (!file_.empty()) fs::remove(file_);
    DemoDatabaseTest::TearDown();
  }

  base::Result<PublishResult> Publish(int minute) {
    auto c = pool_->Acquire();
    return PublishCheckpoint(*c, *signer_, fmt::format("2026-11-30T02:{:02}:00.000Z", minute),
                             kOrigin, file_);
  }

  void Exec(const std::string& sql) {
    auto c = pool_->Acquire();
    auto s = c->ExecScript(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  bool Postgres() const { return GetParam() == "Postgres"; }
  // What someone with the database can do first: lift the append-only guards.
  void DropGuards() {
    if (Postgres()) {
      Exec(
          "ALTER TABLE audit_event DISABLE TRIGGER USER; ALTER TABLE audit_tree DISABLE TRIGGER "
          "USER; ALTER TABLE audit_tree_head DISABLE TRIGGER USER; ALTER TABLE audit_checkpoint "
          "DISABLE TRIGGER USER;");
    } else {
      Exec(
          "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete; DROP TRIGGER "
          "audit_tree_no_delete; DROP TRIGGER audit_tree_head_no_delete; DROP TRIGGER "
          "audit_checkpoint_no_delete;");
    }
  }
  // An event more, as any service appends one.
  void Act(int n) {
    auto c = pool_->Acquire();
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(audit::Append(*c, {fmt::format("2026-11-30T03:{:02}:00.000Z", n), "u-1",
                                   "user.update", "user", "u-1", "", ""})
                    .has_value());
    ASSERT_TRUE(tx->Commit().ok());
  }

  std::string file_;
  std::optional<audit::Signer> signer_;
};

TEST_P(AuditPublishTest, SignedHeadsAreAppendedToTheFileOnce) {
  auto first = Publish(1);
  ASSERT_TRUE(first.has_value()) << first.status().ToString();
  ASSERT_TRUE(first->published.has_value());
  EXPECT_EQ(first->published->head.origin, kOrigin);
  EXPECT_EQ(static_cast<int64_t>(first->published->head.size), first->chain.seq);
  auto again = Publish(2);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->published.has_value());  // nothing new: nothing appended
  Act(1);
  auto second = Publish(3);
  ASSERT_TRUE(second.has_value()) << second.status().ToString();
  ASSERT_TRUE(second->published.has_value());
  auto last = LastPublished(file_);
  ASSERT_TRUE(last.has_value() && last->has_value());
  EXPECT_EQ((*last)->head, second->published->head);
  EXPECT_TRUE(audit::note::Verify(**last, kOrigin, signer_->public_key()));
}

// Someone holding the database — even with the signing key's help, since the server would sign
// anything consistent — rewrites an early event, rebuilds the tree and its signed heads: the
// file outside the database still names the old root, and the server signs nothing.
TEST_P(AuditPublishTest, ADatabaseRewrittenBehindThePublishedHeadIsNotSigned) {
  ASSERT_TRUE(Publish(1).has_value());
  DropGuards();
  Exec(
      "DELETE FROM audit_tree; DELETE FROM audit_tree_head; DELETE FROM audit_checkpoint; UPDATE "
      "audit_event SET detail = 'rewritten' WHERE seq = 2");
  const auto size_before = fs::file_size(file_);
  Act(1);  // the tree is rebuilt from the rewritten events
  auto r = Publish(2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message(base::Lang::kEn).find("rewritten history"), std::string::npos)
      << r.status().ToString();
  EXPECT_EQ(fs::file_size(file_), size_before);
  auto c = pool_->Acquire();
  EXPECT_FALSE(audit::LastTreeHead(*c)->has_value());  // nothing signed
}

TEST_P(AuditPublishTest, ATruncatedDatabaseIsNotSigned) {
  ASSERT_TRUE(Publish(1).has_value());
  DropGuards();
  Exec(
      "DELETE FROM audit_tree; DELETE FROM audit_tree_head; DELETE FROM audit_checkpoint; DELETE "
      "FROM audit_event WHERE seq > 50");
  auto r = Publish(2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message(base::Lang::kEn).find("truncated"), std::string::npos)
      << r.status().ToString();
}

TEST_P(AuditPublishTest, AFileThatIsNotCheckpointsIsNamedWithItsLine) {
  {
    std::ofstream out(file_);
    out << "not a checkpoint\n";
  }
  auto r = Publish(1);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.status().message(base::Lang::kEn).find(file_ + ":1:"), std::string::npos)
      << r.status().ToString();
}

// The bundle of an event checks with the public key alone; every single byte changed fails.
TEST_P(AuditPublishTest, AProofBundleVerifiesAndNoByteCanChange) {
  {
    auto c = pool_->Acquire();
    auto early = ProofBundle(*c, 3);
    ASSERT_FALSE(early.has_value());  // nothing signed yet
    EXPECT_EQ(early.status().code(), base::StatusCode::kFailedPrecondition);
  }
  ASSERT_TRUE(Publish(1).has_value());
  auto c = pool_->Acquire();
  auto bundle = ProofBundle(*c, 3);
  ASSERT_TRUE(bundle.has_value()) << bundle.status().ToString();
  auto ok = VerifyProofBundle(*bundle, signer_->public_key());
  ASSERT_TRUE(ok.has_value()) << ok.status().ToString();
  EXPECT_EQ(ok->seq, 3);
  EXPECT_EQ(ok->head.origin, kOrigin);
  auto other = audit::Signer::FromSeed(std::array<uint8_t, 32>{});
  EXPECT_FALSE(VerifyProofBundle(*bundle, other->public_key()).has_value());
  int refused = 0;
  for (size_t i = 0; i < bundle->size(); ++i) {
    std::string bad = *bundle;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    if (!VerifyProofBundle(bad, signer_->public_key()).has_value()) ++refused;
  }
  EXPECT_EQ(refused, static_cast<int>(bundle->size()));
  EXPECT_EQ(ProofBundle(*c, 100000).status().code(), base::StatusCode::kNotFound);
}

// A checkpoint kept by a reader holds the log to it: recomputed from the events, so rewriting
// audit_tree or audit_tree_head as well changes nothing.
TEST_P(AuditPublishTest, ALogHeldToASavedCheckpoint) {
  ASSERT_TRUE(Publish(1).has_value());
  auto saved = LastPublished(file_);
  ASSERT_TRUE(saved.has_value() && saved->has_value());
  std::ifstream in(file_);
  std::stringstream text;
  text << in.rdbuf();
  const std::string key(reinterpret_cast<const char*>(signer_->public_key().data()), 32);
  auto check = [&](std::vector<std::string> keys) {
    auto c = pool_->Acquire();
    auto found = CheckAgainstCheckpoint(*c, text.str(), keys);
    EXPECT_TRUE(found.has_value()) << found.status().ToString();
    std::vector<std::string> kinds;
    if (found) {
      for (const auto& f : *found) kinds.push_back(f.kind);
    }
    return kinds;
  };
  EXPECT_EQ(check({key}), std::vector<std::string>{});
  Act(1);  // the log grows: still consistent
  EXPECT_EQ(check({key}), std::vector<std::string>{});
  EXPECT_EQ(check({std::string(32, 'k')}), std::vector<std::string>{"checkpoint.untrusted"});
  DropGuards();
  Exec("UPDATE audit_event SET detail = 'rewritten' WHERE seq = 7");
  EXPECT_EQ(check({key}), std::vector<std::string>{"checkpoint.inconsistent"});
  Exec("DELETE FROM audit_event WHERE seq > 20");
  EXPECT_EQ(check({}), std::vector<std::string>{"checkpoint.truncated"});
  auto c = pool_->Acquire();
  EXPECT_EQ(CheckAgainstCheckpoint(*c, "junk\n", {}).status().code(),
            base::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditPublishTest, ::testing::Values("Sqlite", "Postgres"));

}  // namespace
}  // namespace kikan::service
