// The storage port: a small SQL interface that the services above use, with two backends —
// SQLite (store/sqlite.cc; a single file in WAL mode, the embedded default) and PostgreSQL
// (store/postgres.cc; libpq, for production). Code above this module writes one SQL text for
// both: `?` placeholders (rewritten to `$1…` for PostgreSQL), `INSERT … RETURNING`, `ON CONFLICT`,
// and the types INTEGER (64-bit) and TEXT only. Where the dialects differ (DDL), a Migration
// carries one text per backend. docs/storage.md lists the SQL subset and the transaction model.
//
// Ownership and threads: a Pool owns its connections; Acquire() lends one to a single thread at a
// time (blocking until one is free). A Connection is not thread-safe; a Pool is. A lease returns
// its connection on destruction, rolling back a transaction left open.
//
// Errors are base::Status: kUnavailable (cannot open or reach the database), kAlreadyExists (a
// unique or primary-key constraint), kFailedPrecondition (another constraint: foreign key,
// check, not null), kInvalidArgument (a bad URL), kInternal (any other SQL error: a bug of ours),
// each with the backend's message.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace kikan::store {

// A bound parameter or a result cell: NULL, a 64-bit integer or text (UTF-8; hashes as hex).
using Value = std::variant<std::monostate, int64_t, std::string>;

struct Row {
  std::vector<Value> cells;

  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells.at(i)); }
  // The cell as an integer (text cells holding a decimal integer are converted: PostgreSQL
  // returns integer columns as int64 but other numbers, e.g. SUM()'s numeric, as text).
  // KIKAN_CHECKs that it is one.
  int64_t Int(size_t i) const;
  // The cell as text (integers are printed in decimal); "" for NULL.
  std::string Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
};

enum class Backend { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;

  // Runs one statement with `?` placeholders bound in order to `params`; returns its rows (none
  // for statements that return nothing).
  virtual base::Result<std::vector<Row>> Query(std::string_view sql,
                                               std::span<const Value> params = {}) = 0;
  base::Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Value> params) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Query, discarding the rows.
  base::Status Exec(std::string_view sql, std::span<const Value> params = {});
  base::Status Exec(std::string_view sql, std::initializer_list<Value> params) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Runs a script of several statements without parameters (DDL).
  virtual base::Status ExecScript(std::string_view sql) = 0;

  // Transactions. Both backends give one model: a transaction is a writer, and writers run one at
  // a time, so a transaction never sees another commit between its statements, never deadlocks
  // with another and never fails with a serialization error (no retry loops above).
  //   SQLite: Begin() is BEGIN IMMEDIATE (the database's write lock at once), after an
  //   in-process gate so that the pool's own writers queue instead of polling the busy handler.
  //   PostgreSQL: BEGIN ISOLATION LEVEL READ COMMITTED, then a transaction-scoped advisory lock
  //   (one per schema) taken before any data is read, with lock_timeout 10 s.
  // A writer waits at most about 10 s for the lock, then gets kUnavailable.
  // Begin() on a connection already in a transaction, and Commit() with none open, are kInternal
  // (bugs). Rollback() with none open does nothing. On PostgreSQL an error inside a transaction
  // aborts it (SQLite undoes only the failed statement): portable code treats an error inside a
  // transaction as ending it; Commit() of such a transaction rolls back and returns
  // kFailedPrecondition.
  virtual base::Status Begin() = 0;
  virtual base::Status Commit() = 0;
  virtual base::Status Rollback() = 0;
  virtual bool InTransaction() const = 0;
};

// RAII transaction: begins on Start, rolls back on destruction unless Commit() succeeded.
// Start returns Begin()'s errors; Commit() returns Commit()'s, and kInternal when called again
// after it succeeded.
class Transaction {
 public:
  static base::Result<Transaction> Start(Connection& c);
  Transaction(Transaction&& o) noexcept : c_(o.c_) { o.c_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  base::Status Commit();

 private:
  explicit Transaction(Connection& c) : c_(&c) {}
  Connection* c_;
};

class Pool;

// A connection lent by a Pool; returns it on destruction.
class Lease {
 public:
  Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
  Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)) {}
  // Returns the connection held (if any) to its pool first.
  Lease& operator=(Lease&& o) noexcept;
  ~Lease();
  Connection& operator*() const { return *c_; }
  Connection* operator->() const { return c_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> c_;
};

class Pool {
 public:
  virtual ~Pool() = default;
  virtual Backend backend() const = 0;
  // A free connection; blocks while all `size` connections are lent.
  virtual Lease Acquire() = 0;
  // The URL it was opened with, the password removed (for logs).
  virtual const std::string& display_url() const = 0;

 protected:
  friend class Lease;
  virtual void Release(std::unique_ptr<Connection> c) = 0;
};

// Opens a pool of `size` (>= 1) connections, all opened before it returns:
//   "sqlite:PATH"            a file (created if missing), WAL, synchronous=FULL, foreign keys on,
//                            busy timeout; "sqlite::memory:" for tests (one shared connection:
//                            the size is forced to 1)
//   "postgresql://…"/"postgres://…"  a libpq connection URI (client_encoding UTF8, TimeZone UTC)
// Errors: kInvalidArgument (unknown scheme, empty path, size < 1), kUnavailable (cannot open or
// connect; the message names the path or the URL without its password).
// The pool must outlive its leases (destroying it with a lease out is a KIKAN_CHECK failure).
base::Result<std::unique_ptr<Pool>> Open(std::string_view url, int size = 4);

// One schema migration. Applied in order of `version`, each in its own transaction, recorded in
// the table schema_migrations(version, name, applied_at). Applied migrations are never edited:
// a change is a new migration.
struct Migration {
  int version;
  std::string name;
  std::string sqlite;    // DDL for SQLite (STRICT tables)
  std::string postgres;  // DDL for PostgreSQL

  // A migration whose DDL is written once, in the portable notation of PortableDdl. Where the
  // two databases need different statements (triggers, functions), give both forms instead.
  static Migration Portable(int version, std::string name, std::string_view ddl);
};

// The DDL of `portable` for `backend`. The notation is SQLite's, with STRICT tables, plus one
// word: `AUTO_ID` is a 64-bit integer primary key the database numbers (SQLite: INTEGER PRIMARY
// KEY; PostgreSQL: BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY). For PostgreSQL,
// `) STRICT` ends a table as `)` and the column type INTEGER (64-bit in SQLite) becomes BIGINT;
// other words are left as they are. Words inside '…' literals are not touched.
std::string PortableDdl(std::string_view portable, Backend backend);

// Applies the migrations not yet applied, in ascending order of version (so a module's new
// migration below another module's newest one is still applied). `migrations` is the combined
// list of every module, sorted by version without duplicates (else kInternal). Must not be called
// inside a transaction (kInternal). Errors: kFailedPrecondition when the database has a
// migration version this program does not know (a newer Kikan wrote it), naming it; a failed
// migration's error prefixed with "migration N (name): " (that migration is rolled back, the ones
// before it stay applied).
base::Status Migrate(Connection& c, std::span<const Migration> migrations);

// A short list of ids kept in one TEXT column, joined by ';' (the ids of packs and registers
// never contain one): {"a", "b"} ⇄ "a;b", {} ⇄ "". SplitList(JoinList(x)) == x for such ids.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);

}  // namespace kikan::store
