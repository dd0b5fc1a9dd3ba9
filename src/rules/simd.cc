// The evaluator's column kernels at each SIMD level, and the one dispatch (see simd.h).
//
// The baseline kernels are plain loops written for GCC's vectoriser (SSE2; it vectorises them at
// -O3, while GCC 12's -O2 cost model leaves them scalar); the AVX2 ones are the same loops with
// target("avx2"); the AVX-512 comparison is written with intrinsics (64 rows at a time), the other
// AVX-512 kernels are the loops compiled for x86-64-v4. Each loop body is written once and inlined
// into each level's function.
#include "rules/simd.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define KIKAN_X86_DISPATCH 1
// The AVX-512 level of the loops (as the former target_clones("arch=x86-64-v4") clone).
#define KIKAN_TARGET_AVX512 __attribute__((target("arch=x86-64-v4")))
#define KIKAN_TARGET_AVX2 __attribute__((target("avx2")))
#endif

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace kikan::rules::internal {
namespace {
// a < b for int64, exactly, as 0/1: the sign of a − b corrected for overflow. Unlike `a < b`, this
// vectorises on baseline x86-64 (SSE2 has no 64-bit compare): subtract, xor, and, shift.
#define KIKAN_LT(a, b)                                                                          \
  static_cast<uint8_t>(                                                                         \
      ((static_cast<uint64_t>(a) - static_cast<uint64_t>(b)) ^                                  \
       ((static_cast<uint64_t>(a) ^ static_cast<uint64_t>(b)) &                                 \
        ((static_cast<uint64_t>(a) - static_cast<uint64_t>(b)) ^ static_cast<uint64_t>(a)))) >> \
      63)

// One loop of the kernel: o[r] (store) cmp(x[r]) [& valid[r]], returning the OR of the bytes
// written (0 when the block came out all false).
#define KIKAN_CMP_LOOP(STORE_EXPR, CMP_EXPR)                       \
  if (valid == nullptr) {                                          \
    for (size_t r = 0; r < n; ++r) {                               \
      const int64_t v = x[r];                                      \
      const uint8_t c = static_cast<uint8_t>(CMP_EXPR);            \
      STORE_EXPR;                                                  \
      acc |= o[r];                                                 \
    }                                                              \
  } else {                                                         \
    for (size_t r = 0; r < n; ++r) {                               \
      const int64_t v = x[r];                                      \
      const uint8_t c = static_cast<uint8_t>((CMP_EXPR)&valid[r]); \
      STORE_EXPR;                                                  \
      acc |= o[r];                                                 \
    }                                                              \
  }

#define KIKAN_CMP_OPS(STORE_EXPR, LT, LE, GT, GE) \
  switch (op) {                                   \
    case CmpOp::kEq:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, v == t)          \
      break;                                      \
    case CmpOp::kNe:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, v != t)          \
      break;                                      \
    case CmpOp::kLt:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, LT)              \
      break;                                      \
    case CmpOp::kLe:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, LE)              \
      break;                                      \
    case CmpOp::kGt:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, GT)              \
      break;                                      \
    case CmpOp::kGe:                              \
      KIKAN_CMP_LOOP(STORE_EXPR, GE)              \
      break;                                      \
  }

#define KIKAN_CMP_BODY(LT, LE, GT, GE)         \
  uint8_t acc = 0;                             \
  switch (m) {                                 \
    case Store::kAssign:                       \
      KIKAN_CMP_OPS(o[r] = c, LT, LE, GT, GE)  \
      break;                                   \
    case Store::kAnd:                          \
      KIKAN_CMP_OPS(o[r] &= c, LT, LE, GT, GE) \
      break;                                   \
    case Store::kOr:                           \
      KIKAN_CMP_OPS(o[r] |= c, LT, LE, GT, GE) \
      break;                                   \
  }                                            \
  return acc;

// o[0..n) (store) (x[r] op t, and valid[r] when `valid` is not null); returns the OR of the
// bytes of o[0..n) afterwards. Baseline x86-64 (and any other target): the overflow-corrected
// subtraction, which SSE2 vectorises.
uint8_t CompareColumnConstBase(Store m, CmpOp op, const int64_t* __restrict x,
                               const uint8_t* __restrict valid, int64_t t, uint8_t* __restrict o,
                               size_t n) {
  KIKAN_CMP_BODY(KIKAN_LT(v, t), KIKAN_LT(t, v) ^ 1, KIKAN_LT(t, v), KIKAN_LT(v, t) ^ 1)
}
// The body of the mask combination, inlined into each level's function.
__attribute__((always_inline)) inline uint8_t CombineMaskBody(Store m, const uint8_t* __restrict b,
                                                              uint8_t* __restrict o, size_t n) {
  uint8_t acc = 0;
  switch (m) {
    case Store::kAssign:
      for (size_t r = 0; r < n; ++r) {
        o[r] = b[r];
        acc |= o[r];
      }
      break;
    case Store::kAnd:
      for (size_t r = 0; r < n; ++r) {
        o[r] &= b[r];
        acc |= o[r];
      }
      break;
    case Store::kOr:
      for (size_t r = 0; r < n; ++r) {
        o[r] |= b[r];
        acc |= o[r];
      }
      break;
  }
  return acc;
}

