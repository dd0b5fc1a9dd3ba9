// `kikan serve` (the HTTP server over a SQLite or PostgreSQL database) and `kikan audit verify`
// (the audit log's chain, signatures and every object's state).
//
// serve: migrates the database, loads the bundled regime packs, with --demo seeds the register
// and the demo accounts (docs/server.md), starts the server, prints "listening on
// http://ADDRESS:PORT/" on stdout (tests read the port from it when --port 0), and then waits for
// SIGINT or SIGTERM in the main thread, writing a signed audit checkpoint every
// --checkpoint-interval seconds and once more on shutdown.
#include <fmt/format.h>
#include <signal.h>

#include <boost/json.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "api/api.h"
#include "api/handlers.h"
#include "audit/log.h"
#include "audit/signer.h"
#include "auth/accounts.h"
#include "auth/tokens.h"
#include "cli/common.h"
#include "http/server.h"
#include "service/audit_publish.h"
#include "service/demo.h"
#include "service/verify.h"

namespace kikan::cli {
namespace {

struct ServeOptions {
  std::string db = "sqlite:kikan.db";
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 4;
  bool demo = false;
  std::string audit_key;
  std::string web;
  int checkpoint_interval = 60;
  std::string log_origin = "localhost/kikan/audit";
  std::string checkpoints_file;
  bool fast_hashing = false;  // tests: libsodium's minimum Argon2id limits
};

// The audit key beside a SQLite file; for other databases the working directory's.
std::string DefaultKeyPath(std::string_view db) {
  if (db.substr(0, 7) == "sqlite:" && db != "sqlite::memory:") {
    return std::string(db.substr(7)) + ".audit-key";
  }
  return "kikan-audit.key";
}

base::Result<audit::Signer> LoadSigner(const std::string& db, const std::string& given) {
  if (given.empty() && db == "sqlite::memory:") {
    // An in-memory database lives as long as the process: so does its key.
    std::string seed = auth::RandomBytes(32);
    return audit::Signer::FromSeed(
        std::span(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
  }
  return audit::Signer::LoadOrCreate(given.empty() ? DefaultKeyPath(db) : given);
}

// The published checkpoints beside a SQLite file; for other databases the working directory's.
// An in-memory database publishes nothing (it ends with the process).
std::string DefaultCheckpointsPath(std::string_view db) {
  if (db == "sqlite::memory:") return "";
  if (db.substr(0, 7) == "sqlite:") return std::string(db.substr(7)) + ".checkpoints";
  return "kikan-checkpoints.txt";
}

// Signs the head: the chain checkpoint, and the tree head as a signed note appended to the
// checkpoints file, never over a log inconsistent with the last note published there.
base::Status Checkpoint(store::Pool& pool, const audit::Signer& signer, const base::Clock& clock,
                        const ServeOptions& o) {
  auto conn = pool.Acquire();
  const std::string at = base::FormatInstant(clock.Now());
  const std::string file =
      o.checkpoints_file.empty() ? DefaultCheckpointsPath(o.db) : o.checkpoints_file;
  if (file.empty()) {
    KIKAN_TRY(audit::WriteCheckpoint(*conn, signer, at, o.log_origin));
  } else {
    KIKAN_TRY(service::PublishCheckpoint(*conn, signer, at, o.log_origin, file));
  }
  return base::Status::Ok();
}

base::Status Serve(const GlobalOptions& options, const ServeOptions& o) {
  if (o.port < 0 || o.port > 65535) {
    return base::InvalidArgument(
        {.ja = fmt::format("--port {} はポート番号ではありません（0〜65535）", o.port),
         .en = fmt::format("--port {} is not a port (0–65535)", o.port)});
  }
  // Signals are blocked in every thread (the server's inherit the mask) and taken by sigwait here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  KIKAN_ASSIGN_OR_RETURN(regime::Regime regime, LoadRegime(options, {}));
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(o.db, o.threads + 1));
  base::SystemClock clock;
  {
    auto conn = pool->Acquire();
    auto migrations = service::AllMigrations();
    KIKAN_TRY(store::Migrate(*conn, migrations));
    if (o.demo) {
      auto seeded = service::SeedDemo(*conn, regime, options.source_dir + "/data/datasets",
                                      clock.Now(), o.fast_hashing);
      if (!seeded) return seeded.status().WithPrefix("--demo: ");
      auto report = std::move(*seeded);
      if (report.already_seeded) {
        std::fprintf(stderr, "kikan: %s\n",
                     options.lang == base::Lang::kEn ? "demo database already seeded"
                                                     : "デモデータは投入済みです");
      } else {
        std::fprintf(
            stderr, "kikan: %s\n",
            (options.lang == base::Lang::kEn
                 ? fmt::format(
                       "demo: {} operators, {} designations, {} accounts (password kikan-demo)",
                       report.operators, report.designations, report.users)
                 : fmt::format(
                       "デモ: 事業者 {} 者、指定 {} 件、アカウント {} 件（パスワード kikan-demo）",
                       report.operators, report.designations, report.users))
                .c_str());
      }
    }
  }
  KIKAN_ASSIGN_OR_RETURN(audit::Signer signer, LoadSigner(o.db, o.audit_key));
  auth::AccountSettings settings;
  if (o.fast_hashing) settings.password_limits = auth::PasswordLimits::Minimum();
  auth::Accounts accounts(settings);
  api::ApiContext ctx;
  ctx.pool = pool.get();
  ctx.regime = &regime;
  ctx.clock = &clock;
  ctx.accounts = &accounts;
  ctx.datasets_root = options.source_dir + "/data/datasets";
  ctx.pack_versions = service::PackVersions(regime);
  if (!o.web.empty()) {
    ctx.web_root = o.web;
  } else if (std::filesystem::exists(options.source_dir + "/web/dist/index.html")) {
    ctx.web_root = options.source_dir + "/web/dist";
  }
  http::Router router = api::BuildRouter(ctx);
  http::ServerOptions so;
  so.address = o.address;
  so.port = static_cast<uint16_t>(o.port);
  so.threads = o.threads;
  KIKAN_ASSIGN_OR_RETURN(auto http_server, http::Server::Start(so, router));
  std::printf("listening on http://%s:%u/\n", o.address.c_str(), http_server->port());
  std::fflush(stdout);
  // The head as it is at start, so the checkpoint is published from the first request on; a log
  // that does not extend what was published is said loudly, and nothing is signed.
  if (auto st = Checkpoint(*pool, signer, clock, o); !st.ok()) {
    std::fprintf(stderr, "kikan: checkpoint: %s\n", st.message(options.lang).c_str());
  }

  for (;;) {
    timespec wait{o.checkpoint_interval, 0};
    int sig = sigtimedwait(&signals, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) break;
    if (sig < 0 && errno == EAGAIN) {
      if (auto s = Checkpoint(*pool, signer, clock, o); !s.ok()) {
        std::fprintf(stderr, "kikan: checkpoint: %s\n", s.message(options.lang).c_str());
      }
    }
  }
  http_server->Stop();
  KIKAN_TRY(Checkpoint(*pool, signer, clock, o));
  std::fprintf(stderr, "kikan: %s\n", options.lang == base::Lang::kEn ? "stopped" : "停止しました");
  return base::Status::Ok();
}

struct DemoSeedOptions {
  std::string db;
  bool fast_hashing = false;
};

// `kikan demo seed`: what `serve --demo` puts into a database, without starting the server (for
// the CLI's own commands over the demo, e.g. `supply whatif --system nuts`).
base::Status DemoSeed(const GlobalOptions& options, const DemoSeedOptions& o) {
  KIKAN_ASSIGN_OR_RETURN(regime::Regime regime, LoadRegime(options, {}));
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(o.db, 1));
  auto conn = pool->Acquire();
  auto migrations = service::AllMigrations();
  KIKAN_TRY(store::Migrate(*conn, migrations));
  base::SystemClock clock;
  auto seeded = service::SeedDemo(*conn, regime, options.source_dir + "/data/datasets", clock.Now(),
                                  o.fast_hashing);
  if (!seeded) return seeded.status().WithPrefix("demo seed: ");
  bool en = options.lang == base::Lang::kEn;
  if (seeded->already_seeded) {
    Print(en ? "demo database already seeded\n" : "デモデータは投入済みです\n");
  } else {
    Print(en ? fmt::format(
                   "demo: {} operators, {} designations, {} accounts (password kikan-demo), "
                   "{} supply chain systems (sample data)\n",
                   seeded->operators, seeded->designations, seeded->users, seeded->supply_systems)
             : fmt::format("デモ: 事業者 {} 者、指定 {} 件、アカウント {} 件（パスワード "
                           "kikan-demo）、サプライチェーンのシステム {} 件（サンプルデータ）\n",
                           seeded->operators, seeded->designations, seeded->users,
                           seeded->supply_systems));
  }
  return base::Status::Ok();
}

struct VerifyOptions {
  std::string db;
  std::vector<std::string> public_keys;
  std::string key_file;
  std::string checkpoint;
  Format format = Format::kTable;
};

// Exit code of a log that does not verify (distinct from errors that stop the check).
constexpr int kExitNotVerified = 5;

int Verify(const GlobalOptions& options, const VerifyOptions& o) {
  bool en = options.lang == base::Lang::kEn;
  auto pool = store::Open(o.db, 1);
  if (!pool) return ReportError(pool.status(), options);
  std::vector<std::string> trusted = o.public_keys;
  std::string key_file = o.key_file;
  if (key_file.empty() && std::filesystem::exists(DefaultKeyPath(o.db)))
    key_file = DefaultKeyPath(o.db);
  if (!key_file.empty()) {
    auto signer = audit::Signer::LoadOrCreate(key_file);
    if (!signer) return ReportError(signer.status(), options);
    trusted.push_back(signer->public_key_hex());
  }
  auto conn = (*pool)->Acquire();
  auto report = service::VerifyDatabase(*conn, trusted);
  if (!report) return ReportError(report.status(), options);
  if (!o.checkpoint.empty()) {
    // Held to a checkpoint saved earlier: truncation, a rewritten history or a fork fails.
    std::ifstream in(o.checkpoint, std::ios::binary);
    if (!in) {
      return ReportError(base::Unavailable({.ja = fmt::format("{} を読めません", o.checkpoint),
                                            .en = fmt::format("cannot read {}", o.checkpoint)}),
                         options);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::vector<std::string> raw_keys;
    for (const std::string& k : trusted) {
      if (auto raw = audit::FromHex(k, 32)) raw_keys.push_back(*raw);
    }
    auto found = service::CheckAgainstCheckpoint(*conn, ss.str(), raw_keys);
    if (!found) return ReportError(found.status().WithPrefix(o.checkpoint + ": "), options);
    report->findings.insert(report->findings.end(), found->begin(), found->end());
  }
  if (o.format == Format::kJson) {
    Print(boost::json::serialize(api::VerifyReportJson(*report)) + "\n");
  } else {
    Print(fmt::format(fmt::runtime(en ? "events {}, checkpoints {}, objects {}; chain intact "
                                        "through {}, signed through {}{}\n"
                                      : "イベント {} 件、チェックポイント {} 件、オブジェクト {} "
                                        "件。チェーンは {} まで正常、署名済みは {} まで{}\n"),
                      report->events, report->checkpoints, report->objects,
                      report->verified_through, report->signed_through,
                      report->trusted_key
                          ? ""
                          : (en ? " (signatures checked only against keys recorded in the database)"
                                : "（署名はデータベース内の公開鍵でのみ確認）")));
    for (const auto& f : report->findings) {
      std::string where =
          f.seq ? fmt::format("event {}", f.seq) : fmt::format("{} {}", f.object_type, f.object_id);
      Print(fmt::format("{}: {} [{}]\n", where, en ? f.problem.en : f.problem.ja, f.kind));
    }
    Print(report->ok()
              ? (en ? "OK: the audit log verifies\n" : "OK: 監査ログは検証に合格しました\n")
              : (en ? "FAILED: the audit log does not verify\n"
                    : "不合格: 監査ログは検証に合格しませんでした\n"));
  }
  return report->ok() ? 0 : kExitNotVerified;
}

struct ProofOptions {
  std::string db;
  int64_t event = 0;
  std::string audit_key;
  std::string log_origin = "localhost/kikan/audit";
  std::string checkpoints_file;
};

// `kikan audit proof`: the offline proof bundle of one event, to stdout. When no signed head
// covers the event yet and the log's signing key is at hand (as `serve` finds it, or, for a log
// never signed, as `serve` would make it), the head is signed and published first, as the
// server's next checkpoint would.
base::Status Proof(const GlobalOptions& options, const ProofOptions& o) {
  (void)options;
  // Two connections: signing (Checkpoint) takes its own while this one is held.
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(o.db, 2));
  auto conn = pool->Acquire();
  auto bundle = service::ProofBundle(*conn, o.event);
  const std::string key_path = o.audit_key.empty() ? DefaultKeyPath(o.db) : o.audit_key;
  // A log never signed gets its key where serve would make it; a signed log only its own key.
  auto signed_before = audit::LastTreeHead(*conn);
  if (!signed_before) return signed_before.status();
  if (!bundle && bundle.status().code() == base::StatusCode::kFailedPrecondition &&
      (std::filesystem::exists(key_path) || !signed_before->has_value())) {
    KIKAN_ASSIGN_OR_RETURN(audit::Signer signer, LoadSigner(o.db, o.audit_key));
    ServeOptions so;
    so.db = o.db;
    so.log_origin = o.log_origin;
    so.checkpoints_file = o.checkpoints_file;
    base::SystemClock clock;
    KIKAN_TRY(Checkpoint(*pool, signer, clock, so));
    bundle = service::ProofBundle(*conn, o.event);
  }
  if (!bundle) return bundle.status();
  Print(*bundle);
  return base::Status::Ok();
}

struct PublicKeyOptions {
  std::string db;
  std::string audit_key;
};

// `kikan audit public-key`: the log's public key (64 hex), from its key file, to give to
// whoever verifies.
base::Status PublicKey(const PublicKeyOptions& o) {
  const std::string path = o.audit_key.empty() ? DefaultKeyPath(o.db) : o.audit_key;
  if (!std::filesystem::exists(path)) {
    return base::NotFound({.ja = fmt::format("署名鍵のファイル {} がありません", path),
                           .en = fmt::format("no signing key file {}", path)});
  }
  KIKAN_ASSIGN_OR_RETURN(audit::Signer signer, audit::Signer::LoadOrCreate(path));
  Print(signer.public_key_hex() + "\n");
  return base::Status::Ok();
}

struct VerifyProofOptions {
  std::string file;
  std::string public_key;
};

// A public key given as 64 hex digits, or a file holding them.
base::Result<std::string> PublicKeyBytes(const std::string& given) {
  std::string text = given;
  if (!audit::IsHashHex(text) && std::filesystem::exists(given)) {
    std::ifstream in(given);
    std::getline(in, text);
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
  }
  auto raw = audit::FromHex(text, 32);
  if (!raw) {
    return base::InvalidArgument(
        {.ja = fmt::format(
             "--public-key {} は公開鍵（64桁の16進、またはそれを書いたファイル）ではありません",
             given),
         .en = fmt::format("--public-key {} is not a public key (64 hex digits, or a file holding "
                           "them)",
                           given)});
  }
  return *raw;
}

int VerifyProof(const GlobalOptions& options, const VerifyProofOptions& o) {
  const bool en = options.lang == base::Lang::kEn;
  auto key = PublicKeyBytes(o.public_key);
  if (!key) return ReportError(key.status(), options);
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    return ReportError(base::Unavailable({.ja = fmt::format("{} を読めません", o.file),
                                          .en = fmt::format("cannot read {}", o.file)}),
                       options);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto checked = service::VerifyProofBundle(
      ss.str(), std::span(reinterpret_cast<const uint8_t*>(key->data()), key->size()));
  if (!checked) {
    std::fprintf(stderr, "kikan: %s: %s\n", o.file.c_str(),
                 checked.status().message(options.lang).c_str());
    Print(en ? "FAILED: the proof does not verify\n" : "不合格: 証明は検証に合格しませんでした\n");
    return kExitNotVerified;
  }
  Print(fmt::format(
      fmt::runtime(en ? "OK: event {} ({} {} {}, {}) is leaf {} of the log {} of {} events, "
                        "signed by the key given\n"
                      : "OK: 事象 {}（{} {} {}、{}）は、指定の鍵で署名されたログ {}（{} 件）の"
                        "葉 {} です\n"),
      checked->seq, checked->event.action, checked->event.object_type, checked->event.object_id,
      checked->event.at, en ? std::to_string(checked->seq - 1) : checked->head.origin,
      en ? checked->head.origin : std::to_string(checked->head.size),
      en ? std::to_string(checked->head.size) : std::to_string(checked->seq - 1)));
  return 0;
}

}  // namespace

void AddServerCommands(CLI::App& app, GlobalOptions& options) {
  auto serve = std::make_shared<ServeOptions>();
  CLI::App* s = app.add_subcommand("serve", "HTTP サーバーを起動 / start the HTTP server");
  s->add_option("--db", serve->db, "データベース sqlite:PATH | postgresql://… / database")
      ->default_val("sqlite:kikan.db");
  s->add_option("--address", serve->address, "待ち受けアドレス / listen address")
      ->default_val("127.0.0.1");
  s->add_option("--port", serve->port, "ポート（0: 空きポート）/ port (0: any free port)")
      ->default_val(8080);
  s->add_option("--threads", serve->threads, "処理スレッド数 / worker threads")
      ->default_val(4)
      ->check(CLI::Range(1, 256));
  s->add_flag(
      "--demo", serve->demo,
      "同梱の規制パックとデータ、デモアカウントを投入 / seed the bundled data and demo accounts");
  s->add_option("--audit-key", serve->audit_key,
                "監査ログの署名鍵ファイル（既定: DB の隣）/ audit signing key file");
  s->add_option("--web", serve->web, "Web UI のビルド済みフォルダ / built web UI folder");
  s->add_option("--checkpoint-interval", serve->checkpoint_interval,
                "署名付きチェックポイントの間隔（秒）/ seconds between signed checkpoints")
      ->default_val(60)
      ->check(CLI::Range(1, 86400));
  s->add_option("--log-origin", serve->log_origin,
                "監査ログのチェックポイントの origin（公開する名前）/ the log's checkpoint origin")
      ->default_val("localhost/kikan/audit");
  s->add_option("--checkpoints-file", serve->checkpoints_file,
                "署名したチェックポイントを追記するファイル（既定: DB の隣）/ file the signed "
                "checkpoints are appended to");
  s->add_flag("--insecure-fast-password-hashing", serve->fast_hashing,
              "テスト専用: Argon2id を最小設定に / tests only: minimum Argon2id limits")
      ->group("");
  s->callback([serve, &options] {
    auto st = Serve(options, *serve);
    options.exit_code = st.ok() ? 0 : ReportError(st, options);
  });

  CLI::App* demo_cmd = app.add_subcommand("demo", "デモデータ / the demo data");
  demo_cmd->require_subcommand(1);
  auto seed = std::make_shared<DemoSeedOptions>();
  CLI::App* sd = demo_cmd->add_subcommand(
      "seed", "serve --demo と同じデータを投入して終了 / seed what serve --demo seeds, then exit");
  sd->add_option("--db", seed->db, "データベース sqlite:PATH | postgresql://… / database")
      ->required();
  sd->add_flag("--insecure-fast-password-hashing", seed->fast_hashing,
               "テスト専用: Argon2id を最小設定に / tests only: minimum Argon2id limits")
      ->group("");
  sd->callback([seed, &options] {
    auto st = DemoSeed(options, *seed);
    options.exit_code = st.ok() ? 0 : ReportError(st, options);
  });

  CLI::App* audit_cmd = app.add_subcommand("audit", "監査ログ / the audit log");
  audit_cmd->require_subcommand(1);
  auto verify = std::make_shared<VerifyOptions>();
  CLI::App* v = audit_cmd->add_subcommand(
      "verify", "チェーン・署名・各オブジェクトの状態を検証 / verify chain, signatures and state");
  v->add_option("--db", verify->db, "データベース / database")->required();
  v->add_option("--public-key", verify->public_keys,
                "信頼する公開鍵（16進）/ trusted public key (hex)");
  v->add_option(
      "--checkpoint", verify->checkpoint,
      "以前に保存したチェックポイント（署名付きノート、またはチェックポイントのファイル）と照合 / "
      "hold the log to a checkpoint saved earlier (a signed note, or a checkpoints file)");
  v->add_option("--key-file", verify->key_file,
                "署名鍵ファイル（公開鍵を信頼する; 既定: DB の隣にあれば使用）/ key file");
  AddFormatOption(v, &verify->format, /*allow_csv=*/false);
  v->callback([verify, &options] { options.exit_code = Verify(options, *verify); });

  auto proof = std::make_shared<ProofOptions>();
  CLI::App* p = audit_cmd->add_subcommand(
      "proof",
      "一つの事象の証明（オフラインで検証できる）を出力 / write one event's offline proof");
  p->add_option("--db", proof->db, "データベース / database")->required();
  p->add_option("--event", proof->event, "事象の番号 (seq) / the event's seq")
      ->required()
      ->check(CLI::Range(int64_t{1}, std::numeric_limits<int64_t>::max()));
  p->add_option("--audit-key", proof->audit_key,
                "署名鍵（まだ署名されていない事象のとき先に署名する; 既定: DB の隣）/ signing key");
  p->add_option("--log-origin", proof->log_origin, "origin（serve と同じ）/ origin (as serve)")
      ->default_val("localhost/kikan/audit");
  p->add_option("--checkpoints-file", proof->checkpoints_file,
                "公開チェックポイントのファイル（serve と同じ）/ checkpoints file (as serve)");
  p->callback([proof, &options] {
    auto st = Proof(options, *proof);
    options.exit_code = st.ok() ? 0 : ReportError(st, options);
  });

  auto pk = std::make_shared<PublicKeyOptions>();
  CLI::App* pkc = audit_cmd->add_subcommand(
      "public-key", "監査ログの公開鍵（16進）を表示 / print the log's public key (hex)");
  pkc->add_option("--db", pk->db, "データベース（鍵が DB の隣にあるとき）/ database");
  pkc->add_option("--audit-key", pk->audit_key, "署名鍵ファイル / signing key file");
  pkc->callback([pk, &options] {
    auto st = PublicKey(*pk);
    options.exit_code = st.ok() ? 0 : ReportError(st, options);
  });

  auto vp = std::make_shared<VerifyProofOptions>();
  CLI::App* vpc = audit_cmd->add_subcommand(
      "verify-proof", "証明ファイルを公開鍵だけで検証 / check a proof bundle with the public key");
  vpc->add_option("file", vp->file, "audit proof の出力 / the output of audit proof")->required();
  vpc->add_option("--public-key", vp->public_key,
                  "ログの公開鍵（16進、またはそのファイル）/ the log's public key (hex, or a file)")
      ->required();
  vpc->callback([vp, &options] { options.exit_code = VerifyProof(options, *vp); });
}

}  // namespace kikan::cli
