// The real `kikan serve` binary as a process over a SQLite file (these tests do not use
// PostgreSQL): acknowledged writes survive SIGKILL and the audit log verifies after the crash; a
// bounded load run where every answer is 2xx; SIGTERM while clients send stops gracefully with
// complete answers and a signed checkpoint; --demo refuses a database with other data and may
// serve its own database again without duplicating it.
//
// No sleeps and no timers decide anything: the crash and the stop come after a counted number of
// answers; every wait (the "listening on" line, an exit) blocks on poll with a generous deadline.
// On a failure the servers' stderr is printed and the temporary directory is kept.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "server_process.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Deadlines (never reached when things work; generous for a loaded 2-core machine under ASan).
const milliseconds kStartTimeout = kSanitized ? seconds(180) : seconds(90);
const milliseconds kStopTimeout = kSanitized ? seconds(120) : seconds(60);
const milliseconds kRunTimeout = kSanitized ? seconds(120) : seconds(60);
const milliseconds kProgressTimeout = kSanitized ? seconds(240) : seconds(120);

// The designations of the bundled data: 32 port operators and 3 trucking operators.
constexpr int64_t kDemoDesignations = 35;
constexpr int64_t kPortDesignations = 32;
constexpr int64_t kDemoUsers = 5;

int64_t Int(const json::value& v, std::string_view key) {
  if (!v.is_object()) return -1;
  const json::value* x = v.as_object().if_contains(key);
  return x && x->is_int64() ? x->as_int64()
                            : (x && x->is_uint64() ? static_cast<int64_t>(x->as_uint64()) : -1);
}

bool Bool(const json::value& v, std::string_view key) {
  if (!v.is_object()) return false;
  const json::value* x = v.as_object().if_contains(key);
  return x && x->is_bool() && x->as_bool();
}

