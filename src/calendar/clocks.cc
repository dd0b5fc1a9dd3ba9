#include "calendar/clocks.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "base/check.h"
#include "calendar/admin_holidays.h"

namespace kikan::calendar {
namespace {

using base::Text;

const std::array<ClockSpec, 6>& Table() {
  static const std::array<ClockSpec, 6> kClocks = {{
      {ClockId::kFilingDutyTransition,
       "filing_duty_transition",
       {.ja = "指定後の経過措置期間（届出義務の適用猶予）",
        .en = "transition after designation (filing duty deferred)"},
       {.ja = "指定日", .en = "designation date"},
       {.ja = "経過措置期間の末日", .en = "last day of the transition"},
       {.ja = "届出義務の適用開始日", .en = "filing duty applies from"},
       Period{6, PeriodUnit::kMonths, /*first_day_counted=*/false,
              /*move_off_admin_holiday=*/false},
       {.ja = "経済安全保障推進法第53条第1項",
        .en = "Economic Security Promotion Act, Art. 53(1)"}},
      {ClockId::kWaitingPeriod,
       "waiting_period",
       {.ja = "導入等の禁止期間（待機期間）", .en = "waiting period (no installation)"},
       {.ja = "受理日", .en = "receipt date"},
       {.ja = "禁止期間の末日", .en = "last day of the waiting period"},
       {.ja = "導入等が可能となる日", .en = "installation allowed from"},
       Period{30, PeriodUnit::kDays, true, false},
       {.ja = "経済安全保障推進法第52条第3項",
        .en = "Economic Security Promotion Act, Art. 52(3)"}},
      {ClockId::kExtensionLimit,
       "extension_limit",
       {.ja = "審査期間の延長の上限", .en = "extension limit of the review period"},
       {.ja = "受理日", .en = "receipt date"},
       {.ja = "延長後の期間の末日の上限", .en = "latest end of an extended review"},
       {},
       Period{4, PeriodUnit::kMonths, true, false},
       {.ja = "経済安全保障推進法第52条第4項",
        .en = "Economic Security Promotion Act, Art. 52(4)"}},
      {ClockId::kRecommendationAnswer,
       "recommendation_answer",
       {.ja = "勧告に対する応諾の通知期限", .en = "deadline to answer a recommendation"},
       {.ja = "勧告を受けた日", .en = "date the recommendation was received"},
       {.ja = "回答期限", .en = "answer due"},
       {},
       Period{10, PeriodUnit::kDays, true, true},
       {.ja = "経済安全保障推進法第52条第7項",
        .en = "Economic Security Promotion Act, Art. 52(7)"}},
      {ClockId::kEquipmentAmendmentGrace,
       "equipment_amendment_grace",
       {.ja = "省令改正により新たに特定重要設備となったものの適用猶予期間",
        .en = "grace for equipment newly made critical by an amended ordinance"},
       {.ja = "改正省令の施行日（特定重要設備となった日）",
        .en = "the amended ordinance's effective date (the day it became critical)"},
       {.ja = "適用猶予期間の末日", .en = "last day of the grace"},
       {.ja = "第52条第1項（導入等計画書の届出義務）が適用される日",
        .en = "Art. 52(1) (the duty to file a plan) applies from"},
       Period{6, PeriodUnit::kMonths, /*first_day_counted=*/true,
              /*move_off_admin_holiday=*/false, /*starts_at_midnight=*/true},
       {.ja = "経済安全保障推進法第53条第2項",
        .en = "Economic Security Promotion Act, Art. 53(2)"}},
      {ClockId::kMaintenanceAmendmentGrace,
       "maintenance_amendment_grace",
       {.ja = "省令改正により新たに重要維持管理等となったものの適用猶予期間",
        .en = "grace for maintenance or operation newly made critical by an amended ordinance"},
       {.ja = "改正省令の施行日（重要維持管理等となった日）",
        .en = "the amended ordinance's effective date (the day it became critical)"},
       {.ja = "適用猶予期間の末日", .en = "last day of the grace"},
       {.ja = "第52条第1項（導入等計画書の届出義務）が適用される日",
        .en = "Art. 52(1) (the duty to file a plan) applies from"},
       Period{6, PeriodUnit::kMonths, /*first_day_counted=*/true,
              /*move_off_admin_holiday=*/false, /*starts_at_midnight=*/true},
       {.ja = "経済安全保障推進法第53条第3項",
        .en = "Economic Security Promotion Act, Art. 53(3)"}},
  }};
  return kClocks;
}

}  // namespace

std::span<const ClockSpec> Clocks() { return Table(); }

const ClockSpec& GetClock(ClockId id) {
  for (const ClockSpec& c : Table()) {
    if (c.id == id) return c;
  }
  KIKAN_CHECK(false && "every ClockId has a table entry");
  return Table()[0];
}

base::Result<const ClockSpec*> FindClock(std::string_view key) {
  std::string known;
  for (const ClockSpec& c : Table()) {
    if (c.key == key) return &c;
    if (!known.empty()) known += ", ";
    known += c.key;
  }
  return base::NotFound(
      {.ja = fmt::format("「{}」という期間はありません（定義済み: {}）", key, known),
       .en = fmt::format("no clock named \"{}\" (known: {})", key, known)});
}

base::Result<PeriodResult> RunClock(ClockId id, base::Date event) {
  const ClockSpec& c = GetClock(id);
  KIKAN_ASSIGN_OR_RETURN(PeriodResult r, ComputePeriod(event, c.period, c.source));
  if (!c.after_label.ja.empty()) {
    const base::Date after = r.day_after();
    r.rules.push_back(
        {"day_after",
         Text{.ja = fmt::format("期間満了の翌日{}が{}", after.ToIso(), c.after_label.ja),
              .en = fmt::format("the day after the period ends, {}: {}", after.ToIso(),
                                c.after_label.en)},
         c.source});
  }
  return r;
}

base::Result<PeriodResult> FilingDutyTransition(base::Date designated) {
  return RunClock(ClockId::kFilingDutyTransition, designated);
}
base::Result<PeriodResult> WaitingPeriod(base::Date received) {
  return RunClock(ClockId::kWaitingPeriod, received);
}
base::Result<PeriodResult> ExtensionLimit(base::Date received) {
  return RunClock(ClockId::kExtensionLimit, received);
}
base::Result<PeriodResult> RecommendationAnswerDeadline(base::Date recommendation_received) {
  return RunClock(ClockId::kRecommendationAnswer, recommendation_received);
}

base::Result<PeriodResult> EquipmentAmendmentGrace(base::Date effective) {
  return RunClock(ClockId::kEquipmentAmendmentGrace, effective);
}
base::Result<PeriodResult> MaintenanceAmendmentGrace(base::Date effective) {
  return RunClock(ClockId::kMaintenanceAmendmentGrace, effective);
}

base::Result<PeriodResult> RecommendationAndOrderLimit(base::Date received,
                                                       std::optional<base::Date> extended_to) {
  KIKAN_ASSIGN_OR_RETURN(PeriodResult r, WaitingPeriod(received));
  std::erase_if(r.rules, [](const AppliedRule& rule) { return rule.id == "day_after"; });
  if (extended_to) {
    KIKAN_ASSIGN_OR_RETURN(PeriodResult limit, ExtensionLimit(received));
    if (*extended_to < r.period_end || *extended_to > limit.period_end) {
      return base::InvalidArgument(
          {.ja = fmt::format("延長後の末日 {} は {} から {} までの日でなければなりません",
                             extended_to->ToIso(), r.period_end.ToIso(), limit.period_end.ToIso()),
           .en =
               fmt::format("the extended period's end {} must be between {} and {}",
                           extended_to->ToIso(), r.period_end.ToIso(), limit.period_end.ToIso())});
    }
    r.rules.push_back(
        {"extended",
         Text{.ja = fmt::format("延長後の期間の満了する日 {}", extended_to->ToIso()),
              .en = fmt::format("the extended period ends on {}", extended_to->ToIso())},
         GetClock(ClockId::kExtensionLimit).source});
    r.period_end = *extended_to;
    r.due = *extended_to;
  }
  r.rules.push_back(
      {"order_limit",
       Text{.ja = fmt::format("勧告及び命令をすることができるのは {} まで（受理日から起算して"
                              "30日を経過する日。延長した場合は延長した期間の満了する日）",
                              r.due.ToIso()),
            .en = fmt::format("a recommendation or an order may be given until {} (the day 30 "
                              "days counted from receipt end; if extended, the day the extended "
                              "period ends)",
                              r.due.ToIso())},
       Text{.ja = "経済安全保障推進法第52条第6項ただし書・第10項ただし書",
            .en = "Economic Security Promotion Act, Art. 52(6), proviso; Art. 52(10), proviso"}});
  return r;
}

base::Result<NoticeBeforeResult> NameChangeNoticeDeadline(base::Date change) {
  const Text source{.ja = "経済安全保障推進法第50条第3項",
                    .en = "Economic Security Promotion Act, Art. 50(3)"};
  const Text civil140{.ja = "民法第140条（遡る期間への類推。解釈）",
                      .en =
                          "Civil Code, Art. 140 (by analogy for a period counted back; "
                          "interpretation)"};
  const Text civil143{.ja = "民法第143条", .en = "Civil Code, Art. 143"};
  NoticeBeforeResult r;
  r.change = change;
  r.source = source;
  const base::Date day_before = change.AddDays(-1);
  r.period_start = change.AddDays(-14);
  r.last_day = change.AddDays(-15);
  r.rules.push_back(
      {"first_day_excluded_backward",
       Text{.ja = fmt::format("変更する日（{}）は算入せず、その前日 {} から遡って数える",
                              change.ToIso(), day_before.ToIso()),
            .en = fmt::format("the day of the change ({}) is not counted; counting back starts "
                              "the day before, {}",
                              change.ToIso(), day_before.ToIso())},
       civil140});
  r.rules.push_back({"calendar_weeks_backward",
                     Text{.ja = fmt::format("二週間は暦に従い {} から {} まで",
                                            r.period_start.ToIso(), day_before.ToIso()),
                          .en = fmt::format("the two weeks run by the calendar from {} to {}",
                                            r.period_start.ToIso(), day_before.ToIso())},
                     civil143});
  r.rules.push_back(
      {"before_period",
       Text{.ja = fmt::format("「二週間前までに」: 届出はその二週間が始まる前、{} までにする",
                              r.last_day.ToIso()),
            .en = fmt::format("\"two weeks before\": the notice is due before the two weeks "
                              "begin, by {}",
                              r.last_day.ToIso())},
       source});
  KIKAN_ASSIGN_OR_RETURN(std::optional<Text> holiday, AdministrativeHolidayReason(r.last_day));
  const std::optional<Text> last_day_holiday = holiday;
  r.last_workday = r.last_day;
  while (holiday) {
    r.last_workday = r.last_workday.AddDays(-1);
    KIKAN_ASSIGN_OR_RETURN(holiday, AdministrativeHolidayReason(r.last_workday));
  }
  const Text no_move{.ja = "行政機関の休日に関する法律第2条（遡る期限には適用しない。解釈）",
                     .en =
                         "Act on Holidays of Administrative Organs, Art. 2 (not applied to a "
                         "deadline counted back; interpretation)"};
  if (r.last_workday == r.last_day) {
    r.rules.push_back(
        {"admin_holiday_not_applied_backward",
         Text{.ja = fmt::format("{} は行政機関の休日ではない（遡って数えた期限は休日でも翌日に"
                                "動かさない: 動かすと二週間を欠く）",
                                r.last_day.ToIso()),
              .en = fmt::format("{} is not an administrative holiday (a deadline counted back is "
                                "never moved to a later day: that would leave less than two "
                                "weeks)",
                                r.last_day.ToIso())},
         no_move});
  } else {
    r.rules.push_back(
        {"admin_holiday_not_applied_backward",
         Text{.ja = fmt::format("{} は行政機関の休日（{}）。翌日には動かさない（二週間を欠く"
                                "ため）。窓口に届け出るならその前の開庁日 {} まで",
                                r.last_day.ToIso(), last_day_holiday->ja, r.last_workday.ToIso()),
              .en = fmt::format("{} is an administrative holiday ({}); it is not moved to a later "
                                "day (that would leave less than two weeks). At a counter, file "
                                "by the workday before, {}",
                                r.last_day.ToIso(), last_day_holiday->en, r.last_workday.ToIso())},
         no_move});
  }
  return r;
}

base::Result<base::Date> LatestReceiptForInstallation(base::Date installation) {
  // Start from the first candidate that could work and step back: robust to any period the
  // table gives the waiting period (days or months, moved or not).
  const Period& p = GetClock(ClockId::kWaitingPeriod).period;
  base::Date receipt = installation.AddDays(-1);
  if (p.unit == PeriodUnit::kDays) receipt = installation.AddDays(-p.n);
  for (int guard = 0; guard < 400; ++guard, receipt = receipt.AddDays(-1)) {
    KIKAN_ASSIGN_OR_RETURN(PeriodResult r, WaitingPeriod(receipt));
    if (r.day_after() <= installation) return receipt;
  }
  return base::Internal({.en = "no receipt date found for " + installation.ToIso()});
}

}  // namespace kikan::calendar
