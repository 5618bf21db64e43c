#include "observation/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "auth/auth_service.h"
#include "core/ids.h"
#include "org/store.h"
#include "residents/daily.h"
#include "screening/store.h"

namespace fk::observation {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;
using residents::AddDaily;
using residents::Daily;

constexpr size_t kTokenBytes = 24;
constexpr int kSelfReportPerMinute = 20;
constexpr int kSelfReportPerIpPerMinute = 120;

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

std::string UnitPath(Connection& c, int64_t unit_id) {
  auto u = org::store::GetUnit(c, unit_id);
  return u ? u->path : std::string();
}

std::string ScopeOf(Connection& c, const Principal& p, std::optional<int64_t> unit_id) {
  if (!unit_id) return p.unit_path;
  std::string path = UnitPath(c, *unit_id);
  if (path.empty() || !p.InScope(path)) throw Error::NotFound("单位不存在 no such unit");
  return path;
}

Period PeriodInScope(Connection& c, const Principal& p, int64_t id) {
  auto period = store::GetPeriod(c, id);
  if (!period || !p.InScope(UnitPath(c, period->unit_id))) throw Error::NotFound("观察记录不存在 no such period");
  return *period;
}

std::string FormatTenths(int t) { return std::to_string(t / 10) + "." + std::to_string(t % 10); }

std::string PeriodJson(const Period& p) {
  return Json{{"person_id", p.person_id}, {"reason", p.reason},   {"start_day", p.start_day},
              {"length_days", p.length_days}, {"end_day", p.end_day}, {"cadre_id", p.cadre_id},
              {"status", p.status}}
      .dump();
}

// The first day the sweep still materialises: `catch_up_days` days before today.
std::string WindowStart(const std::string& today, int catch_up_days) {
  std::string d = today;
  for (int i = 0; i < catch_up_days; ++i) d = PrevDay(d);
  return d;
}

// Creates the due rounds of one period from max(next day, window_start) up to min(today, end_day) and adds
// them to `due`. Days before the window are never materialised (not due): bounded catch-up.
void Materialise(const store::PendingPeriod& pp, const std::string& today, const std::string& window_start,
                 int64_t now, std::vector<Round>& rows, std::map<std::pair<int64_t, std::string>, int64_t>& due) {
  std::string first = pp.rounds_through.empty() || pp.rounds_through < pp.start_day ? pp.start_day
                                                                                   : NextDay(pp.rounds_through);
  if (first < window_start) first = window_start;
  for (const auto& day : DaysDue(first, pp.end_day, today)) {
    Round r;
    r.period_id = pp.id;
    r.person_id = pp.person_id;
    r.unit_id = pp.unit_id;
    r.cadre_id = pp.cadre_id;
    r.day = day;
    r.created_at = now;
    rows.push_back(std::move(r));
    ++due[{pp.unit_id, day}];
  }
}

constexpr const char* kAdvanceThrough =
    "UPDATE observation_periods SET rounds_through = CASE WHEN end_day < ? THEN end_day ELSE ? END "
    "WHERE status = 'active' AND rounds_through < ? AND rounds_through < end_day AND start_day <= ?";

// Materialises the due rounds of one period (before recording into it).
void MaterialiseOne(Connection& c, const Period& p, const std::string& today, const std::string& window_start,
                    int64_t now) {
  if (p.status != "active" || p.start_day > today) return;
  std::string last = std::min(p.end_day, today);
  if (!p.rounds_through.empty() && p.rounds_through >= last) return;
  std::vector<Round> rows;
  std::map<std::pair<int64_t, std::string>, int64_t> due;
  Materialise({p.id, p.person_id, p.unit_id, p.cadre_id, p.start_day, p.end_day, p.rounds_through}, today, window_start,
              now, rows, due);
  store::InsertDueRounds(c, rows);
  store::SetRoundsThrough(c, p.id, last);
  for (const auto& [key, n] : due) AddDaily(c, key.first, key.second, {{Daily::kRoundsDue, n}});
}

}  // namespace

