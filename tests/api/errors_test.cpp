// The error shape of the API, one test per status: every error is
// {"error":{"code","message","fields":[...]}} with the status from one table,
// and never shows internals.
#include <algorithm>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class ErrorsTest : public ApiTest {};

TEST_P(ErrorsTest, MalformedJsonIs400) {
  const Session& admin = Admin();
  HttpResponse r = Call("POST", "/api/v1/org/units", R"({"code": "X1", "name": )", &admin);
  ExpectError(r, 400, "bad_request");

  r = Call("POST", "/api/v1/org/units", "[1, 2, 3]", &admin);
  ExpectError(r, 400, "bad_request");

  // Public routes parse the same way.
  r = Call("POST", "/api/v1/auth/login", "{not json");
  ExpectError(r, 400, "bad_request");
}

TEST_P(ErrorsTest, BadQueryParameterIs400NamingTheParameter) {
  HttpResponse r = Get("/api/v1/org/staff?page_size=abc", Admin());
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"page_size:type"});

  r = Get("/api/v1/org/staff?page_size=501", Admin());
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"page_size:range"});

  r = Get("/api/v1/org/staff?page_token=-5x", Admin());
  ExpectError(r, 400, "bad_request");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"page_token:format"});

  r = Get("/api/v1/org/staff?active=maybe", Admin());
  ExpectError(r, 400, "bad_request");
}

