// The demo city's estate task history: every task unit's tasks of the given
// days, most ticked done by the unit's property staff, some not done with a
// reason, some left pending. Deterministic (fixed seed); rollups kept exact.
#pragma once

#include <cstdint>
#include <string>

#include "residents/tasks/service.h"
#include "store/database.h"

namespace fk::residents::tasks {

// Materialises and marks the tasks of every day in [from, to] for the whole
// city (root_path). Marks are by `actor` at 09:00–11:00 local of their day.
void LoadEstateTasksDemo(EstateTaskService& svc, fk::store::Database& db, const std::string& root_path, int64_t actor,
                         const std::string& actor_name, const std::string& from, const std::string& to,
                         int tz_offset_minutes);

}  // namespace fk::residents::tasks
