// The command dashboard over HTTP: passages created through the screening API
// move today's and the cumulative figures at the point, its unit and the city;
// community rows (added through AddDaily in one Write, as the modules do) show
// on the unit, its parents and in the trend; children (child units, the unit's
// own points, its own records) sum to the parent at every level; a point is a
// view of its own; the breadcrumb and parent; the ETag validator (304 while
// nothing changed, a new ETag after a passage); the defaults; 422 naming the
// parameter; 403 without the permission and 404 outside the caller's subtree.
#include "api/api_fixture.h"
#include "core/ids.h"
#include "residents/daily.h"

namespace fk::apitest {
namespace {

using residents::Daily;

constexpr const char* kToday = "2020-02-14";  // the fixture clock's local day
const char* kRulesV3 =
    R"({"fever_threshold":37.3,"turn_back_origins":[{"code":"42","name":"湖北省"},{"code":"4115","name":"河南省信阳市"},)"
    R"({"code":"3303","name":"浙江省温州市"}],"exempt_purposes":["freight","medical","official","home","return_to_work"]})";

class CommandDashboardTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    HttpResponse r = Get("/api/v1/screening/rules", Admin());
    ASSERT_EQ(r.status, 200) << r.body;
    if (r.Json()["version"] == 0)
      ASSERT_EQ(
          Post("/api/v1/screening/rules", {{"rules", Json::parse(kRulesV3)}, {"note", "测试规则"}}, Admin()).status,
          201);
  }

  struct Town {
    int64_t town = 0, a = 0, a1 = 0, b = 0, town_point = 0, a_point = 0;
  };
  // A new town under the city with community A (estate A1 below it) and village B, a checkpoint
  // kept on the town and one on A, and community rows:
  //   A1 2020-02-05: 3 gate exits, 1 refused (quota);  B 2020-01-20: 2 observation started
  //   A  2020-02-14: 1 alert opened, 2 tasks due, 1 done (kept on A itself)
  Town MakeTown() {
    auto unit = [&](const std::string& level, const std::string& name, int64_t parent) {
      auto r = Post("/api/v1/org/units",
                    {{"code", Unique("D")}, {"name", name}, {"level", level}, {"parent_id", parent}}, Admin());
      EXPECT_EQ(r.status, 201) << r.body;
      return r.Json()["id"].get<int64_t>();
    };
    auto point = [&](const std::string& name, int64_t unit_id) {
      auto r = Post("/api/v1/org/points", {{"name", name}, {"kind", "checkpoint"}, {"unit_id", unit_id}}, Admin());
      EXPECT_EQ(r.status, 201) << r.body;
      return r.Json()["id"].get<int64_t>();
    };
    Town t;
    t.town = unit("town", Unique("看板镇"), UnitId("新郑市"));
    t.a = unit("community", Unique("甲社区"), t.town);
    t.a1 = unit("estate", Unique("甲一小区"), t.a);
    t.b = unit("community", Unique("乙村"), t.town);
    t.town_point = point(Unique("镇卡口"), t.town);
    t.a_point = point(Unique("社区卡点"), t.a);
    server().app().db().Write([&](store::Connection& c) {
      residents::AddDaily(c, t.a1, "2020-02-05", {{Daily::kGateExits, 3}, {Daily::kRefusedQuota, 1}});
      residents::AddDaily(c, t.b, "2020-01-20", {{Daily::kObservationStarted, 2}});
      residents::AddDaily(c, t.a, kToday, {{Daily::kAlertsOpened, 1}, {Daily::kTasksDue, 2}, {Daily::kTasksDone, 1}});
    });
    return t;
  }

