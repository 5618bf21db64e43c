// HTTP handlers of the screening module: parse, call one service method, shape the reply.
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/masking.h"
#include "http/context.h"
#include "http/json_body.h"
#include "http/xlsx_export.h"
#include "screening/module.h"

namespace fk::screening {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

Json Temp(const std::optional<int>& t) { return t ? Json(*t / 10.0) : Json(); }

Json OccupantJson(const Occupant& o, bool reveal) {
  Json j = {{"temperature", Temp(o.temperature)}};
  if (reveal) {
    j["name"] = o.name;
    j["id_number"] = o.id_number;
    j["phone"] = o.phone;
  } else {
    j["name_masked"] = MaskName(o.name);
    j["id_number_masked"] = o.id_number_masked;
    j["phone_masked"] = o.phone_masked;
  }
  return j;
}

Json ToJson(const Passage& p, bool reveal = false) {
  Json occupants = Json::array();
  for (const auto& o : p.occupants) occupants.push_back(OccupantJson(o, reveal));
  return {{"id", p.id},
          {"client_key", p.client_key},
          {"point_id", p.point_id},
          {"point_name", p.point_name},
          {"unit_id", p.unit_id},
          {"day", p.day},
          {"vehicle_kind", p.vehicle_kind},
          {"plate", p.plate ? Json(*p.plate) : Json()},
          {"direction", p.direction},
          {"occupants", occupants},
          {"people", p.people},
          {"people_tested", p.people_tested},
          {"fever_count", p.fever_count},
          {"origin", {{"code", p.origin_code}, {"name", p.origin_name}}},
          {"destination", p.destination},
          {"purpose", p.purpose},
          {"suggested_decision", p.suggested},
          {"suggested_note", p.suggested_note},
          {"firm_id", p.firm_id ? Json(*p.firm_id) : Json()},
          {"decision", p.decision},
          {"reason", p.reason},
          {"rule_version", p.rule_version},
          {"operator_id", p.operator_id},
          {"operator_name", p.operator_name},
          {"device_time", FormatRfc3339(p.device_time)},
          {"server_time", FormatRfc3339(p.server_time)},
          {"handover_ids", p.handover_ids}};
}

Json ToJson(const Handover& h, bool reveal = false) {
  Json person = OccupantJson(h.person, reveal);
  person.erase("temperature");
  auto opt_time = [](const std::optional<int64_t>& t) { return t ? Json(FormatRfc3339(*t)) : Json(); };
  return {{"id", h.id},
          {"passage_id", h.passage_id ? Json(*h.passage_id) : Json()},
          {"source", h.source},
          {"point_id", h.point_id ? Json(h.point_id) : Json()},
          {"point_name", h.point_name},
          {"unit_id", h.unit_id},
          {"person_id", h.person_id ? Json(*h.person_id) : Json()},
          {"source_ref", h.source_ref ? Json(*h.source_ref) : Json()},
          {"day", h.day},
          {"person", person},
          {"temperature", Temp(h.person.temperature)},
          {"found_at", FormatRfc3339(h.found_at)},
          {"receiver_id", h.receiver_id ? Json(*h.receiver_id) : Json()},
          {"receiver_name", h.receiver_name},
          {"receipt_method", h.receipt_method.empty() ? Json() : Json(h.receipt_method)},
          {"receipted_at", opt_time(h.receipted_at)},
          {"receipted", h.receipted_at.has_value()},
          {"outcome", h.outcome ? Json(*h.outcome) : Json()},
          {"outcome_note", h.outcome_note},
          {"outcome_at", opt_time(h.outcome_at)}};
}

Json ToJson(const Receiver& r) {
  return {{"id", r.id},           {"name", r.name},     {"kind", r.kind},
          {"unit_id", r.unit_id}, {"unit_name", r.unit_name}, {"active", r.active}};
}

Json FiguresJson(const Figures& f) {
  return {{"vehicles", f.vehicles},
          {"people", f.people},
          {"people_tested", f.people_tested},
          {"vehicles_turned_back", f.vehicles_turned_back},
          {"people_turned_back", f.people_turned_back},
          {"fever", f.fever},
          {"handovers", f.handovers},
          {"handovers_receipted", f.handovers_receipted}};
}

Json RulesJson(int version, const std::string& rules_json, const std::string& note, int64_t at,
               std::optional<int64_t> by, const std::string& by_name) {
  return {{"version", version},
          {"rules", Json::parse(rules_json)},
          {"note", note},
          {"created_at", FormatRfc3339(at)},
          {"created_by", by ? Json(*by) : Json()},
          {"created_by_name", by_name}};
}

// Reads one passage object; JSON type errors go into parse_errors (with a path prefix for batches).
PassageInput PassageFrom(const Json& j, const std::string& prefix = "") {
  PassageInput in;
  JsonBody b(j);
  auto str = [&](const char* f, size_t max) { return b.Str(f, false, max).value_or(""); };
  in.client_key = str("client_key", 64);
  in.point_id = b.Int("point_id", false);
  in.vehicle_kind = str("vehicle_kind", 32);
  in.plate = b.Str("plate", false, 32);
  in.direction = str("direction", 8);
  in.purpose = str("purpose", 32);
  in.destination = str("destination", 200);
  in.decision = b.Str("decision", false, 32);
  in.reason = str("reason", 400);
  in.rule_version = b.Int("rule_version", false);
  if (auto t = b.Str("device_time", false, 64)) {
    in.device_time_ms = ParseRfc3339(*t);
    if (!in.device_time_ms) b.errors().Add("device_time", "format", "须为 RFC 3339 时间 must be an RFC 3339 time");
  }
  FieldErrors& errs = b.errors();
  if (j.contains("origin") && !j["origin"].is_null()) {
    if (!j["origin"].is_object()) {
      errs.Add("origin", "type", "须为 {code, name} must be {code, name}");
    } else {
      JsonBody o(j["origin"]);
      in.origin_code = o.Str("code", false, 12).value_or("");
      in.origin_name = o.Str("name", false, 200).value_or("");
      for (const auto& e : o.errors().list()) errs.Add("origin." + e.field, e.rule, e.message);
    }
  }
  if (j.contains("occupants") && !j["occupants"].is_null()) {
    if (!j["occupants"].is_array()) {
      errs.Add("occupants", "type", "须为数组 must be an array");
    } else {
      size_t i = 0;
      for (const auto& item : j["occupants"]) {
        std::string field = "occupants[" + std::to_string(i++) + "]";
        Occupant o;
        if (!item.is_object()) {
          errs.Add(field, "type", "须为对象 must be an object");
          in.occupants.push_back(o);
          continue;
        }
        if (item.contains("temperature") && !item["temperature"].is_null()) {
          if (item["temperature"].is_number())
            o.temperature = static_cast<int>(std::lround(item["temperature"].get<double>() * 10));
          else
            errs.Add(field + ".temperature", "type", "须为数字（℃） must be a number in °C");
        }
        JsonBody ob(item);
        o.name = ob.Str("name", false, 100).value_or("");
        o.id_number = ob.Str("id_number", false, 32).value_or("");
        o.phone = ob.Str("phone", false, 32).value_or("");
        for (const auto& e : ob.errors().list()) errs.Add(field + "." + e.field, e.rule, e.message);
        in.occupants.push_back(std::move(o));
      }
    }
  }
  for (const auto& e : errs.list()) in.parse_errors.push_back({prefix + e.field, e.rule, e.message, 0});
  return in;
}

// Day filters: a bad one is a 400 naming the query parameter.
void CheckDays(const std::optional<std::string>& from, const std::optional<std::string>& to) {
  for (auto [name, d] : {std::pair{"from", &from}, std::pair{"to", &to}})
    if (*d && !IsValidDay(**d))
      throw Error(ErrorCode::kBadRequest, std::string("查询参数 ") + name + " 须为 YYYY-MM-DD query parameter " + name +
                                              " must be a day YYYY-MM-DD",
                  {{name, "format", "YYYY-MM-DD"}});
}

PassageFilter PassageFilterFrom(const Request& req) {
  PassageFilter f;
  f.from_day = http::QueryStr(req, "from");
  f.to_day = http::QueryStr(req, "to");
  CheckDays(f.from_day, f.to_day);
  f.point_id = http::QueryInt(req, "point_id");
  f.unit_id = http::QueryInt(req, "unit_id");
  f.plate = http::QueryStr(req, "plate");
  f.decision = http::QueryStr(req, "decision");
  f.fever_only = http::QueryBool(req, "fever").value_or(false);
  f.before_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

HandoverFilter HandoverFilterFrom(const Request& req) {
  HandoverFilter f;
  f.from_day = http::QueryStr(req, "from");
  f.to_day = http::QueryStr(req, "to");
  CheckDays(f.from_day, f.to_day);
  f.point_id = http::QueryInt(req, "point_id");
  f.receipted = http::QueryBool(req, "receipted");
  f.outcome = http::QueryStr(req, "outcome");
  f.before_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

template <typename T>
Json Page(const std::vector<T>& items, int limit) {
  return http::PageJson(items, limit, [](const T& item) { return ToJson(item); });
}

const char* kOccupantSchema = R"({"type":"object","properties":{"temperature":{"type":["number","null"],"minimum":34.0,"maximum":43.0,"description":"°C, one decimal"},"name":{"type":"string"},"id_number":{"type":"string"},"phone":{"type":"string"}}})";
const char* kPassageInputSchema = R"({"type":"object","required":["client_key","point_id","vehicle_kind","direction","occupants","origin","purpose","device_time"],"properties":{
 "client_key":{"type":"string","format":"uuid"},"point_id":{"type":"integer"},
 "vehicle_kind":{"type":"string","enum":["car","truck","bus","motorcycle","e_bike","on_foot"]},
 "plate":{"type":["string","null"],"description":"required unless on_foot"},"direction":{"type":"string","enum":["in","out"]},
 "occupants":{"type":"array","minItems":1,"maxItems":60,"items":{"$ref":"#/components/schemas/Occupant"}},
 "origin":{"type":"object","properties":{"code":{"type":"string"},"name":{"type":"string"}}},
 "destination":{"type":"string"},"purpose":{"type":"string","enum":["return_to_work","home","transit","freight","medical","official","other"]},
 "decision":{"type":"string","enum":["pass","turned_back","fever_handover"]},"reason":{"type":"string"},
 "device_time":{"type":"string","format":"date-time"},"rule_version":{"type":"integer"}}})";
