#include "observation/store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "auth/roles.h"
#include "core/masking.h"

namespace fk::observation::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;
using Json = nlohmann::json;
using residents::Daily;

Value I(int64_t v) { return Value(static_cast<long long>(v)); }

// SQLite's unary + keeps the planner off an index for one term; PostgreSQL has no such operator (nor needs it).
std::string NoIndex(Connection& c) { return c.dialect() == fk::store::Dialect::kSqlite ? "+" : ""; }
Value OptI(const std::optional<int64_t>& v) { return v ? I(*v) : Value(); }

constexpr const char* kScope = " IN (SELECT id FROM units WHERE path LIKE ?)";

constexpr const char* kPeriodColumns =
    "SELECT o.id, o.person_id, o.household_id, o.unit_id, p.name, h.address, u.name, o.reason, o.start_day, "
    "o.length_days, o.end_day, o.length_reason, o.cadre_id, COALESCE(cu.display_name, ''), o.status, o.rule_version, "
    "o.note, o.rounds_through, COALESCE(o.started_by, 0), o.started_at, o.release_day, o.released_at, o.released_by, "
    "o.release_result, o.release_note FROM observation_periods o JOIN persons p ON p.id = o.person_id "
    "JOIN households h ON h.id = o.household_id JOIN units u ON u.id = o.unit_id "
    "LEFT JOIN users cu ON cu.id = o.cadre_id";

constexpr const char* kRoundColumns =
    "SELECT r.id, r.period_id, r.person_id, r.unit_id, r.cadre_id, p.name, h.address, r.day, r.status, r.late, "
    "r.source, r.temperature, r.symptoms, r.needs, r.note, r.client_key, r.recorded_by, r.recorded_at, r.created_at "
    "FROM observation_rounds r JOIN persons p ON p.id = r.person_id JOIN households h ON h.id = p.household_id";

constexpr const char* kAlertColumns =
    "SELECT a.id, a.kind, a.period_id, a.round_id, a.person_id, a.unit_id, a.cadre_id, p.name, h.address, u.name, "
    "COALESCE(cu.display_name, ''), a.day, a.detail, a.status, a.handover_id, a.opened_at, a.acknowledged_by, "
    "a.acknowledged_at, a.closed_by, a.closed_at, a.close_note FROM observation_alerts a "
    "JOIN persons p ON p.id = a.person_id JOIN households h ON h.id = p.household_id JOIN units u ON u.id = a.unit_id "
    "LEFT JOIN users cu ON cu.id = a.cadre_id";

constexpr const char* kNeedColumns =
    "SELECT n.id, n.round_id, n.period_id, n.person_id, n.household_id, n.unit_id, p.name, h.address, u.name, n.kind, "
    "n.text, n.day, n.status, n.created_at, n.updated_by, n.updated_at FROM observation_needs n "
    "JOIN persons p ON p.id = n.person_id JOIN households h ON h.id = n.household_id JOIN units u ON u.id = n.unit_id";

Period PeriodFrom(const Row& r) {
  Period p;
  p.id = r.Int(0);
  p.person_id = r.Int(1);
  p.household_id = r.Int(2);
  p.unit_id = r.Int(3);
  p.person_name_masked = MaskName(r.Text(4));
  p.household_address = r.Text(5);
  p.unit_name = r.Text(6);
  p.reason = r.Text(7);
  p.start_day = r.Text(8);
  p.length_days = static_cast<int>(r.Int(9));
  p.end_day = r.Text(10);
  p.length_reason = r.Text(11);
  p.cadre_id = r.Int(12);
  p.cadre_name = r.Text(13);
  p.status = r.Text(14);
  p.rule_version = static_cast<int>(r.Int(15));
  p.note = r.Text(16);
  p.rounds_through = r.Text(17);
  p.started_by = r.Int(18);
  p.started_at = r.Int(19);
  p.release_day = r.OptText(20);
  p.released_at = r.OptInt(21);
  p.released_by = r.OptInt(22);
  p.release_result = r.OptText(23);
  p.release_note = r.Text(24);
  return p;
}

std::string NeedsJson(const std::vector<Need>& needs) {
  Json a = Json::array();
  for (const auto& n : needs) a.push_back({{"kind", n.kind}, {"text", n.text}});
  return a.dump();
}

