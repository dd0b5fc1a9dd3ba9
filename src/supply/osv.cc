// OSV records (ParseOsv) and matching advisories to components (MatchComponent): advisory.h.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "supply/advisory.h"
#include "supply/document_internal.h"
#include "supply/names.h"

namespace kikan::supply {
namespace json = boost::json;
using internal::Problems;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

// The purl of an OSV package without one, from its ecosystem and name ("" when unknown).
std::string EcosystemPurl(std::string_view ecosystem, std::string_view name) {
  // "Debian:12" and the like carry a release after ':'.
  std::string eco(ecosystem.substr(0, ecosystem.find(':')));
  std::string n(name);
  if (eco == "Maven") {
    auto colon = n.find(':');
    if (colon == std::string::npos) return "";
    return "pkg:maven/" + n.substr(0, colon) + "/" + n.substr(colon + 1);
  }
  if (eco == "npm") {
    if (!n.empty() && n[0] == '@') n = "%40" + n.substr(1);
    return "pkg:npm/" + n;
  }
  if (eco == "PyPI") {
    std::string k = Lower(n);
    for (char& ch : k)
      if (ch == '_' || ch == '.') ch = '-';
    return "pkg:pypi/" + k;
  }
  if (eco == "Go") return "pkg:golang/" + n;
  if (eco == "crates.io") return "pkg:cargo/" + n;
  if (eco == "NuGet") return "pkg:nuget/" + n;
  if (eco == "RubyGems") return "pkg:gem/" + n;
  if (eco == "Packagist") return "pkg:composer/" + n;
  if (eco == "Hex") return "pkg:hex/" + n;
  if (eco == "Pub") return "pkg:pub/" + n;
  return "";
}

std::vector<std::string> Strings(const json::object& o, std::string_view key, const std::string& at,
                                 Problems& p, size_t max) {
  std::vector<std::string> out;
  const json::array* a = internal::Array(o, key, at, p);
  if (a == nullptr) return out;
  if (a->size() > max) {
    p.Add(fmt::format("{}/{}", at, key),
          {.ja = fmt::format("{} 件を超えています", max), .en = fmt::format("more than {}", max)});
    return out;
  }
  for (size_t i = 0; i < a->size(); ++i) {
    if (const json::string* s = (*a)[i].if_string()) {
      out.emplace_back(*s);
    } else {
      p.Add(fmt::format("{}/{}/{}", at, key, i),
            {.ja = "文字列でなければなりません", .en = "must be a string"});
    }
  }
  return out;
}

// The CPE's fields split on ':' (a CPE 2.3 formatted string or a 2.2 URI), lower case.
std::vector<std::string> CpeFields(std::string_view cpe) {
  std::vector<std::string> f;
  std::string s = Lower(cpe);
  size_t start = 0;
  for (;;) {
    auto colon = s.find(':', start);
    f.push_back(s.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  // cpe:/a:vendor:product:version (2.2) → cpe 2.3 positions.
  if (f.size() >= 2 && f[0] == "cpe" && !f[1].empty() && f[1][0] == '/') {
    std::vector<std::string> g = {"cpe", "2.3", f[1].substr(1)};
    g.insert(g.end(), f.begin() + 2, f.end());
    return g;
  }
  return f;
}

bool VersionListedOrInRange(const AffectedProduct& p, const std::string& version) {
  for (const auto& v : p.excluded_versions)
    if (v == version) return false;
  if (p.all_versions) return true;
  if (version.empty()) return false;
  for (const auto& v : p.versions)
    if (v == version) return true;
  for (const auto& r : p.ranges)
    if (InRange(r, version)) return true;
  return false;
}

}  // namespace

std::string CpeProductKey(std::string_view cpe) {
  auto f = CpeFields(cpe);
  if (f.size() < 5 || f[0] != "cpe" || f[2].empty() || f[3].empty() || f[4].empty()) return "";
  return fmt::format("cpe:2.3:{}:{}:{}", f[2], f[3], f[4]);
}

std::string ComponentVersion(const Component& c) {
  if (!c.purl.empty()) {
    std::string s = c.purl.substr(0, c.purl.find_first_of("?#"));
    auto slash = s.rfind('/');
    auto at = s.rfind('@');
    if (at != std::string::npos && (slash == std::string::npos || at > slash) &&
        at + 1 < s.size()) {
      return s.substr(at + 1);
    }
  }
  return c.version;
}

std::string_view MatchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::kPurl:
      return "purl";
    case MatchKind::kCpe:
      return "cpe";
    case MatchKind::kModel:
      return "model";
    case MatchKind::kNone:
      break;
  }
  return "none";
}

