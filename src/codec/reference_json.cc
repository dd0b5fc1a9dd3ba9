#include "codec/reference_json.h"

namespace kikan::codec {

namespace json = boost::json;

json::object EncodeReference(const law::Reference& ref) {
  json::object o;
  o["law"] = ref.law;
  if (const law::Law* l = law::FindLaw(ref.law)) {
    o["law_id"] = l->egov_id;
    o["law_number"] = l->number.ja;
  }
  o["article"] = ref.article;
  if (ref.article_branch > 0) o["article_branch"] = ref.article_branch;
  if (ref.paragraph > 0) o["paragraph"] = ref.paragraph;
  if (ref.item > 0) o["item"] = ref.item;
  if (!ref.subitem.empty()) o["subitem"] = ref.subitem;
  if (ref.proviso) o["proviso"] = true;
  const base::Text text = law::Render(ref);
  o["text"] = json::object{{"ja", text.ja}, {"en", text.en}};
  o["url"] = law::EGovUrl(ref);
  o["status"] = law::StatusName(ref.status);
  return o;
}

json::array EncodeReferences(std::string_view citation) {
  json::array out;
  for (const law::Reference& ref : law::ParseCitations(citation))
    out.push_back(EncodeReference(ref));
  return out;
}

namespace {

void AddNodeReferences(json::object& node, int depth) {
  if (depth > 256) return;  // Kikan's own trees are far shallower; never recurse unboundedly
  if (const json::value* c = node.if_contains("citation"); c != nullptr && c->is_string())
    node["citation_references"] = EncodeReferences(c->get_string());
  if (json::value* children = node.if_contains("children"); children && children->is_array()) {
    for (json::value& child : children->get_array())
      if (child.is_object()) AddNodeReferences(child.get_object(), depth + 1);
  }
}

}  // namespace

void AddExplanationReferences(json::value& explanation) {
  if (!explanation.is_object()) return;
  if (json::value* root = explanation.get_object().if_contains("root"); root && root->is_object())
    AddNodeReferences(root->get_object(), 0);
}

}  // namespace kikan::codec
