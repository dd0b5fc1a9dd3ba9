// One conformance suite for every storage backend: each TEST_P runs on a SQLite file in a fresh
// temporary directory, on "sqlite::memory:", and on PostgreSQL in a fresh schema of the database
// named by KIKAN_TEST_POSTGRES_URL (skipped when unset; scripts/test sets it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/db.h"

namespace kikan::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    const ::kikan::base::Status kikan_s_ = (expr);                             \
    ASSERT_TRUE(kikan_s_.ok()) << #expr << " failed: " << kikan_s_.ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                                        \
  do {                                                                         \
    const ::kikan::base::Status kikan_s_ = (expr);                             \
    EXPECT_TRUE(kikan_s_.ok()) << #expr << " failed: " << kikan_s_.ToString(); \
  } while (0)

constexpr char kSkipMessage[] =
    "PostgreSQL not configured: set KIKAN_TEST_POSTGRES_URL (scripts/test starts a throwaway "
    "cluster)";

std::string RandomSuffix() {
  static std::mutex mu;
  static std::mt19937_64 rng(std::random_device{}() ^ static_cast<uint64_t>(getpid()));
  std::lock_guard lock(mu);
  return std::to_string(getpid()) + "_" + std::to_string(rng() % 1'000'000'000);
}

// The base URL with search_path set to `schema` (libpq's "options" parameter).
std::string WithSearchPath(const std::string& base, const std::string& schema) {
  std::string sep = base.find('?') == std::string::npos ? "?" : "&";
  return base + sep + "options=-c%20search_path%3D" + schema;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string& kind = GetParam();
    if (kind == "sqlite_file") {
      std::string tmpl = (std::filesystem::temp_directory_path() / "kikan_store_XXXXXX").string();
      ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
      dir_ = tmpl;
      url_ = "sqlite:" + dir_ + "/test.db";
    } else if (kind == "sqlite_memory") {
      url_ = "sqlite::memory:";
    } else {
      const char* base = std::getenv("KIKAN_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') GTEST_SKIP() << kSkipMessage;
      auto admin = Open(base, 1);
      ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
      admin_ = std::move(*admin);
      schema_ = "kikan_test_" + RandomSuffix();
      ASSERT_OK(admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema_));
      url_ = WithSearchPath(base, schema_);
    }
  }

  void TearDown() override {
    if (admin_ != nullptr && !schema_.empty()) {
      EXPECT_OK(admin_->Acquire()->ExecScript("DROP SCHEMA " + schema_ + " CASCADE"));
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  bool postgres() const { return GetParam() == "postgres"; }
  bool memory() const { return GetParam() == "sqlite_memory"; }

  std::unique_ptr<Pool> OpenPool(int size = 2) {
    auto pool = Open(url_, size);
    EXPECT_TRUE(pool.has_value()) << url_ << ": " << pool.status().ToString();
    return pool ? std::move(*pool) : nullptr;
  }

  // The DDL for the backend under test: `sqlite` uses STRICT tables, `pg` BIGINT for INTEGER.
  std::string Ddl(std::string_view sqlite, std::string_view pg) const {
    return std::string(postgres() ? pg : sqlite);
  }

  int64_t Count(Connection& c, std::string_view table) {
    auto rows = c.Query("SELECT COUNT(*) FROM " + std::string(table));
    EXPECT_TRUE(rows.has_value()) << rows.status().ToString();
    if (!rows || rows->size() != 1) return -1;
    return (*rows)[0].Int(0);
  }

  std::string url_;
  std::string dir_;
  std::string schema_;
  std::unique_ptr<Pool> admin_;
};

TEST_P(StoreTest, BindsAndReadsBackNullIntegersAndText) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  ASSERT_OK(c->ExecScript(Ddl("CREATE TABLE v (k INTEGER PRIMARY KEY, i INTEGER, s TEXT) STRICT",
                              "CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, s TEXT)")));
  const std::vector<std::pair<Value, Value>> cases = {
      {Value{}, Value{}},
      {Value{std::numeric_limits<int64_t>::min()}, Value{std::string("東京都千代田区霞が関1-3-1")}},
      {Value{std::numeric_limits<int64_t>::max()}, Value{std::string("")}},
      {Value{int64_t{0}}, Value{std::string("it's a \"quote\" and a ? mark")}},
      {Value{int64_t{-1}}, Value{std::string("重要インフラ 🗾 ｶﾀｶﾅ")}},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    ASSERT_OK(c->Exec("INSERT INTO v (k, i, s) VALUES (?, ?, ?)",
                      {static_cast<int64_t>(k), cases[k].first, cases[k].second}));
  }
  auto rows = c->Query("SELECT k, i, s FROM v ORDER BY k");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), cases.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    const Row& r = (*rows)[k];
    ASSERT_EQ(r.cells.size(), 3u);
    EXPECT_EQ(r.Int(0), static_cast<int64_t>(k));
    EXPECT_EQ(r.cells[1], cases[k].first) << "row " << k;
    EXPECT_EQ(r.cells[2], cases[k].second) << "row " << k;
  }
  EXPECT_TRUE((*rows)[0].IsNull(1));
  EXPECT_EQ((*rows)[0].OptText(2), std::nullopt);
  EXPECT_EQ((*rows)[0].Text(2), "");
  EXPECT_EQ((*rows)[1].Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ((*rows)[1].Text(1), "-9223372036854775808");
  EXPECT_EQ((*rows)[2].Int(1), std::numeric_limits<int64_t>::max());
  EXPECT_EQ((*rows)[1].OptText(2), "東京都千代田区霞が関1-3-1");

  // Extreme integers and Japanese text also compare equal as parameters.
  auto found = c->Query("SELECT k FROM v WHERE i = ?", {std::numeric_limits<int64_t>::min()});
  ASSERT_TRUE(found.has_value()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].Int(0), 1);
  found = c->Query("SELECT k FROM v WHERE s = ?", {std::string("重要インフラ 🗾 ｶﾀｶﾅ")});
  ASSERT_TRUE(found.has_value()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].Int(0), 4);
  found = c->Query("SELECT k FROM v WHERE i IS NULL");
  ASSERT_TRUE(found.has_value()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].Int(0), 0);
}

