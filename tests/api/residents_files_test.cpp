// Resident files over HTTP (SQLite and PostgreSQL): households and persons
// CRUD, every bad field in one 422, duplicates (409) and the explicit merge,
// unit scopes (404) and roles (403), masking in lists and exports, the audited
// :reveal, no plaintext identity numbers in the database, the import (dry run
// with row numbers, all-or-nothing commit, idempotent retry, parts), key
// rotation (re-encryption) and the households/persons columns of
// community_daily against a recount of the file events.
#include <regex>
#include <set>

#include "api/api_fixture.h"
#include "core/field_crypto.h"
#include "core/validation.h"
#include "residents/daily.h"
#include "residents/service.h"
#include "residents/store.h"

namespace fk::apitest {
namespace {

const std::regex kFullId("(^|[^0-9A-Za-z])[1-9][0-9]{16}[0-9X]($|[^0-9A-Za-z])");
const std::regex kFullPhone("(^|[^0-9A-Za-z])1[3-9][0-9]{9}($|[^0-9A-Za-z])");

// A valid identity number of 新郑市 with the given birth day and sequence.
std::string IdNumber(const std::string& birth, int seq) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string first17 = "410184" + birth + buf;
  return first17 + IdNumberCheckChar(first17);
}

int g_seq = 100;
std::string NextId(const std::string& birth = "19800102") { return IdNumber(birth, g_seq++); }
std::string NextPhone() { return "1390000" + std::to_string(1000 + g_seq++); }

class ResidentsFilesTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.max_body_bytes = 1 << 20;
    return t;
  }

  void TearDown() override {
    if (!HasFatalFailure() && !IsSkipped()) ExpectRollupsMatch();
  }

  // community_daily's files columns equal a recount of the file events, and per
  // unit added - removed equals what is active on file.
  void ExpectRollupsMatch() {
    auto& db = server().app().db();
    residents::DailyRecount recount;
    db.Read([&](store::Connection& c) { residents::store::RecountFiles(c, recount); });
    std::map<std::pair<int64_t, std::string>, std::array<int64_t, 4>> stored;
    db.Read([&](store::Connection& c) {
      for (const auto& r : c.Query("SELECT unit_id, day, households_added, households_removed, persons_added, "
                                   "persons_removed FROM community_daily")
                               .rows)
        stored[{r.Int(0), r.Text(1)}] = {r.Int(2), r.Int(3), r.Int(4), r.Int(5)};
    });
    std::map<int64_t, std::pair<int64_t, int64_t>> stock;  // unit -> households, persons
    for (const auto& [key, counts] : stored) {
      std::array<int64_t, 4> want{0, 0, 0, 0};
      if (auto it = recount.find(key); it != recount.end())
        for (size_t i = 0; i < 4; ++i) want[i] = it->second[i];
      EXPECT_EQ(counts, want) << "unit " << key.first << " day " << key.second;
      stock[key.first].first += counts[0] - counts[1];
      stock[key.first].second += counts[2] - counts[3];
    }
    for (const auto& [key, c] : recount) EXPECT_TRUE(stored.count(key)) << "no rollup row for unit " << key.first;
    db.Read([&](store::Connection& c) {
      for (const auto& [unit, s] : stock) {
        EXPECT_EQ(c.QueryOne("SELECT COUNT(*) FROM households WHERE unit_id = ? AND active = 1", {unit})->Int(0), s.first)
            << "households on file, unit " << unit;
        EXPECT_EQ(c.QueryOne("SELECT COUNT(*) FROM persons WHERE unit_id = ? AND active = 1", {unit})->Int(0), s.second)
            << "persons on file, unit " << unit;
      }
    });
  }

  Json NewHousehold(const std::string& unit, const Session& s) {
    HttpResponse r = Post("/api/v1/residents/households",
                          {{"unit_id", UnitId(unit)}, {"building", "9号楼"}, {"entrance", "1单元"},
                           {"room", Unique("R")}, {"kind", "rented"}, {"phone", NextPhone()}},
                          s);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }

  Json NewPerson(int64_t household, const std::string& name, const std::string& id_number, const std::string& phone,
                 const Session& s) {
    Json body = {{"household_id", household}, {"name", name}, {"relation", "head"}};
    if (!id_number.empty()) body["id_number"] = id_number;
    if (!phone.empty()) body["phone"] = phone;
    HttpResponse r = Post("/api/v1/residents/persons", body, s);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }

  int64_t Count(const std::string& sql, const store::Params& params = {}) {
    return server().app().db().Read([&](store::Connection& c) { return c.QueryOne(sql, params)->Int(0); });
  }
};

