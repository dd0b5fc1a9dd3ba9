// The JSON forms of the small values of the regime that every adapter prints — a bilingual text
// and a date a pack chose or derived — written once, for the API and for `kikan regime show`
// alike, so the two cannot drift apart.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <optional>

#include "base/status.h"
#include "regime/regime.h"

namespace kikan::codec {

// {"ja": "…", "en": "…"}.
boost::json::value TextJson(const base::Text& t);

// A date chosen or derived by a pack (issue 14 §5): null, or
// {"kind": "chosen" | "derived", "label": {ja, en}, "reason": {ja, en}}.
boost::json::value DateBasisJson(const std::optional<regime::DateBasis>& basis);

}  // namespace kikan::codec
