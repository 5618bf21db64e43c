// The command centre dashboard (指挥大屏 / 数据看板): what one read returns.
// Every figure comes from the rollups (screening_daily per point per local
// day, community_daily and community_monthly per unit), never from the
// records, so a read costs the same at a thousand passages or ten million.
// Plain data; no behaviour beyond sums.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "residents/daily.h"
#include "screening/model.h"

namespace fk::command::dashboard {

inline constexpr int kDefaultDays = 14;  // the trend's length when the query does not say
inline constexpr int kMaxDays = 92;      // a quarter: the longest trend one read draws

// The administrative levels the dashboard drills through; any other level
// (city departments, added elsewhere) is neither a child nor counted in a sum.
inline constexpr const char* kAdminLevels[] = {"city", "town", "community", "estate"};
bool IsAdminLevel(const std::string& level);

// The figures of every module for one day or a sum of days: the checkpoints
// (vehicles, people, turned back, fever, handovers and their receipts) and the
// community work (gates, refusals, observation, rounds, alerts, needs, estate tasks).
struct Block {
  screening::Figures screening;
  residents::DailyCounts community{};

  Block& operator+=(const Block& o) {
    screening += o.screening;
    for (size_t i = 0; i < community.size(); ++i) community[i] += o.community[i];
    return *this;
  }
};

// A place the dashboard can show: a unit, a point, or the records kept on a unit itself.
struct Place {
  std::string kind;  // "unit" | "point" | "self"
  int64_t id = 0;
  std::string name;
  std::string level;  // unit level (city/town/community/estate) or point kind (checkpoint/...)
};

// One row of the ranking: a child unit (with its subtree folded in), a point
// kept on the shown unit, or the unit's own community records ("self").
struct Child {
  Place place;
  bool has_children = false;  // a unit with child units or points below: drill-down possible
  Block today, cumulative;
};

struct TrendDay {
  std::string day;
  Block figures;
};

struct Dashboard {
  Place target;
  std::vector<Place> path;  // from the caller's own unit down to the target (the breadcrumb)
  std::string day, from;    // the shown local day and the trend's first day
  int days = kDefaultDays;
  int64_t as_of = 0;                      // when read (UTC ms)
  std::optional<std::string> latest_day;  // the latest local day with any rollup row in the scope
  Block today, cumulative;                // cumulative: every day from the beginning up to and including `day`
  std::vector<TrendDay> trend;            // every day from `from` to `day`, with or without rows
  std::vector<Child> children;
};

}  // namespace fk::command::dashboard
