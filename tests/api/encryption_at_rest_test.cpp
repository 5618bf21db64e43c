// Personal fields at rest: the database alone reveals no identity number or
// phone, and the key rotation (`fangkong keys rotate` + `keys reencrypt`)
// moves every sealed value of every sealed column to the new key while reveal
// and blind-index search keep working.
//
// "In clear" is checked two ways: on SQLite the raw bytes of the database
// file and its -wal file (free pages and old page versions included); on both
// backends every TEXT column of every table. The clear values looked for are
// the ones this test sends plus every value the database holds sealed
// (opened with the server's keys), so demo data and every module count.
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "api/session_fixture.h"
#include "app/keys.h"
#include "core/field_crypto.h"
#include "core/ids.h"
#include "core/masking.h"
#include "core/validation.h"
#include "store/database.h"

namespace fk::apitest {
namespace {

std::string IdNumberOf(const std::string& birth, int seq) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string first17 = "410184" + birth + buf;
  return first17 + IdNumberCheckChar(first17);
}

// Runs of digits (18 long, or 17 and an X; 11 long) as they stand in a text or a file.
void DigitRuns(std::string_view text, std::set<std::string>& out) {
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    size_t len = j - i;
    if (len == 17 && j < text.size() && (text[j] == 'X' || text[j] == 'x')) ++len, ++j;
    if (len == 11 || len == 18) out.emplace(text.substr(i, len));
    i = j;
  }
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every clear value the database holds sealed, opened with the cipher.
std::set<std::string> OpenedSealedValues(store::Database& db, const FieldCipher& cipher) {
  std::set<std::string> out;
  db.Read([&](store::Connection& c) {
    for (const auto& col : app::SealedColumns()) {
      for (const auto& r : c.Query(std::string("SELECT ") + col.column + " FROM " + col.table).rows) {
        if (r.IsNull(0)) continue;
        std::string v = r.Text(0);
        if (!col.occupants_json) {
          if (v.rfind("fe1.", 0) == 0) out.insert(cipher.Decrypt(v));
          continue;
        }
        for (const auto& o : Json::parse(v))
          for (const char* k : {"i", "p"})
            if (o.contains(k) && o[k].get<std::string>().rfind("fe1.", 0) == 0) out.insert(cipher.Decrypt(o[k].get<std::string>()));
      }
    }
  });
  return out;
}

// "table.column: value" for each clear value found in any TEXT column of any table.
std::vector<std::string> ClearInTextColumns(store::Database& db, const std::set<std::string>& clear, bool sqlite) {
  std::vector<std::string> found;
  db.Read([&](store::Connection& c) {
    std::vector<std::pair<std::string, std::string>> columns;
    if (sqlite) {
      for (const auto& t : c.Query("SELECT name FROM sqlite_master WHERE type = 'table'").rows)
        for (const auto& col : c.Query("SELECT name, type FROM pragma_table_info(?)", {t.Text(0)}).rows)
          if (col.Text(1) == "TEXT" || col.Text(1).empty()) columns.emplace_back(t.Text(0), col.Text(0));
    } else {
      for (const auto& r : c.Query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                                   "current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb')")
                               .rows)
        columns.emplace_back(r.Text(0), r.Text(1));
    }
    for (const auto& [table, column] : columns) {
      for (const auto& r : c.Query("SELECT CAST(\"" + column + "\" AS TEXT) FROM \"" + table + "\"").rows) {
        if (r.IsNull(0)) continue;
        std::set<std::string> runs;
        DigitRuns(r.Text(0), runs);
        for (const auto& run : runs)
          if (clear.count(run)) found.push_back(table + "." + column + ": " + run);
      }
    }
  });
  return found;
}

}  // namespace