const char* kPassageSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"client_key":{"type":"string"},"point_id":{"type":"integer"},
 "point_name":{"type":"string"},"unit_id":{"type":"integer"},"day":{"type":"string","format":"date"},"vehicle_kind":{"type":"string"},
 "plate":{"type":["string","null"]},"direction":{"type":"string"},"occupants":{"type":"array","items":{"type":"object","properties":{
 "temperature":{"type":["number","null"]},"name_masked":{"type":"string"},"id_number_masked":{"type":"string"},"phone_masked":{"type":"string"}}}},
 "people":{"type":"integer"},"people_tested":{"type":"integer"},"fever_count":{"type":"integer"},
 "origin":{"type":"object"},"destination":{"type":"string"},"purpose":{"type":"string"},"suggested_decision":{"type":"string"},
 "suggested_note":{"type":"string","description":"why the suggestion differs from the rules: 复工人员：<firm>, see docs/firms.md"},
 "firm_id":{"type":["integer","null"],"description":"the re-opening firm whose returning staff the passage was recognised as"},
 "decision":{"type":"string"},"reason":{"type":"string"},"rule_version":{"type":"integer"},"operator_id":{"type":"integer"},"operator_name":{"type":"string"},
 "device_time":{"type":"string"},"server_time":{"type":"string"},"handover_ids":{"type":"array","items":{"type":"integer"}}}})";
