// Internals of regime::Load, shared by its files and by nothing outside src/regime/:
//   toml_reader.cc    the TOML side: one pack file's text and problems (FileContext, with the
//                     caret excerpt under a problem), typed reads of a table's keys (Reader),
//                     toml++'s parse errors rewritten;
//   pack_sections.cc  [pack], [[business]], [[entity]], [[criteria]], [functions], [[equipment]],
//                     [[timeline]];
//   forms.cc          [checklist] and [[form]] (items, checklists, attachments, thresholds);
//   ordinance_forms.cc the ordinance forms files (data/regime/forms/*.toml) and a pack's
//                     `[pack] forms` reference to one;
//   loader.cc         the cross-checks over a whole pack and across packs, and Load itself;
//   form_items.cc     the filing kinds and the catalogue of form items (declared in regime.h).
//
// Ownership and threads: a FileContext owns its file's text and appends to a problem list it
// does not own; a Reader refers to its FileContext and table, which must outlive it. Loading one
// file is single-threaded; nothing here has shared state.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "regime/regime.h"
#include "rules/rule.h"

namespace kikan::regime::internal {

// A 1-based line and code-point column in a pack file.
struct Pos {
  int line = 1;
  int column = 1;
};

Pos PosOf(const toml::source_region& r);
Pos PosOf(const toml::node& n);

// Whether `s` is an identifier of the pack format ([a-z][a-z0-9_]*).
bool IsIdentifier(std::string_view s);

// Byte offset of 1-based code-point column `column` in `line` (clamped to the line's end).
size_t ByteOffsetOfColumn(std::string_view line, int column);

// The Japanese and English names of a TOML value's type, for "wrong type" messages.
std::pair<const char*, const char*> TypeNames(const toml::node& n);

// One pack file being loaded: its text (for excerpts and rule origins) and where its problems go.
class FileContext {
 public:
  FileContext(std::string path, std::string text, std::vector<PackProblem>* out);
  FileContext(const FileContext&) = delete;
  FileContext& operator=(const FileContext&) = delete;

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  bool has_errors() const { return errors_ > 0; }
  int errors() const { return errors_; }

  // The text of 1-based line `line` without its line break, or empty when out of range.
  std::string_view Line(int line) const;

  // Appends a problem at `pos`, with the line and a caret under the column as its excerpt.
  void Error(Pos pos, base::Text message) { Add(pos, std::move(message), false); }
  void Warning(Pos pos, base::Text message) { Add(pos, std::move(message), true); }

 private:
  void Add(Pos pos, base::Text message, bool warning);

  std::string path_;
  std::string text_;
  std::vector<std::string_view> lines_;
  std::vector<PackProblem>* out_;
  int errors_ = 0;
};

enum class Req { kRequired, kOptional };

// Reads the keys of one TOML table, remembering which were read so the rest can be reported as
// unknown. `what` names the table in messages ("[[criteria]]", "fields.vehicles"). Every typed
// read reports a missing required key or a value of the wrong type, and then returns nothing.
class Reader {
 public:
  Reader(FileContext& file, const toml::table& table, std::string what)
      : file_(file), table_(table), what_(std::move(what)) {}

  const toml::table& table() const { return table_; }
  Pos pos() const { return PosOf(table_); }
  const std::string& what() const { return what_; }

  // The node at `key` (marked as read), or nullptr; reports a missing required key.
  const toml::node* Node(std::string_view key, Req req);
  // Where `key`'s value is, or the table when it is absent.
  Pos PosOfKey(std::string_view key) const;

  std::optional<std::string> String(std::string_view key, Req req);
  // A string that must be an identifier ([a-z][a-z0-9_]*).
  std::optional<std::string> Identifier(std::string_view key, Req req);
  std::optional<bool> Bool(std::string_view key, Req req);
  std::optional<int64_t> Integer(std::string_view key, Req req);
  // A TOML date; a quoted ISO date is reported with the fix (remove the quotes).
  std::optional<base::Date> Date(std::string_view key, Req req);
  const toml::table* Table(std::string_view key, Req req);
  const toml::array* Array(std::string_view key, Req req);
  // `ja` (required unless `ja_req` says otherwise) and optional `en`.
  base::Text Label(Req ja_req = Req::kRequired);

  void WrongType(std::string_view key, const toml::node& n, const base::Text& want);

  // Reports every key of the table that was never read, as a warning at the key.
  void WarnUnknown();

