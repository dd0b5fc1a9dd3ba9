// The JSON forms of the small values of the regime that every adapter prints — a bilingual text
// and a date a pack chose or derived — written once, for the API and for `kikan regime show`
// alike, so the two cannot drift apart.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <optional>

#include "base/date.h"
#include "base/status.h"
#include "regime/regime.h"

namespace kikan::codec {

// {"ja": "…", "en": "…"}.
boost::json::value TextJson(const base::Text& t);

// A date chosen or derived by a pack (issue 14 §5): null, or
// {"kind": "chosen" | "derived", "label": {ja, en}, "reason": {ja, en}}.
boost::json::value DateBasisJson(const std::optional<regime::DateBasis>& basis);

// The ordinance's listed cases of a pack (法第54条 changes, the emergency of
// 法第52条第1項ただし書), in pack order: [{kind, id, name {ja, en}, citation, citation_references,
// note}].
boost::json::array ListedCasesJson(const regime::Pack& pack);

// The named assumptions of a criteria version (the open points of the text the pack decided), in
// pack order: [{id, text {ja, en}, citation, citation_references}].
boost::json::array AssumptionsJson(const regime::Criteria& criteria);

// The organisation names of a pack by period, in pack order: [{of, name {ja, en}, valid_from
// (date or null), valid_from_text, in_effect, citation, citation_references}]. `in_effect` is
// whether the name is the one Pack::NameAt gives on `date` (false for every name without one).
boost::json::array OrganizationNamesJson(const regime::Pack& pack, std::optional<base::Date> date);

}  // namespace kikan::codec
