// regime::Load: reads pack files with toml++, validates them (docs/regime-packs.md §Validation)
// and compiles every criteria rule. Every problem is collected with its place in the file; the
// loader never stops at the first one. toml++ exceptions are caught here (the adapter).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "regime/regime.h"
#include "regime/rule_compile.h"

namespace kikan::regime {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kSchemaVersion = 1;

struct Pos {
  int line = 1;
  int column = 1;
};

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

// Byte offset of 1-based code-point column `column` in `line` (clamped to the line's end).
size_t ByteOffsetOfColumn(std::string_view line, int column) {
  size_t i = 0;
  for (int c = 1; c < column && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// Whether a terminal shows the code point in two cells (East Asian wide and fullwidth forms), so
// the caret under a problem lines up under Japanese text.
bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
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

// One pack file being loaded: its text (for excerpts and rule origins) and where its problems go.
class FileContext {
 public:
  FileContext(std::string path, std::string text, std::vector<PackProblem>* out)
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
  FileContext(const FileContext&) = delete;
  FileContext& operator=(const FileContext&) = delete;

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  bool has_errors() const { return errors_ > 0; }
  int errors() const { return errors_; }

  std::string_view Line(int line) const {
    if (line < 1 || static_cast<size_t>(line) > lines_.size()) return {};
    return lines_[line - 1];
  }

  void Error(Pos pos, std::string ja, std::string en) {
    Add(pos, std::move(ja), std::move(en), false);
  }
  void Warning(Pos pos, std::string ja, std::string en) {
    Add(pos, std::move(ja), std::move(en), true);
  }

 private:
  void Add(Pos pos, std::string ja, std::string en, bool warning) {
    PackProblem p;
    p.file = path_;
    p.line = pos.line;
    p.column = pos.column;
    p.message = base::Text{std::move(ja), std::move(en)};
    p.warning = warning;
    std::string_view line = Line(pos.line);
    if (!line.empty()) {
      std::string caret;
      size_t upto = ByteOffsetOfColumn(line, pos.column);
      for (size_t i = 0; i < upto;) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        char32_t cp = c < 0x80 ? c : (len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07);
        for (size_t k = 1; k < len && i + k < line.size(); ++k) {
          cp = (cp << 6) | (static_cast<unsigned char>(line[i + k]) & 0x3F);
        }
        caret += c == '\t' ? "\t" : IsWide(cp) ? "  " : " ";
        i += len;
      }
      p.excerpt = fmt::format("  {}\n  {}^\n", line, caret);
    }
    if (!warning) ++errors_;
    out_->push_back(std::move(p));
  }

  std::string path_;
  std::string text_;
  std::vector<std::string_view> lines_;
  std::vector<PackProblem>* out_;
  int errors_ = 0;
};

enum class Req { kRequired, kOptional };

// Reads the keys of one TOML table, remembering which were read so the rest can be reported as
// unknown. `what` names the table in messages ("[[criteria]]", "fields.vehicles").
class Reader {
 public:
  Reader(FileContext& file, const toml::table& table, std::string what)
      : file_(file), table_(table), what_(std::move(what)) {}

  const toml::table& table() const { return table_; }
  Pos pos() const { return PosOf(table_); }
  const std::string& what() const { return what_; }

  // The node at `key` (marked as read), or nullptr; reports a missing required key.
  const toml::node* Node(std::string_view key, Req req) {
    used_.insert(std::string(key));
    const toml::node* n = table_.get(key);
    if (n == nullptr && req == Req::kRequired) {
      file_.Error(pos(), fmt::format("{} に必須のキー `{}` がありません", what_, key),
                  fmt::format("{} lacks the required key `{}`", what_, key));
    }
    return n;
  }
  // Where `key`'s value is, or the table when it is absent.
  Pos PosOfKey(std::string_view key) const {
    const toml::node* n = table_.get(key);
    return n != nullptr ? PosOf(*n) : pos();
  }

  std::optional<std::string> String(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return std::nullopt;
    if (const auto* s = n->as_string()) return s->get();
    WrongType(key, *n, "文字列", "a string");
    return std::nullopt;
  }
  // A string that must be an identifier ([a-z][a-z0-9_]*).
  std::optional<std::string> Identifier(std::string_view key, Req req) {
    auto s = String(key, req);
    if (s && !IsIdentifier(*s)) {
      file_.Error(
          PosOfKey(key),
          fmt::format(
              "`{}` の値 \"{}\" は識別子ではありません（英小文字で始まり、英小文字・数字・_ "
              "のみ）",
              key, *s),
          fmt::format("`{}` = \"{}\" is not an identifier (a lowercase letter, then lowercase "
                      "letters, digits or _)",
                      key, *s));
      return std::nullopt;
    }
    return s;
  }
  std::optional<bool> Bool(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    WrongType(key, *n, "真偽値（true / false）", "a boolean (true / false)");
    return std::nullopt;
  }
  std::optional<int64_t> Integer(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return std::nullopt;
    if (const auto* i = n->as_integer()) return i->get();
    WrongType(key, *n, "整数", "an integer");
    return std::nullopt;
  }
  std::optional<base::Date> Date(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return std::nullopt;
    if (const auto* d = n->as_date()) {
      const toml::date& v = d->get();
      auto date = base::Date::FromYmd(v.year, v.month, v.day);
      if (date) return *date;
      file_.Error(PosOf(*n), fmt::format("`{}` の日付が範囲外です", key),
                  fmt::format("`{}` is out of the supported date range", key));
      return std::nullopt;
    }
    if (const auto* s = n->as_string(); s != nullptr && base::Date::ParseIso(s->get())) {
      file_.Error(
          PosOf(*n),
          fmt::format("`{}` は日付で書いてください: 引用符を外して {} と書きます", key, s->get()),
          fmt::format("`{}` must be a date: remove the quotes and write {}", key, s->get()));
      return std::nullopt;
    }
    WrongType(key, *n, "日付（引用符なしの YYYY-MM-DD）", "a date (YYYY-MM-DD without quotes)");
    return std::nullopt;
  }
  const toml::table* Table(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return nullptr;
    if (const auto* t = n->as_table()) return t;
    WrongType(key, *n, "表（{ ... } または [表名]）", "a table ({ ... } or [name])");
    return nullptr;
  }
  const toml::array* Array(std::string_view key, Req req) {
    const toml::node* n = Node(key, req);
    if (n == nullptr) return nullptr;
    if (const auto* a = n->as_array()) return a;
    WrongType(key, *n, "配列（[ ... ]）", "an array ([ ... ])");
    return nullptr;
  }
  // `ja` (required unless `ja_req` says otherwise) and optional `en`.
  base::Text Label(Req ja_req = Req::kRequired) {
    base::Text t;
    if (auto ja = String("ja", ja_req)) t.ja = *ja;
    if (auto en = String("en", Req::kOptional)) t.en = *en;
    return t;
  }

  void WrongType(std::string_view key, const toml::node& n, std::string_view want_ja,
                 std::string_view want_en) {
    auto [got_ja, got_en] = TypeNames(n);
    file_.Error(
        PosOf(n),
        fmt::format("`{}` は{}で書いてください（{}が書かれています）", key, want_ja, got_ja),
        fmt::format("`{}` must be {}, not {}", key, want_en, got_en));
  }

  // Reports every key of the table that was never read, as a warning at the key.
  void WarnUnknown() {
    for (const auto& [k, v] : table_) {
      if (used_.count(std::string(k.str())) != 0) continue;
      Pos p = PosOf(k.source());
      if (k.source().begin.line == 0) p = PosOf(v);
      file_.Warning(p, fmt::format("{} の未知のキー `{}` は無視されます", what_, k.str()),
                    fmt::format("unknown key `{}` in {} is ignored", k.str(), what_));
    }
  }

 private:
  FileContext& file_;
  const toml::table& table_;
  std::string what_;
  std::set<std::string> used_;
};

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

// Side information kept while loading a pack: positions for cross-checks and rule compilation.
// `checkable` is false when the status or a date was invalid (already reported): such an entry
// takes no part in the overlap check, which would only repeat the problem.
struct CriteriaSite {
  Pos table;
  Pos business;
  Pos version;
  Pos effective_from;
  const toml::node* rule = nullptr;
  bool checkable = true;
};
struct EquipmentSite {
  Pos table;
  Pos effective_from;
  bool checkable = true;
};
struct LoadedPack {
  Pack pack;
  Pos id_pos;
  std::vector<Pos> business_id_pos;
  std::vector<Pos> business_sites_pos;  // of each business's [business.sites] (or the business)
};

std::optional<CriteriaStatus> ParseStatus(std::string_view s) {
  if (s == "in_force") return CriteriaStatus::kInForce;
  if (s == "proposed") return CriteriaStatus::kProposed;
  if (s == "repealed") return CriteriaStatus::kRepealed;
  return std::nullopt;
}

std::string DateRange(base::Date from, const std::optional<base::Date>& until) {
  return fmt::format("{} – {}", from.ToIso(), until ? until->ToIso() : std::string());
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
      file.Error(
          PosOf(n),
          fmt::format("[[{}]] の要素は表でなければなりません（{}が書かれています）", key, ja),
          fmt::format("elements of [[{}]] must be tables, not {}", key, en));
    }
  }
  return out;
}

