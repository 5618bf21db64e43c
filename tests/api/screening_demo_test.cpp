// Checkpoint screening over HTTP with the demo passages loaded (115,814
// vehicles over 20 January – 13 February 2020): the published figures and the
// report sentence, scoped figures, the .xlsx export, versioned rules (a passage
// is decided under the version it names), and the life of a fever handover
// (receipt by code, once; outcome; audited reveal). After every test the kept
// figures equal a recount of the records.
//
// The fixture's clock stands at 2020-02-14T00:00:00Z (08:00 local): what the
// tests write counts for 14 February, never for the demo's days.
#include <algorithm>
#include <numeric>
#include <regex>
#include <set>

#include "api/api_fixture.h"
#include "core/ids.h"
#include "core/validation.h"
#include "screening/service.h"

namespace fk::apitest {
namespace {

constexpr const char* kG107 = "G107新郑长葛交界疫情监测站";  // 梨河镇: the demo's only screening point there
constexpr const char* kGangli = "岗李村检测点";                // 梨河镇 too, a community gate: no demo passages
constexpr const char* kOtherTown = "京港澳高速新郑服务区卡口";  // 薛店镇
constexpr const char* kPublished =
    "截至2月13日，累计排查车辆115814台、184735人（均测量体温），劝返车辆10899台、16966人，发现发热人员27名（均依规处置到位）";
const char* kFigureNames[] = {"vehicles", "people", "people_tested", "vehicles_turned_back", "people_turned_back",
                              "fever", "handovers", "handovers_receipted"};

const std::regex kFullPhone("(^|[^0-9A-Za-z])1[3-9][0-9]{9}($|[^0-9A-Za-z])");
const std::regex kFullId("(^|[^0-9A-Za-z])[1-9][0-9]{16}[0-9X]($|[^0-9A-Za-z])");

std::string IdNumber(const std::string& birth, const std::string& seq) {
  std::string first17 = "410184" + birth + seq;
  return first17 + IdNumberCheckChar(first17);
}

Json Zero() {
  Json z = Json::object();
  for (const char* k : kFigureNames) z[k] = 0;
  return z;
}
Json Add(Json a, const Json& b) {
  for (const char* k : kFigureNames) a[k] = a[k].get<int64_t>() + b[k].get<int64_t>();
  return a;
}
Json Only(const Json& figures) {  // the eight figures of an object that has more keys (day, point_id, ...)
  Json out = Json::object();
  for (const char* k : kFigureNames) out[k] = figures.at(k);
  return out;
}
size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class ScreeningDemoTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.screening_demo = true;
    return t;
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    g107_ = FindPoint(kG107)["id"].get<int64_t>();
    gangli_ = FindPoint(kGangli)["id"].get<int64_t>();
    other_ = FindPoint(kOtherTown)["id"].get<int64_t>();
  }

  void TearDown() override {
    if (IsSkipped() || HasFatalFailure() || g107_ == 0) return;
    auto diffs = server().app().screening().VerifyRollups();
    EXPECT_TRUE(diffs.empty()) << diffs.size() << " point-days differ from a recount, e.g. "
                               << (diffs.empty() ? "" : diffs.front());
  }

