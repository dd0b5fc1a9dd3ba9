#include "cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "base/utf8.h"
#include "base/wareki.h"
#include "calendar/holidays.h"
#include "law/reference.h"

namespace kikan::cli {

int ExitCodeFor(const base::Status& status) {
  using base::StatusCode;
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kOutOfRange:
    case StatusCode::kDataLoss:
    case StatusCode::kUnavailable:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return 1;
    case StatusCode::kFailedPrecondition:
      return 3;
    case StatusCode::kInternal:
      return 4;
  }
  return 4;
}

base::Status WithFlagHint(base::Status status, const base::Text& hint) {
  if (status.ok()) return status;
  return base::Status(status.code(), {.ja = fmt::format("{}（{}）", status.ja(), hint.ja),
                                      .en = fmt::format("{} ({})", status.en(), hint.en)})
      .WithFields(status.fields());
}

int ReportError(const base::Status& status, const GlobalOptions& options) {
  std::fprintf(stderr, "kikan: %s\n", status.message(options.lang).c_str());
  return ExitCodeFor(status);
}

void AddFormatOption(CLI::App* cmd, Format* format, bool allow_csv) {
  std::map<std::string, Format> choices = {{"table", Format::kTable}, {"json", Format::kJson}};
  if (allow_csv) choices.emplace("csv", Format::kCsv);
  std::vector<std::string> names;
  for (const auto& [name, value] : choices) names.push_back(name);
  cmd->add_option_function<std::string>(
         "--format", [format, choices](const std::string& v) { *format = choices.at(v); },
         "出力形式 / output format")
      ->check(CLI::IsMember(names))
      ->default_str("table");
}

void Print(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

std::string FindSourceRoot() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("KIKAN_DATA_ROOT"); env != nullptr && *env != '\0') {
    return env;
  }
  auto search_up = [](fs::path p) -> std::string {
    for (; !p.empty(); p = p.parent_path()) {
      std::error_code ec;
      if (fs::is_directory(p / "data" / "regime", ec)) return p.string();
      if (p == p.parent_path()) break;
    }
    return {};
  };
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto root = search_up(exe.parent_path()); !root.empty()) return root;
  }
  if (auto root = search_up(fs::current_path(ec)); !root.empty()) return root;
  return ".";
}

}  // namespace kikan::cli

namespace kikan::cli {

std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], base::DisplayWidth(row[c]));
    }
  };
  measure(headers);
  for (const auto& row : rows) measure(row);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      text += cell;
      if (c + 1 < widths.size()) text += std::string(widths[c] - base::DisplayWidth(cell) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line(headers);
  size_t total = 0;
  for (size_t w : widths) total += w + 2;
  out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  for (const auto& row : rows) line(row);
  return out;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string DateBoth(base::Date d) {
  std::string wareki = base::FormatWarekiOrEmpty(d);
  if (wareki.empty()) return d.ToIso();
  return fmt::format("{}（{}）", d.ToIso(), wareki);
}

std::string ReferencesText(std::string_view citation, base::Lang lang, std::string_view indent) {
  std::string out;
  const bool en = lang == base::Lang::kEn;
  for (const law::Reference& ref : law::ParseCitations(citation)) {
    out += fmt::format("{}{} {} ({}) {}\n", indent, en ? "see" : "参照:", law::Render(ref).In(lang),
                       law::StatusLabel(ref.status).In(lang), law::EGovUrl(ref));
  }
  return out;
}

base::Result<base::Date> ParseDateOption(std::string_view text, std::string_view flag) {
  auto d = base::ParseDateIsoOrWareki(text);
  if (!d) return d.status().WithPrefix(fmt::format("{}: ", flag));
  if (d->year() < calendar::kFirstHolidayYear || d->year() > calendar::kLastHolidayYear) {
    return base::OutOfRange(
        {.ja = fmt::format("{}: {} は計算できる範囲（{}年〜{}年）の外です", flag, d->ToIso(),
                           calendar::kFirstHolidayYear, calendar::kLastHolidayYear),
         .en = fmt::format("{}: {} is outside the years Kikan computes ({}–{})", flag, d->ToIso(),
                           calendar::kFirstHolidayYear, calendar::kLastHolidayYear)});
  }
  return d;
}

std::optional<base::Text> WarnIfBeforeTheAct(base::Date d, std::string_view flag, base::Lang lang) {
  if (!(d < kActPromulgated)) return std::nullopt;
  const base::Text warning = {
      .ja = fmt::format("{} {} は法の公布（{}）より前の日付です。現在の規定で計算しますが、その日に"
                        "この制度はありませんでした",
                        flag, d.ToIso(), kActPromulgated.ToIso()),
      .en = fmt::format("{} {} is before the Act was promulgated ({}); computed by today's "
                        "provisions, which did not exist then",
                        flag, d.ToIso(), kActPromulgated.ToIso())};
  std::fprintf(stderr, "%s %s\n",
               lang == base::Lang::kEn ? "warning:" : "警告:", warning.In(lang).c_str());
  return warning;
}

boost::json::array WarningsJson(const std::vector<base::Text>& warnings, base::Lang lang) {
  boost::json::array out;
  for (const base::Text& w : warnings) out.emplace_back(w.In(lang));
  return out;
}

boost::json::array WarningsJson(const std::optional<base::Text>& warning, base::Lang lang) {
  return WarningsJson(warning ? std::vector<base::Text>{*warning} : std::vector<base::Text>{},
                      lang);
}

base::Result<base::Date> Today() {
  if (const char* env = std::getenv("KIKAN_TODAY"); env != nullptr && *env != '\0') {
    return base::Date::ParseIso(env);
  }
  auto now = std::chrono::system_clock::now() + std::chrono::hours(9);
  auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return base::Date::FromDays(static_cast<int32_t>(days));
}

Progress::Progress(std::string label, size_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(fileno(stderr)) != 0) {}

void Progress::Update(size_t done) {
  if (!enabled_ || (done - last_ < 2000 && done != total_)) return;
  last_ = done;
  std::fprintf(stderr, "\r%s %zu / %zu", label_.c_str(), done, total_);
  std::fflush(stderr);
}

Progress::~Progress() {
  if (enabled_ && last_ > 0) std::fprintf(stderr, "\r\033[K");
}

base::Result<regime::Regime> LoadRegime(const GlobalOptions& options,
                                        std::vector<std::string> paths) {
  if (paths.empty()) paths.push_back(options.source_dir + "/data/regime");
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load(paths, &problems);
  if (!regime) {
    std::string all;
    for (const auto& p : problems) {
      if (!p.warning) all += p.Render(options.lang) + "\n";
    }
    return base::InvalidArgument({.ja = "規制パックに誤りがあります:\n" + all,
                                  .en = "the regime packs have errors:\n" + all});
  }
  return std::move(*regime);
}

std::string GroupedInt(int64_t v) {
  std::string digits = v < 0 ? std::to_string(v).substr(1) : std::to_string(v);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return v < 0 ? "-" + s : s;
}

}  // namespace kikan::cli
