#include "audit/log.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "base/check.h"

namespace kikan::audit {
namespace {

constexpr std::string_view kSqliteDdl = R"sql(
CREATE TABLE audit_event (
  seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  state_hash  TEXT NOT NULL,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_event_object ON audit_event (object_type, object_id, seq);
CREATE TABLE audit_checkpoint (
  seq         INTEGER PRIMARY KEY CHECK (seq >= 0),
  head_hash   TEXT NOT NULL,
  at          TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  signature   TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
)sql";

constexpr std::string_view kPostgresDdl = R"sql(
CREATE TABLE audit_event (
  seq         BIGINT PRIMARY KEY CHECK (seq >= 1),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  state_hash  TEXT NOT NULL,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_event_object ON audit_event (object_type, object_id, seq);
CREATE TABLE audit_checkpoint (
  seq         BIGINT PRIMARY KEY CHECK (seq >= 0),
  head_hash   TEXT NOT NULL,
  at          TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  signature   TEXT NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
)sql";

constexpr int kPageSize = 1000;

// A cell as an integer; nullopt when it is NULL or text that is not a decimal integer
// (untrusted: Row::Int would abort).
std::optional<int64_t> CellInt(const store::Row& r, size_t i) {
  const store::Value& v = r.cells.at(i);
  if (const int64_t* n = std::get_if<int64_t>(&v)) return *n;
  if (const std::string* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    const char* end = s->data() + s->size();
    auto [p, ec] = std::from_chars(s->data(), end, n);
    if (ec == std::errc() && p == end && !s->empty()) return n;
  }
  return std::nullopt;
}

// An event of a row of kEventColumns order (seq, at, actor, action, object_type, object_id,
// state_hash, detail, prev_hash, hash), its seq already read.
Event EventFromRow(const store::Row& r, int64_t seq) {
  Event e;
  e.seq = seq;
  e.at = r.Text(1);
  e.actor = r.Text(2);
  e.action = r.Text(3);
  e.object_type = r.Text(4);
  e.object_id = r.Text(5);
  e.state_hash = r.Text(6);
  e.detail = r.Text(7);
  e.prev_hash = r.Text(8);
  e.hash = r.Text(9);
  return e;
}

struct Head {
  int64_t seq = 0;
  Digest hash{};
};

base::Result<Head> ReadHead(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"));
  Head head;
  if (rows.empty()) return head;
  auto seq = CellInt(rows[0], 0);
  auto hash = DigestFromHex(rows[0].Text(1));
  if (!seq || *seq < 1 || !hash) {
    return base::DataLoss(
        {.ja = fmt::format(
             "監査ログの先頭 (seq {}) が壊れています。kikan audit verify を実行してください",
             rows[0].Text(0)),
         .en = fmt::format("the audit log head (seq {}) is malformed: run kikan audit verify",
                           rows[0].Text(0))});
  }
  head.seq = *seq;
  head.hash = *hash;
  return head;
}

Checkpoint CheckpointFromRow(const store::Row& r) {
  Checkpoint cp;
  cp.seq = CellInt(r, 0).value_or(-1);  // -1: reported as checkpoint.malformed
  cp.head_hash = r.Text(1);
  cp.at = r.Text(2);
  cp.key_id = r.Text(3);
  cp.public_key = r.Text(4);
  cp.signature = r.Text(5);
  return cp;
}

constexpr std::string_view kCheckpointColumns = "seq, head_hash, at, key_id, public_key, signature";

}  // namespace

std::span<const store::Migration> Migrations() {
  static const store::Migration kMigrations[] = {
      {100, "audit_log", std::string(kSqliteDdl), std::string(kPostgresDdl)},
  };
  return kMigrations;
}

base::Result<Event> Append(store::Connection& c, const EventInput& in) {
  KIKAN_CHECK(c.InTransaction());
  KIKAN_TRY(ValidateEventInput(in));
  KIKAN_ASSIGN_OR_RETURN(Head head, ReadHead(c));
  Event e;
  static_cast<EventInput&>(e) = in;
  e.seq = head.seq + 1;
  e.prev_hash = ToHex(head.hash);
  e.hash = EventHash(head.hash, e.seq, in);
  KIKAN_TRY(
      c.Exec("INSERT INTO audit_event (seq, at, actor, action, object_type, object_id, state_hash, "
             "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {e.seq, e.at, e.actor, e.action, e.object_type, e.object_id, e.state_hash, e.detail,
              e.prev_hash, e.hash}));
  return e;
}

base::Result<int64_t> HeadSeq(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT COALESCE(MAX(seq), 0) FROM audit_event"));
  return rows.at(0).Int(0);
}

base::Result<std::vector<Event>> ListEvents(store::Connection& c, const EventQuery& q) {
  std::string sql =
      "SELECT seq, at, actor, action, object_type, object_id, state_hash, detail, prev_hash, hash "
      "FROM audit_event WHERE ";
  std::vector<store::Value> params;
  if (q.before) {
    sql += "seq < ?";
    params.emplace_back(*q.before);
  } else {
    sql += "seq > ?";
    params.emplace_back(q.after);
  }
  const std::pair<const char*, const std::string*> filters[] = {{"object_type", &q.object_type},
                                                                {"object_id", &q.object_id},
                                                                {"action", &q.action},
                                                                {"actor", &q.actor}};
  for (const auto& [column, value] : filters) {
    if (value->empty()) continue;
    sql += fmt::format(" AND {} = ?", column);
    params.emplace_back(*value);
  }
  sql += q.before ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?";
  params.emplace_back(std::clamp<int64_t>(q.limit, 1, 1000));
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Event> out;
  for (const auto& r : rows) out.push_back(EventFromRow(r, r.Int(0)));
  return out;
}

base::Result<std::optional<Checkpoint>> LastCheckpoint(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, c.Query(fmt::format("SELECT {} FROM audit_checkpoint ORDER BY seq DESC LIMIT 1",
                                     kCheckpointColumns)));
  if (rows.empty()) return std::optional<Checkpoint>();
  return std::optional<Checkpoint>(CheckpointFromRow(rows[0]));
}

base::Result<Checkpoint> WriteCheckpoint(store::Connection& c, const Signer& s, std::string at) {
  if (!IsRfc3339Utc(at)) {
    return base::InvalidArgument(
        {.ja = "監査チェックポイント: at \"" + at +
               "\" が RFC 3339 形式の UTC 時刻 (例 2026-11-30T11:08:21.123Z) ではありません",
         .en = "audit checkpoint: at \"" + at +
               "\" is not an RFC 3339 UTC time such as 2026-11-30T11:08:21.123Z"});
  }
  std::optional<store::Transaction> own;
  if (!c.InTransaction()) {
    KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
    own.emplace(std::move(tx));
  }
  KIKAN_ASSIGN_OR_RETURN(Head head, ReadHead(c));
  KIKAN_ASSIGN_OR_RETURN(std::optional<Checkpoint> last, LastCheckpoint(c));
  const std::string head_hex = ToHex(head.hash);
  if (last && last->seq >= head.seq) {
    if (last->seq == head.seq && last->head_hash == head_hex) {
      if (own) KIKAN_TRY(own->Commit());
      return *last;
    }
    return base::DataLoss(
        {.ja = fmt::format(
             "最後の監査チェックポイント (seq {}) がログの先頭 (seq {}) と一致しません。"
             "ログが切り詰められたか書き換えられています。kikan audit verify を実行してください",
             last->seq, head.seq),
         .en = fmt::format("the last audit checkpoint (seq {}) does not match the head of the log "
                           "(seq {}): the log was truncated or rewritten; run kikan audit verify",
                           last->seq, head.seq)});
  }
  Checkpoint cp;
  cp.seq = head.seq;
  cp.head_hash = head_hex;
  cp.at = std::move(at);
  cp.key_id = s.key_id();
  cp.public_key = s.public_key_hex();
  cp.signature = ToHex(s.Sign(CheckpointMessage(cp.seq, head.hash, cp.at, cp.key_id)));
  KIKAN_TRY(c.Exec(fmt::format("INSERT INTO audit_checkpoint ({}) VALUES (?, ?, ?, ?, ?, ?)",
                               kCheckpointColumns),
                   {cp.seq, cp.head_hash, cp.at, cp.key_id, cp.public_key, cp.signature}));
  if (own) KIKAN_TRY(own->Commit());
  return cp;
}

base::Result<VerifyReport> Verify(store::Connection& c, const StateLookup& lookup,
                                  const ObjectLister& list,
                                  std::span<const std::string> trusted_public_keys_hex) {
  KIKAN_ASSIGN_OR_RETURN(
      auto cp_rows,
      c.Query(fmt::format("SELECT {} FROM audit_checkpoint ORDER BY seq", kCheckpointColumns)));
  std::vector<Checkpoint> checkpoints;
  checkpoints.reserve(cp_rows.size());
  for (const store::Row& r : cp_rows) checkpoints.push_back(CheckpointFromRow(r));
  KIKAN_ASSIGN_OR_RETURN(Verifier v,
                         Verifier::Create(std::move(checkpoints), trusted_public_keys_hex));

  int64_t after = std::numeric_limits<int64_t>::min();
  for (;;) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query("SELECT seq, at, actor, action, object_type, object_id, state_hash, detail, "
                "prev_hash, hash FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?",
                {after, int64_t{kPageSize}}));
    for (const store::Row& r : rows) {
      auto seq = CellInt(r, 0);
      if (!seq) {
        v.AddUnreadableRow(r.Text(0));
        return std::move(v).Finish(lookup, list);
      }
      v.AddEvent(EventFromRow(r, *seq));
      after = *seq;
    }
    if (rows.size() < static_cast<size_t>(kPageSize)) break;
  }
  return std::move(v).Finish(lookup, list);
}

}  // namespace kikan::audit
