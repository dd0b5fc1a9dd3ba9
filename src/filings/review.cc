// The review state machine: the table of acts (Acts) and Apply, which checks the table and each
// act's legal conditions. docs/filings.md has the same table for readers.
#include "filings/review.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "calendar/clocks.h"

namespace kikan::filings {
namespace {

using base::Text;
using S = State;
using A = ActSpec::Applies;

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

const std::vector<ActSpec>& Table() {
  static const std::vector<ActSpec> kActs = {
      {ActKind::kStartConsultation,
       "start_consultation",
       {"事前相談を始める", "start a prior consultation"},
       true,
       false,
       {S::kDraft},
       S::kConsultation,
       A::kPriorReview,
       false,
       {"運用（事前相談）: 届出前の任意の手続。期間の起算はない",
        "practice (prior consultation): "
        "optional, before filing; starts no clock"}},
      {ActKind::kConsultationNote,
       "consultation_note",
       {"事前相談の記録", "consultation note"},
       true,
       true,
       {S::kConsultation},
       std::nullopt,
       A::kPriorReview,
       false,
       {"運用（事前相談）", "practice (prior consultation)"}},
      {ActKind::kSubmit,
       "submit",
       {"届出（提出）", "submit"},
       true,
       false,
       {S::kDraft, S::kConsultation, S::kReturned},
       S::kSubmitted,
       A::kAll,
       false,
       {"経済安全保障推進法第52条第1項（事後届出は緊急時の届出、条番号未確認）",
        "Economic Security Promotion Act, Art. 52(1) (after-the-fact: emergency filing, article "
        "unverified)"}},
      {ActKind::kWithdraw,
       "withdraw",
       {"取下げ", "withdraw"},
       true,
       false,
       {S::kDraft, S::kConsultation, S::kSubmitted, S::kReturned, S::kReceived, S::kUnderReview},
       S::kWithdrawn,
       A::kAll,
       false,
       {"解釈: 届出者は処分（勧告・審査終了）の前に取り下げられる",
        "interpretation: the filer may withdraw before a decision (recommendation or "
        "clearance)"}},
      {ActKind::kReturn,
       "return",
       {"補正を求める", "ask for correction"},
       false,
       true,
       {S::kSubmitted},
       S::kReturned,
       A::kAll,
       true,
       {"行政手続法第7条（形式上の要件に適合しない届出の補正）; 運用",
        "Administrative Procedure Act, Art. 7 (correction of a non-conforming filing); practice"}},
      {ActKind::kReceive,
       "receive",
       {"受理", "receive"},
       false,
       true,
       {S::kSubmitted},
       S::kReceived,
       A::kAll,
       true,
       {"経済安全保障推進法第52条第3項（受理された日から起算）; 受理日は受理通知の日付",
        "Economic Security Promotion Act, Art. 52(3) (counted from the receipt date); the date "
        "on the receipt notice"}},
      {ActKind::kStartReview,
       "start_review",
       {"審査を始める", "start the review"},
       false,
       true,
       {S::kReceived},
       S::kUnderReview,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第4項", "Economic Security Promotion Act, Art. 52(4)"}},
      {ActKind::kShorten,
       "shorten",
       {"禁止期間の短縮", "shorten the waiting period"},
       false,
       true,
       {S::kReceived, S::kUnderReview},
       std::nullopt,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第3項ただし書",
        "Economic Security Promotion Act, Art. 52(3), "
        "proviso"}},
      {ActKind::kExtend,
       "extend",
       {"審査期間の延長", "extend the review period"},
       false,
       true,
       {S::kReceived, S::kUnderReview},
       std::nullopt,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第4項（受理日から起算して4月まで、理由を通知）",
        "Economic Security Promotion Act, Art. 52(4) (up to 4 months from receipt; reason "
        "notified)"}},
      {ActKind::kRecommend,
       "recommend",
       {"勧告", "recommend"},
       false,
       true,
       {S::kReceived, S::kUnderReview},
       S::kRecommended,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第6項（審査期間内に限る）",
        "Economic Security Promotion Act, Art. 52(6) (only within the review period)"}},
      {ActKind::kRecordRecommendationReceipt,
       "record_recommendation_receipt",
       {"勧告の受領日の記録", "record when the recommendation was received"},
       false,
       true,
       {S::kRecommended},
       std::nullopt,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第7項（勧告を受けた日から起算して10日）（条番号未確認）",
        "Economic Security Promotion Act, Art. 52(7) (10 days from receipt of the "
        "recommendation) (article unverified)"}},
      {ActKind::kClear,
       "clear",
       {"審査終了（勧告なし）", "clear (no recommendation)"},
       false,
       true,
       {S::kReceived, S::kUnderReview},
       S::kCleared,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第3項・第4項", "Economic Security Promotion Act, Art. 52(3)-(4)"}},
      {ActKind::kAcknowledge,
       "acknowledge",
       {"事後届出の確認", "acknowledge"},
       false,
       true,
       {S::kReceived},
       S::kAcknowledged,
       A::kAfterTheFact,
       true,
       {"解釈: 事後届出には待機期間・事前審査の期間はない（条番号未確認）",
        "interpretation: an after-the-fact filing has no waiting or review period (article "
        "unverified)"}},
      {ActKind::kAccept,
       "accept",
       {"勧告を応諾する", "accept the recommendation"},
       true,
       false,
       {S::kRecommended},
       S::kAccepted,
       A::kPriorReview,
       false,
       {"経済安全保障推進法第52条第7項（条番号未確認）",
        "Economic Security Promotion Act, Art. 52(7) (article unverified)"}},
      {ActKind::kRefuse,
       "refuse",
       {"勧告を応諾しない", "refuse the recommendation"},
       true,
       false,
       {S::kRecommended},
       S::kRefused,
       A::kPriorReview,
       false,
       {"経済安全保障推進法第52条第7項（条番号未確認）",
        "Economic Security Promotion Act, Art. 52(7) (article unverified)"}},
      {ActKind::kRecordNoAnswer,
       "record_no_answer",
       {"期限までに回答なし", "record that no answer came"},
       false,
       true,
       {S::kRecommended},
       S::kRefused,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第7項・第8項（応諾の通知がない場合）（条番号未確認）",
        "Economic Security Promotion Act, Art. 52(7)-(8) (no notice of acceptance) (article "
        "unverified)"}},
      {ActKind::kOpenHearing,
       "open_hearing",
       {"弁明の機会の付与",
        "give an opportunity to "
        "explain"},
       false,
       true,
       {S::kRefused},
       S::kHearing,
       A::kPriorReview,
       true,
       {"行政手続法第13条第1項第2号（不利益処分の前の弁明の機会）（適用の有無は未確認）",
        "Administrative Procedure Act, Art. 13(1)(ii) (opportunity to explain before an "
        "adverse disposition) (whether it applies is unverified)"}},
      {ActKind::kOrder,
       "order",
       {"命令", "order"},
       false,
       true,
       {S::kRefused, S::kHearing},
       S::kOrdered,
       A::kPriorReview,
       true,
       {"経済安全保障推進法第52条第8項（正当な理由なく応諾しない場合）（条番号未確認）",
        "Economic Security Promotion Act, Art. 52(8) (refusal without justifiable reason) "
        "(article unverified)"}},
  };
  return kActs;
}

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

