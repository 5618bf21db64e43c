#include "support/fuzz_app.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <stdexcept>

#include "app/config.h"
#include "app/demo.h"
#include "auth/module.h"
#include "auth/auth_service.h"
#include "core/clock.h"
#include "http/dispatcher.h"
#include "http/router.h"
#include "store/migrations.h"

namespace fk::fuzz {
namespace {

std::filesystem::path g_dir;

void RemoveDir() {
  std::error_code ec;
  if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ec);
}

FuzzApp* Build() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "fk-fuzz-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  g_dir = tmpl;
  std::atexit(RemoveDir);
  // A built front end: index.html for the SPA fallback and one hashed asset (router_fuzz serves them).
  std::filesystem::create_directories(g_dir / "web" / "assets");
  std::ofstream(g_dir / "web" / "index.html") << "<!doctype html><title>fk-fuzz</title><div id=app></div>";
  std::ofstream(g_dir / "web" / "assets" / "app-1234.js") << "console.log('fk-fuzz');";

  app::SetupLogging("off");
  app::Config config;
  config.web_root = (g_dir / "web").string();
  config.access_log = false;
  config.log_level = "off";
  config.server.host = "127.0.0.1";
  config.server.port = 0;
  config.auth.hash_cost.opslimit = 1;
  config.auth.hash_cost.memlimit = 8 * 1024 * 1024;
  config.auth.max_attempts_per_ip_per_minute = 1000000;
  config.observation_sweep_seconds = 0;
  config.report_snapshot_seconds = 0;
  config.database.read_pool_size = 1;
  config.database.synchronous = "OFF";
  config.key_file = (g_dir / "fangkong.keys").string();
  config.database.url = "sqlite:" + (g_dir / "fangkong.db").string();

  auto* f = new FuzzApp;  // lives until exit: libFuzzer never returns from its loop
  f->app = std::make_unique<app::App>(config, SystemClock::Default(), /*check_schema=*/false);
  store::MigrateUp(f->app->db());
  auto logins = app::LoadDemo(*f->app, {/*screening=*/false, /*residents=*/true, /*observation=*/true});
  std::string admin;
  for (const auto& l : logins)
    if (l.role == "admin" && admin.empty()) admin = l.username;
  if (admin.empty()) throw std::runtime_error("the demo has no admin");
  auto login = f->app->auth().Login(admin, app::kDemoPassword, "127.0.0.1", "fuzz");
  f->admin = login.principal;
  f->token = login.token;
  return f;
}

// Values for path parameters: ids that exist in the demo, ones that do not, days, keys, junk.
const std::vector<std::string> kParamValues = {
    "1", "2", "3", "4", "5", "7", "10", "20", "0", "-1", "999999999", "9223372036854775807", "99999999999999999999",
    "abc", "", "2020-02-13", "2020-02-30", "0192d7a0-0000-7000-8000-000000000001", "410184", "%00", "1.5", "1e3"};

std::string FillPattern(const std::string& pattern, uint8_t seed) {
  std::string out;
  size_t k = 0;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      out += kParamValues[(seed + 7 * k++) % kParamValues.size()];
      i = close + 1;
    } else {
      out.push_back(pattern[i++]);
    }
  }
  return out;
}

// An example value for a JSON Schema (as the routes document their bodies), for seed inputs.
nlohmann::json Example(const nlohmann::json& schema, const std::map<std::string, std::string>& schemas,
                       const std::string& name, int depth) {
  using nlohmann::json;
  if (depth > 6) return nullptr;
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"].get<std::string>();
    auto it = schemas.find(ref.substr(ref.rfind('/') + 1));
    if (it == schemas.end()) return json::object();
    return Example(json::parse(it->second, nullptr, false), schemas, name, depth + 1);
  }
  if (schema.contains("example")) return schema["example"];
  if (schema.contains("enum") && !schema["enum"].empty()) return schema["enum"][0];
  std::string type = "string";
  if (schema.contains("type")) type = schema["type"].is_array() ? schema["type"][0].get<std::string>() : schema["type"].get<std::string>();
  std::string format = schema.value("format", "");
  if (type == "object" || schema.contains("properties")) {
    json o = json::object();
    if (schema.contains("properties"))
      for (const auto& [k, v] : schema["properties"].items()) o[k] = Example(v, schemas, k, depth + 1);
    return o;
  }
  if (type == "array") {
    json a = json::array();
    if (schema.contains("items")) a.push_back(Example(schema["items"], schemas, name, depth + 1));
    return a;
  }
  if (type == "integer") return name == "temperature" ? 365 : 1;
  if (type == "number") return name == "temperature" || name.find("threshold") != std::string::npos ? 36.5 : 1.5;
  if (type == "boolean") return true;
  if (type == "null") return nullptr;
  if (format == "uuid") return "0192d7a0-1234-7abc-8def-0123456789ab";
  if (format == "date") return "2020-02-13";
  if (format == "date-time") return "2020-02-13T08:30:00Z";
  if (name.find("id_number") != std::string::npos) return "410184199001011239";
  if (name.find("phone") != std::string::npos) return "13800138000";
  if (name == "plate") return "豫A12345";
  if (name.find("credit_code") != std::string::npos) return "91410184MA44XXXX1X";
  if (name.find("code") != std::string::npos) return "410184";
  if (name.find("time") != std::string::npos || name == "hours_from" || name == "hours_to" || name == "deadline") return "08:00";
  return "测试";
}

