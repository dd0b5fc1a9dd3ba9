#include "registry/dataset.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "base/date.h"
#include "base/number.h"
#include "base/utf8.h"

namespace kikan::registry {

// ---------------------------------------------------------------------------------------------
// Small building blocks: error collection, a text arena, an id index, a mapped file, a CSV reader.
namespace {

constexpr size_t kMaxErrors = 100;

// Collects "file:line:column: message" problems in both languages, up to kMaxErrors.
class Errors {
 public:
  void Add(std::string_view file, size_t line, size_t column, const base::Text& message) {
    ++count_;
    if (count_ > kMaxErrors) return;
    if (!en_.empty()) {
      en_ += '\n';
      ja_ += '\n';
    }
    std::string where = fmt::format("{}:{}:{}: ", file, line, column);
    en_ += where;
    en_ += message.In(base::Lang::kEn);
    ja_ += where;
    ja_ += message.In(base::Lang::kJa);
  }
  bool empty() const { return count_ == 0; }
  size_t count() const { return count_; }

  base::Status ToStatus() const {
    std::string en = en_;
    std::string ja = ja_;
    if (count_ > kMaxErrors) {
      en += fmt::format("\n... and {} more problems", count_ - kMaxErrors);
      ja += fmt::format("\n…ほか {} 件の問題があります", count_ - kMaxErrors);
    }
    return base::InvalidArgument({.ja = std::move(ja), .en = std::move(en)});
  }

 private:
  size_t count_ = 0;
  std::string en_;
  std::string ja_;
};

// Many short strings in one buffer: string i is data[ends[i-1], ends[i]).
struct TextArena {
  std::string data;
  std::vector<uint64_t> ends;

  void Push(std::string_view s) {
    data.append(s);
    ends.push_back(data.size());
  }
  std::string_view Get(size_t i) const {
    uint64_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(data.data() + begin, ends[i] - begin);
  }
  size_t size() const { return ends.size(); }
  void Clear() {
    std::string().swap(data);
    std::vector<uint64_t>().swap(ends);
  }
};

// Distinct ids of one kind → dense key 0..n-1, by open addressing over an arena of the ids. Each
// slot holds the upper half of the id's hash beside its key, so that most probes that miss are
// settled without touching the arena.
class IdIndex {
 public:
  // Prepares for about `n` ids (avoids rehashing while loading).
  void Reserve(size_t n) {
    keys_.ends.reserve(n);
    size_t want = 64;
    while (want < n * 2) want *= 2;
    if (want > slots_.size()) Rehash(want);
  }
  // Hints the CPU to fetch the slot an id of hash `h` starts probing at.
  void Prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }
  // The key of `id` (whose Hash is `h`), inserting it when new; second is true when inserted.
  std::pair<uint32_t, bool> Insert(std::string_view id, uint64_t h) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 64 : slots_.size() * 2);
    const uint64_t tag = h & kTagMask;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint64_t s = slots_[i];
      if (s == 0) {
        auto key = static_cast<uint32_t>(keys_.size());
        keys_.Push(id);
        slots_[i] = tag | (key + 1);
        return {key, true};
      }
      if ((s & kTagMask) == tag && keys_.Get((s & kKeyMask) - 1) == id) {
        return {static_cast<uint32_t>((s & kKeyMask) - 1), false};
      }
    }
  }
  std::optional<uint32_t> Find(std::string_view id) const {
    if (slots_.empty()) return std::nullopt;
    const uint64_t h = Hash(id);
    const uint64_t tag = h & kTagMask;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint64_t s = slots_[i];
      if (s == 0) return std::nullopt;
      if ((s & kTagMask) == tag && keys_.Get((s & kKeyMask) - 1) == id) {
        return static_cast<uint32_t>((s & kKeyMask) - 1);
      }
    }
  }
  std::string_view Key(uint32_t key) const { return keys_.Get(key); }
  size_t size() const { return keys_.size(); }
  TextArena& arena() { return keys_; }

  static uint64_t Hash(std::string_view s) {
    // The table index uses the low bits, the tag the high ones; mix so both are well spread.
    uint64_t h = std::hash<std::string_view>{}(s);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
  }

 private:
  static constexpr uint64_t kKeyMask = 0xFFFF'FFFFull;
  static constexpr uint64_t kTagMask = ~kKeyMask;

  void Rehash(size_t n) {
    std::vector<uint64_t> slots(n, 0);
    const size_t mask = n - 1;
    for (uint32_t k = 0; k < keys_.size(); ++k) {
      const uint64_t h = Hash(keys_.Get(k));
      size_t i = h & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = (h & kTagMask) | (k + 1);
    }
    slots_.swap(slots);
  }

  TextArena keys_;
  std::vector<uint64_t> slots_;  // 0 = empty, else tag | (key + 1)
};

// A whole file in memory: mapped read-only when possible, read otherwise.
class FileContents {
 public:
  FileContents() = default;
  FileContents(const FileContents&) = delete;
  FileContents& operator=(const FileContents&) = delete;
  ~FileContents() {
    if (map_ != nullptr) munmap(map_, size_);
  }

  // Errors: kUnavailable when the file cannot be opened or read.
  base::Status Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return base::Unavailable(
          {.ja = fmt::format("{}: 開けません: {}", path, std::strerror(errno)),
           .en = fmt::format("{}: cannot open: {}", path, std::strerror(errno))});
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
      ::close(fd);
      return base::Unavailable({.ja = fmt::format("{}: 読み込めません", path),
                                .en = fmt::format("{}: cannot read", path)});
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return base::Unavailable(
            {.ja = fmt::format("{}: 読み込めません: {}", path, std::strerror(errno)),
             .en = fmt::format("{}: cannot map: {}", path, std::strerror(errno))});
      }
      map_ = p;
      madvise(map_, size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return base::Status::Ok();
  }
  std::string_view view() const {
    return map_ == nullptr ? std::string_view() : std::string_view(static_cast<char*>(map_), size_);
  }

 private:
  void* map_ = nullptr;
  size_t size_ = 0;
};

// The bytes that end or break an unquoted field.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  t[','] = t['\n'] = t['\r'] = t['"'] = true;
  return t;
}();

struct Cell {
  std::string_view value;
  uint32_t line = 0;  // line where the field starts
};

