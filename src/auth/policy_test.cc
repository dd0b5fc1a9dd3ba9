#include "auth/policy.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace kikan::auth {
namespace {

using base::StatusCode;

// The principals of the table.
Principal CabinetOffice() { return {"u-co", Role::kCabinetOffice, "", {}, ""}; }
Principal Mlit() {
  return {
      "u-mlit", Role::kReviewer, "mlit", {"general_cargo_trucking", "general_port_transport"}, ""};
}
Principal StaffA() { return {"u-staff-a", Role::kOperatorStaff, "", {}, "op-a"}; }
Principal Public() { return Principal::Anonymous(); }

// The three resources of the table, relative to the principal:
//   own     — in the principal's scope: operator op-a, a business of mlit's, filed by another
//             member of op-a's staff, and (for account actions) the principal's own account;
//   foreign — outside every scope above: operator op-b, a business of another ministry, filed
//             by op-b's staff, someone else's account;
//   public  — no attributes at all (the register, the regime, a whole collection).
Resource Own(const Principal& p) {
  return {"op-a", "general_port_transport", "u-staff-a2", p.user_id};
}
Resource Foreign() { return {"op-b", "medical_dx_platform", "u-staff-b", "u-someone-else"}; }
Resource PublicResource() { return {}; }

enum Outcome { A, D, U };  // allowed, kPermissionDenied, kUnauthenticated

struct Row {
  Role role;
  Action action;
  Outcome own, foreign, pub;
};

// The policy, written out by hand (docs/auth.md has the same table). Not derived from the code.
constexpr Row kTable[] = {
    // Cabinet Office: reads everything, acts on nothing but its own account.
    {Role::kCabinetOffice, Action::kReadRegister, A, A, A},
    {Role::kCabinetOffice, Action::kReadRegime, A, A, A},
    {Role::kCabinetOffice, Action::kReadOperatorPrivate, A, A, A},
    {Role::kCabinetOffice, Action::kCreateFiling, D, D, D},
    {Role::kCabinetOffice, Action::kEditFiling, D, D, D},
    {Role::kCabinetOffice, Action::kSubmitFiling, D, D, D},
    {Role::kCabinetOffice, Action::kWithdrawFiling, D, D, D},
    {Role::kCabinetOffice, Action::kAnswerRecommendation, D, D, D},
    {Role::kCabinetOffice, Action::kReviewFiling, D, D, D},
    {Role::kCabinetOffice, Action::kConfirmDesignation, D, D, D},
    {Role::kCabinetOffice, Action::kReadAudit, A, A, A},
    {Role::kCabinetOffice, Action::kVerifyAudit, A, A, A},
    {Role::kCabinetOffice, Action::kManageUsers, D, D, D},
    {Role::kCabinetOffice, Action::kManageOwnAccount, A, D, D},
    {Role::kCabinetOffice, Action::kReadSupply, A, A, A},
    {Role::kCabinetOffice, Action::kWriteSupply, D, D, D},
    {Role::kCabinetOffice, Action::kReviewSupplyMatch, D, D, D},
    // A reviewer (mlit): its businesses only; never acts for an operator.
    {Role::kReviewer, Action::kReadRegister, A, A, A},
    {Role::kReviewer, Action::kReadRegime, A, A, A},
    {Role::kReviewer, Action::kReadOperatorPrivate, A, D, D},
    {Role::kReviewer, Action::kCreateFiling, D, D, D},
    {Role::kReviewer, Action::kEditFiling, D, D, D},
    {Role::kReviewer, Action::kSubmitFiling, D, D, D},
    {Role::kReviewer, Action::kWithdrawFiling, D, D, D},
    {Role::kReviewer, Action::kAnswerRecommendation, D, D, D},
    {Role::kReviewer, Action::kReviewFiling, A, D, D},
    {Role::kReviewer, Action::kConfirmDesignation, A, D, D},
    {Role::kReviewer, Action::kReadAudit, A, A, A},
    {Role::kReviewer, Action::kVerifyAudit, A, A, A},
    {Role::kReviewer, Action::kManageUsers, D, D, D},
    {Role::kReviewer, Action::kManageOwnAccount, A, D, D},
    {Role::kReviewer, Action::kReadSupply, A, A, A},
    {Role::kReviewer, Action::kWriteSupply, D, D, D},
    {Role::kReviewer, Action::kReviewSupplyMatch, A, A, A},
    // Operator staff (op-a): its own company only; never reviews.
    {Role::kOperatorStaff, Action::kReadRegister, A, A, A},
    {Role::kOperatorStaff, Action::kReadRegime, A, A, A},
    {Role::kOperatorStaff, Action::kReadOperatorPrivate, A, D, D},
    {Role::kOperatorStaff, Action::kCreateFiling, A, D, D},
    {Role::kOperatorStaff, Action::kEditFiling, A, D, D},
    {Role::kOperatorStaff, Action::kSubmitFiling, A, D, D},
    {Role::kOperatorStaff, Action::kWithdrawFiling, A, D, D},
    {Role::kOperatorStaff, Action::kAnswerRecommendation, A, D, D},
    {Role::kOperatorStaff, Action::kReviewFiling, D, D, D},
    {Role::kOperatorStaff, Action::kConfirmDesignation, D, D, D},
    {Role::kOperatorStaff, Action::kReadAudit, D, D, D},
    {Role::kOperatorStaff, Action::kVerifyAudit, D, D, D},
    {Role::kOperatorStaff, Action::kManageUsers, D, D, D},
    {Role::kOperatorStaff, Action::kManageOwnAccount, A, D, D},
    {Role::kOperatorStaff, Action::kReadSupply, A, A, A},
    {Role::kOperatorStaff, Action::kWriteSupply, A, D, D},
    {Role::kOperatorStaff, Action::kReviewSupplyMatch, D, D, D},
    // A ministry's administrator: what its reviewers may do (user management is the accounts
    // service's, not a policy action yet).
    {Role::kMinistryAdmin, Action::kReadRegister, A, A, A},
    {Role::kMinistryAdmin, Action::kReadRegime, A, A, A},
    {Role::kMinistryAdmin, Action::kReadOperatorPrivate, A, D, D},
    {Role::kMinistryAdmin, Action::kCreateFiling, D, D, D},
    {Role::kMinistryAdmin, Action::kEditFiling, D, D, D},
    {Role::kMinistryAdmin, Action::kSubmitFiling, D, D, D},
    {Role::kMinistryAdmin, Action::kWithdrawFiling, D, D, D},
    {Role::kMinistryAdmin, Action::kAnswerRecommendation, D, D, D},
    {Role::kMinistryAdmin, Action::kReviewFiling, A, D, D},
    {Role::kMinistryAdmin, Action::kConfirmDesignation, A, D, D},
    {Role::kMinistryAdmin, Action::kReadAudit, A, A, A},
    {Role::kMinistryAdmin, Action::kVerifyAudit, A, A, A},
    {Role::kMinistryAdmin, Action::kManageUsers, D, D, D},
    {Role::kMinistryAdmin, Action::kManageOwnAccount, A, D, D},
    {Role::kMinistryAdmin, Action::kReadSupply, A, A, A},
    {Role::kMinistryAdmin, Action::kWriteSupply, D, D, D},
    {Role::kMinistryAdmin, Action::kReviewSupplyMatch, A, A, A},
    // An operator's administrator: what its staff may do.
    {Role::kOperatorAdmin, Action::kReadRegister, A, A, A},
    {Role::kOperatorAdmin, Action::kReadRegime, A, A, A},
    {Role::kOperatorAdmin, Action::kReadOperatorPrivate, A, D, D},
    {Role::kOperatorAdmin, Action::kCreateFiling, A, D, D},
    {Role::kOperatorAdmin, Action::kEditFiling, A, D, D},
    {Role::kOperatorAdmin, Action::kSubmitFiling, A, D, D},
    {Role::kOperatorAdmin, Action::kWithdrawFiling, A, D, D},
    {Role::kOperatorAdmin, Action::kAnswerRecommendation, A, D, D},
    {Role::kOperatorAdmin, Action::kReviewFiling, D, D, D},
    {Role::kOperatorAdmin, Action::kConfirmDesignation, D, D, D},
    {Role::kOperatorAdmin, Action::kReadAudit, D, D, D},
    {Role::kOperatorAdmin, Action::kVerifyAudit, D, D, D},
    {Role::kOperatorAdmin, Action::kManageUsers, D, D, D},
    {Role::kOperatorAdmin, Action::kManageOwnAccount, A, D, D},
    {Role::kOperatorAdmin, Action::kReadSupply, A, A, A},
    {Role::kOperatorAdmin, Action::kWriteSupply, A, D, D},
    {Role::kOperatorAdmin, Action::kReviewSupplyMatch, D, D, D},
    // The anonymous public: the register and the regime.
    {Role::kPublic, Action::kReadRegister, A, A, A},
    {Role::kPublic, Action::kReadRegime, A, A, A},
    {Role::kPublic, Action::kReadOperatorPrivate, U, U, U},
    {Role::kPublic, Action::kCreateFiling, U, U, U},
    {Role::kPublic, Action::kEditFiling, U, U, U},
    {Role::kPublic, Action::kSubmitFiling, U, U, U},
    {Role::kPublic, Action::kWithdrawFiling, U, U, U},
    {Role::kPublic, Action::kAnswerRecommendation, U, U, U},
    {Role::kPublic, Action::kReviewFiling, U, U, U},
    {Role::kPublic, Action::kConfirmDesignation, U, U, U},
    {Role::kPublic, Action::kReadAudit, U, U, U},
    {Role::kPublic, Action::kVerifyAudit, U, U, U},
    {Role::kPublic, Action::kManageUsers, U, U, U},
    {Role::kPublic, Action::kManageOwnAccount, U, U, U},
    {Role::kPublic, Action::kReadSupply, U, U, U},
    {Role::kPublic, Action::kWriteSupply, U, U, U},
    {Role::kPublic, Action::kReviewSupplyMatch, U, U, U},
};

constexpr Action kAllActions[] = {
    Action::kReadRegister,        Action::kReadRegime,
    Action::kReadOperatorPrivate, Action::kCreateFiling,
    Action::kEditFiling,          Action::kSubmitFiling,
    Action::kWithdrawFiling,      Action::kAnswerRecommendation,
    Action::kReviewFiling,        Action::kConfirmDesignation,
    Action::kReadAudit,           Action::kVerifyAudit,
    Action::kManageUsers,         Action::kManageOwnAccount,
    Action::kReadSupply,          Action::kWriteSupply,
    Action::kReviewSupplyMatch,
};
constexpr Role kAllRoles[] = {Role::kCabinetOffice, Role::kMinistryAdmin, Role::kReviewer,
                              Role::kOperatorAdmin, Role::kOperatorStaff, Role::kPublic};

Principal For(Role r) {
  switch (r) {
    case Role::kCabinetOffice:
      return CabinetOffice();
    case Role::kMinistryAdmin: {
      Principal p = Mlit();
      p.role = r;
      return p;
    }
    case Role::kReviewer:
      return Mlit();
    case Role::kOperatorAdmin: {
      Principal p = StaffA();
      p.role = r;
      return p;
    }
    case Role::kOperatorStaff:
      return StaffA();
    case Role::kPublic:
      return Public();
  }
  return Public();
}

const char* Name(Outcome o) {
  return o == A ? "allowed" : o == D ? "PERMISSION_DENIED" : "UNAUTHENTICATED";
}

Outcome Of(const base::Status& st) {
  if (st.ok()) return A;
  if (st.code() == StatusCode::kPermissionDenied) return D;
  if (st.code() == StatusCode::kUnauthenticated) return U;
  ADD_FAILURE() << "unexpected code " << st.ToString();
  return D;
}

TEST(Policy, TableCoversEveryRoleAndAction) {
  std::map<std::pair<Role, Action>, int> seen;
  for (const Row& row : kTable) ++seen[{row.role, row.action}];
  for (Role r : kAllRoles) {
    for (Action a : kAllActions) {
      EXPECT_EQ((seen[{r, a}]), 1) << RoleName(r) << " × " << ActionName(a);
    }
  }
}

TEST(Policy, Table) {
  for (const Row& row : kTable) {
    Principal p = For(row.role);
    const std::tuple<const char*, Resource, Outcome> cases[] = {
        {"own", Own(p), row.own},
        {"foreign", Foreign(), row.foreign},
        {"public", PublicResource(), row.pub}};
    for (const auto& [column, resource, expected] : cases) {
      base::Status st = Authorize(p, row.action, resource);
      EXPECT_EQ(Of(st), expected) << RoleName(row.role) << " × " << ActionName(row.action) << " × "
                                  << column << ": expected " << Name(expected) << ", got "
                                  << st.ToString();
      if (!st.ok()) {
        EXPECT_FALSE(st.en().empty());
        EXPECT_NE(st.ja(), st.en()) << "a Japanese message is missing: " << st.en();
      }
    }
  }
}

TEST(Policy, DenialDoesNotRevealWhetherTheObjectIsInScope) {
  // Operator staff asking to review: the same message for their own filing and a foreign one,
  // and the same as for a foreign object they may otherwise act on.
  Principal staff = StaffA();
  base::Status own_review = Authorize(staff, Action::kReviewFiling, Own(staff));
  base::Status foreign_review = Authorize(staff, Action::kReviewFiling, Foreign());
  base::Status foreign_read = Authorize(staff, Action::kReadOperatorPrivate, Foreign());
  EXPECT_EQ(own_review, foreign_review);
  EXPECT_EQ(own_review, foreign_read);
  EXPECT_EQ(Authorize(Mlit(), Action::kReadOperatorPrivate, Foreign()), foreign_read);
}

TEST(Policy, SelfReviewRefused) {
  Principal mlit = Mlit();
  Resource own_filing = Own(mlit);
  own_filing.filed_by = mlit.user_id;
  base::Status st = Authorize(mlit, Action::kReviewFiling, own_filing);
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(st.en().find("filed this filing yourself"), std::string::npos) << st.en();
  EXPECT_NE(st.ja().find("自身が提出した届出"), std::string::npos) << st.ja();
  // Another reviewer of the same ministry may.
  Principal colleague = mlit;
  colleague.user_id = "u-mlit-2";
  EXPECT_TRUE(Authorize(colleague, Action::kReviewFiling, own_filing).ok());
  // Reading it stays allowed to its filer.
  EXPECT_TRUE(Authorize(mlit, Action::kReadOperatorPrivate, own_filing).ok());
}

TEST(Policy, EmptyScopeNeverMatchesEmptyAttributes) {
  Principal staff_without_operator{"u-x", Role::kOperatorStaff, "", {}, ""};
  EXPECT_EQ(Authorize(staff_without_operator, Action::kReadOperatorPrivate, {}).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(staff_without_operator, Action::kCreateFiling, {}).code(),
            StatusCode::kPermissionDenied);
  Principal reviewer_with_blank{"u-y", Role::kReviewer, "mlit", {""}, ""};
  EXPECT_EQ(Authorize(reviewer_with_blank, Action::kReviewFiling, {}).code(),
            StatusCode::kPermissionDenied);
  EXPECT_FALSE(CanSee(reviewer_with_blank, {}));
  EXPECT_TRUE(Scope(reviewer_with_blank).none());
  // An account action with no user id on either side.
  EXPECT_EQ(
      Authorize(Principal{"", Role::kCabinetOffice, "", {}, ""}, Action::kManageOwnAccount, {})
          .code(),
      StatusCode::kUnauthenticated);
}

TEST(Policy, AnonymousIsRoleOrMissingUserId) {
  EXPECT_TRUE(Principal::Anonymous().anonymous());
  EXPECT_FALSE(CabinetOffice().anonymous());
  Principal no_id = CabinetOffice();
  no_id.user_id.clear();
  EXPECT_TRUE(no_id.anonymous());
  EXPECT_EQ(Authorize(no_id, Action::kReadOperatorPrivate, Foreign()).code(),
            StatusCode::kUnauthenticated);
  Principal public_with_id{"u-z", Role::kPublic, "", {}, ""};
  EXPECT_TRUE(public_with_id.anonymous());
  EXPECT_EQ(Authorize(public_with_id, Action::kReadAudit, {}).code(), StatusCode::kUnauthenticated);
}

TEST(Policy, UnauthenticatedMessageIsBilingual) {
  base::Status st = Authorize(Public(), Action::kCreateFiling, Own(Public()));
  EXPECT_EQ(st.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(st.en().find("sign in"), std::string::npos) << st.en();
  EXPECT_NE(st.ja().find("ログイン"), std::string::npos) << st.ja();
}

TEST(Policy, ScopeFilterAgreesWithCanSee) {
  const Resource resources[] = {
      Own(StaffA()),
      Foreign(),
      PublicResource(),
      {"op-a", "", "", ""},
      {"", "general_cargo_trucking", "", ""},
      {"op-c", "general_port_transport", "", ""},
      {"op-a", "medical_dx_platform", "", ""},
  };
  for (Role r : kAllRoles) {
    Principal p = For(r);
    ScopeFilter f = Scope(p);
    for (const Resource& res : resources) {
      EXPECT_EQ(f.Matches(res), CanSee(p, res))
          << RoleName(r) << " on {" << res.operator_id << ", " << res.business << "}";
    }
  }
}

TEST(Policy, ScopeFilters) {
  ScopeFilter co = Scope(CabinetOffice());
  EXPECT_TRUE(co.all);
  ScopeFilter mlit = Scope(Mlit());
  EXPECT_FALSE(mlit.all);
  EXPECT_EQ(mlit.businesses,
            (std::vector<base::BusinessId>{"general_cargo_trucking", "general_port_transport"}));
  EXPECT_EQ(mlit.operator_id, "");
  ScopeFilter staff = Scope(StaffA());
  EXPECT_FALSE(staff.all);
  EXPECT_TRUE(staff.businesses.empty());
  EXPECT_EQ(staff.operator_id, "op-a");
  EXPECT_TRUE(Scope(Public()).none());
  EXPECT_FALSE(staff.none());
}

TEST(Policy, ReviewerOfOneBusinessOnly) {
  // mhlw reviews the medical businesses and nothing of mlit's.
  Principal mhlw{"u-mhlw", Role::kReviewer, "mhlw", {"medical_dx_platform"}, ""};
  EXPECT_TRUE(Authorize(mhlw, Action::kReviewFiling, Foreign()).ok());
  EXPECT_EQ(Authorize(mhlw, Action::kReviewFiling, Own(mhlw)).code(),
            StatusCode::kPermissionDenied);
}

TEST(Policy, Names) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  // The accounts issue's names for two of them.
  EXPECT_EQ(ParseRole("cao"), Role::kCabinetOffice);
  EXPECT_EQ(ParseRole("ministry_reviewer"), Role::kReviewer);
  EXPECT_EQ(ParseRole("admin"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
  for (Role r : kAllRoles) {
    EXPECT_FALSE(IsMinistryRole(r) && IsOperatorRole(r)) << RoleName(r);
    EXPECT_EQ(IsMinistryRole(r), r == Role::kMinistryAdmin || r == Role::kReviewer);
    EXPECT_EQ(IsOperatorRole(r), r == Role::kOperatorAdmin || r == Role::kOperatorStaff);
  }
  for (Action a : kAllActions) EXPECT_NE(ActionName(a), "?");
}

// ScopeSql is the SQL form of ScopeFilter::Matches: on random rows and random filters (ids drawn
// from a small alphabet, empty strings included, so that every branch and every coincidence of
// values occurs), the rows a query selects through ScopeSql are exactly those Matches accepts.
TEST(ScopeSql, AgreesWithMatchesOnRandomRowsAndFilters) {
  auto pool = store::Open("sqlite::memory:", 1);
  ASSERT_TRUE(pool) << pool.status().ToString();
  auto c = (*pool)->Acquire();
  ASSERT_TRUE(
      c->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, op TEXT NOT NULL, biz TEXT NOT NULL)")
          .ok());
  const std::vector<std::string> values = {"", "a", "b", "c", "a b", "'", "A"};
  std::mt19937 rng(20261203);
  auto pick = [&] { return values[rng() % values.size()]; };
  std::vector<Resource> rows;
  for (int i = 0; i < 60; ++i) {
    Resource r;
    r.operator_id = base::OperatorId(pick());
    r.business = base::BusinessId(pick());
    ASSERT_TRUE(c->Exec("INSERT INTO t (id, op, biz) VALUES (?, ?, ?)",
                        {int64_t{i}, r.operator_id.value(), r.business.value()})
                    .ok());
    rows.push_back(r);
  }
  for (int trial = 0; trial < 500; ++trial) {
    ScopeFilter f;
    f.all = rng() % 8 == 0;
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) f.businesses.emplace_back(pick());
    f.operator_id = base::OperatorId(pick());
    std::vector<store::Value> params;
    std::string sql =
        "SELECT id FROM t WHERE " + ScopeSql(f, "op", "biz", &params) + " ORDER BY id";
    auto got = c->Query(sql, params);
    ASSERT_TRUE(got) << got.status().ToString() << "\n" << sql;
    std::vector<int64_t> selected;
    for (const auto& r : *got) selected.push_back(r.Int(0));
    std::vector<int64_t> expected;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (f.Matches(rows[i])) expected.push_back(static_cast<int64_t>(i));
    }
    ASSERT_EQ(selected, expected) << sql;
  }
}

TEST(ScopeSql, NoneSelectsNothingAndAllSelectsEverything) {
  std::vector<store::Value> params;
  EXPECT_EQ(ScopeSql(ScopeFilter{}, "o", "b", &params), "(1 = 0)");
  EXPECT_TRUE(params.empty());
  ScopeFilter all;
  all.all = true;
  EXPECT_EQ(ScopeSql(all, "o", "b", &params), "(1 = 1)");
  ScopeFilter reviewer;
  reviewer.businesses = {"ports", "trucking"};
  EXPECT_EQ(ScopeSql(reviewer, "o", "b", &params), "(1 = 0 OR b IN (?, ?))");
  EXPECT_EQ(params.size(), 2u);
}

}  // namespace
}  // namespace kikan::auth
