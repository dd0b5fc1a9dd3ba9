// Canonical state text of stored objects, hashed into the audit log (audit::HashState). Each
// field is written as `name=<byte length>:<bytes>\n` after a first line naming the object type,
// so no two different states share a text and the form does not depend on a JSON library's
// spacing or key order. Thread-compatible value type.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kikan::service {

class Canonical {
 public:
  explicit Canonical(std::string_view type) { text_.append(type).push_back('\n'); }
  Canonical& Add(std::string_view name, std::string_view value) {
    fmt::format_to(std::back_inserter(text_), "{}={}:{}\n", name, value.size(), value);
    return *this;
  }
  Canonical& AddInt(std::string_view name, int64_t value) {
    return Add(name, std::string_view(std::to_string(value)));
  }
  // NULL is written as a value no text can equal (a NUL byte first).
  Canonical& AddOpt(std::string_view name, const std::optional<std::string>& value) {
    return value ? Add(name, std::string_view(*value)) : Add(name, std::string_view("\x00null", 5));
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace kikan::service
