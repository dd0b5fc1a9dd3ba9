#include "http/static_files.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "http/problem.h"

namespace kikan::http {

namespace fs = std::filesystem;

std::string_view ContentTypeFor(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string_view ext = file_name.substr(dot + 1);
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"woff2", "font/woff2"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  };
  for (const Entry& e : kTypes) {
    if (EqualsIgnoreCase(ext, e.ext)) return e.type;
  }
  return "application/octet-stream";
}

namespace {

Response NotFound(std::string_view request_path, base::Lang lang) {
  return Problem(base::NotFound({.ja = fmt::format("{} というファイルはありません", request_path),
                                 .en = fmt::format("There is no file at {}", request_path)}),
                 lang);
}

// Whether `path` is `root` or below it (both canonical).
bool IsWithin(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  bool gzip = false, star = false, gzip_refused = false;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view item = trim(accept_encoding.substr(0, comma));
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    bool refused = false;
    if (semi != std::string_view::npos) {
      std::string_view param = trim(item.substr(semi + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        std::string_view q = trim(param.substr(2));
        refused = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (EqualsIgnoreCase(coding, "gzip")) {
      gzip = !refused;
      gzip_refused = refused;
    } else if (coding == "*") {
      star = !refused;
    }
  }
  return gzip || (star && !gzip_refused);
}

Response ServeFile(const fs::path& root, std::string_view request_path, base::Lang lang,
                   std::string_view accept_encoding) {
  std::string shown(request_path.substr(0, 200));
  std::vector<std::string_view> segments;
  std::string_view rest = request_path;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == ".." || segment == "." ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return Problem(
          base::InvalidArgument(
              {.ja = fmt::format("パス {} は使えません: 「.」「..」やバックスラッシュ・NUL "
                                 "を含む部分は指定できません",
                                 shown),
               .en = fmt::format("The path {} is refused: no segment may be \".\" or \"..\" or "
                                 "contain a backslash or NUL",
                                 shown)}),
          lang);
    }
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return NotFound(shown, lang);
  fs::path file = real_root;
  for (std::string_view s : segments) file /= fs::path(std::string(s));
  if (fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::exists(file, ec)) {
    bool route = segments.empty() || segments.back().find('.') == std::string_view::npos;
    if (!route) return NotFound(shown, lang);
    file = real_root / "index.html";
  }
  fs::path real = fs::canonical(file, ec);
  if (ec || !IsWithin(real, real_root) || !fs::is_regular_file(real, ec)) {
    return NotFound(shown, lang);
  }
  // A precompressed copy beside the file, when the client takes gzip (inside the root too).
  bool gzipped = false;
  if (AcceptsGzip(accept_encoding)) {
    fs::path gz = real;
    gz += ".gz";
    fs::path real_gz = fs::canonical(gz, ec);
    if (!ec && IsWithin(real_gz, real_root) && fs::is_regular_file(real_gz, ec)) {
      real = real_gz;
      gzipped = true;
    }
  }
  std::ifstream in(real, std::ios::binary);
  std::string body;
  if (in.is_open())
    body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    return Problem(base::Internal({.ja = fmt::format("{} のファイルを読めません", shown),
                                   .en = fmt::format("Cannot read the file for {}", shown)}),
                   lang);
  }
  Response res;
  res.content_type = std::string(ContentTypeFor(file.filename().string()));
  if (gzipped) res.headers.emplace_back("Content-Encoding", "gzip");
  res.headers.emplace_back("Vary", "Accept-Encoding");
  const bool hashed = IsWithin(file, real_root / "assets");
  res.headers.emplace_back("Cache-Control",
                           hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.body = std::move(body);
  return res;
}

}  // namespace kikan::http
