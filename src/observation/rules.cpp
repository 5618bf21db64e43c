#include "observation/rules.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"

namespace fk::observation {
namespace {

using Json = nlohmann::json;

std::string AddDays(const std::string& day, int64_t n) {
  auto d = ParseDay(day);
  if (!d) throw Error::BadRequest("bad day " + day);
  return FormatDay(CivilFromDays(DaysFromCivil(*d) + n));
}

std::string FormatMinutes(int m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

}  // namespace

RuleSet DefaultRules() { return RuleSet{}; }

RuleSet ParseRules(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error::BadRequest("规则须为 JSON 对象 rules must be a JSON object");
  FieldErrors errs;
  RuleSet r;
  if (!j.contains("default_length_days") || !j["default_length_days"].is_number_integer()) {
    errs.Add("default_length_days", "required", "观察天数必填（整数） the default length in days is required");
  } else {
    r.default_length_days = j["default_length_days"].get<int>();
    if (r.default_length_days < 1 || r.default_length_days > 60)
      errs.Add("default_length_days", "range", "须在 1–60 天 must be 1 to 60 days");
  }
  if (!j.contains("deadline") || !j["deadline"].is_string()) {
    errs.Add("deadline", "required", "每日截止时间必填，如 20:00 the daily deadline HH:MM is required");
  } else {
    std::string d = j["deadline"].get<std::string>();
    int h = -1, m = -1;
    if (d.size() == 5 && d[2] == ':' && std::isdigit(static_cast<unsigned char>(d[0])) &&
        std::isdigit(static_cast<unsigned char>(d[1])) && std::isdigit(static_cast<unsigned char>(d[3])) &&
        std::isdigit(static_cast<unsigned char>(d[4]))) {
      h = (d[0] - '0') * 10 + (d[1] - '0');
      m = (d[3] - '0') * 10 + (d[4] - '0');
    }
    if (h < 0 || m > 59 || h * 60 + m > 24 * 60)
      errs.Add("deadline", "format", "须为 HH:MM，00:00–24:00 must be HH:MM from 00:00 to 24:00");
    else
      r.deadline_minutes = h * 60 + m;
  }
  if (!j.contains("fever_threshold") || !j["fever_threshold"].is_number()) {
    errs.Add("fever_threshold", "required", "发热阈值必填，单位℃ the fever threshold in °C is required");
  } else {
    r.fever_threshold = static_cast<int>(std::lround(j["fever_threshold"].get<double>() * 10));
    if (r.fever_threshold < 350 || r.fever_threshold > 400)
      errs.Add("fever_threshold", "range", "须在 35.0–40.0 ℃ must be 35.0 to 40.0");
  }
  errs.ThrowIfAny();
  return r;
}

std::string RulesToJson(const RuleSet& r) {
  return Json{{"default_length_days", r.default_length_days},
              {"deadline", FormatMinutes(r.deadline_minutes)},
              {"fever_threshold", r.fever_threshold / 10.0}}
      .dump();
}

std::string EndDay(const std::string& start_day, int length_days) { return AddDays(start_day, length_days - 1); }
std::string NextDay(const std::string& day) { return AddDays(day, 1); }
std::string PrevDay(const std::string& day) { return AddDays(day, -1); }

std::vector<std::string> DaysDue(const std::string& start_day, const std::string& end_day, const std::string& today) {
  std::vector<std::string> out;
  std::string last = end_day < today ? end_day : today;
  for (std::string d = start_day; d <= last; d = NextDay(d)) out.push_back(d);
  return out;
}

int64_t DeadlineMs(const RuleSet& rules, const std::string& day, int tz_offset_minutes) {
  return DayStartUtcMs(day, tz_offset_minutes) + static_cast<int64_t>(rules.deadline_minutes) * 60'000;
}

bool IsPastDeadline(const RuleSet& rules, const std::string& day, int64_t now_ms, int tz_offset_minutes) {
  return now_ms >= DeadlineMs(rules, day, tz_offset_minutes);
}

bool IsFever(const RuleSet& rules, int t) { return t >= rules.fever_threshold; }

}  // namespace fk::observation
