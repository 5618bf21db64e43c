// Dashboard reads from the rollup tables. Each function is one or two
// aggregate queries over (points or units) × days rows of a unit subtree;
// none touches passages, gate events or any other record table.
// Thread-compatible: call on a Connection inside Database::Read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "command/dashboard/model.h"
#include "store/database.h"

namespace fk::command::dashboard::store {

using fk::store::Connection;

struct UnitRef {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string name, level, path;
};

struct PointRef {
  int64_t id = 0, unit_id = 0;
  std::string name, kind, unit_path;
};

// Screening of one point or of every point below, per (point, the unit the rows were recorded
// under): today's and the running sum up to `day`. A point moved between units has one entry per unit.
struct PointSums {
  int64_t point_id = 0, unit_id = 0;
  screening::Figures today, up_to;
};

// Community figures of each unit below: today's and the running sum up to `day`.
struct UnitSums {
  int64_t unit_id = 0;
  residents::DailyCounts today{}, up_to{};
};

std::optional<UnitRef> GetUnit(Connection& c, int64_t id);
std::optional<PointRef> GetPoint(Connection& c, int64_t id);
// The active administrative units of the subtree at `path` (the unit itself included).
std::vector<UnitRef> Subtree(Connection& c, const std::string& path);
// The points of the subtree at `path` (active or not: an inactive point keeps its history).
std::vector<PointRef> PointsBelow(Connection& c, const std::string& path);

// Per (point, unit): SUM over day = `day` and SUM over day <= `day`; two queries over points × days
// rows. With `point_id`: that point's rows only, whatever unit they were recorded under (`path` unused).
std::vector<PointSums> ScreeningByPoint(Connection& c, const std::string& path, std::optional<int64_t> point_id,
                                        const std::string& day);
// Per day in [from, to], summed over the subtree (or over the one point's rows, `path` unused).
std::map<std::string, screening::Figures> ScreeningByDay(Connection& c, const std::string& path,
                                                         std::optional<int64_t> point_id, const std::string& from,
                                                         const std::string& to);
struct CommunityRead {
  std::map<std::string, residents::DailyCounts> by_day;  // days of [from, day] that have rows, summed over the subtree
  std::vector<UnitSums> by_unit;                         // per unit: the day, and the running sum up to it
};
// Community figures of the subtree: the whole months before `day`'s month from community_monthly
// (summed per unit), then the community_daily rows from min(from, the month's first day) to `day`,
// folded into the trend and the per-unit sums: units × (months + days of the range) rows.
CommunityRead ReadCommunity(Connection& c, const std::string& path, const std::string& from, const std::string& day);
// The latest local day with a rollup row of an administrative unit in the subtree (or any row of
// the point), if any.
std::optional<std::string> LatestDay(Connection& c, const std::string& path, std::optional<int64_t> point_id);

}  // namespace fk::command::dashboard::store
