// ScreeningService: the rules of checkpoint screening. Validates passages
// (every broken field at once), decides with the versioned rules, stores each
// passage once per client key, opens a fever handover per feverish occupant,
// and keeps the per-point per-day figures in the same transaction.
// Thread-safe: state lives in the database; parsed rule versions are cached
// under a mutex (versions are immutable).
// Failures throw fk::Error: kValidation (fields), kNotFound (absent or outside
// the caller's subtree), kConflict, kForbidden.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "org/model.h"
#include "core/clock.h"
#include "core/field_crypto.h"
#include "screening/model.h"
#include "screening/rules.h"
#include "screening/store.h"
#include "store/database.h"

namespace fk::screening {

using auth::Actor;
using auth::Principal;

// A recognition applied after the rules when a passage is stored (docs/firms.md): a
// return-to-work passage whose plate or occupant is on an approved re-opening firm's list is
// suggested `pass`, naming the firm. Never applied when anyone aboard has a fever.
struct OverlayMatch {
  int64_t firm_id = 0;
  std::string note;  // "复工人员：新郑市裕华食品有限公司"
};
class PassageOverlay {
 public:
  virtual ~PassageOverlay() = default;
  // Runs inside the passage's write transaction; the draft's identity numbers are in clear.
  virtual std::optional<OverlayMatch> Match(fk::store::Connection& c, const Passage& draft) const = 0;
};

struct CurrentRules {
  int version = 0;
  RuleSet rules;
};

struct CreateResult {
  Passage passage;
  bool created = false;  // false: the client key was known; passage is the first result
};

struct BatchResult {
  std::string client_key;
  std::string status;  // created, duplicate, invalid
  std::optional<Passage> passage;
  std::vector<FieldError> errors;
};

struct Summary {
  std::string from, to, as_of;
  std::map<std::string, Figures> days;        // figures per day in [from, to]
  Figures before_from;                        // everything before `from` (for cumulative columns)
  Figures range;                              // sum over [from, to]
  Figures up_to_as_of;                        // everything up to and including as_of
  std::vector<store::PointFigures> by_point;  // per point over [from, to]
  std::string sentence;                       // the daily report's sentence as of as_of
};

// "截至2月13日，累计排查车辆115814台、184735人（均测量体温），劝返车辆10899台、16966人，发现发热人员27名（均依规处置到位）"
std::string SummarySentence(const Figures& f, const std::string& as_of_day);

// Checks and normalises a passage without the database: plate, identity
// numbers and phones normalised; day from device_time. Adds field errors.
Passage PreparePassage(const PassageInput& in, int64_t now_ms, int tz_offset_minutes, FieldErrors& errs);

class ScreeningService {
 public:
  // cipher seals occupants' identity numbers and phones at rest (nullptr: stored as given, for
  // benchmarks of the bare write path).
  ScreeningService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes,
                   const FieldCipher* cipher = nullptr)
      : db_(db), clock_(clock), tz_(tz_offset_minutes), cipher_(cipher) {}

  // Rules
  CurrentRules GetCurrentRules();
  std::vector<store::RuleVersion> ListRuleVersions(int limit = 0);  // newest first
  store::RuleVersion SaveRules(const Principal& p, const Actor& a, const std::string& rules_json, const std::string& note);
  Suggestion Evaluate(const PassageInput& in);

  // Passages
  CreateResult CreatePassage(const Principal& p, const PassageInput& in);
  std::vector<BatchResult> CreateBatch(const Principal& p, const std::vector<PassageInput>& inputs);
  Passage GetPassage(const Principal& p, int64_t id);
  std::vector<Passage> ListPassages(const Principal& p, const PassageFilter& f);
  // Occupants in full; the look is audited.
  Passage RevealPassage(const Principal& p, const Actor& a, int64_t id);

  // Handovers
  std::vector<Handover> ListHandovers(const Principal& p, const HandoverFilter& f);
  Handover GetHandover(const Principal& p, int64_t id);
  Handover RevealHandover(const Principal& p, const Actor& a, int64_t id);
  // Exactly one of receipt_code and receiver_id.
  Handover ConfirmReceipt(const Principal& p, const Actor& a, int64_t id, const std::optional<std::string>& receipt_code,
                          std::optional<int64_t> receiver_id);
  Handover SetOutcome(const Principal& p, const Actor& a, int64_t id, const std::string& outcome,
                      const std::string& note);

  // Receivers. CreateReceiver returns the receiver and its receipt code (shown once).
  std::vector<Receiver> ListReceivers();
  std::pair<Receiver, std::string> CreateReceiver(const Principal& p, const Actor& a, const std::string& name,
                                                  const std::string& kind, int64_t unit_id,
                                                  const std::optional<std::string>& code = std::nullopt);

  // Figures
  Summary GetSummary(const Principal& p, std::optional<int64_t> unit_id, std::optional<int64_t> point_id,
                     std::optional<std::string> from, std::optional<std::string> to,
                     std::optional<std::string> as_of);
  // Recounts every point-day from the records; returns one line per difference.
  std::vector<std::string> VerifyRollups();

  int tz_offset_minutes() const { return tz_; }
  // The overlay consulted after the rules (nullptr: none). Set once while wiring, before serving.
  void set_overlay(const PassageOverlay* overlay) { overlay_ = overlay; }

 private:
  using PointCache = std::map<int64_t, std::optional<org::Point>>;  // points looked up in one batch

  const RuleSet& RulesFor(fk::store::Connection& c, int version);
  // Checks a prepared passage against its point and rules and fills in the decision, unit,
  // operator and (in handover_ids, for now) the indexes of feverish occupants. False with errs
  // when it is refused.
  bool CheckPrepared(fk::store::Connection& c, const Principal& p, Passage& draft,
                     const std::optional<std::string>& decision, const std::optional<int>& version,
                     int current_version, PointCache& points, FieldErrors& errs);

  void Seal(Occupant& o) const;  // in place, when there is a cipher
  void Open(Occupant& o) const;  // in place; also fills the masked copies

  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
  const FieldCipher* cipher_ = nullptr;
  const PassageOverlay* overlay_ = nullptr;
  std::mutex rules_mu_;
  std::map<int, RuleSet> rules_cache_;
};

}  // namespace fk::screening
