// Security headers on every response: every route of the route table (reads
// with and without a session, writes without one), each error status the API
// can answer, static files, the SPA fallback, the OpenAPI document and the
// .xlsx downloads. What every response carries (src/http/http.cpp):
// X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy
// no-referrer, a Content-Security-Policy with default-src 'self' and
// frame-ancestors 'none', Cross-Origin-Opener-Policy, Permissions-Policy; API
// responses Cache-Control no-store; Strict-Transport-Security only behind
// HTTPS (session_test.cpp, HardenedServerTest). The suite is SessionTest
// (session_fixture.h): one server for sessions, headers and data at rest.
#include <regex>
#include <set>

#include "api/session_fixture.h"
#include "http/router.h"

namespace fk::apitest {
namespace {

std::string Concrete(const std::string& pattern) { return std::regex_replace(pattern, std::regex("\\{[^}]+\\}"), "1"); }

void ExpectHeaders(const HttpResponse& r, const std::string& what, bool api) {
  SCOPED_TRACE(what + " -> " + std::to_string(r.status));
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
  std::string csp = r.Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
  EXPECT_EQ(r.Header("cross-origin-opener-policy"), "same-origin");
  EXPECT_FALSE(r.Header("permissions-policy").empty());
  if (api) {
    EXPECT_EQ(r.Header("cache-control"), "no-store");
  }
  EXPECT_FALSE(r.HasHeader("strict-transport-security")) << "plain HTTP: no HSTS";
  EXPECT_FALSE(r.HasHeader("server") && r.Header("server").find("Boost") != std::string::npos) << r.Header("server");
}

TEST_P(SessionTest, HeadersOnEveryRouteOfTheRouteTable) {
  const Session& admin = Admin();
  std::set<int> statuses;
  int routes = 0;
  for (const auto& route : server().app().router().routes()) {
    std::string path = Concrete(route.pattern);
    std::string what = route.method + " " + route.pattern;
    ++routes;
    if (route.method == "GET") {
      HttpResponse with = Get(path, admin);
      ExpectHeaders(with, what + " (admin)", true);
      statuses.insert(with.status);
      HttpResponse without = Call("GET", path);
      ExpectHeaders(without, what + " (no session)", true);
      statuses.insert(without.status);
      if (route.access != http::Access::kPublic) {
        EXPECT_EQ(without.status, 401) << what;
      }
    } else {
      // Writes without a session (with one they would change things): 401, or the public routes' own answer.
      HttpResponse r = Call(route.method, path, "{}");
      ExpectHeaders(r, what + " (no session)", true);
      statuses.insert(r.status);
      if (route.access != http::Access::kPublic) {
        EXPECT_EQ(r.status, 401) << what;
      }
    }
  }
  EXPECT_GE(routes, 80);
  EXPECT_TRUE(statuses.count(200) && statuses.count(401)) << "reads succeeded and were refused";
}

TEST_P(SessionTest, HeadersOnEveryErrorStatus) {
  const Session& admin = Admin();
  Session viewer = Login("viewer");
  std::string big(kMaxBodyBytes + 1, 'x');
  std::vector<std::pair<int, HttpResponse>> cases = {
      {400, Call("POST", "/api/v1/auth/login", "{not json")},
      {400, Get("/api/v1/org/units?page_size=abc", admin)},
      {401, Call("GET", "/api/v1/auth/me")},
      {401, Call("GET", "/api/v1/auth/me", "", nullptr, Via::kBearer, {{"Authorization", "Bearer not-a-token"}})},
      {403, Get("/api/v1/users", viewer)},
      {403, Call("POST", "/api/v1/auth/logout", "", &viewer, Via::kCookie)},  // CSRF
      {404, Call("GET", "/api/v1/nothing-here")},
      {404, Get("/api/v1/users/999999999", admin)},
      {405, Call("DELETE", "/api/v1/auth/me", "", &admin)},
      {413, Call("POST", "/api/v1/org/units", big, &admin)},
      {415, Send(port(), HttpRequest{"POST", "/api/v1/org/units", "name=x",
                                     {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + admin.token}}})},
      {422, Post("/api/v1/users", Json::object(), admin)},
  };
  for (auto& [status, r] : cases) {
    EXPECT_EQ(r.status, status) << r.body;
    ExpectHeaders(r, "status " + std::to_string(status), true);
  }
  // A static file that is missing: the security headers, no API no-store.
  HttpResponse missing = Call("GET", "/missing.png");
  EXPECT_EQ(missing.status, 404);
  ExpectHeaders(missing, "static 404", false);
  // 429: the lockout (kMaxFailedLogins failures lock the account).
  std::string name = Unique("headers429");
  CreateUser(name, "viewer", UnitId("新郑市"));
  for (int i = 0; i < kMaxFailedLogins; ++i) TryLogin(name, "Wrong-pass-1234");
  HttpResponse locked = TryLogin(name, kPassword);
  ASSERT_EQ(locked.status, 429);
  ExpectHeaders(locked, "429", true);
}

TEST_P(SessionTest, HeadersOnStaticFilesSpaFallbackOpenApiAndXlsx) {
  HttpResponse index = Call("GET", "/");
  ASSERT_EQ(index.status, 200);
  ExpectHeaders(index, "index", false);
  HttpResponse spa = Call("GET", "/residents/households/12");
  ASSERT_EQ(spa.status, 200);
  EXPECT_NE(spa.body.find("fk-test-index"), std::string::npos);
  ExpectHeaders(spa, "SPA fallback", false);
  HttpResponse asset = Call("GET", "/assets/app-1234.js");
  ASSERT_EQ(asset.status, 200);
  ExpectHeaders(asset, "asset", false);
  HttpResponse openapi = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  ExpectHeaders(openapi, "openapi", true);
  HttpResponse healthz = Call("GET", "/healthz");
  ExpectHeaders(healthz, "healthz", true);
  HttpResponse metrics = Call("GET", "/metrics");
  ExpectHeaders(metrics, "metrics", true);
  // An .xlsx download: personal data must not stay in a shared cache either.
  HttpResponse xlsx = Get("/api/v1/org/staff:export", Login("organisation"));
  ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 200);
  EXPECT_NE(xlsx.Header("content-type").find("spreadsheetml"), std::string::npos);
  ExpectHeaders(xlsx, "xlsx", true);
}

}  // namespace
}  // namespace fk::apitest
