// screening_bench: the screening module without HTTP.
//
//   screening_bench batch [--db-dir DIR] [--seconds N] [--clients 1,2,4] [--batch 1000]
//     A fresh SQLite database (WAL, synchronous=FULL, default group commit)
//     with the demo city loaded (about 116k passages), then K client threads
//     call ScreeningService::CreateBatch with `--batch` new valid records each
//     (unique UUIDv7 keys, 1–3 occupants at 36.x °C, 豫A plates, origin
//     河南省郑州市) for N seconds. Prints records/s, the latency of one
//     CreateBatch call, and the cost of the database-free part
//     (PreparePassage: validation and normalisation) per record. Checks that
//     the rows stored equal the records acknowledged "created".
//
//   screening_bench gen --db PATH --passages N [--days 25]
//     Makes a database for the read benchmarks: the demo city (units, points,
//     users, rules), then replaces its checkpoint records with N generated
//     passages over 2020-01-20 .. (25 days by default) on every checkpoint and
//     station, inserted with plain SQL in large transactions
//     (PRAGMA synchronous=OFF: generator only), and the matching
//     screening_daily rollups, so `fangkong verify-rollups` passes. Time-
//     ordered UUIDv7 client keys, as phones make them.
//
// The database folder should be on a real disk (fsync on tmpfs is free):
// the program prints the filesystem.
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/statfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "app/app.h"
#include "app/demo.h"
#include "auth/auth_service.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "screening/service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string Filesystem(const fs::path& path) {
  std::ifstream mounts("/proc/mounts");
  std::string best_dev, best_point, best_type;
  std::string canonical = fs::weakly_canonical(path).string();
  for (std::string line; std::getline(mounts, line);) {
    std::istringstream f(line);
    std::string dev, point, type;
    f >> dev >> point >> type;
    bool inside = point == "/" || canonical == point ||
                  (canonical.starts_with(point) && canonical.size() > point.size() && canonical[point.size()] == '/');
    if (inside && point.size() >= best_point.size()) best_dev = dev, best_point = point, best_type = type;
  }
  return best_type + " on " + best_dev + " (mounted at " + best_point + ")";
}

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 2; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return def;
}

fk::app::Config ConfigFor(const std::string& db_path) {
  fk::app::Config cfg;
  cfg.database.url = "sqlite:" + db_path;
  cfg.log_level = "warn";
  return cfg;
}

// A fresh database with the demo city; returns nothing, the file stays.
void MakeDemoDb(const std::string& db_path, bool screening) {
  fk::app::App app(ConfigFor(db_path), fk::SystemClock::Default(), false);
  fk::store::MigrateUp(app.db());
  fk::app::DemoOptions o;
  o.screening = screening;
  fk::app::LoadDemo(app, o);
  app.db().Close();
}

// ---- batch ----------------------------------------------------------------

const char kPlateChars[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fk::screening::PassageInput RandomInput(std::mt19937_64& rng, int64_t point_id, int64_t now_ms) {
  fk::screening::PassageInput in;
  in.client_key = fk::NewUuidV7();
  in.point_id = point_id;
  in.vehicle_kind = "car";
  std::string plate = "豫A";
  for (int i = 0; i < 5; ++i) plate.push_back(kPlateChars[rng() % (sizeof kPlateChars - 1)]);
  in.plate = plate;
  in.direction = "in";
  int n = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) {
    fk::screening::Occupant o;
    o.temperature = 360 + static_cast<int>(rng() % 10);
    in.occupants.push_back(o);
  }
  in.origin_code = "410100";
  in.origin_name = "河南省郑州市";
  in.destination = "新郑市";
  in.purpose = "return_to_work";
  in.device_time_ms = now_ms;
  return in;
}