TEST_P(StoreTest, QuestionMarkInQuotesOrCommentsIsNotAPlaceholder) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  auto rows = c->Query("SELECT 'what?' AS a, CAST(? AS TEXT) AS b, 'it''s ?' AS c -- ?\n",
                       {std::string("x")});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "what?");
  EXPECT_EQ((*rows)[0].Text(1), "x");
  EXPECT_EQ((*rows)[0].Text(2), "it's ?");

  ASSERT_OK(c->ExecScript(Ddl("CREATE TABLE q (\"odd?name\" TEXT, b TEXT) STRICT",
                              "CREATE TABLE q (\"odd?name\" TEXT, b TEXT)")));
  ASSERT_OK(c->Exec("INSERT INTO q (\"odd?name\", b) /* ? */ VALUES (?, ?)",
                    {std::string("a?"), std::string("b")}));
  rows = c->Query("SELECT \"odd?name\", b FROM q WHERE b = ?", {std::string("b")});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "a?");

  // Too few or too many values for the placeholders is a bug of the caller.
  auto wrong = c->Query("SELECT b FROM q WHERE b = ?", {});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.status().code(), base::StatusCode::kInternal);
  EXPECT_THAT(wrong.status().en(), HasSubstr("1 placeholder"));
}

TEST_P(StoreTest, InsertReturningAndOnConflict) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  ASSERT_OK(c->ExecScript(
      Ddl("CREATE TABLE r (id INTEGER PRIMARY KEY, s TEXT NOT NULL UNIQUE, n INTEGER NOT NULL "
          "DEFAULT 0) STRICT",
          "CREATE TABLE r (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, s TEXT NOT "
          "NULL UNIQUE, n BIGINT NOT NULL DEFAULT 0)")));
  for (int64_t want = 1; want <= 2; ++want) {
    auto rows = c->Query("INSERT INTO r (s) VALUES (?) RETURNING id, s",
                         {std::string(want == 1 ? "一" : "二")});
    ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].Int(0), want);
    EXPECT_EQ((*rows)[0].Text(1), want == 1 ? "一" : "二");
  }
  auto none = c->Query("INSERT INTO r (s) VALUES (?) ON CONFLICT (s) DO NOTHING RETURNING id",
                       {std::string("一")});
  ASSERT_TRUE(none.has_value()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  auto upd = c->Query(
      "INSERT INTO r (s, n) VALUES (?, ?) ON CONFLICT (s) DO UPDATE SET n = r.n + excluded.n "
      "RETURNING id, n",
      {std::string("二"), int64_t{5}});
  ASSERT_TRUE(upd.has_value()) << upd.status().ToString();
  ASSERT_EQ(upd->size(), 1u);
  EXPECT_EQ((*upd)[0].Int(0), 2);
  EXPECT_EQ((*upd)[0].Int(1), 5);
}

