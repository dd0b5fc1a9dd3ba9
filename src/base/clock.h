// Instants and the injected clock. An Instant is a UTC time with millisecond precision; the
// server and the services never read the system time directly but ask a Clock, so tests fix or
// advance time instead of sleeping. Dates of the legal calendar are Japan's civil dates (JST,
// UTC+9, no daylight saving): JapanDate() turns an instant into one.
//
// SystemClock is stateless and thread-safe. ManualClock is thread-safe (an atomic), for tests.
// (The CLI's `KIKAN_TODAY` fixes the day it judges, not a Clock.)
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/status.h"

namespace kikan::base {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(std::chrono::milliseconds(now_.load())); }
  void Set(Instant t) { now_.store(t.time_since_epoch().count()); }
  void Advance(std::chrono::milliseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> now_;
};

// "2026-11-30T11:08:21.123Z" (RFC 3339, UTC, always milliseconds).
std::string FormatInstant(Instant t);
// Parses the form FormatInstant writes, also without the fraction or with an offset
// ("+09:00"). Errors: kInvalidArgument naming the text.
Result<Instant> ParseInstant(std::string_view text);
// The civil date in Japan (UTC+9) at instant `t`.
Date JapanDate(Instant t);
// Midnight JST at the start of `d`, as an instant.
Instant JapanMidnight(Date d);

}  // namespace kikan::base
