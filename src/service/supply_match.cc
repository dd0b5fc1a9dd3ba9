#include "service/supply_match.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "audit/event.h"
#include "auth/tokens.h"
#include "base/hex.h"
#include "service/audit_event.h"
#include "service/canonical.h"
#include "service/supply.h"
#include "service/supply_store.h"
#include "supply/names.h"

namespace kikan::service {
namespace {

// The five places a party is mentioned, as (table, system column, column prefix).
struct MentionSite {
  std::string_view table, system_column, prefix;
};
constexpr MentionSite kMentionSites[] = {
    {"supply_component", "system_id", "supplier"},
    {"supply_component", "system_id", "manufacturer"},
    {"supply_service", "system_id", "provider"},
    {"supply_system", "id", "supplier"},
    {"supply_system", "id", "manufacturer"},
};

// SELECT system, party, name, number, country, url, match, score over every mention whose
// `where_column` (a prefix-relative "party", or "system") equals ?, each branch binding one
// parameter.
std::string MentionsSql(std::string_view where_column) {
  std::string sql;
  for (const auto& s : kMentionSites) {
    if (!sql.empty()) sql += " UNION ALL ";
    std::string where =
        where_column == "system" ? std::string(s.system_column) : fmt::format("{}_party", s.prefix);
    sql += fmt::format(
        "SELECT {1} AS system_id, {2}_party AS party, {2}_name AS name, {2}_number AS number, "
        "{2}_country AS country, {2}_url AS url, {2}_match AS reason, {2}_score_ppm AS score "
        "FROM {0} WHERE {3} = ? AND {2}_party <> ''",
        s.table, s.system_column, s.prefix, where);
  }
  return sql;
}

std::string MatchId(std::string_view party, std::string_view system, std::string_view name,
                    std::string_view number, std::string_view country) {
  Canonical c("supply_party_match_id");
  c.Add("party", party).Add("system", system).Add("name", name).Add("number", number);
  c.Add("country", country);
  return "m-" + audit::HashState(c.text()).substr(0, 16);
}

constexpr std::string_view kDecisionColumns =
    "match_id, seq, party, system_id, mention_name, mention_number, mention_country, reason, "
    "score_ppm, decision, new_party, decided_by, note, decided_at";

MatchDecision DecisionAt(const store::Row& r) {
  MatchDecision d;
  d.match_id = r.Text(0);
  d.seq = r.Int(1);
  d.party = r.Text(2);
  d.system = supply::SystemId(r.Text(3));
  d.name = r.Text(4);
  d.corporate_number = r.Text(5);
  d.country = r.Text(6);
  d.reason = r.Text(7);
  d.score = static_cast<double>(r.Int(8)) / 1e6;
  d.decision = r.Text(9);
  d.new_party = r.Text(10);
  d.decided_by = r.Text(11);
  d.note = r.Text(12);
  d.decided_at = base::ParseInstant(r.Text(13)).value_or(base::Instant{});
  return d;
}

// Groups mention rows (MentionsSql's columns) into matches, with their current decisions.
base::Result<std::vector<PartyMatchGroup>> Group(store::Connection& c,
                                                 const std::vector<store::Row>& rows) {
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, PartyMatchGroup> groups;  // (system, party, name, number, country)
  std::map<Key, bool> origin;
  for (const auto& r : rows) {
    Key k{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
    auto& g = groups[k];
    if (g.id.empty()) {
      g.system = supply::SystemId(r.Text(0));
      g.party = r.Text(1);
      g.name = r.Text(2);
      g.corporate_number = r.Text(3);
      g.country = r.Text(4);
      g.id = MatchId(g.party, g.system.view(), g.name, g.corporate_number, g.country);
    }
    ++g.mentions;
    double score = static_cast<double>(r.Int(7)) / 1e6;
    if (r.Text(6) == "none") {
      origin[k] = true;
    } else if (g.reason.empty() || score > g.score) {
      g.score = score;
      g.reason = r.Text(6);
    }
  }
  std::vector<PartyMatchGroup> out;
  for (auto& [k, g] : groups) {
    if (origin[k] || g.reason.empty()) {
      g.reason = "none";
      g.score = 0;
    }
    out.push_back(std::move(g));
  }
  // The current decisions and the splits that made these nodes: a query per kChunk matches.
  constexpr size_t kChunk = 500;
  for (size_t from = 0; from < out.size(); from += kChunk) {
    const size_t to = std::min(out.size(), from + kChunk);
    std::vector<std::string> ids, parties, systems;
    for (size_t i = from; i < to; ++i) {
      ids.push_back(out[i].id);
      parties.push_back(out[i].party);
      systems.push_back(out[i].system.value());
    }
    std::vector<store::Value> params;
    const std::string in_ids = SqlInList(ids, &params);
    KIKAN_ASSIGN_OR_RETURN(
        auto decisions,
        c.Query(fmt::format("SELECT {} FROM supply_party_match WHERE match_id IN ({}) ORDER BY "
                            "match_id, seq DESC",
                            kDecisionColumns, in_ids),
                params));
    std::map<std::string, MatchDecision> current;
    for (const auto& d : decisions) current.emplace(d.Text(0), DecisionAt(d));  // the newest
    params.clear();
    std::string in_parties = SqlInList(parties, &params);
    std::string in_systems = SqlInList(systems, &params);
    KIKAN_ASSIGN_OR_RETURN(
        auto splits,
        c.Query(fmt::format("SELECT new_party, system_id, mention_name, mention_number, "
                            "mention_country, party FROM supply_party_match WHERE new_party IN "
                            "({}) AND system_id IN ({}) AND decision = 'split' ORDER BY seq",
                            in_parties, in_systems),
                params));
    std::map<Key, std::string> split_from;  // (new party, system, name, number, country): the first
    for (const auto& r : splits)
      split_from.emplace(Key{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)}, r.Text(5));
    for (size_t i = from; i < to; ++i) {
      PartyMatchGroup& g = out[i];
      if (auto d = current.find(g.id); d != current.end()) g.decision = d->second;
      auto f =
          split_from.find(Key{g.party, g.system.value(), g.name, g.corporate_number, g.country});
      if (f != split_from.end()) g.split_from = f->second;
    }
  }
  std::sort(out.begin(), out.end(), [](const PartyMatchGroup& a, const PartyMatchGroup& b) {
    return std::tie(a.system, a.party, a.name, a.id) < std::tie(b.system, b.party, b.name, b.id);
  });
  return out;
}

base::Status NoParty(std::string_view id) {
  return base::NotFound({.ja = fmt::format("当事者 \"{}\" はありません", id),
                         .en = fmt::format("no party \"{}\"", id)});
}

base::Status NoMatch(std::string_view id) {
  return base::NotFound({.ja = fmt::format("照合 \"{}\" はありません", id),
                         .en = fmt::format("no match \"{}\"", id)});
}

base::Result<bool> PartyVisible(store::Connection& c, std::string_view party,
                                const auth::ScopeFilter& scope) {
  std::vector<store::Value> params{std::string(party)};
  std::string visible = SupplyPartyScopeSql(scope, "id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT id FROM supply_party WHERE id = ? AND {}", visible), params));
  return !rows.empty();
}

