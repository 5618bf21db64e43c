#include "auth/auth_service.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <regex>

#include "auth/roles.h"
#include "core/ids.h"

namespace fk::auth {
namespace {

constexpr const char* kSelectLoginUser =
    "SELECT id, password_hash, active, failed_logins, locked_until FROM users WHERE username = ?";
constexpr const char* kRecordFailure =
    "UPDATE users SET failed_logins = ?, locked_until = ?, updated_at = ? WHERE id = ?";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kResetFailures = "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?";
constexpr const char* kSelectSession =
    "SELECT s.id, s.user_id, s.csrf_token, s.expires_at FROM sessions s "
    "WHERE s.token_hash = ? AND s.revoked_at IS NULL";
constexpr const char* kSelectPrincipal =
    "SELECT u.id, u.username, u.display_name, u.unit_id, un.path, un.code, un.name, un.level, u.active, "
    "u.must_change_password FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?";
constexpr const char* kSelectRoles = "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role";
constexpr const char* kRevokeSession = "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
constexpr const char* kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";
constexpr const char* kRevokeOtherSessions =
    "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL";
constexpr const char* kSelectPasswordHash = "SELECT password_hash FROM users WHERE id = ?";
constexpr const char* kUpdatePassword =
    "UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSelectUserId = "SELECT id FROM users WHERE username = ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, unit_id, password_hash, active, must_change_password, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?) RETURNING id";
constexpr const char* kInsertRole = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
constexpr const char* kDeleteRoles = "DELETE FROM user_roles WHERE user_id = ?";
constexpr const char* kSelectUnitPath = "SELECT path FROM units WHERE id = ?";
constexpr const char* kSelectUserView =
    "SELECT u.id, u.username, u.display_name, u.unit_id, un.name, u.active, u.must_change_password, u.created_at, "
    "un.path FROM users u JOIN units un ON un.id = u.unit_id";
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?, unit_id = ?, active = ?, updated_at = ? WHERE id = ?";


std::vector<std::string> RolesOf(store::Connection& c, int64_t user_id) {
  std::vector<std::string> roles;
  for (const auto& r : c.Query(kSelectRoles, {static_cast<long long>(user_id)}).rows) roles.push_back(r.Text(0));
  return roles;
}

nlohmann::json UserJson(const UserView& u) {
  return {{"id", u.id},           {"username", u.username}, {"display_name", u.display_name},
          {"unit_id", u.unit_id}, {"roles", u.roles},       {"active", u.active}};
}

UserView UserFromRow(store::Connection& c, const store::Row& r) {
  UserView u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.unit_id = r.Int(3);
  u.unit_name = r.Text(4);
  u.active = r.Bool(5);
  u.must_change_password = r.Bool(6);
  u.created_at_ms = r.Int(7);
  u.roles = RolesOf(c, u.id);
  return u;
}

void CheckRoles(const Principal& p, const std::vector<std::string>& roles, FieldErrors& errors) {
  if (roles.empty()) errors.Add("roles", "required", "至少一个角色 at least one role");
  for (const auto& r : roles) {
    if (!FindRole(r)) errors.Add("roles", "enum", "未知角色 unknown role: " + r);
    else if (r == "admin" && !p.Has("auth:user:write")) errors.Add("roles", "forbidden", "不能授予管理员 cannot grant admin");
  }
  if (std::find(roles.begin(), roles.end(), "admin") != roles.end() &&
      std::find(p.roles.begin(), p.roles.end(), "admin") == p.roles.end())
    errors.Add("roles", "forbidden", "只有管理员能授予管理员角色 only an administrator can grant admin");
}

}  // namespace

