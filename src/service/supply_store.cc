#include "service/supply_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

#include "audit/event.h"
#include "audit/log.h"
#include "auth/tokens.h"
#include "base/hex.h"
#include "service/audit_event.h"
#include "service/canonical.h"

namespace kikan::service {
namespace {

// Rows per multi-row INSERT of an inventory (29 columns: 2,900 parameters a statement).
constexpr size_t kInsertBatch = 100;

// The system `id` as stored; its users and sites, and with `with_inventory` its inventory
// (GetSupplySystem). Errors: as GetSupplySystem.
base::Result<SupplySystemState> LoadSystem(store::Connection& c, std::string_view id,
                                           bool with_inventory);

// A mention of a party is kept as filed (name, 法人番号, country, URL: an export gives back what
// was imported) beside the node it resolved to and the match's reason and score (ppm).
#define KIKAN_PARTY_COLUMNS(p)                                                         \
  p "_name TEXT NOT NULL, " p "_number TEXT NOT NULL, " p "_country TEXT NOT NULL, " p \
    "_url TEXT NOT NULL, " p "_party TEXT NOT NULL, " p "_match TEXT NOT NULL, " p     \
    "_score_ppm INTEGER NOT NULL"

const store::Migration kMigrations[] = {
    store::Migration::Portable(330, "supply chain graph",
                               R"sql(
CREATE TABLE supply_system (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  runner TEXT NOT NULL,
  runner_party TEXT NOT NULL,
  filed_by TEXT NOT NULL REFERENCES operator(id),
  inventory_name TEXT NOT NULL,
  inventory_ref TEXT NOT NULL,
  sample TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  )sql" KIKAN_PARTY_COLUMNS("supplier") ",\n  " KIKAN_PARTY_COLUMNS("manufacturer") R"sql(
) STRICT;
CREATE INDEX supply_system_runner ON supply_system(runner_party);
CREATE INDEX supply_system_supplier ON supply_system(supplier_party);
CREATE INDEX supply_system_manufacturer ON supply_system(manufacturer_party);
CREATE TABLE supply_system_user (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  operator_id TEXT NOT NULL REFERENCES operator(id),
  basis TEXT NOT NULL,
  PRIMARY KEY (system_id, operator_id)
) STRICT;
CREATE INDEX supply_system_user_operator ON supply_system_user(operator_id);
CREATE TABLE supply_system_site (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  terminal_id TEXT NOT NULL,
  terminal_name TEXT NOT NULL,
  port_id TEXT NOT NULL,
  port_name TEXT NOT NULL,
  business TEXT NOT NULL,
  basis TEXT NOT NULL,
  PRIMARY KEY (system_id, terminal_id)
) STRICT;
CREATE TABLE supply_party (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  corporate_number TEXT NOT NULL,
  country TEXT NOT NULL,
  url TEXT NOT NULL
) STRICT;
CREATE INDEX supply_party_number ON supply_party(corporate_number);
CREATE INDEX supply_party_name_key ON supply_party(name_key);
CREATE TABLE supply_party_link (
  from_party TEXT NOT NULL REFERENCES supply_party(id),
  to_party TEXT NOT NULL REFERENCES supply_party(id),
  kind TEXT NOT NULL,
  share_ppm INTEGER NOT NULL,
  PRIMARY KEY (from_party, to_party, kind)
) STRICT;
CREATE INDEX supply_party_link_to ON supply_party_link(to_party, kind);
CREATE TABLE supply_component (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  seq INTEGER NOT NULL,
  ref TEXT NOT NULL,
  parent TEXT NOT NULL,
  type TEXT NOT NULL,
  grp TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  purl TEXT NOT NULL,
  purl_package TEXT NOT NULL,
  cpe TEXT NOT NULL,
  cpe_key TEXT NOT NULL,
  serial TEXT NOT NULL,
  model_key TEXT NOT NULL,
  manufacturer_key TEXT NOT NULL,
  )sql" KIKAN_PARTY_COLUMNS("supplier") ",\n  " KIKAN_PARTY_COLUMNS("manufacturer") R"sql(,
  PRIMARY KEY (system_id, seq)
) STRICT;
CREATE INDEX supply_component_purl ON supply_component(purl);
CREATE INDEX supply_component_purl_package ON supply_component(purl_package);
CREATE INDEX supply_component_cpe ON supply_component(cpe_key);
CREATE INDEX supply_component_model ON supply_component(manufacturer_key, model_key);
CREATE INDEX supply_component_supplier ON supply_component(supplier_party);
CREATE INDEX supply_component_manufacturer ON supply_component(manufacturer_party);
CREATE TABLE supply_service (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  seq INTEGER NOT NULL,
  ref TEXT NOT NULL,
  grp TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  )sql" KIKAN_PARTY_COLUMNS("provider") R"sql(,
  PRIMARY KEY (system_id, seq)
) STRICT;
CREATE INDEX supply_service_provider ON supply_service(provider_party);
CREATE TABLE supply_dependency (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  seq INTEGER NOT NULL,
  ref TEXT NOT NULL,
  PRIMARY KEY (system_id, seq)
) STRICT;
CREATE TABLE supply_dependency_target (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  seq INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (system_id, seq, pos)
) STRICT;
)sql"),
    // A reviewer's decision on a match (docs/supply-chain.md §2): the mentions of one text (name,
    // 法人番号, country as filed) in one system, merged into one party node, are confirmed as that
    // company or split off to a node of their own (new_party). Append-only; the newest row of a
    // match id is its current decision.
    store::Migration::Portable(331, "supply party match decisions",
                               R"sql(
CREATE TABLE supply_party_match (
  match_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  party TEXT NOT NULL REFERENCES supply_party(id),
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  mention_name TEXT NOT NULL,
  mention_number TEXT NOT NULL,
  mention_country TEXT NOT NULL,
  reason TEXT NOT NULL,
  score_ppm INTEGER NOT NULL,
  decision TEXT NOT NULL,
  new_party TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  note TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (match_id, seq)
) STRICT;
CREATE INDEX supply_party_match_party ON supply_party_match(party);
CREATE INDEX supply_party_match_new_party ON supply_party_match(new_party);
CREATE INDEX supply_party_match_mention ON supply_party_match(system_id, mention_name);
)sql"),
    // The indexes the queries' plans need (docs/supply-chain.md §4): the walk up the nesting joins
    // on (system_id, ref); who-uses reads the systems and the page keys of a party's or a
    // package's components from the index alone (the single-column indexes they replace are
    // prefixes of these).
    store::Migration::Portable(332, "supply query indexes",
                               R"sql(
CREATE INDEX supply_component_ref ON supply_component(system_id, ref);
DROP INDEX supply_component_supplier;
DROP INDEX supply_component_manufacturer;
DROP INDEX supply_component_purl_package;
CREATE INDEX supply_component_supplier_system ON supply_component(supplier_party, system_id, seq);
CREATE INDEX supply_component_manufacturer_system
  ON supply_component(manufacturer_party, system_id, seq);
CREATE INDEX supply_component_purl_package_system ON supply_component(purl_package, system_id, seq);
CREATE INDEX supply_service_provider_system ON supply_service(provider_party, system_id, seq);
DROP INDEX supply_service_provider;
)sql"),
};

#undef KIKAN_PARTY_COLUMNS

constexpr std::string_view kSystemColumns =
    "id, name, runner, filed_by, inventory_name, inventory_ref, sample, created_at, updated_at";
// The system's own supplier and manufacturer as filed (read with kSystemColumns, from 9).
constexpr std::string_view kSystemPartyColumns =
    "supplier_name, supplier_number, supplier_country, supplier_url, manufacturer_name, "
    "manufacturer_number, manufacturer_country, manufacturer_url";

bool ValidSystemId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_' || ch == '.';
  });
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

