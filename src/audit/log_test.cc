// The audit log on a real database (SQLite in memory and in a file): appending in transactions,
// checkpoints, and verification against every kind of tampering docs/formats/audit-log.md §7
// names. Each test builds its own log, so each tampering happens on a fresh copy.
#include "audit/log.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>

namespace kikan::audit {
namespace {

namespace fs = std::filesystem;
using Key = std::pair<std::string, std::string>;

std::array<uint8_t, 32> Seed(uint8_t first) {
  std::array<uint8_t, 32> seed;
  std::iota(seed.begin(), seed.end(), first);
  return seed;
}

// The time of the n-th event (the injected clock of these tests).
std::string At(int n) { return fmt::format("2026-11-30T{:02}:{:02}:00.000Z", 11 + n / 60, n % 60); }

// Each test runs on SQLite in memory, on SQLite in a file, and on PostgreSQL in a schema of its
// own when KIKAN_TEST_POSTGRES_URL is set (scripts/test starts a throwaway cluster).
class AuditLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    world_.clear();
    clock_ = 0;
    dir_.clear();
    std::string url = "sqlite::memory:";
    if (GetParam() == "File") {
      std::string tmpl = (fs::temp_directory_path() / "kikan-audit-db-XXXXXX").string();
      ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
      dir_ = tmpl;
      url = "sqlite:" + (dir_ / "kikan.db").string();
    } else if (GetParam() == "Postgres") {
      const char* base = std::getenv("KIKAN_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') {
        GTEST_SKIP() << "PostgreSQL not configured: set KIKAN_TEST_POSTGRES_URL";
      }
      auto admin = store::Open(base, 1);
      ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
      admin_ = std::move(*admin);
      schema_ = fmt::format("kikan_audit_test_{}_{}", ::getpid(), ++schema_counter_);
      ASSERT_TRUE(admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema_).ok());
      std::string sep = std::string_view(base).find('?') == std::string_view::npos ? "?" : "&";
      url = std::string(base) + sep + "options=-c%20search_path%3D" + schema_;
    }
    auto pool = store::Open(url, 1);
    ASSERT_TRUE(pool.has_value()) << pool.status().ToString();
    pool_ = std::move(*pool);
    lease_.emplace(pool_->Acquire());
    ASSERT_TRUE(store::Migrate(c(), Migrations()).ok());
    auto signer = Signer::FromSeed(Seed(0));
    ASSERT_TRUE(signer.has_value());
    signer_.emplace(std::move(*signer));
  }
  void TearDown() override {
    lease_.reset();
    pool_.reset();
    if (admin_ != nullptr && !schema_.empty()) {
      EXPECT_TRUE(admin_->Acquire()->ExecScript("DROP SCHEMA " + schema_ + " CASCADE").ok());
    }
    admin_.reset();
    schema_.clear();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  bool postgres() const { return GetParam() == "Postgres"; }

  store::Connection& c() { return **lease_; }

  // Changes an object and appends its event in one transaction, as a service does.
  void Change(const std::string& actor, const std::string& action, const std::string& type,
              const std::string& id, std::optional<std::string> state,
              const std::string& detail = "") {
    auto tx = store::Transaction::Start(c());
    ASSERT_TRUE(tx.has_value()) << tx.status().ToString();
    std::string state_hash = state ? HashState(*state) : "";
    ++clock_;
    auto e = Append(c(), {At(clock_), actor, action, type, id, state_hash, detail});
    ASSERT_TRUE(e.has_value()) << e.status().ToString();
    ASSERT_TRUE(tx->Commit().ok());
    if (state) {
      world_[{type, id}] = state_hash;
    } else {
      world_.erase({type, id});
    }
  }

  void Checkpoint() {
    ++clock_;
    auto cp = WriteCheckpoint(c(), *signer_, At(clock_));
    ASSERT_TRUE(cp.has_value()) << cp.status().ToString();
  }

  // Events 1–4, a checkpoint at 4, events 5–8, a checkpoint at 8.
  void BuildLog() {
    Change("system", "user.create", "user", "u-1", "user u-1 v1");
    Change("u-1", "filing.submit", "filing", "f-1", "filing f-1 submitted", "pack=ports@2025-04");
    Change("u-1", "filing.submit", "filing", "f-2", "filing f-2 submitted");
    Change("u-9", "filing.receive", "filing", "f-1", "filing f-1 received");
    Checkpoint();
    Change("system", "user.create", "user", "u-2", "user u-2 v1");
    Change("u-1", "filing.withdraw", "filing", "f-2", std::nullopt);
    Change("u-9", "designation.confirm", "designation", "d-1", "designation d-1");
    Change("u-1", "user.update", "user", "u-1", "user u-1 v2");
    Checkpoint();
  }

  StateLookup Lookup() {
    return [this](std::string_view type,
                  std::string_view id) -> base::Result<std::optional<std::string>> {
      auto it = world_.find({std::string(type), std::string(id)});
      if (it == world_.end()) return std::optional<std::string>();
      return std::optional<std::string>(it->second);
    };
  }
  ObjectLister Lister() {
    return [this]() -> base::Result<std::vector<Key>> {
      std::vector<Key> keys;
      for (const auto& [k, v] : world_) keys.push_back(k);
      return keys;
    };
  }

  VerifyReport Check(std::vector<std::string> trusted = {}) {
    auto r = Verify(c(), Lookup(), Lister(), trusted);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() ? *r : VerifyReport{};
  }

  // What someone with direct access to the database can do first.
  void DropGuards() {
    if (postgres()) {
      Sql("ALTER TABLE audit_event DISABLE TRIGGER USER;"
          "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER;"
          "ALTER TABLE audit_tree DISABLE TRIGGER USER;"
          "ALTER TABLE audit_tree_head DISABLE TRIGGER USER;");
      return;
    }
    ASSERT_TRUE(c().ExecScript("DROP TRIGGER audit_event_no_update;"
                               "DROP TRIGGER audit_event_no_delete;"
                               "DROP TRIGGER audit_checkpoint_no_update;"
                               "DROP TRIGGER audit_checkpoint_no_delete;"
                               "DROP TRIGGER audit_tree_no_update;"
                               "DROP TRIGGER audit_tree_no_delete;"
                               "DROP TRIGGER audit_tree_head_no_update;"
                               "DROP TRIGGER audit_tree_head_no_delete;")
                    .ok());
  }
  void Sql(const std::string& sql) {
    base::Status s = c().ExecScript(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  int64_t Count(std::string_view table) {
    auto rows = c().Query(fmt::format("SELECT count(*) FROM {}", table));
    EXPECT_TRUE(rows.has_value());
    return rows.has_value() ? (*rows)[0].Int(0) : -1;
  }

  fs::path dir_;
  std::unique_ptr<store::Pool> admin_;  // PostgreSQL: creates and drops the test's schema
  std::string schema_;
  static inline int schema_counter_ = 0;
  std::unique_ptr<store::Pool> pool_;
  std::optional<store::Lease> lease_;
  std::optional<Signer> signer_;
  std::map<Key, std::string> world_;  // the objects that exist now → their state hash
  int clock_ = 0;
};

// The first finding, as "kind@seq" or "kind@type/id", for compact assertions.
std::string First(const VerifyReport& r) {
  if (r.findings.empty()) return "none";
  const Finding& f = r.findings.front();
  EXPECT_FALSE(f.problem.ja.empty());
  EXPECT_FALSE(f.problem.en.empty());
  if (!f.object_type.empty()) {
    EXPECT_EQ(f.seq, 0);
    return f.kind + "@" + f.object_type + "/" + f.object_id;
  }
  return f.kind + "@" + std::to_string(f.seq);
}

TEST_P(AuditLogTest, AppendedLogVerifies) {
  BuildLog();
  VerifyReport r = Check();
  EXPECT_TRUE(r.ok()) << First(r) << " " << r.findings.front().problem.en;
  EXPECT_EQ(r.events, 8);
  EXPECT_EQ(r.checkpoints, 2);
  EXPECT_EQ(r.objects, 5);  // u-1 u-2 f-1 f-2 (deleted) d-1
  EXPECT_EQ(r.verified_through, 8);
  EXPECT_EQ(r.signed_through, 8);
  EXPECT_EQ(r.unsigned_events(), 0);
  EXPECT_FALSE(r.trusted_key);

  VerifyReport trusted = Check({signer_->public_key_hex()});
  EXPECT_TRUE(trusted.ok()) << First(trusted);
  EXPECT_TRUE(trusted.trusted_key);
}

TEST_P(AuditLogTest, StoredEventsChainAsTheFormatSays) {
  BuildLog();
  auto rows = c().Query("SELECT seq, prev_hash, hash, state_hash FROM audit_event ORDER BY seq");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 8u);
  EXPECT_EQ((*rows)[0].Text(1), kZeroHashHex);
  for (size_t i = 1; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].Int(0), static_cast<int64_t>(i + 1));
    EXPECT_EQ((*rows)[i].Text(1), (*rows)[i - 1].Text(2));
  }
  EXPECT_EQ((*rows)[5].Text(3), "");  // the withdrawal deleted f-2
  auto cp = LastCheckpoint(c());
  ASSERT_TRUE(cp.has_value() && cp->has_value());
  EXPECT_EQ((*cp)->seq, 8);
  EXPECT_EQ((*cp)->head_hash, (*rows)[7].Text(2));
  EXPECT_EQ((*cp)->key_id, signer_->key_id());
  EXPECT_EQ((*cp)->public_key, signer_->public_key_hex());
}

