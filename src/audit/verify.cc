#include "audit/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "audit/signer.h"

namespace kikan::audit {
namespace {

Finding EventFinding(int64_t seq, std::string kind, base::Text problem) {
  Finding f;
  f.seq = seq;
  f.kind = std::move(kind);
  f.problem = std::move(problem);
  return f;
}

Finding ObjectFinding(const std::string& type, const std::string& id, std::string kind,
                      base::Text problem) {
  Finding f;
  f.object_type = type;
  f.object_id = id;
  f.kind = std::move(kind);
  f.problem = std::move(problem);
  return f;
}

bool IsKeyIdHex(std::string_view s) { return FromHex(s, 8).has_value(); }

// Quotes untrusted text for a message, shortened so a huge cell cannot flood the report.
std::string Shown(std::string_view s) {
  constexpr size_t kMax = 80;
  if (s.size() <= kMax) return fmt::format("\"{}\"", s);
  return fmt::format("\"{}…\" ({} bytes)", s.substr(0, kMax), s.size());
}

}  // namespace

base::Result<Verifier> Verifier::Create(std::vector<Checkpoint> checkpoints,
                                        std::span<const std::string> trusted_public_keys_hex) {
  Verifier v;
  for (const std::string& key : trusted_public_keys_hex) {
    if (!FromHex(key, Signer::kPublicKeySize)) {
      return base::InvalidArgument(
          {.ja = fmt::format("信頼する鍵 {} は Ed25519 公開鍵 (64桁の小文字16進数) ではありません",
                             Shown(key)),
           .en =
               fmt::format("trusted key {} is not an Ed25519 public key (64 lowercase hex digits)",
                           Shown(key))});
    }
    v.trusted_.insert(key);
  }
  std::stable_sort(checkpoints.begin(), checkpoints.end(),
                   [](const Checkpoint& a, const Checkpoint& b) { return a.seq < b.seq; });
  for (const Checkpoint& cp : checkpoints) v.checkpoint_seqs_.insert(cp.seq);
  v.checkpoints_ = std::move(checkpoints);
  return v;
}

void Verifier::Break(Finding f) {
  chain_findings_.push_back(std::move(f));
  broken_ = true;
}

void Verifier::AddUnreadableRow(std::string_view cell) {
  if (broken_) return;
  Break(
      EventFinding(0, "event.out_of_order",
                   {.ja = fmt::format("イベント {} の次の行の seq {} が整数ではありません",
                                      last_seq_, Shown(cell)),
                    .en = fmt::format("the row after event {} has a seq that is not an integer: {}",
                                      last_seq_, Shown(cell))}));
}

void Verifier::AddEvent(const Event& e) {
  ++report_.events;
  max_seq_ = std::max(max_seq_, e.seq);
  if (checkpoint_seqs_.contains(e.seq)) stored_hash_at_.emplace(e.seq, e.hash);
  auto [it, inserted] = latest_.try_emplace({e.object_type, e.object_id});
  if (inserted || e.seq >= it->second.seq) it->second = Latest{e.seq, e.state_hash};

  if (broken_) return;
  const int64_t expected = last_seq_ + 1;
  if (e.seq > expected) {
    Break(EventFinding(
        expected, "event.missing",
        {.ja = fmt::format("イベント {} がありません (次の行は {})。削除されたおそれがあります",
                           expected, e.seq),
         .en = fmt::format("event {} is missing (the next row is {}): events were deleted",
                           expected, e.seq)}));
    return;
  }
  if (e.seq < expected) {
    Break(EventFinding(e.seq, "event.out_of_order",
                       {.ja = fmt::format("イベント {} の後に seq {} の行があります (順序が不正)",
                                          last_seq_, e.seq),
                        .en = fmt::format("a row with seq {} follows event {} (out of order)",
                                          e.seq, last_seq_)}));
    return;
  }
  auto prev = DigestFromHex(e.prev_hash);
  auto hash = DigestFromHex(e.hash);
  if (!prev || !hash) {
    Break(EventFinding(
        e.seq, "event.malformed",
        {.ja = fmt::format(
             "イベント {} の prev_hash {} または hash {} が64桁の小文字16進数ではありません", e.seq,
             Shown(e.prev_hash), Shown(e.hash)),
         .en = fmt::format("event {}: prev_hash {} or hash {} is not 64 lowercase hex digits",
                           e.seq, Shown(e.prev_hash), Shown(e.hash))}));
    return;
  }
  if (*prev != prev_) {
    Break(EventFinding(
        e.seq, "event.prev_mismatch",
        {.ja = fmt::format("イベント {} の prev_hash が直前のイベントの hash {} と一致しません"
                           "。前のイベントが削除・並べ替え・書き換えられたおそれがあります",
                           e.seq, ToHex(prev_)),
         .en =
             fmt::format("event {}: prev_hash does not match the hash of the event before it ({}): "
                         "an earlier event was deleted, reordered or rewritten",
                         e.seq, ToHex(prev_))}));
    return;
  }
  if (ChainHash(prev_, EventFrame(e.seq, e)) != *hash) {
    Break(EventFinding(
        e.seq, "event.hash_mismatch",
        {.ja = fmt::format(
             "イベント {} の内容がハッシュと一致しません。行が直接書き換えられています", e.seq),
         .en = fmt::format("event {}: its fields do not match its hash: the row was edited",
                           e.seq)}));
    return;
  }
  last_seq_ = e.seq;
  prev_ = *hash;
  report_.verified_through = e.seq;
  if (base::Status s = ValidateEventInput(e); !s.ok()) {
    chain_findings_.push_back(EventFinding(e.seq, "event.invalid",
                                           {.ja = fmt::format("イベント {}: {}", e.seq, s.ja()),
                                            .en = fmt::format("event {}: {}", e.seq, s.en())}));
  }
}

base::Result<VerifyReport> Verifier::Finish(const StateLookup& lookup,
                                            const ObjectLister& list) && {
  VerifyReport report = std::move(report_);
  report.findings = std::move(chain_findings_);

  // Pass 2: checkpoints, in seq order; at most one finding each.
  for (const Checkpoint& cp : checkpoints_) {
    ++report.checkpoints;
    auto head = DigestFromHex(cp.head_hash);
    auto pk = FromHex(cp.public_key, Signer::kPublicKeySize);
    auto sig = FromHex(cp.signature, Signer::kSignatureSize);
    std::optional<Finding> problem;
    if (!head || !pk || !sig || !IsKeyIdHex(cp.key_id) || cp.seq < 0 ||
        KeyIdOf(std::span(reinterpret_cast<const uint8_t*>(pk->data()), pk->size())) != cp.key_id) {
      problem = EventFinding(
          cp.seq, "checkpoint.malformed",
          {.ja = fmt::format(
               "チェックポイント {} の head_hash・public_key・signature・key_id のいずれかが"
               "不正です (16進数の長さ、または鍵IDが公開鍵と一致しない)",
               cp.seq),
           .en =
               fmt::format("checkpoint {}: head_hash, public_key, signature or key_id is malformed "
                           "(hex length, or the key id is not that of the public key)",
                           cp.seq)});
    } else if (!trusted_.empty() && !trusted_.contains(cp.public_key)) {
      problem = EventFinding(
          cp.seq, "checkpoint.untrusted_key",
          {.ja = fmt::format("チェックポイント {} は信頼する鍵ではない鍵 {} で署名されています",
                             cp.seq, cp.key_id),
           .en = fmt::format("checkpoint {} is signed by key {}, which is not a trusted key",
                             cp.seq, cp.key_id)});
    } else if (!VerifySignature(*pk, CheckpointMessage(cp.seq, *head, cp.at, cp.key_id), *sig)) {
      problem =
          EventFinding(cp.seq, "checkpoint.bad_signature",
                       {.ja = fmt::format("チェックポイント {} の署名が正しくありません (鍵 {})",
                                          cp.seq, cp.key_id),
                        .en = fmt::format("checkpoint {}: the signature is not valid (key {})",
                                          cp.seq, cp.key_id)});
    } else if (cp.seq > 0 && !stored_hash_at_.contains(cp.seq)) {
      problem = EventFinding(
          cp.seq, "checkpoint.truncated",
          {.ja = fmt::format(
               "チェックポイント {} が署名したイベント {} がありません (最後のイベントは {})"
               "。ログが切り詰められています",
               cp.seq, cp.seq, max_seq_),
           .en = fmt::format(
               "checkpoint {} signed event {}, which is missing (the last event is {}): "
               "the log was truncated",
               cp.seq, cp.seq, max_seq_)});
    } else if (cp.head_hash !=
               (cp.seq == 0 ? std::string(kZeroHashHex) : stored_hash_at_.at(cp.seq))) {
      problem = EventFinding(
          cp.seq, "checkpoint.head_mismatch",
          {.ja =
               fmt::format("チェックポイント {} の head_hash がイベント {} の hash と一致しません",
                           cp.seq, cp.seq),
           .en = fmt::format("checkpoint {}: head_hash does not match the hash of event {}", cp.seq,
                             cp.seq)});
    }
    if (problem) {
      report.findings.push_back(std::move(*problem));
    } else if (cp.seq <= report.verified_through) {
      report.signed_through = std::max(report.signed_through, cp.seq);
    }
  }
  report.trusted_key = !trusted_.empty() && report.checkpoints > 0;

  // Pass 3: objects.
  std::vector<Finding> objects;
  for (const auto& [key, latest] : latest_) {
    const auto& [type, id] = key;
    if (type.empty() || id.empty()) continue;  // already an event.invalid finding
    ++report.objects;
    auto current = lookup(type, id);
    if (!current.has_value()) {
      if (current.status().code() == base::StatusCode::kNotFound) {
        ++report.objects_untracked;
        continue;
      }
      return current.status();
    }
    if (current->has_value()) {
      if (latest.state_hash.empty()) {
        objects.push_back(ObjectFinding(
            type, id, "object.deleted_in_log",
            {.ja = fmt::format("{} {} は存在しますが、最新のイベント {} では削除されています", type,
                               id, latest.seq),
             .en = fmt::format("{} {} exists, but its latest event {} deleted it", type, id,
                               latest.seq)}));
      } else if (**current != latest.state_hash) {
        objects.push_back(ObjectFinding(
            type, id, "object.state_mismatch",
            {.ja = fmt::format("{} {} の現在の状態が最新のイベント {} の state_hash と一致しません"
                               "。イベントなしに変更されています",
                               type, id, latest.seq),
             .en =
                 fmt::format("{} {}: its current state does not match the state_hash of its latest "
                             "event {}: it was changed without an event",
                             type, id, latest.seq)}));
      }
    } else if (!latest.state_hash.empty()) {
      objects.push_back(ObjectFinding(
          type, id, "object.missing",
          {.ja = fmt::format("{} {} が存在しませんが、最新のイベント {} は削除ではありません"
                             "。イベントなしに削除されています",
                             type, id, latest.seq),
           .en = fmt::format(
               "{} {} no longer exists, but its latest event {} is not a deletion: it was "
               "deleted without an event",
               type, id, latest.seq)}));
    }
  }
  KIKAN_ASSIGN_OR_RETURN(auto listed, list());
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  for (const auto& key : listed) {
    if (latest_.contains(key)) continue;
    ++report.objects;
    objects.push_back(ObjectFinding(
        key.first, key.second, "object.no_event",
        {.ja = fmt::format("{} {} には監査イベントがありません。イベントなしに作成されています",
                           key.first, key.second),
         .en = fmt::format("{} {} has no audit event: it was created without an event", key.first,
                           key.second)}));
  }
  std::stable_sort(objects.begin(), objects.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.object_type, a.object_id) < std::tie(b.object_type, b.object_id);
  });
  for (Finding& f : objects) report.findings.push_back(std::move(f));
  return report;
}

base::Result<VerifyReport> VerifyLog(std::span<const Event> events,
                                     std::span<const Checkpoint> checkpoints,
                                     const StateLookup& lookup, const ObjectLister& list,
                                     std::span<const std::string> trusted_public_keys_hex) {
  KIKAN_ASSIGN_OR_RETURN(
      Verifier v, Verifier::Create(std::vector<Checkpoint>(checkpoints.begin(), checkpoints.end()),
                                   trusted_public_keys_hex));
  for (const Event& e : events) v.AddEvent(e);
  return std::move(v).Finish(lookup, list);
}

}  // namespace kikan::audit
