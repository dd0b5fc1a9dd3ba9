#include "http/router.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/check.h"
#include "http/problem.h"

namespace kikan::http {

namespace {

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

int Rank(int kind) {
  // Literal 2 > parameter 1 > rest 0; past the end of a pattern, -1.
  return kind == 0 ? 2 : kind == 1 ? 1 : 0;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  KIKAN_CHECK(!method.empty());
  KIKAN_CHECK(std::all_of(method.begin(), method.end(), IsTokenChar));
  KIKAN_CHECK(!pattern.empty() && pattern.front() == '/');
  KIKAN_CHECK(handler != nullptr);
  Entry entry;
  // "/" has no segments; otherwise split on every '/' (so "/a/" is {"a", ""}).
  std::vector<std::string_view> texts;
  if (std::string_view body = std::string_view(pattern).substr(1); !body.empty()) {
    for (;;) {
      size_t slash = body.find('/');
      texts.push_back(body.substr(0, slash));
      if (slash == std::string_view::npos) break;
      body.remove_prefix(slash + 1);
    }
  }
  std::vector<std::string_view> names;
  for (std::string_view text : texts) {
    KIKAN_CHECK(entry.segments.empty() || entry.segments.back().kind != Segment::kRest);
    if (!text.empty() && text.front() == '{') {
      KIKAN_CHECK(text.size() >= 3 && text.back() == '}');
      std::string_view name = text.substr(1, text.size() - 2);
      Segment::Kind kind = Segment::kParam;
      if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
        name.remove_suffix(3);
        kind = Segment::kRest;
      }
      KIKAN_CHECK(name.find_first_of("{}/.") == std::string_view::npos);
      KIKAN_CHECK(std::find(names.begin(), names.end(), name) == names.end());
      names.push_back(name);
      entry.segments.push_back({kind, std::string(name)});
    } else {
      KIKAN_CHECK(text.find_first_of("{}") == std::string_view::npos);
      entry.segments.push_back({Segment::kLiteral, std::string(text)});
    }
  }
  for (const Entry& other : entries_) {
    if (other.route.method != method || other.segments.size() != entry.segments.size()) continue;
    bool same = true;
    for (size_t i = 0; i < entry.segments.size() && same; ++i) {
      const Segment& a = entry.segments[i];
      const Segment& b = other.segments[i];
      same = a.kind == b.kind && (a.kind != Segment::kLiteral || a.text == b.text);
    }
    KIKAN_CHECK(!same);  // two routes for the same method and path shape
  }
  entry.route = {std::move(method), std::move(pattern)};
  entry.handler = std::move(handler);
  entries_.push_back(std::move(entry));
}

bool Router::Match(const Entry& entry, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  size_t i = 0;
  for (const Segment& s : entry.segments) {
    if (s.kind == Segment::kRest) {
      if (params != nullptr) {
        std::string joined;
        for (size_t j = i; j < segments.size(); ++j) {
          if (j > i) joined += '/';
          joined += segments[j];
        }
        (*params)[s.text] = std::move(joined);
      }
      return true;
    }
    if (i >= segments.size()) return false;
    if (s.kind == Segment::kLiteral) {
      if (segments[i] != s.text) return false;
    } else {
      if (segments[i].empty()) return false;
      if (params != nullptr) (*params)[s.text] = segments[i];
    }
    ++i;
  }
  return i == segments.size();
}

bool Router::MoreSpecific(const Entry& a, const Entry& b) {
  size_t n = std::max(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    int ra = i < a.segments.size() ? Rank(a.segments[i].kind) : -1;
    int rb = i < b.segments.size() ? Rank(b.segments[i].kind) : -1;
    if (ra != rb) return ra > rb;
  }
  return false;
}

Response Router::operator()(Request& req) const {
  const Entry* best = nullptr;
  const Entry* best_get = nullptr;  // for HEAD without a HEAD route
  std::vector<std::string> allowed;
  for (const Entry& entry : entries_) {
    if (!Match(entry, req.segments, nullptr)) continue;
    allowed.push_back(entry.route.method);
    if (entry.route.method == req.method) {
      if (best == nullptr || MoreSpecific(entry, *best)) best = &entry;
    } else if (req.method == "HEAD" && entry.route.method == "GET") {
      if (best_get == nullptr || MoreSpecific(entry, *best_get)) best_get = &entry;
    }
  }
  if (best == nullptr) best = best_get;
  if (best != nullptr) {
    req.params.clear();
    Match(*best, req.segments, &req.params);
    return best->handler(req);
  }
  base::Lang lang = RequestLang(req);
  if (allowed.empty()) {
    return HttpProblem(404,
                       base::NotFound({.ja = fmt::format("{} というリソースはありません", req.path),
                                       .en = fmt::format("There is no resource at {}", req.path)}),
                       lang);
  }
  if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allowed.push_back("HEAD");
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  std::string allow = fmt::format("{}", fmt::join(allowed, ", "));
  std::string method = req.method.size() > 40 ? req.method.substr(0, 40) + "..." : req.method;
  Response res = HttpProblem(
      405,
      base::InvalidArgument({.ja = fmt::format("{} では {} メソッドは使えません（使えるもの: {}）",
                                               req.path, method, allow),
                             .en = fmt::format("Method {} is not allowed for {} (allowed: {})",
                                               method, req.path, allow)}),
      lang);
  res.headers.emplace_back("Allow", std::move(allow));
  return res;
}

std::vector<Router::Route> Router::Routes() const {
  std::vector<Route> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back(e.route);
  return out;
}

}  // namespace kikan::http
