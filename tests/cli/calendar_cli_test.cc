// Runs the built `kikan` binary for the calendar's commands and checks their output and exit
// codes as a user sees them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "cli_runner.h"

namespace kikan::testing {
namespace {

class CalendarCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(KikanBinary()))
        << KikanBinary() << " is missing: build the `kikan` target first";
  }
};

TEST_F(CalendarCliTest, Obligation) {
  CliRun r = Kikan("deadline obligation --designated 2025-05-01");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2025-11-02（令和7年11月2日）"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("民法第140条"), std::string::npos) << r.out;
  CliRun wareki = Kikan("deadline obligation --designated 令和7年5月1日 --format json");
  EXPECT_EQ(wareki.exit_code, 0) << wareki.err;
  EXPECT_NE(wareki.out.find("\"duty_applies_from\":\"2025-11-02\""), std::string::npos)
      << wareki.out;
}

TEST_F(CalendarCliTest, Review) {
  CliRun r = Kikan("deadline review --received R7.11.4 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"waiting_period_end\":\"2025-12-03\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"installation_allowed_from\":\"2025-12-04\""), std::string::npos);
  EXPECT_NE(r.out.find("\"extension_limit\":\"2026-03-03\""), std::string::npos);
  CliRun en = Kikan("--lang en deadline review --received 2025-10-31");
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("2026-02-28"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("Civil Code, Art. 143(2), proviso"), std::string::npos) << en.out;
}

TEST_F(CalendarCliTest, Answer) {
  CliRun r = Kikan("deadline answer --recommended 2025-12-22 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"answer_due\":\"2026-01-05\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("moved_off_admin_holiday"), std::string::npos) << r.out;
}

// The 10-day answer is Art. 52(7) of the Act (issue 14 §1; the external contract check looks for
// exactly this text in the JSON), and what follows without an answer is an order under 52(10).
TEST_F(CalendarCliTest, AnswerCitesArticle52Paragraph7) {
  CliRun r = Kikan("deadline answer --recommended 2026-01-05 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"source\":\"経済安全保障推進法第52条第7項\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("第52条第6項\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("経済安全保障推進法第52条第10項"), std::string::npos) << r.out;
  CliRun en = Kikan("--lang en deadline answer --recommended 2026-01-05");
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Art. 52(7)"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("Art. 52(10)"), std::string::npos) << en.out;
  // The source as a structured reference: rendered in both languages, linked, with its status.
  EXPECT_NE(
      r.out.find("\"url\":\"https://laws.e-gov.go.jp/law/504AC0000000043#Mp-Ch_3-At_52-Pa_7\""),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"en\":\"Economic Security Promotion Act, Art. 52(7)\""),
            std::string::npos);
  EXPECT_NE(r.out.find("\"paragraph\":7,\"text\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"status\":\"confirmed\""), std::string::npos) << r.out;
  CliRun table = Kikan("deadline answer --recommended 2026-01-05");
  EXPECT_NE(
      table.out.find("参照: 経済安全保障推進法第52条第7項 (確認済み) https://laws.e-gov.go.jp/"),
      std::string::npos)
      << table.out;
  CliRun obligation = Kikan("deadline obligation --designated 2025-05-01 --format json");
  EXPECT_NE(obligation.out.find("経済安全保障推進法第53条第1項"), std::string::npos)
      << obligation.out;
  EXPECT_EQ(obligation.out.find("未確認"), std::string::npos) << obligation.out;
}

// The review clock shows how long a recommendation or an order may be given (Art. 52(6) and
// 52(10) provisos): the waiting period's end, or the extended period's, at most the limit.
TEST_F(CalendarCliTest, ReviewShowsTheOrderLimit) {
  CliRun r = Kikan("deadline review --received 2025-11-04 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"order_limit\":{\"date\":\"2025-12-03\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"latest_if_extended\":\"2026-03-03\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第52条第6項ただし書・第10項ただし書"), std::string::npos) << r.out;
  CliRun table = Kikan("deadline review --received 2025-11-04");
  EXPECT_NE(table.out.find("勧告・命令をすることができる期限"), std::string::npos) << table.out;
}

