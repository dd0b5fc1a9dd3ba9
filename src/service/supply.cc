#include "service/supply.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "audit/event.h"
#include "base/number.h"

namespace kikan::service {
namespace {

bool IsCorporateNumberText(std::string_view s) {
  return s.size() == 13 &&
         std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

// The operators using the systems `systems_sql` selects (a subquery of system ids, its
// parameters `systems_params`) that `scope` may name, by id ("filed" wins over "illustrative"
// for one operator); `*others` gets the number of the other users.
base::Result<std::vector<WhoUsesResult::OperatorRef>> UsersOf(
    store::Connection& c, std::string_view systems_sql,
    const std::vector<store::Value>& systems_params, const auth::ScopeFilter& scope, int* others) {
  std::vector<WhoUsesResult::OperatorRef> out;
  *others = 0;
  std::vector<store::Value> params = systems_params;
  std::string named = SupplyOperatorScopeSql(scope, "u.operator_id", &params);
  std::string sql = fmt::format(
      "SELECT u.operator_id, o.name_ja, u.basis FROM supply_system_user u JOIN operator o ON "
      "o.id = u.operator_id WHERE u.system_id IN ({}) AND {} ORDER BY u.operator_id, u.basis",
      systems_sql, named);
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  for (const auto& r : rows) {
    base::OperatorId id(r.Text(0));
    if (!out.empty() && out.back().id == id) {
      if (r.Text(2) == "filed") out.back().basis = "filed";
      continue;
    }
    out.push_back({id, r.Text(1), r.Text(2)});
  }
  params = systems_params;
  named = SupplyOperatorScopeSql(scope, "operator_id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto count, c.Query(fmt::format("SELECT COUNT(DISTINCT operator_id) FROM supply_system_user "
                                      "WHERE system_id IN ({}) AND NOT {}",
                                      systems_sql, named),
                          params));
  *others = static_cast<int>(count.at(0).Int(0));
  return out;
}

// One source of who-uses' matches: `from_where` ("table WHERE condition", its parameters in
// `params`) over a table with system_id and seq; `row` the columns after system_id of a listed
// match (src, seq, ref, type, name, version, via).
struct MatchBranch {
  std::string from_where;
  std::vector<store::Value> params;
  std::string row;
  std::vector<store::Value> row_params;  // of `row`'s expressions, before `params`
};

// The keyset of a listed match: system id, source (0 component, 1 service, 2 the system's own),
// position. As text: "SYSTEM/SRC/SEQ" (a system id has no '/').
struct MatchKey {
  std::string system;
  int64_t src = 0;
  int64_t seq = 0;
};

std::string FormatMatchKey(const MatchKey& k) {
  return fmt::format("{}/{}/{}", k.system, k.src, k.seq);
}

base::Result<MatchKey> ParseMatchKey(std::string_view s) {
  auto bad = [&] {
    return base::InvalidArgument({.ja = fmt::format("after \"{}\" は next の値ではありません", s),
                                  .en = fmt::format("after \"{}\" is not a next value", s)})
        .WithFields({{"/after",
                      {.ja = "前のページの next を渡してください",
                       .en = "pass the next of the page before"}}});
  };
  auto b = s.rfind('/');
  if (b == std::string_view::npos || b == 0) return bad();
  auto a = s.rfind('/', b - 1);
  if (a == std::string_view::npos || a == 0) return bad();
  auto src = base::ParseInt(s.substr(a + 1, b - a - 1));
  auto seq = base::ParseInt(s.substr(b + 1));
  if (!src || !seq || *src < 0 || *src > 2 || *seq < 0) return bad();
  return MatchKey{std::string(s.substr(0, a)), *src, *seq};
}
}  // namespace

