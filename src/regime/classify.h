// Classification of an operator's system against the critical-equipment definitions (特定重要設備)
// of its business: given the functions a system has and a date, which definitions are in force
// (Regime::EquipmentAt), whether the system falls under each (all_of: every function of the
// definition; any_of: at least one), which functions matched and which are missing, and why, in
// Japanese and English, with the definition's citation.
//
// Pure functions of their arguments; the result is a plain value that holds copies (no pointers
// into the Regime). Thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/lang.h"
#include "base/status.h"
#include "regime/regime.h"

namespace kikan::regime {

// The outcome under one definition in force.
struct DefinitionOutcome {
  std::string id;  // the definition's id ("tos")
  std::string version;
  base::Text name;
  std::string citation;
  Equipment::Match match = Equipment::Match::kAllOf;
  std::vector<std::string> functions;  // the definition's functions, in pack order
  bool critical = false;
  std::vector<std::string> matched;  // the definition's functions the system has (pack order)
  std::vector<std::string> missing;  // the definition's functions the system lacks (pack order)
  base::Text reason;  // e.g. "has all three functions of …", "lacks yard planning …"
};

struct Classification {
  base::BusinessId business;
  base::Date date;
  // Whether the system is critical equipment under at least one definition in force.
  bool critical = false;
  // One per definition in force at `date` (EquipmentAt order); empty when none is.
  std::vector<DefinitionOutcome> definitions;
  // The summary: the reason of the (first) definition that makes it critical, else the reasons
  // of all definitions joined, else why nothing applies (no definition in force, naming any
  // proposed or later ones).
  base::Text reason;
};

// "all_of" / "any_of" (the pack spelling).
std::string_view MatchName(Equipment::Match match);

// Classifies a system of `business` having `functions` (the pack's function ids; order and
// duplicates do not matter) at `date`. Errors:
//   kNotFound         the business is unknown (naming it);
//   kInvalidArgument  a function id is not one of the business's pack's [functions]: names
//                     every unknown id and lists the pack's functions.
base::Result<Classification> Classify(const Regime& regime, const base::BusinessId& business,
                                      std::span<const std::string> functions, base::Date date);

// The function ids among `functions` that the pack of `business` does not define (in input
// order, without duplicates). Errors: kNotFound for an unknown business.
base::Result<std::vector<std::string>> UnknownFunctions(const Regime& regime,
                                                        const base::BusinessId& business,
                                                        std::span<const std::string> functions);

}  // namespace kikan::regime
