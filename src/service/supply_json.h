// The one JSON form of the supply chain answers (docs/supply-chain.md §5, §7), shared by the CLI
// (`kikan supply … --format json`) and the API (/api/v1/supply/…), so both print the same keys:
// who-uses (`operators` [{id, name, basis}], `systems` [{id, name, operator}], …), what-if, the
// import report, the system list, a system's graph and the search suggestions. Notes that
// outputs resting on sample data or illustrative links carry are in the language asked for.
// Pure functions of their arguments; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/lang.h"
#include "base/status.h"
#include "service/supply.h"
#include "service/supply_findings.h"
#include "service/supply_view.h"

namespace kikan::service {

// "2023-07-04T06:30:00+09:00": an instant in Japan's time.
std::string FormatJst(base::Instant t);
// RFC 3339 with an offset or Z, seconds optional ("2023-07-04T06:30+09:00"). Errors:
// kInvalidArgument.
base::Result<base::Instant> ParseSupplyDateTime(std::string text);

// The note for links whose basis is "illustrative".
extern const base::Text kIllustrativeNote;
// The note on the what-if's TEU estimate.
extern const base::Text kTeuEstimateNote;

// The query kind's name ("purl", "cpe", "component", "supplier").
std::string_view WhoUsesKindName(WhoUsesQuery::Kind kind);

boost::json::object SupplyImportReportJson(const SupplyImportReport& report);
// `systems[].operator` is null when the scope may not name the filer; `other_operators` counts
// the users it may not name.
boost::json::object WhoUsesJson(const WhoUsesQuery& query, const WhoUsesResult& r, base::Lang lang);
// `business_name` names a business id in `lang` (the packs'), or gives it back.
boost::json::object WhatIfJson(
    const WhatIfResult& r, base::Lang lang,
    const std::function<std::string(const base::BusinessId&)>& business_name);
boost::json::object SupplySystemListJson(const SupplySystemList& list);
// The graph with components nested (`components[].components`), in document order; each party
// with its `matches` (PartyMatchJson) in this system.
boost::json::object SupplyGraphJson(const SupplyGraph& g, base::Lang lang);
// A match (service/supply_match.h): {id, party, system, name, corporate_number, country, reason,
// score, mentions, decision (null or MatchDecisionJson), split_from (null or a party id)}.
boost::json::object PartyMatchJson(const PartyMatchGroup& m);
// {match, seq, party, system, name, corporate_number, country, reason, score, decision,
// new_party (null unless split), decided_by, note, decided_at}.
boost::json::object MatchDecisionJson(const MatchDecision& d);
// {party, matches: [PartyMatchJson]}.
boost::json::object PartyMatchesJson(std::string_view party,
                                     const std::vector<PartyMatchGroup>& matches);
// {party, matches, total, next (null on the last page)}.
boost::json::object PartyMatchesJson(std::string_view party, const PartyMatchPage& page);
boost::json::object SupplySuggestionsJson(const std::vector<SupplySuggestion>& suggestions);

// The findings on a filing (docs/supply-chain.md §12): `filing`, `operator`, `business`, `link`,
// `systems`, `findings` [{kind, severity, subject, why {ja, en}, citation, citation_references,
// source, feed_age_days?, feed_stale?}], `warnings` [{ja, en}], `sample` (the sample-data notes,
// or null) and `notes` in `lang`.
boost::json::object SupplyFindingsJson(const SupplyFilingFindings& r, base::Lang lang);
// The concentration of a business (§13): `business`, `systems`, `dimensions` {suppliers,
// contractors, components, countries: {hhi (rounded), items [{key, name, country?,
// systems_count, systems}]}}, `shared_systems` [{id, name, users, other_users}], `sample` and
// `notes` in `lang`.
boost::json::object ConcentrationJson(const Concentration& r, base::Lang lang);

}  // namespace kikan::service
