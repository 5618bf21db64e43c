// HTTP handlers of resident files: parse, call one service method, shape the reply.
#include <limits>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/masking.h"
#include "http/context.h"
#include "http/json_body.h"
#include "http/xlsx_export.h"
#include "residents/import.h"
#include "residents/module.h"

namespace fk::residents {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json HouseholdJson(const Household& h, bool reveal = false) {
  Json j = {{"id", h.id},
            {"unit_id", h.unit_id},
            {"unit_name", h.unit_name},
            {"building", h.building},
            {"entrance", h.entrance},
            {"room", h.room},
            {"address", h.address},
            {"kind", h.kind},
            {"phone_masked", h.phone_masked},
            {"note", h.note},
            {"active", h.active},
            {"members", h.members},
            {"created_at", FormatRfc3339(h.created_at)},
            {"updated_at", FormatRfc3339(h.updated_at)}};
  if (reveal) j["phone"] = h.phone;
  return j;
}

Json PersonJson(const Person& p, bool reveal = false) {
  Json j = {{"id", p.id},
            {"household_id", p.household_id},
            {"household_address", p.household_address},
            {"unit_id", p.unit_id},
            {"unit_name", p.unit_name},
            {"name", p.name},
            {"id_number_masked", p.id_number_masked},
            {"sex", p.sex.empty() ? Json() : Json(p.sex)},
            {"birth_date", p.birth_date.empty() ? Json() : Json(p.birth_date)},
            {"phone_masked", p.phone_masked},
            {"relation", p.relation},
            {"is_staff", p.is_staff},
            {"staff_employer", p.staff_employer},
            {"staff_duty", p.staff_duty},
            {"special_kind", p.special_kind.empty() ? Json() : Json(p.special_kind)},
            {"special_note", p.special_note},
            {"returned", p.returned},
            {"origin_code", p.origin_code},
            {"origin_name", p.origin_name},
            {"returned_on", p.returned_on.empty() ? Json() : Json(p.returned_on)},
            {"active", p.active},
            {"created_at", FormatRfc3339(p.created_at)},
            {"updated_at", FormatRfc3339(p.updated_at)}};
  if (reveal) {
    j["id_number"] = p.id_number;
    j["phone"] = p.phone;
  }
  return j;
}

HouseholdInput HouseholdFrom(const Request& req) {
  JsonBody b(req.body);
  HouseholdInput in;
  in.unit_id = b.Int("unit_id", false);
  in.building = b.Str("building", false, 50);
  in.entrance = b.Str("entrance", false, 50);
  in.room = b.Str("room", false, 50);
  in.address = b.Str("address", false, 200);
  in.kind = b.Str("kind", false, 32);
  in.phone = b.Str("phone", false, 32);
  in.note = b.Str("note", false, 500);
  in.parse_errors = b.errors().list();
  return in;
}

PersonInput PersonFrom(const Request& req) {
  JsonBody b(req.body);
  PersonInput in;
  in.household_id = b.Int("household_id", false);
  in.name = b.Str("name", false, 50);
  in.id_number = b.Str("id_number", false, 32);
  in.phone = b.Str("phone", false, 32);
  in.relation = b.Str("relation", false, 32);
  in.is_staff = b.Bool("is_staff", false);
  in.staff_employer = b.Str("staff_employer", false, 100);
  in.staff_duty = b.Str("staff_duty", false, 100);
  if (b.json().contains("special_kind") && b.json()["special_kind"].is_null()) in.special_kind = "";
  else in.special_kind = b.Str("special_kind", false, 32);
  in.special_note = b.Str("special_note", false, 200);
  in.returned = b.Bool("returned", false);
  in.origin_code = b.Str("origin_code", false, 12);
  in.origin_name = b.Str("origin_name", false, 100);
  in.returned_on = b.Str("returned_on", false, 10);
  for (const char* derived : {"sex", "birth_date"})
    if (b.Has(derived)) b.errors().Add(derived, "read_only", "由身份证号得出 derived from the identity number");
  in.parse_errors = b.errors().list();
  return in;
}

HouseholdFilter HouseholdFilterFrom(const Request& req) {
  HouseholdFilter f;
  f.unit_id = http::QueryInt(req, "unit_id");
  f.kind = http::QueryStr(req, "kind");
  f.q = http::QueryStr(req, "q");
  f.include_inactive = http::QueryBool(req, "include_inactive").value_or(false);
  f.after_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

PersonFilter PersonFilterFrom(const Request& req) {
  PersonFilter f;
  f.unit_id = http::QueryInt(req, "unit_id");
  f.household_id = http::QueryInt(req, "household_id");
  f.tag = http::QueryStr(req, "tag");
  f.q = http::QueryStr(req, "q");
  f.include_inactive = http::QueryBool(req, "include_inactive").value_or(false);
  f.after_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

const char* kHouseholdSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},
 "building":{"type":"string"},"entrance":{"type":"string"},"room":{"type":"string"},"address":{"type":"string"},
 "kind":{"type":"string","enum":["owner_occupied","rented","dormitory","shop"]},"phone_masked":{"type":"string"},
 "phone":{"type":"string","description":"only from :reveal"},"note":{"type":"string"},"active":{"type":"boolean"},
 "members":{"type":"integer"},"created_at":{"type":"string"},"updated_at":{"type":"string"},
 "member_list":{"type":"array","items":{"$ref":"#/components/schemas/Person"},"description":"GET by id only"}}})";