void ReadPackHeader(FileContext& file, Reader& root, LoadedPack& out) {
  Pack& pack = out.pack;
  const toml::table* pt = root.Table("pack", Req::kRequired);
  if (pt == nullptr) return;
  Reader r(file, *pt, "[pack]");
  if (auto id = r.Identifier("id", Req::kRequired)) pack.id = *id;
  out.id_pos = r.PosOfKey("id");
  pack.name = r.Label(Req::kOptional);
  if (auto note = r.String("note", Req::kOptional)) pack.note = *note;
  if (auto v = r.Integer("schema_version", Req::kOptional); v && *v > kSchemaVersion) {
    file.Error(r.PosOfKey("schema_version"),
               fmt::format("schema_version {} には対応していません（このプログラムは {} まで）", *v,
                           kSchemaVersion),
               fmt::format("schema_version {} is not supported (this program reads up to {})", *v,
                           kSchemaVersion));
  }
  if (const toml::table* st = r.Table("sector", Req::kRequired)) {
    Reader s(file, *st, "[pack] sector");
    if (auto id = s.Identifier("id", Req::kRequired)) pack.sector.id = *id;
    pack.sector.name = s.Label();
    if (auto act = s.String("act", Req::kRequired)) pack.sector.act = *act;
    s.WarnUnknown();
  }
  if (const toml::table* mt = r.Table("ministry", Req::kRequired)) {
    Reader m(file, *mt, "[pack] ministry");
    if (auto id = m.Identifier("id", Req::kRequired)) pack.ministry.id = *id;
    pack.ministry.name = m.Label();
    m.WarnUnknown();
  }
  if (const toml::table* at = r.Table("act_status", Req::kOptional)) {
    Reader a(file, *at, "[pack.act_status]");
    ActStatus& st = pack.act_status;
    st.present = true;
    bool state_ok = false;
    if (auto state = a.String("state", Req::kRequired)) {
      if (*state == "in_force") {
        st.in_force = true;
        state_ok = true;
      } else if (*state == "not_in_force") {
        st.in_force = false;
        state_ok = true;
      } else {
        file.Error(
            a.PosOfKey("state"),
            fmt::format("未知の state \"{}\" です（in_force / not_in_force のいずれか）", *state),
            fmt::format("unknown state \"{}\" (in_force or not_in_force)", *state));
      }
    }
    if (auto law = a.String("law", Req::kOptional)) st.law = *law;
    st.promulgated = a.Date("promulgated", Req::kOptional);
    st.in_force_from = a.Date("in_force_from", Req::kOptional);
    st.description = a.Label(Req::kOptional);
    if (auto note = a.String("note", Req::kOptional)) st.note = *note;
    if (state_ok && st.in_force && at->get("in_force_from") == nullptr) {
      file.Error(a.pos(),
                 "施行中（state = \"in_force\"）の act_status には in_force_from が必要です",
                 "an act_status with state = \"in_force\" needs in_force_from");
    }
    a.WarnUnknown();
  }
  r.WarnUnknown();
}

void ReadBusinesses(FileContext& file, Reader& root, LoadedPack& out,
                    std::vector<std::pair<Pos, bool>>* subject_pos) {
  std::set<std::string> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "business", Req::kRequired)) {
    Reader r(file, *t, "[[business]]");
    Business b;
    auto id = r.Identifier("id", Req::kRequired);
    if (id) {
      b.id = *id;
      if (!seen.insert(b.id).second) {
        file.Error(r.PosOfKey("id"), fmt::format("事業 id `{}` が重複しています", b.id),
                   fmt::format("duplicate business id `{}`", b.id));
      }
    }
    b.name = r.Label();
    if (auto co = r.String("cabinet_order", Req::kRequired)) b.cabinet_order = *co;
    bool explicit_subject = t->get("subject") != nullptr;
    if (auto subject = r.Identifier("subject", Req::kOptional)) b.subject = *subject;
    if (auto note = r.String("note", Req::kOptional)) b.note = *note;
    if (const toml::table* st = r.Table("sites", Req::kOptional)) {
      Reader sr(file, *st, "[business.sites]");
      SitesSpec spec;
      if (auto v = sr.Identifier("via", Req::kRequired)) spec.via = *v;
      if (auto v = sr.String("where", Req::kRequired)) spec.where = *v;
      if (auto v = sr.Identifier("site", Req::kRequired)) spec.site = *v;
      if (auto v = sr.Identifier("group", Req::kOptional)) spec.group = *v;
      sr.WarnUnknown();
      b.sites = std::move(spec);
    }
    out.business_sites_pos.push_back(r.PosOfKey("sites"));
    r.WarnUnknown();
    out.business_id_pos.push_back(r.PosOfKey("id"));
    subject_pos->push_back({explicit_subject ? r.PosOfKey("subject") : r.pos(), explicit_subject});
    out.pack.businesses.push_back(std::move(b));
  }
}

// Reads [[entity]] into the pack's schema. Returns false when the schema has errors (rules are
// then not compiled: every rule would fail for the same reason).
bool ReadEntities(FileContext& file, Reader& root, Pack& pack) {
  const int errors_before = file.errors();
  std::vector<std::pair<Pos, std::string>> ref_targets;  // where a ref:KIND is, and KIND
  for (const toml::table* t : ArrayOfTables(file, root, "entity", Req::kOptional)) {
    Reader r(file, *t, "[[entity]]");
    rules::EntityKind kind;
    auto name = r.Identifier("kind", Req::kRequired);
    r.Label(Req::kOptional);  // labels of the kind: documentation only
    r.String("note", Req::kOptional);
    if (const toml::table* fields = r.Table("fields", Req::kRequired)) {
      for (const auto& [key, node] : *fields) {
        std::string field_name(key.str());
        std::string what = fmt::format("fields.{}", field_name);
        if (!IsIdentifier(field_name)) {
          file.Error(
              PosOf(key.source()),
              fmt::format("フィールド名 `{}` "
                          "は識別子ではありません（英小文字で始まり、英小文字・数字・_ のみ）",
                          field_name),
              fmt::format("field name `{}` is not an identifier (a lowercase letter, then "
                          "lowercase letters, digits or _)",
                          field_name));
          continue;
        }
        if (field_name == "id" || field_name == "name" || field_name == "fiscal_year") {
          file.Error(
              PosOf(key.source()),
              fmt::format("`{}` は全ての種別に暗黙に存在する列のため宣言できません", field_name),
              fmt::format("`{}` is an implicit column of every kind and cannot be declared",
                          field_name));
          continue;
        }
        const toml::table* ft = node.as_table();
        if (ft == nullptr) {
          auto [ja, en] = TypeNames(node);
          file.Error(
              PosOf(node),
              fmt::format(
                  "{} は {{ type = ..., ja = ... }} の表で書いてください（{}が書かれています）",
                  what, ja),
              fmt::format("{} must be a table {{ type = ..., ja = ... }}, not {}", what, en));
          continue;
        }
        Reader fr(file, *ft, what);
        rules::FieldDef def;
        def.name = field_name;
        bool ok = true;
        if (auto type = fr.String("type", Req::kRequired)) {
          auto parsed = rules::FieldType::Parse(*type);
          if (parsed) {
            def.type = *parsed;
            if (!def.type.target.empty())
              ref_targets.push_back({fr.PosOfKey("type"), def.type.target});
          } else {
            ok = false;
            file.Error(
                fr.PosOfKey("type"),
                fmt::format("未知のフィールド型 \"{}\" です（int, decimal, bool, text, date, "
                            "ref:KIND, refs:KIND のいずれか）",
                            *type),
                fmt::format("unknown field type \"{}\" (int, decimal, bool, text, date, "
                            "ref:KIND or refs:KIND)",
                            *type));
          }
        } else {
          ok = false;
        }
        def.label = fr.Label();
        if (auto unit = fr.String("unit", Req::kOptional)) def.unit = *unit;
        fr.String("note", Req::kOptional);
        fr.WarnUnknown();
        if (ok) kind.fields.push_back(std::move(def));
      }
    }
    r.WarnUnknown();
    if (!name) continue;
    kind.name = *name;
    if (!pack.schema.AddKind(std::move(kind)).ok()) {
      file.Error(r.PosOfKey("kind"), fmt::format("エンティティ種別 `{}` が重複しています", *name),
                 fmt::format("duplicate entity kind `{}`", *name));
    }
  }
  for (const auto& [pos, target] : ref_targets) {
    if (pack.schema.Find(target) == nullptr) {
      file.Error(
          pos,
          fmt::format("参照先の種別 `{}` がこのパックの [[entity]] で宣言されていません", target),
          fmt::format("the referenced kind `{}` is not declared by an [[entity]] of this pack",
                      target));
    }
  }
  return file.errors() == errors_before;
}

