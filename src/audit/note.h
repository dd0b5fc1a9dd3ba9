// Checkpoints of the Merkle tree as C2SP signed notes (docs/formats/audit-log.md §10): the
// `tlog-checkpoint` body (origin line, tree size, base64 root hash) signed by Ed25519 signature
// lines of the `signed-note` format (C2SP signed-note: "— <name> <base64(key hash || signature)>",
// key hash = the first four bytes of SHA-256(name || "\n" || 0x01 || public key)).
//
// Pure; thread-safe. Parsing is strict: a note that is not exactly what Format would write for its
// fields (extra spaces, missing final newline, a non-canonical number or base64) is refused, so
// that one checkpoint has one text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/merkle.h"
#include "audit/signer.h"
#include "base/status.h"

namespace kikan::audit::note {

// What a checkpoint states: which log, how many leaves, the head.
struct TreeHead {
  std::string origin;  // one line, not empty, no control characters
  uint64_t size = 0;
  merkle::Hash root{};
  friend bool operator==(const TreeHead&, const TreeHead&) = default;
};

// One signature line.
struct Signature {
  std::string name;  // the key's name (Kikan names its keys by the origin)
  std::array<uint8_t, 4> key_hash{};
  std::string signature;  // raw bytes (64 for Ed25519)
};

// A parsed note: its signed text (the body, ending in "\n"), what the body states, and its
// signature lines in order.
struct Checkpoint {
  std::string body;
  TreeHead head;
  std::vector<Signature> signatures;
};

// The body: "<origin>\n<size>\n<base64 root>\n".
std::string Body(const TreeHead& head);

// The Ed25519 key hash of signed notes for a key named `name`.
std::array<uint8_t, 4> KeyHash(std::string_view name, std::span<const uint8_t> public_key);

// The note of `head` signed by `signer` under the name `key_name`: the body, an empty line, the
// signature line. Errors: kInvalidArgument when the origin or key name is empty, has a space
// (names only), a newline or another control character.
base::Result<std::string> Sign(const TreeHead& head, const Signer& signer,
                               std::string_view key_name);

// Adds a signature line to a signed note (a witness's cosignature): the body stays the same.
// Errors: as Sign; kInvalidArgument when `signed_note` does not parse.
base::Result<std::string> AddSignature(std::string_view signed_note, const Signer& signer,
                                       std::string_view key_name);

// Parses a signed checkpoint. Errors: kInvalidArgument naming the line and what is wrong.
base::Result<Checkpoint> Parse(std::string_view text);

// True when one of the note's signature lines is a valid signature of its body by the Ed25519
// key `public_key` (32 bytes) named `name`.
bool Verify(const Checkpoint& cp, std::string_view name, std::span<const uint8_t> public_key);

// Base64 (RFC 4648, with padding) and back; nullopt for anything but canonical base64.
std::string Base64(std::string_view bytes);
std::optional<std::string> FromBase64(std::string_view text);

}  // namespace kikan::audit::note
