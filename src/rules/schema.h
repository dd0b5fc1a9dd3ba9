// The schema the rules language is checked against: the entity kinds a regime pack declares
// (`[[entity]]` tables) and the typed fields of each. Built by regime/ from a pack, read by the
// type checker and by the dataset loader. Immutable after construction; safe to share between
// threads once built.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kikan::rules {

// Decimal values are fixed-point integers: value × kDecimalScale. 4 places are enough for every
// quantity the packs use (km, tonnes, yen, percentages to 0.01%), with int64 headroom for sums
// over 10^8 rows.
inline constexpr int64_t kDecimalScale = 10'000;

enum class TypeKind { kInt, kDecimal, kBool, kText, kDate, kRef, kRefs };

struct FieldType {
  TypeKind kind = TypeKind::kInt;
  std::string target;  // the referenced entity kind, for kRef and kRefs; empty otherwise

  // Parses the pack spelling: "int", "decimal", "bool", "text", "date", "ref:KIND", "refs:KIND".
  // Errors: kInvalidArgument naming the spelling.
  static base::Result<FieldType> Parse(std::string_view spelling);
  // The pack spelling, inverse of Parse.
  std::string ToString() const;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

// What a missing value (an empty cell) of a field means, as the pack declares it
// (`fields.NAME = { ..., missing = "skip" }`; docs/rules-language.md, "Missing values"):
//   kSkip    (the default; the behaviour before the pack could say): the value is unknown to the
//            row's own comparisons, and population aggregates (`sum`, `share`, `rank`) and the
//            relation `sum` leave the row out;
//   kUnknown the value is unknown, and so is every aggregate over rows one of which lacks it
//            (the whole cannot be known);
//   kZero    an empty cell is 0 (int and decimal fields only): never unknown.
enum class MissingPolicy { kSkip, kUnknown, kZero };

// "skip", "unknown", "zero"; and back (nullopt for any other spelling).
std::string_view MissingPolicyName(MissingPolicy p);
std::optional<MissingPolicy> ParseMissingPolicy(std::string_view spelling);

struct FieldDef {
  std::string name;  // as written in rules: `vehicles`
  FieldType type;
  base::Text label;  // 車両数 / vehicles
  std::string unit;  // "台", "TEU", "%", or empty
  MissingPolicy missing = MissingPolicy::kSkip;
};

struct EntityKind {
  std::string name;  // `operator`, `terminal`, `port`, ...
  std::vector<FieldDef> fields;

  // The field named `name`, or nullptr.
  const FieldDef* Find(std::string_view field) const;
};

class Schema {
 public:
  // Adds a kind. Errors: kAlreadyExists when a kind of that name exists.
  base::Status AddKind(EntityKind kind);
  // The kind named `name`, or nullptr.
  const EntityKind* Find(std::string_view name) const;
  const std::vector<EntityKind>& kinds() const { return kinds_; }
  // Every ref/refs field names a kind that exists. Errors: kNotFound naming kind.field and target.
  base::Status Validate() const;

 private:
  std::vector<EntityKind> kinds_;
};

}  // namespace kikan::rules
