#include "command/firms/store.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace fk::command::firms::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;
using Json = nlohmann::json;

constexpr const char* kInsertFirm =
    "INSERT INTO firms (name, credit_code, address, unit_id, industry, staff_count, staff_from_outside, measures, "
    "measures_note, contact_name, contact_phone, contact_phone_masked, status, return_reasons, submitted_at, "
    "reviewed_at, reviewed_by, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateFirm =
    "UPDATE firms SET name = ?, credit_code = ?, address = ?, unit_id = ?, industry = ?, staff_count = ?, "
    "staff_from_outside = ?, measures = ?, measures_note = ?, contact_name = ?, contact_phone = ?, "
    "contact_phone_masked = ?, status = ?, return_reasons = ?, submitted_at = ?, reviewed_at = ?, reviewed_by = ?, "
    "updated_at = ? WHERE id = ? AND status = ?";
constexpr const char* kFirmColumns =
    "SELECT f.id, f.name, f.credit_code, f.address, f.unit_id, u.name, u.path, f.industry, f.staff_count, "
    "f.staff_from_outside, f.measures, f.measures_note, f.contact_name, f.contact_phone, f.contact_phone_masked, "
    "f.status, f.return_reasons, f.submitted_at, f.reviewed_at, f.reviewed_by, COALESCE(ru.display_name, ''), "
    "f.created_by, COALESCE(cu.display_name, ''), f.created_at, f.updated_at, "
    "(SELECT COUNT(*) FROM firm_staff s WHERE s.firm_id = f.id), "
    "COALESCE((SELECT r.by_user FROM firm_reviews r WHERE r.firm_id = f.id AND r.action IN ('submit', 'resubmit') "
    "ORDER BY r.id DESC LIMIT 1), 0) "
    "FROM firms f JOIN units u ON u.id = f.unit_id LEFT JOIN users ru ON ru.id = f.reviewed_by "
    "LEFT JOIN users cu ON cu.id = f.created_by";
constexpr const char* kLiveByCode =
    "SELECT id FROM firms WHERE credit_code = ? AND status <> 'withdrawn' AND id <> ? LIMIT 1";
constexpr const char* kInsertReview =
    "INSERT INTO firm_reviews (firm_id, action, reasons, by_user, by_name, at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kListReviews =
    "SELECT id, action, reasons, by_user, by_name, at FROM firm_reviews WHERE firm_id = ? ORDER BY id";
constexpr const char* kStaffColumns =
    "SELECT id, firm_id, name, id_number, id_index, id_number_masked, phone, phone_masked, plate, origin, "
    "expected_day, created_by, created_at FROM firm_staff";
constexpr const char* kStaffListed = "SELECT 1 FROM firm_staff WHERE firm_id = ? AND id_index = ?";
constexpr const char* kInsertStaff =
    "INSERT INTO firm_staff (firm_id, name, id_number, id_index, id_number_masked, phone, phone_masked, plate, "
    "origin, expected_day, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kDeleteStaff = "DELETE FROM firm_staff WHERE id = ?";
constexpr const char* kImportResult =
    "SELECT firm_id, result FROM firm_staff_imports WHERE import_key = ? AND user_id = ?";
constexpr const char* kSaveImport =
    "INSERT INTO firm_staff_imports (import_key, user_id, firm_id, result, at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kApprovedByPlate =
    "SELECT DISTINCT f.id, f.name FROM firm_staff s JOIN firms f ON f.id = s.firm_id "
    "WHERE s.plate = ? AND f.status = 'approved' ORDER BY f.id LIMIT 10";
constexpr const char* kApprovedByIdIndex =
    "SELECT DISTINCT f.id, f.name FROM firm_staff s JOIN firms f ON f.id = s.firm_id "
    "WHERE s.id_index = ? AND f.status = 'approved' ORDER BY f.id LIMIT 10";

std::string ListJson(const std::vector<std::string>& v) { return Json(v).dump(); }

