// The checkpoint rules (卡口工作规范) as data, and the decision they suggest.
// A RuleSet is immutable once parsed; Suggest is a pure function, safe from
// any thread. The same table runs in the phone app (web/src/utils); both are
// tested against tests/fixtures/screening_decisions.json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "screening/model.h"

namespace fk::screening {

struct OriginRule {
  std::string code;  // division code prefix: 2 (province), 4 (city), 6 (county) digits or more
  std::string name;  // 湖北省; matched as a name prefix when a passage has no origin code
};

struct RuleSet {
  int fever_threshold = 373;  // tenths of °C
  std::vector<OriginRule> turn_back_origins;
  std::vector<std::string> exempt_purposes;
};

// Parses and validates a rules document (JSON text); every problem is a field
// error (fever_threshold range 35.0–40.0, codes 2–12 digits, known purposes).
RuleSet ParseRules(std::string_view json);
// The canonical JSON of a rule set (what is stored and sent to phones).
std::string RulesToJson(const RuleSet& rules);
// The rules a new database starts with.
RuleSet DefaultRules();

struct Suggestion {
  std::string decision;  // pass, turned_back, fever_handover
  int fever_count = 0;
  std::string reason;    // why, in Chinese: "体温37.8℃", "来自湖北省（劝返地区）"
};

Suggestion Suggest(const RuleSet& rules, const std::vector<Occupant>& occupants, std::string_view origin_code,
                   std::string_view origin_name, std::string_view purpose);

}  // namespace fk::screening