void CheckRoundInput(const RoundInput& in, bool need_period, FieldErrors& errs) {
  if (need_period) {
    if (in.client_key.empty()) errs.Add("client_key", "required", "必填 required");
    else if (!IsValidUuid(in.client_key)) errs.Add("client_key", "format", "须为 UUID must be a UUID");
    if (!in.period_id) errs.Add("period_id", "required", "必填 required");
  } else if (!in.client_key.empty() && !IsValidUuid(in.client_key)) {
    errs.Add("client_key", "format", "须为 UUID must be a UUID");
  }
  if (!in.temperature) errs.Add("temperature", "required", "体温必填 the temperature is required");
  else if (*in.temperature < kMinTemperature || *in.temperature > kMaxTemperature)
    errs.Add("temperature", "range", "体温须在 34.0–43.0 ℃ must be 34.0 to 43.0");
  for (size_t i = 0; i < in.symptoms.size(); ++i)
    if (!In(kSymptoms, in.symptoms[i]))
      errs.Add("symptoms[" + std::to_string(i) + "]", "enum", "未知症状 unknown symptom");
  if (In(in.symptoms, "none") && in.symptoms.size() > 1)
    errs.Add("symptoms", "exclusive", "“无”不能与其他症状同选 none excludes the others");
  if (in.needs.size() > 10) errs.Add("needs", "max_items", "最多 10 项 at most 10");
  for (size_t i = 0; i < in.needs.size() && i < 10; ++i) {
    std::string f = "needs[" + std::to_string(i) + "]";
    if (!In(kNeedKinds, in.needs[i].kind)) errs.Add(f + ".kind", "enum", "须为 food, medicine, other");
    if (Chars(in.needs[i].text) > 200) errs.Add(f + ".text", "length", "最多 200 字 at most 200 characters");
    if (in.needs[i].kind == "other" && in.needs[i].text.empty())
      errs.Add(f + ".text", "required", "其他需求须说明 say what is needed");
  }
  if (Chars(in.note) > 500) errs.Add("note", "length", "最多 500 字 at most 500 characters");
}

// ---- rules ----

RulesVersion ObservationService::CurrentRules(Connection& c) {
  auto cur = store::CurrentRules(c);
  if (!cur) return {0, DefaultRules(), "", 0};
  auto r = c.QueryOne("SELECT note, created_at FROM observation_rule_sets WHERE version = ?", {cur->first});
  return {cur->first, ParseRules(cur->second), r ? r->Text(0) : "", r ? r->Int(1) : 0};
}

RulesVersion ObservationService::GetRules() {
  return db_.Read([&](Connection& c) { return CurrentRules(c); });
}

RulesVersion ObservationService::SaveRules(const Principal& p, const Actor& a, const std::string& rules_json,
                                           const std::string& note) {
  RuleSet rules = ParseRules(rules_json);
  if (Chars(note) > 200) throw Error::Validation({{"note", "length", "最多 200 字 at most 200 characters"}});
  std::string canonical = RulesToJson(rules);
  int64_t now = clock_.NowMs();
  int version = db_.Write([&](Connection& c) {
    auto cur = store::CurrentRules(c);
    int v = cur ? cur->first + 1 : 1;
    store::InsertRules(c, v, canonical, note, p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt, now);
    WriteAudit(c, a, now, "create", "observation_rules", std::to_string(v), cur ? cur->second : "", canonical);
    return v;
  });
  return {version, rules, note, now};
}

// ---- periods ----

