// Dispatch meetings and directives over HTTP (SQLite and PostgreSQL): meeting
// numbers per command unit (unique under concurrent creates), directives with
// every bad field in one 422, the state machine (closure only by the assigning
// side: 403 for the responsible side), progress with links (http/https only),
// scope (a town's user gets 404 for another town's directive), overdue derived
// from the fixture's ManualClock exactly when it passes the deadline, the sweep
// raising one alert for the responsible unit and one for the command centre
// however often it runs, the department level of units, and audit rows.
#include <set>
#include <thread>

#include "api/api_fixture.h"
#include "command/directives/store.h"
#include "store/database.h"

namespace fk::apitest {
namespace {

constexpr const char* kBase = "/api/v1/command";
constexpr int64_t kHour = 3600'000;

class DirectivesTest : public ApiTest {
 protected:
  // A meeting of the city on the fixture clock's local day.
  Json Meeting(const Session& s) {
    HttpResponse r = Post(std::string(kBase) + "/meetings",
                          {{"held_on", LocalDay(clock().NowMs(), 480)},
                           {"chair", "市长"},
                           {"attendees", {"常务副市长", "卫健委主任"}},
                           {"minutes", "研判形势，部署复工复产。"}},
                          s);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }
  Json Directive(const Session& s, int64_t meeting, int64_t unit, int64_t deadline_ms) {
    HttpResponse r = Post(std::string(kBase) + "/directives",
                          {{"meeting_id", meeting},
                           {"responsible_unit_id", unit},
                           {"text", Unique("审批指导企业复工")},
                           {"deadline", FormatRfc3339(deadline_ms)}},
                          s);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }
  std::string Path(const Json& d, const std::string& tail = "") {
    return std::string(kBase) + "/directives/" + std::to_string(d["id"].get<int64_t>()) + tail;
  }
  Json AuditOf(const std::string& entity, int64_t id) {
    Session admin = Login("admin");  // a fresh session: tests move the clock past a session's lifetime
    HttpResponse r = Get("/api/v1/audit?entity=" + entity + "&entity_id=" + std::to_string(id), admin);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }
};

TEST_P(DirectivesTest, MeetingNumbersAreSequentialAndUniqueUnderConcurrentCreates) {
  Session cmd = Login("commander");
  // The demo's 17 meetings: the 13 February meeting is the 17th.
  Json list = ListAll(std::string(kBase) + "/meetings", cmd);
  int64_t max_number = 0;
  for (const auto& m : list)
    if (m["held_on"] == "2020-02-13") {
      EXPECT_EQ(m["number"], 17);
    }
  for (const auto& m : list) max_number = std::max<int64_t>(max_number, m["number"].get<int64_t>());
  Json first = Meeting(cmd);
  EXPECT_EQ(first["number"].get<int64_t>(), max_number + 1);

  constexpr int kThreads = 8;
  std::vector<int64_t> numbers(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      HttpResponse r = Call("POST", std::string(kBase) + "/meetings",
                            Json{{"held_on", "2020-02-14"}, {"chair", "市长"}}.dump(), &cmd);
      if (r.status == 201) numbers[i] = r.Json()["number"].get<int64_t>();
    });
  for (auto& t : threads) t.join();
  std::set<int64_t> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads));
  EXPECT_EQ(*distinct.begin(), first["number"].get<int64_t>() + 1);
  EXPECT_EQ(*distinct.rbegin(), first["number"].get<int64_t>() + kThreads);

  // A replay with the same client_key returns the first meeting, no new number.
  Json body = {{"held_on", "2020-02-14"}, {"chair", "市长"}, {"client_key", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}};
  HttpResponse a = Post(std::string(kBase) + "/meetings", body, cmd);
  HttpResponse b = Post(std::string(kBase) + "/meetings", body, cmd);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.Json()["number"], b.Json()["number"]);
  EXPECT_EQ(a.Json()["id"], b.Json()["id"]);
  EXPECT_FALSE(AuditOf("meeting", a.Json()["id"].get<int64_t>()).empty());
}