TEST_P(StoreTest, ConstraintViolationsMapToStatusCodes) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  ASSERT_OK(c->ExecScript(
      Ddl("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE) STRICT;"
          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES "
          "parent(id), n INTEGER CHECK (n >= 0)) STRICT;",
          "CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT UNIQUE);"
          "CREATE TABLE child (id BIGINT PRIMARY KEY, parent BIGINT NOT NULL REFERENCES "
          "parent(id), n BIGINT CHECK (n >= 0));")));
  ASSERT_OK(c->Exec("INSERT INTO parent (id, code) VALUES (?, ?)", {int64_t{1}, std::string("a")}));

  base::Status dup_pk =
      c->Exec("INSERT INTO parent (id, code) VALUES (?, ?)", {int64_t{1}, std::string("b")});
  EXPECT_EQ(dup_pk.code(), base::StatusCode::kAlreadyExists) << dup_pk.ToString();
  base::Status dup =
      c->Exec("INSERT INTO parent (id, code) VALUES (?, ?)", {int64_t{2}, std::string("a")});
  EXPECT_EQ(dup.code(), base::StatusCode::kAlreadyExists) << dup.ToString();
  EXPECT_THAT(dup.en(), HasSubstr(postgres() ? "duplicate key" : "UNIQUE constraint failed"));
  EXPECT_THAT(dup.ja(), HasSubstr("一意制約"));

  base::Status fk = c->Exec("INSERT INTO child (id, parent, n) VALUES (?, ?, ?)",
                            {int64_t{1}, int64_t{99}, int64_t{0}});
  EXPECT_EQ(fk.code(), base::StatusCode::kFailedPrecondition) << fk.ToString();
  EXPECT_THAT(fk.en(), HasSubstr(postgres() ? "foreign key" : "FOREIGN KEY"));
  base::Status check = c->Exec("INSERT INTO child (id, parent, n) VALUES (?, ?, ?)",
                               {int64_t{1}, int64_t{1}, int64_t{-1}});
  EXPECT_EQ(check.code(), base::StatusCode::kFailedPrecondition) << check.ToString();
  base::Status not_null = c->Exec("INSERT INTO child (id, parent, n) VALUES (?, ?, ?)",
                                  {int64_t{1}, Value{}, int64_t{0}});
  EXPECT_EQ(not_null.code(), base::StatusCode::kFailedPrecondition) << not_null.ToString();
  // Deleting a referenced parent.
  ASSERT_OK(c->Exec("INSERT INTO child (id, parent, n) VALUES (?, ?, ?)",
                    {int64_t{1}, int64_t{1}, int64_t{0}}));
  base::Status del = c->Exec("DELETE FROM parent WHERE id = ?", {int64_t{1}});
  EXPECT_EQ(del.code(), base::StatusCode::kFailedPrecondition) << del.ToString();

  base::Status syntax = c->Exec("SELEC 1");
  EXPECT_EQ(syntax.code(), base::StatusCode::kInternal) << syntax.ToString();
  EXPECT_THAT(syntax.en(), HasSubstr("SELEC 1"));
  base::Status nul =
      c->Exec("INSERT INTO parent (id, code) VALUES (?, ?)", {int64_t{5}, std::string("a\0b", 3)});
  EXPECT_EQ(nul.code(), base::StatusCode::kInvalidArgument) << nul.ToString();
  EXPECT_EQ(Count(*c, "parent"), 1);
}

