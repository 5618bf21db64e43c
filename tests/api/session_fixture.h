// The fixture shared by the sessions, security-headers and encryption-at-rest
// suites (session_test.cpp, security_headers_test.cpp,
// encryption_at_rest_test.cpp): one server per backend for all of them, so
// `make test` starts fewer servers. Not thread-safe (gtest runs tests one by one).
#pragma once

#include <set>
#include <string>

#include "api/api_fixture.h"

namespace fk::apitest {

class SessionTest : public ApiTest {
 protected:
  // Records with known identity numbers and phones through the API (a staff member, a household and
  // a person, a passage with a fever: a handover too) and in the two sealed columns the demo leaves
  // empty (a gate visitor's phone, a returning staff member's phone). Returns the clear values.
  // Defined in encryption_at_rest_test.cpp.
  std::set<std::string> CreateRecords(const std::string& tag, int seq);

  int64_t staff_id_ = 0, household_id_ = 0, person_id_ = 0;
  std::string person_number_, person_phone_;
};

}  // namespace fk::apitest
