// kikan_bench: the C++ half of the evaluation benchmark (bench/run drives the whole run).
//
//   kikan_bench [--rows N] [--out DIR] [--explain-sample N] [--reps N]
//     Generates the synthetic trucking population (N rows, default 10,000,000), writes it once as
//     DIR/trucking/ (dataset.toml + operator.csv) and DIR/npy/*.npy for the other engines, then
//     times, for the old ("2023") and the revised ("2025-06") criteria: Kikan's vectorised
//     evaluator (rules::Compile + CompiledRule::EvaluateAll), the hand-written -O3 loop, the
//     explaining path (CompiledRule::Explain and ExplainRows on a sample of rows, per row,
//     extrapolated to N) and SQLite
//     (in-memory table, only the query timed). Then Kikan's CSV loader (registry::Dataset::Load +
//     Snapshot) on DIR/trucking/ when the registry module is built. Last, the three-valued
//     evaluator with validity bitmaps (issue 14 §4): CompiledRule::EvaluateVerdicts on the same
//     population, first complete, then with `vehicles` missing in 1% of the rows (every 100th),
//     timed like EvaluateAll; its ratio to the hand loop of the same run is what compares with
//     the figures before the three-valued logic. Writes DIR/cpp.json.
//   kikan_bench --memory [--rows N] [--out DIR]
//     Only builds the population and evaluates both criteria with Kikan; writes DIR/memory.json
//     with the process's peak RSS and the bytes of the population's columns.
//
// Every engine's designated count must equal the hand loop's, and Kikan's result must equal it
// row for row; otherwise the program exits 1. Single-threaded throughout.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/heap_tuning.h"
#include "base/status.h"
#include "bench/hand_loop.h"
#include "bench/trucking_population.h"
#include "rules/rule.h"
#ifdef KIKAN_BENCH_HAVE_DATASET
#include "registry/dataset.h"
#endif

namespace kikan::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct Options {
  size_t rows = 10'000'000;
  std::string out = "build/bench";
  size_t explain_sample = 100'000;
  int reps = 5;
  bool memory = false;
};

void Progress(std::string_view what) { fmt::print(stderr, "[kikan_bench] {}\n", what); }

// The best (shortest) of `reps` timed runs of `fn` (which returns the designated count): the
// machine is shared, and the best run is the one least disturbed. All runs must give the same
// count.
template <class Fn>
base::Result<std::pair<double, size_t>> TimeBest(int reps, Fn fn) {
  std::vector<double> times;
  std::optional<size_t> count;
  for (int i = 0; i < reps; ++i) {
    auto t0 = Clock::now();
    KIKAN_ASSIGN_OR_RETURN(size_t c, fn());
    times.push_back(Seconds(t0, Clock::now()));
    if (count && *count != c) {
      return base::Internal({.ja = "同じエンジンが繰り返し実行で異なる件数を返しました",
                             .en = "an engine gave different counts on repeated runs"});
    }
    count = c;
  }
  std::sort(times.begin(), times.end());
  return std::make_pair(times.front(), *count);
}

TruckingColumns ColumnsOf(const rules::Population& population) {
  const rules::Table& t = *population.Find(kSubject);
  TruckingColumns c;
  c.vehicles = t.Find("vehicles")->i64.data();
  c.loaded_vehicle_km = t.Find("loaded_vehicle_km")->i64.data();
  c.tonnage = t.Find("tonnage")->i64.data();
  c.nationwide_offices = t.Find("nationwide_offices")->b.data();
  c.nationwide_capable = t.Find("nationwide_capable")->b.data();
  c.rows = t.size();
  return c;
}

base::Result<rules::CompiledRule> CompileRule(const rules::Schema& schema, std::string_view text) {
  rules::CompileOptions options;
  options.schema = &schema;
  options.subject = std::string(kSubject);
  return rules::Compile(text, options);
}

// Peak and current resident set size of this process, in bytes (from /proc/self/status).
struct Rss {
  size_t peak = 0;
  size_t current = 0;
};
Rss ReadRss() {
  Rss rss;
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    size_t kb = 0;
    if (std::sscanf(line.c_str(), "VmHWM: %zu kB", &kb) == 1) rss.peak = kb * 1024;
    if (std::sscanf(line.c_str(), "VmRSS: %zu kB", &kb) == 1) rss.current = kb * 1024;
  }
  return rss;
}

