#include "auth/roles.h"

#include <gtest/gtest.h>

#include <regex>

namespace fk::auth {
namespace {

TEST(RolesTest, EveryRoleGrantsOnlyKnownPermissions) {
  const auto& all = AllPermissions();
  for (const auto& role : BuiltinRoles())
    for (auto p : role.permissions)
      EXPECT_NE(std::find(all.begin(), all.end(), p), all.end()) << role.name << " grants unknown " << p;
}

TEST(RolesTest, PermissionStringsAreModuleEntityAction) {
  std::regex shape("^[a-z]+:[a-z]+:[a-z]+$");
  for (auto p : AllPermissions()) EXPECT_TRUE(std::regex_match(std::string(p), shape)) << p;
}

TEST(RolesTest, BuiltinRolesAreTheNineOfTheDomain) {
  std::vector<std::string> names;
  for (const auto& r : BuiltinRoles()) names.emplace_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "commander", "checkpoint", "community", "volunteer", "donation",
                                             "organisation", "department", "viewer"}));
}

TEST(RolesTest, ViewerReadsButNeverWritesRevealsOrAdministers) {
  auto perms = PermissionsForRoles({"viewer"});
  EXPECT_TRUE(perms.count("org:point:read"));
  EXPECT_TRUE(perms.count("command:dashboard:read"));
  for (const auto& p : perms) {
    EXPECT_EQ(p.substr(p.size() - 5), ":read") << p;
    EXPECT_NE(p, "auth:user:read");
    EXPECT_NE(p, "audit:log:read");
  }
}

TEST(RolesTest, AdminHoldsEverythingAndUnknownRolesGrantNothing) {
  EXPECT_EQ(PermissionsForRoles({"admin"}).size(), AllPermissions().size());
  EXPECT_TRUE(PermissionsForRoles({"nobody"}).empty());
  EXPECT_EQ(FindRole("nobody"), nullptr);
}

TEST(RolesTest, FieldRolesCannotRevealOrManageUsers) {
  for (const char* role : {"checkpoint", "volunteer", "donation"}) {
    auto perms = PermissionsForRoles({role});
    EXPECT_FALSE(perms.count("org:staff:reveal")) << role;
    EXPECT_FALSE(perms.count("auth:user:write")) << role;
  }
  EXPECT_TRUE(PermissionsForRoles({"checkpoint"}).count("screening:passage:write"));
  EXPECT_TRUE(PermissionsForRoles({"community"}).count("residents:gate:write"));
}

TEST(RolesTest, CombinedRolesUnionTheirPermissions) {
  auto both = PermissionsForRoles({"donation", "volunteer"});
  EXPECT_TRUE(both.count("donations:gift:write"));
  EXPECT_TRUE(both.count("supplies:delivery:write"));
}

}  // namespace
}  // namespace fk::auth
