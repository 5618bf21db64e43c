#include "residents/figures/service.h"

#include <algorithm>
#include <set>

#include "org/store.h"

namespace fk::residents::figures {
namespace {

using fk::store::Connection;
constexpr size_t kN = static_cast<size_t>(Daily::kCount_);

std::string SumColumns(const std::string& condition = "") {
  std::string out;
  for (size_t i = 0; i < kN; ++i) {
    std::string col = std::string("d.") + DailyColumns()[i];
    out += ", SUM(" + (condition.empty() ? col : "CASE WHEN " + condition + " THEN " + col + " ELSE 0 END") + ")";
  }
  return out;
}

void ReadCounts(const fk::store::Row& r, size_t first, DailyCounts& out) {
  for (size_t i = 0; i < kN; ++i) out[i] = r.Int(first + i);
}

std::string ShiftDay(const std::string& day, int64_t n) {
  return FormatDay(CivilFromDays(DaysFromCivil(*ParseDay(day)) + n));
}

}  // namespace

Stocks StocksOf(const DailyCounts& c) {
  auto at = [&](Daily d) { return c[static_cast<size_t>(d)]; };
  return {at(Daily::kHouseholdsAdded) - at(Daily::kHouseholdsRemoved), at(Daily::kPersonsAdded) - at(Daily::kPersonsRemoved),
          at(Daily::kObservationStarted) - at(Daily::kObservationReleased)};
}

Figures FiguresService::Get(const auth::Principal& p, std::optional<int64_t> unit_id, std::optional<std::string> from,
                            std::optional<std::string> to) {
  FieldErrors errs;
  if (from && !IsValidDay(*from)) errs.Add("from", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  if (to && !IsValidDay(*to)) errs.Add("to", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  errs.ThrowIfAny();
  Figures f;
  f.as_of = clock_.NowMs();
  f.to = to.value_or(from ? ShiftDay(*from, kDefaultRangeDays - 1) : LocalDay(f.as_of, tz_));
  f.from = from.value_or(ShiftDay(f.to, -(kDefaultRangeDays - 1)));
  int64_t span = DaysFromCivil(*ParseDay(f.to)) - DaysFromCivil(*ParseDay(f.from)) + 1;
  if (span < 1) errs.Add("from", "order", "开始日期晚于结束日期 from is after to");
  else if (span > kMaxRangeDays) errs.Add("to", "range", "最多366天 at most 366 days from `from`");
  errs.ThrowIfAny();
  return db_.Read([&](Connection& c) {
    auto unit = org::store::GetUnit(c, unit_id.value_or(p.unit_id));
    if (!unit || !p.InScope(unit->path)) throw Error::NotFound("单位不存在 no such unit");
    f.unit_id = unit->id;
    f.unit_name = unit->name;
    f.unit_level = unit->level;
    const std::string scope = unit->path + "%";
    const std::string base = " FROM community_daily d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ?";
    for (const auto& r : c.Query("SELECT d.day" + SumColumns() + base + " AND d.day >= ? AND d.day <= ? GROUP BY d.day",
                                 {scope, f.from, f.to})
                             .rows) {
      DailyCounts counts{};
      ReadCounts(r, 1, counts);
      for (size_t i = 0; i < kN; ++i) f.range[i] += counts[i];
      f.days.emplace(r.Text(0), counts);
    }
    if (auto r = c.QueryOne("SELECT COUNT(*)" + SumColumns() + base + " AND d.day < ?", {scope, f.from}))
      ReadCounts(*r, 1, f.before_from);

    // Children: each unit's sums, folded into the child of the scope unit it lies under.
    std::map<int64_t, ChildFigures> by_child;
    std::map<std::string, int64_t> child_of_path;  // child path → id
    auto subtree = org::store::UnitSubtree(c, unit->path);
    std::set<int64_t> parents;
    for (const auto& u : subtree)
      if (u.parent_id) parents.insert(*u.parent_id);
    for (const auto& u : subtree) {
      if (u.parent_id != unit->id) continue;
      ChildFigures cf;
      cf.unit_id = u.id;
      cf.unit_name = u.name;
      cf.level = u.level;
      cf.has_children = parents.count(u.id) > 0;
      by_child.emplace(u.id, cf);
      child_of_path[u.path] = u.id;
    }
    // f.from is a checked YYYY-MM-DD day: safe inline (one placeholder per SUM would be 24).
    for (const auto& r : c.Query("SELECT d.unit_id, u.path" + SumColumns("d.day >= '" + f.from + "'") + SumColumns() + base +
                                     " AND d.day <= ? GROUP BY d.unit_id, u.path",
                                 {scope, f.to})
                             .rows) {
      std::string path = r.Text(1);
      int64_t key = 0;
      if (path == unit->path) {
        key = unit->id;
        auto [it, fresh] = by_child.try_emplace(key);
        if (fresh) it->second = {unit->id, unit->name, unit->level, true, false, {}, {}};
      } else {
        auto next = path.find('/', unit->path.size());
        auto it = child_of_path.find(path.substr(0, next + 1));
        if (it == child_of_path.end()) continue;
        key = it->second;
      }
      auto& cf = by_child[key];
      DailyCounts range{}, up_to{};
      ReadCounts(r, 2, range);
      ReadCounts(r, 2 + kN, up_to);
      for (size_t i = 0; i < kN; ++i) cf.range[i] += range[i], cf.up_to[i] += up_to[i];
    }
    for (auto& [id, cf] : by_child) f.children.push_back(std::move(cf));
    std::stable_sort(f.children.begin(), f.children.end(),
                     [](const ChildFigures& a, const ChildFigures& b) { return a.self > b.self; });
    return f;
  });
}

}  // namespace fk::residents::figures
