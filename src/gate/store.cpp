#include "gate/store.h"

#include <map>

namespace fk::gate::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;

Value I(int64_t v) { return Value(static_cast<long long>(v)); }
Value OptI(const std::optional<int64_t>& v) { return v ? I(*v) : Value(); }

constexpr const char* kRuleColumns =
    "SELECT r.version, r.unit_id, u.name, r.rules_json, r.note, r.created_by, COALESCE(us.display_name, ''), "
    "r.created_at FROM gate_rule_sets r JOIN units u ON u.id = r.unit_id LEFT JOIN users us ON us.id = r.created_by";

constexpr const char* kPassColumns =
    "SELECT p.id, p.unit_id, p.household_id, p.person_id, p.kind, u.name, h.address, COALESCE(per.name, ''), "
    "p.active, p.issued_at, p.revoked_at, p.revoke_reason FROM gate_passes p JOIN units u ON u.id = p.unit_id "
    "JOIN households h ON h.id = p.household_id LEFT JOIN persons per ON per.id = p.person_id";

constexpr const char* kInsertEvent =
    "INSERT INTO gate_events (client_key, point_id, unit_id, day, direction, pass_id, household_id, person_id, "
    "visitor_name, visitor_phone_sealed, visitor_phone_masked, visitor_reason, host_household_id, temperature, "
    "special_reason, decision, reason, server_decision, server_reason, counts_quota, rule_version, at, server_time, "
    "operator_id, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (client_key) DO NOTHING RETURNING id";

constexpr const char* kEventColumns =
    "SELECT e.id, e.client_key, e.point_id, e.unit_id, pt.name, e.day, e.direction, e.pass_id, e.household_id, "
    "e.person_id, e.host_household_id, COALESCE(per.name, ''), COALESCE(h.address, ''), COALESCE(per.is_staff, 0), "
    "e.visitor_name, e.visitor_phone_masked, e.visitor_reason, e.temperature, e.special_reason, e.decision, e.reason, "
    "e.server_decision, e.server_reason, e.counts_quota, e.rule_version, e.at, e.server_time, "
    "COALESCE(e.operator_id, 0), e.due_at, e.returned_at, e.return_event_id, e.exit_event_id, e.overdue_at, "
    "e.handover_id, e.conflict, e.conflict_note FROM gate_events e JOIN points pt ON pt.id = e.point_id "
    "LEFT JOIN persons per ON per.id = e.person_id LEFT JOIN households h ON h.id = e.household_id";

constexpr const char* kInScope = " IN (SELECT id FROM units WHERE path LIKE ?)";

RuleVersion RuleFrom(const Row& r) {
  RuleVersion v;
  v.version = r.Int(0);
  v.unit_id = r.Int(1);
  v.unit_name = r.Text(2);
  v.rules_json = r.Text(3);
  v.note = r.Text(4);
  v.created_by = r.OptInt(5);
  v.created_by_name = r.Text(6);
  v.created_at = r.Int(7);
  return v;
}

Pass PassFrom(const Row& r) {
  Pass p;
  p.id = r.Int(0);
  p.unit_id = r.Int(1);
  p.household_id = r.Int(2);
  p.person_id = r.OptInt(3);
  p.kind = r.Text(4);
  p.unit_name = r.Text(5);
  p.address = r.Text(6);
  p.holder_name = r.Text(7);
  p.active = r.Bool(8);
  p.issued_at = r.Int(9);
  p.revoked_at = r.OptInt(10);
  p.revoke_reason = r.Text(11);
  return p;
}

