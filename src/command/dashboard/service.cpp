#include "command/dashboard/service.h"

#include <charconv>
#include <map>
#include <set>

#include "command/dashboard/store.h"
#include "core/error.h"

namespace fk::command::dashboard {

bool IsAdminLevel(const std::string& level) {
  for (const char* l : kAdminLevels)
    if (level == l) return true;
  return false;
}

namespace {

std::optional<int> ParseDays(const std::string& s) {
  int n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

Place PlaceOf(const store::UnitRef& u) {
  return {"unit", u.id, u.name, u.level};
}

// The ids of a materialised path "/1/4/9/" in order.
std::vector<int64_t> PathIds(const std::string& path) {
  std::vector<int64_t> out;
  int64_t v = 0;
  bool any = false;
  for (char ch : path) {
    if (ch == '/') {
      if (any) out.push_back(v);
      v = 0;
      any = false;
    } else if (ch >= '0' && ch <= '9') {
      v = v * 10 + (ch - '0');
      any = true;
    }
  }
  return out;
}

}  // namespace

Dashboard DashboardService::Get(const auth::Principal& p, const DashboardQuery& q) {
  FieldErrors errs;
  Dashboard d;
  d.as_of = clock_.NowMs();
  if (q.day && !IsValidDay(*q.day)) errs.Add("day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  if (q.days) {
    auto n = ParseDays(*q.days);
    if (!n || *n < 1 || *n > kMaxDays)
      errs.Add("days", "range", "须为1–92的整数 must be a whole number of days from 1 to 92");
    else
      d.days = *n;
  }
  if (q.unit_id && q.point_id)
    errs.Add("point_id", "exclusive", "unit_id 与 point_id 只能给一个 give unit_id or point_id, not both");
  errs.ThrowIfAny();
  d.day = q.day.value_or(LocalDay(d.as_of, tz_));
  int64_t last = DaysFromCivil(*ParseDay(d.day));
  auto first = ParseDay(FormatDay(CivilFromDays(last - (d.days - 1))));
  if (!first || DaysFromCivil(*first) != last - (d.days - 1)) {
    errs.Add("days", "range", "趋势起始日早于0001年 the trend would start before the year 0001");
    errs.ThrowIfAny();
  }
  d.from = FormatDay(*first);

  return db_.Read([&](store::Connection& c) {
    // The target: a unit (default the caller's) or one point, inside the caller's subtree.
    std::string scope;
    std::optional<store::PointRef> point;
    std::optional<store::UnitRef> unit;
    if (q.point_id) {
      point = store::GetPoint(c, *q.point_id);
      if (!point || !p.InScope(point->unit_path)) throw Error::NotFound("卡点不存在 no such point");
      unit = store::GetUnit(c, point->unit_id);
    } else {
      unit = store::GetUnit(c, q.unit_id.value_or(p.unit_id));
      if (!unit || !p.InScope(unit->path)) throw Error::NotFound("单位不存在 no such unit");
      if (!IsAdminLevel(unit->level)) throw Error::NotFound("单位不在看板层级 no such unit on the dashboard");
    }
    scope = unit->path;
    // The breadcrumb: the caller's unit down to the target.
    for (int64_t id : PathIds(unit->path)) {
      auto u = store::GetUnit(c, id);
      if (u && p.InScope(u->path)) d.path.push_back(PlaceOf(*u));
    }
    if (point) {
      d.target = {"point", point->id, point->name, point->kind};
      d.path.push_back(d.target);
    } else {
      d.target = PlaceOf(*unit);
    }
    std::optional<int64_t> only_point = point ? std::optional<int64_t>(point->id) : std::nullopt;
    d.latest_day = store::LatestDay(c, scope, only_point);

    // The trend: every day of [from, day].
    auto screening_days = store::ScreeningByDay(c, scope, only_point, d.from, d.day);
    store::CommunityRead community;
    if (!point) community = store::ReadCommunity(c, scope, d.from, d.day);
    const auto& community_days = community.by_day;
    for (int64_t n = last - (d.days - 1); n <= last; ++n) {
      TrendDay t;
      t.day = FormatDay(CivilFromDays(n));
      if (auto it = screening_days.find(t.day); it != screening_days.end()) t.figures.screening = it->second;
      if (auto it = community_days.find(t.day); it != community_days.end()) t.figures.community = it->second;
      d.trend.push_back(std::move(t));
    }

    auto point_sums = store::ScreeningByPoint(c, scope, only_point, d.day);
    if (point) {
      for (const auto& s : point_sums) {
        d.today.screening += s.today;
        d.cumulative.screening += s.up_to;
      }
      return d;
    }

    // Children: the admin child units (their subtree folded in), the unit's own points, its own records.
    auto subtree = store::Subtree(c, scope);
    auto points = store::PointsBelow(c, scope);
    std::set<int64_t> with_children;
    for (const auto& u : subtree)
      if (u.parent_id) with_children.insert(*u.parent_id);
    for (const auto& pt : points) with_children.insert(pt.unit_id);
    std::map<int64_t, size_t> child_of_unit;  // any unit of the subtree → index in d.children
    std::map<std::string, size_t> child_of_path;
    for (const auto& u : subtree) {
      if (u.parent_id != unit->id) continue;
      child_of_path[u.path] = d.children.size();
      d.children.push_back({PlaceOf(u), with_children.count(u.id) > 0, {}, {}});
    }
    for (const auto& u : subtree) {
      if (u.id == unit->id) continue;
      size_t slash = u.path.find('/', scope.size());
      if (slash == std::string::npos) continue;
      auto it = child_of_path.find(u.path.substr(0, slash + 1));
      if (it != child_of_path.end()) child_of_unit[u.id] = it->second;
    }
    std::map<int64_t, size_t> child_of_point;  // a point kept on the unit itself → its row
    std::set<int64_t> own_points_with_rows;
    for (const auto& s : point_sums)
      if (s.unit_id == unit->id) own_points_with_rows.insert(s.point_id);
    for (const auto& pt : points) {
      if (pt.unit_id != unit->id) continue;
      if (pt.kind == "community_gate" && !own_points_with_rows.count(pt.id)) continue;  // gates count per unit
      child_of_point[pt.id] = d.children.size();
      d.children.push_back({{"point", pt.id, pt.name, pt.kind}, false, {}, {}});
    }
    std::optional<size_t> self;
    auto self_row = [&]() -> size_t {
      if (!self) {
        self = d.children.size();
        d.children.push_back({{"self", unit->id, unit->name, unit->level}, false, {}, {}});
      }
      return *self;
    };

    for (const auto& s : point_sums) {
      std::optional<size_t> row;
      if (s.unit_id == unit->id) {
        auto it = child_of_point.find(s.point_id);
        row = it != child_of_point.end() ? it->second : self_row();
      } else if (auto it = child_of_unit.find(s.unit_id); it != child_of_unit.end()) {
        row = it->second;
      }
      if (!row) continue;  // below a unit the dashboard does not show (not an administrative level)
      d.children[*row].today.screening += s.today;
      d.children[*row].cumulative.screening += s.up_to;
      d.today.screening += s.today;
      d.cumulative.screening += s.up_to;
    }
    for (const auto& s : community.by_unit) {
      std::optional<size_t> row;
      if (s.unit_id == unit->id)
        row = self_row();
      else if (auto it = child_of_unit.find(s.unit_id); it != child_of_unit.end())
        row = it->second;
      if (!row) continue;
      Block today, up_to;
      today.community = s.today;
      up_to.community = s.up_to;
      d.children[*row].today += today;
      d.children[*row].cumulative += up_to;
      d.today += today;
      d.cumulative += up_to;
    }
    return d;
  });
}

}  // namespace fk::command::dashboard