StartResult ObservationService::StartPeriod(const Principal& p, const Actor& a, const PeriodInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  if (!in.person_id) errs.Add("person_id", "required", "必填 required");
  if (!in.reason.empty() && !In(kReasons, in.reason))
    errs.Add("reason", "enum", "须为 returned_from_elsewhere, close_contact, other");
  if (in.start_day.empty()) errs.Add("start_day", "required", "必填 required");
  else if (!IsValidDay(in.start_day)) errs.Add("start_day", "format", "须为 YYYY-MM-DD must be YYYY-MM-DD");
  if (in.length_days && (*in.length_days < 1 || *in.length_days > kMaxLengthDays))
    errs.Add("length_days", "range", "须在 1–60 天 must be 1 to 60 days");
  if (Chars(in.length_reason) > 200) errs.Add("length_reason", "length", "最多 200 字 at most 200 characters");
  if (Chars(in.note) > 500) errs.Add("note", "length", "最多 500 字 at most 500 characters");
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  if (IsValidDay(in.start_day)) {
    auto s = ParseDay(in.start_day), t = ParseDay(today);
    int64_t diff = DaysFromCivil(*s) - DaysFromCivil(*t);
    if (diff > 7) errs.Add("start_day", "range", "最多提前 7 天 at most 7 days ahead");
    if (diff < -60) errs.Add("start_day", "range", "最多补登 60 天前 at most 60 days back");
  }
  std::string token = RandomToken(kTokenBytes);
  int64_t id = db_.Write([&](Connection& c) {
    RulesVersion rules = CurrentRules(c);
    std::optional<store::PersonRef> person;
    if (in.person_id) {
      person = store::PersonOf(c, *in.person_id);
      if (!person || !p.InScope(person->unit_path)) {
        errs.Add("person_id", "exists", "人员不存在或不在管辖范围 no such person in your scope");
        person.reset();
      }
    }
    int64_t cadre = in.cadre_id.value_or(p.user_id);
    // The same rule as the cadre picker (store::CadresFor).
    if (!store::UserUnitPath(c, cadre)) errs.Add("cadre_id", "exists", "责任人不存在 no such user");
    else if (person && store::CadresFor(c, person->unit_path, cadre).empty())
      errs.Add("cadre_id", "scope",
               "责任人须为在用、有居家观察登记权限且管辖该人员所在单位的用户 the cadre must be an active user with "
               "residents:observation:write whose unit covers the person's");
    if (in.length_days && *in.length_days != rules.rules.default_length_days && in.length_reason.empty())
      errs.Add("length_reason", "required", "改变观察天数须说明理由 a length other than the rule needs a reason");
    std::string reason = in.reason;
    if (reason.empty()) {
      if (person && person->returned) reason = "returned_from_elsewhere";
      else errs.Add("reason", "required", "必填 required");
    }
    errs.ThrowIfAny();
    if (store::ActivePeriodOf(c, *in.person_id))
      throw Error::Conflict("该人员已在居家观察中 this person already has an active observation period");
    Period period;
    period.person_id = *in.person_id;
    period.household_id = person->household_id;
    period.unit_id = person->unit_id;
    period.reason = reason;
    period.start_day = in.start_day;
    period.length_days = in.length_days.value_or(rules.rules.default_length_days);
    period.end_day = EndDay(in.start_day, period.length_days);
    period.length_reason = in.length_reason;
    period.cadre_id = cadre;
    period.rule_version = rules.version;
    period.note = in.note;
    period.started_by = p.user_id;
    period.started_at = now;
    int64_t pid = store::InsertPeriod(c, period, auth::HashToken(token));
    period.id = pid;
    AddDaily(c, period.unit_id, period.start_day, {{Daily::kObservationStarted, 1}});
    WriteAudit(c, a, now, "create", "observation_period", std::to_string(pid), "", PeriodJson(period));
    return pid;
  });
  return {GetPeriod(p, id), token};
}

Period ObservationService::GetPeriod(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) { return PeriodInScope(c, p, id); });
}

std::vector<Round> ObservationService::PeriodRounds(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    PeriodInScope(c, p, id);
    return store::RoundsOfPeriod(c, id);
  });
}

std::vector<Period> ObservationService::ListPeriods(const Principal& p, std::optional<int64_t> unit_id, PeriodFilter f) {
  if (f.status && *f.status != "active" && *f.status != "released")
    throw Error::Validation({{"status", "enum", "须为 active 或 released"}});
  f.today = Today();
  return db_.Read([&](Connection& c) { return store::ListPeriods(c, ScopeOf(c, p, unit_id), f); });
}

Period ObservationService::ChangeLength(const Principal& p, const Actor& a, int64_t id, std::optional<int> length_days,
                                        const std::string& reason) {
  FieldErrors errs;
  if (!length_days) errs.Add("length_days", "required", "必填 required");
  else if (*length_days < 1 || *length_days > kMaxLengthDays) errs.Add("length_days", "range", "须在 1–60 天 must be 1 to 60 days");
  if (reason.empty()) errs.Add("reason", "required", "改变观察天数须说明理由 a reason is required");
  else if (Chars(reason) > 200) errs.Add("reason", "length", "最多 200 字 at most 200 characters");
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Period period = PeriodInScope(c, p, id);
    if (period.status != "active") throw Error::Conflict("观察已解除 the period is released");
    std::string end = EndDay(period.start_day, *length_days);
    if (!period.rounds_through.empty() && end < period.rounds_through)
      throw Error::Validation({{"length_days", "range", "不能短于已到期的天数 shorter than the days already due"}});
    store::SetPeriodLength(c, id, *length_days, end, reason);
    WriteAudit(c, a, now, "change_length", "observation_period", std::to_string(id),
               Json{{"length_days", period.length_days}, {"end_day", period.end_day}}.dump(),
               Json{{"length_days", *length_days}, {"end_day", end}, {"reason", reason}}.dump());
  });
  return GetPeriod(p, id);
}

