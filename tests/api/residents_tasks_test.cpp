// Estate daily tasks over HTTP: the grid of task units × tasks (estates, and
// communities without estates), marks (who and when, idempotent by
// client_key, undo on the day), the not-done list by town and estate,
// templates (inherited, added, deactivated), refusals (403 / 404 / 422 that
// write nothing), and the community_daily rollup (tasks_due / tasks_done)
// equal to a recount after every test; a corrupted rollup row is reported.
//
// The fixture's clock stands at 2020-02-14T00:00:00Z (08:00 local): today is
// 2020-02-14. The suite shares one server: each test marks its own units.
#include <set>
#include <thread>

#include "api/api_fixture.h"
#include "core/ids.h"
#include "residents/daily.h"
#include "residents/tasks/service.h"

namespace fk::apitest {
namespace {

constexpr const char* kToday = "2020-02-14";
constexpr const char* kYesterday = "2020-02-13";

class EstateTaskTest : public ApiTest {
 protected:
  void TearDown() override {
    if (IsSkipped() || HasFatalFailure()) return ApiTest::TearDown();  // no server (postgres without FK_TEST_PG_URL)
    // The rollup equals a recount of the task rows after every test.
    auto diffs = server().app().db().Read([](store::Connection& c) {
      return residents::VerifyDaily(c, {residents::tasks::RecountTasks},
                                    {residents::Daily::kTasksDue, residents::Daily::kTasksDone});
    });
    EXPECT_TRUE(diffs.empty()) << diffs.front();
    ApiTest::TearDown();
  }

  Json Grid(const Session& s, const std::string& day, int64_t unit_id) {
    auto r = Get("/api/v1/residents/estate-tasks/days/" + day + "?unit_id=" + std::to_string(unit_id), s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  // The template id of a city-wide default task by name.
  int64_t TemplateId(const std::string& name) {
    auto r = Get("/api/v1/residents/estate-tasks/templates", Admin());
    Json items = r.Json()["items"];
    for (const auto& t : items)
      if (t["name"] == name) return t["id"].get<int64_t>();
    ADD_FAILURE() << "no template " << name << ": " << r.body;
    return 0;
  }
  // (tasks_due, tasks_done) of a unit-day from the figures API.
  std::pair<int64_t, int64_t> Rollup(int64_t unit_id, const std::string& day) {
    auto r =
        Get("/api/v1/residents/figures?unit_id=" + std::to_string(unit_id) + "&from=" + day + "&to=" + day, Admin());
    EXPECT_EQ(r.status, 200) << r.body;
    Json d = r.Json()["days"][0];
    return {d["tasks_due"].get<int64_t>(), d["tasks_done"].get<int64_t>()};
  }
  Json TaskOf(const Json& grid, int64_t unit_id, int64_t template_id) {
    for (const auto& row : grid["rows"])
      if (row["unit_id"] == unit_id)
        for (const auto& t : row["tasks"])
          if (t["template_id"] == template_id) return t;
    return Json();
  }
};

TEST_P(EstateTaskTest, GridHasEstatesAndCommunitiesWithoutEstatesWithTheCityDefaults) {
  Session community = Login("community");  // 新烟街道
  Json g = Grid(community, kToday, UnitId("新烟街道"));
  EXPECT_EQ(g["day"], kToday);
  EXPECT_TRUE(g["editable"].get<bool>());
  std::set<std::string> names;
  for (const auto& row : g["rows"]) {
    names.insert(row["unit_name"].get<std::string>());
    EXPECT_EQ(row["town_name"], "新烟街道");
    EXPECT_GE(row["tasks"].size(), 3u);
  }
  // 车站社区 has an estate (铁路家属院): the estate gets the tasks, not the community.
  EXPECT_EQ(names, (std::set<std::string>{"铁路家属院", "永宁街社区", "解放路社区", "烟厂社区"}));
  std::set<std::string> defaults;
  for (const auto& t : g["templates"]) defaults.insert(t["name"].get<std::string>());
  EXPECT_TRUE(defaults.count("公共区域消毒") && defaults.count("废弃口罩收集点清运") && defaults.count("电梯按键覆膜"));
  // Each due task is counted once in community_daily, however often the day is read.
  Grid(community, kToday, UnitId("新烟街道"));
  auto [due, done] = Rollup(UnitId("铁路家属院"), kToday);
  EXPECT_EQ(due, 3);
  EXPECT_EQ(done, 0);
  // A past day is materialised on first look with the templates of that day; the future is refused.
  Json past = Grid(community, "2020-02-10", UnitId("永宁街社区"));
  EXPECT_FALSE(past["editable"].get<bool>());
  EXPECT_EQ(past["rows"].size(), 1u);
  auto r = Get("/api/v1/residents/estate-tasks/days/2020-02-15", community);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"day:future"});
  r = Get("/api/v1/residents/estate-tasks/days/2020-2-1", community);
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"day:format"});
}

