// HTTP handlers of home observation: parse, call one service method, shape the reply.
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/context.h"
#include "http/json_body.h"
#include "observation/module.h"

namespace fk::observation {
namespace {

using http::Access;
using http::Json;
using http::JsonBody;
using http::ParamDoc;
using http::Request;
using http::Response;
using http::RouteDoc;
using http::RouteInfo;

constexpr const char* kBase = "/api/v1/residents/observation";

Json Temp(const std::optional<int>& t) { return t ? Json(*t / 10.0) : Json(); }
Json OptTime(const std::optional<int64_t>& t) { return t ? Json(FormatRfc3339(*t)) : Json(); }
Json OptId(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }
Json OptStr(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }

Json ToJson(const Period& p) {
  return {{"id", p.id},
          {"person_id", p.person_id},
          {"person_name_masked", p.person_name_masked},
          {"household_id", p.household_id},
          {"household_address", p.household_address},
          {"unit_id", p.unit_id},
          {"unit_name", p.unit_name},
          {"reason", p.reason},
          {"start_day", p.start_day},
          {"length_days", p.length_days},
          {"end_day", p.end_day},
          {"length_reason", p.length_reason},
          {"cadre_id", p.cadre_id},
          {"cadre_name", p.cadre_name},
          {"status", p.status},
          {"rule_version", p.rule_version},
          {"note", p.note},
          {"started_at", FormatRfc3339(p.started_at)},
          {"release_day", OptStr(p.release_day)},
          {"released_at", OptTime(p.released_at)},
          {"release_result", OptStr(p.release_result)},
          {"release_note", p.release_note}};
}

Json ToJson(const Round& r) {
  Json needs = Json::array();
  for (const auto& n : r.needs) needs.push_back({{"kind", n.kind}, {"text", n.text}});
  return {{"id", r.id},
          {"period_id", r.period_id},
          {"person_id", r.person_id},
          {"person_name_masked", r.person_name_masked},
          {"household_address", r.household_address},
          {"unit_id", r.unit_id},
          {"cadre_id", r.cadre_id},
          {"day", r.day},
          {"status", r.status},
          {"late", r.late},
          {"source", OptStr(r.source)},
          {"temperature", Temp(r.temperature)},
          {"symptoms", r.symptoms},
          {"needs", needs},
          {"note", r.note},
          {"client_key", OptStr(r.client_key)},
          {"recorded_at", OptTime(r.recorded_at)},
          {"alert_ids", r.alert_ids}};
}

Json ToJson(const Alert& a) {
  return {{"id", a.id},
          {"kind", a.kind},
          {"period_id", a.period_id},
          {"round_id", a.round_id},
          {"person_id", a.person_id},
          {"person_name_masked", a.person_name_masked},
          {"household_address", a.household_address},
          {"unit_id", a.unit_id},
          {"unit_name", a.unit_name},
          {"cadre_id", a.cadre_id},
          {"cadre_name", a.cadre_name},
          {"day", a.day},
          {"detail", a.detail},
          {"status", a.status},
          {"handover_id", OptId(a.handover_id)},
          {"opened_at", FormatRfc3339(a.opened_at)},
          {"acknowledged_at", OptTime(a.acknowledged_at)},
          {"closed_at", OptTime(a.closed_at)},
          {"close_note", a.close_note}};
}

Json ToJson(const NeedRequest& n) {
  return {{"id", n.id},
          {"round_id", n.round_id},
          {"period_id", n.period_id},
          {"person_id", n.person_id},
          {"person_name_masked", n.person_name_masked},
          {"household_id", n.household_id},
          {"household_address", n.household_address},
          {"unit_id", n.unit_id},
          {"unit_name", n.unit_name},
          {"kind", n.kind},
          {"text", n.text},
          {"day", n.day},
          {"status", n.status},
          {"created_at", FormatRfc3339(n.created_at)},
          {"updated_at", OptTime(n.updated_at)}};
}

Json RulesJson(const RulesVersion& v) {
  return {{"version", v.version},
          {"rules", Json::parse(RulesToJson(v.rules))},
          {"note", v.note},
          {"created_at", v.created_at ? Json(FormatRfc3339(v.created_at)) : Json()}};
}

template <typename T>
Json Page(const std::vector<T>& items, int limit) {
  return http::PageJson(items, limit, [](const T& item) { return ToJson(item); });
}

RoundInput RoundFrom(JsonBody& b) {
  RoundInput in;
  FieldErrors& errs = b.errors();
  in.client_key = b.Str("client_key", false, 64).value_or("");
  in.period_id = b.Int("period_id", false);
  if (auto t = b.Num("temperature", false)) in.temperature = static_cast<int>(std::lround(*t * 10));
  if (auto s = b.StrList("symptoms", false)) in.symptoms = *s;
  in.note = b.Str("note", false, 500).value_or("");
  const Json& j = b.json();
  if (j.contains("needs") && !j["needs"].is_null()) {
    if (!j["needs"].is_array()) {
      errs.Add("needs", "type", "须为数组 must be an array");
    } else {
      size_t i = 0;
      for (const auto& item : j["needs"]) {
        std::string field = "needs[" + std::to_string(i++) + "]";
        if (!item.is_object()) {
          errs.Add(field, "type", "须为 {kind, text} must be {kind, text}");
          continue;
        }
        JsonBody nb(item);
        Need n;
        n.kind = nb.Str("kind", true, 32).value_or("");
        n.text = nb.Str("text", false, 200).value_or("");
        for (const auto& e : nb.errors().list()) errs.Add(field + "." + e.field, e.rule, e.message);
        in.needs.push_back(std::move(n));
      }
    }
  }
  return in;
}

// Field errors of the JSON (types) and of the rules, in one 422.
void Finish(JsonBody& b, const RoundInput& in, bool need_period) {
  FieldErrors& errs = b.errors();
  FieldErrors rules;
  CheckRoundInput(in, need_period, rules);
  for (const auto& e : rules.list()) {
    bool dup = false;
    for (const auto& have : errs.list()) dup = dup || have.field == e.field;
    if (!dup) errs.Add(e.field, e.rule, e.message);
  }
  b.Finish();
}

std::optional<std::string> Day(const Request& req, const char* name) {
  auto d = http::QueryStr(req, name);
  if (d && !IsValidDay(*d))
    throw Error(ErrorCode::kBadRequest, std::string("查询参数 ") + name + " 须为 YYYY-MM-DD query parameter " + name +
                                            " must be a day YYYY-MM-DD",
                {{name, "format", "YYYY-MM-DD"}});
  return d;
}

const char* kPeriodSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"person_id":{"type":"integer"},"person_name_masked":{"type":"string"},
 "household_id":{"type":"integer"},"household_address":{"type":"string"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},
 "reason":{"type":"string","enum":["returned_from_elsewhere","close_contact","other"]},"start_day":{"type":"string","format":"date"},
 "length_days":{"type":"integer"},"end_day":{"type":"string","format":"date"},"length_reason":{"type":"string"},"cadre_id":{"type":"integer"},
 "cadre_name":{"type":"string"},"status":{"type":"string","enum":["active","released"]},"rule_version":{"type":"integer"},"note":{"type":"string"},
 "started_at":{"type":"string"},"release_day":{"type":["string","null"]},"released_at":{"type":["string","null"]},
 "release_result":{"type":["string","null"]},"release_note":{"type":"string"},
 "self_report_token":{"type":"string","description":"only in the reply to start and :self-report-link; the link is /r/{token}"}}})";
