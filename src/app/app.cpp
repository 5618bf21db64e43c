#include "app/app.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <malloc.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/module.h"
#include "command/dashboard/module.h"
#include "command/report/module.h"
#include "command/directives/module.h"
#include "core/field_crypto.h"
#include "gate/module.h"
#include "auth/audit.h"
#include "http/context.h"
#include "http/dispatcher.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "observation/module.h"
#include "command/firms/module.h"
#include "org/module.h"
#include "org/store.h"
#include "residents/module.h"
#include "residents/figures/module.h"
#include "residents/tasks/module.h"
#include "screening/module.h"
#include "screening/store.h"
#include "store/migrations.h"

namespace fk::app {

namespace {

// Runs a task on its own thread now and then every `seconds` until Stop (or destruction).
class Periodic {
 public:
  ~Periodic() { Stop(); }
  bool running() const { return thread_.joinable(); }
  void Start(int seconds, std::function<void()> task) {
    stop_ = false;
    thread_ = std::thread([this, seconds, task = std::move(task)] {
      std::unique_lock lock(mu_);
      while (!stop_) {
        lock.unlock();
        task();
        lock.lock();
        cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stop_; });
      }
    });
  }
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Runs one sweep, logging (not throwing) its failure: the next sweep tries again.
template <typename F>
void SweepLogged(const char* what, F&& sweep) {
  try {
    sweep();
  } catch (const std::exception& e) {
    spdlog::warn("{} failed: {}", what, e.what());
  }
}

}  // namespace

struct App::Impl {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<FieldCipher> cipher;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<screening::ScreeningService> screening;
  std::unique_ptr<residents::FilesService> files;
  std::unique_ptr<residents::tasks::EstateTaskService> estate_tasks;
  std::unique_ptr<residents::figures::FiguresService> figures;
  std::unique_ptr<gate::GateService> gate;
  std::unique_ptr<observation::ObservationService> observation;
  std::unique_ptr<command::firms::FirmService> firms;
  std::unique_ptr<command::dashboard::DashboardService> dashboard;
  std::unique_ptr<command::report::ReportService> reports;
  std::unique_ptr<command::directives::DirectiveService> directives;
  // Background work Start starts: the observation and directive sweep (observation.sweep_seconds),
  // the daily report's snapshot sweep (report.snapshot_seconds), giving freed memory back to the
  // system (server.memory_trim_seconds).
  Periodic sweeper, report_sweeper, trimmer;
  http::Router router;
  http::Metrics metrics;
  std::unique_ptr<http::Dispatcher> dispatcher;
  std::unique_ptr<http::Server> server;
  std::string openapi;  // built once: the routes do not change after start
};

