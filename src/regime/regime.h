// The regime as data: a regime pack (one TOML file per sector under data/regime/) declares the
// sector, its businesses, the entity kinds and fields its rules read, its criteria versions and
// its critical-equipment definitions and the forms of its filings (導入等計画書 and the others:
// required items, risk-management checklist, attachments, thresholds), each with effective dates
// and a legal citation. The format is specified in docs/regime-packs.md. A Regime is every pack of
// a directory, loaded, validated and with every criteria rule compiled.
//
// Ownership and threads: a Regime owns its packs and compiled rules; immutable once loaded, so
// it may be shared between threads for reading.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/lang.h"
#include "base/status.h"
#include "rules/rule.h"
#include "rules/schema.h"

namespace kikan::regime {

enum class CriteriaStatus { kInForce, kProposed, kRepealed };
// Which observations of the subject the criteria judge: the latest as of the evaluation date, or
// the record of the fiscal year (April–March) before the one containing the evaluation date.
enum class Period { kAsOf, kPreviousFiscalYear };

// The pack spellings: "in_force" / "proposed" / "repealed", "as_of" / "previous_fiscal_year".
std::string_view CriteriaStatusName(CriteriaStatus status);
std::string_view PeriodName(Period period);

struct Sector {
  std::string id;
  base::Text name;  // ja / en
  std::string act;  // the Act's item, e.g. "法第50条第1項第6号 貨物自動車運送事業"
};

struct Ministry {
  std::string id;   // "mlit"
  base::Text name;  // 国土交通省 / Ministry of Land, Infrastructure, Transport and Tourism
};

// Where a designation of the business applies (`[business.sites]`; docs/regime-packs.md §sites):
// for an operator, the `site` of each row it refers to through `via` that meets `where` — e.g.
// the harbours of the container terminals a port operator handles at whose port meets the TEU
// line. The register records the sites of each designation.
struct SitesSpec {
  std::string via;    // a refs (or ref) field of the subject: "handles_at"
  std::string where;  // a rule over the kind `via` refers to, with the criteria's params
  std::string site;   // a ref field of that kind, the site: "harbour"
  std::string group;  // optional: a ref field of the site's kind it belongs to: "port"
};

struct Business {
  base::BusinessId id;               // "general_cargo_trucking"
  base::Text name;                   // 一般貨物自動車運送事業
  std::string cabinet_order;         // the cabinet order's provision narrowing the Act's item
  std::string subject = "operator";  // the entity kind criteria are evaluated over
  std::string note;                  // remarks (e.g. why no equipment is defined yet)
  std::optional<SitesSpec> sites;    // none: designations of the business list no sites
};

// How a pack's date was arrived at when no source states it (issue 14 §5): `chosen` by the pack
// (a planned date the source gives only as a month), or `derived` (worked out from another date).
// Written in a pack as `date_basis = { kind = "chosen" | "derived", ja = "…", en = "…" }` on a
// [[criteria]], [[equipment]] or [[timeline]] entry; printed wherever the date is printed.
struct DateBasis {
  enum class Kind { kChosen, kDerived };
  Kind kind = Kind::kChosen;
  base::Text reason;  // why and from what
};
std::string_view DateBasisKindName(DateBasis::Kind kind);  // "chosen" / "derived"
// 「当パックで選んだ日付」/ "date chosen by this pack" (or derived), followed by the reason.
base::Text DateBasisLabel(const DateBasis& basis);

// An open point of the ordinance's text that the pack had to decide (which three years, whether
// figures are consolidated, what a 利用者 is, how a share is rounded, ...): named, so that every
// evaluation and explanation shows it, never a silent choice. `[[criteria.assumptions]]`.
struct Assumption {
  std::string id;        // identifier, unique within the criteria version
  base::Text text;       // the assumption as the pack reads the text (ja required)
  std::string citation;  // the provision it reads (optional)
};

struct Criteria {
  base::BusinessId business;  // Business::id
  std::string version;        // "2022", "2025-06", ... unique within the business
  base::Date effective_from;
  std::optional<base::Date> effective_until;  // last day in force, inclusive
  CriteriaStatus status = CriteriaStatus::kInForce;
  std::string citation;
  Period period = Period::kAsOf;
  std::string rule;             // the rule's source text
  rules::Location rule_origin;  // where the rule text starts in the pack file
  std::string rationale;
  std::optional<rules::CompiledRule> compiled;  // set by Load when the rule compiles
  base::Text name;  // a short title of the version (optional in the pack)
  // The named parameters ($name) the rule reads, as given in the pack's `params` table; the
  // compiled rule already has them bound (kept for display and for recompiling, e.g. calibrate).
  std::map<std::string, rules::Value, std::less<>> params;
  std::string note;
  std::optional<DateBasis> date_basis;  // when its dates are chosen or derived, not read
  std::vector<Assumption> assumptions;  // the open points the pack decided, in pack order

