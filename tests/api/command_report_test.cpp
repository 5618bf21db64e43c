// The daily report (日报) over HTTP with the demo passages loaded: the
// published sentence for the city as of 13 February, snapshots frozen at the
// cut-off and the 补报 rule (a late record for day D shows in D+1, never
// changes D), the lifecycle (generate → approve by another user → published,
// immutable), retries, scopes (403, 404), templates (422 naming the
// placeholder, all-or-nothing rendering), the .xlsx export, the sweep.
//
// The fixture's clock starts at 2020-02-14T00:00:00Z (08:00 local on the 14th):
// 13 February's cut-off (24:00 local = 16:00Z on the 13th) has passed, the
// 14th's has not. Sessions last an hour: a test that moves the clock signs in again.
#include "api/api_fixture.h"
#include "command/report/service.h"
#include "core/ids.h"
#include "core/validation.h"

#include <set>
#include <thread>

namespace fk::apitest {
namespace {

constexpr const char* kPublished =
    "截至2月13日，累计排查车辆115814台、184735人（均测量体温），劝返车辆10899台、16966人，发现发热人员27名（均依规处置到位）";
constexpr const char* kBase = "/api/v1/command";
constexpr const char* kG107 = "G107新郑长葛交界疫情监测站";  // 梨河镇
// 2020-02-14T16:00:00Z: 24:00 local on the 14th, the 14th's cut-off.
constexpr int64_t kCutoff14 = 1581696000000;
constexpr int64_t kHourMs = 3600'000;

std::string IdNumber(const std::string& birth) {
  std::string first17 = "410184" + birth + "123";
  return first17 + IdNumberCheckChar(first17);
}

class CommandReportTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.screening_demo = true;
    return t;
  }

  Json Generate(int64_t unit_id, const std::string& day, const Session& s, int expect = 201,
                const std::string& key = NewUuidV7()) {
    HttpResponse r = Post(std::string(kBase) + "/reports", {{"unit_id", unit_id}, {"day", day}, {"request_key", key}}, s);
    EXPECT_EQ(r.status, expect) << r.body;
    return r.Json();
  }

  Json Passage(int64_t point_id, int64_t device_time_ms) {
    static int n = 0;
    char plate[16];
    std::snprintf(plate, sizeof plate, "豫A%05d", 70000 + ++n);
    return {{"client_key", NewUuidV7()},
            {"point_id", point_id},
            {"vehicle_kind", "car"},
            {"plate", plate},
            {"direction", "in"},
            {"occupants", Json::array({{{"temperature", 36.5}, {"name", "李四"}, {"id_number", IdNumber("19850101")}},
                                       {{"temperature", 36.6}, {"name", "王五"}, {"id_number", IdNumber("19860101")}}})},
            {"origin", {{"code", "410100"}, {"name", "河南省郑州市"}}},
            {"destination", "新郑市区"},
            {"purpose", "home"},
            {"device_time", FormatRfc3339(device_time_ms)}};
  }

  size_t CountReports(const Session& s, const std::string& query = "") {
    return ListAll(std::string(kBase) + "/reports" + query, s).size();
  }
};

