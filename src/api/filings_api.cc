// /api/v1/filings and /api/v1/queue: operators prepare and submit filings; reviewers receive and
// review them under the statutory clock. Visibility: a filing is visible to the staff of its
// operator, the reviewers of its business's ministry and the Cabinet Office; to anyone else it
// does not exist (404), so ids cannot be probed.
#include <fmt/format.h>

#include <algorithm>

#include "codec/filing_json.h"
#include "base/wareki.h"
#include "filings/validate.h"
#include "api/common.h"
#include "api/handlers.h"
#include "service/filing_store.h"
#include "service/register.h"
#include "store/db.h"

namespace kikan::api {
namespace {

std::vector<http::FieldError> ToHttp(const std::vector<codec::FieldError>& errors) {
  std::vector<http::FieldError> out;
  for (const auto& e : errors) out.push_back({e.pointer, e.detail});
  return out;
}

auth::Resource ResourceOf(const filings::FilingRecord& r) {
  auth::Resource res;
  res.operator_id = r.operator_id;
  res.business = r.business;
  res.filed_by = r.created_by.value();
  return res;
}

base::Status Hidden(std::string_view id) {
  return base::NotFound(fmt::format("no filing \"{}\"", id),
                        fmt::format("届出 \"{}\" はありません", id));
}

const regime::Pack* PackOf(const ApiContext& ctx, std::string_view business) {
  const regime::Pack* pack = nullptr;
  ctx.regime->FindBusiness(business, &pack);
  return pack;
}

// The findings of the stored contents against the form in force today (warnings included).
base::Result<std::vector<filings::MissingItem>> Findings(const ApiContext& ctx,
                                                         const service::StoredFiling& f) {
  auto decoded = codec::DecodeFilingText(f.contents);
  if (!decoded) {
    return base::DataLoss("the stored contents of the filing do not decode",
                          "保存された届出内容を読めません");
  }
  const regime::Pack* pack = PackOf(ctx, f.record.business);
  base::Date today = base::JapanDate(ctx.clock->Now());
  const regime::Form* form = pack ? pack->FindForm(f.record.kind, today) : nullptr;
  if (form == nullptr) {
    return base::FailedPrecondition(
        fmt::format("no form for {} filings of {} is in force on {}",
                    regime::FilingKindName(f.record.kind), f.record.business, today.ToIso()),
        fmt::format("{} の {} の様式は {} に施行されていません", f.record.business,
                    regime::FilingKindLabel(f.record.kind).ja, today.ToIso()));
  }
  filings::ValueContext vc;
  vc.pack = pack;
  vc.today = today;
  return filings::CheckFiling(*decoded, *form, vc);
}

filings::Role FilingRole(auth::Role r) {
  return r == auth::Role::kReviewer ? filings::Role::kReviewer : filings::Role::kOperatorStaff;
}

json::object FilingJson(const ApiContext& ctx, const service::StoredFiling& f,
                        const auth::Principal& who, bool full) {
  const auto& r = f.record;
  json::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = r.id.value();
  o["kind"] = regime::FilingKindName(r.kind);
  o["kind_label"] = TextJson(regime::FilingKindLabel(r.kind));
  o["business"] = r.business;
  if (const regime::Business* b = ctx.regime->FindBusiness(r.business))
    o["business_name"] = TextJson(b->name);
  o["operator_id"] = r.operator_id;
  o["ministry"] = r.ministry_id;
  o["state"] = filings::StateName(r.state);
  o["state_label"] = TextJson(filings::StateLabel(r.state));
  o["created_by"] = r.created_by.value();
  o["created_at"] = base::FormatInstant(f.created_at);
  o["updated_at"] = base::FormatInstant(f.updated_at);
  o["content_hash"] = f.content_hash;
  o["submitted_hash"] = r.submitted_hash;
  PutDate(o, "received_on", r.received_on);
  PutDate(o, "decided_on", r.decided_on);
  if (auto d = filings::ComputeDeadlines(r)) {
    json::object deadlines = codec::EncodeDeadlines(*d);
    o["deadlines"] = std::move(deadlines);
  }
  if (!full) return o;
  auto contents = json::parse(f.contents);
  o["contents"] = std::move(contents);
  json::array events;
  for (const auto& e : r.events) {
    json::object ev{{"act", filings::ActKindName(e.act)},
                    {"act_label", TextJson(filings::GetAct(e.act).label)},
                    {"who", e.who.value()},
                    {"role", filings::RoleName(e.role)},
                    {"at", base::FormatInstant(e.when)},
                    {"from", filings::StateName(e.from)},
                    {"to", filings::StateName(e.to)},
                    {"reason", e.reason},
                    {"text", e.text},
                    {"content_hash", e.content_hash},
                    {"pack_version", e.pack_version}};
    PutDate(ev, "date", e.date);
    PutDate(ev, "received_on", e.received_on);
    if (e.channel) ev["channel"] = filings::ChannelName(*e.channel);
    events.push_back(std::move(ev));
  }
  o["events"] = std::move(events);
  json::array allowed;
  json::array allowed_details;  // the same acts with their label and legal basis, for the UI
  if (who.role == auth::Role::kReviewer || who.role == auth::Role::kOperatorStaff) {
    for (auto act : filings::AllowedActs(r.kind, r.state, FilingRole(who.role))) {
      allowed.push_back(json::string(filings::ActKindName(act)));
      const filings::ActSpec& spec = filings::GetAct(act);
      allowed_details.push_back(json::object{{"act", filings::ActKindName(act)},
                                             {"label", TextJson(spec.label)},
                                             {"basis", TextJson(spec.basis)},
                                             {"decision", spec.decision}});
    }
  }
  o["allowed_acts"] = std::move(allowed);
  o["allowed_act_details"] = std::move(allowed_details);
  if (auto findings = Findings(ctx, f)) {
    o["findings"] = codec::EncodeFindings(*findings);
    o["complete"] = !filings::HasErrors(*findings);
  }
  return o;
}

// Loads a filing the caller may see; anything else is 404.
struct Visible {
  Caller caller;
  service::StoredFiling filing;
};
base::Result<Visible> LoadVisible(const ApiContext& ctx, http::Request& req, store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(Caller caller, Identify(ctx, req, c));
  if (caller.principal.anonymous()) {
    return base::Status(base::StatusCode::kUnauthenticated, "sign in to see filings",
                        "届出を見るにはサインインしてください");
  }
  std::string id(req.Param("id"));
  auto f = service::GetFiling(c, id);
  if (!f) {
    if (f.status().code() == base::StatusCode::kNotFound) return Hidden(id);
    return f.status();
  }
  if (!auth::CanSee(caller.principal, ResourceOf(f->record))) return Hidden(id);
  return Visible{std::move(caller), std::move(*f)};
}

// Which business a new filing is for: the body's, or the operator's only designation.
base::Result<std::string> BusinessFor(store::Connection& c, const std::string& operator_id,
                                      const json::object& body,
                                      std::vector<http::FieldError>* errors) {
  KIKAN_ASSIGN_OR_RETURN(
      auto designations,
      service::ListDesignations(c, service::DesignationQuery::ForOperator(operator_id)));
  std::vector<std::string> mine;
  for (const auto& d : designations) mine.push_back(d.business);
  if (const json::value* b = body.if_contains("business"); b && b->is_string()) {
    std::string business(b->as_string());
    if (std::find(mine.begin(), mine.end(), business) == mine.end()) {
      errors->push_back(
          {"/business",
           {fmt::format("この事業者は {} の特定社会基盤事業者に指定されていません", business),
            fmt::format("the operator is not designated for {}", business)}});
      return base::InvalidArgument("the operator is not designated for that business",
                                   "この事業者はその事業について指定されていません");
    }
    return business;
  }
  if (mine.size() == 1) return mine[0];
  std::string list;
  for (const auto& m : mine) list += (list.empty() ? "" : ", ") + m;
  errors->push_back(
      {"/business",
       {fmt::format("事業を指定してください（{}）", list.empty() ? "指定なし" : list),
        fmt::format("name the business ({})", list.empty() ? "none designated" : list)}});
  return base::InvalidArgument("the filing needs a business", "届出の事業が必要です");
}

http::Response CreateFiling(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  const auth::Principal& p = caller->principal;
  if (auto s = auth::Authorize(p, auth::Action::kCreateFiling, OperatorResource(p.operator_id));
      !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseAnyObject(req);
  if (!body.ok()) return Fail(req, body.status, body.errors);
  std::vector<http::FieldError> errors;
  auto business = BusinessFor(*conn, p.operator_id, body.object, &errors);
  if (!business) return Fail(req, business.status(), errors);
  body.object["business"] = *business;
  // The filer is the caller's company, as the register knows it.
  if (!body.object.contains("filer")) {
    if (auto op = service::GetOperator(*conn, p.operator_id)) {
      json::object filer{{"operator_id", op->id}, {"name", op->name_ja}};
      if (!op->corporate_number.empty()) filer["corporate_number"] = op->corporate_number;
      body.object["filer"] = std::move(filer);
    }
  }
  auto decoded = codec::DecodeFiling(body.object);
  if (!decoded) {
    return Fail(
        req, base::InvalidArgument("the filing has invalid fields", "届出に不正な項目があります"),
        ToHttp(decoded.error()));
  }
  if (decoded->filer.operator_id != p.operator_id) {
    return Fail(req,
                base::InvalidArgument("the filer must be your own company",
                                      "届出者は自社でなければなりません"),
                {{"/filer/operator_id",
                  {"自社の事業者 ID でなければなりません", "must be your own operator id"}}});
  }
  const regime::Pack* pack = PackOf(ctx, *business);
  auto tx = store::Transaction::Start(*conn);
  if (!tx) return Fail(req, tx.status());
  auto f = service::CreateFiling(*conn, decoded->kind, *business, p.operator_id,
                                 pack ? pack->ministry.id : "", p.user_id,
                                 codec::EncodeFilingText(*decoded), ctx.clock->Now());
  if (!f) return Fail(req, f.status());
  if (auto s = tx->Commit(); !s.ok()) return Fail(req, s);
  http::Response r = JsonResponse(FilingJson(ctx, *f, p, true), 201);
  r.headers.emplace_back("Location", "/api/v1/filings/" + f->record.id.value());
  return r;
}

http::Response UpdateFiling(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  const auth::Principal& p = v->caller.principal;
  if (auto s = auth::Authorize(p, auth::Action::kEditFiling, ResourceOf(v->filing.record));
      !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseAnyObject(req);
  if (!body.ok()) return Fail(req, body.status, body.errors);
  if (!body.object.contains("business")) body.object["business"] = v->filing.record.business;
  auto decoded = codec::DecodeFiling(body.object);
  if (!decoded) {
    return Fail(
        req, base::InvalidArgument("the filing has invalid fields", "届出に不正な項目があります"),
        ToHttp(decoded.error()));
  }
  std::vector<http::FieldError> errors;
  if (decoded->kind != v->filing.record.kind) {
    errors.push_back(
        {"/kind", {"届出の種類は変更できません", "the kind of a filing cannot change"}});
  }
  if (decoded->business != v->filing.record.business) {
    errors.push_back(
        {"/business", {"届出の事業は変更できません", "the business of a filing cannot change"}});
  }
  if (decoded->filer.operator_id != v->filing.record.operator_id) {
    errors.push_back({"/filer/operator_id", {"届出者は変更できません", "the filer cannot change"}});
  }
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument("the filing cannot change these fields",
                                      "変更できない項目があります"),
                errors);
  }
  auto tx = store::Transaction::Start(*conn);
  if (!tx) return Fail(req, tx.status());
  auto f = service::UpdateContents(*conn, v->filing.record.id.value(), p.user_id,
                                   codec::EncodeFilingText(*decoded), ctx.clock->Now());
  if (!f) return Fail(req, f.status());
  if (auto s = tx->Commit(); !s.ok()) return Fail(req, s);
  return JsonResponse(FilingJson(ctx, *f, p, true));
}

http::Response GetFiling(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  return JsonResponse(FilingJson(ctx, v->filing, v->caller.principal, true));
}

http::Response ListFilings(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (caller->principal.anonymous()) {
    return Fail(req, base::Status(base::StatusCode::kUnauthenticated, "sign in to see filings",
                                  "届出を見るにはサインインしてください"));
  }
  auto list = service::ListFilings(*conn, auth::Scope(caller->principal));
  if (!list) return Fail(req, list.status());
  json::array items;
  for (const auto& f : *list) {
    if (!auth::CanSee(caller->principal, ResourceOf(f.record))) continue;  // belt and braces
    items.push_back(FilingJson(ctx, f, caller->principal, false));
  }
  return JsonResponse(json::object{
      {"schema_version", kSchemaVersion}, {"count", items.size()}, {"filings", std::move(items)}});
}

auth::Action ActionFor(filings::ActKind act, auth::Role role) {
  using filings::ActKind;
  switch (act) {
    case ActKind::kSubmit:
      return auth::Action::kSubmitFiling;
    case ActKind::kWithdraw:
      return auth::Action::kWithdrawFiling;
    case ActKind::kAccept:
    case ActKind::kRefuse:
      return auth::Action::kAnswerRecommendation;
    case ActKind::kStartConsultation:
      return auth::Action::kEditFiling;
    case ActKind::kConsultationNote:
      return role == auth::Role::kReviewer ? auth::Action::kReviewFiling
                                           : auth::Action::kEditFiling;
    default:
      return auth::Action::kReviewFiling;
  }
}

http::Response Act(const ApiContext& ctx, http::Request& req, filings::ActKind act) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  const auth::Principal& p = v->caller.principal;
  if (auto s = auth::Authorize(p, ActionFor(act, p.role), ResourceOf(v->filing.record)); !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseObject(req, {"date", "received_on", "reason", "text", "channel", "content_hash"},
                          /*empty_is_object=*/true);
  if (!body.ok()) return Fail(req, body.status, body.errors);
  std::vector<http::FieldError> errors;
  filings::ActRequest ar;
  ar.act = act;
  ar.actor.user = filings::UserId(p.user_id);
  ar.actor.role = FilingRole(p.role);
  ar.actor.organization = p.role == auth::Role::kReviewer ? p.ministry : p.operator_id;
  ar.date = GetDate(body.object, "date", &errors);
  ar.received_on = GetDate(body.object, "received_on", &errors);
  ar.reason = GetString(body.object, "reason", &errors).value_or("");
  ar.text = GetString(body.object, "text", &errors).value_or("");
  ar.content_hash = GetString(body.object, "content_hash", &errors).value_or("");
  if (auto ch = GetString(body.object, "channel", &errors)) {
    ar.channel = filings::ParseChannel(*ch);
    if (!ar.channel) {
      errors.push_back(
          {"/channel", {"e_gov, email, other のいずれかです", "must be e_gov, email or other"}});
    }
  }
  if (!errors.empty()) {
    return Fail(
        req, base::InvalidArgument("the request has invalid fields", "要求に不正な項目があります"),
        errors);
  }
  if (const regime::Pack* pack = PackOf(ctx, v->filing.record.business)) {
    if (auto it = ctx.pack_versions.find(pack->id); it != ctx.pack_versions.end()) {
      ar.pack_version = it->second;
    }
  }
  if (act == filings::ActKind::kSubmit) {
    auto findings = Findings(ctx, v->filing);
    if (!findings) return Fail(req, findings.status());
    if (filings::HasErrors(*findings)) {
      std::vector<http::FieldError> missing;
      for (const auto& m : *findings) {
        if (m.kind == filings::MissingItem::Kind::kWarning) continue;
        missing.push_back({m.pointer, m.message});
      }
      size_t n = missing.size();
      return Fail(
          req,
          base::InvalidArgument(
              fmt::format("the filing cannot be submitted: {} required item(s) missing or invalid",
                          n),
              fmt::format("届出を提出できません: 必要な項目の不足・誤りが {} 件あります", n)),
          std::move(missing));
    }
  }
  auto tx = store::Transaction::Start(*conn);
  if (!tx) return Fail(req, tx.status());
  auto f = service::PerformAct(*conn, v->filing.record.id.value(), ar, *ctx.clock);
  if (!f) return Fail(req, f.status());
  if (auto s = tx->Commit(); !s.ok()) return Fail(req, s);
  return JsonResponse(FilingJson(ctx, *f, p, true));
}

http::Response Queue(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  const auth::Principal& p = caller->principal;
  if (p.anonymous()) {
    return Fail(req,
                base::Status(base::StatusCode::kUnauthenticated, "sign in to see the review queue",
                             "審査キューを見るにはサインインしてください"));
  }
  if (p.role != auth::Role::kReviewer && p.role != auth::Role::kCabinetOffice) {
    return Fail(req, base::PermissionDenied("the review queue is for reviewers",
                                            "審査キューは審査担当者のものです"));
  }
  auto list = service::ListFilings(*conn, auth::Scope(p));
  if (!list) return Fail(req, list.status());
  base::Date today = base::JapanDate(ctx.clock->Now());
  struct Item {
    std::optional<base::Date> due;
    std::string key;
    base::Text label;
    json::object filing;
  };
  std::vector<Item> items;
  for (const auto& f : *list) {
    using filings::State;
    State s = f.record.state;
    if (s == State::kDraft || s == State::kConsultation || s == State::kReturned ||
        s == State::kCleared || s == State::kWithdrawn || s == State::kAcknowledged ||
        s == State::kOrdered || s == State::kAccepted) {
      continue;
    }
    Item item;
    item.filing = FilingJson(ctx, f, p, false);
    if (auto d = filings::ComputeDeadlines(f.record)) {
      // The deadline that matters now: the answer while a recommendation is out, else the end of
      // the review period.
      for (const char* key : {"answer_due", "review_period_end", "waiting_period_end"}) {
        if (const filings::Deadline* dl = d->Find(key)) {
          item.due = dl->date;
          item.key = key;
          item.label = dl->label;
          break;
        }
      }
    }
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.due.has_value() != b.due.has_value()) return !a.due.has_value();  // to receive first
    return a.due && b.due && *a.due < *b.due;
  });
  json::array out;
  for (auto& item : items) {
    json::object o{{"filing", std::move(item.filing)}};
    if (item.due) {
      o["deadline"] = item.key;
      o["deadline_label"] = TextJson(item.label);
      PutDate(o, "due", item.due);
      o["days_remaining"] = item.due->DaysSince(today);
    } else {
      o["deadline"] = "receipt";
      o["deadline_label"] = TextJson({"受理の判断待ち（期間は受理日から）",
                                      "awaiting receipt (periods run from the receipt date)"});
      o["due"] = nullptr;
      o["days_remaining"] = nullptr;
    }
    out.push_back(std::move(o));
  }
  json::object result{
      {"schema_version", kSchemaVersion}, {"count", out.size()}, {"items", std::move(out)}};
  PutDate(result, "today", today);
  return JsonResponse(result);
}

}  // namespace

void AddFilingRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/v1/filings", [&ctx](http::Request& r) { return ListFilings(ctx, r); });
  router.Add("POST", "/api/v1/filings", [&ctx](http::Request& r) { return CreateFiling(ctx, r); });
  router.Add("GET", "/api/v1/filings/{id}", [&ctx](http::Request& r) { return GetFiling(ctx, r); });
  router.Add("PUT", "/api/v1/filings/{id}",
             [&ctx](http::Request& r) { return UpdateFiling(ctx, r); });
  router.Add("POST", "/api/v1/filings/{id}/submit",
             [&ctx](http::Request& r) { return Act(ctx, r, filings::ActKind::kSubmit); });
  router.Add("POST", "/api/v1/filings/{id}/acts/{act}", [&ctx](http::Request& r) {
    auto act = filings::ParseActKind(r.Param("act"));
    if (!act) {
      std::string known;
      for (const auto& spec : filings::Acts())
        known += (known.empty() ? "" : ", ") + std::string(spec.key);
      return Fail(
          r, base::NotFound(fmt::format("unknown act \"{}\" (acts: {})", r.Param("act"), known),
                            fmt::format("不明な行為 \"{}\"（行為: {}）", r.Param("act"), known)));
    }
    return Act(ctx, r, *act);
  });
  router.Add("GET", "/api/v1/queue", [&ctx](http::Request& r) { return Queue(ctx, r); });
}

}  // namespace kikan::api