// The body of the exact sum, inlined into each level's function: the high (arithmetic >> 32) and
// low (unsigned 32 bits) halves are summed separately in int64, in loops the compiler can
// vectorise, which cannot overflow for chunks of 2^30 rows.
__attribute__((always_inline)) inline i128 SumExactBody(const int64_t* __restrict x,
                                                        const uint8_t* __restrict valid, size_t n) {
  constexpr size_t kChunk = size_t{1} << 30;
  i128 total = 0;
  for (size_t b = 0; b < n; b += kChunk) {
    const size_t e = std::min(n, b + kChunk);
    uint64_t lo = 0;
    int64_t hi = 0;
    if (valid == nullptr) {
      for (size_t r = b; r < e; ++r) {
        lo += static_cast<uint32_t>(x[r]);
        hi += x[r] >> 32;
      }
    } else {
      for (size_t r = b; r < e; ++r) {
        const int64_t v = x[r] & -static_cast<int64_t>(valid[r] != 0);
        lo += static_cast<uint32_t>(v);
        hi += v >> 32;
      }
    }
    total += static_cast<i128>(hi) * (int64_t{1} << 32) + static_cast<i128>(lo);
  }
  return total;
}

uint8_t CombineMaskBase(Store m, const uint8_t* b, uint8_t* o, size_t n) {
  return CombineMaskBody(m, b, o, n);
}
i128 SumExactBase(const int64_t* x, const uint8_t* valid, size_t n) {
  return SumExactBody(x, valid, n);
}

#ifdef KIKAN_X86_DISPATCH

// ---- AVX2
// The same with AVX2's 64-bit compare.
__attribute__((target("avx2"))) uint8_t CompareColumnConstAvx2(
    Store m, CmpOp op, const int64_t* __restrict x, const uint8_t* __restrict valid, int64_t t,
    uint8_t* __restrict o,
    size_t n){KIKAN_CMP_BODY(v<t, v <= t, v> t, v >= t)} KIKAN_TARGET_AVX2 uint8_t
    CombineMaskAvx2(Store m, const uint8_t* b, uint8_t* o, size_t n) {
  return CombineMaskBody(m, b, o, n);
}
KIKAN_TARGET_AVX2 i128 SumExactAvx2(const int64_t* x, const uint8_t* valid, size_t n) {
  return SumExactBody(x, valid, n);
}

// ---- AVX-512
// The same with AVX-512: 64 rows at a time, eight compares into one 64-bit mask, expanded to
// bytes once. kPred is an _MM_CMPINT_ predicate.
template <int kPred, Store M>
__attribute__((target("avx512f,avx512bw"))) uint8_t CompareAvx512(const int64_t* __restrict x,
                                                                  const uint8_t* __restrict valid,
                                                                  int64_t t, uint8_t* __restrict o,
                                                                  size_t n) {
  const __m512i vt = _mm512_set1_epi64(t);
  const __m512i one = _mm512_set1_epi8(1);
  __m512i acc = _mm512_setzero_si512();
  size_t r = 0;
  for (; r + 64 <= n; r += 64) {
    uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) {
      const __m512i v = _mm512_loadu_si512(static_cast<const void*>(x + r + 8 * k));
      bits |= static_cast<uint64_t>(_mm512_cmp_epi64_mask(v, vt, kPred)) << (8 * k);
    }
    __mmask64 mask = bits;
    if (valid != nullptr) {
      const __m512i ok = _mm512_loadu_si512(static_cast<const void*>(valid + r));
      mask &= _mm512_test_epi8_mask(ok, ok);
    }
    __m512i res = _mm512_maskz_mov_epi8(mask, one);
    if constexpr (M == Store::kAnd) {
      res = _mm512_and_si512(res, _mm512_loadu_si512(static_cast<const void*>(o + r)));
    } else if constexpr (M == Store::kOr) {
      res = _mm512_or_si512(res, _mm512_loadu_si512(static_cast<const void*>(o + r)));
    }
    _mm512_storeu_si512(static_cast<void*>(o + r), res);
    acc = _mm512_or_si512(acc, res);
  }
  uint8_t any = _mm512_test_epi8_mask(acc, acc) != 0 ? 1 : 0;
  const CmpOp op = kPred == _MM_CMPINT_EQ    ? CmpOp::kEq
                   : kPred == _MM_CMPINT_NE  ? CmpOp::kNe
                   : kPred == _MM_CMPINT_LT  ? CmpOp::kLt
                   : kPred == _MM_CMPINT_LE  ? CmpOp::kLe
                   : kPred == _MM_CMPINT_NLE ? CmpOp::kGt
                                             : CmpOp::kGe;
  return static_cast<uint8_t>(any | CompareColumnConstBase(M, op, x + r,
                                                           valid == nullptr ? nullptr : valid + r,
                                                           t, o + r, n - r));
}