const char* kBatchSchema = R"({"type":"object","required":["records"],"properties":{"records":{"type":"array","maxItems":1000,"items":{"$ref":"#/components/schemas/PassageInput"}}}})";
const char* kBatchResultSchema = R"({"type":"object","properties":{"results":{"type":"array","items":{"type":"object","properties":{
 "client_key":{"type":"string"},"status":{"type":"string","enum":["created","duplicate","invalid"]},
 "passage":{"type":"object","properties":{"id":{"type":"integer"},"day":{"type":"string"},"decision":{"type":"string"},"suggested_decision":{"type":"string"},"handover_ids":{"type":"array"}}},
 "errors":{"type":"array","items":{"type":"object"}}}}}}})";
const char* kRulesSchema = R"({"type":"object","properties":{"version":{"type":"integer"},"rules":{"type":"object","properties":{
 "fever_threshold":{"type":"number"},"turn_back_origins":{"type":"array","items":{"type":"object","properties":{"code":{"type":"string"},"name":{"type":"string"}}}},
 "exempt_purposes":{"type":"array","items":{"type":"string"}}}},"note":{"type":"string"},"created_at":{"type":"string"},
 "created_by":{"type":["integer","null"]},"created_by_name":{"type":"string"}}})";
const char* kRulesInputSchema = R"({"type":"object","required":["rules"],"properties":{"rules":{"type":"object"},"note":{"type":"string"}}})";
const char* kSuggestionSchema = R"({"type":"object","properties":{"suggested_decision":{"type":"string"},"fever_count":{"type":"integer"},"reason":{"type":"string"},"rule_version":{"type":"integer"}}})";
const char* kHandoverSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"passage_id":{"type":["integer","null"]},"source":{"type":"string"},
 "point_id":{"type":["integer","null"]},"point_name":{"type":"string"},"unit_id":{"type":"integer"},"person_id":{"type":["integer","null"]},
 "source_ref":{"type":["integer","null"]},"day":{"type":"string"},"person":{"type":"object"},"temperature":{"type":"number"},
 "found_at":{"type":"string"},"receiver_id":{"type":["integer","null"]},"receiver_name":{"type":"string"},"receipt_method":{"type":["string","null"]},
 "receipted_at":{"type":["string","null"]},"receipted":{"type":"boolean"},"outcome":{"type":["string","null"]},"outcome_note":{"type":"string"}}})";