std::string SourceDir() {
  const char* env = std::getenv("KIKAN_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : KIKAN_SOURCE_DIR_FALLBACK;
}

// A call that reports a transport failure (refused, reset, cut short) instead of throwing.
std::optional<HttpResult> TryCall(const HttpClient& client, const std::string& method,
                                  const std::string& target, const std::string& body,
                                  const std::string& token, std::string* error) {
  try {
    return client.Call(method, target, body, token);
  } catch (const std::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
}

std::string Describe(const HttpResult& r) {
  return std::to_string(r.status) + " " + r.body.substr(0, 400);
}

// A response that arrived whole: Beast only returns a message whose body matched its framing;
// check that the length header agrees and the JSON body parses.
bool Complete(const HttpResult& r, std::string* why) {
  std::string length = r.Header("Content-Length");
  if (length.empty() || std::to_string(r.body.size()) != length) {
    *why = "Content-Length \"" + length + "\" but " + std::to_string(r.body.size()) + " bytes";
    return false;
  }
  if (!r.json.is_object()) {
    *why = "the body is not a JSON object: " + r.body.substr(0, 200);
    return false;
  }
  return true;
}

// Direct access to the SQLite file (the tests' own view, independent of the server).
class SqliteFile {
 public:
  explicit SqliteFile(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      error_ = db_ ? sqlite3_errmsg(db_) : "out of memory";
    }
  }
  ~SqliteFile() { sqlite3_close(db_); }
  const std::string& error() const { return error_; }
  bool Exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      error_ = msg ? msg : "?";
      sqlite3_free(msg);
      return false;
    }
    return true;
  }
  // The first column of the first row as an integer, or -1 (error() says why).
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    int64_t out = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out = sqlite3_column_int64(st, 0);
    } else {
      error_ = sqlite3_errmsg(db_);
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

class ServerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>("kikan_proc_");
    ASSERT_FALSE(dir_->path().empty()) << "cannot create a temporary directory";
    golden_ = ReadWholeFile(SourceDir() + "/tests/golden/api/filing-complete.json");
    ASSERT_FALSE(golden_.empty()) << "cannot read " << SourceDir()
                                  << "/tests/golden/api/filing-complete.json";
    // The server runs on the real clock: the 登記事項証明書 must have been made within three months
    // before the filing (国土交通省令第9条第2項ただし書), so the sample's is dated today.
    const std::string sample_date = "\"issued_on\": \"2026-11-02\"";
    const size_t at = golden_.find(sample_date);
    ASSERT_NE(at, std::string::npos) << "the golden plan's registry certificate date moved";
    golden_.replace(
        at, sample_date.size(),
        "\"issued_on\": \"" + base::JapanDate(base::SystemClock().Now()).ToIso() + "\"");
  }

  void TearDown() override {
    if (!HasFailure()) return;
    for (const auto& path : logs_) {
      std::fprintf(stderr, "---- stderr of kikan serve (%s) ----\n%s---- end ----\n", path.c_str(),
                   ReadWholeFile(path).c_str());
    }
    dir_->Keep();
    std::fprintf(stderr, "kept %s for inspection\n", dir_->path().c_str());
  }

  std::string DbPath() const { return dir_->path() + "/k.db"; }
  std::string Db() const { return "sqlite:" + DbPath(); }

  // Spawns `kikan serve` on the test's database; the caller waits for it to listen (or not).
  std::unique_ptr<ServerProcess> Spawn(bool demo) {
    std::string err_path = dir_->path() + "/server-" + std::to_string(logs_.size() + 1) + ".err";
    logs_.push_back(err_path);
    std::vector<std::string> args = {
        "--lang", "en", "serve",     "--db", Db(),
        "--port", "0",  "--threads", "4",    "--insecure-fast-password-hashing"};
    if (demo) args.push_back("--demo");
    std::string why;
    auto p = ServerProcess::Spawn(args, err_path, &why);
    if (!p) ADD_FAILURE() << why;
    return p;
  }

  // Spawns `kikan serve` and waits until it listens; null (and a test failure) otherwise.
  std::unique_ptr<ServerProcess> Start(bool demo) {
    auto p = Spawn(demo);
    if (!p) return nullptr;
    std::string why;
    if (!p->WaitListening(kStartTimeout, &why)) {
      ADD_FAILURE() << "kikan serve did not start: " << why;
      return nullptr;
    }
    return p;
  }

  // SIGTERM, and the exit that must follow: 0.
  void Stop(ServerProcess& server) {
    ASSERT_TRUE(server.Signal(SIGTERM));
    auto exit = server.Wait(kStopTimeout);
    ASSERT_TRUE(exit.has_value()) << "kikan serve did not stop within the deadline after SIGTERM";
    EXPECT_TRUE(exit->Ok()) << exit->Describe();
    EXPECT_NE(server.StderrText().find("stopped"), std::string::npos) << server.StderrText();
  }

  std::string Login(const HttpClient& client, const std::string& user) {
    std::string error;
    auto r = TryCall(client, "POST", "/api/v1/auth/login",
                     json::serialize(json::object{{"user", user}, {"password", "kikan-demo"}}), "",
                     &error);
    if (!r) {
      ADD_FAILURE() << "login as " << user << ": " << error;
      return "";
    }
    EXPECT_EQ(r->status, 200u) << Describe(*r);
    return Str(r->json, "token");
  }

  int64_t DesignationCount(const HttpClient& client) {
    std::string error;
    auto r = TryCall(client, "GET", "/api/v1/designations", "", "", &error);
    if (!r) {
      ADD_FAILURE() << error;
      return -1;
    }
    EXPECT_EQ(r->status, 200u) << Describe(*r);
    return Int(r->json, "count");
  }

  // `kikan audit verify` on the database: the table form (must say OK) and the JSON form.
  struct Verified {
    ProcessExit exit;
    std::string text;
    json::value report;
  };
  Verified Verify() {
    Verified v;
    auto table =
        RunKikan({"--lang", "en", "audit", "verify", "--db", Db()}, dir_->path(), kRunTimeout);
    v.exit = table.exit;
    v.text = table.out + table.err;
    auto js = RunKikan({"--lang", "en", "audit", "verify", "--db", Db(), "--format", "json"},
                       dir_->path(), kRunTimeout);
    EXPECT_EQ(js.exit.Describe(), table.exit.Describe()) << js.out << js.err;
    boost::system::error_code ec;
    v.report = json::parse(js.out, ec);
    if (ec) {
      ADD_FAILURE() << "audit verify --format json printed no JSON: " << js.out << js.err;
      v.report = nullptr;
    }
    return v;
  }

  std::unique_ptr<TempDir> dir_;
  std::string golden_;
  std::vector<std::string> logs_;  // the servers' stderr files, printed on failure
};

