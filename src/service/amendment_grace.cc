#include "service/amendment_grace.h"

#include "calendar/clocks.h"

namespace kikan::service {

base::Result<AmendmentGrace> GraceAfterAmendment(base::Date effective) {
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult equipment,
                         calendar::EquipmentAmendmentGrace(effective));
  KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult maintenance,
                         calendar::MaintenanceAmendmentGrace(effective));
  return AmendmentGrace{.effective = effective,
                        .equipment = std::move(equipment),
                        .maintenance = std::move(maintenance)};
}

base::Result<std::vector<EquipmentRevisionGrace>> EquipmentRevisionGraces(
    const regime::Regime& regime, const base::BusinessId& business_id) {
  std::vector<EquipmentRevisionGrace> out;
  const std::vector<const regime::Equipment*> all = regime.EquipmentOf(business_id);
  for (const regime::Equipment* e : all) {
    const regime::Equipment* previous = nullptr;
    for (const regime::Equipment* other : all) {
      if (other == e || other->id != e->id || !(other->effective_from < e->effective_from))
        continue;
      if (previous == nullptr || previous->effective_from < other->effective_from) previous = other;
    }
    if (previous == nullptr) continue;
    KIKAN_ASSIGN_OR_RETURN(calendar::PeriodResult grace,
                           calendar::EquipmentAmendmentGrace(e->effective_from));
    out.push_back({.revision = e, .previous = previous, .grace = std::move(grace)});
  }
  return out;
}

}  // namespace kikan::service
