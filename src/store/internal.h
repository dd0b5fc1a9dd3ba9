// Internals of the store module, shared by db.cc, sqlite.cc and postgres.cc and tested by
// internal_test.cc; nothing outside src/store/ includes this header.
//
// FixedPool owns a fixed set of connections opened up front and is thread-safe. LruCache is a
// plain value (not thread-safe): each connection owns one for its prepared statements.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace kikan::store::internal {

// The backends' openers, called by Open() once the scheme is known. `size` >= 1.
base::Result<std::unique_ptr<Pool>> OpenSqlite(std::string_view url, std::string_view path,
                                               int size);
base::Result<std::unique_ptr<Pool>> OpenPostgres(std::string_view url, int size);

// A pool over connections opened up front. Acquire() blocks while all are lent.
class FixedPool final : public Pool {
 public:
  FixedPool(Backend backend, std::string display_url,
            std::vector<std::unique_ptr<Connection>> connections);
  ~FixedPool() override;

  Backend backend() const override { return backend_; }
  Lease Acquire() override;
  const std::string& display_url() const override { return display_url_; }

 protected:
  void Release(std::unique_ptr<Connection> c) override;

 private:
  const Backend backend_;
  const std::string display_url_;
  std::mutex mu_;
  std::condition_variable free_cv_;
  std::vector<std::unique_ptr<Connection>> free_;  // guarded by mu_
  int lent_ = 0;                                   // guarded by mu_
};

// `url` with its password removed: the user-info password of a "scheme://user:pw@host" URL and
// any "password=" query parameter. Other strings are returned unchanged.
std::string RedactUrl(std::string_view url);

struct RewrittenSql {
  std::string text;
  int placeholders = 0;
};

// Rewrites each `?` placeholder to $1, $2, … (PostgreSQL's form), leaving alone any `?` inside a
// string literal ('…', E'…'), a quoted identifier ("…"), a dollar-quoted string ($tag$…$tag$) or
// a comment (-- …, /* … */). Unterminated quotes and comments run to the end of the text (the
// server then reports the syntax error).
RewrittenSql RewritePlaceholders(std::string_view sql);

// The first `max_chars` bytes of `sql` on one line, for error messages.
std::string SqlExcerpt(std::string_view sql, size_t max_chars = 160);

// A least-recently-used map from SQL text to V with a fixed capacity.
template <class V>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  // The value for `key` (now the most recently used), or nullptr.
  V* Find(const std::string& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return &it->second->second;
  }

  // Inserts `key` (absent) → `value`; returns the least recently used value when one had to be
  // evicted to make room.
  std::optional<V> Insert(std::string key, V value) {
    std::optional<V> evicted;
    if (order_.size() >= capacity_ && !order_.empty()) {
      evicted = std::move(order_.back().second);
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(std::move(key), std::move(value));
    index_.emplace(order_.front().first, order_.begin());
    return evicted;
  }

  void Clear() {
    index_.clear();
    order_.clear();
  }
  size_t size() const { return order_.size(); }

 private:
  using Entry = std::pair<std::string, V>;
  size_t capacity_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace kikan::store::internal
