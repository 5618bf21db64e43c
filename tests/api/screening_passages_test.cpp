// Checkpoint screening over HTTP without the demo passages: creating passages
// (decision, day, masking, idempotent replay, overrides), the field rules (every
// broken field in one 422, nothing written), scopes and permissions, the audited
// :reveal, and :batch. Every rejected request is checked to leave the passages
// and the figures as they were; after every test the rollups equal a recount.
//
// The server has the demo city but not the demo passages, so the suite saves
// one rule version (the demo's third) on first use; the fixture's clock stands
// at 2020-02-14T00:00:00Z (08:00 local), so passages made "now" count for
// 2020-02-14.
#include <algorithm>
#include <regex>
#include <set>
#include <thread>

#include "api/api_fixture.h"
#include "core/ids.h"
#include "core/validation.h"
#include "screening/service.h"

namespace fk::apitest {
namespace {

constexpr const char* kToday = "2020-02-14";
constexpr const char* kG107 = "G107新郑长葛交界疫情监测站";       // 梨河镇 (the checkpoint user's town)
constexpr const char* kOtherTown = "京港澳高速新郑服务区卡口";  // 薛店镇
constexpr size_t kSuiteBodyLimit = 1 << 20;

const char* kRulesV3 =
    R"({"fever_threshold":37.3,"turn_back_origins":[{"code":"42","name":"湖北省"},{"code":"4115","name":"河南省信阳市"},)"
    R"({"code":"3303","name":"浙江省温州市"}],"exempt_purposes":["freight","medical","official","home","return_to_work"]})";

// An 11-digit mobile number standing alone; an 18-character identity number standing alone.
const std::regex kFullPhone("(^|[^0-9A-Za-z])1[3-9][0-9]{9}($|[^0-9A-Za-z])");
const std::regex kFullId("(^|[^0-9A-Za-z])[1-9][0-9]{16}[0-9X]($|[^0-9A-Za-z])");

// A valid identity number of 新郑市 born on the given day, with its check character.
std::string IdNumber(const std::string& birth, const std::string& seq = "123") {
  std::string first17 = "410184" + birth + seq;
  return first17 + IdNumberCheckChar(first17);
}

std::string PlateNo(int n) {
  static const char* kTail = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string tail;
  for (int i = 0, v = n; i < 5; ++i, v /= 34) tail.insert(tail.begin(), kTail[v % 34]);
  return "豫K" + tail;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class ScreeningPassageTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.max_body_bytes = kSuiteBodyLimit;
    return t;
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    HttpResponse r = Get("/api/v1/screening/rules", Admin());
    ASSERT_EQ(r.status, 200) << r.body;
    if (r.Json()["version"] == 0) {
      r = Post("/api/v1/screening/rules", {{"rules", Json::parse(kRulesV3)}, {"note", "测试规则"}}, Admin());
      ASSERT_EQ(r.status, 201) << r.body;
    }
    rule_version_ = Get("/api/v1/screening/rules", Admin()).Json()["version"].get<int>();
    g107_ = FindPoint(kG107)["id"].get<int64_t>();
    other_ = FindPoint(kOtherTown)["id"].get<int64_t>();
  }

  // After every test: the kept figures equal a recount of the records.
  void TearDown() override {
    if (IsSkipped() || !server_started()) return;
    auto diffs = server().app().screening().VerifyRollups();
    EXPECT_TRUE(diffs.empty()) << "rollups differ from a recount: " << (diffs.empty() ? "" : diffs.front());
  }
  bool server_started() { return !HasFatalFailure() && g107_ != 0; }

