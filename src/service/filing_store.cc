#include "service/filing_store.h"

#include <fmt/format.h>

#include "audit/event.h"
#include "audit/log.h"
#include "auth/tokens.h"
#include "base/hex.h"
#include "codec/filing_json.h"
#include "service/audit_event.h"
#include "service/canonical.h"
#include "service/filings.h"

namespace kikan::service {
namespace {

const store::Migration kMigrations[] = {
    store::Migration::Portable(310, "filings",
                               R"sql(
CREATE TABLE filing (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  business TEXT NOT NULL,
  operator_id TEXT NOT NULL REFERENCES operator(id),
  ministry_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  state TEXT NOT NULL,
  contents TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  filers TEXT NOT NULL,
  submitted_hash TEXT NOT NULL DEFAULT '',
  submitted_at TEXT,
  channel TEXT,
  received_on TEXT,
  period_end_override TEXT,
  period_changed_by TEXT,
  recommendation_issued_on TEXT,
  recommendation_received_on TEXT,
  answered_on TEXT,
  decided_on TEXT
) STRICT;
CREATE INDEX filing_operator ON filing(operator_id);
CREATE INDEX filing_business ON filing(business);
CREATE TABLE filing_event (
  filing_id TEXT NOT NULL REFERENCES filing(id),
  seq INTEGER NOT NULL,
  act TEXT NOT NULL,
  who TEXT NOT NULL,
  role TEXT NOT NULL,
  at TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  date TEXT,
  received_on TEXT,
  reason TEXT NOT NULL,
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  pack_version TEXT NOT NULL,
  channel TEXT,
  PRIMARY KEY (filing_id, seq)
) STRICT;
)sql"),
};

using filings::Instant;

store::Value DateValue(const std::optional<base::Date>& d) {
  if (!d) return std::monostate{};
  return d->ToIso();
}

base::Result<std::optional<base::Date>> DateCell(const store::Row& r, size_t i) {
  if (r.IsNull(i)) return std::optional<base::Date>();
  KIKAN_ASSIGN_OR_RETURN(auto d, base::Date::ParseIso(r.Text(i)));
  return std::optional<base::Date>(d);
}

std::string InstantText(Instant t) { return base::FormatInstant(t); }

base::Result<Instant> InstantCell(const store::Row& r, size_t i) {
  return base::ParseInstant(r.Text(i));
}

std::string JoinUsers(const std::vector<filings::UserId>& users) {
  std::string out;
  for (const auto& u : users) {
    if (!out.empty()) out += ';';
    out += u.value();
  }
  return out;
}

base::Status Corrupt(std::string_view id, std::string_view what) {
  return base::DataLoss({.ja = fmt::format("届出 {} の保存された {} を読めません", id, what),
                         .en = fmt::format("filing {}: stored {} is unreadable", id, what)});
}

constexpr std::string_view kColumns =
    "id, kind, business, operator_id, ministry_id, created_by, created_at, updated_at, state, "
    "contents, content_hash, filers, submitted_hash, submitted_at, channel, received_on, "
    "period_end_override, period_changed_by, recommendation_issued_on, "
    "recommendation_received_on, answered_on, decided_on";

base::Result<StoredFiling> FromRow(const store::Row& r) {
  StoredFiling f;
  auto& rec = f.record;
  std::string id = r.Text(0);
  rec.id = filings::FilingId(id);
  auto kind = regime::ParseFilingKind(r.Text(1));
  if (!kind) return Corrupt(id, "kind");
  rec.kind = *kind;
  rec.business = base::BusinessId(r.Text(2));
  rec.operator_id = base::OperatorId(r.Text(3));
  rec.ministry_id = r.Text(4);
  rec.created_by = filings::UserId(r.Text(5));
  KIKAN_ASSIGN_OR_RETURN(f.created_at, base::ParseInstant(r.Text(6)));
  KIKAN_ASSIGN_OR_RETURN(f.updated_at, base::ParseInstant(r.Text(7)));
  auto state = filings::ParseState(r.Text(8));
  if (!state) return Corrupt(id, "state");
  rec.state = *state;
  f.contents = r.Text(9);
  f.content_hash = r.Text(10);
  const std::string filers = r.Text(11);
  for (std::string_view rest = filers; !rest.empty();) {
    auto semi = rest.find(';');
    rec.filers.emplace_back(std::string(rest.substr(0, semi)));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  rec.submitted_hash = r.Text(12);
  if (!r.IsNull(13)) {
    KIKAN_ASSIGN_OR_RETURN(rec.submitted_at, InstantCell(r, 13));
  }
  if (!r.IsNull(14)) {
    rec.channel = filings::ParseChannel(r.Text(14));
    if (!rec.channel) return Corrupt(id, "channel");
  }
  KIKAN_ASSIGN_OR_RETURN(rec.received_on, DateCell(r, 15));
  KIKAN_ASSIGN_OR_RETURN(rec.period_end_override, DateCell(r, 16));
  if (!r.IsNull(17)) {
    rec.period_changed_by = filings::ParseActKind(r.Text(17));
    if (!rec.period_changed_by) return Corrupt(id, "period_changed_by");
  }
  KIKAN_ASSIGN_OR_RETURN(rec.recommendation_issued_on, DateCell(r, 18));
  KIKAN_ASSIGN_OR_RETURN(rec.recommendation_received_on, DateCell(r, 19));
  KIKAN_ASSIGN_OR_RETURN(rec.answered_on, DateCell(r, 20));
  KIKAN_ASSIGN_OR_RETURN(rec.decided_on, DateCell(r, 21));
  return f;
}

base::Status LoadEvents(store::Connection& c, StoredFiling& f) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT act, who, role, at, from_state, to_state, date, received_on, reason, text, "
              "content_hash, pack_version, channel FROM filing_event WHERE filing_id = ? ORDER "
              "BY seq",
              {f.record.id.value()}));
  const std::string& id = f.record.id.value();
  for (const auto& r : rows) {
    filings::ReviewEvent e;
    auto act = filings::ParseActKind(r.Text(0));
    auto from = filings::ParseState(r.Text(4));
    auto to = filings::ParseState(r.Text(5));
    if (!act || !from || !to) return Corrupt(id, "act");
    e.act = *act;
    e.who = filings::UserId(r.Text(1));
    std::string role = r.Text(2);
    if (role == filings::RoleName(filings::Role::kReviewer)) {
      e.role = filings::Role::kReviewer;
    } else if (role == filings::RoleName(filings::Role::kOperatorStaff)) {
      e.role = filings::Role::kOperatorStaff;
    } else {
      return Corrupt(id, "act role");
    }
    KIKAN_ASSIGN_OR_RETURN(e.when, InstantCell(r, 3));
    e.from = *from;
    e.to = *to;
    KIKAN_ASSIGN_OR_RETURN(e.date, DateCell(r, 6));
    KIKAN_ASSIGN_OR_RETURN(e.received_on, DateCell(r, 7));
    e.reason = r.Text(8);
    e.text = r.Text(9);
    e.content_hash = r.Text(10);
    e.pack_version = r.Text(11);
    if (!r.IsNull(12)) {
      e.channel = filings::ParseChannel(r.Text(12));
      if (!e.channel) return Corrupt(id, "act channel");
    }
    f.record.events.push_back(std::move(e));
  }
  return base::Status::Ok();
}

