#include "supply/document.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <functional>
#include <set>
#include <unordered_map>

#include "base/corporate_number.h"
#include "supply/document_internal.h"

namespace kikan::supply {
namespace json = boost::json;

namespace internal {

void Problems::Add(std::string pointer, base::Text message) {
  ++count_;
  if (list_.size() < kMaxProblems) list_.push_back({std::move(pointer), std::move(message)});
}

base::Status Problems::Refusal(std::string_view format) const {
  const auto& first = list_.front();
  return base::InvalidArgument(
             {.ja = fmt::format("{} 文書を拒否しました（問題 {} 件、何も取り込んでいません）。"
                                "最初のもの（{}）: {}",
                                format, count_, first.pointer, first.message.ja),
              .en = fmt::format("the {} document was refused ({} problem(s); nothing was "
                                "imported); first at {}: {}",
                                format, count_, first.pointer, first.message.en)})
      .WithFields(list_);
}

namespace {
const json::value* Member(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}
}  // namespace

std::string Str(const json::object& o, std::string_view key, const std::string& at, Problems& p) {
  const json::value* v = Member(o, key);
  if (v == nullptr) return "";
  if (const json::string* s = v->if_string()) return std::string(*s);
  p.Add(fmt::format("{}/{}", at, key), {.ja = fmt::format("{} は文字列でなければなりません", key),
                                        .en = fmt::format("{} must be a string", key)});
  return "";
}

std::string Required(const json::object& o, std::string_view key, const std::string& at,
                     Problems& p) {
  if (Member(o, key) == nullptr) {
    p.Add(fmt::format("{}/{}", at, key),
          {.ja = fmt::format("{} は必須です", key), .en = fmt::format("{} is required", key)});
    return "";
  }
  std::string s = Str(o, key, at, p);
  if (s.empty() && Member(o, key)->is_string()) {
    p.Add(fmt::format("{}/{}", at, key),
          {.ja = fmt::format("{} が空です", key), .en = fmt::format("{} is empty", key)});
  }
  return s;
}

const json::array* Array(const json::object& o, std::string_view key, const std::string& at,
                         Problems& p) {
  const json::value* v = Member(o, key);
  if (v == nullptr) return nullptr;
  if (const json::array* a = v->if_array()) return a;
  p.Add(fmt::format("{}/{}", at, key), {.ja = fmt::format("{} は配列でなければなりません", key),
                                        .en = fmt::format("{} must be an array", key)});
  return nullptr;
}

const json::object* Object(const json::object& o, std::string_view key, const std::string& at,
                           Problems& p) {
  const json::value* v = Member(o, key);
  if (v == nullptr) return nullptr;
  if (const json::object* obj = v->if_object()) return obj;
  p.Add(fmt::format("{}/{}", at, key),
        {.ja = fmt::format("{} はオブジェクトでなければなりません", key),
         .en = fmt::format("{} must be an object", key)});
  return nullptr;
}

void CheckCorporateNumber(const std::string& number, const std::string& at, Problems& p) {
  if (number.empty()) return;
  if (auto s = base::ValidateCorporateNumber(number); !s.ok())
    p.Add(at, {.ja = s.ja(), .en = s.en()});
}

}  // namespace internal

namespace {

using internal::Problems;

constexpr std::string_view kSerial = "kikan:serial_number";
constexpr std::string_view kSupplierNumber = "kikan:supplier:corporate_number";
constexpr std::string_view kManufacturerNumber = "kikan:manufacturer:corporate_number";
constexpr std::string_view kProviderNumber = "kikan:provider:corporate_number";
constexpr std::string_view kSystemProperty = "kikan:system";
constexpr std::string_view kSampleProperty = "kikan:sample";

// An organizationalEntity: name, url[0], address.country.
PartyRef ReadEntity(const json::object& o, const std::string& at, Problems& p) {
  PartyRef party;
  party.name = internal::Str(o, "name", at, p);
  if (const json::array* urls = internal::Array(o, "url", at, p); urls && !urls->empty()) {
    if (const json::string* u = (*urls)[0].if_string()) {
      party.url = std::string(*u);
    } else {
      p.Add(at + "/url/0",
            {.ja = "URL は文字列でなければなりません", .en = "a URL must be a string"});
    }
  }
  if (const json::object* address = internal::Object(o, "address", at, p))
    party.country = internal::Str(*address, "country", at + "/address", p);
  return party;
}

void ReadEntityMember(const json::object& o, std::string_view key, const std::string& at,
                      Problems& p, PartyRef* out) {
  if (const json::object* e = internal::Object(o, key, at, p))
    *out = ReadEntity(*e, fmt::format("{}/{}", at, key), p);
}

// properties [{name, value}]: calls `take(name, value)` for each.
void ReadProperties(
    const json::object& o, const std::string& at, Problems& p,
    const std::function<void(std::string_view, const std::string&, const std::string&)>& take) {
  const json::array* props = internal::Array(o, "properties", at, p);
  if (props == nullptr) return;
  for (size_t i = 0; i < props->size(); ++i) {
    std::string pat = fmt::format("{}/properties/{}", at, i);
    const json::object* prop = (*props)[i].if_object();
    if (prop == nullptr) {
      p.Add(pat, {.ja = "プロパティはオブジェクトでなければなりません",
                  .en = "a property must be an object"});
      continue;
    }
    std::string name = internal::Required(*prop, "name", pat, p);
    std::string value = internal::Str(*prop, "value", pat, p);
    take(name, value, pat + "/value");
  }
}

struct CdxReader {
  Problems problems;
  Inventory inventory;
  std::unordered_map<std::string, std::string> refs;  // ref → pointer where it was defined
  size_t generated = 0;

