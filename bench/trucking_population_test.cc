#include "bench/trucking_population.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/hand_loop.h"
#include "rules/rule.h"
#ifdef KIKAN_BENCH_HAVE_DATASET
#include "registry/dataset.h"
#endif

namespace kikan::bench {
namespace {

constexpr size_t kRows = 20'000;

TruckingColumns ColumnsOf(const rules::Population& p) {
  const rules::Table& t = *p.Find(kSubject);
  return TruckingColumns{
      t.Find("vehicles")->i64.data(),         t.Find("loaded_vehicle_km")->i64.data(),
      t.Find("tonnage")->i64.data(),          t.Find("nationwide_offices")->b.data(),
      t.Find("nationwide_capable")->b.data(), t.size()};
}

size_t Count(const std::vector<uint8_t>& v) {
  size_t n = 0;
  for (uint8_t x : v) n += x;
  return n;
}

TEST(TruckingPopulation, IsDeterministic) {
  rules::Population a = GenerateTrucking(kRows);
  rules::Population b = GenerateTrucking(kRows);
  rules::Population c = GenerateTrucking(kRows, kSeed + 1);
  const rules::Table& ta = *a.Find(kSubject);
  const rules::Table& tb = *b.Find(kSubject);
  const rules::Table& tc = *c.Find(kSubject);
  ASSERT_EQ(ta.size(), kRows);
  EXPECT_EQ(ta.ids, tb.ids);
  EXPECT_EQ(ta.ids.front(), "op-000000001");
  for (const char* f : {"vehicles", "loaded_vehicle_km", "tonnage", "prefectures_served"}) {
    EXPECT_EQ(ta.Find(f)->i64, tb.Find(f)->i64) << f;
  }
  EXPECT_NE(ta.Find("vehicles")->i64, tc.Find("vehicles")->i64);
}

TEST(TruckingPopulation, HasALongTailAndThreeOldDesignees) {
  rules::Population p = GenerateTrucking(kRows);
  TruckingColumns c = ColumnsOf(p);
  size_t small = 0;
  for (size_t r = 0; r < c.rows; ++r) small += c.vehicles[r] < 20 ? 1 : 0;
  EXPECT_GT(small, kRows * 7 / 10);  // most operators are small
  std::vector<uint8_t> old_flags = HandOld(c);
  std::vector<size_t> giants = GiantRows(kRows);
  ASSERT_EQ(Count(old_flags), 3u);
  EXPECT_EQ(old_flags[giants[0]], 1);
  EXPECT_EQ(old_flags[giants[1]], 1);
  EXPECT_EQ(old_flags[giants[2]], 1);
  EXPECT_EQ(old_flags[giants[3]], 0);  // 4.5% of vehicles
  std::vector<uint8_t> new_flags = HandNew(c);
  EXPECT_EQ(new_flags[giants[0]], 1);
  EXPECT_EQ(new_flags[giants[5]], 0);  // not nationwide
  EXPECT_GE(Count(new_flags), 5u);
}

TEST(TruckingPopulation, KikanAgreesWithTheHandLoop) {
  rules::Schema schema = TruckingSchema();
  rules::Population p = GenerateTrucking(kRows);
  TruckingColumns c = ColumnsOf(p);
  for (bool old_rule : {true, false}) {
    rules::CompileOptions options;
    options.schema = &schema;
    options.subject = std::string(kSubject);
    auto rule = rules::Compile(old_rule ? kRuleOld : kRuleNew, options);
    ASSERT_TRUE(rule.has_value()) << rule.status().ToString();
    auto flags = rule->EvaluateAll(p);
    ASSERT_TRUE(flags.has_value()) << flags.status().ToString();
    std::vector<uint8_t> hand = old_rule ? HandOld(c) : HandNew(c);
    EXPECT_EQ(*flags, hand);
    for (size_t r : GiantRows(kRows)) {
      auto e = rule->Explain(p, r);
      ASSERT_TRUE(e.has_value()) << e.status().ToString();
      EXPECT_EQ(e->result, hand[r] != 0) << r;
    }
  }
}

TEST(TruckingPopulation, WritesCsvAndNpy) {
  rules::Population p = GenerateTrucking(1000);
  std::string dir = (std::filesystem::temp_directory_path() / "kikan_bench_test").string();
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteDataset(p, dir).ok());
  ASSERT_TRUE(WriteNpy(p, dir + "/npy").ok());
  std::ifstream csv(dir + "/operator.csv");
  std::string header, first;
  std::getline(csv, header);
  std::getline(csv, first);
  EXPECT_EQ(header,
            "id,name,vehicles,loaded_vehicle_km,tonnage,nationwide_offices,nationwide_capable,"
            "prefectures_served");
  const rules::Table& t = *p.Find(kSubject);
  EXPECT_EQ(first.rfind(
                "op-000000001,Op000000001," + std::to_string(t.Find("vehicles")->i64[0]) + ",", 0),
            0u)
      << first;
  size_t lines = 2;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 1001u);
  // An int64 .npy: 128-byte header for this shape, then 8 bytes a row.
  EXPECT_EQ(std::filesystem::file_size(dir + "/npy/vehicles.npy"), 128u + 8 * 1000);
  EXPECT_EQ(std::filesystem::file_size(dir + "/npy/nationwide_offices.npy"), 128u + 1000);
  std::filesystem::remove_all(dir);
}

#ifdef KIKAN_BENCH_HAVE_DATASET
// The CSV the benchmark writes is what Kikan's dataset loader reads back, value for value.
TEST(TruckingPopulation, DatasetLoaderReadsTheCsvBack) {
  rules::Population p = GenerateTrucking(2000);
  std::string dir = (std::filesystem::temp_directory_path() / "kikan_bench_test_load").string();
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteDataset(p, dir).ok());
  rules::Schema schema = TruckingSchema();
  auto dataset = registry::Dataset::Load(dir, schema);
  ASSERT_TRUE(dataset.has_value()) << dataset.status().ToString();
  EXPECT_TRUE(dataset->manifest().synthetic);
  auto loaded = dataset->Snapshot(std::nullopt);
  ASSERT_TRUE(loaded.has_value()) << loaded.status().ToString();
  const rules::Table& want = *p.Find(kSubject);
  const rules::Table* got = loaded->Find(kSubject);
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->ids, want.ids);
  EXPECT_EQ(got->names, want.names);
  for (const auto& [name, column] : want.columns) {
    const rules::Column* c = got->Find(name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->type, column.type) << name;
    EXPECT_EQ(c->i64, column.i64) << name;
    EXPECT_EQ(c->b, column.b) << name;
  }
  std::filesystem::remove_all(dir);
}
#endif

}  // namespace
}  // namespace kikan::bench
