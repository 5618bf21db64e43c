// Sessions as the issue "Prove it holds" asks: expiry, revocation (here and on
// another server), signing out everywhere, fixation, CSRF on every
// cookie-authenticated write of the route table, login throttling and lockout
// without user enumeration, password rules and the must-change flow. Each
// refusal is tested, not only the success.
#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "api/session_fixture.h"
#include "auth/auth_service.h"
#include "http/router.h"

namespace fk::apitest {
namespace {

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string CookieValue(const HttpResponse& r, const std::string& name) {
  for (const auto& c : r.HeaderAll("set-cookie"))
    if (c.rfind(name + "=", 0) == 0) return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
  return "<none>";
}

// A concrete path for a route pattern: every {param} becomes "1".
std::string Concrete(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{[^}]+\\}"), "1");
}

// ---------------------------------------------------------------- expiry

// Sessions expire at an absolute time (auth.session_ttl_minutes after sign-in); use does not extend them.
TEST_P(SessionTest, ATokenPastItsTtlIs401EvenWhenUsedAllAlong) {
  Session s = Login("viewer");
  for (int64_t step = 0; step < 4; ++step) {
    clock().Advance(kSessionTtlMs / 4 - 1000);
    ASSERT_EQ(Get("/api/v1/auth/me", s).status, 200) << "still inside the TTL at step " << step;
    ASSERT_EQ(Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie).status, 200);
  }
  // Now 4 s before the TTL ends; the session cache must not stretch it either.
  clock().Advance(4000);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie), 401, "unauthenticated");
  ExpectError(Post("/api/v1/auth/logout", nullptr, s), 401, "unauthenticated");
  // Signing in again gives a fresh session.
  EXPECT_EQ(Get("/api/v1/auth/me", Login("viewer")).status, 200);
}

// ---------------------------------------------------------------- revocation

// An administrator's revocation ends the sessions at once on this server, and within the session cache
// time (5 s) on another server of the same database (a second AuthService, as a second process has).
TEST_P(SessionTest, RevocationIsImmediateHereAndWithinTheCacheTimeOnAnotherServer) {
  std::string name = Unique("revoked");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  Session s = Login(name);
  auth::AuthOptions options = server().app().auth().options();
  auth::AuthService other_server(server().app().db(), clock(), options);
  ASSERT_NE(other_server.Authenticate(s.token), nullptr) << "the other server knows the session (and caches it)";
  ASSERT_EQ(Get("/api/v1/auth/me", s).status, 200);

  ASSERT_EQ(Post("/api/v1/users/" + std::to_string(id) + ":revoke-sessions", nullptr, Admin()).status, 204);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie), 401, "unauthenticated");
  // The other server may answer from its cache for at most session_cache_ms...
  EXPECT_NE(other_server.Authenticate(s.token), nullptr) << "cached (documented: up to 5 s on another server)";
  clock().Advance(options.session_cache_ms);
  EXPECT_EQ(other_server.Authenticate(s.token), nullptr) << "...and not a moment longer";
  // The audit says who revoked whose sessions.
  HttpResponse audit = Get("/api/v1/audit?action=revoke_sessions&entity_id=" + std::to_string(id), Admin());
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["username"], "admin");
}

// ---------------------------------------------------------------- logout everywhere

