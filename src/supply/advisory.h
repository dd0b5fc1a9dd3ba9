// Known vulnerabilities from files, offline (issue 11 §3; docs/supply-chain.md §7): OSV records
// (one JSON object per file, as osv.dev publishes them per ecosystem, in a directory or a zip)
// and CSAF 2.0 advisories (what ICS/OT vendors and JPCERT/CC publish), both read into one
// supply::Advisory: its id, aliases, dates and the products it affects, each identified by a
// package (PURL without version) with version ranges or listed versions, by a CPE, or by
// manufacturer + model number for hardware and firmware that have neither. MatchComponent says
// whether a component of an inventory is one of them.
//
// A document with any problem is refused whole: every problem (up to kMaxProblems) is a
// base::FieldError at its JSON pointer, prefixed by the file when the caller names one.
// Bounded: kMaxAdvisoryBytes a document, kMaxAffected products, kMaxEvents events a range.
// Boost.JSON's non-throwing API only. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "supply/model.h"
#include "supply/version_range.h"

namespace kikan::supply {

inline constexpr size_t kMaxAdvisoryBytes = 4u << 20;  // 4 MiB a record or advisory
inline constexpr size_t kMaxAffected = 5'000;          // affected products of one advisory
inline constexpr size_t kMaxEvents = 1'000;            // events of one range
inline constexpr size_t kMaxVersions = 10'000;         // versions listed for one product

// A product an advisory affects. Exactly one identification is set: `purl` (the package, no
// version), `cpe`, or `manufacturer` + `model`.
struct AffectedProduct {
  std::string purl;                   // "pkg:maven/org.apache.logging.log4j/log4j-core"
  std::string cpe;                    // a CPE 2.3 (or 2.2 URI) name as the advisory writes it
  std::string manufacturer;           // CSAF: the vendor branch's name
  std::string model;                  // CSAF: a model number or the product name
  std::vector<VersionRange> ranges;   // OSV ranges; CSAF product_version_range (vers:)
  std::vector<std::string> versions;  // exact versions (OSV versions; CSAF product_version)
  bool all_versions = false;          // neither ranges nor versions: every version
  // Versions never affected through this entry, whatever ranges say: the bound of a CSAF vers
  // "> v" (a range introduced at v that excludes v itself) and "!= v".
  std::vector<std::string> excluded_versions;
  std::string product_id;  // CSAF product_id ("" for OSV)
  friend bool operator==(const AffectedProduct&, const AffectedProduct&) = default;
};

struct Advisory {
  std::string id;  // OSV id ("GHSA-…"), CSAF document.tracking.id (+ "/" + CVE per vulnerability)
  std::vector<std::string> aliases;  // CVE ids and others
  std::string summary;
  std::string published;  // RFC 3339 as given, or ""
  std::string modified;   // RFC 3339 as given (required)
  std::string url;        // the first reference / the advisory's self link
  std::vector<AffectedProduct> affected;
  // Non-empty when the record says it is sample data (OSV database_specific["kikan:sample"];
  // CSAF a document note titled "kikan:sample"): the text saying so.
  std::string sample;
  friend bool operator==(const Advisory&, const Advisory&) = default;
};

// One OSV record (schema 1.x: id, modified, aliases, summary, affected[].package {ecosystem,
// name, purl}, affected[].ranges[] {type, events[]}, affected[].versions[]). A package without
// `purl` gets one from its ecosystem (Maven, npm, PyPI, Go, crates.io, NuGet, RubyGems,
// Packagist, Hex, Pub); ranges of type GIT are skipped (they name commits, not versions).
// Errors: kInvalidArgument with every problem at its pointer (a missing id or modified, an
// unknown range type or event, a range without introduced, an ecosystem with neither purl nor
// a known mapping, more than the bounds).
base::Result<Advisory> ParseOsv(std::string_view json);

// One CSAF 2.0 document: document.tracking {id, current_release_date, initial_release_date},
// product_tree (branches of any depth — vendor, product_name/product_family, product_version,
// product_version_range — and full_product_names, each product with its
// product_identification_helper {cpe, purl, model_numbers}) and vulnerabilities[] {cve, title,
// product_status}. One Advisory per vulnerability (id "<tracking id>/<cve or index>"), its
// affected products those in known_affected, first_affected and last_affected. Errors: as
// ParseOsv (a missing document/tracking/id, a product_id referenced but not in the tree, a
// version range that is not a vers: string Kikan reads).
base::Result<std::vector<Advisory>> ParseCsaf(std::string_view json);

enum class MatchKind { kNone, kPurl, kCpe, kModel };
std::string_view MatchKindName(MatchKind kind);  // "purl", "cpe", "model", "none"

// Whether `component` is a product `p` names in an affected version: by PURL package and the
// component's version (its purl's, else `version`) in a range or listed; by CPE (part, vendor
// and product equal case-insensitively, the version field a wildcard or equal); by manufacturer
// (NormaliseCompanyName) and model (FoldText of the component's name) with the version listed,
// in range, or all versions.
MatchKind MatchComponent(const AffectedProduct& p, const Component& component);

// The version a component is at: its purl's ("…@2.17.1", percent-decoding not applied), else
// `version`.
std::string ComponentVersion(const Component& component);

// Keys the store indexes advisories by (lower-case "cpe:2.3:PART:VENDOR:PRODUCT" of a CPE 2.3 or
// 2.2 name; "" when not a CPE).
std::string CpeProductKey(std::string_view cpe);

}  // namespace kikan::supply