// Several clients stream create+submit of the golden plan; after a counted number of
// acknowledged submissions the server is SIGKILLed mid-stream. Every acknowledged id must be there,
// submitted, after a restart, and the audit log must verify both as the crash left it and after
// a graceful stop.
TEST_F(ServerProcessTest, AcknowledgedSubmissionsSurviveSigkill) {
  constexpr int kClients = 3;
  const int kAckTarget = kSanitized ? 24 : 40;
  constexpr int kMaxRoundsPerClient = 400;  // a bound only: the kill comes long before
  auto server = Start(/*demo=*/true);
  ASSERT_TRUE(server);
  const HttpClient client(server->port());
  const std::string token = Login(client, "kamigumi");
  ASSERT_FALSE(token.empty());

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> created, acknowledged, problems;
  int running = kClients;
  int failed_after_kill = 0;
  std::atomic<bool> killing{false};

  auto worker = [&] {
    auto failed = [&](const std::string& what) {
      std::lock_guard lock(mu);
      if (killing) {
        ++failed_after_kill;  // not acknowledged: fine
      } else {
        problems.push_back(what);
      }
    };
    // Each client goes on until a request fails: after the kill every one of them does.
    for (int round = 0; round < kMaxRoundsPerClient; ++round) {
      std::string error;
      auto c = TryCall(client, "POST", "/api/v1/filings", golden_, token, &error);
      if (!c) {
        failed("create: " + error);
        break;
      }
      if (c->status != 201) {
        std::lock_guard lock(mu);
        problems.push_back("create answered " + Describe(*c));
        break;
      }
      const std::string id = Str(c->json, "id");
      {
        std::lock_guard lock(mu);
        created.push_back(id);
      }
      auto s = TryCall(client, "POST", "/api/v1/filings/" + id + "/submit", "", token, &error);
      if (!s) {
        failed("submit " + id + ": " + error);
        break;
      }
      if (s->status != 200 || Str(s->json, "state") != "submitted") {
        std::lock_guard lock(mu);
        problems.push_back("submit " + id + " answered " + Describe(*s));
        break;
      }
      {
        std::lock_guard lock(mu);
        acknowledged.push_back(id);
      }
      cv.notify_all();
    }
    {
      std::lock_guard lock(mu);
      --running;
    }
    cv.notify_all();
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) threads.emplace_back(worker);
  bool reached = false;
  {
    std::unique_lock lock(mu);
    reached = cv.wait_for(lock, kProgressTimeout, [&] {
      return static_cast<int>(acknowledged.size()) >= kAckTarget || running == 0;
    });
    reached = reached && static_cast<int>(acknowledged.size()) >= kAckTarget;
    killing = true;
  }
  EXPECT_TRUE(server->Signal(SIGKILL));  // then always join the clients
  auto exit = server->Wait(kStopTimeout);
  for (auto& t : threads) t.join();
  ASSERT_TRUE(exit.has_value());
  EXPECT_FALSE(exit->exited) << exit->Describe();
  EXPECT_EQ(exit->signal, SIGKILL) << exit->Describe();
  ASSERT_TRUE(problems.empty()) << problems.size()
                                << " failures before the kill, first: " << problems[0];
  ASSERT_TRUE(reached) << "only " << acknowledged.size() << " of " << kAckTarget
                       << " submissions acknowledged before the deadline";
  // The clients were still sending: each of them had a request cut by the kill (none ran out of
  // rounds).
  EXPECT_EQ(failed_after_kill, kClients);
  std::printf(
      "[          ] %zu filings created, %zu submissions acknowledged, %d requests cut by "
      "SIGKILL\n",
      created.size(), acknowledged.size(), failed_after_kill);

  // The database as the crash left it (the WAL is recovered when it is opened) verifies.
  {
    auto v = Verify();
    EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
    EXPECT_NE(v.text.find("OK:"), std::string::npos) << v.text;
    EXPECT_TRUE(Bool(v.report, "ok")) << json::serialize(v.report);
  }

  // Restart on the same database (a demo database may be served with --demo again).
  auto again = Start(/*demo=*/true);
  ASSERT_TRUE(again);
  EXPECT_NE(again->StderrText().find("already seeded"), std::string::npos) << again->StderrText();
  const HttpClient client2(again->port());
  const std::string token2 = Login(client2, "kamigumi");
  ASSERT_FALSE(token2.empty());
  EXPECT_EQ(DesignationCount(client2), kDemoDesignations);
  for (const auto& id : acknowledged) {
    std::string error;
    auto r = TryCall(client2, "GET", "/api/v1/filings/" + id, "", token2, &error);
    ASSERT_TRUE(r) << error;
    EXPECT_EQ(r->status, 200u) << id << ": " << Describe(*r);
    EXPECT_EQ(Str(r->json, "state"), "submitted") << id;
  }
  std::string error;
  auto list = TryCall(client2, "GET", "/api/v1/filings", "", token2, &error);
  ASSERT_TRUE(list) << error;
  ASSERT_EQ(list->status, 200u) << Describe(*list);
  std::map<std::string, std::string> state_of;
  for (const auto& f : list->json.at("filings").as_array())
    state_of[Str(f, "id")] = Str(f, "state");
  for (const auto& id : acknowledged) EXPECT_EQ(state_of[id], "submitted") << id << " in the list";
  for (const auto& id : created)
    EXPECT_TRUE(state_of.contains(id)) << "created " << id << " is not listed";
  // Nothing was invented: at most one filing per create request sent (the cut ones included).
  EXPECT_LE(state_of.size(), created.size() + kClients);
  Stop(*again);

  auto v = Verify();
  EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
  EXPECT_NE(v.text.find("OK:"), std::string::npos) << v.text;
  ASSERT_TRUE(v.report.is_object()) << json::serialize(v.report);
  EXPECT_TRUE(Bool(v.report, "ok")) << json::serialize(v.report);
  EXPECT_EQ(Int(v.report, "unsigned_events"), 0) << json::serialize(v.report);
  EXPECT_TRUE(Bool(v.report, "trusted_key")) << json::serialize(v.report);
}

