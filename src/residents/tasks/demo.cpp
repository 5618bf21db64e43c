#include "residents/tasks/demo.h"

#include <random>

#include "residents/daily.h"
#include "residents/tasks/store.h"

namespace fk::residents::tasks {

void LoadEstateTasksDemo(EstateTaskService& svc, fk::store::Database& db, const std::string& root_path, int64_t actor,
                         const std::string& actor_name, const std::string& from, const std::string& to,
                         int tz_offset_minutes) {
  static const char* const kReasons[] = {"消毒液用完，已申领，明早补做", "保洁员居家观察，暂缺人手", "覆膜材料未到货"};
  std::mt19937 rng(20200214);
  for (int64_t n = DaysFromCivil(*ParseDay(from)), end = DaysFromCivil(*ParseDay(to)); n <= end; ++n) {
    std::string day = FormatDay(CivilFromDays(n));
    svc.EnsureDay(root_path, day);
    int64_t day_start = DayStartUtcMs(day, tz_offset_minutes);
    db.Write([&](fk::store::Connection& c) {
      for (auto task : store::TasksOfDay(c, root_path, day)) {
        int roll = std::uniform_int_distribution<int>(0, 99)(rng);
        if (roll >= 95) continue;  // left pending
        task.status = roll < 88 ? "done" : "not_done";
        task.note = task.status == "done" ? "" : kReasons[roll % 3];
        task.marked_by = actor;
        task.marked_by_name = actor_name;
        task.marked_at = day_start + (9 * 3600 + std::uniform_int_distribution<int>(0, 7200)(rng)) * 1000LL;
        store::SetTaskStatus(c, task, "pending");
        if (task.status == "done") AddDaily(c, task.unit_id, day, {{Daily::kTasksDone, 1}});
        store::MarkRow m;
        m.task_id = task.id;
        m.action = task.status;
        m.note = task.note;
        m.by_user = actor;
        m.by_name = actor_name;
        m.at = *task.marked_at;
        store::InsertMark(c, m);
      }
    });
  }
}

}  // namespace fk::residents::tasks