namespace {

std::string DatabaseMetrics(const store::DatabaseStats& s) {
  std::string out;
  out += "# HELP fangkong_db_write_queue_depth Writes waiting for the database writer.\n";
  out += "# TYPE fangkong_db_write_queue_depth gauge\n";
  out += "fangkong_db_write_queue_depth " + std::to_string(s.write_queue_depth) + "\n";
  out += "# HELP fangkong_db_commits_total Durable commits.\n# TYPE fangkong_db_commits_total counter\n";
  out += "fangkong_db_commits_total " + std::to_string(s.commits) + "\n";
  out += "# HELP fangkong_db_committed_writes_total Write requests made durable.\n";
  out += "# TYPE fangkong_db_committed_writes_total counter\n";
  out += "fangkong_db_committed_writes_total " + std::to_string(s.committed_writes) + "\n";
  out += "# HELP fangkong_db_errors_total Failed commits (disk full, I/O, server gone).\n";
  out += "# TYPE fangkong_db_errors_total counter\n";
  out += "fangkong_db_errors_total " + std::to_string(s.errors) + "\n";
  out += "# HELP fangkong_db_commit_batch_size Writes per commit.\n# TYPE fangkong_db_commit_batch_size histogram\n";
  int64_t cumulative = 0, count = 0;
  for (auto c : s.batch_size_counts) count += c;
  for (size_t i = 0; i < std::size(store::DatabaseStats::kBatchBuckets); ++i) {
    cumulative += s.batch_size_counts[i];
    out += "fangkong_db_commit_batch_size_bucket{le=\"" + std::to_string(store::DatabaseStats::kBatchBuckets[i]) +
           "\"} " + std::to_string(cumulative) + "\n";
  }
  out += "fangkong_db_commit_batch_size_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  out += "fangkong_db_commit_batch_size_sum " + std::to_string(s.batch_size_sum) + "\n";
  out += "fangkong_db_commit_batch_size_count " + std::to_string(count) + "\n";
  if (s.statements_cached >= 0) {
    out += "# HELP fangkong_db_statements_cached Prepared statements kept by the SQLite connections.\n";
    out += "# TYPE fangkong_db_statements_cached gauge\n";
    out += "fangkong_db_statements_cached " + std::to_string(s.statements_cached) + "\n";
  }
  if (s.engine_memory_bytes >= 0) {
    out += "# HELP fangkong_sqlite_memory_bytes Memory SQLite holds (page caches, statements, schema).\n";
    out += "# TYPE fangkong_sqlite_memory_bytes gauge\n";
    out += "fangkong_sqlite_memory_bytes " + std::to_string(s.engine_memory_bytes) + "\n";
  }
  return out;
}

// The process's resident memory and malloc's view of it: in use by the program, and free inside
// its heaps (fragmentation, one heap per arena). With SQLite's share these tell a leak from caches.
std::string ProcessMemoryMetrics() {
  std::string out;
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
    std::fclose(f);
  }
  if (resident >= 0) {
    out += "# HELP fangkong_process_resident_memory_bytes Resident memory of this process.\n";
    out += "# TYPE fangkong_process_resident_memory_bytes gauge\n";
    out += "fangkong_process_resident_memory_bytes " + std::to_string(resident * sysconf(_SC_PAGESIZE)) + "\n";
  }
#ifdef __GLIBC__
  // Under a sanitizer's allocator mallinfo2 reports nothing (all zeros): then no malloc gauges.
  struct mallinfo2 mi = mallinfo2();
  if (mi.arena + mi.hblkhd == 0) return out;
  out += "# HELP fangkong_malloc_in_use_bytes Bytes malloc has handed out and not had back.\n";
  out += "# TYPE fangkong_malloc_in_use_bytes gauge\n";
  out += "fangkong_malloc_in_use_bytes " + std::to_string(mi.uordblks + mi.hblkhd) + "\n";
  out += "# HELP fangkong_malloc_free_bytes Free bytes inside malloc's heaps (trimming gives some of their pages back).\n";
  out += "# TYPE fangkong_malloc_free_bytes gauge\n";
  out += "fangkong_malloc_free_bytes " + std::to_string(mi.fordblks) + "\n";
#endif
  return out;
}

}  // namespace

void SetupLogging(const std::string& level) {
  static bool done = false;
  if (!done) {
    auto logger = spdlog::stderr_color_mt("fangkong");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
    done = true;
  }
  spdlog::set_level(spdlog::level::from_str(level));
}

