// Spreadsheet imports (rows sent as JSON): a dry run lists every error with
// its row and writes nothing; a commit is all or nothing.
#include <algorithm>
#include <optional>
#include <set>

#include "api/api_fixture.h"

namespace fk::apitest {
namespace {

class ImportTest : public ApiTest {
 protected:
  HttpResponse Import(const std::string& entity, const Json& rows, std::optional<bool> dry_run,
                      const Session* s = nullptr) {
    Json body = {{"rows", rows}};
    if (dry_run) body["dry_run"] = *dry_run;
    return Post("/api/v1/org/" + entity + ":import", body, s ? *s : Admin());
  }
  // "row:field:rule" for each error of an import result (200) or a 422's error.rows.
  static std::vector<std::string> RowErrors(const Json& list) {
    std::vector<std::string> out;
    for (const auto& e : list)
      out.push_back(std::to_string(e.value("row", 0)) + ":" + e.value("field", "") + ":" + e.value("rule", ""));
    std::sort(out.begin(), out.end());
    return out;
  }
  size_t CountUnits(const std::string& q) { return ListAll("/api/v1/org/units?q=" + UrlEncode(q), Admin()).size(); }
  size_t CountAudit(const std::string& entity, const std::string& action) {
    return ListAll("/api/v1/audit?entity=" + entity + "&action=" + action, Admin()).size();
  }
};

// Rows that reference each other by parent_code, with three kinds of errors.
Json UnitRowsWithErrors(const std::string& p) {
  return Json::array({
      {{"code", p + "T1"}, {"name", "导入镇"}, {"level", "town"}, {"parent_code", "410184000000"}},        // row 2: ok
      {{"code", p + "C1"}, {"name", "导入社区"}, {"level", "community"}, {"parent_code", p + "T1"}},      // row 3: parent from row 2
      {{"code", p + "C1"}, {"name", "重复代码"}, {"level", "community"}, {"parent_code", p + "T1"}},      // row 4: code taken by row 3
      {{"code", p + "X1"}, {"name", "倒挂镇"}, {"level", "town"}, {"parent_code", p + "C1"}},            // row 5: above its parent
      {{"code", p + "Y1"}, {"level", "estate"}, {"parent_code", "NO-SUCH-CODE"}},                        // row 6: no name, no parent
  });
}

TEST_P(ImportTest, UnitsDryRunListsErrorsWithRowNumbersAndWritesNothing) {
  std::string p = "IMPA-";
  size_t audit_before = CountAudit("unit", "import");
  HttpResponse r = Import("units", UnitRowsWithErrors(p), true);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.Json();
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["total"], 5);
  EXPECT_EQ(j["valid"], 2);
  EXPECT_EQ(j["created"], 0);
  EXPECT_EQ(RowErrors(j["errors"]), (std::vector<std::string>{"4:code:unique", "5:level:below_parent",
                                                              "6:name:required", "6:parent_code:exists"}));
  for (const auto& e : j["errors"]) EXPECT_FALSE(e.value("message", "").empty());
  EXPECT_EQ(CountUnits(p), 0u) << "a dry run writes nothing";
  EXPECT_EQ(CountAudit("unit", "import"), audit_before) << "nor any audit record";

  // Without dry_run the import is a dry run too.
  r = Import("units", Json::array({{{"code", p + "D1"}, {"name", "默认试运行"}, {"level", "town"}, {"parent_code", "410184000000"}}}),
             std::nullopt);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["dry_run"], true);
  EXPECT_EQ(r.Json()["valid"], 1);
  EXPECT_EQ(CountUnits(p), 0u);
}

TEST_P(ImportTest, UnitsCommitWithErrorsIs422WithRowsAndWritesNothing) {
  std::string p = "IMPB-";
  HttpResponse r = Import("units", UnitRowsWithErrors(p), false);
  ExpectError(r, 422, "validation_failed");
  Json e = r.Json()["error"];
  ASSERT_TRUE(e.contains("rows")) << r.body;
  EXPECT_EQ(RowErrors(e["rows"]), (std::vector<std::string>{"4:code:unique", "5:level:below_parent", "6:name:required",
                                                            "6:parent_code:exists"}));
  EXPECT_EQ(e["fields"].size(), 4u);
  EXPECT_EQ(CountUnits(p), 0u) << "not even the good rows";
}

TEST_P(ImportTest, UnitsCommitCleanCreatesEveryRow) {
  std::string p = "IMPC-";
  size_t audit_before = CountAudit("unit", "import");
  Json rows = Json::array({
      {{"code", p + "T1"}, {"name", "新导入镇"}, {"level", "town"}, {"parent_code", "410184000000"}},
      {{"code", p + "C1"}, {"name", "新导入社区"}, {"level", "community"}, {"parent_code", p + "T1"}},
      {{"code", p + "E1"}, {"name", "新导入小区"}, {"level", "estate"}, {"parent_code", p + "C1"}},
      {{"code", p + "E2"}, {"name", "  带空格的小区  "}, {"level", "estate"}, {"parent_code", p + "C1"}},
  });
  HttpResponse r = Import("units", rows, false);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.Json();
  EXPECT_EQ(j["dry_run"], false);
  EXPECT_EQ(j["total"], 4);
  EXPECT_EQ(j["valid"], 4);
  EXPECT_EQ(j["created"], 4);
  EXPECT_TRUE(j["errors"].empty());
  Json town = UnitByName("新导入镇");
  Json community = UnitByName("新导入社区");
  Json estate = UnitByName("新导入小区");
  EXPECT_EQ(town["parent_id"], UnitId("新郑市"));
  EXPECT_EQ(community["parent_id"], town["id"]);
  EXPECT_EQ(estate["parent_id"], community["id"]);
  EXPECT_EQ(estate["level"], "estate");
  EXPECT_FALSE(UnitByName("带空格的小区").is_null()) << "cells are trimmed";
  EXPECT_EQ(CountAudit("unit", "import"), audit_before + 4);
  // Importing the same file again: every row clashes, nothing more is written.
  r = Import("units", rows, false);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(CountUnits(p), 4u);
}

