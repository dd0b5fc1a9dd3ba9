// `kikan supply`: the supply chain graph over a database (issue 11; docs/supply-chain.md).
//
//   supply import   --db URL --operator ID --system ID FILE   an SBOM/HBOM into a system
//   supply export   --db URL --system ID                      CycloneDX 1.6 JSON on stdout
//   supply who-uses --db URL (--purl|--cpe|--component|--supplier) V
//   supply whatif   --db URL --system ID --from DATETIME --days N
//
// Each opens the database given by --db as `serve` does (sqlite:PATH or postgresql://…),
// applies the migrations, and runs one use case of service/supply.h. A refused document changes
// nothing and prints every problem at its JSON pointer on stderr (exit 1). Outputs that rest on
// sample data or illustrative links say so.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/common.h"
#include "service/supply.h"
#include "service/verify.h"
#include "store/db.h"

namespace kikan::cli {
namespace {

namespace json = boost::json;

const service::Actor kCliActor{"cli"};

bool English(const GlobalOptions& o) { return o.lang == base::Lang::kEn; }
std::string Pick(const GlobalOptions& o, const base::Text& t) { return English(o) ? t.en : t.ja; }

base::Result<std::unique_ptr<store::Pool>> OpenDatabase(const std::string& url) {
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(url, 1));
  {
    auto conn = pool->Acquire();
    auto migrations = service::AllMigrations();
    KIKAN_TRY(store::Migrate(*conn, migrations));
  }
  return pool;
}

// The error and, one a line, each of its field errors at its JSON pointer.
int ReportProblems(const base::Status& status, const GlobalOptions& options) {
  int code = ReportError(status, options);
  for (const auto& f : status.fields()) {
    std::fprintf(stderr, "  %s: %s\n", f.pointer.empty() ? "/" : f.pointer.c_str(),
                 Pick(options, f.message).c_str());
  }
  return code;
}

// "2023-07-04T06:30:00+09:00": an instant in Japan's time.
std::string FormatJst(base::Instant t) {
  using namespace std::chrono;
  auto local = floor<seconds>(t) + hours(9);
  auto day = floor<days>(local);
  year_month_day ymd(day);
  hh_mm_ss hms(local - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+09:00", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

// RFC 3339 with an offset or Z, seconds optional ("2023-07-04T06:30+09:00").
base::Result<base::Instant> ParseDateTime(std::string text) {
  if (text.size() >= 16 && text[13] == ':' && (text.size() == 16 || text[16] != ':'))
    text.insert(16, ":00");
  auto t = base::ParseInstant(text);
  if (!t) return t.error().WithPrefix("--from: ");
  return t;
}

base::Result<std::string> ReadDocument(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return base::NotFound({.ja = fmt::format("{} を読めません: {}", path, ec.message()),
                           .en = fmt::format("cannot read {}: {}", path, ec.message())});
  }
  if (size > supply::kMaxDocumentBytes) {
    return base::InvalidArgument(
        {.ja = fmt::format("{} は大きすぎます（{} バイト、上限 {} バイト）", path, size,
                           supply::kMaxDocumentBytes),
         .en = fmt::format("{} is too large ({} bytes; at most {})", path, size,
                           supply::kMaxDocumentBytes)});
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const base::Text kIllustrative = {
    .ja =
        "事業者・ターミナルとシステムの結び付きのうち basis が illustrative のものは、公開情報から"
        "描いた例示であり、届出に基づくものではありません。",
    .en =
        "Links between operators or terminals and a system whose basis is illustrative are drawn "
        "from public sources for illustration; they are not from any filing."};

struct ImportOptions {
  std::string db, operator_id, system, file;
  Format format = Format::kTable;
};

int Import(const GlobalOptions& options, const ImportOptions& o) {
  auto text = ReadDocument(o.file);
  if (!text) return ReportError(text.error(), options);
  auto pool = OpenDatabase(o.db);
  if (!pool) return ReportError(pool.error(), options);
  auto conn = (*pool)->Acquire();
  base::SystemClock clock;
  auto report =
      service::ImportSupplyDocument(*conn, base::OperatorId(o.operator_id),
                                    supply::SystemId(o.system), *text, kCliActor, clock.Now());
  if (!report) return ReportProblems(report.error(), options);
  std::string format = report->format == supply::DocumentFormat::kCycloneDx
                           ? "CycloneDX " + report->spec_version
                           : report->spec_version;
  if (o.format == Format::kJson) {
    json::object out{{"system", report->system.value()},
                     {"system_created", report->system_created},
                     {"format", format},
                     {"components", report->components},
                     {"services", report->services},
                     {"dependencies", report->dependencies}};
    if (!report->sample.empty()) out["sample"] = report->sample;
    Print(json::serialize(out) + "\n");
  } else {
    Print(English(options)
              ? fmt::format("imported {} into system {}{}: {} components, {} services, {} "
                            "dependencies\n",
                            format, report->system, report->system_created ? " (created)" : "",
                            report->components, report->services, report->dependencies)
              : fmt::format("{} をシステム {}{} に取り込みました: 構成要素 {}、サービス {}、"
                            "依存関係 {}\n",
                            format, report->system, report->system_created ? "（新規作成）" : "",
                            report->components, report->services, report->dependencies));
    if (!report->sample.empty()) Print(report->sample + "\n");
  }
  return 0;
}

int Export(const GlobalOptions& options, const std::string& db, const std::string& system) {
  auto pool = OpenDatabase(db);
  if (!pool) return ReportError(pool.error(), options);
  auto conn = (*pool)->Acquire();
  auto doc = service::ExportSupplySystem(*conn, supply::SystemId(system));
  if (!doc) return ReportError(doc.error(), options);
  Print(*doc);
  return 0;
}

struct WhoUsesOptions {
  std::string db, purl, cpe, component, supplier;
  Format format = Format::kTable;
};

int WhoUses(const GlobalOptions& options, const WhoUsesOptions& o) {
  service::WhoUsesQuery q;
  int given = 0;
  std::string kind;
  for (auto [name, value, k] :
       {std::tuple{"purl", &o.purl, service::WhoUsesQuery::Kind::kPurl},
        std::tuple{"cpe", &o.cpe, service::WhoUsesQuery::Kind::kCpe},
        std::tuple{"component", &o.component, service::WhoUsesQuery::Kind::kComponent},
        std::tuple{"supplier", &o.supplier, service::WhoUsesQuery::Kind::kSupplier}}) {
    if (value->empty()) continue;
    ++given;
    q.kind = k;
    q.value = *value;
    kind = name;
  }
  if (given != 1) {
    std::fprintf(stderr, "kikan: %s\n",
                 Pick(options, {.ja = "--purl, --cpe, --component, --supplier のどれか一つを指定"
                                      "してください",
                                .en = "give exactly one of --purl, --cpe, --component, "
                                      "--supplier"})
                     .c_str());
    return 2;
  }
  auto pool = OpenDatabase(o.db);
  if (!pool) return ReportError(pool.error(), options);
  auto conn = (*pool)->Acquire();
  auto r = service::WhoUses(*conn, q);
  if (!r) return ReportProblems(r.error(), options);
  bool illustrative = false;
  std::vector<std::string> samples;
  for (const auto& op : r->operators) illustrative = illustrative || op.basis == "illustrative";
  for (const auto& s : r->systems)
    if (!s.sample.empty()) samples.push_back(fmt::format("{}: {}", s.id, s.sample));
  if (o.format == Format::kJson) {
    json::array operators, systems, parties, components, notes;
    for (const auto& op : r->operators)
      operators.push_back(
          json::object{{"id", op.id.value()}, {"name", op.name}, {"basis", op.basis}});
    for (const auto& s : r->systems) {
      json::object so{{"id", s.id.value()}, {"name", s.name}, {"operator", s.filed_by.value()}};
      if (!s.sample.empty()) so["sample"] = true;
      systems.push_back(std::move(so));
    }
    for (const auto& p : r->parties) {
      parties.push_back(json::object{{"id", p.id},
                                     {"name", p.name},
                                     {"corporate_number", p.corporate_number},
                                     {"subcontract_depth", p.depth}});
    }
    for (const auto& c : r->components) {
      components.push_back(json::object{{"system", c.system.value()},
                                        {"ref", c.ref},
                                        {"type", c.type},
                                        {"name", c.name},
                                        {"version", c.version},
                                        {"via", c.via}});
    }
    if (illustrative) notes.push_back(json::value(Pick(options, kIllustrative)));
    for (const auto& s : samples) notes.push_back(json::value(s));
    json::object out{{"query", json::object{{"kind", kind}, {"value", q.value}}},
                     {"operators", std::move(operators)},
                     {"systems", std::move(systems)}};
    if (q.kind == service::WhoUsesQuery::Kind::kSupplier) out["parties"] = std::move(parties);
    out["components"] = std::move(components);
    if (r->truncated) out["components_truncated"] = true;
    json::array terminals, ports, businesses;
    for (const auto& t : r->sites) {
      terminals.push_back(json::object{{"id", t.terminal_id},
                                       {"name", t.terminal_name},
                                       {"port", t.port_id},
                                       {"business", t.business.value()},
                                       {"basis", t.basis}});
      if (ports.empty() || ports.back().at("id").as_string() != t.port_id)
        ports.push_back(json::object{{"id", t.port_id}, {"name", t.port_name}});
    }
    for (const auto& b : r->businesses) businesses.push_back(json::value(b.value()));
    out["terminals"] = std::move(terminals);
    out["ports"] = std::move(ports);
    out["businesses"] = std::move(businesses);
    out["notes"] = std::move(notes);
    Print(json::serialize(out) + "\n");
    return 0;
  }
  bool en = English(options);
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : r->systems) rows.push_back({s.id.value(), s.name, s.filed_by.value()});
  Print(RenderTable({en ? "system" : "システム", en ? "name" : "名称", en ? "filed by" : "届出者"},
                    rows));
  rows.clear();
  for (const auto& op : r->operators) rows.push_back({op.id.value(), op.name, op.basis});
  Print(
      "\n" +
      RenderTable({en ? "operator" : "事業者", en ? "name" : "名称", en ? "basis" : "根拠"}, rows));
  if (illustrative) Print("\n" + Pick(options, kIllustrative) + "\n");
  for (const auto& s : samples) Print(s + "\n");
  return 0;
}

struct WhatIfOptions {
  std::string db, system, from;
  int days = 1;
  Format format = Format::kTable;
};

int WhatIf(const GlobalOptions& options, const WhatIfOptions& o) {
  auto from = ParseDateTime(o.from);
  if (!from) return ReportError(from.error(), options);
  std::string table_path = options.source_dir + "/data/supply/container_throughput.tsv";
  auto table_text = ReadDocument(table_path);
  if (!table_text) return ReportError(table_text.error(), options);
  auto figures = service::ParseThroughput(*table_text);
  if (!figures) return ReportError(figures.error().WithPrefix(table_path + ": "), options);
  auto pool = OpenDatabase(o.db);
  if (!pool) return ReportError(pool.error(), options);
  auto conn = (*pool)->Acquire();
  auto r = service::WhatIf(*conn, {supply::SystemId(o.system), *from, o.days, *figures});
  if (!r) return ReportError(r.error(), options);
  // Business names from the packs, when they load.
  auto regime = LoadRegime(options, {});
  auto business_name = [&](const base::BusinessId& id) {
    if (regime) {
      if (const auto* b = regime->FindBusiness(id)) return Pick(options, b->name);
    }
    return id.value();
  };
  bool illustrative = false;
  for (const auto& op : r->operators) illustrative = illustrative || op.basis == "illustrative";
  for (const auto& t : r->terminals) illustrative = illustrative || t.basis == "illustrative";
  const base::Text estimate = {
      .ja =
          "止まる TEU は年間取扱量 × 日数 / 365 の概算です（年間を通じて一様、システムの止まる"
          "港湾のコンテナ取扱いがすべて止まると仮定）。",
      .en =
          "TEU stopped is an estimate: annual throughput × days / 365 (uniform through the year, "
          "all the port's container handling on the system assumed to stop)."};
  if (o.format == Format::kJson) {
    json::array operators, terminals, ports, businesses, timeline, notes;
    for (const auto& op : r->operators)
      operators.push_back(
          json::object{{"id", op.id.value()}, {"name", op.name}, {"basis", op.basis}});
    for (const auto& t : r->terminals) {
      terminals.push_back(json::object{{"id", t.terminal_id},
                                       {"name", t.terminal_name},
                                       {"port", t.port_id},
                                       {"business", t.business.value()},
                                       {"basis", t.basis}});
    }
    for (const auto& p : r->ports) {
      json::object po{{"id", p.id}, {"name", p.name}};
      json::array ts;
      for (const auto& t : p.terminals) ts.push_back(json::value(t));
      po["terminals"] = std::move(ts);
      if (p.has_throughput) {
        po["annual_teu"] = p.annual_teu;
        po["year"] = p.year;
        po["source"] = p.source;
        if (r->has_national) {
          po["share_of_national"] = p.share_of_national;
          po["share_of_national_percent"] = std::round(p.share_of_national * 1000.0) / 10.0;
        }
        po["estimated_teu_stopped"] = p.estimated_teu_stopped;
      }
      ports.push_back(std::move(po));
    }
    for (const auto& b : r->businesses)
      businesses.push_back(json::object{{"id", b.value()}, {"name", business_name(b)}});
    for (const auto& d : r->timeline) {
      json::array ts;
      for (const auto& t : d.terminals) ts.push_back(json::value(t));
      timeline.push_back(json::object{{"day", d.day},
                                      {"from", FormatJst(d.from)},
                                      {"until", FormatJst(d.until)},
                                      {"terminals_stopped", std::move(ts)}});
    }
    if (illustrative) notes.push_back(json::value(Pick(options, kIllustrative)));
    if (!r->sample.empty()) notes.push_back(json::value(r->sample));
    notes.push_back(json::value(Pick(options, estimate)));
    json::object out{{"system", json::object{{"id", r->system.id.value()},
                                             {"name", r->system.name},
                                             {"runner", r->system.runner}}},
                     {"from", FormatJst(r->from)},
                     {"until", FormatJst(r->until)},
                     {"days", r->days},
                     {"operators", std::move(operators)},
                     {"terminals", std::move(terminals)},
                     {"ports", std::move(ports)},
                     {"businesses", std::move(businesses)}};
    if (r->has_national) {
      out["national_throughput"] = json::object{{"teu", r->national.teu},
                                                {"year", r->national.year},
                                                {"basis", r->national.basis},
                                                {"source", r->national.source}};
    }
    out["timeline"] = std::move(timeline);
    out["notes"] = std::move(notes);
    Print(json::serialize(out) + "\n");
    return 0;
  }
  bool en = English(options);
  Print(en ? fmt::format("What if {} ({}) stops from {} for {} day(s) (until {})\n\n", r->system.id,
                         r->system.name, FormatJst(r->from), r->days, FormatJst(r->until))
           : fmt::format("{}（{}）が {} から {} 日間止まると（{} まで）\n\n", r->system.id,
                         r->system.name, FormatJst(r->from), r->days, FormatJst(r->until)));
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : r->terminals) rows.push_back({t.terminal_id, t.terminal_name, t.port_name});
  Print(RenderTable({en ? "terminal" : "ターミナル", en ? "name" : "名称", en ? "port" : "港湾"},
                    rows));
  rows.clear();
  for (const auto& p : r->ports) {
    rows.push_back(
        {p.name, p.has_throughput ? fmt::format("{} ({})", GroupedInt(p.annual_teu), p.year) : "-",
         p.has_throughput && r->has_national ? fmt::format("{:.1f}%", p.share_of_national * 100)
                                             : "-",
         p.has_throughput ? GroupedInt(p.estimated_teu_stopped) : "-"});
  }
  Print("\n" + RenderTable({en ? "port" : "港湾", en ? "annual TEU (year)" : "年間 TEU（年）",
                            en ? "share of national" : "全国シェア",
                            en ? "TEU stopped (est.)" : "停止 TEU（概算）"},
                           rows));
  if (r->has_national) {
    Print(fmt::format("{} {} TEU ({}; {})\n", en ? "national total" : "全国計",
                      GroupedInt(r->national.teu), r->national.year, r->national.source));
  }
  rows.clear();
  for (const auto& op : r->operators) rows.push_back({op.id.value(), op.name, op.basis});
  Print(
      "\n" +
      RenderTable({en ? "operator" : "事業者", en ? "name" : "名称", en ? "basis" : "根拠"}, rows));
  std::string list;
  for (const auto& b : r->businesses) list += (list.empty() ? "" : ", ") + business_name(b);
  Print(fmt::format("\n{}: {}\n", en ? "businesses" : "事業", list));
  if (illustrative) Print(Pick(options, kIllustrative) + "\n");
  if (!r->sample.empty()) Print(r->sample + "\n");
  Print(Pick(options, estimate) + "\n");
  return 0;
}

}  // namespace

void AddSupplyCommands(CLI::App& app, GlobalOptions& options) {
  CLI::App* supply = app.add_subcommand(
      "supply", "サプライチェーン（SBOM/HBOM、利用者、停止時の影響）/ the supply chain");
  supply->require_subcommand(1);
  const char* db_help = "データベース sqlite:PATH | postgresql://… / database";

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* i = supply->add_subcommand(
      "import", "SBOM/HBOM（CycloneDX 1.5/1.6、SPDX 2.3 の JSON）をシステムに取り込む / import");
  i->add_option("--db", imp->db, db_help)->required();
  i->add_option("--operator", imp->operator_id, "届出事業者の id / operator id")->required();
  i->add_option("--system", imp->system, "システムの id（なければ作成）/ system id")->required();
  i->add_option("FILE", imp->file, "文書ファイル / document file")->required();
  AddFormatOption(i, &imp->format, /*allow_csv=*/false);
  i->callback([imp, &options] { options.exit_code = Import(options, *imp); });

  auto exp = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* e = supply->add_subcommand(
      "export", "システムの構成を CycloneDX 1.6 JSON で出力 / export as CycloneDX 1.6");
  e->add_option("--db", exp->first, db_help)->required();
  e->add_option("--system", exp->second, "システムの id / system id")->required();
  e->callback([exp, &options] { options.exit_code = Export(options, exp->first, exp->second); });

  auto who = std::make_shared<WhoUsesOptions>();
  CLI::App* w = supply->add_subcommand(
      "who-uses", "構成要素・供給者を使う事業者とシステム / who depends on a component or party");
  w->add_option("--db", who->db, db_help)->required();
  w->add_option("--purl", who->purl, "PURL（版なしで全版）/ package URL");
  w->add_option("--cpe", who->cpe, "CPE");
  w->add_option("--component", who->component, "製造者/型式 / MANUFACTURER/MODEL");
  w->add_option("--supplier", who->supplier,
                "供給者・委託先の名称または法人番号 / name or 法人番号");
  AddFormatOption(w, &who->format, /*allow_csv=*/false);
  w->callback([who, &options] { options.exit_code = WhoUses(options, *who); });

  auto what = std::make_shared<WhatIfOptions>();
  CLI::App* f = supply->add_subcommand(
      "whatif",
      "システム停止時に影響を受ける事業者・ターミナル・港湾 / what stops if a system stops");
  f->add_option("--db", what->db, db_help)->required();
  f->add_option("--system", what->system, "システムの id / system id")->required();
  f->add_option("--from", what->from, "停止開始日時（例 2023-07-04T06:30+09:00）/ start")
      ->required();
  f->add_option("--days", what->days, "日数 / days")->default_val(1)->check(CLI::Range(1, 366));
  AddFormatOption(f, &what->format, /*allow_csv=*/false);
  f->callback([what, &options] { options.exit_code = WhatIf(options, *what); });

  AddSupplyRiskCommands(supply, options);
}

}  // namespace kikan::cli
