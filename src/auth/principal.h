// Principal: who is making a request, resolved from a session. Immutable
// after authentication, shared read-only between threads.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fk::auth {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  std::string unit_path;  // materialised path of the user's unit: "/1/4/"; scope is this subtree
  std::string unit_code;
  std::string unit_name;
  std::string unit_level;
  std::vector<std::string> roles;
  std::set<std::string, std::less<>> permissions;
  int64_t session_id = 0;
  std::string csrf_token;
  bool via_cookie = false;  // cookie-authenticated requests must carry the CSRF header on writes
  bool must_change_password = false;

  bool Has(std::string_view permission) const { return permissions.count(permission) > 0; }
  // True when a unit with this materialised path lies in the user's subtree.
  bool InScope(std::string_view path) const { return path.substr(0, unit_path.size()) == unit_path; }
};

}  // namespace fk::auth