base::Result<SupplyImportReport> ImportSupplyDocument(store::Connection& c,
                                                      const base::OperatorId& operator_id,
                                                      const supply::SystemId& system,
                                                      std::string_view document, const Actor& actor,
                                                      base::Instant now) {
  using Steady = std::chrono::steady_clock;
  auto ms = [](Steady::time_point from) {
    return std::chrono::duration<double, std::milli>(Steady::now() - from).count();
  };
  const auto t0 = Steady::now();
  KIKAN_ASSIGN_OR_RETURN(supply::ParsedDocument parsed, supply::ParseDocument(document));
  SupplyImportReport report;
  report.timings.parse_ms = ms(t0);
  const auto t1 = Steady::now();
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  report.system = system;
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, system));
  if (!exists) {
    SupplySystem s;
    s.id = system;
    s.name = parsed.inventory.name.empty() ? system.value() : parsed.inventory.name;
    s.filed_by = operator_id;
    KIKAN_TRY(CreateSupplySystem(c, std::move(s), actor, now));
    report.system_created = true;
  } else {
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT 1 FROM supply_system_user WHERE system_id = "
                                              "? AND operator_id = ?",
                                              {system.value(), operator_id.value()}));
    if (rows.empty()) {
      return base::FailedPrecondition(
          {.ja = fmt::format("事業者 {} はシステム \"{}\" の利用者ではありません", operator_id,
                             system),
           .en = fmt::format("operator {} is not a user of system \"{}\"", operator_id, system)});
    }
  }
  KIKAN_TRY(ReplaceInventory(c, system, parsed.inventory, actor, now, &report.timings));
  report.timings.write_ms = ms(t1) - report.timings.resolve_ms;
  const auto t2 = Steady::now();
  KIKAN_TRY(tx.Commit());
  report.timings.commit_ms = ms(t2);
  report.format = parsed.format;
  report.spec_version = parsed.spec_version;
  report.components = parsed.inventory.components.size();
  report.services = parsed.inventory.services.size();
  report.dependencies = parsed.inventory.dependencies.size();
  report.sample = parsed.inventory.sample;
  return report;
}

base::Status SupplySystemNotFound(const supply::SystemId& id) {
  return base::NotFound({.ja = fmt::format("システム \"{}\" はありません", id),
                         .en = fmt::format("no system \"{}\"", id)});
}

base::Result<bool> SupplySystemVisible(store::Connection& c, const supply::SystemId& id,
                                       const auth::ScopeFilter& scope) {
  std::vector<store::Value> params{id.value()};
  std::string visible = SupplySystemScopeSql(scope, "id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT 1 FROM supply_system WHERE id = ? AND {}", visible), params));
  return !rows.empty();
}

base::Result<std::string> ExportSupplySystem(store::Connection& c, const supply::SystemId& system,
                                             const auth::ScopeFilter& scope) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(bool visible, SupplySystemVisible(c, system, scope));
  if (!visible) return SupplySystemNotFound(system);
  KIKAN_ASSIGN_OR_RETURN(SupplySystemState state, GetSupplySystem(c, system.view()));
  // A name-based serial: the same audited state gives the same document.
  std::string h = audit::HashState(CanonicalState(state));
  h[12] = '5';
  h[16] = "89ab"[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  supply::ExportOptions options;
  options.serial_number = fmt::format("urn:uuid:{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4),
                                      h.substr(12, 4), h.substr(16, 4), h.substr(20, 12));
  options.timestamp = base::FormatInstant(state.system.updated_at);
  options.system_id = system.value();
  supply::Inventory inv = state.inventory;
  if (inv.name.empty()) inv.name = state.system.name;
  return supply::ExportCycloneDx(inv, options);
}

