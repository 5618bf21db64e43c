// HTTP handler of the dashboard: parse, call the service, shape the reply,
// and answer a poll whose figures did not change with 304 Not Modified.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "command/dashboard/module.h"
#include "http/context.h"
#include "http/json_body.h"

namespace fk::command::dashboard {
namespace {

using http::Access;
using http::Json;
using http::Request;
using http::Response;
using http::RouteInfo;

constexpr size_t kN = static_cast<size_t>(residents::Daily::kCount_);

Json ScreeningJson(const screening::Figures& f) {
  return {{"vehicles", f.vehicles},
          {"people", f.people},
          {"people_tested", f.people_tested},
          {"vehicles_turned_back", f.vehicles_turned_back},
          {"people_turned_back", f.people_turned_back},
          {"fever", f.fever},
          {"handovers", f.handovers},
          {"handovers_receipted", f.handovers_receipted}};
}

Json CommunityJson(const residents::DailyCounts& c) {
  Json j = Json::object();
  for (size_t i = 0; i < kN; ++i) j[residents::DailyColumns()[i]] = c[i];
  return j;
}

int64_t At(const residents::DailyCounts& c, residents::Daily col) {
  return c[static_cast<size_t>(col)];
}

Json BlockJson(const Block& b) {
  return {{"screening", ScreeningJson(b.screening)}, {"community", CommunityJson(b.community)}};
}

// Stocks from the running sums: what is on file and open on the day.
Json StocksJson(const residents::DailyCounts& c) {
  using residents::Daily;
  return {{"households_on_file", At(c, Daily::kHouseholdsAdded) - At(c, Daily::kHouseholdsRemoved)},
          {"persons_on_file", At(c, Daily::kPersonsAdded) - At(c, Daily::kPersonsRemoved)},
          {"under_observation", At(c, Daily::kObservationStarted) - At(c, Daily::kObservationReleased)},
          {"open_alerts", At(c, Daily::kAlertsOpened) - At(c, Daily::kAlertsClosed)},
          {"open_needs", At(c, Daily::kNeedsOpened) - At(c, Daily::kNeedsClosed)}};
}

// The decisions broken down: checkpoint passed / turned back / fever, gate refusals by reason.
Json DecisionsJson(const Block& b) {
  using residents::Daily;
  const auto& s = b.screening;
  return {{"vehicles_passed", s.vehicles - s.vehicles_turned_back},
          {"vehicles_turned_back", s.vehicles_turned_back},
          {"people_passed", s.people - s.people_turned_back},
          {"people_turned_back", s.people_turned_back},
          {"fever", s.fever},
          {"gate_refused",
           {{"fever", At(b.community, Daily::kRefusedFever)},
            {"quota", At(b.community, Daily::kRefusedQuota)},
            {"not_resident", At(b.community, Daily::kRefusedNotResident)},
            {"other", At(b.community, Daily::kRefusedOther)}}}};
}

Json PlaceJson(const Place& p) {
  return {{"kind", p.kind}, {"id", p.id}, {"name", p.name}, {"level", p.level}};
}

Json DashboardJson(const Dashboard& d) {
  Json path = Json::array();
  for (const auto& p : d.path) path.push_back(PlaceJson(p));
  Json trend = Json::array();
  for (const auto& t : d.trend) {
    Json j = BlockJson(t.figures);
    j["day"] = t.day;
    trend.push_back(std::move(j));
  }
  Json children = Json::array();
  for (const auto& c : d.children) {
    Json j = PlaceJson(c.place);
    j["has_children"] = c.has_children;
    j["today"] = BlockJson(c.today);
    j["cumulative"] = BlockJson(c.cumulative);
    children.push_back(std::move(j));
  }
  Json cumulative = BlockJson(d.cumulative);
  cumulative["stocks"] = StocksJson(d.cumulative.community);
  return {{"target", PlaceJson(d.target)},
          {"path", path},
          {"parent", d.path.size() >= 2 ? PlaceJson(d.path[d.path.size() - 2]) : Json()},
          {"day", d.day},
          {"from", d.from},
          {"days", d.days},
          {"latest_day", d.latest_day ? Json(*d.latest_day) : Json()},
          {"today", BlockJson(d.today)},
          {"cumulative", cumulative},
          {"decisions", {{"today", DecisionsJson(d.today)}, {"cumulative", DecisionsJson(d.cumulative)}}},
          {"trend", trend},
          {"children", children}};
}

std::string CommunitySchema() {
  std::string props;
  for (size_t i = 0; i < kN; ++i)
    props += std::string(i ? "," : "") + "\"" + residents::DailyColumns()[i] + "\":{\"type\":\"integer\"}";
  return R"({"type":"object","properties":{)" + props + "}}";
}

const char* kScreeningSchema =
    R"({"type":"object","properties":{"vehicles":{"type":"integer"},"people":{"type":"integer"},
 "people_tested":{"type":"integer"},"vehicles_turned_back":{"type":"integer"},"people_turned_back":{"type":"integer"},
 "fever":{"type":"integer"},"handovers":{"type":"integer"},"handovers_receipted":{"type":"integer"}}})";
const char* kBlockSchema =
    R"({"type":"object","properties":{"screening":{"$ref":"#/components/schemas/DashboardScreening"},
 "community":{"$ref":"#/components/schemas/DashboardCommunity"}}})";
