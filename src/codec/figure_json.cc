#include "codec/figure_json.h"

namespace kikan::codec {

namespace json = boost::json;

json::array EncodeFigures(const std::vector<registry::FigureRows>& figures) {
  json::array out;
  for (const registry::FigureRows& f : figures) {
    const bool decimal = f.def.type.kind == rules::TypeKind::kDecimal;
    json::array rows;
    for (const registry::FigureRow& r : f.rows) {
      json::value value = nullptr;
      if (r.value) {
        value = decimal ? json::value(static_cast<double>(*r.value) / rules::kDecimalScale)
                        : json::value(*r.value);
      }
      json::value basis_label = nullptr;
      if (!r.basis.empty()) {
        const base::Text label = registry::TotalBasisLabel(r.basis);
        basis_label = json::object{{"ja", label.ja}, {"en", label.en}};
      }
      rows.push_back(
          json::object{{"id", r.id},
                       {"name", r.name},
                       {"value", std::move(value)},
                       {"year", r.year ? json::value(*r.year) : json::value(nullptr)},
                       {"basis", r.basis.empty() ? json::value(nullptr) : json::value(r.basis)},
                       {"basis_label", std::move(basis_label)}});
    }
    out.push_back(
        json::object{{"field", f.field},
                     {"label", json::object{{"ja", f.def.label.ja}, {"en", f.def.label.en}}},
                     {"unit", f.def.unit},
                     {"rows", std::move(rows)}});
  }
  return out;
}

boost::json::object EncodeTotal(const registry::Total& total) {
  const base::Text basis = registry::TotalBasisLabel(total.basis);
  return boost::json::object{
      {"metric", total.metric},
      {"value", total.value},
      {"year", total.year},
      {"basis", total.basis},
      {"basis_label", boost::json::object{{"ja", basis.ja}, {"en", basis.en}}},
      {"source", boost::json::object{{"text", total.source.text}, {"url", total.source.url}}}};
}

}  // namespace kikan::codec