  Json Body(int64_t point_id) {
    static int n = 0;
    char plate[16];
    std::snprintf(plate, sizeof plate, "%05d", ++n);
    return {{"client_key", NewUuidV7()},
            {"point_id", point_id},
            {"vehicle_kind", "car"},
            {"plate", std::string("豫J") + plate},
            {"direction", "in"},
            {"occupants", Json::array({{{"temperature", 36.5}}})},
            {"origin", {{"code", "410100"}, {"name", "河南省郑州市"}}},
            {"destination", "梨河镇"},
            {"purpose", "home"},
            {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
  }

  Json Summary(const std::string& query, const Session& s) {
    HttpResponse r = Get("/api/v1/screening/summary?" + query, s);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.Json();
  }
  Json PointDay(int64_t point, const std::string& day, const Session& s) {
    return Summary("point_id=" + std::to_string(point) + "&from=" + day + "&to=" + day + "&as_of=" + day, s);
  }

  int64_t g107_ = 0, gangli_ = 0, other_ = 0;
};

// ---------------------------------------------------------------- figures

TEST_P(ScreeningDemoTest, SummaryAsOf13FebruaryIsThePublishedSentence) {
  Json s = Summary("as_of=2020-02-13&from=2020-01-20&to=2020-02-13", Admin());
  EXPECT_EQ(s["sentence"], kPublished);
  EXPECT_EQ(s["from"], "2020-01-20");
  EXPECT_EQ(s["to"], "2020-02-13");
  EXPECT_EQ(s["as_of"], "2020-02-13");
  Json published = {{"vehicles", 115814},          {"people", 184735},   {"people_tested", 184735},
                    {"vehicles_turned_back", 10899}, {"people_turned_back", 16966}, {"fever", 27},
                    {"handovers", 27},             {"handovers_receipted", 27}};
  EXPECT_EQ(s["as_of_figures"], published);
  EXPECT_EQ(s["all_handovers_receipted"], true);
  EXPECT_EQ(s["handovers_without_receipt"], 0);

  // 25 days; each cumulative is the previous one plus the day; the last is the as-of figures.
  Json days = s["days"];
  ASSERT_EQ(days.size(), 25u);
  EXPECT_EQ(days[0]["day"], "2020-01-20");
  EXPECT_EQ(days[24]["day"], "2020-02-13");
  Json running = Zero(), sum = Zero();
  for (size_t i = 0; i < days.size(); ++i) {
    running = Add(running, Only(days[i]));
    EXPECT_EQ(days[i]["cumulative"], running) << days[i]["day"];
    EXPECT_GT(days[i]["vehicles"].get<int64_t>(), 0) << days[i]["day"];
    sum = Add(sum, Only(days[i]));
  }
  EXPECT_EQ(days[24]["cumulative"], s["as_of_figures"]);
  EXPECT_EQ(sum, s["range"]);
  EXPECT_EQ(s["range"], published) << "nothing before 20 January";

  // The points add up to the range; every screening point of the demo has records.
  Json by_point = s["by_point"];
  EXPECT_EQ(by_point.size(), 12u);
  Json points_sum = Zero();
  std::set<int64_t> ids;
  for (const auto& p : by_point) {
    points_sum = Add(points_sum, Only(p));
    EXPECT_GT(p["vehicles"].get<int64_t>(), 0) << p["point_name"];
    ids.insert(p["point_id"].get<int64_t>());
  }
  EXPECT_EQ(points_sum, s["range"]);
  EXPECT_EQ(ids.size(), by_point.size());
  EXPECT_TRUE(ids.count(g107_));
  EXPECT_FALSE(ids.count(gangli_)) << "community gates have no demo records";

  // The default range is the week up to `to` (or as_of); the sentence depends on as_of only.
  Json week = Summary("as_of=2020-02-13", Admin());
  EXPECT_EQ(week["sentence"], kPublished);
  ASSERT_EQ(week["days"].size(), 7u);
  EXPECT_EQ(week["from"], "2020-02-07");
  EXPECT_EQ(week["days"][6]["cumulative"], published);
  // An earlier as_of is a smaller sentence.
  Json early = Summary("as_of=2020-01-31&from=2020-01-20&to=2020-02-13", Admin());
  EXPECT_EQ(early["as_of_figures"], days[11]["cumulative"]);
  EXPECT_NE(early["sentence"], kPublished);
  EXPECT_EQ(early["sentence"].get<std::string>().rfind("截至1月31日，累计排查车辆" +
                                                           std::to_string(days[11]["cumulative"]["vehicles"].get<int64_t>()) + "台",
                                                       0),
            0u)
      << early["sentence"];
  // The commander sees the city as the admin does.
  Session commander = Login("commander");
  EXPECT_EQ(Summary("as_of=2020-02-13&from=2020-01-20&to=2020-02-13", commander)["as_of_figures"], published);
}

TEST_P(ScreeningDemoTest, CheckpointSummaryCoversOnlyItsTown) {
  Session checkpoint = Login("checkpoint");
  Json city = Summary("as_of=2020-02-13&from=2020-01-20&to=2020-02-13", Admin());
  Json own = Summary("as_of=2020-02-13&from=2020-01-20&to=2020-02-13", checkpoint);
  ASSERT_EQ(own["by_point"].size(), 1u) << own["by_point"].dump();
  EXPECT_EQ(own["by_point"][0]["point_id"], g107_);
  Json g107_city;
  for (const auto& p : city["by_point"])
    if (p["point_id"] == g107_) g107_city = Only(p);
  EXPECT_EQ(own["range"], g107_city);
  EXPECT_EQ(own["as_of_figures"], g107_city);
  int64_t v = own["as_of_figures"]["vehicles"].get<int64_t>();
  EXPECT_GT(v, 0);
  EXPECT_LT(v, 115814);
  EXPECT_EQ(own["sentence"].get<std::string>().rfind("截至2月13日，累计排查车辆" + std::to_string(v) + "台", 0), 0u)
      << own["sentence"];
  EXPECT_NE(own["sentence"], kPublished);
  // The same through the point filter and the town's unit filter (admin).
  EXPECT_EQ(Summary("point_id=" + std::to_string(g107_) + "&as_of=2020-02-13&from=2020-01-20&to=2020-02-13", Admin())["range"],
            g107_city);
  EXPECT_EQ(Summary("unit_id=" + std::to_string(UnitId("梨河镇")) + "&as_of=2020-02-13&from=2020-01-20&to=2020-02-13",
                    Admin())["range"],
            g107_city);
  // Other towns are not found.
  ExpectError(Get("/api/v1/screening/summary?point_id=" + std::to_string(other_), checkpoint), 404, "not_found");
  ExpectError(Get("/api/v1/screening/summary?unit_id=" + std::to_string(UnitId("薛店镇")), checkpoint), 404,
              "not_found");
  ExpectError(Get("/api/v1/screening/summary?unit_id=" + std::to_string(UnitId("新郑市")), checkpoint), 404,
              "not_found");
}

TEST_P(ScreeningDemoTest, SummaryRefusesBadDatesNamingTheParameter) {
  const Session& admin = Admin();
  struct Case {
    const char* query;
    const char* rule;
  } cases[] = {{"from=2020-13-01&to=2020-02-13", "from:format"},
               {"from=2020-02-01&to=2020-02-30", "to:format"},
               {"as_of=20200213", "as_of:format"},
               {"as_of=2020-2-13", "as_of:format"},
               {"from=yesterday&to=2020-02-13", "from:format"},
               {"from=2020-02-14&to=2020-02-13", "from:order"},
               {"from=2019-01-01&to=2020-02-13", "from:range"}};
  for (const auto& c : cases) {
    HttpResponse r = Get(std::string("/api/v1/screening/summary?") + c.query, admin);
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), std::vector<std::string>{c.rule}) << c.query;
  }
  // The passage list and the export take the same days as filters and refuse bad ones with 400.
  ExpectError(Get("/api/v1/screening/passages?from=2020-02-30", admin), 400, "bad_request");
  ExpectError(Get("/api/v1/screening/passages?to=13/02/2020", admin), 400, "bad_request");
  ExpectError(Get("/api/v1/screening/passages:export?from=2020-02-30", admin), 400, "bad_request");
  ExpectError(Get("/api/v1/screening/passages?point_id=G107", admin), 400, "bad_request");
}

