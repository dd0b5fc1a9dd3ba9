// UTF-8 text: the one decoder of Kikan, code-point counting and positions, and the width of text
// in a terminal's cells (for tables and for carets under Japanese text).
//
// Decoding is strict (RFC 3629): a valid sequence is the shortest form of a scalar value
// (U+0000–U+10FFFF without the surrogates U+D800–U+DFFF). Anything else — a stray continuation
// byte, a lead byte that cannot start a sequence (0x80–0xC1, 0xF5–0xFF), a sequence cut short by
// the end of the text or by a byte that does not continue it, an overlong form, a surrogate, a
// value above U+10FFFF — is one invalid byte: it decodes as U+FFFD with length 1, and the next
// sequence starts at the following byte. So every function here accepts any bytes, and counts
// and measures invalid bytes one each.
//
// Width: East_Asian_Width W (wide) and F (fullwidth) code points take 2 cells, everything else 1
// — including the ambiguous (A) characters such as …, –, ○ and Greek or Cyrillic letters, as
// glibc's wcwidth, the default of common terminals (VTE, xterm, Windows Terminal, Terminal.app)
// and Unicode's UAX #11 without East Asian context treat them. The table is Unicode 14's W and F
// ranges, with the CJK ideograph blocks whole (their unassigned code points default to W).
// Combining marks are not given width 0: Kikan's texts (Japanese names and messages) have none.
//
// All functions are pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace kikan::base {

// One decoded sequence of UTF-8.
struct Utf8Char {
  char32_t code_point = 0;  // U+FFFD when invalid
  size_t length = 1;        // bytes: 1–4 when valid, 1 when invalid
  bool valid = false;
};

// Decodes the sequence that starts at byte `i` of `text` (i < text.size()).
Utf8Char DecodeUtf8(std::string_view text, size_t i);

// Whether all of `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// The number of code points in `text`, each invalid byte counting as one.
size_t CodePointCount(std::string_view text);

// The byte offset of the code point with 0-based index `index` in `text` (by the decoding
// above), or text.size() when `text` has no more code points than that.
size_t ByteOffsetOfCodePoint(std::string_view text, size_t index);

// The largest offset <= `offset` (and <= text.size()) at which no multi-byte sequence is cut:
// `offset` moved back over continuation bytes (0x80–0xBF). For cutting text to a length.
size_t Utf8Boundary(std::string_view text, size_t offset);

// Cells a terminal shows the code point in: 2 for East_Asian_Width W or F, otherwise 1.
int CodePointWidth(char32_t code_point);

// The cells `text` takes: the sum of CodePointWidth over its code points (an invalid byte, shown
// as U+FFFD, takes 1).
size_t DisplayWidth(std::string_view text);

}  // namespace kikan::base
