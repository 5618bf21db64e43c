// HTTP handlers of the daily report: parse, call one service method, shape the reply.
#include <nlohmann/json.hpp>

#include "command/report/module.h"
#include "command/report/template.h"
#include "command/report/xlsx.h"
#include "core/clock.h"
#include "http/context.h"
#include "http/json_body.h"

namespace fk::command::report {
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

Json OptTime(const std::optional<int64_t>& t) { return t ? Json(FormatRfc3339(*t)) : Json(); }

// Every figure key, zeros included.
Json MapJson(const FigureMap& m) {
  Json j = Json::object();
  for (const auto& f : FigureKeys()) {
    auto it = m.find(f.key);
    j[f.key] = it == m.end() ? 0 : it->second;
  }
  return j;
}

Json UnitJson(const UnitFigures& u) {
  return {{"unit_id", u.unit_id}, {"unit_name", u.unit_name}, {"self", u.self},
          {"day", MapJson(u.day)}, {"cumulative", MapJson(u.cum)}, {"late", MapJson(u.late)}};
}

Json ToJson(const Snapshot& s) {
  Json rows = Json::array();
  for (const auto& r : s.rows) rows.push_back(UnitJson(r));
  return {{"id", s.id},
          {"unit_id", s.unit_id},
          {"unit_name", s.unit_name},
          {"day", s.day},
          {"cutoff_at", FormatRfc3339(s.cutoff_at)},
          {"taken_at", FormatRfc3339(s.taken_at)},
          {"taken_by", s.taken_by ? Json(*s.taken_by) : Json()},
          {"late_since", s.late_since ? Json(*s.late_since) : Json()},
          {"total", UnitJson(s.total)},
          {"rows", rows}};
}

Json ToJson(const Report& r, int tz) {
  Json paragraphs = Json::array(), tables = Json::array(), templates = Json::object();
  for (const auto& p : r.paragraphs) paragraphs.push_back({{"section", p.section}, {"title", p.title}, {"text", p.text}});
  for (const auto& t : r.tables) {
    Json cols = Json::array(), rows = Json::array();
    for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"label", c.label}});
    for (const auto& row : t.rows)
      rows.push_back({{"unit_id", row.unit_id ? Json(*row.unit_id) : Json()}, {"unit_name", row.unit_name}, {"cells", row.cells}});
    tables.push_back({{"key", t.key}, {"title", t.title}, {"columns", cols}, {"rows", rows}});
  }
  for (const auto& [k, v] : r.template_versions) templates[k] = v;
  return {{"id", r.id},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"title", ReportTitle(r.unit_name)},
          {"day", r.day},
          {"version", r.version},
          {"issue_no", r.issue_no},
          {"status", r.status},
          {"snapshot_id", r.snapshot_id},
          {"cutoff_at", FormatRfc3339(r.cutoff_at)},
          {"taken_at", FormatRfc3339(r.taken_at)},
          {"late_since", r.late_since ? Json(*r.late_since) : Json()},
          {"template_versions", templates},
          {"paragraphs", paragraphs},
          {"tables", tables},
          {"request_key", r.request_key},
          {"generated_by", r.generated_by},
          {"generated_by_name", r.generated_by_name},
          {"generated_at", FormatRfc3339(r.generated_at)},
          {"approved_by", r.approved_by ? Json(*r.approved_by) : Json()},
          {"approved_by_name", r.approved_by_name},
          {"approved_at", OptTime(r.approved_at)},
          {"tz_offset_minutes", tz}};
}

// The history list: everything but the text and tables.
Json SummaryJson(const Report& r, int tz) {
  Json j = ToJson(r, tz);
  j.erase("paragraphs");
  j.erase("tables");
  return j;
}

Json ToJson(const Template& t) {
  return {{"section", t.section},
          {"version", t.version},
          {"body", t.body},
          {"note", t.note},
          {"created_by", t.created_by ? Json(*t.created_by) : Json()},
          {"created_by_name", t.created_by_name},
          {"created_at", t.created_at ? Json(FormatRfc3339(t.created_at)) : Json()}};
}