// ---------------------------------------------------------------- lists and export

TEST_P(ScreeningDemoTest, ListsFilterAndPageByDayPointDecisionAndFever) {
  const Session& admin = Admin();
  std::string p = std::to_string(g107_);
  Json fig = PointDay(g107_, "2020-02-13", admin)["range"];
  // Turned back at G107 on 13 February: as many as the figures say, all turned back, newest first, no repeats.
  Json turned = ListAll("/api/v1/screening/passages?from=2020-02-13&to=2020-02-13&decision=turned_back&point_id=" + p,
                        admin, 7);
  EXPECT_EQ(static_cast<int64_t>(turned.size()), fig["vehicles_turned_back"].get<int64_t>());
  std::set<int64_t> ids;
  int64_t last = INT64_MAX;
  for (const auto& x : turned) {
    EXPECT_EQ(x["decision"], "turned_back");
    EXPECT_EQ(x["day"], "2020-02-13");
    EXPECT_EQ(x["point_id"], g107_);
    EXPECT_LT(x["id"].get<int64_t>(), last);
    last = x["id"].get<int64_t>();
    ids.insert(last);
  }
  EXPECT_EQ(ids.size(), turned.size());
  Json all_day = ListAll("/api/v1/screening/passages?from=2020-02-13&to=2020-02-13&point_id=" + p, admin);
  EXPECT_EQ(static_cast<int64_t>(all_day.size()), fig["vehicles"].get<int64_t>());
  // Fever over the demo days: the 27 published cases, all handed over and receipted.
  Json fever = ListAll("/api/v1/screening/passages?to=2020-02-13&fever=true", admin);
  EXPECT_EQ(fever.size(), 27u);
  for (const auto& x : fever) EXPECT_EQ(x["decision"], "fever_handover");
  Json handovers = ListAll("/api/v1/screening/handovers?to=2020-02-13", admin);
  EXPECT_EQ(handovers.size(), 27u);
  for (const auto& h : handovers) {
    EXPECT_EQ(h["receipted"], true);
    EXPECT_FALSE(h["receiver_name"].get<std::string>().empty());
    EXPECT_FALSE(std::regex_search(h.dump(), kFullPhone)) << h.dump();
  }
  // The masked occupants of demo passages carry no full phone.
  HttpResponse page = Get("/api/v1/screening/passages?page_size=500&to=2020-02-13", admin);
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(std::regex_search(page.body, kFullPhone));
  EXPECT_FALSE(std::regex_search(page.body, kFullId));
}

// The list documents the same Passage schema as GET /passages/{id}: its handover_ids are the same.
TEST_P(ScreeningDemoTest, ListedPassagesCarryTheirHandoverIds) {
  Json fever = ListAll("/api/v1/screening/passages?to=2020-02-13&fever=true", Admin());
  ASSERT_EQ(fever.size(), 27u);
  size_t with_ids = 0;
  for (const auto& x : fever) {
    HttpResponse one = Get("/api/v1/screening/passages/" + std::to_string(x["id"].get<int64_t>()), Admin());
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.Json()["handover_ids"].size(), 1u) << "the detail lists the handover";
    with_ids += x["handover_ids"] == one.Json()["handover_ids"];
  }
  EXPECT_EQ(with_ids, fever.size()) << "listed passages must carry the same handover_ids as their detail";
}

