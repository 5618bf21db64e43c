// HTTP handlers of dispatch meetings and directives: parse, call one service method, shape the reply.
#include <nlohmann/json.hpp>

#include "command/directives/module.h"
#include "core/clock.h"
#include "http/context.h"
#include "http/json_body.h"

namespace fk::command::directives {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

constexpr const char* kBase = "/api/v1/command";

Json OptTime(const std::optional<int64_t>& t) {
  return t ? Json(FormatRfc3339(*t)) : Json();
}

Json ToJson(const Meeting& m) {
  return {{"id", m.id},
          {"unit_id", m.unit_id},
          {"unit_name", m.unit_name},
          {"number", m.number},
          {"held_on", m.held_on},
          {"title", m.title},
          {"chair", m.chair},
          {"attendees", m.attendees},
          {"minutes", m.minutes},
          {"client_key", m.client_key ? Json(*m.client_key) : Json()},
          {"created_at", FormatRfc3339(m.created_at)},
          {"updated_at", FormatRfc3339(m.updated_at)},
          {"directives", {{"total", m.directives}, {"done", m.directives_done}, {"overdue", m.directives_overdue}}}};
}

Json ToJson(const Directive& d) {
  return {{"id", d.id},
          {"meeting_id", d.meeting_id},
          {"meeting_number", d.meeting_number},
          {"meeting_held_on", d.meeting_held_on},
          {"assigning_unit_id", d.assigning_unit_id},
          {"assigning_unit_name", d.assigning_unit_name},
          {"responsible_unit_id", d.responsible_unit_id},
          {"responsible_unit_name", d.responsible_unit_name},
          {"responsible_unit_level", d.responsible_unit_level},
          {"text", d.text},
          {"deadline", FormatRfc3339(d.deadline_at)},
          {"status", d.status},
          {"overdue", d.overdue},
          {"display_status", d.display_status},
          {"reported_at", OptTime(d.reported_at)},
          {"overdue_since", OptTime(d.overdue_since)},
          {"closed_at", OptTime(d.closed_at)},
          {"close_note", d.close_note},
          {"client_key", d.client_key ? Json(*d.client_key) : Json()},
          {"updates", d.updates},
          {"created_at", FormatRfc3339(d.created_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

Json ToJson(const Update& u) {
  Json att = Json::array();
  for (const auto& a : u.attachments) att.push_back({{"text", a.text}, {"url", a.url}});
  return {{"id", u.id},
          {"directive_id", u.directive_id},
          {"kind", u.kind},
          {"text", u.text},
          {"attachments", att},
          {"status_before", u.status_before},
          {"status_after", u.status_after},
          {"by_name", u.by_name},
          {"by_unit_id", u.by_unit_id ? Json(*u.by_unit_id) : Json()},
          {"by_unit_name", u.by_unit_name},
          {"at", FormatRfc3339(u.at)}};
}

Json ToJson(const Alert& a) {
  return {{"id", a.id},
          {"directive_id", a.directive_id},
          {"audience", a.audience},
          {"unit_id", a.unit_id},
          {"unit_name", a.unit_name},
          {"directive_text", a.directive_text},
          {"responsible_unit_name", a.responsible_unit_name},
          {"meeting_number", a.meeting_number},
          {"deadline", FormatRfc3339(a.deadline_at)},
          {"status", a.status},
          {"opened_at", FormatRfc3339(a.opened_at)},
          {"acknowledged_at", OptTime(a.acknowledged_at)}};
}

Json CountsJson(const Counts& k) {
  return {{"open", k.open}, {"in_progress", k.in_progress}, {"reported_done", k.reported_done},
          {"done", k.done}, {"overdue", k.overdue},         {"total", k.total}};
}

Json DetailJson(DirectiveService& svc, const auth::Principal& p, const Directive& d) {
  Json j = ToJson(d);
  Abilities ab = svc.AbilitiesOf(p, d);
  j["server_now"] = FormatRfc3339(svc.NowMs());
  j["can"] = {{"progress", ab.progress}, {"start", ab.start},    {"report_done", ab.report_done},
              {"close", ab.close},       {"return", ab.return_}, {"reopen", ab.reopen}};
  return j;
}

template <typename T>
Json Page(const std::vector<T>& items, int limit) {
  return http::PageJson(items, limit, [](const T& item) { return ToJson(item); });
}

MeetingInput MeetingFrom(JsonBody& b) {
  MeetingInput in;
  in.unit_id = b.Int("unit_id", false);
  in.client_key = b.Str("client_key", false, 64).value_or("");
  in.held_on = b.Str("held_on", false, 10).value_or("");
  in.title = b.Str("title", false, 200).value_or("");
  in.chair = b.Str("chair", false, 100).value_or("");
  in.minutes = b.Str("minutes", false, kMaxMinutesChars).value_or("");
  if (auto list = b.StrList("attendees", false)) in.attendees = *list;
  in.parse_errors = b.errors().list();
  return in;
}

std::vector<Attachment> AttachmentsFrom(JsonBody& b) {
  std::vector<Attachment> out;
  const Json& j = b.json();
  if (!j.contains("attachments") || j["attachments"].is_null()) return out;
  if (!j["attachments"].is_array()) {
    b.errors().Add("attachments", "type", "须为数组 must be an array");
    return out;
  }
  size_t i = 0;
  for (const auto& item : j["attachments"]) {
    std::string field = "attachments[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      b.errors().Add(field, "type", "须为 {text, url} must be {text, url}");
      continue;
    }
    JsonBody ib(item);
    Attachment a;
    a.text = ib.Str("text", false, 200).value_or("");
    a.url = ib.Str("url", false, 500).value_or("");
    for (const auto& e : ib.errors().list()) b.errors().Add(field + "." + e.field, e.rule, e.message);
    out.push_back(std::move(a));
  }
  return out;
}

DirectiveFilter FilterFrom(const Request& req) {
  DirectiveFilter f;
  f.side = http::QueryStr(req, "side").value_or("all");
  f.status = http::QueryStr(req, "status");
  f.meeting_id = http::QueryInt(req, "meeting_id");
  f.responsible_unit_id = http::QueryInt(req, "responsible_unit_id");
  f.before_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

const char* kMeetingSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},
 "number":{"type":"integer","description":"第N次: sequential per command unit, assigned at creation"},"held_on":{"type":"string","format":"date"},
 "title":{"type":"string"},"chair":{"type":"string"},"attendees":{"type":"array","items":{"type":"string"}},"minutes":{"type":"string"},
 "client_key":{"type":["string","null"]},"created_at":{"type":"string"},"updated_at":{"type":"string"},
 "directives":{"type":"object","properties":{"total":{"type":"integer"},"done":{"type":"integer"},"overdue":{"type":"integer"}}}}})";
const char* kMeetingInputSchema =
    R"({"type":"object","required":["held_on","chair"],"properties":{"unit_id":{"type":"integer","description":"the command unit (city or town); default the caller's"},
 "client_key":{"type":"string","format":"uuid"},"held_on":{"type":"string","format":"date"},"title":{"type":"string","maxLength":200},
 "chair":{"type":"string","maxLength":100},"attendees":{"type":"array","maxItems":100,"items":{"type":"string","maxLength":100}},
 "minutes":{"type":"string","maxLength":20000}}})";