Event EventFrom(const Row& r) {
  Event e;
  e.id = r.Int(0);
  e.client_key = r.Text(1);
  e.point_id = r.Int(2);
  e.unit_id = r.Int(3);
  e.point_name = r.Text(4);
  e.day = r.Text(5);
  e.direction = r.Text(6);
  e.pass_id = r.OptInt(7);
  e.household_id = r.OptInt(8);
  e.person_id = r.OptInt(9);
  e.host_household_id = r.OptInt(10);
  e.person_name = r.Text(11);
  e.household_address = r.Text(12);
  e.is_staff = r.Bool(13);
  e.visitor_name = r.Text(14);
  e.visitor_phone_masked = r.Text(15);
  e.visitor_reason = r.Text(16);
  e.temperature = static_cast<int>(r.Int(17));
  e.special_reason = r.Text(18);
  e.decision = r.Text(19);
  e.reason = r.Text(20);
  e.server_decision = r.Text(21);
  e.server_reason = r.Text(22);
  e.counts_quota = r.Bool(23);
  e.rule_version = r.Int(24);
  e.at = r.Int(25);
  e.server_time = r.Int(26);
  e.operator_id = r.Int(27);
  e.due_at = r.OptInt(28);
  e.returned_at = r.OptInt(29);
  e.return_event_id = r.OptInt(30);
  e.exit_event_id = r.OptInt(31);
  e.overdue_at = r.OptInt(32);
  e.handover_id = r.OptInt(33);
  e.conflict = r.Bool(34);
  e.conflict_note = r.Text(35);
  return e;
}

}  // namespace

std::optional<RuleVersion> EffectiveRules(Connection& c, const std::string& unit_path) {
  auto r = c.QueryOne(std::string(kRuleColumns) +
                          " WHERE ? LIKE u.path || '%' ORDER BY LENGTH(u.path) DESC, r.version DESC LIMIT 1",
                      {unit_path});
  return r ? std::optional<RuleVersion>(RuleFrom(*r)) : std::nullopt;
}

std::optional<RuleVersion> RulesByVersion(Connection& c, int64_t version) {
  auto r = c.QueryOne(std::string(kRuleColumns) + " WHERE r.version = ?", {I(version)});
  return r ? std::optional<RuleVersion>(RuleFrom(*r)) : std::nullopt;
}

std::vector<RuleVersion> ListRuleVersions(Connection& c, int64_t unit_id) {
  std::vector<RuleVersion> out;
  for (const auto& r : c.Query(std::string(kRuleColumns) + " WHERE r.unit_id = ? ORDER BY r.version DESC", {I(unit_id)}).rows)
    out.push_back(RuleFrom(r));
  return out;
}

int64_t InsertRules(Connection& c, int64_t unit_id, const std::string& json, const std::string& note,
                    std::optional<int64_t> by, int64_t at) {
  return c
      .Query("INSERT INTO gate_rule_sets (unit_id, rules_json, note, created_by, created_at) VALUES (?, ?, ?, ?, ?) "
             "RETURNING version",
             {I(unit_id), json, note, OptI(by), I(at)})
      .front()
      .Int(0);
}

int64_t InsertPass(Connection& c, const Pass& p, const std::string& token_hash, const std::string& code_hash,
                   int64_t by, int64_t at) {
  return c
      .Query("INSERT INTO gate_passes (unit_id, household_id, person_id, kind, token_hash, code_hash, active, "
             "issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
             {I(p.unit_id), I(p.household_id), OptI(p.person_id), p.kind, token_hash, code_hash,
              by ? I(by) : Value(), I(at)})
      .front()
      .Int(0);
}

std::optional<Pass> GetPass(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kPassColumns) + " WHERE p.id = ?", {I(id)});
  return r ? std::optional<Pass>(PassFrom(*r)) : std::nullopt;
}

std::optional<Pass> PassByTokenHash(Connection& c, const std::string& hash) {
  auto r = c.QueryOne(std::string(kPassColumns) + " WHERE p.token_hash = ?", {hash});
  return r ? std::optional<Pass>(PassFrom(*r)) : std::nullopt;
}

std::optional<Pass> PassByCodeHash(Connection& c, const std::string& hash) {
  auto r = c.QueryOne(std::string(kPassColumns) + " WHERE p.code_hash = ?", {hash});
  return r ? std::optional<Pass>(PassFrom(*r)) : std::nullopt;
}

bool CodeHashTaken(Connection& c, const std::string& hash) {
  return c.QueryOne("SELECT 1 FROM gate_passes WHERE code_hash = ?", {hash}).has_value();
}

std::optional<Pass> ActivePassOf(Connection& c, int64_t household_id, std::optional<int64_t> person_id) {
  std::string sql = std::string(kPassColumns) + " WHERE p.household_id = ? AND p.active = 1 AND ";
  Params params{I(household_id)};
  if (person_id) {
    sql += "p.person_id = ?";
    params.push_back(I(*person_id));
  } else {
    sql += "p.person_id IS NULL";
  }
  auto r = c.QueryOne(sql, params);
  return r ? std::optional<Pass>(PassFrom(*r)) : std::nullopt;
}

