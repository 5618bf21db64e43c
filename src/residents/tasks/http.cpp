// HTTP handlers of estate daily tasks: parse, call one service method, shape the reply.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/context.h"
#include "http/json_body.h"
#include "residents/tasks/module.h"

namespace fk::residents::tasks {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json OptTime(const std::optional<int64_t>& t) {
  return t ? Json(FormatRfc3339(*t)) : Json();
}

Json ToJson(const Template& t, const Principal& p) {
  bool editable = t.unit_id ? p.InScope(t.unit_path) : std::count(p.unit_path.begin(), p.unit_path.end(), '/') == 2;
  return {{"id", t.id},
          {"unit_id", t.unit_id ? Json(*t.unit_id) : Json()},
          {"unit_name", t.unit_id ? t.unit_name : std::string()},
          {"city_wide", !t.unit_id},
          {"name", t.name},
          {"note", t.note},
          {"sort_order", t.sort_order},
          {"active", t.active},
          {"created_day", t.created_day},
          {"deactivated_day", t.deactivated_day ? Json(*t.deactivated_day) : Json()},
          {"editable", editable}};
}

Json ToJson(const Task& k) {
  return {{"id", k.id},
          {"unit_id", k.unit_id},
          {"template_id", k.template_id},
          {"name", k.template_name},
          {"day", k.day},
          {"status", k.status},
          {"note", k.note},
          {"marked_by", k.marked_by ? Json(*k.marked_by) : Json()},
          {"marked_by_name", k.marked_by_name},
          {"marked_at", OptTime(k.marked_at)}};
}

Json UnitJson(const TaskUnit& u) {
  return {{"unit_id", u.id},
          {"unit_name", u.name},
          {"level", u.level},
          {"community_id", u.community_id},
          {"community_name", u.community_name},
          {"town_id", u.town_id},
          {"town_name", u.town_name}};
}

Json ToJson(const MarkResult& r) {
  return {{"mark_id", r.mark_id},
          {"client_key", r.client_key.empty() ? Json() : Json(r.client_key)},
          {"action", r.action},
          {"task", ToJson(r.task)}};
}

MarkInput MarkFrom(const Request& req) {
  JsonBody b(req.body);
  MarkInput in;
  in.client_key = b.Str("client_key", false, 64).value_or("");
  in.unit_id = b.Int("unit_id", false);
  in.template_id = b.Int("template_id", false);
  in.day = b.Str("day", false, 16);
  in.status = b.Str("status", false, 16);
  in.note = b.Str("note", false, 400);
  for (const auto& e : b.errors().list()) in.parse_errors.push_back({e.field, e.rule});
  return in;
}

TemplateInput TemplateFrom(const Request& req) {
  JsonBody b(req.body);
  TemplateInput in;
  in.unit_id = b.Int("unit_id", false);
  in.name = b.Str("name", false, 200);
  in.note = b.Str("note", false, 400);
  in.sort_order = b.Int("sort_order", false);
  b.Finish();
  return in;
}

const char* kTemplateSchema =
    R"J({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":["integer","null"],"description":"null: the whole city"},
 "unit_name":{"type":"string"},"city_wide":{"type":"boolean"},"name":{"type":"string"},"note":{"type":"string"},"sort_order":{"type":"integer"},
 "active":{"type":"boolean"},"created_day":{"type":"string","format":"date"},"deactivated_day":{"type":["string","null"]},
 "editable":{"type":"boolean","description":"the caller may change it"}}})J";
const char* kTemplateInputSchema =
    R"J({"type":"object","properties":{"unit_id":{"type":["integer","null"],"description":"create only; absent: the whole city (root users)"},
 "name":{"type":"string","maxLength":50},"note":{"type":"string","maxLength":200},"sort_order":{"type":"integer","minimum":0,"maximum":100000}}})J";
const char* kTaskSchema =
    R"J({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"template_id":{"type":"integer"},
 "name":{"type":"string"},"day":{"type":"string","format":"date"},"status":{"type":"string","enum":["pending","done","not_done"]},"note":{"type":"string"},
 "marked_by":{"type":["integer","null"]},"marked_by_name":{"type":"string"},"marked_at":{"type":["string","null"],"format":"date-time"}}})J";
