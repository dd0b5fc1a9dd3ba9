// Static files for the web UI: answers a request path with a file under a root directory.
//
// A path is resolved segment by segment under the root; a segment that is "..", ".", holds a
// backslash or NUL is refused (400 problem), and so is a file whose real path (symbolic links
// resolved) is not inside the root's real path (404 problem, as if absent). A directory is
// answered with its index.html. A path that names nothing and whose last segment has no '.'
// (a client-side route of the single-page app, "/filings/42") is answered with the root's
// index.html; a missing path with an extension ("/app.js") is a 404 problem.
//
// Content types: html, js/mjs, css, svg, png, json/map, woff2, ico, txt, webmanifest; others
// application/octet-stream. Compression: when the client accepts gzip and a precompressed
// `FILE.gz` sits beside the file (the web build writes them), its bytes are answered with
// `Content-Encoding: gzip`; every answer says `Vary: Accept-Encoding`. Caching: files under
// `assets/` (the bundler's content-hashed names) are `public, max-age=31536000, immutable`; the
// rest `no-cache` (revalidate), so a new build of the UI is picked up. Reads the whole file into
// memory; no ranges or ETags.
//
// Pure apart from reading the file system; thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include "base/lang.h"
#include "http/message.h"

namespace kikan::http {

// The response for `request_path` ("/index.html", "app/main.js": decoded, relative to `root`;
// a leading '/' is ignored) with problems in `lang`: 200 with the file, or 400 (a refused
// path), 404 (nothing there) or 500 (the file exists but cannot be read) problems.
// `accept_encoding` is the request's Accept-Encoding header ("" when absent).
Response ServeFile(const std::filesystem::path& root, std::string_view request_path,
                   base::Lang lang = base::Lang::kJa, std::string_view accept_encoding = "");

// Whether an Accept-Encoding value accepts gzip: "gzip" or "*" listed without q=0.
bool AcceptsGzip(std::string_view accept_encoding);

// The Content-Type for a file name by its extension (case-insensitive).
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace kikan::http
