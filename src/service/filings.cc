#include "service/filings.h"

#include <fmt/format.h>

#include <algorithm>

#include "codec/filing_json.h"
#include "service/register.h"

namespace kikan::service {
namespace {

// Which business a new filing is for: the one named, which the operator must be designated for,
// or the operator's only designation.
base::Result<base::BusinessId> BusinessFor(store::Connection& c,
                                           const base::OperatorId& operator_id,
                                           const NewFiling& in) {
  KIKAN_ASSIGN_OR_RETURN(auto designations,
                         ListDesignations(c, DesignationQuery::ForOperator(operator_id)));
  std::vector<base::BusinessId> mine;
  for (const auto& d : designations) mine.push_back(d.business);
  if (in.business_given) {
    const base::BusinessId& business = in.contents.business;
    if (std::find(mine.begin(), mine.end(), business) != mine.end()) return business;
    return base::InvalidArgument({.ja = "この事業者はその事業について指定されていません",
                                  .en = "the operator is not designated for that business"})
        .WithFields({{"/business",
                      {.ja = fmt::format("この事業者は {} の特定社会基盤事業者に指定されていません",
                                         business),
                       .en = fmt::format("the operator is not designated for {}", business)}}});
  }
  if (mine.size() == 1) return mine[0];
  std::string list;
  for (const auto& m : mine) list += (list.empty() ? "" : ", ") + m.value();
  return base::InvalidArgument({.ja = "届出の事業が必要です", .en = "the filing needs a business"})
      .WithFields(
          {{"/business",
            {.ja = fmt::format("事業を指定してください（{}）", list.empty() ? "指定なし" : list),
             .en =
                 fmt::format("name the business ({})", list.empty() ? "none designated" : list)}}});
}

filings::Actor ActorOf(const auth::Principal& p) {
  filings::Actor a;
  a.user = filings::UserId(p.user_id);
  const bool reviewer = auth::IsMinistryRole(p.role);
  a.role = reviewer ? filings::Role::kReviewer : filings::Role::kOperatorStaff;
  a.organization = reviewer ? p.ministry : p.operator_id.value();
  return a;
}

}  // namespace

base::Result<StoredFiling> StartFiling(store::Connection& c, const Env& env,
                                       const auth::Principal& caller, NewFiling in) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  const base::OperatorId& operator_id = caller.operator_id;
  KIKAN_ASSIGN_OR_RETURN(in.contents.business, BusinessFor(c, operator_id, in));
  if (!in.filer_given) {
    // The filer is the caller's company, as the register knows it.
    KIKAN_ASSIGN_OR_RETURN(auto op, GetOperator(c, operator_id.view()));
    in.contents.filer = {op.id, op.name_ja, op.corporate_number};
  }
  if (in.contents.filer.operator_id != operator_id) {
    return base::InvalidArgument({.ja = "届出者は自社でなければなりません",
                                  .en = "the filer must be your own company"})
        .WithFields({{"/filer/operator_id",
                      {.ja = "自社の事業者 ID でなければなりません",
                       .en = "must be your own operator id"}}});
  }
  KIKAN_ASSIGN_OR_RETURN(const regime::Pack* pack, env.PackOf(in.contents.business));
  KIKAN_ASSIGN_OR_RETURN(auto f, CreateFiling(c, in.contents, operator_id, pack->ministry.id,
                                              caller.user_id, env.clock->Now()));
  KIKAN_TRY(tx.Commit());
  return f;
}

base::Result<StoredFiling> EditFiling(store::Connection& c, const Env& env,
                                      const auth::Principal& caller, std::string_view id,
                                      filings::Filing contents) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(auto current, GetFiling(c, id));
  const filings::FilingRecord& r = current.record;
  std::vector<base::FieldError> errors;
  if (contents.kind != r.kind) {
    errors.push_back(
        {"/kind",
         {.ja = "届出の種類は変更できません", .en = "the kind of a filing cannot change"}});
  }
  if (contents.business != r.business) {
    errors.push_back(
        {"/business",
         {.ja = "届出の事業は変更できません", .en = "the business of a filing cannot change"}});
  }
  if (contents.filer.operator_id != r.operator_id) {
    errors.push_back(
        {"/filer/operator_id", {.ja = "届出者は変更できません", .en = "the filer cannot change"}});
  }
  if (!errors.empty()) {
    return base::InvalidArgument(
               {.ja = "変更できない項目があります", .en = "the filing cannot change these fields"})
        .WithFields(std::move(errors));
  }
  KIKAN_ASSIGN_OR_RETURN(auto f, UpdateContents(c, id, caller.user_id, contents, env.clock->Now()));
  KIKAN_TRY(tx.Commit());
  return f;
}

