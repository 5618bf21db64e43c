// Home observation over HTTP (SQLite and PostgreSQL): starting periods (every
// bad field in one 422, 409 for a second active period, scope 404, roles 403),
// rounds recorded by the cadre (idempotent by client_key), the sweep with the
// fixture's ManualClock (due rounds, missed rounds after the deadline with an
// alert to the responsible cadre, idempotent), fever → alert + handover, the
// resident's self-report link, needs → requests, release and follow-up, the
// board's counts. After every test the community_daily observation columns
// equal a recount of the records.
//
// Each test moves the clock to 08:00 local on a day of its own, so tests do
// not see each other's rounds of "today".
#include <set>

#include "api/api_fixture.h"
#include "core/ids.h"
#include "observation/service.h"

namespace fk::apitest {
namespace {

constexpr const char* kBase = "/api/v1/residents/observation";
constexpr int64_t kHour = 3600'000;

class ObservationTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // A day of its own: the day after the clock's, at 08:00 local.
    std::string today = LocalDay(clock().NowMs(), 480);
    auto d = ParseDay(today);
    day_ = FormatDay(CivilFromDays(DaysFromCivil(*d) + 1));
    clock().Set(DayStartUtcMs(day_, 480) + 8 * kHour);
    started_ = true;
  }
  void TearDown() override {
    if (IsSkipped() || !started_) return;
    auto diffs = server().app().observation().VerifyRollups();
    EXPECT_TRUE(diffs.empty()) << "rollups differ from a recount: " << (diffs.empty() ? "" : diffs.front());
  }

