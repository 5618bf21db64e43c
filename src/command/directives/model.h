// Records of the daily dispatch meeting (日调度会议) and its directives (督办):
// meetings numbered per command unit, directives with a responsible unit and
// a deadline, their progress updates and overdue alerts. Plain values;
// thread-compatible. Times are UTC milliseconds; days are local "YYYY-MM-DD".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace fk::command::directives {

// Stored statuses. `overdue` is never stored as a status: it is derived from the deadline and the clock
// (see Directive::overdue) and offered as a filter and a display status.
inline const std::vector<std::string> kStatuses = {"open", "in_progress", "reported_done", "done"};
inline const std::vector<std::string> kFilterStatuses = {"open", "in_progress", "reported_done", "done", "overdue"};

inline constexpr size_t kMaxTextChars = 1000;
inline constexpr size_t kMaxMinutesChars = 20000;
inline constexpr size_t kMaxAttendees = 100;
inline constexpr size_t kMaxAttachments = 10;

struct Meeting {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t number = 0;
  std::string held_on, title, chair;
  std::vector<std::string> attendees;
  std::string minutes;
  std::optional<std::string> client_key;
  int64_t created_by = 0, created_at = 0, updated_at = 0;
  // Counts of its directives by display status (filled by Get/List).
  int64_t directives = 0, directives_done = 0, directives_overdue = 0;
};

struct MeetingInput {
  std::optional<int64_t> unit_id;  // the command unit; default the caller's
  std::string client_key, held_on, title, chair, minutes;
  std::vector<std::string> attendees;
  std::vector<FieldError> parse_errors;
};

// An attachment described as text with an optional http(s) link.
struct Attachment {
  std::string text, url;
};

struct Directive {
  int64_t id = 0;
  int64_t meeting_id = 0, meeting_number = 0;
  std::string meeting_held_on;
  int64_t assigning_unit_id = 0, responsible_unit_id = 0;
  std::string assigning_unit_name, responsible_unit_name, responsible_unit_level;
  std::string text;
  int64_t deadline_at = 0;
  std::string status;
  std::optional<int64_t> reported_at, overdue_since, closed_at, closed_by;
  std::string close_note;
  std::optional<std::string> client_key;
  int64_t created_by = 0, created_at = 0, updated_at = 0;
  int64_t updates = 0;
  // Derived at read time from the injected clock: not done, the deadline has passed, and not reported done
  // by the deadline. display_status is "overdue" then, else status.
  bool overdue = false;
  std::string display_status;
};

struct DirectiveInput {
  std::optional<int64_t> meeting_id, responsible_unit_id;
  std::string client_key, text, deadline;  // deadline: RFC 3339
  std::vector<FieldError> parse_errors;
};

struct Update {
  int64_t id = 0;
  int64_t directive_id = 0;
  std::string kind, text;
  std::vector<Attachment> attachments;
  std::string status_before, status_after;
  std::optional<int64_t> by_user, by_unit_id;
  std::string by_name, by_unit_name;
  std::optional<std::string> client_key;
  int64_t at = 0;
};

struct UpdateInput {
  std::string client_key, text;
  std::vector<Attachment> attachments;
  std::vector<FieldError> parse_errors;
};

struct Alert {
  int64_t id = 0;
  int64_t directive_id = 0;
  std::string audience;  // responsible, command
  int64_t unit_id = 0;
  std::string unit_name, directive_text, responsible_unit_name;
  int64_t meeting_number = 0;
  int64_t deadline_at = 0;
  std::string status;
  int64_t opened_at = 0;
  std::optional<int64_t> acknowledged_by, acknowledged_at;
};

// Which side of a directive a list shows, relative to the scope unit.
//   responsible: directives whose responsible unit is in the scope subtree;
//   assigned: directives whose assigning unit is in it; all: either.
struct DirectiveFilter {
  std::string side = "all";
  std::optional<std::string> status;  // one of kFilterStatuses
  std::optional<int64_t> meeting_id, responsible_unit_id;
  int64_t now = 0;
  int64_t before_id = 0;
  int limit = 50;
};

struct Counts {
  int64_t open = 0, in_progress = 0, reported_done = 0, done = 0, overdue = 0, total = 0;
};

}  // namespace fk::command::directives