Round RoundFrom(const Row& r) {
  Round x;
  x.id = r.Int(0);
  x.period_id = r.Int(1);
  x.person_id = r.Int(2);
  x.unit_id = r.Int(3);
  x.cadre_id = r.Int(4);
  x.person_name_masked = MaskName(r.Text(5));
  x.household_address = r.Text(6);
  x.day = r.Text(7);
  x.status = r.Text(8);
  x.late = r.Bool(9);
  x.source = r.OptText(10);
  if (!r.IsNull(11)) x.temperature = static_cast<int>(r.Int(11));
  Json s = Json::parse(r.Text(12), nullptr, false);
  if (s.is_array())
    for (const auto& v : s)
      if (v.is_string()) x.symptoms.push_back(v.get<std::string>());
  Json n = Json::parse(r.Text(13), nullptr, false);
  if (n.is_array())
    for (const auto& v : n)
      if (v.is_object()) x.needs.push_back({v.value("kind", ""), v.value("text", "")});
  x.note = r.Text(14);
  x.client_key = r.OptText(15);
  x.recorded_by = r.OptInt(16);
  x.recorded_at = r.OptInt(17);
  x.created_at = r.Int(18);
  return x;
}

Alert AlertFrom(const Row& r) {
  Alert a;
  a.id = r.Int(0);
  a.kind = r.Text(1);
  a.period_id = r.Int(2);
  a.round_id = r.Int(3);
  a.person_id = r.Int(4);
  a.unit_id = r.Int(5);
  a.cadre_id = r.Int(6);
  a.person_name_masked = MaskName(r.Text(7));
  a.household_address = r.Text(8);
  a.unit_name = r.Text(9);
  a.cadre_name = r.Text(10);
  a.day = r.Text(11);
  a.detail = r.Text(12);
  a.status = r.Text(13);
  a.handover_id = r.OptInt(14);
  a.opened_at = r.Int(15);
  a.acknowledged_by = r.OptInt(16);
  a.acknowledged_at = r.OptInt(17);
  a.closed_by = r.OptInt(18);
  a.closed_at = r.OptInt(19);
  a.close_note = r.Text(20);
  return a;
}

NeedRequest NeedFrom(const Row& r) {
  NeedRequest n;
  n.id = r.Int(0);
  n.round_id = r.Int(1);
  n.period_id = r.Int(2);
  n.person_id = r.Int(3);
  n.household_id = r.Int(4);
  n.unit_id = r.Int(5);
  n.person_name_masked = MaskName(r.Text(6));
  n.household_address = r.Text(7);
  n.unit_name = r.Text(8);
  n.kind = r.Text(9);
  n.text = r.Text(10);
  n.day = r.Text(11);
  n.status = r.Text(12);
  n.created_at = r.Int(13);
  n.updated_by = r.OptInt(14);
  n.updated_at = r.OptInt(15);
  return n;
}

}  // namespace

std::optional<std::pair<int, std::string>> CurrentRules(Connection& c) {
  auto r = c.QueryOne("SELECT version, rules_json FROM observation_rule_sets ORDER BY version DESC LIMIT 1");
  if (!r) return std::nullopt;
  return std::make_pair(static_cast<int>(r->Int(0)), r->Text(1));
}

void InsertRules(Connection& c, int version, const std::string& json, const std::string& note,
                 std::optional<int64_t> user_id, int64_t at_ms) {
  c.Exec("INSERT INTO observation_rule_sets (version, rules_json, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
         {version, json, note, OptI(user_id), I(at_ms)});
}

int64_t InsertPeriod(Connection& c, const Period& p, const std::string& token_hash) {
  return c
      .Query("INSERT INTO observation_periods (person_id, household_id, unit_id, reason, start_day, length_days, end_day, "
             "length_reason, cadre_id, status, rule_version, note, rounds_through, token_hash, started_by, started_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, '', ?, ?, ?) RETURNING id",
             {I(p.person_id), I(p.household_id), I(p.unit_id), p.reason, p.start_day, p.length_days, p.end_day,
              p.length_reason, I(p.cadre_id), p.rule_version, p.note, token_hash.empty() ? Value() : Value(token_hash),
              p.started_by ? I(p.started_by) : Value(), I(p.started_at)})
      .front()
      .Int(0);
}

