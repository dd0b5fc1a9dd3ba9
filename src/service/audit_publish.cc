#include "service/audit_publish.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kikan::service {
namespace {

namespace json = boost::json;

constexpr std::string_view kBundleFormat = "kikan-audit-proof/v1";

std::string B64(const audit::merkle::Hash& h) {
  return audit::note::Base64(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

base::Status FileError(const std::string& path, std::string_view what_ja,
                       std::string_view what_en) {
  return base::Unavailable(
      {.ja = fmt::format("チェックポイントのファイル {}: {}: {}", path, what_ja,
                         std::strerror(errno)),
       .en = fmt::format("checkpoints file {}: {}: {}", path, what_en, std::strerror(errno))});
}

base::Status AppendToFile(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return FileError(path, "開けません", "cannot open");
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      base::Status s = FileError(path, "書けません", "cannot write");
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    base::Status s = FileError(path, "同期できません", "cannot sync");
    ::close(fd);
    return s;
  }
  ::close(fd);
  return base::Status::Ok();
}

base::Status BadBundle(std::string_view ja, std::string_view en) {
  return base::InvalidArgument(
      {.ja = fmt::format("証明ファイル: {}", ja), .en = fmt::format("proof bundle: {}", en)});
}

json::object EventJson(int64_t seq, const audit::EventInput& e) {
  return json::object{{"seq", seq},
                      {"at", e.at},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"object_type", e.object_type},
                      {"object_id", e.object_id},
                      {"state_hash", e.state_hash},
                      {"detail", e.detail}};
}

std::string BundleText(int64_t seq, const audit::EventInput& e, const audit::merkle::Hash& leaf,
                       uint64_t size, const std::vector<audit::merkle::Hash>& hashes,
                       std::string_view checkpoint) {
  json::array path;
  for (const auto& h : hashes) path.emplace_back(B64(h));
  json::object o{{"format", kBundleFormat}, {"event", EventJson(seq, e)},
                 {"leaf_index", seq - 1},   {"leaf_hash", B64(leaf)},
                 {"tree_size", size},       {"hashes", std::move(path)},
                 {"checkpoint", checkpoint}};
  return json::serialize(o) + "\n";
}

}  // namespace

namespace {

// The last of the signed notes `text` holds one after another (three body lines, an empty line,
// signature lines "— …"), or nullopt when it is empty. `where` names the text in errors.
base::Result<std::optional<audit::note::Checkpoint>> LastNote(std::string_view text,
                                                              std::string_view where) {
  std::optional<audit::note::Checkpoint> last;
  size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    const int start_line = line;
    size_t end = pos;
    for (int i = 0; i < 4 && end < text.size(); ++i) {  // body and the empty line
      end = text.find('\n', end);
      end = end == std::string_view::npos ? text.size() : end + 1;
      ++line;
    }
    while (end < text.size() && text.substr(end).starts_with("\xE2\x80\x94 ")) {
      const size_t nl = text.find('\n', end);
      end = nl == std::string_view::npos ? text.size() : nl + 1;
      ++line;
    }
    auto note = audit::note::Parse(text.substr(pos, end - pos));
    if (!note) {
      return base::InvalidArgument(
          {.ja = fmt::format("{}:{}: 署名付きチェックポイントではありません: {}", where, start_line,
                             note.status().message(base::Lang::kJa)),
           .en = fmt::format("{}:{}: not a signed checkpoint: {}", where, start_line,
                             note.status().message(base::Lang::kEn))});
    }
    last = std::move(*note);
    pos = end;
  }
  return last;
}

}  // namespace

base::Result<std::optional<audit::note::Checkpoint>> LastPublished(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<audit::note::Checkpoint>();
    return FileError(path, "読めません", "cannot read");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto last = LastNote(ss.str(), path);
  if (!last) return base::DataLoss(last.status().text());
  return last;
}

