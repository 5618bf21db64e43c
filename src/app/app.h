// App: the composition root. Opens the database, builds every service, the
// router, the dispatcher and the HTTP server. The only place that wires
// objects together; used by `fangkong serve` and by the API tests (which run
// it in-process on an ephemeral port). Not thread-safe: one controlling thread.
#pragma once

#include <atomic>
#include <memory>

#include "app/config.h"
#include "core/clock.h"

namespace fk::store {
class Database;
}
namespace fk::auth {
class AuthService;
}
namespace fk::org {
class OrgService;
}
namespace fk::screening {
class ScreeningService;
}
namespace fk::residents {
class FilesService;
}
namespace fk::residents::tasks {
class EstateTaskService;
}
namespace fk::residents::figures {
class FiguresService;
}
namespace fk::gate {
class GateService;
}
namespace fk::observation {
class ObservationService;
}
namespace fk::command::firms {
class FirmService;
}
namespace fk::command::report {
class ReportService;
}
namespace fk::command::directives {
class DirectiveService;
}
namespace fk::http {
class Router;
}
namespace fk {
class FieldCipher;
}

namespace fk::app {

// The server's clock moved by an offset that a browser test sets through POST /api/v1/testing/clock; only
// wired when config testing.clock_api is true (never in production). Thread-safe.
class TestClock final : public Clock {
 public:
  explicit TestClock(const Clock& base) : base_(base) {}
  int64_t NowMs() const override { return base_.NowMs() + offset_ms_.load(std::memory_order_acquire); }
  void SetOffsetMs(int64_t ms) { offset_ms_.store(ms, std::memory_order_release); }
  int64_t OffsetMs() const { return offset_ms_.load(std::memory_order_acquire); }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_ms_{0};
};

// The test clock moves at most this far from the system time either way (400 days).
inline constexpr int64_t kMaxTestClockOffsetMs = 400LL * 24 * 3600 * 1000;

// Whether `host` names only the loopback interface: 127.0.0.1 (any 127.x.y.z), ::1 or localhost.
bool IsLoopbackHost(const std::string& host);

class App {
 public:
  // Opens the database (throws fk::Error when it cannot) and checks the
  // schema version unless check_schema is false.
  App(Config config, const Clock& clock, bool check_schema = true);
  ~App();

  // Starts the HTTP server in background threads; returns the bound port.
  int Start();
  // Blocks until SIGTERM/SIGINT (when signals are installed) or Stop().
  void Wait();
  // Graceful stop: in-flight requests finish, then the database closes.
  void Stop();
  void set_install_signal_handlers(bool on) { install_signals_ = on; }
  // Seals personal fields that a database from before sealing holds in clear (staff phones,
  // occupants', handovers'); runs once per database (a settings flag), called by Start().
  void SealLegacyFields();

  store::Database& db();
  auth::AuthService& auth();
  org::OrgService& org();
  screening::ScreeningService& screening();
  residents::FilesService& files();
  residents::tasks::EstateTaskService& estate_tasks();
  residents::figures::FiguresService& figures();
  gate::GateService& gate();
  observation::ObservationService& observation();
  command::firms::FirmService& firms();
  command::report::ReportService& reports();
  command::directives::DirectiveService& directives();
  // Registers POST/GET /api/v1/testing/clock (admin only) to move `clock`; for browser tests only.
  // The offset is bounded by kMaxTestClockOffsetMs (422 beyond) and each change is audited
  // (entity test_clock, old and new offset). Throws std::runtime_error unless server.host is a loopback
  // address (IsLoopbackHost).
  void EnableTestClock(TestClock& clock);
  // Seals and opens personal fields (identity numbers, phones) at rest.
  const FieldCipher& cipher() const;
  const http::Router& router() const;
  const Config& config() const { return config_; }

 private:
  struct Impl;
  Config config_;
  bool install_signals_ = true;
  std::unique_ptr<Impl> impl_;
};

// Sets up spdlog (stderr, the level from config).
void SetupLogging(const std::string& level);

}  // namespace fk::app
