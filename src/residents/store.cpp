#include "residents/store.h"

#include <algorithm>
#include <cctype>

#include "core/masking.h"
#include "residents/daily.h"

namespace fk::residents::store {

namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;

constexpr const char* kInsertHousehold =
    "INSERT INTO households (unit_id, building, entrance, room, address, kind, phone_sealed, phone_index, "
    "phone_masked, note, active, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
    "RETURNING id";
constexpr const char* kHouseholdColumns =
    "SELECT h.id, h.unit_id, u.name, u.path, h.building, h.entrance, h.room, h.address, h.kind, h.phone_sealed, "
    "h.phone_masked, h.note, h.active, h.created_at, h.updated_at, "
    "(SELECT COUNT(*) FROM persons p WHERE p.household_id = h.id AND p.active = 1) "
    "FROM households h JOIN units u ON u.id = h.unit_id";

constexpr const char* kInsertPerson =
    "INSERT INTO persons (household_id, unit_id, name, id_number_sealed, id_number_index, id_number_masked, sex, "
    "birth_date, phone_sealed, phone_index, phone_masked, relation, is_staff, staff_employer, staff_duty, "
    "special_kind, special_note, returned, origin_code, origin_name, returned_on, active, created_by, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id";
constexpr const char* kPersonColumns =
    "SELECT p.id, p.household_id, p.unit_id, u.name, u.path, h.address, p.name, p.id_number_sealed, "
    "p.id_number_masked, p.sex, p.birth_date, p.phone_sealed, p.phone_masked, p.relation, p.is_staff, "
    "p.staff_employer, p.staff_duty, p.special_kind, p.special_note, p.returned, p.origin_code, p.origin_name, "
    "p.returned_on, p.active, p.created_at, p.updated_at FROM persons p JOIN units u ON u.id = p.unit_id "
    "JOIN households h ON h.id = p.household_id";

Value Seal(const FieldCipher& cipher, const std::string& v) {
  if (v.empty()) return Value();
  return Value(cipher.Encrypt(v));
}

std::string Open(const FieldCipher* cipher, const Row& r, size_t i) {
  if (!cipher || r.IsNull(i)) return "";
  return cipher->Decrypt(r.Text(i));
}

Household HouseholdFrom(const Row& r, const FieldCipher* cipher) {
  Household h;
  h.id = r.Int(0);
  h.unit_id = r.Int(1);
  h.unit_name = r.Text(2);
  h.unit_path = r.Text(3);
  h.building = r.Text(4);
  h.entrance = r.Text(5);
  h.room = r.Text(6);
  h.address = r.Text(7);
  h.kind = r.Text(8);
  h.phone = Open(cipher, r, 9);
  h.phone_masked = r.Text(10);
  h.note = r.Text(11);
  h.active = r.Bool(12);
  h.created_at = r.Int(13);
  h.updated_at = r.Int(14);
  h.members = r.Int(15);
  return h;
}

Person PersonFrom(const Row& r, const FieldCipher* cipher) {
  Person p;
  p.id = r.Int(0);
  p.household_id = r.Int(1);
  p.unit_id = r.Int(2);
  p.unit_name = r.Text(3);
  p.unit_path = r.Text(4);
  p.household_address = r.Text(5);
  p.name = r.Text(6);
  p.id_number = Open(cipher, r, 7);
  p.id_number_masked = r.Text(8);
  p.sex = r.Text(9);
  p.birth_date = r.Text(10);
  p.phone = Open(cipher, r, 11);
  p.phone_masked = r.Text(12);
  p.relation = r.Text(13);
  p.is_staff = r.Bool(14);
  p.staff_employer = r.Text(15);
  p.staff_duty = r.Text(16);
  p.special_kind = r.Text(17);
  p.special_note = r.Text(18);
  p.returned = r.Bool(19);
  p.origin_code = r.Text(20);
  p.origin_name = r.Text(21);
  p.returned_on = r.Text(22);
  p.active = r.Bool(23);
  p.created_at = r.Int(24);
  p.updated_at = r.Int(25);
  return p;
}

}  // namespace

std::string IdNumberKey(std::string_view id_number) {
  std::string out;
  for (char ch : id_number)
    if (!std::isspace(static_cast<unsigned char>(ch))) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  return out;
}

int64_t InsertHousehold(Connection& c, const FieldCipher& cipher, const Household& h, int64_t actor,
                        const std::string& day) {
  Value phone_index = h.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", h.phone));
  auto row = c.QueryOne(kInsertHousehold, {h.unit_id, h.building, h.entrance, h.room, h.address, h.kind,
                                           Seal(cipher, h.phone), phone_index, MaskPhone(h.phone), h.note, actor,
                                           h.created_at, h.created_at});
  AddDaily(c, h.unit_id, day, {{Daily::kHouseholdsAdded, 1}});
  return row->Int(0);
}

std::optional<Household> GetHousehold(Connection& c, const FieldCipher* cipher, int64_t id) {
  auto row = c.QueryOne(std::string(kHouseholdColumns) + " WHERE h.id = ?", {id});
  if (!row) return std::nullopt;
  return HouseholdFrom(*row, cipher);
}

int64_t InsertPerson(Connection& c, const FieldCipher& cipher, const Person& p, int64_t actor, const std::string& day) {
  std::string key = IdNumberKey(p.id_number);
  Value id_index = key.empty() ? Value() : Value(cipher.BlindIndex("id", key));
  Value phone_index = p.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", p.phone));
  auto row = c.QueryOne(kInsertPerson,
                        {p.household_id, p.unit_id, p.name, Seal(cipher, key), id_index, MaskIdNumber(key), p.sex,
                         p.birth_date, Seal(cipher, p.phone), phone_index, MaskPhone(p.phone), p.relation, p.is_staff,
                         p.staff_employer, p.staff_duty, p.special_kind, p.special_note, p.returned, p.origin_code,
                         p.origin_name, p.returned_on, actor, p.created_at, p.created_at});
  AddDaily(c, p.unit_id, day, {{Daily::kPersonsAdded, 1}});
  return row->Int(0);
}

std::optional<Person> GetPerson(Connection& c, const FieldCipher* cipher, int64_t id) {
  auto row = c.QueryOne(std::string(kPersonColumns) + " WHERE p.id = ?", {id});
  if (!row) return std::nullopt;
  return PersonFrom(*row, cipher);
}

std::vector<Person> HouseholdMembers(Connection& c, const FieldCipher* cipher, int64_t household_id) {
  std::vector<Person> out;
  for (const auto& r : c.Query(std::string(kPersonColumns) + " WHERE p.household_id = ? AND p.active = 1 ORDER BY p.id",
                               {household_id})
                           .rows)
    out.push_back(PersonFrom(r, cipher));
  return out;
}

std::optional<int64_t> FindPersonByIdNumber(Connection& c, const FieldCipher& cipher, std::string_view id_number) {
  std::string key = IdNumberKey(id_number);
  if (key.empty()) return std::nullopt;
  auto row = c.QueryOne("SELECT id FROM persons WHERE id_number_index = ? AND active = 1",
                        {cipher.BlindIndex("id", key)});
  if (!row) return std::nullopt;
  return row->Int(0);
}

}  // namespace fk::residents::store
