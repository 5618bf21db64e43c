// Community figures over HTTP: a hand-made set of community_daily rows (added
// through AddDaily in one Write, as the modules do) in a fresh town of three
// units, read back day by day with cumulative sums, stocks (on file, under
// observation), range totals and the breakdown by child unit with
// drill-down; the defaults; range and format errors naming the parameter;
// 403 without the permission and 404 outside the caller's subtree.
#include "api/api_fixture.h"
#include "residents/daily.h"

namespace fk::apitest {
namespace {

using residents::Daily;

class CommunityFiguresTest : public ApiTest {
 protected:
  struct Town {
    int64_t town = 0, a = 0, a1 = 0, b = 0;
  };
  // A new town with community A (and its estate A1) and community B, and rows:
  //   A1 2020-02-01: +10 households, +30 persons, 2 observation started, 5 exits
  //   A  2020-02-01: 1 refused_fever (kept on the community itself)
  //   B  2020-02-03: +4 households, +9 persons, 1 household removed, 3 persons removed
  //   A1 2020-02-05: 1 observation released, 3 tasks due, 2 done
  //   B  2020-01-20: +1 household, +2 persons (before the range)
  Town MakeTown() {
    auto unit = [&](const std::string& level, const std::string& name, int64_t parent) {
      auto r = Post("/api/v1/org/units",
                    {{"code", Unique("T")}, {"name", name}, {"level", level}, {"parent_id", parent}}, Admin());
      EXPECT_EQ(r.status, 201) << r.body;
      return r.Json()["id"].get<int64_t>();
    };
    Town t;
    t.town = unit("town", Unique("统计镇"), UnitId("新郑市"));
    t.a = unit("community", Unique("甲社区"), t.town);
    t.a1 = unit("estate", Unique("甲一小区"), t.a);
    t.b = unit("community", Unique("乙村"), t.town);
    server().app().db().Write([&](store::Connection& c) {
      residents::AddDaily(c, t.a1, "2020-02-01",
                          {{Daily::kHouseholdsAdded, 10},
                           {Daily::kPersonsAdded, 30},
                           {Daily::kObservationStarted, 2},
                           {Daily::kGateExits, 5}});
      residents::AddDaily(c, t.a, "2020-02-01", {{Daily::kRefusedFever, 1}});
      residents::AddDaily(c, t.b, "2020-02-03",
                          {{Daily::kHouseholdsAdded, 4},
                           {Daily::kPersonsAdded, 9},
                           {Daily::kHouseholdsRemoved, 1},
                           {Daily::kPersonsRemoved, 3}});
      residents::AddDaily(c, t.a1, "2020-02-05",
                          {{Daily::kObservationReleased, 1}, {Daily::kTasksDue, 3}, {Daily::kTasksDone, 2}});
      residents::AddDaily(c, t.b, "2020-01-20", {{Daily::kHouseholdsAdded, 1}, {Daily::kPersonsAdded, 2}});
    });
    return t;
  }
  Json Figures(const std::string& query, const Session& s) {
    auto r = Get("/api/v1/residents/figures?" + query, s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
};

TEST_P(CommunityFiguresTest, DaysCumulativeStocksTotalsAndChildren) {
  Town t = MakeTown();
  Json f = Figures("unit_id=" + std::to_string(t.town) + "&from=2020-02-01&to=2020-02-05", Admin());
  EXPECT_EQ(f["from"], "2020-02-01");
  EXPECT_EQ(f["to"], "2020-02-05");
  EXPECT_EQ(f["as_of"], "2020-02-14T00:00:00.000Z");
  EXPECT_EQ(f["unit"]["id"], t.town);
  EXPECT_EQ(f["columns"].size(), static_cast<size_t>(Daily::kCount_));
  ASSERT_EQ(f["days"].size(), 5u);  // every day of the range, with or without rows
  Json d1 = f["days"][0], d2 = f["days"][1], d3 = f["days"][2], d5 = f["days"][4];
  EXPECT_EQ(d1["day"], "2020-02-01");
  EXPECT_EQ(d1["households_added"], 10);
  EXPECT_EQ(d1["refused_fever"], 1);
  EXPECT_EQ(d1["gate_exits"], 5);
  EXPECT_EQ(d1["cumulative"]["households_added"], 11);  // 1 before the range
  EXPECT_EQ(d1["stocks"], Json({{"households_on_file", 11}, {"persons_on_file", 32}, {"under_observation", 2}}));
  EXPECT_EQ(d2["households_added"], 0);
  EXPECT_EQ(d2["stocks"]["households_on_file"], 11);
  EXPECT_EQ(d3["stocks"], Json({{"households_on_file", 14}, {"persons_on_file", 38}, {"under_observation", 2}}));
  EXPECT_EQ(d5["observation_released"], 1);
  EXPECT_EQ(d5["stocks"]["under_observation"], 1);
  EXPECT_EQ(d5["cumulative"]["persons_added"], 41);
  EXPECT_EQ(f["totals"]["households_added"], 14);
  EXPECT_EQ(f["totals"]["persons_added"], 39);
  EXPECT_EQ(f["totals"]["tasks_due"], 3);
  EXPECT_EQ(f["totals"]["tasks_done"], 2);
  EXPECT_EQ(f["cumulative"]["households_added"], 15);
  EXPECT_EQ(f["stocks"], Json({{"households_on_file", 14}, {"persons_on_file", 38}, {"under_observation", 1}}));

  // Children of the town: A (with A1 and its own row folded in) and B.
  ASSERT_EQ(f["children"].size(), 2u);
  Json a = f["children"][0]["unit_id"] == t.a ? f["children"][0] : f["children"][1];
  Json b = f["children"][0]["unit_id"] == t.b ? f["children"][0] : f["children"][1];
  EXPECT_TRUE(a["has_children"].get<bool>());
  EXPECT_FALSE(b["has_children"].get<bool>());
  EXPECT_EQ(a["totals"]["households_added"], 10);
  EXPECT_EQ(a["totals"]["refused_fever"], 1);
  EXPECT_EQ(a["stocks"]["under_observation"], 1);
  EXPECT_EQ(b["totals"]["households_added"], 4);
  EXPECT_EQ(b["stocks"], Json({{"households_on_file", 4}, {"persons_on_file", 8}, {"under_observation", 0}}));

  // Drill down into A: the estate, and A's own records as "self".
  Json fa = Figures("unit_id=" + std::to_string(t.a) + "&from=2020-02-01&to=2020-02-05", Admin());
  ASSERT_EQ(fa["children"].size(), 2u);
  EXPECT_TRUE(fa["children"][0]["self"].get<bool>());
  EXPECT_EQ(fa["children"][0]["totals"]["refused_fever"], 1);
  EXPECT_EQ(fa["children"][1]["unit_id"], t.a1);
  EXPECT_EQ(fa["children"][1]["totals"]["gate_exits"], 5);

  // A range after everything: no flows, the stocks carried.
  Json later = Figures("unit_id=" + std::to_string(t.town) + "&from=2020-02-10&to=2020-02-11", Admin());
  EXPECT_EQ(later["totals"]["households_added"], 0);
  EXPECT_EQ(later["days"][1]["stocks"]["households_on_file"], 14);
}

TEST_P(CommunityFiguresTest, DefaultsToTheLastFourteenDaysOfTheCallersUnit) {
  Session community = Login("community");
  Json f = Figures("", community);
  EXPECT_EQ(f["unit"]["name"], "新烟街道");
  EXPECT_EQ(f["to"], "2020-02-14");
  EXPECT_EQ(f["from"], "2020-02-01");
  EXPECT_EQ(f["days"].size(), 14u);
  // The demo files were made on 25 January: on file before the range.
  EXPECT_GT(f["stocks"]["households_on_file"].get<int64_t>(), 0);
  EXPECT_EQ(f["totals"]["households_added"], 0);
}

TEST_P(CommunityFiguresTest, RangeErrorsNameTheParameterAndScopesAreChecked) {
  auto rules = [&](const std::string& q) { return FieldRules(Get("/api/v1/residents/figures?" + q, Admin())); };
  ExpectError(Get("/api/v1/residents/figures?from=2020-02-05&to=2020-02-01", Admin()), 422, "validation_failed");
  EXPECT_EQ(rules("from=2020-02-05&to=2020-02-01"), std::vector<std::string>{"from:order"});
  EXPECT_EQ(rules("from=2019-01-01&to=2020-01-02"), std::vector<std::string>{"to:range"});
  EXPECT_EQ(Get("/api/v1/residents/figures?from=2019-01-02&to=2020-01-01", Admin()).status, 200);  // 366 days
  EXPECT_EQ(rules("from=2020-13-01&to=yesterday"), (std::vector<std::string>{"from:format", "to:format"}));
  // A default range shifted past the years a day may have is refused, not a crash.
  EXPECT_EQ(rules("from=9999-12-20"), std::vector<std::string>{"to:range"});
  EXPECT_EQ(rules("to=0001-01-10"), std::vector<std::string>{"from:range"});
  ExpectError(Get("/api/v1/residents/figures?unit_id=" + std::to_string(UnitId("岗李村")), Login("community")), 404,
              "not_found");
  ExpectError(Get("/api/v1/residents/figures?unit_id=999999", Admin()), 404, "not_found");
  ExpectError(Get("/api/v1/residents/figures", Login("volunteer")), 403, "forbidden");
}

}  // namespace

FK_INSTANTIATE_BACKENDS(CommunityFiguresTest);

}  // namespace fk::apitest
