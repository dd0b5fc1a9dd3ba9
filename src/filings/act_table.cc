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
       .label = {.ja = "事前相談を始める", .en = "start a prior consultation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft},
       .to = S::kConsultation,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {.ja = "運用（事前相談）: 届出前の任意の手続。期間の起算はない",
                 .en = "practice (prior consultation): optional, before filing; starts no clock"},
       .inputs = {{.field = "text",
                   .required = false,
                   .label = {.ja = "相談内容", .en = "What to discuss"}}}},
      {.act = ActKind::kConsultationNote,
       .key = "consultation_note",
       .label = {.ja = "事前相談の記録", .en = "consultation note"},
       .by_operator = true,
       .by_reviewer = true,
       .from = {S::kConsultation},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {.ja = "運用（事前相談）", .en = "practice (prior consultation)"},
       .inputs = {{.field = "text",
                   .required = true,
                   .label = {.ja = "記録する内容", .en = "Note"}}}},
      {.act = ActKind::kSubmit,
       .key = "submit",
       .label = {.ja = "届出（提出）", .en = "submit"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft, S::kConsultation, S::kReturned},
       .to = S::kSubmitted,
       .applies = A::kAll,
       .decision = false,
       .basis =
           {.ja = "経済安全保障推進法第52条第1項（事後届出は緊急時の届出、条番号未確認）",
            .en = "Economic Security Promotion Act, Art. 52(1) (after-the-fact: emergency filing, "
                  "article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kWithdraw,
       .key = "withdraw",
       .label = {.ja = "取下げ", .en = "withdraw"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kDraft, S::kConsultation, S::kSubmitted, S::kReturned, S::kReceived,
                S::kUnderReview},
       .to = S::kWithdrawn,
       .applies = A::kAll,
       .decision = false,
       .basis = {.ja = "解釈: 届出者は処分（勧告・審査終了）の前に取り下げられる",
                 .en =
                     "interpretation: the filer may withdraw before a decision (recommendation or "
                     "clearance)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kReturn,
       .key = "return",
       .label = {.ja = "補正を求める", .en = "ask for correction"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kSubmitted},
       .to = S::kReturned,
       .applies = A::kAll,
       .decision = true,
       .basis =
           {.ja = "行政手続法第7条（形式上の要件に適合しない届出の補正）; 運用",
            .en = "Administrative Procedure Act, Art. 7 (correction of a non-conforming filing); "
                  "practice"},
       .inputs = {{.field = "reason",
                   .required = true,
                   .label = {.ja = "補正を求める事項", .en = "What to correct"}}}},
      {.act = ActKind::kReceive,
       .key = "receive",
       .label = {.ja = "受理", .en = "receive"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kSubmitted},
       .to = S::kReceived,
       .applies = A::kAll,
       .decision = true,
       .basis =
           {.ja = "経済安全保障推進法第52条第3項（受理された日から起算）; 受理日は受理通知の日付",
            .en =
                "Economic Security Promotion Act, Art. 52(3) (counted from the receipt date); the "
                "date on the receipt notice"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {.ja = "受理日（受理通知の日付）",
                             .en = "Receipt date (on the receipt notice)"}},
                  {.field = "channel",
                   .required = true,
                   .label = {.ja = "経路", .en = "Channel"}}}},
      {.act = ActKind::kStartReview,
       .key = "start_review",
       .label = {.ja = "審査を始める", .en = "start the review"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived},
       .to = S::kUnderReview,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第4項",
                 .en = "Economic Security Promotion Act, Art. 52(4)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kShorten,
       .key = "shorten",
       .label = {.ja = "禁止期間の短縮", .en = "shorten the waiting period"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第3項ただし書",
                 .en = "Economic Security Promotion Act, Art. 52(3), proviso"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {.ja = "短縮後の末日", .en = "New last day"}},
                  {.field = "reason", .required = true, .label = {.ja = "理由", .en = "Reason"}}}},
      {.act = ActKind::kExtend,
       .key = "extend",
       .label = {.ja = "審査期間の延長", .en = "extend the review period"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis =
           {.ja = "経済安全保障推進法第52条第4項（受理日から起算して4月まで、理由を通知）",
            .en =
                "Economic Security Promotion Act, Art. 52(4) (up to 4 months from receipt; reason "
                "notified)"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {.ja = "延長後の末日", .en = "New last day"}},
                  {.field = "reason",
                   .required = true,
                   .label = {.ja = "理由（事業者に通知）",
                             .en = "Reason (notified to the operator)"}}}},
      {.act = ActKind::kRecommend,
       .key = "recommend",
       .label = {.ja = "勧告", .en = "recommend"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = S::kRecommended,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第6項（審査期間内に限る）",
                 .en =
                     "Economic Security Promotion Act, Art. 52(6) (only within the review period)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {.ja = "勧告日（空欄は本日）", .en = "Issued on (empty: today)"}},
                  {.field = "text",
                   .required = true,
                   .label = {.ja = "勧告の内容", .en = "What is recommended"}},
                  {.field = "reason", .required = false, .label = {.ja = "理由", .en = "Reason"}},
                  {.field = "received_on",
                   .required = false,
                   .label = {.ja = "事業者の受領日（判明していれば）",
                             .en = "Received by the operator on (if known)"}}}},
      {.act = ActKind::kRecordRecommendationReceipt,
       .key = "record_recommendation_receipt",
       .label = {.ja = "勧告の受領日の記録", .en = "record when the recommendation was received"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRecommended},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis =
           {.ja = "経済安全保障推進法第52条第7項（勧告を受けた日から起算して10日）（条番号未確認）",
            .en = "Economic Security Promotion Act, Art. 52(7) (10 days from receipt of the "
                  "recommendation) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {.ja = "事業者が勧告を受けた日",
                             .en = "Day the operator received it"}}}},
      {.act = ActKind::kClear,
       .key = "clear",
       .label = {.ja = "審査終了（勧告なし）", .en = "clear (no recommendation)"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = S::kCleared,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第3項・第4項",
                 .en = "Economic Security Promotion Act, Art. 52(3)-(4)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kAcknowledge,
       .key = "acknowledge",
       .label = {.ja = "事後届出の確認", .en = "acknowledge"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived},
       .to = S::kAcknowledged,
       .applies = A::kAfterTheFact,
       .decision = true,
       .basis = {.ja = "解釈: 事後届出には待機期間・事前審査の期間はない（条番号未確認）",
                 .en = "interpretation: an after-the-fact filing has no waiting or review period "
                       "(article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kAccept,
       .key = "accept",
       .label = {.ja = "勧告を応諾する", .en = "accept the recommendation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kRecommended},
       .to = S::kAccepted,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {.ja = "経済安全保障推進法第52条第7項（条番号未確認）",
                 .en = "Economic Security Promotion Act, Art. 52(7) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {.ja = "応諾日（空欄は本日）", .en = "Date (empty: today)"}},
                  {.field = "text",
                   .required = false,
                   .label = {.ja = "回答の内容", .en = "Answer"}}}},
      {.act = ActKind::kRefuse,
       .key = "refuse",
       .label = {.ja = "勧告を応諾しない", .en = "refuse the recommendation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kRecommended},
       .to = S::kRefused,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {.ja = "経済安全保障推進法第52条第7項（条番号未確認）",
                 .en = "Economic Security Promotion Act, Art. 52(7) (article unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {.ja = "回答日（空欄は本日）", .en = "Date (empty: today)"}},
                  {.field = "text",
                   .required = false,
                   .label = {.ja = "回答の内容・理由", .en = "Answer and reason"}}}},
      {.act = ActKind::kRecordNoAnswer,
       .key = "record_no_answer",
       .label = {.ja = "期限までに回答なし", .en = "record that no answer came"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRecommended},
       .to = S::kRefused,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja =
                     "経済安全保障推進法第52条第7項・第8項（応諾の通知がない場合）（条番号未確認）",
                 .en = "Economic Security Promotion Act, Art. 52(7)-(8) (no notice of acceptance) "
                       "(article unverified)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kOpenHearing,
       .key = "open_hearing",
       .label = {.ja = "弁明の機会の付与", .en = "give an opportunity to explain"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRefused},
       .to = S::kHearing,
       .applies = A::kPriorReview,
       .decision = true,
       .basis =
           {.ja = "行政手続法第13条第1項第2号（不利益処分の前の弁明の機会）（適用の有無は未確認）",
            .en = "Administrative Procedure Act, Art. 13(1)(ii) (opportunity to explain before an "
                  "adverse disposition) (whether it applies is unverified)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {.ja = "通知日（空欄は本日）", .en = "Notice date (empty: today)"}},
                  {.field = "text", .required = false, .label = {.ja = "内容", .en = "Content"}}}},
      {.act = ActKind::kOrder,
       .key = "order",
       .label = {.ja = "命令", .en = "order"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRefused, S::kHearing},
       .to = S::kOrdered,
       .applies = A::kPriorReview,
       .decision = true,
       .basis =
           {.ja = "経済安全保障推進法第52条第8項（正当な理由なく応諾しない場合）（条番号未確認）",
            .en =
                "Economic Security Promotion Act, Art. 52(8) (refusal without justifiable reason) "
                "(article unverified)"},
       .inputs = {{.field = "text",
                   .required = true,
                   .label = {.ja = "命ずる措置", .en = "Measures ordered"}},
                  {.field = "reason", .required = true, .label = {.ja = "理由", .en = "Reason"}}}},
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
