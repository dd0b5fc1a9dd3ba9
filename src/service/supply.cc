#include "service/supply.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "audit/event.h"

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

// The operators using `systems` that `scope` may name, by id ("filed" wins over
// "illustrative" for one operator); `*others` gets the number of the other users.
base::Result<std::vector<WhoUsesResult::OperatorRef>> UsersOf(store::Connection& c,
                                                              const std::set<std::string>& systems,
                                                              const auth::ScopeFilter& scope,
                                                              int* others) {
  std::vector<WhoUsesResult::OperatorRef> out;
  *others = 0;
  if (systems.empty()) return out;
  std::vector<store::Value> params;
  std::string in = SqlInList(systems, &params);
  std::string named = SupplyOperatorScopeSql(scope, "u.operator_id", &params);
  std::string sql = fmt::format(
      "SELECT u.operator_id, o.name_ja, u.basis FROM supply_system_user u JOIN operator o ON "
      "o.id = u.operator_id WHERE u.system_id IN ({}) AND {} ORDER BY u.operator_id, u.basis",
      in, named);
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  for (const auto& r : rows) {
    base::OperatorId id(r.Text(0));
    if (!out.empty() && out.back().id == id) {
      if (r.Text(2) == "filed") out.back().basis = "filed";
      continue;
    }
    out.push_back({id, r.Text(1), r.Text(2)});
  }
  params.clear();
  in = SqlInList(systems, &params);
  named = SupplyOperatorScopeSql(scope, "operator_id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto count, c.Query(fmt::format("SELECT COUNT(DISTINCT operator_id) FROM supply_system_user "
                                      "WHERE system_id IN ({}) AND NOT {}",
                                      in, named),
                          params));
  *others = static_cast<int>(count.at(0).Int(0));
  return out;
}

// Whether `scope` may name operator `id`. Errors: the store's.
base::Result<bool> NameableOperator(store::Connection& c, const base::OperatorId& id,
                                    const auth::ScopeFilter& scope) {
  if (scope.all) return true;
  std::vector<store::Value> params{id.value()};
  std::string named = SupplyOperatorScopeSql(scope, "id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, c.Query(fmt::format("SELECT 1 FROM operator WHERE id = ? AND {}", named), params));
  return !rows.empty();
}

}  // namespace