MatchKind MatchComponent(const AffectedProduct& p, const Component& c) {
  if (!p.purl.empty()) {
    if (c.purl.empty() || PurlPackage(c.purl) != p.purl) return MatchKind::kNone;
    return VersionListedOrInRange(p, ComponentVersion(c)) ? MatchKind::kPurl : MatchKind::kNone;
  }
  if (!p.cpe.empty()) {
    if (c.cpe.empty()) return MatchKind::kNone;
    std::string key = CpeProductKey(p.cpe);
    if (key.empty() || key != CpeProductKey(c.cpe)) return MatchKind::kNone;
    auto pf = CpeFields(p.cpe), cf = CpeFields(c.cpe);
    std::string pv = pf.size() > 5 ? pf[5] : "*";
    std::string cv = cf.size() > 5 ? cf[5] : "";
    if (cv.empty() || cv == "*" || cv == "-") cv = Lower(c.version);
    if (pv == "*" || pv == "-" || pv.empty()) {
      if (p.ranges.empty() && p.versions.empty()) return MatchKind::kCpe;
      return VersionListedOrInRange(p, cv) ? MatchKind::kCpe : MatchKind::kNone;
    }
    return pv == cv ? MatchKind::kCpe : MatchKind::kNone;
  }
  if (!p.model.empty()) {
    if (FoldText(p.model) != FoldText(c.name)) return MatchKind::kNone;
    if (!p.manufacturer.empty()) {
      const std::string& maker =
          c.manufacturer.name.empty() ? c.supplier.name : c.manufacturer.name;
      if (NormaliseCompanyName(p.manufacturer) != NormaliseCompanyName(maker))
        return MatchKind::kNone;
    }
    return VersionListedOrInRange(p, c.version) ? MatchKind::kModel : MatchKind::kNone;
  }
  return MatchKind::kNone;
}

namespace internal {

base::Result<json::value> ParseAdvisoryJson(std::string_view text, std::string_view format) {
  if (text.size() > kMaxAdvisoryBytes) {
    return base::InvalidArgument(
        {.ja = fmt::format("{} 文書が大きすぎます（上限 {} バイト）", format, kMaxAdvisoryBytes),
         .en = fmt::format("the {} document is too large (at most {} bytes)", format,
                           kMaxAdvisoryBytes)});
  }
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) {
    return base::InvalidArgument({.ja = fmt::format("JSON ではありません: {}", ec.message()),
                                  .en = fmt::format("not JSON: {}", ec.message())})
        .WithFields({{"", {.ja = "JSON の構文誤り", .en = "JSON syntax error"}}});
  }
  if (!doc.is_object()) {
    return base::InvalidArgument({.ja = fmt::format("{} 文書はオブジェクトです", format),
                                  .en = fmt::format("a {} document is an object", format)})
        .WithFields({{"", {.ja = "オブジェクトではありません", .en = "not an object"}}});
  }
  return doc;
}

}  // namespace internal

