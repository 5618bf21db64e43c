#include "command/directives/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "command/directives/store.h"
#include "core/ids.h"

namespace fk::command::directives {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

constexpr const char* kWrite = "command:directive:write";
constexpr const char* kProgress = "command:directive:progress";
constexpr const char* kChangedMeanwhile =
    "督办事项已被他人更改，请刷新后重试 the directive was changed meanwhile; reload and try again";

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

void CheckText(const std::string& field, const std::string& v, bool required, size_t max, FieldErrors& errs) {
  if (v.empty()) {
    if (required) errs.Add(field, "required", "必填 required");
  } else if (Chars(v) > max) {
    errs.Add(field, "length", "最多 " + std::to_string(max) + " 字 at most " + std::to_string(max) + " characters");
  }
}

void CheckClientKey(const std::string& key, FieldErrors& errs) {
  if (!key.empty() && !IsValidUuid(key)) errs.Add("client_key", "format", "须为 UUID must be a UUID");
}

std::string UnitPath(Connection& c, int64_t id) {
  auto u = store::Unit(c, id);
  return u ? u->path : std::string();
}

std::string ScopeOf(Connection& c, const Principal& p, std::optional<int64_t> unit_id) {
  if (!unit_id) return p.unit_path;
  std::string path = UnitPath(c, *unit_id);
  if (path.empty() || !p.InScope(path)) throw Error::NotFound("单位不存在 no such unit");
  return path;
}

struct Sides {
  bool visible = false, assigning = false, responsible = false;
};

Sides SidesOf(Connection& c, const Principal& p, const Directive& d) {
  Sides s;
  bool in_assigning = p.InScope(UnitPath(c, d.assigning_unit_id));
  bool in_responsible = p.InScope(UnitPath(c, d.responsible_unit_id));
  s.visible = in_assigning || in_responsible;
  s.assigning = in_assigning && p.Has(kWrite);
  s.responsible = in_responsible && p.Has(kProgress);
  return s;
}

Directive DirectiveInScope(Connection& c, const Principal& p, int64_t id, int64_t now, Sides* sides = nullptr) {
  auto d = store::GetDirective(c, id, now);
  if (!d) throw Error::NotFound("督办事项不存在 no such directive");
  Sides s = SidesOf(c, p, *d);
  if (!s.visible) throw Error::NotFound("督办事项不存在 no such directive");
  if (sides) *sides = s;
  return *d;
}

Meeting MeetingInScope(Connection& c, const Principal& p, int64_t id, int64_t now) {
  auto m = store::GetMeeting(c, id, now);
  if (!m || !p.InScope(UnitPath(c, m->unit_id))) throw Error::NotFound("会议不存在 no such meeting");
  return *m;
}

std::string DirectiveJson(const Directive& d) {
  return Json{{"meeting_id", d.meeting_id},
              {"responsible_unit_id", d.responsible_unit_id},
              {"text", d.text},
              {"deadline", FormatRfc3339(d.deadline_at)},
              {"status", d.status}}
      .dump();
}

std::string MeetingJson(const Meeting& m) {
  return Json{{"unit_id", m.unit_id}, {"number", m.number},       {"held_on", m.held_on}, {"title", m.title},
              {"chair", m.chair},     {"attendees", m.attendees}, {"minutes", m.minutes}}
      .dump();
}

// A deadline: RFC 3339 and not before the start (local midnight) of the meeting's day.
std::optional<int64_t> ParseDeadline(const std::string& field, const std::string& text, const std::string& held_on,
                                     int tz, FieldErrors& errs) {
  if (text.empty()) {
    errs.Add(field, "required", "必填 required");
    return std::nullopt;
  }
  auto at = ParseRfc3339(text);
  if (!at) {
    errs.Add(field, "format", "须为 RFC 3339 时间 must be an RFC 3339 time, e.g. 2020-02-15T18:00:00+08:00");
    return std::nullopt;
  }
  if (!held_on.empty() && *at < DayStartUtcMs(held_on, tz)) {
    errs.Add(field, "after_meeting", "期限不能早于会议日期 the deadline cannot be before the meeting's day");
    return std::nullopt;
  }
  return at;
}

}  // namespace

