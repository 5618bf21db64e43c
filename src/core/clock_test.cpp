#include "core/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/error.h"

namespace fk {
namespace {

// 2020-02-13T00:00:00Z
constexpr int64_t kFeb13Utc = 1581552000000;

TEST(ClockSystem, CloseToChronoNow) {
  const int64_t chrono_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  const int64_t now = SystemClock::Default().NowMs();
  EXPECT_GE(now, chrono_ms);
  EXPECT_LT(now - chrono_ms, 5000);
  EXPECT_GT(now, 1'577'836'800'000);  // after 2020-01-01
}

TEST(ClockManual, SetAndAdvance) {
  ManualClock clock(kFeb13Utc);
  EXPECT_EQ(clock.NowMs(), kFeb13Utc);
  EXPECT_EQ(clock.Advance(1500), kFeb13Utc + 1500);
  EXPECT_EQ(clock.NowMs(), kFeb13Utc + 1500);
  EXPECT_EQ(clock.Advance(-500), kFeb13Utc + 1000);
  clock.Set(42);
  EXPECT_EQ(clock.NowMs(), 42);
  const Clock& as_base = clock;
  EXPECT_EQ(as_base.NowMs(), 42);
  EXPECT_EQ(ManualClock().NowMs(), 0);
}

TEST(ClockManual, ConcurrentAdvance) {
  ManualClock clock(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) clock.Advance(1);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(clock.NowMs(), 80000);
}

TEST(ClockCivil, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
  EXPECT_EQ(DaysInMonth(2023, 0), 0);
  EXPECT_TRUE(IsValidCivilDate(2000, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(1900, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(2023, 4, 31));
  EXPECT_FALSE(IsValidCivilDate(2023, 1, 0));
}

TEST(ClockCivil, DaysFromCivilKnownValues) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({2020, 2, 13}), 18305);
  EXPECT_EQ(DaysFromCivil({1900, 1, 1}), -25567);
  EXPECT_EQ(CivilFromDays(18305), (CivilDate{2020, 2, 13}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
}

TEST(ClockCivil, RoundTripAgainstStdChrono) {
  using namespace std::chrono;
  for (int64_t d = -800000; d <= 800000; d += 37) {
    const CivilDate c = CivilFromDays(d);
    const year_month_day ymd{sys_days{days{d}}};
    ASSERT_EQ(c.year, static_cast<int>(ymd.year())) << d;
    ASSERT_EQ(c.month, static_cast<int>(static_cast<unsigned>(ymd.month()))) << d;
    ASSERT_EQ(c.day, static_cast<int>(static_cast<unsigned>(ymd.day()))) << d;
    ASSERT_EQ(DaysFromCivil(c), d);
  }
}

TEST(ClockDay, LocalDayUsesOffset) {
  EXPECT_EQ(LocalDay(kFeb13Utc), "2020-02-13");
  EXPECT_EQ(LocalDay(kFeb13Utc - 1), "2020-02-13");                 // 07:59:59.999 Beijing
  EXPECT_EQ(LocalDay(kFeb13Utc - 8 * 3'600'000), "2020-02-13");     // 00:00 Beijing
  EXPECT_EQ(LocalDay(kFeb13Utc - 8 * 3'600'000 - 1), "2020-02-12"); // 23:59:59.999 Beijing
  EXPECT_EQ(LocalDay(kFeb13Utc - 1, 0), "2020-02-12");
  EXPECT_EQ(LocalDay(kFeb13Utc, -300), "2020-02-12");               // UTC-5
  EXPECT_EQ(LocalDay(0, 0), "1970-01-01");
  EXPECT_EQ(LocalDay(-1, 0), "1969-12-31");
  EXPECT_EQ(LocalDay(951782400000, 0), "2000-02-29");
}

TEST(ClockDay, TodayFromClock) {
  ManualClock clock(kFeb13Utc + 16 * 3'600'000);  // 2020-02-13T16:00Z = 02-14 00:00 Beijing
  EXPECT_EQ(Today(clock), (CivilDate{2020, 2, 14}));
  EXPECT_EQ(Today(clock, 0), (CivilDate{2020, 2, 13}));
  EXPECT_EQ(LocalDate(kFeb13Utc), (CivilDate{2020, 2, 13}));
}

TEST(ClockDay, DayStartUtcMs) {
  EXPECT_EQ(DayStartUtcMs("2020-02-13"), kFeb13Utc - 8 * 3'600'000);
  EXPECT_EQ(DayStartUtcMs("2020-02-13", 0), kFeb13Utc);
  EXPECT_EQ(DayStartUtcMs("2020-02-13", -300), kFeb13Utc + 5 * 3'600'000);
  EXPECT_EQ(DayStartUtcMs("1970-01-01", 0), 0);
  for (const char* day : {"2020-02-13", "2000-02-29", "1999-12-31", "2024-03-01"}) {
    EXPECT_EQ(LocalDay(DayStartUtcMs(day)), day);
    EXPECT_EQ(LocalDay(DayStartUtcMs(day) - 1), LocalDay(DayStartUtcMs(day) - kMsPerDay));
  }
}

TEST(ClockDay, DayStartThrowsOnBadDay) {
  EXPECT_THROW(DayStartUtcMs("2020-02-30"), Error);
  EXPECT_THROW(DayStartUtcMs(""), Error);
  try {
    DayStartUtcMs("2020/02/13");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadRequest);
  }
}

TEST(ClockDay, IsValidDay) {
  EXPECT_TRUE(IsValidDay("2020-02-13"));
  EXPECT_TRUE(IsValidDay("2000-02-29"));
  EXPECT_TRUE(IsValidDay("0001-01-01"));
  EXPECT_TRUE(IsValidDay("9999-12-31"));
  EXPECT_FALSE(IsValidDay("1900-02-29"));
  EXPECT_FALSE(IsValidDay("2020-02-30"));
  EXPECT_FALSE(IsValidDay("2020-13-01"));
  EXPECT_FALSE(IsValidDay("2020-00-10"));
  EXPECT_FALSE(IsValidDay("2020-01-00"));
  EXPECT_FALSE(IsValidDay("0000-01-01"));
  EXPECT_FALSE(IsValidDay("2020-2-13"));
  EXPECT_FALSE(IsValidDay("2020-02-13 "));
  EXPECT_FALSE(IsValidDay("20200213"));
  EXPECT_FALSE(IsValidDay("2020/02/13"));
  EXPECT_FALSE(IsValidDay("2020-02-1a"));
  EXPECT_FALSE(IsValidDay("+020-02-13"));
  EXPECT_FALSE(IsValidDay(""));
  EXPECT_EQ(ParseDay("2020-02-13"), (CivilDate{2020, 2, 13}));
  EXPECT_EQ(FormatDay({2020, 2, 3}), "2020-02-03");
}

TEST(ClockRfc3339, Format) {
  EXPECT_EQ(FormatRfc3339(kFeb13Utc + 8 * 3'600'000 + 123), "2020-02-13T08:00:00.123Z");
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(951868799999), "2000-02-29T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(253402300799999), "9999-12-31T23:59:59.999Z");
}

TEST(ClockRfc3339, ParseZulu) {
  EXPECT_EQ(ParseRfc3339("2020-02-13T08:00:00.123Z"), kFeb13Utc + 8 * 3'600'000 + 123);
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00Z"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("2020-02-13t00:00:00z"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("2020-02-13 00:00:00Z"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59.999Z"), -1);
}

TEST(ClockRfc3339, ParseOffsets) {
  EXPECT_EQ(ParseRfc3339("2020-02-13T08:00:00+08:00"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("2020-02-12T19:00:00-05:00"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("2020-02-13T05:30:00.5+05:30"), kFeb13Utc + 500);
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00-00:00"), kFeb13Utc);
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00+00:00"), kFeb13Utc);
}

TEST(ClockRfc3339, ParseFractions) {
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00.1Z"), kFeb13Utc + 100);
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00.12Z"), kFeb13Utc + 120);
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00.123456789Z"), kFeb13Utc + 123);  // truncated
  EXPECT_EQ(ParseRfc3339("2020-02-13T00:00:00.999999Z"), kFeb13Utc + 999);
}

TEST(ClockRfc3339, RoundTrip) {
  for (int64_t ms : {int64_t{0}, int64_t{-1}, kFeb13Utc, kFeb13Utc + 86'399'999, int64_t{1'700'000'000'123},
                     int64_t{-2'208'988'800'000}}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(ms)), ms) << ms;
  }
}

TEST(ClockRfc3339, ParseRejects) {
  const char* bad[] = {
      "",
      "2020-02-13",
      "2020-02-13T00:00:00",        // no zone
      "2020-02-13T00:00Z",          // no seconds
      "2020-02-13T24:00:00Z",
      "2020-02-13T23:60:00Z",
      "2020-02-13T23:59:60Z",       // leap second not accepted
      "2020-02-30T00:00:00Z",
      "2020-02-13X00:00:00Z",
      "2020-02-13T00:00:00.Z",
      "2020-02-13T00:00:00+0800",
      "2020-02-13T00:00:00+08",
      "2020-02-13T00:00:00+24:00",
      "2020-02-13T00:00:00+08:60",
      "2020-02-13T00:00:00Z ",
      "2020-02-13T00:00:00ZZ",
      "2020-02-13T0:00:00Z",
      "2020-02-13T00:00:00,5Z",
      " 2020-02-13T00:00:00Z",
  };
  for (const char* text : bad) {
    EXPECT_EQ(ParseRfc3339(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace fk
