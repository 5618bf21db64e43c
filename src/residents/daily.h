// The per-unit per-day rollup of community work (table community_daily):
// households and persons on file, observation, rounds, gate events, refusals,
// alerts, needs and estate tasks. Every module adds to it in the same
// transaction as the record it counts, so figures cost the same at any size.
// Thread-compatible: call on a Connection inside Database::Write.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "store/database.h"

namespace fk::residents {

enum class Daily {
  kHouseholdsAdded,
  kHouseholdsRemoved,
  kPersonsAdded,
  kPersonsRemoved,
  kObservationStarted,
  kObservationReleased,
  kRoundsDue,
  kRoundsDone,
  kRoundsMissed,
  kGateExits,
  kGateReturns,
  kGateVisitors,
  kGateOverdue,
  kGateConflicts,
  kRefusedFever,
  kRefusedQuota,
  kRefusedNotResident,
  kRefusedOther,
  kAlertsOpened,
  kAlertsClosed,
  kNeedsOpened,
  kNeedsClosed,
  kTasksDue,
  kTasksDone,
  kCount_
};

// Column names in enum order (the API uses the same names).
const std::array<const char*, static_cast<size_t>(Daily::kCount_)>& DailyColumns();

// Adds each delta (may be negative) to the row of (unit_id, day), creating it.
void AddDaily(store::Connection& c, int64_t unit_id, const std::string& day,
              std::initializer_list<std::pair<Daily, int64_t>> deltas);

}  // namespace fk::residents