TEST_P(ErrorsTest, NoTokenIs401) {
  ExpectError(Call("GET", "/api/v1/auth/me"), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/org/units"), 401, "unauthenticated");
  // A write without a session is 401 before anything else (body, content type).
  ExpectError(Call("POST", "/api/v1/org/units", "{}"), 401, "unauthenticated");
}

TEST_P(ErrorsTest, InvalidTokenIs401) {
  Session fake;
  fake.token = "not-a-real-token";
  fake.cookie = "fk_session=not-a-real-token";
  ExpectError(Call("GET", "/api/v1/auth/me", "", &fake, Via::kBearer), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", &fake, Via::kCookie), 401, "unauthenticated");
  // A token far too long is refused without a database look-up.
  fake.token = std::string(500, 'a');
  ExpectError(Call("GET", "/api/v1/auth/me", "", &fake, Via::kBearer), 401, "unauthenticated");
  // "Bearer" with nothing after it.
  ExpectError(Call("GET", "/api/v1/auth/me", "", nullptr, Via::kBearer, {{"Authorization", "Bearer "}}), 401,
              "unauthenticated");
}

TEST_P(ErrorsTest, ExpiredTokenIs401) {
  Session s = Login("viewer");
  ASSERT_EQ(Get("/api/v1/auth/me", s).status, 200);
  clock().Advance(kSessionTtlMs - 1000);
  EXPECT_EQ(Get("/api/v1/auth/me", s).status, 200) << "still inside its lifetime";
  clock().Advance(2000);
  ExpectError(Get("/api/v1/auth/me", s), 401, "unauthenticated");
  ExpectError(Call("GET", "/api/v1/auth/me", "", &s, Via::kCookie), 401, "unauthenticated");
}

TEST_P(ErrorsTest, RoleWithoutPermissionIs403) {
  Session viewer = Login("viewer");
  HttpResponse r = Post("/api/v1/org/points",
                        {{"name", Unique("观察员卡点")}, {"kind", "checkpoint"}, {"unit_id", UnitId("梨河镇")}}, viewer);
  ExpectError(r, 403, "forbidden");
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("org:point:write"), std::string::npos)
      << "the message names the missing permission";
}

TEST_P(ErrorsTest, CookieWriteWithoutCsrfIs403AndWithCsrfPasses) {
  Session commander = Login("commander");
  ASSERT_FALSE(commander.cookie.empty());
  ASSERT_FALSE(commander.csrf.empty());
  int64_t unit = UnitId("梨河镇");
  std::string body = Json{{"name", Unique("CSRF卡点")}, {"kind", "checkpoint"}, {"unit_id", unit}}.dump();

  // Reads with the cookie need no CSRF header.
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", &commander, Via::kCookie).status, 200);

  HttpResponse r = Call("POST", "/api/v1/org/points", body, &commander, Via::kCookie);
  ExpectError(r, 403, "forbidden");
  EXPECT_NE(r.body.find("CSRF"), std::string::npos);

  Session wrong = commander;
  wrong.csrf = "wrong-csrf-token-value-000000000";
  ExpectError(Call("POST", "/api/v1/org/points", body, &wrong, Via::kCookieWithCsrf), 403, "forbidden");
  // Somebody else's CSRF token does not fit this session either.
  Session other = Login("commander");
  Session mixed = commander;
  mixed.csrf = other.csrf;
  ExpectError(Call("POST", "/api/v1/org/points", body, &mixed, Via::kCookieWithCsrf), 403, "forbidden");

  r = Call("POST", "/api/v1/org/points", body, &commander, Via::kCookieWithCsrf);
  EXPECT_EQ(r.status, 201) << r.body;
  // Bearer scripts need no CSRF header.
  r = Post("/api/v1/org/points", {{"name", Unique("Bearer卡点")}, {"kind", "station"}, {"unit_id", unit}}, commander);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(ErrorsTest, UnknownIdIs404) {
  const Session& admin = Admin();
  ExpectError(Get("/api/v1/org/units/999999", admin), 404, "not_found");
  ExpectError(Get("/api/v1/org/points/999999", admin), 404, "not_found");
  ExpectError(Get("/api/v1/org/staff/999999", admin), 404, "not_found");
  ExpectError(Get("/api/v1/users/999999", admin), 404, "not_found");
  // Ids that are not positive integers are simply not found.
  ExpectError(Get("/api/v1/org/units/abc", admin), 404, "not_found");
  ExpectError(Get("/api/v1/org/units/0", admin), 404, "not_found");
  ExpectError(Get("/api/v1/org/units/-1", admin), 404, "not_found");
  ExpectError(Patch("/api/v1/org/points/999999", {{"name", "x"}}, admin), 404, "not_found");
  ExpectError(Post("/api/v1/org/staff/999999:reveal", nullptr, admin), 404, "not_found");
}

TEST_P(ErrorsTest, UnknownEndpointIs404) {
  const Session& admin = Admin();
  ExpectError(Get("/api/v1/no-such-thing", admin), 404, "not_found");
  ExpectError(Get("/api/v2/org/units", admin), 404, "not_found");
  ExpectError(Call("GET", "/api/v1/nothing/here"), 404, "not_found");
  ExpectError(Post("/api/v1/org/units/1:explode", nullptr, admin), 404, "not_found");
}

TEST_P(ErrorsTest, RecordOutsideCallersSubtreeIs404) {
  Session checkpoint = Login("checkpoint");  // 梨河镇
  Json other_town_point = FindPoint("京港澳高速新郑服务区卡口");  // 薛店镇
  Json other_staff = FindStaff("吴刚");                        // 薛店镇
  int64_t other_unit = UnitId("薛店镇");
  ExpectError(Get("/api/v1/org/points/" + std::to_string(other_town_point["id"].get<int64_t>()), checkpoint), 404,
              "not_found");
  ExpectError(Get("/api/v1/org/staff/" + std::to_string(other_staff["id"].get<int64_t>()), checkpoint), 404,
              "not_found");
  ExpectError(Get("/api/v1/org/units/" + std::to_string(other_unit), checkpoint), 404, "not_found");
  // The answer is the same as for an id that does not exist: existence is private.
  HttpResponse absent = Get("/api/v1/org/points/999999", checkpoint);
  HttpResponse hidden = Get("/api/v1/org/points/" + std::to_string(other_town_point["id"].get<int64_t>()), checkpoint);
  EXPECT_EQ(absent.body, hidden.body);
}

TEST_P(ErrorsTest, WrongMethodIs405) {
  const Session& admin = Admin();
  HttpResponse r = Call("DELETE", "/api/v1/org/units/1", "", &admin);
  EXPECT_EQ(r.status, 405) << r.body;
  Json j = r.Json();
  ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
  EXPECT_FALSE(j["error"].value("code", "").empty());
  EXPECT_FALSE(j["error"].value("message", "").empty());
  EXPECT_TRUE(j["error"]["fields"].is_array());

  EXPECT_EQ(Call("PUT", "/api/v1/org/units", "{}", &admin).status, 405);
  EXPECT_EQ(Call("GET", "/api/v1/auth/login").status, 405);
  EXPECT_EQ(Call("POST", "/healthz", "{}").status, 405);
}

// RFC 9110 15.5.6: a 405 response carries an Allow header listing the methods
// of the resource.
TEST_P(ErrorsTest, WrongMethodListsAllowedMethods) {
  HttpResponse r = Call("DELETE", "/api/v1/org/units/1", "", &Admin());
  EXPECT_EQ(r.status, 405);
  std::string allow = r.Header("allow");
  EXPECT_NE(allow.find("GET"), std::string::npos) << "Allow: '" << allow << "'";
  EXPECT_NE(allow.find("PATCH"), std::string::npos) << "Allow: '" << allow << "'";
}

TEST_P(ErrorsTest, DeactivatingUnitWithActiveChildrenIs409) {
  const Session& admin = Admin();
  HttpResponse r = Post("/api/v1/org/units/" + std::to_string(UnitId("梨河镇")) + ":deactivate", nullptr, admin);
  ExpectError(r, 409, "conflict");
  // Still active afterwards.
  EXPECT_EQ(UnitByName("梨河镇")["active"], true);
  // And one's own unit cannot be deactivated either.
  ExpectError(Post("/api/v1/org/units/" + std::to_string(admin.user["unit"]["id"].get<int64_t>()) + ":deactivate",
                   nullptr, admin),
              409, "conflict");
}

TEST_P(ErrorsTest, BodyOverLimitIs413) {
  const Session& admin = Admin();
  std::string big = Json{{"code", "BIG1"}, {"name", std::string(kMaxBodyBytes * 2, 'x')}, {"level", "town"}}.dump();
  HttpResponse r = Call("POST", "/api/v1/org/units", big, &admin);
  ExpectError(r, 413, "payload_too_large");
  // Nothing was created.
  EXPECT_TRUE(ListAll("/api/v1/org/units?q=BIG1", admin).empty());
  // A body just under the limit is read (and then judged on its content).
  std::string fits = Json{{"code", "FIT1"}, {"name", std::string(kMaxBodyBytes - 200, 'y')}}.dump();
  ASSERT_LT(fits.size(), kMaxBodyBytes);
  r = Call("POST", "/api/v1/org/units", fits, &admin);
  EXPECT_EQ(r.status, 422) << r.body;
}

TEST_P(ErrorsTest, TextPlainBodyIs415) {
  const Session& admin = Admin();
  HttpRequest req;
  req.method = "POST";
  req.target = "/api/v1/org/units";
  req.body = R"({"code":"TXT1","name":"纯文本","level":"town","parent_id":1})";
  req.headers = {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + admin.token}};
  HttpResponse r = Send(port(), req);
  ExpectError(r, 415, "unsupported_media_type");
  req.headers = {{"Authorization", "Bearer " + admin.token}};  // no Content-Type at all
  ExpectError(Send(port(), req), 415, "unsupported_media_type");
  EXPECT_TRUE(ListAll("/api/v1/org/units?q=TXT1", admin).empty());
  // application/json with a charset parameter is fine.
  req.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"Authorization", "Bearer " + admin.token}};
  req.body = R"({"code":"TXT2","name":"带字符集","level":"town","parent_id":)" +
             std::to_string(admin.user["unit"]["id"].get<int64_t>()) + "}";
  EXPECT_EQ(Send(port(), req).status, 201);
}

