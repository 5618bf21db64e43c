#include "org/store.h"

namespace fk::org::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;

constexpr const char* kUnitColumns = "SELECT id, parent_id, code, name, level, path, active, created_at, updated_at FROM units";
constexpr const char* kInsertUnit =
    "INSERT INTO units (parent_id, code, name, level, path, active, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, '', ?, ?, ?) RETURNING id";
constexpr const char* kSetUnitPath = "UPDATE units SET path = ? WHERE id = ?";
constexpr const char* kUpdateUnit = "UPDATE units SET code = ?, name = ?, active = ?, updated_at = ? WHERE id = ?";
constexpr const char* kCountActiveChildren =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ? AND active = 1) + "
    "(SELECT COUNT(*) FROM points WHERE unit_id = ? AND active = 1)";

constexpr const char* kPointColumns =
    "SELECT p.id, p.unit_id, un.name, un.path, p.name, p.kind, p.place, p.lat, p.lng, p.active, p.created_at, "
    "p.updated_at FROM points p JOIN units un ON un.id = p.unit_id";
constexpr const char* kInsertPoint =
    "INSERT INTO points (unit_id, name, kind, place, lat, lng, active, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdatePoint =
    "UPDATE points SET unit_id = ?, name = ?, kind = ?, place = ?, lat = ?, lng = ?, active = ?, updated_at = ? "
    "WHERE id = ?";
constexpr const char* kPointNameTaken = "SELECT 1 FROM points WHERE unit_id = ? AND name = ? AND id <> ?";

constexpr const char* kStaffColumns =
    "SELECT s.id, s.unit_id, un.name, un.path, s.name, s.phone, s.party_member, s.cadre_category, s.duty, s.active, "
    "s.created_at, s.updated_at FROM staff s JOIN units un ON un.id = s.unit_id";
constexpr const char* kInsertStaff =
    "INSERT INTO staff (unit_id, name, phone, phone_index, party_member, cadre_category, duty, active, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateStaff =
    "UPDATE staff SET unit_id = ?, name = ?, phone = ?, phone_index = ?, party_member = ?, cadre_category = ?, "
    "duty = ?, active = ?, updated_at = ? WHERE id = ?";

Value I(int64_t v) { return Value(static_cast<long long>(v)); }

Unit UnitFromRow(const Row& r) {
  Unit u;
  u.id = r.Int(0);
  u.parent_id = r.OptInt(1);
  u.code = r.Text(2);
  u.name = r.Text(3);
  u.level = r.Text(4);
  u.path = r.Text(5);
  u.active = r.Bool(6);
  u.created_at = r.Int(7);
  u.updated_at = r.Int(8);
  return u;
}

Point PointFromRow(const Row& r) {
  Point p;
  p.id = r.Int(0);
  p.unit_id = r.Int(1);
  p.unit_name = r.Text(2);
  p.unit_path = r.Text(3);
  p.name = r.Text(4);
  p.kind = r.Text(5);
  p.place = r.Text(6);
  p.lat = r.OptReal(7);
  p.lng = r.OptReal(8);
  p.active = r.Bool(9);
  p.created_at = r.Int(10);
  p.updated_at = r.Int(11);
  return p;
}

Value SealedPhone(const FieldCipher* cipher, const std::string& phone) {
  return cipher && !phone.empty() ? Value(cipher->Encrypt(phone)) : Value(phone);
}
Value PhoneIndex(const FieldCipher* cipher, const std::string& phone) {
  return cipher && !phone.empty() ? Value(cipher->BlindIndex("phone", phone)) : Value();
}

Staff StaffFromRow(const Row& r, const FieldCipher* cipher) {
  Staff s;
  s.id = r.Int(0);
  s.unit_id = r.Int(1);
  s.unit_name = r.Text(2);
  s.unit_path = r.Text(3);
  s.name = r.Text(4);
  s.phone = r.Text(5);
  if (cipher && s.phone.rfind("fe1.", 0) == 0) s.phone = cipher->Decrypt(s.phone);
  s.party_member = r.Bool(6);
  s.cadre_category = r.Text(7);
  s.duty = r.Text(8);
  s.active = r.Bool(9);
  s.created_at = r.Int(10);
  s.updated_at = r.Int(11);
  return s;
}

// Appends the common list conditions; `alias` is the main table's alias ("" for units).
void AddCommon(std::string& sql, Params& params, const char* path_col, const char* id_col, const char* active_col,
               const std::string& scope_path, const ListFilter& f) {
  sql += std::string(" WHERE ") + path_col + " LIKE ? AND " + id_col + " > ?";
  params.emplace_back(scope_path + "%");
  params.push_back(I(f.after_id));
  if (f.active) {
    sql += std::string(" AND ") + active_col + " = ?";
    params.emplace_back(*f.active);
  }
}

}  // namespace

std::optional<Unit> GetUnit(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kUnitColumns) + " WHERE id = ?", {I(id)});
  return r ? std::optional<Unit>(UnitFromRow(*r)) : std::nullopt;
}

std::optional<Unit> GetUnitByCode(Connection& c, const std::string& code) {
  auto r = c.QueryOne(std::string(kUnitColumns) + " WHERE code = ?", {code});
  return r ? std::optional<Unit>(UnitFromRow(*r)) : std::nullopt;
}

