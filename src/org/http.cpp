// HTTP handlers of the org module: parse, call one service method, shape the reply.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/masking.h"
#include "http/context.h"
#include "http/json_body.h"
#include "http/xlsx_export.h"
#include "org/module.h"

namespace fk::org {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json OptNum(const std::optional<double>& v) { return v ? Json(*v) : Json(); }

Json ToJson(const Unit& u) {
  return {{"id", u.id},         {"parent_id", u.parent_id ? Json(*u.parent_id) : Json()},
          {"code", u.code},     {"name", u.name},
          {"level", u.level},   {"active", u.active},
          {"created_at", FormatRfc3339(u.created_at)}, {"updated_at", FormatRfc3339(u.updated_at)}};
}

Json ToJson(const Point& p) {
  return {{"id", p.id},         {"unit_id", p.unit_id},   {"unit_name", p.unit_name},
          {"name", p.name},     {"kind", p.kind},         {"place", p.place},
          {"lat", OptNum(p.lat)}, {"lng", OptNum(p.lng)}, {"active", p.active},
          {"created_at", FormatRfc3339(p.created_at)}, {"updated_at", FormatRfc3339(p.updated_at)}};
}

Json ToJson(const Staff& s) {
  return {{"id", s.id},
          {"unit_id", s.unit_id},
          {"unit_name", s.unit_name},
          {"name", s.name},
          {"phone_masked", MaskPhone(s.phone)},
          {"party_member", s.party_member},
          {"cadre_category", s.cadre_category},
          {"duty", s.duty},
          {"active", s.active},
          {"created_at", FormatRfc3339(s.created_at)},
          {"updated_at", FormatRfc3339(s.updated_at)}};
}

template <typename T>
Json Page(const std::vector<T>& items, int limit) {
  return http::PageJson(items, limit, [](const T& item) { return ToJson(item); });
}

ListFilter FilterFrom(const Request& req, const char* kind_param) {
  ListFilter f;
  f.unit_id = http::QueryInt(req, req.Query("parent_id") ? "parent_id" : "unit_id");
  f.q = http::QueryStr(req, "q");
  f.kind = http::QueryStr(req, kind_param);
  f.active = http::QueryBool(req, "active");
  f.party_member = http::QueryBool(req, "party_member");
  f.after_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

UnitInput UnitFrom(JsonBody& b, int row = 0) {
  UnitInput in;
  in.code = b.Str("code", false, 32);
  in.name = b.Str("name", false, 100);
  in.level = b.Str("level", false, 20);
  in.parent_id = b.Int("parent_id", false);
  in.parent_code = b.Str("parent_code", false, 32);
  in.row = row;
  for (const auto& e : b.errors().list()) in.parse_errors.push_back({e.field, e.rule, e.message, row});
  return in;
}

PointInput PointFrom(JsonBody& b, int row = 0) {
  PointInput in;
  in.name = b.Str("name", false, 100);
  in.kind = b.Str("kind", false, 32);
  in.place = b.Str("place", false, 200);
  in.unit_id = b.Int("unit_id", false);
  in.unit_code = b.Str("unit_code", false, 32);
  in.lat = b.Num("lat", false);
  in.lng = b.Num("lng", false);
  in.row = row;
  for (const auto& e : b.errors().list()) in.parse_errors.push_back({e.field, e.rule, e.message, row});
  return in;
}

StaffInput StaffFrom(JsonBody& b, int row = 0) {
  StaffInput in;
  in.name = b.Str("name", false, 50);
  in.phone = b.Str("phone", false, 32);
  in.cadre_category = b.Str("cadre_category", false, 32);
  in.duty = b.Str("duty", false, 100);
  in.unit_id = b.Int("unit_id", false);
  in.unit_code = b.Str("unit_code", false, 32);
  in.party_member = b.Bool("party_member", false);
  in.row = row;
  for (const auto& e : b.errors().list()) in.parse_errors.push_back({e.field, e.rule, e.message, row});
  return in;
}

// Parses {"rows":[...], "dry_run":bool} into inputs (JSON type errors travel in each
// input's parse_errors); rows that are not objects go to type_errors.
template <typename Input, typename Parse>
std::pair<std::vector<Input>, bool> ParseImport(const Request& req, Parse parse, FieldErrors& type_errors) {
  JsonBody body(req.body);
  bool dry_run = body.Bool("dry_run", false).value_or(true);
  if (!body.json().contains("rows") || !body.json()["rows"].is_array())
    throw Error::Validation({{"rows", "required", "须为数组 rows must be an array"}});
  std::vector<Input> out;
  int index = 0;
  for (const auto& item : body.json()["rows"]) {
    ++index;
    int row = index + 1;  // header is spreadsheet row 1
    if (item.is_object() && item.contains("row") && item["row"].is_number_integer()) row = item["row"].get<int>();
    if (!item.is_object()) {
      type_errors.Add("row", "type", "须为对象 each row must be an object", row);
      continue;
    }
    JsonBody rb(item);
    out.push_back(parse(rb, row));
  }
  body.Finish();
  return {std::move(out), dry_run};
}

Json ImportJson(const ImportResult& r) {
  Json errors = Json::array();
  for (const auto& e : r.errors)
    errors.push_back({{"row", e.row}, {"field", e.field}, {"rule", e.rule}, {"message", e.message}});
  return {{"dry_run", r.dry_run}, {"total", r.total}, {"valid", r.valid}, {"created", r.created}, {"errors", errors}};
}

template <typename Input, typename Parse, typename Run>
Response HandleImport(const Request& req, Parse parse, Run run) {
  FieldErrors type_errors;
  auto [rows, dry_run] = ParseImport<Input>(req, parse, type_errors);
  if (!type_errors.empty()) {
    // Rows that are not objects cannot be checked further; report them with the others' type errors.
    for (const auto& in : rows) type_errors.Append(in.parse_errors);
    std::vector<FieldError> errors = type_errors.list();
    std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
    if (!dry_run) throw Error(ErrorCode::kValidation, "导入数据有误，未写入任何记录 import has errors: nothing written", errors);
    ImportResult r;
    r.dry_run = true;
    r.total = static_cast<int>(rows.size());
    r.errors = errors;
    return http::JsonReply(200, ImportJson(r));
  }
  return http::JsonReply(200, ImportJson(run(rows, dry_run)));
}

// Streams every page of a list into an .xlsx.
template <typename T, typename List, typename RowOf>
Response Export(const Request& req, const char* kind_param, const std::string& sheet, const std::vector<std::string>& headers,
                List list, RowOf row_of) {
  ListFilter f = FilterFrom(req, kind_param);
  f.limit = 1000;
  http::XlsxExport x(sheet, headers);
  x.AddPages(f.limit, 0, [&](int64_t after) -> std::vector<T> {
    f.after_id = after;
    return list(f);
  }, row_of);
  return x.Finish(sheet + ".xlsx");
}

const char* kUnitSchema = R"({"type":"object","properties":{
  "id":{"type":"integer"},"parent_id":{"type":["integer","null"]},"code":{"type":"string"},"name":{"type":"string"},
  "level":{"type":"string","enum":["city","town","community","estate","department"]},"active":{"type":"boolean"},
  "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
  "children":{"type":"array","items":{"$ref":"#/components/schemas/Unit"}}}})";