bool IsHttpUrl(const std::string& url) {
  std::string l = Lower(url);
  size_t start = 0;
  if (l.rfind("http://", 0) == 0)
    start = 7;
  else if (l.rfind("https://", 0) == 0)
    start = 8;
  else
    return false;
  if (url.size() <= start || url.size() > 500) return false;
  for (unsigned char ch : url)
    if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\') return false;
  char first = url[start];
  return first != '/' && first != '?' && first != '#' && first != '@' && first != ':';
}

// ---- meetings ----

MeetingResult DirectiveService::CreateMeeting(const Principal& p, const Actor& a, const MeetingInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  CheckClientKey(in.client_key, errs);
  if (in.held_on.empty())
    errs.Add("held_on", "required", "必填 required");
  else if (!IsValidDay(in.held_on))
    errs.Add("held_on", "format", "须为 YYYY-MM-DD must be YYYY-MM-DD");
  CheckText("title", in.title, false, 200, errs);
  CheckText("chair", in.chair, true, 100, errs);
  CheckText("minutes", in.minutes, false, kMaxMinutesChars, errs);
  if (in.attendees.size() > kMaxAttendees) errs.Add("attendees", "max_items", "最多 100 人 at most 100");
  for (size_t i = 0; i < in.attendees.size() && i < kMaxAttendees; ++i)
    CheckText("attendees[" + std::to_string(i) + "]", in.attendees[i], true, 100, errs);
  int64_t now = clock_.NowMs();
  std::string key = Lower(in.client_key);
  int64_t id = -1;
  bool created = db_.Write([&](Connection& c) {
    if (!key.empty()) {
      if (auto known = store::MeetingByClientKey(c, key, now)) {
        if (!p.InScope(UnitPath(c, known->unit_id)))
          throw Error::Validation({{"client_key", "unique", "客户端编号已被使用 client_key already used"}});
        id = known->id;
        return false;
      }
    }
    int64_t unit_id = in.unit_id.value_or(p.unit_id);
    auto unit = store::Unit(c, unit_id);
    if (!unit || !p.InScope(unit->path))
      errs.Add("unit_id", "exists", "单位不存在或不在管辖范围 no such unit in your scope");
    else if (unit->level != "city" && unit->level != "town")
      errs.Add("unit_id", "level", "调度会议由市或乡镇指挥部召开 a dispatch meeting belongs to a city or town");
    errs.ThrowIfAny();
    Meeting m;
    m.unit_id = unit_id;
    m.number = store::NextMeetingNumber(c, unit_id);
    m.held_on = in.held_on;
    m.title = in.title;
    m.chair = in.chair;
    m.attendees = in.attendees;
    m.minutes = in.minutes;
    if (!key.empty()) m.client_key = key;
    m.created_by = p.user_id;
    m.created_at = m.updated_at = now;
    id = store::InsertMeeting(c, m);
    WriteAudit(c, a, now, "create", "meeting", std::to_string(id), "", MeetingJson(m));
    return true;
  });
  return {GetMeeting(p, id), created};
}

Meeting DirectiveService::UpdateMeeting(const Principal& p, const Actor& a, int64_t id, const MeetingInput& in,
                                        const std::vector<std::string>& present) {
  auto has = [&](const char* f) { return std::find(present.begin(), present.end(), f) != present.end(); };
  FieldErrors errs;
  errs.Append(in.parse_errors);
  if (has("held_on") || has("unit_id") || has("number"))
    errs.Add(has("held_on")   ? "held_on"
             : has("unit_id") ? "unit_id"
                              : "number",
             "immutable", "会议次序、单位和日期不可修改 the number, unit and day cannot change");
  if (has("title")) CheckText("title", in.title, false, 200, errs);
  if (has("chair")) CheckText("chair", in.chair, true, 100, errs);
  if (has("minutes")) CheckText("minutes", in.minutes, false, kMaxMinutesChars, errs);
  if (in.attendees.size() > kMaxAttendees) errs.Add("attendees", "max_items", "最多 100 人 at most 100");
  for (size_t i = 0; i < in.attendees.size() && i < kMaxAttendees; ++i)
    CheckText("attendees[" + std::to_string(i) + "]", in.attendees[i], true, 100, errs);
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Meeting before = MeetingInScope(c, p, id, now);
    Meeting after = before;
    if (has("title")) after.title = in.title;
    if (has("chair")) after.chair = in.chair;
    if (has("minutes")) after.minutes = in.minutes;
    if (has("attendees")) after.attendees = in.attendees;
    c.Exec("UPDATE meetings SET title = ?, chair = ?, attendees = ?, minutes = ?, updated_at = ? WHERE id = ?",
           {after.title, after.chair, Json(after.attendees).dump(), after.minutes, static_cast<long long>(now),
            static_cast<long long>(id)});
    WriteAudit(c, a, now, "update", "meeting", std::to_string(id), MeetingJson(before), MeetingJson(after));
  });
  return GetMeeting(p, id);
}