  void DefineRef(const std::string& ref, const std::string& at) {
    auto [it, inserted] = refs.emplace(ref, at);
    if (!inserted) {
      problems.Add(
          at,
          {.ja = fmt::format("bom-ref \"{}\" が重複しています（先の定義: {}）", ref, it->second),
           .en = fmt::format("bom-ref \"{}\" is used twice (first at {})", ref, it->second)});
    }
  }

  void ReadComponents(const json::array& list, const std::string& at, const std::string& parent,
                      int depth) {
    for (size_t i = 0; i < list.size(); ++i) {
      std::string cat = fmt::format("{}/{}", at, i);
      if (inventory.components.size() >= kMaxComponents) {
        problems.Add(cat, {.ja = fmt::format("構成要素が上限 {} 個を超えています", kMaxComponents),
                           .en = fmt::format("more than {} components", kMaxComponents)});
        return;
      }
      const json::object* o = list[i].if_object();
      if (o == nullptr) {
        problems.Add(cat, {.ja = "構成要素はオブジェクトでなければなりません",
                           .en = "a component must be an object"});
        continue;
      }
      Component c;
      c.parent = parent;
      c.type = internal::Required(*o, "type", cat, problems);
      if (!c.type.empty() && !IsComponentType(c.type)) {
        problems.Add(cat + "/type", {.ja = fmt::format("不明な構成要素の種類 \"{}\" です", c.type),
                                     .en = fmt::format("unknown component type \"{}\"", c.type)});
      }
      c.name = internal::Required(*o, "name", cat, problems);
      c.ref = internal::Str(*o, "bom-ref", cat, problems);
      if (c.ref.empty()) c.ref = fmt::format("kikan-c{}", ++generated);
      DefineRef(c.ref, o->contains("bom-ref") ? cat + "/bom-ref" : cat);
      c.group = internal::Str(*o, "group", cat, problems);
      c.version = internal::Str(*o, "version", cat, problems);
      c.purl = internal::Str(*o, "purl", cat, problems);
      if (!c.purl.empty() && PurlPackage(c.purl).empty()) {
        problems.Add(cat + "/purl",
                     {.ja = fmt::format("PURL \"{}\" は pkg: で始まる形式ではありません", c.purl),
                      .en = fmt::format("purl \"{}\" is not of the form pkg:…", c.purl)});
      }
      c.cpe = internal::Str(*o, "cpe", cat, problems);
      if (!c.cpe.empty() && c.cpe.substr(0, 4) != "cpe:") {
        problems.Add(cat + "/cpe",
                     {.ja = fmt::format("CPE \"{}\" は cpe: で始まる形式ではありません", c.cpe),
                      .en = fmt::format("cpe \"{}\" is not of the form cpe:…", c.cpe)});
      }
      ReadEntityMember(*o, "supplier", cat, problems, &c.supplier);
      ReadEntityMember(*o, "manufacturer", cat, problems, &c.manufacturer);
      ReadProperties(*o, cat, problems,
                     [&](std::string_view name, const std::string& value, const std::string& vat) {
                       if (name == kSerial) {
                         c.serial = value;
                       } else if (name == kSupplierNumber) {
                         c.supplier.corporate_number = value;
                         internal::CheckCorporateNumber(value, vat, problems);
                       } else if (name == kManufacturerNumber) {
                         c.manufacturer.corporate_number = value;
                         internal::CheckCorporateNumber(value, vat, problems);
                       }
                     });
      std::string ref = c.ref;
      inventory.components.push_back(std::move(c));
      if (const json::array* children = internal::Array(*o, "components", cat, problems)) {
        if (depth + 1 > kMaxNestingDepth) {
          problems.Add(cat + "/components",
                       {.ja = fmt::format("入れ子が上限 {} 段を超えています", kMaxNestingDepth),
                        .en = fmt::format("nested deeper than {} levels", kMaxNestingDepth)});
        } else {
          ReadComponents(*children, cat + "/components", ref, depth + 1);
        }
      }
    }
  }