base::Result<std::vector<PartyMatchGroup>> VisibleMatches(store::Connection& c,
                                                          std::string_view party,
                                                          const auth::ScopeFilter& scope) {
  if (!MatchesVisibleTo(scope)) return NoParty(party);
  KIKAN_ASSIGN_OR_RETURN(bool visible, PartyVisible(c, party, scope));
  if (!visible) return NoParty(party);
  std::vector<store::Value> params(std::size(kMentionSites), std::string(party));
  std::string systems = SupplySystemScopeSql(scope, "m.system_id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT * FROM ({}) m WHERE {}", MentionsSql("party"), systems), params));
  return Group(c, rows);
}

}  // namespace

bool MatchesVisibleTo(const auth::ScopeFilter& scope) {
  return scope.all || (scope.operator_id.empty() && !scope.businesses.empty());
}

base::Result<PartyMatchPage> PartyMatches(store::Connection& c, std::string_view party,
                                          const auth::ScopeFilter& scope, int64_t limit,
                                          std::string_view after) {
  limit = std::clamp<int64_t>(limit, 1, kMaxPartyMatches);
  // `after`: the hex of the last match's system, name, 法人番号 and country, joined by US.
  std::vector<std::string> key;
  if (!after.empty()) {
    std::optional<std::string> text;
    if (after.size() % 2 == 0 && after.size() <= 4096)
      text = base::FromHex(after, after.size() / 2);
    if (text) {
      std::string_view rest = *text;
      for (;;) {
        auto us = rest.find('\x1f');
        key.emplace_back(rest.substr(0, us));
        if (us == std::string_view::npos) break;
        rest.remove_prefix(us + 1);
      }
    }
    if (key.size() != 4) {
      return base::InvalidArgument(
                 {.ja = "after は next の値ではありません", .en = "after is not a next value"})
          .WithFields({{"/after",
                        {.ja = "前のページの next を渡してください",
                         .en = "pass the next of the page before"}}});
    }
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  if (!MatchesVisibleTo(scope)) return NoParty(party);
  KIKAN_ASSIGN_OR_RETURN(bool visible, PartyVisible(c, party, scope));
  if (!visible) return NoParty(party);
  // The page's mention texts, grouped in SQL (the matches: one per system and text), and their
  // number; then the mentions of those texts only, grouped as Group does.
  std::vector<store::Value> params(std::size(kMentionSites), std::string(party));
  std::string systems = SupplySystemScopeSql(scope, "m.system_id", &params);
  const std::string grouped = fmt::format(
      "SELECT m.system_id, m.name, m.number, m.country FROM ({}) m WHERE {} GROUP BY "
      "m.system_id, m.name, m.number, m.country",
      MentionsSql("party"), systems);
  KIKAN_ASSIGN_OR_RETURN(auto total,
                         c.Query(fmt::format("SELECT COUNT(*) FROM ({}) g", grouped), params));
  PartyMatchPage page;
  page.total = total.at(0).Int(0);
  std::string keyset = "1 = 1";
  if (!key.empty()) {
    keyset =
        "g.system_id > ? OR (g.system_id = ? AND (g.name > ? OR (g.name = ? AND (g.number > ? OR "
        "(g.number = ? AND g.country > ?)))))";
    for (size_t i : {0u, 0u, 1u, 1u, 2u, 2u, 3u}) params.emplace_back(key[i]);
  }
  KIKAN_ASSIGN_OR_RETURN(
      auto keys,
      c.Query(fmt::format("SELECT g.system_id, g.name, g.number, g.country FROM ({}) g WHERE {} "
                          "ORDER BY g.system_id, g.name, g.number, g.country LIMIT {}",
                          grouped, keyset, limit + 1),
              params));
  if (keys.empty()) return page;
  if (static_cast<int64_t>(keys.size()) > limit) {
    const auto& last = keys[static_cast<size_t>(limit) - 1];
    page.next = base::ToHex(fmt::format("{}\x1f{}\x1f{}\x1f{}", last.Text(0), last.Text(1),
                                        last.Text(2), last.Text(3)));
    keys.resize(static_cast<size_t>(limit));
  }
  std::set<std::tuple<std::string, std::string, std::string, std::string>> wanted;
  std::set<std::string> page_systems;
  for (const auto& k : keys) {
    wanted.emplace(k.Text(0), k.Text(1), k.Text(2), k.Text(3));
    page_systems.insert(k.Text(0));
  }
  params.assign(std::size(kMentionSites), std::string(party));
  std::string in = SqlInList(page_systems, &params);
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query(fmt::format("SELECT * FROM ({}) m WHERE m.system_id IN ({})",
                                             MentionsSql("party"), in),
                                 params));
  std::vector<store::Row> mine;
  for (const auto& r : rows) {
    if (wanted.count({r.Text(0), r.Text(2), r.Text(3), r.Text(4)})) mine.push_back(r);
  }
  KIKAN_ASSIGN_OR_RETURN(page.matches, Group(c, mine));
  // In the database's order, as the keyset pages.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, size_t> position;
  for (const auto& k : keys)
    position.emplace(std::tuple{k.Text(0), k.Text(1), k.Text(2), k.Text(3)}, position.size());
  auto at = [&](const PartyMatchGroup& g) {
    return position[{g.system.value(), g.name, g.corporate_number, g.country}];
  };
  std::sort(page.matches.begin(), page.matches.end(),
            [&](const PartyMatchGroup& a, const PartyMatchGroup& b) { return at(a) < at(b); });
  return page;
}

