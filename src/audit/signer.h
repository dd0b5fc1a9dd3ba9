// The Ed25519 key that signs audit checkpoints (docs/formats/audit-log.md §5): loaded from (or
// created in) a 0600 key file holding the 32-byte seed, or made from a seed in tests.
//
// A Signer owns its secret key (wiped with sodium_memzero on destruction); it is move-only.
// Signing is const and thread-safe; a Signer may be shared by threads once constructed.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "audit/event.h"
#include "base/status.h"

namespace kikan::audit {

class Signer {
 public:
  static constexpr size_t kSeedSize = 32;
  static constexpr size_t kPublicKeySize = 32;
  static constexpr size_t kSignatureSize = 64;

  // Loads the key file at `path`, or creates it with a new random seed (mode 0600, written to a
  // temporary file in the same directory and linked into place) when it does not exist.
  // The file is one line: "kikan-audit-ed25519-seed-v1 <64 lowercase hex>\n".
  // Errors, each naming the path: kUnavailable (cannot read or create it: missing directory,
  // permissions), kFailedPrecondition (an existing file the group or others may access:
  // mode & 0077; "chmod 600 PATH"), kDataLoss (the file is not a key file of this format).
  static base::Result<Signer> LoadOrCreate(const std::string& path);

  // A signer from a 32-byte seed (tests, known-answer vectors).
  // Errors: kInvalidArgument when the seed is not 32 bytes.
  static base::Result<Signer> FromSeed(std::span<const uint8_t> seed);

  Signer(Signer&& o) noexcept;
  Signer& operator=(Signer&& o) noexcept;
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  ~Signer();

  // The first 16 hex digits of BLAKE2b-256 of the public key.
  const std::string& key_id() const { return key_id_; }
  // The raw 32-byte public key as 64 lowercase hex digits.
  std::string public_key_hex() const { return ToHex(public_key_); }
  const std::array<uint8_t, kPublicKeySize>& public_key() const { return public_key_; }

  // The detached Ed25519 signature of `message`.
  std::array<uint8_t, kSignatureSize> Sign(std::string_view message) const;

 private:
  Signer() = default;
  void Derive(std::span<const uint8_t> seed);

  std::array<uint8_t, 64> secret_key_{};  // libsodium's seed || public key
  std::array<uint8_t, kPublicKeySize> public_key_{};
  std::string key_id_;
};

// The key id of a raw 32-byte public key: the first 16 hex digits of hex(BLAKE2b-256(key)).
std::string KeyIdOf(std::span<const uint8_t> public_key);

// True when `signature` (64 bytes) is a valid Ed25519 signature of `message` by `public_key`
// (32 bytes). False for wrong sizes.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

}  // namespace kikan::audit
