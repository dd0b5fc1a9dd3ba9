#include "rules/population.h"

namespace kikan::rules {

std::optional<size_t> Table::RowOf(std::string_view id) const {
  if (!index_.empty()) {
    auto it = index_.find(std::string(id));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return i;
  }
  return std::nullopt;
}

void Table::BuildIndex() {
  index_.clear();
  index_.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) index_.emplace(ids[i], i);
}

Table& Population::Add(Table table) {
  std::string kind = table.kind;
  auto [it, inserted] = tables_.insert_or_assign(std::move(kind), std::move(table));
  return it->second;
}

const Table* Population::Find(std::string_view kind) const {
  auto it = tables_.find(kind);
  return it == tables_.end() ? nullptr : &it->second;
}

Table* Population::FindMutable(std::string_view kind) {
  auto it = tables_.find(kind);
  return it == tables_.end() ? nullptr : &it->second;
}

}  // namespace kikan::rules
