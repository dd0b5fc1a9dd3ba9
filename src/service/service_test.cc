#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "audit/log.h"
#include "auth/accounts.h"
#include "base/test_files.h"
#include "codec/filing_json.h"
#include "regime/regime.h"
#include "service/demo.h"
#include "service/designations.h"
#include "service/env.h"
#include "service/filing_store.h"
#include "service/filings.h"
#include "service/register.h"
#include "service/verify.h"

namespace kikan::service {
namespace {

using base::testing::SourceDir;

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
  for (const auto& d : *trucking) ids.push_back(d.operator_id.value());
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

// A decision records the version of the pack as the loader parsed it: editing the file after
// loading does not change the version (it used to be read from the file again).
TEST_F(ServiceTest, PackVersionIsTheHashOfTheBytesParsed) {
  const std::string dir = ::testing::TempDir() + "/kikan-pack-version";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/ports.toml";
  std::filesystem::copy_file(SourceDir() + "/data/regime/ports.toml", file);
  std::filesystem::copy(SourceDir() + "/data/regime/forms", dir + "/forms");  // the pack names it
  auto loaded = regime::Load({file}, nullptr);
  ASSERT_TRUE(loaded) << loaded.status().ToString();
  const std::map<std::string, std::string> before = PackVersions(*loaded);
  ASSERT_EQ(before.size(), 1u);
  const std::string& id = before.begin()->first;
  EXPECT_EQ(before.begin()->second.substr(0, id.size() + 1), id + "@");
  EXPECT_EQ(before.begin()->second.size(), id.size() + 1 + 16);

  std::ofstream(file, std::ios::app) << "\n# edited after loading\n";
  EXPECT_EQ(PackVersions(*loaded), before);
  auto reloaded = regime::Load({file}, nullptr);
  ASSERT_TRUE(reloaded) << reloaded.status().ToString();
  EXPECT_NE(PackVersions(*reloaded), before);  // the bytes parsed differ, so does the version
  // The ordinance forms file the pack names is part of what it was parsed from.
  const std::map<std::string, std::string> edited_pack = PackVersions(*reloaded);
  std::ofstream(dir + "/forms/mlit_62.toml", std::ios::app) << "\n# edited\n";
  auto forms_edited = regime::Load({file}, nullptr);
  ASSERT_TRUE(forms_edited) << forms_edited.status().ToString();
  EXPECT_NE(PackVersions(*forms_edited), edited_pack);
  std::filesystem::remove_all(dir);
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

// The golden complete plan (tests/golden/api/filing-complete.json) of 上組.
filings::Filing CompletePlan() {
  std::ifstream in(SourceDir() + "/tests/golden/api/filing-complete.json", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto f = codec::DecodeFilingText(text.str());
  EXPECT_TRUE(f.has_value());
  return f ? *f : filings::Filing{};
}

FilingAct Act(filings::ActKind kind) {
  FilingAct a;
  a.act = kind;
  return a;
}

class FilingUseCaseTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auto c = pool_->Acquire();
    ASSERT_TRUE(SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true));
    auth::Accounts accounts;
    for (const char* login : {"kamigumi", "nittsu", "mlit", "cao"}) {
      auto u = accounts.FindByLogin(*c, login);
      ASSERT_TRUE(u) << login;
      principals_[login] = u->ToPrincipal();
    }
    env_.regime = regime_.get();
    env_.clock = &clock_;
    env_.pack_versions = {{"ports", "ports@test"}};
    env_.datasets_root = SourceDir() + "/data/datasets";
  }
  const auth::Principal& As(const char* login) { return principals_.at(login); }

