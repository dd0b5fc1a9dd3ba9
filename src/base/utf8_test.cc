#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace kikan::base {
namespace {

Utf8Char At(std::string_view s, size_t i = 0) { return DecodeUtf8(s, i); }

void ExpectValid(std::string_view s, char32_t cp) {
  const Utf8Char c = At(s);
  EXPECT_TRUE(c.valid) << s;
  EXPECT_EQ(c.code_point, cp) << s;
  EXPECT_EQ(c.length, s.size()) << s;
}

void ExpectInvalid(std::string_view s) {
  const Utf8Char c = At(s);
  EXPECT_FALSE(c.valid) << testing::PrintToString(s);
  EXPECT_EQ(c.code_point, U'\uFFFD');
  EXPECT_EQ(c.length, 1u);
  EXPECT_FALSE(IsValidUtf8(s));
}

TEST(Utf8Test, DecodesEveryLengthAtItsBounds) {
  ExpectValid(std::string_view("\0", 1), 0);
  ExpectValid("A", U'A');
  ExpectValid("\x7F", 0x7F);
  ExpectValid("\xC2\x80", 0x80);
  ExpectValid("\xDF\xBF", 0x7FF);
  ExpectValid("\xE0\xA0\x80", 0x800);
  ExpectValid("\xE3\x81\x82", U'あ');
  ExpectValid("\xED\x9F\xBF", 0xD7FF);  // just below the surrogates
  ExpectValid("\xEE\x80\x80", 0xE000);  // just above them
  ExpectValid("\xEF\xBF\xBF", 0xFFFF);
  ExpectValid("\xF0\x90\x80\x80", 0x10000);
  ExpectValid("\xF0\xA0\xAE\xB7", 0x20BB7);  // 𠮷
  ExpectValid("\xF4\x8F\xBF\xBF", 0x10FFFF);
}

TEST(Utf8Test, OverlongFormsAreInvalid) {
  ExpectInvalid("\xC0\x80");          // U+0000 in two bytes
  ExpectInvalid("\xC1\xBF");          // U+007F in two bytes
  ExpectInvalid("\xE0\x80\x80");      // U+0000 in three
  ExpectInvalid("\xE0\x9F\xBF");      // U+07FF in three
  ExpectInvalid("\xF0\x80\x80\x80");  // U+0000 in four
  ExpectInvalid("\xF0\x8F\xBF\xBF");  // U+FFFF in four
}

TEST(Utf8Test, SurrogatesAndValuesAboveTheRangeAreInvalid) {
  ExpectInvalid("\xED\xA0\x80");              // U+D800
  ExpectInvalid("\xED\xBF\xBF");              // U+DFFF
  ExpectInvalid("\xED\xA0\xBD\xED\xB8\x80");  // a CESU-8 pair
  ExpectInvalid("\xF4\x90\x80\x80");          // U+110000
  ExpectInvalid("\xF5\x80\x80\x80");
  ExpectInvalid("\xF8\x88\x80\x80\x80");  // the old five-byte form
  ExpectInvalid("\xFF");
  ExpectInvalid("\xFE");
}

TEST(Utf8Test, TruncatedAndInterruptedSequencesAreOneInvalidByteEach) {
  ExpectInvalid("\xE3");
  ExpectInvalid("\xE3\x81");      // cut short by the end
  ExpectInvalid("\xF0\x9F\x98");  // a four-byte sequence missing its last byte
  ExpectInvalid("\xE3\x41\x82");  // interrupted by 'A'
  ExpectInvalid("\x80");          // a stray continuation byte
  ExpectInvalid("\xBF");
  // Decoding resumes at the next byte: "\xE3\x81" then "A" is 3 code points, the last one 'A'.
  const std::string s =
      "\xE3\x81"
      "A";
  EXPECT_EQ(CodePointCount(s), 3u);
  EXPECT_EQ(At(s, 1).length, 1u);
  EXPECT_FALSE(At(s, 1).valid);
  EXPECT_TRUE(At(s, 2).valid);
  EXPECT_EQ(At(s, 2).code_point, U'A');
}

TEST(Utf8Test, CountsAndOffsets) {
  const std::string s = "a漢字\xF0\x9F\x98\x80z";  // a, 漢, 字, 😀, z
  EXPECT_TRUE(IsValidUtf8(s));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_EQ(CodePointCount(s), 5u);
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 0), 0u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 1), 1u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 2), 4u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 3), 7u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 4), 11u);
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 5), s.size());
  EXPECT_EQ(ByteOffsetOfCodePoint(s, 99), s.size());
}

