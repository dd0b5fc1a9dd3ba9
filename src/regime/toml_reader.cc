// The TOML side of regime::Load: one pack file's text and the problems found in it, each with
// the line and a caret under its column (wide characters take two cells, so the caret lines up
// under Japanese text); typed reads of a table's keys that report missing keys and wrong types;
// toml++'s parse errors rewritten where they can say more. See loader_internal.h.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "law/outline.h"
#include "law/reference.h"
#include "regime/loader_internal.h"

namespace kikan::regime::internal {

Pos PosOf(const toml::source_region& r) {
  if (r.begin.line == 0) return {};
  return {static_cast<int>(r.begin.line), std::max(1, static_cast<int>(r.begin.column))};
}
Pos PosOf(const toml::node& n) { return PosOf(n.source()); }

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

size_t ByteOffsetOfColumn(std::string_view line, int column) {
  return base::ByteOffsetOfCodePoint(line, static_cast<size_t>(std::max(column, 1) - 1));
}

// The Japanese and English names of a TOML value's type, for "wrong type" messages.
std::pair<const char*, const char*> TypeNames(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return {"文字列", "a string"};
    case toml::node_type::integer:
      return {"整数", "an integer"};
    case toml::node_type::floating_point:
      return {"小数", "a float"};
    case toml::node_type::boolean:
      return {"真偽値", "a boolean"};
    case toml::node_type::date:
      return {"日付", "a date"};
    case toml::node_type::time:
      return {"時刻", "a time"};
    case toml::node_type::date_time:
      return {"日時", "a date-time"};
    case toml::node_type::table:
      return {"表", "a table"};
    case toml::node_type::array:
      return {"配列", "an array"};
    default:
      return {"不明な値", "an unknown value"};
  }
}

// ---- FileContext

FileContext::FileContext(std::string path, std::string text, std::vector<PackProblem>* out)
    : path_(std::move(path)), text_(std::move(text)), out_(out) {
  size_t start = 0;
  while (start <= text_.size()) {
    size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    std::string_view line(text_.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines_.push_back(line);
    start = end + 1;
  }
}

std::string_view FileContext::Line(int line) const {
  if (line < 1 || static_cast<size_t>(line) > lines_.size()) return {};
  return lines_[static_cast<size_t>(line - 1)];
}

void FileContext::Add(Pos pos, base::Text message, bool warning) {
  PackProblem p;
  p.file = path_;
  p.line = pos.line;
  p.column = pos.column;
  p.message = std::move(message);
  p.warning = warning;
  std::string_view line = Line(pos.line);
  if (!line.empty()) {
    std::string caret;
    size_t upto = ByteOffsetOfColumn(line, pos.column);
    // Under each character before the column: a tab where it has one, else as many spaces as the
    // cells it takes, so the caret lines up under Japanese text.
    for (size_t i = 0; i < upto;) {
      const base::Utf8Char c = base::DecodeUtf8(line, i);
      caret += c.code_point == '\t' ? "\t" : base::CodePointWidth(c.code_point) == 2 ? "  " : " ";
      i += c.length;
    }
    p.excerpt = fmt::format("  {}\n  {}^\n", line, caret);
  }
  if (!warning) ++errors_;
  out_->push_back(std::move(p));
}

// ---- Reader

const toml::node* Reader::Node(std::string_view key, Req req) {
  used_.insert(std::string(key));
  const toml::node* n = table_.get(key);
  if (n == nullptr && req == Req::kRequired) {
    file_.Error(pos(), {.ja = fmt::format("{} に必須のキー `{}` がありません", what_, key),
                        .en = fmt::format("{} lacks the required key `{}`", what_, key)});
  }
  return n;
}

Pos Reader::PosOfKey(std::string_view key) const {
  const toml::node* n = table_.get(key);
  return n != nullptr ? PosOf(*n) : pos();
}

namespace {

// The keys whose strings cite the law (docs/references.md): each reference to the Act they name
// must be a provision the bundled outline has; one outside the outline is not checked (warning).
bool IsCitationKey(std::string_view key) {
  return key == "citation" || key == "act" || key == "cabinet_order";
}

void CheckReferences(FileContext& file, Pos value, const std::string& text) {
  for (const law::Located& found : law::ParseCitationsLocated(text)) {
    const law::CheckResult r = law::CheckAgainstOutline(found.ref);
    if (r.check == law::Check::kOk) continue;
    // One column past the opening quote, then the code points before the reference.
    Pos at = value;
    at.column +=
        1 + static_cast<int>(base::CodePointCount(std::string_view(text).substr(0, found.offset)));
    if (r.check == law::Check::kNoSuchProvision) {
      file.Error(at, r.message);
    } else {
      file.Warning(at, r.message);
    }
  }
}

}  // namespace

std::optional<std::string> Reader::String(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) {
    if (IsCitationKey(key)) CheckReferences(file_, PosOf(*n), s->get());
    return s->get();
  }
  WrongType(key, *n, {.ja = "文字列", .en = "a string"});
  return std::nullopt;
}

