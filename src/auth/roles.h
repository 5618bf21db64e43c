// The built-in roles and the permission strings (`module:entity:action`) each
// grants. Pure data; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fk::auth {

struct RoleDef {
  std::string_view name;
  std::string_view label_zh;
  std::string_view label_en;
  std::vector<std::string_view> permissions;
};

// Every permission string the program knows, for validation and docs.
const std::vector<std::string_view>& AllPermissions();
const std::vector<RoleDef>& BuiltinRoles();
const RoleDef* FindRole(std::string_view name);
std::set<std::string, std::less<>> PermissionsForRoles(const std::vector<std::string>& roles);

}  // namespace fk::auth
