// GateService: passes (issue, revoke, reissue), the gate rules per unit
// (versioned, inherited from the nearest ancestor), gate events decided by
// the four distinctions and the quota, exit/return pairing with overdue marks,
// offline packs for phones and the conflicts that offline gates produce.
// Every event adds to community_daily in its own transaction (at the end of it).
// Thread-safe: state lives in the database.
// Failures throw fk::Error: kValidation (every bad field), kNotFound (absent or
// outside the caller's subtree), kConflict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/field_crypto.h"
#include "gate/model.h"
#include "gate/store.h"
#include "residents/daily.h"
#include "store/database.h"

namespace fk::gate {

using auth::Actor;
using auth::Principal;

// SHA-256 of text as lowercase hex (what the phone computes with Web Crypto).
std::string Sha256Hex(std::string_view text);
// The token inside a QR text ("FKP1.<token>" or the bare token).
std::string TokenFromQr(std::string_view qr);
// Upper-cased, spaces and dashes removed.
std::string NormalizeCode(std::string_view code);

struct EffectiveRules {
  int64_t version = 0;  // 0: the city default
  std::optional<int64_t> unit_id;
  std::string unit_name;
  GateRules rules;
};

struct EventResult {
  Event event;
  bool created = false;
};

struct BatchItem {
  std::string client_key, status;  // created, duplicate, invalid
  std::optional<Event> event;
  std::vector<FieldError> errors;
};

struct OfflinePack {
  int64_t point_id = 0, unit_id = 0;
  std::string point_name, unit_name, as_of, window_start, window_end;
  EffectiveRules rules;
  std::vector<store::PackPass> passes;
  std::vector<std::pair<int64_t, QuotaUse>> quota;  // household id → exit in the current window
};

class GateService {
 public:
  GateService(fk::store::Database& db, const FieldCipher& cipher, const Clock& clock, int tz_offset_minutes)
      : db_(db), cipher_(cipher), clock_(clock), tz_(tz_offset_minutes) {}

  // Rules
  EffectiveRules RulesForUnit(const Principal& p, int64_t unit_id);
  std::vector<RuleVersion> ListRuleVersions(const Principal& p, int64_t unit_id);
  RuleVersion SaveRules(const Principal& p, const Actor& a, int64_t unit_id, const std::string& rules_json,
                        const std::string& note);

  // Passes. Issuing revokes the holder's previous active pass (a reissue).
  std::vector<IssuedPass> Issue(const Principal& p, const Actor& a, const std::vector<int64_t>& household_ids,
                                const std::vector<int64_t>& person_ids);
  Pass Revoke(const Principal& p, const Actor& a, int64_t pass_id, const std::string& reason);
  IssuedPass Reissue(const Principal& p, const Actor& a, int64_t pass_id);
  std::vector<Pass> ListPasses(const Principal& p, const store::PassFilter& f);
  std::vector<store::HouseholdRow> Households(const Principal& p, std::optional<int64_t> unit_id, int64_t before_id,
                                              int limit);

  // Events
  EventResult Record(const Principal& p, const EventInput& in);
  std::vector<BatchItem> RecordBatch(const Principal& p, const std::vector<EventInput>& inputs);
  Event GetEvent(const Principal& p, int64_t id);
  std::vector<Event> ListEvents(const Principal& p, const EventFilter& f);
  // Currently out (open exits), each flagged overdue by the clock.
  std::vector<Event> CurrentlyOut(const Principal& p, std::optional<int64_t> point_id);
  OfflinePack Pack(const Principal& p, int64_t point_id);
  // Marks every exit past due (counted once in gate_overdue); returns how many.
  int64_t SweepOverdue(const Principal& p);

  int tz_offset_minutes() const { return tz_; }
  int64_t now() const { return clock_.NowMs(); }

 private:
  // Checks and stores one event; its figures go to `daily` (the caller adds them to
  // community_daily at the end of its transaction, for the records it keeps).
  std::optional<Event> Process(fk::store::Connection& c, const Principal& p, const EventInput& in, int64_t now,
                               FieldErrors& errs, residents::DailyDeltas& daily);
  IssuedPass IssueOne(fk::store::Connection& c, const Actor& a, int64_t unit_id, int64_t household_id,
                      std::optional<int64_t> person_id, int64_t now);
  void Sweep(fk::store::Connection& c, const std::string& scope_path, int64_t now);
  EffectiveRules Effective(fk::store::Connection& c, const std::string& unit_path);

  fk::store::Database& db_;
  const FieldCipher& cipher_;
  const Clock& clock_;
  int tz_;
};

}  // namespace fk::gate
