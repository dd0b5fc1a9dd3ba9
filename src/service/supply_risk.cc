#include "service/supply_risk.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "audit/event.h"
#include "audit/log.h"
#include "service/audit_event.h"
#include "service/canonical.h"
#include "service/supply_store.h"
#include "supply/names.h"

namespace kikan::service {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const store::Migration kMigrations[] = {
    store::Migration::Portable(340, "supply vulnerabilities, VEX and watch lists",
                               R"sql(
CREATE TABLE supply_vuln_feed (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  sample TEXT NOT NULL,
  newest_modified TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  advisories INTEGER NOT NULL
) STRICT;
CREATE TABLE supply_vuln (
  feed TEXT NOT NULL REFERENCES supply_vuln_feed(id),
  id TEXT NOT NULL,
  aliases TEXT NOT NULL,
  summary TEXT NOT NULL,
  published TEXT NOT NULL,
  modified TEXT NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (feed, id)
) STRICT;
CREATE TABLE supply_vuln_product (
  feed TEXT NOT NULL,
  vuln_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  purl_package TEXT NOT NULL,
  cpe_key TEXT NOT NULL,
  model_key TEXT NOT NULL,
  product TEXT NOT NULL,
  PRIMARY KEY (feed, vuln_id, seq)
) STRICT;
CREATE INDEX supply_vuln_product_purl ON supply_vuln_product(purl_package);
CREATE INDEX supply_vuln_product_cpe ON supply_vuln_product(cpe_key);
CREATE INDEX supply_vuln_product_model ON supply_vuln_product(model_key);
CREATE TABLE supply_vex (
  system_id TEXT NOT NULL REFERENCES supply_system(id),
  component_ref TEXT NOT NULL,
  vuln_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  justification TEXT NOT NULL,
  detail TEXT NOT NULL,
  author TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  origin TEXT NOT NULL,
  PRIMARY KEY (system_id, component_ref, vuln_id, seq)
) STRICT;
CREATE TABLE supply_watch_list (
  source TEXT PRIMARY KEY,
  sample TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  entries INTEGER NOT NULL
) STRICT;
CREATE TABLE supply_watch_entry (
  source TEXT NOT NULL REFERENCES supply_watch_list(source),
  seq INTEGER NOT NULL,
  line INTEGER NOT NULL,
  country TEXT NOT NULL,
  country_code TEXT NOT NULL,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  concern TEXT NOT NULL,
  PRIMARY KEY (source, seq)
) STRICT;
)sql"),
};

base::Status AppendAudit(store::Connection& c, std::string_view action, std::string_view type,
                         std::string_view id, const std::string& canonical, const Actor& actor,
                         base::Instant now) {
  return RecordEvent(c, actor.user_id, now, action, type, id, audit::HashState(canonical));
}

std::optional<base::Instant> LooseInstant(std::string_view text) {
  if (auto t = base::ParseInstant(text)) return *t;
  // "2024-11-18T16:26:00.123456Z", "2024-11-18T16:26:00+00:00", "2024-11-18": to the second.
  if (text.size() >= 19) {
    if (auto t = base::ParseInstant(std::string(text.substr(0, 19)) + "Z")) return *t;
  }
  if (text.size() == 10) {
    if (auto t = base::ParseInstant(std::string(text) + "T00:00:00Z")) return *t;
  }
  return std::nullopt;
}

json::value RangesJson(const supply::AffectedProduct& p) {
  json::array ranges;
  for (const auto& r : p.ranges) {
    json::array events;
    for (const auto& e : r.events)
      events.push_back(json::object{{std::string(supply::EventKindName(e.kind)), e.version}});
    ranges.push_back(json::object{{"type", r.type}, {"events", std::move(events)}});
  }
  json::array versions;
  for (const auto& v : p.versions) versions.push_back(json::value(v));
  json::array excluded;
  for (const auto& v : p.excluded_versions) excluded.push_back(json::value(v));
  return json::object{{"purl", p.purl},
                      {"cpe", p.cpe},
                      {"manufacturer", p.manufacturer},
                      {"model", p.model},
                      {"ranges", std::move(ranges)},
                      {"versions", std::move(versions)},
                      {"excluded_versions", std::move(excluded)},
                      {"all_versions", p.all_versions},
                      {"product_id", p.product_id}};
}

std::optional<supply::AffectedProduct> ProductFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  auto str = [&](std::string_view k) {
    const json::value* x = o.if_contains(k);
    return x != nullptr && x->is_string() ? std::string(x->get_string()) : std::string();
  };
  supply::AffectedProduct p;
  p.purl = str("purl");
  p.cpe = str("cpe");
  p.manufacturer = str("manufacturer");
  p.model = str("model");
  p.product_id = str("product_id");
  if (const json::value* a = o.if_contains("all_versions"); a != nullptr && a->is_bool())
    p.all_versions = a->get_bool();
  if (const json::value* vs = o.if_contains("versions"); vs != nullptr && vs->is_array()) {
    for (const auto& x : vs->get_array())
      if (x.is_string()) p.versions.emplace_back(x.get_string());
  }
  if (const json::value* vs = o.if_contains("excluded_versions"); vs != nullptr && vs->is_array()) {
    for (const auto& x : vs->get_array())
      if (x.is_string()) p.excluded_versions.emplace_back(x.get_string());
  }
  if (const json::value* rs = o.if_contains("ranges"); rs != nullptr && rs->is_array()) {
    for (const auto& r : rs->get_array()) {
      if (!r.is_object()) return std::nullopt;
      supply::VersionRange range;
      if (const json::value* t = r.get_object().if_contains("type"); t && t->is_string())
        range.type = std::string(t->get_string());
      const json::value* evs = r.get_object().if_contains("events");
      if (evs == nullptr || !evs->is_array()) return std::nullopt;
      for (const auto& e : evs->get_array()) {
        if (!e.is_object() || e.get_object().size() != 1) return std::nullopt;
        const auto& kv = *e.get_object().begin();
        supply::VersionEvent ev;
        if (kv.key() == "introduced")
          ev.kind = supply::VersionEvent::Kind::kIntroduced;
        else if (kv.key() == "fixed")
          ev.kind = supply::VersionEvent::Kind::kFixed;
        else if (kv.key() == "last_affected")
          ev.kind = supply::VersionEvent::Kind::kLastAffected;
        else if (kv.key() == "limit")
          ev.kind = supply::VersionEvent::Kind::kLimit;
        else
          return std::nullopt;
        if (!kv.value().is_string()) return std::nullopt;
        ev.version = std::string(kv.value().get_string());
        range.events.push_back(std::move(ev));
      }
      p.ranges.push_back(std::move(range));
    }
  }
  return p;
}

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    auto nl = s.find('\n', start);
    out.push_back(s.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// Collects a file's problems under "FILE#POINTER".
struct FileProblems {
  std::vector<base::FieldError> fields;
  size_t count = 0;
  std::string first;
  void Add(const std::string& file, const base::Status& status) {
    if (first.empty()) first = fmt::format("{}: {}", file, status.message(base::Lang::kEn));
    if (status.fields().empty()) {
      ++count;
      if (fields.size() < supply::kMaxProblems) fields.push_back({file + "#", status.text()});
      return;
    }
    for (const auto& f : status.fields()) {
      ++count;
      if (fields.size() < supply::kMaxProblems)
        fields.push_back({file + "#" + f.pointer, f.message});
    }
  }
  base::Status Refusal(std::string_view what) const {
    return base::InvalidArgument(
               {.ja = fmt::format(
                    "{} を拒否しました（問題 {} 件、何も取り込んでいません）。最初のもの: {}", what,
                    count, first),
                .en = fmt::format("{} refused ({} problem(s); nothing was imported); first: {}",
                                  what, count, first)})
        .WithFields(fields);
  }
};

base::Result<std::string> ReadSmallFile(const fs::path& path, size_t limit) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    return base::NotFound({.ja = fmt::format("{} を読めません: {}", path.string(), ec.message()),
                           .en = fmt::format("cannot read {}: {}", path.string(), ec.message())});
  }
  if (size > limit) {
    return base::InvalidArgument(
        {.ja = fmt::format("{} は大きすぎます（上限 {} バイト）", path.string(), limit),
         .en = fmt::format("{} is too large (at most {} bytes)", path.string(), limit)});
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

base::Result<std::vector<supply::Advisory>> ReadOsvZip(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) {
    return base::InvalidArgument({.ja = fmt::format("{} は zip として開けません（{}）", path, err),
                                  .en = fmt::format("{} does not open as a zip ({})", path, err)});
  }
  std::vector<supply::Advisory> out;
  FileProblems problems;
  zip_int64_t n = zip_get_num_entries(z, 0);
  std::vector<std::pair<std::string, zip_uint64_t>> names;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr && EndsWith(name, ".json"))
      names.emplace_back(name, static_cast<zip_uint64_t>(i));
  }
  std::sort(names.begin(), names.end());
  if (names.size() > kMaxFeedRecords) {
    zip_close(z);
    return base::InvalidArgument(
        {.ja = fmt::format("{} の記録が {} 件を超えています", path, kMaxFeedRecords),
         .en = fmt::format("{} holds more than {} records", path, kMaxFeedRecords)});
  }
  for (const auto& [name, index] : names) {
    std::string label = path + "!" + name;
    zip_stat_t st;
    if (zip_stat_index(z, index, 0, &st) != 0 || st.size > supply::kMaxAdvisoryBytes) {
      problems.Add(label, base::InvalidArgument(
                              {.ja = "大きすぎるか読めません", .en = "too large or unreadable"}));
      continue;
    }
    zip_file_t* f = zip_fopen_index(z, index, 0);
    if (f == nullptr) {
      problems.Add(label, base::InvalidArgument({.ja = "読めません", .en = "unreadable"}));
      continue;
    }
    std::string text(st.size, '\0');
    zip_int64_t got = zip_fread(f, text.data(), st.size);
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      problems.Add(label, base::InvalidArgument({.ja = "読めません", .en = "unreadable"}));
      continue;
    }
    auto a = supply::ParseOsv(text);
    if (!a) {
      problems.Add(label, a.status());
      continue;
    }
    out.push_back(std::move(*a));
  }
  zip_close(z);
  if (problems.count > 0) return problems.Refusal(path);
  return out;
}

