// `kikan supply` risk commands: vulnerability feeds, VEX, watch lists, findings on a filing and
// concentration (issue 11 §3, §4; docs/supply-chain.md §7–§10).
//
//   supply vulns import --db URL (--osv PATH | --csaf FILE) [--feed NAME]
//   supply vulns list   --db URL [--system ID]
//   supply vex          --db URL --system ID --component REF --vulnerability ID --state S
//                       [--justification J] [--detail TEXT] --author NAME
//   supply vex-import   --db URL --system ID FILE      CycloneDX vulnerabilities[].analysis
//   supply watchlist import --db URL [--name NAME] FILE
//   supply findings     --db URL --filing ID
//   supply concentration --db URL --business ID
//   supply match list   --db URL (--party ID | --system ID)
//   supply match confirm|split --db URL --party ID --match ID --by NAME [--note TEXT]
//
// A match decision from the CLI is recorded as the administrator's, actor "cli:NAME"
// (service/supply_match.h; the API's is a ministry reviewer's).
// The CLI is an administrator's tool over the database: its reads use the full scope (the API
// applies the caller's). Refused inputs change nothing and print every problem at its pointer on
// stderr (exit 1). Outputs resting on sample data say so.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/common.h"
#include "service/supply_findings.h"
#include "service/supply_json.h"
#include "service/supply_match.h"
#include "service/supply_risk.h"
#include "service/verify.h"
#include "store/db.h"

