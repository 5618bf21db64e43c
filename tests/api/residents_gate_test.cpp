// Community gates over HTTP (SQLite and PostgreSQL): passes (issue, revoke,
// reissue; tokens never stored or listed), every decision path with the
// ManualClock (resident, quota used showing who and when, staff not counted,
// special with a reason, visitors by the rules, fever → handover, outside
// hours, return), client_key replay, the offline :batch with a conflict
// reported, exit/return pairing and overdue marks, scopes and permissions,
// and the offline pack holding no token or identity number. After every test
// the gate columns of community_daily equal a recount of the gate events.
//
// The suite shares one server: each test uses its own households (by index)
// and sets the clock it needs. The clock starts at 2020-02-14T00:00Z (08:00 local).
#include <regex>

#include "api/api_fixture.h"
#include "core/ids.h"
#include "gate/service.h"
#include "gate/store.h"
#include "residents/daily.h"
#include "store/database.h"

namespace fk::apitest {
namespace {

constexpr const char* kYongning = "永宁街社区卡点";  // 永宁街社区, 新烟街道 (the community user's town)
constexpr const char* kJiefang = "解放路社区卡点";   // 解放路社区, 新烟街道
constexpr const char* kHuaxia = "华夏社区东门";      // 华夏社区, 新华路街道 (outside the community user's town)

class ResidentsGateTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock().Set(kStartMs);
    yongning_ = FindPoint(kYongning)["id"].get<int64_t>();
    jiefang_ = FindPoint(kJiefang)["id"].get<int64_t>();
    huaxia_ = FindPoint(kHuaxia)["id"].get<int64_t>();
  }

  // After every test: the gate columns of community_daily equal a recount of the events.
  void TearDown() override {
    if (IsSkipped() || yongning_ == 0 || HasFatalFailure()) return;
    using residents::Daily;
    auto& db = server().app().db();
    residents::DailyRecount recount;
    db.Read([&](store::Connection& c) { gate::store::RecountGate(c, recount); });
    const Daily cols[] = {Daily::kGateExits,    Daily::kGateReturns,   Daily::kGateVisitors,
                          Daily::kGateOverdue,  Daily::kGateConflicts, Daily::kRefusedFever,
                          Daily::kRefusedQuota, Daily::kRefusedNotResident, Daily::kRefusedOther};
    std::string select = "SELECT unit_id, day";
    for (Daily d : cols) select += std::string(", ") + residents::DailyColumns()[static_cast<size_t>(d)];
    auto rows = db.Read([&](store::Connection& c) { return c.Query(select + " FROM community_daily").rows; });
    for (const auto& r : rows) {
      auto it = recount.find({r.Int(0), r.Text(1)});
      for (size_t i = 0; i < std::size(cols); ++i) {
        int64_t want = it == recount.end() ? 0 : it->second[static_cast<size_t>(cols[i])];
        EXPECT_EQ(r.Int(2 + i), want) << "unit " << r.Int(0) << " day " << r.Text(1) << " column "
                                      << residents::DailyColumns()[static_cast<size_t>(cols[i])];
      }
      if (it != recount.end()) recount.erase(it);
    }
    for (const auto& [key, counts] : recount)
      for (Daily d : cols) EXPECT_EQ(counts[static_cast<size_t>(d)], 0) << "no rollup row for unit " << key.first;
  }

