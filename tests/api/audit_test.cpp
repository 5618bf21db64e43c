// The audit log: every write leaves who, when, what, before and after; the
// list filters by entity, user and time, and a scoped auditor sees only the
// actions of users in their subtree.
#include <set>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class AuditTest : public ApiTest {
 protected:
  Json AuditOf(const std::string& entity, const std::string& id) {
    HttpResponse r = Get("/api/v1/audit?entity=" + entity + "&entity_id=" + id, Admin());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }
};

std::vector<std::string> Actions(const Json& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i["action"].get<std::string>());
  return out;
}

TEST_P(AuditTest, UpdateRecordsBeforeAndAfter) {
  const Session& admin = Admin();
  HttpResponse c = Post("/api/v1/org/points",
                        {{"name", Unique("审计卡点")}, {"kind", "checkpoint"}, {"unit_id", UnitId("辛店村")}, {"place", "旧址"}},
                        admin);
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = std::to_string(c.Json()["id"].get<int64_t>());
  clock().Advance(5000);
  ASSERT_EQ(Patch("/api/v1/org/points/" + id, {{"place", "新址"}}, admin).status, 200);

  Json items = AuditOf("point", id);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Actions(items), (std::vector<std::string>{"update", "create"})) << "newest first";
  const Json& update = items[0];
  EXPECT_EQ(update["entity"], "point");
  EXPECT_EQ(update["entity_id"], id);
  EXPECT_EQ(update["user_id"], admin.user_id);
  EXPECT_EQ(update["username"], "admin");
  EXPECT_EQ(update["at"], FormatRfc3339(clock().NowMs()));
  EXPECT_EQ(update["ip"], "127.0.0.1");
  ASSERT_TRUE(update["before"].is_object()) << update.dump();
  ASSERT_TRUE(update["after"].is_object()) << update.dump();
  EXPECT_EQ(update["before"]["place"], "旧址");
  EXPECT_EQ(update["after"]["place"], "新址");
  EXPECT_EQ(update["before"]["name"], update["after"]["name"]);
  const Json& create = items[1];
  EXPECT_TRUE(create["before"].is_null());
  EXPECT_EQ(create["after"]["place"], "旧址");
  EXPECT_EQ(create["at"], FormatRfc3339(clock().NowMs() - 5000));
}

TEST_P(AuditTest, TheRequestIdLinksTheRecordToTheRequest) {
  HttpResponse c = Call("POST", "/api/v1/org/staff",
                        Json{{"name", "请求号"}, {"phone", "13600000001"}, {"unit_id", UnitId("辛店村")}}.dump(), &Admin(),
                        Via::kBearer, {{"X-Request-Id", "audit-trace-42"}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.Header("x-request-id"), "audit-trace-42");
  Json items = AuditOf("staff", std::to_string(c.Json()["id"].get<int64_t>()));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["request_id"], "audit-trace-42");
}

TEST_P(AuditTest, EveryWriteIsAudited) {
  const Session& admin = Admin();
  // Units.
  HttpResponse u = Post("/api/v1/org/units",
                        {{"code", Unique("AUD-U-")}, {"name", "审计小区"}, {"level", "estate"}, {"parent_id", UnitId("东赵村")}},
                        admin);
  ASSERT_EQ(u.status, 201);
  std::string uid = std::to_string(u.Json()["id"].get<int64_t>());
  ASSERT_EQ(Patch("/api/v1/org/units/" + uid, {{"name", "审计小区改"}}, admin).status, 200);
  ASSERT_EQ(Post("/api/v1/org/units/" + uid + ":deactivate", nullptr, admin).status, 200);
  Json items = AuditOf("unit", uid);
  EXPECT_EQ(Actions(items), (std::vector<std::string>{"deactivate", "update", "create"}));
  EXPECT_EQ(items[0]["before"]["active"], true);
  EXPECT_EQ(items[0]["after"]["active"], false);
  EXPECT_EQ(items[1]["before"]["name"], "审计小区");
  EXPECT_EQ(items[1]["after"]["name"], "审计小区改");

  // Staff.
  HttpResponse s = Post("/api/v1/org/staff", {{"name", "审计人员"}, {"phone", "13600000002"}, {"unit_id", UnitId("东赵村")}}, admin);
  ASSERT_EQ(s.status, 201);
  std::string sid = std::to_string(s.Json()["id"].get<int64_t>());
  ASSERT_EQ(Patch("/api/v1/org/staff/" + sid, {{"duty", "消毒"}}, admin).status, 200);
  ASSERT_EQ(Post("/api/v1/org/staff/" + sid + ":deactivate", nullptr, admin).status, 200);
  EXPECT_EQ(Actions(AuditOf("staff", sid)), (std::vector<std::string>{"deactivate", "update", "create"}));

  // Users and sessions.
  std::string name = Unique("audited");
  int64_t user_id = CreateUser(name, "viewer", UnitId("东赵村"));
  std::string id = std::to_string(user_id);
  ASSERT_EQ(Patch("/api/v1/users/" + id, {{"display_name", "改名"}}, admin).status, 200);
  ExpectError(TryLogin(name, "Wrong-pass-123"), 401, "unauthenticated");
  Session session = Login(name);
  ASSERT_EQ(Post("/api/v1/auth/logout", nullptr, session).status, 204);
  Json user_items = AuditOf("user", id);
  EXPECT_EQ(Actions(user_items), (std::vector<std::string>{"login_failed", "update", "create"}));
  EXPECT_EQ(user_items[1]["before"]["display_name"], "测试用户 " + name);
  EXPECT_EQ(user_items[1]["after"]["display_name"], "改名");
  EXPECT_EQ(user_items[0]["user_id"], user_id) << "a failed sign-in is recorded against the account";
  // The audit of a user never carries a password or its hash.
  for (const auto& i : user_items) {
    EXPECT_EQ(i.dump().find("password"), std::string::npos) << i.dump();
    EXPECT_EQ(i.dump().find(kPassword), std::string::npos) << i.dump();
  }
  HttpResponse sessions = Get("/api/v1/audit?entity=session&user_id=" + id, admin);
  EXPECT_EQ(Actions(sessions.Json()["items"]), (std::vector<std::string>{"logout", "login"}));
}