namespace kikan::cli {
namespace {

namespace json = boost::json;

const service::Actor kCliActor{"cli"};

std::string Pick(const GlobalOptions& o, const base::Text& t) {
  return o.lang == base::Lang::kEn ? t.en : t.ja;
}

auth::ScopeFilter FullScope() {
  auth::ScopeFilter f;
  f.all = true;
  return f;
}

base::Result<std::unique_ptr<store::Pool>> Open(const std::string& url) {
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(url, 1));
  auto conn = pool->Acquire();
  auto migrations = service::AllMigrations();
  KIKAN_TRY(store::Migrate(*conn, migrations));
  return pool;
}

int Problems(const base::Status& status, const GlobalOptions& options) {
  int code = ReportError(status, options);
  for (const auto& f : status.fields()) {
    std::fprintf(stderr, "  %s: %s\n", f.pointer.empty() ? "/" : f.pointer.c_str(),
                 Pick(options, f.message).c_str());
  }
  return code;
}

json::array Texts(const GlobalOptions& o, const std::vector<base::Text>& list) {
  json::array out;
  for (const auto& t : list) out.push_back(json::value(Pick(o, t)));
  return out;
}

struct VulnImportOptions {
  std::string db, osv, csaf, feed;
  Format format = Format::kTable;
};

int VulnImport(const GlobalOptions& options, const VulnImportOptions& o) {
  if (o.osv.empty() == o.csaf.empty()) {
    std::fprintf(stderr, "kikan: %s\n",
                 Pick(options, {.ja = "--osv か --csaf のどちらか一つを指定してください",
                                .en = "give exactly one of --osv, --csaf"})
                     .c_str());
    return 2;
  }
  const std::string& path = o.osv.empty() ? o.csaf : o.osv;
  auto advisories = o.osv.empty() ? service::ReadCsafFile(path) : service::ReadOsvPath(path);
  if (!advisories) return Problems(advisories.status(), options);
  std::string name = o.feed;
  if (name.empty()) name = std::filesystem::path(path).stem().string();
  if (name.empty()) name = std::filesystem::path(path).parent_path().filename().string();
  service::VulnFeed feed;
  feed.id = (o.osv.empty() ? "csaf:" : "osv:") + name;
  feed.source = path;
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto stored = service::ImportVulnFeed(*conn, feed, *advisories, kCliActor, clock.Now());
  if (!stored) return Problems(stored.status(), options);
  if (o.format == Format::kJson) {
    json::object out{{"feed", stored->id},
                     {"kind", stored->kind},
                     {"source", stored->source},
                     {"advisories", stored->advisories},
                     {"newest_modified", stored->newest_modified},
                     {"imported_at", base::FormatInstant(stored->imported_at)}};
    if (!stored->sample.empty()) out["sample"] = stored->sample;
    Print(json::serialize(out) + "\n");
    return 0;
  }
  Print(Pick(options,
             {.ja = fmt::format("情報源 {} に {} 件の勧告を取り込みました（最新の記録 {}）\n",
                                stored->id, stored->advisories, stored->newest_modified),
              .en = fmt::format("imported {} advisories into feed {} (newest record {})\n",
                                stored->advisories, stored->id, stored->newest_modified)}));
  if (!stored->sample.empty()) Print(stored->sample + "\n");
  return 0;
}

json::value VexJson(const service::VexDecision& d) {
  json::object o{{"state", d.state},
                 {"author", d.author},
                 {"at", base::FormatInstant(d.at)},
                 {"seq", d.seq},
                 {"vulnerability", d.vulnerability},
                 {"origin", d.origin}};
  if (!d.justification.empty()) o["justification"] = d.justification;
  if (!d.detail.empty()) o["detail"] = d.detail;
  return o;
}

struct VulnListOptions {
  std::string db, system;
  Format format = Format::kTable;
};

int VulnList(const GlobalOptions& options, const VulnListOptions& o) {
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  std::vector<supply::SystemId> systems;
  if (!o.system.empty()) systems.emplace_back(o.system);
  auto r = service::SupplyVulnerabilities(*conn, FullScope(), systems, clock.Now());
  if (!r) return ReportError(r.status(), options);
  std::vector<std::string> samples;
  for (const auto& f : r->feeds)
    if (!f.sample.empty()) samples.push_back(fmt::format("{}: {}", f.id, f.sample));
  if (o.format == Format::kJson) {
    json::array matches, feeds, notes;
    for (const auto& m : r->matches) {
      json::array aliases;
      for (const auto& a : m.aliases) aliases.push_back(json::value(a));
      json::object mo{{"system", m.system.value()},
                      {"component", json::object{{"ref", m.component_ref},
                                                 {"name", m.component_name},
                                                 {"version", m.component_version}}},
                      {"matched_by", m.identified_by},
                      {"advisory", m.advisory},
                      {"aliases", std::move(aliases)},
                      {"summary", m.summary},
                      {"url", m.url},
                      {"feed", json::object{{"id", m.feed},
                                            {"source", m.feed_source},
                                            {"age_days", m.feed_age_days},
                                            {"stale", m.feed_stale}}}};
      mo["vex"] = m.vex ? VexJson(*m.vex) : json::value(nullptr);
      matches.push_back(std::move(mo));
    }
    for (const auto& f : r->feeds) {
      feeds.push_back(json::object{{"id", f.id},
                                   {"kind", f.kind},
                                   {"source", f.source},
                                   {"advisories", f.advisories},
                                   {"newest_modified", f.newest_modified},
                                   {"age_days", service::FeedAgeDays(f, clock.Now())},
                                   {"imported_at", base::FormatInstant(f.imported_at)}});
    }
    for (const auto& s : samples) notes.push_back(json::value(s));
    Print(json::serialize(json::object{{"matches", std::move(matches)},
                                       {"feeds", std::move(feeds)},
                                       {"warnings", Texts(options, r->warnings)},
                                       {"notes", std::move(notes)}}) +
          "\n");
    return 0;
  }
  bool en = options.lang == base::Lang::kEn;
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : r->matches) {
    rows.push_back({m.system.value(), m.component_name + " " + m.component_version, m.advisory,
                    m.vex ? m.vex->state : "-", fmt::format("{} ({}d)", m.feed, m.feed_age_days)});
  }
  Print(RenderTable({en ? "system" : "システム", en ? "component" : "構成要素",
                     en ? "advisory" : "勧告", "VEX", en ? "feed (age)" : "情報源（経過日数）"},
                    rows));
  for (const auto& w : r->warnings) Print(Pick(options, w) + "\n");
  for (const auto& s : samples) Print(s + "\n");
  return 0;
}

