#include "http/message.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url_view.hpp>

#include "base/check.h"

namespace kikan::http {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

namespace {

std::optional<std::string_view> FindHeader(
    const std::vector<std::pair<std::string, std::string>>& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [n, v] : query) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

base::Result<Request> MakeRequest(std::string method, std::string target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    // Shown in the problem (a JSON body) and the log: bytes outside printable ASCII, which the
    // HTTP parser lets through, are written %XX so that the message stays valid UTF-8.
    std::string shown;
    for (char ch : std::string_view(target).substr(0, 200)) {
      const auto byte = static_cast<unsigned char>(ch);
      if (byte < 0x21 || byte > 0x7e) {
        shown += fmt::format("%{:02X}", byte);
      } else {
        shown += ch;
      }
    }
    if (target.size() > 200) shown += "...";
    return base::InvalidArgument(
        {.ja = fmt::format(
             "リクエストターゲット \"{}\" は「/」で始まるパス（とクエリ）ではありません（{}）",
             shown, parsed.error().message()),
         .en = fmt::format(
             "request target \"{}\" is not an absolute path with an optional query ({})", shown,
             parsed.error().message())});
  }
  const boost::urls::url_view& url = *parsed;
  Request req;
  req.method = std::move(method);
  req.path = url.path();
  // Split the encoded path ourselves: Boost.URL's segments() hide a leading "/./" (its marker
  // for a path that would otherwise start with "//"), which would make "/./a" {"a"}, not
  // {".", "a"}. Each piece is a valid pct-string, since the whole target parsed.
  std::string_view encoded = url.encoded_path();
  if (encoded != "/") {
    encoded.remove_prefix(1);  // origin-form: the path starts with '/'
    while (true) {
      size_t slash = encoded.find('/');
      auto piece = boost::urls::make_pct_string_view(encoded.substr(0, slash));
      KIKAN_CHECK(piece.has_value());
      req.segments.push_back(piece->decode());
      if (slash == std::string_view::npos) break;
      encoded.remove_prefix(slash + 1);
    }
  }
  if (url.has_query()) {
    for (auto param : url.params()) {
      req.query.emplace_back(std::string(param.key), std::string(param.value));
    }
  }
  req.target = std::move(target);
  return req;
}

}  // namespace kikan::http