TEST_P(EstateTaskTest, MarkIsIdempotentShowsWhoAndWhenAndUndoesOnTheDay) {
  Session community = Login("community");
  int64_t unit = UnitId("永宁街社区"), tmpl = TemplateId("公共区域消毒");
  std::string key = NewUuidV7();
  Json body = {{"client_key", key}, {"unit_id", unit},  {"template_id", tmpl},
               {"day", kToday},     {"status", "done"}, {"note", "上午9点完成"}};
  auto first = Post("/api/v1/residents/estate-tasks:mark", body, community);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json()["task"]["status"], "done");
  EXPECT_EQ(first.Json()["task"]["marked_by_name"], community.user["display_name"]);
  EXPECT_EQ(first.Json()["task"]["marked_at"], "2020-02-14T00:00:00.000Z");
  clock().Advance(60000);
  auto replay = Post("/api/v1/residents/estate-tasks:mark", body, community);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.Json(), first.Json());
  EXPECT_EQ(Rollup(unit, kToday).second, 1);

  Json t = TaskOf(Grid(Admin(), kToday, unit), unit, tmpl);
  EXPECT_EQ(t["status"], "done");
  EXPECT_EQ(t["note"], "上午9点完成");
  EXPECT_EQ(t["marked_at"], "2020-02-14T00:00:00.000Z");

  // Not done, then undo: back to pending and out of tasks_done.
  auto nd =
      Post("/api/v1/residents/estate-tasks:mark",
           {{"unit_id", unit}, {"template_id", tmpl}, {"day", kToday}, {"status", "not_done"}, {"note", "消毒液用完"}},
           community);
  ASSERT_EQ(nd.status, 201) << nd.body;
  EXPECT_EQ(Rollup(unit, kToday).second, 0);
  std::string undo_key = NewUuidV7();
  Json undo = {{"client_key", undo_key}, {"unit_id", unit}, {"template_id", tmpl}, {"day", kToday}};
  auto u = Post("/api/v1/residents/estate-tasks:undo", undo, community);
  ASSERT_EQ(u.status, 201) << u.body;
  EXPECT_EQ(u.Json()["task"]["status"], "pending");
  EXPECT_EQ(Post("/api/v1/residents/estate-tasks:undo", undo, community).status, 200);
  ExpectError(Post("/api/v1/residents/estate-tasks:undo", {{"unit_id", unit}, {"template_id", tmpl}, {"day", kToday}},
                   community),
              409, "conflict");
  // The first mark's key replays its first answer and changes nothing.
  EXPECT_EQ(Post("/api/v1/residents/estate-tasks:mark", body, community).Json(), first.Json());
  EXPECT_EQ(TaskOf(Grid(Admin(), kToday, unit), unit, tmpl)["status"], "pending");
  EXPECT_EQ(Rollup(unit, kToday).second, 0);

  // A phone that synced late may still mark yesterday; undo is for the day itself.
  auto late = Post(
      "/api/v1/residents/estate-tasks:mark",
      {{"client_key", NewUuidV7()}, {"unit_id", unit}, {"template_id", tmpl}, {"day", kYesterday}, {"status", "done"}},
      community);
  EXPECT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(Rollup(unit, kYesterday), (std::pair<int64_t, int64_t>{3, 1}));
  auto r = Post("/api/v1/residents/estate-tasks:undo", {{"unit_id", unit}, {"template_id", tmpl}, {"day", kYesterday}},
                community);
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"day:closed"});
}

