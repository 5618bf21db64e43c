#include "core/masking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace fk {
namespace {

TEST(MaskingIdNumber, EighteenKeepsSixAndFour) {
  EXPECT_EQ(MaskIdNumber("410184199001011234"), "410184********1234");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
}

TEST(MaskingIdNumber, OtherLengthsRevealAtMostHalf) {
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("1"), "*");
  EXPECT_EQ(MaskIdNumber("12"), "**");
  EXPECT_EQ(MaskIdNumber("123"), "***");
  EXPECT_EQ(MaskIdNumber("1234"), "1**4");
  EXPECT_EQ(MaskIdNumber("12345678"), "12****78");
  EXPECT_EQ(MaskIdNumber("110105491231002"), "110*********002");  // old 15-digit number
  EXPECT_EQ(MaskIdNumber("4101841990010112345"), "4101***********2345");
  for (size_t n = 0; n < 40; ++n) {
    if (n == 18) continue;
    const std::string masked = MaskIdNumber(std::string(n, '7'));
    ASSERT_EQ(masked.size(), n);
    const size_t revealed = n - static_cast<size_t>(std::count(masked.begin(), masked.end(), '*'));
    EXPECT_LE(revealed * 2, n) << n;
  }
}

TEST(MaskingIdNumber, MultibyteIsCountedByCharacter) {
  // Eight characters, 3 bytes each: two kept on each side.
  EXPECT_EQ(MaskIdNumber("一二三四五六七八"), "一二****七八");
}

TEST(MaskingPhone, ElevenKeepsThreeAndFour) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("19900000000"), "199****0000");
}

TEST(MaskingPhone, OtherLengths) {
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("12345678"), "12****78");
  EXPECT_EQ(MaskPhone("+8613812345678"), "+86********678");
  EXPECT_EQ(MaskPhone("110"), "***");
}

TEST(MaskingName, KeepsFirstCharacter) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李小龙"), "李**");
  EXPECT_EQ(MaskName("阿卜杜·热合曼"), "阿******");
  EXPECT_EQ(MaskName("John Smith"), "J*********");
}

TEST(MaskingName, ShortAndEmpty) {
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName("A"), "*");
}

TEST(MaskingName, SupplementaryAndInvalidUtf8) {
  EXPECT_EQ(MaskName("\xF0\xA0\x80\x80\xE4\xB8\x80"), "\xF0\xA0\x80\x80*");  // U+20000 kept whole
  EXPECT_EQ(MaskName("张\xE4\xB8"), "张**");  // truncated tail: each stray byte is one character
  EXPECT_EQ(MaskName("\xE5\xBC"), "\uFFFD*");  // a kept stray byte becomes U+FFFD
  EXPECT_EQ(MaskMiddle("\xFF" "bcd\xFE", 1, 1), "\uFFFD***\uFFFD");
}

TEST(MaskingMiddle, General) {
  EXPECT_EQ(MaskMiddle("abcdef", 1, 1), "a****f");
  EXPECT_EQ(MaskMiddle("abcdef", 0, 0), "******");
  EXPECT_EQ(MaskMiddle("abcdef", 3, 3), "******");  // would reveal everything
  EXPECT_EQ(MaskMiddle("abcdef", 10, 0), "******");
  EXPECT_EQ(MaskMiddle("abcdef", 0, 2), "****ef");
  EXPECT_EQ(MaskMiddle("京A12345", 2, 2), "京A***45");
}

}  // namespace
}  // namespace fk
