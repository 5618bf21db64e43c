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

// Screening of one point or of every point below: today's and the running sum up to `day`.
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

// Per point: SUM over day = `day` and SUM over day <= `day`; one query over points × days rows.
std::vector<PointSums> ScreeningByPoint(Connection& c, const std::string& path, std::optional<int64_t> point_id,
                                        const std::string& day);
// Per day in [from, to], summed over the subtree (or the one point).
std::map<std::string, screening::Figures> ScreeningByDay(Connection& c, const std::string& path,
                                                         std::optional<int64_t> point_id, const std::string& from,
                                                         const std::string& to);
// Per unit: the whole months before `day`'s month from community_monthly, then the days of
// `day`'s month up to `day` from community_daily: units × (months + at most 31 days) rows.
std::vector<UnitSums> CommunityByUnit(Connection& c, const std::string& path, const std::string& day);
// Per day in [from, to], summed over the subtree.
std::map<std::string, residents::DailyCounts> CommunityByDay(Connection& c, const std::string& path,
                                                             const std::string& from, const std::string& to);
// The latest local day with a rollup row in the subtree (or at the point), if any.
std::optional<std::string> LatestDay(Connection& c, const std::string& path, std::optional<int64_t> point_id);

}  // namespace fk::command::dashboard::store
