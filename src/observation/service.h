// ObservationService: home observation (居家观察). Starts periods (one active
// per person), materialises one due round per active period per local day,
// records rounds from cadres (idempotent by client_key) and from residents
// through a per-period self-report link, turns rounds still due at the
// day's deadline into missed rounds with an alert to the responsible cadre,
// opens a fever alert and a handover for a temperature at or above the
// threshold, turns needs into requests, and keeps the community_daily
// figures in the same transaction as every record.
// Thread-safe: state lives in the database, except the self-report rate
// limiter (mutex). Time comes only from the injected Clock (or Sweep's now).
// Failures throw fk::Error: kValidation (fields), kNotFound (absent or outside
// the caller's subtree; a wrong self-report token), kConflict (a second
// active period, a state that does not allow it), kRateLimited.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "observation/model.h"
#include "observation/rules.h"
#include "observation/store.h"
#include "store/database.h"

namespace fk::observation {

using auth::Actor;
using auth::Principal;

struct RulesVersion {
  int version = 0;  // 0: the built-in defaults, never saved
  RuleSet rules;
  std::string note;
  int64_t created_at = 0;
};

struct StartResult {
  Period period;
  std::string self_report_token;  // shown once; only its hash is kept
};

struct RecordResult {
  Round round;
  bool created = false;  // false: a replay (same client_key, or the resident's second report of the day)
};

struct SweepResult {
  std::string today;
  int64_t rounds_created = 0, rounds_missed = 0, alerts_opened = 0, due_for_release = 0;
};

struct Board {
  std::string day;
  int64_t unit_id = 0;
  store::DayCounts counts;
  int64_t open_alerts = 0, due_for_release = 0;
  std::vector<Round> missing;  // still due or missed today, paged by id
  int missing_limit = 50;
  std::vector<Alert> alerts;   // open or acknowledged, newest first (first page)
};

struct SelfReportView {
  std::string name_masked, day, end_day, status, deadline;  // status: due, done, missed, not_started, ended
  int64_t period_id = 0;
  std::optional<Round> today;
};

class ObservationService {
 public:
  // catch_up_days: the sweep materialises due rounds only for the local days from today − catch_up_days to
  // today; older unrecorded days of a period are never due (config observation.catch_up_days).
  ObservationService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes, int catch_up_days = 3)
      : db_(db), clock_(clock), tz_(tz_offset_minutes), catch_up_days_(catch_up_days) {}

  // Rules
  RulesVersion GetRules();
  RulesVersion SaveRules(const Principal& p, const Actor& a, const std::string& rules_json, const std::string& note);

  // Periods
  StartResult StartPeriod(const Principal& p, const Actor& a, const PeriodInput& in);
  Period GetPeriod(const Principal& p, int64_t id);
  std::vector<Round> PeriodRounds(const Principal& p, int64_t id);
  std::vector<Period> ListPeriods(const Principal& p, std::optional<int64_t> unit_id, PeriodFilter f);
  // A new length (with a reason, audited); the end day follows.
  Period ChangeLength(const Principal& p, const Actor& a, int64_t id, std::optional<int> length_days,
                      const std::string& reason);
  Period Release(const Principal& p, const Actor& a, int64_t id, const std::string& result, const std::string& note);
  // Replaces the self-report link; returns the new token (shown once).
  std::string NewSelfReportToken(const Principal& p, const Actor& a, int64_t id);
  std::vector<store::Candidate> Candidates(const Principal& p, std::optional<int64_t> unit_id, const std::string& name,
                                           bool returned_only);
  // Who may be the responsible cadre of a person of the unit (404 outside the caller's subtree).
  std::vector<store::Cadre> Cadres(const Principal& p, int64_t unit_id);

  // Rounds
  RecordResult RecordRound(const Principal& p, const RoundInput& in);
  std::vector<store::DoorItem> DoorList(const Principal& p, bool mine, std::optional<int64_t> unit_id);
  SelfReportView SelfReportInfo(const std::string& token, const std::string& ip);
  RecordResult SelfReport(const std::string& token, const std::string& ip, const RoundInput& in);

  // Alerts
  std::vector<Alert> ListAlerts(const Principal& p, std::optional<int64_t> unit_id, bool mine, AlertFilter f);
  Alert Acknowledge(const Principal& p, const Actor& a, int64_t id);
  Alert CloseAlert(const Principal& p, const Actor& a, int64_t id, const std::string& note);

  // Needs
  std::vector<NeedRequest> ListNeeds(const Principal& p, std::optional<int64_t> unit_id, NeedFilter f);
  NeedRequest SetNeedStatus(const Principal& p, const Actor& a, int64_t id, const std::string& status);

  // The board of a unit subtree on a day (default: the caller's unit, today).
  Board GetBoard(const Principal& p, std::optional<int64_t> unit_id, std::optional<std::string> day,
                 int64_t missing_after, int limit);

  // Creates the due rounds up to today, turns rounds still due after their deadline into
  // missed rounds with an alert each, counts periods due for release. Idempotent.
  SweepResult Sweep(int64_t now_ms);
  SweepResult SweepNow() { return Sweep(clock_.NowMs()); }

  // Recounts the observation columns of community_daily; one line per difference.
  std::vector<std::string> VerifyRollups();

  int tz_offset_minutes() const { return tz_; }
  std::string Today() const { return LocalDay(clock_.NowMs(), tz_); }

 private:
  RulesVersion CurrentRules(fk::store::Connection& c);
  RecordResult Record(fk::store::Connection& c, const Period& period, const RoundInput& in, const std::string& source,
                      int64_t recorded_by, bool replay_same_day);
  void CheckRate(const std::string& key, int per_minute);

  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
  int catch_up_days_;
  std::mutex rate_mu_;
  std::map<std::string, std::pair<int64_t, int>> rate_;  // key → (minute, count)
};

// Checks a round's fields (temperature range, symptoms, needs, note); adds field errors.
void CheckRoundInput(const RoundInput& in, bool need_period, FieldErrors& errs);

}  // namespace fk::observation
