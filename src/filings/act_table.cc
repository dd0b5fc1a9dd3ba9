// The table of acts (review.h: Acts, GetAct, the act names, AllowedActs): who may perform each
// act, from which states, to which state, on which filings, and the provision it rests on.
// docs/filings.md has the same table for readers. Immutable static data; thread-safe.
#include <algorithm>
#include <vector>

#include "filings/review.h"
#include "filings/review_internal.h"

namespace kikan::filings {
namespace {

using S = State;
using A = ActSpec::Applies;

const std::vector<ActSpec>& Table() {
  static const std::vector<ActSpec> kActs = {
      {.act = ActKind::kStartConsultation,
       .key = "start_consultation",
       .label = {"事前相談を始める", "start a prior consultation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft},
       .to = S::kConsultation,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {"運用（事前相談）: 届出前の任意の手続。期間の起算はない",
                 "practice (prior consultation): optional, before filing; starts no clock"},
       .inputs = {{.field = "text", .required = false, .label = {"相談内容", "What to discuss"}}}},
      {.act = ActKind::kConsultationNote,
       .key = "consultation_note",
       .label = {"事前相談の記録", "consultation note"},
       .by_operator = true,
       .by_reviewer = true,
       .from = {S::kConsultation},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {"運用（事前相談）", "practice (prior consultation)"},
       .inputs = {{.field = "text", .required = true, .label = {"記録する内容", "Note"}}}},
      {.act = ActKind::kSubmit,
       .key = "submit",
       .label = {"届出（提出）", "submit"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft, S::kConsultation, S::kReturned},
       .to = S::kSubmitted,
       .applies = A::kAll,
       .decision = false,
       .basis = {"経済安全保障推進法第52条第1項（事後届出は緊急時の届出、条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(1) (after-the-fact: emergency filing, "
                 "article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kWithdraw,
       .key = "withdraw",
       .label = {"取下げ", "withdraw"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft, S::kConsultation, S::kSubmitted, S::kReturned, S::kReceived,
                S::kUnderReview},
       .to = S::kWithdrawn,
       .applies = A::kAll,
       .decision = false,
       .basis = {"解釈: 届出者は処分（勧告・審査終了）の前に取り下げられる",
                 "interpretation: the filer may withdraw before a decision (recommendation or "
                 "clearance)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kReturn,
       .key = "return",
       .label = {"補正を求める", "ask for correction"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kSubmitted},
       .to = S::kReturned,
       .applies = A::kAll,
       .decision = true,
       .basis = {"行政手続法第7条（形式上の要件に適合しない届出の補正）; 運用",
                 "Administrative Procedure Act, Art. 7 (correction of a non-conforming filing); "
                 "practice"},
       .inputs = {{.field = "reason",
                   .required = true,
                   .label = {"補正を求める事項", "What to correct"}}}},
      {.act = ActKind::kReceive,
       .key = "receive",
       .label = {"受理", "receive"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kSubmitted},
       .to = S::kReceived,
       .applies = A::kAll,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第3項（受理された日から起算）; 受理日は受理通知の日付",
                 "Economic Security Promotion Act, Art. 52(3) (counted from the receipt date); the "
                 "date on the receipt notice"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {"受理日（受理通知の日付）", "Receipt date (on the receipt notice)"}},
                  {.field = "channel", .required = true, .label = {"経路", "Channel"}}}},
      {.act = ActKind::kStartReview,
       .key = "start_review",
       .label = {"審査を始める", "start the review"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived},
       .to = S::kUnderReview,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第4項", "Economic Security Promotion Act, Art. 52(4)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kShorten,
       .key = "shorten",
       .label = {"禁止期間の短縮", "shorten the waiting period"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第3項ただし書",
                 "Economic Security Promotion Act, Art. 52(3), proviso"},
       .inputs = {{.field = "date", .required = true, .label = {"短縮後の末日", "New last day"}},
                  {.field = "reason", .required = true, .label = {"理由", "Reason"}}}},
      {.act = ActKind::kExtend,
       .key = "extend",
       .label = {"審査期間の延長", "extend the review period"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第4項（受理日から起算して4月まで、理由を通知）",
                 "Economic Security Promotion Act, Art. 52(4) (up to 4 months from receipt; reason "
                 "notified)"},
       .inputs = {{.field = "date", .required = true, .label = {"延長後の末日", "New last day"}},
                  {.field = "reason",
                   .required = true,
                   .label = {"理由（事業者に通知）", "Reason (notified to the operator)"}}}},
      {.act = ActKind::kRecommend,
       .key = "recommend",
       .label = {"勧告", "recommend"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = S::kRecommended,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第6項（審査期間内に限る）",
                 "Economic Security Promotion Act, Art. 52(6) (only within the review period)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {"勧告日（空欄は本日）", "Issued on (empty: today)"}},
                  {.field = "text",
                   .required = true,
                   .label = {"勧告の内容", "What is recommended"}},
                  {.field = "reason", .required = false, .label = {"理由", "Reason"}},
                  {.field = "received_on",
                   .required = false,
                   .label = {"事業者の受領日（判明していれば）",
                             "Received by the operator on (if known)"}}}},
      {.act = ActKind::kRecordRecommendationReceipt,
       .key = "record_recommendation_receipt",
       .label = {"勧告の受領日の記録", "record when the recommendation was received"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRecommended},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第7項（勧告を受けた日から起算して10日）（条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(7) (10 days from receipt of the "
                 "recommendation) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {"事業者が勧告を受けた日", "Day the operator received it"}}}},
      {.act = ActKind::kClear,
       .key = "clear",
       .label = {"審査終了（勧告なし）", "clear (no recommendation)"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = S::kCleared,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第3項・第4項",
                 "Economic Security Promotion Act, Art. 52(3)-(4)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kAcknowledge,
       .key = "acknowledge",
       .label = {"事後届出の確認", "acknowledge"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived},
       .to = S::kAcknowledged,
       .applies = A::kAfterTheFact,
       .decision = true,
       .basis = {"解釈: 事後届出には待機期間・事前審査の期間はない（条番号未確認）",
                 "interpretation: an after-the-fact filing has no waiting or review period "
                 "(article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kAccept,
       .key = "accept",
       .label = {"勧告を応諾する", "accept the recommendation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kRecommended},
       .to = S::kAccepted,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {"経済安全保障推進法第52条第7項（条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(7) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {"応諾日（空欄は本日）", "Date (empty: today)"}},
                  {.field = "text", .required = false, .label = {"回答の内容", "Answer"}}}},
      {.act = ActKind::kRefuse,
       .key = "refuse",
       .label = {"勧告を応諾しない", "refuse the recommendation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kRecommended},
       .to = S::kRefused,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {"経済安全保障推進法第52条第7項（条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(7) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {"回答日（空欄は本日）", "Date (empty: today)"}},
                  {.field = "text",
                   .required = false,
                   .label = {"回答の内容・理由", "Answer and reason"}}}},
      {.act = ActKind::kRecordNoAnswer,
       .key = "record_no_answer",
       .label = {"期限までに回答なし", "record that no answer came"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRecommended},
       .to = S::kRefused,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第7項・第8項（応諾の通知がない場合）（条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(7)-(8) (no notice of acceptance) "
                 "(article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {"理由・備考", "Reason or remark"}}}},
      {.act = ActKind::kOpenHearing,
       .key = "open_hearing",
       .label = {"弁明の機会の付与", "give an opportunity to explain"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRefused},
       .to = S::kHearing,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"行政手続法第13条第1項第2号（不利益処分の前の弁明の機会）（適用の有無は未確認）",
                 "Administrative Procedure Act, Art. 13(1)(ii) (opportunity to explain before an "
                 "adverse disposition) (whether it applies is unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {"通知日（空欄は本日）", "Notice date (empty: today)"}},
                  {.field = "text", .required = false, .label = {"内容", "Content"}}}},
      {.act = ActKind::kOrder,
       .key = "order",
       .label = {"命令", "order"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRefused, S::kHearing},
       .to = S::kOrdered,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {"経済安全保障推進法第52条第8項（正当な理由なく応諾しない場合）（条番号未確認）",
                 "Economic Security Promotion Act, Art. 52(8) (refusal without justifiable reason) "
                 "(article unverified)"},
       .inputs = {{.field = "text", .required = true, .label = {"命ずる措置", "Measures ordered"}},
                  {.field = "reason", .required = true, .label = {"理由", "Reason"}}}},
  };
  return kActs;
}

}  // namespace

namespace internal {

bool AppliesTo(const ActSpec& spec, FilingKind kind) {
  switch (spec.applies) {
    case A::kAll:
      return true;
    case A::kPriorReview:
      return kind != FilingKind::kAfterTheFact;
    case A::kAfterTheFact:
      return kind == FilingKind::kAfterTheFact;
  }
  return false;
}

}  // namespace internal

std::span<const ActSpec> Acts() { return Table(); }

const ActSpec& GetAct(ActKind act) {
  for (const ActSpec& s : Table()) {
    if (s.act == act) return s;
  }
  KIKAN_CHECK(false && "every ActKind has a table row");
  return Table()[0];
}

std::string_view ActKindName(ActKind act) { return GetAct(act).key; }

std::optional<ActKind> ParseActKind(std::string_view name) {
  for (const ActSpec& s : Table()) {
    if (s.key == name) return s.act;
  }
  return std::nullopt;
}

std::vector<ActKind> AllowedActs(FilingKind kind, State state, Role role) {
  std::vector<ActKind> out;
  for (const ActSpec& s : Table()) {
    if (!internal::AppliesTo(s, kind)) continue;
    if (role == Role::kOperatorStaff ? !s.by_operator : !s.by_reviewer) continue;
    if (std::find(s.from.begin(), s.from.end(), state) == s.from.end()) continue;
    out.push_back(s.act);
  }
  return out;
}

}  // namespace kikan::filings