const char* kHouseholdInputSchema = R"({"type":"object","properties":{"unit_id":{"type":"integer","description":"create only; a community, village or estate in your scope"},
 "building":{"type":"string"},"entrance":{"type":"string"},"room":{"type":"string"},
 "address":{"type":"string","description":"default: unit name + building + entrance + room"},
 "kind":{"type":"string","enum":["owner_occupied","rented","dormitory","shop"]},"phone":{"type":"string","description":"11-digit mobile"},"note":{"type":"string"}}})";
const char* kPersonSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"household_id":{"type":"integer"},"household_address":{"type":"string"},
 "unit_id":{"type":"integer"},"unit_name":{"type":"string"},"name":{"type":"string"},"id_number_masked":{"type":"string"},
 "sex":{"type":["string","null"],"enum":["male","female",null]},"birth_date":{"type":["string","null"],"format":"date"},"phone_masked":{"type":"string"},
 "id_number":{"type":"string","description":"only from :reveal"},"phone":{"type":"string","description":"only from :reveal"},
 "relation":{"type":"string","enum":["head","spouse","child","parent","relative","tenant","employee","other"]},
 "is_staff":{"type":"boolean"},"staff_employer":{"type":"string"},"staff_duty":{"type":"string"},
 "special_kind":{"type":["string","null"],"enum":["pregnancy","dialysis","chronic_illness","disability","elderly_alone","other",null]},
 "special_note":{"type":"string"},"returned":{"type":"boolean"},"origin_code":{"type":"string"},"origin_name":{"type":"string"},
 "returned_on":{"type":["string","null"],"format":"date"},"active":{"type":"boolean"},"created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
const char* kPersonInputSchema = R"({"type":"object","properties":{"household_id":{"type":"integer","description":"create only; use :move"},
 "name":{"type":"string"},"id_number":{"type":"string","description":"GB 11643; sex and birth_date are derived"},"phone":{"type":"string"},
 "relation":{"type":"string"},"is_staff":{"type":"boolean"},"staff_employer":{"type":"string","description":"required when is_staff"},
 "staff_duty":{"type":"string","description":"required when is_staff"},"special_kind":{"type":["string","null"]},
 "special_note":{"type":"string","description":"required when special_kind"},"returned":{"type":"boolean"},
 "origin_code":{"type":"string"},"origin_name":{"type":"string","description":"required when returned"},
 "returned_on":{"type":"string","format":"date","description":"required when returned"}}})";
const char* kImportInputSchema = R"({"type":"object","required":["unit_id","rows"],"properties":{
 "dry_run":{"type":"boolean","default":true},"unit_id":{"type":"integer"},"import_key":{"type":"string","description":"required to commit and for parts; a committed key answers its first result"},
 "part":{"type":"integer","default":1},"parts":{"type":"integer","default":1,"description":"chunked imports: parts 1..parts-1 are staged, the last runs the dry run or commit over all"},
 "rows":{"type":"array","maxItems":5000,"items":{"type":"object","properties":{"row":{"type":"integer"},"unit_code":{"type":"string"},
 "building":{"type":"string"},"entrance":{"type":"string"},"room":{"type":"string"},"address":{"type":"string"},"kind":{"type":"string"},
 "household_phone":{"type":"string"},"name":{"type":"string"},"id_number":{"type":"string"},"phone":{"type":"string"},"relation":{"type":"string"},
 "is_staff":{"type":"string"},"staff_employer":{"type":"string"},"staff_duty":{"type":"string"},"special_kind":{"type":"string"},
 "special_note":{"type":"string"},"returned":{"type":"string"},"origin_code":{"type":"string"},"origin_name":{"type":"string"},"returned_on":{"type":"string"}}}}}})";
