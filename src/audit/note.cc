#include "audit/note.h"

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>
#include <cstring>

#include "audit/event.h"

namespace kikan::audit::note {
namespace {

// U+2014 EM DASH and a space: how every signature line begins.
constexpr std::string_view kDash = "\xE2\x80\x94 ";

base::Status Bad(std::string_view what_ja, std::string_view what_en) {
  return base::InvalidArgument({.ja = fmt::format("チェックポイント: {}", what_ja),
                                .en = fmt::format("checkpoint: {}", what_en)});
}

bool HasControl(std::string_view s) {
  for (char c : s) {
    const auto ch = static_cast<unsigned char>(c);
    if (ch < 0x20 || ch == 0x7f) return true;
  }
  return false;
}

base::Status CheckLine(std::string_view value, std::string_view what, bool name) {
  if (value.empty() || HasControl(value) ||
      (name &&
       (value.find(' ') != std::string_view::npos || value.find('+') != std::string_view::npos))) {
    return Bad(fmt::format("{} \"{}\" は空でない一行（名前は空白・+ なし）でなければなりません",
                           what, value),
               fmt::format("{} \"{}\" must be one non-empty line (a name without spaces or +)",
                           what, value));
  }
  return base::Status::Ok();
}

std::string SignatureLine(const Signer& signer, std::string_view key_name, std::string_view body) {
  const auto kh = KeyHash(key_name, signer.public_key());
  const auto sig = signer.Sign(body);
  std::string raw(reinterpret_cast<const char*>(kh.data()), kh.size());
  raw.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  return fmt::format("{}{} {}\n", kDash, key_name, Base64(raw));
}

}  // namespace

std::string Base64(std::string_view bytes) {
  InitSodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> FromBase64(std::string_view text) {
  InitSodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  // Canonical only: the text must be what Base64 writes for these bytes.
  if (Base64(out) != text) return std::nullopt;
  return out;
}

std::string Body(const TreeHead& head) {
  std::string_view root(reinterpret_cast<const char*>(head.root.data()), head.root.size());
  return fmt::format("{}\n{}\n{}\n", head.origin, head.size, Base64(root));
}

std::array<uint8_t, 4> KeyHash(std::string_view name, std::span<const uint8_t> public_key) {
  InitSodium();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  const unsigned char sep[2] = {'\n', 0x01};  // "\n" then the Ed25519 signature type
  crypto_hash_sha256_update(&st, sep, 2);
  crypto_hash_sha256_update(&st, public_key.data(), public_key.size());
  std::array<uint8_t, 32> digest;
  crypto_hash_sha256_final(&st, digest.data());
  return {digest[0], digest[1], digest[2], digest[3]};
}

base::Result<std::string> Sign(const TreeHead& head, const Signer& signer,
                               std::string_view key_name) {
  KIKAN_TRY(CheckLine(head.origin, "origin", false));
  KIKAN_TRY(CheckLine(key_name, "key name", true));
  const std::string body = Body(head);
  return body + "\n" + SignatureLine(signer, key_name, body);
}

base::Result<std::string> AddSignature(std::string_view signed_note, const Signer& signer,
                                       std::string_view key_name) {
  KIKAN_TRY(CheckLine(key_name, "key name", true));
  KIKAN_ASSIGN_OR_RETURN(Checkpoint cp, Parse(signed_note));
  return std::string(signed_note) + SignatureLine(signer, key_name, cp.body);
}

base::Result<Checkpoint> Parse(std::string_view text) {
  const size_t split = text.find("\n\n");
  if (split == std::string_view::npos) {
    return Bad("本文と署名を分ける空行がありません",
               "no empty line between the text and its signatures");
  }
  Checkpoint cp;
  cp.body = std::string(text.substr(0, split + 1));
  // The body: exactly three lines (Kikan writes no extension lines).
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < cp.body.size();) {
    const size_t nl = cp.body.find('\n', pos);
    lines.push_back(std::string_view(cp.body).substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.size() != 3) {
    return Bad(fmt::format("本文は3行（origin・木の大きさ・根のハッシュ）ですが {} 行あります",
                           lines.size()),
               fmt::format("the text has {} lines; it must have 3 (origin, tree size, root hash)",
                           lines.size()));
  }
  cp.head.origin = std::string(lines[0]);
  KIKAN_TRY(CheckLine(cp.head.origin, "origin (line 1)", false));
  const std::string_view size = lines[1];
  auto [p, ec] = std::from_chars(size.data(), size.data() + size.size(), cp.head.size);
  if (ec != std::errc() || p != size.data() + size.size() || size.empty() ||
      (size.size() > 1 && size[0] == '0')) {
    return Bad(fmt::format("2行目の木の大きさ \"{}\" が10進の整数ではありません", size),
               fmt::format("line 2: the tree size \"{}\" is not a decimal integer", size));
  }
  auto root = FromBase64(lines[2]);
  if (!root || root->size() != 32) {
    return Bad("3行目の根のハッシュが32バイトの base64 ではありません",
               "line 3: the root hash is not 32 bytes of base64");
  }
  std::memcpy(cp.head.root.data(), root->data(), 32);
  // Signature lines, each ending in "\n", at least one.
  std::string_view rest = text.substr(split + 2);
  int line_no = 5;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      return Bad(fmt::format("{}行目が改行で終わっていません", line_no),
                 fmt::format("line {} does not end in a newline", line_no));
    }
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    const size_t space = line.rfind(' ');
    if (!line.starts_with(kDash) || space == std::string_view::npos || space < kDash.size()) {
      return Bad(fmt::format("{}行目は「— 名前 署名」の形ではありません", line_no),
                 fmt::format("line {} is not \"— name signature\"", line_no));
    }
    Signature s;
    s.name = std::string(line.substr(kDash.size(), space - kDash.size()));
    KIKAN_TRY(CheckLine(s.name, fmt::format("line {}: key name", line_no), true));
    auto raw = FromBase64(line.substr(space + 1));
    if (!raw || raw->size() < 5) {
      return Bad(fmt::format("{}行目の署名が base64 ではないか短すぎます", line_no),
                 fmt::format("line {}: the signature is not base64 or too short", line_no));
    }
    std::memcpy(s.key_hash.data(), raw->data(), 4);
    s.signature = raw->substr(4);
    cp.signatures.push_back(std::move(s));
    ++line_no;
  }
  if (cp.signatures.empty()) return Bad("署名がありません", "no signature");
  return cp;
}

bool Verify(const Checkpoint& cp, std::string_view name, std::span<const uint8_t> public_key) {
  const auto kh = KeyHash(name, public_key);
  std::string_view key(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  for (const Signature& s : cp.signatures) {
    if (s.name == name && s.key_hash == kh && VerifySignature(key, cp.body, s.signature)) {
      return true;
    }
  }
  return false;
}

}  // namespace kikan::audit::note
