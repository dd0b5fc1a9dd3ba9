#include "service/supply_findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "codec/filing_json.h"
#include "service/filing_store.h"
#include "service/supply.h"
#include "service/supply_risk.h"
#include "service/supply_store.h"
#include "supply/names.h"

namespace kikan::service {
namespace {

struct Node {
  std::string id, name, corporate_number, country;
};

// The party node `ref` is, looked up without writing (ResolveParty's rule: 法人番号, else the
// normalised name with countries agreeing).
base::Result<std::optional<Node>> FindParty(store::Connection& c, const supply::PartyRef& ref) {
  if (ref.empty()) return std::optional<Node>();
  if (!ref.corporate_number.empty()) {
    KIKAN_ASSIGN_OR_RETURN(auto rows,
                           c.Query(fmt::format("SELECT id, name, corporate_number, country FROM "
                                               "supply_party WHERE corporate_number = ? AND "
                                               "{} ORDER BY id LIMIT 1",
                                               kNotSplitOffSql),
                                   {ref.corporate_number}));
    if (!rows.empty())
      return std::optional<Node>(
          Node{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2), rows[0].Text(3)});
  }
  std::string key = supply::NormaliseCompanyName(ref.name);
  if (key.empty()) return std::optional<Node>();
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query(fmt::format("SELECT id, name, corporate_number, country "
                                             "FROM supply_party WHERE name_key = ? "
                                             "AND {} ORDER BY id LIMIT 50",
                                             kNotSplitOffSql),
                                 {key}));
  for (const auto& r : rows) {
    supply::PartyRef cand{r.Text(1), r.Text(2), r.Text(3), ""};
    if (supply::MatchParty(cand, ref).matched())
      return std::optional<Node>(Node{r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  }
  return std::optional<Node>();
}

bool Foreign(std::string_view country) { return !country.empty() && country != "JP"; }

std::string Percent(int64_t ppm) { return regime::FormatPercentMillionths(ppm); }

int SeverityRank(std::string_view s) { return s == "high" ? 0 : s == "medium" ? 1 : 2; }

// The filing's parties with where they stand in it.
struct FiledParty {
  const filings::Party* party;
  std::string path;  // "suppliers[0]", "maintenance.contractor", "maintenance.subcontractors[1]"
  std::string role;  // "supplier" | "contractor" | "subcontractor"
};

}  // namespace

base::Result<SupplyFilingFindings> FindingsForFiling(store::Connection& c,
                                                     const regime::Regime& regime,
                                                     std::string_view filing_id,
                                                     const auth::ScopeFilter& scope,
                                                     base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  auto stored = GetFiling(c, filing_id);
  const base::Status hidden =
      base::NotFound({.ja = fmt::format("届出 \"{}\" はありません", filing_id),
                      .en = fmt::format("no filing \"{}\"", filing_id)});
  if (!stored)
    return stored.status().code() == base::StatusCode::kNotFound ? hidden : stored.status();
  const filings::FilingRecord& record = stored->record;
  if (!scope.Matches({record.operator_id, record.business, "", ""})) return hidden;
  auto decoded = codec::DecodeFilingText(stored->contents);
  if (!decoded) {
    return base::DataLoss({.ja = fmt::format("届出 {} の保存された内容を読めません", filing_id),
                           .en = fmt::format("filing {}: stored contents unreadable", filing_id)});
  }
  const filings::Filing& filing = *decoded;
  SupplyFilingFindings out;
  out.filing = std::string(filing_id);
  out.operator_id = record.operator_id;
  out.business = record.business;

  // The pack's shareholder line, of the form in force today.
  const regime::Pack* pack = nullptr;
  regime.FindBusiness(record.business, &pack);
  const regime::Form* form =
      pack == nullptr ? nullptr : pack->FindForm(record.kind, base::JapanDate(now));
  const regime::Threshold* line =
      form == nullptr ? nullptr : form->FindThreshold(regime::kShareholderMinShare);
  if (line == nullptr) {
    out.warnings.push_back(
        {.ja = "この事業の様式に株主の線（shareholder_min_share）がないため、外国による所有は"
               "判定していません。",
         .en = "the business's form has no shareholder line (shareholder_min_share): foreign "
               "ownership was not assessed."});
  }
  std::string form_citation = form != nullptr ? form->citation : "";

  std::vector<FiledParty> parties;
  for (size_t i = 0; i < filing.suppliers.size(); ++i)
    parties.push_back({&filing.suppliers[i], fmt::format("suppliers[{}]", i), "supplier"});
  if (filing.maintenance) {
    if (filing.maintenance->contractor)
      parties.push_back({&*filing.maintenance->contractor, "maintenance.contractor", "contractor"});
    for (size_t i = 0; i < filing.maintenance->subcontractors.size(); ++i) {
      parties.push_back({&filing.maintenance->subcontractors[i],
                         fmt::format("maintenance.subcontractors[{}]", i), "subcontractor"});
    }
  }
  auto ref_of = [](const filings::Party& p) {
    return supply::PartyRef{p.name, p.corporate_number, p.country, ""};
  };
  std::vector<std::optional<Node>> nodes;
  std::set<std::string> node_ids;
  for (const auto& fp : parties) {
    KIKAN_ASSIGN_OR_RETURN(auto node, FindParty(c, ref_of(*fp.party)));
    if (node) node_ids.insert(node->id);
    nodes.push_back(std::move(node));
  }

  // The filing's systems: those the filer uses (in scope), narrowed to those naming a party of
  // the filing when any does.
  {
    std::vector<store::Value> params = {record.operator_id.value()};
    std::string sql = "SELECT u.system_id FROM supply_system_user u WHERE u.operator_id = ? AND " +
                      SupplySystemScopeSql(scope, "u.system_id", &params) + " ORDER BY u.system_id";
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
    std::vector<std::string> all;
    for (const auto& r : rows) all.push_back(r.Text(0));
    std::vector<std::string> named;
    if (!all.empty() && !node_ids.empty()) {
      std::vector<store::Value> p;
      std::string systems = SqlInList(all, &p);
      std::string list;
      std::vector<store::Value> ids;
      list = SqlInList(node_ids, &ids);
      std::string q = fmt::format(
          "SELECT id FROM supply_system WHERE id IN ({0}) AND (runner_party IN ({1}) OR "
          "supplier_party IN ({1}) OR manufacturer_party IN ({1}) OR id IN (SELECT system_id FROM "
          "supply_component WHERE supplier_party IN ({1}) OR manufacturer_party IN ({1})) OR id "
          "IN (SELECT system_id FROM supply_service WHERE provider_party IN ({1}))) ORDER BY id",
          systems, list);
      for (int k = 0; k < 6; ++k) p.insert(p.end(), ids.begin(), ids.end());
      KIKAN_ASSIGN_OR_RETURN(auto hit, c.Query(q, p));
      for (const auto& r : hit) named.push_back(r.Text(0));
    }
    const auto& chosen = named.empty() ? all : named;
    out.link = !named.empty() ? "named" : all.empty() ? "none" : "operator";
    for (const auto& s : chosen) out.systems.emplace_back(s);
  }

  auto add = [&](std::string kind, std::string severity, std::string subject, base::Text why,
                 std::string citation, std::string source) {
    out.findings.push_back({.kind = std::move(kind),
                            .severity = std::move(severity),
                            .subject = std::move(subject),
                            .why = std::move(why),
                            .citation = std::move(citation),
                            .source = std::move(source),
                            .feed_age_days = std::nullopt,
                            .feed_stale = false});
  };

  // Foreign ownership: what the filing states, then up the graph's `owns` chain.
  for (size_t i = 0; i < parties.size() && line != nullptr; ++i) {
    const FiledParty& fp = parties[i];
    if (fp.party->shareholders) {
      for (const auto& sh : *fp.party->shareholders) {
        if (!Foreign(sh.country) || sh.voting_share.millionths < line->millionths) continue;
        add("foreign_ownership", sh.voting_share.millionths >= 500'000 ? "high" : "medium",
            fp.party->name,
            {.ja = fmt::format("{}（{}）の株主 {}（{}）が議決権の {} を保有（線 {}）。",
                               fp.party->name, fp.path, sh.name, sh.country,
                               Percent(sh.voting_share.millionths), Percent(line->millionths)),
             .en = fmt::format("{} ({}): shareholder {} ({}) holds {} of the votes (line {}).",
                               fp.party->name, fp.path, sh.name, sh.country,
                               Percent(sh.voting_share.millionths), Percent(line->millionths))},
            line->citation, "filing");
      }
    }
    if (!nodes[i]) continue;
    // Breadth-first up the owners, the share multiplied along the chain.
    struct Step {
      std::string id;
      int64_t ppm;
      std::string chain;
    };
    std::vector<Step> frontier = {{nodes[i]->id, 1'000'000, nodes[i]->name}};
    std::set<std::string> seen = {nodes[i]->id};
    for (int depth = 1; depth <= kMaxSubcontractDepth && !frontier.empty(); ++depth) {
      std::vector<Step> next;
      for (const auto& step : frontier) {
        KIKAN_ASSIGN_OR_RETURN(
            auto owners, c.Query("SELECT p.id, p.name, p.country, l.share_ppm FROM "
                                 "supply_party_link l JOIN supply_party p ON p.id = l.from_party "
                                 "WHERE l.kind = 'owns' AND l.to_party = ? ORDER BY p.id",
                                 {step.id}));
        for (const auto& o : owners) {
          if (!seen.insert(o.Text(0)).second) continue;
          int64_t ppm = step.ppm * o.Int(3) / 1'000'000;
          std::string chain = fmt::format("{} ← {} ({})", step.chain, o.Text(1), Percent(o.Int(3)));
          if (Foreign(o.Text(2)) && ppm >= line->millionths) {
            add("foreign_ownership", ppm >= 500'000 ? "high" : "medium", fp.party->name,
                {.ja = fmt::format("{} の所有の連鎖で {}（{}）が実質 {} を保有（線 {}）: {}。",
                                   fp.party->name, o.Text(1), o.Text(2), Percent(ppm),
                                   Percent(line->millionths), chain),
                 .en = fmt::format("along {}'s ownership chain {} ({}) holds {} in effect (line "
                                   "{}): {}.",
                                   fp.party->name, o.Text(1), o.Text(2), Percent(ppm),
                                   Percent(line->millionths), chain)},
                line->citation, "supply_graph");
          }
          if (ppm > 0) next.push_back({o.Text(0), ppm, chain});
        }
      }
      frontier = std::move(next);
    }
  }

  // Watch lists: the filing's parties and their shareholders.
  KIKAN_ASSIGN_OR_RETURN(auto lists, ListWatchLists(c));
  if (lists.empty()) {
    out.warnings.push_back(
        {.ja = "ウォッチリストが取り込まれていません。", .en = "no watch list has been imported."});
  }
  for (const auto& l : lists)
    if (!l.sample.empty()) out.samples.push_back(fmt::format("{}: {}", l.source, l.sample));
  auto watch = [&](const supply::PartyRef& ref, const std::string& where) -> base::Status {
    KIKAN_ASSIGN_OR_RETURN(auto hits, MatchWatchLists(c, ref));
    for (const auto& h : hits) {
      add("watch_list", h.match.score >= 0.9 ? "high" : "medium", ref.name,
          {.ja = fmt::format("{}（{}）がウォッチリスト {} の {} 行目「{}」（{}、懸念区分 {}）に一致"
                             "（{}、スコア {:.2f}）。",
                             ref.name, where, h.list, h.entry.line, h.match.matched,
                             h.entry.country, h.entry.concern, h.match.reason, h.match.score),
           .en = fmt::format("{} ({}) matches line {} of watch list {}: \"{}\" ({}, concern {}) "
                             "({}, score {:.2f}).",
                             ref.name, where, h.entry.line, h.list, h.match.matched,
                             h.entry.country, h.entry.concern, h.match.reason, h.match.score)},
          fmt::format("{} line {}", h.list, h.entry.line), h.list);
    }
    return base::Status::Ok();
  };
  if (!lists.empty()) {
    for (const auto& fp : parties) {
      KIKAN_TRY(watch(ref_of(*fp.party), fp.path));
      if (fp.party->shareholders) {
        for (size_t k = 0; k < fp.party->shareholders->size(); ++k) {
          const auto& sh = (*fp.party->shareholders)[k];
          KIKAN_TRY(
              watch({sh.name, "", sh.country, ""}, fmt::format("{}.shareholders[{}]", fp.path, k)));
        }
      }
    }
  }

  // Known vulnerabilities without a VEX decision, in the filing's systems.
  if (!out.systems.empty()) {
    KIKAN_ASSIGN_OR_RETURN(auto vulns, SupplyVulnerabilities(c, scope, out.systems, now));
    for (const auto& w : vulns.warnings) out.warnings.push_back(w);
    std::set<std::string> feed_samples;
    for (const auto& m : vulns.matches) {
      if (m.vex) continue;
      if (!m.feed_sample.empty() && feed_samples.insert(m.feed).second)
        out.samples.push_back(fmt::format("{}: {}", m.feed, m.feed_sample));
      std::string alias = m.aliases.empty() ? "" : " / " + m.aliases.front();
      add("vulnerability_without_vex", "high", fmt::format("{}/{}", m.system, m.component_ref),
          {.ja = fmt::format("システム {} の {} {} は {}{} に該当（{} で照合）し、VEX の判断があり"
                             "ません。情報源 {}（{}）、最新の記録から {} 日{}。",
                             m.system, m.component_name, m.component_version, m.advisory, alias,
                             m.identified_by, m.feed, m.feed_source, m.feed_age_days,
                             m.feed_stale ? "（古い）" : ""),
           .en = fmt::format("{} {} in system {} is affected by {}{} (matched by {}) and has no "
                             "VEX decision. Feed {} ({}), newest record {} days old{}.",
                             m.component_name, m.component_version, m.system, m.advisory, alias,
                             m.identified_by, m.feed, m.feed_source, m.feed_age_days,
                             m.feed_stale ? " (stale)" : "")},
          m.url.empty() ? m.advisory : fmt::format("{} ({})", m.advisory, m.url), m.feed);
      out.findings.back().feed_age_days = m.feed_age_days;
      out.findings.back().feed_stale = m.feed_stale;
    }
  }

  // Systems shared by several designated operators.
  for (const auto& s : out.systems) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query("SELECT DISTINCT u.operator_id FROM supply_system_user u JOIN designation d ON "
                "d.operator_id = u.operator_id WHERE u.system_id = ? AND d.revoked_on IS NULL "
                "ORDER BY u.operator_id",
                {s.value()}));
    if (rows.size() < 2) continue;
    add("shared_system", "medium", s.value(),
        {.ja = fmt::format("システム {} は指定事業者 {} 者が使っています（一つ止まると全員が止ま"
                           "ります）。",
                           s, rows.size()),
         .en = fmt::format("system {} is used by {} designated operators (if it stops, all of "
                           "them stop).",
                           s, rows.size())},
        "経済安全保障推進法第50条（特定社会基盤事業者の指定）; supply_system_user", "supply_graph");
  }
  // Contractors shared: a filing's contractor or subcontractor serving systems (in scope) used
  // by other designated operators.
  for (size_t i = 0; i < parties.size(); ++i) {
    if (parties[i].role == "supplier" || !nodes[i]) continue;
    std::vector<store::Value> params = {nodes[i]->id, nodes[i]->id, nodes[i]->id, nodes[i]->id};
    std::string sql =
        "SELECT DISTINCT u.operator_id FROM supply_system_user u JOIN designation d ON "
        "d.operator_id = u.operator_id WHERE d.revoked_on IS NULL AND u.system_id IN (SELECT "
        "system_id FROM supply_service WHERE provider_party = ? UNION SELECT id FROM "
        "supply_system WHERE runner_party = ? UNION SELECT system_id FROM supply_component WHERE "
        "supplier_party = ? OR manufacturer_party = ?) AND " +
        SupplySystemScopeSql(scope, "u.system_id", &params) + " ORDER BY u.operator_id";
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
    if (rows.size() < 2) continue;
    add("shared_contractor", "medium", parties[i].party->name,
        {.ja = fmt::format("{}（{}）は指定事業者 {} 者のシステムを保守・運用しています。",
                           parties[i].party->name, parties[i].path, rows.size()),
         .en = fmt::format("{} ({}) maintains or runs systems of {} designated operators.",
                           parties[i].party->name, parties[i].path, rows.size())},
        form_citation, "supply_graph");
  }

  // Subcontracting abroad: as filed, and the graph's subcontracts links from the contractors.
  for (size_t i = 0; i < parties.size(); ++i) {
    const FiledParty& fp = parties[i];
    if (fp.role == "subcontractor" && Foreign(fp.party->country)) {
      add("subcontracting_abroad", "medium", fp.party->name,
          {.ja = fmt::format("再委託先 {}（{}）は {} の法人です。", fp.party->name, fp.path,
                             fp.party->country),
           .en = fmt::format("subcontractor {} ({}) is incorporated in {}.", fp.party->name,
                             fp.path, fp.party->country)},
          form_citation, "filing");
    }
    if (fp.role == "supplier" || !nodes[i]) continue;
    std::vector<std::string> frontier = {nodes[i]->id};
    std::set<std::string> seen = {nodes[i]->id};
    for (int depth = 1; depth <= kMaxSubcontractDepth && !frontier.empty(); ++depth) {
      std::vector<store::Value> p;
      std::string sql = fmt::format(
          "SELECT p.id, p.name, p.country FROM supply_party_link l JOIN supply_party p ON p.id = "
          "l.to_party WHERE l.kind = 'subcontracts' AND l.from_party IN ({}) ORDER BY p.id",
          SqlInList(frontier, &p));
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
      frontier.clear();
      for (const auto& r : rows) {
        if (!seen.insert(r.Text(0)).second) continue;
        frontier.push_back(r.Text(0));
        if (!Foreign(r.Text(2))) continue;
        add("subcontracting_abroad", "medium", r.Text(1),
            {.ja = fmt::format("{}（{}）の {} 段先の再委託先 {} は {} の法人です。", fp.party->name,
                               fp.path, depth, r.Text(1), r.Text(2)),
             .en = fmt::format("{} ({}) subcontracts, {} link(s) down, to {}, incorporated in {}.",
                               fp.party->name, fp.path, depth, r.Text(1), r.Text(2))},
            form_citation, "supply_graph");
      }
    }
  }

  // Facts missing.
  for (const auto& fp : parties) {
    const filings::Party& p = *fp.party;
    auto missing = [&](std::string_view what_ja, std::string_view what_en, std::string item) {
      add("facts_missing", "low", p.name.empty() ? fp.path : p.name,
          {.ja = fmt::format("{}（{}）: {} が記載されていません。", p.name, fp.path, what_ja),
           .en = fmt::format("{} ({}): {} not stated.", p.name, fp.path, what_en)},
          form_citation.empty() ? item : fmt::format("{} ({})", form_citation, item), "filing");
    };
    std::string prefix = fp.role == "supplier" ? "suppliers[]" : "maintenance." + fp.role;
    if (fp.role == "subcontractor") prefix = "maintenance.subcontractors[]";
    if (p.corporate_number.empty() && p.foreign_registration.empty())
      missing("法人番号（又は外国の登録番号）", "法人番号 (or a foreign registration)",
              prefix + ".corporate_number_or_foreign_registration");
    if (p.country.empty()) missing("設立準拠法国", "country of incorporation", prefix + ".country");
    if (!p.shareholders) missing("株主", "shareholders", prefix + ".shareholders");
  }

  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     return std::make_tuple(SeverityRank(a.severity), a.kind) <
                            std::make_tuple(SeverityRank(b.severity), b.kind);
                   });
  return out;
}

