// The home-observation rules (居家观察规则) as data, and the pure day
// arithmetic they drive: how long a period lasts, which days a round is due,
// when the day's deadline falls in the city's time zone, what is a fever.
// A RuleSet is immutable once parsed; every function here is pure and safe
// from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fk::observation {

struct RuleSet {
  int default_length_days = 14;
  int deadline_minutes = 20 * 60;  // minutes after local midnight (0–1440): the day's report is due by then
  int fever_threshold = 373;       // tenths of °C
};

RuleSet DefaultRules();
// Parses and validates a rules document; every problem is a field error
// (default_length_days 1–60, deadline "HH:MM" 00:00–24:00, fever_threshold 35.0–40.0).
// Throws fk::Error(kValidation) listing them, kBadRequest when not an object.
RuleSet ParseRules(std::string_view json);
std::string RulesToJson(const RuleSet& rules);

// The last day of a period of `length_days` starting on start_day (day 1).
std::string EndDay(const std::string& start_day, int length_days);
// The days a round is due: start_day .. min(end_day, today), in order.
std::vector<std::string> DaysDue(const std::string& start_day, const std::string& end_day, const std::string& today);
// The day after / before.
std::string NextDay(const std::string& day);
std::string PrevDay(const std::string& day);
// UTC ms of the deadline of `day` at the offset.
int64_t DeadlineMs(const RuleSet& rules, const std::string& day, int tz_offset_minutes);
// True when the round of `day` is missed at `now_ms` (now is at or after its deadline).
bool IsPastDeadline(const RuleSet& rules, const std::string& day, int64_t now_ms, int tz_offset_minutes);
bool IsFever(const RuleSet& rules, int temperature_tenths);

}  // namespace fk::observation
