// What a reviewer judges a filing with, from the supply graph (issue 11 §4; docs/supply-chain.md
// §9–§10): the findings on one filing — foreign ownership over the pack's shareholder line along
// the ownership chain, a party on a watch list, a component with a known vulnerability and no
// VEX decision, a system or contractor shared by several designated operators, subcontracting
// abroad, facts missing — each with its kind, severity, why and what it rests on; and the
// concentration of one business's critical systems on suppliers, contractors, components and
// countries. Kikan assists the reviewer; a finding is a prompt to look, never a decision.
//
// Every read runs in one transaction and sees systems only through the caller's
// auth::ScopeFilter (SupplySystemScopeSql): an operator learns nothing of another operator's
// suppliers, components or contractors. Thread-compatible; each call uses the one connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/status.h"
#include "regime/regime.h"
#include "store/db.h"
#include "supply/model.h"

namespace kikan::service {

struct Finding {
  // "foreign_ownership", "watch_list", "vulnerability_without_vex", "shared_system",
  // "shared_contractor", "subcontracting_abroad", "facts_missing"
  std::string kind;
  std::string severity;  // "high" | "medium" | "low"
  std::string subject;   // the party, system or component it is about, as named
  base::Text why;
  std::string citation;  // the pack's threshold or form, the feed or list it rests on
  std::string source;    // "filing" (what the filing states) | "supply_graph" | a feed or list id
  // vulnerability_without_vex: the feed's age (days since its newest record, at `now`) and
  // whether it is older than kVulnFeedStaleDays; unset for the other kinds.
  std::optional<int64_t> feed_age_days;
  bool feed_stale = false;
};

struct SupplyFilingFindings {
  std::string filing;
  base::OperatorId operator_id;
  base::BusinessId business;
  // How the filing's systems were chosen: "named" (systems the filer uses that name one of the
  // filing's parties), "operator" (none do: every system the filer uses), "none".
  std::string link;
  std::vector<supply::SystemId> systems;
  std::vector<Finding> findings;     // by severity (high first), then kind
  std::vector<base::Text> warnings;  // feeds missing or stale, no watch list, no threshold
  std::vector<std::string> samples;  // sample-data notes of what the findings rest on
};

// The findings on filing `filing_id` (see the header comment and docs/supply-chain.md §9 for
// each kind and the link from a filing to the graph: the filer's systems, and the filing's
// parties matched to party nodes by 法人番号 or normalised name and country, without writing).
// `regime` gives the pack's shareholder line (its form in force on `now`'s date in Japan).
// Errors: kNotFound (no such filing, or one outside `scope`), kDataLoss (stored contents
// unreadable), the store's.
base::Result<SupplyFilingFindings> FindingsForFiling(store::Connection& c,
                                                     const regime::Regime& regime,
                                                     std::string_view filing_id,
                                                     const auth::ScopeFilter& scope,
                                                     base::Instant now);

struct ConcentrationItem {
  std::string key;   // party id, component key ("pkg:…", "cpe:2.3:…", "MAKER/MODEL"), country
  std::string name;  // as named
  std::string country;
  std::vector<supply::SystemId> systems;  // the systems it serves, by id
};

struct ConcentrationDimension {
  std::string name;                      // "suppliers" | "contractors" | "components" | "countries"
  std::vector<ConcentrationItem> items;  // most systems first, then key
  // Herfindahl–Hirschman index over the items' system counts: Σ (100 × nᵢ / Σ n)², 0–10,000
  // (10,000: one item serves every link); 0 when there are no items.
  double hhi = 0;
};

struct Concentration {
  base::BusinessId business;
  std::vector<supply::SystemId> systems;  // the business's systems in scope
  std::vector<ConcentrationDimension> dimensions;
  struct SharedSystem {
    supply::SystemId id;
    std::string name;
    // The users the scope may name (SupplyOperatorScopeSql); the others are only counted.
    std::vector<base::OperatorId> users;
    int64_t other_users = 0;  // users.size() + other_users ≥ 2
  };
  std::vector<SharedSystem> shared_systems;
  std::vector<std::string> samples;
};

// The suppliers (component and system suppliers and manufacturers), contractors (service
// providers and runners, and whom they subcontract to, transitively), components (by purl
// package, else CPE product, else maker + model) and countries (of those parties) serving the
// critical systems of `business` that `scope` sees — a system is the business's when it serves
// one of its sites or, serving none, an operator designated for it uses it — with the HHI of
// each dimension and every system used by two or more operators. A party item (and its country)
// is listed only when `scope` may see the party (SupplyPartyScopeSql): a subcontractor named only
// by another operator's systems is not counted, so its name is not learnt. Errors: kInvalidArgument
// (an empty business), the store's.
base::Result<Concentration> ConcentrationFor(store::Connection& c, const base::BusinessId& business,
                                             const auth::ScopeFilter& scope);

}  // namespace kikan::service
