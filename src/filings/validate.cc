// CheckComplete and CheckValues: the form's items mapped onto the model, with the JSON pointers
// of docs/filings.md. Each is one function per part of the filing, called in the order of the
// document, so the findings come in that order.
#include "filings/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "base/corporate_number.h"
#include "calendar/clocks.h"

namespace kikan::filings {
namespace {

using Kind = MissingItem::Kind;

// A party list as the form names it ("suppliers[]") and as JSON points at it ("/suppliers").
struct PartyPlace {
  std::string_view item_prefix;
  std::string pointer;
  base::Text who;  // 供給者 / supplier
};

// One reference token of a JSON pointer (RFC 6901: "~" → "~0", "/" → "~1"), for keys that come
// from the filing itself (risk_measures ids).
std::string PointerToken(std::string_view token) {
  std::string out;
  for (char ch : token) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string PartyName(const Party& p, size_t index) {
  if (!p.name.empty()) return p.name;
  if (!p.id.empty()) return p.id;
  return fmt::format("#{}", index);
}

class Checker {
 public:
  explicit Checker(std::vector<MissingItem>* out) : out_(out) {}

  void Missing(std::string pointer, std::string item, const base::Text& where) {
    const regime::FormItemSpec* spec = regime::FindFormItem(item);
    std::string ja = spec != nullptr ? spec->label.ja : item;
    std::string en = spec != nullptr ? spec->label.en : item;
    if (!where.ja.empty()) {
      // An element's item: "供給者[1]（X）の" + 「法人番号…」, not 「供給者の法人番号…」.
      if (size_t cut = ja.find("の"); cut != std::string::npos) ja = ja.substr(cut + 3);
      if (size_t cut = en.find(" of a "); cut != std::string::npos) en = en.substr(0, cut);
    }
    out_->push_back({std::move(pointer), std::move(item),
                     base::Text{.ja = fmt::format("{}{}がありません", where.ja, ja),
                                .en = fmt::format("missing: {}{}", en, where.en)},
                     Kind::kMissing});
  }
  void Add(Kind kind, std::string pointer, std::string item, base::Text message) {
    out_->push_back({std::move(pointer), std::move(item), std::move(message), kind});
  }

 private:
  std::vector<MissingItem>* out_;
};

// The facts of one party the form requires with `prefix` ("suppliers[]").
void CheckPartyFacts(Checker& c, const regime::Form& form, std::string_view prefix, const Party& p,
                     const std::string& at, const std::string& where_ja,
                     const std::string& where_en) {
  auto req = [&](std::string_view fact) {
    return form.Requires(fmt::format("{}.{}", prefix, fact));
  };
  auto item = [&](std::string_view fact) { return fmt::format("{}.{}", prefix, fact); };
  auto text = [&](std::string_view fact, const std::string& value) {
    if (req(fact) && value.empty())
      c.Missing(at + "/" + std::string(fact), item(fact), {.ja = where_ja, .en = where_en});
  };
  text("name", p.name);
  text("address", p.address);
  text("country", p.country);
  if (req("corporate_number_or_foreign_registration") && p.corporate_number.empty() &&
      p.foreign_registration.empty()) {
    c.Missing(at + "/corporate_number", item("corporate_number_or_foreign_registration"),
              {.ja = where_ja, .en = where_en});
  }
  text("representative", p.representative);
  if (req("officers") && p.officers.empty()) {
    c.Missing(at + "/officers", item("officers"), {.ja = where_ja, .en = where_en});
  }
  if (req("officers[].date_of_birth")) {
    for (size_t j = 0; j < p.officers.size(); ++j) {
      if (p.officers[j].date_of_birth) continue;
      c.Missing(fmt::format("{}/officers/{}/date_of_birth", at, j),
                item("officers[].date_of_birth"),
                {.ja = fmt::format("{}役員[{}]（{}）の", where_ja, j, p.officers[j].name),
                 .en = fmt::format("{} (officer [{}] {})", where_en, j, p.officers[j].name)});
    }
  }
  if (req("shareholders") && !p.shareholders) {
    std::string line;
    if (const regime::Threshold* t = form.FindThreshold(regime::kShareholderMinShare)) {
      line = regime::FormatPercentMillionths(t->millionths);
    }
    c.Missing(
        at + "/shareholders", item("shareholders"),
        {.ja = where_ja +
               (line.empty() ? "" : "議決権" + line + "以上の株主の記載（いなければ空の一覧）: "),
         .en = where_en + (line.empty() ? ""
                                        : fmt::format(" (holders of {} or more; an empty list "
                                                      "if there are none)",
                                                      line))});
  }
  if (req("foreign_government_dealings")) {
    const std::optional<ForeignGovernmentDealings>& d = p.foreign_government_dealings;
    const std::string fg = at + "/foreign_government_dealings";
    const std::string fg_item = item("foreign_government_dealings");
    const base::Text where{.ja = where_ja, .en = where_en};
    if (!d) {
      c.Missing(fg, fg_item, where);
    } else if (d->exists && form.FindThreshold(regime::kForeignGovernmentSalesMinShare)) {
      // The ordinance's test is met: the fiscal year, the government and the share.
      if (!d->fiscal_year_end) c.Missing(fg + "/fiscal_year_end", fg_item, where);
      if (d->government.empty()) c.Missing(fg + "/government", fg_item, where);
      if (!d->sales_share) c.Missing(fg + "/sales_share", fg_item, where);
    } else if (d->exists && d->description.empty()) {
      c.Missing(fg + "/description", fg_item, where);
    }
  }
  text("past_supply_record", p.past_supply_record);
  text("factory_location", p.factory_location);
}

// Whether any item with this prefix is required ("suppliers[]." → any supplier fact).
bool RequiresAnyWithPrefix(const regime::Form& form, std::string_view prefix) {
  return std::any_of(form.items.begin(), form.items.end(),
                     [&](const std::string& i) { return i.rfind(prefix, 0) == 0; });
}

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

}  // namespace

bool IsCountryCodeShape(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

namespace {

// ---- CheckComplete, one function per part of the filing (in the order of the findings)

// A text item the form requires, reported when empty.
void RequireText(Checker& c, const regime::Form& form, const std::string& item,
                 const std::string& pointer, const std::string& value) {
  if (form.Requires(item) && value.empty()) c.Missing(pointer, item, {.ja = "", .en = ""});
}

// The critical equipment and its components.
void CompleteEquipment(Checker& c, const Filing& f, const regime::Form& form) {
  RequireText(c, form, "equipment.name", "/equipment/name", f.equipment.name);
  RequireText(c, form, "equipment.purpose", "/equipment/purpose", f.equipment.purpose);
  if (form.Requires("equipment.functions") && f.equipment.functions.empty()) {
    c.Missing("/equipment/functions", "equipment.functions", {.ja = "", .en = ""});
  }
  RequireText(c, form, "equipment.location", "/equipment/location", f.equipment.location);
  RequireText(c, form, "equipment.definition", "/equipment/definition", f.equipment.definition);
  if (form.Requires("components") && f.components.empty()) {
    c.Missing("/components", "components", {.ja = "", .en = ""});
  }
  for (size_t i = 0; i < f.components.size(); ++i) {
    const Component& comp = f.components[i];
    const std::string at = fmt::format("/components/{}", i);
    const std::string wja = fmt::format("構成設備[{}]（{}）の", i, comp.name);
    const std::string wen = fmt::format(" (component [{}] {})", i, comp.name);
    if (form.Requires("components[].name") && comp.name.empty())
      c.Missing(
          at + "/name", "components[].name",
          {.ja = fmt::format("構成設備[{}]の", i), .en = fmt::format(" (component [{}])", i)});
    if (form.Requires("components[].role") && comp.role.empty())
      c.Missing(at + "/role", "components[].role", {.ja = wja, .en = wen});
    if (form.Requires("components[].supplier") && comp.supplier.empty())
      c.Missing(at + "/supplier", "components[].supplier", {.ja = wja, .en = wen});
  }
}

void CompleteInstallation(Checker& c, const Filing& f, const regime::Form& form) {
  RequireText(c, form, "installation.description", "/installation/description",
              f.installation.description);
  if (form.Requires("installation.planned_date") && f.installation.timing.empty()) {
    c.Missing("/installation/planned_date", "installation.planned_date", {.ja = "", .en = ""});
  }
}

void CompleteSuppliers(Checker& c, const Filing& f, const regime::Form& form) {
  if (form.Requires("suppliers") && f.suppliers.empty()) {
    c.Missing("/suppliers", "suppliers", {.ja = "", .en = ""});
  }
  for (size_t i = 0; i < f.suppliers.size(); ++i) {
    const Party& p = f.suppliers[i];
    CheckPartyFacts(c, form, "suppliers[]", p, fmt::format("/suppliers/{}", i),
                    fmt::format("供給者[{}]（{}）の", i, PartyName(p, i)),
                    fmt::format(" (supplier [{}] {})", i, PartyName(p, i)));
  }
}

// The entrusted maintenance: its content and date, the contractor and the subcontractors.
void CompleteMaintenance(Checker& c, const Filing& f, const regime::Form& form) {
  const Maintenance kNoMaintenance;
  const Maintenance& m = f.maintenance ? *f.maintenance : kNoMaintenance;
  RequireText(c, form, "maintenance.content", "/maintenance/content", m.content);
  if (form.Requires("maintenance.planned_date") && m.timing.empty()) {
    c.Missing("/maintenance/planned_date", "maintenance.planned_date", {.ja = "", .en = ""});
  }
  if (!m.contractor) {
    if (form.Requires("maintenance.contractor") ||
        RequiresAnyWithPrefix(form, "maintenance.contractor.")) {
      c.Missing("/maintenance/contractor", "maintenance.contractor", {.ja = "", .en = ""});
    }
  } else {
    CheckPartyFacts(c, form, "maintenance.contractor", *m.contractor, "/maintenance/contractor", "",
                    "");
  }
  for (size_t i = 0; i < m.subcontractors.size(); ++i) {
    const Party& p = m.subcontractors[i];
    CheckPartyFacts(c, form, "maintenance.subcontractors[]", p,
                    fmt::format("/maintenance/subcontractors/{}", i),
                    fmt::format("再委託先[{}]（{}）の", i, PartyName(p, i)),
                    fmt::format(" (subcontractor [{}] {})", i, PartyName(p, i)));
  }
}

void CompleteEmergencyAndChange(Checker& c, const Filing& f, const regime::Form& form) {
  const Emergency kNoEmergency;
  const Emergency& e = f.emergency ? *f.emergency : kNoEmergency;
  RequireText(c, form, "emergency.reason", "/emergency/reason", e.reason);
  if (form.Requires("emergency.installed_on") && !e.installed_on) {
    c.Missing("/emergency/installed_on", "emergency.installed_on", {.ja = "", .en = ""});
  }
  RequireText(c, form, "changes_to", "/changes_to", f.changes_to.value());
  RequireText(c, form, "change_summary", "/change_summary", f.change_summary);
  if (form.Requires("changed_on") && !f.changed_on) {
    c.Missing("/changed_on", "changed_on", {.ja = "", .en = ""});
  }
}

// The checklist, item by item, in the form's order.
void CompleteChecklist(Checker& c, const Filing& f, const regime::Form& form) {
  const bool all = form.Requires("risk_measures.*");
  for (const regime::ChecklistItem& item : form.checklist) {
    const std::string path = "risk_measures." + item.id;
    if (!all && !form.Requires(path)) continue;
    if (f.risk_measures.count(item.id) != 0) continue;
    c.Add(Kind::kMissing, "/risk_measures/" + PointerToken(item.id), path,
          {.ja = fmt::format("リスク管理措置「{}」への回答がありません", item.label.ja),
           .en = fmt::format("missing: answer to the risk-management item \"{}\"",
                             item.label.In(base::Lang::kEn))});
  }
}

// Whether the filing claims an omission of `form` that waives attachment `kind` for the parties at
// `path` ("maintenance.subcontractors[]").
bool OmissionWaives(const Filing& f, const regime::Form& form, std::string_view kind,
                    std::string_view path) {
  for (const std::string& id : f.omissions) {
    const regime::Omission* o = form.FindOmission(id);
    if (o != nullptr && o->parties == path &&
        std::find(o->attachments.begin(), o->attachments.end(), kind) != o->attachments.end()) {
      return true;
    }
  }
  return false;
}

// Each required attachment: one for the filing, or one for each party it is asked of (suppliers,
// and with per = party the contractor and subcontractors too), except what a claimed omission
// waives; and the proof of each claimed omission.
void CompleteAttachments(Checker& c, const Filing& f, const regime::Form& form) {
  const Maintenance kNoMaintenance;
  const Maintenance& m = f.maintenance ? *f.maintenance : kNoMaintenance;
  auto has = [&](std::string_view kind, const std::string& party) {
    return std::any_of(f.attachments.begin(), f.attachments.end(), [&](const Attachment& a) {
      return a.kind == kind && (party.empty() || a.party == party);
    });
  };
  for (const regime::AttachmentRule& rule : form.attachments) {
    if (!rule.required) continue;
    const std::string item = "attachments." + rule.kind;
    if (rule.per == regime::AttachmentRule::Per::kFiling) {
      if (!has(rule.kind, "")) {
        c.Add(Kind::kMissing, "/attachments", item,
              {.ja = fmt::format("添付書類「{}」がありません", rule.name.ja),
               .en = fmt::format("missing attachment: {}", rule.name.In(base::Lang::kEn))});
      }
      continue;
    }
    struct Who {
      const Party* party;
      base::Text label;
      std::string_view path;
    };
    std::vector<Who> parties;
    for (const Party& p : f.suppliers) {
      parties.push_back({&p, {.ja = "供給者", .en = "supplier"}, "suppliers[]"});
    }
    if (rule.per == regime::AttachmentRule::Per::kParty) {
      if (m.contractor) {
        parties.push_back(
            {&*m.contractor, {.ja = "委託先", .en = "contractor"}, "maintenance.contractor"});
      }
      for (const Party& p : m.subcontractors) {
        parties.push_back(
            {&p, {.ja = "再委託先", .en = "subcontractor"}, "maintenance.subcontractors[]"});
      }
    }
    for (size_t i = 0; i < parties.size(); ++i) {
      const Party& p = *parties[i].party;
      if (rule.waived_if_registered_in_japan && p.registered_in_japan) continue;
      if (OmissionWaives(f, form, rule.kind, parties[i].path)) continue;
      if (p.id.empty() || has(rule.kind, p.id)) continue;  // no id: reported by CheckValues
      c.Add(Kind::kMissing, "/attachments", item,
            {.ja = fmt::format("{}「{}」（{}）の添付書類「{}」がありません", parties[i].label.ja,
                               PartyName(p, i), p.id, rule.name.ja),
             .en = fmt::format("missing attachment: {} of {} \"{}\" ({})",
                               rule.name.In(base::Lang::kEn), parties[i].label.en, PartyName(p, i),
                               p.id)});
    }
  }
  for (const std::string& id : f.omissions) {
    const regime::Omission* o = form.FindOmission(id);
    if (o == nullptr || o->proof.empty() || has(o->proof, "")) continue;
    const regime::AttachmentRule* proof = form.FindAttachment(o->proof);
    const base::Text proof_name =
        proof != nullptr ? proof->name : base::Text{.ja = o->proof, .en = o->proof};
    c.Add(Kind::kMissing, "/attachments", "attachments." + o->proof,
          {.ja = fmt::format("「{}」を求めたため、添付書類「{}」が必要です", o->name.ja,
                             proof_name.ja),
           .en = fmt::format("missing attachment: {}, needed for the omission claimed ({})",
                             proof_name.In(base::Lang::kEn), o->name.In(base::Lang::kEn))});
  }
}

// The date that shows a document is recent enough, for the attachments whose rule asks it
// (AttachmentRule::fresh_within_months): its validity or the day it was made.
void CompleteAttachmentDates(Checker& c, const Filing& f, const regime::Form& form) {
  for (size_t i = 0; i < f.attachments.size(); ++i) {
    const Attachment& a = f.attachments[i];
    const regime::AttachmentRule* rule = nullptr;
    for (const regime::AttachmentRule& r : form.attachments) {
      if (r.kind == a.kind && r.fresh_within_months > 0) rule = &r;
    }
    if (rule == nullptr || a.issued_on || a.valid_until) continue;
    c.Add(Kind::kMissing, fmt::format("/attachments/{}/issued_on", i), "attachments." + a.kind,
          {.ja = fmt::format("添付書類「{}」（{}）の作成日又は有効期限がありません", rule->name.ja,
                             a.file_name),
           .en = fmt::format("missing: the date {} ({}) was made, or its validity",
                             rule->name.In(base::Lang::kEn), a.file_name)});
  }
}

// ---- CheckValues, one function per part of the filing (in the order of the findings)

// The filing's kind against the form's.
void CheckKind(Checker& c, const Filing& f, const regime::Form& form) {
  if (f.kind == form.kind) return;
  c.Add(Kind::kInvalid, "/kind", "kind",
        {.ja = fmt::format("届出の種類 {} に様式 {} は使えません", regime::FilingKindName(f.kind),
                           regime::FilingKindName(form.kind)),
         .en = fmt::format("a {} cannot use the form of a {}", regime::FilingKindName(f.kind),
                           regime::FilingKindName(form.kind))});
}

// The business and the functions listed, against the pack.
void CheckBusinessAndFunctions(Checker& c, const Filing& f, const regime::Pack& pack) {
  const bool business_known =
      std::any_of(pack.businesses.begin(), pack.businesses.end(),
                  [&](const regime::Business& b) { return b.id == f.business; });
  if (!business_known) {
    c.Add(Kind::kInvalid, "/business", "business",
          {.ja = fmt::format("事業 `{}` はパック {} にありません", f.business, pack.id),
           .en = fmt::format("business `{}` is not in pack {}", f.business, pack.id)});
  }
  for (size_t i = 0; i < f.equipment.functions.size(); ++i) {
    const std::string& fn = f.equipment.functions[i];
    if (pack.FindFunction(fn) == nullptr) {
      c.Add(Kind::kInvalid, fmt::format("/equipment/functions/{}", i), "function_id",
            {.ja = fmt::format("機能 `{}` はパック {} で定義されていません", fn, pack.id),
             .en = fmt::format("function `{}` is not defined by pack {}", fn, pack.id)});
    }
  }
}

// The equipment definition named: one of the business, and (a warning) whether the functions
// listed meet the version that applies on the planned date (else today, else any version).
void CheckEquipmentDefinition(Checker& c, const Filing& f, const regime::Pack& pack,
                              const ValueContext& ctx) {
  if (f.equipment.definition.empty()) return;
  std::optional<base::Date> on = f.installation.timing.first_day();
  if (!on && f.emergency) on = f.emergency->installed_on;
  if (!on) on = ctx.today;
  const regime::Equipment* def = nullptr;
  bool id_known = false;
  for (const regime::Equipment& e : pack.equipment) {
    if (e.business != f.business || e.id != f.equipment.definition) continue;
    id_known = true;
    if (def == nullptr || (on && e.Covers(*on))) def = &e;
  }
  if (!id_known) {
    c.Add(Kind::kInvalid, "/equipment/definition", "equipment_definition",
          {.ja = fmt::format("特定重要設備の定義 `{}` は事業 `{}` にありません",
                             f.equipment.definition, f.business),
           .en = fmt::format("critical-equipment definition `{}` is not one of business `{}`",
                             f.equipment.definition, f.business)});
    return;
  }
  if (def == nullptr) return;
  const auto& have = f.equipment.functions;
  auto listed = [&](const std::string& fn) {
    return std::find(have.begin(), have.end(), fn) != have.end();
  };
  const bool all_of = def->match == regime::Equipment::Match::kAllOf;
  const bool meets = all_of ? std::all_of(def->functions.begin(), def->functions.end(), listed)
                            : std::any_of(def->functions.begin(), def->functions.end(), listed);
  if (meets || have.empty()) return;
  std::string names;
  for (const std::string& fn : def->functions) names += (names.empty() ? "" : ", ") + fn;
  c.Add(Kind::kWarning, "/equipment/functions", "functions_meet_definition",
        {.ja = fmt::format("記載の機能は定義 `{}`（版 {}）の要件（{}: {}）を満たしていません",
                           def->id, def->version, all_of ? "全て" : "いずれか", names),
         .en = fmt::format("the functions listed do not meet definition `{}` (version {}): {} "
                           "of {}",
                           def->id, def->version, all_of ? "all" : "any", names)});
}

// A party's id (required for suppliers: components and attachments refer to it), unique among
// all parties of the filing (`all_ids` collects them).
void CheckPartyId(Checker& c, const Party& p, const std::string& at, bool needs_id,
                  std::set<std::string>& all_ids) {
  if (needs_id && p.id.empty()) {
    c.Add(Kind::kInvalid, at + "/id", "party_id",
          {.ja = "id がありません（構成設備・添付書類から参照するための識別子）",
           .en = "missing id (the reference components and attachments use)"});
  } else if (!p.id.empty() && !all_ids.insert(p.id).second) {
    c.Add(Kind::kInvalid, at + "/id", "party_id",
          {.ja = fmt::format("id `{}` が重複しています", p.id),
           .en = fmt::format("duplicate id `{}`", p.id)});
  }
}

// A party's country code and corporate number (check digit; present when registered in Japan).
void CheckPartyRegistration(Checker& c, const Party& p, const std::string& at) {
  if (!p.country.empty() && !IsCountryCodeShape(p.country)) {
    c.Add(
        Kind::kInvalid, at + "/country", "country_code",
        {.ja = fmt::format(
             "国コード \"{}\" は ISO 3166-1 の2文字（大文字、例: JP）で書いてください", p.country),
         .en = fmt::format("country code \"{}\" must be ISO 3166-1 alpha-2 (two capital letters, "
                           "e.g. JP)",
                           p.country)});
  }
  if (!p.corporate_number.empty()) {
    base::Status st = base::ValidateCorporateNumber(p.corporate_number);
    if (!st.ok()) {
      c.Add(Kind::kInvalid, at + "/corporate_number", "corporate_number_check_digit",
            {.ja = st.ja(), .en = st.en()});
    }
  } else if (p.registered_in_japan) {
    c.Add(
        Kind::kInvalid, at + "/corporate_number", "registered_in_japan_without_number",
        {.ja = "日本で登記されている法人には法人番号があるはずです（registered_in_japan が true）",
         .en = "a party registered in Japan has a corporate number (registered_in_japan is true)"});
  }
}

// Each officer's name and nationality.
void CheckOfficers(Checker& c, const Party& p, const std::string& at) {
  for (size_t i = 0; i < p.officers.size(); ++i) {
    const Officer& o = p.officers[i];
    const std::string oat = fmt::format("{}/officers/{}", at, i);
    if (o.name.empty()) {
      c.Add(Kind::kMissing, oat + "/name", "officer_name",
            {.ja = "役員の氏名がありません", .en = "missing: the officer's name"});
    }
    if (o.nationality.empty()) {
      c.Add(Kind::kMissing, oat + "/nationality", "officer_nationality",
            {.ja = "役員の国籍がありません", .en = "missing: the officer's nationality"});
    } else if (!IsCountryCodeShape(o.nationality)) {
      c.Add(
          Kind::kInvalid, oat + "/nationality", "country_code",
          {.ja = fmt::format("国籍 \"{}\" は ISO 3166-1 の2文字（大文字）で書いてください",
                             o.nationality),
           .en = fmt::format("nationality \"{}\" must be ISO 3166-1 alpha-2 (two capital letters)",
                             o.nationality)});
    }
  }
}

// Each shareholder's name, country and voting share (0% < share <= 100%), and their total.
void CheckShareholders(Checker& c, const Party& p, const std::string& at) {
  if (!p.shareholders) return;
  int64_t total = 0;
  for (size_t i = 0; i < p.shareholders->size(); ++i) {
    const Shareholder& s = (*p.shareholders)[i];
    const std::string sat = fmt::format("{}/shareholders/{}", at, i);
    if (s.name.empty()) {
      c.Add(Kind::kMissing, sat + "/name", "shareholder_name",
            {.ja = "株主の名称がありません", .en = "missing: the shareholder's name"});
    }
    if (s.country.empty()) {
      c.Add(Kind::kMissing, sat + "/country", "shareholder_country",
            {.ja = "株主の国がありません", .en = "missing: the shareholder's country"});
    } else if (!IsCountryCodeShape(s.country)) {
      c.Add(Kind::kInvalid, sat + "/country", "country_code",
            {.ja = fmt::format("国コード \"{}\" は ISO 3166-1 の2文字（大文字）で書いてください",
                               s.country),
             .en = fmt::format("country code \"{}\" must be ISO 3166-1 alpha-2", s.country)});
    }
    if (s.voting_share.millionths <= 0 || s.voting_share.millionths > 1'000'000) {
      c.Add(Kind::kInvalid, sat + "/voting_share", "voting_share_range",
            {.ja = fmt::format("議決権割合 {} は 0% より大きく 100% 以下でなければなりません",
                               regime::FormatPercentMillionths(s.voting_share.millionths)),
             .en = fmt::format("voting share {} must be more than 0% and at most 100%",
                               regime::FormatPercentMillionths(s.voting_share.millionths))});
    }
    total += s.voting_share.millionths;
  }
  if (total > 1'000'000) {
    c.Add(Kind::kInvalid, at + "/shareholders", "voting_share_total",
          {.ja = fmt::format("株主の議決権割合の合計が {} で、100% を超えています",
                             regime::FormatPercentMillionths(total)),
           .en = fmt::format("the shareholders' voting shares add up to {}, over 100%",
                             regime::FormatPercentMillionths(total))});
  }
}

void CheckParty(Checker& c, const Party& p, const std::string& at, bool needs_id,
                std::set<std::string>& all_ids) {
  CheckPartyId(c, p, at, needs_id, all_ids);
  CheckPartyRegistration(c, p, at);
  CheckOfficers(c, p, at);
  CheckShareholders(c, p, at);
}

void CheckSuppliers(Checker& c, const Filing& f, std::set<std::string>& all_ids) {
  for (size_t i = 0; i < f.suppliers.size(); ++i) {
    CheckParty(c, f.suppliers[i], fmt::format("/suppliers/{}", i), true, all_ids);
  }
}

void CheckContractors(Checker& c, const Filing& f, std::set<std::string>& all_ids) {
  if (!f.maintenance) return;
  if (f.maintenance->contractor) {
    CheckParty(c, *f.maintenance->contractor, "/maintenance/contractor", false, all_ids);
  }
  for (size_t i = 0; i < f.maintenance->subcontractors.size(); ++i) {
    CheckParty(c, f.maintenance->subcontractors[i],
               fmt::format("/maintenance/subcontractors/{}", i), false, all_ids);
  }
}

// Each component's supplier is one of the suppliers.
void CheckComponentSuppliers(Checker& c, const Filing& f) {
  std::set<std::string> supplier_ids;
  for (const Party& p : f.suppliers) {
    if (!p.id.empty()) supplier_ids.insert(p.id);
  }
  for (size_t i = 0; i < f.components.size(); ++i) {
    const std::string& s = f.components[i].supplier;
    if (!s.empty() && supplier_ids.count(s) == 0) {
      c.Add(Kind::kInvalid, fmt::format("/components/{}/supplier", i), "supplier_ref",
            {.ja = fmt::format("供給者 `{}` は suppliers にありません", s),
             .en = fmt::format("supplier `{}` is not in suppliers", s)});
    }
  }
}

// A period in order; when `future` (a plan), a first day not in the past and (a warning) not
// before the waiting period could end if the plan were received today.
void CheckTiming(Checker& c, const Timing& t, const std::string& at, bool future,
                 const ValueContext& ctx) {
  if (t.period && t.period->to < t.period->from) {
    c.Add(Kind::kInvalid, at + "/period/to", "period_order",
          {.ja = fmt::format("期間の終わり（{}）が始まり（{}）より前です", t.period->to.ToIso(),
                             t.period->from.ToIso()),
           .en = fmt::format("the period ends ({}) before it starts ({})", t.period->to.ToIso(),
                             t.period->from.ToIso())});
  }
  std::optional<base::Date> first = t.first_day();
  if (!future || !first || !ctx.today) return;
  const std::string ptr = at + (t.planned_date ? "/planned_date" : "/period/from");
  if (*first < *ctx.today) {
    c.Add(Kind::kInvalid, ptr, "planned_in_the_past",
          {.ja = fmt::format("予定日 {} が今日（{}）より前です。導入等の前に届け出るものです",
                             first->ToIso(), ctx.today->ToIso()),
           .en = fmt::format("planned for {}, before today ({}): a plan is filed before the "
                             "installation",
                             first->ToIso(), ctx.today->ToIso())});
    return;
  }
  auto waiting = calendar::WaitingPeriod(*ctx.today);
  if (waiting && *first < waiting->day_after()) {
    c.Add(
        Kind::kWarning, ptr, "before_waiting_period_can_end",
        {.ja = fmt::format("予定日 {} は、今日受理されても待機期間（30日、{}まで）が終わる前です。"
                           "期間の短縮がなければ導入等はできません",
                           first->ToIso(), waiting->period_end.ToIso()),
         .en = fmt::format("planned for {}: even if received today the waiting period (30 days, "
                           "until {}) would not have ended; installation needs it shortened",
                           first->ToIso(), waiting->period_end.ToIso())});
  }
}

// The installation's and the entrusted maintenance's dates.
void CheckInstallationAndMaintenanceDates(Checker& c, const Filing& f, const ValueContext& ctx) {
  CheckTiming(c, f.installation.timing, "/installation", !regime::FiledAfterTheFact(f.kind), ctx);
  if (f.maintenance) {
    CheckTiming(c, f.maintenance->timing, "/maintenance",
                f.kind == FilingKind::kMaintenanceEntrustment || f.kind == FilingKind::kPlanChange,
                ctx);
  }
}

// Parts that belong to some kinds only: emergency (the after-the-fact filings of an emergency,
// done by today), the change (the three kinds that change a plan; the day it was made, by today,
// for the two filed after it) and the maintenance (all kinds but the installation plan).
void CheckKindParts(Checker& c, const Filing& f, const ValueContext& ctx) {
  const bool emergency_kind =
      f.kind == FilingKind::kAfterTheFact || f.kind == FilingKind::kChangeAfterTheFact;
  if (f.emergency && !emergency_kind) {
    c.Add(Kind::kInvalid, "/emergency", "kind_part",
          {.ja = "emergency は緊急の場合の事後の届出（after_the_fact、change_after_the_fact）にだけ"
                 "書きます",
           .en = "emergency belongs to the filings made after an emergency only "
                 "(after_the_fact, change_after_the_fact)"});
  }
  if (f.emergency && f.emergency->installed_on && ctx.today &&
      *f.emergency->installed_on > *ctx.today) {
    c.Add(Kind::kInvalid, "/emergency/installed_on", "installed_in_the_future",
          {.ja = fmt::format("事後届出の導入等の日 {} が今日（{}）より後です",
                             f.emergency->installed_on->ToIso(), ctx.today->ToIso()),
           .en = fmt::format("an after-the-fact notification reports an installation on {}, after "
                             "today ({})",
                             f.emergency->installed_on->ToIso(), ctx.today->ToIso())});
  }
  if (!regime::ChangesAPlan(f.kind)) {
    if (!f.changes_to.empty()) {
      c.Add(Kind::kInvalid, "/changes_to", "kind_part",
            {.ja = "changes_to は計画の変更の届出・報告（plan_change、change_after_the_fact、"
                   "change_report）にだけ書きます",
             .en = "changes_to belongs to the filings that change a plan only (plan_change, "
                   "change_after_the_fact, change_report)"});
    }
    if (!f.change_summary.empty()) {
      c.Add(Kind::kInvalid, "/change_summary", "kind_part",
            {.ja = "change_summary は計画の変更の届出・報告（plan_change、change_after_the_fact、"
                   "change_report）にだけ書きます",
             .en = "change_summary belongs to the filings that change a plan only (plan_change, "
                   "change_after_the_fact, change_report)"});
    }
  }
  if (f.changed_on) {
    if (!regime::ChangesAPlan(f.kind) || !regime::FiledAfterTheFact(f.kind)) {
      c.Add(Kind::kInvalid, "/changed_on", "kind_part",
            {.ja = "changed_on は変更をした後の届出・報告（change_after_the_fact、change_report）"
                   "にだけ書きます",
             .en = "changed_on belongs to the filings made after a change only "
                   "(change_after_the_fact, change_report)"});
    } else if (ctx.today && *f.changed_on > *ctx.today) {
      c.Add(Kind::kInvalid, "/changed_on", "changed_in_the_future",
            {.ja = fmt::format("変更をした日 {} が今日（{}）より後です。この届出・報告は変更の後に"
                               "するものです",
                               f.changed_on->ToIso(), ctx.today->ToIso()),
             .en = fmt::format("the change is reported as made on {}, after today ({}): this is "
                               "filed after the change",
                               f.changed_on->ToIso(), ctx.today->ToIso())});
    }
  }
  if (f.maintenance && f.kind == FilingKind::kInstallationPlan) {
    c.Add(Kind::kInvalid, "/maintenance", "kind_part",
          {.ja = "maintenance は重要維持管理等の委託（maintenance_entrustment）の届出に書きます",
           .en = "maintenance belongs to maintenance entrustments (or their changes)"});
  }
}

// Every omission claimed is one the form allows, claimed once.
void CheckOmissions(Checker& c, const Filing& f, const regime::Form& form) {
  std::set<std::string> seen;
  for (size_t i = 0; i < f.omissions.size(); ++i) {
    const std::string& id = f.omissions[i];
    if (form.FindOmission(id) == nullptr) {
      std::string known;
      for (const regime::Omission& o : form.omissions) known += (known.empty() ? "" : ", ") + o.id;
      c.Add(Kind::kInvalid, fmt::format("/omissions/{}", i), "omission",
            {.ja = fmt::format("`{}` はこの様式が認める省略ではありません（認める省略: {}）", id,
                               known.empty() ? "なし" : known),
             .en = fmt::format("`{}` is not an omission this form allows (allowed: {})", id,
                               known.empty() ? "none" : known)});
    } else if (!seen.insert(id).second) {
      c.Add(Kind::kInvalid, fmt::format("/omissions/{}", i), "omission",
            {.ja = fmt::format("省略 `{}` が重複しています", id),
             .en = fmt::format("omission `{}` is claimed twice", id)});
    }
  }
}

// Every risk-management answer names an item of the form's checklist.
void CheckRiskMeasures(Checker& c, const Filing& f, const regime::Form& form) {
  for (const auto& [id, answer] : f.risk_measures) {
    if (form.FindChecklistItem(id) == nullptr) {
      c.Add(Kind::kInvalid, "/risk_measures/" + PointerToken(id), "checklist_id",
            {.ja = fmt::format("`{}` はこの様式のリスク管理措置の項目ではありません", id),
             .en = fmt::format("`{}` is not a risk-management item of this form", id)});
    }
  }
}

// Each attachment: its hash, size and file name, the party it is of (one of `party_ids`), and
// (a warning) a kind the form asks for.
void CheckAttachments(Checker& c, const Filing& f, const regime::Form& form,
                      const std::set<std::string>& party_ids) {
  for (size_t i = 0; i < f.attachments.size(); ++i) {
    const Attachment& a = f.attachments[i];
    const std::string at = fmt::format("/attachments/{}", i);
    if (!IsHex64(a.sha256)) {
      c.Add(Kind::kInvalid, at + "/sha256", "sha256",
            {.ja = "sha256 は16進数64桁（小文字）で書いてください",
             .en = "sha256 must be 64 lowercase hexadecimal digits"});
    }
    if (a.size < 0) {
      c.Add(Kind::kInvalid, at + "/size", "size",
            {.ja = "size は0以上です", .en = "size must be at least 0"});
    }
    if (a.file_name.empty()) {
      c.Add(Kind::kMissing, at + "/file_name", "file_name",
            {.ja = "ファイル名がありません", .en = "missing: the file name"});
    }
    if (!a.party.empty() && party_ids.count(a.party) == 0) {
      c.Add(Kind::kInvalid, at + "/party", "party_ref",
            {.ja = fmt::format("`{}` は供給者・委託先の id ではありません", a.party),
             .en = fmt::format("`{}` is not the id of a supplier or contractor", a.party)});
    }
    const bool asked =
        std::any_of(form.attachments.begin(), form.attachments.end(),
                    [&](const regime::AttachmentRule& r) { return r.kind == a.kind; });
    if (!asked) {
      c.Add(Kind::kWarning, at + "/kind", "attachment_kind",
            {.ja = fmt::format("添付書類の種類 `{}` はこの様式が求めるものではありません", a.kind),
             .en = fmt::format("attachment kind `{}` is not one this form asks for", a.kind)});
    }
  }
}

// Every party with the pointer of its JSON place: suppliers, the contractor, subcontractors.
std::vector<std::pair<const Party*, std::string>> PartiesWithPointers(const Filing& f) {
  std::vector<std::pair<const Party*, std::string>> out;
  for (size_t i = 0; i < f.suppliers.size(); ++i) {
    out.push_back({&f.suppliers[i], fmt::format("/suppliers/{}", i)});
  }
  if (f.maintenance) {
    if (f.maintenance->contractor) {
      out.push_back({&*f.maintenance->contractor, "/maintenance/contractor"});
    }
    for (size_t i = 0; i < f.maintenance->subcontractors.size(); ++i) {
      out.push_back(
          {&f.maintenance->subcontractors[i], fmt::format("/maintenance/subcontractors/{}", i)});
    }
  }
  return out;
}

// 国土交通省令第11条第4号 etc.: the fiscal year stated for the 25% test ended two months before the
// filing (today) at the latest, is one of the three latest, and the share meets the line.
void CheckForeignGovernmentTests(Checker& c, const Filing& f, const regime::Form& form,
                                 const ValueContext& ctx) {
  const regime::Threshold* line = form.FindThreshold(regime::kForeignGovernmentSalesMinShare);
  if (line == nullptr || !ctx.today) return;
  const base::Date cutoff = ForeignGovernmentTestCutoff(*ctx.today);
  for (const auto& [p, at] : PartiesWithPointers(f)) {
    if (!p->foreign_government_dealings || !p->foreign_government_dealings->exists) continue;
    const ForeignGovernmentDealings& d = *p->foreign_government_dealings;
    const std::string fg = at + "/foreign_government_dealings";
    if (d.fiscal_year_end && *d.fiscal_year_end > cutoff) {
      c.Add(Kind::kInvalid, fg + "/fiscal_year_end", "foreign_government_fiscal_year",
            {.ja = fmt::format("事業年度の末日 {} は届出の日（{}）の二月前の日 {} より後です。"
                               "その日以前に終了した事業年度で判定します",
                               d.fiscal_year_end->ToIso(), ctx.today->ToIso(), cutoff.ToIso()),
             .en = fmt::format("the fiscal year ending {} is after {}, two months before the "
                               "filing ({}); the test looks at years ended by then",
                               d.fiscal_year_end->ToIso(), cutoff.ToIso(), ctx.today->ToIso())});
    } else if (d.fiscal_year_end && *d.fiscal_year_end <= cutoff.AddMonthsClamped(-36)) {
      c.Add(Kind::kWarning, fg + "/fiscal_year_end", "foreign_government_fiscal_year",
            {.ja = fmt::format("事業年度の末日 {} は直近の三事業年度（{} 以前に終了したもの）より"
                               "前のようです",
                               d.fiscal_year_end->ToIso(), cutoff.ToIso()),
             .en = fmt::format("the fiscal year ending {} seems older than the three latest ones "
                               "ended by {}",
                               d.fiscal_year_end->ToIso(), cutoff.ToIso())});
    }
    if (d.sales_share && d.sales_share->millionths < line->millionths) {
      const std::string pct = regime::FormatPercentMillionths(line->millionths);
      c.Add(
          Kind::kWarning, fg + "/sales_share", "foreign_government_sales_share",
          {.ja = fmt::format("{} は {} 未満です。省令が記載を求めるのは {} 以上の場合です",
                             regime::FormatPercentMillionths(d.sales_share->millionths), pct, pct),
           .en =
               fmt::format("{} is below {}; the ordinance asks for it at {} or more",
                           regime::FormatPercentMillionths(d.sales_share->millionths), pct, pct)});
    }
  }
}

// 国土交通省令第9条第2項ただし書: documents valid on the filing date (today), or made within the
// rule's months before it.
void CheckAttachmentFreshness(Checker& c, const Filing& f, const regime::Form& form,
                              const ValueContext& ctx) {
  if (!ctx.today) return;
  const base::Date today = *ctx.today;
  for (size_t i = 0; i < f.attachments.size(); ++i) {
    const Attachment& a = f.attachments[i];
    int months = 0;
    for (const regime::AttachmentRule& r : form.attachments) {
      if (r.kind == a.kind) months = r.fresh_within_months;
    }
    if (months == 0) continue;
    const std::string at = fmt::format("/attachments/{}", i);
    if (a.valid_until) {
      if (*a.valid_until < today) {
        c.Add(Kind::kInvalid, at + "/valid_until", "attachment_expired",
              {.ja = fmt::format("{} の有効期限 {} は届出の日 {} より前です", a.file_name,
                                 a.valid_until->ToIso(), today.ToIso()),
               .en = fmt::format("{} is valid until {}, before the filing date {}", a.file_name,
                                 a.valid_until->ToIso(), today.ToIso())});
      }
      continue;
    }
    if (!a.issued_on) continue;  // reported by CheckComplete
    const base::Date since = MadeWithinMonthsSince(today, months);
    if (*a.issued_on < since || *a.issued_on > today) {
      c.Add(Kind::kInvalid, at + "/issued_on", "attachment_not_recent",
            {.ja = fmt::format("{} の作成日 {} は届出の日前{}月以内（{} から {} まで）では"
                               "ありません",
                               a.file_name, a.issued_on->ToIso(), months, since.ToIso(),
                               today.ToIso()),
             .en = fmt::format("{} was made on {}, not within {} months before the filing ({} "
                               "to {})",
                               a.file_name, a.issued_on->ToIso(), months, since.ToIso(),
                               today.ToIso())});
    }
  }
}

// The filer's corporate number (check digit).
void CheckFiler(Checker& c, const Filing& f) {
  if (f.filer.corporate_number.empty()) return;
  base::Status st = base::ValidateCorporateNumber(f.filer.corporate_number);
  if (!st.ok()) {
    c.Add(Kind::kInvalid, "/filer/corporate_number", "corporate_number_check_digit",
          {.ja = st.ja(), .en = st.en()});
  }
}

}  // namespace

base::Date ForeignGovernmentTestCutoff(base::Date filing) { return filing.AddMonthsClamped(-2); }

base::Date MadeWithinMonthsSince(base::Date filing, int months) {
  return filing.AddMonthsClamped(-months);
}

std::vector<MissingItem> CheckComplete(const Filing& f, const regime::Form& as_published) {
  // The items a claimed omission leaves out are not required of this filing.
  regime::Form form = as_published;
  for (const std::string& id : f.omissions) {
    const regime::Omission* o = as_published.FindOmission(id);
    if (o == nullptr) continue;  // reported by CheckValues
    std::erase_if(form.items, [&](const std::string& item) {
      return std::find(o->items.begin(), o->items.end(), item) != o->items.end();
    });
  }
  std::vector<MissingItem> out;
  Checker c(&out);
  CompleteEquipment(c, f, form);
  CompleteInstallation(c, f, form);
  CompleteSuppliers(c, f, form);
  CompleteMaintenance(c, f, form);
  CompleteEmergencyAndChange(c, f, form);
  CompleteChecklist(c, f, form);
  CompleteAttachments(c, f, form);
  CompleteAttachmentDates(c, f, form);
  return out;
}

std::vector<MissingItem> CheckValues(const Filing& f, const regime::Form& form,
                                     const ValueContext& ctx) {
  std::vector<MissingItem> out;
  Checker c(&out);
  CheckKind(c, f, form);
  if (ctx.pack != nullptr) {
    CheckBusinessAndFunctions(c, f, *ctx.pack);
    CheckEquipmentDefinition(c, f, *ctx.pack, ctx);
  }
  std::set<std::string> party_ids;
  CheckSuppliers(c, f, party_ids);
  CheckContractors(c, f, party_ids);
  CheckComponentSuppliers(c, f);
  CheckInstallationAndMaintenanceDates(c, f, ctx);
  CheckKindParts(c, f, ctx);
  CheckOmissions(c, f, form);
  CheckRiskMeasures(c, f, form);
  CheckAttachments(c, f, form, party_ids);
  CheckAttachmentFreshness(c, f, form, ctx);
  CheckForeignGovernmentTests(c, f, form, ctx);
  CheckFiler(c, f);
  return out;
}

std::vector<MissingItem> CheckFiling(const Filing& filing, const regime::Form& form,
                                     const ValueContext& context) {
  std::vector<MissingItem> out = CheckComplete(filing, form);
  std::vector<MissingItem> values = CheckValues(filing, form, context);
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

bool HasErrors(const std::vector<MissingItem>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const MissingItem& m) { return m.kind != MissingItem::Kind::kWarning; });
}

}  // namespace kikan::filings
