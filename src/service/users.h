// Accounts as use cases (docs/auth.md "Accounts"): an account is created with its scope checked
// against the regime and the register — a ministry's account covers businesses of that ministry's
// packs, an operator's account an operator in the register — in one transaction with its audit
// event ("user.create": the account's canonical state hash, never its name or password).
//
// Who may create which account is the adapter's decision: the `admin create-user` command acts
// with the database's own authority (whoever can open it); the API's managers come with issue 12.
// Thread-compatible; each call uses the one connection given, outside any transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/accounts.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/status.h"
#include "regime/regime.h"
#include "store/db.h"

namespace kikan::service {

// The ministries the packs name, each once and sorted: a joint pack's id ("fsa_maff", 内閣府・
// 農林水産省) names each of its ministries ("fsa", "maff").
std::vector<std::string> KnownMinistries(const regime::Regime& regime);

// The businesses of the packs `ministry` is competent for, alone or jointly (a pack of
// "fsa_maff" is both fsa's and maff's), sorted; empty for an unknown ministry.
std::vector<base::BusinessId> BusinessesOfMinistry(const regime::Regime& regime,
                                                   std::string_view ministry);

// Creates `user` (its password already hashed as `password_hash`, by auth::HashPassword before
// the call: hashing is slow and must not hold the transaction) in the caller's transaction, with
// the event "user.create" by `actor` ("system", or the user id of whoever creates it).
// - A ministry's role (auth::IsMinistryRole): `ministry` must be one the packs name; empty
//   `businesses` become BusinessesOfMinistry, and each one given must be among them.
// - An operator's role: `operator_id` must be in the register (designate it first).
// Returns the new user id. Errors: kInvalidArgument naming the field ("ministry", "businesses",
// "operator_id", and those of auth::Accounts::CreateUserWithHash), kAlreadyExists (the login is
// taken), the store's (kFailedPrecondition outside a transaction).
base::Result<std::string> AddAccount(store::Connection& c, const regime::Regime& regime,
                                     const auth::Accounts& accounts, auth::NewUser user,
                                     std::string_view password_hash, std::string_view actor,
                                     base::Instant now);

// AddAccount in a transaction of its own: on any error nothing is written.
base::Result<std::string> CreateAccount(store::Connection& c, const regime::Regime& regime,
                                        const auth::Accounts& accounts, auth::NewUser user,
                                        std::string_view password_hash, std::string_view actor,
                                        base::Instant now);

}  // namespace kikan::service
