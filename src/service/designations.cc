#include "service/designations.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace kikan::service {
namespace {

struct Evaluated {
  std::shared_ptr<const registry::Dataset> dataset;
  registry::Evaluation evaluation;
};

base::Result<Evaluated> EvaluateAt(const Env& env, const base::BusinessId& business,
                                   base::Date date, bool date_given) {
  KIKAN_ASSIGN_OR_RETURN(auto dataset, env.DatasetOf(business));
  registry::EvaluationRequest request;
  request.business = business;
  request.as_of = date;
  request.as_of_given = date_given;
  KIKAN_ASSIGN_OR_RETURN(auto evaluation, registry::Evaluate(*env.regime, *dataset, request));
  return Evaluated{std::move(dataset), std::move(evaluation)};
}

}  // namespace

base::Result<DesignationProposals> ProposeDesignations(store::Connection& c, const Env& env,
                                                       const base::BusinessId& business,
                                                       base::Date date, bool date_given) {
  KIKAN_ASSIGN_OR_RETURN(auto evaluated, EvaluateAt(env, business, date, date_given));
  KIKAN_ASSIGN_OR_RETURN(auto registered,
                         ListDesignations(c, DesignationQuery::ForBusiness(business)));
  std::vector<std::string> ids;
  for (const auto& d : registered) ids.push_back(d.operator_id.value());
  const std::vector<uint8_t> all(ids.size(), 1);
  const registry::Evaluation& ev = evaluated.evaluation;
  registry::RowDiff diff = registry::DiffRows(ids, all, ev.subject().ids, ev.designated);
  DesignationProposals out;
  out.propose = std::move(diff.entered);
  out.confirmed = std::move(diff.stayed);
  for (size_t r = 0; r < ev.designated.size(); ++r) {
    if (ev.VerdictAt(r) == registry::Verdict::kUndetermined) out.undetermined.push_back(r);
  }
  for (size_t i : diff.left) {
    // Undetermined is not "no longer meets": the data must be completed first.
    const auto row = ev.subject().RowOf(registered[i].operator_id.view());
    if (row && ev.VerdictAt(*row) == registry::Verdict::kUndetermined) continue;
    out.no_longer.push_back(registered[i]);
  }
  out.dataset = std::move(evaluated.dataset);
  out.evaluation = std::move(evaluated.evaluation);
  return out;
}

base::Result<Designation> DesignateOperator(store::Connection& c, const Env& env,
                                            const auth::Principal& caller, NewDesignation in) {
  KIKAN_ASSIGN_OR_RETURN(auto evaluated,
                         EvaluateAt(env, in.business, in.designated_on, /*date_given=*/false));
  const registry::Evaluation& ev = evaluated.evaluation;
  auto row = ev.RowOf(in.operator_id.view());
  if (!row) {
    return row.status().WithFields({{"/operator", row.status().text()}});
  }
  if (ev.VerdictAt(*row) == registry::Verdict::kUndetermined) {
    // Undetermined is not "does not meet": say which values the data must supply first.
    KIKAN_ASSIGN_OR_RETURN(rules::Explanation ex, ev.Explain(*row));
    const std::string missing = fmt::format("{}", fmt::join(ex.MissingInputs(), ", "));
    return base::FailedPrecondition(
        {.ja = fmt::format(
             "{} は {} の指定基準（{}版）で判定できません。データに {} の値がありません",
             in.operator_id, in.business, ev.criteria->version, missing),
         .en = fmt::format("{} cannot be judged under the criteria {} of {}: its data lacks {}",
                           in.operator_id, ev.criteria->version, in.business, missing)});
  }
  if (!ev.designated[*row]) {
    return base::FailedPrecondition(
        {.ja = fmt::format("{} は {} に施行中の {} の指定基準（{}版）を満たしていません（{}）",
                           in.operator_id, in.designated_on.ToIso(), in.business,
                           ev.criteria->version, ev.criteria->citation),
         .en =
             fmt::format("{} does not meet the criteria {} of {} in force on {} ({}; the proposals "
                         "explain who does)",
                         in.operator_id, ev.criteria->version, in.business,
                         in.designated_on.ToIso(), ev.criteria->citation)});
  }
  const rules::Table& subject = ev.subject();
  const base::Instant now = env.clock->Now();
  const Actor actor{caller.user_id};
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  if (auto existing = GetOperator(c, in.operator_id.view()); !existing) {
    if (existing.status().code() != base::StatusCode::kNotFound) return existing.status();
    Operator op{in.operator_id, subject.TextAt("corporate_number", *row), subject.names[*row], "",
                subject.TextAt("prefecture", *row)};
    KIKAN_TRY(PutOperator(c, op, actor, now));
  }
  Designation d;
  d.operator_id = std::move(in.operator_id);
  d.business = std::move(in.business);
  d.designated_on = in.designated_on;
  d.gazette_ref = std::move(in.gazette_ref);
  d.criteria_version = ev.criteria->version;
  KIKAN_ASSIGN_OR_RETURN(auto created, Designate(c, std::move(d), actor, now));
  KIKAN_TRY(tx.Commit());
  return created;
}

base::Result<Designation> CancelDesignation(store::Connection& c, const Env& env,
                                            const auth::Principal& caller, int64_t id,
                                            base::Date on, std::string reason) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(
      auto revoked, Revoke(c, id, on, std::move(reason), Actor{caller.user_id}, env.clock->Now()));
  KIKAN_TRY(tx.Commit());
  return revoked;
}

const RevocationDuty& NoLongerMeetsRevocation() {
  static const RevocationDuty kDuty{
      .text = {.ja =
                   "基準に該当しなくなったと認めるときは、指定を解除しなければならない（法第51条。"
                   "裁量ではない。解除の通知・公示は第50条第2項を準用）",
               .en = "once the criteria are found no longer met, the designation must be revoked "
                     "(Art. 51; not discretionary; notice and publication as Art. 50(2))"},
      .citation = "経済安全保障推進法第51条",
      .required = true};
  return kDuty;
}

}  // namespace kikan::service
