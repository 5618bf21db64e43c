// Validation: checks and normalises the identifiers Chinese users already
// keep in their lists: resident identity numbers (GB 11643-1999), mobile
// numbers, vehicle plates, administrative division codes (GB/T 2260 and the
// 12-digit statistical codes) and unified social credit codes (GB 32100-2015).
//
// The validators never throw. Each family has a boolean check, a parser that
// returns std::nullopt on failure, and (where several rules apply) a *Rule
// function naming the first rule that failed, empty when the value is valid,
// so callers can fill fk::FieldError{field, rule, message}:
//   if (auto rule = IdNumberRule(v); !rule.empty()) errors.Add("id_number", std::string(rule));
//
// Input is UTF-8. Nothing trims surrounding whitespace except where a
// Normalize/Parse function says so.
// Thread safety: pure functions, no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace fk {

// ---------------------------------------------------------------------------
// UTF-8

// Decodes the code point starting at text[*pos] and advances *pos past it.
// Returns std::nullopt (and advances *pos by one byte) on an invalid,
// overlong, surrogate or truncated sequence. Precondition: *pos < text.size().
std::optional<char32_t> Utf8Next(std::string_view text, size_t* pos);
// Appends the UTF-8 encoding of cp (which must be a valid scalar value).
void Utf8Append(char32_t cp, std::string* out);

// ---------------------------------------------------------------------------
// Resident identity numbers (居民身份证号码), GB 11643-1999.
//
// 18 characters: 6-digit region code, 8-digit birth date YYYYMMDD, 3-digit
// sequence (odd = male), check character 0-9 or X (lowercase x accepted).
// Rules, checked in this order:
//   "length"      not 18 bytes
//   "format"      not 17 digits + [0-9Xx], or the region code starts with 0
//   "birth_date"  not a real date, year < 1900, or after `today`
//   "check_digit" ISO 7064 MOD 11-2 check character does not match
// Overloads without `today` use the current date in Beijing time.

inline constexpr std::string_view kRuleLength = "length";
inline constexpr std::string_view kRuleFormat = "format";
inline constexpr std::string_view kRuleBirthDate = "birth_date";
inline constexpr std::string_view kRuleCheckDigit = "check_digit";
inline constexpr std::string_view kRuleProvince = "province";
inline constexpr std::string_view kRuleAuthority = "authority";

enum class Sex { kFemale, kMale };

struct IdNumberInfo {
  std::string normalized;  // 18 characters, check character uppercased
  std::string region;      // first 6 digits
  CivilDate birth;
  Sex sex = Sex::kFemale;

  bool operator==(const IdNumberInfo&) const = default;
};

// The check character for the first 17 digits; '\0' if first17 is not 17 digits.
char IdNumberCheckChar(std::string_view first17);
std::string_view IdNumberRule(std::string_view id, const CivilDate& today);
std::string_view IdNumberRule(std::string_view id);
bool IsValidIdNumber(std::string_view id, const CivilDate& today);
bool IsValidIdNumber(std::string_view id);
std::optional<IdNumberInfo> ParseIdNumber(std::string_view id, const CivilDate& today);
std::optional<IdNumberInfo> ParseIdNumber(std::string_view id);

// ---------------------------------------------------------------------------
// Mobile numbers (手机号): 11 digits, "1" then 3-9.
//
// NormalizePhone strips ASCII spaces and dashes and one leading "+86" or "86"
// country prefix, then returns the bare 11 digits; std::nullopt when what is
// left is not a mobile number ("+" with another country code included).

std::optional<std::string> NormalizePhone(std::string_view phone);
// True only for the bare 11-digit form (what NormalizePhone returns).
bool IsValidPhone(std::string_view phone);

