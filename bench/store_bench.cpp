// store_bench: durable writes per second through Database::Write.
//
// Opens a fresh SQLite database (WAL, synchronous=FULL) for each case and lets
// N client threads insert one row per Write for a fixed time. Every Write
// returns only after its commit is on disk, so writes/s is the rate of
// acknowledged, durable writes. Reports writes/s, the p50/p99 latency of one
// Write call and the mean commit batch size (from Database::stats()). The
// baseline is one thread with commit_max_batch=1: one fsync'd commit per write.
// With FK_TEST_PG_URL set (scripts/with-pg), the same cases run on PostgreSQL
// (pool of 16 connections, one commit per write).
//
//   store_bench [--seconds N] [--db-dir DIR] [--threads 1,8,64,256] [--no-pg]
//
// The database lives in a fresh folder under --db-dir (default: a new folder
// under /tmp). fsync cost on tmpfs means nothing: the program prints the
// filesystem it used and warns when it is tmpfs.
#include <stdlib.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using fk::store::Connection;
using fk::store::Database;
using fk::store::DatabaseOptions;
using fk::store::DatabaseStats;
using Clock = std::chrono::steady_clock;

constexpr const char* kCreateTable =
    "CREATE TABLE bench_rows (id ${ID}, client_key TEXT NOT NULL UNIQUE, unit_id ${BIGINT} NOT NULL,"
    " payload TEXT NOT NULL) ${STRICT}";
constexpr const char* kInsert = "INSERT INTO bench_rows (client_key, unit_id, payload) VALUES (?, ?, ?)";
constexpr const char* kCount = "SELECT COUNT(*) FROM bench_rows";

struct Flags {
  int seconds = 3;
  std::string db_dir;
  std::vector<int> threads = {1, 8, 64, 256};
  bool pg = true;
};

struct Case {
  std::string backend;  // "sqlite" or "postgres"
  std::string label;    // what is special about this case
  int threads;
  int commit_max_batch = 512;
  int commit_max_wait_us = 500;
};

struct Outcome {
  int64_t writes = 0;
  int64_t failures = 0;
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double mean_batch = 0;
  int64_t commits = 0;
  bool count_matches = false;
};

[[noreturn]] void Usage(const char* argv0) {
  std::cerr << "usage: " << argv0 << " [--seconds N] [--db-dir DIR] [--threads 1,8,64,256] [--no-pg]\n";
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(argv[0]);
      return argv[++i];
    };
    if (a == "--seconds") {
      f.seconds = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--db-dir") {
      f.db_dir = value();
    } else if (a == "--threads") {
      f.threads.clear();
      std::stringstream list(value());
      for (std::string n; std::getline(list, n, ',');)
        if (int t = std::atoi(n.c_str()); t > 0) f.threads.push_back(t);
      if (f.threads.empty()) Usage(argv[0]);
    } else if (a == "--no-pg") {
      f.pg = false;
    } else {
      Usage(argv[0]);
    }
  }
  return f;
}

std::string FilesystemName(long type) {
  switch (static_cast<unsigned long>(type)) {
    case 0xEF53:
      return "ext2/3/4";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x01021994:
      return "tmpfs";
    case 0x794C7630:
      return "overlayfs";
    case 0x6969:
      return "nfs";
    case 0x2FC12FC1:
      return "zfs";
    case 0xF2F52010:
      return "f2fs";
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "type 0x%lx", static_cast<unsigned long>(type));
      return buf;
    }
  }
}

// "ext2/3/4 on /dev/vda (mounted at /)": the statfs type plus the mount that holds path.
std::string DescribeFilesystem(const std::filesystem::path& path, bool* is_tmpfs) {
  struct statfs s {};
  std::string type = "unknown";
  if (statfs(path.c_str(), &s) == 0) type = FilesystemName(s.f_type);
  *is_tmpfs = type == "tmpfs";
  std::ifstream mounts("/proc/mounts");
  std::string best_dev, best_point, best_type;
  std::string canonical = std::filesystem::weakly_canonical(path).string();
  for (std::string line; std::getline(mounts, line);) {
    std::istringstream fields(line);
    std::string dev, point, fstype;
    fields >> dev >> point >> fstype;
    bool inside = canonical == point || point == "/" ||
                  (canonical.starts_with(point) && canonical.size() > point.size() && canonical[point.size()] == '/');
    if (inside && point.size() >= best_point.size()) best_dev = dev, best_point = point, best_type = fstype;
  }
  if (!best_type.empty()) type = best_type;
  *is_tmpfs = *is_tmpfs || best_type == "tmpfs";
  return type + " on " + best_dev + " (mounted at " + best_point + ")";
}

