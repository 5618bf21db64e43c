// Registers the screening module's routes and schemas.
#pragma once

#include "http/router.h"
#include "screening/service.h"

namespace fk::screening {

void RegisterRoutes(http::Router& router, ScreeningService& service);

}  // namespace fk::screening
