#include "api/common.h"

#include <fmt/format.h>

#include "auth/tokens.h"
#include "base/wareki.h"
#include "codec/reference_json.h"

namespace kikan::api {

http::Response JsonResponse(const json::value& body, unsigned status) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = json::serialize(body);
  return r;
}

json::value ParseOwnJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

http::Response Fail(const http::Request& req, const base::Status& s) {
  unsigned status = http::HttpStatusOf(s.code());
  // A well-formed JSON body whose fields are wrong (errors point into it) is 422; a body that is
  // not JSON at all stays 400.
  bool points_inside = false;
  for (const auto& e : s.fields()) points_inside = points_inside || !e.pointer.empty();
  if (points_inside && s.code() == base::StatusCode::kInvalidArgument) status = 422;
  return http::Problem(status, s, http::RequestLang(req));
}

namespace {

// Line and column (1-based, columns in bytes) of byte `offset` of `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

ParsedBody ParseAnyObject(const http::Request& req) {
  ParsedBody out;
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t consumed = parser.write_some(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec || !parser.done()) {
    size_t offset = ec ? consumed : req.body.size();
    auto [line, col] = LineColumn(req.body, offset);
    std::string why = ec ? ec.message() : "incomplete JSON";
    out.status = base::InvalidArgument(
        {.ja = fmt::format("リクエスト本文が JSON として正しくありません（{}行{}列）: {}", line,
                           col, why),
         .en = fmt::format("the request body is not valid JSON at line {}, column {}: {}", line,
                           col, why)});
    out.status = out.status.WithFields({{"", out.status.text()}});
    return out;
  }
  json::value v = parser.release();
  if (!v.is_object()) {
    out.status =
        base::InvalidArgument({.ja = "リクエスト本文は JSON オブジェクトでなければなりません",
                               .en = "the request body must be a JSON object"});
    out.status = out.status.WithFields({{"", out.status.text()}});
    return out;
  }
  out.object = std::move(v.as_object());
  return out;
}

ParsedBody ParseObject(const http::Request& req, std::initializer_list<std::string_view> allowed,
                       bool empty_is_object) {
  if (req.body.empty() && empty_is_object) return {};
  ParsedBody out = ParseAnyObject(req);
  if (!out.ok()) return out;
  std::vector<base::FieldError> errors;
  for (const auto& member : out.object) {
    bool known = false;
    for (std::string_view a : allowed) known = known || member.key() == a;
    if (!known) {
      std::string allowed_list;
      for (std::string_view a : allowed) {
        if (!allowed_list.empty()) allowed_list += ", ";
        allowed_list += a;
      }
      errors.push_back({"/" + std::string(member.key()),
                        {.ja = fmt::format("不明な項目です（使える項目: {}）", allowed_list),
                         .en = fmt::format("unknown field (allowed: {})", allowed_list)}});
    }
  }
  if (!errors.empty()) {
    out.status = base::InvalidArgument({.ja = "リクエスト本文に不明な項目があります",
                                        .en = "the request body has unknown fields"})
                     .WithFields(std::move(errors));
  }
  return out;
}

std::optional<std::string> GetString(const json::object& o, std::string_view name,
                                     std::vector<base::FieldError>* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    errors->push_back(
        {"/" + std::string(name), {.ja = "文字列でなければなりません", .en = "must be a string"}});
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<base::Date> GetDate(const json::object& o, std::string_view name,
                                  std::vector<base::FieldError>* errors) {
  auto s = GetString(o, name, errors);
  if (!s) return std::nullopt;
  auto d = base::ParseDateIsoOrWareki(*s);
  if (!d) {
    errors->push_back({"/" + std::string(name), d.status().text()});
    return std::nullopt;
  }
  return *d;
}

base::Result<Caller> Identify(const ApiContext& ctx, const http::Request& req,
                              store::Connection& conn) {
  Caller caller;
  caller.principal = auth::Principal::Anonymous();
  std::string token;
  auth::SessionKind kind = auth::SessionKind::kBearer;
  if (auto h = req.Header("Authorization")) {
    std::string_view v = *h;
    if (v.size() < 7 || !http::EqualsIgnoreCase(v.substr(0, 7), "Bearer ")) {
      return base::Status(
          base::StatusCode::kUnauthenticated,
          {.ja = "Authorization ヘッダーは \"Bearer <トークン>\" の形でなければなりません",
           .en = "the Authorization header must be \"Bearer <token>\""});
    }
    token = std::string(v.substr(7));
  } else if (auto cookies = req.Header("Cookie")) {
    std::string_view rest = *cookies;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.substr(0, kSessionCookie.size() + 1) == std::string(kSessionCookie) + "=") {
        token = std::string(pair.substr(kSessionCookie.size() + 1));
        kind = auth::SessionKind::kCookie;
      }
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  if (token.empty()) return caller;
  KIKAN_ASSIGN_OR_RETURN(caller.principal,
                         ctx.accounts->Authenticate(conn, token, kind, ctx.clock->Now()));
  caller.token = token;
  caller.cookie = kind == auth::SessionKind::kCookie;
  bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (caller.cookie && !safe) {
    KIKAN_TRY(auth::CheckCsrf(token, req.Header("X-CSRF-Token").value_or("")));
  }
  return caller;
}

base::Result<int64_t> DesignationId(const http::Request& req) {
  std::string_view text = req.Param("id");
  int64_t id = 0;
  if (text.empty() || text.size() > 13) {
    return base::NotFound({.ja = "該当する指定はありません", .en = "no such designation"});
  }
  for (char ch : text) {
    if (ch < '0' || ch > '9')
      return base::NotFound({.ja = "該当する指定はありません", .en = "no such designation"});
    id = id * 10 + (ch - '0');
  }
  return id;
}

void PutDate(json::object& o, std::string_view key, const std::optional<base::Date>& d) {
  if (!d) {
    o[key] = nullptr;
    return;
  }
  o[key] = d->ToIso();
  o[std::string(key) + "_wareki"] = base::FormatWarekiOrEmpty(*d);
}

json::array RulesJson(const std::vector<calendar::AppliedRule>& rules) {
  json::array out;
  for (const auto& r : rules) {
    out.push_back(json::object{{"id", r.id},
                               {"text", TextJson(r.text)},
                               {"basis", TextJson(r.basis)},
                               {"references", codec::EncodeReferences(r.basis.ja)}});
  }
  return out;
}

json::array FieldsReadJson(const rules::Schema& schema, const std::vector<std::string>& read) {
  json::array out;
  for (const std::string& path : read) {
    const size_t dot = path.find('.');
    if (dot == std::string::npos) continue;
    const std::string_view kind = std::string_view(path).substr(0, dot);
    const rules::EntityKind* k = schema.Find(kind);
    const rules::FieldDef* f = k ? k->Find(std::string_view(path).substr(dot + 1)) : nullptr;
    if (f == nullptr) continue;
    out.push_back(json::object{{"kind", kind},
                               {"field", f->name},
                               {"type", f->type.ToString()},
                               {"label", TextJson(f->label)},
                               {"unit", f->unit}});
  }
  return out;
}

}  // namespace kikan::api