TEST_P(AuditTest, FiltersByEntityUserAndTime) {
  int64_t unit = UnitId("人和寨村");
  // Day 1: the administrator creates a point; two days later the commander changes it.
  // (Sessions last an hour: each actor signs in when it acts.)
  clock().Advance(24LL * 3600 * 1000);
  int64_t day1 = clock().NowMs();
  Session creator = Login("admin");
  HttpResponse c = Post("/api/v1/org/points", {{"name", Unique("时间卡点")}, {"kind", "checkpoint"}, {"unit_id", unit}}, creator);
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = std::to_string(c.Json()["id"].get<int64_t>());
  clock().Advance(2LL * 24 * 3600 * 1000);
  int64_t day3 = clock().NowMs();
  Session commander = Login("commander");
  ASSERT_EQ(Patch("/api/v1/org/points/" + id, {{"place", "两天后"}}, commander).status, 200);
  Session admin = Login("admin");

  std::string base = "/api/v1/audit?entity=point&entity_id=" + id;
  auto actions = [&](const std::string& extra) {
    HttpResponse r = Get(base + extra, admin);
    EXPECT_EQ(r.status, 200) << r.body;
    return Actions(r.Json()["items"]);
  };
  EXPECT_EQ(actions(""), (std::vector<std::string>{"update", "create"}));
  EXPECT_EQ(actions("&user_id=" + std::to_string(commander.user_id)), std::vector<std::string>{"update"});
  EXPECT_EQ(actions("&user_id=" + std::to_string(admin.user_id)), std::vector<std::string>{"create"});
  EXPECT_EQ(actions("&action=create"), std::vector<std::string>{"create"});
  // Times: RFC 3339, [from, to).
  EXPECT_EQ(actions("&from=" + UrlEncode(FormatRfc3339(day3))), std::vector<std::string>{"update"});
  EXPECT_EQ(actions("&to=" + UrlEncode(FormatRfc3339(day3))), std::vector<std::string>{"create"});
  EXPECT_EQ(actions("&from=" + UrlEncode(FormatRfc3339(day1)) + "&to=" + UrlEncode(FormatRfc3339(day1 + 1))),
            std::vector<std::string>{"create"});
  EXPECT_TRUE(actions("&from=" + UrlEncode(FormatRfc3339(day3 + 1))).empty());
  // Days are the city's local days (UTC+8).
  std::string local_day3 = LocalDay(day3, 480);
  EXPECT_EQ(actions("&from=" + local_day3), std::vector<std::string>{"update"});
  EXPECT_EQ(actions("&to=" + local_day3), std::vector<std::string>{"create"});
  // Other entities do not mix in.
  HttpResponse r = Get("/api/v1/audit?entity=staff&entity_id=" + id, admin);
  Json staff_items = r.Json()["items"];
  for (const auto& i : staff_items) EXPECT_EQ(i["entity"], "staff");
  // A malformed time is a 400 naming the parameter.
  r = Get("/api/v1/audit?from=yesterday", admin);
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"from:format"});
  ExpectError(Get("/api/v1/audit?user_id=abc", admin), 400, "bad_request");
}

