#include "screening/store.h"

#include <nlohmann/json.hpp>

#include "core/masking.h"

namespace fk::screening::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;
using Json = nlohmann::json;

Value I(int64_t v) { return Value(static_cast<long long>(v)); }
Value OptI(const std::optional<int64_t>& v) { return v ? I(*v) : Value(); }

constexpr const char* kCurrentRules =
    "SELECT version, rules_json FROM screening_rule_sets ORDER BY version DESC LIMIT 1";
constexpr const char* kRulesByVersion = "SELECT rules_json FROM screening_rule_sets WHERE version = ?";
constexpr const char* kListRules =
    "SELECT r.version, r.rules_json, r.note, r.created_by, COALESCE(u.display_name, ''), r.created_at "
    "FROM screening_rule_sets r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.version DESC";
constexpr const char* kInsertRules =
    "INSERT INTO screening_rule_sets (version, rules_json, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)";

constexpr const char* kInsertPassagesHead =
    "INSERT INTO passages (client_key, point_id, unit_id, day, vehicle_kind, plate, direction, occupants, people, "
    "people_tested, fever_count, origin_code, origin_name, destination, purpose, suggested, decision, reason, "
    "rule_version, operator_id, device_time, server_time, firm_id, suggested_note) VALUES ";
constexpr const char* kPassageColumns =
    "SELECT p.id, p.client_key, p.point_id, p.unit_id, pt.name, p.day, p.vehicle_kind, p.plate, p.direction, "
    "p.occupants, p.people, p.people_tested, p.fever_count, p.origin_code, p.origin_name, p.destination, p.purpose, "
    "p.suggested, p.decision, p.reason, p.rule_version, p.operator_id, p.device_time, p.server_time, "
    "COALESCE(u.display_name, ''), p.firm_id, p.suggested_note FROM passages p JOIN points pt ON pt.id = p.point_id "
    "LEFT JOIN users u ON u.id = p.operator_id";

constexpr const char* kInsertHandover =
    "INSERT INTO handovers (passage_id, source, point_id, unit_id, day, person_name, id_number, phone, temperature, "
    "found_at, person_id, source_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kHandoverColumns =
    "SELECT h.id, h.passage_id, h.source, h.point_id, h.unit_id, COALESCE(pt.name, ''), h.day, h.person_name, h.id_number, h.phone, "
    "h.temperature, h.found_at, h.receiver_id, COALESCE(r.name, ''), COALESCE(h.receipt_method, ''), h.receipted_at, "
    "h.receipted_by, h.outcome, h.outcome_note, h.outcome_at, h.outcome_by, h.person_id, h.source_ref "
    "FROM handovers h LEFT JOIN points pt ON pt.id = h.point_id LEFT JOIN handover_receivers r ON r.id = h.receiver_id";
constexpr const char* kSetReceipt =
    "UPDATE handovers SET receiver_id = ?, receipt_method = ?, receipted_at = ?, receipted_by = ? WHERE id = ?";
constexpr const char* kSetOutcome =
    "UPDATE handovers SET outcome = ?, outcome_note = ?, outcome_at = ?, outcome_by = ? WHERE id = ?";
constexpr const char* kHandoverIds = "SELECT id FROM handovers WHERE passage_id = ? ORDER BY id";

constexpr const char* kInsertReceiver =
    "INSERT INTO handover_receivers (name, kind, unit_id, code_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?) "
    "RETURNING id";
constexpr const char* kReceiverColumns =
    "SELECT r.id, r.name, r.kind, r.unit_id, u.name, r.active, r.created_at FROM handover_receivers r "
    "JOIN units u ON u.id = r.unit_id";

