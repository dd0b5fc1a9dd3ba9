#include "store/db.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <set>
#include <utility>

#include "store/internal.h"

namespace kikan::store {

// ---- Row ---------------------------------------------------------------------------------------

int64_t Row::Int(size_t i) const {
  const Value& v = cells.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  const auto* s = std::get_if<std::string>(&v);
  KIKAN_CHECK(s != nullptr);  // NULL is not an integer: check IsNull first
  int64_t out = 0;
  const char* end = s->data() + s->size();
  auto [ptr, ec] = std::from_chars(s->data(), end, out);
  KIKAN_CHECK(ec == std::errc() && ptr == end && !s->empty());
  return out;
}

std::string Row::Text(size_t i) const {
  const Value& v = cells.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

// ---- Connection, Transaction, Lease ------------------------------------------------------------

base::Status Connection::Exec(std::string_view sql, std::span<const Value> params) {
  auto rows = Query(sql, params);
  if (!rows) return rows.status();
  return base::Status::Ok();
}

base::Result<Transaction> Transaction::Start(Connection& c) {
  KIKAN_TRY(c.Begin());
  return Transaction(c);
}

Transaction::~Transaction() {
  if (c_ != nullptr && c_->InTransaction()) {
    (void)c_->Rollback();  // nothing better to do with a failed rollback in a destructor
  }
}

base::Status Transaction::Commit() {
  if (c_ == nullptr) {
    return base::Internal({.ja = "Transaction::Commit: トランザクションはコミット済みです",
                           .en = "Transaction::Commit: the transaction was already committed"});
  }
  KIKAN_TRY(c_->Commit());
  c_ = nullptr;
  return base::Status::Ok();
}

Lease& Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    Lease old(std::move(*this));  // returns our connection to its pool at the end of scope
    pool_ = o.pool_;
    c_ = std::move(o.c_);
  }
  return *this;
}

Lease::~Lease() {
  if (c_ == nullptr) return;  // moved from
  if (c_->InTransaction()) (void)c_->Rollback();
  pool_->Release(std::move(c_));
}

// ---- FixedPool ---------------------------------------------------------------------------------

namespace internal {

FixedPool::FixedPool(Backend backend, std::string display_url,
                     std::vector<std::unique_ptr<Connection>> connections)
    : backend_(backend), display_url_(std::move(display_url)), free_(std::move(connections)) {
  KIKAN_CHECK(!free_.empty());
}

FixedPool::~FixedPool() {
  std::lock_guard lock(mu_);
  KIKAN_CHECK(lent_ == 0);  // a Lease outlived its Pool
}

Lease FixedPool::Acquire() {
  std::unique_lock lock(mu_);
  free_cv_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Connection> c = std::move(free_.back());
  free_.pop_back();
  ++lent_;
  return Lease(this, std::move(c));
}

void FixedPool::Release(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(c));
    --lent_;
  }
  free_cv_.notify_one();
}

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  size_t auth_begin = scheme_end + 3;
  size_t auth_end = url.find_first_of("/?#", auth_begin);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string_view authority = url.substr(auth_begin, auth_end - auth_begin);
  std::string out(url.substr(0, auth_begin));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    out += userinfo.substr(0, userinfo.find(':'));
    out += authority.substr(at);
  } else {
    out += authority;
  }
  std::string_view rest = url.substr(auth_end);
  size_t q = rest.find('?');
  if (q == std::string_view::npos) {
    out += rest;
    return out;
  }
  out += rest.substr(0, q);
  std::string_view query = rest.substr(q + 1);
  std::string_view fragment;
  if (size_t hash = query.find('#'); hash != std::string_view::npos) {
    fragment = query.substr(hash);
    query = query.substr(0, hash);
  }
  std::string kept;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.substr(0, param.find('=')) == "password") continue;
    if (!kept.empty()) kept += '&';
    kept += param;
  }
  if (!kept.empty()) out += "?" + kept;
  out += fragment;
  return out;
}

std::string SqlExcerpt(std::string_view sql, size_t max_chars) {
  std::string out;
  bool space = false;
  for (char ch : sql) {
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (out.size() >= max_chars) {
      out += "…";
      break;
    }
    out += ch;
  }
  return out;
}

}  // namespace internal

// ---- Open --------------------------------------------------------------------------------------

base::Result<std::unique_ptr<Pool>> Open(std::string_view url, int size) {
  if (size < 1) {
    return base::InvalidArgument(
        {.ja = fmt::format("データベース接続数は 1 以上です ({})", size),
         .en = fmt::format("database pool size must be at least 1, not {}", size)});
  }
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) {
    std::string_view path = url.substr(kSqlite.size());
    if (path.empty()) {
      return base::InvalidArgument(
          {.ja = "データベース URL \"sqlite:\" にファイルの指定がありません (sqlite:PATH または "
                 "sqlite::memory:)",
           .en = "database URL \"sqlite:\" names no file: use sqlite:PATH or sqlite::memory:"});
    }
    return internal::OpenSqlite(url, path, size);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return internal::OpenPostgres(url, size);
  }
  std::string shown = internal::RedactUrl(url);
  return base::InvalidArgument(
      {.ja = fmt::format(
           "データベース URL \"{}\" の形式が不明です (sqlite:PATH、sqlite::memory: または "
           "postgresql://… を指定してください)",
           shown),
       .en = fmt::format("unknown database URL \"{}\": expected sqlite:PATH, sqlite::memory: or "
                         "postgresql://…",
                         shown)});
}

