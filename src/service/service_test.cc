#include <gtest/gtest.h>

#include <cstdlib>

#include "auth/accounts.h"
#include "regime/regime.h"
#include "service/demo.h"
#include "service/filing_store.h"
#include "service/register.h"
#include "service/verify.h"

namespace kikan::service {
namespace {

std::string SourceDir() {
  const char* env = std::getenv("KIKAN_SOURCE_DIR");
  return env ? env : ".";
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<regime::PackProblem> problems;
    auto regime = regime::Load({SourceDir() + "/data/regime"}, &problems);
    ASSERT_TRUE(regime) << regime.status().ToString();
    regime_ = std::make_unique<regime::Regime>(std::move(*regime));
    auto pool = store::Open("sqlite::memory:", 1);
    ASSERT_TRUE(pool) << pool.status().ToString();
    pool_ = std::move(*pool);
    auto c = pool_->Acquire();
    auto migrations = AllMigrations();
    ASSERT_TRUE(store::Migrate(*c, migrations).ok());
  }

  base::Instant Now() const { return clock_.Now(); }

  std::unique_ptr<regime::Regime> regime_;
  std::unique_ptr<store::Pool> pool_;
  base::ManualClock clock_{*base::ParseInstant("2026-11-30T01:00:00Z")};
};

TEST_F(ServiceTest, DemoSeedsTheRegisterOfTheSourceDocument) {
  auto c = pool_->Acquire();
  auto report = SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true);
  ASSERT_TRUE(report) << report.status().ToString();
  EXPECT_EQ(report->users, 5);
  auto ports = ListDesignations(*c, DesignationQuery::ForBusiness("general_port_transport"));
  ASSERT_TRUE(ports);
  EXPECT_EQ(ports->size(), 32u);
  for (const auto& d : *ports) {
    EXPECT_EQ(d.designated_on, base::Date::Ymd(2025, 5, 1));
    EXPECT_EQ(d.duty_from, base::Date::Ymd(2025, 11, 2)) << d.operator_id;
  }
  auto trucking = ListDesignations(*c, DesignationQuery::ForBusiness("general_cargo_trucking"));
  ASSERT_TRUE(trucking);
  std::vector<std::string> ids;
  for (const auto& d : *trucking) ids.push_back(d.operator_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids,
            (std::vector<std::string>{"nippon-express", "sagawa-express", "yamato-transport"}));
  // Nippon Express is designated in both sectors, one operator.
  auto nittsu = ListDesignations(*c, DesignationQuery::ForOperator("nippon-express"));
  ASSERT_TRUE(nittsu);
  EXPECT_EQ(nittsu->size(), 2u);

  // Seeding again is a no-op; the log verifies.
  auto again = SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_seeded);
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << verified->findings.front().problem.en;
  EXPECT_GT(verified->events, 40);
}

TEST_F(ServiceTest, DemoRefusesADatabaseWithOtherData) {
  auto c = pool_->Acquire();
  {
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(PutOperator(*c, {"x", "", "某社", "", ""}, {"system"}, Now()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto report = SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.status().code(), base::StatusCode::kFailedPrecondition);
}

TEST_F(ServiceTest, EditingARowDirectlyIsDetected) {
  auto c = pool_->Acquire();
  ASSERT_TRUE(SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true));
  ASSERT_TRUE(
      c->Exec("UPDATE designation SET gazette_ref = 'forged' WHERE operator_id = 'kamigumi'").ok());
  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified);
  ASSERT_FALSE(verified->ok());
  EXPECT_EQ(verified->findings.front().kind, "object.state_mismatch");
  EXPECT_EQ(verified->findings.front().object_type, "designation");
}

TEST_F(ServiceTest, FilingLifecycleIsStoredAndAudited) {
  auto c = pool_->Acquire();
  ASSERT_TRUE(SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true));
  auth::Accounts accounts;
  auto staff = accounts.FindByLogin(*c, "kamigumi");
  auto reviewer = accounts.FindByLogin(*c, "mlit");
  ASSERT_TRUE(staff && reviewer);

  std::string id;
  {
    auto tx = store::Transaction::Start(*c);
    auto f = CreateFiling(*c, regime::FilingKind::kInstallationPlan, "general_port_transport",
                          "kamigumi", "mlit", staff->id, "{\"a\":1}", Now());
    ASSERT_TRUE(f) << f.status().ToString();
    id = f->record.id.value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  filings::ActRequest submit;
  submit.act = filings::ActKind::kSubmit;
  submit.actor = {filings::UserId(staff->id), filings::Role::kOperatorStaff, "kamigumi"};
  {
    auto tx = store::Transaction::Start(*c);
    auto f = PerformAct(*c, id, submit, clock_);
    ASSERT_TRUE(f) << f.status().ToString();
    EXPECT_EQ(f->record.state, filings::State::kSubmitted);
    ASSERT_TRUE(tx->Commit().ok());
  }
  // Submitted contents can no longer be edited.
  {
    auto tx = store::Transaction::Start(*c);
    auto f = UpdateContents(*c, id, staff->id, "{\"a\":2}", Now());
    ASSERT_FALSE(f);
    EXPECT_EQ(f.status().code(), base::StatusCode::kFailedPrecondition);
  }
  filings::ActRequest receive;
  receive.act = filings::ActKind::kReceive;
  receive.actor = {filings::UserId(reviewer->id), filings::Role::kReviewer, "mlit"};
  receive.date = base::JapanDate(Now());
  receive.channel = filings::Channel::kEGov;
  receive.pack_version = "ports@test";
  {
    auto tx = store::Transaction::Start(*c);
    auto f = PerformAct(*c, id, receive, clock_);
    ASSERT_TRUE(f) << f.status().ToString();
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto stored = GetFiling(*c, id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->record.state, filings::State::kReceived);
  ASSERT_EQ(stored->record.events.size(), 2u);
  EXPECT_EQ(stored->record.received_on, base::JapanDate(Now()));
  EXPECT_EQ(stored->record.events[1].pack_version, "ports@test");

  auto verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok()) << verified->findings.front().problem.en;
  // A forged act row is detected through the filing's state hash.
  ASSERT_TRUE(c->Exec("UPDATE filing_event SET reason = 'forged' WHERE seq = 1").ok());
  verified = VerifyDatabase(*c, {});
  ASSERT_TRUE(verified);
  ASSERT_FALSE(verified->ok());
  EXPECT_EQ(verified->findings.front().object_type, "filing");
}

}  // namespace
}  // namespace kikan::service