std::optional<Period> GetPeriod(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kPeriodColumns) + " WHERE o.id = ?", {I(id)});
  return r ? std::optional<Period>(PeriodFrom(*r)) : std::nullopt;
}

std::optional<int64_t> ActivePeriodOf(Connection& c, int64_t person_id) {
  auto r = c.QueryOne("SELECT id FROM observation_periods WHERE person_id = ? AND status = 'active'", {I(person_id)});
  return r ? std::optional<int64_t>(r->Int(0)) : std::nullopt;
}

std::optional<Period> PeriodByTokenHash(Connection& c, const std::string& token_hash) {
  auto r = c.QueryOne(std::string(kPeriodColumns) + " WHERE o.token_hash = ?", {token_hash});
  return r ? std::optional<Period>(PeriodFrom(*r)) : std::nullopt;
}

std::vector<Period> ListPeriods(Connection& c, const std::string& scope_path, const PeriodFilter& f) {
  std::string sql = std::string(kPeriodColumns) + " WHERE o.unit_id" + kScope;
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND o.id < ?", I(f.before_id));
  if (f.status) add(" AND o.status = ?", *f.status);
  if (f.person_id) add(" AND o.person_id = ?", I(*f.person_id));
  if (f.cadre_id) add(" AND o.cadre_id = ?", I(*f.cadre_id));
  if (f.due_for_release) add(" AND o.status = 'active' AND o.end_day < ?", f.today);
  sql += " ORDER BY o.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Period> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(PeriodFrom(r));
  return out;
}

void SetPeriodLength(Connection& c, int64_t id, int length_days, const std::string& end_day, const std::string& reason) {
  c.Exec("UPDATE observation_periods SET length_days = ?, end_day = ?, length_reason = ? WHERE id = ?",
         {length_days, end_day, reason, I(id)});
}

void ReleasePeriod(Connection& c, int64_t id, const std::string& day, int64_t at, int64_t by, const std::string& result,
                   const std::string& note) {
  c.Exec("UPDATE observation_periods SET status = 'released', release_day = ?, released_at = ?, released_by = ?, "
         "release_result = ?, release_note = ? WHERE id = ?",
         {day, I(at), I(by), result, note, I(id)});
}

void SetToken(Connection& c, int64_t id, const std::string& token_hash) {
  c.Exec("UPDATE observation_periods SET token_hash = ? WHERE id = ?", {token_hash, I(id)});
}

void SetRoundsThrough(Connection& c, int64_t id, const std::string& day) {
  c.Exec("UPDATE observation_periods SET rounds_through = ? WHERE id = ? AND rounds_through < ?", {day, I(id), day});
}

std::vector<PendingPeriod> PeriodsToMaterialise(Connection& c, const std::string& today) {
  std::vector<PendingPeriod> out;
  for (const auto& r : c.Query("SELECT id, person_id, unit_id, cadre_id, start_day, end_day, rounds_through "
                               "FROM observation_periods WHERE status = 'active' AND rounds_through < ? "
                               "AND rounds_through < end_day AND start_day <= ? ORDER BY id",
                               {today, today})
                           .rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6)});
  return out;
}

int64_t CountDueForRelease(Connection& c, const std::string& scope_path, const std::string& today) {
  return c
      .QueryOne(std::string("SELECT COUNT(*) FROM observation_periods WHERE end_day < ? AND status = 'active' AND ") + NoIndex(c) + "unit_id" +
                    kScope,
                {today, scope_path + "%"})
      ->Int(0);
}

void InsertDueRounds(Connection& c, const std::vector<Round>& rounds) {
  size_t done = 0;
  while (done < rounds.size()) {
    size_t n = 256;
    while (n > rounds.size() - done) n /= 2;
    std::string sql =
        "INSERT INTO observation_rounds (period_id, person_id, unit_id, cadre_id, day, status, created_at) VALUES ";
    Params params;
    params.reserve(n * 6);
    for (size_t i = 0; i < n; ++i) {
      const Round& r = rounds[done + i];
      sql += i ? ", (?, ?, ?, ?, ?, 'due', ?)" : "(?, ?, ?, ?, ?, 'due', ?)";
      for (Value v : {I(r.period_id), I(r.person_id), I(r.unit_id), I(r.cadre_id), Value(r.day), I(r.created_at)})
        params.push_back(std::move(v));
    }
    c.Exec(sql, params);
    done += n;
  }
}

