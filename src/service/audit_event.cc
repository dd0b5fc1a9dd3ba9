#include "service/audit_event.h"

#include "audit/event.h"
#include "audit/log.h"

namespace kikan::service {

base::Status RecordEvent(store::Connection& c, std::string_view actor, base::Instant now,
                         std::string_view action, std::string_view type, std::string_view id,
                         std::string state_hash, std::string detail) {
  audit::EventInput in;
  in.at = base::FormatInstant(now);
  in.actor = std::string(actor);
  in.action = std::string(action);
  in.object_type = std::string(type);
  in.object_id = std::string(id);
  in.state_hash = std::move(state_hash);
  in.detail = std::move(detail);
  KIKAN_TRY(audit::Append(c, in));
  return base::Status::Ok();
}

}  // namespace kikan::service
