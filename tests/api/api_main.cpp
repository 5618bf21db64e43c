// The API tests' main: warnings and errors to stderr (the server logs 5xx
// causes), and every line from debug up, the access log included, to the log
// file that the log scan reads after the last test (log_scan.h), then gtest.
#include <gtest/gtest.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "api/log_scan.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  auto to_stderr = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  to_stderr->set_level(spdlog::level::warn);
  auto to_file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(fk::apitest::ApiLogPath(), /*truncate=*/true);
  to_file->set_level(spdlog::level::debug);
  auto logger = std::make_shared<spdlog::logger>("fangkong", spdlog::sinks_init_list{to_stderr, to_file});
  logger->set_level(spdlog::level::debug);
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  return RUN_ALL_TESTS();
}