  // Moves the clock to hh:mm local of the test's day; sessions made before expire, so sign in again after.
  void At(int hh, int mm = 0) { clock().Set(DayStartUtcMs(day_, 480) + hh * kHour + mm * 60'000); }

  // A person of the unit without an active period, not used by another test.
  int64_t FreePerson(const std::string& unit, const Session& s) {
    static std::set<int64_t> used;
    Json items = Get(std::string(kBase) + "/candidates?unit_id=" + std::to_string(UnitId(unit)), s).Json()["items"];
    for (const auto& c : items) {
      int64_t id = c["person_id"].get<int64_t>();
      if (c["active_period_id"].is_null() && !c["returned"].get<bool>() && used.insert(id * 2 + (server().backend() == "postgres")).second)
        return id;
    }
    ADD_FAILURE() << "no free person in " << unit;
    return 0;
  }
  Json Start(int64_t person, const Session& s, Json extra = Json::object()) {
    Json body = {{"person_id", person}, {"reason", "close_contact"}, {"start_day", day_}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    HttpResponse r = Post(std::string(kBase) + "/periods", body, s);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }
  HttpResponse Round(int64_t period, double t, const Session& s, Json extra = Json::object(), std::string key = "") {
    Json body = {{"client_key", key.empty() ? NewUuidV7() : key}, {"period_id", period}, {"temperature", t}, {"symptoms", {"none"}}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return Post(std::string(kBase) + "/rounds", body, s);
  }
  Json Sweep(const Session& s) {
    HttpResponse r = Post(std::string(kBase) + ":sweep", nullptr, s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  Json Board(const std::string& unit, const Session& s) {
    if (!units_.count(unit)) units_[unit] = UnitId(unit);
    HttpResponse r = Get(std::string(kBase) + "/board?unit_id=" + std::to_string(units_[unit]) + "&day=" + day_, s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }

  std::string day_;
  bool started_ = false;
  std::map<std::string, int64_t> units_;
};

TEST_P(ObservationTest, StartNamesEveryBadFieldAndRefusesOutsideScope) {
  Session community = Login("community");  // 新烟街道: 车站社区, 永宁街社区, 解放路社区 …
  size_t before = ListAll(std::string(kBase) + "/periods", Admin()).size();
  HttpResponse r = Post(std::string(kBase) + "/periods",
                        {{"reason", "holiday"}, {"start_day", "2020-02-30"}, {"length_days", 0}, {"cadre_id", 999999}, {"note", 5}},
                        community);
  ExpectError(r, 422, "validation_failed");
  auto rules = FieldRules(r);
  for (const char* want : {"person_id:required", "reason:enum", "start_day:format", "length_days:range", "cadre_id:exists", "note:type"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << r.body;
  // A length other than the rule's needs a reason.
  int64_t person = FreePerson("车站社区", community);
  r = Post(std::string(kBase) + "/periods", {{"person_id", person}, {"reason", "close_contact"}, {"start_day", day_}, {"length_days", 21}}, community);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"length_reason:required"});
  // A person outside the caller's subtree: named as absent.
  int64_t far = FreePerson("岗李村", Admin());
  r = Post(std::string(kBase) + "/periods", {{"person_id", far}, {"reason", "close_contact"}, {"start_day", day_}}, community);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"person_id:exists"});
  EXPECT_EQ(ListAll(std::string(kBase) + "/periods", Admin()).size(), before) << "a refused start wrote a period";
  // Roles: the viewer reads but cannot start; the checkpoint user has no observation permission.
  ExpectError(Post(std::string(kBase) + "/periods", {{"person_id", person}, {"start_day", day_}}, Login("viewer")), 403, "forbidden");
  ExpectError(Get(std::string(kBase) + "/board", Login("checkpoint")), 403, "forbidden");

  Json p = Start(person, community, {{"length_days", 21}, {"length_reason", "密接，延长观察"}});
  EXPECT_EQ(p["status"], "active");
  EXPECT_EQ(p["length_days"], 21);
  EXPECT_EQ(p["cadre_id"], community.user_id) << "the cadre defaults to the caller";
  EXPECT_EQ(p["person_name_masked"].get<std::string>().find("*") != std::string::npos, true);
  EXPECT_FALSE(p["self_report_token"].get<std::string>().empty());
  // A second active period for the same person: 409.
  ExpectError(Post(std::string(kBase) + "/periods", {{"person_id", person}, {"reason", "other"}, {"start_day", day_}}, community),
              409, "conflict");
  // Another town's period is not there for the community user.
  Json other = Start(far, Admin());
  ExpectError(Get(std::string(kBase) + "/periods/" + std::to_string(other["id"].get<int64_t>()), community), 404, "not_found");
  ExpectError(Post(std::string(kBase) + "/periods/" + std::to_string(other["id"].get<int64_t>()) + ":release", {{"result", "normal"}}, community),
              404, "not_found");
  // A person marked returned gets the reason suggested.
  Json cands = Get(std::string(kBase) + "/candidates?returned=true&unit_id=" + std::to_string(UnitId("岗李村")), Admin()).Json()["items"];
  for (const auto& c : cands)
    if (c["active_period_id"].is_null()) {
      Json q = Start(c["person_id"].get<int64_t>(), Admin(), {{"reason", nullptr}});
      EXPECT_EQ(q["reason"], "returned_from_elsewhere");
      break;
    }
}

// The cadre picker lists exactly who StartPeriod accepts as the responsible cadre: active users of the
// unit or an ancestor whose roles grant residents:observation:write.
TEST_P(ObservationTest, CadrePickerAgreesWithTheStartCheck) {
  Session community = Login("community");  // 新烟街道
  int64_t station = UnitId("车站社区");
  int64_t local = CreateUser(Unique("cadre"), "community", station);                 // the unit itself: listed
  int64_t reader = CreateUser(Unique("reader"), "viewer", station);                  // no write permission
  int64_t below_far = CreateUser(Unique("farcadre"), "community", UnitId("岗李村"));  // does not cover 车站社区
  int64_t gone = CreateUser(Unique("gone"), "community", station);
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(gone), {{"active", false}}, Admin()).status, 200);

  HttpResponse r = Get(std::string(kBase) + "/cadres?unit_id=" + std::to_string(station), community);
  ASSERT_EQ(r.status, 200) << r.body;
  Json items = r.Json()["items"];
  std::set<int64_t> ids;
  for (const auto& c : items) {
    ids.insert(c["id"].get<int64_t>());
    EXPECT_FALSE(c["display_name"].get<std::string>().empty());
    EXPECT_FALSE(c["unit_name"].get<std::string>().empty());
  }
  EXPECT_EQ(items[0]["id"], local) << "nearest unit first: " << r.body;
  EXPECT_EQ(items[0]["unit_name"], "车站社区");
  EXPECT_TRUE(ids.count(community.user_id)) << "新烟街道 covers 车站社区";
  EXPECT_TRUE(ids.count(Admin().user_id)) << "新郑市 covers 车站社区";
  for (int64_t no : {reader, below_far, gone}) EXPECT_FALSE(ids.count(no)) << no << " listed in " << r.body;

  // Refusals: outside the caller's subtree 404, a read-only role 403, no unit 422.
  ExpectError(Get(std::string(kBase) + "/cadres?unit_id=" + std::to_string(UnitId("岗李村")), community), 404, "not_found");
  ExpectError(Get(std::string(kBase) + "/cadres?unit_id=" + std::to_string(station), Login("viewer")), 403, "forbidden");
  ExpectError(Get(std::string(kBase) + "/cadres", community), 422, "validation_failed");

  // The start check agrees: every one left out is refused, one listed is accepted.
  int64_t person = FreePerson("车站社区", community);
  for (int64_t no : {reader, below_far, gone}) {
    HttpResponse s = Post(std::string(kBase) + "/periods",
                          {{"person_id", person}, {"reason", "close_contact"}, {"start_day", day_}, {"cadre_id", no}}, community);
    ExpectError(s, 422, "validation_failed");
    EXPECT_EQ(FieldRules(s), std::vector<std::string>{"cadre_id:scope"}) << no;
  }
  Json p = Start(person, community, {{"cadre_id", local}});
  EXPECT_EQ(p["cadre_id"], local);
}

TEST_P(ObservationTest, RoundDoneOrMissedAfterTheDeadlineWithAnAlertForTheCadre) {
  Session community = Login("community");
  Json a = Start(FreePerson("永宁街社区", community), community);
  Json b = Start(FreePerson("永宁街社区", community), community);
  int64_t pa = a["id"].get<int64_t>(), pb = b["id"].get<int64_t>();
  Json board0 = Board("永宁街社区", community);
  EXPECT_EQ(board0["counts"]["started"], 2);
  EXPECT_EQ(board0["counts"]["rounds_due"], 0);

  Session admin = Login("admin");
  int64_t unit = UnitId("永宁街社区");
  Json s1 = Sweep(admin);
  EXPECT_GE(s1["rounds_created"].get<int>(), 2);
  Json board1 = Board("永宁街社区", community);
  EXPECT_EQ(board1["counts"]["rounds_due"], 2);
  EXPECT_EQ(board1["counts"]["rounds_missed"], 0) << "before 20:00 nothing is missed";
  EXPECT_EQ(board1["missing"]["items"].size(), 2u);
  Json door = Get(std::string(kBase) + "/door-list", community).Json();
  EXPECT_EQ(door["day"], day_);
  ASSERT_GE(door["items"].size(), 2u);

  std::string key = NewUuidV7();
  HttpResponse r = Round(pa, 36.6, community, {{"note", "敲门询问"}}, key);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["status"], "done");
  EXPECT_EQ(r.Json()["day"], day_);
  EXPECT_EQ(r.Json()["temperature"], 36.6);
  HttpResponse replay = Round(pa, 36.6, community, {{"note", "敲门询问"}}, key);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.Json()["id"], r.Json()["id"]) << "a replay answers with the first round";
  ExpectError(Round(pa, 36.5, community), 409, "conflict");
  // Bad rounds: every field named.
  HttpResponse bad = Post(std::string(kBase) + "/rounds",
                          {{"client_key", "x"}, {"temperature", 45.1}, {"symptoms", {"fever", "sneeze"}}, {"needs", {{{"kind", "car"}}}}},
                          community);
  ExpectError(bad, 422, "validation_failed");
  auto rules = FieldRules(bad);
  for (const char* want : {"client_key:format", "period_id:required", "temperature:range", "symptoms[1]:enum", "needs[0].kind:enum"})
    EXPECT_NE(std::find(rules.begin(), rules.end(), want), rules.end()) << want << " in " << bad.body;

  // 20:00: b's round is missed at the sweep, with an alert to its cadre.
  At(20, 0);
  community = Login("community");
  admin = Login("admin");
  Json s2 = Sweep(admin);
  EXPECT_GE(s2["rounds_missed"].get<int>(), 1);
  Json s3 = Sweep(admin);
  EXPECT_EQ(s3["rounds_created"], 0) << "the sweep twice changes nothing";
  EXPECT_EQ(s3["rounds_missed"], 0);
  EXPECT_EQ(s3["alerts_opened"], 0);
  Json mine = ListAll(std::string(kBase) + "/alerts?mine=true&kind=missed_round&open=true", community);
  Json alert;
  for (const auto& x : mine)
    if (x["period_id"] == pb) alert = x;
  ASSERT_FALSE(alert.is_null()) << "a missed-round alert for the cadre";
  EXPECT_EQ(alert["cadre_id"], community.user_id);
  EXPECT_EQ(alert["unit_id"], unit);
  EXPECT_EQ(alert["day"], day_);
  Json board = Board("永宁街社区", community);
  EXPECT_EQ(board["counts"]["rounds_due"], 2);
  EXPECT_EQ(board["counts"]["rounds_done"], 1);
  EXPECT_EQ(board["counts"]["rounds_missed"], 1);
  EXPECT_EQ(board["missing"]["items"].size(), 1u);
  EXPECT_EQ(board["missing"]["items"][0]["period_id"], pb);
  EXPECT_EQ(board["missing"]["items"][0]["status"], "missed");

  // The late report turns the round done (late) and closes the alert.
  At(21, 0);
  community = Login("community");
  r = Round(pb, 36.4, community);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.Json()["late"].get<bool>());
  Json closed = Get(std::string(kBase) + "/alerts?status=closed&kind=missed_round", community).Json()["items"];
  bool found = false;
  for (const auto& x : closed) found = found || x["id"] == alert["id"];
  EXPECT_TRUE(found) << "the late report closes the missed-round alert";
  board = Board("永宁街社区", community);
  EXPECT_EQ(board["counts"]["rounds_done"], 2);
  EXPECT_EQ(board["counts"]["rounds_missed"], 0);
  EXPECT_EQ(board["counts"]["alerts_opened"], 1);
  EXPECT_EQ(board["counts"]["alerts_closed"], 1);
  EXPECT_TRUE(board["missing"]["items"].empty());
}