base::Result<PublishResult> PublishCheckpoint(store::Connection& c, const audit::Signer& signer,
                                              std::string at, std::string_view origin,
                                              const std::string& checkpoints_file) {
  KIKAN_ASSIGN_OR_RETURN(std::optional<audit::note::Checkpoint> published,
                         LastPublished(checkpoints_file));
  KIKAN_ASSIGN_OR_RETURN(auto tx, store::Transaction::Start(c));
  KIKAN_TRY(audit::SyncTree(c));
  if (published) {
    const auto& head = published->head;
    auto root = audit::TreeRoot(c, head.size);
    if (!root || *root != head.root || head.origin != origin) {
      const std::string why_en =
          !root ? fmt::format("the log has fewer than its {} events (truncated)", head.size)
          : head.origin != origin ? fmt::format("it is of another log (origin {})", head.origin)
                                  : fmt::format(
                                        "the log's first {} events are no longer those published "
                                        "(rewritten history)",
                                        head.size);
      const std::string why_ja =
          !root ? fmt::format("ログが {} 件より短くなっています（切り詰め）", head.size)
          : head.origin != origin
              ? fmt::format("別のログ (origin {}) のものです", head.origin)
              : fmt::format("最初の {} 件が公開時と異なります（履歴の書き換え）", head.size);
      return base::DataLoss(
          {.ja = fmt::format("監査ログが公開済みのチェックポイント（{}、大きさ {}）と整合しません: "
                             "{}。署名しません",
                             checkpoints_file, head.size, why_ja),
           .en = fmt::format("the audit log is inconsistent with the published checkpoint ({}, "
                             "size {}): {}; nothing is signed",
                             checkpoints_file, head.size, why_en)});
    }
  }
  PublishResult out;
  KIKAN_ASSIGN_OR_RETURN(out.chain, audit::WriteCheckpoint(c, signer, std::move(at), origin));
  KIKAN_ASSIGN_OR_RETURN(std::optional<audit::TreeHeadRow> head, audit::LastTreeHead(c));
  KIKAN_TRY(tx.Commit());
  if (head && (!published || head->size > published->head.size)) {
    KIKAN_ASSIGN_OR_RETURN(auto note, audit::note::Parse(head->note));
    KIKAN_TRY(AppendToFile(checkpoints_file, head->note));
    out.published = std::move(note);
  }
  return out;
}

