// The rules evaluators: checkpoint rules (screening/rules.h), gate rules (gate/rules.h) and
// home-observation rules (observation/rules.h). Byte 0 picks the module; then the rules JSON
// (FuzzedDataProvider::ConsumeRandomLengthString: ends at a backslash followed by another
// character) and the fuzzed facts to decide on.
// Oracles: parsing throws only fk::Error (validation or bad request); the canonical JSON of
// parsed rules parses back to the same rules; a decision is always one of the enumerated
// outcomes and agrees with its own facts (a fever above the threshold is handed over, a
// quota-counted exit is an allowed one, ...).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "gate/rules.h"
#include "observation/rules.h"
#include "screening/rules.h"
#include "support/fuzz_app.h"

namespace {

using fk::fuzz::Fail;

template <typename Parse>
bool ParseOrExpectedError(Parse parse, const std::string& json) {
  try {
    parse();
    return true;
  } catch (const fk::Error& e) {
    if (e.code() != fk::ErrorCode::kValidation && e.code() != fk::ErrorCode::kBadRequest)
      Fail("parsing rules threw " + std::string(e.what()) + " for " + json);
    return false;
  }
}

std::string Day(FuzzedDataProvider& in) {
  // Valid days between 1900 and 2100, as the services pass them.
  auto d = fk::CivilFromDays(in.ConsumeIntegralInRange<int64_t>(-25567, 47482));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

void Screening(FuzzedDataProvider& in) {
  std::string json = in.ConsumeRandomLengthString(4096);
  fk::screening::RuleSet rules;
  if (!ParseOrExpectedError([&] { rules = fk::screening::ParseRules(json); }, json)) rules = fk::screening::DefaultRules();
  std::string canonical = fk::screening::RulesToJson(rules);
  fk::screening::RuleSet again;
  if (!ParseOrExpectedError([&] { again = fk::screening::ParseRules(canonical); }, canonical))
    Fail("the canonical screening rules do not parse: " + canonical);
  if (fk::screening::RulesToJson(again) != canonical) Fail("screening rules: no round trip for " + canonical);

  std::vector<fk::screening::Occupant> occupants(in.ConsumeIntegralInRange<size_t>(0, 9));
  int fevers = 0;
  for (auto& o : occupants) {
    if (in.ConsumeBool()) o.temperature = in.ConsumeIntegralInRange<int>(300, 450);
    if (o.temperature && *o.temperature >= rules.fever_threshold) ++fevers;
  }
  std::string code = in.ConsumeRandomLengthString(16), name = in.ConsumeRandomLengthString(64);
  std::string purpose = in.ConsumeRandomLengthString(16);
  auto s = fk::screening::Suggest(rules, occupants, code, name, purpose);
  if (s.decision != "pass" && s.decision != "turned_back" && s.decision != "fever_handover")
    Fail("screening decision " + s.decision);
  if (s.fever_count != fevers) Fail("screening fever_count differs from the occupants'");
  if ((fevers > 0) != (s.decision == "fever_handover")) Fail("screening: a fever not handed over (or the reverse)");
  if (s.decision != "pass" && s.reason.empty()) Fail("screening: a refusal without a reason");
}

void Gate(FuzzedDataProvider& in) {
  std::string json = in.ConsumeRandomLengthString(4096);
  fk::gate::GateRules rules;
  if (!ParseOrExpectedError([&] { rules = fk::gate::ParseGateRules(json); }, json)) rules = fk::gate::DefaultGateRules();
  std::string canonical = fk::gate::GateRulesToJson(rules);
  fk::gate::GateRules again;
  if (!ParseOrExpectedError([&] { again = fk::gate::ParseGateRules(canonical); }, canonical))
    Fail("the canonical gate rules do not parse: " + canonical);
  if (!(again == rules)) Fail("gate rules: no round trip for " + canonical);

  fk::gate::GateInput g;
  g.direction = in.ConsumeBool() ? "out" : "in";
  g.temperature = in.ConsumeIntegralInRange<int>(300, 450);
  g.resident = in.ConsumeBool();
  g.staff = in.ConsumeBool();
  g.special = in.ConsumeBool();
  g.visitor = in.ConsumeBool();
  g.minute_of_day = in.ConsumeIntegralInRange<int>(0, 1439);
  g.exits_in_window = in.ConsumeIntegralInRange<int>(0, 50);
  auto d = fk::gate::Decide(rules, g);
  auto in_list = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  if (!in_list(fk::gate::kDecisions, d.decision)) Fail("gate decision " + d.decision);
  if (!in_list(fk::gate::kReasons, d.reason)) Fail("gate reason " + d.reason);
  if ((g.temperature >= rules.fever_threshold) != (d.decision == "handover")) Fail("gate: fever not handed over (or the reverse)");
  if (d.counts_quota && d.decision != "allow") Fail("gate: a refusal counts against the quota");
  if (d.RefusalColumn().empty() != (d.decision == "allow")) Fail("gate: refusal column and decision disagree");
  if (d.counts_quota && g.exits_in_window >= rules.quota_exits) Fail("gate: an exit allowed over the quota");

  std::string day = Day(in);
  std::string start = fk::gate::WindowStart(rules, day);
  if (!fk::ParseDay(start) || start > day) Fail("gate: window start " + start + " for " + day);
}

void Observation(FuzzedDataProvider& in) {
  std::string json = in.ConsumeRandomLengthString(4096);
  fk::observation::RuleSet rules;
  if (!ParseOrExpectedError([&] { rules = fk::observation::ParseRules(json); }, json)) rules = fk::observation::DefaultRules();
  std::string canonical = fk::observation::RulesToJson(rules);
  fk::observation::RuleSet again;
  if (!ParseOrExpectedError([&] { again = fk::observation::ParseRules(canonical); }, canonical))
    Fail("the canonical observation rules do not parse: " + canonical);
  if (fk::observation::RulesToJson(again) != canonical) Fail("observation rules: no round trip for " + canonical);

  int t = in.ConsumeIntegralInRange<int>(300, 450);
  if (fk::observation::IsFever(rules, t) && !fk::observation::IsFever(rules, t + 1)) Fail("observation: fever not monotonic");
  std::string start = Day(in);
  int length = in.ConsumeIntegralInRange<int>(1, 60);
  std::string end = fk::observation::EndDay(start, length);
  std::string today = Day(in);
  auto due = fk::observation::DaysDue(start, end, today);
  if (due.size() > static_cast<size_t>(length)) Fail("observation: more days due than the period has");
  for (size_t i = 0; i < due.size(); ++i) {
    if (due[i] < start || due[i] > end || due[i] > today) Fail("observation: a due day outside the period");
    if (i > 0 && fk::observation::NextDay(due[i - 1]) != due[i]) Fail("observation: due days not consecutive");
  }
  if (fk::observation::PrevDay(fk::observation::NextDay(start)) != start) Fail("observation: NextDay/PrevDay");
  int tz = in.ConsumeIntegralInRange<int>(-14 * 60, 14 * 60);
  int64_t deadline = fk::observation::DeadlineMs(rules, start, tz);
  if (!fk::observation::IsPastDeadline(rules, start, deadline, tz) ||
      fk::observation::IsPastDeadline(rules, start, deadline - 1, tz))
    Fail("observation: the deadline is not where IsPastDeadline turns");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  FuzzedDataProvider in(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: Screening(in); break;
    case 1: Gate(in); break;
    default: Observation(in); break;
  }
  return 0;
}
