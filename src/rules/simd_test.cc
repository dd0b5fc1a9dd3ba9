// The evaluator's SIMD kernels: one dispatch decides the level for every kernel, KIKAN_SIMD caps
// it, and every level the CPU runs gives the baseline's bytes and sums. ctest also runs this
// binary with KIKAN_SIMD=baseline and KIKAN_SIMD=avx2 (see CMakeLists.txt), where
// KIKAN_SIMD_EXPECT names the level the dispatch must then pick for every kernel.
#include "rules/simd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace kikan::rules::internal {
namespace {

TEST(SimdLevel, CapHonoursKikanSimd) {
  for (SimdLevel cpu : {SimdLevel::kBaseline, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    EXPECT_EQ(CapSimdLevel(cpu, nullptr), cpu);
    EXPECT_EQ(CapSimdLevel(cpu, "baseline"), SimdLevel::kBaseline);
    EXPECT_EQ(CapSimdLevel(cpu, "avx2"), std::min(cpu, SimdLevel::kAvx2));
    // Unknown values (and "avx512", the top) cap nothing; a cap never raises the level.
    EXPECT_EQ(CapSimdLevel(cpu, "avx512"), cpu);
    EXPECT_EQ(CapSimdLevel(cpu, ""), cpu);
    EXPECT_EQ(CapSimdLevel(cpu, "Baseline"), cpu);
  }
}

TEST(SimdLevel, Names) {
  EXPECT_EQ(SimdLevelName(SimdLevel::kBaseline), "baseline");
  EXPECT_EQ(SimdLevelName(SimdLevel::kAvx2), "avx2");
  EXPECT_EQ(SimdLevelName(SimdLevel::kAvx512), "avx512");
}

// Every kernel the evaluator calls comes from the one table of the active level.
TEST(SimdDispatch, EveryKernelFollowsTheActiveLevel) {
  const SimdLevel active = ActiveSimdLevel();
  EXPECT_EQ(active, CapSimdLevel(CpuSimdLevel(), std::getenv("KIKAN_SIMD")));
  const SimdKernels& k = Kernels();
  const SimdKernels& want = KernelsFor(active);
  EXPECT_EQ(&k, &want);
  EXPECT_EQ(k.level, active);
  EXPECT_EQ(k.compare_column_const, want.compare_column_const);
  EXPECT_EQ(k.combine_mask, want.combine_mask);
  EXPECT_EQ(k.sum_exact, want.sum_exact);
  if (const char* expect = std::getenv("KIKAN_SIMD_EXPECT")) {
    // The named level, or the CPU's best when that is lower.
    SimdLevel named = SimdLevel::kAvx512;
    for (SimdLevel l : {SimdLevel::kBaseline, SimdLevel::kAvx2}) {
      if (SimdLevelName(l) == expect) named = l;
    }
    EXPECT_EQ(k.level, std::min(named, CpuSimdLevel())) << expect;
    if (std::string(expect) == "baseline") {
      const SimdKernels& base = KernelsFor(SimdLevel::kBaseline);
      EXPECT_EQ(k.compare_column_const, base.compare_column_const);
      EXPECT_EQ(k.combine_mask, base.combine_mask);
      EXPECT_EQ(k.sum_exact, base.sum_exact);
    }
  }
}

// The levels have kernels of their own (on x86-64), so the test above could tell them apart.
TEST(SimdDispatch, LevelsHaveTheirOwnKernels) {
#if defined(__x86_64__) && defined(__GNUC__)
  const SimdKernels& base = KernelsFor(SimdLevel::kBaseline);
  const SimdKernels& avx2 = KernelsFor(SimdLevel::kAvx2);
  const SimdKernels& avx512 = KernelsFor(SimdLevel::kAvx512);
  EXPECT_EQ(avx2.level, SimdLevel::kAvx2);
  EXPECT_EQ(avx512.level, SimdLevel::kAvx512);
  for (const SimdKernels* k : {&avx2, &avx512}) {
    EXPECT_NE(k->compare_column_const, base.compare_column_const);
    EXPECT_NE(k->combine_mask, base.combine_mask);
    EXPECT_NE(k->sum_exact, base.sum_exact);
  }
#else
  GTEST_SKIP() << "one level off x86-64";
#endif
}

// Random columns with extreme values and every remainder of the block sizes.
std::vector<int64_t> RandomColumn(std::mt19937_64& rng, size_t n) {
  const int64_t extremes[] = {std::numeric_limits<int64_t>::min(),
                              std::numeric_limits<int64_t>::max(), -1, 0, 1};
  std::vector<int64_t> x(n);
  for (auto& v : x) {
    switch (rng() % 4) {
      case 0:
        v = extremes[rng() % 5];
        break;
      case 1:
        v = static_cast<int64_t>(rng() % 7) - 3;
        break;
      default:
        v = static_cast<int64_t>(rng());
    }
  }
  return x;
}

std::vector<uint8_t> RandomBytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> b(n);
  for (auto& v : b) v = static_cast<uint8_t>(rng() % 2);
  return b;
}

TEST(SimdKernels, EveryLevelTheCpuRunsMatchesTheBaseline) {
  const SimdKernels& base = KernelsFor(SimdLevel::kBaseline);
  std::mt19937_64 rng(16);
  int levels_checked = 0;
  for (SimdLevel level : {SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (level > CpuSimdLevel()) continue;
    ++levels_checked;
    const SimdKernels& k = KernelsFor(level);
    for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{63}, size_t{64}, size_t{65},
                     size_t{200}, size_t{4096}}) {
      const std::vector<int64_t> x = RandomColumn(rng, n);
      const std::vector<uint8_t> valid = RandomBytes(rng, n);
      const std::vector<uint8_t> start = RandomBytes(rng, n);
      const int64_t t = n == 0 ? 0 : x[rng() % n];
      for (Store m : {Store::kAssign, Store::kAnd, Store::kOr}) {
        for (CmpOp op : {CmpOp::kEq, CmpOp::kNe, CmpOp::kLt, CmpOp::kLe, CmpOp::kGt, CmpOp::kGe}) {
          for (const uint8_t* v : {static_cast<const uint8_t*>(nullptr), valid.data()}) {
            std::vector<uint8_t> want = start, got = start;
            const uint8_t a = base.compare_column_const(m, op, x.data(), v, t, want.data(), n);
            const uint8_t b = k.compare_column_const(m, op, x.data(), v, t, got.data(), n);
            ASSERT_EQ(got, want) << SimdLevelName(level) << " n=" << n;
            ASSERT_EQ(a != 0, b != 0);
          }
        }
        std::vector<uint8_t> want = start, got = start;
        const uint8_t a = base.combine_mask(m, valid.data(), want.data(), n);
        const uint8_t b = k.combine_mask(m, valid.data(), got.data(), n);
        ASSERT_EQ(got, want);
        ASSERT_EQ(a != 0, b != 0);
      }
      EXPECT_TRUE(base.sum_exact(x.data(), nullptr, n) == k.sum_exact(x.data(), nullptr, n));
      EXPECT_TRUE(base.sum_exact(x.data(), valid.data(), n) ==
                  k.sum_exact(x.data(), valid.data(), n));
    }
  }
  if (levels_checked == 0) GTEST_SKIP() << "this CPU runs the baseline only";
}