int RunBatch(int argc, char** argv) {
  std::string dir = Arg(argc, argv, "--db-dir", "build/bench-tmp");
  int seconds = std::stoi(Arg(argc, argv, "--seconds", "10"));
  size_t batch = static_cast<size_t>(std::stoi(Arg(argc, argv, "--batch", "1000")));
  std::vector<int> clients;
  {
    std::stringstream s(Arg(argc, argv, "--clients", "1,2,4"));
    for (std::string n; std::getline(s, n, ',');) clients.push_back(std::stoi(n));
  }
  fs::create_directories(dir);
  std::string tmpl = (fs::path(dir) / "screening.XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    return 1;
  }
  fs::path root = tmpl;
  std::cout << "# screening_bench batch\n\n- database folder: " << root.string() << " (" << Filesystem(root)
            << ")\n- SQLite WAL, synchronous=FULL, group commit defaults (batch<=512, wait 500 us)\n- " << batch
            << " records per CreateBatch, " << seconds << " s per case, fresh demo database per case\n\n";
  std::cout << "| clients | records/s | records | CreateBatch calls | p50 ms | p99 ms | mean batch | rows = created |\n"
            << "|---:|---:|---:|---:|---:|---:|---:|---|\n"
            << std::flush;

  int failures = 0;
  double prepare_us_per_record = 0;
  for (size_t ci = 0; ci < clients.size(); ++ci) {
    int k = clients[ci];
    std::string db_path = (root / ("case" + std::to_string(ci) + ".db")).string();
    MakeDemoDb(db_path, true);
    fk::app::App app(ConfigFor(db_path), fk::SystemClock::Default());
    auto login = app.auth().Login("admin", fk::app::kDemoPassword, "127.0.0.1", "screening_bench");
    auto principal = app.auth().Authenticate(login.token);
    int64_t point_id = app.db().Read([](fk::store::Connection& c) {
      return c.QueryOne("SELECT id FROM points WHERE kind = 'checkpoint' AND active = 1 ORDER BY id LIMIT 1")->Int(0);
    });
    auto count = [&] {
      return app.db().Read([](fk::store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM passages")->Int(0); });
    };
    int64_t rows_before = count();
    auto& svc = app.screening();

    if (ci == 0) {  // the database-free part, once: PreparePassage per record
      std::mt19937_64 rng(1);
      std::vector<fk::screening::PassageInput> inputs;
      int64_t now = fk::SystemClock::Default().NowMs();
      for (int i = 0; i < 20000; ++i) inputs.push_back(RandomInput(rng, point_id, now));
      auto t0 = Clock::now();
      size_t ok = 0;
      for (const auto& in : inputs) {
        fk::FieldErrors errs;
        auto p = fk::screening::PreparePassage(in, now, 480, errs);
        ok += errs.empty() ? 1 : 0;
      }
      prepare_us_per_record = Seconds(t0, Clock::now()) * 1e6 / static_cast<double>(inputs.size());
      if (ok != inputs.size()) std::cerr << "PreparePassage refused generated records\n";
    }

    fk::store::DatabaseStats stats_before = app.db().stats();
    std::atomic<bool> stop{false};
    std::atomic<int64_t> created{0}, not_created{0};
    std::vector<std::vector<double>> lat(k);
    std::latch ready(k + 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < k; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937_64 rng(100 + t);
        ready.arrive_and_wait();
        while (!stop.load()) {
          std::vector<fk::screening::PassageInput> inputs;
          inputs.reserve(batch);
          int64_t now = fk::SystemClock::Default().NowMs();
          for (size_t i = 0; i < batch; ++i) inputs.push_back(RandomInput(rng, point_id, now));
          auto t0 = Clock::now();
          auto results = svc.CreateBatch(*principal, inputs);
          lat[t].push_back(Seconds(t0, Clock::now()) * 1000);
          for (const auto& r : results) (r.status == "created" ? created : not_created)++;
        }
      });
    }
    ready.arrive_and_wait();
    auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    double elapsed = Seconds(start, Clock::now());
    fk::store::DatabaseStats stats_after = app.db().stats();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    int64_t rows_added = count() - rows_before;
    int64_t commits = stats_after.commits - stats_before.commits;
    double mean_batch =
        commits ? static_cast<double>(stats_after.batch_size_sum - stats_before.batch_size_sum) / commits : 0;
    bool match = rows_added == created.load() && not_created.load() == 0;
    if (!match) ++failures;
    char line[512];
    std::snprintf(line, sizeof line, "| %d | %.0f | %lld | %zu | %.1f | %.1f | %.1f | %s |\n", k,
                  static_cast<double>(created.load()) / elapsed, static_cast<long long>(created.load()), all.size(),
                  Percentile(all, 0.5), Percentile(all, 0.99), mean_batch,
                  match ? "yes" : ("NO: rows " + std::to_string(rows_added) + ", not created " +
                                   std::to_string(not_created.load()))
                                      .c_str());
    std::cout << line << std::flush;
    app.db().Close();
  }
  std::printf("\nPreparePassage (validation and normalisation, no database): %.2f us per record\n",
              prepare_us_per_record);
  if (!getenv("KEEP_DB")) fs::remove_all(root);
  return failures ? 1 : 0;
}

// ---- gen ------------------------------------------------------------------

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql.c_str(), err ? err : "?");
    std::exit(1);
  }
}