TEST_P(StoreTest, TransactionRollsBackOnDestructionAndCommits) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  ASSERT_OK(c->ExecScript(Ddl("CREATE TABLE t (k INTEGER PRIMARY KEY) STRICT",
                              "CREATE TABLE t (k BIGINT PRIMARY KEY)")));
  {
    auto tx = Transaction::Start(*c);
    ASSERT_TRUE(tx.has_value()) << tx.status().ToString();
    EXPECT_TRUE(c->InTransaction());
    ASSERT_OK(c->Exec("INSERT INTO t (k) VALUES (?)", {int64_t{1}}));
    EXPECT_EQ(Count(*c, "t"), 1);
  }
  EXPECT_FALSE(c->InTransaction());
  EXPECT_EQ(Count(*c, "t"), 0);

  {
    auto tx = Transaction::Start(*c);
    ASSERT_TRUE(tx.has_value()) << tx.status().ToString();
    ASSERT_OK(c->Exec("INSERT INTO t (k) VALUES (?)", {int64_t{2}}));
    if (!memory()) {  // an uncommitted row is invisible to another connection
      Lease other = pool->Acquire();
      EXPECT_EQ(Count(*other, "t"), 0);
    }
    ASSERT_OK(tx->Commit());
    EXPECT_FALSE(c->InTransaction());
    base::Status again = tx->Commit();
    EXPECT_EQ(again.code(), base::StatusCode::kInternal) << again.ToString();
  }
  EXPECT_EQ(Count(*c, "t"), 1);
  if (!memory()) {
    Lease other = pool->Acquire();
    EXPECT_EQ(Count(*other, "t"), 1);
  }
}

TEST_P(StoreTest, TransactionMisuseIsReported) {
  auto pool = OpenPool();
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  base::Status commit = c->Commit();
  EXPECT_EQ(commit.code(), base::StatusCode::kInternal) << commit.ToString();
  EXPECT_OK(c->Rollback());  // nothing to roll back: fine
  ASSERT_OK(c->Begin());
  base::Status nested = c->Begin();
  EXPECT_EQ(nested.code(), base::StatusCode::kInternal) << nested.ToString();
  EXPECT_TRUE(c->InTransaction());
  EXPECT_OK(c->Rollback());
  EXPECT_FALSE(c->InTransaction());
}

TEST_P(StoreTest, LeaseReturnedWithOpenTransactionRollsBack) {
  auto pool = OpenPool(1);  // so the next Acquire gets the same connection
  ASSERT_NE(pool, nullptr);
  ASSERT_OK(pool->Acquire()->ExecScript(Ddl("CREATE TABLE t (k INTEGER PRIMARY KEY) STRICT",
                                            "CREATE TABLE t (k BIGINT PRIMARY KEY)")));
  {
    Lease c = pool->Acquire();
    ASSERT_OK(c->Begin());
    ASSERT_OK(c->Exec("INSERT INTO t (k) VALUES (?)", {int64_t{1}}));
  }
  Lease c = pool->Acquire();
  EXPECT_FALSE(c->InTransaction());
  EXPECT_EQ(Count(*c, "t"), 0);
}

TEST_P(StoreTest, LeaseMoveAssignmentReturnsTheHeldConnection) {
  if (memory()) GTEST_SKIP() << "needs two connections";
  auto pool = OpenPool(2);
  ASSERT_NE(pool, nullptr);
  Lease a = pool->Acquire();
  Lease b = pool->Acquire();
  Connection* b_conn = &*b;
  a = std::move(b);  // a's connection goes back to the pool
  EXPECT_EQ(&*a, b_conn);
  Lease c = pool->Acquire();  // would block forever if it had not
  EXPECT_NE(&*c, b_conn);
  Lease d = std::move(c);
  auto one = d->Query("SELECT 1");
  ASSERT_TRUE(one.has_value()) << one.status().ToString();
  EXPECT_EQ((*one)[0].Int(0), 1);
}

