// The supply chain graph (issue 11; docs/supply-chain.md §7): /api/v1/supply/…
//
//   POST /api/v1/supply/systems/{id}/documents?operator=ID   import an SBOM/HBOM (201)
//   GET  /api/v1/supply/systems                              the systems the caller sees
//   GET  /api/v1/supply/systems/{id}                         a system's graph
//   GET  /api/v1/supply/systems/{id}/cyclonedx               its CycloneDX 1.6 JSON
//   GET  /api/v1/supply/systems/{id}/whatif?from=&days=      what stops if it stops
//   GET  /api/v1/supply/who-uses?purl=|cpe=|component=|supplier=[&limit=&after=]
//   GET  /api/v1/supply/suggest?q=                           suggestions for the reverse search
//   GET  /api/v1/supply/concentration?business=ID            a business's concentration
//   GET  /api/v1/supply/parties/{id}/matches[?limit=&after=] a party's matches (not operators)
//   POST /api/v1/supply/parties/{id}/matches/{match}         {decision: confirm|split, note?}
//
// A match decision is a ministry reviewer's (kReviewSupplyMatch: operators and the Cabinet
// Office 403, the public 401); the party and the match's system must be in its scope, else 404.
// Every read needs a signed-in caller (auth::Action::kReadSupply; anonymous → 401) and answers
// within the caller's scope, applied in SQL by the service (auth::Scope; a system outside it is
// 404 like an unknown one). An import is for the staff of the operator named by ?operator=
// (kWriteSupply); the service then refuses a system that operator does not use. The JSON is the
// CLI's (service/supply_json.h). (The findings on a filing, GET /api/v1/filings/{id}/findings, are
// filings_api.cc's: readable as the filing is.) Each handler uses one pooled connection.
#include <fmt/format.h>

#include "api/common.h"
#include "api/handlers.h"
#include "base/number.h"
#include "service/supply.h"
#include "service/supply_json.h"
#include "service/supply_match.h"
#include "service/supply_view.h"