base::Result<std::vector<PartyMatchGroup>> SystemMatches(store::Connection& c,
                                                         const supply::SystemId& system) {
  std::vector<store::Value> params(std::size(kMentionSites), system.value());
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(MentionsSql("system"), params));
  return Group(c, rows);
}

base::Result<std::optional<std::string>> SupplyMatchCanonicalState(store::Connection& c,
                                                                   std::string_view match_id) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT {} FROM supply_party_match WHERE match_id = ? ORDER BY seq",
                          kDecisionColumns),
              {std::string(match_id)}));
  if (rows.empty()) return std::optional<std::string>();
  Canonical out("supply_party_match");
  for (const auto& r : rows) {
    out.AddInt("seq", r.Int(1));
    for (size_t i : {size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{6}, size_t{7}})
      out.Add(std::to_string(i), r.Text(i));
    out.AddInt("score_ppm", r.Int(8));
    for (size_t i : {size_t{9}, size_t{10}, size_t{11}, size_t{12}, size_t{13}})
      out.Add(std::to_string(i), r.Text(i));
  }
  return std::optional<std::string>(out.text());
}

base::Result<MatchDecision> DecidePartyMatch(store::Connection& c,
                                             const MatchDecisionRequest& request,
                                             const auth::ScopeFilter& scope, const Actor& actor,
                                             base::Instant now) {
  if (request.decision != "confirm" && request.decision != "split") {
    return base::InvalidArgument(
               {.ja = "判断は confirm か split です", .en = "the decision is confirm or split"})
        .WithFields({{"/decision", {.ja = "confirm か split", .en = "confirm or split"}}});
  }
  if (request.note.size() > kMaxMatchNoteBytes) {
    return base::InvalidArgument({.ja = "メモが長すぎます", .en = "the note is too long"})
        .WithFields({{"/note",
                      {.ja = fmt::format("{} バイトまで", kMaxMatchNoteBytes),
                       .en = fmt::format("at most {} bytes", kMaxMatchNoteBytes)}}});
  }
  std::optional<store::Transaction> tx;
  if (!c.InTransaction()) {
    KIKAN_ASSIGN_OR_RETURN(auto t, store::Transaction::Start(c));
    tx.emplace(std::move(t));
  }
  KIKAN_ASSIGN_OR_RETURN(auto groups, VisibleMatches(c, request.party, scope));
  auto it = std::find_if(groups.begin(), groups.end(),
                         [&](const PartyMatchGroup& g) { return g.id == request.match_id; });
  if (it == groups.end()) return NoMatch(request.match_id);
  const PartyMatchGroup& g = *it;
  if (g.reason == "none") {
    return base::FailedPrecondition(
        {.ja = "この言及は当事者ノードを作ったものであり、照合ではありません",
         .en = "these mentions made the party node: there is no match to decide"});
  }
  MatchDecision d;
  d.match_id = g.id;
  d.party = g.party;
  d.system = g.system;
  d.name = g.name;
  d.corporate_number = g.corporate_number;
  d.country = g.country;
  d.reason = g.reason;
  d.score = g.score;
  d.decision = request.decision == "confirm" ? "confirmed" : "split";
  d.decided_by = actor.user_id;
  d.note = request.note;
  d.decided_at = now;
  if (d.decision == "split") {
    // Every mention of the node, in any system (not only the visible ones): a split must leave
    // some behind.
    std::vector<store::Value> all(std::size(kMentionSites), g.party);
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(MentionsSql("party"), all));
    int64_t total = static_cast<int64_t>(rows.size());
    if (total <= g.mentions) {
      return base::FailedPrecondition(
          {.ja = "この当事者ノードの言及はすべてこの照合にあり、分ける相手がありません",
           .en = "every mention of this party node is in this match: there is nothing to split "
                 "it from"});
    }
    std::string url;
    for (const auto& r : rows) {
      if (r.Text(0) == g.system.value() && r.Text(2) == g.name && r.Text(3) == g.corporate_number &&
          r.Text(4) == g.country && url.empty())
        url = r.Text(5);
    }
    d.new_party = "p-" + base::ToHex(auth::RandomBytes(8));
    KIKAN_TRY(
        c.Exec("INSERT INTO supply_party (id, name, name_key, corporate_number, country, url) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               {d.new_party, g.name, supply::NormaliseCompanyName(g.name), g.corporate_number,
                g.country, url}));
    for (const auto& s : kMentionSites) {
      KIKAN_TRY(
          c.Exec(fmt::format("UPDATE {0} SET {2}_party = ?, {2}_match = 'none', "
                             "{2}_score_ppm = 0 WHERE {1} = ? AND {2}_party = ? AND "
                             "{2}_name = ? AND {2}_number = ? AND {2}_country = ?",
                             s.table, s.system_column, s.prefix),
                 {d.new_party, g.system.value(), g.party, g.name, g.corporate_number, g.country}));
    }
    KIKAN_ASSIGN_OR_RETURN(auto party, GetSupplyParty(c, d.new_party));
    KIKAN_TRY(RecordEvent(c, actor.user_id, now, "supply.party.create", "supply_party", d.new_party,
                          audit::HashState(CanonicalState(party))));
  }
  KIKAN_ASSIGN_OR_RETURN(auto seq,
                         c.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM supply_party_match WHERE "
                                 "match_id = ?",
                                 {d.match_id}));
  d.seq = seq[0].Int(0);
  KIKAN_TRY(c.Exec(
      fmt::format("INSERT INTO supply_party_match ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?)",
                  kDecisionColumns),
      {d.match_id, d.seq, d.party, d.system.value(), d.name, d.corporate_number, d.country,
       d.reason, static_cast<int64_t>(d.score * 1'000'000 + 0.5), d.decision, d.new_party,
       d.decided_by, d.note, base::FormatInstant(now)}));
  KIKAN_ASSIGN_OR_RETURN(auto state, SupplyMatchCanonicalState(c, d.match_id));
  KIKAN_TRY(RecordEvent(c, actor.user_id, now,
                        d.decision == "split" ? "supply.match.split" : "supply.match.confirm",
                        "supply_party_match", d.match_id, audit::HashState(state.value_or(""))));
  if (tx) {
    KIKAN_TRY(tx->Commit());
  }
  return d;
}

}  // namespace kikan::service
