// kikan_supply_bench: the supply chain benchmark of issue 11 §8 (bench/supply runs it).
//
// Builds a SYNTHETIC national portfolio — every operator, system, component and supplier is
// invented, and every output says so — on SQLite (a file) and, when --postgres URL is given, on
// PostgreSQL (in a schema of its own, dropped at the end), and measures in one run:
//   * import: CycloneDX 1.6 documents (one per system) through service::ImportSupplyDocument,
//     against parsing the same bytes with Boost.JSON alone (json::parse), in MB/s and the ratio;
//   * who-uses (a purl package; a supplier, transitively up the subcontracting chain) through
//     service::WhoUses, p50/p95, against the same query as one recursive SQL CTE on the same
//     database — each answer's systems compared (a mismatch fails the run);
//   * concentration of the business (service::ConcentrationFor) against a recursive CTE giving
//     the suppliers and contractors dimensions (their system counts compared);
//   * what-if of a system (service::WhatIf), p50/p95.
// Writes one JSON object to --out. Sizes are parameters (the issue's full size is 1,000 operators
// × 20 systems × 500 component occurrences, 200,000 distinct components, 5,000 suppliers).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "service/register.h"
#include "service/supply.h"
#include "service/supply_findings.h"
#include "service/supply_store.h"
#include "service/verify.h"
#include "store/db.h"

namespace json = boost::json;
using namespace kikan;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
  int operators = 1000;
  int systems_per_operator = 20;
  int components = 500;  // occurrences per system (50 top-level, each with 9 nested)
  int distinct = 200'000;
  int suppliers = 5000;
  int queries = 200;
  std::string out = "build/bench/supply.json";
  std::string sqlite = "build/bench/supply-bench.db";
  std::string postgres;        // a URL, or "" for SQLite only
  bool analyze = false;        // ANALYZE after the import (planner statistics), before the queries
  bool keep = false;           // keep the SQLite file (to look at the plans)
  bool postgres_only = false;  // skip SQLite (with --postgres)
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double p50 = 0, p95 = 0, mean = 0;
};
Stats Summarise(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = v[v.size() / 2];
  s.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}
json::object StatsJson(const Stats& s) {
  return {{"p50_ms", s.p50}, {"p95_ms", s.p95}, {"mean_ms", s.mean}};
}

std::string OperatorId(int o) { return fmt::format("synth-op-{:04}", o); }
std::string SystemId(int o, int k) { return fmt::format("synth-{:04}-{:02}", o, k); }
// Supplier s, written two ways (株式会社 before or after, ㈱) so that matching works as filed.
std::string SupplierName(int s, int variant) {
  switch (variant % 3) {
    case 0:
      return fmt::format("合成サプライヤー{}株式会社（合成）", s);
    case 1:
      return fmt::format("株式会社合成サプライヤー{}（合成）", s);
    default:
      return fmt::format("㈱合成サプライヤー{}（合成）", s);
  }
}

// The component an occurrence names: skewed, so that some components are everywhere (a
// popular library) and most are rare.
int PickComponent(std::mt19937_64& rng, int distinct) {
  std::uniform_real_distribution<double> u(0, 1);
  double x = u(rng);
  return static_cast<int>(static_cast<double>(distinct) * x * x * x) % distinct;
}
std::string Purl(int k) { return fmt::format("pkg:npm/synth-lib-{}@1.{}.0", k, k % 7); }
int SupplierOf(int k, int suppliers) { return k % suppliers; }

