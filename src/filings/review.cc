// The review state machine: the names of states, roles and channels, and Apply, which checks the
// table of acts (act_table.cc) and then the act's own legal conditions, one function per act.
// The statutory clocks are in deadlines.cc.
#include "filings/review.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "calendar/clocks.h"
#include "filings/review_internal.h"

namespace kikan::filings {
namespace {

using base::Text;
using S = State;

constexpr std::array<std::pair<State, std::string_view>, kStateCount> kStateNames = {{
    {S::kDraft, "draft"},
    {S::kConsultation, "consultation"},
    {S::kSubmitted, "submitted"},
    {S::kReturned, "returned"},
    {S::kReceived, "received"},
    {S::kUnderReview, "under_review"},
    {S::kRecommended, "recommended"},
    {S::kAccepted, "accepted"},
    {S::kRefused, "refused"},
    {S::kHearing, "hearing"},
    {S::kOrdered, "ordered"},
    {S::kCleared, "cleared"},
    {S::kWithdrawn, "withdrawn"},
    {S::kAcknowledged, "acknowledged"},
}};

std::string StatesList(const std::vector<State>& states, base::Lang lang) {
  std::string out;
  for (State s : states) {
    if (!out.empty()) out += lang == base::Lang::kJa ? "・" : ", ";
    out += lang == base::Lang::kJa ? StateLabel(s).ja : std::string(StateName(s));
  }
  return out;
}

base::Status Precondition(base::Text message) {
  return base::FailedPrecondition(std::move(message));
}

// The statutory last day of the waiting period counted from `received`.
base::Result<base::Date> StatutoryEnd(base::Date received) {
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult r, calendar::WaitingPeriod(received));
  return r.period_end;
}

base::Result<base::Date> CurrentEnd(const FilingRecord& r) {
  if (r.period_end_override) return *r.period_end_override;
  return StatutoryEnd(*r.received_on);
}

// ---- Who may act, on which filing and state, on what decided

// The role, the organisation and the reviewer's independence (review.h: kPermissionDenied).
base::Status CheckActor(const ActSpec& spec, const FilingRecord& record, const Actor& actor) {
  const std::string act_ja = spec.label.ja;
  const std::string act_en(spec.key);
  const bool role_ok = actor.role == Role::kOperatorStaff ? spec.by_operator : spec.by_reviewer;
  if (!role_ok) {
    return base::PermissionDenied(
        {.ja = fmt::format("「{}」は{}が行います", act_ja,
                           spec.by_operator ? "届出者（事業者）の担当者" : "主務省の審査担当者"),
         .en = fmt::format(
             "{} is performed by {}", act_en,
             spec.by_operator ? "the operator's staff" : "a reviewer of the ministry")});
  }
  if (actor.role == Role::kOperatorStaff && actor.organization != record.operator_id.view()) {
    return base::PermissionDenied(
        {.ja = fmt::format("この届出は {} のものです。{} の担当者は操作できません",
                           record.operator_id, actor.organization),
         .en = fmt::format("the filing is {}'s; staff of {} may not act on it", record.operator_id,
                           actor.organization)});
  }
  if (actor.role == Role::kReviewer) {
    if (actor.organization != record.ministry_id) {
      return base::PermissionDenied(
          {.ja = fmt::format("この届出の審査は {} が行います（{} ではありません）",
                             record.ministry_id, actor.organization),
           .en = fmt::format("the filing is reviewed by {}, not {}", record.ministry_id,
                             actor.organization)});
    }
    if (std::find(record.filers.begin(), record.filers.end(), actor.user) != record.filers.end()) {
      return base::PermissionDenied(
          {.ja = fmt::format("利用者 {} はこの届出を作成又は提出しているため、審査できません",
                             actor.user.value()),
           .en = fmt::format("user {} created or submitted this filing and may not review it",
                             actor.user.value())});
    }
  }
  return base::Status::Ok();
}

// The kind of filing and the state the act applies to (kFailedPrecondition).
base::Status CheckApplies(const ActSpec& spec, const FilingRecord& record) {
  const std::string act_ja = spec.label.ja;
  const std::string act_en(spec.key);
  if (!internal::AppliesTo(spec, record.kind)) {
    return Precondition({.ja = fmt::format("「{}」は{}には行えません", act_ja,
                                           regime::FilingKindLabel(record.kind).ja),
                         .en = fmt::format("{} does not apply to a {}", act_en,
                                           regime::FilingKindName(record.kind))});
  }
  if (std::find(spec.from.begin(), spec.from.end(), record.state) == spec.from.end()) {
    return Precondition(
        {.ja = fmt::format("「{}」は状態「{}」では行えません（行えるのは: {}）", act_ja,
                           StateLabel(record.state).ja, StatesList(spec.from, base::Lang::kJa)),
         .en = fmt::format("{} is not allowed in state {} (allowed in: {})", act_en,
                           StateName(record.state), StatesList(spec.from, base::Lang::kEn))});
  }
  return base::Status::Ok();
}

// A reviewer decision binds to the version submitted and names the pack version.
base::Status CheckDecision(const ActSpec& spec, const ActRequest& req, const FilingRecord& record) {
  if (!spec.decision) return base::Status::Ok();
  const std::string act_ja = spec.label.ja;
  const std::string act_en(spec.key);
  if (req.content_hash.empty() || req.pack_version.empty()) {
    return base::InvalidArgument(
        {.ja =
             fmt::format("「{}」には判断した届出内容のハッシュと規制パックの版が必要です", act_ja),
         .en = fmt::format("{} records the content hash of the filing decided and the pack version",
                           act_en)});
  }
  if (req.content_hash != record.submitted_hash) {
    return Precondition(
        {.ja = fmt::format("「{}」の対象の内容（{}）は提出された内容（{}）と異なります。"
                           "提出された版について判断してください",
                           act_ja, req.content_hash, record.submitted_hash),
         .en = fmt::format("{} was asked on contents {} but the submitted contents are {}: a "
                           "decision binds to the version submitted",
                           act_en, req.content_hash, record.submitted_hash)});
  }
  return base::Status::Ok();
}

// ---- One function per act: its legal conditions and what it records

// What an act's function reads: the act asked, the record before it, and when.
struct ActContext {
  const ActSpec& spec;
  const ActRequest& req;
  const FilingRecord& record;
  Instant now;
  base::Date today;

