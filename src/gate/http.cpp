// HTTP handlers of the gate part: parse, call one service method, shape the reply.
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/masking.h"
#include "gate/module.h"
#include "http/context.h"
#include "http/json_body.h"

namespace fk::gate {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

std::string LocalHm(int64_t at, int tz) {
  int64_t local = at + static_cast<int64_t>(tz) * 60000;
  int64_t m = (((local % kMsPerDay) + kMsPerDay) % kMsPerDay) / 60000;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

Json OptTime(const std::optional<int64_t>& t) { return t ? Json(FormatRfc3339(*t)) : Json(); }
Json OptId(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }

Json QuotaJson(const QuotaUse& u, int tz) {
  return {{"event_id", u.event_id}, {"person_id", u.person_id}, {"name_masked", MaskName(u.name)},
          {"at", FormatRfc3339(u.at)}, {"local_time", LocalHm(u.at, tz)}};
}

Json ToJson(const Event& e, int64_t now, int tz) {
  Json quota = Json::array();
  std::string message;
  for (const auto& u : e.quota_used) quota.push_back(QuotaJson(u, tz));
  if (e.decision == "refuse" && e.reason == "quota") {
    message = "本户";
    for (const auto& u : e.quota_used) message += " " + MaskName(u.name) + " 已于 " + LocalHm(u.at, tz) + " 外出";
  }
  bool overdue = e.overdue_at.has_value() || (e.due_at && !e.returned_at && now > *e.due_at);
  Json j = {{"id", e.id},
            {"client_key", e.client_key},
            {"point_id", e.point_id},
            {"point_name", e.point_name},
            {"unit_id", e.unit_id},
            {"day", e.day},
            {"direction", e.direction},
            {"pass_id", OptId(e.pass_id)},
            {"household_id", OptId(e.household_id)},
            {"household_address", e.household_address},
            {"person_id", OptId(e.person_id)},
            {"person_name_masked", e.person_id ? Json(MaskName(e.person_name)) : Json()},
            {"is_staff", e.is_staff},
            {"visitor", e.host_household_id ? Json{{"name_masked", MaskName(e.visitor_name)},
                                                   {"phone_masked", e.visitor_phone_masked},
                                                   {"reason", e.visitor_reason},
                                                   {"host_household_id", *e.host_household_id}}
                                            : Json()},
            {"temperature", e.temperature / 10.0},
            {"special_reason", e.special_reason},
            {"decision", e.decision},
            {"reason", e.reason},
            {"server_decision", e.server_decision},
            {"server_reason", e.server_reason},
            {"disagreement", e.decision != e.server_decision},
            {"counts_quota", e.counts_quota},
            {"rule_version", e.rule_version},
            {"at", FormatRfc3339(e.at)},
            {"local_time", LocalHm(e.at, tz)},
            {"server_time", FormatRfc3339(e.server_time)},
            {"operator_id", e.operator_id},
            {"due_at", OptTime(e.due_at)},
            {"returned_at", OptTime(e.returned_at)},
            {"return_event_id", OptId(e.return_event_id)},
            {"exit_event_id", OptId(e.exit_event_id)},
            {"overdue", overdue},
            {"overdue_at", OptTime(e.overdue_at)},
            {"conflict", e.conflict},
            {"note", e.conflict_note},
            {"handover_id", OptId(e.handover_id)},
            {"quota_used", quota},
            {"message", message}};
  return j;
}

Json PassJson(const Pass& p) {
  return {{"id", p.id},
          {"unit_id", p.unit_id},
          {"unit_name", p.unit_name},
          {"household_id", p.household_id},
          {"person_id", OptId(p.person_id)},
          {"holder_name_masked", p.person_id ? Json(MaskName(p.holder_name)) : Json()},
          {"kind", p.kind},
          {"address", p.address},
          {"active", p.active},
          {"issued_at", FormatRfc3339(p.issued_at)},
          {"revoked_at", OptTime(p.revoked_at)},
          {"revoke_reason", p.revoke_reason}};
}

Json MemberJson(const Member& m) {
  return {{"id", m.id}, {"name_masked", MaskName(m.name)}, {"is_staff", m.is_staff}, {"special_kind", m.special_kind}};
}

Json IssuedJson(const IssuedPass& i, const std::vector<Member>& members) {
  Json j = PassJson(i.pass);
  j["token"] = i.token;
  j["short_code"] = i.short_code;
  j["qr_text"] = i.qr_text;
  return j;
}

Json RulesJson(const EffectiveRules& r) {
  return {{"version", r.version},
          {"unit_id", OptId(r.unit_id)},
          {"unit_name", r.unit_name},
          {"inherited", r.version == 0},
          {"rules", Json::parse(GateRulesToJson(r.rules))}};
}

Json VersionJson(const RuleVersion& v) {
  return {{"version", v.version},        {"unit_id", v.unit_id},
          {"unit_name", v.unit_name},    {"rules", Json::parse(v.rules_json)},
          {"note", v.note},              {"created_at", FormatRfc3339(v.created_at)},
          {"created_by", OptId(v.created_by)}, {"created_by_name", v.created_by_name}};
}

EventInput EventFrom(const Json& j) {
  EventInput in;
  JsonBody b(j);
  in.client_key = b.Str("client_key", false, 64).value_or("");
  in.point_id = b.Int("point_id", false);
  in.direction = b.Str("direction", false, 8).value_or("");
  in.token = b.Str("token", false, 200);
  in.short_code = b.Str("short_code", false, 20);
  in.person_id = b.Int("person_id", false);
  if (auto t = b.Num("temperature", false)) in.temperature = static_cast<int>(std::lround(*t * 10));
  in.special = b.Bool("special", false).value_or(false);
  in.special_reason = b.Str("special_reason", false, 400).value_or("");
  in.decision = b.Str("decision", false, 16);
  in.rule_version = b.Int("rule_version", false);
  if (auto t = b.Str("device_time", false, 64)) {
    in.device_time_ms = ParseRfc3339(*t);
    if (!in.device_time_ms) b.errors().Add("device_time", "format", "须为 RFC 3339 时间 must be an RFC 3339 time");
  }
  if (j.contains("visitor") && !j["visitor"].is_null()) {
    if (!j["visitor"].is_object()) {
      b.errors().Add("visitor", "type", "须为对象 must be an object");
    } else {
      JsonBody v(j["visitor"]);
      VisitorInput vi;
      vi.name = v.Str("name", false, 100).value_or("");
      vi.phone = v.Str("phone", false, 32).value_or("");
      vi.reason = v.Str("reason", false, 400).value_or("");
      vi.host_household_id = v.Int("host_household_id", false);
      for (const auto& e : v.errors().list()) b.errors().Add("visitor." + e.field, e.rule, e.message);
      in.visitor = std::move(vi);
    }
  }
  for (const auto& e : b.errors().list()) in.parse_errors.push_back(e);
  return in;
}

void CheckDays(const std::optional<std::string>& from, const std::optional<std::string>& to) {
  for (auto [name, d] : {std::pair{"from", &from}, std::pair{"to", &to}})
    if (*d && !IsValidDay(**d))
      throw Error(ErrorCode::kBadRequest, std::string("查询参数 ") + name + " 须为 YYYY-MM-DD", {{name, "format", "YYYY-MM-DD"}});
}

EventFilter FilterFrom(const Request& req) {
  EventFilter f;
  f.from_day = http::QueryStr(req, "from");
  f.to_day = http::QueryStr(req, "to");
  CheckDays(f.from_day, f.to_day);
  f.point_id = http::QueryInt(req, "point_id");
  f.household_id = http::QueryInt(req, "household_id");
  f.decision = http::QueryStr(req, "decision");
  f.reason = http::QueryStr(req, "reason");
  f.direction = http::QueryStr(req, "direction");
  f.conflicts_only = http::QueryBool(req, "conflicts").value_or(false);
  f.before_id = http::AfterIdFromToken(req);
  f.limit = http::PageSize(req);
  return f;
}

const char* kEventInputSchema = R"({"type":"object","required":["client_key","point_id","direction","temperature"],"properties":{
 "client_key":{"type":"string","format":"uuid"},"point_id":{"type":"integer","description":"a community_gate point in your subtree"},
 "direction":{"type":"string","enum":["out","in"]},"token":{"type":"string","description":"the QR text FKP1.<token>"},
 "short_code":{"type":"string","description":"the 8-character code printed on the card"},"person_id":{"type":"integer","description":"which member, for household passes"},
 "visitor":{"type":"object","properties":{"name":{"type":"string"},"phone":{"type":"string"},"reason":{"type":"string"},"host_household_id":{"type":"integer"}}},
 "temperature":{"type":"number","minimum":34.0,"maximum":43.0},"special":{"type":"boolean"},"special_reason":{"type":"string"},
 "decision":{"type":"string","enum":["allow","refuse","handover"],"description":"what the phone showed (offline); absent: the server decides"},
 "rule_version":{"type":"integer"},"device_time":{"type":"string","format":"date-time"}}})";