TEST_P(AuditLogTest, EventsAfterTheLastCheckpointAreReportedNotFailed) {
  BuildLog();
  Change("u-1", "filing.submit", "filing", "f-3", "filing f-3");
  VerifyReport r = Check();
  EXPECT_TRUE(r.ok()) << First(r);
  EXPECT_EQ(r.verified_through, 9);
  EXPECT_EQ(r.signed_through, 8);
  EXPECT_EQ(r.unsigned_events(), 1);
}

TEST_P(AuditLogTest, EditingAnyFieldOfAMiddleEventIsNamed) {
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"at", "'2026-11-30T11:05:00.001Z'"},
      {"actor", "'u-7'"},
      {"action", "'user.delete'"},
      {"object_type", "'filing'"},
      {"object_id", "'u-3'"},
      {"state_hash", "'" + HashState("forged") + "'"},
      {"detail", "'x=1'"},
      {"hash", "'" + std::string(64, 'a') + "'"},
  };
  for (const auto& [column, value] : edits) {
    SCOPED_TRACE(column);
    TearDown();
    SetUp();
    BuildLog();
    DropGuards();
    Sql("UPDATE audit_event SET " + column + " = " + value + " WHERE seq = 5");
    EXPECT_EQ(First(Check()), "event.hash_mismatch@5");
  }
}

