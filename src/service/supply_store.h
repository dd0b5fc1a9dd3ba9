// The supply chain graph in the database (issue 11 §1; docs/supply-chain.md §4): systems, the
// operators that use them and the sites they serve, each system's inventory (supply::Inventory:
// components, services, dependencies) with every supplier, manufacturer and provider resolved to
// one party node (supply::MatchParty: 法人番号, else the normalised name), and the links between
// parties (subcontracting, ownership). Stored through the storage port, on SQLite and
// PostgreSQL alike; the queries over it (who uses, what if) are in service/supply.h.
//
// Every write takes a connection already inside a transaction and appends its audit event there
// (object type "supply_system" with the hash of CanonicalState(SupplySystemState), or
// "supply_party" with the hash of CanonicalState(SupplyParty)), so a failed request leaves
// nothing behind. Thread-compatible; each call uses the one connection given.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/status.h"
#include "service/register.h"
#include "store/db.h"
#include "supply/model.h"
#include "supply/names.h"

namespace kikan::service {

// "?, ?, ?" for `values` (strings), each appended to `params`: an SQL IN list.
template <class Range>
std::string SqlInList(const Range& values, std::vector<store::Value>* params) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += '?';
    params->emplace_back(std::string(v));
  }
  return out;
}

// Versions 330–339 of the combined migration list (331: the match decisions; 332: the query
// indexes).
std::span<const store::Migration> SupplyMigrations();

struct SupplySystem {
  supply::SystemId id;
  std::string name;
  std::string runner;         // 運用者 as filed (free text)
  base::OperatorId filed_by;  // the operator it was created for
  base::Instant created_at;
  base::Instant updated_at;
  friend bool operator==(const SupplySystem&, const SupplySystem&) = default;
};

// An operator that uses a system. basis: "filed" (the operator filed or imported it) or
// "illustrative" (a link the demo draws from public sources, not a filing).
struct SystemUser {
  base::OperatorId operator_id;
  std::string basis;
  friend bool operator==(const SystemUser&, const SystemUser&) = default;
};

// A site a system serves: a terminal (the ports dataset's id) at a port, of a business.
struct SystemSite {
  std::string terminal_id;
  std::string terminal_name;
  std::string port_id;
  std::string port_name;
  base::BusinessId business;
  std::string basis;  // as SystemUser, or "source_document" (a public document states it)
  friend bool operator==(const SystemSite&, const SystemSite&) = default;
};

// A system with everything the audit log's state hash covers.
struct SupplySystemState {
  SupplySystem system;
  std::vector<SystemUser> users;  // by operator id
  std::vector<SystemSite> sites;  // by terminal id
  supply::Inventory inventory;
  friend bool operator==(const SupplySystemState&, const SupplySystemState&) = default;
};

// A party node and the links from it.
struct PartyLink {
  std::string to_party;
  std::string kind;       // "subcontracts" (this party entrusts work to to_party) | "owns"
  int64_t share_ppm = 0;  // "owns": the share in millionths; 0 for "subcontracts"
  friend bool operator==(const PartyLink&, const PartyLink&) = default;
};

struct SupplyParty {
  std::string id;  // "p-" + 16 hex digits
  std::string name;
  std::string corporate_number;
  std::string country;
  std::string url;
  std::vector<PartyLink> links;  // by kind, then to_party
  friend bool operator==(const SupplyParty&, const SupplyParty&) = default;
};

std::string CanonicalState(const SupplySystemState& s);
std::string CanonicalState(const SupplyParty& p);

// Whether system `id` exists. Errors: the store's.
base::Result<bool> SupplySystemExists(store::Connection& c, const supply::SystemId& id);

// Stores a new system (created_at = updated_at = now) with `system.filed_by` as its first user
// (basis "filed"). Errors: kInvalidArgument (an id not of letters, digits, '-', '_', '.', 1–64
// characters; an empty name), kNotFound (filed_by is not an operator of the register),
// kAlreadyExists, the store's.
base::Result<SupplySystem> CreateSupplySystem(store::Connection& c, SupplySystem system,
                                              const Actor& actor, base::Instant now);

// Adds (or changes the basis of) a user / a site of system `id`. Errors: kNotFound (no such
// system or operator), the store's.
base::Status PutSystemUser(store::Connection& c, const supply::SystemId& id, const SystemUser& user,
                           const Actor& actor, base::Instant now);
base::Status PutSystemSite(store::Connection& c, const supply::SystemId& id, const SystemSite& site,
                           const Actor& actor, base::Instant now);

