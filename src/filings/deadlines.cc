// The statutory clocks of a filing's review (review.h: Deadlines, ComputeDeadlines): the waiting
// and review periods counted from the receipt date, their shortening and extension, the
// extension limit and the recommendation's answer deadline, each with the rules applied. Pure
// functions of a FilingRecord; thread-safe.
#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <vector>

#include "calendar/clocks.h"
#include "filings/review.h"
#include "filings/review_internal.h"

namespace kikan::filings {

using base::Text;

const Deadline* Deadlines::Find(std::string_view key) const {
  for (const Deadline& d : items) {
    if (d.key == key) return &d;
  }
  return nullptr;
}

base::Result<Deadlines> ComputeDeadlines(const FilingRecord& record) {
  Deadlines out;
  if (record.kind == FilingKind::kAfterTheFact) {
    out.notes.push_back(
        {.ja =
             "緊急導入等届出書（第52条第1項ただし書の緊急の場合の導入等の後、同条第11項により遅滞"
             "なく届出）には待機期間も事前審査の期間もありません（第3項は第1項の届出に係る。解釈）",
         .en = "an emergency filing (made without delay after an urgent installation under the "
               "proviso of Art. 52(1), Art. 52(11)) has no waiting period and no prior review "
               "clock (Art. 52(3) follows filings under 52(1); interpretation)"});
    return out;
  }
  if (record.kind == FilingKind::kChangeAfterTheFact) {
    out.notes.push_back(
        {.ja = "緊急やむを得ない場合（第54条第1項ただし書）に変更をした後、遅滞なく届け出る変更後の"
               "導入等計画書（同条第3項）には待機期間も事前審査の期間もありません（解釈）",
         .en = "a plan changed in an emergency (Art. 54(1) proviso) and filed without delay "
               "afterwards (Art. 54(3)) has no waiting period and no prior review clock "
               "(interpretation)"});
    return out;
  }
  if (record.kind == FilingKind::kChangeReport) {
    out.notes.push_back(
        {.ja = "変更の報告（第54条第4項: 重要な変更・軽微な変更以外の変更、又は導入後の構成設備の"
               "区分・名称・機能の変更を、変更後遅滞なく）は審査の期間に服しません",
         .en = "a report of a change (Art. 54(4): a change neither important nor minor, or a "
               "change of a component's class, name or function after installation, reported "
               "without delay after it is made) runs no review clock"});
    return out;
  }
  if (!record.received_on) {
    out.notes.push_back(
        {.ja = "期間は受理日（受理通知の日付）から起算します。まだ受理されていません",
         .en = "the periods count from the receipt date (on the receipt notice); the "
               "filing has not been received"});
    return out;
  }
  const base::Date received = *record.received_on;
  const calendar::ClockSpec& wspec = calendar::GetClock(calendar::ClockId::kWaitingPeriod);
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult waiting, calendar::WaitingPeriod(received));
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult limit, calendar::ExtensionLimit(received));

  Deadline w{"waiting_period_end", wspec.end_label, waiting.period_end, waiting.rules};
  // The "day_after" rule belongs to installation_allowed_from.
  std::erase_if(w.rules, [](const calendar::AppliedRule& r) { return r.id == "day_after"; });
  out.items.push_back(w);

  Deadline review{
      "review_period_end",
      {.ja = "審査期間（禁止期間）の末日", .en = "last day of the review (waiting) period"},
      waiting.period_end,
      w.rules};
  // Each shortening or extension, in order, as a rule with its reason.
  for (const ReviewEvent& ev : record.events) {
    if ((ev.act != ActKind::kShorten && ev.act != ActKind::kExtend) || !ev.date) continue;
    const bool shorten = ev.act == ActKind::kShorten;
    review.date = *ev.date;
    review.rules.push_back(
        {shorten ? "shortened" : "extended",
         Text{.ja = fmt::format("{}により末日を{}とした（理由: {}）", shorten ? "短縮" : "延長",
                                ev.date->ToIso(), ev.reason),
              .en = fmt::format("{} to end on {} (reason: {})", shorten ? "shortened" : "extended",
                                ev.date->ToIso(), ev.reason)},
         GetAct(ev.act).basis});
  }
  if (record.period_end_override) review.date = *record.period_end_override;
  out.items.push_back(review);

  Deadline allowed{"installation_allowed_from", wspec.after_label, review.date.AddDays(1),
                   review.rules};
  allowed.rules.push_back(
      {"day_after",
       Text{.ja = fmt::format("期間満了の翌日{}が{}", review.date.AddDays(1).ToIso(),
                              wspec.after_label.ja),
            .en = fmt::format("the day after the period ends, {}: {}",
                              review.date.AddDays(1).ToIso(), wspec.after_label.en)},
       wspec.source});
  // Art. 52(9): having accepted the recommendation and filed the plan as changed (52(8)), the
  // operator may install under it from that day, before the period ends.
  std::optional<base::Date> revised_filed;
  for (const ReviewEvent& ev : record.events) {
    if (ev.act == ActKind::kFileRevisedPlan && ev.date) revised_filed = ev.date;
  }
  if (revised_filed && *revised_filed < allowed.date) {
    allowed.date = *revised_filed;
    allowed.rules.push_back(
        {"revised_plan_filed",
         Text{.ja = fmt::format("勧告を応諾し、変更を加えた導入等計画書を{}に届け出たため、その計"
                                "画書に基づく導入等は期間の経過を待たず同日から可能（勧告が中止を"
                                "求めるものであれば導入等はできない）",
                                revised_filed->ToIso()),
              .en = fmt::format("the recommendation was accepted and the plan as changed filed "
                                "on {}, so installation under that plan is allowed from that day, "
                                "before the period ends (not if the recommendation was to stop)",
                                revised_filed->ToIso())},
         GetAct(ActKind::kFileRevisedPlan).basis});
  } else if (!revised_filed && record.state == State::kAccepted) {
    out.notes.push_back(
        {.ja = "勧告を応諾した事業者は、勧告に係る変更を加えた導入等計画書を届け出た日から、期間"
               "の経過を待たずにその計画書に基づく導入等ができます（第52条第8項・第9項）。まだ"
               "届け出られていません",
         .en = "having accepted the recommendation, the operator may install under the plan as "
               "changed from the day it files it, before the period ends (Art. 52(8), 52(9)); "
               "it has not been filed yet"});
  }
  out.items.push_back(allowed);

  const calendar::ClockSpec& lspec = calendar::GetClock(calendar::ClockId::kExtensionLimit);
  out.items.push_back({"extension_limit", lspec.end_label, limit.period_end, limit.rules});

  // Art. 52(6) and 52(10) provisos: a recommendation and an order only until the 30 days end,
  // or the extended period ends.
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult order_limit,
                         internal::RecommendationAndOrderLimit(record));
  out.items.push_back({"order_limit",
                       {.ja = "勧告・命令をすることができる期限",
                        .en = "last day a recommendation or an order may be given"},
                       order_limit.due,
                       order_limit.rules});

  if (record.recommendation_received_on) {
    const calendar::ClockSpec& aspec = calendar::GetClock(calendar::ClockId::kRecommendationAnswer);
    KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult answer, calendar::RecommendationAnswerDeadline(
                                                              *record.recommendation_received_on));
    out.items.push_back({"answer_due", aspec.end_label, answer.due, answer.rules});
  } else if (record.recommendation_issued_on) {
    out.notes.push_back(
        {.ja = "回答期限は事業者が勧告を受けた日から起算します。その日はまだ記録されて"
               "いません",
         .en = "the answer is due counted from the day the operator received the "
               "recommendation, which is not recorded yet"});
  }
  return out;
}

}  // namespace kikan::filings
