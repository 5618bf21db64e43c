// Re-opening firms (复工复产) over HTTP: the application's field rules (GB 32100
// credit code, every broken field in one 422, nothing written), one live
// application per credit code, the review flow and its refusals (no
// permission 403, one's own application 403, outside the subtree 404), the
// returning-staff import (dry run, all-or-nothing commit, replay), and the
// checkpoint recognition: a return-to-work passage whose plate or occupant is
// on an approved firm's list is suggested `pass` naming the firm; a returned
// firm no longer matches; fever always wins. After every test the screening
// rollups equal a recount.
#include <algorithm>
#include <chrono>
#include <map>
#include <regex>

#include "api/api_fixture.h"
#include "command/firms/store.h"
#include "core/ids.h"
#include "core/validation.h"
#include "screening/service.h"

namespace fk::apitest {
namespace {

constexpr const char* kG107 = "G107新郑长葛交界疫情监测站";  // 梨河镇, the checkpoint user's town
// Return to work is not exempt here, so a passage from 信阳 is turned back by the rules alone.
const char* kRules =
    R"({"fever_threshold":37.3,"turn_back_origins":[{"code":"42","name":"湖北省"},{"code":"4115","name":"河南省信阳市"}],)"
    R"("exempt_purposes":["freight","medical","official"]})";

const std::regex kFullId("(^|[^0-9A-Za-z])[1-9][0-9]{16}[0-9X]($|[^0-9A-Za-z])");

std::string CreditCode(const std::string& first17) { return first17 + CreditCodeCheckChar(first17); }

// A fresh valid credit code of 新郑市 each call (unique in this process).
std::string NewCreditCode() {
  static int64_t n = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count() % 100000 * 1000;
  static const std::string kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string tail;
  int64_t v = ++n;
  for (int i = 0; i < 9; ++i, v /= 31) tail.insert(tail.begin(), kChars[v % 31]);
  return CreditCode("91410184" + tail);
}

std::string IdNumber(const std::string& birth, const std::string& seq) {
  std::string first17 = "411502" + birth + seq;
  return first17 + IdNumberCheckChar(first17);
}

std::string PlateNo(int n) {
  static const char* kTail = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string tail;
  for (int i = 0, v = n; i < 5; ++i, v /= 34) tail.insert(tail.begin(), kTail[v % 34]);
  return "豫S" + tail;
}

class CommandFirmsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    HttpResponse r = Get("/api/v1/screening/rules", Admin());
    ASSERT_EQ(r.status, 200) << r.body;
    if (r.Json()["version"] == 0 || r.Json()["rules"]["exempt_purposes"].size() != 3) {
      r = Post("/api/v1/screening/rules", {{"rules", Json::parse(kRules)}, {"note", "复工测试规则"}}, Admin());
      ASSERT_EQ(r.status, 201) << r.body;
    }
    g107_ = FindPoint(kG107)["id"].get<int64_t>();
    town_ = UnitId("新烟街道");
    community_ = Login("community");
    commander_ = Login("commander");
  }

  void TearDown() override {
    if (IsSkipped() || HasFatalFailure() || g107_ == 0) return;
    auto diffs = server().app().screening().VerifyRollups();
    EXPECT_TRUE(diffs.empty()) << "rollups differ from a recount: " << (diffs.empty() ? "" : diffs.front());
  }

  Json Application(const std::string& name) {
    return {{"name", name},
            {"credit_code", NewCreditCode()},
            {"address", "新郑市新烟街道烟厂路18号"},
            {"unit_id", town_},
            {"industry", "食品制造"},
            {"staff_count", 80},
            {"staff_from_outside", 20},
            {"measures", Json::array({"masks", "temperature_checks", "disinfection", "canteen_spacing"})},
            {"contact_name", "王建国"},
            {"contact_phone", "13837112068"},
            {"submit", true}};
  }

