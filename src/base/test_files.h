// For tests only: where the source tree is (ctest sets KIKAN_SOURCE_DIR; "." when a test binary
// is run by hand from the source root) and a whole file's bytes. Header-only; thread-safe.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace kikan::base::testing {

inline std::string SourceDir() {
  const char* env = std::getenv("KIKAN_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : ".";
}

// The file's bytes; "" when it cannot be read (the test's own assertion then fails).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kikan::base::testing
