// The review of a filing under the statutory clock (経済安全保障推進法 Art. 52–54), as a state
// machine: states, the acts that move a filing between them, who may perform each act, what it
// records, and the deadlines the record implies (regime-notes.md §3 and §5, docs/filings.md).
//
//   draft ─┬─ start_consultation → consultation (事前相談: optional, no clock)
//          └─ submit → submitted ─┬─ return (補正) → returned ─ submit → submitted …
//                                 └─ receive (受理; the date of the receipt notice) → received
//   received / under_review: shorten | extend | recommend → recommended | clear → cleared
//   recommended: accept → accepted | refuse → refused | (no answer by the deadline)
//                record_no_answer → refused
//   accepted: file_revised_plan (the plan changed as recommended, 52(8)) — installation is then
//             allowed from that day, before the period ends (52(9))
//   refused: open_hearing → hearing (弁明の機会: optional, none is required — Art. 88 excludes
//            行政手続法 Chapters 2 and 3 for the order) ; refused | hearing: order → ordered, only
//            until the waiting period or its extension ends (Art. 52(10) proviso)
//   filed after the fact (after_the_fact 52(11), change_after_the_fact 54(3), change_report
//   54(4); regime::FiledAfterTheFact): submitted → received → acknowledge → acknowledged (no
//   waiting period, no review clock)
//   withdraw: by the operator, before a decision (up to under_review)
//
// The table of acts (Acts()) is the single source of who may do what from which state; Apply
// checks it and the act's own legal conditions and refuses, with a Japanese and English reason,
// anything the law does not allow: kFailedPrecondition for a state or date the law does not
// allow, kPermissionDenied for the wrong role, the wrong organisation or a reviewer acting on a
// filing they filed themselves, kInvalidArgument for a missing input (date, reason, hash).
//
// Every act records who (user id), when (an instant from the injected Clock), its dates and
// reason; every reviewer decision records the content hash of the filing version it decided and
// the pack version. The receipt date is always the one the reviewer records from the receipt
// notice, never inferred from the submission time.
//
// Pure functions over plain values (FilingRecord is a value the service stores); thread-safe as
// long as each record is used by one thread at a time.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/date.h"
#include "base/ids.h"
#include "base/lang.h"
#include "base/status.h"
#include "calendar/period.h"
#include "filings/model.h"