  // Whether the version covers `date` by its dates alone (status not considered).
  bool Covers(base::Date date) const {
    return effective_from <= date && (!effective_until || date <= *effective_until);
  }
};

struct Equipment {
  base::BusinessId business;
  std::string id;  // "tos"
  std::string version;
  base::Date effective_from;
  std::optional<base::Date> effective_until;
  base::Text name;
  enum class Match { kAllOf, kAnyOf } match = Match::kAllOf;
  std::vector<std::string> functions;  // function names, e.g. "vessel_planning"
  std::string citation;
  // in_force (the default, or repealed when effective_until is given) or proposed.
  CriteriaStatus status = CriteriaStatus::kInForce;
  std::string note;
  std::optional<DateBasis> date_basis;  // when its dates are chosen or derived, not read

  bool Covers(base::Date date) const {
    return effective_from <= date && (!effective_until || date <= *effective_until);
  }
};

// A label of a function name used by equipment definitions (the pack's `[functions]` table).
struct FunctionDef {
  std::string id;  // "vessel_stowage_planning"
  base::Text name;
  std::string citation;
};

// The sector's status in the Act (`[pack.act_status]`): whether the provisions that added it are
// in force. `present` is false for a sector of the Act as first enacted.
struct ActStatus {
  bool present = false;
  bool in_force = true;
  std::string law;  // the amending law, "令和6年法律第28号"
  std::optional<base::Date> promulgated;
  std::optional<base::Date> in_force_from;
  base::Text description;
  std::string note;
  // The amendment must come into force within this many months of its promulgation, on a day a
  // cabinet order sets (`in_force_within = { months, counted_from_promulgation, citation }`):
  // 0 = not stated. With counted_from_promulgation (「公布の日から起算して」) the promulgation day
  // is day 1.
  int in_force_within_months = 0;
  bool counted_from_promulgation = true;
  std::string in_force_within_citation;
};

// A case an ordinance lists for a provision of the Act (`[[listed_case]]`): a change of a notified
// plan that is 重要な変更 (Art. 54(1): filed beforehand and reviewed again) or 軽微な変更 (Art.
// 54(4): nothing to file), or the emergency in which the installation (or the change) may come
// before the filing (Art. 52(1) proviso, Art. 54(1) proviso).
struct ListedCase {
  enum class Kind { kImportantChange, kMinorChange, kEmergency } kind = Kind::kImportantChange;
  std::string id;
  base::Text name;
  std::string citation;
  std::string note;
};
// "important_change", "minor_change", "emergency".
std::string_view ListedCaseKindName(ListedCase::Kind kind);

// One name an organisation of the sector's dataset bears over a period (`[[organization_name]]`):
// names change by law (社会保険診療報酬支払基金 → 医療情報基盤・診療報酬審査支払機構). A name whose
// start is set by a cabinet order not yet known has no valid_from, only valid_from_text
// (「政令で定める日」).
struct OrganizationName {
  std::string of;  // the organisation's id in the dataset ("shiharai-kikin")
  base::Text name;
  std::optional<base::Date> valid_from;
  std::string valid_from_text;
  std::string citation;
};

// A dated event of the sector (`[[timeline]]`).
struct TimelineEvent {
  base::Date date;
  std::string time;           // "06:30" (JST) or empty
  std::string kind;           // law, ordinance, designation, obligation, incident, meeting, ...
  base::Text text;            // what happened
  base::BusinessId business;  // the business concerned, or empty
  bool planned = false;       // a planned date, not something that happened
  bool approximate = false;   // the figures are estimates (約)
  std::vector<std::pair<std::string, int64_t>> figures;  // {"ships", 37}, ... in pack order
  std::string citation;
  std::optional<DateBasis> date_basis;  // when the date is chosen or derived, not read
};

// --- filing forms (the ordinance's 様式 as data; docs/regime-packs.md §form) -------------------

// The kinds of filing (届出) a form can describe. Pack spellings: "installation_plan"
// (導入等計画書, Art. 52(1)), "maintenance_entrustment" (重要維持管理等の委託, Art. 52(1)),
// "plan_change" (変更の案, filed beforehand, Art. 54(1)), "after_the_fact" (緊急導入等届出書,
// Art. 52(11)), "change_after_the_fact" (the plan as changed in an emergency, filed without delay
// after the change, Art. 54(3)), "change_report" (the report of another change, Art. 54(4)).
// The first three are reviewed under the clock of Art. 52(3)–(10); the other three are filed after
// the fact and acknowledged (filings::ReviewedUnderTheClock).
enum class FilingKind {
  kInstallationPlan,
  kMaintenanceEntrustment,
  kPlanChange,
  kAfterTheFact,
  kChangeAfterTheFact,
  kChangeReport,
};
inline constexpr FilingKind kAllFilingKinds[] = {
    FilingKind::kInstallationPlan, FilingKind::kMaintenanceEntrustment, FilingKind::kPlanChange,
    FilingKind::kAfterTheFact,     FilingKind::kChangeAfterTheFact,     FilingKind::kChangeReport,
};
// Whether a filing of `kind` changes a notified plan (names it in changes_to): plan_change,
// change_after_the_fact, change_report.
bool ChangesAPlan(FilingKind kind);
// Whether a filing of `kind` is made after what it notifies was done (after_the_fact,
// change_after_the_fact, change_report): no waiting period, no review clock.
bool FiledAfterTheFact(FilingKind kind);
// "installation_plan, maintenance_entrustment, …": every kind's pack spelling, for messages.
std::string FilingKindNames();

std::string_view FilingKindName(FilingKind kind);
std::optional<FilingKind> ParseFilingKind(std::string_view name);
// 「導入等計画書」/ "installation plan".
base::Text FilingKindLabel(FilingKind kind);

// One item a form may require, from the fixed catalogue of item paths the filing model knows
// (FormItemCatalog). `path` is the pack spelling: "equipment.name", "suppliers[].officers",
// "maintenance.contractor.country", ... `[]` marks "every element of the list".
struct FormItemSpec {
  std::string path;
  base::Text label;  // 「供給者の役員（氏名・国籍）」
};

// Every item path a form may list, in catalogue order (risk_measures.<id> items are not in it:
// they are the form's checklist ids). Immutable static data; thread-safe.
const std::vector<FormItemSpec>& FormItemCatalog();
// The catalogue entry of `path`, or nullptr.
const FormItemSpec* FindFormItem(std::string_view path);

// One item of the risk-management checklist (リスク管理措置, Art. 52(2)).
struct ChecklistItem {
  std::string id;  // "access_control"
  base::Text label;
  std::string citation;
};

// An attachment the form asks for (添付書類).
struct AttachmentRule {
  std::string kind;  // "registry_certificate"
  base::Text name;   // 登記事項証明書
  // Whom it is required for: each supplier (kSupplier), each supplier, contractor and
  // subcontractor (kParty), or once per filing (kFiling).
  enum class Per { kSupplier, kParty, kFiling } per = Per::kSupplier;
  bool required = true;
  // Not required for a party registered in Japan (登記事項証明書: regime-notes §3).
  bool waived_if_registered_in_japan = false;
  // The document must be valid on the filing date or, without a validity, made within this many
  // months before it (国土交通省令第9条第2項 ただし書: 3); 0 = no such rule.
  int fresh_within_months = 0;
  std::string citation;
};

// An omission the ordinance allows when the filing claims it (国土交通省令第17条: when the operator
// takes the measures over subcontracting it lists, the subcontractors' facts of
// 第15条第1号・第2号・ 第4号〜第6号 and their officers' documents may be left out, with a document
// proving the measures). A filing claims it by id ("omissions": ["subcontracting_measures"]); then
// `items` are no longer required, nor the `attachments` kinds of the parties at `parties`, and the
// `proof` attachment is required once for the filing.
struct Omission {
  std::string id;                        // "subcontracting_measures"
  base::Text name;                       // 再委託に係る記載の省略（第17条の措置）
  std::vector<std::string> items;        // item paths of the form's items
  std::vector<std::string> attachments;  // attachment kinds of the form
  std::string parties;  // whose attachments: "suppliers[]", "maintenance.contractor" or
                        // "maintenance.subcontractors[]"
  std::string proof;    // an attachment kind of the form (per = "filing")
  std::string citation;
};

// A numeric line of the form, as an exact percentage (e.g. the 5% shareholder line).
struct Threshold {
  std::string id;          // "shareholder_min_share"
  int64_t millionths = 0;  // 1% = 10'000; 5% = 50'000 (exact; no floating point)
  bool verified = true;    // false: the value could not be checked against the statute
  std::string citation;
  std::string note;
};

// The known threshold ids; a form naming another one is an error.
inline constexpr std::string_view kShareholderMinShare = "shareholder_min_share";
// The share of a party's sales to the foreign governments of one country or region from which
// the form asks for them (25%: 国土交通省令第11条第4号 etc.).
inline constexpr std::string_view kForeignGovernmentSalesMinShare =
    "foreign_government_sales_min_share";

// Parses a percentage written "5%", "5", "12.5%" or "33.3333%" (at most 4 decimals, 0..100)
// into millionths of the whole (5% = 50'000). nullopt for anything else.
std::optional<int64_t> ParsePercentMillionths(std::string_view text);
// 50'000 → "5%", 125'000 → "12.5%", 333'333 → "33.3333%".
std::string FormatPercentMillionths(int64_t millionths);

// One version of the form of one filing kind (`[[form]]`).
struct Form {
  FilingKind kind = FilingKind::kInstallationPlan;
  std::string version;
  base::Text name;  // 導入等計画書
  std::string citation;
  base::Date effective_from;
  std::optional<base::Date> effective_until;
  std::vector<std::string> items;  // required item paths, catalogue or "risk_measures.<id>"
  std::vector<ChecklistItem> checklist;
  std::vector<AttachmentRule> attachments;
  std::vector<Threshold> thresholds;
  std::vector<Omission> omissions;
  std::string note;