const char* kUnitInputSchema = R"({"type":"object","properties":{
  "code":{"type":"string","description":"division code (6 or 12 digits, validated) or a short code [A-Za-z0-9_-]{1,32}"},
  "name":{"type":"string","maxLength":100},"level":{"type":"string","enum":["town","community","estate","department"],"description":"department: only directly under the city"},
  "parent_id":{"type":"integer"},"parent_code":{"type":"string"}}})";
const char* kPointSchema = R"({"type":"object","properties":{
  "id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"name":{"type":"string"},
  "kind":{"type":"string","enum":["checkpoint","community_gate","station"]},"place":{"type":"string"},
  "lat":{"type":["number","null"]},"lng":{"type":["number","null"]},"active":{"type":"boolean"},
  "created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
const char* kPointInputSchema = R"({"type":"object","properties":{
  "name":{"type":"string","maxLength":100},"kind":{"type":"string","enum":["checkpoint","community_gate","station"]},
  "unit_id":{"type":"integer"},"unit_code":{"type":"string"},"place":{"type":"string","maxLength":200},
  "lat":{"type":"number"},"lng":{"type":"number"}}})";
const char* kStaffSchema = R"({"type":"object","properties":{
  "id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"name":{"type":"string"},
  "phone_masked":{"type":"string","example":"138****5678"},"party_member":{"type":"boolean"},
  "cadre_category":{"type":"string","enum":["section_level","ordinary_cadre","village_secretary","first_secretary","outstanding_member","professional","volunteer","other"]},
  "duty":{"type":"string"},"active":{"type":"boolean"},"created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