std::optional<rules::Value> ParamValue(const toml::node& n) {
  if (const auto* i = n.as_integer()) return rules::Value::Int(i->get());
  if (const auto* f = n.as_floating_point()) {
    double scaled = f->get() * static_cast<double>(rules::kDecimalScale);
    if (!std::isfinite(scaled) || std::fabs(scaled) > 9e18) return std::nullopt;
    return rules::Value::Decimal(static_cast<int64_t>(std::llround(scaled)));
  }
  if (const auto* b = n.as_boolean()) return rules::Value::Bool(b->get());
  if (const auto* s = n.as_string()) return rules::Value::Text(s->get());
  if (const auto* d = n.as_date()) {
    auto date = base::Date::FromYmd(d->get().year, d->get().month, d->get().day);
    if (date) return rules::Value::Date(date->days_since_epoch());
  }
  return std::nullopt;
}

bool BusinessKnown(const Pack& pack, std::string_view id) {
  return std::any_of(pack.businesses.begin(), pack.businesses.end(),
                     [&](const Business& b) { return b.id == id; });
}

void UnknownBusiness(FileContext& file, Pos pos, std::string_view id) {
  file.Error(pos, fmt::format("事業 `{}` はこのパックの [[business]] にありません", id),
             fmt::format("business `{}` is not a [[business]] of this pack", id));
}

void CheckVersionText(FileContext& file, Reader& r, const std::string& version) {
  if (version.empty() || version.find_first_of(" \t\r\n") != std::string::npos) {
    file.Error(r.PosOfKey("version"), "version は空白を含まない空でない文字列で書いてください",
               "version must be a non-empty string without spaces");
  }
}

void ReadCriteria(FileContext& file, Reader& root, Pack& pack, std::vector<CriteriaSite>* sites) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "criteria", Req::kOptional)) {
    Reader r(file, *t, "[[criteria]]");
    Criteria c;
    CriteriaSite site;
    site.table = r.pos();
    if (auto b = r.Identifier("business", Req::kRequired)) {
      c.business = *b;
      if (!BusinessKnown(pack, c.business))
        UnknownBusiness(file, r.PosOfKey("business"), c.business);
    }
    site.business = r.PosOfKey("business");
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      c.version = *v;
      CheckVersionText(file, r, c.version);
      if (!c.business.empty() && !seen.insert({c.business, c.version}).second) {
        file.Error(
            r.PosOfKey("version"),
            fmt::format("事業 `{}` の指定基準の版 `{}` が重複しています", c.business, c.version),
            fmt::format("duplicate criteria version `{}` of business `{}`", c.version, c.business));
        duplicate = true;
      }
    }
    site.version = r.PosOfKey("version");
    c.name = r.Label(Req::kOptional);
    bool status_ok = false;
    const int errors_before = file.errors();
    if (auto s = r.String("status", Req::kRequired)) {
      if (auto st = ParseStatus(*s)) {
        c.status = *st;
        status_ok = true;
      } else {
        file.Error(
            r.PosOfKey("status"),
            fmt::format("未知の状態 \"{}\" です（in_force / proposed / repealed のいずれか）", *s),
            fmt::format("unknown status \"{}\" (in_force, proposed or repealed)", *s));
      }
    }
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    c.effective_until = r.Date("effective_until", Req::kOptional);
    if (from) c.effective_from = *from;
    if (from && c.effective_until && *c.effective_until < *from) {
      file.Error(r.PosOfKey("effective_until"),
                 fmt::format("effective_until（{}）が effective_from（{}）より前です",
                             c.effective_until->ToIso(), from->ToIso()),
                 fmt::format("effective_until ({}) is before effective_from ({})",
                             c.effective_until->ToIso(), from->ToIso()));
    }
    site.checkable = status_ok && !duplicate && from.has_value() && file.errors() == errors_before;
    if (status_ok && c.status == CriteriaStatus::kRepealed &&
        t->get("effective_until") == nullptr) {
      file.Error(r.pos(), "廃止（repealed）の指定基準には effective_until（最終日）が必要です",
                 "repealed criteria need effective_until (their last day in force)");
    }
    if (auto cit = r.String("citation", Req::kRequired)) c.citation = *cit;
    if (auto p = r.String("period", Req::kOptional)) {
      if (*p == "as_of") {
        c.period = Period::kAsOf;
      } else if (*p == "previous_fiscal_year") {
        c.period = Period::kPreviousFiscalYear;
      } else {
        file.Error(
            r.PosOfKey("period"),
            fmt::format("未知の period \"{}\" です（as_of / previous_fiscal_year のいずれか）", *p),
            fmt::format("unknown period \"{}\" (as_of or previous_fiscal_year)", *p));
      }
    }
    if (const toml::table* params = r.Table("params", Req::kOptional)) {
      for (const auto& [key, node] : *params) {
        std::string name(key.str());
        if (!IsIdentifier(name)) {
          file.Error(PosOf(key.source()),
                     fmt::format("パラメータ名 `{}` は識別子ではありません", name),
                     fmt::format("parameter name `{}` is not an identifier", name));
          continue;
        }
        if (auto v = ParamValue(node)) {
          c.params.emplace(name, std::move(*v));
        } else {
          auto [ja, en] = TypeNames(node);
          file.Error(
              PosOf(node),
              fmt::format("パラメータ `{}` "
                          "は整数・小数・真偽値・文字列・日付のいずれかで書いてください（{}"
                          "が書かれています）",
                          name, ja),
              fmt::format("parameter `{}` must be an integer, float, boolean, string or date, "
                          "not {}",
                          name, en));
        }
      }
    }
    if (const toml::node* rule = r.Node("rule", Req::kRequired)) {
      if (const auto* s = rule->as_string()) {
        c.rule = s->get();
        site.rule = rule;
        c.rule_origin = RuleOrigin(file, *rule);
        if (c.rule.find_first_not_of(" \t\r\n") == std::string::npos) {
          file.Error(PosOf(*rule), "rule が空です", "the rule is empty");
          site.rule = nullptr;
        }
      } else {
        r.WrongType("rule", *rule, "文字列", "a string");
      }
    }
    if (auto ra = r.String("rationale", Req::kOptional)) c.rationale = *ra;
    if (auto note = r.String("note", Req::kOptional)) c.note = *note;
    r.WarnUnknown();
    pack.criteria.push_back(std::move(c));
    sites->push_back(site);
  }
}

void ReadFunctions(FileContext& file, Reader& root, Pack& pack, bool* declared) {
  const toml::table* ft = root.Table("functions", Req::kOptional);
  *declared = ft != nullptr;
  if (ft == nullptr) return;
  for (const auto& [key, node] : *ft) {
    std::string id(key.str());
    if (!IsIdentifier(id)) {
      file.Error(PosOf(key.source()), fmt::format("機能名 `{}` は識別子ではありません", id),
                 fmt::format("function name `{}` is not an identifier", id));
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(
          PosOf(node),
          fmt::format(
              "functions.{} は {{ ja = ..., en = ... }} の表で書いてください（{}が書かれています）",
              id, ja),
          fmt::format("functions.{} must be a table {{ ja = ..., en = ... }}, not {}", id, en));
      continue;
    }
    Reader r(file, *t, fmt::format("functions.{}", id));
    FunctionDef f;
    f.id = id;
    f.name = r.Label();
    if (auto c = r.String("citation", Req::kOptional)) f.citation = *c;
    r.String("note", Req::kOptional);
    r.WarnUnknown();
    pack.functions.push_back(std::move(f));
  }
}

