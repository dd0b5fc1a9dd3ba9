// The sector packs of issue 18 through the commands users run, over their bundled populations
// (tools/gen-sector-datasets): business-year windows (banking's three-year averages, credit
// cards' any one of three 年度), facilities under an operator (power stations), a share of a
// national total with 四捨五入 (LPG imports), a business with no threshold (一般送配電), the
// packs' named assumptions, and the refusal of a dataset that lacks a column, repeats an
// operator's year, holds a negative amount or a unit the pack does not declare.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

// The JSON document a run printed (null, and a test failure, when it is not JSON).
json::value ParseJson(const CliRun& r) {
  try {
    return json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what() << ": " << r.out.substr(0, 300) << "\nstderr: " << r.err;
    return nullptr;
  }
}

// Ids by status ("designated", "not_designated", "undetermined").
std::set<std::string> WithStatus(const json::value& doc, std::string_view status) {
  std::set<std::string> ids;
  for (const auto& r : doc.at("results").as_array()) {
    if (r.at("status").as_string() == status) ids.insert(std::string(r.at("id").as_string()));
  }
  return ids;
}

std::set<std::string> AssumptionIds(const json::value& criteria) {
  std::set<std::string> ids;
  for (const auto& a : criteria.at("assumptions").as_array()) {
    ids.insert(std::string(a.at("id").as_string()));
  }
  return ids;
}

// 2026-11-25 (the runner's today) is in FY2026: the three business years are FY2023–FY2025.
TEST(SectorCliTest, BankingAveragesTheLastThreeEndedBusinessYears) {
  CliRun r = Kikan("evaluate --business banking --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_TRUE(doc.at("synthetic_data").as_bool());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  const std::set<std::string> want = {"nm-deposits-at",
                                      "nm-deposits-above",
                                      "nm-accounts-at",
                                      "nm-accounts-above",
                                      "nm-atms-at",
                                      "nm-atms-above",
                                      "nm-missing-but-accounts",
                                      "mega-1",
                                      "mega-2",
                                      "mega-3"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  // A year missing and no line met otherwise: undetermined, never "not designated".
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-missing-year"});
  const std::set<std::string> no = WithStatus(doc, "not_designated");
  for (const char* id :
       {"nm-deposits-below", "nm-accounts-below", "nm-atms-below", "nm-unended-year"}) {
    EXPECT_TRUE(no.count(id)) << id;
  }
  EXPECT_EQ(doc.at("designated_count").as_int64(), 10);
  const std::set<std::string> assumptions = AssumptionIds(doc.at("criteria"));
  EXPECT_TRUE(assumptions.count("three_business_years"));
  EXPECT_TRUE(assumptions.count("non_consolidated"));
}

// FY2026 ends on 2027-03-31: on that day it still does not count; the next day it does, and the
// bank whose FY2026 alone is large (¥200 trillion) then meets the average.
TEST(SectorCliTest, BankingCountsAYearOnlyOnceItHasEnded) {
  CliRun before = Kikan("evaluate --business banking --as-of 2027-03-31 --format json");
  CliRun after = Kikan("evaluate --business banking --as-of 2027-04-01 --format json");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_FALSE(WithStatus(ParseJson(before), "designated").count("nm-unended-year"));
  json::value doc = ParseJson(after);
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2026);
  EXPECT_TRUE(WithStatus(doc, "designated").count("nm-unended-year"));
}