  // A valid passage: one car from 郑州 going home, one occupant at 36.5 °C with name, identity number and phone.
  Json Body(int64_t point_id) {
    static int n = 0;
    return {{"client_key", NewUuidV7()},
            {"point_id", point_id},
            {"vehicle_kind", "car"},
            {"plate", PlateNo(++n)},
            {"direction", "in"},
            {"occupants", Json::array({{{"temperature", 36.5},
                                        {"name", "张三"},
                                        {"id_number", IdNumber("19900101")},
                                        {"phone", "13812345678"}}})},
            {"origin", {{"code", "410100"}, {"name", "河南省郑州市"}}},
            {"destination", "新郑市区"},
            {"purpose", "home"},
            {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
  }

  // The figures of one point over one day (admin's view).
  Json Figures(int64_t point_id, const std::string& day = kToday) {
    HttpResponse r = Get("/api/v1/screening/summary?point_id=" + std::to_string(point_id) + "&from=" + day +
                             "&to=" + day + "&as_of=" + day,
                         Admin());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["range"];
  }
  // Every passage at a point, as admin sees them.
  size_t Count(int64_t point_id) {
    return ListAll("/api/v1/screening/passages?point_id=" + std::to_string(point_id), Admin()).size();
  }
  Json ByPlate(const std::string& plate, const Session& s) {
    return ListAll("/api/v1/screening/passages?plate=" + UrlEncode(plate), s);
  }

  // A figure delta: after - before, field by field.
  static Json Delta(const Json& before, const Json& after) {
    Json d = Json::object();
    for (auto& [k, v] : after.items()) d[k] = v.get<int64_t>() - before[k].get<int64_t>();
    return d;
  }
  static Json Fig(int64_t vehicles, int64_t people, int64_t tested, int64_t vtb, int64_t ptb, int64_t fever,
                  int64_t handovers, int64_t receipted = 0) {
    return {{"vehicles", vehicles},       {"people", people},     {"people_tested", tested},
            {"vehicles_turned_back", vtb}, {"people_turned_back", ptb}, {"fever", fever},
            {"handovers", handovers},     {"handovers_receipted", receipted}};
  }

  // Sends a request that must be refused, and checks that nothing changed at the point.
  void ExpectNothingWritten(int64_t point_id, const std::function<void()>& request) {
    size_t count = Count(point_id);
    Json figures = Figures(point_id);
    size_t handovers = ListAll("/api/v1/screening/handovers?point_id=" + std::to_string(point_id), Admin()).size();
    request();
    EXPECT_EQ(Count(point_id), count) << "a refused request wrote a passage";
    EXPECT_EQ(Figures(point_id), figures) << "a refused request changed the figures";
    EXPECT_EQ(ListAll("/api/v1/screening/handovers?point_id=" + std::to_string(point_id), Admin()).size(), handovers);
  }

  int rule_version_ = 0;
  int64_t g107_ = 0, other_ = 0;
};

// ---------------------------------------------------------------- create

TEST_P(ScreeningPassageTest, CreateAnswersWithTheDecisionTheDayAndMaskedOccupants) {
  Session checkpoint = Login("checkpoint");
  Json before = Figures(g107_);
  Json body = Body(g107_);
  std::string id1 = IdNumber("19900101"), id2 = IdNumber("19851231", "456");
  body["plate"] = "豫k 7q2a9";  // lower case and a space: normalised
  body["occupants"] = Json::array({{{"temperature", 36.5}, {"name", "张三"}, {"id_number", id1}, {"phone", "13812345678"}},
                                   {{"temperature", 38.2}, {"name", "王小明"}, {"id_number", id2}, {"phone", "+86 139-1234-5678"}},
                                   {{"temperature", nullptr}}});
  body["device_time"] = "2020-02-13T16:30:00Z";  // 00:30 on 14 February in the city
  HttpResponse r = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  Json p = r.Json();
  EXPECT_GT(p["id"].get<int64_t>(), 0);
  EXPECT_EQ(p["client_key"], body["client_key"]);
  EXPECT_EQ(p["point_id"], g107_);
  EXPECT_EQ(p["point_name"], kG107);
  EXPECT_EQ(p["unit_id"], UnitId("梨河镇"));
  EXPECT_EQ(p["plate"], "豫K7Q2A9");
  EXPECT_EQ(p["day"], "2020-02-14");
  EXPECT_EQ(p["device_time"], "2020-02-13T16:30:00.000Z");
  EXPECT_EQ(p["server_time"], FormatRfc3339(clock().NowMs()));
  EXPECT_EQ(p["operator_id"], checkpoint.user_id);
  EXPECT_EQ(p["people"], 3);
  EXPECT_EQ(p["people_tested"], 2);
  EXPECT_EQ(p["fever_count"], 1);
  EXPECT_EQ(p["suggested_decision"], "fever_handover");
  EXPECT_EQ(p["decision"], "fever_handover");
  EXPECT_EQ(p["rule_version"], rule_version_);
  ASSERT_EQ(p["handover_ids"].size(), 1u) << "one handover per feverish occupant";
  // Occupants come masked, never in full.
  ASSERT_EQ(p["occupants"].size(), 3u);
  const Json& o0 = p["occupants"][0];
  EXPECT_EQ(o0["temperature"], 36.5);
  EXPECT_EQ(o0["name_masked"], "张*");
  EXPECT_EQ(o0["id_number_masked"], "410184********" + id1.substr(14));
  EXPECT_EQ(o0["phone_masked"], "138****5678");
  EXPECT_EQ(p["occupants"][1]["name_masked"], "王**");
  EXPECT_EQ(p["occupants"][1]["phone_masked"], "139****5678");
  EXPECT_EQ(p["occupants"][1]["temperature"], 38.2);
  EXPECT_TRUE(p["occupants"][2]["temperature"].is_null());
  for (const auto& o : p["occupants"]) {
    EXPECT_FALSE(o.contains("name") || o.contains("id_number") || o.contains("phone")) << o.dump();
  }
  EXPECT_EQ(r.body.find(id1), std::string::npos);
  EXPECT_FALSE(std::regex_search(r.body, kFullPhone)) << r.body;
  EXPECT_FALSE(std::regex_search(r.body, kFullId)) << r.body;

  // The handover is there, unreceipted, for the feverish occupant.
  HttpResponse h = Get("/api/v1/screening/handovers/" + std::to_string(p["handover_ids"][0].get<int64_t>()), checkpoint);
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.Json()["passage_id"], p["id"]);
  EXPECT_EQ(h.Json()["temperature"], 38.2);
  EXPECT_EQ(h.Json()["person"]["name_masked"], "王**");
  EXPECT_EQ(h.Json()["receipted"], false);
  EXPECT_EQ(h.Json()["day"], "2020-02-14");

  // The figures moved by exactly this passage.
  Json after = Figures(g107_);
  EXPECT_EQ(Delta(before, after), Fig(1, 3, 2, 0, 0, 1, 1));

  // GET answers the same passage.
  std::string id = std::to_string(p["id"].get<int64_t>());
  HttpResponse g = Get("/api/v1/screening/passages/" + id, checkpoint);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json(), p);

  // A replay of the client key answers 200 with the first result, whatever the copy says.
  clock().Advance(5000);
  HttpResponse again = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), p);
  Json changed = body;
  changed["plate"] = "豫A12345";
  changed["occupants"] = Json::array({{{"temperature", 36.6}}});
  std::string upper = body["client_key"].get<std::string>();
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  changed["client_key"] = upper;
  again = Post("/api/v1/screening/passages", changed, checkpoint);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), p) << "a key in upper case is the same key";
  EXPECT_EQ(Figures(g107_), after) << "a replay changes no figure";
  EXPECT_EQ(ByPlate("豫K7Q2A9", Admin()).size(), 1u);
  EXPECT_TRUE(ByPlate("豫A12345", Admin()).empty());
}

