// The regime as data: a regime pack (one TOML file per sector under data/regime/) declares the
// sector, its businesses, the entity kinds and fields its rules read, its criteria versions and
// its critical-equipment definitions, each with effective dates and a legal citation. The format
// is specified in docs/regime-packs.md. A Regime is every pack of a directory, loaded, validated
// and with every criteria rule compiled.
//
// Ownership and threads: a Regime owns its packs and compiled rules; immutable once loaded, so
// it may be shared between threads for reading.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "rules/rule.h"
#include "rules/schema.h"

namespace kikan::regime {

enum class CriteriaStatus { kInForce, kProposed, kRepealed };
// Which observations of the subject the criteria judge: the latest as of the evaluation date, or
// the record of the fiscal year (April–March) before the one containing the evaluation date.
enum class Period { kAsOf, kPreviousFiscalYear };

struct Sector {
  std::string id;
  base::Text name;  // ja / en
  std::string act;  // the Act's item, e.g. "法第50条第1項第6号 貨物自動車運送事業"
};

struct Ministry {
  std::string id;   // "mlit"
  base::Text name;  // 国土交通省 / Ministry of Land, Infrastructure, Transport and Tourism
};

struct Business {
  std::string id;             // "general_cargo_trucking"
  base::Text name;            // 一般貨物自動車運送事業
  std::string cabinet_order;  // the cabinet order's provision narrowing the Act's item
  std::string subject = "operator";  // the entity kind criteria are evaluated over
};

struct Criteria {
  std::string business;  // Business::id
  std::string version;   // "2022", "2025-06", ... unique within the business
  base::Date effective_from;
  std::optional<base::Date> effective_until;  // last day in force, inclusive
  CriteriaStatus status = CriteriaStatus::kInForce;
  std::string citation;
  Period period = Period::kAsOf;
  std::string rule;       // the rule's source text
  rules::Location rule_origin;  // where the rule text starts in the pack file
  std::string rationale;
  std::optional<rules::CompiledRule> compiled;  // set by Load when the rule compiles
};

struct Equipment {
  std::string business;
  std::string id;       // "tos"
  std::string version;
  base::Date effective_from;
  std::optional<base::Date> effective_until;
  base::Text name;
  enum class Match { kAllOf, kAnyOf } match = Match::kAllOf;
  std::vector<std::string> functions;  // function names, e.g. "vessel_planning"
  std::string citation;
};

struct Pack {
  std::string path;  // the file it was loaded from
  std::string id;
  Sector sector;
  Ministry ministry;
  std::vector<Business> businesses;
  rules::Schema schema;  // the pack's [[entity]] kinds
  std::vector<Criteria> criteria;
  std::vector<Equipment> equipment;
};

class Regime {
 public:
  const std::vector<Pack>& packs() const { return packs_; }

  // The pack and business with this id, or nullptr.
  const Business* FindBusiness(std::string_view business_id, const Pack** pack = nullptr) const;
  // Every criteria version of a business, ordered by effective_from.
  std::vector<const Criteria*> CriteriaOf(std::string_view business_id) const;
  // The version named `version` of a business. Errors: kNotFound listing the versions there are.
  base::Result<const Criteria*> FindCriteria(std::string_view business_id,
                                             std::string_view version) const;
  // The criteria in force at `date`: status in_force (or repealed, for dates it covered) and
  // effective_from <= date <= effective_until. Errors: kFailedPrecondition saying no criteria of
  // the business are in force at that date, and which versions exist with their dates (so a
  // date past a version's effective_until is said loudly, never silently answered with old
  // values).
  base::Result<const Criteria*> CriteriaAt(std::string_view business_id, base::Date date) const;

  std::vector<Pack> packs_;
};

// One problem in a pack: "file:line:column: message".
struct PackProblem {
  std::string file;
  int line = 0;
  int column = 0;
  base::Text message;
  bool warning = false;  // unknown keys are warnings; everything else an error
  std::string Render(base::Lang lang) const;
};

// Loads every *.toml under each path (a file or a directory). Returns the Regime when no error
// was found (warnings go to `problems` too), otherwise kInvalidArgument; either way every problem
// found is appended to `problems`, ordered by file, line and column.
base::Result<Regime> Load(const std::vector<std::string>& paths,
                          std::vector<PackProblem>* problems);

}  // namespace kikan::regime