  // Posts a passage at the point "now" (the fixture clock) and asserts 201. Origin 湖北 is turned back.
  Json Pass(int64_t point_id, int people, bool from_hubei = false, const Session* s = nullptr) {
    Json occupants = Json::array();
    for (int i = 0; i < people; ++i) occupants.push_back({{"temperature", 36.5}});
    Json body = {{"client_key", NewUuidV7()},
                 {"point_id", point_id},
                 {"vehicle_kind", "car"},
                 {"plate", "豫A" + std::to_string(10000 + (++plates_ % 89999))},
                 {"direction", "in"},
                 {"occupants", occupants},
                 {"origin", from_hubei ? Json{{"code", "420100"}, {"name", "湖北省武汉市"}}
                                       : Json{{"code", "410100"}, {"name", "河南省郑州市"}}},
                 {"destination", "新郑市区"},
                 {"purpose", "other"},
                 {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
    auto r = Post("/api/v1/screening/passages", body, s ? *s : Admin());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }

  Json Dash(const std::string& query, const Session& s) {
    auto r = Get("/api/v1/command/dashboard?" + query, s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  Json Dash(const std::string& query) { return Dash(query, Admin()); }
  static std::string U(int64_t id) { return "unit_id=" + std::to_string(id); }

  static Json Child(const Json& d, const std::string& kind, int64_t id) {
    for (const auto& c : d["children"])
      if (c["kind"] == kind && c["id"] == id) return c;
    ADD_FAILURE() << "no child " << kind << " " << id;
    return Json::object();
  }
  // Every figure of the children summed equals the parent's, today and cumulative.
  static void ExpectChildrenSum(const Json& d) {
    for (const char* when : {"today", "cumulative"})
      for (const char* part : {"screening", "community"})
        for (auto& [k, v] : d[when][part].items()) {
          int64_t sum = 0;
          for (const auto& c : d["children"]) sum += c[when][part][k].get<int64_t>();
          EXPECT_EQ(sum, v.get<int64_t>()) << d["target"]["name"] << " " << when << "." << part << "." << k;
        }
  }
  int plates_ = 0;
};

TEST_P(CommandDashboardTest, PassagesMoveTodayCumulativeAndTheTrendAtEveryLevel) {
  Town t = MakeTown();
  Json city0 = Dash(U(UnitId("新郑市")) + "&day=" + kToday);
  Json town0 = Dash(U(t.town) + "&day=" + kToday);
  EXPECT_EQ(town0["today"]["screening"]["vehicles"], 0);
  EXPECT_EQ(town0["today"]["community"]["alerts_opened"], 1);
  EXPECT_EQ(town0["today"]["community"]["tasks_due"], 2);

  Pass(t.town_point, 2);
  Pass(t.a_point, 3, true);  // turned back
  Pass(t.a_point, 1);

  Json town = Dash(U(t.town) + "&day=" + kToday);
  const Json& s = town["today"]["screening"];
  EXPECT_EQ(s["vehicles"], 3);
  EXPECT_EQ(s["people"], 6);
  EXPECT_EQ(s["people_tested"], 6);
  EXPECT_EQ(s["vehicles_turned_back"], 1);
  EXPECT_EQ(s["people_turned_back"], 3);
  EXPECT_EQ(town["cumulative"]["screening"]["vehicles"], 3);
  EXPECT_EQ(town["decisions"]["today"]["vehicles_passed"], 2);
  EXPECT_EQ(town["decisions"]["today"]["people_passed"], 3);
  EXPECT_EQ(town["decisions"]["today"]["people_turned_back"], 3);
  // The community history: gate exits of 5 Feb and the observation of 20 Jan in the cumulative only.
  EXPECT_EQ(town["today"]["community"]["gate_exits"], 0);
  EXPECT_EQ(town["cumulative"]["community"]["gate_exits"], 3);
  EXPECT_EQ(town["cumulative"]["stocks"]["under_observation"], 2);
  EXPECT_EQ(town["cumulative"]["stocks"]["open_alerts"], 1);
  EXPECT_EQ(town["decisions"]["cumulative"]["gate_refused"]["quota"], 1);
  EXPECT_EQ(town["decisions"]["today"]["gate_refused"]["quota"], 0);
  // The trend: 14 days ending today, the passages on the last, the exits on 5 Feb.
  ASSERT_EQ(town["trend"].size(), 14u);
  EXPECT_EQ(town["from"], "2020-02-01");
  EXPECT_EQ(town["trend"][13]["day"], kToday);
  EXPECT_EQ(town["trend"][13]["screening"]["vehicles"], 3);
  EXPECT_EQ(town["trend"][4]["day"], "2020-02-05");
  EXPECT_EQ(town["trend"][4]["community"]["gate_exits"], 3);
  EXPECT_EQ(town["latest_day"], kToday);

  // The city moved by the same amounts.
  Json city = Dash(U(UnitId("新郑市")) + "&day=" + kToday);
  for (const char* k : {"vehicles", "people", "vehicles_turned_back", "people_turned_back"}) {
    EXPECT_EQ(city["today"]["screening"][k].get<int64_t>() - city0["today"]["screening"][k].get<int64_t>(),
              s[k].get<int64_t>())
        << k;
    EXPECT_EQ(city["cumulative"]["screening"][k].get<int64_t>() - city0["cumulative"]["screening"][k].get<int64_t>(),
              s[k].get<int64_t>())
        << k;
  }
  EXPECT_EQ(Child(city, "unit", t.town)["today"]["screening"]["vehicles"], 3);

  // The day before: nothing of today, and the history until then.
  Json before = Dash(U(t.town) + "&day=2020-02-13&days=7");
  EXPECT_EQ(before["today"]["screening"]["vehicles"], 0);
  EXPECT_EQ(before["cumulative"]["screening"]["vehicles"], 0);
  EXPECT_EQ(before["cumulative"]["community"]["gate_exits"], 3);
  EXPECT_EQ(before["trend"].size(), 7u);
  EXPECT_EQ(before["from"], "2020-02-07");
}

TEST_P(CommandDashboardTest, ChildrenSumToTheParentAndPointsShowAtTheirUnit) {
  Town t = MakeTown();
  Pass(t.town_point, 2);
  Pass(t.a_point, 1, true);

  // The town: communities A (with A1, its point and its own rows) and B, and the town's own checkpoint.
  Json town = Dash(U(t.town) + "&day=" + kToday);
  EXPECT_EQ(town["children"].size(), 3u);
  Json a = Child(town, "unit", t.a), b = Child(town, "unit", t.b), tp = Child(town, "point", t.town_point);
  EXPECT_TRUE(a["has_children"].get<bool>());
  EXPECT_FALSE(b["has_children"].get<bool>());
  EXPECT_EQ(a["level"], "community");
  EXPECT_EQ(tp["level"], "checkpoint");
  EXPECT_EQ(a["today"]["screening"]["vehicles_turned_back"], 1);
  EXPECT_EQ(a["cumulative"]["community"]["gate_exits"], 3);
  EXPECT_EQ(a["today"]["community"]["tasks_done"], 1);
  EXPECT_EQ(b["cumulative"]["community"]["observation_started"], 2);
  EXPECT_EQ(tp["today"]["screening"]["people"], 2);
  ExpectChildrenSum(town);

  // Community A: estate A1, A's own point, and A's own records as "self".
  Json ja = Dash(U(t.a) + "&day=" + kToday);
  ASSERT_EQ(ja["children"].size(), 3u);
  EXPECT_EQ(Child(ja, "unit", t.a1)["cumulative"]["community"]["refused_quota"], 1);
  EXPECT_EQ(Child(ja, "point", t.a_point)["today"]["screening"]["people"], 1);
  EXPECT_EQ(Child(ja, "self", t.a)["today"]["community"]["alerts_opened"], 1);
  ExpectChildrenSum(ja);

  // The demo city on its last checkpoint-free, gate-busy day, and one of its towns with a checkpoint.
  Json city = Dash(U(UnitId("新郑市")) + "&day=2020-02-13");
  for (const auto& c : city["children"]) {
    EXPECT_EQ(c["kind"], "unit") << "the demo keeps no point on the city itself";
    EXPECT_EQ(c["level"], "town");
  }
  ExpectChildrenSum(city);
  Json lihe = Dash(U(UnitId("梨河镇")) + "&day=" + kToday);
  bool has_point = false;
  for (const auto& c : lihe["children"]) has_point |= c["kind"] == "point";
  EXPECT_TRUE(has_point);
  ExpectChildrenSum(lihe);
  ExpectChildrenSum(Dash(U(UnitId("新烟街道")) + "&day=2020-02-13"));
}

TEST_P(CommandDashboardTest, APointIsAViewWithItsBreadcrumb) {
  Town t = MakeTown();
  Pass(t.a_point, 2);
  Pass(t.a_point, 1, true);
  Json p = Dash("point_id=" + std::to_string(t.a_point) + "&day=" + kToday);
  EXPECT_EQ(p["target"]["kind"], "point");
  EXPECT_EQ(p["target"]["id"], t.a_point);
  EXPECT_EQ(p["today"]["screening"]["vehicles"], 2);
  EXPECT_EQ(p["today"]["screening"]["people"], 3);
  EXPECT_EQ(p["cumulative"]["screening"]["people_turned_back"], 1);
  EXPECT_EQ(p["today"]["community"]["alerts_opened"], 0);  // a point has no community records
  EXPECT_TRUE(p["children"].empty());
  EXPECT_EQ(p["trend"][13]["screening"]["vehicles"], 2);
  // The breadcrumb: city → town → A → the point; parent is A.
  ASSERT_EQ(p["path"].size(), 4u);
  EXPECT_EQ(p["path"][0]["name"], "新郑市");
  EXPECT_EQ(p["path"][1]["id"], t.town);
  EXPECT_EQ(p["parent"]["id"], t.a);
  EXPECT_EQ(p["parent"]["kind"], "unit");
  // The point's figures equal the screening summary's.
  auto r = Get("/api/v1/screening/summary?point_id=" + std::to_string(t.a_point) + "&from=" + kToday + "&to=" + kToday +
                   "&as_of=" + kToday,
               Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  Json range = r.Json()["range"];  // items() only refers to it: keep it alive for the loop (ASan)
  for (auto& [k, v] : range.items()) EXPECT_EQ(p["today"]["screening"][k], v) << k;
}

TEST_P(CommandDashboardTest, AMovedPointLeavesItsHistoryOnTheUnitItWasRecordedUnder) {
  Town t = MakeTown();
  const int64_t now = clock().NowMs();
  clock().Set(now - 86'400'000);  // 2020-02-13: two people at A's checkpoint, while it is A's
  Pass(t.a_point, 2);
  clock().Set(now);
  auto r = Patch("/api/v1/org/points/" + std::to_string(t.a_point), {{"unit_id", t.b}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  Pass(t.a_point, 1);  // 2020-02-14: one person, now B's

  Json town = Dash(U(t.town) + "&day=" + kToday);
  EXPECT_EQ(Child(town, "unit", t.a)["cumulative"]["screening"]["people"], 2);
  EXPECT_EQ(Child(town, "unit", t.a)["today"]["screening"]["people"], 0);
  EXPECT_EQ(Child(town, "unit", t.b)["cumulative"]["screening"]["people"], 1);
  EXPECT_EQ(Child(town, "unit", t.b)["today"]["screening"]["people"], 1);
  ExpectChildrenSum(town);
  // A keeps the rows recorded under it (on its own row: the point is no longer kept there).
  Json a = Dash(U(t.a) + "&day=" + kToday);
  EXPECT_EQ(a["cumulative"]["screening"]["people"], 2);
  EXPECT_EQ(Child(a, "self", t.a)["cumulative"]["screening"]["people"], 2);
  ExpectChildrenSum(a);
  Json b = Dash(U(t.b) + "&day=" + kToday);
  EXPECT_EQ(b["cumulative"]["screening"]["people"], 1);
  EXPECT_EQ(Child(b, "point", t.a_point)["cumulative"]["screening"]["people"], 1);
  ExpectChildrenSum(b);
  // The point's own view: its whole history, under whichever unit it was recorded.
  Json p = Dash("point_id=" + std::to_string(t.a_point) + "&day=" + kToday);
  EXPECT_EQ(p["cumulative"]["screening"]["people"], 3);
  EXPECT_EQ(p["today"]["screening"]["people"], 1);
  EXPECT_EQ(p["trend"][12]["screening"]["people"], 2);
  EXPECT_EQ(p["parent"]["id"], t.b);
  EXPECT_EQ(Dash("point_id=" + std::to_string(t.a_point) + "&day=2020-02-13")["latest_day"], kToday);
}

TEST_P(CommandDashboardTest, ADepartmentsRowsAreNoLatestDay) {
  auto r = Post("/api/v1/org/units",
                {{"code", Unique("DEP")}, {"name", Unique("看板部门")}, {"level", "department"},
                 {"parent_id", UnitId("新郑市")}},
                Admin());
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t dept = r.Json()["id"].get<int64_t>();
  server().app().db().Write(
      [&](store::Connection& c) { residents::AddDaily(c, dept, "2020-02-28", {{Daily::kGateExits, 4}}); });
  Json city = Dash(U(UnitId("新郑市")));
  ASSERT_TRUE(city["latest_day"].is_string());
  EXPECT_LT(city["latest_day"].get<std::string>(), "2020-02-28");
  EXPECT_EQ(Dash(U(UnitId("新郑市")) + "&day=2020-02-28")["today"]["community"]["gate_exits"], 0);
}

TEST_P(CommandDashboardTest, ScopesAndPermission) {
  // A command-centre user of 新烟街道 (the street office's own duty desk).
  std::string name = Unique("xy_cmd");
  CreateUser(name, "commander", UnitId("新烟街道"));
  Session community = Login(name);
  Json own = Dash("day=2020-02-13", community);
  EXPECT_EQ(own["target"]["name"], "新烟街道");
  ASSERT_EQ(own["path"].size(), 1u);  // the breadcrumb starts at the caller's unit
  EXPECT_TRUE(own["parent"].is_null());
  // The demo residents' gate events of 10–13 Feb show on the street office.
  EXPECT_GT(own["cumulative"]["community"]["gate_exits"].get<int64_t>(), 0);
  ExpectError(Get("/api/v1/command/dashboard?" + U(UnitId("梨河镇")), community), 404, "not_found");
  ExpectError(Get("/api/v1/command/dashboard?" + U(UnitId("新郑市")), community), 404, "not_found");
  int64_t g107 = FindPoint("G107新郑长葛交界疫情监测站")["id"].get<int64_t>();
  ExpectError(Get("/api/v1/command/dashboard?point_id=" + std::to_string(g107), community), 404, "not_found");
  ExpectError(Get("/api/v1/command/dashboard?unit_id=99999999", Admin()), 404, "not_found");
  ExpectError(Get("/api/v1/command/dashboard?point_id=99999999", Admin()), 404, "not_found");
  // The checkpoint and community roles have no dashboard.
  ExpectError(Get("/api/v1/command/dashboard", Login("checkpoint")), 403, "forbidden");
  ExpectError(Get("/api/v1/command/dashboard", Login("community")), 403, "forbidden");
  ExpectError(Call("GET", "/api/v1/command/dashboard"), 401, "unauthenticated");
  // The commander and the viewer read it.
  EXPECT_EQ(Get("/api/v1/command/dashboard", Login("commander")).status, 200);
  EXPECT_EQ(Get("/api/v1/command/dashboard", Login("viewer")).status, 200);
}

TEST_P(CommandDashboardTest, EtagAnswers304UntilAFigureMoves) {
  Town t = MakeTown();
  const std::string target = "/api/v1/command/dashboard?" + U(t.town) + "&day=" + kToday;
  HttpResponse first = Get(target, Admin());
  ASSERT_EQ(first.status, 200);
  std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  clock().Advance(5'000);  // as_of moves; the figures do not
  HttpResponse same = Call("GET", target, "", &Admin(), Via::kBearer, {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(same.Header("etag"), etag);
  EXPECT_EQ(Call("GET", target, "", &Admin(), Via::kBearer, {{"If-None-Match", "\"x\", W/" + etag}}).status, 304);
  EXPECT_EQ(Call("GET", target, "", &Admin(), Via::kBearer, {{"If-None-Match", "\"d-0\""}}).status, 200);
  Pass(t.town_point, 1);
  HttpResponse moved = Call("GET", target, "", &Admin(), Via::kBearer, {{"If-None-Match", etag}});
  ASSERT_EQ(moved.status, 200);
  EXPECT_NE(moved.Header("etag"), etag);
  EXPECT_EQ(moved.Json()["today"]["screening"]["vehicles"], 1);
  // Another unit's view has its own validator.
  EXPECT_NE(Get("/api/v1/command/dashboard?" + U(t.b) + "&day=" + kToday, Admin()).Header("etag"),
            moved.Header("etag"));
  // The scope is checked before the validator: a 304 never answers a caller who may not see the unit.
  ExpectError(Call("GET", target, "", nullptr, Via::kBearer, {{"If-None-Match", etag}}), 401, "unauthenticated");
}

TEST_P(CommandDashboardTest, DefaultsAndBadParameters) {
  Json d = Dash("");
  EXPECT_EQ(d["target"]["name"], "新郑市");
  EXPECT_EQ(d["day"], kToday);
  EXPECT_EQ(d["days"], 14);
  EXPECT_EQ(d["trend"].size(), 14u);
  EXPECT_EQ(d["as_of"], FormatRfc3339(clock().NowMs()));
  EXPECT_TRUE(d["latest_day"].is_string());
  // A town with rows only on 5 Feb: its latest day.
  Town t = MakeTown();
  Json b = Dash(U(t.b));
  EXPECT_EQ(b["latest_day"], "2020-01-20");
  EXPECT_EQ(Dash("days=1")["trend"].size(), 1u);
  EXPECT_EQ(Dash("days=92")["trend"].size(), 92u);

  auto bad = [&](const std::string& query, const std::string& rule) {
    HttpResponse r = Get("/api/v1/command/dashboard?" + query, Admin());
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{rule}) << query;
  };
  bad("day=2020-13-01", "day:format");
  bad("day=20200214", "day:format");
  bad("days=0", "days:range");
  bad("days=93", "days:range");
  bad("days=abc", "days:range");
  bad("days=7x", "days:range");
  bad("day=0001-01-05&days=14", "days:range");
  bad(U(t.town) + "&point_id=" + std::to_string(t.town_point), "point_id:exclusive");
  ExpectError(Get("/api/v1/command/dashboard?unit_id=abc", Admin()), 400, "bad_request");
}

FK_INSTANTIATE_BACKENDS(CommandDashboardTest);

}  // namespace
}  // namespace fk::apitest