base::Status NoSystem(std::string_view id) {
  return base::NotFound({.ja = fmt::format("システム \"{}\" はありません", id),
                         .en = fmt::format("no system \"{}\"", id)});
}

base::Status Corrupt(std::string_view id, std::string_view what) {
  return base::DataLoss({.ja = fmt::format("システム {} の保存された {} を読めません", id, what),
                         .en = fmt::format("system {}: stored {} is unreadable", id, what)});
}

base::Status AppendAudit(store::Connection& c, std::string_view action, std::string_view type,
                         std::string_view id, std::string state_hash, const Actor& actor,
                         base::Instant now) {
  return RecordEvent(c, actor.user_id, now, action, type, id, std::move(state_hash));
}

// Touches updated_at and appends the system's event with the hash of its state as stored now.
base::Status Recorded(store::Connection& c, std::string_view action, const supply::SystemId& id,
                      const Actor& actor, base::Instant now) {
  KIKAN_TRY(c.Exec("UPDATE supply_system SET updated_at = ? WHERE id = ?",
                   {base::FormatInstant(now), id.value()}));
  KIKAN_ASSIGN_OR_RETURN(auto state, GetSupplySystem(c, id.view()));
  return AppendAudit(c, action, "supply_system", id.view(), audit::HashState(CanonicalState(state)),
                     actor, now);
}

base::Status RecordParty(store::Connection& c, std::string_view action, const std::string& id,
                         const Actor& actor, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto party, GetSupplyParty(c, id));
  return AppendAudit(c, action, "supply_party", id, audit::HashState(CanonicalState(party)), actor,
                     now);
}

// The seven cells of a party mention.
void BindParty(std::vector<store::Value>& params, const supply::PartyRef& p,
               const std::string& party_id, const supply::PartyMatch& m) {
  params.emplace_back(p.name);
  params.emplace_back(p.corporate_number);
  params.emplace_back(p.country);
  params.emplace_back(p.url);
  params.emplace_back(party_id);
  params.emplace_back(std::string(supply::MatchReasonName(m.reason)));
  params.emplace_back(static_cast<int64_t>(m.score * 1'000'000 + 0.5));
}

supply::PartyRef PartyAt(const store::Row& r, size_t first) {
  supply::PartyRef p;
  p.name = r.Text(first);
  p.corporate_number = r.Text(first + 1);
  p.country = r.Text(first + 2);
  p.url = r.Text(first + 3);
  return p;
}

