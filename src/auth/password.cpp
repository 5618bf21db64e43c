#include "auth/password.h"

#include <sodium.h>

#include <cctype>
#include <semaphore>
#include <thread>

namespace fk::auth {
namespace {

// argon2id takes 64 MiB and tens of milliseconds per hash: at most a few run at
// once, so a burst of sign-ins cannot exhaust memory (64 workers x 64 MiB).
std::counting_semaphore<>& HashSlots() {
  static std::counting_semaphore<> slots(std::max(2u, std::thread::hardware_concurrency()));
  return slots;
}

struct Slot {
  Slot() { HashSlots().acquire(); }
  ~Slot() { HashSlots().release(); }
};

}  // namespace

std::string HashPassword(std::string_view password, const HashCost& cost) {
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium init failed");
  char out[crypto_pwhash_STRBYTES];
  Slot slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(ErrorCode::kInternal, "argon2id hashing ran out of memory");
  return out;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (sodium_init() < 0) return false;
  Slot slot;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void CheckPasswordRules(std::string_view password, std::string_view username, const char* field, FieldErrors& errors) {
  bool letter = false, digit = false;
  for (unsigned char c : password) {
    if (std::isalpha(c)) letter = true;
    if (std::isdigit(c)) digit = true;
  }
  if (password.size() < 10) errors.Add(field, "min_length", "密码至少 10 位 at least 10 characters");
  if (password.size() > 128) errors.Add(field, "max_length", "密码最多 128 位 at most 128 characters");
  if (!letter || !digit) errors.Add(field, "letters_and_digits", "须同时包含字母和数字 needs letters and digits");
  if (!username.empty() && password == username) errors.Add(field, "not_username", "不能与用户名相同 must differ from the username");
}

}  // namespace fk::auth
