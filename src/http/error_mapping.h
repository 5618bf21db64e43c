// The one table from fk::ErrorCode to HTTP status, and the JSON error body.
// Thread-safe (pure functions).
#pragma once

#include "core/error.h"
#include "http/http.h"

namespace fk::http {

int StatusFor(ErrorCode code);
// {"error":{"code","message","fields":[...]}}; internal errors get a generic message.
Response ErrorResponse(const Error& e);
Response ErrorResponse(ErrorCode code, std::string message);

}  // namespace fk::http
