#include "http/xlsx_export.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fk::http {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(XlsxExportTest, WritesAnXlsxFileAndRemovesItAfterSending) {
  XlsxExport x("passages", {"ID", "名称 name"});
  x.AddRow({int64_t{1}, std::string("G107新郑长葛交界疫情监测站")});
  x.AddRow({int64_t{2}, XlsxExport::Cell()});
  Response r = x.Finish("passages.xlsx");
  ASSERT_FALSE(r.file_path.empty());
  EXPECT_TRUE(r.remove_file_after);
  std::string bytes = ReadFile(r.file_path);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_EQ(bytes.find("xl/worksheets/sheet2.xml"), std::string::npos);
  std::filesystem::remove(r.file_path);
}

// A sheet holds a limited number of rows: a longer export continues on a second sheet
// instead of silently dropping rows (found with a 1.2 million row export).
TEST(XlsxExportTest, ContinuesOnANewSheetWhenOneIsFull) {
  XlsxExport x("passages", {"ID"}, /*rows_per_sheet=*/4);  // the header and 3 rows per sheet
  for (int64_t i = 1; i <= 7; ++i) x.AddRow({i});
  Response r = x.Finish("passages.xlsx");
  std::string bytes = ReadFile(r.file_path);
  EXPECT_NE(bytes.find("xl/worksheets/sheet2.xml"), std::string::npos);
  EXPECT_NE(bytes.find("xl/worksheets/sheet3.xml"), std::string::npos) << "7 rows at 3 a sheet need 3 sheets";
  EXPECT_EQ(bytes.find("xl/worksheets/sheet4.xml"), std::string::npos);
  std::filesystem::remove(r.file_path);
}

}  // namespace
}  // namespace fk::http