const char* kReceiptSchema = R"({"type":"object","properties":{"receipt_code":{"type":"string"},"receiver_id":{"type":"integer"}}})";
const char* kOutcomeSchema = R"({"type":"object","required":["outcome"],"properties":{"outcome":{"type":"string","enum":["ordinary_illness","excluded","suspected","confirmed"]},"note":{"type":"string"}}})";
const char* kReceiverSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"kind":{"type":"string","enum":["clinic","ambulance","hospital","other"]},
 "unit_id":{"type":"integer"},"unit_name":{"type":"string"},"active":{"type":"boolean"},"receipt_code":{"type":"string","description":"only in the reply to create"}}})";
const char* kFiguresSchema = R"({"type":"object","properties":{"vehicles":{"type":"integer"},"people":{"type":"integer"},"people_tested":{"type":"integer"},
 "vehicles_turned_back":{"type":"integer"},"people_turned_back":{"type":"integer"},"fever":{"type":"integer"},"handovers":{"type":"integer"},"handovers_receipted":{"type":"integer"}}})";
const char* kSummarySchema = R"({"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"},"as_of":{"type":"string"},
 "sentence":{"type":"string"},"days":{"type":"array","items":{"type":"object","description":"day, the figures, cumulative figures"}},
 "range":{"$ref":"#/components/schemas/Figures"},"as_of_figures":{"$ref":"#/components/schemas/Figures"},
 "by_point":{"type":"array","items":{"type":"object"}},"all_handovers_receipted":{"type":"boolean"},"handovers_without_receipt":{"type":"integer"}}})";

}  // namespace

