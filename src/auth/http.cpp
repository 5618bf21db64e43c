// HTTP handlers of the auth module.
#include <nlohmann/json.hpp>

#include "auth/module.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "http/context.h"
#include "http/error_mapping.h"
#include "http/json_body.h"

namespace fk::auth {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json UserJson(const Principal& p) {
  return {{"id", p.user_id},
          {"username", p.username},
          {"display_name", p.display_name},
          {"unit", {{"id", p.unit_id}, {"code", p.unit_code}, {"name", p.unit_name}, {"level", p.unit_level}}},
          {"roles", p.roles},
          {"permissions", Json(std::vector<std::string>(p.permissions.begin(), p.permissions.end()))},
          {"must_change_password", p.must_change_password}};
}

Json ToJson(const UserView& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"unit_id", u.unit_id},
          {"unit_name", u.unit_name},
          {"roles", u.roles},
          {"active", u.active},
          {"must_change_password", u.must_change_password},
          {"created_at", FormatRfc3339(u.created_at_ms)}};
}

std::string SessionCookie(const std::string& token, int64_t max_age_s, bool secure) {
  return "fk_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}
std::string CsrfCookie(const std::string& token, int64_t max_age_s, bool secure) {
  return "fk_csrf=" + token + "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) + (secure ? "; Secure" : "");
}

std::optional<int64_t> ParseTime(const Request& req, const char* name, int tz_offset_minutes) {
  auto v = http::QueryStr(req, name);
  if (!v) return std::nullopt;
  if (IsValidDay(*v)) return DayStartUtcMs(*v, tz_offset_minutes);
  auto t = ParseRfc3339(*v);
  if (!t)
    throw Error(ErrorCode::kBadRequest, std::string(name) + " 须为 YYYY-MM-DD 或 RFC 3339 时间 must be a day or an RFC 3339 time",
                {{name, "format", ""}});
  return t;
}

const char* kLoginSchema = R"({"type":"object","required":["username","password"],"properties":{"username":{"type":"string"},"password":{"type":"string"}}})";
const char* kMeSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"display_name":{"type":"string"},
 "unit":{"type":"object","properties":{"id":{"type":"integer"},"code":{"type":"string"},"name":{"type":"string"},"level":{"type":"string"}}},
 "roles":{"type":"array","items":{"type":"string"}},"permissions":{"type":"array","items":{"type":"string"}},"must_change_password":{"type":"boolean"}}})";
const char* kLoginResultSchema = R"({"type":"object","properties":{"token":{"type":"string"},"expires_at":{"type":"string","format":"date-time"},
 "csrf_token":{"type":"string"},"user":{"$ref":"#/components/schemas/Me"}}})";
const char* kPasswordSchema = R"({"type":"object","required":["old_password","new_password"],"properties":{"old_password":{"type":"string"},"new_password":{"type":"string","minLength":10}}})";
const char* kUserSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"display_name":{"type":"string"},
 "unit_id":{"type":"integer"},"unit_name":{"type":"string"},"roles":{"type":"array","items":{"type":"string"}},"active":{"type":"boolean"},
 "must_change_password":{"type":"boolean"},"created_at":{"type":"string"}}})";
const char* kUserInputSchema = R"({"type":"object","properties":{"username":{"type":"string","pattern":"^[A-Za-z0-9_.-]{3,32}$"},"display_name":{"type":"string"},
 "unit_id":{"type":"integer"},"roles":{"type":"array","items":{"type":"string"}},"password":{"type":"string","minLength":10},"active":{"type":"boolean"}}})";
const char* kRolesSchema = R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{
 "name":{"type":"string"},"label_zh":{"type":"string"},"label_en":{"type":"string"},"permissions":{"type":"array","items":{"type":"string"}}}}}}})";
const char* kAuditSchema = R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{
 "id":{"type":"integer"},"at":{"type":"string"},"user_id":{"type":["integer","null"]},"username":{"type":"string"},"action":{"type":"string"},
 "entity":{"type":"string"},"entity_id":{"type":"string"},"before":{},"after":{},"request_id":{"type":"string"},"ip":{"type":"string"}}}},
 "next_page_token":{"type":["string","null"]}}})";

}  // namespace

std::shared_ptr<const Principal> AuthenticateRequest(AuthService& service, const http::Request& req) {
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) return service.Authenticate(auth.substr(7));
  std::string cookie = req.Cookie("fk_session");
  if (cookie.empty()) return nullptr;
  auto p = service.Authenticate(cookie);
  if (!p) return nullptr;
  auto copy = std::make_shared<Principal>(*p);
  copy->via_cookie = true;
  return copy;
}