// The CycloneDX 1.6 document of system (o, k).
std::string Document(const Config& cfg, int o, int k, std::mt19937_64& rng) {
  json::array top;
  int per = 10;
  int groups = std::max(1, cfg.components / per);
  std::set<int> used;
  auto component = [&](int ref_no) {
    int c = PickComponent(rng, cfg.distinct);
    json::object comp{{"type", "library"},
                      {"bom-ref", fmt::format("c{}", ref_no)},
                      {"name", fmt::format("synth-lib-{}", c)},
                      {"version", fmt::format("1.{}.0", c % 7)},
                      {"purl", Purl(c)},
                      {"supplier", {{"name", SupplierName(SupplierOf(c, cfg.suppliers), o + k)}}}};
    return comp;
  };
  int n = 0;
  for (int g = 0; g < groups && n < cfg.components; ++g) {
    json::object parent = component(n++);
    json::array kids;
    for (int j = 1; j < per && n < cfg.components; ++j) kids.push_back(component(n++));
    if (!kids.empty()) parent["components"] = std::move(kids);
    top.push_back(std::move(parent));
  }
  json::object doc{
      {"bomFormat", "CycloneDX"},
      {"specVersion", "1.6"},
      {"metadata",
       {{"component",
         {{"type", "application"},
          {"name", fmt::format("合成システム {}", SystemId(o, k))},
          {"bom-ref", "root"}}},
        {"properties",
         json::array{{{"name", "kikan:sample"},
                      {"value", "合成データ（ベンチマーク）/ SYNTHETIC benchmark data"}}}}}},
      {"components", std::move(top)},
      {"services",
       json::array{{{"bom-ref", "maint"},
                    {"name", "保守（合成）"},
                    {"provider", {{"name", SupplierName((o * 7 + k) % cfg.suppliers, 0)}}}}}}};
  return json::serialize(doc);
}

// who-uses as one SQL statement: the parties (by normalised name) and every party that entrusts
// work to them (recursive over supply_party_link), the systems naming any of them as component
// supplier or manufacturer, service provider, runner or the system's own supplier/manufacturer.
constexpr const char* kSupplierCte = R"sql(
WITH RECURSIVE up(party, depth) AS (
  SELECT id, 0 FROM supply_party WHERE name_key = ?
  UNION
  SELECT l.from_party, up.depth + 1 FROM supply_party_link l JOIN up ON l.to_party = up.party
  WHERE l.kind = 'subcontracts' AND up.depth < 16
)
SELECT DISTINCT system_id FROM (
  SELECT c.system_id FROM supply_component c WHERE c.supplier_party IN (SELECT party FROM up)
  UNION SELECT c.system_id FROM supply_component c WHERE c.manufacturer_party IN (SELECT party FROM up)
  UNION SELECT s.system_id FROM supply_service s WHERE s.provider_party IN (SELECT party FROM up)
  UNION SELECT y.id FROM supply_system y WHERE y.runner_party IN (SELECT party FROM up)
     OR y.supplier_party IN (SELECT party FROM up) OR y.manufacturer_party IN (SELECT party FROM up)
) x ORDER BY system_id)sql";

// The same for a purl package: the components (any nesting depth: the walk up the nesting is
// the recursive part) and their systems.
constexpr const char* kPurlCte = R"sql(
WITH RECURSIVE hit(system_id, ref, parent) AS (
  SELECT system_id, ref, parent FROM supply_component WHERE purl_package = ?
  UNION
  SELECT c.system_id, c.ref, c.parent FROM supply_component c
  JOIN hit h ON c.system_id = h.system_id AND c.ref = h.parent
)
SELECT DISTINCT h.system_id FROM hit h JOIN supply_system s ON s.id = h.system_id
ORDER BY h.system_id)sql";

// Concentration's suppliers and contractors dimensions for a business as SQL: per party, the
// number of the business's systems it supplies (component or system supplier/manufacturer) or
// serves as a contractor (service provider, runner, and whom those subcontract to,
// transitively).
constexpr const char* kConcentrationCte = R"sql(
WITH RECURSIVE sys(id) AS (
  SELECT DISTINCT system_id FROM supply_system_site WHERE business = ?
), sup(party, system_id) AS (
  SELECT c.supplier_party, c.system_id FROM supply_component c JOIN sys ON sys.id = c.system_id
  WHERE c.supplier_party <> ''
  UNION SELECT c.manufacturer_party, c.system_id FROM supply_component c
  JOIN sys ON sys.id = c.system_id WHERE c.manufacturer_party <> ''
  UNION SELECT y.supplier_party, y.id FROM supply_system y JOIN sys ON sys.id = y.id
  WHERE y.supplier_party <> ''
  UNION SELECT y.manufacturer_party, y.id FROM supply_system y JOIN sys ON sys.id = y.id
  WHERE y.manufacturer_party <> ''
), con(party, system_id, depth) AS (
  SELECT s.provider_party, s.system_id, 0 FROM supply_service s JOIN sys ON sys.id = s.system_id
  WHERE s.provider_party <> ''
  UNION SELECT y.runner_party, y.id, 0 FROM supply_system y JOIN sys ON sys.id = y.id
  WHERE y.runner_party <> ''
  UNION SELECT l.to_party, con.system_id, con.depth + 1 FROM supply_party_link l
  JOIN con ON l.from_party = con.party WHERE l.kind = 'subcontracts' AND con.depth < 16
)
SELECT 'suppliers', party, COUNT(DISTINCT system_id) FROM sup GROUP BY party
UNION ALL
SELECT 'contractors', party, COUNT(DISTINCT system_id) FROM con GROUP BY party)sql";