Period ObservationService::Release(const Principal& p, const Actor& a, int64_t id, const std::string& result,
                                   const std::string& note) {
  FieldErrors errs;
  if (result.empty()) errs.Add("result", "required", "必填 required");
  else if (!In(kReleaseResults, result)) errs.Add("result", "enum", "须为 normal, handed_over, moved_away, other");
  if (Chars(note) > 500) errs.Add("note", "length", "最多 500 字 at most 500 characters");
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  db_.Write([&](Connection& c) {
    Period period = PeriodInScope(c, p, id);
    if (period.status != "active") throw Error::Conflict("观察已解除 the period is already released");
    store::ReleasePeriod(c, id, today, now, p.user_id, result, note);
    AddDaily(c, period.unit_id, today, {{Daily::kObservationReleased, 1}});
    WriteAudit(c, a, now, "release", "observation_period", std::to_string(id), PeriodJson(period),
               Json{{"status", "released"}, {"release_day", today}, {"result", result}, {"note", note}}.dump());
  });
  return GetPeriod(p, id);
}

std::string ObservationService::NewSelfReportToken(const Principal& p, const Actor& a, int64_t id) {
  std::string token = RandomToken(kTokenBytes);
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Period period = PeriodInScope(c, p, id);
    if (period.status != "active") throw Error::Conflict("观察已解除 the period is released");
    store::SetToken(c, id, auth::HashToken(token));
    WriteAudit(c, a, now, "self_report_link", "observation_period", std::to_string(id), "", "{}");
  });
  return token;
}

std::vector<store::Cadre> ObservationService::Cadres(const Principal& p, int64_t unit_id) {
  return db_.Read([&](Connection& c) { return store::CadresFor(c, ScopeOf(c, p, unit_id)); });
}

std::vector<store::Candidate> ObservationService::Candidates(const Principal& p, std::optional<int64_t> unit_id,
                                                             const std::string& name, bool returned_only) {
  return db_.Read([&](Connection& c) { return store::Candidates(c, ScopeOf(c, p, unit_id), name, returned_only, 50); });
}

// ---- rounds ----

