// The system endpoints, security headers, static files of the web front end
// and request ids.
#include <fstream>
#include <regex>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class SystemTest : public ApiTest {};

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

void ExpectSecurityHeaders(const HttpResponse& r, const std::string& what) {
  SCOPED_TRACE(what);
  std::string csp = r.Header("content-security-policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << "CSP: '" << csp << "'";
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << "CSP: '" << csp << "'";
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
}

TEST_P(SystemTest, HealthzIsOk) {
  HttpResponse r = Call("GET", "/healthz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json(), Json({{"status", "ok"}}));
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  HttpResponse v = Call("GET", "/api/v1/version");
  ASSERT_EQ(v.status, 200);
  EXPECT_TRUE(v.Json()["schema_version"].is_number_integer());
  EXPECT_FALSE(v.Json()["version"].get<std::string>().empty());
}

TEST_P(SystemTest, MetricsCountRequestsCommitsAndBatchSizes) {
  // Something to count: a read, a write, an error.
  ASSERT_EQ(Get("/api/v1/org/units", Admin()).status, 200);
  ASSERT_EQ(Call("GET", "/api/v1/nothing").status, 404);
  HttpResponse r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u) << r.Header("content-type");
  const std::string& m = r.body;
  EXPECT_NE(m.find("# TYPE fangkong_http_requests_total counter"), std::string::npos);
  EXPECT_NE(m.find(R"(fangkong_http_requests_total{method="GET",route="/api/v1/org/units",status="200"})"), std::string::npos);
  EXPECT_NE(m.find(R"(fangkong_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"})"), std::string::npos);
  EXPECT_NE(m.find(R"(route="unmatched",status="404")"), std::string::npos) << "unknown paths share one label";
  EXPECT_EQ(m.find("/api/v1/nothing"), std::string::npos) << "raw paths would explode the label set";
  EXPECT_NE(m.find("fangkong_http_request_duration_seconds_bucket"), std::string::npos);
  std::smatch commits;
  ASSERT_TRUE(std::regex_search(m, commits, std::regex("\nfangkong_db_commits_total ([0-9]+)\n")));
  EXPECT_GT(std::stoll(commits[1]), 0) << "the demo load and the login committed";
  EXPECT_NE(m.find("# TYPE fangkong_db_commit_batch_size histogram"), std::string::npos);
  EXPECT_NE(m.find(R"(fangkong_db_commit_batch_size_bucket{le="1"})"), std::string::npos);
  EXPECT_NE(m.find(R"(fangkong_db_commit_batch_size_bucket{le="+Inf"})"), std::string::npos);
  EXPECT_NE(m.find("fangkong_db_commit_batch_size_count"), std::string::npos);
  EXPECT_NE(m.find("fangkong_db_commit_batch_size_sum"), std::string::npos);
  // Memory gauges, to tell a leak from caches in a soak (docs/reliability.md). glibc's malloc
  // reports its figures; under ASan's allocator it reports none, and the gauges are left out.
  std::vector<std::string> gauges{"fangkong_process_resident_memory_bytes"};
  if (!kAddressSanitizer) gauges.insert(gauges.end(), {"fangkong_malloc_in_use_bytes", "fangkong_malloc_free_bytes"});
  for (const auto& gauge : gauges) {
    std::smatch value;
    ASSERT_TRUE(std::regex_search(m, value, std::regex("\n" + gauge + " ([0-9]+)\n"))) << gauge;
    if (gauge != "fangkong_malloc_free_bytes") EXPECT_GT(std::stoll(value[1]), 0) << gauge;
  }
  if (kAddressSanitizer) EXPECT_EQ(m.find("fangkong_malloc_"), std::string::npos) << "no zeros passed off as figures";
  const bool sqlite = GetParam() == "sqlite";
  EXPECT_EQ(sqlite, m.find("\nfangkong_sqlite_memory_bytes ") != std::string::npos) << "SQLite's memory, not PostgreSQL's";
  EXPECT_EQ(sqlite, m.find("\nfangkong_db_statements_cached ") != std::string::npos);
}

TEST_P(SystemTest, SecurityHeadersOnApiErrorAndStaticResponses) {
  ExpectSecurityHeaders(Get("/api/v1/org/units", Admin()), "API 200");
  ExpectSecurityHeaders(Call("GET", "/api/v1/org/units"), "API 401");
  ExpectSecurityHeaders(Call("GET", "/api/v1/nothing"), "API 404");
  ExpectSecurityHeaders(Call("DELETE", "/api/v1/org/units"), "API 405");
  ExpectSecurityHeaders(Call("POST", "/api/v1/auth/login", "{bad"), "API 400");
  ExpectSecurityHeaders(Call("GET", "/healthz"), "healthz");
  ExpectSecurityHeaders(Call("GET", "/"), "static index");
  ExpectSecurityHeaders(Call("GET", "/assets/app-1234.js"), "static asset");
  ExpectSecurityHeaders(Call("GET", "/assets/missing.js"), "static 404");
}

// Requests refused by the HTTP layer itself (413 body too large, 400 malformed
// HTTP, 431 headers too large) carry the security headers too.
TEST_P(SystemTest, SecurityHeadersOnRejectedRequests) {
  std::string big(kMaxBodyBytes + 1, 'x');
  HttpResponse r = Call("POST", "/api/v1/org/units", big, &Admin());
  ASSERT_EQ(r.status, 413);
  ExpectSecurityHeaders(r, "413");
}

TEST_P(SystemTest, StaticFilesAndSpaFallback) {
  HttpResponse r = Call("GET", "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(r.body.find("fk-test-index"), std::string::npos);
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
  // A client-side route gets the same page.
  HttpResponse spa = Call("GET", "/some/spa/route");
  ASSERT_EQ(spa.status, 200);
  EXPECT_EQ(spa.Header("content-type").rfind("text/html", 0), 0u);
  EXPECT_EQ(spa.body, r.body);
  EXPECT_EQ(Call("GET", "/org/staff?page=2").body, r.body);
  // A hashed asset is served with its type and a long cache life.
  HttpResponse js = Call("GET", "/assets/app-1234.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("content-type").rfind("text/javascript", 0), 0u);
  EXPECT_NE(js.body.find("fk-test-asset"), std::string::npos);
  EXPECT_NE(js.Header("cache-control").find("immutable"), std::string::npos);
  // HEAD gives the headers only.
  HttpResponse head = Call("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  // Writes to static paths are not found.
  EXPECT_EQ(Call("POST", "/", "{}").status, 404);
}

TEST_P(SystemTest, MissingAssetIs404) {
  HttpResponse r = Call("GET", "/assets/missing.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("fk-test-index"), std::string::npos) << "a missing file is not the SPA page";
  EXPECT_EQ(Call("GET", "/favicon.ico").status, 404);
}

TEST_P(SystemTest, PathTraversalNeverLeavesTheWebRoot) {
  // A secret next to the web root that no request may reach.
  std::ofstream(server().web_root().parent_path() / "secret.txt") << "fk-secret-outside-web-root";
  for (const std::string target :
       {"/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "//etc/passwd",
        "/%2f..%2f..%2fetc%2fpasswd", "/./../secret.txt"}) {
    HttpResponse r = SendRaw(port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    SCOPED_TRACE(target + " -> " + std::to_string(r.status));
    EXPECT_EQ(r.body.find("fk-secret-outside-web-root"), std::string::npos);
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_TRUE(r.status == 404 || r.status == 400 || (r.status == 200 && r.body.find("fk-test-index") != std::string::npos))
        << r.body.substr(0, 200);
  }
}

TEST_P(SystemTest, RequestIdIsEchoedOrMade) {
  HttpResponse r = Call("GET", "/healthz", "", nullptr, Via::kBearer, {{"X-Request-Id", "trace-abc.123_X"}});
  EXPECT_EQ(r.Header("x-request-id"), "trace-abc.123_X");
  // On errors too.
  r = Call("GET", "/api/v1/org/units", "", nullptr, Via::kBearer, {{"X-Request-Id", "err-1"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("x-request-id"), "err-1");
  // Without one, or with one unsafe to log, the server makes its own.
  r = Call("GET", "/healthz");
  EXPECT_TRUE(std::regex_match(r.Header("x-request-id"), std::regex("[0-9a-f]{16}"))) << r.Header("x-request-id");
  r = Call("GET", "/healthz", "", nullptr, Via::kBearer, {{"X-Request-Id", "bad id <script>"}});
  EXPECT_TRUE(std::regex_match(r.Header("x-request-id"), std::regex("[0-9a-f]{16}"))) << r.Header("x-request-id");
  r = Call("GET", "/healthz", "", nullptr, Via::kBearer, {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_NE(r.Header("x-request-id"), std::string(65, 'a'));
}

FK_INSTANTIATE_BACKENDS(SystemTest);

}  // namespace
}  // namespace fk::apitest