TEST_P(ResidentsFilesTest, HouseholdAndPersonCrudWithDerivedFieldsAndMasking) {
  Json h = NewHousehold("车站社区", Admin());
  EXPECT_EQ(h["kind"], "rented");
  EXPECT_EQ(h["members"], 0);
  EXPECT_TRUE(h["address"].get<std::string>().rfind("车站社区9号楼1单元", 0) == 0) << h;
  EXPECT_TRUE(std::regex_match(h["phone_masked"].get<std::string>(), std::regex("139\\*{4}[0-9]{4}")));
  EXPECT_FALSE(h.contains("phone"));

  std::string id = IdNumber("19900315", 222);  // even sequence: female
  std::string phone = NextPhone();
  Json p = NewPerson(h["id"], "赵秀英", id, phone, Admin());
  EXPECT_EQ(p["sex"], "female");
  EXPECT_EQ(p["birth_date"], "1990-03-15");
  EXPECT_EQ(p["id_number_masked"], id.substr(0, 6) + "********" + id.substr(14));
  EXPECT_FALSE(p.contains("id_number"));
  EXPECT_FALSE(p.contains("phone"));

  // Detail with members; lists find by name, by the full number, by the last 4, by phone.
  HttpResponse r = Get("/api/v1/residents/households/" + std::to_string(h["id"].get<int64_t>()), Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["members"], 1);
  ASSERT_EQ(r.Json()["member_list"].size(), 1u);
  for (const std::string& q : {std::string("赵秀英"), id, id.substr(14), phone, p["id_number_masked"].get<std::string>()}) {
    Json items = Get("/api/v1/residents/persons?q=" + q + "&unit_id=" + std::to_string(UnitId("车站社区")), Admin()).Json()["items"];
    bool found = false;
    for (const auto& i : items) found |= i["id"] == p["id"];
    EXPECT_TRUE(found) << "q=" << q;
    EXPECT_FALSE(std::regex_search(items.dump(), kFullId)) << items;
    EXPECT_FALSE(std::regex_search(items.dump(), kFullPhone)) << items;
  }
  EXPECT_EQ(Get("/api/v1/residents/persons?q=" + IdNumber("19900315", 224), Admin()).Json()["items"].size(), 0u);

  // PATCH: only the fields given; tags.
  r = Patch("/api/v1/residents/persons/" + std::to_string(p["id"].get<int64_t>()),
            {{"is_staff", true}, {"staff_employer", "新郑市人民医院"}, {"staff_duty", "护士"},
             {"special_kind", "pregnancy"}, {"special_note", "孕 30 周"}},
            Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["name"], "赵秀英");
  EXPECT_EQ(r.Json()["is_staff"], true);
  EXPECT_EQ(r.Json()["special_kind"], "pregnancy");
  Json staff = Get("/api/v1/residents/persons?tag=staff&household_id=" + std::to_string(h["id"].get<int64_t>()), Admin()).Json();
  EXPECT_EQ(staff["items"].size(), 1u);
  r = Patch("/api/v1/residents/households/" + std::to_string(h["id"].get<int64_t>()), {{"kind", "owner_occupied"}, {"note", "改"}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["kind"], "owner_occupied");
  EXPECT_EQ(r.Json()["phone_masked"], h["phone_masked"]);

  // Move to another household in another unit, then deactivate the first household.
  Json other = NewHousehold("永宁街社区", Admin());
  r = Post("/api/v1/residents/persons/" + std::to_string(p["id"].get<int64_t>()) + ":move", {{"household_id", other["id"]}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["unit_id"], UnitId("永宁街社区"));
  Json mate = NewPerson(h["id"], "钱伟", NextId(), "", Admin());
  r = Post("/api/v1/residents/households/" + std::to_string(h["id"].get<int64_t>()) + ":deactivate", nullptr, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["active"], false);
  EXPECT_EQ(Get("/api/v1/residents/persons/" + std::to_string(mate["id"].get<int64_t>()), Admin()).Json()["active"], false);
  // Listing a town's households pages with a cursor.
  Json page = Get("/api/v1/residents/households?page_size=5&unit_id=" + std::to_string(UnitId("新烟街道")), Admin()).Json();
  EXPECT_EQ(page["items"].size(), 5u);
  EXPECT_FALSE(page["next_page_token"].is_null());
}

TEST_P(ResidentsFilesTest, EveryBadFieldInOne422AndNothingWritten) {
  Json h = NewHousehold("车站社区", Admin());
  int64_t before = Count("SELECT COUNT(*) FROM persons");
  std::string bad_id = NextId();
  bad_id.back() = bad_id.back() == '1' ? '2' : '1';
  HttpResponse r = Post("/api/v1/residents/persons",
                        {{"household_id", h["id"]}, {"name", ""}, {"id_number", bad_id}, {"phone", "12345"},
                         {"relation", "cousin"}, {"is_staff", true}, {"special_kind", "dialysis"}, {"returned", true},
                         {"origin_code", "99"}, {"returned_on", "2020-03-01"}, {"sex", "male"}},
                        Admin());
  ExpectError(r, 422, "validation_failed");
  std::set<std::string> rules;
  for (const auto& f : FieldRules(r)) rules.insert(f);
  for (const char* want : {"name:required", "id_number:check_digit", "phone:format", "relation:enum", "staff_employer:required",
                           "staff_duty:required", "special_note:required", "origin_code:format", "origin_name:required",
                           "returned_on:future", "sex:read_only"})
    EXPECT_TRUE(rules.count(want)) << want << " in " << r.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), before);

  r = Post("/api/v1/residents/households", {{"unit_id", UnitId("新烟街道")}, {"kind", "castle"}, {"phone", "1"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  rules.clear();
  for (const auto& f : FieldRules(r)) rules.insert(f);
  for (const char* want : {"unit_id:level", "kind:enum", "phone:format"}) EXPECT_TRUE(rules.count(want)) << want << " in " << r.body;
}

TEST_P(ResidentsFilesTest, DuplicateNumberIs409AndMergeIsExplicit) {
  Json h = NewHousehold("解放路社区", Admin());
  std::string id = NextId("19751111");
  Json first = NewPerson(h["id"], "孙立", id, "", Admin());
  HttpResponse r = Post("/api/v1/residents/persons", {{"household_id", h["id"]}, {"name", "孙立"}, {"id_number", id}}, Admin());
  ExpectError(r, 409, "conflict");
  EXPECT_NE(r.body.find(first["id_number_masked"].get<std::string>()), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(id), std::string::npos) << "the full number never comes back";
  // A user who may not see the existing person (新烟街道 does not cover 岗李村) is refused without a description.
  Json far = NewHousehold("岗李村", Admin());
  std::string far_id = NextId("19760202");
  Json far_person = NewPerson(far["id"], "钱远", far_id, "", Admin());
  Json near = NewHousehold("解放路社区", Admin());
  r = Post("/api/v1/residents/persons", {{"household_id", near["id"]}, {"name", "钱远"}, {"id_number", far_id}}, Login("community"));
  ExpectError(r, 409, "conflict");
  EXPECT_NE(r.body.find("another unit"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(far_person["id_number_masked"].get<std::string>()), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("岗李村"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(std::to_string(far_person["id"].get<int64_t>())), std::string::npos) << r.body;

  // The same person filed again without a number, with a phone: offered as a duplicate.
  std::string phone = NextPhone();
  Json second = NewPerson(h["id"], "孙立", "", phone, Admin());
  r = Patch("/api/v1/residents/persons/" + std::to_string(first["id"].get<int64_t>()), {{"phone", phone}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  Json dups = Get("/api/v1/residents/persons:duplicates", Admin()).Json()["items"];
  bool offered = false;
  for (const auto& g : dups)
    offered |= g["reason"] == "name_phone" && g["persons"][0]["id"] == first["id"] && g["persons"][1]["id"] == second["id"];
  EXPECT_TRUE(offered) << dups;
  EXPECT_EQ(Get("/api/v1/residents/persons/" + std::to_string(second["id"].get<int64_t>()), Admin()).Json()["active"], true)
      << "never merged silently";

  // Merge second into first: first keeps its number, second is deactivated, audited.
  r = Post("/api/v1/residents/persons/" + std::to_string(second["id"].get<int64_t>()) + ":merge", {{"into", first["id"]}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["id"], first["id"]);
  EXPECT_EQ(r.Json()["id_number_masked"], first["id_number_masked"]);
  EXPECT_EQ(Get("/api/v1/residents/persons/" + std::to_string(second["id"].get<int64_t>()), Admin()).Json()["active"], false);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'merge' AND entity = 'person' AND entity_id = ?",
                  {std::to_string(first["id"].get<int64_t>())}),
            1);
  ExpectError(Post("/api/v1/residents/persons/" + std::to_string(first["id"].get<int64_t>()) + ":merge", {{"into", first["id"]}}, Admin()),
              422, "validation_failed");
  // A number taken by another person is refused on update too.
  Json third = NewPerson(h["id"], "孙红", NextId("19800101"), "", Admin());
  ExpectError(Patch("/api/v1/residents/persons/" + std::to_string(third["id"].get<int64_t>()), {{"id_number", id}}, Admin()), 409, "conflict");
}

TEST_P(ResidentsFilesTest, ScopesAndRolesRefuse) {
  Json gangli = NewHousehold("岗李村", Admin());
  Json gangli_person = NewPerson(gangli["id"], "李勇", NextId(), "", Admin());
  Session community = Login("community");  // 新烟街道
  ExpectError(Get("/api/v1/residents/households/" + std::to_string(gangli["id"].get<int64_t>()), community), 404, "not_found");
  ExpectError(Get("/api/v1/residents/persons/" + std::to_string(gangli_person["id"].get<int64_t>()), community), 404, "not_found");
  ExpectError(Post("/api/v1/residents/persons/" + std::to_string(gangli_person["id"].get<int64_t>()) + ":reveal", nullptr, community),
              404, "not_found");
  ExpectError(Get("/api/v1/residents/households?unit_id=" + std::to_string(UnitId("岗李村")), community), 404, "not_found");
  for (const auto& i : ListAll("/api/v1/residents/households", community))
    EXPECT_NE(i["unit_name"], "岗李村");
  HttpResponse r = Post("/api/v1/residents/households", {{"unit_id", UnitId("岗李村")}, {"kind", "rented"}, {"room", "1"}}, community);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"unit_id:exists"});
  ExpectError(Post("/api/v1/residents/persons", {{"household_id", gangli["id"]}, {"name", "x"}}, community), 422, "validation_failed");
  // Own town: allowed.
  Json own = NewHousehold("车站社区", community);
  EXPECT_EQ(own["unit_name"], "车站社区");

  Session volunteer = Login("volunteer");
  Session viewer = Login("viewer");
  ExpectError(Post("/api/v1/residents/households", {{"unit_id", UnitId("车站社区")}, {"kind", "rented"}, {"room", "2"}}, volunteer), 403, "forbidden");
  ExpectError(Get("/api/v1/residents/persons", volunteer), 403, "forbidden");
  ExpectError(Post("/api/v1/residents/persons", {{"household_id", own["id"]}, {"name", "x"}}, viewer), 403, "forbidden");
  ExpectError(Post("/api/v1/residents/households:import", {{"unit_id", UnitId("车站社区")}, {"rows", Json::array()}}, viewer), 403, "forbidden");
  EXPECT_EQ(Get("/api/v1/residents/persons", viewer).status, 200);
  ExpectError(Post("/api/v1/residents/persons/" + std::to_string(gangli_person["id"].get<int64_t>()) + ":reveal", nullptr, viewer), 403, "forbidden");
}

TEST_P(ResidentsFilesTest, RevealIsAuditedWithoutValuesAndExportsAreMasked) {
  Json h = NewHousehold("华夏社区", Admin());
  std::string id = NextId("19660606"), phone = NextPhone();
  Json p = NewPerson(h["id"], "吴敏", id, phone, Admin());
  std::string pid = std::to_string(p["id"].get<int64_t>());
  int64_t before = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal' AND entity = 'person' AND entity_id = ?", {pid});
  HttpResponse r = Post("/api/v1/residents/persons/" + pid + ":reveal", nullptr, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["id_number"], id);
  EXPECT_EQ(r.Json()["phone"], phone);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal' AND entity = 'person' AND entity_id = ? AND username = 'admin'", {pid}),
            before + 1);
  std::string audit = server().app().db().Read([&](store::Connection& c) {
    std::string all;
    for (const auto& row : c.Query("SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log").rows) all += row.Text(0);
    return all;
  });
  EXPECT_EQ(audit.find(id), std::string::npos) << "no audit row holds the number";
  EXPECT_EQ(audit.find(phone), std::string::npos) << "no audit row holds the phone";
  r = Post("/api/v1/residents/households/" + std::to_string(h["id"].get<int64_t>()) + ":reveal", nullptr, Admin());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["phone"].get<std::string>().size(), 11u);

  HttpResponse x = Get("/api/v1/residents/persons:export?unit_id=" + std::to_string(UnitId("华夏社区")), Admin());
  ASSERT_EQ(x.status, 200);
  std::string sheet = UnzipAll(x.body);
  EXPECT_NE(sheet.find(p["id_number_masked"].get<std::string>()), std::string::npos);
  EXPECT_EQ(sheet.find(id), std::string::npos);
  EXPECT_FALSE(std::regex_search(sheet, kFullPhone));
  x = Get("/api/v1/residents/households:export", Admin());
  ASSERT_EQ(x.status, 200);
  EXPECT_FALSE(std::regex_search(UnzipAll(x.body), kFullPhone));

  // The database holds no plaintext: the sealed value carries none of the number's digits runs.
  auto row = server().app().db().Read([&](store::Connection& c) {
    return *c.QueryOne("SELECT id_number_sealed, id_number_index, phone_sealed FROM persons WHERE id = ?", {p["id"].get<int64_t>()});
  });
  std::string sealed = row.Text(0);
  EXPECT_EQ(sealed.rfind("fe1.", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find(id.substr(6, 8)), std::string::npos);
  EXPECT_EQ(sealed.find(id.substr(10)), std::string::npos);
  EXPECT_EQ(row.Text(1).find(id.substr(0, 6)), std::string::npos);
  EXPECT_EQ(row.Text(2).find(phone.substr(3)), std::string::npos);
}

TEST_P(ResidentsFilesTest, ImportDryRunListsRowsThenCommitsOnceAndRetriesReplay) {
  int64_t unit = UnitId("文化路社区");
  std::string dup = NextId("19700707");
  std::string on_file = NextId("19550505");
  Json h = NewHousehold("文化路社区", Admin());
  NewPerson(h["id"], "周建国", on_file, "", Admin());
  std::string room = Unique("r");
  Json rows = Json::array({
      {{"row", 2}, {"building", "1号楼"}, {"entrance", "1单元"}, {"room", room}, {"kind", "自住"}, {"name", "郑一"}, {"id_number", dup}, {"relation", "户主"}},
      {{"row", 3}, {"building", "1号楼"}, {"entrance", "1单元"}, {"room", room}, {"name", "郑二"}, {"id_number", dup}, {"phone", "123"}},
      {{"row", 4}, {"building", "2号楼"}, {"room", room}, {"name", "郑三"}, {"id_number", on_file}, {"returned", "是"}},
      {{"row", 5}, {"building", "2号楼"}, {"room", room}, {"name", ""}, {"is_staff", "maybe"}},
  });
  HttpResponse r = Post("/api/v1/residents/households:import", {{"dry_run", true}, {"unit_id", unit}, {"rows", rows}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.Json();
  EXPECT_EQ(j["status"], "dry_run");
  std::set<std::string> got;
  for (const auto& e : j["errors"]) got.insert(std::to_string(e["row"].get<int>()) + ":" + e["field"].get<std::string>() + ":" + e["rule"].get<std::string>());
  for (const char* want : {"3:id_number:duplicate_in_file", "3:phone:format", "4:id_number:on_file", "4:origin_name:required",
                           "4:returned_on:required", "5:name:required", "5:is_staff:boolean"})
    EXPECT_TRUE(got.count(want)) << want << " in " << j["errors"];
  std::set<std::string> reasons;
  for (const auto& d : j["duplicates"]) reasons.insert(d["reason"]);
  EXPECT_TRUE(reasons.count("id_number_in_file") && reasons.count("id_number_on_file")) << j["duplicates"];
  EXPECT_FALSE(std::regex_search(j.dump(), kFullId));

  // A commit with errors writes nothing.
  int64_t persons = Count("SELECT COUNT(*) FROM persons");
  std::string key = Unique("imp");
  ExpectError(Post("/api/v1/residents/households:import", {{"dry_run", false}, {"unit_id", unit}, {"import_key", key}, {"rows", rows}}, Admin()),
              422, "validation_failed");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), persons);

  // The clean file, sent in two parts: one household of two and one of one.
  Json clean1 = Json::array({{{"row", 2}, {"building", "1号楼"}, {"entrance", "1单元"}, {"room", room}, {"kind", "自住"}, {"name", "郑一"}, {"id_number", dup}, {"relation", "户主"}, {"household_phone", NextPhone()}}});
  Json clean2 = Json::array({{{"row", 3}, {"building", "1号楼"}, {"entrance", "1单元"}, {"room", room}, {"name", "郑二"}, {"relation", "配偶"}, {"phone", NextPhone()}},
                             {{"row", 4}, {"building", "2号楼"}, {"room", room}, {"name", "郑三"}, {"returned", "是"}, {"origin_name", "湖北省武汉市"}, {"origin_code", "420100"}, {"returned_on", "2020-01-22"},
                              {"is_staff", "是"}, {"staff_employer", "社区卫生服务中心"}, {"staff_duty", "值守"}}});
  r = Post("/api/v1/residents/households:import", {{"dry_run", false}, {"unit_id", unit}, {"import_key", key}, {"part", 1}, {"parts", 2}, {"rows", clean1}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["status"], "staged");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), persons);
  r = Post("/api/v1/residents/households:import", {{"dry_run", false}, {"unit_id", unit}, {"import_key", key}, {"part", 2}, {"parts", 2}, {"rows", clean2}}, Admin());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["status"], "committed");
  EXPECT_EQ(r.Json()["households_new"], 2);
  EXPECT_EQ(r.Json()["persons_new"], 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), persons + 3);
  Json found = Get("/api/v1/residents/persons?q=" + dup, Admin()).Json()["items"];
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["relation"], "head");
  Json members = Get("/api/v1/residents/households/" + std::to_string(found[0]["household_id"].get<int64_t>()), Admin()).Json();
  EXPECT_EQ(members["members"], 2);
  EXPECT_EQ(members["kind"], "owner_occupied");

  // A retry of the last part answers the first result and imports nothing.
  r = Post("/api/v1/residents/households:import", {{"dry_run", false}, {"unit_id", unit}, {"import_key", key}, {"part", 2}, {"parts", 2}, {"rows", clean2}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["replayed"], true);
  EXPECT_EQ(r.Json()["persons_new"], 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), persons + 3);
  // A new file with a row at an existing address joins that household.
  r = Post("/api/v1/residents/households:import",
           {{"dry_run", false}, {"unit_id", unit}, {"import_key", Unique("imp")},
            {"rows", Json::array({{{"row", 2}, {"building", "1号楼"}, {"entrance", "1单元"}, {"room", room}, {"name", "郑四"}, {"relation", "子女"}}})}},
           Admin());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["households_joined"], 1);
  EXPECT_EQ(Get("/api/v1/residents/households/" + std::to_string(found[0]["household_id"].get<int64_t>()), Admin()).Json()["members"], 3);
  // Refusals: a commit without a key, a part never sent, a unit outside the caller's scope.
  ExpectError(Post("/api/v1/residents/households:import", {{"dry_run", false}, {"unit_id", unit}, {"rows", clean1}}, Admin()), 422, "validation_failed");
  r = Post("/api/v1/residents/households:import", {{"dry_run", true}, {"unit_id", unit}, {"import_key", Unique("imp")}, {"part", 3}, {"parts", 3}, {"rows", clean1}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), (std::vector<std::string>{"part:missing", "part:missing"}));
  ExpectError(Post("/api/v1/residents/households:import", {{"dry_run", true}, {"unit_id", UnitId("岗李村")}, {"rows", clean1}}, Login("community")),
              422, "validation_failed");
}

