// HTTP handlers of re-opening firms: parse, call one service method, shape the reply.
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "command/firms/module.h"
#include "core/clock.h"
#include "core/masking.h"
#include "http/context.h"
#include "http/json_body.h"
#include "http/xlsx_export.h"

namespace fk::command::firms {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json OptTime(const std::optional<int64_t>& t) { return t ? Json(FormatRfc3339(*t)) : Json(); }

Json ToJson(const Firm& f, const Principal& p) {
  Json reviews = Json::array();
  for (const auto& r : f.reviews)
    reviews.push_back({{"id", r.id},
                       {"action", r.action},
                       {"reasons", r.reasons},
                       {"by_user", r.by_user},
                       {"by_name", r.by_name},
                       {"at", FormatRfc3339(r.at)}});
  bool own = IsOwnApplication(f, p.user_id);
  return {{"id", f.id},
          {"name", f.name},
          {"credit_code", f.credit_code},
          {"address", f.address},
          {"unit_id", f.unit_id},
          {"unit_name", f.unit_name},
          {"industry", f.industry},
          {"staff_count", f.staff_count},
          {"staff_from_outside", f.staff_from_outside},
          {"measures", f.measures},
          {"measures_note", f.measures_note},
          {"contact_name", f.contact_name},
          {"contact_phone_masked", f.contact_phone_masked},
          {"status", f.status},
          {"return_reasons", f.return_reasons},
          {"submitted_at", OptTime(f.submitted_at)},
          {"reviewed_at", OptTime(f.reviewed_at)},
          {"reviewed_by_name", f.reviewed_by_name},
          {"created_by", f.created_by},
          {"created_by_name", f.created_by_name},
          {"created_at", FormatRfc3339(f.created_at)},
          {"updated_at", FormatRfc3339(f.updated_at)},
          {"staff_listed", f.staff_listed},
          {"reviews", reviews},
          {"can_review", p.Has("command:firm:review") && !own && f.status == "submitted"}};
}

Json ToJson(const Staff& s) {
  return {{"id", s.id},
          {"firm_id", s.firm_id},
          {"name", s.name},
          {"id_number_masked", s.id_number_masked},
          {"phone_masked", s.phone_masked},
          {"plate", s.plate ? Json(*s.plate) : Json()},
          {"origin", s.origin},
          {"expected_day", s.expected_day ? Json(*s.expected_day) : Json()},
          {"created_at", FormatRfc3339(s.created_at)}};
}

Json ToJson(const ImportResult& r) {
  return {{"status", r.status},
          {"rows", r.rows},
          {"added", r.added},
          {"already_listed", r.already_listed},
          {"replayed", r.replayed}};
}

FirmInput FirmFrom(const Request& req) {
  JsonBody b(req.body);
  FirmInput in;
  in.name = b.Str("name", false, 400);
  in.credit_code = b.Str("credit_code", false, 64);
  in.address = b.Str("address", false, 800);
  in.unit_id = b.Int("unit_id", false);
  in.industry = b.Str("industry", false, 200);
  in.staff_count = b.Int("staff_count", false);
  in.staff_from_outside = b.Int("staff_from_outside", false);
  in.measures = b.StrList("measures", false);
  in.measures_note = b.Str("measures_note", false, 2000);
  in.contact_name = b.Str("contact_name", false, 200);
  in.contact_phone = b.Str("contact_phone", false, 64);
  in.submit = b.Bool("submit", false).value_or(false);
  in.parse_errors = b.errors().list();
  return in;
}

// Reasons as a list of strings, or one text (one reason a line).
std::vector<std::string> ReasonsFrom(JsonBody& b) {
  std::vector<std::string> out;
  const Json& j = b.json();
  if (!j.contains("reasons") || j["reasons"].is_null()) {
    b.errors().Add("reasons", "required", "退回须说明理由 give at least one reason");
  } else if (j["reasons"].is_string()) {
    std::string text = j["reasons"].get<std::string>();
    for (size_t start = 0; start <= text.size();) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      out.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
  } else if (j["reasons"].is_array()) {
    for (size_t i = 0; i < j["reasons"].size(); ++i) {
      if (!j["reasons"][i].is_string()) b.errors().Add("reasons[" + std::to_string(i) + "]", "type", "须为文字 must be text");
      else out.push_back(j["reasons"][i].get<std::string>());
    }
  } else {
    b.errors().Add("reasons", "type", "须为文字或文字列表 text or a list of texts");
  }
  b.Finish();
  return out;
}

FirmFilter FilterFrom(const Request& req) {
  FirmFilter f;
  f.status = http::QueryStr(req, "status");
  f.q = http::QueryStr(req, "q");
  f.unit_id = http::QueryInt(req, "unit_id");
  f.before_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

std::string MeasuresText(const std::vector<std::string>& measures) {
  static const std::map<std::string, std::string> kLabels = {{"masks", "口罩储备"},
                                                             {"temperature_checks", "体温检测"},
                                                             {"disinfection", "消毒"},
                                                             {"canteen_spacing", "食堂错峰间隔"}};
  std::string out;
  for (const auto& m : measures) out += (out.empty() ? "" : "、") + kLabels.at(m);
  return out;
}

const char* kFirmSchema = R"J({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},
 "credit_code":{"type":"string","description":"统一社会信用代码, GB 32100-2015"},"address":{"type":"string"},"unit_id":{"type":"integer"},
 "unit_name":{"type":"string"},"industry":{"type":"string"},"staff_count":{"type":"integer"},"staff_from_outside":{"type":"integer"},
 "measures":{"type":"array","items":{"type":"string","enum":["masks","temperature_checks","disinfection","canteen_spacing"]}},
 "measures_note":{"type":"string"},"contact_name":{"type":"string"},"contact_phone_masked":{"type":"string"},
 "status":{"type":"string","enum":["draft","submitted","approved","returned","withdrawn"]},
 "return_reasons":{"type":"array","items":{"type":"string"}},"submitted_at":{"type":["string","null"],"format":"date-time"},
 "reviewed_at":{"type":["string","null"],"format":"date-time"},"reviewed_by_name":{"type":"string"},"created_by":{"type":"integer"},
 "created_by_name":{"type":"string"},"created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
 "staff_listed":{"type":"integer"},"can_review":{"type":"boolean","description":"the caller may approve or return it now"},
 "reviews":{"type":"array","description":"the history, oldest first (detail only)","items":{"type":"object","properties":{"id":{"type":"integer"},
  "action":{"type":"string","enum":["submit","resubmit","approve","return","withdraw"]},"reasons":{"type":"array","items":{"type":"string"}},
  "by_user":{"type":"integer"},"by_name":{"type":"string"},"at":{"type":"string","format":"date-time"}}}}}})J";
