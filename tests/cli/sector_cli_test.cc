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
#include <vector>

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
// year counts only once it has ended. The near misses are a synthetic test fixture (the bundled
// population is real).
TEST(SectorCliTest, RailwayRouteKmAtTheLastEndedYear) {
  const std::string edges = " --data '" + SourceDir() + "/tests/data/sector-edges/railway_type1'";
  CliRun r = Kikan("evaluate --business railway_type1 --as-of 2026-11-25 --format json" + edges);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_TRUE(doc.at("synthetic_data").as_bool());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  const std::set<std::string> yes = WithStatus(doc, "designated");
  const std::set<std::string> want = {"nm-km-at", "nm-km-above", "nm-opened", "jr-1",
                                      "jr-2",     "jr-3",        "jr-4",      "jr-5"};
  EXPECT_EQ(yes, want);
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown"});
  // On 2027-05-01 FY2026 has ended: the line opened in it counts, nm-km-at stays.
  CliRun later =
      Kikan("evaluate --business railway_type1 --as-of 2027-05-01 --format json" + edges);
  ASSERT_EQ(later.exit_code, 0) << later.err;
  json::value next = ParseJson(later);
  EXPECT_EQ(next.at("fiscal_year").as_int64(), 2026);
  const std::set<std::string> yes_next = WithStatus(next, "designated");
  EXPECT_TRUE(yes_next.count("nm-running-year"));
  EXPECT_TRUE(yes_next.count("nm-km-at"));
  EXPECT_FALSE(yes_next.count("nm-km-below"));
}