TEST_P(SessionTest, SignOutEverywhereEndsEverySessionOfTheUserOnly) {
  std::string name = Unique("everywhere");
  CreateUser(name, "viewer", UnitId("新郑市"));
  Session phone = Login(name), desk = Login(name), laptop = Login(name);
  Session bystander = Login("viewer");
  // From the browser: the cookie alone is refused (CSRF) and nothing ends.
  ExpectError(Call("POST", "/api/v1/auth/logout-all", "", &desk, Via::kCookie), 403, "forbidden");
  ASSERT_EQ(Get("/api/v1/auth/me", phone).status, 200);
  HttpResponse r = Call("POST", "/api/v1/auth/logout-all", "", &desk, Via::kCookieWithCsrf);
  ASSERT_EQ(r.status, 204) << r.body;
  std::vector<std::string> cookies = r.HeaderAll("set-cookie");
  ASSERT_EQ(cookies.size(), 2u);
  for (const auto& c : cookies) EXPECT_TRUE(Contains(c, "Max-Age=0")) << c;
  for (const Session* s : {&phone, &desk, &laptop}) {
    ExpectError(Get("/api/v1/auth/me", *s), 401, "unauthenticated");
    ExpectError(Call("GET", "/api/v1/auth/me", "", s, Via::kCookie), 401, "unauthenticated");
  }
  EXPECT_EQ(Get("/api/v1/auth/me", bystander).status, 200) << "another user's session lives on";
  EXPECT_EQ(Get("/api/v1/auth/me", Admin()).status, 200);
  // Audited with the number of sessions ended; the user may sign in again.
  HttpResponse audit = Get("/api/v1/audit?action=logout_all&entity_id=" + std::to_string(phone.user_id), Admin());
  ASSERT_EQ(audit.status, 200);
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["after"]["sessions_ended"], 3);
  Session again = Login(name);
  EXPECT_EQ(Get("/api/v1/auth/me", again).status, 200);
  // Signed out, the route needs a session (Bearer: no CSRF needed, as for any script).
  ExpectError(Post("/api/v1/auth/logout-all", nullptr, phone), 401, "unauthenticated");
  EXPECT_EQ(Post("/api/v1/auth/logout-all", nullptr, again).status, 204);
  ExpectError(Get("/api/v1/auth/me", again), 401, "unauthenticated");
}

// ---------------------------------------------------------------- fixation