void AddParty(Canonical& out, std::string_view role, const supply::PartyRef& p) {
  out.Add(fmt::format("{}_name", role), p.name)
      .Add(fmt::format("{}_corporate_number", role), p.corporate_number)
      .Add(fmt::format("{}_country", role), p.country)
      .Add(fmt::format("{}_url", role), p.url);
}

}  // namespace

std::span<const store::Migration> SupplyMigrations() { return kMigrations; }

namespace {

// CanonicalState(SupplySystemState) of its parts: the import hashes the inventory it wrote.
std::string CanonicalState(const SupplySystem& system, const std::vector<SystemUser>& users,
                           const std::vector<SystemSite>& sites, const supply::Inventory& inv) {
  Canonical out("supply_system");
  out.Add("id", system.id.view())
      .Add("name", system.name)
      .Add("runner", system.runner)
      .Add("filed_by", system.filed_by.view())
      .Add("created_at", base::FormatInstant(system.created_at))
      .Add("updated_at", base::FormatInstant(system.updated_at))
      .AddInt("users", static_cast<int64_t>(users.size()));
  for (const auto& u : users) out.Add("user", u.operator_id.view()).Add("user_basis", u.basis);
  out.AddInt("sites", static_cast<int64_t>(sites.size()));
  for (const auto& site : sites) {
    out.Add("terminal_id", site.terminal_id)
        .Add("terminal_name", site.terminal_name)
        .Add("port_id", site.port_id)
        .Add("port_name", site.port_name)
        .Add("business", site.business.view())
        .Add("site_basis", site.basis);
  }
  out.Add("inventory_name", inv.name).Add("inventory_ref", inv.ref).Add("sample", inv.sample);
  AddParty(out, "system_supplier", inv.supplier);
  AddParty(out, "system_manufacturer", inv.manufacturer);
  out.AddInt("components", static_cast<int64_t>(inv.components.size()));
  for (const auto& comp : inv.components) {
    out.Add("ref", comp.ref)
        .Add("parent", comp.parent)
        .Add("type", comp.type)
        .Add("group", comp.group)
        .Add("name", comp.name)
        .Add("version", comp.version)
        .Add("purl", comp.purl)
        .Add("cpe", comp.cpe)
        .Add("serial", comp.serial);
    AddParty(out, "supplier", comp.supplier);
    AddParty(out, "manufacturer", comp.manufacturer);
  }
  out.AddInt("services", static_cast<int64_t>(inv.services.size()));
  for (const auto& svc : inv.services) {
    out.Add("ref", svc.ref)
        .Add("group", svc.group)
        .Add("name", svc.name)
        .Add("version", svc.version);
    AddParty(out, "provider", svc.provider);
  }
  out.AddInt("dependencies", static_cast<int64_t>(inv.dependencies.size()));
  for (const auto& d : inv.dependencies) {
    out.Add("ref", d.ref).AddInt("depends_on", static_cast<int64_t>(d.depends_on.size()));
    for (const auto& t : d.depends_on) out.Add("target", t);
  }
  return out.text();
}

}  // namespace

std::string CanonicalState(const SupplySystemState& s) {
  return CanonicalState(s.system, s.users, s.sites, s.inventory);
}

std::string CanonicalState(const SupplyParty& p) {
  Canonical out("supply_party");
  out.Add("id", p.id)
      .Add("name", p.name)
      .Add("corporate_number", p.corporate_number)
      .Add("country", p.country)
      .Add("url", p.url)
      .AddInt("links", static_cast<int64_t>(p.links.size()));
  for (const auto& l : p.links)
    out.Add("to_party", l.to_party).Add("kind", l.kind).AddInt("share_ppm", l.share_ppm);
  return out.text();
}

std::string SupplySystemScopeSql(const auth::ScopeFilter& f, std::string_view system_column,
                                 std::vector<store::Value>* params) {
  if (f.all) return "(1 = 1)";
  std::string sql = "(1 = 0";
  if (!f.operator_id.empty()) {
    sql += fmt::format(
        " OR {0} IN (SELECT id FROM supply_system WHERE filed_by = ?)"
        " OR {0} IN (SELECT system_id FROM supply_system_user WHERE operator_id = ?)",
        system_column);
    params->emplace_back(f.operator_id.value());
    params->emplace_back(f.operator_id.value());
  }
  std::vector<std::string> businesses;
  for (const auto& b : f.businesses) {
    if (!b.empty()) businesses.push_back(b.value());
  }
  if (!businesses.empty()) {
    std::string in;
    for (size_t i = 0; i < businesses.size(); ++i) in += i == 0 ? "?" : ", ?";
    sql += fmt::format(
        " OR {0} IN (SELECT system_id FROM supply_system_site WHERE business IN ({1}))"
        " OR ({0} IN (SELECT u.system_id FROM supply_system_user u JOIN designation d"
        " ON d.operator_id = u.operator_id WHERE d.business IN ({1}))"
        " AND {0} NOT IN (SELECT system_id FROM supply_system_site))",
        system_column, in);
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& b : businesses) params->emplace_back(b);
    }
  }
  return sql + ")";
}

