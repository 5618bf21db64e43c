#include "http/json_body.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fk::http {
namespace {

ErrorCode CodeOf(const std::string& body) {
  try {
    JsonBody b(body);
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;  // no error: not what these tests expect
}

// Found by the json_*_fuzz targets on every write route: nlohmann throws out_of_range (not
// parse_error) for a number beyond a double, which answered 500.
TEST(JsonBody, NumberBeyondADoubleIsABadRequest) {
  EXPECT_EQ(CodeOf(R"({"destination":1e400})"), ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(R"({"n":-8e44444444444})"), ErrorCode::kBadRequest);
  try {
    JsonBody b(std::string(R"({"n":1e400})"));
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("out of range"), std::string::npos) << e.what();
  }
}

TEST(JsonBody, MalformedEmptyAndNonObjectBodiesAreBadRequests) {
  EXPECT_EQ(CodeOf(R"({"a":)"), ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(""), ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf("[1,2]"), ErrorCode::kBadRequest);
  EXPECT_NO_THROW(JsonBody(std::string(R"({"n":1e300,"big":18446744073709551616})")));
}

}  // namespace
}  // namespace fk::http
