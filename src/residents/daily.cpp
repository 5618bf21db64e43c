#include "residents/daily.h"

#include <algorithm>
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

// "INSERT INTO community_daily (unit_id, day, <every column>) VALUES (?, ?, ...) ON CONFLICT
// ... DO UPDATE SET col = community_daily.col + excluded.col, ..." (or community_monthly, month).
std::string UpsertSql(const std::string& table, const std::string& key) {
  std::string cols, marks, sets;
  for (const char* name : DailyColumns()) {
    cols += std::string(", ") + name;
    marks += ", ?";
    sets += std::string(sets.empty() ? "" : ", ") + name + " = " + table + "." + name + " + excluded." + name;
  }
  return "INSERT INTO " + table + " (unit_id, " + key + cols + ") VALUES (?, ?" + marks + ") ON CONFLICT (unit_id, " +
         key + ") DO UPDATE SET " + sets;
}

// One row's deltas (in enum order) added to community_daily and the month's running total in
// community_monthly. Every column is written, zeros too (adding zero changes nothing): one
// statement shape, prepared once per connection, where leaving zeros out made one per set of
// columns touched.
void AddRow(store::Connection& c, int64_t unit_id, const std::string& day, const DailyCounts& deltas) {
  if (std::all_of(deltas.begin(), deltas.end(), [](int64_t d) { return d == 0; })) return;
  static const std::string daily = UpsertSql("community_daily", "day");
  static const std::string monthly = UpsertSql("community_monthly", "month");
  store::Params params{unit_id, day};
  for (int64_t d : deltas) params.emplace_back(d);
  c.Exec(daily, params);
  params[1] = fk::store::Value(day.substr(0, 7));
  c.Exec(monthly, params);
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
  auto& row = rows_[{unit_id, day}];  // a new row starts at zeros (value-initialized)
  for (const auto& [col, delta] : deltas) row[static_cast<size_t>(col)] += delta;
}

void DailyDeltas::Merge(const DailyDeltas& other) {
  for (const auto& [key, deltas] : other.rows_) {
    auto& row = rows_[key];
    for (size_t i = 0; i < deltas.size(); ++i) row[i] += deltas[i];
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
