// The equipment inventory use cases (issue 4 §2): an operator's staff add, change and remove the
// systems of their operator (service/equipment.h stores them); reviewers and staff list them
// within their scope. Each write opens and commits its own transaction, checks the record there
// (CheckEquipment: the operator's designations, the pack's functions, the parties) and appends
// its audit event there.
//
// Who may change which operator's inventory is the adapter's decision (auth::Authorize) before
// the call. Thread-compatible; each call uses the one connection given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/status.h"
#include "service/env.h"
#include "service/equipment.h"
#include "store/db.h"

namespace kikan::service {

// Adds `record` to its operator's inventory. With `business_given` false the business is the
// operator's only designation. Errors: kInvalidArgument with field errors (/business unnamed
// with several or no designations; every problem CheckEquipment finds), kNotFound, the store's.
base::Result<EquipmentRecord> AddEquipment(store::Connection& c, const Env& env,
                                           const auth::Principal& caller, EquipmentRecord record,
                                           bool business_given);

// Replaces the contents of record `id` (operator, creator and creation time kept). Errors: as
// AddEquipment, kNotFound.
base::Result<EquipmentRecord> ChangeEquipment(store::Connection& c, const Env& env,
                                              const auth::Principal& caller, std::string_view id,
                                              EquipmentRecord record);

// Removes record `id` and its components. Errors: kNotFound, the store's.
base::Status RemoveEquipment(store::Connection& c, const Env& env, const auth::Principal& caller,
                             std::string_view id);

// The records of `operator_id` the caller may see (auth::Scope, applied in SQL), by name.
// Errors: the store's, kDataLoss.
base::Result<std::vector<EquipmentRecord>> VisibleEquipment(store::Connection& c,
                                                            const auth::Principal& caller,
                                                            const base::OperatorId& operator_id);

}  // namespace kikan::service