void ReadEquipment(FileContext& file, Reader& root, Pack& pack, bool functions_declared,
                   std::vector<EquipmentSite>* sites) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "equipment", Req::kOptional)) {
    Reader r(file, *t, "[[equipment]]");
    Equipment e;
    EquipmentSite site;
    site.table = r.pos();
    if (auto b = r.Identifier("business", Req::kRequired)) {
      e.business = *b;
      if (!BusinessKnown(pack, e.business))
        UnknownBusiness(file, r.PosOfKey("business"), e.business);
    }
    if (auto id = r.Identifier("id", Req::kRequired)) e.id = *id;
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      e.version = *v;
      CheckVersionText(file, r, e.version);
      if (!e.id.empty() && !seen.insert({e.business, e.id, e.version}).second) {
        file.Error(r.PosOfKey("version"),
                   fmt::format("特定重要設備 `{}` の版 `{}` が重複しています", e.id, e.version),
                   fmt::format("duplicate version `{}` of equipment `{}`", e.version, e.id));
        duplicate = true;
      }
    }
    e.name = r.Label();
    const int errors_before = file.errors();
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    if (from) e.effective_from = *from;
    e.effective_until = r.Date("effective_until", Req::kOptional);
    if (from && e.effective_until && *e.effective_until < *from) {
      file.Error(r.PosOfKey("effective_until"),
                 fmt::format("effective_until（{}）が effective_from（{}）より前です",
                             e.effective_until->ToIso(), from->ToIso()),
                 fmt::format("effective_until ({}) is before effective_from ({})",
                             e.effective_until->ToIso(), from->ToIso()));
    }
    e.status = e.effective_until ? CriteriaStatus::kRepealed : CriteriaStatus::kInForce;
    if (auto s = r.String("status", Req::kOptional)) {
      if (auto st = ParseStatus(*s)) {
        e.status = *st;
      } else {
        file.Error(
            r.PosOfKey("status"),
            fmt::format("未知の状態 \"{}\" です（in_force / proposed / repealed のいずれか）", *s),
            fmt::format("unknown status \"{}\" (in_force, proposed or repealed)", *s));
      }
    }
    site.checkable = !duplicate && from.has_value() && file.errors() == errors_before;
    if (const toml::table* ft = r.Table("functions", Req::kRequired)) {
      Reader fr(file, *ft, "functions");
      const toml::node* all = fr.Node("all_of", Req::kOptional);
      const toml::node* any = fr.Node("any_of", Req::kOptional);
      if (all != nullptr && any != nullptr) {
        file.Error(fr.pos(), "functions には all_of と any_of のどちらか一方だけを書いてください",
                   "functions must have exactly one of all_of and any_of, not both");
      } else if (all == nullptr && any == nullptr) {
        file.Error(fr.pos(), "functions に all_of か any_of（機能名の配列）がありません",
                   "functions needs all_of or any_of (a list of function names)");
      } else {
        const std::string_view key = all != nullptr ? "all_of" : "any_of";
        e.match = all != nullptr ? Equipment::Match::kAllOf : Equipment::Match::kAnyOf;
        if (const toml::array* list = fr.Array(key, Req::kOptional)) {
          if (list->empty()) {
            file.Error(PosOf(*list), fmt::format("{} が空です: 機能名を1つ以上書いてください", key),
                       fmt::format("{} is empty: name at least one function", key));
          }
          for (const toml::node& n : *list) {
            const auto* s = n.as_string();
            if (s == nullptr || !IsIdentifier(s->get())) {
              file.Error(
                  PosOf(n), fmt::format("{} の要素は機能名（識別子の文字列）で書いてください", key),
                  fmt::format("elements of {} must be function names (identifier strings)", key));
              continue;
            }
            if (functions_declared && pack.FindFunction(s->get()) == nullptr) {
              file.Error(PosOf(n),
                         fmt::format("機能 `{}` が [functions] で宣言されていません", s->get()),
                         fmt::format("function `{}` is not declared in [functions]", s->get()));
            }
            e.functions.push_back(s->get());
          }
        }
      }
      fr.WarnUnknown();
    }
    if (auto c = r.String("citation", Req::kRequired)) e.citation = *c;
    if (auto note = r.String("note", Req::kOptional)) e.note = *note;
    r.WarnUnknown();
    pack.equipment.push_back(std::move(e));
    sites->push_back(site);
  }
}

// --- [checklist] and [[form]]
// ----------------------------------------------------------------------

// Reads the pack-level `[checklist]` labels (checklist.ID = { ja, en, citation }), which forms
// may name by id.
void ReadChecklistLabels(FileContext& file, Reader& root, std::vector<ChecklistItem>* out) {
  const toml::table* ct = root.Table("checklist", Req::kOptional);
  if (ct == nullptr) return;
  for (const auto& [key, node] : *ct) {
    std::string id(key.str());
    if (!IsIdentifier(id)) {
      file.Error(PosOf(key.source()),
                 fmt::format("チェックリスト項目名 `{}` は識別子ではありません", id),
                 fmt::format("checklist item name `{}` is not an identifier", id));
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(
          PosOf(node),
          fmt::format("checklist.{} は {{ ja = ..., en = ... }} "
                      "の表で書いてください（{}が書かれています）",
                      id, ja),
          fmt::format("checklist.{} must be a table {{ ja = ..., en = ... }}, not {}", id, en));
      continue;
    }
    Reader r(file, *t, fmt::format("checklist.{}", id));
    ChecklistItem item;
    item.id = id;
    item.label = r.Label();
    if (auto c = r.String("citation", Req::kOptional)) item.citation = *c;
    r.String("note", Req::kOptional);
    r.WarnUnknown();
    out->push_back(std::move(item));
  }
}

struct FormSite {
  Pos effective_from;
  bool checkable = true;
};

void ReadFormChecklist(FileContext& file, Reader& r, const std::vector<ChecklistItem>& labels,
                       Form& form) {
  const toml::array* list = r.Array("checklist", Req::kOptional);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    ChecklistItem item;
    if (const auto* s = n.as_string()) {
      auto it = std::find_if(labels.begin(), labels.end(),
                             [&](const ChecklistItem& c) { return c.id == s->get(); });
      if (it == labels.end()) {
        file.Error(
            PosOf(n),
            fmt::format("チェックリスト項目 `{}` がパックの [checklist] で宣言されていません",
                        s->get()),
            fmt::format("checklist item `{}` is not declared in the pack's [checklist]", s->get()));
        continue;
      }
      item = *it;
    } else if (const auto* t = n.as_table()) {
      Reader cr(file, *t, "checklist item");
      auto id = cr.Identifier("id", Req::kRequired);
      item.label = cr.Label();
      if (auto c = cr.String("citation", Req::kOptional)) item.citation = *c;
      cr.String("note", Req::kOptional);
      cr.WarnUnknown();
      if (!id) continue;
      item.id = *id;
    } else {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 fmt::format("checklist の要素は項目名（文字列）か {{ id, ja, en }} "
                             "の表で書いてください（{}が書かれています）",
                             ja),
                 fmt::format("elements of checklist must be item names (strings) or tables "
                             "{{ id, ja, en }}, not {}",
                             en));
      continue;
    }
    if (!seen.insert(item.id).second) {
      file.Error(PosOf(n), fmt::format("チェックリスト項目 `{}` が重複しています", item.id),
                 fmt::format("duplicate checklist item `{}`", item.id));
      continue;
    }
    form.checklist.push_back(std::move(item));
  }
}

// The closest catalogue path to `path` (same last segment), for "did you mean" hints.
std::string SuggestItem(std::string_view path) {
  std::string_view last = path.substr(
      path.find_last_of(".]") == std::string_view::npos ? 0 : path.find_last_of(".]") + 1);
  for (const FormItemSpec& spec : FormItemCatalog()) {
    std::string_view p = spec.path;
    size_t cut = p.find_last_of(".]");
    std::string_view plast = cut == std::string_view::npos ? p : p.substr(cut + 1);
    if (!last.empty() && (plast == last || plast.find(last) == 0 || last.find(plast) == 0)) {
      return spec.path;
    }
  }
  return {};
}

