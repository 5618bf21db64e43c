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

int64_t InsertHouseholdRow(Connection& c, const FieldCipher& cipher, const Household& h, int64_t actor) {
  Value phone_index = h.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", h.phone));
  auto row = c.QueryOne(kInsertHousehold, {h.unit_id, h.building, h.entrance, h.room, h.address, h.kind,
                                           Seal(cipher, h.phone), phone_index, MaskPhone(h.phone), h.note, actor,
                                           h.created_at, h.created_at});
  return row->Int(0);
}

int64_t InsertHousehold(Connection& c, const FieldCipher& cipher, const Household& h, int64_t actor,
                        const std::string& day) {
  int64_t id = InsertHouseholdRow(c, cipher, h, actor);
  CountFileEvent(c, "household_added", id, h.unit_id, day, h.created_at);
  return id;
}

std::optional<Household> GetHousehold(Connection& c, const FieldCipher* cipher, int64_t id) {
  auto row = c.QueryOne(std::string(kHouseholdColumns) + " WHERE h.id = ?", {id});
  if (!row) return std::nullopt;
  return HouseholdFrom(*row, cipher);
}

int64_t InsertPersonRow(Connection& c, const FieldCipher& cipher, const Person& p, int64_t actor) {
  std::string key = IdNumberKey(p.id_number);
  Value id_index = key.empty() ? Value() : Value(cipher.BlindIndex("id", key));
  Value phone_index = p.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", p.phone));
  auto row = c.QueryOne(kInsertPerson,
                        {p.household_id, p.unit_id, p.name, Seal(cipher, key), id_index, MaskIdNumber(key), p.sex,
                         p.birth_date, Seal(cipher, p.phone), phone_index, MaskPhone(p.phone), p.relation, p.is_staff,
                         p.staff_employer, p.staff_duty, p.special_kind, p.special_note, p.returned, p.origin_code,
                         p.origin_name, p.returned_on, actor, p.created_at, p.created_at});
  return row->Int(0);
}