std::string HashToken(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

AuthService::AuthService(store::Database& db, const Clock& clock, AuthOptions options)
    : db_(db), clock_(clock), options_(options) {
  EnsureSodium();
}

void AuthService::CheckIpThrottle(const std::string& ip) {
  int64_t now = clock_.NowMs();
  std::lock_guard lock(throttle_mu_);
  auto& q = attempts_by_ip_[ip];
  while (!q.empty() && q.front() <= now - 60'000) q.pop_front();
  if (static_cast<int>(q.size()) >= options_.max_attempts_per_ip_per_minute)
    throw RateLimited("登录尝试过于频繁，请稍后再试 too many login attempts, try again later",
                      std::max<int64_t>(1, (q.front() + 60'000 - now + 999) / 1000));
  q.push_back(now);
  if (attempts_by_ip_.size() > 100'000) attempts_by_ip_.clear();  // bound memory under a spray of addresses
}

LoginResult AuthService::Login(const std::string& username, const std::string& password, const std::string& ip,
                               const std::string& user_agent) {
  CheckIpThrottle(ip);
  auto row = db_.Read([&](store::Connection& c) { return c.QueryOne(kSelectLoginUser, {username}); });
  const Error bad(ErrorCode::kUnauthenticated, "用户名或密码错误 wrong username or password");
  const char* kLocked = "账户已临时锁定，请稍后再试 account temporarily locked, try again later";
  auto locked = [&](int64_t until, int64_t now) { return RateLimited(kLocked, std::max<int64_t>(1, (until - now + 999) / 1000)); };
  if (!row) {
    // A name that does not exist answers exactly as an account would, lockout included: do not reveal which names exist.
    int64_t now = clock_.NowMs();
    {
      std::lock_guard lock(throttle_mu_);
      auto it = unknown_names_.find(username);
      if (it != unknown_names_.end() && it->second.locked_until_ms > now) throw locked(it->second.locked_until_ms, now);
    }
    // Same cost as a real check: the dummy hash has the configured cost (a default-cost dummy would take
    // longer or shorter than a real account's check and tell the names apart by time).
    std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword("not-a-real-password-0", options_.hash_cost); });
    VerifyPassword(password, dummy_hash_);
    std::lock_guard lock(throttle_mu_);
    if (unknown_names_.size() > 100'000) unknown_names_.clear();  // bounded under a spray of names
    auto& u = unknown_names_[username];
    if (++u.failed >= options_.max_failed_logins) {
      u.locked_until_ms = now + options_.lockout_ms;
      u.failed = 0;
    }
    throw bad;
  }
  int64_t user_id = row->Int(0);
  int64_t now = clock_.NowMs();
  Actor actor{user_id, username, "", ip};
  if (row->Int(4) > now) throw locked(row->Int(4), now);
  if (!VerifyPassword(password, row->Text(1))) {
    int failed = static_cast<int>(row->Int(3)) + 1;
    int64_t locked_until = 0;
    if (failed >= options_.max_failed_logins) {
      locked_until = now + options_.lockout_ms;
      failed = 0;
    }
    db_.Write([&](store::Connection& c) {
      c.Exec(kRecordFailure, {failed, static_cast<long long>(locked_until), static_cast<long long>(now),
                              static_cast<long long>(user_id)});
      WriteAudit(c, actor, now, locked_until ? "login_locked" : "login_failed", "user", std::to_string(user_id), "", "");
    });
    throw bad;
  }
  if (!row->Bool(2)) throw Error(ErrorCode::kUnauthenticated, "账户已停用 account disabled");

  LoginResult result;
  result.token = RandomToken(32);
  result.expires_at_ms = now + options_.session_ttl_ms;
  std::string csrf = RandomToken(24);
  auto principal = db_.Write([&](store::Connection& c) {
    auto ins = c.Query(kInsertSession, {HashToken(result.token), static_cast<long long>(user_id), csrf,
                                        static_cast<long long>(now), static_cast<long long>(result.expires_at_ms), ip,
                                        user_agent.substr(0, 300)});
    c.Exec(kResetFailures, {static_cast<long long>(user_id)});
    WriteAudit(c, actor, now, "login", "session", std::to_string(ins.front().Int(0)), "", "");
    auto p = LoadPrincipal(c, user_id);
    p->session_id = ins.front().Int(0);
    p->csrf_token = csrf;
    return p;
  });
  result.principal = std::move(principal);
  return result;
}

std::shared_ptr<Principal> AuthService::LoadPrincipal(store::Connection& c, int64_t user_id) {
  auto r = c.QueryOne(kSelectPrincipal, {static_cast<long long>(user_id)});
  if (!r) return nullptr;
  auto p = std::make_shared<Principal>();
  p->user_id = r->Int(0);
  p->username = r->Text(1);
  p->display_name = r->Text(2);
  p->unit_id = r->Int(3);
  p->unit_path = r->Text(4);
  p->unit_code = r->Text(5);
  p->unit_name = r->Text(6);
  p->unit_level = r->Text(7);
  if (!r->Bool(8)) return nullptr;
  p->must_change_password = r->Bool(9);
  p->roles = RolesOf(c, user_id);
  p->permissions = PermissionsForRoles(p->roles);
  return p;
}

std::shared_ptr<const Principal> AuthService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) return nullptr;
  std::string hash = HashToken(token);
  int64_t now = clock_.NowMs();
  if (options_.session_cache_ms > 0) {
    std::lock_guard lock(cache_mu_);
    auto it = session_cache_.find(hash);
    if (it != session_cache_.end()) {
      if (it->second.cached_until_ms > now && it->second.session_expires_ms > now) return it->second.principal;
      session_cache_.erase(it);
    }
  }
  int64_t expires = 0;
  auto principal = db_.Read([&](store::Connection& c) -> std::shared_ptr<const Principal> {
    auto s = c.QueryOne(kSelectSession, {hash});
    if (!s || s->Int(3) <= now) return nullptr;
    auto p = LoadPrincipal(c, s->Int(1));
    if (!p) return nullptr;
    p->session_id = s->Int(0);
    p->csrf_token = s->Text(2);
    expires = s->Int(3);
    return p;
  });
  if (principal && options_.session_cache_ms > 0) {
    std::lock_guard lock(cache_mu_);
    if (session_cache_.size() > 100'000) session_cache_.clear();  // bounded under a spray of tokens
    session_cache_[hash] = {principal, expires, now + options_.session_cache_ms};
  }
  return principal;
}

void AuthService::ForgetSessions() {
  std::lock_guard lock(cache_mu_);
  session_cache_.clear();
}

void AuthService::Logout(const Principal& p, const Actor& actor) {
  int64_t now = clock_.NowMs();
  db_.Write([&](store::Connection& c) {
    c.Exec(kRevokeSession, {static_cast<long long>(now), static_cast<long long>(p.session_id)});
    WriteAudit(c, actor, now, "logout", "session", std::to_string(p.session_id), "", "");
  });
  ForgetSessions();
}

int64_t AuthService::LogoutEverywhere(const Principal& p, const Actor& actor) {
  int64_t now = clock_.NowMs();
  int64_t n = db_.Write([&](store::Connection& c) {
    int64_t ended = c.Exec(kRevokeUserSessions, {static_cast<long long>(now), static_cast<long long>(p.user_id)});
    WriteAudit(c, actor, now, "logout_all", "user", std::to_string(p.user_id), "",
               nlohmann::json{{"sessions_ended", ended}}.dump());
    return ended;
  });
  ForgetSessions();
  return n;
}

void AuthService::ChangePassword(const Principal& p, const std::string& old_password, const std::string& new_password,
                                 const Actor& actor) {
  FieldErrors errors;
  CheckPasswordRules(new_password, p.username, "new_password", errors);
  if (old_password == new_password) errors.Add("new_password", "unchanged", "新密码不能与旧密码相同 must differ from the old one");
  auto hash = db_.Read([&](store::Connection& c) {
    return c.QueryOne(kSelectPasswordHash, {static_cast<long long>(p.user_id)})->Text(0);
  });
  if (!VerifyPassword(old_password, hash)) errors.Add("old_password", "mismatch", "旧密码不正确 the old password is wrong");
  errors.ThrowIfAny();
  std::string new_hash = HashPassword(new_password, options_.hash_cost);
  int64_t now = clock_.NowMs();
  db_.Write([&](store::Connection& c) {
    c.Exec(kUpdatePassword, {new_hash, 0, static_cast<long long>(now), static_cast<long long>(p.user_id)});
    // Every other session of this user ends: a changed password must lock out whoever had it.
    c.Exec(kRevokeOtherSessions,
           {static_cast<long long>(now), static_cast<long long>(p.user_id), static_cast<long long>(p.session_id)});
    WriteAudit(c, actor, now, "change_password", "user", std::to_string(p.user_id), "", "");
  });
  ForgetSessions();
}

std::string AuthService::UnitPathOf(store::Connection& c, int64_t unit_id) {
  auto r = c.QueryOne(kSelectUnitPath, {static_cast<long long>(unit_id)});
  return r ? r->Text(0) : std::string();
}

std::vector<UserView> AuthService::ListUsers(const Principal& p, const std::optional<std::string>& q, int64_t after_id,
                                             int limit) {
  return db_.Read([&](store::Connection& c) {
    std::string sql = std::string(kSelectUserView) + " WHERE un.path LIKE ? AND u.id > ?";
    store::Params params{p.unit_path + "%", static_cast<long long>(after_id)};
    if (q) {
      sql += " AND (u.username LIKE ? OR u.display_name LIKE ?)";
      params.emplace_back("%" + *q + "%");
      params.emplace_back("%" + *q + "%");
    }
    sql += " ORDER BY u.id LIMIT ?";
    params.emplace_back(limit);
    std::vector<UserView> out;
    for (const auto& r : c.Query(sql, params).rows) out.push_back(UserFromRow(c, r));
    return out;
  });
}

UserView AuthService::GetUser(const Principal& p, int64_t id) {
  return db_.Read([&](store::Connection& c) {
    auto r = c.QueryOne(std::string(kSelectUserView) + " WHERE u.id = ?", {static_cast<long long>(id)});
    if (!r || !p.InScope(r->Text(8))) throw Error::NotFound("用户不存在 no such user");
    return UserFromRow(c, *r);
  });
}

void AuthService::ValidateNewUser(store::Connection& c, const NewUser& u, FieldErrors& errors) {
  static const std::regex kUsername("^[A-Za-z0-9_.-]{3,32}$");
  if (!std::regex_match(u.username, kUsername))
    errors.Add("username", "format", "3–32 位字母、数字、_ . - letters, digits, _ . - (3 to 32)");
  else if (FindUserId(c, u.username))
    errors.Add("username", "unique", "用户名已存在 username taken");
  if (u.display_name.empty()) errors.Add("display_name", "required", "必填 required");
  CheckPasswordRules(u.password, u.username, "password", errors);
}

int64_t AuthService::CreateUserUnchecked(store::Connection& c, const NewUser& u, const Actor& actor) {
  FieldErrors errors;
  ValidateNewUser(c, u, errors);
  for (const auto& r : u.roles)
    if (!FindRole(r)) errors.Add("roles", "enum", "未知角色 unknown role: " + r);
  if (UnitPathOf(c, u.unit_id).empty()) errors.Add("unit_id", "exists", "单位不存在 no such unit");
  errors.ThrowIfAny();
  int64_t now = clock_.NowMs();
  std::string hash = HashPassword(u.password, options_.hash_cost);
  int64_t id = c.Query(kInsertUser, {u.username, u.display_name, static_cast<long long>(u.unit_id), hash,
                                     u.must_change_password, static_cast<long long>(now), static_cast<long long>(now)})
                   .front()
                   .Int(0);
  for (const auto& r : u.roles) c.Exec(kInsertRole, {static_cast<long long>(id), r});
  UserView v{id, u.username, u.display_name, u.unit_id, "", u.roles, true, u.must_change_password, now};
  WriteAudit(c, actor, now, "create", "user", std::to_string(id), "", UserJson(v).dump());
  return id;
}

std::optional<int64_t> AuthService::FindUserId(store::Connection& c, const std::string& username) {
  auto r = c.QueryOne(kSelectUserId, {username});
  return r ? std::optional<int64_t>(r->Int(0)) : std::nullopt;
}

UserView AuthService::CreateUser(const Principal& p, const NewUser& u, const Actor& actor) {
  // Hash outside the writer: argon2id takes tens of milliseconds and must not hold up other commits.
  std::string hash = HashPassword(u.password, options_.hash_cost);
  int64_t id = db_.Write([&](store::Connection& c) {
    FieldErrors errors;
    ValidateNewUser(c, u, errors);
    CheckRoles(p, u.roles, errors);
    std::string path = UnitPathOf(c, u.unit_id);
    if (path.empty()) errors.Add("unit_id", "exists", "单位不存在 no such unit");
    else if (!p.InScope(path)) errors.Add("unit_id", "scope", "不在您的管辖范围 outside your units");
    errors.ThrowIfAny();
    int64_t now = clock_.NowMs();
    int64_t id = c.Query(kInsertUser, {u.username, u.display_name, static_cast<long long>(u.unit_id), hash,
                                       u.must_change_password, static_cast<long long>(now), static_cast<long long>(now)})
                     .front()
                     .Int(0);
    for (const auto& r : u.roles) c.Exec(kInsertRole, {static_cast<long long>(id), r});
    UserView v{id, u.username, u.display_name, u.unit_id, "", u.roles, true, u.must_change_password, now};
    WriteAudit(c, actor, now, "create", "user", std::to_string(id), "", UserJson(v).dump());
    return id;
  });
  return GetUser(p, id);
}

UserView AuthService::UpdateUser(const Principal& p, int64_t id, const UserPatch& patch, const Actor& actor) {
  db_.Write([&](store::Connection& c) {
    auto r = c.QueryOne(std::string(kSelectUserView) + " WHERE u.id = ?", {static_cast<long long>(id)});
    if (!r || !p.InScope(r->Text(8))) throw Error::NotFound("用户不存在 no such user");
    UserView before = UserFromRow(c, *r);
    UserView after = before;
    FieldErrors errors;
    if (patch.display_name) {
      if (patch.display_name->empty()) errors.Add("display_name", "required", "必填 required");
      after.display_name = *patch.display_name;
    }
    if (patch.unit_id) {
      std::string path = UnitPathOf(c, *patch.unit_id);
      if (path.empty()) errors.Add("unit_id", "exists", "单位不存在 no such unit");
      else if (!p.InScope(path)) errors.Add("unit_id", "scope", "不在您的管辖范围 outside your units");
      after.unit_id = *patch.unit_id;
    }
    if (patch.roles) {
      CheckRoles(p, *patch.roles, errors);
      after.roles = *patch.roles;
    }
    if (patch.active) {
      if (!*patch.active && id == p.user_id) errors.Add("active", "self", "不能停用自己 cannot disable yourself");
      after.active = *patch.active;
    }
    errors.ThrowIfAny();
    int64_t now = clock_.NowMs();
    c.Exec(kUpdateUser, {after.display_name, static_cast<long long>(after.unit_id), after.active,
                         static_cast<long long>(now), static_cast<long long>(id)});
    if (patch.roles) {
      c.Exec(kDeleteRoles, {static_cast<long long>(id)});
      for (const auto& role : after.roles) c.Exec(kInsertRole, {static_cast<long long>(id), role});
    }
    if (!after.active) c.Exec(kRevokeUserSessions, {static_cast<long long>(now), static_cast<long long>(id)});
    WriteAudit(c, actor, now, "update", "user", std::to_string(id), UserJson(before).dump(), UserJson(after).dump());
  });
  ForgetSessions();  // roles, unit or active may have changed
  return GetUser(p, id);
}

void AuthService::RevokeSessions(const Principal& p, int64_t user_id, const Actor& actor) {
  GetUser(p, user_id);  // scope check
  int64_t now = clock_.NowMs();
  db_.Write([&](store::Connection& c) {
    c.Exec(kRevokeUserSessions, {static_cast<long long>(now), static_cast<long long>(user_id)});
    WriteAudit(c, actor, now, "revoke_sessions", "user", std::to_string(user_id), "", "");
  });
  ForgetSessions();
}

void AuthService::SetPassword(const Principal& p, int64_t user_id, const std::string& password, const Actor& actor) {
  UserView u = GetUser(p, user_id);
  FieldErrors errors;
  CheckPasswordRules(password, u.username, "password", errors);
  errors.ThrowIfAny();
  std::string hash = HashPassword(password, options_.hash_cost);
  int64_t now = clock_.NowMs();
  db_.Write([&](store::Connection& c) {
    c.Exec(kUpdatePassword, {hash, 1, static_cast<long long>(now), static_cast<long long>(user_id)});
    c.Exec(kRevokeUserSessions, {static_cast<long long>(now), static_cast<long long>(user_id)});
    WriteAudit(c, actor, now, "set_password", "user", std::to_string(user_id), "", "");
  });
  ForgetSessions();
}

}  // namespace fk::auth