void RevokePass(Connection& c, int64_t id, int64_t by, int64_t at, const std::string& reason) {
  c.Exec("UPDATE gate_passes SET active = 0, revoked_by = ?, revoked_at = ?, revoke_reason = ? WHERE id = ?",
         {by ? I(by) : Value(), I(at), reason, I(id)});
}

std::vector<Pass> ListPasses(Connection& c, const std::string& scope_path, const PassFilter& f) {
  std::string sql = std::string(kPassColumns) + " WHERE p.unit_id" + kInScope;
  Params params{scope_path + "%"};
  if (f.unit_id) {
    sql += " AND p.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')";
    params.push_back(I(*f.unit_id));
  }
  if (f.household_id) {
    sql += " AND p.household_id = ?";
    params.push_back(I(*f.household_id));
  }
  if (f.active) sql += *f.active ? " AND p.active = 1" : " AND p.active = 0";
  if (f.before_id > 0) {
    sql += " AND p.id < ?";
    params.push_back(I(f.before_id));
  }
  sql += " ORDER BY p.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Pass> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(PassFrom(r));
  return out;
}

std::vector<HouseholdRow> HouseholdsWithPasses(Connection& c, const std::string& scope_path, int64_t before_id,
                                               int limit) {
  std::vector<HouseholdRow> out;
  std::string sql =
      "SELECT h.id, h.unit_id, u.name, h.address FROM households h JOIN units u ON u.id = h.unit_id "
      "WHERE h.active = 1 AND u.path LIKE ?";
  Params params{scope_path + "%"};
  if (before_id > 0) {
    sql += " AND h.id < ?";
    params.push_back(I(before_id));
  }
  sql += " ORDER BY h.id DESC LIMIT ?";
  params.emplace_back(limit);
  std::map<int64_t, size_t> index;
  for (const auto& r : c.Query(sql, params).rows) {
    index[r.Int(0)] = out.size();
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), {}, {}});
  }
  if (out.empty()) return out;
  int64_t lo = out.back().id, hi = out.front().id;
  for (const auto& r : c.Query("SELECT household_id, id, name, is_staff, special_kind FROM persons WHERE active = 1 "
                               "AND household_id BETWEEN ? AND ? ORDER BY id",
                               {I(lo), I(hi)})
                           .rows) {
    auto it = index.find(r.Int(0));
    if (it != index.end()) out[it->second].members.push_back({r.Int(1), r.Text(2), r.Bool(3), r.Text(4)});
  }
  for (const auto& r : c.Query(std::string(kPassColumns) + " WHERE p.active = 1 AND p.household_id BETWEEN ? AND ? "
                                                           "ORDER BY p.id",
                               {I(lo), I(hi)})
                           .rows) {
    Pass p = PassFrom(r);
    auto it = index.find(p.household_id);
    if (it != index.end()) out[it->second].passes.push_back(std::move(p));
  }
  return out;
}

std::vector<PackPass> PackPasses(Connection& c, const std::string& scope_path) {
  std::vector<PackPass> out;
  std::map<int64_t, size_t> index;
  auto rows = c.Query(
      "SELECT p.id, p.household_id, p.person_id, p.kind, p.token_hash, p.code_hash, per.id, per.name, per.is_staff, "
      "per.special_kind, h.address FROM gate_passes p JOIN households h ON h.id = p.household_id JOIN persons per ON per.active = 1 AND "
      "((p.person_id IS NULL AND per.household_id = p.household_id) OR per.id = p.person_id) "
      "WHERE p.active = 1 AND p.unit_id IN (SELECT id FROM units WHERE path LIKE ?) ORDER BY p.id, per.id",
      {scope_path + "%"});
  for (const auto& r : rows.rows) {
    auto [it, fresh] = index.try_emplace(r.Int(0), out.size());
    if (fresh) out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.Text(10), {}});
    out[it->second].members.push_back({r.Int(6), r.Text(7), r.Bool(8), r.Text(9)});
  }
  return out;
}

