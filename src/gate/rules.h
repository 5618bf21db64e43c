// The gate rules (门岗规则) of closed communities as data, and the pure
// decision a gate takes from the "four distinctions" (四个区分: temperature
// normal or not, resident or not, staff or not, special circumstance or not)
// and the household's quota (一天一户一人一次, or as the community sets it).
// A GateRules value is immutable once parsed; Decide is a pure function (no
// I/O, no clock), safe from any thread. The phone runs the same logic
// (web/src/utils/gateRules.ts); both are tested against
// tests/fixtures/gate_decisions.json.
// Failures: ParseGateRules throws fk::Error (kValidation with every bad field,
// kBadRequest for text that is not a JSON object).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace fk::gate {

inline const std::vector<std::string> kQuotaModes = {"per_day", "every_n_days"};
inline const std::vector<std::string> kDirections = {"out", "in"};
inline const std::vector<std::string> kDecisions = {"allow", "refuse", "handover"};
// Why a decision was taken. The refusals map to community_daily columns:
// fever → refused_fever, quota → refused_quota, not_resident → refused_not_resident,
// outside_hours → refused_other.
inline const std::vector<std::string> kReasons = {"fever",  "staff",   "not_resident", "visitor", "return",
                                                  "special", "outside_hours", "quota", "resident"};

struct GateRules {
  std::string quota_mode = "per_day";  // per_day | every_n_days
  int quota_exits = 1;                 // exits per household per window (1–10)
  int quota_days = 1;                  // window length in local days (per_day: 1; every_n_days: 2–14)
  int hours_from = 6 * 60;             // allowed exit hours, local minutes since midnight [from, to)
  int hours_to = 20 * 60;
  int max_out_minutes = 240;           // an exit not closed by a return after this is overdue
  int fever_threshold = 373;           // tenths of °C
  bool visitors_allowed = false;       // non-residents may be registered as visitors
  bool staff_exempt = true;            // staff pass without quota or hours
  bool special_allowed = true;         // special circumstances (medical, emergency) pass with a reason

  bool operator==(const GateRules&) const = default;
};

// Parses and validates a rules document (JSON text); every problem is a field error.
GateRules ParseGateRules(std::string_view json);
// The canonical JSON (hours as "HH:MM", threshold in °C).
std::string GateRulesToJson(const GateRules& rules);
// The city default when no unit has rules of its own (version 0).
GateRules DefaultGateRules();

// What the gate knows about the person in front of it.
struct GateInput {
  std::string direction = "out";  // out | in
  int temperature = 365;          // tenths of °C
  bool resident = false;          // holds a valid pass of this community (household member or personal)
  bool staff = false;             // on file as staff (is_staff)
  bool special = false;           // a special circumstance is claimed, with its reason
  bool visitor = false;           // registered as a visitor (name, reason, host household)
  int minute_of_day = 600;        // local time of the event, minutes since midnight
  int exits_in_window = 0;        // quota-counted exits of the household in the current window
};

struct GateDecision {
  std::string decision;        // allow | refuse | handover
  std::string reason;          // one of kReasons
  bool counts_quota = false;   // an allowed exit that uses the household's quota
  std::string RefusalColumn() const;  // the community_daily column of a refusal, "" when allowed
};

GateDecision Decide(const GateRules& rules, const GateInput& in);

// True when minute_of_day lies in the allowed hours (a window may wrap past midnight).
bool WithinHours(const GateRules& rules, int minute_of_day);
// The first local day (YYYY-MM-DD) of the quota window that contains `day`.
std::string WindowStart(const GateRules& rules, std::string_view day);

}  // namespace fk::gate