std::vector<store::Value> RecordValues(const StoredFiling& f) {
  const auto& rec = f.record;
  return {
      std::string(regime::FilingKindName(rec.kind)),
      rec.business.value(),
      rec.operator_id.value(),
      rec.ministry_id,
      rec.created_by.value(),
      base::FormatInstant(f.created_at),
      base::FormatInstant(f.updated_at),
      std::string(filings::StateName(rec.state)),
      f.contents,
      f.content_hash,
      JoinUsers(rec.filers),
      rec.submitted_hash,
      rec.submitted_at ? store::Value(InstantText(*rec.submitted_at)) : store::Value(),
      rec.channel ? store::Value(std::string(filings::ChannelName(*rec.channel))) : store::Value(),
      DateValue(rec.received_on),
      DateValue(rec.period_end_override),
      rec.period_changed_by
          ? store::Value(std::string(filings::ActKindName(*rec.period_changed_by)))
          : store::Value(),
      DateValue(rec.recommendation_issued_on),
      DateValue(rec.recommendation_received_on),
      DateValue(rec.answered_on),
      DateValue(rec.decided_on),
      rec.id.value()};
}

base::Status WriteRecord(store::Connection& c, const StoredFiling& f, bool insert) {
  auto values = RecordValues(f);
  if (insert) {
    // id goes first in the INSERT.
    std::rotate(values.rbegin(), values.rbegin() + 1, values.rend());
    return c.Exec(fmt::format("INSERT INTO filing ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              kColumns),
                  values);
  }
  return c.Exec(
      "UPDATE filing SET kind = ?, business = ?, operator_id = ?, ministry_id = ?, created_by = "
      "?, created_at = ?, updated_at = ?, state = ?, contents = ?, content_hash = ?, filers = ?, "
      "submitted_hash = ?, submitted_at = ?, channel = ?, received_on = ?, period_end_override "
      "= ?, period_changed_by = ?, recommendation_issued_on = ?, recommendation_received_on = ?, "
      "answered_on = ?, decided_on = ? WHERE id = ?",
      values);
}

base::Status WriteEvent(store::Connection& c, const StoredFiling& f, size_t seq) {
  const filings::ReviewEvent& e = f.record.events.at(seq);
  return c.Exec(
      "INSERT INTO filing_event (filing_id, seq, act, who, role, at, from_state, to_state, date, "
      "received_on, reason, text, content_hash, pack_version, channel) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {f.record.id.value(), static_cast<int64_t>(seq + 1), std::string(filings::ActKindName(e.act)),
       e.who.value(), std::string(filings::RoleName(e.role)), InstantText(e.when),
       std::string(filings::StateName(e.from)), std::string(filings::StateName(e.to)),
       DateValue(e.date), DateValue(e.received_on), e.reason, e.text, e.content_hash,
       e.pack_version,
       e.channel ? store::Value(std::string(filings::ChannelName(*e.channel))) : store::Value()});
}

