// `kikan audit proof`, `audit public-key` and `audit verify-proof` as the issue states them, on a
// database made by `kikan demo seed`: a proof of an event verifies with the public key alone, a
// proof with any byte changed fails with exit 5, a wrong key fails, and an event that does not
// exist is a clear error.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

namespace fs = std::filesystem;

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kikan-audit-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    CliRun seed = Kikan("demo seed --db " + Db() + " --insecure-fast-password-hashing");
    ASSERT_EQ(seed.exit_code, 0) << seed.err;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Db() const { return "sqlite:" + (dir_ / "demo.db").string(); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(AuditCliTest, AProofVerifiesWithThePublicKeyAndNoByteCanChange) {
  CliRun proof = Kikan("audit proof --db " + Db() + " --event 5");
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  std::ofstream(Path("proof.json"), std::ios::binary) << proof.out;
  // The log was never signed: the proof signed its head first, and published it beside the db.
  EXPECT_TRUE(fs::exists(Path("demo.db.checkpoints")));
  CliRun key = Kikan("audit public-key --db " + Db());
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hex = key.out.substr(0, 64);
  ASSERT_EQ(key.out, hex + "\n");
  CliRun ok = Kikan("--lang en audit verify-proof " + Path("proof.json") + " --public-key " + hex);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("OK: event 5"), std::string::npos) << ok.out;

  std::ifstream in(Path("proof.json"), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // A sample of positions over the whole file (every byte is checked in the service's test).
  for (size_t i = 0; i < text.size(); i += 53) {
    std::string bad = text;
    bad[i] = static_cast<char>(bad[i] ^ 0x04);
    std::ofstream(Path("bad.json"), std::ios::binary) << bad;
    CliRun r = Kikan("audit verify-proof " + Path("bad.json") + " --public-key " + hex);
    EXPECT_EQ(r.exit_code, 5) << "byte " << i;
  }
  // Another key: not verified. A key that is not one: a usage error naming it.
  CliRun other =
      Kikan("audit verify-proof " + Path("proof.json") + " --public-key " + std::string(64, 'a'));
  EXPECT_EQ(other.exit_code, 5);
  CliRun junk = Kikan("--lang en audit verify-proof " + Path("proof.json") + " --public-key xyz");
  EXPECT_NE(junk.exit_code, 0);
  EXPECT_NE(junk.exit_code, 5);
  EXPECT_NE(junk.err.find("--public-key xyz"), std::string::npos) << junk.err;
  // The key as a file works too.
  std::ofstream(Path("key.pub")) << hex << "\n";
  EXPECT_EQ(Kikan("audit verify-proof " + Path("proof.json") + " --public-key " + Path("key.pub"))
                .exit_code,
            0);
}

// `audit verify --checkpoint FILE`: a log shorter than a checkpoint saved earlier, or not
// extending it, fails with exit 5 naming what differs.
TEST_F(AuditCliTest, VerifyHoldsTheLogToASavedCheckpoint) {
  ASSERT_EQ(Kikan("audit proof --db " + Db() + " --event 1").exit_code, 0);  // signs the head
  fs::copy_file(Path("demo.db.checkpoints"), Path("saved.txt"));
  const std::string key = Kikan("audit public-key --db " + Db()).out.substr(0, 64);
  CliRun ok = Kikan("--lang en audit verify --db " + Db() + " --checkpoint " + Path("saved.txt") +
                    " --public-key " + key);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  // Cut the log and every checkpoint and tree head the database holds, as someone with the
  // database would (the triggers dropped first): no checkpoint in the database shows it any more
  ASSERT_EQ(
      std::system(("sqlite3 " + (dir_ / "demo.db").string() +
                   " 'DROP TRIGGER audit_event_no_delete; DROP TRIGGER "
                   "audit_checkpoint_no_delete; DROP TRIGGER audit_tree_no_delete; DROP "
                   "TRIGGER audit_tree_head_no_delete; DELETE FROM audit_event WHERE seq > 90; "
                   "DELETE FROM audit_checkpoint; DELETE FROM audit_tree; DELETE FROM "
                   "audit_tree_head;'")
                      .c_str()),
      0);
  // (only the objects those events made still show it), but the checkpoint saved earlier does.
  CliRun r = Kikan("--lang en audit verify --db " + Db() + " --checkpoint " + Path("saved.txt"));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.out.find("holds 90 events in sequence, fewer than the saved checkpoint's"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[checkpoint.truncated]"), std::string::npos) << r.out;
}

TEST_F(AuditCliTest, AnEventThatDoesNotExistIsNamed) {
  CliRun r = Kikan("--lang en audit proof --db " + Db() + " --event 99999");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no event 99999"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace kikan::testing
