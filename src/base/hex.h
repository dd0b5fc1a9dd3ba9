// Lowercase hexadecimal: the one encoder and decoder of Kikan (hashes, keys, random ids).
// Plain functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kikan::base {

// Lowercase hex of raw bytes: two digits a byte.
std::string ToHex(std::string_view bytes);
template <size_t N>
std::string ToHex(const std::array<uint8_t, N>& bytes) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), N));
}

// Decodes exactly `size` bytes of lowercase hex (2*size digits); nullopt for anything else
// (uppercase, wrong length, a non-hex digit). Used on untrusted input.
std::optional<std::string> FromHex(std::string_view hex, size_t size);

}  // namespace kikan::base
