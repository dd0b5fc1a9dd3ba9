#include "audit/signer.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/check.h"

namespace kikan::audit {
namespace {

constexpr std::string_view kKeyFileHeader = "kikan-audit-ed25519-seed-v1 ";

std::string ErrnoText(int err) { return std::strerror(err); }

base::Status Unavailable(const std::string& path, std::string_view what, int err) {
  return base::Unavailable(
      {.ja = "監査署名鍵 " + path + ": " + std::string(what) + " できません: " + ErrnoText(err),
       .en =
           "audit signing key " + path + ": cannot " + std::string(what) + ": " + ErrnoText(err)});
}

base::Status NotAKeyFile(const std::string& path, std::string_view why) {
  return base::DataLoss(
      {.ja = "監査署名鍵 " + path + " は Kikan の鍵ファイルではありません (" + std::string(why) +
             ")。\"kikan-audit-ed25519-seed-v1 <64桁16進>\" の1行が必要です",
       .en = "audit signing key " + path + " is not a Kikan key file (" + std::string(why) +
             "); expected one line \"kikan-audit-ed25519-seed-v1 <64 hex>\""});
}

// Reads the whole file at `fd` (at most `limit` bytes; more is reported as too long).
base::Result<std::string> ReadAll(int fd, const std::string& path, size_t limit) {
  std::string out;
  char buf[256];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Unavailable(path, "read", errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) return NotAKeyFile(path, "too long");
  }
  return out;
}

base::Result<Signer> Load(const std::string& path, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Unavailable(path, "stat", errno);
  if (!S_ISREG(st.st_mode)) return NotAKeyFile(path, "not a regular file");
  if ((st.st_mode & 0077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return base::FailedPrecondition(
        {.ja = "監査署名鍵 " + path + " が他のユーザーから参照できます (mode " + mode +
               ")。chmod 600 " + path + " を実行してください",
         .en = "audit signing key " + path + " is accessible to other users (mode " + mode +
               "); run: chmod 600 " + path});
  }
  KIKAN_ASSIGN_OR_RETURN(std::string text, ReadAll(fd, path, 4096));
  std::string_view v = text;
  if (!v.starts_with(kKeyFileHeader)) return NotAKeyFile(path, "bad header");
  v.remove_prefix(kKeyFileHeader.size());
  if (v.ends_with('\n')) v.remove_suffix(1);
  auto seed = FromHex(v, Signer::kSeedSize);
  sodium_memzero(text.data(), text.size());
  if (!seed) return NotAKeyFile(path, "the seed is not 64 lowercase hex digits");
  auto signer =
      Signer::FromSeed(std::span(reinterpret_cast<const uint8_t*>(seed->data()), seed->size()));
  sodium_memzero(seed->data(), seed->size());
  return signer;
}

// Writes a new key file: a temporary 0600 file in the same directory, linked to `path` (link
// fails if another process created `path` meanwhile; then that key is loaded instead).
base::Status Create(const std::string& path) {
  InitSodium();
  std::array<uint8_t, Signer::kSeedSize> seed{};
  randombytes_buf(seed.data(), seed.size());
  std::string line =
      std::string(kKeyFileHeader) +
      ToHex(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size())) + "\n";
  sodium_memzero(seed.data(), seed.size());

  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) {
    int err = errno;
    sodium_memzero(line.data(), line.size());
    return Unavailable(path, "create", err);
  }
  base::Status status;
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      status = Unavailable(path, "write", errno);
      break;
    }
    done += static_cast<size_t>(n);
  }
  sodium_memzero(line.data(), line.size());
  if (status.ok() && ::fchmod(fd, 0600) != 0) status = Unavailable(path, "chmod", errno);
  if (status.ok() && ::fsync(fd) != 0) status = Unavailable(path, "sync", errno);
  ::close(fd);
  if (status.ok() && ::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    status = Unavailable(path, "create", errno);
  }
  ::unlink(tmp.c_str());
  return status;
}

}  // namespace

base::Result<Signer> Signer::LoadOrCreate(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      auto signer = Load(path, fd);
      ::close(fd);
      return signer;
    }
    if (errno != ENOENT || attempt > 0) return Unavailable(path, "open", errno);
    KIKAN_TRY(Create(path));
  }
  return Unavailable(path, "open", ENOENT);  // not reached
}

base::Result<Signer> Signer::FromSeed(std::span<const uint8_t> seed) {
  if (seed.size() != kSeedSize) {
    return base::InvalidArgument(
        {.ja = "Ed25519 のシードは32バイトですが " + std::to_string(seed.size()) + " バイトです",
         .en = "an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size())});
  }
  Signer s;
  s.Derive(seed);
  return s;
}

void Signer::Derive(std::span<const uint8_t> seed) {
  InitSodium();
  KIKAN_CHECK(crypto_sign_seed_keypair(public_key_.data(), secret_key_.data(), seed.data()) == 0);
  key_id_ = KeyIdOf(public_key_);
}

Signer::Signer(Signer&& o) noexcept
    : secret_key_(o.secret_key_), public_key_(o.public_key_), key_id_(std::move(o.key_id_)) {
  sodium_memzero(o.secret_key_.data(), o.secret_key_.size());
}

Signer& Signer::operator=(Signer&& o) noexcept {
  if (this != &o) {
    secret_key_ = o.secret_key_;
    public_key_ = o.public_key_;
    key_id_ = std::move(o.key_id_);
    sodium_memzero(o.secret_key_.data(), o.secret_key_.size());
  }
  return *this;
}

Signer::~Signer() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::array<uint8_t, Signer::kSignatureSize> Signer::Sign(std::string_view message) const {
  std::array<uint8_t, kSignatureSize> sig{};
  KIKAN_CHECK(crypto_sign_detached(sig.data(), nullptr,
                                   reinterpret_cast<const unsigned char*>(message.data()),
                                   message.size(), secret_key_.data()) == 0);
  return sig;
}

std::string KeyIdOf(std::span<const uint8_t> public_key) {
  Digest d = Blake2b256(
      std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
  return ToHex(d).substr(0, 16);
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  InitSodium();
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace kikan::audit
