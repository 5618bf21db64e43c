// Ids: identifiers and secrets. UUIDv7 primary keys (RFC 9562), random
// session/CSRF tokens and hex encoding. Randomness comes from libsodium's
// randombytes_buf (the OS CSPRNG); sodium_init() is called once, lazily.
//
// UUIDv7 layout (RFC 9562 section 5.7, monotonicity by section 6.2 method 1):
//   48 bits unix_ts_ms | 4 bits version 7 | 12 bits rand_a |
//   2 bits variant 10  | 62 bits rand_b
// rand_a and the top 30 bits of rand_b hold a 42-bit counter seeded randomly
// (top bit clear) at each new millisecond and incremented for each further
// UUID in the same millisecond; the low 32 bits of rand_b are fresh random.
// A clock that steps back reuses the last timestamp, and a counter overflow
// moves the timestamp one millisecond ahead, so the strings of one generator
// sort strictly in creation order.
//
// Thread safety: NewUuidV7 and UuidV7Generator::Next are safe to call from
// many threads (a mutex guards the state). The other functions are pure or
// only read the CSPRNG.
// Failure returns: if libsodium cannot initialise (no entropy source), the
// random functions throw fk::Error(kInternal). Parsers return false/nullopt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fk {

// Calls sodium_init() once per process; throws fk::Error(kInternal) on failure.
void EnsureSodium();

// Produces monotonically increasing UUIDv7 strings from caller-supplied times.
class UuidV7Generator {
 public:
  // A lowercase canonical UUIDv7 for the given unix time in milliseconds
  // (clamped to 0 .. 2^48-1).
  std::string Next(int64_t unix_ms);

 private:
  std::mutex mu_;
  int64_t last_ms_ = -1;  // guarded by mu_
  uint64_t counter_ = 0;  // guarded by mu_
};

// A new UUIDv7 (lowercase, 8-4-4-4-12) at the system clock's time, from one
// process-wide generator.
std::string NewUuidV7();

// Canonical 8-4-4-4-12 hex form, upper or lower case; any version.
bool IsValidUuid(std::string_view text);
// The unix_ts_ms field of a valid UUID string whose version is 7.
std::optional<int64_t> UuidV7TimestampMs(std::string_view uuid);

// `bytes` random bytes as unpadded base64url (RFC 4648 section 5);
// ceil(bytes * 4 / 3) characters; empty for 0 bytes.
std::string RandomToken(size_t bytes);

// Lowercase hex, two characters per byte.
std::string HexEncode(std::span<const unsigned char> bytes);
std::string HexEncode(std::string_view bytes);

}  // namespace fk