TEST_P(AuditLogTest, EditingTheLinkOrTheSeqIsNamed) {
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_event SET prev_hash = '" + std::string(64, 'b') + "' WHERE seq = 5");
  EXPECT_EQ(First(Check()), "event.prev_mismatch@5");

  TearDown();
  SetUp();
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_event SET prev_hash = 'not hex' WHERE seq = 5");
  EXPECT_EQ(First(Check()), "event.malformed@5");

  TearDown();
  SetUp();
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_event SET hash = upper(hash) WHERE seq = 5");
  EXPECT_EQ(First(Check()), "event.malformed@5");

  TearDown();
  SetUp();
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_event SET seq = 100 WHERE seq = 5");
  EXPECT_EQ(First(Check()), "event.missing@5");
}

TEST_P(AuditLogTest, DeletingAMiddleEventIsNamed) {
  BuildLog();
  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq = 5");
  VerifyReport r = Check();
  EXPECT_EQ(First(r), "event.missing@5");
  EXPECT_EQ(r.verified_through, 4);
  EXPECT_EQ(r.signed_through, 4);
}

TEST_P(AuditLogTest, DeletingTheFirstEventIsNamed) {
  BuildLog();
  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq = 1");
  EXPECT_EQ(First(Check()), "event.missing@1");
}

TEST_P(AuditLogTest, TruncationAfterACheckpointIsDetectedByIt) {
  BuildLog();
  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq >= 7");
  VerifyReport r = Check();
  EXPECT_EQ(First(r), "checkpoint.truncated@8");
  EXPECT_EQ(r.verified_through, 6);
  EXPECT_EQ(r.signed_through, 4);
  // The objects those events changed no longer match, and are named after the checkpoint.
  ASSERT_GE(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[1].kind, "object.no_event");  // designation d-1
  EXPECT_EQ(r.findings[1].object_id, "d-1");
  EXPECT_EQ(r.findings[2].kind, "object.state_mismatch");  // user u-1 v2
  EXPECT_EQ(r.findings[2].object_id, "u-1");

  // And the server refuses to sign over the truncated log.
  auto cp = WriteCheckpoint(c(), *signer_, At(99));
  ASSERT_FALSE(cp.has_value());
  EXPECT_EQ(cp.status().code(), base::StatusCode::kDataLoss);
}

TEST_P(AuditLogTest, SwappingTwoEventsIsNamed) {
  BuildLog();
  DropGuards();
  // Exchange the rows of events 3 and 4, seq and all.
  Sql("UPDATE audit_event SET seq = 1003 WHERE seq = 3;"
      "UPDATE audit_event SET seq = 3 WHERE seq = 4;"
      "UPDATE audit_event SET seq = 4 WHERE seq = 1003;");
  EXPECT_EQ(First(Check()), "event.prev_mismatch@3");
}

TEST_P(AuditLogTest, SwappingTheContentsOfTwoEventsIsNamed) {
  BuildLog();
  DropGuards();
  // Keep seq, prev_hash and hash in place; exchange what the events say.
  Sql("CREATE TEMP TABLE t AS SELECT * FROM audit_event WHERE seq IN (2, 3);"
      "UPDATE audit_event SET (at, actor, action, object_type, object_id, state_hash, detail) = "
      "(SELECT at, actor, action, object_type, object_id, state_hash, detail FROM t "
      " WHERE t.seq = 5 - audit_event.seq) WHERE seq IN (2, 3);");
  EXPECT_EQ(First(Check()), "event.hash_mismatch@2");
}