  // kInvalidArgument "<act> needs <what>" unless `present`.
  base::Status Need(bool present, const base::Text& what) const {
    if (present) return base::Status::Ok();
    return base::InvalidArgument(
        {.ja = fmt::format("「{}」には{}が必要です", spec.label.ja, what.ja),
         .en = fmt::format("{} needs {}", spec.key, what.en)});
  }
};

// Each act's function checks the act's own conditions (after CheckActor, CheckApplies and
// CheckDecision) and records it in `next` (the record after the act) and `ev` (its event, whose
// who, when, states, reason, text and hashes are already filled in).
using ActFn = base::Status (*)(const ActContext& c, FilingRecord& next, ReviewEvent& ev);

base::Status NoCondition(const ActContext&, FilingRecord&, ReviewEvent&) {
  return base::Status::Ok();
}

// A decision that ends the review (withdraw, clear, acknowledge, order) is dated today.
void RecordDecidedToday(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  next.decided_on = c.today;
  ev.date = c.today;
}

base::Status Submit(const ActContext& c, FilingRecord& next, ReviewEvent&) {
  KIKAN_TRY(
      c.Need(!c.req.content_hash.empty(),
             {.ja = "提出する内容のハッシュ", .en = "the content hash of the version submitted"}));
  next.submitted_hash = c.req.content_hash;
  next.submitted_at = c.now;
  const UserId& user = c.req.actor.user;
  if (std::find(next.filers.begin(), next.filers.end(), user) == next.filers.end()) {
    next.filers.push_back(user);
  }
  return base::Status::Ok();
}

base::Status Withdraw(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  RecordDecidedToday(c, next, ev);
  return base::Status::Ok();
}

base::Status Receive(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  const ActRequest& req = c.req;
  const base::Date submitted = base::JapanDate(*c.record.submitted_at);
  if (*req.date < submitted) {
    return Precondition({.ja = fmt::format("受理日 {} が提出日 {} より前です", req.date->ToIso(),
                                           submitted.ToIso()),
                         .en = fmt::format("the receipt date {} is before the submission ({})",
                                           req.date->ToIso(), submitted.ToIso())});
  }
  if (*req.date > c.today) {
    return Precondition(
        {.ja = fmt::format("受理日 {} が今日（{}）より後です", req.date->ToIso(), c.today.ToIso()),
         .en = fmt::format("the receipt date {} is after today ({})", req.date->ToIso(),
                           c.today.ToIso())});
  }
  next.received_on = *req.date;
  next.channel = *req.channel;
  ev.date = *req.date;
  ev.channel = *req.channel;
  return base::Status::Ok();
}

// What shortening and extending share: a new last day and a reason, before the current period
// has ended. Returns the current last day.
base::Result<base::Date> CheckPeriodChange(const ActContext& c, bool shorten) {
  KIKAN_ASSIGN_OR_RETURN(base::Date current, CurrentEnd(c.record));
  if (c.today > current) {
    return Precondition({.ja = fmt::format("期間は {} に満了しています。満了後に{}はできません",
                                           current.ToIso(), shorten ? "短縮" : "延長"),
                         .en = fmt::format("the period ended on {}; it can no longer be {}",
                                           current.ToIso(), shorten ? "shortened" : "extended")});
  }
  return current;
}

void RecordPeriodChange(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  next.period_end_override = *c.req.date;
  next.period_changed_by = c.req.act;
  ev.date = *c.req.date;
}

base::Status Shorten(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  KIKAN_ASSIGN_OR_RETURN(base::Date current, CheckPeriodChange(c, /*shorten=*/true));
  const base::Date day = *c.req.date;
  const base::Date received = *c.record.received_on;
  if (day < received) {
    return Precondition(
        {.ja = fmt::format("短縮後の末日 {} が受理日 {} より前です", day.ToIso(), received.ToIso()),
         .en = fmt::format("the shortened period cannot end ({}) before the receipt date ({})",
                           day.ToIso(), received.ToIso())});
  }
  if (day >= current) {
    return Precondition(
        {.ja = fmt::format("{} は現在の末日 {} より前ではありません（短縮になりません）",
                           day.ToIso(), current.ToIso()),
         .en = fmt::format("{} is not before the current last day {}: not a shortening",
                           day.ToIso(), current.ToIso())});
  }
  RecordPeriodChange(c, next, ev);
  return base::Status::Ok();
}

base::Status Extend(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  KIKAN_ASSIGN_OR_RETURN(base::Date current, CheckPeriodChange(c, /*shorten=*/false));
  const base::Date day = *c.req.date;
  const base::Date received = *c.record.received_on;
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult limit, calendar::ExtensionLimit(received));
  if (day > limit.period_end) {
    return Precondition(
        {.ja = fmt::format("延長後の末日 {} は上限 {}（受理日 {} から起算して4月、第52条第4項）"
                           "を超えています",
                           day.ToIso(), limit.period_end.ToIso(), received.ToIso()),
         .en = fmt::format("{} is past the extension limit {} (4 months counted from the receipt "
                           "date {}, Art. 52(4))",
                           day.ToIso(), limit.period_end.ToIso(), received.ToIso())});
  }
  if (day <= current) {
    return Precondition(
        {.ja = fmt::format("{} は現在の末日 {} より後ではありません（延長になりません）",
                           day.ToIso(), current.ToIso()),
         .en = fmt::format("{} is not after the current last day {}: not an extension", day.ToIso(),
                           current.ToIso())});
  }
  RecordPeriodChange(c, next, ev);
  return base::Status::Ok();
}

