#include "residents/daily.h"

#include <set>

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

namespace {

// One row's deltas (in enum order; zeros left out) added to community_daily and the month's
// running total in community_monthly.
void AddRow(store::Connection& c, int64_t unit_id, const std::string& day, const DailyCounts& deltas) {
  std::string cols, marks, sets;
  store::Params params{unit_id, day};
  for (size_t i = 0; i < deltas.size(); ++i) {
    if (deltas[i] == 0) continue;
    const char* name = DailyColumns()[i];
    cols += std::string(", ") + name;
    marks += ", ?";
    sets += std::string(sets.empty() ? "" : ", ") + name + " = community_daily." + name + " + excluded." + name;
    params.emplace_back(deltas[i]);
  }
  if (sets.empty()) return;
  c.Exec("INSERT INTO community_daily (unit_id, day" + cols + ") VALUES (?, ?" + marks +
             ") ON CONFLICT (unit_id, day) DO UPDATE SET " + sets,
         params);
  // The month's running total moves with its day (community_monthly).
  std::string monthly_sets = sets;
  for (size_t pos = 0; (pos = monthly_sets.find("community_daily.", pos)) != std::string::npos;)
    monthly_sets.replace(pos, 16, "community_monthly."), pos += 18;
  params[1] = fk::store::Value(day.substr(0, 7));
  c.Exec("INSERT INTO community_monthly (unit_id, month" + cols + ") VALUES (?, ?" + marks +
             ") ON CONFLICT (unit_id, month) DO UPDATE SET " + monthly_sets,
         params);
}

}  // namespace

void AddDaily(store::Connection& c, int64_t unit_id, const std::string& day,
              std::initializer_list<std::pair<Daily, int64_t>> deltas) {
  DailyCounts row{};
  for (const auto& [col, delta] : deltas) row[static_cast<size_t>(col)] += delta;
  AddRow(c, unit_id, day, row);
}

void DailyDeltas::Add(int64_t unit_id, const std::string& day,
                      std::initializer_list<std::pair<Daily, int64_t>> deltas) {
  auto [it, fresh] = rows_.try_emplace({unit_id, day});
  if (fresh) it->second.fill(0);
  for (const auto& [col, delta] : deltas) it->second[static_cast<size_t>(col)] += delta;
}

void DailyDeltas::Merge(const DailyDeltas& other) {
  for (const auto& [key, deltas] : other.rows_) {
    auto [it, fresh] = rows_.try_emplace(key);
    if (fresh) it->second.fill(0);
    for (size_t i = 0; i < deltas.size(); ++i) it->second[i] += deltas[i];
  }
}

void DailyDeltas::Flush(store::Connection& c) {
  for (const auto& [key, deltas] : rows_) AddRow(c, key.first, key.second, deltas);
  rows_.clear();
}

std::vector<std::string> VerifyDaily(store::Connection& c, const std::vector<DailyRecounter>& recounters,
                                     const std::vector<Daily>& columns) {
  DailyRecount recount;
  for (const auto& fn : recounters) fn(c, recount);
  constexpr size_t kN = static_cast<size_t>(Daily::kCount_);
  std::array<bool, kN> checked{};
  for (auto col : columns) checked[static_cast<size_t>(col)] = true;
  for (const auto& [key, counts] : recount)
    for (size_t i = 0; i < kN; ++i)
      if (counts[i] != 0) checked[i] = true;
  std::string cols;
  for (size_t i = 0; i < kN; ++i) cols += std::string(", d.") + DailyColumns()[i];
  DailyRecount table;
  std::map<int64_t, std::string> names;
  for (const auto& r :
       c.Query("SELECT d.unit_id, d.day, u.name" + cols + " FROM community_daily d JOIN units u ON u.id = d.unit_id").rows) {
    auto& counts = table[{r.Int(0), r.Text(1)}];
    for (size_t i = 0; i < kN; ++i) counts[i] = r.Int(3 + i);
    names[r.Int(0)] = r.Text(2);
  }
  std::set<std::pair<int64_t, std::string>> keys;
  for (const auto& [k, v] : table) keys.insert(k);
  for (const auto& [k, v] : recount) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& key : keys) {
    DailyCounts zero{};
    auto t = table.find(key);
    auto r = recount.find(key);
    const DailyCounts& tv = t == table.end() ? zero : t->second;
    const DailyCounts& rv = r == recount.end() ? zero : r->second;
    for (size_t i = 0; i < kN; ++i) {
      if (!checked[i] || tv[i] == rv[i]) continue;
      auto n = names.find(key.first);
      out.push_back("unit " + std::to_string(key.first) + (n == names.end() ? "" : " (" + n->second + ")") + " day " +
                    key.second + " " + DailyColumns()[i] + ": table " + std::to_string(tv[i]) + ", recount " +
                    std::to_string(rv[i]));
    }
  }
  // Each month's running total equals the sum of its days.
  std::string sums, mcols;
  for (size_t i = 0; i < kN; ++i) {
    sums += std::string(", SUM(") + DailyColumns()[i] + ")";
    mcols += std::string(", ") + DailyColumns()[i];
  }
  DailyRecount by_days, months;
  for (const auto& r :
       c.Query("SELECT unit_id, substr(day, 1, 7)" + sums + " FROM community_daily GROUP BY unit_id, substr(day, 1, 7)").rows) {
    auto& counts = by_days[{r.Int(0), r.Text(1)}];
    for (size_t i = 0; i < kN; ++i) counts[i] = r.Int(2 + i);
  }
  for (const auto& r : c.Query("SELECT unit_id, month" + mcols + " FROM community_monthly").rows) {
    auto& counts = months[{r.Int(0), r.Text(1)}];
    for (size_t i = 0; i < kN; ++i) counts[i] = r.Int(2 + i);
  }
  std::set<std::pair<int64_t, std::string>> month_keys;
  for (const auto& [k, v] : by_days) month_keys.insert(k);
  for (const auto& [k, v] : months) month_keys.insert(k);
  for (const auto& key : month_keys) {
    DailyCounts zero{};
    auto d = by_days.find(key);
    auto m = months.find(key);
    const DailyCounts& dv = d == by_days.end() ? zero : d->second;
    const DailyCounts& mv = m == months.end() ? zero : m->second;
    for (size_t i = 0; i < kN; ++i)
      if (dv[i] != mv[i])
        out.push_back("unit " + std::to_string(key.first) + " month " + key.second + " " + DailyColumns()[i] +
                      ": monthly " + std::to_string(mv[i]) + ", sum of days " + std::to_string(dv[i]));
  }
  return out;
}

}  // namespace fk::residents
