#include "gate/rules.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace fk::gate {
namespace {

using Json = nlohmann::json;

// "HH:MM" → minutes, -1 when malformed. "24:00" is allowed as the end of a day.
int ParseHm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return -1;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

std::string FormatHm(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

}  // namespace

GateRules DefaultGateRules() { return GateRules{}; }

GateRules ParseGateRules(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error::BadRequest("规则须为 JSON 对象 rules must be a JSON object");
  FieldErrors errs;
  GateRules r;
  auto integer = [&](const char* f, int lo, int hi, int& out) {
    if (!j.contains(f)) return;
    if (!j[f].is_number_integer()) return errs.Add(f, "type", "须为整数 must be an integer");
    int v = j[f].get<int>();
    if (v < lo || v > hi)
      return errs.Add(f, "range", "须在 " + std::to_string(lo) + "–" + std::to_string(hi) + " must be " +
                                      std::to_string(lo) + " to " + std::to_string(hi));
    out = v;
  };
  auto boolean = [&](const char* f, bool& out) {
    if (!j.contains(f)) return;
    if (!j[f].is_boolean()) return errs.Add(f, "type", "须为 true/false must be a boolean");
    out = j[f].get<bool>();
  };
  auto hm = [&](const char* f, int& out) {
    if (!j.contains(f)) return;
    int v = j[f].is_string() ? ParseHm(j[f].get<std::string>()) : -1;
    if (v < 0) return errs.Add(f, "format", "须为 HH:MM must be HH:MM");
    out = v;
  };
  if (j.contains("quota_mode")) {
    if (!j["quota_mode"].is_string() ||
        std::find(kQuotaModes.begin(), kQuotaModes.end(), j["quota_mode"].get<std::string>()) == kQuotaModes.end())
      errs.Add("quota_mode", "enum", "须为 per_day 或 every_n_days must be per_day or every_n_days");
    else
      r.quota_mode = j["quota_mode"].get<std::string>();
  }
  integer("quota_exits", 1, 10, r.quota_exits);
  integer("quota_days", 1, 14, r.quota_days);
  integer("max_out_minutes", 10, 24 * 60, r.max_out_minutes);
  hm("hours_from", r.hours_from);
  hm("hours_to", r.hours_to);
  if (r.hours_from == r.hours_to && j.contains("hours_from"))
    errs.Add("hours_to", "order", "开始与结束相同 from equals to");
  if (j.contains("fever_threshold")) {
    if (!j["fever_threshold"].is_number()) {
      errs.Add("fever_threshold", "type", "须为数字（℃） must be a number in °C");
    } else {
      r.fever_threshold = static_cast<int>(std::lround(j["fever_threshold"].get<double>() * 10));
      if (r.fever_threshold < 350 || r.fever_threshold > 400)
        errs.Add("fever_threshold", "range", "须在 35.0–40.0 ℃ must be 35.0 to 40.0");
    }
  }
  boolean("visitors_allowed", r.visitors_allowed);
  boolean("staff_exempt", r.staff_exempt);
  boolean("special_allowed", r.special_allowed);
  if (r.quota_mode == "per_day") {
    if (j.contains("quota_days") && r.quota_days != 1)
      errs.Add("quota_days", "range", "按天限额时须为 1 must be 1 with per_day");
    r.quota_days = 1;
  } else if (r.quota_days < 2 && !j.contains("quota_days")) {
    r.quota_days = 2;
  } else if (r.quota_days < 2) {
    errs.Add("quota_days", "range", "隔日限额须为 2–14 天 must be 2 to 14 with every_n_days");
  }
  errs.ThrowIfAny();
  return r;
}

std::string GateRulesToJson(const GateRules& r) {
  Json j = {{"quota_mode", r.quota_mode},
            {"quota_exits", r.quota_exits},
            {"quota_days", r.quota_days},
            {"hours_from", FormatHm(r.hours_from)},
            {"hours_to", FormatHm(r.hours_to)},
            {"max_out_minutes", r.max_out_minutes},
            {"fever_threshold", r.fever_threshold / 10.0},
            {"visitors_allowed", r.visitors_allowed},
            {"staff_exempt", r.staff_exempt},
            {"special_allowed", r.special_allowed}};
  return j.dump();
}

bool WithinHours(const GateRules& r, int m) {
  if (r.hours_from < r.hours_to) return m >= r.hours_from && m < r.hours_to;
  return m >= r.hours_from || m < r.hours_to;  // wraps past midnight
}

std::string WindowStart(const GateRules& r, std::string_view day) {
  auto d = ParseDay(day);
  if (!d) return std::string(day);
  int64_t n = DaysFromCivil(*d);
  if (r.quota_days <= 1) return std::string(day);
  // Fixed windows counted from 2020-01-01 so every gate agrees on where a window starts.
  int64_t epoch = DaysFromCivil({2020, 1, 1});
  int64_t offset = ((n - epoch) % r.quota_days + r.quota_days) % r.quota_days;
  return FormatDay(CivilFromDays(n - offset));
}

std::string GateDecision::RefusalColumn() const {
  if (decision == "handover") return "refused_fever";
  if (decision != "refuse") return "";
  if (reason == "quota") return "refused_quota";
  if (reason == "not_resident") return "refused_not_resident";
  return "refused_other";
}

GateDecision Decide(const GateRules& rules, const GateInput& in) {
  if (in.temperature >= rules.fever_threshold) return {"handover", "fever", false};
  if (in.staff && rules.staff_exempt) return {"allow", "staff", false};
  if (!in.resident) {
    if (in.visitor && rules.visitors_allowed) return {"allow", "visitor", false};
    return {"refuse", "not_resident", false};
  }
  if (in.direction == "in") return {"allow", "return", false};
  if (in.special && rules.special_allowed) return {"allow", "special", false};
  if (!WithinHours(rules, in.minute_of_day)) return {"refuse", "outside_hours", false};
  if (in.exits_in_window >= rules.quota_exits) return {"refuse", "quota", false};
  return {"allow", "resident", true};
}

}  // namespace fk::gate
