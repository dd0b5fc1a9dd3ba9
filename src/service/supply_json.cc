#include "service/supply_json.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>

#include "codec/reference_json.h"

namespace kikan::service {

namespace json = boost::json;

const base::Text kIllustrativeNote = {
    .ja =
        "事業者・ターミナルとシステムの結び付きのうち basis が illustrative のものは、公開情報から"
        "描いた例示であり、届出に基づくものではありません。",
    .en =
        "Links between operators or terminals and a system whose basis is illustrative are drawn "
        "from public sources for illustration; they are not from any filing."};

const base::Text kTeuEstimateNote = {
    .ja =
        "止まる TEU は年間取扱量 × 日数 / 365 の概算です（年間を通じて一様、システムの止まる"
        "港湾のコンテナ取扱いがすべて止まると仮定）。",
    .en =
        "TEU stopped is an estimate: annual throughput × days / 365 (uniform through the year, "
        "all the port's container handling on the system assumed to stop)."};

namespace {

const base::Text kOtherOperatorsNote = {
    .ja = "ほかに、閲覧範囲外の事業者がこのシステムを利用しています（件数のみ表示）。",
    .en = "Other operators outside your scope also use it (only their number is shown)."};

json::value OperatorOrNull(const base::OperatorId& id) {
  return id.empty() ? json::value(nullptr) : json::value(id.value());
}

json::array OperatorsJson(const std::vector<WhoUsesResult::OperatorRef>& ops) {
  json::array out;
  for (const auto& op : ops)
    out.push_back(json::object{{"id", op.id.value()}, {"name", op.name}, {"basis", op.basis}});
  return out;
}

json::object SiteJson(const SystemSite& t) {
  return json::object{
      {"id", t.terminal_id},      {"name", t.terminal_name},        {"port", t.port_id},
      {"port_name", t.port_name}, {"business", t.business.value()}, {"basis", t.basis}};
}

json::object PartyRefJson(const supply::PartyRef& p) {
  json::object o{{"name", p.name}};
  if (!p.corporate_number.empty()) o["corporate_number"] = p.corporate_number;
  if (!p.country.empty()) o["country"] = p.country;
  return o;
}

json::object SummaryJson(const SupplySystemSummary& s) {
  json::object o{
      {"id", s.id.value()},
      {"name", s.name},
      {"runner", s.runner},
      {"operator", OperatorOrNull(s.filed_by)},
      {"counts",
       json::object{{"components", s.components}, {"services", s.services}, {"sites", s.sites}}},
      {"operators", OperatorsJson(s.operators)},
      {"other_operators", s.other_operators}};
  o["sample"] = s.sample.empty() ? json::value(nullptr) : json::value(s.sample);
  return o;
}

}  // namespace

std::string FormatJst(base::Instant t) {
  using namespace std::chrono;
  auto local = floor<seconds>(t) + hours(9);
  auto day = floor<days>(local);
  year_month_day ymd(day);
  hh_mm_ss hms(local - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+09:00", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

base::Result<base::Instant> ParseSupplyDateTime(std::string text) {
  if (text.size() >= 16 && text[13] == ':' && (text.size() == 16 || text[16] != ':'))
    text.insert(16, ":00");
  return base::ParseInstant(text);
}

std::string_view WhoUsesKindName(WhoUsesQuery::Kind kind) {
  switch (kind) {
    case WhoUsesQuery::Kind::kPurl:
      return "purl";
    case WhoUsesQuery::Kind::kCpe:
      return "cpe";
    case WhoUsesQuery::Kind::kComponent:
      return "component";
    case WhoUsesQuery::Kind::kSupplier:
      return "supplier";
  }
  return "?";
}

json::object SupplyImportReportJson(const SupplyImportReport& report) {
  std::string format = report.format == supply::DocumentFormat::kCycloneDx
                           ? "CycloneDX " + report.spec_version
                           : report.spec_version;
  json::object out{{"system", report.system.value()},
                   {"system_created", report.system_created},
                   {"format", format},
                   {"components", report.components},
                   {"services", report.services},
                   {"dependencies", report.dependencies}};
  if (!report.sample.empty()) out["sample"] = report.sample;
  return out;
}

json::object WhoUsesJson(const WhoUsesQuery& q, const WhoUsesResult& r, base::Lang lang) {
  bool illustrative = false;
  for (const auto& op : r.operators) illustrative = illustrative || op.basis == "illustrative";
  json::array systems, parties, components, notes;
  for (const auto& s : r.systems) {
    json::object so{
        {"id", s.id.value()}, {"name", s.name}, {"operator", OperatorOrNull(s.filed_by)}};
    if (!s.sample.empty()) so["sample"] = true;
    systems.push_back(std::move(so));
  }
  for (const auto& p : r.parties) {
    parties.push_back(json::object{{"id", p.id},
                                   {"name", p.name},
                                   {"corporate_number", p.corporate_number},
                                   {"subcontract_depth", p.depth}});
  }
  for (const auto& c : r.components) {
    components.push_back(json::object{{"system", c.system.value()},
                                      {"ref", c.ref},
                                      {"type", c.type},
                                      {"name", c.name},
                                      {"version", c.version},
                                      {"via", c.via}});
  }
  if (illustrative) notes.push_back(json::value(kIllustrativeNote.In(lang)));
  if (r.other_operators > 0) notes.push_back(json::value(kOtherOperatorsNote.In(lang)));
  for (const auto& s : r.systems)
    if (!s.sample.empty()) notes.push_back(json::value(fmt::format("{}: {}", s.id, s.sample)));
  json::object out{{"query", json::object{{"kind", WhoUsesKindName(q.kind)}, {"value", q.value}}},
                   {"operators", OperatorsJson(r.operators)},
                   {"other_operators", r.other_operators},
                   {"systems", std::move(systems)}};
  if (q.kind == WhoUsesQuery::Kind::kSupplier) out["parties"] = std::move(parties);
  out["components"] = std::move(components);
  out["components_total"] = r.components_total;
  out["next"] = r.next.empty() ? json::value(nullptr) : json::value(r.next);
  json::array terminals, ports, businesses;
  for (const auto& t : r.sites) {
    terminals.push_back(SiteJson(t));
    if (ports.empty() || ports.back().at("id").as_string() != t.port_id)
      ports.push_back(json::object{{"id", t.port_id}, {"name", t.port_name}});
  }
  for (const auto& b : r.businesses) businesses.push_back(json::value(b.value()));
  out["terminals"] = std::move(terminals);
  out["ports"] = std::move(ports);
  out["businesses"] = std::move(businesses);
  out["notes"] = std::move(notes);
  return out;
}

json::object WhatIfJson(const WhatIfResult& r, base::Lang lang,
                        const std::function<std::string(const base::BusinessId&)>& business_name) {
  bool illustrative = false;
  for (const auto& op : r.operators) illustrative = illustrative || op.basis == "illustrative";
  for (const auto& t : r.terminals) illustrative = illustrative || t.basis == "illustrative";
  json::array terminals, ports, businesses, timeline, notes;
  for (const auto& t : r.terminals) terminals.push_back(SiteJson(t));
  for (const auto& p : r.ports) {
    json::object po{{"id", p.id}, {"name", p.name}};
    json::array ts;
    for (const auto& t : p.terminals) ts.push_back(json::value(t));
    po["terminals"] = std::move(ts);
    if (p.has_throughput) {
      po["annual_teu"] = p.annual_teu;
      po["year"] = p.year;
      po["source"] = p.source;
      if (r.has_national) {
        po["share_of_national"] = p.share_of_national;
        po["share_of_national_percent"] = std::round(p.share_of_national * 1000.0) / 10.0;
      }
      po["estimated_teu_stopped"] = p.estimated_teu_stopped;
    }
    ports.push_back(std::move(po));
  }
  for (const auto& b : r.businesses)
    businesses.push_back(json::object{{"id", b.value()}, {"name", business_name(b)}});
  for (const auto& d : r.timeline) {
    json::array ts;
    for (const auto& t : d.terminals) ts.push_back(json::value(t));
    timeline.push_back(json::object{{"day", d.day},
                                    {"from", FormatJst(d.from)},
                                    {"until", FormatJst(d.until)},
                                    {"terminals_stopped", std::move(ts)}});
  }
  if (illustrative) notes.push_back(json::value(kIllustrativeNote.In(lang)));
  if (r.other_operators > 0) notes.push_back(json::value(kOtherOperatorsNote.In(lang)));
  if (!r.sample.empty()) notes.push_back(json::value(r.sample));
  notes.push_back(json::value(kTeuEstimateNote.In(lang)));
  json::object out{{"system", json::object{{"id", r.system.id.value()},
                                           {"name", r.system.name},
                                           {"runner", r.system.runner}}},
                   {"from", FormatJst(r.from)},
                   {"until", FormatJst(r.until)},
                   {"days", r.days},
                   {"operators", OperatorsJson(r.operators)},
                   {"other_operators", r.other_operators},
                   {"terminals", std::move(terminals)},
                   {"ports", std::move(ports)},
                   {"businesses", std::move(businesses)}};
  out["sample"] = r.sample.empty() ? json::value(nullptr) : json::value(r.sample);
  if (r.has_national) {
    out["national_throughput"] = json::object{{"teu", r.national.teu},
                                              {"year", r.national.year},
                                              {"basis", r.national.basis},
                                              {"source", r.national.source}};
  }
  out["timeline"] = std::move(timeline);
  out["notes"] = std::move(notes);
  return out;
}

json::object SupplySystemListJson(const SupplySystemList& list) {
  json::array systems;
  for (const auto& s : list.systems) systems.push_back(SummaryJson(s));
  return json::object{{"systems", std::move(systems)}, {"truncated", list.truncated}};
}

json::object SupplyGraphJson(const SupplyGraph& g, base::Lang lang) {
  const supply::Inventory& inv = g.state.inventory;
  // Children by parent ref, in document order (each parent before its children).
  std::map<std::string, std::vector<const supply::Component*>> children;
  for (const auto& c : inv.components) children[c.parent].push_back(&c);
  std::function<json::array(const std::string&, int)> nest = [&](const std::string& parent,
                                                                 int depth) {
    json::array out;
    auto it = children.find(parent);
    if (it == children.end() || depth > supply::kMaxNestingDepth) return out;
    for (const supply::Component* c : it->second) {
      json::object o{{"ref", c->ref},
                     {"type", c->type},
                     {"group", c->group},
                     {"name", c->name},
                     {"version", c->version}};
      if (!c->purl.empty()) o["purl"] = c->purl;
      if (!c->cpe.empty()) o["cpe"] = c->cpe;
      if (!c->serial.empty()) o["serial"] = c->serial;
      if (!c->supplier.empty()) o["supplier"] = PartyRefJson(c->supplier);
      if (!c->manufacturer.empty()) o["manufacturer"] = PartyRefJson(c->manufacturer);
      o["components"] = nest(c->ref, depth + 1);
      out.push_back(std::move(o));
    }
    return out;
  };
  json::array services, parties, links, users, sites, dependencies, notes;
  for (const auto& s : inv.services) {
    json::object o{{"ref", s.ref}, {"name", s.name}, {"version", s.version}};
    if (!s.provider.empty()) o["provider"] = PartyRefJson(s.provider);
    services.push_back(std::move(o));
  }
  for (const auto& p : g.parties) {
    json::array roles;
    for (const auto& r : p.roles) roles.push_back(json::value(r));
    json::array matches;
    for (const auto& m : p.matches) matches.push_back(PartyMatchJson(m));
    parties.push_back(json::object{{"id", p.id},
                                   {"name", p.name},
                                   {"corporate_number", p.corporate_number},
                                   {"country", p.country},
                                   {"roles", std::move(roles)},
                                   {"matches", std::move(matches)}});
  }
  for (const auto& [from, l] : g.links) {
    links.push_back(json::object{
        {"from", from}, {"to", l.to_party}, {"kind", l.kind}, {"share_ppm", l.share_ppm}});
  }
  for (const auto& d : inv.dependencies) {
    json::array on;
    for (const auto& t : d.depends_on) on.push_back(json::value(t));
    dependencies.push_back(json::object{{"ref", d.ref}, {"depends_on", std::move(on)}});
  }
  for (const auto& t : g.state.sites) sites.push_back(SiteJson(t));
  bool illustrative = false;
  for (const auto& op : g.summary.operators)
    illustrative = illustrative || op.basis == "illustrative";
  if (illustrative) notes.push_back(json::value(kIllustrativeNote.In(lang)));
  if (g.summary.other_operators > 0) notes.push_back(json::value(kOtherOperatorsNote.In(lang)));
  if (!g.summary.sample.empty()) notes.push_back(json::value(g.summary.sample));
  json::object out = SummaryJson(g.summary);
  out["root"] = json::object{{"name", inv.name}, {"ref", inv.ref}};
  if (!inv.supplier.empty()) out["supplier"] = PartyRefJson(inv.supplier);
  if (!inv.manufacturer.empty()) out["manufacturer"] = PartyRefJson(inv.manufacturer);
  out["inventory"] = json::object{{"components", nest("", 0)},
                                  {"services", std::move(services)},
                                  {"dependencies", std::move(dependencies)}};
  out["parties"] = std::move(parties);
  out["party_links"] = std::move(links);
  out["sites"] = std::move(sites);
  out["notes"] = std::move(notes);
  return out;
}

json::object MatchDecisionJson(const MatchDecision& d) {
  return json::object{
      {"match", d.match_id},
      {"seq", d.seq},
      {"party", d.party},
      {"system", d.system.value()},
      {"name", d.name},
      {"corporate_number", d.corporate_number},
      {"country", d.country},
      {"reason", d.reason},
      {"score", d.score},
      {"decision", d.decision},
      {"new_party", d.new_party.empty() ? json::value(nullptr) : json::value(d.new_party)},
      {"decided_by", d.decided_by},
      {"note", d.note},
      {"decided_at", base::FormatInstant(d.decided_at)}};
}

json::object PartyMatchJson(const PartyMatchGroup& m) {
  return json::object{
      {"id", m.id},
      {"party", m.party},
      {"system", m.system.value()},
      {"name", m.name},
      {"corporate_number", m.corporate_number},
      {"country", m.country},
      {"reason", m.reason},
      {"score", m.score},
      {"mentions", m.mentions},
      {"decision", m.decision ? json::value(MatchDecisionJson(*m.decision)) : json::value(nullptr)},
      {"split_from", m.split_from.empty() ? json::value(nullptr) : json::value(m.split_from)}};
}

json::object PartyMatchesJson(std::string_view party, const std::vector<PartyMatchGroup>& matches) {
  json::array out;
  for (const auto& m : matches) out.push_back(PartyMatchJson(m));
  return json::object{{"party", party}, {"matches", std::move(out)}};
}

json::object PartyMatchesJson(std::string_view party, const PartyMatchPage& page) {
  json::object out = PartyMatchesJson(party, page.matches);
  out["total"] = page.total;
  out["next"] = page.next.empty() ? json::value(nullptr) : json::value(page.next);
  return out;
}

json::object SupplySuggestionsJson(const std::vector<SupplySuggestion>& suggestions) {
  json::array out;
  for (const auto& s : suggestions)
    out.push_back(json::object{{"kind", s.kind}, {"value", s.value}, {"label", s.label}});
  return json::object{{"suggestions", std::move(out)}};
}

namespace {

json::object BothJson(const base::Text& t) { return json::object{{"ja", t.ja}, {"en", t.en}}; }

json::value SampleOrNull(const std::vector<std::string>& samples) {
  if (samples.empty()) return nullptr;
  json::array out;
  for (const auto& s : samples) out.push_back(json::value(s));
  return out;
}

}  // namespace

json::object SupplyFindingsJson(const SupplyFilingFindings& r, base::Lang lang) {
  json::array findings, systems, warnings, notes;
  for (const auto& f : r.findings) {
    json::object o{
        {"kind", f.kind},         {"severity", f.severity},
        {"subject", f.subject},   {"why", BothJson(f.why)},
        {"citation", f.citation}, {"citation_references", codec::EncodeReferences(f.citation)},
        {"source", f.source}};
    if (f.feed_age_days) {
      o["feed_age_days"] = *f.feed_age_days;
      o["feed_stale"] = f.feed_stale;
    }
    findings.push_back(std::move(o));
  }
  for (const auto& s : r.systems) systems.push_back(json::value(s.value()));
  for (const auto& w : r.warnings) warnings.push_back(BothJson(w));
  for (const auto& s : r.samples) notes.push_back(json::value(s));
  notes.push_back(
      json::value(base::Text{.ja = "所見は審査の手掛かりであり、判断ではありません。",
                             .en = "Findings are prompts for the reviewer, never decisions."}
                      .In(lang)));
  return json::object{{"filing", r.filing},
                      {"operator", r.operator_id.value()},
                      {"business", r.business.value()},
                      {"link", r.link},
                      {"systems", std::move(systems)},
                      {"findings", std::move(findings)},
                      {"warnings", std::move(warnings)},
                      {"sample", SampleOrNull(r.samples)},
                      {"notes", std::move(notes)}};
}

json::object ConcentrationJson(const Concentration& r, base::Lang lang) {
  json::object dims;
  for (const auto& d : r.dimensions) {
    json::array items;
    for (const auto& i : d.items) {
      json::array systems;
      for (const auto& s : i.systems) systems.push_back(json::value(s.value()));
      json::object io{{"key", i.key},
                      {"name", i.name},
                      {"systems_count", i.systems.size()},
                      {"systems", std::move(systems)}};
      if (!i.country.empty()) io["country"] = i.country;
      items.push_back(std::move(io));
    }
    dims[d.name] =
        json::object{{"hhi", static_cast<int64_t>(std::round(d.hhi))}, {"items", std::move(items)}};
  }
  json::array systems, shared, notes;
  for (const auto& s : r.systems) systems.push_back(json::value(s.value()));
  for (const auto& s : r.shared_systems) {
    json::array users;
    for (const auto& u : s.users) users.push_back(json::value(u.value()));
    shared.push_back(json::object{{"id", s.id.value()},
                                  {"name", s.name},
                                  {"users", std::move(users)},
                                  {"other_users", s.other_users}});
  }
  for (const auto& s : r.samples) notes.push_back(json::value(s));
  notes.push_back(json::value(
      base::Text{.ja = "HHI は各項目が支えるシステム数の比率の二乗和（0〜10,000）です。",
                 .en = "HHI: the sum of squared shares (in %) of the systems each item serves, "
                       "0–10,000."}
          .In(lang)));
  return json::object{{"business", r.business.value()},    {"systems", std::move(systems)},
                      {"dimensions", std::move(dims)},     {"shared_systems", std::move(shared)},
                      {"sample", SampleOrNull(r.samples)}, {"notes", std::move(notes)}};
}

}  // namespace kikan::service