base::Status NoSystem(const supply::SystemId& id) {
  return base::NotFound({.ja = fmt::format("システム \"{}\" はありません", id),
                         .en = fmt::format("no system \"{}\"", id)});
}

std::string VexCanonical(const VexDecision& d) {
  Canonical out("supply_vex");
  out.Add("system", d.system.view())
      .Add("component_ref", d.component_ref)
      .Add("vulnerability", d.vulnerability)
      .AddInt("seq", d.seq)
      .Add("state", d.state)
      .Add("justification", d.justification)
      .Add("detail", d.detail)
      .Add("author", d.author)
      .Add("at", base::FormatInstant(d.at))
      .Add("origin", d.origin);
  return out.text();
}

// Appends the event of object `id` of `type` with the hash of its state as stored now (read back
// as `audit verify` reads it: SupplyRiskCanonicalState).
base::Status Audited(store::Connection& c, std::string_view action, std::string_view type,
                     std::string_view id, const Actor& actor, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto state, SupplyRiskCanonicalState(c, type, id));
  if (!state) {
    return base::Internal({.ja = fmt::format("{} {} を書いた直後に読めません", type, id),
                           .en = fmt::format("{} {} unreadable right after writing", type, id)});
  }
  return AppendAudit(c, action, type, id, *state, actor, now);
}