TEST(SectorCliTest, BankingExplanationNamesTheYearsAndTheAssumptions) {
  CliRun text = Kikan("explain --business banking --as-of 2026-11-25 --operator nm-deposits-at");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("deposits_jpy @FY2025  (10,500,000,000,000)"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("deposits_jpy @FY2023  (9,500,000,000,000)"), std::string::npos);
  // The exact average, at the line.
  EXPECT_NE(text.out.find("mean(deposits_jpy, 3)  (10,000,000,000,000)"), std::string::npos);
  EXPECT_NE(text.out.find("前提 three_business_years:"), std::string::npos);
  EXPECT_NE(text.out.find("合成データ"), std::string::npos);
  CliRun en =
      Kikan("--lang en explain --business banking --as-of 2026-11-25 --operator nm-deposits-below");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("assumption exact_average:"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("(9,999,999,999,999.6666…)"), std::string::npos) << en.out;
  CliRun js = Kikan(
      "explain --business banking --as-of 2026-11-25 --operator nm-deposits-below --format json");
  ASSERT_EQ(js.exit_code, 0) << js.err;
  json::value doc = ParseJson(js);
  EXPECT_EQ(doc.at("status").as_string(), "not_designated");
  const json::value& mean =
      doc.at("explanation").at("root").at("children").at(0).at("children").at(0);
  EXPECT_EQ(mean.at("source").as_string(), "mean(deposits_jpy, 3)");
  EXPECT_EQ(mean.at("value").at("quotient").at(0).as_int64(), 29'999'999'999'999);
  EXPECT_EQ(mean.at("value").at("quotient").at(1).as_int64(), 3);
  EXPECT_FALSE(AssumptionIds(doc.at("criteria")).empty());
}

TEST(SectorCliTest, CreditCardNeedsBothLinesAtOneYearEnd) {
  CliRun r = Kikan("evaluate --business credit_card --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(WithStatus(doc, "designated"),
            (std::set<std::string>{"nm-both-at", "nm-both-above", "major-1", "major-2", "major-3",
                                   "major-4"}));
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown-year"});
  const std::set<std::string> no = WithStatus(doc, "not_designated");
  for (const char* id : {"nm-contracts-below", "nm-credit-below", "nm-split-years",
                         "nm-four-years-back", "nm-current-year"}) {
    EXPECT_TRUE(no.count(id)) << id;
  }
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("same_year_end"));
}

