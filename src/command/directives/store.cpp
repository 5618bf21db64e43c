#include "command/directives/store.h"

#include <nlohmann/json.hpp>

namespace fk::command::directives::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;
using Json = nlohmann::json;

Value I(int64_t v) {
  return Value(static_cast<long long>(v));
}
Value OptI(const std::optional<int64_t>& v) {
  return v ? I(*v) : Value();
}
Value OptS(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value();
}

// Overdue: not done, the deadline has passed, and not reported done by the deadline. One `?`: now.
constexpr const char* kOverdue =
    "(d.status <> 'done' AND d.deadline_at < ? AND NOT (d.status = 'reported_done' AND d.reported_at IS NOT NULL "
    "AND d.reported_at <= d.deadline_at))";

constexpr const char* kMeetingColumns =
    "SELECT m.id, m.unit_id, u.name, m.number, m.held_on, m.title, m.chair, m.attendees, m.minutes, m.client_key, "
    "COALESCE(m.created_by, 0), m.created_at, m.updated_at FROM meetings m JOIN units u ON u.id = m.unit_id";

constexpr const char* kInsertMeeting =
    "INSERT INTO meetings (unit_id, number, held_on, title, chair, attendees, minutes, client_key, created_by, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

constexpr const char* kNextNumber =
    "INSERT INTO meeting_counters (unit_id, last_number) VALUES (?, 1) ON CONFLICT (unit_id) DO UPDATE SET "
    "last_number = meeting_counters.last_number + 1 RETURNING last_number";

constexpr const char* kMeetingCounts =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.status = 'done' THEN 1 ELSE 0 END), 0) FROM directives d "
    "WHERE d.meeting_id = ?";

std::string DirectiveColumns() {
  return std::string(
             "SELECT d.id, d.meeting_id, m.number, m.held_on, d.assigning_unit_id, au.name, d.responsible_unit_id, "
             "ru.name, ru.level, d.text, d.deadline_at, d.status, d.reported_at, d.overdue_since, d.closed_at, "
             "d.closed_by, d.close_note, d.client_key, COALESCE(d.created_by, 0), d.created_at, d.updated_at, "
             "(SELECT COUNT(*) FROM directive_updates x WHERE x.directive_id = d.id), CASE WHEN ") +
         kOverdue +
         " THEN 1 ELSE 0 END FROM directives d JOIN meetings m ON m.id = d.meeting_id "
         "JOIN units au ON au.id = d.assigning_unit_id JOIN units ru ON ru.id = d.responsible_unit_id";
}

constexpr const char* kInsertDirective =
    "INSERT INTO directives (meeting_id, assigning_unit_id, responsible_unit_id, text, deadline_at, status, "
    "client_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id";

constexpr const char* kUpdateColumns =
    "SELECT x.id, x.directive_id, x.kind, x.text, x.attachments, x.status_before, x.status_after, x.by_user, "
    "x.by_name, x.by_unit_id, COALESCE(u.name, ''), x.client_key, x.at FROM directive_updates x "
    "LEFT JOIN units u ON u.id = x.by_unit_id";

constexpr const char* kInsertUpdate =
    "INSERT INTO directive_updates (directive_id, kind, text, attachments, status_before, status_after, by_user, "
    "by_name, by_unit_id, client_key, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

constexpr const char* kAlertColumns =
    "SELECT a.id, a.directive_id, a.audience, a.unit_id, u.name, d.text, ru.name, m.number, a.deadline_at, a.status, "
    "a.opened_at, a.acknowledged_by, a.acknowledged_at FROM directive_alerts a JOIN units u ON u.id = a.unit_id "
    "JOIN directives d ON d.id = a.directive_id JOIN units ru ON ru.id = d.responsible_unit_id "
    "JOIN meetings m ON m.id = d.meeting_id";

std::string ScopeIn(const char* column) {
  return std::string(" ") + column + " IN (SELECT id FROM units WHERE path LIKE ?)";
}