TEST_P(ErrorsTest, ValidationListsEveryBadFieldAtOnce) {
  HttpResponse r = Post("/api/v1/org/staff",
                        {{"unit_id", UnitId("梨河镇")}, {"phone", "12345"}, {"cadre_category", "emperor"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> rules = FieldRules(r);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"cadre_category:enum", "name:required", "phone:format"}));
  Json fields = r.Json()["error"]["fields"];
  for (const auto& f : fields) EXPECT_FALSE(f.value("message", "").empty()) << f.dump();

}

// One 422 lists every bad field: JSON type errors (found by the handler) and
// rule errors (found by the service) come back together.
TEST_P(ErrorsTest, ValidationListsTypeAndRuleErrorsTogether) {
  HttpResponse r = Post("/api/v1/org/points",
                        {{"name", 42}, {"kind", "castle"}, {"unit_id", "abc"}, {"lat", 95.0}, {"lng", 10.0}}, Admin());
  ExpectError(r, 422, "validation_failed");
  std::vector<std::string> rules = FieldRules(r);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"kind:enum", "lat:range", "name:type", "unit_id:type"}));
}

TEST_P(ErrorsTest, RepeatedFailedLoginsLockTheAccountWith429) {
  for (int i = 1; i <= kMaxFailedLogins; ++i) {
    HttpResponse r = TryLogin("donation", "wrong-password-1");
    ExpectError(r, 401, "unauthenticated");
  }
  // Locked: even the right password is refused, with 429.
  HttpResponse r = TryLogin("donation", kPassword);
  ExpectError(r, 429, "rate_limited");
  // The lock passes with time.
  clock().Advance(16LL * 60 * 1000);
  EXPECT_EQ(TryLogin("donation", kPassword).status, 200);
}

FK_INSTANTIATE_BACKENDS(ErrorsTest);

// ---------------------------------------------------------------- 503

class UnavailableTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override { return {.load_demo = false, .busy_timeout_ms = 300}; }
};

TEST_P(UnavailableTest, ClosedDatabaseIs503) {
  ASSERT_EQ(Call("GET", "/healthz").status, 200);
  server().app().db().Close();
  HttpResponse r = Call("GET", "/healthz");
  ExpectError(r, 503, "unavailable");
  EXPECT_FALSE(r.Header("retry-after").empty());
  r = TryLogin("admin", kPassword);
  ExpectError(r, 503, "unavailable");
  Session fake;
  fake.token = "some-token";
  ExpectError(Get("/api/v1/auth/me", fake), 503, "unavailable");
}

FK_INSTANTIATE_BACKENDS(UnavailableTest);

}  // namespace
}  // namespace fk::apitest
