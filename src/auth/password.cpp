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

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The most common leaked passwords (international and Chinese lists) that are at least 10
// characters long and hold letters and digits, i.e. the ones the other rules let through.
// Lower case; compared ignoring case.
constexpr std::string_view kCommonPasswords[] = {
    "password123",   "password1234",  "password12345", "password123456", "passw0rd123",  "p@ssw0rd123",
    "p@ssword123",   "qwerty123456",  "qwerty12345",   "qwertyuiop1",    "qwertyuiop123", "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv", "qaz123456789", "1q2w3e4r5t",  "1q2w3e4r5t6y",  "q1w2e3r4t5",    "q1w2e3r4t5y6",
    "zxcvbnm123",    "zxcvbnm12345",  "asdfghjkl1",    "asdfghjkl123",   "abc1234567",    "abc12345678",
    "abc123456789",  "abcd123456",    "abcd1234567",   "a123456789",     "a1234567890",   "aa123456789",
    "aa1234567890",  "a1b2c3d4e5",    "1234567890a",   "123456789a",     "123456789abc",  "123456abcdef",
    "1234qwer5678",  "admin123456",   "admin1234567",  "administrator1", "root12345678",  "test123456",
    "welcome12345",  "iloveyou123",   "iloveyou1234",  "woaini1314",     "woaini520123",  "woaini1314520",
    "5201314abc",    "abc5201314",    "1314520abc",    "qq123456789",    "wang123456",    "zhang123456",
    "li1234567890",  "liu123456789",  "chen12345678",  "huang1234567",   "zhao123456789", "changeme123",
    "letmein12345",  "monkey123456",  "dragon123456",  "football123",    "baseball123",   "superman123",
    "sunshine123",   "princess123",   "master123456",  "fangkong123",    "fangkong2020",  "fangkong12345",
};

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower = Lower(password);
  for (auto c : kCommonPasswords)
    if (lower == c) return true;
  return false;
}

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
  if (!username.empty() && Lower(password) == Lower(username))
    errors.Add(field, "not_username", "不能与用户名相同 must differ from the username");
  if (IsCommonPassword(password)) errors.Add(field, "common", "密码过于常见，请换一个 too common: choose another password");
}

}  // namespace fk::auth
