// Designating and cancelling (指定・指定の解除): the designation engine proposes, a reviewer of the
// business's ministry confirms. GET /api/v1/designations/proposals compares the engine's result
// at a date with the register; POST /api/v1/designations records a designation of an operator
// that meets the criteria in force at its date (the operator enters the register from the
// business's dataset when it is not there yet); POST /api/v1/designations/{id}/revoke cancels one.
#include <fmt/format.h>

#include <set>

#include "base/wareki.h"
#include "registry/dataset.h"
#include "registry/engine.h"
#include "api/common.h"
#include "api/handlers.h"
#include "service/register.h"

namespace kikan::api {
namespace {

struct Evaluated {
  registry::Evaluation evaluation;
  registry::Dataset dataset;
};

base::Result<Evaluated> EvaluateAt(const ApiContext& ctx, const std::string& business,
                                   base::Date date, bool date_given) {
  const regime::Pack* pack = nullptr;
  if (ctx.regime->FindBusiness(business, &pack) == nullptr) {
    return base::NotFound(fmt::format("unknown business \"{}\"", business),
                          fmt::format("特定社会基盤事業「{}」は定義されていません", business));
  }
  KIKAN_ASSIGN_OR_RETURN(auto dir, registry::FindDatasetDir(ctx.datasets_root, business));
  KIKAN_ASSIGN_OR_RETURN(auto dataset, registry::Dataset::Load(dir, pack->schema));
  registry::EvaluationRequest request;
  request.business = business;
  request.as_of = date;
  request.as_of_given = date_given;
  KIKAN_ASSIGN_OR_RETURN(auto evaluation, registry::Evaluate(*ctx.regime, dataset, request));
  return Evaluated{std::move(evaluation), std::move(dataset)};
}

std::string TextCell(const rules::Table& t, std::string_view field, size_t row) {
  const rules::Column* col = t.Find(field);
  if (col == nullptr || col->text.size() <= row || !col->IsValid(row)) return {};
  return col->text[row];
}

json::object Member(const rules::Table& t, size_t row) {
  return json::object{{"id", t.ids[row]},
                      {"name", t.names[row]},
                      {"corporate_number", TextCell(t, "corporate_number", row)},
                      {"prefecture", TextCell(t, "prefecture", row)}};
}

http::Response Proposals(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  std::string business(req.Query("business").value_or(""));
  if (business.empty()) {
    return Fail(req, base::InvalidArgument("name the business: ?business=ID",
                                           "事業を指定してください: ?business=ID"));
  }
  if (auto s = auth::Authorize(caller->principal, auth::Action::kReadOperatorPrivate,
                               BusinessResource(business));
      !s.ok()) {
    return Fail(req, s);
  }
  base::Date date = base::JapanDate(ctx.clock->Now());
  bool given = false;
  if (auto as_of = req.Query("as_of")) {
    auto d = base::ParseDateIsoOrWareki(*as_of);
    if (!d) return Fail(req, d.status().WithPrefix("as_of: "));
    date = *d;
    given = true;
  }
  auto evaluated = EvaluateAt(ctx, business, date, given);
  if (!evaluated) return Fail(req, evaluated.status());
  const auto& ev = evaluated->evaluation;
  auto registered =
      service::ListDesignations(*conn, service::DesignationQuery::ForBusiness(business));
  if (!registered) return Fail(req, registered.status());
  std::set<std::string> in_register;
  for (const auto& d : *registered) in_register.insert(d.operator_id);
  json::array propose, confirmed, no_longer;
  const rules::Table& subject = ev.subject();
  std::set<std::string> meets;
  for (size_t row = 0; row < subject.size(); ++row) {
    if (!ev.designated[row]) continue;
    meets.insert(subject.ids[row]);
    (in_register.count(subject.ids[row]) ? confirmed : propose).push_back(Member(subject, row));
  }
  for (const auto& d : *registered) {
    if (!meets.count(d.operator_id)) {
      no_longer.push_back(
          json::object{{"id", d.operator_id}, {"name", d.operator_name_ja}, {"designation", d.id}});
    }
  }
  json::array warnings;
  for (const auto& w : ev.warnings) warnings.push_back(TextJson(w));
  json::object o{
      {"schema_version", kSchemaVersion},
      {"business", business},
      {"criteria_version", ev.criteria->version},
      {"criteria_status", regime::CriteriaStatusName(ev.criteria->status)},
      {"citation", ev.criteria->citation},
      {"fiscal_year", ev.fiscal_year ? json::value(*ev.fiscal_year) : json::value(nullptr)},
      {"synthetic_data", evaluated->dataset.manifest().synthetic},
      {"warnings", std::move(warnings)},
      {"propose", std::move(propose)},
      {"confirmed", std::move(confirmed)},
      {"no_longer_meets", std::move(no_longer)}};
  PutDate(o, "as_of", date);
  return JsonResponse(o);
}

http::Response Confirm(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto body = ParseObject(req, {"operator", "business", "designated_on", "gazette_ref"});
  if (!body.ok()) return Fail(req, body.status, body.errors);
  std::vector<http::FieldError> errors;
  auto operator_id = GetString(body.object, "operator", &errors);
  auto business = GetString(body.object, "business", &errors);
  auto designated_on = GetDate(body.object, "designated_on", &errors);
  auto gazette = GetString(body.object, "gazette_ref", &errors);
  if (!operator_id) errors.push_back({"/operator", {"必須です", "required"}});
  if (!business) errors.push_back({"/business", {"必須です", "required"}});
  if (!designated_on && !body.object.contains("designated_on")) {
    errors.push_back({"/designated_on", {"必須です", "required"}});
  }
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument("the designation is incomplete", "指定の内容が不完全です"),
                errors);
  }
  if (auto s = auth::Authorize(caller->principal, auth::Action::kConfirmDesignation,
                               BusinessResource(*business));
      !s.ok()) {
    return Fail(req, s);
  }
  auto evaluated = EvaluateAt(ctx, *business, *designated_on, /*date_given=*/false);
  if (!evaluated) return Fail(req, evaluated.status());
  const auto& ev = evaluated->evaluation;
  auto row = ev.RowOf(*operator_id);
  if (!row) return Fail(req, row.status(), {{"/operator", {row.status().ja(), row.status().en()}}});
  if (!ev.designated[*row]) {
    return Fail(
        req, base::FailedPrecondition(
                 fmt::format("{} does not meet the criteria {} of {} in force on {} ({}: GET "
                             "/api/v1/designations/proposals explains who does)",
                             *operator_id, ev.criteria->version, *business, designated_on->ToIso(),
                             ev.criteria->citation),
                 fmt::format("{} は {} に施行中の {} の指定基準（{}版）を満たしていません（{}）",
                             *operator_id, designated_on->ToIso(), *business, ev.criteria->version,
                             ev.criteria->citation)));
  }
  const rules::Table& subject = ev.subject();
  auto tx = store::Transaction::Start(*conn);
  if (!tx) return Fail(req, tx.status());
  service::Actor actor{caller->principal.user_id};
  if (auto existing = service::GetOperator(*conn, *operator_id); !existing) {
    if (existing.status().code() != base::StatusCode::kNotFound)
      return Fail(req, existing.status());
    service::Operator op{*operator_id, TextCell(subject, "corporate_number", *row),
                         subject.names[*row], "", TextCell(subject, "prefecture", *row)};
    if (auto s = service::PutOperator(*conn, op, actor, ctx.clock->Now()); !s.ok())
      return Fail(req, s);
  }
  service::Designation d;
  d.operator_id = *operator_id;
  d.business = *business;
  d.designated_on = *designated_on;
  d.gazette_ref = gazette.value_or("");
  d.criteria_version = ev.criteria->version;
  auto created = service::Designate(*conn, std::move(d), actor, ctx.clock->Now());
  if (!created) return Fail(req, created.status());
  if (auto s = tx->Commit(); !s.ok()) return Fail(req, s);
  http::Response r = JsonResponse(json::object{{"id", created->id},
                                               {"operator", created->operator_id},
                                               {"business", created->business},
                                               {"criteria_version", created->criteria_version}},
                                  201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/designations/{}", created->id));
  return r;
}

http::Response Revoke(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  int64_t id = 0;
  for (char ch : req.Param("id")) {
    if (ch < '0' || ch > '9' || id > 1'000'000'000'000) {
      return Fail(req, base::NotFound("no such designation", "該当する指定はありません"));
    }
    id = id * 10 + (ch - '0');
  }
  auto current = service::GetDesignation(*conn, id);
  if (!current) return Fail(req, current.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kConfirmDesignation,
                               BusinessResource(current->business));
      !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseObject(req, {"revoked_on", "reason"});
  if (!body.ok()) return Fail(req, body.status, body.errors);
  std::vector<http::FieldError> errors;
  auto on = GetDate(body.object, "revoked_on", &errors);
  auto reason = GetString(body.object, "reason", &errors);
  if (!on && !body.object.contains("revoked_on"))
    errors.push_back({"/revoked_on", {"必須です", "required"}});
  if (!reason || reason->empty())
    errors.push_back({"/reason", {"解除の理由が必要です", "a reason is required"}});
  if (!errors.empty()) {
    return Fail(
        req,
        base::InvalidArgument("the cancellation is incomplete", "指定の解除の内容が不完全です"),
        errors);
  }
  auto tx = store::Transaction::Start(*conn);
  if (!tx) return Fail(req, tx.status());
  auto revoked =
      service::Revoke(*conn, id, *on, *reason, {caller->principal.user_id}, ctx.clock->Now());
  if (!revoked) return Fail(req, revoked.status());
  if (auto s = tx->Commit(); !s.ok()) return Fail(req, s);
  json::object o{{"id", revoked->id},
                 {"operator", revoked->operator_id},
                 {"business", revoked->business},
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