  void ReadServices(const json::array& list) {
    if (list.size() > kMaxServices) {
      problems.Add("/services",
                   {.ja = fmt::format("サービスが上限 {} 個を超えています", kMaxServices),
                    .en = fmt::format("more than {} services", kMaxServices)});
      return;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = fmt::format("/services/{}", i);
      const json::object* o = list[i].if_object();
      if (o == nullptr) {
        problems.Add(at, {.ja = "サービスはオブジェクトでなければなりません",
                          .en = "a service must be an object"});
        continue;
      }
      Service s;
      s.name = internal::Required(*o, "name", at, problems);
      s.ref = internal::Str(*o, "bom-ref", at, problems);
      if (s.ref.empty()) s.ref = fmt::format("kikan-s{}", ++generated);
      DefineRef(s.ref, o->contains("bom-ref") ? at + "/bom-ref" : at);
      s.group = internal::Str(*o, "group", at, problems);
      s.version = internal::Str(*o, "version", at, problems);
      ReadEntityMember(*o, "provider", at, problems, &s.provider);
      ReadProperties(*o, at, problems,
                     [&](std::string_view name, const std::string& value, const std::string& vat) {
                       if (name == kProviderNumber) {
                         s.provider.corporate_number = value;
                         internal::CheckCorporateNumber(value, vat, problems);
                       }
                     });
      inventory.services.push_back(std::move(s));
    }
  }

  void CheckRef(const std::string& ref, const std::string& at) {
    if (!ref.empty() && refs.count(ref) == 0) {
      problems.Add(at, {.ja = fmt::format("参照 \"{}\" に当たる bom-ref がありません", ref),
                        .en = fmt::format("no bom-ref \"{}\" to refer to", ref)});
    }
  }

