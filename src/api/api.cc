#include "api/api.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "api/common.h"
#include "api/handlers.h"
#include "audit/event.h"
#include "audit/log.h"
#include "auth/tokens.h"
#include "base/number.h"
#include "base/wareki.h"
#include "calendar/clocks.h"
#include "http/static_files.h"
#include "registry/engine.h"
#include "service/demo.h"
#include "service/register.h"
#include "service/verify.h"

namespace kikan::api {

namespace {

// --- health, auth --------------------------------------------------------------------------

http::Response Health(const ApiContext& ctx, http::Request&) {
  auto conn = ctx.pool->Acquire();
  // Reading whether this is the demo database (the sign-in page then names the demo accounts)
  // is the database's health check.
  auto demo = service::IsDemo(*conn);
  json::object o{
      {"status", demo ? "ok" : "unavailable"},
      {"database", ctx.pool->backend() == store::Backend::kSqlite ? "sqlite" : "postgresql"},
      {"time", base::FormatInstant(ctx.clock->Now())}};
  if (demo) o["demo"] = *demo;
  return JsonResponse(o, demo ? 200 : 503);
}

json::object UserJson(const auth::User& u) {
  json::array businesses;
  for (const auto& b : u.businesses) businesses.push_back(json::string(b.value()));
  return json::object{{"id", u.id},
                      {"login", u.login},
                      {"display_name", TextJson(u.display_name)},
                      {"role", auth::RoleName(u.role)},
                      {"ministry", u.ministry},
                      {"businesses", std::move(businesses)},
                      {"operator_id", u.operator_id.value()}};
}

http::Response Login(const ApiContext& ctx, http::Request& req) {
  auto body = ParseObject(req, {"user", "password", "session"});
  if (!body.ok()) return Fail(req, body.status);
  std::vector<base::FieldError> errors;
  auto user = GetString(body.object, "user", &errors);
  auto password = GetString(body.object, "password", &errors);
  auto session = GetString(body.object, "session", &errors);
  if (!user) errors.push_back({"/user", {.ja = "必須です", .en = "required"}});
  if (!password) errors.push_back({"/password", {.ja = "必須です", .en = "required"}});
  auth::SessionKind kind = auth::SessionKind::kBearer;
  if (session && *session == "cookie") {
    kind = auth::SessionKind::kCookie;
  } else if (session && *session != "bearer") {
    errors.push_back(
        {"/session",
         {.ja = "\"bearer\" か \"cookie\" です", .en = "must be \"bearer\" or \"cookie\""}});
  }
  if (!errors.empty()) {
    return Fail(req,
                base::InvalidArgument({.ja = "サインインの要求が不完全です",
                                       .en = "the sign-in request is incomplete"}),
                errors);
  }
  auto conn = ctx.pool->Acquire();
  auto s = ctx.accounts->Login(*conn, *user, *password, kind, ctx.clock->Now());
  if (!s) return Fail(req, s.status());
  auto u = ctx.accounts->GetUser(*conn, s->principal.user_id);
  if (!u) return Fail(req, u.status());
  json::object o{{"expires_at", base::FormatInstant(s->expires_at)}, {"user", UserJson(*u)}};
  http::Response r;
  if (kind == auth::SessionKind::kCookie) {
    o["csrf_token"] = s->csrf_token;
    r = JsonResponse(o);
    r.headers.emplace_back("Set-Cookie",
                           fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}", kSessionCookie,
                                       s->token, ctx.secure_cookies ? "; Secure" : ""));
  } else {
    o["token"] = s->token;
    r = JsonResponse(o);
  }
  return r;
}

