// The contents of a filing (届出) under 経済安全保障推進法 Art. 52–54, as plain values: the
// critical equipment, its components, the installation (or entrusted maintenance), the suppliers
// and contractors with the facts the Act asks about them, the risk-management checklist answers,
// attachments (their metadata only — file bodies live outside the domain), and the extra parts
// of an after-the-fact notification or a plan change (docs/filings.md, regime-notes.md §3).
//
// These structs know no JSON, SQL or HTTP: src/codec/filing_json.* is the JSON codec, the service
// stores them. Which items are required is not decided here but by the pack's form
// (regime::Form), checked by CheckComplete (validate.h).
//
// "Absent" is represented explicitly where the law distinguishes "not stated" from "none":
// an empty string or an empty optional means the item was not given. Plain values; copyable;
// thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "regime/regime.h"

namespace kikan::filings {

using FilingId = base::StrongId<struct FilingIdTag>;
using regime::FilingKind;

// A period of days, both ends inclusive.
struct DateRange {
  base::Date from;
  base::Date to;
  friend bool operator==(const DateRange&, const DateRange&) = default;
};

// A voting share as an exact fraction of the whole in millionths: 1% = 10'000, 100% = 1'000'000
// (regime::ParsePercentMillionths / FormatPercentMillionths convert to and from "12.5%").
struct Share {
  int64_t millionths = 0;
  friend auto operator<=>(const Share&, const Share&) = default;
};

// An officer (役員) of a party: the MLIT ordinance asks their name, date of birth and nationality
// (国土交通省令第11条第3号, 第13条第4号, 第14条第3号, 第15条第5号).
struct Officer {
  std::string name;
  std::string nationality;                  // ISO 3166-1 alpha-2, "JP"
  std::optional<base::Date> date_of_birth;  // 生年月日; nullopt = not stated
  friend bool operator==(const Officer&, const Officer&) = default;
};

struct Shareholder {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
  Share voting_share;
  friend bool operator==(const Shareholder&, const Shareholder&) = default;
};

// 外国政府等との取引 (regime-notes §3 item 3). The MLIT ordinance (第11条第4号, 第13条第5号,
// 第14条第4号, 第15条第6号) asks for it only when, in one of the three latest fiscal years that
// ended on or before the day two months before the filing, sales to the foreign governments
// (外国政府等) of one country or region were 25% or more of the party's sales: then the fiscal
// year, the government's name and that share. `exists` says whether the test is met (or, on a form
// without the 25% line, whether there are dealings at all).
struct ForeignGovernmentDealings {
  bool exists = false;
  std::string description;                    // free text (required when exists, without the line)
  std::optional<base::Date> fiscal_year_end;  // 当該事業年度 (its last day)
  std::string government;                     // 当該外国政府等の名称
  std::optional<Share> sales_share;           // its share of the party's sales that year
  friend bool operator==(const ForeignGovernmentDealings&,
                         const ForeignGovernmentDealings&) = default;
};

// A supplier (供給者), a maintenance contractor (委託先) or a subcontractor (再委託先): the law
// asks the same facts of each.
struct Party {
  std::string id;  // local reference within the filing ("s1"); components and attachments use it
  std::string name;
  std::string address;
  std::string country;               // 設立準拠法国, ISO 3166-1 alpha-2
  std::string corporate_number;      // 法人番号 (13 digits), or empty
  std::string foreign_registration;  // a foreign registration number, or empty
  std::string representative;
  std::vector<Officer> officers;
  // Shareholders at or above the form's line (5%, unverified). nullopt = not stated; an empty
  // list = stated that there are none.
  std::optional<std::vector<Shareholder>> shareholders;
  std::optional<ForeignGovernmentDealings> foreign_government_dealings;  // nullopt = not stated
  std::string past_supply_record;  // 過去の供給等の実績 (text; "なし" is an answer)
  // 特定重要設備（構成設備）を製造する工場又は事業場の所在地 (国土交通省令第11条第5号,
  // 第13条第6号): asked of suppliers of the equipment and of its components.
  std::string factory_location;
  bool registered_in_japan = false;  // 日本で登記されている (the 登記事項証明書 may be omitted)
  friend bool operator==(const Party&, const Party&) = default;
};

// The critical equipment (特定重要設備) the filing is about.
struct Equipment {
  std::string name;
  std::string purpose;
  std::vector<std::string> functions;  // function ids of the pack ([functions])
  std::string location;
  std::string definition;  // the pack's equipment definition id it falls under ("tos")
  friend bool operator==(const Equipment&, const Equipment&) = default;
};

// A component (構成設備) of the equipment.
struct Component {
  std::string name;
  std::string role;
  std::string supplier;  // Party::id of a supplier
  friend bool operator==(const Component&, const Component&) = default;
};

// When something is done: a planned date, or a period (時期又は期間).
struct Timing {
  std::optional<base::Date> planned_date;
  std::optional<DateRange> period;
  bool empty() const { return !planned_date && !period; }
  // The first day it may happen (the planned date, or the period's start).
  std::optional<base::Date> first_day() const {
    if (planned_date) return planned_date;
    if (period) return period->from;
    return std::nullopt;
  }
  friend bool operator==(const Timing&, const Timing&) = default;
};

struct Installation {
  std::string description;  // what is installed (導入等の内容)
  Timing timing;
  friend bool operator==(const Installation&, const Installation&) = default;
};

// Entrusted important maintenance (重要維持管理等の委託).
struct Maintenance {
  std::string content;
  Timing timing;
  std::optional<Party> contractor;
  std::vector<Party> subcontractors;
  friend bool operator==(const Maintenance&, const Maintenance&) = default;
};

// The answer to one checklist item (リスク管理措置).
struct RiskAnswer {
  bool implemented = false;
  std::string note;
  friend bool operator==(const RiskAnswer&, const RiskAnswer&) = default;
};

// An attached document, by its metadata.
struct Attachment {
  std::string kind;   // the form's attachment kind: "registry_certificate"
  std::string party;  // Party::id it belongs to, or empty for the filing as a whole
  std::string file_name;
  std::string sha256;  // 64 lowercase hex digits
  int64_t size = 0;    // bytes
  // When the document was made or issued, and until when it is valid, if it has a validity: the
  // MLIT ordinance (第9条第2項) accepts a document valid on the filing date or, without a validity,
  // made within three months before it.
  std::optional<base::Date> issued_on;
  std::optional<base::Date> valid_until;
  friend bool operator==(const Attachment&, const Attachment&) = default;
};

// For an after-the-fact notification (事後届出).
struct Emergency {
  std::string reason;
  std::optional<base::Date> installed_on;
  friend bool operator==(const Emergency&, const Emergency&) = default;
};

// The operator that files (the 特定社会基盤事業者).
struct Filer {
  base::OperatorId operator_id;  // the registry's operator id ("kamigumi")
  std::string name;
  std::string corporate_number;  // 法人番号
  friend bool operator==(const Filer&, const Filer&) = default;
};

// A filing's contents. The JSON form is {"kind", "business", ...} (docs/filings.md).
struct Filing {
  FilingKind kind = FilingKind::kInstallationPlan;
  base::BusinessId business;  // the pack's business id
  std::string note;           // free remark (e.g. "例示 (synthetic sample)")
  Filer filer;
  Equipment equipment;
  std::vector<Component> components;
  Installation installation;
  std::vector<Party> suppliers;
  std::optional<Maintenance> maintenance;
  std::map<std::string, RiskAnswer> risk_measures;  // checklist item id → answer
  std::vector<Attachment> attachments;
  std::optional<Emergency> emergency;  // after_the_fact, change_after_the_fact (the reason)
  FilingId changes_to;  // plan_change, change_after_the_fact, change_report: the plan changed
  std::string change_summary;  // the same kinds: what changes
  // change_after_the_fact, change_report: the day the change was made (Art. 54(3), 54(4)).
  std::optional<base::Date> changed_on;
  // The form's omissions the filing claims (regime::Omission ids, e.g. "subcontracting_measures").
  std::vector<std::string> omissions;
  friend bool operator==(const Filing&, const Filing&) = default;
};

}  // namespace kikan::filings