constexpr const char* kAddFigures =
    "INSERT INTO screening_daily (point_id, day, unit_id, vehicles, people, people_tested, vehicles_turned_back, "
    "people_turned_back, fever, handovers, handovers_receipted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (point_id, day) DO UPDATE SET "
    "vehicles = screening_daily.vehicles + excluded.vehicles, "
    "people = screening_daily.people + excluded.people, "
    "people_tested = screening_daily.people_tested + excluded.people_tested, "
    "vehicles_turned_back = screening_daily.vehicles_turned_back + excluded.vehicles_turned_back, "
    "people_turned_back = screening_daily.people_turned_back + excluded.people_turned_back, "
    "fever = screening_daily.fever + excluded.fever, "
    "handovers = screening_daily.handovers + excluded.handovers, "
    "handovers_receipted = screening_daily.handovers_receipted + excluded.handovers_receipted";
constexpr const char* kFigureSums =
    "SUM(d.vehicles), SUM(d.people), SUM(d.people_tested), SUM(d.vehicles_turned_back), SUM(d.people_turned_back), "
    "SUM(d.fever), SUM(d.handovers), SUM(d.handovers_receipted)";
constexpr const char* kScopeUnits = "d.unit_id IN (SELECT id FROM units WHERE path LIKE ?)";

constexpr const char* kRecountPassages =
    "SELECT point_id, day, SUM(CASE WHEN vehicle_kind <> 'on_foot' THEN 1 ELSE 0 END), SUM(people), "
    "SUM(people_tested), SUM(CASE WHEN decision = 'turned_back' AND vehicle_kind <> 'on_foot' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN decision = 'turned_back' THEN people ELSE 0 END), SUM(fever_count) FROM passages "
    "GROUP BY point_id, day";
constexpr const char* kRecountHandovers =
    "SELECT point_id, day, COUNT(*), SUM(CASE WHEN receipted_at IS NOT NULL THEN 1 ELSE 0 END) FROM handovers "
    "WHERE source = 'checkpoint' GROUP BY point_id, day";
constexpr const char* kStoredFigures =
    "SELECT point_id, day, vehicles, people, people_tested, vehicles_turned_back, people_turned_back, fever, "
    "handovers, handovers_receipted FROM screening_daily";

std::string OccupantsJson(const std::vector<Occupant>& occupants) {
  Json a = Json::array();
  for (const auto& o : occupants) {
    Json j = {{"t", o.temperature ? Json(*o.temperature) : Json()}};
    if (!o.name.empty()) j["n"] = o.name;
    if (!o.id_number.empty()) j["i"] = o.id_number, j["im"] = o.id_number_masked;
    if (!o.phone.empty()) j["p"] = o.phone, j["pm"] = o.phone_masked;
    a.push_back(std::move(j));
  }
  return a.dump();
}

std::vector<Occupant> OccupantsFrom(const std::string& text) {
  std::vector<Occupant> out;
  Json a = Json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const auto& j : a) {
    Occupant o;
    if (j.contains("t") && j["t"].is_number_integer()) o.temperature = j["t"].get<int>();
    o.name = j.value("n", "");
    o.id_number = j.value("i", "");
    o.phone = j.value("p", "");
    o.id_number_masked = j.value("im", "");
    o.phone_masked = j.value("pm", "");
    // Rows written before sealing (or without a cipher) hold the values themselves.
    if (o.id_number_masked.empty() && o.id_number.rfind("fe1.", 0) != 0) o.id_number_masked = MaskIdNumber(o.id_number);
    if (o.phone_masked.empty() && o.phone.rfind("fe1.", 0) != 0) o.phone_masked = MaskPhone(o.phone);
    out.push_back(std::move(o));
  }
  return out;
}