  // The households of a point's community (newest first), with members and passes.
  Json Households(int64_t point_id) {
    int64_t unit = 0;
    for (const auto& p : ListAll("/api/v1/org/points?page_size=500", A()))
      if (p["id"] == point_id) unit = p["unit_id"].get<int64_t>();
    HttpResponse r = Get("/api/v1/residents/passes:households?page_size=500&unit_id=" + std::to_string(unit), A());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }
  // Household i of a point's community whose first `members` members are plain residents (not
  // staff, no special circumstance: the demo's tags depend on the order the compiler evaluates
  // the generator's calls in, and the tests expect the plain resident's decisions).
  Json Household(int64_t point_id, size_t i, size_t members = 1) {
    Json all = Households(point_id);
    auto plain = [&](const Json& h) {
      if (h["members"].size() < members) return false;
      for (size_t m = 0; m < members; ++m) {
        const Json& who = h["members"][m];
        if (who.value("is_staff", false) || !who.value("special_kind", std::string()).empty()) return false;
      }
      return true;
    };
    for (const auto& h : all)
      if (plain(h) && i-- == 0) return h;
    ADD_FAILURE() << "not enough households";
    return Json();
  }
  // Issues a household pass; returns the issued pass (token, short_code).
  Json Issue(int64_t household_id) {
    HttpResponse r = Post("/api/v1/residents/passes:issue", {{"household_ids", {household_id}}}, A());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["items"][0];
  }
  Json Event(int64_t point, const std::string& direction, const Json& pass, int64_t person, double temp = 36.5) {
    Json e = {{"client_key", NewUuidV7()}, {"point_id", point}, {"direction", direction}, {"temperature", temp},
              {"person_id", person}};
    if (pass.contains("qr_text")) e["token"] = pass["qr_text"];
    return e;
  }
  int64_t Count(const std::string& where) {
    return server().app().db().Read(
        [&](store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM gate_events WHERE " + where)->Int(0); });
  }

  // The admin, signed in again whenever the clock moved past the session's life.
  const Session& A() {
    if (!me_ || clock().NowMs() - me_at_ > 30 * 60'000 || clock().NowMs() < me_at_) {
      me_ = std::make_unique<Session>(Login("admin"));
      me_at_ = clock().NowMs();
    }
    return *me_;
  }

  int64_t yongning_ = 0, jiefang_ = 0, huaxia_ = 0;
  std::unique_ptr<Session> me_;
  int64_t me_at_ = 0;
};

TEST_P(ResidentsGateTest, IssueRevokeReissue) {
  Json h = Household(yongning_, 0);
  Json pass = Issue(h["id"].get<int64_t>());
  EXPECT_EQ(pass["qr_text"].get<std::string>().rfind("FKP1.", 0), 0u);
  EXPECT_EQ(pass["short_code"].get<std::string>().size(), 8u);
  EXPECT_EQ(pass["short_code"].get<std::string>().find_first_of("01OI"), std::string::npos);
  int64_t person = h["members"][0]["id"].get<int64_t>();

  HttpResponse r = Post("/api/v1/residents/gate-events", Event(yongning_, "out", pass, person), A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "allow");
  EXPECT_EQ(r.Json()["reason"], "resident");

  // The list never carries a token or a code.
  r = Get("/api/v1/residents/passes?household_id=" + h["id"].dump(), A());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(pass["short_code"].get<std::string>()), std::string::npos);
  EXPECT_EQ(r.body.find(pass["token"].get<std::string>()), std::string::npos);
  EXPECT_EQ(r.body.find("\"token\""), std::string::npos);

  // Revoked: the same card is refused (as not a resident), and a second revoke is a conflict.
  int64_t pid = pass["id"].get<int64_t>();
  r = Post("/api/v1/residents/passes/" + std::to_string(pid) + ":revoke", {{"reason", "丢失"}}, A());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.Json()["active"].get<bool>());
  ExpectError(Post("/api/v1/residents/passes/" + std::to_string(pid) + ":revoke", Json::object(), A()), 409, "conflict");
  r = Post("/api/v1/residents/gate-events", Event(yongning_, "in", pass, person), A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "refuse");
  EXPECT_EQ(r.Json()["reason"], "not_resident");
  EXPECT_NE(r.Json()["note"].get<std::string>().find("作废"), std::string::npos);

  // Reissue: a new card works, typed by its short code.
  r = Post("/api/v1/residents/passes/" + std::to_string(pid) + ":reissue", Json(), A());
  ASSERT_EQ(r.status, 201) << r.body;
  Json fresh = r.Json();
  EXPECT_NE(fresh["token"], pass["token"]);
  Json e = Event(yongning_, "in", Json::object(), person);
  e["short_code"] = fresh["short_code"].get<std::string>().substr(0, 4) + "-" +
                    fresh["short_code"].get<std::string>().substr(4);  // typed with a dash
  r = Post("/api/v1/residents/gate-events", e, A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "allow");
  EXPECT_EQ(r.Json()["reason"], "return");
  EXPECT_EQ(r.Json()["exit_event_id"].is_number(), true) << "the return closes the exit";

  // A household pass needs the member; someone of another household is refused with 422.
  e = Event(yongning_, "out", fresh, person);
  e.erase("person_id");
  ExpectError(Post("/api/v1/residents/gate-events", e, A()), 422, "validation_failed");
  Json other = Household(yongning_, 1);
  e["person_id"] = other["members"][0]["id"];
  HttpResponse bad = Post("/api/v1/residents/gate-events", e, A());
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"person_id:member"});
}