namespace kikan::filings {

using UserId = base::StrongId<struct UserIdTag>;

// Time: base::Instant from an injected base::Clock (base/clock.h); "today" for an act is
// base::JapanDate(clock.Now()).
using base::Instant;

enum class State {
  kDraft,
  kConsultation,  // 事前相談
  kSubmitted,
  kReturned,      // 補正を求めた
  kReceived,      // 受理
  kUnderReview,   // 審査中
  kRecommended,   // 勧告
  kAccepted,      // 勧告の応諾
  kRefused,       // 勧告を応諾しない（又は期限までに回答なし）
  kHearing,       // 弁明の機会
  kOrdered,       // 命令
  kCleared,       // 審査終了（勧告なし）
  kWithdrawn,     // 取下げ
  kAcknowledged,  // 事後届出の確認
};
inline constexpr int kStateCount = 14;

// "draft", "consultation", ..., "acknowledged".
std::string_view StateName(State state);
std::optional<State> ParseState(std::string_view name);
base::Text StateLabel(State state);
// Whether the operator may edit the contents (draft, consultation, returned).
bool IsEditable(State state);

enum class Role {
  kOperatorStaff,  // staff of the filing's operator (特定社会基盤事業者)
  kReviewer,       // a reviewer of the competent ministry (主務省)
};
std::string_view RoleName(Role role);  // "operator_staff" / "reviewer"

// Who acts: the user, their role, and the organisation they act for (the operator id for staff,
// the ministry id for reviewers).
struct Actor {
  UserId user;
  Role role = Role::kOperatorStaff;
  std::string organization;
};

// How a filing reached the ministry (regime-notes §3).
enum class Channel { kEGov, kEmail, kOther };
std::string_view ChannelName(Channel channel);  // "e_gov", "email", "other"
std::optional<Channel> ParseChannel(std::string_view name);

enum class ActKind {
  kStartConsultation,            // operator: draft → consultation
  kConsultationNote,             // operator or reviewer: a note during consultation
  kSubmit,                       // operator: draft | consultation | returned → submitted
  kWithdraw,                     // operator: before a decision → withdrawn
  kReturn,                       // reviewer: submitted → returned (補正)
  kReceive,                      // reviewer: submitted → received (受理日)
  kStartReview,                  // reviewer: received → under_review
  kShorten,                      // reviewer: shorten the waiting period (Art. 52(3) proviso)
  kExtend,                       // reviewer: extend the review period (Art. 52(4))
  kRecommend,                    // reviewer: → recommended (Art. 52(6))
  kRecordRecommendationReceipt,  // reviewer: the day the operator received the recommendation
  kClear,                        // reviewer: → cleared (no recommendation)
  kAcknowledge,                  // reviewer: a filing after the fact received → acknowledged
  kAccept,                       // operator: recommended → accepted
  kRefuse,                       // operator: recommended → refused
  kRecordNoAnswer,               // reviewer: recommended → refused (no answer by the deadline)
  kOpenHearing,  // reviewer: refused → hearing (弁明の機会; optional, Art. 88)
  kOrder,        // reviewer: refused | hearing → ordered (命令, Art. 52(10))
  // operator: accepted, the plan as changed by the recommendation filed (Art. 52(8)); from that
  // day the operator may install before the period ends (Art. 52(9))
  kFileRevisedPlan,
};
inline constexpr int kActCount = 19;

// "start_consultation", "consultation_note", "submit", ..., "order".
std::string_view ActKindName(ActKind act);
std::optional<ActKind> ParseActKind(std::string_view name);

// One row of the law's table.
// One input an act is asked with: the ActRequest member (and request body member) it fills —
// "date", "received_on", "reason", "text" or "channel" —, whether the act needs it (Apply
// refuses the act without it, naming its label, with a field error at its pointer), and its label
// as a form shows it.
struct ActInput {
  std::string_view field;
  bool required = false;
  base::Text label;
};

struct ActSpec {
  ActKind act;
  std::string_view key;  // ActKindName
  base::Text label;
  bool by_operator = false;  // staff of the filing's operator may perform it
  bool by_reviewer = false;  // reviewers of the competent ministry may perform it
  std::vector<State> from;
  std::optional<State> to;  // nullopt: the state does not change
  // kPriorReview: the kinds reviewed under the clock; kAfterTheFact: those filed after the fact
  // (regime::FiledAfterTheFact).
  enum class Applies { kAll, kPriorReview, kAfterTheFact } applies = Applies::kAll;
  bool decision = false;         // a reviewer decision: binds to the content hash and pack version
  base::Text basis;              // the provision (or "interpretation", with its reason)
  std::vector<ActInput> inputs;  // what the act is asked with, in the order a form asks it
};

// Every act, in ActKind order. Immutable static data.
std::span<const ActSpec> Acts();
const ActSpec& GetAct(ActKind act);

// What an act is asked with: the act's ActSpec::inputs say which of date, received_on, reason,
// text and channel it reads (others are ignored) and which it needs; submit also needs
// content_hash (the version submitted).
// Every reviewer decision (ActSpec::decision) needs content_hash (equal to the hash submitted)
// and pack_version.
struct ActRequest {
  ActKind act = ActKind::kSubmit;
  Actor actor;
  std::string content_hash;
  std::string pack_version;
  std::optional<base::Date> date;
  std::optional<base::Date> received_on;
  std::string reason;
  std::string text;
  std::optional<Channel> channel;
};

// One act as recorded.
struct ReviewEvent {
  ActKind act = ActKind::kSubmit;
  UserId who;
  Role role = Role::kOperatorStaff;
  Instant when{};
  State from = State::kDraft;
  State to = State::kDraft;
  std::optional<base::Date> date;         // the act's date (see ActRequest), or today
  std::optional<base::Date> received_on;  // recommend: the operator's receipt, when given
  std::string reason;
  std::string text;
  std::string content_hash;
  std::string pack_version;
  std::optional<Channel> channel;
};

// A filing's review: who filed it, where it stands, and what was decided. The service stores it;
// Apply changes it. Derived fields are kept for queries and always agree with `events`.
struct FilingRecord {
  FilingId id;
  FilingKind kind = FilingKind::kInstallationPlan;
  base::BusinessId business;
  base::OperatorId operator_id;  // the filing's operator
  std::string ministry_id;       // the competent ministry
  UserId created_by;
  State state = State::kDraft;