TEST_P(SessionTest, EveryLoginMakesANewTokenAndNeverAdoptsTheCookieItWasSent) {
  Session first = Login("viewer");
  // The browser still holds the first session's cookie when it signs in again.
  HttpResponse r = Call("POST", "/api/v1/auth/login", Json{{"username", "viewer"}, {"password", kPassword}}.dump(),
                        nullptr, Via::kBearer, {{"Cookie", first.cookie + "; fk_csrf=" + first.csrf}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string second = r.Json()["token"];
  EXPECT_NE(second, first.token);
  EXPECT_EQ(CookieValue(r, "fk_session"), second) << "the cookie set is the new token";
  EXPECT_NE(CookieValue(r, "fk_csrf"), first.csrf) << "and a new CSRF token";
  // The two stay separate: ending the new one leaves the old one, and the reverse.
  Session s2 = first;
  s2.token = second;
  ASSERT_EQ(Post("/api/v1/auth/logout", nullptr, s2).status, 204);
  EXPECT_EQ(Get("/api/v1/auth/me", first).status, 200);

  // A token planted by an attacker (a cookie set before sign-in) is never adopted.
  const std::string planted = "attacker-chosen-token-0123456789abcdef";
  r = Call("POST", "/api/v1/auth/login", Json{{"username", "viewer"}, {"password", kPassword}}.dump(), nullptr,
           Via::kBearer, {{"Cookie", "fk_session=" + planted}, {"Authorization", "Bearer " + planted}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.Json()["token"], planted);
  EXPECT_EQ(CookieValue(r, "fk_session"), r.Json()["token"].get<std::string>());
  ExpectError(Call("GET", "/api/v1/auth/me", "", nullptr, Via::kBearer, {{"Cookie", "fk_session=" + planted}}), 401,
              "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", nullptr, Via::kBearer, {{"Authorization", "Bearer " + planted}}), 401,
              "unauthenticated");
  // Tokens are long and random: 10 sign-ins, 10 different tokens of at least 32 characters.
  std::set<std::string> tokens;
  for (int i = 0; i < 10; ++i) {
    std::string t = TryLogin("viewer", kPassword).Json()["token"];
    EXPECT_GE(t.size(), 32u);
    tokens.insert(t);
  }
  EXPECT_EQ(tokens.size(), 10u);
}

TEST_P(SessionTest, SessionCookieIsHttpOnlySameSiteStrictPathRootAndNotSecureOverPlainHttp) {
  HttpResponse r = TryLogin("viewer", kPassword);
  ASSERT_EQ(r.status, 200);
  for (const auto& c : r.HeaderAll("set-cookie")) {
    EXPECT_TRUE(Contains(c, "; Path=/")) << c;
    EXPECT_TRUE(Contains(c, "; SameSite=Strict")) << c;
    EXPECT_FALSE(Contains(c, "Secure")) << c << " (plain HTTP: a Secure cookie would never come back)";
    EXPECT_EQ(Contains(c, "HttpOnly"), c.rfind("fk_session=", 0) == 0) << c;
  }
  EXPECT_FALSE(r.HasHeader("strict-transport-security")) << "HSTS only when serving behind HTTPS";
}

// ---------------------------------------------------------------- CSRF

// Every write route of the router refuses a cookie-authenticated request without the right X-CSRF-Token,
// before its permission check or its handler; Bearer requests and reads never need it.
TEST_P(SessionTest, EveryCookieAuthenticatedWriteOfTheRouteTableNeedsTheCsrfHeader) {
  const Session& admin = Admin();
  Session other = Login("commander");
  int writes = 0, reads = 0;
  for (const auto& route : server().app().router().routes()) {
    if (route.access == http::Access::kPublic) continue;
    std::string path = Concrete(route.pattern);
    SCOPED_TRACE(route.method + " " + route.pattern);
    if (route.method == "GET") {
      HttpResponse r = Call("GET", path, "", &admin, Via::kCookie);
      EXPECT_FALSE(Contains(r.body, "CSRF")) << r.status << " " << r.body;
      ++reads;
      continue;
    }
    for (const char* header : {"", "wrong-csrf-token", "0"}) {
      Headers extra;
      if (*header) extra.emplace_back("X-CSRF-Token", header);
      HttpResponse r = Call(route.method, path, "{}", &admin, Via::kCookie, extra);
      ExpectError(r, 403, "forbidden");
      EXPECT_TRUE(Contains(r.body, "CSRF")) << r.body;
    }
    // Another session's CSRF token does not do either.
    Headers extra{{"X-CSRF-Token", other.csrf}};
    HttpResponse r = Call(route.method, path, "{}", &admin, Via::kCookie, extra);
    ExpectError(r, 403, "forbidden");
    ++writes;
  }
  EXPECT_GE(writes, 40) << "the route table's writes were all checked";
  EXPECT_GE(reads, 40);
  // Nothing of those refused writes happened: the admin session (a logout would have ended it) lives.
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", &admin, Via::kCookie).status, 200);
  // With the right header the write goes through; with Bearer no header is needed.
  Session s = Login("viewer");
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", "", &s, Via::kCookieWithCsrf).status, 204);
  Session b = Login("viewer");
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", "", &b, Via::kBearer).status, 204);
}

// ---------------------------------------------------------------- lockout and enumeration

TEST_P(SessionTest, LockoutRefusesEvenTheRightPasswordUntilItPassesAndIsAudited) {
  std::string name = Unique("lockme");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  // Failures below the limit are forgotten by a success.
  for (int i = 1; i < kMaxFailedLogins; ++i) ExpectError(TryLogin(name, "Wrong-pass-1234"), 401, "unauthenticated");
  ASSERT_EQ(TryLogin(name, kPassword).status, 200);
  for (int i = 1; i < kMaxFailedLogins; ++i) ExpectError(TryLogin(name, "Wrong-pass-1234"), 401, "unauthenticated");
  ASSERT_EQ(TryLogin(name, kPassword).status, 200) << "the count was reset by the success";
  // kMaxFailedLogins failures in a row lock the account.
  for (int i = 1; i <= kMaxFailedLogins; ++i) ExpectError(TryLogin(name, "Wrong-pass-1234"), 401, "unauthenticated");
  HttpResponse r = TryLogin(name, kPassword);
  ExpectError(r, 429, "rate_limited");
  EXPECT_EQ(r.Header("retry-after"), std::to_string(15 * 60)) << "seconds until the lock (15 min) passes";
  EXPECT_TRUE(r.HeaderAll("set-cookie").empty());
  clock().Advance(15LL * 60 * 1000 - 1000);
  r = TryLogin(name, kPassword);
  ExpectError(r, 429, "rate_limited");
  EXPECT_EQ(r.Header("retry-after"), "1");
  clock().Advance(1000);
  EXPECT_EQ(TryLogin(name, kPassword).status, 200);
  // Audited: each failure, the lock, the sign-ins.
  HttpResponse audit = Get("/api/v1/audit?entity=user&entity_id=" + std::to_string(id) + "&action=login_locked", Admin());
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  audit = Get("/api/v1/audit?entity=user&entity_id=" + std::to_string(id) + "&action=login_failed", Admin());
  EXPECT_EQ(audit.Json()["items"].size(), static_cast<size_t>(2 * (kMaxFailedLogins - 1) + kMaxFailedLogins - 1))
      << audit.body;
}

// A name that does not exist answers exactly like one that does, lockout included, so no sequence of
// answers tells an attacker which names exist.
TEST_P(SessionTest, UnknownNamesAnswerLikeRealOnesThroughTheLockout) {
  std::string real = Unique("realname");
  CreateUser(real, "viewer", UnitId("新郑市"));
  std::string ghost = Unique("ghostname");
  for (int i = 1; i <= kMaxFailedLogins + 2; ++i) {
    SCOPED_TRACE("attempt " + std::to_string(i));
    HttpResponse a = TryLogin(real, "Wrong-pass-1234");
    HttpResponse b = TryLogin(ghost, "Wrong-pass-1234");
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.Json()["error"], b.Json()["error"]);
    EXPECT_EQ(a.Header("retry-after"), b.Header("retry-after"));
    EXPECT_EQ(a.status, i <= kMaxFailedLogins ? 401 : 429);
  }
  // The right password of the real account is refused the same way while locked.
  HttpResponse a = TryLogin(real, kPassword);
  HttpResponse b = TryLogin(ghost, kPassword);
  EXPECT_EQ(a.status, 429);
  EXPECT_EQ(a.Json()["error"], b.Json()["error"]);
  clock().Advance(15LL * 60 * 1000);
  EXPECT_EQ(TryLogin(real, kPassword).status, 200);
  ExpectError(TryLogin(ghost, kPassword), 401, "unauthenticated");
}

// ---------------------------------------------------------------- password rules

TEST_P(SessionTest, PasswordRulesRefuseShortOneClassUsernameAndCommonPasswords) {
  std::string name = Unique("Rules.user");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  const std::string target = "/api/v1/users/" + std::to_string(id) + ":set-password";
  struct Case {
    std::string password;
    std::vector<std::string> rules;
  };
  std::vector<Case> cases = {
      {"Ab1", {"password:min_length"}},
      {"abcdefghijkl", {"password:letters_and_digits"}},
      {"123456789012", {"password:letters_and_digits"}},
      {std::string(129, 'a') + "1", {"password:max_length"}},
      {"password123", {"password:common"}},
      {"PassWord123", {"password:common"}},
      {"1qaz2wsx3edc", {"password:common"}},
      {"woaini1314520", {"password:common"}},
  };
  // The username itself (any case) when it would otherwise pass: make one with letters and digits.
  std::string digits_name = Unique("user2020abc");
  int64_t id2 = CreateUser(digits_name, "viewer", UnitId("新郑市"));
  for (const auto& c : cases) {
    HttpResponse r = Post(target, {{"password", c.password}}, Admin());
    ExpectError(r, 422, "validation_failed");
    EXPECT_EQ(FieldRules(r), c.rules) << c.password;
  }
  std::string upper = digits_name;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  HttpResponse r = Post("/api/v1/users/" + std::to_string(id2) + ":set-password", {{"password", upper}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"password:not_username"});
  // The same rules on create and on one's own change.
  r = Post("/api/v1/users", {{"username", Unique("commonpw")}, {"display_name", "x"}, {"password", "qwerty123456"},
                             {"unit_id", UnitId("新郑市")}, {"roles", {"viewer"}}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"password:common"});
  Session s = Login(name);
  r = Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", "Password12345"}}, s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"new_password:common"});
  // A good one passes.
  EXPECT_EQ(Post(target, {{"password", "Lihe-checkpoint-7"}}, Admin()).status, 204);
}

// A password set by an administrator must be changed before anything else: the server refuses every
// other route until then (not only the web page's dialog).
TEST_P(SessionTest, MustChangePasswordAllowsOnlyTheAuthRoutesUntilChanged) {
  std::string name = Unique("mustchange");
  int64_t id = CreateUser(name, "commander", UnitId("新郑市"));
  ASSERT_EQ(Post("/api/v1/users/" + std::to_string(id) + ":set-password", {{"password", "Temp-pass-2020"}}, Admin()).status, 204);
  Session s = Login(name, "Temp-pass-2020");
  ASSERT_EQ(s.user["must_change_password"], true);
  EXPECT_EQ(Get("/api/v1/auth/me", s).status, 200);
  HttpResponse r = Get("/api/v1/org/units", s);
  ExpectError(r, 403, "forbidden");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"password:must_change"});
  ExpectError(Get("/api/v1/users", s), 403, "forbidden");
  // The change itself: the old (temporary) password must be given, the rules hold.
  ExpectError(Post("/api/v1/auth/password", {{"old_password", "Temp-pass-2020"}, {"new_password", "Temp-pass-2020"}}, s),
              422, "validation_failed");
  ASSERT_EQ(Post("/api/v1/auth/password", {{"old_password", "Temp-pass-2020"}, {"new_password", "Mine-own-2020x"}}, s).status,
            204);
  EXPECT_EQ(Get("/api/v1/auth/me", s).Json()["user"]["must_change_password"], false);
  EXPECT_EQ(Get("/api/v1/org/units", s).status, 200) << "the same session works once the password is changed";
  EXPECT_EQ(Login(name, "Mine-own-2020x").user["must_change_password"], false);
}