TEST_P(CommandReportTest, TheCityAsOf13FebruaryReadsThePublishedSentence) {
  int64_t city = UnitId("新郑市");
  Session commander = Login("commander");
  std::string key = NewUuidV7();
  Json r = Generate(city, "2020-02-13", commander, 201, key);
  ASSERT_TRUE(r.contains("paragraphs")) << r.dump();
  EXPECT_EQ(r["paragraphs"][0]["section"], "screening");
  EXPECT_EQ(r["paragraphs"][0]["text"], kPublished);
  EXPECT_EQ(r["status"], "draft");
  EXPECT_EQ(r["title"], "新郑市新冠肺炎疫情防控工作日报");
  EXPECT_EQ(r["unit_name"], "新郑市");
  EXPECT_EQ(r["day"], "2020-02-13");
  EXPECT_EQ(r["cutoff_at"], "2020-02-13T16:00:00.000Z");
  EXPECT_EQ(r["tz_offset_minutes"], 480);
  EXPECT_EQ(r["generated_by_name"], "指挥部值班员");
  // The demo's reports of 11 and 12 February come first: this is the third issue.
  EXPECT_EQ(r["issue_no"], 3);
  Json demo = ListAll(std::string(kBase) + "/reports?status=published&unit_id=" + std::to_string(city), commander);
  std::set<std::string> demo_days;
  for (const auto& d : demo) {
    demo_days.insert(d["day"].get<std::string>());
    EXPECT_EQ(d["approved_by_name"], "系统管理员");
    EXPECT_NE(d["approved_by"], d["generated_by"]);
  }
  EXPECT_TRUE(demo_days.count("2020-02-11") && demo_days.count("2020-02-12")) << demo.dump();
  // The community paragraph is rendered too.
  ASSERT_EQ(r["paragraphs"].size(), 2u);
  EXPECT_EQ(r["paragraphs"][1]["section"], "community");
  EXPECT_NE(r["paragraphs"][1]["text"].get<std::string>().find("2月13日当日，新郑市"), std::string::npos);
  // Tables by unit: one row per town (14) and 合计, whose cumulative columns are the sentence's figures.
  ASSERT_EQ(r["tables"].size(), 2u);
  Json t = r["tables"][0];
  EXPECT_EQ(t["key"], "screening");
  ASSERT_GE(t["rows"].size(), 15u);
  Json total = t["rows"].back();
  EXPECT_EQ(total["unit_name"], "合计");
  EXPECT_TRUE(total["unit_id"].is_null());
  std::map<std::string, int64_t> cell;
  for (size_t i = 0; i < t["columns"].size(); ++i) cell[t["columns"][i]["key"]] = total["cells"][i];
  EXPECT_EQ(cell["cum.vehicles"], 115814);
  EXPECT_EQ(cell["cum.people"], 184735);
  EXPECT_EQ(cell["cum.vehicles_turned_back"], 10899);
  EXPECT_EQ(cell["cum.people_turned_back"], 16966);
  EXPECT_EQ(cell["cum.fever"], 27);
  // Town rows add up to the total, column by column.
  for (size_t col = 0; col < t["columns"].size(); ++col) {
    int64_t sum = 0;
    for (size_t i = 0; i + 1 < t["rows"].size(); ++i) sum += t["rows"][i]["cells"][col].get<int64_t>();
    EXPECT_EQ(sum, total["cells"][col].get<int64_t>()) << t["columns"][col]["key"];
  }

  // A retry with the same key answers 200 with the first report; nothing new is written.
  size_t before = CountReports(commander);
  Json again = Generate(city, "2020-02-13", commander, 200, key);
  EXPECT_EQ(again["id"], r["id"]);
  EXPECT_EQ(CountReports(commander), before);
  // Someone else's key is refused.
  ExpectError(Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-13"}, {"request_key", key}}, Admin()),
              409, "conflict");

  // The snapshot holds what the report shows.
  Json snap = Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(city) + "&day=2020-02-13", commander).Json();
  EXPECT_EQ(snap["id"], r["snapshot_id"]);
  EXPECT_EQ(snap["total"]["cumulative"]["vehicles"], 115814);
  EXPECT_EQ(snap["total"]["cumulative"]["fever"], 27);

  // The .xlsx: the paragraphs on the first sheet, a sheet per table.
  HttpResponse x = Get(std::string(kBase) + "/reports/" + std::to_string(r["id"].get<int64_t>()) + ":export", commander);
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::string all = UnzipAll(x.body);
  EXPECT_NE(all.find(kPublished), std::string::npos);
  EXPECT_NE(all.find("新郑市新冠肺炎疫情防控工作日报"), std::string::npos);
  EXPECT_NE(all.find("表1 交通卡口排查情况（按单位）"), std::string::npos);
  EXPECT_NE(all.find("name=\"表2\""), std::string::npos);
  EXPECT_NE(all.find("数据截止：2020-02-13 24:00"), std::string::npos);
}

