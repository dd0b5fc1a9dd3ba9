#include "service/supply_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace kikan::service {
namespace {

// The users of the systems WHERE `system_where` (over supply_system_user u), split into those
// `scope` may name (by system, then operator id) and the count of the others by system.
base::Status UsersBySystem(store::Connection& c, const auth::ScopeFilter& scope,
                           const std::string& system_where,
                           const std::vector<store::Value>& where_params,
                           std::map<std::string, SupplySystemSummary*>& by_id) {
  std::vector<store::Value> params;
  std::string named = SupplyOperatorScopeSql(scope, "u.operator_id", &params);
  params.insert(params.end(), where_params.begin(), where_params.end());
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT u.system_id, u.operator_id, o.name_ja, u.basis, CASE WHEN {} "
                          "THEN 1 ELSE 0 END FROM supply_system_user u JOIN operator o ON o.id = "
                          "u.operator_id WHERE {} ORDER BY u.system_id, u.operator_id",
                          named, system_where),
              params));
  for (const auto& r : rows) {
    auto it = by_id.find(r.Text(0));
    if (it == by_id.end()) continue;
    if (r.Int(4) == 1) {
      it->second->operators.push_back({base::OperatorId(r.Text(1)), r.Text(2), r.Text(3)});
    } else {
      ++it->second->other_operators;
    }
  }
  return base::Status::Ok();
}

// Summaries of the systems WHERE `where` (over supply_system s), by id, at most `limit`.
base::Result<SupplySystemList> Summaries(store::Connection& c, const auth::ScopeFilter& scope,
                                         const std::string& where,
                                         const std::vector<store::Value>& where_params,
                                         size_t limit) {
  SupplySystemList out;
  std::vector<store::Value> params;
  std::string named = SupplyOperatorScopeSql(scope, "s.filed_by", &params);
  params.insert(params.end(), where_params.begin(), where_params.end());
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format(
                  "SELECT s.id, s.name, s.runner, s.filed_by, s.sample, CASE WHEN {} THEN 1 ELSE "
                  "0 END, (SELECT COUNT(*) FROM supply_component x WHERE x.system_id = s.id), "
                  "(SELECT COUNT(*) FROM supply_service x WHERE x.system_id = s.id), (SELECT "
                  "COUNT(*) FROM supply_system_site x WHERE x.system_id = s.id) FROM "
                  "supply_system s WHERE {} ORDER BY s.id LIMIT {}",
                  named, where, limit + 1),
              params));
  for (const auto& r : rows) {
    if (out.systems.size() >= limit) {
      out.truncated = true;
      break;
    }
    SupplySystemSummary s;
    s.id = supply::SystemId(r.Text(0));
    s.name = r.Text(1);
    s.runner = r.Text(2);
    if (r.Int(5) == 1) s.filed_by = base::OperatorId(r.Text(3));
    s.sample = r.Text(4);
    s.components = r.Int(6);
    s.services = r.Int(7);
    s.sites = r.Int(8);
    out.systems.push_back(std::move(s));
  }
  if (out.systems.empty()) return out;
  std::map<std::string, SupplySystemSummary*> by_id;
  std::vector<store::Value> ids;
  std::string in;
  for (auto& s : out.systems) {
    by_id[s.id.value()] = &s;
    in += in.empty() ? "?" : ", ?";
    ids.emplace_back(s.id.value());
  }
  KIKAN_TRY(UsersBySystem(c, scope, fmt::format("u.system_id IN ({})", in), ids, by_id));
  return out;
}

// ASCII-lowered `q` as a LIKE pattern matching it anywhere ('\' escapes).
std::string ContainsPattern(std::string_view q) {
  std::string out = "%";
  for (char ch : q) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

}  // namespace

base::Result<SupplySystemList> ListSupplySystems(store::Connection& c,
                                                 const auth::ScopeFilter& scope) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  std::vector<store::Value> params;
  std::string visible = SupplySystemScopeSql(scope, "s.id", &params);
  return Summaries(c, scope, visible, params, kMaxListedSystems);
}

