// Audit events and their bytes: the canonical framing of an event, the hash chain rule, state
// hashes and the checkpoint message, exactly as docs/formats/audit-log.md §3–§6 define them.
// Everything here is pure (no database, no key file); the persistence is in audit/log.h and the
// checks in audit/verify.h.
//
// Byte strings are std::string (raw bytes); hashes as text are 64 lowercase hex digits. All
// functions are thread-safe (libsodium is initialised once, on first use, with std::call_once).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/hex.h"
#include "base/status.h"

namespace kikan::audit {

// A BLAKE2b-256 digest, raw.
using Digest = std::array<uint8_t, 32>;

// Initialises libsodium once per process (std::call_once); every function that uses it calls
// this. KIKAN_CHECKs that initialisation succeeded.
void InitSodium();

// What the caller supplies for one event (docs/formats/audit-log.md §2).
struct EventInput {
  std::string at;      // RFC 3339 UTC from the caller's injected clock: 2026-11-30T11:08:21.123Z
  std::string actor;   // a user id, or "system"
  std::string action;  // "filing.submit"
  std::string object_type;  // "filing"
  std::string object_id;    // "f-2026-0042"
  std::string state_hash;   // HashState of the object's state after the change; "" when deleted
  std::string detail;       // ids and hashes only, e.g. "filing_hash=…;pack=ports@2025-04"

  friend bool operator==(const EventInput&, const EventInput&) = default;
};

// An event as stored: its position in the chain and its hashes (hex).
struct Event : EventInput {
  int64_t seq = 0;
  std::string prev_hash;  // hash of event seq-1; 64 zeros for seq 1
  std::string hash;       // the chain hash of this event

  friend bool operator==(const Event&, const Event&) = default;
};

// A signed chain head, as stored (docs/formats/audit-log.md §6). Text fields are hex.
struct Checkpoint {
  int64_t seq = 0;         // the head event's seq; 0 for an empty log
  std::string head_hash;   // that event's hash; 64 zeros for seq 0
  std::string at;          // when it was signed, RFC 3339 UTC
  std::string key_id;      // 16 hex
  std::string public_key;  // 64 hex (raw 32-byte Ed25519 key)
  std::string signature;   // 128 hex

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The domain-separation tags of the three hashed or signed messages.
inline constexpr std::string_view kEventTag = "kikan/audit/event/v1";
inline constexpr std::string_view kStateTag = "kikan/audit/state/v1";
inline constexpr std::string_view kCheckpointTag = "kikan/audit/checkpoint/v1";
// The tag of an event's leaf in the Merkle tree (§9).
inline constexpr std::string_view kLeafTag = "kikan/audit/leaf/v1";

// 64 zeros: the prev_hash of event 1 and the head of an empty log.
inline constexpr std::string_view kZeroHashHex =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Hex as everywhere in Kikan (base/hex.h).
using base::FromHex;
using base::ToHex;

// A 32-byte digest from 64 lowercase hex digits; nullopt otherwise.
std::optional<Digest> DigestFromHex(std::string_view hex);
// True when `s` is 64 lowercase hex digits.
bool IsHashHex(std::string_view s);

// BLAKE2b-256 of `bytes` (no key).
Digest Blake2b256(std::string_view bytes);

// True when `at` is an RFC 3339 UTC time as docs/formats/audit-log.md §3.1 requires:
// YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z, a real date in years 1..9999, no leap second.
bool IsRfc3339Utc(std::string_view at);

// The hex BLAKE2b-256 of an object's canonical state, with the state tag:
// hex(BLAKE2b-256(str(kStateTag) || canonical_state)).
std::string HashState(std::string_view canonical_state);

// The canonical frame of event `seq` (§4): u64(seq) || str(at) || str(actor) || str(action) ||
// str(object_type) || str(object_id) || str(state_hash) || str(detail). `seq` must be >= 0.
std::string EventFrame(int64_t seq, const EventInput& in);

// The data of event `seq`'s leaf in the Merkle tree (§9): str(kLeafTag) || frame. Its leaf hash
// is merkle::LeafHash of these bytes (SHA-256 with the RFC 9162 leaf prefix).
std::string EventLeaf(int64_t seq, const EventInput& in);

// The chain hash: BLAKE2b-256(str(kEventTag) || prev || frame).
Digest ChainHash(const Digest& prev, std::string_view frame);

// The hex chain hash of event `seq` with the given fields after `prev`.
std::string EventHash(const Digest& prev, int64_t seq, const EventInput& in);

// The checkpoint message (§6): str(kCheckpointTag) || u64(seq) || head || str(at) || str(key_id).
std::string CheckpointMessage(int64_t seq, const Digest& head, std::string_view at,
                              std::string_view key_id);

// Checks the fields of an event the caller wants to append: `at` as IsRfc3339Utc; actor,
// action, object_type and object_id not empty; state_hash "" or 64 lowercase hex.
// Errors: kInvalidArgument naming the field and its value.
base::Status ValidateEventInput(const EventInput& in);

}  // namespace kikan::audit
