// Kikan's HTTP API: the routes of /api/v1 (and /api/openapi.json), each a thin adapter that
// decodes the request, authenticates and authorizes the caller (auth::Authorize, deny by
// default), calls the service in one transaction and encodes the answer. The document of every
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
#include "registry/dataset.h"
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

// The datasets of data/datasets, each loaded once on first use and then shared by every request
// (the criteria lab evaluates over them; trucking has ~115k rows). Thread-safe: a dataset being
// loaded makes the other requests for it wait; a failed load is not kept (the next request
// tries again). Defined in lab_api.cc.
class DatasetCache {
 public:
  // The dataset in folder `dir`, loaded against `schema` on first use. Errors: those of
  // registry::Dataset::Load.
  base::Result<std::shared_ptr<const registry::Dataset>> Get(const std::string& dir,
                                                             const rules::Schema& schema);
  // Its latest observations (Dataset::Snapshot(nullopt)) with every table's id index built,
  // taken once on first use. Errors: those of Get and Snapshot.
  base::Result<std::shared_ptr<const rules::Population>> Latest(const std::string& dir,
                                                                const rules::Schema& schema);

 private:
  struct Entry {
    std::mutex mu;
    std::shared_ptr<const registry::Dataset> dataset;
    std::shared_ptr<const rules::Population> latest;
  };
  std::shared_ptr<Entry> EntryFor(const std::string& dir);
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

struct ApiContext {
  store::Pool* pool = nullptr;
  const regime::Regime* regime = nullptr;
  const base::Clock* clock = nullptr;
  const auth::Accounts* accounts = nullptr;
  // The pack version each reviewer decision records: "<pack id>@<first 16 hex of the BLAKE2b
  // of the pack file>", by pack id (PackVersions computes it).
  std::map<std::string, std::string> pack_versions;
  // data/datasets: the populations the designation engine proposes designations from.
  std::string datasets_root;
  // The web UI's built files (index.html, assets/); empty: no UI is served.
  std::filesystem::path web_root;
  std::shared_ptr<ResponseCache> cache = std::make_shared<ResponseCache>();
  // The datasets under datasets_root, loaded lazily and shared (the criteria lab, sites).
  std::shared_ptr<DatasetCache> datasets = std::make_shared<DatasetCache>();
  // Whether the session cookie is marked Secure (the server sits behind TLS).
  bool secure_cookies = false;
};

// The pack versions of `regime`, reading each pack's file. Errors: kUnavailable (unreadable).
base::Result<std::map<std::string, std::string>> PackVersions(const regime::Regime& regime);

// Every route. The router is self-contained (copies no state from `ctx` but its address).
http::Router BuildRouter(const ApiContext& ctx);

}  // namespace kikan::api
