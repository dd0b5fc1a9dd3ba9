#include "cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace kikan::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::string s;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    std::array<char, 65536> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) s.append(buf.data(), n);
    std::fclose(f);
  }
  return s;
}

}  // namespace

std::string SourceDir() {
  if (const char* env = std::getenv("KIKAN_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
  return KIKAN_SOURCE_DIR_FALLBACK;
}

std::string KikanBinary() {
  std::string dir;
  if (const char* env = std::getenv("KIKAN_BUILD_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = KIKAN_BUILD_DIR_FALLBACK;
  }
  return dir + "/kikan";
}

CliRun Kikan(const std::string& args, const std::string& today) {
  const auto tmp = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid());
  const std::string out = (tmp / ("kikan_cli_out_" + tag)).string();
  const std::string err = (tmp / ("kikan_cli_err_" + tag)).string();
  const std::string cmd = "KIKAN_TODAY=" + today + " '" + KikanBinary() + "' " + args + " >" + out +
                          " 2>" + err + " </dev/null";
  CliRun r;
  int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace kikan::testing