RecordResult ObservationService::Record(Connection& c, const Period& period, const RoundInput& in,
                                        const std::string& source, int64_t recorded_by, bool replay_same_day) {
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  RulesVersion rules = CurrentRules(c);
  if (today < period.start_day)
    throw Error::Validation({{"period_id", "not_started", "观察尚未开始 the period starts on " + period.start_day}});
  bool follow_up = period.status != "active" || today > period.end_day;
  if (follow_up && source == "self") throw Error::Conflict("观察期已结束 the observation period has ended");

  Round round;
  round.period_id = period.id;
  round.person_id = period.person_id;
  round.unit_id = period.unit_id;
  round.cadre_id = period.cadre_id;
  round.day = today;
  round.source = source;
  round.temperature = in.temperature;
  round.symptoms = in.symptoms;
  round.needs = in.needs;
  round.note = in.note;
  if (!in.client_key.empty()) {
    std::string key = in.client_key;
    for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    round.client_key = key;
  }
  round.recorded_by = recorded_by ? std::optional<int64_t>(recorded_by) : std::nullopt;
  round.recorded_at = now;
  round.created_at = now;

  if (follow_up) {
    round.status = "follow_up";
    round.id = store::InsertRound(c, round);
  } else {
    MaterialiseOne(c, period, today, WindowStart(today, catch_up_days_), now);
    auto existing = store::RoundOf(c, period.id, today);
    if (existing && existing->status == "done") {
      if (replay_same_day) return {*existing, false};
      throw Error::Conflict("今日已记录 today's round is already recorded");
    }
    round.status = "done";
    round.late = (existing && existing->status == "missed") || IsPastDeadline(rules.rules, today, now, tz_);
    if (!existing) {  // not materialised (cannot happen after MaterialiseOne; kept exact anyway)
      round.id = store::InsertRound(c, round);
      AddDaily(c, period.unit_id, today, {{Daily::kRoundsDue, 1}});
    } else {
      round.id = existing->id;
      round.created_at = existing->created_at;
      store::UpdateRoundRecord(c, round);
    }
    if (existing && existing->status == "missed") {
      AddDaily(c, period.unit_id, today, {{Daily::kRoundsDone, 1}, {Daily::kRoundsMissed, -1}});
      // The late report answers the missed-round alert: it closes (counted on the day it closes).
      if (auto alert = store::OpenAlertOfRound(c, round.id, "missed_round")) {
        store::CloseAlert(c, alert->id, recorded_by, now, today, "已补报 late report received");
        AddDaily(c, alert->unit_id, today, {{Daily::kAlertsClosed, 1}});
      }
    } else {
      AddDaily(c, period.unit_id, today, {{Daily::kRoundsDone, 1}});
    }
  }
  if (round.temperature && IsFever(rules.rules, *round.temperature)) {
    auto person = store::PersonOf(c, period.person_id);
    screening::Handover h;
    h.source = "observation";
    h.point_id = 0;
    h.unit_id = period.unit_id;
    h.day = today;
    h.person.name = person ? person->name : "";
    h.person.temperature = round.temperature;
    h.person_id = period.person_id;
    h.source_ref = round.id;
    h.found_at = now;
    int64_t handover = screening::store::InsertHandover(c, h);
    Alert alert;
    alert.kind = "fever";
    alert.period_id = period.id;
    alert.round_id = round.id;
    alert.person_id = period.person_id;
    alert.unit_id = period.unit_id;
    alert.cadre_id = period.cadre_id;
    alert.day = today;
    alert.detail = "体温" + FormatTenths(*round.temperature) + "℃";
    alert.handover_id = handover;
    alert.opened_at = now;
    round.alert_ids.push_back(store::InsertAlert(c, alert));
    AddDaily(c, period.unit_id, today, {{Daily::kAlertsOpened, 1}});
  }
  for (const auto& need : round.needs) {
    NeedRequest n;
    n.round_id = round.id;
    n.period_id = period.id;
    n.person_id = period.person_id;
    n.household_id = period.household_id;
    n.unit_id = period.unit_id;
    n.kind = need.kind;
    n.text = need.text;
    n.day = today;
    n.created_at = now;
    store::InsertNeed(c, n);
    AddDaily(c, period.unit_id, today, {{Daily::kNeedsOpened, 1}});
  }
  auto stored = store::GetRound(c, round.id);
  stored->alert_ids = round.alert_ids;
  return {*stored, true};
}

RecordResult ObservationService::RecordRound(const Principal& p, const RoundInput& in) {
  FieldErrors errs;
  CheckRoundInput(in, true, errs);
  errs.ThrowIfAny();
  return db_.WriteRerunnable([&](Connection& c) -> RecordResult {  // effects only through c
    std::string key = in.client_key;
    for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto known = store::RoundByClientKey(c, key)) {
      if (!p.InScope(UnitPath(c, known->unit_id)))
        throw Error::Validation({{"client_key", "unique", "客户端编号已被使用 client_key already used"}});
      return {*known, false};
    }
    auto period = store::GetPeriod(c, *in.period_id);
    if (!period || !p.InScope(UnitPath(c, period->unit_id)))
      throw Error::Validation({{"period_id", "exists", "观察记录不存在 no such period in your scope"}});
    return Record(c, *period, in, "cadre", p.user_id, false);
  });
}

std::vector<store::DoorItem> ObservationService::DoorList(const Principal& p, bool mine, std::optional<int64_t> unit_id) {
  std::string today = Today();
  int64_t now = clock_.NowMs();
  (void)now;
  return db_.Read([&](Connection& c) {
    return store::DoorList(c, ScopeOf(c, p, unit_id), mine ? std::optional<int64_t>(p.user_id) : std::nullopt, today,
                           500);
  });
}