void RegisterRoutes(http::Router& router, AuthService& svc, store::Database& db, RouteOptions options) {
  router.AddSchema("LoginRequest", kLoginSchema);
  router.AddSchema("Me", kMeSchema);
  router.AddSchema("LoginResult", kLoginResultSchema);
  router.AddSchema("PasswordChange", kPasswordSchema);
  router.AddSchema("User", kUserSchema);
  router.AddSchema("UserInput", kUserInputSchema);
  router.AddSchema("UserList", R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/User"}},"next_page_token":{"type":["string","null"]}}})");
  router.AddSchema("RoleList", kRolesSchema);
  router.AddSchema("AuditList", kAuditSchema);

  auto add = [&](const char* method, const char* pattern, Access access, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    if (doc.tag.empty()) doc.tag = "auth";
    router.Add(RouteInfo{method, pattern, access, perm, std::move(doc), std::move(h), {}});
  };
  bool secure = options.secure_cookies;
  int tz = options.tz_offset_minutes;

  add("POST", "/api/v1/auth/login", Access::kPublic, "", {"登录 Sign in", "", {}, "LoginRequest", "LoginResult"},
      [&svc, secure](Request& req) {
        JsonBody b(req.body);
        auto username = b.Str("username", true, 64);
        auto password = b.Str("password", true, 200);
        b.Finish();
        LoginResult r;
        try {
          r = svc.Login(*username, *password, req.remote_ip, req.Header("user-agent"));
        } catch (const RateLimited& e) {
          Response refused = http::ErrorResponse(e);
          refused.SetHeader("Retry-After", std::to_string(e.retry_after_s()));
          return refused;
        }
        int64_t max_age = svc.options().session_ttl_ms / 1000;
        Response resp = http::JsonReply(200, {{"token", r.token},
                                              {"expires_at", FormatRfc3339(r.expires_at_ms)},
                                              {"csrf_token", r.principal->csrf_token},
                                              {"user", UserJson(*r.principal)}});
        resp.headers.emplace_back("Set-Cookie", SessionCookie(r.token, max_age, secure));
        resp.headers.emplace_back("Set-Cookie", CsrfCookie(r.principal->csrf_token, max_age, secure));
        return resp;
      });
  add("POST", "/api/v1/auth/logout", Access::kAuthenticated, "", {"退出登录 Sign out (ends this session)"},
      [&svc, secure](Request& req) {
        svc.Logout(http::PrincipalOf(req), http::ActorOf(req));
        Response r = Response::NoContent();
        r.headers.emplace_back("Set-Cookie", SessionCookie("", 0, secure));
        r.headers.emplace_back("Set-Cookie", CsrfCookie("", 0, secure));
        return r;
      });
  add("POST", "/api/v1/auth/logout-all", Access::kAuthenticated, "",
      {"退出所有设备 Sign out everywhere (ends every session of my account, this one included)", "", {}, "", "", 204},
      [&svc, secure](Request& req) {
        svc.LogoutEverywhere(http::PrincipalOf(req), http::ActorOf(req));
        Response r = Response::NoContent();
        r.headers.emplace_back("Set-Cookie", SessionCookie("", 0, secure));
        r.headers.emplace_back("Set-Cookie", CsrfCookie("", 0, secure));
        return r;
      });
  add("GET", "/api/v1/auth/me", Access::kAuthenticated, "", {"当前用户 The signed-in user", "", {}, "", "Me"},
      [](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, {{"user", UserJson(p)}, {"csrf_token", p.csrf_token}});
      });
  add("POST", "/api/v1/auth/password", Access::kAuthenticated, "",
      {"修改密码 Change my password (ends my other sessions)", "", {}, "PasswordChange", "", 204}, [&svc](Request& req) {
        JsonBody b(req.body);
        auto old_pw = b.Str("old_password", true, 200);
        auto new_pw = b.Str("new_password", true, 200);
        b.Finish();
        svc.ChangePassword(http::PrincipalOf(req), *old_pw, *new_pw, http::ActorOf(req));
        return Response::NoContent();
      });

  add("GET", "/api/v1/roles", Access::kAuthenticated, "", {"内置角色 Built-in roles and their permissions", "", {}, "", "RoleList"},
      [](Request&) {
        Json items = Json::array();
        for (const auto& r : BuiltinRoles()) {
          std::vector<std::string> perms(r.permissions.begin(), r.permissions.end());
          items.push_back({{"name", r.name}, {"label_zh", r.label_zh}, {"label_en", r.label_en}, {"permissions", perms}});
        }
        return http::JsonReply(200, {{"items", items}});
      });
  add("GET", "/api/v1/users", Access::kPermission, "auth:user:read",
      {"用户列表 List users in my units", "", {{"q", "string", "username or name"}, {"page_size", "integer", ""}, {"page_token", "string", ""}}, "", "UserList"},
      [&svc](Request& req) {
        int limit = http::PageSize(req);
        auto users = svc.ListUsers(http::PrincipalOf(req), http::QueryStr(req, "q"), http::AfterIdFromToken(req), limit);
        return http::JsonReply(200, http::PageJson(users, limit, [](const UserView& u) { return ToJson(u); }));
      });
  add("POST", "/api/v1/users", Access::kPermission, "auth:user:write", {"新建用户 Create a user", "", {}, "UserInput", "User", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        NewUser u;
        u.username = b.Str("username", true, 32).value_or("");
        u.display_name = b.Str("display_name", true, 50).value_or("");
        u.password = b.Str("password", true, 200).value_or("");
        u.unit_id = b.Int("unit_id", true).value_or(0);
        u.roles = b.StrList("roles", true).value_or(std::vector<std::string>{});
        u.must_change_password = b.Bool("must_change_password", false).value_or(true);
        b.Finish();
        return http::JsonReply(201, ToJson(svc.CreateUser(http::PrincipalOf(req), u, http::ActorOf(req))));
      });
  add("GET", "/api/v1/users/{id}", Access::kPermission, "auth:user:read", {"用户详情 Get a user", "", {}, "", "User"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetUser(http::PrincipalOf(req), http::IdParam(req)))); });
  add("PATCH", "/api/v1/users/{id}", Access::kPermission, "auth:user:write",
      {"修改用户 Update a user (name, unit, roles, active)", "", {}, "UserInput", "User"}, [&svc](Request& req) {
        JsonBody b(req.body);
        UserPatch patch;
        patch.display_name = b.Str("display_name", false, 50);
        patch.unit_id = b.Int("unit_id", false);
        patch.roles = b.StrList("roles", false);
        patch.active = b.Bool("active", false);
        b.Finish();
        return http::JsonReply(200, ToJson(svc.UpdateUser(http::PrincipalOf(req), http::IdParam(req), patch, http::ActorOf(req))));
      });
  add("POST", "/api/v1/users/{id}:revoke-sessions", Access::kPermission, "auth:user:write",
      {"注销该用户的全部会话 Revoke all sessions of a user", "", {}, "", "", 204}, [&svc](Request& req) {
        svc.RevokeSessions(http::PrincipalOf(req), http::IdParam(req), http::ActorOf(req));
        return Response::NoContent();
      });
  add("POST", "/api/v1/users/{id}:set-password", Access::kPermission, "auth:user:write",
      {"重置用户密码 Set a user's password (they must change it at next sign-in)", "", {}, "UserInput", "", 204},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto pw = b.Str("password", true, 200);
        b.Finish();
        svc.SetPassword(http::PrincipalOf(req), http::IdParam(req), *pw, http::ActorOf(req));
        return Response::NoContent();
      });

  add("GET", "/api/v1/audit", Access::kPermission, "audit:log:read",
      {"审计日志 The audit log (newest first)", "audit",
       {{"user_id", "integer", ""}, {"entity", "string", "unit, point, staff, user, session"}, {"entity_id", "string", ""},
        {"action", "string", ""}, {"from", "string", "YYYY-MM-DD (local day) or RFC 3339"}, {"to", "string", "exclusive"},
        {"page_size", "integer", ""}, {"page_token", "string", ""}},
       "", "AuditList"},
      [&db, tz](Request& req) {
        AuditFilter f;
        f.user_id = http::QueryInt(req, "user_id");
        f.entity = http::QueryStr(req, "entity");
        f.entity_id = http::QueryStr(req, "entity_id");
        f.action = http::QueryStr(req, "action");
        f.from_ms = ParseTime(req, "from", tz);
        f.to_ms = ParseTime(req, "to", tz);
        int64_t after = http::AfterIdFromToken(req);
        if (after > 0) f.before_id = after;
        f.limit = http::PageSize(req);
        // A user at the top of the tree sees everything, system actions included; others see their subtree's users.
        const Principal& p = http::PrincipalOf(req);
        if (std::count(p.unit_path.begin(), p.unit_path.end(), '/') > 2) f.scope_path = p.unit_path;
        auto records = db.Read([&](store::Connection& c) { return ListAudit(c, f); });
        Json items = Json::array();
        for (const auto& r : records) {
          auto parse = [](const std::string& s) { return s.empty() ? Json() : Json::parse(s, nullptr, false); };
          items.push_back({{"id", r.id},
                           {"at", FormatRfc3339(r.at_ms)},
                           {"user_id", r.user_id ? Json(*r.user_id) : Json()},
                           {"username", r.username},
                           {"action", r.action},
                           {"entity", r.entity},
                           {"entity_id", r.entity_id},
                           {"before", parse(r.before_json)},
                           {"after", parse(r.after_json)},
                           {"request_id", r.request_id},
                           {"ip", r.ip}});
        }
        Json next = records.size() == static_cast<size_t>(f.limit) ? Json(std::to_string(records.back().id)) : Json();
        return http::JsonReply(200, {{"items", items}, {"next_page_token", next}});
      });
}

}  // namespace fk::auth
