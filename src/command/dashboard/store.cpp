#include "command/dashboard/store.h"

namespace fk::command::dashboard::store {
namespace {

using fk::store::Params;
using fk::store::Row;
constexpr size_t kN = static_cast<size_t>(residents::Daily::kCount_);

constexpr const char* kAdminUnitsIn = "u.level IN ('city', 'town', 'community', 'estate')";
constexpr const char* kSelectUnit = "SELECT id, parent_id, name, level, path FROM units WHERE id = ?";
constexpr const char* kSelectSubtree =
    "SELECT id, parent_id, name, level, path FROM units u WHERE u.path LIKE ? AND "
    "u.level IN ('city', 'town', 'community', 'estate') ORDER BY u.path";
constexpr const char* kSelectPoint =
    "SELECT p.id, p.unit_id, p.name, p.kind, u.path FROM points p JOIN units u ON u.id = p.unit_id WHERE p.id = ?";
constexpr const char* kSelectPointsBelow =
    "SELECT p.id, p.unit_id, p.name, p.kind, u.path FROM points p JOIN units u ON u.id = p.unit_id "
    "WHERE u.path LIKE ? ORDER BY p.id";
constexpr const char* kScreeningColumns[] = {"vehicles",           "people",        "people_tested",
                                             "vehicles_turned_back", "people_turned_back", "fever",
                                             "handovers",          "handovers_receipted"};
constexpr const char* kLatestScreening =
    "SELECT MAX(d.day) FROM screening_daily d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ?";
constexpr const char* kLatestCommunity =
    "SELECT MAX(d.day) FROM community_daily d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ?";

UnitRef UnitFrom(const Row& r) { return {r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4)}; }
PointRef PointFrom(const Row& r) { return {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4)}; }

screening::Figures ScreeningFrom(const Row& r, size_t first) {
  screening::Figures f;
  int64_t* out[] = {&f.vehicles, &f.people, &f.people_tested, &f.vehicles_turned_back, &f.people_turned_back,
                    &f.fever, &f.handovers, &f.handovers_receipted};
  for (size_t i = 0; i < 8; ++i) *out[i] = r.Int(first + i);
  return f;
}

void CountsFrom(const Row& r, size_t first, residents::DailyCounts& out) {
  for (size_t i = 0; i < kN; ++i) out[i] = r.Int(first + i);
}

// "SUM(CASE WHEN d.day = ? THEN d.c ELSE 0 END), ..." for each column (one `?` each).
template <typename Columns>
std::string TodaySums(const Columns& columns) {
  std::string out;
  for (const char* c : columns) out += std::string(", SUM(CASE WHEN d.day = ? THEN d.") + c + " ELSE 0 END)";
  return out;
}
template <typename Columns>
std::string Sums(const Columns& columns) {
  std::string out;
  for (const char* c : columns) out += std::string(", SUM(d.") + c + ")";
  return out;
}

std::string ScopeWhere(Params& params, const std::string& path, std::optional<int64_t> point_id) {
  std::string w = std::string(" JOIN units u ON u.id = d.unit_id WHERE u.path LIKE ? AND ") + kAdminUnitsIn;
  params.emplace_back(path + "%");
  if (point_id) {
    w += " AND d.point_id = ?";
    params.emplace_back(*point_id);
  }
  return w;
}

}  // namespace

std::optional<UnitRef> GetUnit(Connection& c, int64_t id) {
  auto r = c.QueryOne(kSelectUnit, {id});
  return r ? std::optional<UnitRef>(UnitFrom(*r)) : std::nullopt;
}

std::optional<PointRef> GetPoint(Connection& c, int64_t id) {
  auto r = c.QueryOne(kSelectPoint, {id});
  return r ? std::optional<PointRef>(PointFrom(*r)) : std::nullopt;
}

std::vector<UnitRef> Subtree(Connection& c, const std::string& path) {
  std::vector<UnitRef> out;
  for (const auto& r : c.Query(kSelectSubtree, {path + "%"}).rows) out.push_back(UnitFrom(r));
  return out;
}

std::vector<PointRef> PointsBelow(Connection& c, const std::string& path) {
  std::vector<PointRef> out;
  for (const auto& r : c.Query(kSelectPointsBelow, {path + "%"}).rows) out.push_back(PointFrom(r));
  return out;
}

