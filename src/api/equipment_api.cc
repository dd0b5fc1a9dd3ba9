// The operators' equipment register: /api/v1/operators/{operator}/equipment (list, create),
// /api/v1/equipment/{id} (read with its classification, replace, delete) and
// /api/v1/operators/{operator}/suppliers (every party across the operator's equipment).
//
// Visibility follows auth::CanSee on (operator, business): the operator's own staff see all of
// its records, a reviewer those of its businesses, the Cabinet Office everything; a record
// anyone else asks for does not exist (404), and another operator's register is 404 for operator
// staff (single views and lists alike). Writes are for the operator's own staff only
// (auth::Action::kEditFiling: the same rule, own operator). Each handler uses one pooled
// connection; writes run in one transaction with their audit event, so a refused request changes
// nothing.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "api/common.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/wareki.h"
#include "codec/party_json.h"
#include "codec/reference_json.h"
#include "regime/classify.h"
#include "service/inventory.h"
#include "service/register.h"
#include "store/db.h"

namespace kikan::api {
namespace {

base::Status Unauthenticated() {
  return base::Status(base::StatusCode::kUnauthenticated,
                      {.ja = "設備の登録簿を見るにはサインインしてください",
                       .en = "sign in to see the equipment register"});
}

base::Status HiddenEquipment(std::string_view id) {
  return base::NotFound({.ja = fmt::format("設備 \"{}\" はありません", id),
                         .en = fmt::format("no equipment \"{}\"", id)});
}

base::Status HiddenRegister(std::string_view op) {
  return base::NotFound({.ja = fmt::format("事業者 \"{}\" の設備の登録簿はありません", op),
                         .en = fmt::format("no equipment register of operator \"{}\"", op)});
}

auth::Resource ResourceOf(const service::EquipmentRecord& e) {
  auth::Resource r;
  r.operator_id = e.operator_id;
  r.business = e.business;
  return r;
}

// --- the request body -------------------------------------------------------------------------

constexpr std::string_view kFields[] = {"business",   "name",      "purpose",
                                        "functions",  "location",  "note",
                                        "components", "suppliers", "maintenance_contractors"};

void WrongType(std::vector<base::FieldError>* errors, std::string ptr, const char* ja,
               const char* en) {
  errors->push_back(
      {std::move(ptr),
       {.ja = fmt::format("{}でなければなりません", ja), .en = fmt::format("must be {}", en)}});
}

// Decodes the body strictly into `out` (operator, id and times are not the body's). Every
// problem is appended to `errors` with its pointer.
void DecodeBody(const json::object& body, service::EquipmentRecord* out, bool* has_business,
                std::vector<base::FieldError>* errors) {
  for (const auto& m : body) {
    if (std::find(std::begin(kFields), std::end(kFields), std::string_view(m.key())) ==
        std::end(kFields)) {
      std::string allowed;
      for (auto f : kFields) allowed += (allowed.empty() ? "" : ", ") + std::string(f);
      errors->push_back({"/" + codec::EscapePointerToken(m.key()),
                         {.ja = fmt::format("不明な項目です（使える項目: {}）", allowed),
                          .en = fmt::format("unknown field (allowed: {})", allowed)}});
    }
  }
  auto str = [&](std::string_view key, std::string* dst) {
    if (auto v = GetString(body, key, errors)) *dst = *v;
  };
  *has_business = body.if_contains("business") != nullptr && !body.at("business").is_null();
  if (auto v = GetString(body, "business", errors)) out->business = base::BusinessId(*v);
  str("name", &out->name);
  str("purpose", &out->purpose);
  str("location", &out->location);
  str("note", &out->note);
  auto array = [&](std::string_view key) -> const json::array* {
    const json::value* v = body.if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_array()) {
      WrongType(errors, "/" + std::string(key), "配列", "an array");
      return nullptr;
    }
    return &v->as_array();
  };
  if (const json::array* a = array("functions")) {
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        WrongType(errors, fmt::format("/functions/{}", i), "機能 id の文字列",
                  "a function id string");
        continue;
      }
      out->functions.emplace_back((*a)[i].as_string());
    }
  }
  if (const json::array* a = array("components")) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string ptr = fmt::format("/components/{}", i);
      if (!(*a)[i].is_object()) {
        WrongType(errors, ptr, "オブジェクト", "an object");
        continue;
      }
      const json::object& co = (*a)[i].as_object();
      filings::Component comp;
      for (const auto& m : co) {
        std::string_view k = m.key();
        std::string* dst = k == "name"       ? &comp.name
                           : k == "role"     ? &comp.role
                           : k == "supplier" ? &comp.supplier
                                             : nullptr;
        std::string at = ptr + "/" + codec::EscapePointerToken(k);
        if (dst == nullptr) {
          errors->push_back({at,
                             {.ja = "不明な項目です（使える項目: name, role, supplier）",
                              .en = "unknown field (allowed: name, role, supplier)"}});
        } else if (m.value().is_string()) {
          *dst = std::string(m.value().as_string());
        } else if (!m.value().is_null()) {
          WrongType(errors, at, "文字列", "a string");
        }
      }
      out->components.push_back(std::move(comp));
    }
  }
  for (auto [key, list] : {std::pair{"suppliers", &out->suppliers},
                           std::pair{"maintenance_contractors", &out->maintenance_contractors}}) {
    if (const json::array* a = array(key)) {
      for (size_t i = 0; i < a->size(); ++i) {
        auto p = codec::DecodeParty((*a)[i], fmt::format("/{}/{}", key, i));
        if (!p) {
          for (const auto& e : p.error()) errors->push_back(e);
          continue;
        }
        list->push_back(std::move(*p));
      }
    }
  }
}

