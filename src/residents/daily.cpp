#include "residents/daily.h"

namespace fk::residents {

const std::array<const char*, static_cast<size_t>(Daily::kCount_)>& DailyColumns() {
  static const std::array<const char*, static_cast<size_t>(Daily::kCount_)> kNames = {
      "households_added",    "households_removed", "persons_added",      "persons_removed",
      "observation_started", "observation_released", "rounds_due",       "rounds_done",
      "rounds_missed",       "gate_exits",         "gate_returns",       "gate_visitors",
      "gate_overdue",        "gate_conflicts",     "refused_fever",      "refused_quota",
      "refused_not_resident", "refused_other",     "alerts_opened",      "alerts_closed",
      "needs_opened",        "needs_closed",       "tasks_due",          "tasks_done"};
  return kNames;
}

void AddDaily(store::Connection& c, int64_t unit_id, const std::string& day,
              std::initializer_list<std::pair<Daily, int64_t>> deltas) {
  std::string cols, marks, sets;
  store::Params params{unit_id, day};
  for (const auto& [col, delta] : deltas) {
    if (delta == 0) continue;
    const char* name = DailyColumns()[static_cast<size_t>(col)];
    cols += std::string(", ") + name;
    marks += ", ?";
    sets += std::string(sets.empty() ? "" : ", ") + name + " = community_daily." + name + " + excluded." + name;
    params.emplace_back(delta);
  }
  if (sets.empty()) return;
  c.Exec("INSERT INTO community_daily (unit_id, day" + cols + ") VALUES (?, ?" + marks +
             ") ON CONFLICT (unit_id, day) DO UPDATE SET " + sets,
         params);
}

}  // namespace fk::residents