std::set<std::string> SessionTest::CreateRecords(const std::string& tag, int seq) {
  std::set<std::string> clear;
  std::string p_staff = "1367" + std::to_string(7000000 + seq), p_house = "1357" + std::to_string(7000000 + seq);
  std::string id_person = IdNumberOf("19800101", seq), p_person = "1347" + std::to_string(7000000 + seq);
  std::string id_a = IdNumberOf("19750505", seq), p_a = "1587" + std::to_string(7000000 + seq);
  std::string id_b = IdNumberOf("19660606", seq), p_b = "1867" + std::to_string(7000000 + seq);
  clear = {p_staff, p_house, id_person, p_person, id_a, p_a, id_b, p_b};

  HttpResponse r = Post("/api/v1/org/staff", {{"name", "加密" + tag}, {"phone", p_staff}, {"unit_id", UnitId("东赵村")}}, Admin());
  EXPECT_EQ(r.status, 201) << r.body;
  staff_id_ = r.Json().value("id", int64_t{0});
  r = Post("/api/v1/residents/households", {{"unit_id", UnitId("车站社区")}, {"building", "9号楼"}, {"entrance", "1单元"},
                                            {"room", Unique("R")}, {"kind", "rented"}, {"phone", p_house}},
           Admin());
  EXPECT_EQ(r.status, 201) << r.body;
  household_id_ = r.Json().value("id", int64_t{0});
  r = Post("/api/v1/residents/persons", {{"household_id", household_id_}, {"name", "密" + tag}, {"relation", "head"},
                                         {"id_number", id_person}, {"phone", p_person}},
           Admin());
  EXPECT_EQ(r.status, 201) << r.body;
  person_id_ = r.Json().value("id", int64_t{0});
  person_number_ = id_person;
  person_phone_ = p_person;
  // Checkpoint rules, once per server (the demo without its passages has none).
  if (Get("/api/v1/screening/rules", Admin()).Json().value("version", 0) == 0) {
    r = Post("/api/v1/screening/rules",
             {{"rules", Json::parse(R"({"fever_threshold":37.3,"turn_back_origins":[{"code":"42","name":"湖北省"}],)"
                                    R"("exempt_purposes":["freight","medical","official","home","return_to_work"]})")},
              {"note", "加密测试"}},
             Admin());
    EXPECT_EQ(r.status, 201) << r.body;
  }
  Json passage = {{"client_key", NewUuidV7()},
                  {"point_id", FindPoint("G107新郑长葛交界疫情监测站")["id"]},
                  {"vehicle_kind", "car"},
                  {"plate", "豫A" + std::to_string(10000 + seq % 90000)},
                  {"direction", "in"},
                  {"occupants", Json::array({{{"temperature", 36.5}, {"name", "张" + tag}, {"id_number", id_a}, {"phone", p_a}},
                                             {{"temperature", 38.6}, {"name", "李" + tag}, {"id_number", id_b}, {"phone", p_b}}})},
                  {"origin", {{"code", "410100"}, {"name", "河南省郑州市"}}},
                  {"destination", "新郑市区"},
                  {"purpose", "home"},
                  {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
  r = Post("/api/v1/screening/passages", passage, Login("checkpoint"));
  EXPECT_EQ(r.status, 201) << r.body;
  // Two columns the demo leaves empty, sealed as their services seal them (gate/service.cpp,
  // command/firms/service.cpp): a gate visitor's phone and a returning staff member's phone.
  std::string p_visitor = "1377" + std::to_string(7000000 + seq), p_firm = "1397" + std::to_string(7000000 + seq);
  clear.insert(p_visitor);
  clear.insert(p_firm);
  const FieldCipher& cipher = server().app().cipher();
  server().app().db().Write([&](store::Connection& c) {
    EXPECT_EQ(c.Exec("UPDATE gate_events SET visitor_phone_sealed = ?, visitor_phone_masked = ? WHERE id = "
                     "(SELECT MIN(id) FROM gate_events WHERE visitor_phone_sealed IS NULL)",
                     {cipher.Encrypt(p_visitor), MaskPhone(p_visitor)}),
              1);
    EXPECT_EQ(c.Exec("UPDATE firm_staff SET phone = ?, phone_masked = ? WHERE id = (SELECT MIN(id) FROM firm_staff "
                     "WHERE phone = '')",
                     {cipher.Encrypt(p_firm), MaskPhone(p_firm)}),
              1);
  });
  return clear;
}

namespace {

TEST_P(SessionTest, AtRestTheDatabaseAloneRevealsNoIdentityNumberOrPhone) {
  std::set<std::string> sent = CreateRecords("静", 301);
  auto& db = server().app().db();
  std::set<std::string> clear = OpenedSealedValues(db, server().app().cipher());
  for (const auto& v : sent) EXPECT_TRUE(clear.count(v)) << v << " was sent but is not stored sealed";
  EXPECT_GT(clear.size(), 100u) << "the demo's sealed values count too";
  // Every sealed column holds sealed values (the demo fills them all, this test the rest).
  for (const auto& [column, by_key] : app::SealedKeyCounts(db)) EXPECT_FALSE(by_key.empty()) << column << " holds no sealed value";

  // No clear value in any text column (audit copies, import results, idempotency answers included).
  std::vector<std::string> found = ClearInTextColumns(db, clear, GetParam() == "sqlite");
  EXPECT_TRUE(found.empty()) << found.size() << " clear values, the first: " << (found.empty() ? "" : found.front());

  // The masked copies are what is kept in clear.
  db.Read([&](store::Connection& c) {
    auto r = c.QueryOne("SELECT id_number_masked, phone_masked, id_number_sealed FROM persons WHERE id = ?",
                        {static_cast<long long>(person_id_)});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Text(0), MaskIdNumber(person_number_));
    EXPECT_EQ(r->Text(1), MaskPhone(person_phone_));
    EXPECT_EQ(r->Text(2).rfind("fe1.k1.", 0), 0u) << r->Text(2);
  });

  if (GetParam() != "sqlite") return;
  // The raw bytes of the database file and its write-ahead log (not checkpointed yet: the new records
  // are in the -wal file), free pages and old page versions included.
  std::filesystem::path file;
  db.Read([&](store::Connection& c) { file = c.QueryOne("SELECT file FROM pragma_database_list WHERE name = 'main'")->Text(0); });
  std::set<std::string> runs;
  size_t bytes = 0;
  for (const std::string suffix : {"", "-wal"}) {
    std::filesystem::path p = file.string() + suffix;
    if (!std::filesystem::exists(p)) continue;
    std::string raw = ReadFile(p);
    bytes += raw.size();
    DigitRuns(raw, runs);
  }
  EXPECT_GT(bytes, 100'000u);
  std::vector<std::string> leaked;
  for (const auto& v : clear)
    if (runs.count(v)) leaked.push_back(v);
  EXPECT_TRUE(leaked.empty()) << leaked.size() << " of " << clear.size() << " clear values are in the file bytes, e.g. "
                              << (leaked.empty() ? "" : leaked.front());
  // The key file is apart from the database, readable by its owner only.
  struct stat st {};
  ASSERT_EQ(::stat(app::KeyFilePath(server().app().config()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

// ---------------------------------------------------------------- rotation

// Its own server: the key file is rotated under it.
class KeyRotationTest : public SessionTest {};

HttpResponse CallOn(int port, const std::string& method, const std::string& target, const std::string& token,
                    const std::string& body = "") {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.body = body;
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  return Send(port, req);
}

TEST_P(KeyRotationTest, RotateThenReencryptMovesEverySealedColumnToTheNewKey) {
  CreateRecords("旋", 401);
  auto& db = server().app().db();
  const std::string key_file = app::KeyFilePath(server().app().config());
  std::set<std::string> before = OpenedSealedValues(db, server().app().cipher());
  int64_t sealed_before = 0;
  for (const auto& [column, by_key] : app::SealedKeyCounts(db)) {
    for (const auto& [key, n] : by_key) EXPECT_EQ(key, "k1") << column;
    for (const auto& [key, n] : by_key) sealed_before += n;
  }

  // 1. `fangkong keys rotate`: a new active key is appended; the old one stays to open old values.
  std::string old_file = ReadFile(key_file);
  std::string new_key = FieldCipher::RotateFile(key_file);
  EXPECT_EQ(new_key, "k2");
  EXPECT_EQ(ReadFile(key_file).rfind(old_file, 0), 0u) << "the old lines are kept as they were";

  // 2. Servers restart with the new key file: here a second server of the same database.
  app::Config config = server().app().config();
  config.server.port = 0;
  auto second = std::make_unique<app::App>(config, clock(), false);
  second->set_install_signal_handlers(false);
  int port2 = second->Start();
  EXPECT_EQ(second->cipher().active_key_id(), "k2");
  HttpResponse login = CallOn(port2, "POST", "/api/v1/auth/login", "", Json{{"username", "admin"}, {"password", kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  std::string token = login.Json().value("token", "");
  // Old values open with the old key until they are re-sealed.
  HttpResponse r = CallOn(port2, "POST", "/api/v1/residents/persons/" + std::to_string(person_id_) + ":reveal", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["id_number"], person_number_);
  // New values are sealed with the new key.
  std::string new_number = IdNumberOf("19910909", 402);
  r = CallOn(port2, "POST", "/api/v1/residents/persons", token,
             Json{{"household_id", household_id_}, {"name", "新钥"}, {"relation", "other"}, {"id_number", new_number}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t new_person = r.Json()["id"];
  db.Read([&](store::Connection& c) {
    EXPECT_EQ(c.QueryOne("SELECT id_number_sealed FROM persons WHERE id = ?", {static_cast<long long>(new_person)})->Text(0).rfind("fe1.k2.", 0),
              0u);
  });

  // 3. `fangkong keys reencrypt`: every value of every sealed column is re-sealed with k2.
  app::ReencryptAllResult result = app::ReencryptAll(db, second->cipher(), 7);  // small batches: paging is exercised
  EXPECT_EQ(result.rewritten, sealed_before);
  for (const auto& col : app::SealedColumns()) {
    std::string name = std::string(col.table) + "." + col.column;
    EXPECT_GT(result.by_column[name], 0) << name << " was not re-sealed";
  }
  for (const auto& [column, by_key] : app::SealedKeyCounts(db))
    for (const auto& [key, n] : by_key) EXPECT_EQ(key, "k2") << column << " still has " << n << " value(s) under " << key;
  // The same clear values, opened with the new key alone.
  FieldCipher only_new = [&] {
    std::string text = ReadFile(key_file), kept;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("key k1 ", 0) != 0) kept += line + "\n";
    std::string path = key_file + ".k2only";
    std::ofstream(path) << kept;
    return FieldCipher::Load(path, false);
  }();
  std::set<std::string> after = OpenedSealedValues(db, only_new);
  after.erase(new_number);
  EXPECT_EQ(after, before) << "every value opens with the new key alone and is unchanged";
  // Reveal and blind-index search still work; a second run has nothing to do.
  r = CallOn(port2, "POST", "/api/v1/residents/persons/" + std::to_string(person_id_) + ":reveal", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["id_number"], person_number_);
  EXPECT_EQ(r.Json()["phone"], person_phone_);
  r = CallOn(port2, "GET", "/api/v1/residents/persons?q=" + person_number_, token);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.Json()["items"].size(), 1u) << r.body;
  EXPECT_EQ(r.Json()["items"][0]["id"], person_id_);
  r = CallOn(port2, "POST", "/api/v1/org/staff/" + std::to_string(staff_id_) + ":reveal", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["phone"].get<std::string>().substr(0, 4), "1367");
  EXPECT_EQ(app::ReencryptAll(db, second->cipher()).rewritten, 0);
  second->Stop();
}

FK_INSTANTIATE_BACKENDS(KeyRotationTest);

}  // namespace
}  // namespace fk::apitest
