#include "http/json_body.h"

#include <charconv>

namespace fk::http {

JsonBody::JsonBody(const std::string& body) {
  if (body.empty()) throw Error(ErrorCode::kBadRequest, "请求体为空，需要 JSON 对象 empty body: a JSON object is required");
  try {
    j_ = Json::parse(body);
  } catch (const Json::parse_error& e) {
    throw Error(ErrorCode::kBadRequest,
                "JSON 格式错误 malformed JSON at byte " + std::to_string(e.byte));
  } catch (const Json::exception&) {
    // out_of_range.406: a number beyond a double (1e400), found by json_*_fuzz.
    throw Error(ErrorCode::kBadRequest, "JSON 数值超出范围 a number in the JSON is out of range");
  }
  if (!j_.is_object()) throw Error(ErrorCode::kBadRequest, "需要 JSON 对象 the body must be a JSON object");
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::optional<std::string> JsonBody::Str(const char* field, bool required, size_t max_chars) {
  if (!Has(field)) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  const Json& v = j_[field];
  if (!v.is_string()) {
    errors_.Add(field, "type", "应为字符串 must be a string");
    return std::nullopt;
  }
  std::string s = v.get<std::string>();
  // Trim surrounding ASCII spaces: spreadsheets are full of them.
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t start = s.find_first_not_of(" \t");
  s = start == std::string::npos ? std::string() : s.substr(start);
  if (s.empty()) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  if (Utf8Length(s) > max_chars) {
    errors_.Add(field, "length", "最多 " + std::to_string(max_chars) + " 个字符 at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> JsonBody::Int(const char* field, bool required) {
  if (!Has(field)) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  const Json& v = j_[field];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {  // ids may come as strings from spreadsheets
    const std::string s = v.get<std::string>();
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return out;
  }
  errors_.Add(field, "type", "应为整数 must be an integer");
  return std::nullopt;
}

std::optional<double> JsonBody::Num(const char* field, bool required) {
  if (!Has(field)) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  const Json& v = j_[field];
  if (v.is_number()) return v.get<double>();
  errors_.Add(field, "type", "应为数字 must be a number");
  return std::nullopt;
}

std::optional<bool> JsonBody::Bool(const char* field, bool required) {
  if (!Has(field)) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  const Json& v = j_[field];
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "true" || s == "是" || s == "1" || s == "yes") return true;
    if (s == "false" || s == "否" || s == "0" || s == "no") return false;
  }
  if (v.is_number_integer() && (v.get<int64_t>() == 0 || v.get<int64_t>() == 1)) return v.get<int64_t>() == 1;
  errors_.Add(field, "type", "应为是/否 must be true or false");
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonBody::StrList(const char* field, bool required) {
  if (!Has(field)) {
    if (required) errors_.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  const Json& v = j_[field];
  if (!v.is_array()) {
    errors_.Add(field, "type", "应为字符串数组 must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) {
      errors_.Add(field, "type", "应为字符串数组 must be an array of strings");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::string> QueryStr(const Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

std::optional<int64_t> QueryInt(const Request& req, const char* name) {
  auto v = QueryStr(req, name);
  if (!v) return std::nullopt;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    throw Error(ErrorCode::kBadRequest, std::string("查询参数 ") + name + " 应为整数 query parameter " + name +
                                            " must be an integer",
                {{name, "type", "must be an integer"}});
  return out;
}

std::optional<bool> QueryBool(const Request& req, const char* name) {
  auto v = QueryStr(req, name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw Error(ErrorCode::kBadRequest, std::string("query parameter ") + name + " must be true or false",
              {{name, "type", "must be true or false"}});
}

int PageSize(const Request& req) {
  auto v = QueryInt(req, "page_size");
  if (!v) return 50;
  if (*v < 1 || *v > 500)
    throw Error(ErrorCode::kBadRequest, "page_size 须在 1–500 之间 page_size must be 1 to 500",
                {{"page_size", "range", "1..500"}});
  return static_cast<int>(*v);
}

Response JsonReply(int status, const Json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string PageSchemaOf(const std::string& item) {
  return R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/)" + item +
         R"("}},"next_page_token":{"type":["string","null"]}}})";
}

}  // namespace fk::http
