#include "gate/rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fk::gate {
namespace {

using Json = nlohmann::json;

Json LoadCases() {
  std::ifstream in(std::string(FK_SOURCE_DIR) + "/tests/fixtures/gate_decisions.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

GateInput InputFrom(const Json& c) {
  GateInput in;
  in.direction = c["direction"].get<std::string>();
  in.temperature = static_cast<int>(std::lround(c["temperature"].get<double>() * 10));
  in.resident = c["resident"].get<bool>();
  in.staff = c["staff"].get<bool>();
  in.special = c["special"].get<bool>();
  in.visitor = c.value("visitor", false);
  in.minute_of_day = c["minute_of_day"].get<int>();
  in.exits_in_window = c["exits_in_window"].get<int>();
  return in;
}

// Every combination of the four distinctions with the quota state, under the
// default rules (staff exempt, special allowed, one exit a day, 06:00–20:00),
// against an explicit statement of what the community decided:
//   fever → hand over, whatever else is true;
//   staff → allowed, not counted;
//   not a resident (and not staff) → refused;
//   special → allowed with a reason, not counted, even outside hours or with the quota used;
//   outside hours → refused (other); quota used → refused (quota); else allowed and counted.
TEST(GateRulesTest, EveryCombinationOfTheFourDistinctionsAndTheQuota) {
  const GateRules rules = DefaultGateRules();
  enum Quota { kLeft, kUsed, kOutsideHours };
  int checked = 0;
  for (bool fever : {true, false})
    for (bool resident : {true, false})
      for (bool staff : {true, false})
        for (bool special : {true, false})
          for (Quota q : {kLeft, kUsed, kOutsideHours}) {
            GateInput in;
            in.direction = "out";
            in.temperature = fever ? 378 : 365;
            in.resident = resident;
            in.staff = staff;
            in.special = special;
            in.minute_of_day = q == kOutsideHours ? 21 * 60 + 30 : 9 * 60 + 12;
            in.exits_in_window = q == kUsed ? 1 : 0;
            std::string want, why;
            bool counted = false;
            if (fever) want = "handover", why = "fever";
            else if (staff) want = "allow", why = "staff";
            else if (!resident) want = "refuse", why = "not_resident";
            else if (special) want = "allow", why = "special";
            else if (q == kOutsideHours) want = "refuse", why = "outside_hours";
            else if (q == kUsed) want = "refuse", why = "quota";
            else want = "allow", why = "resident", counted = true;
            GateDecision d = Decide(rules, in);
            std::string label = std::string(fever ? "fever " : "normal ") + (resident ? "resident " : "outsider ") +
                                (staff ? "staff " : "") + (special ? "special " : "") + std::to_string(q);
            EXPECT_EQ(d.decision, want) << label;
            EXPECT_EQ(d.reason, why) << label;
            EXPECT_EQ(d.counts_quota, counted) << label;
            ++checked;
          }
  EXPECT_EQ(checked, 48);
}

TEST(GateRulesTest, RefusalColumns) {
  EXPECT_EQ((GateDecision{"handover", "fever", false}).RefusalColumn(), "refused_fever");
  EXPECT_EQ((GateDecision{"refuse", "quota", false}).RefusalColumn(), "refused_quota");
  EXPECT_EQ((GateDecision{"refuse", "not_resident", false}).RefusalColumn(), "refused_not_resident");
  EXPECT_EQ((GateDecision{"refuse", "outside_hours", false}).RefusalColumn(), "refused_other");
  EXPECT_EQ((GateDecision{"allow", "resident", true}).RefusalColumn(), "");
}

// The table the phone app runs too.
TEST(GateRulesTest, SharedDecisionTable) {
  Json doc = LoadCases();
  GateRules base = ParseGateRules(doc["rules"].dump());
  ASSERT_GE(doc["cases"].size(), 60u);
  for (const auto& c : doc["cases"]) {
    GateRules rules = c.contains("rules") ? ParseGateRules(c["rules"].dump()) : base;
    GateDecision d = Decide(rules, InputFrom(c["input"]));
    EXPECT_EQ(d.decision, c["expect"]["decision"].get<std::string>()) << c["name"];
    EXPECT_EQ(d.reason, c["expect"]["reason"].get<std::string>()) << c["name"];
    EXPECT_EQ(d.counts_quota, c["expect"]["counts_quota"].get<bool>()) << c["name"];
  }
  for (const auto& w : doc["windows"])
    EXPECT_EQ(WindowStart(ParseGateRules(w["rules"].dump()), w["day"].get<std::string>()), w["start"].get<std::string>())
        << w.dump();
}

TEST(GateRulesTest, ParseNamesEveryBadField) {
  try {
    ParseGateRules(R"({"quota_mode":"weekly","quota_exits":0,"hours_from":"25:00","fever_threshold":41,"staff_exempt":"yes"})");
    FAIL() << "expected a validation error";
  } catch (const Error& e) {
    std::vector<std::string> got;
    for (const auto& f : e.fields()) got.push_back(f.field + ":" + f.rule);
    EXPECT_EQ(got, (std::vector<std::string>{"quota_mode:enum", "quota_exits:range", "hours_from:format",
                                             "fever_threshold:range", "staff_exempt:type"}));
  }
  GateRules r = ParseGateRules(R"({"quota_mode":"every_n_days","quota_days":2,"hours_from":"07:30","hours_to":"19:00"})");
  EXPECT_EQ(r.quota_days, 2);
  EXPECT_EQ(r.hours_from, 450);
  EXPECT_EQ(ParseGateRules(GateRulesToJson(r)), r);
}

}  // namespace
}  // namespace fk::gate
