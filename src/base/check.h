// KIKAN_CHECK: invariants only (a failed check is a bug in Kikan, never bad user input).
// On failure prints the condition and location to stderr and aborts.
#pragma once

namespace kikan::base::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace kikan::base::internal

#define KIKAN_CHECK(cond)                                                         \
  do {                                                                            \
    if (!(cond)) ::kikan::base::internal::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (0)
