// Masking: hides the middle of personal identifiers before they are shown to
// a viewer whose role does not need the full value (DOMAIN.md: identity
// numbers and phones are shown masked, 410184********1234).
//
// All functions are UTF-8 aware: they count and mask code points, never split
// a multibyte character, and write one '*' per masked character. A byte that
// is not valid UTF-8 counts as one character and, when kept, is written as
// U+FFFD, so the result is always valid UTF-8. Empty input stays empty.
// Thread safety: pure functions, no shared state.
// Failure returns: none; every input gives a masked string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fk {

inline constexpr char kMaskChar = '*';

// Keeps the first keep_front and last keep_back characters and replaces the
// rest with '*'. When keep_front + keep_back >= the length, every character is
// masked rather than revealed.
std::string MaskMiddle(std::string_view text, size_t keep_front, size_t keep_back);

// 18 characters: first 6 and last 4 kept ("410184********1234"). Any other
// length n: first n/4 and last n/4 kept, so at most half is revealed.
std::string MaskIdNumber(std::string_view id);

// 11 characters: first 3 and last 4 kept ("138****5678"). Any other length:
// the same quarter rule as MaskIdNumber.
std::string MaskPhone(std::string_view phone);

// Keeps the first character and masks the rest ("张三" -> "张*",
// "欧阳娜娜" -> "欧***"); a one-character name is fully masked ("*").
std::string MaskName(std::string_view name);

}  // namespace fk