TEST_P(CommandReportTest, ApprovalIsBySomeoneElseAndAPublishedReportNeverChanges) {
  int64_t city = UnitId("新郑市");
  Session commander = Login("commander");
  Json r = Generate(city, "2020-02-07", commander);
  std::string id = std::to_string(r["id"].get<int64_t>());
  EXPECT_EQ(r["version"], 1);
  // The generator cannot approve; a user without the permission cannot either.
  ExpectError(Post(std::string(kBase) + "/reports/" + id + ":approve", nullptr, commander), 403, "forbidden");
  ExpectError(Post(std::string(kBase) + "/reports/" + id + ":approve", nullptr, Login("viewer")), 403, "forbidden");
  EXPECT_EQ(Get(std::string(kBase) + "/reports/" + id, commander).Json()["status"], "draft");

  HttpResponse ok = Post(std::string(kBase) + "/reports/" + id + ":approve", nullptr, Admin());
  ASSERT_EQ(ok.status, 200) << ok.body;
  Json published = ok.Json();
  EXPECT_EQ(published["status"], "published");
  EXPECT_EQ(published["approved_by_name"], "系统管理员");
  EXPECT_FALSE(published["approved_at"].is_null());
  EXPECT_EQ(published["paragraphs"], r["paragraphs"]);
  ExpectError(Post(std::string(kBase) + "/reports/" + id + ":approve", nullptr, Admin()), 409, "conflict");

  // A new version of the same day is a new report; history keeps both.
  Json v2 = Generate(city, "2020-02-07", commander);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_EQ(v2["issue_no"], r["issue_no"]);
  EXPECT_EQ(v2["snapshot_id"], r["snapshot_id"]);
  Json list = ListAll(std::string(kBase) + "/reports?day=2020-02-07&unit_id=" + std::to_string(city), commander);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["version"], 2);
  EXPECT_EQ(list[0]["status"], "draft");
  EXPECT_EQ(list[1]["status"], "published");
  EXPECT_EQ(list[1]["generated_by_name"], "指挥部值班员");
  EXPECT_FALSE(list[1].contains("paragraphs"));
  EXPECT_EQ(ListAll(std::string(kBase) + "/reports?status=published&day=2020-02-07", commander).size(), 1u);
  EXPECT_EQ(Get(std::string(kBase) + "/reports/" + id, commander).Json(), published);

  // Generation and approval are audited.
  Json audit = Get("/api/v1/audit?entity=report&entity_id=" + id, Admin()).Json()["items"];
  std::set<std::string> actions;
  for (const auto& a : audit) actions.insert(a["action"].get<std::string>());
  EXPECT_TRUE(actions.count("report.generate")) << audit.dump();
  EXPECT_TRUE(actions.count("report.approve")) << audit.dump();
}

TEST_P(CommandReportTest, PermissionsAndScope) {
  int64_t city = UnitId("新郑市");
  int64_t lihe = UnitId("梨河镇");
  Session commander = Login("commander");
  Json r = Generate(city, "2020-02-08", commander);
  std::string id = std::to_string(r["id"].get<int64_t>());

  // Without the permission: 403.
  Session checkpoint = Login("checkpoint");
  ExpectError(Get(std::string(kBase) + "/reports", checkpoint), 403, "forbidden");
  ExpectError(Get(std::string(kBase) + "/reports/" + id, checkpoint), 403, "forbidden");
  ExpectError(Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-08"}, {"request_key", NewUuidV7()}},
                   Login("viewer")),
              403, "forbidden");
  ExpectError(Post(std::string(kBase) + "/report-templates", {{"section", "screening"}, {"body", "{as_of}"}}, Login("viewer")),
              403, "forbidden");

  // A town's commander sees its own subtree only: the city's report and unit are 404.
  std::string name = Unique("town_cmd");
  CreateUser(name, "commander", lihe);
  Session town = Login(name);
  ExpectError(Get(std::string(kBase) + "/reports/" + id, town), 404, "not_found");
  ExpectError(Get(std::string(kBase) + "/reports/" + id + ":export", town), 404, "not_found");
  ExpectError(Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-08"}, {"request_key", NewUuidV7()}}, town),
              404, "not_found");
  ExpectError(Post(std::string(kBase) + "/reports:snapshot", {{"unit_id", city}, {"day", "2020-02-08"}}, town), 404, "not_found");
  ExpectError(Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(city) + "&day=2020-02-13", town), 404,
              "not_found");
  ExpectError(Get(std::string(kBase) + "/reports?unit_id=" + std::to_string(city), town), 404, "not_found");
  for (const auto& item : ListAll(std::string(kBase) + "/reports", town)) EXPECT_EQ(item["unit_id"], lihe);
  // ... and its own town's report by default (no unit_id: the caller's unit).
  HttpResponse own = Post(std::string(kBase) + "/reports", {{"day", "2020-02-08"}, {"request_key", NewUuidV7()}}, town);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.Json()["unit_id"], lihe);
  EXPECT_NE(own.Json()["paragraphs"][0]["text"].get<std::string>().find("截至2月8日，累计排查车辆"), std::string::npos);
  // The town's report is not in the city's list of city reports, but in the city's subtree.
  EXPECT_EQ(Get(std::string(kBase) + "/reports/" + std::to_string(own.Json()["id"].get<int64_t>()), commander).status, 200);

  // Bad input: 422 naming the field and rule, nothing written.
  size_t before = CountReports(commander);
  HttpResponse bad = Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-30"}, {"request_key", "abc"}}, commander);
  ExpectError(bad, 422, "validation_failed");
  auto rules = FieldRules(bad);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "day:format"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "request_key:format"), rules.end());
  HttpResponse missing = Post(std::string(kBase) + "/reports", {{"unit_id", city}}, commander);
  ExpectError(missing, 422, "validation_failed");
  rules = FieldRules(missing);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "day:required"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "request_key:required"), rules.end());
  // Before the day's cut-off: refused, naming the rule.
  HttpResponse early =
      Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-14"}, {"request_key", NewUuidV7()}}, commander);
  ExpectError(early, 422, "validation_failed");
  EXPECT_EQ(FieldRules(early), std::vector<std::string>{"day:cutoff"});
  EXPECT_EQ(CountReports(commander), before);
  ExpectError(Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(city) + "&day=2020-02-14", commander), 404,
              "not_found");
}

