// CSAF 2.0 advisories (ParseCsaf): advisory.h.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>

#include "supply/advisory.h"
#include "supply/document_internal.h"

namespace kikan::supply {
namespace json = boost::json;
using internal::Problems;

namespace {

constexpr int kMaxBranchDepth = 30;

// A product of the tree with what its branches say of it.
struct TreeProduct {
  AffectedProduct product;
  std::string pointer;
};

// "vers:generic/>=1.0|<2.1.5" (and any vers scheme): comparators joined as one range
// (>= and > introduce, < fixes, <= is last affected; the bound of > and every != are excluded
// versions); "=" constraints become listed versions.
// false when it is not a vers string Kikan reads.
bool ParseVers(std::string_view text, AffectedProduct* p) {
  if (text.substr(0, 5) != "vers:") return false;
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view rest = text.substr(slash + 1);
  if (rest == "*") {
    p->all_versions = true;
    return true;
  }
  VersionRange range;
  range.type = "ECOSYSTEM";
  bool lower = false;
  while (!rest.empty()) {
    auto bar = rest.find('|');
    std::string_view c = rest.substr(0, bar);
    rest.remove_prefix(bar == std::string_view::npos ? rest.size() : bar + 1);
    auto take = [&](std::string_view op) {
      if (c.substr(0, op.size()) != op) return false;
      c.remove_prefix(op.size());
      return true;
    };
    VersionEvent e;
    if (take(">=")) {
      e.kind = VersionEvent::Kind::kIntroduced;
      lower = true;
    } else if (take("<=")) {
      e.kind = VersionEvent::Kind::kLastAffected;
    } else if (take(">")) {
      // "> v": introduced at v, with v itself excluded.
      e.kind = VersionEvent::Kind::kIntroduced;
      lower = true;
      if (!c.empty()) p->excluded_versions.emplace_back(c);
    } else if (take("<")) {
      e.kind = VersionEvent::Kind::kFixed;
    } else if (take("!=")) {
      if (c.empty()) return false;
      p->excluded_versions.emplace_back(c);
      continue;
    } else {
      take("=");
      if (c.empty()) return false;
      p->versions.emplace_back(c);
      continue;
    }
    if (c.empty()) return false;
    e.version = std::string(c);
    range.events.push_back(std::move(e));
  }
  if (!range.events.empty()) {
    if (!lower) range.events.insert(range.events.begin(), {VersionEvent::Kind::kIntroduced, "0"});
    p->ranges.push_back(std::move(range));
  }
  return true;
}

class TreeReader {
 public:
  explicit TreeReader(Problems& p) : p_(p) {}
  std::map<std::string, TreeProduct> products;

  void Product(const json::object& o, const std::string& at, const AffectedProduct& context) {
    std::string id = internal::Required(o, "product_id", at, p_);
    internal::Required(o, "name", at, p_);
    if (id.empty()) return;
    TreeProduct tp{context, at};
    tp.product.product_id = id;
    if (const json::object* h = internal::Object(o, "product_identification_helper", at, p_)) {
      std::string hat = at + "/product_identification_helper";
      std::string cpe = internal::Str(*h, "cpe", hat, p_);
      std::string purl = internal::Str(*h, "purl", hat, p_);
      const json::array* models = internal::Array(*h, "model_numbers", hat, p_);
      if (!purl.empty()) {
        std::string version;
        auto slash = purl.rfind('/');
        auto atsign = purl.rfind('@');
        if (atsign != std::string::npos && (slash == std::string::npos || atsign > slash))
          version = purl.substr(atsign + 1, purl.find_first_of("?#", atsign) - atsign - 1);
        tp.product.purl = PurlPackage(purl);
        if (tp.product.purl.empty()) {
          p_.Add(hat + "/purl",
                 {.ja = "pkg: で始まる PURL ではありません", .en = "not a pkg: purl"});
        }
        if (!version.empty()) {
          tp.product.versions = {version};
          tp.product.ranges.clear();
          tp.product.excluded_versions.clear();
          tp.product.all_versions = false;
        }
        tp.product.cpe.clear();
        tp.product.model.clear();
      } else if (!cpe.empty()) {
        if (CpeProductKey(cpe).empty()) {
          p_.Add(hat + "/cpe", {.ja = "CPE ではありません", .en = "not a CPE name"});
        }
        tp.product.cpe = cpe;
        tp.product.model.clear();
      } else if (models != nullptr && !models->empty()) {
        if (const json::string* m = (*models)[0].if_string()) {
          tp.product.model = std::string(*m);
        } else {
          p_.Add(hat + "/model_numbers/0",
                 {.ja = "文字列でなければなりません", .en = "must be a string"});
        }
        // Further model numbers become products of their own under the same id.
        for (size_t i = 1; i < models->size(); ++i) {
          if (const json::string* m = (*models)[i].if_string()) {
            TreeProduct extra = tp;
            extra.product.model = std::string(*m);
            extras_.emplace(id, std::move(extra));
          }
        }
      }
    }
    if (tp.product.purl.empty() && tp.product.cpe.empty() && tp.product.model.empty()) {
      p_.Add(at, {.ja = "製品を特定できません（CPE、PURL、型式番号、又は vendor と product_name "
                        "の枝がありません）",
                  .en = "the product cannot be identified (no CPE, purl, model number, or vendor "
                        "and product_name branches)"});
      return;
    }
    if (!tp.product.ranges.empty() || !tp.product.versions.empty()) tp.product.all_versions = false;
    if (tp.product.ranges.empty() && tp.product.versions.empty()) tp.product.all_versions = true;
    if (!products.emplace(id, std::move(tp)).second) {
      // The same id may appear under several branches in the wild; the first is kept.
    }
  }