TEST_P(ObservationTest, FeverOpensAnAlertAndAHandoverWithoutTheIdentityNumber) {
  Session community = Login("community");
  Json p = Start(FreePerson("解放路社区", community), community);
  HttpResponse r = Round(p["id"].get<int64_t>(), 38.1, community, {{"symptoms", {"fever", "cough"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.Json()["alert_ids"].size(), 1u);
  Json alerts = ListAll(std::string(kBase) + "/alerts?kind=fever", community);
  Json alert;
  for (const auto& a : alerts)
    if (a["id"] == r.Json()["alert_ids"][0]) alert = a;
  ASSERT_FALSE(alert.is_null());
  EXPECT_EQ(alert["status"], "open");
  ASSERT_TRUE(alert["handover_id"].is_number());
  HttpResponse h = Get("/api/v1/screening/handovers/" + std::to_string(alert["handover_id"].get<int64_t>()), community);
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.Json()["source"], "observation");
  EXPECT_TRUE(h.Json()["point_id"].is_null());
  EXPECT_EQ(h.Json()["person_id"], p["person_id"]);
  EXPECT_EQ(h.Json()["source_ref"], r.Json()["id"]);
  EXPECT_EQ(h.Json()["temperature"], 38.1);
  EXPECT_EQ(h.Json()["person"]["id_number_masked"], "") << "no identity number in the handover";
  // Acknowledge, then close with a note (a note is required).
  std::string id = std::to_string(alert["id"].get<int64_t>());
  EXPECT_EQ(Post(std::string(kBase) + "/alerts/" + id + ":acknowledge", nullptr, community).Json()["status"], "acknowledged");
  ExpectError(Post(std::string(kBase) + "/alerts/" + id + ":acknowledge", nullptr, community), 409, "conflict");
  ExpectError(Post(std::string(kBase) + "/alerts/" + id + ":close", Json::object(), community), 422, "validation_failed");
  ExpectError(Post(std::string(kBase) + "/alerts/" + id + ":close", {{"note", "x"}}, Login("viewer")), 403, "forbidden");
  EXPECT_EQ(Post(std::string(kBase) + "/alerts/" + id + ":close", {{"note", "已送发热门诊"}}, community).Json()["status"], "closed");
}

TEST_P(ObservationTest, ResidentSelfReportsThroughTheLink) {
  Session community = Login("community");
  Json p = Start(FreePerson("车站社区", community), community);
  std::string token = p["self_report_token"];
  std::string url = std::string(kBase) + "/self-report/" + token;
  HttpResponse info = Call("GET", url);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.Json()["status"], "due");
  EXPECT_EQ(info.Json()["deadline"], "20:00");
  EXPECT_EQ(info.Json()["name_masked"], p["person_name_masked"]);
  EXPECT_EQ(info.body.find("household"), std::string::npos) << "the link shows the masked name only";
  std::string wrong = RandomToken(24);
  ExpectError(Call("GET", std::string(kBase) + "/self-report/" + wrong), 404, "not_found");
  ExpectError(Call("POST", std::string(kBase) + "/self-report/" + wrong, R"({"temperature":36.5})"), 404, "not_found");
  ExpectError(Call("GET", std::string(kBase) + "/self-report/short"), 400, "bad_request");
  HttpResponse bad = Call("POST", url, R"({"temperature":"hot","symptoms":["x"]})");
  ExpectError(bad, 422, "validation_failed");
  HttpResponse r = Call("POST", url, R"({"temperature":36.5,"symptoms":["none"],"needs":[{"kind":"food","text":"大米"}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["status"], "done");
  HttpResponse again = Call("POST", url, R"({"temperature":36.7,"symptoms":["none"],"needs":[{"kind":"food","text":"大米"}]})");
  EXPECT_EQ(again.status, 200) << "a second report the same day answers with the first";
  EXPECT_EQ(again.Json()["today"]["temperature"], 36.5);
  Json rounds = Get(std::string(kBase) + "/periods/" + std::to_string(p["id"].get<int64_t>()) + "/rounds", community).Json()["items"];
  ASSERT_EQ(rounds.size(), 1u);
  EXPECT_EQ(rounds[0]["source"], "self");
  Json needs = ListAll(std::string(kBase) + "/needs?unit_id=" + std::to_string(UnitId("车站社区")), community);
  int n = 0;
  for (const auto& x : needs) n += x["round_id"] == rounds[0]["id"];
  EXPECT_EQ(n, 1) << "the need is recorded once";
  // A new link replaces the old one.
  HttpResponse link = Post(std::string(kBase) + "/periods/" + std::to_string(p["id"].get<int64_t>()) + ":self-report-link", nullptr, community);
  ASSERT_EQ(link.status, 200);
  EXPECT_EQ(Call("GET", url).status, 404);
  EXPECT_EQ(Call("GET", std::string(kBase) + "/self-report/" + link.Json()["self_report_token"].get<std::string>()).status, 200);
}

TEST_P(ObservationTest, NeedsBecomeRequestsWithAStatus) {
  Session community = Login("community");
  Json p = Start(FreePerson("铁路家属院", community), community);
  HttpResponse r = Round(p["id"].get<int64_t>(), 36.5, community,
                         {{"needs", {{{"kind", "food"}, {"text", "蔬菜"}}, {{"kind", "medicine"}, {"text", "降压药"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json needs = ListAll(std::string(kBase) + "/needs?status=open&unit_id=" + std::to_string(UnitId("铁路家属院")), community);
  std::vector<Json> mine;
  for (const auto& x : needs)
    if (x["round_id"] == r.Json()["id"]) mine.push_back(x);
  ASSERT_EQ(mine.size(), 2u);
  std::string id = std::to_string(mine[0]["id"].get<int64_t>());
  ExpectError(Patch(std::string(kBase) + "/needs/" + id, {{"status", "lost"}}, community), 422, "validation_failed");
  EXPECT_EQ(Patch(std::string(kBase) + "/needs/" + id, {{"status", "in_progress"}}, community).Json()["status"], "in_progress");
  EXPECT_EQ(Patch(std::string(kBase) + "/needs/" + id, {{"status", "done"}}, community).Json()["status"], "done");
  ExpectError(Patch(std::string(kBase) + "/needs/" + id, {{"status", "in_progress"}}, community), 409, "conflict");
  Json board = Board("铁路家属院", community);
  EXPECT_EQ(board["counts"]["needs_opened"], 2);
  EXPECT_EQ(board["counts"]["needs_closed"], 1);
}

TEST_P(ObservationTest, ReleaseThenFollowUpIsNotDue) {
  Session community = Login("community");
  Json p = Start(FreePerson("永宁街社区", community), community, {{"start_day", "2020-02-01"}});
  // start_day more than 60 days back or 7 ahead is refused; a past start is allowed.
  EXPECT_EQ(p["end_day"], "2020-02-14");
  std::string id = std::to_string(p["id"].get<int64_t>());
  ExpectError(Post(std::string(kBase) + "/periods/" + id + ":change-length", {{"length_days", 21}}, community), 422, "validation_failed");
  Json longer = Post(std::string(kBase) + "/periods/" + id + ":change-length", {{"length_days", 60}, {"reason", "复核"}}, community).Json();
  EXPECT_EQ(longer["length_days"], 60);
  ExpectError(Post(std::string(kBase) + "/periods/" + id + ":release", {{"result", "cured"}}, community), 422, "validation_failed");
  Json rel = Post(std::string(kBase) + "/periods/" + id + ":release", {{"result", "normal"}, {"note", "期满解除"}}, community).Json();
  EXPECT_EQ(rel["status"], "released");
  EXPECT_EQ(rel["release_day"], day_);
  ExpectError(Post(std::string(kBase) + "/periods/" + id + ":release", {{"result", "normal"}}, community), 409, "conflict");
  Json before = Board("永宁街社区", community)["counts"];
  HttpResponse r = Round(p["id"].get<int64_t>(), 36.5, community);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["status"], "follow_up");
  Json after = Board("永宁街社区", community)["counts"];
  EXPECT_EQ(after["rounds_due"], before["rounds_due"]) << "a follow-up is not due";
  EXPECT_EQ(after["released"], 1);
  // The self-report link ends with the period.
  EXPECT_EQ(Call("POST", std::string(kBase) + "/self-report/" + p["self_report_token"].get<std::string>(), R"({"temperature":36.5})").status, 409);
}

TEST_P(ObservationTest, SweepCatchesUpOnlyTheWindowOfRecentDays) {
  // A period started 30 days ago (registered late, or a server that was down): the sweep creates due rounds
  // only for today and the observation.catch_up_days (3) days before; older unrecorded days are never due.
  auto back = [&](int n) { return FormatDay(CivilFromDays(DaysFromCivil(*ParseDay(day_)) - n)); };
  Session community = Login("community");
  int64_t second = FreePerson("解放路社区", community);
  Json p = Start(FreePerson("解放路社区", community), community, {{"start_day", back(30)}, {"length_days", 40}, {"length_reason", "密接延长"}});
  int64_t pid = p["id"].get<int64_t>();
  Session admin = Login("admin");
  Sweep(admin);
  Json rounds = Get(std::string(kBase) + "/periods/" + std::to_string(pid) + "/rounds", community).Json()["items"];
  std::vector<std::string> days;
  for (const auto& r : rounds) days.push_back(r["day"].get<std::string>());
  EXPECT_EQ(days, (std::vector<std::string>{back(3), back(2), back(1), day_})) << rounds.dump();
  for (const auto& r : rounds)
    EXPECT_EQ(r["status"], r["day"] == day_ ? "due" : "missed") << "08:00: earlier days of the window are missed";
  // The first day of the period is not counted as due anywhere.
  HttpResponse old = Get(std::string(kBase) + "/board?unit_id=" + std::to_string(UnitId("解放路社区")) + "&day=" + back(30), community);
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.Json()["counts"]["rounds_due"], 0);
  EXPECT_EQ(old.Json()["counts"]["started"], 1);
  // A second sweep a day later adds only the new day, never the skipped ones.
  clock().Set(clock().NowMs() + 24 * kHour);
  admin = Login("admin");
  Sweep(admin);
  community = Login("community");
  rounds = Get(std::string(kBase) + "/periods/" + std::to_string(pid) + "/rounds", community).Json()["items"];
  EXPECT_EQ(rounds.size(), 5u) << rounds.dump();
  EXPECT_EQ(Post(std::string(kBase) + "/periods/" + std::to_string(pid) + ":release", {{"result", "normal"}}, community).status, 200);

  // A period whose end is long past is due for release, with no rounds at all.
  Json q = Start(second, community, {{"start_day", back(31)}, {"length_days", 14}});
  Sweep(admin);
  EXPECT_TRUE(Get(std::string(kBase) + "/periods/" + q["id"].dump() + "/rounds", community).Json()["items"].empty());
  Json due = Get(std::string(kBase) + "/periods?due_for_release=true&person_id=" + q["person_id"].dump(), community).Json()["items"];
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["id"], q["id"]);
  EXPECT_EQ(Post(std::string(kBase) + "/periods/" + q["id"].dump() + ":release", {{"result", "normal"}}, community).status, 200);
}

TEST_P(ObservationTest, RulesAreVersionedAndChecked) {
  Session commander = Login("commander");
  HttpResponse bad = Post(std::string(kBase) + "/rules", {{"rules", {{"default_length_days", 0}, {"deadline", "25:00"}, {"fever_threshold", 41}}}}, commander);
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad).size(), 3u) << bad.body;
  ExpectError(Post(std::string(kBase) + "/rules", {{"rules", {{"default_length_days", 14}, {"deadline", "20:00"}, {"fever_threshold", 37.3}}}}, Login("community")),
              403, "forbidden");
  int before = Get(std::string(kBase) + "/rules", commander).Json()["version"];
  HttpResponse ok = Post(std::string(kBase) + "/rules", {{"rules", {{"default_length_days", 14}, {"deadline", "20:00"}, {"fever_threshold", 37.3}}}, {"note", "同上"}}, commander);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.Json()["version"], before + 1);
  EXPECT_EQ(ok.Json()["rules"]["deadline"], "20:00");
}

}  // namespace

FK_INSTANTIATE_BACKENDS(ObservationTest);

// The demo city's observation records (loaded with the demo): figures equal the recount, the board of
// 13 February 2020 shows the 40 close contacts, the returned residents were released, one fever round
// made a handover; the first sweep on 14 February only creates that day's rounds.
class ObservationDemoTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.observation_demo = true;
    return t;
  }
};

