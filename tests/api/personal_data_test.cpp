// Personal data: phones come masked everywhere (lists, details, exports, the
// audit log); the full number only from the audited :reveal action.
#include <regex>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class PersonalDataTest : public ApiTest {};

// An 11-digit mobile number standing alone (not inside a longer token such as a request id).
const std::regex kFullPhone("(^|[^0-9A-Za-z])1[3-9][0-9]{9}($|[^0-9A-Za-z])");
const std::regex kMasked("^1[0-9]{2}\\*{4}[0-9]{4}$");

bool HasFullPhone(const std::string& text) { return std::regex_search(text, kFullPhone); }

TEST_P(PersonalDataTest, StaffListAndDetailShowMaskedPhonesOnly) {
  Session s = Login("commander");
  HttpResponse r = Get("/api/v1/org/staff?page_size=500", s);
  ASSERT_EQ(r.status, 200);
  Json items = r.Json()["items"];
  ASSERT_GE(items.size(), 30u);
  for (const auto& i : items) {
    EXPECT_TRUE(std::regex_match(i["phone_masked"].get<std::string>(), kMasked)) << i.dump();
    EXPECT_FALSE(i.contains("phone")) << i.dump();
  }
  EXPECT_FALSE(HasFullPhone(r.body)) << "a full phone number in the list";
  Json zhao = FindStaff("赵进锋");
  EXPECT_EQ(zhao["phone_masked"], "138****0001");
  HttpResponse detail = Get("/api/v1/org/staff/" + std::to_string(zhao["id"].get<int64_t>()), s);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.Json()["phone_masked"], "138****0001");
  EXPECT_EQ(detail.body.find("13803710001"), std::string::npos);
  EXPECT_FALSE(HasFullPhone(detail.body));

  // A search by the phone itself finds nothing to leak through.
  HttpResponse q = Get("/api/v1/org/staff?q=13803710001", s);
  EXPECT_EQ(q.status, 200);
  EXPECT_FALSE(HasFullPhone(q.body));
}

TEST_P(PersonalDataTest, CreateAndUpdateAnswerWithMaskedPhones) {
  const Session& admin = Admin();
  HttpResponse r = Post("/api/v1/org/staff",
                        {{"name", "隐私测试"}, {"phone", "+86 139-1234-5678"}, {"unit_id", UnitId("车站社区")}}, admin);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["phone_masked"], "139****5678");
  EXPECT_FALSE(HasFullPhone(r.body));
  std::string id = std::to_string(r.Json()["id"].get<int64_t>());
  r = Patch("/api/v1/org/staff/" + id, {{"phone", "15012345678"}}, admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["phone_masked"], "150****5678");
  EXPECT_FALSE(HasFullPhone(r.body));
  // The audit log keeps the masked form too, before and after.
  HttpResponse audit = Get("/api/v1/audit?entity=staff&entity_id=" + id, admin);
  ASSERT_EQ(audit.status, 200);
  ASSERT_EQ(audit.Json()["items"].size(), 2u) << audit.body;
  EXPECT_FALSE(HasFullPhone(audit.body)) << audit.body;
  EXPECT_NE(audit.body.find("139****5678"), std::string::npos);
  EXPECT_NE(audit.body.find("150****5678"), std::string::npos);
}

TEST_P(PersonalDataTest, RevealGivesTheFullPhoneAndIsAudited) {
  Json staff = FindStaff("赵进锋");
  std::string id = std::to_string(staff["id"].get<int64_t>());
  const Session& admin = Admin();
  HttpResponse r = Post("/api/v1/org/staff/" + id + ":reveal", nullptr, admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["phone"], "13803710001");
  EXPECT_EQ(r.Header("cache-control"), "no-store");

  HttpResponse audit = Get("/api/v1/audit?entity=staff&action=reveal&entity_id=" + id, admin);
  ASSERT_EQ(audit.status, 200);
  Json items = audit.Json()["items"];
  ASSERT_EQ(items.size(), 1u) << audit.body;
  EXPECT_EQ(items[0]["user_id"], admin.user_id);
  EXPECT_EQ(items[0]["username"], "admin");
  EXPECT_EQ(items[0]["entity_id"], id);
  EXPECT_EQ(items[0]["ip"], "127.0.0.1");
  EXPECT_FALSE(items[0]["request_id"].get<std::string>().empty());
  EXPECT_EQ(audit.body.find("13803710001"), std::string::npos) << "the audit record must not copy the phone";

  // Each look is one more record.
  ASSERT_EQ(Post("/api/v1/org/staff/" + id + ":reveal", nullptr, Login("organisation")).status, 200);
  audit = Get("/api/v1/audit?entity=staff&action=reveal&entity_id=" + id, admin);
  EXPECT_EQ(audit.Json()["items"].size(), 2u);
  EXPECT_EQ(audit.Json()["items"][0]["username"], "organisation") << "newest first";
}

