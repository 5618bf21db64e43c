// The per-unit per-day rollup of community work (table community_daily):
// households and persons on file, observation, rounds, gate events, refusals,
// alerts, needs and estate tasks. Every module adds to it in the same
// transaction as the record it counts, so figures cost the same at any size.
// Thread-compatible: call on a Connection inside Database::Write.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

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

// Deltas collected during a write and added together at its end (Flush), one statement per
// (unit, day) in (unit, day) order. Use it where a transaction does more work after its first
// delta (a batch of gate events): on PostgreSQL a busy community's row is then locked only from
// the end of the transaction to its commit, instead of from the first record of the batch, and
// two writers lock their rows in the same order. Discard it (do not Flush) with a rolled-back
// savepoint's work; Merge a record's own deltas into the batch's once the record is kept.
class DailyDeltas {
 public:
  void Add(int64_t unit_id, const std::string& day, std::initializer_list<std::pair<Daily, int64_t>> deltas);
  void Merge(const DailyDeltas& other);
  // Adds every collected delta to community_daily and community_monthly, then forgets them.
  void Flush(store::Connection& c);

 private:
  std::map<std::pair<int64_t, std::string>, std::array<int64_t, static_cast<size_t>(Daily::kCount_)>> rows_;
};

// A recount from the records, for `fangkong verify-rollups`: each module that
// adds to community_daily provides `void Recount...(store::Connection&,
// DailyRecount&)` adding what its own records say to (unit_id, day) rows; the
// verifier compares the sum of all recounts with the table, column by column.
using DailyCounts = std::array<int64_t, static_cast<size_t>(Daily::kCount_)>;
using DailyRecount = std::map<std::pair<int64_t, std::string>, DailyCounts>;
inline void AddRecount(DailyRecount& r, int64_t unit_id, const std::string& day, Daily col, int64_t n) {
  r[{unit_id, day}][static_cast<size_t>(col)] += n;  // a new row starts at zeros (value-initialized)
}

// A module's recount: adds what its own records say for its own columns.
using DailyRecounter = std::function<void(store::Connection&, DailyRecount&)>;

// Runs every recounter into one DailyRecount and compares it with the table.
// Only the columns some recounter reports on are compared (a column no module
// recounts yet is not called wrong); a column counts as reported when any
// recounter touched it for any unit-day, or is listed in `columns` (pass the
// columns of modules whose records may be empty). Returns one line per
// differing (unit, day, column): "unit 12 (水榭华城一期) day 2020-02-13
// tasks_done: table 3, recount 2"; empty when the table is right.
std::vector<std::string> VerifyDaily(store::Connection& c, const std::vector<DailyRecounter>& recounters,
                                     const std::vector<Daily>& columns = {});

}  // namespace fk::residents
