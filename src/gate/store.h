// SQL of the gate part: rule sets per unit, passes, gate events, the quota
// window, exit/return pairing, overdue marks and the recount of its
// community_daily columns. Functions run on a Connection inside the caller's
// transaction; scope filters take a unit path prefix ("/1/4/").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/model.h"
#include "residents/daily.h"
#include "store/database.h"

namespace fk::gate::store {

using fk::store::Connection;

// Rules: the newest set of the nearest unit on `unit_path` (the unit itself, then its ancestors).
std::optional<RuleVersion> EffectiveRules(Connection& c, const std::string& unit_path);
std::optional<RuleVersion> RulesByVersion(Connection& c, int64_t version);
std::vector<RuleVersion> ListRuleVersions(Connection& c, int64_t unit_id);  // newest first
int64_t InsertRules(Connection& c, int64_t unit_id, const std::string& json, const std::string& note,
                    std::optional<int64_t> by, int64_t at);

// Passes
int64_t InsertPass(Connection& c, const Pass& p, const std::string& token_hash, const std::string& code_hash,
                   int64_t by, int64_t at);
std::optional<Pass> GetPass(Connection& c, int64_t id);
std::optional<Pass> PassByTokenHash(Connection& c, const std::string& hash);
std::optional<Pass> PassByCodeHash(Connection& c, const std::string& hash);
bool CodeHashTaken(Connection& c, const std::string& hash);
// The active pass of a holder (household pass when person_id is empty).
std::optional<Pass> ActivePassOf(Connection& c, int64_t household_id, std::optional<int64_t> person_id);
void RevokePass(Connection& c, int64_t id, int64_t by, int64_t at, const std::string& reason);
struct PassFilter {
  std::optional<int64_t> unit_id, household_id;
  std::optional<bool> active;
  int64_t before_id = 0;
  int limit = 50;
};
std::vector<Pass> ListPasses(Connection& c, const std::string& scope_path, const PassFilter& f);

// Households of a subtree with their members and active passes (the pass desk).
struct HouseholdRow {
  int64_t id = 0, unit_id = 0;
  std::string unit_name, address;
  std::vector<Member> members;
  std::vector<Pass> passes;  // active
};
std::vector<HouseholdRow> HouseholdsWithPasses(Connection& c, const std::string& scope_path, int64_t before_id,
                                               int limit);

// The offline pack: every active pass of the subtree with its members.
struct PackPass {
  int64_t pass_id = 0, household_id = 0;
  std::optional<int64_t> person_id;
  std::string kind, token_hash, code_hash, address;
  std::vector<Member> members;
};
std::vector<PackPass> PackPasses(Connection& c, const std::string& scope_path);
// Quota-counted exits of the subtree's households in [from_day, to_day], with who and when.
std::vector<std::pair<int64_t, QuotaUse>> QuotaUsesInScope(Connection& c, const std::string& scope_path,
                                                           const std::string& from_day, const std::string& to_day);

// Events. Inserts unless the client key is known; returns the new id.
std::optional<int64_t> InsertEvent(Connection& c, const Event& e, const std::optional<std::string>& phone_sealed);
std::optional<Event> GetEvent(Connection& c, int64_t id);
std::optional<Event> GetEventByClientKey(Connection& c, const std::string& key);
std::vector<Event> ListEvents(Connection& c, const std::string& scope_path, const EventFilter& f);
void SetHandover(Connection& c, int64_t event_id, int64_t handover_id);
void MarkConflict(Connection& c, int64_t event_id, const std::string& note);
// Quota-counted exits of a household in [from_day, to_day], oldest first.
std::vector<QuotaUse> QuotaUses(Connection& c, int64_t household_id, const std::string& from_day,
                                const std::string& to_day);
// The person's newest exit that no return has closed.
std::optional<Event> OpenExitOf(Connection& c, int64_t person_id);
void CloseExit(Connection& c, int64_t exit_id, int64_t return_id, int64_t at);
void SetOverdue(Connection& c, int64_t exit_id, std::optional<int64_t> at);
// Open exits of the subtree past due and not yet marked: (id, unit_id, day).
struct DueExit {
  int64_t id, unit_id;
  std::string day;
};
std::vector<DueExit> ExitsPastDue(Connection& c, const std::string& scope_path, int64_t now);
// The same for the exits of one unit's gates (what each event sweeps).
std::vector<DueExit> UnitExitsPastDue(Connection& c, int64_t unit_id, int64_t now);
// Open exits of the subtree (currently out), oldest first.
std::vector<Event> OpenExits(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id);

// verify-rollups: what the gate records say for each (unit, day).
void RecountGate(Connection& c, residents::DailyRecount& out);

}  // namespace fk::gate::store