void RegisterRoutes(http::Router& router, ScreeningService& svc) {
  router.AddSchema("Occupant", kOccupantSchema);
  router.AddSchema("PassageInput", kPassageInputSchema);
  router.AddSchema("Passage", kPassageSchema);
  router.AddSchema("PassageList", http::PageSchemaOf("Passage"));
  router.AddSchema("PassageBatch", kBatchSchema);
  router.AddSchema("PassageBatchResult", kBatchResultSchema);
  router.AddSchema("ScreeningRules", kRulesSchema);
  router.AddSchema("ScreeningRulesInput", kRulesInputSchema);
  router.AddSchema("ScreeningRulesList", R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/ScreeningRules"}}}})");
  router.AddSchema("Suggestion", kSuggestionSchema);
  router.AddSchema("Handover", kHandoverSchema);
  router.AddSchema("HandoverList", http::PageSchemaOf("Handover"));
  router.AddSchema("ReceiptInput", kReceiptSchema);
  router.AddSchema("OutcomeInput", kOutcomeSchema);
  router.AddSchema("Receiver", kReceiverSchema);
  router.AddSchema("ReceiverList", R"({"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Receiver"}}}})");
  router.AddSchema("Figures", kFiguresSchema);
  router.AddSchema("ScreeningSummary", kSummarySchema);

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "screening";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  std::vector<ParamDoc> passage_filters = {{"from", "string", "first day (YYYY-MM-DD)"},
                                           {"to", "string", "last day"},
                                           {"point_id", "integer", ""},
                                           {"unit_id", "integer", "unit subtree"},
                                           {"plate", "string", "part of the plate"},
                                           {"decision", "string", "pass, turned_back, fever_handover"},
                                           {"fever", "boolean", "only passages with fever"},
                                           {"page_size", "integer", ""},
                                           {"page_token", "string", ""}};

  // ---- passages ----
  add("POST", "/api/v1/screening/passages", "screening:passage:write",
      {"登记过卡 Record a passage (idempotent by client_key)", "", {}, "PassageInput", "Passage", 201},
      [&svc](Request& req) {
        PassageInput in = PassageFrom(JsonBody(req.body).json());
        CreateResult r = svc.CreatePassage(http::PrincipalOf(req), in);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.passage));
      });
  add("POST", "/api/v1/screening/passages:batch", "screening:passage:write",
      {"批量同步 Replay up to 1,000 passages (offline phones)", "", {}, "PassageBatch", "PassageBatchResult"},
      [&svc](Request& req) {
        JsonBody body(req.body);
        if (!body.json().contains("records") || !body.json()["records"].is_array())
          throw Error::Validation({{"records", "required", "须为数组 records must be an array"}});
        std::vector<PassageInput> inputs;
        for (const auto& item : body.json()["records"]) {
          if (!item.is_object()) {
            PassageInput bad;
            bad.parse_errors.push_back({"record", "type", "须为对象 must be an object", 0});
            inputs.push_back(std::move(bad));
          } else {
            inputs.push_back(PassageFrom(item));
          }
        }
        auto results = svc.CreateBatch(http::PrincipalOf(req), inputs);
        Json out = Json::array();
        for (const auto& r : results) {
          Json item = {{"client_key", r.client_key}, {"status", r.status}};
          if (r.passage)
            item["passage"] = {{"id", r.passage->id},
                               {"day", r.passage->day},
                               {"decision", r.passage->decision},
                               {"suggested_decision", r.passage->suggested},
                               {"suggested_note", r.passage->suggested_note},
                               {"handover_ids", r.passage->handover_ids}};
          if (!r.errors.empty()) {
            Json errs = Json::array();
            for (const auto& e : r.errors) errs.push_back({{"field", e.field}, {"rule", e.rule}, {"message", e.message}});
            item["errors"] = errs;
          }
          out.push_back(std::move(item));
        }
        return http::JsonReply(200, {{"results", out}});
      });
  add("GET", "/api/v1/screening/passages", "screening:passage:read",
      {"过卡记录 List passages (newest first; personal fields masked)", "", passage_filters, "", "PassageList"},
      [&svc](Request& req) {
        PassageFilter f = PassageFilterFrom(req);
        return http::JsonReply(200, Page(svc.ListPassages(http::PrincipalOf(req), f), f.limit));
      });
  add("GET", "/api/v1/screening/passages/{id}", "screening:passage:read", {"过卡记录详情 Get a passage", "", {}, "", "Passage"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetPassage(http::PrincipalOf(req), http::IdParam(req)))); });
  add("POST", "/api/v1/screening/passages/{id}:reveal", "screening:person:reveal",
      {"查看人员完整信息（审计） Reveal the occupants' names, identity numbers and phones (audited)", "", {}, "", "Passage"},
      [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.RevealPassage(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)), true));
      });
  add("GET", "/api/v1/screening/passages:export", "screening:passage:read",
      {"导出过卡记录 Export the filtered passages as .xlsx (streamed)", "", passage_filters, "", "", 200,
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      [&svc](Request& req) {
        PassageFilter f = PassageFilterFrom(req);
        f.limit = 1000;
        // Start below every id: all pages then walk the primary key the same way (no sort of the range).
        if (f.before_id == 0) f.before_id = std::numeric_limits<int64_t>::max();
        http::XlsxExport x("passages", {"ID", "日期 day", "时间 time", "卡点 point", "车辆 vehicle", "车牌 plate",
                                        "方向 direction", "人数 people", "测温 tested", "发热 fever", "来源地 origin",
                                        "目的地 destination", "事由 purpose", "建议 suggested", "处置 decision",
                                        "理由 reason", "规则版本 rule version"});
        const Principal& p = http::PrincipalOf(req);
        x.AddPages(
            f.limit, f.before_id,
            [&](int64_t before) {
              f.before_id = before;
              return svc.ListPassages(p, f);
            },
            [](const Passage& i) -> std::vector<http::XlsxExport::Cell> {
              return {i.id, i.day, FormatRfc3339(i.device_time), i.point_name, i.vehicle_kind, i.plate.value_or(""),
                      i.direction, static_cast<int64_t>(i.people), static_cast<int64_t>(i.people_tested),
                      static_cast<int64_t>(i.fever_count), i.origin_name, i.destination, i.purpose, i.suggested,
                      i.decision, i.reason, static_cast<int64_t>(i.rule_version)};
            });
        return x.Finish("passages.xlsx");
      });

  // ---- rules ----
  add("GET", "/api/v1/screening/rules", "screening:rule:read",
      {"当前卡口规则 The current checkpoint rules (phones cache them to decide offline)", "", {}, "", "ScreeningRules"},
      [&svc](Request&) {
        auto versions = svc.ListRuleVersions(1);  // phones poll this: read the newest only
        if (versions.empty())
          return http::JsonReply(200, RulesJson(0, RulesToJson(DefaultRules()), "default", 0, std::nullopt, ""));
        const auto& v = versions.front();
        return http::JsonReply(200, RulesJson(v.version, v.rules_json, v.note, v.created_at, v.created_by, v.created_by_name));
      });
  add("GET", "/api/v1/screening/rules/versions", "screening:rule:read",
      {"规则版本历史 Every version of the rules, newest first", "", {}, "", "ScreeningRulesList"}, [&svc](Request&) {
        Json items = Json::array();
        for (const auto& v : svc.ListRuleVersions())
          items.push_back(RulesJson(v.version, v.rules_json, v.note, v.created_at, v.created_by, v.created_by_name));
        return http::JsonReply(200, {{"items", items}});
      });
  add("POST", "/api/v1/screening/rules", "screening:rule:write",
      {"发布新版规则 Save the rules as a new version", "", {}, "ScreeningRulesInput", "ScreeningRules", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        if (!b.json().contains("rules") || !b.json()["rules"].is_object())
          throw Error::Validation({{"rules", "required", "须为对象 rules must be an object"}});
        std::string note = b.Str("note", false, 200).value_or("");
        b.Finish();
        auto v = svc.SaveRules(http::PrincipalOf(req), http::ActorOf(req), b.json()["rules"].dump(), note);
        return http::JsonReply(201, RulesJson(v.version, v.rules_json, v.note, v.created_at, v.created_by, v.created_by_name));
      });
  add("POST", "/api/v1/screening/rules:evaluate", "screening:passage:read",
      {"按规则给出建议 Suggest a decision for a passage body", "", {}, "PassageInput", "Suggestion"}, [&svc](Request& req) {
        PassageInput in = PassageFrom(JsonBody(req.body).json());
        Suggestion s = svc.Evaluate(in);
        int version = in.rule_version.value_or(svc.GetCurrentRules().version);
        return http::JsonReply(200, {{"suggested_decision", s.decision},
                                     {"fever_count", s.fever_count},
                                     {"reason", s.reason},
                                     {"rule_version", version}});
      });

  // ---- handovers ----
  add("GET", "/api/v1/screening/handovers", "screening:handover:read",
      {"依规处置记录 List fever handovers", "",
       {{"from", "string", ""}, {"to", "string", ""}, {"point_id", "integer", ""}, {"receipted", "boolean", ""},
        {"outcome", "string", ""}, {"page_size", "integer", ""}, {"page_token", "string", ""}},
       "", "HandoverList"},
      [&svc](Request& req) {
        HandoverFilter f = HandoverFilterFrom(req);
        return http::JsonReply(200, Page(svc.ListHandovers(http::PrincipalOf(req), f), f.limit));
      });
  add("GET", "/api/v1/screening/handovers:export", "screening:handover:read",
      {"导出处置记录 Export the filtered handovers as .xlsx (persons masked)", "",
       {{"from", "string", ""}, {"to", "string", ""}, {"point_id", "integer", ""}, {"receipted", "boolean", ""},
        {"outcome", "string", ""}},
       "", "", 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      [&svc](Request& req) {
        HandoverFilter f = HandoverFilterFrom(req);
        f.limit = 1000;
        // Start below every id: all pages then walk the primary key the same way (no sort of the range).
        if (f.before_id == 0) f.before_id = std::numeric_limits<int64_t>::max();
        http::XlsxExport x("handovers", {"ID", "日期 day", "发现时间 found", "卡点 point", "姓名 name", "身份证 id",
                                         "电话 phone", "体温 temperature", "接收方 receiver", "接收时间 receipted",
                                         "结果 outcome", "说明 note"});
        const Principal& p = http::PrincipalOf(req);
        x.AddPages(
            f.limit, f.before_id,
            [&](int64_t before) {
              f.before_id = before;
              return svc.ListHandovers(p, f);
            },
            [](const Handover& h) -> std::vector<http::XlsxExport::Cell> {
              return {h.id, h.day, FormatRfc3339(h.found_at), h.point_name, MaskName(h.person.name),
                      MaskIdNumber(h.person.id_number), MaskPhone(h.person.phone),
                      h.person.temperature.value_or(0) / 10.0, h.receiver_name,
                      h.receipted_at ? FormatRfc3339(*h.receipted_at) : std::string(), h.outcome.value_or(""),
                      h.outcome_note};
            });
        return x.Finish("handovers.xlsx");
      });
  add("GET", "/api/v1/screening/handovers/{id}", "screening:handover:read", {"处置详情 Get a handover", "", {}, "", "Handover"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetHandover(http::PrincipalOf(req), http::IdParam(req)))); });
  add("POST", "/api/v1/screening/handovers/{id}:reveal", "screening:person:reveal",
      {"查看被处置人完整信息（审计） Reveal the person (audited)", "", {}, "", "Handover"}, [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.RevealHandover(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)), true));
      });
  add("POST", "/api/v1/screening/handovers/{id}:receipt", "screening:handover:write",
      {"确认接收 Confirm the receipt: the receiver's code, or as a user of the receiving unit", "", {}, "ReceiptInput", "Handover"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto code = b.Str("receipt_code", false, 32);
        auto receiver = b.Int("receiver_id", false);
        b.Finish();
        return http::JsonReply(200, ToJson(svc.ConfirmReceipt(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), code, receiver)));
      });
  add("POST", "/api/v1/screening/handovers/{id}:outcome", "screening:handover:write",
      {"登记处置结果 Record the outcome", "", {}, "OutcomeInput", "Handover"}, [&svc](Request& req) {
        JsonBody b(req.body);
        auto outcome = b.Str("outcome", true, 32);
        auto note = b.Str("note", false, 500);
        b.Finish();
        return http::JsonReply(200, ToJson(svc.SetOutcome(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), *outcome, note.value_or(""))));
      });

  // ---- receivers ----
  add("GET", "/api/v1/screening/receivers", "screening:handover:read",
      {"接收单位 Clinics and ambulances that receive people", "", {}, "", "ReceiverList"}, [&svc](Request&) {
        Json items = Json::array();
        for (const auto& r : svc.ListReceivers()) items.push_back(ToJson(r));
        return http::JsonReply(200, {{"items", items}});
      });
  add("POST", "/api/v1/screening/receivers", "screening:rule:write",
      {"登记接收单位 Register a receiver; its receipt code is shown once", "", {}, "Receiver", "Receiver", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto name = b.Str("name", true, 100);
        auto kind = b.Str("kind", true, 32);
        auto unit = b.Int("unit_id", true);
        b.Finish();
        auto [r, code] = svc.CreateReceiver(http::PrincipalOf(req), http::ActorOf(req), *name, *kind, *unit);
        Json j = ToJson(r);
        j["receipt_code"] = code;
        return http::JsonReply(201, j);
      });

  // ---- figures ----
  add("GET", "/api/v1/screening/summary", "screening:passage:read",
      {"排查统计 Figures by day and cumulative, with the report sentence", "",
       {{"unit_id", "integer", "unit subtree (default: yours)"}, {"point_id", "integer", "one point"},
        {"from", "string", "first day (default to - 6)"}, {"to", "string", "last day (default today)"},
        {"as_of", "string", "cumulative up to this day (default to)"}},
       "", "ScreeningSummary"},
      [&svc](Request& req) {
        Summary s = svc.GetSummary(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), http::QueryInt(req, "point_id"),
                                   http::QueryStr(req, "from"), http::QueryStr(req, "to"), http::QueryStr(req, "as_of"));
        Json days = Json::array();
        Figures running = s.before_from;
        auto d = ParseDay(s.from);
        for (int64_t n = DaysFromCivil(*d), end = DaysFromCivil(*ParseDay(s.to)); n <= end; ++n) {
          std::string day = FormatDay(CivilFromDays(n));
          auto it = s.days.find(day);
          Figures f = it == s.days.end() ? Figures{} : it->second;
          running += f;
          Json j = FiguresJson(f);
          j["day"] = day;
          j["cumulative"] = FiguresJson(running);
          days.push_back(std::move(j));
        }
        Json by_point = Json::array();
        for (const auto& bp : s.by_point) {
          Json j = FiguresJson(bp.figures);
          j["point_id"] = bp.point_id;
          j["point_name"] = bp.point_name;
          by_point.push_back(std::move(j));
        }
        int64_t missing = s.up_to_as_of.handovers - s.up_to_as_of.handovers_receipted;
        return http::JsonReply(200, {{"from", s.from},
                                     {"to", s.to},
                                     {"as_of", s.as_of},
                                     {"sentence", s.sentence},
                                     {"days", days},
                                     {"range", FiguresJson(s.range)},
                                     {"as_of_figures", FiguresJson(s.up_to_as_of)},
                                     {"by_point", by_point},
                                     {"all_handovers_receipted", missing == 0},
                                     {"handovers_without_receipt", missing}});
      });
}

}  // namespace fk::screening
