#include "core/validation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <random>
#include <string>

namespace fk {
namespace {

const CivilDate kToday{2024, 6, 15};

// Test-only generator: builds a valid identity number from parts using the
// GB 11643 weights written out independently of the implementation.
std::string MakeId(const std::string& region, const std::string& birth, const std::string& seq) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  const std::string body = region + birth + seq;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    sum += (body[i] - '0') * kWeights[i];
  }
  return body + std::string(1, "10X98765432"[sum % 11]);
}

// ---- identity numbers -------------------------------------------------------

TEST(ValidationIdNumber, WellKnownSampleIsValid) {
  EXPECT_TRUE(IsValidIdNumber("11010519491231002X", kToday));
  EXPECT_EQ(IdNumberRule("11010519491231002X", kToday), "");
}

TEST(ValidationIdNumber, HandVerifiedExamples) {
  EXPECT_TRUE(IsValidIdNumber("410184199001011239", kToday));
  EXPECT_TRUE(IsValidIdNumber("440304198002291236", kToday));  // 1980 is a leap year
  EXPECT_TRUE(IsValidIdNumber("110105200002290013", kToday));  // 2000 is a leap year
  EXPECT_TRUE(IsValidIdNumber("510108199912314561", kToday));
  EXPECT_TRUE(IsValidIdNumber("110101190001010014", kToday));  // year 1900 is the lower bound
}

TEST(ValidationIdNumber, LowercaseXAccepted) {
  EXPECT_TRUE(IsValidIdNumber("11010519491231002x", kToday));
  const auto info = ParseIdNumber("11010519491231002x", kToday);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->normalized, "11010519491231002X");
}

TEST(ValidationIdNumber, ParseGivesBirthSexRegion) {
  const auto info = ParseIdNumber("11010519491231002X", kToday);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->region, "110105");
  EXPECT_EQ(info->birth, (CivilDate{1949, 12, 31}));
  EXPECT_EQ(info->sex, Sex::kFemale);  // 17th digit 2
  const auto male = ParseIdNumber("410184199001011239", kToday);
  ASSERT_TRUE(male.has_value());
  EXPECT_EQ(male->sex, Sex::kMale);  // 17th digit 3
  EXPECT_EQ(male->birth, (CivilDate{1990, 1, 1}));
  EXPECT_EQ(male->normalized, "410184199001011239");
}

TEST(ValidationIdNumber, ParseFailsOnInvalid) {
  EXPECT_FALSE(ParseIdNumber("410184199001011234", kToday).has_value());
  EXPECT_FALSE(ParseIdNumber("", kToday).has_value());
}

TEST(ValidationIdNumber, RuleLength) {
  EXPECT_EQ(IdNumberRule("", kToday), kRuleLength);
  EXPECT_EQ(IdNumberRule("11010519491231002", kToday), kRuleLength);
  EXPECT_EQ(IdNumberRule("11010519491231002X0", kToday), kRuleLength);
  EXPECT_EQ(IdNumberRule("110105491231002", kToday), kRuleLength);  // old 15-digit form
  EXPECT_EQ(IdNumberRule(" 11010519491231002X", kToday), kRuleLength);
}

TEST(ValidationIdNumber, RuleFormat) {
  EXPECT_EQ(IdNumberRule("1101051949123100XX", kToday), kRuleFormat);
  EXPECT_EQ(IdNumberRule("11010519491231002Y", kToday), kRuleFormat);
  EXPECT_EQ(IdNumberRule("11010519491231 02X", kToday), kRuleFormat);
  EXPECT_EQ(IdNumberRule("A1010519491231002X", kToday), kRuleFormat);
  EXPECT_EQ(IdNumberRule(MakeId("010105", "19491231", "002"), kToday), kRuleFormat);  // region starts with 0
  // 18 bytes but with a multibyte character: still "format".
  EXPECT_EQ(IdNumberRule("110105194912310\xE4\xB8\x80", kToday), kRuleFormat);
  // Full-width digit "１" (3 bytes) makes the byte length 20.
  EXPECT_EQ(IdNumberRule("\xEF\xBC\x91" "1010519491231002X", kToday), kRuleLength);
}

