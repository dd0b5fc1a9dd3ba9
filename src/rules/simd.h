// The evaluator's column kernels (internal to rules/): a comparison of an int64 column with a
// constant, the combination of byte masks, and the exact sum of a column. Each is compiled for
// baseline x86-64 and, on x86-64 with GCC, also for AVX2 and AVX-512 (F and BW); every level gives
// the same bytes and sums.
//
// One dispatch: ActiveSimdLevel() decides the level once per process, from what the CPU supports
// (__builtin_cpu_supports, as NumPy picks its kernels at run time) capped by the environment
// variable KIKAN_SIMD ("baseline" or "avx2"; any other value, or none, caps nothing). Kernels()
// returns the table of kernels of that level, and the evaluator calls every kernel through it, so
// the cap holds for all of them (tested by simd_test.cc).
//
// Threads: the kernels are pure functions of their arguments; the level and the tables are
// decided once (thread-safe static initialisation) and immutable afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/ast.h"

namespace kikan::rules::internal {

using i128 = __int128;

enum class SimdLevel { kBaseline = 0, kAvx2 = 1, kAvx512 = 2 };

// "baseline", "avx2", "avx512".
std::string_view SimdLevelName(SimdLevel level);

// The best level this CPU runs (kBaseline off x86-64 or without GCC's target attributes).
SimdLevel CpuSimdLevel();

// `cpu` capped by `cap`, the value of KIKAN_SIMD (or nullptr when it is unset): "baseline" gives
// kBaseline, "avx2" at most kAvx2; anything else leaves `cpu` as it is. Never raises the level.
SimdLevel CapSimdLevel(SimdLevel cpu, const char* cap);

// CapSimdLevel(CpuSimdLevel(), getenv("KIKAN_SIMD")), read once per process.
SimdLevel ActiveSimdLevel();

// How a comparison's result is stored: written, and-ed or or-ed into the output mask.
enum class Store { kAssign, kAnd, kOr };

// The kernels of one level. In each, `valid` may be null (every row valid).
struct SimdKernels {
  SimdLevel level = SimdLevel::kBaseline;
  // o[0..n) (store) (x[r] op t, and valid[r]); returns the OR of the bytes of o[0..n) afterwards.
  uint8_t (*compare_column_const)(Store m, CmpOp op, const int64_t* x, const uint8_t* valid,
                                  int64_t t, uint8_t* o, size_t n) = nullptr;
  // o[0..n) (store) b[0..n); returns the OR of the bytes of o[0..n) afterwards.
  uint8_t (*combine_mask)(Store m, const uint8_t* b, uint8_t* o, size_t n) = nullptr;
  // The exact sum of x[r] where valid[r], as a 128-bit integer.
  i128 (*sum_exact)(const int64_t* x, const uint8_t* valid, size_t n) = nullptr;
};

// The kernels compiled for `level`. Off x86-64 every level has the baseline kernels. Calling the
// kernels of a level the CPU lacks is undefined (illegal instruction): tests use CpuSimdLevel().
const SimdKernels& KernelsFor(SimdLevel level);

// KernelsFor(ActiveSimdLevel()): the one dispatch the evaluator uses for every kernel.
const SimdKernels& Kernels();

}  // namespace kikan::rules::internal
