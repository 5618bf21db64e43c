// residents_figures_bench: the community figures read (FiguresService::Get,
// without HTTP) on a rollup of U units × D days.
//
//   residents_figures_bench [--db-dir DIR] [--towns 10] [--per-town 19] [--days 365] [--seconds 5]
//     A fresh SQLite database (WAL) with one city, `towns` towns and
//     `per-town` communities in each (200 units by default: 1 + 10 + 190 minus
//     the city = 200 units that carry rows), and one community_daily row per
//     unit per day for `days` days ending 2020-12-31, every column filled with
//     small random counts (inserted with AddDaily in one Write). Then, for
//     each case, calls Get repeatedly for `seconds` and prints calls/s and
//     the p50 / p99 latency. The cost depends on units × days in the scope,
//     not on the number of records behind the counts.
#include <sys/statfs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "org/model.h"
#include "org/store.h"
#include "residents/daily.h"
#include "residents/figures/service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Args {
  std::string db_dir = "/var/tmp";
  int towns = 10, per_town = 19, days = 365;
  double seconds = 5;
};

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db-dir")
      a.db_dir = v;
    else if (k == "--towns")
      a.towns = std::stoi(v);
    else if (k == "--per-town")
      a.per_town = std::stoi(v);
    else if (k == "--days")
      a.days = std::stoi(v);
    else if (k == "--seconds")
      a.seconds = std::stod(v);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = Parse(argc, argv);
  fs::path dir = fs::path(args.db_dir) / ("fk-figures-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fk::store::DatabaseOptions o;
  o.url = "sqlite:" + (dir / "bench.db").string();
  auto db = fk::store::OpenDatabase(o);
  fk::store::MigrateUp(*db);

  const std::string last_day = "2020-12-31";
  const int64_t last = fk::DaysFromCivil(*fk::ParseDay(last_day));
  std::vector<int64_t> units;
  int64_t city = 0, first_town = 0;
  std::mt19937 rng(42);
  auto t0 = SteadyClock::now();
  db->Write([&](fk::store::Connection& c) {
    auto unit = [&](std::optional<int64_t> parent, const std::string& code, const std::string& level) {
      fk::org::Unit u;
      u.parent_id = parent;
      u.code = code;
      u.name = code;
      u.level = level;
      return fk::org::store::InsertUnit(c, u);
    };
    city = unit(std::nullopt, "410184000000", "city");
    for (int t = 0; t < args.towns; ++t) {
      int64_t town = unit(city, "T" + std::to_string(t), "town");
      if (t == 0) first_town = town;
      units.push_back(town);
      for (int k = 0; k < args.per_town; ++k)
        units.push_back(unit(town, "C" + std::to_string(t) + "-" + std::to_string(k), "community"));
    }
    std::uniform_int_distribution<int> small(0, 9);
    for (int64_t u : units)
      for (int d = 0; d < args.days; ++d) {
        std::string day = fk::FormatDay(fk::CivilFromDays(last - d));
        using D = fk::residents::Daily;
        fk::residents::AddDaily(c, u, day,
                                {{D::kHouseholdsAdded, small(rng)},
                                 {D::kPersonsAdded, small(rng)},
                                 {D::kObservationStarted, small(rng)},
                                 {D::kObservationReleased, small(rng)},
                                 {D::kRoundsDue, small(rng)},
                                 {D::kRoundsDone, small(rng)},
                                 {D::kRoundsMissed, small(rng)},
                                 {D::kGateExits, small(rng)},
                                 {D::kGateReturns, small(rng)},
                                 {D::kGateVisitors, small(rng)},
                                 {D::kRefusedFever, small(rng)},
                                 {D::kRefusedQuota, small(rng)},
                                 {D::kAlertsOpened, small(rng)},
                                 {D::kAlertsClosed, small(rng)},
                                 {D::kTasksDue, 3},
                                 {D::kTasksDone, small(rng) % 4}});
      }
  });
  double load_s = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  int64_t rows =
      db->Read([](fk::store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM community_daily")->Int(0); });
  std::printf("units with rows: %zu, days: %d, community_daily rows: %lld (loaded in %.1f s), db %s\n", units.size(),
              args.days, static_cast<long long>(rows), load_s, o.url.c_str());

  fk::ManualClock clock(fk::DayStartUtcMs(last_day, 480) + 12 * 3600 * 1000LL);
  fk::residents::figures::FiguresService svc(*db, clock, 480);
  fk::auth::Principal root;
  root.unit_id = city;
  root.unit_path = "/" + std::to_string(city) + "/";

  struct Case {
    const char* name;
    int64_t unit;
    std::string from, to;
  };
  std::string year_from = fk::FormatDay(fk::CivilFromDays(last - args.days + 1));
  std::vector<Case> cases = {
      {"city, last 14 days (default)", city, "", ""},
      {"city, whole year (365 days)", city, year_from, last_day},
      {"one town (20 units), last 14 days", first_town, "", ""},
      {"one town, whole year", first_town, year_from, last_day},
  };
  std::printf("| case | calls | calls/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n");
  for (const auto& k : cases) {
    std::vector<double> ms;
    auto start = SteadyClock::now();
    while (std::chrono::duration<double>(SteadyClock::now() - start).count() < args.seconds) {
      auto a = SteadyClock::now();
      auto f = svc.Get(root, k.unit, k.from.empty() ? std::nullopt : std::optional<std::string>(k.from),
                       k.to.empty() ? std::nullopt : std::optional<std::string>(k.to));
      if (f.children.empty()) std::abort();
      ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - a).count());
    }
    double total = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::sort(ms.begin(), ms.end());
    std::printf("| %s | %zu | %.0f | %.2f | %.2f |\n", k.name, ms.size(), ms.size() / total, ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]);
  }
  db->Close();
  if (!std::getenv("FK_KEEP_DB")) fs::remove_all(dir);
  return 0;
}
