// A population: the rows of every entity kind of a dataset, held as typed columns. The designation
// engine evaluates a compiled rule over the subject table (one row per operator of one business
// for one period) and follows ref/refs columns into the other tables.
//
// Ownership: a Population owns its tables; a Table owns its columns. Built once (by the dataset
// loader or a test), then read-only: concurrent reads are safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/schema.h"

namespace kikan::rules {

inline constexpr int32_t kNoRow = -1;

// One field's values for every row of a table. Which vector is used depends on type.kind:
//   kInt, kDecimal (× kDecimalScale), kDate (days since 1970-01-01): `i64`
//   kBool: `b` (0/1)
//   kText: `text`
//   kRef: `ref` (row index in the target kind's table, or kNoRow)
//   kRefs: `refs_offsets` (size rows+1) and `refs_targets`: row r refers to
//          refs_targets[refs_offsets[r] .. refs_offsets[r+1])
// `valid` marks present values (1) and missing ones (0, an empty CSV cell); when `valid` is
// empty every value is present.
struct Column {
  FieldType type;
  std::vector<int64_t> i64;
  std::vector<uint8_t> b;
  std::vector<std::string> text;
  std::vector<int32_t> ref;
  std::vector<uint32_t> refs_offsets;
  std::vector<int32_t> refs_targets;
  std::vector<uint8_t> valid;

  bool IsValid(size_t row) const { return valid.empty() || valid[row] != 0; }
};

struct Table {
  std::string kind;
  std::vector<std::string> ids;    // unique within the table
  std::vector<std::string> names;  // display names (Japanese as the data gives them)
  std::map<std::string, Column, std::less<>> columns;  // by field name

  size_t size() const { return ids.size(); }
  const Column* Find(std::string_view field) const {
    auto it = columns.find(field);
    return it == columns.end() ? nullptr : &it->second;
  }  // The text of `field` at `row`: "" when the field is absent, not text, or missing there.
  std::string TextAt(std::string_view field, size_t row) const {
    const Column* col = Find(field);
    if (col == nullptr || col->text.size() <= row || !col->IsValid(row)) return {};
    return col->text[row];
  }

  // The row whose id is `id`, or nullopt. Linear unless BuildIndex() was called.
  std::optional<size_t> RowOf(std::string_view id) const;
  void BuildIndex();

 private:
  std::unordered_map<std::string, size_t> index_;
};

class Population {
 public:
  Table& Add(Table table);  // replaces a table of the same kind
  const Table* Find(std::string_view kind) const;
  Table* FindMutable(std::string_view kind);
  const std::map<std::string, Table, std::less<>>& tables() const { return tables_; }

  // The fiscal year whose observations the yearly tables hold (the judged year), when known:
  // explanations of business-year windows name the years ("deposits_jpy @FY2024").
  std::optional<int> fiscal_year;

 private:
  std::map<std::string, Table, std::less<>> tables_;
};

}  // namespace kikan::rules