TEST_P(DirectivesTest, BadInputIsOne422NamingEveryField) {
  Session cmd = Login("commander");
  Json m = Meeting(cmd);
  int64_t meeting = m["id"].get<int64_t>();
  HttpResponse r = Post(std::string(kBase) + "/meetings", {{"held_on", "2020-02-30"}, {"attendees", {""}}}, cmd);
  ExpectError(r, 422, "validation_failed");
  auto rules = FieldRules(r);
  for (const char* want : {"held_on:format", "chair:required", "attendees[0]:required"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << r.body;

  // The deadline before the meeting's day, an unknown unit, no text: one 422, nothing written.
  int64_t before = ListAll(std::string(kBase) + "/directives?meeting_id=" + std::to_string(meeting), cmd).size();
  r = Post(std::string(kBase) + "/directives",
           {{"meeting_id", meeting}, {"responsible_unit_id", 999999}, {"deadline", "2020-02-13T23:59:59+08:00"}}, cmd);
  ExpectError(r, 422, "validation_failed");
  rules = FieldRules(r);
  for (const char* want : {"responsible_unit_id:exists", "deadline:after_meeting", "text:required"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << r.body;
  r = Post(std::string(kBase) + "/directives",
           {{"meeting_id", 999999}, {"responsible_unit_id", UnitId("工信局")}, {"text", "x"}, {"deadline", "tomorrow"}},
           cmd);
  rules = FieldRules(r);
  for (const char* want : {"meeting_id:exists", "deadline:format"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << r.body;
  EXPECT_EQ(ListAll(std::string(kBase) + "/directives?meeting_id=" + std::to_string(meeting), cmd).size(), before);

  // A retried directive (same client_key) is one directive; the meeting's number and day never change.
  Json body = {{"client_key", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a77"},
               {"meeting_id", meeting},
               {"responsible_unit_id", UnitId("卫健委")},
               {"text", "为复工企业派驻防疫指导员"},
               {"deadline", "2020-02-16T18:00:00+08:00"}};
  HttpResponse first = Post(std::string(kBase) + "/directives", body, cmd);
  HttpResponse again = Post(std::string(kBase) + "/directives", body, cmd);
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(first.Json()["id"], again.Json()["id"]);
  EXPECT_EQ(ListAll(std::string(kBase) + "/directives?meeting_id=" + std::to_string(meeting), cmd).size(), before + 1);
  r = Patch(std::string(kBase) + "/meetings/" + std::to_string(meeting), {{"held_on", "2020-02-01"}, {"minutes", "改"}},
            cmd);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"held_on:immutable"});
  r = Patch(std::string(kBase) + "/meetings/" + std::to_string(meeting), {{"minutes", "补充：会后增派力量。"}}, cmd);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["minutes"], "补充：会后增派力量。");
  EXPECT_EQ(r.Json()["number"], m["number"]);

  // A bad link in a progress update: only http and https.
  Json d = Directive(cmd, meeting, UnitId("工信局"), clock().NowMs() + 48 * kHour);
  Session gxj = Login("gxj");
  for (const char* url :
       {"javascript:alert(1)", "ftp://example.com/a.pdf", "file:///etc/passwd", "http://", "http:// x"}) {
    r = Post(Path(d, "/updates"), {{"text", "已审核"}, {"attachments", {{{"text", "文件"}, {"url", url}}}}}, gxj);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{"attachments[0].url:url"}) << url;
  }
  EXPECT_EQ(Get(Path(d), gxj).Json()["updates"], 0);
  EXPECT_EQ(Get(Path(d), gxj).Json()["status"], "open");
}

TEST_P(DirectivesTest, StateMachineClosureOnlyByTheAssigningSide) {
  Session cmd = Login("commander");
  Session gxj = Login("gxj");
  Json m = Meeting(cmd);
  Json d = Directive(cmd, m["id"].get<int64_t>(), UnitId("工信局"), clock().NowMs() + 48 * kHour);
  int64_t id = d["id"].get<int64_t>();
  EXPECT_EQ(d["status"], "open");
  Json detail = Get(Path(d), gxj).Json();
  EXPECT_TRUE(detail["can"]["progress"].get<bool>());
  EXPECT_FALSE(detail["can"]["close"].get<bool>());

  // The first progress update of the responsible side starts the work; a replay is not a second update.
  Json up = {{"client_key", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01"},
             {"text", "已审核23家企业"},
             {"attachments",
              {{{"text", "审核台账"}, {"url", "https://example.gov.cn/a.xlsx"}}, {{"text", "现场照片已存档"}}}}};
  up["client_key"] = "0190a1b2-c3d4-7e5f-8a9b-" + std::string(GetParam() == "postgres" ? "1" : "2") + "c1d2e3f4a01";
  HttpResponse r = Post(Path(d, "/updates"), up, gxj);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["directive"]["status"], "in_progress");
  EXPECT_EQ(r.Json()["update"]["attachments"].size(), 2u);
  r = Post(Path(d, "/updates"), up, gxj);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Get(Path(d), gxj).Json()["updates"], 1);

  // The responsible side cannot close (no command:directive:write): 403, nothing changes.
  ExpectError(Post(Path(d, ":close"), {{"note", "完成"}}, gxj), 403, "forbidden");
  // It reports done; then only the assigning side closes or returns.
  ExpectError(Post(Path(d, ":report-done"), Json::object(), gxj), 422, "validation_failed");
  r = Post(Path(d, ":report-done"), {{"note", "全部审核完毕，请求办结"}}, gxj);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "reported_done");
  r = Post(Path(d, ":return"), {{"note", "补充审核意见"}, {"deadline", FormatRfc3339(clock().NowMs() + 72 * kHour)}},
           cmd);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "in_progress");
  EXPECT_EQ(r.Json()["deadline"], FormatRfc3339(clock().NowMs() + 72 * kHour));
  ExpectError(Post(Path(d, ":return"), {{"note", "再退"}}, cmd), 409, "conflict");
  ASSERT_EQ(Post(Path(d, ":report-done"), {{"note", "已补充"}}, gxj).status, 200);
  ExpectError(Post(Path(d, ":close"), Json::object(), cmd), 422, "validation_failed");
  r = Post(Path(d, ":close"), {{"note", "经核实，同意办结"}}, cmd);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "done");
  EXPECT_EQ(r.Json()["close_note"], "经核实，同意办结");
  ExpectError(Post(Path(d, "/updates"), {{"text", "再报"}}, gxj), 409, "conflict");
  ExpectError(Post(Path(d, ":close"), {{"note", "again"}}, cmd), 409, "conflict");
  ASSERT_EQ(Post(Path(d, ":reopen"), {{"note", "群众反映仍有问题"}}, cmd).status, 200);
  EXPECT_EQ(Get(Path(d), cmd).Json()["status"], "in_progress");

  // The timeline and the audit log hold every step.
  std::vector<std::string> kinds;
  Json timeline = Get(Path(d, "/updates"), cmd).Json();
  for (const auto& u : timeline["items"]) kinds.push_back(u["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"progress", "report_done", "return", "report_done", "close", "reopen"}));
  std::multiset<std::string> actions;
  for (const auto& a : AuditOf("directive", id)) actions.insert(a["action"].get<std::string>());
  for (const char* want : {"create", "progress", "report_done", "return", "close", "reopen"})
    EXPECT_GE(actions.count(want), 1u) << want;
  EXPECT_EQ(actions.count("report_done"), 2u);
}

TEST_P(DirectivesTest, ScopeAndPermissionRefusals) {
  Session cmd = Login("commander");
  Json m = Meeting(cmd);
  int64_t meeting = m["id"].get<int64_t>();
  // `community` is the 新烟街道 town's user: it sees its town's directive, not another town's.
  Json mine = Directive(cmd, meeting, UnitId("新烟街道"), clock().NowMs() + 24 * kHour);
  Json other = Directive(cmd, meeting, UnitId("龙湖镇"), clock().NowMs() + 24 * kHour);
  Session town = Login("community");
  EXPECT_EQ(Get(Path(mine), town).status, 200);
  ExpectError(Get(Path(other), town), 404, "not_found");
  ExpectError(Get(Path(other, "/updates"), town), 404, "not_found");
  ExpectError(Post(Path(other, "/updates"), {{"text", "越权"}}, town), 404, "not_found");
  ExpectError(Post(Path(other, ":start"), Json::object(), town), 404, "not_found");
  for (const auto& d : ListAll(std::string(kBase) + "/directives", town))
    EXPECT_EQ(d["responsible_unit_name"], "新烟街道") << d.dump();
  ExpectError(Get(std::string(kBase) + "/directives?unit_id=" + std::to_string(UnitId("龙湖镇")), town), 404,
              "not_found");
  // The town's user may start and report its own directive, never assign or close.
  ASSERT_EQ(Post(Path(mine, ":start"), Json::object(), town).status, 200);
  ExpectError(Post(Path(mine, ":close"), {{"note", "x"}}, town), 403, "forbidden");
  ExpectError(Post(std::string(kBase) + "/meetings", {{"held_on", "2020-02-14"}, {"chair", "镇长"}}, town), 403,
              "forbidden");
  ExpectError(Post(std::string(kBase) + "/directives",
                   {{"meeting_id", meeting},
                    {"responsible_unit_id", UnitId("新烟街道")},
                    {"text", "x"},
                    {"deadline", "2020-02-20T18:00:00+08:00"}},
                   town),
              403, "forbidden");
  // A volunteer has no directive permission at all.
  Session vol = Login("volunteer");
  ExpectError(Get(std::string(kBase) + "/directives", vol), 403, "forbidden");
  ExpectError(Post(std::string(kBase) + "/directives:sweep", Json::object(), town), 403, "forbidden");
  // The viewer reads but cannot report progress (no progress or write permission).
  Session viewer = Login("viewer");
  EXPECT_EQ(Get(Path(mine), viewer).status, 200);
  ExpectError(Post(Path(mine, "/updates"), {{"text", "x"}}, viewer), 403, "forbidden");
}

TEST_P(DirectivesTest, OverdueExactlyWhenTheClockPassesTheDeadlineWithOneAlertPerAudience) {
  Session cmd = Login("commander");
  Json m = Meeting(cmd);
  int64_t deadline = clock().NowMs() + 2 * kHour;
  Json d = Directive(cmd, m["id"].get<int64_t>(), UnitId("新烟街道"), deadline);
  int64_t id = d["id"].get<int64_t>();
  auto alerts = [&](const Session& s) {
    Json out = Json::array();
    for (const auto& a : ListAll(std::string(kBase) + "/directive-alerts?directive_id=" + std::to_string(id), s))
      out.push_back(a);
    return out;
  };
  auto counts = [&](const Session& s) {
    return Get(std::string(kBase) + "/directives:counts?meeting_id=" + std::to_string(m["id"].get<int64_t>()), s)
        .Json();
  };
  EXPECT_EQ(counts(cmd)["open"], 1);

  // At the deadline itself: not overdue, and the sweep raises nothing.
  clock().Set(deadline);
  cmd = Login("commander");
  EXPECT_FALSE(Get(Path(d), cmd).Json()["overdue"].get<bool>());
  ASSERT_EQ(Post(std::string(kBase) + "/directives:sweep", Json::object(), cmd).status, 200);
  EXPECT_TRUE(alerts(cmd).empty());
  EXPECT_EQ(
      ListAll(std::string(kBase) + "/directives?status=overdue&meeting_id=" + std::to_string(m["id"].get<int64_t>()),
              cmd)
          .size(),
      0u);

  // One millisecond later: overdue on read, before any sweep.
  clock().Set(deadline + 1);
  Json got = Get(Path(d), cmd).Json();
  EXPECT_TRUE(got["overdue"].get<bool>());
  EXPECT_EQ(got["display_status"], "overdue");
  EXPECT_EQ(got["status"], "open");
  EXPECT_TRUE(got["overdue_since"].is_null());
  Json k = counts(cmd);
  EXPECT_EQ(k["overdue"], 1);
  EXPECT_EQ(k["open"], 0);
  EXPECT_EQ(k["total"], 1);

  // Several sweeps: one alert for the responsible unit and one for the command centre.
  for (int i = 0; i < 3; ++i) {
    HttpResponse r = Post(std::string(kBase) + "/directives:sweep", Json::object(), cmd);
    ASSERT_EQ(r.status, 200) << r.body;
    clock().Advance(60'000);
  }
  Json all = alerts(cmd);
  ASSERT_EQ(all.size(), 2u) << all.dump();
  std::set<std::string> audiences;
  for (const auto& a : all) audiences.insert(a["audience"].get<std::string>());
  EXPECT_EQ(audiences, (std::set<std::string>{"responsible", "command"}));
  Json command_only =
      Get(std::string(kBase) + "/directive-alerts?audience=command&directive_id=" + std::to_string(id), cmd)
          .Json()["items"];
  ASSERT_EQ(command_only.size(), 1u);
  EXPECT_EQ(command_only[0]["unit_name"], "新郑市");
  ExpectError(Get(std::string(kBase) + "/directive-alerts?audience=mayor", cmd), 422, "validation_failed");
  EXPECT_FALSE(Get(Path(d), cmd).Json()["overdue_since"].is_null());

  // The town's user sees its own alert (not the command centre's) and acknowledges it.
  Session town = Login("community");
  Json theirs = alerts(town);
  ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
  EXPECT_EQ(theirs[0]["audience"], "responsible");
  EXPECT_EQ(theirs[0]["unit_name"], "新烟街道");
  HttpResponse ack =
      Post(std::string(kBase) + "/directive-alerts/" + std::to_string(theirs[0]["id"].get<int64_t>()) + ":acknowledge",
           Json::object(), town);
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.Json()["status"], "acknowledged");
  for (const auto& a : all)
    if (a["audience"] == "command")
      ExpectError(
          Post(std::string(kBase) + "/directive-alerts/" + std::to_string(a["id"].get<int64_t>()) + ":acknowledge",
               Json::object(), town),
          404, "not_found");

  // Reported done after the deadline stays overdue until closed; closed is never overdue.
  ASSERT_EQ(Post(Path(d, ":report-done"), {{"note", "已落实"}}, town).status, 200);
  EXPECT_TRUE(Get(Path(d), cmd).Json()["overdue"].get<bool>());
  ASSERT_EQ(Post(Path(d, ":close"), {{"note", "同意办结"}}, cmd).status, 200);
  got = Get(Path(d), cmd).Json();
  EXPECT_FALSE(got["overdue"].get<bool>());
  EXPECT_EQ(got["display_status"], "done");
  // The sweep's mark is audited.
  bool marked = false;
  for (const auto& a : AuditOf("directive", id)) marked = marked || a["action"] == "overdue";
  EXPECT_TRUE(marked);
}

TEST_P(DirectivesTest, ReportedDoneByTheDeadlineIsNotOverdue) {
  Session cmd = Login("commander");
  Json m = Meeting(cmd);
  int64_t deadline = clock().NowMs() + kHour;
  Json d = Directive(cmd, m["id"].get<int64_t>(), UnitId("工信局"), deadline);
  Session gxj = Login("gxj");
  ASSERT_EQ(Post(Path(d, ":report-done"), {{"note", "按期完成"}}, gxj).status, 200);
  clock().Set(deadline + 10 * 60'000);
  cmd = Login("commander");
  EXPECT_FALSE(Get(Path(d), cmd).Json()["overdue"].get<bool>());
  ASSERT_EQ(Post(std::string(kBase) + "/directives:sweep", Json::object(), cmd).status, 200);
  EXPECT_TRUE(
      ListAll(std::string(kBase) + "/directive-alerts?directive_id=" + std::to_string(d["id"].get<int64_t>()), cmd)
          .empty());
}

TEST_P(DirectivesTest, DepartmentsSitOnlyDirectlyUnderTheCity) {
  const Session& admin = Admin();
  Json city = UnitByName("新郑市");
  HttpResponse r = Post("/api/v1/org/units",
                        {{"code", Unique("DEPT").substr(0, 30)},
                         {"name", Unique("应急管理局")},
                         {"level", "department"},
                         {"parent_id", city["id"]}},
                        admin);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["level"], "department");
  int64_t dept = r.Json()["id"].get<int64_t>();
  r = Post("/api/v1/org/units",
           {{"code", Unique("DEPT").substr(0, 30)},
            {"name", Unique("科室")},
            {"level", "department"},
            {"parent_id", UnitId("龙湖镇")}},
           admin);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"level:department_under_city"});
  r = Post(
      "/api/v1/org/units",
      {{"code", Unique("SUB").substr(0, 30)}, {"name", Unique("下属")}, {"level", "community"}, {"parent_id", dept}},
      admin);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"parent_id:department_leaf"});
  // The demo's departments are there and a directive can go to one.
  EXPECT_EQ(UnitByName("卫健委")["level"], "department");
}

