#include "filings/review.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "calendar/clocks.h"
#include "law/outline.h"
#include "law/reference.h"

namespace kikan::filings {
namespace {

// The instant of hour:minute JST on `date`.
base::Instant JapanTime(base::Date date, int hour = 9, int minute = 0) {
  return base::JapanMidnight(date) + std::chrono::hours(hour) + std::chrono::minutes(minute);
}

using base::Date;
using base::StatusCode;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHash[] = "blake2b:1111";
constexpr char kPack[] = "ports@2025-04";

const Actor kStaff{UserId("u-staff"), Role::kOperatorStaff, "kamigumi"};
const Actor kReviewer{UserId("u-rev"), Role::kReviewer, "mlit"};

Date D(int y, int m, int d) { return Date::Ymd(y, m, d); }

class ReviewTest : public ::testing::Test {
 protected:
  FilingRecord NewRecord(FilingKind kind = FilingKind::kInstallationPlan) {
    return FilingRecord::New(FilingId("f-1"), kind, "general_port_transport", "kamigumi", "mlit",
                             UserId("u-staff"));
  }
  static ActRequest Req(ActKind act, const Actor& actor) {
    ActRequest r;
    r.act = act;
    r.actor = actor;
    r.content_hash = kHash;
    r.pack_version = kPack;
    return r;
  }
  // Applies and expects success.
  void Do(FilingRecord& r, ActRequest req) {
    auto ev = Apply(r, req, clock_);
    ASSERT_TRUE(ev.has_value()) << ActKindName(req.act) << ": " << ev.status().ToString();
  }
  void Submit(FilingRecord& r) {
    clock_.Set(JapanTime(D(2025, 11, 4), 9));
    Do(r, Req(ActKind::kSubmit, kStaff));
  }
  void Receive(FilingRecord& r, Date on = D(2025, 11, 4)) {
    ActRequest q = Req(ActKind::kReceive, kReviewer);
    q.date = on;
    q.channel = Channel::kEGov;
    Do(r, q);
  }
  // A record in `state` (nullopt when the state cannot be reached for that kind); the clock is
  // left at 2025-11-10 09:00 JST (inside the waiting period of a receipt on 2025-11-04).
  std::optional<FilingRecord> InState(FilingKind kind, State state) {
    FilingRecord r = NewRecord(kind);
    const bool atf = kind == FilingKind::kAfterTheFact;
    auto at10 = [&] { clock_.Set(JapanTime(D(2025, 11, 10), 9)); };
    auto received = [&] {
      Submit(r);
      Receive(r);
      at10();
    };
    auto recommended = [&] {
      received();
      ActRequest q = Req(ActKind::kRecommend, kReviewer);
      q.text = "構成設備Xの供給者を変更すること";
      Do(r, q);
    };
    switch (state) {
      case State::kDraft:
        break;
      case State::kConsultation:
        if (atf) return std::nullopt;
        Do(r, Req(ActKind::kStartConsultation, kStaff));
        break;
      case State::kSubmitted:
        Submit(r);
        break;
      case State::kReturned: {
        Submit(r);
        ActRequest q = Req(ActKind::kReturn, kReviewer);
        q.reason = "供給者の役員の国籍が未記載";
        Do(r, q);
        break;
      }
      case State::kReceived:
        received();
        break;
      case State::kUnderReview:
        if (atf) return std::nullopt;
        received();
        Do(r, Req(ActKind::kStartReview, kReviewer));
        break;
      case State::kRecommended:
        if (atf) return std::nullopt;
        recommended();
        break;
      case State::kAccepted:
        if (atf) return std::nullopt;
        recommended();
        Do(r, Req(ActKind::kAccept, kStaff));
        break;
      case State::kRefused:
        if (atf) return std::nullopt;
        recommended();
        Do(r, Req(ActKind::kRefuse, kStaff));
        break;
      case State::kHearing:
        if (atf) return std::nullopt;
        recommended();
        Do(r, Req(ActKind::kRefuse, kStaff));
        Do(r, Req(ActKind::kOpenHearing, kReviewer));
        break;
      case State::kOrdered: {
        if (atf) return std::nullopt;
        recommended();
        Do(r, Req(ActKind::kRefuse, kStaff));
        ActRequest q = Req(ActKind::kOrder, kReviewer);
        q.text = "構成設備Xの供給者を変更すること";
        q.reason = "正当な理由なく勧告に応じない";
        Do(r, q);
        break;
      }
      case State::kCleared:
        if (atf) return std::nullopt;
        received();
        Do(r, Req(ActKind::kClear, kReviewer));
        break;
      case State::kWithdrawn:
        Do(r, Req(ActKind::kWithdraw, kStaff));
        break;
      case State::kAcknowledged:
        if (!atf) return std::nullopt;
        received();
        Do(r, Req(ActKind::kAcknowledge, kReviewer));
        break;
    }
    EXPECT_EQ(r.state, state);
    at10();
    return r;
  }
  // A request for `act` with every input it needs, valid at 2025-11-10 for a receipt on
  // 2025-11-04.
  static ActRequest ValidRequest(ActKind act, const Actor& actor) {
    ActRequest q = Req(act, actor);
    q.reason = "理由";
    q.text = "内容";
    switch (act) {
      case ActKind::kReceive:
        q.date = D(2025, 11, 4);
        q.channel = Channel::kEmail;
        break;
      case ActKind::kShorten:
        q.date = D(2025, 11, 20);
        break;
      case ActKind::kExtend:
        q.date = D(2026, 1, 15);
        break;
      case ActKind::kRecordRecommendationReceipt:
        q.date = D(2025, 11, 10);
        break;
      default:
        break;
    }
    return q;
  }