TEST(ValidationIdNumber, RuleBirthDate) {
  EXPECT_EQ(IdNumberRule(MakeId("110105", "19000229", "001"), kToday), kRuleBirthDate);  // 1900 not leap
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20000229", "001"), kToday), "");             // 2000 leap
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20230229", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20240229", "001"), kToday), "");
  EXPECT_EQ(IdNumberRule(MakeId("110105", "19901301", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "19900001", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "19900100", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "19900431", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "18991231", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20240615", "001"), kToday), "");  // born today
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20240616", "001"), kToday), kRuleBirthDate);
  EXPECT_EQ(IdNumberRule(MakeId("110105", "20990101", "001"), kToday), kRuleBirthDate);
}

TEST(ValidationIdNumber, FutureDependsOnToday) {
  const std::string id = MakeId("110105", "20300101", "001");
  EXPECT_FALSE(IsValidIdNumber(id, kToday));
  EXPECT_TRUE(IsValidIdNumber(id, CivilDate{2030, 1, 1}));
}

TEST(ValidationIdNumber, DefaultTodayUsesCurrentDate) {
  EXPECT_TRUE(IsValidIdNumber("11010519491231002X"));
  EXPECT_TRUE(ParseIdNumber("11010519491231002X").has_value());
  EXPECT_EQ(IdNumberRule(MakeId("110105", "29990101", "001")), kRuleBirthDate);
}

TEST(ValidationIdNumber, RuleCheckDigit) {
  EXPECT_EQ(IdNumberRule("110105194912310020", kToday), kRuleCheckDigit);
  EXPECT_EQ(IdNumberRule("410184199001011234", kToday), kRuleCheckDigit);
  EXPECT_EQ(IdNumberRule("410184199001011238", kToday), kRuleCheckDigit);
  // Transposing two digits breaks the check.
  EXPECT_EQ(IdNumberRule("410184199001011329", kToday), kRuleCheckDigit);
}

TEST(ValidationIdNumber, CheckChar) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(IdNumberCheckChar("41018419900101123"), '9');
  EXPECT_EQ(IdNumberCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(IdNumberCheckChar("1101051949123100A"), '\0');
}

TEST(ValidationIdNumber, RandomValidAndSingleDigitErrors) {
  std::mt19937 rng(20200213);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> year(1900, 2023);
  std::uniform_int_distribution<int> month(1, 12);
  for (int n = 0; n < 500; ++n) {
    std::string region = std::to_string(1 + digit(rng) % 9);
    for (int i = 0; i < 5; ++i) region += std::to_string(digit(rng));
    const int y = year(rng);
    const int m = month(rng);
    const int d = 1 + static_cast<int>(rng() % DaysInMonth(y, m));
    char birth[40];
    std::snprintf(birth, sizeof(birth), "%04d%02d%02d", y, m, d);
    std::string seq;
    for (int i = 0; i < 3; ++i) seq += std::to_string(digit(rng));
    const std::string id = MakeId(region, birth, seq);
    ASSERT_TRUE(IsValidIdNumber(id, kToday)) << id;
    const auto info = ParseIdNumber(id, kToday);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->birth, (CivilDate{y, m, d}));
    EXPECT_EQ(info->sex, (seq[2] - '0') % 2 ? Sex::kMale : Sex::kFemale);
    // MOD 11-2 detects every single-digit substitution in the sequence part.
    std::string bad = id;
    bad[14] = static_cast<char>('0' + (bad[14] - '0' + 1 + digit(rng) % 9) % 10);
    EXPECT_EQ(IdNumberRule(bad, kToday), kRuleCheckDigit) << bad;
  }
}

// ---- phones -----------------------------------------------------------------

TEST(ValidationPhone, PlainNumbers) {
  EXPECT_EQ(NormalizePhone("13812345678"), "13812345678");
  EXPECT_EQ(NormalizePhone("19912345678"), "19912345678");
  EXPECT_TRUE(IsValidPhone("15012345678"));
  for (char second = '3'; second <= '9'; ++second) {
    EXPECT_TRUE(IsValidPhone(std::string("1") + second + "012345678")) << second;
  }
}

TEST(ValidationPhone, PrefixesAndSeparatorsStripped) {
  EXPECT_EQ(NormalizePhone("+8613812345678"), "13812345678");
  EXPECT_EQ(NormalizePhone("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(NormalizePhone("8613812345678"), "13812345678");
  EXPECT_EQ(NormalizePhone("86-138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalizePhone("138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalizePhone(" 138 1234 5678 "), "13812345678");
  EXPECT_EQ(NormalizePhone("+86-13812345678"), "13812345678");
}

TEST(ValidationPhone, Rejected) {
  EXPECT_EQ(NormalizePhone(""), std::nullopt);
  EXPECT_EQ(NormalizePhone("1381234567"), std::nullopt);     // 10 digits
  EXPECT_EQ(NormalizePhone("138123456789"), std::nullopt);   // 12 digits
  EXPECT_EQ(NormalizePhone("12812345678"), std::nullopt);    // second digit 2
  EXPECT_EQ(NormalizePhone("10812345678"), std::nullopt);
  EXPECT_EQ(NormalizePhone("23812345678"), std::nullopt);    // not starting with 1
  EXPECT_EQ(NormalizePhone("+8513812345678"), std::nullopt); // other country
  EXPECT_EQ(NormalizePhone("+13812345678"), std::nullopt);
  EXPECT_EQ(NormalizePhone("1381234567a"), std::nullopt);
  EXPECT_EQ(NormalizePhone("(138)12345678"), std::nullopt);
  EXPECT_EQ(NormalizePhone("+86+8613812345678"), std::nullopt);
  EXPECT_EQ(NormalizePhone("０13812345678"), std::nullopt);  // full-width digit
  EXPECT_EQ(NormalizePhone("010-12345678"), std::nullopt);   // landline
  EXPECT_FALSE(IsValidPhone("+8613812345678"));              // only the bare form
  EXPECT_FALSE(IsValidPhone("138 1234 5678"));
}

// ---- plates -----------------------------------------------------------------

TEST(ValidationPlate, OrdinaryPlates) {
  const auto p = ParsePlate("京A12345");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->normalized, "京A12345");
  EXPECT_EQ(p->kind, PlateKind::kOrdinary);
  EXPECT_TRUE(IsValidPlate("沪B8K9Z2"));
  EXPECT_TRUE(IsValidPlate("粤BABCDE"));
  EXPECT_TRUE(IsValidPlate("琼Z00000"));
  EXPECT_EQ(PlateRule("京A12345"), "");
}

TEST(ValidationPlate, EveryProvinceAccepted) {
  const std::string provinces[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖",
                                   "鲁", "新", "苏", "浙", "赣", "鄂", "桂", "甘", "晋", "蒙", "陕",
                                   "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
  for (const auto& prov : provinces) {
    EXPECT_TRUE(IsValidPlate(prov + "A12345")) << prov;
  }
}

TEST(ValidationPlate, NormalisesCaseSpacesAndDots) {
  EXPECT_EQ(ParsePlate("京a12345")->normalized, "京A12345");
  EXPECT_EQ(ParsePlate("京A·12345")->normalized, "京A12345");
  EXPECT_EQ(ParsePlate("京A•12345")->normalized, "京A12345");
  EXPECT_EQ(ParsePlate(" 京 A 123 45 ")->normalized, "京A12345");
  EXPECT_EQ(ParsePlate("京A\u3000" "12345")->normalized, "京A12345");
  EXPECT_EQ(ParsePlate("粤b·d12345")->normalized, "粤BD12345");
  EXPECT_EQ(ParsePlate("浙a·abc1x")->normalized, "浙AABC1X");
}

TEST(ValidationPlate, NewEnergyPlates) {
  const auto small = ParsePlate("粤BD12345");
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->kind, PlateKind::kNewEnergy);
  const auto small_f = ParsePlate("沪AF8A123");
  ASSERT_TRUE(small_f.has_value());
  EXPECT_EQ(small_f->kind, PlateKind::kNewEnergy);
  const auto large = ParsePlate("京A12345D");
  ASSERT_TRUE(large.has_value());
  EXPECT_EQ(large->kind, PlateKind::kNewEnergy);
  EXPECT_TRUE(IsValidPlate("京A12345F"));
  EXPECT_EQ(PlateRule("京A123456"), kRuleFormat);  // 6 characters without D/F
  EXPECT_EQ(PlateRule("京AA12345"), kRuleFormat);
  EXPECT_EQ(PlateRule("京A1D2345"), kRuleFormat);  // D in the middle does not count
}

TEST(ValidationPlate, SpecialTails) {
  for (const std::string tail : {"学", "警", "挂", "港", "澳", "领", "试", "超"}) {
    const auto p = ParsePlate("粤Z1234" + tail);
    ASSERT_TRUE(p.has_value()) << tail;
    EXPECT_EQ(p->kind, PlateKind::kOrdinary);
  }
  EXPECT_EQ(PlateRule("粤Z学1234"), kRuleFormat);    // special only at the end
  EXPECT_EQ(PlateRule("粤Z12345学"), kRuleFormat);   // not on a 6-character tail
  EXPECT_EQ(PlateRule("粤Z1234使"), kRuleFormat);    // not in the list
}

TEST(ValidationPlate, RuleProvince) {
  EXPECT_EQ(PlateRule(""), kRuleProvince);
  EXPECT_EQ(PlateRule("   "), kRuleProvince);
  EXPECT_EQ(PlateRule("AA12345"), kRuleProvince);
  EXPECT_EQ(PlateRule("港A12345"), kRuleProvince);
  EXPECT_EQ(PlateRule("北A12345"), kRuleProvince);
  EXPECT_EQ(PlateRule("\xE4\xBA" "A12345"), kRuleProvince);  // truncated 京
  EXPECT_EQ(PlateRule("\xFF" "A12345"), kRuleProvince);
}

TEST(ValidationPlate, RuleAuthority) {
  EXPECT_EQ(PlateRule("京I12345"), kRuleAuthority);
  EXPECT_EQ(PlateRule("京O12345"), kRuleAuthority);
  EXPECT_EQ(PlateRule("京112345"), kRuleAuthority);
  EXPECT_EQ(PlateRule("京京12345"), kRuleAuthority);
  EXPECT_EQ(PlateRule("京Ａ12345"), kRuleAuthority);  // full-width A
  EXPECT_EQ(PlateRule("京\xC3"), kRuleAuthority);     // truncated 2-byte sequence
}

TEST(ValidationPlate, RuleLength) {
  EXPECT_EQ(PlateRule("京"), kRuleLength);
  EXPECT_EQ(PlateRule("京A"), kRuleLength);
  EXPECT_EQ(PlateRule("京A1234"), kRuleLength);
  EXPECT_EQ(PlateRule("京A1234567"), kRuleLength);
}

TEST(ValidationPlate, RuleFormat) {
  EXPECT_EQ(PlateRule("京A1234I"), kRuleFormat);
  EXPECT_EQ(PlateRule("京AO1234"), kRuleFormat);
  EXPECT_EQ(PlateRule("京A1234-"), kRuleFormat);
  EXPECT_EQ(PlateRule("京A１２３４５"), kRuleFormat);  // full-width digits
  EXPECT_EQ(PlateRule("京AＡ1234"), kRuleFormat);     // full-width letter
  EXPECT_EQ(PlateRule("京A1234\xE5\xAD"), kRuleFormat);  // truncated 学 at the end
  EXPECT_EQ(PlateRule("京A12\xC0\x80" "4"), kRuleFormat);  // overlong NUL: two bad bytes
  EXPECT_EQ(PlateRule("京A12\xC0" "45"), kRuleFormat);
  EXPECT_EQ(PlateRule("京A123\xED\xA0\x80"), kRuleFormat);  // surrogate: 3 invalid bytes
  EXPECT_EQ(PlateRule("京A1234\xED\xA0"), kRuleFormat);
  EXPECT_EQ(PlateRule("京A123\xED\xA0\x80\x80"), kRuleLength);  // 7 characters once counted
  EXPECT_FALSE(ParsePlate("京A1234I").has_value());
}

// ---- division codes ---------------------------------------------------------

TEST(ValidationDivision, ValidCodes) {
  EXPECT_TRUE(IsValidDivisionCode("110105"));
  EXPECT_TRUE(IsValidDivisionCode("410184"));
  EXPECT_TRUE(IsValidDivisionCode("110000"));
  EXPECT_TRUE(IsValidDivisionCode("820000"));
  EXPECT_TRUE(IsValidDivisionCode("710000"));
  EXPECT_TRUE(IsValidDivisionCode("110105001001"));
  EXPECT_TRUE(IsValidDivisionCode("441900003000"));  // 东莞 town directly under the city
}

TEST(ValidationDivision, ProvinceList) {
  const int valid[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                       43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  int count = 0;
  for (int p = 0; p < 100; ++p) {
    const bool expected = std::find(std::begin(valid), std::end(valid), p) != std::end(valid);
    EXPECT_EQ(IsValidProvinceCode(p), expected) << p;
    char code[8];
    std::snprintf(code, sizeof(code), "%02d0101", p);
    EXPECT_EQ(IsValidDivisionCode(code), expected) << code;
    count += expected ? 1 : 0;
  }
  EXPECT_EQ(count, 34);
}

TEST(ValidationDivision, InvalidCodes) {
  EXPECT_FALSE(IsValidDivisionCode(""));
  EXPECT_FALSE(IsValidDivisionCode("11010"));
  EXPECT_FALSE(IsValidDivisionCode("1101050"));
  EXPECT_FALSE(IsValidDivisionCode("11010500100"));
  EXPECT_FALSE(IsValidDivisionCode("1101050010010"));
  EXPECT_FALSE(IsValidDivisionCode("000000"));
  EXPECT_FALSE(IsValidDivisionCode("100000"));
  EXPECT_FALSE(IsValidDivisionCode("160000"));
  EXPECT_FALSE(IsValidDivisionCode("910000"));
  EXPECT_FALSE(IsValidDivisionCode("11010a"));
  EXPECT_FALSE(IsValidDivisionCode(" 110105"));
  EXPECT_FALSE(IsValidDivisionCode("１10105"));
}

TEST(ValidationDivision, Levels) {
  EXPECT_EQ(DivisionLevelOf("110000000000"), DivisionLevel::kProvince);
  EXPECT_EQ(DivisionLevelOf("410100000000"), DivisionLevel::kCity);
  EXPECT_EQ(DivisionLevelOf("410184000000"), DivisionLevel::kCounty);
  EXPECT_EQ(DivisionLevelOf("410184001000"), DivisionLevel::kTown);
  EXPECT_EQ(DivisionLevelOf("410184001001"), DivisionLevel::kVillage);
  EXPECT_EQ(DivisionLevelOf("410184001200"), DivisionLevel::kVillage);
  EXPECT_EQ(DivisionLevelOf("441900003000"), DivisionLevel::kTown);
  EXPECT_EQ(DivisionLevelOf("110000"), DivisionLevel::kProvince);
  EXPECT_EQ(DivisionLevelOf("410100"), DivisionLevel::kCity);
  EXPECT_EQ(DivisionLevelOf("410184"), DivisionLevel::kCounty);
  EXPECT_EQ(DivisionLevelOf("990000000000"), std::nullopt);
  EXPECT_EQ(DivisionLevelOf("4101840010"), std::nullopt);
}

TEST(ValidationDivision, LevelNamesAndPrefixes) {
  EXPECT_EQ(DivisionLevelName(DivisionLevel::kProvince), "province");
  EXPECT_EQ(DivisionLevelName(DivisionLevel::kCity), "city");
  EXPECT_EQ(DivisionLevelName(DivisionLevel::kCounty), "county");
  EXPECT_EQ(DivisionLevelName(DivisionLevel::kTown), "town");
  EXPECT_EQ(DivisionLevelName(DivisionLevel::kVillage), "village");
  EXPECT_EQ(DivisionPrefix("410000"), "41");
  EXPECT_EQ(DivisionPrefix("410100000000"), "4101");
  EXPECT_EQ(DivisionPrefix("410184"), "410184");
  EXPECT_EQ(DivisionPrefix("410184001000"), "410184001");
  EXPECT_EQ(DivisionPrefix("410184001001"), "410184001001");
  EXPECT_EQ(DivisionPrefix("bad"), "");
}

// ---- credit codes -----------------------------------------------------------

TEST(ValidationCreditCode, HandVerifiedExamples) {
  EXPECT_TRUE(IsValidCreditCode("91350100M000100Y43"));  // GB 32100 sample
  EXPECT_TRUE(IsValidCreditCode("9144030071526726XG"));
  EXPECT_TRUE(IsValidCreditCode("91110000600037341L"));
  EXPECT_TRUE(IsValidCreditCode("12100000400000624D"));
  EXPECT_TRUE(IsValidCreditCode("311100003583471631"));
  EXPECT_TRUE(IsValidCreditCode("91310000MA1FL0000N"));
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(CreditCodeCheckChar("91310000MA1FL0000"), 'N');
}

TEST(ValidationCreditCode, Rejected) {
  EXPECT_FALSE(IsValidCreditCode(""));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y4"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y433"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));   // wrong check
  EXPECT_FALSE(IsValidCreditCode("91350100I000100Y43"));   // I not in charset
  EXPECT_FALSE(IsValidCreditCode("91350100O000100Y43"));   // O
  EXPECT_FALSE(IsValidCreditCode("91350100S000100Y43"));   // S
  EXPECT_FALSE(IsValidCreditCode("91350100V000100Y43"));   // V
  EXPECT_FALSE(IsValidCreditCode("91350100Z000100Y43"));   // Z
  EXPECT_FALSE(IsValidCreditCode("91350100m000100y43"));   // lowercase
  EXPECT_FALSE(IsValidCreditCode("9144030071526726XZ"));
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y"), '\0');
}

TEST(ValidationCreditCode, RandomCodesAndSingleErrors) {
  const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  std::mt19937 rng(32100);
  for (int n = 0; n < 500; ++n) {
    std::string body;
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
      const int v = static_cast<int>(rng() % 31);
      body.push_back(charset[v]);
      sum += v * kWeights[i];
    }
    const std::string code = body + charset[(31 - sum % 31) % 31];
    ASSERT_TRUE(IsValidCreditCode(code)) << code;
    // Weights are all non-zero mod 31 (prime), so any single substitution is caught.
    std::string bad = code;
    const size_t pos = rng() % 17;
    const size_t v = charset.find(bad[pos]);
    bad[pos] = charset[(v + 1 + rng() % 30) % 31];
    EXPECT_FALSE(IsValidCreditCode(bad)) << bad;
  }
}

// The table the web shares (tests/fixtures/credit_codes.json, web/tests/creditCode.test.ts).
TEST(ValidationCreditCode, SharedTable) {
  std::ifstream in(std::string(FK_SOURCE_DIR) + "/tests/fixtures/credit_codes.json");
  ASSERT_TRUE(in) << "tests/fixtures/credit_codes.json";
  const auto table = nlohmann::json::parse(in);
  ASSERT_GE(table["valid"].size(), 10u);
  for (const auto& v : table["valid"]) {
    const std::string code = v.get<std::string>();
    EXPECT_EQ(CreditCodeRule(code), "") << code;
  }
  for (const auto& c : table["invalid"]) {
    const std::string code = c["code"].get<std::string>();
    EXPECT_EQ(CreditCodeRule(code), c["rule"].get<std::string>()) << code;
  }
}

TEST(ValidationCreditCode, EverySingleChangeOfAValidCodeIsRejected) {
  const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const std::string code : {"91410184MA44YH1T07", "91350100M000100Y43", "52410184MA47T3K0WX"}) {
    ASSERT_EQ(CreditCodeRule(code), "") << code;
    for (size_t pos = 0; pos < code.size(); ++pos)
      for (char ch : charset) {
        if (ch == code[pos]) continue;
        std::string bad = code;
        bad[pos] = ch;
        EXPECT_NE(CreditCodeRule(bad), "") << bad;
      }
  }
}