TEST_P(ScreeningDemoTest, ExportIsAnXlsxOfTheFilteredPassagesWithoutPhones) {
  Session checkpoint = Login("checkpoint");
  std::string q = "/api/v1/screening/passages:export?from=2020-02-13&to=2020-02-13&point_id=" + std::to_string(g107_);
  HttpResponse r = Get(q, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::string disposition = r.Header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment", 0), 0u) << disposition;
  EXPECT_NE(disposition.find(".xlsx"), std::string::npos) << disposition;
  ASSERT_GT(r.body.size(), 100u);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  std::string text = UnzipAll(r.body);
  EXPECT_NE(text.find("worksheet"), std::string::npos);
  // One row per passage of that point and day, plus the header.
  int64_t vehicles = PointDay(g107_, "2020-02-13", checkpoint)["range"]["vehicles"].get<int64_t>();
  ASSERT_GT(vehicles, 0);
  EXPECT_EQ(static_cast<int64_t>(Count(text, "<row ")), vehicles + 1);
  EXPECT_NE(text.find(kG107), std::string::npos);
  EXPECT_EQ(text.find(kOtherTown), std::string::npos);
  EXPECT_FALSE(std::regex_search(text, kFullPhone)) << "a full phone number in the export";
  EXPECT_FALSE(std::regex_search(text, kFullId)) << "a full identity number in the export";

  // Another town's point exports nothing for the checkpoint user: the header only.
  HttpResponse none = Get("/api/v1/screening/passages:export?from=2020-02-13&to=2020-02-13&point_id=" +
                              std::to_string(other_),
                          checkpoint);
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(Count(UnzipAll(none.body), "<row "), 1u);
}

TEST_P(ScreeningDemoTest, HandoverExportListsTheFeverCasesMasked) {
  HttpResponse r = Get("/api/v1/screening/handovers:export?to=2020-02-13", Admin());
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  std::string text = UnzipAll(r.body);
  EXPECT_EQ(Count(text, "<row "), 27u + 1) << "the 27 demo handovers and the header";
  EXPECT_NE(text.find("新郑市人民医院发热门诊"), std::string::npos) << "the receiver is named";
  EXPECT_FALSE(std::regex_search(text, kFullPhone)) << "a full phone number in the export";
  EXPECT_FALSE(std::regex_search(text, kFullId)) << "a full identity number in the export";
  EXPECT_EQ(Get("/api/v1/screening/handovers:export?from=13-02-2020", Admin()).status, 400);
}

// ---------------------------------------------------------------- rules

TEST_P(ScreeningDemoTest, RulesAreVersionedAndEachPassageKeepsItsVersion) {
  Session checkpoint = Login("checkpoint");
  Session commander = Login("commander");
  const Session& admin = Admin();

  HttpResponse r = Get("/api/v1/screening/rules", checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  Json cur = r.Json();
  EXPECT_EQ(cur["version"], 3);
  EXPECT_EQ(cur["rules"]["fever_threshold"], 37.3);
  std::vector<std::string> codes;
  for (const auto& o : cur["rules"]["turn_back_origins"]) codes.push_back(o["code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"42", "4115", "3303"}));
  EXPECT_EQ(cur["rules"]["exempt_purposes"],
            Json::array({"freight", "medical", "official", "home", "return_to_work"}));
  EXPECT_EQ(cur["note"], "复工复产：返岗人员豁免");
  EXPECT_EQ(cur["created_at"], "2020-02-09T16:00:00.000Z") << "issued at the start of 10 February, local time";
  EXPECT_EQ(cur["created_by"], admin.user_id);

  auto versions = [&] {
    std::vector<int> v;
    HttpResponse list = Get("/api/v1/screening/rules/versions", checkpoint);
    EXPECT_EQ(list.status, 200) << list.body;
    Json items = list.Json()["items"];
    for (const auto& item : items) v.push_back(item["version"].get<int>());
    return v;
  };
  EXPECT_EQ(versions(), (std::vector<int>{3, 2, 1}));

  // Only rule writers save rules; a bad rule set names every bad field and saves nothing.
  Json rules = cur["rules"];
  rules["turn_back_origins"].push_back({{"code", "3301"}, {"name", "浙江省杭州市"}});
  HttpResponse denied = Post("/api/v1/screening/rules", {{"rules", rules}, {"note", "卡口不能改规则"}}, checkpoint);
  ExpectError(denied, 403, "forbidden");
  Json bad = {{"fever_threshold", 41.0},
              {"turn_back_origins", Json::array({{{"code", "4a"}, {"name", "湖北"}}, {{"code", ""}}})},
              {"exempt_purposes", Json::array({"shopping"})}};
  HttpResponse invalid = Post("/api/v1/screening/rules", {{"rules", bad}}, commander);
  ExpectError(invalid, 422, "validation_failed");
  std::vector<std::string> got = FieldRules(invalid);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"exempt_purposes:enum", "fever_threshold:range",
                                           "turn_back_origins[0].code:format", "turn_back_origins[1]:required"}));
  ExpectError(Post("/api/v1/screening/rules", {{"rules", {{"fever_threshold", 34.9}}}}, admin), 422,
              "validation_failed");
  ExpectError(Post("/api/v1/screening/rules", {{"note", "没有规则"}}, admin), 422, "validation_failed");
  EXPECT_EQ(versions(), (std::vector<int>{3, 2, 1}));

  // The commander saves version 4: 杭州 is turned back too.
  clock().Advance(60'000);
  HttpResponse saved = Post("/api/v1/screening/rules", {{"rules", rules}, {"note", "增加杭州"}}, commander);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(saved.Json()["version"], 4);
  EXPECT_EQ(saved.Json()["note"], "增加杭州");
  EXPECT_EQ(saved.Json()["created_by"], commander.user_id);
  EXPECT_EQ(saved.Json()["created_at"], FormatRfc3339(clock().NowMs()));
  EXPECT_EQ(saved.Json()["rules"], rules);
  EXPECT_EQ(Get("/api/v1/screening/rules", checkpoint).Json()["version"], 4);
  EXPECT_EQ(versions(), (std::vector<int>{4, 3, 2, 1}));
  HttpResponse audit = Get("/api/v1/audit?entity=screening_rules&entity_id=4", admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["username"], "commander");
  EXPECT_EQ(audit.Json()["items"][0]["before"], cur["rules"]);
  EXPECT_EQ(audit.Json()["items"][0]["after"], rules);

  // Each passage is decided under the version it names, or the current one.
  struct Case {
    const char* origin_code;
    const char* origin_name;
    const char* purpose;
    int version;  // 0: none given
    const char* decision;
    int stored_version;
  } cases[] = {{"420100", "湖北省武汉市", "return_to_work", 0, "pass", 4},
               {"420100", "湖北省武汉市", "return_to_work", 1, "turned_back", 1},
               {"420100", "湖北省武汉市", "return_to_work", 2, "turned_back", 2},
               {"420100", "湖北省武汉市", "return_to_work", 3, "pass", 3},
               {"411500", "河南省信阳市", "transit", 1, "pass", 1},
               {"411500", "河南省信阳市", "transit", 2, "turned_back", 2},
               {"330100", "浙江省杭州市", "transit", 3, "pass", 3},
               {"330100", "浙江省杭州市", "transit", 0, "turned_back", 4},
               {"", "湖北省孝感市", "other", 0, "turned_back", 4},
               {"420100", "湖北省武汉市", "freight", 1, "pass", 1}};
  for (const auto& c : cases) {
    Json body = Body(g107_);
    body["origin"] = {{"code", c.origin_code}, {"name", c.origin_name}};
    body["purpose"] = c.purpose;
    if (c.version) body["rule_version"] = c.version;
    std::string label = std::string(c.origin_name) + " " + c.purpose + " v" + std::to_string(c.version);

    Json eval_body = body;
    eval_body.erase("client_key");
    eval_body.erase("point_id");
    HttpResponse e = Post("/api/v1/screening/rules:evaluate", eval_body, checkpoint);
    ASSERT_EQ(e.status, 200) << label << ": " << e.body;
    EXPECT_EQ(e.Json()["suggested_decision"], c.decision) << label;
    EXPECT_EQ(e.Json()["rule_version"], c.stored_version) << label;
    EXPECT_EQ(e.Json()["fever_count"], 0) << label;

    HttpResponse p = Post("/api/v1/screening/passages", body, checkpoint);
    ASSERT_EQ(p.status, 201) << label << ": " << p.body;
    EXPECT_EQ(p.Json()["suggested_decision"], c.decision) << label;
    EXPECT_EQ(p.Json()["decision"], c.decision) << label;
    EXPECT_EQ(p.Json()["rule_version"], c.stored_version) << label;
    HttpResponse g = Get("/api/v1/screening/passages/" + std::to_string(p.Json()["id"].get<int64_t>()), checkpoint);
    EXPECT_EQ(g.Json()["rule_version"], c.stored_version) << label;
  }
  // An unknown version is refused and nothing is written.
  Json body = Body(g107_);
  body["rule_version"] = 5;
  HttpResponse none = Post("/api/v1/screening/passages", body, checkpoint);
  ExpectError(none, 422, "validation_failed");
  EXPECT_EQ(FieldRules(none), std::vector<std::string>{"rule_version:exists"});
  EXPECT_TRUE(ListAll("/api/v1/screening/passages?plate=" + UrlEncode(body["plate"].get<std::string>()), admin).empty());
}

TEST_P(ScreeningDemoTest, EvaluateSuggestsWithoutWriting) {
  Session checkpoint = Login("checkpoint");
  Json fig = PointDay(g107_, "2020-02-14", Admin())["range"];
  size_t count = ListAll("/api/v1/screening/passages?from=2020-02-14&point_id=" + std::to_string(g107_), Admin()).size();
  Json body = Body(g107_);
  body["occupants"] = Json::array({{{"temperature", 37.3}}, {{"temperature", 39.1}}, {{"temperature", 36.1}}});
  HttpResponse r = Post("/api/v1/screening/rules:evaluate", body, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "fever_handover");
  EXPECT_EQ(r.Json()["fever_count"], 2);
  EXPECT_NE(r.Json()["reason"].get<std::string>().find("39.1"), std::string::npos) << r.body;
  // The fields the decision reads must be right; the rest need not be there.
  Json draft = {{"occupants", Json::array({{{"temperature", 36.5}}})},
                {"origin", {{"name", "湖北省武汉市"}}},
                {"purpose", "transit"}};
  r = Post("/api/v1/screening/rules:evaluate", draft, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back") << "matched by the name when there is no code";
  draft["occupants"][0]["temperature"] = 45;
  draft["purpose"] = "sightseeing";
  r = Post("/api/v1/screening/rules:evaluate", draft, checkpoint);
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> got = FieldRules(r);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"occupants[0].temperature:range", "purpose:enum"}));
  // Nothing was written.
  EXPECT_EQ(PointDay(g107_, "2020-02-14", Admin())["range"], fig);
  EXPECT_EQ(ListAll("/api/v1/screening/passages?from=2020-02-14&point_id=" + std::to_string(g107_), Admin()).size(),
            count);
  ExpectError(Post("/api/v1/screening/rules:evaluate", body, Login("volunteer")), 403, "forbidden");
}

