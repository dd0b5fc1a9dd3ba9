// Versions and the version ranges of vulnerability advisories (docs/supply-chain.md §7): OSV's
// `affected[].ranges` of type SEMVER and ECOSYSTEM (events introduced / fixed / last_affected /
// limit) and the exact `affected[].versions` lists, evaluated with OSV's semantics.
//
// SEMVER ranges compare by Semantic Versioning 2.0 (a leading "v" ignored). ECOSYSTEM ranges
// would need each ecosystem's own ordering (Maven's ComparableVersion, PEP 440, npm's semver);
// Kikan approximates them all with one documented generic comparison (CompareGenericVersions),
// which agrees with those orders on the usual release, pre-release and patch forms.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kikan::supply {

// Semantic Versioning 2.0 precedence (build metadata ignored; a leading 'v' ignored). A version
// that is not SemVer falls back to CompareGenericVersions. Returns <0, 0, >0.
int CompareSemver(std::string_view a, std::string_view b);

// The generic order: the version split into runs of digits and runs of letters (any other
// character separates); runs compare pairwise, numbers numerically, letters case-insensitively,
// a number after a word. When one version runs out, the other is later if its next run is a
// number or one of "post", "sp", "pl", "patch", "p", "r", "rev", "final", "ga", "release"
// (those after "final"/"ga"/"release" equal the bare release), and earlier otherwise (a
// pre-release: "1.0-rc1" < "1.0", "2.0.0-beta" < "2.0.0"). Returns <0, 0, >0.
int CompareGenericVersions(std::string_view a, std::string_view b);

struct VersionEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  // kIntroduced "0": from the first version
  friend bool operator==(const VersionEvent&, const VersionEvent&) = default;
};

struct VersionRange {
  std::string type;  // "SEMVER" | "ECOSYSTEM"
  std::vector<VersionEvent> events;
  friend bool operator==(const VersionRange&, const VersionRange&) = default;
};

std::string_view EventKindName(VersionEvent::Kind kind);  // "introduced", "fixed", ...

// Whether `version` lies in `range` (OSV's evaluation): the events sorted by version (an
// introduced "0" first; at one version, introduced before the others), the last event at or
// below `version` decides — introduced: affected; fixed (at or below): not; last_affected
// (strictly below: last_affected itself is affected): not — and a `limit` at or below `version`
// excludes it. An empty version is never in a range.
bool InRange(const VersionRange& range, std::string_view version);

}  // namespace kikan::supply
