#include "auth/policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace kikan::auth {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCabinetOffice:
      return "cabinet_office";
    case Role::kMinistryAdmin:
      return "ministry_admin";
    case Role::kReviewer:
      return "reviewer";
    case Role::kOperatorAdmin:
      return "operator_admin";
    case Role::kOperatorStaff:
      return "operator_staff";
    case Role::kPublic:
      return "public";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "cao") return Role::kCabinetOffice;
  if (name == "ministry_reviewer") return Role::kReviewer;
  for (Role r : {Role::kCabinetOffice, Role::kMinistryAdmin, Role::kReviewer, Role::kOperatorAdmin,
                 Role::kOperatorStaff, Role::kPublic}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

bool IsMinistryRole(Role role) { return role == Role::kMinistryAdmin || role == Role::kReviewer; }

bool IsOperatorRole(Role role) {
  return role == Role::kOperatorAdmin || role == Role::kOperatorStaff;
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kReadRegister:
      return "read_register";
    case Action::kReadRegime:
      return "read_regime";
    case Action::kReadOperatorPrivate:
      return "read_operator_private";
    case Action::kCreateFiling:
      return "create_filing";
    case Action::kEditFiling:
      return "edit_filing";
    case Action::kSubmitFiling:
      return "submit_filing";
    case Action::kWithdrawFiling:
      return "withdraw_filing";
    case Action::kAnswerRecommendation:
      return "answer_recommendation";
    case Action::kReviewFiling:
      return "review_filing";
    case Action::kConfirmDesignation:
      return "confirm_designation";
    case Action::kReadAudit:
      return "read_audit";
    case Action::kVerifyAudit:
      return "verify_audit";
    case Action::kManageUsers:
      return "manage_users";
    case Action::kManageOwnAccount:
      return "manage_own_account";
    case Action::kReadSupply:
      return "read_supply";
    case Action::kWriteSupply:
      return "write_supply";
    case Action::kReviewSupplyMatch:
      return "review_supply_match";
  }
  return "?";
}

namespace {

base::Status Unauthenticated() {
  return base::Status(base::StatusCode::kUnauthenticated,
                      {.ja = "この操作を行うにはログインしてください", .en = "sign in to do this"});
}

// One message for every other denial, so that "outside your scope" and "your role cannot" look
// the same and a denial never confirms that a foreign object exists.
base::Status Denied() {
  return base::PermissionDenied(
      {.ja = "この操作を行う権限がありません", .en = "you do not have permission to do this"});
}

bool InBusinessScope(const Principal& p, const Resource& r) {
  return !r.business.empty() &&
         std::find(p.businesses.begin(), p.businesses.end(), r.business) != p.businesses.end();
}

bool OwnOperator(const Principal& p, const Resource& r) {
  return !p.operator_id.empty() && r.operator_id == p.operator_id;
}

bool OwnAccount(const Principal& p, const Resource& r) {
  return !p.user_id.empty() && r.user_id == p.user_id;
}

bool IsPublic(Action a) { return a == Action::kReadRegister || a == Action::kReadRegime; }

}  // namespace

base::Status Authorize(const Principal& p, Action action, const Resource& r) {
  if (IsPublic(action)) return base::Status::Ok();
  if (p.anonymous()) return Unauthenticated();
  if (action == Action::kManageOwnAccount) return OwnAccount(p, r) ? base::Status::Ok() : Denied();
  // Every signed-in role reads the graph; what it sees is its scope, applied by the query.
  if (action == Action::kReadSupply) return base::Status::Ok();

  switch (p.role) {
    case Role::kCabinetOffice:
      switch (action) {
        case Action::kReadOperatorPrivate:
        case Action::kReadAudit:
        case Action::kVerifyAudit:
          return base::Status::Ok();
        default:
          return Denied();
      }

    case Role::kMinistryAdmin:
    case Role::kReviewer:
      switch (action) {
        case Action::kReviewSupplyMatch:
          // Which parties: those its scope sees, applied by the service in SQL (a party of
          // another sector is not found), as for kReadSupply.
          return base::Status::Ok();
        case Action::kReadAudit:
        case Action::kVerifyAudit:
          // Kept simple on purpose: the audit log holds ids and hashes only (docs/auth.md).
          return base::Status::Ok();
        case Action::kReadOperatorPrivate:
        case Action::kConfirmDesignation:
          return InBusinessScope(p, r) ? base::Status::Ok() : Denied();
        case Action::kReviewFiling:
          if (!InBusinessScope(p, r)) return Denied();
          if (r.filed_by == p.user_id) {
            return base::PermissionDenied(
                {.ja = "自身が提出した届出は審査できません。他の審査担当者が審査してください",
                 .en = "you filed this filing yourself, so you may not review it; another reviewer "
                       "must"});
          }
          return base::Status::Ok();
        default:
          return Denied();
      }

    case Role::kOperatorAdmin:
    case Role::kOperatorStaff:
      switch (action) {
        case Action::kReadOperatorPrivate:
        case Action::kCreateFiling:
        case Action::kEditFiling:
        case Action::kSubmitFiling:
        case Action::kWithdrawFiling:
        case Action::kAnswerRecommendation:
        case Action::kWriteSupply:
          return OwnOperator(p, r) ? base::Status::Ok() : Denied();
        default:
          return Denied();
      }

    case Role::kPublic:
      break;  // anonymous() above
  }
  return Denied();
}

bool CanSee(const Principal& p, const Resource& r) {
  return Authorize(p, Action::kReadOperatorPrivate, r).ok();
}

ScopeFilter Scope(const Principal& p) {
  ScopeFilter f;
  if (p.anonymous()) return f;
  switch (p.role) {
    case Role::kCabinetOffice:
      f.all = true;
      break;
    case Role::kMinistryAdmin:
    case Role::kReviewer:
      for (const auto& b : p.businesses) {
        if (!b.empty()) f.businesses.push_back(b);
      }
      break;
    case Role::kOperatorAdmin:
    case Role::kOperatorStaff:
      f.operator_id = p.operator_id;
      break;
    case Role::kPublic:
      break;
  }
  return f;
}

bool ScopeFilter::Matches(const Resource& r) const {
  if (all) return true;
  if (!r.business.empty() &&
      std::find(businesses.begin(), businesses.end(), r.business) != businesses.end()) {
    return true;
  }
  return !operator_id.empty() && r.operator_id == operator_id;
}

std::string ScopeSql(const ScopeFilter& f, std::string_view operator_column,
                     std::string_view business_column, std::vector<store::Value>* params) {
  if (f.all) return "(1 = 1)";
  std::string sql = "(1 = 0";
  // Matches never accepts a row by an empty business or an empty operator id.
  std::string in;
  for (const auto& b : f.businesses) {
    if (b.empty()) continue;
    in += in.empty() ? "?" : ", ?";
    params->emplace_back(b.value());
  }
  if (!in.empty()) sql += fmt::format(" OR {} IN ({})", business_column, in);
  if (!f.operator_id.empty()) {
    sql += fmt::format(" OR {} = ?", operator_column);
    params->emplace_back(f.operator_id.value());
  }
  return sql + ")";
}

}  // namespace kikan::auth