const char* kPeriodInputSchema = R"({"type":"object","required":["person_id","start_day"],"properties":{"person_id":{"type":"integer"},
 "reason":{"type":"string","enum":["returned_from_elsewhere","close_contact","other"],"description":"default returned_from_elsewhere for a person marked returned"},
 "start_day":{"type":"string","format":"date"},"length_days":{"type":"integer","minimum":1,"maximum":60,"description":"default from the rules"},
 "length_reason":{"type":"string","description":"required when length_days differs from the rules"},"cadre_id":{"type":"integer","description":"default: the caller"},
 "note":{"type":"string"}}})";
const char* kRoundSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"period_id":{"type":"integer"},"person_id":{"type":"integer"},
 "person_name_masked":{"type":"string"},"household_address":{"type":"string"},"unit_id":{"type":"integer"},"cadre_id":{"type":"integer"},
 "day":{"type":"string","format":"date"},"status":{"type":"string","enum":["due","done","missed","follow_up"]},"late":{"type":"boolean"},
 "source":{"type":["string","null"],"enum":["cadre","self",null]},"temperature":{"type":["number","null"]},"symptoms":{"type":"array","items":{"type":"string"}},
 "needs":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string"},"text":{"type":"string"}}}},"note":{"type":"string"},
 "client_key":{"type":["string","null"]},"recorded_at":{"type":["string","null"]},"alert_ids":{"type":"array","items":{"type":"integer"}}}})";
