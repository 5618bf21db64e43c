#include "residents/import.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"

namespace fk::residents {
namespace {

std::string ErrorOf(const std::string& csv) {
  std::istringstream in(csv);
  try {
    ReadImportCsv(in);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadRequest);
    return e.what();
  }
  return "";
}

// Found by csv_import_fuzz: bytes that are not UTF-8 (a GBK file from Excel) went through to the
// dry run's JSON result, whose dump threw. Now the reader names the line.
TEST(ReadImportCsv, TextThatIsNotUtf8IsRefusedWithItsLine) {
  std::string gbk_name = "\xd5\xc5\xc8\xfd";  // 张三 in GBK
  std::string err = ErrorOf("\xEF\xBB\xBF姓名,手机号\n李四,13800000000\n" + gbk_name + ",13900000000\n");
  EXPECT_NE(err.find("line 3 is not UTF-8"), std::string::npos) << err;
  EXPECT_NE(err.find("第 3 行"), std::string::npos) << err;
  err = ErrorOf("\xd0\xd5\xc3\xfb,phone\n");  // 姓名 in GBK, in the header
  EXPECT_NE(err.find("line 1 is not UTF-8"), std::string::npos) << err;
}

TEST(ReadImportCsv, Utf8WithAndWithoutBomIsRead) {
  for (std::string bom : {"", "\xEF\xBB\xBF"}) {
    std::istringstream in(bom + "姓名,手机号\n李四,13800000000\n");
    auto rows = ReadImportCsv(in);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "李四");
    EXPECT_EQ(rows[0].row, 2);
  }
}

}  // namespace
}  // namespace fk::residents