Meeting DirectiveService::GetMeeting(const Principal& p, int64_t id) {
  int64_t now = clock_.NowMs();
  return db_.Read([&](Connection& c) { return MeetingInScope(c, p, id, now); });
}

std::vector<Meeting> DirectiveService::ListMeetings(const Principal& p, std::optional<int64_t> unit_id,
                                                    int64_t before_id, int limit) {
  int64_t now = clock_.NowMs();
  return db_.Read([&](Connection& c) { return store::ListMeetings(c, ScopeOf(c, p, unit_id), now, before_id, limit); });
}

// ---- directives ----

DirectiveResult DirectiveService::CreateDirective(const Principal& p, const Actor& a, const DirectiveInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  CheckClientKey(in.client_key, errs);
  CheckText("text", in.text, true, kMaxTextChars, errs);
  if (!in.meeting_id) errs.Add("meeting_id", "required", "必填 required");
  if (!in.responsible_unit_id) errs.Add("responsible_unit_id", "required", "必填 required");
  int64_t now = clock_.NowMs();
  std::string key = Lower(in.client_key);
  int64_t id = -1;
  bool created = db_.Write([&](Connection& c) {
    if (!key.empty()) {
      if (auto known = store::DirectiveByClientKey(c, key, now)) {
        if (!p.InScope(UnitPath(c, known->assigning_unit_id)))
          throw Error::Validation({{"client_key", "unique", "客户端编号已被使用 client_key already used"}});
        id = known->id;
        return false;
      }
    }
    std::optional<Meeting> meeting;
    if (in.meeting_id) {
      meeting = store::GetMeeting(c, *in.meeting_id, now);
      if (!meeting || !p.InScope(UnitPath(c, meeting->unit_id))) {
        errs.Add("meeting_id", "exists", "会议不存在或不在管辖范围 no such meeting in your scope");
        meeting.reset();
      }
    }
    std::optional<store::UnitRef> unit;
    if (in.responsible_unit_id) {
      unit = store::Unit(c, *in.responsible_unit_id);
      if (!unit || !unit->active) {
        errs.Add("responsible_unit_id", "exists", "责任单位不存在 no such unit");
        unit.reset();
      } else if (meeting && !UnitPath(c, meeting->unit_id).empty() &&
                 unit->path.rfind(UnitPath(c, meeting->unit_id), 0) != 0) {
        errs.Add("responsible_unit_id", "scope",
                 "责任单位须在会议单位辖区内 the unit must be under the meeting's unit");
      }
    }
    auto deadline = ParseDeadline("deadline", in.deadline, meeting ? meeting->held_on : "", tz_, errs);
    errs.ThrowIfAny();
    Directive d;
    d.meeting_id = meeting->id;
    d.assigning_unit_id = meeting->unit_id;
    d.responsible_unit_id = unit->id;
    d.text = in.text;
    d.deadline_at = *deadline;
    d.status = "open";
    if (!key.empty()) d.client_key = key;
    d.created_by = p.user_id;
    d.created_at = d.updated_at = now;
    id = store::InsertDirective(c, d);
    WriteAudit(c, a, now, "create", "directive", std::to_string(id), "", DirectiveJson(d));
    return true;
  });
  return {GetDirective(p, id), created};
}

Directive DirectiveService::GetDirective(const Principal& p, int64_t id) {
  int64_t now = clock_.NowMs();
  return db_.Read([&](Connection& c) { return DirectiveInScope(c, p, id, now); });
}

Abilities DirectiveService::AbilitiesOf(const Principal& p, const Directive& d) {
  Sides s = db_.Read([&](Connection& c) { return SidesOf(c, p, d); });
  Abilities ab;
  bool closed = d.status == "done";
  ab.progress = !closed && (s.responsible || s.assigning);
  ab.start = s.responsible && d.status == "open";
  ab.report_done = s.responsible && (d.status == "open" || d.status == "in_progress");
  ab.close = s.assigning && !closed;
  ab.return_ = s.assigning && d.status == "reported_done";
  ab.reopen = s.assigning && closed;
  return ab;
}