  base::ManualClock clock_{JapanTime(D(2025, 11, 4), 9)};
};

constexpr State kAllStates[] = {State::kDraft,       State::kConsultation, State::kSubmitted,
                                State::kReturned,    State::kReceived,     State::kUnderReview,
                                State::kRecommended, State::kAccepted,     State::kRefused,
                                State::kHearing,     State::kOrdered,      State::kCleared,
                                State::kWithdrawn,   State::kAcknowledged};

// The inputs of every act are the table's (ActSpec::inputs, which the API lists for forms): for
// each allowed act in each reachable state, leaving out any one required input refuses the act
// with a field error at that input's pointer, the record unchanged; every input names an
// ActRequest member and has both labels.
TEST_F(ReviewTest, EveryRequiredInputIsCheckedAtItsPointer) {
  const std::vector<std::string_view> members = {"date", "received_on", "reason", "text",
                                                 "channel"};
  int checked = 0;
  for (const ActSpec& spec : Acts()) {
    for (const ActInput& in : spec.inputs) {
      EXPECT_NE(std::find(members.begin(), members.end(), in.field), members.end())
          << spec.key << " " << in.field;
      EXPECT_FALSE(in.label.ja.empty() || in.label.en.empty()) << spec.key << " " << in.field;
    }
    for (State state : kAllStates) {
      for (const Actor& actor : {kStaff, kReviewer}) {
        const auto acts = AllowedActs(FilingKind::kInstallationPlan, state, actor.role);
        if (std::find(acts.begin(), acts.end(), spec.act) == acts.end()) continue;
        for (const ActInput& in : spec.inputs) {
          if (!in.required) continue;
          std::optional<FilingRecord> rec = InState(FilingKind::kInstallationPlan, state);
          if (!rec) continue;
          ActRequest q = ValidRequest(spec.act, actor);
          if (in.field == "date") q.date.reset();
          if (in.field == "received_on") q.received_on.reset();
          if (in.field == "reason") q.reason.clear();
          if (in.field == "text") q.text.clear();
          if (in.field == "channel") q.channel.reset();
          const FilingRecord before = *rec;
          auto ev = Apply(*rec, q, clock_);
          ASSERT_FALSE(ev.has_value()) << spec.key << " without " << in.field;
          EXPECT_EQ(ev.status().code(), base::StatusCode::kInvalidArgument) << spec.key;
          ASSERT_EQ(ev.status().fields().size(), 1u) << ev.status().ToString();
          EXPECT_EQ(ev.status().fields()[0].pointer, "/" + std::string(in.field));
          EXPECT_EQ(rec->events.size(), before.events.size());
          EXPECT_EQ(rec->state, before.state);
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 11);  // return, receive ×2, shorten ×2, extend ×2, recommend, ...
}

// Every act, by every role, from every reachable state of both kinds of clock: allowed exactly
// when the table says so; otherwise refused with kPermissionDenied (wrong role) or
// kFailedPrecondition (state or kind), the record unchanged.
TEST_F(ReviewTest, EveryTransitionFollowsTheTable) {
  int allowed = 0, refused = 0;
  for (FilingKind kind : {FilingKind::kInstallationPlan, FilingKind::kAfterTheFact}) {
    for (State state : kAllStates) {
      for (const ActSpec& spec : Acts()) {
        for (const Actor& actor : {kStaff, kReviewer}) {
          std::optional<FilingRecord> rec = InState(kind, state);
          if (!rec) continue;
          if (spec.act == ActKind::kRecordNoAnswer && state == State::kRecommended) {
            Do(*rec, ValidRequest(ActKind::kRecordRecommendationReceipt, kReviewer));
            clock_.Set(JapanTime(D(2025, 11, 25), 9));  // past the answer's due date
          }
          const FilingRecord before = *rec;
          const std::vector<ActKind> acts = AllowedActs(kind, state, actor.role);
          const bool expect_ok = std::find(acts.begin(), acts.end(), spec.act) != acts.end();
          auto ev = Apply(*rec, ValidRequest(spec.act, actor), clock_);
          const std::string where = fmt::format("{} {} by {} in {}", regime::FilingKindName(kind),
                                                spec.key, RoleName(actor.role), StateName(state));
          if (expect_ok) {
            ++allowed;
            ASSERT_TRUE(ev.has_value()) << where << ": " << ev.status().ToString();
            EXPECT_EQ(rec->state, spec.to.value_or(state)) << where;
            EXPECT_EQ(rec->events.size(), before.events.size() + 1) << where;
          } else {
            ++refused;
            ASSERT_FALSE(ev.has_value()) << where;
            const bool role_ok =
                actor.role == Role::kOperatorStaff ? spec.by_operator : spec.by_reviewer;
            EXPECT_EQ(ev.status().code(),
                      role_ok ? StatusCode::kFailedPrecondition : StatusCode::kPermissionDenied)
                << where << ": " << ev.status().ToString();
            EXPECT_FALSE(ev.status().ja().empty());
            EXPECT_EQ(rec->state, before.state) << where;
            EXPECT_EQ(rec->events.size(), before.events.size()) << where;
          }
        }
      }
    }
  }
  EXPECT_GT(allowed, 30);
  EXPECT_GT(refused, 300);
}

TEST_F(ReviewTest, AllowedActsForTheUi) {
  EXPECT_THAT(AllowedActs(FilingKind::kInstallationPlan, State::kDraft, Role::kOperatorStaff),
              ElementsAre(ActKind::kStartConsultation, ActKind::kSubmit, ActKind::kWithdraw));
  EXPECT_THAT(AllowedActs(FilingKind::kInstallationPlan, State::kSubmitted, Role::kReviewer),
              ElementsAre(ActKind::kReturn, ActKind::kReceive));
  EXPECT_THAT(
      AllowedActs(FilingKind::kInstallationPlan, State::kUnderReview, Role::kReviewer),
      ElementsAre(ActKind::kShorten, ActKind::kExtend, ActKind::kRecommend, ActKind::kClear));
  EXPECT_THAT(AllowedActs(FilingKind::kInstallationPlan, State::kRecommended, Role::kOperatorStaff),
              ElementsAre(ActKind::kAccept, ActKind::kRefuse));
  EXPECT_THAT(AllowedActs(FilingKind::kAfterTheFact, State::kReceived, Role::kReviewer),
              ElementsAre(ActKind::kAcknowledge));
  EXPECT_THAT(AllowedActs(FilingKind::kAfterTheFact, State::kDraft, Role::kOperatorStaff),
              ElementsAre(ActKind::kSubmit, ActKind::kWithdraw));
  EXPECT_TRUE(AllowedActs(FilingKind::kInstallationPlan, State::kOrdered, Role::kReviewer).empty());
  EXPECT_TRUE(AllowedActs(FilingKind::kPlanChange, State::kCleared, Role::kOperatorStaff).empty());
}

TEST_F(ReviewTest, NamesRoundTrip) {
  for (const ActSpec& s : Acts()) {
    EXPECT_EQ(ParseActKind(s.key), s.act);
    EXPECT_FALSE(s.basis.ja.empty());
  }
  EXPECT_EQ(Acts().size(), static_cast<size_t>(kActCount));
  for (State s : kAllStates) EXPECT_EQ(ParseState(StateName(s)), s);
  EXPECT_EQ(ParseChannel("e_gov"), Channel::kEGov);
  EXPECT_EQ(ParseActKind("approve"), std::nullopt);
}

// regime-notes §5: receipt 2025-11-04 → the waiting period ends 2025-12-03 (installation from
// 12-04), the extension limit is 2026-03-03; a recommendation received 2025-12-22 → answer due
// 2026-01-05 (12-31 … 01-03 and Sunday 01-04 closed).
TEST_F(ReviewTest, DeadlinesOfRegimeNotes) {
  FilingRecord r = NewRecord();
  auto none = ComputeDeadlines(r);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->items.empty());
  EXPECT_EQ(none->notes.size(), 1u);

  Submit(r);
  Receive(r);
  auto d = ComputeDeadlines(r);
  ASSERT_TRUE(d.has_value()) << d.status().ToString();
  ASSERT_NE(d->Find("waiting_period_end"), nullptr);
  EXPECT_EQ(d->Find("waiting_period_end")->date, D(2025, 12, 3));
  EXPECT_EQ(d->Find("review_period_end")->date, D(2025, 12, 3));
  EXPECT_EQ(d->Find("installation_allowed_from")->date, D(2025, 12, 4));
  EXPECT_EQ(d->Find("extension_limit")->date, D(2026, 3, 3));
  EXPECT_EQ(d->Find("answer_due"), nullptr);
  // Every date says why, with its legal basis.
  for (const Deadline& x : d->items) {
    ASSERT_FALSE(x.rules.empty()) << x.key;
    EXPECT_FALSE(x.label.ja.empty()) << x.key;
    for (const calendar::AppliedRule& rule : x.rules) EXPECT_FALSE(rule.basis.ja.empty()) << x.key;
  }
  EXPECT_EQ(d->Find("waiting_period_end")->rules.front().id, "first_day_counted");
  EXPECT_EQ(d->Find("installation_allowed_from")->rules.back().id, "day_after");

  // Extend (so that 12-22 is inside the review period), recommend, the operator receives it.
  clock_.Set(JapanTime(D(2025, 12, 1), 10));
  ActRequest ext = Req(ActKind::kExtend, kReviewer);
  ext.date = D(2026, 2, 27);
  ext.reason = "供給者の資本関係の確認に時間を要するため";
  Do(r, ext);
  clock_.Set(JapanTime(D(2025, 12, 22), 10));
  ActRequest rec = Req(ActKind::kRecommend, kReviewer);
  rec.text = "遠隔保守の接続経路を国内に限ること";
  rec.received_on = D(2025, 12, 22);
  Do(r, rec);
  d = ComputeDeadlines(r);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->Find("review_period_end")->date, D(2026, 2, 27));
  EXPECT_EQ(d->Find("review_period_end")->rules.back().id, "extended");
  EXPECT_THAT(d->Find("review_period_end")->rules.back().text.ja, HasSubstr("資本関係"));
  EXPECT_EQ(d->Find("installation_allowed_from")->date, D(2026, 2, 28));
  const Deadline* due = d->Find("answer_due");
  ASSERT_NE(due, nullptr);
  EXPECT_EQ(due->date, D(2026, 1, 5));
  bool moved = false;
  for (const auto& rule : due->rules) moved |= rule.id == "moved_off_admin_holiday";
  EXPECT_TRUE(moved);
}

TEST_F(ReviewTest, ExtensionUpToTheLimitOnly) {
  auto r = InState(FilingKind::kInstallationPlan, State::kUnderReview);
  ASSERT_TRUE(r);
  ActRequest q = Req(ActKind::kExtend, kReviewer);
  q.reason = "追加資料の確認";
  q.date = D(2026, 3, 4);
  auto ev = Apply(*r, q, clock_);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("past the extension limit 2026-03-03"));
  EXPECT_THAT(ev.status().ja(), HasSubstr("上限 2026-03-03"));
  EXPECT_FALSE(r->period_end_override.has_value());
  q.date = D(2026, 3, 3);  // exactly the limit
  Do(*r, q);
  EXPECT_EQ(r->period_end_override, D(2026, 3, 3));
  // Not an extension: a day not after the current end.
  q.date = D(2026, 3, 3);
  EXPECT_EQ(Apply(*r, q, clock_).status().code(), StatusCode::kFailedPrecondition);
  // No reason: the Act asks for none (the notice states the period, MLIT ordinance Art. 19).
  auto fresh = InState(FilingKind::kInstallationPlan, State::kUnderReview);
  ASSERT_TRUE(fresh);
  ActRequest no_reason = Req(ActKind::kExtend, kReviewer);
  no_reason.date = D(2026, 1, 1);
  Do(*fresh, no_reason);
  EXPECT_EQ(fresh->period_end_override, D(2026, 1, 1));
  ActRequest no_date = Req(ActKind::kExtend, kReviewer);
  EXPECT_EQ(Apply(*fresh, no_date, clock_).status().code(), StatusCode::kInvalidArgument);
}

// The provisions each act rests on, as checked against the Act's text (issue 14 §1).
TEST_F(ReviewTest, ActsCiteTheCheckedProvisions) {
  auto basis = [](ActKind act) { return GetAct(act).basis; };
  EXPECT_THAT(basis(ActKind::kReturn).ja, HasSubstr("行政手続法第37条"));
  EXPECT_THAT(basis(ActKind::kReturn).ja, Not(HasSubstr("第7条")));
  EXPECT_THAT(basis(ActKind::kReturn).en, HasSubstr("Art. 37"));
  EXPECT_THAT(basis(ActKind::kAccept).ja, HasSubstr("第52条第7項"));
  EXPECT_THAT(basis(ActKind::kRefuse).ja, HasSubstr("第52条第7項"));
  EXPECT_THAT(basis(ActKind::kRecordRecommendationReceipt).ja, HasSubstr("第52条第7項"));
  EXPECT_THAT(basis(ActKind::kRecordNoAnswer).ja, HasSubstr("第52条第10項"));
  EXPECT_THAT(basis(ActKind::kRecordNoAnswer).ja, Not(HasSubstr("第8項")));
  EXPECT_THAT(basis(ActKind::kOrder).ja, HasSubstr("第52条第10項"));
  EXPECT_THAT(basis(ActKind::kOrder).ja, HasSubstr("ただし書"));
  EXPECT_THAT(basis(ActKind::kOrder).en, HasSubstr("its proviso: only until 30 days"));
  EXPECT_THAT(basis(ActKind::kOpenHearing).ja, HasSubstr("第88条"));
  EXPECT_THAT(basis(ActKind::kOpenHearing).ja, HasSubstr("任意"));
  EXPECT_THAT(basis(ActKind::kExtend).ja, HasSubstr("国土交通省令第19条"));
  EXPECT_THAT(basis(ActKind::kExtend).ja, Not(HasSubstr("理由を通知")));
  EXPECT_THAT(basis(ActKind::kAcknowledge).ja, HasSubstr("第52条第11項"));
  for (const ActSpec& spec : Acts()) {
    EXPECT_THAT(spec.basis.ja, Not(HasSubstr("未確認"))) << spec.key;
    EXPECT_THAT(spec.basis.en, Not(HasSubstr("unverified"))) << spec.key;
  }
  // The extension notice asks for the period only; the reason is optional.
  for (const ActInput& in : GetAct(ActKind::kExtend).inputs) {
    EXPECT_EQ(in.required, in.field == "date") << in.field;
  }
}

// Every act's basis names its provisions as structured references (law/reference.h) that the
// outline of the Act has; only practice and interpretation stand without one.
TEST_F(ReviewTest, EveryActBasisIsAReferenceTheOutlineHas) {
  for (const ActSpec& spec : Acts()) {
    const std::vector<law::Reference> refs = law::ParseCitations(spec.basis.ja);
    if (spec.basis.ja.starts_with("運用") || spec.basis.ja.starts_with("解釈")) continue;
    EXPECT_FALSE(refs.empty()) << spec.key << ": " << spec.basis.ja;
    for (const law::Reference& ref : refs) {
      EXPECT_EQ(law::CheckAgainstOutline(ref).check, law::Check::kOk)
          << spec.key << ": " << law::Render(ref).ja;
      EXPECT_EQ(ref.status, law::Status::kConfirmed) << spec.key;
      EXPECT_FALSE(law::EGovUrl(ref).empty()) << spec.key;
    }
  }
  auto order = law::ParseCitations(GetAct(ActKind::kOrder).basis.ja);
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order[0], (law::Reference{.law = "act", .article = 52, .paragraph = 10}));
}

// The English text of a citation names the same articles as the Japanese one the references are
// read from (「第52条第7項」 ↔ "Art. 52(7)"), so a reader of either language sees the same
// provision.
void ExpectEnglishNamesTheSameProvisions(const base::Text& citation, std::string_view what) {
  for (const law::Reference& ref : law::ParseCitations(citation.ja)) {
    std::string article = ref.article_branch == 0
                              ? fmt::format("Art. {}", ref.article)
                              : fmt::format("Art. {}-{}", ref.article, ref.article_branch);
    EXPECT_THAT(citation.en, HasSubstr(article)) << what << ": " << citation.ja;
    // "Art. 52(3)-(4)" names 第3項・第4項 as a range.
    if (ref.paragraph != 0) {
      EXPECT_THAT(citation.en, HasSubstr(fmt::format("({})", ref.paragraph)))
          << what << ": " << citation.ja;
    }
  }
}

// Every clock's source, and the basis of every rule a clock applies, is a citation whose
// references the outline has (the Civil Code and the holidays act outside it are named by the
// catalogue), confirmed, with an e-Gov link; only interpretation stands without one.
TEST_F(ReviewTest, EveryClockSourceAndRuleBasisIsAReferenceTheOutlineHas) {
  auto check = [](const base::Text& citation, const std::string& what) {
    if (citation.ja.starts_with("解釈") || citation.ja.starts_with("運用")) return;
    const std::vector<law::Reference> refs = law::ParseCitations(citation.ja);
    EXPECT_FALSE(refs.empty()) << what << ": " << citation.ja;
    for (const law::Reference& ref : refs) {
      EXPECT_NE(law::CheckAgainstOutline(ref).check, law::Check::kNoSuchProvision)
          << what << ": " << law::Render(ref).ja;
      EXPECT_EQ(ref.status, law::Status::kConfirmed) << what << ": " << citation.ja;
      EXPECT_FALSE(law::EGovUrl(ref).empty()) << what << ": " << law::Render(ref).ja;
    }
    ExpectEnglishNamesTheSameProvisions(citation, what);
  };
  for (const calendar::ClockSpec& clock : calendar::Clocks()) {
    check(clock.source, std::string(clock.key));
    // Events on a weekday, before a year-end holiday and at a month end exercise every rule.
    for (Date day : {D(2025, 11, 4), D(2025, 12, 22), D(2026, 1, 31)}) {
      auto run = calendar::RunClock(clock.id, day);
      ASSERT_TRUE(run) << clock.key << " " << day.ToIso();
      for (const calendar::AppliedRule& rule : run->rules) {
        check(rule.basis, fmt::format("{} {} {}", clock.key, day.ToIso(), rule.id));
      }
    }
  }
  auto notice = calendar::NameChangeNoticeDeadline(D(2026, 4, 1));
  ASSERT_TRUE(notice);
  check(notice->source, "name_change");
  for (const calendar::AppliedRule& rule : notice->rules) check(rule.basis, rule.id);
  for (const ActSpec& spec : Acts()) ExpectEnglishNamesTheSameProvisions(spec.basis, spec.key);
}

// Art. 52(10) proviso: the order only until the waiting period (30 days from receipt) or its
// extension ends; the clock shows that limit; an extension is possible after the
// recommendation, to keep the order possible (Art. 52(4)).
TEST_F(ReviewTest, OrderOnlyUntilTheWaitingPeriodOrItsExtensionEnds) {
  auto r = InState(FilingKind::kInstallationPlan, State::kRefused);
  ASSERT_TRUE(r);
  auto d = ComputeDeadlines(*r);
  ASSERT_TRUE(d.has_value());
  const Deadline* limit = d->Find("order_limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->date, D(2025, 12, 3));
  EXPECT_EQ(limit->rules.back().id, "order_limit");
  EXPECT_THAT(limit->rules.back().basis.ja, HasSubstr("第10項ただし書"));
  ActRequest order = Req(ActKind::kOrder, kReviewer);
  order.text = "構成設備Xの供給者を変更すること";
  order.reason = "正当な理由なく勧告に応じない";
  clock_.Set(JapanTime(D(2025, 12, 4), 9));  // the day after the 30 days
  FilingRecord before = *r;
  auto late = Apply(*r, order, clock_);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().ja(), HasSubstr("2025-12-03 までです"));
  EXPECT_THAT(late.status().ja(), HasSubstr("第52条第10項ただし書"));
  EXPECT_THAT(late.status().en(), HasSubstr("only be given until 2025-12-03"));
  EXPECT_THAT(late.status().en(), HasSubstr("Art. 52(10), proviso"));
  EXPECT_EQ(r->state, State::kRefused);
  EXPECT_EQ(r->events.size(), before.events.size());

  // Extended while the period runs (after the refusal): the order is possible until the
  // extended period ends, and not after.
  auto x = InState(FilingKind::kInstallationPlan, State::kRefused);
  ASSERT_TRUE(x);
  EXPECT_THAT(AllowedActs(FilingKind::kInstallationPlan, State::kRefused, Role::kReviewer),
              Contains(ActKind::kExtend));
  ActRequest ext = Req(ActKind::kExtend, kReviewer);
  ext.date = D(2026, 1, 30);
  Do(*x, ext);
  EXPECT_EQ(ComputeDeadlines(*x)->Find("order_limit")->date, D(2026, 1, 30));
  clock_.Set(JapanTime(D(2026, 1, 31), 9));
  EXPECT_EQ(Apply(*x, order, clock_).status().code(), StatusCode::kFailedPrecondition);
  clock_.Set(JapanTime(D(2026, 1, 30), 17));
  Do(*x, order);
  EXPECT_EQ(x->state, State::kOrdered);
}

TEST_F(ReviewTest, ExtensionAfterThePeriodEndedIsRefused) {
  auto r = InState(FilingKind::kInstallationPlan, State::kUnderReview);
  ASSERT_TRUE(r);
  clock_.Set(JapanTime(D(2025, 12, 4), 9));  // the day after the waiting period
  ActRequest q = Req(ActKind::kExtend, kReviewer);
  q.reason = "r";
  q.date = D(2026, 1, 15);
  auto ev = Apply(*r, q, clock_);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("ended on 2025-12-03"));
}