TEST_P(ScreeningPassageTest, DayIsTheLocalDayOfTheDeviceTime) {
  const Session& admin = Admin();
  struct Case {
    const char* device_time;
    const char* day;
  } cases[] = {{"2020-02-13T15:59:59.999Z", "2020-02-13"},
               {"2020-02-13T16:00:00Z", "2020-02-14"},
               {"2020-02-14T07:30:00+08:00", "2020-02-14"},
               {"2020-02-13T07:59:00-08:00", "2020-02-13"},
               {"2020-01-24T12:00:00Z", "2020-01-24"}};
  for (const auto& c : cases) {
    Json body = Body(other_);
    body["device_time"] = c.device_time;
    HttpResponse r = Post("/api/v1/screening/passages", body, admin);
    ASSERT_EQ(r.status, 201) << c.device_time << ": " << r.body;
    EXPECT_EQ(r.Json()["day"], c.day) << c.device_time;
    // The day is what the figures and the day filter count by.
    Json listed = ListAll(std::string("/api/v1/screening/passages?from=") + c.day + "&to=" + c.day + "&plate=" +
                              UrlEncode(body["plate"].get<std::string>()),
                          admin);
    EXPECT_EQ(listed.size(), 1u) << c.device_time;
  }
  // Exactly ten minutes ahead of the server is accepted; one second more is not.
  Json body = Body(other_);
  body["device_time"] = FormatRfc3339(clock().NowMs() + 10 * 60'000);
  EXPECT_EQ(Post("/api/v1/screening/passages", body, admin).status, 201);
  body = Body(other_);
  body["device_time"] = FormatRfc3339(clock().NowMs() + 10 * 60'000 + 1000);
  ExpectNothingWritten(other_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", body, admin);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{"device_time:future"});
  });
}

TEST_P(ScreeningPassageTest, OverrideNeedsAReasonAndFeverCannotBeOverridden) {
  Session checkpoint = Login("checkpoint");
  Json hubei = Body(g107_);
  hubei["origin"] = {{"code", "420100"}, {"name", "湖北省武汉市"}};
  hubei["purpose"] = "transit";
  hubei["occupants"] = Json::array({{{"temperature", 36.4}}, {{"temperature", 36.8}}});

  // Without a decision the suggestion is taken, and it counts as turned back.
  Json before = Figures(g107_);
  HttpResponse r = Post("/api/v1/screening/passages", hubei, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back");
  EXPECT_EQ(r.Json()["decision"], "turned_back");
  EXPECT_EQ(r.Json()["reason"], "");
  Json mid = Figures(g107_);
  EXPECT_EQ(Delta(before, mid), Fig(1, 2, 2, 1, 2, 0, 0));

  // An override without a reason is refused, naming the reason.
  Json override_body = hubei;
  override_body["client_key"] = NewUuidV7();
  override_body["plate"] = PlateNo(90001);
  override_body["decision"] = "pass";
  ExpectNothingWritten(g107_, [&] {
    HttpResponse no_reason = Post("/api/v1/screening/passages", override_body, checkpoint);
    ExpectError(no_reason, 422, "validation_failed");
    EXPECT_EQ(FieldRules(no_reason), std::vector<std::string>{"reason:required"});
  });
  // With a reason it is stored as decided, beside the suggestion, and does not count as turned back.
  override_body["reason"] = "持省指挥部通行证，运送防疫物资";
  r = Post("/api/v1/screening/passages", override_body, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back");
  EXPECT_EQ(r.Json()["decision"], "pass");
  EXPECT_EQ(r.Json()["reason"], "持省指挥部通行证，运送防疫物资");
  EXPECT_EQ(Delta(mid, Figures(g107_)), Fig(1, 2, 2, 0, 0, 0, 0));

  // A person with fever is always handed over: pass or turned_back are refused, reason or not.
  Json fever = Body(g107_);
  fever["occupants"] = Json::array({{{"temperature", 37.3}}});  // exactly the threshold
  for (const char* decision : {"pass", "turned_back"}) {
    fever["decision"] = decision;
    fever["reason"] = "司机称刚运动过";
    ExpectNothingWritten(g107_, [&] {
      HttpResponse bad = Post("/api/v1/screening/passages", fever, checkpoint);
      ExpectError(bad, 422, "validation_failed");
      EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"decision:fever"}) << decision;
    });
  }
  // And a handover needs somebody with a fever.
  Json well = Body(g107_);
  well["decision"] = "fever_handover";
  well["reason"] = "自述发热";
  ExpectNothingWritten(g107_, [&] {
    HttpResponse bad = Post("/api/v1/screening/passages", well, checkpoint);
    ExpectError(bad, 422, "validation_failed");
    EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"decision:no_fever"});
  });
  // An unknown decision.
  well["decision"] = "quarantine";
  ExpectNothingWritten(g107_, [&] {
    HttpResponse bad = Post("/api/v1/screening/passages", well, checkpoint);
    ExpectError(bad, 422, "validation_failed");
    EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"decision:enum"});
  });
  // 37.2 is below the threshold: no fever, the suggestion stands.
  fever.erase("decision");
  fever.erase("reason");
  fever["occupants"] = Json::array({{{"temperature", 37.2}}});
  r = Post("/api/v1/screening/passages", fever, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["decision"], "pass");
  EXPECT_EQ(r.Json()["fever_count"], 0);
  EXPECT_TRUE(r.Json()["handover_ids"].empty());
}