std::vector<Update> DirectiveService::Timeline(const Principal& p, int64_t id) {
  int64_t now = clock_.NowMs();
  return db_.Read([&](Connection& c) {
    DirectiveInScope(c, p, id, now);
    return store::UpdatesOf(c, id);
  });
}

namespace {
void CheckFilter(const DirectiveFilter& f) {
  FieldErrors errs;
  if (f.side != "all" && f.side != "responsible" && f.side != "assigned")
    errs.Add("side", "enum", "须为 all, responsible, assigned");
  if (f.status && !In(kFilterStatuses, *f.status))
    errs.Add("status", "enum", "须为 open, in_progress, reported_done, done, overdue");
  errs.ThrowIfAny();
}
}  // namespace

std::vector<Directive> DirectiveService::ListDirectives(const Principal& p, std::optional<int64_t> unit_id,
                                                        DirectiveFilter f) {
  CheckFilter(f);
  f.now = clock_.NowMs();
  return db_.Read([&](Connection& c) {
    std::string scope = ScopeOf(c, p, unit_id);
    if (f.responsible_unit_id) ScopeOf(c, p, f.responsible_unit_id);
    return store::ListDirectives(c, scope, f);
  });
}

Counts DirectiveService::CountDirectives(const Principal& p, std::optional<int64_t> unit_id, DirectiveFilter f) {
  CheckFilter(f);
  f.now = clock_.NowMs();
  return db_.Read([&](Connection& c) {
    std::string scope = ScopeOf(c, p, unit_id);
    if (f.responsible_unit_id) ScopeOf(c, p, f.responsible_unit_id);
    return store::CountDirectives(c, scope, f);
  });
}

UpdateResult DirectiveService::AddProgress(const Principal& p, const Actor& a, int64_t id, const UpdateInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  CheckClientKey(in.client_key, errs);
  CheckText("text", in.text, true, kMaxTextChars, errs);
  if (in.attachments.size() > kMaxAttachments) errs.Add("attachments", "max_items", "最多 10 项 at most 10");
  for (size_t i = 0; i < in.attachments.size() && i < kMaxAttachments; ++i) {
    std::string f = "attachments[" + std::to_string(i) + "]";
    const auto& at = in.attachments[i];
    CheckText(f + ".text", at.text, at.url.empty(), 200, errs);
    if (!at.url.empty() && !IsHttpUrl(at.url))
      errs.Add(f + ".url", "url", "链接须为 http:// 或 https:// 开头的网址 the link must be an http(s) URL");
  }
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  std::string key = Lower(in.client_key);
  int64_t update_id = 0;
  bool created = db_.Write([&](Connection& c) {
    Sides s;
    Directive d = DirectiveInScope(c, p, id, now, &s);
    if (!key.empty()) {
      if (auto known = store::UpdateByClientKey(c, key)) {
        if (known->directive_id != id)
          throw Error::Validation({{"client_key", "unique", "客户端编号已被使用 client_key already used"}});
        update_id = known->id;
        return false;
      }
    }
    if (!s.responsible && !s.assigning)
      throw Error::Forbidden(
          "只有责任单位或交办单位可以报送进展 only the responsible or assigning side reports progress");
    if (d.status == "done") throw Error::Conflict("督办事项已办结 the directive is closed; reopen it first");
    std::string after = d.status;
    if (s.responsible && d.status == "open") after = "in_progress";
    Update u;
    u.directive_id = id;
    u.kind = "progress";
    u.text = in.text;
    u.attachments = in.attachments;
    u.status_before = d.status;
    u.status_after = after;
    u.by_user = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
    u.by_name = p.display_name.empty() ? p.username : p.display_name;
    u.by_unit_id = p.unit_id ? std::optional<int64_t>(p.unit_id) : std::nullopt;
    if (!key.empty()) u.client_key = key;
    u.at = now;
    update_id = store::InsertUpdate(c, u);
    bool changed = after != d.status ? store::SetStatus(c, id, d.status, after, now) : store::Touch(c, id, d.status, now);
    if (!changed) throw Error::Conflict(kChangedMeanwhile);
    Json links = Json::array();
    for (const auto& x : in.attachments) links.push_back({{"text", x.text}, {"url", x.url}});
    WriteAudit(c, a, now, "progress", "directive", std::to_string(id), Json{{"status", d.status}}.dump(),
               Json{{"status", after}, {"update_id", update_id}, {"text", in.text}, {"attachments", links}}.dump());
    return true;
  });
  UpdateResult r;
  r.directive = GetDirective(p, id);
  r.created = created;
  for (const auto& u : Timeline(p, id))
    if (u.id == update_id) r.update = u;
  return r;
}