// N clients × M requests against one server: every answer is 2xx and right; the rate is printed.
TEST_F(ServerProcessTest, BoundedLoadIsAnsweredInFull) {
  constexpr int kThreads = 4;
  const int kPerThread = kSanitized ? 100 : 500;
  enum Kind { kDesignations, kPort, kRegime, kFilings, kCreate, kKinds };
  static constexpr const char* kNames[kKinds] = {"designations", "designations?business", "regime",
                                                 "filings", "create"};
  // Of every 20 requests: 6 register, 4 port register, 3 regime, 6 filing lists, 1 create.
  auto kind_of = [](int j) {
    int k = j % 20;
    return k < 6 ? kDesignations : k < 10 ? kPort : k < 13 ? kRegime : k < 19 ? kFilings : kCreate;
  };
  auto server = Start(/*demo=*/true);
  ASSERT_TRUE(server);
  const HttpClient client(server->port());
  const std::string token = Login(client, "kamigumi");
  ASSERT_FALSE(token.empty());

  std::array<std::atomic<int>, kKinds> answered{};
  std::mutex mu;
  std::vector<std::string> problems;
  auto problem = [&](std::string what) {
    std::lock_guard lock(mu);
    problems.push_back(std::move(what));
  };
  auto worker = [&](int t) {
    for (int j = 0; j < kPerThread; ++j) {
      const Kind kind = kind_of(j + t);
      std::string error;
      std::optional<HttpResult> r;
      switch (kind) {
        case kDesignations:
          r = TryCall(client, "GET", "/api/v1/designations", "", "", &error);
          break;
        case kPort:
          r = TryCall(client, "GET", "/api/v1/designations?business=general_port_transport", "", "",
                      &error);
          break;
        case kRegime:
          r = TryCall(client, "GET", "/api/v1/regime", "", "", &error);
          break;
        case kFilings:
          r = TryCall(client, "GET", "/api/v1/filings", "", token, &error);
          break;
        case kCreate:
          r = TryCall(client, "POST", "/api/v1/filings", golden_, token, &error);
          break;
        case kKinds:
          break;
      }
      if (!r) {
        problem(std::string(kNames[kind]) + ": " + error);
        continue;
      }
      std::string why;
      if (r->status < 200 || r->status > 299 || !Complete(*r, &why)) {
        problem(std::string(kNames[kind]) + ": " + Describe(*r) + " " + why);
        continue;
      }
      bool right = true;
      switch (kind) {
        case kDesignations:
          right = Int(r->json, "count") == kDemoDesignations;
          break;
        case kPort:
          right = Int(r->json, "count") == kPortDesignations;
          break;
        case kRegime:
          right = r->status == 200;
          break;
        case kFilings:
          right = r->status == 200 && Int(r->json, "count") >= 0;
          break;
        case kCreate:
          right = r->status == 201 && Str(r->json, "state") == "draft";
          break;
        case kKinds:
          break;
      }
      if (!right) {
        problem(std::string(kNames[kind]) + " answered wrongly: " + Describe(*r));
        continue;
      }
      ++answered[kind];
    }
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& t : threads) t.join();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  EXPECT_TRUE(problems.empty()) << problems.size() << " failed requests, first: " << problems[0];
  std::array<int, kKinds> expected{};
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kPerThread; ++j) ++expected[kind_of(j + t)];
  }
  int total = 0;
  for (size_t k = 0; k < kKinds; ++k) {
    EXPECT_EQ(answered[k].load(), expected[k]) << kNames[k];
    total += answered[k];
  }
  EXPECT_EQ(total, kThreads * kPerThread);
  std::printf("[          ] load: %d requests by %d clients in %.2f s: %.0f requests/s%s\n", total,
              kThreads, secs, total / secs, kSanitized ? " (sanitized build)" : "");

  // Every create is listed, once.
  std::string error;
  auto list = TryCall(client, "GET", "/api/v1/filings", "", token, &error);
  ASSERT_TRUE(list) << error;
  EXPECT_EQ(Int(list->json, "count"), expected[kCreate]) << Describe(*list);
  Stop(*server);
  auto v = Verify();
  EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
}

