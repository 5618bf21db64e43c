#include "api/api_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
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

namespace {

// The server's configuration for a folder (database file and key file on SQLite, key file on
// PostgreSQL) and a database URL.
app::Config MakeConfig(const std::filesystem::path& dir, const std::filesystem::path& web_root,
                       const std::string& db_url, const ServerTweaks& tweaks) {
  app::Config config;
  config.web_root = web_root.string();
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
  config.key_file = (dir / "fangkong.keys").string();
  config.database.url = db_url;
  if (db_url.rfind("sqlite:", 0) == 0) config.database.synchronous = "NORMAL";
  return config;
}

// FK_TEST_PG_URL with another database name.
std::string PgDatabaseUrl(const std::string& base, const std::string& name) {
  size_t query = base.find('?');
  size_t slash = base.rfind('/', query);
  if (slash == std::string::npos || slash < base.find("://") + 3) throw std::runtime_error("FK_TEST_PG_URL has no database name");
  return base.substr(0, slash + 1) + name + (query == std::string::npos ? "" : base.substr(query));
}

// CREATE/DROP DATABASE cannot run inside a transaction: a plain libpq connection to FK_TEST_PG_URL.
void PgAdmin(const std::string& sql) {
  PGconn* conn = PQconnectdb(PgUrl().c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

// Migrating and loading the demo city takes seconds (most of a suite's time on PostgreSQL, more
// under ASan), so each process does it once per backend and demo settings, into a template: a
// folder with the SQLite file and the key file, plus a template database on PostgreSQL. Every
// server starts on a copy of it, so each suite still gets a database of its own.
struct DemoTemplate {
  std::filesystem::path dir;
  std::string pg_database;  // empty on SQLite
};

class DemoTemplates {
 public:
  ~DemoTemplates() {
    for (auto& [key, t] : templates_) {
      try {
        if (!t.pg_database.empty()) PgAdmin("DROP DATABASE IF EXISTS " + t.pg_database + " WITH (FORCE)");
      } catch (...) {
        // The throwaway PostgreSQL server goes away anyway.
      }
      std::error_code ec;
      std::filesystem::remove_all(t.dir, ec);
    }
  }

  const DemoTemplate& Get(const std::string& backend, const ServerTweaks& tweaks) {
    std::string key = backend + "/" + std::to_string(tweaks.load_demo) + std::to_string(tweaks.screening_demo) +
                      std::to_string(tweaks.observation_demo) + "/" + std::to_string(tweaks.tz_offset_minutes);
    std::lock_guard lock(mu_);
    auto it = templates_.find(key);
    if (it != templates_.end()) return it->second;
    DemoTemplate t;
    t.dir = MakeTempDir();
    std::string url = "sqlite:" + (t.dir / "fangkong.db").string();
    if (backend != "sqlite") {
      t.pg_database = "fk_tpl_" + std::to_string(::getpid()) + "_" + RandomSuffix();
      PgAdmin("CREATE DATABASE " + t.pg_database);
      url = PgDatabaseUrl(PgUrl(), t.pg_database);
    }
    {
      ManualClock clock{kStartMs};
      app::App app(MakeConfig(t.dir, t.dir, url, tweaks), clock, /*check_schema=*/false);
      store::MigrateUp(app.db());
      if (tweaks.load_demo)
        app::LoadDemo(app, {tweaks.screening_demo, true, tweaks.observation_demo});
      app.db().Close();  // no connection may stay open on a template database; SQLite folds its WAL in
    }
    return templates_.emplace(key, std::move(t)).first->second;
  }

 private:
  std::mutex mu_;
  std::map<std::string, DemoTemplate> templates_;
};

DemoTemplates& Templates() {
  static DemoTemplates templates;
  return templates;
}

}  // namespace

TestServer::TestServer(const std::string& backend, const ServerTweaks& tweaks) : backend_(backend) {
  if (backend != "sqlite" && PgUrl().empty()) throw std::runtime_error("FK_TEST_PG_URL is not set");
  const DemoTemplate& t = Templates().Get(backend, tweaks);
  dir_ = MakeTempDir();
  web_root_ = dir_ / "web";
  std::filesystem::create_directories(web_root_ / "assets");
  std::ofstream(web_root_ / "index.html") << "<!doctype html><meta charset=utf-8><title>fk-test-index</title><div id=app></div>";
  std::ofstream(web_root_ / "assets" / "app-1234.js") << "console.log('fk-test-asset');";

  // A copy of the template: the key file, and the SQLite file or a PostgreSQL database made from it.
  std::filesystem::copy_file(t.dir / "fangkong.keys", dir_ / "fangkong.keys");
  std::string url;
  if (backend == "sqlite") {
    for (const char* f : {"fangkong.db", "fangkong.db-wal"})
      if (std::filesystem::exists(t.dir / f)) std::filesystem::copy_file(t.dir / f, dir_ / f);
    url = "sqlite:" + (dir_ / "fangkong.db").string();
  } else {
    pg_database_ = "fk_api_" + std::to_string(::getpid()) + "_" + RandomSuffix();
    PgAdmin("CREATE DATABASE " + pg_database_ + " TEMPLATE " + t.pg_database);
    url = PgDatabaseUrl(PgUrl(), pg_database_);
  }
  app_ = std::make_unique<app::App>(MakeConfig(dir_, web_root_, url, tweaks), clock_, /*check_schema=*/false);
  store::MigrateUp(app_->db());  // nothing to do on the copy; kept so that a template without the demo is the same
  app_->set_install_signal_handlers(false);
  port_ = app_->Start();
  NoteApiServerStarted();
}

TestServer::~TestServer() {
  if (app_) app_->Stop();
  app_.reset();
  if (!pg_database_.empty()) {
    try {
      PgAdmin("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
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
