// What a caller may browse of the supply chain graph (issue 11 §6, §7; docs/supply-chain.md §6):
// the systems its scope sees, one system's graph, and suggestions for the reverse search. Every
// read applies the caller's scope in SQL (SupplySystemScopeSql, SupplyPartyScopeSql,
// SupplyOperatorScopeSql): a system outside it does not exist (kNotFound, the same answer as an
// unknown id), parties are those named by visible systems, and a visible system's users the
// scope may not name are counted, never named. Each call reads in one transaction.
// Thread-compatible; each call uses the one connection given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/status.h"
#include "service/supply.h"
#include "service/supply_match.h"
#include "service/supply_store.h"
#include "store/db.h"

namespace kikan::service {

struct SupplySystemSummary {
  supply::SystemId id;
  std::string name;
  std::string runner;
  base::OperatorId filed_by;  // empty when the scope may not name it
  std::string sample;
  int64_t components = 0;
  int64_t services = 0;
  int64_t sites = 0;
  std::vector<WhoUsesResult::OperatorRef> operators;  // users the scope may name, by id
  int other_operators = 0;                            // the users it may not name
};

// At most this many systems are listed (`truncated` beyond).
inline constexpr size_t kMaxListedSystems = 1000;

struct SupplySystemList {
  std::vector<SupplySystemSummary> systems;  // by id
  bool truncated = false;
};

// The systems `scope` sees. Errors: the store's.
base::Result<SupplySystemList> ListSupplySystems(store::Connection& c,
                                                 const auth::ScopeFilter& scope);

// A party node as the graph shows it, with the roles it has in the system.
struct GraphParty {
  std::string id;
  std::string name;
  std::string corporate_number;
  std::string country;
  std::vector<std::string> roles;  // "supplier", "manufacturer", "provider", "runner", sorted
  // How this system's mentions became this node: each text with its reason, score and the
  // reviewer's current decision (service/supply_match.h), by name.
  std::vector<PartyMatchGroup> matches;
};

struct SupplyGraph {
  SupplySystemSummary summary;
  SupplySystemState state;          // state.users: only those the scope may name
  std::vector<GraphParty> parties;  // by name, then id
  std::vector<std::pair<std::string, PartyLink>> links;  // between the listed parties
};

// System `id` with its inventory, parties, users and sites, as `scope` may see it. Errors:
// kNotFound (unknown or outside the scope: the same answer), the store's, kDataLoss.
base::Result<SupplyGraph> GetSupplyGraph(store::Connection& c, const supply::SystemId& id,
                                         const auth::ScopeFilter& scope);

struct SupplySuggestion {
  std::string kind;   // the who-uses query it makes: "purl", "cpe", "component", "supplier"
  std::string value;  // the query value ("pkg:npm/lodash", "MANUFACTURER/MODEL", a party name)
  std::string label;  // what to show
};

// Bounds of a suggestion request.
inline constexpr size_t kMaxSuggestQueryChars = 100;  // bytes of the query text
inline constexpr size_t kMaxSuggestions = 20;

// Suggestions for the reverse search whose component name, purl, cpe, model or party name
// contains `q` (case-insensitive for ASCII), from what `scope` sees only, distinct, at most
// kMaxSuggestions, parties first then components by label. Errors: kInvalidArgument (q empty or
// longer than kMaxSuggestQueryChars), the store's.
base::Result<std::vector<SupplySuggestion>> SuggestSupply(store::Connection& c, std::string_view q,
                                                          const auth::ScopeFilter& scope);

}  // namespace kikan::service