std::string SupplyPartyScopeSql(const auth::ScopeFilter& f, std::string_view party_column,
                                std::vector<store::Value>* params) {
  if (f.all) return "(1 = 1)";
  std::string sql = fmt::format("({} IN (", party_column);
  constexpr std::string_view kNamed[][2] = {{"supply_component", "supplier_party"},
                                            {"supply_component", "manufacturer_party"},
                                            {"supply_service", "provider_party"}};
  for (const auto& [table, column] : kNamed) {
    sql += fmt::format("SELECT {} FROM {} WHERE {} UNION ", column, table,
                       SupplySystemScopeSql(f, "system_id", params));
  }
  std::vector<store::Value> own;
  std::string systems = SupplySystemScopeSql(f, "id", &own);
  sql += fmt::format(
      "SELECT runner_party FROM supply_system WHERE {0} UNION SELECT supplier_party FROM "
      "supply_system WHERE {0} UNION SELECT manufacturer_party FROM supply_system WHERE {0}))",
      systems);
  for (int pass = 0; pass < 3; ++pass) params->insert(params->end(), own.begin(), own.end());
  return sql;
}

std::string SupplyOperatorScopeSql(const auth::ScopeFilter& f, std::string_view operator_column,
                                   std::vector<store::Value>* params) {
  if (f.all) return "(1 = 1)";
  std::string sql = "(1 = 0";
  if (!f.operator_id.empty()) {
    sql += fmt::format(" OR {} = ?", operator_column);
    params->emplace_back(f.operator_id.value());
  }
  std::string in;
  for (const auto& b : f.businesses) {
    if (b.empty()) continue;
    in += in.empty() ? "?" : ", ?";
    params->emplace_back(b.value());
  }
  if (!in.empty()) {
    sql += fmt::format(" OR {} IN (SELECT operator_id FROM designation WHERE business IN ({}))",
                       operator_column, in);
  }
  return sql + ")";
}

base::Result<bool> SupplySystemExists(store::Connection& c, const supply::SystemId& id) {
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query("SELECT 1 FROM supply_system WHERE id = ?", {id.value()}));
  return !rows.empty();
}

base::Result<SupplySystem> CreateSupplySystem(store::Connection& c, SupplySystem s,
                                              const Actor& actor, base::Instant now) {
  if (!ValidSystemId(s.id.view())) {
    return base::InvalidArgument(
               {.ja = fmt::format("システム id \"{}\" は英数字と - _ . の 1〜64 文字でなければ"
                                  "なりません",
                                  s.id),
                .en = fmt::format("system id \"{}\" must be 1–64 letters, digits, '-', '_' or '.'",
                                  s.id)})
        .WithFields({{"/system",
                      {.ja = "使えない文字があるか長すぎます",
                       .en = "a character not allowed, or too long"}}});
  }
  if (s.name.empty()) {
    return base::InvalidArgument({.ja = "システムの名称は必須です", .en = "a system needs a name"})
        .WithFields({{"/name", {.ja = "空です", .en = "empty"}}});
  }
  KIKAN_TRY(GetOperator(c, s.filed_by.view()));
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, s.id));
  if (exists) {
    return base::AlreadyExists({.ja = fmt::format("システム \"{}\" は既にあります", s.id),
                                .en = fmt::format("system \"{}\" already exists", s.id)});
  }
  std::string runner_party;
  if (!s.runner.empty()) {
    supply::PartyRef runner;
    runner.name = s.runner;
    KIKAN_ASSIGN_OR_RETURN(runner_party, ResolveParty(c, runner, actor, now));
  }
  s.created_at = s.updated_at = now;
  // The system's own supplier and manufacturer come with its inventory (ReplaceInventory).
  std::string no_party;
  for (const char* role : {"supplier", "manufacturer"}) {
    for (const char* column : {"name", "number", "country", "url", "party"})
      no_party += fmt::format(", {}_{}", role, column);
    no_party += fmt::format(", {}_match, {}_score_ppm", role, role);
  }
  KIKAN_TRY(c.Exec(fmt::format("INSERT INTO supply_system ({}, runner_party{}) VALUES "
                               "(?, ?, ?, ?, '', '', '', ?, ?, ?, '', '', '', '', '', 'none', 0, "
                               "'', '', '', '', '', 'none', 0)",
                               kSystemColumns, no_party),
                   {s.id.value(), s.name, s.runner, s.filed_by.value(), base::FormatInstant(now),
                    base::FormatInstant(now), runner_party}));
  KIKAN_TRY(c.Exec(
      "INSERT INTO supply_system_user (system_id, operator_id, basis) VALUES (?, ?, 'filed')",
      {s.id.value(), s.filed_by.value()}));
  KIKAN_TRY(Recorded(c, "supply.system.create", s.id, actor, now));
  return s;
}

base::Status PutSystemUser(store::Connection& c, const supply::SystemId& id, const SystemUser& user,
                           const Actor& actor, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, id));
  if (!exists) return NoSystem(id.view());
  KIKAN_TRY(GetOperator(c, user.operator_id.view()));
  KIKAN_TRY(
      c.Exec("INSERT INTO supply_system_user (system_id, operator_id, basis) VALUES (?, ?, ?) "
             "ON CONFLICT (system_id, operator_id) DO UPDATE SET basis = excluded.basis",
             {id.value(), user.operator_id.value(), user.basis}));
  return Recorded(c, "supply.system.user", id, actor, now);
}

