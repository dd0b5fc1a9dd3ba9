#include "audit/log.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
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

// Migration 101: the Merkle tree over the events and its signed heads (§9–§10).
constexpr std::string_view kTreeSqliteDdl = R"sql(
CREATE TABLE audit_tree (
  level INTEGER NOT NULL CHECK (level >= 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  TEXT NOT NULL,
  PRIMARY KEY (level, idx)
) STRICT;
CREATE TABLE audit_tree_head (
  size      INTEGER PRIMARY KEY CHECK (size >= 0),
  root_hash TEXT NOT NULL,
  at        TEXT NOT NULL,
  key_id    TEXT NOT NULL,
  note      TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree
BEGIN SELECT RAISE(ABORT, 'audit_tree is append-only'); END;
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree
BEGIN SELECT RAISE(ABORT, 'audit_tree is append-only'); END;
CREATE TRIGGER audit_tree_head_no_update BEFORE UPDATE ON audit_tree_head
BEGIN SELECT RAISE(ABORT, 'audit_tree_head is append-only'); END;
CREATE TRIGGER audit_tree_head_no_delete BEFORE DELETE ON audit_tree_head
BEGIN SELECT RAISE(ABORT, 'audit_tree_head is append-only'); END;
)sql";

constexpr std::string_view kTreePostgresDdl = R"sql(
CREATE TABLE audit_tree (
  level BIGINT NOT NULL CHECK (level >= 0),
  idx   BIGINT NOT NULL CHECK (idx >= 0),
  hash  TEXT NOT NULL,
  PRIMARY KEY (level, idx)
);
CREATE TABLE audit_tree_head (
  size      BIGINT PRIMARY KEY CHECK (size >= 0),
  root_hash TEXT NOT NULL,
  at        TEXT NOT NULL,
  key_id    TEXT NOT NULL,
  note      TEXT NOT NULL
);
CREATE TRIGGER audit_tree_append_only BEFORE UPDATE OR DELETE ON audit_tree
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_tree_no_truncate BEFORE TRUNCATE ON audit_tree
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_tree_head_append_only BEFORE UPDATE OR DELETE ON audit_tree_head
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_tree_head_no_truncate BEFORE TRUNCATE ON audit_tree_head
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

base::Status TreeDamaged(std::string_view what_ja, std::string_view what_en) {
  return base::DataLoss(
      {.ja =
           fmt::format("監査ログのマークル木: {}。kikan audit verify を実行してください", what_ja),
       .en = fmt::format("the audit log's Merkle tree: {}; run kikan audit verify", what_en)});
}

// The stored hash of the complete subtree `idx` at `level`.
base::Result<merkle::Hash> Node(store::Connection& c, uint64_t level, uint64_t idx) {
  KIKAN_ASSIGN_OR_RETURN(auto rows,
                         c.Query("SELECT hash FROM audit_tree WHERE level = ? AND idx = ?",
                                 {static_cast<int64_t>(level), static_cast<int64_t>(idx)}));
  std::optional<Digest> h;
  if (!rows.empty()) h = DigestFromHex(rows[0].Text(0));
  if (!h) {
    return TreeDamaged(fmt::format("節 ({}, {}) がないか壊れています", level, idx),
                       fmt::format("node ({}, {}) is missing or malformed", level, idx));
  }
  return *h;
}

// MTH of a range from the stored complete subtrees.
base::Result<merkle::Hash> StoredRangeHash(store::Connection& c, merkle::Range r) {
  const uint64_t n = r.end - r.begin;
  if (std::has_single_bit(n) && r.begin % n == 0) {
    const auto level = static_cast<uint64_t>(std::countr_zero(n));
    return Node(c, level, r.begin >> level);
  }
  const uint64_t k = merkle::SplitPoint(n);
  KIKAN_ASSIGN_OR_RETURN(merkle::Hash left, StoredRangeHash(c, {r.begin, r.begin + k}));
  KIKAN_ASSIGN_OR_RETURN(merkle::Hash right, StoredRangeHash(c, {r.begin + k, r.end}));
  return merkle::NodeHash(left, right);
}

// Adds leaf `idx` and every subtree it completes.
base::Status AddLeaf(store::Connection& c, uint64_t idx, const merkle::Hash& leaf) {
  merkle::Hash cur = leaf;
  uint64_t i = idx;
  uint64_t level = 0;
  for (;;) {
    KIKAN_TRY(c.Exec("INSERT INTO audit_tree (level, idx, hash) VALUES (?, ?, ?)",
                     {static_cast<int64_t>(level), static_cast<int64_t>(i), ToHex(cur)}));
    if ((i & 1) == 0) return base::Status::Ok();
    KIKAN_ASSIGN_OR_RETURN(merkle::Hash left, Node(c, level, i - 1));
    cur = merkle::NodeHash(left, cur);
    i >>= 1;
    ++level;
  }
}

base::Status CheckSize(store::Connection& c, uint64_t size) {
  KIKAN_ASSIGN_OR_RETURN(uint64_t tree, TreeSize(c));
  if (size > tree) {
    return base::OutOfRange(
        {.ja = fmt::format("木の大きさ {} は記録された木 ({} 件) を超えています", size, tree),
         .en = fmt::format("tree size {} is beyond the stored tree ({} leaves)", size, tree)});
  }
  return base::Status::Ok();
}

TreeHeadRow TreeHeadFromRow(const store::Row& r) {
  TreeHeadRow h;
  h.size = static_cast<uint64_t>(std::max<int64_t>(0, CellInt(r, 0).value_or(0)));
  h.root_hash = r.Text(1);
  h.at = r.Text(2);
  h.key_id = r.Text(3);
  h.note = r.Text(4);
  return h;
}

}  // namespace