// 法第53条第2項・第3項 (the external check calls `deadline grace --effective DATE`): the trucking
// equipment definition revised with effect from 2025-06-30 gives a grace to 2025-12-29.
TEST_F(CalendarCliTest, Grace) {
  CliRun r = Kikan("deadline grace --effective 2025-06-30 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"grace_end\":\"2025-12-29\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"filing_duty_applies_from\":\"2025-12-30\""), std::string::npos);
  EXPECT_NE(r.out.find("\"source\":\"経済安全保障推進法第53条第2項\""), std::string::npos);
  EXPECT_NE(r.out.find("\"source\":\"経済安全保障推進法第53条第3項\""), std::string::npos);
  EXPECT_NE(r.out.find("#Mp-Ch_3-At_53-Pa_2"), std::string::npos);
  EXPECT_NE(r.out.find("first_day_counted_midnight"), std::string::npos);
  CliRun wareki = Kikan("deadline grace --effective 令和7年8月31日");
  EXPECT_EQ(wareki.exit_code, 0) << wareki.err;
  EXPECT_NE(wareki.out.find("2026-02-28（令和8年2月28日）"), std::string::npos) << wareki.out;
  EXPECT_NE(wareki.out.find("民法第140条ただし書"), std::string::npos) << wareki.out;
  CliRun en = Kikan("--lang en deadline grace --effective 2025-06-30");
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Art. 53(2)"), std::string::npos) << en.out;
  CliRun bad = Kikan("deadline grace --effective 2025-02-30");
  EXPECT_EQ(bad.exit_code, 1);
  // regime show links the revision to its grace.
  CliRun show = Kikan("regime show --business general_cargo_trucking --format json");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("\"amendment_grace\":{\"revises\":\"2023\",\"grace_end\":\"2025-12-29\""),
            std::string::npos)
      << show.out;
}

TEST_F(CalendarCliTest, RegimeShowPrintsReferencesWithStatusAndLink) {
  CliRun text = Kikan("regime show --business general_cargo_trucking");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // The old criteria's ordinance article is unverified; the new one's item confirmed.
  EXPECT_NE(text.out.find("参照: 国土交通省令第2条 (未確認) "
                          "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("参照: 国土交通省令第2条第3号 (確認済み) "
                          "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2-It_3\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("参照: 経済安全保障推進法施行令第9条第6号 (確認済み)"), std::string::npos)
      << text.out;
  CliRun en = Kikan("--lang en regime show --business general_cargo_trucking");
  EXPECT_NE(en.out.find("see MLIT Ordinance, Art. 2 (unverified)"), std::string::npos) << en.out;
  CliRun json = Kikan("regime show --business general_cargo_trucking --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"cabinet_order_references\":[{\"law\":\"order\""), std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"url\":\"https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2\","
                          "\"status\":\"unverified\""),
            std::string::npos)
      << json.out;
}

