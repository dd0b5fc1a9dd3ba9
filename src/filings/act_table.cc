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
           {.ja =
                "経済安全保障推進法第52条第1項（事後届出は同項ただし書の緊急時の導入等の後の緊急導"
                "入等届出書、同条第11項）",
            .en = "Economic Security Promotion Act, Art. 52(1) (after the fact: the emergency "
                  "filing after an urgent installation under its proviso, Art. 52(11))"},
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
           {.ja = "行政手続法第37条（届出。導入等計画書は申請ではなく届出であり、形式上の要件に適合"
                  "しない届出の補正を求める）; 運用",
            .en = "Administrative Procedure Act, Art. 37 (notifications: an installation plan is a "
                  "notification, not an application; correction of a non-conforming one); "
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
       // Art. 52(4) allows an extension also to give the recommendation or the order, which can
       // only be given until the (extended) period ends: hence after a recommendation too.
       .from = {S::kReceived, S::kUnderReview, S::kRecommended, S::kRefused, S::kHearing},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第4項（受理日から起算して4月まで。審査又は勧告・"
                       "命令のため）; 国土交通省令第19条（延長の期間を記載した通知書を交付。理由"
                       "の通知は法令上求められない）",
                 .en = "Economic Security Promotion Act, Art. 52(4) (up to 4 months from receipt; "
                       "for the review, a recommendation or an order); MLIT Ordinance Art. 19 (a "
                       "notice stating the period; the law asks for no reason)"},
       .inputs = {{.field = "date",
                   .required = true,
                   .label = {.ja = "延長後の末日（通知書に記載する延長の期間）",
                             .en = "New last day (the period stated in the notice)"}},
                  {.field = "reason",
                   .required = false,
                   .label = {.ja = "理由（任意。内部記録）",
                             .en = "Reason (optional; internal record)"}}}},
      {.act = ActKind::kRecommend,
       .key = "recommend",
       .label = {.ja = "勧告", .en = "recommend"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived, S::kUnderReview},
       .to = S::kRecommended,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第6項（同項ただし書: 受理日から起算して30日を経過す"
                       "る日（延長した場合は延長した期間の満了する日）まで）",
                 .en = "Economic Security Promotion Act, Art. 52(6) (its proviso: only until 30 "
                       "days from receipt end, or the extended period ends)"},
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
       .basis = {.ja = "経済安全保障推進法第52条第7項（勧告を受けた日から起算して10日以内に通知）",
                 .en = "Economic Security Promotion Act, Art. 52(7) (notice within 10 days counted "
                       "from receipt of the recommendation)"},
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
       .label = {.ja = "事後の届出・報告の確認", .en = "acknowledge"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kReceived},
       .to = S::kAcknowledged,
       .applies = A::kAfterTheFact,
       .decision = true,
       .basis = {.ja = "経済安全保障推進法第52条第11項（緊急導入等届出書）・第54条第3項（緊急の変更"
                       "後の届出）・第4項（変更の報告）; 解釈: 第52条第3項の禁止期間は同条第1項の"
                       "届出（第54条第2項により変更の案の届出）にのみ係り、事後の届出・報告には待"
                       "機期間・事前審査の期間はない",
                 .en = "Economic Security Promotion Act, Art. 52(11) (emergency filing), Art. "
                       "54(3) (a plan changed in an emergency) and 54(4) (report of a change); "
                       "interpretation: the waiting period of Art. 52(3) follows only filings "
                       "under Art. 52(1) (and, by Art. 54(2), proposed changes), so what is filed "
                       "after the fact has no waiting or review period"},
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
       .basis = {.ja =
                     "経済安全保障推進法第52条第7項（応諾するかしないか及び応諾しない場合はその理由"
                     "を通知）",
                 .en = "Economic Security Promotion Act, Art. 52(7) (notice whether the operator "
                       "accepts and, if not, why)"},
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
       .basis = {.ja =
                     "経済安全保障推進法第52条第7項（応諾するかしないか及び応諾しない場合はその理由"
                     "を通知）",
                 .en = "Economic Security Promotion Act, Art. 52(7) (notice whether the operator "
                       "accepts and, if not, why)"},
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
       .basis = {.ja = "経済安全保障推進法第52条第10項（第7項の通知をしなかった場合は命令をすること"
                       "ができる）",
                 .en = "Economic Security Promotion Act, Art. 52(10) (no notice under Art. 52(7): "
                       "an order may follow)"},
       .inputs = {{.field = "reason",
                   .required = false,
                   .label = {.ja = "理由・備考", .en = "Reason or remark"}}}},
      {.act = ActKind::kOpenHearing,
       .key = "open_hearing",
       .label = {.ja = "弁明の機会の付与（任意）",
                 .en = "give an opportunity to explain (optional)"},
       .by_operator = false,
       .by_reviewer = true,
       .from = {S::kRefused},
       .to = S::kHearing,
       .applies = A::kPriorReview,
       .decision = true,
       .basis = {.ja =
                     "任意: 経済安全保障推進法第88条により第52条第10項の命令には行政手続法第2章・第"
                     "3章（弁明の機会の付与を含む）は適用されず、命令の前の弁明は必要ない",
                 .en = "optional: under Art. 88 of the Economic Security Promotion Act, Chapters 2 "
                       "and 3 of the Administrative Procedure Act (including the opportunity to "
                       "explain) do not apply to an order under Art. 52(10); none is required"},
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
           {.ja = "経済安全保障推進法第52条第10項（通知がない又は正当な理由なく応諾しない場合。同項"
                  "ただし書: 受理日から起算して30日を経過する日（延長した場合は延長した期間の満了"
                  "する日）まで）",
            .en = "Economic Security Promotion Act, Art. 52(10) (no answer, or a refusal without "
                  "justifiable reason; its proviso: only until 30 days from receipt end, or the "
                  "extended period ends)"},
       .inputs = {{.field = "text",
                   .required = true,
                   .label = {.ja = "命ずる措置", .en = "Measures ordered"}},
                  {.field = "reason", .required = true, .label = {.ja = "理由", .en = "Reason"}}}},
      {.act = ActKind::kFileRevisedPlan,
       .key = "file_revised_plan",
       .label = {.ja = "勧告に係る変更を加えた導入等計画書の届出",
                 .en = "file the plan as changed by the recommendation"},
       .by_operator = true,
       .by_reviewer = false,
       .from = {S::kAccepted},
       .to = std::nullopt,
       .applies = A::kPriorReview,
       .decision = false,
       .basis = {.ja =
                     "経済安全保障推進法第52条第8項（応諾した事業者は勧告に係る変更を加えた導入等計"
                     "画書を届け出る）・第9項（届け出た計画書に基づき、期間の経過を待たずに導入等"
                     "ができる）",
                 .en = "Economic Security Promotion Act, Art. 52(8) (having accepted, the operator "
                       "files the plan as changed by the recommendation) and 52(9) (it may then "
                       "install under that plan before the period ends)"},
       .inputs = {{.field = "date",
                   .required = false,
                   .label = {.ja = "届出日（空欄は本日）", .en = "Date filed (empty: today)"}},
                  {.field = "text",
                   .required = false,
                   .label = {.ja = "変更の内容", .en = "What was changed"}}}},
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
      return !regime::FiledAfterTheFact(kind);
    case A::kAfterTheFact:
      return regime::FiledAfterTheFact(kind);
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