template <Store M>
uint8_t CompareAvx512Op(CmpOp op, const int64_t* x, const uint8_t* valid, int64_t t, uint8_t* o,
                        size_t n) {
  switch (op) {
    case CmpOp::kEq:
      return CompareAvx512<_MM_CMPINT_EQ, M>(x, valid, t, o, n);
    case CmpOp::kNe:
      return CompareAvx512<_MM_CMPINT_NE, M>(x, valid, t, o, n);
    case CmpOp::kLt:
      return CompareAvx512<_MM_CMPINT_LT, M>(x, valid, t, o, n);
    case CmpOp::kLe:
      return CompareAvx512<_MM_CMPINT_LE, M>(x, valid, t, o, n);
    case CmpOp::kGt:
      return CompareAvx512<_MM_CMPINT_NLE, M>(x, valid, t, o, n);
    case CmpOp::kGe:
      return CompareAvx512<_MM_CMPINT_NLT, M>(x, valid, t, o, n);
  }
  return 0;
}
uint8_t CompareColumnConstAvx512(Store m, CmpOp op, const int64_t* x, const uint8_t* valid,
                                 int64_t t, uint8_t* o, size_t n) {
  switch (m) {
    case Store::kAssign:
      return CompareAvx512Op<Store::kAssign>(op, x, valid, t, o, n);
    case Store::kAnd:
      return CompareAvx512Op<Store::kAnd>(op, x, valid, t, o, n);
    case Store::kOr:
      return CompareAvx512Op<Store::kOr>(op, x, valid, t, o, n);
  }
  return 0;
}
KIKAN_TARGET_AVX512 uint8_t CombineMaskAvx512(Store m, const uint8_t* b, uint8_t* o, size_t n) {
  return CombineMaskBody(m, b, o, n);
}
KIKAN_TARGET_AVX512 i128 SumExactAvx512(const int64_t* x, const uint8_t* valid, size_t n) {
  return SumExactBody(x, valid, n);
}

#endif  // KIKAN_X86_DISPATCH

}  // namespace

std::string_view SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kBaseline:
      return "baseline";
    case SimdLevel::kAvx2:
      return "avx2";
    case SimdLevel::kAvx512:
      return "avx512";
  }
  return "baseline";
}

SimdLevel CpuSimdLevel() {
#ifdef KIKAN_X86_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) {
    return SimdLevel::kAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kBaseline;
}

SimdLevel CapSimdLevel(SimdLevel cpu, const char* cap) {
  if (cap == nullptr) return cpu;
  const std::string_view c(cap);
  if (c == "baseline") return SimdLevel::kBaseline;
  if (c == "avx2") return std::min(cpu, SimdLevel::kAvx2);
  return cpu;
}

SimdLevel ActiveSimdLevel() {
  static const SimdLevel level = CapSimdLevel(CpuSimdLevel(), std::getenv("KIKAN_SIMD"));
  return level;
}

const SimdKernels& KernelsFor(SimdLevel level) {
  static const SimdKernels kBase{SimdLevel::kBaseline, CompareColumnConstBase, CombineMaskBase,
                                 SumExactBase};
#ifdef KIKAN_X86_DISPATCH
  static const SimdKernels kAvx2{SimdLevel::kAvx2, CompareColumnConstAvx2, CombineMaskAvx2,
                                 SumExactAvx2};
  static const SimdKernels kAvx512{SimdLevel::kAvx512, CompareColumnConstAvx512, CombineMaskAvx512,
                                   SumExactAvx512};
  switch (level) {
    case SimdLevel::kBaseline:
      return kBase;
    case SimdLevel::kAvx2:
      return kAvx2;
    case SimdLevel::kAvx512:
      return kAvx512;
  }
#endif
  (void)level;
  return kBase;
}

const SimdKernels& Kernels() {
  static const SimdKernels& kernels = KernelsFor(ActiveSimdLevel());
  return kernels;
}

}  // namespace kikan::rules::internal