  void Branches(const json::array& branches, const std::string& at, AffectedProduct context,
                int depth) {
    if (depth > kMaxBranchDepth) {
      p_.Add(at, {.ja = "枝が深すぎます", .en = "branches nested too deep"});
      return;
    }
    for (size_t i = 0; i < branches.size(); ++i) {
      std::string bat = fmt::format("{}/{}", at, i);
      const json::object* b = branches[i].if_object();
      if (b == nullptr) {
        p_.Add(bat, {.ja = "オブジェクトでなければなりません", .en = "must be an object"});
        continue;
      }
      std::string category = internal::Required(*b, "category", bat, p_);
      std::string name = internal::Required(*b, "name", bat, p_);
      AffectedProduct ctx = context;
      if (category == "vendor") {
        ctx.manufacturer = name;
      } else if (category == "product_name" || category == "product_family") {
        ctx.model = name;
      } else if (category == "product_version") {
        ctx.versions = {name};
        ctx.ranges.clear();
      } else if (category == "product_version_range") {
        ctx.versions.clear();
        ctx.ranges.clear();
        if (!ParseVers(name, &ctx)) {
          p_.Add(
              bat + "/name",
              {.ja = fmt::format("版の範囲 \"{}\" は読めません（vers: 形式のみ）", name),
               .en = fmt::format("version range \"{}\" is not a vers: string Kikan reads", name)});
        }
      }
      if (const json::object* prod = internal::Object(*b, "product", bat, p_))
        Product(*prod, bat + "/product", ctx);
      if (const json::array* sub = internal::Array(*b, "branches", bat, p_))
        Branches(*sub, bat + "/branches", ctx, depth + 1);
    }
  }

  std::multimap<std::string, TreeProduct> extras_;