// RFC 4180 records out of a buffer. Cells point into the buffer, or into the reader's own
// storage for quoted fields with doubled quotes (valid until the next call of Next).
class CsvReader {
 public:
  CsvReader(std::string_view data, std::string_view file, Errors* errors)
      : d_(data), file_(file), errors_(errors) {
    if (d_.size() >= 3 && d_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  // Reads the next non-blank record. Returns false at the end of the input. `*ok` is false when
  // the record was malformed (the problem is already reported and the rest of the line skipped).
  bool Next(std::vector<Cell>* cells, uint32_t* line, bool* ok) {
    const size_t n = d_.size();
    while (pos_ < n) {
      if (d_[pos_] == '\n') {
        ++pos_;
        ++line_;
      } else if (d_[pos_] == '\r' && pos_ + 1 < n && d_[pos_ + 1] == '\n') {
        pos_ += 2;
        ++line_;
      } else {
        break;
      }
    }
    if (pos_ >= n) return false;
    cells->clear();
    used_unescaped_ = 0;
    *ok = true;
    *line = line_;
    for (;;) {
      Cell cell;
      cell.line = line_;
      const size_t column = cells->size() + 1;
      if (pos_ < n && d_[pos_] == '"') {
        size_t start = ++pos_;
        bool doubled = false;
        size_t end = 0;
        for (;;) {
          const void* q = pos_ < n ? std::memchr(d_.data() + pos_, '"', n - pos_) : nullptr;
          if (q == nullptr) {
            errors_->Add(file_, cell.line, column,
                         {.ja = "引用符で始まるフィールドが閉じられていません",
                          .en = "quoted field is not closed"});
            CountLines(pos_, n);
            pos_ = n;
            *ok = false;
            return true;
          }
          size_t qi = static_cast<size_t>(static_cast<const char*>(q) - d_.data());
          CountLines(pos_, qi);
          if (qi + 1 < n && d_[qi + 1] == '"') {
            doubled = true;
            pos_ = qi + 2;
            continue;
          }
          end = qi;
          pos_ = qi + 1;
          break;
        }
        cell.value = d_.substr(start, end - start);
        if (doubled) cell.value = Unescape(cell.value);
        if (pos_ < n && d_[pos_] != ',' && d_[pos_] != '\n' && d_[pos_] != '\r') {
          errors_->Add(file_, line_, column,
                       {.ja = "閉じ引用符の後に不正な文字があります",
                        .en = "unexpected character after a closing quote"});
          SkipLine();
          *ok = false;
          return true;
        }
      } else {
        size_t start = pos_;
        while (pos_ < n) {
          const char c = d_[pos_];
          if (!kSpecial[static_cast<unsigned char>(c)]) {
            ++pos_;
            continue;
          }
          if (c == ',' || c == '\n' || c == '\r') break;
          if (c == '"') {
            errors_->Add(
                file_, line_, column,
                {.ja = "引用符で囲まれていないフィールドに引用符があります（フィールドを引用符で囲"
                       "み、引用符を二重にしてください）",
                 .en = "a quote inside an unquoted field (enclose the field in quotes and "
                       "double the quote)"});
            SkipLine();
            *ok = false;
            return true;
          }
          ++pos_;
        }
        cell.value = d_.substr(start, pos_ - start);
      }
      cells->push_back(cell);
      if (pos_ >= n) return true;
      char c = d_[pos_];
      if (c == ',') {
        ++pos_;
        if (pos_ >= n) {
          cells->push_back(Cell{std::string_view(), line_});
          return true;
        }
        continue;
      }
      if (c == '\n') {
        ++pos_;
        ++line_;
        return true;
      }
      // c == '\r'
      if (pos_ + 1 < n && d_[pos_ + 1] == '\n') {
        pos_ += 2;
        ++line_;
        return true;
      }
      errors_->Add(
          file_, line_, column,
          {.ja = "CR の後に LF がありません", .en = "carriage return not followed by a line feed"});
      SkipLine();
      *ok = false;
      return true;
    }
  }

 private:
  void CountLines(size_t from, size_t to) {
    line_ += static_cast<uint32_t>(std::count(d_.begin() + from, d_.begin() + to, '\n'));
  }
  void SkipLine() {
    size_t nl = d_.find('\n', pos_);
    if (nl == std::string_view::npos) {
      pos_ = d_.size();
    } else {
      pos_ = nl + 1;
      ++line_;
    }
  }
  std::string_view Unescape(std::string_view raw) {
    if (used_unescaped_ == unescaped_.size()) unescaped_.emplace_back();
    std::string& out = unescaped_[used_unescaped_++];
    out.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      out += raw[i];
      if (raw[i] == '"') ++i;  // the second of a doubled quote
    }
    return out;
  }

  std::string_view d_;
  std::string_view file_;
  Errors* errors_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  std::vector<std::string> unescaped_;
  size_t used_unescaped_ = 0;
};

// --- Cell syntax -------------------------------------------------------------------------------

bool ParseBool(std::string_view s, uint8_t* out) {
  if (s == "true" || s == "TRUE" || s == "1") {
    *out = 1;
    return true;
  }
  if (s == "false" || s == "FALSE" || s == "0") {
    *out = 0;
    return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(item) for each `;`-separated item of a refs cell, trimmed.
template <class F>
void ForEachRefItem(std::string_view cell, F&& f) {
  size_t start = 0;
  for (;;) {
    size_t semi = cell.find(';', start);
    std::string_view item = Trim(
        cell.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
    f(item);
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The raw rows.

namespace {

struct RawField {
  rules::FieldDef def;
  int csv_column = -1;  // 0-based position in the CSV record, -1 when the CSV has no column
  // Values of every raw row, in the layout of rules::Column, except: text values are in `text`;
  // ref / refs values hold *keys* of the target kind (its IdIndex), not row indexes.
  rules::Column col;
  TextArena text;  // text values; raw cells of ref/refs fields until they are resolved
};

struct RawKind {
  rules::EntityKind def;
  std::string file;      // path of the CSV as reported in messages
  bool present = false;  // the CSV exists
  bool yearly = false;   // the CSV has a fiscal_year column
  int fy_column = -1;    // 0-based position of fiscal_year
  size_t rows = 0;
  std::vector<uint32_t> line;         // per row: the line it starts on
  std::vector<int32_t> fiscal_year;   // per row, when yearly
  std::vector<uint32_t> key;          // per row: the key of its id
  std::vector<uint32_t> next_of_key;  // per row: the next row with the same id, or kNone
  std::vector<uint32_t> first_row_of_key;
  std::vector<uint32_t> last_row_of_key;
  IdIndex ids;
  TextArena names;
  std::vector<RawField> fields;
};

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

}  // namespace

struct Dataset::Impl {
  std::vector<RawKind> kinds;

  const RawKind* Find(std::string_view kind) const {
    for (const auto& k : kinds) {
      if (k.def.name == kind) return &k;
    }
    return nullptr;
  }
  int IndexOf(std::string_view kind) const {
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (kinds[i].def.name == kind) return static_cast<int>(i);
    }
    return -1;
  }
};

// ---------------------------------------------------------------------------------------------
// Manifest.

namespace {

base::Status TomlError(const std::string& file, const toml::source_region& where,
                       base::Text message) {
  return base::InvalidArgument(std::move(message))
      .WithPrefix(fmt::format("{}:{}:{}: ", file, where.begin.line, where.begin.column));
}

base::Status ReadStringArray(const std::string& file, const toml::node& node, std::string_view key,
                             std::vector<std::string>* out) {
  const toml::array* arr = node.as_array();
  if (arr == nullptr) {
    return TomlError(file, node.source(),
                     {.ja = fmt::format("「{}」は文字列の配列でなければなりません", key),
                      .en = fmt::format("\"{}\" must be an array of strings", key)});
  }
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      return TomlError(file, item.source(),
                       {.ja = fmt::format("「{}」は文字列の配列でなければなりません", key),
                        .en = fmt::format("\"{}\" must be an array of strings", key)});
    }
    out->push_back(s->get());
  }
  return base::Status::Ok();
}

}  // namespace

base::Text TotalBasisLabel(std::string_view basis) {
  if (basis == "domestic_and_foreign") return {.ja = "外内貿", .en = "domestic + foreign"};
  if (basis == "foreign_only") return {.ja = "外貿のみ", .en = "foreign only"};
  if (basis == "national") return {.ja = "全国計", .en = "national total"};
  return {.ja = std::string(basis), .en = std::string(basis)};
}

const Total* Manifest::FindTotal(std::string_view metric) const {
  for (const Total& t : totals)
    if (t.metric == metric) return &t;
  return nullptr;
}

namespace {

// `[[totals]]`: { metric, value, year, basis, text, url }.
base::Status ReadTotals(const std::string& file, const toml::node& node, std::vector<Total>* out) {
  const base::Text shape = {.ja = "{metric, value, year, basis, text, url} の表の配列",
                            .en = "an array of tables {metric, value, year, basis, text, url}"};
  const toml::array* arr = node.as_array();
  if (arr == nullptr) {
    return TomlError(file, node.source(),
                     {.ja = fmt::format("「totals」は{}でなければなりません", shape.ja),
                      .en = fmt::format("\"totals\" must be {}", shape.en)});
  }
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) {
      return TomlError(file, item.source(),
                       {.ja = fmt::format("「totals」は{}でなければなりません", shape.ja),
                        .en = fmt::format("\"totals\" must be {}", shape.en)});
    }
    Total total;
    for (const auto& [ck, cv] : *t) {
      const std::string_view k = ck.str();
      auto wrong = [&, &cv = cv](const base::Text& type) {
        return TomlError(file, cv.source(),
                         {.ja = fmt::format("totals.{} は{}でなければなりません", k, type.ja),
                          .en = fmt::format("totals.{} must be {}", k, type.en)});
      };
      if (k == "value" || k == "year") {
        const auto* i = cv.as_integer();
        if (i == nullptr || i->get() <= 0)
          return wrong({.ja = "正の整数", .en = "a positive integer"});
        if (k == "value") {
          total.value = i->get();
        } else {
          total.year = static_cast<int>(i->get());
        }
      } else if (k == "metric" || k == "basis" || k == "text" || k == "url") {
        const auto* s = cv.as_string();
        if (s == nullptr) return wrong({.ja = "文字列", .en = "a string"});
        (k == "metric"  ? total.metric
         : k == "basis" ? total.basis
         : k == "text"  ? total.source.text
                        : total.source.url) = s->get();
        if (k == "basis" && total.basis != "domestic_and_foreign" &&
            total.basis != "foreign_only" && total.basis != "national") {
          return wrong({.ja = "domestic_and_foreign か foreign_only か national",
                        .en = "domestic_and_foreign, foreign_only or national"});
        }
      } else {
        return TomlError(
            file, ck.source(),
            {.ja = fmt::format(
                 "不明なキー「totals.{}」です（metric, value, year, basis, text, url）", k),
             .en = fmt::format("unknown key \"totals.{}\" (expected metric, value, year, basis, "
                               "text, url)",
                               k)});
      }
    }
    if (total.metric.empty() || total.value == 0 || total.year == 0 || total.basis.empty() ||
        total.source.text.empty()) {
      return TomlError(file, item.source(),
                       {.ja = "totals には metric, value, year, basis, text が必要です",
                        .en = "a total needs metric, value, year, basis and text"});
    }
    for (const Total& other : *out) {
      if (other.metric == total.metric && other.year == total.year) {
        return TomlError(file, item.source(),
                         {.ja = fmt::format("totals: {} の {} 年の全国計が二度宣言されています",
                                            total.metric, total.year),
                          .en = fmt::format("totals: the total of {} for {} is declared twice",
                                            total.metric, total.year)});
      }
    }
    out->push_back(std::move(total));
  }
  return base::Status::Ok();
}

// `[[figures]]`: { field, year, basis }, each "kind.field", year and basis of field's kind.
base::Status ReadFigures(const std::string& file, const toml::node& node,
                         std::vector<Figure>* out) {
  const toml::array* arr = node.as_array();
  auto shape = [&](const toml::node& at) {
    return TomlError(file, at.source(),
                     {.ja = "「figures」は {field, year, basis} の表の配列でなければなりません",
                      .en = "\"figures\" must be an array of tables {field, year, basis}"});
  };
  if (arr == nullptr) return shape(node);
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) return shape(item);
    Figure f;
    for (const auto& [ck, cv] : *t) {
      const std::string_view k = ck.str();
      const auto* s = cv.as_string();
      if (k != "field" && k != "year" && k != "basis") {
        return TomlError(
            file, ck.source(),
            {.ja = fmt::format("不明なキー「figures.{}」です（field, year, basis）", k),
             .en = fmt::format("unknown key \"figures.{}\" (expected field, year, basis)", k)});
      }
      if (s == nullptr) {
        return TomlError(file, cv.source(),
                         {.ja = fmt::format("figures.{} は文字列でなければなりません", k),
                          .en = fmt::format("figures.{} must be a string", k)});
      }
      (k == "field" ? f.field : k == "year" ? f.year : f.basis) = s->get();
    }
    const size_t dot = f.field.find('.');
    auto same_kind = [&](const std::string& other) {
      return other.empty() || (dot != std::string::npos && other.size() > dot &&
                               other.compare(0, dot + 1, f.field, 0, dot + 1) == 0);
    };
    if (dot == std::string::npos || !same_kind(f.year) || !same_kind(f.basis)) {
      return TomlError(
          file, item.source(),
          {.ja = "figures の field は「種別.項目」で、year と basis は同じ種別の項目です",
           .en = "a figure's field is \"kind.field\", and its year and basis fields of the same "
                 "kind"});
    }
    out->push_back(std::move(f));
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<Manifest> ReadManifest(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return base::NotFound({.ja = fmt::format("データセットのフォルダ「{}」がありません", dir),
                           .en = fmt::format("dataset folder \"{}\" does not exist", dir)});
  }
  const std::string file = (fs::path(dir) / "dataset.toml").string();
  if (!fs::is_regular_file(file, ec)) {
    return base::NotFound({.ja = fmt::format("{}: データセットのマニフェストがありません", file),
                           .en = fmt::format("{}: the dataset manifest is missing", file)});
  }
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return TomlError(file, e.source(),
                     {.ja = fmt::format("TOML の構文エラー: {}", e.description()),
                      .en = std::string(e.description())});
  }

