// SPDX 2.3 JSON into an Inventory: packages become components (the package the document
// DESCRIBES is the system itself), CONTAINS / CONTAINED_BY nest them, DEPENDS_ON /
// DEPENDENCY_OF become dependencies, supplier and originator the supplier and manufacturer,
// externalRefs of type purl and cpe23Type / cpe22Type the identifiers, primaryPackagePurpose
// the type.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <unordered_map>

#include "supply/document_internal.h"

namespace kikan::supply::internal {
namespace {

namespace json = boost::json;

// "Organization: 株式会社A (info@a.example)" → 株式会社A; "NOASSERTION" → "".
std::string SpdxAgent(std::string_view s) {
  if (s == "NOASSERTION" || s == "NONE") return "";
  for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s.remove_prefix(prefix.size());
      break;
    }
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!s.empty() && s.back() == ')') {
    auto open = s.rfind(" (");
    if (open != std::string_view::npos) s = s.substr(0, open);
  }
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string TypeOfPurpose(std::string_view purpose) {
  static const std::map<std::string_view, std::string_view> kTypes = {
      {"APPLICATION", "application"},
      {"FRAMEWORK", "framework"},
      {"LIBRARY", "library"},
      {"CONTAINER", "container"},
      {"OPERATING-SYSTEM", "operating-system"},
      {"DEVICE", "device"},
      {"FIRMWARE", "firmware"},
      {"FILE", "file"},
      {"SOURCE", "file"},
      {"ARCHIVE", "file"},
      {"INSTALL", "application"},
      {"OTHER", "library"}};
  auto it = kTypes.find(purpose);
  return it == kTypes.end() ? "" : std::string(it->second);
}

}  // namespace