App::App(Config config, const Clock& clock, bool check_schema) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
  impl_->db = store::OpenDatabase(config_.database);
  if (check_schema) store::CheckSchemaVersion(*impl_->db);
  impl_->cipher = std::make_unique<FieldCipher>(FieldCipher::Load(KeyFilePath(config_), true));
  impl_->auth = std::make_unique<auth::AuthService>(*impl_->db, clock, config_.auth);
  impl_->org = std::make_unique<org::OrgService>(*impl_->db, clock, impl_->cipher.get());
  impl_->screening = std::make_unique<screening::ScreeningService>(*impl_->db, clock, config_.tz_offset_minutes,
                                                                     impl_->cipher.get());
  impl_->files = std::make_unique<residents::FilesService>(*impl_->db, *impl_->cipher, clock, config_.tz_offset_minutes);
  impl_->estate_tasks =
      std::make_unique<residents::tasks::EstateTaskService>(*impl_->db, clock, config_.tz_offset_minutes);
  impl_->figures = std::make_unique<residents::figures::FiguresService>(*impl_->db, clock, config_.tz_offset_minutes);
  impl_->gate = std::make_unique<gate::GateService>(*impl_->db, *impl_->cipher, clock, config_.tz_offset_minutes);
  impl_->observation = std::make_unique<observation::ObservationService>(*impl_->db, clock, config_.tz_offset_minutes,
                                                                          config_.observation_catch_up_days);
  impl_->firms = std::make_unique<command::firms::FirmService>(*impl_->db, *impl_->cipher, clock, config_.tz_offset_minutes);
  impl_->screening->set_overlay(impl_->firms.get());  // returning staff of approved firms (docs/firms.md)
  impl_->dashboard =
      std::make_unique<command::dashboard::DashboardService>(*impl_->db, clock, config_.tz_offset_minutes);
  impl_->reports = std::make_unique<command::report::ReportService>(
      *impl_->db, clock, config_.tz_offset_minutes,
      command::report::ReportOptions{config_.report_cutoff_minutes, config_.report_catch_up_days}, *impl_->figures);
  impl_->directives =
      std::make_unique<command::directives::DirectiveService>(*impl_->db, clock, config_.tz_offset_minutes);

  using http::Access;
  using http::Request;
  using http::Response;
  auto& router = impl_->router;
  auto* db = impl_->db.get();
  router.Add({"GET", "/healthz", Access::kPublic, "", {"健康检查 Liveness and database check", "system"},
              [db](Request&) {
                db->Ping();  // throws 503 when the database is gone
                return Response::Json(200, R"({"status":"ok"})");
              }});
  router.Add({"GET", "/metrics", Access::kPublic, "", {"Prometheus 指标 Metrics in Prometheus text format", "system", {}, "", "", 200, "text/plain"},
              [this](Request&) {
                Response r;
                r.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                r.body = impl_->metrics.Render() + DatabaseMetrics(impl_->db->stats()) + ProcessMemoryMetrics();
                if (impl_->server) {
                  r.body += "# TYPE fangkong_http_in_flight gauge\nfangkong_http_in_flight " +
                            std::to_string(impl_->server->in_flight()) + "\n";
                  r.body += "# TYPE fangkong_http_connections gauge\nfangkong_http_connections " +
                            std::to_string(impl_->server->connections()) + "\n";
                }
                return r;
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, "", {"OpenAPI 3.1 文档 This API's description", "system"},
              [this](Request&) { return Response::Json(200, impl_->openapi); }});
  router.Add({"GET", "/api/v1/version", Access::kPublic, "", {"版本 Program and schema version", "system"},
              [](Request&) {
                return Response::Json(200, nlohmann::json{{"version", FK_VERSION},
                                                          {"schema_version", store::LatestSchemaVersion()}}
                                               .dump());
              }});
  auth::RegisterRoutes(router, *impl_->auth, *impl_->db, {config_.secure_cookies, config_.tz_offset_minutes});
  org::RegisterRoutes(router, *impl_->org);
  screening::RegisterRoutes(router, *impl_->screening);
  residents::RegisterRoutes(router, *impl_->files);
  residents::tasks::RegisterRoutes(router, *impl_->estate_tasks);
  residents::figures::RegisterRoutes(router, *impl_->figures);
  gate::RegisterRoutes(router, *impl_->gate);
  observation::RegisterRoutes(router, *impl_->observation);
  command::firms::RegisterRoutes(router, *impl_->firms);
  command::dashboard::RegisterRoutes(router, *impl_->dashboard);
  command::report::RegisterRoutes(router, *impl_->reports, config_.tz_offset_minutes);
  command::directives::RegisterRoutes(router, *impl_->directives);
  impl_->openapi = http::BuildOpenApi(router, FK_VERSION);

  auto* auth_service = impl_->auth.get();
  impl_->dispatcher = std::make_unique<http::Dispatcher>(
      router, [auth_service](const Request& req) { return auth::AuthenticateRequest(*auth_service, req); },
      config_.web_root);
  impl_->dispatcher->set_strict_transport_security(config_.secure_cookies);
}

