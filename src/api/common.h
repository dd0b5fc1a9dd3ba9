// Shared plumbing of the API handlers (private to src/api/): JSON responses and problems,
// strict request-body parsing with JSON-pointer errors, the caller's identity from a bearer
// token or the session cookie (with its CSRF check), and date encoding (ISO and 和暦).
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "auth/policy.h"
#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "calendar/period.h"
#include "codec/regime_json.h"
#include "http/message.h"
#include "http/problem.h"
#include "rules/schema.h"

namespace kikan::api {

namespace json = boost::json;

inline constexpr std::string_view kSessionCookie = "kikan_session";
inline constexpr int kSchemaVersion = 1;

// JSON text Kikan itself wrote (an explanation, a stored filing, a problem body) as a value,
// through the non-throwing parser: null when it does not parse (stored text tampered with).
json::value ParseOwnJson(std::string_view text);

// A 2xx JSON response.
http::Response JsonResponse(const json::value& body, unsigned status = 200);
// A problem for `s` in the request's language, listing its field errors; kInvalidArgument with
// field errors pointing into the body is 422 (well-formed JSON whose content is wrong), otherwise
// the status table's.
http::Response Fail(const http::Request& req, const base::Status& s);
// Fail(req, s.WithFields(errors)): the field errors a handler's decoding found.
inline http::Response Fail(const http::Request& req, const base::Status& s,
                           std::vector<base::FieldError> errors) {
  return Fail(req, s.WithFields(std::move(errors)));
}

// The request body as a JSON object whose members are all in `allowed`. On failure: a Status
// (kInvalidArgument) carrying the field errors (syntax error at "" with line:column; a
// non-object; each unknown member at its pointer).
struct ParsedBody {
  json::object object;
  base::Status status;
  bool ok() const { return status.ok(); }
};
ParsedBody ParseObject(const http::Request& req, std::initializer_list<std::string_view> allowed,
                       bool empty_is_object = false);
// The request body as a JSON object, any members (the caller decodes them strictly itself).
ParsedBody ParseAnyObject(const http::Request& req);

// Member `name` of `o` as a string / date; nullopt when absent or null. A wrong type or a bad date
// appends a FieldError at /name.
std::optional<std::string> GetString(const json::object& o, std::string_view name,
                                     std::vector<base::FieldError>* errors);
std::optional<base::Date> GetDate(const json::object& o, std::string_view name,
                                  std::vector<base::FieldError>* errors);

// The caller. A request with no credentials is the anonymous public; a request with a bad or
// expired token is kUnauthenticated (not anonymous: the client should sign in again); a cookie
// session on an unsafe method without the right X-CSRF-Token is kPermissionDenied.
struct Caller {
  auth::Principal principal;
  std::string token;  // the session token presented ("" for the public)
  bool cookie = false;
};
// Uses `conn` (the request's one connection: a pool may have a single connection).
base::Result<Caller> Identify(const ApiContext& ctx, const http::Request& req,
                              store::Connection& conn);

// The resource of an operator's or a business's objects, for auth::Authorize.
inline auth::Resource OperatorResource(base::OperatorId operator_id) {
  auth::Resource r;
  r.operator_id = std::move(operator_id);
  return r;
}
inline auth::Resource BusinessResource(base::BusinessId business) {
  auth::Resource r;
  r.business = std::move(business);
  return r;
}

// The designation id of the path's {id}: decimal digits, at most 13. Errors: kNotFound (anything
// else names no designation).
base::Result<int64_t> DesignationId(const http::Request& req);

// "2025-11-02" and "令和7年11月2日" under `key` and `key + "_wareki"`.
void PutDate(json::object& o, std::string_view key, const std::optional<base::Date>& d);
using codec::DateBasisJson;  // codec/regime_json.h
using codec::TextJson;
// [{id, text, basis, references}]: each rule with its basis's structured references.
json::array RulesJson(const std::vector<calendar::AppliedRule>& rules);
// The fields a compiled rule reads ("kind.field", CompiledRule::fields_read) as
// [{kind, field, type, label, unit}] from `schema` (type as the pack spells it: "int",
// "decimal", "ref:port", ...), so the browser need not parse rules to know them.
json::array FieldsReadJson(const rules::Schema& schema, const std::vector<std::string>& read);

}  // namespace kikan::api
