#include "residents/figures/service.h"

#include <algorithm>
#include <set>

#include "org/store.h"

namespace fk::residents::figures {
namespace {

using fk::store::Connection;
constexpr size_t kN = static_cast<size_t>(Daily::kCount_);

std::string SumColumns() {
  std::string out;
  for (size_t i = 0; i < kN; ++i) out += std::string(", SUM(d.") + DailyColumns()[i] + ")";
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
  return {at(Daily::kHouseholdsAdded) - at(Daily::kHouseholdsRemoved),
          at(Daily::kPersonsAdded) - at(Daily::kPersonsRemoved),
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
  // A range shifted from an edge date can leave the years a day may have (0001–9999).
  if (!ParseDay(f.from) || !ParseDay(f.to)) {
    errs.Add(from ? "to" : "from", "range", "日期超出范围 the range leaves the years 0001–9999");
    errs.ThrowIfAny();
  }
  int64_t span = DaysFromCivil(*ParseDay(f.to)) - DaysFromCivil(*ParseDay(f.from)) + 1;
  if (span < 1)
    errs.Add("from", "order", "开始日期晚于结束日期 from is after to");
  else if (span > kMaxRangeDays)
    errs.Add("to", "range", "最多366天 at most 366 days from `from`");
  errs.ThrowIfAny();
  return db_.Read([&](Connection& c) {
    auto unit = org::store::GetUnit(c, unit_id.value_or(p.unit_id));
    if (!unit || !p.InScope(unit->path)) throw Error::NotFound("单位不存在 no such unit");
    f.unit_id = unit->id;
    f.unit_name = unit->name;
    f.unit_level = unit->level;
    const std::string scope = unit->path + "%";
    const std::string base = " FROM community_daily d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ?";

    // The units below: the children of the scope unit, and which unit each row folds into.
    auto subtree = org::store::UnitSubtree(c, unit->path);
    std::set<int64_t> parents;
    for (const auto& u : subtree)
      if (u.parent_id) parents.insert(*u.parent_id);
    std::map<int64_t, ChildFigures> by_child;
    std::map<std::string, int64_t> child_of_path;  // child path → id
    for (const auto& u : subtree) {
      if (u.parent_id != unit->id || u.level == "department") continue;  // departments keep no community records
      ChildFigures cf;
      cf.unit_id = u.id;
      cf.unit_name = u.name;
      cf.level = u.level;
      cf.has_children = parents.count(u.id) > 0;
      by_child.emplace(u.id, cf);
      child_of_path[u.path] = u.id;
    }
    std::map<int64_t, ChildFigures*> fold;  // unit id → its child entry (or the scope unit's own "self" entry)
    for (const auto& u : subtree) {
      int64_t key = 0;
      if (u.id == unit->id) {
        key = unit->id;
      } else {
        auto it = child_of_path.find(u.path.substr(0, u.path.find('/', unit->path.size()) + 1));
        if (it == child_of_path.end()) continue;
        key = it->second;
      }
      fold[u.id] = &by_child[key];
    }
    auto entry = [&](int64_t unit_row) -> ChildFigures* {
      auto it = fold.find(unit_row);
      if (it == fold.end()) return nullptr;
      if (it->second->unit_id == 0) *it->second = {unit->id, unit->name, unit->level, true, false, {}, {}};
      return it->second;
    };

    // Three aggregate reads: the range by day and by unit (both by the day index), and the history
    // before the range per unit (one pass over the scope's older rows).
    for (const auto& r : c.Query("SELECT d.day" + SumColumns() + base + " AND d.day >= ? AND d.day <= ? GROUP BY d.day",
                                 {scope, f.from, f.to})
                             .rows) {
      DailyCounts counts{};
      ReadCounts(r, 1, counts);
      for (size_t i = 0; i < kN; ++i) f.range[i] += counts[i];
      f.days.emplace(r.Text(0), counts);
    }
    for (const auto& r :
         c.Query("SELECT d.unit_id" + SumColumns() + base + " AND d.day >= ? AND d.day <= ? GROUP BY d.unit_id",
                 {scope, f.from, f.to})
             .rows) {
      DailyCounts counts{};
      ReadCounts(r, 1, counts);
      if (ChildFigures* cf = entry(r.Int(0)))
        for (size_t i = 0; i < kN; ++i) cf->range[i] += counts[i], cf->up_to[i] += counts[i];
    }
    // The history before `from`: whole months from the monthly running total, then the days of
    // from's own month before it, so the cost is one row per unit per month plus at most a month.
    const std::string month_start = f.from.substr(0, 8) + "01";
    const std::string history =
        "SELECT unit_id" + SumColumns() + " FROM (SELECT d.*" +
        " FROM community_monthly d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ? AND d.month < ?) d"
        " GROUP BY d.unit_id UNION ALL SELECT d.unit_id" + SumColumns() + base +
        " AND d.day >= ? AND d.day < ? GROUP BY d.unit_id";
    for (const auto& r : c.Query(history, {scope, f.from.substr(0, 7), scope, month_start, f.from}).rows) {
      DailyCounts counts{};
      ReadCounts(r, 1, counts);
      ChildFigures* cf = entry(r.Int(0));
      for (size_t i = 0; i < kN; ++i) {
        f.before_from[i] += counts[i];
        if (cf) cf->up_to[i] += counts[i];
      }
    }
    // The scope unit's own entry exists only when it has rows.
    if (auto it = by_child.find(unit->id); it != by_child.end() && it->second.unit_id == 0) by_child.erase(it);
    for (auto& [id, cf] : by_child) f.children.push_back(std::move(cf));
    std::stable_sort(f.children.begin(), f.children.end(),
                     [](const ChildFigures& a, const ChildFigures& b) { return a.self > b.self; });
    return f;
  });
}

}  // namespace fk::residents::figures