TEST_P(CommandReportTest, TemplatesRefuseUnknownPlaceholdersAndRenderAllOrNothing) {
  int64_t city = UnitId("新郑市");
  Session commander = Login("commander");
  Json before = Get(std::string(kBase) + "/report-templates", commander).Json();
  ASSERT_EQ(before["items"].size(), 2u);
  EXPECT_EQ(before["cutoff"], "24:00");
  bool has_vehicles = false;
  for (const auto& p : before["placeholders"]) has_vehicles = has_vehicles || p["name"] == "vehicles_late";
  EXPECT_TRUE(has_vehicles);
  size_t versions = Get(std::string(kBase) + "/report-templates/screening/versions", commander).Json()["items"].size();

  // Unknown placeholder on save: 422 naming it and its position; no version saved.
  HttpResponse bad = Post(std::string(kBase) + "/report-templates",
                          {{"section", "screening"}, {"body", "截至{as_of_md}，车辆{vehicle}台"}}, commander);
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"body:placeholder"});
  std::string msg = bad.Json()["error"]["fields"][0]["message"];
  EXPECT_NE(msg.find("{vehicle}"), std::string::npos) << msg;
  EXPECT_NE(msg.find("第16个字符"), std::string::npos) << msg;
  HttpResponse brace = Post(std::string(kBase) + "/report-templates", {{"section", "screening"}, {"body", "截至{as_of_md"}}, commander);
  EXPECT_EQ(FieldRules(brace), std::vector<std::string>{"body:syntax"});
  ExpectError(Post(std::string(kBase) + "/report-templates", {{"section", "weather"}, {"body", "{as_of}"}}, commander), 422,
              "validation_failed");
  EXPECT_EQ(Get(std::string(kBase) + "/report-templates/screening/versions", commander).Json()["items"].size(), versions);

  // The preview renders against live figures, or names the error.
  HttpResponse pv = Post(std::string(kBase) + "/report-templates:preview",
                         {{"section", "screening"}, {"body", "{as_of_md}累计{vehicles}台，{{注}}"}, {"unit_id", city}, {"day", "2020-02-13"}},
                         commander);
  ASSERT_EQ(pv.status, 200) << pv.body;
  EXPECT_EQ(pv.Json()["text"], "2月13日累计115814台，{注}");
  EXPECT_EQ(FieldRules(Post(std::string(kBase) + "/report-templates:preview", {{"section", "screening"}, {"body", "{nope}"}}, commander)),
            std::vector<std::string>{"body:placeholder"});

  // A good save is a new version, audited; the next report uses it.
  HttpResponse saved = Post(std::string(kBase) + "/report-templates",
                            {{"section", "community"}, {"body", "{as_of_md}，{unit_name}在观察{under_observation}人。"}, {"note", "test"}},
                            commander);
  ASSERT_EQ(saved.status, 201) << saved.body;
  int version = saved.Json()["version"];
  EXPECT_GE(version, 1);
  Json r = Generate(city, "2020-02-10", commander);
  EXPECT_EQ(r["template_versions"]["community"], version);
  EXPECT_EQ(r["paragraphs"][1]["text"].get<std::string>().rfind("2月10日，新郑市在观察", 0), 0u) << r["paragraphs"][1]["text"];
  EXPECT_EQ(r["paragraphs"][0]["text"].get<std::string>().rfind("截至2月10日，累计排查车辆", 0), 0u);

  // A stored template that no longer renders (written around the API): generation is refused whole.
  server().app().db().Write([&](fk::store::Connection& c) {
    c.Exec("INSERT INTO report_templates (section, version, body, note, created_at) VALUES ('community', ?, ?, '', 0)",
           {version + 1, std::string("{as_of_md}{retired_figure}")});
  });
  size_t count = CountReports(commander);
  HttpResponse refused =
      Post(std::string(kBase) + "/reports", {{"unit_id", city}, {"day", "2020-02-09"}, {"request_key", NewUuidV7()}}, commander);
  ExpectError(refused, 422, "validation_failed");
  EXPECT_EQ(FieldRules(refused), std::vector<std::string>{"templates.community:placeholder"});
  EXPECT_EQ(CountReports(commander), count);
  ExpectError(Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(city) + "&day=2020-02-09", commander), 404,
              "not_found");
  // Put the default back for the other tests of this server.
  HttpResponse restore = Post(std::string(kBase) + "/report-templates",
                              {{"section", "community"}, {"body", before["items"][1]["body"]}}, commander);
  ASSERT_EQ(restore.status, 201) << restore.body;
  EXPECT_EQ(restore.Json()["version"], version + 2);
}