Passage PassageFrom(const Row& r) {
  Passage p;
  p.id = r.Int(0);
  p.client_key = r.Text(1);
  p.point_id = r.Int(2);
  p.unit_id = r.Int(3);
  p.point_name = r.Text(4);
  p.day = r.Text(5);
  p.vehicle_kind = r.Text(6);
  p.plate = r.OptText(7);
  p.direction = r.Text(8);
  p.occupants = OccupantsFrom(r.Text(9));
  p.people = static_cast<int>(r.Int(10));
  p.people_tested = static_cast<int>(r.Int(11));
  p.fever_count = static_cast<int>(r.Int(12));
  p.origin_code = r.Text(13);
  p.origin_name = r.Text(14);
  p.destination = r.Text(15);
  p.purpose = r.Text(16);
  p.suggested = r.Text(17);
  p.decision = r.Text(18);
  p.reason = r.Text(19);
  p.rule_version = static_cast<int>(r.Int(20));
  p.operator_id = r.Int(21);
  p.device_time = r.Int(22);
  p.server_time = r.Int(23);
  p.operator_name = r.Text(24);
  p.firm_id = r.OptInt(25);
  p.suggested_note = r.Text(26);
  return p;
}

Handover HandoverFrom(const Row& r) {
  Handover h;
  h.id = r.Int(0);
  h.passage_id = r.OptInt(1);
  h.source = r.Text(2);
  h.point_id = r.Int(3);
  h.unit_id = r.Int(4);
  h.point_name = r.Text(5);
  h.day = r.Text(6);
  h.person.name = r.Text(7);
  h.person.id_number = r.Text(8);
  h.person.phone = r.Text(9);
  h.person.temperature = static_cast<int>(r.Int(10));
  h.found_at = r.Int(11);
  h.receiver_id = r.OptInt(12);
  h.receiver_name = r.Text(13);
  h.receipt_method = r.Text(14);
  h.receipted_at = r.OptInt(15);
  h.receipted_by = r.OptInt(16);
  h.outcome = r.OptText(17);
  h.outcome_note = r.Text(18);
  h.outcome_at = r.OptInt(19);
  h.outcome_by = r.OptInt(20);
  h.person_id = r.OptInt(21);
  h.source_ref = r.OptInt(22);
  return h;
}

Receiver ReceiverFrom(const Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Bool(5), r.Int(6)};
}

Figures FiguresFrom(const Row& r, size_t first) {
  Figures f;
  f.vehicles = r.Int(first);
  f.people = r.Int(first + 1);
  f.people_tested = r.Int(first + 2);
  f.vehicles_turned_back = r.Int(first + 3);
  f.people_turned_back = r.Int(first + 4);
  f.fever = r.Int(first + 5);
  f.handovers = r.Int(first + 6);
  f.handovers_receipted = r.Int(first + 7);
  return f;
}

// "WHERE scope [AND point] AND day BETWEEN" for the rollup queries.
std::string RollupWhere(Params& params, const std::string& scope_path, std::optional<int64_t> point_id) {
  std::string w = std::string(" WHERE ") + kScopeUnits;
  params.emplace_back(scope_path + "%");
  if (point_id) {
    w += " AND d.point_id = ?";
    params.push_back(I(*point_id));
  }
  return w;
}

}  // namespace

std::optional<std::pair<int, std::string>> CurrentRules(Connection& c) {
  auto r = c.QueryOne(kCurrentRules);
  if (!r) return std::nullopt;
  return std::make_pair(static_cast<int>(r->Int(0)), r->Text(1));
}

std::optional<std::string> RulesByVersion(Connection& c, int version) {
  auto r = c.QueryOne(kRulesByVersion, {version});
  return r ? std::optional<std::string>(r->Text(0)) : std::nullopt;
}

std::vector<RuleVersion> ListRuleVersions(Connection& c, int limit) {
  std::vector<RuleVersion> out;
  auto rows = limit > 0 ? c.Query(std::string(kListRules) + " LIMIT ?", {limit}).rows : c.Query(kListRules).rows;
  for (const auto& r : rows)
    out.push_back({static_cast<int>(r.Int(0)), r.Text(1), r.Text(2), r.Text(4), r.OptInt(3), r.Int(5)});
  return out;
}

void InsertRules(Connection& c, int version, const std::string& json, const std::string& note,
                 std::optional<int64_t> user_id, int64_t at_ms) {
  c.Exec(kInsertRules, {version, json, note, OptI(user_id), I(at_ms)});
}

