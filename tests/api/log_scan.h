// The log scan: no identity number or mobile phone number appears unmasked in
// any line the server logs while the API suite runs.
//
// api_main.cpp sends every log line (debug level and up, the access log
// included) to a file as well as warnings to stderr; a gtest Environment
// scans that file after the last test and fails the run with the offending
// lines. Detection is independent of the product's own masking code:
//   identity number: 17 digits then a digit or X, not touching another letter
//     or digit, whose GB 11643 check character is right (so a random 18-digit
//     number is not reported);
//   mobile: 11 digits 1[3-9]xxxxxxxxx, not touching another letter or digit.
// Masked forms (410***********1234, 138****5678) are not runs of digits and pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fk::apitest {

// The unmasked identity numbers and mobile numbers in one line of text.
std::vector<std::string> UnmaskedPersonalNumbers(std::string_view line);

// True when the 18 characters are a GB 11643 identity number with a valid check character.
bool IsChecksumValidIdNumber(std::string_view id18);

// Where the API suite's log goes: $FK_API_LOG_FILE, or a file in the temp folder named by pid.
std::string ApiLogPath();

// Called by the fixture when it starts a server: then the log must hold access lines.
void NoteApiServerStarted();

}  // namespace fk::apitest