std::vector<std::string> StrArray(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Meeting MeetingFrom(const Row& r) {
  Meeting m;
  m.id = r.Int(0);
  m.unit_id = r.Int(1);
  m.unit_name = r.Text(2);
  m.number = r.Int(3);
  m.held_on = r.Text(4);
  m.title = r.Text(5);
  m.chair = r.Text(6);
  m.attendees = StrArray(r.Text(7));
  m.minutes = r.Text(8);
  m.client_key = r.OptText(9);
  m.created_by = r.Int(10);
  m.created_at = r.Int(11);
  m.updated_at = r.Int(12);
  return m;
}

void FillMeetingCounts(Connection& c, Meeting& m, int64_t now) {
  auto r = c.QueryOne(kMeetingCounts, {I(m.id)});
  m.directives = r->Int(0);
  m.directives_done = r->Int(1);
  m.directives_overdue =
      c.QueryOne(std::string("SELECT COUNT(*) FROM directives d WHERE d.meeting_id = ? AND ") + kOverdue,
                 {I(m.id), I(now)})
          ->Int(0);
}

Directive DirectiveFrom(const Row& r) {
  Directive d;
  d.id = r.Int(0);
  d.meeting_id = r.Int(1);
  d.meeting_number = r.Int(2);
  d.meeting_held_on = r.Text(3);
  d.assigning_unit_id = r.Int(4);
  d.assigning_unit_name = r.Text(5);
  d.responsible_unit_id = r.Int(6);
  d.responsible_unit_name = r.Text(7);
  d.responsible_unit_level = r.Text(8);
  d.text = r.Text(9);
  d.deadline_at = r.Int(10);
  d.status = r.Text(11);
  d.reported_at = r.OptInt(12);
  d.overdue_since = r.OptInt(13);
  d.closed_at = r.OptInt(14);
  d.closed_by = r.OptInt(15);
  d.close_note = r.Text(16);
  d.client_key = r.OptText(17);
  d.created_by = r.Int(18);
  d.created_at = r.Int(19);
  d.updated_at = r.Int(20);
  d.updates = r.Int(21);
  d.overdue = r.Int(22) != 0;
  d.display_status = d.overdue ? "overdue" : d.status;
  return d;
}

Update UpdateFrom(const Row& r) {
  Update u;
  u.id = r.Int(0);
  u.directive_id = r.Int(1);
  u.kind = r.Text(2);
  u.text = r.Text(3);
  Json a = Json::parse(r.Text(4), nullptr, false);
  if (a.is_array())
    for (const auto& v : a)
      if (v.is_object()) u.attachments.push_back({v.value("text", ""), v.value("url", "")});
  u.status_before = r.Text(5);
  u.status_after = r.Text(6);
  u.by_user = r.OptInt(7);
  u.by_name = r.Text(8);
  u.by_unit_id = r.OptInt(9);
  u.by_unit_name = r.Text(10);
  u.client_key = r.OptText(11);
  u.at = r.Int(12);
  return u;
}

Alert AlertFrom(const Row& r) {
  Alert a;
  a.id = r.Int(0);
  a.directive_id = r.Int(1);
  a.audience = r.Text(2);
  a.unit_id = r.Int(3);
  a.unit_name = r.Text(4);
  a.directive_text = r.Text(5);
  a.responsible_unit_name = r.Text(6);
  a.meeting_number = r.Int(7);
  a.deadline_at = r.Int(8);
  a.status = r.Text(9);
  a.opened_at = r.Int(10);
  a.acknowledged_by = r.OptInt(11);
  a.acknowledged_at = r.OptInt(12);
  return a;
}

// WHERE terms and their parameters for a directive list or count (after the select's own `now`).
std::string Where(const std::string& scope_path, const DirectiveFilter& f, Params& params) {
  std::string like = scope_path + "%";
  std::string w = " WHERE ";
  if (f.side == "responsible") {
    w += ScopeIn("d.responsible_unit_id");
    params.push_back(like);
  } else if (f.side == "assigned") {
    w += ScopeIn("d.assigning_unit_id");
    params.push_back(like);
  } else {
    w += "(" + ScopeIn("d.responsible_unit_id") + " OR " + ScopeIn("d.assigning_unit_id") + ")";
    params.push_back(like);
    params.push_back(like);
  }
  if (f.meeting_id) {
    w += " AND d.meeting_id = ?";
    params.push_back(I(*f.meeting_id));
  }
  if (f.responsible_unit_id) {
    w += " AND d.responsible_unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || "
         "'%')";
    params.push_back(I(*f.responsible_unit_id));
  }
  if (f.status) {
    if (*f.status == "overdue") {
      w += std::string(" AND ") + kOverdue;
      params.push_back(I(f.now));
    } else {
      w += std::string(" AND d.status = ? AND NOT ") + kOverdue;
      params.push_back(*f.status);
      params.push_back(I(f.now));
    }
  }
  return w;
}

}  // namespace

