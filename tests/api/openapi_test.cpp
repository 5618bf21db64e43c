// The OpenAPI document served at /api/v1/openapi.json describes every route
// of the router, and every reference in it resolves.
#include <algorithm>
#include <cctype>
#include <functional>

#include "api/api_fixture.h"
#include "http/router.h"

namespace fk::apitest {
namespace {

class OpenApiTest : public ApiTest {
 protected:
  Json Document() {
    HttpResponse r = Call("GET", "/api/v1/openapi.json");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type").rfind("application/json", 0), 0u);
    Json doc = r.Json();
    EXPECT_FALSE(doc.is_discarded()) << "not JSON";
    return doc;
  }
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Calls fn for every "$ref" value anywhere in j.
void ForEachRef(const Json& j, const std::string& where, const std::function<void(const std::string&, const std::string&)>& fn) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string()) fn(it.value().get<std::string>(), where);
      else ForEachRef(it.value(), where + "/" + it.key(), fn);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) ForEachRef(j[i], where + "/" + std::to_string(i), fn);
  }
}

TEST_P(OpenApiTest, IsOpenApi31WithInfoAndSecuritySchemes) {
  Json doc = Document();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_FALSE(doc["info"]["title"].get<std::string>().empty());
  EXPECT_FALSE(doc["info"]["version"].get<std::string>().empty());
  EXPECT_TRUE(doc["paths"].is_object());
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("bearer"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("cookie"));
}

TEST_P(OpenApiTest, EveryRouteIsDocumented) {
  Json doc = Document();
  const auto& routes = server().app().router().routes();
  ASSERT_GE(routes.size(), 30u);
  size_t operations = 0;
  for (const auto& route : routes) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << "undocumented path";
    const Json& path = doc["paths"][route.pattern];
    std::string method = Lower(route.method);
    ASSERT_TRUE(path.contains(method)) << "undocumented method";
    const Json& op = path[method];
    EXPECT_FALSE(op.value("summary", "").empty()) << "no summary";
    EXPECT_FALSE(op["tags"].empty());
    ASSERT_TRUE(op["responses"].is_object());
    EXPECT_TRUE(op["responses"].contains(std::to_string(route.doc.success_status)));
    EXPECT_TRUE(op["responses"].contains("default")) << "the error response";
    if (route.access != http::Access::kPublic) {
      EXPECT_TRUE(op["responses"].contains("401"));
      EXPECT_TRUE(op.contains("security"));
    }
    if (route.access == http::Access::kPermission) {
      EXPECT_EQ(op.value("x-permission", ""), route.permission);
    }
    // Path parameters are declared.
    for (const auto& seg : route.segments) {
      if (seg.empty() || seg[0] != '{') continue;
      std::string name = seg.substr(1, seg.find('}') - 1);
      bool declared = false;
      for (const auto& p : op["parameters"])
        if (p["name"] == name && p["in"] == "path") declared = true;
      EXPECT_TRUE(declared) << "path parameter " << name;
    }
    ++operations;
  }
  // And nothing documented that the router does not serve.
  size_t documented = 0;
  for (auto& [path, item] : doc["paths"].items()) documented += item.size();
  EXPECT_EQ(documented, operations);
}

TEST_P(OpenApiTest, EveryRouteAnswersAsDocumented) {
  // Each documented path exists on the server: an unauthenticated request is
  // refused with 401 (or served, for public routes), never 404 or 405.
  Json doc = Document();
  for (auto& [path, item] : doc["paths"].items()) {
    std::string concrete = path;
    for (size_t b; (b = concrete.find('{')) != std::string::npos;) concrete.replace(b, concrete.find('}') - b + 1, "1");
    for (auto& [method, op] : item.items()) {
      if (method == "post" && concrete == "/api/v1/auth/login") continue;  // a sign-in attempt
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      HttpResponse r = Call(upper, concrete, upper == "GET" ? "" : "{}");
      SCOPED_TRACE(upper + " " + concrete + " -> " + std::to_string(r.status));
      EXPECT_NE(r.status, 404);
      EXPECT_NE(r.status, 405);
      if (op.contains("security")) {
        EXPECT_EQ(r.status, 401);
      }
    }
  }
}

TEST_P(OpenApiTest, EveryRefResolves) {
  Json doc = Document();
  const Json& schemas = doc["components"]["schemas"];
  int refs = 0;
  ForEachRef(doc, "", [&](const std::string& ref, const std::string& where) {
    ++refs;
    const std::string prefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref << " at " << where;
    EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << "dangling " << ref << " at " << where;
  });
  EXPECT_GT(refs, 20);
  // Every route that names a schema names one that exists.
  for (const auto& route : server().app().router().routes()) {
    if (!route.doc.request_schema.empty()) {
      EXPECT_TRUE(schemas.contains(route.doc.request_schema)) << route.pattern;
    }
    if (!route.doc.response_schema.empty()) {
      EXPECT_TRUE(schemas.contains(route.doc.response_schema)) << route.pattern;
    }
  }
}

FK_INSTANTIATE_BACKENDS(OpenApiTest);

}  // namespace
}  // namespace fk::apitest
