// The org module over HTTP: units, points and staff — create, read, update,
// deactivate, the field rules, cursor paging and list filters.
#include <algorithm>
#include <set>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class OrgCrudTest : public ApiTest {
 protected:
  HttpResponse CreateUnit(const std::string& code, const std::string& name, const std::string& level, int64_t parent) {
    return Post("/api/v1/org/units", {{"code", code}, {"name", name}, {"level", level}, {"parent_id", parent}}, Admin());
  }
};

std::vector<std::string> SortedRules(const HttpResponse& r) {
  auto v = FieldRules(r);
  std::sort(v.begin(), v.end());
  return v;
}

std::string Id(const HttpResponse& r) { return std::to_string(r.Json()["id"].get<int64_t>()); }

TEST_P(OrgCrudTest, UnitLifecycle) {
  int64_t village = UnitId("梨河村");
  std::string code = Unique("LH-EST-");
  HttpResponse r = CreateUnit(code, "梨河村一组", "estate", village);
  ASSERT_EQ(r.status, 201) << r.body;
  Json created = r.Json();
  EXPECT_EQ(created["code"], code);
  EXPECT_EQ(created["name"], "梨河村一组");
  EXPECT_EQ(created["level"], "estate");
  EXPECT_EQ(created["parent_id"], village);
  EXPECT_EQ(created["active"], true);
  EXPECT_EQ(created["created_at"], FormatRfc3339(clock().NowMs()));
  std::string id = Id(r);

  r = Get("/api/v1/org/units/" + id, Admin());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json(), created);

  clock().Advance(1000);
  r = Patch("/api/v1/org/units/" + id, {{"name", "梨河村第一组"}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["name"], "梨河村第一组");
  EXPECT_EQ(r.Json()["code"], code);
  EXPECT_EQ(r.Json()["created_at"], created["created_at"]);
  EXPECT_EQ(r.Json()["updated_at"], FormatRfc3339(clock().NowMs()));
  // Level and parent do not change.
  r = Patch("/api/v1/org/units/" + id, {{"level", "community"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:immutable"});
  r = Patch("/api/v1/org/units/" + id, {{"parent_id", UnitId("岗李村")}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"parent_id:immutable"});

  r = Post("/api/v1/org/units/" + id + ":deactivate", nullptr, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["active"], false);
  // A deactivated unit takes no new points, staff or child units.
  r = Post("/api/v1/org/points", {{"name", Unique("停用单位卡点")}, {"kind", "checkpoint"}, {"unit_id", std::stoll(id)}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_id:active"});
  r = Post("/api/v1/org/staff", {{"name", "停用"}, {"phone", "13800000001"}, {"unit_id", std::stoll(id)}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_id:active"});
  // It is still listed, among the inactive.
  Json inactive = ListAll("/api/v1/org/units?active=false", Admin());
  EXPECT_TRUE(std::any_of(inactive.begin(), inactive.end(), [&](const Json& u) { return u["code"] == code; }));
  for (const auto& u : inactive) EXPECT_EQ(u["active"], false);
}

TEST_P(OrgCrudTest, DeactivationGoesBottomUp) {
  HttpResponse community = CreateUnit(Unique("BU-C-"), "自下而上社区", "community", UnitId("龙王乡"));
  ASSERT_EQ(community.status, 201) << community.body;
  int64_t cid = community.Json()["id"].get<int64_t>();
  HttpResponse estate = CreateUnit(Unique("BU-E-"), "自下而上小区", "estate", cid);
  ASSERT_EQ(estate.status, 201);
  HttpResponse point = Post("/api/v1/org/points", {{"name", "自下而上卡点"}, {"kind", "community_gate"}, {"unit_id", cid}}, Admin());
  ASSERT_EQ(point.status, 201);
  std::string c = std::to_string(cid);
  ExpectError(Post("/api/v1/org/units/" + c + ":deactivate", nullptr, Admin()), 409, "conflict");
  ASSERT_EQ(Post("/api/v1/org/units/" + Id(estate) + ":deactivate", nullptr, Admin()).status, 200);
  // The point is still active.
  ExpectError(Post("/api/v1/org/units/" + c + ":deactivate", nullptr, Admin()), 409, "conflict");
  ASSERT_EQ(Post("/api/v1/org/points/" + Id(point) + ":deactivate", nullptr, Admin()).status, 200);
  HttpResponse r = Post("/api/v1/org/units/" + c + ":deactivate", nullptr, Admin());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["active"], false);
}

TEST_P(OrgCrudTest, UnitLevelMustBeBelowTheParent) {
  // Skipping a level is fine: an estate directly under a town.
  HttpResponse r = CreateUnit(Unique("LV-E-"), "镇直属小区", "estate", UnitId("梨河镇"));
  EXPECT_EQ(r.status, 201) << r.body;
  // A town under a community is not.
  r = CreateUnit(Unique("LV-T-"), "倒挂镇", "town", UnitId("车站社区"));
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:below_parent"});
  // Nor a level equal to the parent's.
  r = CreateUnit(Unique("LV-C-"), "社区下社区", "community", UnitId("车站社区"));
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:below_parent"});
  r = CreateUnit(Unique("LV-CITY-"), "第二个市", "city", UnitId("新郑市"));
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:below_parent"});
  r = CreateUnit(Unique("LV-P-"), "省", "province", UnitId("新郑市"));
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:enum"});
  // Everything missing at once.
  r = Post("/api/v1/org/units", Json::object({{"dry", true}}), Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(SortedRules(r), (std::vector<std::string>{"code:required", "level:required", "name:required",
                                                      "parent_id:required"}));
  // An unknown parent.
  r = CreateUnit(Unique("LV-X-"), "无上级", "estate", 999999);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"parent_id:exists"});
}

TEST_P(OrgCrudTest, DuplicateUnitCodeIsRefused) {
  HttpResponse r = CreateUnit("410184108000", "第二个梨河镇", "town", UnitId("新郑市"));
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"code:unique"});
  // Renaming to another unit's code is refused too; keeping one's own is fine.
  std::string id = std::to_string(UnitId("梨河村"));
  r = Patch("/api/v1/org/units/" + id, {{"code", "410184108000"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"code:unique"});
  std::string own = UnitByName("梨河村")["code"];
  r = Patch("/api/v1/org/units/" + id, {{"code", own}, {"name", "梨河村"}}, Admin());
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_P(OrgCrudTest, DivisionCodesAreValidated) {
  int64_t city = UnitId("新郑市");
  // Six or twelve digits must be a real division code (99 is no province).
  HttpResponse r = CreateUnit("990000", "无效六位", "town", city);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"code:division_code"});
  r = CreateUnit("999999999999", "无效十二位", "town", city);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"code:division_code"});
  r = CreateUnit("has space", "格式", "town", city);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"code:format"});
  // A valid twelve-digit code, and a short code of another length, are accepted.
  r = CreateUnit("410184109000", "新设镇", "town", city);
  EXPECT_EQ(r.status, 201) << r.body;
  r = CreateUnit("12345", "五位代码小区", "estate", UnitId("后胡村"));
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(OrgCrudTest, PointLifecycle) {
  int64_t unit = UnitId("小乔村");
  HttpResponse r = Post("/api/v1/org/points",
                        {{"name", "小乔村南口"}, {"kind", "community_gate"}, {"unit_id", unit}, {"place", "村南路口"},
                         {"lat", 34.31}, {"lng", 113.75}},
                        Admin());
  ASSERT_EQ(r.status, 201) << r.body;
  Json p = r.Json();
  EXPECT_EQ(p["unit_id"], unit);
  EXPECT_EQ(p["unit_name"], "小乔村");
  EXPECT_EQ(p["kind"], "community_gate");
  EXPECT_DOUBLE_EQ(p["lat"].get<double>(), 34.31);
  EXPECT_DOUBLE_EQ(p["lng"].get<double>(), 113.75);
  std::string id = Id(r);
  EXPECT_EQ(Get("/api/v1/org/points/" + id, Admin()).Json(), p);

  r = Patch("/api/v1/org/points/" + id, {{"place", "村南路口东侧"}, {"kind", "checkpoint"}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["place"], "村南路口东侧");
  EXPECT_EQ(r.Json()["kind"], "checkpoint");
  EXPECT_EQ(r.Json()["name"], "小乔村南口") << "fields not sent stay";
  EXPECT_DOUBLE_EQ(r.Json()["lat"].get<double>(), 34.31);

  r = Post("/api/v1/org/points/" + id + ":deactivate", nullptr, Admin());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["active"], false);
  EXPECT_EQ(Get("/api/v1/org/points/" + id, Admin()).Json()["active"], false);

  // Coordinates come in pairs and in range.
  r = Post("/api/v1/org/points", {{"name", Unique("半个坐标")}, {"kind", "station"}, {"unit_id", unit}, {"lat", 34.0}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"lng:required"});
  r = Post("/api/v1/org/points",
           {{"name", Unique("越界坐标")}, {"kind", "station"}, {"unit_id", unit}, {"lat", 91.0}, {"lng", 181.0}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(SortedRules(r), (std::vector<std::string>{"lat:range", "lng:range"}));
  r = Post("/api/v1/org/points", {{"name", std::string(101, 'a')}, {"kind", "station"}, {"unit_id", unit}},
           Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"name:length"});
}

TEST_P(OrgCrudTest, PointNameIsUniquePerUnit) {
  int64_t a = UnitId("后胡村"), b = UnitId("岗李村");
  std::string name = Unique("同名卡点");
  HttpResponse first = Post("/api/v1/org/points", {{"name", name}, {"kind", "checkpoint"}, {"unit_id", a}}, Admin());
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResponse r = Post("/api/v1/org/points", {{"name", name}, {"kind", "station"}, {"unit_id", a}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"name:unique"});
  HttpResponse other = Post("/api/v1/org/points", {{"name", name}, {"kind", "checkpoint"}, {"unit_id", b}}, Admin());
  ASSERT_EQ(other.status, 201) << other.body << " the same name in another unit is fine";
  // Moving the other one into the first unit would clash.
  r = Patch("/api/v1/org/points/" + Id(other), {{"unit_id", a}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"name:unique"});
  // Saving a point under its own name is no clash.
  r = Patch("/api/v1/org/points/" + Id(first), {{"name", name}}, Admin());
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_P(OrgCrudTest, StaffLifecycle) {
  int64_t unit = UnitId("梨河村");
  HttpResponse r = Post("/api/v1/org/staff", {{"name", "新队员"}, {"phone", "138 0371 9999"}, {"unit_id", unit}}, Admin());
  ASSERT_EQ(r.status, 201) << r.body;
  Json s = r.Json();
  EXPECT_EQ(s["name"], "新队员");
  EXPECT_EQ(s["phone_masked"], "138****9999");
  EXPECT_EQ(s["cadre_category"], "other");
  EXPECT_EQ(s["party_member"], false);
  EXPECT_EQ(s["unit_name"], "梨河村");
  std::string id = Id(r);
  EXPECT_EQ(Get("/api/v1/org/staff/" + id, Admin()).Json(), s);

  r = Patch("/api/v1/org/staff/" + id,
            {{"cadre_category", "first_secretary"}, {"party_member", true}, {"duty", "第一书记"}, {"unit_code", "410184108002"}},
            Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["cadre_category"], "first_secretary");
  EXPECT_EQ(r.Json()["party_member"], true);
  EXPECT_EQ(r.Json()["duty"], "第一书记");
  EXPECT_EQ(r.Json()["unit_name"], "梨河村") << "410184108002 is 梨河村's code";
  EXPECT_EQ(r.Json()["phone_masked"], "138****9999");

  r = Patch("/api/v1/org/staff/" + id, {{"phone", "not a phone"}, {"cadre_category", "boss"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(SortedRules(r), (std::vector<std::string>{"cadre_category:enum", "phone:format"}));
  EXPECT_EQ(Get("/api/v1/org/staff/" + id, Admin()).Json()["cadre_category"], "first_secretary") << "a refused patch changes nothing";

  r = Post("/api/v1/org/staff/" + id + ":deactivate", nullptr, Admin());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["active"], false);
}

TEST_P(OrgCrudTest, CursorPagingVisitsEveryStaffRowOnce) {
  const Session& admin = Admin();
  Json all = ListAll("/api/v1/org/staff", admin, 500);
  ASSERT_GE(all.size(), 30u);
  std::vector<int64_t> expected;
  for (const auto& s : all) expected.push_back(s["id"].get<int64_t>());

  std::vector<int64_t> seen;
  std::string token;
  int pages = 0;
  bool inserted = false;
  int64_t inserted_id = 0;
  for (;;) {
    std::string target = "/api/v1/org/staff?page_size=7" + (token.empty() ? "" : "&page_token=" + UrlEncode(token));
    HttpResponse r = Get(target, admin);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    ++pages;
    EXPECT_LE(j["items"].size(), 7u);
    for (const auto& s : j["items"]) seen.push_back(s["id"].get<int64_t>());
    if (!inserted) {
      // An insert between pages neither repeats nor hides rows: it appears at the end.
      HttpResponse c = Post("/api/v1/org/staff", {{"name", "翻页中新增"}, {"phone", "13700000077"}, {"unit_id", UnitId("新郑市")}}, admin);
      ASSERT_EQ(c.status, 201);
      inserted_id = c.Json()["id"].get<int64_t>();
      expected.push_back(inserted_id);
      inserted = true;
    }
    if (j["next_page_token"].is_null()) break;
    token = j["next_page_token"].get<std::string>();
    ASSERT_LT(pages, 100);
  }
  EXPECT_EQ(seen, expected) << "every row exactly once, in id order";
  EXPECT_GE(pages, static_cast<int>((expected.size() + 6) / 7));
  std::set<int64_t> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
}

TEST_P(OrgCrudTest, StaffFilters) {
  const Session& admin = Admin();
  Json volunteers = ListAll("/api/v1/org/staff?cadre_category=volunteer", admin);
  ASSERT_FALSE(volunteers.empty());
  for (const auto& s : volunteers) EXPECT_EQ(s["cadre_category"], "volunteer");
  std::set<std::string> volunteer_names;
  for (const auto& s : volunteers) volunteer_names.insert(s["name"].get<std::string>());
  EXPECT_EQ(volunteer_names, (std::set<std::string>{"黄磊", "郑丽", "朱琳", "宋佳", "唐亮"}));

  Json non_party = ListAll("/api/v1/org/staff?party_member=false", admin);
  ASSERT_FALSE(non_party.empty());
  for (const auto& s : non_party) EXPECT_EQ(s["party_member"], false);
  Json party = ListAll("/api/v1/org/staff?party_member=true", admin);
  for (const auto& s : party) EXPECT_EQ(s["party_member"], true);
  EXPECT_EQ(party.size() + non_party.size(), ListAll("/api/v1/org/staff", admin).size());

  Json secretaries = ListAll("/api/v1/org/staff?q=" + UrlEncode("书记"), admin);
  ASSERT_GE(secretaries.size(), 5u);
  for (const auto& s : secretaries)
    EXPECT_TRUE(s["name"].get<std::string>().find("书记") != std::string::npos ||
                s["duty"].get<std::string>().find("书记") != std::string::npos)
        << s.dump();

  // unit_id is the whole subtree: the town's own staff and its villages'.
  std::set<std::string> names;
  for (const auto& s : ListAll("/api/v1/org/staff?unit_id=" + std::to_string(UnitId("沙窝李村")), admin))
    names.insert(s["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"梁勇", "宋佳", "唐亮"}));
  names.clear();
  for (const auto& s : ListAll("/api/v1/org/staff?unit_id=" + std::to_string(UnitId("城关乡")), admin))
    names.insert(s["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"梁勇", "宋佳", "唐亮"})) << "城关乡 has only 沙窝李村's staff";

  // active=false finds a deactivated person and only inactive ones.
  HttpResponse c = Post("/api/v1/org/staff", {{"name", "将停用"}, {"phone", "13700000088"}, {"unit_id", UnitId("八千村")}}, admin);
  ASSERT_EQ(c.status, 201);
  ASSERT_EQ(Post("/api/v1/org/staff/" + Id(c) + ":deactivate", nullptr, admin).status, 200);
  Json inactive = ListAll("/api/v1/org/staff?active=false", admin);
  ASSERT_FALSE(inactive.empty());
  for (const auto& s : inactive) EXPECT_EQ(s["active"], false);
  EXPECT_TRUE(std::any_of(inactive.begin(), inactive.end(), [&](const Json& s) { return s["name"] == "将停用"; }));
  Json active = ListAll("/api/v1/org/staff?active=true&unit_id=" + std::to_string(UnitId("八千村")), admin);
  EXPECT_TRUE(std::none_of(active.begin(), active.end(), [&](const Json& s) { return s["name"] == "将停用"; }));

  // Filters combine.
  Json combo = ListAll("/api/v1/org/staff?party_member=false&active=true&unit_id=" + std::to_string(UnitId("梨河镇")), admin);
  ASSERT_EQ(combo.size(), 1u);
  EXPECT_EQ(combo[0]["name"], "黄磊");
}

TEST_P(OrgCrudTest, PointAndUnitFilters) {
  const Session& admin = Admin();
  Json stations = ListAll("/api/v1/org/points?kind=station", admin);
  ASSERT_GE(stations.size(), 4u);
  for (const auto& p : stations) EXPECT_EQ(p["kind"], "station");

  Json highway = ListAll("/api/v1/org/points?q=" + UrlEncode("高速"), admin);
  ASSERT_GE(highway.size(), 3u);
  for (const auto& p : highway)
    EXPECT_TRUE(p["name"].get<std::string>().find("高速") != std::string::npos ||
                p["place"].get<std::string>().find("高速") != std::string::npos);

  std::set<std::string> longhu;
  for (const auto& p : ListAll("/api/v1/org/points?unit_id=" + std::to_string(UnitId("龙湖镇")), admin))
    longhu.insert(p["name"].get<std::string>());
  EXPECT_EQ(longhu, (std::set<std::string>{"郑新快速路龙湖卡口", "地铁城郊线双湖大道站口", "龙湖派出所防疫卡点", "泰山村卡点"}));

  // Units: parent_id lists the direct children, level and q filter.
  int64_t lihe = UnitId("梨河镇");
  Json children = ListAll("/api/v1/org/units?parent_id=" + std::to_string(lihe), admin);
  std::set<std::string> names;
  for (const auto& u : children) {
    EXPECT_EQ(u["parent_id"], lihe);
    names.insert(u["name"].get<std::string>());
  }
  for (const char* v : {"岗李村", "梨河村", "小乔村", "后胡村"}) EXPECT_TRUE(names.count(v)) << v;
  Json towns = ListAll("/api/v1/org/units?level=town", admin);
  EXPECT_GE(towns.size(), 14u);
  for (const auto& u : towns) EXPECT_EQ(u["level"], "town");
  Json by_code = ListAll("/api/v1/org/units?q=410184108", admin);
  names.clear();
  for (const auto& u : by_code) names.insert(u["name"].get<std::string>());
  for (const char* v : {"梨河镇", "岗李村", "梨河村", "小乔村", "后胡村"}) EXPECT_TRUE(names.count(v)) << v;
  EXPECT_FALSE(names.count("薛店镇"));
}

FK_INSTANTIATE_BACKENDS(OrgCrudTest);

}  // namespace
}  // namespace fk::apitest
