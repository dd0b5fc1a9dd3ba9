// The equipment register over SQLite in memory: create, read, update and delete with an audit
// event each, the checks (designation, functions, 法人番号, parties, components), scope-filtered
// lists, and audit verification catching an edited row.
#include "service/equipment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "base/test_files.h"
#include "service/demo.h"
#include "service/verify.h"

namespace kikan::service {
namespace {

using base::testing::SourceDir;

using ::testing::HasSubstr;

class EquipmentTest : public ::testing::Test {
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
    ASSERT_TRUE(SeedDemo(*c, *regime_, SourceDir() + "/data/datasets", Now(), true));
  }
  base::Instant Now() const { return clock_.Now(); }

  static EquipmentRecord Tos() {
    EquipmentRecord e;
    e.operator_id = base::OperatorId("kamigumi");
    e.business = base::BusinessId("general_port_transport");
    e.name = "神戸TOS";
    e.purpose = "コンテナターミナルの運営";
    e.functions = {"vessel_stowage_planning", "yard_planning", "container_location_management"};
    e.location = "神戸港";
    filings::Party s;
    s.id = "s1";
    s.name = "港湾システム株式会社";
    s.country = "JP";
    s.corporate_number = "4010001035123";
    s.shareholders = std::vector<filings::Shareholder>{{"親会社", "JP", {500'000}}};
    e.suppliers = {s};
    filings::Party m;
    m.id = "m1";
    m.name = "保守株式会社";
    e.maintenance_contractors = {m};
    e.components = {{"サーバ", "計画", "s1"}};
    return e;
  }

  std::unique_ptr<regime::Regime> regime_;
  std::unique_ptr<store::Pool> pool_;
  base::ManualClock clock_{*base::ParseInstant("2026-11-30T01:00:00Z")};
};

TEST_F(EquipmentTest, CreateGetUpdateDeleteEachRecordedAndVerified) {
  auto c = pool_->Acquire();
  EquipmentRecord created;
  {
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(tx);
    auto e = CreateEquipment(*c, *regime_, Tos(), {"u-kamigumi"}, Now());
    ASSERT_TRUE(e) << e.status().ToString();
    ASSERT_TRUE(tx->Commit().ok());
    created = *e;
  }
  EXPECT_EQ(created.id.size(), 18u);
  EXPECT_EQ(created.id.substr(0, 2), "e-");
  auto got = GetEquipment(*c, created.id);
  ASSERT_TRUE(got) << got.status().ToString();
  EXPECT_EQ(*got, created);
  EXPECT_EQ(got->suppliers[0].shareholders->at(0).voting_share.millionths, 500'000);

  clock_.Set(*base::ParseInstant("2026-12-01T01:00:00Z"));
  EquipmentRecord changed = Tos();
  changed.functions.pop_back();
  changed.components.push_back({"端末", "", ""});
  {
    auto tx = store::Transaction::Start(*c);
    auto e = UpdateEquipment(*c, *regime_, created.id, changed, {"u-kamigumi"}, Now());
    ASSERT_TRUE(e) << e.status().ToString();
    ASSERT_TRUE(tx->Commit().ok());
    EXPECT_EQ(e->created_at, created.created_at);
    EXPECT_EQ(e->components.size(), 2u);
  }
  EXPECT_EQ(GetEquipment(*c, created.id)->functions.size(), 2u);
  auto report = VerifyDatabase(*c, {});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->findings.front().problem.en;

  // Tampering with a stored row (the functions) is caught.
  ASSERT_TRUE(c->Exec("UPDATE equipment SET functions = ? WHERE id = ?",
                      {"vessel_stowage_planning", created.id})
                  .ok());
  report = VerifyDatabase(*c, {});
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->findings[0].object_type, "equipment");
  EXPECT_EQ(report->findings[0].kind, "object.state_mismatch");
  // So is an edited component.
  ASSERT_TRUE(c->Exec("UPDATE equipment SET functions = ? WHERE id = ?",
                      {"vessel_stowage_planning;yard_planning", created.id})
                  .ok());
  ASSERT_TRUE(VerifyDatabase(*c, {})->ok());
  ASSERT_TRUE(
      c->Exec("UPDATE equipment_component SET role = 'x' WHERE equipment_id = ?", {created.id})
          .ok());
  EXPECT_FALSE(VerifyDatabase(*c, {})->ok());
  ASSERT_TRUE(
      c->Exec("UPDATE equipment_component SET role = '計画' WHERE equipment_id = ? AND seq = 1",
              {created.id})
          .ok());
  ASSERT_TRUE(c->Exec("UPDATE equipment_component SET role = '' WHERE equipment_id = ? AND seq = 2",
                      {created.id})
                  .ok());
  ASSERT_TRUE(VerifyDatabase(*c, {})->ok());

  {
    auto tx = store::Transaction::Start(*c);
    ASSERT_TRUE(DeleteEquipment(*c, created.id, {"u-kamigumi"}, Now()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(GetEquipment(*c, created.id).status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(DeleteEquipment(*c, created.id, {"u"}, Now()).code(), base::StatusCode::kNotFound);
  report = VerifyDatabase(*c, {});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->findings.front().problem.en;
  auto events = c->Query(
      "SELECT action, state_hash FROM audit_event WHERE object_type = 'equipment' ORDER BY seq");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].Text(0), "equipment.create");
  EXPECT_EQ((*events)[1].Text(0), "equipment.update");
  EXPECT_EQ((*events)[2].Text(0), "equipment.delete");
  EXPECT_EQ((*events)[2].Text(1), "");
}

TEST_F(EquipmentTest, CheckNamesEveryProblemAtItsPointer) {
  auto c = pool_->Acquire();
  EquipmentRecord e = Tos();
  e.name = "";
  e.functions = {"yard_planning", "teleport", "yard_planning"};
  e.suppliers[0].corporate_number = "4010001035124";
  e.maintenance_contractors[0].id = "s1";
  e.components = {{"サーバ", "", "m9"}};
  auto problems = CheckEquipment(*c, *regime_, e);
  ASSERT_TRUE(problems);
  std::vector<std::string> pointers;
  for (const auto& p : *problems) pointers.push_back(p.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{
                          "/name", "/functions/1", "/functions/2", "/suppliers/0/corporate_number",
                          "/maintenance_contractors/0/id", "/components/0/supplier"}));
  EXPECT_THAT((*problems)[1].message.en, HasSubstr("teleport"));
  EXPECT_THAT((*problems)[1].message.en, HasSubstr("vessel_stowage_planning"));

  auto tx = store::Transaction::Start(*c);
  auto refused = CreateEquipment(*c, *regime_, e, {"u"}, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().en(), HasSubstr("6 problem(s)"));

  // A business the operator is not designated for.
  EquipmentRecord trucking = Tos();
  trucking.business = base::BusinessId("general_cargo_trucking");
  trucking.functions = {"dispatch_management"};
  auto p2 = CheckEquipment(*c, *regime_, trucking);
  ASSERT_TRUE(p2);
  ASSERT_EQ(p2->size(), 1u);
  EXPECT_EQ((*p2)[0].pointer, "/business");
  EXPECT_THAT((*p2)[0].message.en, HasSubstr("designated for: general_port_transport"));

  EquipmentRecord ghost = Tos();
  ghost.operator_id = base::OperatorId("no-such-operator");
  EXPECT_EQ(CreateEquipment(*c, *regime_, ghost, {"u"}, Now()).status().code(),
            base::StatusCode::kNotFound);
}

TEST_F(EquipmentTest, ListsFollowTheScope) {
  auto c = pool_->Acquire();
  auto tx = store::Transaction::Start(*c);
  ASSERT_TRUE(tx);
  auto k = CreateEquipment(*c, *regime_, Tos(), {"u-k"}, Now());
  ASSERT_TRUE(k) << k.status().ToString();
  EquipmentRecord n = Tos();
  n.operator_id = base::OperatorId("nippon-express");
  n.business = base::BusinessId("general_cargo_trucking");
  n.functions = {"dispatch_management"};
  auto nn = CreateEquipment(*c, *regime_, n, {"u-n"}, Now());
  ASSERT_TRUE(nn) << nn.status().ToString();
  ASSERT_TRUE(tx->Commit().ok());
  auto ids = [&](std::string_view op, const auth::ScopeFilter& scope) {
    std::vector<std::string> out;
    auto list = ListEquipment(*c, base::OperatorId(op), scope);
    EXPECT_TRUE(list) << list.status().ToString();
    if (list)
      for (const auto& e : *list) out.push_back(e.id);
    return out;
  };
  auth::ScopeFilter all, kamigumi, trucking, medical;
  all.all = true;
  kamigumi.operator_id = base::OperatorId("kamigumi");
  trucking.businesses = {"general_cargo_trucking"};
  medical.businesses = {"medical_dx_platform"};
  EXPECT_EQ(ids("", all).size(), 2u);
  EXPECT_EQ(ids("kamigumi", all), std::vector<std::string>{k->id});
  EXPECT_EQ(ids("", kamigumi), std::vector<std::string>{k->id});
  EXPECT_EQ(ids("nippon-express", kamigumi), std::vector<std::string>{});
  EXPECT_EQ(ids("", trucking), std::vector<std::string>{nn->id});
  EXPECT_EQ(ids("", medical), std::vector<std::string>{});
  EXPECT_EQ(ids("", auth::ScopeFilter()), std::vector<std::string>{});
}

}  // namespace
}  // namespace kikan::service