namespace kikan::api {
namespace {

// Bounds on a query parameter's value (bytes).
constexpr size_t kMaxQueryValue = 512;

base::Status SignIn() {
  return base::Status(base::StatusCode::kUnauthenticated,
                      {.ja = "サプライチェーンを見るにはサインインしてください",
                       .en = "sign in to see the supply chain"});
}

// The caller, signed in, allowed `action` on `resource`; else the failure.
base::Result<Caller> Reader(const ApiContext& ctx, const http::Request& req,
                            store::Connection& conn) {
  KIKAN_ASSIGN_OR_RETURN(Caller caller, Identify(ctx, req, conn));
  if (caller.principal.anonymous()) return SignIn();
  KIKAN_TRY(auth::Authorize(caller.principal, auth::Action::kReadSupply, {}));
  return caller;
}

base::Result<supply::SystemId> SystemParam(const http::Request& req) {
  std::string_view id = req.Param("id");
  if (id.empty() || id.size() > 64) return service::SupplySystemNotFound(supply::SystemId(id));
  return supply::SystemId(id);
}

base::Status BadParam(std::string_view name, const base::Text& why) {
  return base::InvalidArgument({.ja = fmt::format("パラメーター {} が不正です: {}", name, why.ja),
                                .en = fmt::format("parameter {} is invalid: {}", name, why.en)})
      .WithFields({{"/" + std::string(name), why}});
}

http::Response Import(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (caller->principal.anonymous()) return Fail(req, SignIn());
  auto system = SystemParam(req);
  if (!system) return Fail(req, system.status());
  std::string op(req.Query("operator").value_or(""));
  if (op.empty() || op.size() > kMaxQueryValue) {
    return Fail(req, BadParam("operator", {.ja = "取り込む事業者の id が必要です",
                                           .en = "the importing operator's id is required"}));
  }
  auto allowed = auth::Authorize(caller->principal, auth::Action::kWriteSupply,
                                 OperatorResource(base::OperatorId(op)));
  if (!allowed.ok()) return Fail(req, allowed);
  if (req.body.size() > supply::kMaxDocumentBytes) {
    return Fail(req, base::InvalidArgument(
                         {.ja = "文書が大きすぎます", .en = "the document is too large"}));
  }
  auto report = service::ImportSupplyDocument(*conn, base::OperatorId(op), *system, req.body,
                                              {caller->principal.user_id}, ctx.clock->Now());
  // A document's problems at their pointers inside it: 422; a body that is not JSON: 400.
  if (!report) return Fail(req, report.status());
  return JsonResponse(service::SupplyImportReportJson(*report), 201);
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto list = service::ListSupplySystems(*conn, auth::Scope(caller->principal));
  if (!list) return Fail(req, list.status());
  return JsonResponse(service::SupplySystemListJson(*list));
}

http::Response Graph(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto system = SystemParam(req);
  if (!system) return Fail(req, system.status());
  auto g = service::GetSupplyGraph(*conn, *system, auth::Scope(caller->principal));
  if (!g) return Fail(req, g.status());
  return JsonResponse(service::SupplyGraphJson(*g, http::RequestLang(req)));
}

http::Response CycloneDx(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto system = SystemParam(req);
  if (!system) return Fail(req, system.status());
  auto doc = service::ExportSupplySystem(*conn, *system, auth::Scope(caller->principal));
  if (!doc) return Fail(req, doc.status());
  http::Response r;
  r.status = 200;
  r.content_type = "application/vnd.cyclonedx+json; version=1.6";
  r.body = std::move(*doc);
  return r;
}

http::Response WhoUses(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  service::WhoUsesQuery q;
  int given = 0;
  for (auto [name, kind] : {std::pair{"purl", service::WhoUsesQuery::Kind::kPurl},
                            std::pair{"cpe", service::WhoUsesQuery::Kind::kCpe},
                            std::pair{"component", service::WhoUsesQuery::Kind::kComponent},
                            std::pair{"supplier", service::WhoUsesQuery::Kind::kSupplier}}) {
    auto v = req.Query(name);
    if (!v) continue;
    ++given;
    q.kind = kind;
    q.value = std::string(*v);
    if (q.value.empty() || q.value.size() > kMaxQueryValue) {
      return Fail(req, BadParam(name, {.ja = fmt::format("1〜{} バイトです", kMaxQueryValue),
                                       .en = fmt::format("1–{} bytes", kMaxQueryValue)}));
    }
  }
  if (given != 1) {
    return Fail(req, BadParam("purl", {.ja = "purl, cpe, component, supplier のどれか一つを指定"
                                             "してください",
                                       .en = "give exactly one of purl, cpe, component, "
                                             "supplier"}));
  }
  // Paging as the audit log's listing: `limit` (clamped to 1..1000), `after` the `next` before.
  if (auto v = req.Query("limit")) {
    auto n = base::ParseInt(*v);
    if (!n) return Fail(req, BadParam("limit", {.ja = "整数です", .en = "an integer"}));
    q.limit = *n;
  }
  if (auto v = req.Query("after")) q.after = std::string(*v);
  auto r = service::WhoUses(*conn, q, auth::Scope(caller->principal));
  if (!r) return Fail(req, r.status());
  return JsonResponse(service::WhoUsesJson(q, *r, http::RequestLang(req)));
}

// The ports dataset's figures (the one source of container throughput).
base::Result<std::vector<service::ThroughputFigure>> Throughput(const ApiContext& ctx) {
  auto figures = service::ReadPortsThroughput(ctx.datasets_root + "/ports");
  if (!figures) {
    return base::Internal({.ja = "港湾データセットのコンテナ取扱量を読めません",
                           .en = "cannot read the ports dataset's container throughput"});
  }
  return figures;
}

http::Response WhatIf(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  auto system = SystemParam(req);
  if (!system) return Fail(req, system.status());
  std::vector<base::FieldError> errors;
  std::string from_text(req.Query("from").value_or(""));
  base::Instant from{};
  if (auto t = service::ParseSupplyDateTime(from_text); t && from_text.size() <= 64) {
    from = *t;
  } else {
    errors.push_back({"/from",
                      {.ja = "日時（例 2023-07-04T06:30+09:00）が必要です",
                       .en = "a date and time is required (e.g. 2023-07-04T06:30+09:00)"}});
  }
  int days = 1;
  if (auto d = req.Query("days")) {
    days = 0;
    if (d->empty() || d->size() > 3) days = -1;
    for (char ch : *d) {
      if (ch < '0' || ch > '9') days = -1;
      if (days >= 0) days = days * 10 + (ch - '0');
    }
    if (days < 1 || days > 366) {
      errors.push_back({"/days", {.ja = "1〜366 の整数です", .en = "an integer 1–366"}});
    }
  }
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument(
                    {.ja = "what-if の条件が不正です", .en = "the what-if parameters are invalid"}),
                errors);
  }
  auto figures = Throughput(ctx);
  if (!figures) return Fail(req, figures.status());
  auto r = service::WhatIf(*conn, {*system, from, days, *figures}, auth::Scope(caller->principal));
  if (!r) return Fail(req, r.status());
  base::Lang lang = http::RequestLang(req);
  auto business_name = [&](const base::BusinessId& id) -> std::string {
    if (const auto* b = ctx.regime->FindBusiness(id)) return b->name.In(lang);
    return id.value();
  };
  return JsonResponse(service::WhatIfJson(*r, lang, business_name));
}

