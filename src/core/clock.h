// Clock: the one source of "now" for Fangkong, plus calendar helpers for
// reporting days and RFC 3339 timestamps.
//
// Services take a `const Clock&` instead of reading the system time, so tests
// can pin time with ManualClock. All timestamps are int64 milliseconds since
// the Unix epoch, UTC. Reporting days ("2020-02-13") are local calendar days at
// a fixed UTC offset in minutes (the city's offset, +480 for Beijing time);
// nothing here reads the TZ environment or the system time zone database.
//
// Calendar arithmetic is proleptic Gregorian (Howard Hinnant's
// days_from_civil / civil_from_days), valid for the whole int64 day range.
//
// Thread safety: SystemClock and ManualClock are safe to share between threads
// (ManualClock uses an atomic). The free functions are pure.
// Failure returns: Parse* and ParseDay return std::nullopt on malformed or
// impossible input; DayStartUtcMs throws fk::Error (kBadRequest) on a bad day.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fk {

// Beijing time, UTC+08:00, the default offset of a reporting day.
inline constexpr int kDefaultTzOffsetMinutes = 480;
inline constexpr int64_t kMsPerDay = 86'400'000;

// Source of the current time in UTC milliseconds since the Unix epoch.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
};

// Reads std::chrono::system_clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  // A process-wide instance; never destroyed before static destructors run.
  static const SystemClock& Default();
};

// A clock that only moves when told to; for tests and replays.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 0) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(std::memory_order_acquire); }
  void Set(int64_t ms) { now_ms_.store(ms, std::memory_order_release); }
  // Moves the clock by delta_ms (may be negative); returns the new time.
  int64_t Advance(int64_t delta_ms) { return now_ms_.fetch_add(delta_ms, std::memory_order_acq_rel) + delta_ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

// A proleptic Gregorian calendar date; month 1-12, day 1-31.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  bool operator==(const CivilDate&) const = default;
  auto operator<=>(const CivilDate&) const = default;
};

bool IsLeapYear(int year);
// 28-31; 0 when month is outside 1-12.
int DaysInMonth(int year, int month);
// True for a real calendar date (leap years included).
bool IsValidCivilDate(int year, int month, int day);
// Days since 1970-01-01 (negative before). Input need not be valid: the
// arithmetic is Hinnant's and only meaningful for valid dates.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);

// The calendar date at utc_ms seen at the given UTC offset.
CivilDate LocalDate(int64_t utc_ms, int tz_offset_minutes = kDefaultTzOffsetMinutes);
// Today's date by clock at the offset.
CivilDate Today(const Clock& clock, int tz_offset_minutes = kDefaultTzOffsetMinutes);

// "YYYY-MM-DD" for a date (years outside 0-9999 are printed as they are).
std::string FormatDay(const CivilDate& date);
// The reporting day ("YYYY-MM-DD") of utc_ms at the offset.
std::string LocalDay(int64_t utc_ms, int tz_offset_minutes = kDefaultTzOffsetMinutes);
// Parses exactly "YYYY-MM-DD" (four-digit year 0001-9999, real date).
std::optional<CivilDate> ParseDay(std::string_view day);
bool IsValidDay(std::string_view day);
// UTC milliseconds of local midnight starting `day` at the offset.
// Throws fk::Error(kBadRequest) when day is not a valid "YYYY-MM-DD".
int64_t DayStartUtcMs(std::string_view day, int tz_offset_minutes = kDefaultTzOffsetMinutes);

// "2020-02-13T08:00:00.123Z": UTC, always three fraction digits.
std::string FormatRfc3339(int64_t utc_ms);
// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)". Also accepts a
// lowercase 't'/'z' or a space as the date-time separator (RFC 3339 5.6 note).
// Fraction digits beyond milliseconds are truncated. Leap second 60 is
// rejected. Returns UTC milliseconds, std::nullopt when malformed.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace fk
