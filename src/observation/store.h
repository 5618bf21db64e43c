// SQL of home observation. Functions run on a Connection inside the caller's
// transaction (Database::Read or Write). Scope filters take a unit path prefix
// ("/1/4/"). Personal names leave the store masked only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "observation/model.h"
#include "residents/daily.h"
#include "store/database.h"

namespace fk::observation::store {

using fk::store::Connection;

// Rules
std::optional<std::pair<int, std::string>> CurrentRules(Connection& c);  // version, json
void InsertRules(Connection& c, int version, const std::string& json, const std::string& note,
                 std::optional<int64_t> user_id, int64_t at_ms);

// Periods
int64_t InsertPeriod(Connection& c, const Period& p, const std::string& token_hash);
std::optional<Period> GetPeriod(Connection& c, int64_t id);
std::optional<int64_t> ActivePeriodOf(Connection& c, int64_t person_id);
std::optional<Period> PeriodByTokenHash(Connection& c, const std::string& token_hash);
std::vector<Period> ListPeriods(Connection& c, const std::string& scope_path, const PeriodFilter& f);
void SetPeriodLength(Connection& c, int64_t id, int length_days, const std::string& end_day, const std::string& reason);
void ReleasePeriod(Connection& c, int64_t id, const std::string& day, int64_t at, int64_t by, const std::string& result,
                   const std::string& note);
void SetToken(Connection& c, int64_t id, const std::string& token_hash);
void SetRoundsThrough(Connection& c, int64_t id, const std::string& day);

// Active periods whose rounds are not materialised up to min(today, end_day).
struct PendingPeriod {
  int64_t id, person_id, unit_id, cadre_id;
  std::string start_day, end_day, rounds_through;
};
std::vector<PendingPeriod> PeriodsToMaterialise(Connection& c, const std::string& today);
// Active periods whose end day is before today (due for release).
int64_t CountDueForRelease(Connection& c, const std::string& scope_path, const std::string& today);

// Rounds
// Inserts a batch of due rounds (multi-row statements).
void InsertDueRounds(Connection& c, const std::vector<Round>& rounds);
int64_t InsertRound(Connection& c, const Round& r);
void UpdateRoundRecord(Connection& c, const Round& r);
std::optional<Round> GetRound(Connection& c, int64_t id);
std::optional<Round> RoundByClientKey(Connection& c, const std::string& client_key);
// The due/done/missed round of a period on a day (not follow-ups).
std::optional<Round> RoundOf(Connection& c, int64_t period_id, const std::string& day);
std::vector<Round> RoundsOfPeriod(Connection& c, int64_t period_id);
// Still-due rounds of days up to and including `last_day`.
std::vector<Round> DueRoundsUpTo(Connection& c, const std::string& last_day);
void MarkMissed(Connection& c, const std::vector<int64_t>& round_ids);

// Alerts
int64_t InsertAlert(Connection& c, const Alert& a);
std::optional<Alert> GetAlert(Connection& c, int64_t id);
std::vector<Alert> ListAlerts(Connection& c, const std::string& scope_path, const AlertFilter& f);
std::optional<Alert> OpenAlertOfRound(Connection& c, int64_t round_id, const std::string& kind);
void AcknowledgeAlert(Connection& c, int64_t id, int64_t by, int64_t at);
void CloseAlert(Connection& c, int64_t id, int64_t by, int64_t at, const std::string& day, const std::string& note);
int64_t CountOpenAlerts(Connection& c, const std::string& scope_path);

// Needs
int64_t InsertNeed(Connection& c, const NeedRequest& n);
std::optional<NeedRequest> GetNeed(Connection& c, int64_t id);
std::vector<NeedRequest> ListNeeds(Connection& c, const std::string& scope_path, const NeedFilter& f);
void SetNeedStatus(Connection& c, int64_t id, const std::string& status, int64_t by, int64_t at,
                   const std::optional<std::string>& closed_day);

// The board
struct DayCounts {
  int64_t under_observation = 0, started = 0, released = 0, rounds_due = 0, rounds_done = 0, rounds_missed = 0,
          alerts_opened = 0, alerts_closed = 0, needs_opened = 0, needs_closed = 0;
};
DayCounts CountsOf(Connection& c, const std::string& scope_path, const std::string& day);
// Rounds of `day` still due or missed, in the subtree, by id after `after_id`.
std::vector<Round> MissingRounds(Connection& c, const std::string& scope_path, const std::string& day,
                                 int64_t after_id, int limit);
// A cadre's active periods with the round of `day` (status "" when none), not-yet-done first.
struct DoorItem {
  Period period;
  std::optional<Round> round;
};
std::vector<DoorItem> DoorList(Connection& c, const std::string& scope_path, std::optional<int64_t> cadre_id,
                               const std::string& day, int limit);

// Persons that may start a period: in the subtree, by name prefix, without an active period.
struct Candidate {
  int64_t person_id, household_id, unit_id;
  std::string name_masked, household_address, unit_name;
  bool returned;
  std::string origin_name, returned_on;
  std::optional<int64_t> active_period_id;
};
std::vector<Candidate> Candidates(Connection& c, const std::string& scope_path, const std::string& name_prefix,
                                  bool returned_only, int limit);
// The person's household, unit and unit path; nullopt when absent or inactive.
struct PersonRef {
  int64_t household_id, unit_id;
  std::string unit_path, name, returned_on;
  bool returned;
};
std::optional<PersonRef> PersonOf(Connection& c, int64_t person_id);
// A user's unit path, or nullopt.
std::optional<std::string> UserUnitPath(Connection& c, int64_t user_id);
// Who may be the responsible cadre of a person of the unit at unit_path: active users whose unit
// is that unit or an ancestor of it (their scope covers the person) and whose roles grant
// residents:observation:write. The one rule of the cadre picker and of StartPeriod's check;
// only_user narrows it to one user. Nearest unit first, then by id.
struct Cadre {
  int64_t user_id;
  std::string display_name, unit_name;
  int64_t unit_id;
};
std::vector<Cadre> CadresFor(Connection& c, const std::string& unit_path, std::optional<int64_t> only_user = std::nullopt);

// verify-rollups: what the observation records say each (unit, day) should hold.
void RecountObservation(Connection& c, residents::DailyRecount& out);

}  // namespace fk::observation::store