Json PlaceholdersJson() {
  Json out = Json::array();
  for (const auto& p : Placeholders())
    out.push_back({{"name", p.name}, {"zh", p.zh}, {"en", p.en}, {"group", p.group}});
  return out;
}

std::optional<std::string> Day(const Request& req, const char* name) {
  auto d = http::QueryStr(req, name);
  if (d && !IsValidDay(*d))
    throw Error(ErrorCode::kBadRequest, std::string("查询参数 ") + name + " 须为 YYYY-MM-DD query parameter " + name +
                                            " must be a day YYYY-MM-DD",
                {{name, "format", "YYYY-MM-DD"}});
  return d;
}

const char* kFiguresSchema = R"({"type":"object","description":"figure key → count; the keys are the placeholders of GET /command/report-templates without a suffix","additionalProperties":{"type":"integer"}})";
const char* kUnitFiguresSchema = R"({"type":"object","properties":{"unit_id":{"type":"integer"},"unit_name":{"type":"string"},
 "self":{"type":"boolean","description":"records kept on the unit itself, 本级"},"day":{"$ref":"#/components/schemas/ReportFigures"},
 "cumulative":{"$ref":"#/components/schemas/ReportFigures"},"late":{"$ref":"#/components/schemas/ReportFigures"}}})";
const char* kSnapshotSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},
 "day":{"type":"string","format":"date"},"cutoff_at":{"type":"string"},"taken_at":{"type":"string"},"taken_by":{"type":["integer","null"],"description":"null: the automatic sweep"},
 "late_since":{"type":["string","null"],"description":"the previous snapshot's day the 补报 are measured against"},
 "total":{"$ref":"#/components/schemas/ReportUnitFigures"},"rows":{"type":"array","items":{"$ref":"#/components/schemas/ReportUnitFigures"}}}})";
const char* kReportSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"title":{"type":"string"},
 "day":{"type":"string","format":"date"},"version":{"type":"integer"},"issue_no":{"type":"integer","description":"第N期"},
 "status":{"type":"string","enum":["draft","published"]},"snapshot_id":{"type":"integer"},"cutoff_at":{"type":"string"},"taken_at":{"type":"string"},
 "late_since":{"type":["string","null"]},"template_versions":{"type":"object","additionalProperties":{"type":"integer"}},
 "paragraphs":{"type":"array","items":{"type":"object","properties":{"section":{"type":"string"},"title":{"type":"string"},"text":{"type":"string"}}}},
 "tables":{"type":"array","items":{"type":"object","properties":{"key":{"type":"string"},"title":{"type":"string"},
   "columns":{"type":"array","items":{"type":"object","properties":{"key":{"type":"string"},"label":{"type":"string"}}}},
   "rows":{"type":"array","items":{"type":"object","properties":{"unit_id":{"type":["integer","null"]},"unit_name":{"type":"string"},"cells":{"type":"array","items":{"type":"integer"}}}}}}}},
 "request_key":{"type":"string"},"generated_by":{"type":"integer"},"generated_by_name":{"type":"string"},"generated_at":{"type":"string"},
 "approved_by":{"type":["integer","null"]},"approved_by_name":{"type":"string"},"approved_at":{"type":["string","null"]},
 "tz_offset_minutes":{"type":"integer","description":"the city's UTC offset, for showing times in city time"}}})";
const char* kGenerateSchema = R"({"type":"object","required":["day","request_key"],"properties":{"unit_id":{"type":"integer","description":"default: the caller's unit"},
 "day":{"type":"string","format":"date"},"request_key":{"type":"string","format":"uuid","description":"a retry with the same key answers 200 with the first report"}}})";
const char* kSnapshotInputSchema = R"({"type":"object","required":["unit_id","day"],"properties":{"unit_id":{"type":"integer"},"day":{"type":"string","format":"date"}}})";
const char* kTemplateSchema = R"({"type":"object","properties":{"section":{"type":"string","enum":["screening","community"]},"version":{"type":"integer","description":"0: the built-in default"},
 "body":{"type":"string"},"note":{"type":"string"},"created_by":{"type":["integer","null"]},"created_by_name":{"type":"string"},"created_at":{"type":["string","null"]}}})";