base::Status PutSystemSite(store::Connection& c, const supply::SystemId& id, const SystemSite& s,
                           const Actor& actor, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, id));
  if (!exists) return NoSystem(id.view());
  KIKAN_TRY(c.Exec(
      "INSERT INTO supply_system_site (system_id, terminal_id, terminal_name, port_id, port_name, "
      "business, basis) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (system_id, terminal_id) DO "
      "UPDATE SET terminal_name = excluded.terminal_name, port_id = excluded.port_id, "
      "port_name = excluded.port_name, business = excluded.business, basis = excluded.basis",
      {id.value(), s.terminal_id, s.terminal_name, s.port_id, s.port_name, s.business.value(),
       s.basis}));
  return Recorded(c, "supply.system.site", id, actor, now);
}

base::Result<std::string> SplitOffParty(store::Connection& c, const supply::SystemId& system,
                                        const supply::PartyRef& ref) {
  if (ref.empty()) return std::string();
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT m.new_party FROM supply_party_match m WHERE m.system_id = ? AND "
              "m.mention_name = ? AND m.mention_number = ? AND m.mention_country = ? AND "
              "m.decision = 'split' AND m.seq = (SELECT MAX(n.seq) FROM supply_party_match n "
              "WHERE n.match_id = m.match_id) ORDER BY m.decided_at DESC, m.match_id LIMIT 1",
              {system.value(), ref.name, ref.corporate_number, ref.country}));
  if (rows.empty()) return std::string();
  return rows[0].Text(0);
}

