// Router: the route table. Each route carries its method, path pattern, the
// permission it needs and its OpenAPI description, so the documentation is
// kept beside the routes and generated from them (http/openapi.cpp).
//
// Patterns are split on '/'; a segment is a literal ("units", "units:import"),
// a parameter ("{id}") or a parameter with a custom action ("{id}:reveal").
// Literal segments win over parameters. Not thread-safe while adding routes;
// Find is safe for concurrent readers once routes are added.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/http.h"

namespace fk::http {

struct ParamDoc {
  std::string name;
  std::string type = "string";  // OpenAPI scalar type: string, integer, boolean, number
  std::string description;
  bool required = false;
};

struct RouteDoc {
  std::string summary;             // required: one line, shown in the API docs
  std::string tag;                 // module name: "org", "auth", ...
  std::vector<ParamDoc> query;     // query parameters
  std::string request_schema;      // components schema name for the JSON body, or ""
  std::string response_schema;     // components schema name for the success body, or ""
  int success_status = 200;
  std::string response_type = "application/json";
};

enum class Access {
  kPublic,         // no session needed (login, health, docs)
  kAuthenticated,  // any signed-in user
  kPermission,     // a signed-in user holding `permission`
};

struct RouteInfo {
  std::string method;
  std::string pattern;
  Access access = Access::kAuthenticated;
  std::string permission;
  RouteDoc doc;
  std::function<Response(Request&)> handler;
  std::vector<std::string> segments;  // filled by Router::Add
};

class Router {
 public:
  // Adds a route. Throws std::logic_error on a duplicate method + pattern or a
  // missing summary (an undocumented route is a bug).
  void Add(RouteInfo route);

  // Registers a JSON Schema (as JSON text) under components/schemas/name.
  void AddSchema(std::string name, std::string json_schema);

  struct Match {
    const RouteInfo* route = nullptr;
    std::unordered_map<std::string, std::string> params;
    std::vector<std::string> allowed;  // when no route matched: the methods the path has (405)
  };
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<RouteInfo>& routes() const { return routes_; }
  const std::map<std::string, std::string>& schemas() const { return schemas_; }

 private:
  std::vector<RouteInfo> routes_;
  std::map<std::string, std::string> schemas_;
};

// The OpenAPI 3.1 document for every route and schema in the router.
std::string BuildOpenApi(const Router& router, std::string_view version);

}  // namespace fk::http
