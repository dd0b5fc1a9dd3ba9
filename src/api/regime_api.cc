// /api/v1/regime: the regime packs as published — sectors, businesses, criteria versions with
// their rules and citations, critical-equipment definitions, filing forms, and the timeline.
// Public (the regime is law). `?as_of=DATE` (ISO or 和暦; default today in Japan) is the day the
// answer's "in force" marks refer to: each business's criteria version in force, and each form's.
#include <fmt/format.h>

#include "api/common.h"
#include "api/handlers.h"
#include "base/wareki.h"
#include "codec/reference_json.h"

namespace kikan::api {
namespace {

json::object PackJson(const ApiContext& ctx, const regime::Pack& p, base::Date as_of) {
  json::object o;
  o["id"] = p.id;
  o["name"] = TextJson(p.name);
  if (auto it = ctx.pack_versions.find(p.id); it != ctx.pack_versions.end())
    o["version"] = it->second;
  o["sector"] = json::object{{"id", p.sector.id},
                             {"name", TextJson(p.sector.name)},
                             {"act", p.sector.act},
                             {"act_references", codec::EncodeReferences(p.sector.act)}};
  o["ministry"] = json::object{{"id", p.ministry.id}, {"name", TextJson(p.ministry.name)}};
  json::object act{{"in_force", p.act_status.in_force},
                   {"law", p.act_status.law},
                   {"description", TextJson(p.act_status.description)}};
  PutDate(act, "in_force_from", p.act_status.in_force_from);
  o["act_status"] = std::move(act);
  json::array businesses;
  for (const auto& b : p.businesses) {
    auto in_force = ctx.regime->CriteriaAt(b.id, as_of);
    businesses.push_back(
        json::object{{"id", b.id.value()},
                     {"name", TextJson(b.name)},
                     {"cabinet_order", b.cabinet_order},
                     {"cabinet_order_references", codec::EncodeReferences(b.cabinet_order)},
                     {"note", b.note},
                     {"subject", b.subject},
                     {"criteria_in_force",
                      in_force ? json::value((*in_force)->version) : json::value(nullptr)}});
  }
  o["businesses"] = std::move(businesses);
  json::array criteria;
  for (const auto& c : p.criteria) {
    json::object co{
        {"business", c.business.value()}, {"version", c.version},
        {"name", TextJson(c.name)},       {"status", regime::CriteriaStatusName(c.status)},
        {"citation", c.citation},         {"rule", c.rule},
        {"rationale", c.rationale},       {"note", c.note}};
    co["citation_references"] = codec::EncodeReferences(c.citation);
    co["date_basis"] = DateBasisJson(c.date_basis);
    co["assumptions"] = codec::AssumptionsJson(c);
    PutDate(co, "effective_from", c.effective_from);
    PutDate(co, "effective_until", c.effective_until);
    co["fields_read"] =
        c.compiled ? FieldsReadJson(p.schema, c.compiled->fields_read()) : json::array{};
    criteria.push_back(std::move(co));
  }
  o["criteria"] = std::move(criteria);
  json::array equipment;
  for (const auto& e : p.equipment) {
    json::array functions;
    for (const auto& f : e.functions) {
      json::object fo{{"id", f}};
      if (const regime::FunctionDef* def = p.FindFunction(f)) fo["name"] = TextJson(def->name);
      functions.push_back(std::move(fo));
    }
    json::object eo{{"business", e.business.value()},
                    {"id", e.id},
                    {"version", e.version},
                    {"name", TextJson(e.name)},
                    {"match", e.match == regime::Equipment::Match::kAllOf ? "all_of" : "any_of"},
                    {"functions", std::move(functions)},
                    {"citation", e.citation},
                    {"status", regime::CriteriaStatusName(e.status)},
                    {"note", e.note}};
    eo["citation_references"] = codec::EncodeReferences(e.citation);
    eo["date_basis"] = DateBasisJson(e.date_basis);
    PutDate(eo, "effective_from", e.effective_from);
    PutDate(eo, "effective_until", e.effective_until);
    equipment.push_back(std::move(eo));
  }
  o["equipment"] = std::move(equipment);
  json::array forms;
  for (const auto& f : p.forms) {
    json::array items;
    for (const auto& i : f.items) {
      json::object io{{"path", i}};
      if (const regime::FormItemSpec* spec = regime::FindFormItem(i))
        io["label"] = TextJson(spec->label);
      items.push_back(std::move(io));
    }
    json::array checklist;
    for (const auto& c : f.checklist) {
      checklist.push_back(
          json::object{{"id", c.id},
                       {"label", TextJson(c.label)},
                       {"citation", c.citation},
                       {"citation_references", codec::EncodeReferences(c.citation)}});
    }
    json::array attachments;
    for (const auto& a : f.attachments) {
      using Per = regime::AttachmentRule::Per;
      attachments.push_back(
          json::object{{"kind", a.kind},
                       {"name", TextJson(a.name)},
                       {"per", a.per == Per::kSupplier ? "supplier"
                               : a.per == Per::kParty  ? "party"
                                                       : "filing"},
                       {"required", a.required},
                       {"waived_if_registered_in_japan", a.waived_if_registered_in_japan},
                       {"fresh_within_months", a.fresh_within_months},
                       {"citation", a.citation},
                       {"citation_references", codec::EncodeReferences(a.citation)}});
    }
    json::array thresholds;
    for (const auto& th : f.thresholds) {
      thresholds.push_back(
          json::object{{"id", th.id},
                       {"value", regime::FormatPercentMillionths(th.millionths)},
                       {"verified", th.verified},
                       {"citation", th.citation},
                       {"citation_references", codec::EncodeReferences(th.citation)},
                       {"note", th.note}});
    }
    json::array omissions;
    for (const regime::Omission& om : f.omissions) {
      json::array omitted_items, omitted_attachments;
      for (const auto& i : om.items) omitted_items.emplace_back(i);
      for (const auto& a : om.attachments) omitted_attachments.emplace_back(a);
      omissions.push_back(
          json::object{{"id", om.id},
                       {"name", TextJson(om.name)},
                       {"items", std::move(omitted_items)},
                       {"attachments", std::move(omitted_attachments)},
                       {"parties", om.parties},
                       {"proof", om.proof},
                       {"citation", om.citation},
                       {"citation_references", codec::EncodeReferences(om.citation)}});
    }
    json::object fo{{"kind", regime::FilingKindName(f.kind)},
                    {"kind_label", TextJson(regime::FilingKindLabel(f.kind))},
                    {"version", f.version},
                    {"name", TextJson(f.name)},
                    {"citation", f.citation},
                    {"citation_references", codec::EncodeReferences(f.citation)},
                    {"items", std::move(items)},
                    {"checklist", std::move(checklist)},
                    {"attachments", std::move(attachments)},
                    {"thresholds", std::move(thresholds)},
                    {"omissions", std::move(omissions)}};
    PutDate(fo, "effective_from", f.effective_from);
    PutDate(fo, "effective_until", f.effective_until);
    fo["in_force"] = p.FindForm(f.kind, as_of) == &f;
    forms.push_back(std::move(fo));
  }
  o["forms"] = std::move(forms);
  json::array timeline;
  for (const auto& t : p.timeline) {
    json::object to{{"time", t.time},           {"kind", t.kind},
                    {"text", TextJson(t.text)}, {"business", t.business.value()},
                    {"planned", t.planned},     {"approximate", t.approximate},
                    {"citation", t.citation}};
    to["citation_references"] = codec::EncodeReferences(t.citation);
    to["date_basis"] = DateBasisJson(t.date_basis);
    PutDate(to, "date", t.date);
    json::object figures;
    for (const auto& [k, v] : t.figures) figures[k] = v;
    to["figures"] = std::move(figures);
    timeline.push_back(std::move(to));
  }
  o["timeline"] = std::move(timeline);
  o["listed_cases"] = codec::ListedCasesJson(p);
  o["organization_names"] = codec::OrganizationNamesJson(p, as_of);
  return o;
}

}  // namespace

void AddRegimeRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/v1/regime", [&ctx](http::Request& req) {
    base::Date as_of = base::JapanDate(ctx.clock->Now());
    if (auto q = req.Query("as_of")) {
      auto d = base::ParseDateIsoOrWareki(*q);
      if (!d) return Fail(req, d.status().WithPrefix("as_of: "));
      as_of = *d;
    }
    json::array packs;
    for (const auto& p : ctx.regime->packs()) packs.push_back(PackJson(ctx, p, as_of));
    json::object o{{"schema_version", kSchemaVersion}};
    PutDate(o, "as_of", as_of);
    o["packs"] = std::move(packs);
    return JsonResponse(o);
  });
}

}  // namespace kikan::api
