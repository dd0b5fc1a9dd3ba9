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
#include "audit/signer.h"
#include "audit/verify.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::audit {

// The audit migrations (versions 100–199): 100 creates audit_event and audit_checkpoint
// (STRICT on SQLite; BIGINT/TEXT on PostgreSQL) with append-only triggers.
std::span<const store::Migration> Migrations();

// Appends an event after the current head, inside the caller's transaction (KIKAN_CHECKs
// c.InTransaction(): the event must commit with the change it records). Returns the stored
// event. Errors: kInvalidArgument (as ValidateEventInput), kDataLoss (the head row's hash is not
// 64 lowercase hex), and the store's errors — kAlreadyExists when a concurrent transaction took
// the same seq (PostgreSQL; retry the whole transaction).
base::Result<Event> Append(store::Connection& c, const EventInput& in);

// Signs the current head (seq, hash) at time `at` and records the checkpoint. Runs in the
// caller's transaction if one is open, otherwise in its own. When the head has not moved since
// the last checkpoint, writes nothing and returns that checkpoint. Errors: kInvalidArgument (`at`
// is not RFC 3339 UTC), kDataLoss (the head row's hash is malformed, or the last checkpoint is
// ahead of the head or signed another hash at the head's seq: the log was truncated or
// rewritten), and the store's errors.
base::Result<Checkpoint> WriteCheckpoint(store::Connection& c, const Signer& s, std::string at);

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