Directive DirectiveService::Transition(const Principal& p, const Actor& a, int64_t id, const std::string& kind,
                                       const std::string& note, const std::optional<std::string>& new_deadline) {
  FieldErrors errs;
  CheckText("note", note, kind != "start", kMaxTextChars, errs);
  if (new_deadline && kind != "return" && kind != "reopen")
    errs.Add("deadline", "not_allowed", "只有退回或重新打开时可改期限 only return and reopen change the deadline");
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Sides s;
    Directive d = DirectiveInScope(c, p, id, now, &s);
    bool assigning_action = kind == "close" || kind == "return" || kind == "reopen";
    if (assigning_action && !s.assigning)
      throw Error::Forbidden("只有交办单位可以办结、退回或重新打开 only the assigning side closes, returns or reopens");
    if (!assigning_action && !s.responsible)
      throw Error::Forbidden("只有责任单位可以签收或报告完成 only the responsible side starts or reports done");
    std::string after;
    int64_t closed_alerts = 0;
    if (kind == "start") {
      if (d.status != "open") throw Error::Conflict("只有待办事项可以签收 only an open directive can be started");
      after = "in_progress";
      if (!store::SetStatus(c, id, d.status, after, now)) throw Error::Conflict(kChangedMeanwhile);
    } else if (kind == "report_done") {
      if (d.status != "open" && d.status != "in_progress")
        throw Error::Conflict("该状态不能报告完成 this status cannot be reported done");
      after = "reported_done";
      if (!store::SetReported(c, id, d.status, now)) throw Error::Conflict(kChangedMeanwhile);
    } else if (kind == "close") {
      if (d.status == "done") throw Error::Conflict("督办事项已办结 the directive is already closed");
      after = "done";
      if (!store::SetClosed(c, id, d.status, now, p.user_id, note)) throw Error::Conflict(kChangedMeanwhile);
    } else {
      if (kind == "return" && d.status != "reported_done")
        throw Error::Conflict("只有报告完成的事项可以退回 only a directive reported done can be returned");
      if (kind == "reopen" && d.status != "done")
        throw Error::Conflict("只有已办结的事项可以重新打开 only a closed directive can be reopened");
      std::optional<int64_t> deadline;
      if (new_deadline) {
        auto m = store::GetMeeting(c, d.meeting_id, now);
        FieldErrors derr;
        deadline = ParseDeadline("deadline", *new_deadline, m ? m->held_on : "", tz_, derr);
        derr.ThrowIfAny();
      }
      after = "in_progress";
      if (!store::Reopen(c, id, d.status, now, deadline)) throw Error::Conflict(kChangedMeanwhile);
      if (deadline && *deadline != d.deadline_at)
        closed_alerts = store::CloseStaleAlerts(c, id, *deadline, p.user_id, now);
    }
    Update u;
    u.directive_id = id;
    u.kind = kind;
    u.text = note;
    u.status_before = d.status;
    u.status_after = after;
    u.by_user = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
    u.by_name = p.display_name.empty() ? p.username : p.display_name;
    u.by_unit_id = p.unit_id ? std::optional<int64_t>(p.unit_id) : std::nullopt;
    u.at = now;
    Json after_json{{"status", after}, {"note", note}};
    if (new_deadline) after_json["deadline"] = *new_deadline;
    if (closed_alerts > 0) {
      // The old deadline's alerts are settled by the new deadline: say so on the timeline and in the audit.
      u.text += std::string(u.text.empty() ? "" : "\n") + "期限已变更，原期限的 " + std::to_string(closed_alerts) +
                " 条预警已自动确认 the deadline changed: " + std::to_string(closed_alerts) +
                " alert(s) of the old deadline closed";
      after_json["alerts_closed"] = closed_alerts;
    }
    store::InsertUpdate(c, u);
    WriteAudit(c, a, now, kind, "directive", std::to_string(id),
               Json{{"status", d.status}, {"deadline", FormatRfc3339(d.deadline_at)}}.dump(), after_json.dump());
  });
  return GetDirective(p, id);
}