// SIGTERM while clients send: each answer that arrives is whole and 2xx, the exit is 0, and the
// final checkpoint signs the whole log.
TEST_F(ServerProcessTest, SigtermWhileClientsSendStopsGracefully) {
  constexpr int kClients = 3;
  const int kStopAfter = kSanitized ? 20 : 40;  // answers before the SIGTERM
  constexpr int kMaxRoundsPerClient = 400;
  auto server = Start(/*demo=*/true);
  ASSERT_TRUE(server);
  const HttpClient client(server->port());
  const std::string token = Login(client, "kamigumi");
  ASSERT_FALSE(token.empty());

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> problems;
  int answers = 0, refused_after_stop = 0, running = kClients;
  std::atomic<bool> stopping{false};
  auto worker = [&] {
    std::string draft;  // a created filing to submit next
    for (int round = 0; round < kMaxRoundsPerClient; ++round) {
      std::string method = "GET", target = "/api/v1/designations", body;
      unsigned want = 200;
      if (round % 3 == 0) {
        method = "POST";
        target = "/api/v1/filings";
        body = golden_;
        want = 201;
      } else if (round % 3 == 1 && !draft.empty()) {
        method = "POST";
        target = "/api/v1/filings/" + draft + "/submit";
      }
      std::string error, why;
      auto r = TryCall(client, method, target, body, token, &error);
      std::lock_guard lock(mu);
      if (!r) {
        if (stopping) {
          ++refused_after_stop;  // no answer at all: allowed once the stop began
        } else {
          problems.push_back(method + " " + target + ": " + error);
        }
        break;
      }
      if (r->status != want || !Complete(*r, &why)) {
        problems.push_back(method + " " + target + " (stopping: " + (stopping ? "yes" : "no") +
                           "): " + Describe(*r) + " " + why);
        break;
      }
      draft = want == 201 ? Str(r->json, "id") : "";
      ++answers;
      cv.notify_all();
    }
    std::lock_guard lock(mu);
    --running;
    cv.notify_all();
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) threads.emplace_back(worker);
  bool reached = false;
  {
    std::unique_lock lock(mu);
    reached =
        cv.wait_for(lock, kProgressTimeout, [&] { return answers >= kStopAfter || running == 0; });
    reached = reached && answers >= kStopAfter;
    stopping = true;
  }
  EXPECT_TRUE(server->Signal(SIGTERM));  // then always join the clients
  auto exit = server->Wait(kStopTimeout);
  for (auto& t : threads) t.join();
  ASSERT_TRUE(exit.has_value()) << "kikan serve did not stop within the deadline after SIGTERM";
  EXPECT_TRUE(exit->Ok()) << exit->Describe();
  EXPECT_NE(server->StderrText().find("stopped"), std::string::npos);
  EXPECT_TRUE(problems.empty()) << problems.size() << " bad answers, first: " << problems[0];
  EXPECT_TRUE(reached) << "only " << answers << " answers before the deadline";
  // Every client was still sending when the server stopped listening (none ran out of rounds).
  EXPECT_EQ(refused_after_stop, kClients);
  std::printf("[          ] %d answers, %d requests refused after SIGTERM\n", answers,
              refused_after_stop);

  auto v = Verify();
  EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
  EXPECT_NE(v.text.find("OK:"), std::string::npos) << v.text;
  ASSERT_TRUE(v.report.is_object());
  const std::string report = json::serialize(v.report);
  EXPECT_TRUE(Bool(v.report, "ok")) << report;
  EXPECT_GE(Int(v.report, "checkpoints"), 1) << report;
  EXPECT_GT(Int(v.report, "events"), 0) << report;
  EXPECT_EQ(Int(v.report, "signed_through"), Int(v.report, "events")) << report;
  EXPECT_EQ(Int(v.report, "unsigned_events"), 0) << report;
  EXPECT_TRUE(Bool(v.report, "trusted_key"))
      << "the checkpoint is not signed by the key beside the database: " << report;
}