base::Result<VexDecision> AppendVex(store::Connection& c, VexDecision d, const Actor& actor,
                                    base::Instant now) {
  bool state_ok =
      std::find(std::begin(kVexStates), std::end(kVexStates), d.state) != std::end(kVexStates);
  std::vector<base::FieldError> fields;
  if (!state_ok) {
    fields.push_back({"/state",
                      {.ja = fmt::format("状態 \"{}\" は不明です（not_affected, affected, fixed, "
                                         "under_investigation）",
                                         d.state),
                       .en = fmt::format("unknown state \"{}\" (not_affected, affected, fixed, "
                                         "under_investigation)",
                                         d.state)}});
  }
  bool justification_ok = std::find(std::begin(kVexJustifications), std::end(kVexJustifications),
                                    d.justification) != std::end(kVexJustifications);
  if (d.state == "not_affected" && !justification_ok) {
    fields.push_back({"/justification",
                      {.ja = "not_affected には CycloneDX の justification が必要です",
                       .en = "not_affected needs a CycloneDX justification"}});
  } else if (d.state != "not_affected" && !d.justification.empty()) {
    fields.push_back({"/justification",
                      {.ja = "justification は not_affected にだけ付けます",
                       .en = "a justification goes with not_affected only"}});
  }
  if (d.vulnerability.empty())
    fields.push_back({"/vulnerability", {.ja = "空です", .en = "empty"}});
  if (d.author.empty()) fields.push_back({"/author", {.ja = "空です", .en = "empty"}});
  if (!fields.empty()) {
    return base::InvalidArgument(
               {.ja = "VEX の判断を記録できません", .en = "the VEX decision cannot be recorded"})
        .WithFields(std::move(fields));
  }
  KIKAN_ASSIGN_OR_RETURN(bool exists, SupplySystemExists(c, d.system));
  if (!exists) return NoSystem(d.system);
  KIKAN_ASSIGN_OR_RETURN(auto comp,
                         c.Query("SELECT 1 FROM supply_component WHERE system_id = ? AND ref = ?",
                                 {d.system.value(), d.component_ref}));
  if (comp.empty()) {
    return base::NotFound(
        {.ja = fmt::format("システム {} に構成要素 \"{}\" はありません", d.system, d.component_ref),
         .en = fmt::format("system {} has no component \"{}\"", d.system, d.component_ref)});
  }
  KIKAN_ASSIGN_OR_RETURN(auto last,
                         c.Query("SELECT COALESCE(MAX(seq), 0) FROM supply_vex WHERE system_id = ? "
                                 "AND component_ref = ? AND vuln_id = ?",
                                 {d.system.value(), d.component_ref, d.vulnerability}));
  d.seq = last[0].Int(0) + 1;
  d.at = now;
  if (d.origin.empty()) d.origin = "recorded";
  KIKAN_TRY(c.Exec(
      "INSERT INTO supply_vex (system_id, component_ref, vuln_id, seq, state, justification, "
      "detail, author, recorded_by, at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {d.system.value(), d.component_ref, d.vulnerability, d.seq, d.state, d.justification,
       d.detail, d.author, actor.user_id, base::FormatInstant(now), d.origin}));
  KIKAN_TRY(Audited(c, "supply.vex", "supply_vex",
                    fmt::format("{}/{}/{}", d.system, d.component_ref, d.vulnerability), actor,
                    now));
  return d;
}

VexDecision VexAt(const store::Row& r) {
  VexDecision d;
  d.system = supply::SystemId(r.Text(0));
  d.component_ref = r.Text(1);
  d.vulnerability = r.Text(2);
  d.seq = r.Int(3);
  d.state = r.Text(4);
  d.justification = r.Text(5);
  d.detail = r.Text(6);
  d.author = r.Text(7);
  d.at = LooseInstant(r.Text(8)).value_or(base::Instant{});
  d.origin = r.Text(9);
  return d;
}
constexpr std::string_view kVexColumns =
    "system_id, component_ref, vuln_id, seq, state, justification, detail, author, at, origin";

}  // namespace

std::span<const store::Migration> SupplyRiskMigrations() { return kMigrations; }

