// The API test fixture: a real Fangkong server in-process on 127.0.0.1 with a
// fresh database (SQLite in a temporary folder, or PostgreSQL in a fresh
// schema when FK_TEST_PG_URL is set), migrated and loaded with the demo city.
//
// Every suite derives from ApiTest and is instantiated over the backends with
// FK_INSTANTIATE_BACKENDS(Suite): one suite, both backends. A suite shares one
// server per backend between its tests (created on the first test, stopped in
// TearDownTestSuite), so tests must not depend on each other's writes: they
// create what they change, and compare lists within one test.
// Not thread-safe: gtest runs tests one after another.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "core/clock.h"

namespace fk::apitest {

using Json = nlohmann::json;

inline constexpr const char* kPassword = "Fangkong@2020";
// 2020-02-14T00:00:00Z (after the demo's last checkpoint day): the fixture's ManualClock starts
// here and moves only when a test says so.
inline constexpr int64_t kStartMs = 1581638400000;
inline constexpr size_t kMaxBodyBytes = 4096;
inline constexpr int kMaxFailedLogins = 3;
inline constexpr int64_t kSessionTtlMs = 60LL * 60 * 1000;

// Settings a suite may change for its own server.
struct ServerTweaks {
  bool load_demo = true;
  bool screening_demo = false;  // the 115,814 demo passages: only suites that need them (seconds to load)
  bool observation_demo = false;  // the demo observation periods of Jan–Feb 2020 (their rounds would show on test days)
  int busy_timeout_ms = 5000;
  int tz_offset_minutes = 480;  // city.tz_offset_minutes
  size_t max_body_bytes = kMaxBodyBytes;  // server.max_body_bytes (batch suites raise it)
  int observation_sweep_seconds = 0;      // observation.sweep_seconds: off, tests sweep through the API
  bool secure_cookies = false;            // auth.secure_cookies (behind HTTPS: Secure cookies, HSTS)
  int max_attempts_per_ip_per_minute = 100000;  // auth.login_attempts_per_ip_per_minute
};

// One running server with its own database and clock.
class TestServer {
 public:
  // Throws std::exception when the database or server cannot be set up.
  TestServer(const std::string& backend, const ServerTweaks& tweaks);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  app::App& app() { return *app_; }
  ManualClock& clock() { return clock_; }
  const std::filesystem::path& web_root() const { return web_root_; }
  const std::string& backend() const { return backend_; }

 private:
  std::string backend_;
  std::filesystem::path dir_;
  std::filesystem::path web_root_;
  std::string pg_database_;  // on PostgreSQL: this server's database, dropped with it
  ManualClock clock_{kStartMs};
  std::unique_ptr<app::App> app_;
  int port_ = 0;
};

// A signed-in user: Bearer token, CSRF token, session cookie value.
struct Session {
  std::string username;
  std::string token;
  std::string csrf;
  std::string cookie;  // "fk_session=...", as the browser would send it
  Json user;           // the "user" object of the login answer
  int64_t user_id = 0;
};

// How a request authenticates.
enum class Via { kBearer, kCookie, kCookieWithCsrf };

class ApiTest : public ::testing::TestWithParam<std::string> {
 public:
  static void TearDownTestSuite();

 protected:
  void SetUp() override;
  // Suites that need a special server override this.
  virtual ServerTweaks Tweaks() const { return {}; }

  TestServer& server() { return *server_; }
  int port() const { return server_->port(); }
  ManualClock& clock() { return server_->clock(); }

  // Plain requests. body is sent as application/json when non-empty.
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                    const Session* s = nullptr, Via via = Via::kBearer, Headers extra = {});
  HttpResponse Get(const std::string& target, const Session& s) { return Call("GET", target, "", &s); }
  HttpResponse Post(const std::string& target, const Json& body, const Session& s) {
    return Call("POST", target, body.is_null() ? "" : body.dump(), &s);
  }
  HttpResponse Patch(const std::string& target, const Json& body, const Session& s) {
    return Call("PATCH", target, body.dump(), &s);
  }

  // Signs in (asserting 200) and returns the session.
  Session Login(const std::string& username, const std::string& password = kPassword);
  // The login answer as it comes.
  HttpResponse TryLogin(const std::string& username, const std::string& password);

  // Demo lookups through the API (as admin).
  int64_t UnitId(const std::string& name);
  Json UnitByName(const std::string& name);
  Json FindPoint(const std::string& name);
  Json FindStaff(const std::string& name);
  // Every item of a list endpoint, following next_page_token.
  Json ListAll(const std::string& target, const Session& s, int page_size = 500);
  // Creates a user as admin and returns its id (asserts 201).
  int64_t CreateUser(const std::string& username, const std::string& role, int64_t unit_id,
                     const std::string& password = kPassword);
  // A session of the demo admin, signed in once per test.
  const Session& Admin();

  // A fresh name for records a test creates, unique in this process.
  static std::string Unique(const std::string& prefix);

 private:
  static std::map<std::string, std::unique_ptr<TestServer>>& Servers();
  TestServer* server_ = nullptr;
  std::unique_ptr<Session> admin_;
};

// Asserts the error shape of the API: status, error.code, a non-empty
// message, a fields array, JSON content, and no internals in the text.
void ExpectError(const HttpResponse& r, int status, const std::string& code);
// The (field, rule) pairs of an error's fields, as "field:rule" strings.
std::vector<std::string> FieldRules(const HttpResponse& r);

// Every entry of a zip archive (an .xlsx), decompressed and concatenated.
// Throws std::runtime_error when the archive is malformed.
std::string UnzipAll(const std::string& zip);

std::string BackendName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace fk::apitest

// One suite, both backends: the postgres instance skips when FK_TEST_PG_URL is unset.
#define FK_INSTANTIATE_BACKENDS(Suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "postgres"), ::fk::apitest::BackendName)
