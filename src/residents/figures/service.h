// FiguresService: the community figures (社区统计) of a unit subtree and a
// range of local days, read only from the community_daily rollup, so a
// request costs the same whatever the number of records: days × units rows
// at most. Day by day every column, cumulative sums from the beginning,
// stocks (households and persons on file, persons under observation), range
// totals and a breakdown by child unit for drill-down.
// Thread-safe: state lives in the database.
// Failures throw fk::Error: kValidation (the bad query parameters, named),
// kNotFound (a unit absent or outside the caller's subtree).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "residents/daily.h"
#include "store/database.h"

namespace fk::residents::figures {

inline constexpr int kMaxRangeDays = 366;
inline constexpr int kDefaultRangeDays = 14;

// Running stocks derived from the flows.
struct Stocks {
  int64_t households_on_file = 0, persons_on_file = 0, under_observation = 0;
};
Stocks StocksOf(const DailyCounts& cumulative);

struct ChildFigures {
  int64_t unit_id = 0;
  std::string unit_name, level;
  bool self = false;          // records kept on the unit itself, not below it
  bool has_children = false;  // drill-down possible
  DailyCounts range{};        // sums over [from, to]
  DailyCounts up_to{};        // sums up to and including `to`
};

struct Figures {
  int64_t unit_id = 0;
  std::string unit_name, unit_level;
  std::string from, to;
  int64_t as_of = 0;                        // when read (UTC ms)
  std::map<std::string, DailyCounts> days;  // only days with rows
  DailyCounts before_from{};                // sums of every day before `from`
  DailyCounts range{};
  std::vector<ChildFigures> children;
};

class FiguresService {
 public:
  FiguresService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes)
      : db_(db), clock_(clock), tz_(tz_offset_minutes) {}

  // Defaults: the caller's unit; the last 14 local days ending today.
  Figures Get(const auth::Principal& p, std::optional<int64_t> unit_id, std::optional<std::string> from,
              std::optional<std::string> to);

 private:
  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
};

}  // namespace fk::residents::figures