base::Status InvalidBody() {
  return base::InvalidArgument(
      {.ja = "設備の記録に不正な項目があります", .en = "the equipment record has invalid fields"});
}

// --- encoding ---------------------------------------------------------------------------------

json::array FunctionList(const regime::Pack* pack, const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) {
    json::object f{{"id", id}};
    if (const regime::FunctionDef* def = pack ? pack->FindFunction(id) : nullptr)
      f["name"] = TextJson(def->name);
    a.push_back(std::move(f));
  }
  return a;
}

json::value ClassificationJson(const ApiContext& ctx, const service::EquipmentRecord& e,
                               base::Date date) {
  auto c = regime::Classify(*ctx.regime, e.business, e.functions, date);
  json::object o;
  PutDate(o, "date", date);
  if (!c) {
    o["critical"] = nullptr;
    o["error"] = TextJson(c.status().text());
    return o;
  }
  const regime::Pack* pack = nullptr;
  ctx.regime->FindBusiness(e.business, &pack);
  o["critical"] = c->critical;
  o["reason"] = TextJson(c->reason);
  json::array defs;
  for (const auto& d : c->definitions) {
    defs.push_back(json::object{{"id", d.id},
                                {"version", d.version},
                                {"name", TextJson(d.name)},
                                {"citation", d.citation},
                                {"citation_references", codec::EncodeReferences(d.citation)},
                                {"match", regime::MatchName(d.match)},
                                {"critical", d.critical},
                                {"functions", FunctionList(pack, d.functions)},
                                {"matched", FunctionList(pack, d.matched)},
                                {"missing", FunctionList(pack, d.missing)},
                                {"reason", TextJson(d.reason)}});
  }
  o["definitions"] = std::move(defs);
  return o;
}

json::object EquipmentJson(const ApiContext& ctx, const service::EquipmentRecord& e,
                           base::Date date) {
  json::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = e.id;
  o["operator_id"] = e.operator_id.value();
  o["business"] = e.business.value();
  const regime::Pack* pack = nullptr;
  if (const regime::Business* b = ctx.regime->FindBusiness(e.business, &pack))
    o["business_name"] = TextJson(b->name);
  o["name"] = e.name;
  o["purpose"] = e.purpose;
  json::array fns;
  for (const auto& f : e.functions) fns.push_back(json::string(f));
  o["functions"] = std::move(fns);
  o["function_names"] = FunctionList(pack, e.functions);
  o["location"] = e.location;
  o["note"] = e.note;
  json::array comps;
  for (const auto& c : e.components) {
    comps.push_back(json::object{{"name", c.name}, {"role", c.role}, {"supplier", c.supplier}});
  }
  o["components"] = std::move(comps);
  json::array suppliers, contractors;
  for (const auto& p : e.suppliers) suppliers.push_back(codec::EncodeParty(p));
  for (const auto& p : e.maintenance_contractors) contractors.push_back(codec::EncodeParty(p));
  o["suppliers"] = std::move(suppliers);
  o["maintenance_contractors"] = std::move(contractors);
  o["created_by"] = e.created_by;
  o["created_at"] = base::FormatInstant(e.created_at);
  o["updated_at"] = base::FormatInstant(e.updated_at);
  o["classification"] = ClassificationJson(ctx, e, date);
  return o;
}

