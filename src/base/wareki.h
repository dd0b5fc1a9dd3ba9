// 和暦 (Japanese era dates): parsing and formatting both ways between a civil date and an era
// date such as 令和7年6月2日, 令和元年5月1日, R7.6.2 or H31.4.30.
//
// Eras supported, with the first day of each (Gregorian):
//   明治 (M) 1868-10-23 · 大正 (T) 1912-07-30 · 昭和 (S) 1926-12-25 · 平成 (H) 1989-01-08 ·
//   令和 (R) 2019-05-01 (open-ended).
// Each era ends the day before the next one starts. 明治: the era name was proclaimed on
// 1868-10-23 (明治元年9月8日 in the old calendar), the date Kikan uses; the proclamation made the
// era count from 慶応4年1月1日 (1868-01-25), which Kikan does not use. Japan kept the lunisolar
// calendar until 明治5年12月2日 (1872-12-31), so an era date before 明治6年1月1日 (1873-01-01)
// names a lunisolar month and day: converting it needs the old calendar's tables, which Kikan
// does not have. Such dates are refused (kOutOfRange) rather than guessed; the legal dates Kikan
// handles are all far later.
//
// Input: the kanji form "令和7年6月2日" (元年 or 1年 for year 1) and the letter form "R7.6.2"
// (M/T/S/H/R, either case, with '.', '/' or '-' as separators; 元 allowed for year 1).
// Full-width digits, letters and separators (７, Ｒ, ．) are accepted; leading and trailing
// spaces are ignored. A date outside its era's range (平成32年1月1日, 令和元年4月30日) is an
// error naming the era's range, never mapped to another era.
//
// All functions are pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/status.h"

namespace kikan::base {

struct Era {
  std::string_view ja;           // "令和"
  std::string_view en;           // "Reiwa"
  char letter;                   // 'R'
  Date first_day;                // 2019-05-01
  std::optional<Date> last_day;  // nullopt for the current era
};

// The eras, oldest first.
std::span<const Era> Eras();

// The first date Kikan converts to and from 和暦: 1873-01-01 (明治6年1月1日), the first day of
// the Gregorian calendar in Japan.
Date FirstWarekiDate();

// An era date: era, year in the era (1 = 元年), month, day.
struct WarekiDate {
  const Era* era = nullptr;
  int year = 0;
  int month = 0;
  int day = 0;
};

// The era date of `date`. Errors: kOutOfRange when `date` is before FirstWarekiDate().
Result<WarekiDate> ToWareki(Date date);

// "令和7年6月2日" ("令和元年5月1日" in an era's first year). Errors: as ToWareki.
Result<std::string> FormatWareki(Date date);
// "R7.6.2" (year 1 is written 1). Errors: as ToWareki.
Result<std::string> FormatWarekiShort(Date date);
// FormatWareki, or "" when the date has no era date (before 1873). For display next to an ISO
// date, where the ISO form alone is enough.
std::string FormatWarekiOrEmpty(Date date);

// Parses an era date in any of the forms above. Errors: kInvalidArgument when the text is not
// an era date or names a day that does not exist (令和7年2月30日); kOutOfRange when the date is
// outside its era's range (the message names the range in ISO and 和暦) or before 1873-01-01.
Result<Date> ParseWareki(std::string_view text);

// Parses "YYYY-MM-DD" or an era date (the forms above), for user input such as the CLI's
// DATE arguments. Errors: as Date::ParseIso for text that starts with a digit, else as
// ParseWareki.
Result<Date> ParseDateIsoOrWareki(std::string_view text);

// Folds full-width ASCII variants (U+FF01..U+FF5E: ０-９, Ａ-Ｚ, ．, －, ...) to ASCII and the
// ideographic space U+3000 to ' '; everything else is copied unchanged. Used by the parsers of
// user-typed numbers and dates.
std::string FoldFullWidthAscii(std::string_view text);

}  // namespace kikan::base
