// The audit log in the database (docs/formats/audit-log.md): its migrations, appending an event
// inside the caller's transaction, writing a signed checkpoint, and verifying the whole log.
// Storage goes through the store port (store/db.h), so the same code runs on SQLite and
// PostgreSQL.
//
// The functions hold no state; each uses the Connection it is given, which (like every
// Connection) belongs to one thread at a time.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "audit/event.h"
#include "audit/merkle.h"
#include "audit/note.h"
#include "audit/signer.h"
#include "audit/verify.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::audit {

// The audit migrations (versions 100–199): 100 creates audit_event and audit_checkpoint
// (STRICT on SQLite; BIGINT/TEXT on PostgreSQL) with append-only triggers; 101 the Merkle tree
// (audit_tree: every complete subtree's hash) and its signed heads (audit_tree_head), both
// append-only. A log written before 101 gets its tree from its events on the first Append or
// WriteCheckpoint (SyncTree): the chain and its old checkpoints verify as before.
std::span<const store::Migration> Migrations();

// Appends an event after the current head, inside the caller's transaction (KIKAN_CHECKs
// c.InTransaction(): the event must commit with the change it records), and its leaf to the
// Merkle tree (SyncTree first when the tree lags the events). Returns the stored event. Errors:
// kInvalidArgument (as ValidateEventInput), kDataLoss (the head row's hash is not 64 lowercase
// hex), and the store's errors — kAlreadyExists when a concurrent transaction took the same seq
// (PostgreSQL; retry the whole transaction).
base::Result<Event> Append(store::Connection& c, const EventInput& in);

// Signs the current head (seq, hash) at time `at` and records the checkpoint; with an origin,
// also the Merkle tree head of the same events as a signed note (note::Sign, key named by the
// origin; audit_tree_head), unless that size is already signed. Runs in the
// caller's transaction if one is open, otherwise in its own. When the head has not moved since
// the last checkpoint, writes nothing and returns that checkpoint. Errors: kInvalidArgument (`at`
// is not RFC 3339 UTC), kDataLoss (the head row's hash is malformed, or the last checkpoint is
// ahead of the head or signed another hash at the head's seq: the log was truncated or
// rewritten), and the store's errors.
// Before signing a new tree head it checks the last one signed against the stored tree (its
// root recomputed at its size): kDataLoss, and nothing signed, when the log no longer extends
// what was published.
base::Result<Checkpoint> WriteCheckpoint(store::Connection& c, const Signer& s, std::string at,
                                         std::string_view origin = {});

// --- the Merkle tree (docs/formats/audit-log.md §9–§10) ----------------------------------------

// The number of leaves in the stored tree (events seq 1..size are leaves 0..size-1).
base::Result<uint64_t> TreeSize(store::Connection& c);

// Extends the stored tree to every event, inside the caller's transaction (KIKAN_CHECKs it).
// Errors: kDataLoss when the stored tree has more leaves than there are events (the log was cut
// after its tree was written); the store's errors.
base::Status SyncTree(store::Connection& c);

// Read from the stored tree, for sizes up to TreeSize (kOutOfRange beyond it, naming both; and
// for an index not below the size). Each reads at most 2·log2(size) stored subtrees.
base::Result<merkle::Hash> TreeRoot(store::Connection& c, uint64_t size);
base::Result<merkle::Hash> TreeLeaf(store::Connection& c, uint64_t index);
base::Result<std::vector<merkle::Hash>> TreeInclusionProof(store::Connection& c, uint64_t index,
                                                           uint64_t size);
base::Result<std::vector<merkle::Hash>> TreeConsistencyProof(store::Connection& c, uint64_t from,
                                                             uint64_t to);

// A signed tree head as stored: its size, root (hex), when, the signing key's id, the note.
struct TreeHeadRow {
  uint64_t size = 0;
  std::string root_hash;
  std::string at;
  std::string key_id;
  std::string note;
};

// The newest signed tree head, or nullopt. Errors: the store's.
base::Result<std::optional<TreeHeadRow>> LastTreeHead(store::Connection& c);

// The last checkpoint written, or nullopt when there is none (values as stored, unchecked).
// Errors: the store's.
base::Result<std::optional<Checkpoint>> LastCheckpoint(store::Connection& c);

// The sequence number of the last event (0 for an empty log): a change stamp, since every change
// appends an event. Errors: the store's.
base::Result<int64_t> HeadSeq(store::Connection& c);

// Which events to list: oldest first after `after`, or, with `before`, newest first below it;
// each filter an equality on its column when not empty.
struct EventQuery {
  int64_t after = 0;
  std::optional<int64_t> before;
  int64_t limit = 100;  // clamped to 1..1000
  std::string object_type;
  std::string object_id;
  std::string action;
  std::string actor;
};

// The events `q` selects, as stored (unverified). Errors: the store's.
base::Result<std::vector<Event>> ListEvents(store::Connection& c, const EventQuery& q);

// Verifies the log in the database (docs/formats/audit-log.md §7), reading events in pages.
// With no trusted keys, checkpoint signatures are checked against the keys recorded in the
// database and the report says so (trusted_key = false). Appends only add rows at the end, so
// reading in pages sees a consistent prefix; on a live database, call it inside a transaction
// (and let `lookup` and `list` use the same connection) so that objects are compared at one
// instant. Errors: kInvalidArgument (a trusted key is not 64 lowercase hex digits), the store's
// errors, and those of `lookup` and `list`.
base::Result<VerifyReport> Verify(store::Connection& c, const StateLookup& lookup,
                                  const ObjectLister& list,
                                  std::span<const std::string> trusted_public_keys_hex);

}  // namespace kikan::audit