base::Status AppendAudit(store::Connection& c, const StoredFiling& f, std::string_view action,
                         const std::string& user_id, base::Instant now, std::string detail) {
  return RecordEvent(c, user_id, now, action, "filing", f.record.id.value(),
                     audit::HashState(CanonicalState(f)), std::move(detail));
}

}  // namespace

std::span<const store::Migration> FilingMigrations() { return kMigrations; }

std::string ContentHash(std::string_view contents) { return audit::HashState(contents); }

std::string CanonicalState(const StoredFiling& f) {
  Canonical out("filing");
  auto values = RecordValues(f);
  static constexpr std::string_view kNames[] = {"kind",
                                                "business",
                                                "operator_id",
                                                "ministry_id",
                                                "created_by",
                                                "created_at",
                                                "updated_at",
                                                "state",
                                                "contents",
                                                "content_hash",
                                                "filers",
                                                "submitted_hash",
                                                "submitted_at",
                                                "channel",
                                                "received_on",
                                                "period_end_override",
                                                "period_changed_by",
                                                "recommendation_issued_on",
                                                "recommendation_received_on",
                                                "answered_on",
                                                "decided_on",
                                                "id"};
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::holds_alternative<std::string>(values[i])) {
      out.Add(kNames[i], std::get<std::string>(values[i]));
    } else {
      out.AddOpt(kNames[i], std::optional<std::string>());
    }
  }
  for (const auto& e : f.record.events) {
    out.Add("act",
            fmt::format("{}|{}|{}|{}|{}>{}|{}|{}|{}|{}|{}|{}|{}", filings::ActKindName(e.act),
                        e.who.value(), filings::RoleName(e.role), InstantText(e.when),
                        filings::StateName(e.from), filings::StateName(e.to),
                        e.date ? e.date->ToIso() : "", e.received_on ? e.received_on->ToIso() : "",
                        e.reason.size(), e.text.size(), e.content_hash, e.pack_version,
                        e.channel ? filings::ChannelName(*e.channel) : ""));
    out.Add("act_reason", e.reason);
    out.Add("act_text", e.text);
  }
  return out.text();
}

base::Result<StoredFiling> CreateFiling(store::Connection& c, const filings::Filing& contents,
                                        base::OperatorId operator_id, std::string ministry_id,
                                        const std::string& user_id, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto exists,
                         c.Query("SELECT 1 FROM operator WHERE id = ?", {operator_id.value()}));
  if (exists.empty()) {
    return base::NotFound(
        {.ja = fmt::format("事業者 \"{}\" は登録簿にありません", operator_id),
         .en = fmt::format("operator \"{}\" is not in the register", operator_id)});
  }
  StoredFiling f;
  f.record = filings::FilingRecord::New(filings::FilingId("f-" + base::ToHex(auth::RandomBytes(8))),
                                        contents.kind, contents.business, std::move(operator_id),
                                        std::move(ministry_id), filings::UserId(user_id));
  f.contents = codec::EncodeFilingText(contents);
  f.content_hash = ContentHash(f.contents);
  f.created_at = f.updated_at = now;
  KIKAN_TRY(WriteRecord(c, f, /*insert=*/true));
  KIKAN_TRY(AppendAudit(c, f, "filing.create", user_id, now, "content=" + f.content_hash));
  return f;
}