 private:
  FileContext& file_;
  const toml::table& table_;
  std::string what_;
  std::set<std::string> used_;
};

// The text of a value written on one line (a number as written: "0.05", "1_000.5"), or empty.
std::string_view SourceText(const FileContext& file, const toml::node& n);

// Where a criteria rule's text starts, given its string value node: one column after a single
// quote, at column 1 of the next line for a multi-line string whose opening delimiter ends its
// line, otherwise three columns after the delimiter.
rules::Location RuleOrigin(const FileContext& file, const toml::node& n);

// The array of tables at `key` (e.g. [[criteria]]): each element must be a table.
std::vector<const toml::table*> ArrayOfTables(FileContext& file, Reader& root, std::string_view key,
                                              Req req);

// Reports toml++'s parse error; an impossible date is reported as such, pointing at the date.
void ReportParseError(FileContext& file, const toml::parse_error& e);

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
struct FormSite {
  Pos effective_from;
  bool checkable = true;
};
// A pack's `[pack] forms`: the ordinance forms file it uses, as written (relative to the pack
// file's folder), and the optional first day and version label under which the pack adopts them.
struct FormsRef {
  std::string file;
  Pos file_pos;
  std::optional<base::Date> from;
  Pos from_pos;
  std::optional<std::string> version;
  Pos version_pos;
};
struct LoadedPack {
  Pack pack;
  std::optional<FormsRef> forms_ref;
  Pos id_pos;
  std::vector<Pos> business_id_pos;
  std::vector<Pos> business_sites_pos;  // of each business's [business.sites] (or the business)
};

// "FROM – UNTIL" for overlap messages (UNTIL empty when open-ended).
std::string DateRange(base::Date from, const std::optional<base::Date>& until);

// The optional `effective_until` of a dated table; reports it (at the key) when it is before
// `from` (the table's effective_from, when it was read).
std::optional<base::Date> ReadEffectiveUntil(FileContext& file, Reader& r,
                                             const std::optional<base::Date>& from);

// One of the versions of one thing (a business's criteria, an equipment definition, a form kind)
// that must not be in force on the same day: its period, where its effective_from is written,
// and how a message names it ({.ja = "指定基準 `v1`", .en = "criteria `v1`"}).
struct DatedVersion {
  base::Date from;
  std::optional<base::Date> until;
  Pos pos;
  base::Text name;
};
// Reports, at the later one's effective_from, each version whose period overlaps the one before
// it (in order of effective_from; an open-ended earlier version overlaps everything after it),
// with `hint` appended to the message.
void CheckNoOverlap(FileContext& file, std::vector<DatedVersion> versions,
                    const base::Text& hint = {});
// Reports a `version` that is empty or contains white space.
void CheckVersionText(FileContext& file, Reader& r, const std::string& version);

// The sections of a pack file (pack_sections.cc). Each reads its keys from `root`, appends what
// it read to the pack and reports every problem to `file`.
void ReadPackHeader(FileContext& file, Reader& root, LoadedPack& out);
// `subject_pos` receives, per business, where its subject is and whether it was written.
void ReadBusinesses(FileContext& file, Reader& root, LoadedPack& out,
                    std::vector<std::pair<Pos, bool>>* subject_pos);
// Reads [[entity]] into the pack's schema. Returns false when the schema has errors (rules are
// then not compiled: every rule would fail for the same reason).
bool ReadEntities(FileContext& file, Reader& root, Pack& pack);
void ReadCriteria(FileContext& file, Reader& root, Pack& pack, std::vector<CriteriaSite>* sites);
void ReadFunctions(FileContext& file, Reader& root, Pack& pack, bool* declared);
void ReadEquipment(FileContext& file, Reader& root, Pack& pack, bool functions_declared,
                   std::vector<EquipmentSite>* sites);
void ReadTimeline(FileContext& file, Reader& root, Pack& pack);
// [[listed_case]]: the ordinance's lists of important and minor changes and its emergency cases.
void ReadListedCases(FileContext& file, Reader& root, Pack& pack);
// [[organization_name]]: the effective-dated names of the dataset's organisations.
void ReadOrganizationNames(FileContext& file, Reader& root, Pack& pack);

// [checklist] and [[form]] (forms.cc).
void ReadForms(FileContext& file, Reader& root, Pack& pack, std::vector<FormSite>* sites);

// --- ordinance forms files (ordinance_forms.cc)
// ---------------------------------------------------

// One ordinance forms file: `[ordinance]`, `[checklist]`, `[[form]]`, `[[listed_case]]`; or, for
// an ordinance whose filing articles are another's article for article, `[ordinance] like` naming
// that ordinance's file, whose forms and listed cases it takes with every `cite_as` of the other
// replaced by its own. `ok` is false when the file had an error (reported to its own
// FileContext): packs naming it then take nothing from it.
struct OrdinanceForms {
  bool ok = false;
  std::string path;
  std::string source;  // its bytes (and, with `like`, the other file's after them)
  std::string id;
  base::Text name;
  std::string citation;
  std::string cite_as;  // how its citations name it: 内閣府令（令和5年内閣府令第61号）
  bool like = false;    // it took its forms from another file
  std::vector<Form> forms;
  std::vector<ListedCase> listed_cases;
};

// The ordinance forms file at a resolved path, or nullptr when it cannot be read or is being
// loaded (a `like` cycle).
using OrdinanceFormsLookup = std::function<const OrdinanceForms*(const std::string& path)>;

// Parses and validates an ordinance forms file (every problem reported to `file`); `lookup`
// finds the file its `like` names.
OrdinanceForms LoadOrdinanceForms(FileContext& file, const OrdinanceFormsLookup& lookup);

// Reads `forms` of the [pack] table: a string (the file) or { file, from, version }.
std::optional<FormsRef> ReadFormsRef(FileContext& file, Reader& pack_table);

// Where a pack's forms reference points: the file named, relative to the pack file's folder.
std::string ResolveFormsPath(const std::string& pack_path, const std::string& ref);

// Adds the forms and listed cases of `ordinance` to the pack as its reference says (`from`
// drops the versions that ended before it and starts the one in force on it at it, renamed to
// `version` when given). A kind of form or a listed-case id the pack defines itself as well is
// an error at the reference, as is a `version` with no form in force on `from`.
void ApplyOrdinanceForms(FileContext& pack_file, const FormsRef& ref,
                         const OrdinanceForms& ordinance, Pack& pack);

}  // namespace kikan::regime::internal