void ReadFormItems(FileContext& file, Reader& r, Form& form) {
  const toml::array* list = r.Array("items", Req::kRequired);
  if (list == nullptr) return;
  if (list->empty()) {
    file.Error(PosOf(*list), "items が空です: 必要な記載事項を1つ以上書いてください",
               "items is empty: list at least one required item");
  }
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    const auto* s = n.as_string();
    if (s == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 fmt::format("items の要素は記載事項のパス（文字列）で書いてください（{}"
                             "が書かれています）",
                             ja),
                 fmt::format("elements of items must be item paths (strings), not {}", en));
      continue;
    }
    const std::string& path = s->get();
    bool known = FindFormItem(path) != nullptr;
    constexpr std::string_view kRisk = "risk_measures.";
    if (!known && path.rfind(kRisk, 0) == 0) {
      std::string_view id = std::string_view(path).substr(kRisk.size());
      if (id == "*") {
        known = true;
        if (form.checklist.empty()) {
          file.Error(PosOf(n),
                     "risk_measures.* を求めていますが、この様式に checklist がありません",
                     "risk_measures.* is required but the form has no checklist");
          continue;
        }
      } else if (form.FindChecklistItem(id) != nullptr) {
        known = true;
      } else {
        file.Error(
            PosOf(n),
            fmt::format("`{}`: チェックリスト項目 `{}` がこの様式の checklist にありません", path,
                        id),
            fmt::format("`{}`: checklist item `{}` is not in this form's checklist", path, id));
        continue;
      }
    }
    if (!known) {
      std::string hint = SuggestItem(path);
      file.Error(PosOf(n),
                 fmt::format("未知の記載事項 `{}` です{}（docs/regime-packs.md の一覧を参照）",
                             path, hint.empty() ? "" : fmt::format("（`{}` のことですか）", hint)),
                 fmt::format("unknown item `{}`{} (see the list in docs/regime-packs.md)", path,
                             hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
      continue;
    }
    if (!seen.insert(path).second) {
      file.Error(PosOf(n), fmt::format("記載事項 `{}` が重複しています", path),
                 fmt::format("duplicate item `{}`", path));
      continue;
    }
    form.items.push_back(path);
  }
}

void ReadFormAttachments(FileContext& file, Reader& r, Form& form) {
  const toml::array* list = r.Array("attachments", Req::kOptional);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 fmt::format("attachments の要素は表で書いてください（{}が書かれています）", ja),
                 fmt::format("elements of attachments must be tables, not {}", en));
      continue;
    }
    Reader ar(file, *t, "attachment");
    AttachmentRule a;
    auto kind = ar.Identifier("kind", Req::kRequired);
    a.name = ar.Label();
    if (auto per = ar.String("per", Req::kRequired)) {
      if (*per == "supplier") {
        a.per = AttachmentRule::Per::kSupplier;
      } else if (*per == "party") {
        a.per = AttachmentRule::Per::kParty;
      } else if (*per == "filing") {
        a.per = AttachmentRule::Per::kFiling;
      } else {
        file.Error(
            ar.PosOfKey("per"),
            fmt::format("未知の per \"{}\" です（supplier / party / filing のいずれか）", *per),
            fmt::format("unknown per \"{}\" (supplier, party or filing)", *per));
      }
    }
    if (auto req = ar.Bool("required", Req::kOptional)) a.required = *req;
    if (auto w = ar.Bool("waived_if_registered_in_japan", Req::kOptional)) {
      a.waived_if_registered_in_japan = *w;
    }
    if (auto c = ar.String("citation", Req::kOptional)) a.citation = *c;
    ar.String("note", Req::kOptional);
    ar.WarnUnknown();
    if (!kind) continue;
    a.kind = *kind;
    if (!seen.insert(a.kind).second) {
      file.Error(ar.PosOfKey("kind"), fmt::format("添付書類 `{}` が重複しています", a.kind),
                 fmt::format("duplicate attachment `{}`", a.kind));
      continue;
    }
    form.attachments.push_back(std::move(a));
  }
}

void ReadFormThresholds(FileContext& file, Reader& r, Form& form) {
  const toml::table* tt = r.Table("thresholds", Req::kOptional);
  if (tt == nullptr) return;
  for (const auto& [key, node] : *tt) {
    std::string id(key.str());
    if (id != kShareholderMinShare) {
      file.Error(PosOf(key.source()),
                 fmt::format("未知の閾値 `{}` です（{} のみ）", id, kShareholderMinShare),
                 fmt::format("unknown threshold `{}` (known: {})", id, kShareholderMinShare));
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(
          PosOf(node),
          fmt::format("thresholds.{} は {{ value = \"5%\", ... }} "
                      "の表で書いてください（{}が書かれています）",
                      id, ja),
          fmt::format("thresholds.{} must be a table {{ value = \"5%\", ... }}, not {}", id, en));
      continue;
    }
    Reader tr(file, *t, fmt::format("thresholds.{}", id));
    Threshold th;
    th.id = id;
    bool ok = false;
    if (auto v = tr.String("value", Req::kRequired)) {
      if (auto m = ParsePercentMillionths(*v)) {
        th.millionths = *m;
        ok = true;
      } else {
        file.Error(tr.PosOfKey("value"),
                   fmt::format("閾値 \"{}\" は百分率（\"5%\" など、小数4桁まで、0〜100）で書いて"
                               "ください",
                               *v),
                   fmt::format("threshold \"{}\" must be a percentage (\"5%\", at most 4 decimals, "
                               "0 to 100)",
                               *v));
      }
    }
    if (auto ver = tr.Bool("verified", Req::kRequired)) th.verified = *ver;
    if (auto c = tr.String("citation", Req::kRequired)) th.citation = *c;
    if (auto note = tr.String("note", Req::kOptional)) th.note = *note;
    tr.WarnUnknown();
    if (ok) form.thresholds.push_back(std::move(th));
  }
}

void ReadForms(FileContext& file, Reader& root, Pack& pack, std::vector<FormSite>* sites) {
  std::vector<ChecklistItem> labels;
  ReadChecklistLabels(file, root, &labels);
  std::set<std::pair<FilingKind, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "form", Req::kOptional)) {
    Reader r(file, *t, "[[form]]");
    Form form;
    FormSite site;
    bool kind_ok = false;
    if (auto k = r.String("kind", Req::kRequired)) {
      if (auto kind = ParseFilingKind(*k)) {
        form.kind = *kind;
        kind_ok = true;
      } else {
        file.Error(
            r.PosOfKey("kind"),
            fmt::format("未知の届出の種類 \"{}\" です（installation_plan / "
                        "maintenance_entrustment / plan_change / after_the_fact のいずれか）",
                        *k),
            fmt::format("unknown filing kind \"{}\" (installation_plan, "
                        "maintenance_entrustment, plan_change or after_the_fact)",
                        *k));
      }
    }
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      form.version = *v;
      CheckVersionText(file, r, form.version);
      if (kind_ok && !seen.insert({form.kind, form.version}).second) {
        file.Error(r.PosOfKey("version"),
                   fmt::format("様式 `{}` の版 `{}` が重複しています", FilingKindName(form.kind),
                               form.version),
                   fmt::format("duplicate version `{}` of form `{}`", form.version,
                               FilingKindName(form.kind)));
        duplicate = true;
      }
    }
    form.name = r.Label();
    if (auto c = r.String("citation", Req::kRequired)) form.citation = *c;
    const int errors_before = file.errors();
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    if (from) form.effective_from = *from;
    form.effective_until = r.Date("effective_until", Req::kOptional);
    if (from && form.effective_until && *form.effective_until < *from) {
      file.Error(r.PosOfKey("effective_until"),
                 fmt::format("effective_until（{}）が effective_from（{}）より前です",
                             form.effective_until->ToIso(), from->ToIso()),
                 fmt::format("effective_until ({}) is before effective_from ({})",
                             form.effective_until->ToIso(), from->ToIso()));
    }
    site.checkable = kind_ok && !duplicate && from.has_value() && file.errors() == errors_before;
    ReadFormChecklist(file, r, labels, form);  // before items: items name checklist ids
    ReadFormItems(file, r, form);
    ReadFormAttachments(file, r, form);
    ReadFormThresholds(file, r, form);
    if (auto note = r.String("note", Req::kOptional)) form.note = *note;
    r.WarnUnknown();
    pack.forms.push_back(std::move(form));
    sites->push_back(site);
  }
  // Two versions of one kind must not overlap in time.
  for (FilingKind kind : {FilingKind::kInstallationPlan, FilingKind::kMaintenanceEntrustment,
                          FilingKind::kPlanChange, FilingKind::kAfterTheFact}) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < pack.forms.size(); ++i) {
      if (pack.forms[i].kind == kind && (*sites)[i].checkable) idx.push_back(i);
    }
    std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
      return pack.forms[x].effective_from < pack.forms[y].effective_from;
    });
    for (size_t k = 1; k < idx.size(); ++k) {
      const Form& prev = pack.forms[idx[k - 1]];
      const Form& next = pack.forms[idx[k]];
      if (!prev.effective_until || *prev.effective_until >= next.effective_from) {
        file.Error((*sites)[idx[k]].effective_from,
                   fmt::format("様式 `{}` の版 `{}`（{}）の期間が版 `{}`（{}）と重なっています",
                               FilingKindName(kind), next.version,
                               DateRange(next.effective_from, next.effective_until), prev.version,
                               DateRange(prev.effective_from, prev.effective_until)),
                   fmt::format("form `{}` version `{}` ({}) overlaps version `{}` ({})",
                               FilingKindName(kind), next.version,
                               DateRange(next.effective_from, next.effective_until), prev.version,
                               DateRange(prev.effective_from, prev.effective_until)));
      }
    }
  }
}

