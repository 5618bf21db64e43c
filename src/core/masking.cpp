#include "core/masking.h"

#include <vector>

#include "core/validation.h"

namespace fk {

namespace {

constexpr char32_t kReplacementChar = U'\uFFFD';

// Byte offsets of each character start, plus text.size() at the end.
std::vector<size_t> CharBoundaries(std::string_view text) {
  std::vector<size_t> bounds;
  size_t pos = 0;
  while (pos < text.size()) {
    bounds.push_back(pos);
    Utf8Next(text, &pos);
  }
  bounds.push_back(text.size());
  return bounds;
}

std::string MaskQuarters(std::string_view text, size_t n) { return MaskMiddle(text, n / 4, n / 4); }

size_t CharCount(std::string_view text) { return CharBoundaries(text).size() - 1; }

}  // namespace

std::string MaskMiddle(std::string_view text, size_t keep_front, size_t keep_back) {
  const std::vector<size_t> bounds = CharBoundaries(text);
  const size_t n = bounds.size() - 1;
  if (keep_front + keep_back >= n) {
    return std::string(n, kMaskChar);
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < n; ++i) {
    if (i >= keep_front && i < n - keep_back) {
      out.push_back(kMaskChar);
      continue;
    }
    const std::string_view ch = text.substr(bounds[i], bounds[i + 1] - bounds[i]);
    size_t pos = 0;
    if (Utf8Next(ch, &pos)) {
      out.append(ch);
    } else {
      Utf8Append(kReplacementChar, &out);
    }
  }
  return out;
}

std::string MaskIdNumber(std::string_view id) {
  const size_t n = CharCount(id);
  if (n == 18) {
    return MaskMiddle(id, 6, 4);
  }
  return MaskQuarters(id, n);
}

std::string MaskPhone(std::string_view phone) {
  const size_t n = CharCount(phone);
  if (n == 11) {
    return MaskMiddle(phone, 3, 4);
  }
  return MaskQuarters(phone, n);
}

std::string MaskName(std::string_view name) {
  const size_t n = CharCount(name);
  if (n <= 1) {
    return std::string(n, kMaskChar);
  }
  return MaskMiddle(name, 1, 0);
}

}  // namespace fk