std::vector<PointSums> ScreeningByPoint(Connection& c, const std::string& path, std::optional<int64_t> point_id,
                                        const std::string& day) {
  Params params;
  for (size_t i = 0; i < std::size(kScreeningColumns); ++i) params.emplace_back(day);
  std::string sql = "SELECT d.point_id, d.unit_id" + TodaySums(kScreeningColumns) + Sums(kScreeningColumns) +
                    " FROM screening_daily d" + ScopeWhere(params, path, point_id) +
                    " AND d.day <= ? GROUP BY d.point_id, d.unit_id";
  params.emplace_back(day);
  std::vector<PointSums> out;
  for (const auto& r : c.Query(sql, params).rows)
    out.push_back({r.Int(0), r.Int(1), ScreeningFrom(r, 2), ScreeningFrom(r, 2 + std::size(kScreeningColumns))});
  return out;
}

std::map<std::string, screening::Figures> ScreeningByDay(Connection& c, const std::string& path,
                                                         std::optional<int64_t> point_id, const std::string& from,
                                                         const std::string& to) {
  Params params;
  std::string sql = "SELECT d.day" + Sums(kScreeningColumns) + " FROM screening_daily d" +
                    ScopeWhere(params, path, point_id) + " AND d.day >= ? AND d.day <= ? GROUP BY d.day";
  params.emplace_back(from);
  params.emplace_back(to);
  std::map<std::string, screening::Figures> out;
  for (const auto& r : c.Query(sql, params).rows) out[r.Text(0)] = ScreeningFrom(r, 1);
  return out;
}

std::vector<UnitSums> CommunityByUnit(Connection& c, const std::string& path, const std::string& day) {
  const auto& columns = residents::DailyColumns();
  std::map<int64_t, UnitSums> by_unit;
  auto entry = [&](int64_t id) -> UnitSums& {
    UnitSums& s = by_unit[id];
    s.unit_id = id;
    return s;
  };
  // Whole months before the day's month: one row per unit per month.
  Params months;
  std::string sql = "SELECT d.unit_id" + Sums(columns) + " FROM community_monthly d" +
                    ScopeWhere(months, path, std::nullopt) + " AND d.month < ? GROUP BY d.unit_id";
  months.emplace_back(day.substr(0, 7));
  for (const auto& r : c.Query(sql, months).rows) CountsFrom(r, 1, entry(r.Int(0)).up_to);
  // The days of the day's month up to the day: at most 31 rows per unit.
  Params days;
  for (size_t i = 0; i < kN; ++i) days.emplace_back(day);
  sql = "SELECT d.unit_id" + TodaySums(columns) + Sums(columns) + " FROM community_daily d" +
        ScopeWhere(days, path, std::nullopt) + " AND d.day >= ? AND d.day <= ? GROUP BY d.unit_id";
  days.emplace_back(day.substr(0, 8) + "01");
  days.emplace_back(day);
  for (const auto& r : c.Query(sql, days).rows) {
    UnitSums& s = entry(r.Int(0));
    residents::DailyCounts month{};
    CountsFrom(r, 1, s.today);
    CountsFrom(r, 1 + kN, month);
    for (size_t i = 0; i < kN; ++i) s.up_to[i] += month[i];
  }
  std::vector<UnitSums> out;
  for (auto& [id, s] : by_unit) out.push_back(s);
  return out;
}

std::map<std::string, residents::DailyCounts> CommunityByDay(Connection& c, const std::string& path,
                                                             const std::string& from, const std::string& to) {
  Params params;
  std::string sql = "SELECT d.day" + Sums(residents::DailyColumns()) + " FROM community_daily d" +
                    ScopeWhere(params, path, std::nullopt) + " AND d.day >= ? AND d.day <= ? GROUP BY d.day";
  params.emplace_back(from);
  params.emplace_back(to);
  std::map<std::string, residents::DailyCounts> out;
  for (const auto& r : c.Query(sql, params).rows) CountsFrom(r, 1, out[r.Text(0)]);
  return out;
}

std::optional<std::string> LatestDay(Connection& c, const std::string& path, std::optional<int64_t> point_id) {
  std::optional<std::string> latest;
  auto take = [&](const std::optional<fk::store::Row>& r) {
    if (r && !r->IsNull(0) && (!latest || r->Text(0) > *latest)) latest = r->Text(0);
  };
  if (point_id) {
    take(c.QueryOne(std::string(kLatestScreening) + " AND d.point_id = ?", {path + "%", *point_id}));
    return latest;
  }
  take(c.QueryOne(kLatestScreening, {path + "%"}));
  take(c.QueryOne(kLatestCommunity, {path + "%"}));
  return latest;
}

}  // namespace fk::command::dashboard::store
