#include "http/error_mapping.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/dispatcher.h"
#include "http/router.h"

namespace fk::http {
namespace {

// Found by fuzz/router_fuzz: a path that percent-decodes to bytes that are not UTF-8 made the
// error body's JSON dump throw inside the dispatcher's last-resort handler.
TEST(ErrorMapping, MessageQuotingNonUtf8InputStillGivesAJsonBody) {
  Response r = ErrorResponse(Error(ErrorCode::kNotFound, "not found: /in\xdc\xdc.html"));
  EXPECT_EQ(r.status, 404);
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.body;
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
}

TEST(ErrorMapping, DispatcherAnswersANonUtf8PathWithoutThrowing) {
  Router router;
  Dispatcher dispatcher(router, [](const Request&) { return nullptr; }, "/nonexistent");
  Request req;
  req.method = "GET";
  req.path = "/api/v1/\xdc\xdc";
  req.target = "/api/v1/%DC%DC";
  Response r;
  ASSERT_NO_THROW(r = dispatcher.Handle(req));
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(nlohmann::json::accept(r.body)) << r.body;
}

}  // namespace
}  // namespace fk::http