const char* kRoundInputSchema = R"({"type":"object","required":["client_key","period_id","temperature"],"properties":{"client_key":{"type":"string","format":"uuid"},
 "period_id":{"type":"integer"},"temperature":{"type":"number","minimum":34.0,"maximum":43.0},
 "symptoms":{"type":"array","items":{"type":"string","enum":["fever","cough","fatigue","sore_throat","diarrhea","none"]}},
 "needs":{"type":"array","maxItems":10,"items":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string","enum":["food","medicine","other"]},"text":{"type":"string"}}}},
 "note":{"type":"string"}}})";
const char* kAlertSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"kind":{"type":"string","enum":["missed_round","fever"]},
 "period_id":{"type":"integer"},"round_id":{"type":"integer"},"person_id":{"type":"integer"},"person_name_masked":{"type":"string"},
 "household_address":{"type":"string"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"cadre_id":{"type":"integer"},"cadre_name":{"type":"string"},
 "day":{"type":"string"},"detail":{"type":"string"},"status":{"type":"string","enum":["open","acknowledged","closed"]},"handover_id":{"type":["integer","null"]},
 "opened_at":{"type":"string"},"acknowledged_at":{"type":["string","null"]},"closed_at":{"type":["string","null"]},"close_note":{"type":"string"}}})";
const char* kNeedSchema = R"({"type":"object","properties":{"id":{"type":"integer"},"round_id":{"type":"integer"},"period_id":{"type":"integer"},
 "person_id":{"type":"integer"},"person_name_masked":{"type":"string"},"household_id":{"type":"integer"},"household_address":{"type":"string"},
 "unit_id":{"type":"integer"},"unit_name":{"type":"string"},"kind":{"type":"string","enum":["food","medicine","other"]},"text":{"type":"string"},
 "day":{"type":"string"},"status":{"type":"string","enum":["open","in_progress","done"]},"created_at":{"type":"string"},"updated_at":{"type":["string","null"]}}})";
const char* kRulesSchema = R"({"type":"object","properties":{"version":{"type":"integer","description":"0: built-in defaults"},"rules":{"type":"object","properties":{
 "default_length_days":{"type":"integer"},"deadline":{"type":"string","description":"HH:MM local"},"fever_threshold":{"type":"number"}}},
 "note":{"type":"string"},"created_at":{"type":["string","null"]}}})";
const char* kRulesInputSchema = R"({"type":"object","required":["rules"],"properties":{"rules":{"type":"object","properties":{
 "default_length_days":{"type":"integer","minimum":1,"maximum":60},"deadline":{"type":"string","description":"HH:MM, 00:00 to 24:00"},
 "fever_threshold":{"type":"number","minimum":35.0,"maximum":40.0}}},"note":{"type":"string"}}})";
const char* kBoardSchema = R"({"type":"object","properties":{"day":{"type":"string"},"unit_id":{"type":"integer"},
 "counts":{"type":"object","properties":{"under_observation":{"type":"integer"},"started":{"type":"integer"},"released":{"type":"integer"},
 "rounds_due":{"type":"integer"},"rounds_done":{"type":"integer"},"rounds_missed":{"type":"integer"},"rounds_pending":{"type":"integer"},
 "alerts_opened":{"type":"integer"},"alerts_closed":{"type":"integer"},"needs_opened":{"type":"integer"},"needs_closed":{"type":"integer"},
 "open_alerts":{"type":"integer"},"due_for_release":{"type":"integer"}}},
 "missing":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/ObservationRound"}},"next_page_token":{"type":["string","null"]}}},
 "alerts":{"type":"array","items":{"$ref":"#/components/schemas/ObservationAlert"}}}})";