TEST_P(EstateTaskTest, RefusalsWriteNothing) {
  Session community = Login("community"), viewer = Login("viewer"), volunteer = Login("volunteer");
  int64_t unit = UnitId("解放路社区"), tmpl = TemplateId("电梯按键覆膜");
  Grid(community, kToday, unit);
  auto before = Rollup(unit, kToday);
  Json ok = {{"unit_id", unit}, {"template_id", tmpl}, {"day", kToday}, {"status", "done"}};
  ExpectError(Post("/api/v1/residents/estate-tasks:mark", ok, viewer), 403, "forbidden");
  // 车站社区's volunteer: 解放路社区 is outside the subtree.
  ExpectError(Post("/api/v1/residents/estate-tasks:mark", ok, volunteer), 404, "not_found");
  ExpectError(Get("/api/v1/residents/estate-tasks/days/2020-02-14?unit_id=" + std::to_string(unit), volunteer), 404,
              "not_found");
  ExpectError(Get("/api/v1/residents/estate-tasks:undone?unit_id=" + std::to_string(UnitId("岗李村")), community), 404,
              "not_found");
  // Every broken field at once.
  auto r = Post("/api/v1/residents/estate-tasks:mark",
                {{"client_key", "nope"}, {"unit_id", "x"}, {"status", "finished"}}, community);
  ExpectError(r, 422, "validation_failed");
  auto rules = FieldRules(r);
  for (const char* want : {"status:enum", "unit_id:type", "template_id:required", "day:required", "client_key:format"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << r.body;
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "unit_id:required"), 0) << r.body;  // the type error is enough
  // A community with an estate has no tasks of its own; a future day; a day too old.
  Json bad = ok;
  bad["unit_id"] = UnitId("车站社区");
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks:mark", bad, community)),
            std::vector<std::string>{"unit_id:not_task_unit"});
  bad = ok;
  bad["day"] = "2020-02-15";
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks:mark", bad, community)),
            std::vector<std::string>{"day:future"});
  bad["day"] = "2020-02-12";
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks:mark", bad, community)),
            std::vector<std::string>{"day:closed"});
  bad = ok;
  bad["template_id"] = 999999;
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks:mark", bad, community)),
            std::vector<std::string>{"template_id:not_found"});
  EXPECT_EQ(Rollup(unit, kToday), before);
  EXPECT_EQ(TaskOf(Grid(Admin(), kToday, unit), unit, tmpl)["status"], "pending");
}

TEST_P(EstateTaskTest, UndoneListGroupsByTownAndDropsDoneEstates) {
  Session community = Login("community"), commander = Login("commander");
  int64_t unit = UnitId("烟厂社区");
  Json g = Grid(community, kToday, unit);
  ASSERT_EQ(g["rows"].size(), 1u);
  auto has = [&](const Json& undone, const std::string& estate) {
    for (const auto& t : undone["towns"])
      for (const auto& e : t["estates"])
        if (e["unit_name"] == estate) return true;
    return false;
  };
  auto r = Get("/api/v1/residents/estate-tasks:undone?day=2020-02-14", commander);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r.Json(), "烟厂社区"));
  EXPECT_GT(r.Json()["undone"].get<int64_t>(), 0);
  Json towns = r.Json()["towns"];
  for (const auto& t : towns) EXPECT_FALSE(t["town_name"].get<std::string>().empty());
  for (const auto& t : g["rows"][0]["tasks"]) {
    auto m = Post("/api/v1/residents/estate-tasks:mark",
                  {{"client_key", NewUuidV7()},
                   {"unit_id", unit},
                   {"template_id", t["template_id"]},
                   {"day", kToday},
                   {"status", "done"}},
                  community);
    ASSERT_EQ(m.status, 201) << m.body;
  }
  r = Get("/api/v1/residents/estate-tasks:undone?unit_id=" + std::to_string(UnitId("新烟街道")), commander);
  EXPECT_EQ(r.Json()["day"], kToday);
  EXPECT_FALSE(has(r.Json(), "烟厂社区"));
  EXPECT_TRUE(has(r.Json(), "铁路家属院"));
  EXPECT_GE(r.Json()["units_all_done"].get<int64_t>(), 1);
}