int64_t InsertRound(Connection& c, const Round& r) {
  Json symptoms = r.symptoms;
  return c
      .Query("INSERT INTO observation_rounds (period_id, person_id, unit_id, cadre_id, day, status, late, source, "
             "temperature, symptoms, needs, note, client_key, recorded_by, recorded_at, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {I(r.period_id), I(r.person_id), I(r.unit_id), I(r.cadre_id), r.day, r.status, r.late, Value(r.source),
              r.temperature ? Value(*r.temperature) : Value(), symptoms.dump(), NeedsJson(r.needs), r.note,
              Value(r.client_key), OptI(r.recorded_by), OptI(r.recorded_at), I(r.created_at)})
      .front()
      .Int(0);
}

void UpdateRoundRecord(Connection& c, const Round& r) {
  Json symptoms = r.symptoms;
  c.Exec("UPDATE observation_rounds SET status = ?, late = ?, source = ?, temperature = ?, symptoms = ?, needs = ?, "
         "note = ?, client_key = ?, recorded_by = ?, recorded_at = ? WHERE id = ?",
         {r.status, r.late, Value(r.source), r.temperature ? Value(*r.temperature) : Value(), symptoms.dump(),
          NeedsJson(r.needs), r.note, Value(r.client_key), OptI(r.recorded_by), OptI(r.recorded_at), I(r.id)});
}

std::optional<Round> GetRound(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kRoundColumns) + " WHERE r.id = ?", {I(id)});
  return r ? std::optional<Round>(RoundFrom(*r)) : std::nullopt;
}

std::optional<Round> RoundByClientKey(Connection& c, const std::string& client_key) {
  auto r = c.QueryOne(std::string(kRoundColumns) + " WHERE r.client_key = ?", {client_key});
  return r ? std::optional<Round>(RoundFrom(*r)) : std::nullopt;
}

std::optional<Round> RoundOf(Connection& c, int64_t period_id, const std::string& day) {
  auto r = c.QueryOne(std::string(kRoundColumns) + " WHERE r.period_id = ? AND r.day = ? AND r.status <> 'follow_up'",
                      {I(period_id), day});
  return r ? std::optional<Round>(RoundFrom(*r)) : std::nullopt;
}

std::vector<Round> RoundsOfPeriod(Connection& c, int64_t period_id) {
  std::vector<Round> out;
  for (const auto& r : c.Query(std::string(kRoundColumns) + " WHERE r.period_id = ? ORDER BY r.day, r.id", {I(period_id)}).rows)
    out.push_back(RoundFrom(r));
  return out;
}

std::vector<Round> DueRoundsUpTo(Connection& c, const std::string& last_day) {
  std::vector<Round> out;
  for (const auto& r : c.Query("SELECT id, period_id, person_id, unit_id, cadre_id, day FROM observation_rounds "
                               "WHERE status = 'due' AND day <= ? ORDER BY id",
                               {last_day})
                           .rows) {
    Round x;
    x.id = r.Int(0);
    x.period_id = r.Int(1);
    x.person_id = r.Int(2);
    x.unit_id = r.Int(3);
    x.cadre_id = r.Int(4);
    x.day = r.Text(5);
    x.status = "due";
    out.push_back(std::move(x));
  }
  return out;
}

void MarkMissed(Connection& c, const std::vector<int64_t>& ids) {
  for (size_t done = 0; done < ids.size();) {
    // Chunks of 256, 128, ... 1 ids: a handful of statement shapes, like the inserts.
    size_t n = 256;
    while (n > ids.size() - done) n /= 2;
    std::string sql = "UPDATE observation_rounds SET status = 'missed' WHERE status = 'due' AND id IN (";
    Params params;
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", ?" : "?";
      params.push_back(I(ids[done + i]));
    }
    c.Exec(sql + ")", params);
    done += n;
  }
}

int64_t InsertAlert(Connection& c, const Alert& a) {
  return c
      .Query("INSERT INTO observation_alerts (kind, period_id, round_id, person_id, unit_id, cadre_id, day, detail, "
             "handover_id, status, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id",
             {a.kind, I(a.period_id), I(a.round_id), I(a.person_id), I(a.unit_id), I(a.cadre_id), a.day, a.detail,
              OptI(a.handover_id), I(a.opened_at)})
      .front()
      .Int(0);
}

