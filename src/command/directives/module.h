// Registers the routes and schemas of dispatch meetings and directives (/api/v1/command/...).
#pragma once

#include "command/directives/service.h"
#include "http/router.h"

namespace fk::command::directives {

void RegisterRoutes(http::Router& router, DirectiveService& service);

}  // namespace fk::command::directives