TEST_P(DirectivesTest, AStaleTransitionChangesNothingAndIsAConflict) {
  Session cmd = Login("commander");
  Session gxj = Login("gxj");
  Json m = Meeting(cmd);
  Json d = Directive(cmd, m["id"].get<int64_t>(), UnitId("工信局"), clock().NowMs() + 48 * kHour);
  int64_t id = d["id"].get<int64_t>();
  ASSERT_EQ(Post(Path(d, ":close"), {{"note", "直接办结"}}, cmd).status, 200);
  // A report-done that read "open" before the close committed: its compare-and-set changes no row.
  namespace ds = fk::command::directives::store;
  int64_t now = clock().NowMs();
  bool changed = server().app().db().Write([&](fk::store::Connection& c) {
    return ds::SetReported(c, id, "open", now) || ds::SetStatus(c, id, "open", "in_progress", now) ||
           ds::Reopen(c, id, "reported_done", now, std::nullopt) || ds::Touch(c, id, "open", now);
  });
  EXPECT_FALSE(changed);
  EXPECT_EQ(Get(Path(d), cmd).Json()["status"], "done");
  ExpectError(Post(Path(d, ":report-done"), {{"note", "已完成"}}, gxj), 409, "conflict");

  // Racing report-done and close over HTTP: whatever wins, the status is the last timeline entry's.
  Json d2 = Directive(cmd, m["id"].get<int64_t>(), UnitId("工信局"), clock().NowMs() + 48 * kHour);
  std::vector<std::thread> threads;
  std::vector<int> statuses(8, 0);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      HttpResponse r = i % 2 ? Call("POST", Path(d2, ":close"), Json{{"note", "办结"}}.dump(), &cmd)
                             : Call("POST", Path(d2, ":report-done"), Json{{"note", "完成"}}.dump(), &gxj);
      statuses[i] = r.status;
    });
  for (auto& t : threads) t.join();
  for (int st : statuses) EXPECT_TRUE(st == 200 || st == 409) << st;
  Json timeline = Get(Path(d2, "/updates"), cmd).Json()["items"];
  ASSERT_FALSE(timeline.empty());
  EXPECT_EQ(timeline.back()["status_after"], Get(Path(d2), cmd).Json()["status"]);
  for (size_t i = 1; i < timeline.size(); ++i) EXPECT_EQ(timeline[i]["status_before"], timeline[i - 1]["status_after"]);
}