  bool Covers(base::Date date) const {
    return effective_from <= date && (!effective_until || date <= *effective_until);
  }
  bool Requires(std::string_view path) const {
    for (const std::string& i : items) {
      if (i == path) return true;
    }
    return false;
  }
  const ChecklistItem* FindChecklistItem(std::string_view id) const {
    for (const ChecklistItem& c : checklist) {
      if (c.id == id) return &c;
    }
    return nullptr;
  }
  const Threshold* FindThreshold(std::string_view id) const {
    for (const Threshold& t : thresholds) {
      if (t.id == id) return &t;
    }
    return nullptr;
  }
  const Omission* FindOmission(std::string_view id) const {
    for (const Omission& o : omissions) {
      if (o.id == id) return &o;
    }
    return nullptr;
  }
  const AttachmentRule* FindAttachment(std::string_view attachment_kind) const {
    for (const AttachmentRule& a : attachments) {
      if (a.kind == attachment_kind) return &a;
    }
    return nullptr;
  }
};

struct Pack {
  std::string path;    // the file it was loaded from
  std::string source;  // the bytes the loader parsed (what a pack version's hash is taken of)
  // The ordinance forms file the pack's `[pack] forms` names (data/regime/forms/*.toml), whose
  // forms and listed cases are in `forms` and `listed_cases` too; both empty without one. The
  // pack version is taken of `source` and `forms_source` together.
  std::string forms_path;
  std::string forms_source;
  std::string id;
  Sector sector;
  Ministry ministry;
  std::vector<Business> businesses;
  rules::Schema schema;  // the pack's [[entity]] kinds
  std::vector<Criteria> criteria;
  std::vector<Equipment> equipment;
  base::Text name;  // the pack's title
  std::string note;
  ActStatus act_status;
  std::vector<FunctionDef> functions;    // may be empty
  std::vector<TimelineEvent> timeline;   // ordered by date (and time) as loaded
  std::vector<Form> forms;               // [[form]], in pack order, then the forms file's
  std::vector<ListedCase> listed_cases;  // [[listed_case]], likewise
  std::vector<OrganizationName> organization_names;  // [[organization_name]], in pack order