TEST_P(StoreTest, TwoThreadsWriteThroughAPoolOfTwo) {
  auto pool = OpenPool(2);
  ASSERT_NE(pool, nullptr);
  ASSERT_OK(pool->Acquire()->ExecScript(
      Ddl("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT;"
          "CREATE TABLE log (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL, seen INTEGER NOT "
          "NULL) STRICT;"
          "INSERT INTO counter VALUES (1, 0);",
          "CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);"
          "CREATE TABLE log (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, thread "
          "BIGINT NOT NULL, seen BIGINT NOT NULL);"
          "INSERT INTO counter VALUES (1, 0);")));
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::mutex mu;
  std::string first_error;
  auto writer = [&](int64_t thread) {
    for (int i = 0; i < kPerThread; ++i) {
      Lease c = pool->Acquire();
      // Read, then write what was read: lost updates would show as duplicate `seen` values.
      base::Status s = [&]() -> base::Status {
        KIKAN_ASSIGN_OR_RETURN(Transaction tx, Transaction::Start(*c));
        KIKAN_ASSIGN_OR_RETURN(auto rows, c->Query("SELECT n FROM counter WHERE id = 1"));
        int64_t n = rows.at(0).Int(0);
        KIKAN_TRY(c->Exec("UPDATE counter SET n = ? WHERE id = 1", {n + 1}));
        KIKAN_TRY(c->Exec("INSERT INTO log (thread, seen) VALUES (?, ?)", {thread, n}));
        return tx.Commit();
      }();
      if (!s.ok()) {
        failures++;
        std::lock_guard lock(mu);
        if (first_error.empty()) first_error = s.ToString();
      }
    }
  };
  std::thread a(writer, 1), b(writer, 2);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  Lease c = pool->Acquire();
  auto rows = c->Query("SELECT n FROM counter WHERE id = 1");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 2 * kPerThread);
  EXPECT_EQ(Count(*c, "log"), 2 * kPerThread);
  rows = c->Query("SELECT COUNT(DISTINCT seen) FROM log");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 2 * kPerThread);
  rows = c->Query("SELECT thread, COUNT(*) FROM log GROUP BY thread ORDER BY thread");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Int(1), kPerThread);
  EXPECT_EQ((*rows)[1].Int(1), kPerThread);
}

std::vector<Migration> Migrations(std::initializer_list<int> versions) {
  std::vector<Migration> out;
  for (int v : versions) {
    Migration m;
    m.version = v;
    m.name = "m" + std::to_string(v);
    if (v == 1) {
      m.sqlite = "CREATE TABLE mlog (seq INTEGER PRIMARY KEY, v INTEGER NOT NULL) STRICT";
      m.postgres =
          "CREATE TABLE mlog (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v BIGINT "
          "NOT NULL)";
    } else if (v == 666) {
      m.sqlite = m.postgres = "CREATE TABLE broken (";
    } else {
      // Two statements; the second would fail if the migration ran twice.
      std::string ddl = "CREATE TABLE m" + std::to_string(v) +
                        " (x TEXT); INSERT INTO mlog (v) VALUES (" + std::to_string(v) + ");";
      m.sqlite = m.postgres = ddl;
    }
    out.push_back(m);
  }
  return out;
}

std::vector<int64_t> AppliedLog(Connection& c) {
  std::vector<int64_t> out;
  auto rows = c.Query("SELECT v FROM mlog ORDER BY seq");
  EXPECT_TRUE(rows.has_value()) << rows.status().ToString();
  if (rows) {
    for (const Row& r : *rows) out.push_back(r.Int(0));
  }
  return out;
}

