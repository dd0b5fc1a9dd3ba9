#include "base/clock.h"

#include <fmt/format.h>

#include <cstdio>

namespace kikan::base {

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string FormatInstant(Instant t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  Date d = Date::FromDays(static_cast<int32_t>(day.time_since_epoch().count()));
  auto ms = (t - day).count();
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}Z", d.ToIso(), ms / 3'600'000, ms / 60'000 % 60,
                     ms / 1000 % 60, ms % 1000);
}

namespace {
bool Digits(std::string_view s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

Result<Instant> ParseInstant(std::string_view text) {
  auto bad = [&](const Text& why) {
    return InvalidArgument(
        {.ja = fmt::format("日時 \"{}\" が不正です: {}（例: 2026-11-30T11:08:21.123Z）", text,
                           why.ja),
         .en = fmt::format("invalid instant \"{}\": {} (expected 2026-11-30T11:08:21.123Z)", text,
                           why.en)});
  };
  if (text.size() < 20 || text[10] != 'T')
    return bad({.ja = "RFC 3339 形式ではありません", .en = "not RFC 3339"});
  auto date = Date::ParseIso(text.substr(0, 10));
  if (!date) return bad({.ja = "日付が不正です", .en = "bad date"});
  int h, m, s;
  if (!Digits(text, 11, 2, &h) || text[13] != ':' || !Digits(text, 14, 2, &m) || text[16] != ':' ||
      !Digits(text, 17, 2, &s) || h > 23 || m > 59 || s > 59) {
    return bad({.ja = "時刻が不正です", .en = "bad time of day"});
  }
  size_t i = 19;
  int ms = 0;
  if (i < text.size() && text[i] == '.') {
    size_t start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start || i - start > 9)
      return bad({.ja = "秒の小数部が不正です", .en = "bad fraction of a second"});
    for (size_t k = start; k < start + 3; ++k) ms = ms * 10 + (k < i ? text[k] - '0' : 0);
  }
  int offset_min = 0;
  if (i < text.size() && text[i] == 'Z' && i + 1 == text.size()) {
  } else if (i + 6 == text.size() && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
    int oh, om;
    if (!Digits(text, i + 1, 2, &oh) || !Digits(text, i + 4, 2, &om) || oh > 23 || om > 59) {
      return bad({.ja = "時差が不正です", .en = "bad offset"});
    }
    offset_min = (text[i] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return bad({.ja = "Z または時差がありません", .en = "missing Z or offset"});
  }
  auto days = std::chrono::sys_days(std::chrono::days(date->days_since_epoch()));
  return Instant(days) + std::chrono::hours(h) + std::chrono::minutes(m - offset_min) +
         std::chrono::seconds(s) + std::chrono::milliseconds(ms);
}

Date JapanDate(Instant t) {
  auto day = std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9));
  return Date::FromDays(static_cast<int32_t>(day.time_since_epoch().count()));
}

Instant JapanMidnight(Date d) {
  return Instant(std::chrono::sys_days(std::chrono::days(d.days_since_epoch()))) -
         std::chrono::hours(9);
}

}  // namespace kikan::base