// 法第50条第3項: a change of name or address on 2026-04-01 is notified by 2026-03-17 (two clear
// weeks before it); a last day on an administrative holiday is not moved later.
TEST_F(CalendarCliTest, NameChange) {
  CliRun r = Kikan("deadline name-change --change-date 2026-04-01 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"notify_by\":\"2026-03-17\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"source\":\"経済安全保障推進法第50条第3項\""), std::string::npos);
  EXPECT_NE(r.out.find("#Mp-Ch_3-At_50-Pa_3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("first_day_excluded_backward"), std::string::npos);
  CliRun wareki = Kikan("deadline name-change --change-date 令和8年2月26日");
  EXPECT_EQ(wareki.exit_code, 0) << wareki.err;
  EXPECT_NE(wareki.out.find("2026-02-11（令和8年2月11日）"), std::string::npos) << wareki.out;
  EXPECT_NE(wareki.out.find("2026-02-10（令和8年2月10日）"), std::string::npos) << wareki.out;
  CliRun en = Kikan("--lang en deadline name-change --change-date 2026-04-01");
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Notify by: 2026-03-17"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("Art. 50(3)"), std::string::npos) << en.out;
  CliRun bad = Kikan("deadline name-change --change-date 2026-02-30");
  EXPECT_EQ(bad.exit_code, 1);
  CliRun missing = Kikan("deadline name-change");
  EXPECT_EQ(missing.exit_code, 2);
}

// The medical amendment comes into force within 1年6月 of its promulgation (2026-06-17, counted
// from that day → 2027-12-16 at the latest); 社会保険診療報酬支払基金's new name waits for a
// cabinet order; the MLIT packs list the ordinance's emergency, important and minor changes.
TEST_F(CalendarCliTest, RegimeShowsInForceLimitNamesAndListedCases) {
  CliRun r = Kikan("regime show --business medical_dx_platform --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"in_force_by\":{\"date\":\"2027-12-16\",\"months\":18"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"of\":\"shiharai-kikin\",\"name\":{\"ja\":\"社会保険診療報酬支払基金\""),
            std::string::npos);
  EXPECT_NE(r.out.find("\"valid_from\":null,\"valid_from_text\":\"令和7年法律第87号の施行の日"),
            std::string::npos)
      << r.out;
  CliRun text = Kikan("regime show --business medical_dx_platform");
  EXPECT_NE(text.out.find("2027-12-16（令和9年12月16日）"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("医療情報基盤・診療報酬審査支払機構"), std::string::npos);
  CliRun ports = Kikan("regime show --business general_port_transport");
  EXPECT_EQ(ports.exit_code, 0) << ports.err;
  EXPECT_NE(ports.out.find("第10条第1項"), std::string::npos) << ports.out;
  EXPECT_NE(ports.out.find("第23条第1項第3号"), std::string::npos);
  EXPECT_NE(ports.out.find("第24条第1号"), std::string::npos);
  // Each listed case's citation is printed with its references too (issue 14 §2).
  EXPECT_NE(ports.out.find("参照: 国土交通省令第10条第1項 (確認済み) "
                           "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_10-Pa_1\n"),
            std::string::npos)
      << ports.out;
  CliRun ports_json = Kikan("regime show --business general_port_transport --format json");
  EXPECT_NE(ports_json.out.find("\"id\":\"service_disruption\""), std::string::npos);
  EXPECT_NE(
      ports_json.out.find("\"url\":\"https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_10-Pa_1\""),
      std::string::npos)
      << ports_json.out;
}

TEST_F(CalendarCliTest, Holidays) {
  CliRun r = Kikan("holidays 2025 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"year\":2025"), std::string::npos) << r.out;
  size_t count = 0;
  for (size_t p = r.out.find("\"kind\""); p != std::string::npos;
       p = r.out.find("\"kind\"", p + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 19u);
  CliRun table = Kikan("holidays 2019");
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("令和元年5月1日"), std::string::npos) << table.out;
}

TEST_F(CalendarCliTest, BadInputIsAnErrorInTheChosenLanguage) {
  CliRun ja = Kikan("deadline obligation --designated 2025-02-30");
  EXPECT_EQ(ja.exit_code, 1);
  EXPECT_TRUE(ja.out.empty()) << ja.out;
  EXPECT_NE(ja.err.find("存在しない日付"), std::string::npos) << ja.err;
  CliRun en = Kikan("--lang en deadline obligation --designated 2025-02-30");
  EXPECT_EQ(en.exit_code, 1);
  EXPECT_NE(en.err.find("does not exist"), std::string::npos) << en.err;
  CliRun after = Kikan("deadline obligation --designated 2025-02-30 --lang en");  // after, too
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_NE(after.err.find("does not exist"), std::string::npos) << after.err;
  CliRun era = Kikan("deadline review --received 平成32年1月1日");
  EXPECT_EQ(era.exit_code, 1);
  EXPECT_NE(era.err.find("平成31年4月30日"), std::string::npos) << era.err;
  CliRun year = Kikan("holidays 2151");
  EXPECT_EQ(year.exit_code, 1);
  EXPECT_NE(year.err.find("2150"), std::string::npos) << year.err;
}

