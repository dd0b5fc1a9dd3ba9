// Known vulnerabilities, VEX decisions and the watch list in the supply graph (issue 11 §3, §4;
// docs/supply-chain.md §7–§8): vulnerability feeds imported from files (OSV records in a
// directory or a zip, CSAF 2.0 advisories), each with its source and age; the components of the
// systems a caller may see matched against them (supply::MatchComponent) with each match's
// current VEX decision; VEX decisions per (system, component, vulnerability), append-only with
// author and time; and watch lists in the layout of METI's 外国ユーザーリスト.
//
// Writes open and commit their own transaction (or join the caller's: OwnTransaction) and append
// their audit events in it (object types "supply_vuln_feed", "supply_vex", "supply_watch_list"), so
// a refused input changes nothing. Reads take the caller's auth::ScopeFilter and restrict systems
// in SQL with SupplySystemScopeSql: an operator learns nothing of another operator's components.
// Who may write is the adapter's decision (auth::Authorize) before the call. Thread-compatible;
// each call uses the one connection given.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/status.h"
#include "service/register.h"
#include "store/db.h"
#include "supply/advisory.h"
#include "supply/model.h"
#include "supply/watchlist.h"

namespace kikan::service {

// A transaction of its own when `c` is not inside one (then the caller's is used and committing
// is the caller's): so these calls compose (the demo seed, findings over vulnerabilities).
base::Result<std::optional<store::Transaction>> OwnTransaction(store::Connection& c);

// The canonical state text of a stored feed ("supply_vuln_feed", id), VEX decision
// ("supply_vex", "SYSTEM/REF/VULNERABILITY": the current one) or watch list
// ("supply_watch_list", source), whose hash the audit events carry and `audit verify` checks;
// nullopt when it is gone. Errors: kNotFound for another type, the store's.
base::Result<std::optional<std::string>> SupplyRiskCanonicalState(store::Connection& c,
                                                                  std::string_view type,
                                                                  std::string_view id);

// Versions 340–349 of the combined migration list.
std::span<const store::Migration> SupplyRiskMigrations();

// A feed whose newest record is older than this many days (against the `now` given) is stale:
// reported as a warning with every query that rests on it.
inline constexpr int kVulnFeedStaleDays = 30;
// Records one OSV path may hold (files in a directory or a zip).
inline constexpr size_t kMaxFeedRecords = 200'000;

// Reads OSV records from `path`: a .json file, a directory of them (recursively, in name order)
// or a .zip of them (as osv.dev publishes each ecosystem's all.zip). Errors: kNotFound (no such
// path), kInvalidArgument when any record is bad — every problem a field error whose pointer is
// "FILE#POINTER" — or more than kMaxFeedRecords records; nothing is returned then.
base::Result<std::vector<supply::Advisory>> ReadOsvPath(const std::string& path);
// Reads one CSAF 2.0 file (errors as ReadOsvPath, pointers "FILE#POINTER").
base::Result<std::vector<supply::Advisory>> ReadCsafFile(const std::string& path);

struct VulnFeed {
  std::string id;               // "osv:NAME" | "csaf:NAME": re-importing it replaces it
  std::string kind;             // "osv" | "csaf"
  std::string source;           // where it came from, as given (a path, a URL, a publisher)
  std::string sample;           // non-empty when it is sample data: the note saying so
  std::string newest_modified;  // the newest `modified` of its records (RFC 3339)
  base::Instant imported_at;
  int64_t advisories = 0;
};

// Replaces feed `feed.id` with `advisories` (newest_modified and imported_at are computed).
// Errors: kInvalidArgument (an id not "osv:…"/"csaf:…", an empty source, two advisories with
// one id), the store's.
base::Result<VulnFeed> ImportVulnFeed(store::Connection& c, VulnFeed feed,
                                      const std::vector<supply::Advisory>& advisories,
                                      const Actor& actor, base::Instant now);
base::Result<std::vector<VulnFeed>> ListVulnFeeds(store::Connection& c);

// The warnings a query resting on the feeds gives: none imported (a zero is then no answer),
// no CSAF feed (hardware and firmware without PURL go unchecked), each stale feed with its age.
std::vector<base::Text> FeedWarnings(const std::vector<VulnFeed>& feeds, base::Instant now);
// Whole days from the feed's newest record to `now` (0 when it does not parse).
int FeedAgeDays(const VulnFeed& feed, base::Instant now);

// The VEX states and CycloneDX's not_affected justifications.
inline constexpr std::string_view kVexStates[] = {"not_affected", "affected", "fixed",
                                                  "under_investigation"};
inline constexpr std::string_view kVexJustifications[] = {
    "code_not_present",     "code_not_reachable",     "requires_configuration",
    "requires_dependency",  "requires_environment",   "protected_by_compiler",
    "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"};

struct VexDecision {
  supply::SystemId system;
  std::string component_ref;
  std::string vulnerability;  // the advisory id or an alias (CVE)
  std::string state;
  std::string justification;  // not_affected only (required there)
  std::string detail;
  std::string author;  // who decided (a person or an organisation)
  base::Instant at;    // when it was recorded
  int64_t seq = 0;     // 1, 2, …: the newest is the current decision
  std::string origin;  // "recorded" | "cyclonedx" (read from a document's analysis)
  friend bool operator==(const VexDecision&, const VexDecision&) = default;
};

// Appends a decision (at = now, seq = the next) and its audit event ("supply.vex", object
// "supply_vex" id "SYSTEM/REF/VULNERABILITY"). Errors: kInvalidArgument (an unknown state; a
// not_affected without a justification or a justification elsewhere; an empty vulnerability or
// author), kNotFound (no such system or component), the store's.
base::Result<VexDecision> RecordVex(store::Connection& c, VexDecision decision, const Actor& actor,
                                    base::Instant now);
// Every decision on (system, component, vulnerability), oldest first; empty when the system is
// outside `scope`. Errors: the store's.
base::Result<std::vector<VexDecision>> VexHistory(store::Connection& c,
                                                  const auth::ScopeFilter& scope,
                                                  const supply::SystemId& system,
                                                  std::string_view component_ref,
                                                  std::string_view vulnerability);

// Reads CycloneDX `vulnerabilities[]` with `analysis` (state, justification, detail) and
// `affects[].ref` from `document` and records each as a decision on system `system` (origin
// "cyclonedx", author the document's metadata.authors/manufacturer name or `author`):
// exploitable → affected, resolved → fixed, in_triage → under_investigation, not_affected and
// false_positive → not_affected (justification as given; false_positive: "code_not_present"
// when none). In one transaction. Errors: kInvalidArgument (not JSON, an unknown state or
// justification, a ref the system does not hold — each at its pointer), kNotFound.
base::Result<int> ImportCycloneDxVex(store::Connection& c, const supply::SystemId& system,
                                     std::string_view document, std::string_view author,
                                     const Actor& actor, base::Instant now);

struct VulnerabilityMatch {
  supply::SystemId system;
  std::string system_name;
  std::string component_ref;
  std::string component_name;
  std::string component_version;
  std::string identified_by;  // "purl" | "cpe" | "model"
  std::string advisory;       // id
  std::vector<std::string> aliases;
  std::string summary;
  std::string url;
  std::string feed;         // feed id
  std::string feed_source;  // where the feed came from
  std::string feed_sample;  // non-empty: the feed is sample data
  int feed_age_days = 0;
  bool feed_stale = false;
  std::optional<VexDecision> vex;  // the current decision, if any
};

struct VulnerabilityReport {
  std::vector<VulnerabilityMatch> matches;  // by system, component ref, advisory
  std::vector<VulnFeed> feeds;
  std::vector<base::Text> warnings;  // FeedWarnings
};

// The components of the systems in `scope` (only `systems` when not empty) that an imported
// advisory names in an affected version, each with its feed's source and age and its current
// VEX decision (by the advisory id or any alias). Errors: the store's.
base::Result<VulnerabilityReport> SupplyVulnerabilities(
    store::Connection& c, const auth::ScopeFilter& scope,
    const std::vector<supply::SystemId>& systems, base::Instant now);

struct WatchList {
  std::string source;  // a name for the list ("meti-2025-10"): re-importing replaces it
  std::string sample;  // non-empty when sample data
  base::Instant imported_at;
  int64_t entries = 0;
};

// Replaces watch list `list.source` with `entries`. Errors: kInvalidArgument (an empty source),
// the store's.
base::Result<WatchList> ImportWatchList(store::Connection& c, WatchList list,
                                        const std::vector<supply::WatchEntry>& entries,
                                        const Actor& actor, base::Instant now);

struct WatchHit {
  std::string list;
  std::string list_sample;
  supply::WatchEntry entry;
  supply::WatchMatch match;
};
// The entries of every imported list that `party` matches at kWatchFindingScore or above, best
// first. Errors: the store's.
base::Result<std::vector<WatchHit>> MatchWatchLists(store::Connection& c,
                                                    const supply::PartyRef& party);
base::Result<std::vector<WatchList>> ListWatchLists(store::Connection& c);

}  // namespace kikan::service
