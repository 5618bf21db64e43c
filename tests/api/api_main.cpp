// The API tests' main: logging at warn (the server logs 5xx causes), then gtest.
#include <gtest/gtest.h>

#include "app/app.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  fk::app::SetupLogging("warn");
  return RUN_ALL_TESTS();
}