TEST(SectorCliTest, GenerationLooksAtEachFacilityNotTheTotal) {
  CliRun r = Kikan("evaluate --business elec_generation --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  const std::set<std::string> yes = WithStatus(doc, "designated");
  EXPECT_EQ(yes.size(), 15u);
  EXPECT_TRUE(yes.count("nm-unit-at"));
  EXPECT_TRUE(yes.count("nm-unit-above"));
  EXPECT_TRUE(yes.count("nm-unknown-but-large"));
  EXPECT_FALSE(yes.count("nm-unit-below"));
  EXPECT_FALSE(yes.count("nm-total-only"));
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown-output"});
}

TEST(SectorCliTest, LpgShareIsRoundedHalfUpAsTheTextSays) {
  CliRun r = Kikan("evaluate --business oil_lpg_import --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  const std::set<std::string> yes = WithStatus(doc, "designated");
  EXPECT_TRUE(yes.count("nm-half-percent"));  // 0.005 → 0.01
  EXPECT_TRUE(yes.count("nm-one-percent"));
  EXPECT_TRUE(yes.count("nm-entrant"));           // missing years count 0 (the pack says so)
  EXPECT_FALSE(yes.count("nm-just-below-half"));  // 0.0049999… → 0.00
  EXPECT_FALSE(yes.count("nm-feedstock-only"));
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("rounding_of_ratio"));
  CliRun ex = Kikan(
      "explain --business oil_lpg_import --as-of 2026-11-25 --operator nm-half-percent --format "
      "json");
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  json::value e = ParseJson(ex);
  const json::value& rounded =
      e.at("explanation").at("root").at("children").at(0).at("children").at(0);
  EXPECT_EQ(rounded.at("source").as_string(), "round(share_of_total(lpg_imports_t, 5), 2)");
  EXPECT_EQ(rounded.at("value").at("ratio").at(0).as_int64(), 1);
  EXPECT_EQ(rounded.at("value").at("ratio").at(1).as_int64(), 100);
  const json::value& share = rounded.at("children").at(0);
  EXPECT_EQ(share.at("value").at("ratio").at(0).as_int64(), 250'000);
  EXPECT_EQ(share.at("value").at("ratio").at(1).as_int64(), 50'000'000);
}

TEST(SectorCliTest, GeneralTransmissionHasNoThresholdEveryOperatorMeetsIt) {
  CliRun r = Kikan("evaluate --business elec_general_td --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(WithStatus(doc, "designated").size(), 10u);
  EXPECT_EQ(doc.at("not_designated_count").as_int64(), 0);
  EXPECT_FALSE(doc.at("synthetic_data").as_bool());
}

// A business without a threshold evaluated on its bundled population on 2026-11-25: exactly
// `want` meet the criteria, nobody fails them, and the data is synthetic or not as said.
void ExpectEveryOperatorMeets(const std::string& business, const std::set<std::string>& want,
                              bool synthetic) {
  CliRun r = Kikan("evaluate --business " + business + " --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << business << ": " << r.err;
  json::value doc = ParseJson(r);
  EXPECT_EQ(WithStatus(doc, "designated"), want) << business;
  EXPECT_EQ(doc.at("not_designated_count").as_int64(), 0) << business;
  EXPECT_EQ(doc.at("synthetic_data").as_bool(), synthetic) << business;
}

// The other electricity businesses without a threshold (経済産業省令第41号第2条第2号・第3号): every
// operator of the synthetic populations meets the criteria, the rule cited and its assumption
// shown.
TEST(SectorCliTest, TransmissionAndDistributionHaveNoThreshold) {
  ExpectEveryOperatorMeets("elec_transmission", {"tr-1", "tr-2", "tr-3"}, true);
  ExpectEveryOperatorMeets("elec_distribution", {"di-1", "di-2"}, true);
  CliRun text = Kikan("evaluate --business elec_transmission --as-of 2026-11-25");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("[経済産業省令第2条第2号] true"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("前提 licensed_population:"), std::string::npos) << text.out;
}

// The finance businesses without a threshold (内閣府令第61号第2条第2号・第3号・第7号・第10号): the
// real bodies of their small populations each meet the criteria, and the data is not synthetic.
TEST(SectorCliTest, FinanceFederationsAndClearingHaveNoThreshold) {
  ExpectEveryOperatorMeets("shinkin_federation", {"shinkin-central"}, false);
  ExpectEveryOperatorMeets("credit_coop_federation", {"zenshinkumiren"}, false);
  ExpectEveryOperatorMeets("fi_clearing", {"jscc", "jdcc"}, false);
  ExpectEveryOperatorMeets("funds_clearing", {"zengin-net"}, false);
  CliRun show = Kikan("regime show --business fi_clearing");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("第156条の19第1項の承認"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("第1条第7号"), std::string::npos) << show.out;
}

// The businesses of the finance sector's joint orders (内閣府・…省令), each done by one named
// body: it meets the criteria; the pack names the joint ministers, and its citation is a confirmed
// reference to its own order on e-Gov.
TEST(SectorCliTest, JointOrderBusinessesEachHaveTheirOneBody) {
  ExpectEveryOperatorMeets("rokin_federation", {"rokin-renraku"}, false);
  ExpectEveryOperatorMeets("norinchukin", {"norinchukin"}, false);
  ExpectEveryOperatorMeets("deposit_insurance", {"dicj"}, false);
  ExpectEveryOperatorMeets("agri_fish_savings_insurance", {"sipc"}, false);
  ExpectEveryOperatorMeets("book_entry_transfer", {"jasdec"}, false);
  CliRun show = Kikan("regime show --business rokin_federation");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("金融庁（内閣総理大臣）・厚生労働省（厚生労働大臣）"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("https://laws.e-gov.go.jp/law/505M60000102006#Mp-At_2"),
            std::string::npos)
      << show.out;
}

// 郵便事業 (総務省令第64号第2条第3号): the one provider of the universal postal service meets the
// criteria; the pack's minister is the MIC's and its citation a confirmed e-Gov reference.
TEST(SectorCliTest, PostalHasNoThresholdItsOneProviderMeetsIt) {
  ExpectEveryOperatorMeets("postal", {"japanpost"}, false);
  CliRun show = Kikan("regime show --business postal");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("https://laws.e-gov.go.jp/law/505M60000008064#Mp-At_2-It_3"),
            std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("配達総合情報システム"), std::string::npos) << show.out;
}

// 特定ガス導管事業 (経済産業省令第41号第2条第7号): not a bare status — the operator must maintain
// and operate a 特定導管 (第1条第7号), judged per conduit: connected to a general conduit, 1e9 m³ a
// year or more (以上), not a general operator's own connection.
TEST(SectorCliTest, SpecifiedGasPipelineNeedsASpecifiedConduit) {
  CliRun r = Kikan("evaluate --business gas_specified_pipeline --as-of 2026-11-25 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  const std::set<std::string> want = {"gp-large", "gp-two", "nm-at", "nm-unknown-and-large"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown"});
  const std::set<std::string> no = WithStatus(doc, "not_designated");
  for (const char* id :
       {"nm-below", "nm-sum-only", "nm-unconnected", "nm-own-network", "gp-small"}) {
    EXPECT_EQ(no.count(id), 1u) << id;
  }
  EXPECT_TRUE(doc.at("synthetic_data").as_bool());
}

// --- 国土交通省令第62号第2条 (issue 18, MLIT businesses) ---------------------------------------

// A business's bundled population evaluated on 2026-11-25 as JSON.
json::value EvaluateBundled(const std::string& business) {
  CliRun r = Kikan("evaluate --business " + business + " --as-of 2026-11-25 --format json");
  EXPECT_EQ(r.exit_code, 0) << business << ": " << r.err;
  return ParseJson(r);
}

// `ids` each have `status` in an evaluation's JSON.
void ExpectStatus(const json::value& doc, std::string_view status,
                  std::initializer_list<const char*> ids) {
  const std::set<std::string> have = WithStatus(doc, status);
  for (const char* id : ids) EXPECT_EQ(have.count(id), 1u) << id << " is not " << status;
}

// The explanation of one operator of a business's bundled population on 2026-11-25: the root of
// its rule's tree.
json::value ExplainBundled(const std::string& business, const std::string& op) {
  CliRun r = Kikan("explain --business " + business + " --as-of 2026-11-25 --operator " + op +
                   " --format json");
  EXPECT_EQ(r.exit_code, 0) << business << " " << op << ": " << r.err;
  json::value e = ParseJson(r);
  return e.is_null() ? e : e.at("explanation").at("root");
}

// 国土交通省令第2条第1号: 「超える」 — exactly at either line is not enough, and the two businesses
// of one operator are never added.
TEST(SectorCliTest, WaterSupplyLinesAreStrictAndPerBusiness) {
  json::value doc = EvaluateBundled("water_supply");
  EXPECT_TRUE(doc.at("synthetic_data").as_bool());
  const std::set<std::string> yes = WithStatus(doc, "designated");
  EXPECT_EQ(yes.size(), 23u);
  ExpectStatus(doc, "designated", {"nm-pop-above", "nm-bulk-above", "nm-unknown-but-bulk"});
  ExpectStatus(doc, "not_designated",
               {"nm-pop-at", "nm-pop-below", "nm-bulk-at", "nm-bulk-below", "nm-both-small",
                "nm-not-running"});
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-pop-unknown"});
  const std::set<std::string> assumptions = AssumptionIds(doc.at("criteria"));
  EXPECT_TRUE(assumptions.count("each_business_alone"));
  EXPECT_TRUE(assumptions.count("capacity_not_output"));
}

// 国土交通省令第2条第2号: 「千キロメートル以上」 at the last ended fiscal year's end; the running
// year counts only once it has ended.
TEST(SectorCliTest, RailwayRouteKmAtTheLastEndedYear) {
  json::value doc = EvaluateBundled("railway_type1");
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  const std::set<std::string> yes = WithStatus(doc, "designated");
  const std::set<std::string> want = {"nm-km-at", "nm-km-above", "nm-opened", "jr-1",
                                      "jr-2",     "jr-3",        "jr-4",      "jr-5"};
  EXPECT_EQ(yes, want);
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown"});
  // On 2027-05-01 FY2026 has ended: the line opened in it counts, nm-km-at stays.
  CliRun later = Kikan("evaluate --business railway_type1 --as-of 2027-05-01 --format json");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  json::value next = ParseJson(later);
  EXPECT_EQ(next.at("fiscal_year").as_int64(), 2026);
  const std::set<std::string> yes_next = WithStatus(next, "designated");
  EXPECT_TRUE(yes_next.count("nm-running-year"));
  EXPECT_TRUE(yes_next.count("nm-km-at"));
  EXPECT_FALSE(yes_next.count("nm-km-below"));
}

// 国土交通省令第2条第4号: both shares of the whole business, each 「十パーセント以上」, compared
// exactly (one tonne or one vessel under the line is under it).
TEST(SectorCliTest, OceanShippingNeedsBothSharesOfTheWholeBusiness) {
  json::value doc = EvaluateBundled("ocean_cargo_international");
  const std::set<std::string> want = {"major-1", "major-2", "major-3", "nm-both-at"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  ExpectStatus(doc, "not_designated", {"nm-cargo-below", "nm-vessels-below", "nm-cargo-only"});
  json::value root = ExplainBundled("ocean_cargo_international", "nm-cargo-below");
  const json::value& cargo = root.at("children").at(0);
  EXPECT_FALSE(cargo.at("value").as_bool());
  const json::value& share = cargo.at("children").at(0);
  EXPECT_EQ(share.at("source").as_string(), "share(cargo_t)");
  EXPECT_EQ(share.at("value").at("ratio").at(0).as_int64(), 49'999'999);
  EXPECT_EQ(share.at("value").at("ratio").at(1).as_int64(), 500'000'000);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("previous_calendar_year"));
}

// 国土交通省令第2条第6号: specified carriers only, and the whole is theirs alone (by:
// specified_carrier); either share of 25% or more, previous fiscal year.
TEST(SectorCliTest, AirTransportSharesOfTheSpecifiedCarriersOnly) {
  json::value doc = EvaluateBundled("air_transport");
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  const std::set<std::string> want = {"major-intl", "major-dom", "nm-intl-at", "nm-dom-at"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  ExpectStatus(doc, "not_designated", {"nm-intl-below", "nm-dom-below", "nm-not-specified"});
  json::value root = ExplainBundled("air_transport", "nm-dom-at");
  // specified_carrier and (イ or ロ): ロ's share is 200,000 of the specified carriers' 800,000
  // (the non-specified carriers' flights are not in the whole).
  const json::value& either = root.at("children").at(1);
  const json::value& dom = either.at("children").at(1).at("children").at(0);
  EXPECT_EQ(dom.at("value").at("ratio").at(0).as_int64(), 200'000);
  EXPECT_EQ(dom.at("value").at("ratio").at(1).as_int64(), 800'000);
}

// 国土交通省令第2条第7号・第1条第7号: FY2019's passengers, fixed (a later year never counts), 以上,
// airports of 空港法第4条第1項 only, the Minister excluded.
TEST(SectorCliTest, AirportsUseFiscal2019AndExcludeTheMinister) {
  json::value doc = EvaluateBundled("airport_operation");
  const std::set<std::string> want = {
      "co-1",     "co-2",     "co-2-concession", "co-4",
      "conc-hub", "nm-at-op", "nm-above-op",     "nm-unknown-and-large"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown-op"});
  ExpectStatus(
      doc, "not_designated",
      {"minister", "nm-below-op", "nm-unlisted-op", "nm-recovered-op", "conc-1", "pref-01"});
  // The fixed year does not move with the evaluation date.
  CliRun later = Kikan("evaluate --business airport_operation --as-of 2030-06-01 --format json");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(WithStatus(ParseJson(later), "designated"), want);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("fixed_fy2019"));
}

TEST(SectorCliTest, RegimeShowsTheAssumptionsAndChecksEveryPack) {
  CliRun check = Kikan("regime check");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  CliRun show = Kikan("regime show --business oil_lpg_import");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("前提 rounding_of_ratio:"), std::string::npos) << show.out;
  CliRun en = Kikan("--lang en regime show --business banking");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Assumption three_business_years:"), std::string::npos) << en.out;
}

// A copy of the banking dataset, changed by `edit` (operator.csv's text), evaluated.
CliRun EvaluateEdited(const std::string& name, const std::string& csv) {
  const auto dir = std::filesystem::temp_directory_path() / ("kikan_sector_cli_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(
      std::filesystem::path(KIKAN_SOURCE_DIR_FALLBACK) / "data/datasets/banking/dataset.toml",
      dir / "dataset.toml");
  std::ofstream(dir / "operator.csv") << csv;
  CliRun r = Kikan("evaluate --business banking --as-of 2026-11-25 --data '" + dir.string() + "'");
  std::filesystem::remove_all(dir);
  return r;
}

TEST(SectorCliTest, DatasetsThatCannotBeJudgedAreRefusedWithTheirPlace) {
  const std::string head = "id,name,fiscal_year,deposits_jpy,deposit_accounts,atms\n";
  // A column the rule reads is missing.
  CliRun no_col = EvaluateEdited("nocol",
                                 "id,name,fiscal_year,deposits_jpy,deposit_accounts\n"
                                 "a,甲銀行,2025,1,1\n");
  EXPECT_NE(no_col.exit_code, 0);
  EXPECT_NE(no_col.err.find("operator.csv:1:1:"), std::string::npos) << no_col.err;
  EXPECT_NE(no_col.err.find("banking"), std::string::npos) << no_col.err;
  EXPECT_NE(no_col.err.find("atms"), std::string::npos) << no_col.err;
  // The same operator and year twice.
  CliRun twice = EvaluateEdited("twice", head + "a,甲銀行,2025,1,1,1\na,甲銀行,2025,2,2,2\n");
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("operator.csv:3:"), std::string::npos) << twice.err;
  // A negative amount.
  CliRun negative = EvaluateEdited("negative", head + "a,甲銀行,2025,-5,1,1\n");
  EXPECT_NE(negative.exit_code, 0);
  EXPECT_NE(negative.err.find("operator.csv:2:4:"), std::string::npos) << negative.err;
  // A unit the pack does not declare (千円 where the pack says 円); the pack's own unit is fine.
  CliRun unit = EvaluateEdited(
      "unit",
      "id,name,fiscal_year,deposits_jpy[千円],deposit_accounts,atms\na,甲銀行,2025,1,1,1\n");
  EXPECT_NE(unit.exit_code, 0);
  EXPECT_NE(unit.err.find("operator.csv:1:4:"), std::string::npos) << unit.err;
  CliRun same_unit = EvaluateEdited(
      "sameunit",
      "id,name,fiscal_year,deposits_jpy[円],deposit_accounts,atms\na,甲銀行,2025,1,1,1\n"
      "a,甲銀行,2024,1,1,1\na,甲銀行,2023,1,1,1\n");
  EXPECT_EQ(same_unit.exit_code, 0) << same_unit.err;
}

}  // namespace
}  // namespace kikan::testing