base::Result<std::optional<std::string>> SupplyRiskCanonicalState(store::Connection& c,
                                                                  std::string_view type,
                                                                  std::string_view id) {
  const std::string key(id);
  if (type == "supply_vex") {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows, c.Query(fmt::format("SELECT {} FROM supply_vex WHERE system_id || '/' || "
                                       "component_ref || '/' || vuln_id = ? ORDER BY seq DESC "
                                       "LIMIT 1",
                                       kVexColumns),
                           {key}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(VexCanonical(VexAt(rows[0])));
  }
  if (type == "supply_vuln_feed") {
    KIKAN_ASSIGN_OR_RETURN(auto feed, c.Query("SELECT id, kind, source, sample, newest_modified, "
                                              "imported_at, advisories FROM supply_vuln_feed "
                                              "WHERE id = ?",
                                              {key}));
    if (feed.empty()) return std::optional<std::string>();
    Canonical out("supply_vuln_feed");
    for (size_t i = 0; i < 6; ++i) out.Add(std::to_string(i), feed[0].Text(i));
    out.AddInt("advisories", feed[0].Int(6));
    KIKAN_ASSIGN_OR_RETURN(auto vulns, c.Query("SELECT id, aliases, summary, published, modified, "
                                               "url FROM supply_vuln WHERE feed = ? ORDER BY id",
                                               {key}));
    for (const auto& r : vulns) {
      for (size_t i = 0; i < 6; ++i) out.Add(fmt::format("advisory.{}", i), r.Text(i));
    }
    KIKAN_ASSIGN_OR_RETURN(auto products,
                           c.Query("SELECT vuln_id, seq, purl_package, cpe_key, model_key, "
                                   "product FROM supply_vuln_product WHERE feed = ? ORDER BY "
                                   "vuln_id, seq",
                                   {key}));
    for (const auto& r : products) {
      out.Add("product.vuln", r.Text(0)).AddInt("product.seq", r.Int(1));
      for (size_t i = 2; i < 6; ++i) out.Add(fmt::format("product.{}", i), r.Text(i));
    }
    return std::optional<std::string>(out.text());
  }
  if (type == "supply_watch_list") {
    KIKAN_ASSIGN_OR_RETURN(auto list, c.Query("SELECT source, sample, imported_at, entries FROM "
                                              "supply_watch_list WHERE source = ?",
                                              {key}));
    if (list.empty()) return std::optional<std::string>();
    Canonical out("supply_watch_list");
    for (size_t i = 0; i < 3; ++i) out.Add(std::to_string(i), list[0].Text(i));
    out.AddInt("entries", list[0].Int(3));
    KIKAN_ASSIGN_OR_RETURN(auto entries,
                           c.Query("SELECT seq, line, country, country_code, name, aliases, "
                                   "concern FROM supply_watch_entry WHERE source = ? ORDER BY seq",
                                   {key}));
    for (const auto& r : entries) {
      out.AddInt("seq", r.Int(0)).AddInt("line", r.Int(1));
      for (size_t i = 2; i < 7; ++i) out.Add(fmt::format("entry.{}", i), r.Text(i));
    }
    return std::optional<std::string>(out.text());
  }
  return base::NotFound({.ja = fmt::format("対象の種類 {} は扱いません", type),
                         .en = fmt::format("untracked object type {}", type)});
}

base::Result<std::optional<store::Transaction>> OwnTransaction(store::Connection& c) {
  std::optional<store::Transaction> tx;
  if (!c.InTransaction()) {
    KIKAN_ASSIGN_OR_RETURN(auto t, store::Transaction::Start(c));
    tx.emplace(std::move(t));
  }
  return tx;
}

base::Result<std::vector<supply::Advisory>> ReadOsvPath(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return base::NotFound(
        {.ja = fmt::format("{} はありません", path), .en = fmt::format("no such path: {}", path)});
  }
  if (EndsWith(path, ".zip")) return ReadOsvZip(path);
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
      if (files.size() > kMaxFeedRecords) {
        return base::InvalidArgument(
            {.ja = fmt::format("{} の記録が {} 件を超えています", path, kMaxFeedRecords),
             .en = fmt::format("{} holds more than {} records", path, kMaxFeedRecords)});
      }
    }
    std::sort(files.begin(), files.end());
  } else {
    files.emplace_back(path);
  }
  std::vector<supply::Advisory> out;
  FileProblems problems;
  for (const auto& f : files) {
    auto text = ReadSmallFile(f, supply::kMaxAdvisoryBytes);
    if (!text) {
      problems.Add(f.string(), text.status());
      continue;
    }
    auto a = supply::ParseOsv(*text);
    if (!a) {
      problems.Add(f.string(), a.status());
      continue;
    }
    out.push_back(std::move(*a));
  }
  if (problems.count > 0) return problems.Refusal(path);
  return out;
}

base::Result<std::vector<supply::Advisory>> ReadCsafFile(const std::string& path) {
  KIKAN_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, supply::kMaxAdvisoryBytes));
  auto list = supply::ParseCsaf(text);
  if (!list) {
    FileProblems problems;
    problems.Add(path, list.status());
    return problems.Refusal(path);
  }
  return std::move(*list);
}

int FeedAgeDays(const VulnFeed& feed, base::Instant now) {
  auto t = LooseInstant(feed.newest_modified);
  if (!t) return 0;
  auto d = std::chrono::duration_cast<std::chrono::hours>(now - *t).count() / 24;
  return static_cast<int>(std::max<int64_t>(d, 0));
}