std::map<std::string, int64_t> InsertPassages(Connection& c, const std::vector<const Passage*>& rows) {
  std::map<std::string, int64_t> out;
  size_t done = 0;
  while (done < rows.size()) {
    // Chunks of 256, 128, ... 1 rows: a handful of statement shapes, each prepared once per connection.
    size_t n = 256;
    while (n > rows.size() - done) n /= 2;
    std::string sql = kInsertPassagesHead;
    Params params;
    params.reserve(n * 24);
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      const Passage& p = *rows[done + i];
      for (Value v : {Value(p.client_key), I(p.point_id), I(p.unit_id), Value(p.day), Value(p.vehicle_kind),
                      Value(p.plate), Value(p.direction), Value(OccupantsJson(p.occupants)), Value(p.people),
                      Value(p.people_tested), Value(p.fever_count), Value(p.origin_code), Value(p.origin_name),
                      Value(p.destination), Value(p.purpose), Value(p.suggested), Value(p.decision), Value(p.reason),
                      Value(p.rule_version), I(p.operator_id), I(p.device_time), I(p.server_time), Value(p.firm_id),
                      Value(p.suggested_note)})
        params.push_back(std::move(v));
    }
    sql += " ON CONFLICT (client_key) DO NOTHING RETURNING id, client_key";
    for (const auto& r : c.Query(sql, params).rows) out[r.Text(1)] = r.Int(0);
    done += n;
  }
  return out;
}

std::optional<Passage> GetPassage(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kPassageColumns) + " WHERE p.id = ?", {I(id)});
  if (!r) return std::nullopt;
  Passage p = PassageFrom(*r);
  p.handover_ids = HandoverIdsOf(c, p.id);
  return p;
}

std::optional<Passage> GetPassageByClientKey(Connection& c, const std::string& client_key) {
  auto r = c.QueryOne(std::string(kPassageColumns) + " WHERE p.client_key = ?", {client_key});
  if (!r) return std::nullopt;
  Passage p = PassageFrom(*r);
  p.handover_ids = HandoverIdsOf(c, p.id);
  return p;
}

std::vector<Passage> ListPassages(Connection& c, const std::string& scope_path, const PassageFilter& f) {
  std::string sql = std::string(kPassageColumns) + " WHERE p.unit_id IN (SELECT id FROM units WHERE path LIKE ?)";
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND p.id < ?", I(f.before_id));
  if (f.from_day) add(" AND p.day >= ?", *f.from_day);
  if (f.to_day) add(" AND p.day <= ?", *f.to_day);
  if (f.point_id) add(" AND p.point_id = ?", I(*f.point_id));
  if (f.unit_id) add(" AND p.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')", I(*f.unit_id));
  if (f.plate) add(" AND p.plate LIKE ?", "%" + *f.plate + "%");
  if (f.decision) add(" AND p.decision = ?", *f.decision);
  if (f.fever_only) sql += " AND p.fever_count > 0";
  sql += " ORDER BY p.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Passage> out;
  for (const auto& r : c.Query(sql, params).rows) {
    out.push_back(PassageFrom(r));
    if (out.back().fever_count > 0) out.back().handover_ids = HandoverIdsOf(c, out.back().id);
  }
  return out;
}

int64_t InsertHandover(Connection& c, const Handover& h) {
  return c
      .Query(kInsertHandover, {OptI(h.passage_id), h.source, h.point_id ? Value(h.point_id) : Value(), I(h.unit_id), h.day,
                               h.person.name, h.person.id_number, h.person.phone, h.person.temperature.value_or(0),
                               I(h.found_at), OptI(h.person_id), OptI(h.source_ref)})
      .front()
      .Int(0);
}

std::optional<Handover> GetHandover(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kHandoverColumns) + " WHERE h.id = ?", {I(id)});
  return r ? std::optional<Handover>(HandoverFrom(*r)) : std::nullopt;
}

