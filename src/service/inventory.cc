#include "service/inventory.h"

#include <fmt/format.h>

namespace kikan::service {
namespace {

base::Status Invalid(std::vector<base::FieldError> errors) {
  return base::InvalidArgument({.ja = "リクエスト本文に不足または誤りがあります",
                                .en = "the request body is incomplete or wrong"})
      .WithFields(std::move(errors));
}

}  // namespace

base::Result<EquipmentRecord> AddEquipment(store::Connection& c, const Env& env,
                                           const auth::Principal& caller, EquipmentRecord record,
                                           bool business_given) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  if (!business_given) {
    // The operator's only designation, as for filings.
    KIKAN_ASSIGN_OR_RETURN(auto designations,
                           ListDesignations(c, DesignationQuery::ForOperator(record.operator_id)));
    if (designations.size() != 1) {
      std::string list;
      for (const auto& d : designations) list += (list.empty() ? "" : ", ") + d.business.value();
      return Invalid(
          {{"/business",
            {.ja = fmt::format("事業を指定してください（{}）", list.empty() ? "指定なし" : list),
             .en =
                 fmt::format("name the business ({})", list.empty() ? "none designated" : list)}}});
    }
    record.business = designations[0].business;
  }
  KIKAN_ASSIGN_OR_RETURN(auto created, CreateEquipment(c, *env.regime, std::move(record),
                                                       {caller.user_id}, env.clock->Now()));
  KIKAN_TRY(tx.Commit());
  return created;
}

base::Result<EquipmentRecord> ChangeEquipment(store::Connection& c, const Env& env,
                                              const auth::Principal& caller, std::string_view id,
                                              EquipmentRecord record) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(auto updated, UpdateEquipment(c, *env.regime, id, std::move(record),
                                                       {caller.user_id}, env.clock->Now()));
  KIKAN_TRY(tx.Commit());
  return updated;
}

base::Status RemoveEquipment(store::Connection& c, const Env& env, const auth::Principal& caller,
                             std::string_view id) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_TRY(DeleteEquipment(c, id, {caller.user_id}, env.clock->Now()));
  return tx.Commit();
}

base::Result<std::vector<EquipmentRecord>> VisibleEquipment(store::Connection& c,
                                                            const auth::Principal& caller,
                                                            const base::OperatorId& operator_id) {
  return ListEquipment(c, operator_id, auth::Scope(caller));
}

}  // namespace kikan::service