std::vector<std::pair<int64_t, QuotaUse>> QuotaUsesInScope(Connection& c, const std::string& scope_path,
                                                           const std::string& from_day, const std::string& to_day) {
  std::vector<std::pair<int64_t, QuotaUse>> out;
  for (const auto& r : c.Query("SELECT e.household_id, e.id, e.person_id, COALESCE(per.name, ''), e.at FROM gate_events e "
                               "LEFT JOIN persons per ON per.id = e.person_id WHERE e.counts_quota = 1 AND e.day >= ? "
                               "AND e.day <= ? AND e.unit_id IN (SELECT id FROM units WHERE path LIKE ?) ORDER BY e.at",
                               {from_day, to_day, scope_path + "%"})
                           .rows)
    out.push_back({r.Int(0), {r.Int(1), r.Int(2), r.Text(3), r.Int(4)}});
  return out;
}

std::optional<int64_t> InsertEvent(Connection& c, const Event& e, const std::optional<std::string>& phone_sealed) {
  auto rows = c.Query(kInsertEvent,
                      {e.client_key, I(e.point_id), I(e.unit_id), e.day, e.direction, OptI(e.pass_id),
                       OptI(e.household_id), OptI(e.person_id), e.visitor_name, Value(phone_sealed),
                       e.visitor_phone_masked, e.visitor_reason, OptI(e.host_household_id), e.temperature,
                       e.special_reason, e.decision, e.reason, e.server_decision, e.server_reason,
                       Value(e.counts_quota ? 1 : 0), I(e.rule_version), I(e.at), I(e.server_time),
                       e.operator_id ? I(e.operator_id) : Value(), OptI(e.due_at)});
  if (rows.rows.empty()) return std::nullopt;
  return rows.front().Int(0);
}

std::optional<Event> GetEvent(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kEventColumns) + " WHERE e.id = ?", {I(id)});
  return r ? std::optional<Event>(EventFrom(*r)) : std::nullopt;
}

std::optional<Event> GetEventByClientKey(Connection& c, const std::string& key) {
  auto r = c.QueryOne(std::string(kEventColumns) + " WHERE e.client_key = ?", {key});
  return r ? std::optional<Event>(EventFrom(*r)) : std::nullopt;
}

std::vector<Event> ListEvents(Connection& c, const std::string& scope_path, const EventFilter& f) {
  std::string sql = std::string(kEventColumns) + " WHERE e.unit_id" + kInScope;
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND e.id < ?", I(f.before_id));
  if (f.from_day) add(" AND e.day >= ?", *f.from_day);
  if (f.to_day) add(" AND e.day <= ?", *f.to_day);
  if (f.point_id) add(" AND e.point_id = ?", I(*f.point_id));
  if (f.household_id) add(" AND e.household_id = ?", I(*f.household_id));
  if (f.decision) add(" AND e.decision = ?", *f.decision);
  if (f.reason) add(" AND e.reason = ?", *f.reason);
  if (f.direction) add(" AND e.direction = ?", *f.direction);
  if (f.conflicts_only) sql += " AND e.conflict = 1";
  sql += " ORDER BY e.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Event> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(EventFrom(r));
  return out;
}

void SetHandover(Connection& c, int64_t event_id, int64_t handover_id) {
  c.Exec("UPDATE gate_events SET handover_id = ? WHERE id = ?", {I(handover_id), I(event_id)});
}

void MarkConflict(Connection& c, int64_t event_id, const std::string& note) {
  c.Exec("UPDATE gate_events SET conflict = 1, conflict_note = ? WHERE id = ?", {note, I(event_id)});
}

std::vector<QuotaUse> QuotaUses(Connection& c, int64_t household_id, const std::string& from_day,
                                const std::string& to_day) {
  std::vector<QuotaUse> out;
  for (const auto& r : c.Query("SELECT e.id, COALESCE(e.person_id, 0), COALESCE(per.name, ''), e.at FROM gate_events e "
                               "LEFT JOIN persons per ON per.id = e.person_id WHERE e.household_id = ? AND e.day >= ? "
                               "AND e.day <= ? AND e.counts_quota = 1 ORDER BY e.at, e.id",
                               {I(household_id), from_day, to_day})
                           .rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3)});
  return out;
}

