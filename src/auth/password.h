// Password hashing (argon2id through libsodium) and the password rules.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace fk::auth {

struct HashCost {
  uint64_t opslimit = 2;                // libsodium crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t memlimit = 64ull << 20;        // 64 MiB, crypto_pwhash_MEMLIMIT_INTERACTIVE
};

// Returns the encoded argon2id hash (it carries its own salt and cost).
// Throws Error(kInternal) when memory cannot be allocated.
std::string HashPassword(std::string_view password, const HashCost& cost = {});
// True when password matches the encoded hash.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// Adds a field error for each broken rule: at least 10 characters, at most 128,
// letters and digits both present, not the username (ignoring case), and not
// one of the most common passwords (a small built-in list, ignoring case:
// IsCommonPassword). Rules: min_length, max_length, letters_and_digits,
// not_username, common.
// True when the password (ignoring case) is on the built-in list of common
// passwords that would otherwise pass the length and character rules
// ("password123", "qwerty123456", "woaini1314520", ...).
bool IsCommonPassword(std::string_view password);
void CheckPasswordRules(std::string_view password, std::string_view username, const char* field, FieldErrors& errors);

}  // namespace fk::auth