// ---------------------------------------------------------------- bad input

TEST_P(ScreeningPassageTest, MalformedJsonIs400AndWritesNothing) {
  Session checkpoint = Login("checkpoint");
  std::string good = Body(g107_).dump();
  ExpectNothingWritten(g107_, [&] {
    ExpectError(Call("POST", "/api/v1/screening/passages", good.substr(0, good.size() / 2), &checkpoint), 400,
                "bad_request");
    ExpectError(Call("POST", "/api/v1/screening/passages", "[" + good + "]", &checkpoint), 400, "bad_request");
    ExpectError(Call("POST", "/api/v1/screening/passages", "", &checkpoint), 400, "bad_request");
    ExpectError(Call("POST", "/api/v1/screening/passages:batch", R"({"records":[)" + good, &checkpoint), 400,
                "bad_request");
  });
}

TEST_P(ScreeningPassageTest, EveryBadFieldIsNamedAtOnce) {
  Session checkpoint = Login("checkpoint");
  Json bad = Body(g107_);
  bad["client_key"] = "passage-0001";
  bad["vehicle_kind"] = "tank";
  bad["plate"] = "ABC123";
  bad["direction"] = "sideways";
  bad["purpose"] = "tourism";
  bad["origin"] = {{"code", "420100"}};
  bad["device_time"] = FormatRfc3339(clock().NowMs() + 11 * 60'000);
  std::string bad_id = IdNumber("19900101");
  bad_id[17] = bad_id[17] == '1' ? '2' : '1';
  bad["occupants"] = Json::array({{{"temperature", 33.9}},
                                  {{"temperature", 43.1}},
                                  {{"temperature", "36.5"}},
                                  {{"temperature", 36.5}, {"id_number", bad_id}, {"phone", "1381234567"}}});
  ExpectNothingWritten(g107_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", bad, checkpoint);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(Sorted(FieldRules(r)),
              Sorted({"client_key:format", "vehicle_kind:enum", "plate:province", "direction:enum", "purpose:enum",
                      "origin.name:required", "device_time:future", "occupants[0].temperature:range",
                      "occupants[1].temperature:range", "occupants[2].temperature:type",
                      "occupants[3].id_number:check_digit", "occupants[3].phone:format"}));
  });

  // Each alone, to see each rule is its own.
  struct One {
    std::function<void(Json&)> edit;
    std::vector<std::string> rules;
  };
  std::vector<One> ones = {
      {[](Json& b) { b["vehicle_kind"] = "on_foot"; }, {"plate:absent"}},
      {[](Json& b) { b.erase("plate"); }, {"plate:required"}},
      {[](Json& b) { b["plate"] = nullptr; }, {"plate:required"}},
      {[](Json& b) { b["plate"] = "豫A1234"; }, {"plate:length"}},
      {[](Json& b) { b["point_id"] = 999999; }, {"point_id:exists"}},
      {[](Json& b) { b["point_id"] = "G107"; }, {"point_id:type", "point_id:required"}},
      {[](Json& b) { b["occupants"] = Json::array(); }, {"occupants:required"}},
      {[](Json& b) { b["occupants"] = Json::array({{{"temperature", 36.5}, {"id_number", "41018419900101"}}}); },
       {"occupants[0].id_number:length"}},
      {[](Json& b) { b["occupants"] = Json::array({{{"temperature", 36.5}, {"id_number", "410184199002301230"}}}); },
       {"occupants[0].id_number:birth_date"}},
      {[](Json& b) { b["occupants"] = Json(std::vector<Json>(61, {{"temperature", 36.5}})); }, {"occupants:max_items"}},
      {[](Json& b) { b["origin"] = {{"code", "42x"}, {"name", "湖北"}}; }, {"origin.code:format"}},
      {[](Json& b) { b["origin"] = "湖北省"; }, {"origin:type", "origin.name:required"}},
      {[](Json& b) { b["destination"] = std::string(101, 'a'); }, {"destination:length"}},
      {[](Json& b) { b["device_time"] = "2020-02-14 25:00"; }, {"device_time:format", "device_time:required"}},
      {[](Json& b) { b["rule_version"] = 99; }, {"rule_version:exists"}},
  };
  for (size_t i = 0; i < ones.size(); ++i) {
    Json body = Body(g107_);
    ones[i].edit(body);
    ExpectNothingWritten(g107_, [&] {
      HttpResponse r = Post("/api/v1/screening/passages", body, checkpoint);
      ExpectError(r, 422, "validation_failed");
      std::vector<std::string> got = Sorted(FieldRules(r));
      // A type error may or may not also report the field as missing: the named field is what matters.
      std::vector<std::string> want = Sorted(ones[i].rules);
      if (want.size() == 2 && got.size() == 1) want = {ones[i].rules.front()};
      EXPECT_EQ(got, want) << "case " << i << ": " << r.body;
    });
  }
  // Everything missing at once.
  ExpectNothingWritten(g107_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", Json::object({{"note", "空"}}), checkpoint);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(Sorted(FieldRules(r)),
              Sorted({"client_key:required", "point_id:required", "vehicle_kind:required", "direction:required",
                      "occupants:required", "origin.name:required", "purpose:required", "device_time:required"}));
  });
  // The limits themselves are accepted: 34.0 and 43.0 °C, a person on foot with no plate.
  Json edge = Body(g107_);
  edge["occupants"] = Json::array({{{"temperature", 34.0}}, {{"temperature", 43.0}}});
  HttpResponse r = Post("/api/v1/screening/passages", edge, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["fever_count"], 1);
  Json walker = Body(g107_);
  walker["vehicle_kind"] = "on_foot";
  walker.erase("plate");
  Json before = Figures(g107_);
  r = Post("/api/v1/screening/passages", walker, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.Json()["plate"].is_null());
  EXPECT_EQ(Delta(before, Figures(g107_)), Fig(0, 1, 1, 0, 0, 0, 0)) << "a person on foot is no vehicle";
}

