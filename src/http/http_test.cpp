#include "http/http.h"

#include <gtest/gtest.h>

#include <string>

namespace fk::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("/a%20b+c", false), "/a b+c");
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("%E5%BC%A0", false), "张");
}

TEST(PercentDecode, RefusesMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
}

// Found by fuzz/router_fuzz: the documented "embedded NUL" refusal only covered %00.
TEST(PercentDecode, RefusesANulEscapedOrNot) {
  EXPECT_EQ(PercentDecode("/a%00b", false), std::nullopt);
  EXPECT_EQ(PercentDecode(std::string("/hae\0ltjz", 9), false), std::nullopt);
}

}  // namespace
}  // namespace fk::http