TEST_P(AuditTest, PagesNewestFirst) {
  const Session& admin = Admin();
  HttpResponse first = Get("/api/v1/audit?page_size=3", admin);
  ASSERT_EQ(first.status, 200);
  Json a = first.Json();
  ASSERT_EQ(a["items"].size(), 3u);
  ASSERT_TRUE(a["next_page_token"].is_string());
  HttpResponse second = Get("/api/v1/audit?page_size=3&page_token=" + a["next_page_token"].get<std::string>(), admin);
  Json b = second.Json();
  ASSERT_FALSE(b["items"].empty());
  std::vector<int64_t> ids;
  for (const auto& i : a["items"]) ids.push_back(i["id"].get<int64_t>());
  for (const auto& i : b["items"]) ids.push_back(i["id"].get<int64_t>());
  for (size_t i = 1; i < ids.size(); ++i) EXPECT_GT(ids[i - 1], ids[i]) << "strictly newest first, no repeats";
}

TEST_P(AuditTest, TownLevelAuditorSeesOnlyItsSubtreesUsers) {
  // The demo has no town-level role with audit:log:read; a commander of 梨河镇 has it.
  std::string name = Unique("lihe-auditor");
  CreateUser(name, "commander", UnitId("梨河镇"));
  Session auditor = Login(name);
  Session checkpoint = Login("checkpoint");  // 梨河镇: its sign-in is in the auditor's view
  Session community = Login("community");    // 新烟街道: not
  ASSERT_EQ(Post("/api/v1/org/points", {{"name", Unique("市级操作")}, {"kind", "checkpoint"}, {"unit_id", UnitId("岗李村")}},
                 Admin())
                .status,
            201);

  std::set<int64_t> lihe_users = {auditor.user_id, checkpoint.user_id};
  Json items = ListAll("/api/v1/audit", auditor);
  ASSERT_FALSE(items.empty());
  bool saw_checkpoint_login = false;
  for (const auto& i : items) {
    ASSERT_TRUE(i["user_id"].is_number()) << "system actions are outside a town's view: " << i.dump();
    EXPECT_TRUE(lihe_users.count(i["user_id"].get<int64_t>())) << i.dump();
    if (i["user_id"] == checkpoint.user_id && i["action"] == "login") saw_checkpoint_login = true;
  }
  EXPECT_TRUE(saw_checkpoint_login);
  // Asking for someone outside the subtree finds nothing.
  EXPECT_TRUE(ListAll("/api/v1/audit?user_id=" + std::to_string(Admin().user_id), auditor).empty());
  EXPECT_TRUE(ListAll("/api/v1/audit?user_id=" + std::to_string(community.user_id), auditor).empty());

  // The city-level organisation department sees everyone, system actions included.
  Session organisation = Login("organisation");
  Json all = ListAll("/api/v1/audit?user_id=" + std::to_string(Admin().user_id), organisation);
  EXPECT_FALSE(all.empty());
  HttpResponse demo = Get("/api/v1/audit?entity=unit&action=create&page_size=500", organisation);
  bool saw_system = false;
  Json demo_items = demo.Json()["items"];
  for (const auto& i : demo_items)
    if (i["user_id"].is_null() && i["username"] == "demo") saw_system = true;
  EXPECT_TRUE(saw_system) << "the demo loader's records";
}

FK_INSTANTIATE_BACKENDS(AuditTest);

// A city configured at UTC+0 (city.tz_offset_minutes = 0).
class AuditTimeZoneTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override { return {.tz_offset_minutes = 0}; }
};

// Day filters use city.tz_offset_minutes: a record made at 2020-02-12T20:00Z
// belongs to local day 2020-02-12 in a UTC+0 city, so from=2020-02-13 excludes it.
TEST_P(AuditTimeZoneTest, DayFiltersUseTheConfiguredOffset) {
  int64_t unit = UnitId("人和寨村");
  clock().Set(kStartMs - 28LL * 3600 * 1000);  // 2020-02-12T20:00Z: 12 Feb at UTC+0, 13 Feb at UTC+8
  Session admin = Login("admin");
  HttpResponse c = Post("/api/v1/org/points", {{"name", "时区卡点"}, {"kind", "checkpoint"}, {"unit_id", unit}}, admin);
  ASSERT_EQ(c.status, 201) << c.body;
  std::string base = "/api/v1/audit?entity=point&entity_id=" + std::to_string(c.Json()["id"].get<int64_t>());
  EXPECT_TRUE(Get(base + "&from=2020-02-13", admin).Json()["items"].empty()) << "made on 12 Feb, local time";
  EXPECT_EQ(Get(base + "&from=2020-02-12&to=2020-02-13", admin).Json()["items"].size(), 1u);
}

FK_INSTANTIATE_BACKENDS(AuditTimeZoneTest);

}  // namespace
}  // namespace fk::apitest