base::Result<Concentration> ConcentrationFor(store::Connection& c, const base::BusinessId& business,
                                             const auth::ScopeFilter& scope) {
  if (business.empty()) {
    return base::InvalidArgument({.ja = "事業を指定してください", .en = "a business is needed"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  Concentration out;
  out.business = business;
  auth::ScopeFilter of_business;
  of_business.businesses = {business};
  std::vector<store::Value> params;
  // One call after the other: the parameters must follow the placeholders' order (the operands
  // of one expression are evaluated in no set order).
  std::string of_sql = SupplySystemScopeSql(of_business, "id", &params);
  std::string scope_sql = SupplySystemScopeSql(scope, "id", &params);
  std::string sql = "SELECT id, name, sample FROM supply_system WHERE " + of_sql + " AND " +
                    scope_sql + " ORDER BY id";
  KIKAN_ASSIGN_OR_RETURN(auto systems, c.Query(sql, params));
  if (systems.empty()) return out;
  std::vector<std::string> ids;
  std::map<std::string, std::string> names;
  for (const auto& r : systems) {
    ids.push_back(r.Text(0));
    names[r.Text(0)] = r.Text(1);
    out.systems.emplace_back(r.Text(0));
    if (!r.Text(2).empty()) out.samples.push_back(fmt::format("{}: {}", r.Text(0), r.Text(2)));
  }

  // party id → systems, per role.
  std::map<std::string, std::set<std::string>> suppliers, contractors;
  std::map<std::string, std::set<std::string>> components;
  std::map<std::string, std::string> component_names;
  auto in = [&](std::vector<store::Value>* p) { return SqlInList(ids, p); };
  {
    std::vector<store::Value> p;
    std::string q = fmt::format(
        "SELECT system_id, supplier_party, manufacturer_party, purl_package, cpe_key, "
        "manufacturer_key, model_key, manufacturer_name, name FROM supply_component WHERE "
        "system_id IN ({})",
        in(&p));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(q, p));
    for (const auto& r : rows) {
      for (size_t k : {size_t{1}, size_t{2}})
        if (!r.Text(k).empty()) suppliers[r.Text(k)].insert(r.Text(0));
      std::string key, name;
      if (!r.Text(3).empty()) {
        key = name = r.Text(3);
      } else if (std::string cpe = supply::CpeProductKey(r.Text(4)); !cpe.empty()) {
        key = name = cpe;
      } else if (!r.Text(6).empty()) {
        key = r.Text(5) + "/" + r.Text(6);
        name = r.Text(7).empty() ? r.Text(8) : r.Text(7) + "/" + r.Text(8);
      }
      if (key.empty()) continue;
      components[key].insert(r.Text(0));
      component_names.emplace(key, name);
    }
  }
  {
    std::vector<store::Value> p;
    std::string q = fmt::format(
        "SELECT id, supplier_party, manufacturer_party, runner_party FROM supply_system WHERE id "
        "IN ({})",
        in(&p));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(q, p));
    for (const auto& r : rows) {
      for (size_t k : {size_t{1}, size_t{2}})
        if (!r.Text(k).empty()) suppliers[r.Text(k)].insert(r.Text(0));
      if (!r.Text(3).empty()) contractors[r.Text(3)].insert(r.Text(0));
    }
  }
  {
    std::vector<store::Value> p;
    std::string q = fmt::format(
        "SELECT system_id, provider_party FROM supply_service WHERE system_id IN ({}) AND "
        "provider_party <> ''",
        in(&p));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(q, p));
    for (const auto& r : rows) contractors[r.Text(1)].insert(r.Text(0));
  }
  // Whom the contractors subcontract to, transitively: they serve the same systems.
  {
    std::map<std::string, std::set<std::string>> frontier = contractors;
    for (int depth = 1; depth <= kMaxSubcontractDepth && !frontier.empty(); ++depth) {
      std::vector<std::string> from;
      for (const auto& [id, _] : frontier) from.push_back(id);
      std::vector<store::Value> p;
      std::string rows_sql = fmt::format(
          "SELECT from_party, to_party FROM supply_party_link WHERE "
          "kind = 'subcontracts' AND from_party IN ({})",
          SqlInList(from, &p));
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(rows_sql, p));
      std::map<std::string, std::set<std::string>> next;
      for (const auto& r : rows) {
        auto& target = contractors[r.Text(1)];
        size_t before = target.size();
        const auto& served = frontier[r.Text(0)];
        target.insert(served.begin(), served.end());
        if (target.size() != before) next[r.Text(1)].insert(served.begin(), served.end());
      }
      frontier = std::move(next);
    }
  }
  // Party names and countries, of the parties the scope may see (the others are dropped).
  std::map<std::string, std::pair<std::string, std::string>> party_info;
  {
    std::set<std::string> all;
    for (const auto& [id, _] : suppliers) all.insert(id);
    for (const auto& [id, _] : contractors) all.insert(id);
    std::vector<std::string> list(all.begin(), all.end());
    for (size_t i = 0; i < list.size(); i += 500) {
      std::vector<std::string> chunk(
          list.begin() + static_cast<std::ptrdiff_t>(i),
          list.begin() + static_cast<std::ptrdiff_t>(std::min(list.size(), i + 500)));
      std::vector<store::Value> p;
      std::string ids_sql = SqlInList(chunk, &p);
      std::string visible_sql = SupplyPartyScopeSql(scope, "id", &p);
      std::string rows_sql =
          fmt::format("SELECT id, name, country FROM supply_party WHERE id IN ({}) AND {}", ids_sql,
                      visible_sql);
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(rows_sql, p));
      for (const auto& r : rows) party_info[r.Text(0)] = {r.Text(1), r.Text(2)};
    }
    for (auto* role : {&suppliers, &contractors})
      std::erase_if(*role, [&](const auto& kv) { return !party_info.contains(kv.first); });
  }
  std::map<std::string, std::set<std::string>> countries;
  for (const auto* role : {&suppliers, &contractors}) {
    for (const auto& [id, served] : *role) {
      std::string country = party_info[id].second;
      if (!country.empty()) countries[country].insert(served.begin(), served.end());
    }
  }
  auto dimension = [&](std::string name, const std::map<std::string, std::set<std::string>>& m,
                       bool parties) {
    ConcentrationDimension d;
    d.name = std::move(name);
    double total = 0;
    for (const auto& [key, served] : m) {
      ConcentrationItem item;
      item.key = key;
      if (parties) {
        item.name = party_info[key].first;
        item.country = party_info[key].second;
      } else if (auto it = component_names.find(key); it != component_names.end()) {
        item.name = it->second;
      } else {
        item.name = key;
      }
      for (const auto& s : served) item.systems.emplace_back(s);
      total += static_cast<double>(served.size());
      d.items.push_back(std::move(item));
    }
    for (const auto& item : d.items) {
      double share = 100.0 * static_cast<double>(item.systems.size()) / total;
      d.hhi += share * share;
    }
    std::stable_sort(d.items.begin(), d.items.end(), [](const auto& a, const auto& b) {
      if (a.systems.size() != b.systems.size()) return a.systems.size() > b.systems.size();
      return a.key < b.key;
    });
    return d;
  };
  out.dimensions.push_back(dimension("suppliers", suppliers, true));
  out.dimensions.push_back(dimension("contractors", contractors, true));
  out.dimensions.push_back(dimension("components", components, false));
  out.dimensions.push_back(dimension("countries", countries, false));

  {
    std::vector<store::Value> p;
    std::string nameable = SupplyOperatorScopeSql(scope, "operator_id", &p);
    std::string systems_sql = in(&p);
    std::string rows_sql = fmt::format(
        "SELECT system_id, operator_id, CASE WHEN {} THEN 1 ELSE 0 END FROM supply_system_user "
        "WHERE system_id IN ({}) ORDER BY system_id, operator_id",
        nameable, systems_sql);
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(rows_sql, p));
    std::map<std::string, Concentration::SharedSystem> users;
    for (const auto& r : rows) {
      auto& s = users[r.Text(0)];
      if (r.Int(2) != 0) {
        s.users.emplace_back(r.Text(1));
      } else {
        ++s.other_users;
      }
    }
    for (auto& [id, s] : users) {
      if (s.users.size() + static_cast<size_t>(s.other_users) < 2) continue;
      s.id = supply::SystemId(id);
      s.name = names[id];
      out.shared_systems.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace kikan::service
