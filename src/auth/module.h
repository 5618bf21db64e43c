// Registers the auth module's routes: login, logout, me, password, users,
// roles and the audit log.
#pragma once

#include "auth/auth_service.h"
#include "http/router.h"

namespace fk::auth {

struct RouteOptions {
  bool secure_cookies = false;  // set the Secure attribute (behind HTTPS)
  int tz_offset_minutes = 480;  // the city's reporting day, for day filters
};

void RegisterRoutes(http::Router& router, AuthService& service, store::Database& db, RouteOptions options);

// Resolves the caller from `Authorization: Bearer` or the fk_session cookie.
std::shared_ptr<const Principal> AuthenticateRequest(AuthService& service, const http::Request& req);

}  // namespace fk::auth