  // A submitted application by the community cadre, approved by the commander.
  Json ApprovedFirm(const std::string& name) {
    HttpResponse r = Post("/api/v1/command/firms", Application(name), community_);
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.Json()["id"].get<int64_t>();
    r = Post("/api/v1/command/firms/" + std::to_string(id) + ":approve", nullptr, commander_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }

  HttpResponse Import(int64_t firm_id, const Json& rows, bool dry_run, const std::string& key = "") {
    Json body = {{"rows", rows}, {"dry_run", dry_run}};
    if (!key.empty()) body["import_key"] = key;
    return Post("/api/v1/command/firms/" + std::to_string(firm_id) + "/staff:import", body, community_);
  }

  Json StaffOf(int64_t firm_id) {
    HttpResponse r = Get("/api/v1/command/firms/" + std::to_string(firm_id) + "/staff", community_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }

  size_t FirmCount() { return ListAll("/api/v1/command/firms", commander_).size(); }

  // A return-to-work car from 信阳 (turned back by the rules alone) at G107.
  Json Passage(const std::string& plate, const Json& occupants) {
    return {{"client_key", NewUuidV7()},
            {"point_id", g107_},
            {"vehicle_kind", "car"},
            {"plate", plate},
            {"direction", "in"},
            {"occupants", occupants},
            {"origin", {{"code", "411502"}, {"name", "河南省信阳市浉河区"}}},
            {"destination", "新郑市新烟街道"},
            {"purpose", "return_to_work"},
            {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
  }

  int64_t g107_ = 0, town_ = 0;
  Session community_, commander_;
};

}  // namespace

// ---------------------------------------------------------------- the application

TEST_P(CommandFirmsTest, ABadCheckCharacterAndEveryOtherBadFieldInOne422NothingWritten) {
  size_t before = FirmCount();
  Json body = Application("新郑市测试食品有限公司");
  std::string good = body["credit_code"];
  std::string bad = good;
  bad[17] = bad[17] == '0' ? '1' : '0';
  body["credit_code"] = bad;
  HttpResponse r = Post("/api/v1/command/firms", body, community_);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"credit_code:check_digit"});

  body["credit_code"] = "91410184MA44YH1T0";  // 17 characters
  body.erase("name");
  body["staff_from_outside"] = 81;  // more than the staff
  body["measures"] = Json::array({"masks", "hand_wash"});
  body["contact_phone"] = "12345";
  body["unit_id"] = UnitId("薛店镇");  // outside the cadre's town
  r = Post("/api/v1/command/firms", body, community_);
  ExpectError(r, 422, "validation_failed");
  auto rules = FieldRules(r);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"contact_phone:format", "credit_code:length", "measures[1]:enum",
                                             "name:required", "staff_from_outside:max_staff", "unit_id:exists"}));
  body["unit_id"] = town_;
  body["contact_phone"] = "0371-62691388";  // a landline with its area code
  body["measures"] = Json::array({"masks"});
  body["name"] = "新郑市测试食品有限公司";
  body["credit_code"] = good;
  r = Post("/api/v1/command/firms", body, community_);
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"staff_from_outside:max_staff"});
  EXPECT_EQ(FirmCount(), before) << "a refused application was written";

  // Lower case and spaces are normalised; the checklist comes back in its order.
  body["staff_from_outside"] = 10;
  body["credit_code"] = " " + good.substr(0, 8) + " " + good.substr(8) + " ";
  for (auto& ch : body["credit_code"].get_ref<std::string&>()) ch = static_cast<char>(std::tolower(ch));
  body["measures"] = Json::array({"disinfection", "masks", "masks"});
  r = Post("/api/v1/command/firms", body, community_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["credit_code"], good);
  EXPECT_EQ(r.Json()["measures"], Json::array({"masks", "disinfection"}));
  EXPECT_EQ(r.Json()["status"], "submitted");
  EXPECT_EQ(r.Json()["contact_phone_masked"].get<std::string>().substr(0, 3), "037");
  EXPECT_EQ(r.body.find("62691388"), std::string::npos) << "the contact phone in full";
  EXPECT_EQ(FirmCount(), before + 1);
}