std::vector<std::string> ListFrom(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

Params FirmParams(const Firm& f) {
  return {f.name,
          f.credit_code,
          f.address,
          Value(f.unit_id),
          f.industry,
          Value(f.staff_count),
          Value(f.staff_from_outside),
          ListJson(f.measures),
          f.measures_note,
          f.contact_name,
          f.contact_phone,
          f.contact_phone_masked,
          f.status,
          ListJson(f.return_reasons),
          Value(f.submitted_at),
          Value(f.reviewed_at),
          Value(f.reviewed_by)};
}

Firm FirmFrom(const Row& r) {
  Firm f;
  f.id = r.Int(0);
  f.name = r.Text(1);
  f.credit_code = r.Text(2);
  f.address = r.Text(3);
  f.unit_id = r.Int(4);
  f.unit_name = r.Text(5);
  f.unit_path = r.Text(6);
  f.industry = r.Text(7);
  f.staff_count = r.Int(8);
  f.staff_from_outside = r.Int(9);
  f.measures = ListFrom(r.Text(10));
  f.measures_note = r.Text(11);
  f.contact_name = r.Text(12);
  f.contact_phone = r.Text(13);
  f.contact_phone_masked = r.Text(14);
  f.status = r.Text(15);
  f.return_reasons = ListFrom(r.Text(16));
  f.submitted_at = r.OptInt(17);
  f.reviewed_at = r.OptInt(18);
  f.reviewed_by = r.OptInt(19);
  f.reviewed_by_name = r.Text(20);
  f.created_by = r.Int(21);
  f.created_by_name = r.Text(22);
  f.created_at = r.Int(23);
  f.updated_at = r.Int(24);
  f.staff_listed = r.Int(25);
  f.last_submitted_by = r.Int(26);
  return f;
}

Staff StaffFrom(const Row& r) {
  Staff s;
  s.id = r.Int(0);
  s.firm_id = r.Int(1);
  s.name = r.Text(2);
  s.id_number = r.Text(3);
  s.id_index = r.Text(4);
  s.id_number_masked = r.Text(5);
  s.phone = r.Text(6);
  s.phone_masked = r.Text(7);
  s.plate = r.OptText(8);
  s.origin = r.Text(9);
  s.expected_day = r.OptText(10);
  s.created_by = r.Int(11);
  s.created_at = r.Int(12);
  return s;
}

std::vector<RecogniseMatch> Matches(Connection& c, const char* sql, const std::string& key, const char* by) {
  std::vector<RecogniseMatch> out;
  for (const auto& r : c.Query(sql, {key}).rows) out.push_back({r.Int(0), r.Text(1), by});
  return out;
}

}  // namespace

int64_t InsertFirm(Connection& c, const Firm& f) {
  Params p = FirmParams(f);
  p.emplace_back(f.created_by);
  p.emplace_back(f.created_at);
  p.emplace_back(f.updated_at);
  return c.QueryOne(kInsertFirm, p)->Int(0);
}

bool UpdateFirm(Connection& c, const Firm& f, const std::string& from_status) {
  Params p = FirmParams(f);
  p.emplace_back(f.updated_at);
  p.emplace_back(f.id);
  p.emplace_back(from_status);
  return c.Exec(kUpdateFirm, p) > 0;
}

std::optional<Firm> GetFirm(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kFirmColumns) + " WHERE f.id = ?", {id});
  if (!r) return std::nullopt;
  return FirmFrom(*r);
}

