// The operators' equipment register (issue 4 §2): each designated operator's inventory of its
// systems — name, purpose, the functions it has (the pack's function ids), location, components
// and the parties behind it (suppliers and maintenance contractors, with the facts a filing asks
// of them: filings::Party) — stored through the storage port. Whether a system is critical
// equipment (特定重要設備) is not stored: it is computed when asked (regime::Classify), because
// it depends on the definition in force at the date asked about.
//
// Every write takes a connection already inside a transaction, checks the record (CheckEquipment)
// and appends its audit event (object_type "equipment", the hash of CanonicalState; "" on
// deletion) in that same transaction, so a failed request leaves nothing behind; the use cases
// that open it are in service/inventory.h. Lists are filtered by an auth::ScopeFilter in SQL
// (auth::ScopeSql). Thread-compatible; each call uses one connection.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/lang.h"
#include "base/status.h"
#include "filings/model.h"
#include "regime/regime.h"
#include "service/register.h"
#include "store/db.h"

namespace kikan::service {

// Versions 320–329 of the combined migration list.
std::span<const store::Migration> EquipmentMigrations();

struct EquipmentRecord {
  std::string id;                // "e-" + 16 hex digits, random; set by CreateEquipment
  base::OperatorId operator_id;  // the register's operator
  base::BusinessId business;     // a business the operator is designated for
  std::string name;
  std::string purpose;
  std::vector<std::string> functions;  // function ids of the business's pack
  std::string location;
  std::string note;
  std::vector<filings::Component> components;  // supplier: the id of one of `suppliers`
  std::vector<filings::Party> suppliers;
  std::vector<filings::Party> maintenance_contractors;
  std::string created_by;  // user id
  base::Instant created_at;
  base::Instant updated_at;
  friend bool operator==(const EquipmentRecord&, const EquipmentRecord&) = default;
};

// Checks a record before it is stored: a name; a business the operator holds a current
// designation for (naming those it holds); every function id known to the business's pack
// (listing the pack's functions); party ids present and unique across suppliers and contractors;
// each party's name; a 法人番号 with a valid check digit (base::ValidateCorporateNumber);
// each component's supplier naming one of the suppliers. Returns every problem found (empty:
// fine), each at the JSON pointer of the request body that carries it ("/functions/2",
// "/suppliers/0/corporate_number"). Errors: the store's.
base::Result<std::vector<base::FieldError>> CheckEquipment(store::Connection& c,
                                                           const regime::Regime& regime,
                                                           const EquipmentRecord& record);

// Stores a new record for `record.operator_id` with a fresh id, created_by = actor, both times
// = now. Errors: kNotFound (unknown operator), kInvalidArgument (CheckEquipment found problems:
// the first is named, with the count, and every one is a field error), the store's.
base::Result<EquipmentRecord> CreateEquipment(store::Connection& c, const regime::Regime& regime,
                                              EquipmentRecord record, const Actor& actor,
                                              base::Instant now);

// Replaces the contents of record `id` (its id, operator, creator and creation time are kept;
// updated_at = now). Errors: kNotFound, kInvalidArgument as CreateEquipment, the store's.
base::Result<EquipmentRecord> UpdateEquipment(store::Connection& c, const regime::Regime& regime,
                                              std::string_view id, EquipmentRecord record,
                                              const Actor& actor, base::Instant now);

// Deletes record `id` and its components. Errors: kNotFound, the store's.
base::Status DeleteEquipment(store::Connection& c, std::string_view id, const Actor& actor,
                             base::Instant now);

// Errors: kNotFound naming the id; kDataLoss when the stored record does not decode.
base::Result<EquipmentRecord> GetEquipment(store::Connection& c, std::string_view id);

// The records of `operator_id` (all operators when empty) that `scope` covers, ordered by name
// then id. Errors: the store's, kDataLoss.
base::Result<std::vector<EquipmentRecord>> ListEquipment(store::Connection& c,
                                                         const base::OperatorId& operator_id,
                                                         const auth::ScopeFilter& scope);

// The audit log's canonical state of a record (every stored field, components and parties).
std::string CanonicalState(const EquipmentRecord& e);

}  // namespace kikan::service
