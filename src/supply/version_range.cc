#include "supply/version_range.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace kikan::supply {
namespace {

char Lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }
bool Digit(char ch) { return ch >= '0' && ch <= '9'; }
bool Alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

// Numbers as digit strings: compared by length without leading zeros, then lexically (no
// overflow whatever their length).
int CompareNumbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

struct Run {
  bool number = false;
  std::string text;  // lower case
};

std::vector<Run> Runs(std::string_view v) {
  std::vector<Run> out;
  size_t i = 0;
  while (i < v.size()) {
    if (Digit(v[i]) || Alpha(v[i])) {
      bool number = Digit(v[i]);
      Run r{number, ""};
      while (i < v.size() && (number ? Digit(v[i]) : Alpha(v[i]))) r.text += Lower(v[i++]);
      out.push_back(std::move(r));
    } else {
      ++i;
    }
  }
  return out;
}

bool ReleaseWord(std::string_view w) { return w == "final" || w == "ga" || w == "release"; }
bool PostWord(std::string_view w) {
  return w == "post" || w == "sp" || w == "pl" || w == "patch" || w == "p" || w == "r" ||
         w == "rev";
}

// Where the longer list's rest places it against the shorter (which ran out).
int Tail(const std::vector<Run>& longer, size_t from) {
  for (size_t i = from; i < longer.size(); ++i) {
    const Run& r = longer[i];
    if (r.number) {
      if (CompareNumbers(r.text, "0") == 0) continue;  // 1.0.0 == 1.0
      return 1;
    }
    if (ReleaseWord(r.text)) continue;
    return PostWord(r.text) ? 1 : -1;
  }
  return 0;
}

struct Semver {
  std::string major, minor, patch;
  std::vector<std::string> pre;
};

std::optional<Semver> ParseSemver(std::string_view v) {
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  if (auto plus = v.find('+'); plus != std::string_view::npos) v = v.substr(0, plus);
  std::string_view core = v, pre;
  if (auto dash = v.find('-'); dash != std::string_view::npos) {
    core = v.substr(0, dash);
    pre = v.substr(dash + 1);
    if (pre.empty()) return std::nullopt;
  }
  Semver s;
  std::string* parts[] = {&s.major, &s.minor, &s.patch};
  size_t k = 0;
  for (size_t i = 0; i <= core.size(); ++i) {
    if (i == core.size() || core[i] == '.') {
      if (k >= 3 || parts[k]->empty()) return std::nullopt;
      ++k;
      continue;
    }
    if (k >= 3 || !Digit(core[i])) return std::nullopt;
    *parts[k] += core[i];
  }
  if (k != 3) return std::nullopt;
  while (!pre.empty()) {
    auto dot = pre.find('.');
    std::string id(pre.substr(0, dot));
    if (id.empty()) return std::nullopt;
    s.pre.push_back(std::move(id));
    if (dot == std::string_view::npos) break;
    pre.remove_prefix(dot + 1);
    if (pre.empty()) return std::nullopt;
  }
  return s;
}

bool AllDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), Digit); }

}  // namespace

int CompareGenericVersions(std::string_view a, std::string_view b) {
  auto ra = Runs(a), rb = Runs(b);
  size_t n = std::min(ra.size(), rb.size());
  for (size_t i = 0; i < n; ++i) {
    const Run& x = ra[i];
    const Run& y = rb[i];
    if (x.number && y.number) {
      if (int c = CompareNumbers(x.text, y.text)) return c;
    } else if (x.number != y.number) {
      // A word against a number: the number is later ("1.0.1" > "1.0.beta"), unless the word
      // is a post-release word standing where the other has more numbers.
      return x.number ? 1 : -1;
    } else if (x.text != y.text) {
      if (ReleaseWord(x.text) && ReleaseWord(y.text)) continue;
      if (ReleaseWord(x.text) && !ReleaseWord(y.text)) return PostWord(y.text) ? -1 : 1;
      if (ReleaseWord(y.text) && !ReleaseWord(x.text)) return PostWord(x.text) ? 1 : -1;
      return x.text < y.text ? -1 : 1;
    }
  }
  if (ra.size() > n) return Tail(ra, n);
  if (rb.size() > n) return -Tail(rb, n);
  return 0;
}

int CompareSemver(std::string_view a, std::string_view b) {
  auto x = ParseSemver(a), y = ParseSemver(b);
  if (!x || !y) return CompareGenericVersions(a, b);
  if (int c = CompareNumbers(x->major, y->major)) return c;
  if (int c = CompareNumbers(x->minor, y->minor)) return c;
  if (int c = CompareNumbers(x->patch, y->patch)) return c;
  if (x->pre.empty() != y->pre.empty()) return x->pre.empty() ? 1 : -1;
  size_t n = std::min(x->pre.size(), y->pre.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& p = x->pre[i];
    const std::string& q = y->pre[i];
    bool pn = AllDigits(p), qn = AllDigits(q);
    if (pn && qn) {
      if (int c = CompareNumbers(p, q)) return c;
    } else if (pn != qn) {
      return pn ? -1 : 1;
    } else if (p != q) {
      return p < q ? -1 : 1;
    }
  }
  if (x->pre.size() != y->pre.size()) return x->pre.size() < y->pre.size() ? -1 : 1;
  return 0;
}

std::string_view EventKindName(VersionEvent::Kind kind) {
  switch (kind) {
    case VersionEvent::Kind::kIntroduced:
      return "introduced";
    case VersionEvent::Kind::kFixed:
      return "fixed";
    case VersionEvent::Kind::kLastAffected:
      return "last_affected";
    case VersionEvent::Kind::kLimit:
      return "limit";
  }
  return "";
}

bool InRange(const VersionRange& range, std::string_view version) {
  if (version.empty()) return false;
  auto cmp = [&](std::string_view a, std::string_view b) {
    return range.type == "SEMVER" ? CompareSemver(a, b) : CompareGenericVersions(a, b);
  };
  auto zero = [](const VersionEvent& e) {
    return e.kind == VersionEvent::Kind::kIntroduced && e.version == "0";
  };
  std::vector<const VersionEvent*> events;
  for (const auto& e : range.events) {
    if (e.kind == VersionEvent::Kind::kLimit) {
      if (e.version != "*" && cmp(version, e.version) >= 0) return false;
      continue;
    }
    events.push_back(&e);
  }
  std::stable_sort(events.begin(), events.end(), [&](const VersionEvent* a, const VersionEvent* b) {
    if (zero(*a) != zero(*b)) return zero(*a);
    if (zero(*a)) return false;
    int c = cmp(a->version, b->version);
    if (c != 0) return c < 0;
    return a->kind == VersionEvent::Kind::kIntroduced && b->kind != VersionEvent::Kind::kIntroduced;
  });
  bool affected = false;
  for (const VersionEvent* e : events) {
    switch (e->kind) {
      case VersionEvent::Kind::kIntroduced:
        if (zero(*e) || cmp(version, e->version) >= 0) affected = true;
        break;
      case VersionEvent::Kind::kFixed:
        if (cmp(version, e->version) >= 0) affected = false;
        break;
      case VersionEvent::Kind::kLastAffected:
        if (cmp(version, e->version) > 0) affected = false;
        break;
      case VersionEvent::Kind::kLimit:
        break;
    }
  }
  return affected;
}

}  // namespace kikan::supply
