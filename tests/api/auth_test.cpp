// Sign-in, sessions, cookies, password changes and session revocation.
#include <algorithm>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class AuthTest : public ApiTest {};

bool Contains(const Json& array, const std::string& value) {
  return std::find(array.begin(), array.end(), value) != array.end();
}

TEST_P(AuthTest, LoginReturnsTokenCsrfAndUserWithPermissions) {
  HttpResponse r = TryLogin("commander", kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.Json();
  EXPECT_GE(j["token"].get<std::string>().size(), 32u);
  EXPECT_GE(j["csrf_token"].get<std::string>().size(), 16u);
  EXPECT_NE(j["token"], j["csrf_token"]);
  EXPECT_EQ(j["expires_at"], FormatRfc3339(clock().NowMs() + kSessionTtlMs));
  const Json& u = j["user"];
  EXPECT_EQ(u["username"], "commander");
  EXPECT_EQ(u["unit"]["name"], "新郑市");
  EXPECT_EQ(u["unit"]["level"], "city");
  EXPECT_EQ(u["roles"], Json::array({"commander"}));
  EXPECT_TRUE(Contains(u["permissions"], "org:staff:reveal"));
  EXPECT_TRUE(Contains(u["permissions"], "auth:user:read"));
  EXPECT_FALSE(Contains(u["permissions"], "auth:user:write"));
  EXPECT_FALSE(r.body.find("password_hash") != std::string::npos);

  // Two cookies: the session cookie (HttpOnly) and the CSRF cookie the page reads.
  std::vector<std::string> cookies = r.HeaderAll("set-cookie");
  ASSERT_EQ(cookies.size(), 2u) << r.body;
  auto session = std::find_if(cookies.begin(), cookies.end(), [](const std::string& c) { return c.rfind("fk_session=", 0) == 0; });
  ASSERT_NE(session, cookies.end());
  EXPECT_EQ(session->substr(0, session->find(';')), "fk_session=" + j["token"].get<std::string>());
  EXPECT_NE(session->find("HttpOnly"), std::string::npos) << *session;
  EXPECT_NE(session->find("SameSite=Strict"), std::string::npos) << *session;
  EXPECT_NE(session->find("Path=/"), std::string::npos) << *session;
  EXPECT_NE(session->find("Max-Age=" + std::to_string(kSessionTtlMs / 1000)), std::string::npos) << *session;
  auto csrf = std::find_if(cookies.begin(), cookies.end(), [](const std::string& c) { return c.rfind("fk_csrf=", 0) == 0; });
  ASSERT_NE(csrf, cookies.end());
  EXPECT_NE(csrf->find("SameSite=Strict"), std::string::npos) << *csrf;
  EXPECT_EQ(csrf->find("HttpOnly"), std::string::npos) << "the page must be able to read the CSRF cookie";
  // The login answer is never cached.
  EXPECT_EQ(r.Header("cache-control"), "no-store");
}

TEST_P(AuthTest, MeWithBearerAndWithCookie) {
  Session s = Login("checkpoint");
  HttpResponse bearer = Get("/api/v1/auth/me", s);
  ASSERT_EQ(bearer.status, 200) << bearer.body;
  Json j = bearer.Json();
  EXPECT_EQ(j["user"]["username"], "checkpoint");
  EXPECT_EQ(j["user"]["unit"]["name"], "梨河镇");
  EXPECT_EQ(j["user"]["unit"]["level"], "town");
  EXPECT_EQ(j["user"]["roles"], Json::array({"checkpoint"}));
  // Exactly the checkpoint role's permissions, as /roles lists them.
  HttpResponse roles = Get("/api/v1/roles", s);
  ASSERT_EQ(roles.status, 200);
  Json role_list = roles.Json()["items"];
  auto role = std::find_if(role_list.begin(), role_list.end(), [](const Json& r) { return r["name"] == "checkpoint"; });
  ASSERT_NE(role, role_list.end());
  std::vector<std::string> want = (*role)["permissions"].get<std::vector<std::string>>();
  std::sort(want.begin(), want.end());
  EXPECT_EQ(j["user"]["permissions"].get<std::vector<std::string>>(), want);
  for (const char* p : {"org:point:read", "org:staff:read", "org:unit:read"}) EXPECT_TRUE(Contains(j["user"]["permissions"], p));
  for (const char* p : {"org:point:write", "org:staff:reveal", "auth:user:read", "audit:log:read"})
    EXPECT_FALSE(Contains(j["user"]["permissions"], p)) << p;
  EXPECT_EQ(j["csrf_token"], s.csrf);

  HttpResponse cookie = Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie);
  ASSERT_EQ(cookie.status, 200) << cookie.body;
  EXPECT_EQ(cookie.Json()["user"], j["user"]);
}

