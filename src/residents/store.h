// SQL for resident files (households, persons). Every function runs on a
// Connection the caller holds inside a transaction (Database::Read or Write).
// Personal fields are sealed with the FieldCipher on the way in; reads open
// them only when a cipher is passed (nullptr: masked copies only).
// Inserts add to community_daily for `day` (the caller's local reporting day).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/field_crypto.h"
#include "residents/daily.h"
#include "residents/model.h"
#include "store/database.h"

namespace fk::residents::store {

using fk::store::Connection;

// Normalised identity number for the blind index (upper-case X, trimmed).
std::string IdNumberKey(std::string_view id_number);

int64_t InsertHousehold(Connection& c, const FieldCipher& cipher, const Household& h, int64_t actor,
                        const std::string& day);
std::optional<Household> GetHousehold(Connection& c, const FieldCipher* cipher, int64_t id);

int64_t InsertPerson(Connection& c, const FieldCipher& cipher, const Person& p, int64_t actor, const std::string& day);
std::optional<Person> GetPerson(Connection& c, const FieldCipher* cipher, int64_t id);
std::vector<Person> HouseholdMembers(Connection& c, const FieldCipher* cipher, int64_t household_id);
// The active person with this identity number, if any.
std::optional<int64_t> FindPersonByIdNumber(Connection& c, const FieldCipher& cipher, std::string_view id_number);

// ---- the files part (households and persons API, imports, rotation) ----

// Inserts without touching community_daily or the event log (imports add the
// counts per unit in one statement each): returns the new id.
int64_t InsertHouseholdRow(Connection& c, const FieldCipher& cipher, const Household& h, int64_t actor);
int64_t InsertPersonRow(Connection& c, const FieldCipher& cipher, const Person& p, int64_t actor);
// One counted event (household_added, household_removed, person_added,
// person_removed) for a unit and day: the event row and the community_daily
// column in the same transaction.
void CountFileEvent(Connection& c, std::string_view kind, int64_t entity_id, int64_t unit_id, const std::string& day,
                    int64_t at);

// Rewrites every stored field of a household / person (sealing phones and
// numbers again), except unit/household placement, active and created_*.
void UpdateHousehold(Connection& c, const FieldCipher& cipher, const Household& h);
void UpdatePerson(Connection& c, const FieldCipher& cipher, const Person& p);
void SetHouseholdActive(Connection& c, int64_t id, bool active, int64_t at);
void SetPersonActive(Connection& c, int64_t id, bool active, int64_t at);
void MovePerson(Connection& c, int64_t id, int64_t household_id, int64_t unit_id, int64_t at);

std::vector<Household> ListHouseholds(Connection& c, const FieldCipher& cipher, const std::string& scope_path,
                                      const HouseholdFilter& f);
std::vector<Person> ListPersons(Connection& c, const FieldCipher& cipher, const std::string& scope_path,
                                const PersonFilter& f);
// The active household of a unit at this exact address, if any.
std::optional<int64_t> FindHouseholdByAddress(Connection& c, int64_t unit_id, const std::string& address);
// Active persons with this name and phone (blind index).
std::vector<int64_t> FindPersonsByNamePhone(Connection& c, const FieldCipher& cipher, const std::string& name,
                                            const std::string& phone);
std::vector<DuplicatePair> DuplicatePairs(Connection& c, const std::string& scope_path, int limit);

// Import results by import_key, and staged parts of chunked imports.
// The stored result of a committed import_key. A key committed by another user throws 409:
// its result (rows, masked names, addresses) is theirs alone.
std::optional<std::string> ImportResult(Connection& c, const std::string& import_key, int64_t actor);
void SaveImportResult(Connection& c, const std::string& import_key, int64_t unit_id, int64_t actor,
                      int64_t households, int64_t persons, const std::string& result_json, int64_t at);
void StageImportPart(Connection& c, const std::string& import_key, int64_t part, int64_t actor,
                     const std::string& rows_json, int64_t at);
// part -> rows JSON, for the parts staged by this user.
std::vector<std::pair<int64_t, std::string>> StagedImportParts(Connection& c, const std::string& import_key,
                                                               int64_t actor);
void DropImportParts(Connection& c, const std::string& import_key, int64_t actor);

// Key rotation: re-seals up to `batch` sealed values (persons' numbers and
// phones, households' phones) that the active key did not seal, after id
// `after` in each table; returns how many values were rewritten and the last
// row id looked at per table (0 -1 when the table is done; pass -1 to skip it).
struct ReencryptProgress {
  int64_t rewritten = 0;
  int64_t last_household = 0, last_person = 0;
};
ReencryptProgress ReencryptBatch(Connection& c, const FieldCipher& cipher, int64_t after_household,
                                 int64_t after_person, int batch);

// verify-rollups: households_added/removed and persons_added/removed per
// (unit, day) from the event log.
void RecountFiles(Connection& c, DailyRecount& out);

}  // namespace fk::residents::store
