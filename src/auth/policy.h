// Who may do what: the roles, the principal a request acts as, and the access policy as one
// deny-by-default function, Authorize(). Every service method calls it before it reads private
// data or changes anything; list queries apply the same rule in SQL through Scope().
//
// Roles (docs/auth.md has the full table):
//   kCabinetOffice  内閣府: reads everything; acts on nothing but its own account.
//   kMinistryAdmin  a ministry's administrator: everything a reviewer of its scope may do (and,
//                   through the accounts service, the management of its ministry's reviewers).
//   kReviewer       a competent ministry (所管省庁): its scope is the set of business ids of its
//                   sectors (mlit → general_port_transport, general_cargo_trucking); reviews the
//                   filings of those businesses and confirms their designations, but never a
//                   filing it filed itself.
//   kOperatorStaff  a designated operator's staff: its scope is one operator id; sees and acts on
//                   its own company's filings, equipment and suppliers only.
//   kOperatorAdmin  an operator's administrator (as gBizID プライム): everything its staff may do
//                   (and, through the accounts service, the management of that staff).
//   kPublic         anonymous: the register and the regime only.
//
// Denials: an anonymous principal gets kUnauthenticated for anything not public; a signed-in one
// gets kPermissionDenied. The message of a denial is the same whether the resource is outside the
// caller's scope or inside it but the role lacks the action, so it never tells whether a foreign
// object exists (the API also turns a foreign operator's object into 404).
//
// Everything here is a pure function of its arguments; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::auth {

enum class Role {
  kCabinetOffice,
  kMinistryAdmin,
  kReviewer,
  kOperatorAdmin,
  kOperatorStaff,
  kPublic
};

// "cabinet_office", "ministry_admin", "reviewer", "operator_admin", "operator_staff", "public"
// (as stored and in the API).
std::string_view RoleName(Role role);
// The inverse of RoleName, also taking the names of the accounts issue ("cao" for
// cabinet_office, "ministry_reviewer" for reviewer); nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);
// The roles of a ministry (a scope of business ids) and of an operator (one operator id).
bool IsMinistryRole(Role role);  // kMinistryAdmin, kReviewer
bool IsOperatorRole(Role role);  // kOperatorAdmin, kOperatorStaff

// The subject of a request, built by Accounts::Authenticate from the users table (or
// Principal::Anonymous() when there is no session).
struct Principal {
  std::string user_id;  // "" for the anonymous public
  Role role = Role::kPublic;
  std::string ministry;                      // kReviewer: e.g. "mlit"; informational
  std::vector<base::BusinessId> businesses;  // kReviewer: the scope (business ids), sorted
  base::OperatorId operator_id;              // kOperatorStaff: the scope

  static Principal Anonymous() { return Principal{}; }
  // No signed-in user: role kPublic, or no user id (whatever the role says).
  bool anonymous() const { return role == Role::kPublic || user_id.empty(); }
};

enum class Action {
  kReadRegister,         // the published register of designated operators (public)
  kReadRegime,           // regime packs, criteria, equipment definitions, clocks (public)
  kReadOperatorPrivate,  // an operator's equipment, suppliers, filings and their reviews
  kCreateFiling,
  kEditFiling,  // a draft, or a filing returned for correction
  kSubmitFiling,
  kWithdrawFiling,
  kAnswerRecommendation,  // accept or refuse a recommendation (勧告)
  kReviewFiling,          // receive, return, extend, shorten, recommend, order, clear
  kConfirmDesignation,    // record or revoke a designation (指定) of an operator
  kReadAudit,
  kVerifyAudit,
  kManageUsers,        // create, disable, re-scope other accounts (the CLI does this; see
                       // docs/auth.md — no role may do it through the API)
  kManageOwnAccount,   // change one's own password, list or end one's own sessions
  kReadSupply,         // the supply chain graph: every signed-in role, its scope applied in SQL
                       // (service::SupplySystemScopeSql; docs/supply-chain.md §6)
  kWriteSupply,        // import an SBOM/HBOM into a system of the resource's operator: its staff
  kReviewSupplyMatch,  // confirm or split a party match (service/supply_match.h): a ministry
                       // reviewer, the parties and systems of its scope (applied in SQL)
};

// "read_register", "review_filing", ... (for logs and the policy table in the docs).
std::string_view ActionName(Action action);

// What an action is applied to: the attributes of the object that decide access. Empty fields
// mean "not applicable"; an empty field never matches an empty scope.
struct Resource {
  base::OperatorId operator_id;  // the operator that owns the object
  base::BusinessId business;     // the business it concerns (a filing's, a designation's, ...)
  std::string filed_by;          // a filing: the user id that submitted it
  std::string user_id;           // an account: its user id (kManageOwnAccount)
};

// Whether `principal` may do `action` on `resource`. Deny by default: anything not granted by
// the table in docs/auth.md is refused. Errors:
//   kUnauthenticated  the principal is anonymous and the action is not public;
//   kPermissionDenied the principal is signed in but the role or scope does not allow it, or a
//                     reviewer would review a filing it filed itself (a distinct message).
base::Status Authorize(const Principal& principal, Action action, const Resource& resource);

// Whether `resource` (an operator's private object) appears to `principal` in lists: the same as
// Authorize(principal, kReadOperatorPrivate, resource).ok().
bool CanSee(const Principal& principal, const Resource& resource);

// The principal's reading scope over operators' private objects, for list queries to apply in
// SQL (an object is visible when `all`, or its business is in `businesses`, or its operator is
// `operator_id`). A filter with all == false, no businesses and an empty operator_id matches
// nothing (the anonymous public).
struct ScopeFilter {
  bool all = false;
  std::vector<base::BusinessId> businesses;
  base::OperatorId operator_id;

  // Everything: the Cabinet Office's scope, and the CLI's (an administrator's tool over the
  // database).
  static ScopeFilter All() {
    ScopeFilter f;
    f.all = true;
    return f;
  }
  bool none() const { return !all && businesses.empty() && operator_id.empty(); }
  // The filter applied to one resource; always equals CanSee(principal, resource) for the
  // principal it was made from.
  bool Matches(const Resource& resource) const;
};

ScopeFilter Scope(const Principal& principal);

// THE SQL form of a scope, for every list query over operators' private objects: a boolean
// expression, in parentheses, over a table's operator and business columns that is true for
// exactly the rows `filter.Matches` accepts (Resource{operator_id, business} of the row), its
// parameters appended to `params` in order. The column names are the caller's (trusted)
// identifiers, never user input.
std::string ScopeSql(const ScopeFilter& filter, std::string_view operator_column,
                     std::string_view business_column, std::vector<store::Value>* params);

}  // namespace kikan::auth