std::string CpuModel() {
  std::ifstream cpu("/proc/cpuinfo");
  for (std::string line; std::getline(cpu, line);)
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  return "unknown";
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

Outcome Run(Database& db, int threads, int seconds) {
  db.Write([&](Connection& c) { c.ExecScript(fk::store::ExpandMacros(kCreateTable, db.dialect())); });
  DatabaseStats before = db.stats();

  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int64_t> failures{0};
  std::atomic<bool> stop{false};
  std::latch ready(threads + 1);
  std::vector<std::thread> clients;
  const std::string payload(120, 'x');
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      auto& mine = latencies[t];
      mine.reserve(1 << 16);
      ready.arrive_and_wait();
      while (!stop.load(std::memory_order_relaxed)) {
        std::string key = fk::NewUuidV7();
        auto start = Clock::now();
        try {
          db.Write([&](Connection& c) { c.Exec(kInsert, {key, t % 97 + 1, payload}); });
        } catch (const fk::Error&) {
          ++failures;
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
    });
  }
  ready.arrive_and_wait();
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& c : clients) c.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  DatabaseStats after = db.stats();

  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  Outcome o;
  o.writes = static_cast<int64_t>(all.size());
  o.failures = failures.load();
  o.seconds = elapsed;
  o.p50_ms = Percentile(all, 0.50);
  o.p99_ms = Percentile(all, 0.99);
  o.max_ms = all.empty() ? 0 : all.back();
  o.commits = after.commits - before.commits;
  int64_t batched = after.batch_size_sum - before.batch_size_sum;
  o.mean_batch = o.commits > 0 ? static_cast<double>(batched) / static_cast<double>(o.commits) : 0;
  int64_t rows = db.Read([](Connection& c) { return c.QueryOne(kCount)->Int(0); });
  o.count_matches = rows == o.writes;
  return o;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);

  std::filesystem::path root;
  if (flags.db_dir.empty()) {
    std::string pattern = "/tmp/fk-store-bench.XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    root = pattern;
  } else {
    std::filesystem::create_directories(flags.db_dir);
    std::string pattern = (std::filesystem::path(flags.db_dir) / "run.XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    root = pattern;
  }
  bool tmpfs = false;
  std::string fs = DescribeFilesystem(root, &tmpfs);

  const char* pg_env = std::getenv("FK_TEST_PG_URL");
  std::string pg_url = flags.pg && pg_env ? pg_env : "";

  std::vector<Case> cases;
  cases.push_back({"sqlite", "baseline: commit_max_batch=1 (no grouping)", 1, 1, 0});
  for (int t : flags.threads) cases.push_back({"sqlite", "group commit (batch<=512, wait 500 us)", t, 512, 500});
  for (int t : {1, 64}) cases.push_back({"sqlite", "group commit, no gathering wait (wait 0)", t, 512, 0});
  if (!pg_url.empty())
    for (int t : flags.threads) cases.push_back({"postgres", "pool 16, one commit per write", t, 1, 0});

  std::cout << "# store_bench\n\n"
            << "- database folder: " << root.string() << "\n"
            << "- filesystem: " << fs << "\n"
            << "- SQLite: WAL, synchronous=FULL; one row per Write; " << flags.seconds << " s per case\n"
            << "- CPUs: " << std::thread::hardware_concurrency() << " x " << CpuModel() << "\n";
  if (!pg_url.empty()) std::cout << "- PostgreSQL: FK_TEST_PG_URL (fsync=on under scripts/with-pg)\n";
  if (tmpfs)
    std::cout << "\n> WARNING: the database folder is on tmpfs: fsync costs nothing there, so these figures say"
                 " nothing about a disk. Use --db-dir on a real disk.\n";
  std::cout << "\n| backend | case | threads | writes/s | writes | p50 ms | p99 ms | max ms | mean batch | commits |\n"
            << "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            << std::flush;

  int failed_checks = 0;
  int n = 0;
  for (const Case& c : cases) {
    DatabaseOptions o;
    o.commit_max_batch = c.commit_max_batch;
    o.commit_max_wait_us = c.commit_max_wait_us;
    o.synchronous = "FULL";
    std::filesystem::path dir = root / ("case" + std::to_string(++n));
    if (c.backend == "sqlite") {
      std::filesystem::create_directories(dir);
      o.url = "sqlite:" + (dir / "bench.db").string();
    } else {
      o.url = pg_url;
      o.read_pool_size = 16;
    }
    Outcome r;
    try {
      auto db = fk::store::OpenDatabase(o);
      if (c.backend == "postgres")
        db->Write([](Connection& conn) { conn.ExecScript("DROP TABLE IF EXISTS bench_rows"); });
      r = Run(*db, c.threads, flags.seconds);
      db->Close();
    } catch (const fk::Error& e) {
      std::cerr << "case " << c.backend << " " << c.threads << " threads failed: " << e.message() << "\n";
      ++failed_checks;
      continue;
    }
    std::filesystem::remove_all(dir);
    std::cout << "| " << c.backend << " | " << c.label << " | " << c.threads << " | "
              << Fixed(static_cast<double>(r.writes) / r.seconds, 0) << " | " << r.writes << " | " << Fixed(r.p50_ms, 2)
              << " | " << Fixed(r.p99_ms, 2) << " | " << Fixed(r.max_ms, 1) << " | " << Fixed(r.mean_batch, 1) << " | "
              << r.commits << " |\n"
              << std::flush;
    if (!r.count_matches || r.failures > 0) {
      std::cerr << "check failed: " << r.failures
                << " failed writes; row count matches acknowledgements: " << (r.count_matches ? "yes" : "NO") << "\n";
      ++failed_checks;
    }
  }
  std::filesystem::remove_all(root);
  return failed_checks == 0 ? 0 : 1;
}
