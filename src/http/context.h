// Small helpers every module's handlers share: the caller, the audit actor,
// cursor paging. Header-light: no JSON, no Beast.
#pragma once

#include <charconv>
#include <string>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/error.h"
#include "http/http.h"

namespace fk::http {

// The authenticated caller (routes that are not public always have one).
inline const auth::Principal& PrincipalOf(const Request& req) {
  if (!req.principal) throw Error(ErrorCode::kUnauthenticated, "请先登录 sign in first");
  return *req.principal;
}

inline auth::Actor ActorOf(const Request& req) {
  auth::Actor a;
  if (req.principal) {
    a.user_id = req.principal->user_id;
    a.username = req.principal->username;
  }
  a.request_id = req.request_id;
  a.ip = req.remote_ip;
  return a;
}

// The path parameter `name` as a positive integer id; 404 when it is not one.
inline int64_t IdParam(const Request& req, const std::string& name = "id") {
  const std::string& s = req.Param(name);
  int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw Error::NotFound("记录不存在 not found");
  return id;
}

// Cursor: page_token is the last id of the previous page (opaque to clients).
inline int64_t AfterIdFromToken(const Request& req) {
  auto t = req.Query("page_token");
  if (!t || t->empty()) return 0;
  int64_t id = 0;
  auto [p, ec] = std::from_chars(t->data(), t->data() + t->size(), id);
  if (ec != std::errc() || p != t->data() + t->size() || id < 0)
    throw Error(ErrorCode::kBadRequest, "page_token 无效 invalid page_token", {{"page_token", "format", ""}});
  return id;
}

}  // namespace fk::http