TEST_P(ResidentsGateTest, QuotaUsedIsRefusedShowingWhoAndWhen) {
  Json h = Household(yongning_, 2, 2);
  Json pass = Issue(h["id"].get<int64_t>());
  int64_t first = h["members"][0]["id"].get<int64_t>(), second = h["members"][1]["id"].get<int64_t>();
  clock().Set(kStartMs + 72 * 60'000);  // 09:12 local
  HttpResponse r = Post("/api/v1/residents/gate-events", Event(yongning_, "out", pass, first), A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.Json()["counts_quota"].get<bool>());
  clock().Set(kStartMs + 3 * 3600'000);
  r = Post("/api/v1/residents/gate-events", Event(yongning_, "out", pass, second), A());
  ASSERT_EQ(r.status, 201) << r.body;
  Json j = r.Json();
  EXPECT_EQ(j["decision"], "refuse");
  EXPECT_EQ(j["reason"], "quota");
  ASSERT_EQ(j["quota_used"].size(), 1u);
  EXPECT_EQ(j["quota_used"][0]["person_id"], first);
  EXPECT_EQ(j["quota_used"][0]["local_time"], "09:12");
  EXPECT_EQ(j["quota_used"][0]["name_masked"].get<std::string>().find('*') != std::string::npos, true);
  EXPECT_NE(j["message"].get<std::string>().find("已于 09:12 外出"), std::string::npos) << j["message"];
  // The next day the quota is there again.
  clock().Set(kStartMs + 24 * 3600'000);
  r = Post("/api/v1/residents/gate-events", Event(yongning_, "out", pass, second), A());
  EXPECT_EQ(r.Json()["decision"], "allow");
}

TEST_P(ResidentsGateTest, StaffAreNotCountedAndSpecialNeedsAReason) {
  // A household with a staff member and someone else.
  Json target;
  size_t idx = 0;
  for (const auto& h : Households(jiefang_)) {
    bool staff = false, plain = false;
    for (const auto& m : h["members"]) (m["is_staff"].get<bool>() ? staff : plain) = true;
    if (staff && plain && idx++ == 0) target = h;
  }
  ASSERT_FALSE(target.is_null()) << "the demo has a household with staff";
  int64_t staff = 0, plain = 0;
  for (const auto& m : target["members"]) (m["is_staff"].get<bool>() ? staff : plain) = m["id"].get<int64_t>();
  Json pass = Issue(target["id"].get<int64_t>());
  HttpResponse r = Post("/api/v1/residents/gate-events", Event(jiefang_, "out", pass, staff), A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["reason"], "staff");
  EXPECT_FALSE(r.Json()["counts_quota"].get<bool>());
  r = Post("/api/v1/residents/gate-events", Event(jiefang_, "out", pass, plain), A());
  EXPECT_EQ(r.Json()["reason"], "resident") << "staff did not use the quota";
  // Quota used now: special without a reason is 422 and writes nothing; with one it passes.
  int64_t before = Count("household_id = " + target["id"].dump());
  Json e = Event(jiefang_, "out", pass, plain);
  e["special"] = true;
  HttpResponse bad = Post("/api/v1/residents/gate-events", e, A());
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"special_reason:required"});
  EXPECT_EQ(Count("household_id = " + target["id"].dump()), before);
  e["special_reason"] = "透析";
  r = Post("/api/v1/residents/gate-events", e, A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "allow");
  EXPECT_EQ(r.Json()["reason"], "special");
  EXPECT_EQ(r.Json()["special_reason"], "透析");
}

TEST_P(ResidentsGateTest, VisitorsFollowTheCommunityRules) {
  Json host = Household(huaxia_, 0);
  Json visitor = {{"client_key", NewUuidV7()}, {"point_id", huaxia_}, {"direction", "in"}, {"temperature", 36.4},
                  {"visitor", {{"name", "王访客"}, {"phone", "13912345678"}, {"reason", "送药"}, {"host_household_id", host["id"]}}}};
  // Missing fields of the visitor block: every one named.
  Json bad = visitor;
  bad["client_key"] = NewUuidV7();
  bad["visitor"] = {{"name", ""}};
  HttpResponse r = Post("/api/v1/residents/gate-events", bad, A());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), (std::vector<std::string>{"visitor.name:required", "visitor.reason:required",
                                                     "visitor.host_household_id:required"}));
  // The city default: no visitors.
  r = Post("/api/v1/residents/gate-events", visitor, A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "refuse");
  EXPECT_EQ(r.Json()["reason"], "not_resident");
  EXPECT_EQ(r.body.find("13912345678"), std::string::npos) << "the phone is masked";
  // 华夏社区 allows visitors from a new version on.
  int64_t unit = UnitId("华夏社区");
  r = Post("/api/v1/residents/gate-rules", {{"unit_id", unit}, {"rules", {{"visitors_allowed", true}}}, {"note", "允许访客"}}, A());
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t version = r.Json()["version"].get<int64_t>();
  r = Get("/api/v1/residents/gate-rules?unit_id=" + std::to_string(unit), A());
  EXPECT_EQ(r.Json()["version"], version);
  EXPECT_TRUE(r.Json()["rules"]["visitors_allowed"].get<bool>());
  visitor["client_key"] = NewUuidV7();
  r = Post("/api/v1/residents/gate-events", visitor, A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "allow");
  EXPECT_EQ(r.Json()["reason"], "visitor");
  EXPECT_EQ(r.Json()["rule_version"], version);
  EXPECT_EQ(r.Json()["visitor"]["phone_masked"], "139****5678");
  // Bad rules: every field named.
  r = Post("/api/v1/residents/gate-rules", {{"unit_id", unit}, {"rules", {{"quota_exits", 0}, {"hours_to", "9"}}}}, A());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), (std::vector<std::string>{"quota_exits:range", "hours_to:format"}));
}

