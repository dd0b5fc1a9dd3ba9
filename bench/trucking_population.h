// The benchmark's data: a deterministic synthetic population of trucking operators (一般貨物自動車
// 運送事業者) held as rules::Population columns, the trucking schema the criteria are compiled
// against, the two criteria texts, and writers that put the same rows into a dataset folder (CSV +
// dataset.toml) and into NumPy .npy files for the other engines.
//
// The population is a long tail of fleet sizes (Pareto, most operators have a handful of trucks)
// plus six "giant" carriers placed at fixed rows with fixed market shares, so that the old criteria
// designate exactly three of them (as the real regime designated ヤマト運輸, 日本通運, 佐川急便)
// and no value lies near a 5% boundary: every engine, whether it compares in fixed point or in
// double precision, must find the same designees.
//
// Ownership and threads: every function returns values it owns; nothing is shared. Safe to call
// from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "rules/population.h"
#include "rules/schema.h"

namespace kikan::bench {

inline constexpr uint64_t kSeed = 20250602;  // the seed document's date; fixed forever
inline constexpr std::string_view kSubject = "operator";

// The criteria, exactly as the trucking pack states them.
inline constexpr std::string_view kRuleOld =
    "share(loaded_vehicle_km) >= 5% and share(tonnage) >= 5% and share(vehicles) >= 5% and "
    "nationwide_offices";
inline constexpr std::string_view kRuleNew = "vehicles >= 5000 and nationwide_capable";

// The schema of the subject kind: vehicles:int, loaded_vehicle_km:decimal, tonnage:decimal,
// nationwide_offices:bool, nationwide_capable:bool, prefectures_served:int.
rules::Schema TruckingSchema();

// Generates `rows` operators (rows >= 1000, so the giants fit) into the `operator` table of a
// Population: ids "op-000000001"…, names "Op000000001"…, every value present (no `valid` vectors).
// Same `rows` and seed give the same bytes on every machine.
rules::Population GenerateTrucking(size_t rows, uint64_t seed = kSeed);

// The rows where the giants sit, for a population of `rows` rows (ascending).
std::vector<size_t> GiantRows(size_t rows);

// Bytes held by the population: the typed value columns alone, and the ids and names (the
// std::string objects plus any heap storage they own).
struct PopulationBytes {
  size_t value_columns = 0;
  size_t ids_and_names = 0;
};
PopulationBytes MeasureBytes(const rules::Population& population);

// Writes the `operator` table as a dataset folder `dir` (created if missing): dataset.toml
// (synthetic = true) and operator.csv with header
// id,name,vehicles,loaded_vehicle_km,tonnage,nationwide_offices,nationwide_capable,prefectures_served
// (decimals with up to 4 places, booleans as true/false). Errors: kUnavailable when a file cannot
// be written.
base::Status WriteDataset(const rules::Population& population, const std::string& dir);

// Writes one .npy file per field into `dir` (<field>.npy): ints as int64 ('<i8'), decimals as
// float64 ('<f8', the value, not scaled), booleans as '|b1'. Errors: kUnavailable.
base::Status WriteNpy(const rules::Population& population, const std::string& dir);

}  // namespace kikan::bench