TEST_F(ReviewTest, ShorteningNotBeforeReceipt) {
  auto r = InState(FilingKind::kInstallationPlan, State::kReceived);
  ASSERT_TRUE(r);
  ActRequest q = Req(ActKind::kShorten, kReviewer);
  q.reason = "審査を要しないため";
  q.date = D(2025, 11, 3);
  auto ev = Apply(*r, q, clock_);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("before the receipt date (2025-11-04)"));
  q.date = D(2025, 12, 3);  // not shorter
  EXPECT_EQ(Apply(*r, q, clock_).status().code(), StatusCode::kFailedPrecondition);
  q.date = D(2025, 11, 12);
  Do(*r, q);
  auto d = ComputeDeadlines(*r);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->Find("waiting_period_end")->date, D(2025, 12, 3));  // the statutory one stays
  EXPECT_EQ(d->Find("review_period_end")->date, D(2025, 11, 12));
  EXPECT_EQ(d->Find("installation_allowed_from")->date, D(2025, 11, 13));
  EXPECT_EQ(d->Find("review_period_end")->rules.back().id, "shortened");
  EXPECT_THAT(d->Find("review_period_end")->rules.back().basis.ja, HasSubstr("ただし書"));
}

TEST_F(ReviewTest, RecommendationOnlyWithinTheReviewPeriod) {
  auto r = InState(FilingKind::kInstallationPlan, State::kUnderReview);
  ASSERT_TRUE(r);
  clock_.Set(JapanTime(D(2025, 12, 5), 9));
  ActRequest q = Req(ActKind::kRecommend, kReviewer);
  q.text = "供給者の変更";
  auto ev = Apply(*r, q, clock_);  // dated today, 12-05: after the period (ended 12-03)
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("only possible within the review period (2025-11-04 to "
                                          "2025-12-03)"));
  EXPECT_THAT(ev.status().ja(), HasSubstr("審査期間"));
  q.date = D(2025, 11, 3);  // before receipt
  EXPECT_EQ(Apply(*r, q, clock_).status().code(), StatusCode::kFailedPrecondition);
  q.date = D(2025, 12, 6);  // in the future
  EXPECT_EQ(Apply(*r, q, clock_).status().code(), StatusCode::kFailedPrecondition);
  q.date = D(2025, 12, 3);  // the period's last day, recorded two days later
  Do(*r, q);
  EXPECT_EQ(r->recommendation_issued_on, D(2025, 12, 3));
}