TEST_P(ResidentsGateTest, FeverIsHandedOverWithTheGateAsSource) {
  Json h = Household(yongning_, 3);
  Json pass = Issue(h["id"].get<int64_t>());
  int64_t person = h["members"][0]["id"].get<int64_t>();
  HttpResponse r = Post("/api/v1/residents/gate-events", Event(yongning_, "out", pass, person, 38.2), A());
  ASSERT_EQ(r.status, 201) << r.body;
  Json e = r.Json();
  EXPECT_EQ(e["decision"], "handover");
  EXPECT_EQ(e["reason"], "fever");
  ASSERT_TRUE(e["handover_id"].is_number());
  r = Get("/api/v1/screening/handovers/" + e["handover_id"].dump(), A());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["source"], "gate");
  EXPECT_EQ(r.Json()["point_id"], yongning_);
  EXPECT_EQ(r.Json()["person_id"], person);
  EXPECT_EQ(r.Json()["source_ref"], e["id"]);
  EXPECT_EQ(r.Json()["person"]["id_number_masked"], "");
  // A phone that shows "allow" for a fever is refused: the same rules always hand over.
  Json lie = Event(yongning_, "out", pass, person, 38.2);
  lie["decision"] = "allow";
  lie["rule_version"] = 0;
  HttpResponse bad = Post("/api/v1/residents/gate-events", lie, A());
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"decision:fever"});
}

TEST_P(ResidentsGateTest, ReplayOfAClientKeyAnswersTheFirstResult) {
  Json h = Household(yongning_, 4);
  Json pass = Issue(h["id"].get<int64_t>());
  Json e = Event(yongning_, "out", pass, h["members"][0]["id"].get<int64_t>());
  HttpResponse a = Post("/api/v1/residents/gate-events", e, A());
  ASSERT_EQ(a.status, 201) << a.body;
  e["temperature"] = 39.0;  // whatever the copy says
  HttpResponse b = Post("/api/v1/residents/gate-events", e, A());
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.Json()["id"], b.Json()["id"]);
  EXPECT_EQ(b.Json()["decision"], "allow");
  EXPECT_EQ(Count("client_key = '" + e["client_key"].get<std::string>() + "'"), 1);
}

