// Registers the community figures route (GET /api/v1/residents/figures).
#pragma once

#include "http/router.h"
#include "residents/figures/service.h"

namespace fk::residents::figures {

void RegisterRoutes(http::Router& router, FiguresService& service);

}  // namespace fk::residents::figures
