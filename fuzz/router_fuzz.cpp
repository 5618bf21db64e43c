// The router's path matching over the real route table of the app (http::Router::Find),
// percent-decoding and query parsing (http::PercentDecode, http::ParseQueryString), then the
// whole GET request through the dispatcher as the admin (every list's filters and paging).
// Input: byte 0 picks the method, the rest is the request target ("/api/v1/...?a=b").
// Oracles: a match has the asked method (HEAD matches GET) and the path is its pattern with
// the captured parameters put back; a miss lists only other methods as allowed; a decoded
// path has no NUL; the request answers per CheckResponse (never 500, JSON errors); a static
// file answered is inside the web root (no traversal).
#include <filesystem>
#include <string>
#include <string_view>

#include "http/router.h"
#include "support/fuzz_app.h"

namespace {

using fk::fuzz::Fail;

std::string Rebuild(const fk::http::RouteInfo& r, const std::unordered_map<std::string, std::string>& params) {
  std::string out;
  for (const auto& seg : r.segments) {
    out += '/';
    if (!seg.empty() && seg[0] == '{') {
      size_t close = seg.find('}');
      auto it = params.find(seg.substr(1, close - 1));
      if (it == params.end()) Fail("route " + r.pattern + " matched without its parameter " + seg);
      out += it->second + seg.substr(close + 1);
    } else {
      out += seg;
    }
  }
  return out;
}

}  // namespace

FK_FUZZ_INIT_APP()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fk::fuzz::FuzzApp& f = fk::fuzz::SharedApp();
  static const std::string kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get"};
  static const std::filesystem::path kRoot = std::filesystem::weakly_canonical(f.app->config().web_root);
  if (size < 1) return 0;
  const std::string& method = kMethods[data[0] % 8];
  std::string target(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t question = target.find('?');
  std::string raw_path = target.substr(0, question);

  // Matching on the raw path, as given.
  auto m = f.app->router().Find(method, raw_path);
  if (m.route) {
    if (m.route->method != method && !(method == "HEAD" && m.route->method == "GET"))
      Fail("Find(" + method + ", " + raw_path + ") matched " + m.route->method + " " + m.route->pattern);
    std::string expect = raw_path.empty() || raw_path[0] != '/' ? "/" + raw_path : raw_path;
    if (Rebuild(*m.route, m.params) != expect)
      Fail("Find(" + raw_path + ") matched " + m.route->pattern + " but the parameters do not rebuild the path");
  } else {
    for (const auto& a : m.allowed)
      if (a == method) Fail("Find(" + method + ", " + raw_path + ") missed but lists the method as allowed");
  }

  auto path = fk::http::PercentDecode(raw_path, false);
  if (path && path->find('\0') != std::string::npos) Fail("PercentDecode let a NUL through: " + raw_path);
  if (raw_path.find('\0') != std::string::npos) {
    if (path) Fail("PercentDecode accepted a raw NUL: " + raw_path);
  } else if (raw_path.find('%') == std::string::npos && (!path || *path != raw_path)) {
    Fail("PercentDecode changed a path without escapes: " + raw_path);
  }
  std::vector<std::pair<std::string, std::string>> query;
  if (question != std::string::npos) query = fk::http::ParseQueryString(std::string_view(target).substr(question + 1));
  if (!path) return 0;  // the server answers 400 itself

  // The whole request. Only reads: writes belong to the json_* targets.
  if (method != "GET" && method != "HEAD") return 0;
  fk::http::Request req;
  req.method = method;
  req.target = target;
  req.path = *path;
  req.query = std::move(query);
  req.headers = {{"authorization", "Bearer " + f.token}};
  req.remote_ip = "127.0.0.1";
  req.request_id = "fuzz";
  fk::http::Response res = fk::fuzz::AdminDispatcher().Handle(req);
  if (!res.file_path.empty() && !res.remove_file_after) {
    auto file = std::filesystem::weakly_canonical(res.file_path);
    auto rel = file.lexically_relative(kRoot);
    if (rel.empty() || *rel.begin() == "..") Fail("GET " + *path + " served a file outside the web root: " + file.string());
  }
  fk::fuzz::CheckResponse(method + " " + *path, res);
  return 0;
}
