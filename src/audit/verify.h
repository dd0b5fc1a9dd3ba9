// Verification of an audit log (docs/formats/audit-log.md §7): the hash chain, the signed
// checkpoints, and every object's current state against its latest event. Pure: the events and
// checkpoints are handed in (audit/log.h reads them from the database), the current objects are
// reached through the caller's callbacks.
//
// Everything handed in is untrusted: malformed hex, wrong lengths, gaps and reordering become
// findings, never crashes. A Verifier is a single-use, single-thread object; the free functions
// are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/event.h"
#include "base/lang.h"
#include "base/status.h"

namespace kikan::audit {

// One problem found. `kind` is stable (for tests and machine output):
//   event.missing  event.out_of_order  event.malformed  event.prev_mismatch  event.hash_mismatch
//   event.invalid
//   checkpoint.malformed  checkpoint.untrusted_key  checkpoint.bad_signature
//   checkpoint.truncated  checkpoint.head_mismatch
//   object.state_mismatch  object.deleted_in_log  object.missing  object.no_event
struct Finding {
  int64_t seq = 0;          // the event's or checkpoint's seq; 0 when about an object
  std::string object_type;  // set when about an object
  std::string object_id;
  std::string kind;
  base::Text problem;  // what is wrong and what it means, in Japanese and English
};

struct VerifyReport {
  int64_t events = 0;             // event rows read
  int64_t checkpoints = 0;        // checkpoint rows read
  int64_t objects = 0;            // distinct objects compared (named by an event or listed)
  int64_t objects_untracked = 0;  // objects whose type the lookup does not track (NOT_FOUND)
  int64_t verified_through = 0;   // the last seq of the intact chain prefix (0: none)
  int64_t signed_through = 0;     // the highest seq covered by a sound checkpoint (0: none)
  // Chain findings in seq order, then checkpoint findings by seq, then object findings by
  // (type, id). The chain walk stops at the first chain break; objects are still compared.
  std::vector<Finding> findings;
  // True when trusted keys were given and at least one checkpoint was checked against them.
  // False: signatures were checked only against the keys recorded in the database.
  bool trusted_key = false;

  bool ok() const { return findings.empty(); }
  // Events of the verified prefix not yet covered by a signature (not a failure: the next
  // checkpoint covers them).
  int64_t unsigned_events() const {
    return verified_through > signed_through ? verified_through - signed_through : 0;
  }
};

// The current state hash of an object, or nullopt when it no longer exists. Returning a Status
// with code kNotFound means "this object type is not tracked": the object is skipped and counted
// in objects_untracked. Any other error aborts the verification.
using StateLookup = std::function<base::Result<std::optional<std::string>>(
    std::string_view object_type, std::string_view object_id)>;
// Every object that exists now, as (type, id), to find objects that have no event.
using ObjectLister =
    std::function<base::Result<std::vector<std::pair<std::string, std::string>>>()>;

// Incremental verification, so a long log can be read in pages: construct with all the
// checkpoints, feed the events in the order read (ascending seq), then Finish.
class Verifier {
 public:
  // Errors: kInvalidArgument when a trusted key is not 64 lowercase hex digits.
  static base::Result<Verifier> Create(std::vector<Checkpoint> checkpoints,
                                       std::span<const std::string> trusted_public_keys_hex);

  // The next event row read.
  void AddEvent(const Event& e);
  // A row whose seq is not an integer (`cell` is its text): a chain break at seq 0. The caller
  // stops reading events after it.
  void AddUnreadableRow(std::string_view cell);

  // Checks the checkpoints, then every object. Errors: those of `lookup` (other than kNotFound)
  // and `list`, returned as they are.
  base::Result<VerifyReport> Finish(const StateLookup& lookup, const ObjectLister& list) &&;

 private:
  struct Latest {
    int64_t seq = 0;
    std::string state_hash;
  };
  Verifier() = default;
  void Break(Finding f);

  std::vector<Checkpoint> checkpoints_;
  std::set<std::string> trusted_;
  VerifyReport report_;
  std::vector<Finding> chain_findings_;
  bool broken_ = false;
  int64_t last_seq_ = 0;  // the seq of the last row read (chain position)
  int64_t max_seq_ = 0;   // the highest seq read
  Digest prev_{};         // the hash the next event must link to
  std::set<int64_t> checkpoint_seqs_;
  std::map<int64_t, std::string> stored_hash_at_;  // stored hash of events at checkpoint seqs
  std::map<std::pair<std::string, std::string>, Latest> latest_;  // per object
};

// Verifies a log held in memory (events in ascending seq as stored; checkpoints in any order).
// Errors: as Verifier::Create and Verifier::Finish.
base::Result<VerifyReport> VerifyLog(std::span<const Event> events,
                                     std::span<const Checkpoint> checkpoints,
                                     const StateLookup& lookup, const ObjectLister& list,
                                     std::span<const std::string> trusted_public_keys_hex);

}  // namespace kikan::audit
