// Checking a filing against its form (regime::Form, the ordinance's 様式 as pack data): every
// missing item (a filing lacking a required item is not received; the ministry asks for 補正,
// regime-notes §3) and every value that cannot be right (a 法人番号 with a wrong check digit,
// shares over 100%, an unknown function id, an installation planned in the past, ...).
//
// Each finding names the place with a JSON pointer into the filing's JSON form (docs/filings.md:
// "/suppliers/1/corporate_number", "/risk_measures/access_control") and says what is wrong in
// Japanese and English. The checks never stop at the first finding.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "filings/model.h"
#include "regime/regime.h"

namespace kikan::filings {

struct MissingItem {
  enum class Kind {
    kMissing,  // a required item is absent (or empty)
    kInvalid,  // present, but wrong
    kWarning,  // allowed, but probably not what the filer means
  };
  std::string pointer;  // JSON pointer into the filing's JSON form
  // The form's item path ("suppliers[].officers", "risk_measures.access_control",
  // "attachments.registry_certificate") or, for a value check, a stable check id
  // ("corporate_number_check_digit", "country_code", ...).
  std::string item;
  base::Text message;
  Kind kind = Kind::kMissing;

  friend bool operator==(const MissingItem&, const MissingItem&) = default;
};

// Every required item of `form` that `filing` lacks, in form order then list order: items of
// list elements are reported for each element; a required list that is empty is reported once
// (its elements' items then are not); the checklist items (risk_measures.*) one by one; required
// attachments per party (waived for a party registered in Japan when the form says so) at
// "/attachments". Only kMissing findings.
std::vector<MissingItem> CheckComplete(const Filing& filing, const regime::Form& form);

// What the value checks may consult.
struct ValueContext {
  const regime::Pack* pack = nullptr;  // the business's pack: function and equipment ids
  std::optional<base::Date> today;     // for date checks (planned dates in the past, ...)
};

// The value checks (kInvalid and kWarning findings):
//   kind            the filing's kind is the form's
//   business        a business of the pack
//   equipment       the definition is one of the business's equipment ids; every function is
//                   declared by the pack; (warning) the functions do not meet the definition
//   parties         ids present and unique; components and attachments name existing ones;
//                   country codes have the ISO 3166-1 alpha-2 shape (two capital letters);
//                   法人番号 check digit (base::ValidateCorporateNumber); a party registered in
//                   Japan has a 法人番号; shares in (0, 100%] and their sum at most 100%;
//                   foreign-government dealings described when they exist
//   dates           a period does not end before it starts; an installation plan, change or
//                   entrustment is not planned before `today`; (warning) it is planned before a
//                   receipt today could let the waiting period end; an after-the-fact
//                   installation is not after `today`
//   parts by kind   emergency only for after_the_fact and change_after_the_fact (done by today);
//                   changes_to / change_summary only for the kinds that change a plan
//                   (plan_change, change_after_the_fact, change_report); changed_on only for the
//                   last two (by today); maintenance in any kind but installation_plan
//   checklist       answers only for the form's checklist items
//   attachments     sha256 is 64 hex digits, size >= 0; (warning) a kind the form does not ask;
//                   a kind the form wants recent (fresh_within_months) valid today, or made
//                   within those months before today and not after it
//   foreign govts   with the form's foreign_government_sales_min_share line and the test stated as
//                   met: the fiscal year ended on or before ForeignGovernmentTestCutoff(today);
//                   (warning) the share is below the line; (warning) the year is older than the
//                   three latest ones
// Checks needing the pack or today are skipped when the context lacks them.
std::vector<MissingItem> CheckValues(const Filing& filing, const regime::Form& form,
                                     const ValueContext& context);

// CheckComplete followed by CheckValues.
std::vector<MissingItem> CheckFiling(const Filing& filing, const regime::Form& form,
                                     const ValueContext& context);

// 国土交通省令第11条第4号 (and 第13条第5号, 第14条第4号, 第15条第6号): the 25% test looks at
// 「届出の日の 二月前の日以前に終了した直近の三事業年度」. This is 「届出の日の二月前の日」: the
// day with the filing's day number two months earlier, or that month's last day when it has none
// (interpretation). A fiscal year counts when it ended on or before it. 2026-04-15 → 2026-02-15;
// 2026-04-30 → 2026-02-28.
base::Date ForeignGovernmentTestCutoff(base::Date filing);

// 国土交通省令第9条第2項ただし書: an attachment with a validity must be valid on the filing date;
// one without must have been made 「当該届出の日前三月以内」 — on or after the day with the
// filing's day number `months` months earlier (that month's last day when it has none;
// interpretation). 2026-04-15, 3 → 2026-01-15.
base::Date MadeWithinMonthsSince(base::Date filing, int months);

// Whether `findings` has a kMissing or kInvalid entry (warnings do not block submission).
bool HasErrors(const std::vector<MissingItem>& findings);

// Whether `code` has the ISO 3166-1 alpha-2 shape: exactly two ASCII capital letters. (Kikan does
// not carry the list of assigned codes.)
bool IsCountryCodeShape(std::string_view code);

}  // namespace kikan::filings