TEST_P(AuditLogTest, AChangedCheckpointSignatureIsNamed) {
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_checkpoint SET signature = "
      "(CASE substr(signature, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(signature, 2) "
      "WHERE seq = 4");
  VerifyReport r = Check();
  EXPECT_EQ(First(r), "checkpoint.bad_signature@4");
  EXPECT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.signed_through, 8);  // the later checkpoint is still sound
}

TEST_P(AuditLogTest, AChangedCheckpointTimeBreaksItsSignature) {
  BuildLog();
  DropGuards();
  Sql("UPDATE audit_checkpoint SET at = '2026-11-30T23:59:59.000Z' WHERE seq = 8");
  EXPECT_EQ(First(Check()), "checkpoint.bad_signature@8");
}

TEST_P(AuditLogTest, MalformedCheckpointFieldsAreNamed) {
  for (const std::string& edit : {std::string("public_key = 'xyz'"), std::string("signature = ''"),
                                  std::string("head_hash = substr(head_hash, 2)"),
                                  std::string("key_id = '0123456789abcdef'")}) {
    SCOPED_TRACE(edit);
    TearDown();
    SetUp();
    BuildLog();
    DropGuards();
    Sql("UPDATE audit_checkpoint SET " + edit + " WHERE seq = 4");
    EXPECT_EQ(First(Check()), "checkpoint.malformed@4");
  }
}

TEST_P(AuditLogTest, AnUntrustedKeyIsNamedWhenTrustedKeysAreGiven) {
  BuildLog();
  auto other = Signer::FromSeed(Seed(100));
  ASSERT_TRUE(other.has_value());
  VerifyReport r = Check({other->public_key_hex()});
  EXPECT_EQ(First(r), "checkpoint.untrusted_key@4");
  EXPECT_EQ(r.findings[1].kind, "checkpoint.untrusted_key");
  EXPECT_EQ(r.signed_through, 0);
  EXPECT_TRUE(r.trusted_key);
  EXPECT_TRUE(Check({other->public_key_hex(), signer_->public_key_hex()}).ok());
}

TEST_P(AuditLogTest, ARewrittenLogResignedWithAnotherKeyFailsOnlyWithTrustedKeys) {
  BuildLog();
  // The attacker edits event 8, recomputes its hash and re-signs the checkpoint with their key.
  DropGuards();
  auto rows = c().Query("SELECT prev_hash, at FROM audit_event WHERE seq = 8");
  ASSERT_TRUE(rows.has_value());
  Digest prev = *DigestFromHex((*rows)[0].Text(0));
  EventInput forged{(*rows)[0].Text(1),  "u-1", "user.update", "user", "u-1",
                    HashState("forged"), ""};
  std::string hash = EventHash(prev, 8, forged);
  Sql(fmt::format("UPDATE audit_event SET state_hash = '{}', hash = '{}' WHERE seq = 8",
                  forged.state_hash, hash));
  auto attacker = Signer::FromSeed(Seed(200));
  ASSERT_TRUE(attacker.has_value());
  std::string sig =
      ToHex(attacker->Sign(CheckpointMessage(8, *DigestFromHex(hash), At(10), attacker->key_id())));
  Sql(
      fmt::format("UPDATE audit_checkpoint SET head_hash = '{}', at = '{}', key_id = '{}', "
                  "public_key = '{}', signature = '{}' WHERE seq = 8",
                  hash, At(10), attacker->key_id(), attacker->public_key_hex(), sig));
  world_[{"user", "u-1"}] = HashState("forged");

  VerifyReport untrusted = Check();
  EXPECT_TRUE(untrusted.ok()) << First(untrusted);  // undetectable without trusted keys
  EXPECT_FALSE(untrusted.trusted_key);
  EXPECT_EQ(First(Check({signer_->public_key_hex()})), "checkpoint.untrusted_key@8");
}

TEST_P(AuditLogTest, ACheckpointOverAnotherHeadIsNamed) {
  BuildLog();
  DropGuards();
  // Validly signed (by the recorded key) but over a head that is not event 4's hash.
  Digest head{};
  head[0] = 1;
  std::string sig = ToHex(signer_->Sign(CheckpointMessage(4, head, At(5), signer_->key_id())));
  Sql(fmt::format("UPDATE audit_checkpoint SET head_hash = '{}', signature = '{}' WHERE seq = 4",
                  ToHex(head), sig));
  EXPECT_EQ(First(Check()), "checkpoint.head_mismatch@4");
}

TEST_P(AuditLogTest, AnObjectChangedWithoutAnEventIsNamed) {
  BuildLog();
  world_[{"user", "u-2"}] = HashState("user u-2 renamed behind our back");
  VerifyReport r = Check();
  EXPECT_EQ(First(r), "object.state_mismatch@user/u-2");
  EXPECT_EQ(r.findings.size(), 1u);
}