TEST_P(ImportTest, RowsThatAreNotObjectsOrHaveWrongTypes) {
  Json rows = Json::array({
      {{"code", "IMPD-1"}, {"name", 12}, {"level", "town"}, {"parent_code", "410184000000"}},
      "just a string",
  });
  HttpResponse r = Import("units", rows, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(RowErrors(r.Json()["errors"]), (std::vector<std::string>{"2:name:type", "3:row:type"}));
  r = Import("units", rows, false);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(RowErrors(r.Json()["error"]["rows"]), (std::vector<std::string>{"2:name:type", "3:row:type"}));
  // No rows, or rows that are not an array.
  ExpectError(Import("units", Json::array(), false), 422, "validation_failed");
  r = Post("/api/v1/org/units:import", {{"rows", "x"}}, Admin());
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(FieldRules(r), std::vector<std::string>{"rows:required"});
  EXPECT_EQ(CountUnits("IMPD-"), 0u);
}

TEST_P(ImportTest, PointsImport) {
  // 410184108001 is 岗李村, 410184108002 梨河村.
  Json good = Json::array({
      {{"name", "导入卡点甲"}, {"kind", "checkpoint"}, {"unit_code", "410184108001"}, {"place", "村东"}, {"lat", 34.3}, {"lng", 113.7}},
      {{"name", "导入卡点乙"}, {"kind", "station"}, {"unit_code", "410184108002"}},
  });
  HttpResponse r = Import("points", good, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["created"], 2);
  Json a = FindPoint("导入卡点甲");
  EXPECT_EQ(a["unit_name"], "岗李村");
  EXPECT_EQ(a["kind"], "checkpoint");
  EXPECT_EQ(FindPoint("导入卡点乙")["unit_name"], "梨河村");

  // Spreadsheet row numbers given by the client are kept.
  Json bad = Json::array({
      {{"row", 7}, {"name", "导入卡点丙"}, {"kind", "checkpoint"}, {"unit_code", "410184108001"}},
      {{"row", 8}, {"name", "导入卡点丙"}, {"kind", "checkpoint"}, {"unit_code", "410184108001"}},
      {{"row", 9}, {"name", "导入卡点丁"}, {"kind", "castle"}, {"unit_code", "NO-SUCH"}},
  });
  r = Import("points", bad, false);
  ExpectError(r, 422, "validation_failed");
  EXPECT_EQ(RowErrors(r.Json()["error"]["rows"]),
            (std::vector<std::string>{"8:name:unique", "9:kind:enum", "9:unit_code:exists"}));
  EXPECT_TRUE(ListAll("/api/v1/org/points?q=" + UrlEncode("导入卡点丙"), Admin()).empty());

  // An importer's scope applies to every row.
  Session community = Login("community");
  r = Import("points", Json::array({{{"name", "越界导入"}, {"kind", "checkpoint"}, {"unit_code", "410184108001"}}}), true,
             &community);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(RowErrors(r.Json()["errors"]), std::vector<std::string>{"2:unit_code:exists"});
  Session checkpoint = Login("checkpoint");
  ExpectError(Import("points", good, true, &checkpoint), 403, "forbidden");
}

TEST_P(ImportTest, StaffImport) {
  Json good = Json::array({
      {{"name", "导入人员甲"}, {"phone", "13912340001"}, {"unit_code", "410184108001"}, {"party_member", "是"},
       {"cadre_category", "ordinary_cadre"}, {"duty", "卡点值守"}},
      {{"name", "导入人员乙"}, {"phone", "139 1234 0002"}, {"unit_code", "410184108002"}, {"party_member", "否"}},
  });
  HttpResponse r = Import("staff", good, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["created"], 2);
  Json a = FindStaff("导入人员甲");
  EXPECT_EQ(a["party_member"], true);
  EXPECT_EQ(a["cadre_category"], "ordinary_cadre");
  EXPECT_EQ(a["phone_masked"], "139****0001");
  Json b = FindStaff("导入人员乙");
  EXPECT_EQ(b["party_member"], false);
  EXPECT_EQ(b["cadre_category"], "other");
  // The audit of an import keeps phones masked.
  HttpResponse audit = Get("/api/v1/audit?entity=staff&action=import", Admin());
  EXPECT_EQ(audit.body.find("13912340001"), std::string::npos);
  EXPECT_NE(audit.body.find("139****0001"), std::string::npos);

  Json bad = Json::array({
      {{"name", "导入人员丙"}, {"phone", "13912340003"}, {"unit_code", "410184108001"}},
      {{"name", "导入人员丁"}, {"phone", "12345"}, {"unit_code", "410184108001"}, {"cadre_category", "boss"}},
      {{"phone", "13912340005"}},
  });
  r = Import("staff", bad, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["valid"], 1);
  EXPECT_EQ(RowErrors(r.Json()["errors"]), (std::vector<std::string>{"3:cadre_category:enum", "3:phone:format",
                                                                     "4:name:required", "4:unit_code:required"}));
  r = Import("staff", bad, false);
  ExpectError(r, 422, "validation_failed");
  EXPECT_TRUE(ListAll("/api/v1/org/staff?q=" + UrlEncode("导入人员丙"), Admin()).empty());
}

FK_INSTANTIATE_BACKENDS(ImportTest);

}  // namespace
}  // namespace fk::apitest
