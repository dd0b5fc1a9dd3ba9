#include "base/status.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace kikan::base {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case StatusCode::kDataLoss:
      return "DATA_LOSS";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kInternal:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

Status Status::WithPrefix(std::string_view where) const {
  if (ok()) return *this;
  Text prefixed;
  if (!message_.ja.empty()) prefixed.ja = fmt::format("{}{}", where, message_.ja);
  if (!message_.en.empty()) prefixed.en = fmt::format("{}{}", where, message_.en);
  return Status(code_, std::move(prefixed)).WithFields(fields_);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = fmt::format("{}: {}", StatusCodeName(code_), en());
  for (const auto& f : fields_)
    out += fmt::format("\n  {}: {}", f.pointer, f.message.In(Lang::kEn));
  return out;
}

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "ja") return Lang::kJa;
  if (s == "en") return Lang::kEn;
  return std::nullopt;
}

namespace internal {
void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "KIKAN_CHECK failed: %s at %s:%d\n", condition, file, line);
  std::abort();
}
}  // namespace internal

}  // namespace kikan::base