TEST_P(AuditLogTest, AnObjectInsertedWithoutAnEventIsNamed) {
  BuildLog();
  world_[{"filing", "f-9"}] = HashState("filing f-9");
  VerifyReport r = Check();
  EXPECT_EQ(First(r), "object.no_event@filing/f-9");
  EXPECT_EQ(r.objects, 6);
}

TEST_P(AuditLogTest, AnObjectDeletedWithoutAnEventIsNamed) {
  BuildLog();
  world_.erase({"filing", "f-1"});
  EXPECT_EQ(First(Check()), "object.missing@filing/f-1");
}

TEST_P(AuditLogTest, AnObjectTheLogDeletedThatStillExistsIsNamed) {
  BuildLog();
  world_[{"filing", "f-2"}] = HashState("filing f-2 submitted");
  EXPECT_EQ(First(Check()), "object.deleted_in_log@filing/f-2");
}

TEST_P(AuditLogTest, ObjectFindingsAreOrderedByTypeThenId) {
  BuildLog();
  world_[{"user", "u-2"}] = HashState("x");
  world_[{"designation", "d-1"}] = HashState("y");
  world_[{"filing", "f-0"}] = HashState("z");
  VerifyReport r = Check();
  ASSERT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].object_type, "designation");
  EXPECT_EQ(r.findings[1].object_id, "f-0");
  EXPECT_EQ(r.findings[2].object_id, "u-2");
}

TEST_P(AuditLogTest, ObjectMismatchesAreReportedAfterAChainBreak) {
  BuildLog();
  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq = 2");
  world_[{"user", "u-2"}] = HashState("x");
  VerifyReport r = Check();
  ASSERT_GE(r.findings.size(), 2u);
  EXPECT_EQ(First(r), "event.missing@2");
  EXPECT_EQ(r.findings.back().kind, "object.state_mismatch");
  EXPECT_EQ(r.verified_through, 1);
}

TEST_P(AuditLogTest, LookupErrorsAbortAndNotFoundMeansUntracked) {
  BuildLog();
  StateLookup failing = [](std::string_view,
                           std::string_view) -> base::Result<std::optional<std::string>> {
    return base::Unavailable({.en = "db down"});
  };
  auto r = Verify(c(), failing, Lister(), {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kUnavailable);

  StateLookup users_only = [this](std::string_view type,
                                  std::string_view id) -> base::Result<std::optional<std::string>> {
    if (type != "user") return base::NotFound({.en = "untracked"});
    return Lookup()(type, id);
  };
  auto u = Verify(c(), users_only, Lister(), {});
  ASSERT_TRUE(u.has_value());
  EXPECT_TRUE(u->ok()) << First(*u);
  EXPECT_EQ(u->objects_untracked, 3);  // f-1 f-2 d-1

  ObjectLister list_fails = []() -> base::Result<std::vector<Key>> {
    return base::Internal({.en = "boom"});
  };
  auto l = Verify(c(), Lookup(), list_fails, {});
  ASSERT_FALSE(l.has_value());
  EXPECT_EQ(l.status().code(), base::StatusCode::kInternal);
}

TEST_P(AuditLogTest, AMalformedTrustedKeyIsInvalidArgument) {
  BuildLog();
  std::vector<std::string> keys = {"ABCD"};
  auto r = Verify(c(), Lookup(), Lister(), keys);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().en().find("ABCD"), std::string::npos);
}

TEST_P(AuditLogTest, RollingBackTheCallersTransactionLeavesNoEvent) {
  BuildLog();
  {
    auto tx = store::Transaction::Start(c());
    ASSERT_TRUE(tx.has_value());
    auto e = Append(c(), {At(50), "u-1", "filing.submit", "filing", "f-5", HashState("f-5"), ""});
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->seq, 9);
    EXPECT_EQ(Count("audit_event"), 9);
  }  // destroyed without Commit: rolled back
  EXPECT_EQ(Count("audit_event"), 8);
  ASSERT_TRUE(c().Begin().ok());
  ASSERT_TRUE(Append(c(), {At(51), "u-1", "x.y", "filing", "f-6", "", ""}).has_value());
  ASSERT_TRUE(c().Rollback().ok());
  EXPECT_EQ(Count("audit_event"), 8);
  EXPECT_TRUE(Check().ok());
  // The next append takes seq 9.
  Change("u-1", "filing.submit", "filing", "f-7", "f-7");
  EXPECT_EQ(Count("audit_event"), 9);
  EXPECT_TRUE(Check().ok());
}

TEST_P(AuditLogTest, InvalidInputIsRejectedAndWritesNothing) {
  ASSERT_TRUE(c().Begin().ok());
  auto e = Append(c(), {"2026-11-30 11:08", "u-1", "filing.submit", "filing", "f-1", "", ""});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(e.status().en().find("2026-11-30 11:08"), std::string::npos);
  auto empty = Append(c(), {At(1), "u-1", "", "filing", "f-1", "", ""});
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.status().en().find("action"), std::string::npos);
  ASSERT_TRUE(c().Commit().ok());
  EXPECT_EQ(Count("audit_event"), 0);
}

