// Errors over HTTP: RFC 9457 problem details (application/problem+json), the one table that
// maps base::StatusCode to an HTTP status, and the choice of language for a request.
//
// A problem body looks like
//   {"type": "https://kikan.example/problems/invalid-argument", "title": "Invalid request",
//    "status": 400, "detail": "<the Status message in the request's language>",
//    "code": "INVALID_ARGUMENT",
//    "errors": [{"pointer": "/suppliers/0/corporate_number", "detail": "..."}]}
// `errors` lists the Status's field errors (base::Status::fields()) and appears only when it
// carries some. Problems the server itself raises about the
// HTTP exchange (unknown route, method not allowed, size limits, malformed request) use
// HttpProblem: type "about:blank" and the status phrase as title. The response carries
// Content-Language: ja|en.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/lang.h"
#include "base/status.h"
#include "http/message.h"

namespace kikan::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";
// Problem types are kProblemTypeBase + the code in lower kebab case: ".../invalid-argument".
inline constexpr std::string_view kProblemTypeBase = "https://kikan.example/problems/";

// THE table from status codes to HTTP statuses:
//   kOk 200, kInvalidArgument 400, kNotFound 404, kAlreadyExists 409, kFailedPrecondition 409,
//   kOutOfRange 400, kPermissionDenied 403, kUnauthenticated 401, kDataLoss 500,
//   kUnavailable 503, kInternal 500.
// A handler may still choose another status for a code (422 for a well-formed body whose
// content is invalid, say) by passing it to Problem.
unsigned HttpStatusOf(base::StatusCode code);

// The problem response for `s` (which should not be OK; an OK status gives code "OK") with HTTP
// status `status` (400..599), its messages in `lang`, listing its field errors. Type from the
// code.
Response Problem(unsigned status, const base::Status& s, base::Lang lang);
// Problem(HttpStatusOf(s.code()), s, lang).
Response Problem(const base::Status& s, base::Lang lang);

// A problem about the HTTP exchange itself: type "about:blank", title the (localized) status
// phrase of `status` ("Method Not Allowed" / 「許可されていないメソッドです」), detail and code
// from `s`.
Response HttpProblem(unsigned status, const base::Status& s, base::Lang lang);

// The language to answer `req` in: the query parameter lang=en|ja if present and valid, else
// English when the Accept-Language header starts with "en" (any case), else Japanese.
base::Lang RequestLang(const Request& req);

}  // namespace kikan::http