TEST_P(ObservationDemoTest, DemoFiguresBoardAndFirstSweep) {
  EXPECT_TRUE(server().app().observation().VerifyRollups().empty());
  Session admin = Login("admin");
  HttpResponse r = Get(std::string(kBase) + "/board?day=2020-02-13&page_size=100", admin);
  ASSERT_EQ(r.status, 200) << r.body;
  Json b = r.Json();
  EXPECT_EQ(b["counts"]["under_observation"], 40);
  EXPECT_EQ(b["counts"]["rounds_due"], 40);
  EXPECT_EQ(b["counts"]["rounds_pending"], 0) << "every demo round of 13 Feb is done or missed";
  EXPECT_EQ(b["counts"]["rounds_missed"].get<int>(), static_cast<int>(b["missing"]["items"].size()));
  bool fever = false;
  for (const auto& a : b["alerts"]) fever = fever || (a["kind"] == "fever" && !a["handover_id"].is_null());
  EXPECT_TRUE(fever) << "the fever round's alert with its handover";
  EXPECT_GE(b["counts"]["open_alerts"].get<int>(), 2);
  Json released = Get(std::string(kBase) + "/periods?status=released&page_size=100", admin).Json()["items"];
  ASSERT_FALSE(released.empty());
  for (const auto& p : released) {
    EXPECT_EQ(p["reason"], "returned_from_elsewhere");
    EXPECT_LT(p["end_day"].get<std::string>(), "2020-02-10");
    EXPECT_EQ(p["release_result"], "normal");
  }
  Json rounds = Get(std::string(kBase) + "/periods/" + released[0]["id"].dump() + "/rounds", admin).Json()["items"];
  EXPECT_EQ(rounds.size(), 14u);
  Json needs = Get(std::string(kBase) + "/needs?page_size=100", admin).Json()["items"];
  std::set<std::string> kinds, statuses;
  for (const auto& n : needs) kinds.insert(n["kind"].get<std::string>()), statuses.insert(n["status"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"food", "medicine"}));
  EXPECT_EQ(statuses, (std::set<std::string>{"open", "in_progress", "done"}));
  // The fixture's clock is 2020-02-14 08:00 local: the sweep creates 14 February's 40 rounds, nothing older.
  HttpResponse s = Post(std::string(kBase) + ":sweep", nullptr, admin);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.Json()["rounds_created"], 40);
  EXPECT_EQ(s.Json()["rounds_missed"], 0);
  EXPECT_TRUE(server().app().observation().VerifyRollups().empty());
}

FK_INSTANTIATE_BACKENDS(ObservationDemoTest);

}  // namespace fk::apitest
