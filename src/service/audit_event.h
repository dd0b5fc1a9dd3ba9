// The one way a use case records what it did in the audit log (docs/formats/audit-log.md §2):
// an event appended in the caller's transaction, so that it commits or rolls back with the change
// it records. Every service writer (register, filings, equipment, supply, the demo seed) uses it.
// Thread-compatible; uses the one connection given.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::service {

// Appends event `action` (e.g. "filing.submit") by `actor` (a user id, or "system") at `now` on
// object `type`/`id`, with `state_hash` (audit::HashState of the object's canonical state after
// the change; "" when it was deleted) and `detail` (ids and hashes only). Errors: the audit log's
// (kFailedPrecondition outside a transaction), the store's.
base::Status RecordEvent(store::Connection& c, std::string_view actor, base::Instant now,
                         std::string_view action, std::string_view type, std::string_view id,
                         std::string state_hash, std::string detail = {});

}  // namespace kikan::service
