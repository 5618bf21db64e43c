// Unit scopes and role permissions: a user sees and changes only their unit's
// subtree, and only what their roles allow.
#include <algorithm>
#include <set>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class ScopeTest : public ApiTest {};

std::set<std::string> Names(const Json& items) {
  std::set<std::string> out;
  for (const auto& i : items) out.insert(i["name"].get<std::string>());
  return out;
}
std::set<int64_t> Ids(const Json& items) {
  std::set<int64_t> out;
  for (const auto& i : items) out.insert(i["id"].get<int64_t>());
  return out;
}
void CollectTree(const Json& node, std::set<std::string>& names, int depth, int& max_depth) {
  names.insert(node["name"].get<std::string>());
  max_depth = std::max(max_depth, depth);
  for (const auto& c : node["children"]) {
    EXPECT_EQ(c["parent_id"], node["id"]) << c.dump();
    CollectTree(c, names, depth + 1, max_depth);
  }
}

const std::set<std::string> kLiheTown = {"梨河镇", "岗李村", "梨河村", "小乔村", "后胡村"};

TEST_P(ScopeTest, CheckpointUserSeesOnlyItsTownInTheUnitTree) {
  Session s = Login("checkpoint");
  HttpResponse r = Get("/api/v1/org/units/tree", s);
  ASSERT_EQ(r.status, 200) << r.body;
  Json roots = r.Json()["items"];
  ASSERT_EQ(roots.size(), 1u) << r.body;
  EXPECT_EQ(roots[0]["name"], "梨河镇");
  std::set<std::string> names;
  int depth = 0;
  CollectTree(roots[0], names, 0, depth);
  EXPECT_EQ(names, kLiheTown);

  // The administrator's tree has the city at the root and all 14 towns under it.
  r = Get("/api/v1/org/units/tree", Admin());
  ASSERT_EQ(r.status, 200);
  roots = r.Json()["items"];
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0]["name"], "新郑市");
  EXPECT_GE(roots[0]["children"].size(), 14u);
  names.clear();
  depth = 0;
  CollectTree(roots[0], names, 0, depth);
  EXPECT_EQ(depth, 3) << "city, town, community, estate";
  EXPECT_TRUE(names.count("铁路家属院"));
}

TEST_P(ScopeTest, CheckpointUserListsOnlyItsTown) {
  Session s = Login("checkpoint");
  int64_t lihe = UnitId("梨河镇");
  // Units.
  Json units = ListAll("/api/v1/org/units", s);
  EXPECT_EQ(Names(units), kLiheTown);
  // Points: the same set as the administrator's list of that subtree, and not empty.
  Json points = ListAll("/api/v1/org/points", s);
  Json admin_points = ListAll("/api/v1/org/points?unit_id=" + std::to_string(lihe), Admin());
  EXPECT_EQ(Ids(points), Ids(admin_points));
  EXPECT_EQ(Names(points), (std::set<std::string>{"G107新郑长葛交界疫情监测站", "岗李村检测点"}));
  // Staff.
  Json staff = ListAll("/api/v1/org/staff", s);
  EXPECT_EQ(Names(staff), (std::set<std::string>{"祝晓磊", "黄磊", "周敏"}));
  Json admin_staff = ListAll("/api/v1/org/staff?unit_id=" + std::to_string(lihe), Admin());
  EXPECT_EQ(Ids(staff), Ids(admin_staff));
  // Exports follow the same scope.
  HttpResponse x = Get("/api/v1/org/points:export", s);
  ASSERT_EQ(x.status, 200);
  std::string text = UnzipAll(x.body);
  EXPECT_NE(text.find("G107新郑长葛交界疫情监测站"), std::string::npos);
  EXPECT_EQ(text.find("京港澳高速新郑服务区卡口"), std::string::npos);
}

TEST_P(ScopeTest, FiltersNamingAUnitOutsideTheScopeAre404) {
  Session s = Login("checkpoint");
  std::string other = std::to_string(UnitId("薛店镇"));
  ExpectError(Get("/api/v1/org/points?unit_id=" + other, s), 404, "not_found");
  ExpectError(Get("/api/v1/org/staff?unit_id=" + other, s), 404, "not_found");
  ExpectError(Get("/api/v1/org/units?parent_id=" + other, s), 404, "not_found");
  ExpectError(Get("/api/v1/org/units/" + other, s), 404, "not_found");
  ExpectError(Get("/api/v1/org/points/" + std::to_string(FindPoint("京港澳高速新郑服务区卡口")["id"].get<int64_t>()), s),
              404, "not_found");
}