TEST(ValidationCreditCode, Normalizes) {
  EXPECT_EQ(NormalizeCreditCode(" 91410184ma44yh1t07 "), "91410184MA44YH1T07");
  EXPECT_EQ(NormalizeCreditCode("914101-84MA44 YH1T07"), "91410184MA44YH1T07");
  EXPECT_EQ(CreditCodeRule(NormalizeCreditCode("91410184ma44yh1t07")), "");
}

// ---- UTF-8 ------------------------------------------------------------------

TEST(ValidationUtf8, DecodesAndRejects) {
  size_t pos = 0;
  EXPECT_EQ(Utf8Next("京", &pos), U'京');
  EXPECT_EQ(pos, 3u);
  pos = 0;
  EXPECT_EQ(Utf8Next("\xF0\x9F\x98\x80", &pos), U'\U0001F600');
  EXPECT_EQ(pos, 4u);
  pos = 0;
  EXPECT_EQ(Utf8Next("\xE4\xBA", &pos), std::nullopt);  // truncated
  EXPECT_EQ(pos, 1u);
  pos = 0;
  EXPECT_EQ(Utf8Next("\xC0\xAF", &pos), std::nullopt);  // overlong
  pos = 0;
  EXPECT_EQ(Utf8Next("\xE0\x80\xAF", &pos), std::nullopt);  // overlong 3-byte
  pos = 0;
  EXPECT_EQ(Utf8Next("\xED\xA0\x80", &pos), std::nullopt);  // surrogate
  pos = 0;
  EXPECT_EQ(Utf8Next("\xF4\x90\x80\x80", &pos), std::nullopt);  // beyond U+10FFFF
  pos = 0;
  EXPECT_EQ(Utf8Next("\x80", &pos), std::nullopt);  // lone continuation
}

TEST(ValidationUtf8, RoundTrip) {
  for (char32_t cp : {U'A', U'\u00B7', U'京', U'\U0001F600', U'\u07FF', U'\uFFFF'}) {
    std::string s;
    Utf8Append(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(Utf8Next(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

}  // namespace
}  // namespace fk
