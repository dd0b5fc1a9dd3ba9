// The filing use cases (届出): an operator's staff start a filing for one of the operator's
// designations, edit it while it is editable, submit it; reviewers and staff act on it under the
// statutory clock; reviewers work the queue. Each function opens and commits its own transaction
// on the connection it is given, checks what the law requires inside that transaction (a plan
// lacking a required item is not submitted: 法第52条第1項, the pack's form), and appends the
// audit event there, so a refusal or a failure leaves nothing behind and no check runs on a copy
// that a concurrent edit could change.
//
// Who may call which use case on which filing is the adapter's decision (auth::Authorize on the
// filing's operator and business, before the call); the use cases take the caller's principal
// for what the law ties to the person (the filer's own company, self-review) and for scopes.
//
// Thread-compatible; each call uses the one connection given (a pool may have one connection).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy.h"
#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "filings/model.h"
#include "filings/review.h"
#include "filings/validate.h"
#include "service/env.h"
#include "service/filing_store.h"
#include "store/db.h"

namespace kikan::service {

// A new filing as the operator's staff sends it.
struct NewFiling {
  filings::Filing contents;
  // Whether the sender named the business / the filer. Unnamed: the operator's only designation
  // (an operator designated for several businesses must name one); the operator as the register
  // knows it.
  bool business_given = true;
  bool filer_given = true;
};

// Creates a draft for the caller's operator. Errors: kInvalidArgument with field errors (/business
// not one the operator is designated for, or unnamed with several designations; /filer/operator_id
// not the caller's company); kNotFound (the operator is not in the register); the store's.
base::Result<StoredFiling> StartFiling(store::Connection& c, const Env& env,
                                       const auth::Principal& caller, NewFiling filing);

// Replaces the contents of an editable filing. Its kind, business and filer cannot change.
// Errors: kInvalidArgument with field errors (/kind, /business, /filer/operator_id), kNotFound,
// kFailedPrecondition (not editable in its state), the store's.
base::Result<StoredFiling> EditFiling(store::Connection& c, const Env& env,
                                      const auth::Principal& caller, std::string_view id,
                                      filings::Filing contents);

// An act on a filing, as the adapter decoded it (the actor and the pack version are the
// service's to fill).
struct FilingAct {
  filings::ActKind act = filings::ActKind::kSubmit;
  std::optional<base::Date> date;
  std::optional<base::Date> received_on;
  std::string reason;
  std::string text;
  std::optional<filings::Channel> channel;
  std::string content_hash;  // the version the caller decided on; "" = the stored one
};

// Performs `act` as `caller` (a reviewer acts for its ministry, staff for their operator) with the
// pack version of the filing's business. Submitting checks the stored contents against the form
// in force today inside the transaction. Errors: kInvalidArgument with one field error per
// missing or invalid item (submit), those of filings::Apply (state, role, self-review, dates),
// kFailedPrecondition (contents changed since `content_hash`; no form in force), kNotFound.
base::Result<StoredFiling> ActOnFiling(store::Connection& c, const Env& env,
                                       const auth::Principal& caller, std::string_view id,
                                       const FilingAct& act);

// The findings of a filing's stored contents against its business's form in force today
// (warnings included). Errors: kFailedPrecondition (no form in force), kDataLoss (the stored
// contents do not decode).
base::Result<std::vector<filings::MissingItem>> FilingFindings(const Env& env,
                                                               const StoredFiling& filing);

// The filings the caller may see, newest first (none for the public). Errors: the store's.
base::Result<std::vector<StoredFiling>> VisibleFilings(store::Connection& c,
                                                       const auth::Principal& caller);

// One filing awaiting a reviewer, with the deadline that matters now: the answer while a
// recommendation is out, else the end of the review period, else the waiting period; none
// before receipt (the periods run from the receipt date).
struct QueueItem {
  StoredFiling filing;
  std::optional<base::Date> due;
  std::string deadline;  // "answer_due", "review_period_end", "waiting_period_end" or "receipt"
  base::Text label;
};

// The review queue of the caller's scope: filings awaiting a reviewer's act, those to receive
// first, then by nearest deadline. Errors: kPermissionDenied (not a reviewer or the Cabinet
// Office), the store's.
base::Result<std::vector<QueueItem>> ReviewQueue(store::Connection& c,
                                                 const auth::Principal& caller);

}  // namespace kikan::service
