// The HTTP messages a handler sees and returns: Request (decoded target, headers, body) and
// Response (status, content type, extra headers, body), and the Handler signature that joins
// them. The module is generic: it knows nothing of Kikan's domain; src/api/ plugs handlers in.
//
// Both types are plain values (copyable, movable, thread-compatible). A Request is built by the
// server for each request it reads (or by MakeRequest in tests) and lent to one handler call on
// one thread; the handler may modify it (the router fills `params`).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kikan::http {

struct Request {
  std::string method;  // as sent, case-sensitive: "GET", "POST", ...
  std::string target;  // the raw request target, origin-form: "/api/v1/x%20y?lang=en"
  std::string path;    // percent-decoded, without the query: "/api/v1/x y"
  // The decoded path segments: "/a/b%2Fc" → {"a", "b/c"}; "/" → {}; "/a/" → {"a", ""}.
  // Routing uses these, so an encoded '/' inside a segment never splits it.
  std::vector<std::string> segments;
  // Decoded query parameters in order ('+' is a space): "?a=1&b&a=x%20y" → {a,1},{b,""},{a,"x y"}.
  std::vector<std::pair<std::string, std::string>> query;
  // Header fields in the order received, names as sent. Use Header() to look one up.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // the peer, "127.0.0.1:54321" or "[::1]:54321"; empty in MakeRequest
  // Filled by the Router from the matched pattern: "/filings/{id}" → {"id", "<decoded segment>"}.
  std::map<std::string, std::string> params;

  // The value of the first header field named `name` (ASCII case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The value of the first query parameter named `name` (exact match), if any.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The route parameter `name`; "" when there is none (a handler registered with a pattern that
  // has `{name}` always gets one).
  std::string_view Param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;  // 200..599; anything else is answered as a 500 by the server
  // Sent as Content-Type unless empty.
  std::string content_type = "application/json";
  // Extra header fields, sent in order (a name may repeat). The server sets Content-Length,
  // Connection, Date and Server itself and drops such fields from here; it adds
  // `Cache-Control: no-store` unless a Cache-Control field is given here, and always
  // `X-Content-Type-Options: nosniff`. Fields whose name or value holds CR, LF or NUL are dropped.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of the first extra header field named `name` (ASCII case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// Handles one request. Synchronous: it runs on one of the server's worker threads and may block
// (on the database, say). It must not throw; if it does, the server answers a 500 problem and
// logs what was thrown. Called concurrently from several threads, so it must be thread-safe.
using Handler = std::function<Response(Request&)>;

// A Request for `method` and `target` with path, segments and query decoded, as the server
// builds one (without headers, body or remote). For tests and for the router's own use.
// Errors: kInvalidArgument if `target` is not origin-form ("/" path, optional "?query", no
// fragment, valid percent-escapes), naming the target.
base::Result<Request> MakeRequest(std::string method, std::string target);

// ASCII case-insensitive equality, as header field names compare.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace kikan::http