// UUIDv7 text from a time in ms and 74 bits of sequence/random.
std::string Uuid7(int64_t ms, uint64_t seq, uint64_t rnd) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-7%03llx-%04llx-%012llx",
                static_cast<unsigned long long>((ms >> 16) & 0xffffffffULL),
                static_cast<unsigned long long>(ms & 0xffff), static_cast<unsigned long long>((seq >> 48) & 0xfff),
                static_cast<unsigned long long>(0x8000 | ((seq >> 32) & 0x3fff)),
                static_cast<unsigned long long>(((seq & 0xffffffffULL) << 16) | (rnd & 0xffff)));
  return buf;
}

struct Figures {
  int64_t vehicles = 0, people = 0, tested = 0, vehicles_back = 0, people_back = 0;
};

int RunGen(int argc, char** argv) {
  std::string db_path = Arg(argc, argv, "--db", "");
  int64_t n = std::stoll(Arg(argc, argv, "--passages", "10000"));
  int days = std::stoi(Arg(argc, argv, "--days", "25"));
  if (db_path.empty()) {
    std::cerr << "usage: screening_bench gen --db PATH --passages N [--days 25]\n";
    return 2;
  }
  if (fs::exists(db_path)) {
    std::cerr << db_path << " exists; give a new path\n";
    return 2;
  }
  fs::create_directories(fs::path(db_path).parent_path());
  auto t0 = Clock::now();
  MakeDemoDb(db_path, true);  // units, points, users, rule versions, receivers (and demo passages, replaced below)
  auto t_demo = Clock::now();

  sqlite3* db = nullptr;
  Check(db, sqlite3_open(db_path.c_str(), &db), "open");
  Exec(db, "PRAGMA journal_mode=OFF");
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA cache_size=-1048576");  // 1 GiB
  Exec(db, "BEGIN");
  Exec(db, "DELETE FROM handovers");
  Exec(db, "DELETE FROM passages");
  Exec(db, "DELETE FROM screening_daily");
  Exec(db, "COMMIT");

  struct Point {
    int64_t id, unit_id;
  };
  std::vector<Point> points;
  {
    sqlite3_stmt* s = nullptr;
    Check(db,
          sqlite3_prepare_v2(db, "SELECT id, unit_id FROM points WHERE kind IN ('checkpoint','station') AND active = 1 ORDER BY id",
                             -1, &s, nullptr),
          "prepare points");
    while (sqlite3_step(s) == SQLITE_ROW) points.push_back({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)});
    sqlite3_finalize(s);
  }
  int64_t admin_id = 0, rule_version = 1;
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT (SELECT id FROM users WHERE username='admin'), (SELECT MAX(version) FROM screening_rule_sets)",
                       -1, &s, nullptr);
    if (sqlite3_step(s) == SQLITE_ROW) admin_id = sqlite3_column_int64(s, 0), rule_version = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
  }
  if (points.empty()) {
    std::cerr << "no points\n";
    return 1;
  }

  sqlite3_stmt* ins = nullptr;
  Check(db,
        sqlite3_prepare_v2(
            db,
            "INSERT INTO passages (client_key, point_id, unit_id, day, vehicle_kind, plate, direction, occupants, people, "
            "people_tested, fever_count, origin_code, origin_name, destination, purpose, suggested, decision, reason, "
            "rule_version, operator_id, device_time, server_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
            -1, &ins, nullptr),
        "prepare insert");

  std::mt19937_64 rng(20200213);
  std::map<std::pair<int64_t, std::string>, std::pair<int64_t, Figures>> rollups;  // (point, day) -> (unit, figures)
  const int64_t first_day = fk::DaysFromCivil({2020, 1, 20});
  int64_t done = 0;
  uint64_t seq = 0;
  Exec(db, "BEGIN");
  for (int d = 0; d < days; ++d) {
    std::string day = fk::FormatDay(fk::CivilFromDays(first_day + d));
    int64_t day_start = fk::DayStartUtcMs(day, 480);
    int64_t per_day = n / days + (d < n % days ? 1 : 0);
    // 07:00 – 22:00 local, evenly spread, increasing within the day (keys are time-ordered).
    const int64_t span = 15LL * 3600 * 1000;
    for (int64_t i = 0; i < per_day; ++i) {
      int64_t at = day_start + 7LL * 3600 * 1000 + (per_day > 1 ? span * i / per_day : 0);
      const Point& pt = points[rng() % points.size()];
      uint64_t r = rng();
      bool on_foot = r % 20 == 0;
      bool truck = r % 20 == 1;
      bool hubei = (r >> 8) % 100 < 8;
      int people = 1 + static_cast<int>((r >> 16) % 3);
      std::string occupants = "[";
      for (int k = 0; k < people; ++k) {
        if (k) occupants += ",";
        occupants += "{\"t\":" + std::to_string(360 + static_cast<int>((r >> (24 + 4 * k)) % 10)) + "}";
      }
      occupants += "]";
      std::string plate;
      if (!on_foot) {
        plate = "豫A";
        uint64_t p = r >> 32;
        for (int k = 0; k < 5; ++k, p /= 34) plate.push_back(kPlateChars[p % 34]);
      }
      const char* decision = hubei ? "turned_back" : "pass";
      std::string key = Uuid7(at, ++seq, rng());
      int b = 1;
      sqlite3_bind_text(ins, b++, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, b++, pt.id);
      sqlite3_bind_int64(ins, b++, pt.unit_id);
      sqlite3_bind_text(ins, b++, day.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, b++, on_foot ? "on_foot" : truck ? "truck" : "car", -1, SQLITE_STATIC);
      if (on_foot) sqlite3_bind_null(ins, b++);
      else sqlite3_bind_text(ins, b++, plate.c_str(), static_cast<int>(plate.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, b++, (r >> 40) % 2 ? "in" : "out", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, occupants.c_str(), static_cast<int>(occupants.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int(ins, b++, people);
      sqlite3_bind_int(ins, b++, people);
      sqlite3_bind_text(ins, b++, hubei ? "420100" : "410100", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, hubei ? "湖北省武汉市" : "河南省郑州市", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, "新郑市", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, "return_to_work", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, decision, -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, decision, -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins, b++, rule_version);
      sqlite3_bind_int64(ins, b++, admin_id);
      sqlite3_bind_int64(ins, b++, at);
      sqlite3_bind_int64(ins, b++, at + 1500);
      Check(db, sqlite3_step(ins), "insert");
      sqlite3_reset(ins);

      auto& [unit, f] = rollups[{pt.id, day}];
      unit = pt.unit_id;
      if (!on_foot) f.vehicles += 1;
      f.people += people;
      f.tested += people;
      if (hubei) {
        if (!on_foot) f.vehicles_back += 1;
        f.people_back += people;
      }
      if (++done % 500000 == 0) {
        Exec(db, "COMMIT");
        Exec(db, "BEGIN");
        std::fprintf(stderr, "\r%lld rows, %.0f rows/s", static_cast<long long>(done),
                     static_cast<double>(done) / Seconds(t_demo, Clock::now()));
      }
    }
  }
  sqlite3_finalize(ins);
  sqlite3_stmt* roll = nullptr;
  Check(db,
        sqlite3_prepare_v2(db,
                           "INSERT INTO screening_daily (point_id, day, unit_id, vehicles, people, people_tested, "
                           "vehicles_turned_back, people_turned_back, fever, handovers, handovers_receipted) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
                           -1, &roll, nullptr),
        "prepare rollup");
  for (const auto& [key, v] : rollups) {
    const auto& [unit, f] = v;
    sqlite3_bind_int64(roll, 1, key.first);
    sqlite3_bind_text(roll, 2, key.second.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(roll, 3, unit);
    sqlite3_bind_int64(roll, 4, f.vehicles);
    sqlite3_bind_int64(roll, 5, f.people);
    sqlite3_bind_int64(roll, 6, f.tested);
    sqlite3_bind_int64(roll, 7, f.vehicles_back);
    sqlite3_bind_int64(roll, 8, f.people_back);
    Check(db, sqlite3_step(roll), "rollup");
    sqlite3_reset(roll);
  }
  sqlite3_finalize(roll);
  Exec(db, "COMMIT");
  auto t_rows = Clock::now();
  // No ANALYZE: the server never runs it, so the query plans stay those of a real database.
  Exec(db, "PRAGMA journal_mode=WAL");
  sqlite3_close(db);
  auto t_end = Clock::now();
  std::fprintf(stderr, "\n");
  std::printf("gen: %s: %lld passages over %d days on %zu points, %zu rollup rows; demo %.1f s, rows %.1f s (%.0f rows/s), "
              "WAL %.1f s, total %.1f s; %.2f GB\n",
              db_path.c_str(), static_cast<long long>(done), days, points.size(), rollups.size(), Seconds(t0, t_demo),
              Seconds(t_demo, t_rows), static_cast<double>(done) / Seconds(t_demo, t_rows), Seconds(t_rows, t_end),
              Seconds(t0, t_end), static_cast<double>(fs::file_size(db_path)) / 1e9);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "batch") return RunBatch(argc, argv);
    if (mode == "gen") return RunGen(argc, argv);
  } catch (const fk::Error& e) {
    std::cerr << "error: " << e.message() << "\n";
    return 1;
  }
  std::cerr << "usage: screening_bench batch [--db-dir DIR] [--seconds N] [--clients 1,2,4] [--batch 1000]\n"
               "       screening_bench gen --db PATH --passages N [--days 25]\n";
  return 2;
}