// ---------------------------------------------------------------- handovers

TEST_P(ScreeningDemoTest, FeverHandoverIsReceiptedOnceByCodeThenFollowedUp) {
  Session checkpoint = Login("checkpoint");
  const Session& admin = Admin();
  std::string gp = std::to_string(gangli_);
  const std::string kDay = "2020-02-14";
  Json fresh = PointDay(gangli_, kDay, checkpoint);
  EXPECT_EQ(fresh["as_of_figures"], Zero()) << "the gate has no records before this test";
  EXPECT_EQ(fresh["sentence"], "截至2月14日，累计排查车辆0台、0人（均测量体温），劝返车辆0台、0人，未发现发热人员");

  std::string id_number = IdNumber("19920308", "517");
  Json body = Body(gangli_);
  body["occupants"] = Json::array({{{"temperature", 38.6}, {"name", "孙七"}, {"id_number", id_number}, {"phone", "13698765432"}},
                                   {{"temperature", 37.9}, {"name", "周八"}},
                                   {{"temperature", 36.5}}});
  HttpResponse created = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  Json passage = created.Json();
  EXPECT_EQ(passage["decision"], "fever_handover");
  EXPECT_EQ(passage["fever_count"], 2);
  ASSERT_EQ(passage["handover_ids"].size(), 2u) << "one handover per feverish occupant";
  int64_t h1 = passage["handover_ids"][0].get<int64_t>(), h2 = passage["handover_ids"][1].get<int64_t>();
  std::string s1 = std::to_string(h1), s2 = std::to_string(h2);

  // Both wait for a receipt.
  std::set<int64_t> waiting;
  for (const auto& h : ListAll("/api/v1/screening/handovers?receipted=false&point_id=" + gp, checkpoint))
    waiting.insert(h["id"].get<int64_t>());
  EXPECT_EQ(waiting, (std::set<int64_t>{h1, h2}));
  EXPECT_TRUE(ListAll("/api/v1/screening/handovers?receipted=true&point_id=" + gp, checkpoint).empty());
  HttpResponse one = Get("/api/v1/screening/handovers/" + s1, checkpoint);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Json()["person"]["name_masked"], "孙*");
  EXPECT_EQ(one.Json()["person"]["id_number_masked"], "410184********" + id_number.substr(14));
  EXPECT_EQ(one.Json()["person"]["phone_masked"], "136****5432");
  EXPECT_EQ(one.Json()["temperature"], 38.6);
  EXPECT_EQ(one.Json()["passage_id"], passage["id"]);
  EXPECT_EQ(one.Json()["receipted"], false);
  EXPECT_TRUE(one.Json()["receiver_id"].is_null());
  EXPECT_EQ(one.body.find(id_number), std::string::npos);
  EXPECT_EQ(one.body.find("13698765432"), std::string::npos);

  Json before = PointDay(gangli_, kDay, checkpoint);
  EXPECT_EQ(before["as_of_figures"]["fever"], 2);
  EXPECT_EQ(before["as_of_figures"]["handovers"], 2);
  EXPECT_EQ(before["as_of_figures"]["handovers_receipted"], 0);
  EXPECT_EQ(before["handovers_without_receipt"], 2);
  EXPECT_EQ(before["all_handovers_receipted"], false);
  EXPECT_EQ(before["sentence"],
            "截至2月14日，累计排查车辆1台、3人（均测量体温），劝返车辆0台、0人，发现发热人员2名（2名尚未确认处置到位）");

  // A wrong code, both ways at once, or neither: refused, nothing changes.
  HttpResponse wrong = Post("/api/v1/screening/handovers/" + s1 + ":receipt", {{"receipt_code", "00000000"}}, checkpoint);
  ExpectError(wrong, 422, "validation_failed");
  EXPECT_EQ(FieldRules(wrong), std::vector<std::string>{"receipt_code:invalid"});
  int64_t clinic = 0;
  Json receivers = Get("/api/v1/screening/receivers", checkpoint).Json()["items"];
  EXPECT_EQ(receivers.size(), 3u);
  for (const auto& rc : receivers)
    if (rc["name"] == "新郑市人民医院发热门诊") clinic = rc["id"].get<int64_t>();
  ASSERT_NE(clinic, 0);
  HttpResponse both = Post("/api/v1/screening/handovers/" + s1 + ":receipt",
                           {{"receipt_code", "20200120"}, {"receiver_id", clinic}}, checkpoint);
  ExpectError(both, 422, "validation_failed");
  EXPECT_EQ(FieldRules(both), std::vector<std::string>{"receipt_code:one_of"});
  ExpectError(Post("/api/v1/screening/handovers/" + s1 + ":receipt", Json::object(), checkpoint), 422,
              "validation_failed");
  EXPECT_EQ(PointDay(gangli_, kDay, checkpoint), before);
  EXPECT_EQ(Get("/api/v1/screening/handovers/" + s1, checkpoint).Json()["receipted"], false);

  // The clinic's code confirms the first.
  clock().Advance(15 * 60'000);
  HttpResponse ok = Post("/api/v1/screening/handovers/" + s1 + ":receipt", {{"receipt_code", "20200120"}}, checkpoint);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["receipted"], true);
  EXPECT_EQ(ok.Json()["receiver_id"], clinic);
  EXPECT_EQ(ok.Json()["receiver_name"], "新郑市人民医院发热门诊");
  EXPECT_EQ(ok.Json()["receipt_method"], "code");
  EXPECT_EQ(ok.Json()["receipted_at"], FormatRfc3339(clock().NowMs()));
  Json mid = PointDay(gangli_, kDay, checkpoint);
  EXPECT_EQ(mid["range"]["handovers_receipted"], 1);
  EXPECT_EQ(mid["handovers_without_receipt"], 1);
  EXPECT_EQ(mid["sentence"],
            "截至2月14日，累计排查车辆1台、3人（均测量体温），劝返车辆0台、0人，发现发热人员2名（1名尚未确认处置到位）");
  // Once only: a second receipt is a conflict, with the right code or another.
  ExpectError(Post("/api/v1/screening/handovers/" + s1 + ":receipt", {{"receipt_code", "20200120"}}, checkpoint), 409,
              "conflict");
  ExpectError(Post("/api/v1/screening/handovers/" + s1 + ":receipt", {{"receipt_code", "20200121"}}, checkpoint), 409,
              "conflict");
  EXPECT_EQ(PointDay(gangli_, kDay, checkpoint), mid);
  EXPECT_EQ(Get("/api/v1/screening/handovers/" + s1, checkpoint).Json()["receiver_name"], "新郑市人民医院发热门诊");

  // A user of the receiver's unit (the city) confirms the second as the receiver.
  HttpResponse as_receiver = Post("/api/v1/screening/handovers/" + s2 + ":receipt", {{"receiver_id", clinic}}, admin);
  ASSERT_EQ(as_receiver.status, 200) << as_receiver.body;
  EXPECT_EQ(as_receiver.Json()["receipt_method"], "receiver_confirmed");
  Json done = PointDay(gangli_, kDay, checkpoint);
  EXPECT_EQ(done["range"]["handovers_receipted"], 2);
  EXPECT_EQ(done["handovers_without_receipt"], 0);
  EXPECT_EQ(done["all_handovers_receipted"], true);
  EXPECT_EQ(done["sentence"],
            "截至2月14日，累计排查车辆1台、3人（均测量体温），劝返车辆0台、0人，发现发热人员2名（均依规处置到位）");
  EXPECT_TRUE(ListAll("/api/v1/screening/handovers?receipted=false&point_id=" + gp, checkpoint).empty());

  HttpResponse receipt_audit = Get("/api/v1/audit?entity=handover&action=receipt&entity_id=" + s1, admin);
  ASSERT_EQ(receipt_audit.Json()["items"].size(), 1u) << receipt_audit.body;
  EXPECT_EQ(receipt_audit.Json()["items"][0]["username"], "checkpoint");
  EXPECT_EQ(receipt_audit.Json()["items"][0]["after"]["method"], "code");
  EXPECT_EQ(receipt_audit.Json()["items"][0]["after"]["receiver_id"], clinic);
  EXPECT_EQ(receipt_audit.body.find("20200120"), std::string::npos) << "the receipt code is not kept in the log";

  // The outcome: a bad value names the field; a good one is stored and audited.
  HttpResponse bad = Post("/api/v1/screening/handovers/" + s1 + ":outcome", {{"outcome", "recovered"}}, checkpoint);
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"outcome:enum"});
  bad = Post("/api/v1/screening/handovers/" + s1 + ":outcome", {{"note", "没有结果"}}, checkpoint);
  ExpectError(bad, 422, "validation_failed");
  EXPECT_EQ(FieldRules(bad), std::vector<std::string>{"outcome:required"});
  EXPECT_TRUE(Get("/api/v1/screening/handovers/" + s1, checkpoint).Json()["outcome"].is_null());
  clock().Advance(20 * 60'000);  // sessions last an hour
  HttpResponse outcome = Post("/api/v1/screening/handovers/" + s1 + ":outcome",
                              {{"outcome", "ordinary_illness"}, {"note", "普通感冒，已居家观察"}}, checkpoint);
  ASSERT_EQ(outcome.status, 200) << outcome.body;
  EXPECT_EQ(outcome.Json()["outcome"], "ordinary_illness");
  EXPECT_EQ(outcome.Json()["outcome_note"], "普通感冒，已居家观察");
  EXPECT_EQ(outcome.Json()["outcome_at"], FormatRfc3339(clock().NowMs()));
  EXPECT_EQ(Get("/api/v1/screening/handovers/" + s1, checkpoint).Json()["outcome"], "ordinary_illness");
  Json by_outcome = ListAll("/api/v1/screening/handovers?outcome=ordinary_illness&point_id=" + gp, checkpoint);
  ASSERT_EQ(by_outcome.size(), 1u);
  EXPECT_EQ(by_outcome[0]["id"], h1);
  HttpResponse outcome_audit = Get("/api/v1/audit?entity=handover&action=outcome&entity_id=" + s1, admin);
  ASSERT_EQ(outcome_audit.Json()["items"].size(), 1u) << outcome_audit.body;
  EXPECT_EQ(outcome_audit.Json()["items"][0]["before"]["outcome"], nullptr);
  EXPECT_EQ(outcome_audit.Json()["items"][0]["after"], (Json{{"outcome", "ordinary_illness"}, {"note", "普通感冒，已居家观察"}}));
  EXPECT_EQ(PointDay(gangli_, kDay, checkpoint), done) << "an outcome changes no figure";

  // The person in full: only with screening:person:reveal, and audited without the values.
  ExpectError(Post("/api/v1/screening/handovers/" + s1 + ":reveal", nullptr, checkpoint), 403, "forbidden");
  HttpResponse revealed = Post("/api/v1/screening/handovers/" + s1 + ":reveal", nullptr, admin);
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(revealed.Json()["person"]["name"], "孙七");
  EXPECT_EQ(revealed.Json()["person"]["id_number"], id_number);
  EXPECT_EQ(revealed.Json()["person"]["phone"], "13698765432");
  HttpResponse reveal_audit = Get("/api/v1/audit?entity=handover&action=reveal&entity_id=" + s1, admin);
  ASSERT_EQ(reveal_audit.Json()["items"].size(), 1u) << reveal_audit.body;
  EXPECT_EQ(reveal_audit.Json()["items"][0]["username"], "admin");
  EXPECT_EQ(reveal_audit.body.find(id_number), std::string::npos);
  EXPECT_EQ(reveal_audit.body.find("13698765432"), std::string::npos);
}