const char* kEventSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"client_key":{"type":"string"},"point_id":{"type":"integer"},
 "point_name":{"type":"string"},"unit_id":{"type":"integer"},"day":{"type":"string"},"direction":{"type":"string"},"pass_id":{"type":["integer","null"]},
 "household_id":{"type":["integer","null"]},"person_id":{"type":["integer","null"]},"person_name_masked":{"type":["string","null"]},"is_staff":{"type":"boolean"},
 "visitor":{"type":["object","null"]},"temperature":{"type":"number"},"special_reason":{"type":"string"},
 "decision":{"type":"string","enum":["allow","refuse","handover"]},"reason":{"type":"string","enum":["fever","staff","not_resident","visitor","return","special","outside_hours","quota","resident","device","device_refused"]},
 "server_decision":{"type":"string"},"server_reason":{"type":"string"},"disagreement":{"type":"boolean"},"counts_quota":{"type":"boolean"},"rule_version":{"type":"integer"},
 "at":{"type":"string"},"local_time":{"type":"string"},"server_time":{"type":"string"},"due_at":{"type":["string","null"]},"returned_at":{"type":["string","null"]},
 "overdue":{"type":"boolean"},"conflict":{"type":"boolean"},"note":{"type":"string"},"handover_id":{"type":["integer","null"]},
 "quota_used":{"type":"array","items":{"type":"object","properties":{"event_id":{"type":"integer"},"person_id":{"type":"integer"},"name_masked":{"type":"string"},"at":{"type":"string"},"local_time":{"type":"string"}}}},
 "message":{"type":"string","description":"for a quota refusal: 本户 张* 已于 09:12 外出"}}})";
