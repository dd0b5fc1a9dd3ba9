#include "service/verify.h"

#include <algorithm>

#include "audit/event.h"
#include "audit/log.h"
#include "auth/accounts.h"
#include "service/equipment.h"
#include "service/filing_store.h"
#include "service/register.h"
#include "service/supply_match.h"
#include "service/supply_risk.h"
#include "service/supply_store.h"

namespace kikan::service {

std::vector<store::Migration> AllMigrations() {
  std::vector<store::Migration> all;
  for (auto part :
       {audit::Migrations(), auth::Migrations(), RegisterMigrations(), FilingMigrations(),
        EquipmentMigrations(), SupplyMigrations(), SupplyRiskMigrations()}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  std::sort(all.begin(), all.end(), [](const store::Migration& a, const store::Migration& b) {
    return a.version < b.version;
  });
  return all;
}

namespace {

// An object that is gone is nullopt; any other error aborts.
template <class T>
base::Result<std::optional<std::string>> HashOf(base::Result<T> object) {
  if (!object) {
    if (object.status().code() == base::StatusCode::kNotFound) return std::optional<std::string>();
    return object.status();
  }
  return std::optional<std::string>(audit::HashState(CanonicalState(*object)));
}

}  // namespace

base::Result<audit::VerifyReport> VerifyDatabase(store::Connection& c,
                                                 std::span<const std::string> trusted_keys) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  auth::Accounts accounts;
  audit::StateLookup lookup = [&](std::string_view type,
                                  std::string_view id) -> base::Result<std::optional<std::string>> {
    if (type == "operator") return HashOf(GetOperator(c, id));
    if (type == "designation") {
      int64_t n = 0;
      for (char ch : id) {
        if (ch < '0' || ch > '9' || n > (INT64_MAX - 9) / 10) return std::optional<std::string>();
        n = n * 10 + (ch - '0');
      }
      return HashOf(GetDesignation(c, n));
    }
    if (type == "filing") return HashOf(GetFiling(c, id));
    if (type == "equipment") return HashOf(GetEquipment(c, id));
    if (type == "supply_system") return HashOf(GetSupplySystem(c, id));
    if (type == "supply_party") return HashOf(GetSupplyParty(c, id));
    if (type == "supply_vuln_feed" || type == "supply_vex" || type == "supply_watch_list") {
      KIKAN_ASSIGN_OR_RETURN(auto state, SupplyRiskCanonicalState(c, type, id));
      if (!state) return std::optional<std::string>();
      return std::optional<std::string>(audit::HashState(*state));
    }
    if (type == "supply_party_match") {
      KIKAN_ASSIGN_OR_RETURN(auto state, SupplyMatchCanonicalState(c, id));
      if (!state) return std::optional<std::string>();
      return std::optional<std::string>(audit::HashState(*state));
    }
    if (type == "user") {
      auto user = accounts.GetUser(c, id);
      if (!user) {
        if (user.status().code() == base::StatusCode::kNotFound)
          return std::optional<std::string>();
        return user.status();
      }
      return std::optional<std::string>(audit::HashState(auth::CanonicalState(*user)));
    }
    return base::NotFound({.en = "untracked object type"});
  };
  audit::ObjectLister list =
      [&]() -> base::Result<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto [type, sql] :
         {std::pair{"operator", "SELECT id FROM operator"},
          std::pair{"designation", "SELECT id FROM designation"},
          std::pair{"filing", "SELECT id FROM filing"},
          std::pair{"equipment", "SELECT id FROM equipment"},
          std::pair{"supply_system", "SELECT id FROM supply_system"},
          std::pair{"supply_party", "SELECT id FROM supply_party"},
          std::pair{"supply_vuln_feed", "SELECT id FROM supply_vuln_feed"},
          std::pair{"supply_vex",
                    "SELECT DISTINCT system_id || '/' || component_ref || '/' "
                    "|| vuln_id FROM supply_vex"},
          std::pair{"supply_watch_list", "SELECT source FROM supply_watch_list"},
          std::pair{"supply_party_match", "SELECT DISTINCT match_id FROM supply_party_match"},
          std::pair{"user", "SELECT id FROM users"}}) {
      KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql));
      for (const auto& r : rows) out.emplace_back(type, r.Text(0));
    }
    return out;
  };
  KIKAN_ASSIGN_OR_RETURN(auto report, audit::Verify(c, lookup, list, trusted_keys));
  // Read-only: nothing to commit, the transaction only gave one snapshot.
  return report;
}

}  // namespace kikan::service
