// `kikan admin …`: what an administrator does with the database's own authority, before anyone can
// sign in — `admin create-user` makes the first accounts of a Kikan run without `--demo`
// (docs/auth.md "Accounts").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "auth/accounts.h"
#include "auth/password.h"
#include "base/clock.h"
#include "cli/common.h"
#include "service/users.h"
#include "service/verify.h"
#include "store/db.h"

namespace kikan::cli {
namespace {

struct CreateUserOptions {
  std::string db;
  std::string user;
  std::string role;
  std::string ministry;
  std::string operator_id;
  std::vector<std::string> businesses;
  std::string name;
  std::string name_en;
  bool password_stdin = false;
  bool fast_hashing = false;
};

base::Status Bad(std::string ja, std::string en) {
  return base::InvalidArgument({.ja = std::move(ja), .en = std::move(en)});
}

// The password: all of standard input, less one final line break; one line, not empty.
base::Result<std::string> ReadPassword() {
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (text.ends_with("\r\n")) {
    text.resize(text.size() - 2);
  } else if (text.ends_with('\n')) {
    text.pop_back();
  }
  if (text.empty()) {
    return Bad("標準入力にパスワードがありません（--password-stdin）",
               "no password on standard input (--password-stdin)");
  }
  if (text.find_first_of("\r\n") != std::string::npos) {
    return Bad("標準入力のパスワードは1行にしてください",
               "the password on standard input must be "
               "one line");
  }
  return text;
}

// Which of --ministry, --business and --operator the role takes, checked before anything is read.
base::Status CheckScopeFlags(auth::Role role, const CreateUserOptions& o) {
  const std::string name(auth::RoleName(role));
  if (auth::IsMinistryRole(role)) {
    if (o.ministry.empty()) {
      return Bad(
          fmt::format("ロール {} には --ministry（所管省庁の ID、例: mlit）が必要です", name),
          fmt::format("role {} needs --ministry (the ministry's id, e.g. mlit)", name));
    }
    if (!o.operator_id.empty()) {
      return Bad(fmt::format("ロール {} に --operator は指定できません", name),
                 fmt::format("role {} takes no --operator", name));
    }
  } else if (auth::IsOperatorRole(role)) {
    if (o.operator_id.empty()) {
      return Bad(fmt::format("ロール {} には --operator（事業者 ID）が必要です", name),
                 fmt::format("role {} needs --operator (the operator's id)", name));
    }
    if (!o.ministry.empty() || !o.businesses.empty()) {
      return Bad(fmt::format("ロール {} に --ministry・--business は指定できません", name),
                 fmt::format("role {} takes no --ministry or --business", name));
    }
  } else if (!o.ministry.empty() || !o.operator_id.empty() || !o.businesses.empty()) {
    return Bad(
        fmt::format("ロール {} に --ministry・--business・--operator は指定できません", name),
        fmt::format("role {} takes no --ministry, --business or --operator", name));
  }
  return base::Status::Ok();
}

base::Status CreateUser(const GlobalOptions& options, const CreateUserOptions& o) {
  auto role = auth::ParseRole(o.role);
  if (!role || *role == auth::Role::kPublic) {
    return Bad(fmt::format("--role {} はロールではありません（cao、ministry_admin、"
                           "ministry_reviewer、operator_admin、operator_staff）",
                           o.role),
               fmt::format("--role {} is not a role (cao, ministry_admin, ministry_reviewer, "
                           "operator_admin, operator_staff)",
                           o.role));
  }
  KIKAN_TRY(CheckScopeFlags(*role, o));
  if (!o.password_stdin) {
    return Bad(
        "パスワードは標準入力から渡してください（--password-stdin）。コマンド行の引数は"
        "他の利用者に見えます",
        "give the password on standard input (--password-stdin): command-line arguments "
        "are visible to other users");
  }
  KIKAN_ASSIGN_OR_RETURN(std::string password, ReadPassword());
  KIKAN_TRY(auth::CheckNewPassword(password).WithPrefix("--password-stdin: "));

  KIKAN_ASSIGN_OR_RETURN(regime::Regime regime, LoadRegime(options, {}));
  KIKAN_ASSIGN_OR_RETURN(auto pool, store::Open(o.db, 1));
  auto conn = pool->Acquire();
  auto migrations = service::AllMigrations();
  KIKAN_TRY(store::Migrate(*conn, migrations));

  auth::AccountSettings settings;
  if (o.fast_hashing) settings.password_limits = auth::PasswordLimits::Minimum();
  auth::Accounts accounts(settings);
  KIKAN_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password, settings.password_limits));