// Only a user of the receiver's own unit may confirm as the receiver: the checkpoint operator of
// 梨河镇 cannot confirm its own handover "as" the city's fever clinic.
TEST_P(ScreeningDemoTest, OnlyTheReceiversUnitConfirmsAsTheReceiver) {
  Session checkpoint = Login("checkpoint");
  const Session& admin = Admin();
  // Registering a receiver takes screening:rule:write; its code is shown once, never listed.
  ExpectError(Post("/api/v1/screening/receivers", {{"name", "梨河镇卫生院"}, {"kind", "clinic"}, {"unit_id", UnitId("梨河镇")}},
                   checkpoint),
              403, "forbidden");
  HttpResponse town_clinic = Post("/api/v1/screening/receivers",
                                  {{"name", "梨河镇卫生院"}, {"kind", "clinic"}, {"unit_id", UnitId("梨河镇")}}, admin);
  ASSERT_EQ(town_clinic.status, 201) << town_clinic.body;
  std::string code = town_clinic.Json()["receipt_code"];
  EXPECT_TRUE(std::regex_match(code, std::regex("[0-9]{8}"))) << code;
  HttpResponse other_clinic = Post("/api/v1/screening/receivers",
                                   {{"name", "薛店镇卫生院"}, {"kind", "clinic"}, {"unit_id", UnitId("薛店镇")}}, admin);
  ASSERT_EQ(other_clinic.status, 201) << other_clinic.body;
  HttpResponse listed = Get("/api/v1/screening/receivers", checkpoint);
  EXPECT_EQ(listed.body.find(code), std::string::npos) << "the receipt code is shown once only";
  int64_t city_clinic = 0;
  Json receivers = listed.Json()["items"];
  for (const auto& rc : receivers)
    if (rc["name"] == "新郑市人民医院发热门诊") city_clinic = rc["id"].get<int64_t>();
  ASSERT_NE(city_clinic, 0);

  Json body = Body(g107_);
  body["occupants"] = Json::array({{{"temperature", 38.0}}, {{"temperature", 38.1}}, {{"temperature", 38.2}},
                                   {{"temperature", 38.3}}});
  HttpResponse created = Post("/api/v1/screening/passages", body, checkpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  Json ids = created.Json()["handover_ids"];
  ASSERT_EQ(ids.size(), 4u);
  auto receipt = [&](size_t i, const Json& b, const Session& s) {
    return Post("/api/v1/screening/handovers/" + std::to_string(ids[i].get<int64_t>()) + ":receipt", b, s);
  };
  // The new receiver's code works at once.
  HttpResponse by_code = receipt(0, {{"receipt_code", code}}, checkpoint);
  ASSERT_EQ(by_code.status, 200) << by_code.body;
  EXPECT_EQ(by_code.Json()["receiver_name"], "梨河镇卫生院");
  // A user of the receiver's own unit may confirm as the receiver.
  HttpResponse own_unit = receipt(1, {{"receiver_id", town_clinic.Json()["id"]}}, checkpoint);
  ASSERT_EQ(own_unit.status, 200) << own_unit.body;
  EXPECT_EQ(own_unit.Json()["receipt_method"], "receiver_confirmed");
  // Not of another town's receiver.
  ExpectError(receipt(2, {{"receiver_id", other_clinic.Json()["id"]}}, checkpoint), 403, "forbidden");
  ExpectError(receipt(2, {{"receiver_id", 999999}}, checkpoint), 422, "validation_failed");
  // Nor of the city's clinic: the checkpoint user is not of the city's unit.
  Json before = PointDay(g107_, "2020-02-14", checkpoint)["range"];
  ExpectError(receipt(3, {{"receiver_id", city_clinic}}, checkpoint), 403, "forbidden");
  EXPECT_EQ(Get("/api/v1/screening/handovers/" + std::to_string(ids[3].get<int64_t>()), checkpoint).Json()["receipted"],
            false);
  EXPECT_EQ(PointDay(g107_, "2020-02-14", checkpoint)["range"], before);
}

TEST_P(ScreeningDemoTest, HandoversOfAnotherTownAreNotFound) {
  Session checkpoint = Login("checkpoint");
  Json all = ListAll("/api/v1/screening/handovers?to=2020-02-13", Admin());
  std::set<int64_t> own_points = {g107_, gangli_};
  int64_t foreign = 0;
  for (const auto& h : all)
    if (!own_points.count(h["point_id"].get<int64_t>())) foreign = h["id"].get<int64_t>();
  ASSERT_NE(foreign, 0);
  std::string f = std::to_string(foreign);
  ExpectError(Get("/api/v1/screening/handovers/" + f, checkpoint), 404, "not_found");
  ExpectError(Post("/api/v1/screening/handovers/" + f + ":outcome", {{"outcome", "excluded"}}, checkpoint), 404,
              "not_found");
  for (const auto& h : ListAll("/api/v1/screening/handovers", checkpoint))
    EXPECT_TRUE(own_points.count(h["point_id"].get<int64_t>())) << h["point_name"];
  // A demo handover is already receipted: 409 for anyone in scope.
  ExpectError(Post("/api/v1/screening/handovers/" + f + ":receipt", {{"receipt_code", "20200120"}}, Admin()), 409,
              "conflict");
}

FK_INSTANTIATE_BACKENDS(ScreeningDemoTest);

}  // namespace
}  // namespace fk::apitest