const char* kDoorSchema = R"({"type":"object","properties":{"day":{"type":"string"},"items":{"type":"array","items":{"type":"object","properties":{
 "period":{"$ref":"#/components/schemas/ObservationPeriod"},"round":{"oneOf":[{"$ref":"#/components/schemas/ObservationRound"},{"type":"null"}]}}}}}})";
const char* kCandidateSchema = R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{
 "person_id":{"type":"integer"},"household_id":{"type":"integer"},"unit_id":{"type":"integer"},"name_masked":{"type":"string"},
 "household_address":{"type":"string"},"unit_name":{"type":"string"},"returned":{"type":"boolean"},"origin_name":{"type":"string"},
 "returned_on":{"type":"string"},"active_period_id":{"type":["integer","null"]},"suggested_reason":{"type":["string","null"]}}}}}})";
const char* kSweepSchema = R"({"type":"object","properties":{"today":{"type":"string"},"rounds_created":{"type":"integer"},"rounds_missed":{"type":"integer"},
 "alerts_opened":{"type":"integer"},"due_for_release":{"type":"integer"}}})";
const char* kSelfReportSchema = R"({"type":"object","properties":{"name_masked":{"type":"string"},"day":{"type":"string"},"end_day":{"type":"string"},
 "deadline":{"type":"string"},"status":{"type":"string","enum":["due","done","missed","not_started","ended"]},
 "today":{"oneOf":[{"type":"null"},{"type":"object","properties":{"status":{"type":"string"},"temperature":{"type":["number","null"]},"late":{"type":"boolean"}}}]}}})";
const char* kSelfReportInputSchema = R"({"type":"object","required":["temperature"],"properties":{"client_key":{"type":"string","format":"uuid"},
 "temperature":{"type":"number"},"symptoms":{"type":"array","items":{"type":"string"}},"needs":{"type":"array","items":{"type":"object"}},"note":{"type":"string"}}})";

// What the resident's page may see of today's round: no names, no cadre, no ids.
Json SelfRoundJson(const Round& r) {
  return {{"status", r.status}, {"temperature", Temp(r.temperature)}, {"late", r.late}, {"day", r.day}};
}

}  // namespace