void ReadTimeline(FileContext& file, Reader& root, Pack& pack) {
  static const std::set<std::string, std::less<>> kKinds = {
      "law",      "order",   "ordinance", "designation", "obligation",
      "incident", "meeting", "document",  "criteria"};
  for (const toml::table* t : ArrayOfTables(file, root, "timeline", Req::kOptional)) {
    Reader r(file, *t, "[[timeline]]");
    TimelineEvent ev;
    auto date = r.Date("date", Req::kRequired);
    if (const toml::node* tn = r.Node("time", Req::kOptional)) {
      if (const auto* tv = tn->as_time()) {
        ev.time = fmt::format("{:02}:{:02}", tv->get().hour, tv->get().minute);
      } else if (const auto* ts = tn->as_string();
                 ts != nullptr && ts->get().size() == 5 && ts->get()[2] == ':') {
        ev.time = ts->get();
      } else {
        r.WrongType("time", *tn, "時刻（06:30:00）", "a time (06:30:00)");
      }
    }
    if (auto kind = r.Identifier("kind", Req::kRequired)) {
      ev.kind = *kind;
      if (kKinds.count(ev.kind) == 0) {
        file.Warning(r.PosOfKey("kind"),
                     fmt::format("timeline の kind `{}` は既知の種類ではありません", ev.kind),
                     fmt::format("timeline kind `{}` is not one of the known kinds", ev.kind));
      }
    }
    ev.text = r.Label();
    if (auto b = r.Identifier("business", Req::kOptional)) {
      ev.business = *b;
      if (!BusinessKnown(pack, ev.business))
        UnknownBusiness(file, r.PosOfKey("business"), ev.business);
    }
    if (auto p = r.Bool("planned", Req::kOptional)) ev.planned = *p;
    if (auto a = r.Bool("approximate", Req::kOptional)) ev.approximate = *a;
    if (const toml::table* figs = r.Table("figures", Req::kOptional)) {
      for (const auto& [key, node] : *figs) {
        if (const auto* i = node.as_integer()) {
          ev.figures.emplace_back(std::string(key.str()), i->get());
        } else {
          auto [ja, en] = TypeNames(node);
          file.Error(
              PosOf(node),
              fmt::format("figures.{} は整数で書いてください（{}が書かれています）", key.str(), ja),
              fmt::format("figures.{} must be an integer, not {}", key.str(), en));
        }
      }
    }
    if (auto c = r.String("citation", Req::kOptional)) ev.citation = *c;
    r.String("note", Req::kOptional);
    r.WarnUnknown();
    if (!date) continue;
    ev.date = *date;
    pack.timeline.push_back(std::move(ev));
  }
  std::stable_sort(pack.timeline.begin(), pack.timeline.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) {
                     if (a.date != b.date) return a.date < b.date;
                     return a.time < b.time;
                   });
}

// Two criteria of one business that were or are in force must not overlap; nor two versions of
// one equipment definition.
// Criteria cannot have been in force before the sector was in the Act: none is in_force or
// repealed while the act_status says not_in_force, and none starts before in_force_from.
void CheckAgainstActStatus(FileContext& file, const Pack& pack,
                           const std::vector<CriteriaSite>& csites) {
  const ActStatus& st = pack.act_status;
  if (!st.present) return;
  for (size_t i = 0; i < pack.criteria.size(); ++i) {
    const Criteria& c = pack.criteria[i];
    if (c.status == CriteriaStatus::kProposed || !csites[i].checkable) continue;
    if (!st.in_force) {
      file.Error(csites[i].table,
                 fmt::format("指定基準 `{}` は施行中（または廃止）ですが、この分野の規定は未施行"
                             "（act_status.state = \"not_in_force\"）です。status = \"proposed\" "
                             "にしてください",
                             c.version),
                 fmt::format("criteria `{}` is in force (or repealed) but the sector's provisions "
                             "are not in force (act_status.state = \"not_in_force\"); make it "
                             "status = \"proposed\"",
                             c.version));
    } else if (st.in_force_from && c.effective_from < *st.in_force_from) {
      file.Error(csites[i].effective_from,
                 fmt::format("指定基準 `{}` の effective_from（{}）が、この分野の規定の施行日（{}）"
                             "より前です",
                             c.version, c.effective_from.ToIso(), st.in_force_from->ToIso()),
                 fmt::format("criteria `{}` takes effect ({}) before the sector's provisions are "
                             "in force ({})",
                             c.version, c.effective_from.ToIso(), st.in_force_from->ToIso()));
    }
  }
}

void CheckOverlaps(FileContext& file, const Pack& pack, const std::vector<CriteriaSite>& csites,
                   const std::vector<EquipmentSite>& esites) {
  for (const Business& b : pack.businesses) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < pack.criteria.size(); ++i) {
      const Criteria& c = pack.criteria[i];
      if (c.business == b.id && c.status != CriteriaStatus::kProposed && csites[i].checkable) {
        idx.push_back(i);
      }
    }
    std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
      return pack.criteria[x].effective_from < pack.criteria[y].effective_from;
    });
    for (size_t k = 1; k < idx.size(); ++k) {
      const Criteria& prev = pack.criteria[idx[k - 1]];
      const Criteria& next = pack.criteria[idx[k]];
      if (!prev.effective_until || *prev.effective_until >= next.effective_from) {
        file.Error(
            csites[idx[k]].effective_from,
            fmt::format("事業 `{}` の指定基準 `{}`（{}）の期間が `{}`（{}）と重なっています。"
                        "ある日に施行中の版は1つでなければなりません（前の版に effective_until "
                        "を書いてください）",
                        b.id, next.version, DateRange(next.effective_from, next.effective_until),
                        prev.version, DateRange(prev.effective_from, prev.effective_until)),
            fmt::format("criteria `{}` ({}) of business `{}` overlaps `{}` ({}): at most one "
                        "version may be in force on a day (give the earlier one an "
                        "effective_until)",
                        next.version, DateRange(next.effective_from, next.effective_until), b.id,
                        prev.version, DateRange(prev.effective_from, prev.effective_until)));
      }
    }
  }
  std::set<std::pair<std::string, std::string>> ids;
  for (const Equipment& e : pack.equipment) ids.insert({e.business, e.id});
  for (const auto& [business, id] : ids) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < pack.equipment.size(); ++i) {
      const Equipment& e = pack.equipment[i];
      if (e.business == business && e.id == id && e.status != CriteriaStatus::kProposed &&
          esites[i].checkable) {
        idx.push_back(i);
      }
    }
    std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
      return pack.equipment[x].effective_from < pack.equipment[y].effective_from;
    });
    for (size_t k = 1; k < idx.size(); ++k) {
      const Equipment& prev = pack.equipment[idx[k - 1]];
      const Equipment& next = pack.equipment[idx[k]];
      if (!prev.effective_until || *prev.effective_until >= next.effective_from) {
        file.Error(
            esites[idx[k]].effective_from,
            fmt::format("特定重要設備 `{}` の版 `{}`（{}）の期間が版 `{}`（{}）と重なっています",
                        id, next.version, DateRange(next.effective_from, next.effective_until),
                        prev.version, DateRange(prev.effective_from, prev.effective_until)),
            fmt::format("equipment `{}` version `{}` ({}) overlaps version `{}` ({})", id,
                        next.version, DateRange(next.effective_from, next.effective_until),
                        prev.version, DateRange(prev.effective_from, prev.effective_until)));
      }
    }
  }
}