  Manifest m;
  bool has_name = false;
  bool has_synthetic = false;
  for (const auto& [k, node] : doc) {
    const std::string_view key = k.str();
    // `node` by an explicit capture: clang before 16 cannot capture a structured binding.
    auto wrong_type = [&, &node = node](const base::Text& type) {
      return TomlError(file, node.source(),
                       {.ja = fmt::format("「{}」は{}でなければなりません", key, type.ja),
                        .en = fmt::format("\"{}\" must be {}", key, type.en)});
    };
    if (key == "name" || key == "description") {
      const auto* s = node.as_string();
      if (s == nullptr) return wrong_type({.ja = "文字列", .en = "a string"});
      (key == "name" ? m.name : m.description) = s->get();
      has_name = has_name || key == "name";
    } else if (key == "synthetic") {
      const auto* b = node.as_boolean();
      if (b == nullptr) return wrong_type({.ja = "true か false", .en = "true or false"});
      m.synthetic = b->get();
      has_synthetic = true;
    } else if (key == "businesses") {
      std::vector<std::string> ids;
      KIKAN_TRY(ReadStringArray(file, node, key, &ids));
      for (auto& id : ids) m.businesses.emplace_back(std::move(id));
    } else if (key == "synthetic_columns") {
      KIKAN_TRY(ReadStringArray(file, node, key, &m.synthetic_columns));
    } else if (key == "notes") {
      KIKAN_TRY(ReadStringArray(file, node, key, &m.notes));
    } else if (key == "sources") {
      const toml::array* arr = node.as_array();
      if (arr == nullptr)
        return wrong_type({.ja = "{text, url} の表の配列", .en = "an array of tables {text, url}"});
      for (const toml::node& item : *arr) {
        const toml::table* t = item.as_table();
        if (t == nullptr)
          return wrong_type(
              {.ja = "{text, url} の表の配列", .en = "an array of tables {text, url}"});
        Citation c;
        bool has_text = false;
        for (const auto& [ck, cv] : *t) {
          const auto* s = cv.as_string();
          if (ck.str() == "text" || ck.str() == "url") {
            if (s == nullptr) {
              return TomlError(
                  file, cv.source(),
                  {.ja = fmt::format("sources.{} は文字列でなければなりません", ck.str()),
                   .en = fmt::format("sources.{} must be a string", ck.str())});
            }
            (ck.str() == "text" ? c.text : c.url) = s->get();
            has_text = has_text || ck.str() == "text";
          } else {
            return TomlError(
                file, cv.source(),
                {.ja = fmt::format("不明なキー「sources.{}」です（text, url のみ）", ck.str()),
                 .en = fmt::format("unknown key \"sources.{}\" (expected text, url)", ck.str())});
          }
        }
        if (!has_text) {
          return TomlError(file, item.source(),
                           {.ja = "出典には「text」が必要です", .en = "a source needs \"text\""});
        }
        m.sources.push_back(c.url.empty() ? c.text : fmt::format("{} <{}>", c.text, c.url));
        m.citations.push_back(std::move(c));
      }
    } else if (key == "totals") {
      KIKAN_TRY(ReadTotals(file, node, &m.totals));
    } else if (key == "figures") {
      KIKAN_TRY(ReadFigures(file, node, &m.figures));
    } else {
      return TomlError(
          file, k.source(),
          {.ja = fmt::format("不明なキー「{}」です（name, description, synthetic, businesses, "
                             "synthetic_columns, notes, sources, totals, figures のいずれか）",
                             key),
           .en = fmt::format("unknown key \"{}\" (expected name, description, synthetic, "
                             "businesses, synthetic_columns, notes, sources, totals, figures)",
                             key)});
    }
  }
  if (!has_name || !has_synthetic) {
    std::string_view missing = has_name ? "synthetic" : "name";
    return base::InvalidArgument(
        {.ja = fmt::format("{}:1:1: マニフェストに「{}」が必要です", file, missing),
         .en = fmt::format("{}:1:1: the manifest needs \"{}\"", file, missing)});
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Loading.

namespace {

std::string Quote(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, base::Utf8Boundary(s, kMax))) + "…";
}

std::string FieldNames(const rules::EntityKind& kind) {
  std::string out = "id, name, fiscal_year";
  for (const auto& f : kind.fields) {
    out += ", ";
    out += f.name;
  }
  return out;
}

// Gives every row the key of its id and links the rows of one id; reports duplicate ids (per
// fiscal year when yearly). Hashes all ids first, then inserts them prefetching the slot a few
// rows ahead: with millions of ids the table is far larger than the caches.
void AssignKeys(const std::vector<std::string_view>& ids, size_t id_col, RawKind* raw,
                Errors* errors) {
  const size_t n = ids.size();
  raw->ids.Reserve(n);
  std::vector<uint64_t> hashes(n);
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    hashes[i] = IdIndex::Hash(ids[i]);
    bytes += ids[i].size();
  }
  raw->ids.arena().data.reserve(bytes);
  raw->key.resize(n);
  raw->next_of_key.assign(n, kNone);
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) raw->ids.Prefetch(hashes[i + kAhead]);
    const auto row = static_cast<uint32_t>(i);
    auto [key, inserted] = raw->ids.Insert(ids[i], hashes[i]);
    raw->key[i] = key;
    if (inserted) {
      raw->first_row_of_key.push_back(row);
      raw->last_row_of_key.push_back(row);
      continue;
    }
    bool duplicate = !raw->yearly;
    uint32_t dup_row = raw->first_row_of_key[key];
    if (raw->yearly) {
      for (uint32_t r = raw->first_row_of_key[key]; r != kNone; r = raw->next_of_key[r]) {
        if (raw->fiscal_year[r] == raw->fiscal_year[i]) {
          duplicate = true;
          dup_row = r;
          break;
        }
      }
    }
    if (duplicate) {
      const int year = raw->yearly ? raw->fiscal_year[i] : 0;
      std::string in_year = raw->yearly ? fmt::format(" in fiscal year {}", year) : "";
      std::string in_year_ja = raw->yearly ? fmt::format("{}年度に", year) : "";
      errors->Add(raw->file, raw->line[i], id_col + 1,
                  {.ja = fmt::format("id「{}」が{}重複しています（最初は {} 行目）", Quote(ids[i]),
                                     in_year_ja, raw->line[dup_row]),
                   .en = fmt::format("duplicate id \"{}\"{} (first on line {})", Quote(ids[i]),
                                     in_year, raw->line[dup_row])});
      continue;
    }
    raw->next_of_key[raw->last_row_of_key[key]] = row;
    raw->last_row_of_key[key] = row;
  }
}

