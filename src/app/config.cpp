#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

#include "command/report/service.h"

namespace fk::app {
namespace {

// One table of keys: name, description, and how to apply a string (env) or a TOML node.
struct Key {
  std::string name;  // "server.port"
  std::string kind;  // int, string, bool
  std::string help;
  std::function<void(Config&, const std::string&)> set;
};

[[noreturn]] void Bad(const std::string& key, const std::string& rule) {
  throw Error(ErrorCode::kBadRequest, "configuration " + key + ": " + rule);
}

int64_t ParseInt(const std::string& key, const std::string& v, int64_t min, int64_t max) {
  size_t used = 0;
  int64_t n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (...) {
    Bad(key, "must be an integer (got '" + v + "')");
  }
  if (used != v.size()) Bad(key, "must be an integer (got '" + v + "')");
  if (n < min || n > max) Bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " + v + ")");
  return n;
}

bool ParseBool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  Bad(key, "must be true or false (got '" + v + "')");
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> kKeys = [] {
    std::vector<Key> k;
    auto int_key = [&](std::string name, std::string help, int64_t min, int64_t max, auto setter) {
      k.push_back({name, "int", help, [name, min, max, setter](Config& c, const std::string& v) {
                     setter(c, ParseInt(name, v, min, max));
                   }});
    };
    auto str_key = [&](std::string name, std::string help, auto setter) {
      k.push_back({name, "string", help, [setter](Config& c, const std::string& v) { setter(c, v); }});
    };
    auto bool_key = [&](std::string name, std::string help, auto setter) {
      k.push_back({name, "bool", help, [name, setter](Config& c, const std::string& v) { setter(c, ParseBool(name, v)); }});
    };
    str_key("server.host", "address to listen on (default 127.0.0.1)", [](Config& c, const std::string& v) { c.server.host = v; });
    int_key("server.port", "port to listen on (default 8080; 0 picks a free one)", 0, 65535,
            [](Config& c, int64_t v) { c.server.port = static_cast<int>(v); });
    int_key("server.io_threads", "network threads (0: one per core)", 0, 256, [](Config& c, int64_t v) { c.server.io_threads = static_cast<int>(v); });
    int_key("server.worker_threads", "request handler threads (default 64)", 1, 1024,
            [](Config& c, int64_t v) { c.server.worker_threads = static_cast<int>(v); });
    int_key("server.max_body_bytes", "largest request body (default 1 MiB; 413 beyond)", 1024, 1LL << 30,
            [](Config& c, int64_t v) { c.server.max_body_bytes = static_cast<size_t>(v); });
    int_key("server.idle_timeout_s", "keep-alive idle timeout (default 60)", 1, 3600, [](Config& c, int64_t v) { c.server.idle_timeout_s = static_cast<int>(v); });
    int_key("server.header_timeout_s", "time to send the request headers (default 10)", 1, 600,
            [](Config& c, int64_t v) { c.server.header_timeout_s = static_cast<int>(v); });
    int_key("server.body_timeout_s", "time to send the request body (default 30)", 1, 3600,
            [](Config& c, int64_t v) { c.server.body_timeout_s = static_cast<int>(v); });
    int_key("server.malloc_arenas", "glibc malloc arenas at most (default 2: less freed memory kept; 0: glibc's 8 per core; MALLOC_ARENA_MAX wins)", 0, 1024,
            [](Config& c, int64_t v) { c.malloc_arenas = static_cast<int>(v); });
    int_key("server.memory_trim_seconds", "seconds between giving freed memory back to the system (default 60; 0: never)", 0, 86400,
            [](Config& c, int64_t v) { c.memory_trim_seconds = static_cast<int>(v); });
    int_key("server.shutdown_grace_s", "on SIGTERM, time to finish in-flight requests (default 20)", 0, 600,
            [](Config& c, int64_t v) { c.server.shutdown_grace_s = static_cast<int>(v); });
    str_key("server.web_root", "built web front end to serve (default web/dist)", [](Config& c, const std::string& v) { c.web_root = v; });
    str_key("database.url", "sqlite:PATH (default sqlite:data/fangkong.db) or postgresql://user@host:port/db",
            [](Config& c, const std::string& v) { c.database.url = v; });
    int_key("database.pool_size", "SQLite read connections / PostgreSQL connections (default 4)", 1, 512,
            [](Config& c, int64_t v) { c.database.read_pool_size = static_cast<int>(v); });
    int_key("database.commit_max_batch", "SQLite group commit: most writes per commit (default 512)", 1, 100000,
            [](Config& c, int64_t v) { c.database.commit_max_batch = static_cast<int>(v); });
    int_key("database.commit_max_wait_us", "SQLite group commit: longest wait for more writes (default 500)", 0, 1000000,
            [](Config& c, int64_t v) { c.database.commit_max_wait_us = static_cast<int>(v); });
    str_key("database.synchronous", "SQLite synchronous: FULL (default, durable) or NORMAL", [](Config& c, const std::string& v) {
      if (v != "FULL" && v != "NORMAL" && v != "EXTRA") Bad("database.synchronous", "must be FULL, NORMAL or EXTRA (got '" + v + "')");
      c.database.synchronous = v;
    });
    int_key("database.busy_timeout_ms", "wait for a connection or lock before 503 (default 5000)", 1, 600000,
            [](Config& c, int64_t v) { c.database.busy_timeout_ms = static_cast<int>(v); });
    int_key("database.statement_timeout_ms", "PostgreSQL statement timeout (default 10000)", 1, 3600000,
            [](Config& c, int64_t v) { c.database.statement_timeout_ms = static_cast<int>(v); });
    int_key("auth.session_ttl_minutes", "session lifetime (default 720)", 1, 60 * 24 * 30,
            [](Config& c, int64_t v) { c.auth.session_ttl_ms = v * 60'000; });
    int_key("auth.max_failed_logins", "failed sign-ins before the account locks (default 5)", 1, 1000,
            [](Config& c, int64_t v) { c.auth.max_failed_logins = static_cast<int>(v); });
    int_key("auth.lockout_minutes", "how long a locked account waits (default 15)", 0, 24 * 60,
            [](Config& c, int64_t v) { c.auth.lockout_ms = v * 60'000; });
    int_key("auth.login_attempts_per_ip_per_minute", "sign-in attempts from one address per minute (default 20)", 1, 100000,
            [](Config& c, int64_t v) { c.auth.max_attempts_per_ip_per_minute = static_cast<int>(v); });
    int_key("auth.session_cache_seconds", "reuse a resolved session this long (default 5; 0: read every request)", 0, 3600,
            [](Config& c, int64_t v) { c.auth.session_cache_ms = v * 1000; });
    int_key("auth.argon2_memlimit_kib", "argon2id memory per password hash (default 65536)", 8, 4 * 1024 * 1024,
            [](Config& c, int64_t v) { c.auth.hash_cost.memlimit = static_cast<size_t>(v) * 1024; });
    int_key("auth.argon2_opslimit", "argon2id passes per password hash (default 2)", 1, 100,
            [](Config& c, int64_t v) { c.auth.hash_cost.opslimit = static_cast<uint64_t>(v); });
    bool_key("auth.secure_cookies", "mark cookies Secure (set true behind HTTPS)", [](Config& c, bool v) { c.secure_cookies = v; });
    str_key("log.level", "trace, debug, info (default), warn, error", [](Config& c, const std::string& v) {
      if (v != "trace" && v != "debug" && v != "info" && v != "warn" && v != "error")
        Bad("log.level", "must be trace, debug, info, warn or error (got '" + v + "')");
      c.log_level = v;
    });
    bool_key("log.access_log", "log every request (default true)", [](Config& c, bool v) { c.access_log = v; });
    str_key("security.key_file", "field encryption keys (default: the SQLite file + .keys, else data/fangkong.keys; created when missing)",
            [](Config& c, const std::string& v) { c.key_file = v; });
    int_key("city.tz_offset_minutes", "the city's UTC offset for reporting days (default 480, UTC+8)", -720, 840,
            [](Config& c, int64_t v) { c.tz_offset_minutes = static_cast<int>(v); });
    int_key("observation.sweep_seconds", "home observation and overdue directives: seconds between sweeps that create due rounds, raise missed-round alerts and mark overdue directives (default 60; 0: off)",
            0, 86400, [](Config& c, int64_t v) { c.observation_sweep_seconds = static_cast<int>(v); });
    int_key("observation.catch_up_days", "home observation: days back from today for which the sweep still creates due rounds (default 3; older unrecorded days are not due)",
            0, 60, [](Config& c, int64_t v) { c.observation_catch_up_days = static_cast<int>(v); });
    str_key("report.cutoff", "daily report: the local time a report day's figures are frozen, HH:MM from 00:01 to 24:00 (default 24:00, the end of the day)",
            [](Config& c, const std::string& v) {
              auto m = command::report::ParseCutoff(v);
              if (!m) Bad("report.cutoff", "must be HH:MM from 00:01 to 24:00 (got '" + v + "')");
              c.report_cutoff_minutes = *m;
            });
    int_key("report.snapshot_seconds", "daily report: seconds between sweeps that freeze each day's figures after its cut-off (default 60; 0: off, snapshots only on demand)",
            0, 86400, [](Config& c, int64_t v) { c.report_snapshot_seconds = static_cast<int>(v); });
    int_key("report.catch_up_days", "daily report: past days the sweep still freezes after downtime (default 7)",
            1, 366, [](Config& c, int64_t v) { c.report_catch_up_days = static_cast<int>(v); });
    bool_key("testing.clock_api", "browser tests only: an admin may move the server's clock by an offset (POST /api/v1/testing/clock); never in production (default false)",
             [](Config& c, bool v) { c.testing_clock_api = v; });
    return k;
  }();
  return kKeys;
}

std::string EnvName(const std::string& key) {
  std::string out = "FANGKONG_";
  for (char ch : key) out.push_back(ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  return out;
}

std::string NodeText(const toml::node& n, const Key& k) {
  if (auto s = n.value<std::string>(); s && n.is_string()) return *s;
  if (n.is_integer()) return std::to_string(*n.value<int64_t>());
  if (n.is_boolean()) return *n.value<bool>() ? "true" : "false";
  Bad(k.name, "must be a" + std::string(k.kind == "int" ? "n integer" : k.kind == "bool" ? " boolean" : " string"));
}

}  // namespace

Config LoadConfig(const std::string& path, bool explicit_path) {
  Config c;
  c.database.url = "sqlite:data/fangkong.db";
  std::map<std::string, const Key*> by_name;
  for (const auto& k : Keys()) by_name[k.name] = &k;

  if (std::filesystem::exists(path)) {
    toml::table tbl;
    try {
      tbl = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      throw Error(ErrorCode::kBadRequest, path + ":" + std::to_string(e.source().begin.line) + ": " +
                                              std::string(e.description()));
    }
    for (auto&& [section, node] : tbl) {
      auto* t = node.as_table();
      if (!t) throw Error(ErrorCode::kBadRequest, path + ": '" + std::string(section.str()) + "' must be a [section]");
      for (auto&& [key, value] : *t) {
        std::string name = std::string(section.str()) + "." + std::string(key.str());
        auto it = by_name.find(name);
        if (it == by_name.end())
          throw Error(ErrorCode::kBadRequest, path + ":" + std::to_string(value.source().begin.line) +
                                                  ": unknown setting " + name + " (see docs/operations.md)");
        try {
          it->second->set(c, NodeText(value, *it->second));
        } catch (const Error& e) {
          throw Error(ErrorCode::kBadRequest, path + ":" + std::to_string(value.source().begin.line) + ": " + e.message());
        }
      }
    }
  } else if (explicit_path) {
    throw Error(ErrorCode::kBadRequest, "configuration file not found: " + path);
  }
  for (const auto& k : Keys()) {
    const char* v = std::getenv(EnvName(k.name).c_str());
    if (!v) continue;
    try {
      k.set(c, v);
    } catch (const Error& e) {
      throw Error(ErrorCode::kBadRequest, "environment " + EnvName(k.name) + ": " + e.message());
    }
  }
  return c;
}

std::string ConfigReference() {
  std::string out;
  for (const auto& k : Keys()) out += k.name + " (" + k.kind + ", env " + EnvName(k.name) + "): " + k.help + "\n";
  return out;
}

std::string KeyFilePath(const Config& config) {
  if (!config.key_file.empty()) return config.key_file;
  if (config.database.url.rfind("sqlite:", 0) == 0) {
    std::string path = config.database.url.substr(7);
    if (path != ":memory:" && !path.empty()) return path + ".keys";
  }
  return "data/fangkong.keys";
}

}  // namespace fk::app