// ---- Migrate -----------------------------------------------------------------------------------

namespace {

std::string UtcNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

constexpr std::string_view kCreateSqlite =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at TEXT NOT NULL) STRICT";
constexpr std::string_view kCreatePostgres =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at TEXT NOT NULL)";

}  // namespace

namespace {

bool IsWordChar(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

}  // namespace

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto semi = text.find(';');
    out.emplace_back(text.substr(0, semi));
    if (semi == std::string_view::npos) break;
    text.remove_prefix(semi + 1);
  }
  return out;
}

std::string PortableDdl(std::string_view portable, Backend backend) {
  const bool pg = backend == Backend::kPostgres;
  std::string out;
  out.reserve(portable.size() + 64);
  size_t i = 0;
  while (i < portable.size()) {
    const char ch = portable[i];
    if (ch == '\'') {  // a literal, copied as it is ('' inside is an escaped quote)
      size_t end = i + 1;
      while (end < portable.size() && portable[end] != '\'') ++end;
      end = std::min(end + 1, portable.size());
      out.append(portable.substr(i, end - i));
      i = end;
      continue;
    }
    if (!IsWordChar(ch)) {
      // ") STRICT" ends a STRICT table; PostgreSQL has no such option.
      if (ch == ')' && pg) {
        size_t j = i + 1;
        while (j < portable.size() && portable[j] == ' ') ++j;
        if (portable.substr(j, 6) == "STRICT" &&
            (j + 6 == portable.size() || !IsWordChar(portable[j + 6]))) {
          out += ')';
          i = j + 6;
          continue;
        }
      }
      out += ch;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < portable.size() && IsWordChar(portable[end])) ++end;
    const std::string_view word = portable.substr(i, end - i);
    if (word == "AUTO_ID") {
      out += pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
    } else if (word == "INTEGER" && pg) {
      out += "BIGINT";
    } else {
      out.append(word);
    }
    i = end;
  }
  return out;
}

Migration Migration::Portable(int version, std::string name, std::string_view ddl) {
  return Migration{version, std::move(name), PortableDdl(ddl, Backend::kSqlite),
                   PortableDdl(ddl, Backend::kPostgres)};
}

base::Status Migrate(Connection& c, std::span<const Migration> migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i - 1].version >= migrations[i].version) {
      return base::Internal(
          {.ja = fmt::format(
               "Migrate: マイグレーションは版番号の昇順で重複なく並べてください: {} ({}) "
               "の後に {} ({})",
               migrations[i - 1].version, migrations[i - 1].name, migrations[i].version,
               migrations[i].name),
           .en = fmt::format(
               "Migrate: migrations must be sorted by version without duplicates: {} ({}) "
               "comes before {} ({})",
               migrations[i - 1].version, migrations[i - 1].name, migrations[i].version,
               migrations[i].name)});
    }
  }
  if (c.InTransaction()) {
    return base::Internal({.ja = "Migrate: トランザクションの中では実行できません",
                           .en = "Migrate: called inside a transaction"});
  }

  // The table, and the check against versions this program does not know, under the write lock
  // (two processes migrating at once take turns).
  std::set<int64_t> applied;
  {
    KIKAN_ASSIGN_OR_RETURN(Transaction tx, Transaction::Start(c));
    KIKAN_TRY(c.ExecScript(c.backend() == Backend::kSqlite ? kCreateSqlite : kCreatePostgres));
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT version FROM schema_migrations"));
    for (const Row& r : rows) applied.insert(r.Int(0));
    KIKAN_TRY(tx.Commit());
  }
  std::set<int64_t> known;
  for (const Migration& m : migrations) known.insert(m.version);
  std::vector<int64_t> unknown;
  for (int64_t v : applied) {
    if (!known.contains(v)) unknown.push_back(v);
  }
  if (!unknown.empty()) {
    std::string list = fmt::format("{}", fmt::join(unknown, ", "));
    int highest = migrations.empty() ? 0 : migrations.back().version;
    return base::FailedPrecondition(
        {.ja =
             fmt::format("データベースにこのプログラムの知らないスキーマ移行 {} が適用されています "
                         "(既知の最大は {}): 新しい版の Kikan が書き込んだデータベースです。Kikan "
                         "を更新してください",
                         list, highest),
         .en =
             fmt::format("the database has schema migration(s) {} that this program does not know "
                         "(it knows up to {}): a newer Kikan wrote it; upgrade Kikan",
                         list, highest)});
  }

  for (const Migration& m : migrations) {
    if (applied.contains(m.version)) continue;
    std::string where = fmt::format("migration {} ({}): ", m.version, m.name);
    auto tx = Transaction::Start(c);
    if (!tx) return tx.status().WithPrefix(where);
    // Another process may have applied it since we looked.
    auto again = c.Query("SELECT 1 FROM schema_migrations WHERE version = ?",
                         {static_cast<int64_t>(m.version)});
    if (!again) return again.status().WithPrefix(where);
    if (!again->empty()) continue;  // rolls back the empty transaction
    const std::string& ddl = c.backend() == Backend::kSqlite ? m.sqlite : m.postgres;
    if (base::Status s = c.ExecScript(ddl); !s.ok()) return s.WithPrefix(where);
    if (base::Status s =
            c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   {static_cast<int64_t>(m.version), m.name, UtcNow()});
        !s.ok()) {
      return s.WithPrefix(where);
    }
    if (base::Status s = tx->Commit(); !s.ok()) return s.WithPrefix(where);
  }
  return base::Status::Ok();
}

}  // namespace kikan::store
