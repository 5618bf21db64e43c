#include "auth/roles.h"

namespace fk::auth {

const std::vector<std::string_view>& AllPermissions() {
  static const std::vector<std::string_view> kAll = {
      "org:unit:read",   "org:unit:write",   "org:point:read",  "org:point:write", "org:staff:read",
      "org:staff:write", "org:staff:reveal", "audit:log:read",  "auth:user:read",  "auth:user:write",
  };
  return kAll;
}

const std::vector<RoleDef>& BuiltinRoles() {
  static const std::vector<RoleDef> kRoles = {
      {"admin", "系统管理员", "Administrator", AllPermissions()},
      {"commander", "指挥部", "Command centre",
       {"org:unit:read", "org:unit:write", "org:point:read", "org:point:write", "org:staff:read", "org:staff:write",
        "org:staff:reveal", "audit:log:read", "auth:user:read"}},
      {"checkpoint", "卡口工作人员", "Checkpoint staff", {"org:unit:read", "org:point:read", "org:staff:read"}},
      {"community", "社区/村工作人员", "Community staff",
       {"org:unit:read", "org:point:read", "org:point:write", "org:staff:read", "org:staff:write", "org:staff:reveal"}},
      {"volunteer", "志愿者", "Volunteer", {"org:unit:read", "org:point:read"}},
      {"donation", "捐赠管理", "Donation clerk", {"org:unit:read"}},
      {"organisation", "组织部", "Organisation department",
       {"org:unit:read", "org:point:read", "org:staff:read", "org:staff:write", "org:staff:reveal", "audit:log:read"}},
      {"viewer", "只读", "Viewer", {"org:unit:read", "org:point:read", "org:staff:read"}},
  };
  return kRoles;
}

const RoleDef* FindRole(std::string_view name) {
  for (const auto& r : BuiltinRoles())
    if (r.name == name) return &r;
  return nullptr;
}

std::set<std::string, std::less<>> PermissionsForRoles(const std::vector<std::string>& roles) {
  std::set<std::string, std::less<>> out;
  for (const auto& name : roles)
    if (const RoleDef* r = FindRole(name))
      for (auto p : r->permissions) out.emplace(p);
  return out;
}

}  // namespace fk::auth
