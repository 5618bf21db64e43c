// SQL for resident files (households, persons). Every function runs on a
// Connection the caller holds inside a transaction (Database::Read or Write).
// Personal fields are sealed with the FieldCipher on the way in; reads open
// them only when a cipher is passed (nullptr: masked copies only).
// Inserts add to community_daily for `day` (the caller's local reporting day).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/field_crypto.h"
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

}  // namespace fk::residents::store
