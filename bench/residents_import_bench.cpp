// residents_import_bench: 100,000 resident-file rows through FilesService::Import
// (the service the HTTP route and the CLI call), without HTTP.
//
//   residents_import_bench [--rows 100000] [--db-dir DIR]
//
// A fresh SQLite database (WAL, synchronous=FULL) with the demo city (no
// checkpoint records; the demo resident files are there, so addresses and
// numbers are checked against about 1,300 persons on file). Rows are spread
// over the 11 gated demo units (unit_code per row, imported at the city), 3
// persons per household, every one with a valid identity number and a phone,
// some staff / special / returned. It times:
//   1. the dry run: every part staged (5,000 rows each), then validation of
//      all rows, duplicates in the file and on file;
//   2. the commit: the same parts again, then validation and one transaction
//      inserting households, persons, events and rollups.
// Then checks the persons on file grew by exactly --rows.
#include <sys/statfs.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/demo.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "core/validation.h"
#include "residents/service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return def;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = std::stoul(Arg(argc, argv, "--rows", "100000"));
  std::filesystem::path dir = Arg(argc, argv, "--db-dir", "/tmp");
  dir /= "fk-import-bench-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  struct statfs fs {};
  statfs(dir.c_str(), &fs);
  std::printf("database folder %s (%s)\n", dir.c_str(), fs.f_type == 0x01021994 ? "tmpfs: fsync is free" : "disk");
  fk::app::Config cfg;
  cfg.database.url = "sqlite:" + (dir / "bench.sqlite").string();
  cfg.log_level = "warn";
  {
    fk::app::App setup(cfg, fk::SystemClock::Default(), false);
    fk::store::MigrateUp(setup.db());
    fk::app::DemoOptions o;
    o.screening = false;
    fk::app::LoadDemo(setup, o);
    setup.db().Close();
  }
  fk::app::App app(cfg, fk::SystemClock::Default());
  auto& db = app.db();
  std::vector<std::string> codes;
  int64_t city = 0;
  db.Read([&](fk::store::Connection& c) {
    city = c.QueryOne("SELECT id FROM units WHERE parent_id IS NULL")->Int(0);
    for (const auto& r : c.Query("SELECT DISTINCT u.code FROM households h JOIN units u ON u.id = h.unit_id ORDER BY u.code").rows)
      codes.push_back(r.Text(0));
  });
  auto count_persons = [&] {
    return db.Read([](fk::store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM persons")->Int(0); });
  };
  int64_t persons_before = count_persons();

  // Rows: valid, distinct identity numbers (birth day and sequence walk), distinct phones.
  std::mt19937 rng(4);
  std::vector<fk::residents::ImportRow> rows(n);
  for (size_t i = 0; i < n; ++i) {
    auto& r = rows[i];
    r.row = static_cast<int>(i + 2);
    size_t household = i / 3;
    r.unit_code = codes[household % codes.size()];
    r.building = "B" + std::to_string(100 + household / 600) + "栋";
    r.entrance = std::to_string(1 + (household / 200) % 3) + "单元";
    r.room = std::to_string(10000 + household);
    r.kind = household % 7 == 0 ? "rented" : "owner_occupied";
    r.name = std::string("测试") + std::to_string(i);
    int days = static_cast<int>(i / 500);  // 500 sequence numbers per birth day
    fk::CivilDate birth = fk::CivilFromDays(fk::DaysFromCivil({1950, 1, 1}) + days);
    char first17[24];
    std::snprintf(first17, sizeof first17, "410185%04d%02d%02d%03d", birth.year, birth.month, birth.day,
                  static_cast<int>(i % 500) + 100);
    r.id_number = std::string(first17) + fk::IdNumberCheckChar(first17);
    char phone[16];
    std::snprintf(phone, sizeof phone, "137%08zu", 10000000 + i);
    r.phone = phone;
    r.relation = i % 3 == 0 ? "head" : i % 3 == 1 ? "spouse" : "child";
    if (i % 50 == 0) r.is_staff = "是", r.staff_employer = "社区卫生服务中心", r.staff_duty = "值守";
    if (i % 37 == 0) r.special_kind = "chronic_illness", r.special_note = "高血压";
    if (i % 41 == 0) r.returned = "是", r.origin_name = "湖北省武汉市", r.origin_code = "420100", r.returned_on = "2020-01-22";
  }

  fk::auth::Principal root;
  root.unit_path = "/";
  root.roles = {"admin"};
  root.permissions = fk::auth::PermissionsForRoles(root.roles);
  fk::auth::Actor actor{0, "bench", "", ""};
  auto run = [&](bool dry_run, const std::string& key) {
    fk::residents::ImportRequest req;
    req.dry_run = dry_run;
    req.unit_id = city;
    req.import_key = key;
    size_t per = fk::residents::kMaxImportRowsPerPart;
    req.parts = static_cast<int64_t>((n + per - 1) / per);
    fk::residents::ImportResult r;
    for (int64_t part = 1; part <= req.parts; ++part) {
      req.part = part;
      size_t from = static_cast<size_t>(part - 1) * per;
      req.rows.assign(rows.begin() + static_cast<long>(from), rows.begin() + static_cast<long>(std::min(n, from + per)));
      r = app.files().Import(root, actor, req);
    }
    return r;
  };
  setvbuf(stdout, nullptr, _IONBF, 0);
  auto t0 = std::chrono::steady_clock::now();
  auto dry = run(true, "bench-dry");
  for (size_t i = 0; i < dry.errors.size() && i < 5; ++i)
    std::printf("  row %d %s %s %s\n", dry.errors[i].row, dry.errors[i].field.c_str(), dry.errors[i].rule.c_str(),
                dry.errors[i].message.c_str());
  double dry_s = Seconds(t0);
  std::printf("dry run: %zu rows in %.2f s (%.0f rows/s): %zu errors, %zu duplicates, %lld new households\n", n, dry_s,
              n / dry_s, dry.errors.size(), dry.duplicates.size(), static_cast<long long>(dry.households_new));
  t0 = std::chrono::steady_clock::now();
  auto done = run(false, "bench-commit");
  double commit_s = Seconds(t0);
  int64_t added = count_persons() - persons_before;
  std::printf("commit:  %zu rows in %.2f s (%.0f rows/s): %lld households, %lld persons on file added (%s)\n", n,
              commit_s, n / commit_s, static_cast<long long>(done.households_new), static_cast<long long>(added),
              added == static_cast<int64_t>(n) ? "ok" : "MISMATCH");
  app.db().Close();
  std::filesystem::remove_all(dir);
  return added == static_cast<int64_t>(n) && dry.errors.empty() ? 0 : 1;
}
