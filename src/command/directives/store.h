// SQL of meetings and directives. Functions run on a Connection inside the
// caller's transaction (Database::Read or Write). Scope filters take a unit
// path prefix ("/1/4/"); `now` decides the derived overdue flag.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "command/directives/model.h"
#include "store/database.h"

namespace fk::command::directives::store {

using fk::store::Connection;

// Meetings
// The next meeting number of a command unit (atomic: concurrent callers get distinct numbers).
int64_t NextMeetingNumber(Connection& c, int64_t unit_id);
int64_t InsertMeeting(Connection& c, const Meeting& m);
std::optional<Meeting> GetMeeting(Connection& c, int64_t id, int64_t now);
std::optional<Meeting> MeetingByClientKey(Connection& c, const std::string& client_key, int64_t now);
// Meetings of command units in the subtree, newest (highest id) first.
std::vector<Meeting> ListMeetings(Connection& c, const std::string& scope_path, int64_t now, int64_t before_id,
                                  int limit);

// Directives
int64_t InsertDirective(Connection& c, const Directive& d);
std::optional<Directive> GetDirective(Connection& c, int64_t id, int64_t now);
std::optional<Directive> DirectiveByClientKey(Connection& c, const std::string& client_key, int64_t now);
std::vector<Directive> ListDirectives(Connection& c, const std::string& scope_path, const DirectiveFilter& f);
Counts CountDirectives(Connection& c, const std::string& scope_path, const DirectiveFilter& f);
// Status changes compare and set: each changes the row only while its status is still `from`
// and returns whether it did (false: another request changed it first).
bool SetStatus(Connection& c, int64_t id, const std::string& from, const std::string& status, int64_t at);
bool SetReported(Connection& c, int64_t id, const std::string& from, int64_t at);
bool SetClosed(Connection& c, int64_t id, const std::string& from, int64_t at, int64_t by, const std::string& note);
// Back to in_progress (return, reopen); a new deadline clears the stored overdue mark.
bool Reopen(Connection& c, int64_t id, const std::string& from, int64_t at, std::optional<int64_t> new_deadline);
// Bumps updated_at while the status is still `from`; returns whether it did.
bool Touch(Connection& c, int64_t id, const std::string& from, int64_t at);

// Updates (the timeline)
int64_t InsertUpdate(Connection& c, const Update& u);
std::vector<Update> UpdatesOf(Connection& c, int64_t directive_id);
std::optional<Update> UpdateByClientKey(Connection& c, const std::string& client_key);

// Overdue: directives overdue at `now` not yet marked; marks them and opens their alerts
// (one per audience and deadline; a second sweep finds nothing).
struct OverdueRow {
  int64_t id, assigning_unit_id, responsible_unit_id, deadline_at;
  std::string status;
};
std::vector<OverdueRow> NewlyOverdue(Connection& c, int64_t now);
// Marks the directive overdue unless already marked; returns whether this call marked it
// (false: another server's sweep got there first).
bool MarkOverdue(Connection& c, int64_t id, int64_t now);
// Acknowledges (as `by`, 0 for the system) the directive's open alerts of any deadline other than
// `deadline_at`; returns how many.
int64_t CloseStaleAlerts(Connection& c, int64_t directive_id, int64_t deadline_at, int64_t by, int64_t at);
// Inserts the alert unless one exists for (directive, audience, deadline); returns whether it did.
bool InsertAlert(Connection& c, int64_t directive_id, const std::string& audience, int64_t unit_id, int64_t deadline_at,
                 int64_t now);

// Alerts whose unit is in the subtree, newest first.
std::vector<Alert> ListAlerts(Connection& c, const std::string& scope_path, std::optional<std::string> status,
                              std::optional<std::string> audience, std::optional<int64_t> directive_id,
                              int64_t before_id, int limit);
std::optional<Alert> GetAlert(Connection& c, int64_t id);
void AcknowledgeAlert(Connection& c, int64_t id, int64_t by, int64_t at);

// A unit's path, name and level; nullopt when absent.
struct UnitRef {
  int64_t id;
  std::string path, name, level;
  bool active;
};
std::optional<UnitRef> Unit(Connection& c, int64_t id);

}  // namespace fk::command::directives::store