TEST(Utf8Test, BoundaryNeverCutsASequence) {
  const std::string s = "ab漢字";  // 漢 at 2..4, 字 at 5..7
  EXPECT_EQ(Utf8Boundary(s, 0), 0u);
  EXPECT_EQ(Utf8Boundary(s, 2), 2u);
  EXPECT_EQ(Utf8Boundary(s, 3), 2u);
  EXPECT_EQ(Utf8Boundary(s, 4), 2u);
  EXPECT_EQ(Utf8Boundary(s, 5), 5u);
  EXPECT_EQ(Utf8Boundary(s, 7), 5u);
  EXPECT_EQ(Utf8Boundary(s, 8), 8u);
  EXPECT_EQ(Utf8Boundary(s, 100), 8u);
}

TEST(Utf8Test, WidthOfJapaneseText) {
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'あ'), 2);   // hiragana, W
  EXPECT_EQ(CodePointWidth(U'ア'), 2);   // katakana, W
  EXPECT_EQ(CodePointWidth(U'漢'), 2);   // CJK ideograph, W
  EXPECT_EQ(CodePointWidth(U'　'), 2);   // U+3000 ideographic space, F
  EXPECT_EQ(CodePointWidth(U'Ａ'), 2);   // U+FF21 fullwidth A, F
  EXPECT_EQ(CodePointWidth(U'ｱ'), 1);    // U+FF71 halfwidth katakana, H
  EXPECT_EQ(CodePointWidth(U'、'), 2);   // U+3001, W
  EXPECT_EQ(CodePointWidth(0x1100), 2);  // Hangul jamo, first of the table
  EXPECT_EQ(CodePointWidth(0x10FF), 1);
  EXPECT_EQ(CodePointWidth(0x20BB7), 2);  // 𠮷, supplementary ideograph
  EXPECT_EQ(CodePointWidth(0x3FFFD), 2);
  EXPECT_EQ(CodePointWidth(0x3FFFE), 1);
  EXPECT_EQ(CodePointWidth(0x1F600), 2);  // 😀, W since Unicode 9
  EXPECT_EQ(CodePointWidth(0xFE10), 2);   // vertical comma: missing from both former tables
  // Not wide, though the former tables said so.
  EXPECT_EQ(CodePointWidth(0x303F), 1);  // ideographic half fill space, N
  EXPECT_EQ(CodePointWidth(0x4DC0), 1);  // Yijing hexagram, N
  // Ambiguous (A) characters are narrow.
  EXPECT_EQ(CodePointWidth(U'…'), 1);
  EXPECT_EQ(CodePointWidth(U'–'), 1);
  EXPECT_EQ(CodePointWidth(U'○'), 1);
  EXPECT_EQ(CodePointWidth(U'α'), 1);
  EXPECT_EQ(CodePointWidth(0x10FFFF), 1);
}

TEST(Utf8Test, DisplayWidth) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("ヤマト運輸"), 10u);
  EXPECT_EQ(DisplayWidth("ABC株式会社"), 11u);
  EXPECT_EQ(DisplayWidth("\xE3\x81"), 2u);  // two invalid bytes, one cell each
}

}  // namespace
}  // namespace kikan::base