TEST_P(EstateTaskTest, TemplatesAreInheritedAddedAndDeactivated) {
  Session community = Login("community"), volunteer = Login("volunteer");
  int64_t tielu = UnitId("铁路家属院"), station = UnitId("车站社区");
  // The volunteer of 车站社区 adds a task for its estates: due today in 铁路家属院.
  auto r =
      Post("/api/v1/residents/estate-tasks/templates", {{"unit_id", station}, {"name", "快递外卖定点存放"}}, volunteer);
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["id"].get<int64_t>();
  EXPECT_EQ(r.Json()["created_day"], kToday);
  EXPECT_EQ(Grid(volunteer, kToday, tielu)["rows"][0]["tasks"].size(), 4u);
  EXPECT_EQ(Rollup(tielu, kToday).first, 4);
  // Refusals: a duplicate, a city-wide task from a town user, a unit outside, a city task edited by a town user.
  ExpectError(
      Post("/api/v1/residents/estate-tasks/templates", {{"unit_id", station}, {"name", "快递外卖定点存放"}}, community),
      422, "validation_failed");
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks/templates", {{"name", "全市任务"}}, community)),
            std::vector<std::string>{"unit_id:required"});
  EXPECT_EQ(FieldRules(Post("/api/v1/residents/estate-tasks/templates",
                            {{"unit_id", station}, {"name", ""}, {"sort_order", -1}}, community)),
            (std::vector<std::string>{"name:required", "sort_order:range"}));
  ExpectError(
      Post("/api/v1/residents/estate-tasks/templates", {{"unit_id", UnitId("岗李村")}, {"name", "x"}}, community), 404,
      "not_found");
  ExpectError(
      Post("/api/v1/residents/estate-tasks/templates/" + std::to_string(TemplateId("电梯按键覆膜")) + ":deactivate",
           Json(), community),
      403, "forbidden");
  ExpectError(Post("/api/v1/residents/estate-tasks/templates", {{"unit_id", station}, {"name", "x"}}, Login("viewer")),
              403, "forbidden");
  // Rename, then deactivate: today's row stays due, tomorrow has none.
  r = Patch("/api/v1/residents/estate-tasks/templates/" + std::to_string(id), {{"name", "快递外卖无接触存放"}},
            community);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["name"], "快递外卖无接触存放");
  r = Post("/api/v1/residents/estate-tasks/templates/" + std::to_string(id) + ":deactivate", Json(), community);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.Json()["active"].get<bool>());
  EXPECT_EQ(r.Json()["deactivated_day"], kToday);
  auto list =
      Get("/api/v1/residents/estate-tasks/templates?unit_id=" + std::to_string(tielu), volunteer).Json()["items"];
  for (const auto& t : list) EXPECT_NE(t["id"], id);
  list =
      Get("/api/v1/residents/estate-tasks/templates?include_inactive=true&unit_id=" + std::to_string(tielu), volunteer)
          .Json()["items"];
  EXPECT_TRUE(std::any_of(list.begin(), list.end(), [&](const Json& t) { return t["id"] == id; }));
  EXPECT_EQ(Grid(volunteer, kToday, tielu)["rows"][0]["tasks"].size(), 4u);
  clock().Advance(24LL * 3600 * 1000);
  volunteer = Login("volunteer");  // sessions last an hour
  EXPECT_EQ(Grid(volunteer, "2020-02-15", tielu)["rows"][0]["tasks"].size(), 3u);
  clock().Advance(-24LL * 3600 * 1000);
}

