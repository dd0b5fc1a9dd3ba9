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
  static const base::Text kOk{"OK", "OK"};
  static const base::Text kInvalidArgument{"リクエストが不正です", "Invalid request"};
  static const base::Text kNotFound{"見つかりません", "Not found"};
  static const base::Text kAlreadyExists{"既に存在します", "Already exists"};
  static const base::Text kFailedPrecondition{"現在の状態では実行できません",
                                              "Not allowed in the current state"};
  static const base::Text kOutOfRange{"値が範囲外です", "Value out of range"};
  static const base::Text kPermissionDenied{"権限がありません", "Permission denied"};
  static const base::Text kUnauthenticated{"認証が必要です", "Authentication required"};
  static const base::Text kDataLoss{"データが破損しているか改ざんされています",
                                    "Data corrupt or tampered with"};
  static const base::Text kUnavailable{"サービスを利用できません", "Service unavailable"};
  static const base::Text kInternal{"内部エラーです", "Internal error"};
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
      return {"不正なリクエストです", "Bad Request"};
    case 401:
      return {"認証が必要です", "Unauthorized"};
    case 403:
      return {"禁止されています", "Forbidden"};
    case 404:
      return {"見つかりません", "Not Found"};
    case 405:
      return {"許可されていないメソッドです", "Method Not Allowed"};
    case 408:
      return {"リクエストがタイムアウトしました", "Request Timeout"};
    case 409:
      return {"競合しています", "Conflict"};
    case 413:
      return {"リクエスト本文が大きすぎます", "Content Too Large"};
    case 414:
      return {"URI が長すぎます", "URI Too Long"};
    case 415:
      return {"サポートされていないメディアタイプです", "Unsupported Media Type"};
    case 422:
      return {"処理できない内容です", "Unprocessable Content"};
    case 431:
      return {"リクエストヘッダーが大きすぎます", "Request Header Fields Too Large"};
    case 500:
      return {"内部エラーです", "Internal Server Error"};
    case 501:
      return {"実装されていません", "Not Implemented"};
    case 503:
      return {"サービスを利用できません", "Service Unavailable"};
    default:
      break;
  }
  if (status >= 500) return {"サーバーエラーです", "Server Error"};
  return {"クライアントエラーです", "Client Error"};
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
