// Seeding: the register from the bundled regime packs and datasets, and the demo accounts of
// `kikan serve --demo`.
//
// SeedRegister replays each designation event of the packs' timelines (kind "designation", with a
// business): it evaluates the criteria in force at that date over the business's dataset with
// the designation engine and records every operator it designates, as the ministry confirmed
// them (the actor is "system"). For the bundled data this reproduces the 32 port operators of
// 2025-05-01 and the three trucking operators of the first designations. Each operator's head
// office (`prefecture`) comes from its dataset row (a later dataset fills one an earlier lacked),
// and each designation's `sites` from the business's [business.sites] declaration
// (registry::SitesOf; ports: the harbours where it handles containers at a port over the TEU
// line). Sites are stored with the designation, so its audit state hash covers them.
//
// The demo marks the database (kikan_meta demo=1). A database that holds data and is not marked
// is refused, so --demo never mixes sample accounts into real data.
#pragma once

#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "regime/regime.h"
#include "store/db.h"

namespace kikan::service {

struct SeedReport {
  int operators = 0;
  int designations = 0;
  int users = 0;
  int supply_systems = 0;
  bool already_seeded = false;  // a demo database seeded earlier: nothing was added
};

// Records the designations of the packs' timelines. `datasets_root` is data/datasets.
// In the caller's transaction. Errors: those of the engine and the dataset loader, SQL errors.
// Whether the database is marked as the demo's. Errors: the store's.
base::Result<bool> IsDemo(store::Connection& c);

base::Result<SeedReport> SeedRegister(store::Connection& c, const regime::Regime& regime,
                                      const std::string& datasets_root, base::Instant now);

// The demo's supply chain (service/supply_demo.cc): NUTS (system "nuts") serving the five Nagoya
// container terminals, used by the register's Nagoya operators (illustrative links), and a
// second sample system, their inventories read from `supply_root` (data/supply). Returns the
// number of systems stored (0 when the register holds none of the Nagoya operators). In the
// caller's transaction. Errors: a sample file missing or refused, the store's.
base::Result<int> SeedSupplyDemo(store::Connection& c, const std::string& supply_root,
                                 base::Instant now);

// The demo's vulnerability feeds and watch list (service/supply_demo.cc; docs/supply-chain.md
// §11): the OSV sample data/supply/sample-osv (marks express 4.18.2 in NUTS vulnerable), the CSAF
// sample data/supply/sample-csaf-plc.json (the sample PLC GX-100 before 2.2), and the fictional
// watch list data/supply/sample-watchlist.csv with a fictional party of NUTS's maintenance chain
// it names; all say they are sample data. Called by SeedSupplyDemo. In the caller's transaction.
// Errors: a sample file missing or refused, the store's.
base::Status SeedSupplyRiskDemo(store::Connection& c, const std::string& supply_root,
                                base::Instant now);

// The demo: refuses a database with non-demo data (kFailedPrecondition), else seeds the register,
// the demo accounts (password "kikan-demo") and the supply chain demo (SeedSupplyDemo; data/supply
// beside `datasets_root`) once. `fast_password_hashing` uses libsodium's
// minimum Argon2id limits (tests only).
base::Result<SeedReport> SeedDemo(store::Connection& c, const regime::Regime& regime,
                                  const std::string& datasets_root, base::Instant now,
                                  bool fast_password_hashing = false);

}  // namespace kikan::service