std::vector<Handover> ListHandovers(Connection& c, const std::string& scope_path, const HandoverFilter& f) {
  std::string sql = std::string(kHandoverColumns) + " WHERE h.unit_id IN (SELECT id FROM units WHERE path LIKE ?)";
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND h.id < ?", I(f.before_id));
  if (f.from_day) add(" AND h.day >= ?", *f.from_day);
  if (f.to_day) add(" AND h.day <= ?", *f.to_day);
  if (f.point_id) add(" AND h.point_id = ?", I(*f.point_id));
  if (f.outcome) add(" AND h.outcome = ?", *f.outcome);
  if (f.receipted) sql += *f.receipted ? " AND h.receipted_at IS NOT NULL" : " AND h.receipted_at IS NULL";
  sql += " ORDER BY h.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Handover> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(HandoverFrom(r));
  return out;
}

void SetReceipt(Connection& c, int64_t id, int64_t receiver_id, const std::string& method, int64_t at, int64_t by) {
  c.Exec(kSetReceipt, {I(receiver_id), method, I(at), I(by), I(id)});
}

void SetOutcome(Connection& c, int64_t id, const std::string& outcome, const std::string& note, int64_t at,
                int64_t by) {
  c.Exec(kSetOutcome, {outcome, note, I(at), I(by), I(id)});
}

std::vector<int64_t> HandoverIdsOf(Connection& c, int64_t passage_id) {
  std::vector<int64_t> out;
  for (const auto& r : c.Query(kHandoverIds, {I(passage_id)}).rows) out.push_back(r.Int(0));
  return out;
}

int64_t InsertReceiver(Connection& c, const Receiver& r, const std::string& code_hash) {
  return c.Query(kInsertReceiver, {r.name, r.kind, I(r.unit_id), code_hash, I(r.created_at)}).front().Int(0);
}

std::optional<Receiver> GetReceiver(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kReceiverColumns) + " WHERE r.id = ?", {I(id)});
  return r ? std::optional<Receiver>(ReceiverFrom(*r)) : std::nullopt;
}

std::optional<Receiver> ReceiverByCodeHash(Connection& c, const std::string& code_hash) {
  auto r = c.QueryOne(std::string(kReceiverColumns) + " WHERE r.code_hash = ? AND r.active = 1", {code_hash});
  return r ? std::optional<Receiver>(ReceiverFrom(*r)) : std::nullopt;
}

std::vector<Receiver> ListReceivers(Connection& c) {
  std::vector<Receiver> out;
  for (const auto& r : c.Query(std::string(kReceiverColumns) + " ORDER BY r.id").rows) out.push_back(ReceiverFrom(r));
  return out;
}

void AddFigures(Connection& c, int64_t point_id, const std::string& day, int64_t unit_id, const Figures& d) {
  c.Exec(kAddFigures, {I(point_id), day, I(unit_id), I(d.vehicles), I(d.people), I(d.people_tested),
                       I(d.vehicles_turned_back), I(d.people_turned_back), I(d.fever), I(d.handovers),
                       I(d.handovers_receipted)});
}

std::map<std::string, Figures> FiguresByDay(Connection& c, const std::string& scope_path,
                                            std::optional<int64_t> point_id, const std::string& from,
                                            const std::string& to) {
  Params params;
  std::string sql = std::string("SELECT d.day, ") + kFigureSums + " FROM screening_daily d" +
                    RollupWhere(params, scope_path, point_id) + " AND d.day >= ? AND d.day <= ? GROUP BY d.day";
  params.emplace_back(from);
  params.emplace_back(to);
  std::map<std::string, Figures> out;
  for (const auto& r : c.Query(sql, params).rows) out[r.Text(0)] = FiguresFrom(r, 1);
  return out;
}