base::Date Today(const ApiContext& ctx) { return ctx.Today(); }

// Query parameters other than `allowed` (and lang/format) are an error.
base::Status CheckQuery(const http::Request& req, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : req.query) {
    if (k == "lang" || k == "format") continue;
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += std::string(a) + ", ";
    return base::InvalidArgument(
        {.ja = fmt::format("不明なクエリパラメーター \"{}\"（使えるもの: {}lang）", k, list),
         .en = fmt::format("unknown query parameter \"{}\" (allowed: {}lang)", k, list)});
  }
  return base::Status::Ok();
}

// The date a classification is judged at: ?as_of= (ISO or 和暦), else today in Japan. Errors:
// an unknown query parameter, a date that does not parse (prefixed "as_of: ").
base::Result<base::Date> AsOf(const ApiContext& ctx, const http::Request& req) {
  KIKAN_TRY(CheckQuery(req, {"as_of"}));
  auto as_of = req.Query("as_of");
  if (!as_of) return Today(ctx);
  auto d = base::ParseDateIsoOrWareki(*as_of);
  if (!d) return d.status().WithPrefix("as_of: ");
  return *d;
}

// --- handlers ---------------------------------------------------------------------------------

// The signed-in caller and the operator of the path, when the caller may reach its register:
// staff of another operator get 404, like an unknown operator.
struct OperatorScope {
  Caller caller;
  service::Operator op;
};
base::Result<OperatorScope> LoadOperator(const ApiContext& ctx, http::Request& req,
                                         store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(Caller caller, Identify(ctx, req, c));
  if (caller.principal.anonymous()) return Unauthenticated();
  std::string id(req.Param("operator"));
  auto op = service::GetOperator(c, id);
  if (!op) {
    if (op.status().code() == base::StatusCode::kNotFound) return HiddenRegister(id);
    return op.status();
  }
  const auth::Principal& p = caller.principal;
  if (auth::IsOperatorRole(p.role) && p.operator_id.view() != id) return HiddenRegister(id);
  return OperatorScope{std::move(caller), std::move(*op)};
}