// The columns of a kind's header row.
struct Header {
  size_t id_col = 0;
  size_t name_col = 0;
  size_t ncols = 0;
};

// Reads the header row `cells` (on `line`): where id and name are, fiscal_year (making the kind
// yearly) and each field of the kind. Reports duplicate and unknown columns; nullopt when id or
// name is missing (then nothing else of the file is read).
std::optional<Header> ReadHeader(const std::vector<Cell>& cells, uint32_t line, RawKind* raw,
                                 Errors* errors) {
  const std::string& file = raw->file;
  std::optional<size_t> id_col;
  std::optional<size_t> name_col;
  std::set<std::string_view> seen;
  raw->fields.clear();
  for (const auto& f : raw->def.fields) raw->fields.push_back(RawField{f, -1, {}, {}});
  for (size_t c = 0; c < cells.size(); ++c) {
    std::string_view h = cells[c].value;
    const int ci = static_cast<int>(c);
    if (!seen.insert(h).second) {
      errors->Add(file, line, c + 1,
                  {.ja = fmt::format("列「{}」が重複しています", Quote(h)),
                   .en = fmt::format("column \"{}\" appears twice", Quote(h))});
      continue;
    }
    if (h == "id") {
      id_col = c;
    } else if (h == "name") {
      name_col = c;
    } else if (h == "fiscal_year") {
      raw->fy_column = ci;
      raw->yearly = true;
    } else {
      // A column may say its unit: `deposits_jpy[円]`. It must be the unit the pack declares.
      std::string_view unit;
      bool has_unit = false;
      if (const size_t open = h.find('['); open != std::string_view::npos && h.ends_with("]")) {
        unit = h.substr(open + 1, h.size() - open - 2);
        h = h.substr(0, open);
        has_unit = true;
      }
      bool found = false;
      for (auto& f : raw->fields) {
        if (f.def.name == h) {
          f.csv_column = ci;
          found = true;
          if (has_unit && unit != f.def.unit) {
            errors->Add(
                file, line, c + 1,
                {.ja =
                     fmt::format("列「{}」の単位「{}」は制度パックが宣言する単位「{}」と異なります",
                                 Quote(h), Quote(unit), f.def.unit),
                 .en = fmt::format("column \"{}\" is in \"{}\", but the pack declares \"{}\"",
                                   Quote(h), Quote(unit), f.def.unit)});
          }
        }
      }
      if (!found) {
        errors->Add(file, line, c + 1,
                    {.ja = fmt::format("不明な列「{}」です。エンティティ種別 {} の列は {} です",
                                       Quote(h), raw->def.name, FieldNames(raw->def)),
                     .en = fmt::format("unknown column \"{}\": entity kind {} has {}", Quote(h),
                                       raw->def.name, FieldNames(raw->def))});
      }
    }
  }
  if (!id_col || !name_col) {
    std::string_view missing = !id_col ? "id" : "name";
    errors->Add(file, line, 1,
                {.ja = fmt::format("見出し行に「{}」列がありません", missing),
                 .en = fmt::format("the header has no \"{}\" column", missing)});
    return std::nullopt;
  }
  for (auto& f : raw->fields) f.col.type = f.def.type;
  return Header{*id_col, *name_col, cells.size()};
}