const char* kMeetingPatchSchema = R"({"type":"object","properties":{"title":{"type":"string"},"chair":{"type":"string"},
 "attendees":{"type":"array","items":{"type":"string"}},"minutes":{"type":"string"}}})";
const char* kDirectiveSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"meeting_id":{"type":"integer"},"meeting_number":{"type":"integer"},
 "meeting_held_on":{"type":"string"},"assigning_unit_id":{"type":"integer"},"assigning_unit_name":{"type":"string"},"responsible_unit_id":{"type":"integer"},
 "responsible_unit_name":{"type":"string"},"responsible_unit_level":{"type":"string"},"text":{"type":"string"},"deadline":{"type":"string","format":"date-time"},
 "status":{"type":"string","enum":["open","in_progress","reported_done","done"]},"overdue":{"type":"boolean","description":"derived from the server clock"},
 "display_status":{"type":"string","enum":["open","in_progress","reported_done","done","overdue"]},"reported_at":{"type":["string","null"]},
 "overdue_since":{"type":["string","null"],"description":"when the sweep marked it overdue and raised its alerts"},"closed_at":{"type":["string","null"]},
 "close_note":{"type":"string"},"client_key":{"type":["string","null"]},"updates":{"type":"integer"},"created_at":{"type":"string"},"updated_at":{"type":"string"},
 "server_now":{"type":"string","description":"only on GET /directives/{id} and actions: the server's clock"},
 "can":{"type":"object","description":"only on GET /directives/{id}: what the caller may do","properties":{"progress":{"type":"boolean"},"start":{"type":"boolean"},
 "report_done":{"type":"boolean"},"close":{"type":"boolean"},"return":{"type":"boolean"},"reopen":{"type":"boolean"}}}}})";
