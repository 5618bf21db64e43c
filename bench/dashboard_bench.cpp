// dashboard_bench: the command dashboard's read (GET /api/v1/command/dashboard)
// over HTTP at a city scale, quiet and while 500 clients post passages.
//
//   dashboard_bench gen --db PATH [--passages 10000000] [--days 60] [--units 200] [--verify]
//     A fresh SQLite database with the demo city (units, points, users, rules;
//     not the demo passages), grown to `units` administrative units (new towns
//     under the city, five communities each, a checkpoint per town and one per
//     second community), then N passages spread over `days` days ending
//     2020-02-13 on every checkpoint and station, written with plain SQL in
//     large transactions (synchronous=OFF: generator only) together with the
//     matching screening_daily rows, and one synthetic community_daily row per
//     community-level unit per day (small random counts; the community records
//     behind them are not generated) with community_monthly rebuilt from them.
//     --verify: recount the screening rollups from the passages
//     (ScreeningService::VerifyRollups) and fail on any difference.
//
//   dashboard_bench run --db PATH [--seconds 30] [--conns 500] [--think-ms 1000] [--wrk wrk]
//                       [--lua bench/dashboard_post.lua] [--quiet-requests 200]   (run from the source folder)
//     Starts the server in-process on a free port (access log off), signs in as
//     admin, then measures the dashboard of the city and of one town (day =
//     today in the city, the default 14-day trend) with sequential requests on
//     one keep-alive connection: first on a quiet server, then while `wrk
//     -t2 -c<conns>` posts single passages for `seconds`, each connection one
//     passage every `think-ms` (bench/dashboard_post.lua; 0: back to back,
//     which saturates the machine's CPUs). Prints p50 / p99 / max per case, the passages acknowledged,
//     and checks that the city's figures for today equal the passages stored
//     today once the load stops.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/demo.h"
#include "auth/auth_service.h"
#include "core/clock.h"
#include "core/error.h"
#include "screening/service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 2; i < argc; ++i)
    if (argv[i] == name) return i + 1 < argc ? argv[i + 1] : "1";
  return def;
}
bool Flag(int argc, char** argv, const std::string& name) {
  for (int i = 2; i < argc; ++i)
    if (argv[i] == name) return true;
  return false;
}

fk::app::Config ConfigFor(const std::string& db_path) {
  fk::app::Config cfg;
  cfg.database.url = "sqlite:" + db_path;
  cfg.log_level = "warn";
  cfg.access_log = false;
  cfg.server.port = 0;
  return cfg;
}

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}
void Exec(sqlite3* db, const std::string& sql) {
  Check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
}
int64_t Scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  Check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), sql.c_str());
  int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return v;
}

std::string Uuid7(int64_t ms, uint64_t seq, uint64_t rnd) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-7%03llx-%04llx-%012llx",
                static_cast<unsigned long long>((ms >> 16) & 0xffffffffULL),
                static_cast<unsigned long long>(ms & 0xffff), static_cast<unsigned long long>((seq >> 48) & 0xfff),
                static_cast<unsigned long long>(0x8000 | ((seq >> 32) & 0x3fff)),
                static_cast<unsigned long long>(((seq & 0xffffffffULL) << 16) | (rnd & 0xffff)));
  return buf;
}

// ---- gen --------------------------------------------------------------------

int64_t AddUnit(sqlite3* db, int64_t parent, const std::string& parent_path, const std::string& level,
                const std::string& code, const std::string& name) {
  Exec(db, "INSERT INTO units (parent_id, code, name, level, path, active, created_at, updated_at) VALUES (" +
               std::to_string(parent) + ", '" + code + "', '" + name + "', '" + level + "', '', 1, 0, 0)");
  int64_t id = sqlite3_last_insert_rowid(db);
  Exec(db, "UPDATE units SET path = '" + parent_path + std::to_string(id) + "/' WHERE id = " + std::to_string(id));
  return id;
}

