#include "api/api_fixture.h"

#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "api/log_scan.h"
#include "app/demo.h"
#include "store/database.h"
#include "store/migrations.h"

namespace fk::apitest {
namespace {

std::string PgUrl() {
  const char* url = std::getenv("FK_TEST_PG_URL");
  return url ? url : "";
}

std::string RandomSuffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* kChars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 8; ++i) s.push_back(kChars[rng() % 36]);
  return s;
}

std::filesystem::path MakeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "fk-api-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

uint32_t Le32(const std::string& s, size_t at) {
  if (at + 4 > s.size()) throw std::runtime_error("zip: truncated");
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
uint16_t Le16(const std::string& s, size_t at) {
  if (at + 2 > s.size()) throw std::runtime_error("zip: truncated");
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}

std::string InflateRaw(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw std::runtime_error("zip: inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("zip: inflate failed");
    }
    out.append(buf, sizeof(buf) - zs.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

}  // namespace

// ---------------------------------------------------------------- TestServer

TestServer::TestServer(const std::string& backend, const ServerTweaks& tweaks) : backend_(backend) {
  dir_ = MakeTempDir();
  web_root_ = dir_ / "web";
  std::filesystem::create_directories(web_root_ / "assets");
  std::ofstream(web_root_ / "index.html") << "<!doctype html><meta charset=utf-8><title>fk-test-index</title><div id=app></div>";
  std::ofstream(web_root_ / "assets" / "app-1234.js") << "console.log('fk-test-asset');";

  app::Config config;
  config.web_root = web_root_.string();
  // The access log goes to the log file that the log scan reads (tests/api/log_scan.cpp), not to stderr.
  config.access_log = true;
  config.log_level = "warn";
  config.server.host = "127.0.0.1";
  config.server.port = 0;
  config.server.io_threads = 1;
  config.server.worker_threads = 8;
  config.server.max_body_bytes = tweaks.max_body_bytes;
  config.server.shutdown_grace_s = 2;
  config.auth.hash_cost.opslimit = 1;
  config.auth.hash_cost.memlimit = 8 * 1024 * 1024;
  config.auth.max_failed_logins = kMaxFailedLogins;
  config.auth.max_attempts_per_ip_per_minute = tweaks.max_attempts_per_ip_per_minute;
  config.secure_cookies = tweaks.secure_cookies;
  config.auth.session_ttl_ms = kSessionTtlMs;
  config.database.busy_timeout_ms = tweaks.busy_timeout_ms;
  config.tz_offset_minutes = tweaks.tz_offset_minutes;
  config.observation_sweep_seconds = tweaks.observation_sweep_seconds;
  config.report_snapshot_seconds = 0;  // the daily report's sweep: tests call ReportService::SweepNow
  config.database.read_pool_size = 4;
  config.key_file = (dir_ / "fangkong.keys").string();
  if (backend == "sqlite") {
    config.database.url = "sqlite:" + (dir_ / "fangkong.db").string();
    config.database.synchronous = "NORMAL";
  } else {
    pg_base_url_ = PgUrl();
    if (pg_base_url_.empty()) throw std::runtime_error("FK_TEST_PG_URL is not set");
    // A fresh schema per server: the connection's search_path points at it.
    pg_schema_ = "fk_api_" + std::to_string(::getpid()) + "_" + RandomSuffix();
    store::DatabaseOptions o;
    o.url = pg_base_url_;
    o.read_pool_size = 1;
    auto admin_db = store::OpenDatabase(o);
    admin_db->Write([&](store::Connection& c) { c.ExecScript("CREATE SCHEMA " + pg_schema_); });
    admin_db->Close();
    config.database.url = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
                          "options=-csearch_path%3D" + pg_schema_;
  }
  app_ = std::make_unique<app::App>(config, clock_, /*check_schema=*/false);
  store::MigrateUp(app_->db());
  if (tweaks.load_demo) app::LoadDemo(*app_, {tweaks.screening_demo, true, tweaks.observation_demo});
  app_->set_install_signal_handlers(false);
  port_ = app_->Start();
  NoteApiServerStarted();
}

TestServer::~TestServer() {
  if (app_) app_->Stop();
  app_.reset();
  if (!pg_schema_.empty()) {
    try {
      store::DatabaseOptions o;
      o.url = pg_base_url_;
      o.read_pool_size = 1;
      auto admin_db = store::OpenDatabase(o);
      admin_db->Write([&](store::Connection& c) { c.ExecScript("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE"); });
      admin_db->Close();
    } catch (...) {
      // The throwaway server goes away anyway.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

// ---------------------------------------------------------------- ApiTest

std::map<std::string, std::unique_ptr<TestServer>>& ApiTest::Servers() {
  static std::map<std::string, std::unique_ptr<TestServer>> servers;
  return servers;
}

void ApiTest::TearDownTestSuite() { Servers().clear(); }

void ApiTest::SetUp() {
  const std::string& backend = GetParam();
  if (backend == "postgres" && PgUrl().empty())
    GTEST_SKIP() << "FK_TEST_PG_URL is not set (run under scripts/with-pg)";
  auto& slot = Servers()[backend];
  if (!slot) {
    try {
      slot = std::make_unique<TestServer>(backend, Tweaks());
    } catch (const std::exception& e) {
      FAIL() << "cannot start the test server on " << backend << ": " << e.what();
    }
  }
  server_ = slot.get();
}

HttpResponse ApiTest::Call(const std::string& method, const std::string& target, const std::string& body,
                           const Session* s, Via via, Headers extra) {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.body = body;
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  if (s) {
    if (via == Via::kBearer) {
      req.headers.emplace_back("Authorization", "Bearer " + s->token);
    } else {
      req.headers.emplace_back("Cookie", s->cookie);
      if (via == Via::kCookieWithCsrf) req.headers.emplace_back("X-CSRF-Token", s->csrf);
    }
  }
  for (auto& h : extra) req.headers.push_back(std::move(h));
  return Send(port(), req);
}

HttpResponse ApiTest::TryLogin(const std::string& username, const std::string& password) {
  return Call("POST", "/api/v1/auth/login", Json{{"username", username}, {"password", password}}.dump());
}

Session ApiTest::Login(const std::string& username, const std::string& password) {
  HttpResponse r = TryLogin(username, password);
  Session s;
  s.username = username;
  EXPECT_EQ(r.status, 200) << "login " << username << ": " << r.body;
  if (r.status != 200) return s;
  Json j = r.Json();
  s.token = j.value("token", "");
  s.csrf = j.value("csrf_token", "");
  s.user = j["user"];
  s.user_id = s.user.value("id", int64_t{0});
  for (const auto& c : r.HeaderAll("set-cookie"))
    if (c.rfind("fk_session=", 0) == 0) s.cookie = c.substr(0, c.find(';'));
  return s;
}

const Session& ApiTest::Admin() {
  if (!admin_) admin_ = std::make_unique<Session>(Login("admin"));
  return *admin_;
}

Json ApiTest::ListAll(const std::string& target, const Session& s, int page_size) {
  Json all = Json::array();
  std::string token;
  for (int guard = 0; guard < 1000; ++guard) {
    std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    std::string t = target + sep + "page_size=" + std::to_string(page_size);
    if (!token.empty()) t += "&page_token=" + UrlEncode(token);
    HttpResponse r = Get(t, s);
    EXPECT_EQ(r.status, 200) << t << ": " << r.body;
    if (r.status != 200) break;
    Json j = r.Json();
    for (auto& item : j["items"]) all.push_back(item);
    if (!j["next_page_token"].is_string()) break;
    token = j["next_page_token"].get<std::string>();
  }
  return all;
}

Json ApiTest::UnitByName(const std::string& name) {
  for (const auto& u : ListAll("/api/v1/org/units?q=" + UrlEncode(name), Admin()))
    if (u["name"] == name) return u;
  ADD_FAILURE() << "no unit named " << name;
  return Json();
}

int64_t ApiTest::UnitId(const std::string& name) {
  Json u = UnitByName(name);
  return u.is_object() ? u["id"].get<int64_t>() : 0;
}

Json ApiTest::FindPoint(const std::string& name) {
  for (const auto& p : ListAll("/api/v1/org/points?q=" + UrlEncode(name), Admin()))
    if (p["name"] == name) return p;
  ADD_FAILURE() << "no point named " << name;
  return Json();
}

Json ApiTest::FindStaff(const std::string& name) {
  for (const auto& p : ListAll("/api/v1/org/staff?q=" + UrlEncode(name), Admin()))
    if (p["name"] == name) return p;
  ADD_FAILURE() << "no staff named " << name;
  return Json();
}

int64_t ApiTest::CreateUser(const std::string& username, const std::string& role, int64_t unit_id,
                            const std::string& password) {
  HttpResponse r = Post("/api/v1/users",
                        {{"username", username},
                         {"display_name", "测试用户 " + username},
                         {"password", password},
                         {"unit_id", unit_id},
                         {"roles", {role}},
                         {"must_change_password", false}},
                        Admin());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.Json()["id"].get<int64_t>() : 0;
}

std::string ApiTest::Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(++n);
}

// ---------------------------------------------------------------- helpers

void ExpectError(const HttpResponse& r, int status, const std::string& code) {
  SCOPED_TRACE("response body: " + r.body);
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.Header("content-type").rfind("application/json", 0), 0u) << r.Header("content-type");
  Json j = r.Json();
  ASSERT_TRUE(j.is_object()) << "error body is not a JSON object";
  ASSERT_TRUE(j.contains("error") && j["error"].is_object());
  const Json& e = j["error"];
  EXPECT_EQ(e.value("code", ""), code);
  ASSERT_TRUE(e.contains("message") && e["message"].is_string());
  EXPECT_FALSE(e["message"].get<std::string>().empty());
  EXPECT_TRUE(e.contains("fields") && e["fields"].is_array());
  // The client never sees internals.
  for (const char* leak : {"SQL", "sqlite", "SQLite", "SELECT", "INSERT", "UPDATE ", "postgres", "PostgreSQL",
                           "syntax error", "constraint", "std::", "what()"})
    EXPECT_EQ(r.body.find(leak), std::string::npos) << "error leaks '" << leak << "'";
}

std::vector<std::string> FieldRules(const HttpResponse& r) {
  std::vector<std::string> out;
  Json j = r.Json();
  if (!j.is_object() || !j.contains("error")) return out;
  for (const auto& f : j["error"]["fields"]) out.push_back(f.value("field", "") + ":" + f.value("rule", ""));
  return out;
}

std::string UnzipAll(const std::string& zip) {
  // End of central directory: signature 0x06054b50, searched from the end.
  if (zip.size() < 22) throw std::runtime_error("zip: too short");
  size_t eocd = std::string::npos;
  for (size_t i = zip.size() - 22 + 1; i-- > 0;) {
    if (Le32(zip, i) == 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string::npos) throw std::runtime_error("zip: no end of central directory");
  uint16_t entries = Le16(zip, eocd + 10);
  size_t cd = Le32(zip, eocd + 16);
  std::string out;
  for (uint16_t i = 0; i < entries; ++i) {
    if (Le32(zip, cd) != 0x02014b50) throw std::runtime_error("zip: bad central directory entry");
    uint16_t method = Le16(zip, cd + 10);
    uint32_t csize = Le32(zip, cd + 20);
    uint16_t name_len = Le16(zip, cd + 28), extra_len = Le16(zip, cd + 30), comment_len = Le16(zip, cd + 32);
    uint32_t local = Le32(zip, cd + 42);
    if (Le32(zip, local) != 0x04034b50) throw std::runtime_error("zip: bad local header");
    size_t data = local + 30 + Le16(zip, local + 26) + Le16(zip, local + 28);
    if (data + csize > zip.size()) throw std::runtime_error("zip: entry beyond the end");
    std::string raw = zip.substr(data, csize);
    if (method == 0) out += raw;
    else if (method == 8) out += InflateRaw(raw);
    else throw std::runtime_error("zip: unsupported method " + std::to_string(method));
    out += "\n";
    cd += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace fk::apitest