TEST_P(CommandFirmsTest, OneLiveApplicationPerCreditCode) {
  Json body = Application("新郑市重复申请有限公司");
  HttpResponse r = Post("/api/v1/command/firms", body, community_);
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["id"];
  r = Post("/api/v1/command/firms", body, community_);
  ExpectError(r, 409, "conflict");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"credit_code:unique"});
  // Withdrawn, the code may apply again.
  r = Post("/api/v1/command/firms/" + std::to_string(id) + ":withdraw", {{"reason", "企业重新申报"}}, community_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "withdrawn");
  r = Post("/api/v1/command/firms", body, community_);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(CommandFirmsTest, ReviewFlowWithHistoryAndItsRefusals) {
  Json body = Application("新郑市审核流程有限公司");
  body["submit"] = false;
  HttpResponse r = Post("/api/v1/command/firms", body, community_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["status"], "draft");
  std::string path = "/api/v1/command/firms/" + std::to_string(r.Json()["id"].get<int64_t>());

  // A draft is not reviewed.
  ExpectError(Post(path + ":approve", nullptr, commander_), 409, "conflict");
  ASSERT_EQ(Post(path + ":submit", nullptr, community_).status, 200);

  // The cadre holds no review permission; the checkpoint none of the module's.
  ExpectError(Post(path + ":approve", nullptr, community_), 403, "forbidden");
  ExpectError(Get(path, Login("checkpoint")), 403, "forbidden");
  ExpectError(Get("/api/v1/command/firms", Login("checkpoint")), 403, "forbidden");
  // A reviewer of another town does not see it.
  std::string other = Unique("xd_reviewer");
  CreateUser(other, "commander", UnitId("薛店镇"));
  Session xd = Login(other);
  ExpectError(Post(path + ":approve", nullptr, xd), 404, "not_found");
  ExpectError(Get(path, xd), 404, "not_found");

  // Returned needs a reason; then it is edited and resubmitted.
  r = Post(path + ":return", {{"reasons", Json::array({" ", ""})}}, commander_);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"reasons:required"});
  r = Post(path + ":return", {{"reasons", "口罩储备不足\n未落实食堂错峰就餐"}}, commander_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "returned");
  EXPECT_EQ(r.Json()["return_reasons"], Json::array({"口罩储备不足", "未落实食堂错峰就餐"}));
  ExpectError(Post(path + ":approve", nullptr, commander_), 409, "conflict");
  r = Patch(path, {{"staff_count", 90}, {"measures_note", "已购口罩5000只"}}, community_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["staff_count"], 90);
  EXPECT_EQ(r.Json()["contact_phone_masked"], "138****2068") << "an absent field stays";
  r = Post(path + ":submit", nullptr, community_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["return_reasons"], Json::array());
  r = Post(path + ":approve", nullptr, commander_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "approved");
  EXPECT_EQ(r.Json()["reviewed_by_name"], "指挥部值班员");
  // An approved application is not edited.
  ExpectError(Patch(path, {{"staff_count", 91}}, community_), 409, "conflict");

  std::vector<std::string> actions;
  Json detail = Get(path, community_).Json();
  for (const auto& h : detail["reviews"]) actions.push_back(h["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "return", "resubmit", "approve"}));

  // Every step audited.
  Json audit = ListAll("/api/v1/audit?entity=firm&entity_id=" + path.substr(path.rfind('/') + 1), Admin());
  std::vector<std::string> audited;
  for (const auto& a : audit) audited.push_back(a["action"]);
  std::sort(audited.begin(), audited.end());
  EXPECT_EQ(audited, (std::vector<std::string>{"approve", "create", "resubmit", "return", "submit", "update"}));
}

TEST_P(CommandFirmsTest, NobodyReviewsAnApplicationTheyEntered) {
  Json body = Application("新郑市自审测试有限公司");
  HttpResponse r = Post("/api/v1/command/firms", body, commander_);  // the commander may enter one too
  ASSERT_EQ(r.status, 201) << r.body;
  std::string path = "/api/v1/command/firms/" + std::to_string(r.Json()["id"].get<int64_t>());
  EXPECT_FALSE(r.Json()["can_review"].get<bool>());
  ExpectError(Post(path + ":approve", nullptr, commander_), 403, "forbidden");
  ExpectError(Post(path + ":return", {{"reasons", "自己退回"}}, commander_), 403, "forbidden");
  EXPECT_EQ(Get(path, commander_).Json()["status"], "submitted");
}

TEST_P(CommandFirmsTest, TheLastSubmitterDoesNotReviewAndTheButtonSaysSo) {
  Json body = Application("新郑市末次提交测试有限公司");
  body["submit"] = false;
  HttpResponse r = Post("/api/v1/command/firms", body, community_);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string path = "/api/v1/command/firms/" + std::to_string(r.Json()["id"].get<int64_t>());
  r = Post(path + ":submit", nullptr, commander_);  // the commander submits the cadre's draft
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.Json()["can_review"].get<bool>());
  EXPECT_FALSE(Get(path, commander_).Json()["can_review"].get<bool>());
  bool listed = false;
  for (const auto& f : ListAll("/api/v1/command/firms?q=" + UrlEncode("新郑市末次提交测试有限公司"), commander_))
    if (path.ends_with("/" + std::to_string(f["id"].get<int64_t>()))) {
      listed = true;
      EXPECT_FALSE(f["can_review"].get<bool>());
    }
  EXPECT_TRUE(listed);
  ExpectError(Post(path + ":approve", nullptr, commander_), 403, "forbidden");
  std::string other = Unique("fm_reviewer");
  CreateUser(other, "commander", UnitId("新郑市"));
  Session reviewer = Login(other);
  EXPECT_TRUE(Get(path, reviewer).Json()["can_review"].get<bool>());
  EXPECT_EQ(Post(path + ":approve", nullptr, reviewer).status, 200);
}

