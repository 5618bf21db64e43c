// Registers the estate daily tasks routes and schemas (/api/v1/residents/estate-tasks...).
#pragma once

#include "http/router.h"
#include "residents/tasks/service.h"

namespace fk::residents::tasks {

void RegisterRoutes(http::Router& router, EstateTaskService& service);

}  // namespace fk::residents::tasks