std::optional<Event> OpenExitOf(Connection& c, int64_t person_id) {
  auto r = c.QueryOne(std::string(kEventColumns) +
                          " WHERE e.person_id = ? AND e.direction = 'out' AND e.due_at IS NOT NULL AND "
                          "e.returned_at IS NULL ORDER BY e.at DESC LIMIT 1",
                      {I(person_id)});
  return r ? std::optional<Event>(EventFrom(*r)) : std::nullopt;
}

void CloseExit(Connection& c, int64_t exit_id, int64_t return_id, int64_t at) {
  c.Exec("UPDATE gate_events SET returned_at = ?, return_event_id = ? WHERE id = ?", {I(at), I(return_id), I(exit_id)});
  c.Exec("UPDATE gate_events SET exit_event_id = ? WHERE id = ?", {I(exit_id), I(return_id)});
}

void SetOverdue(Connection& c, int64_t exit_id, std::optional<int64_t> at) {
  c.Exec("UPDATE gate_events SET overdue_at = ? WHERE id = ?", {OptI(at), I(exit_id)});
}

std::vector<DueExit> ExitsPastDue(Connection& c, const std::string& scope_path, int64_t now) {
  std::vector<DueExit> out;
  for (const auto& r : c.Query("SELECT id, unit_id, day FROM gate_events WHERE direction = 'out' AND due_at IS NOT NULL "
                               "AND returned_at IS NULL AND due_at < ? AND overdue_at IS NULL AND unit_id IN "
                               "(SELECT id FROM units WHERE path LIKE ?)",
                               {I(now), scope_path + "%"})
                           .rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2)});
  return out;
}

std::vector<DueExit> UnitExitsPastDue(Connection& c, int64_t unit_id, int64_t now) {
  std::vector<DueExit> out;
  for (const auto& r : c.Query("SELECT id, unit_id, day FROM gate_events WHERE unit_id = ? AND direction = 'out' AND "
                               "due_at IS NOT NULL AND returned_at IS NULL AND due_at < ? AND overdue_at IS NULL",
                               {I(unit_id), I(now)})
                           .rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2)});
  return out;
}

std::vector<Event> OpenExits(Connection& c, const std::string& scope_path, std::optional<int64_t> point_id) {
  std::string sql = std::string(kEventColumns) +
                    " WHERE e.direction = 'out' AND e.due_at IS NOT NULL AND e.returned_at IS NULL AND e.unit_id" +
                    kInScope;
  Params params{scope_path + "%"};
  if (point_id) {
    sql += " AND e.point_id = ?";
    params.push_back(I(*point_id));
  }
  sql += " ORDER BY e.at LIMIT 1000";
  std::vector<Event> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(EventFrom(r));
  return out;
}

void RecountGate(Connection& c, residents::DailyRecount& out) {
  using residents::Daily;
  auto rows = c.Query(
      "SELECT unit_id, day, "
      "SUM(CASE WHEN decision = 'allow' AND reason <> 'visitor' AND direction = 'out' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN decision = 'allow' AND reason <> 'visitor' AND direction = 'in' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN decision = 'allow' AND reason = 'visitor' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN overdue_at IS NOT NULL THEN 1 ELSE 0 END), SUM(conflict), "
      "SUM(CASE WHEN decision = 'handover' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN decision = 'refuse' AND reason = 'quota' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN decision = 'refuse' AND reason = 'not_resident' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN decision = 'refuse' AND reason NOT IN ('quota', 'not_resident') THEN 1 ELSE 0 END) "
      "FROM gate_events GROUP BY unit_id, day");
  const Daily cols[] = {Daily::kGateExits,    Daily::kGateReturns,   Daily::kGateVisitors,
                        Daily::kGateOverdue,  Daily::kGateConflicts, Daily::kRefusedFever,
                        Daily::kRefusedQuota, Daily::kRefusedNotResident, Daily::kRefusedOther};
  for (const auto& r : rows.rows)
    for (size_t i = 0; i < std::size(cols); ++i)
      if (int64_t n = r.Int(2 + i)) residents::AddRecount(out, r.Int(0), r.Text(1), cols[i], n);
}

}  // namespace fk::gate::store
