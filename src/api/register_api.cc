// Designating and cancelling (指定・指定の解除): the designation engine proposes, a reviewer of the
// business's ministry confirms. GET /api/v1/designations/proposals compares the engine's result
// at a date with the register; POST /api/v1/designations records a designation of an operator
// that meets the criteria in force at its date (the operator enters the register from the
// business's dataset when it is not there yet); POST /api/v1/designations/{id}/revoke cancels one.
#include <fmt/format.h>

#include "api/common.h"
#include "api/handlers.h"
#include "base/wareki.h"
#include "codec/reference_json.h"
#include "service/designations.h"

namespace kikan::api {
namespace {

json::object Member(const rules::Table& t, size_t row) {
  return json::object{{"id", t.ids[row]},
                      {"name", t.names[row]},
                      {"corporate_number", t.TextAt("corporate_number", row)},
                      {"prefecture", t.TextAt("prefecture", row)}};
}

http::Response Proposals(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  base::BusinessId business(req.Query("business").value_or(""));
  if (business.empty()) {
    return Fail(req, base::InvalidArgument({.ja = "事業を指定してください: ?business=ID",
                                            .en = "name the business: ?business=ID"}));
  }
  if (auto s = auth::Authorize(caller->principal, auth::Action::kReadOperatorPrivate,
                               BusinessResource(business));
      !s.ok()) {
    return Fail(req, s);
  }
  base::Date date = ctx.Today();
  bool given = false;
  if (auto as_of = req.Query("as_of")) {
    auto d = base::ParseDateIsoOrWareki(*as_of);
    if (!d) return Fail(req, d.status().WithPrefix("as_of: "));
    date = *d;
    given = true;
  }
  auto proposals = service::ProposeDesignations(*conn, ctx, business, date, given);
  if (!proposals) return Fail(req, proposals.status());
  const auto& ev = proposals->evaluation;
  const rules::Table& subject = ev.subject();
  const registry::Tally tally = ev.tally();
  json::array propose, confirmed, no_longer, undetermined;
  for (size_t row : proposals->propose) propose.push_back(Member(subject, row));
  for (size_t row : proposals->undetermined) undetermined.push_back(Member(subject, row));
  for (size_t row : proposals->confirmed) confirmed.push_back(Member(subject, row));
  const service::RevocationDuty& revoke = service::NoLongerMeetsRevocation();
  for (const auto& d : proposals->no_longer) {
    no_longer.push_back(
        json::object{{"id", d.operator_id.value()},
                     {"name", d.operator_name_ja},
                     {"designation", d.id},
                     {"action", "revoke"},
                     {"revocation_required", revoke.required},
                     {"citation", revoke.citation},
                     {"citation_references", codec::EncodeReferences(revoke.citation)}});
  }
  json::array warnings;
  for (const auto& w : ev.warnings) warnings.push_back(TextJson(w));
  json::object o{
      {"schema_version", kSchemaVersion},
      {"business", business.value()},
      {"criteria_version", ev.criteria->version},
      {"criteria_status", regime::CriteriaStatusName(ev.criteria->status)},
      {"citation", ev.criteria->citation},
      {"citation_references", codec::EncodeReferences(ev.criteria->citation)},
      {"fiscal_year", ev.fiscal_year ? json::value(*ev.fiscal_year) : json::value(nullptr)},
      {"synthetic_data", proposals->dataset->manifest().synthetic},
      {"warnings", std::move(warnings)},
      {"propose", std::move(propose)},
      {"confirmed", std::move(confirmed)},
      {"no_longer_meets", std::move(no_longer)},
      {"no_longer_meets_action",
       json::object{{"text", TextJson(revoke.text)},
                    {"citation", revoke.citation},
                    {"citation_references", codec::EncodeReferences(revoke.citation)},
                    {"revocation_required", revoke.required}}},
      {"undetermined", std::move(undetermined)},
      {"counts", json::object{{"designated", tally.designated},
                              {"not_designated", tally.not_designated},
                              {"undetermined", tally.undetermined}}}};
  PutDate(o, "as_of", date);
  return JsonResponse(o);
}

http::Response Confirm(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto body = ParseObject(req, {"operator", "business", "designated_on", "gazette_ref"});
  if (!body.ok()) return Fail(req, body.status);
  std::vector<base::FieldError> errors;
  auto operator_id = GetString(body.object, "operator", &errors);
  auto business = GetString(body.object, "business", &errors);
  auto designated_on = GetDate(body.object, "designated_on", &errors);
  auto gazette = GetString(body.object, "gazette_ref", &errors);
  if (!operator_id) errors.push_back({"/operator", {.ja = "必須です", .en = "required"}});
  if (!business) errors.push_back({"/business", {.ja = "必須です", .en = "required"}});
  if (!designated_on && !body.object.contains("designated_on")) {
    errors.push_back({"/designated_on", {.ja = "必須です", .en = "required"}});
  }
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument(
                    {.ja = "指定の内容が不完全です", .en = "the designation is incomplete"}),
                errors);
  }
  if (auto s = auth::Authorize(caller->principal, auth::Action::kConfirmDesignation,
                               BusinessResource(base::BusinessId(*business)));
      !s.ok()) {
    return Fail(req, s);
  }
  auto created =
      service::DesignateOperator(*conn, ctx, caller->principal,
                                 {base::OperatorId(*operator_id), base::BusinessId(*business),
                                  *designated_on, gazette.value_or("")});
  if (!created) return Fail(req, created.status());
  http::Response r = JsonResponse(json::object{{"id", created->id},
                                               {"operator", created->operator_id.value()},
                                               {"business", created->business.value()},
                                               {"criteria_version", created->criteria_version}},
                                  201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/designations/{}", created->id));
  return r;
}

http::Response Revoke(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto id = DesignationId(req);
  if (!id) return Fail(req, id.status());
  auto current = service::GetDesignation(*conn, *id);
  if (!current) return Fail(req, current.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kConfirmDesignation,
                               BusinessResource(current->business));
      !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseObject(req, {"revoked_on", "reason"});
  if (!body.ok()) return Fail(req, body.status);
  std::vector<base::FieldError> errors;
  auto on = GetDate(body.object, "revoked_on", &errors);
  auto reason = GetString(body.object, "reason", &errors);
  if (!on && !body.object.contains("revoked_on"))
    errors.push_back({"/revoked_on", {.ja = "必須です", .en = "required"}});
  if (!reason || reason->empty())
    errors.push_back({"/reason", {.ja = "解除の理由が必要です", .en = "a reason is required"}});
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument(
                    {.ja = "指定の解除の内容が不完全です", .en = "the cancellation is incomplete"}),
                errors);
  }
  auto revoked = service::CancelDesignation(*conn, ctx, caller->principal, *id, *on, *reason);
  if (!revoked) return Fail(req, revoked.status());
  json::object o{{"id", revoked->id},
                 {"operator", revoked->operator_id.value()},
                 {"business", revoked->business.value()},
                 {"revocation_reason", revoked->revocation_reason}};
  PutDate(o, "revoked_on", revoked->revoked_on);
  return JsonResponse(o);
}

}  // namespace

void AddRegisterRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/v1/designations/proposals",
             [&ctx](http::Request& r) { return Proposals(ctx, r); });
  router.Add("POST", "/api/v1/designations", [&ctx](http::Request& r) { return Confirm(ctx, r); });
  router.Add("POST", "/api/v1/designations/{id}/revoke",
             [&ctx](http::Request& r) { return Revoke(ctx, r); });
}

}  // namespace kikan::api
