// EstateTaskService: estate daily tasks (小区每日任务). Templates are defined
// for a unit (or the whole city) and apply to every task unit below it; a task
// unit is an estate, or a community with no estates (villages). A day's task
// rows are materialised on the first touch of that day in a scope (grid,
// not-done list or mark), from the templates whose life covers the day, so
// the result is the same whenever it happens; community_daily.tasks_due and
// tasks_done move in the same transaction as the rows.
// Thread-safe: state lives in the database.
// Failures throw fk::Error: kValidation (fields), kNotFound (absent or outside
// the caller's subtree), kConflict (nothing to undo).
#pragma once

#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "residents/daily.h"
#include "residents/tasks/model.h"
#include "store/database.h"

namespace fk::residents::tasks {

using auth::Actor;
using auth::Principal;

class EstateTaskService {
 public:
  EstateTaskService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes)
      : db_(db), clock_(clock), tz_(tz_offset_minutes) {}

  // Templates that apply in the unit's subtree (default: the caller's unit):
  // city-wide ones, those of its ancestors and those defined inside it.
  std::vector<Template> ListTemplates(const Principal& p, std::optional<int64_t> unit_id, bool include_inactive);
  // unit_id absent: the whole city (only for a caller whose unit is the root).
  Template CreateTemplate(const Principal& p, const Actor& a, const TemplateInput& in);
  Template UpdateTemplate(const Principal& p, const Actor& a, int64_t id, const TemplateInput& in);
  // No longer due after today (today's rows stay due).
  Template DeactivateTemplate(const Principal& p, const Actor& a, int64_t id);

  // Units × tasks for a day (not after today; "today": the city's local day) in the unit's subtree.
  Grid GetGrid(const Principal& p, const std::string& day, std::optional<int64_t> unit_id);
  // Tasks not done (pending or not_done), grouped by town and estate.
  Undone GetUndone(const Principal& p, std::optional<std::string> day, std::optional<int64_t> unit_id);
  // Marks done / not done (today, or yesterday for a phone's late sync). Idempotent by client_key.
  MarkResult Mark(const Principal& p, const MarkInput& in);
  // Back to pending, only on the day itself. Idempotent by client_key.
  MarkResult Undo(const Principal& p, const MarkInput& in);

  std::string Today() const { return LocalDay(clock_.NowMs(), tz_); }

  // Creates the missing task rows of `day` for the task units under scope_path
  // (a write, only when something is missing). The demo loader calls it too.
  void EnsureDay(const std::string& scope_path, const std::string& day);

 private:
  MarkResult Apply(const Principal& p, const MarkInput& in, const std::string& action);

  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
};

// Recounts tasks_due (rows) and tasks_done (rows marked done) of every unit-day from estate_tasks.
void RecountTasks(fk::store::Connection& c, DailyRecount& r);

}  // namespace fk::residents::tasks
