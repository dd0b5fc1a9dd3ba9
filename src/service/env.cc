#include "service/env.h"

#include <fmt/format.h>

#include "audit/event.h"
#include "registry/engine.h"

namespace kikan::service {

std::shared_ptr<DatasetCache::Entry> DatasetCache::EntryFor(const std::string& dir) {
  std::lock_guard lock(mu_);
  auto& e = entries_[dir];
  if (!e) e = std::make_shared<Entry>();
  return e;
}

base::Result<std::shared_ptr<const rules::Population>> DatasetCache::Latest(
    const std::string& dir, const rules::Schema& schema) {
  KIKAN_ASSIGN_OR_RETURN(auto dataset, Get(dir, schema));
  std::shared_ptr<Entry> entry = EntryFor(dir);
  std::lock_guard lock(entry->mu);
  if (!entry->latest) {
    KIKAN_ASSIGN_OR_RETURN(rules::Population p, dataset->Snapshot(std::nullopt));
    for (const auto& [kind, table] : p.tables()) p.FindMutable(kind)->BuildIndex();
    entry->latest = std::make_shared<const rules::Population>(std::move(p));
  }
  return entry->latest;
}

base::Result<std::shared_ptr<const registry::Dataset>> DatasetCache::Get(
    const std::string& dir, const rules::Schema& schema) {
  std::shared_ptr<Entry> entry = EntryFor(dir);
  std::lock_guard lock(entry->mu);
  if (!entry->dataset) {
    KIKAN_ASSIGN_OR_RETURN(registry::Dataset d, registry::Dataset::Load(dir, schema));
    entry->dataset = std::make_shared<const registry::Dataset>(std::move(d));
  }
  return entry->dataset;
}

std::string Env::PackVersionOf(const base::BusinessId& business) const {
  const regime::Pack* pack = nullptr;
  if (regime->FindBusiness(business, &pack) == nullptr || pack == nullptr) return "";
  auto it = pack_versions.find(pack->id);
  return it == pack_versions.end() ? "" : it->second;
}

base::Result<const regime::Pack*> Env::PackOf(const base::BusinessId& business) const {
  const regime::Pack* pack = nullptr;
  if (regime->FindBusiness(business, &pack) == nullptr || pack == nullptr) {
    return base::NotFound(
        {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません", business),
         .en = fmt::format("unknown business \"{}\"", business)});
  }
  return pack;
}

base::Result<std::shared_ptr<const registry::Dataset>> Env::DatasetOf(
    const base::BusinessId& business) const {
  KIKAN_ASSIGN_OR_RETURN(const regime::Pack* pack, PackOf(business));
  KIKAN_ASSIGN_OR_RETURN(auto dir, registry::FindDatasetDir(datasets_root, business));
  return datasets->Get(dir, pack->schema);
}

std::map<std::string, std::string> PackVersions(const regime::Regime& regime) {
  std::map<std::string, std::string> out;
  for (const auto& pack : regime.packs()) {
    // A pack without a forms file keeps the version it had before forms files existed.
    const std::string bytes =
        pack.forms_path.empty() ? pack.source : pack.source + '\0' + pack.forms_source;
    out[pack.id] = pack.id + "@" + audit::HashState(bytes).substr(0, 16);
  }
  return out;
}

}  // namespace kikan::service