// The bundled railways are real (the JR companies' type-1 route length on 2022-01-01, held as
// FY2021): the five JR companies over 1,000 km meet the line. Without a date the latest year
// (FY2021) is judged; a date in FY2022 judges FY2021 under the criteria named (they came into force
// later); a date whose previous year the data lacks is refused rather than judged on another year.
TEST(SectorCliTest, BundledRailwaysAreRealJrRouteLengths) {
  CliRun r =
      Kikan("evaluate --business railway_type1 --criteria 2023 --as-of 2022-06-01 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_FALSE(doc.at("synthetic_data").as_bool());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2021);
  const std::set<std::string> want = {"jr-east", "jr-west", "jr-hokkaido", "jr-kyushu",
                                      "jr-central"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  ExpectStatus(doc, "not_designated", {"jr-shikoku", "jr-freight"});
  CliRun today = Kikan("evaluate --business railway_type1 --format json");
  ASSERT_EQ(today.exit_code, 0) << today.err;
  EXPECT_EQ(ParseJson(today).at("fiscal_year").as_int64(), 2021);
  CliRun dated = Kikan("evaluate --business railway_type1 --as-of 2026-11-25 --format json");
  EXPECT_NE(dated.exit_code, 0);
  EXPECT_NE(dated.err.find("2025"), std::string::npos) << dated.err;
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
// airports of 空港法第4条第1項 only, the Minister excluded. The near misses are a synthetic test
// fixture (the bundled population is real).
TEST(SectorCliTest, AirportsUseFiscal2019AndExcludeTheMinister) {
  const std::string edges =
      " --data '" + SourceDir() + "/tests/data/sector-edges/airport_operation'";
  CliRun r =
      Kikan("evaluate --business airport_operation --as-of 2026-11-25 --format json" + edges);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value doc = ParseJson(r);
  EXPECT_TRUE(doc.at("synthetic_data").as_bool());
  const std::set<std::string> want = {
      "co-1",     "co-2",     "co-2-concession", "co-4",
      "conc-hub", "nm-at-op", "nm-above-op",     "nm-unknown-and-large"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-unknown-op"});
  ExpectStatus(
      doc, "not_designated",
      {"minister", "nm-below-op", "nm-unlisted-op", "nm-recovered-op", "conc-1", "pref-01"});
  // The fixed year does not move with the evaluation date.
  CliRun later =
      Kikan("evaluate --business airport_operation --as-of 2030-06-01 --format json" + edges);
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(WithStatus(ParseJson(later), "designated"), want);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("fixed_fy2019"));
}

// The bundled airports are real (FY2019 passengers, 航空局's preliminary figures): the operators at
// the eight 特定空港 meet the criteria, except the Minister (羽田, 那覇 and the state airports);
// the concessionaires of airports of about 3 million passengers do not.
TEST(SectorCliTest, BundledAirportsAreRealAndYieldTheOperatorsOfTheEightLargest) {
  json::value doc = EvaluateBundled("airport_operation");
  EXPECT_FALSE(doc.at("synthetic_data").as_bool());
  const std::set<std::string> want = {"narita-international-airport",
                                      "new-kansai-international-airport",
                                      "kansai-airports",
                                      "central-japan-international-airport",
                                      "fukuoka-international-airport",
                                      "hokkaido-airports"};
  EXPECT_EQ(WithStatus(doc, "designated"), want);
  EXPECT_TRUE(WithStatus(doc, "undetermined").empty());
  ExpectStatus(doc, "not_designated",
               {"minister", "sendai-international-airport", "kumamoto-international-airport",
                "hiroshima-international-airport"});
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

// --- 経済産業省令第41号 and 総務省令第64号, the businesses after the first ones (sectors-meti)
// ----

// Evaluates a business on its bundled synthetic population and checks its near misses: `met`
// are designated (`met_count` rows in all), `not_met` are not, and exactly `undetermined` are
// undetermined. Returns the JSON document for further checks (null when the run failed).
json::value ExpectNearMisses(const std::string& business, const std::string& as_of,
                             size_t met_count, const std::set<std::string>& met,
                             const std::set<std::string>& not_met,
                             const std::set<std::string>& undetermined) {
  CliRun r = Kikan("evaluate --business " + business + " --as-of " + as_of + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return nullptr;
  json::value doc = ParseJson(r);
  EXPECT_TRUE(doc.at("synthetic_data").as_bool()) << business;
  const std::set<std::string> yes = WithStatus(doc, "designated");
  const std::set<std::string> no = WithStatus(doc, "not_designated");
  EXPECT_EQ(yes.size(), met_count) << business << " " << as_of;
  for (const std::string& id : met) EXPECT_EQ(yes.count(id), 1u) << business << " " << id;
  for (const std::string& id : not_met) EXPECT_EQ(no.count(id), 1u) << business << " " << id;
  EXPECT_EQ(WithStatus(doc, "undetermined"), undetermined) << business << " " << as_of;
  return doc;
}

// 特定卸供給事業 (経済産業省令第41号第2条第5号): the total output aggregated from parties other
// than 発電事業者, 以上 50万kW; the output from generation businesses never counts
// (nm-with-generators: 60万kW only with it).
TEST(SectorCliTest, SpecifiedWholesaleCountsTheTotalWithoutGenerationBusinesses) {
  json::value doc = ExpectNearMisses(
      "elec_specified_wholesale", "2026-11-25", 5,
      {"nm-total-at", "nm-total-above", "vpp-large-1", "vpp-large-2", "vpp-large-3"},
      {"nm-total-below", "nm-with-generators"}, {"nm-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(WithStatus(doc, "not_designated").size(), 34u);
  const std::set<std::string> assumptions = AssumptionIds(doc.at("criteria"));
  EXPECT_TRUE(assumptions.count("total_of_sources"));
  EXPECT_TRUE(assumptions.count("generators_excluded"));
  // The total leaves out the generation businesses' rows (where:): nm-with-generators adds 400,000
  // kW from two suppliers and shows, without adding, its generation business's 200,000 kW.
  CliRun why = Kikan(
      "explain --business elec_specified_wholesale --as-of 2026-11-25 --operator "
      "nm-with-generators");
  ASSERT_EQ(why.exit_code, 0) << why.err;
  EXPECT_NE(why.out.find("(400,000)"), std::string::npos) << why.out;
  EXPECT_NE(why.out.find("not s.generation_business"), std::string::npos) << why.out;
  CliRun show = Kikan("regime show --business elec_specified_wholesale");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("https://laws.e-gov.go.jp/law/505M60000400041#Mp-At_2-It_5"),
            std::string::npos)
      << show.out;
}

// 一般ガス導管事業 (経済産業省令第41号第2条第6号): gas meters 以上 30万個, read at the end of the
// last ended fiscal year (the pack's assumption): FY2025 until 2027-03-31, FY2026 from 2027-04-01.
TEST(SectorCliTest, GeneralGasPipelineCountsMetersAtTheLastEndedYear) {
  json::value doc = ExpectNearMisses(
      "gas_general_pipeline", "2026-11-25", 11, {"nm-meters-at", "nm-meters-above"},
      {"nm-meters-below", "nm-running-year", "nm-past-only"}, {"nm-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("meters_at_fiscal_year_end"));
  // The last day of FY2026 still judges FY2025; the next day FY2026 has ended and is read
  // (nm-unknown has a FY2026 figure; nm-meters-below is 299,999 again).
  ExpectNearMisses("gas_general_pipeline", "2027-03-31", 11, {}, {"nm-running-year"},
                   {"nm-unknown"});
  json::value later = ExpectNearMisses("gas_general_pipeline", "2027-04-01", 13,
                                       {"nm-running-year", "nm-unknown"}, {"nm-meters-below"}, {});
  ASSERT_FALSE(later.is_null());
  EXPECT_EQ(later.at("fiscal_year").as_int64(), 2026);
}

// ガス製造事業 (経済産業省令第41号第2条第8号): a plant of 以上 20万m³/h that the operator maintains
// and operates, judged per plant (two of 15万 are not one of 20万).
TEST(SectorCliTest, GasManufacturingLooksAtEachPlant) {
  json::value doc = ExpectNearMisses("gas_manufacturing", "2026-11-25", 9,
                                     {"nm-plant-at", "nm-plant-above", "nm-unknown-and-large"},
                                     {"nm-plant-below", "nm-total-only"}, {"nm-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("per_plant"));
}

// 石油精製業 (経済産業省令第41号第2条第9号): has a 石油蒸留設備, read as the Oil Stockpiling Act's
// Art. 2(4) unit of 以上 150 kL a day (the pack's assumption); a refiner without one does not meet
// it.
TEST(SectorCliTest, RefiningNeedsADistillationUnitOfTheStockpilingAct) {
  json::value doc = ExpectNearMisses("oil_refining", "2026-11-25", 11,
                                     {"nm-unit-at", "nm-unit-above", "nm-unknown-and-large"},
                                     {"nm-unit-below", "nm-no-unit"}, {"nm-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(WithStatus(doc, "not_designated").size(), 2u);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("stockpiling_act_unit"));
}

// The explanation node of a rule's `branch`-th operand's `child`-th operand, for one operator.
json::value ExplainedNode(const std::string& business, const std::string& op, size_t branch,
                          size_t child) {
  CliRun ex = Kikan("explain --business " + business + " --as-of 2026-11-25 --operator " + op +
                    " --format json");
  EXPECT_EQ(ex.exit_code, 0) << ex.err;
  if (ex.exit_code != 0) return nullptr;
  return ParseJson(ex)
      .at("explanation")
      .at("root")
      .at("children")
      .at(branch)
      .at("children")
      .at(child);
}

// 電気通信事業 (総務省令第64号第2条第1号): any of イ〜ホ, judged on the previous fiscal year. ハ is
// a share of the population's cross-border facilities (以上 1/10: 4 of 40 meets it, 3 does not); ホ
// needs 以上 6,000万 monthly users and the government's use, in the year before the current one.
TEST(SectorCliTest, TelecomMeetsAnyBranchOnThePreviousFiscalYear) {
  json::value doc =
      ExpectNearMisses("telecom", "2026-11-25", 11,
                       {"t1-east", "t1-west", "transit-co", "mno-1", "mno-2", "mno-3", "mno-4",
                        "cable-co", "nm-cable-at", "msg-large", "nm-message-at"},
                       {"nm-cable-below", "nm-message-below", "nm-message-not-government",
                        "nm-message-running-year"},
                       {"nm-message-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  const std::set<std::string> assumptions = AssumptionIds(doc.at("criteria"));
  EXPECT_TRUE(assumptions.count("cable_total_is_population"));
  EXPECT_TRUE(assumptions.count("monthly_average_rounded_down"));
  // From 2027-04-01 the previous fiscal year is FY2026, when the running-year row has 6,500万.
  ExpectNearMisses("telecom", "2027-04-01", 12, {"nm-message-running-year"}, {"nm-cable-below"},
                   {"nm-message-unknown"});
  const json::value share = ExplainedNode("telecom", "nm-cable-at", 2, 1);
  ASSERT_FALSE(share.is_null());
  EXPECT_EQ(share.at("source").as_string(), "share(cross_border_cables) >= $min_cable_share");
  EXPECT_EQ(share.at("children").at(0).at("value").at("ratio").at(0).as_int64(), 4);
  EXPECT_EQ(share.at("children").at(0).at("value").at("ratio").at(1).as_int64(), 40);
}

// 地上基幹放送 (総務省令第64号第2条第2号): general-programming TV, and both イ (self-produced 以上
// 1/4) and ロ (households in the area 以上 1/4 of the nation's: a share of the dataset's national
// total for the previous fiscal year).
TEST(SectorCliTest, TerrestrialBroadcastNeedsBothQuarters) {
  json::value doc = ExpectNearMisses(
      "broadcast_terrestrial", "2026-11-25", 8,
      {"key-1", "key-2", "key-3", "key-4", "key-5", "public-1", "nm-households-at", "nm-self-at"},
      {"nm-households-below", "nm-self-below", "nm-radio-only", "nm-households-running-year",
       "nm-self-unknown-small"},
      {"nm-self-unknown"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025);
  EXPECT_TRUE(AssumptionIds(doc.at("criteria")).count("households_of_the_year"));
  const json::value share = ExplainedNode("broadcast_terrestrial", "nm-households-at", 2, 0);
  ASSERT_FALSE(share.is_null());
  EXPECT_EQ(share.at("source").as_string(), "share_of_total(area_households, 1)");
  EXPECT_EQ(share.at("value").at("ratio").at(0).as_int64(), 15'000'000);
  EXPECT_EQ(share.at("value").at("ratio").at(1).as_int64(), 60'000'000);
  // FY2026: the running-year row's 1,600万 is read, and the nation's households grew to
  // 60,200,000, so nm-households-at's 15,000,000 is short of the quarter that year.
  ExpectNearMisses("broadcast_terrestrial", "2027-04-01", 8, {"nm-households-running-year"},
                   {"nm-households-below", "nm-households-at"}, {"nm-self-unknown"});
}

// --- The three-year-average businesses of 内閣府令第61号第2条 and 内閣府・法務省令第2号第2条
// ---------- (tools/gen-sector-datasets, gen_mean_business): for each line (a column) the
// population holds nm-<column>-at (the three-year average exactly at the line: meets, 以上), -below
// (one unit short) and -above (one over); nm-unended-year (only the running FY2026 is large: never
// counted before 2027-04-01), nm-missing-year (no FY2024 row: undetermined) and, with two lines or
// more, nm-missing-cell (one value missing, decided by the other line: met where one line suffices,
// not met where both are needed).

struct MeanBusiness {
  std::string business;
  std::vector<std::string> columns;  // the column names with '_' written '-', as in the ids
  bool any_line;                // いずれか (true) or いずれにも / a single line (false)
  std::set<std::string> large;  // operators clearly over every line
};

void ExpectMeanLinesAtTheirEdges(const MeanBusiness& b) {
  CliRun r = Kikan("evaluate --business " + b.business + " --as-of 2026-12-03 --format json");
  ASSERT_EQ(r.exit_code, 0) << b.business << ": " << r.err;
  json::value doc = ParseJson(r);
  EXPECT_TRUE(doc.at("synthetic_data").as_bool()) << b.business;
  EXPECT_EQ(doc.at("fiscal_year").as_int64(), 2025) << b.business;
  std::set<std::string> want = b.large;
  std::set<std::string> not_met = {"nm-unended-year"};
  for (const std::string& c : b.columns) {
    want.insert("nm-" + c + "-at");
    want.insert("nm-" + c + "-above");
    not_met.insert("nm-" + c + "-below");
  }
  if (b.columns.size() > 1) (b.any_line ? want : not_met).insert("nm-missing-cell");
  EXPECT_EQ(WithStatus(doc, "designated"), want) << b.business;
  EXPECT_EQ(WithStatus(doc, "undetermined"), std::set<std::string>{"nm-missing-year"})
      << b.business;
  const std::set<std::string> no = WithStatus(doc, "not_designated");
  for (const std::string& id : not_met) EXPECT_EQ(no.count(id), 1u) << b.business << " " << id;
  const std::set<std::string> assumptions = AssumptionIds(doc.at("criteria"));
  EXPECT_TRUE(assumptions.count("three_business_years")) << b.business;
  EXPECT_TRUE(assumptions.count("exact_average")) << b.business;
  // FY2026 counts from the day after it ends.
  CliRun last = Kikan("evaluate --business " + b.business + " --as-of 2027-03-31 --format json");
  CliRun next = Kikan("evaluate --business " + b.business + " --as-of 2027-04-01 --format json");
  ASSERT_EQ(last.exit_code, 0) << last.err;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_FALSE(WithStatus(ParseJson(last), "designated").count("nm-unended-year")) << b.business;
  EXPECT_TRUE(WithStatus(ParseJson(next), "designated").count("nm-unended-year")) << b.business;
}

// A command's output (exit 0) holds every one of `wanted`.
void ExpectOutputHas(const std::string& command, const std::vector<std::string>& wanted) {
  CliRun r = Kikan(command);
  ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
  for (const std::string& w : wanted)
    EXPECT_NE(r.out.find(w), std::string::npos) << w << "\n" << r.out;
}

// The value node (the left side) of line `line` of the rule, explained for `op` on 2026-12-03:
// null when the command fails.
json::value LineValueNode(const std::string& business, const std::string& op, size_t line) {
  CliRun r = Kikan("explain --business " + business + " --as-of 2026-12-03 --operator " + op +
                   " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return nullptr;
  return ParseJson(r).at("explanation").at("root").at("children").at(line).at("children").at(0);
}

// 資金移動業 (内閣府令第2条第4号): both lines (いずれにも), users at the year-ends and the funds
// moved in each year, each a three-year average 以上 its line.
TEST(SectorCliTest, FundsTransferNeedsBothAverages) {
  ExpectMeanLinesAtTheirEdges(
      {"funds_transfer", {"users", "transferred-jpy"}, false, {"ft-large-1", "ft-large-2"}});
  ExpectOutputHas(
      "explain --business funds_transfer --as-of 2026-12-03 --operator nm-users-at",
      {"mean(users, 3)  (10,000,000)", "users @FY2023  (9,000,000)", "前提 users_as_reported:"});
  const json::value mean = LineValueNode("funds_transfer", "nm-transferred-jpy-below", 1);
  ASSERT_FALSE(mean.is_null());
  EXPECT_EQ(mean.at("source").as_string(), "mean(transferred_jpy, 3)");
  EXPECT_EQ(mean.at("value").at("quotient").at(0).as_int64(), 1'199'999'999'999);
}

// 保険業 (内閣府令第2条第5号): any one of four lines (いずれか) — イ claims net of refunds and
// reinsurance (flow), ロ life policies (year-ends), ハ non-life net direct claims (flow), ニ
// non-life policies (year-ends). nm-missing-cell: イ unknown (FY2024 missing), ロ decides.
TEST(SectorCliTest, InsuranceMeetsAnyOfItsFourAverages) {
  ExpectMeanLinesAtTheirEdges(
      {"insurance",
       {"net-claims-paid-jpy", "life-policies", "nonlife-direct-claims-jpy", "nonlife-policies"},
       true,
       {"ins-large-life-1", "ins-large-life-2", "ins-large-nonlife-1"}});
  ExpectOutputHas("explain --business insurance --as-of 2026-12-03 --operator nm-missing-cell",
                  {"? mean(claims_paid_jpy - surrender_values_jpy - other_refunds_jpy - "
                   "reinsurance_premiums_jpy, 3) >= $min_net_claims_paid_jpy",
                   "✓ mean(life_policies, 3) >= $min_life_policies", "前提 net_claims_terms:"});
  // イ computed year by year from its four terms: 1,000,000,000,000 − 1 at the line's edge.
  const json::value net = LineValueNode("insurance", "nm-net-claims-paid-jpy-below", 0);
  ASSERT_FALSE(net.is_null());
  EXPECT_EQ(net.at("value").at("quotient").at(0).as_int64(), 2'999'999'999'999);
  EXPECT_EQ(net.at("value").at("quotient").at(1).as_int64(), 3);
}

// 第一種金融商品取引業 (内閣府令第2条第8号): a 第29条 registrant (the population) meeting either
// average at the year-ends: customer assets (三十兆円) or customer accounts (五百万口座).
TEST(SectorCliTest, SecuritiesType1MeetsEitherAverage) {
  ExpectMeanLinesAtTheirEdges({"securities_type1",
                               {"client-assets-jpy", "client-accounts"},
                               true,
                               {"sec-large-1", "sec-large-2", "sec-large-3"}});
  ExpectOutputHas("regime show --business securities_type1", {"前提 registered_population:"});
}

// 信託業 (内閣府令第2条第9号): one line, the trust property held at the year-ends (三百兆円以上).
TEST(SectorCliTest, TrustAveragesItsTrustAssets) {
  ExpectMeanLinesAtTheirEdges(
      {"trust", {"trust-assets-jpy"}, false, {"trust-large-1", "trust-large-2"}});
  ExpectOutputHas(
      "--lang en explain --business trust --as-of 2026-12-03 --operator nm-trust-assets-jpy-below",
      {"(299,999,999,999,999.6666…)", "assumption delegated_excluded:"});
}

// 第三者型前払式支払手段の発行 (内閣府令第2条第11号): both lines (いずれにも), merchants at the
// year-ends (一万店) and the amount issued in each year (一兆円).
TEST(SectorCliTest, PrepaidThirdPartyNeedsBothAverages) {
  ExpectMeanLinesAtTheirEdges(
      {"prepaid_third_party", {"merchants", "issued-jpy"}, false, {"pp-large-1", "pp-large-2"}});
  ExpectOutputHas(
      "explain --business prepaid_third_party --as-of 2026-12-03 --operator nm-merchants-below",
      {"mean(merchants, 3)  (9,999.6666…)", "前提 merchant_count_unit:"});
}

// 電子債権記録業 (内閣府・法務省令第2号第2条, its own pack: 金融庁・法務省): the designated
// recording institutions except those averaging less than ¥1 trillion outstanding
// (未満である者を除く): an average exactly at the line is not excluded; the joint order's citation
// links to e-Gov.
TEST(SectorCliTest, ElectronicClaimsRecordingExcludesOnlyAverageUnderTheLine) {
  ExpectMeanLinesAtTheirEdges(
      {"e_monetary_claims_recording", {"e-claims-outstanding-jpy"}, false, {"ec-large-1"}});
  ExpectOutputHas(
      "explain --business e_monetary_claims_recording --as-of 2026-12-03 --operator "
      "nm-e-claims-outstanding-jpy-at",
      {"✓ not (mean(e_claims_outstanding_jpy, 3) < $min_outstanding_jpy)  [内閣府・法務省令第2条]",
       "✗ mean(e_claims_outstanding_jpy, 3) < $min_outstanding_jpy",
       "前提 unknown_is_not_excluded:"});
  ExpectOutputHas("regime show --business e_monetary_claims_recording --format json",
                  {"505M60000012002"});
}

// 取引所金融商品市場の開設 (内閣府令第2条第6号): every exchange except those whose securities
// trading value averages less than ¥75 trillion (未満である者を除く); a derivatives-only exchange
// is excluded.
TEST(SectorCliTest, ExchangeExcludesOnlyAverageUnderTheLine) {
  ExpectMeanLinesAtTheirEdges(
      {"exchange", {"securities-trading-value-jpy"}, false, {"ex-large-1"}});
  CliRun r = Kikan("evaluate --business exchange --as-of 2026-12-03 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(WithStatus(ParseJson(r), "not_designated").count("ex-derivatives"), 1u);
  ExpectOutputHas(
      "--lang en explain --business exchange --as-of 2026-12-03 --operator "
      "nm-securities-trading-value-jpy-below",
      {"✓ mean(securities_trading_value_jpy, 3) < $min_trading_value_jpy",
       "(74,999,999,999,999.6666…)", "assumption trading_value_scope:"});
}

}  // namespace
}  // namespace kikan::testing