Directive DirectiveService::Start(const Principal& p, const Actor& a, int64_t id) {
  return Transition(p, a, id, "start", "", std::nullopt);
}
Directive DirectiveService::ReportDone(const Principal& p, const Actor& a, int64_t id, const std::string& note) {
  return Transition(p, a, id, "report_done", note, std::nullopt);
}
Directive DirectiveService::Close(const Principal& p, const Actor& a, int64_t id, const std::string& note) {
  return Transition(p, a, id, "close", note, std::nullopt);
}
Directive DirectiveService::Return(const Principal& p, const Actor& a, int64_t id, const std::string& note,
                                   const std::optional<std::string>& new_deadline) {
  return Transition(p, a, id, "return", note, new_deadline);
}
Directive DirectiveService::Reopen(const Principal& p, const Actor& a, int64_t id, const std::string& note,
                                   const std::optional<std::string>& new_deadline) {
  return Transition(p, a, id, "reopen", note, new_deadline);
}

// ---- alerts ----

std::vector<Alert> DirectiveService::ListAlerts(const Principal& p, std::optional<int64_t> unit_id,
                                                std::optional<std::string> status, std::optional<std::string> audience,
                                                std::optional<int64_t> directive_id, int64_t before_id, int limit) {
  FieldErrors errs;
  if (status && *status != "open" && *status != "acknowledged") errs.Add("status", "enum", "须为 open 或 acknowledged");
  if (audience && *audience != "responsible" && *audience != "command")
    errs.Add("audience", "enum", "须为 responsible 或 command");
  errs.ThrowIfAny();
  return db_.Read([&](Connection& c) {
    return store::ListAlerts(c, ScopeOf(c, p, unit_id), status, audience, directive_id, before_id, limit);
  });
}

Alert DirectiveService::Acknowledge(const Principal& p, const Actor& a, int64_t id) {
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto alert = store::GetAlert(c, id);
    if (!alert || !p.InScope(UnitPath(c, alert->unit_id))) throw Error::NotFound("预警不存在 no such alert");
    if (!p.Has(kProgress) && !p.Has(kWrite)) throw Error::Forbidden();
    if (alert->status != "open") throw Error::Conflict("预警已确认 the alert is already acknowledged");
    store::AcknowledgeAlert(c, id, p.user_id, now);
    WriteAudit(c, a, now, "acknowledge", "directive_alert", std::to_string(id), R"({"status":"open"})",
               R"({"status":"acknowledged"})");
    return *store::GetAlert(c, id);
  });
}

// ---- sweep ----

SweepResult DirectiveService::Sweep(int64_t now) {
  SweepResult out;
  Actor system{0, "system", "", ""};
  db_.Write([&](Connection& c) {
    for (const auto& row : store::NewlyOverdue(c, now)) {
      // Another server's sweep may have marked it since NewlyOverdue read it: record it once.
      if (!store::MarkOverdue(c, row.id, now)) continue;
      ++out.newly_overdue;
      int opened = 0;
      if (store::InsertAlert(c, row.id, "responsible", row.responsible_unit_id, row.deadline_at, now)) ++opened;
      if (store::InsertAlert(c, row.id, "command", row.assigning_unit_id, row.deadline_at, now)) ++opened;
      out.alerts_opened += opened;
      Update u;
      u.directive_id = row.id;
      u.kind = "overdue";
      u.text = opened > 0 ? "已超过办理期限，已向责任单位和指挥部发出预警 past the deadline: alerts raised"
                          : "已超过办理期限（该期限的预警已发出过） past the deadline (its alerts were raised before)";
      u.status_before = u.status_after = row.status;
      u.by_name = "system";
      u.at = now;
      store::InsertUpdate(c, u);
      WriteAudit(c, system, now, "overdue", "directive", std::to_string(row.id), R"({"overdue":false})",
                 Json{{"overdue", true}, {"deadline", FormatRfc3339(row.deadline_at)}}.dump());
    }
  });
  return out;
}

}  // namespace fk::command::directives