void CompileRules(FileContext& file, Pack& pack, const std::vector<CriteriaSite>& sites) {
  for (size_t i = 0; i < pack.criteria.size(); ++i) {
    Criteria& c = pack.criteria[i];
    if (sites[i].rule == nullptr) continue;
    const Business* business = nullptr;
    for (const Business& b : pack.businesses) {
      if (b.id == c.business) business = &b;
    }
    if (business == nullptr || pack.schema.Find(business->subject) == nullptr) continue;
    rules::CompileOptions options;
    options.schema = &pack.schema;
    options.subject = business->subject;
    options.params = c.params;
    options.origin = c.rule_origin;
    options.citation = c.citation;
    std::vector<rules::Diagnostic> diagnostics;
    auto compiled = internal::CompileCriteriaRule(c.rule, options, &diagnostics);
    if (!compiled) continue;  // no rules compiler linked
    if (compiled->has_value()) {
      c.compiled.emplace(std::move(**compiled));
      continue;
    }
    if (diagnostics.empty()) {
      const base::Status& st = compiled->status();
      file.Error(
          {c.rule_origin.line, c.rule_origin.column},
          fmt::format("指定基準 `{}` の rule をコンパイルできません: {}", c.version, st.ja()),
          fmt::format("the rule of criteria `{}` does not compile: {}", c.version, st.en()));
    }
    for (const rules::Diagnostic& d : diagnostics) {
      file.Error(
          {d.loc.line, d.loc.column},
          fmt::format("指定基準 `{}` の rule: {}", c.version, d.message.In(base::Lang::kJa)),
          fmt::format("rule of criteria `{}`: {}", c.version, d.message.In(base::Lang::kEn)));
    }
  }
}

// Checks each [business.sites] against the schema: `via` a ref or refs field of the subject,
// `site` a ref field of the kind it refers to, `group` a ref field of the site's kind, and
// `where` a rule over that kind compiling with the params of every criteria version.
void CheckSites(FileContext& file, const Pack& pack, const std::vector<Pos>& positions) {
  auto ref_field = [&](std::string_view kind, std::string_view field,
                       bool refs_ok) -> const rules::FieldDef* {
    const rules::EntityKind* k = pack.schema.Find(kind);
    if (k == nullptr) return nullptr;
    for (const auto& f : k->fields) {
      if (f.name == field && (f.type.kind == rules::TypeKind::kRef ||
                              (refs_ok && f.type.kind == rules::TypeKind::kRefs))) {
        return &f;
      }
    }
    return nullptr;
  };
  for (size_t i = 0; i < pack.businesses.size(); ++i) {
    const Business& b = pack.businesses[i];
    if (!b.sites) continue;
    const SitesSpec& s = *b.sites;
    const Pos pos = i < positions.size() ? positions[i] : Pos{};
    auto fail = [&](std::string_view key, std::string_view kind, std::string_view want_ja,
                    std::string_view want_en) {
      file.Error(
          pos,
          fmt::format("事業 `{}` の sites: `{}` は {} の{}ではありません", b.id, key, kind,
                      want_ja),
          fmt::format("sites of business `{}`: `{}` is not {} of {}", b.id, key, want_en, kind));
    };
    const rules::FieldDef* via = ref_field(b.subject, s.via, true);
    if (via == nullptr) {
      fail(s.via, b.subject, "参照項目（ref / refs）", "a ref or refs field");
      continue;
    }
    const std::string& target = via->type.target;
    const rules::FieldDef* site = ref_field(target, s.site, false);
    if (site == nullptr) {
      fail(s.site, target, "参照項目（ref）", "a ref field");
      continue;
    }
    if (!s.group.empty() && ref_field(site->type.target, s.group, false) == nullptr) {
      fail(s.group, site->type.target, "参照項目（ref）", "a ref field");
      continue;
    }
    for (const Criteria& c : pack.criteria) {
      if (c.business != b.id) continue;
      rules::CompileOptions options;
      options.schema = &pack.schema;
      options.subject = target;
      options.params = c.params;
      std::vector<rules::Diagnostic> diagnostics;
      auto compiled = internal::CompileCriteriaRule(s.where, options, &diagnostics);
      if (!compiled || compiled->has_value()) continue;
      std::string ja, en;
      for (const auto& d : diagnostics) {
        ja += fmt::format(" {}:{}: {}", d.loc.line, d.loc.column, d.message.In(base::Lang::kJa));
        en += fmt::format(" {}:{}: {}", d.loc.line, d.loc.column, d.message.In(base::Lang::kEn));
      }
      if (diagnostics.empty()) {
        ja = " " + compiled->status().ja();
        en = " " + compiled->status().en();
      }
      file.Error(
          pos,
          fmt::format("事業 `{}` の sites の where が基準 `{}` の params でコンパイルできません:{}",
                      b.id, c.version, ja),
          fmt::format("the sites `where` of business `{}` does not compile with the params "
                      "of criteria `{}`:{}",
                      b.id, c.version, en));
    }
  }
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
      int col = 1;
      for (size_t i = 0; i < begin; ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
      }
      Pos at{pos.line, col};
      if (m < 1 || m > 12) {
        file.Error(at, fmt::format("存在しない日付です: {}（月は1〜12）", token),
                   fmt::format("impossible date {}: the month must be 1 to 12", token));
      } else {
        int days = base::DaysInMonth(y, m);
        file.Error(at,
                   fmt::format("存在しない日付です: {}（{}年{}月は{}日まで）", token, y, m, days),
                   fmt::format("impossible date {}: {:04}-{:02} has {} days", token, y, m, days));
      }
      return;
    }
  }
  file.Error(pos, fmt::format("TOML の構文エラー: {}", desc),
             fmt::format("TOML syntax error: {}", desc));
}

std::optional<LoadedPack> LoadFile(FileContext& file) {
  toml::table root_table;
  try {
    root_table = toml::parse(std::string_view(file.text()), std::string_view(file.path()));
  } catch (const toml::parse_error& e) {
    ReportParseError(file, e);
    return std::nullopt;
  }
  LoadedPack out;
  out.pack.path = file.path();
  Reader root(file, root_table, "pack file");
  ReadPackHeader(file, root, out);
  std::vector<std::pair<Pos, bool>> subject_pos;
  ReadBusinesses(file, root, out, &subject_pos);
  const bool schema_ok = ReadEntities(file, root, out.pack);
  for (size_t i = 0; i < out.pack.businesses.size(); ++i) {
    const Business& b = out.pack.businesses[i];
    if (out.pack.schema.Find(b.subject) == nullptr) {
      file.Error(subject_pos[i].first,
                 fmt::format("事業 `{}` の subject `{}`{} は [[entity]] で宣言されていません", b.id,
                             b.subject, subject_pos[i].second ? "" : "（既定値）"),
                 fmt::format("the subject `{}`{} of business `{}` is not declared by an [[entity]]",
                             b.subject, subject_pos[i].second ? "" : " (the default)", b.id));
    }
  }
  std::vector<CriteriaSite> csites;
  ReadCriteria(file, root, out.pack, &csites);
  bool functions_declared = false;
  ReadFunctions(file, root, out.pack, &functions_declared);
  std::vector<EquipmentSite> esites;
  ReadEquipment(file, root, out.pack, functions_declared, &esites);
  ReadTimeline(file, root, out.pack);
  std::vector<FormSite> fsites;
  ReadForms(file, root, out.pack, &fsites);
  root.WarnUnknown();
  CheckOverlaps(file, out.pack, csites, esites);
  CheckAgainstActStatus(file, out.pack, csites);
  if (schema_ok) {
    CompileRules(file, out.pack, csites);
    CheckSites(file, out.pack, out.business_sites_pos);
  }
  return out;
}

// The pack files under `path`: the file itself, or a directory's *.toml files in name order.
std::vector<std::string> ExpandPath(const std::string& path, std::vector<PackProblem>* problems) {
  std::vector<std::string> files;
  std::error_code ec;
  auto report = [&](std::string ja, std::string en) {
    PackProblem p;
    p.file = path;
    p.line = 1;
    p.column = 1;
    p.message = base::Text{std::move(ja), std::move(en)};
    problems->push_back(std::move(p));
  };
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".toml") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      report("規制パック（*.toml）がありません", "no regime pack (*.toml) in this directory");
    }
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    report("ファイルまたはディレクトリが見つかりません", "no such file or directory");
  }
  return files;
}

}  // namespace

