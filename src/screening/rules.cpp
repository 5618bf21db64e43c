#include "screening/rules.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace fk::screening {
namespace {

using Json = nlohmann::json;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string FormatTenths(int t) { return std::to_string(t / 10) + "." + std::to_string(t % 10); }

}  // namespace

Figures FiguresOf(const Passage& p) {
  Figures f;
  bool vehicle = p.vehicle_kind != "on_foot";
  f.vehicles = vehicle ? 1 : 0;
  f.people = p.people;
  f.people_tested = p.people_tested;
  if (p.decision == "turned_back") {
    f.vehicles_turned_back = vehicle ? 1 : 0;
    f.people_turned_back = p.people;
  }
  f.fever = p.fever_count;
  f.handovers = static_cast<int64_t>(p.handover_ids.size());
  return f;
}

RuleSet DefaultRules() {
  RuleSet r;
  r.fever_threshold = 373;
  r.turn_back_origins = {{"42", "湖北省"}};
  r.exempt_purposes = {"freight", "medical", "official", "home"};
  return r;
}

RuleSet ParseRules(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error::BadRequest("规则须为 JSON 对象 rules must be a JSON object");
  FieldErrors errs;
  RuleSet r;
  if (!j.contains("fever_threshold") || !j["fever_threshold"].is_number()) {
    errs.Add("fever_threshold", "required", "发热阈值必填，单位℃ the fever threshold in °C is required");
  } else {
    double t = j["fever_threshold"].get<double>();
    r.fever_threshold = static_cast<int>(std::lround(t * 10));
    if (r.fever_threshold < 350 || r.fever_threshold > 400)
      errs.Add("fever_threshold", "range", "须在 35.0–40.0 ℃ must be 35.0 to 40.0");
  }
  if (j.contains("turn_back_origins")) {
    if (!j["turn_back_origins"].is_array()) {
      errs.Add("turn_back_origins", "type", "须为数组 must be an array");
    } else {
      int i = 0;
      for (const auto& o : j["turn_back_origins"]) {
        std::string field = "turn_back_origins[" + std::to_string(i++) + "]";
        if (!o.is_object()) {
          errs.Add(field, "type", "须为 {code, name} must be {code, name}");
          continue;
        }
        OriginRule rule;
        if (o.contains("code") && o["code"].is_string()) rule.code = o["code"].get<std::string>();
        if (o.contains("name") && o["name"].is_string()) rule.name = o["name"].get<std::string>();
        if (!rule.code.empty() && (!AllDigits(rule.code) || rule.code.size() < 2 || rule.code.size() > 12))
          errs.Add(field + ".code", "format", "行政区划代码前缀，2–12 位数字 a division code prefix of 2 to 12 digits");
        if (rule.code.empty() && rule.name.empty())
          errs.Add(field, "required", "须填写代码或名称 give a code or a name");
        if (rule.name.size() > 100) errs.Add(field + ".name", "length", "最多 100 字节 at most 100 bytes");
        r.turn_back_origins.push_back(std::move(rule));
      }
      if (r.turn_back_origins.size() > 500) errs.Add("turn_back_origins", "max_items", "最多 500 项 at most 500");
    }
  }
  if (j.contains("exempt_purposes")) {
    if (!j["exempt_purposes"].is_array()) {
      errs.Add("exempt_purposes", "type", "须为数组 must be an array");
    } else {
      for (const auto& p : j["exempt_purposes"]) {
        if (!p.is_string() || std::find(kPurposes.begin(), kPurposes.end(), p.get<std::string>()) == kPurposes.end()) {
          errs.Add("exempt_purposes", "enum", "未知事由 unknown purpose");
          continue;
        }
        if (std::find(r.exempt_purposes.begin(), r.exempt_purposes.end(), p.get<std::string>()) == r.exempt_purposes.end())
          r.exempt_purposes.push_back(p.get<std::string>());
      }
    }
  }
  errs.ThrowIfAny();
  return r;
}

std::string RulesToJson(const RuleSet& r) {
  Json origins = Json::array();
  for (const auto& o : r.turn_back_origins) origins.push_back({{"code", o.code}, {"name", o.name}});
  Json j = {{"fever_threshold", r.fever_threshold / 10.0},
            {"turn_back_origins", origins},
            {"exempt_purposes", r.exempt_purposes}};
  return j.dump();
}

Suggestion Suggest(const RuleSet& rules, const std::vector<Occupant>& occupants, std::string_view origin_code,
                   std::string_view origin_name, std::string_view purpose) {
  Suggestion s;
  int highest = 0;
  for (const auto& o : occupants)
    if (o.temperature && *o.temperature >= rules.fever_threshold) {
      ++s.fever_count;
      highest = std::max(highest, *o.temperature);
    }
  if (s.fever_count > 0) {
    s.decision = "fever_handover";
    s.reason = "体温" + FormatTenths(highest) + "℃";
    return s;
  }
  bool exempt = std::find(rules.exempt_purposes.begin(), rules.exempt_purposes.end(), purpose) !=
                rules.exempt_purposes.end();
  if (!exempt) {
    for (const auto& o : rules.turn_back_origins) {
      bool match = !origin_code.empty() ? (!o.code.empty() && origin_code.substr(0, o.code.size()) == o.code)
                                        : (!o.name.empty() && origin_name.substr(0, o.name.size()) == o.name);
      if (match) {
        s.decision = "turned_back";
        s.reason = "来自" + (o.name.empty() ? o.code : o.name) + "（劝返地区）";
        return s;
      }
    }
  }
  s.decision = "pass";
  return s;
}

}  // namespace fk::screening