App::~App() { Stop(); }

int App::Start() {
  SealLegacyFields();
  auto* dispatcher = impl_->dispatcher.get();
  auto* metrics = &impl_->metrics;
  bool access_log = config_.access_log;
  impl_->server = std::make_unique<http::Server>(
      config_.server, [dispatcher](http::Request& req) { return dispatcher->Handle(req); },
      [metrics, access_log](const http::AccessRecord& a) {
        std::string route = http::Dispatcher::RouteLabel(*a.request);
        metrics->Observe(a.request->method, route, a.status, a.seconds);
        // The path only, never the query: query strings may carry names or phone numbers.
        if (access_log)
          spdlog::info("access {} {} {} {} {} {}B {:.1f}ms", a.request->request_id, a.request->remote_ip,
                       a.request->method, a.request->path, a.status, a.bytes_out, a.seconds * 1000);
      });
  impl_->server->set_install_signal_handlers(install_signals_);
#ifdef __GLIBC__
  // glibc gives busy threads arenas of their own, up to 8 per core; with 64 handler threads each
  // holds its own freed memory, and the resident size of a 500-phone load doubled in 150 s while
  // the memory in use stayed level (docs/reliability.md, Memory). Set before the threads start;
  // the MALLOC_ARENA_MAX variable, when set, wins.
  if (config_.malloc_arenas > 0 && !std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, config_.malloc_arenas);
#endif
  impl_->server->Start();
  auto* impl = impl_.get();
  if (config_.observation_sweep_seconds > 0 && !impl->sweeper.running())
    impl->sweeper.Start(config_.observation_sweep_seconds, [impl] {
      SweepLogged("observation sweep", [impl] { impl->observation->SweepNow(); });
      // Overdue directives and their alerts (docs/directives.md).
      SweepLogged("directive sweep", [impl] { impl->directives->SweepNow(); });
    });
  if (config_.report_snapshot_seconds > 0 && !impl->report_sweeper.running())
    impl->report_sweeper.Start(config_.report_snapshot_seconds, [impl] {
      SweepLogged("daily report snapshot sweep", [impl] { impl->reports->SweepNow(); });
    });
#ifdef __GLIBC__
  // glibc keeps freed memory in its arenas: under a long load the program's own memory stays
  // level while the resident size climbs with what was freed. malloc_trim gives free pages back.
  if (config_.memory_trim_seconds > 0 && !impl->trimmer.running())
    impl->trimmer.Start(config_.memory_trim_seconds, [] { malloc_trim(0); });
#endif
  return impl_->server->port();
}

void App::SealLegacyFields() {
  // Databases written before personal fields were sealed hold some in clear: seal them once.
  constexpr const char* kDone = "personal_fields_sealed";
  if (impl_->db->Read([&](store::Connection& c) {
        return c.QueryOne("SELECT value FROM settings WHERE key = ?", {kDone}).has_value();
      }))
    return;
  int64_t n = impl_->db->Write([&](store::Connection& c) {
    int64_t changed = org::store::SealStaffPhones(c, *impl_->cipher) +
                      screening::store::SealLegacyPersonalFields(c, *impl_->cipher);
    c.Exec("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING", {kDone});
    return changed;
  });
  if (n > 0) spdlog::info("sealed {} stored personal field values that were in clear", n);
}

void App::Wait() {
  if (impl_->server) impl_->server->Wait();
}