http::Response Logout(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (!caller->token.empty()) {
    if (auto s = ctx.accounts->Logout(*conn, caller->token); !s.ok()) return Fail(req, s);
  }
  http::Response r = JsonResponse(json::object{{"signed_out", true}});
  if (caller->cookie) {
    r.headers.emplace_back(
        "Set-Cookie",
        fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
  }
  return r;
}

http::Response Me(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (caller->principal.anonymous()) {
    return JsonResponse(json::object{{"role", "public"}, {"user", nullptr}});
  }
  auto u = ctx.accounts->GetUser(*conn, caller->principal.user_id);
  if (!u) return Fail(req, u.status());
  json::object o{{"role", auth::RoleName(u->role)}, {"user", UserJson(*u)}};
  // A page reloaded under the session cookie needs the CSRF token again for unsafe requests.
  if (caller->cookie) o["csrf_token"] = auth::CsrfTokenFor(caller->token);
  return JsonResponse(std::move(o));
}

// --- the register ----------------------------------------------------------------------------

// The sites of a designation (harbour ids for ports) with their names and what each belongs to,
// read from the business's dataset: [{"harbour","harbour_name","port","port_name","order"}], the
// keys being the pack's [business.sites] `site` and `group`, `order` the site's row in the data
// (-1 when the data no longer holds it: it then keeps its id with empty names).
json::array SitesJson(const ApiContext& ctx, const service::Designation& d) {
  json::array out;
  if (d.sites.empty()) return out;
  const regime::Pack* pack = nullptr;
  const regime::Business* b = ctx.regime->FindBusiness(d.business, &pack);
  const rules::Table* sites = nullptr;
  const rules::Table* groups = nullptr;
  const rules::Column* group = nullptr;
  std::string site_key = "site", group_key;
  std::shared_ptr<const rules::Population> population;  // the dataset's latest, shared
  if (b != nullptr && b->sites) {
    site_key = b->sites->site;
    group_key = b->sites->group;
    auto dir = registry::FindDatasetDir(ctx.datasets_root, d.business);
    auto snapshot = dir ? ctx.datasets->Latest(*dir, pack->schema)
                        : base::Result<std::shared_ptr<const rules::Population>>(dir.status());
    const rules::EntityKind* subject = pack->schema.Find(b->subject);
    const rules::FieldDef* via = nullptr;
    if (subject != nullptr) {
      for (const auto& f : subject->fields) {
        if (f.name == b->sites->via) via = &f;
      }
    }
    const rules::EntityKind* target = via ? pack->schema.Find(via->type.target) : nullptr;
    std::string site_kind;
    if (target != nullptr) {
      for (const auto& f : target->fields) {
        if (f.name == b->sites->site) site_kind = f.type.target;
      }
    }
    if (snapshot && !site_kind.empty()) {
      population = *snapshot;
      sites = population->Find(site_kind);
      group = sites && !group_key.empty() ? sites->Find(group_key) : nullptr;
      groups = group ? population->Find(group->type.target) : nullptr;
    }
  }
  for (const auto& id : d.sites) {
    json::object o{{site_key, id}, {site_key + "_name", ""}};
    if (!group_key.empty()) {
      o[group_key] = "";
      o[group_key + "_name"] = "";
    }
    // The site's place in the dataset (-1: not there), so that lists by site keep the data's
    // order. (A plain index: g++ 12 misreads an optional<size_t> here as maybe-uninitialized.)
    int64_t row = -1;
    if (sites != nullptr) {
      if (auto r = sites->RowOf(id)) row = static_cast<int64_t>(*r);
    }
    o["order"] = row;
    if (row >= 0) {
      const auto at = static_cast<size_t>(row);
      o[site_key + "_name"] = sites->names[at];
      if (group != nullptr && groups != nullptr && group->IsValid(at) && group->ref[at] >= 0) {
        const auto g = static_cast<size_t>(group->ref[at]);
        o[group_key] = groups->ids[g];
        o[group_key + "_name"] = groups->names[g];
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

// The basis of a designation date that is the pack's own chosen or derived date: the business's
// timeline records a designation on that day with a `date_basis` (the 2023-11-16 trucking
// designations, worked back from the duty date). Null for any other date.
std::optional<regime::DateBasis> DesignatedOnBasis(const ApiContext& ctx,
                                                   const service::Designation& d) {
  const regime::Pack* pack = nullptr;
  if (ctx.regime->FindBusiness(d.business, &pack) == nullptr) return std::nullopt;
  for (const auto& ev : pack->timeline) {
    if (ev.kind == "designation" && ev.date == d.designated_on && ev.date_basis &&
        (ev.business.empty() || ev.business == d.business)) {
      return ev.date_basis;
    }
  }
  return std::nullopt;
}

json::object DesignationJson(const ApiContext& ctx, const service::Designation& d) {
  json::object o;
  o["id"] = d.id;
  o["operator"] = json::object{{"id", d.operator_id.value()},
                               {"name_ja", d.operator_name_ja},
                               {"name_en", d.operator_name_en},
                               {"corporate_number", d.corporate_number},
                               {"prefecture", d.prefecture}};
  o["business"] = d.business.value();
  const regime::Pack* pack = nullptr;
  if (const regime::Business* b = ctx.regime->FindBusiness(d.business, &pack)) {
    o["business_name"] = TextJson(b->name);
    o["ministry"] = pack->ministry.id;
  }
  PutDate(o, "designated_on", d.designated_on);
  o["designated_on_basis"] = DateBasisJson(DesignatedOnBasis(ctx, d));
  o["gazette_ref"] = d.gazette_ref;
  o["criteria_version"] = d.criteria_version;
  o["sites"] = SitesJson(ctx, d);
  PutDate(o, "duty_from", d.duty_from);
  if (auto t = calendar::FilingDutyTransition(d.designated_on))
    o["duty_from_rules"] = RulesJson(t->rules);
  PutDate(o, "revoked_on", d.revoked_on);
  o["revocation_reason"] = d.revocation_reason;
  return o;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string DesignationsCsv(const ApiContext& ctx, const std::vector<service::Designation>& list) {
  std::string out =
      "id,operator_id,operator_name,corporate_number,prefecture,business,designated_on,"
      "designated_on_wareki,designated_on_basis,designated_on_basis_note,gazette_ref,"
      "criteria_version,duty_from,duty_from_wareki,revoked_on,revocation_reason\r\n";
  for (const auto& d : list) {
    const auto basis = DesignatedOnBasis(ctx, d);
    std::vector<std::string> cells = {
        std::to_string(d.id),
        d.operator_id.value(),
        d.operator_name_ja,
        d.corporate_number,
        d.prefecture,
        d.business.value(),
        d.designated_on.ToIso(),
        base::FormatWarekiOrEmpty(d.designated_on),
        basis ? std::string(regime::DateBasisKindName(basis->kind)) : std::string(),
        basis ? regime::DateBasisLabel(*basis).ja : std::string(),
        d.gazette_ref,
        d.criteria_version,
        d.duty_from.ToIso(),
        base::FormatWarekiOrEmpty(d.duty_from),
        d.revoked_on ? d.revoked_on->ToIso() : "",
        d.revocation_reason};
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += CsvField(cells[i]);
    }
    out += "\r\n";
  }
  return out;
}

// The register is read far more often than it changes: answers are kept per query and reused
// while the audit log's head (every change appends an event, from any server process) has not
// moved.
http::Response ListDesignations(const ApiContext& ctx, http::Request& req) {
  service::DesignationQuery q;
  bool csv = false;
  for (const auto& [k, v] : req.query) {
    if (k == "business") {
      q.businesses.emplace_back(v);
    } else if (k == "q") {
      q.text = v;
    } else if (k == "operator") {
      q.operator_id = base::OperatorId(v);
    } else if (k == "include_revoked") {
      q.include_revoked = v == "true" || v == "1";
    } else if (k == "format" && (v == "json" || v == "csv")) {
      csv = v == "csv";
    } else if (k != "lang") {
      return Fail(
          req, base::InvalidArgument(
                   {.ja = fmt::format("不明なクエリパラメーター \"{}={}\"（使えるもの: business, "
                                      "q, operator, include_revoked, format=json|csv, lang）",
                                      k, v),
                    .en = fmt::format("unknown query parameter \"{}={}\" (allowed: business, q, "
                                      "operator, include_revoked, format=json|csv, lang)",
                                      k, v)}));
    }
  }
  auto conn = ctx.pool->Acquire();
  auto head = audit::HeadSeq(*conn);
  if (!head) return Fail(req, head.status());
  int64_t stamp = *head;
  std::string key = req.target.substr(std::min(req.target.size(), req.target.find('?')));
  if (auto cached = ctx.cache->Get(key, stamp)) return *cached;
  auto list = service::ListDesignations(*conn, q);
  if (!list) return Fail(req, list.status());
  http::Response r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"designations.csv\"");
    r.body = "\xEF\xBB\xBF" + DesignationsCsv(ctx, *list);  // BOM: Excel reads UTF-8 Japanese then
  } else {
    json::array items;
    for (const auto& d : *list) items.push_back(DesignationJson(ctx, d));
    r = JsonResponse(json::object{{"schema_version", kSchemaVersion},
                                  {"count", list->size()},
                                  {"designations", std::move(items)}});
  }
  ctx.cache->Put(key, stamp, r);
  return r;
}

http::Response GetDesignation(const ApiContext& ctx, http::Request& req) {
  auto id = DesignationId(req);
  if (!id) return Fail(req, id.status());
  auto conn = ctx.pool->Acquire();
  auto d = service::GetDesignation(*conn, *id);
  if (!d) return Fail(req, d.status());
  return JsonResponse(DesignationJson(ctx, *d));
}

// --- the audit log ----------------------------------------------------------------------------

http::Response AuditEvents(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kReadAudit, {}); !s.ok()) {
    return Fail(req, s);
  }
  // Oldest first after `after`; newest first below `before` (the UI pages back from the head).
  // object_type, object_id, action and actor filter by equality.
  audit::EventQuery q;
  for (const auto& [k, v] : req.query) {
    std::string* filter = k == "object_type" ? &q.object_type
                          : k == "object_id" ? &q.object_id
                          : k == "action"    ? &q.action
                          : k == "actor"     ? &q.actor
                                             : nullptr;
    if (filter != nullptr) {
      *filter = v;
      continue;
    }
    if (k != "after" && k != "limit" && k != "before") continue;
    auto n = base::ParseInt(v);
    if (!n) {
      return Fail(req, base::InvalidArgument({.ja = fmt::format("{} は整数でなければなりません", k),
                                              .en = fmt::format("{} must be an integer", k)}));
    }
    (k == "after" ? q.after : k == "limit" ? q.limit : q.before.emplace()) = *n;
  }
  auto list = audit::ListEvents(*conn, q);
  if (!list) return Fail(req, list.status());
  json::array events;
  for (const auto& e : *list) {
    events.push_back(json::object{{"seq", e.seq},
                                  {"at", e.at},
                                  {"actor", e.actor},
                                  {"action", e.action},
                                  {"object_type", e.object_type},
                                  {"object_id", e.object_id},
                                  {"state_hash", e.state_hash},
                                  {"detail", e.detail},
                                  {"hash", e.hash}});
  }
  return JsonResponse(
      json::object{{"schema_version", kSchemaVersion}, {"events", std::move(events)}});
}

http::Response AuditVerify(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kVerifyAudit, {}); !s.ok()) {
    return Fail(req, s);
  }
  auto report = service::VerifyDatabase(*conn, {});
  if (!report) return Fail(req, report.status());
  return JsonResponse(VerifyReportJson(*report));
}

