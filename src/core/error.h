// Error: the one request-ending failure type of Fangkong.
//
// Services throw fk::Error with a code, a human message and, for validation
// failures, the list of fields that broke a rule. The HTTP layer maps the code
// to a status in one table (http/error_mapping.cpp); the CLI prints the message.
// Thread-safe: value type, no shared state.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fk {

enum class ErrorCode {
  kBadRequest,        // malformed request (bad JSON, bad query parameter syntax)
  kUnauthenticated,   // no valid session
  kForbidden,         // authenticated but not allowed (role or unit scope)
  kNotFound,          // no such resource (or not visible to the caller)
  kMethodNotAllowed,  // the path exists, not with this method
  kConflict,          // unique key taken, stale version, state does not allow it
  kPayloadTooLarge,   // body beyond the configured limit
  kUnsupportedMedia,  // body is not JSON where JSON is required
  kValidation,        // well-formed but breaks field rules; fields lists each
  kRateLimited,       // throttled (login attempts)
  kUnavailable,       // database or dependency unavailable; retry later
  kInternal,          // a bug; the message never reaches the client
};

// Stable lower_snake name used in the JSON body ("validation_failed", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct FieldError {
  std::string field;    // JSON path of the field: "plate", "occupants[2].temperature"
  std::string rule;     // machine rule name: "required", "format", "range", "unique", ...
  std::string message;  // human explanation (Chinese first), may be empty
  int row = 0;          // for imports: the spreadsheet row (header is row 1); 0 when not a row

  bool operator==(const FieldError&) const = default;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::vector<FieldError> fields = {})
      : std::runtime_error(message), code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  static Error Validation(std::vector<FieldError> fields, std::string message = "校验失败 validation failed") {
    return Error(ErrorCode::kValidation, std::move(message), std::move(fields));
  }
  static Error NotFound(std::string what) { return Error(ErrorCode::kNotFound, std::move(what)); }
  static Error Forbidden(std::string what = "无权限 forbidden") { return Error(ErrorCode::kForbidden, std::move(what)); }
  static Error Conflict(std::string what) { return Error(ErrorCode::kConflict, std::move(what)); }
  static Error BadRequest(std::string what) { return Error(ErrorCode::kBadRequest, std::move(what)); }

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<FieldError> fields_;
};

// Collects field errors while validating; throws one Error listing all of them.
class FieldErrors {
 public:
  // A "required" error for a field that already has an error (say "type") is
  // dropped: the first says more.
  void Add(std::string field, std::string rule, std::string message = {}, int row = 0) {
    if (rule == "required")
      for (const auto& e : list_)
        if (e.field == field && e.row == row) return;
    list_.push_back({std::move(field), std::move(rule), std::move(message), row});
  }
  void Append(const std::vector<FieldError>& errors) {
    for (const auto& e : errors) Add(e.field, e.rule, e.message, e.row);
  }
  bool empty() const { return list_.empty(); }
  const std::vector<FieldError>& list() const { return list_; }
  void ThrowIfAny() const {
    if (!list_.empty()) throw Error::Validation(list_);
  }

 private:
  std::vector<FieldError> list_;
};

}  // namespace fk
