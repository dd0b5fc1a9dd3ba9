// Verifying the audit log of a Kikan database: the chain and signatures (audit::Verify) plus the
// comparison of every stored object — operators, designations, users, filings, equipment — with the
// state hash of its latest event. Used by `kikan audit verify` and `GET /api/v1/audit/verify`.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "audit/verify.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::service {

// Every migration of a Kikan database, in version order (audit, auth, register, filings,
// equipment).
std::vector<store::Migration> AllMigrations();

// Runs in one transaction on `c` so objects are compared at one instant. Errors: the store's,
// kInvalidArgument for a malformed trusted key.
base::Result<audit::VerifyReport> VerifyDatabase(store::Connection& c,
                                                 std::span<const std::string> trusted_keys);

}  // namespace kikan::service
