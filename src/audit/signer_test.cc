#include "audit/signer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <numeric>

namespace kikan::audit {
namespace {

namespace fs = std::filesystem;

// A fresh temporary directory per test, removed afterwards.
class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kikan-audit-key-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const char* name) const { return (dir_ / name).string(); }
  static void Write(const std::string& path, const std::string& text, fs::perms perms) {
    std::ofstream(path) << text;
    fs::permissions(path, perms);
  }
  fs::path dir_;
};

TEST_F(KeyFileTest, CreatesA0600FileAndLoadsTheSameKey) {
  std::string path = Path("audit.key");
  auto a = Signer::LoadOrCreate(path);
  ASSERT_TRUE(a.has_value()) << a.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto b = Signer::LoadOrCreate(path);
  ASSERT_TRUE(b.has_value()) << b.status().ToString();
  EXPECT_EQ(a->public_key_hex(), b->public_key_hex());
  EXPECT_EQ(a->key_id(), b->key_id());
  EXPECT_EQ(a->key_id().size(), 16u);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_TRUE(line.starts_with("kikan-audit-ed25519-seed-v1 ")) << line;
  EXPECT_EQ(line.size(), 28u + 64u);
}

TEST_F(KeyFileTest, TwoNewKeysDiffer) {
  auto a = Signer::LoadOrCreate(Path("a.key"));
  auto b = Signer::LoadOrCreate(Path("b.key"));
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(a->public_key_hex(), b->public_key_hex());
}

TEST_F(KeyFileTest, LoadsASeedWritten) {
  std::string path = Path("k");
  Write(path, "kikan-audit-ed25519-seed-v1 " + std::string(64, '0') + "\n",
        fs::perms::owner_read | fs::perms::owner_write);
  auto loaded = Signer::LoadOrCreate(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.status().ToString();
  std::array<uint8_t, 32> zero{};
  auto direct = Signer::FromSeed(zero);
  ASSERT_TRUE(direct.has_value());
  EXPECT_EQ(loaded->public_key_hex(), direct->public_key_hex());
}

TEST_F(KeyFileTest, RefusesAFileOthersCanRead) {
  std::string path = Path("open.key");
  Write(path, "kikan-audit-ed25519-seed-v1 " + std::string(64, '0') + "\n",
        fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
            fs::perms::others_read);
  auto s = Signer::LoadOrCreate(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().en().find(path), std::string::npos);
  EXPECT_NE(s.status().en().find("chmod 600"), std::string::npos);
}

TEST_F(KeyFileTest, MalformedFilesAreDataLoss) {
  const auto perms = fs::perms::owner_read | fs::perms::owner_write;
  for (const std::string& text :
       {std::string(""), std::string("hello\n"),
        "kikan-audit-ed25519-seed-v1 " + std::string(63, '0') + "\n",
        "kikan-audit-ed25519-seed-v1 " + std::string(64, 'A') + "\n",
        "kikan-audit-ed25519-seed-v1 " + std::string(64, '0') + "\nmore\n"}) {
    std::string path = Path("bad.key");
    fs::remove(path);
    Write(path, text, perms);
    auto s = Signer::LoadOrCreate(path);
    ASSERT_FALSE(s.has_value()) << text;
    EXPECT_EQ(s.status().code(), base::StatusCode::kDataLoss) << text;
    EXPECT_NE(s.status().en().find(path), std::string::npos);
  }
}

TEST_F(KeyFileTest, MissingDirectoryIsUnavailable) {
  std::string path = Path("no/such/dir/audit.key");
  auto s = Signer::LoadOrCreate(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.status().code(), base::StatusCode::kUnavailable);
  EXPECT_NE(s.status().en().find(path), std::string::npos);
}

TEST(Signer, FromSeedChecksTheSize) {
  std::array<uint8_t, 31> short_seed{};
  auto s = Signer::FromSeed(short_seed);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.status().code(), base::StatusCode::kInvalidArgument);
}

TEST(Signer, SignaturesVerifyOnlyForTheirMessageAndKey) {
  std::array<uint8_t, 32> seed;
  std::iota(seed.begin(), seed.end(), uint8_t{7});
  auto s = Signer::FromSeed(seed);
  ASSERT_TRUE(s.has_value());
  auto sig = s->Sign("message");
  std::string sig_bytes(reinterpret_cast<const char*>(sig.data()), sig.size());
  std::string pk(reinterpret_cast<const char*>(s->public_key().data()), 32);
  EXPECT_TRUE(VerifySignature(pk, "message", sig_bytes));
  EXPECT_FALSE(VerifySignature(pk, "messagf", sig_bytes));
  std::string bad_sig = sig_bytes;
  bad_sig[0] ^= 1;
  EXPECT_FALSE(VerifySignature(pk, "message", bad_sig));
  std::string other_pk = pk;
  other_pk[5] ^= 1;
  EXPECT_FALSE(VerifySignature(other_pk, "message", sig_bytes));
  EXPECT_FALSE(VerifySignature(pk.substr(1), "message", sig_bytes));
  EXPECT_FALSE(VerifySignature(pk, "message", sig_bytes.substr(1)));
  EXPECT_EQ(s->key_id(), KeyIdOf(s->public_key()));

  // Moving keeps the key.
  std::string id = s->key_id();
  Signer moved = std::move(*s);
  EXPECT_EQ(moved.key_id(), id);
  EXPECT_TRUE(VerifySignature(pk, "x", [&] {
    auto m = moved.Sign("x");
    return std::string(reinterpret_cast<const char*>(m.data()), m.size());
  }()));
}

}  // namespace
}  // namespace kikan::audit