const char* kBatchSchema = R"({"type":"object","required":["records"],"properties":{"records":{"type":"array","maxItems":500,"items":{"$ref":"#/components/schemas/GateEventInput"}}}})";
const char* kBatchResultSchema = R"({"type":"object","properties":{"results":{"type":"array","items":{"type":"object","properties":{
 "client_key":{"type":"string"},"status":{"type":"string","enum":["created","duplicate","invalid"]},"event":{"$ref":"#/components/schemas/GateEvent"},"errors":{"type":"array"}}}}}})";
const char* kPassSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"household_id":{"type":"integer"},
 "person_id":{"type":["integer","null"]},"holder_name_masked":{"type":["string","null"]},"kind":{"type":"string","enum":["household","personal"]},"address":{"type":"string"},
 "active":{"type":"boolean"},"issued_at":{"type":"string"},"revoked_at":{"type":["string","null"]},"revoke_reason":{"type":"string"},
 "token":{"type":"string","description":"only when issued"},"short_code":{"type":"string","description":"only when issued"},"qr_text":{"type":"string","description":"only when issued"}}})";
const char* kIssueSchema = R"({"type":"object","properties":{"household_ids":{"type":"array","items":{"type":"integer"}},"person_ids":{"type":"array","items":{"type":"integer"}}}})";
const char* kRulesSchema = R"({"type":"object","properties":{"version":{"type":"integer"},"unit_id":{"type":["integer","null"]},"unit_name":{"type":"string"},
 "rules":{"type":"object","properties":{"quota_mode":{"type":"string","enum":["per_day","every_n_days"]},"quota_exits":{"type":"integer"},"quota_days":{"type":"integer"},
 "hours_from":{"type":"string"},"hours_to":{"type":"string"},"max_out_minutes":{"type":"integer"},"fever_threshold":{"type":"number"},
 "visitors_allowed":{"type":"boolean"},"staff_exempt":{"type":"boolean"},"special_allowed":{"type":"boolean"}}},
 "note":{"type":"string"},"created_at":{"type":"string"},"created_by_name":{"type":"string"}}})";
