// FilesService: resident files (建档立卡) — households and persons on file,
// their masked search, the audited :reveal, duplicates and explicit merges,
// moves between households, imports (dry run, then an all-or-nothing commit
// idempotent per import_key) and key rotation.
//
// Every method checks the caller's unit subtree (absent or outside: kNotFound)
// and validates every field at once (kValidation listing each field and rule).
// An identity number already on file is kConflict naming the existing person
// (masked). Counts of households/persons added and removed go to
// community_daily in the same transaction as the change.
// Thread-safe: all state is in the database; the cipher is immutable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/field_crypto.h"
#include "residents/model.h"
#include "store/database.h"

namespace fk::residents {

using auth::Actor;
using auth::Principal;

// Inputs: an absent optional is "not given" (create: default or "required";
// update: unchanged). Strings "" clear a field on update.
struct HouseholdInput {
  std::optional<int64_t> unit_id;
  std::optional<std::string> building, entrance, room, address, kind, phone, note;
  std::vector<FieldError> parse_errors;
};

struct PersonInput {
  std::optional<int64_t> household_id;
  std::optional<std::string> name, id_number, phone, relation;
  std::optional<bool> is_staff;
  std::optional<std::string> staff_employer, staff_duty;
  std::optional<std::string> special_kind, special_note;
  std::optional<bool> returned;
  std::optional<std::string> origin_code, origin_name, returned_on;
  std::vector<FieldError> parse_errors;  // JSON types, and read-only fields (sex, birth_date) that were sent
};

struct HouseholdDetail {
  Household household;
  std::vector<Person> members;
};

struct DuplicateGroup {
  std::string reason;  // name_phone, name_birth_date
  std::vector<Person> persons;
};

// One row of an import (one person; rows with the same unit and address are
// one household). `row` is the spreadsheet / CSV line (header = 1).
struct ImportRow {
  int row = 0;
  std::string unit_code, building, entrance, room, address, kind, household_phone;
  std::string name, id_number, phone, relation;
  std::string is_staff, staff_employer, staff_duty, special_kind, special_note;
  std::string returned, origin_code, origin_name, returned_on;
};

struct ImportRequest {
  bool dry_run = true;
  int64_t unit_id = 0;     // the unit of rows without unit_code
  std::string import_key;  // required to commit and for chunked imports; a committed key answers its first result
  int64_t part = 1, parts = 1;  // chunked: parts 1..parts-1 are staged, the last one runs the import
  std::vector<ImportRow> rows;
};

struct ImportDuplicate {
  int row = 0;
  std::string reason;        // id_number_on_file, id_number_in_file, name_phone_on_file, name_phone_in_file
  int other_row = 0;         // in-file duplicates: the earlier row
  int64_t person_id = 0;     // on-file duplicates: the person on file
  std::string person_name, id_number_masked, phone_masked, household_address;
};

struct ImportResult {
  std::string status;  // staged, dry_run, committed, invalid
  int64_t part = 0, parts = 0;
  int64_t rows = 0;
  int64_t households_new = 0, households_joined = 0, persons_new = 0;
  std::vector<FieldError> errors;  // with row numbers
  std::vector<ImportDuplicate> duplicates;
  bool replayed = false;  // the import_key was committed before: replay_json is the first result
  std::string replay_json;
};

struct ReencryptResult {
  int64_t rewritten = 0;
  int batches = 0;
};

// Largest number of rows in one import (over all its parts), and per request.
inline constexpr size_t kMaxImportRows = 100000;
inline constexpr size_t kMaxImportRowsPerPart = 5000;

// Field rules, shared by the API and the import. Apply the given fields of
// `in` onto `out` (a new record or the stored one), normalising (phones,
// numbers; sex and birth date derived from the number; staff/special/returned
// details cleared when the tag is off) and adding every broken rule to errs
// (with `row` for imports). `today` bounds birth and return dates.
void ApplyHousehold(Household& out, const HouseholdInput& in, FieldErrors& errs, int row = 0);
void ApplyPerson(Person& out, const PersonInput& in, const CivilDate& today, FieldErrors& errs, int row = 0);

class FilesService {
 public:
  FilesService(fk::store::Database& db, const FieldCipher& cipher, const Clock& clock, int tz_offset_minutes)
      : db_(db), cipher_(cipher), clock_(clock), tz_(tz_offset_minutes) {}

  // Households
  Household CreateHousehold(const Principal& p, const Actor& a, const HouseholdInput& in);
  HouseholdDetail GetHousehold(const Principal& p, int64_t id);
  std::vector<Household> ListHouseholds(const Principal& p, const HouseholdFilter& f);
  Household UpdateHousehold(const Principal& p, const Actor& a, int64_t id, const HouseholdInput& in);
  // Deactivates the household and its active members (each counted removed).
  Household SetHouseholdActive(const Principal& p, const Actor& a, int64_t id, bool active);
  // The household with its contact phone in full (audited).
  Household RevealHousehold(const Principal& p, const Actor& a, int64_t id);

  // Persons
  Person CreatePerson(const Principal& p, const Actor& a, const PersonInput& in);
  Person GetPerson(const Principal& p, int64_t id);
  std::vector<Person> ListPersons(const Principal& p, const PersonFilter& f);
  Person UpdatePerson(const Principal& p, const Actor& a, int64_t id, const PersonInput& in);
  Person SetPersonActive(const Principal& p, const Actor& a, int64_t id, bool active);
  Person MovePerson(const Principal& p, const Actor& a, int64_t id, int64_t household_id);
  // Identity number and phone in full; audited (who, when, which person; never the values).
  Person RevealPerson(const Principal& p, const Actor& a, int64_t id);
  std::vector<DuplicateGroup> Duplicates(const Principal& p, int limit = 200);
  // Keeps `into`, fills its empty fields from `id`, deactivates `id`; audited.
  Person Merge(const Principal& p, const Actor& a, int64_t id, int64_t into);

  // Import (dry run or commit). Throws kValidation (422) when a commit still has errors,
  // with every error and its row.
  ImportResult Import(const Principal& p, const Actor& a, const ImportRequest& req);

  // Key rotation: re-seals every value the active key did not seal, in batches.
  ReencryptResult Reencrypt(int batch = 500);

  int tz_offset_minutes() const { return tz_; }

 private:
  std::string Today() const;

  fk::store::Database& db_;
  const FieldCipher& cipher_;
  const Clock& clock_;
  int tz_;
};

}  // namespace fk::residents
