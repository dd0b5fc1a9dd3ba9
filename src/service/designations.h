// The designation use cases (指定・指定の解除, 法第50条・第51条): the designation engine proposes
// who meets the criteria in force at a date against the register; a reviewer of the business's
// ministry designates an operator that meets them (the operator enters the register from the
// business's dataset when it is not there yet) or cancels a designation with its date and reason.
// Each write opens and commits its own transaction and appends its audit events there.
//
// Who may propose, designate or cancel is the adapter's decision (auth::Authorize with the
// business) before the call. Thread-compatible; each call uses the one connection given.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/policy.h"
#include "base/date.h"
#include "base/ids.h"
#include "base/status.h"
#include "registry/dataset.h"
#include "registry/engine.h"
#include "service/env.h"
#include "service/register.h"
#include "store/db.h"

namespace kikan::service {

// The engine's result for a business at a date, against the register.
struct DesignationProposals {
  std::shared_ptr<const registry::Dataset> dataset;
  registry::Evaluation evaluation;
  std::vector<size_t> propose;    // rows of the subject meeting the criteria, not designated
  std::vector<size_t> confirmed;  // rows meeting them and designated
  // Current designations whose operator is known no longer to meet them (法第51条); one whose
  // result is undetermined (a value the criteria need is missing) is not among them.
  std::vector<Designation> no_longer;
  std::vector<size_t> undetermined;  // rows whose result is undetermined, designated or not
};

// What the register must do with a designation in `no_longer`: 法第51条 「主務大臣は、特定社会基盤
// 事業者が前条第一項の主務省令で定める基準に該当しなくなったと認めるときは、同項の規定による指定を
// 解除するものとする。」 — revocation is required, not discretionary (「するものとする」), once the
// minister finds the criteria no longer met; its notice and publication follow Art. 50(2).
struct RevocationDuty {
  base::Text text;       // the action, for display
  std::string citation;  // 「経済安全保障推進法第51条」
  bool required = true;  // mandatory (not 「できる」)
};
const RevocationDuty& NoLongerMeetsRevocation();

// Evaluates the criteria of `business` in force at `date` (judged on the latest data when
// `date_given` is false) and compares the result with the register's current designations of
// it (registry::DiffRows). Errors: those of Env::DatasetOf and registry::Evaluate, the store's.
base::Result<DesignationProposals> ProposeDesignations(store::Connection& c, const Env& env,
                                                       const base::BusinessId& business,
                                                       base::Date date, bool date_given);

struct NewDesignation {
  base::OperatorId operator_id;
  base::BusinessId business;
  base::Date designated_on;
  std::string gazette_ref;  // 官報 reference; may be empty
};

// Designates an operator that meets the criteria in force at the designation date (adding it to
// the register from the dataset when absent), recording the criteria version that applied.
// Errors: kNotFound (unknown business or operator, with a field error at /operator),
// kFailedPrecondition (the operator does not meet the criteria, naming the version and its
// citation; or its result is undetermined, naming the values its data lacks), kAlreadyExists
// (already designated), those of Evaluate, the store's.
base::Result<Designation> DesignateOperator(store::Connection& c, const Env& env,
                                            const auth::Principal& caller, NewDesignation d);

// Cancels designation `id` on `on` for `reason`. Errors: those of Revoke (kNotFound,
// kFailedPrecondition, kInvalidArgument), the store's.
base::Result<Designation> CancelDesignation(store::Connection& c, const Env& env,
                                            const auth::Principal& caller, int64_t id,
                                            base::Date on, std::string reason);

}  // namespace kikan::service