struct VexOptions {
  std::string db, system, component, vulnerability, state, justification, detail, author;
  Format format = Format::kTable;
};

int Vex(const GlobalOptions& options, const VexOptions& o) {
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  service::VexDecision d;
  d.system = supply::SystemId(o.system);
  d.component_ref = o.component;
  d.vulnerability = o.vulnerability;
  d.state = o.state;
  d.justification = o.justification;
  d.detail = o.detail;
  d.author = o.author;
  auto r = service::RecordVex(*conn, d, kCliActor, clock.Now());
  if (!r) return Problems(r.status(), options);
  if (o.format == Format::kJson) {
    json::object out = VexJson(*r).as_object();
    out["system"] = r->system.value();
    out["component"] = r->component_ref;
    Print(json::serialize(out) + "\n");
    return 0;
  }
  Print(Pick(options,
             {.ja = fmt::format("{}/{} の {} を {} と記録しました（第 {} 版）\n", r->system,
                                r->component_ref, r->vulnerability, r->state, r->seq),
              .en = fmt::format("recorded {} on {}/{} as {} (decision {})\n", r->vulnerability,
                                r->system, r->component_ref, r->state, r->seq)}));
  return 0;
}

base::Result<std::string> ReadFile(const std::string& path, size_t limit) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return base::NotFound({.ja = fmt::format("{} を読めません: {}", path, ec.message()),
                           .en = fmt::format("cannot read {}: {}", path, ec.message())});
  }
  if (size > limit) {
    return base::InvalidArgument(
        {.ja = fmt::format("{} は大きすぎます", path), .en = fmt::format("{} is too large", path)});
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct VexImportOptions {
  std::string db, system, file, author = "cli";
  Format format = Format::kTable;
};

int VexImport(const GlobalOptions& options, const VexImportOptions& o) {
  auto text = ReadFile(o.file, supply::kMaxDocumentBytes);
  if (!text) return ReportError(text.status(), options);
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto n = service::ImportCycloneDxVex(*conn, supply::SystemId(o.system), *text, o.author,
                                       kCliActor, clock.Now());
  if (!n) return Problems(n.status(), options);
  if (o.format == Format::kJson) {
    Print(json::serialize(json::object{{"system", o.system}, {"decisions", *n}}) + "\n");
  } else {
    Print(Pick(options, {.ja = fmt::format("VEX の判断 {} 件を記録しました\n", *n),
                         .en = fmt::format("recorded {} VEX decision(s)\n", *n)}));
  }
  return 0;
}

struct WatchImportOptions {
  std::string db, name, file, sample;
  Format format = Format::kTable;
};

int WatchImport(const GlobalOptions& options, const WatchImportOptions& o) {
  auto text = ReadFile(o.file, supply::kMaxWatchListBytes);
  if (!text) return ReportError(text.status(), options);
  auto entries = supply::ParseWatchList(*text);
  if (!entries) return Problems(entries.status().WithPrefix(o.file + ": "), options);
  service::WatchList list;
  list.source = o.name.empty() ? std::filesystem::path(o.file).stem().string() : o.name;
  list.sample = o.sample;
  // A list that says it is sample data in its comment lines keeps saying so.
  if (list.sample.empty() && (text->find("サンプルデータ") != std::string::npos ||
                              text->find("Sample data") != std::string::npos))
    list.sample = "サンプルデータ / Sample data (as the file says)";
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto stored = service::ImportWatchList(*conn, list, *entries, kCliActor, clock.Now());
  if (!stored) return Problems(stored.status(), options);
  if (o.format == Format::kJson) {
    json::object out{{"list", stored->source}, {"entries", stored->entries}};
    if (!stored->sample.empty()) out["sample"] = stored->sample;
    Print(json::serialize(out) + "\n");
  } else {
    Print(Pick(options, {.ja = fmt::format("ウォッチリスト {} に {} 件を取り込みました\n",
                                           stored->source, stored->entries),
                         .en = fmt::format("imported {} entries into watch list {}\n",
                                           stored->entries, stored->source)}));
    if (!stored->sample.empty()) Print(stored->sample + "\n");
  }
  return 0;
}

struct FindingsOptions {
  std::string db, filing;
  Format format = Format::kTable;
};

int Findings(const GlobalOptions& options, const FindingsOptions& o) {
  auto regime = LoadRegime(options, {});
  if (!regime) return ReportError(regime.status(), options);
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto r = service::FindingsForFiling(*conn, *regime, o.filing, FullScope(), clock.Now());
  if (!r) return ReportError(r.status(), options);
  if (o.format == Format::kJson) {
    Print(json::serialize(service::SupplyFindingsJson(*r, options.lang)) + "\n");
    return 0;
  }
  bool en = options.lang == base::Lang::kEn;
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r->findings)
    rows.push_back({f.severity, f.kind, Pick(options, f.why), f.citation});
  Print(RenderTable({en ? "severity" : "重大度", en ? "kind" : "種類", en ? "why" : "理由",
                     en ? "rests on" : "根拠"},
                    rows));
  for (const auto& w : r->warnings) Print(Pick(options, w) + "\n");
  for (const auto& s : r->samples) Print(s + "\n");
  return 0;
}