const char* kStaffInputSchema = R"({"type":"object","properties":{
  "name":{"type":"string","maxLength":50},"phone":{"type":"string","description":"11-digit mobile number"},
  "unit_id":{"type":"integer"},"unit_code":{"type":"string"},"party_member":{"type":"boolean"},
  "cadre_category":{"type":"string"},"duty":{"type":"string","maxLength":100}}})";
const char* kImportSchema = R"({"type":"object","required":["rows"],"properties":{
  "dry_run":{"type":"boolean","default":true},
  "rows":{"type":"array","maxItems":10000,"items":{"type":"object","description":"the entity's input fields plus row (spreadsheet row number); units use parent_code, points and staff unit_code"}}}})";
const char* kImportResultSchema = R"({"type":"object","properties":{
  "dry_run":{"type":"boolean"},"total":{"type":"integer"},"valid":{"type":"integer"},"created":{"type":"integer"},
  "errors":{"type":"array","items":{"type":"object","properties":{"row":{"type":"integer"},"field":{"type":"string"},"rule":{"type":"string"},"message":{"type":"string"}}}}}})";
const char* kRevealSchema = R"({"type":"object","properties":{"phone":{"type":"string"}}})";

std::string ListSchema(const std::string& item) {
  return R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/)" + item +
         R"("}},"next_page_token":{"type":["string","null"]}}})";
}

std::vector<ParamDoc> ListParams(const char* unit_param, const char* kind_param) {
  return {{unit_param, "integer", "unit subtree (units: direct parent)"},
          {"q", "string", "text search"},
          {kind_param, "string", "kind filter"},
          {"active", "boolean", "only active or inactive"},
          {"page_size", "integer", "1-500, default 50"},
          {"page_token", "string", "next_page_token of the previous page"}};
}

}  // namespace