base::Result<Advisory> ParseOsv(std::string_view text) {
  KIKAN_ASSIGN_OR_RETURN(json::value doc, internal::ParseAdvisoryJson(text, "OSV"));
  const json::object* root = &doc.get_object();
  Problems p;
  Advisory a;
  a.id = internal::Required(*root, "id", "", p);
  a.modified = internal::Required(*root, "modified", "", p);
  a.published = internal::Str(*root, "published", "", p);
  a.summary = internal::Str(*root, "summary", "", p);
  if (a.summary.empty()) a.summary = internal::Str(*root, "details", "", p).substr(0, 500);
  a.aliases = Strings(*root, "aliases", "", p, 1000);
  if (const json::array* refs = internal::Array(*root, "references", "", p)) {
    for (const auto& r : *refs) {
      const json::object* ro = r.if_object();
      if (ro == nullptr) continue;
      if (const json::value* u = ro->if_contains("url"); u != nullptr && u->is_string()) {
        a.url = std::string(u->get_string());
        break;
      }
    }
  }
  if (const json::object* db = internal::Object(*root, "database_specific", "", p))
    a.sample = internal::Str(*db, "kikan:sample", "/database_specific", p);
  if (const json::array* affected = internal::Array(*root, "affected", "", p)) {
    if (affected->size() > kMaxAffected) {
      p.Add("/affected", {.ja = fmt::format("{} 件を超えています", kMaxAffected),
                          .en = fmt::format("more than {} entries", kMaxAffected)});
    } else {
      for (size_t i = 0; i < affected->size(); ++i) {
        std::string at = fmt::format("/affected/{}", i);
        const json::object* ao = (*affected)[i].if_object();
        if (ao == nullptr) {
          p.Add(at, {.ja = "オブジェクトでなければなりません", .en = "must be an object"});
          continue;
        }
        AffectedProduct prod;
        if (const json::object* pkg = internal::Object(*ao, "package", at, p)) {
          std::string purl = internal::Str(*pkg, "purl", at + "/package", p);
          std::string eco = internal::Str(*pkg, "ecosystem", at + "/package", p);
          std::string name = internal::Str(*pkg, "name", at + "/package", p);
          if (!purl.empty()) {
            prod.purl = PurlPackage(purl);
            if (prod.purl.empty()) {
              p.Add(at + "/package/purl",
                    {.ja = "pkg: で始まる PURL ではありません", .en = "not a pkg: purl"});
            }
          } else {
            prod.purl = EcosystemPurl(eco, name);
            if (prod.purl.empty()) {
              p.Add(at + "/package",
                    {.ja = fmt::format("エコシステム \"{}\" の {} に PURL がありません", eco, name),
                     .en = fmt::format("no purl, and ecosystem \"{}\" of {} has no known "
                                       "mapping",
                                       eco, name)});
            }
          }
        } else {
          p.Add(at + "/package", {.ja = "package は必須です", .en = "package is required"});
        }
        prod.versions = Strings(*ao, "versions", at, p, kMaxVersions);
        bool skipped = false;  // GIT ranges: commits, not versions
        if (const json::array* ranges = internal::Array(*ao, "ranges", at, p)) {
          for (size_t r = 0; r < ranges->size(); ++r) {
            std::string rat = fmt::format("{}/ranges/{}", at, r);
            const json::object* ro = (*ranges)[r].if_object();
            if (ro == nullptr) {
              p.Add(rat, {.ja = "オブジェクトでなければなりません", .en = "must be an object"});
              continue;
            }
            VersionRange range;
            range.type = internal::Required(*ro, "type", rat, p);
            if (range.type == "GIT") {
              skipped = true;
              continue;
            }
            if (!range.type.empty() && range.type != "SEMVER" && range.type != "ECOSYSTEM") {
              p.Add(rat + "/type", {.ja = fmt::format("範囲の種類 \"{}\" は不明です", range.type),
                                    .en = fmt::format("unknown range type \"{}\"", range.type)});
            }
            const json::array* events = internal::Array(*ro, "events", rat, p);
            if (events == nullptr || events->empty() || events->size() > kMaxEvents) {
              p.Add(rat + "/events",
                    {.ja = fmt::format("events は 1〜{} 件の配列です", kMaxEvents),
                     .en = fmt::format("events must be an array of 1–{}", kMaxEvents)});
              continue;
            }
            bool introduced = false;
            for (size_t e = 0; e < events->size(); ++e) {
              std::string eat = fmt::format("{}/events/{}", rat, e);
              const json::object* eo = (*events)[e].if_object();
              if (eo == nullptr || eo->size() != 1) {
                p.Add(eat, {.ja = "事象は一つのメンバーを持つオブジェクトです",
                            .en = "an event is an object with one member"});
                continue;
              }
              const auto& kv = *eo->begin();
              VersionEvent ev;
              if (kv.key() == "introduced") {
                ev.kind = VersionEvent::Kind::kIntroduced;
                introduced = true;
              } else if (kv.key() == "fixed") {
                ev.kind = VersionEvent::Kind::kFixed;
              } else if (kv.key() == "last_affected") {
                ev.kind = VersionEvent::Kind::kLastAffected;
              } else if (kv.key() == "limit") {
                ev.kind = VersionEvent::Kind::kLimit;
              } else {
                p.Add(eat, {.ja = fmt::format("事象 \"{}\" は不明です", std::string(kv.key())),
                            .en = fmt::format("unknown event \"{}\"", std::string(kv.key()))});
                continue;
              }
              if (!kv.value().is_string() || kv.value().get_string().empty()) {
                p.Add(fmt::format("{}/{}", eat, std::string(kv.key())),
                      {.ja = "空でない文字列でなければなりません",
                       .en = "must be a non-empty string"});
                continue;
              }
              ev.version = std::string(kv.value().get_string());
              range.events.push_back(std::move(ev));
            }
            if (!introduced) {
              p.Add(rat + "/events",
                    {.ja = "introduced がありません", .en = "no introduced event"});
            }
            prod.ranges.push_back(std::move(range));
          }
        }
        // OSV: an entry with neither ranges nor versions affects every version of the package.
        prod.all_versions = prod.ranges.empty() && prod.versions.empty() && !skipped;
        a.affected.push_back(std::move(prod));
      }
    }
  }
  if (!p.empty()) return p.Refusal("OSV");
  return a;
}

}  // namespace kikan::supply
