#include "core/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"

namespace fk {
namespace {

int HexNibble(char c) { return (c >= '0' && c <= '9') ? c - '0' : c - 'a' + 10; }

TEST(IdsUuidV7, FormatVersionVariant) {
  const std::string id = NewUuidV7();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_TRUE(IsValidUuid(id));
  EXPECT_EQ(id[14], '7');  // version
  const int variant = HexNibble(id[19]);
  EXPECT_EQ(variant & 0xC, 0x8) << id;  // variant 10xx
  for (char c : id) {
    EXPECT_TRUE(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
  }
}

TEST(IdsUuidV7, TimestampIsCurrentTime) {
  const int64_t before = SystemClock::Default().NowMs();
  const std::string id = NewUuidV7();
  const int64_t after = SystemClock::Default().NowMs();
  const auto ts = UuidV7TimestampMs(id);
  ASSERT_TRUE(ts.has_value());
  // The process-wide generator may run a few ms ahead only after a clock step back.
  EXPECT_GE(*ts, before);
  EXPECT_LE(*ts, after);
}

TEST(IdsUuidV7, KnownTimestampEncoding) {
  UuidV7Generator gen;
  // RFC 9562 appendix A.6 example time: 0x017F22E279B0 = 1645557742000 ms.
  const std::string id = gen.Next(1645557742000);
  EXPECT_EQ(id.substr(0, 13), "017f22e2-79b0");
  EXPECT_EQ(UuidV7TimestampMs(id), 1645557742000);
}

TEST(IdsUuidV7, MonotonicWithinOneMillisecond) {
  UuidV7Generator gen;
  std::string prev = gen.Next(1'700'000'000'000);
  for (int i = 0; i < 10'000; ++i) {
    const std::string next = gen.Next(1'700'000'000'000);
    ASSERT_LT(prev, next) << i;
    EXPECT_EQ(UuidV7TimestampMs(next), 1'700'000'000'000);
    prev = next;
  }
}

TEST(IdsUuidV7, MonotonicWhenClockStepsBack) {
  UuidV7Generator gen;
  const std::string a = gen.Next(2'000'000);
  const std::string b = gen.Next(1'000'000);
  const std::string c = gen.Next(2'000'001);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(UuidV7TimestampMs(b), 2'000'000);
  EXPECT_EQ(UuidV7TimestampMs(c), 2'000'001);
}

TEST(IdsUuidV7, OrderFollowsTime) {
  UuidV7Generator gen;
  std::vector<std::string> ids;
  for (int64_t ms = 0; ms < 2000; ms += 7) {
    ids.push_back(gen.Next(ms));
    ids.push_back(gen.Next(ms));
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(IdsUuidV7, ClampsOutOfRangeTimes) {
  UuidV7Generator gen;
  EXPECT_EQ(UuidV7TimestampMs(gen.Next(-5)), 0);
  UuidV7Generator gen2;
  EXPECT_EQ(UuidV7TimestampMs(gen2.Next(int64_t{1} << 50)), (int64_t{1} << 48) - 1);
}

TEST(IdsUuidV7, ThreadSafeAndUnique) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<std::string>> per_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      per_thread[t].reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) {
        per_thread[t].push_back(NewUuidV7());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  for (const auto& list : per_thread) {
    // Each thread sees its own ids strictly increasing.
    for (size_t i = 1; i < list.size(); ++i) {
      ASSERT_LT(list[i - 1], list[i]);
    }
    all.insert(list.begin(), list.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(IdsUuid, Validation) {
  EXPECT_TRUE(IsValidUuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398f"));
  EXPECT_TRUE(IsValidUuid("017F22E2-79B0-7CC3-98C4-DC0C0C07398F"));
  EXPECT_TRUE(IsValidUuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_TRUE(IsValidUuid("550e8400-e29b-41d4-a716-446655440000"));  // v4 is still a UUID
  EXPECT_FALSE(IsValidUuid(""));
  EXPECT_FALSE(IsValidUuid("017f22e279b07cc398c4dc0c0c07398f"));
  EXPECT_FALSE(IsValidUuid("{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}"));
  EXPECT_FALSE(IsValidUuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398"));
  EXPECT_FALSE(IsValidUuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398f0"));
  EXPECT_FALSE(IsValidUuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398g"));
  EXPECT_FALSE(IsValidUuid("017f22e2_79b0-7cc3-98c4-dc0c0c07398f"));
  EXPECT_FALSE(IsValidUuid("017f22e-279b0-7cc3-98c4-dc0c0c07398f"));
  EXPECT_EQ(UuidV7TimestampMs("550e8400-e29b-41d4-a716-446655440000"), std::nullopt);
  EXPECT_EQ(UuidV7TimestampMs("not-a-uuid"), std::nullopt);
  EXPECT_EQ(UuidV7TimestampMs("017F22E2-79B0-7CC3-98C4-DC0C0C07398F"), 1645557742000);
}

TEST(IdsRandomToken, LengthAndAlphabet) {
  EXPECT_EQ(RandomToken(0), "");
  EXPECT_EQ(RandomToken(1).size(), 2u);
  EXPECT_EQ(RandomToken(2).size(), 3u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(32).size(), 43u);
  EXPECT_EQ(RandomToken(33).size(), 44u);
  for (int i = 0; i < 50; ++i) {
    const std::string token = RandomToken(48);
    ASSERT_EQ(token.size(), 64u);
    for (char c : token) {
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_')
          << token;
    }
    EXPECT_EQ(token.find('\0'), std::string::npos);
  }
}

TEST(IdsRandomToken, Distinct) {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    tokens.insert(RandomToken(16));
  }
  EXPECT_EQ(tokens.size(), 1000u);
}

TEST(IdsHexEncode, Bytes) {
  EXPECT_EQ(HexEncode(std::string_view()), "");
  EXPECT_EQ(HexEncode(std::string_view("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
  EXPECT_EQ(HexEncode("abc"), "616263");
  const std::vector<unsigned char> bytes = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(HexEncode(bytes), "deadbeef");
  const unsigned char raw[] = {0x0a, 0xb0};
  EXPECT_EQ(HexEncode(std::span<const unsigned char>(raw)), "0ab0");
}

}  // namespace
}  // namespace fk