struct ConcentrationOptions {
  std::string db, business;
  Format format = Format::kTable;
};

int ConcentrationCmd(const GlobalOptions& options, const ConcentrationOptions& o) {
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  auto r = service::ConcentrationFor(*conn, base::BusinessId(o.business), FullScope());
  if (!r) return ReportError(r.status(), options);
  if (o.format == Format::kJson) {
    Print(json::serialize(service::ConcentrationJson(*r, options.lang)) + "\n");
    return 0;
  }
  bool en = options.lang == base::Lang::kEn;
  for (const auto& d : r->dimensions) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& i : d.items)
      rows.push_back({i.name, i.country, std::to_string(i.systems.size())});
    Print(fmt::format("\n{} (HHI {:.0f})\n", d.name, d.hhi));
    Print(RenderTable({en ? "name" : "名称", en ? "country" : "国", en ? "systems" : "システム数"},
                      rows));
  }
  for (const auto& s : r->samples) Print(s + "\n");
  return 0;
}

}  // namespace

struct MatchListOptions {
  std::string db, party, system, after;
  int64_t limit = service::kDefaultPartyMatches;
  Format format = Format::kTable;
};

int MatchList(const GlobalOptions& options, const MatchListOptions& o) {
  if (o.party.empty() == o.system.empty()) {
    return ReportError(base::InvalidArgument({.ja = "--party か --system のどちらか一つです",
                                              .en = "give one of --party and --system"}),
                       options);
  }
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  service::PartyMatchPage page;
  if (o.party.empty()) {
    auto r = service::SystemMatches(*conn, supply::SystemId(o.system));
    if (!r) return Problems(r.status(), options);
    page.matches = std::move(*r);
    page.total = static_cast<int64_t>(page.matches.size());
  } else {
    auto r = service::PartyMatches(*conn, o.party, FullScope(), o.limit, o.after);
    if (!r) return Problems(r.status(), options);
    page = std::move(*r);
  }
  const std::vector<service::PartyMatchGroup>* r = &page.matches;
  if (o.format == Format::kJson) {
    Print(json::serialize(o.party.empty() ? service::PartyMatchesJson(o.party, page.matches)
                                          : service::PartyMatchesJson(o.party, page)) +
          "\n");
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : *r) {
    rows.push_back({m.id, m.party, m.system.value(), m.name, m.corporate_number, m.reason,
                    fmt::format("{:.2f}", m.score), m.decision ? m.decision->decision : "-"});
  }
  Print(RenderTable({"match", "party", "system", "name", "法人番号", "reason", "score", "decision"},
                    rows));
  if (!page.next.empty()) {
    Print(fmt::format("\n{} / {}: --after {}\n", page.matches.size(), page.total, page.next));
  }
  return 0;
}

struct MatchDecideOptions {
  std::string db, party, match, by, note;
  Format format = Format::kTable;
};