// A self-report token is 32 base64url characters; anything else is a malformed link (400), a
// well-formed unknown token is absent (404).
void CheckTokenFormat(const std::string& token) {
  bool ok = token.size() == 32 && std::all_of(token.begin(), token.end(), [](char ch) {
              return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
            });
  if (!ok) throw Error(ErrorCode::kBadRequest, "链接格式不正确 malformed self-report link", {{"token", "format", ""}});
}

void ObservationService::CheckRate(const std::string& key, int per_minute) {
  int64_t minute = clock_.NowMs() / 60'000;
  std::lock_guard lock(rate_mu_);
  if (rate_.size() > 100'000) rate_.clear();
  auto& [m, n] = rate_[key];
  if (m != minute) {
    m = minute;
    n = 0;
  }
  if (++n > per_minute) throw Error(ErrorCode::kRateLimited, "请求过于频繁，请稍后再试 too many requests, try again later");
}

SelfReportView ObservationService::SelfReportInfo(const std::string& token, const std::string& ip) {
  CheckRate("ip:" + ip, kSelfReportPerIpPerMinute);
  CheckTokenFormat(token);
  std::string hash = auth::HashToken(token);
  CheckRate("t:" + hash, kSelfReportPerMinute);
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  return db_.Read([&](Connection& c) {
    auto period = store::PeriodByTokenHash(c, hash);
    if (!period) throw Error::NotFound("链接无效 this link is not valid");
    RulesVersion rules = CurrentRules(c);
    SelfReportView v;
    v.period_id = period->id;
    v.name_masked = period->person_name_masked;
    v.day = today;
    v.end_day = period->end_day;
    int m = rules.rules.deadline_minutes;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    v.deadline = buf;
    if (period->status != "active" || today > period->end_day) v.status = "ended";
    else if (today < period->start_day) v.status = "not_started";
    else {
      v.today = store::RoundOf(c, period->id, today);
      v.status = v.today ? v.today->status : "due";
    }
    return v;
  });
}

RecordResult ObservationService::SelfReport(const std::string& token, const std::string& ip, const RoundInput& in) {
  CheckRate("ip:" + ip, kSelfReportPerIpPerMinute);
  CheckTokenFormat(token);
  std::string hash = auth::HashToken(token);
  CheckRate("t:" + hash, kSelfReportPerMinute);
  FieldErrors errs;
  CheckRoundInput(in, false, errs);
  errs.ThrowIfAny();
  return db_.WriteRerunnable([&](Connection& c) -> RecordResult {  // effects only through c
    auto period = store::PeriodByTokenHash(c, hash);
    if (!period) throw Error::NotFound("链接无效 this link is not valid");
    if (!in.client_key.empty()) {
      std::string key = in.client_key;
      for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (auto known = store::RoundByClientKey(c, key)) {
        if (known->period_id != period->id)
          throw Error::Validation({{"client_key", "unique", "客户端编号已被使用 client_key already used"}});
        return {*known, false};
      }
    }
    return Record(c, *period, in, "self", 0, true);
  });
}

// ---- alerts ----

std::vector<Alert> ObservationService::ListAlerts(const Principal& p, std::optional<int64_t> unit_id, bool mine,
                                                  AlertFilter f) {
  FieldErrors errs;
  if (f.status && *f.status != "open" && *f.status != "acknowledged" && *f.status != "closed")
    errs.Add("status", "enum", "须为 open, acknowledged, closed");
  if (f.kind && *f.kind != "missed_round" && *f.kind != "fever") errs.Add("kind", "enum", "须为 missed_round, fever");
  errs.ThrowIfAny();
  if (mine) f.cadre_id = p.user_id;
  return db_.Read([&](Connection& c) { return store::ListAlerts(c, ScopeOf(c, p, unit_id), f); });
}

Alert ObservationService::Acknowledge(const Principal& p, const Actor& a, int64_t id) {
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto alert = store::GetAlert(c, id);
    if (!alert || !p.InScope(UnitPath(c, alert->unit_id))) throw Error::NotFound("预警不存在 no such alert");
    if (alert->status != "open") throw Error::Conflict("预警已处理 the alert is not open");
    store::AcknowledgeAlert(c, id, p.user_id, now);
    WriteAudit(c, a, now, "acknowledge", "observation_alert", std::to_string(id), R"({"status":"open"})",
               R"({"status":"acknowledged"})");
    return *store::GetAlert(c, id);
  });
}

