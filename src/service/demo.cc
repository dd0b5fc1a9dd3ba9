#include "service/demo.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "audit/event.h"
#include "audit/log.h"
#include "auth/accounts.h"
#include "registry/dataset.h"
#include "registry/engine.h"
#include "service/audit_event.h"
#include "service/register.h"
#include "service/users.h"

namespace kikan::service {
base::Result<SeedReport> SeedRegister(store::Connection& c, const regime::Regime& regime,
                                      const std::string& datasets_root, base::Instant now) {
  SeedReport report;
  const Actor system{"system"};
  // Operators put so far, by id: one designated for two businesses is put once, and again only
  // to fill in a head office the first dataset lacked.
  std::map<base::OperatorId, Operator> operators;
  for (const auto& pack : regime.packs()) {
    for (const auto& event : pack.timeline) {
      if (event.kind != "designation" || event.business.empty() || event.planned) continue;
      KIKAN_ASSIGN_OR_RETURN(auto dir, registry::FindDatasetDir(datasets_root, event.business));
      KIKAN_ASSIGN_OR_RETURN(auto dataset, registry::Dataset::Load(dir, pack.schema));
      registry::EvaluationRequest request;
      request.business = event.business;
      request.as_of = event.date;
      // The bundled data may not hold the record of the year the criteria judged then; the
      // latest earlier record stands in, as the engine does for a defaulted date.
      request.as_of_given = false;
      KIKAN_ASSIGN_OR_RETURN(auto evaluation, registry::Evaluate(regime, dataset, request));
      // Where each designation applies, when the business declares its sites (ports: harbours).
      KIKAN_ASSIGN_OR_RETURN(auto sites, registry::SitesOf(evaluation));
      const rules::Table& subject = evaluation.subject();
      for (size_t row = 0; row < subject.size(); ++row) {
        if (!evaluation.designated[row]) continue;
        Operator op;
        op.id = base::OperatorId(subject.ids[row]);
        op.name_ja = subject.names[row];
        op.corporate_number = subject.TextAt("corporate_number", row);
        op.prefecture = subject.TextAt("prefecture", row);
        auto known = operators.find(op.id);
        if (known == operators.end()) {
          KIKAN_TRY(PutOperator(c, op, system, now));
          operators.emplace(op.id, op);
          ++report.operators;
        } else if (known->second.prefecture.empty() && !op.prefecture.empty()) {
          known->second.prefecture = op.prefecture;
          KIKAN_TRY(PutOperator(c, known->second, system, now));
        }
        Designation d;
        d.operator_id = op.id;
        d.business = base::BusinessId(event.business);
        d.designated_on = event.date;
        d.criteria_version = evaluation.criteria->version;
        for (const auto& site : sites[row]) d.sites.push_back(site.id);
        KIKAN_TRY(Designate(c, std::move(d), system, now));
        ++report.designations;
      }
    }
  }
  return report;
}

namespace {

struct DemoUser {
  const char* login;
  base::Text name;
  auth::Role role;
  const char* ministry;  // reviewers: their businesses are those of the packs of this ministry
                         // (BusinessesOfMinistry)
  const char* operator_id;
};

const DemoUser kDemoUsers[] = {
    {"cao",
     {.ja = "内閣府 担当者（デモ）", .en = "Cabinet Office officer (demo)"},
     auth::Role::kCabinetOffice,
     "",
     ""},
    {"mlit",
     {.ja = "国土交通省 審査担当（デモ）", .en = "MLIT reviewer (demo)"},
     auth::Role::kReviewer,
     "mlit",
     ""},
    {"mhlw",
     {.ja = "厚生労働省 審査担当（デモ）", .en = "MHLW reviewer (demo)"},
     auth::Role::kReviewer,
     "mhlw",
     ""},
    {"kamigumi",
     {.ja = "株式会社上組 届出担当（デモ）", .en = "Kamigumi compliance staff (demo)"},
     auth::Role::kOperatorStaff,
     "",
     "kamigumi"},
    {"nittsu",
     {.ja = "日本通運株式会社 届出担当（デモ）", .en = "Nippon Express compliance staff (demo)"},
     auth::Role::kOperatorStaff,
     "",
     "nippon-express"},
};

base::Result<bool> HoldsData(store::Connection& c) {
  for (const char* table : {"operator", "users", "filing", "audit_event"}) {
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(fmt::format("SELECT 1 FROM {} LIMIT 1", table)));
    if (!rows.empty()) return true;
  }
  return false;
}

}  // namespace

base::Result<bool> IsDemo(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT value FROM kikan_meta WHERE key = 'demo'"));
  return !rows.empty() && rows[0].Text(0) == "1";
}

base::Result<SeedReport> SeedDemo(store::Connection& c, const regime::Regime& regime,
                                  const std::string& datasets_root, base::Instant now,
                                  bool fast_password_hashing) {
  KIKAN_ASSIGN_OR_RETURN(bool demo, IsDemo(c));
  if (demo) {
    SeedReport report;
    report.already_seeded = true;
    return report;
  }
  KIKAN_ASSIGN_OR_RETURN(bool holds_data, HoldsData(c));
  if (holds_data) {
    return base::FailedPrecondition(
        {.ja = "デモを拒否しました: "
               "このデータベースにはデモ以外のデータがあります。空のデータベースを指定してください",
         .en =
             "the demo was refused: this database holds data that is not the demo's; use an empty "
             "database"});
  }
  auth::AccountSettings settings;
  if (fast_password_hashing) settings.password_limits = auth::PasswordLimits::Minimum();
  auth::Accounts accounts(settings);
  std::vector<std::string> hashes;
  for (size_t i = 0; i < std::size(kDemoUsers); ++i) {
    KIKAN_ASSIGN_OR_RETURN(auto h, auth::HashPassword("kikan-demo", settings.password_limits));
    hashes.push_back(std::move(h));
  }

  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(SeedReport report, SeedRegister(c, regime, datasets_root, now));
  for (size_t i = 0; i < std::size(kDemoUsers); ++i) {
    const DemoUser& u = kDemoUsers[i];
    auth::NewUser nu;
    nu.login = u.login;
    nu.display_name = u.name;
    nu.role = u.role;
    nu.ministry = u.ministry;
    nu.operator_id = base::OperatorId(u.operator_id);
    KIKAN_ASSIGN_OR_RETURN(
        std::string id, AddAccount(c, regime, accounts, std::move(nu), hashes[i], "system", now));
    (void)id;
    ++report.users;
  }
  KIKAN_ASSIGN_OR_RETURN(report.supply_systems,
                         SeedSupplyDemo(c, datasets_root + "/../supply", now));
  KIKAN_TRY(c.Exec("INSERT INTO kikan_meta (key, value) VALUES ('demo', '1')"));
  KIKAN_TRY(tx.Commit());
  return report;
}

}  // namespace kikan::service