base::Result<SupplyImportReport> ImportSupplyDocument(store::Connection& c,
                                                      const base::OperatorId& operator_id,
                                                      const supply::SystemId& system,
                                                      std::string_view document, const Actor& actor,
                                                      base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(supply::ParsedDocument parsed, supply::ParseDocument(document));
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  SupplyImportReport report;
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
  KIKAN_TRY(ReplaceInventory(c, system, parsed.inventory, actor, now));
  KIKAN_TRY(tx.Commit());
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
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  WhoUsesResult out;
  std::set<std::string> systems;
  static constexpr std::string_view kComponentColumns =
      "system_id, ref, type, name, version, supplier_party, manufacturer_party";
  // The components WHERE `where` holds: every system that has one, and the first
  // kMaxWhoUsesComponents of them in detail (`truncated` says when there were more).
  // Every query below keeps to the systems `scope` sees: `where` AND this (its parameters last).
  std::vector<store::Value> scope_params;
  const std::string in_scope = SupplySystemScopeSql(scope, "system_id", &scope_params);
  auto scoped = [&](std::vector<store::Value> params) {
    params.insert(params.end(), scope_params.begin(), scope_params.end());
    return params;
  };
  auto match = [&](const std::string& where_unscoped, const std::vector<store::Value>& params_in,
                   std::string_view via, const std::set<std::string>* parties) -> base::Status {
    const std::string where = fmt::format("({}) AND {}", where_unscoped, in_scope);
    const std::vector<store::Value> params = scoped(params_in);
    KIKAN_ASSIGN_OR_RETURN(
        auto ids,
        c.Query(fmt::format("SELECT DISTINCT system_id FROM supply_component WHERE {}", where),
                params));
    for (const auto& r : ids) systems.insert(r.Text(0));
    KIKAN_ASSIGN_OR_RETURN(auto rows,
                           c.Query(fmt::format("SELECT {} FROM supply_component WHERE {} ORDER BY "
                                               "system_id, seq LIMIT {}",
                                               kComponentColumns, where, kMaxWhoUsesComponents + 1),
                                   params));
    for (const auto& r : rows) {
      if (out.components.size() >= kMaxWhoUsesComponents) {
        out.truncated = true;
        break;
      }
      std::string how(via);
      if (parties != nullptr) how = parties->count(r.Text(5)) ? "supplier" : "manufacturer";
      out.components.push_back(
          {supply::SystemId(r.Text(0)), r.Text(1), r.Text(2), r.Text(3), r.Text(4), how});
    }
    return base::Status::Ok();
  };
  switch (q.kind) {
    case WhoUsesQuery::Kind::kPurl: {
      std::string package = supply::PurlPackage(q.value);
      if (package.empty()) {
        return base::InvalidArgument(
            {.ja = fmt::format("PURL \"{}\" は pkg: で始まる形式ではありません", q.value),
             .en = fmt::format("purl \"{}\" is not of the form pkg:…", q.value)});
      }
      bool any_version = package == q.value;
      KIKAN_TRY(match(any_version ? "purl_package = ?" : "purl = ?",
                      {any_version ? package : q.value}, "purl", nullptr));
      break;
    }
    case WhoUsesQuery::Kind::kCpe: {
      KIKAN_TRY(match("cpe_key = ?", {AsciiLower(q.value)}, "cpe", nullptr));
      break;
    }
    case WhoUsesQuery::Kind::kComponent: {
      auto slash = q.value.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == q.value.size()) {
        return base::InvalidArgument(
            {.ja = fmt::format("\"{}\" は 製造者/型式 の形ではありません", q.value),
             .en = fmt::format("\"{}\" is not of the form MANUFACTURER/MODEL", q.value)});
      }
      KIKAN_TRY(match("manufacturer_key = ? AND model_key = ?",
                      {supply::NormaliseCompanyName(q.value.substr(0, slash)),
                       supply::FoldText(q.value.substr(slash + 1))},
                      "model", nullptr));
      break;
    }
    case WhoUsesQuery::Kind::kSupplier: {
      bool by_number = IsCorporateNumberText(q.value);
      KIKAN_ASSIGN_OR_RETURN(
          auto rows,
          c.Query(fmt::format("SELECT id, name, corporate_number FROM supply_party WHERE {} = ? "
                              "ORDER BY id",
                              by_number ? "corporate_number" : "name_key"),
                  {by_number ? q.value : supply::NormaliseCompanyName(q.value)}));
      std::set<std::string> seen;
      std::vector<std::string> frontier;
      for (const auto& r : rows) {
        if (seen.insert(r.Text(0)).second) {
          out.parties.push_back({r.Text(0), r.Text(1), r.Text(2), 0});
          frontier.push_back(r.Text(0));
        }
      }
      // Up the subcontracting chain: who entrusts work to a party found so far (委託 → 再委託).
      for (int depth = 1;
           depth <= kMaxSubcontractDepth && !frontier.empty() && seen.size() < kMaxWhoUsesParties;
           ++depth) {
        std::vector<store::Value> params;
        std::string sql = fmt::format(
            "SELECT DISTINCT p.id, p.name, p.corporate_number FROM supply_party_link l JOIN "
            "supply_party p ON p.id = l.from_party WHERE l.kind = 'subcontracts' AND l.to_party "
            "IN ({}) ORDER BY p.id",
            SqlInList(frontier, &params));
        KIKAN_ASSIGN_OR_RETURN(auto up, c.Query(sql, params));
        frontier.clear();
        for (const auto& r : up) {
          if (seen.size() >= kMaxWhoUsesParties) break;
          if (seen.insert(r.Text(0)).second) {
            out.parties.push_back({r.Text(0), r.Text(1), r.Text(2), depth});
            frontier.push_back(r.Text(0));
          }
        }
      }
      if (seen.empty()) break;
      if (!scope.all) {
        // The walk passes through every party; only those the scope may see are listed (and
        // matched: the queries above keep to its systems anyway).
        std::vector<store::Value> params;
        std::string list = SqlInList(seen, &params);
        std::string visible = SupplyPartyScopeSql(scope, "id", &params);
        KIKAN_ASSIGN_OR_RETURN(
            auto kept, c.Query(fmt::format("SELECT id FROM supply_party WHERE id IN ({}) AND {}",
                                           list, visible),
                               params));
        std::set<std::string> keep;
        for (const auto& r : kept) keep.insert(r.Text(0));
        std::erase_if(out.parties, [&](const auto& p) { return !keep.count(p.id); });
      }
      {
        std::vector<store::Value> params;
        std::string list = SqlInList(seen, &params);
        std::vector<store::Value> both = params;
        both.insert(both.end(), params.begin(), params.end());
        KIKAN_TRY(
            match(fmt::format("supplier_party IN ({}) OR manufacturer_party IN ({})", list, list),
                  both, "", &seen));
        KIKAN_ASSIGN_OR_RETURN(
            auto svcs, c.Query(fmt::format("SELECT system_id, ref, name, version FROM "
                                           "supply_service WHERE provider_party IN ({}) AND {} "
                                           "ORDER BY system_id, seq",
                                           list, in_scope),
                               scoped(params)));
        for (const auto& r : svcs) {
          systems.insert(r.Text(0));
          out.components.push_back({supply::SystemId(r.Text(0)), r.Text(1), "service", r.Text(2),
                                    r.Text(3), "provider"});
        }
        std::vector<store::Value> three = both;
        three.insert(three.end(), params.begin(), params.end());
        std::vector<store::Value> system_scope_params;
        std::string system_scope = SupplySystemScopeSql(scope, "id", &system_scope_params);
        three.insert(three.end(), system_scope_params.begin(), system_scope_params.end());
        KIKAN_ASSIGN_OR_RETURN(
            auto own,
            c.Query(fmt::format("SELECT id, name, runner_party, supplier_party FROM supply_system "
                                "WHERE (runner_party IN ({}) OR supplier_party IN ({}) OR "
                                "manufacturer_party IN ({})) AND {} ORDER BY id",
                                list, list, list, system_scope),
                    three));
        for (const auto& r : own) {
          systems.insert(r.Text(0));
          std::string via = seen.count(r.Text(2))   ? "runner"
                            : seen.count(r.Text(3)) ? "system_supplier"
                                                    : "system_manufacturer";
          out.components.push_back({supply::SystemId(r.Text(0)), "", "system", r.Text(1), "", via});
        }
      }
      std::stable_sort(out.parties.begin(), out.parties.end(), [](const auto& a, const auto& b) {
        return std::tie(a.depth, a.name) < std::tie(b.depth, b.name);
      });
      break;
    }
  }
  if (!systems.empty()) {
    std::vector<store::Value> params;
    std::string sql = fmt::format(
        "SELECT id, name, filed_by, sample FROM supply_system WHERE id IN ({}) ORDER BY id",
        SqlInList(systems, &params));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
    for (const auto& r : rows) {
      base::OperatorId filed_by(r.Text(2));
      KIKAN_ASSIGN_OR_RETURN(bool nameable, NameableOperator(c, filed_by, scope));
      out.systems.push_back({supply::SystemId(r.Text(0)), r.Text(1),
                             nameable ? filed_by : base::OperatorId(), r.Text(3)});
    }
    KIKAN_ASSIGN_OR_RETURN(out.operators, UsersOf(c, systems, scope, &out.other_operators));
    params.clear();
    sql = fmt::format(
        "SELECT DISTINCT terminal_id, terminal_name, port_id, port_name, business, basis FROM "
        "supply_system_site WHERE system_id IN ({}) ORDER BY port_id, terminal_id",
        SqlInList(systems, &params));
    KIKAN_ASSIGN_OR_RETURN(auto sites, c.Query(sql, params));
    std::set<base::BusinessId> businesses;
    for (const auto& t : sites) {
      if (!out.sites.empty() && out.sites.back().terminal_id == t.Text(0)) continue;
      out.sites.push_back(
          {t.Text(0), t.Text(1), t.Text(2), t.Text(3), base::BusinessId(t.Text(4)), t.Text(5)});
      businesses.insert(base::BusinessId(t.Text(4)));
    }
    out.businesses.assign(businesses.begin(), businesses.end());
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
                         UsersOf(c, {request.system.value()}, scope, &out.other_operators));

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
