// Registers the home-observation routes and schemas.
#pragma once

#include "http/router.h"
#include "observation/service.h"

namespace fk::observation {

void RegisterRoutes(http::Router& router, ObservationService& service);

}  // namespace fk::observation