// The three-valued evaluator runs each comparison twice where values are missing: `x op t` for
// the rows known true and `x op' t` (op' its negation) for the rows known false, both under the
// validity mask. At every level the two are disjoint and together are exactly the valid rows.
TEST(SimdKernels, KnownTrueAndKnownFalsePartitionTheValidRowsAtEveryLevel) {
  std::mt19937_64 rng(3);
  const std::pair<CmpOp, CmpOp> kNegations[] = {
      {CmpOp::kEq, CmpOp::kNe}, {CmpOp::kLt, CmpOp::kGe}, {CmpOp::kLe, CmpOp::kGt}};
  for (SimdLevel level : {SimdLevel::kBaseline, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (level > CpuSimdLevel()) continue;
    const SimdKernels& k = KernelsFor(level);
    for (size_t n : {size_t{1}, size_t{63}, size_t{65}, size_t{4096}}) {
      const std::vector<int64_t> x = RandomColumn(rng, n);
      const std::vector<uint8_t> valid = RandomBytes(rng, n);
      const int64_t t = x[rng() % n];
      for (auto [op, neg] : kNegations) {
        for (auto [a, b] : {std::pair{op, neg}, std::pair{neg, op}}) {
          std::vector<uint8_t> yes(n), no(n);
          k.compare_column_const(Store::kAssign, a, x.data(), valid.data(), t, yes.data(), n);
          k.compare_column_const(Store::kAssign, b, x.data(), valid.data(), t, no.data(), n);
          for (size_t r = 0; r < n; ++r) {
            ASSERT_EQ(yes[r] & no[r], 0) << SimdLevelName(level) << " row " << r;
            ASSERT_EQ(yes[r] | no[r], valid[r]) << SimdLevelName(level) << " row " << r;
          }
        }
      }
    }
  }
}

TEST(SimdKernels, BaselineIsExact) {
  const SimdKernels& base = KernelsFor(SimdLevel::kBaseline);
  const int64_t x[] = {std::numeric_limits<int64_t>::min(), -1, 0, 1,
                       std::numeric_limits<int64_t>::max()};
  uint8_t o[5] = {};
  EXPECT_EQ(base.compare_column_const(Store::kAssign, CmpOp::kLt, x, nullptr, 0, o, 5), 1);
  EXPECT_EQ(std::vector<uint8_t>(o, o + 5), (std::vector<uint8_t>{1, 1, 0, 0, 0}));
  const uint8_t valid[] = {0, 1, 1, 1, 1};
  EXPECT_EQ(base.compare_column_const(Store::kAssign, CmpOp::kGe, x, valid,
                                      std::numeric_limits<int64_t>::min(), o, 5),
            1);
  EXPECT_EQ(std::vector<uint8_t>(o, o + 5), (std::vector<uint8_t>{0, 1, 1, 1, 1}));
  const i128 sum = base.sum_exact(x, nullptr, 5);
  EXPECT_TRUE(sum == static_cast<i128>(-1));  // min + max = -1, and -1 + 0 + 1
  const int64_t big[] = {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max()};
  EXPECT_TRUE(base.sum_exact(big, nullptr, 2) ==
              static_cast<i128>(std::numeric_limits<int64_t>::max()) * 2);
}

}  // namespace
}  // namespace kikan::rules::internal