TEST_P(DirectivesTest, OverdueIsMarkedOnceAndANewDeadlineClosesTheOldAlerts) {
  Session cmd = Login("commander");
  Session gxj = Login("gxj");
  Json m = Meeting(cmd);
  int64_t deadline = clock().NowMs() + kHour;
  Json d = Directive(cmd, m["id"].get<int64_t>(), UnitId("工信局"), deadline);
  int64_t id = d["id"].get<int64_t>();
  // A second server's sweep that read the directive before the first marked it: MarkOverdue refuses.
  namespace ds = fk::command::directives::store;
  clock().Set(deadline + 1);
  cmd = Login("commander");
  gxj = Login("gxj");
  ASSERT_EQ(Post(std::string(kBase) + "/directives:sweep", Json::object(), cmd).status, 200);
  EXPECT_FALSE(server().app().db().Write([&](fk::store::Connection& c) { return ds::MarkOverdue(c, id, deadline + 2); }));
  int overdue_entries = 0;
  Json entries = Get(Path(d, "/updates"), cmd).Json()["items"];
  for (const auto& u : entries) overdue_entries += u["kind"] == "overdue";
  EXPECT_EQ(overdue_entries, 1) << entries.dump();

  auto open_alerts = [&] {
    return ListAll(std::string(kBase) + "/directive-alerts?status=open&directive_id=" + std::to_string(id), cmd)
        .size();
  };
  EXPECT_EQ(open_alerts(), 2u);
  ASSERT_EQ(Post(Path(d, ":report-done"), {{"note", "完成"}}, gxj).status, 200);
  HttpResponse r =
      Post(Path(d, ":return"), {{"note", "补充"}, {"deadline", FormatRfc3339(clock().NowMs() + 24 * kHour)}}, cmd);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(open_alerts(), 0u);
  Json timeline = Get(Path(d, "/updates"), cmd).Json()["items"];
  EXPECT_NE(timeline.back()["text"].get<std::string>().find("alert(s) of the old deadline closed"), std::string::npos);
  // The new deadline passes: new alerts, one "alerts raised" entry more.
  clock().Advance(25 * kHour);
  cmd = Login("commander");
  ASSERT_EQ(Post(std::string(kBase) + "/directives:sweep", Json::object(), cmd).status, 200);
  EXPECT_EQ(open_alerts(), 2u);
}

TEST(TestClockTest, OnlyALoopbackServerMayHaveOne) {
  for (const char* h : {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"}) EXPECT_TRUE(app::IsLoopbackHost(h)) << h;
  for (const char* h : {"0.0.0.0", "::", "", "10.0.0.1", "127.0.0.1.example.com", "localhost.example.com", "1270.0.0.1"})
    EXPECT_FALSE(app::IsLoopbackHost(h)) << h;
  EXPECT_EQ(app::kMaxTestClockOffsetMs, 400LL * 86'400'000);
}

FK_INSTANTIATE_BACKENDS(DirectivesTest);

}  // namespace
}  // namespace fk::apitest