FK_INSTANTIATE_BACKENDS(ResidentsFilesTest);

// Its own server: the key file is rotated under it (the running app keeps the old keys in memory).
class ResidentsKeysTest : public ApiTest {};

TEST_P(ResidentsKeysTest, RotateThenReencryptRewritesEverySealedValue) {
  auto& app = server().app();
  auto& db = app.db();
  const std::string path = app.config().key_file;
  std::string old_key = app.cipher().active_key_id();
  auto sealed_count = [&](const std::string& where) {
    return db.Read([&](store::Connection& c) {
      return c.QueryOne("SELECT (SELECT COUNT(*) FROM persons WHERE id_number_sealed " + where + ") + "
                        "(SELECT COUNT(*) FROM persons WHERE phone_sealed " + where + ") + "
                        "(SELECT COUNT(*) FROM households WHERE phone_sealed " + where + ")")
          ->Int(0);
    });
  };
  int64_t total = sealed_count("IS NOT NULL");
  ASSERT_GT(total, 1000) << "the demo files are sealed";
  auto sample = db.Read([&](store::Connection& c) {
    return *c.QueryOne("SELECT id, id_number_sealed FROM persons WHERE id_number_sealed IS NOT NULL ORDER BY id LIMIT 1");
  });
  std::string number = app.cipher().Decrypt(sample.Text(1));

  std::string new_key = FieldCipher::RotateFile(path);
  EXPECT_NE(new_key, old_key);
  FieldCipher rotated = FieldCipher::Load(path, false);
  EXPECT_EQ(rotated.active_key_id(), new_key);
  EXPECT_EQ(rotated.Decrypt(sample.Text(1)), number) << "old keys still open old values";

  residents::FilesService svc(db, rotated, server().clock(), 480);
  residents::ReencryptResult r = svc.Reencrypt(250);
  EXPECT_EQ(r.rewritten, total);
  EXPECT_GT(r.batches, 2);
  EXPECT_EQ(sealed_count("LIKE 'fe1." + old_key + ".%'"), 0);
  EXPECT_EQ(sealed_count("LIKE 'fe1." + new_key + ".%'"), total);
  auto after = db.Read([&](store::Connection& c) {
    return c.QueryOne("SELECT id_number_sealed FROM persons WHERE id = ?", {sample.Int(0)})->Text(0);
  });
  EXPECT_EQ(rotated.Decrypt(after), number);
  // The blind index does not depend on the sealing key: exact lookup still finds the person.
  EXPECT_EQ(db.Read([&](store::Connection& c) { return residents::store::FindPersonByIdNumber(c, rotated, number); }),
            sample.Int(0));
  EXPECT_EQ(svc.Reencrypt(500).rewritten, 0) << "a second run has nothing to do";
}

FK_INSTANTIATE_BACKENDS(ResidentsKeysTest);


}  // namespace
}  // namespace fk::apitest