TEST_P(EstateTaskTest, ConcurrentMarksOfOneTaskKeepTheRollupExact) {
  // Eight phones tick the same task at once (done / not done alternately, and
  // two of them with one client key): tasks_done ends 0 or 1, as the row says.
  Session community = Login("community");
  int64_t unit = UnitId("解放路社区"), tmpl = TemplateId("废弃口罩收集点清运");
  std::string shared_key = NewUuidV7();
  std::vector<HttpResponse> answers(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i) {
    Json body = {{"client_key", i < 2 ? shared_key : NewUuidV7()},
                 {"unit_id", unit},
                 {"template_id", tmpl},
                 {"day", kToday},
                 {"status", i % 2 ? "not_done" : "done"}};
    threads.emplace_back(
        [&, i, body] { answers[i] = Call("POST", "/api/v1/residents/estate-tasks:mark", body.dump(), &community); });
  }
  for (auto& t : threads) t.join();
  for (const auto& a : answers)
    EXPECT_TRUE(a.status == 201 || a.status == 200 || a.status == 409) << a.status << a.body;
  std::string status = TaskOf(Grid(Admin(), kToday, unit), unit, tmpl)["status"];
  auto [due, done] = Rollup(unit, kToday);
  EXPECT_EQ(done, status == "done" ? 1 : 0) << status;
}

TEST_P(EstateTaskTest, VerifyDailyReportsACorruptedRollupRow) {
  int64_t unit = UnitId("永宁街社区");
  Grid(Admin(), kToday, unit);
  auto& db = server().app().db();
  auto verify = [&] {
    return db.Read([](store::Connection& c) {
      return residents::VerifyDaily(c, {residents::tasks::RecountTasks},
                                    {residents::Daily::kTasksDue, residents::Daily::kTasksDone});
    });
  };
  EXPECT_TRUE(verify().empty());
  db.Write([&](store::Connection& c) { residents::AddDaily(c, unit, kToday, {{residents::Daily::kTasksDone, 5}}); });
  auto diffs = verify();
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("unit " + std::to_string(unit)), std::string::npos) << diffs[0];
  EXPECT_NE(diffs[0].find("day 2020-02-14 tasks_done"), std::string::npos) << diffs[0];
  // A row no record explains is reported too.
  db.Write([&](store::Connection& c) {
    residents::AddDaily(c, unit, "2019-12-31", {{residents::Daily::kTasksDue, 2}});
  });
  EXPECT_EQ(verify().size(), 2u);
  db.Write([&](store::Connection& c) {
    residents::AddDaily(c, unit, kToday, {{residents::Daily::kTasksDone, -5}});
    residents::AddDaily(c, unit, "2019-12-31", {{residents::Daily::kTasksDue, -2}});
  });
  EXPECT_TRUE(verify().empty());
  // The monthly running total must equal the sum of its days.
  db.Write([&](store::Connection& c) {
    c.Exec("UPDATE community_monthly SET tasks_done = tasks_done + 1 WHERE unit_id = ? AND month = ?",
           {unit, std::string(kToday).substr(0, 7)});
  });
  diffs = verify();
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("month 2020-02 tasks_done: monthly"), std::string::npos) << diffs[0];
  db.Write([&](store::Connection& c) {
    c.Exec("UPDATE community_monthly SET tasks_done = tasks_done - 1 WHERE unit_id = ? AND month = ?",
           {unit, std::string(kToday).substr(0, 7)});
  });
  EXPECT_TRUE(verify().empty());
}

}  // namespace

FK_INSTANTIATE_BACKENDS(EstateTaskTest);

}  // namespace fk::apitest
