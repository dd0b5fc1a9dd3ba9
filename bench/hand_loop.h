// The floor of the benchmark: the two trucking criteria written by hand as plain C++ loops over
// the population's columns (compiled at -O3, see bench/CMakeLists.txt). What a programmer would
// write for exactly these two rules, with nothing general about it: one pass for the three sums,
// the predicate in the form that measured fastest here, written so that GCC vectorises it at
// x86-64's baseline ISA.
// Every value must be present (the generator leaves no gaps), booleans 0/1, |values| < 2^62.
//
// Threads: pure functions of their arguments; safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kikan::bench {

// Raw views of the operator table's columns (decimals scaled by rules::kDecimalScale).
struct TruckingColumns {
  const int64_t* vehicles = nullptr;
  const int64_t* loaded_vehicle_km = nullptr;
  const int64_t* tonnage = nullptr;
  const uint8_t* nationwide_offices = nullptr;
  const uint8_t* nationwide_capable = nullptr;
  size_t rows = 0;
};

// share(loaded_vehicle_km) >= 5% and share(tonnage) >= 5% and share(vehicles) >= 5% and
// nationwide_offices — share(x) = x / Σx, compared exactly in integers (x · 20 >= Σx, i.e.
// x >= ⌈Σx / 20⌉).
// Element r of the result is 1 when row r is designated.
std::vector<uint8_t> HandOld(const TruckingColumns& c);

// vehicles >= 5000 and nationwide_capable.
std::vector<uint8_t> HandNew(const TruckingColumns& c);

// The number of 1s in a result: every engine's C++ result is counted with this same -O3 loop.
size_t CountDesignated(const std::vector<uint8_t>& flags);

}  // namespace kikan::bench
