// libFuzzer target for vulnerability advisories and watch lists (src/supply/advisory.h,
// watchlist.h): feeds arbitrary bytes as an OSV record, a CSAF document and a watch-list CSV and
// checks the headers' contracts:
//   - a refusal is kInvalidArgument with a message in both languages, valid UTF-8, every field
//     error at a JSON pointer ("" or "/…"; the watch list's "/line/N");
//   - an accepted advisory respects the bounds, and matching a component against each of its
//     products, and evaluating each range at each listed version, returns (never crashes);
//   - version comparison is antisymmetric on the events' versions.
// Must never crash, leak or trip UBSan. Built and run by fuzz/run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/utf8.h"
#include "supply/advisory.h"
#include "supply/version_range.h"
#include "supply/watchlist.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "supply_advisory_fuzz: %s\ninput (%zu bytes): %.*s\n", what, input.size(),
               static_cast<int>(input.size() > 2000 ? 2000 : input.size()), input.data());
  std::abort();
}

void CheckRefusal(const kikan::base::Status& s, std::string_view input) {
  using namespace kikan;
  if (s.code() != base::StatusCode::kInvalidArgument) Fail("refused with another code", input);
  if (s.ja().empty() || s.en().empty() || !base::IsValidUtf8(s.ja()) || !base::IsValidUtf8(s.en()))
    Fail("a refusal without a valid message in both languages", input);
  for (const auto& f : s.fields()) {
    if (!f.pointer.empty() && f.pointer[0] != '/') Fail("a field error not at a pointer", input);
  }
}

void CheckAdvisory(const kikan::supply::Advisory& a, std::string_view input) {
  using namespace kikan::supply;
  if (a.affected.size() > kMaxAffected) Fail("more products than kMaxAffected", input);
  Component c;
  c.name = "x";
  c.version = "1.0";
  c.purl = "pkg:npm/x@1.0";
  c.cpe = "cpe:2.3:a:x:x:1.0:*:*:*:*:*:*:*";
  for (const auto& p : a.affected) {
    (void)MatchComponent(p, c);
    for (const auto& r : p.ranges) {
      if (r.events.size() > kMaxEvents) Fail("more events than kMaxEvents", input);
      for (const auto& e : r.events) {
        (void)InRange(r, e.version);
        for (const auto& f : r.events) {
          int ab = CompareSemver(e.version, f.version), ba = CompareSemver(f.version, e.version);
          if ((ab < 0) != (ba > 0)) Fail("CompareSemver is not antisymmetric", input);
          int gab = CompareGenericVersions(e.version, f.version);
          int gba = CompareGenericVersions(f.version, e.version);
          if ((gab < 0) != (gba > 0)) Fail("CompareGenericVersions is not antisymmetric", input);
        }
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kikan;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto a = supply::ParseOsv(input)) {
    CheckAdvisory(*a, input);
  } else {
    CheckRefusal(a.error(), input);
  }
  if (auto list = supply::ParseCsaf(input)) {
    for (const auto& a : *list) CheckAdvisory(a, input);
  } else {
    CheckRefusal(list.error(), input);
  }
  if (auto w = supply::ParseWatchList(input)) {
    supply::PartyRef p{"x", "", "", ""};
    for (const auto& e : *w) (void)supply::WatchScore(e, p);
  } else {
    CheckRefusal(w.error(), input);
  }
  return 0;
}