// Sizes every per-row vector of `raw` once and returns the row count it sized them for: the line
// count of `data` bounds the row count (quoted line breaks only make it an overestimate). Growing
// vectors of millions of values by doubling would copy them and fault in their pages twice.
size_t ReserveRows(std::string_view data, RawKind* raw) {
  size_t expected = 1;
  for (const char* p = data.data();
       (p = static_cast<const char*>(
            std::memchr(p, '\n', static_cast<size_t>(data.data() + data.size() - p)))) != nullptr;
       ++p) {
    ++expected;
  }
  raw->line.reserve(expected);
  raw->first_row_of_key.reserve(expected);
  raw->last_row_of_key.reserve(expected);
  if (raw->yearly) raw->fiscal_year.reserve(expected);
  raw->names.ends.reserve(expected);
  for (auto& f : raw->fields) {
    switch (f.def.type.kind) {
      case rules::TypeKind::kInt:
      case rules::TypeKind::kDecimal:
      case rules::TypeKind::kDate:
        f.col.i64.reserve(expected);
        break;
      case rules::TypeKind::kBool:
        f.col.b.reserve(expected);
        break;
      default:
        f.text.ends.reserve(expected);
        break;
    }
    f.col.valid.reserve(expected);
  }
  return expected;
}

// Checks what makes a body row a row at all: as many fields as the header, a non-empty id
// without ";", and (when yearly) a fiscal year. Sets `year` (0 unless yearly). False, with the
// problem reported, when the row is to be skipped.
bool ReadRowKey(const std::vector<Cell>& cells, uint32_t line, const Header& header,
                const RawKind& raw, Errors* errors, int32_t* year) {
  const std::string& file = raw.file;
  if (cells.size() != header.ncols) {
    errors->Add(file, line, 1,
                {.ja = fmt::format("見出し行と同じ {} 個のフィールドが必要ですが {} 個あります",
                                   header.ncols, cells.size()),
                 .en = fmt::format("expected {} fields as in the header, got {}", header.ncols,
                                   cells.size())});
    return false;
  }
  const Cell& id = cells[header.id_col];
  if (id.value.empty()) {
    errors->Add(file, id.line, header.id_col + 1, {.ja = "id が空です", .en = "empty id"});
    return false;
  }
  if (id.value.find(';') != std::string_view::npos) {
    errors->Add(file, id.line, header.id_col + 1,
                {.ja = fmt::format("id「{}」に「;」は使えません", Quote(id.value)),
                 .en = fmt::format("id \"{}\" contains \";\"", Quote(id.value))});
    return false;
  }
  *year = 0;
  if (raw.yearly) {
    const Cell& fy = cells[static_cast<size_t>(raw.fy_column)];  // >= 0 when yearly
    const auto v = base::ParseInt(fy.value);
    if (!v || *v < 1900 || *v > 9999) {
      errors->Add(
          file, fy.line, static_cast<size_t>(raw.fy_column + 1),
          {.ja = fmt::format("年度（例: 2024）が必要ですが「{}」が与えられました", Quote(fy.value)),
           .en = fmt::format("expected a fiscal year (e.g. 2024), got \"{}\"", Quote(fy.value))});
      return false;
    }
    *year = static_cast<int32_t>(*v);
  }
  return true;
}

// Cell decoders, one per field type: each appends the value of `cell` (nullptr or empty when the
// CSV has no value) to the field's column and returns whether it is valid; an undecodable cell is
// reported and stored as missing.

bool DecodeInt(RawField& f, const Cell* cell, size_t column, const std::string& file,
               Errors* errors) {
  int64_t v = 0;
  bool valid = cell != nullptr && !cell->value.empty();
  if (valid) {
    if (const auto parsed = base::ParseInt(cell->value)) {
      v = *parsed;
    } else {
      errors->Add(file, cell->line, column,
                  {.ja = fmt::format("整数が必要ですが「{}」が与えられました", Quote(cell->value)),
                   .en = fmt::format("expected an integer, got \"{}\"", Quote(cell->value))});
      valid = false;
    }
  }
  f.col.i64.push_back(v);
  return valid;
}