std::vector<base::Text> FeedWarnings(const std::vector<VulnFeed>& feeds, base::Instant now) {
  std::vector<base::Text> out;
  if (feeds.empty()) {
    out.push_back({.ja = "脆弱性の情報源が一つも取り込まれていません。該当なしは「脆弱性がない」"
                         "ことを意味しません。",
                   .en = "no vulnerability feed has been imported: no match does not mean no "
                         "vulnerability."});
    return out;
  }
  bool csaf = false, osv = false;
  for (const auto& f : feeds) {
    csaf = csaf || f.kind == "csaf";
    osv = osv || f.kind == "osv";
    int age = FeedAgeDays(f, now);
    if (age > kVulnFeedStaleDays) {
      out.push_back(
          {.ja = fmt::format("情報源 {}（{}）は古くなっています: 最新の記録は {}（{} 日前、"
                             "基準 {} 日）。",
                             f.id, f.source, f.newest_modified, age, kVulnFeedStaleDays),
           .en = fmt::format("feed {} ({}) is stale: its newest record is of {} ({} days ago; "
                             "stale after {}).",
                             f.id, f.source, f.newest_modified, age, kVulnFeedStaleDays)});
    }
  }
  if (!osv) {
    out.push_back({.ja = "OSV の情報源がありません: PURL を持つソフトウェアは照合されていません。",
                   .en = "no OSV feed: software with a purl has not been checked."});
  }
  if (!csaf) {
    out.push_back({.ja =
                       "CSAF の情報源がありません: PURL を持たない機器・ファームウェアは照合されて"
                       "いません。",
                   .en = "no CSAF feed: hardware and firmware without a purl have not been "
                         "checked."});
  }
  return out;
}

base::Result<VulnFeed> ImportVulnFeed(store::Connection& c, VulnFeed feed,
                                      const std::vector<supply::Advisory>& advisories,
                                      const Actor& actor, base::Instant now) {
  bool id_ok = (feed.id.rfind("osv:", 0) == 0 || feed.id.rfind("csaf:", 0) == 0) &&
               feed.id.size() > 5 && feed.id.size() <= 200;
  if (!id_ok) {
    return base::InvalidArgument(
        {.ja = fmt::format("情報源の id \"{}\" は osv: 又は csaf: で始まります", feed.id),
         .en = fmt::format("feed id \"{}\" must start osv: or csaf:", feed.id)});
  }
  if (feed.source.empty()) {
    return base::InvalidArgument(
        {.ja = "情報源の出所が空です", .en = "the feed's source is empty"});
  }
  feed.kind = feed.id.substr(0, feed.id.find(':'));
  std::set<std::string> ids;
  std::optional<base::Instant> newest;
  for (const auto& a : advisories) {
    if (!ids.insert(a.id).second) {
      return base::InvalidArgument({.ja = fmt::format("勧告 {} が二度あります", a.id),
                                    .en = fmt::format("advisory {} appears twice", a.id)});
    }
    if (auto t = LooseInstant(a.modified); t && (!newest || *t > *newest)) {
      newest = *t;
      feed.newest_modified = a.modified;
    }
  }
  for (const auto& a : advisories) {
    if (feed.sample.empty() && !a.sample.empty()) feed.sample = a.sample;
  }
  feed.imported_at = now;
  feed.advisories = static_cast<int64_t>(advisories.size());
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  for (const char* table : {"supply_vuln_product", "supply_vuln"})
    KIKAN_TRY(c.Exec(fmt::format("DELETE FROM {} WHERE feed = ?", table), {feed.id}));
  KIKAN_TRY(c.Exec("DELETE FROM supply_vuln_feed WHERE id = ?", {feed.id}));
  KIKAN_TRY(
      c.Exec("INSERT INTO supply_vuln_feed (id, kind, source, sample, newest_modified, "
             "imported_at, advisories) VALUES (?, ?, ?, ?, ?, ?, ?)",
             {feed.id, feed.kind, feed.source, feed.sample, feed.newest_modified,
              base::FormatInstant(now), feed.advisories}));
  for (const auto& a : advisories) {
    KIKAN_TRY(
        c.Exec("INSERT INTO supply_vuln (feed, id, aliases, summary, published, modified, "
               "url) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {feed.id, a.id, JoinLines(a.aliases), a.summary, a.published, a.modified, a.url}));
    for (size_t i = 0; i < a.affected.size(); ++i) {
      const auto& p = a.affected[i];
      KIKAN_TRY(c.Exec(
          "INSERT INTO supply_vuln_product (feed, vuln_id, seq, purl_package, "
          "cpe_key, model_key, product) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {feed.id, a.id, static_cast<int64_t>(i + 1), p.purl, supply::CpeProductKey(p.cpe),
           p.model.empty() ? "" : supply::FoldText(p.model), json::serialize(RangesJson(p))}));
    }
  }
  KIKAN_TRY(Audited(c, "supply.vulns.import", "supply_vuln_feed", feed.id, actor, now));
  if (tx) {
    KIKAN_TRY(tx->Commit());
  }
  return feed;
}

base::Result<std::vector<VulnFeed>> ListVulnFeeds(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, kind, source, sample, newest_modified, "
                                            "imported_at, advisories FROM supply_vuln_feed ORDER "
                                            "BY id"));
  std::vector<VulnFeed> out;
  for (const auto& r : rows) {
    VulnFeed f;
    f.id = r.Text(0);
    f.kind = r.Text(1);
    f.source = r.Text(2);
    f.sample = r.Text(3);
    f.newest_modified = r.Text(4);
    f.imported_at = LooseInstant(r.Text(5)).value_or(base::Instant{});
    f.advisories = r.Int(6);
    out.push_back(std::move(f));
  }
  return out;
}

