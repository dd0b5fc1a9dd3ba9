#include "bench/hand_loop.h"

namespace kikan::bench {

std::vector<uint8_t> HandOld(const TruckingColumns& c) {
  int64_t sum_km = 0, sum_ton = 0, sum_veh = 0;
  for (size_t r = 0; r < c.rows; ++r) {
    sum_km += c.loaded_vehicle_km[r];
    sum_ton += c.tonnage[r];
    sum_veh += c.vehicles[r];
  }
  std::vector<uint8_t> out(c.rows);
  uint8_t* o = out.data();
  for (size_t r = 0; r < c.rows; ++r) {
    o[r] = static_cast<uint8_t>((c.loaded_vehicle_km[r] * 20 >= sum_km) &
                                (c.tonnage[r] * 20 >= sum_ton) & (c.vehicles[r] * 20 >= sum_veh) &
                                (c.nationwide_offices[r] != 0));
  }
  return out;
}

std::vector<uint8_t> HandNew(const TruckingColumns& c) {
  std::vector<uint8_t> out(c.rows);
  uint8_t* o = out.data();
  for (size_t r = 0; r < c.rows; ++r) {
    o[r] = static_cast<uint8_t>((c.vehicles[r] >= 5000) & (c.nationwide_capable[r] != 0));
  }
  return out;
}

size_t CountDesignated(const std::vector<uint8_t>& flags) {
  size_t n = 0;
  for (uint8_t x : flags) n += x;
  return n;
}

}  // namespace kikan::bench
