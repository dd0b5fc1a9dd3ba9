#include "filings/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  p.officers = {{"代表 太郎", "JP"}, {"Officer Lee", "SG"}};
  p.shareholders = std::vector<Shareholder>{{"親会社（架空）", "JP", Share{600'000}},
                                            {"Fund X", "US", Share{125'000}}};
  p.foreign_government_dealings = ForeignGovernmentDealings{false, ""};
  p.past_supply_record = "2019年から保守を受託";
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
    f.attachments = {{"registry_certificate", "s2", "s2-registry.pdf", std::string(64, 'a'), 1024}};
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
      {[](Filing& f) {
         f.suppliers[0].foreign_government_dealings = ForeignGovernmentDealings{true, ""};
       },
       "/suppliers/0/foreign_government_dealings/description",
       "suppliers[].foreign_government_dealings"},
      {[](Filing& f) { f.suppliers[1].past_supply_record.clear(); },
       "/suppliers/1/past_supply_record", "suppliers[].past_supply_record"},
      {[](Filing& f) { f.risk_measures.erase("access_control"); }, "/risk_measures/access_control",
       "risk_measures.access_control"},
      {[](Filing& f) { f.attachments.clear(); }, "/attachments",
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
  // 5 equipment items, components, 2 installation items, 9 facts of the supplier, 8 checklist
  // items, the registry certificate.
  EXPECT_EQ(findings.size(), 5u + 1 + 2 + 9 + 8 + 1) << Dump(findings);
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
  // The subcontractor's address, and its registry certificate (per party, not in Japan).
  EXPECT_THAT(Pointers(findings),
              ::testing::ElementsAre("/maintenance/subcontractors/0/address", "/attachments"))
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

TEST(CountryCodeTest, Shape) {
  EXPECT_TRUE(IsCountryCodeShape("JP"));
  EXPECT_FALSE(IsCountryCodeShape("jp"));
  EXPECT_FALSE(IsCountryCodeShape("JPN"));
  EXPECT_FALSE(IsCountryCodeShape("Ｊ"));
}

}  // namespace
}  // namespace kikan::filings
