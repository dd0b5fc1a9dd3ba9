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
#include "service/supply_json.h"
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

// The CLI is an administrator's tool over the database: it sees every system.
const auth::ScopeFilter kAllScope = auth::ScopeFilter::All();

base::Result<base::Instant> ParseDateTime(std::string text) {
  auto t = service::ParseSupplyDateTime(std::move(text));
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

const base::Text& kIllustrative = service::kIllustrativeNote;

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
    Print(json::serialize(service::SupplyImportReportJson(*report)) + "\n");
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
  auto doc = service::ExportSupplySystem(*conn, supply::SystemId(system), kAllScope);
  if (!doc) return ReportError(doc.error(), options);
  Print(*doc);
  return 0;
}

struct WhoUsesOptions {
  std::string db, purl, cpe, component, supplier, after;
  int64_t limit = service::kDefaultWhoUsesComponents;
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
  q.limit = o.limit;
  q.after = o.after;
  auto r = service::WhoUses(*conn, q, kAllScope);
  if (!r) return ReportProblems(r.error(), options);
  bool illustrative = false;
  std::vector<std::string> samples;
  for (const auto& op : r->operators) illustrative = illustrative || op.basis == "illustrative";
  for (const auto& s : r->systems)
    if (!s.sample.empty()) samples.push_back(fmt::format("{}: {}", s.id, s.sample));
  if (o.format == Format::kJson) {
    Print(json::serialize(service::WhoUsesJson(q, *r, options.lang)) + "\n");
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
  // Container throughput from the ports dataset, as the criteria lab's calibrate reads it.
  std::string ports_dir = options.source_dir + "/data/datasets/ports";
  auto figures = service::ReadPortsThroughput(ports_dir);
  if (!figures) return ReportError(figures.error().WithPrefix(ports_dir + ": "), options);
  auto pool = OpenDatabase(o.db);
  if (!pool) return ReportError(pool.error(), options);
  auto conn = (*pool)->Acquire();
  auto r = service::WhatIf(*conn, {supply::SystemId(o.system), *from, o.days, *figures}, kAllScope);
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
  const base::Text& estimate = service::kTeuEstimateNote;
  if (o.format == Format::kJson) {
    Print(json::serialize(service::WhatIfJson(*r, options.lang, business_name)) + "\n");
    return 0;
  }
  bool en = English(options);
  Print(en ? fmt::format("What if {} ({}) stops from {} for {} day(s) (until {})\n\n", r->system.id,
                         r->system.name, service::FormatJst(r->from), r->days,
                         service::FormatJst(r->until))
           : fmt::format("{}（{}）が {} から {} 日間止まると（{} まで）\n\n", r->system.id,
                         r->system.name, service::FormatJst(r->from), r->days,
                         service::FormatJst(r->until)));
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
  w->add_option("--limit", who->limit,
                "一覧する構成要素の数（1〜1000、既定 100）/ components per page (1–1000, default "
                "100)");
  w->add_option("--after", who->after, "前のページの next / the next of the page before");
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