std::optional<Alert> GetAlert(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kAlertColumns) + " WHERE a.id = ?", {I(id)});
  return r ? std::optional<Alert>(AlertFrom(*r)) : std::nullopt;
}

std::vector<Alert> ListAlerts(Connection& c, const std::string& scope_path, const AlertFilter& f) {
  // The page's ids first (from the indexes, no joins), then the joined columns of those only.
  std::string sql = "SELECT a.id FROM observation_alerts a WHERE a.unit_id" + std::string(kScope);
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND a.id < ?", I(f.before_id));
  if (f.status) add(" AND a.status = ?", *f.status);
  // Walk the newest ids and filter (the unary + keeps SQLite off the status index, which would sort them all).
  if (f.open_only) sql += " AND " + NoIndex(c) + "a.status IN ('open', 'acknowledged')";
  if (f.kind) add(" AND a.kind = ?", *f.kind);
  if (f.cadre_id) add(" AND a.cadre_id = ?", I(*f.cadre_id));
  sql += " ORDER BY a.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::string outer = std::string(kAlertColumns) + " WHERE a.id IN (" + sql + ") ORDER BY a.id DESC";
  std::vector<Alert> out;
  for (const auto& r : c.Query(outer, params).rows) out.push_back(AlertFrom(r));
  return out;
}

std::optional<Alert> OpenAlertOfRound(Connection& c, int64_t round_id, const std::string& kind) {
  auto r = c.QueryOne(std::string(kAlertColumns) + " WHERE a.round_id = ? AND a.kind = ? AND a.status <> 'closed'",
                      {I(round_id), kind});
  return r ? std::optional<Alert>(AlertFrom(*r)) : std::nullopt;
}

void AcknowledgeAlert(Connection& c, int64_t id, int64_t by, int64_t at) {
  c.Exec("UPDATE observation_alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
         {I(by), I(at), I(id)});
}

void CloseAlert(Connection& c, int64_t id, int64_t by, int64_t at, const std::string& day, const std::string& note) {
  c.Exec("UPDATE observation_alerts SET status = 'closed', closed_by = ?, closed_at = ?, closed_day = ?, close_note = ? "
         "WHERE id = ?",
         {by ? I(by) : Value(), I(at), day, note, I(id)});
}

int64_t CountOpenAlerts(Connection& c, const std::string& scope_path) {
  // Alerts opened minus alerts closed over every day: the open (or acknowledged) ones, from the rollup.
  return c
      .QueryOne(std::string("SELECT COALESCE(SUM(alerts_opened), 0) - COALESCE(SUM(alerts_closed), 0) FROM community_daily "
                            "WHERE unit_id") + kScope,
                {scope_path + "%"})
      ->Int(0);
}

int64_t InsertNeed(Connection& c, const NeedRequest& n) {
  return c
      .Query("INSERT INTO observation_needs (round_id, period_id, person_id, household_id, unit_id, kind, text, day, "
             "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id",
             {I(n.round_id), I(n.period_id), I(n.person_id), I(n.household_id), I(n.unit_id), n.kind, n.text, n.day,
              I(n.created_at)})
      .front()
      .Int(0);
}

std::optional<NeedRequest> GetNeed(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kNeedColumns) + " WHERE n.id = ?", {I(id)});
  return r ? std::optional<NeedRequest>(NeedFrom(*r)) : std::nullopt;
}

std::vector<NeedRequest> ListNeeds(Connection& c, const std::string& scope_path, const NeedFilter& f) {
  std::string sql = std::string(kNeedColumns) + " WHERE n.unit_id" + kScope;
  Params params{scope_path + "%"};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.before_id > 0) add(" AND n.id < ?", I(f.before_id));
  if (f.status) add(" AND n.status = ?", *f.status);
  if (f.kind) add(" AND n.kind = ?", *f.kind);
  sql += " ORDER BY n.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<NeedRequest> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(NeedFrom(r));
  return out;
}

void SetNeedStatus(Connection& c, int64_t id, const std::string& status, int64_t by, int64_t at,
                   const std::optional<std::string>& closed_day) {
  c.Exec("UPDATE observation_needs SET status = ?, updated_by = ?, updated_at = ?, closed_day = ? WHERE id = ?",
         {status, I(by), I(at), Value(closed_day), I(id)});
}