TEST_P(ResidentsGateTest, OfflineBatchRecordsBothExitsAndReportsTheConflict) {
  Json h = Household(yongning_, 5, 2);
  Json pass = Issue(h["id"].get<int64_t>());
  // Two phones offline since 08:30 each let one member of the household out.
  clock().Set(kStartMs + 2 * 3600'000);
  Json a = Event(yongning_, "out", pass, h["members"][0]["id"].get<int64_t>());
  Json b = Event(yongning_, "out", pass, h["members"][1]["id"].get<int64_t>());
  for (Json* e : {&a, &b}) {
    (*e)["decision"] = "allow";
    (*e)["rule_version"] = 0;
  }
  a["device_time"] = FormatRfc3339(kStartMs + 40 * 60'000);
  b["device_time"] = FormatRfc3339(kStartMs + 50 * 60'000);
  Json broken = {{"client_key", "x"}, {"direction", "sideways"}};
  HttpResponse r = Post("/api/v1/residents/gate-events:batch", {{"records", {a, b, broken, a}}}, A());
  ASSERT_EQ(r.status, 200) << r.body;
  Json res = r.Json()["results"];
  ASSERT_EQ(res.size(), 4u);
  EXPECT_EQ(res[0]["status"], "created");
  EXPECT_FALSE(res[0]["event"]["conflict"].get<bool>());
  EXPECT_EQ(res[1]["status"], "created");
  EXPECT_EQ(res[1]["event"]["decision"], "allow");
  EXPECT_TRUE(res[1]["event"]["conflict"].get<bool>());
  EXPECT_EQ(res[1]["event"]["server_reason"], "quota");
  EXPECT_EQ(res[2]["status"], "invalid");
  EXPECT_EQ(res[3]["status"], "duplicate");
  EXPECT_EQ(res[3]["event"]["id"], res[0]["event"]["id"]);
  r = Get("/api/v1/residents/gate/conflicts?point_id=" + std::to_string(yongning_), A());
  ASSERT_EQ(r.status, 200);
  bool listed = false;
  Json items = r.Json()["items"];
  for (const auto& e : items) listed |= e["id"] == res[1]["event"]["id"];
  EXPECT_TRUE(listed) << r.body.substr(0, 600);
  EXPECT_EQ(Count("household_id = " + h["id"].dump() + " AND decision = 'allow' AND day = '2020-02-14'"), 2) << "both exits kept";
  // The batch adds its kept records' figures at its end; the refused record's are dropped with it.
  auto diffs = server().app().db().Read([](store::Connection& c) {
    return residents::VerifyDaily(c, {gate::store::RecountGate},
                                  {residents::Daily::kGateExits, residents::Daily::kGateReturns,
                                   residents::Daily::kGateConflicts, residents::Daily::kRefusedOther});
  });
  EXPECT_TRUE(diffs.empty()) << diffs.front();
}

TEST_P(ResidentsGateTest, ReturnsCloseExitsAndOverdueIsCountedOnce) {
  Json h = Household(jiefang_, 3);
  Json pass = Issue(h["id"].get<int64_t>());
  int64_t person = h["members"][0]["id"].get<int64_t>();
  clock().Set(kStartMs + 3600'000);  // 09:00 local
  HttpResponse r = Post("/api/v1/residents/gate-events", Event(jiefang_, "out", pass, person), A());
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t exit = r.Json()["id"].get<int64_t>();
  clock().Set(kStartMs + 6 * 3600'000);  // 5 h later: past the 4 h rule
  r = Get("/api/v1/residents/gate/out?point_id=" + std::to_string(jiefang_), A());
  ASSERT_EQ(r.status, 200);
  bool flagged = false;
  Json out = r.Json()["items"];
  for (const auto& e : out)
    if (e["id"] == exit) flagged = e["overdue"].get<bool>();
  EXPECT_TRUE(flagged) << exit << r.body.substr(0, 900);
  r = Post("/api/v1/residents/gate/out:sweep", Json(), A());
  ASSERT_EQ(r.status, 200);
  EXPECT_GE(r.Json()["marked"].get<int>(), 1);
  EXPECT_EQ(Post("/api/v1/residents/gate/out:sweep", Json(), A()).Json()["marked"], 0) << "counted once";
  r = Post("/api/v1/residents/gate-events", Event(jiefang_, "in", pass, person), A());
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.Json()["exit_event_id"], exit);
  r = Get("/api/v1/residents/gate-events/" + std::to_string(exit), A());
  EXPECT_TRUE(r.Json()["returned_at"].is_string());
  EXPECT_TRUE(r.Json()["overdue"].get<bool>());
  EXPECT_EQ(Count("overdue_at IS NOT NULL AND id = " + std::to_string(exit)), 1);
  // Outside the hours (22:00 local the day before) a resident is refused.
  Json late = Event(jiefang_, "out", pass, person);
  late["device_time"] = "2020-02-13T14:00:00Z";
  r = Post("/api/v1/residents/gate-events", late, A());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["reason"], "outside_hours");
  EXPECT_EQ(r.Json()["day"], "2020-02-13");
}

TEST_P(ResidentsGateTest, EveryBadFieldInOneReply) {
  HttpResponse r = Post("/api/v1/residents/gate-events", {{"temperature", 50}, {"direction", "up"}}, A());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), (std::vector<std::string>{"client_key:required", "point_id:required", "direction:enum",
                                                     "temperature:range", "pass:required"}));
  // A checkpoint is not a gate.
  Json e = {{"client_key", NewUuidV7()}, {"point_id", FindPoint("G107新郑长葛交界疫情监测站")["id"]},
            {"direction", "out"}, {"temperature", 36.5}, {"short_code", "ABCDEFGH"}};
  r = Post("/api/v1/residents/gate-events", e, A());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"point_id:kind"});
}

