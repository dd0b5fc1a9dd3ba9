// Strong ids: a string-backed identifier whose type says what it identifies, so an operator id
// cannot be passed where a business id is expected. `StrongId<struct OperatorTag>` and
// `StrongId<struct BusinessTag>` are different types with the same representation.
//
// An id owns its string. It is a plain value (copyable, movable, hashable, ordered);
// thread-compatible. It does not validate its contents: the module that issues ids of a kind
// checks their syntax where they enter the program (pack loader, dataset reader, API).
//
// Usage:
//   using OperatorId = base::StrongId<struct OperatorIdTag>;
//   OperatorId id("yamato-transport");
//   std::unordered_map<OperatorId, Row> rows;   // std::hash is specialised below
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace kikan::base {

template <class Tag>
class StrongId {
 public:
  using tag_type = Tag;

  StrongId() = default;  // the empty id
  explicit StrongId(std::string value) : value_(std::move(value)) {}
  explicit StrongId(std::string_view value) : value_(value) {}
  explicit StrongId(const char* value) : value_(value) {}

  const std::string& value() const { return value_; }
  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  friend bool operator==(const StrongId&, const StrongId&) = default;

  // For logs and test failure messages.
  friend std::ostream& operator<<(std::ostream& os, const StrongId& id) { return os << id.value_; }

 private:
  std::string value_;
};

}  // namespace kikan::base

template <class Tag>
struct std::hash<kikan::base::StrongId<Tag>> {
  std::size_t operator()(const kikan::base::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string_view>{}(id.view());
  }
};