  // The label of a function name, or nullptr.
  const FunctionDef* FindFunction(std::string_view function_id) const;
  // The version of the form of `kind` that covers `date`, or nullptr (versions of one kind do
  // not overlap: the loader refuses that).
  // The name `of` bears on `date`: the latest of its names whose valid_from is on or before it (a
  // name without a known valid_from is never in effect yet), or nullptr when the pack names none.
  const OrganizationName* NameAt(std::string_view of, base::Date date) const {
    const OrganizationName* best = nullptr;
    for (const OrganizationName& n : organization_names) {
      if (n.of != of) continue;
      if (n.valid_from && *n.valid_from > date) continue;
      if (!n.valid_from && !n.valid_from_text.empty()) continue;  // 政令で定める日: not known
      if (best == nullptr ||
          (n.valid_from && (!best->valid_from || *best->valid_from < *n.valid_from)))
        best = &n;
    }
    return best;
  }
  const Form* FindForm(FilingKind kind, base::Date date) const {
    for (const Form& f : forms) {
      if (f.kind == kind && f.Covers(date)) return &f;
    }
    return nullptr;
  }
  // The form of `kind` named `version`, or nullptr.
  const Form* FindFormVersion(FilingKind kind, std::string_view version) const {
    for (const Form& f : forms) {
      if (f.kind == kind && f.version == version) return &f;
    }
    return nullptr;
  }
};

class Regime {
 public:
  const std::vector<Pack>& packs() const { return packs_; }

