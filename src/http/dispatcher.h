// Dispatcher: turns a Request into a Response for the whole program: routing,
// authentication, CSRF, permission, content type, the handler, error mapping,
// security headers, and static files of the web front end with SPA fallback.
// Thread-safe after construction (the router is read-only by then).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "http/http.h"
#include "http/router.h"

namespace fk::http {

class Dispatcher {
 public:
  // Resolves the caller from the request (cookie or Bearer token); returns
  // null when there is no valid session. May throw fk::Error (503).
  using Authenticate = std::function<std::shared_ptr<const auth::Principal>(const Request&)>;

  Dispatcher(const Router& router, Authenticate authenticate, std::string web_root);

  // Never throws.
  Response Handle(Request& req) const;
  // Adds Strict-Transport-Security to every response (behind HTTPS: auth.secure_cookies). Call before serving.
  void set_strict_transport_security(bool on) { hsts_ = on; }

  // The route label for metrics and the access log: the pattern, "static" or "unmatched".
  static std::string RouteLabel(const Request& req);

 private:
  Response HandleApi(Request& req) const;
  Response ServeStatic(const Request& req) const;

  const Router& router_;
  Authenticate authenticate_;
  std::string web_root_;
  bool hsts_ = false;
};

}  // namespace fk::http