base::Result<WhoUsesResult> WhoUses(store::Connection& c, const WhoUsesQuery& q,
                                    const auth::ScopeFilter& scope) {
  if (q.value.empty()) {
    return base::InvalidArgument(
        {.ja = "検索する値が空です", .en = "the value to look for is empty"});
  }
  const int64_t limit = std::clamp<int64_t>(q.limit, 1, kMaxWhoUsesComponents);
  std::optional<MatchKey> after;
  if (!q.after.empty()) {
    KIKAN_ASSIGN_OR_RETURN(after, ParseMatchKey(q.after));
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  WhoUsesResult out;
  static constexpr std::string_view kComponentRow = "0 AS src, seq";
  std::vector<MatchBranch> branches;
  switch (q.kind) {
    case WhoUsesQuery::Kind::kPurl: {
      std::string package = supply::PurlPackage(q.value);
      if (package.empty()) {
        return base::InvalidArgument(
            {.ja = fmt::format("PURL \"{}\" は pkg: で始まる形式ではありません", q.value),
             .en = fmt::format("purl \"{}\" is not of the form pkg:…", q.value)});
      }
      bool any_version = package == q.value;
      branches.push_back(
          {fmt::format("supply_component WHERE {}", any_version ? "purl_package = ?" : "purl = ?"),
           {any_version ? package : q.value},
           fmt::format("{}, 'purl' AS via", kComponentRow),
           {}});
      break;
    }
    case WhoUsesQuery::Kind::kCpe:
      branches.push_back({"supply_component WHERE cpe_key = ?",
                          {AsciiLower(q.value)},
                          fmt::format("{}, 'cpe' AS via", kComponentRow),
                          {}});
      break;
    case WhoUsesQuery::Kind::kComponent: {
      auto slash = q.value.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == q.value.size()) {
        return base::InvalidArgument(
            {.ja = fmt::format("\"{}\" は 製造者/型式 の形ではありません", q.value),
             .en = fmt::format("\"{}\" is not of the form MANUFACTURER/MODEL", q.value)});
      }
      branches.push_back({"supply_component WHERE manufacturer_key = ? AND model_key = ?",
                          {supply::NormaliseCompanyName(q.value.substr(0, slash)),
                           supply::FoldText(q.value.substr(slash + 1))},
                          fmt::format("{}, 'model' AS via", kComponentRow),
                          {}});
      break;
    }
    case WhoUsesQuery::Kind::kSupplier: {
      // The party and, up the subcontracting chain, who entrusts work to it (委託 → 再委託), each
      // at its shortest distance: one recursive query.
      bool by_number = IsCorporateNumberText(q.value);
      KIKAN_ASSIGN_OR_RETURN(
          auto rows,
          c.Query(fmt::format(
                      "WITH RECURSIVE up(party, depth) AS (SELECT id, 0 FROM supply_party WHERE "
                      "{} = ? UNION SELECT l.from_party, up.depth + 1 FROM supply_party_link l "
                      "JOIN up ON l.to_party = up.party WHERE l.kind = 'subcontracts' AND "
                      "up.depth < {}) SELECT p.id, p.name, p.corporate_number, MIN(up.depth) AS d "
                      "FROM up JOIN supply_party p ON p.id = up.party GROUP BY p.id, p.name, "
                      "p.corporate_number ORDER BY d, p.id LIMIT {}",
                      by_number ? "corporate_number" : "name_key", kMaxSubcontractDepth,
                      kMaxWhoUsesParties),
                  {by_number ? q.value : supply::NormaliseCompanyName(q.value)}));
      std::vector<std::string> ids;
      for (const auto& r : rows) {
        ids.push_back(r.Text(0));
        out.parties.push_back({r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3))});
      }
      if (ids.empty()) break;
      if (!scope.all) {
        // The walk passes through every party; only those the scope may see are listed (the
        // matches below keep to its systems anyway).
        std::vector<store::Value> params;
        std::string list = SqlInList(ids, &params);
        std::string visible = SupplyPartyScopeSql(scope, "id", &params);
        KIKAN_ASSIGN_OR_RETURN(
            auto kept, c.Query(fmt::format("SELECT id FROM supply_party WHERE id IN ({}) AND {}",
                                           list, visible),
                               params));
        std::set<std::string> keep;
        for (const auto& r : kept) keep.insert(r.Text(0));
        std::erase_if(out.parties, [&](const auto& p) { return !keep.count(p.id); });
      }
      std::stable_sort(out.parties.begin(), out.parties.end(), [](const auto& a, const auto& b) {
        return std::tie(a.depth, a.name) < std::tie(b.depth, b.name);
      });
      // Each column looked up through its own index (no OR across two columns): a component
      // naming a party as supplier, else as manufacturer; a service; the system's own.
      auto list = [&](std::vector<store::Value>* params) { return SqlInList(ids, params); };
      MatchBranch supplier, manufacturer, service, own;
      supplier.from_where =
          fmt::format("supply_component WHERE supplier_party IN ({})", list(&supplier.params));
      supplier.row = fmt::format("{}, 'supplier' AS via", kComponentRow);
      manufacturer.from_where = fmt::format(
          "supply_component WHERE manufacturer_party IN ({}) AND supplier_party NOT IN ({})",
          list(&manufacturer.params), list(&manufacturer.params));
      manufacturer.row = fmt::format("{}, 'manufacturer' AS via", kComponentRow);
      service.from_where =
          fmt::format("supply_service WHERE provider_party IN ({})", list(&service.params));
      service.row = "1 AS src, seq, 'provider' AS via";
      std::string runner = list(&own.row_params), system_supplier = list(&own.row_params);
      own.from_where = fmt::format(
          "(SELECT id AS system_id, 0 AS seq, runner_party, supplier_party FROM "
          "supply_system WHERE id IN (SELECT id FROM supply_system WHERE runner_party IN ({}) "
          "UNION SELECT id FROM supply_system WHERE supplier_party IN ({}) UNION SELECT id FROM "
          "supply_system WHERE manufacturer_party IN ({}))) own WHERE 1 = 1",
          list(&own.params), list(&own.params), list(&own.params));
      own.row = fmt::format(
          "2 AS src, seq, CASE WHEN runner_party IN ({}) THEN 'runner' WHEN supplier_party IN "
          "({}) THEN 'system_supplier' ELSE 'system_manufacturer' END AS via",
          runner, system_supplier);
      branches = {std::move(supplier), std::move(manufacturer), std::move(service), std::move(own)};
      break;
    }
  }
  if (branches.empty()) return out;

  // Every query keeps to the systems `scope` sees: each branch's condition AND this.
  std::vector<store::Value> scope_params;
  const std::string in_scope = SupplySystemScopeSql(scope, "system_id", &scope_params);
  auto join = [&](std::string_view select, std::string_view glue, bool with_row,
                  std::vector<store::Value>* params) {
    std::string sql;
    for (const auto& b : branches) {
      if (!sql.empty()) sql += glue;
      sql += fmt::format("SELECT {} FROM {} AND {}",
                         select.empty() ? "system_id, " + b.row : std::string(select), b.from_where,
                         in_scope);
      if (with_row) params->insert(params->end(), b.row_params.begin(), b.row_params.end());
      params->insert(params->end(), b.params.begin(), b.params.end());
      params->insert(params->end(), scope_params.begin(), scope_params.end());
    }
    return sql;
  };
  // The systems holding a match: listed whole, with their filers where the scope may name them.
  std::vector<store::Value> params;
  std::string named = SupplyOperatorScopeSql(scope, "s.filed_by", &params);
  std::string hits = join("system_id", " UNION ", false, &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto systems,
      c.Query(fmt::format("SELECT s.id, s.name, CASE WHEN {} THEN s.filed_by ELSE '' END, "
                          "s.sample FROM supply_system s WHERE s.id IN ({}) ORDER BY s.id",
                          named, hits),
              params));
  if (systems.empty()) return out;
  for (const auto& r : systems) {
    out.systems.push_back(
        {supply::SystemId(r.Text(0)), r.Text(1), base::OperatorId(r.Text(2)), r.Text(3)});
  }
  std::vector<store::Value> hit_params;
  hits = join("system_id", " UNION ", false, &hit_params);
  KIKAN_ASSIGN_OR_RETURN(out.operators, UsersOf(c, hits, hit_params, scope, &out.other_operators));
  KIKAN_ASSIGN_OR_RETURN(
      auto sites,
      c.Query(fmt::format("SELECT DISTINCT terminal_id, terminal_name, port_id, port_name, "
                          "business, basis FROM supply_system_site WHERE system_id IN ({}) ORDER "
                          "BY port_id, terminal_id",
                          hits),
              hit_params));
  std::set<base::BusinessId> businesses;
  for (const auto& t : sites) {
    if (!out.sites.empty() && out.sites.back().terminal_id == t.Text(0)) continue;
    out.sites.push_back(
        {t.Text(0), t.Text(1), t.Text(2), t.Text(3), base::BusinessId(t.Text(4)), t.Text(5)});
    businesses.insert(base::BusinessId(t.Text(4)));
  }
  out.businesses.assign(businesses.begin(), businesses.end());

  // The matches: counted, and one page of them listed.
  params.clear();
  std::string counts;
  for (const auto& b : branches) {
    counts += fmt::format("{}(SELECT COUNT(*) FROM {} AND {})", counts.empty() ? "" : " + ",
                          b.from_where, in_scope);
    params.insert(params.end(), b.params.begin(), b.params.end());
    params.insert(params.end(), scope_params.begin(), scope_params.end());
  }
  KIKAN_ASSIGN_OR_RETURN(auto total, c.Query("SELECT " + counts, params));
  out.components_total = total.at(0).Int(0);
  params.clear();
  std::string rows = join("", " UNION ALL ", true, &params);
  std::string keyset = "1 = 1";
  if (after) {
    keyset = "m.system_id > ? OR (m.system_id = ? AND (m.src > ? OR (m.src = ? AND m.seq > ?)))";
    params.emplace_back(after->system);
    params.emplace_back(after->system);
    params.emplace_back(after->src);
    params.emplace_back(after->src);
    params.emplace_back(after->seq);
  }
  // The page's keys from the indexes alone, then its rows by primary key.
  KIKAN_ASSIGN_OR_RETURN(
      auto page,
      c.Query(fmt::format(
                  "SELECT k.system_id, k.src, k.seq, CASE k.src WHEN 0 THEN c.ref WHEN 1 THEN "
                  "v.ref ELSE '' END, CASE k.src WHEN 0 THEN c.type WHEN 1 THEN 'service' ELSE "
                  "'system' END, CASE k.src WHEN 0 THEN c.name WHEN 1 THEN v.name ELSE y.name "
                  "END, CASE k.src WHEN 0 THEN c.version WHEN 1 THEN v.version ELSE '' END, k.via "
                  "FROM (SELECT m.system_id, m.src, m.seq, m.via FROM ({}) m WHERE {} ORDER BY "
                  "m.system_id, m.src, m.seq LIMIT {}) k LEFT JOIN supply_component c ON k.src = "
                  "0 AND c.system_id = k.system_id AND c.seq = k.seq LEFT JOIN supply_service v "
                  "ON k.src = 1 AND v.system_id = k.system_id AND v.seq = k.seq LEFT JOIN "
                  "supply_system y ON k.src = 2 AND y.id = k.system_id ORDER BY k.system_id, "
                  "k.src, k.seq",
                  rows, keyset, limit + 1),
              params));
  for (const auto& r : page) {
    if (static_cast<int64_t>(out.components.size()) == limit) {
      const auto& last = page[static_cast<size_t>(limit) - 1];
      out.next = FormatMatchKey({last.Text(0), last.Int(1), last.Int(2)});
      break;
    }
    out.components.push_back(
        {supply::SystemId(r.Text(0)), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
  }
  return out;
}

base::Result<std::vector<ThroughputFigure>> PortsThroughput(const registry::Manifest& manifest,
                                                            std::string_view harbour_csv) {
  std::vector<ThroughputFigure> out;
  for (const auto& t : manifest.totals) {
    if (t.metric != "harbour.annual_teu") continue;
    base::Text basis = registry::TotalBasisLabel(t.basis);
    out.push_back(
        {"national", "", "全国", t.year, t.value, fmt::format("{} / {}", basis.ja, basis.en),
         t.source.url.empty() ? t.source.text : fmt::format("{} {}", t.source.text, t.source.url)});
  }
  struct Port {
    std::vector<std::string> names;
    int64_t teu = 0;
    int first_year = 0, last_year = 0;
    std::set<std::string> bases;
  };
  std::map<std::string, Port> ports;
  std::map<std::string, size_t> column;
  int line_no = 0;
  auto bad = [&](std::string_view ja, std::string_view en) {
    return base::InvalidArgument({.ja = fmt::format("harbour.csv {} 行目: {}", line_no, ja),
                                  .en = fmt::format("harbour.csv line {}: {}", line_no, en)});
  };
  auto positive = [](std::string_view s, int64_t* v) {
    if (s.empty() || s.size() > 15) return false;
    int64_t n = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return false;
      n = n * 10 + (ch - '0');
    }
    *v = n;
    return n > 0;
  };
  while (!harbour_csv.empty()) {
    auto nl = harbour_csv.find('\n');
    std::string_view line = harbour_csv.substr(0, nl);
    harbour_csv.remove_prefix(nl == std::string_view::npos ? harbour_csv.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.find('"') != std::string_view::npos) return bad("引用符は読みません", "quoted cell");
    std::vector<std::string> cells;
    for (;;) {
      auto comma = line.find(',');
      cells.emplace_back(line.substr(0, comma));
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    if (column.empty()) {
      for (size_t k = 0; k < cells.size(); ++k) column[cells[k]] = k;
      for (const char* need : {"id", "name", "port", "annual_teu", "teu_year", "teu_basis"}) {
        if (!column.count(need))
          return bad(fmt::format("列 {} がありません", need), fmt::format("no column {}", need));
      }
      continue;
    }
    if (cells.size() != column.size()) return bad("列の数が見出しと違います", "wrong width");
    const std::string& teu_cell = cells[column["annual_teu"]];
    if (teu_cell.empty()) continue;
    int64_t teu = 0, year = 0;
    if (!positive(teu_cell, &teu)) return bad("annual_teu が不正です", "bad annual_teu");
    if (!positive(cells[column["teu_year"]], &year) || year > 9999)
      return bad("teu_year が不正です", "bad teu_year");
    const std::string& port_id = cells[column["port"]];
    if (port_id.empty()) return bad("port がありません", "no port");
    Port& p = ports[port_id];
    p.names.push_back(cells[column["name"]]);
    p.teu += teu;
    int y = static_cast<int>(year);
    p.first_year = p.first_year == 0 ? y : std::min(p.first_year, y);
    p.last_year = std::max(p.last_year, y);
    p.bases.insert(cells[column["teu_basis"]]);
  }
  for (const auto& [id, p] : ports) {
    std::string names;
    for (const auto& n : p.names) names += (names.empty() ? "" : "・") + n;
    std::string basis;
    if (p.bases.size() == 1) {
      base::Text b = registry::TotalBasisLabel(*p.bases.begin());
      basis = p.bases.begin()->empty() ? "不明 / unknown" : fmt::format("{} / {}", b.ja, b.en);
    } else {
      basis = "港ごとに異なる / differs by harbour";
    }
    if (p.first_year != p.last_year) {
      basis += fmt::format("（{}〜{} 年の港の値の合計 / harbours' figures of {}–{} summed）",
                           p.first_year, p.last_year, p.first_year, p.last_year);
    }
    out.push_back({"port", id, names, p.last_year, p.teu, basis,
                   fmt::format("{} harbour.csv", manifest.name)});
  }
  return out;
}

base::Result<std::vector<ThroughputFigure>> ReadPortsThroughput(const std::string& dir) {
  KIKAN_ASSIGN_OR_RETURN(registry::Manifest manifest, registry::ReadManifest(dir));
  std::ifstream in(dir + "/harbour.csv", std::ios::binary);
  if (!in) {
    return base::NotFound({.ja = fmt::format("{}/harbour.csv を読めません", dir),
                           .en = fmt::format("cannot read {}/harbour.csv", dir)});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return PortsThroughput(manifest, ss.str());
}

base::Result<WhatIfResult> WhatIf(store::Connection& c, const WhatIfRequest& request,
                                  const auth::ScopeFilter& scope) {
  if (request.days < 1 || request.days > 366) {
    return base::InvalidArgument(
        {.ja = fmt::format("日数 {} は 1〜366 でなければなりません", request.days),
         .en = fmt::format("{} days: must be 1–366", request.days)});
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(bool visible, SupplySystemVisible(c, request.system, scope));
  if (!visible) return SupplySystemNotFound(request.system);
  KIKAN_ASSIGN_OR_RETURN(SupplySystemState state, GetSupplySystem(c, request.system.view()));
  WhatIfResult out;
  out.system = state.system;
  out.sample = state.inventory.sample;
  out.from = request.from;
  out.days = request.days;
  out.until = request.from + std::chrono::hours(24) * request.days;
  KIKAN_ASSIGN_OR_RETURN(out.operators,
                         UsersOf(c, "?", {request.system.value()}, scope, &out.other_operators));

  out.terminals = state.sites;
  std::stable_sort(out.terminals.begin(), out.terminals.end(), [](const auto& a, const auto& b) {
    return std::tie(a.port_id, a.terminal_id) < std::tie(b.port_id, b.terminal_id);
  });
  std::set<base::BusinessId> businesses;
  for (const auto& t : out.terminals) {
    if (!t.business.empty()) businesses.insert(t.business);
    if (out.ports.empty() || out.ports.back().id != t.port_id) {
      WhatIfResult::PortImpact port;
      port.id = t.port_id;
      port.name = t.port_name;
      out.ports.push_back(std::move(port));
    }
    out.ports.back().terminals.push_back(t.terminal_id);
  }

  // The national figure: of the ports' year when there is one, else the latest.
  auto latest = [&](std::string_view kind, std::string_view id) -> const ThroughputFigure* {
    const ThroughputFigure* best = nullptr;
    for (const auto& f : request.throughput) {
      if (f.scope == kind && f.id == id && (best == nullptr || f.year > best->year)) best = &f;
    }
    return best;
  };
  for (auto& port : out.ports) {
    const ThroughputFigure* f = latest("port", port.id);
    if (f == nullptr) continue;
    port.has_throughput = true;
    port.annual_teu = f->teu;
    port.year = f->year;
    port.source = f->source;
    port.estimated_teu_stopped = f->teu * request.days / 365;
    const ThroughputFigure* national = nullptr;
    for (const auto& n : request.throughput)
      if (n.scope == "national" && n.year == f->year) national = &n;
    if (national == nullptr) national = latest("national", "");
    if (national != nullptr && national->teu > 0) {
      port.share_of_national = static_cast<double>(f->teu) / static_cast<double>(national->teu);
      out.has_national = true;
      out.national = *national;
    }
  }
  if (!out.has_national) {
    if (const ThroughputFigure* n = latest("national", "")) {
      out.has_national = true;
      out.national = *n;
    }
  }

  // Without sites, the businesses the using operators are designated for.
  if (businesses.empty() && !out.operators.empty()) {
    std::vector<store::Value> params;
    std::vector<std::string> ids;
    for (const auto& o : out.operators) ids.push_back(o.id.value());
    std::string sql = fmt::format(
        "SELECT DISTINCT business FROM designation WHERE revoked_on IS NULL AND operator_id IN "
        "({}) ORDER BY business",
        SqlInList(ids, &params));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
    for (const auto& r : rows) businesses.insert(base::BusinessId(r.Text(0)));
  }
  out.businesses.assign(businesses.begin(), businesses.end());

  std::vector<std::string> stopped;
  for (const auto& t : out.terminals) stopped.push_back(t.terminal_id);
  for (int d = 1; d <= request.days; ++d) {
    WhatIfResult::Day day;
    day.day = d;
    day.from = request.from + std::chrono::hours(24) * (d - 1);
    day.until = request.from + std::chrono::hours(24) * d;
    day.terminals = stopped;
    out.timeline.push_back(std::move(day));
  }
  return out;
}

}  // namespace kikan::service