TEST_P(AuthTest, LogoutRevokesTheSession) {
  Session s = Login("viewer");
  Session other = Login("viewer");
  HttpResponse r = Post("/api/v1/auth/logout", nullptr, s);
  EXPECT_EQ(r.status, 204) << r.body;
  // The cookies are cleared.
  for (const auto& c : r.HeaderAll("set-cookie")) EXPECT_NE(c.find("Max-Age=0"), std::string::npos) << c;
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie), 401, "unauthenticated");
  // Only that session: another one of the same user lives on.
  EXPECT_EQ(Get("/api/v1/auth/me", other).status, 200);
}

// A session revoked by another server (here: straight in the database) stops working once this
// server's short session cache (auth.session_cache_seconds, 5 s) has expired; never later.
TEST_P(AuthTest, ARevocationByAnotherServerAppliesWithinTheSessionCacheTime) {
  Session s = Login("viewer");
  ASSERT_EQ(Get("/api/v1/auth/me", s).status, 200);  // resolved and cached
  server().app().db().Write([](store::Connection& c) {
    c.Exec("UPDATE sessions SET revoked_at = 1 WHERE user_id = (SELECT id FROM users WHERE username = 'viewer')");
  });
  clock().Advance(5001);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
}

TEST_P(AuthTest, LogoutWithCookieNeedsCsrf) {
  Session s = Login("viewer");
  ExpectError(Call("POST", "/api/v1/auth/logout", "", &s, Via::kCookie), 403, "forbidden");
  EXPECT_EQ(Get("/api/v1/auth/me", s).status, 200) << "a refused logout leaves the session alone";
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", "", &s, Via::kCookieWithCsrf).status, 204);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
}

TEST_P(AuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  HttpResponse wrong = TryLogin("organisation", "Wrong-password-99");
  HttpResponse unknown = TryLogin("no-such-user-at-all", "Wrong-password-99");
  ExpectError(wrong, 401, "unauthenticated");
  ExpectError(unknown, 401, "unauthenticated");
  EXPECT_EQ(wrong.Json()["error"], unknown.Json()["error"]);
  EXPECT_TRUE(wrong.HeaderAll("set-cookie").empty());
  // Missing fields are a validation error, not a failed sign-in.
  HttpResponse r = Call("POST", "/api/v1/auth/login", Json{{"username", "admin"}}.dump());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"password:required"});
}

TEST_P(AuthTest, ChangePasswordReportsEveryBrokenRule) {
  std::string name = Unique("pwrules");
  CreateUser(name, "viewer", UnitId("新郑市"));
  Session s = Login(name);
  HttpResponse r = Post("/api/v1/auth/password", {{"old_password", "not-my-password1"}, {"new_password", "short"}}, s);
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> rules = FieldRules(r);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"new_password:letters_and_digits", "new_password:min_length",
                                             "old_password:mismatch"}));
  r = Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", kPassword}}, s);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"new_password:unchanged"});
  // The old password still works.
  EXPECT_EQ(TryLogin(name, kPassword).status, 200);
}

