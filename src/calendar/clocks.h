// The statutory clocks of the critical infrastructure regime (経済安全保障推進法 Chapter 3) as a
// table of named periods, so that the filings module, the CLI and the API compute every
// deadline the same way and can cite it:
//
//   key                      event                        period     起算  moves off 休日
//   filing_duty_transition   designation (指定)           6 months   no    no
//   waiting_period           receipt of a plan (受理)     30 days    yes   no
//   extension_limit          receipt of a plan (受理)     4 months   yes   no
//   recommendation_answer    receipt of a recommendation  10 days    yes   yes
//   equipment_amendment_grace   ordinance amendment's effective date  6 months  0:00  no
//   maintenance_amendment_grace ordinance amendment's effective date  6 months  0:00  no
//
// The two grace clocks (Art. 53(2) for equipment, Art. 53(3) for maintenance or operation newly
// made critical by an amendment of the ministerial ordinance) run from the day the amendment took
// effect; an ordinance takes effect at 0:00, so that day is counted (民法 Art. 140 proviso —
// interpretation, docs/calendar.md §7).
//
// Whether a clock moves off administrative holidays is one switch per clock
// (regime-notes.md §5: only acts toward an agency move; the waiting and review periods do not —
// an interpretation, kept as data here so it can be corrected in one place). Article numbers
// follow the Act as amended in 2024, checked against its text: the transition is Art. 53(1), the
// waiting period Art. 52(3), the extension limit Art. 52(4), the answer Art. 52(7).
//
// The table is immutable static data; every function is pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "calendar/period.h"

namespace kikan::calendar {

enum class ClockId {
  kFilingDutyTransition,  // 指定後の経過措置: the filing duty applies from the day after
  kWaitingPeriod,         // 導入等の禁止期間: installation allowed from the day after
  kExtensionLimit,        // 審査期間の延長の上限
  kRecommendationAnswer,  // 勧告を受諾するか否かの通知の期限
  kEquipmentAmendmentGrace,  // 省令改正で新たに特定重要設備となったものの適用猶予 (53(2))
  kMaintenanceAmendmentGrace,  // 省令改正で新たに重要維持管理等となったものの適用猶予 (53(3))
};

struct ClockSpec {
  ClockId id;
  std::string_view key;    // stable identifier, e.g. "waiting_period"
  base::Text name;         // 「導入等の禁止期間（待機期間）」
  base::Text event;        // the event the clock starts from: 「受理日」
  base::Text end_label;    // what its last day means: 「禁止期間の末日」
  base::Text after_label;  // what the day after means, or empty: 「導入等が可能となる日」
  Period period;
  base::Text source;  // the provision that sets the period
};

// All clocks, in the order of the table above.
std::span<const ClockSpec> Clocks();
// The clock `id` (every ClockId has one).
const ClockSpec& GetClock(ClockId id);
// The clock named `key`. Errors: kNotFound naming the known keys.
base::Result<const ClockSpec*> FindClock(std::string_view key);

// Runs clock `id` from `event`. For a clock with an after_label, the rules end with one more
// entry, id "day_after", saying what the day after the period is (with the clock's source).
// Errors: as ComputePeriod.
base::Result<PeriodResult> RunClock(ClockId id, base::Date event);

// 2025-05-01 → period_end 2025-11-01; the filing duty applies from day_after() = 2025-11-02.
base::Result<PeriodResult> FilingDutyTransition(base::Date designated);
// 2025-11-04 → period_end 2025-12-03; installation allowed from day_after() = 2025-12-04.
base::Result<PeriodResult> WaitingPeriod(base::Date received);
// 2025-11-04 → 2026-03-03; 2025-10-31 → 2026-02-28 (the latest an extended review may end).
base::Result<PeriodResult> ExtensionLimit(base::Date received);
// 2026-01-05 → 2026-01-14; 2025-12-22 → period_end 2025-12-31, due 2026-01-05.
base::Result<PeriodResult> RecommendationAnswerDeadline(base::Date recommendation_received);

// The last day a recommendation (Art. 52(6) proviso) or an order (Art. 52(10) proviso) may be
// given: the day 30 days counted from the receipt date end or, when the period was extended under
// Art. 52(4), the day the extended period ends (`extended_to`, the last day the latest extension
// set). A shortening does not move it: both provisos name only the 30 days and the extension.
// The rules are the waiting period's, then "extended" when extended_to is given, then
// "order_limit" citing both provisos. Errors: as WaitingPeriod; kInvalidArgument when
// extended_to is before the waiting period's end or past the extension limit.
// 2025-11-04 → 2025-12-03; extended to 2026-02-27 → 2026-02-27.
base::Result<PeriodResult> RecommendationAndOrderLimit(base::Date received,
                                                       std::optional<base::Date> extended_to);

// 法第53条第2項: Art. 52(1) does not apply to equipment newly made critical by an amendment of the
// ordinance for six months from the day it became critical (the amendment's effective date).
// 2025-06-30 → period 2025-06-30 … 2025-12-29; Art. 52(1) applies from day_after() = 2025-12-30.
base::Result<PeriodResult> EquipmentAmendmentGrace(base::Date effective);
// 法第53条第3項: the same for maintenance or operation newly made 重要維持管理等.
base::Result<PeriodResult> MaintenanceAmendmentGrace(base::Date effective);

// 法第50条第3項: a designated operator that changes its name or address notifies the minister
// 「変更する日の二週間前までに」. The period runs backward from the day of the change: that day is
// not counted (民法 Art. 140, applied to a period counted back — interpretation), the two weeks
// are the 14 days before it (民法 Art. 143), and 「までに」 puts the notice before they begin, so
// the last day to notify is 15 days before the change (two clear weeks between the notice and the
// change; the reading of 会社法 Art. 299's 「二週間前までに」). 行政機関の休日に関する法律 Art. 2
// is not applied: it moves a period's last day to a *later* day, which here would leave less than
// two weeks (interpretation); when the last day is an administrative holiday the result says so
// and names the workday before it. The representative is not covered by Art. 50(3).
struct NoticeBeforeResult {
  base::Date change;        // the day of the change (変更する日)
  base::Date period_start;  // the first of the two weeks before the change: change − 14
  base::Date last_day;      // the last day to notify: change − 15
  // The last administrative workday on or before last_day (== last_day unless it is a holiday).
  base::Date last_workday;
  std::vector<AppliedRule> rules;
  base::Text source;  // 経済安全保障推進法第50条第3項
};
// 2026-04-01 → last_day 2026-03-17 (2026-03-18 … 2026-03-31 are the two weeks). Errors:
// kOutOfRange when the administrative calendar does not cover the days (before 1992-05-01, after
// 2150).
base::Result<NoticeBeforeResult> NameChangeNoticeDeadline(base::Date change);

// The latest receipt date of an installation plan that lets the waiting period end before
// `installation` (that is, WaitingPeriod(receipt).day_after() <= installation). Used to warn an
// operator planning an installation right at the end of the transition (regime-notes §4,
// interpretation): designation 2025-05-01 → duty from 2025-11-02 → a plan for an installation on
// 2025-11-02 must be received by 2025-10-03. Errors: as WaitingPeriod.
base::Result<base::Date> LatestReceiptForInstallation(base::Date installation);

}  // namespace kikan::calendar