// ---------------------------------------------------------------------------
// Vehicle plates (机动车号牌), UTF-8.
//
// Province character (京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼),
// issuing-authority letter A-Z except I and O, then
//   ordinary:   5 characters from 0-9 and A-Z except I/O; the last may instead
//               be one of 学警挂港澳领试超
//   new energy: 6 characters from the same set, the first or the last being
//               D or F (D/F first for small cars, last for large vehicles)
// Normalisation before the check: ASCII letters uppercased; ASCII space, tab,
// U+3000 ideographic space, middle dot U+00B7 '·' and bullet U+2022 '•' removed.
// Full-width letters and digits are not folded and are rejected.
// Rules, checked in this order:
//   "province"   first character missing, not a province character or not UTF-8
//   "authority"  second character not an allowed letter
//   "length"     the tail is not 5 or 6 characters
//   "format"     a tail character is not allowed, or a 6-character tail lacks D/F

enum class PlateKind { kOrdinary, kNewEnergy };

struct Plate {
  std::string normalized;  // e.g. "京A12345", "粤BD12345"
  PlateKind kind = PlateKind::kOrdinary;

  bool operator==(const Plate&) const = default;
};

std::optional<Plate> ParsePlate(std::string_view plate);
std::string_view PlateRule(std::string_view plate);
bool IsValidPlate(std::string_view plate);

// ---------------------------------------------------------------------------
// Administrative division codes (行政区划代码).
//
// 6 digits (GB/T 2260: province, city or county) or 12 digits (statistical
// division code down to town and village). The first two digits must be a
// province code: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82.
// The hierarchy is not required to be contiguous: cities without counties
// (东莞 441900, 中山 442000) have towns under a "00" county part.

enum class DivisionLevel { kProvince, kCity, kCounty, kTown, kVillage };

bool IsValidProvinceCode(int two_digits);
bool IsValidDivisionCode(std::string_view code);
// The level of a valid 6- or 12-digit code, from its trailing zeros:
// dd0000000000 province, dddd00000000 city, dddddd000000 county,
// ddddddddd000 town, otherwise village (6-digit codes stop at county).
// std::nullopt when the code is not valid.
std::optional<DivisionLevel> DivisionLevelOf(std::string_view code);
// "province", "city", "county", "town", "village".
std::string_view DivisionLevelName(DivisionLevel level);
// The significant prefix of a valid code (2, 4, 6, 9 or all digits by level):
// a code C lies inside division D when C starts with DivisionPrefix(D).
// Empty when the code is not valid.
std::string_view DivisionPrefix(std::string_view code);

// ---------------------------------------------------------------------------
// Unified social credit codes (统一社会信用代码), GB 32100-2015.
//
// 18 characters from 0-9 A-H J-N P-R T-U W-Y (uppercase only); the last is
// the check character: 31 - (sum of value*weight over the first 17 mod 31),
// with 31 mapping to '0'.

// The check character for 17 valid characters; '\0' otherwise.
char CreditCodeCheckChar(std::string_view first17);
bool IsValidCreditCode(std::string_view code);
// The structure of a code beside its check character, for applications
// (复工复产): character 1 the registration authority (1-9, A, N, Y), character
// 2 the kind of organisation (1, 2, 3 or 9), characters 3-8 the division code
// of the registering office (a valid province prefix, or 100000 for central
// bodies). Rules, checked in this order:
//   "length"      not 18 characters
//   "format"      a character outside 0-9 A-H J-N P-R T U W-Y
//   "authority"   character 1 is not a registration authority
//   "kind"        character 2 is not an organisation kind
//   "division"    characters 3-8 are not a division code
//   "check_digit" the check character does not match
// Empty when valid. Callers normalise first (NormalizeCreditCode).
inline constexpr std::string_view kRuleKind = "kind";
inline constexpr std::string_view kRuleDivision = "division";
std::string_view CreditCodeRule(std::string_view code);
// ASCII letters upper-cased, ASCII spaces and dashes removed.
std::string NormalizeCreditCode(std::string_view code);

}  // namespace fk