base::Result<VexDecision> RecordVex(store::Connection& c, VexDecision decision, const Actor& actor,
                                    base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  KIKAN_ASSIGN_OR_RETURN(VexDecision d, AppendVex(c, std::move(decision), actor, now));
  if (tx) {
    KIKAN_TRY(tx->Commit());
  }
  return d;
}

base::Result<std::vector<VexDecision>> VexHistory(store::Connection& c,
                                                  const auth::ScopeFilter& scope,
                                                  const supply::SystemId& system,
                                                  std::string_view component_ref,
                                                  std::string_view vulnerability) {
  std::vector<store::Value> params = {system.value(), std::string(component_ref),
                                      std::string(vulnerability)};
  std::string where = SupplySystemScopeSql(scope, "system_id", &params);
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, c.Query(fmt::format("SELECT {} FROM supply_vex WHERE system_id = ? AND "
                                     "component_ref = ? AND vuln_id = ? AND {} ORDER BY seq",
                                     kVexColumns, where),
                         params));
  std::vector<VexDecision> out;
  for (const auto& r : rows) out.push_back(VexAt(r));
  return out;
}

base::Result<int> ImportCycloneDxVex(store::Connection& c, const supply::SystemId& system,
                                     std::string_view document, std::string_view author,
                                     const Actor& actor, base::Instant now) {
  if (document.size() > supply::kMaxDocumentBytes) {
    return base::InvalidArgument({.ja = "文書が大きすぎます", .en = "the document is too large"});
  }
  boost::system::error_code ec;
  json::value doc = json::parse(document, ec);
  if (ec || !doc.is_object()) {
    return base::InvalidArgument(
               {.ja = "JSON のオブジェクトではありません", .en = "not a JSON object"})
        .WithFields({{"", {.ja = "JSON の構文誤り", .en = "JSON syntax error"}}});
  }
  std::string by(author);
  if (const json::value* m = doc.get_object().if_contains("metadata"); m && m->is_object()) {
    if (const json::value* a = m->get_object().if_contains("authors");
        a && a->is_array() && !a->get_array().empty() && a->get_array()[0].is_object()) {
      if (const json::value* n = a->get_array()[0].get_object().if_contains("name");
          n && n->is_string() && !n->get_string().empty())
        by = std::string(n->get_string());
    }
  }
  std::vector<VexDecision> decisions;
  std::vector<base::FieldError> problems;
  const json::value* vulns = doc.get_object().if_contains("vulnerabilities");
  if (vulns != nullptr && !vulns->is_array()) {
    problems.push_back({"/vulnerabilities", {.ja = "配列ではありません", .en = "not an array"}});
  } else if (vulns != nullptr) {
    const auto& list = vulns->get_array();
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = fmt::format("/vulnerabilities/{}", i);
      if (!list[i].is_object()) {
        problems.push_back({at, {.ja = "オブジェクトではありません", .en = "not an object"}});
        continue;
      }
      const json::object& v = list[i].get_object();
      const json::value* id = v.if_contains("id");
      const json::value* analysis = v.if_contains("analysis");
      if (analysis == nullptr) continue;  // no decision stated
      if (id == nullptr || !id->is_string() || id->get_string().empty()) {
        problems.push_back({at + "/id", {.ja = "id がありません", .en = "no id"}});
        continue;
      }
      if (!analysis->is_object()) {
        problems.push_back(
            {at + "/analysis", {.ja = "オブジェクトではありません", .en = "not an object"}});
        continue;
      }
      const json::object& an = analysis->get_object();
      auto str = [&](std::string_view k) {
        const json::value* x = an.if_contains(k);
        return x != nullptr && x->is_string() ? std::string(x->get_string()) : std::string();
      };
      std::string state = str("state"), justification = str("justification");
      std::string mapped = state == "exploitable"              ? "affected"
                           : state == "resolved"               ? "fixed"
                           : state == "in_triage"              ? "under_investigation"
                           : state == "not_affected"           ? "not_affected"
                           : state == "false_positive"         ? "not_affected"
                           : state == "resolved_with_pedigree" ? "fixed"
                                                               : "";
      if (mapped.empty()) {
        problems.push_back({at + "/analysis/state",
                            {.ja = fmt::format("状態 \"{}\" は読めません", state),
                             .en = fmt::format("state \"{}\" is not read", state)}});
        continue;
      }
      if (state == "false_positive" && justification.empty()) justification = "code_not_present";
      if (mapped != "not_affected") justification.clear();
      const json::value* affects = v.if_contains("affects");
      if (affects == nullptr || !affects->is_array() || affects->get_array().empty()) {
        problems.push_back({at + "/affects", {.ja = "affects がありません", .en = "no affects"}});
        continue;
      }
      const auto& refs = affects->get_array();
      for (size_t k = 0; k < refs.size(); ++k) {
        const json::value* ref =
            refs[k].is_object() ? refs[k].get_object().if_contains("ref") : nullptr;
        if (ref == nullptr || !ref->is_string()) {
          problems.push_back({fmt::format("{}/affects/{}/ref", at, k),
                              {.ja = "ref がありません", .en = "no ref"}});
          continue;
        }
        VexDecision d;
        d.system = system;
        d.component_ref = std::string(ref->get_string());
        d.vulnerability = std::string(id->get_string());
        d.state = mapped;
        d.justification = justification;
        d.detail = str("detail");
        d.author = by;
        d.origin = "cyclonedx";
        decisions.push_back(std::move(d));
      }
    }
  }
  if (!problems.empty()) {
    return base::InvalidArgument({.ja = "VEX を拒否しました（何も記録していません）",
                                  .en = "the VEX was refused (nothing was recorded)"})
        .WithFields(std::move(problems));
  }
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  for (auto& d : decisions) KIKAN_TRY(AppendVex(c, std::move(d), actor, now));
  if (tx) {
    KIKAN_TRY(tx->Commit());
  }
  return static_cast<int>(decisions.size());
}

