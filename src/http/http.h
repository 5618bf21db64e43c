// Request and Response: the HTTP types every handler sees. Beast never
// appears outside http/server.cpp; these plain structs carry what handlers need.
// Not thread-safe: one request is handled by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fk::auth {
struct Principal;
}

namespace fk::http {

struct RouteInfo;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target: "/api/v1/org/units?q=x"
  std::string path;    // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::unordered_map<std::string, std::string> params;  // path parameters from the route pattern
  std::string remote_ip;
  std::string request_id;
  int64_t received_at_ms = 0;
  const RouteInfo* route = nullptr;                // set by the router
  std::shared_ptr<const auth::Principal> principal;  // set by authentication

  // First header with this (case-insensitive) name, or "".
  std::string Header(std::string_view name) const;
  // Cookie value by name, or "".
  std::string Cookie(std::string_view name) const;
  // First query parameter with this name.
  std::optional<std::string> Query(std::string_view name) const;
  const std::string& Param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is this file, streamed from disk; remove it after sending
  // when remove_file_after is true (temporary exports).
  std::string file_path;
  bool remove_file_after = false;

  void SetHeader(std::string name, std::string value);
  bool HasHeader(std::string_view name) const;

  static Response Json(int status, std::string json_body);
  static Response NoContent();
};

// Adds the security headers every response carries (CSP with frame-ancestors
// 'none', nosniff, Referrer-Policy, ...); api responses also get no-store.
void AddSecurityHeaders(Response& r, bool api);

// Parses "a=1&b=x%20y" into decoded pairs ('+' is a space). Invalid escapes are kept literally.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view qs);
// Percent-decodes; returns nullopt on a malformed escape or an embedded NUL.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

// Handles one request: routing, auth, the handler, error mapping. Called on a
// worker thread; must not throw (every error becomes a Response).
using RequestHandler = std::function<Response(Request&)>;

}  // namespace fk::http