DayCounts CountsOf(Connection& c, const std::string& scope_path, const std::string& day) {
  DayCounts d;
  std::string scope = std::string(" WHERE unit_id") + kScope;
  auto stock = c.QueryOne("SELECT COALESCE(SUM(observation_started), 0) - COALESCE(SUM(observation_released), 0) "
                          "FROM community_daily" + scope + " AND day <= ?",
                          {scope_path + "%", day});
  d.under_observation = stock ? stock->Int(0) : 0;
  auto r = c.QueryOne("SELECT COALESCE(SUM(observation_started), 0), COALESCE(SUM(observation_released), 0), "
                      "COALESCE(SUM(rounds_due), 0), COALESCE(SUM(rounds_done), 0), COALESCE(SUM(rounds_missed), 0), "
                      "COALESCE(SUM(alerts_opened), 0), COALESCE(SUM(alerts_closed), 0), COALESCE(SUM(needs_opened), 0), "
                      "COALESCE(SUM(needs_closed), 0) FROM community_daily" + scope + " AND day = ?",
                      {scope_path + "%", day});
  if (r) {
    d.started = r->Int(0);
    d.released = r->Int(1);
    d.rounds_due = r->Int(2);
    d.rounds_done = r->Int(3);
    d.rounds_missed = r->Int(4);
    d.alerts_opened = r->Int(5);
    d.alerts_closed = r->Int(6);
    d.needs_opened = r->Int(7);
    d.needs_closed = r->Int(8);
  }
  return d;
}

std::vector<Round> MissingRounds(Connection& c, const std::string& scope_path, const std::string& day,
                                 int64_t after_id, int limit) {
  std::vector<Round> out;
  for (const auto& r : c.Query(std::string(kRoundColumns) +
                                   " WHERE r.id IN (SELECT id FROM observation_rounds WHERE day = ? AND status IN "
                                   "('due', 'missed') AND " + NoIndex(c) + "unit_id" + kScope +
                                   " AND id > ? ORDER BY id LIMIT ?) ORDER BY r.id",
                               {day, scope_path + "%", I(after_id), limit})
                           .rows)
    out.push_back(RoundFrom(r));
  return out;
}

std::vector<DoorItem> DoorList(Connection& c, const std::string& scope_path, std::optional<int64_t> cadre_id,
                               const std::string& day, int limit) {
  std::string sql = std::string(kPeriodColumns) +
                    " LEFT JOIN observation_rounds r ON r.period_id = o.id AND r.day = ? AND r.status <> 'follow_up'"
                    " WHERE o.status = 'active' AND o.start_day <= ? AND o.unit_id" + kScope;
  Params params{day, day, scope_path + "%"};
  if (cadre_id) {
    sql += " AND o.cadre_id = ?";
    params.push_back(I(*cadre_id));
  }
  sql += " ORDER BY CASE WHEN r.status = 'done' THEN 1 ELSE 0 END, h.address, o.id LIMIT ?";
  params.emplace_back(limit);
  std::vector<DoorItem> out;
  std::vector<int64_t> ids;
  for (const auto& r : c.Query(sql, params).rows) out.push_back({PeriodFrom(r), std::nullopt});
  for (auto& item : out) item.round = RoundOf(c, item.period.id, day);
  return out;
}

std::vector<Candidate> Candidates(Connection& c, const std::string& scope_path, const std::string& name_prefix,
                                  bool returned_only, int limit) {
  std::string sql =
      "SELECT p.id, p.household_id, p.unit_id, p.name, h.address, u.name, p.returned, p.origin_name, p.returned_on, "
      "(SELECT o.id FROM observation_periods o WHERE o.person_id = p.id AND o.status = 'active') "
      "FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = p.unit_id "
      "WHERE p.active = 1 AND p.unit_id" + std::string(kScope);
  Params params{scope_path + "%"};
  if (!name_prefix.empty()) {
    sql += " AND p.name LIKE ?";
    params.emplace_back(name_prefix + "%");
  }
  if (returned_only) sql += " AND p.returned = 1";
  sql += " ORDER BY p.id LIMIT ?";
  params.emplace_back(limit);
  std::vector<Candidate> out;
  for (const auto& r : c.Query(sql, params).rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), MaskName(r.Text(3)), r.Text(4), r.Text(5), r.Bool(6), r.Text(7),
                   r.Text(8), r.OptInt(9)});
  return out;
}