// --demo never mixes the sample accounts into a database that holds other data.
TEST_F(ServerProcessTest, DemoIsRefusedOnADatabaseWithOtherData) {
  {
    auto plain = Start(/*demo=*/false);  // migrates an empty database
    ASSERT_TRUE(plain);
    Stop(*plain);
  }
  {
    SqliteFile db(DbPath());
    ASSERT_TRUE(db.error().empty()) << db.error();
    ASSERT_TRUE(
        db.Exec("INSERT INTO operator (id, name_ja, name_en) VALUES "
                "('test-operator', 'テスト株式会社', 'Test Co.')"))
        << db.error();
  }
  auto demo = Spawn(/*demo=*/true);
  ASSERT_TRUE(demo);
  std::string why;
  EXPECT_FALSE(demo->WaitListening(kStartTimeout, &why))
      << "serve --demo started on a non-demo database";
  ASSERT_TRUE(demo->exit().has_value()) << why;
  EXPECT_TRUE(demo->exit()->exited) << demo->exit()->Describe();
  EXPECT_NE(demo->exit()->code, 0);
  const std::string err = demo->StderrText();
  EXPECT_NE(err.find("--demo"), std::string::npos) << err;
  // The refusal changed nothing.
  SqliteFile db(DbPath());
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM operator"), 1) << db.error();
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM users"), 0) << db.error();
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM designation"), 0) << db.error();
}

