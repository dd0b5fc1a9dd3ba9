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

#include <fmt/format.h>

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
  // A spelled-out literal ("kamigumi") converts implicitly: it is no id of another kind. A
  // string variable or an id of another kind never does.
  template <size_t N>
  StrongId(const char (&literal)[N]) : value_(literal) {}  // NOLINT: implicit

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

// The two ids that meet everywhere: an operator of the register ("kamigumi") and a business of
// a pack ("general_port_transport"). A use case taking both cannot be called with them swapped.
using OperatorId = StrongId<struct OperatorIdTag>;
using BusinessId = StrongId<struct BusinessIdTag>;

}  // namespace kikan::base

template <class Tag>
struct fmt::formatter<kikan::base::StrongId<Tag>> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const kikan::base::StrongId<Tag>& id, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(id.view(), ctx);
  }
};

template <class Tag>
struct std::hash<kikan::base::StrongId<Tag>> {
  std::size_t operator()(const kikan::base::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string_view>{}(id.view());
  }
};