base::Result<std::string> ResolveParty(store::Connection& c, const supply::PartyRef& ref,
                                       const Actor& actor, base::Instant now,
                                       supply::PartyMatch* match, supply::PartyRef* node,
                                       std::string* name_key) {
  if (match != nullptr) *match = {};
  if (ref.empty()) return std::string();
  const std::string key = supply::NormaliseCompanyName(ref.name);
  auto found = [&](const store::Row& r, std::string_view number) {
    if (node != nullptr) {
      node->name = r.Text(1);
      node->corporate_number = std::string(number);
      node->country = r.Text(3);
    }
    if (name_key != nullptr) *name_key = r.Text(4);
  };
  auto candidate = [](const store::Row& r) {
    supply::PartyRef p;
    p.name = r.Text(1);
    p.corporate_number = r.Text(2);
    p.country = r.Text(3);
    return p;
  };
  if (!ref.corporate_number.empty()) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("SELECT id, name, corporate_number, country, name_key FROM "
                            "supply_party WHERE corporate_number = ? AND {} ORDER BY id LIMIT 1",
                            kNotSplitOffSql),
                {ref.corporate_number}));
    if (!rows.empty()) {
      if (match != nullptr) *match = supply::MatchParty(candidate(rows[0]), ref);
      found(rows[0], rows[0].Text(2));
      return rows[0].Text(0);
    }
  }
  if (!key.empty()) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("SELECT id, name, corporate_number, country, name_key FROM "
                            "supply_party WHERE name_key = ? AND {} ORDER BY id LIMIT 50",
                            kNotSplitOffSql),
                {key}));
    for (const auto& r : rows) {
      auto m = supply::MatchParty(candidate(r), ref);
      if (!m.matched()) continue;
      if (match != nullptr) *match = m;
      std::string id = r.Text(0);
      found(r, r.Text(2).empty() ? ref.corporate_number : r.Text(2));
      if (r.Text(2).empty() && !ref.corporate_number.empty()) {
        // The node known by name alone learns its 法人番号 from this mention.
        KIKAN_TRY(c.Exec("UPDATE supply_party SET corporate_number = ? WHERE id = ?",
                         {ref.corporate_number, id}));
        KIKAN_TRY(RecordParty(c, "supply.party.update", id, actor, now));
      }
      return id;
    }
  }
  std::string id = "p-" + base::ToHex(auth::RandomBytes(8));
  KIKAN_TRY(
      c.Exec("INSERT INTO supply_party (id, name, name_key, corporate_number, country, url) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             {id, ref.name, key, ref.corporate_number, ref.country, ref.url}));
  KIKAN_TRY(RecordParty(c, "supply.party.create", id, actor, now));
  if (node != nullptr) {
    node->name = ref.name;
    node->corporate_number = ref.corporate_number;
    node->country = ref.country;
  }
  if (name_key != nullptr) *name_key = key;
  return id;
}

base::Status PutPartyLink(store::Connection& c, const supply::PartyRef& from,
                          const supply::PartyRef& to, std::string_view kind, int64_t share_ppm,
                          const Actor& actor, base::Instant now) {
  if (kind != "subcontracts" && kind != "owns") {
    return base::InvalidArgument(
        {.ja = fmt::format("当事者間の関係 \"{}\" は不明です（subcontracts または owns）", kind),
         .en = fmt::format("unknown party link \"{}\" (subcontracts or owns)", kind)});
  }
  if (share_ppm < 0 || share_ppm > 1'000'000 || (kind == "subcontracts" && share_ppm != 0)) {
    return base::InvalidArgument({.ja = "持株比率が範囲外です", .en = "share out of range"});
  }
  KIKAN_ASSIGN_OR_RETURN(std::string a, ResolveParty(c, from, actor, now));
  KIKAN_ASSIGN_OR_RETURN(std::string b, ResolveParty(c, to, actor, now));
  if (a.empty() || b.empty() || a == b) {
    return base::InvalidArgument(
        {.ja = "関係には異なる二つの当事者が必要です", .en = "a link needs two different parties"});
  }
  KIKAN_TRY(
      c.Exec("INSERT INTO supply_party_link (from_party, to_party, kind, share_ppm) VALUES "
             "(?, ?, ?, ?) ON CONFLICT (from_party, to_party, kind) DO UPDATE SET "
             "share_ppm = excluded.share_ppm",
             {a, b, std::string(kind), share_ppm}));
  return RecordParty(c, "supply.party.link", a, actor, now);
}

base::Status ReplaceInventory(store::Connection& c, const supply::SystemId& id,
                              const supply::Inventory& inv, const Actor& actor, base::Instant now,
                              SupplyImportTimings* timings) {
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, id));
  if (!exists) return NoSystem(id.view());
  // A mention a reviewer split off (SplitOffParty) stays with the node it was split to (looked up
  // only when the system has split decisions at all).
  KIKAN_ASSIGN_OR_RETURN(auto splits,
                         c.Query("SELECT COUNT(*) FROM supply_party_match WHERE system_id = ? AND "
                                 "decision = 'split'",
                                 {id.value()}));
  const bool has_splits = splits[0].Int(0) > 0;
  // Each distinct mention (name, 法人番号, country) is resolved once per document: a repeat
  // resolves to the node the first did, with the match ResolveParty would report for it then,
  // MatchParty against that node as it stands. A node created or given a 法人番号 changes what
  // mentions of its normalised name resolve to: theirs are forgotten.
  struct Resolved {
    std::string party;
    std::string name_key;
    supply::PartyRef node;  // the node's name, 法人番号 and country
    std::optional<supply::PartyMatch> repeat;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Resolved> resolved;
  auto resolve = [&](const supply::PartyRef& ref,
                     supply::PartyMatch* m) -> base::Result<std::string> {
    *m = {};
    if (ref.empty()) return std::string();
    if (has_splits) {
      KIKAN_ASSIGN_OR_RETURN(std::string split, SplitOffParty(c, id, ref));
      if (!split.empty()) return split;
    }
    auto key = std::make_tuple(ref.name, ref.corporate_number, ref.country);
    if (auto hit = resolved.find(key); hit != resolved.end()) {
      if (!hit->second.repeat) hit->second.repeat = supply::MatchParty(hit->second.node, ref);
      *m = *hit->second.repeat;
      return hit->second.party;
    }
    const auto t0 = std::chrono::steady_clock::now();
    supply::PartyRef stored;
    std::string name_key;
    KIKAN_ASSIGN_OR_RETURN(std::string party,
                           ResolveParty(c, ref, actor, now, m, &stored, &name_key));
    if (timings != nullptr) {
      timings->resolve_ms +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    if (!m->matched() || m->reason == supply::MatchReason::kNormalisedName) {
      // A new node, or one that may just have learnt its 法人番号.
      std::erase_if(resolved, [&](const auto& e) { return e.second.name_key == name_key; });
    }
    resolved.emplace(std::move(key), Resolved{party, name_key, std::move(stored), std::nullopt});
    return party;
  };
  for (const char* table :
       {"supply_component", "supply_service", "supply_dependency", "supply_dependency_target"}) {
    KIKAN_TRY(c.Exec(fmt::format("DELETE FROM {} WHERE system_id = ?", table), {id.value()}));
  }
  {
    supply::PartyMatch sm, mm;
    KIKAN_ASSIGN_OR_RETURN(std::string sp, resolve(inv.supplier, &sm));
    KIKAN_ASSIGN_OR_RETURN(std::string mp, resolve(inv.manufacturer, &mm));
    std::vector<store::Value> params = {inv.name, inv.ref, inv.sample};
    BindParty(params, inv.supplier, sp, sm);
    BindParty(params, inv.manufacturer, mp, mm);
    params.emplace_back(id.value());
    KIKAN_TRY(c.Exec(
        "UPDATE supply_system SET inventory_name = ?, inventory_ref = ?, sample = ?, "
        "supplier_name = ?, supplier_number = ?, supplier_country = ?, supplier_url = ?, "
        "supplier_party = ?, supplier_match = ?, supplier_score_ppm = ?, manufacturer_name = ?, "
        "manufacturer_number = ?, manufacturer_country = ?, manufacturer_url = ?, "
        "manufacturer_party = ?, manufacturer_match = ?, manufacturer_score_ppm = ? WHERE id = ?",
        params));
  }
  // The rows go in kInsertBatch at a time, one multi-row INSERT each (one statement text for
  // every full batch, prepared once per connection).
  auto insert_rows =
      [&](std::string_view head, size_t columns, size_t rows,
          const std::function<base::Status(size_t, std::vector<store::Value>&)>& bind)
      -> base::Status {
    std::vector<store::Value> params;
    std::string tuple = "(?";
    for (size_t k = 1; k < columns; ++k) tuple += ", ?";
    tuple += ')';
    for (size_t from = 0; from < rows; from += kInsertBatch) {
      const size_t n = std::min(kInsertBatch, rows - from);
      params.clear();
      params.reserve(n * columns);
      std::string sql(head);
      sql += " VALUES ";
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) sql += ", ";
        sql += tuple;
        KIKAN_TRY(bind(from + i, params));
      }
      KIKAN_TRY(c.Exec(sql, params));
    }
    return base::Status::Ok();
  };
  KIKAN_TRY(insert_rows(
      "INSERT INTO supply_component (system_id, seq, ref, parent, type, grp, name, version, "
      "purl, purl_package, cpe, cpe_key, serial, model_key, manufacturer_key, supplier_name, "
      "supplier_number, supplier_country, supplier_url, supplier_party, supplier_match, "
      "supplier_score_ppm, manufacturer_name, manufacturer_number, manufacturer_country, "
      "manufacturer_url, manufacturer_party, manufacturer_match, manufacturer_score_ppm)",
      29, inv.components.size(), [&](size_t i, std::vector<store::Value>& params) -> base::Status {
        const supply::Component& comp = inv.components[i];
        supply::PartyMatch sm, mm;
        KIKAN_ASSIGN_OR_RETURN(std::string sp, resolve(comp.supplier, &sm));
        KIKAN_ASSIGN_OR_RETURN(std::string mp, resolve(comp.manufacturer, &mm));
        params.emplace_back(id.value());
        params.emplace_back(static_cast<int64_t>(i + 1));
        for (const std::string* v : {&comp.ref, &comp.parent, &comp.type, &comp.group, &comp.name,
                                     &comp.version, &comp.purl}) {
          params.emplace_back(*v);
        }
        params.emplace_back(supply::PurlPackage(comp.purl));
        params.emplace_back(comp.cpe);
        params.emplace_back(AsciiLower(comp.cpe));
        params.emplace_back(comp.serial);
        params.emplace_back(supply::FoldText(comp.name));
        params.emplace_back(supply::NormaliseCompanyName(comp.manufacturer.name));
        BindParty(params, comp.supplier, sp, sm);
        BindParty(params, comp.manufacturer, mp, mm);
        return base::Status::Ok();
      }));
  KIKAN_TRY(insert_rows(
      "INSERT INTO supply_service (system_id, seq, ref, grp, name, version, provider_name, "
      "provider_number, provider_country, provider_url, provider_party, provider_match, "
      "provider_score_ppm)",
      13, inv.services.size(), [&](size_t i, std::vector<store::Value>& params) -> base::Status {
        const supply::Service& svc = inv.services[i];
        supply::PartyMatch pm;
        KIKAN_ASSIGN_OR_RETURN(std::string pp, resolve(svc.provider, &pm));
        params.emplace_back(id.value());
        params.emplace_back(static_cast<int64_t>(i + 1));
        for (const std::string* v : {&svc.ref, &svc.group, &svc.name, &svc.version})
          params.emplace_back(*v);
        BindParty(params, svc.provider, pp, pm);
        return base::Status::Ok();
      }));
  KIKAN_TRY(insert_rows("INSERT INTO supply_dependency (system_id, seq, ref)", 3,
                        inv.dependencies.size(),
                        [&](size_t i, std::vector<store::Value>& params) -> base::Status {
                          params.emplace_back(id.value());
                          params.emplace_back(static_cast<int64_t>(i + 1));
                          params.emplace_back(inv.dependencies[i].ref);
                          return base::Status::Ok();
                        }));
  struct Target {
    int64_t seq, pos;
    const std::string* target;
  };
  std::vector<Target> targets;
  for (size_t i = 0; i < inv.dependencies.size(); ++i) {
    const auto& on = inv.dependencies[i].depends_on;
    for (size_t k = 0; k < on.size(); ++k)
      targets.push_back({static_cast<int64_t>(i + 1), static_cast<int64_t>(k), &on[k]});
  }
  KIKAN_TRY(insert_rows("INSERT INTO supply_dependency_target (system_id, seq, pos, target)", 4,
                        targets.size(),
                        [&](size_t i, std::vector<store::Value>& params) -> base::Status {
                          params.emplace_back(id.value());
                          params.emplace_back(targets[i].seq);
                          params.emplace_back(targets[i].pos);
                          params.emplace_back(*targets[i].target);
                          return base::Status::Ok();
                        }));
  // The state hash of what was just written (GetSupplySystem would read back the same): the
  // system's row, users and sites read, the inventory the one in hand.
  KIKAN_TRY(c.Exec("UPDATE supply_system SET updated_at = ? WHERE id = ?",
                   {base::FormatInstant(now), id.value()}));
  KIKAN_ASSIGN_OR_RETURN(SupplySystemState state, LoadSystem(c, id.view(), false));
  return AppendAudit(c, "supply.import", "supply_system", id.view(),
                     audit::HashState(CanonicalState(state.system, state.users, state.sites, inv)),
                     actor, now);
}

