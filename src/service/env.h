// What every use case of service/ needs besides its connection and its caller: the compiled
// regime, the clock, the version of each regime pack that decisions record, and the datasets the
// designation engine runs on. Built once at start-up by the adapter (the server's ApiContext is
// one; the CLI builds its own) and read by every request thread.
//
// Thread-safe: the Env is immutable after start-up except its DatasetCache, which is internally
// synchronized.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/date.h"
#include "base/status.h"
#include "regime/regime.h"
#include "registry/dataset.h"
#include "rules/population.h"

namespace kikan::service {

// The datasets of data/datasets, each loaded once on first use and then shared by every request
// (the criteria lab evaluates over them; trucking has ~115k rows). Thread-safe: a dataset being
// loaded makes the other requests for it wait; a failed load is not kept (the next request
// tries again).
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

struct Env {
  const regime::Regime* regime = nullptr;
  const base::Clock* clock = nullptr;
  // The pack version each reviewer decision records: "<pack id>@<first 16 hex of the BLAKE2b
  // of the bytes the loader parsed>", by pack id (PackVersions computes it).
  std::map<std::string, std::string> pack_versions;
  // data/datasets: the populations the designation engine proposes designations from.
  std::string datasets_root;
  // The datasets under datasets_root, loaded lazily and shared.
  std::shared_ptr<DatasetCache> datasets = std::make_shared<DatasetCache>();

  // Today in Japan, by the clock.
  base::Date Today() const { return base::JapanDate(clock->Now()); }
  // The version of the pack that defines `business` ("" when unknown).
  std::string PackVersionOf(const base::BusinessId& business) const;
  // The pack that defines `business`. Errors: kNotFound naming the business.
  base::Result<const regime::Pack*> PackOf(const base::BusinessId& business) const;
  // The dataset whose dataset.toml lists `business`, loaded once. Errors: kNotFound (no pack or
  // no dataset for the business), those of Dataset::Load.
  base::Result<std::shared_ptr<const registry::Dataset>> DatasetOf(
      const base::BusinessId& business) const;
};

// The pack versions of `regime`, from the bytes each pack was parsed from (Pack::source, and the
// ordinance forms file it names, Pack::forms_source): a file edited after loading does not change
// the version a decision records; a forms file edited and reloaded changes the version of every
// pack that names it.
std::map<std::string, std::string> PackVersions(const regime::Regime& regime);

}  // namespace kikan::service