base::Status Recommend(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  const ActRequest& req = c.req;
  const FilingRecord& record = c.record;
  const base::Date today = c.today;
  const base::Date issued = req.date.value_or(today);
  KIKAN_ASSIGN_OR_RETURN(base::Date current, CurrentEnd(record));
  if (issued > today) {
    return Precondition(
        {.ja = fmt::format("勧告日 {} が今日（{}）より後です", issued.ToIso(), today.ToIso()),
         .en = fmt::format("the recommendation date {} is after today ({})", issued.ToIso(),
                           today.ToIso())});
  }
  if (issued < *record.received_on || issued > current) {
    return Precondition(
        {.ja = fmt::format("勧告は審査期間（{}〜{}）内に限られます（勧告日 {}、第52条第6項）",
                           record.received_on->ToIso(), current.ToIso(), issued.ToIso()),
         .en = fmt::format("a recommendation is only possible within the review period ({} to {}); "
                           "it is dated {} (Art. 52(6))",
                           record.received_on->ToIso(), current.ToIso(), issued.ToIso())});
  }
  if (req.received_on) {
    if (*req.received_on < issued || *req.received_on > today) {
      return Precondition(
          {.ja = fmt::format("勧告の受領日 {} は勧告日 {} から今日 {} までの日でなければなりません",
                             req.received_on->ToIso(), issued.ToIso(), today.ToIso()),
           .en = fmt::format("the day the recommendation was received ({}) must be between its "
                             "date {} and today {}",
                             req.received_on->ToIso(), issued.ToIso(), today.ToIso())});
    }
    next.recommendation_received_on = *req.received_on;
    ev.received_on = *req.received_on;
  }
  next.recommendation_issued_on = issued;
  ev.date = issued;
  return base::Status::Ok();
}