std::optional<PersonRef> PersonOf(Connection& c, int64_t person_id) {
  auto r = c.QueryOne("SELECT p.household_id, p.unit_id, u.path, p.name, p.returned_on, p.returned FROM persons p "
                      "JOIN units u ON u.id = p.unit_id WHERE p.id = ? AND p.active = 1",
                      {I(person_id)});
  if (!r) return std::nullopt;
  return PersonRef{r->Int(0), r->Int(1), r->Text(2), r->Text(3), r->Text(4), r->Bool(5)};
}

std::optional<std::string> UserUnitPath(Connection& c, int64_t user_id) {
  auto r = c.QueryOne("SELECT u.path FROM users x JOIN units u ON u.id = x.unit_id WHERE x.id = ?", {I(user_id)});
  return r ? std::optional<std::string>(r->Text(0)) : std::nullopt;
}

std::vector<Cadre> CadresFor(Connection& c, const std::string& unit_path, std::optional<int64_t> only_user) {
  std::string sql =
      "SELECT x.id, x.display_name, u.name, u.id, u.path, r.role FROM users x JOIN units u ON u.id = x.unit_id "
      "JOIN user_roles r ON r.user_id = x.id WHERE x.active = 1";
  Params params;
  if (only_user) {
    sql += " AND x.id = ?";
    params.push_back(I(*only_user));
  }
  sql += " ORDER BY x.id, r.role";
  struct Found {
    Cadre cadre;
    std::string path;
    std::vector<std::string> roles;
  };
  std::vector<Found> rows;
  for (const auto& r : c.Query(sql, params).rows) {
    std::string path = r.Text(4);
    if (unit_path.compare(0, path.size(), path) != 0) continue;  // not that unit or an ancestor of it
    if (rows.empty() || rows.back().cadre.user_id != r.Int(0))
      rows.push_back({{r.Int(0), r.Text(1), r.Text(2), r.Int(3)}, path, {}});
    rows.back().roles.push_back(r.Text(5));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Found& a, const Found& b) { return a.path.size() > b.path.size(); });
  std::vector<Cadre> out;
  for (auto& row : rows)
    if (auth::PermissionsForRoles(row.roles).count("residents:observation:write")) out.push_back(std::move(row.cadre));
  return out;
}

void RecountObservation(Connection& c, residents::DailyRecount& out) {
  for (const auto& r : c.Query("SELECT unit_id, start_day, COUNT(*) FROM observation_periods GROUP BY unit_id, start_day").rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kObservationStarted, r.Int(2));
  for (const auto& r : c.Query("SELECT unit_id, release_day, COUNT(*) FROM observation_periods WHERE status = 'released' "
                               "GROUP BY unit_id, release_day")
                           .rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kObservationReleased, r.Int(2));
  for (const auto& r : c.Query("SELECT unit_id, day, COUNT(*), SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), "
                               "SUM(CASE WHEN status = 'missed' THEN 1 ELSE 0 END) FROM observation_rounds "
                               "WHERE status <> 'follow_up' GROUP BY unit_id, day")
                           .rows) {
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kRoundsDue, r.Int(2));
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kRoundsDone, r.Int(3));
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kRoundsMissed, r.Int(4));
  }
  for (const auto& r : c.Query("SELECT unit_id, day, COUNT(*) FROM observation_alerts GROUP BY unit_id, day").rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kAlertsOpened, r.Int(2));
  for (const auto& r : c.Query("SELECT unit_id, closed_day, COUNT(*) FROM observation_alerts WHERE status = 'closed' "
                               "GROUP BY unit_id, closed_day")
                           .rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kAlertsClosed, r.Int(2));
  for (const auto& r : c.Query("SELECT unit_id, day, COUNT(*) FROM observation_needs GROUP BY unit_id, day").rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kNeedsOpened, r.Int(2));
  for (const auto& r : c.Query("SELECT unit_id, closed_day, COUNT(*) FROM observation_needs WHERE status = 'done' "
                               "GROUP BY unit_id, closed_day")
                           .rows)
    residents::AddRecount(out, r.Int(0), r.Text(1), Daily::kNeedsClosed, r.Int(2));
}

}  // namespace fk::observation::store