const char* kRulesInputSchema = R"({"type":"object","required":["unit_id","rules"],"properties":{"unit_id":{"type":"integer"},"rules":{"type":"object"},"note":{"type":"string"}}})";
const char* kPackSchema = R"({"type":"object","properties":{"point_id":{"type":"integer"},"point_name":{"type":"string"},"unit_id":{"type":"integer"},"as_of":{"type":"string"},
 "rules":{"$ref":"#/components/schemas/GateRules"},"window_start":{"type":"string"},"window_end":{"type":"string"},
 "passes":{"type":"array","items":{"type":"object","properties":{"pass_id":{"type":"integer"},"household_id":{"type":"integer"},"person_id":{"type":["integer","null"]},
 "kind":{"type":"string"},"token_hash":{"type":"string","description":"SHA-256 hex of the token"},"code_hash":{"type":"string","description":"SHA-256 hex of the short code"},
 "members":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"name_masked":{"type":"string"},"is_staff":{"type":"boolean"},"special_kind":{"type":"string"}}}}}}},
 "quota":{"type":"array","items":{"type":"object","description":"household_id, person_id, name_masked, at, local_time"}}}})";
const char* kHouseholdSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"address":{"type":"string"},
 "members":{"type":"array","items":{"type":"object"}},"passes":{"type":"array","items":{"$ref":"#/components/schemas/GatePass"}}}})";

}  // namespace

