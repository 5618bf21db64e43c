#include "core/ids.h"

#include <sodium.h>

#include <array>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace fk {

namespace {

constexpr int64_t kMaxUnixMs = (int64_t{1} << 48) - 1;
constexpr int kCounterBits = 42;
constexpr uint64_t kCounterMax = (uint64_t{1} << kCounterBits) - 1;
// Seeds leave the top counter bit clear so a millisecond has >= 2^41 steps.
constexpr uint64_t kCounterSeedMask = (uint64_t{1} << (kCounterBits - 1)) - 1;
constexpr char kHexDigits[] = "0123456789abcdef";

uint64_t RandomU64() {
  uint64_t value = 0;
  randombytes_buf(&value, sizeof(value));
  return value;
}

uint32_t RandomU32() {
  uint32_t value = 0;
  randombytes_buf(&value, sizeof(value));
  return value;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormatUuid(const std::array<unsigned char, 16>& b) {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out.push_back('-');
    }
    out.push_back(kHexDigits[b[i] >> 4]);
    out.push_back(kHexDigits[b[i] & 0x0F]);
  }
  return out;
}

}  // namespace

void EnsureSodium() {
  static const int kInitResult = sodium_init();
  if (kInitResult < 0) {
    throw Error(ErrorCode::kInternal, "libsodium initialisation failed");
  }
}

std::string UuidV7Generator::Next(int64_t unix_ms) {
  EnsureSodium();
  if (unix_ms < 0) unix_ms = 0;
  if (unix_ms > kMaxUnixMs) unix_ms = kMaxUnixMs;

  int64_t ms = 0;
  uint64_t counter = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (unix_ms > last_ms_) {
      last_ms_ = unix_ms;
      counter_ = RandomU64() & kCounterSeedMask;
    } else if (counter_ < kCounterMax) {
      ++counter_;
    } else {
      // Counter exhausted: borrow the next millisecond (RFC 9562 6.2).
      ++last_ms_;
      counter_ = RandomU64() & kCounterSeedMask;
    }
    ms = last_ms_;
    counter = counter_;
  }

  const uint64_t ts = static_cast<uint64_t>(ms);
  const uint64_t rand_a = counter >> 30;                 // 12 bits
  const uint64_t counter_low = counter & ((1u << 30) - 1);  // 30 bits
  const uint64_t high = (ts << 16) | (uint64_t{0x7} << 12) | rand_a;
  const uint64_t low = (uint64_t{0x2} << 62) | (counter_low << 32) | RandomU32();

  std::array<unsigned char, 16> bytes{};
  for (size_t i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(low >> (56 - 8 * i));
  }
  return FormatUuid(bytes);
}

std::string NewUuidV7() {
  static UuidV7Generator generator;
  return generator.Next(SystemClock::Default().NowMs());
}

bool IsValidUuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') {
        return false;
      }
    } else if (HexValue(text[i]) < 0) {
      return false;
    }
  }
  return true;
}

std::optional<int64_t> UuidV7TimestampMs(std::string_view uuid) {
  if (!IsValidUuid(uuid) || uuid[14] != '7') {
    return std::nullopt;
  }
  int64_t ms = 0;
  for (size_t i = 0; i < 13; ++i) {
    if (i == 8) continue;
    ms = (ms << 4) | HexValue(uuid[i]);
  }
  return ms;
}

std::string RandomToken(size_t bytes) {
  if (bytes == 0) {
    return {};
  }
  EnsureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const size_t encoded_len = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(encoded_len, '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  out.resize(encoded_len - 1);  // drop the terminating NUL counted by ENCODED_LEN
  return out;
}

std::string HexEncode(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0x0F]);
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  return HexEncode(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

}  // namespace fk