const char* kGridSchema = R"J({"type":"object","properties":{"day":{"type":"string"},"editable":{"type":"boolean"},
 "templates":{"type":"array","items":{"$ref":"#/components/schemas/EstateTaskTemplate"}},
 "rows":{"type":"array","items":{"type":"object","properties":{"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"level":{"type":"string"},
  "community_name":{"type":"string"},"town_name":{"type":"string"},"due":{"type":"integer"},"done":{"type":"integer"},
  "tasks":{"type":"array","items":{"$ref":"#/components/schemas/EstateTask"}}}}},
 "totals":{"type":"object","properties":{"due":{"type":"integer"},"done":{"type":"integer"},"not_done":{"type":"integer"},"pending":{"type":"integer"}}}}})J";
const char* kUndoneSchema =
    R"J({"type":"object","properties":{"day":{"type":"string"},"due":{"type":"integer"},"undone":{"type":"integer"},
 "units":{"type":"integer"},"units_all_done":{"type":"integer"},
 "towns":{"type":"array","items":{"type":"object","properties":{"town_id":{"type":"integer"},"town_name":{"type":"string"},"due":{"type":"integer"},"undone":{"type":"integer"},
  "estates":{"type":"array","items":{"type":"object","properties":{"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"community_name":{"type":"string"},
   "due":{"type":"integer"},"tasks":{"type":"array","items":{"$ref":"#/components/schemas/EstateTask"}}}}}}}}}})J";
const char* kMarkInputSchema = R"J({"type":"object","required":["unit_id","template_id","day","status"],"properties":{
 "client_key":{"type":"string","format":"uuid","description":"phones: a UUIDv7; a replay answers 200 with the first reply"},
 "unit_id":{"type":"integer"},"template_id":{"type":"integer"},"day":{"type":"string","format":"date","description":"today, or yesterday"},
 "status":{"type":"string","enum":["done","not_done"]},"note":{"type":"string","maxLength":200}}})J";
const char* kUndoInputSchema = R"J({"type":"object","required":["unit_id","template_id","day"],"properties":{
 "client_key":{"type":"string","format":"uuid"},"unit_id":{"type":"integer"},"template_id":{"type":"integer"},"day":{"type":"string","format":"date","description":"today only"}}})J";
const char* kMarkResultSchema =
    R"J({"type":"object","properties":{"mark_id":{"type":"integer"},"client_key":{"type":["string","null"]},
 "action":{"type":"string","enum":["done","not_done","undo"]},"task":{"$ref":"#/components/schemas/EstateTask"}}})J";

}  // namespace

