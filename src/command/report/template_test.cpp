#include "command/report/template.h"

#include <gtest/gtest.h>

namespace fk::command::report {
namespace {

UnitFigures Demo13() {
  UnitFigures u;
  u.cum = {{"vehicles", 115814}, {"people", 184735}, {"people_tested", 184735}, {"vehicles_turned_back", 10899},
           {"people_turned_back", 16966}, {"fever", 27}, {"handovers", 27}, {"handovers_receipted", 27}};
  return u;
}

TEST(ReportTemplate, TheDefaultScreeningTemplateRendersTheSeedSentence) {
  auto v = ValuesOf(Demo13(), "2020-02-13", "新郑市");
  EXPECT_EQ(RenderTemplate(DefaultTemplate("screening"), v, "body"),
            "截至2月13日，累计排查车辆115814台、184735人（均测量体温），劝返车辆10899台、16966人，发现发热人员27名（均依规处置到位）");
}

TEST(ReportTemplate, PhrasesFollowTheFigures) {
  UnitFigures u = Demo13();
  u.cum["people_tested"] = 184700;
  u.cum["handovers_receipted"] = 25;
  u.late = {{"vehicles", 3}, {"people", 5}};
  auto v = ValuesOf(u, "2020-02-14", "新郑市");
  EXPECT_EQ(v["tested"], "其中测量体温184700人");
  EXPECT_EQ(v["handling"], "2名尚未确认处置到位");
  EXPECT_EQ(v["late_note"], "（其中补报车辆3台、5人）");
  EXPECT_EQ(v["vehicles_late"], "3");
  EXPECT_EQ(v["as_of_md"], "2月14日");
  EXPECT_EQ(v["gate_exits_today"], "0");
}

TEST(ReportTemplate, UnknownPlaceholdersAreNamedWithTheirCharacterPosition) {
  auto errs = CheckTemplate("截至{as_of_md}，{foo}与{bar}", "body");
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "body");
  EXPECT_EQ(errs[0].rule, "placeholder");
  EXPECT_NE(errs[0].message.find("{foo}"), std::string::npos);
  EXPECT_NE(errs[0].message.find("第14个字符"), std::string::npos) << errs[0].message;
  EXPECT_NE(errs[1].message.find("{bar}"), std::string::npos);
  EXPECT_NE(errs[1].message.find("at character 20"), std::string::npos) << errs[1].message;
}

TEST(ReportTemplate, BracesAndSyntax) {
  EXPECT_TRUE(CheckTemplate("{{字面}} {as_of}", "body").empty());
  EXPECT_EQ(RenderTemplate("{{注}}{as_of}}}", {{"as_of", "2020-02-13"}}, "b"), "{注}2020-02-13}");
  auto unclosed = CheckTemplate("截至{as_of", "body");
  ASSERT_EQ(unclosed.size(), 1u);
  EXPECT_EQ(unclosed[0].rule, "syntax");
  auto stray = CheckTemplate("a}b", "body");
  ASSERT_EQ(stray.size(), 1u);
  EXPECT_EQ(stray[0].rule, "syntax");
  auto nested = CheckTemplate("{as_{of}}", "body");
  EXPECT_FALSE(nested.empty());
}

TEST(ReportTemplate, RenderingIsAllOrNothing) {
  try {
    RenderTemplate("{as_of}{nope}", {{"as_of", "2020-02-13"}}, "templates.screening");
    FAIL() << "rendered a template with an unknown placeholder";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "templates.screening");
  }
  // A known placeholder without a value is an error too, never an empty gap.
  EXPECT_THROW(RenderTemplate("{as_of}{vehicles}", {{"as_of", "x"}}, "b"), Error);
}

TEST(ReportTemplate, EveryPlaceholderHasAValue) {
  auto v = ValuesOf(UnitFigures{}, "2020-02-13", "新郑市");
  for (const auto& p : Placeholders()) EXPECT_TRUE(v.count(p.name)) << p.name;
}

}  // namespace
}  // namespace fk::command::report

#include "command/report/service.h"

namespace fk::command::report {
namespace {

TEST(ReportCutoff, ParsesHhMmFromOneMinuteTo24) {
  EXPECT_EQ(ParseCutoff("24:00"), 1440);
  EXPECT_EQ(ParseCutoff("16:00"), 960);
  EXPECT_EQ(ParseCutoff("00:01"), 1);
  for (const char* bad : {"00:00", "24:01", "25:00", "16:60", "1600", "4:00", "16:0a", ""})
    EXPECT_FALSE(ParseCutoff(bad).has_value()) << bad;
  EXPECT_EQ(FormatCutoff(960), "16:00");
  EXPECT_EQ(FormatCutoff(1440), "24:00");
}

}  // namespace
}  // namespace fk::command::report
