// Registers the routes and schemas of resident files (households, persons, import).
#pragma once

#include "http/router.h"
#include "residents/service.h"

namespace fk::residents {

void RegisterRoutes(http::Router& router, FilesService& service);

}  // namespace fk::residents