const char* kFirmInputSchema = R"J({"type":"object","properties":{"name":{"type":"string","maxLength":100},
 "credit_code":{"type":"string","minLength":18,"maxLength":18,"description":"checked by GB 32100: check character, authority, kind, division; unique among live applications (409)"},
 "address":{"type":"string","maxLength":200},"unit_id":{"type":"integer","description":"the town or community, in the caller's subtree"},
 "industry":{"type":"string","maxLength":50},"staff_count":{"type":"integer","minimum":1},"staff_from_outside":{"type":"integer","minimum":0,"description":"at most staff_count"},
 "measures":{"type":"array","items":{"type":"string","enum":["masks","temperature_checks","disinfection","canteen_spacing"]}},
 "measures_note":{"type":"string","maxLength":500},"contact_name":{"type":"string","maxLength":50},
 "contact_phone":{"type":"string","description":"mobile, or landline with area code"},"submit":{"type":"boolean","default":false,"description":"create only: submit at once"}},
 "required":["name","credit_code","address","unit_id","staff_count","staff_from_outside","contact_name","contact_phone"]})J";
const char* kReturnSchema = R"J({"type":"object","required":["reasons"],"properties":{"reasons":{"oneOf":[{"type":"array","items":{"type":"string","maxLength":200},"minItems":1,"maxItems":20},{"type":"string","description":"one reason a line"}]}}})J";
const char* kWithdrawSchema = R"J({"type":"object","properties":{"reason":{"type":"string","maxLength":200}}})J";
const char* kStaffSchema = R"J({"type":"object","properties":{"id":{"type":"integer"},"firm_id":{"type":"integer"},"name":{"type":"string"},
 "id_number_masked":{"type":"string"},"phone_masked":{"type":"string"},"plate":{"type":["string","null"]},"origin":{"type":"string"},
 "expected_day":{"type":["string","null"],"format":"date"},"created_at":{"type":"string","format":"date-time"}}})J";
