// Shared plumbing of the `kikan` command: global options, output formats, the one table that
// maps a Status to an exit code, and error printing. Each group of subcommands lives in its own
// file and registers itself through an Add*Commands function declared here; main.cc calls them.
//
// Exit codes: 0 success; 1 the input is invalid (a pack or dataset with problems, a bad date,
// an unknown operator); 2 usage errors (CLI11's own); 3 a precondition the state does not meet
// (no criteria in force at a date); 4 an internal error.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "regime/regime.h"

namespace kikan::cli {

enum class Format { kTable, kJson, kCsv };

struct GlobalOptions {
  base::Lang lang = base::Lang::kJa;
  std::string lang_flag = "ja";
  std::string source_dir;  // where data/ lives; found from the binary's location or cwd
  int exit_code = 0;       // set by the subcommand that ran
};

// The exit code for a failed status (see the table above).
int ExitCodeFor(const base::Status& status);

// Prints "kikan: <message>" on stderr in the chosen language and returns ExitCodeFor(status).
int ReportError(const base::Status& status, const GlobalOptions& options);

// `status` (unless OK) with a hint naming the command's flags appended to each message: domain
// messages name no flag (they reach the browser too), so the CLI says which of its own apply.
base::Status WithFlagHint(base::Status status, const base::Text& hint);

// Adds `--format` with the given choices to `cmd`, storing into `format`.
void AddFormatOption(CLI::App* cmd, Format* format, bool allow_csv = true);

// Writes `s` to stdout (no newline added).
void Print(std::string_view s);

// The directory holding the bundled `data/` (the repository root): $KIKAN_DATA_ROOT if set,
// else the nearest ancestor of the binary's directory that has data/regime, else of the cwd.
std::string FindSourceRoot();

// A plain-text table: a header row, a rule, then the rows; columns padded by display width
// (base::DisplayWidth: East Asian wide and fullwidth characters take 2 cells).
std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows);

// An integer for people, with thousands separators: 21790000 → "21,790,000", -5000 → "-5,000".
std::string GroupedInt(int64_t v);

// One CSV field, quoted per RFC 4180 when it holds a comma, quote or line break.
std::string CsvField(std::string_view s);

// "2025-11-02（令和7年11月2日）", or the ISO form alone when the date has no era date.
std::string DateBoth(base::Date d);

// One line per reference a citation text names (law::ParseCitations), each after `indent`:
// 「参照: 経済安全保障推進法第52条第7項 (確認済み) https://…」 / "see … (confirmed) https://…".
// Empty when the text names no known law.
std::string ReferencesText(std::string_view citation, base::Lang lang, std::string_view indent);

// A date option's value, ISO ("2025-05-01") or 和暦 ("令和7年5月1日", "R7.5.1"); errors are
// prefixed with the flag ("--as-of: ..."). Kikan computes dates for the years 1948–2150 only
// (the holidays' range, docs/calendar.md): a date outside them is kOutOfRange (exit 1).
base::Result<base::Date> ParseDateOption(std::string_view text, std::string_view flag);

// The day the Act (令和4年法律第43号) was promulgated, 2022-05-18: nothing of the regime existed
// before it.
inline const base::Date kActPromulgated = base::Date::Ymd(2022, 5, 18);

// For a date given before kActPromulgated, writes one warning on stderr ("警告: --received
// 2020-01-01 は法の公布（2022-05-18）より前の日付です…"): the answer is computed by today's rules
// for a day on which they did not exist. Returns the warning (nullopt when there is none) so that
// a JSON output carries it too (WarningsJson). Callers call it once per option, after parsing.
std::optional<base::Text> WarnIfBeforeTheAct(base::Date d, std::string_view flag, base::Lang lang);

// The `warnings` member of a command's JSON: each warning it printed on stderr, in `lang`
// (an array of strings; [] when there is none).
boost::json::array WarningsJson(const std::vector<base::Text>& warnings, base::Lang lang);
boost::json::array WarningsJson(const std::optional<base::Text>& warning, base::Lang lang);

// Today's date in Japan (UTC+9): the injected clock of the CLI. $KIKAN_TODAY (YYYY-MM-DD)
// overrides it, so tests never depend on the day they run.
base::Result<base::Date> Today();

// Progress on a terminal: "label 12,000 / 60,000" redrawn on stderr, only when stderr is a TTY.
class Progress {
 public:
  Progress(std::string label, size_t total);
  void Update(size_t done);
  ~Progress();  // clears the line

 private:
  std::string label_;
  size_t total_;
  bool enabled_;
  size_t last_ = 0;
};

// The regime packs at `paths` (default: the bundled data/regime). Errors: kInvalidArgument listing
// every pack problem in the chosen language.
base::Result<regime::Regime> LoadRegime(const GlobalOptions& options,
                                        std::vector<std::string> paths);

// Registration functions, one per command group.
void AddCalendarCommands(CLI::App& app, GlobalOptions& options);  // holidays, deadline
void AddRegimeCommands(CLI::App& app, GlobalOptions& options);    // regime check
void AddEngineCommands(CLI::App& app, GlobalOptions& options);    // evaluate, explain, diff, ...
void AddServerCommands(CLI::App& app, GlobalOptions& options);    // serve, demo seed, audit verify
void AddSupplyCommands(CLI::App& app, GlobalOptions& options);    // supply import, export, ...
void AddAdminCommands(CLI::App& app, GlobalOptions& options);     // admin create-user
// supply vulns, vex, watchlist, findings, concentration (called by AddSupplyCommands).
void AddSupplyRiskCommands(CLI::App* supply, GlobalOptions& options);

}  // namespace kikan::cli
