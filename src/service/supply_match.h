// A reviewer's confirm or split of a party match (issue 11 §1; docs/supply-chain.md §2). The same
// company filed twice becomes one party node (ResolveParty: 法人番号, else the normalised name);
// each mention keeps the reason and score of its match. A *match* is what a reviewer judges: the
// mentions of one text (name, 法人番号, country as filed) in one system that were merged into a
// node. Its id is "m-" + 16 hex digits of the hash of (node, system, name, 法人番号, country).
//
//   confirm  records that the mentions are that company (shown as confirmed; nothing moves);
//   split    moves the mentions to a new party node of their own (name, 法人番号, country as
//            filed; no links), so who-uses, the concentration, the graph and the findings stop
//            counting them as the node; a re-import of the system keeps the split
//            (SplitOffParty), and a node made by a split is never matched by another mention.
//
// Decisions are append-only (supply_party_match; the newest is the current one) and each is
// recorded with an audit event (action "supply.match.confirm" / "supply.match.split", object type
// "supply_party_match", id the match id, the hash of SupplyMatchCanonicalState) in the same
// transaction as its effect; a split also appends "supply.party.create" for the new node.
//
// Who may decide is the adapter's check (auth::Action::kReviewSupplyMatch: a ministry reviewer;
// never an operator, not the Cabinet Office); which matches a caller may see or decide is the
// scope, applied in SQL: the node must be visible (SupplyPartyScopeSql) and the match's system
// too (SupplySystemScopeSql); anything else answers kNotFound, the same as an unknown id.
// Thread-compatible; each call uses the one connection given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/status.h"
#include "service/register.h"
#include "store/db.h"
#include "supply/model.h"

namespace kikan::service {

// Bytes of a decision's note.
inline constexpr size_t kMaxMatchNoteBytes = 2000;

struct MatchDecision {
  std::string match_id;
  int64_t seq = 0;
  std::string party;  // the node the mentions had been merged into
  supply::SystemId system;
  std::string name, corporate_number, country;  // the mention as filed
  std::string reason;                           // of the match decided on
  double score = 0;
  std::string decision;   // "confirmed" | "split"
  std::string new_party;  // "split": the node the mentions moved to
  std::string decided_by;
  std::string note;
  base::Instant decided_at;
};

// The mentions of one text in one system, as merged into one node.
struct PartyMatchGroup {
  std::string id;  // the match id
  std::string party;
  supply::SystemId system;
  std::string name, corporate_number, country;
  // "corporate_number" | "normalised_name": matched into the node; "none": these mentions made
  // the node (or were split to it), so there is nothing to decide.
  std::string reason;
  double score = 0;      // the highest of the mentions'
  int64_t mentions = 0;  // component suppliers and manufacturers, service providers, the system's
  std::optional<MatchDecision> decision;  // the current decision, if any
  std::string split_from;                 // the node these mentions were split off, if any
};

// Whether `scope` may see matches at all: not an operator's. That a mention was matched into an
// existing node tells that another mention of the company exists, which may be another
// operator's (§6), so an operator sees its parties without their match reasons.
bool MatchesVisibleTo(const auth::ScopeFilter& scope);

// A page of a party's matches: by default, and at most (a larger limit is clamped, as the audit
// log's listing clamps its own).
inline constexpr int64_t kDefaultPartyMatches = 100;
inline constexpr int64_t kMaxPartyMatches = 1000;

struct PartyMatchPage {
  std::vector<PartyMatchGroup> matches;
  int64_t total = 0;  // the matches over all pages
  std::string next;   // the `after` of the next page; "" on the last page
};

// One page of the matches of party `party` in the systems `scope` sees, by system, then the
// mention's name, 法人番号 and country (the database's text order): `limit` (clamped to
// 1..1000) after `after` ("" for the first page, else the `next` of the page before), with the
// total. Errors: kNotFound (no such party, not visible to `scope`, or a scope that sees no
// matches: the same answer), kInvalidArgument (an `after` that is not a `next`, at /after), the
// store's.
base::Result<PartyMatchPage> PartyMatches(store::Connection& c, std::string_view party,
                                          const auth::ScopeFilter& scope,
                                          int64_t limit = kDefaultPartyMatches,
                                          std::string_view after = {});

// The matches in system `system` (every party it names), for its graph; the caller has checked
// that `scope` sees the system. Errors: the store's.
base::Result<std::vector<PartyMatchGroup>> SystemMatches(store::Connection& c,
                                                         const supply::SystemId& system);

struct MatchDecisionRequest {
  std::string party;
  std::string match_id;
  std::string decision;  // "confirm" | "split"
  std::string note;      // optional, at most kMaxMatchNoteBytes
};

// Records the decision in its own transaction (or the caller's) with its audit event; a split
// also creates the new node and moves the mentions. Errors: kInvalidArgument (another decision,
// field /decision; a note too long, /note), kNotFound (party or match unknown or outside
// `scope`), kFailedPrecondition (the match's mentions made the node — reason "none" — so there
// is no match to decide; a split when every mention of the node is in this match), the store's.
// On any error nothing is stored.
base::Result<MatchDecision> DecidePartyMatch(store::Connection& c,
                                             const MatchDecisionRequest& request,
                                             const auth::ScopeFilter& scope, const Actor& actor,
                                             base::Instant now);

// The canonical state of match `match_id` (its decisions in order) for the audit log; nullopt
// when it has none. Errors: the store's.
base::Result<std::optional<std::string>> SupplyMatchCanonicalState(store::Connection& c,
                                                                   std::string_view match_id);

}  // namespace kikan::service
