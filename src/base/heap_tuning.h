// A process-wide setting of glibc's allocator for programs that explain many rows at once (the
// `kikan` command and server, the benchmarks). A library never changes the allocator of the
// process it is linked into: main() calls this, once, before any thread starts.
//
// Why: explaining a batch (rules::CompiledRule::ExplainRows) allocates about 1 KB of small blocks
// per row (the trees' strings and vectors), all freed together by the caller. glibc then returns
// the top of the heap to the system, and the next batch page-faults every page back in: measured
// at 3-4x the cost of the explaining itself (page faults are dear on virtual machines). So the
// heap keeps 64 MiB of padding when it is trimmed (M_TOP_PAD). Setting it turns off glibc's
// sliding mmap threshold, which would send every block above 128 KiB to mmap (and page faults)
// again, so the threshold is fixed at the sliding one's ceiling (32 MiB), where it ends up in a
// long-running process. Elsewhere than glibc: nothing.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kikan::base {

inline void TuneHeapForBatchExplanations() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace kikan::base