std::span<const store::Migration> Migrations() {
  static const store::Migration kMigrations[] = {
      {100, "audit_log", std::string(kSqliteDdl), std::string(kPostgresDdl)},
      {101, "audit_tree", std::string(kTreeSqliteDdl), std::string(kTreePostgresDdl)},
  };
  return kMigrations;
}

base::Result<Event> Append(store::Connection& c, const EventInput& in) {
  KIKAN_CHECK(c.InTransaction());
  KIKAN_TRY(ValidateEventInput(in));
  KIKAN_ASSIGN_OR_RETURN(Head head, ReadHead(c));
  KIKAN_ASSIGN_OR_RETURN(uint64_t tree, TreeSize(c));
  if (tree != static_cast<uint64_t>(head.seq)) KIKAN_TRY(SyncTree(c));
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
  KIKAN_TRY(AddLeaf(c, static_cast<uint64_t>(e.seq - 1), merkle::LeafHash(EventLeaf(e.seq, in))));
  return e;
}

base::Result<uint64_t> TreeSize(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_tree WHERE level = 0"));
  return static_cast<uint64_t>(std::max<int64_t>(0, CellInt(rows.at(0), 0).value_or(0)));
}

base::Status SyncTree(store::Connection& c) {
  KIKAN_CHECK(c.InTransaction());
  KIKAN_ASSIGN_OR_RETURN(uint64_t tree, TreeSize(c));
  KIKAN_ASSIGN_OR_RETURN(int64_t head, HeadSeq(c));
  if (tree > static_cast<uint64_t>(head)) {
    return TreeDamaged(
        fmt::format("木には {} 件の葉がありますが、事象は {} "
                    "件しかありません（ログが切り詰められています）",
                    tree, head),
        fmt::format("the tree has {} leaves but there are only {} events (the log was truncated)",
                    tree, head));
  }
  auto after = static_cast<int64_t>(tree);
  for (;;) {
    KIKAN_ASSIGN_OR_RETURN(
        auto rows,
        c.Query("SELECT seq, at, actor, action, object_type, object_id, state_hash, detail, "
                "prev_hash, hash FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?",
                {after, int64_t{kPageSize}}));
    for (const store::Row& r : rows) {
      auto seq = CellInt(r, 0);
      if (!seq || *seq != after + 1) {
        return TreeDamaged(fmt::format("事象 {} の次が {} です", after, r.Text(0)),
                           fmt::format("event {} is followed by {}", after, r.Text(0)));
      }
      const Event e = EventFromRow(r, *seq);
      KIKAN_TRY(
          AddLeaf(c, static_cast<uint64_t>(e.seq - 1), merkle::LeafHash(EventLeaf(e.seq, e))));
      after = e.seq;
    }
    if (rows.size() < static_cast<size_t>(kPageSize)) break;
  }
  return base::Status::Ok();
}