std::vector<Unit> ListUnits(Connection& c, const std::string& scope_path, const ListFilter& f) {
  std::string sql = kUnitColumns;
  Params params;
  AddCommon(sql, params, "path", "id", "active", scope_path, f);
  if (f.unit_id) {
    sql += " AND parent_id = ?";
    params.push_back(I(*f.unit_id));
  }
  if (f.kind) {
    sql += " AND level = ?";
    params.emplace_back(*f.kind);
  }
  if (f.q) {
    sql += " AND (name LIKE ? OR code LIKE ?)";
    params.emplace_back("%" + *f.q + "%");
    params.emplace_back(*f.q + "%");
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Unit> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(UnitFromRow(r));
  return out;
}

std::vector<Unit> UnitSubtree(Connection& c, const std::string& scope_path) {
  std::vector<Unit> out;
  for (const auto& r : c.Query(std::string(kUnitColumns) + " WHERE path LIKE ? ORDER BY path", {scope_path + "%"}).rows)
    out.push_back(UnitFromRow(r));
  return out;
}

int64_t InsertUnit(Connection& c, const Unit& u) {
  Value parent = u.parent_id ? I(*u.parent_id) : Value();
  int64_t id =
      c.Query(kInsertUnit, {parent, u.code, u.name, u.level, u.active, I(u.created_at), I(u.updated_at)}).front().Int(0);
  std::string parent_path = "/";
  if (u.parent_id) parent_path = GetUnit(c, *u.parent_id)->path;
  c.Exec(kSetUnitPath, {parent_path + std::to_string(id) + "/", I(id)});
  return id;
}

void UpdateUnit(Connection& c, const Unit& u) {
  c.Exec(kUpdateUnit, {u.code, u.name, u.active, I(u.updated_at), I(u.id)});
}

int64_t CountActiveChildren(Connection& c, int64_t unit_id) {
  return c.QueryOne(kCountActiveChildren, {I(unit_id), I(unit_id)})->Int(0);
}

std::optional<Point> GetPoint(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kPointColumns) + " WHERE p.id = ?", {I(id)});
  return r ? std::optional<Point>(PointFromRow(*r)) : std::nullopt;
}

std::vector<Point> ListPoints(Connection& c, const std::string& scope_path, const ListFilter& f) {
  std::string sql = kPointColumns;
  Params params;
  AddCommon(sql, params, "un.path", "p.id", "p.active", scope_path, f);
  if (f.kind) {
    sql += " AND p.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.q) {
    sql += " AND (p.name LIKE ? OR p.place LIKE ?)";
    params.emplace_back("%" + *f.q + "%");
    params.emplace_back("%" + *f.q + "%");
  }
  sql += " ORDER BY p.id LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Point> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(PointFromRow(r));
  return out;
}

bool PointNameTaken(Connection& c, int64_t unit_id, const std::string& name, int64_t except_id) {
  return c.QueryOne(kPointNameTaken, {I(unit_id), name, I(except_id)}).has_value();
}

int64_t InsertPoint(Connection& c, const Point& p) {
  return c
      .Query(kInsertPoint, {I(p.unit_id), p.name, p.kind, p.place, Value(p.lat), Value(p.lng), p.active,
                            I(p.created_at), I(p.updated_at)})
      .front()
      .Int(0);
}

void UpdatePoint(Connection& c, const Point& p) {
  c.Exec(kUpdatePoint, {I(p.unit_id), p.name, p.kind, p.place, Value(p.lat), Value(p.lng), p.active, I(p.updated_at),
                        I(p.id)});
}

std::optional<Staff> GetStaff(Connection& c, const FieldCipher* cipher, int64_t id) {
  auto r = c.QueryOne(std::string(kStaffColumns) + " WHERE s.id = ?", {I(id)});
  return r ? std::optional<Staff>(StaffFromRow(*r, cipher)) : std::nullopt;
}

std::vector<Staff> ListStaff(Connection& c, const FieldCipher* cipher, const std::string& scope_path,
                             const ListFilter& f) {
  std::string sql = kStaffColumns;
  Params params;
  AddCommon(sql, params, "un.path", "s.id", "s.active", scope_path, f);
  if (f.kind) {
    sql += " AND s.cadre_category = ?";
    params.emplace_back(*f.kind);
  }
  if (f.party_member) {
    sql += " AND s.party_member = ?";
    params.emplace_back(*f.party_member);
  }
  if (f.q) {
    sql += " AND (s.name LIKE ? OR s.duty LIKE ?)";
    params.emplace_back("%" + *f.q + "%");
    params.emplace_back("%" + *f.q + "%");
  }
  sql += " ORDER BY s.id LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Staff> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(StaffFromRow(r, cipher));
  return out;
}

int64_t InsertStaff(Connection& c, const FieldCipher* cipher, const Staff& s) {
  return c
      .Query(kInsertStaff, {I(s.unit_id), s.name, SealedPhone(cipher, s.phone), PhoneIndex(cipher, s.phone),
                            s.party_member, s.cadre_category, s.duty, s.active, I(s.created_at), I(s.updated_at)})
      .front()
      .Int(0);
}

void UpdateStaff(Connection& c, const FieldCipher* cipher, const Staff& s) {
  c.Exec(kUpdateStaff, {I(s.unit_id), s.name, SealedPhone(cipher, s.phone), PhoneIndex(cipher, s.phone),
                        s.party_member, s.cadre_category, s.duty, s.active, I(s.updated_at), I(s.id)});
}

int64_t SealStaffPhones(Connection& c, const FieldCipher& cipher) {
  int64_t n = 0;
  for (const auto& r : c.Query("SELECT id, phone FROM staff WHERE phone <> '' AND phone NOT LIKE 'fe1.%'").rows) {
    std::string phone = r.Text(1);
    n += c.Exec("UPDATE staff SET phone = ?, phone_index = ? WHERE id = ?",
                {cipher.Encrypt(phone), cipher.BlindIndex("phone", phone), I(r.Int(0))});
  }
  return n;
}

}  // namespace fk::org::store