TEST_F(ReviewTest, SelfReviewIsRefused) {
  FilingRecord r = NewRecord();
  // A user who is both operator staff and a reviewer (e.g. seconded) files, then reviews.
  Submit(r);
  ActRequest q = Req(ActKind::kReceive, Actor{UserId("u-staff"), Role::kReviewer, "mlit"});
  q.date = D(2025, 11, 4);
  q.channel = Channel::kEGov;
  auto ev = Apply(r, q, clock_);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.status().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(ev.status().en(), HasSubstr("may not review it"));
  EXPECT_THAT(ev.status().ja(), HasSubstr("審査できません"));
  // A second staff member who submits becomes a filer too.
  FilingRecord r2 = NewRecord();
  Do(r2, Req(ActKind::kSubmit, Actor{UserId("u-staff2"), Role::kOperatorStaff, "kamigumi"}));
  q.actor = Actor{UserId("u-staff2"), Role::kReviewer, "mlit"};
  EXPECT_EQ(Apply(r2, q, clock_).status().code(), StatusCode::kPermissionDenied);
  q.actor = kReviewer;
  Do(r2, q);
}

TEST_F(ReviewTest, OtherOrganisationsAreRefused) {
  FilingRecord r = NewRecord();
  auto ev =
      Apply(r, Req(ActKind::kSubmit, Actor{UserId("x"), Role::kOperatorStaff, "utoc"}), clock_);
  EXPECT_EQ(ev.status().code(), StatusCode::kPermissionDenied);
  Submit(r);
  ActRequest q = Req(ActKind::kReceive, Actor{UserId("y"), Role::kReviewer, "mhlw"});
  q.date = D(2025, 11, 4);
  q.channel = Channel::kEGov;
  EXPECT_EQ(Apply(r, q, clock_).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(ReviewTest, ReceiptDateIsRecordedNotInferred) {
  FilingRecord r = NewRecord();
  Submit(r);  // 2025-11-04 09:00 JST
  clock_.Set(JapanTime(D(2025, 11, 6), 9));
  ActRequest q = Req(ActKind::kReceive, kReviewer);
  q.channel = Channel::kEmail;
  EXPECT_EQ(Apply(r, q, clock_).status().code(), StatusCode::kInvalidArgument);  // no date
  q.date = D(2025, 11, 3);
  auto before = Apply(r, q, clock_);
  EXPECT_EQ(before.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(before.status().en(), HasSubstr("before the submission (2025-11-04)"));
  q.date = D(2025, 11, 7);
  EXPECT_EQ(Apply(r, q, clock_).status().code(), StatusCode::kFailedPrecondition);  // future
  q.date = D(2025, 11, 5);
  Do(r, q);
  EXPECT_EQ(r.received_on, D(2025, 11, 5));
  EXPECT_EQ(r.channel, Channel::kEmail);
  const ReviewEvent& ev = r.events.back();
  EXPECT_EQ(ev.who, UserId("u-rev"));
  EXPECT_EQ(ev.when, JapanTime(D(2025, 11, 6), 9));
  EXPECT_EQ(ev.content_hash, kHash);
  EXPECT_EQ(ev.pack_version, kPack);
  EXPECT_EQ(ev.from, State::kSubmitted);
  EXPECT_EQ(ev.to, State::kReceived);
  EXPECT_EQ(ComputeDeadlines(r)->Find("waiting_period_end")->date, D(2025, 12, 4));
}

TEST_F(ReviewTest, DecisionsBindToTheSubmittedVersion) {
  FilingRecord r = NewRecord();
  Submit(r);
  ActRequest q = Req(ActKind::kReceive, kReviewer);
  q.date = D(2025, 11, 4);
  q.channel = Channel::kEGov;
  q.content_hash = "blake2b:2222";
  auto ev = Apply(r, q, clock_);
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("binds to the version submitted"));
  q.content_hash = kHash;
  q.pack_version.clear();
  EXPECT_EQ(Apply(r, q, clock_).status().code(), StatusCode::kInvalidArgument);
  // Returned, corrected and resubmitted: a new version needs a new decision.
  FilingRecord r2 = NewRecord();
  Submit(r2);
  ActRequest ret = Req(ActKind::kReturn, kReviewer);
  ret.reason = "役員の国籍の記載漏れ";
  Do(r2, ret);
  ActRequest resubmit = Req(ActKind::kSubmit, kStaff);
  resubmit.content_hash = "blake2b:3333";
  Do(r2, resubmit);
  q.pack_version = kPack;
  EXPECT_EQ(Apply(r2, q, clock_).status().code(), StatusCode::kFailedPrecondition);
  q.content_hash = "blake2b:3333";
  Do(r2, q);
}

TEST_F(ReviewTest, AnswerDeadline) {
  auto r = InState(FilingKind::kInstallationPlan, State::kRecommended);
  ASSERT_TRUE(r);
  // No answer cannot be recorded before the operator's receipt is known, nor before the due date.
  EXPECT_EQ(Apply(*r, Req(ActKind::kRecordNoAnswer, kReviewer), clock_).status().code(),
            StatusCode::kFailedPrecondition);
  ActRequest got = Req(ActKind::kRecordRecommendationReceipt, kReviewer);
  got.date = D(2025, 11, 10);
  Do(*r, got);
  EXPECT_EQ(Apply(*r, got, clock_).status().code(), StatusCode::kFailedPrecondition);  // twice
  EXPECT_EQ(ComputeDeadlines(*r)->Find("answer_due")->date, D(2025, 11, 19));
  clock_.Set(JapanTime(D(2025, 11, 19), 23, 59));
  auto early = Apply(*r, Req(ActKind::kRecordNoAnswer, kReviewer), clock_);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().en(), HasSubstr("not overdue yet (due 2025-11-19)"));
  // A late acceptance is refused; the reviewer records that no answer came.
  clock_.Set(JapanTime(D(2025, 11, 20), 9));
  auto late = Apply(*r, Req(ActKind::kAccept, kStaff), clock_);
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().en(), HasSubstr("was due on 2025-11-19"));
  Do(*r, Req(ActKind::kRecordNoAnswer, kReviewer));
  EXPECT_EQ(r->state, State::kRefused);
  // Then an order, after an optional hearing.
  Do(*r, Req(ActKind::kOpenHearing, kReviewer));
  ActRequest order = Req(ActKind::kOrder, kReviewer);
  order.text = "遠隔保守の接続経路を国内に限ること";
  EXPECT_EQ(Apply(*r, order, clock_).status().code(), StatusCode::kInvalidArgument);  // reason
  order.reason = "勧告に係る措置を講じないため";
  Do(*r, order);
  EXPECT_EQ(r->state, State::kOrdered);
  EXPECT_EQ(r->decided_on, D(2025, 11, 20));
}