TEST_P(StoreTest, MigrateAppliesInOrderOnceAndRefusesUnknownVersions) {
  auto pool = OpenPool(1);
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  auto first = Migrations({1, 100, 300});
  ASSERT_OK(Migrate(*c, first));
  EXPECT_EQ(AppliedLog(*c), (std::vector<int64_t>{100, 300}));
  ASSERT_OK(Migrate(*c, first));  // idempotent: nothing runs twice
  EXPECT_EQ(AppliedLog(*c), (std::vector<int64_t>{100, 300}));

  // A module adds a migration below another module's newest: it is applied, then the next.
  auto second = Migrations({1, 100, 101, 200, 300, 301});
  ASSERT_OK(Migrate(*c, second));
  EXPECT_EQ(AppliedLog(*c), (std::vector<int64_t>{100, 300, 101, 200, 301}));

  auto rows = c->Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 6u);
  EXPECT_EQ((*rows)[2].Int(0), 101);
  EXPECT_EQ((*rows)[2].Text(1), "m101");
  EXPECT_THAT((*rows)[2].Text(2), ::testing::MatchesRegex("20[0-9][0-9]-[0-9]+-[0-9]+T.*Z"));

  // An older program (it does not know 301, nor 101) refuses the database, naming them.
  base::Status older = Migrate(*c, Migrations({1, 100, 200, 300}));
  EXPECT_EQ(older.code(), base::StatusCode::kFailedPrecondition) << older.ToString();
  EXPECT_THAT(older.en(), HasSubstr("101, 301"));
  EXPECT_THAT(older.ja(), HasSubstr("101, 301"));
  EXPECT_EQ(AppliedLog(*c).size(), 5u);

  // A failing migration is rolled back alone and named; the ones after it do not run.
  base::Status broken = Migrate(*c, Migrations({1, 100, 101, 200, 300, 301, 666, 667}));
  EXPECT_EQ(broken.code(), base::StatusCode::kInternal) << broken.ToString();
  EXPECT_THAT(broken.en(), HasSubstr("migration 666 (m666): "));
  rows = c->Query("SELECT MAX(version) FROM schema_migrations");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 301);
  EXPECT_FALSE(c->InTransaction());

  // The list must be sorted without duplicates.
  auto unsorted = Migrations({1, 300, 200});
  base::Status bad = Migrate(*c, unsorted);
  EXPECT_EQ(bad.code(), base::StatusCode::kInternal) << bad.ToString();
  auto dup = Migrations({1, 100, 100});
  bad = Migrate(*c, dup);
  EXPECT_EQ(bad.code(), base::StatusCode::kInternal) << bad.ToString();
  // Not inside a transaction.
  ASSERT_OK(c->Begin());
  bad = Migrate(*c, second);
  EXPECT_EQ(bad.code(), base::StatusCode::kInternal) << bad.ToString();
  EXPECT_OK(c->Rollback());
}

TEST_P(StoreTest, SessionSettingsAreInEffect) {
  auto pool = OpenPool(2);
  ASSERT_NE(pool, nullptr);
  Lease a = pool->Acquire();
  std::vector<Lease> leases;
  leases.push_back(std::move(a));
  if (!memory()) leases.push_back(pool->Acquire());  // every connection of the pool
  auto one = [](Connection& c, std::string_view sql) -> std::string {
    auto rows = c.Query(sql);
    EXPECT_TRUE(rows.has_value()) << sql << ": " << rows.status().ToString();
    if (!rows || rows->size() != 1) return "<no row>";
    return (*rows)[0].Text(0);
  };
  for (Lease& c : leases) {
    if (postgres()) {
      EXPECT_EQ(one(*c, "SELECT current_setting('TimeZone')"), "UTC");
      EXPECT_EQ(one(*c, "SELECT current_setting('client_encoding')"), "UTF8");
      ASSERT_OK(c->Begin());
      EXPECT_EQ(one(*c, "SELECT current_setting('transaction_isolation')"), "read committed");
      EXPECT_EQ(one(*c, "SELECT current_setting('lock_timeout')"), "10s");
      ASSERT_OK(c->Commit());
    } else {
      EXPECT_EQ(one(*c, "PRAGMA journal_mode"), memory() ? "memory" : "wal");
      EXPECT_EQ(one(*c, "PRAGMA synchronous"), "2");
      EXPECT_EQ(one(*c, "PRAGMA foreign_keys"), "1");
      EXPECT_EQ(one(*c, "PRAGMA busy_timeout"), "10000");
    }
  }
  EXPECT_EQ(pool->backend(), postgres() ? Backend::kPostgres : Backend::kSqlite);
  EXPECT_EQ(leases[0]->backend(), pool->backend());
}

TEST_P(StoreTest, PostgresAbortedTransactionCannotCommit) {
  auto pool = OpenPool(1);
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  ASSERT_OK(c->ExecScript(Ddl("CREATE TABLE t (k INTEGER PRIMARY KEY) STRICT",
                              "CREATE TABLE t (k BIGINT PRIMARY KEY)")));
  ASSERT_OK(c->Begin());
  ASSERT_OK(c->Exec("INSERT INTO t (k) VALUES (1)"));
  EXPECT_EQ(c->Exec("INSERT INTO t (k) VALUES (1)").code(), base::StatusCode::kAlreadyExists);
  base::Status s = c->Commit();
  if (postgres()) {
    // The whole transaction is gone.
    EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition) << s.ToString();
    EXPECT_EQ(Count(*c, "t"), 0);
  } else {
    // SQLite undid only the failed statement.
    EXPECT_OK(s);
    EXPECT_EQ(Count(*c, "t"), 1);
  }
  EXPECT_FALSE(c->InTransaction());
}

