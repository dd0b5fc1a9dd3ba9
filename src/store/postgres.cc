// The PostgreSQL backend over libpq: `?` rewritten to $n, parameters sent as text with their
// types inferred by the server, prepared statements cached per connection, results read as text
// (integer columns converted to int64). Transactions: READ COMMITTED behind a transaction-scoped
// advisory lock, so writers take turns as on SQLite (see db.h and docs/storage.md).
#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <string>
#include <utility>

#include "store/internal.h"

namespace kikan::store::internal {
namespace {

constexpr size_t kStatementCacheSize = 128;
// The first key of the writers' advisory lock ("kika"); the second is a hash of the schema, so
// that two Kikan databases in two schemas of one database do not wait for each other.
constexpr int kWriteLockClass = 0x6b696b61;
// Type OIDs of the integer columns whose text cells are converted to int64.
constexpr Oid kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's messages end with a newline and may continue on tab-indented lines.
std::string OneLine(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\n' || ch == '\t' || ch == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool ResultOk(const PGresult* r) {
  if (r == nullptr) return false;
  switch (PQresultStatus(r)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return true;
    default:
      return false;
  }
}

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(std::string url, std::string display)
      : url_(std::move(url)), display_(std::move(display)), cache_(kStatementCacheSize) {}

  // Connects (or reconnects): client_encoding UTF8, TimeZone UTC. Forgets prepared statements.
  base::Status Connect() {
    cache_.Clear();
    tx_open_ = false;
    // Our defaults first: the URL's own parameters (expanded from "dbname") override them.
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"10", url_.c_str(), nullptr};
    conn_.reset(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
    if (conn_ == nullptr || PQstatus(conn_.get()) != CONNECTION_OK) {
      std::string why = conn_ == nullptr ? "out of memory" : OneLine(PQerrorMessage(conn_.get()));
      conn_.reset();
      return base::Unavailable(
          {.ja = fmt::format("PostgreSQL ({}) に接続できません: {}", display_, why),
           .en = fmt::format("cannot connect to PostgreSQL at {}: {}", display_, why)});
    }
    // Notices ("relation … already exists, skipping", cascades) are not errors: keep them off
    // stderr, which libpq's default processor writes them to.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
    if (PQsetClientEncoding(conn_.get(), "UTF8") != 0) {
      return Lost("cannot set client_encoding UTF8");
    }
    ResultPtr r(PQexec(conn_.get(), "SET TimeZone TO 'UTC'"));
    if (!ResultOk(r.get())) return Error(r.get(), "SET TimeZone TO 'UTC'");
    return base::Status::Ok();
  }

  Backend backend() const override { return Backend::kPostgres; }