base::Result<StoredFiling> UpdateContents(store::Connection& c, std::string_view id,
                                          const std::string& user_id,
                                          const filings::Filing& contents, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto f, GetFiling(c, id));
  if (!filings::IsEditable(f.record.state)) {
    return base::FailedPrecondition(
        {.ja =
             fmt::format("届出 {} は状態「{}」では編集できません（下書き・事前相談中・補正中のみ）",
                         id, filings::StateLabel(f.record.state).ja),
         .en = fmt::format("filing {} cannot be edited in state {} (only draft, consultation or "
                           "returned)",
                           id, filings::StateName(f.record.state))});
  }
  f.contents = codec::EncodeFilingText(contents);
  f.content_hash = ContentHash(f.contents);
  f.updated_at = now;
  KIKAN_TRY(WriteRecord(c, f, /*insert=*/false));
  KIKAN_TRY(AppendAudit(c, f, "filing.edit", user_id, now, "content=" + f.content_hash));
  return f;
}

base::Result<StoredFiling> PerformAct(store::Connection& c, const Env& env, std::string_view id,
                                      filings::ActRequest request) {
  const base::Clock& clock = *env.clock;
  KIKAN_ASSIGN_OR_RETURN(auto f, GetFiling(c, id));
  if (request.act == filings::ActKind::kSubmit) {
    // The law's completeness rule, on the contents this transaction will submit.
    KIKAN_ASSIGN_OR_RETURN(auto findings, FilingFindings(env, f));
    if (filings::HasErrors(findings)) {
      std::vector<base::FieldError> missing;
      for (const auto& m : findings) {
        if (m.kind != filings::MissingItem::Kind::kWarning)
          missing.push_back({m.pointer, m.message});
      }
      size_t n = missing.size();
      return base::InvalidArgument(
                 {.ja = fmt::format("届出を提出できません: 必要な項目の不足・誤りが {} 件あります",
                                    n),
                  .en = fmt::format(
                      "the filing cannot be submitted: {} required item(s) missing or invalid", n)})
          .WithFields(std::move(missing));
    }
  }
  const filings::ActSpec& spec = filings::GetAct(request.act);
  if (request.pack_version.empty()) request.pack_version = env.PackVersionOf(f.record.business);
  if (request.content_hash.empty() && (request.act == filings::ActKind::kSubmit || spec.decision)) {
    request.content_hash = f.content_hash;
  }
  if (request.act == filings::ActKind::kSubmit && request.content_hash != f.content_hash) {
    return base::FailedPrecondition(
        {.ja = "内容が読み込み後に変更されています。最新の版を提出してください",
         .en = "the contents changed since they were read: submit the current version"});
  }
  KIKAN_ASSIGN_OR_RETURN(auto event, filings::Apply(f.record, request, clock));
  base::Instant now = clock.Now();
  f.updated_at = now;
  KIKAN_TRY(WriteRecord(c, f, /*insert=*/false));
  KIKAN_TRY(WriteEvent(c, f, f.record.events.size() - 1));
  std::string detail =
      "content=" + (event.content_hash.empty() ? f.content_hash : event.content_hash);
  if (!event.pack_version.empty()) detail += ";pack=" + event.pack_version;
  KIKAN_TRY(AppendAudit(c, f, fmt::format("filing.{}", filings::ActKindName(request.act)),
                        request.actor.user.value(), now, std::move(detail)));
  return f;
}

base::Result<StoredFiling> GetFiling(store::Connection& c, std::string_view id) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT {} FROM filing WHERE id = ?", kColumns), {std::string(id)}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("届出 \"{}\" はありません", id),
                           .en = fmt::format("no filing \"{}\"", id)});
  }
  KIKAN_ASSIGN_OR_RETURN(auto f, FromRow(rows[0]));
  KIKAN_TRY(LoadEvents(c, f));
  return f;
}

base::Result<std::vector<StoredFiling>> ListFilings(store::Connection& c,
                                                    const auth::ScopeFilter& scope) {
  std::vector<StoredFiling> out;
  if (scope.none()) return out;
  std::string sql = fmt::format("SELECT {} FROM filing WHERE 1 = 1", kColumns);
  std::vector<store::Value> params;
  sql += " AND " + auth::ScopeSql(scope, "operator_id", "business", &params);
  sql += " ORDER BY created_at DESC, id";
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  for (const auto& r : rows) {
    KIKAN_ASSIGN_OR_RETURN(auto f, FromRow(r));
    KIKAN_TRY(LoadEvents(c, f));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kikan::service