  Env env_;
  std::map<std::string, auth::Principal> principals_;
};

// Three-valued results in the register's use cases (issue 14 §4): an operator whose data lacks a
// value the criteria need is proposed neither way, and designating it is refused naming what its
// data must supply.
TEST_F(FilingUseCaseTest, UndeterminedOperatorsAreNeitherProposedNorDesignated) {
  // The test pack and dataset (tests/data/kleene): a, designated; b, too few vehicles; c, no
  // vehicles figure; d, no figure but not capable (decided); e, capability unknown.
  const std::string dir = SourceDir() + "/tests/data/kleene";
  std::vector<regime::PackProblem> problems;
  auto regime = regime::Load({dir + "/kleene.toml"}, &problems);
  ASSERT_TRUE(regime) << regime.status().ToString();
  Env env = env_;
  env.regime = &*regime;
  env.datasets_root = dir + "/datasets";
  auto c = pool_->Acquire();
  auto proposals = ProposeDesignations(*c, env, "kleene_biz", base::Date::Ymd(2026, 1, 5), true);
  ASSERT_TRUE(proposals) << proposals.status().ToString();
  const auto& ids = proposals->evaluation.subject().ids;
  ASSERT_EQ(proposals->propose.size(), 1u);
  EXPECT_EQ(ids[proposals->propose[0]], "a");
  ASSERT_EQ(proposals->undetermined.size(), 2u);
  EXPECT_EQ(ids[proposals->undetermined[0]], "c");
  EXPECT_EQ(ids[proposals->undetermined[1]], "e");
  EXPECT_EQ(proposals->evaluation.tally().not_designated, 2u);  // b; d: decided by capable
  auto refused =
      DesignateOperator(*c, env, As("mlit"), {"c", "kleene_biz", base::Date::Ymd(2026, 1, 5), ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().en().find("cannot be judged"), std::string::npos)
      << refused.status().en();
  EXPECT_NE(refused.status().en().find("vehicles"), std::string::npos) << refused.status().en();
  EXPECT_NE(refused.status().ja().find("判定できません"), std::string::npos);
}

TEST_F(FilingUseCaseTest, LifecycleIsStoredAndAudited) {
  auto c = pool_->Acquire();
  auto f = StartFiling(*c, env_, As("kamigumi"), {CompletePlan(), true, true});
  ASSERT_TRUE(f) << f.status().ToString();
  const std::string id = f->record.id.value();
  EXPECT_EQ(f->record.ministry_id, "mlit");

  f = ActOnFiling(*c, env_, As("kamigumi"), id, Act(filings::ActKind::kSubmit));
  ASSERT_TRUE(f) << f.status().ToString();
  EXPECT_EQ(f->record.state, filings::State::kSubmitted);
  // Submitted contents can no longer be edited.
  f = EditFiling(*c, env_, As("kamigumi"), id, CompletePlan());
  ASSERT_FALSE(f);
  EXPECT_EQ(f.status().code(), base::StatusCode::kFailedPrecondition);

  FilingAct receive = Act(filings::ActKind::kReceive);
  receive.date = base::JapanDate(Now());
  receive.channel = filings::Channel::kEGov;
  f = ActOnFiling(*c, env_, As("mlit"), id, receive);
  ASSERT_TRUE(f) << f.status().ToString();
  auto stored = GetFiling(*c, id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->record.state, filings::State::kReceived);
  ASSERT_EQ(stored->record.events.size(), 2u);
  EXPECT_EQ(stored->record.received_on, base::JapanDate(Now()));
  EXPECT_EQ(stored->record.events[1].pack_version, "ports@test");  // from the Env

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

// The law's completeness rule is the service's: no caller can submit a plan lacking a required
// item, whatever adapter it comes through; the refusal names each item and changes nothing.
TEST_F(FilingUseCaseTest, SubmittingAnIncompletePlanIsRefusedByTheService) {
  auto c = pool_->Acquire();
  filings::Filing plan = CompletePlan();
  plan.equipment.name.clear();
  plan.suppliers.clear();
  auto f = StartFiling(*c, env_, As("kamigumi"), {plan, true, true});
  ASSERT_TRUE(f) << f.status().ToString();
  const std::string id = f->record.id.value();
  auto head = audit::HeadSeq(*c);
  ASSERT_TRUE(head);
  auto submitted = ActOnFiling(*c, env_, As("kamigumi"), id, Act(filings::ActKind::kSubmit));
  ASSERT_FALSE(submitted);
  EXPECT_EQ(submitted.status().code(), base::StatusCode::kInvalidArgument);
  std::vector<std::string> pointers;
  for (const auto& e : submitted.status().fields()) pointers.push_back(e.pointer);
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/equipment/name"), pointers.end())
      << submitted.status().ToString();
  EXPECT_TRUE(std::any_of(pointers.begin(), pointers.end(), [](const std::string& p) {
    return p.rfind("/suppliers", 0) == 0;
  })) << submitted.status().ToString();
  EXPECT_EQ(*audit::HeadSeq(*c), *head);  // nothing written
  EXPECT_EQ(GetFiling(*c, id)->record.state, filings::State::kDraft);
}

TEST_F(FilingUseCaseTest, TheFilerIsTheCallersOwnCompanyAndDesignation) {
  auto c = pool_->Acquire();
  // 上組 is designated for ports only: trucking is refused at /business.
  filings::Filing plan = CompletePlan();
  plan.business = base::BusinessId("general_cargo_trucking");
  auto f = StartFiling(*c, env_, As("kamigumi"), {plan, true, true});
  ASSERT_FALSE(f);
  ASSERT_EQ(f.status().fields().size(), 1u);
  EXPECT_EQ(f.status().fields()[0].pointer, "/business");
  // 日本通運 is designated twice: an unnamed business is refused, naming both.
  plan = CompletePlan();
  f = StartFiling(*c, env_, As("nittsu"), {plan, /*business_given=*/false, false});
  ASSERT_FALSE(f);
  ASSERT_EQ(f.status().fields().size(), 1u);
  EXPECT_EQ(f.status().fields()[0].pointer, "/business");
  EXPECT_NE(f.status().fields()[0].message.en.find("general_cargo_trucking"), std::string::npos);
  // Filing in another company's name is refused at /filer/operator_id.
  f = StartFiling(*c, env_, As("nittsu"), {CompletePlan(), true, true});
  ASSERT_FALSE(f);
  ASSERT_EQ(f.status().fields().size(), 1u);
  EXPECT_EQ(f.status().fields()[0].pointer, "/filer/operator_id");
  // Unnamed filer: the caller's company as the register knows it.
  plan = CompletePlan();
  plan.business = base::BusinessId("general_port_transport");
  f = StartFiling(*c, env_, As("nittsu"), {plan, true, /*filer_given=*/false});
  ASSERT_TRUE(f) << f.status().ToString();
  EXPECT_EQ(f->record.operator_id, "nippon-express");
}

// Lists are scoped in SQL: with the handlers' second filter gone, these fail if the SQL scope
// is dropped or widened.
TEST_F(FilingUseCaseTest, ListsAreScoped) {
  auto c = pool_->Acquire();
  ASSERT_TRUE(StartFiling(*c, env_, As("kamigumi"), {CompletePlan(), true, true}));
  auto list = [&](const char* login) {
    auto l = VisibleFilings(*c, As(login));
    EXPECT_TRUE(l) << l.status().ToString();
    return l ? l->size() : size_t{99};
  };
  EXPECT_EQ(list("kamigumi"), 1u);
  EXPECT_EQ(list("nittsu"), 0u);
  EXPECT_EQ(list("mlit"), 1u);
  EXPECT_EQ(list("cao"), 1u);
  auto anonymous = VisibleFilings(*c, auth::Principal::Anonymous());
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->empty());
  // The queue is for reviewers; a draft is not in it.
  EXPECT_EQ(ReviewQueue(*c, As("kamigumi")).status().code(), base::StatusCode::kPermissionDenied);
  auto queue = ReviewQueue(*c, As("mlit"));
  ASSERT_TRUE(queue);
  EXPECT_TRUE(queue->empty());
}

}  // namespace
}  // namespace kikan::service
