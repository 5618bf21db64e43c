// The demo city's resident files: households and persons in the communities,
// villages and estates that have a gate point, with some staff, special
// circumstances and people returned from elsewhere. Deterministic (fixed
// seed), valid identity numbers (GB 11643 check character) that belong to no
// one (birth dates and sequence numbers are invented).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/field_crypto.h"
#include "store/database.h"

namespace fk::residents {

struct DemoUnit {
  int64_t unit_id = 0;
  std::string name;
  int households = 40;
};

struct DemoHouseholdRef {
  int64_t household_id = 0, unit_id = 0;
  std::vector<int64_t> persons;
};

// Files households with 1–5 persons each in every unit; `filed_at` is the
// creation time (UTC ms) and `day` its reporting day. Returns what was made.
std::vector<DemoHouseholdRef> LoadResidentsDemo(fk::store::Database& db, const FieldCipher& cipher,
                                                const std::vector<DemoUnit>& units, int64_t actor, int64_t filed_at,
                                                const std::string& day);

}  // namespace fk::residents