const char* kDirectiveInputSchema =
    R"({"type":"object","required":["meeting_id","responsible_unit_id","text","deadline"],"properties":{
 "client_key":{"type":"string","format":"uuid"},"meeting_id":{"type":"integer"},"responsible_unit_id":{"type":"integer","description":"a unit under the meeting's unit"},
 "text":{"type":"string","maxLength":1000},"deadline":{"type":"string","format":"date-time","description":"RFC 3339; not before the meeting's day"}}})";
const char* kUpdateSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"directive_id":{"type":"integer"},
 "kind":{"type":"string","enum":["progress","start","report_done","close","return","reopen","overdue"]},"text":{"type":"string"},
 "attachments":{"type":"array","items":{"type":"object","properties":{"text":{"type":"string"},"url":{"type":"string"}}}},
 "status_before":{"type":"string"},"status_after":{"type":"string"},"by_name":{"type":"string"},"by_unit_id":{"type":["integer","null"]},
 "by_unit_name":{"type":"string"},"at":{"type":"string"}}})";
const char* kProgressInputSchema =
    R"({"type":"object","required":["text"],"properties":{"client_key":{"type":"string","format":"uuid"},
 "text":{"type":"string","maxLength":1000},"attachments":{"type":"array","maxItems":10,"items":{"type":"object","properties":{
 "text":{"type":"string","maxLength":200,"description":"what the attachment is; required without a url"},"url":{"type":"string","description":"http:// or https:// only"}}}}}})";
const char* kProgressReplySchema =
    R"({"type":"object","properties":{"directive":{"$ref":"#/components/schemas/Directive"},"update":{"$ref":"#/components/schemas/DirectiveUpdate"}}})";
const char* kNoteSchema =
    R"({"type":"object","required":["note"],"properties":{"note":{"type":"string","maxLength":1000},
 "deadline":{"type":"string","format":"date-time","description":"return and reopen only: a new deadline"}}})";
const char* kCountsSchema =
    R"({"type":"object","properties":{"open":{"type":"integer"},"in_progress":{"type":"integer"},"reported_done":{"type":"integer"},
 "done":{"type":"integer"},"overdue":{"type":"integer","description":"not counted in open, in_progress or reported_done"},"total":{"type":"integer"},
 "server_now":{"type":"string","description":"the server's clock, for deadline countdowns"}}})";
const char* kAlertSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"directive_id":{"type":"integer"},
 "audience":{"type":"string","enum":["responsible","command"]},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"directive_text":{"type":"string"},
 "responsible_unit_name":{"type":"string"},"meeting_number":{"type":"integer"},"deadline":{"type":"string"},
 "status":{"type":"string","enum":["open","acknowledged"]},"opened_at":{"type":"string"},"acknowledged_at":{"type":["string","null"]}}})";
const char* kSweepSchema =
    R"({"type":"object","properties":{"newly_overdue":{"type":"integer"},"alerts_opened":{"type":"integer"}}})";

}  // namespace