base::Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    return base::Unavailable({.ja = fmt::format("{} に書き込めません", path),
                              .en = fmt::format("cannot write {}", path)});
  }
  return base::Status::Ok();
}

// --- SQLite -------------------------------------------------------------------------------------

class Sqlite {
 public:
  ~Sqlite() {
    if (db_ != nullptr) sqlite3_close(db_);
  }
  base::Status Open() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return Error("open");
    return Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA threads=0;");
  }
  base::Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "?";
      sqlite3_free(err);
      return base::Internal({.ja = fmt::format("SQLite のエラー: {}: {}", msg, sql),
                             .en = fmt::format("SQLite: {}: {}", msg, sql)});
    }
    return base::Status::Ok();
  }
  // Loads the operator table (the same rows as operator.csv; decimals as REAL, as a CSV import
  // gives them; booleans as 0/1).
  base::Status Load(const rules::Population& population) {
    // A plain rowid table without an index: the shape a bulk CSV import gives.
    KIKAN_TRY(
        Exec("CREATE TABLE operator (id TEXT, name TEXT, vehicles INTEGER, "
             "loaded_vehicle_km REAL, tonnage REAL, nationwide_offices INTEGER, "
             "nationwide_capable INTEGER, prefectures_served INTEGER)"));
    KIKAN_TRY(Exec("BEGIN"));
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO operator VALUES (?,?,?,?,?,?,?,?)", -1, &st,
                           nullptr) != SQLITE_OK) {
      return Error("prepare");
    }
    const rules::Table& t = *population.Find(kSubject);
    TruckingColumns c = ColumnsOf(population);
    const auto& pref = t.Find("prefectures_served")->i64;
    for (size_t r = 0; r < t.size(); ++r) {
      sqlite3_bind_text(st, 1, t.ids[r].data(), static_cast<int>(t.ids[r].size()), SQLITE_STATIC);
      sqlite3_bind_text(st, 2, t.names[r].data(), static_cast<int>(t.names[r].size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(st, 3, c.vehicles[r]);
      sqlite3_bind_double(st, 4,
                          static_cast<double>(c.loaded_vehicle_km[r]) / rules::kDecimalScale);
      sqlite3_bind_double(st, 5, static_cast<double>(c.tonnage[r]) / rules::kDecimalScale);
      sqlite3_bind_int(st, 6, c.nationwide_offices[r]);
      sqlite3_bind_int(st, 7, c.nationwide_capable[r]);
      sqlite3_bind_int64(st, 8, pref[r]);
      if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_finalize(st);
        return Error("insert");
      }
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return Exec("COMMIT");
  }
  base::Result<size_t> Count(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return Error(sql);
    if (sqlite3_step(st) != SQLITE_ROW) {
      sqlite3_finalize(st);
      return Error(sql);
    }
    auto n = static_cast<size_t>(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return n;
  }

 private:
  base::Status Error(std::string_view what) {
    std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    return base::Internal({.ja = fmt::format("SQLite の {} に失敗しました: {}", what, msg),
                           .en = fmt::format("SQLite {}: {}", what, msg)});
  }
  sqlite3* db_ = nullptr;
};

// The same predicates as SQL (also in bench/duckdb_eval.mjs): the three totals computed once in a
// one-row derived table, then one scan.
constexpr const char* kSqlOld =
    "SELECT count(*) FROM operator, (SELECT sum(loaded_vehicle_km) AS k, sum(tonnage) AS t, "
    "sum(vehicles) AS v FROM operator) AS s WHERE operator.loaded_vehicle_km >= 0.05 * s.k AND "
    "operator.tonnage >= 0.05 * s.t AND operator.vehicles >= 0.05 * s.v AND "
    "operator.nationwide_offices";
constexpr const char* kSqlNew =
    "SELECT count(*) FROM operator WHERE vehicles >= 5000 AND nationwide_capable";

// --- the run ------------------------------------------------------------------------------------

template <class Rule>
concept HasExplainRows = requires(const Rule& rule, const rules::Population& population,
                                  const std::vector<size_t>& rows) {
  rule.ExplainRows(population, rows);
};

// Seconds ExplainRows takes over `sample` in batches of 25,000 rows, each result passed to
// `check`; -1 when this version of the rules library has no ExplainRows.
template <class Rule, class Check>
base::Result<double> TimeExplainRows(const Rule& rule, const rules::Population& population,
                                     const std::vector<size_t>& sample, Check check) {
  if constexpr (HasExplainRows<Rule>) {
    constexpr size_t kBatch = 25'000;
    double total = 0;
    for (size_t at = 0; at < sample.size(); at += kBatch) {
      std::vector<size_t> batch(
          sample.begin() + static_cast<std::ptrdiff_t>(at),
          sample.begin() + static_cast<std::ptrdiff_t>(std::min(sample.size(), at + kBatch)));
      auto t0 = Clock::now();
      KIKAN_ASSIGN_OR_RETURN(std::vector<rules::Explanation> out,
                             rule.ExplainRows(population, batch));
      total += Seconds(t0, Clock::now());
      if (out.size() != batch.size()) {
        return base::Internal({.ja = "ExplainRows の結果の件数が要求と異なります",
                               .en = "ExplainRows returned a different number of rows"});
      }
      for (size_t i = 0; i < batch.size(); ++i) KIKAN_TRY(check(out[i], batch[i]));
    }
    return total;
  } else {
    (void)rule, (void)population, (void)sample, (void)check;
    return -1.0;
  }
}

struct VersionResult {
  std::string version;
  size_t designated = 0;
  double kikan = 0, hand = 0, explain = 0, sqlite = 0;
  // EvaluateVerdicts on the complete population, and with 1% of `vehicles` missing; the rows
  // known designated and undetermined in the latter.
  double verdicts = 0, verdicts_missing = 0;
  size_t missing_designated = 0, missing_undetermined = 0;
  double explain_per_row = 0;
  size_t explain_sample = 0;
  double explain_rows = -1, explain_rows_per_row = -1;  // -1: ExplainRows not available
  size_t explain_rows_sample = 0;
};

base::Status Mismatch(std::string_view engine, std::string_view version, size_t got, size_t want) {
  return base::Internal(
      {.ja = fmt::format("{} は基準 {} で {} 者を指定しましたが、手書きループは {} 者です", engine,
                         version, got, want),
       .en = fmt::format("{} designated {} operators under {} but the hand loop {}", engine, got,
                         version, want)});
}

base::Result<VersionResult> RunVersion(const Options& opt, const rules::Schema& schema,
                                       const rules::Population& population, Sqlite& sqlite,
                                       std::string_view version, std::string_view rule_text,
                                       bool old_rule, const char* sql) {
  VersionResult res;
  res.version = std::string(version);
  TruckingColumns cols = ColumnsOf(population);

  Progress(fmt::format("{}: hand-written loop", version));
  std::vector<uint8_t> hand_flags = old_rule ? HandOld(cols) : HandNew(cols);
  res.designated = CountDesignated(hand_flags);
  KIKAN_ASSIGN_OR_RETURN(auto hand, TimeBest(opt.reps, [&]() -> base::Result<size_t> {
                           return CountDesignated(old_rule ? HandOld(cols) : HandNew(cols));
                         }));
  res.hand = hand.first;

  Progress(fmt::format("{}: Kikan EvaluateAll", version));
  KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule rule, CompileRule(schema, rule_text));
  KIKAN_ASSIGN_OR_RETURN(std::vector<uint8_t> kikan_flags, rule.EvaluateAll(population));
  if (kikan_flags != hand_flags) {
    return Mismatch("Kikan EvaluateAll (row by row)", version, CountDesignated(kikan_flags),
                    res.designated);
  }
  KIKAN_ASSIGN_OR_RETURN(auto kikan, TimeBest(opt.reps, [&]() -> base::Result<size_t> {
                           KIKAN_ASSIGN_OR_RETURN(auto flags, rule.EvaluateAll(population));
                           return CountDesignated(flags);
                         }));
  if (kikan.second != res.designated) {
    return Mismatch("Kikan EvaluateAll", version, kikan.second, res.designated);
  }
  res.kikan = kikan.first;

  // The explaining path on a sample: every designated row (up to half the sample), every giant,
  // then evenly spaced rows. ExplainRows (aggregates computed once per call, batches of 25,000
  // rows) runs over the whole sample; Explain (aggregates computed on every call) over an evenly
  // strided part of it small enough to take about 30 s. Both check each row's result against the
  // hand loop, and are reported per row and extrapolated to every row.
  std::vector<size_t> sample;
  for (size_t r = 0; r < hand_flags.size(); ++r) {
    if (hand_flags[r] != 0 && sample.size() < opt.explain_sample / 2) sample.push_back(r);
  }
  for (size_t r : GiantRows(cols.rows)) sample.push_back(r);
  size_t want = std::max(sample.size(), std::min(opt.explain_sample, cols.rows));
  size_t spaced = want - sample.size();
  for (size_t i = 0; i < spaced; ++i) sample.push_back(i * (cols.rows / spaced));
  std::sort(sample.begin(), sample.end());
  sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
  auto check = [&](const rules::Explanation& e, size_t r) -> base::Status {
    if (e.result != (hand_flags[r] != 0)) {
      return base::Internal(
          {.ja = fmt::format("基準 {} の行 {} で Explain が手書きループと一致しません", version, r),
           .en =
               fmt::format("Explain disagrees with the hand loop on row {} under {}", r, version)});
    }
    return base::Status::Ok();
  };

  Progress(fmt::format("{}: Kikan ExplainRows on {} rows", version, sample.size()));
  KIKAN_ASSIGN_OR_RETURN(double rows_total, TimeExplainRows(rule, population, sample, check));
  if (rows_total >= 0) {
    res.explain_rows_per_row = rows_total / static_cast<double>(sample.size());
    res.explain_rows = res.explain_rows_per_row * static_cast<double>(cols.rows);
    res.explain_rows_sample = sample.size();
  }

  std::vector<size_t> one_by_one = sample;
  {
    auto t0 = Clock::now();
    size_t probe = std::min<size_t>(10, sample.size());
    for (size_t i = 0; i < probe; ++i) {
      KIKAN_ASSIGN_OR_RETURN(rules::Explanation e, rule.Explain(population, sample[i]));
      KIKAN_TRY(check(e, sample[i]));
    }
    double per = Seconds(t0, Clock::now()) / static_cast<double>(probe);
    if (per * static_cast<double>(sample.size()) > 30.0) {
      size_t keep = std::max<size_t>(100, static_cast<size_t>(30.0 / per));
      size_t stride = std::max<size_t>(1, sample.size() / keep);
      one_by_one.clear();
      for (size_t i = 0; i < sample.size(); i += stride) one_by_one.push_back(sample[i]);
    }
  }
  Progress(fmt::format("{}: Kikan Explain, row by row, on {} rows", version, one_by_one.size()));
  auto t0 = Clock::now();
  for (size_t r : one_by_one) {
    KIKAN_ASSIGN_OR_RETURN(rules::Explanation e, rule.Explain(population, r));
    KIKAN_TRY(check(e, r));
  }
  double explain_total = Seconds(t0, Clock::now());
  res.explain_sample = one_by_one.size();
  res.explain_per_row = explain_total / static_cast<double>(one_by_one.size());
  res.explain = res.explain_per_row * static_cast<double>(cols.rows);

  Progress(fmt::format("{}: SQLite", version));
  KIKAN_ASSIGN_OR_RETURN(auto sq,
                         TimeBest(std::min(opt.reps, 3), [&]() { return sqlite.Count(sql); }));
  if (sq.second != res.designated) return Mismatch("SQLite", version, sq.second, res.designated);
  res.sqlite = sq.first;
  return res;
}