  // The pack and business with this id, or nullptr.
  const Business* FindBusiness(const base::BusinessId& business_id,
                               const Pack** pack = nullptr) const;
  // Every criteria version of a business, ordered by effective_from.
  std::vector<const Criteria*> CriteriaOf(const base::BusinessId& business_id) const;
  // The version named `version` of a business (any status). Errors: kNotFound listing the
  // versions there are, or naming the unknown business.
  base::Result<const Criteria*> FindCriteria(const base::BusinessId& business_id,
                                             std::string_view version) const;
  // The criteria in force at `date`: status in_force (or repealed, for dates it covered) and
  // effective_from <= date <= effective_until. Errors: kFailedPrecondition saying no criteria of
  // the business are in force at that date, and which versions exist with their dates (so a
  // date past a version's effective_until is said loudly, never silently answered with old
  // values). kNotFound when the business is unknown.
  base::Result<const Criteria*> CriteriaAt(const base::BusinessId& business_id,
                                           base::Date date) const;
  // Every equipment definition (all ids and versions) of a business, ordered by id then
  // effective_from.
  std::vector<const Equipment*> EquipmentOf(const base::BusinessId& business_id) const;
  // The definitions that apply at `date`: not proposed and covering the date (one per id).
  std::vector<const Equipment*> EquipmentAt(const base::BusinessId& business_id,
                                            base::Date date) const;

  std::vector<Pack> packs_;
};

// One problem in a pack: "file:line:column: message".
struct PackProblem {
  std::string file;
  int line = 0;
  int column = 0;
  base::Text message;
  bool warning = false;  // unknown keys are warnings; everything else an error
  // The pack file's line and a caret under the column ("  rule = ...\n  ^\n"), or empty.
  std::string excerpt;
  // "file:line:column: message"; a warning reads "file:line:column: 警告: message" ("warning:").
  std::string Render(base::Lang lang) const;
};

// Loads every *.toml under each path (a file or a directory). Returns the Regime when no error
// was found (warnings go to `problems` too), otherwise kInvalidArgument; either way every problem
// found is appended to `problems`, ordered by file, line and column.
base::Result<Regime> Load(const std::vector<std::string>& paths,
                          std::vector<PackProblem>* problems);

}  // namespace kikan::regime
