// DashboardService: the command centre's picture of a unit (or one point) on a
// local day — today's and cumulative figures of every module, the trend by
// day, and its children (child units with their subtrees folded in, the
// unit's own points, its own records) for the ranking and drill-down.
// Reads only the rollups (see store.h): the cost is bounded by units × days
// and points × days of the subtree, never by the number of records.
// Thread-safe: no state besides the database.
// Failures throw fk::Error: kValidation naming the parameter (day, days,
// point_id), kNotFound for a unit or point absent or outside the caller's subtree.
#pragma once

#include <optional>
#include <string>

#include "auth/principal.h"
#include "command/dashboard/model.h"
#include "core/clock.h"
#include "store/database.h"

namespace fk::command::dashboard {

struct DashboardQuery {
  std::optional<int64_t> unit_id;   // default: the caller's unit
  std::optional<int64_t> point_id;  // one point instead of a unit (not both)
  std::optional<std::string> day;   // YYYY-MM-DD; default: today in the city's time
  std::optional<std::string> days;  // the trend's length, 1–92; default 14 (text: the service names a bad one)
};

class DashboardService {
 public:
  DashboardService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes)
      : db_(db), clock_(clock), tz_(tz_offset_minutes) {}

  Dashboard Get(const auth::Principal& p, const DashboardQuery& q);

 private:
  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
};

}  // namespace fk::command::dashboard