  void ReadDependencies(const json::array& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = fmt::format("/dependencies/{}", i);
      const json::object* o = list[i].if_object();
      if (o == nullptr) {
        problems.Add(at, {.ja = "依存関係はオブジェクトでなければなりません",
                          .en = "a dependency must be an object"});
        continue;
      }
      Dependency d;
      d.ref = internal::Required(*o, "ref", at, problems);
      CheckRef(d.ref, at + "/ref");
      if (const json::array* on = internal::Array(*o, "dependsOn", at, problems)) {
        for (size_t j = 0; j < on->size(); ++j) {
          std::string jat = fmt::format("{}/dependsOn/{}", at, j);
          if (const json::string* s = (*on)[j].if_string()) {
            d.depends_on.emplace_back(*s);
            CheckRef(d.depends_on.back(), jat);
          } else {
            problems.Add(jat, {.ja = "参照は文字列でなければなりません",
                               .en = "a reference must be a string"});
          }
        }
      }
      inventory.dependencies.push_back(std::move(d));
    }
  }
};

base::Result<ParsedDocument> ParseCycloneDx(const json::object& doc) {
  CdxReader r;
  ParsedDocument out;
  out.format = DocumentFormat::kCycloneDx;
  out.spec_version = internal::Required(doc, "specVersion", "", r.problems);
  if (!out.spec_version.empty() && out.spec_version != "1.5" && out.spec_version != "1.6") {
    r.problems.Add(
        "/specVersion",
        {.ja = fmt::format("CycloneDX {} は読めません（1.5 と 1.6 を読みます）", out.spec_version),
         .en = fmt::format("CycloneDX {} is not read (1.5 and 1.6 are)", out.spec_version)});
  }
  if (const json::object* meta = internal::Object(doc, "metadata", "", r.problems)) {
    if (const json::object* root = internal::Object(*meta, "component", "/metadata", r.problems)) {
      r.inventory.name = internal::Required(*root, "name", "/metadata/component", r.problems);
      r.inventory.ref = internal::Str(*root, "bom-ref", "/metadata/component", r.problems);
      if (!r.inventory.ref.empty()) r.DefineRef(r.inventory.ref, "/metadata/component/bom-ref");
      ReadEntityMember(*root, "supplier", "/metadata/component", r.problems, &r.inventory.supplier);
      ReadEntityMember(*root, "manufacturer", "/metadata/component", r.problems,
                       &r.inventory.manufacturer);
      ReadProperties(*root, "/metadata/component", r.problems,
                     [&](std::string_view name, const std::string& value, const std::string& vat) {
                       if (name == kSupplierNumber) {
                         r.inventory.supplier.corporate_number = value;
                         internal::CheckCorporateNumber(value, vat, r.problems);
                       } else if (name == kManufacturerNumber) {
                         r.inventory.manufacturer.corporate_number = value;
                         internal::CheckCorporateNumber(value, vat, r.problems);
                       }
                     });
    }
    ReadProperties(*meta, "/metadata", r.problems,
                   [&](std::string_view name, const std::string& value, const std::string&) {
                     if (name == kSampleProperty) r.inventory.sample = value;
                   });
  }
  if (const json::array* components = internal::Array(doc, "components", "", r.problems))
    r.ReadComponents(*components, "/components", "", 1);
  if (const json::array* services = internal::Array(doc, "services", "", r.problems))
    r.ReadServices(*services);
  if (const json::array* deps = internal::Array(doc, "dependencies", "", r.problems))
    r.ReadDependencies(*deps);
  if (!r.problems.empty()) return r.problems.Refusal("CycloneDX");
  out.inventory = std::move(r.inventory);
  return out;
}

json::object Entity(const PartyRef& party) {
  json::object o;
  if (!party.name.empty()) o["name"] = party.name;
  if (!party.country.empty()) o["address"] = json::object{{"country", party.country}};
  if (!party.url.empty()) o["url"] = json::array{json::value(party.url)};
  return o;
}

void AddProperty(json::array& props, std::string_view name, const std::string& value) {
  if (!value.empty()) props.push_back(json::object{{"name", name}, {"value", value}});
}

json::object ComponentJson(const Component& c) {
  json::object o;
  o["type"] = c.type;
  o["bom-ref"] = c.ref;
  if (!c.supplier.name.empty() || !c.supplier.url.empty() || !c.supplier.country.empty())
    o["supplier"] = Entity(c.supplier);
  if (!c.manufacturer.name.empty() || !c.manufacturer.url.empty() ||
      !c.manufacturer.country.empty())
    o["manufacturer"] = Entity(c.manufacturer);
  if (!c.group.empty()) o["group"] = c.group;
  o["name"] = c.name;
  if (!c.version.empty()) o["version"] = c.version;
  if (!c.cpe.empty()) o["cpe"] = c.cpe;
  if (!c.purl.empty()) o["purl"] = c.purl;
  json::array props;
  AddProperty(props, kSerial, c.serial);
  AddProperty(props, kSupplierNumber, c.supplier.corporate_number);
  AddProperty(props, kManufacturerNumber, c.manufacturer.corporate_number);
  if (!props.empty()) o["properties"] = std::move(props);
  return o;
}

}  // namespace