// Every 100th row (from row 37) lacks `vehicles`: the validity bitmaps of issue 14 §4 in play.
constexpr size_t kMissingEvery = 100;
constexpr size_t kMissingFrom = 37;

// The three-valued evaluation of `res`'s version: on the complete `population` (its results must
// be the hand loop's, every row known), then with the `vehicles` of every 100th row missing,
// checked against the explaining path on a sample of rows and, for the revised rule (no
// aggregate), row by row: a row with vehicles keeps the hand loop's result; one without is
// undetermined unless nationwide_capable is false.
base::Status RunVerdicts(const Options& opt, const rules::Schema& schema,
                         rules::Population& population, std::string_view rule_text, bool old_rule,
                         VersionResult& res) {
  const std::string& version = res.version;
  KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule rule, CompileRule(schema, rule_text));
  rules::Column& vehicles = population.FindMutable(kSubject)->columns["vehicles"];
  vehicles.valid.clear();
  Progress(fmt::format("{}: Kikan EvaluateVerdicts (complete data)", version));
  KIKAN_ASSIGN_OR_RETURN(auto full, TimeBest(opt.reps, [&]() -> base::Result<size_t> {
                           KIKAN_ASSIGN_OR_RETURN(auto v, rule.EvaluateVerdicts(population));
                           if (!v.known.empty()) {
                             return base::Internal({.ja = "欠測のないデータで判定不能が出ました",
                                                    .en = "complete data gave unknown results"});
                           }
                           return CountDesignated(v.holds);
                         }));
  if (full.second != res.designated) {
    return Mismatch("Kikan EvaluateVerdicts", version, full.second, res.designated);
  }
  res.verdicts = full.first;

  Progress(fmt::format("{}: Kikan EvaluateVerdicts (1% of vehicles missing)", version));
  const size_t rows = vehicles.i64.size();
  vehicles.valid.assign(rows, 1);
  for (size_t r = kMissingFrom; r < rows; r += kMissingEvery) vehicles.valid[r] = 0;
  KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule::Verdicts verdicts, rule.EvaluateVerdicts(population));
  size_t undetermined = 0;
  for (size_t r = 0; r < rows; ++r) {
    if (!verdicts.Known(r)) ++undetermined;
    if (!verdicts.Known(r) && verdicts.holds[r] != 0) {
      return base::Internal({.ja = "判定不能の行が指定に数えられています",
                             .en = "an undetermined row is counted as designated"});
    }
  }
  if (!old_rule) {
    TruckingColumns cols = ColumnsOf(population);
    std::vector<uint8_t> hand = HandNew(cols);
    for (size_t r = 0; r < rows; ++r) {
      const bool missing = vehicles.valid[r] == 0;
      const bool ok = missing ? (verdicts.Known(r) == (cols.nationwide_capable[r] == 0) &&
                                 verdicts.holds[r] == 0)
                              : (verdicts.Known(r) && verdicts.holds[r] == hand[r]);
      if (!ok) {
        return base::Internal(
            {.ja = fmt::format("基準 {} の行 {} で EvaluateVerdicts が誤っています", version, r),
             .en = fmt::format("EvaluateVerdicts is wrong on row {} under {}", r, version)});
      }
    }
  }
  std::vector<size_t> sample;
  for (size_t r = kMissingFrom; r < rows && sample.size() < 2000; r += rows / 1000 + 1) {
    sample.push_back(r);
    sample.push_back(r - kMissingFrom);
  }
  KIKAN_ASSIGN_OR_RETURN(auto explained, rule.ExplainRows(population, sample));
  for (size_t k = 0; k < sample.size(); ++k) {
    const size_t r = sample[k];
    if (explained[k].determined != verdicts.Known(r) ||
        explained[k].result != (verdicts.holds[r] != 0)) {
      return base::Internal(
          {.ja = fmt::format("基準 {} の行 {} で EvaluateVerdicts と ExplainRows が食い違います",
                             version, r),
           .en = fmt::format("EvaluateVerdicts and ExplainRows disagree on row {} under {}", r,
                             version)});
    }
  }
  KIKAN_ASSIGN_OR_RETURN(auto missing, TimeBest(opt.reps, [&]() -> base::Result<size_t> {
                           KIKAN_ASSIGN_OR_RETURN(auto v, rule.EvaluateVerdicts(population));
                           return CountDesignated(v.holds);
                         }));
  res.verdicts_missing = missing.first;
  res.missing_designated = missing.second;
  res.missing_undetermined = undetermined;
  vehicles.valid.clear();
  return base::Status::Ok();
}