std::optional<std::string> Reader::Identifier(std::string_view key, Req req) {
  auto s = String(key, req);
  if (s && !IsIdentifier(*s)) {
    file_.Error(
        PosOfKey(key),
        {.ja = fmt::format(
             "`{}` の値 \"{}\" は識別子ではありません（英小文字で始まり、英小文字・数字・_ "
             "のみ）",
             key, *s),
         .en = fmt::format("`{}` = \"{}\" is not an identifier (a lowercase letter, then lowercase "
                           "letters, digits or _)",
                           key, *s)});
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Reader::Bool(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  WrongType(key, *n, {.ja = "真偽値（true / false）", .en = "a boolean (true / false)"});
  return std::nullopt;
}

std::optional<int64_t> Reader::Integer(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  WrongType(key, *n, {.ja = "整数", .en = "an integer"});
  return std::nullopt;
}

std::optional<base::Date> Reader::Date(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return std::nullopt;
  if (const auto* d = n->as_date()) {
    const toml::date& v = d->get();
    auto date = base::Date::FromYmd(v.year, v.month, v.day);
    if (date) return *date;
    file_.Error(PosOf(*n), {.ja = fmt::format("`{}` の日付が範囲外です", key),
                            .en = fmt::format("`{}` is out of the supported date range", key)});
    return std::nullopt;
  }
  if (const auto* s = n->as_string(); s != nullptr && base::Date::ParseIso(s->get())) {
    file_.Error(
        PosOf(*n),
        {.ja = fmt::format("`{}` は日付で書いてください: 引用符を外して {} と書きます", key,
                           s->get()),
         .en = fmt::format("`{}` must be a date: remove the quotes and write {}", key, s->get())});
    return std::nullopt;
  }
  WrongType(key, *n,
            {.ja = "日付（引用符なしの YYYY-MM-DD）", .en = "a date (YYYY-MM-DD without quotes)"});
  return std::nullopt;
}

const toml::table* Reader::Table(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return nullptr;
  if (const auto* t = n->as_table()) return t;
  WrongType(key, *n, {.ja = "表（{ ... } または [表名]）", .en = "a table ({ ... } or [name])"});
  return nullptr;
}

const toml::array* Reader::Array(std::string_view key, Req req) {
  const toml::node* n = Node(key, req);
  if (n == nullptr) return nullptr;
  if (const auto* a = n->as_array()) return a;
  WrongType(key, *n, {.ja = "配列（[ ... ]）", .en = "an array ([ ... ])"});
  return nullptr;
}

base::Text Reader::Label(Req ja_req) {
  base::Text t;
  if (auto ja = String("ja", ja_req)) t.ja = *ja;
  if (auto en = String("en", Req::kOptional)) t.en = *en;
  return t;
}

void Reader::WrongType(std::string_view key, const toml::node& n, const base::Text& want) {
  auto [got_ja, got_en] = TypeNames(n);
  file_.Error(PosOf(n), {.ja = fmt::format("`{}` は{}で書いてください（{}が書かれています）", key,
                                           want.ja, got_ja),
                         .en = fmt::format("`{}` must be {}, not {}", key, want.en, got_en)});
}

void Reader::WarnUnknown() {
  for (const auto& [k, v] : table_) {
    if (used_.count(std::string(k.str())) != 0) continue;
    Pos p = PosOf(k.source());
    if (k.source().begin.line == 0) p = PosOf(v);
    file_.Warning(p, {.ja = fmt::format("{} の未知のキー `{}` は無視されます", what_, k.str()),
                      .en = fmt::format("unknown key `{}` in {} is ignored", k.str(), what_)});
  }
}

std::string_view SourceText(const FileContext& file, const toml::node& n) {
  const toml::source_region& r = n.source();
  if (r.begin.line == 0 || r.begin.line != r.end.line) return {};
  std::string_view line = file.Line(static_cast<int>(r.begin.line));
  const size_t begin = ByteOffsetOfColumn(line, static_cast<int>(r.begin.column));
  const size_t end = ByteOffsetOfColumn(line, static_cast<int>(r.end.column));
  return end > begin ? line.substr(begin, end - begin) : std::string_view();
}

// Where a criteria rule's text starts, given its string value node: one column after a single
// quote, at column 1 of the next line for a multi-line string whose opening delimiter ends its
// line, otherwise three columns after the delimiter.
rules::Location RuleOrigin(const FileContext& file, const toml::node& n) {
  Pos p = PosOf(n);
  std::string_view line = file.Line(p.line);
  size_t at = ByteOffsetOfColumn(line, p.column);
  std::string_view rest = line.substr(std::min(at, line.size()));
  if (rest.substr(0, 3) == "\"\"\"" || rest.substr(0, 3) == "'''") {
    if (rest.size() == 3) return {p.line + 1, 1};
    return {p.line, p.column + 3};
  }
  return {p.line, p.column + 1};
}

// The array of tables at `key` (e.g. [[criteria]]): each element must be a table.
std::vector<const toml::table*> ArrayOfTables(FileContext& file, Reader& root, std::string_view key,
                                              Req req) {
  std::vector<const toml::table*> out;
  const toml::array* a = root.Array(key, req);
  if (a == nullptr) return out;
  for (const toml::node& n : *a) {
    if (const auto* t = n.as_table()) {
      out.push_back(t);
    } else {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 {.ja = fmt::format("[[{}]] の要素は表でなければなりません（{}が書かれています）",
                                    key, ja),
                  .en = fmt::format("elements of [[{}]] must be tables, not {}", key, en)});
    }
  }
  return out;
}

// Rewrites toml++'s message for an impossible date into one that says so, pointing at the date.
void ReportParseError(FileContext& file, const toml::parse_error& e) {
  Pos pos = PosOf(e.source());
  std::string desc(e.description());
  if (desc.find("date") != std::string::npos &&
      (desc.find("between") != std::string::npos || desc.find("expected") != std::string::npos)) {
    std::string_view line = file.Line(pos.line);
    size_t end = std::min(ByteOffsetOfColumn(line, pos.column), line.size());
    while (end > 0 && line[end - 1] == ' ') --end;  // the parser may stop after the date
    while (end < line.size() &&
           (std::isdigit(static_cast<unsigned char>(line[end])) != 0 || line[end] == '-')) {
      ++end;  // or inside it
    }
    size_t begin = end;
    while (begin > 0 && (std::isdigit(static_cast<unsigned char>(line[begin - 1])) != 0 ||
                         line[begin - 1] == '-')) {
      --begin;
    }
    std::string token(line.substr(begin, end - begin));
    int y = 0, m = 0, d = 0;
    if (std::sscanf(token.c_str(), "%d-%d-%d", &y, &m, &d) == 3 && begin < end) {
      Pos at{pos.line, static_cast<int>(base::CodePointCount(line.substr(0, begin))) + 1};
      if (m < 1 || m > 12) {
        file.Error(at, {.ja = fmt::format("存在しない日付です: {}（月は1〜12）", token),
                        .en = fmt::format("impossible date {}: the month must be 1 to 12", token)});
      } else {
        int days = base::DaysInMonth(y, m);
        file.Error(
            at,
            {.ja = fmt::format("存在しない日付です: {}（{}年{}月は{}日まで）", token, y, m, days),
             .en = fmt::format("impossible date {}: {:04}-{:02} has {} days", token, y, m, days)});
      }
      return;
    }
  }
  file.Error(pos, {.ja = fmt::format("TOML の構文エラー: {}", desc),
                   .en = fmt::format("TOML syntax error: {}", desc)});
}

}  // namespace kikan::regime::internal