  auth::NewUser nu;
  nu.login = o.user;
  nu.display_name = {.ja = o.name.empty() ? o.user : o.name, .en = o.name_en};
  nu.role = *role;
  nu.ministry = o.ministry;
  nu.operator_id = base::OperatorId(o.operator_id);
  for (const auto& b : o.businesses) nu.businesses.emplace_back(b);
  base::SystemClock clock;
  KIKAN_ASSIGN_OR_RETURN(
      std::string id,
      service::CreateAccount(*conn, regime, accounts, std::move(nu), hash, "system", clock.Now()));
  KIKAN_ASSIGN_OR_RETURN(auth::User user, accounts.GetUser(*conn, id));
  std::string scope;
  if (auth::IsMinistryRole(user.role)) {
    scope = fmt::format("{}: {}", user.ministry, fmt::join(user.businesses, ", "));
  } else if (auth::IsOperatorRole(user.role)) {
    scope = user.operator_id.value();
  }
  const bool en = options.lang == base::Lang::kEn;
  Print(en ? fmt::format("created user {} ({}, role {}{}{})\n", user.login, user.id,
                         auth::RoleName(user.role), scope.empty() ? "" : ", scope ", scope)
           : fmt::format("ユーザー {} を作成しました（{}、ロール {}{}{}）\n", user.login, user.id,
                         auth::RoleName(user.role), scope.empty() ? "" : "、範囲 ", scope));
  return base::Status::Ok();
}

}  // namespace

void AddAdminCommands(CLI::App& app, GlobalOptions& options) {
  CLI::App* admin = app.add_subcommand("admin", "管理 / administration");
  admin->require_subcommand(1);
  auto o = std::make_shared<CreateUserOptions>();
  CLI::App* c = admin->add_subcommand(
      "create-user",
      "アカウントを作成（パスワードは標準入力）/ create an account (password on stdin)");
  c->add_option("--db", o->db, "データベース sqlite:PATH | postgresql://… / database")->required();
  c->add_option("--user", o->user, "ログイン名 / login name")->required();
  c->add_option("--role", o->role,
                "cao | ministry_admin | ministry_reviewer | operator_admin | operator_staff")
      ->required();
  c->add_option("--ministry", o->ministry, "所管省庁の ID（省庁のロール）/ ministry id, e.g. mlit");
  c->add_option("--business", o->businesses,
                "所管する事業に限る（繰り返し可。既定は省庁の全事業）/ limit to these businesses "
                "(repeatable; default: all of the ministry's)");
  c->add_option("--operator", o->operator_id, "事業者 ID（事業者のロール）/ operator id");
  c->add_option("--name", o->name, "表示名（既定はログイン名）/ display name (default: the login)");
  c->add_option("--name-en", o->name_en, "英語の表示名 / display name in English");
  c->add_flag("--password-stdin", o->password_stdin,
              "パスワードを標準入力から読む / read the password from standard input");
  c->add_flag("--insecure-fast-password-hashing", o->fast_hashing,
              "テスト専用: Argon2id を最小設定に / tests only: minimum Argon2id limits")
      ->group("");
  c->callback([o, &options] {
    auto st = CreateUser(options, *o);
    options.exit_code = st.ok() ? 0 : ReportError(st, options);
  });
}

}  // namespace kikan::cli
