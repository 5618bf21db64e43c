// The validators of core/validation.h. Byte 0 picks the family, the rest is the text.
// Oracles beside "no crash, no UB": the boolean check, the rule and the parser agree;
// normalising is idempotent and a normalised value stays valid; for the checksummed codes
// (identity numbers, GB 11643 MOD 11-2; credit codes, GB 32100 MOD 31) any one-character
// change of a valid value is invalid; UTF-8 decoding always advances within the text.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/validation.h"
#include "support/fuzz_app.h"

namespace {

using fk::fuzz::Fail;
const fk::CivilDate kToday{2024, 6, 15};

void Check(bool ok, const char* what, std::string_view input) {
  if (!ok) Fail(std::string(what) + " for input \"" + std::string(input) + "\"");
}

void IdNumber(std::string_view s) {
  auto rule = fk::IdNumberRule(s, kToday);
  bool valid = fk::IsValidIdNumber(s, kToday);
  auto info = fk::ParseIdNumber(s, kToday);
  Check(valid == rule.empty() && valid == info.has_value(), "IdNumber: check, rule and parser disagree", s);
  if (!valid) return;
  Check(info->normalized.size() == 18 && info->region == info->normalized.substr(0, 6), "IdNumber: bad parts", s);
  Check(fk::IdNumberCheckChar(std::string_view(info->normalized).substr(0, 17)) == info->normalized[17],
        "IdNumber: check char differs", s);
  auto again = fk::ParseIdNumber(info->normalized, kToday);
  Check(again && *again == *info, "IdNumber: normalised value parses differently", s);
  for (size_t i = 0; i < 18; ++i) {
    std::string changed = info->normalized;
    changed[i] = i == 17 ? (changed[i] == 'X' ? '0' : (changed[i] == '9' ? 'X' : static_cast<char>(changed[i] + 1)))
                         : static_cast<char>('0' + (changed[i] - '0' + 1) % 10);
    Check(!fk::IsValidIdNumber(changed, kToday), "IdNumber: a one-character change stays valid", s);
  }
}

void Phone(std::string_view s) {
  auto n = fk::NormalizePhone(s);
  if (fk::IsValidPhone(s)) Check(n && *n == s, "Phone: a valid bare number normalises to something else", s);
  if (n) Check(fk::IsValidPhone(*n) && fk::NormalizePhone(*n) == n, "Phone: normalised value not stable", s);
}

void Plate(std::string_view s) {
  auto p = fk::ParsePlate(s);
  auto rule = fk::PlateRule(s);
  Check(p.has_value() == rule.empty() && p.has_value() == fk::IsValidPlate(s), "Plate: check, rule and parser disagree", s);
  if (p) {
    auto again = fk::ParsePlate(p->normalized);
    Check(again && *again == *p, "Plate: normalised value parses differently", s);
  }
}

void Division(std::string_view s) {
  bool valid = fk::IsValidDivisionCode(s);
  auto level = fk::DivisionLevelOf(s);
  auto prefix = fk::DivisionPrefix(s);
  Check(valid == level.has_value() && valid == !prefix.empty(), "Division: check, level and prefix disagree", s);
  if (valid) {
    Check(s.substr(0, prefix.size()) == prefix, "Division: the code does not start with its prefix", s);
    Check(!fk::DivisionLevelName(*level).empty(), "Division: a level without a name", s);
  }
}

void CreditCode(std::string_view s) {
  bool valid = fk::IsValidCreditCode(s);
  if (fk::CreditCodeRule(s).empty()) Check(valid, "CreditCode: no rule failed but the code is invalid", s);
  std::string n = fk::NormalizeCreditCode(s);
  Check(fk::NormalizeCreditCode(n) == n, "CreditCode: normalising is not idempotent", s);
  if (!valid) return;
  Check(fk::CreditCodeCheckChar(s.substr(0, 17)) == s[17], "CreditCode: check char differs", s);
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (size_t i = 0; i < 18; ++i) {
    std::string changed(s);
    changed[i] = kChars[(kChars.find(changed[i]) + 1) % kChars.size()];
    Check(!fk::IsValidCreditCode(changed), "CreditCode: a one-character change stays valid", s);
  }
}

void Utf8(std::string_view s) {
  std::string out;
  for (size_t pos = 0; pos < s.size();) {
    size_t before = pos;
    auto cp = fk::Utf8Next(s, &pos);
    Check(pos > before && pos <= s.size(), "Utf8Next: did not advance within the text", s);
    if (cp) {
      Check(*cp <= 0x10FFFF && !(*cp >= 0xD800 && *cp <= 0xDFFF), "Utf8Next: not a scalar value", s);
      std::string enc;
      fk::Utf8Append(*cp, &enc);
      Check(enc == s.substr(before, pos - before), "Utf8Next/Utf8Append: no round trip", s);
    } else {
      Check(pos == before + 1, "Utf8Next: an invalid sequence skipped more than one byte", s);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view s(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0: IdNumber(s); break;
    case 1: Phone(s); break;
    case 2: Plate(s); break;
    case 3: Division(s); break;
    case 4: CreditCode(s); break;
    default: Utf8(s); break;
  }
  return 0;
}
