#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace fk::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

// Matches one segment; returns -1 for no match, 2 for a literal, 1 for a parameter.
int MatchSegment(const std::string& pattern, std::string_view seg, std::unordered_map<std::string, std::string>& out) {
  if (pattern.empty() || pattern[0] != '{') return pattern == seg ? 2 : -1;
  size_t close = pattern.find('}');
  std::string name = pattern.substr(1, close - 1);
  std::string_view suffix = std::string_view(pattern).substr(close + 1);  // "" or ":action"
  if (seg.size() <= suffix.size()) return -1;
  if (seg.substr(seg.size() - suffix.size()) != suffix) return -1;
  std::string_view value = seg.substr(0, seg.size() - suffix.size());
  if (value.empty() || value.find(':') != std::string_view::npos) return -1;
  out[name] = std::string(value);
  return 1;
}

}  // namespace

void Router::Add(RouteInfo route) {
  if (route.doc.summary.empty()) throw std::logic_error("route without summary: " + route.method + " " + route.pattern);
  for (const auto& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::logic_error("duplicate route: " + route.method + " " + route.pattern);
  if (route.access == Access::kPermission && route.permission.empty())
    throw std::logic_error("route needs a permission: " + route.pattern);
  route.segments = Split(route.pattern);
  routes_.push_back(std::move(route));
}

void Router::AddSchema(std::string name, std::string json_schema) { schemas_[std::move(name)] = std::move(json_schema); }

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  auto segs = Split(path);
  Match best;
  int best_score = -1;
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::unordered_map<std::string, std::string> params;
    int score = 0;
    for (size_t i = 0; i < segs.size() && score >= 0; ++i) {
      int s = MatchSegment(r.segments[i], segs[i], params);
      score = s < 0 ? -1 : score * 4 + s;
    }
    if (score < 0) continue;
    bool method_ok = r.method == method || (method == "HEAD" && r.method == "GET");
    if (!method_ok) {
      if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
      continue;
    }
    if (score > best_score) {
      best_score = score;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  if (!best.route) best.allowed = std::move(allowed);
  return best;
}

}  // namespace fk::http