// The newest signed tree head, as the signed note itself (C2SP tlog-checkpoint): public, so that
// anyone can keep it and later hold the log to it.
http::Response AuditCheckpoint(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto head = audit::LastTreeHead(*conn);
  if (!head) return Fail(req, head.status());
  if (!head->has_value()) {
    return Fail(req, base::NotFound({.ja = "署名済みのチェックポイントはまだありません",
                                     .en = "no checkpoint has been signed yet"}));
  }
  http::Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = (*head)->note;
  return r;
}

// A non-negative integer query parameter; `name` missing or malformed is a 400 naming it.
base::Result<uint64_t> QueryCount(const http::Request& req, std::string_view name) {
  for (const auto& [k, v] : req.query) {
    if (k != name) continue;
    auto n = base::ParseInt(v);
    if (n && *n >= 0) return static_cast<uint64_t>(*n);
    break;
  }
  return base::InvalidArgument(
      {.ja = fmt::format("{} は 0 以上の整数で指定してください", name),
       .en = fmt::format("{} must be given as an integer of 0 or more", name)});
}

json::array Base64Hashes(const std::vector<audit::merkle::Hash>& hashes) {
  json::array out;
  for (const auto& h : hashes) {
    out.emplace_back(
        audit::note::Base64(std::string_view(reinterpret_cast<const char*>(h.data()), h.size())));
  }
  return out;
}