base::Status RunMemory(const Options& opt) {
  rules::Schema schema = TruckingSchema();
  rules::Population population = GenerateTrucking(opt.rows);
  Rss before = ReadRss();
  PopulationBytes bytes = MeasureBytes(population);
  size_t counts[2];
  std::string_view texts[2] = {kRuleOld, kRuleNew};
  for (int i = 0; i < 2; ++i) {
    KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule rule, CompileRule(schema, texts[i]));
    KIKAN_ASSIGN_OR_RETURN(std::vector<uint8_t> flags, rule.EvaluateAll(population));
    counts[i] = CountDesignated(flags);
  }
  Rss after = ReadRss();
  std::string json = fmt::format(
      "{{\n  \"rows\": {},\n  \"value_columns_bytes\": {},\n  \"ids_and_names_bytes\": {},\n"
      "  \"rss_after_population_bytes\": {},\n  \"peak_rss_bytes\": {},\n"
      "  \"designated\": {{\"2023\": {}, \"2025-06\": {}}}\n}}\n",
      opt.rows, bytes.value_columns, bytes.ids_and_names, before.current, after.peak, counts[0],
      counts[1]);
  KIKAN_TRY(WriteText(opt.out + "/memory.json", json));
  fmt::print("{}", json);
  return base::Status::Ok();
}