base::Status RecordRecommendationReceipt(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  const ActRequest& req = c.req;
  const FilingRecord& record = c.record;
  if (record.recommendation_received_on) {
    return Precondition(
        {.ja = fmt::format("勧告の受領日は {} と記録済みです",
                           record.recommendation_received_on->ToIso()),
         .en = fmt::format("the day the recommendation was received is already recorded ({})",
                           record.recommendation_received_on->ToIso())});
  }
  if (*req.date < *record.recommendation_issued_on || *req.date > c.today) {
    return Precondition(
        {.ja = fmt::format("勧告の受領日 {} は勧告日 {} から今日 {} までの日でなければなりません",
                           req.date->ToIso(), record.recommendation_issued_on->ToIso(),
                           c.today.ToIso()),
         .en = fmt::format("the day the recommendation was received ({}) must be between its date "
                           "{} and today {}",
                           req.date->ToIso(), record.recommendation_issued_on->ToIso(),
                           c.today.ToIso())});
  }
  next.recommendation_received_on = *req.date;
  ev.date = *req.date;
  return base::Status::Ok();
}

// The operator's answer to a recommendation (accept or refuse) is dated today.
void RecordAnswer(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  next.answered_on = c.today;
  ev.date = c.today;
}

base::Status Accept(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  const FilingRecord& record = c.record;
  if (record.recommendation_received_on) {
    KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult due, calendar::RecommendationAnswerDeadline(
                                                           *record.recommendation_received_on));
    if (c.today > due.due) {
      return Precondition(
          {.ja = fmt::format("回答期限 {} を過ぎています（勧告を受けた日 {} から起算して10日、"
                             "休日は翌開庁日）。応諾の扱いは主務省にご相談ください",
                             due.due.ToIso(), record.recommendation_received_on->ToIso()),
           .en = fmt::format("the answer was due on {} (10 days counted from {}, moved off "
                             "administrative holidays); ask the ministry how a late acceptance is "
                             "treated",
                             due.due.ToIso(), record.recommendation_received_on->ToIso())});
    }
  }
  RecordAnswer(c, next, ev);
  return base::Status::Ok();
}

base::Status Refuse(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  // The deadline is checked as for an acceptance, so an invalid receipt date fails alike; a late
  // refusal is still recorded.
  if (c.record.recommendation_received_on) {
    KIKAN_TRY(calendar::RecommendationAnswerDeadline(*c.record.recommendation_received_on));
  }
  RecordAnswer(c, next, ev);
  return base::Status::Ok();
}

base::Status RecordNoAnswer(const ActContext& c, FilingRecord&, ReviewEvent& ev) {
  const FilingRecord& record = c.record;
  if (!record.recommendation_received_on) {
    return Precondition(
        {.ja = "先に事業者が勧告を受けた日を記録してください（回答期限はその日から起算します）",
         .en = "record first the day the operator received the recommendation (the answer is due "
               "counted from it)"});
  }
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult due, calendar::RecommendationAnswerDeadline(
                                                         *record.recommendation_received_on));
  if (c.today <= due.due) {
    return Precondition(
        {.ja = fmt::format("回答期限 {} はまだ過ぎていません", due.due.ToIso()),
         .en = fmt::format("the answer is not overdue yet (due {})", due.due.ToIso())});
  }
  ev.date = c.today;
  return base::Status::Ok();
}

base::Status OpenHearing(const ActContext& c, FilingRecord&, ReviewEvent& ev) {
  ev.date = c.req.date.value_or(c.today);
  return base::Status::Ok();
}

base::Status Order(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult limit,
                         internal::RecommendationAndOrderLimit(c.record));
  if (c.today > limit.due) {
    return Precondition(
        {.ja = fmt::format("命令をすることができる期間は {} までです（受理日 {} から起算して30日を"
                           "経過する日、延長した場合は延長した期間の満了する日。経済安全保障推進"
                           "法第52条第10項ただし書）。今日（{}）は命令できません",
                           limit.due.ToIso(), c.record.received_on->ToIso(), c.today.ToIso()),
         .en = fmt::format("an order may only be given until {} (30 days counted from the receipt "
                           "date {}, or the end of the extended period; Economic Security "
                           "Promotion Act, Art. 52(10), proviso); it cannot be given today ({})",
                           limit.due.ToIso(), c.record.received_on->ToIso(), c.today.ToIso())});
  }
  RecordDecidedToday(c, next, ev);
  return base::Status::Ok();
}