base::Result<SupplySystemState> GetSupplySystem(store::Connection& c, std::string_view id) {
  return LoadSystem(c, id, true);
}

namespace {

base::Result<SupplySystemState> LoadSystem(store::Connection& c, std::string_view id,
                                           bool with_inventory) {
  const std::string sid(id);
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query(fmt::format("SELECT {}, {} FROM supply_system WHERE id = ?",
                                             kSystemColumns, kSystemPartyColumns),
                                 {sid}));
  if (rows.empty()) return NoSystem(id);
  SupplySystemState s;
  const store::Row& r = rows[0];
  s.system.id = supply::SystemId(r.Text(0));
  s.system.name = r.Text(1);
  s.system.runner = r.Text(2);
  s.system.filed_by = base::OperatorId(r.Text(3));
  s.inventory.name = r.Text(4);
  s.inventory.ref = r.Text(5);
  s.inventory.sample = r.Text(6);
  s.inventory.supplier = PartyAt(r, 9);
  s.inventory.manufacturer = PartyAt(r, 13);
  auto created = base::ParseInstant(r.Text(7));
  auto updated = base::ParseInstant(r.Text(8));
  if (!created || !updated) return Corrupt(id, "times");
  s.system.created_at = *created;
  s.system.updated_at = *updated;
  KIKAN_ASSIGN_OR_RETURN(auto users, c.Query("SELECT operator_id, basis FROM supply_system_user "
                                             "WHERE system_id = ? ORDER BY operator_id",
                                             {sid}));
  for (const auto& u : users) s.users.push_back({base::OperatorId(u.Text(0)), u.Text(1)});
  KIKAN_ASSIGN_OR_RETURN(
      auto sites, c.Query("SELECT terminal_id, terminal_name, port_id, port_name, business, basis "
                          "FROM supply_system_site WHERE system_id = ? ORDER BY terminal_id",
                          {sid}));
  for (const auto& t : sites) {
    s.sites.push_back(
        {t.Text(0), t.Text(1), t.Text(2), t.Text(3), base::BusinessId(t.Text(4)), t.Text(5)});
  }
  if (!with_inventory) return s;
  KIKAN_ASSIGN_OR_RETURN(
      auto comps,
      c.Query("SELECT ref, parent, type, grp, name, version, purl, cpe, serial, supplier_name, "
              "supplier_number, supplier_country, supplier_url, manufacturer_name, "
              "manufacturer_number, manufacturer_country, manufacturer_url FROM supply_component "
              "WHERE system_id = ? ORDER BY seq",
              {sid}));
  for (const auto& cr : comps) {
    supply::Component comp;
    comp.ref = cr.Text(0);
    comp.parent = cr.Text(1);
    comp.type = cr.Text(2);
    comp.group = cr.Text(3);
    comp.name = cr.Text(4);
    comp.version = cr.Text(5);
    comp.purl = cr.Text(6);
    comp.cpe = cr.Text(7);
    comp.serial = cr.Text(8);
    comp.supplier = PartyAt(cr, 9);
    comp.manufacturer = PartyAt(cr, 13);
    s.inventory.components.push_back(std::move(comp));
  }
  KIKAN_ASSIGN_OR_RETURN(
      auto svcs, c.Query("SELECT ref, grp, name, version, provider_name, provider_number, "
                         "provider_country, provider_url FROM supply_service WHERE system_id = ? "
                         "ORDER BY seq",
                         {sid}));
  for (const auto& sr : svcs) {
    supply::Service svc;
    svc.ref = sr.Text(0);
    svc.group = sr.Text(1);
    svc.name = sr.Text(2);
    svc.version = sr.Text(3);
    svc.provider = PartyAt(sr, 4);
    s.inventory.services.push_back(std::move(svc));
  }
  KIKAN_ASSIGN_OR_RETURN(
      auto deps,
      c.Query("SELECT seq, ref FROM supply_dependency WHERE system_id = ? ORDER BY seq", {sid}));
  KIKAN_ASSIGN_OR_RETURN(
      auto targets, c.Query("SELECT seq, target FROM supply_dependency_target WHERE system_id = ? "
                            "ORDER BY seq, pos",
                            {sid}));
  size_t t = 0;
  for (const auto& dr : deps) {
    supply::Dependency d;
    d.ref = dr.Text(1);
    while (t < targets.size() && targets[t].Int(0) < dr.Int(0)) ++t;
    while (t < targets.size() && targets[t].Int(0) == dr.Int(0))
      d.depends_on.push_back(targets[t++].Text(1));
    s.inventory.dependencies.push_back(std::move(d));
  }
  return s;
}

}  // namespace

base::Result<SupplyParty> GetSupplyParty(store::Connection& c, std::string_view id) {
  const std::string pid(id);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, name, corporate_number, country, url FROM supply_party WHERE id = ?",
              {pid}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("当事者 \"{}\" はありません", id),
                           .en = fmt::format("no party \"{}\"", id)});
  }
  SupplyParty p;
  p.id = rows[0].Text(0);
  p.name = rows[0].Text(1);
  p.corporate_number = rows[0].Text(2);
  p.country = rows[0].Text(3);
  p.url = rows[0].Text(4);
  KIKAN_ASSIGN_OR_RETURN(auto links,
                         c.Query("SELECT to_party, kind, share_ppm FROM supply_party_link WHERE "
                                 "from_party = ? ORDER BY kind, to_party",
                                 {pid}));
  for (const auto& l : links) p.links.push_back({l.Text(0), l.Text(1), l.Int(2)});
  return p;
}

}  // namespace kikan::service