bool DecodeDecimal(RawField& f, const Cell* cell, size_t column, const std::string& file,
                   Errors* errors) {
  static_assert(rules::kDecimalScale == 10'000);
  int64_t v = 0;
  bool valid = cell != nullptr && !cell->value.empty();
  if (valid) {
    const auto parsed = base::ParseDecimal(cell->value, 4);
    if (parsed) {
      v = *parsed;
    } else {
      valid = false;
      switch (parsed.error()) {
        case base::NumberError::kPrecision:
          errors->Add(
              file, cell->line, column,
              {.ja = fmt::format("「{}」の小数部が4桁を超えています", Quote(cell->value)),
               .en = fmt::format("\"{}\" has more than 4 decimal places", Quote(cell->value))});
          break;
        case base::NumberError::kRange:
          errors->Add(file, cell->line, column,
                      {.ja = fmt::format("「{}」は大きすぎます", Quote(cell->value)),
                       .en = fmt::format("\"{}\" is too large", Quote(cell->value))});
          break;
        case base::NumberError::kSyntax:
          errors->Add(
              file, cell->line, column,
              {.ja = fmt::format("数値が必要ですが「{}」が与えられました", Quote(cell->value)),
               .en = fmt::format("expected a decimal number, got \"{}\"", Quote(cell->value))});
          break;
      }
    }
  }
  f.col.i64.push_back(v);
  return valid;
}

bool DecodeDate(RawField& f, const Cell* cell, size_t column, const std::string& file,
                Errors* errors) {
  int64_t v = 0;
  bool valid = cell != nullptr && !cell->value.empty();
  if (valid) {
    auto d = base::Date::ParseIso(cell->value);
    if (d.has_value()) {
      v = d->days_since_epoch();
    } else {
      valid = false;
      errors->Add(
          file, cell->line, column,
          {.ja = fmt::format("日付（YYYY-MM-DD）が必要ですが「{}」が与えられました",
                             Quote(cell->value)),
           .en = fmt::format("expected a date YYYY-MM-DD, got \"{}\"", Quote(cell->value))});
    }
  }
  f.col.i64.push_back(v);
  return valid;
}

bool DecodeBool(RawField& f, const Cell* cell, size_t column, const std::string& file,
                Errors* errors) {
  uint8_t v = 0;
  bool valid = cell != nullptr && !cell->value.empty();
  if (valid && !ParseBool(cell->value, &v)) {
    valid = false;
    errors->Add(
        file, cell->line, column,
        {.ja = fmt::format("true か false が必要ですが「{}」が与えられました", Quote(cell->value)),
         .en = fmt::format("expected true or false, got \"{}\"", Quote(cell->value))});
  }
  f.col.b.push_back(v);
  return valid;
}

// Text, ref and refs cells are kept as text (refs are resolved once every kind is read).
bool DecodeText(RawField& f, const Cell* cell) {
  const bool valid = cell != nullptr && !cell->value.empty();
  f.text.Push(valid ? cell->value : std::string_view());
  return valid;
}

// Appends the row's value of every field of the kind.
void DecodeFields(const std::vector<Cell>& cells, RawKind* raw, Errors* errors) {
  for (auto& f : raw->fields) {
    const Cell* cell = f.csv_column >= 0 ? &cells[static_cast<size_t>(f.csv_column)] : nullptr;
    const size_t column = static_cast<size_t>(f.csv_column + 1);
    bool valid = false;
    switch (f.def.type.kind) {
      case rules::TypeKind::kInt:
        valid = DecodeInt(f, cell, column, raw->file, errors);
        break;
      case rules::TypeKind::kDecimal:
        valid = DecodeDecimal(f, cell, column, raw->file, errors);
        break;
      case rules::TypeKind::kDate:
        valid = DecodeDate(f, cell, column, raw->file, errors);
        break;
      case rules::TypeKind::kBool:
        valid = DecodeBool(f, cell, column, raw->file, errors);
        break;
      case rules::TypeKind::kText:
      case rules::TypeKind::kRef:
      case rules::TypeKind::kRefs:
        valid = DecodeText(f, cell);
        break;
    }
    // A number with a unit is a quantity (an amount of yen, a count of accounts, an output in
    // kW): a negative one is a data error, not a value to judge.
    const bool quantity = (f.def.type.kind == rules::TypeKind::kInt ||
                           f.def.type.kind == rules::TypeKind::kDecimal) &&
                          !f.def.unit.empty();
    if (valid && quantity && f.col.i64.back() < 0) {
      errors->Add(raw->file, cell->line, column,
                  {.ja = fmt::format("{}（{}）は量なので負の値「{}」は使えません", f.def.name,
                                     f.def.unit, Quote(cell->value)),
                   .en = fmt::format("{} ({}) is a quantity: the negative value \"{}\" is refused",
                                     f.def.name, f.def.unit, Quote(cell->value))});
      valid = false;
    }
    f.col.valid.push_back(valid ? 1 : 0);
  }
}

// Parses the header and body of one kind's CSV into `raw`. Problems go to `errors`.
void LoadCsv(std::string_view data, RawKind* raw, Errors* errors) {
  CsvReader reader(data, raw->file, errors);
  std::vector<Cell> cells;
  uint32_t line = 0;
  bool ok = false;
  if (!reader.Next(&cells, &line, &ok)) {
    errors->Add(raw->file, 1, 1,
                {.ja = "ファイルが空です（id と name を含む見出し行が必要です）",
                 .en = "the file is empty (a header row with id and name is required)"});
    return;
  }
  if (!ok) return;
  const std::optional<Header> header = ReadHeader(cells, line, raw, errors);
  if (!header) return;

  const size_t expected = ReserveRows(data, raw);
  std::vector<std::string_view> pending_ids;  // per row, into `data`
  pending_ids.reserve(expected);
  // Text sizes are extrapolated from the first rows.
  constexpr size_t kSampleRows = 512;
  auto reserve_text = [&](TextArena& arena) {
    arena.data.reserve(arena.data.size() * (expected / kSampleRows) * 9 / 8 + 64);
  };

  while (reader.Next(&cells, &line, &ok)) {
    int32_t year = 0;
    if (!ok || !ReadRowKey(cells, line, *header, *raw, errors, &year)) continue;
    // The id gets its key after the whole file is read (AssignKeys), in a batch that hides the
    // hash table's cache misses.
    raw->rows++;
    if (raw->rows == kSampleRows && expected > 2 * kSampleRows) {
      reserve_text(raw->names);
      for (auto& f : raw->fields) reserve_text(f.text);
    }
    pending_ids.push_back(cells[header->id_col].value);
    raw->line.push_back(line);
    if (raw->yearly) raw->fiscal_year.push_back(year);
    raw->names.Push(cells[header->name_col].value);
    DecodeFields(cells, raw, errors);
  }
  AssignKeys(pending_ids, header->id_col, raw, errors);
}

// Turns the raw ref/refs cells of every kind into keys of the target kinds.
void ResolveReferences(Dataset::Impl* impl, Errors* errors) {
  for (RawKind& raw : impl->kinds) {
    for (RawField& f : raw.fields) {
      const auto kind = f.def.type.kind;
      if (kind != rules::TypeKind::kRef && kind != rules::TypeKind::kRefs) continue;
      const int ti = impl->IndexOf(f.def.type.target);
      const RawKind* target = ti >= 0 ? &impl->kinds[static_cast<size_t>(ti)] : nullptr;
      const size_t column = static_cast<size_t>(f.csv_column + 1);
      auto resolve = [&](std::string_view id, size_t row) -> int32_t {
        std::optional<uint32_t> key;
        if (target != nullptr) key = target->ids.Find(id);
        if (!key) {
          const std::string tname = f.def.type.target;
          errors->Add(raw.file, raw.line[row], column,
                      {.ja = fmt::format("{} が参照する {}「{}」は存在しません", f.def.name, tname,
                                         Quote(id)),
                       .en = fmt::format("{} refers to {} \"{}\", which does not exist", f.def.name,
                                         tname, Quote(id))});
          return rules::kNoRow;
        }
        return static_cast<int32_t>(*key);
      };
      rules::Column& col = f.col;
      if (kind == rules::TypeKind::kRef) {
        col.ref.resize(raw.rows, rules::kNoRow);
        for (size_t r = 0; r < raw.rows; ++r) {
          if (!col.valid[r]) continue;
          col.ref[r] = resolve(f.text.Get(r), r);
          if (col.ref[r] == rules::kNoRow) col.valid[r] = 0;
        }
      } else {
        col.refs_offsets.assign(1, 0);
        col.refs_offsets.reserve(raw.rows + 1);
        for (size_t r = 0; r < raw.rows; ++r) {
          if (col.valid[r]) {
            ForEachRefItem(f.text.Get(r), [&](std::string_view item) {
              if (item.empty()) {
                errors->Add(
                    raw.file, raw.line[r], column,
                    {.ja = fmt::format(
                         "{} の一覧に空の項目があります（項目は「;」1つで区切ります）", f.def.name),
                     .en = fmt::format("empty item in the list of {} (items are separated "
                                       "by a single \";\")",
                                       f.def.name)});
                return;
              }
              int32_t k = resolve(item, r);
              if (k != rules::kNoRow) col.refs_targets.push_back(k);
            });
          }
          col.refs_offsets.push_back(static_cast<uint32_t>(col.refs_targets.size()));
        }
      }
      f.text.Clear();
    }
  }
}

}  // namespace