base::Result<merkle::Hash> TreeRoot(store::Connection& c, uint64_t size) {
  if (size == 0) return merkle::EmptyRoot();
  KIKAN_TRY(CheckSize(c, size));
  return StoredRangeHash(c, {0, size});
}

base::Result<merkle::Hash> TreeLeaf(store::Connection& c, uint64_t index) {
  KIKAN_TRY(CheckSize(c, index + 1));
  return Node(c, 0, index);
}

base::Result<std::vector<merkle::Hash>> TreeInclusionProof(store::Connection& c, uint64_t index,
                                                           uint64_t size) {
  KIKAN_TRY(CheckSize(c, size));
  if (index >= size) {
    return base::OutOfRange(
        {.ja = fmt::format("葉 {} は大きさ {} の木にありません（0 から数えます）", index, size),
         .en = fmt::format("leaf {} is not in a tree of {} leaves (counted from 0)", index, size)});
  }
  return merkle::InclusionProof(index, size,
                                [&c](merkle::Range r) { return StoredRangeHash(c, r); });
}

base::Result<std::vector<merkle::Hash>> TreeConsistencyProof(store::Connection& c, uint64_t from,
                                                             uint64_t to) {
  KIKAN_TRY(CheckSize(c, to));
  if (from == 0 || from > to) {
    return base::OutOfRange(
        {.ja = fmt::format("整合性の証明は 0 < from ≤ to の大きさの間だけです (from {}, to {})",
                           from, to),
         .en = fmt::format("a consistency proof needs 0 < from <= to (from {}, to {})", from, to)});
  }
  return merkle::ConsistencyProof(from, to,
                                  [&c](merkle::Range r) { return StoredRangeHash(c, r); });
}

base::Result<std::optional<TreeHeadRow>> LastTreeHead(store::Connection& c) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT size, root_hash, at, key_id, note FROM "
                                            "audit_tree_head ORDER BY size DESC LIMIT 1"));
  if (rows.empty()) return std::optional<TreeHeadRow>();
  return std::optional<TreeHeadRow>(TreeHeadFromRow(rows[0]));
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

namespace {

// Signs the tree head of the first `size` events unless it is signed already; first checks that
// the last head signed is still the tree's root at its size.
base::Status WriteTreeHead(store::Connection& c, const Signer& s, uint64_t size,
                           std::string_view at, std::string_view origin) {
  KIKAN_TRY(SyncTree(c));
  KIKAN_ASSIGN_OR_RETURN(std::optional<TreeHeadRow> last, LastTreeHead(c));
  if (last) {
    if (last->size > size) {
      return TreeDamaged(
          fmt::format("最後に署名した木の大きさ {} がログ ({} 件) より大きい（切り詰め）",
                      last->size, size),
          fmt::format("the last signed tree head has {} leaves, more than the log's {} "
                      "(truncated)",
                      last->size, size));
    }
    KIKAN_ASSIGN_OR_RETURN(merkle::Hash then, TreeRoot(c, last->size));
    if (ToHex(then) != last->root_hash) {
      return TreeDamaged(
          fmt::format("大きさ {} の根が署名済みの木の先頭と異なる（履歴の書き換え）。署名しません",
                      last->size),
          fmt::format("the root at size {} differs from the signed tree head (history "
                      "rewritten); nothing is signed",
                      last->size));
    }
    if (last->size == size) return base::Status::Ok();
  }
  KIKAN_ASSIGN_OR_RETURN(merkle::Hash root, TreeRoot(c, size));
  KIKAN_ASSIGN_OR_RETURN(std::string signed_note,
                         note::Sign({std::string(origin), size, root}, s, origin));
  return c.Exec(
      "INSERT INTO audit_tree_head (size, root_hash, at, key_id, note) VALUES (?, ?, ?, ?, ?)",
      {static_cast<int64_t>(size), ToHex(root), std::string(at), s.key_id(), signed_note});
}

}  // namespace

base::Result<Checkpoint> WriteCheckpoint(store::Connection& c, const Signer& s, std::string at,
                                         std::string_view origin) {
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
      if (!origin.empty()) {
        KIKAN_TRY(WriteTreeHead(c, s, static_cast<uint64_t>(head.seq), at, origin));
      }
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
  if (!origin.empty()) {
    KIKAN_TRY(WriteTreeHead(c, s, static_cast<uint64_t>(cp.seq), cp.at, origin));
  }
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
