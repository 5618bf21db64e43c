// Registers the org module's routes and schemas.
#pragma once

#include "http/router.h"
#include "org/service.h"

namespace fk::org {

void RegisterRoutes(http::Router& router, OrgService& service);

}  // namespace fk::org
