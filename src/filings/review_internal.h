// Internals of the review module shared by its files (review.cc and act_table.cc);
// nothing outside src/filings/ includes this header. Pure functions; thread-safe.
#pragma once

#include "filings/review.h"

namespace kikan::filings::internal {

// Whether the act of `spec` applies to a filing of `kind` (ActSpec::applies).
bool AppliesTo(const ActSpec& spec, FilingKind kind);

}  // namespace kikan::filings::internal
