// The dashboard's pure parts: the ETag of a reply and If-None-Match matching,
// and which unit levels the dashboard counts.
#include <gtest/gtest.h>

#include "command/dashboard/model.h"
#include "command/dashboard/module.h"

namespace fk::command::dashboard {
namespace {

TEST(DashboardEtag, IsAQuotedStableHashOfTheText) {
  std::string a = EtagOf(R"({"today":{"vehicles":1}})");
  EXPECT_EQ(a, EtagOf(R"({"today":{"vehicles":1}})"));
  EXPECT_NE(a, EtagOf(R"({"today":{"vehicles":2}})"));
  ASSERT_EQ(a.size(), 2u + 2u + 16u);  // "d-<16 hex>"
  EXPECT_EQ(a.front(), '"');
  EXPECT_EQ(a.back(), '"');
  EXPECT_EQ(a.substr(1, 2), "d-");
  EXPECT_EQ(EtagOf(""), "\"d-cbf29ce484222325\"");   // FNV-1a 64 offset basis: the empty text
  EXPECT_EQ(EtagOf("a"), "\"d-af63dc4c8601ec8c\"");  // the published FNV-1a 64 test vector
}

TEST(DashboardEtag, IfNoneMatchListsWeakFormsAndStar) {
  const std::string e = "\"d-0123456789abcdef\"";
  EXPECT_TRUE(EtagMatches(e, e));
  EXPECT_TRUE(EtagMatches("W/" + e, e));
  EXPECT_TRUE(EtagMatches("\"x\", " + e, e));
  EXPECT_TRUE(EtagMatches("\"x\",W/" + e + " ", e));
  EXPECT_TRUE(EtagMatches("*", e));
  EXPECT_FALSE(EtagMatches("", e));
  EXPECT_FALSE(EtagMatches("\"d-0123456789abcdee\"", e));
  EXPECT_FALSE(EtagMatches("d-0123456789abcdef", e));  // unquoted is not the same tag
  EXPECT_FALSE(EtagMatches(",,", e));
}

TEST(DashboardLevels, OnlyTheAdministrativeLevels) {
  for (const char* l : {"city", "town", "community", "estate"}) EXPECT_TRUE(IsAdminLevel(l)) << l;
  for (const char* l : {"department", "", "City", "province"}) EXPECT_FALSE(IsAdminLevel(l)) << l;
}

}  // namespace
}  // namespace fk::command::dashboard