int64_t NextMeetingNumber(Connection& c, int64_t unit_id) {
  return c.Query(kNextNumber, {I(unit_id)}).front().Int(0);
}

int64_t InsertMeeting(Connection& c, const Meeting& m) {
  return c
      .Query(kInsertMeeting,
             {I(m.unit_id), I(m.number), m.held_on, m.title, m.chair, Json(m.attendees).dump(), m.minutes,
              OptS(m.client_key), m.created_by ? I(m.created_by) : Value(), I(m.created_at), I(m.updated_at)})
      .front()
      .Int(0);
}

std::optional<Meeting> GetMeeting(Connection& c, int64_t id, int64_t now) {
  auto r = c.QueryOne(std::string(kMeetingColumns) + " WHERE m.id = ?", {I(id)});
  if (!r) return std::nullopt;
  Meeting m = MeetingFrom(*r);
  FillMeetingCounts(c, m, now);
  return m;
}

std::optional<Meeting> MeetingByClientKey(Connection& c, const std::string& client_key, int64_t now) {
  auto r = c.QueryOne("SELECT id FROM meetings WHERE client_key = ?", {client_key});
  return r ? GetMeeting(c, r->Int(0), now) : std::nullopt;
}

std::vector<Meeting> ListMeetings(Connection& c, const std::string& scope_path, int64_t now, int64_t before_id,
                                  int limit) {
  Params params{scope_path + "%"};
  std::string sql = std::string(kMeetingColumns) + " WHERE" + ScopeIn("m.unit_id");
  if (before_id > 0) {
    sql += " AND m.id < ?";
    params.push_back(I(before_id));
  }
  sql += " ORDER BY m.id DESC LIMIT ?";
  params.push_back(limit);
  std::vector<Meeting> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(MeetingFrom(r));
  for (auto& m : out) FillMeetingCounts(c, m, now);
  return out;
}

int64_t InsertDirective(Connection& c, const Directive& d) {
  return c
      .Query(kInsertDirective,
             {I(d.meeting_id), I(d.assigning_unit_id), I(d.responsible_unit_id), d.text, I(d.deadline_at),
              OptS(d.client_key), d.created_by ? I(d.created_by) : Value(), I(d.created_at), I(d.updated_at)})
      .front()
      .Int(0);
}

std::optional<Directive> GetDirective(Connection& c, int64_t id, int64_t now) {
  auto r = c.QueryOne(DirectiveColumns() + " WHERE d.id = ?", {I(now), I(id)});
  return r ? std::optional<Directive>(DirectiveFrom(*r)) : std::nullopt;
}

std::optional<Directive> DirectiveByClientKey(Connection& c, const std::string& client_key, int64_t now) {
  auto r = c.QueryOne(DirectiveColumns() + " WHERE d.client_key = ?", {I(now), client_key});
  return r ? std::optional<Directive>(DirectiveFrom(*r)) : std::nullopt;
}