base::Result<SupplyGraph> GetSupplyGraph(store::Connection& c, const supply::SystemId& id,
                                         const auth::ScopeFilter& scope) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  std::vector<store::Value> params{id.value()};
  std::string visible = SupplySystemScopeSql(scope, "s.id", &params);
  KIKAN_ASSIGN_OR_RETURN(auto list, Summaries(c, scope, "s.id = ? AND " + visible, params, 1));
  if (list.systems.empty()) return SupplySystemNotFound(id);
  SupplyGraph g;
  g.summary = std::move(list.systems.front());
  KIKAN_ASSIGN_OR_RETURN(g.state, GetSupplySystem(c, id.view()));
  std::set<base::OperatorId> named;
  for (const auto& o : g.summary.operators) named.insert(o.id);
  std::erase_if(g.state.users, [&](const SystemUser& u) { return !named.count(u.operator_id); });

  // The party nodes the system names, with their roles.
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT x.party, x.role, p.name, p.corporate_number, p.country FROM ("
              "SELECT supplier_party AS party, 'supplier' AS role FROM supply_component WHERE "
              "system_id = ? UNION SELECT manufacturer_party, 'manufacturer' FROM "
              "supply_component WHERE system_id = ? UNION SELECT provider_party, 'provider' FROM "
              "supply_service WHERE system_id = ? UNION SELECT runner_party, 'runner' FROM "
              "supply_system WHERE id = ? UNION SELECT supplier_party, 'supplier' FROM "
              "supply_system WHERE id = ? UNION SELECT manufacturer_party, 'manufacturer' FROM "
              "supply_system WHERE id = ?) x JOIN supply_party p ON p.id = x.party ORDER BY "
              "p.name, p.id, x.role",
              {id.value(), id.value(), id.value(), id.value(), id.value(), id.value()}));
  for (const auto& r : rows) {
    if (g.parties.empty() || g.parties.back().id != r.Text(0)) {
      g.parties.push_back({r.Text(0), r.Text(2), r.Text(3), r.Text(4), {}, {}});
    }
    g.parties.back().roles.push_back(r.Text(1));
  }
  // Matches only for a scope that may see them (PartyMatches: not an operator's).
  std::vector<PartyMatchGroup> matches;
  if (MatchesVisibleTo(scope)) {
    KIKAN_ASSIGN_OR_RETURN(matches, SystemMatches(c, id));
  }
  for (auto& m : matches) {
    for (auto& p : g.parties) {
      if (p.id == m.party) p.matches.push_back(std::move(m));
    }
  }
  if (!g.parties.empty()) {
    std::vector<store::Value> ids;
    std::string in;
    for (const auto& p : g.parties) {
      in += in.empty() ? "?" : ", ?";
      ids.emplace_back(p.id);
    }
    std::vector<store::Value> both = ids;
    both.insert(both.end(), ids.begin(), ids.end());
    KIKAN_ASSIGN_OR_RETURN(
        auto links,
        c.Query(fmt::format("SELECT from_party, to_party, kind, share_ppm FROM supply_party_link "
                            "WHERE from_party IN ({0}) AND to_party IN ({0}) ORDER BY from_party, "
                            "kind, to_party",
                            in),
                both));
    for (const auto& r : links) {
      g.links.push_back({r.Text(0), PartyLink{r.Text(1), r.Text(2), r.Int(3)}});
    }
  }
  return g;
}

base::Result<std::vector<SupplySuggestion>> SuggestSupply(store::Connection& c, std::string_view q,
                                                          const auth::ScopeFilter& scope) {
  if (q.empty() || q.size() > kMaxSuggestQueryChars) {
    return base::InvalidArgument(
               {.ja =
                    fmt::format("検索語は 1〜{} バイトでなければなりません", kMaxSuggestQueryChars),
                .en = fmt::format("the query must be 1–{} bytes", kMaxSuggestQueryChars)})
        .WithFields({{"/q", {.ja = "空か長すぎます", .en = "empty or too long"}}});
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  const std::string like = ContainsPattern(q);
  std::vector<SupplySuggestion> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](std::string kind, std::string value, std::string label) {
    if (value.empty() || out.size() >= kMaxSuggestions) return;
    if (!seen.insert({kind, value}).second) return;
    out.push_back({std::move(kind), std::move(value), std::move(label)});
  };
  {
    std::vector<store::Value> params{like};
    std::string visible = SupplyPartyScopeSql(scope, "id", &params);
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("SELECT name, corporate_number FROM supply_party WHERE LOWER(name) "
                            "LIKE ? ESCAPE '\\' AND {} ORDER BY name LIMIT {}",
                            visible, kMaxSuggestions),
                params));
    for (const auto& r : rows) {
      add("supplier", r.Text(0),
          r.Text(1).empty() ? r.Text(0) : fmt::format("{}（{}）", r.Text(0), r.Text(1)));
    }
  }
  {
    std::vector<store::Value> params{like, like, like};
    std::string visible = SupplySystemScopeSql(scope, "system_id", &params);
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("SELECT DISTINCT name, version, purl_package, cpe, manufacturer_name "
                            "FROM supply_component WHERE (LOWER(name) LIKE ? ESCAPE '\\' OR "
                            "LOWER(purl) LIKE ? ESCAPE '\\' OR LOWER(cpe) LIKE ? ESCAPE '\\') "
                            "AND {} ORDER BY name, version LIMIT {}",
                            visible, kMaxSuggestions * 2),
                params));
    for (const auto& r : rows) {
      if (!r.Text(2).empty()) {
        add("purl", r.Text(2), fmt::format("{}（{}）", r.Text(0), r.Text(2)));
      } else if (!r.Text(3).empty()) {
        add("cpe", r.Text(3), fmt::format("{}（{}）", r.Text(0), r.Text(3)));
      } else if (!r.Text(4).empty()) {
        std::string value = r.Text(4) + "/" + r.Text(0);
        add("component", value, value);
      }
    }
  }
  return out;
}

}  // namespace kikan::service
