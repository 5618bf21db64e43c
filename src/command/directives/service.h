// DirectiveService: the daily dispatch meeting (日调度会议) and its directives
// (督办). Numbers meetings per command unit (第N次, atomic), turns decisions
// into directives assigned to a responsible unit with a deadline, keeps the
// progress timeline, runs the state machine of docs/directives.md (closure
// only by the assigning side), derives `overdue` from the injected Clock on
// every read, and sweeps newly overdue directives into one alert for the
// responsible unit and one for the command centre (idempotent).
// Thread-safe: all state lives in the database; time comes only from the Clock
// (or Sweep's now). Failures throw fk::Error: kValidation (fields), kNotFound
// (absent or outside the caller's subtree), kForbidden (the wrong side of the
// directive for the action), kConflict (a state that does not allow it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "command/directives/model.h"
#include "core/clock.h"
#include "store/database.h"

namespace fk::command::directives {

using auth::Actor;
using auth::Principal;

struct MeetingResult {
  Meeting meeting;
  bool created = false;  // false: a replay of the same client_key
};
struct DirectiveResult {
  Directive directive;
  bool created = false;
};
struct UpdateResult {
  Directive directive;
  Update update;
  bool created = false;
};

struct SweepResult {
  int64_t newly_overdue = 0, alerts_opened = 0;
};

// What the caller may do with a directive (for the UI's buttons; the service checks again).
struct Abilities {
  bool progress = false, start = false, report_done = false, close = false, return_ = false, reopen = false;
};

class DirectiveService {
 public:
  DirectiveService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes)
      : db_(db), clock_(clock), tz_(tz_offset_minutes) {}

  // Meetings
  MeetingResult CreateMeeting(const Principal& p, const Actor& a, const MeetingInput& in);
  // Changes title, chair, attendees and minutes (the number and day stay).
  Meeting UpdateMeeting(const Principal& p, const Actor& a, int64_t id, const MeetingInput& in,
                        const std::vector<std::string>& present);
  Meeting GetMeeting(const Principal& p, int64_t id);
  std::vector<Meeting> ListMeetings(const Principal& p, std::optional<int64_t> unit_id, int64_t before_id, int limit);

  // Directives
  DirectiveResult CreateDirective(const Principal& p, const Actor& a, const DirectiveInput& in);
  Directive GetDirective(const Principal& p, int64_t id);
  Abilities AbilitiesOf(const Principal& p, const Directive& d);
  std::vector<Update> Timeline(const Principal& p, int64_t id);
  std::vector<Directive> ListDirectives(const Principal& p, std::optional<int64_t> unit_id, DirectiveFilter f);
  Counts CountDirectives(const Principal& p, std::optional<int64_t> unit_id, DirectiveFilter f);

  // Progress by the responsible side (or the assigning side); the first by the responsible side moves
  // an open directive to in_progress. Idempotent by client_key.
  UpdateResult AddProgress(const Principal& p, const Actor& a, int64_t id, const UpdateInput& in);
  // Transitions (docs/directives.md). note: required for report_done, close, return, reopen.
  Directive Start(const Principal& p, const Actor& a, int64_t id);
  Directive ReportDone(const Principal& p, const Actor& a, int64_t id, const std::string& note);
  Directive Close(const Principal& p, const Actor& a, int64_t id, const std::string& note);
  Directive Return(const Principal& p, const Actor& a, int64_t id, const std::string& note,
                   const std::optional<std::string>& new_deadline);
  Directive Reopen(const Principal& p, const Actor& a, int64_t id, const std::string& note,
                   const std::optional<std::string>& new_deadline);

  // Alerts of units in the caller's subtree (or unit_id's).
  std::vector<Alert> ListAlerts(const Principal& p, std::optional<int64_t> unit_id, std::optional<std::string> status,
                                std::optional<std::string> audience, std::optional<int64_t> directive_id,
                                int64_t before_id, int limit);
  Alert Acknowledge(const Principal& p, const Actor& a, int64_t id);

  // Marks directives overdue at `now` and opens their alerts; a second run opens none.
  SweepResult Sweep(int64_t now);
  SweepResult SweepNow() { return Sweep(clock_.NowMs()); }

  int64_t NowMs() const { return clock_.NowMs(); }

 private:
  Directive Transition(const Principal& p, const Actor& a, int64_t id, const std::string& kind, const std::string& note,
                       const std::optional<std::string>& new_deadline);

  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
};

// True for an absolute http:// or https:// URL with a host and no spaces or control characters.
bool IsHttpUrl(const std::string& url);

}  // namespace fk::command::directives
