// The SQLite backend: one database file in WAL mode (synchronous=FULL: an acknowledged commit is
// on disk), foreign keys on, a 10 s busy timeout; prepared statements cached per connection.
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "store/internal.h"

namespace kikan::store::internal {
namespace {

constexpr int kBusyTimeoutMs = 10'000;
constexpr size_t kStatementCacheSize = 64;

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

struct DbDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbDeleter>;

// Queues the write transactions of one pool's connections in this process. Without it, writers
// of the same process would wait in SQLite's busy handler, which polls with growing sleeps and
// lets a busy writer starve the others. Not a mutex: a transaction may begin on one thread and end
// on another (a coroutine resumed elsewhere).
class WriteGate {
 public:
  bool Enter() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(kBusyTimeoutMs), [this] { return !held_; })) {
      return false;
    }
    held_ = true;
    return true;
  }
  void Leave() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
};

// Maps an SQLite result code (extended codes are on) to a Status with SQLite's message.
base::Status SqliteError(int rc, std::string_view message, std::string_view sql) {
  std::string msg(message);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
      return base::AlreadyExists({.ja = fmt::format("一意制約に違反しました (SQLite: {})", msg),
                                  .en = fmt::format("sqlite: {}", msg)});
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return base::FailedPrecondition({.ja = fmt::format("制約に違反しました (SQLite: {})", msg),
                                       .en = fmt::format("sqlite: {}", msg)});
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return base::Unavailable(
          {.ja = fmt::format("データベースが使用中です。再試行してください (SQLite: {})", msg),
           .en = fmt::format("sqlite: {} (the database is busy; retry)", msg)});
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      return base::Unavailable({.ja = fmt::format("データベースを利用できません (SQLite: {})", msg),
                                .en = fmt::format("sqlite: {}", msg)});
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return base::DataLoss({.ja = fmt::format("データベースが壊れています (SQLite: {})", msg),
                             .en = fmt::format("sqlite: {}", msg)});
  }
  std::string excerpt = SqlExcerpt(sql);
  return base::Internal({.ja = fmt::format("データベースエラー (SQLite: {}): {}", msg, excerpt),
                         .en = fmt::format("sqlite: {} in: {}", msg, excerpt)});
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(DbPtr db, std::shared_ptr<WriteGate> gate)
      : db_(std::move(db)), gate_(std::move(gate)), cache_(kStatementCacheSize) {}

  ~SqliteConnection() override {
    cache_.Clear();  // finalize the statements before the database closes
    if (InTransaction()) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    if (gate_held_) gate_->Leave();
  }

  Backend backend() const override { return Backend::kSqlite; }

  base::Result<std::vector<Row>> Query(std::string_view sql,
                                       std::span<const Value> params) override {
    KIKAN_ASSIGN_OR_RETURN(sqlite3_stmt * st, Prepare(sql));
    struct Resetter {
      sqlite3_stmt* st;
      ~Resetter() {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
      }
    } resetter{st};

    int wanted = sqlite3_bind_parameter_count(st);
    if (static_cast<size_t>(wanted) != params.size()) {
      return base::Internal(
          {.ja = fmt::format("SQL のプレースホルダ数 {} と値の数 {} が一致しません: {}", wanted,
                             params.size(), SqlExcerpt(sql)),
           .en = fmt::format(
               "sqlite: the statement has {} placeholder(s) but {} value(s) were given: {}", wanted,
               params.size(), SqlExcerpt(sql))});
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(st, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          return base::InvalidArgument(
              {.ja = fmt::format("文字列パラメータ {} に NUL 文字が含まれています", index),
               .en = fmt::format("text parameter {} contains a NUL byte", index)});
        }
        // SQLITE_STATIC: `params` outlives the statement's use (reset before returning).
        rc = sqlite3_bind_text64(st, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(st, index);
      }
      if (rc != SQLITE_OK) return SqliteError(rc, sqlite3_errmsg(db_.get()), sql);
    }

    std::vector<Row> rows;
    int columns = sqlite3_column_count(st);
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        base::Status s = SqliteError(rc, sqlite3_errmsg(db_.get()), sql);
        SyncGate();
        return s;
      }
      Row& row = rows.emplace_back();
      row.cells.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL:
            row.cells.emplace_back();
            break;
          case SQLITE_INTEGER:
            row.cells.emplace_back(static_cast<int64_t>(sqlite3_column_int64(st, c)));
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(st, c));
            const auto n = static_cast<size_t>(sqlite3_column_bytes(st, c));  // >= 0
            row.cells.emplace_back(std::string(p == nullptr ? "" : p, n));
            break;
          }
          default: {  // TEXT, and REAL printed as text (Value has no floating point)
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
            const auto n = static_cast<size_t>(sqlite3_column_bytes(st, c));  // >= 0
            row.cells.emplace_back(std::string(p == nullptr ? "" : p, n));
            break;
          }
        }
      }
    }
    return rows;
  }

  base::Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
    std::unique_ptr<char, decltype(&sqlite3_free)> err_owner(err, &sqlite3_free);
    base::Status s;
    if (rc != SQLITE_OK) {
      s = SqliteError(rc, err != nullptr ? err : sqlite3_errstr(rc), sql);
    }
    SyncGate();
    return s;
  }

  base::Status Begin() override {
    if (InTransaction()) {
      return base::Internal({.ja = "Begin: この接続ではトランザクションが既に開始されています",
                             .en = "Begin: a transaction is already open on this connection"});
    }
    if (!gate_->Enter()) {
      return base::Unavailable(
          {.ja = "データベースが使用中です (他の書き込みトランザクションを 10 秒待ちました)。"
                 "再試行してください",
           .en = "sqlite: timed out after 10 s waiting for another write transaction of this "
                 "process; "
                 "retry"});
    }
    gate_held_ = true;
    base::Status s = Run("BEGIN IMMEDIATE");
    if (!s.ok()) SyncGate();
    return s;
  }

  base::Status Commit() override {
    if (!InTransaction()) {
      return base::Internal({.ja = "Commit: この接続ではトランザクションが開始されていません",
                             .en = "Commit: no transaction is open on this connection"});
    }
    // On failure (e.g. a deferred constraint) SQLite keeps the transaction open: the caller's
    // Transaction or Lease rolls it back.
    base::Status s = Run("COMMIT");
    SyncGate();
    return s;
  }

  base::Status Rollback() override {
    base::Status s;
    if (InTransaction()) s = Run("ROLLBACK");
    SyncGate();
    return s;
  }

  bool InTransaction() const override { return sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  base::Status Run(const char* sql) {
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(rc, sqlite3_errmsg(db_.get()), sql);
    return base::Status::Ok();
  }

  // Leaves the write gate once the transaction is over, however it ended (SQLite itself rolls
  // back on some errors).
  void SyncGate() {
    if (gate_held_ && !InTransaction()) {
      gate_held_ = false;
      gate_->Leave();
    }
  }

  base::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (StmtPtr* hit = cache_.Find(key)) return hit->get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StmtPtr st(raw);
    if (rc != SQLITE_OK) return SqliteError(rc, sqlite3_errmsg(db_.get()), sql);
    if (st == nullptr) {
      return base::Internal({.ja = fmt::format("SQL 文がありません: {}", SqlExcerpt(sql)),
                             .en = fmt::format("sqlite: no statement in: {}", SqlExcerpt(sql))});
    }
    // Only whitespace and comments may follow the statement.
    size_t rest = static_cast<size_t>(sql.data() + sql.size() - tail);
    if (rest > 0) {
      sqlite3_stmt* next = nullptr;
      sqlite3_prepare_v2(db_.get(), tail, static_cast<int>(rest), &next, nullptr);
      if (next != nullptr) {
        sqlite3_finalize(next);
        return base::Internal(
            {.ja = fmt::format("Query は 1 文だけを実行します (複数なら ExecScript): {}",
                               SqlExcerpt(sql)),
             .en = fmt::format("Query runs one statement (use ExecScript for several): {}",
                               SqlExcerpt(sql))});
      }
    }
    sqlite3_stmt* out = st.get();
    cache_.Insert(std::move(key), std::move(st));  // an evicted statement is finalized
    return out;
  }

  DbPtr db_;  // declared first: destroyed after the cache's statements
  std::shared_ptr<WriteGate> gate_;
  bool gate_held_ = false;
  LruCache<StmtPtr> cache_;
};

