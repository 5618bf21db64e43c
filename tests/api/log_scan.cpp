// The log scan (see log_scan.h) and the tests of the scanner itself.
#include "api/log_scan.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

namespace fk::apitest {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool IsChecksumValidIdNumber(std::string_view id) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (id.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!IsDigit(id[i])) return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(id[17])));
  return last == kCheck[sum % 11];
}

std::vector<std::string> UnmaskedPersonalNumbers(std::string_view line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    if (!IsDigit(line[i]) || (i > 0 && IsAlnum(line[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < line.size() && IsDigit(line[j])) ++j;
    size_t len = j - i;
    if (len == 17 && j < line.size() && (line[j] == 'X' || line[j] == 'x')) ++j, ++len;
    bool isolated = j == line.size() || !IsAlnum(line[j]);
    std::string_view run = line.substr(i, len);
    if (isolated && len == 18 && IsChecksumValidIdNumber(run)) out.emplace_back(run);
    if (isolated && len == 11 && run[0] == '1' && run[1] >= '3' && run[1] <= '9') out.emplace_back(run);
    i = j;
  }
  return out;
}

std::string ApiLogPath() {
  const char* env = std::getenv("FK_API_LOG_FILE");
  if (env && *env) return env;
  return (std::filesystem::temp_directory_path() / ("fangkong-api-" + std::to_string(::getpid()) + ".log")).string();
}

namespace {

// Scans the whole run's log after the last test.
class LogScanEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    if (auto logger = spdlog::default_logger()) logger->flush();
    std::string path = ApiLogPath();
    std::ifstream in(path);
    if (!in) {
      ADD_FAILURE() << "log scan: cannot read the API suite's log " << path;
      return;
    }
    std::string line;
    size_t lines = 0, access = 0;
    std::vector<std::string> offending;
    while (std::getline(in, line)) {
      ++lines;
      if (line.find(" access ") != std::string::npos) ++access;
      auto found = UnmaskedPersonalNumbers(line);
      if (!found.empty() && offending.size() < 50) offending.push_back(found.front() + " in: " + line);
    }
    std::printf("[ log scan ] %zu log lines (%zu access lines) in %s: %zu with an unmasked identity number or phone\n",
                lines, access, path.c_str(), offending.size());
    if (!offending.empty()) {
      std::string all;
      for (const auto& o : offending) all += "  " + o + "\n";
      ADD_FAILURE() << "identity numbers or phones in clear in the server log (" << path << "):\n" << all;
      return;  // keep the file for a look
    }
    // A run that started servers must have logged their requests: an empty log would scan nothing.
    if (ran_servers_ && access == 0) {
      ADD_FAILURE() << "log scan: no access lines in " << path << " (is the file sink set up in api_main.cpp?)";
      return;
    }
    std::error_code ec;
    if (!std::getenv("FK_API_LOG_FILE")) std::filesystem::remove(path, ec);
  }
  static void NoteServerStarted() { ran_servers_ = true; }

 private:
  static inline bool ran_servers_ = false;
};

::testing::Environment* const kLogScan = ::testing::AddGlobalTestEnvironment(new LogScanEnvironment);

TEST(LogScanner, FindsIdentityNumbersAndPhonesInClear) {
  // 11010519491231002X is the standard's own example (checksum X).
  EXPECT_EQ(UnmaskedPersonalNumbers("body {\"id_number\":\"11010519491231002X\"}"),
            std::vector<std::string>{"11010519491231002X"});
  EXPECT_EQ(UnmaskedPersonalNumbers("phone=13812345678 end"), std::vector<std::string>{"13812345678"});
  EXPECT_EQ(UnmaskedPersonalNumbers("电话13812345678，身份证110105194912310021"), std::vector<std::string>{"13812345678"})
      << "a wrong check digit is not an identity number";
  EXPECT_EQ(UnmaskedPersonalNumbers("Key (id)=(11010519491231002x) already exists"),
            std::vector<std::string>{"11010519491231002x"});
}

TEST(LogScanner, PassesMaskedFormsTimestampsAndTokens) {
  for (const char* line : {
           "phone_masked 138****5678 id 110105********002X",
           "at 1581638400000 ms",                  // a 13-digit timestamp holds 15816384000 inside: not a phone
           "request 3f2a13812345678bc GET",        // digits inside a hex id
           "count 12812345678",                    // 11 digits not starting 13-19
           "id 110105194912310021",                // 18 digits, wrong check digit
           "2020-02-14T00:00:00.000+0000 info access",
       })
    EXPECT_TRUE(UnmaskedPersonalNumbers(line).empty()) << line;
}

}  // namespace

void NoteApiServerStarted() { LogScanEnvironment::NoteServerStarted(); }

}  // namespace fk::apitest