base::Status Run(const Options& opt) {
  rules::Schema schema = TruckingSchema();
  Progress(fmt::format("generating {} operators (seed {})", opt.rows, kSeed));
  auto t0 = Clock::now();
  rules::Population population = GenerateTrucking(opt.rows);
  double generate_s = Seconds(t0, Clock::now());
  std::string dataset_dir = opt.out + "/trucking";
  Progress(fmt::format("writing {}/operator.csv and {}/npy/", dataset_dir, opt.out));
  KIKAN_TRY(WriteDataset(population, dataset_dir));
  KIKAN_TRY(WriteNpy(population, opt.out + "/npy"));

  Progress("loading the SQLite table (in memory)");
  Sqlite sqlite;
  KIKAN_TRY(sqlite.Open());
  t0 = Clock::now();
  KIKAN_TRY(sqlite.Load(population));
  double sqlite_load_s = Seconds(t0, Clock::now());

  KIKAN_ASSIGN_OR_RETURN(VersionResult old_res, RunVersion(opt, schema, population, sqlite, "2023",
                                                           kRuleOld, true, kSqlOld));
  KIKAN_ASSIGN_OR_RETURN(VersionResult new_res, RunVersion(opt, schema, population, sqlite,
                                                           "2025-06", kRuleNew, false, kSqlNew));

  KIKAN_TRY(RunVerdicts(opt, schema, population, kRuleOld, true, old_res));
  KIKAN_TRY(RunVerdicts(opt, schema, population, kRuleNew, false, new_res));

  std::string load_json = "null";
#ifdef KIKAN_BENCH_HAVE_DATASET
  {
    Progress("Kikan registry::Dataset::Load of operator.csv");
    auto l0 = Clock::now();
    KIKAN_ASSIGN_OR_RETURN(registry::Dataset dataset, registry::Dataset::Load(dataset_dir, schema));
    double load_s = Seconds(l0, Clock::now());
    l0 = Clock::now();
    KIKAN_ASSIGN_OR_RETURN(rules::Population loaded, dataset.Snapshot(std::nullopt));
    double snapshot_s = Seconds(l0, Clock::now());
    const rules::Table* t = loaded.Find(kSubject);
    if (t == nullptr || t->size() != opt.rows) {
      return base::Internal({.ja = "読み込んだデータセットの行数が生成した行数と一致しません",
                             .en = "the loaded dataset does not have the generated rows"});
    }
    KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule rule, CompileRule(schema, kRuleOld));
    KIKAN_ASSIGN_OR_RETURN(std::vector<uint8_t> flags, rule.EvaluateAll(loaded));
    if (CountDesignated(flags) != old_res.designated) {
      return Mismatch("Kikan on the loaded CSV", "2023", CountDesignated(flags),
                      old_res.designated);
    }
    load_json = fmt::format("{{\"load\": {:.6f}, \"snapshot\": {:.6f}, \"total\": {:.6f}}}", load_s,
                            snapshot_s, load_s + snapshot_s);
  }