std::string StatesList(const std::vector<State>& states, base::Lang lang) {
  std::string out;
  for (State s : states) {
    if (!out.empty()) out += lang == base::Lang::kJa ? "・" : ", ";
    out += lang == base::Lang::kJa ? StateLabel(s).ja : std::string(StateName(s));
  }
  return out;
}

base::Status Precondition(std::string ja, std::string en) {
  return base::FailedPrecondition(std::move(en), std::move(ja));
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
      return {"作成中", "draft"};
    case S::kConsultation:
      return {"事前相談中", "in prior consultation"};
    case S::kSubmitted:
      return {"提出済み（受理前）", "submitted (not yet received)"};
    case S::kReturned:
      return {"補正依頼中", "returned for correction"};
    case S::kReceived:
      return {"受理済み", "received"};
    case S::kUnderReview:
      return {"審査中", "under review"};
    case S::kRecommended:
      return {"勧告済み（回答待ち）", "recommended (awaiting the answer)"};
    case S::kAccepted:
      return {"勧告を応諾", "recommendation accepted"};
    case S::kRefused:
      return {"勧告を不応諾（又は回答なし）", "recommendation refused (or not answered)"};
    case S::kHearing:
      return {"弁明の機会", "opportunity to explain"};
    case S::kOrdered:
      return {"命令", "ordered"};
    case S::kCleared:
      return {"審査終了（勧告なし）", "cleared (no recommendation)"};
    case S::kWithdrawn:
      return {"取下げ", "withdrawn"};
    case S::kAcknowledged:
      return {"確認済み（事後届出）", "acknowledged (after the fact)"};
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

FilingRecord FilingRecord::New(FilingId id, FilingKind kind, std::string business,
                               std::string operator_id, std::string ministry_id,
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

std::vector<ActKind> AllowedActs(FilingKind kind, State state, Role role) {
  std::vector<ActKind> out;
  for (const ActSpec& s : Table()) {
    if (!AppliesTo(s, kind)) continue;
    if (role == Role::kOperatorStaff ? !s.by_operator : !s.by_reviewer) continue;
    if (std::find(s.from.begin(), s.from.end(), state) == s.from.end()) continue;
    out.push_back(s.act);
  }
  return out;
}

base::Result<ReviewEvent> Apply(FilingRecord& record, const ActRequest& req,
                                const base::Clock& clock) {
  const ActSpec& spec = GetAct(req.act);
  const Actor& actor = req.actor;
  const std::string act_ja = spec.label.ja;
  const std::string act_en(spec.key);
  // Who.
  const bool role_ok = actor.role == Role::kOperatorStaff ? spec.by_operator : spec.by_reviewer;
  if (!role_ok) {
    return base::PermissionDenied(
        fmt::format("{} is performed by {}", act_en,
                    spec.by_operator ? "the operator's staff" : "a reviewer of the ministry"),
        fmt::format("「{}」は{}が行います", act_ja,
                    spec.by_operator ? "届出者（事業者）の担当者" : "主務省の審査担当者"));
  }
  if (actor.role == Role::kOperatorStaff && actor.organization != record.operator_id) {
    return base::PermissionDenied(
        fmt::format("the filing is {}'s; staff of {} may not act on it", record.operator_id,
                    actor.organization),
        fmt::format("この届出は {} のものです。{} の担当者は操作できません", record.operator_id,
                    actor.organization));
  }
  if (actor.role == Role::kReviewer) {
    if (actor.organization != record.ministry_id) {
      return base::PermissionDenied(
          fmt::format("the filing is reviewed by {}, not {}", record.ministry_id,
                      actor.organization),
          fmt::format("この届出の審査は {} が行います（{} ではありません）", record.ministry_id,
                      actor.organization));
    }
    if (std::find(record.filers.begin(), record.filers.end(), actor.user) != record.filers.end()) {
      return base::PermissionDenied(
          fmt::format("user {} created or submitted this filing and may not review it",
                      actor.user.value()),
          fmt::format("利用者 {} はこの届出を作成又は提出しているため、審査できません",
                      actor.user.value()));
    }
  }
  // Which filings and states.
  if (!AppliesTo(spec, record.kind)) {
    return Precondition(
        fmt::format("「{}」は{}には行えません", act_ja, regime::FilingKindLabel(record.kind).ja),
        fmt::format("{} does not apply to a {}", act_en, regime::FilingKindName(record.kind)));
  }
  if (std::find(spec.from.begin(), spec.from.end(), record.state) == spec.from.end()) {
    return Precondition(
        fmt::format("「{}」は状態「{}」では行えません（行えるのは: {}）", act_ja,
                    StateLabel(record.state).ja, StatesList(spec.from, base::Lang::kJa)),
        fmt::format("{} is not allowed in state {} (allowed in: {})", act_en,
                    StateName(record.state), StatesList(spec.from, base::Lang::kEn)));
  }
  // What was decided.
  if (spec.decision) {
    if (req.content_hash.empty() || req.pack_version.empty()) {
      return base::InvalidArgument(
          fmt::format("{} records the content hash of the filing decided and the pack version",
                      act_en),
          fmt::format("「{}」には判断した届出内容のハッシュと規制パックの版が必要です", act_ja));
    }
    if (req.content_hash != record.submitted_hash) {
      return Precondition(
          fmt::format("「{}」の対象の内容（{}）は提出された内容（{}）と異なります。"
                      "提出された版について判断してください",
                      act_ja, req.content_hash, record.submitted_hash),
          fmt::format("{} was asked on contents {} but the submitted contents are {}: a "
                      "decision binds to the version submitted",
                      act_en, req.content_hash, record.submitted_hash));
    }
  }
  auto need = [&](bool present, std::string_view what_en,
                  std::string_view what_ja) -> base::Status {
    if (present) return base::Status::Ok();
    return base::InvalidArgument(fmt::format("{} needs {}", act_en, what_en),
                                 fmt::format("「{}」には{}が必要です", act_ja, what_ja));
  };

  const Instant now = clock.Now();
  const base::Date today = base::JapanDate(now);
  FilingRecord next = record;
  ReviewEvent ev;
  ev.act = req.act;
  ev.who = actor.user;
  ev.role = actor.role;
  ev.when = now;
  ev.from = record.state;
  ev.to = spec.to.value_or(record.state);
  ev.reason = req.reason;
  ev.text = req.text;
  if (spec.decision || req.act == ActKind::kSubmit) ev.content_hash = req.content_hash;
  if (spec.decision) ev.pack_version = req.pack_version;

  switch (req.act) {
    case ActKind::kStartConsultation:
      break;
    case ActKind::kConsultationNote:
      KIKAN_TRY(need(!req.text.empty(), "a note (text)", "記録する内容（text）"));
      break;
    case ActKind::kSubmit:
      KIKAN_TRY(need(!req.content_hash.empty(), "the content hash of the version submitted",
                     "提出する内容のハッシュ"));
      next.submitted_hash = req.content_hash;
      next.submitted_at = now;
      if (std::find(next.filers.begin(), next.filers.end(), actor.user) == next.filers.end()) {
        next.filers.push_back(actor.user);
      }
      break;
    case ActKind::kWithdraw:
      next.decided_on = today;
      ev.date = today;
      break;
    case ActKind::kReturn:
      KIKAN_TRY(need(!req.reason.empty(), "a reason (what to correct)", "補正を求める理由"));
      break;
    case ActKind::kReceive: {
      KIKAN_TRY(need(req.date.has_value(), "the receipt date on the receipt notice (date)",
                     "受理通知に記載の受理日（date）"));
      KIKAN_TRY(need(req.channel.has_value(), "the channel it arrived by (e_gov, email, other)",
                     "届出の経路（e_gov, email, other）"));
      const base::Date submitted = base::JapanDate(*record.submitted_at);
      if (*req.date < submitted) {
        return Precondition(
            fmt::format("受理日 {} が提出日 {} より前です", req.date->ToIso(), submitted.ToIso()),
            fmt::format("the receipt date {} is before the submission ({})", req.date->ToIso(),
                        submitted.ToIso()));
      }
      if (*req.date > today) {
        return Precondition(
            fmt::format("受理日 {} が今日（{}）より後です", req.date->ToIso(), today.ToIso()),
            fmt::format("the receipt date {} is after today ({})", req.date->ToIso(),
                        today.ToIso()));
      }
      next.received_on = *req.date;
      next.channel = *req.channel;
      ev.date = *req.date;
      ev.channel = *req.channel;
      break;
    }
    case ActKind::kStartReview:
      break;
    case ActKind::kShorten:
    case ActKind::kExtend: {
      const bool shorten = req.act == ActKind::kShorten;
      KIKAN_TRY(need(req.date.has_value(), "the new last day of the period (date)",
                     "期間の新しい末日（date）"));
      KIKAN_TRY(need(!req.reason.empty(), "a reason", "理由"));
      KIKAN_ASSIGN_OR_RETURN(base::Date current, CurrentEnd(record));
      if (today > current) {
        return Precondition(fmt::format("期間は {} に満了しています。満了後に{}はできません",
                                        current.ToIso(), shorten ? "短縮" : "延長"),
                            fmt::format("the period ended on {}; it can no longer be {}",
                                        current.ToIso(), shorten ? "shortened" : "extended"));
      }
      if (shorten) {
        if (*req.date < *record.received_on) {
          return Precondition(
              fmt::format("短縮後の末日 {} が受理日 {} より前です", req.date->ToIso(),
                          record.received_on->ToIso()),
              fmt::format("the shortened period cannot end ({}) before the receipt date ({})",
                          req.date->ToIso(), record.received_on->ToIso()));
        }
        if (*req.date >= current) {
          return Precondition(
              fmt::format("{} は現在の末日 {} より前ではありません（短縮になりません）",
                          req.date->ToIso(), current.ToIso()),
              fmt::format("{} is not before the current last day {}: not a shortening",
                          req.date->ToIso(), current.ToIso()));
        }
      } else {
        KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult limit,
                               calendar::ExtensionLimit(*record.received_on));
        if (*req.date > limit.period_end) {
          return Precondition(
              fmt::format("延長後の末日 {} は上限 {}（受理日 {} から起算して4月、第52条第4項）"
                          "を超えています",
                          req.date->ToIso(), limit.period_end.ToIso(), record.received_on->ToIso()),
              fmt::format("{} is past the extension limit {} (4 months counted from the receipt "
                          "date {}, Art. 52(4))",
                          req.date->ToIso(), limit.period_end.ToIso(),
                          record.received_on->ToIso()));
        }
        if (*req.date <= current) {
          return Precondition(
              fmt::format("{} は現在の末日 {} より後ではありません（延長になりません）",
                          req.date->ToIso(), current.ToIso()),
              fmt::format("{} is not after the current last day {}: not an extension",
                          req.date->ToIso(), current.ToIso()));
        }
      }
      next.period_end_override = *req.date;
      next.period_changed_by = req.act;
      ev.date = *req.date;
      break;
    }
    case ActKind::kRecommend: {
      KIKAN_TRY(need(!req.text.empty(), "what is recommended (text)", "勧告の内容（text）"));
      const base::Date issued = req.date.value_or(today);
      KIKAN_ASSIGN_OR_RETURN(base::Date current, CurrentEnd(record));
      if (issued > today) {
        return Precondition(
            fmt::format("勧告日 {} が今日（{}）より後です", issued.ToIso(), today.ToIso()),
            fmt::format("the recommendation date {} is after today ({})", issued.ToIso(),
                        today.ToIso()));
      }
      if (issued < *record.received_on || issued > current) {
        return Precondition(
            fmt::format("勧告は審査期間（{}〜{}）内に限られます（勧告日 {}、第52条第6項）",
                        record.received_on->ToIso(), current.ToIso(), issued.ToIso()),
            fmt::format("a recommendation is only possible within the review period ({} to {}); "
                        "it is dated {} (Art. 52(6))",
                        record.received_on->ToIso(), current.ToIso(), issued.ToIso()));
      }
      if (req.received_on) {
        if (*req.received_on < issued || *req.received_on > today) {
          return Precondition(
              fmt::format("勧告の受領日 {} は勧告日 {} から今日 {} までの日でなければなりません",
                          req.received_on->ToIso(), issued.ToIso(), today.ToIso()),
              fmt::format("the day the recommendation was received ({}) must be between its "
                          "date {} and today {}",
                          req.received_on->ToIso(), issued.ToIso(), today.ToIso()));
        }
        next.recommendation_received_on = *req.received_on;
        ev.received_on = *req.received_on;
      }
      next.recommendation_issued_on = issued;
      ev.date = issued;
      break;
    }
    case ActKind::kRecordRecommendationReceipt: {
      KIKAN_TRY(need(req.date.has_value(), "the day the operator received it (date)",
                     "事業者が勧告を受けた日（date）"));
      if (record.recommendation_received_on) {
        return Precondition(
            fmt::format("勧告の受領日は {} と記録済みです",
                        record.recommendation_received_on->ToIso()),
            fmt::format("the day the recommendation was received is already recorded ({})",
                        record.recommendation_received_on->ToIso()));
      }
      if (*req.date < *record.recommendation_issued_on || *req.date > today) {
        return Precondition(
            fmt::format("勧告の受領日 {} は勧告日 {} から今日 {} までの日でなければなりません",
                        req.date->ToIso(), record.recommendation_issued_on->ToIso(), today.ToIso()),
            fmt::format("the day the recommendation was received ({}) must be between its date "
                        "{} and today {}",
                        req.date->ToIso(), record.recommendation_issued_on->ToIso(),
                        today.ToIso()));
      }
      next.recommendation_received_on = *req.date;
      ev.date = *req.date;
      break;
    }
    case ActKind::kAccept:
    case ActKind::kRefuse: {
      if (record.recommendation_received_on) {
        KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult due, calendar::RecommendationAnswerDeadline(
                                                               *record.recommendation_received_on));
        if (req.act == ActKind::kAccept && today > due.due) {
          return Precondition(
              fmt::format("回答期限 {} を過ぎています（勧告を受けた日 {} から起算して10日、"
                          "休日は翌開庁日）。応諾の扱いは主務省にご相談ください",
                          due.due.ToIso(), record.recommendation_received_on->ToIso()),
              fmt::format("the answer was due on {} (10 days counted from {}, moved off "
                          "administrative holidays); ask the ministry how a late acceptance is "
                          "treated",
                          due.due.ToIso(), record.recommendation_received_on->ToIso()));
        }
      }
      next.answered_on = today;
      ev.date = today;
      break;
    }
    case ActKind::kRecordNoAnswer: {
      if (!record.recommendation_received_on) {
        return Precondition(
            "先に事業者が勧告を受けた日を記録してください（回答期限はその日から起算します）",
            "record first the day the operator received the recommendation (the answer is due "
            "counted from it)");
      }
      KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult due, calendar::RecommendationAnswerDeadline(
                                                             *record.recommendation_received_on));
      if (today <= due.due) {
        return Precondition(fmt::format("回答期限 {} はまだ過ぎていません", due.due.ToIso()),
                            fmt::format("the answer is not overdue yet (due {})", due.due.ToIso()));
      }
      ev.date = today;
      break;
    }
    case ActKind::kOpenHearing:
      ev.date = req.date.value_or(today);
      break;
    case ActKind::kOrder:
      KIKAN_TRY(need(!req.text.empty(), "the measures ordered (text)", "命令の内容（text）"));
      KIKAN_TRY(need(!req.reason.empty(), "a reason", "理由"));
      next.decided_on = today;
      ev.date = today;
      break;
    case ActKind::kClear:
    case ActKind::kAcknowledge:
      next.decided_on = today;
      ev.date = today;
      break;
  }
  next.state = ev.to;
  next.events.push_back(ev);
  record = std::move(next);
  return ev;
}

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
        {"事後届出には待機期間も事前審査の期間もありません（緊急時の導入等。解釈、条番号未確認）",
         "an after-the-fact notification has no waiting period and no prior review clock "
         "(emergency installation; interpretation, article unverified)"});
    return out;
  }
  if (!record.received_on) {
    out.notes.push_back({"期間は受理日（受理通知の日付）から起算します。まだ受理されていません",
                         "the periods count from the receipt date (on the receipt notice); the "
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

  Deadline review{"review_period_end",
                  {"審査期間（禁止期間）の末日", "last day of the review (waiting) period"},
                  waiting.period_end,
                  w.rules};
  // Each shortening or extension, in order, as a rule with its reason.
  for (const ReviewEvent& ev : record.events) {
    if ((ev.act != ActKind::kShorten && ev.act != ActKind::kExtend) || !ev.date) continue;
    const bool shorten = ev.act == ActKind::kShorten;
    review.date = *ev.date;
    review.rules.push_back(
        {shorten ? "shortened" : "extended",
         Text{fmt::format("{}により末日を{}とした（理由: {}）", shorten ? "短縮" : "延長",
                          ev.date->ToIso(), ev.reason),
              fmt::format("{} to end on {} (reason: {})", shorten ? "shortened" : "extended",
                          ev.date->ToIso(), ev.reason)},
         GetAct(ev.act).basis});
  }
  if (record.period_end_override) review.date = *record.period_end_override;
  out.items.push_back(review);

  Deadline allowed{"installation_allowed_from", wspec.after_label, review.date.AddDays(1),
                   review.rules};
  allowed.rules.push_back({"day_after",
                           Text{fmt::format("期間満了の翌日{}が{}", review.date.AddDays(1).ToIso(),
                                            wspec.after_label.ja),
                                fmt::format("the day after the period ends, {}: {}",
                                            review.date.AddDays(1).ToIso(), wspec.after_label.en)},
                           wspec.source});
  out.items.push_back(allowed);

  const calendar::ClockSpec& lspec = calendar::GetClock(calendar::ClockId::kExtensionLimit);
  out.items.push_back({"extension_limit", lspec.end_label, limit.period_end, limit.rules});

  if (record.recommendation_received_on) {
    const calendar::ClockSpec& aspec = calendar::GetClock(calendar::ClockId::kRecommendationAnswer);
    KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult answer, calendar::RecommendationAnswerDeadline(
                                                              *record.recommendation_received_on));
    out.items.push_back({"answer_due", aspec.end_label, answer.due, answer.rules});
  } else if (record.recommendation_issued_on) {
    out.notes.push_back(
        {"回答期限は事業者が勧告を受けた日から起算します。その日はまだ記録されて"
         "いません",
         "the answer is due counted from the day the operator received the "
         "recommendation, which is not recorded yet"});
  }
  return out;
}

}  // namespace kikan::filings