base::Result<StoredFiling> ActOnFiling(store::Connection& c, const Env& env,
                                       const auth::Principal& caller, std::string_view id,
                                       const FilingAct& act) {
  filings::ActRequest request;
  request.act = act.act;
  request.actor = ActorOf(caller);
  request.date = act.date;
  request.received_on = act.received_on;
  request.reason = act.reason;
  request.text = act.text;
  request.channel = act.channel;
  request.content_hash = act.content_hash;
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(auto f, PerformAct(c, env, id, std::move(request)));
  KIKAN_TRY(tx.Commit());
  return f;
}

base::Result<std::vector<filings::MissingItem>> FilingFindings(const Env& env,
                                                               const StoredFiling& f) {
  auto decoded = codec::DecodeFilingText(f.contents);
  if (!decoded) {
    return base::DataLoss({.ja = "保存された届出内容を読めません",
                           .en = "the stored contents of the filing do not decode"});
  }
  const regime::Pack* pack = nullptr;
  env.regime->FindBusiness(f.record.business, &pack);
  base::Date today = env.Today();
  const regime::Form* form = pack ? pack->FindForm(f.record.kind, today) : nullptr;
  if (form == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format("{} の {} の様式は {} に施行されていません", f.record.business,
                           regime::FilingKindLabel(f.record.kind).ja, today.ToIso()),
         .en =
             fmt::format("no form for {} filings of {} is in force on {}",
                         regime::FilingKindName(f.record.kind), f.record.business, today.ToIso())});
  }
  filings::ValueContext vc;
  vc.pack = pack;
  vc.today = today;
  return filings::CheckFiling(*decoded, *form, vc);
}

base::Result<std::vector<StoredFiling>> VisibleFilings(store::Connection& c,
                                                       const auth::Principal& caller) {
  return ListFilings(c, auth::Scope(caller));
}

base::Result<std::vector<QueueItem>> ReviewQueue(store::Connection& c,
                                                 const auth::Principal& caller) {
  if (!auth::IsMinistryRole(caller.role) && caller.role != auth::Role::kCabinetOffice) {
    return base::PermissionDenied(
        {.ja = "審査キューは審査担当者のものです", .en = "the review queue is for reviewers"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto list, ListFilings(c, auth::Scope(caller)));
  std::vector<QueueItem> items;
  for (auto& f : list) {
    using filings::State;
    State s = f.record.state;
    if (s == State::kDraft || s == State::kConsultation || s == State::kReturned ||
        s == State::kCleared || s == State::kWithdrawn || s == State::kAcknowledged ||
        s == State::kOrdered || s == State::kAccepted) {
      continue;
    }
    QueueItem item;
    item.deadline = "receipt";
    item.label = {.ja = "受理の判断待ち（期間は受理日から）",
                  .en = "awaiting receipt (periods run from the receipt date)"};
    if (auto d = filings::ComputeDeadlines(f.record)) {
      for (const char* key : {"answer_due", "review_period_end", "waiting_period_end"}) {
        if (const filings::Deadline* dl = d->Find(key)) {
          item.due = dl->date;
          item.deadline = key;
          item.label = dl->label;
          break;
        }
      }
    }
    item.filing = std::move(f);
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const QueueItem& a, const QueueItem& b) {
    if (a.due.has_value() != b.due.has_value()) return !a.due.has_value();  // to receive first
    return a.due && b.due && *a.due < *b.due;
  });
  return items;
}

}  // namespace kikan::service