base::Result<Dataset> Dataset::Load(const std::string& dir, const rules::Schema& schema) {
  namespace fs = std::filesystem;
  KIKAN_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(dir));

  auto impl = std::make_shared<Impl>();
  for (const auto& k : schema.kinds()) {
    RawKind raw;
    raw.def = k;
    raw.file = (fs::path(dir) / (k.name + ".csv")).string();
    for (const auto& f : k.fields) raw.fields.push_back(RawField{f, -1, {}, {}});
    for (auto& f : raw.fields) f.col.type = f.def.type;
    impl->kinds.push_back(std::move(raw));
  }

  Errors errors;
  // CSVs of kinds the schema does not declare.
  std::error_code ec;
  std::vector<std::string> csvs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".csv") csvs.push_back(entry.path().filename().string());
  }
  std::sort(csvs.begin(), csvs.end());
  for (const auto& name : csvs) {
    std::string kind = name.substr(0, name.size() - 4);
    if (impl->Find(kind) == nullptr) {
      std::string known;
      for (const auto& k : schema.kinds()) known += (known.empty() ? "" : ", ") + k.name;
      errors.Add(
          (fs::path(dir) / name).string(), 1, 1,
          {.ja =
               fmt::format("エンティティ種別「{}」は制度パックで宣言されていません（宣言済み: {}）",
                           kind, known),
           .en = fmt::format("entity kind \"{}\" is not declared by the regime pack (it declares "
                             "{})",
                             kind, known)});
    }
  }

  for (RawKind& raw : impl->kinds) {
    if (!fs::exists(raw.file, ec)) continue;
    FileContents contents;
    KIKAN_TRY(contents.Open(raw.file));
    raw.present = true;
    LoadCsv(contents.view(), &raw, &errors);
  }
  if (errors.empty()) ResolveReferences(impl.get(), &errors);
  if (!errors.empty()) return errors.ToStatus();

  Dataset ds;
  ds.manifest_ = std::move(manifest);
  ds.dir_ = dir;
  ds.impl_ = std::move(impl);
  return ds;
}

std::vector<int> Dataset::FiscalYears() const {
  std::set<int> years;
  for (const RawKind& raw : impl_->kinds) {
    if (raw.yearly) years.insert(raw.fiscal_year.begin(), raw.fiscal_year.end());
  }
  return std::vector<int>(years.begin(), years.end());
}

std::optional<std::string> Dataset::FileOfColumn(std::string_view kind,
                                                 std::string_view field) const {
  const RawKind* raw = impl_->Find(kind);
  if (raw == nullptr) return std::nullopt;
  for (const RawField& f : raw->fields) {
    if (f.def.name == field) {
      if (f.csv_column >= 0) return std::nullopt;
      return raw->file;
    }
  }
  return std::nullopt;
}

