// observation_board_bench: the home-observation board at 50,000 persons under
// observation, without HTTP.
//
//   observation_board_bench [--db-dir DIR] [--persons 50000] [--calls 300]
//
// A fresh SQLite database (WAL, synchronous=FULL) with the demo city and its
// resident files; then `--persons` more persons filed with plain SQL (no
// sealed fields: the board never reads them) spread over the 11 gated
// units, and one observation period each through the observation store
// (starting 12–14 Feb 2020, 14 days) with its community_daily rollup in the
// same transaction. A ManualClock at 14 Feb 2020 20:30 local runs one Sweep:
// it materialises every due round of 12–14 Feb and, the deadline having
// passed, marks today's rounds missed with an alert each (the worst board:
// every person missing, every alert open). Then ObservationService::GetBoard
// is timed for the whole city and for one community, `--calls` times each
// (p50 / p99 / max), and the rollups are verified against a recount.
#include <sys/statfs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/demo.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "observation/service.h"
#include "observation/store.h"
#include "residents/daily.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return def;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Report(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]; };
  std::printf("%-34s calls %zu  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", what, v.size(), at(0.5), at(0.99), v.back());
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string dir = Arg(argc, argv, "--db-dir", std::filesystem::temp_directory_path().string());
  int persons = std::stoi(Arg(argc, argv, "--persons", "50000"));
  int calls = std::stoi(Arg(argc, argv, "--calls", "300"));
  std::string path = dir + "/observation_board_bench.db";
  for (const char* ext : {"", "-wal", "-shm", ".keys"}) std::filesystem::remove(path + ext);
  struct statfs fs {};
  statfs(dir.c_str(), &fs);
  std::printf("database %s (filesystem type 0x%lx)\n", path.c_str(), static_cast<unsigned long>(fs.f_type));

  fk::ManualClock clock(fk::DayStartUtcMs("2020-02-14", 480) + (20 * 60 + 30) * 60'000LL);
  fk::app::Config cfg;
  cfg.database.url = "sqlite:" + path;
  cfg.log_level = "warn";
  cfg.observation_sweep_seconds = 0;
  {
    fk::app::App setup(cfg, clock, false);
    fk::store::MigrateUp(setup.db());
    fk::app::DemoOptions o;
    o.screening = false;
    fk::app::LoadDemo(setup, o);
    setup.db().Close();
  }
  fk::app::App app(cfg, clock);
  auto& db = app.db();
  struct UnitRef {
    int64_t id;
    std::string path;
  };
  std::vector<UnitRef> units;
  int64_t admin = 0, households_base = 0;
  db.Read([&](fk::store::Connection& c) {
    for (const auto& r : c.Query("SELECT DISTINCT u.id, u.path FROM households h JOIN units u ON u.id = h.unit_id ORDER BY u.id").rows)
      units.push_back({r.Int(0), r.Text(1)});
    admin = c.QueryOne("SELECT id FROM users WHERE username = 'admin'")->Int(0);
  });
  (void)households_base;
  auto t0 = Clock::now();
  db.Write([&](fk::store::Connection& c) {
    const char* days[] = {"2020-02-12", "2020-02-13", "2020-02-14"};
    for (int i = 0; i < persons; ++i) {
      const UnitRef& u = units[static_cast<size_t>(i) % units.size()];
      int64_t h = c.Query("INSERT INTO households (unit_id, building, address, kind, created_at, updated_at) "
                          "VALUES (?, '', ?, 'owner_occupied', 0, 0) RETURNING id",
                          {u.id, "压测" + std::to_string(i) + "号"})
                      .front()
                      .Int(0);
      int64_t p = c.Query("INSERT INTO persons (household_id, unit_id, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0) "
                          "RETURNING id",
                          {h, u.id, "压测" + std::to_string(i)})
                      .front()
                      .Int(0);
      fk::observation::Period period;
      period.person_id = p;
      period.household_id = h;
      period.unit_id = u.id;
      period.reason = "returned_from_elsewhere";
      period.start_day = days[i % 3];
      period.length_days = 14;
      period.end_day = fk::observation::EndDay(period.start_day, 14);
      period.cadre_id = admin;
      period.started_by = admin;
      period.started_at = clock.NowMs();
      fk::observation::store::InsertPeriod(c, period, "");
      fk::residents::AddDaily(c, u.id, period.start_day, {{fk::residents::Daily::kObservationStarted, 1}});
    }
  });
  auto t1 = Clock::now();
  std::printf("filed %d persons with one period each in %.1f s\n", persons, Ms(t1 - t0) / 1000);
  auto& svc = app.observation();
  auto sweep = svc.SweepNow();
  auto t2 = Clock::now();
  std::printf("sweep: %lld rounds created, %lld missed with an alert each, in %.1f s\n",
              static_cast<long long>(sweep.rounds_created), static_cast<long long>(sweep.rounds_missed), Ms(t2 - t1) / 1000);
  auto again = svc.SweepNow();
  std::printf("second sweep: %lld created, %lld missed, %.1f ms\n", static_cast<long long>(again.rounds_created),
              static_cast<long long>(again.rounds_missed), Ms(Clock::now() - t2));

  fk::auth::Principal root;
  root.user_id = admin;
  root.unit_path = "/1/";
  db.Read([&](fk::store::Connection& c) {
    auto r = c.QueryOne("SELECT id, path FROM units WHERE parent_id IS NULL");
    root.unit_id = r->Int(0);
    root.unit_path = r->Text(1);
  });
  root.roles = {"admin"};
  root.permissions = fk::auth::PermissionsForRoles(root.roles);
  for (int pass = 0; pass < 2; ++pass) {
    std::optional<int64_t> unit;
    if (pass == 1) unit = units.front().id;
    std::vector<double> times;
    fk::observation::Board b;
    for (int i = 0; i < calls; ++i) {
      auto s = Clock::now();
      b = svc.GetBoard(root, unit, std::string("2020-02-14"), 0, 50);
      times.push_back(Ms(Clock::now() - s));
    }
    std::printf("%s: under observation %lld, due %lld, done %lld, missed %lld, open alerts %lld, missing page %zu\n",
                pass == 0 ? "city" : "one community", static_cast<long long>(b.counts.under_observation),
                static_cast<long long>(b.counts.rounds_due), static_cast<long long>(b.counts.rounds_done),
                static_cast<long long>(b.counts.rounds_missed), static_cast<long long>(b.open_alerts), b.missing.size());
    Report(pass == 0 ? "GetBoard (city, 14 Feb)" : "GetBoard (one community, 14 Feb)", times);
  }
  auto diffs = svc.VerifyRollups();
  std::printf("verify rollups: %zu differences\n", diffs.size());
  db.Close();
  for (const char* ext : {"", "-wal", "-shm", ".keys"}) std::filesystem::remove(path + ext);
  return diffs.empty() ? 0 : 1;
}