TEST_P(AuthTest, ChangePasswordEndsOtherSessionsButNotThisOne) {
  std::string name = Unique("pwchange");
  CreateUser(name, "viewer", UnitId("新郑市"));
  Session current = Login(name);
  Session other = Login(name);
  HttpResponse r = Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", "NewSecret2020x"}}, current);
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(Get("/api/v1/auth/me", current).status, 200) << "the session that changed the password stays";
  ExpectError(Get("/api/v1/auth/me", other), 401, "unauthenticated");
  ExpectError(TryLogin(name, kPassword), 401, "unauthenticated");
  EXPECT_EQ(TryLogin(name, "NewSecret2020x").status, 200);
}

TEST_P(AuthTest, AdminRevokeSessionsEndsTheTargetsSessions) {
  std::string name = Unique("revokeme");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  Session a = Login(name);
  Session b = Login(name);
  Session bystander = Login("viewer");
  HttpResponse r = Post("/api/v1/users/" + std::to_string(id) + ":revoke-sessions", nullptr, Admin());
  EXPECT_EQ(r.status, 204) << r.body;
  ExpectError(Get("/api/v1/auth/me", a), 401, "unauthenticated");
  ExpectError(Get("/api/v1/auth/me", b), 401, "unauthenticated");
  EXPECT_EQ(Get("/api/v1/auth/me", bystander).status, 200);
  EXPECT_EQ(Get("/api/v1/auth/me", Admin()).status, 200);
  // The user may sign in again.
  EXPECT_EQ(TryLogin(name, kPassword).status, 200);
  // A commander may read users but not revoke their sessions.
  Session commander = Login("commander");
  ExpectError(Post("/api/v1/users/" + std::to_string(id) + ":revoke-sessions", nullptr, commander), 403, "forbidden");
}

TEST_P(AuthTest, DisabledUserCannotSignInAndItsSessionsEnd) {
  std::string name = Unique("disableme");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  Session s = Login(name);
  HttpResponse r = Patch("/api/v1/users/" + std::to_string(id), {{"active", false}}, Admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["active"], false);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  ExpectError(TryLogin(name, kPassword), 401, "unauthenticated");
  // An administrator cannot disable themselves.
  r = Patch("/api/v1/users/" + std::to_string(Admin().user_id), {{"active", false}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"active:self"});
  // Enabled again, the user may sign in.
  ASSERT_EQ(Patch("/api/v1/users/" + std::to_string(id), {{"active", true}}, Admin()).status, 200);
  EXPECT_EQ(TryLogin(name, kPassword).status, 200);
}

TEST_P(AuthTest, SetPasswordForcesAChangeAndEndsSessions) {
  std::string name = Unique("setpw");
  int64_t id = CreateUser(name, "viewer", UnitId("新郑市"));
  Session s = Login(name);
  HttpResponse r = Post("/api/v1/users/" + std::to_string(id) + ":set-password", {{"password", "short"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  r = Post("/api/v1/users/" + std::to_string(id) + ":set-password", {{"password", "Reset-2020-abc"}}, Admin());
  ASSERT_EQ(r.status, 204) << r.body;
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  Session fresh = Login(name, "Reset-2020-abc");
  EXPECT_EQ(fresh.user["must_change_password"], true);
}

TEST_P(AuthTest, CreateUserValidatesEveryField) {
  HttpResponse r = Post("/api/v1/users",
                        {{"username", "x"}, {"display_name", "坏用户"}, {"password", "abc"}, {"unit_id", 999999},
                         {"roles", {"emperor"}}},
                        Admin());
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> rules = FieldRules(r);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"password:letters_and_digits", "password:min_length", "roles:enum",
                                             "unit_id:exists", "username:format"}));
  r = Post("/api/v1/users",
           {{"username", "admin"}, {"display_name", "重名"}, {"password", "Good-pass-2020"}, {"unit_id", UnitId("新郑市")},
            {"roles", {"viewer"}}},
           Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"username:unique"});
}

FK_INSTANTIATE_BACKENDS(AuthTest);

}  // namespace
}  // namespace fk::apitest