// Runs last in the suite (it moves the clock forward two days).
TEST_P(CommandReportTest, SnapshotsInDayOrderNamesKeptAndKeysBoundToUnitAndDay) {
  int64_t town = UnitId("薛店镇");
  Session commander = Login("commander");
  Session admin = Login("admin");
  auto snapshot = [&](const std::string& day) {
    return Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(town) + "&day=" + day, admin);
  };
  // 10 February, then 13 February: the days between are frozen first, in order, so each day's
  // 补报 is measured against the day before it.
  std::string key = NewUuidV7();
  Json r10 = Generate(town, "2020-02-10", commander, 201, key);
  Json r13 = Generate(town, "2020-02-13", commander);
  ASSERT_EQ(snapshot("2020-02-11").status, 200);
  EXPECT_EQ(snapshot("2020-02-11").Json()["late_since"], "2020-02-10");
  EXPECT_EQ(snapshot("2020-02-12").Json()["late_since"], "2020-02-11");
  EXPECT_EQ(snapshot("2020-02-13").Json()["late_since"], "2020-02-12");
  // 第N期: days since the unit's first snapshot day.
  EXPECT_EQ(r13["issue_no"].get<int>(), r10["issue_no"].get<int>() + 3);
  // A day before the latest snapshot, frozen afterwards, has no 补报: later snapshots counted it.
  HttpResponse s8 = Post(std::string(kBase) + "/reports:snapshot", {{"unit_id", town}, {"day", "2020-02-08"}}, admin);
  ASSERT_EQ(s8.status, 201) << s8.body;
  EXPECT_TRUE(s8.Json()["late_since"].is_null()) << s8.body;

  // A request key replays only for its own unit and day.
  EXPECT_EQ(Generate(town, "2020-02-10", commander, 200, key)["id"], r10["id"]);
  ExpectError(Post(std::string(kBase) + "/reports", {{"unit_id", town}, {"day", "2020-02-13"}, {"request_key", key}}, commander),
              409, "conflict");
  ExpectError(Post(std::string(kBase) + "/reports", {{"unit_id", UnitId("新郑市")}, {"day", "2020-02-10"}, {"request_key", key}},
                   commander),
              409, "conflict");

  // Renaming the unit or the users later never changes a report: the names are stored in it.
  std::string id = std::to_string(r13["id"].get<int64_t>());
  ASSERT_EQ(Post(std::string(kBase) + "/reports/" + id + ":approve", nullptr, admin).status, 200);
  Json published = Get(std::string(kBase) + "/reports/" + id, commander).Json();
  ASSERT_EQ(Patch("/api/v1/org/units/" + std::to_string(town), {{"name", "薛店镇（改）"}}, admin).status, 200);
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(commander.user_id), {{"display_name", "改名值班员"}}, admin).status, 200);
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(admin.user_id), {{"display_name", "改名管理员"}}, admin).status, 200);
  Json after = Get(std::string(kBase) + "/reports/" + id, commander).Json();
  EXPECT_EQ(after, published);
  EXPECT_EQ(after["unit_name"], "薛店镇");
  EXPECT_EQ(after["title"], "薛店镇新冠肺炎疫情防控工作日报");
  EXPECT_EQ(after["generated_by_name"], "指挥部值班员");
  EXPECT_EQ(after["approved_by_name"], "系统管理员");
  ASSERT_EQ(Patch("/api/v1/org/units/" + std::to_string(town), {{"name", "薛店镇"}}, admin).status, 200);
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(commander.user_id), {{"display_name", "指挥部值班员"}}, admin).status, 200);
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(admin.user_id), {{"display_name", "系统管理员"}}, admin).status, 200);

  // The city's tables: departments (工信局 …) have no row, what they hold is in 本级, and every
  // column's 合计 is the sum of the rows.
  Json city = Generate(UnitId("新郑市"), "2020-02-13", commander);
  for (const auto& table : city["tables"]) {
    const Json& rows = table["rows"];
    for (size_t r = 0; r + 1 < rows.size(); ++r) EXPECT_NE(rows[r]["unit_name"], "工信局");
    for (size_t col = 0; col < table["columns"].size(); ++col) {
      int64_t sum = 0;
      for (size_t r = 0; r + 1 < rows.size(); ++r) sum += rows[r]["cells"][col].get<int64_t>();
      EXPECT_EQ(sum, rows.back()["cells"][col].get<int64_t>()) << table["key"] << " " << table["columns"][col]["key"];
    }
  }
}

