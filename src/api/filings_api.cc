// /api/v1/filings and /api/v1/queue: operators prepare and submit filings; reviewers receive and
// review them under the statutory clock. Visibility: a filing is visible to the staff of its
// operator, the reviewers of its business's ministry and the Cabinet Office; to anyone else it
// does not exist (404), so ids cannot be probed. GET /api/v1/filings/{id}/findings gives the
// supply chain findings on a filing to whoever may read it.
#include <fmt/format.h>

#include <algorithm>

#include "api/common.h"
#include "api/handlers.h"
#include "base/wareki.h"
#include "codec/filing_json.h"
#include "codec/reference_json.h"
#include "service/filings.h"
#include "service/supply_json.h"

namespace kikan::api {
namespace {

auth::Resource ResourceOf(const filings::FilingRecord& r) {
  auth::Resource res;
  res.operator_id = r.operator_id;
  res.business = r.business;
  res.filed_by = r.created_by.value();
  return res;
}

base::Status Hidden(std::string_view id) {
  return base::NotFound({.ja = fmt::format("届出 \"{}\" はありません", id),
                         .en = fmt::format("no filing \"{}\"", id)});
}

json::object FilingJson(const ApiContext& ctx, const service::StoredFiling& f,
                        const auth::Principal& who, bool full) {
  const auto& r = f.record;
  json::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = r.id.value();
  o["kind"] = regime::FilingKindName(r.kind);
  o["kind_label"] = TextJson(regime::FilingKindLabel(r.kind));
  o["business"] = r.business.value();
  if (const regime::Business* b = ctx.regime->FindBusiness(r.business))
    o["business_name"] = TextJson(b->name);
  o["operator_id"] = r.operator_id.value();
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
  o["contents"] = ParseOwnJson(f.contents);  // null when the stored text was tampered with
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
  json::array allowed_details;  // the same acts with their label, legal basis and inputs (forms)
  if (auth::IsMinistryRole(who.role) || auth::IsOperatorRole(who.role)) {
    const filings::Role role =
        auth::IsMinistryRole(who.role) ? filings::Role::kReviewer : filings::Role::kOperatorStaff;
    for (auto act : filings::AllowedActs(r.kind, r.state, role)) {
      allowed.push_back(json::string(filings::ActKindName(act)));
      const filings::ActSpec& spec = filings::GetAct(act);
      json::array inputs;
      for (const filings::ActInput& in : spec.inputs) {
        inputs.push_back(json::object{
            {"field", in.field}, {"required", in.required}, {"label", TextJson(in.label)}});
      }
      allowed_details.push_back(
          json::object{{"act", filings::ActKindName(act)},
                       {"label", TextJson(spec.label)},
                       {"basis", TextJson(spec.basis)},
                       {"basis_references", codec::EncodeReferences(spec.basis.ja)},
                       {"decision", spec.decision},
                       {"inputs", std::move(inputs)}});
    }
  }
  o["allowed_acts"] = std::move(allowed);
  o["allowed_act_details"] = std::move(allowed_details);
  if (auto findings = service::FilingFindings(ctx, f)) {
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
    return base::Status(
        base::StatusCode::kUnauthenticated,
        {.ja = "届出を見るにはサインインしてください", .en = "sign in to see filings"});
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

// The filing of a request body; `defaults` fills members the sender left out before decoding.
base::Result<filings::Filing> DecodeBody(json::object body) {
  auto decoded = codec::DecodeFiling(body);
  if (!decoded) {
    return base::InvalidArgument(
               {.ja = "届出に不正な項目があります", .en = "the filing has invalid fields"})
        .WithFields(std::move(decoded.error()));
  }
  return std::move(*decoded);
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
  if (!body.ok()) return Fail(req, body.status);
  service::NewFiling in;
  in.business_given = body.object.contains("business");
  in.filer_given = body.object.contains("filer");
  if (!in.business_given) body.object["business"] = "";  // the service chooses
  auto decoded = DecodeBody(std::move(body.object));
  if (!decoded) return Fail(req, decoded.status());
  in.contents = std::move(*decoded);
  auto f = service::StartFiling(*conn, ctx, p, std::move(in));
  if (!f) return Fail(req, f.status());
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
  if (!body.ok()) return Fail(req, body.status);
  if (!body.object.contains("business"))
    body.object["business"] = v->filing.record.business.value();
  auto decoded = DecodeBody(std::move(body.object));
  if (!decoded) return Fail(req, decoded.status());
  auto f = service::EditFiling(*conn, ctx, p, v->filing.record.id.value(), std::move(*decoded));
  if (!f) return Fail(req, f.status());
  return JsonResponse(FilingJson(ctx, *f, p, true));
}

// The supply chain findings on the filing (docs/supply-chain.md §12): for whoever may read the
// filing (LoadVisible: the same 401 and 404 as GET /api/v1/filings/{id}), the supply facts behind
// them read in the caller's scope.
http::Response GetSupplyFindings(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  auto allowed = auth::Authorize(v->caller.principal, auth::Action::kReadSupply, {});
  if (!allowed.ok()) return Fail(req, allowed);
  auto r = service::FindingsForFiling(*conn, *ctx.regime, v->filing.record.id.value(),
                                      auth::Scope(v->caller.principal), ctx.clock->Now());
  if (!r) return Fail(req, r.status());
  return JsonResponse(service::SupplyFindingsJson(*r, http::RequestLang(req)));
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
    return Fail(req, base::Status(base::StatusCode::kUnauthenticated,
                                  {.ja = "届出を見るにはサインインしてください",
                                   .en = "sign in to see filings"}));
  }
  auto list = service::VisibleFilings(*conn, caller->principal);
  if (!list) return Fail(req, list.status());
  json::array items;
  for (const auto& f : *list) items.push_back(FilingJson(ctx, f, caller->principal, false));
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
    case ActKind::kFileRevisedPlan:
      return auth::Action::kAnswerRecommendation;
    case ActKind::kStartConsultation:
      return auth::Action::kEditFiling;
    case ActKind::kConsultationNote:
      return auth::IsMinistryRole(role) ? auth::Action::kReviewFiling : auth::Action::kEditFiling;
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
  if (!body.ok()) return Fail(req, body.status);
  std::vector<base::FieldError> errors;
  service::FilingAct in;
  in.act = act;
  in.date = GetDate(body.object, "date", &errors);
  in.received_on = GetDate(body.object, "received_on", &errors);
  in.reason = GetString(body.object, "reason", &errors).value_or("");
  in.text = GetString(body.object, "text", &errors).value_or("");
  in.content_hash = GetString(body.object, "content_hash", &errors).value_or("");
  if (auto ch = GetString(body.object, "channel", &errors)) {
    in.channel = filings::ParseChannel(*ch);
    if (!in.channel) {
      errors.push_back(
          {"/channel",
           {.ja = "e_gov, email, other のいずれかです", .en = "must be e_gov, email or other"}});
    }
  }
  if (!errors.empty()) {
    return Fail(req, base::InvalidArgument({.ja = "要求に不正な項目があります",
                                            .en = "the request has invalid fields"})
                         .WithFields(std::move(errors)));
  }
  auto f = service::ActOnFiling(*conn, ctx, p, v->filing.record.id.value(), in);
  if (!f) return Fail(req, f.status());
  return JsonResponse(FilingJson(ctx, *f, p, true));
}

http::Response Queue(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  const auth::Principal& p = caller->principal;
  if (p.anonymous()) {
    return Fail(req, base::Status(base::StatusCode::kUnauthenticated,
                                  {.ja = "審査キューを見るにはサインインしてください",
                                   .en = "sign in to see the review queue"}));
  }
  auto items = service::ReviewQueue(*conn, p);
  if (!items) return Fail(req, items.status());
  base::Date today = ctx.Today();
  json::array out;
  for (const auto& item : *items) {
    json::object o{{"filing", FilingJson(ctx, item.filing, p, false)},
                   {"deadline", item.deadline},
                   {"deadline_label", TextJson(item.label)}};
    PutDate(o, "due", item.due);
    o["days_remaining"] = item.due ? json::value(item.due->DaysSince(today)) : nullptr;
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
  router.Add("GET", "/api/v1/filings/{id}/findings",
             [&ctx](http::Request& r) { return GetSupplyFindings(ctx, r); });
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
      return Fail(r,
                  base::NotFound(
                      {.ja = fmt::format("不明な行為 \"{}\"（行為: {}）", r.Param("act"), known),
                       .en = fmt::format("unknown act \"{}\" (acts: {})", r.Param("act"), known)}));
    }
    return Act(ctx, r, *act);
  });
  router.Add("GET", "/api/v1/queue", [&ctx](http::Request& r) { return Queue(ctx, r); });
}

}  // namespace kikan::api