std::vector<PointFigures> FiguresByPoint(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id,
                                         const std::string& from, const std::string& to) {
  Params params;
  std::string sql = std::string("SELECT d.point_id, pt.name, ") + kFigureSums +
                    " FROM screening_daily d JOIN points pt ON pt.id = d.point_id" +
                    RollupWhere(params, scope_path, point_id) +
                    " AND d.day >= ? AND d.day <= ? GROUP BY d.point_id, pt.name ORDER BY d.point_id";
  params.emplace_back(from);
  params.emplace_back(to);
  std::vector<PointFigures> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back({r.Int(0), r.Text(1), FiguresFrom(r, 2)});
  return out;
}

Figures FiguresUpTo(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id,
                    const std::string& as_of) {
  Params params;
  std::string sql = std::string("SELECT ") + kFigureSums + " FROM screening_daily d" +
                    RollupWhere(params, scope_path, point_id) + " AND d.day <= ?";
  params.emplace_back(as_of);
  auto r = c.QueryOne(sql, params);
  return r ? FiguresFrom(*r, 0) : Figures{};
}

std::map<std::pair<int64_t, std::string>, Figures> RecountFigures(Connection& c) {
  std::map<std::pair<int64_t, std::string>, Figures> out;
  for (const auto& r : c.Query(kRecountPassages).rows) {
    Figures& f = out[{r.Int(0), r.Text(1)}];
    f.vehicles = r.Int(2);
    f.people = r.Int(3);
    f.people_tested = r.Int(4);
    f.vehicles_turned_back = r.Int(5);
    f.people_turned_back = r.Int(6);
    f.fever = r.Int(7);
  }
  for (const auto& r : c.Query(kRecountHandovers).rows) {
    Figures& f = out[{r.Int(0), r.Text(1)}];
    f.handovers = r.Int(2);
    f.handovers_receipted = r.Int(3);
  }
  return out;
}

std::map<std::pair<int64_t, std::string>, Figures> StoredFigures(Connection& c) {
  std::map<std::pair<int64_t, std::string>, Figures> out;
  for (const auto& r : c.Query(kStoredFigures).rows) out[{r.Int(0), r.Text(1)}] = FiguresFrom(r, 2);
  return out;
}

int64_t SealLegacyPersonalFields(Connection& c, const FieldCipher& cipher) {
  auto seal = [&](std::string& v, std::string& masked, bool id) {
    if (v.empty() || v.rfind("fe1.", 0) == 0) return false;
    masked = id ? MaskIdNumber(v) : MaskPhone(v);
    v = cipher.Encrypt(v);
    return true;
  };
  int64_t n = 0;
  // Sealed values are written as "i":"fe1.…", so a clear one is any other "i" or "p".
  for (const auto& r : c.Query("SELECT id, occupants FROM passages WHERE (occupants LIKE '%\"i\":\"%' AND occupants "
                               "NOT LIKE '%\"i\":\"fe1.%') OR (occupants LIKE '%\"p\":\"%' AND occupants NOT LIKE "
                               "'%\"p\":\"fe1.%')")
                           .rows) {
    auto occupants = OccupantsFrom(r.Text(1));
    bool changed = false;
    for (auto& o : occupants) {
      changed |= seal(o.id_number, o.id_number_masked, true);
      changed |= seal(o.phone, o.phone_masked, false);
    }
    if (changed) n += c.Exec("UPDATE passages SET occupants = ? WHERE id = ?", {OccupantsJson(occupants), I(r.Int(0))});
  }
  for (const auto& r : c.Query("SELECT id, id_number, phone FROM handovers WHERE (id_number <> '' AND id_number NOT "
                               "LIKE 'fe1.%') OR (phone <> '' AND phone NOT LIKE 'fe1.%')")
                           .rows) {
    std::string id = r.Text(1), phone = r.Text(2), m1, m2;
    seal(id, m1, true);
    seal(phone, m2, false);
    n += c.Exec("UPDATE handovers SET id_number = ?, phone = ? WHERE id = ?", {id, phone, I(r.Int(0))});
  }
  return n;
}

}  // namespace fk::screening::store