TEST_P(CommandReportTest, ConcurrentGenerationsOfOneDayGetTheirOwnVersionsAndARetryTheFirstReport) {
  int64_t town = UnitId("龙湖镇");
  Session commander = Login("commander");
  std::string shared = NewUuidV7();
  std::vector<std::string> keys = {NewUuidV7(), NewUuidV7(), NewUuidV7(), shared, shared, shared};
  std::vector<HttpResponse> answers(keys.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < keys.size(); ++i)
    threads.emplace_back([&, i] {
      answers[i] = Post(std::string(kBase) + "/reports", {{"unit_id", town}, {"day", "2020-02-13"}, {"request_key", keys[i]}},
                        commander);
    });
  for (auto& th : threads) th.join();
  std::set<int64_t> versions, shared_ids;
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(answers[i].status == 201 || answers[i].status == 200) << answers[i].status << " " << answers[i].body;
    Json r = answers[i].Json();
    if (keys[i] == shared) shared_ids.insert(r["id"].get<int64_t>());
    else versions.insert(r["version"].get<int64_t>());
  }
  EXPECT_EQ(shared_ids.size(), 1u);
  EXPECT_EQ(versions.size(), 3u);
  EXPECT_EQ(CountReports(commander, "?day=2020-02-13&unit_id=" + std::to_string(town)), 4u);
}

