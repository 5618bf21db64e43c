#include "http/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "auth/principal.h"
#include "http/error_mapping.h"

namespace fk::http {
namespace {

bool IsApiPath(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path == "/metrics";
}

bool IsSafeMethod(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

std::string ContentTypeFor(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".webmanifest") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

// Constant-time comparison for secrets.
bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The text with every run of 11 or more digits (an 18-character identity number may end in X) replaced by
// "[number]": error messages from elsewhere (a database error may quote a value) are logged through it, so
// no identity number or phone reaches the log in clear.
std::string RedactLongNumbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i == 17 && j < text.size() && (text[j] == 'X' || text[j] == 'x')) ++j;
    if (j - i >= 11) out += "[number]";
    else out.append(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace


Dispatcher::Dispatcher(const Router& router, Authenticate authenticate, std::string web_root)
    : router_(router), authenticate_(std::move(authenticate)), web_root_(std::move(web_root)) {}

std::string Dispatcher::RouteLabel(const Request& req) {
  if (req.route) return req.route->pattern;
  return IsApiPath(req.path) ? "unmatched" : "static";
}

Response Dispatcher::Handle(Request& req) const {
  bool api = IsApiPath(req.path);
  Response r;
  try {
    r = api ? HandleApi(req) : ServeStatic(req);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kUnavailable)
      spdlog::error("request {} {} {}: {}", req.request_id, req.method, RouteLabel(req), RedactLongNumbers(e.message()));
    r = ErrorResponse(e);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: unexpected exception: {}", req.request_id, req.method, RouteLabel(req),
                  RedactLongNumbers(e.what()));
    r = ErrorResponse(ErrorCode::kInternal, "internal");
  } catch (...) {
    spdlog::error("request {} {} {}: unknown exception", req.request_id, req.method, RouteLabel(req));
    r = ErrorResponse(ErrorCode::kInternal, "internal");
  }
  AddSecurityHeaders(r, api);
  if (hsts_) r.SetHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return r;
}

Response Dispatcher::HandleApi(Request& req) const {
  Router::Match m = router_.Find(req.method, req.path);
  if (!m.route) {
    if (!m.allowed.empty()) {
      std::string allow;
      for (const auto& method : m.allowed) allow += (allow.empty() ? "" : ", ") + method;
      if (std::find(m.allowed.begin(), m.allowed.end(), "GET") != m.allowed.end()) allow += ", HEAD";
      Response r = ErrorResponse(Error(ErrorCode::kMethodNotAllowed, "不支持的请求方法 method not allowed: use " + allow));
      r.SetHeader("Allow", allow);
      return r;
    }
    throw Error(ErrorCode::kNotFound, "没有这个接口 no such endpoint: " + req.path);
  }
  req.route = m.route;
  req.params = std::move(m.params);
  const RouteInfo& route = *m.route;

  if (route.access != Access::kPublic) {
    req.principal = authenticate_(req);
    if (!req.principal) throw Error(ErrorCode::kUnauthenticated, "请先登录 sign in first");
    if (req.principal->via_cookie && !IsSafeMethod(req.method) &&
        !SecretEquals(req.Header("x-csrf-token"), req.principal->csrf_token))
      throw Error(ErrorCode::kForbidden, "CSRF 校验失败，请刷新页面 missing or wrong X-CSRF-Token header");
    // An account whose password was set by an administrator (or created so) must choose its own before
    // anything else: only its own session and password routes answer until then.
    if (req.principal->must_change_password && route.pattern.rfind("/api/v1/auth/", 0) != 0)
      throw Error(ErrorCode::kForbidden, "请先修改密码 change your password first (POST /api/v1/auth/password)",
                  {{"password", "must_change", ""}});
    if (route.access == Access::kPermission && !req.principal->Has(route.permission))
      throw Error(ErrorCode::kForbidden, "无权限 forbidden: needs " + route.permission);
  }
  if (!IsSafeMethod(req.method) && !req.body.empty()) {
    std::string ct = req.Header("content-type");
    if (ct.rfind("application/json", 0) != 0)
      throw Error(ErrorCode::kUnsupportedMedia, "请求体须为 application/json the body must be application/json");
  }
  return route.handler(req);
}

Response Dispatcher::ServeStatic(const Request& req) const {
  namespace fs = std::filesystem;
  if (req.method != "GET" && req.method != "HEAD") throw Error(ErrorCode::kNotFound, "not found");
  fs::path root(web_root_);
  std::string rel = req.path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  for (const auto& part : fs::path(rel))
    if (part == "..") throw Error(ErrorCode::kNotFound, "not found");
  fs::path file = root / rel;
  std::error_code ec;
  bool is_asset = !rel.empty() && fs::is_regular_file(file, ec);
  if (!is_asset) {
    // Paths that look like files but are missing are 404; everything else is the SPA's.
    if (fs::path(rel).has_extension()) throw Error(ErrorCode::kNotFound, "not found: " + req.path);
    file = root / "index.html";
    if (!fs::is_regular_file(file, ec)) {
      Response r;
      r.status = 503;
      r.SetHeader("Content-Type", "text/html; charset=utf-8");
      r.body =
          "<!doctype html><meta charset=utf-8><title>Fangkong</title><p>网页前端尚未构建 The web front end is not "
          "built: run <code>make run</code> (or <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>).";
      return r;
    }
  }
  Response r;
  r.file_path = file.string();
  r.SetHeader("Content-Type", ContentTypeFor(file));
  // Vite puts content-hashed files under assets/: cache them for a year; everything else revalidates.
  bool hashed = rel.rfind("assets/", 0) == 0;
  r.SetHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace fk::http