std::vector<Directive> ListDirectives(Connection& c, const std::string& scope_path, const DirectiveFilter& f) {
  Params params{I(f.now)};
  std::string sql = DirectiveColumns() + Where(scope_path, f, params);
  if (f.before_id > 0) {
    sql += " AND d.id < ?";
    params.push_back(I(f.before_id));
  }
  sql += " ORDER BY d.id DESC LIMIT ?";
  params.push_back(f.limit);
  std::vector<Directive> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(DirectiveFrom(r));
  return out;
}

Counts CountDirectives(Connection& c, const std::string& scope_path, const DirectiveFilter& f) {
  DirectiveFilter all = f;
  all.status.reset();
  Params params{I(f.now)};
  std::string sql = std::string("SELECT CASE WHEN ") + kOverdue +
                    " THEN 'overdue' ELSE d.status END AS s, COUNT(*) FROM directives d" +
                    Where(scope_path, all, params) + " GROUP BY 1";
  Counts k;
  for (const auto& r : c.Query(sql, params).rows) {
    std::string s = r.Text(0);
    int64_t n = r.Int(1);
    if (s == "open")
      k.open = n;
    else if (s == "in_progress")
      k.in_progress = n;
    else if (s == "reported_done")
      k.reported_done = n;
    else if (s == "done")
      k.done = n;
    else if (s == "overdue")
      k.overdue = n;
    k.total += n;
  }
  return k;
}

bool SetStatus(Connection& c, int64_t id, const std::string& from, const std::string& status, int64_t at) {
  return c.Exec("UPDATE directives SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                {status, I(at), I(id), from}) > 0;
}

bool SetReported(Connection& c, int64_t id, const std::string& from, int64_t at) {
  return c.Exec(
             "UPDATE directives SET status = 'reported_done', reported_at = ?, updated_at = ? WHERE id = ? AND "
             "status = ?",
             {I(at), I(at), I(id), from}) > 0;
}

bool SetClosed(Connection& c, int64_t id, const std::string& from, int64_t at, int64_t by, const std::string& note) {
  return c.Exec(
             "UPDATE directives SET status = 'done', closed_at = ?, closed_by = ?, close_note = ?, updated_at = ? "
             "WHERE id = ? AND status = ?",
             {I(at), by ? I(by) : Value(), note, I(at), I(id), from}) > 0;
}

bool Reopen(Connection& c, int64_t id, const std::string& from, int64_t at, std::optional<int64_t> new_deadline) {
  if (new_deadline)
    return c.Exec(
               "UPDATE directives SET status = 'in_progress', reported_at = NULL, closed_at = NULL, closed_by = NULL, "
               "deadline_at = ?, overdue_since = NULL, updated_at = ? WHERE id = ? AND status = ?",
               {I(*new_deadline), I(at), I(id), from}) > 0;
  return c.Exec(
             "UPDATE directives SET status = 'in_progress', reported_at = NULL, closed_at = NULL, closed_by = NULL, "
             "updated_at = ? WHERE id = ? AND status = ?",
             {I(at), I(id), from}) > 0;
}

bool Touch(Connection& c, int64_t id, const std::string& from, int64_t at) {
  return c.Exec("UPDATE directives SET updated_at = ? WHERE id = ? AND status = ?", {I(at), I(id), from}) > 0;
}

int64_t InsertUpdate(Connection& c, const Update& u) {
  Json a = Json::array();
  for (const auto& x : u.attachments) a.push_back({{"text", x.text}, {"url", x.url}});
  return c
      .Query(kInsertUpdate, {I(u.directive_id), u.kind, u.text, a.dump(), u.status_before, u.status_after,
                             OptI(u.by_user), u.by_name, OptI(u.by_unit_id), OptS(u.client_key), I(u.at)})
      .front()
      .Int(0);
}

std::vector<Update> UpdatesOf(Connection& c, int64_t directive_id) {
  std::vector<Update> out;
  for (const auto& r :
       c.Query(std::string(kUpdateColumns) + " WHERE x.directive_id = ? ORDER BY x.id", {I(directive_id)}).rows)
    out.push_back(UpdateFrom(r));
  return out;
}

std::optional<Update> UpdateByClientKey(Connection& c, const std::string& client_key) {
  auto r = c.QueryOne(std::string(kUpdateColumns) + " WHERE x.client_key = ?", {client_key});
  return r ? std::optional<Update>(UpdateFrom(*r)) : std::nullopt;
}

std::vector<OverdueRow> NewlyOverdue(Connection& c, int64_t now) {
  std::vector<OverdueRow> out;
  for (const auto& r :
       c.Query(std::string(
                   "SELECT d.id, d.assigning_unit_id, d.responsible_unit_id, d.deadline_at, d.status FROM directives d "
                   "WHERE d.overdue_since IS NULL AND ") +
                   kOverdue + " ORDER BY d.id",
               {I(now)})
           .rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4)});
  return out;
}