http::Response Suggest(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  std::string q(req.Query("q").value_or(""));
  auto s = service::SuggestSupply(*conn, q, auth::Scope(caller->principal));
  if (!s) return Fail(req, s.status());
  return JsonResponse(service::SupplySuggestionsJson(*s));
}

http::Response Concentration(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  std::string business(req.Query("business").value_or(""));
  if (business.empty() || business.size() > kMaxQueryValue ||
      ctx.regime->FindBusiness(base::BusinessId(business)) == nullptr) {
    return Fail(req,
                BadParam("business", {.ja = "規程にある事業の id が必要です",
                                      .en = "the id of a business of the regime is required"}));
  }
  auto r =
      service::ConcentrationFor(*conn, base::BusinessId(business), auth::Scope(caller->principal));
  if (!r) return Fail(req, r.status());
  return JsonResponse(service::ConcentrationJson(*r, http::RequestLang(req)));
}

std::string_view PartyParam(const http::Request& req) {
  std::string_view id = req.Param("id");
  return id.size() > 64 ? std::string_view() : id;
}

http::Response Matches(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Reader(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  std::string party(PartyParam(req));
  int64_t limit = service::kDefaultPartyMatches;
  if (auto v = req.Query("limit")) {
    auto n = base::ParseInt(*v);
    if (!n) return Fail(req, BadParam("limit", {.ja = "整数です", .en = "an integer"}));
    limit = *n;
  }
  auto r = service::PartyMatches(*conn, party, auth::Scope(caller->principal), limit,
                                 req.Query("after").value_or(std::string_view()));
  if (!r) return Fail(req, r.status());
  return JsonResponse(service::PartyMatchesJson(party, *r));
}

http::Response Decide(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (caller->principal.anonymous()) return Fail(req, SignIn());
  auto allowed = auth::Authorize(caller->principal, auth::Action::kReviewSupplyMatch, {});
  if (!allowed.ok()) return Fail(req, allowed);
  auto body = ParseObject(req, {"decision", "note"});
  if (!body.ok()) return Fail(req, body.status);
  std::vector<base::FieldError> errors;
  service::MatchDecisionRequest d;
  d.party = std::string(PartyParam(req));
  d.match_id = std::string(req.Param("match"));
  d.decision = GetString(body.object, "decision", &errors).value_or("");
  d.note = GetString(body.object, "note", &errors).value_or("");
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument({.ja = "判断が不正です", .en = "the decision is invalid"}),
                errors);
  }
  auto r = service::DecidePartyMatch(*conn, d, auth::Scope(caller->principal),
                                     {caller->principal.user_id}, ctx.clock->Now());
  if (!r) return Fail(req, r.status());
  return JsonResponse(service::MatchDecisionJson(*r), 201);
}

}  // namespace

void AddSupplyRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("POST", "/api/v1/supply/systems/{id}/documents",
             [&ctx](http::Request& r) { return Import(ctx, r); });
  router.Add("GET", "/api/v1/supply/systems", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("GET", "/api/v1/supply/systems/{id}",
             [&ctx](http::Request& r) { return Graph(ctx, r); });
  router.Add("GET", "/api/v1/supply/systems/{id}/cyclonedx",
             [&ctx](http::Request& r) { return CycloneDx(ctx, r); });
  router.Add("GET", "/api/v1/supply/systems/{id}/whatif",
             [&ctx](http::Request& r) { return WhatIf(ctx, r); });
  router.Add("GET", "/api/v1/supply/who-uses",
             [&ctx](http::Request& r) { return WhoUses(ctx, r); });
  router.Add("GET", "/api/v1/supply/suggest", [&ctx](http::Request& r) { return Suggest(ctx, r); });
  router.Add("GET", "/api/v1/supply/concentration",
             [&ctx](http::Request& r) { return Concentration(ctx, r); });
  router.Add("GET", "/api/v1/supply/parties/{id}/matches",
             [&ctx](http::Request& r) { return Matches(ctx, r); });
  router.Add("POST", "/api/v1/supply/parties/{id}/matches/{match}",
             [&ctx](http::Request& r) { return Decide(ctx, r); });
}

}  // namespace kikan::api
