#include "service/users.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "audit/event.h"
#include "service/audit_event.h"
#include "service/register.h"

namespace kikan::service {
namespace {

// The ministries of one pack: "fsa_maff" → {"fsa", "maff"}.
std::vector<std::string> PackMinistries(const regime::Pack& pack) {
  std::vector<std::string> out;
  std::string_view rest = pack.ministry.id;
  while (!rest.empty()) {
    auto cut = rest.find('_');
    if (cut != 0) out.emplace_back(rest.substr(0, cut));
    rest.remove_prefix(cut == std::string_view::npos ? rest.size() : cut + 1);
  }
  return out;
}

// As auth::Accounts words its field errors.
base::Status BadField(std::string_view field, const base::Text& what) {
  return base::InvalidArgument({.ja = fmt::format("ユーザーの項目「{}」: {}", field, what.ja),
                                .en = fmt::format("user field \"{}\": {}", field, what.en)});
}

}  // namespace

std::vector<std::string> KnownMinistries(const regime::Regime& regime) {
  std::set<std::string> all;
  for (const auto& pack : regime.packs()) {
    for (auto& m : PackMinistries(pack)) all.insert(std::move(m));
  }
  return {all.begin(), all.end()};
}

std::vector<base::BusinessId> BusinessesOfMinistry(const regime::Regime& regime,
                                                   std::string_view ministry) {
  std::vector<base::BusinessId> out;
  for (const auto& pack : regime.packs()) {
    auto ministries = PackMinistries(pack);
    if (std::find(ministries.begin(), ministries.end(), ministry) == ministries.end()) continue;
    for (const auto& b : pack.businesses) out.push_back(b.id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

base::Result<std::string> AddAccount(store::Connection& c, const regime::Regime& regime,
                                     const auth::Accounts& accounts, auth::NewUser user,
                                     std::string_view password_hash, std::string_view actor,
                                     base::Instant now) {
  if (auth::IsMinistryRole(user.role)) {
    auto known = KnownMinistries(regime);
    if (std::find(known.begin(), known.end(), user.ministry) == known.end()) {
      const std::string list = fmt::format("{}", fmt::join(known, ", "));
      return BadField(
          "ministry",
          {.ja = fmt::format("所管省庁 \"{}\" は規制パックにありません（{}）", user.ministry, list),
           .en =
               fmt::format("no regime pack names the ministry \"{}\" ({})", user.ministry, list)});
    }
    auto own = BusinessesOfMinistry(regime, user.ministry);
    if (user.businesses.empty()) user.businesses = own;
    for (const auto& b : user.businesses) {
      if (std::find(own.begin(), own.end(), b) == own.end()) {
        return BadField(
            "businesses",
            {.ja = fmt::format("事業 \"{}\" は {} の所管ではありません", b, user.ministry),
             .en = fmt::format("the business \"{}\" is not {}'s", b, user.ministry)});
      }
    }
  }
  if (auth::IsOperatorRole(user.role) && !user.operator_id.empty()) {
    auto op = GetOperator(c, user.operator_id.view());
    if (!op) {
      if (op.status().code() != base::StatusCode::kNotFound) return op.status();
      return BadField(
          "operator_id",
          {.ja = fmt::format("事業者 \"{}\" は登録簿にありません（先に指定してください）",
                             user.operator_id),
           .en = fmt::format("the operator \"{}\" is not in the register (designate it first)",
                             user.operator_id)});
    }
  }
  KIKAN_ASSIGN_OR_RETURN(std::string id, accounts.CreateUserWithHash(c, user, password_hash, now));
  KIKAN_ASSIGN_OR_RETURN(auto created, accounts.GetUser(c, id));
  KIKAN_TRY(RecordEvent(c, actor, now, "user.create", "user", id,
                        audit::HashState(auth::CanonicalState(created))));
  return id;
}

base::Result<std::string> CreateAccount(store::Connection& c, const regime::Regime& regime,
                                        const auth::Accounts& accounts, auth::NewUser user,
                                        std::string_view password_hash, std::string_view actor,
                                        base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_ASSIGN_OR_RETURN(
      std::string id, AddAccount(c, regime, accounts, std::move(user), password_hash, actor, now));
  KIKAN_TRY(tx.Commit());
  return id;
}

}  // namespace kikan::service