TEST_P(ResidentsGateTest, ScopesAndPermissions) {
  Session community = Login("community");  // 新烟街道
  Session viewer = Login("viewer");
  Session volunteer = Login("volunteer");
  Json e = {{"client_key", NewUuidV7()}, {"point_id", huaxia_}, {"direction", "out"}, {"temperature", 36.5},
            {"short_code", "ABCDEFGH"}};
  HttpResponse r = Post("/api/v1/residents/gate-events", e, community);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"point_id:exists"});
  e["point_id"] = yongning_;
  ExpectError(Post("/api/v1/residents/gate-events", e, viewer), 403, "forbidden");
  ExpectError(Post("/api/v1/residents/gate-events", e, volunteer), 403, "forbidden");
  ExpectError(Post("/api/v1/residents/passes:issue", {{"household_ids", {1}}}, viewer), 403, "forbidden");
  ExpectError(Get("/api/v1/residents/gate/offline-pack?point_id=" + std::to_string(huaxia_), community), 404, "not_found");
  // The community's own gate works; an unknown code is a refusal, recorded.
  r = Post("/api/v1/residents/gate-events", e, community);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["reason"], "not_resident");
  // Another town's user sees neither the event nor its pass.
  int64_t xinhua = UnitId("新华路街道");
  std::string name = Unique("gate");
  CreateUser(name, "community", xinhua);
  Session other = Login(name);
  ExpectError(Get("/api/v1/residents/gate-events/" + r.Json()["id"].dump(), other), 404, "not_found");
  Json h = Household(yongning_, 6);
  ExpectError(Post("/api/v1/residents/passes:issue", {{"household_ids", {h["id"]}}}, other), 422, "validation_failed");
}

TEST_P(ResidentsGateTest, OfflinePackHoldsDigestsOnly) {
  Json h = Household(yongning_, 7, 2);
  Json pass = Issue(h["id"].get<int64_t>());
  Session community = Login("community");
  HttpResponse r = Get("/api/v1/residents/gate/offline-pack?point_id=" + std::to_string(yongning_), community);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(pass["token"].get<std::string>()), std::string::npos);
  EXPECT_EQ(r.body.find(pass["short_code"].get<std::string>()), std::string::npos);
  EXPECT_FALSE(std::regex_search(r.body, std::regex("(^|[^0-9a-fA-F])[1-9][0-9]{16}[0-9X]($|[^0-9a-fA-F])"))) << "no identity number";
  EXPECT_FALSE(std::regex_search(r.body, std::regex("(^|[^0-9a-fA-F])1[3-9][0-9]{9}($|[^0-9a-fA-F])"))) << "no phone";
  Json pack = r.Json();
  bool found = false;
  for (const auto& p : pack["passes"])
    if (p["pass_id"] == pass["id"]) {
      found = true;
      EXPECT_EQ(p["token_hash"], gate::Sha256Hex(pass["token"].get<std::string>()));
      EXPECT_EQ(p["code_hash"], gate::Sha256Hex(pass["short_code"].get<std::string>()));
      EXPECT_EQ(p["members"].size(), h["members"].size());
      for (const auto& m : p["members"]) EXPECT_NE(m["name_masked"].get<std::string>().find('*'), std::string::npos);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(pack["rules"]["version"], 0);
  EXPECT_EQ(pack["window_start"], "2020-02-14");
  EXPECT_EQ(Get("/api/v1/residents/gate/offline-pack?point_id=" + std::to_string(yongning_), Login("viewer")).status, 403);
}

FK_INSTANTIATE_BACKENDS(ResidentsGateTest);

}  // namespace
}  // namespace fk::apitest