void App::Stop() {
  if (!impl_) return;
  impl_->sweeper.Stop();
  impl_->report_sweeper.Stop();
  impl_->trimmer.Stop();
  if (impl_->server) impl_->server->Stop();
  if (impl_->db) impl_->db->Close();
}

store::Database& App::db() { return *impl_->db; }
auth::AuthService& App::auth() { return *impl_->auth; }
org::OrgService& App::org() { return *impl_->org; }
screening::ScreeningService& App::screening() { return *impl_->screening; }
residents::FilesService& App::files() { return *impl_->files; }
residents::tasks::EstateTaskService& App::estate_tasks() { return *impl_->estate_tasks; }
residents::figures::FiguresService& App::figures() { return *impl_->figures; }
gate::GateService& App::gate() { return *impl_->gate; }
observation::ObservationService& App::observation() { return *impl_->observation; }
command::firms::FirmService& App::firms() { return *impl_->firms; }
command::report::ReportService& App::reports() { return *impl_->reports; }
command::directives::DirectiveService& App::directives() { return *impl_->directives; }

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char ch : host) {
    if (ch == '.') ++dots;
    else if (ch < '0' || ch > '9') return false;
  }
  return dots == 3;
}

void App::EnableTestClock(TestClock& clock) {
  if (!IsLoopbackHost(config_.server.host))
    throw std::runtime_error("testing.clock_api needs server.host to be a loopback address (127.0.0.1, ::1, localhost), not " +
                          config_.server.host);
  spdlog::warn("testing.clock_api is on: POST /api/v1/testing/clock moves this server's clock (never in production)");
  auto reply = [&clock] {
    return http::Response::Json(200, nlohmann::json{{"now", FormatRfc3339(clock.NowMs())}, {"offset_ms", clock.OffsetMs()}}.dump());
  };
  impl_->router.Add({"GET", "/api/v1/testing/clock", http::Access::kPermission, "auth:user:write",
                     {"测试时钟 The server's test clock", "testing"}, [reply](http::Request&) { return reply(); }});
  impl_->router.Add({"POST", "/api/v1/testing/clock", http::Access::kPermission, "auth:user:write",
                     {"移动测试时钟 Set the test clock's offset from the system time: {\"offset_ms\": N}", "testing"},
                     [this, &clock, reply](http::Request& req) {
                       auto j = nlohmann::json::parse(req.body, nullptr, false);
                       if (!j.is_object() || !j.contains("offset_ms") || !j["offset_ms"].is_number_integer())
                         throw Error::Validation({{"offset_ms", "required", "须为整数毫秒 an integer of milliseconds"}});
                       const auto& v = j["offset_ms"];
                       // An unsigned value above INT64_MAX would wrap: refuse it with the other out-of-range ones.
                       bool in_range = v.is_number_unsigned()
                                           ? v.get<uint64_t>() <= static_cast<uint64_t>(kMaxTestClockOffsetMs)
                                           : v.get<int64_t>() >= -kMaxTestClockOffsetMs &&
                                                 v.get<int64_t>() <= kMaxTestClockOffsetMs;
                       if (!in_range)
                         throw Error::Validation({{"offset_ms", "range",
                                                   "须在 ±400 天之内 must be within ±400 days (±34560000000 ms)"}});
                       int64_t offset = v.get<int64_t>();
                       int64_t old = clock.OffsetMs();
                       impl_->db->Write([&](store::Connection& c) {
                         auth::WriteAudit(c, http::ActorOf(req), clock.NowMs(), "set", "test_clock", "",
                                          nlohmann::json{{"offset_ms", old}}.dump(),
                                          nlohmann::json{{"offset_ms", offset}}.dump());
                       });
                       clock.SetOffsetMs(offset);  // once the audit row is committed
                       return reply();
                     }});
}
const FieldCipher& App::cipher() const { return *impl_->cipher; }
const http::Router& App::router() const { return impl_->router; }

}  // namespace fk::app