TEST_P(AuditLogTest, AppendOutsideATransactionIsABug) {
  if (postgres()) GTEST_SKIP() << "a death test forks; once per backend is enough";
  EXPECT_DEATH((void)Append(c(), {At(1), "u-1", "a.b", "t", "i", "", ""}), "InTransaction");
}

TEST_P(AuditLogTest, TheTablesRefuseUpdatesAndDeletes) {
  BuildLog();
  EXPECT_FALSE(c().Exec("UPDATE audit_event SET actor = 'x' WHERE seq = 1").ok());
  EXPECT_FALSE(c().Exec("DELETE FROM audit_event WHERE seq = 8").ok());
  EXPECT_FALSE(c().Exec("UPDATE audit_checkpoint SET at = 'x'").ok());
  EXPECT_FALSE(c().Exec("DELETE FROM audit_checkpoint").ok());
  EXPECT_TRUE(Check().ok());
}

TEST_P(AuditLogTest, ACheckpointIsWrittenOnlyWhenTheHeadMoved) {
  BuildLog();
  EXPECT_FALSE(c().InTransaction());
  auto again = WriteCheckpoint(c(), *signer_, At(90));
  ASSERT_TRUE(again.has_value()) << again.status().ToString();
  EXPECT_FALSE(c().InTransaction());  // its own transaction, committed
  EXPECT_EQ(again->seq, 8);
  EXPECT_EQ(again->at, At(10));  // the existing one, not re-signed
  EXPECT_EQ(Count("audit_checkpoint"), 2);

  // Inside the caller's transaction it commits or rolls back with it.
  Change("u-1", "filing.submit", "filing", "f-3", "f-3");
  ASSERT_TRUE(c().Begin().ok());
  auto inside = WriteCheckpoint(c(), *signer_, At(91));
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->seq, 9);
  EXPECT_TRUE(c().InTransaction());
  ASSERT_TRUE(c().Rollback().ok());
  EXPECT_EQ(Count("audit_checkpoint"), 2);

  auto bad = WriteCheckpoint(c(), *signer_, "yesterday");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.status().code(), base::StatusCode::kInvalidArgument);
}

TEST_P(AuditLogTest, AnEmptyLogCanBeCheckpointedAndVerifies) {
  auto cp = WriteCheckpoint(c(), *signer_, At(0));
  ASSERT_TRUE(cp.has_value()) << cp.status().ToString();
  EXPECT_EQ(cp->seq, 0);
  EXPECT_EQ(cp->head_hash, kZeroHashHex);
  VerifyReport r = Check({signer_->public_key_hex()});
  EXPECT_TRUE(r.ok()) << First(r);
  EXPECT_EQ(r.events, 0);
  EXPECT_EQ(r.checkpoints, 1);
  EXPECT_TRUE(r.trusted_key);
  // Then the first event chains from zero and the next checkpoint covers it.
  Change("system", "user.create", "user", "u-1", "u-1");
  Checkpoint();
  EXPECT_TRUE(Check().ok());
  EXPECT_EQ(Count("audit_checkpoint"), 2);
}

TEST_P(AuditLogTest, AnEventInsertedOutOfPlaceIsNamed) {
  BuildLog();
  DropGuards();
  if (postgres()) {
    Sql("ALTER TABLE audit_event DROP CONSTRAINT audit_event_seq_check");
  } else {
    Sql("PRAGMA ignore_check_constraints = ON");
  }
  Sql("INSERT INTO audit_event SELECT 0, at, actor, action, object_type, object_id, "
      "state_hash, detail, prev_hash, hash FROM audit_event WHERE seq = 1");
  EXPECT_EQ(First(Check()), "event.out_of_order@0");
}

TEST_P(AuditLogTest, VerifiesAcrossPages) {
  ASSERT_TRUE(c().Begin().ok());
  for (int i = 0; i < 2345; ++i) {
    std::string id = "f-" + std::to_string(i);
    auto e = Append(c(), {At(1), "u-1", "filing.submit", "filing", id, HashState(id), ""});
    ASSERT_TRUE(e.has_value());
    world_[{"filing", id}] = HashState(id);
  }
  ASSERT_TRUE(c().Commit().ok());
  Checkpoint();
  VerifyReport r = Check();
  EXPECT_TRUE(r.ok()) << First(r);
  EXPECT_EQ(r.events, 2345);
  EXPECT_EQ(r.signed_through, 2345);
  EXPECT_EQ(r.objects, 2345);

  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq = 2001");  // the first row of the third page
  EXPECT_EQ(First(Check()), "event.missing@2001");
}

