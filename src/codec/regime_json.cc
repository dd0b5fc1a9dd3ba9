#include "codec/regime_json.h"

#include "codec/reference_json.h"

namespace kikan::codec {

namespace json = boost::json;

json::value TextJson(const base::Text& t) { return json::object{{"ja", t.ja}, {"en", t.en}}; }

json::value DateBasisJson(const std::optional<regime::DateBasis>& basis) {
  if (!basis) return nullptr;
  return json::object{{"kind", regime::DateBasisKindName(basis->kind)},
                      {"label", TextJson(regime::DateBasisLabel(*basis))},
                      {"reason", TextJson(basis->reason)}};
}

json::array ListedCasesJson(const regime::Pack& pack) {
  json::array out;
  for (const regime::ListedCase& c : pack.listed_cases) {
    out.push_back(json::object{{"kind", regime::ListedCaseKindName(c.kind)},
                               {"id", c.id},
                               {"name", TextJson(c.name)},
                               {"citation", c.citation},
                               {"citation_references", EncodeReferences(c.citation)},
                               {"note", c.note}});
  }
  return out;
}

json::array AssumptionsJson(const regime::Criteria& criteria) {
  json::array out;
  for (const regime::Assumption& a : criteria.assumptions) {
    out.push_back(json::object{{"id", a.id},
                               {"text", TextJson(a.text)},
                               {"citation", a.citation},
                               {"citation_references", EncodeReferences(a.citation)}});
  }
  return out;
}

json::array OrganizationNamesJson(const regime::Pack& pack, std::optional<base::Date> date) {
  json::array out;
  for (const regime::OrganizationName& n : pack.organization_names) {
    out.push_back(json::object{
        {"of", n.of},
        {"name", TextJson(n.name)},
        {"valid_from", n.valid_from ? json::value(n.valid_from->ToIso()) : json::value(nullptr)},
        {"valid_from_text", n.valid_from_text},
        {"in_effect", date && pack.NameAt(n.of, *date) == &n},
        {"citation", n.citation},
        {"citation_references", EncodeReferences(n.citation)}});
  }
  return out;
}

}  // namespace kikan::codec
