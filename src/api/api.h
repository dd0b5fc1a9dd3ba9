// Kikan's HTTP API: the routes of /api/v1 (and /api/openapi.json), each a thin adapter that
// decodes the request, authenticates and authorizes the caller (auth::Authorize, deny by
// default), calls one use case of service/ (which opens and commits its own transaction) and
// encodes the answer. The document of every
// route is openapi.json beside this file, served at GET /api/openapi.json.
//
// An ApiContext is built once at start-up and read by every request thread; it must outlive the
// router. Everything it points to is thread-safe (the pool lends one connection per request).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "audit/signer.h"
#include "auth/accounts.h"
#include "base/clock.h"
#include "http/router.h"
#include "regime/regime.h"
#include "service/env.h"
#include "store/db.h"

namespace kikan::api {

// Answers of public reads kept while the audit log's head stays at the same event (every change
// appends one). Thread-safe.
class ResponseCache {
 public:
  std::optional<http::Response> Get(const std::string& key, int64_t stamp) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != stamp) return std::nullopt;
    return it->second.second;
  }
  void Put(const std::string& key, int64_t stamp, http::Response r) {
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = {stamp, std::move(r)};
  }

 private:
  static constexpr size_t kMaxEntries = 256;
  mutable std::mutex mu_;
  std::map<std::string, std::pair<int64_t, http::Response>> entries_;
};

// The service environment (regime, clock, pack versions, datasets) that handlers pass to the
// use cases of service/, plus what only the HTTP side needs.
struct ApiContext : service::Env {
  store::Pool* pool = nullptr;
  const auth::Accounts* accounts = nullptr;
  // The web UI's built files (index.html, assets/); empty: no UI is served.
  std::filesystem::path web_root;
  std::shared_ptr<ResponseCache> cache = std::make_shared<ResponseCache>();
  // Whether the session cookie is marked Secure (the server sits behind TLS).
  bool secure_cookies = false;
};

// Every route. The router is self-contained (copies no state from `ctx` but its address).
http::Router BuildRouter(const ApiContext& ctx);

}  // namespace kikan::api