TEST_P(StoreTest, TriggerGuardsAndAggregates) {
  auto pool = OpenPool(1);
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  // The append-only guard of docs/storage.md, in both dialects.
  ASSERT_OK(
      c->ExecScript(Ddl("CREATE TABLE log (seq INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT;"
                        "CREATE TRIGGER log_no_update BEFORE UPDATE ON log "
                        "BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;",
                        "CREATE TABLE log (seq BIGINT PRIMARY KEY, n BIGINT NOT NULL);"
                        "CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        "BEGIN RAISE EXCEPTION 'log is append-only'; END $$;"
                        "CREATE TRIGGER log_no_update BEFORE UPDATE ON log "
                        "FOR EACH ROW EXECUTE FUNCTION log_append_only();")));
  for (int64_t i = 1; i <= 3; ++i) {
    ASSERT_OK(c->Exec("INSERT INTO log (seq, n) VALUES (?, ?)", {i, i * 1'000'000'000'000}));
  }
  base::Status upd = c->Exec("UPDATE log SET n = 0 WHERE seq = ?", {int64_t{1}});
  EXPECT_EQ(upd.code(), base::StatusCode::kFailedPrecondition) << upd.ToString();
  EXPECT_THAT(upd.en(), HasSubstr("log is append-only"));

  auto rows = c->Query("SELECT SUM(n), MAX(n), COUNT(*), COALESCE(MAX(seq), 0) FROM log");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Int(0), 6'000'000'000'000);
  EXPECT_EQ((*rows)[0].Int(1), 3'000'000'000'000);
  EXPECT_EQ((*rows)[0].Int(2), 3);
  EXPECT_EQ((*rows)[0].Int(3), 3);
  rows = c->Query("SELECT CAST(? AS BIGINT) + 1, CAST(? AS TEXT) || 'x'",
                  {int64_t{41}, std::string("y")});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 42);
  EXPECT_EQ((*rows)[0].Text(1), "yx");
}

TEST_P(StoreTest, PostgresReconnectsAfterLosingItsConnection) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only (SQLite has no server to lose)";
  auto pool = OpenPool(1);
  ASSERT_NE(pool, nullptr);
  Lease c = pool->Acquire();
  auto kill = [&](Connection& victim) {
    auto pid = victim.Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.has_value()) << pid.status().ToString();
    // Waits (up to 10 s) until the backend has exited.
    auto done = admin_->Acquire()->Query("SELECT pg_terminate_backend(CAST(? AS INTEGER), 10000)",
                                         {(*pid)[0].Int(0)});
    ASSERT_TRUE(done.has_value()) << done.status().ToString();
    ASSERT_EQ((*done)[0].Text(0), "t");
  };
  ASSERT_NO_FATAL_FAILURE(kill(*c));
  auto lost = c->Query("SELECT 1");
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.status().code(), base::StatusCode::kUnavailable) << lost.status().ToString();
  auto back = c->Query("SELECT 1");  // reconnected
  ASSERT_TRUE(back.has_value()) << back.status().ToString();
  EXPECT_EQ((*back)[0].Int(0), 1);

  // Inside a transaction: the loss is reported, the transaction is not silently dropped.
  ASSERT_OK(c->Begin());
  ASSERT_NO_FATAL_FAILURE(kill(*c));
  EXPECT_EQ(c->Exec("SELECT 1").code(), base::StatusCode::kUnavailable);
  EXPECT_TRUE(c->InTransaction());
  base::Status commit = c->Commit();
  EXPECT_EQ(commit.code(), base::StatusCode::kUnavailable) << commit.ToString();
  EXPECT_FALSE(c->InTransaction());
  EXPECT_OK(c->Exec("SELECT 1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values("sqlite_file", "sqlite_memory", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

// ---- Backend-independent cases -----------------------------------------------------------------

TEST(StoreOpen, RejectsUnknownSchemesAndBadArguments) {
  for (const char* url : {"mysql://u@h/db", "", "sqlite", "file:/tmp/x.db", "sqlite:"}) {
    auto pool = Open(url);
    ASSERT_FALSE(pool.has_value()) << url;
    EXPECT_EQ(pool.status().code(), base::StatusCode::kInvalidArgument) << url;
  }
  auto secret = Open("mysql://user:hunter2@db.example/kikan");
  ASSERT_FALSE(secret.has_value());
  EXPECT_THAT(secret.status().en(), HasSubstr("mysql://user@db.example/kikan"));
  EXPECT_THAT(secret.status().en(), Not(HasSubstr("hunter2")));
  auto zero = Open("sqlite::memory:", 0);
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.status().code(), base::StatusCode::kInvalidArgument);
}

TEST(StoreOpen, SqliteFileInAMissingDirectoryIsUnavailable) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("kikan_no_such_dir_" + RandomSuffix()) / "kikan.db")
                         .string();
  auto pool = Open("sqlite:" + path);
  ASSERT_FALSE(pool.has_value());
  EXPECT_EQ(pool.status().code(), base::StatusCode::kUnavailable);
  EXPECT_THAT(pool.status().en(), HasSubstr(path));
  EXPECT_THAT(pool.status().ja(), HasSubstr(path));
}