void RegisterRoutes(http::Router& router, OrgService& svc) {
  router.AddSchema("Unit", kUnitSchema);
  router.AddSchema("UnitInput", kUnitInputSchema);
  router.AddSchema("UnitList", ListSchema("Unit"));
  router.AddSchema("Point", kPointSchema);
  router.AddSchema("PointInput", kPointInputSchema);
  router.AddSchema("PointList", ListSchema("Point"));
  router.AddSchema("Staff", kStaffSchema);
  router.AddSchema("StaffInput", kStaffInputSchema);
  router.AddSchema("StaffList", ListSchema("Staff"));
  router.AddSchema("ImportRequest", kImportSchema);
  router.AddSchema("ImportResult", kImportResultSchema);
  router.AddSchema("PhoneReveal", kRevealSchema);

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "org";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  const char* xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  // ---- units ----
  add("GET", "/api/v1/org/units/tree", "org:unit:read", {"单位树 The caller's unit subtree as a tree", "", {}, "", "UnitList"},
      [&svc](Request& req) {
        auto units = svc.UnitTree(http::PrincipalOf(req));
        // Parents first (shallower paths), siblings in creation order; then nest bottom-up.
        auto depth = [](const Unit& u) { return std::count(u.path.begin(), u.path.end(), '/'); };
        std::sort(units.begin(), units.end(), [&](const Unit& a, const Unit& b) {
          return depth(a) != depth(b) ? depth(a) < depth(b) : a.id < b.id;
        });
        std::map<int64_t, Json> nodes;
        std::vector<int64_t> order;
        for (const auto& u : units) {
          Json j = ToJson(u);
          j["children"] = Json::array();
          nodes[u.id] = std::move(j);
          order.push_back(u.id);
        }
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
          Json& node = nodes[*it];
          if (node["parent_id"].is_number() && nodes.count(node["parent_id"].get<int64_t>())) {
            auto& siblings = nodes[node["parent_id"].get<int64_t>()]["children"];
            siblings.insert(siblings.begin(), std::move(node));
          }
        }
        Json roots = Json::array();
        for (auto id : order) {
          const Json& node = nodes[id];
          if (!node.is_null() && !(node["parent_id"].is_number() && nodes.count(node["parent_id"].get<int64_t>())))
            roots.push_back(node);
        }
        return http::JsonReply(200, {{"items", roots}});
      });
  add("GET", "/api/v1/org/units", "org:unit:read",
      {"单位列表 List units", "", ListParams("parent_id", "level"), "", "UnitList"}, [&svc](Request& req) {
        auto f = FilterFrom(req, "level");
        return http::JsonReply(200, Page(svc.ListUnits(http::PrincipalOf(req), f), f.limit));
      });
  add("POST", "/api/v1/org/units", "org:unit:write", {"新建单位 Create a unit", "", {}, "UnitInput", "Unit", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        UnitInput in = UnitFrom(b);
        return http::JsonReply(201, ToJson(svc.CreateUnit(http::PrincipalOf(req), http::ActorOf(req), in)));
      });
  add("GET", "/api/v1/org/units/{id}", "org:unit:read", {"单位详情 Get a unit", "", {}, "", "Unit"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetUnit(http::PrincipalOf(req), http::IdParam(req)))); });
  add("PATCH", "/api/v1/org/units/{id}", "org:unit:write", {"修改单位 Update a unit's code or name", "", {}, "UnitInput", "Unit"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        UnitInput in = UnitFrom(b);
        return http::JsonReply(200, ToJson(svc.UpdateUnit(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), in)));
      });
  add("POST", "/api/v1/org/units/{id}:deactivate", "org:unit:write", {"停用单位 Deactivate a unit", "", {}, "", "Unit"},
      [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.DeactivateUnit(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))));
      });
  add("POST", "/api/v1/org/units:import", "org:unit:write",
      {"导入单位 Import units (dry run first)", "", {}, "ImportRequest", "ImportResult"}, [&svc](Request& req) {
        return HandleImport<UnitInput>(req, [](JsonBody& b, int row) { return UnitFrom(b, row); },
                                       [&](const std::vector<UnitInput>& rows, bool dry) {
                                         return svc.ImportUnits(http::PrincipalOf(req), http::ActorOf(req), rows, dry);
                                       });
      });
  add("GET", "/api/v1/org/units:export", "org:unit:read",
      {"导出单位 Export units as .xlsx", "", ListParams("parent_id", "level"), "", "", 200, xlsx}, [&svc](Request& req) {
        return Export<Unit>(req, "level", "units", {"ID", "代码 code", "名称 name", "层级 level", "上级 parent_id", "启用 active"},
                            [&](const ListFilter& f) { return svc.ListUnits(http::PrincipalOf(req), f); },
                            [](const Unit& u) -> std::vector<http::XlsxExport::Cell> {
                              return {u.id, u.code, u.name, u.level,
                                      u.parent_id ? http::XlsxExport::Cell(*u.parent_id) : http::XlsxExport::Cell(),
                                      std::string(u.active ? "是" : "否")};
                            });
      });

  // ---- points ----
  add("GET", "/api/v1/org/points", "org:point:read",
      {"卡点列表 List points", "", ListParams("unit_id", "kind"), "", "PointList"}, [&svc](Request& req) {
        auto f = FilterFrom(req, "kind");
        return http::JsonReply(200, Page(svc.ListPoints(http::PrincipalOf(req), f), f.limit));
      });
  add("POST", "/api/v1/org/points", "org:point:write", {"新建卡点 Create a point", "", {}, "PointInput", "Point", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        PointInput in = PointFrom(b);
        return http::JsonReply(201, ToJson(svc.CreatePoint(http::PrincipalOf(req), http::ActorOf(req), in)));
      });
  add("GET", "/api/v1/org/points/{id}", "org:point:read", {"卡点详情 Get a point", "", {}, "", "Point"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetPoint(http::PrincipalOf(req), http::IdParam(req)))); });
  add("PATCH", "/api/v1/org/points/{id}", "org:point:write", {"修改卡点 Update a point", "", {}, "PointInput", "Point"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        PointInput in = PointFrom(b);
        return http::JsonReply(200, ToJson(svc.UpdatePoint(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), in)));
      });
  add("POST", "/api/v1/org/points/{id}:deactivate", "org:point:write", {"停用卡点 Deactivate a point", "", {}, "", "Point"},
      [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.DeactivatePoint(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))));
      });
  add("POST", "/api/v1/org/points:import", "org:point:write",
      {"导入卡点 Import points (dry run first)", "", {}, "ImportRequest", "ImportResult"}, [&svc](Request& req) {
        return HandleImport<PointInput>(req, [](JsonBody& b, int row) { return PointFrom(b, row); },
                                        [&](const std::vector<PointInput>& rows, bool dry) {
                                          return svc.ImportPoints(http::PrincipalOf(req), http::ActorOf(req), rows, dry);
                                        });
      });
  add("GET", "/api/v1/org/points:export", "org:point:read",
      {"导出卡点 Export points as .xlsx", "", ListParams("unit_id", "kind"), "", "", 200, xlsx}, [&svc](Request& req) {
        return Export<Point>(req, "kind", "points",
                             {"ID", "名称 name", "类型 kind", "单位 unit", "位置 place", "纬度 lat", "经度 lng", "启用 active"},
                             [&](const ListFilter& f) { return svc.ListPoints(http::PrincipalOf(req), f); },
                             [](const Point& p) -> std::vector<http::XlsxExport::Cell> {
                               using Cell = http::XlsxExport::Cell;
                               return {p.id, p.name, p.kind, p.unit_name, p.place, p.lat ? Cell(*p.lat) : Cell(),
                                       p.lng ? Cell(*p.lng) : Cell(), std::string(p.active ? "是" : "否")};
                             });
      });

  // ---- staff ----
  add("GET", "/api/v1/org/staff", "org:staff:read",
      {"人员列表 List staff (phones masked)", "",
       [] {
         auto q = ListParams("unit_id", "cadre_category");
         q.push_back({"party_member", "boolean", "party members only"});
         return q;
       }(),
       "", "StaffList"},
      [&svc](Request& req) {
        auto f = FilterFrom(req, "cadre_category");
        return http::JsonReply(200, Page(svc.ListStaff(http::PrincipalOf(req), f), f.limit));
      });
  add("POST", "/api/v1/org/staff", "org:staff:write", {"新建人员 Create a staff member", "", {}, "StaffInput", "Staff", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        StaffInput in = StaffFrom(b);
        return http::JsonReply(201, ToJson(svc.CreateStaff(http::PrincipalOf(req), http::ActorOf(req), in)));
      });
  add("GET", "/api/v1/org/staff/{id}", "org:staff:read", {"人员详情 Get a staff member", "", {}, "", "Staff"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetStaff(http::PrincipalOf(req), http::IdParam(req)))); });
  add("PATCH", "/api/v1/org/staff/{id}", "org:staff:write", {"修改人员 Update a staff member", "", {}, "StaffInput", "Staff"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        StaffInput in = StaffFrom(b);
        return http::JsonReply(200, ToJson(svc.UpdateStaff(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), in)));
      });
  add("POST", "/api/v1/org/staff/{id}:deactivate", "org:staff:write", {"停用人员 Deactivate a staff member", "", {}, "", "Staff"},
      [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.DeactivateStaff(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))));
      });
  add("POST", "/api/v1/org/staff/{id}:reveal", "org:staff:reveal",
      {"查看完整手机号（审计） Reveal the full phone (audited)", "", {}, "", "PhoneReveal"}, [&svc](Request& req) {
        return http::JsonReply(200, {{"phone", svc.RevealStaffPhone(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))}});
      });
  add("POST", "/api/v1/org/staff:import", "org:staff:write",
      {"导入人员 Import staff (dry run first)", "", {}, "ImportRequest", "ImportResult"}, [&svc](Request& req) {
        return HandleImport<StaffInput>(req, [](JsonBody& b, int row) { return StaffFrom(b, row); },
                                        [&](const std::vector<StaffInput>& rows, bool dry) {
                                          return svc.ImportStaff(http::PrincipalOf(req), http::ActorOf(req), rows, dry);
                                        });
      });
  add("GET", "/api/v1/org/staff:export", "org:staff:read",
      {"导出人员 Export staff as .xlsx (phones masked)", "", ListParams("unit_id", "cadre_category"), "", "", 200, xlsx},
      [&svc](Request& req) {
        return Export<Staff>(req, "cadre_category", "staff",
                             {"ID", "姓名 name", "手机 phone", "单位 unit", "党员 party member", "类别 category", "职责 duty", "启用 active"},
                             [&](const ListFilter& f) { return svc.ListStaff(http::PrincipalOf(req), f); },
                             [](const Staff& s) -> std::vector<http::XlsxExport::Cell> {
                               return {s.id, s.name, MaskPhone(s.phone), s.unit_name,
                                       std::string(s.party_member ? "是" : "否"), s.cadre_category, s.duty,
                                       std::string(s.active ? "是" : "否")};
                             });
      });
}

}  // namespace fk::org
