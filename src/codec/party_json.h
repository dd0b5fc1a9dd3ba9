// The JSON form of one party (a supplier, maintenance contractor or subcontractor: filings::Party)
// on its own, outside a filing — the operators' equipment register keeps its suppliers and
// contractors with the same facts a filing asks. The form is exactly the filing form's supplier
// object (docs/filings.md §JSON): the codec is the filing codec's, applied to one party, so the
// two can never drift apart.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "codec/filing_json.h"
#include "filings/model.h"

namespace kikan::codec {

// Decodes one party. Every problem is reported (unknown fields, wrong types, bad percentages),
// each with its JSON pointer under `pointer` (the party's own pointer, e.g. "/suppliers/0").
// Semantic checks (法人番号 check digit, duplicate ids) are not decoding errors.
tl::expected<filings::Party, std::vector<FieldError>> DecodeParty(const boost::json::value& json,
                                                                  std::string_view pointer);

// The JSON form of a party (deterministic: fixed key order, empty values omitted).
boost::json::object EncodeParty(const filings::Party& party);

// A list of parties as canonical JSON text (an array of EncodeParty) and back. Decoding errors
// point into the array ("/0/name").
std::string EncodePartiesText(const std::vector<filings::Party>& parties);
tl::expected<std::vector<filings::Party>, std::vector<FieldError>> DecodePartiesText(
    std::string_view text);

}  // namespace kikan::codec
