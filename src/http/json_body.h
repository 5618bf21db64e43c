// JsonBody: reads a request's JSON object field by field, collecting every
// broken rule into FieldErrors so one 422 lists them all. Includes nlohmann:
// include it only from module http.cpp files, never from headers.
// Not thread-safe (one request).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/http.h"

namespace fk::http {

using Json = nlohmann::json;

class JsonBody {
 public:
  // Parses body as a JSON object. Throws Error(kBadRequest) for malformed JSON
  // or a non-object top level.
  explicit JsonBody(const std::string& body);
  explicit JsonBody(Json object) : j_(std::move(object)) {}

  bool Has(const char* field) const { return j_.contains(field) && !j_[field].is_null(); }
  const Json& json() const { return j_; }

  // Each getter returns nullopt when absent or null; records "required" when
  // required and absent, "type" for a wrong JSON type, "length" beyond max.
  std::optional<std::string> Str(const char* field, bool required, size_t max_chars = 200);
  std::optional<int64_t> Int(const char* field, bool required);
  std::optional<double> Num(const char* field, bool required);
  std::optional<bool> Bool(const char* field, bool required);
  std::optional<std::vector<std::string>> StrList(const char* field, bool required);

  FieldErrors& errors() { return errors_; }
  void Finish() const { errors_.ThrowIfAny(); }

 private:
  Json j_;
  FieldErrors errors_;
};

// Query parameter helpers: nullopt when absent or empty; Error(kBadRequest)
// naming the parameter when it does not parse.
std::optional<int64_t> QueryInt(const Request& req, const char* name);
std::optional<bool> QueryBool(const Request& req, const char* name);
std::optional<std::string> QueryStr(const Request& req, const char* name);
// page_size in [1, 500], default 50.
int PageSize(const Request& req);

// A cursor page {"items":[to_json(item)...], "next_page_token": last id or null};
// a full page (limit items) has a next token.
template <typename T, typename ToJson>
Json PageJson(const std::vector<T>& items, int limit, ToJson to_json) {
  Json arr = Json::array();
  for (const auto& item : items) arr.push_back(to_json(item));
  bool more = !items.empty() && items.size() == static_cast<size_t>(limit);
  return {{"items", arr}, {"next_page_token", more ? Json(std::to_string(items.back().id)) : Json()}};
}

// The OpenAPI schema of a PageJson reply whose items are components/schemas/<item>.
std::string PageSchemaOf(const std::string& item);

// Writes json as the response body with the given status.
Response JsonReply(int status, const Json& body);

// Counts Unicode code points in UTF-8 text (for length rules).
size_t Utf8Length(std::string_view s);
bool IsValidUtf8(std::string_view s);

}  // namespace fk::http
