#include "auth/roles.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace fk::auth {
namespace {

// Every module of DOMAIN.md has its permissions here from the start, so roles
// are designed once for the whole city; a module's routes use them as it lands.
const std::vector<std::string_view> kAll = {
    // org: administrative units, points, staff (this release)
    "org:unit:read", "org:unit:write", "org:point:read", "org:point:write", "org:staff:read", "org:staff:write",
    "org:staff:reveal",
    // auth and audit (this release)
    "auth:user:read", "auth:user:write", "audit:log:read",
    // screening: checkpoint passages, rules, fever handovers
    "screening:passage:read", "screening:passage:write", "screening:rule:read", "screening:rule:write",
    "screening:handover:read", "screening:handover:write", "screening:person:reveal",
    // residents: files, passes, gate events, home observation, estate tasks
    "residents:household:read", "residents:household:write", "residents:person:read", "residents:person:write",
    "residents:person:reveal", "residents:gate:write", "residents:observation:read", "residents:observation:write",
    "residents:observation:manage", "residents:task:read", "residents:task:write",
    // cases and contacts
    "cases:case:read", "cases:case:write", "cases:case:reveal",
    // supplies for people who cannot go out
    "supplies:order:read", "supplies:order:write", "supplies:delivery:write",
    // donations
    "donations:gift:read", "donations:gift:write", "donations:distribution:write",
    // duty rosters and the record of merit
    "duty:roster:read", "duty:roster:write", "merit:record:read", "merit:record:write",
    // command centre: dashboard, daily report, directives, firm re-opening
    "command:dashboard:read", "command:report:read", "command:report:write", "command:report:approve",
    "command:directive:read", "command:directive:write", "command:firm:read", "command:firm:write",
    "command:firm:review",
    // directives: the responsible unit's staff report progress (docs/directives.md)
    "command:directive:progress",
};

bool IsRead(std::string_view p) { return p.size() > 5 && p.substr(p.size() - 5) == ":read"; }

std::vector<std::string_view> Reads(std::initializer_list<std::string_view> except = {}) {
  std::vector<std::string_view> out;
  for (auto p : kAll)
    if (IsRead(p) && std::find(except.begin(), except.end(), p) == except.end()) out.push_back(p);
  return out;
}

std::vector<std::string_view> Join(std::vector<std::string_view> a, std::initializer_list<std::string_view> b) {
  for (auto p : b)
    if (std::find(a.begin(), a.end(), p) == a.end()) a.push_back(p);
  return a;
}

}  // namespace

const std::vector<std::string_view>& AllPermissions() { return kAll; }

const std::vector<RoleDef>& BuiltinRoles() {
  static const std::vector<RoleDef> kRoles = {
      {"admin", "系统管理员", "Administrator", kAll},
      {"commander", "指挥部", "Command centre",
       Join(Reads(),
            {"org:unit:write", "org:point:write", "org:staff:write", "org:staff:reveal",
             "screening:rule:write", "screening:person:reveal", "residents:person:reveal", "residents:observation:manage",
             "cases:case:write",
             "cases:case:reveal", "command:report:write", "command:report:approve", "command:directive:write",
             "command:directive:progress",
             "command:firm:write",
             "command:firm:review"})},
      {"checkpoint", "卡口工作人员", "Checkpoint staff",
       {"org:unit:read", "org:point:read", "org:staff:read", "screening:passage:read", "screening:passage:write",
        "screening:rule:read", "screening:handover:read", "screening:handover:write", "duty:roster:read"}},
      {"community", "社区/村工作人员", "Community staff",
       {"org:unit:read", "org:point:read", "org:point:write", "org:staff:read", "org:staff:write", "org:staff:reveal",
        "residents:household:read", "residents:household:write", "residents:person:read", "residents:person:write",
        "residents:person:reveal", "residents:gate:write", "residents:observation:read", "residents:observation:write",
        "residents:task:read", "residents:task:write", "screening:handover:read", "screening:handover:write",
        "supplies:order:read", "supplies:order:write", "supplies:delivery:write", "duty:roster:read",
        "command:firm:read", "command:firm:write",
        // towns' and communities' directives from the dispatch meeting (docs/directives.md)
        "command:directive:read", "command:directive:progress"}},
      {"volunteer", "志愿者", "Volunteer",
       {"org:unit:read", "org:point:read", "supplies:order:read", "supplies:delivery:write", "residents:task:read",
        // property staff and volunteers tick the estate's daily tasks on the phone (docs/estate-tasks.md)
        "residents:task:write", "duty:roster:read"}},
      {"donation", "捐赠管理", "Donation clerk",
       {"org:unit:read", "donations:gift:read", "donations:gift:write", "donations:distribution:write"}},
      {"organisation", "组织部", "Organisation department",
       {"org:unit:read", "org:point:read", "org:staff:read", "org:staff:write", "org:staff:reveal", "duty:roster:read",
        "duty:roster:write", "merit:record:read", "merit:record:write", "audit:log:read"}},
      // staff of a city department (卫健委, 工信局 ...): their directives from the dispatch meeting
      {"department", "部门工作人员", "Department staff",
       {"org:unit:read", "org:point:read", "org:staff:read", "command:directive:read", "command:directive:progress",
        "duty:roster:read"}},
      {"viewer", "只读", "Viewer", Reads({"auth:user:read", "audit:log:read"})},
  };
  return kRoles;
}

const RoleDef* FindRole(std::string_view name) {
  for (const auto& r : BuiltinRoles())
    if (r.name == name) return &r;
  return nullptr;
}

std::set<std::string, std::less<>> PermissionsForRoles(const std::vector<std::string>& roles) {
  // Every request resolves its caller's permissions: remember each combination of roles once.
  static std::mutex mu;
  static std::map<std::vector<std::string>, std::set<std::string, std::less<>>> cache;
  {
    std::lock_guard lock(mu);
    auto it = cache.find(roles);
    if (it != cache.end()) return it->second;
  }
  std::set<std::string, std::less<>> out;
  for (const auto& name : roles)
    if (const RoleDef* r = FindRole(name))
      for (auto p : r->permissions) out.emplace(p);
  std::lock_guard lock(mu);
  if (cache.size() < 1024) cache.emplace(roles, out);
  return out;
}

}  // namespace fk::auth