TEST_P(CommandFirmsTest, AStaleStatusChangeWritesNothing) {
  Json firm = ApprovedFirm(Unique("新郑市并发测试") + "有限公司");
  int64_t id = firm["id"].get<int64_t>();
  // A withdraw (or an approve) that read "submitted" before the approval committed: no row changes.
  bool changed = server().app().db().Write([&](fk::store::Connection& c) {
    auto f = fk::command::firms::store::GetFirm(c, id);
    f->status = "withdrawn";
    return fk::command::firms::store::UpdateFirm(c, *f, "submitted");
  });
  EXPECT_FALSE(changed);
  EXPECT_EQ(Get("/api/v1/command/firms/" + std::to_string(id), commander_).Json()["status"], "approved");
}

TEST_P(CommandFirmsTest, SearchIsCaseInsensitiveOnBothBackendsAndTakesPercentLiterally) {
  std::string tag = Unique("Qx");
  Json body = Application("新郑市" + tag + "Abc有限公司");
  HttpResponse r = Post("/api/v1/command/firms", body, community_);
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["id"].get<int64_t>();
  std::string code = r.Json()["credit_code"];
  auto found = [&](const std::string& q) {
    for (const auto& f : ListAll("/api/v1/command/firms?q=" + UrlEncode(q), community_))
      if (f["id"] == id) return true;
    return false;
  };
  std::string lower_tag = tag;
  for (auto& ch : lower_tag) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(found(lower_tag + "abc"));
  EXPECT_TRUE(found(tag + "ABC"));
  std::string lower_code = code;
  for (auto& ch : lower_code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(found(lower_code.substr(2, 12)));
  EXPECT_FALSE(found("%"));
  EXPECT_FALSE(found("新郑市_"));
}

TEST_P(CommandFirmsTest, RecogniseIsAuditedWithCountsAndCappedAtAVehicleLoad) {
  Session checkpoint = Login("checkpoint");
  Json many = Json::array();
  for (size_t i = 0; i <= fk::screening::kMaxOccupants; ++i) many.push_back(IdNumber("19880305", "551"));
  ExpectError(Post("/api/v1/command/firms:recognise", {{"id_numbers", many}}, checkpoint), 422, "validation_failed");
  size_t before = ListAll("/api/v1/audit?entity=firm_staff&action=recognise", Admin()).size();
  HttpResponse r = Post("/api/v1/command/firms:recognise",
                        {{"plate", PlateNo(4321)}, {"id_numbers", Json::array({IdNumber("19880305", "551")})}},
                        checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  Json audit = ListAll("/api/v1/audit?entity=firm_staff&action=recognise", Admin());
  ASSERT_EQ(audit.size(), before + 1);
  std::string row = audit.dump();
  EXPECT_EQ(row.find(IdNumber("19880305", "551")), std::string::npos);
  EXPECT_NE(row.find("\"id_numbers\":1"), std::string::npos) << row;
}

TEST_P(CommandFirmsTest, ListFiltersAndExport) {
  std::string name = Unique("新郑市导出测试") + "有限公司";
  Json firm = ApprovedFirm(name);
  Json list = ListAll("/api/v1/command/firms?status=approved&q=" + UrlEncode(name), community_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], firm["id"]);
  EXPECT_EQ(ListAll("/api/v1/command/firms?status=returned&q=" + UrlEncode(name), community_).size(), 0u);
  ExpectError(Get("/api/v1/command/firms?status=open", community_), 422, "validation_failed");
  ExpectError(Get("/api/v1/command/firms?unit_id=" + std::to_string(UnitId("薛店镇")), community_), 404, "not_found");

  // The reviewer's export has the phone in full (and is audited); the cadre's masked.
  HttpResponse r = Get("/api/v1/command/firms:export?q=" + UrlEncode(name), commander_);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string xml = UnzipAll(r.body);
  EXPECT_NE(xml.find(name), std::string::npos);
  EXPECT_NE(xml.find("13837112068"), std::string::npos);
  r = Get("/api/v1/command/firms:export?q=" + UrlEncode(name), community_);
  ASSERT_EQ(r.status, 200) << r.body;
  xml = UnzipAll(r.body);
  EXPECT_NE(xml.find(name), std::string::npos);
  EXPECT_EQ(xml.find("13837112068"), std::string::npos);
  EXPECT_NE(xml.find("138****2068"), std::string::npos);
  EXPECT_GE(ListAll("/api/v1/audit?entity=firm&action=export", Admin()).size(), 1u);
}

// ---------------------------------------------------------------- returning staff

TEST_P(CommandFirmsTest, StaffImportDryRunCommitAndReplay) {
  int64_t id = ApprovedFirm("新郑市导入测试有限公司")["id"];
  Json rows = Json::array({{{"row", 2}, {"name", "张伟"}, {"id_number", IdNumber("19880305", "231")}, {"plate", "豫s 7k2q9"}},
                           {{"row", 3}, {"name", "刘芳"}, {"id_number", IdNumber("19920611", "142")}, {"phone", "13912345678"}},
                           {{"row", 4}, {"name", ""}, {"id_number", "411502199206111420"}, {"plate", "豫I12345"}},
                           {{"row", 5}, {"name", "陈磊"}, {"id_number", IdNumber("19880305", "231")}, {"expected_day", "2月18日"}}});
  HttpResponse r = Import(id, rows, true);
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> by_row;
  Json err = r.Json();
  for (const auto& e : err["error"]["rows"])
    by_row.push_back("row " + std::to_string(e["row"].get<int>()) + ": " + e["field"].get<std::string>() + ": " +
                     e["rule"].get<std::string>());
  std::sort(by_row.begin(), by_row.end());
  EXPECT_EQ(by_row, (std::vector<std::string>{"row 4: id_number: check_digit", "row 4: name: required",
                                              "row 4: plate: authority", "row 5: expected_day: format",
                                              "row 5: id_number: duplicate"}));
  // The commit of a bad file writes nothing either.
  ExpectError(Import(id, rows, false, Unique("bad")), 422, "validation_failed");
  EXPECT_EQ(StaffOf(id).size(), 0u);

  rows.erase(3);
  rows.erase(2);
  r = Import(id, rows, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "dry_run");
  EXPECT_EQ(r.Json()["added"], 2);
  EXPECT_EQ(StaffOf(id).size(), 0u) << "a dry run wrote";
  ExpectError(Import(id, rows, false), 422, "validation_failed");  // no import key

  std::string key = Unique("staff");
  r = Import(id, rows, false, key);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["added"], 2);
  EXPECT_FALSE(r.Json()["replayed"].get<bool>());
  // A retry (even of other rows) answers the first result and writes nothing.
  Json more = rows;
  more.push_back({{"row", 4}, {"name", "黄浩"}, {"id_number", IdNumber("19950720", "318")}});
  r = Import(id, more, false, key);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.Json()["replayed"].get<bool>());
  EXPECT_EQ(r.Json()["added"], 2);
  Json staff = StaffOf(id);
  ASSERT_EQ(staff.size(), 2u);
  // The key belongs to this firm's import.
  int64_t second = ApprovedFirm("新郑市批次号测试有限公司")["id"];
  r = Import(second, rows, false, key);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"import_key:reused"});
  EXPECT_EQ(StaffOf(second).size(), 0u);
  // A new key: people already listed are skipped.
  r = Import(id, more, false, Unique("staff"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["added"], 1);
  EXPECT_EQ(r.Json()["already_listed"], 2);

  staff = StaffOf(id);
  ASSERT_EQ(staff.size(), 3u);
  EXPECT_EQ(staff[0]["plate"], "豫S7K2Q9");
  EXPECT_EQ(staff[0]["id_number_masked"], "411502********" + IdNumber("19880305", "231").substr(14));
  EXPECT_EQ(staff[1]["phone_masked"], "139****5678");
  std::string text = Get("/api/v1/command/firms/" + std::to_string(id) + "/staff", community_).body;
  EXPECT_FALSE(std::regex_search(text, kFullId)) << "an identity number in full: " << text;

  // Removed, audited; another firm's person is not found through this firm.
  int64_t sid = staff[2]["id"];
  r = Call("DELETE", "/api/v1/command/firms/" + std::to_string(id) + "/staff/" + std::to_string(sid), "", &community_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StaffOf(id).size(), 2u);
  int64_t other = ApprovedFirm("新郑市另一家有限公司")["id"];
  r = Call("DELETE", "/api/v1/command/firms/" + std::to_string(other) + "/staff/" + std::to_string(staff[0]["id"].get<int64_t>()), "",
           &community_);
  ExpectError(r, 404, "not_found");
  EXPECT_EQ(ListAll("/api/v1/audit?entity=firm_staff&entity_id=" + std::to_string(sid), Admin()).size(), 1u);
}

