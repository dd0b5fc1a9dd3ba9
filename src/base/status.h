// Status and Result<T>: how fallible code in Kikan reports failure, without exceptions.
//
// A Status is a canonical code plus a message in Japanese and English (the user-facing language
// is Japanese by default; English is one flag away), and, for input that is wrong in several
// places at once, the list of field errors: each names the field by its JSON pointer and says
// what is wrong there. A use case that refuses a request returns one Status carrying every
// field error it found; the adapters render them (problem+json `errors`, the CLI's lines).
// Result<T> is tl::expected<T, Status> with an implicit constructor from a non-OK Status, so
// `return base::InvalidArgument(...)` works in any function returning Result<T>. Both are plain
// values: copyable, movable, thread-compatible.
//
// The code → HTTP status and code → CLI exit code tables live at the adapters (http/, cli/),
// one table each.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "base/check.h"
#include "base/lang.h"

namespace kikan::base {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is malformed or violates a rule
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that is already there
  kFailedPrecondition,  // the input is well-formed but the state does not allow it
  kOutOfRange,          // a value outside its legal range (a date outside an era, ...)
  kPermissionDenied,    // the caller may not do this
  kUnauthenticated,     // the caller is not signed in
  kDataLoss,            // stored data is corrupt or was tampered with
  kUnavailable,         // a resource (file, server) cannot be reached
  kInternal,            // a bug: an invariant was broken
};

// One wrong field of an input: an RFC 6901 JSON pointer into the document the user sent or
// edits ("/suppliers/0/corporate_number"; "" is the whole document) and what is wrong there.
// The one field-error type of Kikan: codecs, checks, use cases and adapters all speak it.
struct FieldError {
  std::string pointer;
  Text message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// The canonical name of a code, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  // The message in both languages: Status(code, {.ja = "…", .en = "…"}). A form left empty
  // falls back to the other one.
  Status(StatusCode code, Text message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& en() const { return message_.In(Lang::kEn); }
  const std::string& ja() const { return message_.In(Lang::kJa); }
  const std::string& message(Lang lang) const { return message_.In(lang); }
  const Text& text() const { return message_; }

  // Returns a copy whose messages are prefixed with `where` (e.g. "file.csv:3:7: ").
  Status WithPrefix(std::string_view where) const;
  // The field errors carried (empty for most statuses), in the order found.
  const std::vector<FieldError>& fields() const { return fields_; }
  // This status carrying `fields` (replacing any it had).
  Status WithFields(std::vector<FieldError> fields) const& {
    Status s = *this;
    s.fields_ = std::move(fields);
    return s;
  }
  Status WithFields(std::vector<FieldError> fields) && {
    fields_ = std::move(fields);
    return std::move(*this);
  }

  // "INVALID_ARGUMENT: message" (English), for logs and test failures.
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.fields_ == b.fields_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  Text message_;
  std::vector<FieldError> fields_;
};

inline Status InvalidArgument(Text message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status NotFound(Text message) { return Status(StatusCode::kNotFound, std::move(message)); }
inline Status AlreadyExists(Text message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
inline Status FailedPrecondition(Text message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status OutOfRange(Text message) {
  return Status(StatusCode::kOutOfRange, std::move(message));
}
inline Status PermissionDenied(Text message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status DataLoss(Text message) { return Status(StatusCode::kDataLoss, std::move(message)); }
inline Status Unavailable(Text message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status Internal(Text message) { return Status(StatusCode::kInternal, std::move(message)); }

template <class T>
class [[nodiscard]] Result : public tl::expected<T, Status> {
  using Base = tl::expected<T, Status>;

 public:
  using Base::Base;
  Result(const T& v) : Base(v) {}        // NOLINT: implicit, like expected
  Result(T&& v) : Base(std::move(v)) {}  // NOLINT
  // A failed Result; `status` must not be OK.
  Result(Status status) : Base(tl::unexpect, std::move(status)) {  // NOLINT
    KIKAN_CHECK(!this->error().ok());
  }

  const Status& status() const { return this->error(); }
};

}  // namespace kikan::base

#define KIKAN_CONCAT_INNER_(a, b) a##b
#define KIKAN_CONCAT_(a, b) KIKAN_CONCAT_INNER_(a, b)

// KIKAN_TRY(expr): evaluates a Status (or Result<T>) and returns its error from the enclosing
// function if it failed.
#define KIKAN_TRY(expr)                                                         \
  do {                                                                          \
    if (auto&& kikan_try_ = (expr); !::kikan::base::internal::IsOk(kikan_try_)) \
      return ::kikan::base::internal::ErrorOf(std::move(kikan_try_));           \
  } while (0)

// KIKAN_ASSIGN_OR_RETURN(lhs, expr): `lhs = *expr` when expr (a Result<T>) succeeded, otherwise
// returns its Status from the enclosing function. `lhs` may declare a variable: `auto x`.
#define KIKAN_ASSIGN_OR_RETURN(lhs, expr) \
  KIKAN_ASSIGN_OR_RETURN_IMPL_(KIKAN_CONCAT_(kikan_result_, __LINE__), lhs, expr)
#define KIKAN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)   \
  auto tmp = (expr);                                   \
  if (!tmp.has_value()) return std::move(tmp).error(); \
  lhs = std::move(*tmp)

namespace kikan::base::internal {
inline bool IsOk(const Status& s) { return s.ok(); }
template <class T>
bool IsOk(const Result<T>& r) {
  return r.has_value();
}
template <class T>
bool IsOk(const tl::expected<T, Status>& r) {
  return r.has_value();
}
inline Status ErrorOf(Status&& s) { return std::move(s); }
inline Status ErrorOf(Status& s) { return s; }
template <class T>
Status ErrorOf(Result<T>&& r) {
  return std::move(r).error();
}
template <class T>
Status ErrorOf(Result<T>& r) {
  return r.error();
}
template <class T>
Status ErrorOf(tl::expected<T, Status>&& r) {
  return std::move(r).error();
}
}  // namespace kikan::base::internal