base::Result<Regime> Load(const std::vector<std::string>& paths,
                          std::vector<PackProblem>* problems) {
  std::vector<PackProblem> found;
  std::vector<std::string> files;
  std::set<std::string> seen;  // canonical paths: a file named twice is loaded once
  for (const std::string& path : paths) {
    for (std::string& f : ExpandPath(path, &found)) {
      std::error_code ec;
      std::string canonical = fs::weakly_canonical(f, ec).string();
      if (seen.insert(ec ? f : canonical).second) files.push_back(std::move(f));
    }
  }
  Regime regime;
  std::vector<LoadedPack> loaded;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
      PackProblem p;
      p.file = path;
      p.message = base::Text{"ファイルを読めません", "cannot read the file"};
      found.push_back(std::move(p));
      continue;
    }
    FileContext file(path, buffer.str(), &found);
    std::optional<LoadedPack> pack = LoadFile(file);
    if (!pack) continue;
    // Across packs: pack ids and business ids are unique.
    for (const LoadedPack& other : loaded) {
      if (!pack->pack.id.empty() && other.pack.id == pack->pack.id) {
        file.Error(
            pack->id_pos,
            fmt::format("パック id `{}` は {} と重複しています", pack->pack.id, other.pack.path),
            fmt::format("pack id `{}` is also the id of {}", pack->pack.id, other.pack.path));
      }
      for (size_t i = 0; i < pack->pack.businesses.size(); ++i) {
        const std::string& id = pack->pack.businesses[i].id;
        for (const Business& ob : other.pack.businesses) {
          if (!id.empty() && ob.id == id) {
            file.Error(pack->business_id_pos[i],
                       fmt::format("事業 id `{}` は {} でも定義されています", id, other.pack.path),
                       fmt::format("business id `{}` is also defined in {}", id, other.pack.path));
          }
        }
      }
    }
    loaded.push_back(std::move(*pack));
  }
  std::stable_sort(found.begin(), found.end(), [](const PackProblem& a, const PackProblem& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  const size_t errors = static_cast<size_t>(
      std::count_if(found.begin(), found.end(), [](const PackProblem& p) { return !p.warning; }));
  if (problems != nullptr) {
    problems->insert(problems->end(), std::make_move_iterator(found.begin()),
                     std::make_move_iterator(found.end()));
  }
  if (errors > 0) {
    return base::InvalidArgument(fmt::format("the regime packs have {} error(s)", errors),
                                 fmt::format("規制パックに {} 件のエラーがあります", errors));
  }
  for (LoadedPack& p : loaded) regime.packs_.push_back(std::move(p.pack));
  return regime;
}

// --- filing kinds, the item catalogue and percentages (declared in regime.h) ---------------------

std::string_view FilingKindName(FilingKind kind) {
  switch (kind) {
    case FilingKind::kInstallationPlan:
      return "installation_plan";
    case FilingKind::kMaintenanceEntrustment:
      return "maintenance_entrustment";
    case FilingKind::kPlanChange:
      return "plan_change";
    case FilingKind::kAfterTheFact:
      return "after_the_fact";
  }
  return "installation_plan";
}

std::optional<FilingKind> ParseFilingKind(std::string_view name) {
  for (FilingKind k : {FilingKind::kInstallationPlan, FilingKind::kMaintenanceEntrustment,
                       FilingKind::kPlanChange, FilingKind::kAfterTheFact}) {
    if (FilingKindName(k) == name) return k;
  }
  return std::nullopt;
}

base::Text FilingKindLabel(FilingKind kind) {
  switch (kind) {
    case FilingKind::kInstallationPlan:
      return {"導入等計画書", "installation plan"};
    case FilingKind::kMaintenanceEntrustment:
      return {"重要維持管理等の委託に係る導入等計画書", "entrustment of important maintenance"};
    case FilingKind::kPlanChange:
      return {"導入等計画書の変更", "change of a notified plan"};
    case FilingKind::kAfterTheFact:
      return {"事後届出", "after-the-fact notification"};
  }
  return {};
}

const std::vector<FormItemSpec>& FormItemCatalog() {
  static const std::vector<FormItemSpec> kCatalog = [] {
    std::vector<FormItemSpec> c = {
        {"equipment.name", {"特定重要設備の名称", "name of the critical equipment"}},
        {"equipment.purpose", {"特定重要設備の使用目的", "purpose of the equipment"}},
        {"equipment.functions", {"特定重要設備の機能", "functions of the equipment"}},
        {"equipment.location", {"特定重要設備の設置場所", "where the equipment is installed"}},
        {"equipment.definition",
         {"該当する特定重要設備の定義", "the critical-equipment definition it falls under"}},
        {"components", {"構成設備（1件以上）", "components (at least one)"}},
        {"components[].name", {"構成設備の名称", "name of a component"}},
        {"components[].role", {"構成設備の役割", "role of a component"}},
        {"components[].supplier", {"構成設備の供給者", "supplier of a component"}},
        {"installation.description", {"導入等の内容", "what is installed"}},
        {"installation.planned_date",
         {"導入等の予定日又は期間", "planned date or period of the installation"}},
        {"suppliers", {"供給者（1者以上）", "suppliers (at least one)"}},
        {"maintenance.content", {"重要維持管理等の内容", "content of the maintenance"}},
        {"maintenance.planned_date",
         {"重要維持管理等の時期又は期間", "timing or period of the maintenance"}},
        {"maintenance.contractor", {"委託先", "the contractor"}},
        {"emergency.reason", {"緊急に導入等を行った理由", "why it was done urgently"}},
        {"emergency.installed_on", {"導入等を行った日", "the day it was done"}},
        {"changes_to", {"変更する導入等計画書", "the plan being changed"}},
        {"change_summary", {"変更の内容", "what changes"}},
    };
    const std::pair<const char*, base::Text> kParties[] = {
        {"suppliers[]", {"供給者", "supplier"}},
        {"maintenance.contractor", {"委託先", "contractor"}},
        {"maintenance.subcontractors[]", {"再委託先", "subcontractor"}},
    };
    const std::pair<const char*, base::Text> kFacts[] = {
        {"name", {"名称", "name"}},
        {"address", {"住所", "address"}},
        {"country", {"設立準拠法国", "country of incorporation"}},
        {"corporate_number_or_foreign_registration",
         {"法人番号又は外国の登録番号", "corporate number or foreign registration number"}},
        {"representative", {"代表者", "representative"}},
        {"officers", {"役員（氏名・国籍）", "officers (name, nationality)"}},
        {"shareholders",
         {"議決権の一定割合以上を保有する株主", "shareholders holding the threshold or more"}},
        {"foreign_government_dealings",
         {"外国政府等との取引・資金", "dealings with or funding from foreign governments"}},
        {"past_supply_record", {"過去の供給等の実績", "past supply record to the operator"}},
    };
    for (const auto& [prefix, who] : kParties) {
      for (const auto& [fact, label] : kFacts) {
        c.push_back({fmt::format("{}.{}", prefix, fact),
                     {who.ja + "の" + label.ja, fmt::format("{} of a {}", label.en, who.en)}});
      }
    }
    return c;
  }();
  return kCatalog;
}

const FormItemSpec* FindFormItem(std::string_view path) {
  for (const FormItemSpec& s : FormItemCatalog()) {
    if (s.path == path) return &s;
  }
  return nullptr;
}

std::optional<int64_t> ParsePercentMillionths(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > 100) return std::nullopt;
  }
  if (i == 0) return std::nullopt;
  int64_t frac = 0;
  int digits = 0;
  if (i < text.size()) {
    if (text[i] != '.' || i + 1 == text.size()) return std::nullopt;
    for (++i; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i])) || ++digits > 4) return std::nullopt;
      frac = frac * 10 + (text[i] - '0');
    }
  }
  for (int d = digits; d < 4; ++d) frac *= 10;
  int64_t m = whole * 10'000 + frac;
  if (m > 1'000'000) return std::nullopt;
  return m;
}

std::string FormatPercentMillionths(int64_t millionths) {
  std::string sign = millionths < 0 ? "-" : "";
  int64_t v = millionths < 0 ? -millionths : millionths;
  std::string out = fmt::format("{}{}", sign, v / 10'000);
  int64_t frac = v % 10'000;
  if (frac != 0) {
    std::string f = fmt::format("{:04}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out + "%";
}

}  // namespace kikan::regime