int RunGen(int argc, char** argv) {
  std::string db_path = Arg(argc, argv, "--db", "");
  int64_t n = std::stoll(Arg(argc, argv, "--passages", "10000000"));
  int days = std::stoi(Arg(argc, argv, "--days", "60"));
  int want_units = std::stoi(Arg(argc, argv, "--units", "200"));
  if (db_path.empty() || fs::exists(db_path)) {
    std::cerr << "usage: dashboard_bench gen --db NEW_PATH [--passages N] [--days D] [--units U] [--verify]\n";
    return 2;
  }
  if (fs::path(db_path).has_parent_path()) fs::create_directories(fs::path(db_path).parent_path());
  auto t0 = Steady::now();
  {
    fk::app::App app(ConfigFor(db_path), fk::SystemClock::Default(), false);
    fk::store::MigrateUp(app.db());
    fk::app::DemoOptions o;
    o.screening = true;  // rule versions and receivers; its passages are replaced below
    fk::app::LoadDemo(app, o);
    app.db().Close();
  }
  auto t_demo = Steady::now();
  sqlite3* db = nullptr;
  Check(db, sqlite3_open(db_path.c_str(), &db), "open");
  Exec(db, "PRAGMA journal_mode=OFF");
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA cache_size=-1048576");
  Exec(db, "BEGIN");
  Exec(db, "DELETE FROM handovers");
  Exec(db, "DELETE FROM passages");
  Exec(db, "DELETE FROM screening_daily");
  Exec(db, "DELETE FROM community_monthly");
  Exec(db, "DELETE FROM community_daily");

  // Grow the tree to `units` administrative units: towns of five communities under the city.
  int64_t city = Scalar(db, "SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  std::string city_path = "/" + std::to_string(city) + "/";
  int64_t have = Scalar(db, "SELECT COUNT(*) FROM units WHERE level IN ('city','town','community','estate')");
  int64_t now = fk::SystemClock::Default().NowMs();
  for (int t = 0; have < want_units; ++t) {
    std::string tcode = "BT" + std::to_string(t);
    int64_t town = AddUnit(db, city, city_path, "town", tcode, "压测镇" + std::to_string(t + 1));
    ++have;
    std::string town_path = city_path + std::to_string(town) + "/";
    Exec(db, "INSERT INTO points (unit_id, name, kind, place, active, created_at, updated_at) VALUES (" +
                 std::to_string(town) + ", '压测镇" + std::to_string(t + 1) + "卡口', 'checkpoint', '', 1, " +
                 std::to_string(now) + ", " + std::to_string(now) + ")");
    for (int c = 0; c < 5 && have < want_units; ++c, ++have) {
      int64_t comm = AddUnit(db, town, town_path, "community", tcode + "C" + std::to_string(c),
                             "压测镇" + std::to_string(t + 1) + "第" + std::to_string(c + 1) + "社区");
      if (c % 2 == 0)
        Exec(db, "INSERT INTO points (unit_id, name, kind, place, active, created_at, updated_at) VALUES (" +
                     std::to_string(comm) + ", '社区卡点" + std::to_string(comm) + "', 'checkpoint', '', 1, " +
                     std::to_string(now) + ", " + std::to_string(now) + ")");
    }
  }
  Exec(db, "COMMIT");

  struct Point {
    int64_t id, unit_id;
  };
  std::vector<Point> points;
  {
    sqlite3_stmt* s = nullptr;
    Check(db,
          sqlite3_prepare_v2(
              db, "SELECT id, unit_id FROM points WHERE kind IN ('checkpoint','station') AND active = 1 ORDER BY id",
              -1, &s, nullptr),
          "points");
    while (sqlite3_step(s) == SQLITE_ROW) points.push_back({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)});
    sqlite3_finalize(s);
  }
  int64_t admin_id = Scalar(db, "SELECT id FROM users WHERE username = 'admin'");
  int64_t rule_version = Scalar(db, "SELECT MAX(version) FROM screening_rule_sets");

  sqlite3_stmt* ins = nullptr;
  Check(db,
        sqlite3_prepare_v2(
            db,
            "INSERT INTO passages (client_key, point_id, unit_id, day, vehicle_kind, plate, direction, occupants, "
            "people, people_tested, fever_count, origin_code, origin_name, destination, purpose, suggested, "
            "decision, reason, rule_version, operator_id, device_time, server_time) "
            "VALUES (?, ?, ?, ?, ?, ?, 'in', ?, ?, ?, 0, ?, ?, '新郑市', 'return_to_work', ?, ?, '', ?, ?, ?, ?)",
            -1, &ins, nullptr),
        "prepare insert");
  struct Fig {
    int64_t unit = 0, vehicles = 0, people = 0, vehicles_back = 0, people_back = 0;
  };
  std::map<std::pair<int64_t, std::string>, Fig> rollups;
  std::mt19937_64 rng(20200213);
  const int64_t last_day = fk::DaysFromCivil({2020, 2, 13});
  const char kPlate[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  int64_t done = 0;
  uint64_t seq = 0;
  auto t_rows0 = Steady::now();
  Exec(db, "BEGIN");
  for (int d = 0; d < days; ++d) {
    std::string day = fk::FormatDay(fk::CivilFromDays(last_day - (days - 1) + d));
    int64_t day_start = fk::DayStartUtcMs(day, 480);
    int64_t per_day = n / days + (d < n % days ? 1 : 0);
    for (int64_t i = 0; i < per_day; ++i) {
      int64_t at = day_start + 7LL * 3600 * 1000 + (per_day > 1 ? 15LL * 3600 * 1000 * i / per_day : 0);
      const Point& pt = points[rng() % points.size()];
      uint64_t r = rng();
      bool on_foot = r % 20 == 0, hubei = (r >> 8) % 100 < 8;
      int people = 1 + static_cast<int>((r >> 16) % 3);
      std::string occ = "[";
      for (int k = 0; k < people; ++k)
        occ += std::string(k ? "," : "") + "{\"t\":36" + std::to_string((r >> (24 + 4 * k)) % 10) + "}";
      occ += "]";
      std::string plate = "豫A";
      for (uint64_t p = r >> 32, k = 0; k < 5; ++k, p /= 34) plate.push_back(kPlate[p % 34]);
      const char* decision = hubei ? "turned_back" : "pass";
      std::string key = Uuid7(at, ++seq, rng());
      int b = 1;
      sqlite3_bind_text(ins, b++, key.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, b++, pt.id);
      sqlite3_bind_int64(ins, b++, pt.unit_id);
      sqlite3_bind_text(ins, b++, day.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, b++, on_foot ? "on_foot" : "car", -1, SQLITE_STATIC);
      if (on_foot)
        sqlite3_bind_null(ins, b++);
      else
        sqlite3_bind_text(ins, b++, plate.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, b++, occ.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(ins, b++, people);
      sqlite3_bind_int(ins, b++, people);
      sqlite3_bind_text(ins, b++, hubei ? "420100" : "410100", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, hubei ? "湖北省武汉市" : "河南省郑州市", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, decision, -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, b++, decision, -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins, b++, rule_version);
      sqlite3_bind_int64(ins, b++, admin_id);
      sqlite3_bind_int64(ins, b++, at);
      sqlite3_bind_int64(ins, b++, at + 1500);
      Check(db, sqlite3_step(ins), "insert");
      sqlite3_reset(ins);
      Fig& f = rollups[{pt.id, day}];
      f.unit = pt.unit_id;
      f.vehicles += on_foot ? 0 : 1;
      f.people += people;
      if (hubei) f.vehicles_back += on_foot ? 0 : 1, f.people_back += people;
      if (++done % 1000000 == 0) {
        Exec(db, "COMMIT");
        Exec(db, "BEGIN");
        std::fprintf(stderr, "\r%lld passages", static_cast<long long>(done));
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
  for (const auto& [key, f] : rollups) {
    sqlite3_bind_int64(roll, 1, key.first);
    sqlite3_bind_text(roll, 2, key.second.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(roll, 3, f.unit);
    sqlite3_bind_int64(roll, 4, f.vehicles);
    sqlite3_bind_int64(roll, 5, f.people);
    sqlite3_bind_int64(roll, 6, f.people);
    sqlite3_bind_int64(roll, 7, f.vehicles_back);
    sqlite3_bind_int64(roll, 8, f.people_back);
    Check(db, sqlite3_step(roll), "rollup");
    sqlite3_reset(roll);
  }
  sqlite3_finalize(roll);
  // Synthetic community rows: every community and estate, every day.
  std::string cols =
      "gate_exits, gate_returns, gate_visitors, refused_quota, refused_other, rounds_due, rounds_done, "
      "observation_started, observation_released, alerts_opened, alerts_closed, tasks_due, tasks_done";
  sqlite3_stmt* cd = nullptr;
  Check(db,
        sqlite3_prepare_v2(db,
                           ("INSERT INTO community_daily (unit_id, day, " + cols +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                               .c_str(),
                           -1, &cd, nullptr),
        "prepare community");
  std::vector<int64_t> communities;
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM units WHERE level IN ('community','estate')", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) communities.push_back(sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
  }
  int64_t community_rows = 0;
  for (int64_t u : communities)
    for (int d = 0; d < days; ++d) {
      std::string day = fk::FormatDay(fk::CivilFromDays(last_day - (days - 1) + d));
      sqlite3_bind_int64(cd, 1, u);
      sqlite3_bind_text(cd, 2, day.c_str(), -1, SQLITE_TRANSIENT);
      for (int k = 0; k < 13; ++k) sqlite3_bind_int64(cd, 3 + k, static_cast<int64_t>(rng() % 30));
      Check(db, sqlite3_step(cd), "community");
      sqlite3_reset(cd);
      ++community_rows;
    }
  sqlite3_finalize(cd);
  std::string all =
      "households_added, households_removed, persons_added, persons_removed, observation_started, "
      "observation_released, rounds_due, rounds_done, rounds_missed, gate_exits, gate_returns, gate_visitors, "
      "gate_overdue, gate_conflicts, refused_fever, refused_quota, refused_not_resident, refused_other, "
      "alerts_opened, alerts_closed, needs_opened, needs_closed, tasks_due, tasks_done";
  std::string sums;
  for (size_t i = 0, j = 0; i <= all.size(); ++i)
    if (i == all.size() || all[i] == ',') {
      std::string c = all.substr(j, i - j);
      c.erase(0, c.find_first_not_of(' '));
      sums += std::string(sums.empty() ? "" : ", ") + "SUM(" + c + ")";
      j = i + 1;
    }
  Exec(db, "INSERT INTO community_monthly (unit_id, month, " + all + ") SELECT unit_id, substr(day, 1, 7), " + sums +
               " FROM community_daily GROUP BY unit_id, substr(day, 1, 7)");
  Exec(db, "COMMIT");
  auto t_rows = Steady::now();
  Exec(db, "PRAGMA journal_mode=WAL");
  int64_t admin_units = Scalar(db, "SELECT COUNT(*) FROM units WHERE level IN ('city','town','community','estate')");
  sqlite3_close(db);
  std::printf(
      "gen: %s: %lld passages over %d days (to 2020-02-13) on %zu points, %zu screening_daily rows, "
      "%lld community_daily rows, %lld units; demo %.1f s, rows %.1f s (%.0f passages/s); %.2f GB\n",
      db_path.c_str(), static_cast<long long>(done), days, points.size(), rollups.size(),
      static_cast<long long>(community_rows), static_cast<long long>(admin_units), Seconds(t0, t_demo),
      Seconds(t_rows0, t_rows), static_cast<double>(done) / Seconds(t_rows0, t_rows),
      static_cast<double>(fs::file_size(db_path)) / 1e9);
  if (Flag(argc, argv, "--verify")) {
    fk::app::App app(ConfigFor(db_path), fk::SystemClock::Default());
    auto diffs = app.screening().VerifyRollups();
    std::printf("verify: screening_daily %s a recount of the passages (%zu differences)\n",
                diffs.empty() ? "equals" : "DIFFERS FROM", diffs.size());
    for (size_t i = 0; i < diffs.size() && i < 5; ++i) std::printf("  %s\n", diffs[i].c_str());
    return diffs.empty() ? 0 : 1;
  }
  return 0;
}

// ---- run --------------------------------------------------------------------

// One keep-alive HTTP/1.1 connection to 127.0.0.1, blocking.
class Conn {
 public:
  explicit Conn(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Conn() { close(fd_); }
  // Returns the status; body in `body`.
  int Get(const std::string& target, const std::string& token, std::string& body) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    if (send(fd_, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) throw std::runtime_error("send");
    size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) Fill();
    std::string head = buf_.substr(0, head_end);
    int status = std::stoi(head.substr(9, 3));
    size_t len = 0;
    std::string lower = head;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto p = lower.find("content-length:"); p != std::string::npos) len = std::stoul(lower.substr(p + 15));
    while (buf_.size() < head_end + 4 + len) Fill();
    body = buf_.substr(head_end + 4, len);
    buf_.erase(0, head_end + 4 + len);
    return status;
  }

 private:
  void Fill() {
    char tmp[65536];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) throw std::runtime_error("recv");
    buf_.append(tmp, static_cast<size_t>(n));
  }
  int fd_ = -1;
  std::string buf_;
};

struct Case {
  std::string name, target;
  std::vector<double> ms;
};

void Report(const std::string& phase, const std::vector<Case>& cases) {
  for (const auto& c : cases)
    std::printf("| %s | %s | %zu | %.1f | %.1f | %.1f |\n", phase.c_str(), c.name.c_str(), c.ms.size(),
                Percentile(c.ms, 0.5), Percentile(c.ms, 0.99),
                c.ms.empty() ? 0 : *std::max_element(c.ms.begin(), c.ms.end()));
  std::fflush(stdout);
}

int RunLoad(int argc, char** argv) {
  std::string db_path = Arg(argc, argv, "--db", "");
  int seconds = std::stoi(Arg(argc, argv, "--seconds", "30"));
  int conns = std::stoi(Arg(argc, argv, "--conns", "500"));
  int quiet_n = std::stoi(Arg(argc, argv, "--quiet-requests", "200"));
  std::string wrk = Arg(argc, argv, "--wrk", "wrk");
  std::string lua = Arg(argc, argv, "--lua", "bench/dashboard_post.lua");
  int think_ms = std::stoi(Arg(argc, argv, "--think-ms", "1000"));
  if (db_path.empty() || !fs::exists(db_path)) {
    std::cerr << "usage: dashboard_bench run --db PATH [--seconds 30] [--conns 500]\n";
    return 2;
  }
  fk::app::App app(ConfigFor(db_path), fk::SystemClock::Default());
  int port = app.Start();
  auto login = app.auth().Login("admin", fk::app::kDemoPassword, "127.0.0.1", "dashboard_bench");
  int64_t city = 0, town = 0, point = 0, passages = 0;
  app.db().Read([&](fk::store::Connection& c) {
    city = c.QueryOne("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")->Int(0);
    town = c.QueryOne("SELECT id FROM units WHERE name = '压测镇1'")->Int(0);
    point = c.QueryOne("SELECT id FROM points WHERE kind = 'checkpoint' AND active = 1 ORDER BY id LIMIT 1")->Int(0);
    passages = c.QueryOne("SELECT COUNT(*) FROM passages")->Int(0);
  });
  std::printf("# dashboard_bench run: %s, %lld passages; server on port %d; %u CPUs\n\n", db_path.c_str(),
              static_cast<long long>(passages), port, std::thread::hardware_concurrency());
  std::vector<Case> cases = {{"city (新郑市)", "/api/v1/command/dashboard?unit_id=" + std::to_string(city), {}},
                             {"town (压测镇1)", "/api/v1/command/dashboard?unit_id=" + std::to_string(town), {}}};
  Conn conn(port);
  std::string body;
  auto measure = [&](Case& c) {
    auto t = Steady::now();
    int status = conn.Get(c.target, login.token, body);
    c.ms.push_back(Seconds(t, Steady::now()) * 1000);
    if (status != 200) throw std::runtime_error("dashboard status " + std::to_string(status) + ": " + body);
  };
  for (auto& c : cases) measure(c);  // warm the page cache and plans
  for (auto& c : cases) c.ms.clear();
  std::printf("| phase | dashboard | requests | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|\n");
  for (int i = 0; i < quiet_n; ++i)
    for (auto& c : cases) measure(c);
  std::size_t body_bytes = body.size();
  Report("quiet", cases);
  for (auto& c : cases) c.ms.clear();

  // Load: wrk posting single passages on `conns` keep-alive connections.
  std::string wrk_out = (fs::temp_directory_path() / ("dashboard_bench_wrk." + std::to_string(getpid()))).string();
  std::string cmd = "TOKEN=" + login.token + " POINT_ID=" + std::to_string(point) +
                    " THINK_MS=" + std::to_string(think_ms) + " " + wrk + " -t2 -c" + std::to_string(conns) + " -d" +
                    std::to_string(seconds) + "s --latency -s " + lua + " http://127.0.0.1:" + std::to_string(port) +
                    "/ > " + wrk_out + " 2>&1";
  std::atomic<bool> wrk_done{false};
  int wrk_rc = 0;
  std::thread load([&] {
    wrk_rc = std::system(cmd.c_str());
    wrk_done = true;
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the connections are open and posting
  auto until = Steady::now() + std::chrono::seconds(std::max(1, seconds - 3));
  while (Steady::now() < until && !wrk_done) {
    for (auto& c : cases) measure(c);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  load.join();
  Report(std::to_string(conns) + " clients posting" +
             (think_ms > 0 ? ", each every " + std::to_string(think_ms) + " ms" : ", back to back"),
         cases);
  std::printf("\nreply size (town): %zu bytes; wrk exit %d\n\n", body_bytes, wrk_rc);
  std::string tail = "tail -n 25 " + wrk_out + " && rm -f " + wrk_out;
  std::fflush(stdout);
  (void)std::system(tail.c_str());

  // Fresh figures: the city's today equals the passages stored today (a record count, for checking only),
  // once the last requests wrk left in flight have been answered.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::string today = fk::LocalDay(fk::SystemClock::Default().NowMs(), app.config().tz_offset_minutes);
  int64_t stored = app.db().Read([&](fk::store::Connection& c) {
    return c
        .QueryOne(
            "SELECT COUNT(*), SUM(CASE WHEN vehicle_kind <> 'on_foot' THEN 1 ELSE 0 END) FROM passages WHERE day = ?",
            {today})
        ->Int(1);
  });
  conn.Get(cases[0].target, login.token, body);
  int64_t shown = nlohmann::json::parse(body)["today"]["screening"]["vehicles"].get<int64_t>();
  std::printf("\nfreshness: city today vehicles on the dashboard %lld, passages stored today %lld: %s\n",
              static_cast<long long>(shown), static_cast<long long>(stored), shown == stored ? "equal" : "DIFFERENT");
  app.Stop();
  return shown == stored ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "gen") return RunGen(argc, argv);
    if (mode == "run") return RunLoad(argc, argv);
  } catch (const fk::Error& e) {
    std::cerr << "error: " << e.message() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: dashboard_bench gen --db PATH [--passages N] [--days D] [--units U] [--verify]\n"
               "       dashboard_bench run --db PATH [--seconds S] [--conns C] [--wrk wrk]\n";
  return 2;
}