std::string Base64Hash(const audit::merkle::Hash& h) {
  return audit::note::Base64(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

// RFC 9162 §2.1.3 audit path of leaf `index` (from 0) in the tree of the first `size` leaves.
http::Response AuditInclusionProof(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kReadAudit, {}); !s.ok()) {
    return Fail(req, s);
  }
  auto index = QueryCount(req, "index");
  if (!index) return Fail(req, index.status());
  auto size = QueryCount(req, "size");
  if (!size) return Fail(req, size.status());
  auto proof = audit::TreeInclusionProof(*conn, *index, *size);
  if (!proof) return Fail(req, proof.status());
  auto leaf = audit::TreeLeaf(*conn, *index);
  if (!leaf) return Fail(req, leaf.status());
  auto root = audit::TreeRoot(*conn, *size);
  if (!root) return Fail(req, root.status());
  return JsonResponse(json::object{{"schema_version", kSchemaVersion},
                                   {"index", *index},
                                   {"size", *size},
                                   {"leaf_hash", Base64Hash(*leaf)},
                                   {"root_hash", Base64Hash(*root)},
                                   {"hashes", Base64Hashes(*proof)}});
}

// RFC 9162 §2.1.4 consistency proof from the tree of `from` leaves to the tree of `to` leaves.
http::Response AuditConsistencyProof(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto caller = Identify(ctx, req, *conn);
  if (!caller) return Fail(req, caller.status());
  if (auto s = auth::Authorize(caller->principal, auth::Action::kReadAudit, {}); !s.ok()) {
    return Fail(req, s);
  }
  auto from = QueryCount(req, "from");
  if (!from) return Fail(req, from.status());
  auto to = QueryCount(req, "to");
  if (!to) return Fail(req, to.status());
  auto proof = audit::TreeConsistencyProof(*conn, *from, *to);
  if (!proof) return Fail(req, proof.status());
  return JsonResponse(json::object{{"schema_version", kSchemaVersion},
                                   {"from", *from},
                                   {"to", *to},
                                   {"hashes", Base64Hashes(*proof)}});
}

}  // namespace