Alert ObservationService::CloseAlert(const Principal& p, const Actor& a, int64_t id, const std::string& note) {
  if (note.empty()) throw Error::Validation({{"note", "required", "关闭预警须填写处理情况 say how it was handled"}});
  if (Chars(note) > 500) throw Error::Validation({{"note", "length", "最多 500 字 at most 500 characters"}});
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  return db_.Write([&](Connection& c) {
    auto alert = store::GetAlert(c, id);
    if (!alert || !p.InScope(UnitPath(c, alert->unit_id))) throw Error::NotFound("预警不存在 no such alert");
    if (alert->status == "closed") throw Error::Conflict("预警已关闭 the alert is already closed");
    store::CloseAlert(c, id, p.user_id, now, today, note);
    AddDaily(c, alert->unit_id, today, {{Daily::kAlertsClosed, 1}});
    WriteAudit(c, a, now, "close", "observation_alert", std::to_string(id), Json{{"status", alert->status}}.dump(),
               Json{{"status", "closed"}, {"note", note}}.dump());
    return *store::GetAlert(c, id);
  });
}

// ---- needs ----

std::vector<NeedRequest> ObservationService::ListNeeds(const Principal& p, std::optional<int64_t> unit_id, NeedFilter f) {
  FieldErrors errs;
  if (f.status && !In(kNeedStatuses, *f.status)) errs.Add("status", "enum", "须为 open, in_progress, done");
  if (f.kind && !In(kNeedKinds, *f.kind)) errs.Add("kind", "enum", "须为 food, medicine, other");
  errs.ThrowIfAny();
  return db_.Read([&](Connection& c) { return store::ListNeeds(c, ScopeOf(c, p, unit_id), f); });
}

NeedRequest ObservationService::SetNeedStatus(const Principal& p, const Actor& a, int64_t id, const std::string& status) {
  if (status.empty()) throw Error::Validation({{"status", "required", "必填 required"}});
  if (!In(kNeedStatuses, status) || status == "open")
    throw Error::Validation({{"status", "enum", "须为 in_progress 或 done"}});
  int64_t now = clock_.NowMs();
  std::string today = LocalDay(now, tz_);
  return db_.Write([&](Connection& c) {
    auto need = store::GetNeed(c, id);
    if (!need || !p.InScope(UnitPath(c, need->unit_id))) throw Error::NotFound("需求不存在 no such need");
    if (need->status == "done") throw Error::Conflict("需求已办结 the need is already done");
    if (need->status == status) return *need;
    store::SetNeedStatus(c, id, status, p.user_id, now, status == "done" ? std::optional<std::string>(today) : std::nullopt);
    if (status == "done") AddDaily(c, need->unit_id, today, {{Daily::kNeedsClosed, 1}});
    WriteAudit(c, a, now, "status", "observation_need", std::to_string(id), Json{{"status", need->status}}.dump(),
               Json{{"status", status}}.dump());
    return *store::GetNeed(c, id);
  });
}

// ---- board ----

Board ObservationService::GetBoard(const Principal& p, std::optional<int64_t> unit_id, std::optional<std::string> day,
                                   int64_t missing_after, int limit) {
  if (day && !IsValidDay(*day)) throw Error::Validation({{"day", "format", "须为 YYYY-MM-DD must be YYYY-MM-DD"}});
  Board b;
  b.day = day.value_or(Today());
  b.missing_limit = limit;
  return db_.Read([&](Connection& c) {
    std::string scope = ScopeOf(c, p, unit_id);
    b.unit_id = unit_id.value_or(p.unit_id);
    b.counts = store::CountsOf(c, scope, b.day);
    b.open_alerts = store::CountOpenAlerts(c, scope);
    b.due_for_release = store::CountDueForRelease(c, scope, Today());
    b.missing = store::MissingRounds(c, scope, b.day, missing_after, limit);
    AlertFilter f;
    f.open_only = true;
    f.limit = 20;
    b.alerts = store::ListAlerts(c, scope, f);
    return b;
  });
}

// ---- sweep ----

