// Runs the built `kikan` binary ($KIKAN_BUILD_DIR/kikan, set by ctest) as a user would, capturing
// its exit code, stdout and stderr, for the CLI integration tests. Not thread-safe (one run at a
// time per process; ctest runs each test in its own process).
#pragma once

#include <string>

namespace kikan::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// The path of the binary under test.
std::string KikanBinary();

// The source tree: $KIKAN_SOURCE_DIR (set by ctest), else the one this was built from.
std::string SourceDir();

// Runs `kikan ARGS` through the shell (ARGS is shell syntax: quote what needs quoting) with
// KIKAN_TODAY set to 2026-11-25 unless `today` says otherwise, so no test depends on the day.
CliRun Kikan(const std::string& args, const std::string& today = "2026-11-25");

}  // namespace kikan::testing
