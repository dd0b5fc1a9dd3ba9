// One party through the filing codec: the party is placed as the only supplier of a minimal
// filing, decoded or encoded there, and the pointers are moved back under the party's own.
#include "codec/party_json.h"

#include <fmt/format.h>

namespace kikan::codec {
namespace {

namespace json = boost::json;

constexpr std::string_view kSlot = "/suppliers/0";

}  // namespace

tl::expected<filings::Party, std::vector<FieldError>> DecodeParty(const json::value& value,
                                                                  std::string_view pointer) {
  json::object wrapper{{"kind", "installation_plan"}, {"business", "-"}};
  wrapper["suppliers"] = json::array{value};
  auto decoded = DecodeFiling(wrapper);
  if (!decoded) {
    std::vector<FieldError> errors;
    for (FieldError e : decoded.error()) {
      if (e.pointer.compare(0, kSlot.size(), kSlot) == 0) {
        e.pointer = std::string(pointer) + e.pointer.substr(kSlot.size());
      } else {
        e.pointer = std::string(pointer);
      }
      errors.push_back(std::move(e));
    }
    return tl::unexpected(std::move(errors));
  }
  if (decoded->suppliers.size() != 1) {
    return tl::unexpected(std::vector<FieldError>{
        {std::string(pointer),
         {.ja = "当事者のオブジェクトが必要です", .en = "a party object is required"}}});
  }
  return std::move(decoded->suppliers[0]);
}

json::object EncodeParty(const filings::Party& party) {
  filings::Filing f;
  f.suppliers.push_back(party);
  json::object encoded = EncodeFiling(f);
  return encoded.at("suppliers").as_array().at(0).as_object();
}

std::string EncodePartiesText(const std::vector<filings::Party>& parties) {
  json::array a;
  for (const auto& p : parties) a.push_back(EncodeParty(p));
  return json::serialize(a);
}

tl::expected<std::vector<filings::Party>, std::vector<FieldError>> DecodePartiesText(
    std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    return tl::unexpected(
        std::vector<FieldError>{{"",
                                 {.ja = fmt::format("JSON として読めません: {}", ec.message()),
                                  .en = fmt::format("not JSON: {}", ec.message())}}});
  }
  if (!v.is_array()) {
    return tl::unexpected(std::vector<FieldError>{
        {"", {.ja = "配列でなければなりません", .en = "must be an array"}}});
  }
  std::vector<filings::Party> out;
  std::vector<FieldError> errors;
  const json::array& a = v.as_array();
  for (size_t i = 0; i < a.size(); ++i) {
    auto p = DecodeParty(a[i], fmt::format("/{}", i));
    if (!p) {
      errors.insert(errors.end(), p.error().begin(), p.error().end());
      continue;
    }
    out.push_back(std::move(*p));
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return out;
}

}  // namespace kikan::codec