int64_t InsertPerson(Connection& c, const FieldCipher& cipher, const Person& p, int64_t actor, const std::string& day) {
  int64_t id = InsertPersonRow(c, cipher, p, actor);
  CountFileEvent(c, "person_added", id, p.unit_id, day, p.created_at);
  return id;
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

// ---- the files part ----

namespace {

Daily DailyOf(std::string_view kind) {
  if (kind == "household_added") return Daily::kHouseholdsAdded;
  if (kind == "household_removed") return Daily::kHouseholdsRemoved;
  if (kind == "person_added") return Daily::kPersonsAdded;
  if (kind == "person_removed") return Daily::kPersonsRemoved;
  throw Error(ErrorCode::kInternal, "unknown file event " + std::string(kind));
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// "1234" or "123X": the last four characters of a number or phone.
bool IsTail4(std::string_view s) {
  if (s.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i)
    if (!(s[i] >= '0' && s[i] <= '9') && !(i == 3 && (s[i] == 'X' || s[i] == 'x'))) return false;
  return true;
}

std::string Like(const std::string& s) {
  std::string out = "%";
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out + "%";
}

}  // namespace

void CountFileEvent(Connection& c, std::string_view kind, int64_t entity_id, int64_t unit_id, const std::string& day,
                    int64_t at) {
  c.Exec("INSERT INTO resident_file_events (kind, entity_id, unit_id, day, at) VALUES (?, ?, ?, ?, ?)",
         {kind, entity_id, unit_id, day, at});
  AddDaily(c, unit_id, day, {{DailyOf(kind), 1}});
}

void UpdateHousehold(Connection& c, const FieldCipher& cipher, const Household& h) {
  Value phone_index = h.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", h.phone));
  c.Exec("UPDATE households SET building = ?, entrance = ?, room = ?, address = ?, kind = ?, phone_sealed = ?, "
         "phone_index = ?, phone_masked = ?, note = ?, updated_at = ? WHERE id = ?",
         {h.building, h.entrance, h.room, h.address, h.kind, Seal(cipher, h.phone), phone_index, MaskPhone(h.phone),
          h.note, h.updated_at, h.id});
}

void UpdatePerson(Connection& c, const FieldCipher& cipher, const Person& p) {
  std::string key = IdNumberKey(p.id_number);
  Value id_index = key.empty() ? Value() : Value(cipher.BlindIndex("id", key));
  Value phone_index = p.phone.empty() ? Value() : Value(cipher.BlindIndex("phone", p.phone));
  c.Exec("UPDATE persons SET name = ?, id_number_sealed = ?, id_number_index = ?, id_number_masked = ?, sex = ?, "
         "birth_date = ?, phone_sealed = ?, phone_index = ?, phone_masked = ?, relation = ?, is_staff = ?, "
         "staff_employer = ?, staff_duty = ?, special_kind = ?, special_note = ?, returned = ?, origin_code = ?, "
         "origin_name = ?, returned_on = ?, updated_at = ? WHERE id = ?",
         {p.name, Seal(cipher, key), id_index, MaskIdNumber(key), p.sex, p.birth_date, Seal(cipher, p.phone),
          phone_index, MaskPhone(p.phone), p.relation, p.is_staff, p.staff_employer, p.staff_duty, p.special_kind,
          p.special_note, p.returned, p.origin_code, p.origin_name, p.returned_on, p.updated_at, p.id});
}

void SetHouseholdActive(Connection& c, int64_t id, bool active, int64_t at) {
  c.Exec("UPDATE households SET active = ?, updated_at = ? WHERE id = ?", {active, at, id});
}

void SetPersonActive(Connection& c, int64_t id, bool active, int64_t at) {
  c.Exec("UPDATE persons SET active = ?, updated_at = ? WHERE id = ?", {active, at, id});
}

void MovePerson(Connection& c, int64_t id, int64_t household_id, int64_t unit_id, int64_t at) {
  c.Exec("UPDATE persons SET household_id = ?, unit_id = ?, updated_at = ? WHERE id = ?",
         {household_id, unit_id, at, id});
}

std::vector<Household> ListHouseholds(Connection& c, const FieldCipher& cipher, const std::string& scope_path,
                                      const HouseholdFilter& f) {
  std::string sql = std::string(kHouseholdColumns) + " WHERE u.path LIKE ? AND h.id > ?";
  Params params{scope_path + "%", f.after_id};
  if (!f.include_inactive) sql += " AND h.active = 1";
  if (f.unit_id) {
    sql += " AND u.path LIKE (SELECT path FROM units WHERE id = ?) || '%'";
    params.emplace_back(*f.unit_id);
  }
  if (f.kind) {
    sql += " AND h.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.q && !f.q->empty()) {
    const std::string& q = *f.q;
    if (q.size() == 11 && AllDigits(q)) {
      sql += " AND h.phone_index = ?";
      params.emplace_back(cipher.BlindIndex("phone", q));
    } else if (IsTail4(q)) {
      sql += " AND (h.phone_masked LIKE ? OR h.address LIKE ? ESCAPE '\\')";
      params.emplace_back("%" + q);
      params.emplace_back(Like(q));
    } else {
      sql += " AND (h.address LIKE ? ESCAPE '\\' OR h.phone_masked = ?)";
      params.emplace_back(Like(q));
      params.emplace_back(q);
    }
  }
  sql += " ORDER BY h.id LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Household> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(HouseholdFrom(r, nullptr));
  return out;
}

std::vector<Person> ListPersons(Connection& c, const FieldCipher& cipher, const std::string& scope_path,
                                const PersonFilter& f) {
  std::string sql = std::string(kPersonColumns) + " WHERE u.path LIKE ? AND p.id > ?";
  Params params{scope_path + "%", f.after_id};
  if (!f.include_inactive) sql += " AND p.active = 1";
  if (f.unit_id) {
    sql += " AND u.path LIKE (SELECT path FROM units WHERE id = ?) || '%'";
    params.emplace_back(*f.unit_id);
  }
  if (f.household_id) {
    sql += " AND p.household_id = ?";
    params.emplace_back(*f.household_id);
  }
  if (f.tag) {
    if (*f.tag == "staff") sql += " AND p.is_staff = 1";
    else if (*f.tag == "special") sql += " AND p.special_kind <> ''";
    else if (*f.tag == "returned") sql += " AND p.returned = 1";
  }
  if (f.q && !f.q->empty()) {
    std::string q = *f.q;
    std::string key = IdNumberKey(q);
    if (key.size() == 18 && AllDigits(key.substr(0, 17))) {
      sql += " AND p.id_number_index = ?";
      params.emplace_back(cipher.BlindIndex("id", key));
    } else if (q.size() == 11 && AllDigits(q)) {
      sql += " AND p.phone_index = ?";
      params.emplace_back(cipher.BlindIndex("phone", q));
    } else if (IsTail4(q)) {
      for (auto& ch : q) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      sql += " AND (p.id_number_masked LIKE ? OR p.phone_masked LIKE ?)";
      params.emplace_back("%" + q);
      params.emplace_back("%" + q);
    } else if (q.find('*') != std::string::npos) {
      for (auto& ch : q) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      sql += " AND (p.id_number_masked = ? OR p.phone_masked = ?)";
      params.emplace_back(q);
      params.emplace_back(q);
    } else {
      sql += " AND (p.name LIKE ? ESCAPE '\\' OR h.address LIKE ? ESCAPE '\\')";
      params.emplace_back(Like(q));
      params.emplace_back(Like(q));
    }
  }
  sql += " ORDER BY p.id LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Person> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(PersonFrom(r, nullptr));
  return out;
}

std::optional<int64_t> FindHouseholdByAddress(Connection& c, int64_t unit_id, const std::string& address) {
  auto row = c.QueryOne("SELECT id FROM households WHERE unit_id = ? AND address = ? AND active = 1 ORDER BY id LIMIT 1",
                        {unit_id, address});
  if (!row) return std::nullopt;
  return row->Int(0);
}

std::vector<int64_t> FindPersonsByNamePhone(Connection& c, const FieldCipher& cipher, const std::string& name,
                                            const std::string& phone) {
  std::vector<int64_t> out;
  if (phone.empty()) return out;
  for (const auto& r : c.Query("SELECT id FROM persons WHERE phone_index = ? AND name = ? AND active = 1 ORDER BY id",
                               {cipher.BlindIndex("phone", phone), name})
                           .rows)
    out.push_back(r.Int(0));
  return out;
}

std::vector<DuplicatePair> DuplicatePairs(Connection& c, const std::string& scope_path, int limit) {
  constexpr const char* kSql =
      "SELECT 'name_phone', a.id, b.id FROM persons a JOIN persons b ON b.name = a.name AND b.phone_index = a.phone_index "
      "AND b.id > a.id AND b.active = 1 "
      "JOIN units ua ON ua.id = a.unit_id JOIN units ub ON ub.id = b.unit_id "
      "WHERE a.active = 1 AND a.phone_index IS NOT NULL AND (a.id_number_index IS NULL OR b.id_number_index IS NULL) "
      "AND ua.path LIKE ? AND ub.path LIKE ? "
      "UNION ALL "
      "SELECT 'name_birth_date', a.id, b.id FROM persons a JOIN persons b ON b.name = a.name AND b.birth_date = a.birth_date "
      "AND b.id > a.id AND b.active = 1 "
      "JOIN units ua ON ua.id = a.unit_id JOIN units ub ON ub.id = b.unit_id "
      "WHERE a.active = 1 AND a.birth_date <> '' AND ua.path LIKE ? AND ub.path LIKE ? "
      "ORDER BY 2, 3 LIMIT ?";
  std::string like = scope_path + "%";
  std::vector<DuplicatePair> out;
  for (const auto& r : c.Query(kSql, {like, like, like, like, limit}).rows) out.push_back({r.Text(0), r.Int(1), r.Int(2)});
  return out;
}

std::optional<std::string> ImportResult(Connection& c, const std::string& import_key, int64_t actor) {
  auto row = c.QueryOne("SELECT result_json, COALESCE(created_by, 0) FROM resident_imports WHERE import_key = ?", {import_key});
  if (!row) return std::nullopt;
  if (row->Int(1) != actor) throw Error::Conflict("导入编号已被他人使用 import_key is used by another user's import");
  return row->Text(0);
}

void SaveImportResult(Connection& c, const std::string& import_key, int64_t unit_id, int64_t actor,
                      int64_t households, int64_t persons, const std::string& result_json, int64_t at) {
  c.Exec("INSERT INTO resident_imports (import_key, unit_id, created_by, households, persons, result_json, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)",
         {import_key, unit_id, actor ? Value(actor) : Value(), households, persons, result_json, at});
}

void StageImportPart(Connection& c, const std::string& import_key, int64_t part, int64_t actor,
                     const std::string& rows_json, int64_t at) {
  c.Exec("INSERT INTO resident_import_parts (import_key, part, created_by, rows_json, created_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (import_key, part) DO UPDATE SET rows_json = excluded.rows_json, created_at = excluded.created_at "
         "WHERE resident_import_parts.created_by = excluded.created_by",
         {import_key, part, actor, rows_json, at});
}

std::vector<std::pair<int64_t, std::string>> StagedImportParts(Connection& c, const std::string& import_key,
                                                               int64_t actor) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : c.Query("SELECT part, rows_json FROM resident_import_parts WHERE import_key = ? AND created_by = ? "
                               "ORDER BY part",
                               {import_key, actor})
                           .rows)
    out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

void DropImportParts(Connection& c, const std::string& import_key, int64_t actor) {
  c.Exec("DELETE FROM resident_import_parts WHERE import_key = ? AND created_by = ?", {import_key, actor});
}

ReencryptProgress ReencryptBatch(Connection& c, const FieldCipher& cipher, int64_t after_household,
                                 int64_t after_person, int batch) {
  ReencryptProgress out;
  auto again = [&](const Row& r, size_t i) -> Value {
    if (r.IsNull(i)) return Value();
    std::string v = r.Text(i);
    if (!cipher.NeedsReencrypt(v)) return Value(v);
    ++out.rewritten;
    return Value(cipher.Encrypt(cipher.Decrypt(v)));
  };
  if (after_household >= 0) {
    auto rows = c.Query("SELECT id, phone_sealed FROM households WHERE id > ? AND phone_sealed IS NOT NULL ORDER BY id LIMIT ?",
                        {after_household, batch})
                    .rows;
    for (const auto& r : rows) {
      if (!r.IsNull(1) && cipher.NeedsReencrypt(r.Text(1)))
        c.Exec("UPDATE households SET phone_sealed = ? WHERE id = ?", {again(r, 1), r.Int(0)});
    }
    out.last_household = rows.size() == static_cast<size_t>(batch) ? rows.back().Int(0) : -1;
  } else {
    out.last_household = -1;
  }
  if (after_person >= 0) {
    auto rows = c.Query("SELECT id, id_number_sealed, phone_sealed FROM persons WHERE id > ? AND "
                        "(id_number_sealed IS NOT NULL OR phone_sealed IS NOT NULL) ORDER BY id LIMIT ?",
                        {after_person, batch})
                    .rows;
    for (const auto& r : rows) {
      bool a = !r.IsNull(1) && cipher.NeedsReencrypt(r.Text(1));
      bool b = !r.IsNull(2) && cipher.NeedsReencrypt(r.Text(2));
      if (a || b) c.Exec("UPDATE persons SET id_number_sealed = ?, phone_sealed = ? WHERE id = ?", {again(r, 1), again(r, 2), r.Int(0)});
    }
    out.last_person = rows.size() == static_cast<size_t>(batch) ? rows.back().Int(0) : -1;
  } else {
    out.last_person = -1;
  }
  return out;
}

void RecountFiles(Connection& c, DailyRecount& out) {
  for (const auto& r : c.Query("SELECT unit_id, day, kind, COUNT(*) FROM resident_file_events GROUP BY unit_id, day, kind").rows)
    AddRecount(out, r.Int(0), r.Text(1), DailyOf(r.Text(2)), r.Int(3));
}

}  // namespace fk::residents::store