  std::vector<UserId> filers;  // created_by and every submitter: never reviewers of it
  std::string submitted_hash;  // the content hash at the last submission
  std::optional<Instant> submitted_at;
  std::optional<Channel> channel;
  std::optional<base::Date> received_on;  // 受理日, from the receipt notice
  // The current last day of the waiting/review period when shortened or extended (else the
  // statutory one, from received_on), and by which act.
  std::optional<base::Date> period_end_override;
  std::optional<ActKind> period_changed_by;
  std::optional<base::Date> recommendation_issued_on;
  std::optional<base::Date> recommendation_received_on;
  std::optional<base::Date> answered_on;
  std::optional<base::Date> decided_on;  // cleared, acknowledged, ordered or withdrawn on
  std::vector<ReviewEvent> events;

  // A new draft.
  static FilingRecord New(FilingId id, FilingKind kind, base::BusinessId business,
                          base::OperatorId operator_id, std::string ministry_id, UserId created_by);
};

// Performs `request` on `record` at clock.Now(). On success appends the event to
// record.events, updates the derived fields and returns the event; on failure `record` is
// unchanged. Errors:
//   kPermissionDenied    the actor's role may not perform the act; staff of another operator; a
//                        reviewer of another ministry; a reviewer who created or submitted the
//                        filing (self-review)
//   kFailedPrecondition  the act does not apply to this kind of filing; the state does not allow
//                        it (the message names the state and the states that would); a decision
//                        on a content hash other than the one submitted; a date the law does not
//                        allow: receipt before submission or in the future; shortening to a day
//                        before receipt or not earlier than the current end, or after the period
//                        ended; extending past the extension limit (4 months from receipt), to
//                        a day not later than the current end, or after the period ended;
//                        recommending outside the review period; an order after the end of the
//                        waiting period or its extension; an answer after the deadline;
//                        recording no answer before the deadline has passed or without the day
//                        the operator received the recommendation; a revised plan filed
//                        before the acceptance or after today, or filed twice
//   kInvalidArgument     a required input is missing (date, reason, text, channel, hash, pack
//                        version)
//   kOutOfRange          a date outside the calendar's range (from the calendar module)
base::Result<ReviewEvent> Apply(FilingRecord& record, const ActRequest& request,
                                const base::Clock& clock);

// The acts `role` may perform on a filing of `kind` in `state` (the UI's buttons). Date
// conditions are not considered (Apply checks them).
std::vector<ActKind> AllowedActs(FilingKind kind, State state, Role role);

// One deadline, with the rules that produced it ("every date says why").
struct Deadline {
  // "waiting_period_end", "review_period_end", "installation_allowed_from", "extension_limit",
  // "order_limit", "answer_due"
  std::string key;
  base::Text label;
  base::Date date;
  std::vector<calendar::AppliedRule> rules;
};

struct Deadlines {
  std::vector<Deadline> items;
  std::vector<base::Text> notes;  // e.g. why an after-the-fact filing has no clock
  const Deadline* Find(std::string_view key) const;
};

// The deadlines of `record` as it stands: nothing before receipt; from receipt the statutory
// waiting period, the current review period (shortened or extended, with the act's reason as a
// rule), the day installation is allowed from, the extension limit, the last day a
// recommendation or an order may be given (Art. 52(6) and 52(10) provisos); once the operator's
// receipt of a recommendation is recorded, the answer's due date (moved off administrative
// holidays). Once the operator that accepted the recommendation has filed the plan as changed
// (file_revised_plan, Art. 52(8)), installation is allowed from the day it filed it when that is
// earlier than the period's end (Art. 52(9): rule "revised_plan_filed"); accepted but not yet
// filed, a note says so. After-the-fact filings have no clock (a note says so). Errors: kOutOfRange
// from the calendar.
base::Result<Deadlines> ComputeDeadlines(const FilingRecord& record);

}  // namespace kikan::filings
