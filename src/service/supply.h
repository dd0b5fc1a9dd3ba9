// The supply chain use cases (issue 11 §2, §4, §5; docs/supply-chain.md): import an SBOM/HBOM
// document into a system (creating the system for the operator when it does not exist), export
// a system as CycloneDX 1.6, who uses a component or a party (transitively through nesting and
// subcontracting), and what stops if a system stops. Each write opens and commits its own
// transaction and appends its audit events there (service/supply_store.h): a refused document
// changes nothing. Reads run in one transaction, so they see one state.
//
// Who may call them for which operator is the adapter's decision (auth::Authorize) before the
// call; every read takes the caller's reading scope (auth::Scope) and applies it in SQL
// (SupplySystemScopeSql and its kin; docs/supply-chain.md §6): a system outside it answers as
// one that does not exist, and the users of a visible system the scope may not name are only
// counted. The CLI, an administrator's tool over the database, passes an all-scope.
// Thread-compatible; each call uses the one connection given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "base/status.h"
#include "registry/dataset.h"
#include "service/register.h"
#include "service/supply_store.h"
#include "store/db.h"
#include "supply/document.h"

namespace kikan::service {

struct SupplyImportReport {
  supply::SystemId system;
  bool system_created = false;
  supply::DocumentFormat format = supply::DocumentFormat::kCycloneDx;
  std::string spec_version;
  size_t components = 0;
  size_t services = 0;
  size_t dependencies = 0;
  std::string sample;  // the document's sample-data note, if any
  SupplyImportTimings timings;
};

// Parses `document` (supply::ParseDocument) and replaces system `system`'s inventory with it;
// when the system does not exist it is created for `operator_id`, named after the document's
// root (else its id). Errors: kInvalidArgument (the document's problems, each a field error at
// its JSON pointer; a bad system id), kNotFound (an unknown operator), kFailedPrecondition (the
// system exists and `operator_id` is not one of its users), the store's. On any error nothing
// is stored.
base::Result<SupplyImportReport> ImportSupplyDocument(store::Connection& c,
                                                      const base::OperatorId& operator_id,
                                                      const supply::SystemId& system,
                                                      std::string_view document, const Actor& actor,
                                                      base::Instant now);

// System `system` as CycloneDX 1.6 JSON (serial number derived from its audited state, so the
// same state gives the same document). Errors: kNotFound (no such system, or outside `scope`:
// the same answer), the store's, kDataLoss.
base::Result<std::string> ExportSupplySystem(store::Connection& c, const supply::SystemId& system,
                                             const auth::ScopeFilter& scope);

// Matching components listed per page: by default, and at most (a larger limit is clamped, as
// the audit log's listing clamps its own).
inline constexpr int64_t kDefaultWhoUsesComponents = 100;
inline constexpr int64_t kMaxWhoUsesComponents = 1000;

struct WhoUsesQuery {
  enum class Kind { kPurl, kCpe, kComponent, kSupplier };
  WhoUsesQuery() = default;
  WhoUsesQuery(Kind k, std::string v) : kind(k), value(std::move(v)) {}
  Kind kind = Kind::kPurl;
  std::string value;  // kComponent: "MANUFACTURER/MODEL"; kSupplier: a name or a 法人番号
  int64_t limit = kDefaultWhoUsesComponents;  // components per page, clamped to 1..1000
  std::string after;  // "" for the first page, else the `next` of the page before
};

struct WhoUsesResult {
  struct OperatorRef {
    base::OperatorId id;
    std::string name;
    std::string basis;  // "filed" when any link is filed, else "illustrative"
  };
  struct SystemRef {
    supply::SystemId id;
    std::string name;
    base::OperatorId filed_by;  // empty when the scope may not name it
    std::string sample;         // the inventory's sample-data note, if any
  };
  struct PartyRef {
    std::string id;
    std::string name;
    std::string corporate_number;
    int depth = 0;  // 0: the party asked for; n: entrusts work to it through n links
  };
  struct ComponentRef {
    supply::SystemId system;
    std::string ref;
    std::string type;
    std::string name;
    std::string version;
    std::string via;  // what matched: "purl", "cpe", "model", "supplier", "manufacturer",
                      // "provider" (a service), "runner", "system_supplier",
                      // "system_manufacturer" (the system's own)
  };
  std::vector<OperatorRef> operators;        // by id; those the scope may name
  int other_operators = 0;                   // users of the systems the scope may not name
  std::vector<SystemRef> systems;            // by id
  std::vector<PartyRef> parties;             // kSupplier: by depth, then name
  std::vector<ComponentRef> components;      // one page: at most the query's limit
  int64_t components_total = 0;              // every match, over all pages
  std::string next;                          // the `after` of the next page; "" on the last page
  std::vector<SystemSite> sites;             // the sites the systems serve, by port then terminal
  std::vector<base::BusinessId> businesses;  // of those sites
};

// Maximum links followed up the subcontracting chain, and parties collected.
inline constexpr int kMaxSubcontractDepth = 16;
inline constexpr size_t kMaxWhoUsesParties = 1000;

// Who depends on what `query` names: the matching components at any nesting depth (kPurl: the
// exact purl, or any version when the query has none; kCpe: case-insensitive; kComponent: the
// manufacturer's normalised name and the model folded), or for kSupplier the party (by 法人番号
// when the value is 13 digits, else by normalised name) and every party that entrusts work to
// it, transitively; then the systems holding those components or naming those parties as
// supplier, manufacturer, service provider or runner, the operators using the systems, and the
// sites (terminals, ports) they serve with those sites' businesses. Only what `scope` sees
// takes part: systems inside it, parties named by such systems (the subcontracting walk passes
// through any party but lists only those), operators it may name (the rest counted).
// Every system, operator and site is listed; the matching components (and, for kSupplier, the
// services and systems naming a party) are paged in the order system id, then components before
// services before the system's own parties, then position: `limit` of them after `after`, with
// `components_total` and `next`. The chain is walked in one recursive query and each list is one
// query, whatever the size of the answer.
// Errors: kInvalidArgument (an empty value; kComponent without '/'; an `after` that is not a
// `next`, at field /after), the store's.
base::Result<WhoUsesResult> WhoUses(store::Connection& c, const WhoUsesQuery& query,
                                    const auth::ScopeFilter& scope);

// A container throughput figure: the national total ("national") or a port's ("port"), with the
// year, basis and source it comes from: the ports dataset (data/datasets/ports), the one source
// the criteria lab's calibrate measures against too.
struct ThroughputFigure {
  std::string scope;  // "national" | "port"
  std::string id;     // port id ("nagoya"); "" for national
  std::string name;
  int year = 0;
  int64_t teu = 0;
  std::string basis;
  std::string source;
};

// The figures of the ports dataset: each `[[totals]]` entry of `manifest` for
// "harbour.annual_teu" as a national figure (its year, basis — registry::TotalBasisLabel — and
// source text and URL), and per port (the harbours' `port` column) the sum of its harbours'
// `annual_teu` from `harbour_csv` (header-named columns id, name, port, annual_teu, teu_year,
// teu_basis; no quoted cells), of the latest of their `teu_year`s, the basis saying when the
// harbours' years or bases differ. Harbours without a figure are skipped. Errors:
// kInvalidArgument naming the line (a missing column, a row of another width, a figure or year
// that is not a positive integer).
base::Result<std::vector<ThroughputFigure>> PortsThroughput(const registry::Manifest& manifest,
                                                            std::string_view harbour_csv);

// PortsThroughput of the dataset in `dir` (dataset.toml and harbour.csv). Errors: the manifest's
// (registry::ReadManifest), kNotFound (no harbour.csv), PortsThroughput's.
base::Result<std::vector<ThroughputFigure>> ReadPortsThroughput(const std::string& dir);

struct WhatIfRequest {
  supply::SystemId system;
  base::Instant from;
  int days = 1;                              // 1–366
  std::vector<ThroughputFigure> throughput;  // the figures to use
};

struct WhatIfResult {
  SupplySystem system;
  std::string sample;
  base::Instant from;
  base::Instant until;
  int days = 0;
  std::vector<WhoUsesResult::OperatorRef> operators;  // by id; those the scope may name
  int other_operators = 0;                            // the users it may not name
  std::vector<SystemSite> terminals;                  // by port, then terminal id
  struct PortImpact {
    std::string id;
    std::string name;
    std::vector<std::string> terminals;  // terminal ids served by the system
    bool has_throughput = false;
    int64_t annual_teu = 0;
    int year = 0;
    std::string source;
    double share_of_national = 0;       // annual_teu / national teu (when both are known)
    int64_t estimated_teu_stopped = 0;  // annual_teu × days / 365 (an estimate: see docs)
  };
  std::vector<PortImpact> ports;
  bool has_national = false;
  ThroughputFigure national;  // the national figure used (the year of the ports' if available)
  // The businesses of the sites; for a system without sites, those its operators are designated
  // for.
  std::vector<base::BusinessId> businesses;
  struct Day {
    int day = 0;  // 1-based
    base::Instant from;
    base::Instant until;
    std::vector<std::string> terminals;  // terminal ids stopped that day
  };
  std::vector<Day> timeline;
};

// What stops when `request.system` stops from `from` for `days` days: the operators that use
// it, the terminals and ports it serves, the businesses those sites belong to, each port's share of
// national container throughput (the national figure of the port figure's year, else the latest),
// and a day-by-day timeline. Errors: kNotFound (no such system, or outside `scope`: the same
// answer), kInvalidArgument (days outside 1–366), the store's.
base::Result<WhatIfResult> WhatIf(store::Connection& c, const WhatIfRequest& request,
                                  const auth::ScopeFilter& scope);

// Whether system `id` exists and `scope` sees it. Errors: the store's.
base::Result<bool> SupplySystemVisible(store::Connection& c, const supply::SystemId& id,
                                       const auth::ScopeFilter& scope);
// kNotFound for system `id`: the one answer for an unknown system and one outside the scope.
base::Status SupplySystemNotFound(const supply::SystemId& id);

}  // namespace kikan::service
