// The JSON form of a filing's contents (docs/filings.md §JSON): a strict decoder from Boost.JSON
// into filings::Filing and the encoder back. The decoder reports EVERY problem it finds, each
// with the JSON pointer of the offending value: unknown fields, wrong types (with the type
// expected), impossible dates (2025-02-30), malformed percentages, unknown kinds. Missing items
// are not decoding errors (filings::CheckComplete names them against the form); only "kind" and
// "business" are required, since they choose the form.
//
// Dates are "YYYY-MM-DD"; 和暦 ("令和7年11月4日", "R7.11.4") is accepted on input and encoded
// back as ISO. Voting shares are exact percentages as strings ("12.5%"). A JSON null is the same
// as an absent field. Encoding is deterministic (fixed key order, empty values omitted), so
// decode(encode(f)) == f and the encoded text can be hashed.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "base/lang.h"
#include "filings/model.h"
#include "filings/review.h"
#include "filings/validate.h"

namespace kikan::codec {

using base::FieldError;  // one problem of a request body, at a JSON pointer

// Decodes a filing's contents. On failure returns every FieldError found, in document order.
tl::expected<filings::Filing, std::vector<FieldError>> DecodeFiling(const boost::json::value& json);

// Parses `text` as JSON, then DecodeFiling. A syntax error is one FieldError at pointer "" whose
// message names the byte offset and Boost.JSON's message.
tl::expected<filings::Filing, std::vector<FieldError>> DecodeFilingText(std::string_view text);

// The JSON form of `filing`.
boost::json::object EncodeFiling(const filings::Filing& filing);

// `EncodeFiling` serialized: the canonical text (for storage and content hashes).
std::string EncodeFilingText(const filings::Filing& filing);

// {"pointer", "item", "kind": "missing"|"invalid"|"warning", "message": {"ja","en"}} per finding.
boost::json::array EncodeFindings(const std::vector<filings::MissingItem>& findings);

// {"items": [{"key","label":{"ja","en"},"date","rules":[{"id","text","basis","references"}]}],
//  "notes": [...]}: each rule's basis with its structured references (codec/reference_json.h).
boost::json::object EncodeDeadlines(const filings::Deadlines& deadlines);

// Escapes one reference token of a JSON pointer (RFC 6901: "~" → "~0", "/" → "~1").
std::string EscapePointerToken(std::string_view token);

}  // namespace kikan::codec