// A database seeded by --demo may be served with --demo again: it starts and adds nothing.
TEST_F(ServerProcessTest, ADemoDatabaseIsServedAgainWithoutDuplicates) {
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run == 0 ? "first --demo" : "second --demo");
    auto server = Start(/*demo=*/true);
    ASSERT_TRUE(server);
    const HttpClient client(server->port());
    EXPECT_EQ(DesignationCount(client), kDemoDesignations);
    EXPECT_FALSE(Login(client, "nittsu").empty());
    if (run == 1) {
      EXPECT_NE(server->StderrText().find("already seeded"), std::string::npos)
          << server->StderrText();
    }
    Stop(*server);
  }
  SqliteFile db(DbPath());
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM designation"), kDemoDesignations) << db.error();
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM users"), kDemoUsers) << db.error();
  auto v = Verify();
  EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
}

// `admin create-user` makes the accounts of a Kikan run without --demo: each one created signs in
// to `serve` (its role and scope in the answer); what the command refuses writes nothing.
TEST_F(ServerProcessTest, AccountsMadeByAdminCreateUserSignInWithoutTheDemo) {
  const std::string password = "a long enough passphrase 7\n";
  auto create = [&](std::vector<std::string> args, const std::string& in) {
    std::vector<std::string> all = {
        "--lang", "en", "admin", "create-user", "--db", Db(), "--insecure-fast-password-hashing"};
    all.insert(all.end(), args.begin(), args.end());
    return RunKikan(all, dir_->path(), kRunTimeout, in);
  };
  auto ok = create({"--user", "chief", "--role", "cao", "--password-stdin"}, password);
  ASSERT_TRUE(ok.exit.Ok()) << ok.exit.Describe() << ok.err;
  EXPECT_NE(ok.out.find("role cabinet_office"), std::string::npos) << ok.out;
  ok = create({"--user", "port.reviewer", "--role", "ministry_reviewer", "--ministry", "mlit",
               "--business", "general_port_transport", "--name", "港湾 審査", "--password-stdin"},
              password);
  ASSERT_TRUE(ok.exit.Ok()) << ok.exit.Describe() << ok.err;
  EXPECT_NE(ok.out.find("scope mlit: general_port_transport)"), std::string::npos) << ok.out;
  ok = create({"--user", "mlit.admin", "--role", "ministry_admin", "--ministry", "mlit",
               "--password-stdin"},
              password);
  ASSERT_TRUE(ok.exit.Ok()) << ok.exit.Describe() << ok.err;

  // Refused, each with its reason, and nothing written.
  struct Refusal {
    std::vector<std::string> args;
    std::string in;
    std::string says;
  };
  const Refusal refusals[] = {
      {{"--user", "x1", "--role", "public", "--password-stdin"}, password, "is not a role"},
      {{"--user", "x2", "--role", "cao"}, password, "--password-stdin"},
      {{"--user", "x3", "--role", "cao", "--password-stdin"}, "", "no password"},
      {{"--user", "x4", "--role", "cao", "--password-stdin"}, "short\n", "--password-stdin: "},
      {{"--user", "x5", "--role", "cao", "--password-stdin"}, "two\nlines here ok\n", "one line"},
      {{"--user", "chief", "--role", "cao", "--password-stdin"}, password, "chief"},
      {{"--user", "x6", "--role", "ministry_reviewer", "--password-stdin"},
       password,
       "needs --ministry"},
      {{"--user", "x7", "--role", "ministry_reviewer", "--ministry", "nosuch", "--password-stdin"},
       password,
       "\"nosuch\""},
      {{"--user", "x8", "--role", "ministry_reviewer", "--ministry", "mhlw", "--business",
        "general_port_transport", "--password-stdin"},
       password,
       "general_port_transport"},
      {{"--user", "x9", "--role", "operator_staff", "--operator", "kamigumi", "--password-stdin"},
       password,
       "not in the register"},
      {{"--user", "x10", "--role", "operator_admin", "--ministry", "mlit", "--operator", "kamigumi",
        "--password-stdin"},
       password,
       "takes no --ministry"},
      {{"--user", "x11", "--role", "cao", "--operator", "kamigumi", "--password-stdin"},
       password,
       "takes no"},
  };
  for (const Refusal& r : refusals) {
    auto run = create(r.args, r.in);
    EXPECT_TRUE(run.exit.exited && run.exit.code == 1)
        << r.args[1] << ": " << run.exit.Describe() << run.err;
    EXPECT_NE(run.err.find(r.says), std::string::npos) << r.args[1] << ": " << run.err;
  }
  {
    // Each account was created with its event: the log verifies.
    auto v = Verify();
    EXPECT_TRUE(v.exit.Ok()) << v.exit.Describe() << "\n" << v.text;
    SqliteFile db(DbPath());
    EXPECT_EQ(db.Int("SELECT COUNT(*) FROM users"), 3) << db.error();
    // An operator in the register (as a designation puts it there) may have accounts. (Put here
    // by SQL, without its event: the final verification names it, and nothing else.)
    ASSERT_TRUE(
        db.Exec("INSERT INTO operator (id, name_ja, name_en) VALUES "
                "('test-operator', 'テスト株式会社', 'Test Co.')"))
        << db.error();
  }
  ok = create({"--user", "op.admin", "--role", "operator_admin", "--operator", "test-operator",
               "--password-stdin"},
              password);
  ASSERT_TRUE(ok.exit.Ok()) << ok.exit.Describe() << ok.err;

  auto server = Start(/*demo=*/false);
  ASSERT_TRUE(server);
  const HttpClient client(server->port());
  struct Expect {
    std::string user, role, scope_key;
  };
  for (const Expect& e :
       {Expect{"chief", "cabinet_office", ""}, Expect{"port.reviewer", "reviewer", "businesses"},
        Expect{"mlit.admin", "ministry_admin", "businesses"},
        Expect{"op.admin", "operator_admin", "operator_id"}}) {
    std::string error;
    auto r = TryCall(
        client, "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"user", e.user}, {"password", "a long enough passphrase 7"}}),
        "", &error);
    ASSERT_TRUE(r) << error;
    ASSERT_EQ(r->status, 200u) << e.user << ": " << Describe(*r);
    const json::value& u = r->json.at("user");
    EXPECT_EQ(u.at("role").as_string(), e.role) << e.user;
    if (e.scope_key == "businesses") {
      EXPECT_FALSE(u.at("businesses").as_array().empty()) << e.user;
    } else if (e.scope_key == "operator_id") {
      EXPECT_EQ(u.at("operator_id").as_string(), "test-operator");
    }
  }
  // A wrong password is still refused.
  std::string error;
  auto wrong =
      TryCall(client, "POST", "/api/v1/auth/login",
              json::serialize(json::object{{"user", "chief"}, {"password", "wrong"}}), "", &error);
  ASSERT_TRUE(wrong) << error;
  EXPECT_EQ(wrong->status, 401u) << Describe(*wrong);
  Stop(*server);
  auto v = Verify();
  EXPECT_EQ(v.exit.code, 5) << v.exit.Describe() << "\n" << v.text;
  EXPECT_NE(v.text.find("operator test-operator has no audit event"), std::string::npos) << v.text;
  EXPECT_EQ(v.text.find("user "), std::string::npos) << v.text;
}

}  // namespace
}  // namespace kikan::testing
