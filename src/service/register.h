// The register (登録簿): the operators known to Kikan and their designations as 特定社会基盤事業者,
// stored through the storage port. A designation names the operator and the business, and keeps
// the date, the official gazette reference (官報), the criteria version that applied, the date
// from which the filing duty applies (computed by calendar::FilingDutyTransition, with its legal
// basis) and, when cancelled, the date and the reason (指定の解除).
//
// Every write takes a connection already inside a transaction and appends its audit event
// (service/state.h gives each object's canonical state) in that same transaction, so a failed
// request leaves nothing behind. Pure functions of their arguments otherwise; thread-compatible.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/date.h"
#include "base/ids.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::service {

// Versions 300–399 of the combined migration list.
std::span<const store::Migration> RegisterMigrations();

struct Operator {
  base::OperatorId id;           // "kamigumi" (the datasets' ids)
  std::string corporate_number;  // 法人番号 (13 digits, check digit valid) or empty = unknown
  std::string name_ja;
  std::string name_en;
  std::string prefecture;  // head office, or empty = unknown
};

struct Designation {
  int64_t id = 0;
  base::OperatorId operator_id;
  base::BusinessId business;
  base::Date designated_on;
  std::string gazette_ref;       // 官報 reference, or empty when not recorded
  std::string criteria_version;  // the pack's criteria version that applied
  base::Date duty_from;          // the day the filing duty applies (after the 6-month transition)
  std::optional<base::Date> revoked_on;
  std::string revocation_reason;
  std::vector<std::string> sites;  // where the designation applies, e.g. harbour ids (may be empty)
  // Joined for display.
  std::string operator_name_ja, operator_name_en, corporate_number, prefecture;
};

struct Actor {
  std::string user_id;  // "system" for the demo seed and migrations
};

// Adds or updates an operator (matched by id). Errors: kInvalidArgument (empty id or name, a
// 法人番号 whose check digit is wrong, naming it), and SQL errors.
base::Status PutOperator(store::Connection& c, const Operator& op, const Actor& actor,
                         base::Instant now);

// Records a designation. duty_from is computed here. Errors: kNotFound (unknown operator),
// kAlreadyExists (the operator is already designated for that business and not revoked),
// kInvalidArgument (an empty business or criteria version).
base::Result<Designation> Designate(store::Connection& c, Designation d, const Actor& actor,
                                    base::Instant now);

// Cancels a designation (指定の解除). Errors: kNotFound, kFailedPrecondition (already revoked,
// or a revocation date before the designation), kInvalidArgument (no reason).
base::Result<Designation> Revoke(store::Connection& c, int64_t id, base::Date on,
                                 std::string reason, const Actor& actor, base::Instant now);

struct DesignationQuery {
  std::vector<base::BusinessId> businesses;  // empty = all
  base::OperatorId operator_id;              // empty = all
  std::string text;                          // substring of the name ja/en or the 法人番号
  bool include_revoked = false;

  static DesignationQuery ForOperator(base::OperatorId id) {
    DesignationQuery q;
    q.operator_id = std::move(id);
    return q;
  }
  static DesignationQuery ForBusiness(base::BusinessId business) {
    DesignationQuery q;
    q.businesses.push_back(std::move(business));
    return q;
  }
};

// Designations ordered by business, then operator name (ja). Errors: SQL errors.
base::Result<std::vector<Designation>> ListDesignations(store::Connection& c,
                                                        const DesignationQuery& q);
base::Result<Designation> GetDesignation(store::Connection& c, int64_t id);
base::Result<Operator> GetOperator(store::Connection& c, std::string_view id);
base::Result<std::vector<Operator>> ListOperators(store::Connection& c);

// The canonical state text of each object kind, for the audit log's state hash.
std::string CanonicalState(const Operator& op);
std::string CanonicalState(const Designation& d);

}  // namespace kikan::service