 private:
  Problems& p_;
};

}  // namespace

base::Result<std::vector<Advisory>> ParseCsaf(std::string_view text) {
  KIKAN_ASSIGN_OR_RETURN(json::value doc, internal::ParseAdvisoryJson(text, "CSAF"));
  const json::object* root = &doc.get_object();
  Problems p;
  std::string tracking_id, modified, published, title, url, sample;
  const json::object* document = internal::Object(*root, "document", "", p);
  if (document == nullptr) {
    p.Add("/document", {.ja = "document は必須です", .en = "document is required"});
  } else {
    std::string version = internal::Required(*document, "csaf_version", "/document", p);
    if (!version.empty() && version != "2.0") {
      p.Add("/document/csaf_version",
            {.ja = "CSAF 2.0 のみ読めます", .en = "only CSAF 2.0 is read"});
    }
    title = internal::Str(*document, "title", "/document", p);
    const json::object* tracking = internal::Object(*document, "tracking", "/document", p);
    if (tracking == nullptr) {
      p.Add("/document/tracking", {.ja = "tracking は必須です", .en = "tracking is required"});
    } else {
      tracking_id = internal::Required(*tracking, "id", "/document/tracking", p);
      modified = internal::Required(*tracking, "current_release_date", "/document/tracking", p);
      published = internal::Str(*tracking, "initial_release_date", "/document/tracking", p);
    }
    if (const json::array* notes = internal::Array(*document, "notes", "/document", p)) {
      for (const auto& n : *notes) {
        const json::object* no = n.if_object();
        if (no == nullptr) continue;
        const json::value* t = no->if_contains("title");
        const json::value* x = no->if_contains("text");
        if (t != nullptr && t->is_string() && t->get_string() == "kikan:sample" && x != nullptr &&
            x->is_string())
          sample = std::string(x->get_string());
      }
    }
    if (const json::array* refs = internal::Array(*document, "references", "/document", p)) {
      for (const auto& r : *refs) {
        const json::object* ro = r.if_object();
        if (ro == nullptr) continue;
        const json::value* u = ro->if_contains("url");
        if (u != nullptr && u->is_string()) {
          url = std::string(u->get_string());
          const json::value* cat = ro->if_contains("category");
          if (cat != nullptr && cat->is_string() && cat->get_string() == "self") break;
        }
      }
    }
  }
  TreeReader tree(p);
  if (const json::object* pt = internal::Object(*root, "product_tree", "", p)) {
    if (const json::array* b = internal::Array(*pt, "branches", "/product_tree", p))
      tree.Branches(*b, "/product_tree/branches", {}, 0);
    if (const json::array* full = internal::Array(*pt, "full_product_names", "/product_tree", p)) {
      for (size_t i = 0; i < full->size(); ++i) {
        std::string at = fmt::format("/product_tree/full_product_names/{}", i);
        if (const json::object* o = (*full)[i].if_object()) {
          tree.Product(*o, at, {});
        } else {
          p.Add(at, {.ja = "オブジェクトでなければなりません", .en = "must be an object"});
        }
      }
    }
  }
  std::vector<Advisory> out;
  const json::array* vulns = internal::Array(*root, "vulnerabilities", "", p);
  if (vulns == nullptr || vulns->empty()) {
    p.Add("/vulnerabilities", {.ja = "vulnerabilities がありません", .en = "no vulnerabilities"});
  } else {
    for (size_t i = 0; i < vulns->size(); ++i) {
      std::string at = fmt::format("/vulnerabilities/{}", i);
      const json::object* v = (*vulns)[i].if_object();
      if (v == nullptr) {
        p.Add(at, {.ja = "オブジェクトでなければなりません", .en = "must be an object"});
        continue;
      }
      Advisory a;
      std::string cve = internal::Str(*v, "cve", at, p);
      a.id = fmt::format("{}/{}", tracking_id, cve.empty() ? std::to_string(i + 1) : cve);
      if (!cve.empty()) a.aliases.push_back(cve);
      a.summary = internal::Str(*v, "title", at, p);
      if (a.summary.empty()) a.summary = title;
      a.modified = modified;
      a.published = published;
      a.url = url;
      a.sample = sample;
      const json::object* status = internal::Object(*v, "product_status", at, p);
      if (status == nullptr) {
        p.Add(at + "/product_status",
              {.ja = "product_status は必須です", .en = "product_status is required"});
        continue;
      }
      for (const char* key : {"known_affected", "first_affected", "last_affected"}) {
        const json::array* ids = internal::Array(*status, key, at + "/product_status", p);
        if (ids == nullptr) continue;
        for (size_t k = 0; k < ids->size(); ++k) {
          std::string kat = fmt::format("{}/product_status/{}/{}", at, key, k);
          const json::string* id = (*ids)[k].if_string();
          if (id == nullptr) {
            p.Add(kat, {.ja = "文字列でなければなりません", .en = "must be a string"});
            continue;
          }
          auto found = tree.products.find(std::string(*id));
          if (found == tree.products.end()) {
            p.Add(
                kat,
                {.ja = fmt::format("製品 \"{}\" は product_tree にありません", std::string(*id)),
                 .en = fmt::format("product \"{}\" is not in the product_tree", std::string(*id))});
            continue;
          }
          if (a.affected.size() >= kMaxAffected) {
            p.Add(kat, {.ja = fmt::format("{} 件を超えています", kMaxAffected),
                        .en = fmt::format("more than {} products", kMaxAffected)});
            break;
          }
          a.affected.push_back(found->second.product);
          auto extras = tree.extras_.equal_range(std::string(*id));
          for (auto it = extras.first; it != extras.second; ++it)
            a.affected.push_back(it->second.product);
        }
      }
      out.push_back(std::move(a));
    }
  }
  if (!p.empty()) return p.Refusal("CSAF");
  return out;
}

}  // namespace kikan::supply
