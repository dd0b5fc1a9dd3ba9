#include "filings/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/corporate_number.h"

namespace kikan::filings {
namespace {

using base::Date;
using ::testing::HasSubstr;
using Kind = MissingItem::Kind;

std::string PortsPack() {
  const char* root = std::getenv("KIKAN_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/data/regime/ports.toml";
}

// A 法人番号 with a correct check digit for twelve base digits.
std::string Cn(const std::string& base12) {
  return std::to_string(base::CorporateNumberCheckDigit(base12)) + base12;
}

Party Supplier(std::string id, std::string name, bool japan) {
  Party p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.address = japan ? "東京都千代田区（架空）" : "Singapore (fictional)";
  p.country = japan ? "JP" : "SG";
  if (japan) {
    p.corporate_number = Cn("010001000001");
    p.registered_in_japan = true;
  } else {
    p.foreign_registration = "UEN 201900001Z";
  }
  p.representative = "代表 太郎";
  p.officers = {
      {.name = "代表 太郎", .nationality = "JP", .date_of_birth = Date::Ymd(1965, 4, 1)},
      {.name = "Officer Lee", .nationality = "SG", .date_of_birth = Date::Ymd(1979, 8, 15)}};
  p.shareholders = std::vector<Shareholder>{{"親会社（架空）", "JP", Share{600'000}},
                                            {"Fund X", "US", Share{125'000}}};
  p.foreign_government_dealings.emplace();  // none
  p.past_supply_record = "2019年から保守を受託";
  p.factory_location = japan ? "日本 神奈川県（架空）" : "Singapore (fictional)";
  return p;
}

class ValidateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<regime::PackProblem> problems;
    auto r = regime::Load({PortsPack()}, &problems);
    ASSERT_TRUE(r.has_value()) << r.status().ToString();
    regime_ = std::make_unique<regime::Regime>(std::move(*r));
  }
  static void TearDownTestSuite() { regime_.reset(); }

  const regime::Pack& pack() const { return regime_->packs().at(0); }
  const regime::Form& form(FilingKind k = FilingKind::kInstallationPlan) const {
    const regime::Form* f = pack().FindForm(k, Date::Ymd(2025, 11, 4));
    KIKAN_CHECK(f != nullptr);
    return *f;
  }
  ValueContext ctx() const { return ValueContext{&pack(), Date::Ymd(2025, 11, 4)}; }

  Filing Complete() const {
    Filing f;
    f.kind = FilingKind::kInstallationPlan;
    f.business = base::BusinessId("general_port_transport");
    f.filer = {"kamigumi", "株式会社上組", "6140001006951"};
    f.equipment = {"TOS（例示）",
                   "コンテナターミナルの荷役管理",
                   {"vessel_stowage_planning", "yard_planning", "container_location_management"},
                   "神戸港 PC18",
                   "tos"};
    f.components = {{"本船計画サーバ", "本船プランニング", "s1"},
                    {"ヤード管理ソフトウェア", "ヤード計画・管理", "s2"}};
    f.installation = {"TOS の更新", Timing{Date::Ymd(2026, 2, 1), std::nullopt}};
    f.suppliers = {Supplier("s1", "架空システム株式会社", true),
                   Supplier("s2", "Fictional Terminal Software Pte. Ltd.", false)};
    for (const regime::ChecklistItem& c : form().checklist) {
      f.risk_measures[c.id] = RiskAnswer{true, "実施"};
    }
    // Made within three months before the filing (today, 2025-11-04), or valid that day.
    f.attachments = {{"registry_certificate", "s2", "s2-registry.pdf", std::string(64, 'a'), 1024,
                      Date::Ymd(2025, 10, 20), std::nullopt},
                     {"officer_identity_documents", "s1", "s1-ids.pdf", std::string(64, 'b'), 2048,
                      std::nullopt, Date::Ymd(2030, 3, 31)},
                     {"officer_identity_documents", "s2", "s2-ids.pdf", std::string(64, 'c'), 2048,
                      std::nullopt, Date::Ymd(2030, 3, 31)}};
    return f;
  }

  static inline std::unique_ptr<regime::Regime> regime_;
};

std::vector<std::string> Pointers(const std::vector<MissingItem>& items) {
  std::vector<std::string> out;
  for (const MissingItem& m : items) out.push_back(m.pointer);
  return out;
}

std::string Dump(const std::vector<MissingItem>& items) {
  std::string s;
  for (const MissingItem& m : items) s += m.pointer + " " + m.item + ": " + m.message.en + "\n";
  return s;
}

TEST_F(ValidateTest, CompleteFilingHasNoFindings) {
  auto findings = CheckFiling(Complete(), form(), ctx());
  EXPECT_TRUE(findings.empty()) << Dump(findings);
  EXPECT_FALSE(HasErrors(findings));
}

// Found by fuzz/filing_json_fuzz.cc: a checklist key holding '/' or '~' is escaped in the
// pointer (RFC 6901).
TEST_F(ValidateTest, PointersEscapeChecklistKeys) {
  Filing f = Complete();
  f.risk_measures["a/b~c"] = RiskAnswer{true, ""};
  auto findings = CheckFiling(f, form(), ctx());
  bool found = false;
  for (const auto& m : findings) found = found || m.pointer == "/risk_measures/a~1b~0c";
  EXPECT_TRUE(found) << Dump(findings);
}

// Removing each required item reports it at its pointer.
TEST_F(ValidateTest, EachMissingItemIsNamed) {
  struct Case {
    std::function<void(Filing&)> remove;
    std::string pointer;
    std::string item;
  };
  const std::vector<Case> cases = {
      {[](Filing& f) { f.equipment.name.clear(); }, "/equipment/name", "equipment.name"},
      {[](Filing& f) { f.equipment.purpose.clear(); }, "/equipment/purpose", "equipment.purpose"},
      {[](Filing& f) { f.equipment.functions.clear(); }, "/equipment/functions",
       "equipment.functions"},
      {[](Filing& f) { f.equipment.location.clear(); }, "/equipment/location",
       "equipment.location"},
      {[](Filing& f) { f.equipment.definition.clear(); }, "/equipment/definition",
       "equipment.definition"},
      {[](Filing& f) { f.components.clear(); }, "/components", "components"},
      {[](Filing& f) { f.components[1].role.clear(); }, "/components/1/role", "components[].role"},
      {[](Filing& f) { f.installation.description.clear(); }, "/installation/description",
       "installation.description"},
      {[](Filing& f) { f.installation.timing = {}; }, "/installation/planned_date",
       "installation.planned_date"},
      {[](Filing& f) { f.suppliers[1].address.clear(); }, "/suppliers/1/address",
       "suppliers[].address"},
      {[](Filing& f) { f.suppliers[1].foreign_registration.clear(); },
       "/suppliers/1/corporate_number", "suppliers[].corporate_number_or_foreign_registration"},
      {[](Filing& f) { f.suppliers[0].officers.clear(); }, "/suppliers/0/officers",
       "suppliers[].officers"},
      {[](Filing& f) { f.suppliers[0].shareholders.reset(); }, "/suppliers/0/shareholders",
       "suppliers[].shareholders"},
      {[](Filing& f) { f.suppliers[0].foreign_government_dealings.reset(); },
       "/suppliers/0/foreign_government_dealings", "suppliers[].foreign_government_dealings"},
      // 国土交通省令第11条第4号: the test met, its fiscal year, government and share.
      {[](Filing& f) {
         ForeignGovernmentDealings d;
         d.exists = true;
         d.fiscal_year_end = Date::Ymd(2025, 3, 31);
         d.government = "X国政府（架空）";
         f.suppliers[0].foreign_government_dealings = d;
       },
       "/suppliers/0/foreign_government_dealings/sales_share",
       "suppliers[].foreign_government_dealings"},
      // 第11条第3号: officers' dates of birth; 第5号: where the equipment is made.
      {[](Filing& f) { f.suppliers[1].officers[1].date_of_birth.reset(); },
       "/suppliers/1/officers/1/date_of_birth", "suppliers[].officers[].date_of_birth"},
      {[](Filing& f) { f.suppliers[0].factory_location.clear(); }, "/suppliers/0/factory_location",
       "suppliers[].factory_location"},
      {[](Filing& f) { f.suppliers[1].past_supply_record.clear(); },
       "/suppliers/1/past_supply_record", "suppliers[].past_supply_record"},
      {[](Filing& f) { f.risk_measures.erase("access_control"); }, "/risk_measures/access_control",
       "risk_measures.access_control"},
      {[](Filing& f) { f.attachments.erase(f.attachments.begin()); }, "/attachments",
       "attachments.registry_certificate"},
      // 第9条第2項第2号: the officers' identity documents; ただし書: their date or validity.
      {[](Filing& f) { f.attachments.pop_back(); }, "/attachments",
       "attachments.officer_identity_documents"},
      {[](Filing& f) { f.attachments[0].issued_on.reset(); }, "/attachments/0/issued_on",
       "attachments.registry_certificate"},
  };
  for (const Case& c : cases) {
    Filing f = Complete();
    c.remove(f);
    auto findings = CheckComplete(f, form());
    ASSERT_EQ(findings.size(), 1u) << c.pointer << "\n" << Dump(findings);
    EXPECT_EQ(findings[0].pointer, c.pointer);
    EXPECT_EQ(findings[0].item, c.item);
    EXPECT_EQ(findings[0].kind, Kind::kMissing);
    EXPECT_FALSE(findings[0].message.ja.empty());
    EXPECT_FALSE(findings[0].message.en.empty());
  }
}

TEST_F(ValidateTest, EveryMissingItemIsReportedAtOnce) {
  Filing f;
  f.kind = FilingKind::kInstallationPlan;
  f.business = base::BusinessId("general_port_transport");
  f.suppliers.push_back(Party{});
  f.suppliers[0].id = "s1";
  auto findings = CheckComplete(f, form());
  auto ptrs = Pointers(findings);
  // 5 equipment items, components, 2 installation items, 10 facts of the supplier, 8 checklist
  // items, the registry certificate and the officers' identity documents.
  EXPECT_EQ(findings.size(), 5u + 1 + 2 + 10 + 8 + 2) << Dump(findings);
  EXPECT_THAT(ptrs, ::testing::Contains("/suppliers/0/corporate_number"));
  EXPECT_THAT(ptrs, ::testing::Contains("/risk_measures/incident_response"));
  EXPECT_THAT(Dump(findings), HasSubstr("holders of 5% or more"));
  for (const MissingItem& m : findings) {
    if (m.pointer == "/suppliers/0/officers") {
      EXPECT_EQ(m.message.ja, "供給者[0]（s1）の役員（氏名・国籍）がありません");
      EXPECT_EQ(m.message.en, "missing: officers (name, nationality) (supplier [0] s1)");
    }
  }
}

TEST_F(ValidateTest, RegistryCertificateWaivedForSuppliersRegisteredInJapan) {
  Filing f = Complete();
  f.suppliers[0].registered_in_japan = false;  // s1 now needs the certificate too
  auto findings = CheckComplete(f, form());
  ASSERT_EQ(findings.size(), 1u) << Dump(findings);
  EXPECT_EQ(findings[0].pointer, "/attachments");
  EXPECT_THAT(findings[0].message.ja, HasSubstr("登記事項証明書"));
  EXPECT_THAT(findings[0].message.en, HasSubstr("(s1)"));
}

TEST_F(ValidateTest, ValueChecks) {
  struct Case {
    std::function<void(Filing&)> change;
    std::string pointer;
    std::string item;
    Kind kind = Kind::kInvalid;
  };
  const std::vector<Case> cases = {
      {[](Filing& f) { f.suppliers[0].corporate_number[0] = '1'; }, "/suppliers/0/corporate_number",
       "corporate_number_check_digit"},
      {[](Filing& f) {
         f.suppliers[0].corporate_number.clear();
         f.suppliers[0].foreign_registration = "x";
       },
       "/suppliers/0/corporate_number", "registered_in_japan_without_number"},
      {[](Filing& f) { (*f.suppliers[0].shareholders)[1].voting_share = Share{1'000'001}; },
       "/suppliers/0/shareholders/1/voting_share", "voting_share_range"},
      {[](Filing& f) { (*f.suppliers[0].shareholders)[1].voting_share = Share{500'000}; },
       "/suppliers/0/shareholders", "voting_share_total"},
      {[](Filing& f) { f.suppliers[1].country = "SGP"; }, "/suppliers/1/country", "country_code"},
      {[](Filing& f) { f.suppliers[1].officers[1].nationality = "sg"; },
       "/suppliers/1/officers/1/nationality", "country_code"},
      {[](Filing& f) { f.equipment.functions[2] = "crane_control"; }, "/equipment/functions/2",
       "function_id"},
      {[](Filing& f) { f.equipment.functions.pop_back(); }, "/equipment/functions",
       "functions_meet_definition", Kind::kWarning},
      {[](Filing& f) { f.equipment.definition = "crane"; }, "/equipment/definition",
       "equipment_definition"},
      {[](Filing& f) { f.business = "general_cargo_trucking"; }, "/business", "business"},
      {[](Filing& f) { f.components[0].supplier = "s9"; }, "/components/0/supplier",
       "supplier_ref"},
      {[](Filing& f) { f.suppliers[1].id = "s1"; }, "/suppliers/1/id", "party_id"},
      {[](Filing& f) { f.installation.timing.planned_date = Date::Ymd(2025, 11, 3); },
       "/installation/planned_date", "planned_in_the_past"},
      {[](Filing& f) { f.installation.timing.planned_date = Date::Ymd(2025, 12, 3); },
       "/installation/planned_date", "before_waiting_period_can_end", Kind::kWarning},
      {[](Filing& f) {
         f.installation.timing = {std::nullopt,
                                  DateRange{Date::Ymd(2026, 2, 1), Date::Ymd(2026, 1, 31)}};
       },
       "/installation/period/to", "period_order"},
      {[](Filing& f) {
         f.risk_measures["fire_safety"] = {true, ""};
       },
       "/risk_measures/fire_safety", "checklist_id"},
      {[](Filing& f) { f.attachments[0].sha256 = "ABC"; }, "/attachments/0/sha256", "sha256"},
      {[](Filing& f) { f.attachments[0].party = "s7"; }, "/attachments/0/party", "party_ref"},
      {[](Filing& f) {
         f.emergency = Emergency{"障害", Date::Ymd(2025, 11, 1)};
       },
       "/emergency", "kind_part"},
      {[](Filing& f) { f.changes_to = FilingId("f-0"); }, "/changes_to", "kind_part"},
      {[](Filing& f) { f.filer.corporate_number = "6140001006952"; }, "/filer/corporate_number",
       "corporate_number_check_digit"},
  };
  for (const Case& c : cases) {
    Filing f = Complete();
    c.change(f);
    auto findings = CheckValues(f, form(), ctx());
    bool found = false;
    for (const MissingItem& m : findings) {
      if (m.pointer == c.pointer && m.item == c.item) {
        found = true;
        EXPECT_EQ(m.kind, c.kind) << c.item;
        EXPECT_FALSE(m.message.ja.empty());
      }
    }
    EXPECT_TRUE(found) << c.pointer << " " << c.item << "\n" << Dump(findings);
  }
  // The check digit message names the expected digit.
  Filing f = Complete();
  f.suppliers[0].corporate_number[0] = '1';
  auto findings = CheckValues(f, form(), ctx());
  ASSERT_FALSE(findings.empty());
  EXPECT_THAT(findings[0].message.en, HasSubstr("check digit"));
}

TEST_F(ValidateTest, FormOfAnotherKind) {
  Filing f = Complete();
  auto findings = CheckValues(f, form(FilingKind::kAfterTheFact), ctx());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].pointer, "/kind");
}

TEST_F(ValidateTest, MaintenanceEntrustment) {
  Filing f = Complete();
  f.kind = FilingKind::kMaintenanceEntrustment;
  f.components.clear();
  f.installation = {};
  f.suppliers.clear();
  f.attachments.clear();
  f.maintenance = Maintenance{};
  auto findings = CheckComplete(f, form(FilingKind::kMaintenanceEntrustment));
  EXPECT_THAT(Pointers(findings),
              ::testing::ElementsAre("/maintenance/content", "/maintenance/planned_date",
                                     "/maintenance/contractor"));
  f.maintenance->content = "TOS の遠隔保守";
  f.maintenance->timing.period = DateRange{Date::Ymd(2026, 1, 1), Date::Ymd(2026, 12, 31)};
  f.maintenance->contractor = Supplier("c1", "架空保守株式会社", true);
  Party sub = Supplier("c2", "Fictional Remote Ops Ltd.", false);
  sub.address.clear();
  f.maintenance->subcontractors.push_back(sub);
  findings = CheckComplete(f, form(FilingKind::kMaintenanceEntrustment));
  // The subcontractor's address, its registry certificate (per party, not in Japan) and the
  // officers' identity documents of both.
  EXPECT_THAT(Pointers(findings),
              ::testing::ElementsAre("/maintenance/subcontractors/0/address", "/attachments",
                                     "/attachments", "/attachments"))
      << Dump(findings);
  EXPECT_TRUE(CheckValues(f, form(FilingKind::kMaintenanceEntrustment), ctx()).empty());
}

TEST_F(ValidateTest, AfterTheFact) {
  Filing f = Complete();
  f.kind = FilingKind::kAfterTheFact;
  f.emergency = Emergency{"ランサムウェア被害からの緊急復旧", std::nullopt};
  auto findings = CheckComplete(f, form(FilingKind::kAfterTheFact));
  EXPECT_THAT(Pointers(findings), ::testing::ElementsAre("/emergency/installed_on"));
  f.emergency->installed_on = Date::Ymd(2025, 11, 5);  // after today
  auto values = CheckValues(f, form(FilingKind::kAfterTheFact), ctx());
  EXPECT_THAT(Pointers(values), ::testing::Contains("/emergency/installed_on"));
  // A planned date in the past is not an error after the fact.
  f.emergency->installed_on = Date::Ymd(2025, 11, 1);
  f.installation.timing.planned_date = Date::Ymd(2025, 11, 1);
  values = CheckValues(f, form(FilingKind::kAfterTheFact), ctx());
  for (const MissingItem& m : values) EXPECT_NE(m.item, "planned_in_the_past") << Dump(values);
}

// 国土交通省令第15条第4号〜第6号: the subcontractors' shareholders, officers and dealings with
// foreign governments are required; 第17条 lets an operator with the measures it lists omit them
// and the subcontractors' officers' documents, attaching a document that shows the measures.
TEST_F(ValidateTest, SubcontractorsFactsAndTheArticle17Omission) {
  Filing f = Complete();
  f.kind = FilingKind::kMaintenanceEntrustment;
  f.components.clear();
  f.installation = {};
  f.suppliers.clear();
  f.maintenance = Maintenance{};
  f.maintenance->content = "TOS の遠隔保守";
  f.maintenance->timing.planned_date = Date::Ymd(2026, 1, 1);
  f.maintenance->contractor = Supplier("c1", "架空保守株式会社", true);
  Party sub = Supplier("c2", "架空再委託株式会社", true);
  sub.officers.clear();
  sub.shareholders.reset();
  sub.foreign_government_dealings.reset();
  f.maintenance->subcontractors.push_back(sub);
  f.attachments = {{"officer_identity_documents", "c1", "c1-ids.pdf", std::string(64, 'b'), 2048,
                    std::nullopt, Date::Ymd(2030, 3, 31)}};
  const regime::Form& entrust = form(FilingKind::kMaintenanceEntrustment);
  auto findings = CheckComplete(f, entrust);
  auto has = [](const std::vector<MissingItem>& items, std::string_view item) {
    return std::any_of(items.begin(), items.end(),
                       [&](const MissingItem& m) { return m.item == item; });
  };
  for (const char* item :
       {"maintenance.subcontractors[].officers", "maintenance.subcontractors[].shareholders",
        "maintenance.subcontractors[].foreign_government_dealings",
        "attachments.officer_identity_documents"}) {
    EXPECT_TRUE(has(findings, item)) << item << "\n" << Dump(findings);
  }
  f.omissions = {"subcontracting_measures"};
  findings = CheckComplete(f, entrust);
  for (const char* item :
       {"maintenance.subcontractors[].officers", "maintenance.subcontractors[].shareholders",
        "maintenance.subcontractors[].foreign_government_dealings",
        "attachments.officer_identity_documents"}) {
    EXPECT_FALSE(has(findings, item)) << item << "\n" << Dump(findings);
  }
  // The omission asks for its proof, once for the filing.
  EXPECT_THAT(Pointers(findings), ::testing::ElementsAre("/attachments")) << Dump(findings);
  EXPECT_TRUE(has(findings, "attachments.subcontracting_measures_proof")) << Dump(findings);
  f.attachments.push_back({"subcontracting_measures_proof", "", "art17.pdf", std::string(64, 'd'),
                           4096, Date::Ymd(2025, 10, 1), std::nullopt});
  EXPECT_TRUE(CheckComplete(f, entrust).empty()) << Dump(CheckComplete(f, entrust));
  // The contractor's facts are not omitted: Art. 17 is about subcontracting only.
  f.maintenance->contractor->officers.clear();
  EXPECT_TRUE(has(CheckComplete(f, entrust), "maintenance.contractor.officers"));
  // An omission the form does not allow, or claimed twice, is invalid.
  f.omissions = {"subcontracting_measures", "subcontracting_measures", "no_such_omission"};
  auto values = CheckValues(f, entrust, ctx());
  EXPECT_THAT(Pointers(values), ::testing::IsSupersetOf({"/omissions/1", "/omissions/2"}))
      << Dump(values);
  f.omissions = {"subcontracting_measures"};
  for (const MissingItem& m : CheckValues(f, entrust, ctx())) {
    EXPECT_NE(m.item, "omission") << Dump(CheckValues(f, entrust, ctx()));
  }
}

// 法第54条第3項・第4項: filed after the change, with the day it was made (not after today); the
// change's parts belong to the kinds that change a plan.
TEST_F(ValidateTest, FilingsAfterAChange) {
  Filing f;
  f.kind = FilingKind::kChangeReport;
  f.business = base::BusinessId("general_port_transport");
  f.filer = {"kamigumi", "株式会社上組", "6140001006951"};
  const regime::Form& report = form(FilingKind::kChangeReport);
  EXPECT_THAT(Pointers(CheckComplete(f, report)),
              ::testing::ElementsAre("/changes_to", "/change_summary", "/changed_on"));
  f.changes_to = FilingId("f-1");
  f.change_summary = "構成設備の名称の変更（導入後）";
  f.changed_on = Date::Ymd(2025, 11, 5);  // after today
  EXPECT_TRUE(CheckComplete(f, report).empty());
  auto values = CheckValues(f, report, ctx());
  EXPECT_THAT(Pointers(values), ::testing::Contains("/changed_on")) << Dump(values);
  f.changed_on = Date::Ymd(2025, 11, 1);
  values = CheckValues(f, report, ctx());
  for (const MissingItem& m : values) EXPECT_NE(m.pointer, "/changed_on") << Dump(values);
  // On a plan filed beforehand, the day of a change made is out of place.
  Filing plan = Complete();
  plan.changed_on = Date::Ymd(2025, 11, 1);
  EXPECT_THAT(Pointers(CheckValues(plan, form(), ctx())), ::testing::Contains("/changed_on"));
  // In an emergency the change is made first: the reason and every item of the changed plan.
  Filing urgent = Complete();
  urgent.kind = FilingKind::kChangeAfterTheFact;
  urgent.changes_to = FilingId("f-1");
  urgent.change_summary = "供給者の変更（緊急）";
  urgent.changed_on = Date::Ymd(2025, 11, 3);
  urgent.components.clear();
  auto missing = CheckComplete(urgent, form(FilingKind::kChangeAfterTheFact));
  EXPECT_THAT(Pointers(missing), ::testing::ElementsAre("/components", "/emergency/reason"))
      << Dump(missing);
}

// 国土交通省令第11条第4号: the 25% test looks at fiscal years ended on or before the day two months
// before the filing (today, 2025-11-04 → 2025-09-04), the three latest of them.
TEST_F(ValidateTest, ForeignGovernmentSalesTest) {
  EXPECT_EQ(ForeignGovernmentTestCutoff(Date::Ymd(2026, 4, 15)), Date::Ymd(2026, 2, 15));
  EXPECT_EQ(ForeignGovernmentTestCutoff(Date::Ymd(2026, 4, 30)), Date::Ymd(2026, 2, 28));
  EXPECT_EQ(form().FindThreshold(regime::kForeignGovernmentSalesMinShare)->millionths, 250'000);
  auto with = [&](Date year_end, int64_t share) {
    Filing f = Complete();
    ForeignGovernmentDealings d;
    d.exists = true;
    d.fiscal_year_end = year_end;
    d.government = "X国政府（架空）";
    d.sales_share = Share{share};
    f.suppliers[1].foreign_government_dealings = d;
    return CheckFiling(f, form(), ctx());
  };
  EXPECT_TRUE(with(Date::Ymd(2025, 3, 31), 300'000).empty());
  EXPECT_TRUE(with(Date::Ymd(2025, 9, 4), 250'000).empty());
  auto late = with(Date::Ymd(2025, 9, 30), 300'000);
  ASSERT_EQ(late.size(), 1u) << Dump(late);
  EXPECT_EQ(late[0].kind, Kind::kInvalid);
  EXPECT_EQ(late[0].pointer, "/suppliers/1/foreign_government_dealings/fiscal_year_end");
  EXPECT_THAT(late[0].message.ja, HasSubstr("2025-09-04"));
  auto old = with(Date::Ymd(2022, 3, 31), 300'000);
  ASSERT_EQ(old.size(), 1u) << Dump(old);
  EXPECT_EQ(old[0].kind, Kind::kWarning);
  auto low = with(Date::Ymd(2025, 3, 31), 200'000);
  ASSERT_EQ(low.size(), 1u) << Dump(low);
  EXPECT_EQ(low[0].kind, Kind::kWarning);
  EXPECT_EQ(low[0].pointer, "/suppliers/1/foreign_government_dealings/sales_share");
  EXPECT_THAT(low[0].message.en, HasSubstr("25%"));
}

// 国土交通省令第9条第2項ただし書: attachments valid on the filing date, or made within the three
// months before it (today 2025-11-04 → on or after 2025-08-04).
TEST_F(ValidateTest, AttachmentsMustBeRecent) {
  EXPECT_EQ(MadeWithinMonthsSince(Date::Ymd(2026, 4, 15), 3), Date::Ymd(2026, 1, 15));
  Filing f = Complete();
  f.attachments[0].issued_on = Date::Ymd(2025, 8, 4);
  EXPECT_TRUE(CheckValues(f, form(), ctx()).empty());
  f.attachments[0].issued_on = Date::Ymd(2025, 8, 3);
  auto stale = CheckValues(f, form(), ctx());
  ASSERT_EQ(stale.size(), 1u) << Dump(stale);
  EXPECT_EQ(stale[0].pointer, "/attachments/0/issued_on");
  EXPECT_EQ(stale[0].kind, Kind::kInvalid);
  f.attachments[0].issued_on = Date::Ymd(2025, 11, 5);  // after the filing
  EXPECT_EQ(CheckValues(f, form(), ctx()).size(), 1u);
  f = Complete();
  f.attachments[1].valid_until = Date::Ymd(2025, 11, 3);
  auto expired = CheckValues(f, form(), ctx());
  ASSERT_EQ(expired.size(), 1u) << Dump(expired);
  EXPECT_EQ(expired[0].pointer, "/attachments/1/valid_until");
  f.attachments[1].valid_until = Date::Ymd(2025, 11, 4);  // valid on the filing date
  EXPECT_TRUE(CheckValues(f, form(), ctx()).empty());
}

TEST(CountryCodeTest, Shape) {
  EXPECT_TRUE(IsCountryCodeShape("JP"));
  EXPECT_FALSE(IsCountryCodeShape("jp"));
  EXPECT_FALSE(IsCountryCodeShape("JPN"));
  EXPECT_FALSE(IsCountryCodeShape("Ｊ"));
}

}  // namespace
}  // namespace kikan::filings