// How many times `needle` occurs in `hay`.
size_t Count(const std::string& hay, std::string_view needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(CalendarCliTest, DatesOutsideTheYearsComputedAreRefusedOnce) {
  // docs/calendar.md §8: a year outside 1948–2150 is an error and exit code 1, whichever command.
  for (const char* args :
       {"deadline review --received 2300-01-01", "deadline review --received 1900-01-01",
        "deadline obligation --designated 2300-01-01", "deadline answer --recommended 1900-01-01",
        "deadline grace --effective 1947-12-31",
        "evaluate --business general_cargo_trucking --as-of 1900-01-01",
        "evaluate --business general_port_transport --as-of 2300-01-01",
        "calibrate --business advanced_hospital --metric beds --coverage 0.3 --as-of 2151-01-01"}) {
    CliRun r = Kikan(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_TRUE(r.out.empty()) << args << "\n" << r.out;
    EXPECT_EQ(Count(r.err, "kikan:"), 1u) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("1948年〜2150年"), std::string::npos) << args << "\n" << r.err;
  }
}

TEST_F(CalendarCliTest, DatesBeforeTheActAreWarnedAboutOnce) {
  CliRun review = Kikan("deadline review --received 2020-01-01");
  EXPECT_EQ(review.exit_code, 0) << review.err;
  EXPECT_EQ(Count(review.err, "警告:"), 1u) << review.err;
  EXPECT_NE(review.err.find("法の公布（2022-05-18）より前"), std::string::npos) << review.err;
  // The engine asks for its date at several steps; the warning still comes once.
  CliRun cal = Kikan(
      "calibrate --business advanced_hospital --metric beds --coverage 0.3 "
      "--as-of 2000-01-01");
  EXPECT_EQ(cal.exit_code, 0) << cal.err;
  EXPECT_EQ(Count(cal.err, "2000-01-01 は法の公布"), 1u) << cal.err;
  CliRun en = Kikan("--lang en deadline obligation --designated 2022-05-17");
  EXPECT_EQ(Count(en.err, "warning:"), 1u) << en.err;
  CliRun on = Kikan("deadline obligation --designated 2022-05-18");  // the day itself: no warning
  EXPECT_TRUE(on.err.empty()) << on.err;
  // A JSON output carries the warning it printed, so a program reading only stdout sees it.
  for (const char* args :
       {"deadline review --received 2020-01-01 --format json",
        "deadline answer --recommended 2020-01-01 --format json",
        "deadline obligation --designated 2020-01-01 --format json",
        "deadline grace --effective 2020-01-01 --format json",
        "calibrate --business advanced_hospital --metric beds --coverage 0.3 --as-of 2020-01-01 "
        "--format json"}) {
    CliRun r = Kikan(args);
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    auto doc = boost::json::parse(r.out).as_object();
    ASSERT_TRUE(doc.contains("warnings")) << args;
    const auto& warnings = doc.at("warnings").as_array();
    ASSERT_FALSE(warnings.empty()) << args;
    EXPECT_NE(
        std::string(warnings[0].as_string()).find("2020-01-01 は法の公布（2022-05-18）より前"),
        std::string::npos)
        << args;
  }
  CliRun quiet = Kikan("deadline review --received 2025-11-04 --format json");
  EXPECT_TRUE(boost::json::parse(quiet.out).at("warnings").as_array().empty()) << quiet.out;
}

}  // namespace
}  // namespace kikan::testing