  base::Result<std::vector<Row>> Query(std::string_view sql,
                                       std::span<const Value> params) override {
    KIKAN_TRY(EnsureConnected());
    KIKAN_ASSIGN_OR_RETURN(Prepared p, Prepare(sql));
    if (static_cast<size_t>(p.placeholders) != params.size()) {
      return base::Internal(
          {.ja = fmt::format("SQL のプレースホルダ数 {} と値の数 {} が一致しません: {}",
                             p.placeholders, params.size(), SqlExcerpt(sql)),
           .en = fmt::format(
               "postgres: the statement has {} placeholder(s) but {} value(s) were given: "
               "{}",
               p.placeholders, params.size(), SqlExcerpt(sql))});
    }
    std::vector<std::string> ints;
    ints.reserve(params.size());  // no reallocation: values[] points into these strings
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        ints.push_back(std::to_string(*n));
        values[i] = ints.back().c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          return base::InvalidArgument(
              {.ja = fmt::format("文字列パラメータ {} に NUL 文字が含まれています", i + 1),
               .en = fmt::format("text parameter {} contains a NUL byte", i + 1)});
        }
        values[i] = s->c_str();
      }
    }
    ResultPtr r(PQexecPrepared(conn_.get(), p.name.c_str(), static_cast<int>(params.size()),
                               values.data(), nullptr, nullptr, /*resultFormat=text*/ 0));
    if (r == nullptr) return Error(nullptr, sql);
    switch (PQresultStatus(r.get())) {
      case PGRES_COMMAND_OK:
      case PGRES_EMPTY_QUERY:
        return std::vector<Row>();
      case PGRES_TUPLES_OK:
        return ReadRows(r.get(), sql);
      default:
        return Error(r.get(), sql);
    }
  }

  base::Status ExecScript(std::string_view sql) override {
    KIKAN_TRY(EnsureConnected());
    std::string text(sql);
    ResultPtr r(PQexec(conn_.get(), text.c_str()));
    if (!ResultOk(r.get())) return Error(r.get(), sql);
    return base::Status::Ok();
  }

  base::Status Begin() override {
    if (InTransaction()) {
      return base::Internal({.ja = "Begin: この接続ではトランザクションが既に開始されています",
                             .en = "Begin: a transaction is already open on this connection"});
    }
    KIKAN_TRY(EnsureConnected());
    // The lock is taken by the first statement, so every later statement's snapshot (READ
    // COMMITTED: one per statement) includes the previous writer's commit.
    std::string sql = fmt::format(
        "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '10s'; "
        "SELECT pg_advisory_xact_lock({}, hashtext(coalesce(current_schema(), '')))",
        kWriteLockClass);
    ResultPtr r(PQexec(conn_.get(), sql.c_str()));
    if (!ResultOk(r.get())) {
      base::Status s = Error(r.get(), "BEGIN");
      if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
        ResultPtr(PQexec(conn_.get(), "ROLLBACK"));
      }
      return s;
    }
    tx_open_ = true;
    return base::Status::Ok();
  }

  base::Status Commit() override {
    bool began = tx_open_;
    tx_open_ = false;
    PGTransactionStatusType ts = Status();
    if (ts == PQTRANS_UNKNOWN && began) {
      return ConnectionLostInTransaction();
    }
    if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR) {
      return base::Internal({.ja = "Commit: この接続ではトランザクションが開始されていません",
                             .en = "Commit: no transaction is open on this connection"});
    }
    if (ts == PQTRANS_INERROR) {
      ResultPtr(PQexec(conn_.get(), "ROLLBACK"));
      return base::FailedPrecondition(
          {.ja = "先行するエラーによりトランザクションは中断され、取り消されました",
           .en = "postgres: the transaction was aborted by an earlier error and has been rolled "
                 "back"});
    }
    ResultPtr r(PQexec(conn_.get(), "COMMIT"));
    if (!ResultOk(r.get())) return Error(r.get(), "COMMIT");
    return base::Status::Ok();
  }

  base::Status Rollback() override {
    tx_open_ = false;
    PGTransactionStatusType ts = Status();
    if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR) return base::Status::Ok();
    ResultPtr r(PQexec(conn_.get(), "ROLLBACK"));
    if (!ResultOk(r.get())) return Error(r.get(), "ROLLBACK");
    return base::Status::Ok();
  }

  bool InTransaction() const override {
    PGTransactionStatusType ts = Status();
    return tx_open_ || ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR;
  }

 private:
  struct Prepared {
    std::string name;
    int placeholders = 0;
  };

  base::Status ConnectionLostInTransaction() const {
    return base::Unavailable(
        {.ja = fmt::format(
             "PostgreSQL ({}) への接続が切れたため、トランザクションは取り消されました。"
             "再試行してください",
             display_),
         .en = fmt::format("the connection to PostgreSQL at {} was lost: the transaction was "
                           "rolled back; retry",
                           display_)});
  }

  PGTransactionStatusType Status() const {
    if (conn_ == nullptr || PQstatus(conn_.get()) != CONNECTION_OK) return PQTRANS_UNKNOWN;
    return PQtransactionStatus(conn_.get());
  }

  // Reconnects a connection that broke outside a transaction. One that broke inside a
  // transaction reports it (once) rather than silently continuing without it.
  base::Status EnsureConnected() {
    if (conn_ != nullptr && PQstatus(conn_.get()) == CONNECTION_OK) return base::Status::Ok();
    if (tx_open_) {
      tx_open_ = false;
      return ConnectionLostInTransaction();
    }
    return Connect();
  }

  base::Result<Prepared> Prepare(std::string_view sql) {
    std::string key(sql);
    if (Prepared* hit = cache_.Find(key)) return *hit;
    RewrittenSql rewritten = RewritePlaceholders(sql);
    Prepared p{fmt::format("kikan_{}", ++next_statement_), rewritten.placeholders};
    ResultPtr r(PQprepare(conn_.get(), p.name.c_str(), rewritten.text.c_str(), 0, nullptr));
    if (!ResultOk(r.get())) return Error(r.get(), sql);
    if (std::optional<Prepared> evicted = cache_.Insert(std::move(key), p)) {
      // Fails harmlessly inside an aborted transaction (the statement then stays allocated).
      std::string dealloc = fmt::format("DEALLOCATE {}", evicted->name);
      ResultPtr(PQexec(conn_.get(), dealloc.c_str()));
    }
    return p;
  }

  base::Result<std::vector<Row>> ReadRows(const PGresult* r, std::string_view sql) {
    // libpq counts and indexes rows and columns with non-negative ints.
    const int rows = PQntuples(r);
    const int columns = PQnfields(r);
    std::vector<bool> integer(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      Oid t = PQftype(r, c);
      integer[static_cast<size_t>(c)] = t == kInt8Oid || t == kInt4Oid || t == kInt2Oid;
    }
    std::vector<Row> out(static_cast<size_t>(rows));
    for (int i = 0; i < rows; ++i) {
      Row& row = out[static_cast<size_t>(i)];
      row.cells.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r, i, c)) {
          row.cells.emplace_back();
          continue;
        }
        const char* p = PQgetvalue(r, i, c);
        const auto n = static_cast<size_t>(PQgetlength(r, i, c));
        if (integer[static_cast<size_t>(c)]) {
          int64_t v = 0;
          auto [end, ec] = std::from_chars(p, p + n, v);
          if (ec != std::errc() || end != p + n) {
            return base::Internal({.en = fmt::format("postgres: integer column {} holds \"{}\": {}",
                                                     c, std::string(p, n), SqlExcerpt(sql))});
          }
          row.cells.emplace_back(v);
        } else {
          row.cells.emplace_back(std::string(p, n));
        }
      }
    }
    return out;
  }

  base::Status Lost(std::string_view what) {
    std::string why = OneLine(PQerrorMessage(conn_.get()));
    return base::Unavailable(
        {.ja = fmt::format("PostgreSQL ({}) を利用できません: {}: {}", display_, what, why),
         .en = fmt::format("postgres at {}: {}: {}", display_, what, why)});
  }

  // Maps a failed result (or a null one: out of memory or a lost connection) to a Status, by
  // SQLSTATE.
  base::Status Error(const PGresult* r, std::string_view sql) {
    const char* state = r == nullptr ? nullptr : PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (state == nullptr && PQstatus(conn_.get()) == CONNECTION_OK) {
      std::string why = OneLine(r != nullptr ? PQresultErrorMessage(r) : "out of memory");
      return base::Internal(
          {.ja = fmt::format("データベースエラー (PostgreSQL: {}): {}", why, SqlExcerpt(sql)),
           .en = fmt::format("postgres: {} in: {}", why, SqlExcerpt(sql))});
    }
    if (state == nullptr || PQstatus(conn_.get()) != CONNECTION_OK) {
      std::string why = OneLine(r != nullptr ? PQresultErrorMessage(r) : "");
      if (why.empty()) why = OneLine(PQerrorMessage(conn_.get()));
      return base::Unavailable(
          {.ja = fmt::format("PostgreSQL ({}) との接続に失敗しました: {}", display_, why),
           .en = fmt::format("postgres at {}: connection failed: {}", display_, why)});
    }
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    std::string msg = OneLine(primary != nullptr ? primary : "");
    if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) {
      msg += fmt::format(" ({})", OneLine(detail));
    }
    std::string_view code(state);
    if (code == "23505") {
      return base::AlreadyExists({.ja = fmt::format("一意制約に違反しました (PostgreSQL: {})", msg),
                                  .en = fmt::format("postgres: {}", msg)});
    }
    if (code.starts_with("23") || code == "P0001") {
      return base::FailedPrecondition(
          {.ja = fmt::format("制約に違反しました (PostgreSQL: {})", msg),
           .en = fmt::format("postgres: {}", msg)});
    }
    if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") {
      return base::Unavailable(
          {.ja = fmt::format("データベースが競合しました。再試行してください (PostgreSQL: {} [{}])",
                             msg, code),
           .en = fmt::format("postgres: {} [{}]; retry the transaction", msg, code)});
    }
    if (code.starts_with("08") || code.starts_with("53") || code.starts_with("57") ||
        code.starts_with("58")) {
      return base::Unavailable(
          {.ja = fmt::format("PostgreSQL ({}) を利用できません: {} [{}]", display_, msg, code),
           .en = fmt::format("postgres at {}: {} [{}]", display_, msg, code)});
    }
    std::string excerpt = SqlExcerpt(sql);
    return base::Internal(
        {.ja = fmt::format("データベースエラー (PostgreSQL: {} [{}]): {}", msg, code, excerpt),
         .en = fmt::format("postgres: {} [{}] in: {}", msg, code, excerpt)});
  }

  const std::string url_;
  const std::string display_;
  ConnPtr conn_;
  LruCache<Prepared> cache_;
  uint64_t next_statement_ = 0;
  bool tx_open_ = false;  // Begin() succeeded and neither Commit() nor Rollback() ran since
};

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  auto ident = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || static_cast<unsigned char>(ch) >= 0x80;
  };
  RewrittenSql out;
  out.text.reserve(sql.size() + 16);
  size_t i = 0;
  const size_t n = sql.size();
  auto copy_to = [&](size_t end) {  // copies sql[i, end) and moves i there
    end = std::min(end, n);
    out.text.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char ch = sql[i];
    char next = i + 1 < n ? sql[i + 1] : '\0';
    if (ch == '\'') {
      // E'…' takes backslash escapes; '' is a quote in both forms.
      bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !ident(sql[i - 2]));
      size_t j = i + 1;
      while (j < n) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j + 1);
    } else if (ch == '"') {
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == '"') {
          if (j + 1 < n && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      copy_to(j + 1);
    } else if (ch == '-' && next == '-') {
      size_t eol = sql.find('\n', i);
      copy_to(eol == std::string_view::npos ? n : eol + 1);
    } else if (ch == '/' && next == '*') {
      size_t j = i + 2;
      int depth = 1;  // PostgreSQL's block comments nest
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (ch == '$' && (i == 0 || !ident(sql[i - 1]))) {
      // $tag$…$tag$ (tag empty or an identifier not starting with a digit); $1 is a parameter.
      size_t j = i + 1;
      if (j < n && !(sql[j] >= '0' && sql[j] <= '9')) {
        while (j < n && ident(sql[j])) ++j;
      }
      if (j < n && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t close = sql.find(tag, j + 1);
        copy_to(close == std::string_view::npos ? n : close + tag.size());
      } else {
        copy_to(i + 1);
      }
    } else if (ch == '?') {
      out.text += fmt::format("${}", ++out.placeholders);
      ++i;
    } else {
      out.text += ch;
      ++i;
    }
  }
  return out;
}

base::Result<std::unique_ptr<Pool>> OpenPostgres(std::string_view url, int size) {
  std::string display = RedactUrl(url);
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < size; ++i) {
    auto c = std::make_unique<PostgresConnection>(std::string(url), display);
    KIKAN_TRY(c->Connect());
    connections.push_back(std::move(c));
  }
  return std::unique_ptr<Pool>(
      std::make_unique<FixedPool>(Backend::kPostgres, display, std::move(connections)));
}

}  // namespace kikan::store::internal
