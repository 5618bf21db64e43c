#include "command/report/demo.h"

#include "command/report/template.h"
#include "core/ids.h"

namespace fk::command::report {

void LoadReportDemo(ReportService& svc, fk::store::Database& db, const auth::Principal& admin) {
  auth::Actor admin_actor{admin.user_id, "admin", "", ""};
  for (const auto& section : kSections)
    svc.SaveTemplate(admin, admin_actor, section, DefaultTemplate(section), "默认模板 the default template");

  auto commander_id = db.Read([](fk::store::Connection& c) -> std::optional<int64_t> {
    auto r = c.QueryOne("SELECT id FROM users WHERE username = ?", {"commander"});
    return r ? std::optional<int64_t>(r->Int(0)) : std::nullopt;
  });
  if (!commander_id) return;
  auth::Principal commander = admin;
  commander.user_id = *commander_id;
  commander.username = "commander";
  auth::Actor commander_actor{*commander_id, "commander", "", ""};
  for (const char* day : {"2020-02-11", "2020-02-12"}) {
    auto r = svc.Generate(commander, commander_actor, admin.unit_id, day, NewUuidV7());
    svc.Approve(admin, admin_actor, r.report.id);
  }
}

}  // namespace fk::command::report