size_t Dataset::RowCount(std::string_view kind) const {
  const RawKind* raw = impl_->Find(kind);
  return raw == nullptr ? 0 : raw->rows;
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

namespace {

// The rows of `raw` chosen for the period, in CSV order, and key → position among them.
struct Selection {
  std::vector<uint32_t> rows;
  std::vector<int32_t> row_of_key;
};

Selection Select(const RawKind& raw, std::optional<int> fiscal_year) {
  Selection sel;
  sel.row_of_key.assign(raw.ids.size(), rules::kNoRow);
  if (!raw.yearly) {
    sel.rows.resize(raw.rows);
    for (uint32_t r = 0; r < raw.rows; ++r) sel.rows[r] = r;
  } else if (fiscal_year) {
    for (uint32_t r = 0; r < raw.rows; ++r) {
      if (raw.fiscal_year[r] == *fiscal_year) sel.rows.push_back(r);
    }
  } else {
    std::vector<uint32_t> best(raw.ids.size(), kNone);
    for (uint32_t r = 0; r < raw.rows; ++r) {
      uint32_t& b = best[raw.key[r]];
      if (b == kNone || raw.fiscal_year[r] > raw.fiscal_year[b]) b = r;
    }
    for (uint32_t r = 0; r < raw.rows; ++r) {
      if (best[raw.key[r]] == r) sel.rows.push_back(r);
    }
  }
  for (size_t i = 0; i < sel.rows.size(); ++i) {
    sel.row_of_key[raw.key[sel.rows[i]]] = static_cast<int32_t>(i);
  }
  return sel;
}

}  // namespace

base::Result<rules::Population> Dataset::Snapshot(std::optional<int> fiscal_year) const {
  const auto& kinds = impl_->kinds;
  std::vector<Selection> selections;
  selections.reserve(kinds.size());
  for (const RawKind& raw : kinds) selections.push_back(Select(raw, fiscal_year));

  rules::Population population;
  for (size_t ki = 0; ki < kinds.size(); ++ki) {
    const RawKind& raw = kinds[ki];
    const Selection& sel = selections[ki];
    const size_t n = sel.rows.size();
    rules::Table table;
    table.kind = raw.def.name;
    table.ids.reserve(n);
    table.names.reserve(n);
    for (uint32_t r : sel.rows) {
      table.ids.emplace_back(raw.ids.Key(raw.key[r]));
      table.names.emplace_back(raw.names.Get(r));
    }
    for (const RawField& f : raw.fields) {
      const rules::Column& src = f.col;
      rules::Column col;
      col.type = f.def.type;
      // Rows are selected in increasing order, so selecting as many as there are is all of them:
      // scalar columns are then copied whole.
      const bool every_row = n == raw.rows;
      auto gather = [&](const auto& from, auto* to) {
        if (every_row) {
          *to = from;
        } else {
          to->resize(n);
          for (size_t i = 0; i < n; ++i) (*to)[i] = from[sel.rows[i]];
        }
      };
      bool all_valid = true;
      for (uint32_t r : sel.rows) all_valid = all_valid && src.valid[r] != 0;
      if (!all_valid) gather(src.valid, &col.valid);
      switch (f.def.type.kind) {
        case rules::TypeKind::kInt:
        case rules::TypeKind::kDecimal:
        case rules::TypeKind::kDate:
          gather(src.i64, &col.i64);
          break;
        case rules::TypeKind::kBool:
          gather(src.b, &col.b);
          break;
        case rules::TypeKind::kText:
          col.text.reserve(n);
          for (uint32_t r : sel.rows) col.text.emplace_back(f.text.Get(r));
          break;
        case rules::TypeKind::kRef:
        case rules::TypeKind::kRefs: {
          // The schema was checked: every ref names a kind of the dataset.
          const auto ti = static_cast<size_t>(impl_->IndexOf(f.def.type.target));
          const RawKind& target = kinds[ti];
          const Selection& tsel = selections[ti];
          // `target_key` is a key of the target kind (never kNoRow: unresolved refs were dropped).
          auto map_key = [&](int32_t target_key, uint32_t r) -> base::Result<int32_t> {
            const auto key = static_cast<uint32_t>(target_key);
            int32_t row = tsel.row_of_key[key];
            if (row == rules::kNoRow) {
              std::string year = fiscal_year ? std::to_string(*fiscal_year) : "?";
              std::string where =
                  fmt::format("{}:{}:{}: ", raw.file, raw.line[r], f.csv_column + 1);
              return base::FailedPrecondition(
                  {.ja = fmt::format("{}{}「{}」が参照する {}「{}」は {} 年度のデータがありません",
                                     where, raw.def.name, raw.ids.Key(raw.key[r]), target.def.name,
                                     target.ids.Key(key), year),
                   .en = fmt::format("{}{} \"{}\" refers to {} \"{}\", which has no observation in "
                                     "fiscal year {}",
                                     where, raw.def.name, raw.ids.Key(raw.key[r]), target.def.name,
                                     target.ids.Key(key), year)});
            }
            return row;
          };
          if (f.def.type.kind == rules::TypeKind::kRef) {
            col.ref.reserve(n);
            for (uint32_t r : sel.rows) {
              int32_t key = src.ref[r];
              if (key == rules::kNoRow) {
                col.ref.push_back(rules::kNoRow);
                continue;
              }
              KIKAN_ASSIGN_OR_RETURN(int32_t row, map_key(key, r));
              col.ref.push_back(row);
            }
          } else {
            col.refs_offsets.reserve(n + 1);
            col.refs_offsets.push_back(0);
            for (uint32_t r : sel.rows) {
              for (uint32_t i = src.refs_offsets[r]; i < src.refs_offsets[r + 1]; ++i) {
                KIKAN_ASSIGN_OR_RETURN(int32_t row, map_key(src.refs_targets[i], r));
                col.refs_targets.push_back(row);
              }
              col.refs_offsets.push_back(static_cast<uint32_t>(col.refs_targets.size()));
            }
          }
          break;
        }
      }
      table.columns.emplace(f.def.name, std::move(col));
    }
    population.Add(std::move(table));
  }
  return population;
}

base::Status Dataset::AddYearColumns(std::optional<int> fiscal_year,
                                     const std::vector<std::string>& columns,
                                     rules::Population* population) const {
  population->fiscal_year = fiscal_year;
  for (const std::string& read : columns) {
    const size_t dot = read.find('.');
    const size_t at = read.find('@');
    if (dot == std::string::npos || at == std::string::npos || at < dot) continue;
    const std::string kind = read.substr(0, dot);
    const std::string field = read.substr(dot + 1, at - dot - 1);
    const std::string column = read.substr(dot + 1);
    const std::string spec = read.substr(at + 1);
    auto fail = [&](std::string_view ja, std::string_view en) {
      return base::FailedPrecondition(
          {.ja = fmt::format("データセット {} の {}: {}", dir_, read, ja),
           .en = fmt::format("dataset {}, {}: {}", dir_, read, en)});
    };
    const RawKind* raw = impl_->Find(kind);
    rules::Table* table = population->FindMutable(kind);
    if (raw == nullptr || table == nullptr) {
      return fail("この種別の表がありません", "no table of this kind");
    }
    const RawField* rf = nullptr;
    for (const RawField& f : raw->fields) {
      if (f.def.name == field) rf = &f;
    }
    if (rf == nullptr || rf->csv_column < 0) {
      return fail("この列がありません", "no such column");
    }
    const bool numeric = rf->def.type.kind == rules::TypeKind::kInt ||
                         rf->def.type.kind == rules::TypeKind::kDecimal;
    // Which year: "-k", "FYyyyy", "total", "total-k".
    bool total = false;
    int back = 0;
    std::optional<int> year;
    std::string_view rest = spec;
    if (rest.starts_with("total")) {
      total = true;
      rest.remove_prefix(5);
    }
    if (rest.starts_with("FY")) {
      year = std::atoi(std::string(rest.substr(2)).c_str());
    } else if (rest.starts_with("-")) {
      back = std::atoi(std::string(rest.substr(1)).c_str());
    } else if (!rest.empty()) {
      return fail("年度の指定が読めません", "unreadable year");
    }
    if (!year) {
      if (!fiscal_year) {
        return fail("判定する年度が決まっていないため、前の年度を読めません",
                    "the judged fiscal year is not known, so earlier years cannot be read");
      }
      year = *fiscal_year - back;
    }
    if (!raw->yearly && !total) {
      return fail("年度ごとの観測値（fiscal_year 列）がありません",
                  "the kind has no yearly observations (no fiscal_year column)");
    }
    const size_t n = table->size();
    rules::Column col;
    col.type = rf->def.type;
    col.valid.assign(n, 0);
    if (total) {
      if (!numeric) return fail("全国計は数値の項目にしかありません", "totals are numeric only");
      const Total* found = nullptr;
      for (const Total& t : manifest_.totals) {
        if (t.metric == kind + "." + field && t.year == *year) found = &t;
      }
      col.i64.assign(n, 0);
      if (found != nullptr) {
        const int64_t v = rf->def.type.kind == rules::TypeKind::kDecimal
                              ? found->value * rules::kDecimalScale
                              : found->value;
        col.i64.assign(n, v);
        col.valid.assign(n, 1);
      }
      table->columns.insert_or_assign(column, std::move(col));
      continue;
    }
    switch (rf->def.type.kind) {
      case rules::TypeKind::kInt:
      case rules::TypeKind::kDecimal:
      case rules::TypeKind::kDate:
        col.i64.assign(n, 0);
        break;
      case rules::TypeKind::kBool:
        col.b.assign(n, 0);
        break;
      case rules::TypeKind::kText:
        col.text.assign(n, {});
        break;
      default:
        return fail("参照の項目は前の年度を読めません",
                    "references cannot be read for other years");
    }
    for (size_t i = 0; i < n; ++i) {
      std::optional<uint32_t> key = raw->ids.Find(table->ids[i]);
      if (!key) continue;
      for (uint32_t r = raw->first_row_of_key[*key]; r != kNone; r = raw->next_of_key[r]) {
        if (raw->fiscal_year[r] != *year || rf->col.valid[r] == 0) continue;
        col.valid[i] = 1;
        switch (rf->def.type.kind) {
          case rules::TypeKind::kBool:
            col.b[i] = rf->col.b[r];
            break;
          case rules::TypeKind::kText:
            col.text[i] = std::string(rf->text.Get(r));
            break;
          default:
            col.i64[i] = rf->col.i64[r];
            break;
        }
        break;
      }
    }
    table->columns.insert_or_assign(column, std::move(col));
  }
  return base::Status::Ok();
}

int FiscalYearOf(int year, int month) { return month >= 4 ? year : year - 1; }

base::Date LatestDateJudgedOn(int latest_fiscal_year) {
  return base::Date::Ymd(latest_fiscal_year + 2, 3, 31);
}

}  // namespace kikan::registry
