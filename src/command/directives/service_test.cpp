// The link rule of directive attachments: absolute http(s) URLs only.
#include "command/directives/service.h"

#include <gtest/gtest.h>

namespace fk::command::directives {
namespace {

TEST(DirectiveLinks, HttpAndHttpsOnly) {
  for (const char* ok : {"http://example.com", "https://www.xinzheng.gov.cn/a.xlsx", "HTTPS://EXAMPLE.COM/x?y=1#z",
                         "https://10.0.0.1:8443/path"})
    EXPECT_TRUE(IsHttpUrl(ok)) << ok;
  for (const char* bad :
       {"", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "ftp://example.com/a", "file:///etc/passwd", "http://",
        "https://", "http:///x", "http://?x", "http://@x", "http:// x", "https://a b", "http://x\"onmouseover=1",
        "http://x<script>", "data:text/html,hi", "//example.com", "example.com", "http://x\\y"})
    EXPECT_FALSE(IsHttpUrl(bad)) << bad;
  EXPECT_FALSE(IsHttpUrl("https://" + std::string(495, 'a')));
  EXPECT_TRUE(IsHttpUrl("https://" + std::string(492, 'a')));
}

}  // namespace
}  // namespace fk::command::directives