TEST_P(ScreeningPassageTest, OversizedBodyIs413AndWritesNothing) {
  Session checkpoint = Login("checkpoint");
  Json body = Body(g107_);
  body["destination"] = std::string(kSuiteBodyLimit + 1000, 'x');
  ExpectNothingWritten(g107_, [&] {
    ExpectError(Call("POST", "/api/v1/screening/passages", body.dump(), &checkpoint), 413, "payload_too_large");
    Json batch = {{"records", Json::array({Body(g107_), body})}};
    ExpectError(Call("POST", "/api/v1/screening/passages:batch", batch.dump(), &checkpoint), 413,
                "payload_too_large");
  });
}

// ---------------------------------------------------------------- scope and access

TEST_P(ScreeningPassageTest, CheckpointWritesAndReadsOnlyInItsTown) {
  Session checkpoint = Login("checkpoint");
  const Session& admin = Admin();
  HttpResponse own = Post("/api/v1/screening/passages", Body(g107_), checkpoint);
  ASSERT_EQ(own.status, 201) << own.body;

  // Another town's point is as if it did not exist, and nothing is written there.
  Json elsewhere = Body(other_);
  ExpectNothingWritten(other_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", elsewhere, checkpoint);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{"point_id:exists"});
    HttpResponse b = Post("/api/v1/screening/passages:batch", {{"records", Json::array({elsewhere})}}, checkpoint);
    ASSERT_EQ(b.status, 200) << b.body;
    EXPECT_EQ(b.Json()["results"][0]["status"], "invalid");
    EXPECT_EQ(b.Json()["results"][0]["errors"][0]["field"], "point_id");
    EXPECT_EQ(b.Json()["results"][0]["errors"][0]["rule"], "exists");
  });
  EXPECT_TRUE(ByPlate(elsewhere["plate"], admin).empty());

  // A passage at the other town's point is not found for the checkpoint user.
  HttpResponse theirs = Post("/api/v1/screening/passages", Body(other_), admin);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  std::string their_id = std::to_string(theirs.Json()["id"].get<int64_t>());
  ExpectError(Get("/api/v1/screening/passages/" + their_id, checkpoint), 404, "not_found");
  EXPECT_EQ(Get("/api/v1/screening/passages/" + std::to_string(own.Json()["id"].get<int64_t>()), checkpoint).status, 200);
  // Its client key cannot be replayed by the checkpoint user to read it back.
  Json replay = Body(g107_);
  replay["client_key"] = theirs.Json()["client_key"];
  ExpectNothingWritten(g107_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", replay, checkpoint);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{"client_key:unique"});
    EXPECT_EQ(r.body.find(their_id), std::string::npos);
  });

  // The list shows only the town's points.
  std::set<int64_t> visible_points;
  for (const auto& p : ListAll("/api/v1/org/points", checkpoint)) visible_points.insert(p["id"].get<int64_t>());
  EXPECT_TRUE(visible_points.count(g107_));
  EXPECT_FALSE(visible_points.count(other_));
  Json listed = ListAll("/api/v1/screening/passages", checkpoint);
  bool saw_own = false;
  for (const auto& p : listed) {
    EXPECT_TRUE(visible_points.count(p["point_id"].get<int64_t>())) << p["point_name"];
    EXPECT_NE(p["id"], theirs.Json()["id"]);
    saw_own = saw_own || p["id"] == own.Json()["id"];
  }
  EXPECT_TRUE(saw_own);
  EXPECT_LT(listed.size(), ListAll("/api/v1/screening/passages", admin).size());
  EXPECT_TRUE(ListAll("/api/v1/screening/passages?point_id=" + std::to_string(other_), checkpoint).empty());
  ExpectError(Get("/api/v1/screening/passages?unit_id=" + std::to_string(UnitId("薛店镇")), checkpoint), 404,
              "not_found");
  // Its handovers and figures are the town's too.
  ExpectError(Get("/api/v1/screening/summary?point_id=" + std::to_string(other_), checkpoint), 404, "not_found");
}

TEST_P(ScreeningPassageTest, RolesWithoutThePermissionAre403) {
  Session viewer = Login("viewer");
  Session volunteer = Login("volunteer");
  Session community = Login("community");
  Json body = Body(g107_);
  ExpectNothingWritten(g107_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages", body, viewer);
    ExpectError(r, 403, "forbidden");
    EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("screening:passage:write"), std::string::npos);
    ExpectError(Post("/api/v1/screening/passages:batch", {{"records", Json::array({body})}}, viewer), 403, "forbidden");
    ExpectError(Post("/api/v1/screening/passages", body, community), 403, "forbidden");
  });
  // The viewer reads; the volunteer does not.
  EXPECT_EQ(Get("/api/v1/screening/passages", viewer).status, 200);
  HttpResponse r = Get("/api/v1/screening/passages", volunteer);
  ExpectError(r, 403, "forbidden");
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("screening:passage:read"), std::string::npos);
  ExpectError(Get("/api/v1/screening/summary", volunteer), 403, "forbidden");
  ExpectError(Get("/api/v1/screening/passages:export", volunteer), 403, "forbidden");
  ExpectError(Get("/api/v1/screening/handovers", volunteer), 403, "forbidden");
  // No session at all.
  ExpectError(Call("GET", "/api/v1/screening/passages"), 401, "unauthenticated");
  ExpectError(Call("POST", "/api/v1/screening/passages", body.dump()), 401, "unauthenticated");
}