base::Result<ParsedDocument> ParseDocument(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return base::InvalidArgument(
        {.ja = fmt::format("文書が大きすぎます（{} バイト、上限 {} バイト）", text.size(),
                           kMaxDocumentBytes),
         .en = fmt::format("the document is too large ({} bytes; at most {})", text.size(),
                           kMaxDocumentBytes)});
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 2 * kMaxNestingDepth + 16;
  json::monotonic_resource resource;
  json::value doc = json::parse(text, ec, &resource, options);
  if (ec) {
    return base::InvalidArgument({.ja = fmt::format("JSON として読めません: {}", ec.message()),
                                  .en = fmt::format("not JSON: {}", ec.message())});
  }
  const json::object* root = doc.if_object();
  if (root == nullptr) {
    return base::InvalidArgument({.ja = "文書は JSON オブジェクトでなければなりません",
                                  .en = "the document must be a JSON object"})
        .WithFields({{"", {.ja = "オブジェクトではありません", .en = "not an object"}}});
  }
  if (const json::value* format = root->if_contains("bomFormat")) {
    if (format->is_string() && format->get_string() == "CycloneDX") return ParseCycloneDx(*root);
    return base::InvalidArgument({.ja = "bomFormat は \"CycloneDX\" でなければなりません",
                                  .en = "bomFormat must be \"CycloneDX\""})
        .WithFields(
            {{"/bomFormat", {.ja = "\"CycloneDX\" ではありません", .en = "not \"CycloneDX\""}}});
  }
  if (root->contains("spdxVersion")) return internal::ParseSpdx(*root);
  return base::InvalidArgument(
             {.ja = "CycloneDX（bomFormat）でも SPDX（spdxVersion）でもない文書です",
              .en = "the document is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)"})
      .WithFields({{"",
                    {.ja = "bomFormat も spdxVersion もありません",
                     .en = "neither bomFormat nor spdxVersion"}}});
}

std::string ExportCycloneDx(const Inventory& inventory, const ExportOptions& options) {
  json::object doc;
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  if (!options.serial_number.empty()) doc["serialNumber"] = options.serial_number;
  doc["version"] = 1;
  json::object meta;
  if (!options.timestamp.empty()) meta["timestamp"] = options.timestamp;
  meta["tools"] = json::object{
      {"components", json::array{json::object{{"type", "application"}, {"name", "kikan"}}}}};
  if (!inventory.name.empty()) {
    supply::Component system;
    system.type = "application";
    system.ref = inventory.ref;
    system.name = inventory.name;
    system.supplier = inventory.supplier;
    system.manufacturer = inventory.manufacturer;
    json::object root = ComponentJson(system);
    if (inventory.ref.empty()) root.erase("bom-ref");
    meta["component"] = std::move(root);
  }
  json::array meta_props;
  AddProperty(meta_props, kSystemProperty, options.system_id);
  AddProperty(meta_props, kSampleProperty, inventory.sample);
  if (!meta_props.empty()) meta["properties"] = std::move(meta_props);
  doc["metadata"] = std::move(meta);

  // Nesting rebuilt from `parent`: each component is appended to its parent's array, in order
  // (a parent always comes before its children).
  json::array top;
  std::unordered_map<std::string, size_t> index;
  std::vector<std::vector<size_t>> children(inventory.components.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < inventory.components.size(); ++i) {
    const Component& c = inventory.components[i];
    index.emplace(c.ref, i);
    auto parent = c.parent.empty() ? index.end() : index.find(c.parent);
    if (parent == index.end() || parent->second == i) {
      roots.push_back(i);
    } else {
      children[parent->second].push_back(i);
    }
  }
  std::function<json::object(size_t, int)> build = [&](size_t i, int depth) {
    json::object o = ComponentJson(inventory.components[i]);
    if (!children[i].empty() && depth < kMaxNestingDepth) {
      json::array kids;
      for (size_t k : children[i]) kids.push_back(build(k, depth + 1));
      o["components"] = std::move(kids);
    }
    return o;
  };
  for (size_t i : roots) top.push_back(build(i, 1));
  if (!top.empty()) doc["components"] = std::move(top);

  if (!inventory.services.empty()) {
    json::array services;
    for (const Service& s : inventory.services) {
      json::object o;
      o["bom-ref"] = s.ref;
      if (!s.provider.name.empty() || !s.provider.url.empty() || !s.provider.country.empty())
        o["provider"] = Entity(s.provider);
      if (!s.group.empty()) o["group"] = s.group;
      o["name"] = s.name;
      if (!s.version.empty()) o["version"] = s.version;
      json::array props;
      AddProperty(props, kProviderNumber, s.provider.corporate_number);
      if (!props.empty()) o["properties"] = std::move(props);
      services.push_back(std::move(o));
    }
    doc["services"] = std::move(services);
  }
  if (!inventory.dependencies.empty()) {
    json::array deps;
    for (const Dependency& d : inventory.dependencies) {
      json::array on;
      for (const auto& r : d.depends_on) on.push_back(json::value(r));
      deps.push_back(json::object{{"ref", d.ref}, {"dependsOn", std::move(on)}});
    }
    doc["dependencies"] = std::move(deps);
  }
  return json::serialize(doc) + "\n";
}

}  // namespace kikan::supply
