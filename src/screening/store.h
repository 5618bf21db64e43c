// SQL of the screening module. Functions run on a Connection inside the
// caller's transaction. Scope filters take a unit path prefix ("/1/4/").
#pragma once

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/field_crypto.h"
#include "screening/model.h"
#include "store/database.h"

namespace fk::screening::store {

using fk::store::Connection;

// Rules
std::optional<std::pair<int, std::string>> CurrentRules(Connection& c);  // version, json
std::optional<std::string> RulesByVersion(Connection& c, int version);
struct RuleVersion {
  int version;
  std::string rules_json, note, created_by_name;
  std::optional<int64_t> created_by;
  int64_t created_at;
};
// Newest first; at most `limit` when limit > 0.
std::vector<RuleVersion> ListRuleVersions(Connection& c, int limit = 0);
void InsertRules(Connection& c, int version, const std::string& json, const std::string& note,
                 std::optional<int64_t> user_id, int64_t at_ms);

// Passages. Inserts rows whose client key is new (multi-row statements); returns
// client key → new id for the rows inserted. A key stored before, or twice in
// `rows`, is inserted once.
std::map<std::string, int64_t> InsertPassages(Connection& c, const std::vector<const Passage*>& rows);
std::optional<Passage> GetPassage(Connection& c, int64_t id);
std::optional<Passage> GetPassageByClientKey(Connection& c, const std::string& client_key);
std::vector<Passage> ListPassages(Connection& c, const std::string& scope_path, const PassageFilter& f);

// Seals occupants' identity numbers and phones and handovers' ones still stored in clear
// (databases from before sealing); returns the rows changed.
int64_t SealLegacyPersonalFields(Connection& c, const FieldCipher& cipher);

// Handovers
int64_t InsertHandover(Connection& c, const Handover& h);
std::optional<Handover> GetHandover(Connection& c, int64_t id);
std::vector<Handover> ListHandovers(Connection& c, const std::string& scope_path, const HandoverFilter& f);
void SetReceipt(Connection& c, int64_t id, int64_t receiver_id, const std::string& method, int64_t at, int64_t by);
void SetOutcome(Connection& c, int64_t id, const std::string& outcome, const std::string& note, int64_t at, int64_t by);
std::vector<int64_t> HandoverIdsOf(Connection& c, int64_t passage_id);

// Receivers
int64_t InsertReceiver(Connection& c, const Receiver& r, const std::string& code_hash);
std::optional<Receiver> GetReceiver(Connection& c, int64_t id);
std::optional<Receiver> ReceiverByCodeHash(Connection& c, const std::string& code_hash);
std::vector<Receiver> ListReceivers(Connection& c);

// Rollups: adds `delta` to the point-day row (creating it).
void AddFigures(Connection& c, int64_t point_id, const std::string& day, int64_t unit_id, const Figures& delta);
// Figures per day for the points of a subtree (or one point) in [from, to].
std::map<std::string, Figures> FiguresByDay(Connection& c, const std::string& scope_path,
                                            std::optional<int64_t> point_id, const std::string& from,
                                            const std::string& to);
struct PointFigures {
  int64_t point_id;
  std::string point_name;
  Figures figures;
};
std::vector<PointFigures> FiguresByPoint(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id,
                                         const std::string& from, const std::string& to);
Figures FiguresUpTo(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id,
                    const std::string& as_of);

// verify-rollups: every point-day from the records, and from the rollup table.
std::map<std::pair<int64_t, std::string>, Figures> RecountFigures(Connection& c);
std::map<std::pair<int64_t, std::string>, Figures> StoredFigures(Connection& c);

}  // namespace fk::screening::store
