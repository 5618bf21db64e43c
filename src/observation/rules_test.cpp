// The pure parts of home observation: period ends, days due, the deadline in
// the city's time zone, rule parsing.
#include "observation/rules.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/error.h"

namespace fk::observation {
namespace {

TEST(ObservationRules, EndDayCountsTheStartAsDayOne) {
  EXPECT_EQ(EndDay("2020-02-01", 14), "2020-02-14");
  EXPECT_EQ(EndDay("2020-02-20", 14), "2020-03-04");  // across 29 February 2020
  EXPECT_EQ(EndDay("2020-02-20", 1), "2020-02-20");
}

TEST(ObservationRules, DaysDueStopAtTodayOrTheEnd) {
  EXPECT_EQ(DaysDue("2020-02-12", "2020-02-25", "2020-02-14"),
            (std::vector<std::string>{"2020-02-12", "2020-02-13", "2020-02-14"}));
  EXPECT_EQ(DaysDue("2020-02-12", "2020-02-13", "2020-02-20"), (std::vector<std::string>{"2020-02-12", "2020-02-13"}));
  EXPECT_TRUE(DaysDue("2020-02-15", "2020-02-28", "2020-02-14").empty());
}

TEST(ObservationRules, TheDeadlineIsLocalTime) {
  RuleSet r = DefaultRules();
  // 20:00 in Beijing (UTC+8) is 12:00 UTC.
  EXPECT_EQ(DeadlineMs(r, "2020-02-14", 480), *ParseRfc3339("2020-02-14T12:00:00Z"));
  EXPECT_FALSE(IsPastDeadline(r, "2020-02-14", *ParseRfc3339("2020-02-14T11:59:59Z"), 480));
  EXPECT_TRUE(IsPastDeadline(r, "2020-02-14", *ParseRfc3339("2020-02-14T12:00:00Z"), 480));
  // At UTC−5 the same local deadline is 01:00 UTC the next day.
  EXPECT_EQ(DeadlineMs(r, "2020-02-14", -300), *ParseRfc3339("2020-02-15T01:00:00Z"));
  r.deadline_minutes = 0;  // 00:00: missed from the start of the day
  EXPECT_TRUE(IsPastDeadline(r, "2020-02-14", DayStartUtcMs("2020-02-14", 480), 480));
  EXPECT_TRUE(IsFever(DefaultRules(), 373));
  EXPECT_FALSE(IsFever(DefaultRules(), 372));
}

TEST(ObservationRules, ParseNamesEveryBadField) {
  RuleSet r = ParseRules(R"({"default_length_days":21,"deadline":"18:30","fever_threshold":37.5})");
  EXPECT_EQ(r.default_length_days, 21);
  EXPECT_EQ(r.deadline_minutes, 18 * 60 + 30);
  EXPECT_EQ(r.fever_threshold, 375);
  EXPECT_EQ(ParseRules(RulesToJson(r)).deadline_minutes, r.deadline_minutes);
  EXPECT_EQ(ParseRules(R"({"default_length_days":14,"deadline":"24:00","fever_threshold":37.3})").deadline_minutes, 1440);
  try {
    ParseRules(R"({"default_length_days":0,"deadline":"24:01","fever_threshold":"hot"})");
    FAIL() << "accepted bad rules";
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 3u);
    EXPECT_EQ(e.fields()[0].field, "default_length_days");
    EXPECT_EQ(e.fields()[1].field, "deadline");
    EXPECT_EQ(e.fields()[2].field, "fever_threshold");
  }
  EXPECT_THROW(ParseRules("[]"), Error);
}

}  // namespace
}  // namespace fk::observation