// 法第52条第8項・第9項: the operator that accepted a recommendation and filed the plan as changed
// may install from that day, before the period (here 2025-12-03) ends.
TEST_F(ReviewTest, RevisedPlanAfterAcceptanceAllowsInstallationEarly) {
  auto r = InState(FilingKind::kInstallationPlan, State::kAccepted);  // accepted on 2025-11-10
  ASSERT_TRUE(r);
  auto before = ComputeDeadlines(*r);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->Find("installation_allowed_from")->date, D(2025, 12, 4));
  auto revised_note = [](const Deadlines& d) {
    return std::count_if(d.notes.begin(), d.notes.end(), [](const base::Text& t) {
      return t.ja.find("第52条第8項・第9項") != std::string::npos;
    });
  };
  EXPECT_EQ(revised_note(*before), 1);
  EXPECT_THAT(AllowedActs(FilingKind::kInstallationPlan, State::kAccepted, Role::kOperatorStaff),
              ElementsAre(ActKind::kFileRevisedPlan));
  // Reviewers do not file it; nor before the acceptance or in the future.
  EXPECT_EQ(Apply(*r, Req(ActKind::kFileRevisedPlan, kReviewer), clock_).status().code(),
            StatusCode::kPermissionDenied);
  ActRequest early = Req(ActKind::kFileRevisedPlan, kStaff);
  early.date = D(2025, 11, 9);
  EXPECT_EQ(Apply(*r, early, clock_).status().code(), StatusCode::kFailedPrecondition);
  early.date = D(2025, 11, 11);
  EXPECT_EQ(Apply(*r, early, clock_).status().code(), StatusCode::kFailedPrecondition);
  clock_.Set(JapanTime(D(2025, 11, 14), 9));
  Do(*r, Req(ActKind::kFileRevisedPlan, kStaff));  // today, 2025-11-14
  EXPECT_EQ(r->state, State::kAccepted);
  auto after = ComputeDeadlines(*r);
  ASSERT_TRUE(after.has_value());
  const Deadline* allowed = after->Find("installation_allowed_from");
  EXPECT_EQ(allowed->date, D(2025, 11, 14));
  EXPECT_EQ(allowed->rules.back().id, "revised_plan_filed");
  EXPECT_THAT(allowed->rules.back().basis.ja, HasSubstr("第52条第8項"));
  EXPECT_THAT(allowed->rules.back().basis.ja, HasSubstr("第9項"));
  EXPECT_EQ(after->Find("review_period_end")->date, D(2025, 12, 3));  // the period itself stays
  EXPECT_EQ(revised_note(*after), 0);
  // Once only.
  EXPECT_EQ(Apply(*r, Req(ActKind::kFileRevisedPlan, kStaff), clock_).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(ReviewTest, AfterTheFactHasNoClock) {
  auto r = InState(FilingKind::kAfterTheFact, State::kReceived);
  ASSERT_TRUE(r);
  auto d = ComputeDeadlines(*r);
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->items.empty());
  ASSERT_EQ(d->notes.size(), 1u);
  EXPECT_THAT(d->notes[0].en, HasSubstr("no waiting period"));
  ActRequest q = Req(ActKind::kShorten, kReviewer);
  q.date = D(2025, 11, 5);
  q.reason = "r";
  auto ev = Apply(*r, q, clock_);
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ev.status().en(), HasSubstr("does not apply to a after_the_fact"));
  Do(*r, Req(ActKind::kAcknowledge, kReviewer));
  EXPECT_EQ(r->state, State::kAcknowledged);
}

TEST_F(ReviewTest, ConsultationStartsNoClock) {
  auto r = InState(FilingKind::kInstallationPlan, State::kConsultation);
  ASSERT_TRUE(r);
  ActRequest note = Req(ActKind::kConsultationNote, kReviewer);
  EXPECT_EQ(Apply(*r, note, clock_).status().code(), StatusCode::kInvalidArgument);
  note.text = "構成設備の範囲について相談";
  Do(*r, note);
  EXPECT_EQ(r->state, State::kConsultation);
  EXPECT_TRUE(ComputeDeadlines(*r)->items.empty());
  Do(*r, Req(ActKind::kSubmit, kStaff));
  EXPECT_EQ(r->state, State::kSubmitted);
  EXPECT_TRUE(IsEditable(State::kConsultation));
  EXPECT_FALSE(IsEditable(State::kSubmitted));
}

}  // namespace
}  // namespace kikan::filings
