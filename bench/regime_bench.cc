// kikan_regime_bench: what loading every regime pack costs (issue 18: `kikan regime check` over all
// packs and server start with all packs, each under 200 ms on one core). In one process, `--runs`
// times each (median and minimum in ms):
//   toml_parse    the baseline: every *.toml under the regime folder (packs and forms) parsed by
//                 the bare TOML parser (toml++), nothing checked;
//   regime_load   regime::Load, what `kikan regime check` does: parse, validate every section,
//                 compile and type-check every rule, resolve the citations, read the forms;
//   server_start  what `kikan serve` does before it listens, the demo aside: regime::Load, open
//                 the SQLite database (already migrated: a restart), Migrate (nothing to apply),
//                 the pack versions, the API's router;
//   server_first_start  the same on a new database file each run (every migration applied).
// Writes JSON to --out (and stdout) with each figure and its ratio to toml_parse. bench/regime
// runs it under `taskset -c 0` with the process-level figures of the CLI itself.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "api/api.h"
#include "base/clock.h"
#include "regime/regime.h"
#include "service/env.h"
#include "service/verify.h"
#include "store/db.h"

namespace {

namespace fs = std::filesystem;
using kikan::base::Status;

struct Figure {
  std::string name;
  double median_ms = 0;
  double min_ms = 0;
};

Figure Time(const std::string& name, int runs, const std::function<bool()>& body) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    if (!body()) {
      std::fprintf(stderr, "kikan_regime_bench: %s failed\n", name.c_str());
      std::exit(1);
    }
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {name, ms[ms.size() / 2], ms.front()};
}

}  // namespace

int main(int argc, char** argv) {
  std::string regime_dir = "data/regime";
  std::string out = "build/bench/regime.json";
  std::string tmp = "build/bench/regime-bench";
  int runs = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--regime") regime_dir = argv[i + 1];
    if (a == "--out") out = argv[i + 1];
    if (a == "--tmp") tmp = argv[i + 1];
    if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(regime_dir)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  fs::create_directories(tmp);

  std::vector<Figure> figs;
  figs.push_back(Time("toml_parse", runs, [&] {
    size_t tables = 0;
    try {
      for (const auto& f : files) tables += toml::parse_file(f).size();
    } catch (const toml::parse_error&) {
      return false;
    }
    return tables > 0;
  }));
  size_t businesses = 0;
  figs.push_back(Time("regime_load", runs, [&] {
    std::vector<kikan::regime::PackProblem> problems;
    auto regime = kikan::regime::Load({regime_dir}, &problems);
    if (!regime) return false;
    businesses = 0;
    for (const auto& pack : regime->packs()) businesses += pack.businesses.size();
    return true;
  }));
  // The phases of a start, summed over the runs (where the time goes).
  struct Phases {
    double load = 0, open = 0, migrate = 0, router = 0;
  };
  auto lap = [](std::chrono::steady_clock::time_point& t0) {
    auto t1 = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    t0 = t1;
    return ms;
  };
  // `fresh`: a new database file each run (the first start: every migration applied, each its own
  // transaction, fsync'd under synchronous=FULL); otherwise the same migrated file (a restart).
  auto start = [&](const std::string& file, bool fresh, Phases& ph) {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<kikan::regime::PackProblem> problems;
    auto regime = kikan::regime::Load({regime_dir}, &problems);
    if (!regime) return false;
    ph.load += lap(t0);
    if (fresh) {
      fs::remove(file);
      fs::remove(file + "-wal");
      fs::remove(file + "-shm");
    }
    auto pool = kikan::store::Open("sqlite:" + file, 2);
    if (!pool) return false;
    ph.open += lap(t0);
    {
      auto conn = (*pool)->Acquire();
      auto migrations = kikan::service::AllMigrations();
      if (!kikan::store::Migrate(*conn, migrations).ok()) return false;
    }
    ph.migrate += lap(t0);
    kikan::base::SystemClock clock;
    kikan::api::ApiContext ctx;
    ctx.pool = pool->get();
    ctx.regime = &*regime;
    ctx.clock = &clock;
    ctx.pack_versions = kikan::service::PackVersions(*regime);
    auto router = kikan::api::BuildRouter(ctx);
    (void)router;
    ph.router += lap(t0);
    return true;
  };
  const std::string restart_db = tmp + "/restart.db";
  Phases warm_up, restart, first;
  fs::remove(restart_db);
  if (!start(restart_db, true, warm_up)) return 1;
  figs.push_back(Time("server_start", runs, [&] { return start(restart_db, false, restart); }));
  figs.push_back(
      Time("server_first_start", runs, [&] { return start(tmp + "/first.db", true, first); }));
  fs::remove(restart_db);
  auto phases_json = [&](const Phases& p) {
    return fmt::format(
        "{{\"load\": {:.3f}, \"open\": {:.3f}, \"migrate\": {:.3f}, \"router\": {:.3f}}}",
        p.load / runs, p.open / runs, p.migrate / runs, p.router / runs);
  };

  const double base = figs[0].median_ms;
  std::string json = fmt::format(
      "{{\n  \"files\": {},\n  \"businesses\": {},\n  \"runs\": {},\n  \"baseline\": "
      "\"toml_parse\",\n  \"figures\": [\n",
      files.size(), businesses, runs);
  for (size_t i = 0; i < figs.size(); ++i) {
    const Figure& f = figs[i];
    json += fmt::format(
        "    {{\"name\": \"{}\", \"median_ms\": {:.3f}, \"min_ms\": {:.3f}, \"ratio\": "
        "{:.2f}}}{}\n",
        f.name, f.median_ms, f.min_ms, f.median_ms / base, i + 1 < figs.size() ? "," : "");
  }
  json += fmt::format(
      "  ],\n  \"phases_mean_ms\": {{\"server_start\": {}, \"server_first_start\": {}}}\n}}\n",
      phases_json(restart), phases_json(first));
  fs::create_directories(fs::path(out).parent_path());
  std::ofstream(out) << json;
  std::fputs(json.c_str(), stdout);
  return 0;
}
