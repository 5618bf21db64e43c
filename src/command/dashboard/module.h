// Registers the dashboard route (GET /api/v1/command/dashboard) and its schemas.
#pragma once

#include <string>

#include "command/dashboard/service.h"
#include "http/router.h"

namespace fk::command::dashboard {

void RegisterRoutes(http::Router& router, DashboardService& service);

// The validator of a reply body: a strong ETag ("\"d-<16 hex>\"", FNV-1a 64 of the text).
std::string EtagOf(const std::string& text);
// True when an If-None-Match header value names this ETag (or is "*").
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace fk::command::dashboard
