#include "http/problem.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kikan::http {

unsigned HttpStatusOf(base::StatusCode code) {
  using base::StatusCode;
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kDataLoss:
      return 500;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

const base::Text& TitleOf(base::StatusCode code) {
  using base::StatusCode;
  static const base::Text kOk{.ja = "OK", .en = "OK"};
  static const base::Text kInvalidArgument{.ja = "リクエストが不正です", .en = "Invalid request"};
  static const base::Text kNotFound{.ja = "見つかりません", .en = "Not found"};
  static const base::Text kAlreadyExists{.ja = "既に存在します", .en = "Already exists"};
  static const base::Text kFailedPrecondition{.ja = "現在の状態では実行できません",
                                              .en = "Not allowed in the current state"};
  static const base::Text kOutOfRange{.ja = "値が範囲外です", .en = "Value out of range"};
  static const base::Text kPermissionDenied{.ja = "権限がありません", .en = "Permission denied"};
  static const base::Text kUnauthenticated{.ja = "認証が必要です", .en = "Authentication required"};
  static const base::Text kDataLoss{.ja = "データが破損しているか改ざんされています",
                                    .en = "Data corrupt or tampered with"};
  static const base::Text kUnavailable{.ja = "サービスを利用できません",
                                       .en = "Service unavailable"};
  static const base::Text kInternal{.ja = "内部エラーです", .en = "Internal error"};
  switch (code) {
    case StatusCode::kOk:
      return kOk;
    case StatusCode::kInvalidArgument:
      return kInvalidArgument;
    case StatusCode::kNotFound:
      return kNotFound;
    case StatusCode::kAlreadyExists:
      return kAlreadyExists;
    case StatusCode::kFailedPrecondition:
      return kFailedPrecondition;
    case StatusCode::kOutOfRange:
      return kOutOfRange;
    case StatusCode::kPermissionDenied:
      return kPermissionDenied;
    case StatusCode::kUnauthenticated:
      return kUnauthenticated;
    case StatusCode::kDataLoss:
      return kDataLoss;
    case StatusCode::kUnavailable:
      return kUnavailable;
    case StatusCode::kInternal:
      return kInternal;
  }
  return kInternal;
}

base::Text StatusPhrase(unsigned status) {
  switch (status) {
    case 400:
      return {.ja = "不正なリクエストです", .en = "Bad Request"};
    case 401:
      return {.ja = "認証が必要です", .en = "Unauthorized"};
    case 403:
      return {.ja = "禁止されています", .en = "Forbidden"};
    case 404:
      return {.ja = "見つかりません", .en = "Not Found"};
    case 405:
      return {.ja = "許可されていないメソッドです", .en = "Method Not Allowed"};
    case 408:
      return {.ja = "リクエストがタイムアウトしました", .en = "Request Timeout"};
    case 409:
      return {.ja = "競合しています", .en = "Conflict"};
    case 413:
      return {.ja = "リクエスト本文が大きすぎます", .en = "Content Too Large"};
    case 414:
      return {.ja = "URI が長すぎます", .en = "URI Too Long"};
    case 415:
      return {.ja = "サポートされていないメディアタイプです", .en = "Unsupported Media Type"};
    case 422:
      return {.ja = "処理できない内容です", .en = "Unprocessable Content"};
    case 431:
      return {.ja = "リクエストヘッダーが大きすぎます", .en = "Request Header Fields Too Large"};
    case 500:
      return {.ja = "内部エラーです", .en = "Internal Server Error"};
    case 501:
      return {.ja = "実装されていません", .en = "Not Implemented"};
    case 503:
      return {.ja = "サービスを利用できません", .en = "Service Unavailable"};
    default:
      break;
  }
  if (status >= 500) return {.ja = "サーバーエラーです", .en = "Server Error"};
  return {.ja = "クライアントエラーです", .en = "Client Error"};
}

std::string KebabCode(base::StatusCode code) {
  std::string out;
  for (char c : base::StatusCodeName(code)) {
    if (c == '_') {
      out += '-';
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

Response MakeProblem(unsigned status, std::string type, const std::string& title,
                     const base::Status& s, base::Lang lang) {
  boost::json::object body;
  body["type"] = type;
  body["title"] = title;
  body["status"] = status;
  body["detail"] = s.message(lang);
  body["code"] = base::StatusCodeName(s.code());
  if (!s.fields().empty()) {
    boost::json::array list;
    for (const base::FieldError& e : s.fields()) {
      boost::json::object item;
      item["pointer"] = e.pointer;
      item["detail"] = e.message.In(lang);
      list.push_back(std::move(item));
    }
    body["errors"] = std::move(list);
  }
  Response res;
  res.status = status;
  res.content_type = std::string(kProblemContentType);
  res.headers.emplace_back("Content-Language", lang == base::Lang::kEn ? "en" : "ja");
  res.body = boost::json::serialize(body);
  return res;
}

}  // namespace

Response Problem(unsigned status, const base::Status& s, base::Lang lang) {
  return MakeProblem(status, std::string(kProblemTypeBase) + KebabCode(s.code()),
                     TitleOf(s.code()).In(lang), s, lang);
}

Response Problem(const base::Status& s, base::Lang lang) {
  return Problem(HttpStatusOf(s.code()), s, lang);
}

Response HttpProblem(unsigned status, const base::Status& s, base::Lang lang) {
  return MakeProblem(status, "about:blank", StatusPhrase(status).In(lang), s, lang);
}

base::Lang RequestLang(const Request& req) {
  if (auto q = req.Query("lang")) {
    if (auto lang = base::ParseLang(*q)) return *lang;
  }
  if (auto accept = req.Header("Accept-Language")) {
    std::string_view v = *accept;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    if (v.size() >= 2 && EqualsIgnoreCase(v.substr(0, 2), "en")) return base::Lang::kEn;
  }
  return base::Lang::kJa;
}

}  // namespace kikan::http
