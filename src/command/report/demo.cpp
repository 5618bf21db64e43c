#include "command/report/demo.h"

#include "command/report/template.h"
#include "core/ids.h"

namespace fk::command::report {

void LoadReportDemo(ReportService& svc, fk::store::Database& db, const auth::Principal& admin) {
  auth::Actor admin_actor{admin.user_id, "admin", "", ""};
  for (const auto& section : kSections)
    svc.SaveTemplate(admin, admin_actor, section, DefaultTemplate(section), "默认模板 the default template");

  auto name_of = [&](const std::string& username) -> std::optional<std::pair<int64_t, std::string>> {
    return db.Read([&](fk::store::Connection& c) -> std::optional<std::pair<int64_t, std::string>> {
      auto r = c.QueryOne("SELECT id, display_name FROM users WHERE username = ?", {username});
      if (!r) return std::nullopt;
      return std::make_pair(r->Int(0), r->Text(1));
    });
  };
  auto commander_user = name_of("commander");
  if (!commander_user) return;
  auto commander_id = std::optional<int64_t>(commander_user->first);
  auth::Principal approver = admin;
  if (approver.display_name.empty())
    approver.display_name = db.Read([&](fk::store::Connection& c) {
      auto r = c.QueryOne("SELECT display_name FROM users WHERE id = ?", {admin.user_id});
      return r ? r->Text(0) : std::string();
    });
  auth::Principal commander = admin;
  commander.display_name = commander_user->second;
  commander.user_id = *commander_id;
  commander.username = "commander";
  auth::Actor commander_actor{*commander_id, "commander", "", ""};
  for (const char* day : {"2020-02-11", "2020-02-12"}) {
    auto r = svc.Generate(commander, commander_actor, admin.unit_id, day, NewUuidV7());
    svc.Approve(approver, admin_actor, r.report.id);
  }
}

}  // namespace fk::command::report