const char* kImportSchema = R"J({"type":"object","required":["rows"],"properties":{"dry_run":{"type":"boolean","default":true},
 "import_key":{"type":"string","maxLength":64,"description":"required to commit; a committed key answers its first result (200, replayed)"},
 "rows":{"type":"array","maxItems":5000,"items":{"type":"object","required":["row","name","id_number"],"properties":{"row":{"type":"integer","description":"spreadsheet row (header = 1)"},
  "name":{"type":"string"},"id_number":{"type":"string"},"phone":{"type":"string"},"plate":{"type":"string"},"origin":{"type":"string"},
  "expected_day":{"type":"string","format":"date"}}}}}})J";
const char* kImportResultSchema = R"J({"type":"object","properties":{"status":{"type":"string","enum":["dry_run","committed"]},
 "rows":{"type":"integer"},"added":{"type":"integer"},"already_listed":{"type":"integer","description":"already on the list: skipped"},"replayed":{"type":"boolean"}}})J";
const char* kRecogniseSchema = R"J({"type":"object","properties":{"plate":{"type":"string"},"id_numbers":{"type":"array","maxItems":60,"items":{"type":"string"}}}})J";
const char* kRecognisedSchema = R"J({"type":"object","properties":{"matches":{"type":"array","items":{"type":"object","properties":{
 "firm_id":{"type":"integer"},"firm_name":{"type":"string"},"by":{"type":"string","enum":["plate","id_number"]}}}}}})J";

}  // namespace