base::Status OpenError(std::string_view path, std::string_view why) {
  return base::Unavailable(
      {.ja = fmt::format("SQLite データベース {} を開けません: {}", path, why),
       .en = fmt::format("cannot open the SQLite database {}: {}", path, why)});
}

base::Result<std::unique_ptr<Connection>> OpenOne(const std::string& path, bool memory,
                                                  std::shared_ptr<WriteGate> gate) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return OpenError(path, raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  if (!memory) {
    // journal_mode answers with the mode in effect (it stays "delete" when WAL is impossible).
    sqlite3_stmt* st_raw = nullptr;
    rc = sqlite3_prepare_v2(db.get(), "PRAGMA journal_mode=WAL", -1, &st_raw, nullptr);
    StmtPtr st(st_raw);
    if (rc != SQLITE_OK) return OpenError(path, sqlite3_errmsg(db.get()));
    rc = sqlite3_step(st.get());
    if (rc != SQLITE_ROW) return OpenError(path, sqlite3_errmsg(db.get()));
    const auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
    if (mode == nullptr || std::strcmp(mode, "wal") != 0) {
      return OpenError(path, fmt::format("cannot use WAL (journal mode is {})",
                                         mode == nullptr ? "unknown" : mode));
    }
  }
  char* err = nullptr;
  rc = sqlite3_exec(db.get(), "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", nullptr, nullptr,
                    &err);
  std::unique_ptr<char, decltype(&sqlite3_free)> err_owner(err, &sqlite3_free);
  if (rc != SQLITE_OK) return OpenError(path, err != nullptr ? err : sqlite3_errstr(rc));
  return std::unique_ptr<Connection>(
      std::make_unique<SqliteConnection>(std::move(db), std::move(gate)));
}

}  // namespace

base::Result<std::unique_ptr<Pool>> OpenSqlite(std::string_view url, std::string_view path,
                                               int size) {
  bool memory = path == ":memory:";
  if (memory) size = 1;  // every connection to ":memory:" would be a different database
  auto gate = std::make_shared<WriteGate>();
  std::vector<std::unique_ptr<Connection>> connections;
  std::string file(path);
  for (int i = 0; i < size; ++i) {
    KIKAN_ASSIGN_OR_RETURN(auto c, OpenOne(file, memory, gate));
    connections.push_back(std::move(c));
  }
  return std::unique_ptr<Pool>(
      std::make_unique<FixedPool>(Backend::kSqlite, std::string(url), std::move(connections)));
}

}  // namespace kikan::store::internal