bool MarkOverdue(Connection& c, int64_t id, int64_t now) {
  return c.Exec("UPDATE directives SET overdue_since = ? WHERE id = ? AND overdue_since IS NULL", {I(now), I(id)}) > 0;
}

int64_t CloseStaleAlerts(Connection& c, int64_t directive_id, int64_t deadline_at, int64_t by, int64_t at) {
  return c.Exec(
      "UPDATE directive_alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
      "WHERE directive_id = ? AND status = 'open' AND deadline_at <> ?",
      {by ? I(by) : Value(), I(at), I(directive_id), I(deadline_at)});
}

bool InsertAlert(Connection& c, int64_t directive_id, const std::string& audience, int64_t unit_id, int64_t deadline_at,
                 int64_t now) {
  return c.Query(
              "INSERT INTO directive_alerts (directive_id, audience, unit_id, deadline_at, status, opened_at) "
              "VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT (directive_id, audience, deadline_at) DO NOTHING",
              {I(directive_id), audience, I(unit_id), I(deadline_at), I(now)})
             .affected > 0;
}

std::vector<Alert> ListAlerts(Connection& c, const std::string& scope_path, std::optional<std::string> status,
                              std::optional<std::string> audience, std::optional<int64_t> directive_id,
                              int64_t before_id, int limit) {
  Params params{scope_path + "%"};
  std::string sql = std::string(kAlertColumns) + " WHERE" + ScopeIn("a.unit_id");
  if (status) {
    sql += " AND a.status = ?";
    params.push_back(*status);
  }
  if (audience) {
    sql += " AND a.audience = ?";
    params.push_back(*audience);
  }
  if (directive_id) {
    sql += " AND a.directive_id = ?";
    params.push_back(I(*directive_id));
  }
  if (before_id > 0) {
    sql += " AND a.id < ?";
    params.push_back(I(before_id));
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  params.push_back(limit);
  std::vector<Alert> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(AlertFrom(r));
  return out;
}

std::optional<Alert> GetAlert(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kAlertColumns) + " WHERE a.id = ?", {I(id)});
  return r ? std::optional<Alert>(AlertFrom(*r)) : std::nullopt;
}

void AcknowledgeAlert(Connection& c, int64_t id, int64_t by, int64_t at) {
  c.Query("UPDATE directive_alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
          {by ? I(by) : Value(), I(at), I(id)});
}

std::optional<UnitRef> Unit(Connection& c, int64_t id) {
  auto r = c.QueryOne("SELECT id, path, name, level, active FROM units WHERE id = ?", {I(id)});
  if (!r) return std::nullopt;
  return UnitRef{r->Int(0), r->Text(1), r->Text(2), r->Text(3), r->Bool(4)};
}

}  // namespace fk::command::directives::store
