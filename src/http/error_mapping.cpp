#include "http/error_mapping.h"

#include <nlohmann/json.hpp>

namespace fk::http {

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMedia: return 415;
    case ErrorCode::kValidation: return 422;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& e) {
  nlohmann::json fields = nlohmann::json::array();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& f : e.fields()) {
    nlohmann::json item = {{"field", f.field}, {"rule", f.rule}, {"message", f.message}};
    if (f.row > 0) {
      item["row"] = f.row;
      rows.push_back(item);
    }
    fields.push_back(std::move(item));
  }
  // Internal errors never show their text to the client; the log has it.
  std::string message = e.code() == ErrorCode::kInternal ? "服务器内部错误 internal error" : e.message();
  nlohmann::json err = {{"code", ErrorCodeName(e.code())}, {"message", message}, {"fields", fields}};
  if (!rows.empty()) err["rows"] = rows;
  // Messages may quote client input (a path, a field value) that is not UTF-8: replace such bytes
  // rather than throw, since ErrorResponse runs inside the dispatcher's last-resort handler.
  Response r = Response::Json(StatusFor(e.code()), nlohmann::json{{"error", err}}.dump(
                                                       -1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (e.code() == ErrorCode::kUnavailable) r.SetHeader("Retry-After", "1");
  return r;
}

Response ErrorResponse(ErrorCode code, std::string message) { return ErrorResponse(Error(code, std::move(message))); }

}  // namespace fk::http