TEST_P(PersonalDataTest, RevealNeedsThePermissionAndTheScope) {
  std::string id = std::to_string(FindStaff("黄磊")["id"].get<int64_t>());  // 梨河镇
  Session checkpoint = Login("checkpoint");
  ExpectError(Post("/api/v1/org/staff/" + id + ":reveal", nullptr, checkpoint), 403, "forbidden");
  // The community role may reveal, but only inside its subtree.
  Session community = Login("community");  // 新烟街道
  ExpectError(Post("/api/v1/org/staff/" + id + ":reveal", nullptr, community), 404, "not_found");
  std::string own = std::to_string(FindStaff("李建国")["id"].get<int64_t>());  // 车站社区
  HttpResponse r = Post("/api/v1/org/staff/" + own + ":reveal", nullptr, community);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["phone"], "13903710011");
  // Refused reveals leave no reveal record.
  HttpResponse audit = Get("/api/v1/audit?entity=staff&action=reveal&entity_id=" + id, Admin());
  EXPECT_TRUE(audit.Json()["items"].empty()) << audit.body;
  // GET is not the way to reveal.
  EXPECT_EQ(Get("/api/v1/org/staff/" + own + ":reveal", community).status, 405);
}

TEST_P(PersonalDataTest, StaffExportIsAnXlsxWithMaskedPhones) {
  HttpResponse r = Get("/api/v1/org/staff:export", Login("organisation"));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::string disposition = r.Header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment", 0), 0u) << disposition;
  EXPECT_NE(disposition.find(".xlsx"), std::string::npos) << disposition;
  ASSERT_GT(r.body.size(), 100u);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  std::string text = UnzipAll(r.body);
  EXPECT_NE(text.find("worksheet"), std::string::npos);
  EXPECT_NE(text.find("赵进锋"), std::string::npos);
  EXPECT_NE(text.find("138****0001"), std::string::npos);
  EXPECT_NE(text.find("153****0033"), std::string::npos);
  EXPECT_EQ(text.find("13803710001"), std::string::npos);
  EXPECT_FALSE(HasFullPhone(text)) << "a full phone number in the export";
}

TEST_P(PersonalDataTest, ExportFollowsTheFilters) {
  HttpResponse r = Get("/api/v1/org/staff:export?unit_id=" + std::to_string(UnitId("沙窝李村")), Admin());
  ASSERT_EQ(r.status, 200);
  std::string text = UnzipAll(r.body);
  EXPECT_NE(text.find("梁勇"), std::string::npos);
  EXPECT_NE(text.find("宋佳"), std::string::npos);
  EXPECT_EQ(text.find("赵进锋"), std::string::npos);
}

TEST_P(PersonalDataTest, StaffPhonesAreSealedAtRestAndOldClearValuesAreSealedOnce) {
  Json staff = FindStaff("赵进锋");
  int64_t id = staff["id"].get<int64_t>();
  auto& db = server().app().db();
  auto stored = [&] {
    return db.Read([&](store::Connection& c) {
      return c.QueryOne("SELECT phone || '|' || COALESCE(phone_index, '') FROM staff WHERE id = ?", {id})->Text(0);
    });
  };
  EXPECT_EQ(stored().find("13803710001"), std::string::npos) << stored();
  EXPECT_EQ(stored().rfind("fe1.", 0), 0u) << stored();

  // A database from before sealing: the value in clear, no index, and the one-time flag unset.
  db.Write([&](store::Connection& c) {
    c.Exec("UPDATE staff SET phone = '13803710001', phone_index = NULL WHERE id = ?", {id});
    c.Exec("DELETE FROM settings WHERE key = 'personal_fields_sealed'");
  });
  // Still readable as it is, masked in lists, full on reveal.
  EXPECT_EQ(FindStaff("赵进锋")["phone_masked"], "138****0001");
  server().app().SealLegacyFields();
  EXPECT_EQ(stored().find("13803710001"), std::string::npos) << stored();
  EXPECT_NE(stored().find("|"), stored().size() - 1) << "the blind index is filled in";
  HttpResponse r = Post("/api/v1/org/staff/" + std::to_string(id) + ":reveal", nullptr, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["phone"], "13803710001");
  // The second run finds nothing to do (the flag), and sealed values are never sealed twice.
  std::string once = stored();
  db.Write([&](store::Connection& c) { c.Exec("DELETE FROM settings WHERE key = 'personal_fields_sealed'"); });
  server().app().SealLegacyFields();
  EXPECT_EQ(stored(), once);
}

FK_INSTANTIATE_BACKENDS(PersonalDataTest);

}  // namespace
}  // namespace fk::apitest