void RegisterRoutes(http::Router& router, DirectiveService& svc) {
  router.AddSchema("Meeting", kMeetingSchema);
  router.AddSchema("MeetingInput", kMeetingInputSchema);
  router.AddSchema("MeetingPatch", kMeetingPatchSchema);
  router.AddSchema("MeetingList", http::PageSchemaOf("Meeting"));
  router.AddSchema("Directive", kDirectiveSchema);
  router.AddSchema("DirectiveInput", kDirectiveInputSchema);
  router.AddSchema("DirectiveList", http::PageSchemaOf("Directive"));
  router.AddSchema("DirectiveUpdate", kUpdateSchema);
  router.AddSchema("DirectiveUpdateList", http::PageSchemaOf("DirectiveUpdate"));
  router.AddSchema("DirectiveProgressInput", kProgressInputSchema);
  router.AddSchema("DirectiveProgressReply", kProgressReplySchema);
  router.AddSchema("DirectiveNoteInput", kNoteSchema);
  router.AddSchema("DirectiveCounts", kCountsSchema);
  router.AddSchema("DirectiveAlert", kAlertSchema);
  router.AddSchema("DirectiveAlertList", http::PageSchemaOf("DirectiveAlert"));
  router.AddSchema("DirectiveSweep", kSweepSchema);

  auto add = [&](const char* method, const std::string& pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "directives";
    router.Add(
        RouteInfo{method, std::string(kBase) + pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  std::vector<ParamDoc> paging = {{"page_size", "integer", ""}, {"page_token", "string", ""}};
  auto with = [&](std::vector<ParamDoc> extra) {
    extra.insert(extra.end(), paging.begin(), paging.end());
    return extra;
  };
  std::vector<ParamDoc> filters = {
      {"unit_id", "integer", "scope unit (default: mine)"},
      {"side", "string",
       "all (default), responsible (assigned to units in scope), assigned (assigned by units in scope)"},
      {"status", "string", "open, in_progress, reported_done, done, overdue"},
      {"meeting_id", "integer", ""},
      {"responsible_unit_id", "integer", "responsible unit and its subtree"}};

  // ---- meetings ----
  add("POST", "/meetings", "command:directive:write",
      {"召开调度会议 Record a dispatch meeting; its number (第N次) is assigned per command unit (idempotent by "
       "client_key)",
       "",
       {},
       "MeetingInput",
       "Meeting",
       201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        MeetingInput in = MeetingFrom(b);
        MeetingResult r = svc.CreateMeeting(http::PrincipalOf(req), http::ActorOf(req), in);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.meeting));
      });
  add("GET", "/meetings", "command:directive:read",
      {"调度会议 Meetings of command units in my subtree (newest first)", "",
       with({{"unit_id", "integer", "scope unit"}}), "", "MeetingList"},
      [&svc](Request& req) {
        int limit = http::PageSize(req);
        return http::JsonReply(200, Page(svc.ListMeetings(http::PrincipalOf(req), http::QueryInt(req, "unit_id"),
                                                          http::AfterIdFromToken(req), limit),
                                         limit));
      });
  add("GET", "/meetings/{id}", "command:directive:read", {"会议详情 A meeting", "", {}, "", "Meeting"},
      [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.GetMeeting(http::PrincipalOf(req), http::IdParam(req))));
      });
  add("PATCH", "/meetings/{id}", "command:directive:write",
      {"修改会议纪要 Change a meeting's title, chair, attendees or minutes (audited)",
       "",
       {},
       "MeetingPatch",
       "Meeting"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        MeetingInput in = MeetingFrom(b);
        std::vector<std::string> present;
        for (const char* f : {"title", "chair", "attendees", "minutes", "held_on", "unit_id", "number"})
          if (b.json().contains(f)) present.emplace_back(f);
        return http::JsonReply(200, ToJson(svc.UpdateMeeting(http::PrincipalOf(req), http::ActorOf(req),
                                                             http::IdParam(req), in, present)));
      });

  // ---- directives ----
  add("POST", "/directives", "command:directive:write",
      {"交办督办事项 Assign a directive from a meeting to a responsible unit with a deadline (idempotent by "
       "client_key)",
       "",
       {},
       "DirectiveInput",
       "Directive",
       201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        DirectiveInput in;
        in.client_key = b.Str("client_key", false, 64).value_or("");
        in.meeting_id = b.Int("meeting_id", false);
        in.responsible_unit_id = b.Int("responsible_unit_id", false);
        in.text = b.Str("text", false, kMaxTextChars).value_or("");
        in.deadline = b.Str("deadline", false, 64).value_or("");
        in.parse_errors = b.errors().list();
        DirectiveResult r = svc.CreateDirective(http::PrincipalOf(req), http::ActorOf(req), in);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.directive));
      });
  add("GET", "/directives", "command:directive:read",
      {"督办事项 Directives visible to me, by unit and status (newest first); overdue is computed at the server's now",
       "", with(filters), "", "DirectiveList"},
      [&svc](Request& req) {
        DirectiveFilter f = FilterFrom(req);
        return http::JsonReply(
            200, Page(svc.ListDirectives(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), f), f.limit));
      });
  add("GET", "/directives:counts", "command:directive:read",
      {"督办统计 Counts by status (overdue apart) for the same filters as the list", "", filters, "",
       "DirectiveCounts"},
      [&svc](Request& req) {
        DirectiveFilter f = FilterFrom(req);
        Json j = CountsJson(svc.CountDirectives(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), f));
        j["server_now"] = FormatRfc3339(svc.NowMs());
        return http::JsonReply(200, j);
      });
  add("GET", "/directives/{id}", "command:directive:read",
      {"督办详情 A directive with what the caller may do", "", {}, "", "Directive"}, [&svc](Request& req) {
        const auto& p = http::PrincipalOf(req);
        return http::JsonReply(200, DetailJson(svc, p, svc.GetDirective(p, http::IdParam(req))));
      });
  add("GET", "/directives/{id}/updates", "command:directive:read",
      {"办理进展 The directive's timeline, oldest first", "", {}, "", "DirectiveUpdateList"}, [&svc](Request& req) {
        Json items = Json::array();
        for (const auto& u : svc.Timeline(http::PrincipalOf(req), http::IdParam(req))) items.push_back(ToJson(u));
        return http::JsonReply(200, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("POST", "/directives/{id}/updates", "command:directive:read",
      {"报送进展 Report progress (text and attachments as text and http(s) links) as the responsible or assigning "
       "side; "
       "needs command:directive:progress (responsible) or command:directive:write (assigning); idempotent by "
       "client_key",
       "",
       {},
       "DirectiveProgressInput",
       "DirectiveProgressReply",
       201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        UpdateInput in;
        in.client_key = b.Str("client_key", false, 64).value_or("");
        in.text = b.Str("text", false, kMaxTextChars).value_or("");
        in.attachments = AttachmentsFrom(b);
        in.parse_errors = b.errors().list();
        UpdateResult r = svc.AddProgress(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), in);
        return http::JsonReply(r.created ? 201 : 200,
                               {{"directive", ToJson(r.directive)}, {"update", ToJson(r.update)}});
      });
  auto note_of = [](Request& req, std::optional<std::string>* deadline) {
    JsonBody b(req.body.empty() ? std::string("{}") : req.body);
    std::string note = b.Str("note", false, kMaxTextChars).value_or("");
    auto d = b.Str("deadline", false, 64);
    if (deadline) *deadline = d;
    b.Finish();
    return note;
  };
  add("POST", "/directives/{id}:start", "command:directive:progress",
      {"签收办理 The responsible side starts work (open → in_progress)", "", {}, "", "Directive"},
      [&svc](Request& req) {
        const auto& p = http::PrincipalOf(req);
        return http::JsonReply(200, DetailJson(svc, p, svc.Start(p, http::ActorOf(req), http::IdParam(req))));
      });
  add("POST", "/directives/{id}:report-done", "command:directive:progress",
      {"报告完成 The responsible side reports the work done and asks for closure (→ reported_done)",
       "",
       {},
       "DirectiveNoteInput",
       "Directive"},
      [&svc, note_of](Request& req) {
        const auto& p = http::PrincipalOf(req);
        std::string note = note_of(req, nullptr);
        return http::JsonReply(200,
                               DetailJson(svc, p, svc.ReportDone(p, http::ActorOf(req), http::IdParam(req), note)));
      });
  add("POST", "/directives/{id}:close", "command:directive:write",
      {"办结 The assigning side closes the directive with a note (→ done); the responsible side is refused (403)",
       "",
       {},
       "DirectiveNoteInput",
       "Directive"},
      [&svc, note_of](Request& req) {
        const auto& p = http::PrincipalOf(req);
        std::string note = note_of(req, nullptr);
        return http::JsonReply(200, DetailJson(svc, p, svc.Close(p, http::ActorOf(req), http::IdParam(req), note)));
      });
  add("POST", "/directives/{id}:return", "command:directive:write",
      {"退回 The assigning side returns a directive reported done (→ in_progress), optionally with a new deadline",
       "",
       {},
       "DirectiveNoteInput",
       "Directive"},
      [&svc, note_of](Request& req) {
        const auto& p = http::PrincipalOf(req);
        std::optional<std::string> deadline;
        std::string note = note_of(req, &deadline);
        return http::JsonReply(
            200, DetailJson(svc, p, svc.Return(p, http::ActorOf(req), http::IdParam(req), note, deadline)));
      });
  add("POST", "/directives/{id}:reopen", "command:directive:write",
      {"重新打开 The assigning side reopens a closed directive (→ in_progress), optionally with a new deadline",
       "",
       {},
       "DirectiveNoteInput",
       "Directive"},
      [&svc, note_of](Request& req) {
        const auto& p = http::PrincipalOf(req);
        std::optional<std::string> deadline;
        std::string note = note_of(req, &deadline);
        return http::JsonReply(
            200, DetailJson(svc, p, svc.Reopen(p, http::ActorOf(req), http::IdParam(req), note, deadline)));
      });
  add("POST", "/directives:sweep", "command:directive:write",
      {"逾期巡检 Mark directives overdue at the server's now and raise one alert each for the responsible unit and the "
       "command centre (idempotent; the server also runs it every observation.sweep_seconds)",
       "",
       {},
       "",
       "DirectiveSweep"},
      [&svc](Request&) {
        SweepResult r = svc.SweepNow();
        return http::JsonReply(200, {{"newly_overdue", r.newly_overdue}, {"alerts_opened", r.alerts_opened}});
      });

  // ---- alerts ----
  add("GET", "/directive-alerts", "command:directive:read",
      {"督办预警 Overdue alerts of units in my subtree (newest first)", "",
       with({{"unit_id", "integer", "scope unit"},
             {"status", "string", "open, acknowledged"},
             {"audience", "string", "responsible (to the responsible unit), command (to the command centre)"},
             {"directive_id", "integer", ""}}),
       "", "DirectiveAlertList"},
      [&svc](Request& req) {
        int limit = http::PageSize(req);
        return http::JsonReply(
            200, Page(svc.ListAlerts(http::PrincipalOf(req), http::QueryInt(req, "unit_id"),
                                     http::QueryStr(req, "status"), http::QueryStr(req, "audience"),
                                     http::QueryInt(req, "directive_id"), http::AfterIdFromToken(req), limit),
                      limit));
      });
  add("POST", "/directive-alerts/{id}:acknowledge", "command:directive:read",
      {"确认预警 Acknowledge an open alert (needs command:directive:progress or command:directive:write)",
       "",
       {},
       "",
       "DirectiveAlert"},
      [&svc](Request& req) {
        return http::JsonReply(200,
                               ToJson(svc.Acknowledge(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))));
      });
}

}  // namespace fk::command::directives
