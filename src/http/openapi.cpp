#include <nlohmann/json.hpp>

#include "http/router.h"

namespace fk::http {

std::string BuildOpenApi(const Router& router, std::string_view version) {
  using nlohmann::json;
  json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Fangkong 防控 API"},
        {"version", std::string(version)},
        {"description",
         "Epidemic prevention and control operations. Errors always have the shape "
         "{\"error\":{\"code\",\"message\",\"fields\":[{\"field\",\"rule\",\"message\"}]}}. "
         "Authenticate with POST /api/v1/auth/login, then send `Authorization: Bearer TOKEN`, "
         "or use the session cookie plus the X-CSRF-Token header on writes."}}},
      {"servers", json::array({{{"url", "/"}}})},
  };
  json schemas = json::object();
  schemas["Error"] = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message", "fields"}},
          {"properties",
           {{"code", {{"type", "string"}}},
            {"message", {{"type", "string"}}},
            {"fields",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"field", {{"type", "string"}}},
                  {"rule", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"row", {{"type", "integer"}}}}}}}}}}}}}}}};
  for (const auto& [name, text] : router.schemas()) schemas[name] = json::parse(text);
  doc["components"] = {{"schemas", schemas},
                       {"securitySchemes",
                        {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
                         {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "fk_session"}}}}}};

  json paths = json::object();
  for (const auto& r : router.routes()) {
    json op = {{"summary", r.doc.summary}, {"tags", json::array({r.doc.tag.empty() ? "misc" : r.doc.tag})}};
    op["operationId"] = r.method + " " + r.pattern;
    json params = json::array();
    for (const auto& seg : r.segments) {
      if (seg.empty() || seg[0] != '{') continue;
      std::string name = seg.substr(1, seg.find('}') - 1);
      params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : r.doc.query)
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", q.required},
                        {"description", q.description},
                        {"schema", {{"type", q.type}}}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.doc.request_schema.empty())
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + r.doc.request_schema}}}}}}}};
    json ok = {{"description", "OK"}};
    if (!r.doc.response_schema.empty())
      ok["content"] = {{r.doc.response_type, {{"schema", {{"$ref", "#/components/schemas/" + r.doc.response_schema}}}}}};
    else if (r.doc.response_type != "application/json")
      ok["content"] = {{r.doc.response_type, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    json responses = {{std::to_string(r.doc.success_status), ok}};
    json err = {{"description", "Error"},
                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["default"] = err;
    if (r.access != Access::kPublic) {
      responses["401"] = err;
      op["security"] = json::array({{{"bearer", json::array()}}, {{"cookie", json::array()}}});
    }
    if (r.access == Access::kPermission) {
      responses["403"] = err;
      op["x-permission"] = r.permission;
    }
    op["responses"] = responses;
    std::string method = r.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[r.pattern][method] = op;
  }
  doc["paths"] = paths;
  return doc.dump();
}

}  // namespace fk::http