TEST(Migrations, AreInTheAuditRange) {
  for (const store::Migration& m : Migrations()) {
    EXPECT_GE(m.version, 100);
    EXPECT_LE(m.version, 199);
    EXPECT_NE(m.sqlite.find("STRICT"), std::string::npos);
    EXPECT_NE(m.postgres.find("BIGINT"), std::string::npos);
  }
}

// --- the Merkle tree (§9–§10) -------------------------------------------------------------------

constexpr std::string_view kOrigin = "kikan.example/audit";

// The tree the events in the database should have, computed in memory from the events.
merkle::MemoryTree TreeOfEvents(store::Connection& c) {
  merkle::MemoryTree t;
  EventQuery q;
  q.limit = 1000;
  auto events = ListEvents(c, q);
  EXPECT_TRUE(events.has_value());
  if (events) {
    for (const Event& e : *events) t.Append(merkle::LeafHash(EventLeaf(e.seq, e)));
  }
  return t;
}

TEST_P(AuditLogTest, TheStoredTreeIsTheTreeOfTheEventsAndItsProofsVerify) {
  for (int i = 0; i < 37; ++i) {
    Change("u-1", "user.update", "user", fmt::format("u-{}", i % 5), fmt::format("v{}", i));
  }
  auto size = TreeSize(c());
  ASSERT_TRUE(size.has_value());
  ASSERT_EQ(*size, 37u);
  const merkle::MemoryTree mem = TreeOfEvents(c());
  for (uint64_t n = 1; n <= 37; ++n) {
    auto root = TreeRoot(c(), n);
    ASSERT_TRUE(root.has_value()) << root.status().ToString();
    ASSERT_EQ(*root, mem.Root(n)) << n;
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = TreeInclusionProof(c(), i, n);
      ASSERT_TRUE(proof.has_value());
      auto leaf = TreeLeaf(c(), i);
      ASSERT_TRUE(leaf.has_value());
      EXPECT_TRUE(merkle::VerifyInclusion(i, n, *leaf, *proof, *root)) << i << "/" << n;
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = TreeConsistencyProof(c(), m, n);
      ASSERT_TRUE(proof.has_value());
      EXPECT_TRUE(merkle::VerifyConsistency(m, n, mem.Root(m), *root, *proof)) << m << "→" << n;
    }
  }
  // Beyond the tree, and a leaf outside its tree: out of range, named.
  EXPECT_EQ(TreeRoot(c(), 38).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(TreeInclusionProof(c(), 5, 5).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(TreeConsistencyProof(c(), 0, 5).status().code(), base::StatusCode::kOutOfRange);
  EXPECT_EQ(TreeConsistencyProof(c(), 6, 5).status().code(), base::StatusCode::kOutOfRange);
}

TEST_P(AuditLogTest, TreeHeadsAreSignedNotesOfTheTree) {
  BuildLog();
  ++clock_;
  ASSERT_TRUE(WriteCheckpoint(c(), *signer_, At(clock_), kOrigin).has_value());
  auto head = LastTreeHead(c());
  ASSERT_TRUE(head.has_value() && head->has_value());
  EXPECT_EQ((*head)->size, 8u);
  EXPECT_EQ((*head)->key_id, signer_->key_id());
  auto parsed = note::Parse((*head)->note);
  ASSERT_TRUE(parsed.has_value()) << parsed.status().ToString();
  EXPECT_EQ(parsed->head.origin, kOrigin);
  EXPECT_EQ(parsed->head.size, 8u);
  EXPECT_EQ(parsed->head.root, TreeOfEvents(c()).Root(8));
  EXPECT_EQ(ToHex(parsed->head.root), (*head)->root_hash);
  EXPECT_TRUE(note::Verify(*parsed, kOrigin, signer_->public_key()));
  // Nothing new to sign: no second head of the same size.
  ++clock_;
  ASSERT_TRUE(WriteCheckpoint(c(), *signer_, At(clock_), kOrigin).has_value());
  EXPECT_EQ(Count("audit_tree_head"), 1);
  Change("u-1", "user.update", "user", "u-1", "user u-1 v3");
  ++clock_;
  ASSERT_TRUE(WriteCheckpoint(c(), *signer_, At(clock_), kOrigin).has_value());
  EXPECT_EQ(Count("audit_tree_head"), 2);
  // The chain verifies as before.
  EXPECT_TRUE(Check().ok());
}

// A log written before the tree existed (migration 101 adds an empty tree) gets its tree from its
// events: the same roots as a log that always had one, and its old checkpoints still verify.
TEST_P(AuditLogTest, ALogFromBeforeTheTreeGetsItsTreeFromItsEvents) {
  BuildLog();
  const merkle::Hash root = TreeOfEvents(c()).Root(8);
  DropGuards();
  Sql("DELETE FROM audit_tree");
  ASSERT_EQ(*TreeSize(c()), 0u);
  ++clock_;
  ASSERT_TRUE(WriteCheckpoint(c(), *signer_, At(clock_), kOrigin).has_value());
  EXPECT_EQ(*TreeSize(c()), 8u);
  EXPECT_EQ(*TreeRoot(c(), 8), root);
  // And Append catches up the same way.
  Sql("DELETE FROM audit_tree");
  Change("u-1", "user.update", "user", "u-1", "user u-1 v3");
  EXPECT_EQ(*TreeSize(c()), 9u);
  EXPECT_EQ(*TreeRoot(c(), 8), root);
  EXPECT_TRUE(Check().ok());
}

// An attacker with the database rewrites an early event, rebuilds the tree from the rewritten
// events and appends: the server will not sign a head that does not extend the one it signed.
TEST_P(AuditLogTest, ATreeHeadOverRewrittenHistoryIsNotSigned) {
  BuildLog();
  ++clock_;
  ASSERT_TRUE(WriteCheckpoint(c(), *signer_, At(clock_), kOrigin).has_value());
  DropGuards();
  Sql("DELETE FROM audit_tree; UPDATE audit_event SET detail = 'rewritten' WHERE seq = 2");
  Change("u-1", "user.update", "user", "u-1", "user u-1 v3");
  ++clock_;
  auto cp = WriteCheckpoint(c(), *signer_, At(clock_), kOrigin);
  ASSERT_FALSE(cp.has_value());
  EXPECT_EQ(cp.status().code(), base::StatusCode::kDataLoss);
  EXPECT_NE(cp.status().message(base::Lang::kEn).find("history rewritten"), std::string::npos)
      << cp.status().ToString();
  EXPECT_EQ(Count("audit_tree_head"), 1);
}

// Cutting events off the end leaves a tree longer than the log: nothing more is appended or
// signed until someone looks.
TEST_P(AuditLogTest, ATreeLongerThanTheLogStopsAppendsAndSigning) {
  BuildLog();
  DropGuards();
  Sql("DELETE FROM audit_event WHERE seq >= 7");
  auto tx = store::Transaction::Start(c());
  ASSERT_TRUE(tx.has_value());
  auto e = Append(c(), {At(50), "u-1", "user.update", "user", "u-1", "", ""});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.status().code(), base::StatusCode::kDataLoss);
  EXPECT_NE(e.status().message(base::Lang::kEn).find("truncated"), std::string::npos);
}