#else
  Progress("registry::Dataset is not built yet: the Kikan CSV-load measurement is skipped");
#endif

  auto version_json = [](const VersionResult& r) {
    return fmt::format(
        "{{\"designated\": {}, \"kikan\": {:.6f}, \"hand\": {:.6f}, \"explain\": {:.6f}, "
        "\"explain_per_row\": {:.9f}, \"explain_sample\": {}, \"explain_rows\": {:.6f}, "
        "\"explain_rows_per_row\": {:.9f}, \"explain_rows_sample\": {}, \"sqlite\": {:.6f}, "
        "\"verdicts\": {:.6f}, \"verdicts_missing\": {:.6f}, \"missing_designated\": {}, "
        "\"missing_undetermined\": {}}}",
        r.designated, r.kikan, r.hand, r.explain, r.explain_per_row, r.explain_sample,
        r.explain_rows, r.explain_rows_per_row, r.explain_rows_sample, r.sqlite, r.verdicts,
        r.verdicts_missing, r.missing_designated, r.missing_undetermined);
  };
  std::string json = fmt::format(
      "{{\n  \"rows\": {},\n  \"seed\": {},\n  \"generate_s\": {:.3f},\n  \"sqlite_load_s\": "
      "{:.3f},"
      "\n  \"kikan_csv_load\": {},\n  \"versions\": {{\n    \"2023\": {},\n    \"2025-06\": {}\n  "
      "}}"
      "\n}}\n",
      opt.rows, kSeed, generate_s, sqlite_load_s, load_json, version_json(old_res),
      version_json(new_res));
  KIKAN_TRY(WriteText(opt.out + "/cpp.json", json));
  fmt::print("{}", json);
  return base::Status::Ok();
}