const char* kTemplatesSchema = R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/ReportTemplate"}},
 "placeholders":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"zh":{"type":"string"},"en":{"type":"string"},"group":{"type":"string"}}}},
 "cutoff":{"type":"string","description":"report.cutoff, HH:MM local time"},"tz_offset_minutes":{"type":"integer"}}})";
const char* kTemplateInputSchema = R"({"type":"object","required":["section","body"],"properties":{"section":{"type":"string","enum":["screening","community"]},
 "body":{"type":"string","description":"text with {placeholder}s; {{ and }} for literal braces"},"note":{"type":"string"}}})";
const char* kPreviewInputSchema = R"({"type":"object","required":["section","body"],"properties":{"section":{"type":"string","enum":["screening","community"]},
 "body":{"type":"string"},"unit_id":{"type":"integer"},"day":{"type":"string","format":"date","description":"default: yesterday"}}})";

}  // namespace

void RegisterRoutes(http::Router& router, ReportService& svc, int tz_offset_minutes) {
  router.AddSchema("ReportFigures", kFiguresSchema);
  router.AddSchema("ReportUnitFigures", kUnitFiguresSchema);
  router.AddSchema("ReportSnapshot", kSnapshotSchema);
  router.AddSchema("Report", kReportSchema);
  router.AddSchema("ReportList", http::PageSchemaOf("Report"));
  router.AddSchema("ReportGenerateInput", kGenerateSchema);
  router.AddSchema("ReportSnapshotInput", kSnapshotInputSchema);
  router.AddSchema("ReportTemplate", kTemplateSchema);
  router.AddSchema("ReportTemplates", kTemplatesSchema);
  router.AddSchema("ReportTemplateList", http::PageSchemaOf("ReportTemplate"));
  router.AddSchema("ReportTemplateInput", kTemplateInputSchema);
  router.AddSchema("ReportPreviewInput", kPreviewInputSchema);
  router.AddSchema("ReportPreview", R"({"type":"object","properties":{"text":{"type":"string"}}})");

  auto add = [&](const char* method, const std::string& pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "command";
    router.Add(RouteInfo{method, std::string(kBase) + pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };

  add("GET", "/reports", "command:report:read",
      {"日报历史 Reports, newest first (no text; GET one for it)", "",
       {{"unit_id", "integer", "this unit only"}, {"day", "string", "YYYY-MM-DD"}, {"status", "string", "draft, published"},
        {"page_size", "integer", ""}, {"page_token", "string", ""}},
       "", "ReportList"},
      [&svc, tz_offset_minutes](Request& req) {
        ReportFilter f;
        f.unit_id = http::QueryInt(req, "unit_id");
        f.day = Day(req, "day");
        f.status = http::QueryStr(req, "status");
        f.before_id = http::AfterIdFromToken(req);
        f.limit = http::PageSize(req);
        auto items = svc.List(http::PrincipalOf(req), f);
        return http::JsonReply(200, http::PageJson(items, f.limit, [tz_offset_minutes](const Report& r) {
                                 return SummaryJson(r, tz_offset_minutes);
                               }));
      });
  add("POST", "/reports", "command:report:write",
      {"生成日报 Generate a report (a draft) for a unit and day after the day's cut-off; retries with the same request_key "
       "answer 200 with the first",
       "", {}, "ReportGenerateInput", "Report", 201},
      [&svc, tz_offset_minutes](Request& req) {
        JsonBody b(req.body);
        auto unit_id = b.Int("unit_id", false);
        std::string day = b.Str("day", false, 10).value_or("");
        std::string key = b.Str("request_key", false, 64).value_or("");
        b.Finish();
        auto r = svc.Generate(http::PrincipalOf(req), http::ActorOf(req), unit_id, day, key);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.report, tz_offset_minutes));
      });
  add("GET", "/reports/{id}", "command:report:read", {"日报 One report with its paragraphs and tables", "", {}, "", "Report"},
      [&svc, tz_offset_minutes](Request& req) {
        return http::JsonReply(200, ToJson(svc.Get(http::PrincipalOf(req), http::IdParam(req)), tz_offset_minutes));
      });
  add("POST", "/reports/{id}:approve", "command:report:approve",
      {"审核签发 Approve and publish a draft (not by its generator); published reports never change", "", {}, "", "Report"},
      [&svc, tz_offset_minutes](Request& req) {
        return http::JsonReply(200, ToJson(svc.Approve(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)),
                                           tz_offset_minutes));
      });
  add("GET", "/reports/{id}:export", "command:report:read",
      {"导出日报 The report as .xlsx (paragraphs, then one sheet per table)", "", {}, "", "", 200,
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      [&svc, tz_offset_minutes](Request& req) {
        return ReportXlsx(svc.Get(http::PrincipalOf(req), http::IdParam(req)), tz_offset_minutes);
      });
  add("POST", "/reports:snapshot", "command:report:write",
      {"冻结快照 Freeze a unit's figures for a day whose cut-off has passed (the existing snapshot when there is one: 200)",
       "", {}, "ReportSnapshotInput", "ReportSnapshot", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto unit_id = b.Int("unit_id", true);
        std::string day = b.Str("day", true, 10).value_or("");
        b.Finish();
        auto r = svc.TakeSnapshot(http::PrincipalOf(req), http::ActorOf(req), *unit_id, day);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.snapshot));
      });
  add("GET", "/report-snapshots", "command:report:read",
      {"快照 The frozen figures of a unit and day", "",
       {{"unit_id", "integer", "required"}, {"day", "string", "required, YYYY-MM-DD"}}, "", "ReportSnapshot"},
      [&svc](Request& req) {
        auto unit_id = http::QueryInt(req, "unit_id");
        auto day = Day(req, "day");
        FieldErrors errs;
        if (!unit_id) errs.Add("unit_id", "required", "必填 required");
        if (!day) errs.Add("day", "required", "必填 required");
        errs.ThrowIfAny();
        return http::JsonReply(200, ToJson(svc.GetSnapshot(http::PrincipalOf(req), *unit_id, *day)));
      });
  add("GET", "/report-templates", "command:report:read",
      {"日报模板 The current template of each section, every placeholder, and the cut-off", "", {}, "", "ReportTemplates"},
      [&svc, tz_offset_minutes](Request&) {
        Json items = Json::array();
        for (const auto& t : svc.CurrentTemplates()) items.push_back(ToJson(t));
        return http::JsonReply(200, {{"items", items},
                                     {"placeholders", PlaceholdersJson()},
                                     {"cutoff", FormatCutoff(svc.options().cutoff_minutes)},
                                     {"tz_offset_minutes", tz_offset_minutes}});
      });
  add("GET", "/report-templates/{section}/versions", "command:report:read",
      {"模板版本 Every version of a section's template, newest first (version 0: the built-in default)", "", {}, "",
       "ReportTemplateList"},
      [&svc](Request& req) {
        Json items = Json::array();
        for (const auto& t : svc.TemplateVersions(req.Param("section"))) items.push_back(ToJson(t));
        return http::JsonReply(200, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("POST", "/report-templates", "command:report:approve",
      {"保存模板 Save a section's template as a new version (unknown placeholders: 422 naming each and its position)", "",
       {}, "ReportTemplateInput", "ReportTemplate", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        std::string section = b.Str("section", true, 32).value_or("");
        std::string body = b.Str("body", true, 4000).value_or("");
        std::string note = b.Str("note", false, 200).value_or("");
        b.Finish();
        return http::JsonReply(201, ToJson(svc.SaveTemplate(http::PrincipalOf(req), http::ActorOf(req), section, body, note)));
      });
  add("POST", "/report-templates:preview", "command:report:read",
      {"模板预览 Render a template body against the live figures of a unit and day (nothing is saved)", "", {},
       "ReportPreviewInput", "ReportPreview"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        std::string section = b.Str("section", true, 32).value_or("");
        std::string body = b.Str("body", true, 4000).value_or("");
        auto unit_id = b.Int("unit_id", false);
        auto day = b.Str("day", false, 10);
        b.Finish();
        return http::JsonReply(200, {{"text", svc.Preview(http::PrincipalOf(req), section, body, unit_id, day)}});
      });
}

}  // namespace fk::command::report
