#include "core/validation.h"

#include <algorithm>
#include <array>
#include <vector>

namespace fk {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) {
      return false;
    }
  }
  return true;
}

int TwoDigits(std::string_view s, size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

// ---- identity numbers -------------------------------------------------------

// Weight of position i (0-based) is 2^(17-i) mod 11.
constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";

// ---- plates -----------------------------------------------------------------

constexpr std::u32string_view kPlateProvinces = U"京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
constexpr std::u32string_view kPlateSpecialTails = U"学警挂港澳领试超";
// Marks a byte that is not valid UTF-8 after decoding; never a valid scalar.
constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

bool IsPlateLetter(char32_t c) { return c >= U'A' && c <= U'Z' && c != U'I' && c != U'O'; }
bool IsPlateAlnum(char32_t c) { return (c >= U'0' && c <= U'9') || IsPlateLetter(c); }
bool IsNewEnergyMark(char32_t c) { return c == U'D' || c == U'F'; }

bool IsPlateSeparator(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u00B7' || c == U'\u2022';
}

struct PlateCheck {
  std::string_view rule;  // empty when valid
  Plate plate;
};

PlateCheck CheckPlate(std::string_view text) {
  std::vector<char32_t> cps;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto cp = Utf8Next(text, &pos);
    if (!cp) {
      cps.push_back(kInvalidCodePoint);
      continue;
    }
    char32_t c = *cp;
    if (IsPlateSeparator(c)) {
      continue;
    }
    if (c >= U'a' && c <= U'z') {
      c = c - U'a' + U'A';
    }
    cps.push_back(c);
  }

  PlateCheck result;
  if (cps.empty() || kPlateProvinces.find(cps[0]) == std::u32string_view::npos) {
    result.rule = kRuleProvince;
    return result;
  }
  if (cps.size() < 2) {
    result.rule = kRuleLength;
    return result;
  }
  if (!IsPlateLetter(cps[1])) {
    result.rule = kRuleAuthority;
    return result;
  }
  const size_t tail = cps.size() - 2;
  if (tail != 5 && tail != 6) {
    result.rule = kRuleLength;
    return result;
  }
  const auto t = [&](size_t i) { return cps[2 + i]; };
  if (tail == 5) {
    for (size_t i = 0; i < 4; ++i) {
      if (!IsPlateAlnum(t(i))) {
        result.rule = kRuleFormat;
        return result;
      }
    }
    if (!IsPlateAlnum(t(4)) && kPlateSpecialTails.find(t(4)) == std::u32string_view::npos) {
      result.rule = kRuleFormat;
      return result;
    }
    result.plate.kind = PlateKind::kOrdinary;
  } else {
    for (size_t i = 0; i < 6; ++i) {
      if (!IsPlateAlnum(t(i))) {
        result.rule = kRuleFormat;
        return result;
      }
    }
    if (!IsNewEnergyMark(t(0)) && !IsNewEnergyMark(t(5))) {
      result.rule = kRuleFormat;
      return result;
    }
    result.plate.kind = PlateKind::kNewEnergy;
  }
  for (char32_t c : cps) {
    Utf8Append(c, &result.plate.normalized);
  }
  return result;
}

// ---- credit codes -----------------------------------------------------------

constexpr std::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

}  // namespace

// ---- UTF-8 ------------------------------------------------------------------

std::optional<char32_t> Utf8Next(std::string_view text, size_t* pos) {
  const size_t start = *pos;
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(start);
  *pos = start + 1;
  if (b0 < 0x80) {
    return static_cast<char32_t>(b0);
  }
  size_t len = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // beyond U+10FFFF
  } else {
    return std::nullopt;
  }
  if (start + len > text.size()) {
    return std::nullopt;
  }
  for (size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(start + i);
    const unsigned char min = (i == 1) ? lo : 0x80;
    const unsigned char max = (i == 1) ? hi : 0xBF;
    if (b < min || b > max) {
      return std::nullopt;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *pos = start + len;
  return cp;
}

void Utf8Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ---- identity numbers -------------------------------------------------------

char IdNumberCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) {
    return '\0';
  }
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    sum += (first17[i] - '0') * kIdWeights[i];
  }
  return kIdCheckChars[sum % 11];
}

std::string_view IdNumberRule(std::string_view id, const CivilDate& today) {
  if (id.size() != 18) {
    return kRuleLength;
  }
  const char last = id[17];
  if (!AllDigits(id.substr(0, 17)) || !(IsDigit(last) || last == 'X' || last == 'x') || id[0] == '0') {
    return kRuleFormat;
  }
  const CivilDate birth{(id[6] - '0') * 1000 + (id[7] - '0') * 100 + TwoDigits(id, 8), TwoDigits(id, 10),
                        TwoDigits(id, 12)};
  if (birth.year < 1900 || !IsValidCivilDate(birth.year, birth.month, birth.day) || birth > today) {
    return kRuleBirthDate;
  }
  const char expected = IdNumberCheckChar(id.substr(0, 17));
  if ((last == 'x' ? 'X' : last) != expected) {
    return kRuleCheckDigit;
  }
  return {};
}

std::string_view IdNumberRule(std::string_view id) { return IdNumberRule(id, Today(SystemClock::Default())); }

bool IsValidIdNumber(std::string_view id, const CivilDate& today) { return IdNumberRule(id, today).empty(); }

bool IsValidIdNumber(std::string_view id) { return IdNumberRule(id).empty(); }