base::Result<Options> ParseArgs(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    auto number = [&](size_t& out) -> base::Status {
      auto v = value();
      char* end = nullptr;
      unsigned long long n = v ? std::strtoull(v->c_str(), &end, 10) : 0;
      if (!v || end == v->c_str() || *end != '\0' || n == 0) {
        return base::InvalidArgument({.ja = fmt::format("{} には正の数を指定してください", a),
                                      .en = fmt::format("{} needs a positive number", a)});
      }
      out = static_cast<size_t>(n);
      return base::Status::Ok();
    };
    if (a == "--rows") {
      KIKAN_TRY(number(opt.rows));
      if (opt.rows < 1000) {
        return base::InvalidArgument(
            {.ja = "--rows は 1000 以上にしてください", .en = "--rows must be at least 1000"});
      }
    } else if (a == "--explain-sample") {
      KIKAN_TRY(number(opt.explain_sample));
    } else if (a == "--reps") {
      size_t reps = 0;
      KIKAN_TRY(number(reps));
      opt.reps = static_cast<int>(std::min<size_t>(reps, 100));
    } else if (a == "--out") {
      auto v = value();
      if (!v)
        return base::InvalidArgument(
            {.ja = "--out にはディレクトリを指定してください", .en = "--out needs a directory"});
      opt.out = *v;
    } else if (a == "--memory") {
      opt.memory = true;
    } else {
      return base::InvalidArgument({.ja = fmt::format("不明なオプションです: {}", a),
                                    .en = fmt::format("unknown option {}", a)});
    }
  }
  return opt;
}

}  // namespace
}  // namespace kikan::bench

int main(int argc, char** argv) {
  using namespace kikan;
  base::TuneHeapForBatchExplanations();
  auto opt = bench::ParseArgs(argc, argv);
  base::Status status =
      opt ? (opt->memory ? bench::RunMemory(*opt) : bench::Run(*opt)) : opt.status();
  if (!status.ok()) {
    fmt::print(stderr, "kikan_bench: {}\nkikan_bench: {}\n", status.ja(), status.en());
    return 1;
  }
  return 0;
}