const char* kImportResultSchema = R"({"type":"object","properties":{"status":{"type":"string","enum":["staged","dry_run","committed"]},
 "part":{"type":"integer"},"parts":{"type":"integer"},"rows":{"type":"integer"},"households_new":{"type":"integer"},"households_joined":{"type":"integer"},
 "persons_new":{"type":"integer"},"replayed":{"type":"boolean"},
 "errors":{"type":"array","items":{"type":"object","properties":{"row":{"type":"integer"},"field":{"type":"string"},"rule":{"type":"string"},"message":{"type":"string"}}}},
 "duplicates":{"type":"array","items":{"type":"object","properties":{"row":{"type":"integer"},"reason":{"type":"string","enum":["id_number_on_file","id_number_in_file","name_phone_on_file","name_phone_in_file"]},
 "other_row":{"type":["integer","null"]},"person_id":{"type":["integer","null"]},"person_name":{"type":"string"},"id_number_masked":{"type":"string"},"phone_masked":{"type":"string"},"household_address":{"type":"string"}}}}}})";
const char* kDuplicatesSchema = R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{
 "reason":{"type":"string","enum":["name_phone","name_birth_date"]},"persons":{"type":"array","items":{"$ref":"#/components/schemas/Person"}}}}}}})";

const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace

