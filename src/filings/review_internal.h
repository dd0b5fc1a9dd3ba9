// Internals of the review module shared by its files (review.cc and act_table.cc);
// nothing outside src/filings/ includes this header. Pure functions; thread-safe.
#pragma once

#include "calendar/period.h"
#include "filings/review.h"

namespace kikan::filings::internal {

// Whether the act of `spec` applies to a filing of `kind` (ActSpec::applies).
bool AppliesTo(const ActSpec& spec, FilingKind kind);

// The last day a recommendation or an order may be given on a received filing (Art. 52(6) and
// 52(10) provisos; calendar::RecommendationAndOrderLimit): the 30 days from receipt or, once
// extended, the last day the latest extension set (a later shortening under Art. 52(5) does not
// move it: interpretation, the provisos name the extended period). Errors: as the calendar's;
// kFailedPrecondition when the filing has not been received.
base::Result<calendar::PeriodResult> RecommendationAndOrderLimit(const FilingRecord& record);

}  // namespace kikan::filings::internal
