// The JSON form of citations as structured references (docs/references.md §JSON): each
// reference a citation text names (law::ParseCitations) as an object with its law, article,
// paragraph, item, proviso, its rendering in Japanese and English, its e-Gov link and its status.
// Adapters put the array beside the citation text they already print, under `<key>_references`
// (or `references` beside a rule's `basis`), so clients that read only the text keep working.
//
// Pure functions over immutable data (the law catalogue); thread-safe.
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "law/reference.h"

namespace kikan::codec {

// {"law", "law_id", "law_number", "article", ["article_branch"], ["paragraph"], ["item"],
//  ["subitem"], ["proviso": true], "text": {"ja", "en"}, "url", "status"}: optional members
// are omitted when the reference has none (no paragraph: the whole article).
boost::json::object EncodeReference(const law::Reference& ref);

// The references `citation` names, in order; an empty array for a text naming no known law (an
// ordinance not yet made, a free note). Never fails.
boost::json::array EncodeReferences(std::string_view citation);

// Walks an explanation tree (rules::Explanation::ToJson parsed: nodes with "citation" and
// "children") and puts "citation_references" beside every node's "citation". Anything that is
// not such a tree is left as it is.
void AddExplanationReferences(boost::json::value& explanation);

}  // namespace kikan::codec
