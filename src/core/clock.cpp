#include "core/clock.h"

#include <chrono>
#include <cstdio>

#include "core/error.h"

namespace fk {

namespace {

// Floor division for possibly negative numerators; denominator > 0.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b) != 0 && (a < 0)) {
    --q;
  }
  return q;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at text[pos...]; nullopt when any is not a digit.
std::optional<int> ReadDigits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(text[i])) {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

int64_t SystemClock::NowMs() const {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::Default() {
  static const SystemClock kInstance;
  return kInstance;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    return 0;
  }
  if (month == 2 && IsLeapYear(year)) {
    return 29;
  }
  return kDays[month - 1];
}

bool IsValidCivilDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t y = static_cast<int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                                              // [0, 399]
  const int64_t mp = (date.month + 9) % 12;                                       // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                          // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                      // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;                                           // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;      // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                    // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                         // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), month, day};
}

CivilDate LocalDate(int64_t utc_ms, int tz_offset_minutes) {
  const int64_t local_ms = utc_ms + static_cast<int64_t>(tz_offset_minutes) * 60'000;
  return CivilFromDays(FloorDiv(local_ms, kMsPerDay));
}

CivilDate Today(const Clock& clock, int tz_offset_minutes) { return LocalDate(clock.NowMs(), tz_offset_minutes); }

std::string FormatDay(const CivilDate& date) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

std::string LocalDay(int64_t utc_ms, int tz_offset_minutes) { return FormatDay(LocalDate(utc_ms, tz_offset_minutes)); }

std::optional<CivilDate> ParseDay(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') {
    return std::nullopt;
  }
  const auto year = ReadDigits(day, 0, 4);
  const auto month = ReadDigits(day, 5, 2);
  const auto dom = ReadDigits(day, 8, 2);
  if (!year || !month || !dom || *year == 0 || !IsValidCivilDate(*year, *month, *dom)) {
    return std::nullopt;
  }
  return CivilDate{*year, *month, *dom};
}

bool IsValidDay(std::string_view day) { return ParseDay(day).has_value(); }

int64_t DayStartUtcMs(std::string_view day, int tz_offset_minutes) {
  const auto date = ParseDay(day);
  if (!date) {
    throw Error::BadRequest("日期格式应为 YYYY-MM-DD: invalid day '" + std::string(day) + "'");
  }
  return DaysFromCivil(*date) * kMsPerDay - static_cast<int64_t>(tz_offset_minutes) * 60'000;
}

std::string FormatRfc3339(int64_t utc_ms) {
  const int64_t days = FloorDiv(utc_ms, kMsPerDay);
  const int64_t ms_of_day = utc_ms - days * kMsPerDay;
  const CivilDate date = CivilFromDays(days);
  const int hour = static_cast<int>(ms_of_day / 3'600'000);
  const int minute = static_cast<int>(ms_of_day / 60'000 % 60);
  const int second = static_cast<int>(ms_of_day / 1000 % 60);
  const int milli = static_cast<int>(ms_of_day % 1000);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", date.year, date.month, date.day, hour,
                minute, second, milli);
  return buf;
}

std::optional<int64_t> ParseRfc3339(std::string_view text) {
  // Date part.
  if (text.size() < 20) {
    return std::nullopt;
  }
  const auto date = ParseDay(text.substr(0, 10));
  if (!date) {
    return std::nullopt;
  }
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') {
    return std::nullopt;
  }
  // Time part "HH:MM:SS".
  const auto hour = ReadDigits(text, 11, 2);
  const auto minute = ReadDigits(text, 14, 2);
  const auto second = ReadDigits(text, 17, 2);
  if (!hour || !minute || !second || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (*hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  int milli = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (pos - start < 3) {
        milli = milli * 10 + (text[pos] - '0');
      }
      ++pos;
    }
    const size_t n = pos - start;
    if (n == 0) {
      return std::nullopt;
    }
    for (size_t i = n; i < 3; ++i) {
      milli *= 10;
    }
  }
  // Offset.
  if (pos >= text.size()) {
    return std::nullopt;
  }
  int64_t offset_minutes = 0;
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    ++pos;
  } else if (zone == '+' || zone == '-') {
    const auto off_h = ReadDigits(text, pos + 1, 2);
    const auto off_m = ReadDigits(text, pos + 4, 2);
    if (!off_h || !off_m || text[pos + 3] != ':' || *off_h > 23 || *off_m > 59) {
      return std::nullopt;
    }
    offset_minutes = *off_h * 60 + *off_m;
    if (zone == '-') {
      offset_minutes = -offset_minutes;
    }
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const int64_t local_ms = DaysFromCivil(*date) * kMsPerDay + *hour * 3'600'000LL + *minute * 60'000LL +
                           *second * 1000LL + milli;
  return local_ms - offset_minutes * 60'000;
}

}  // namespace fk