void RegisterRoutes(http::Router& router, EstateTaskService& svc) {
  router.AddSchema("EstateTaskTemplate", kTemplateSchema);
  router.AddSchema("EstateTaskTemplateInput", kTemplateInputSchema);
  router.AddSchema(
      "EstateTaskTemplateList",
      R"J({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/EstateTaskTemplate"}}}})J");
  router.AddSchema("EstateTask", kTaskSchema);
  router.AddSchema("EstateTaskGrid", kGridSchema);
  router.AddSchema("EstateTaskUndone", kUndoneSchema);
  router.AddSchema("EstateTaskMarkInput", kMarkInputSchema);
  router.AddSchema("EstateTaskUndoInput", kUndoInputSchema);
  router.AddSchema("EstateTaskMarkResult", kMarkResultSchema);

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "residents";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };

  add("GET", "/api/v1/residents/estate-tasks/templates", "residents:task:read",
      {"每日任务模板 Task templates that apply in a unit's subtree (city-wide, inherited and its own)",
       "",
       {{"unit_id", "integer", "unit (default: yours)"}, {"include_inactive", "boolean", "also deactivated ones"}},
       "",
       "EstateTaskTemplateList"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        Json items = Json::array();
        for (const auto& t : svc.ListTemplates(p, http::QueryInt(req, "unit_id"),
                                               http::QueryBool(req, "include_inactive").value_or(false)))
          items.push_back(ToJson(t, p));
        return http::JsonReply(200, {{"items", items}});
      });
  add("POST", "/api/v1/residents/estate-tasks/templates", "residents:task:write",
      {"新增每日任务 Add a task for a unit's estates (due from today)",
       "",
       {},
       "EstateTaskTemplateInput",
       "EstateTaskTemplate",
       201},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(201, ToJson(svc.CreateTemplate(p, http::ActorOf(req), TemplateFrom(req)), p));
      });
  add("PATCH", "/api/v1/residents/estate-tasks/templates/{id}", "residents:task:write",
      {"修改每日任务 Rename or reorder a task", "", {}, "EstateTaskTemplateInput", "EstateTaskTemplate"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(
            200, ToJson(svc.UpdateTemplate(p, http::ActorOf(req), http::IdParam(req), TemplateFrom(req)), p));
      });
  add("POST", "/api/v1/residents/estate-tasks/templates/{id}:deactivate", "residents:task:write",
      {"停用每日任务 Deactivate a task (no longer due after today)", "", {}, "", "EstateTaskTemplate"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, ToJson(svc.DeactivateTemplate(p, http::ActorOf(req), http::IdParam(req)), p));
      });
  add("GET", "/api/v1/residents/estate-tasks/days/{day}", "residents:task:read",
      {"每日任务表 The grid of task units × tasks of a day (YYYY-MM-DD, or `today`: the city's local day), with who "
       "and when",
       "",
       {{"unit_id", "integer", "unit subtree (default: yours)"}},
       "",
       "EstateTaskGrid"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        Grid g = svc.GetGrid(p, req.Param("day"), http::QueryInt(req, "unit_id"));
        Json templates = Json::array(), rows = Json::array();
        for (const auto& t : g.templates) templates.push_back(ToJson(t, p));
        for (const auto& r : g.rows) {
          Json j = UnitJson(r.unit);
          j["due"] = r.due;
          j["done"] = r.done;
          Json tasks = Json::array();
          for (const auto& k : r.tasks) tasks.push_back(ToJson(k));
          j["tasks"] = tasks;
          rows.push_back(std::move(j));
        }
        return http::JsonReply(
            200, {{"day", g.day},
                  {"editable", g.editable},
                  {"templates", templates},
                  {"rows", rows},
                  {"totals", {{"due", g.due}, {"done", g.done}, {"not_done", g.not_done}, {"pending", g.pending}}}});
      });
  add("GET", "/api/v1/residents/estate-tasks:undone", "residents:task:read",
      {"未完成任务清单 Tasks not done on a day, by town and estate (for the town and the command centre)",
       "",
       {{"day", "string", "YYYY-MM-DD (default: today)"}, {"unit_id", "integer", "unit subtree (default: yours)"}},
       "",
       "EstateTaskUndone"},
      [&svc](Request& req) {
        Undone u = svc.GetUndone(http::PrincipalOf(req), http::QueryStr(req, "day"), http::QueryInt(req, "unit_id"));
        Json towns = Json::array();
        for (const auto& t : u.towns) {
          Json estates = Json::array();
          for (const auto& e : t.estates) {
            Json j = UnitJson(e.unit);
            j["due"] = e.due;
            Json tasks = Json::array();
            for (const auto& k : e.tasks) tasks.push_back(ToJson(k));
            j["tasks"] = tasks;
            estates.push_back(std::move(j));
          }
          towns.push_back({{"town_id", t.town_id},
                           {"town_name", t.town_name},
                           {"due", t.due},
                           {"undone", t.undone},
                           {"estates", estates}});
        }
        return http::JsonReply(200, {{"day", u.day},
                                     {"due", u.due},
                                     {"undone", u.undone},
                                     {"units", u.units},
                                     {"units_all_done", u.units_all_done},
                                     {"towns", towns}});
      });
  add("POST", "/api/v1/residents/estate-tasks:mark", "residents:task:write",
      {"标记任务完成/未完成 Mark a task done or not done (idempotent by client_key)",
       "",
       {},
       "EstateTaskMarkInput",
       "EstateTaskMarkResult",
       201},
      [&svc](Request& req) {
        MarkResult r = svc.Mark(http::PrincipalOf(req), MarkFrom(req));
        return http::JsonReply(r.created ? 201 : 200, ToJson(r));
      });
  add("POST", "/api/v1/residents/estate-tasks:undo", "residents:task:write",
      {"撤销标记 Undo a mark (the same day only; idempotent by client_key)",
       "",
       {},
       "EstateTaskUndoInput",
       "EstateTaskMarkResult",
       201},
      [&svc](Request& req) {
        MarkInput in = MarkFrom(req);
        if (!in.parse_errors.empty()) {
          std::vector<FieldError> errs;
          for (const auto& [f, r] : in.parse_errors) errs.push_back({f, r, "类型错误 wrong type", 0});
          throw Error::Validation(errs);
        }
        MarkResult r = svc.Undo(http::PrincipalOf(req), in);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r));
      });
}

}  // namespace fk::residents::tasks