base::Result<std::vector<audit::Finding>> CheckAgainstCheckpoint(
    store::Connection& c, std::string_view checkpoint_text,
    std::span<const std::string> trusted_public_keys) {
  // A checkpoints file holds notes one after another: the last is the newest.
  KIKAN_ASSIGN_OR_RETURN(std::optional<audit::note::Checkpoint> last,
                         LastNote(checkpoint_text, "checkpoint"));
  if (!last) {
    return base::InvalidArgument(
        {.ja = "チェックポイントが空です", .en = "the checkpoint is empty"});
  }
  const audit::note::Checkpoint& note = *last;
  std::vector<audit::Finding> out;
  const auto size = static_cast<int64_t>(note.head.size);
  if (!trusted_public_keys.empty()) {
    bool trusted = false;
    for (const std::string& key : trusted_public_keys) {
      trusted = trusted || audit::note::Verify(
                               note, note.head.origin,
                               std::span(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
    }
    if (!trusted) {
      out.push_back(
          {size,
           "",
           "",
           "checkpoint.untrusted",
           {.ja = fmt::format("チェックポイント（{}、大きさ {}）は信頼する鍵のどれでも署名されて"
                              "いません",
                              note.head.origin, size),
            .en = fmt::format("the checkpoint ({}, size {}) is not signed by any trusted key",
                              note.head.origin, size)}});
    }
  }
  // The tree of the first `size` events, from the events.
  audit::merkle::MemoryTree tree;
  audit::EventQuery q;
  q.limit = 1000;
  while (static_cast<int64_t>(tree.size()) < size) {
    q.after = static_cast<int64_t>(tree.size());
    KIKAN_ASSIGN_OR_RETURN(std::vector<audit::Event> page, audit::ListEvents(c, q));
    if (page.empty()) break;
    for (const audit::Event& e : page) {
      if (e.seq != static_cast<int64_t>(tree.size()) + 1 ||
          static_cast<int64_t>(tree.size()) >= size) {
        break;
      }
      tree.Append(audit::merkle::LeafHash(audit::EventLeaf(e.seq, e)));
    }
    if (page.back().seq != static_cast<int64_t>(tree.size())) break;  // a gap: stop there
  }
  const auto have = static_cast<int64_t>(tree.size());
  if (have < size) {
    out.push_back(
        {size,
         "",
         "",
         "checkpoint.truncated",
         {.ja = fmt::format("ログは {} 件で、保存したチェックポイントの大きさ {} より短い（切り詰め"
                            "または欠落）",
                            have, size),
          .en = fmt::format("the log holds {} events in sequence, fewer than the saved "
                            "checkpoint's {} (truncated, or events missing)",
                            have, size)}});
  } else if (tree.Root(note.head.size) != note.head.root) {
    out.push_back(
        {size,
         "",
         "",
         "checkpoint.inconsistent",
         {.ja = fmt::format("最初の {} 件の根 {} が保存したチェックポイントの根 {} と異なる（履歴の"
                            "書き換えまたは分岐）",
                            size, B64(tree.Root(note.head.size)), B64(note.head.root)),
          .en = fmt::format("the root of the first {} events, {}, is not the saved "
                            "checkpoint's {} (history rewritten, or a fork)",
                            size, B64(tree.Root(note.head.size)), B64(note.head.root))}});
  }
  return out;
}

base::Result<std::string> ProofBundle(store::Connection& c, int64_t seq) {
  audit::EventQuery q;
  q.after = seq - 1;
  q.limit = 1;
  KIKAN_ASSIGN_OR_RETURN(std::vector<audit::Event> events, audit::ListEvents(c, q));
  if (seq < 1 || events.empty() || events[0].seq != seq) {
    return base::NotFound({.ja = fmt::format("監査ログに事象 {} はありません", seq),
                           .en = fmt::format("the audit log has no event {}", seq)});
  }
  KIKAN_ASSIGN_OR_RETURN(std::optional<audit::TreeHeadRow> head, audit::LastTreeHead(c));
  if (!head || head->size < static_cast<uint64_t>(seq)) {
    return base::FailedPrecondition(
        {.ja = fmt::format("事象 {} を含む署名済みチェックポイントはまだありません（次の"
                           "チェックポイントの後に作れます）",
                           seq),
         .en = fmt::format("no signed checkpoint covers event {} yet (the next checkpoint will)",
                           seq)});
  }
  const auto index = static_cast<uint64_t>(seq - 1);
  KIKAN_ASSIGN_OR_RETURN(audit::merkle::Hash leaf, audit::TreeLeaf(c, index));
  KIKAN_ASSIGN_OR_RETURN(auto hashes, audit::TreeInclusionProof(c, index, head->size));
  return BundleText(seq, events[0], leaf, head->size, hashes, head->note);
}

base::Result<VerifiedProof> VerifyProofBundle(std::string_view text,
                                              std::span<const uint8_t> public_key) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return BadBundle("JSON のオブジェクトではありません", "not a JSON object");
  const json::object& o = v.as_object();
  auto str = [&](const json::object& from, std::string_view key) -> const json::string* {
    const json::value* x = from.if_contains(key);
    return x != nullptr ? x->if_string() : nullptr;
  };
  auto num = [&](const json::object& from, std::string_view key) -> std::optional<int64_t> {
    const json::value* x = from.if_contains(key);
    if (x == nullptr) return std::nullopt;
    if (const int64_t* i = x->if_int64()) return *i;
    if (const uint64_t* u = x->if_uint64(); u != nullptr && *u <= INT64_MAX) {
      return static_cast<int64_t>(*u);
    }
    return std::nullopt;
  };
  const json::string* format = str(o, "format");
  if (format == nullptr || *format != kBundleFormat) {
    return BadBundle(fmt::format("format が {} ではありません", kBundleFormat),
                     fmt::format("format is not {}", kBundleFormat));
  }
  const json::value* ev = o.if_contains("event");
  if (ev == nullptr || !ev->is_object()) return BadBundle("event がありません", "no event");
  const json::object& eo = ev->as_object();
  VerifiedProof out;
  auto seq = num(eo, "seq");
  if (!seq || *seq < 1)
    return BadBundle("event.seq が正の整数ではありません", "event.seq is not a positive integer");
  out.seq = *seq;
  std::string* fields[] = {&out.event.at,          &out.event.actor,     &out.event.action,
                           &out.event.object_type, &out.event.object_id, &out.event.state_hash,
                           &out.event.detail};
  const char* names[] = {"at",        "actor",      "action", "object_type",
                         "object_id", "state_hash", "detail"};
  for (size_t i = 0; i < 7; ++i) {
    const json::string* s = str(eo, names[i]);
    if (s == nullptr) {
      return BadBundle(fmt::format("event.{} がありません", names[i]),
                       fmt::format("event.{} is missing", names[i]));
    }
    *fields[i] = std::string(*s);
  }
  auto index = num(o, "leaf_index");
  auto size = num(o, "tree_size");
  const json::string* leaf_text = str(o, "leaf_hash");
  const json::string* checkpoint = str(o, "checkpoint");
  const json::value* hv = o.if_contains("hashes");
  if (!index || !size || leaf_text == nullptr || checkpoint == nullptr || hv == nullptr ||
      !hv->is_array()) {
    return BadBundle("leaf_index・leaf_hash・tree_size・hashes・checkpoint のいずれかがありません",
                     "leaf_index, leaf_hash, tree_size, hashes or checkpoint is missing");
  }
  if (*index != *seq - 1) {
    return BadBundle("leaf_index が event.seq − 1 ではありません",
                     "leaf_index is not event.seq − 1");
  }
  auto decode = [](std::string_view b64) -> std::optional<audit::merkle::Hash> {
    auto raw = audit::note::FromBase64(b64);
    if (!raw || raw->size() != 32) return std::nullopt;
    audit::merkle::Hash h;
    std::memcpy(h.data(), raw->data(), 32);
    return h;
  };
  const audit::merkle::Hash leaf = audit::merkle::LeafHash(audit::EventLeaf(out.seq, out.event));
  auto given_leaf = decode(*leaf_text);
  if (!given_leaf || *given_leaf != leaf) {
    return BadBundle("leaf_hash が事象から計算した葉と一致しません",
                     "leaf_hash is not the leaf computed from the event");
  }
  std::vector<audit::merkle::Hash> hashes;
  for (const json::value& h : hv->as_array()) {
    auto d = h.is_string() ? decode(h.as_string()) : std::nullopt;
    if (!d)
      return BadBundle("hashes に32バイトの base64 でないものがあります",
                       "hashes holds something that is not 32 bytes of base64");
    hashes.push_back(*d);
  }
  KIKAN_ASSIGN_OR_RETURN(auto note, audit::note::Parse(*checkpoint));
  if (static_cast<uint64_t>(*size) != note.head.size) {
    return BadBundle("tree_size がチェックポイントの大きさと異なります",
                     "tree_size differs from the checkpoint's size");
  }
  if (!audit::merkle::VerifyInclusion(static_cast<uint64_t>(*index), note.head.size, leaf, hashes,
                                      note.head.root)) {
    return BadBundle("包含証明がチェックポイントの根に至りません",
                     "the inclusion proof does not lead to the checkpoint's root");
  }
  if (!audit::note::Verify(note, note.head.origin, public_key)) {
    return BadBundle("チェックポイントがこの公開鍵で署名されていません",
                     "the checkpoint is not signed by this public key");
  }
  if (BundleText(out.seq, out.event, leaf, note.head.size, hashes, *checkpoint) != text) {
    return BadBundle("証明ファイルが正規の形ではありません（書き換えられています）",
                     "the bundle is not in its canonical form (it was altered)");
  }
  out.head = note.head;
  return out;
}

}  // namespace kikan::service
