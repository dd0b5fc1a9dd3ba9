#include "audit/event.h"

#include <sodium.h>

#include <mutex>

#include "base/check.h"
#include "base/date.h"

namespace kikan::audit {
namespace {

void AppendU32(std::string& out, uint32_t n) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
}

void AppendU64(std::string& out, uint64_t n) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
}

// str(s) of the format: a 4-byte big-endian length, then the bytes.
void AppendStr(std::string& out, std::string_view s) {
  KIKAN_CHECK(s.size() <= 0xffffffffu);
  AppendU32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

void AppendDigest(std::string& out, const Digest& d) {
  out.append(reinterpret_cast<const char*>(d.data()), d.size());
}

// Parses exactly `n` decimal digits at text[pos].
std::optional<int> Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] { KIKAN_CHECK(sodium_init() >= 0); });
}

std::optional<Digest> DigestFromHex(std::string_view hex) {
  auto bytes = FromHex(hex, 32);
  if (!bytes) return std::nullopt;
  Digest d;
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>((*bytes)[i]);
  return d;
}

bool IsHashHex(std::string_view s) { return FromHex(s, 32).has_value(); }

Digest Blake2b256(std::string_view bytes) {
  InitSodium();
  Digest d;
  KIKAN_CHECK(crypto_generichash(d.data(), d.size(),
                                 reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                                 nullptr, 0) == 0);
  return d;
}

bool IsRfc3339Utc(std::string_view at) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z
  if (at.size() < 20) return false;
  auto year = Digits(at, 0, 4), month = Digits(at, 5, 2), day = Digits(at, 8, 2);
  auto hour = Digits(at, 11, 2), minute = Digits(at, 14, 2), second = Digits(at, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return false;
  if (at[4] != '-' || at[7] != '-' || at[10] != 'T' || at[13] != ':' || at[16] != ':') return false;
  if (!base::Date::FromYmd(*year, *month, *day).has_value()) return false;
  if (*hour > 23 || *minute > 59 || *second > 59) return false;
  size_t pos = 19;
  if (at[pos] == '.') {
    size_t start = ++pos;
    while (pos < at.size() && at[pos] >= '0' && at[pos] <= '9') ++pos;
    size_t n = pos - start;
    if (n < 1 || n > 9) return false;
  }
  return pos + 1 == at.size() && at[pos] == 'Z';
}

std::string HashState(std::string_view canonical_state) {
  std::string pre;
  pre.reserve(4 + kStateTag.size() + canonical_state.size());
  AppendStr(pre, kStateTag);
  pre.append(canonical_state);
  return ToHex(Blake2b256(pre));
}

std::string EventFrame(int64_t seq, const EventInput& in) {
  KIKAN_CHECK(seq >= 0);
  std::string out;
  out.reserve(8 + 7 * 4 + in.at.size() + in.actor.size() + in.action.size() +
              in.object_type.size() + in.object_id.size() + in.state_hash.size() +
              in.detail.size());
  AppendU64(out, static_cast<uint64_t>(seq));
  AppendStr(out, in.at);
  AppendStr(out, in.actor);
  AppendStr(out, in.action);
  AppendStr(out, in.object_type);
  AppendStr(out, in.object_id);
  AppendStr(out, in.state_hash);
  AppendStr(out, in.detail);
  return out;
}

std::string EventLeaf(int64_t seq, const EventInput& in) {
  std::string out;
  AppendStr(out, kLeafTag);
  out.append(EventFrame(seq, in));
  return out;
}

Digest ChainHash(const Digest& prev, std::string_view frame) {
  std::string pre;
  pre.reserve(4 + kEventTag.size() + prev.size() + frame.size());
  AppendStr(pre, kEventTag);
  AppendDigest(pre, prev);
  pre.append(frame);
  return Blake2b256(pre);
}

std::string EventHash(const Digest& prev, int64_t seq, const EventInput& in) {
  return ToHex(ChainHash(prev, EventFrame(seq, in)));
}

std::string CheckpointMessage(int64_t seq, const Digest& head, std::string_view at,
                              std::string_view key_id) {
  KIKAN_CHECK(seq >= 0);
  std::string out;
  AppendStr(out, kCheckpointTag);
  AppendU64(out, static_cast<uint64_t>(seq));
  AppendDigest(out, head);
  AppendStr(out, at);
  AppendStr(out, key_id);
  return out;
}

base::Status ValidateEventInput(const EventInput& in) {
  if (!IsRfc3339Utc(in.at)) {
    return base::InvalidArgument(
        {.ja = "監査イベント: at \"" + in.at +
               "\" が RFC 3339 形式の UTC 時刻 (例 2026-11-30T11:08:21.123Z) ではありません",
         .en = "audit event: at \"" + in.at +
               "\" is not an RFC 3339 UTC time such as 2026-11-30T11:08:21.123Z"});
  }
  struct Required {
    const char* name;
    const std::string* value;
  };
  for (const Required& f :
       {Required{"actor", &in.actor}, Required{"action", &in.action},
        Required{"object_type", &in.object_type}, Required{"object_id", &in.object_id}}) {
    if (f.value->empty()) {
      return base::InvalidArgument({.ja = std::string("監査イベント: ") + f.name + " が空です",
                                    .en = std::string("audit event: ") + f.name + " is empty"});
    }
  }
  if (!in.state_hash.empty() && !IsHashHex(in.state_hash)) {
    return base::InvalidArgument(
        {.ja = "監査イベント: state_hash \"" + in.state_hash +
               "\" が空 (削除) でも64桁の小文字16進数でもありません",
         .en = "audit event: state_hash \"" + in.state_hash +
               "\" is neither empty (a deletion) nor 64 lowercase hex digits"});
  }
  return base::Status::Ok();
}

}  // namespace kikan::audit