base::Result<VulnerabilityReport> SupplyVulnerabilities(
    store::Connection& c, const auth::ScopeFilter& scope,
    const std::vector<supply::SystemId>& systems, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  VulnerabilityReport out;
  KIKAN_ASSIGN_OR_RETURN(out.feeds, ListVulnFeeds(c));
  out.warnings = FeedWarnings(out.feeds, now);
  std::map<std::string, const VulnFeed*> feeds;
  for (const auto& f : out.feeds) feeds[f.id] = &f;

  std::vector<store::Value> params;
  std::string sql =
      "SELECT c.system_id, s.name, c.ref, c.name, c.version, c.purl, c.purl_package, c.cpe, "
      "c.model_key, c.manufacturer_name, c.supplier_name FROM supply_component c JOIN "
      "supply_system s ON s.id = c.system_id WHERE " +
      SupplySystemScopeSql(scope, "c.system_id", &params);
  if (!systems.empty()) {
    std::vector<std::string> ids;
    for (const auto& s : systems) ids.push_back(s.value());
    sql += " AND c.system_id IN (" + SqlInList(ids, &params) + ")";
  }
  sql += " ORDER BY c.system_id, c.seq";
  KIKAN_ASSIGN_OR_RETURN(auto comps, c.Query(sql, params));
  if (comps.empty() || out.feeds.empty()) return out;

  // Candidate products by the keys the components have, in chunks.
  std::set<std::string> purls, cpes, models;
  for (const auto& r : comps) {
    if (!r.Text(6).empty()) purls.insert(r.Text(6));
    if (std::string k = supply::CpeProductKey(r.Text(7)); !k.empty()) cpes.insert(k);
    if (!r.Text(8).empty()) models.insert(r.Text(8));
  }
  struct Candidate {
    std::string feed, vuln;
    supply::AffectedProduct product;
  };
  std::multimap<std::string, Candidate> by_purl, by_cpe, by_model;
  auto load = [&](const std::set<std::string>& keys, std::string_view column,
                  std::multimap<std::string, Candidate>* into) -> base::Status {
    std::vector<std::string> all(keys.begin(), keys.end());
    for (size_t i = 0; i < all.size(); i += 500) {
      std::vector<std::string> chunk(
          all.begin() + static_cast<std::ptrdiff_t>(i),
          all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + 500)));
      std::vector<store::Value> p;
      std::string rows_sql = fmt::format(
          "SELECT feed, vuln_id, {0}, product FROM "
          "supply_vuln_product WHERE {0} IN ({1}) ORDER BY feed, "
          "vuln_id, seq",
          column, SqlInList(chunk, &p));
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(rows_sql, p));
      for (const auto& r : rows) {
        auto product = ProductFromJson(r.Text(3));
        if (!product) {
          return base::DataLoss(
              {.ja = fmt::format("勧告 {} の保存された製品を読めません", r.Text(1)),
               .en = fmt::format("advisory {}: stored product unreadable", r.Text(1))});
        }
        into->emplace(r.Text(2), Candidate{r.Text(0), r.Text(1), std::move(*product)});
      }
    }
    return base::Status::Ok();
  };
  KIKAN_TRY(load(purls, "purl_package", &by_purl));
  KIKAN_TRY(load(cpes, "cpe_key", &by_cpe));
  KIKAN_TRY(load(models, "model_key", &by_model));

  std::map<std::pair<std::string, std::string>, store::Row> advisories;  // (feed, id) → row
  for (const auto& r : comps) {
    supply::Component comp;
    comp.ref = r.Text(2);
    comp.name = r.Text(3);
    comp.version = r.Text(4);
    comp.purl = r.Text(5);
    comp.cpe = r.Text(7);
    comp.manufacturer.name = r.Text(9);
    comp.supplier.name = r.Text(10);
    std::set<std::pair<std::string, std::string>> seen;
    auto consider = [&](const std::multimap<std::string, Candidate>& m,
                        const std::string& key) -> base::Status {
      if (key.empty()) return base::Status::Ok();
      auto range = m.equal_range(key);
      for (auto it = range.first; it != range.second; ++it) {
        const Candidate& cand = it->second;
        supply::MatchKind kind = supply::MatchComponent(cand.product, comp);
        if (kind == supply::MatchKind::kNone) continue;
        if (!seen.insert({cand.feed, cand.vuln}).second) continue;
        auto akey = std::make_pair(cand.feed, cand.vuln);
        if (!advisories.count(akey)) {
          KIKAN_ASSIGN_OR_RETURN(
              auto rows, c.Query("SELECT aliases, summary, url FROM supply_vuln WHERE feed = ? "
                                 "AND id = ?",
                                 {cand.feed, cand.vuln}));
          if (rows.empty()) continue;
          advisories.emplace(akey, rows[0]);
        }
        const store::Row& ar = advisories.at(akey);
        VulnerabilityMatch m2;
        m2.system = supply::SystemId(r.Text(0));
        m2.system_name = r.Text(1);
        m2.component_ref = comp.ref;
        m2.component_name = comp.name;
        m2.component_version = supply::ComponentVersion(comp);
        m2.identified_by = std::string(supply::MatchKindName(kind));
        m2.advisory = cand.vuln;
        m2.aliases = SplitLines(ar.Text(0));
        m2.summary = ar.Text(1);
        m2.url = ar.Text(2);
        m2.feed = cand.feed;
        if (const VulnFeed* f = feeds[cand.feed]) {
          m2.feed_source = f->source;
          m2.feed_sample = f->sample;
          m2.feed_age_days = FeedAgeDays(*f, now);
          m2.feed_stale = m2.feed_age_days > kVulnFeedStaleDays;
        }
        // The current decision, by the advisory's id or any alias.
        std::vector<std::string> names = m2.aliases;
        names.push_back(m2.advisory);
        std::vector<store::Value> vp = {m2.system.value(), m2.component_ref};
        std::string in = SqlInList(names, &vp);
        KIKAN_ASSIGN_OR_RETURN(
            auto vex, c.Query(fmt::format("SELECT {} FROM supply_vex WHERE system_id = ? AND "
                                          "component_ref = ? AND vuln_id IN ({}) ORDER BY at "
                                          "DESC, seq DESC LIMIT 1",
                                          kVexColumns, in),
                              vp));
        if (!vex.empty()) m2.vex = VexAt(vex[0]);
        out.matches.push_back(std::move(m2));
      }
      return base::Status::Ok();
    };
    KIKAN_TRY(consider(by_purl, r.Text(6)));
    KIKAN_TRY(consider(by_cpe, supply::CpeProductKey(comp.cpe)));
    KIKAN_TRY(consider(by_model, r.Text(8)));
  }
  return out;
}