std::vector<Firm> ListFirms(Connection& c, const std::string& scope_path, const FirmFilter& f) {
  std::string sql = std::string(kFirmColumns) + " WHERE u.path LIKE ?";
  Params params{scope_path + "%"};
  if (f.status) sql += " AND f.status = ?", params.emplace_back(*f.status);
  if (f.unit_id) {
    sql += " AND u.path LIKE (SELECT path FROM units WHERE id = ?) || '%'";
    params.emplace_back(*f.unit_id);
  }
  if (f.q && !f.q->empty()) {
    // Case-insensitive on both backends (SQLite's LIKE folds ASCII, PostgreSQL's does not): names are
    // compared lower-cased, credit codes (stored upper-case) against the upper-cased query; the user's
    // % and _ match themselves.
    sql +=
        " AND (LOWER(f.name) LIKE ? ESCAPE '\\' OR f.credit_code LIKE ? ESCAPE '\\' OR LOWER(f.contact_name) LIKE ? "
        "ESCAPE '\\')";
    std::string escaped;
    for (char ch : *f.q) {
      if (ch == '\\' || ch == '%' || ch == '_') escaped += '\\';
      escaped += ch;
    }
    std::string lower = escaped, upper = escaped;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    params.emplace_back("%" + lower + "%");
    params.emplace_back("%" + upper + "%");
    params.emplace_back("%" + lower + "%");
  }
  if (f.before_id > 0) sql += " AND f.id < ?", params.emplace_back(f.before_id);
  sql += " ORDER BY f.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Firm> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(FirmFrom(r));
  return out;
}

std::optional<int64_t> LiveFirmByCreditCode(Connection& c, const std::string& code, int64_t except_id) {
  auto r = c.QueryOne(kLiveByCode, {code, except_id});
  if (!r) return std::nullopt;
  return r->Int(0);
}

void InsertReview(Connection& c, int64_t firm_id, const Review& r) {
  c.Exec(kInsertReview, {firm_id, r.action, ListJson(r.reasons), r.by_user, r.by_name, r.at});
}

std::vector<Review> ListReviews(Connection& c, int64_t firm_id) {
  std::vector<Review> out;
  for (const auto& r : c.Query(kListReviews, {firm_id}).rows)
    out.push_back({r.Int(0), r.Text(1), ListFrom(r.Text(2)), r.Int(3), r.Text(4), r.Int(5)});
  return out;
}

std::vector<Staff> ListStaff(Connection& c, int64_t firm_id) {
  std::vector<Staff> out;
  for (const auto& r : c.Query(std::string(kStaffColumns) + " WHERE firm_id = ? ORDER BY id", {firm_id}).rows)
    out.push_back(StaffFrom(r));
  return out;
}

std::optional<Staff> GetStaff(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kStaffColumns) + " WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return StaffFrom(*r);
}

bool StaffListed(Connection& c, int64_t firm_id, const std::string& id_index) {
  return c.QueryOne(kStaffListed, {firm_id, id_index}).has_value();
}

int64_t InsertStaff(Connection& c, const Staff& s) {
  return c
      .QueryOne(kInsertStaff, {s.firm_id, s.name, s.id_number, s.id_index, s.id_number_masked, s.phone,
                               s.phone_masked, Value(s.plate), s.origin, Value(s.expected_day), s.created_by,
                               s.created_at})
      ->Int(0);
}

void DeleteStaff(Connection& c, int64_t id) { c.Exec(kDeleteStaff, {id}); }

std::optional<std::pair<int64_t, std::string>> ImportResultJson(Connection& c, const std::string& key, int64_t user_id) {
  auto r = c.QueryOne(kImportResult, {key, user_id});
  if (!r) return std::nullopt;
  return std::pair{r->Int(0), r->Text(1)};
}

void SaveImportResult(Connection& c, const std::string& key, int64_t user_id, int64_t firm_id, const std::string& json,
                      int64_t at) {
  c.Exec(kSaveImport, {key, user_id, firm_id, json, at});
}

std::vector<RecogniseMatch> ApprovedByPlate(Connection& c, const std::string& plate) {
  return Matches(c, kApprovedByPlate, plate, "plate");
}

std::vector<RecogniseMatch> ApprovedByIdIndex(Connection& c, const std::string& id_index) {
  return Matches(c, kApprovedByIdIndex, id_index, "id_number");
}

}  // namespace fk::command::firms::store
