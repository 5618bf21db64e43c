// fangkong: the server, the command-line tool and the database migrator.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <iostream>

#include "app/app.h"
#include "app/keys.h"
#include "app/config.h"
#include "app/demo.h"
#include "auth/auth_service.h"
#include "auth/roles.h"
#include "core/field_crypto.h"
#include "core/ids.h"
#include "org/service.h"
#include "residents/import.h"
#include "residents/service.h"
#include "gate/store.h"
#include "observation/store.h"
#include "residents/store.h"
#include "residents/daily.h"
#include "residents/tasks/service.h"
#include "screening/service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using fk::app::App;
using fk::app::Config;

struct GlobalFlags {
  std::string config_path = "fangkong.toml";
  std::string db;
  std::string host;
  int port = -1;
  std::string web_root;
  std::string log_level;
};

Config Load(const GlobalFlags& g, bool config_given) {
  Config c = fk::app::LoadConfig(g.config_path, config_given);
  if (!g.db.empty()) c.database.url = g.db;
  if (!g.host.empty()) c.server.host = g.host;
  if (g.port >= 0) c.server.port = g.port;
  if (!g.web_root.empty()) c.web_root = g.web_root;
  if (!g.log_level.empty()) c.log_level = g.log_level;
  // An SQLite file's folder is created on first use: `make run` starts from nothing.
  if (c.database.url.rfind("sqlite:", 0) == 0) {
    std::filesystem::path p(c.database.url.substr(7));
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  }
  return c;
}

void PrintLogins(const std::vector<fk::app::DemoLogin>& logins, const std::string& url) {
  if (logins.empty()) return;
  std::printf("\n演示账号 Demo logins (password for all: %s) at %s\n", fk::app::kDemoPassword, url.c_str());
  for (const auto& l : logins) {
    const auto* role = fk::auth::FindRole(l.role);
    std::printf("  %-13s %s · %s\n", l.username.c_str(), role ? std::string(role->label_zh).c_str() : l.role.c_str(),
                l.unit.c_str());
  }
  std::printf("\n");
  std::fflush(stdout);
}