void RegisterRoutes(http::Router& router, FilesService& svc) {
  router.AddSchema("Household", kHouseholdSchema);
  router.AddSchema("HouseholdInput", kHouseholdInputSchema);
  router.AddSchema("HouseholdList", http::PageSchemaOf("Household"));
  router.AddSchema("Person", kPersonSchema);
  router.AddSchema("PersonInput", kPersonInputSchema);
  router.AddSchema("PersonList", http::PageSchemaOf("Person"));
  router.AddSchema("ResidentImportInput", kImportInputSchema);
  router.AddSchema("ResidentImportResult", kImportResultSchema);
  router.AddSchema("PersonDuplicates", kDuplicatesSchema);
  router.AddSchema("PersonMove", R"({"type":"object","required":["household_id"],"properties":{"household_id":{"type":"integer"}}})");
  router.AddSchema("PersonMerge", R"({"type":"object","required":["into"],"properties":{"into":{"type":"integer","description":"the person kept"}}})");

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "residents";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  std::vector<ParamDoc> household_filters = {{"unit_id", "integer", "unit subtree"},
                                             {"kind", "string", "owner_occupied, rented, dormitory, shop"},
                                             {"q", "string", "address; an 11-digit phone (exact) or its last 4 digits"},
                                             {"include_inactive", "boolean", ""},
                                             {"page_size", "integer", ""},
                                             {"page_token", "string", ""}};
  std::vector<ParamDoc> person_filters = {
      {"unit_id", "integer", "unit subtree"},
      {"household_id", "integer", ""},
      {"tag", "string", "staff, special, returned"},
      {"q", "string", "name or address; masked number or phone, or their last 4; a full number or phone (exact)"},
      {"include_inactive", "boolean", ""},
      {"page_size", "integer", ""},
      {"page_token", "string", ""}};

  // ---- households ----
  add("POST", "/api/v1/residents/households", "residents:household:write",
      {"建档：新建户 File a household", "", {}, "HouseholdInput", "Household", 201}, [&svc](Request& req) {
        return http::JsonReply(201, HouseholdJson(svc.CreateHousehold(http::PrincipalOf(req), http::ActorOf(req), HouseholdFrom(req))));
      });
  add("GET", "/api/v1/residents/households", "residents:household:read",
      {"户列表 List households (phones masked)", "", household_filters, "", "HouseholdList"}, [&svc](Request& req) {
        HouseholdFilter f = HouseholdFilterFrom(req);
        return http::JsonReply(200, http::PageJson(svc.ListHouseholds(http::PrincipalOf(req), f), f.limit,
                                                   [](const Household& h) { return HouseholdJson(h); }));
      });
  add("GET", "/api/v1/residents/households:export", "residents:household:read",
      {"导出户 Export the filtered households as .xlsx (masked)", "", household_filters, "", "", 200, kXlsx},
      [&svc](Request& req) {
        HouseholdFilter f = HouseholdFilterFrom(req);
        f.limit = 1000;
        http::XlsxExport x("households", {"ID", "单位 unit", "楼栋 building", "单元 entrance", "房号 room", "地址 address",
                                          "户类型 kind", "电话 phone", "人数 members", "备注 note"});
        const Principal& p = http::PrincipalOf(req);
        x.AddPages(
            f.limit, f.after_id,
            [&](int64_t after) {
              f.after_id = after;
              return svc.ListHouseholds(p, f);
            },
            [](const Household& h) -> std::vector<http::XlsxExport::Cell> {
              return {h.id, h.unit_name, h.building, h.entrance, h.room, h.address, h.kind, h.phone_masked, h.members, h.note};
            });
        return x.Finish("households.xlsx");
      });
  add("POST", "/api/v1/residents/households:import", "residents:household:write",
      {"导入户和人员（先试导入）Import households and persons: dry run lists every problem by row; commit is all or nothing, "
       "idempotent per import_key; up to 5,000 rows per request, 100,000 per import in parts",
       "", {}, "ResidentImportInput", "ResidentImportResult"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        ImportRequest ir;
        ir.dry_run = b.Bool("dry_run", false).value_or(true);
        ir.unit_id = b.Int("unit_id", true).value_or(0);
        ir.import_key = b.Str("import_key", false, 64).value_or("");
        ir.part = b.Int("part", false).value_or(1);
        ir.parts = b.Int("parts", false).value_or(1);
        if (!b.json().contains("rows") || !b.json()["rows"].is_array())
          b.errors().Add("rows", "required", "须为数组 rows must be an array");
        b.Finish();
        FieldErrors row_errs;
        ir.rows = ImportRowsFromJson(b.json()["rows"].dump(), row_errs);
        row_errs.ThrowIfAny();
        ImportResult r = svc.Import(http::PrincipalOf(req), http::ActorOf(req), ir);
        if (r.replayed) {
          Json j = Json::parse(r.replay_json);
          j["replayed"] = true;
          return http::JsonReply(200, j);
        }
        Json j = Json::parse(ImportResultToJson(r));
        j["replayed"] = false;
        return http::JsonReply(r.status == "committed" ? 201 : 200, j);
      });
  add("GET", "/api/v1/residents/households/{id}", "residents:household:read",
      {"户详情（含成员）Get a household with its members", "", {}, "", "Household"}, [&svc](Request& req) {
        HouseholdDetail d = svc.GetHousehold(http::PrincipalOf(req), http::IdParam(req));
        Json j = HouseholdJson(d.household);
        Json members = Json::array();
        for (const auto& m : d.members) members.push_back(PersonJson(m));
        j["member_list"] = members;
        return http::JsonReply(200, j);
      });
  add("PATCH", "/api/v1/residents/households/{id}", "residents:household:write",
      {"修改户 Update a household (fields given)", "", {}, "HouseholdInput", "Household"}, [&svc](Request& req) {
        return http::JsonReply(200, HouseholdJson(svc.UpdateHousehold(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), HouseholdFrom(req))));
      });
  add("POST", "/api/v1/residents/households/{id}:deactivate", "residents:household:write",
      {"注销户（成员一并注销）Deactivate a household and its members", "", {}, "", "Household"}, [&svc](Request& req) {
        return http::JsonReply(200, HouseholdJson(svc.SetHouseholdActive(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), false)));
      });
  add("POST", "/api/v1/residents/households/{id}:reactivate", "residents:household:write",
      {"恢复户 Reactivate a household (members are reactivated one by one)", "", {}, "", "Household"}, [&svc](Request& req) {
        return http::JsonReply(200, HouseholdJson(svc.SetHouseholdActive(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), true)));
      });
  add("POST", "/api/v1/residents/households/{id}:reveal", "residents:person:reveal",
      {"查看户联系电话（审计）Reveal the contact phone (audited)", "", {}, "", "Household"}, [&svc](Request& req) {
        return http::JsonReply(200, HouseholdJson(svc.RevealHousehold(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)), true));
      });

  // ---- persons ----
  add("POST", "/api/v1/residents/persons", "residents:person:write",
      {"建档：新增人员 File a person (409 when the number is on file)", "", {}, "PersonInput", "Person", 201}, [&svc](Request& req) {
        return http::JsonReply(201, PersonJson(svc.CreatePerson(http::PrincipalOf(req), http::ActorOf(req), PersonFrom(req))));
      });
  add("GET", "/api/v1/residents/persons", "residents:person:read",
      {"人员列表 List persons (numbers and phones masked)", "", person_filters, "", "PersonList"}, [&svc](Request& req) {
        PersonFilter f = PersonFilterFrom(req);
        return http::JsonReply(200, http::PageJson(svc.ListPersons(http::PrincipalOf(req), f), f.limit,
                                                   [](const Person& p) { return PersonJson(p); }));
      });
  add("GET", "/api/v1/residents/persons:export", "residents:person:read",
      {"导出人员 Export the filtered persons as .xlsx (masked)", "", person_filters, "", "", 200, kXlsx},
      [&svc](Request& req) {
        PersonFilter f = PersonFilterFrom(req);
        f.limit = 1000;
        http::XlsxExport x("persons", {"ID", "姓名 name", "身份证号 id number", "性别 sex", "出生日期 birth date",
                                       "手机号 phone", "单位 unit", "地址 address", "与户主关系 relation",
                                       "工作人员 staff", "工作单位 employer", "岗位 duty", "特殊情况 special",
                                       "说明 note", "返乡 returned", "来源地 origin", "返回日期 returned on"});
        const Principal& p = http::PrincipalOf(req);
        x.AddPages(
            f.limit, f.after_id,
            [&](int64_t after) {
              f.after_id = after;
              return svc.ListPersons(p, f);
            },
            [](const Person& i) -> std::vector<http::XlsxExport::Cell> {
              return {i.id, i.name, i.id_number_masked, i.sex, i.birth_date, i.phone_masked, i.unit_name,
                      i.household_address, i.relation, std::string(i.is_staff ? "是" : ""), i.staff_employer,
                      i.staff_duty, i.special_kind, i.special_note, std::string(i.returned ? "是" : ""), i.origin_name,
                      i.returned_on};
            });
        return x.Finish("persons.xlsx");
      });
  add("GET", "/api/v1/residents/persons:duplicates", "residents:person:read",
      {"疑似重复人员 Candidate duplicates: same name and phone (a number missing on one side), or same name and birth date",
       "", {{"limit", "integer", "pairs, default 200, at most 1000"}}, "", "PersonDuplicates"},
      [&svc](Request& req) {
        int limit = static_cast<int>(std::clamp<int64_t>(http::QueryInt(req, "limit").value_or(200), 1, 1000));
        Json items = Json::array();
        for (const auto& g : svc.Duplicates(http::PrincipalOf(req), limit)) {
          Json persons = Json::array();
          for (const auto& p : g.persons) persons.push_back(PersonJson(p));
          items.push_back({{"reason", g.reason}, {"persons", persons}});
        }
        return http::JsonReply(200, {{"items", items}});
      });
  add("GET", "/api/v1/residents/persons/{id}", "residents:person:read", {"人员详情 Get a person (masked)", "", {}, "", "Person"},
      [&svc](Request& req) { return http::JsonReply(200, PersonJson(svc.GetPerson(http::PrincipalOf(req), http::IdParam(req)))); });
  add("PATCH", "/api/v1/residents/persons/{id}", "residents:person:write",
      {"修改人员 Update a person (fields given)", "", {}, "PersonInput", "Person"}, [&svc](Request& req) {
        return http::JsonReply(200, PersonJson(svc.UpdatePerson(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), PersonFrom(req))));
      });
  add("POST", "/api/v1/residents/persons/{id}:deactivate", "residents:person:write",
      {"注销人员 Deactivate a person (moved away, deceased)", "", {}, "", "Person"}, [&svc](Request& req) {
        return http::JsonReply(200, PersonJson(svc.SetPersonActive(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), false)));
      });
  add("POST", "/api/v1/residents/persons/{id}:reactivate", "residents:person:write",
      {"恢复人员 Reactivate a person", "", {}, "", "Person"}, [&svc](Request& req) {
        return http::JsonReply(200, PersonJson(svc.SetPersonActive(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), true)));
      });
  add("POST", "/api/v1/residents/persons/{id}:move", "residents:person:write",
      {"迁移到另一户 Move a person to another household", "", {}, "PersonMove", "Person"}, [&svc](Request& req) {
        JsonBody b(req.body);
        auto hid = b.Int("household_id", true);
        b.Finish();
        return http::JsonReply(200, PersonJson(svc.MovePerson(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), *hid)));
      });
  add("POST", "/api/v1/residents/persons/{id}:merge", "residents:person:write",
      {"合并重复人员 Merge this person into another (keeps `into`, fills its empty fields, deactivates this one; audited)",
       "", {}, "PersonMerge", "Person"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto into = b.Int("into", true);
        b.Finish();
        return http::JsonReply(200, PersonJson(svc.Merge(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), *into)));
      });
  add("POST", "/api/v1/residents/persons/{id}:reveal", "residents:person:reveal",
      {"查看身份证号和手机号（审计）Reveal the identity number and phone (audited)", "", {}, "", "Person"}, [&svc](Request& req) {
        return http::JsonReply(200, PersonJson(svc.RevealPerson(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)), true));
      });
}

}  // namespace fk::residents
