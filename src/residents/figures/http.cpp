// HTTP handler of the community figures: parse, call the service, shape the reply.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/context.h"
#include "http/json_body.h"
#include "residents/figures/module.h"

namespace fk::residents::figures {
namespace {

using http::Access;
using http::Json;
using http::Request;
using http::Response;
using http::RouteInfo;

constexpr size_t kN = static_cast<size_t>(Daily::kCount_);

Json CountsJson(const DailyCounts& c) {
  Json j = Json::object();
  for (size_t i = 0; i < kN; ++i) j[DailyColumns()[i]] = c[i];
  return j;
}

Json StocksJson(const DailyCounts& cumulative) {
  Stocks s = StocksOf(cumulative);
  return {{"households_on_file", s.households_on_file},
          {"persons_on_file", s.persons_on_file},
          {"under_observation", s.under_observation}};
}

DailyCounts Plus(DailyCounts a, const DailyCounts& b) {
  for (size_t i = 0; i < kN; ++i) a[i] += b[i];
  return a;
}

std::string CountsSchema() {
  std::string props;
  for (size_t i = 0; i < kN; ++i)
    props += std::string(i ? "," : "") + "\"" + DailyColumns()[i] + "\":{\"type\":\"integer\"}";
  return R"({"type":"object","properties":{)" + props + "}}";
}

const char* kStocksSchema =
    R"({"type":"object","properties":{"households_on_file":{"type":"integer"},"persons_on_file":{"type":"integer"},
 "under_observation":{"type":"integer","description":"observation_started − observation_released up to the day"}}})";
const char* kFiguresSchema = R"({"type":"object","properties":{
 "unit":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"level":{"type":"string"}}},
 "from":{"type":"string","format":"date"},"to":{"type":"string","format":"date"},"as_of":{"type":"string","format":"date-time"},
 "columns":{"type":"array","items":{"type":"string"}},
 "days":{"type":"array","items":{"type":"object","description":"day, every column of that day, cumulative (every column from the beginning) and stocks",
  "properties":{"day":{"type":"string"},"cumulative":{"$ref":"#/components/schemas/CommunityCounts"},"stocks":{"$ref":"#/components/schemas/CommunityStocks"}}}},
 "totals":{"$ref":"#/components/schemas/CommunityCounts"},"cumulative":{"$ref":"#/components/schemas/CommunityCounts"},
 "stocks":{"$ref":"#/components/schemas/CommunityStocks"},
 "children":{"type":"array","items":{"type":"object","properties":{"unit_id":{"type":"integer"},"unit_name":{"type":"string"},"level":{"type":"string"},
  "self":{"type":"boolean"},"has_children":{"type":"boolean"},"totals":{"$ref":"#/components/schemas/CommunityCounts"},
  "stocks":{"$ref":"#/components/schemas/CommunityStocks"}}}}}})";

}  // namespace

void RegisterRoutes(http::Router& router, FiguresService& svc) {
  router.AddSchema("CommunityCounts", CountsSchema());
  router.AddSchema("CommunityStocks", kStocksSchema);
  router.AddSchema("CommunityFigures", kFiguresSchema);
  router.Add(RouteInfo{
      "GET",
      "/api/v1/residents/figures",
      Access::kPermission,
      "residents:household:read",
      {"社区统计 Community figures of a unit subtree: by day, cumulative, stocks, totals, by child unit",
       "residents",
       {{"unit_id", "integer", "unit subtree (default: yours)"},
        {"from", "string", "first day YYYY-MM-DD (default: to − 13)"},
        {"to", "string", "last day (default: today); at most 366 days"}},
       "",
       "CommunityFigures"},
      [&svc](Request& req) {
        Figures f = svc.Get(http::PrincipalOf(req), http::QueryInt(req, "unit_id"), http::QueryStr(req, "from"),
                            http::QueryStr(req, "to"));
        Json days = Json::array();
        DailyCounts running = f.before_from;
        for (int64_t n = DaysFromCivil(*ParseDay(f.from)), end = DaysFromCivil(*ParseDay(f.to)); n <= end; ++n) {
          std::string day = FormatDay(CivilFromDays(n));
          auto it = f.days.find(day);
          DailyCounts c = it == f.days.end() ? DailyCounts{} : it->second;
          running = Plus(running, c);
          Json j = CountsJson(c);
          j["day"] = day;
          j["cumulative"] = CountsJson(running);
          j["stocks"] = StocksJson(running);
          days.push_back(std::move(j));
        }
        Json children = Json::array();
        for (const auto& c : f.children)
          children.push_back({{"unit_id", c.unit_id},
                              {"unit_name", c.unit_name},
                              {"level", c.level},
                              {"self", c.self},
                              {"has_children", c.has_children},
                              {"totals", CountsJson(c.range)},
                              {"stocks", StocksJson(c.up_to)}});
        Json columns = Json::array();
        for (auto* c : DailyColumns()) columns.push_back(c);
        return http::JsonReply(200, {{"unit", {{"id", f.unit_id}, {"name", f.unit_name}, {"level", f.unit_level}}},
                                     {"from", f.from},
                                     {"to", f.to},
                                     {"as_of", FormatRfc3339(f.as_of)},
                                     {"columns", columns},
                                     {"days", days},
                                     {"totals", CountsJson(f.range)},
                                     {"cumulative", CountsJson(running)},
                                     {"stocks", StocksJson(running)},
                                     {"children", children}});
      },
      {}});
}

}  // namespace fk::residents::figures
