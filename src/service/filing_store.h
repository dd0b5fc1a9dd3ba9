// Filings as stored: the review record of each filing (filings::FilingRecord with every act it
// went through) and its contents (filings::Filing), kept as their canonical JSON text
// (codec::EncodeFilingText), with the content hash (BLAKE2b-256 of that text) that reviewer
// decisions bind to.
//
// The review rules themselves are filings::Apply; this module loads a record, lets Apply change
// it, and writes the record, its new act and the audit event in the caller's transaction, so a
// refused act or a failed write changes nothing. The use cases that open that transaction are in
// service/filings.h; the demo seed and the tests call these directly. Lists are filtered by an
// auth::ScopeFilter in SQL (auth::ScopeSql).
//
// Thread-compatible; each call uses one connection.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "auth/policy.h"
#include "base/clock.h"
#include "base/status.h"
#include "filings/model.h"
#include "filings/review.h"
#include "service/env.h"
#include "store/db.h"

namespace kikan::service {

std::span<const store::Migration> FilingMigrations();  // versions 310–319

struct StoredFiling {
  filings::FilingRecord record;
  std::string contents;      // canonical JSON of the contents (codec/filing_json)
  std::string content_hash;  // hex BLAKE2b-256 of `contents`
  base::Instant created_at;
  base::Instant updated_at;
};

// Creates a draft of `contents` (its kind and business are the filing's) with a new random id
// ("f-" + 16 hex digits). Records the audit event. Errors: kNotFound (the operator is not in the
// register), SQL errors.
base::Result<StoredFiling> CreateFiling(store::Connection& c, const filings::Filing& contents,
                                        base::OperatorId operator_id, std::string ministry_id,
                                        const std::string& user_id, base::Instant now);

// Replaces the contents of an editable filing (draft, consultation, returned).
// Errors: kNotFound, kFailedPrecondition (not editable in its state, naming it).
base::Result<StoredFiling> UpdateContents(store::Connection& c, std::string_view id,
                                          const std::string& user_id,
                                          const filings::Filing& contents, base::Instant now);

// Performs an act (filings::Apply) with env's clock and stores the result. A submit is refused
// unless the stored contents meet the form in force today (kInvalidArgument with one field error
// per missing or invalid item), checked on the record read here, in the caller's transaction.
// `request.content_hash` is filled from the stored contents for submit and for decisions when
// empty, `request.pack_version` from env when empty. Errors: those of filings::Apply and
// FilingFindings, kNotFound, SQL errors.
base::Result<StoredFiling> PerformAct(store::Connection& c, const Env& env, std::string_view id,
                                      filings::ActRequest request);

// Errors: kNotFound naming the id.
base::Result<StoredFiling> GetFiling(store::Connection& c, std::string_view id);

// The filings `scope` covers, newest first. Errors: SQL errors.
base::Result<std::vector<StoredFiling>> ListFilings(store::Connection& c,
                                                    const auth::ScopeFilter& scope);

// The audit log's canonical state of a filing: its record (every act) and its content hash.
std::string CanonicalState(const StoredFiling& f);

// hex BLAKE2b-256 of a filing's contents text.
std::string ContentHash(std::string_view contents);

}  // namespace kikan::service