base::Status Clear(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  RecordDecidedToday(c, next, ev);
  return base::Status::Ok();
}

base::Status Acknowledge(const ActContext& c, FilingRecord& next, ReviewEvent& ev) {
  RecordDecidedToday(c, next, ev);
  return base::Status::Ok();
}

// Art. 52(8): the operator that accepted files the plan as changed (once); its date, today or
// earlier but not before the acceptance, is the day installation becomes allowed (52(9)).
base::Status FileRevisedPlan(const ActContext& c, FilingRecord& /*next*/, ReviewEvent& ev) {
  const FilingRecord& record = c.record;
  for (const ReviewEvent& e : record.events) {
    if (e.act != ActKind::kFileRevisedPlan || !e.date) continue;
    return Precondition(
        {.ja = fmt::format("変更を加えた導入等計画書は {} に届出済みです", e.date->ToIso()),
         .en = fmt::format("the changed plan was already filed on {}", e.date->ToIso())});
  }
  const base::Date filed = c.req.date.value_or(c.today);
  const base::Date accepted = record.answered_on.value_or(c.today);
  if (filed < accepted || filed > c.today) {
    return Precondition(
        {.ja = fmt::format("届出日 {} は応諾日 {} から今日 {} までの日でなければなりません",
                           filed.ToIso(), accepted.ToIso(), c.today.ToIso()),
         .en = fmt::format("the filing date {} must be between the acceptance {} and today {}",
                           filed.ToIso(), accepted.ToIso(), c.today.ToIso())});
  }
  ev.date = filed;
  return base::Status::Ok();
}

ActFn FunctionOf(ActKind act) {
  switch (act) {
    case ActKind::kStartConsultation:
      return NoCondition;
    case ActKind::kConsultationNote:
      return NoCondition;  // its note is a required input
    case ActKind::kSubmit:
      return Submit;
    case ActKind::kWithdraw:
      return Withdraw;
    case ActKind::kReturn:
      return NoCondition;  // what to correct is a required input
    case ActKind::kReceive:
      return Receive;
    case ActKind::kStartReview:
      return NoCondition;
    case ActKind::kShorten:
      return Shorten;
    case ActKind::kExtend:
      return Extend;
    case ActKind::kRecommend:
      return Recommend;
    case ActKind::kRecordRecommendationReceipt:
      return RecordRecommendationReceipt;
    case ActKind::kClear:
      return Clear;
    case ActKind::kAcknowledge:
      return Acknowledge;
    case ActKind::kAccept:
      return Accept;
    case ActKind::kRefuse:
      return Refuse;
    case ActKind::kRecordNoAnswer:
      return RecordNoAnswer;
    case ActKind::kOpenHearing:
      return OpenHearing;
    case ActKind::kOrder:
      return Order;
    case ActKind::kFileRevisedPlan:
      return FileRevisedPlan;
  }
  return NoCondition;
}

}  // namespace

std::string_view StateName(State state) {
  for (const auto& [s, name] : kStateNames) {
    if (s == state) return name;
  }
  return "draft";
}

std::optional<State> ParseState(std::string_view name) {
  for (const auto& [s, n] : kStateNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

base::Text StateLabel(State state) {
  switch (state) {
    case S::kDraft:
      return {.ja = "作成中", .en = "draft"};
    case S::kConsultation:
      return {.ja = "事前相談中", .en = "in prior consultation"};
    case S::kSubmitted:
      return {.ja = "提出済み（受理前）", .en = "submitted (not yet received)"};
    case S::kReturned:
      return {.ja = "補正依頼中", .en = "returned for correction"};
    case S::kReceived:
      return {.ja = "受理済み", .en = "received"};
    case S::kUnderReview:
      return {.ja = "審査中", .en = "under review"};
    case S::kRecommended:
      return {.ja = "勧告済み（回答待ち）", .en = "recommended (awaiting the answer)"};
    case S::kAccepted:
      return {.ja = "勧告を応諾", .en = "recommendation accepted"};
    case S::kRefused:
      return {.ja = "勧告を不応諾（又は回答なし）",
              .en = "recommendation refused (or not answered)"};
    case S::kHearing:
      return {.ja = "弁明の機会", .en = "opportunity to explain"};
    case S::kOrdered:
      return {.ja = "命令", .en = "ordered"};
    case S::kCleared:
      return {.ja = "審査終了（勧告なし）", .en = "cleared (no recommendation)"};
    case S::kWithdrawn:
      return {.ja = "取下げ", .en = "withdrawn"};
    case S::kAcknowledged:
      return {.ja = "確認済み（事後届出）", .en = "acknowledged (after the fact)"};
  }
  return {};
}

bool IsEditable(State state) {
  return state == S::kDraft || state == S::kConsultation || state == S::kReturned;
}

std::string_view RoleName(Role role) {
  return role == Role::kOperatorStaff ? "operator_staff" : "reviewer";
}

std::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kEGov:
      return "e_gov";
    case Channel::kEmail:
      return "email";
    case Channel::kOther:
      return "other";
  }
  return "other";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (Channel c : {Channel::kEGov, Channel::kEmail, Channel::kOther}) {
    if (ChannelName(c) == name) return c;
  }
  return std::nullopt;
}

