#include "codec/regime_json.h"

namespace kikan::codec {

namespace json = boost::json;

json::value TextJson(const base::Text& t) { return json::object{{"ja", t.ja}, {"en", t.en}}; }

json::value DateBasisJson(const std::optional<regime::DateBasis>& basis) {
  if (!basis) return nullptr;
  return json::object{{"kind", regime::DateBasisKindName(basis->kind)},
                      {"label", TextJson(regime::DateBasisLabel(*basis))},
                      {"reason", TextJson(basis->reason)}};
}

}  // namespace kikan::codec