TEST_P(ScopeTest, CommunityUserWritesPointsOnlyInsideItsSubtree) {
  Session s = Login("community");  // 新烟街道
  int64_t station = UnitId("车站社区");
  int64_t lihe = UnitId("梨河镇");
  std::string name = Unique("车站社区临时卡点");
  HttpResponse r = Post("/api/v1/org/points", {{"name", name}, {"kind", "community_gate"}, {"unit_id", station}}, s);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["unit_name"], "车站社区");
  int64_t id = r.Json()["id"].get<int64_t>();

  // Outside its subtree: refused as if the unit did not exist.
  r = Post("/api/v1/org/points", {{"name", Unique("越界卡点")}, {"kind", "checkpoint"}, {"unit_id", lihe}}, s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_id:exists"});
  r = Post("/api/v1/org/points", {{"name", Unique("越界卡点")}, {"kind", "checkpoint"}, {"unit_code", "410184108000"}}, s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_code:exists"});
  // Nor may it move its own point out of its subtree.
  r = Patch("/api/v1/org/points/" + std::to_string(id), {{"unit_id", lihe}}, s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(Get("/api/v1/org/points/" + std::to_string(id), Admin()).Json()["unit_id"], station);
  // Nor touch a point of another town.
  std::string other_point = std::to_string(FindPoint("G107新郑长葛交界疫情监测站")["id"].get<int64_t>());
  ExpectError(Patch("/api/v1/org/points/" + other_point, {{"place", "改"}}, s), 404, "not_found");
  ExpectError(Post("/api/v1/org/points/" + other_point + ":deactivate", nullptr, s), 404, "not_found");
  // Nothing of that was written.
  EXPECT_TRUE(ListAll("/api/v1/org/points?q=" + UrlEncode("越界卡点"), Admin()).empty());
  // The community role has no unit:write.
  ExpectError(Post("/api/v1/org/units", {{"code", "CZ-NEW"}, {"name", "新小区"}, {"level", "estate"}, {"parent_id", station}}, s),
              403, "forbidden");
}

TEST_P(ScopeTest, ViewerReadsButCannotWrite) {
  Session s = Login("viewer");
  EXPECT_EQ(Get("/api/v1/org/units", s).status, 200);
  EXPECT_EQ(Get("/api/v1/org/points", s).status, 200);
  EXPECT_EQ(Get("/api/v1/org/staff", s).status, 200);
  int64_t unit = UnitId("车站社区");
  ExpectError(Post("/api/v1/org/points", {{"name", Unique("只读")}, {"kind", "station"}, {"unit_id", unit}}, s), 403,
              "forbidden");
  ExpectError(Post("/api/v1/org/staff", {{"name", "只读"}, {"phone", "13800000000"}, {"unit_id", unit}}, s), 403,
              "forbidden");
  ExpectError(Post("/api/v1/org/units", {{"code", "RO-1"}, {"name", "只读"}, {"level", "estate"}, {"parent_id", unit}}, s),
              403, "forbidden");
  std::string point = std::to_string(FindPoint("车站社区疫情监测点")["id"].get<int64_t>());
  ExpectError(Patch("/api/v1/org/points/" + point, {{"place", "改"}}, s), 403, "forbidden");
  ExpectError(Post("/api/v1/org/staff/" + std::to_string(FindStaff("李建国")["id"].get<int64_t>()) + ":reveal", nullptr, s),
              403, "forbidden");
  ExpectError(Get("/api/v1/audit", s), 403, "forbidden");
  ExpectError(Get("/api/v1/users", s), 403, "forbidden");
}

TEST_P(ScopeTest, VolunteerAndDonationClerkHaveNarrowReads) {
  Session volunteer = Login("volunteer");
  ExpectError(Get("/api/v1/org/staff", volunteer), 403, "forbidden");
  ExpectError(Get("/api/v1/org/staff:export", volunteer), 403, "forbidden");
  HttpResponse r = Get("/api/v1/org/points", volunteer);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Names(r.Json()["items"]).count("车站社区疫情监测点"), 1u);
  EXPECT_EQ(Names(r.Json()["items"]).count("供销社承包监测点"), 0u) << "the street's point is above the volunteer's community";

  Session donation = Login("donation");
  EXPECT_EQ(Get("/api/v1/org/units", donation).status, 200);
  ExpectError(Get("/api/v1/org/points", donation), 403, "forbidden");
}

TEST_P(ScopeTest, CommanderListsUsersButCannotCreateThem) {
  Session s = Login("commander");
  Json users = ListAll("/api/v1/users", s);
  std::set<std::string> names;
  for (const auto& u : users) names.insert(u["username"].get<std::string>());
  for (const char* n : {"admin", "commander", "checkpoint", "community", "volunteer", "donation", "organisation", "viewer"})
    EXPECT_TRUE(names.count(n)) << n;
  for (const auto& u : users) EXPECT_FALSE(u.contains("password_hash")) << u.dump();
  HttpResponse r = Post("/api/v1/users",
                        {{"username", Unique("bycommander")}, {"display_name", "x"}, {"password", "Good-pass-2020"},
                         {"unit_id", UnitId("新郑市")}, {"roles", {"viewer"}}},
                        s);
  ExpectError(r, 403, "forbidden");
  EXPECT_NE(r.body.find("auth:user:write"), std::string::npos);
  Session checkpoint = Login("checkpoint");
  ExpectError(Get("/api/v1/users", checkpoint), 403, "forbidden");
}

TEST_P(ScopeTest, OnlyAnAdministratorGrantsAdmin) {
  // The administrator may.
  std::string name = Unique("newadmin");
  int64_t id = CreateUser(name, "admin", UnitId("新郑市"));
  ASSERT_GT(id, 0);
  Session s = Login(name);
  EXPECT_EQ(s.user["roles"], Json::array({"admin"}));
  // The commander may not, neither by creating nor by changing a user.
  Session commander = Login("commander");
  ExpectError(Post("/api/v1/users",
                   {{"username", Unique("escalate")}, {"display_name", "x"}, {"password", "Good-pass-2020"},
                    {"unit_id", UnitId("新郑市")}, {"roles", {"admin"}}},
                   commander),
              403, "forbidden");
  ExpectError(Patch("/api/v1/users/" + std::to_string(commander.user_id), {{"roles", {"admin"}}}, commander), 403,
              "forbidden");
  EXPECT_EQ(Get("/api/v1/auth/me", commander).Json()["user"]["roles"], Json::array({"commander"}));
}

TEST_P(ScopeTest, TownAdministratorManagesOnlyItsTownsUsers) {
  std::string name = Unique("liheadmin");
  CreateUser(name, "admin", UnitId("梨河镇"));
  Session s = Login(name);
  // Sees the town's users only.
  Json users = ListAll("/api/v1/users", s);
  std::set<std::string> names;
  for (const auto& u : users) names.insert(u["username"].get<std::string>());
  EXPECT_TRUE(names.count("checkpoint"));
  EXPECT_TRUE(names.count(name));
  EXPECT_FALSE(names.count("admin"));
  EXPECT_FALSE(names.count("community"));
  ExpectError(Get("/api/v1/users/" + std::to_string(Admin().user_id), s), 404, "not_found");
  // Creates users in the town, not outside it.
  HttpResponse r = Post("/api/v1/users",
                        {{"username", Unique("lihe-user")}, {"display_name", "梨河用户"}, {"password", "Good-pass-2020"},
                         {"unit_id", UnitId("岗李村")}, {"roles", {"checkpoint"}}},
                        s);
  EXPECT_EQ(r.status, 201) << r.body;
  r = Post("/api/v1/users",
           {{"username", Unique("xuedian-user")}, {"display_name", "薛店用户"}, {"password", "Good-pass-2020"},
            {"unit_id", UnitId("薛店镇")}, {"roles", {"checkpoint"}}},
           s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_id:scope"});
  // Cannot move a user of its town out of it, nor disable a user outside it.
  r = Patch("/api/v1/users/" + std::to_string(Login("checkpoint").user_id), {{"unit_id", UnitId("薛店镇")}}, s);
  ExpectError(r, 422, "validation_failed");
  ExpectError(Patch("/api/v1/users/" + std::to_string(Admin().user_id), {{"active", false}}, s), 404, "not_found");
  ExpectError(Post("/api/v1/users/" + std::to_string(Admin().user_id) + ":revoke-sessions", nullptr, s), 404, "not_found");
  EXPECT_EQ(Get("/api/v1/auth/me", Admin()).status, 200);
}

FK_INSTANTIATE_BACKENDS(ScopeTest);

}  // namespace
}  // namespace fk::apitest