const char* kPlaceSchema = R"({"type":"object","properties":{"kind":{"type":"string","enum":["unit","point","self"]},
 "id":{"type":"integer"},"name":{"type":"string"},"level":{"type":"string","description":"unit level, or point kind"}}})";
const char* kDecisionsSchema = R"({"type":"object","properties":{"vehicles_passed":{"type":"integer"},
 "vehicles_turned_back":{"type":"integer"},"people_passed":{"type":"integer"},"people_turned_back":{"type":"integer"},
 "fever":{"type":"integer"},"gate_refused":{"type":"object","properties":{"fever":{"type":"integer"},
 "quota":{"type":"integer"},"not_resident":{"type":"integer"},"other":{"type":"integer"}}}}})";
const char* kDashboardSchema =
    R"({"type":"object","description":"ETag on every 200; If-None-Match with the same ETag answers 304",
 "properties":{
 "target":{"$ref":"#/components/schemas/DashboardPlace"},
 "path":{"type":"array","items":{"$ref":"#/components/schemas/DashboardPlace"},"description":"breadcrumb from the caller's unit"},
 "parent":{"oneOf":[{"$ref":"#/components/schemas/DashboardPlace"},{"type":"null"}]},
 "day":{"type":"string","format":"date"},"from":{"type":"string","format":"date"},"days":{"type":"integer"},
 "latest_day":{"type":["string","null"],"format":"date","description":"latest day with any rollup row in the scope"},
 "today":{"$ref":"#/components/schemas/DashboardBlock"},
 "cumulative":{"type":"object","properties":{"screening":{"$ref":"#/components/schemas/DashboardScreening"},
  "community":{"$ref":"#/components/schemas/DashboardCommunity"},
  "stocks":{"type":"object","properties":{"households_on_file":{"type":"integer"},"persons_on_file":{"type":"integer"},
   "under_observation":{"type":"integer"},"open_alerts":{"type":"integer"},"open_needs":{"type":"integer"}}}}},
 "decisions":{"type":"object","properties":{"today":{"$ref":"#/components/schemas/DashboardDecisions"},
  "cumulative":{"$ref":"#/components/schemas/DashboardDecisions"}}},
 "trend":{"type":"array","items":{"type":"object","properties":{"day":{"type":"string","format":"date"},
  "screening":{"$ref":"#/components/schemas/DashboardScreening"},"community":{"$ref":"#/components/schemas/DashboardCommunity"}}}},
 "children":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string"},"id":{"type":"integer"},
  "name":{"type":"string"},"level":{"type":"string"},"has_children":{"type":"boolean"},
  "today":{"$ref":"#/components/schemas/DashboardBlock"},"cumulative":{"$ref":"#/components/schemas/DashboardBlock"}}}}}})";

}  // namespace

std::string EtagOf(const std::string& text) {
  uint64_t h = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string("\"d-") + buf + "\"";
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  size_t i = 0;
  while (i < if_none_match.size()) {
    size_t comma = if_none_match.find(',', i);
    std::string item = if_none_match.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    item = b == std::string::npos ? "" : item.substr(b, e - b + 1);
    if (item.rfind("W/", 0) == 0) item = item.substr(2);  // weak comparison, as RFC 9110 asks for If-None-Match
    if (item == "*" || item == etag) return true;
    if (comma == std::string::npos) break;
    i = comma + 1;
  }
  return false;
}

void RegisterRoutes(http::Router& router, DashboardService& svc) {
  router.AddSchema("DashboardScreening", kScreeningSchema);
  router.AddSchema("DashboardCommunity", CommunitySchema());
  router.AddSchema("DashboardBlock", kBlockSchema);
  router.AddSchema("DashboardPlace", kPlaceSchema);
  router.AddSchema("DashboardDecisions", kDecisionsSchema);
  router.AddSchema("Dashboard", kDashboardSchema);
  router.Add(
      RouteInfo{"GET",
                "/api/v1/command/dashboard",
                Access::kPermission,
                "command:dashboard:read",
                {"指挥看板 The command dashboard of a unit or point: today, cumulative, trend, decisions, children; "
                 "ETag / If-None-Match → 304",
                 "command",
                 {{"unit_id", "integer", "unit (default: yours); city, town, community or estate"},
                  {"point_id", "integer", "one point instead of a unit"},
                  {"day", "string", "local day YYYY-MM-DD (default: today in the city)"},
                  {"days", "integer", "trend length 1–92 (default 14)"}},
                 "",
                 "Dashboard"},
                [&svc](Request& req) {
                  DashboardQuery q{http::QueryInt(req, "unit_id"), http::QueryInt(req, "point_id"),
                                   http::QueryStr(req, "day"), http::QueryStr(req, "days")};
                  Dashboard d = svc.Get(http::PrincipalOf(req), q);
                  Json body = DashboardJson(d);
                  // The validator covers the figures, not the moment of reading.
                  std::string text = body.dump();
                  std::string etag = EtagOf(text);
                  Response r;
                  r.SetHeader("ETag", etag);
                  if (EtagMatches(req.Header("if-none-match"), etag)) {
                    r.status = 304;
                    return r;
                  }
                  // as_of goes in front of the figures' text: one serialisation for the hash and the reply.
                  r = Response::Json(200, "{\"as_of\":\"" + FormatRfc3339(d.as_of) + "\"," + text.substr(1));
                  r.SetHeader("ETag", etag);
                  return r;
                },
                {}});
}

}  // namespace fk::command::dashboard
