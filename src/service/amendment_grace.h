// 法第53条第2項・第3項: when an amendment of the ministerial ordinance makes equipment (or
// maintenance) newly critical, the duty to file a plan (Art. 52(1)) does not apply to it for six
// months from the day it became critical — the amendment's effective date. The pack records an
// amendment of the equipment definition as a new version of the same equipment id with its own
// effective_from; this use case finds those revisions and computes their grace (calendar clocks
// equipment_amendment_grace / maintenance_amendment_grace).
//
// Which devices the grace covers is a question of fact: only those the revised definition makes
// critical and the previous one did not (「新たに特定重要設備となった」). Equipment critical under
// both definitions has had the duty all along. Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "calendar/period.h"
#include "regime/regime.h"

namespace kikan::service {

struct AmendmentGrace {
  base::Date effective;                // the amendment's effective date
  calendar::PeriodResult equipment;    // 法第53条第2項
  calendar::PeriodResult maintenance;  // 法第53条第3項 (same period, its own source)
};

// The grace after an amendment effective on `effective`. Errors: as calendar::ComputePeriod.
base::Result<AmendmentGrace> GraceAfterAmendment(base::Date effective);

// An equipment definition that revises an earlier version of the same equipment id.
struct EquipmentRevisionGrace {
  const regime::Equipment* revision = nullptr;  // the new definition
  const regime::Equipment* previous = nullptr;  // the version before it (by effective_from)
  calendar::PeriodResult grace;                 // 法第53条第2項 from revision->effective_from
};

// Every equipment definition of `business_id` whose effective_from is a revision of an earlier
// version of the same id (proposed versions included: their grace is what the draft would give),
// in EquipmentOf's order. A first version is not a revision: equipment defined with the
// business's first criteria falls under Art. 53(1) (from each operator's designation), not 53(2).
// Errors: as calendar::ComputePeriod.
base::Result<std::vector<EquipmentRevisionGrace>> EquipmentRevisionGraces(
    const regime::Regime& regime, const base::BusinessId& business_id);

}  // namespace kikan::service