void RegisterRoutes(http::Router& router, FirmService& svc) {
  router.AddSchema("Firm", kFirmSchema);
  router.AddSchema("FirmInput", kFirmInputSchema);
  router.AddSchema("FirmList", http::PageSchemaOf("Firm"));
  router.AddSchema("FirmReturnInput", kReturnSchema);
  router.AddSchema("FirmWithdrawInput", kWithdrawSchema);
  router.AddSchema("FirmStaff", kStaffSchema);
  router.AddSchema("FirmStaffList", R"J({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/FirmStaff"}}}})J");
  router.AddSchema("FirmStaffImportInput", kImportSchema);
  router.AddSchema("FirmStaffImportResult", kImportResultSchema);
  router.AddSchema("FirmRecogniseInput", kRecogniseSchema);
  router.AddSchema("FirmRecognised", kRecognisedSchema);
  router.AddSchema("FirmStaffRemoved", R"J({"type":"object","properties":{"id":{"type":"integer"},"removed":{"type":"boolean"}}})J");
  router.AddSchema("FirmContactPhone", R"J({"type":"object","properties":{"contact_phone":{"type":"string"}}})J");

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "command";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  std::vector<http::ParamDoc> filters = {
      {"status", "string", "draft, submitted, approved, returned, withdrawn"},
      {"unit_id", "integer", "a unit's subtree (default: yours)"},
      {"q", "string", "name, credit code or contact contains"},
      {"page_size", "integer", "1–500, default 50"},
      {"page_token", "string", "next_page_token of the previous page"}};

  add("GET", "/api/v1/command/firms", "command:firm:read",
      {"复工复产申请 Re-opening applications in your subtree, newest first", "", filters, "", "FirmList"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        FirmFilter f = FilterFrom(req);
        return http::JsonReply(200, http::PageJson(svc.List(p, f), f.limit, [&](const Firm& x) { return ToJson(x, p); }));
      });
  add("POST", "/api/v1/command/firms", "command:firm:write",
      {"录入复工申请 Enter a firm's application (a draft, or submitted with submit: true)", "", {}, "FirmInput", "Firm",
       201},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(201, ToJson(svc.Create(p, http::ActorOf(req), FirmFrom(req)), p));
      });
  add("GET", "/api/v1/command/firms:export", "command:firm:read",
      {"导出复工企业 Export the filtered applications (default: approved) as .xlsx; contact phones in full for "
       "reviewers (audited), masked otherwise",
       "", filters, "", "", 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        FirmFilter f = FilterFrom(req);
        if (!f.status) f.status = "approved";
        f.limit = 500;
        f.before_id = std::numeric_limits<int64_t>::max();
        bool full = p.Has("command:firm:review");
        http::XlsxExport x("firms", {"ID", "企业名称 name", "统一社会信用代码 credit code", "地址 address",
                                     "所属单位 unit", "行业 industry", "员工数 staff", "外地返岗 from outside",
                                     "防控措施 measures", "联系人 contact", "联系电话 phone", "状态 status",
                                     "返岗名单 listed", "批准时间 approved at"});
        x.AddPages(
            f.limit, f.before_id,
            [&](int64_t before) {
              f.before_id = before;
              auto page = svc.List(p, f);
              if (full) svc.OpenContactPhones(page);
              return page;
            },
            [full](const Firm& i) -> std::vector<http::XlsxExport::Cell> {
              return {i.id, i.name, i.credit_code, i.address, i.unit_name, i.industry, i.staff_count,
                      i.staff_from_outside, MeasuresText(i.measures), i.contact_name,
                      full ? i.contact_phone : i.contact_phone_masked, i.status, i.staff_listed,
                      i.reviewed_at && i.status == "approved" ? FormatRfc3339(*i.reviewed_at) : std::string()};
            });
        if (full) svc.AuditExport(p, http::ActorOf(req), *f.status);
        return x.Finish("firms.xlsx");
      });
  add("POST", "/api/v1/command/firms:recognise", "screening:passage:write",
      {"识别复工人员 Checkpoint lookup: approved firms whose returning-staff list holds the plate or an identity "
       "number (city-wide; answers firm names only, never numbers)",
       "", {}, "FirmRecogniseInput", "FirmRecognised"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto plate = b.Str("plate", false, 32);
        auto ids = b.StrList("id_numbers", false);
        b.Finish();
        Json matches = Json::array();
        for (const auto& m : svc.Recognise(http::ActorOf(req), plate, ids.value_or(std::vector<std::string>{})))
          matches.push_back({{"firm_id", m.firm_id}, {"firm_name", m.firm_name}, {"by", m.by}});
        return http::JsonReply(200, {{"matches", matches}});
      });
  add("GET", "/api/v1/command/firms/{id}", "command:firm:read",
      {"复工申请详情 An application with its review history", "", {}, "", "Firm"}, [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, ToJson(svc.Get(p, http::IdParam(req)), p));
      });
  add("PATCH", "/api/v1/command/firms/{id}", "command:firm:write",
      {"修改复工申请 Change a draft or returned application (absent fields stay)", "", {}, "FirmInput", "Firm"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, ToJson(svc.Update(p, http::ActorOf(req), http::IdParam(req), FirmFrom(req)), p));
      });
  add("POST", "/api/v1/command/firms/{id}:submit", "command:firm:write",
      {"提交审核 Submit a draft, or resubmit a returned application", "", {}, "", "Firm"}, [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, ToJson(svc.Submit(p, http::ActorOf(req), http::IdParam(req)), p));
      });
  add("POST", "/api/v1/command/firms/{id}:approve", "command:firm:review",
      {"批准复工 Approve a submitted application (not one you entered or submitted: 403)", "", {}, "", "Firm"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        return http::JsonReply(200, ToJson(svc.Approve(p, http::ActorOf(req), http::IdParam(req)), p));
      });
  add("POST", "/api/v1/command/firms/{id}:return", "command:firm:review",
      {"退回申请 Return a submitted (or approved) application with reasons", "", {}, "FirmReturnInput", "Firm"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        JsonBody b(req.body);
        auto reasons = ReasonsFrom(b);
        return http::JsonReply(200, ToJson(svc.Return(p, http::ActorOf(req), http::IdParam(req), reasons), p));
      });
  add("POST", "/api/v1/command/firms/{id}:withdraw", "command:firm:write",
      {"撤销申请 Withdraw an application (its staff no longer match at checkpoints)", "", {}, "FirmWithdrawInput",
       "Firm"},
      [&svc](Request& req) {
        const Principal& p = http::PrincipalOf(req);
        std::string reason;
        if (!req.body.empty()) {
          JsonBody b(req.body);
          reason = b.Str("reason", false, 800).value_or("");
          b.Finish();
        }
        return http::JsonReply(200, ToJson(svc.Withdraw(p, http::ActorOf(req), http::IdParam(req), reason), p));
      });
  add("POST", "/api/v1/command/firms/{id}:reveal", "command:firm:review",
      {"查看联系电话（审计） The contact phone in full (audited)", "", {}, "", "FirmContactPhone"},
      [&svc](Request& req) {
        return http::JsonReply(
            200, {{"contact_phone", svc.RevealContactPhone(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))}});
      });
  add("GET", "/api/v1/command/firms/{id}/staff", "command:firm:read",
      {"返岗人员名单 The firm's returning staff (numbers masked)", "", {}, "", "FirmStaffList"}, [&svc](Request& req) {
        Json items = Json::array();
        for (const auto& s : svc.ListStaff(http::PrincipalOf(req), http::IdParam(req))) items.push_back(ToJson(s));
        return http::JsonReply(200, {{"items", items}});
      });
  add("POST", "/api/v1/command/firms/{id}/staff:import", "command:firm:write",
      {"导入返岗人员（先试导入）Import returning staff: a dry run lists every problem by row; commit is all or "
       "nothing and idempotent per import_key; people already listed are skipped",
       "", {}, "FirmStaffImportInput", "FirmStaffImportResult"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        ImportRequest ir;
        ir.dry_run = b.Bool("dry_run", false).value_or(true);
        ir.import_key = b.Str("import_key", false, 64).value_or("");
        const Json& j = b.json();
        if (!j.contains("rows") || !j["rows"].is_array()) {
          b.errors().Add("rows", "required", "须为数组 rows must be an array");
        } else {
          int n = 1;
          for (const auto& r : j["rows"]) {
            ++n;
            StaffRow row;
            if (!r.is_object()) {
              b.errors().Add("row", "type", "须为对象 must be an object", n);
              continue;
            }
            row.row = r.contains("row") && r["row"].is_number_integer() ? r["row"].get<int>() : n;
            auto text = [&](const char* k, std::string* out) {
              if (!r.contains(k) || r[k].is_null()) return;
              if (r[k].is_string()) *out = r[k].get<std::string>();
              else if (r[k].is_number()) *out = r[k].dump();  // a spreadsheet number cell
              else b.errors().Add(k, "type", "须为文字 must be text", row.row);
            };
            text("name", &row.name);
            text("id_number", &row.id_number);
            text("phone", &row.phone);
            text("plate", &row.plate);
            text("origin", &row.origin);
            text("expected_day", &row.expected_day);
            ir.rows.push_back(std::move(row));
          }
        }
        ir.parse_errors = b.errors().list();
        ImportResult r = svc.ImportStaff(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), ir);
        return http::JsonReply(r.status == "committed" && !r.replayed ? 201 : 200, ToJson(r));
      });
  add("DELETE", "/api/v1/command/firms/{id}/staff/{staff_id}", "command:firm:write",
      {"移出名单 Remove a person from the returning-staff list", "", {}, "", "FirmStaffRemoved"}, [&svc](Request& req) {
        int64_t staff_id = http::IdParam(req, "staff_id");
        svc.RemoveStaff(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), staff_id);
        return http::JsonReply(200, {{"id", staff_id}, {"removed", true}});
      });
}

}  // namespace fk::command::firms