TEST(NoteTest, SignParseVerifyAndStrictness) {
  auto signer = Signer::FromSeed(Seed(7));
  ASSERT_TRUE(signer.has_value());
  merkle::MemoryTree t;
  t.Append(merkle::LeafHash("a"));
  const note::TreeHead head{std::string(kOrigin), 1, t.Root(1)};
  auto text = note::Sign(head, *signer, kOrigin);
  ASSERT_TRUE(text.has_value());
  // origin, size, base64 root, an empty line, one signature line.
  EXPECT_TRUE(text->starts_with("kikan.example/audit\n1\n"));
  EXPECT_NE(text->find("\n\n\xE2\x80\x94 kikan.example/audit "), std::string::npos);
  auto cp = note::Parse(*text);
  ASSERT_TRUE(cp.has_value()) << cp.status().ToString();
  EXPECT_EQ(cp->head, head);
  EXPECT_TRUE(note::Verify(*cp, kOrigin, signer->public_key()));
  auto other = Signer::FromSeed(Seed(8));
  EXPECT_FALSE(note::Verify(*cp, kOrigin, other->public_key()));
  EXPECT_FALSE(note::Verify(*cp, "another/origin", signer->public_key()));
  // A witness's cosignature is a second line over the same body.
  auto cosigned = note::AddSignature(*text, *other, "witness.example");
  ASSERT_TRUE(cosigned.has_value());
  auto both = note::Parse(*cosigned);
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->signatures.size(), 2u);
  EXPECT_TRUE(note::Verify(*both, "witness.example", other->public_key()));
  EXPECT_TRUE(note::Verify(*both, kOrigin, signer->public_key()));
  // Every byte of the body and the signature is covered: any change fails to parse or verify.
  for (size_t i = 0; i < text->size(); ++i) {
    std::string bad = *text;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto p = note::Parse(bad);
    EXPECT_FALSE(p.has_value() && note::Verify(*p, kOrigin, signer->public_key()))
        << "byte " << i << " changed and still verifies";
  }
  for (std::string_view bad : {"", "kikan\n1\n", "a\n01\nAA==\n\n\xE2\x80\x94 a AAAA\n"}) {
    EXPECT_FALSE(note::Parse(bad).has_value()) << bad;
  }
  EXPECT_FALSE(note::Sign({"", 1, head.root}, *signer, kOrigin).has_value());
  EXPECT_FALSE(note::Sign(head, *signer, "has space").has_value());
}

INSTANTIATE_TEST_SUITE_P(Store, AuditLogTest, ::testing::Values("Memory", "File", "Postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace kikan::audit