base::Result<ParsedDocument> ParseSpdx(const json::object& doc) {
  Problems p;
  ParsedDocument out;
  out.format = DocumentFormat::kSpdx;
  out.spec_version = Required(doc, "spdxVersion", "", p);
  if (!out.spec_version.empty() && out.spec_version != "SPDX-2.3") {
    p.Add("/spdxVersion",
          {.ja = fmt::format("{} は読めません（SPDX-2.3 を読みます）", out.spec_version),
           .en = fmt::format("{} is not read (SPDX-2.3 is)", out.spec_version)});
  }
  std::string doc_id = Required(doc, "SPDXID", "", p);
  std::string doc_name = Required(doc, "name", "", p);
  Required(doc, "documentNamespace", "", p);

  // Packages, in document order.
  std::vector<Component> packages;
  std::unordered_map<std::string, size_t> index;  // SPDXID → packages index
  std::vector<std::string> at_of;                 // pointer of each package
  if (const json::array* list = Array(doc, "packages", "", p)) {
    if (list->size() > kMaxComponents) {
      p.Add("/packages", {.ja = fmt::format("パッケージが上限 {} 個を超えています", kMaxComponents),
                          .en = fmt::format("more than {} packages", kMaxComponents)});
      return p.Refusal("SPDX");
    }
    for (size_t i = 0; i < list->size(); ++i) {
      std::string at = fmt::format("/packages/{}", i);
      const json::object* o = (*list)[i].if_object();
      if (o == nullptr) {
        p.Add(at, {.ja = "パッケージはオブジェクトでなければなりません",
                   .en = "a package must be an object"});
        continue;
      }
      Component c;
      c.ref = Required(*o, "SPDXID", at, p);
      c.name = Required(*o, "name", at, p);
      c.version = Str(*o, "versionInfo", at, p);
      c.supplier.name = SpdxAgent(Str(*o, "supplier", at, p));
      c.manufacturer.name = SpdxAgent(Str(*o, "originator", at, p));
      std::string purpose = Str(*o, "primaryPackagePurpose", at, p);
      c.type = purpose.empty() ? "library" : TypeOfPurpose(purpose);
      if (c.type.empty()) {
        p.Add(at + "/primaryPackagePurpose",
              {.ja = fmt::format("不明な primaryPackagePurpose \"{}\" です", purpose),
               .en = fmt::format("unknown primaryPackagePurpose \"{}\"", purpose)});
      }
      if (const json::array* refs = Array(*o, "externalRefs", at, p)) {
        for (size_t j = 0; j < refs->size(); ++j) {
          std::string rat = fmt::format("{}/externalRefs/{}", at, j);
          const json::object* r = (*refs)[j].if_object();
          if (r == nullptr) {
            p.Add(rat, {.ja = "externalRefs の要素はオブジェクトでなければなりません",
                        .en = "an external reference must be an object"});
            continue;
          }
          std::string type = Required(*r, "referenceType", rat, p);
          std::string locator = Required(*r, "referenceLocator", rat, p);
          if (type == "purl" && c.purl.empty()) {
            c.purl = locator;
            if (PurlPackage(locator).empty()) {
              p.Add(rat + "/referenceLocator",
                    {.ja = fmt::format("PURL \"{}\" は pkg: で始まる形式ではありません", locator),
                     .en = fmt::format("purl \"{}\" is not of the form pkg:…", locator)});
            }
          } else if ((type == "cpe23Type" || type == "cpe22Type") && c.cpe.empty()) {
            c.cpe = locator;
          }
        }
      }
      if (!c.ref.empty()) {
        auto [it, inserted] = index.emplace(c.ref, packages.size());
        if (!inserted) {
          p.Add(at + "/SPDXID", {.ja = fmt::format("SPDXID \"{}\" が重複しています（先の定義: {}）",
                                                   c.ref, at_of[it->second]),
                                 .en = fmt::format("SPDXID \"{}\" is used twice (first at {})",
                                                   c.ref, at_of[it->second])});
          continue;
        }
      }
      packages.push_back(std::move(c));
      at_of.push_back(at);
    }
  }

  // Relationships.
  std::vector<std::string> described;
  std::vector<std::string> parent(packages.size());
  std::vector<std::string> parent_at(packages.size());
  std::map<std::string, std::vector<std::string>> depends;  // ref → refs, in order of first
  std::vector<std::string> depends_order;
  auto known = [&](const std::string& ref, const std::string& at) {
    if (ref == doc_id || index.count(ref)) return true;
    p.Add(at, {.ja = fmt::format("要素 \"{}\" がありません", ref),
               .en = fmt::format("no element \"{}\"", ref)});
    return false;
  };
  auto contain = [&](const std::string& outer, const std::string& inner, const std::string& at) {
    if (outer == doc_id) return;
    size_t i = index.at(inner);
    if (!parent[i].empty() && parent[i] != outer) {
      p.Add(at, {.ja = fmt::format("\"{}\" は二つのパッケージに含まれています（{}）", inner,
                                   parent_at[i]),
                 .en = fmt::format("\"{}\" is contained in two packages (also at {})", inner,
                                   parent_at[i])});
      return;
    }
    parent[i] = outer;
    parent_at[i] = at;
  };
  auto depend = [&](const std::string& from, const std::string& to) {
    auto [it, inserted] = depends.try_emplace(from);
    if (inserted) depends_order.push_back(from);
    it->second.push_back(to);
  };
  if (const json::array* list = Array(doc, "relationships", "", p)) {
    for (size_t i = 0; i < list->size(); ++i) {
      std::string at = fmt::format("/relationships/{}", i);
      const json::object* o = (*list)[i].if_object();
      if (o == nullptr) {
        p.Add(at, {.ja = "関係はオブジェクトでなければなりません",
                   .en = "a relationship must be an object"});
        continue;
      }
      std::string a = Required(*o, "spdxElementId", at, p);
      std::string type = Required(*o, "relationshipType", at, p);
      std::string b = Required(*o, "relatedSpdxElement", at, p);
      if (a.empty() || b.empty() || type.empty()) continue;
      if (b == "NOASSERTION" || b == "NONE") continue;
      if (!known(a, at + "/spdxElementId") || !known(b, at + "/relatedSpdxElement")) continue;
      if (type == "DESCRIBES" && a == doc_id) {
        described.push_back(b);
      } else if (type == "DESCRIBED_BY" && b == doc_id) {
        described.push_back(a);
      } else if (type == "CONTAINS" && b != doc_id) {
        contain(a, b, at);
      } else if (type == "CONTAINED_BY" && a != doc_id) {
        contain(b, a, at);
      } else if (type == "DEPENDS_ON") {
        depend(a, b);
      } else if (type == "DEPENDENCY_OF") {
        depend(b, a);
      }
    }
  }
  if (const json::array* list = Array(doc, "documentDescribes", "", p)) {
    for (size_t i = 0; i < list->size(); ++i) {
      if (const json::string* s = (*list)[i].if_string()) {
        if (known(std::string(*s), fmt::format("/documentDescribes/{}", i)))
          described.emplace_back(*s);
      }
    }
  }

  // The system: the one package the document describes; else the document's name.
  Inventory& inv = out.inventory;
  std::string root;
  std::sort(described.begin(), described.end());
  described.erase(std::unique(described.begin(), described.end()), described.end());
  if (described.size() == 1 && index.count(described[0])) {
    root = described[0];
    inv.name = packages[index.at(root)].name;
    inv.ref = root;
    inv.supplier = packages[index.at(root)].supplier;
    inv.manufacturer = packages[index.at(root)].manufacturer;
  } else {
    inv.name = doc_name;
  }

  // Components depth first, each parent before its children; a package inside the root is at
  // the top. A cycle of CONTAINS leaves packages unreached: reported.
  std::vector<std::vector<size_t>> children(packages.size());
  std::vector<size_t> tops;
  for (size_t i = 0; i < packages.size(); ++i) {
    if (packages[i].ref == root) continue;
    if (parent[i].empty() || parent[i] == root) {
      tops.push_back(i);
    } else {
      children[index.at(parent[i])].push_back(i);
    }
  }
  std::vector<bool> placed(packages.size(), false);
  std::function<void(size_t, int)> place = [&](size_t i, int depth) {
    if (depth > kMaxNestingDepth) {
      p.Add(at_of[i], {.ja = fmt::format("入れ子が上限 {} 段を超えています", kMaxNestingDepth),
                       .en = fmt::format("nested deeper than {} levels", kMaxNestingDepth)});
      return;
    }
    placed[i] = true;
    Component c = packages[i];
    c.parent = parent[i] == root ? "" : parent[i];
    inv.components.push_back(std::move(c));
    for (size_t k : children[i]) place(k, depth + 1);
  };
  for (size_t i : tops) place(i, 1);
  for (size_t i = 0; i < packages.size(); ++i) {
    if (!placed[i] && packages[i].ref != root) {
      p.Add(parent_at[i].empty() ? at_of[i] : parent_at[i],
            {.ja = fmt::format("\"{}\" の CONTAINS が循環しています", packages[i].ref),
             .en = fmt::format("CONTAINS of \"{}\" forms a cycle", packages[i].ref)});
    }
  }
  for (const auto& from : depends_order) {
    Dependency d;
    d.ref = from == doc_id ? root : from;
    for (const auto& to : depends[from]) d.depends_on.push_back(to == doc_id ? root : to);
    if (!d.ref.empty()) inv.dependencies.push_back(std::move(d));
  }
  if (!p.empty()) return p.Refusal("SPDX");
  return out;
}

}  // namespace kikan::supply::internal
