#include "base/wareki.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace kikan::base {
namespace {

const std::array<Era, 5>& EraTable() {
  static const std::array<Era, 5> kEras = {{
      {"明治", "Meiji", 'M', Date::Ymd(1868, 10, 23), Date::Ymd(1912, 7, 29)},
      {"大正", "Taisho", 'T', Date::Ymd(1912, 7, 30), Date::Ymd(1926, 12, 24)},
      {"昭和", "Showa", 'S', Date::Ymd(1926, 12, 25), Date::Ymd(1989, 1, 7)},
      {"平成", "Heisei", 'H', Date::Ymd(1989, 1, 8), Date::Ymd(2019, 4, 30)},
      {"令和", "Reiwa", 'R', Date::Ymd(2019, 5, 1), std::nullopt},
  }};
  return kEras;
}

// "令和元年5月1日" for an era's first year, else "令和7年6月2日". The date must be in the era.
std::string KanjiForm(const WarekiDate& w) {
  if (w.year == 1) return fmt::format("{}元年{}月{}日", w.era->ja, w.month, w.day);
  return fmt::format("{}{}年{}月{}日", w.era->ja, w.year, w.month, w.day);
}

WarekiDate InEra(const Era& era, Date date) {
  return {&era, date.year() - era.first_day.year() + 1, date.month(), date.day()};
}

std::string RangeEn(const Era& era) {
  Date first = std::max(era.first_day, FirstWarekiDate());
  std::string from = fmt::format("{} ({})", first.ToIso(), KanjiForm(InEra(era, first)));
  if (!era.last_day) return fmt::format("{} runs from {} onwards", era.en, from);
  return fmt::format("{} runs from {} to {} ({})", era.en, from, era.last_day->ToIso(),
                     KanjiForm(InEra(era, *era.last_day)));
}

std::string RangeJa(const Era& era) {
  Date first = std::max(era.first_day, FirstWarekiDate());
  std::string from = fmt::format("{}（{}）", KanjiForm(InEra(era, first)), first.ToIso());
  if (!era.last_day) return fmt::format("{}は{}からです", era.ja, from);
  return fmt::format("{}は{}から{}（{}）までです", era.ja, from,
                     KanjiForm(InEra(era, *era.last_day)), era.last_day->ToIso());
}

Status BeforeGregorian(std::string_view text) {
  return OutOfRange(
      {.ja = fmt::format("「{}」は1873-01-01（明治6年1月1日）より前の日付です。それ以前は太陰太陽暦"
                         "（旧暦）のため、Kikanでは変換しません",
                         text),
       .en = fmt::format("\"{}\" is before 1873-01-01 (明治6年1月1日): Japan used the lunisolar "
                         "calendar until then, and Kikan does not convert its dates",
                         text)});
}

Status NotWareki(std::string_view text, const Text& why) {
  return InvalidArgument(
      {.ja = fmt::format("「{}」は和暦の日付（令和7年6月2日、R7.6.2 など）ではありません: {}", text,
                         why.ja),
       .en = fmt::format("\"{}\" is not an era date such as 令和7年6月2日 or R7.6.2: {}", text,
                         why.en)});
}

// A cursor over the (folded) input.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool AtEnd() const { return pos_ == s_.size(); }
  bool Consume(std::string_view token) {
    if (s_.substr(pos_).starts_with(token)) {
      pos_ += token.size();
      return true;
    }
    return false;
  }
  // Reads 1-4 ASCII digits.
  std::optional<int> Number() {
    size_t start = pos_;
    int value = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9' && pos_ - start < 4) {
      value = value * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }
  std::optional<char> Char() {
    if (AtEnd()) return std::nullopt;
    return s_[pos_++];
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::span<const Era> Eras() { return EraTable(); }

Date FirstWarekiDate() { return Date::Ymd(1873, 1, 1); }

Result<WarekiDate> ToWareki(Date date) {
  if (date < FirstWarekiDate()) return BeforeGregorian(date.ToIso());
  const auto& eras = EraTable();
  for (auto it = eras.rbegin(); it != eras.rend(); ++it) {
    if (date >= it->first_day) return InEra(*it, date);
  }
  return Internal({.en = "no era for " + date.ToIso()});  // unreachable: 明治 starts before 1873
}

Result<std::string> FormatWareki(Date date) {
  KIKAN_ASSIGN_OR_RETURN(WarekiDate w, ToWareki(date));
  return KanjiForm(w);
}

Result<std::string> FormatWarekiShort(Date date) {
  KIKAN_ASSIGN_OR_RETURN(WarekiDate w, ToWareki(date));
  return fmt::format("{}{}.{}.{}", w.era->letter, w.year, w.month, w.day);
}

std::string FormatWarekiOrEmpty(Date date) {
  auto s = FormatWareki(date);
  return s ? *s : std::string();
}

std::string FoldFullWidthAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 == 0xEF && i + 2 < text.size()) {
      auto b1 = static_cast<unsigned char>(text[i + 1]);
      auto b2 = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF3F = EF BC 81..BF; U+FF40..U+FF5E = EF BD 80..9E.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(0x21 + (b2 - 0x81)));
        i += 3;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(0x60 + (b2 - 0x80)));
        i += 3;
        continue;
      }
    }
    if (b0 == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {  // U+3000
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

Result<Date> ParseWareki(std::string_view original) {
  const std::string folded = FoldFullWidthAscii(original);
  Scanner in(Trim(folded));
  if (in.AtEnd()) return NotWareki(original, {.ja = "空です", .en = "it is empty"});

  // The era: kanji name or letter.
  const Era* era = nullptr;
  bool kanji = false;
  for (const Era& e : EraTable()) {
    if (in.Consume(e.ja)) {
      era = &e;
      kanji = true;
      break;
    }
  }
  if (era == nullptr) {
    auto c = in.Char();
    char upper = (c && *c >= 'a' && *c <= 'z') ? static_cast<char>(*c - 'a' + 'A') : c.value_or(0);
    for (const Era& e : EraTable()) {
      if (e.letter == upper) era = &e;
    }
    if (era == nullptr) {
      return NotWareki(
          original,
          {.ja = "元号（明治・大正・昭和・平成・令和、または M・T・S・H・R）で始まっていません",
           .en = "it does not start with an era (明治, 大正, 昭和, 平成, 令和 or "
                 "M, T, S, H, R)"});
    }
  }

  // The year in the era: digits or 元.
  std::optional<int> year;
  if (in.Consume("元")) {
    year = 1;
  } else {
    year = in.Number();
  }
  if (!year)
    return NotWareki(original, {.ja = "年が読めません", .en = "the year in the era is missing"});
  if (*year < 1) {
    return NotWareki(original, {.ja = "元号の年は元年（1年）から始まります",
                                .en = "the year in an era starts at 1 (元年)"});
  }

  std::optional<int> month, day;
  if (kanji) {
    if (!in.Consume("年"))
      return NotWareki(original,
                       {.ja = "年の後に「年」が必要です", .en = "expected 年 after the year"});
    month = in.Number();
    if (!month || !in.Consume("月")) {
      return NotWareki(original, {.ja = "月（数字と「月」）が読めません",
                                  .en = "expected the month followed by 月"});
    }
    day = in.Number();
    if (!day || !in.Consume("日")) {
      return NotWareki(original, {.ja = "日（数字と「日」）が読めません",
                                  .en = "expected the day followed by 日"});
    }
  } else {
    auto sep = in.Char();
    if (!sep || (*sep != '.' && *sep != '/' && *sep != '-')) {
      return NotWareki(original, {.ja = "年の後に「.」「/」「-」のいずれかが必要です",
                                  .en = "expected '.', '/' or '-' after the year"});
    }
    month = in.Number();
    if (!month || !in.Consume(std::string_view(&*sep, 1))) {
      return NotWareki(original, {.ja = "月と同じ区切り文字が必要です",
                                  .en = "expected the month and the same separator"});
    }
    day = in.Number();
    if (!day) return NotWareki(original, {.ja = "日が読めません", .en = "expected the day"});
  }
  if (!in.AtEnd())
    return NotWareki(original,
                     {.ja = "日の後に余分な文字があります", .en = "unexpected text after the day"});

  const int gregorian_year = era->first_day.year() + *year - 1;
  auto date = Date::FromYmd(gregorian_year, *month, *day);
  if (!date) {
    return InvalidArgument({.ja = fmt::format("「{}」: {}", original, date.status().ja()),
                            .en = fmt::format("\"{}\": {}", original, date.status().en())});
  }
  if (*date < era->first_day || (era->last_day && *date > *era->last_day)) {
    return OutOfRange({.ja = fmt::format("「{}」は{}の範囲外です（{}）。西暦では{}にあたります",
                                         original, era->ja, RangeJa(*era), date->ToIso()),
                       .en = fmt::format("\"{}\" is outside the {} era ({}); it would be {}",
                                         original, era->en, RangeEn(*era), date->ToIso())});
  }
  if (*date < FirstWarekiDate()) return BeforeGregorian(original);
  return *date;
}

Result<Date> ParseDateIsoOrWareki(std::string_view text) {
  const std::string folded = FoldFullWidthAscii(text);
  std::string_view t = Trim(folded);
  if (!t.empty() && t.front() >= '0' && t.front() <= '9') return Date::ParseIso(t);
  return ParseWareki(text);
}

}  // namespace kikan::base