// Where an import's time went (wall clock, milliseconds): for the benchmark's split.
struct SupplyImportTimings {
  double parse_ms = 0;    // supply::ParseDocument
  double resolve_ms = 0;  // the party mentions resolved (ResolveParty, once per distinct mention)
  double write_ms = 0;    // everything else before the commit: rows, audit event
  double commit_ms = 0;   // the commit (the database's durable write)
};

// Replaces the inventory of system `id` (components, services, dependencies), resolving every
// party mentioned (ResolveParty: each distinct mention once) and recording each match's reason
// and score with the mention; the system's name is kept. `timings` (optional) gets resolve_ms
// added. Errors: kNotFound, the store's.
base::Status ReplaceInventory(store::Connection& c, const supply::SystemId& id,
                              const supply::Inventory& inventory, const Actor& actor,
                              base::Instant now, SupplyImportTimings* timings = nullptr);

// The party node `ref` is: the one with its 法人番号, else one whose name and country match
// (supply::MatchParty; a node without a 法人番号 that matches by name takes the mention's); a new
// node otherwise. Nodes made by a reviewer's split are not candidates (kNotSplitOffSql). "" for an
// empty ref. `match` (optional) gets the reason and score (a new node: kNone). Errors: the store's.
// `node` (optional) gets the node's name, 法人番号 and country as stored after the call, and
// `name_key` its normalised name.
base::Result<std::string> ResolveParty(store::Connection& c, const supply::PartyRef& ref,
                                       const Actor& actor, base::Instant now,
                                       supply::PartyMatch* match = nullptr,
                                       supply::PartyRef* node = nullptr,
                                       std::string* name_key = nullptr);

// The party node a reviewer split `ref`'s mentions in system `system` off to (the current
// decision of that match is "split": service/supply_match.h), or "" when none. ReplaceInventory
// resolves such a mention to that node, so a re-import keeps the split. Errors: the store's.
base::Result<std::string> SplitOffParty(store::Connection& c, const supply::SystemId& system,
                                        const supply::PartyRef& ref);

// An SQL condition on supply_party's `id` column: the node was not made by a split (a node split
// off for one system's mentions is never a candidate for another mention: ResolveParty and the
// findings' read-only lookup skip it).
inline constexpr std::string_view kNotSplitOffSql =
    "id NOT IN (SELECT new_party FROM supply_party_match WHERE decision = 'split')";

// Records that `from` entrusts work to `to` ("subcontracts", share 0) or holds `share_ppm` of it
// ("owns"), resolving both parties. Errors: kInvalidArgument (another kind; a share outside
// 0–1,000,000; a party linked to itself), the store's.
base::Status PutPartyLink(store::Connection& c, const supply::PartyRef& from,
                          const supply::PartyRef& to, std::string_view kind, int64_t share_ppm,
                          const Actor& actor, base::Instant now);

// THE SQL form of a reading scope over supply systems (issue 11 §6; docs/supply-chain.md §6),
// for every query over systems, their inventories and the parties they name: a boolean
// expression, in parentheses, true for the systems `filter` may see, its parameters appended to
// `params` in order. `system_column` is the caller's (trusted) column holding a system id.
// A system is visible when the filter is `all`; to an operator (filter.operator_id) when it
// filed the system or uses it (supply_system_user, any basis); to a ministry (filter.businesses)
// when it serves a site of one of those businesses, or, for a system that serves no site, when
// an operator designated for one of them (any designation row, revoked or not) uses it (so a
// port TOS used by an operator also designated for trucking stays the port sector's). A filter
// that is none() sees nothing.
std::string SupplySystemScopeSql(const auth::ScopeFilter& filter, std::string_view system_column,
                                 std::vector<store::Value>* params);

// The parties a scope may see by name (docs/supply-chain.md §6): those named by a system
// SupplySystemScopeSql accepts (as a component's supplier or manufacturer, a service's provider,
// the system's runner, supplier or manufacturer). Same form and contract as above; `party_column`
// holds a party id.
std::string SupplyPartyScopeSql(const auth::ScopeFilter& filter, std::string_view party_column,
                                std::vector<store::Value>* params);

// The operators a scope may name among a system's users (docs/supply-chain.md §6): all for the
// Cabinet Office; the caller's own operator; for a ministry, the operators designated (any
// designation row) for one of its businesses. The others are counted, never named. Same form and
// contract as above; `operator_column` holds an operator id.
std::string SupplyOperatorScopeSql(const auth::ScopeFilter& filter,
                                   std::string_view operator_column,
                                   std::vector<store::Value>* params);

// Errors: kNotFound naming the id; kDataLoss when a stored time does not parse.
base::Result<SupplySystemState> GetSupplySystem(store::Connection& c, std::string_view id);
base::Result<SupplyParty> GetSupplyParty(store::Connection& c, std::string_view id);

}  // namespace kikan::service