struct Backend {
  std::string name;
  std::string url;
  std::string schema;  // PostgreSQL: dropped at the end
};

base::Result<json::object> Run(const Config& cfg, const Backend& be) {
  fmt::print(
      "== {}: {} operators × {} systems × {} components, {} distinct, {} suppliers "
      "(SYNTHETIC)\n",
      be.name, cfg.operators, cfg.systems_per_operator, cfg.components, cfg.distinct,
      cfg.suppliers);
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(be.url, 1));
  auto conn = pool->Acquire();
  store::Connection& c = *conn;
  auto migrations = service::AllMigrations();
  KIKAN_TRY(store::Migrate(c, migrations));
  const service::Actor actor{"bench"};
  const base::Instant now = *base::ParseInstant("2026-12-01T00:00:00Z");
  std::mt19937_64 rng(20261203);

  // Operators and suppliers with ownership chains and subcontracting (one transaction).
  auto t0 = Clock::now();
  {
    KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
    for (int o = 0; o < cfg.operators; ++o) {
      service::Operator op{base::OperatorId(OperatorId(o)), "",
                           fmt::format("合成事業者{}（合成）", o), "", ""};
      KIKAN_TRY(service::PutOperator(c, op, actor, now));
    }
    for (int s = 0; s < cfg.suppliers; ++s) {
      supply::PartyRef me{SupplierName(s, 0), "", s % 10 == 9 ? "CN" : "JP", ""};
      if (s >= 10) {
        // Owned (60%) by a holding company further up the list: chains up to the first ten.
        supply::PartyRef owner{SupplierName(s / 10, 0), "", s / 10 % 10 == 9 ? "CN" : "JP", ""};
        KIKAN_TRY(service::PutPartyLink(c, owner, me, "owns", 600'000, actor, now));
      }
      if (s % 5 != 4 && s + 1 < cfg.suppliers) {
        // Chains of five: s entrusts work to s + 1 (委託 → 再委託 …).
        supply::PartyRef next{SupplierName(s + 1, 0), "", (s + 1) % 10 == 9 ? "CN" : "JP", ""};
        KIKAN_TRY(service::PutPartyLink(c, me, next, "subcontracts", 0, actor, now));
      }
    }
    KIKAN_TRY(tx.Commit());
  }
  double setup_ms = Ms(Clock::now() - t0);

  // Import, each document parsed alone first (the bare floor), then imported.
  double parse_ms = 0, import_ms = 0, site_ms = 0;
  double import_cpu_ms = 0;  // this process's CPU time (user + system) during the imports
  double split_parse = 0, split_resolve = 0, split_write = 0, split_commit = 0;
  int64_t bytes = 0, docs = 0;
  for (int o = 0; o < cfg.operators; ++o) {
    for (int k = 0; k < cfg.systems_per_operator; ++k) {
      std::string doc = Document(cfg, o, k, rng);
      bytes += static_cast<int64_t>(doc.size());
      auto p0 = Clock::now();
      boost::system::error_code ec;
      json::value parsed = json::parse(doc, ec);
      parse_ms += Ms(Clock::now() - p0);
      if (ec || !parsed.is_object()) return base::Internal({.en = "bad synthetic document"});
      auto i0 = Clock::now();
      const std::clock_t cpu0 = std::clock();
      KIKAN_ASSIGN_OR_RETURN(auto report, service::ImportSupplyDocument(
                                              c, base::OperatorId(OperatorId(o)),
                                              supply::SystemId(SystemId(o, k)), doc, actor, now));
      import_ms += Ms(Clock::now() - i0);
      import_cpu_ms += 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
      split_parse += report.timings.parse_ms;
      split_resolve += report.timings.resolve_ms;
      split_write += report.timings.write_ms;
      split_commit += report.timings.commit_ms;
      ++docs;
      // Each system serves a terminal of one of 50 ports, of the port business (untimed).
      auto s0 = Clock::now();
      KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
      int port = (o * cfg.systems_per_operator + k) % 50;
      KIKAN_TRY(
          service::PutSystemSite(c, supply::SystemId(SystemId(o, k)),
                                 {fmt::format("synth-terminal-{}", o % 200), "合成ターミナル",
                                  fmt::format("synth-port-{}", port), fmt::format("合成港{}", port),
                                  base::BusinessId("general_port_transport"), "illustrative"},
                                 actor, now));
      KIKAN_TRY(tx.Commit());
      site_ms += Ms(Clock::now() - s0);
    }
    if ((o + 1) % std::max(1, cfg.operators / 10) == 0) {
      fmt::print("  imported {} of {} operators' systems ({:.0f} s)\n", o + 1, cfg.operators,
                 import_ms / 1000);
      std::fflush(stdout);
    }
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  json::object import{
      {"documents", docs},
      {"bytes", bytes},
      {"component_rows", docs * cfg.components},
      {"parse_ms", parse_ms},
      {"import_ms", import_ms},
      {"parse_mb_per_s", mb / (parse_ms / 1000)},
      {"import_mb_per_s", mb / (import_ms / 1000)},
      {"import_over_parse", parse_ms / import_ms},
      {"components_per_s", static_cast<double>(docs * cfg.components) / (import_ms / 1000)},
      {"site_ms_untimed", site_ms},
      {"import_cpu_ms", import_cpu_ms},
      {"split_ms",
       {{"parse", split_parse},
        {"resolve", split_resolve},
        {"write", split_write},
        {"commit", split_commit}}}};
  fmt::print(
      "  import split: parse {:.0f} ms, resolve {:.0f} ms, write {:.0f} ms, commit {:.0f} ms; "
      "this process's CPU {:.0f} ms\n",
      split_parse, split_resolve, split_write, split_commit, import_cpu_ms);
  fmt::print(
      "  import: {:.1f} MB in {:.1f} s ({:.2f} MB/s); Boost.JSON alone {:.1f} MB/s; "
      "ratio {:.3f}\n",
      mb, import_ms / 1000, mb / (import_ms / 1000), mb / (parse_ms / 1000), parse_ms / import_ms);

  double analyze_ms = 0;
  if (cfg.analyze) {
    auto a0 = Clock::now();
    KIKAN_TRY(c.ExecScript("ANALYZE"));
    analyze_ms = Ms(Clock::now() - a0);
    fmt::print("  ANALYZE: {:.0f} ms\n", analyze_ms);
  }
  import["analyze_ms"] = analyze_ms;

  // who-uses: the service against the CTE, the same systems asked for.
  const auth::ScopeFilter all = auth::ScopeFilter::All();
  auto who = [&](service::WhoUsesQuery::Kind kind, const char* cte,
                 auto value_of) -> base::Result<json::object> {
    std::vector<double> svc, sql;
    int64_t mismatches = 0, systems_total = 0;
    for (int q = 0; q < cfg.queries; ++q) {
      auto [value, key] = value_of(q);
      auto a0 = Clock::now();
      KIKAN_ASSIGN_OR_RETURN(auto r, service::WhoUses(c, {kind, value}, all));
      svc.push_back(Ms(Clock::now() - a0));
      auto b0 = Clock::now();
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(cte, {key}));
      sql.push_back(Ms(Clock::now() - b0));
      std::vector<std::string> x, y;
      for (const auto& s : r.systems) x.push_back(s.id.value());
      for (const auto& row : rows) y.push_back(row.Text(0));
      if (x != y) ++mismatches;
      systems_total += static_cast<int64_t>(x.size());
    }
    Stats a = Summarise(svc), b = Summarise(sql);
    return json::object{{"queries", cfg.queries},
                        {"mean_systems", static_cast<double>(systems_total) / cfg.queries},
                        {"kikan", StatsJson(a)},
                        {"cte", StatsJson(b)},
                        {"p95_cte_over_kikan", b.p95 / a.p95},
                        {"answers_differ", mismatches}};
  };
  std::uniform_int_distribution<int> any_component(0, cfg.distinct - 1);
  std::uniform_int_distribution<int> any_supplier(0, cfg.suppliers - 1);
  KIKAN_ASSIGN_OR_RETURN(auto purl, who(service::WhoUsesQuery::Kind::kPurl, kPurlCte, [&](int) {
                           int k = PickComponent(rng, cfg.distinct);
                           std::string pkg = fmt::format("pkg:npm/synth-lib-{}", k);
                           return std::pair{pkg, pkg};
                         }));
  KIKAN_ASSIGN_OR_RETURN(auto supplier,
                         who(service::WhoUsesQuery::Kind::kSupplier, kSupplierCte, [&](int) {
                           int s = any_supplier(rng);
                           std::string name = SupplierName(s, 1);
                           return std::pair{name, supply::NormaliseCompanyName(name)};
                         }));
  fmt::print(
      "  who-uses purl: kikan p50 {:.2f} p95 {:.2f} ms, CTE p50 {:.2f} p95 {:.2f} ms; "
      "differ {}\n",
      purl["kikan"].at("p50_ms").as_double(), purl["kikan"].at("p95_ms").as_double(),
      purl["cte"].at("p50_ms").as_double(), purl["cte"].at("p95_ms").as_double(),
      purl["answers_differ"].as_int64());
  fmt::print(
      "  who-uses supplier: kikan p50 {:.2f} p95 {:.2f} ms, CTE p50 {:.2f} p95 {:.2f} ms; "
      "differ {}\n",
      supplier["kikan"].at("p50_ms").as_double(), supplier["kikan"].at("p95_ms").as_double(),
      supplier["cte"].at("p50_ms").as_double(), supplier["cte"].at("p95_ms").as_double(),
      supplier["answers_differ"].as_int64());

  // Concentration: one run each (it reads the whole business), compared on two dimensions.
  auto k0 = Clock::now();
  KIKAN_ASSIGN_OR_RETURN(
      auto conc, service::ConcentrationFor(c, base::BusinessId("general_port_transport"), all));
  double conc_ms = Ms(Clock::now() - k0);
  auto q0 = Clock::now();
  KIKAN_ASSIGN_OR_RETURN(auto crow,
                         c.Query(kConcentrationCte, {std::string("general_port_transport")}));
  double cte_ms = Ms(Clock::now() - q0);
  std::map<std::pair<std::string, std::string>, int64_t> mine, theirs;
  for (const auto& d : conc.dimensions) {
    if (d.name != "suppliers" && d.name != "contractors") continue;
    for (const auto& item : d.items)
      mine[{d.name, item.key}] = static_cast<int64_t>(item.systems.size());
  }
  for (const auto& r : crow) theirs[{r.Text(0), r.Text(1)}] = r.Int(2);
  json::object concentration{{"systems", static_cast<int64_t>(conc.systems.size())},
                             {"kikan_ms", conc_ms},
                             {"cte_ms", cte_ms},
                             {"cte_over_kikan", cte_ms / conc_ms},
                             {"dimensions_agree", mine == theirs}};
  fmt::print(
      "  concentration: kikan {:.0f} ms (4 dimensions, HHI), CTE {:.0f} ms (2 "
      "dimensions); agree {}\n",
      conc_ms, cte_ms, mine == theirs);

  // What-if of random systems.
  std::vector<double> wi;
  std::uniform_int_distribution<int> any_op(0, cfg.operators - 1),
      any_sys(0, cfg.systems_per_operator - 1);
  for (int q = 0; q < std::min(cfg.queries, 100); ++q) {
    service::WhatIfRequest req{supply::SystemId(SystemId(any_op(rng), any_sys(rng))), now, 3, {}};
    auto w0 = Clock::now();
    KIKAN_ASSIGN_OR_RETURN(auto r, service::WhatIf(c, req, all));
    wi.push_back(Ms(Clock::now() - w0));
    (void)r;
  }
  Stats w = Summarise(wi);
  fmt::print("  what-if: p50 {:.2f} p95 {:.2f} ms\n", w.p50, w.p95);
  return json::object{{"backend", be.name},
                      {"setup_ms", setup_ms},
                      {"import", std::move(import)},
                      {"who_uses_purl", std::move(purl)},
                      {"who_uses_supplier", std::move(supplier)},
                      {"concentration", std::move(concentration)},
                      {"whatif", StatsJson(w)}};
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--operators")
      cfg.operators = std::stoi(next());
    else if (a == "--systems")
      cfg.systems_per_operator = std::stoi(next());
    else if (a == "--components")
      cfg.components = std::stoi(next());
    else if (a == "--distinct")
      cfg.distinct = std::stoi(next());
    else if (a == "--suppliers")
      cfg.suppliers = std::stoi(next());
    else if (a == "--queries")
      cfg.queries = std::stoi(next());
    else if (a == "--out")
      cfg.out = next();
    else if (a == "--sqlite")
      cfg.sqlite = next();
    else if (a == "--postgres")
      cfg.postgres = next();
    else if (a == "--analyze")
      cfg.analyze = true;
    else if (a == "--keep")
      cfg.keep = true;
    else if (a == "--postgres-only")
      cfg.postgres_only = true;
    else {
      std::fprintf(stderr,
                   "kikan_supply_bench [--operators N] [--systems N] [--components N] "
                   "[--distinct N] [--suppliers N] [--queries N] [--out FILE] [--sqlite FILE] "
                   "[--postgres URL [--postgres-only]] [--analyze] [--keep]\n");
      return 2;
    }
  }
  if (cfg.operators < 1 || cfg.systems_per_operator < 1 || cfg.components < 10 ||
      cfg.distinct < 1 || cfg.suppliers < 10 || cfg.queries < 1) {
    std::fprintf(stderr, "sizes out of range\n");
    return 2;
  }
  std::vector<Backend> backends;
  std::filesystem::create_directories(std::filesystem::path(cfg.sqlite).parent_path());
  std::filesystem::remove(cfg.sqlite);
  if (!cfg.postgres_only || cfg.postgres.empty())
    backends.push_back({"sqlite", "sqlite:" + cfg.sqlite, ""});
  std::unique_ptr<store::Pool> admin;
  if (!cfg.postgres.empty()) {
    auto a = store::Open(cfg.postgres, 1);
    if (!a) {
      std::fprintf(stderr, "%s\n", a.status().ToString().c_str());
      return 1;
    }
    admin = std::move(*a);
    std::string schema = fmt::format("kikan_supply_bench_{}", ::getpid());
    if (auto st = admin->Acquire()->ExecScript("CREATE SCHEMA " + schema); !st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return 1;
    }
    const char* sep = cfg.postgres.find('?') == std::string::npos ? "?" : "&";
    backends.push_back(
        {"postgresql", cfg.postgres + sep + "options=-c%20search_path%3D" + schema, schema});
  }
  json::array results;
  int rc = 0;
  for (const auto& be : backends) {
    auto r = Run(cfg, be);
    if (!r) {
      std::fprintf(stderr, "%s: %s\n", be.name.c_str(), r.status().ToString().c_str());
      rc = 1;
    } else {
      if ((*r)["who_uses_purl"].at("answers_differ").as_int64() != 0 ||
          (*r)["who_uses_supplier"].at("answers_differ").as_int64() != 0 ||
          !(*r)["concentration"].at("dimensions_agree").as_bool()) {
        std::fprintf(stderr, "%s: Kikan's answers and the CTE's differ\n", be.name.c_str());
        rc = 1;
      }
      results.push_back(std::move(*r));
    }
    if (!be.schema.empty())
      (void)admin->Acquire()->ExecScript("DROP SCHEMA " + be.schema + " CASCADE");
  }
  if (!cfg.keep) std::filesystem::remove(cfg.sqlite);
  json::object out{
      {"benchmark", "supply (issue 11 §8)"},
      {"data", "SYNTHETIC: every operator, system, component and supplier is invented"},
      {"size",
       {{"operators", cfg.operators},
        {"systems_per_operator", cfg.systems_per_operator},
        {"component_occurrences_per_system", cfg.components},
        {"distinct_components", cfg.distinct},
        {"suppliers", cfg.suppliers},
        {"queries", cfg.queries},
        {"analyze", cfg.analyze}}},
      {"targets",
       "who-uses p95 <= 50 ms and never slower than the CTE; import >= 0.5x the bare "
       "parse"},
      {"results", std::move(results)}};
  std::filesystem::create_directories(std::filesystem::path(cfg.out).parent_path());
  std::ofstream(cfg.out) << json::serialize(out) << "\n";
  fmt::print("wrote {}\n", cfg.out);
  return rc;
}
