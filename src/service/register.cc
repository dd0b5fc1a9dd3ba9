#include "service/register.h"

#include <fmt/format.h>

#include <algorithm>

#include "audit/event.h"
#include "audit/log.h"
#include "base/corporate_number.h"
#include "calendar/clocks.h"
#include "service/audit_event.h"
#include "service/canonical.h"

namespace kikan::service {
namespace {

const store::Migration kMigrations[] = {
    store::Migration::Portable(300, "register",
                               R"sql(
CREATE TABLE operator (
  id TEXT PRIMARY KEY,
  corporate_number TEXT NOT NULL DEFAULT '',
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  prefecture TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE designation (
  id AUTO_ID,
  operator_id TEXT NOT NULL REFERENCES operator(id),
  business TEXT NOT NULL,
  designated_on TEXT NOT NULL,
  gazette_ref TEXT NOT NULL DEFAULT '',
  criteria_version TEXT NOT NULL,
  duty_from TEXT NOT NULL,
  revoked_on TEXT,
  revocation_reason TEXT NOT NULL DEFAULT '',
  sites TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX designation_active ON designation(operator_id, business) WHERE revoked_on IS NULL;
CREATE INDEX designation_business ON designation(business);
)sql"),
    store::Migration::Portable(
        301, "meta", "CREATE TABLE kikan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"),
};

// Whether `hay` contains `needle`, ASCII letters compared case-insensitively.
bool ContainsFolded(std::string_view hay, std::string_view needle) {
  auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? char(ch - 'A' + 'a') : ch; };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != hay.end();
}

constexpr std::string_view kDesignationColumns =
    "d.id, d.operator_id, d.business, d.designated_on, d.gazette_ref, d.criteria_version, "
    "d.duty_from, d.revoked_on, d.revocation_reason, d.sites, o.name_ja, o.name_en, "
    "o.corporate_number, o.prefecture";

base::Result<Designation> DesignationFromRow(const store::Row& r) {
  Designation d;
  d.id = r.Int(0);
  d.operator_id = base::OperatorId(r.Text(1));
  d.business = base::BusinessId(r.Text(2));
  KIKAN_ASSIGN_OR_RETURN(d.designated_on, base::Date::ParseIso(r.Text(3)));
  d.gazette_ref = r.Text(4);
  d.criteria_version = r.Text(5);
  KIKAN_ASSIGN_OR_RETURN(d.duty_from, base::Date::ParseIso(r.Text(6)));
  if (!r.IsNull(7)) {
    KIKAN_ASSIGN_OR_RETURN(d.revoked_on, base::Date::ParseIso(r.Text(7)));
  }
  d.revocation_reason = r.Text(8);
  d.sites = store::SplitList(r.Text(9));
  d.operator_name_ja = r.Text(10);
  d.operator_name_en = r.Text(11);
  d.corporate_number = r.Text(12);
  d.prefecture = r.Text(13);
  return d;
}

base::Status AppendEvent(store::Connection& c, const Actor& actor, base::Instant now,
                         std::string_view action, std::string_view type, std::string id,
                         const std::string& canonical, std::string detail = {}) {
  return RecordEvent(c, actor.user_id, now, action, type, id, audit::HashState(canonical),
                     std::move(detail));
}

}  // namespace

std::span<const store::Migration> RegisterMigrations() { return kMigrations; }

std::string CanonicalState(const Operator& op) {
  return Canonical("operator")
      .Add("id", op.id.view())
      .Add("corporate_number", op.corporate_number)
      .Add("name_ja", op.name_ja)
      .Add("name_en", op.name_en)
      .Add("prefecture", op.prefecture)
      .text();
}

std::string CanonicalState(const Designation& d) {
  return Canonical("designation")
      .AddInt("id", d.id)
      .Add("operator_id", d.operator_id.view())
      .Add("business", d.business.view())
      .Add("designated_on", d.designated_on.ToIso())
      .Add("gazette_ref", d.gazette_ref)
      .Add("criteria_version", d.criteria_version)
      .Add("duty_from", d.duty_from.ToIso())
      .AddOpt("revoked_on", d.revoked_on ? std::optional(d.revoked_on->ToIso()) : std::nullopt)
      .Add("revocation_reason", d.revocation_reason)
      .Add("sites", store::JoinList(d.sites))
      .text();
}

base::Status PutOperator(store::Connection& c, const Operator& op, const Actor& actor,
                         base::Instant now) {
  if (op.id.empty() || op.name_ja.empty()) {
    return base::InvalidArgument({.ja = "事業者には ID と名称（日本語）が必要です",
                                  .en = "an operator needs an id and a Japanese name"});
  }
  if (!op.corporate_number.empty()) {
    KIKAN_TRY(base::ValidateCorporateNumber(op.corporate_number)
                  .WithPrefix(fmt::format("operator {}: corporate_number: ", op.id)));
  }
  KIKAN_TRY(
      c.Exec("INSERT INTO operator (id, corporate_number, name_ja, name_en, prefecture) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET corporate_number = "
             "excluded.corporate_number, name_ja = excluded.name_ja, name_en = excluded.name_en, "
             "prefecture = excluded.prefecture",
             {op.id.value(), op.corporate_number, op.name_ja, op.name_en, op.prefecture}));
  return AppendEvent(c, actor, now, "operator.put", "operator", op.id.value(), CanonicalState(op));
}

base::Result<Designation> Designate(store::Connection& c, Designation d, const Actor& actor,
                                    base::Instant now) {
  if (d.business.empty() || d.criteria_version.empty()) {
    return base::InvalidArgument({.ja = "指定には特定社会基盤事業と指定基準の版が必要です",
                                  .en = "a designation needs a business and a criteria version"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto op, GetOperator(c, d.operator_id.view()));
  KIKAN_ASSIGN_OR_RETURN(auto duty, calendar::FilingDutyTransition(d.designated_on));
  d.duty_from = duty.day_after();
  auto rows = c.Query(
      "INSERT INTO designation (operator_id, business, designated_on, gazette_ref, "
      "criteria_version, duty_from, sites) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {d.operator_id.value(), d.business.value(), d.designated_on.ToIso(), d.gazette_ref,
       d.criteria_version, d.duty_from.ToIso(), store::JoinList(d.sites)});
  if (!rows) {
    if (rows.status().code() == base::StatusCode::kAlreadyExists) {
      return base::AlreadyExists(
          {.ja = fmt::format("{} は既に {} の特定社会基盤事業者に指定されています", d.operator_id,
                             d.business),
           .en = fmt::format("{} is already designated for {}", d.operator_id, d.business)});
    }
    return rows.status();
  }
  d.id = rows->at(0).Int(0);
  d.operator_name_ja = op.name_ja;
  d.operator_name_en = op.name_en;
  d.corporate_number = op.corporate_number;
  d.prefecture = op.prefecture;
  KIKAN_TRY(AppendEvent(c, actor, now, "designation.create", "designation", std::to_string(d.id),
                        CanonicalState(d), "criteria=" + d.criteria_version));
  return d;
}

base::Result<Designation> Revoke(store::Connection& c, int64_t id, base::Date on,
                                 std::string reason, const Actor& actor, base::Instant now) {
  if (reason.empty()) {
    return base::InvalidArgument(
        {.ja = "指定の解除には理由が必要です", .en = "a cancellation needs a reason"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto d, GetDesignation(c, id));
  if (d.revoked_on) {
    return base::FailedPrecondition(
        {.ja = fmt::format("指定 {} は {} に解除済みです", id, d.revoked_on->ToIso()),
         .en =
             fmt::format("designation {} was already cancelled on {}", id, d.revoked_on->ToIso())});
  }
  if (on < d.designated_on) {
    return base::FailedPrecondition(
        {.ja = fmt::format("解除日 {} が指定日 {} より前です", on.ToIso(), d.designated_on.ToIso()),
         .en = fmt::format("cancellation date {} is before the designation date {}", on.ToIso(),
                           d.designated_on.ToIso())});
  }
  KIKAN_TRY(c.Exec("UPDATE designation SET revoked_on = ?, revocation_reason = ? WHERE id = ?",
                   {on.ToIso(), reason, id}));
  d.revoked_on = on;
  d.revocation_reason = std::move(reason);
  KIKAN_TRY(AppendEvent(c, actor, now, "designation.revoke", "designation", std::to_string(id),
                        CanonicalState(d)));
  return d;
}

base::Result<std::vector<Designation>> ListDesignations(store::Connection& c,
                                                        const DesignationQuery& q) {
  std::string sql = fmt::format(
      "SELECT {} FROM designation d JOIN operator o ON o.id = d.operator_id WHERE 1 = 1",
      kDesignationColumns);
  std::vector<store::Value> params;
  if (!q.businesses.empty()) {
    sql += " AND d.business IN (";
    for (size_t i = 0; i < q.businesses.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(q.businesses[i].value());
    }
    sql += ")";
  }
  if (!q.operator_id.empty()) {
    sql += " AND d.operator_id = ?";
    params.emplace_back(q.operator_id.value());
  }
  if (!q.include_revoked) sql += " AND d.revoked_on IS NULL";
  sql += " ORDER BY d.business, o.name_ja, d.id";
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Designation> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    KIKAN_ASSIGN_OR_RETURN(auto d, DesignationFromRow(r));
    // Text search in C++ rather than SQL: the two backends spell substring search differently,
    // and the register is small (hundreds of rows).
    if (!q.text.empty() && !ContainsFolded(d.operator_name_ja, q.text) &&
        !ContainsFolded(d.operator_name_en, q.text) && d.corporate_number != q.text &&
        d.operator_id.view() != q.text) {
      continue;
    }
    out.push_back(std::move(d));
  }
  return out;
}

base::Result<Designation> GetDesignation(store::Connection& c, int64_t id) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT {} FROM designation d JOIN operator o ON o.id = d.operator_id "
                          "WHERE d.id = ?",
                          kDesignationColumns),
              {id}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("指定 {} はありません", id),
                           .en = fmt::format("no designation {}", id)});
  }
  return DesignationFromRow(rows[0]);
}

base::Result<Operator> GetOperator(store::Connection& c, std::string_view id) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, corporate_number, name_ja, name_en, "
                                            "prefecture FROM operator WHERE id = ?",
                                            {std::string(id)}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("事業者 \"{}\" はありません", id),
                           .en = fmt::format("no operator \"{}\"", id)});
  }
  const auto& r = rows[0];
  return Operator{base::OperatorId(r.Text(0)), r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
}

base::Result<std::vector<Operator>> ListOperators(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, corporate_number, name_ja, name_en, "
                                            "prefecture FROM operator ORDER BY id"));
  std::vector<Operator> out;
  for (const auto& r : rows)
    out.push_back({base::OperatorId(r.Text(0)), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

}  // namespace kikan::service
