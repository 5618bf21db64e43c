#include "screening/rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fk::screening {
namespace {

using Json = nlohmann::json;

Json LoadCases() {
  std::ifstream in(std::string(FK_SOURCE_DIR) + "/tests/fixtures/screening_decisions.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

// Every case of the shared decision table (the phone app runs the same file).
TEST(ScreeningRulesTest, SharedDecisionTable) {
  Json doc = LoadCases();
  RuleSet base = ParseRules(doc["rules"].dump());
  ASSERT_GE(doc["cases"].size(), 20u);
  for (const auto& c : doc["cases"]) {
    RuleSet rules = c.contains("rules") ? ParseRules(c["rules"].dump()) : base;
    std::vector<Occupant> occupants;
    for (const auto& o : c["passage"]["occupants"]) {
      Occupant occ;
      if (!o["temperature"].is_null()) occ.temperature = static_cast<int>(std::lround(o["temperature"].get<double>() * 10));
      occupants.push_back(occ);
    }
    const Json& origin = c["passage"]["origin"];
    Suggestion s = Suggest(rules, occupants, origin.value("code", ""), origin.value("name", ""),
                           c["passage"]["purpose"].get<std::string>());
    EXPECT_EQ(s.decision, c["expect"]["decision"].get<std::string>()) << c["name"];
    EXPECT_EQ(s.fever_count, c["expect"]["fever_count"].get<int>()) << c["name"];
  }
}

TEST(ScreeningRulesTest, RoundTripsThroughJson) {
  RuleSet r = DefaultRules();
  RuleSet back = ParseRules(RulesToJson(r));
  EXPECT_EQ(back.fever_threshold, 373);
  ASSERT_EQ(back.turn_back_origins.size(), 1u);
  EXPECT_EQ(back.turn_back_origins[0].code, "42");
  EXPECT_EQ(back.exempt_purposes, r.exempt_purposes);
}

TEST(ScreeningRulesTest, RejectsEveryBadFieldAtOnce) {
  try {
    ParseRules(R"({"fever_threshold": 45, "turn_back_origins": [{"code": "4x"}, {}], "exempt_purposes": ["party"]})");
    FAIL() << "expected a validation error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    std::vector<std::string> got;
    for (const auto& f : e.fields()) got.push_back(f.field + ":" + f.rule);
    EXPECT_EQ(got, (std::vector<std::string>{"fever_threshold:range", "turn_back_origins[0].code:format",
                                             "turn_back_origins[1]:required", "exempt_purposes:enum"}));
  }
  EXPECT_THROW(ParseRules("not json"), Error);
  EXPECT_THROW(ParseRules(R"({"turn_back_origins": []})"), Error);  // threshold required
}

TEST(ScreeningRulesTest, SuggestionExplainsItself) {
  RuleSet r = DefaultRules();
  Suggestion fever = Suggest(r, {{381, "", "", ""}, {392, "", "", ""}}, "410100", "河南省郑州市", "transit");
  EXPECT_EQ(fever.reason, "体温39.2℃");
  Suggestion back = Suggest(r, {{365, "", "", ""}}, "420100", "湖北省武汉市", "transit");
  EXPECT_EQ(back.reason, "来自湖北省（劝返地区）");
}

TEST(ScreeningRulesTest, FiguresOfAPassage) {
  Passage p;
  p.vehicle_kind = "car";
  p.people = 3;
  p.people_tested = 3;
  p.decision = "turned_back";
  Figures f = FiguresOf(p);
  EXPECT_EQ(f.vehicles, 1);
  EXPECT_EQ(f.vehicles_turned_back, 1);
  EXPECT_EQ(f.people_turned_back, 3);
  p.vehicle_kind = "on_foot";
  p.people = 1;
  p.decision = "fever_handover";
  p.fever_count = 1;
  p.handover_ids = {7};
  f = FiguresOf(p);
  EXPECT_EQ(f.vehicles, 0);
  EXPECT_EQ(f.vehicles_turned_back, 0);
  EXPECT_EQ(f.fever, 1);
  EXPECT_EQ(f.handovers, 1);
}

}  // namespace
}  // namespace fk::screening
