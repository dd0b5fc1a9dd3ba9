#include "cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

namespace kikan::cli {

int ExitCodeFor(const base::Status& status) {
  using base::StatusCode;
  switch (status.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kOutOfRange:
    case StatusCode::kDataLoss:
    case StatusCode::kUnavailable:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated: return 1;
    case StatusCode::kFailedPrecondition: return 3;
    case StatusCode::kInternal: return 4;
  }
  return 4;
}

int ReportError(const base::Status& status, const GlobalOptions& options) {
  std::fprintf(stderr, "kikan: %s\n", status.message(options.lang).c_str());
  return ExitCodeFor(status);
}

void AddFormatOption(CLI::App* cmd, Format* format, bool allow_csv) {
  std::map<std::string, Format> choices = {{"table", Format::kTable}, {"json", Format::kJson}};
  if (allow_csv) choices.emplace("csv", Format::kCsv);
  cmd->add_option("--format", *format, "出力形式 / output format")
      ->transform(CLI::CheckedTransformer(choices, CLI::ignore_case))
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
