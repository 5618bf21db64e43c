// Registers the daily report routes and schemas.
#pragma once

#include "command/report/service.h"
#include "http/router.h"

namespace fk::command::report {

void RegisterRoutes(http::Router& router, ReportService& service, int tz_offset_minutes);

}  // namespace fk::command::report
