// Config: every setting of the program, read from fangkong.toml, then
// FANGKONG_* environment variables, then command-line flags (later wins).
// Only app/ reads configuration; other modules receive plain option structs.
#pragma once

#include <string>

#include "auth/auth_service.h"
#include "http/server.h"
#include "store/database.h"

namespace fk::app {

struct Config {
  http::ServerOptions server;
  std::string web_root = "web/dist";
  store::DatabaseOptions database;
  auth::AuthOptions auth;
  bool secure_cookies = false;
  std::string log_level = "info";
  bool access_log = true;
  int tz_offset_minutes = 480;
  // Field encryption key file; empty: beside the SQLite file (PATH.keys) or data/fangkong.keys.
  std::string key_file;
  // Home observation: seconds between background sweeps (due rounds, missed rounds, alerts); 0: off.
  int observation_sweep_seconds = 60;
  // Home observation: how many local days back from today the sweep still creates (and marks missed) due
  // rounds; older unrecorded days are not due (a server started long after a period is not flooded).
  int observation_catch_up_days = 3;
  // Daily report: the cut-off of a report day, minutes after local midnight (report.cutoff "24:00" = 1440).
  int report_cutoff_minutes = 1440;
  // Daily report: seconds between automatic snapshot sweeps; 0: off (snapshots then only on demand).
  int report_snapshot_seconds = 60;
  // Daily report: how many past days the sweep still snapshots after downtime.
  int report_catch_up_days = 7;
  // glibc malloc: at most this many arenas (fewer arenas hold less freed memory); 0: glibc's default.
  int malloc_arenas = 2;
  // Seconds between giving memory freed by the program back to the system (glibc malloc_trim); 0: never.
  int memory_trim_seconds = 60;
  // Browser tests only: serve POST /api/v1/testing/clock to move the server's clock. Never in production.
  bool testing_clock_api = false;
};

// The key file to use: config.key_file, else derived from the database URL.
std::string KeyFilePath(const Config& config);

// Loads `path` when it exists (a missing default file is fine; a missing
// explicit file is an error), then applies FANGKONG_* variables.
// Throws fk::Error(kBadRequest) with one clear line naming the key and the rule.
Config LoadConfig(const std::string& path, bool explicit_path);

// The documented list of keys, for `fangkong config` and docs/operations.md.
std::string ConfigReference();

}  // namespace fk::app