SweepResult ObservationService::Sweep(int64_t now) {
  SweepResult out;
  out.today = LocalDay(now, tz_);
  const std::string& today = out.today;
  // Rerunnable (a cadre's round on another server may insert the day's round first); out's
  // fields are assigned, not added to.
  db_.WriteRerunnable([&](Connection& c) {
    RulesVersion rules = CurrentRules(c);
    std::map<std::pair<int64_t, std::string>, std::array<int64_t, 3>> deltas;  // due, missed, alerts
    std::vector<Round> rows;
    std::map<std::pair<int64_t, std::string>, int64_t> due;
    std::string window_start = WindowStart(today, catch_up_days_);
    for (const auto& pp : store::PeriodsToMaterialise(c, today)) Materialise(pp, today, window_start, now, rows, due);
    store::InsertDueRounds(c, rows);
    c.Exec(kAdvanceThrough, {today, today, today, today});
    out.rounds_created = static_cast<int64_t>(rows.size());
    for (const auto& [key, n] : due) deltas[key][0] += n;

    std::string last = IsPastDeadline(rules.rules, today, now, tz_) ? today : PrevDay(today);
    std::vector<Round> missed = store::DueRoundsUpTo(c, last);
    std::vector<int64_t> ids;
    for (const auto& r : missed) ids.push_back(r.id);
    store::MarkMissed(c, ids);
    for (const auto& r : missed) {
      Alert a;
      a.kind = "missed_round";
      a.period_id = r.period_id;
      a.round_id = r.id;
      a.person_id = r.person_id;
      a.unit_id = r.unit_id;
      a.cadre_id = r.cadre_id;
      a.day = r.day;
      a.detail = r.day + " 未报告体温 no report by the deadline";
      a.opened_at = now;
      store::InsertAlert(c, a);
      deltas[{r.unit_id, r.day}][1] += 1;
      deltas[{r.unit_id, r.day}][2] += 1;
    }
    out.rounds_missed = out.alerts_opened = static_cast<int64_t>(missed.size());
    for (const auto& [key, d] : deltas)
      AddDaily(c, key.first, key.second,
               {{Daily::kRoundsDue, d[0]}, {Daily::kRoundsMissed, d[1]}, {Daily::kAlertsOpened, d[2]}});
    out.due_for_release = store::CountDueForRelease(c, "/", today);
  });
  return out;
}

std::vector<std::string> ObservationService::VerifyRollups() {
  return db_.Read([&](Connection& c) {
    residents::DailyRecount recount;
    store::RecountObservation(c, recount);
    const size_t cols[] = {static_cast<size_t>(Daily::kObservationStarted), static_cast<size_t>(Daily::kObservationReleased),
                           static_cast<size_t>(Daily::kRoundsDue),          static_cast<size_t>(Daily::kRoundsDone),
                           static_cast<size_t>(Daily::kRoundsMissed),       static_cast<size_t>(Daily::kAlertsOpened),
                           static_cast<size_t>(Daily::kAlertsClosed),       static_cast<size_t>(Daily::kNeedsOpened),
                           static_cast<size_t>(Daily::kNeedsClosed)};
    std::string sql = "SELECT unit_id, day";
    for (size_t col : cols) sql += std::string(", ") + residents::DailyColumns()[col];
    sql += " FROM community_daily";
    std::vector<std::string> diffs;
    std::map<std::pair<int64_t, std::string>, bool> seen;
    for (const auto& r : c.Query(sql).rows) {
      std::pair<int64_t, std::string> key{r.Int(0), r.Text(1)};
      seen[key] = true;
      auto it = recount.find(key);
      for (size_t i = 0; i < std::size(cols); ++i) {
        int64_t want = it == recount.end() ? 0 : it->second[cols[i]];
        if (r.Int(2 + i) != want)
          diffs.push_back("unit " + std::to_string(key.first) + " day " + key.second + " " +
                          residents::DailyColumns()[cols[i]] + ": stored " + std::to_string(r.Int(2 + i)) +
                          " recounted " + std::to_string(want));
      }
    }
    for (const auto& [key, counts] : recount)
      if (!seen.count(key))
        for (size_t col : cols)
          if (counts[col] != 0)
            diffs.push_back("unit " + std::to_string(key.first) + " day " + key.second + " " +
                            residents::DailyColumns()[col] + ": no row, recounted " + std::to_string(counts[col]));
    return diffs;
  });
}

}  // namespace fk::observation