// Creates the schema, the root unit and the first administrator. The
// password comes from FANGKONG_ADMIN_PASSWORD or is generated and printed once.
int Init(const Config& cfg, const std::string& admin, const std::string& city_code, const std::string& city_name) {
  App app(cfg, fk::SystemClock::Default(), false);
  int applied = fk::store::MigrateUp(app.db());
  std::printf("schema at version %d (%d migration(s) applied)\n", fk::store::LatestSchemaVersion(), applied);
  bool has_users = app.db().Read([](fk::store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM users")->Int(0) > 0; });
  if (has_users) {
    std::printf("the database already has users: nothing else to do\n");
    return 0;
  }
  std::string password;
  bool generated = false;
  if (const char* env = std::getenv("FANGKONG_ADMIN_PASSWORD"); env && *env) {
    password = env;
  } else {
    password = "Fk" + fk::RandomToken(12) + "9";
    generated = true;
  }
  fk::auth::Actor system{0, "init", "", ""};
  auto city = app.org().CreateRootUnit(system, city_code, city_name);
  app.db().Write([&](fk::store::Connection& c) {
    fk::auth::NewUser u{admin, "系统管理员", password, city.id, {"admin"}, generated};
    app.auth().CreateUserUnchecked(c, u, system);
  });
  std::printf("created unit %s %s and administrator '%s'\n", city_code.c_str(), city_name.c_str(), admin.c_str());
  if (generated) std::printf("administrator password (shown once, change it at first sign-in): %s\n", password.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"fangkong 防控 — epidemic prevention and control operations"};
  cli.require_subcommand(0, 1);  // checked after parsing, so an unknown flag is named first
  cli.fallthrough();  // global options (--db, --config, --log-level) may follow the subcommand
  GlobalFlags g;
  auto* config_opt = cli.add_option("-c,--config", g.config_path, "configuration file (default fangkong.toml)");
  cli.add_option("--db", g.db, "database: sqlite:PATH or postgresql://user@host:port/db");
  cli.add_option("--log-level", g.log_level, "trace, debug, info, warn, error");

  auto* serve = cli.add_subcommand("serve", "serve the API and the web front end");
  serve->add_option("--host", g.host, "address to listen on");
  serve->add_option("--port", g.port, "port to listen on (0: any free port)")->check(CLI::Range(0, 65535));
  serve->add_option("--web-root", g.web_root, "folder of the built web front end");
  bool demo_if_empty = false;
  serve->add_flag("--demo-if-empty", demo_if_empty, "on a new database, create the schema and load the demo city first");
  // Tests that need the city's people, points and residents but not its history start faster.
  bool demo_without_passages = false;
  serve->add_flag("--demo-without-passages", demo_without_passages,
                  "with --demo-if-empty: leave out the demo's 115,814 checkpoint records of 2020 (keeps the rules)");

  auto* init = cli.add_subcommand("init", "create the schema, the root unit and the first administrator");
  std::string admin = "admin", city_code = "410184000000", city_name = "新郑市";
  init->add_option("--admin", admin, "administrator username (default admin)");
  init->add_option("--city-code", city_code, "division code of the root unit (default 410184000000)");
  init->add_option("--city-name", city_name, "name of the root unit (default 新郑市)");

  auto* migrate = cli.add_subcommand("migrate", "database schema migrations");
  migrate->require_subcommand(1);
  auto* migrate_up = migrate->add_subcommand("up", "apply pending migrations");
  auto* migrate_status = migrate->add_subcommand("status", "list migrations and whether each is applied");

  auto* demo = cli.add_subcommand("demo", "load the demo city into a new database (creates the schema)");

  auto* user = cli.add_subcommand("user", "manage user accounts");
  user->require_subcommand(1);
  std::string u_name, u_display, u_unit, u_password;
  std::vector<std::string> u_roles;
  auto* user_add = user->add_subcommand("add", "add a user (password from FANGKONG_USER_PASSWORD or generated)");
  user_add->add_option("username", u_name)->required();
  user_add->add_option("--name", u_display, "display name")->required();
  user_add->add_option("--unit", u_unit, "unit code")->required();
  user_add->add_option("--role", u_roles, "role (repeat for several)")->required();
  auto* user_passwd = user->add_subcommand("passwd", "set a password (from FANGKONG_USER_PASSWORD or generated)");
  user_passwd->add_option("username", u_name)->required();
  auto* user_disable = user->add_subcommand("disable", "disable a user and end their sessions");
  user_disable->add_option("username", u_name)->required();
  auto* user_roles = user->add_subcommand("roles", "show or replace a user's roles");
  user_roles->add_option("username", u_name)->required();
  user_roles->add_option("--set", u_roles, "new roles (repeat for several)");

  auto* backup = cli.add_subcommand("backup", "copy the SQLite database to a file (safe while serving)");
  std::string backup_dest;
  backup->add_option("dest", backup_dest, "destination file")->required();

  auto* import_cmd = cli.add_subcommand("import", "import records from a file");
  auto* import_residents = import_cmd->add_subcommand(
      "residents", "import households and persons from a CSV (header row; same columns as the web import)");
  std::string import_file, import_unit, import_key;
  bool import_dry_run = false;
  import_residents->add_option("file", import_file, "CSV file (UTF-8)")->required();
  import_residents->add_option("--unit", import_unit, "code of the unit to import into (rows may name unit_code below it)")->required();
  import_residents->add_flag("--dry-run", import_dry_run, "check every row and list the problems; import nothing");
  import_residents->add_option("--key", import_key, "import key (default: derived from the file name and size); a committed key is not imported again");
  import_cmd->require_subcommand(1);
  auto* keys = cli.add_subcommand("keys", "field encryption keys (identity numbers, phones)");
  auto* keys_rotate = keys->add_subcommand("rotate", "add a new active key to the key file (old keys still open old values)");
  auto* keys_reencrypt = keys->add_subcommand("reencrypt", "re-seal every value that the active key did not seal, in batches");
  keys->require_subcommand(1);

  auto* verify = cli.add_subcommand("verify-rollups", "recount the daily figures from the records and list any difference");
  auto* version = cli.add_subcommand("version", "print the version");
  auto* config_cmd = cli.add_subcommand("config", "list every configuration setting");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e);
    std::fprintf(stderr, "fangkong: %s (see fangkong --help)\n", e.what());
    return 2;
  }

  if (cli.get_subcommands().empty()) {
    std::fprintf(stderr, "fangkong: a command is required: serve, init, migrate, demo, user, import, keys, backup, verify-rollups, "
                         "config or version (see fangkong --help)\n");
    return 2;
  }

  try {
    if (*version) {
      std::printf("fangkong %s (schema %d)\n", FK_VERSION, fk::store::LatestSchemaVersion());
      return 0;
    }
    if (*config_cmd) {
      std::printf("%s", fk::app::ConfigReference().c_str());
      return 0;
    }
    Config cfg = Load(g, config_opt->count() > 0);
    fk::app::SetupLogging(cfg.log_level);
    const fk::Clock& clock = fk::SystemClock::Default();

    if (*init) return Init(cfg, admin, city_code, city_name);

    if (*migrate_up || *migrate_status) {
      App app(cfg, clock, false);
      if (*migrate_up) {
        int n = fk::store::MigrateUp(app.db());
        std::printf("applied %d migration(s); schema at version %d\n", n, fk::store::CurrentSchemaVersion(app.db()));
      } else {
        for (const auto& m : fk::store::MigrationStatusList(app.db()))
          std::printf("%04d %-32s %s\n", m.version, m.name.c_str(), m.applied ? "applied" : "pending");
      }
      return 0;
    }

    if (*demo) {
      App app(cfg, clock, false);
      fk::store::MigrateUp(app.db());
      PrintLogins(fk::app::LoadDemo(app), "http://" + cfg.server.host + ":" + std::to_string(cfg.server.port));
      return 0;
    }

    if (*user) {
      App app(cfg, clock);
      fk::auth::Actor system{0, "cli", "", ""};
      auto& db = app.db();
      auto user_id = db.Read([&](fk::store::Connection& c) { return app.auth().FindUserId(c, u_name); });
      if (!*user_add && !user_id) throw fk::Error(fk::ErrorCode::kNotFound, "no user named '" + u_name + "'");
      std::string password;
      bool generated = false;
      if (*user_add || *user_passwd) {
        if (const char* env = std::getenv("FANGKONG_USER_PASSWORD"); env && *env) password = env;
        else password = "Fk" + fk::RandomToken(12) + "9", generated = true;
      }
      if (*user_add) {
        auto unit = db.Read([&](fk::store::Connection& c) {
          return c.QueryOne("SELECT id FROM units WHERE code = ?", {u_unit});
        });
        if (!unit) throw fk::Error(fk::ErrorCode::kNotFound, "no unit with code '" + u_unit + "'");
        db.Write([&](fk::store::Connection& c) {
          fk::auth::NewUser nu{u_name, u_display, password, unit->Int(0), u_roles, true};
          app.auth().CreateUserUnchecked(c, nu, system);
        });
        std::printf("added user %s\n", u_name.c_str());
      } else if (*user_passwd || *user_disable || *user_roles) {
        fk::auth::Principal root;  // the CLI acts with full rights over the whole tree
        root.unit_path = "/";
        root.roles = {"admin"};
        root.permissions = fk::auth::PermissionsForRoles(root.roles);
        if (*user_passwd) {
          app.auth().SetPassword(root, *user_id, password, system);
          std::printf("password set for %s (they must change it at next sign-in)\n", u_name.c_str());
        } else if (*user_disable) {
          fk::auth::UserPatch patch;
          patch.active = false;
          app.auth().UpdateUser(root, *user_id, patch, system);
          std::printf("disabled %s and ended their sessions\n", u_name.c_str());
        } else if (u_roles.empty()) {
          for (const auto& r : app.auth().GetUser(root, *user_id).roles) std::printf("%s\n", r.c_str());
          return 0;
        } else {
          fk::auth::UserPatch patch;
          patch.roles = u_roles;
          app.auth().UpdateUser(root, *user_id, patch, system);
          std::printf("roles of %s set\n", u_name.c_str());
        }
      }
      if (generated) std::printf("password (shown once): %s\n", password.c_str());
      return 0;
    }

    if (*verify) {
      App app(cfg, clock);
      auto diffs = app.screening().VerifyRollups();
      for (const auto& d : diffs) std::printf("%s\n", d.c_str());
      std::printf(diffs.empty() ? "rollups ok: every point-day equals a recount of its records\n"
                                : "%zu point-day(s) differ from a recount\n", diffs.size());
      // community_daily: one recounter per module that adds to it (residents/daily.h).
      auto community = app.db().Read([](fk::store::Connection& c) {
        return fk::residents::VerifyDaily(c,
                                          {
                                              fk::residents::tasks::RecountTasks,
                                              fk::residents::store::RecountFiles,
                                              fk::gate::store::RecountGate,
                                              fk::observation::store::RecountObservation,
                                          },
                                          {fk::residents::Daily::kTasksDue, fk::residents::Daily::kTasksDone,
                                           fk::residents::Daily::kHouseholdsAdded, fk::residents::Daily::kHouseholdsRemoved,
                                           fk::residents::Daily::kPersonsAdded, fk::residents::Daily::kPersonsRemoved,
                                           fk::residents::Daily::kGateExits, fk::residents::Daily::kGateReturns,
                                           fk::residents::Daily::kGateVisitors, fk::residents::Daily::kGateOverdue,
                                           fk::residents::Daily::kGateConflicts, fk::residents::Daily::kRefusedFever,
                                           fk::residents::Daily::kRefusedQuota, fk::residents::Daily::kRefusedNotResident,
                                           fk::residents::Daily::kRefusedOther, fk::residents::Daily::kObservationStarted,
                                           fk::residents::Daily::kObservationReleased, fk::residents::Daily::kRoundsDue,
                                           fk::residents::Daily::kRoundsDone, fk::residents::Daily::kRoundsMissed,
                                           fk::residents::Daily::kAlertsOpened, fk::residents::Daily::kAlertsClosed,
                                           fk::residents::Daily::kNeedsOpened, fk::residents::Daily::kNeedsClosed});
      });
      for (const auto& d : community) std::printf("%s\n", d.c_str());
      std::printf(community.empty() ? "community rollups ok: every recounted unit-day column equals its records\n"
                                    : "%zu community unit-day column(s) differ from a recount\n", community.size());
      return diffs.empty() && community.empty() ? 0 : 4;
    }

    if (*import_residents) {
      App app(cfg, clock);
      std::ifstream file(import_file, std::ios::binary);
      if (!file) throw fk::Error(fk::ErrorCode::kNotFound, "cannot read " + import_file);
      std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      std::istringstream in(content);
      auto rows = fk::residents::ReadImportCsv(in);
      fk::residents::ImportRequest req;
      req.dry_run = import_dry_run;
      auto unit = app.db().Read([&](fk::store::Connection& c) {
        return c.QueryOne("SELECT id FROM units WHERE code = ?", {import_unit});
      });
      if (!unit) throw fk::Error(fk::ErrorCode::kNotFound, "no unit with code '" + import_unit + "'");
      req.unit_id = unit->Int(0);
      // Default key: the file's content, so the same file is never imported twice.
      if (import_key.empty()) import_key = "cli-" + std::to_string(std::hash<std::string>{}(content + "|" + import_unit));
      req.import_key = import_key;
      fk::auth::Principal root;  // the CLI acts with full rights over the whole tree
      root.unit_path = "/";
      root.roles = {"admin"};
      root.permissions = fk::auth::PermissionsForRoles(root.roles);
      fk::auth::Actor system{0, "cli", "", ""};
      // The CLI has no request size limit: one request of all rows, parted only to respect the per-request cap.
      size_t per = fk::residents::kMaxImportRowsPerPart;
      req.parts = static_cast<int64_t>(std::max<size_t>(1, (rows.size() + per - 1) / per));
      fk::residents::ImportResult r;
      try {
        for (int64_t part = 1; part <= req.parts; ++part) {
          req.part = part;
          size_t from = static_cast<size_t>(part - 1) * per;
          req.rows.assign(rows.begin() + static_cast<long>(std::min(from, rows.size())),
                          rows.begin() + static_cast<long>(std::min(from + per, rows.size())));
          r = app.files().Import(root, system, req);
        }
      } catch (const fk::Error& e) {
        if (e.code() != fk::ErrorCode::kValidation) throw;
        for (const auto& f : e.fields())
          std::printf("line %d: %s: %s  %s\n", f.row, f.field.c_str(), f.rule.c_str(), f.message.c_str());
        std::printf("%zu problem(s): nothing was imported\n", e.fields().size());
        return 1;
      }
      if (r.replayed) {
        std::printf("import key %s was already imported: nothing done\n", req.import_key.c_str());
        return 0;
      }
      for (const auto& e : r.errors)
        std::printf("line %d: %s: %s  %s\n", e.row, e.field.c_str(), e.rule.c_str(), e.message.c_str());
      for (const auto& d : r.duplicates)
        std::printf("line %d: duplicate (%s) %s %s %s\n", d.row, d.reason.c_str(), d.person_name.c_str(),
                    d.id_number_masked.c_str(), d.other_row ? ("line " + std::to_string(d.other_row)).c_str()
                                                            : ("person #" + std::to_string(d.person_id)).c_str());
      std::printf("%s: %lld rows, %lld new households, %lld joined, %lld persons%s\n",
                  r.status == "committed" ? "imported" : "dry run", static_cast<long long>(r.rows),
                  static_cast<long long>(r.households_new), static_cast<long long>(r.households_joined),
                  static_cast<long long>(r.persons_new), r.errors.empty() ? "" : " (errors: nothing would be imported)");
      return r.errors.empty() ? 0 : 1;
    }

    if (*keys_rotate) {
      std::string path = fk::app::KeyFilePath(cfg);
      std::string id = fk::FieldCipher::RotateFile(path);
      std::printf("new active key %s added to %s\nback the key file up now, copy it to every server, restart them, "
                  "then run: fangkong keys reencrypt\n", id.c_str(), path.c_str());
      return 0;
    }
    if (*keys_reencrypt) {
      App app(cfg, clock);
      // Every sealed column (app/keys.h), not only the resident files.
      auto r = fk::app::ReencryptAll(app.db(), app.cipher(), 500);
      for (const auto& [column, n] : r.by_column)
        if (n > 0) std::printf("  %s: %lld\n", column.c_str(), static_cast<long long>(n));
      std::printf("re-sealed %lld value(s) with key %s in %d batch(es)\n", static_cast<long long>(r.rewritten),
                  app.cipher().active_key_id().c_str(), r.batches);
      // What is left under other keys (values a server still on the old key file sealed meanwhile): run again.
      int64_t left = 0;
      for (const auto& [column, by_key] : fk::app::SealedKeyCounts(app.db()))
        for (const auto& [key, n] : by_key)
          if (key != app.cipher().active_key_id()) left += n;
      if (left > 0) {
        std::printf("%lld value(s) are still under an older key (sealed while this ran): run it again\n",
                    static_cast<long long>(left));
        return 3;
      }
      std::printf("every sealed value is under key %s: older keys may be removed from the key file once every "
                  "backup that needs them has expired\n", app.cipher().active_key_id().c_str());
      return 0;
    }

    if (*backup) {
      App app(cfg, clock, false);
      app.db().Backup(backup_dest);
      std::printf("backup written to %s\n", backup_dest.c_str());
      std::printf("the field keys are not in it: keep a copy of %s with it (restore: docs/reliability.md)\n",
                  fk::app::KeyFilePath(cfg).c_str());
      return 0;
    }

    if (*serve) {
      std::vector<fk::app::DemoLogin> logins;
      if (demo_if_empty) {
        App setup(cfg, clock, false);
        if (fk::store::CurrentSchemaVersion(setup.db()) == 0) {
          fk::store::MigrateUp(setup.db());
          spdlog::info("new database: loading the demo city");
          fk::app::DemoOptions options;
          options.screening_passages = !demo_without_passages;  // the rules and receivers stay
          fk::app::LoadDemo(setup, options);
        } else {
          fk::store::MigrateUp(setup.db());
        }
      }
      if (cfg.testing_clock_api && !fk::app::IsLoopbackHost(cfg.server.host)) {
        spdlog::error("testing.clock_api is on but server.host {} is not a loopback address (127.0.0.1, ::1, "
                      "localhost): refusing to serve a movable clock beyond this machine",
                      cfg.server.host);
        return 1;
      }
      fk::app::TestClock test_clock(clock);  // moved only when testing.clock_api is on (browser tests)
      App app(cfg, cfg.testing_clock_api ? static_cast<const fk::Clock&>(test_clock) : clock);
      if (cfg.testing_clock_api) app.EnableTestClock(test_clock);
      logins = fk::app::DemoLogins(app);
      int port = app.Start();
      std::string url = "http://" + cfg.server.host + ":" + std::to_string(port);
      spdlog::info("fangkong {} serving {} (database {})", FK_VERSION, url,
                   cfg.database.url.rfind("sqlite:", 0) == 0 ? cfg.database.url : "postgresql");
      std::printf("Fangkong 防控 is serving %s\n", url.c_str());
      std::fflush(stdout);  // scripts read the URL from a pipe or a file: not only at exit
      PrintLogins(logins, url);
      app.Wait();
      spdlog::info("stopping: finishing in-flight requests");
      app.Stop();
      spdlog::info("stopped");
      return 0;
    }
  } catch (const fk::Error& e) {
    std::fprintf(stderr, "fangkong: %s\n", e.message().c_str());
    return e.code() == fk::ErrorCode::kUnavailable ? 3 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fangkong: %s\n", e.what());
    return 1;
  }
  return 0;
}
