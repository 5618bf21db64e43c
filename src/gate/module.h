// Registers the gate part's routes and schemas (passes, gate rules, gate events, offline packs).
#pragma once

#include "gate/service.h"
#include "http/router.h"

namespace fk::gate {

void RegisterRoutes(http::Router& router, GateService& service);

}  // namespace fk::gate