struct Visible {
  Caller caller;
  service::EquipmentRecord record;
};
base::Result<Visible> LoadVisible(const ApiContext& ctx, http::Request& req, store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(Caller caller, Identify(ctx, req, c));
  if (caller.principal.anonymous()) return Unauthenticated();
  std::string id(req.Param("id"));
  auto e = service::GetEquipment(c, id);
  if (!e) {
    if (e.status().code() == base::StatusCode::kNotFound) return HiddenEquipment(id);
    return e.status();
  }
  if (!auth::CanSee(caller.principal, ResourceOf(*e))) return HiddenEquipment(id);
  return Visible{std::move(caller), std::move(*e)};
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  auto as_of = AsOf(ctx, req);
  if (!as_of) return Fail(req, as_of.status());
  const base::Date date = *as_of;
  auto conn = ctx.pool->Acquire();
  auto scope = LoadOperator(ctx, req, *conn);
  if (!scope) return Fail(req, scope.status());
  const auth::Principal& p = scope->caller.principal;
  auto list = service::VisibleEquipment(*conn, p, scope->op.id);
  if (!list) return Fail(req, list.status());
  json::array items;
  int64_t critical = 0;
  for (const auto& e : *list) {
    json::object o = EquipmentJson(ctx, e, date);
    if (const json::value* c = o.at("classification").as_object().if_contains("critical");
        c && c->is_bool() && c->as_bool()) {
      ++critical;
    }
    items.push_back(std::move(o));
  }
  json::object out{{"schema_version", kSchemaVersion},
                   {"operator", json::object{{"id", scope->op.id.value()},
                                             {"name_ja", scope->op.name_ja},
                                             {"name_en", scope->op.name_en}}},
                   {"count", items.size()},
                   {"critical", critical}};
  PutDate(out, "as_of", date);
  out["equipment"] = std::move(items);
  return JsonResponse(out);
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto scope = LoadOperator(ctx, req, *conn);
  if (!scope) return Fail(req, scope.status());
  const auth::Principal& p = scope->caller.principal;
  auth::Resource own;
  own.operator_id = scope->op.id;
  if (auto s = auth::Authorize(p, auth::Action::kEditFiling, own); !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseAnyObject(req);
  if (!body.ok()) return Fail(req, body.status);
  service::EquipmentRecord record;
  record.operator_id = scope->op.id;
  bool has_business = false;
  std::vector<base::FieldError> errors;
  DecodeBody(body.object, &record, &has_business, &errors);
  if (!errors.empty()) return Fail(req, InvalidBody(), errors);
  auto created = service::AddEquipment(*conn, ctx, p, std::move(record), has_business);
  if (!created) return Fail(req, created.status());
  http::Response r = JsonResponse(EquipmentJson(ctx, *created, Today(ctx)), 201);
  r.headers.emplace_back("Location", "/api/v1/equipment/" + created->id);
  return r;
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto as_of = AsOf(ctx, req);
  if (!as_of) return Fail(req, as_of.status());
  const base::Date date = *as_of;
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  return JsonResponse(EquipmentJson(ctx, v->record, date));
}

http::Response Update(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  const auth::Principal& p = v->caller.principal;
  if (auto s = auth::Authorize(p, auth::Action::kEditFiling, ResourceOf(v->record)); !s.ok()) {
    return Fail(req, s);
  }
  auto body = ParseAnyObject(req);
  if (!body.ok()) return Fail(req, body.status);
  service::EquipmentRecord record;
  record.operator_id = v->record.operator_id;
  bool has_business = false;
  std::vector<base::FieldError> errors;
  DecodeBody(body.object, &record, &has_business, &errors);
  if (!errors.empty()) return Fail(req, InvalidBody(), errors);
  if (!has_business) record.business = v->record.business;
  auto updated = service::ChangeEquipment(*conn, ctx, p, v->record.id, std::move(record));
  if (!updated) return Fail(req, updated.status());
  return JsonResponse(EquipmentJson(ctx, *updated, Today(ctx)));
}

http::Response Delete(const ApiContext& ctx, http::Request& req) {
  auto conn = ctx.pool->Acquire();
  auto v = LoadVisible(ctx, req, *conn);
  if (!v) return Fail(req, v.status());
  const auth::Principal& p = v->caller.principal;
  if (auto s = auth::Authorize(p, auth::Action::kEditFiling, ResourceOf(v->record)); !s.ok()) {
    return Fail(req, s);
  }
  if (auto s = service::RemoveEquipment(*conn, ctx, p, v->record.id); !s.ok()) return Fail(req, s);
  return JsonResponse(
      json::object{{"schema_version", kSchemaVersion}, {"id", v->record.id}, {"deleted", true}});
}

http::Response Suppliers(const ApiContext& ctx, http::Request& req) {
  if (auto s = CheckQuery(req, {}); !s.ok()) return Fail(req, s);
  auto conn = ctx.pool->Acquire();
  auto scope = LoadOperator(ctx, req, *conn);
  if (!scope) return Fail(req, scope.status());
  const auth::Principal& p = scope->caller.principal;
  auto list = service::VisibleEquipment(*conn, p, scope->op.id);
  if (!list) return Fail(req, list.status());
  struct Row {
    std::string role;
    const filings::Party* party;
    const service::EquipmentRecord* equipment;
  };
  std::vector<Row> rows;
  for (const auto& e : *list) {
    for (const auto& s : e.suppliers) rows.push_back({"supplier", &s, &e});
    for (const auto& m : e.maintenance_contractors)
      rows.push_back({"maintenance_contractor", &m, &e});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.party->name, a.role) < std::tie(b.party->name, b.role);
  });
  json::array parties;
  for (const auto& r : rows) {
    parties.push_back(
        json::object{{"role", r.role},
                     {"party", codec::EncodeParty(*r.party)},
                     {"equipment", json::object{{"id", r.equipment->id},
                                                {"name", r.equipment->name},
                                                {"business", r.equipment->business.value()}}}});
  }
  return JsonResponse(json::object{{"schema_version", kSchemaVersion},
                                   {"operator_id", scope->op.id.value()},
                                   {"count", parties.size()},
                                   {"parties", std::move(parties)}});
}

}  // namespace

void AddEquipmentRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/v1/operators/{operator}/equipment",
             [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/v1/operators/{operator}/equipment",
             [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/v1/operators/{operator}/suppliers",
             [&ctx](http::Request& r) { return Suppliers(ctx, r); });
  router.Add("GET", "/api/v1/equipment/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("PUT", "/api/v1/equipment/{id}", [&ctx](http::Request& r) { return Update(ctx, r); });
  router.Add("DELETE", "/api/v1/equipment/{id}",
             [&ctx](http::Request& r) { return Delete(ctx, r); });
}

}  // namespace kikan::api