FK_INSTANTIATE_BACKENDS(SessionTest);

// ---------------------------------------------------------------- per-address throttle

// One server for both: five sign-in attempts a minute per address, and served behind HTTPS.
class HardenedServerTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override { return {.secure_cookies = true, .max_attempts_per_ip_per_minute = 5}; }
};

TEST_P(HardenedServerTest, TooManyAttemptsFromOneAddressAre429WithRetryAfterUntilTheMinutePasses) {
  // Five attempts a minute from 127.0.0.1, whatever the names and whether they succeed.
  EXPECT_EQ(TryLogin("viewer", kPassword).status, 200);
  clock().Advance(10'000);
  for (int i = 0; i < 4; ++i) ExpectError(TryLogin(Unique("nobody"), "Wrong-pass-1234"), 401, "unauthenticated");
  HttpResponse r = TryLogin("viewer", kPassword);
  ExpectError(r, 429, "rate_limited");
  EXPECT_EQ(r.Header("retry-after"), "50") << "the first attempt leaves the minute's window in 50 s";
  EXPECT_TRUE(r.HeaderAll("set-cookie").empty());
  ExpectError(TryLogin(Unique("nobody"), "Wrong-pass-1234"), 429, "rate_limited");
  clock().Advance(50'000);
  EXPECT_EQ(TryLogin("viewer", kPassword).status, 200) << "one slot is free again";
  ExpectError(TryLogin("viewer", kPassword), 429, "rate_limited");
  // Requests with a session are not throttled by it.
  clock().Advance(60'000);
  Session s = Login("viewer");
  for (int i = 0; i < 10; ++i) ASSERT_EQ(Get("/api/v1/auth/me", s).status, 200);
}

// ---------------------------------------------------------------- behind HTTPS

TEST_P(HardenedServerTest, BehindHttpsCookiesAreSecureAndEveryResponseHasHsts) {
  clock().Advance(61'000);  // past the throttle test's minute
  HttpResponse r = TryLogin("viewer", kPassword);
  ASSERT_EQ(r.status, 200);
  std::vector<std::string> cookies = r.HeaderAll("set-cookie");
  ASSERT_EQ(cookies.size(), 2u);
  for (const auto& c : cookies) EXPECT_TRUE(Contains(c, "; Secure")) << c;
  for (const auto& c : cookies) EXPECT_TRUE(Contains(c, "; SameSite=Strict")) << c;
  const std::string hsts = "max-age=31536000; includeSubDomains";
  EXPECT_EQ(r.Header("strict-transport-security"), hsts);
  EXPECT_EQ(Call("GET", "/api/v1/nothing").Header("strict-transport-security"), hsts);
  EXPECT_EQ(Call("GET", "/").Header("strict-transport-security"), hsts);
  EXPECT_EQ(Call("GET", "/assets/app-1234.js").Header("strict-transport-security"), hsts);
  Session s = Login("viewer");
  HttpResponse out = Post("/api/v1/auth/logout", nullptr, s);
  ASSERT_EQ(out.status, 204);
  for (const auto& c : out.HeaderAll("set-cookie")) EXPECT_TRUE(Contains(c, "; Secure")) << c;
}

FK_INSTANTIATE_BACKENDS(HardenedServerTest);

}  // namespace
}  // namespace fk::apitest