base::Result<WatchList> ImportWatchList(store::Connection& c, WatchList list,
                                        const std::vector<supply::WatchEntry>& entries,
                                        const Actor& actor, base::Instant now) {
  if (list.source.empty() || list.source.size() > 200) {
    return base::InvalidArgument({.ja = "ウォッチリストの名前が空か長すぎます",
                                  .en = "the watch list needs a name (≤ 200)"});
  }
  list.imported_at = now;
  list.entries = static_cast<int64_t>(entries.size());
  KIKAN_ASSIGN_OR_RETURN(auto tx, OwnTransaction(c));
  KIKAN_TRY(c.Exec("DELETE FROM supply_watch_entry WHERE source = ?", {list.source}));
  KIKAN_TRY(c.Exec("DELETE FROM supply_watch_list WHERE source = ?", {list.source}));
  KIKAN_TRY(
      c.Exec("INSERT INTO supply_watch_list (source, sample, imported_at, entries) VALUES "
             "(?, ?, ?, ?)",
             {list.source, list.sample, base::FormatInstant(now), list.entries}));
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    KIKAN_TRY(
        c.Exec("INSERT INTO supply_watch_entry (source, seq, line, country, country_code, "
               "name, aliases, concern) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {list.source, static_cast<int64_t>(i + 1), static_cast<int64_t>(e.line), e.country,
                e.country_code, e.name, JoinLines(e.aliases), e.concern}));
  }
  KIKAN_TRY(Audited(c, "supply.watchlist.import", "supply_watch_list", list.source, actor, now));
  if (tx) {
    KIKAN_TRY(tx->Commit());
  }
  return list;
}

base::Result<std::vector<WatchList>> ListWatchLists(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT source, sample, imported_at, entries FROM "
                                            "supply_watch_list ORDER BY source"));
  std::vector<WatchList> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.Text(0), r.Text(1), LooseInstant(r.Text(2)).value_or(base::Instant{}), r.Int(3)});
  }
  return out;
}

base::Result<std::vector<WatchHit>> MatchWatchLists(store::Connection& c,
                                                    const supply::PartyRef& party) {
  std::vector<WatchHit> out;
  if (party.name.empty()) return out;
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT e.source, l.sample, e.line, e.country, e.country_code, e.name, "
                         "e.aliases, e.concern FROM supply_watch_entry e JOIN supply_watch_list "
                         "l ON l.source = e.source ORDER BY e.source, e.seq"));
  for (const auto& r : rows) {
    supply::WatchEntry e;
    e.line = static_cast<int>(r.Int(2));
    e.country = r.Text(3);
    e.country_code = r.Text(4);
    e.name = r.Text(5);
    e.aliases = SplitLines(r.Text(6));
    e.concern = r.Text(7);
    supply::WatchMatch m = supply::WatchScore(e, party);
    if (m.score < supply::kWatchFindingScore) continue;
    out.push_back({r.Text(0), r.Text(1), std::move(e), std::move(m)});
  }
  std::stable_sort(out.begin(), out.end(), [](const WatchHit& a, const WatchHit& b) {
    return a.match.score > b.match.score;
  });
  return out;
}

}  // namespace kikan::service