TEST(StoreOpen, SqliteFileThatIsNotADatabaseIsUnavailable) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "kikan_store_XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  std::string path = tmpl + "/garbage.db";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not an SQLite database, just text long enough to have a header.....\n", f);
    std::fclose(f);
  }
  auto pool = Open("sqlite:" + path);
  ASSERT_FALSE(pool.has_value());
  EXPECT_EQ(pool.status().code(), base::StatusCode::kUnavailable);
  EXPECT_THAT(pool.status().en(), HasSubstr(path));
  std::filesystem::remove_all(tmpl);
}

TEST(StoreOpen, UnreachablePostgresIsUnavailableWithoutThePassword) {
  auto pool = Open("postgresql://kikan:s3cret@127.0.0.1:1/kikan?password=other&sslmode=disable");
  ASSERT_FALSE(pool.has_value());
  EXPECT_EQ(pool.status().code(), base::StatusCode::kUnavailable) << pool.status().ToString();
  EXPECT_THAT(pool.status().en(),
              HasSubstr("postgresql://kikan@127.0.0.1:1/kikan?sslmode=disable"));
  EXPECT_THAT(pool.status().en(), Not(HasSubstr("s3cret")));
  EXPECT_THAT(pool.status().en(), Not(HasSubstr("other")));
  EXPECT_THAT(pool.status().ja(), Not(HasSubstr("s3cret")));
}

TEST(StoreOpen, DisplayUrlOfSqliteIsTheUrl) {
  auto pool = Open("sqlite::memory:", 3);
  ASSERT_TRUE(pool.has_value()) << pool.status().ToString();
  EXPECT_EQ((*pool)->display_url(), "sqlite::memory:");
  EXPECT_EQ((*pool)->backend(), Backend::kSqlite);
}

TEST(StoreRow, AccessorsConvert) {
  Row r{{Value{}, Value{int64_t{-42}}, Value{std::string("123")}, Value{std::string("文字")}}};
  EXPECT_TRUE(r.IsNull(0));
  EXPECT_FALSE(r.IsNull(1));
  EXPECT_EQ(r.Int(1), -42);
  EXPECT_EQ(r.Int(2), 123);  // PostgreSQL-style text cell
  EXPECT_EQ(r.Text(1), "-42");
  EXPECT_EQ(r.Text(3), "文字");
  EXPECT_EQ(r.Text(0), "");
  EXPECT_EQ(r.OptText(0), std::nullopt);
  EXPECT_EQ(r.OptText(2), "123");
}

TEST(StoreRowDeathTest, IntOfNonIntegerIsABug) {
  Row r{{Value{}, Value{std::string("12a")}}};
  EXPECT_DEATH((void)r.Int(0), "KIKAN_CHECK");
  EXPECT_DEATH((void)r.Int(1), "KIKAN_CHECK");
}

}  // namespace
}  // namespace kikan::store
