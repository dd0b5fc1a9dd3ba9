// libFuzzer target for decoding a request target (http::MakeRequest, src/http/message.h). Feeds
// arbitrary bytes as the target of a GET and checks the result against an independent reading of
// the header's contract:
//   - MakeRequest succeeds exactly when the bytes are origin-form (RFC 9112 §3.2.1: "/" path
//     of pchar and "/", optional "?" query of pchar, "/" and "?", valid %XX escapes; nothing
//     else, so no fragment, no space, no control or non-ASCII byte); a failure is
//     kInvalidArgument with a message in both languages, valid UTF-8 whatever the bytes were
//     (it is sent in a problem+json body);
//   - on success: method and target are kept as given; `path` starts with '/' and is the
//     percent-decoded path; `segments` are the path split on every unencoded '/' ("/" → {},
//     "/a/" → {"a", ""}), each percent-decoded, so a segment holds a '/' only where the target
//     had %2F; `query` is the query split on '&' and then on the first '=', each part decoded
//     with '+' as a space, in order; Query(name) is the first match.
// Must never crash, leak or trip UBSan. Built and run by fuzz/run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/utf8.h"
#include "http/message.h"

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr,
               "http_target_fuzz: %s\n--- target (%zu bytes) ---\n%.*s\n--- detail ---\n%s\n", what,
               input.size(), static_cast<int>(input.size()), input.data(), detail.c_str());
  std::abort();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsPchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

// The origin-form grammar, independently of Boost.URL.
bool IsOriginForm(std::string_view t) {
  if (t.empty() || t[0] != '/') return false;
  bool in_query = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '%') {
      if (i + 2 >= t.size() || HexValue(t[i + 1]) < 0 || HexValue(t[i + 2]) < 0) return false;
      i += 2;
    } else if (c == '?') {
      in_query = true;
    } else if (c == '/' || IsPchar(c)) {
      continue;
    } else {
      return false;
    }
  }
  (void)in_query;  // the query allows exactly what the path allows, plus '?'
  return true;
}

// Percent-decodes `s` (escapes already known to be valid); '+' is a space when `plus_is_space`.
std::string Decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

bool HasEncodedSlash(std::string_view encoded) {
  for (size_t i = 0; i + 2 < encoded.size(); ++i) {
    if (encoded[i] == '%' && encoded[i + 1] == '2' &&
        (encoded[i + 2] == 'F' || encoded[i + 2] == 'f')) {
      return true;
    }
  }
  return false;
}

std::string Show(const std::vector<std::string>& v) {
  std::string out = "{";
  for (const std::string& s : v) out += "\"" + s + "\" ";
  return out + "}";
}

std::string Show(const Params& v) {
  std::string out = "{";
  for (const auto& [k, val] : v) out += "{\"" + k + "\",\"" + val + "\"} ";
  return out + "}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool valid = IsOriginForm(input);
  auto req = kikan::http::MakeRequest("GET", std::string(input));
  if (!req) {
    if (valid) Fail("an origin-form target was rejected", input, req.status().en());
    if (req.status().code() != kikan::base::StatusCode::kInvalidArgument) {
      Fail("a rejection that is not kInvalidArgument", input, req.status().en());
    }
    if (req.status().en().empty() || req.status().ja().empty())
      Fail("a rejection without a message", input, "");
    // The message goes into a problem+json body and the log, whatever bytes the target had.
    if (!kikan::base::IsValidUtf8(req.status().en()) ||
        !kikan::base::IsValidUtf8(req.status().ja())) {
      Fail("a rejection's message is not valid UTF-8", input, req.status().en());
    }
    return 0;
  }
  if (!valid) Fail("a target that is not origin-form was accepted", input, req->path);

  if (req->method != "GET" || req->target != input)
    Fail("method or target not kept", input, req->target);
  if (!req->headers.empty() || !req->body.empty() || !req->remote.empty() || !req->params.empty()) {
    Fail("MakeRequest filled headers, body, remote or params", input, "");
  }

  const size_t question = input.find('?');
  const std::string_view encoded_path = input.substr(0, question);
  if (req->path.empty() || req->path[0] != '/')
    Fail("path does not start with '/'", input, req->path);
  if (req->path != Decode(encoded_path, false)) {
    Fail("path is not the decoded path", input, req->path + " vs " + Decode(encoded_path, false));
  }

  std::vector<std::string_view> encoded_segments;
  if (encoded_path != "/") encoded_segments = Split(encoded_path.substr(1), '/');
  std::vector<std::string> want_segments;
  for (std::string_view s : encoded_segments) want_segments.push_back(Decode(s, false));
  if (req->segments != want_segments) {
    Fail("segments are not the decoded '/'-separated parts of the path", input,
         Show(req->segments) + " vs " + Show(want_segments));
  }
  for (size_t i = 0; i < req->segments.size(); ++i) {
    if (req->segments[i].find('/') != std::string::npos && !HasEncodedSlash(encoded_segments[i])) {
      Fail("a segment holds a '/' that was not %2F", input, req->segments[i]);
    }
  }

  Params want_query;
  if (question != std::string_view::npos) {
    for (std::string_view param : Split(input.substr(question + 1), '&')) {
      size_t eq = param.find('=');
      std::string_view key = param.substr(0, eq);
      std::string_view value =
          eq == std::string_view::npos ? std::string_view() : param.substr(eq + 1);
      want_query.emplace_back(Decode(key, true), Decode(value, true));
    }
  }
  if (req->query != want_query) {
    Fail("query is not the decoded '&'-separated parameters", input,
         Show(req->query) + " vs " + Show(want_query));
  }
  if (!req->query.empty()) {
    const std::string& name = req->query.back().first;
    std::string_view first;
    for (const auto& [k, v] : req->query) {
      if (k == name) {
        first = v;
        break;
      }
    }
    auto got = req->Query(name);
    if (!got || *got != first)
      Fail("Query(name) is not the first parameter of that name", input, name);
  }
  return 0;
}