std::optional<IdNumberInfo> ParseIdNumber(std::string_view id, const CivilDate& today) {
  if (!IdNumberRule(id, today).empty()) {
    return std::nullopt;
  }
  IdNumberInfo info;
  info.normalized = std::string(id);
  if (info.normalized[17] == 'x') {
    info.normalized[17] = 'X';
  }
  info.region = std::string(id.substr(0, 6));
  info.birth = CivilDate{(id[6] - '0') * 1000 + (id[7] - '0') * 100 + TwoDigits(id, 8), TwoDigits(id, 10),
                         TwoDigits(id, 12)};
  info.sex = ((id[16] - '0') % 2 == 1) ? Sex::kMale : Sex::kFemale;
  return info;
}

std::optional<IdNumberInfo> ParseIdNumber(std::string_view id) {
  return ParseIdNumber(id, Today(SystemClock::Default()));
}

// ---- phones -----------------------------------------------------------------

std::optional<std::string> NormalizePhone(std::string_view phone) {
  std::string digits;
  digits.reserve(phone.size());
  for (char c : phone) {
    if (c != ' ' && c != '-') {
      digits.push_back(c);
    }
  }
  std::string_view rest = digits;
  if (!rest.empty() && rest.front() == '+') {
    if (rest.substr(0, 3) != "+86") {
      return std::nullopt;
    }
    rest.remove_prefix(3);
  } else if (rest.size() == 13 && rest.substr(0, 2) == "86") {
    rest.remove_prefix(2);
  }
  if (!IsValidPhone(rest)) {
    return std::nullopt;
  }
  return std::string(rest);
}

bool IsValidPhone(std::string_view phone) {
  return phone.size() == 11 && AllDigits(phone) && phone[0] == '1' && phone[1] >= '3' && phone[1] <= '9';
}

// ---- plates -----------------------------------------------------------------

std::optional<Plate> ParsePlate(std::string_view plate) {
  PlateCheck check = CheckPlate(plate);
  if (!check.rule.empty()) {
    return std::nullopt;
  }
  return std::move(check.plate);
}

std::string_view PlateRule(std::string_view plate) { return CheckPlate(plate).rule; }

bool IsValidPlate(std::string_view plate) { return CheckPlate(plate).rule.empty(); }

// ---- division codes ---------------------------------------------------------

bool IsValidProvinceCode(int two_digits) {
  const int p = two_digits;
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
         (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82;
}

bool IsValidDivisionCode(std::string_view code) {
  if ((code.size() != 6 && code.size() != 12) || !AllDigits(code)) {
    return false;
  }
  return IsValidProvinceCode(TwoDigits(code, 0));
}

std::optional<DivisionLevel> DivisionLevelOf(std::string_view code) {
  if (!IsValidDivisionCode(code)) {
    return std::nullopt;
  }
  const auto zeros_from = [&](size_t pos) { return code.find_first_not_of('0', pos) == std::string_view::npos; };
  if (zeros_from(2)) return DivisionLevel::kProvince;
  if (zeros_from(4)) return DivisionLevel::kCity;
  if (zeros_from(6)) return DivisionLevel::kCounty;
  if (zeros_from(9)) return DivisionLevel::kTown;
  return DivisionLevel::kVillage;
}

std::string_view DivisionLevelName(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kProvince: return "province";
    case DivisionLevel::kCity: return "city";
    case DivisionLevel::kCounty: return "county";
    case DivisionLevel::kTown: return "town";
    case DivisionLevel::kVillage: return "village";
  }
  return "village";
}

std::string_view DivisionPrefix(std::string_view code) {
  const auto level = DivisionLevelOf(code);
  if (!level) {
    return {};
  }
  switch (*level) {
    case DivisionLevel::kProvince: return code.substr(0, 2);
    case DivisionLevel::kCity: return code.substr(0, 4);
    case DivisionLevel::kCounty: return code.substr(0, 6);
    case DivisionLevel::kTown: return code.substr(0, 9);
    case DivisionLevel::kVillage: return code;
  }
  return code;
}

// ---- credit codes -----------------------------------------------------------

char CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) {
    return '\0';
  }
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kCreditChars.find(first17[i]);
    if (value == std::string_view::npos) {
      return '\0';
    }
    sum += static_cast<int>(value) * kCreditWeights[i];
  }
  return kCreditChars[(31 - sum % 31) % 31];
}

bool IsValidCreditCode(std::string_view code) {
  if (code.size() != 18) {
    return false;
  }
  const char expected = CreditCodeCheckChar(code.substr(0, 17));
  return expected != '\0' && code[17] == expected;
}

std::string_view CreditCodeRule(std::string_view code) {
  if (code.size() != 18) {
    return kRuleLength;
  }
  for (char ch : code) {
    if (kCreditChars.find(ch) == std::string_view::npos) {
      return kRuleFormat;
    }
  }
  if (std::string_view("123456789ANY").find(code[0]) == std::string_view::npos) {
    return kRuleAuthority;
  }
  if (std::string_view("1239").find(code[1]) == std::string_view::npos) {
    return kRuleKind;
  }
  const std::string_view division = code.substr(2, 6);
  const bool digits = std::all_of(division.begin(), division.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!digits || (division != "100000" && !IsValidProvinceCode((division[0] - '0') * 10 + (division[1] - '0')))) {
    return kRuleDivision;
  }
  if (!IsValidCreditCode(code)) {
    return kRuleCheckDigit;
  }
  return {};
}

std::string NormalizeCreditCode(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (char ch : code) {
    if (ch == ' ' || ch == '-') {
      continue;
    }
    out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  return out;
}

}  // namespace fk
