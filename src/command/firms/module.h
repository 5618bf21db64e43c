// Registers the re-opening firms routes and schemas (/api/v1/command/firms...).
#pragma once

#include "command/firms/service.h"
#include "http/router.h"

namespace fk::command::firms {

void RegisterRoutes(http::Router& router, FirmService& service);

}  // namespace fk::command::firms