int MatchDecide(const GlobalOptions& options, const MatchDecideOptions& o,
                std::string_view decision) {
  auto pool = Open(o.db);
  if (!pool) return ReportError(pool.status(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto r = service::DecidePartyMatch(*conn, {o.party, o.match, std::string(decision), o.note},
                                     FullScope(), {"cli:" + o.by}, clock.Now());
  if (!r) return Problems(r.status(), options);
  if (o.format == Format::kJson) {
    Print(json::serialize(service::MatchDecisionJson(*r)) + "\n");
    return 0;
  }
  if (r->decision == "split") {
    Print(Pick(options, {.ja = fmt::format("{} を {} から分け、当事者 {} としました\n", r->name,
                                           r->party, r->new_party),
                         .en = fmt::format("split {} off {} into party {}\n", r->name, r->party,
                                           r->new_party)}));
  } else {
    Print(
        Pick(options, {.ja = fmt::format("{} が {} であることを確認しました\n", r->name, r->party),
                       .en = fmt::format("confirmed {} as {}\n", r->name, r->party)}));
  }
  return 0;
}

void AddSupplyRiskCommands(CLI::App* supply, GlobalOptions& options) {
  const char* db_help = "データベース sqlite:PATH | postgresql://… / database";

  CLI::App* vulns =
      supply->add_subcommand("vulns", "既知の脆弱性（OSV、CSAF）/ known vulnerabilities");
  vulns->require_subcommand(1);
  auto vi = std::make_shared<VulnImportOptions>();
  CLI::App* i = vulns->add_subcommand(
      "import", "OSV（ディレクトリ・zip）又は CSAF 2.0 を取り込む / import a feed");
  i->add_option("--db", vi->db, db_help)->required();
  i->add_option("--osv", vi->osv, "OSV の JSON、そのディレクトリ又は zip / OSV path");
  i->add_option("--csaf", vi->csaf, "CSAF 2.0 の JSON / CSAF file");
  i->add_option("--feed", vi->feed, "情報源の名前（既定はファイル名）/ feed name");
  AddFormatOption(i, &vi->format, /*allow_csv=*/false);
  i->callback([vi, &options] { options.exit_code = VulnImport(options, *vi); });
  auto vl = std::make_shared<VulnListOptions>();
  CLI::App* l = vulns->add_subcommand(
      "list", "構成要素に該当する脆弱性と VEX / matches with their VEX decision");
  l->add_option("--db", vl->db, db_help)->required();
  l->add_option("--system", vl->system, "システムの id（既定は全部）/ system id");
  AddFormatOption(l, &vl->format, /*allow_csv=*/false);
  l->callback([vl, &options] { options.exit_code = VulnList(options, *vl); });

  auto vx = std::make_shared<VexOptions>();
  CLI::App* v = supply->add_subcommand("vex", "VEX の判断を記録 / record a VEX decision");
  v->add_option("--db", vx->db, db_help)->required();
  v->add_option("--system", vx->system, "システムの id / system id")->required();
  v->add_option("--component", vx->component, "構成要素の ref / component ref")->required();
  v->add_option("--vulnerability", vx->vulnerability, "勧告の id 又は CVE / advisory id")
      ->required();
  v->add_option("--state", vx->state, "not_affected | affected | fixed | under_investigation")
      ->required();
  v->add_option("--justification", vx->justification,
                "not_affected の理由（CycloneDX）/ CycloneDX justification");
  v->add_option("--detail", vx->detail, "補足 / detail");
  v->add_option("--author", vx->author, "判断した者 / who decided")->required();
  AddFormatOption(v, &vx->format, /*allow_csv=*/false);
  v->callback([vx, &options] { options.exit_code = Vex(options, *vx); });

  auto vxi = std::make_shared<VexImportOptions>();
  CLI::App* vi2 = supply->add_subcommand(
      "vex-import", "CycloneDX の vulnerabilities[].analysis を VEX として記録 / CycloneDX VEX");
  vi2->add_option("--db", vxi->db, db_help)->required();
  vi2->add_option("--system", vxi->system, "システムの id / system id")->required();
  vi2->add_option("--author", vxi->author, "文書に作成者がない場合の判断者 / fallback author");
  vi2->add_option("FILE", vxi->file, "CycloneDX JSON")->required();
  AddFormatOption(vi2, &vxi->format, /*allow_csv=*/false);
  vi2->callback([vxi, &options] { options.exit_code = VexImport(options, *vxi); });

  CLI::App* match = supply->add_subcommand(
      "match", "同一企業の照合の確認・分離 / confirm or split a party match");
  match->require_subcommand(1);
  auto ml = std::make_shared<MatchListOptions>();
  CLI::App* mlc = match->add_subcommand("list", "照合の一覧 / list matches");
  mlc->add_option("--db", ml->db, db_help)->required();
  mlc->add_option("--party", ml->party, "当事者ノードの id / party node id");
  mlc->add_option("--system", ml->system, "システムの id / system id");
  mlc->add_option("--limit", ml->limit,
                  "--party: 一覧する照合の数（1〜1000、既定 100）/ matches per page (1–1000, "
                  "default 100)");
  mlc->add_option("--after", ml->after, "--party: 前のページの next / the next of the page before");
  AddFormatOption(mlc, &ml->format, /*allow_csv=*/false);
  mlc->callback([ml, &options] { options.exit_code = MatchList(options, *ml); });
  for (const char* decision : {"confirm", "split"}) {
    auto md = std::make_shared<MatchDecideOptions>();
    CLI::App* mdc = match->add_subcommand(
        decision, std::string(decision) == "confirm"
                      ? "同一企業であることを確認 / confirm the match"
                      : "別の企業として分ける / split the mentions off to a node of their own");
    mdc->add_option("--db", md->db, db_help)->required();
    mdc->add_option("--party", md->party, "当事者ノードの id / party node id")->required();
    mdc->add_option("--match", md->match, "照合の id (m-…) / match id")->required();
    mdc->add_option("--by", md->by, "判断した者 / who decided")->required();
    mdc->add_option("--note", md->note, "メモ / note");
    AddFormatOption(mdc, &md->format, /*allow_csv=*/false);
    mdc->callback(
        [md, decision, &options] { options.exit_code = MatchDecide(options, *md, decision); });
  }

  CLI::App* watch =
      supply->add_subcommand("watchlist", "ウォッチリスト（外国ユーザーリストの列）/ watch list");
  watch->require_subcommand(1);
  auto wi = std::make_shared<WatchImportOptions>();
  CLI::App* w = watch->add_subcommand("import", "CSV を取り込む / import a CSV");
  w->add_option("--db", wi->db, db_help)->required();
  w->add_option("--name", wi->name, "リストの名前（既定はファイル名）/ list name");
  w->add_option("--sample", wi->sample, "サンプルデータである旨 / sample-data note");
  w->add_option("FILE", wi->file, "CSV")->required();
  AddFormatOption(w, &wi->format, /*allow_csv=*/false);
  w->callback([wi, &options] { options.exit_code = WatchImport(options, *wi); });

  auto fo = std::make_shared<FindingsOptions>();
  CLI::App* f = supply->add_subcommand("findings", "届出の所見 / findings on a filing");
  f->add_option("--db", fo->db, db_help)->required();
  f->add_option("--filing", fo->filing, "届出の id / filing id")->required();
  AddFormatOption(f, &fo->format, /*allow_csv=*/false);
  f->callback([fo, &options] { options.exit_code = Findings(options, *fo); });

  auto co = std::make_shared<ConcentrationOptions>();
  CLI::App* c = supply->add_subcommand(
      "concentration", "事業の供給者・委託先・構成要素・国の集中 / concentration per business");
  c->add_option("--db", co->db, db_help)->required();
  c->add_option("--business", co->business, "事業の id / business id")->required();
  AddFormatOption(c, &co->format, /*allow_csv=*/false);
  c->callback([co, &options] { options.exit_code = ConcentrationCmd(options, *co); });
}

}  // namespace kikan::cli