void RegisterRoutes(http::Router& router, ObservationService& svc) {
  router.AddSchema("ObservationPeriod", kPeriodSchema);
  router.AddSchema("ObservationPeriodInput", kPeriodInputSchema);
  router.AddSchema("ObservationPeriodList", http::PageSchemaOf("ObservationPeriod"));
  router.AddSchema("ObservationRound", kRoundSchema);
  router.AddSchema("ObservationRoundInput", kRoundInputSchema);
  router.AddSchema("ObservationRoundList", http::PageSchemaOf("ObservationRound"));
  router.AddSchema("ObservationAlert", kAlertSchema);
  router.AddSchema("ObservationAlertList", http::PageSchemaOf("ObservationAlert"));
  router.AddSchema("ObservationNeed", kNeedSchema);
  router.AddSchema("ObservationNeedList", http::PageSchemaOf("ObservationNeed"));
  router.AddSchema("ObservationRules", kRulesSchema);
  router.AddSchema("ObservationRulesInput", kRulesInputSchema);
  router.AddSchema("ObservationBoard", kBoardSchema);
  router.AddSchema("ObservationDoorList", kDoorSchema);
  router.AddSchema("ObservationCandidates", kCandidateSchema);
  router.AddSchema("ObservationCadres",
                   R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{)"
                   R"("id":{"type":"integer"},"display_name":{"type":"string"},"unit_id":{"type":"integer"},"unit_name":{"type":"string"}}}}}})");
  router.AddSchema("ObservationSweep", kSweepSchema);
  router.AddSchema("SelfReport", kSelfReportSchema);
  router.AddSchema("SelfReportInput", kSelfReportInputSchema);
  router.AddSchema("ObservationLengthInput", R"({"type":"object","required":["length_days","reason"],"properties":{"length_days":{"type":"integer"},"reason":{"type":"string"}}})");
  router.AddSchema("ObservationReleaseInput", R"({"type":"object","required":["result"],"properties":{"result":{"type":"string","enum":["normal","handed_over","moved_away","other"]},"note":{"type":"string"}}})");
  router.AddSchema("ObservationCloseInput", R"({"type":"object","required":["note"],"properties":{"note":{"type":"string"}}})");
  router.AddSchema("ObservationNeedUpdate", R"({"type":"object","required":["status"],"properties":{"status":{"type":"string","enum":["in_progress","done"]}}})");
  router.AddSchema("SelfReportLink", R"({"type":"object","properties":{"self_report_token":{"type":"string"},"path":{"type":"string"}}})");

  auto add = [&](const char* method, const std::string& pattern, const char* perm, RouteDoc doc,
                 std::function<Response(Request&)> h) {
    doc.tag = "observation";
    router.Add(RouteInfo{method, std::string(kBase) + pattern, Access::kPermission, perm, std::move(doc), std::move(h), {}});
  };
  auto add_public = [&](const char* method, const std::string& pattern, RouteDoc doc, std::function<Response(Request&)> h) {
    doc.tag = "observation";
    router.Add(RouteInfo{method, std::string(kBase) + pattern, Access::kPublic, "", std::move(doc), std::move(h), {}});
  };
  std::vector<ParamDoc> paging = {{"page_size", "integer", ""}, {"page_token", "string", ""}};
  auto with = [&](std::vector<ParamDoc> extra) {
    extra.insert(extra.end(), paging.begin(), paging.end());
    return extra;
  };

  // ---- rules ----
  add("GET", "/rules", "residents:observation:read",
      {"居家观察规则 The current observation rules (length, daily deadline, fever threshold)", "", {}, "", "ObservationRules"},
      [&svc](Request&) { return http::JsonReply(200, RulesJson(svc.GetRules())); });
  add("POST", "/rules", "residents:observation:manage",
      {"发布新版观察规则 Save the observation rules as a new version", "", {}, "ObservationRulesInput", "ObservationRules", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        if (!b.json().contains("rules") || !b.json()["rules"].is_object())
          throw Error::Validation({{"rules", "required", "须为对象 rules must be an object"}});
        std::string note = b.Str("note", false, 200).value_or("");
        b.Finish();
        return http::JsonReply(201, RulesJson(svc.SaveRules(http::PrincipalOf(req), http::ActorOf(req),
                                                            b.json()["rules"].dump(), note)));
      });

  // ---- periods ----
  add("POST", "/periods", "residents:observation:write",
      {"开始居家观察 Start an observation period for a person (409 when one is active)", "", {}, "ObservationPeriodInput",
       "ObservationPeriod", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        PeriodInput in;
        in.person_id = b.Int("person_id", false);
        in.cadre_id = b.Int("cadre_id", false);
        in.reason = b.Str("reason", false, 64).value_or("");
        in.start_day = b.Str("start_day", false, 10).value_or("");
        if (auto n = b.Int("length_days", false)) in.length_days = static_cast<int>(std::clamp<int64_t>(*n, -1, 1000));
        in.length_reason = b.Str("length_reason", false, 200).value_or("");
        in.note = b.Str("note", false, 500).value_or("");
        in.parse_errors = b.errors().list();
        StartResult r = svc.StartPeriod(http::PrincipalOf(req), http::ActorOf(req), in);
        Json j = ToJson(r.period);
        j["self_report_token"] = r.self_report_token;
        return http::JsonReply(201, j);
      });
  add("GET", "/periods", "residents:observation:read",
      {"观察记录 List observation periods (newest first)", "",
       with({{"unit_id", "integer", "unit subtree"}, {"status", "string", "active, released"}, {"person_id", "integer", ""},
             {"mine", "boolean", "only periods I am responsible for"}, {"due_for_release", "boolean", "active past their end day"}}),
       "", "ObservationPeriodList"},
      [&svc](Request& req) {
        PeriodFilter f;
        f.status = http::QueryStr(req, "status");
        f.person_id = http::QueryInt(req, "person_id");
        if (http::QueryBool(req, "mine").value_or(false)) f.cadre_id = http::PrincipalOf(req).user_id;
        f.due_for_release = http::QueryBool(req, "due_for_release").value_or(false);
        f.before_id = http::AfterIdFromToken(req);
        f.limit = http::PageSize(req);
        return http::JsonReply(200, Page(svc.ListPeriods(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), f), f.limit));
      });
  add("GET", "/periods/{id}", "residents:observation:read", {"观察记录详情 Get a period", "", {}, "", "ObservationPeriod"},
      [&svc](Request& req) { return http::JsonReply(200, ToJson(svc.GetPeriod(http::PrincipalOf(req), http::IdParam(req)))); });
  add("GET", "/periods/{id}/rounds", "residents:observation:read",
      {"观察期每日记录 Every round of a period, by day", "", {}, "", "ObservationRoundList"}, [&svc](Request& req) {
        auto rounds = svc.PeriodRounds(http::PrincipalOf(req), http::IdParam(req));
        Json items = Json::array();
        for (const auto& r : rounds) items.push_back(ToJson(r));
        return http::JsonReply(200, {{"items", items}, {"next_page_token", nullptr}});
      });
  add("POST", "/periods/{id}:change-length", "residents:observation:write",
      {"调整观察天数 Change the length of a period (reason required, audited)", "", {}, "ObservationLengthInput", "ObservationPeriod"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        auto n = b.Int("length_days", false);
        std::string reason = b.Str("reason", false, 200).value_or("");
        b.Finish();
        std::optional<int> len;
        if (n) len = static_cast<int>(std::clamp<int64_t>(*n, -1, 1000));
        return http::JsonReply(200, ToJson(svc.ChangeLength(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), len, reason)));
      });
  add("POST", "/periods/{id}:release", "residents:observation:write",
      {"解除观察 Release a period (the release record)", "", {}, "ObservationReleaseInput", "ObservationPeriod"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        std::string result = b.Str("result", false, 32).value_or("");
        std::string note = b.Str("note", false, 500).value_or("");
        b.Finish();
        return http::JsonReply(200, ToJson(svc.Release(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), result, note)));
      });
  add("POST", "/periods/{id}:self-report-link", "residents:observation:write",
      {"重新生成自报链接 Issue a new self-report link (the old one stops working)", "", {}, "", "SelfReportLink"},
      [&svc](Request& req) {
        std::string token = svc.NewSelfReportToken(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req));
        return http::JsonReply(200, {{"self_report_token", token}, {"path", "/r/" + token}});
      });
  add("GET", "/cadres", "residents:observation:write",
      {"可选责任人 Who may be the responsible cadre of a person of the unit: active users of the unit or an ancestor "
       "whose roles grant residents:observation:write (nearest unit first)",
       "", {{"unit_id", "integer", "the person's unit (required)"}}, "", "ObservationCadres"},
      [&svc](Request& req) {
        auto unit_id = http::QueryInt(req, "unit_id");
        if (!unit_id) throw Error::Validation({{"unit_id", "required", "必填 required"}});
        Json out = Json::array();
        for (const auto& c : svc.Cadres(http::PrincipalOf(req), *unit_id))
          out.push_back({{"id", c.user_id}, {"display_name", c.display_name}, {"unit_id", c.unit_id}, {"unit_name", c.unit_name}});
        return http::JsonReply(200, {{"items", out}});
      });
  add("GET", "/candidates", "residents:observation:read",
      {"可登记人员 Persons on file who may start a period (names masked)", "",
       {{"unit_id", "integer", "unit subtree"}, {"name", "string", "name prefix"}, {"returned", "boolean", "only persons marked returned"}},
       "", "ObservationCandidates"},
      [&svc](Request& req) {
        auto items = svc.Candidates(http::PrincipalOf(req), http::QueryInt(req, "unit_id"),
                                    http::QueryStr(req, "name").value_or(""), http::QueryBool(req, "returned").value_or(false));
        Json out = Json::array();
        for (const auto& c : items)
          out.push_back({{"person_id", c.person_id},
                         {"household_id", c.household_id},
                         {"unit_id", c.unit_id},
                         {"name_masked", c.name_masked},
                         {"household_address", c.household_address},
                         {"unit_name", c.unit_name},
                         {"returned", c.returned},
                         {"origin_name", c.origin_name},
                         {"returned_on", c.returned_on},
                         {"active_period_id", OptId(c.active_period_id)},
                         {"suggested_reason", c.returned ? Json("returned_from_elsewhere") : Json()}});
        return http::JsonReply(200, {{"items", out}});
      });

  // ---- rounds ----
  add("POST", "/rounds", "residents:observation:write",
      {"记录今日询问 Record today's round for a period (idempotent by client_key; after the end: a follow-up)", "", {},
       "ObservationRoundInput", "ObservationRound", 201},
      [&svc](Request& req) {
        JsonBody b(req.body);
        RoundInput in = RoundFrom(b);
        Finish(b, in, true);
        RecordResult r = svc.RecordRound(http::PrincipalOf(req), in);
        return http::JsonReply(r.created ? 201 : 200, ToJson(r.round));
      });
  add("GET", "/door-list", "residents:observation:read",
      {"今日上门名单 Today's door-to-door list: active periods with today's round, not yet done first", "",
       {{"mine", "boolean", "only my persons (default true)"}, {"unit_id", "integer", "unit subtree"}}, "", "ObservationDoorList"},
      [&svc](Request& req) {
        auto items = svc.DoorList(http::PrincipalOf(req), http::QueryBool(req, "mine").value_or(true), http::QueryInt(req, "unit_id"));
        Json out = Json::array();
        for (const auto& i : items) out.push_back({{"period", ToJson(i.period)}, {"round", i.round ? ToJson(*i.round) : Json()}});
        return http::JsonReply(200, {{"day", svc.Today()}, {"items", out}});
      });

  // ---- self-report (public: the token is the credential) ----
  add_public("GET", "/self-report/{token}",
             {"居民自报页信息 What a resident's self-report link may see (masked name, today's status); rate limited", "", {}, "",
              "SelfReport"},
             [&svc](Request& req) {
               SelfReportView v = svc.SelfReportInfo(req.Param("token"), req.remote_ip);
               return http::JsonReply(200, {{"name_masked", v.name_masked},
                                            {"day", v.day},
                                            {"end_day", v.end_day},
                                            {"deadline", v.deadline},
                                            {"status", v.status},
                                            {"today", v.today ? SelfRoundJson(*v.today) : Json()}});
             });
  add_public("POST", "/self-report/{token}",
             {"居民自报今日体温 A resident reports today's temperature (one per day; a second report answers 200 with the first)",
              "", {}, "SelfReportInput", "SelfReport", 201},
             [&svc](Request& req) {
               JsonBody b(req.body);
               RoundInput in = RoundFrom(b);
               in.period_id.reset();
               Finish(b, in, false);
               RecordResult r = svc.SelfReport(req.Param("token"), req.remote_ip, in);
               return http::JsonReply(r.created ? 201 : 200, {{"status", r.round.status}, {"today", SelfRoundJson(r.round)}});
             });

  // ---- alerts ----
  add("GET", "/alerts", "residents:observation:read",
      {"预警 List alerts (newest first)", "",
       with({{"unit_id", "integer", "unit subtree"}, {"status", "string", "open, acknowledged, closed"},
             {"open", "boolean", "open or acknowledged"}, {"kind", "string", "missed_round, fever"},
             {"mine", "boolean", "only alerts to me as the responsible cadre"}}),
       "", "ObservationAlertList"},
      [&svc](Request& req) {
        AlertFilter f;
        f.status = http::QueryStr(req, "status");
        f.kind = http::QueryStr(req, "kind");
        f.open_only = http::QueryBool(req, "open").value_or(false);
        f.before_id = http::AfterIdFromToken(req);
        f.limit = http::PageSize(req);
        return http::JsonReply(200, Page(svc.ListAlerts(http::PrincipalOf(req), http::QueryInt(req, "unit_id"),
                                                        http::QueryBool(req, "mine").value_or(false), f),
                                         f.limit));
      });
  add("POST", "/alerts/{id}:acknowledge", "residents:observation:write",
      {"确认预警 Acknowledge an open alert", "", {}, "", "ObservationAlert"}, [&svc](Request& req) {
        return http::JsonReply(200, ToJson(svc.Acknowledge(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req))));
      });
  add("POST", "/alerts/{id}:close", "residents:observation:write",
      {"关闭预警 Close an alert with a note", "", {}, "ObservationCloseInput", "ObservationAlert"}, [&svc](Request& req) {
        JsonBody b(req.body);
        std::string note = b.Str("note", false, 500).value_or("");
        b.Finish();
        return http::JsonReply(200, ToJson(svc.CloseAlert(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), note)));
      });

  // ---- needs ----
  add("GET", "/needs", "residents:observation:read",
      {"居民需求 Needs captured in rounds (newest first)", "",
       with({{"unit_id", "integer", "unit subtree"}, {"status", "string", "open, in_progress, done"}, {"kind", "string", "food, medicine, other"}}),
       "", "ObservationNeedList"},
      [&svc](Request& req) {
        NeedFilter f;
        f.status = http::QueryStr(req, "status");
        f.kind = http::QueryStr(req, "kind");
        f.before_id = http::AfterIdFromToken(req);
        f.limit = http::PageSize(req);
        return http::JsonReply(200, Page(svc.ListNeeds(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), f), f.limit));
      });
  add("PATCH", "/needs/{id}", "residents:observation:write",
      {"更新需求状态 Move a need to in_progress or done", "", {}, "ObservationNeedUpdate", "ObservationNeed"},
      [&svc](Request& req) {
        JsonBody b(req.body);
        std::string status = b.Str("status", false, 32).value_or("");
        b.Finish();
        return http::JsonReply(200, ToJson(svc.SetNeedStatus(http::PrincipalOf(req), http::ActorOf(req), http::IdParam(req), status)));
      });

  // ---- the board ----
  add("GET", "/board", "residents:observation:read",
      {"居家观察看板 The board of a unit on a day: counts, rounds still missing (paged), open alerts", "",
       with({{"unit_id", "integer", "unit subtree (default: mine)"}, {"day", "string", "YYYY-MM-DD (default: today)"}}), "",
       "ObservationBoard"},
      [&svc](Request& req) {
        int limit = http::PageSize(req);
        Board b = svc.GetBoard(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), Day(req, "day"), http::AfterIdFromToken(req), limit);
        Json missing = Json::array();
        for (const auto& r : b.missing) missing.push_back(ToJson(r));
        Json alerts = Json::array();
        for (const auto& a : b.alerts) alerts.push_back(ToJson(a));
        bool more = b.missing.size() == static_cast<size_t>(limit);
        const auto& k = b.counts;
        return http::JsonReply(
            200, {{"day", b.day},
                  {"unit_id", b.unit_id},
                  {"counts",
                   {{"under_observation", k.under_observation}, {"started", k.started}, {"released", k.released},
                    {"rounds_due", k.rounds_due}, {"rounds_done", k.rounds_done}, {"rounds_missed", k.rounds_missed},
                    {"rounds_pending", k.rounds_due - k.rounds_done - k.rounds_missed}, {"alerts_opened", k.alerts_opened},
                    {"alerts_closed", k.alerts_closed}, {"needs_opened", k.needs_opened}, {"needs_closed", k.needs_closed},
                    {"open_alerts", b.open_alerts}, {"due_for_release", b.due_for_release}}},
                  {"missing", {{"items", missing}, {"next_page_token", more ? Json(std::to_string(b.missing.back().id)) : Json()}}},
                  {"alerts", alerts}});
      });

  // ---- sweep ----
  router.Add(RouteInfo{"POST", "/api/v1/residents/observation:sweep", Access::kPermission, "residents:observation:manage",
                       RouteDoc{"立即巡检 Run the sweep now: create today's due rounds, mark missed ones and raise alerts "
                                "(idempotent; the server also runs it every observation.sweep_seconds)",
                                "observation", {}, "", "ObservationSweep"},
                       [&svc](Request&) {
                         SweepResult r = svc.SweepNow();
                         return http::JsonReply(200, {{"today", r.today},
                                                      {"rounds_created", r.rounds_created},
                                                      {"rounds_missed", r.rounds_missed},
                                                      {"alerts_opened", r.alerts_opened},
                                                      {"due_for_release", r.due_for_release}});
                       },
                       {}});
}

}  // namespace fk::observation