FilingRecord FilingRecord::New(FilingId id, FilingKind kind, base::BusinessId business,
                               base::OperatorId operator_id, std::string ministry_id,
                               UserId created_by) {
  FilingRecord r;
  r.id = std::move(id);
  r.kind = kind;
  r.business = std::move(business);
  r.operator_id = std::move(operator_id);
  r.ministry_id = std::move(ministry_id);
  r.filers.push_back(created_by);
  r.created_by = std::move(created_by);
  return r;
}

// Every input the act needs is there (ActSpec::inputs): kInvalidArgument naming each one missing,
// with a field error at its pointer.
base::Status CheckInputs(const ActSpec& spec, const ActRequest& req) {
  std::vector<base::FieldError> missing;
  std::string en, ja;
  for (const ActInput& in : spec.inputs) {
    if (!in.required) continue;
    const bool present = in.field == "date"          ? req.date.has_value()
                         : in.field == "received_on" ? req.received_on.has_value()
                         : in.field == "reason"      ? !req.reason.empty()
                         : in.field == "text"        ? !req.text.empty()
                         : in.field == "channel"     ? req.channel.has_value()
                                                     : true;
    if (present) continue;
    missing.push_back({"/" + std::string(in.field), {.ja = "必須です", .en = "required"}});
    en += fmt::format("{}{} ({})", en.empty() ? "" : ", ", in.label.en, in.field);
    ja += fmt::format("{}{}（{}）", ja.empty() ? "" : "、", in.label.ja, in.field);
  }
  if (missing.empty()) return base::Status::Ok();
  return base::InvalidArgument({.ja = fmt::format("「{}」には{}が必要です", spec.label.ja, ja),
                                .en = fmt::format("{} needs {}", spec.key, en)})
      .WithFields(std::move(missing));
}

base::Result<ReviewEvent> Apply(FilingRecord& record, const ActRequest& req,
                                const base::Clock& clock) {
  const ActSpec& spec = GetAct(req.act);
  KIKAN_TRY(CheckActor(spec, record, req.actor));
  KIKAN_TRY(CheckApplies(spec, record));
  KIKAN_TRY(CheckDecision(spec, req, record));
  KIKAN_TRY(CheckInputs(spec, req));

  const Instant now = clock.Now();
  const ActContext context{spec, req, record, now, base::JapanDate(now)};
  FilingRecord next = record;
  ReviewEvent ev;
  ev.act = req.act;
  ev.who = req.actor.user;
  ev.role = req.actor.role;
  ev.when = now;
  ev.from = record.state;
  ev.to = spec.to.value_or(record.state);
  ev.reason = req.reason;
  ev.text = req.text;
  if (spec.decision || req.act == ActKind::kSubmit) ev.content_hash = req.content_hash;
  if (spec.decision) ev.pack_version = req.pack_version;
  KIKAN_TRY(FunctionOf(req.act)(context, next, ev));
  next.state = ev.to;
  next.events.push_back(ev);
  record = std::move(next);
  return ev;
}

namespace internal {

base::Result<calendar::PeriodResult> RecommendationAndOrderLimit(const FilingRecord& record) {
  if (!record.received_on) {
    return Precondition({.ja = "まだ受理されていません", .en = "the filing has not been received"});
  }
  std::optional<base::Date> extended_to;
  for (const ReviewEvent& ev : record.events) {
    if (ev.act == ActKind::kExtend && ev.date) extended_to = ev.date;
  }
  return calendar::RecommendationAndOrderLimit(*record.received_on, extended_to);
}

}  // namespace internal

}  // namespace kikan::filings
