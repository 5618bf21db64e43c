// App: the composition root. Opens the database, builds every service, the
// router, the dispatcher and the HTTP server. The only place that wires
// objects together; used by `fangkong serve` and by the API tests (which run
// it in-process on an ephemeral port). Not thread-safe: one controlling thread.
#pragma once

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
namespace fk::http {
class Router;
}
namespace fk {
class FieldCipher;
}

namespace fk::app {

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