json::object VerifyReportJson(const audit::VerifyReport& r) {
  json::array findings;
  for (const auto& f : r.findings) {
    findings.push_back(json::object{{"seq", f.seq},
                                    {"object_type", f.object_type},
                                    {"object_id", f.object_id},
                                    {"kind", f.kind},
                                    {"problem", TextJson(f.problem)}});
  }
  return json::object{{"schema_version", kSchemaVersion},
                      {"ok", r.ok()},
                      {"events", r.events},
                      {"checkpoints", r.checkpoints},
                      {"objects", r.objects},
                      {"verified_through", r.verified_through},
                      {"signed_through", r.signed_through},
                      {"unsigned_events", r.unsigned_events()},
                      {"trusted_key", r.trusted_key},
                      {"findings", std::move(findings)}};
}

http::Router BuildRouter(const ApiContext& ctx) {
  http::Router router;
  auto bind = [&ctx](http::Response (*fn)(const ApiContext&, http::Request&)) {
    return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
  };
  router.Add("GET", "/api/v1/health", bind(Health));
  router.Add("GET", "/api/openapi.json", [](http::Request&) { return OpenApiResponse(); });
  router.Add("POST", "/api/v1/auth/login", bind(Login));
  router.Add("POST", "/api/v1/auth/logout", bind(Logout));
  router.Add("GET", "/api/v1/me", bind(Me));
  router.Add("GET", "/api/v1/designations", bind(ListDesignations));
  router.Add("GET", "/api/v1/designations/{id}", bind(GetDesignation));
  router.Add("GET", "/api/v1/audit/events", bind(AuditEvents));
  router.Add("GET", "/api/v1/audit/verify", bind(AuditVerify));
  router.Add("GET", "/api/v1/audit/checkpoint", bind(AuditCheckpoint));
  router.Add("GET", "/api/v1/audit/proof/inclusion", bind(AuditInclusionProof));
  router.Add("GET", "/api/v1/audit/proof/consistency", bind(AuditConsistencyProof));
  AddRegisterRoutes(router, ctx);
  AddFilingRoutes(router, ctx);
  AddRegimeRoutes(router, ctx);
  AddEquipmentRoutes(router, ctx);
  AddLabRoutes(router, ctx);
  AddSupplyRoutes(router, ctx);
  if (!ctx.web_root.empty()) {
    router.Add("GET", "/{path...}", [&ctx](http::Request& req) {
      return http::ServeFile(ctx.web_root, req.Param("path"), http::RequestLang(req),
                             req.Header("Accept-Encoding").value_or(""));
    });
  }
  return router;
}

}  // namespace kikan::api