TEST_P(ScreeningPassageTest, RevealNeedsThePermissionAndIsAudited) {
  Session checkpoint = Login("checkpoint");
  Session commander = Login("commander");
  const Session& admin = Admin();
  std::string id_number = IdNumber("19780615", "271");
  Json body = Body(g107_);
  body["occupants"] = Json::array({{{"temperature", 36.6}, {"name", "李四"}, {"id_number", id_number}, {"phone", "15937112345"}}});
  HttpResponse created = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = std::to_string(created.Json()["id"].get<int64_t>());
  std::string audit_q = "/api/v1/audit?entity=passage&action=reveal&entity_id=" + id;

  // The checkpoint role sees the masked form only.
  ExpectError(Post("/api/v1/screening/passages/" + id + ":reveal", nullptr, checkpoint), 403, "forbidden");
  EXPECT_TRUE(Get(audit_q, admin).Json()["items"].empty()) << "a refused reveal leaves no record";

  for (const Session* s : std::vector<const Session*>{&admin, &commander}) {
    HttpResponse r = Post("/api/v1/screening/passages/" + id + ":reveal", nullptr, *s);
    ASSERT_EQ(r.status, 200) << s->username << ": " << r.body;
    Json o = r.Json()["occupants"][0];
    EXPECT_EQ(o["name"], "李四");
    EXPECT_EQ(o["id_number"], id_number);
    EXPECT_EQ(o["phone"], "15937112345");
    EXPECT_EQ(o["temperature"], 36.6);
  }
  HttpResponse audit = Get(audit_q, admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  Json items = audit.Json()["items"];
  ASSERT_EQ(items.size(), 2u) << audit.body;
  EXPECT_EQ(items[0]["username"], "commander") << "newest first";
  EXPECT_EQ(items[1]["username"], "admin");
  EXPECT_EQ(items[1]["user_id"], admin.user_id);
  EXPECT_EQ(items[0]["entity_id"], id);
  EXPECT_EQ(items[0]["at"], FormatRfc3339(clock().NowMs()));
  EXPECT_EQ(items[0]["ip"], "127.0.0.1");
  EXPECT_EQ(audit.body.find(id_number), std::string::npos) << "the audit must not copy the identity number";
  EXPECT_EQ(audit.body.find("15937112345"), std::string::npos) << "the audit must not copy the phone";
  EXPECT_EQ(audit.body.find("李四"), std::string::npos) << "the audit must not copy the name";
  // The whole audit log holds neither.
  Json all = ListAll("/api/v1/audit?entity=passage", admin);
  EXPECT_EQ(all.dump().find(id_number), std::string::npos);
  // An unknown passage is 404 even with the permission.
  ExpectError(Post("/api/v1/screening/passages/99999999:reveal", nullptr, commander), 404, "not_found");
  // GET is not the way to reveal.
  EXPECT_EQ(Get("/api/v1/screening/passages/" + id + ":reveal", admin).status, 405);
}

TEST_P(ScreeningPassageTest, IdentityNumbersAndPhonesAreSealedAtRest) {
  Session checkpoint = Login("checkpoint");
  const Session& admin = Admin();
  std::string id_number = IdNumber("19800101", "123");
  Json body = Body(g107_);
  body["occupants"] = Json::array({{{"temperature", 38.6}, {"name", "王五"}, {"id_number", id_number}, {"phone", "15937154321"}}});
  HttpResponse created = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.Json()["id"].get<int64_t>();
  // The stored rows (passage and its fever handover) hold neither value, nor any part beyond the mask.
  std::string rows = server().app().db().Read([&](store::Connection& c) {
    std::string out = c.QueryOne("SELECT occupants FROM passages WHERE id = ?", {id})->Text(0);
    for (const auto& r : c.Query("SELECT id_number, phone FROM handovers WHERE passage_id = ?", {id}).rows)
      out += "|" + r.Text(0) + "|" + r.Text(1);
    return out;
  });
  EXPECT_EQ(rows.find(id_number), std::string::npos) << rows;
  EXPECT_EQ(rows.find(id_number.substr(6, 8)), std::string::npos) << "the birth date is not stored in clear";
  EXPECT_EQ(rows.find("15937154321"), std::string::npos) << rows;
  EXPECT_NE(rows.find("fe1."), std::string::npos) << rows;
  // Lists and the handover show the masks; reveal opens them.
  Json listed = Get("/api/v1/screening/passages/" + std::to_string(id), checkpoint).Json();
  EXPECT_EQ(listed["occupants"][0]["id_number_masked"], id_number.substr(0, 6) + "********" + id_number.substr(14));
  EXPECT_EQ(listed["occupants"][0]["phone_masked"], "159****4321");
  Json handovers = Get("/api/v1/screening/handovers?point_id=" + std::to_string(g107_), admin).Json();
  bool seen = false;
  for (const auto& h : handovers["items"])
    if (h["passage_id"] == id) {
      seen = true;
      EXPECT_EQ(h["person"]["phone_masked"], "159****4321");
      Json revealed = Post("/api/v1/screening/handovers/" + std::to_string(h["id"].get<int64_t>()) + ":reveal", nullptr, admin).Json();
      EXPECT_EQ(revealed["person"]["id_number"], id_number);
    }
  EXPECT_TRUE(seen) << handovers.dump();
  Json revealed = Post("/api/v1/screening/passages/" + std::to_string(id) + ":reveal", nullptr, admin).Json();
  EXPECT_EQ(revealed["occupants"][0]["id_number"], id_number);
  EXPECT_EQ(revealed["occupants"][0]["phone"], "15937154321");
}

// ---------------------------------------------------------------- batch

TEST_P(ScreeningPassageTest, BatchAnswersEachRecordInOrderAndStoresEachOnce) {
  Session checkpoint = Login("checkpoint");
  // One passage already stored.
  Json stored = Body(g107_);
  HttpResponse first = Post("/api/v1/screening/passages", stored, checkpoint);
  ASSERT_EQ(first.status, 201) << first.body;

  Json a = Body(g107_);
  Json a_again = Body(g107_);  // same key as a, other content: the copy inside the same batch
  a_again["client_key"] = a["client_key"];
  Json hot = Body(g107_);
  hot["occupants"][0]["temperature"] = 50.0;
  Json b = Body(g107_);
  b["origin"] = {{"code", "421000"}, {"name", "湖北省荆州市"}};
  b["purpose"] = "other";
  b["occupants"].push_back({{"temperature", 36.2}});
  Json no_origin = Body(g107_);
  no_origin.erase("origin");
  Json c = Body(g107_);
  c["occupants"] = Json::array({{{"temperature", 38.9}, {"name", "赵六"}}, {{"temperature", 37.5}}, {{"temperature", 36.5}}});
  Json no_key = Body(g107_);
  no_key.erase("client_key");
  Json records = Json::array({a, stored, hot, b, a_again, no_origin, c, 42, no_key});

  Json before = Figures(g107_);
  size_t count = Count(g107_);
  HttpResponse r = Post("/api/v1/screening/passages:batch", {{"records", records}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  Json results = r.Json()["results"];
  ASSERT_EQ(results.size(), records.size()) << r.body;
  std::vector<std::string> statuses;
  for (const auto& x : results) statuses.push_back(x["status"]);
  EXPECT_EQ(statuses, (std::vector<std::string>{"created", "duplicate", "invalid", "created", "duplicate", "invalid",
                                                "created", "invalid", "invalid"}));
  for (size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 6u})
    EXPECT_EQ(results[i]["client_key"], records[i]["client_key"]) << i;
  EXPECT_EQ(results[1]["passage"]["id"], first.Json()["id"]) << "a stored key answers with the first result";
  EXPECT_EQ(results[4]["passage"]["id"], results[0]["passage"]["id"]) << "a key repeated in the batch is stored once";
  auto rules_of = [](const Json& x) {
    std::vector<std::string> out;
    for (const auto& e : x["errors"]) out.push_back(e["field"].get<std::string>() + ":" + e["rule"].get<std::string>());
    return out;
  };
  EXPECT_EQ(rules_of(results[2]), std::vector<std::string>{"occupants[0].temperature:range"});
  EXPECT_EQ(rules_of(results[5]), std::vector<std::string>{"origin.name:required"});
  EXPECT_EQ(rules_of(results[7]), std::vector<std::string>{"record:type"});
  EXPECT_EQ(rules_of(results[8]), std::vector<std::string>{"client_key:required"});
  for (size_t i : {2u, 5u, 7u, 8u}) EXPECT_FALSE(results[i].contains("passage")) << i;
  for (size_t i : {0u, 1u, 3u, 4u, 6u}) EXPECT_FALSE(results[i].contains("errors")) << i;
  EXPECT_EQ(results[0]["passage"]["decision"], "pass");
  EXPECT_EQ(results[3]["passage"]["decision"], "turned_back");
  EXPECT_EQ(results[6]["passage"]["decision"], "fever_handover");
  EXPECT_EQ(results[6]["passage"]["handover_ids"].size(), 2u);
  EXPECT_EQ(results[0]["passage"]["day"], kToday);

  // Exactly the three created records were written, once each; the figures grew by exactly them.
  EXPECT_EQ(Count(g107_), count + 3);
  for (const Json* x : {&a, &b, &c, &stored}) EXPECT_EQ(ByPlate((*x)["plate"], Admin()).size(), 1u) << (*x)["plate"];
  for (const Json* x : {&a_again, &hot, &no_origin, &no_key}) EXPECT_TRUE(ByPlate((*x)["plate"], Admin()).empty());
  Json after = Figures(g107_);
  EXPECT_EQ(Delta(before, after), Fig(3, 6, 6, 1, 2, 2, 2));

  // The whole batch again: what was created is now a duplicate with the same id; nothing moves.
  r = Post("/api/v1/screening/passages:batch", {{"records", records}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  Json replay = r.Json()["results"];
  ASSERT_EQ(replay.size(), records.size());
  for (size_t i : {0u, 3u, 6u}) {
    EXPECT_EQ(replay[i]["status"], "duplicate") << i;
    EXPECT_EQ(replay[i]["passage"]["id"], results[i]["passage"]["id"]) << i;
    EXPECT_EQ(replay[i]["passage"]["handover_ids"], results[i]["passage"]["handover_ids"]) << i;
  }
  for (size_t i : {2u, 5u, 7u, 8u}) EXPECT_EQ(replay[i]["status"], "invalid") << i;
  EXPECT_EQ(Count(g107_), count + 3);
  EXPECT_EQ(Figures(g107_), after);
}

TEST_P(ScreeningPassageTest, BatchRefusesTooManyRecordsOrNoArray) {
  Session checkpoint = Login("checkpoint");
  Json one = Body(g107_);
  Json many = Json::array();
  for (int i = 0; i < 1001; ++i) {
    Json x = one;
    x["client_key"] = NewUuidV7();
    many.push_back(std::move(x));
  }
  ASSERT_LT((Json{{"records", many}}.dump().size()), kSuiteBodyLimit);
  ExpectNothingWritten(g107_, [&] {
    HttpResponse r = Post("/api/v1/screening/passages:batch", {{"records", many}}, checkpoint);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{"records:max_items"});
    for (const Json& body : {Json{{"records", one}}, Json{{"records", "[]"}}, Json{{"records", nullptr}},
                             Json{{"passages", Json::array({one})}}, Json{{"records", Json::array()}}}) {
      r = Post("/api/v1/screening/passages:batch", body, checkpoint);
      ExpectError(r, 422, "validation_failed");
      EXPECT_EQ(FieldRules(r), std::vector<std::string>{"records:required"}) << body.dump().substr(0, 80);
    }
  });
  // 1000 is the limit and is accepted (same plate, distinct keys).
  many.erase(many.begin());
  Json before = Figures(g107_);
  HttpResponse r = Post("/api/v1/screening/passages:batch", {{"records", many}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  size_t created = 0;
  Json results = r.Json()["results"];
  for (const auto& x : results) created += x["status"] == "created";
  EXPECT_EQ(created, 1000u) << results[0].dump();
  EXPECT_EQ(Delta(before, Figures(g107_)), Fig(1000, 1000, 1000, 0, 0, 0, 0));
  EXPECT_EQ(ByPlate(one["plate"], Admin()).size(), 1000u);
}

// ---------------------------------------------------------------- concurrency

TEST_P(ScreeningPassageTest, ConcurrentReplaysOfOneKeyStoreItOnce) {
  Session checkpoint = Login("checkpoint");
  Json body = Body(g107_);
  body["occupants"] = Json::array({{{"temperature", 38.4}}});
  Json before = Figures(g107_);
  std::vector<HttpResponse> answers(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] { answers[i] = Call("POST", "/api/v1/screening/passages", body.dump(), &checkpoint); });
  for (auto& t : threads) t.join();
  int created = 0;
  std::set<int64_t> ids;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.status == 201 || a.status == 200) << a.status << ": " << a.body;
    created += a.status == 201;
    ids.insert(a.Json()["id"].get<int64_t>());
    EXPECT_EQ(a.Json()["handover_ids"].size(), 1u) << a.body;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(ByPlate(body["plate"], Admin()).size(), 1u);
  EXPECT_EQ(Delta(before, Figures(g107_)), Fig(1, 1, 1, 0, 0, 1, 1));
}

TEST_P(ScreeningPassageTest, ConcurrentBatchesOfTheSameRecordsStoreEachOnce) {
  Session checkpoint = Login("checkpoint");
  Json records = Json::array();
  for (int i = 0; i < 40; ++i) records.push_back(Body(g107_));
  Json before = Figures(g107_);
  std::vector<HttpResponse> answers(4);
  std::vector<std::thread> threads;
  std::string payload = Json{{"records", records}}.dump();
  for (size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] { answers[i] = Call("POST", "/api/v1/screening/passages:batch", payload, &checkpoint); });
  for (auto& t : threads) t.join();
  std::vector<int> created(records.size(), 0);
  std::vector<std::set<int64_t>> ids(records.size());
  for (const auto& a : answers) {
    ASSERT_EQ(a.status, 200) << a.body.substr(0, 300);
    Json results = a.Json()["results"];
    ASSERT_EQ(results.size(), records.size());
    for (size_t k = 0; k < results.size(); ++k) {
      EXPECT_TRUE(results[k]["status"] == "created" || results[k]["status"] == "duplicate") << results[k].dump();
      created[k] += results[k]["status"] == "created";
      ids[k].insert(results[k]["passage"]["id"].get<int64_t>());
    }
  }
  for (size_t k = 0; k < records.size(); ++k) {
    EXPECT_EQ(created[k], 1) << "record " << k;
    EXPECT_EQ(ids[k].size(), 1u) << "record " << k;
  }
  EXPECT_EQ(Delta(before, Figures(g107_)), Fig(40, 40, 40, 0, 0, 0, 0));
}

// The list filters check their days the same way: 400 naming the parameter (the API's convention,
// see ErrorsTest.BadQueryParameterIs400NamingTheParameter), on /passages and /handovers alike.
TEST_P(ScreeningPassageTest, ListFiltersRefuseBadDaysNamingTheParameter) {
  const Session& admin = Admin();
  HttpResponse r = Get("/api/v1/screening/passages?from=2020-02-30", admin);
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"from:format"});
  r = Get("/api/v1/screening/passages?to=14/02/2020", admin);
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"to:format"});
  r = Get("/api/v1/screening/handovers?from=2020-02-30", admin);
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"from:format"});
  r = Get("/api/v1/screening/handovers?to=yesterday", admin);
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"to:format"});
}

// rules:evaluate refuses a rule_version that does not exist like create does: 422
// rule_version:exists (it is a body field, not a missing resource).
TEST_P(ScreeningPassageTest, EvaluateRefusesAnUnknownRuleVersionLikeCreate) {
  Json body = Body(g107_);
  body["rule_version"] = 99;
  HttpResponse create = Post("/api/v1/screening/passages", body, Admin());
  ExpectError(create, 422, "validation_failed");
  EXPECT_EQ(FieldRules(create), std::vector<std::string>{"rule_version:exists"});
  HttpResponse eval = Post("/api/v1/screening/rules:evaluate", body, Admin());
  ExpectError(eval, 422, "validation_failed");
  EXPECT_EQ(FieldRules(eval), std::vector<std::string>{"rule_version:exists"});
}

FK_INSTANTIATE_BACKENDS(ScreeningPassageTest);

}  // namespace
}  // namespace fk::apitest
