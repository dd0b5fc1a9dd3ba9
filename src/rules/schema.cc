#include "rules/schema.h"

#include <fmt/format.h>

namespace kikan::rules {

std::string_view MissingPolicyName(MissingPolicy p) {
  switch (p) {
    case MissingPolicy::kSkip:
      return "skip";
    case MissingPolicy::kUnknown:
      return "unknown";
    case MissingPolicy::kZero:
      return "zero";
  }
  return "skip";
}

std::optional<MissingPolicy> ParseMissingPolicy(std::string_view s) {
  if (s == "skip") return MissingPolicy::kSkip;
  if (s == "unknown") return MissingPolicy::kUnknown;
  if (s == "zero") return MissingPolicy::kZero;
  return std::nullopt;
}

base::Result<FieldType> FieldType::Parse(std::string_view s) {
  if (s == "int") return FieldType{TypeKind::kInt, {}};
  if (s == "decimal") return FieldType{TypeKind::kDecimal, {}};
  if (s == "bool") return FieldType{TypeKind::kBool, {}};
  if (s == "text") return FieldType{TypeKind::kText, {}};
  if (s == "date") return FieldType{TypeKind::kDate, {}};
  auto target_of = [&](std::string_view prefix) -> std::optional<std::string> {
    if (s.substr(0, prefix.size()) != prefix || s.size() == prefix.size()) return std::nullopt;
    return std::string(s.substr(prefix.size()));
  };
  if (auto t = target_of("refs:")) return FieldType{TypeKind::kRefs, *t};
  if (auto t = target_of("ref:")) return FieldType{TypeKind::kRef, *t};
  return base::InvalidArgument(
      {.ja = fmt::format(
           "不明な型「{}」です（int, decimal, bool, text, date, ref:種別, refs:種別 のいずれか）",
           s),
       .en = fmt::format("unknown field type \"{}\" (expected int, decimal, bool, text, date, "
                         "ref:KIND or refs:KIND)",
                         s)});
}

std::string FieldType::ToString() const {
  switch (kind) {
    case TypeKind::kInt:
      return "int";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kText:
      return "text";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kRef:
      return "ref:" + target;
    case TypeKind::kRefs:
      return "refs:" + target;
  }
  return "?";
}

const FieldDef* EntityKind::Find(std::string_view field) const {
  for (const auto& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

base::Status Schema::AddKind(EntityKind kind) {
  if (Find(kind.name) != nullptr) {
    return base::AlreadyExists(
        {.ja = fmt::format("エンティティ種別「{}」が重複しています", kind.name),
         .en = fmt::format("entity kind \"{}\" is declared twice", kind.name)});
  }
  kinds_.push_back(std::move(kind));
  return base::Status::Ok();
}

const EntityKind* Schema::Find(std::string_view name) const {
  for (const auto& k : kinds_) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

base::Status Schema::Validate() const {
  for (const auto& k : kinds_) {
    for (const auto& f : k.fields) {
      if ((f.type.kind == TypeKind::kRef || f.type.kind == TypeKind::kRefs) &&
          Find(f.type.target) == nullptr) {
        return base::NotFound(
            {.ja = fmt::format("{}.{} が参照するエンティティ種別「{}」は宣言されていません", k.name,
                               f.name, f.type.target),
             .en = fmt::format("{}.{} refers to entity kind \"{}\", which is not declared", k.name,
                               f.name, f.type.target)});
      }
    }
  }
  return base::Status::Ok();
}

}  // namespace kikan::rules
