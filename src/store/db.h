// The storage port: a small SQL interface that the services above use, with two backends —
// SQLite (store/sqlite.cc; a single file in WAL mode, the embedded default) and PostgreSQL
// (store/postgres.cc; libpq, for production). Code above this module writes one SQL text for
// both: `?` placeholders (rewritten to `$1…` for PostgreSQL), `INSERT … RETURNING`, `ON CONFLICT`,
// and the types INTEGER (64-bit) and TEXT only. Where the dialects differ (DDL), a Migration
// carries one text per backend.
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
  // The cell as an integer (text cells holding a decimal integer are converted: PostgreSQL's
  // text protocol returns every cell as text). KIKAN_CHECKs that it is one.
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

  // Transactions. Begin() takes the write lock at once on SQLite (BEGIN IMMEDIATE), so two
  // writers never deadlock; on PostgreSQL it is BEGIN ISOLATION LEVEL SERIALIZABLE.
  virtual base::Status Begin() = 0;
  virtual base::Status Commit() = 0;
  virtual base::Status Rollback() = 0;
  virtual bool InTransaction() const = 0;
};

// RAII transaction: begins on Start, rolls back on destruction unless Commit() succeeded.
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
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) noexcept = default;
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

// Opens a pool of `size` connections:
//   "sqlite:PATH"            a file (created if missing), WAL, synchronous=FULL, foreign keys on,
//                            busy timeout; "sqlite::memory:" for tests (one shared connection)
//   "postgresql://…"/"postgres://…"  a libpq connection URI
// Errors: kInvalidArgument (unknown scheme), kUnavailable (cannot open or connect).
base::Result<std::unique_ptr<Pool>> Open(std::string_view url, int size = 4);

// One schema migration. Applied in order of `version`, each in its own transaction, recorded in
// the table schema_migrations(version, name, applied_at). Applied migrations are never edited:
// a change is a new migration.
struct Migration {
  int version;
  std::string name;
  std::string sqlite;    // DDL for SQLite (STRICT tables)
  std::string postgres;  // DDL for PostgreSQL
};

// Applies the migrations not yet applied. Errors: kFailedPrecondition when the database has a
// migration version this program does not know (a newer Kikan wrote it), and SQL errors.
base::Status Migrate(Connection& c, std::span<const Migration> migrations);

}  // namespace kikan::store