TEST_P(CommandReportTest, ZLateRecordsCountInTheNextReportAndNeverChangeAPublishedOne) {
  int64_t lihe = UnitId("梨河镇");
  int64_t city = UnitId("新郑市");
  int64_t g107 = FindPoint(kG107)["id"].get<int64_t>();
  // A passage of the 14th, on time.
  HttpResponse p1 = Post("/api/v1/screening/passages", Passage(g107, clock().NowMs() - 60'000), Admin());
  ASSERT_EQ(p1.status, 201) << p1.body;
  // Before the 14th's cut-off no snapshot can be taken.
  HttpResponse early = Post(std::string(kBase) + "/reports:snapshot", {{"unit_id", lihe}, {"day", "2020-02-14"}}, Admin());
  EXPECT_EQ(FieldRules(early), std::vector<std::string>{"day:cutoff"});

  // One minute after the cut-off: snapshot D.
  clock().Set(kCutoff14 + 60'000);
  Session admin = Login("admin");
  Session commander = Login("commander");
  HttpResponse s14r = Post(std::string(kBase) + "/reports:snapshot", {{"unit_id", lihe}, {"day", "2020-02-14"}}, admin);
  ASSERT_EQ(s14r.status, 201) << s14r.body;
  Json s14 = s14r.Json();
  EXPECT_EQ(s14["taken_at"], "2020-02-14T16:01:00.000Z");
  EXPECT_EQ(s14["total"]["day"]["vehicles"], 1);
  EXPECT_EQ(s14["total"]["day"]["people"], 2);
  int64_t cum14 = s14["total"]["cumulative"]["vehicles"];
  // Asking again answers the same snapshot.
  HttpResponse same = Post(std::string(kBase) + "/reports:snapshot", {{"unit_id", lihe}, {"day", "2020-02-14"}}, admin);
  EXPECT_EQ(same.status, 200);
  EXPECT_EQ(same.Json(), s14);

  // Report D, generated and published.
  Json d = Generate(lihe, "2020-02-14", commander);
  ASSERT_EQ(d["snapshot_id"], s14["id"]);
  ASSERT_EQ(Post(std::string(kBase) + "/reports/" + std::to_string(d["id"].get<int64_t>()) + ":approve", nullptr, admin).status, 200);
  Json published = Get(std::string(kBase) + "/reports/" + std::to_string(d["id"].get<int64_t>()), commander).Json();

  // A late record of the 14th lands after the snapshot (device time 18:00 local on the 14th).
  HttpResponse late = Post("/api/v1/screening/passages", Passage(g107, kCutoff14 - 6 * kHourMs), admin);
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(late.Json()["day"], "2020-02-14");

  // D is unchanged: snapshot and report.
  EXPECT_EQ(Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(lihe) + "&day=2020-02-14", admin).Json(), s14);
  EXPECT_EQ(Get(std::string(kBase) + "/reports/" + std::to_string(d["id"].get<int64_t>()), commander).Json(), published);
  // Generating D again uses the frozen snapshot: same figures.
  Json d2 = Generate(lihe, "2020-02-14", commander);
  EXPECT_EQ(d2["paragraphs"], d["paragraphs"]);
  EXPECT_EQ(d2["version"], 2);

  // After the 15th's cut-off: D+1 shows the late record as 补报, and its cumulative includes it.
  clock().Set(kCutoff14 + 24 * kHourMs + 60'000);
  commander = Login("commander");
  admin = Login("admin");
  Json next = Generate(lihe, "2020-02-15", commander);
  Json s15 = Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(lihe) + "&day=2020-02-15", commander).Json();
  EXPECT_EQ(s15["late_since"], "2020-02-14");
  EXPECT_EQ(s15["total"]["late"]["vehicles"], 1);
  EXPECT_EQ(s15["total"]["late"]["people"], 2);
  EXPECT_EQ(s15["total"]["day"]["vehicles"], 0);
  EXPECT_EQ(s15["total"]["cumulative"]["vehicles"], cum14 + 1);
  std::string text = next["paragraphs"][0]["text"];
  EXPECT_NE(text.find("累计排查车辆" + std::to_string(cum14 + 1) + "台"), std::string::npos) << text;
  EXPECT_NE(text.find("（其中补报车辆1台、2人）"), std::string::npos) << text;
  EXPECT_EQ(next["issue_no"].get<int>(), d["issue_no"].get<int>() + 1);
  // The town table shows the 补报 on the point's town row (梨河镇 本级: the G107 station belongs to the town itself).
  Json t = next["tables"][0];
  size_t late_col = 0;
  for (size_t i = 0; i < t["columns"].size(); ++i)
    if (t["columns"][i]["key"] == "late.vehicles") late_col = i;
  EXPECT_EQ(t["rows"].back()["cells"][late_col], 1);
  EXPECT_EQ(Get(std::string(kBase) + "/reports/" + std::to_string(d["id"].get<int64_t>()), commander).Json(), published);

  // The sweep freezes every day whose cut-off has passed for the sweep units (the city; 梨河镇 has
  // reports), once, and leaves existing snapshots alone.
  int taken = server().app().reports().SweepNow();
  EXPECT_GE(taken, 1);
  EXPECT_EQ(server().app().reports().SweepNow(), 0);
  Json auto15 = Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(city) + "&day=2020-02-15", admin).Json();
  EXPECT_TRUE(auto15["taken_by"].is_null()) << auto15.dump();
  EXPECT_EQ(Get(std::string(kBase) + "/report-snapshots?unit_id=" + std::to_string(lihe) + "&day=2020-02-15", admin).Json(), s15);
}

}  // namespace

FK_INSTANTIATE_BACKENDS(CommandReportTest);

}  // namespace fk::apitest
