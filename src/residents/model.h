// Records of the residents module (community and village closed management):
// households and persons on file (建档立卡). Plain values; thread-compatible.
// Personal fields are held here in full only transiently: the store keeps
// them sealed (core/field_crypto.h) and replies carry the masked copies unless
// the caller holds residents:person:reveal and asked through :reveal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fk::residents {

inline const std::vector<std::string> kHouseholdKinds = {"owner_occupied", "rented", "dormitory", "shop"};
inline const std::vector<std::string> kRelations = {"head",   "spouse", "child",    "parent",
                                                    "relative", "tenant", "employee", "other"};
inline const std::vector<std::string> kSpecialKinds = {"pregnancy",  "dialysis",      "chronic_illness",
                                                       "disability", "elderly_alone", "other"};

struct Household {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::string building, entrance, room, address, kind = "owner_occupied";
  std::string phone;         // full value (decrypted) when loaded with a cipher, else empty
  std::string phone_masked;  // always present
  std::string note;
  bool active = true;
  int64_t members = 0;  // active persons (lists and details)
  int64_t created_at = 0, updated_at = 0;
};

struct Person {
  int64_t id = 0;
  int64_t household_id = 0;
  int64_t unit_id = 0;
  std::string unit_name, unit_path, household_address;
  std::string name;
  std::string id_number, id_number_masked;  // id_number full only when decrypted
  std::string sex, birth_date;              // derived from the identity number
  std::string phone, phone_masked;
  std::string relation = "other";
  bool is_staff = false;
  std::string staff_employer, staff_duty;
  std::string special_kind, special_note;  // special_kind empty: none
  bool returned = false;
  std::string origin_code, origin_name, returned_on;
  bool active = true;
  int64_t created_at = 0, updated_at = 0;
};

// List filters. Scope is always the caller's subtree; unit_id narrows it to a
// subtree inside. Paging: ascending id after `after_id`, at most `limit`.
struct HouseholdFilter {
  std::optional<int64_t> unit_id;
  std::optional<std::string> kind;
  std::optional<std::string> q;  // address substring, an 11-digit phone (exact), or the phone's last 4 digits
  bool include_inactive = false;
  int64_t after_id = 0;
  int limit = 50;
};

struct PersonFilter {
  std::optional<int64_t> unit_id;
  std::optional<int64_t> household_id;
  std::optional<std::string> tag;  // staff, special, returned
  // name or address substring; a masked number ("410184********1234") or phone
  // ("138****5678"); the last 4 characters of either; a full 18-character
  // number or an 11-digit phone (exact, through the blind index).
  std::optional<std::string> q;
  bool include_inactive = false;
  int64_t after_id = 0;
  int limit = 50;
};

// A candidate pair of persons that may be the same resident.
struct DuplicatePair {
  std::string reason;  // name_phone (a number missing on one side) or name_birth_date
  int64_t a = 0, b = 0;
};

}  // namespace fk::residents