bool StartsWithAny(const std::string& s, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return s.rfind(p, 0) == 0; });
}

}  // namespace

FuzzApp& SharedApp() {
  static FuzzApp* app = Build();
  return *app;
}

void Fail(const std::string& what) {
  std::fprintf(stderr, "\n==fuzz oracle== %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void FuzzWriteRoutes(const RouteFilter& filter, const uint8_t* data, size_t size) {
  static FuzzApp& f = SharedApp();
  static const std::vector<const http::RouteInfo*> routes = [&] {
    std::vector<const http::RouteInfo*> rs;
    for (const auto& r : f.app->router().routes())
      if (r.method != "GET" && r.method != "HEAD" && StartsWithAny(r.pattern, filter.prefixes) &&
          !StartsWithAny(r.pattern, filter.excluded))
        rs.push_back(&r);
    if (rs.empty()) Fail("no route matches the target's filter");
    if (std::getenv("FK_FUZZ_LIST_ROUTES"))
      for (size_t i = 0; i < rs.size(); ++i) std::fprintf(stderr, "route %zu: %s %s\n", i, rs[i]->method.c_str(), rs[i]->pattern.c_str());
    if (const char* dir = std::getenv("FK_FUZZ_WRITE_SEEDS")) {
      // Seeds from the documented request schemas: one per route, ids 1 and 2 for its parameters.
      std::filesystem::create_directories(dir);
      for (size_t i = 0; i < rs.size(); ++i) {
        std::string body = "{}";
        if (!rs[i]->doc.request_schema.empty()) {
          auto it = f.app->router().schemas().find(rs[i]->doc.request_schema);
          if (it != f.app->router().schemas().end())
            body = Example(nlohmann::json::parse(it->second, nullptr, false), f.app->router().schemas(), "", 0).dump();
        }
        for (uint8_t seed : {uint8_t{0}, uint8_t{1}}) {
          std::string path = std::string(dir) + "/schema-" + std::to_string(i) + "-" + std::to_string(seed);
          std::FILE* out = std::fopen(path.c_str(), "wb");
          if (!out) Fail("cannot write " + path);
          std::fputc(static_cast<int>(i), out);
          std::fputc(seed, out);
          std::fwrite(body.data(), 1, body.size(), out);
          std::fclose(out);
        }
      }
    }
    return rs;
  }();
  if (size < 2) return;
  const http::RouteInfo& route = *routes[data[0] % routes.size()];
  http::Request req;
  req.method = route.method;
  req.path = FillPattern(route.pattern, data[1]);
  req.target = req.path;
  req.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  req.headers = {{"authorization", "Bearer " + f.token}, {"content-type", "application/json"}};
  req.remote_ip = "127.0.0.1";
  req.request_id = "fuzz";
  req.received_at_ms = SystemClock::Default().NowMs();

  http::Response res = AdminDispatcher().Handle(req);
  CheckResponse(route.method + " " + route.pattern + " (" + req.path + ")", res);
}

const http::Dispatcher& AdminDispatcher() {
  static FuzzApp& f = SharedApp();
  static const http::Dispatcher dispatcher(
      f.app->router(), [](const http::Request&) { return SharedApp().admin; }, f.app->config().web_root);
  return dispatcher;
}

void CheckResponse(const std::string& what, http::Response& res) {
  if (res.status >= 500 && res.status != 503)
    Fail(what + " answered " + std::to_string(res.status) + ": " + res.body);
  if (res.status < 200 || res.status > 599) Fail(what + " answered status " + std::to_string(res.status));
  bool json = false;
  for (const auto& [name, value] : res.headers)
    if ((name == "Content-Type" || name == "content-type") && value.rfind("application/json", 0) == 0) json = true;
  if (json && !res.body.empty() && !nlohmann::json::accept(res.body))
    Fail(what + " answered a body that is not JSON: " + res.body.substr(0, 200));
  if (res.status >= 400 && res.status != 503) {
    // Errors carry {"error":{"code","message"}}.
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object() || !j["error"].contains("code"))
      Fail(what + " answered " + std::to_string(res.status) + " without an error object: " + res.body.substr(0, 200));
  }
  if (!res.file_path.empty() && res.remove_file_after) {
    std::error_code ec;
    std::filesystem::remove(res.file_path, ec);
  }
}

}  // namespace fk::fuzz