void RegisterRoutes(http::Router& router, GateService& svc) {
  router.AddSchema("GateEventInput", kEventInputSchema);
  router.AddSchema("GateEvent", kEventSchema);
  router.AddSchema("GateEventList", http::PageSchemaOf("GateEvent"));
  router.AddSchema("GateEventBatch", kBatchSchema);
  router.AddSchema("GateEventBatchResult", kBatchResultSchema);
  router.AddSchema("GatePass", kPassSchema);
  router.AddSchema("GatePassList", http::PageSchemaOf("GatePass"));
  router.AddSchema("GatePassIssue", kIssueSchema);
  router.AddSchema("GateRules", kRulesSchema);
  router.AddSchema("GateRulesInput", kRulesInputSchema);
  router.AddSchema("GateRulesList", http::PageSchemaOf("GateRules"));
  router.AddSchema("GateOfflinePack", kPackSchema);
  router.AddSchema("GateHousehold", kHouseholdSchema);
  router.AddSchema("GateHouseholdList", http::PageSchemaOf("GateHousehold"));

  auto add = [&](const char* method, const char* pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "gate";
    router.Add(RouteInfo{method, pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  const int tz = svc.tz_offset_minutes();
  auto reply = [&svc, tz](int status, const Event& e) { return http::JsonReply(status, ToJson(e, svc.now(), tz)); };

  // ---- rules ----
  add("GET", "/api/v1/residents/gate-rules", "residents:household:read",
      {"门岗规则 The gate rules in force for a unit (its own, else the nearest ancestor's, else the city default)", "",
       {{"unit_id", "integer", "the unit (required)"}}, "", "GateRules"},
      [&svc](Request& req) {
        auto unit = http::QueryInt(req, "unit_id");
        if (!unit) throw Error(ErrorCode::kBadRequest, "unit_id 必填 unit_id is required", {{"unit_id", "required", ""}});
        return http::JsonReply(200, RulesJson(svc.RulesForUnit(http::PrincipalOf(req), *unit)));
      });
  add("GET", "/api/v1/residents/gate-rules/versions", "residents:household:read",
      {"门岗规则版本 Every version a unit saved, newest first", "", {{"unit_id", "integer", "the unit (required)"}}, "",
       "GateRulesList"},
      [&svc](Request& req) {
        auto unit = http::QueryInt(req, "unit_id");
        if (!unit) throw Error(ErrorCode::kBadRequest, "unit_id 必填 unit_id is required", {{"unit_id", "required", ""}});
        Json items = Json::array();
        for (const auto& v : svc.ListRuleVersions(http::PrincipalOf(req), *unit)) items.push_back(VersionJson(v));
        return http::JsonReply(200, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("POST", "/api/v1/residents/gate-rules", "residents:gate:write",
      {"发布门岗规则 Save a unit's gate rules as a new version", "", {}, "GateRulesInput", "GateRules", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto unit = b.Int("unit_id", true);
        if (!b.json().contains("rules") || !b.json()["rules"].is_object())
          b.errors().Add("rules", "required", "须为对象 rules must be an object");
        auto note = b.Str("note", false, 200);
        b.Finish();
        auto v = svc.SaveRules(http::PrincipalOf(req), http::ActorOf(req), *unit, b.json()["rules"].dump(),
                               note.value_or(""));
        return http::JsonReply(201, VersionJson(v));
      });

  // ---- passes ----
  add("POST", "/api/v1/residents/passes:issue", "residents:household:write",
      {"发放通行证 Issue passes (a holder's previous pass is revoked); the token and short code appear only in this reply",
       "", {}, "GatePassIssue", "GatePassList", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        std::vector<int64_t> households, persons;
        for (auto [field, out] : {std::pair{"household_ids", &households}, std::pair{"person_ids", &persons}}) {
          if (!b.json().contains(field) || b.json()[field].is_null()) continue;
          if (!b.json()[field].is_array()) {
            b.errors().Add(field, "type", "须为整数数组 must be an array of integers");
            continue;
          }
          for (const auto& v : b.json()[field]) {
            if (!v.is_number_integer()) {
              b.errors().Add(field, "type", "须为整数数组 must be an array of integers");
              break;
            }
            out->push_back(v.get<int64_t>());
          }
        }
        b.Finish();
        Json items = Json::array();
        for (const auto& i : svc.Issue(http::PrincipalOf(req), http::ActorOf(req), households, persons))
          items.push_back(IssuedJson(i, {}));
        return http::JsonReply(201, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("GET", "/api/v1/residents/passes", "residents:household:read",
      {"通行证 Passes (no tokens: only their digests are stored)", "",
       {{"unit_id", "integer", "unit subtree"}, {"household_id", "integer", ""}, {"active", "boolean", ""},
        {"page_size", "integer", ""}, {"page_token", "string", ""}},
       "", "GatePassList"},
      [&svc](Request& req) {
        store::PassFilter f;
        f.unit_id = http::QueryInt(req, "unit_id");
        f.household_id = http::QueryInt(req, "household_id");
        f.active = http::QueryBool(req, "active");
        f.before_id = http::AfterIdFromToken(req);
        f.limit = http::PageSize(req);
        return http::JsonReply(200, http::PageJson(svc.ListPasses(http::PrincipalOf(req), f), f.limit, PassJson));
      });
  add("GET", "/api/v1/residents/passes:households", "residents:household:read",
      {"住户与通行证 Households of a subtree with members (masked) and active passes", "",
       {{"unit_id", "integer", "unit subtree (default: yours)"}, {"page_size", "integer", ""}, {"page_token", "string", ""}},
       "", "GateHouseholdList"},
      [&svc](Request& req) {
        int limit = http::PageSize(req);
        auto rows = svc.Households(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), http::AfterIdFromToken(req), limit);
        return http::JsonReply(200, http::PageJson(rows, limit, [](const store::HouseholdRow& h) {
          Json members = Json::array(), passes = Json::array();
          for (const auto& m : h.members) members.push_back(MemberJson(m));
          for (const auto& p : h.passes) passes.push_back(PassJson(p));
          return Json{{"id", h.id}, {"unit_id", h.unit_id}, {"unit_name", h.unit_name}, {"address", h.address},
                      {"members", members}, {"passes", passes}};
        }));
      });
  add("POST", "/api/v1/residents/passes/{id}:revoke", "residents:household:write",
      {"作废通行证 Revoke a pass", "", {}, "", "GatePass"}, [&svc](Request& req) {
        std::string reason;
        if (!req.body.empty()) {
          JsonBody b(req.body);
          reason = b.Str("reason", false, 200).value_or("");
          b.Finish();
        }
        return http::JsonReply(200, PassJson(svc.Revoke(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), reason)));
      });
  add("POST", "/api/v1/residents/passes/{id}:reissue", "residents:household:write",
      {"补发通行证 Revoke a pass and issue its holder a new one (token shown once)", "", {}, "", "GatePass", 201},
      [&svc](Request& req) {
        return http::JsonReply(201, IssuedJson(svc.Reissue(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req)), {}));
      });

  // ---- events ----
  add("POST", "/api/v1/residents/gate-events", "residents:gate:write",
      {"门岗登记 Record a gate event and get the decision (idempotent by client_key)", "", {}, "GateEventInput",
       "GateEvent", 201},
      [&svc, reply](Request& req) {
        EventInput in = EventFrom(JsonBody(req.body).json());
        EventResult r = svc.Record(http::PrincipalOf(req), in);
        return reply(r.created ? 201 : 200, r.event);
      });
  add("POST", "/api/v1/residents/gate-events:batch", "residents:gate:write",
      {"门岗离线同步 Replay up to 500 gate events (offline phones); conflicts are recorded, never dropped", "", {},
       "GateEventBatch", "GateEventBatchResult"},
      [&svc, tz](Request& req) {
        JsonBody body(req.body);
        if (!body.json().contains("records") || !body.json()["records"].is_array())
          throw Error::Validation({{"records", "required", "须为数组 records must be an array"}});
        std::vector<EventInput> inputs;
        for (const auto& item : body.json()["records"]) {
          if (!item.is_object()) {
            EventInput bad;
            bad.parse_errors.push_back({"record", "type", "须为对象 must be an object", 0});
            inputs.push_back(std::move(bad));
          } else {
            inputs.push_back(EventFrom(item));
          }
        }
        Json out = Json::array();
        int64_t now = svc.now();
        for (const auto& r : svc.RecordBatch(http::PrincipalOf(req), inputs)) {
          Json item = {{"client_key", r.client_key}, {"status", r.status}};
          if (r.event) item["event"] = ToJson(*r.event, now, tz);
          if (!r.errors.empty()) {
            Json errs = Json::array();
            for (const auto& e : r.errors) errs.push_back({{"field", e.field}, {"rule", e.rule}, {"message", e.message}});
            item["errors"] = errs;
          }
          out.push_back(std::move(item));
        }
        return http::JsonReply(200, {{"results", out}});
      });
  std::vector<ParamDoc> filters = {{"from", "string", "first day"}, {"to", "string", "last day"},
                                   {"point_id", "integer", ""},     {"household_id", "integer", ""},
                                   {"decision", "string", "allow, refuse, handover"},
                                   {"reason", "string", ""},        {"direction", "string", "out, in"},
                                   {"conflicts", "boolean", "only conflicts"},
                                   {"page_size", "integer", ""},    {"page_token", "string", ""}};
  add("GET", "/api/v1/residents/gate-events", "residents:household:read",
      {"出入记录 Gate events, newest first (names masked)", "", filters, "", "GateEventList"},
      [&svc, tz](Request& req) {
        EventFilter f = FilterFrom(req);
        int64_t now = svc.now();
        return http::JsonReply(200, http::PageJson(svc.ListEvents(http::PrincipalOf(req), f), f.limit,
                                                   [now, tz](const Event& e) { return ToJson(e, now, tz); }));
      });
  add("GET", "/api/v1/residents/gate-events/{id}", "residents:household:read",
      {"出入记录详情 One gate event", "", {}, "", "GateEvent"},
      [&svc, reply](Request& req) { return reply(200, svc.GetEvent(http::PrincipalOf(req), http::IdParam(req))); });
  add("GET", "/api/v1/residents/gate/conflicts", "residents:household:read",
      {"离线冲突 Exits beyond the quota let through by gates that were offline", "",
       {{"point_id", "integer", ""}, {"page_size", "integer", ""}, {"page_token", "string", ""}}, "", "GateEventList"},
      [&svc, tz](Request& req) {
        EventFilter f = FilterFrom(req);
        f.conflicts_only = true;
        int64_t now = svc.now();
        return http::JsonReply(200, http::PageJson(svc.ListEvents(http::PrincipalOf(req), f), f.limit,
                                                   [now, tz](const Event& e) { return ToJson(e, now, tz); }));
      });
  add("GET", "/api/v1/residents/gate/out", "residents:household:read",
      {"外出未归 People out now (open exits), overdue ones flagged", "", {{"point_id", "integer", "the gate's community"}},
       "", "GateEventList"},
      [&svc, tz](Request& req) {
        auto rows = svc.CurrentlyOut(http::PrincipalOf(req), http::QueryInt(req, "point_id"));
        int64_t now = svc.now();
        Json items = Json::array();
        for (const auto& e : rows) items.push_back(ToJson(e, now, tz));
        return http::JsonReply(200, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("POST", "/api/v1/residents/gate/out:sweep", "residents:gate:write",
      {"标记超时未归 Mark every exit past its time out as overdue (each counted once)", "", {}, "", ""},
      [&svc](Request& req) { return http::JsonReply(200, {{"marked", svc.SweepOverdue(http::PrincipalOf(req))}}); });
  add("GET", "/api/v1/residents/gate/offline-pack", "residents:gate:write",
      {"门岗离线包 What a phone needs to decide offline: rules, pass digests, members (masked), quota state", "",
       {{"point_id", "integer", "a community gate (required)"}}, "", "GateOfflinePack"},
      [&svc, tz](Request& req) {
        auto point = http::QueryInt(req, "point_id");
        if (!point) throw Error(ErrorCode::kBadRequest, "point_id 必填 point_id is required", {{"point_id", "required", ""}});
        OfflinePack pack = svc.Pack(http::PrincipalOf(req), *point);
        Json passes = Json::array(), quota = Json::array();
        for (const auto& p : pack.passes) {
          Json members = Json::array();
          for (const auto& m : p.members) members.push_back(MemberJson(m));
          passes.push_back({{"pass_id", p.pass_id}, {"household_id", p.household_id}, {"person_id", OptId(p.person_id)},
                            {"kind", p.kind}, {"token_hash", p.token_hash}, {"code_hash", p.code_hash}, {"address", p.address},
                            {"members", members}});
        }
        for (const auto& [hid, u] : pack.quota) {
          Json q = QuotaJson(u, tz);
          q["household_id"] = hid;
          quota.push_back(std::move(q));
        }
        return http::JsonReply(200, {{"point_id", pack.point_id}, {"point_name", pack.point_name},
                                     {"unit_id", pack.unit_id}, {"unit_name", pack.unit_name},
                                     {"as_of", pack.as_of}, {"tz_offset_minutes", tz},
                                     {"rules", RulesJson(pack.rules)}, {"window_start", pack.window_start},
                                     {"window_end", pack.window_end}, {"passes", passes}, {"quota", quota}});
      });
}

}  // namespace fk::gate