// ---------------------------------------------------------------- recognition at the checkpoint

TEST_P(CommandFirmsTest, AListedPlateIsSuggestedPassNamingTheFirm) {
  std::string name = Unique("新郑市裕华食品") + "有限公司";
  int64_t id = ApprovedFirm(name)["id"];
  std::string plate = PlateNo(1000 + static_cast<int>(id));
  ASSERT_EQ(Import(id, Json::array({{{"row", 2}, {"name", "张伟"}, {"id_number", IdNumber("19880305", "551")}, {"plate", plate}}}),
                   false, Unique("k"))
                .status,
            201);
  Session checkpoint = Login("checkpoint");

  // The phone's lookup: the firm by plate, no numbers.
  HttpResponse r = Post("/api/v1/command/firms:recognise", {{"plate", plate}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.Json()["matches"].size(), 1u);
  EXPECT_EQ(r.Json()["matches"][0]["firm_name"], name);
  EXPECT_EQ(r.Json()["matches"][0]["by"], "plate");
  EXPECT_FALSE(std::regex_search(r.body, kFullId));
  ExpectError(Post("/api/v1/command/firms:recognise", {{"plate", "豫I0000"}}, checkpoint), 422, "validation_failed");
  ExpectError(Post("/api/v1/command/firms:recognise", {{"plate", plate}}, community_), 403, "forbidden");

  // The stored passage: suggested pass with the firm, though the rules alone turn 信阳 back.
  Json occupants = Json::array({{{"temperature", 36.4}, {"name", "张伟"}}});
  r = Post("/api/v1/screening/passages", Passage(plate, occupants), checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "pass");
  EXPECT_EQ(r.Json()["decision"], "pass");
  EXPECT_EQ(r.Json()["suggested_note"], "复工人员：" + name);
  EXPECT_EQ(r.Json()["firm_id"], id);
  // Read back the same.
  r = Get("/api/v1/screening/passages/" + std::to_string(r.Json()["id"].get<int64_t>()), checkpoint);
  EXPECT_EQ(r.Json()["firm_id"], id);
  EXPECT_EQ(r.Json()["suggested_note"], "复工人员：" + name);

  // Without the list (another plate) the rules decide: turned back.
  r = Post("/api/v1/screening/passages", Passage(PlateNo(99000 + static_cast<int>(id)), occupants), checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back");
  EXPECT_EQ(r.Json()["firm_id"], nullptr);

  // An offline phone that showed the rules' turned_back may still store it without a reason.
  Json offline = Passage(plate, occupants);
  offline["decision"] = "turned_back";
  r = Post("/api/v1/screening/passages", offline, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "pass");
  EXPECT_EQ(r.Json()["decision"], "turned_back");

  // Another purpose is not recognised.
  Json home = Passage(plate, occupants);
  home["purpose"] = "home";
  r = Post("/api/v1/screening/passages", home, checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back");
}

TEST_P(CommandFirmsTest, AnIdentityNumberMatchesAndFeverAlwaysWins) {
  std::string name = Unique("新郑市恒达机械") + "有限公司";
  int64_t id = ApprovedFirm(name)["id"];
  std::string person = IdNumber("19830412", std::to_string(100 + id % 800));
  ASSERT_EQ(Import(id, Json::array({{{"row", 2}, {"name", "王刚"}, {"id_number", person}}}), false, Unique("k")).status, 201);
  Session checkpoint = Login("checkpoint");
  std::string plate = PlateNo(50000 + static_cast<int>(id));  // not on any list

  HttpResponse r = Post("/api/v1/command/firms:recognise", {{"plate", plate}, {"id_numbers", Json::array({person})}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.Json()["matches"].size(), 1u);
  EXPECT_EQ(r.Json()["matches"][0]["by"], "id_number");

  Json occupants = Json::array({{{"temperature", 36.6}, {"name", "司机"}}, {{"temperature", 36.5}, {"name", "王刚"}, {"id_number", person}}});
  r = Post("/api/v1/screening/passages", Passage(plate, occupants), checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "pass");
  EXPECT_EQ(r.Json()["suggested_note"], "复工人员：" + name);

  // Fever: handed over, never passed, no firm recorded.
  occupants[1]["temperature"] = 38.1;
  r = Post("/api/v1/screening/passages", Passage(plate, occupants), checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "fever_handover");
  EXPECT_EQ(r.Json()["decision"], "fever_handover");
  EXPECT_EQ(r.Json()["firm_id"], nullptr);
  Json pass = Passage(plate, occupants);
  pass["decision"] = "pass";
  pass["reason"] = "复工人员";
  ExpectError(Post("/api/v1/screening/passages", pass, checkpoint), 422, "validation_failed");
}

TEST_P(CommandFirmsTest, AReturnedOrWithdrawnFirmNoLongerMatches) {
  std::string name = Unique("新郑市鑫源建材") + "有限公司";
  int64_t id = ApprovedFirm(name)["id"];
  std::string plate = PlateNo(70000 + static_cast<int>(id));
  ASSERT_EQ(Import(id, Json::array({{{"row", 2}, {"name", "周海"}, {"id_number", IdNumber("19790101", "777")}, {"plate", plate}}}),
                   false, Unique("k"))
                .status,
            201);
  Session checkpoint = Login("checkpoint");
  ASSERT_EQ(Post("/api/v1/command/firms:recognise", {{"plate", plate}}, checkpoint).Json()["matches"].size(), 1u);

  // Returned after approval (found not complying): no match, the rules decide.
  ASSERT_EQ(Post("/api/v1/command/firms/" + std::to_string(id) + ":return", {{"reasons", Json::array({"检查发现未落实消毒"})}},
                 commander_)
                .status,
            200);
  HttpResponse r = Post("/api/v1/command/firms:recognise", {{"plate", plate}}, checkpoint);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["matches"].size(), 0u);
  r = Post("/api/v1/screening/passages", Passage(plate, Json::array({{{"temperature", 36.5}}})), checkpoint);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["suggested_decision"], "turned_back");
  EXPECT_EQ(r.Json()["suggested_note"], "");

  // Resubmitted and approved again: it matches; withdrawn: it does not.
  ASSERT_EQ(Post("/api/v1/command/firms/" + std::to_string(id) + ":submit", nullptr, community_).status, 200);
  ASSERT_EQ(Post("/api/v1/command/firms/" + std::to_string(id) + ":approve", nullptr, commander_).status, 200);
  EXPECT_EQ(Post("/api/v1/command/firms:recognise", {{"plate", plate}}, checkpoint).Json()["matches"].size(), 1u);
  ASSERT_EQ(Post("/api/v1/command/firms/" + std::to_string(id) + ":withdraw", nullptr, community_).status, 200);
  EXPECT_EQ(Post("/api/v1/command/firms:recognise", {{"plate", plate}}, checkpoint).Json()["matches"].size(), 0u);
}

// ---------------------------------------------------------------- the demo

TEST_P(CommandFirmsTest, TheDemoFirmsHaveValidCodesAndTheirStaffAreRecognised) {
  Json demo = ListAll("/api/v1/command/firms?q=" + UrlEncode("新郑市"), Admin());
  std::map<std::string, int> by_status;
  for (const auto& f : demo) {
    if (f["created_by_name"] != "新烟街道社区干部") continue;  // the demo's, not this suite's
    ++by_status[f["status"].get<std::string>()];
    EXPECT_EQ(CreditCodeRule(f["credit_code"].get<std::string>()), "") << f["credit_code"];
    EXPECT_EQ(f["credit_code"].get<std::string>().substr(2, 6), "410184");
  }
  EXPECT_GE(by_status["approved"], 4);
  EXPECT_GE(by_status["returned"], 1);
  EXPECT_GE(by_status["submitted"], 2);
  HttpResponse r = Post("/api/v1/command/firms:recognise", {{"plate", "豫S3K728"}}, Login("checkpoint"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.Json()["matches"].size(), 1u);
  EXPECT_EQ(r.Json()["matches"][0]["firm_name"], "新郑市裕华食品有限公司");
  // The returned demo firm's staff list is empty; its code is taken while the application lives.
  for (const auto& f : demo)
    if (f["name"] == "新郑市鑫源建材有限公司") {
      EXPECT_EQ(f["status"], "returned");
      Json body = Application("新郑市鑫源建材有限公司");
      body["credit_code"] = f["credit_code"];
      ExpectError(Post("/api/v1/command/firms", body, community_), 409, "conflict");
    }
}

FK_INSTANTIATE_BACKENDS(CommandFirmsTest);

}  // namespace fk::apitest
