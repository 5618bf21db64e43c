#include "gate/service.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"
#include "residents/daily.h"
#include "residents/store.h"
#include "screening/store.h"

namespace fk::gate {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;
using residents::Daily;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kFutureSlackMs = 5 * kMinute;  // a device clock ahead by more than this is refused

std::string UnitPath(Connection& c, int64_t unit_id) {
  auto r = c.QueryOne("SELECT path FROM units WHERE id = ?", {static_cast<long long>(unit_id)});
  return r ? r->Text(0) : std::string();
}

bool In(const std::vector<std::string>& set, const std::string& v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

int MinuteOfDay(int64_t at, int tz) {
  int64_t local = at + static_cast<int64_t>(tz) * kMinute;
  int64_t in_day = ((local % kMsPerDay) + kMsPerDay) % kMsPerDay;
  return static_cast<int>(in_day / kMinute);
}

std::string AddDays(const std::string& day, int n) {
  return FormatDay(CivilFromDays(DaysFromCivil(*ParseDay(day)) + n));
}

std::string RandomCode() {
  EnsureSodium();
  std::string code;
  for (int i = 0; i < 8; ++i) code.push_back(kCodeAlphabet[randombytes_uniform(32)]);
  return code;
}

std::string HhMm(int64_t at, int tz) {
  int m = MinuteOfDay(at, tz);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

}  // namespace

std::string Sha256Hex(std::string_view text) {
  EnsureSodium();
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return HexEncode(std::span<const unsigned char>(out, sizeof out));
}

std::string TokenFromQr(std::string_view qr) {
  while (!qr.empty() && (qr.front() == ' ' || qr.front() == '\n')) qr.remove_prefix(1);
  while (!qr.empty() && (qr.back() == ' ' || qr.back() == '\n' || qr.back() == '\r')) qr.remove_suffix(1);
  std::string_view prefix = kQrPrefix;
  if (qr.substr(0, prefix.size()) == prefix) qr.remove_prefix(prefix.size());
  return std::string(qr);
}

std::string NormalizeCode(std::string_view code) {
  std::string out;
  for (char ch : code) {
    if (ch == ' ' || ch == '-') continue;
    out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  return out;
}

// ---- rules ----

EffectiveRules GateService::Effective(Connection& c, const std::string& unit_path) {
  auto v = store::EffectiveRules(c, unit_path);
  if (!v) return {};
  return {v->version, v->unit_id, v->unit_name, ParseGateRules(v->rules_json)};
}

EffectiveRules GateService::RulesForUnit(const Principal& p, int64_t unit_id) {
  return db_.Read([&](Connection& c) {
    std::string path = UnitPath(c, unit_id);
    if (path.empty() || !p.InScope(path)) throw Error::NotFound("单位不存在 no such unit");
    return Effective(c, path);
  });
}

std::vector<RuleVersion> GateService::ListRuleVersions(const Principal& p, int64_t unit_id) {
  return db_.Read([&](Connection& c) {
    std::string path = UnitPath(c, unit_id);
    if (path.empty() || !p.InScope(path)) throw Error::NotFound("单位不存在 no such unit");
    return store::ListRuleVersions(c, unit_id);
  });
}

RuleVersion GateService::SaveRules(const Principal& p, const Actor& a, int64_t unit_id, const std::string& rules_json,
                                   const std::string& note) {
  GateRules rules = ParseGateRules(rules_json);
  std::string canonical = GateRulesToJson(rules);
  int64_t now = clock_.NowMs();
  int64_t version = db_.Write([&](Connection& c) {
    std::string path = UnitPath(c, unit_id);
    if (path.empty() || !p.InScope(path))
      throw Error::Validation({{"unit_id", "exists", "单位不存在或不在管辖范围 no such unit in your scope"}});
    int64_t v = store::InsertRules(c, unit_id, canonical, note, p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt, now);
    auth::WriteAudit(c, a, now, "create", "gate_rules", std::to_string(v), "",
                     Json{{"unit_id", unit_id}, {"rules", Json::parse(canonical)}, {"note", note}}.dump());
    return v;
  });
  return *db_.Read([&](Connection& c) { return store::RulesByVersion(c, version); });
}

// ---- passes ----

IssuedPass GateService::IssueOne(Connection& c, const Actor& a, int64_t unit_id, int64_t household_id,
                                 std::optional<int64_t> person_id, int64_t now) {
  if (auto old = store::ActivePassOf(c, household_id, person_id))
    store::RevokePass(c, old->id, a.user_id, now, "reissued");
  IssuedPass out;
  out.token = RandomToken(24);
  do out.short_code = RandomCode();
  while (store::CodeHashTaken(c, Sha256Hex(out.short_code)));
  out.qr_text = std::string(kQrPrefix) + out.token;
  Pass p;
  p.unit_id = unit_id;
  p.household_id = household_id;
  p.person_id = person_id;
  p.kind = person_id ? "personal" : "household";
  int64_t id = store::InsertPass(c, p, Sha256Hex(out.token), Sha256Hex(out.short_code), a.user_id, now);
  auth::WriteAudit(c, a, now, "issue", "gate_pass", std::to_string(id), "",
                   Json{{"household_id", household_id}, {"person_id", person_id ? Json(*person_id) : Json()}}.dump());
  out.pass = *store::GetPass(c, id);
  return out;
}

std::vector<IssuedPass> GateService::Issue(const Principal& p, const Actor& a, const std::vector<int64_t>& household_ids,
                                           const std::vector<int64_t>& person_ids) {
  if (household_ids.empty() && person_ids.empty())
    throw Error::Validation({{"household_ids", "required", "选择住户或人员 choose households or persons"}});
  if (household_ids.size() + person_ids.size() > 500)
    throw Error::Validation({{"household_ids", "max_items", "一次最多 500 张 at most 500 passes at once"}});
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    FieldErrors errs;
    std::vector<std::pair<int64_t, int64_t>> households;  // unit, household
    for (size_t i = 0; i < household_ids.size(); ++i) {
      auto h = residents::store::GetHousehold(c, nullptr, household_ids[i]);
      if (!h || !h->active || !p.InScope(h->unit_path))
        errs.Add("household_ids[" + std::to_string(i) + "]", "exists", "住户不存在 no such household");
      else
        households.push_back({h->unit_id, h->id});
    }
    std::vector<std::pair<int64_t, residents::Person>> persons;
    for (size_t i = 0; i < person_ids.size(); ++i) {
      auto per = residents::store::GetPerson(c, nullptr, person_ids[i]);
      if (!per || !per->active || !p.InScope(per->unit_path))
        errs.Add("person_ids[" + std::to_string(i) + "]", "exists", "人员不存在 no such person");
      else
        persons.push_back({per->unit_id, *per});
    }
    errs.ThrowIfAny();
    std::vector<IssuedPass> out;
    for (auto [unit, hid] : households) out.push_back(IssueOne(c, a, unit, hid, std::nullopt, now));
    for (const auto& [unit, per] : persons) out.push_back(IssueOne(c, a, unit, per.household_id, per.id, now));
    return out;
  });
}

Pass GateService::Revoke(const Principal& p, const Actor& a, int64_t pass_id, const std::string& reason) {
  if (Chars(reason) > 200) throw Error::Validation({{"reason", "length", "最多 200 字 at most 200 characters"}});
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto pass = store::GetPass(c, pass_id);
    if (!pass || !p.InScope(UnitPath(c, pass->unit_id))) throw Error::NotFound("通行证不存在 no such pass");
    if (!pass->active) throw Error::Conflict("通行证已作废 the pass is already revoked");
    store::RevokePass(c, pass_id, a.user_id, now, reason.empty() ? "revoked" : reason);
    auth::WriteAudit(c, a, now, "revoke", "gate_pass", std::to_string(pass_id), R"({"active":true})",
                     Json{{"active", false}, {"reason", reason}}.dump());
    return *store::GetPass(c, pass_id);
  });
}

IssuedPass GateService::Reissue(const Principal& p, const Actor& a, int64_t pass_id) {
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto pass = store::GetPass(c, pass_id);
    if (!pass || !p.InScope(UnitPath(c, pass->unit_id))) throw Error::NotFound("通行证不存在 no such pass");
    if (pass->active) store::RevokePass(c, pass_id, a.user_id, now, "reissued");
    return IssueOne(c, a, pass->unit_id, pass->household_id, pass->person_id, now);
  });
}

std::vector<Pass> GateService::ListPasses(const Principal& p, const store::PassFilter& f) {
  return db_.Read([&](Connection& c) {
    if (f.unit_id && !p.InScope(UnitPath(c, *f.unit_id))) throw Error::NotFound("单位不存在 no such unit");
    return store::ListPasses(c, p.unit_path, f);
  });
}

std::vector<store::HouseholdRow> GateService::Households(const Principal& p, std::optional<int64_t> unit_id,
                                                         int64_t before_id, int limit) {
  return db_.Read([&](Connection& c) {
    std::string scope = p.unit_path;
    if (unit_id) {
      scope = UnitPath(c, *unit_id);
      if (scope.empty() || !p.InScope(scope)) throw Error::NotFound("单位不存在 no such unit");
    }
    return store::HouseholdsWithPasses(c, scope, before_id, limit);
  });
}

// ---- events ----

void GateService::Sweep(Connection& c, const std::string& scope_path, int64_t now) {
  for (const auto& d : store::ExitsPastDue(c, scope_path, now)) {
    store::SetOverdue(c, d.id, now);
    residents::AddDaily(c, d.unit_id, d.day, {{Daily::kGateOverdue, 1}});
  }
}

std::optional<Event> GateService::Process(Connection& c, const Principal& p, const EventInput& in, int64_t now,
                                          FieldErrors& errs, residents::DailyDeltas& daily) {
  // Checks that need no database.
  errs.Append(in.parse_errors);
  if (in.client_key.empty()) errs.Add("client_key", "required", "必填 required");
  else if (!IsValidUuid(in.client_key)) errs.Add("client_key", "format", "须为 UUID must be a UUID");
  if (!in.point_id) errs.Add("point_id", "required", "必填 required");
  if (!In(kDirections, in.direction)) errs.Add("direction", "enum", "须为 out 或 in must be out or in");
  if (!in.temperature) errs.Add("temperature", "required", "须测体温 the temperature is required");
  else if (*in.temperature < kMinTemperature || *in.temperature > kMaxTemperature)
    errs.Add("temperature", "range", "须在 34.0–43.0 ℃ must be 34.0 to 43.0");
  int ways = (in.token ? 1 : 0) + (in.short_code ? 1 : 0) + (in.visitor ? 1 : 0);
  if (ways == 0) errs.Add("pass", "required", "扫码、输入短码或登记访客 scan a pass, type its code or register a visitor");
  else if (ways > 1) errs.Add("pass", "one_of", "通行证与访客只能选一 a pass or a visitor, not both");
  if (in.special && in.special_reason.empty())
    errs.Add("special_reason", "required", "特殊情况须说明理由 a special circumstance needs a reason");
  if (Chars(in.special_reason) > 200) errs.Add("special_reason", "length", "最多 200 字 at most 200 characters");
  if (in.decision && !In(kDecisions, *in.decision)) errs.Add("decision", "enum", "须为 allow, refuse, handover");
  std::string visitor_phone;
  if (in.visitor) {
    if (in.visitor->name.empty()) errs.Add("visitor.name", "required", "必填 required");
    else if (Chars(in.visitor->name) > 50) errs.Add("visitor.name", "length", "最多 50 字 at most 50 characters");
    if (in.visitor->reason.empty()) errs.Add("visitor.reason", "required", "来访事由必填 the reason is required");
    else if (Chars(in.visitor->reason) > 200) errs.Add("visitor.reason", "length", "最多 200 字 at most 200 characters");
    if (!in.visitor->host_household_id)
      errs.Add("visitor.host_household_id", "required", "须填写被访住户 the host household is required");
    if (!in.visitor->phone.empty()) {
      auto ph = NormalizePhone(in.visitor->phone);
      if (!ph) errs.Add("visitor.phone", "format", "手机号须为 11 位 a mobile number has 11 digits");
      else visitor_phone = *ph;
    }
  }
  int64_t at = in.device_time_ms.value_or(now);
  if (at > now + kFutureSlackMs) errs.Add("device_time", "future", "设备时间晚于服务器 the device time is in the future");
  if (!errs.empty()) return std::nullopt;

  // The point: a community gate in the caller's subtree.
  auto point = org::store::GetPoint(c, *in.point_id);
  if (!point || !p.InScope(point->unit_path) || !point->active) {
    errs.Add("point_id", "exists", "卡点不存在或不在管辖范围 no such point in your scope");
    return std::nullopt;
  }
  if (point->kind != "community_gate") {
    errs.Add("point_id", "kind", "须为社区/村门岗 must be a community gate");
    return std::nullopt;
  }
  // The rules: the version the phone decided under, else the current ones.
  EffectiveRules rules;
  if (in.rule_version && *in.rule_version != 0) {
    auto v = store::RulesByVersion(c, *in.rule_version);
    if (!v || point->unit_path.substr(0, UnitPath(c, v->unit_id).size()) != UnitPath(c, v->unit_id)) {
      errs.Add("rule_version", "exists", "规则版本不存在 no such rule version for this gate");
      return std::nullopt;
    }
    rules = {v->version, v->unit_id, v->unit_name, ParseGateRules(v->rules_json)};
  } else if (in.rule_version) {
    rules = {};  // version 0: the city default the phone used
  } else {
    rules = Effective(c, point->unit_path);
  }

  Event e;
  e.client_key = in.client_key;
  e.point_id = point->id;
  e.point_name = point->name;
  e.unit_id = point->unit_id;
  e.direction = in.direction;
  e.temperature = *in.temperature;
  e.special_reason = in.special_reason;
  e.at = at;
  e.day = LocalDay(at, tz_);
  e.server_time = now;
  e.operator_id = p.user_id;
  e.rule_version = rules.version;

  GateInput g;
  g.direction = in.direction;
  g.temperature = *in.temperature;
  g.special = in.special;
  g.minute_of_day = MinuteOfDay(at, tz_);
  std::string note;
  if (in.visitor) {
    auto host = residents::store::GetHousehold(c, nullptr, *in.visitor->host_household_id);
    if (!host || !host->active || host->unit_path.substr(0, point->unit_path.size()) != point->unit_path) {
      errs.Add("visitor.host_household_id", "exists", "被访住户不在本社区 the host household is not in this community");
      return std::nullopt;
    }
    e.host_household_id = host->id;
    e.visitor_name = in.visitor->name;
    e.visitor_phone = visitor_phone;
    e.visitor_phone_masked = MaskPhone(visitor_phone);
    e.visitor_reason = in.visitor->reason;
    g.visitor = true;
  } else {
    std::optional<Pass> pass = in.token ? store::PassByTokenHash(c, Sha256Hex(TokenFromQr(*in.token)))
                                        : store::PassByCodeHash(c, Sha256Hex(NormalizeCode(*in.short_code)));
    bool valid = pass && pass->active && UnitPath(c, pass->unit_id).substr(0, point->unit_path.size()) == point->unit_path;
    if (pass && !pass->active) note = "通行证已作废 the pass was revoked";
    else if (pass && !valid) note = "非本社区通行证 a pass of another community";
    else if (!pass) note = "无效通行证 unknown pass";
    if (valid) {
      e.pass_id = pass->id;
      e.household_id = pass->household_id;
      e.household_address = pass->address;
      int64_t person_id = 0;
      if (pass->person_id) {
        person_id = *pass->person_id;
        if (in.person_id && *in.person_id != person_id) {
          errs.Add("person_id", "member", "个人通行证只属于持证人 a personal pass belongs to its holder");
          return std::nullopt;
        }
      } else if (!in.person_id) {
        errs.Add("person_id", "required", "请选择本户人员 choose the member of the household");
        return std::nullopt;
      } else {
        person_id = *in.person_id;
      }
      auto person = residents::store::GetPerson(c, nullptr, person_id);
      if (!person || !person->active || person->household_id != pass->household_id) {
        errs.Add("person_id", "member", "不是本户人员 not a member of this household");
        return std::nullopt;
      }
      e.person_id = person->id;
      e.person_name = person->name;
      e.is_staff = person->is_staff;
      g.resident = true;
      g.staff = person->is_staff;
      std::string start = WindowStart(rules.rules, e.day);
      e.quota_used = store::QuotaUses(c, pass->household_id, start, AddDays(start, rules.rules.quota_days - 1));
      g.exits_in_window = static_cast<int>(e.quota_used.size());
    }
  }
  GateDecision server = Decide(rules.rules, g);
  e.server_decision = server.decision;
  e.server_reason = server.reason;
  e.decision = in.decision.value_or(server.decision);
  e.reason = server.reason;
  e.counts_quota = server.counts_quota;
  bool conflict = false;
  if (e.decision != server.decision) {
    // The same rule version and temperature always say fever: a phone that disagrees is broken.
    if (server.decision == "handover" || e.decision == "handover") {
      errs.Add("decision", "fever", server.decision == "handover" ? "发热须依规处置 a fever must be handed over"
                                                                  : "体温正常，不能处置 no fever to hand over");
      return std::nullopt;
    }
    if (e.decision == "allow" && server.reason == "quota") {
      // Another gate used the quota while this phone was offline: both exits happened.
      e.reason = "resident";
      e.counts_quota = true;
      conflict = true;
    } else {
      e.reason = e.decision == "allow" ? "device" : "device_refused";
      e.counts_quota = false;
    }
  }
  if (e.decision == "allow" && e.direction == "out" && e.person_id)
    e.due_at = at + static_cast<int64_t>(rules.rules.max_out_minutes) * kMinute;

  std::optional<std::string> sealed;
  if (!visitor_phone.empty()) sealed = cipher_.Encrypt(visitor_phone);
  auto id = store::InsertEvent(c, e, sealed);
  if (!id) return std::nullopt;  // the key was stored meanwhile: the caller answers with the first result
  e.id = *id;
  if (conflict) {
    std::string text = "同户本时段已外出 the household's quota was already used: ";
    for (const auto& u : e.quota_used)
      text += "#" + std::to_string(u.event_id) + " " + MaskName(u.name) + " " + HhMm(u.at, tz_) + "; ";
    store::MarkConflict(c, e.id, text);
    e.conflict = true;
    e.conflict_note = text;
  } else if (!note.empty()) {
    // Why a pass was not accepted: kept in conflict_note without marking a conflict.
    c.Exec("UPDATE gate_events SET conflict_note = ? WHERE id = ?", {note, static_cast<long long>(e.id)});
    e.conflict_note = note;
  }
  // Pairing: a return closes the person's open exit.
  if (e.direction == "in" && e.decision == "allow" && e.person_id) {
    if (auto exit = store::OpenExitOf(c, *e.person_id); exit && exit->at <= at) {
      store::CloseExit(c, exit->id, e.id, at);
      e.exit_event_id = exit->id;
      bool late = exit->due_at && at > *exit->due_at;
      if (late && !exit->overdue_at) {
        store::SetOverdue(c, exit->id, at);
        daily.Add(exit->unit_id, exit->day, {{Daily::kGateOverdue, 1}});
      } else if (!late && exit->overdue_at) {
        // A return made in time but synced late: the sweep's mark was wrong.
        store::SetOverdue(c, exit->id, std::nullopt);
        daily.Add(exit->unit_id, exit->day, {{Daily::kGateOverdue, -1}});
      }
    }
  }
  if (e.decision == "handover") {
    screening::Handover h;
    h.source = "gate";
    h.point_id = e.point_id;
    h.unit_id = e.unit_id;
    h.day = e.day;
    h.person_id = e.person_id;
    h.source_ref = e.id;
    h.person.name = e.person_id ? e.person_name : e.visitor_name;
    h.person.phone = e.person_id ? std::string() : sealed.value_or(std::string());  // sealed, like the checkpoint's
    h.person.temperature = e.temperature;
    h.found_at = at;
    e.handover_id = screening::store::InsertHandover(c, h);
    store::SetHandover(c, e.id, *e.handover_id);
  }
  // The figures, in this transaction (added by the caller at its end).
  GateDecision recorded{e.decision, e.reason, e.counts_quota};
  if (e.decision == "allow") {
    Daily col = e.reason == "visitor" ? Daily::kGateVisitors
                                      : (e.direction == "out" ? Daily::kGateExits : Daily::kGateReturns);
    daily.Add(e.unit_id, e.day, {{col, 1}, {Daily::kGateConflicts, conflict ? 1 : 0}});
  } else {
    std::string column = recorded.RefusalColumn();
    Daily col = column == "refused_fever"          ? Daily::kRefusedFever
                : column == "refused_quota"        ? Daily::kRefusedQuota
                : column == "refused_not_resident" ? Daily::kRefusedNotResident
                                                   : Daily::kRefusedOther;
    daily.Add(e.unit_id, e.day, {{col, 1}});
  }
  for (const auto& d : store::UnitExitsPastDue(c, point->unit_id, now)) {
    store::SetOverdue(c, d.id, now);
    daily.Add(d.unit_id, d.day, {{Daily::kGateOverdue, 1}});
  }
  return e;  // as stored: every column was set above (no re-read on the single writer)
}

std::vector<BatchItem> GateService::RecordBatch(const Principal& p, const std::vector<EventInput>& given) {
  // Client keys compare case-insensitively (a UUID's hex digits), so a replay in upper case is a replay.
  std::vector<EventInput> inputs = given;
  for (auto& in : inputs)
    for (auto& ch : in.client_key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (inputs.empty()) throw Error::Validation({{"records", "required", "没有记录 no records"}});
  if (inputs.size() > kMaxBatch) throw Error::Validation({{"records", "max_items", "一次最多 500 条 at most 500 records"}});
  int64_t now = clock_.NowMs();
  // Rerunnable: every effect goes through c (two servers' events for one household can deadlock).
  return db_.WriteRerunnable([&](Connection& c) {
    std::vector<BatchItem> out(inputs.size());
    // The figures of the kept records, added at the end: the community's daily row stays
    // unlocked while the batch's records are checked (it is every gate phone's hot row).
    residents::DailyDeltas daily;
    for (size_t i = 0; i < inputs.size(); ++i) {
      BatchItem& item = out[i];
      item.client_key = inputs[i].client_key;
      // A known key answers with the first result, whatever this copy says.
      if (IsValidUuid(inputs[i].client_key)) {
        if (auto existing = store::GetEventByClientKey(c, inputs[i].client_key)) {
          if (!p.InScope(UnitPath(c, existing->unit_id))) {
            item.status = "invalid";
            item.errors = {{"client_key", "unique", "客户端编号已被使用 client_key already used", 0}};
          } else {
            item.status = "duplicate";
            item.event = std::move(existing);
          }
          continue;
        }
      }
      FieldErrors errs;
      // Each record in its own savepoint: a refused one leaves nothing behind.
      c.Savepoint("gate_event");
      std::optional<Event> e;
      residents::DailyDeltas record_daily;
      try {
        e = Process(c, p, inputs[i], now, errs, record_daily);
      } catch (...) {
        c.RollbackToSavepoint("gate_event");
        c.ReleaseSavepoint("gate_event");
        throw;
      }
      if (!errs.empty() || !e) {
        c.RollbackToSavepoint("gate_event");
        c.ReleaseSavepoint("gate_event");
        item.status = "invalid";
        item.errors = errs.list();
        continue;
      }
      c.ReleaseSavepoint("gate_event");
      daily.Merge(record_daily);
      item.status = "created";
      item.event = std::move(e);
    }
    daily.Flush(c);
    return out;
  });
}

EventResult GateService::Record(const Principal& p, const EventInput& in) {
  auto items = RecordBatch(p, {in});
  BatchItem& r = items.front();
  if (r.status == "invalid") throw Error::Validation(r.errors);
  if (r.status == "duplicate" && r.event && r.event->decision == "refuse" && r.event->reason == "quota" &&
      r.event->household_id) {
    // The replay answers like the first reply: who of the household went out, and when.
    auto rules = db_.Read([&](Connection& c) { return store::RulesByVersion(c, r.event->rule_version); });
    GateRules g = rules ? ParseGateRules(rules->rules_json) : DefaultGateRules();
    std::string start = WindowStart(g, r.event->day);
    r.event->quota_used = db_.Read([&](Connection& c) {
      auto uses = store::QuotaUses(c, *r.event->household_id, start, AddDays(start, g.quota_days - 1));
      std::erase_if(uses, [&](const QuotaUse& u) { return u.at > r.event->at; });
      return uses;
    });
  }
  return {std::move(*r.event), r.status == "created"};
}

Event GateService::GetEvent(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto e = store::GetEvent(c, id);
    if (!e || !p.InScope(UnitPath(c, e->unit_id))) throw Error::NotFound("记录不存在 no such gate event");
    return *e;
  });
}

std::vector<Event> GateService::ListEvents(const Principal& p, const EventFilter& f) {
  return db_.Read([&](Connection& c) { return store::ListEvents(c, p.unit_path, f); });
}

std::vector<Event> GateService::CurrentlyOut(const Principal& p, std::optional<int64_t> point_id) {
  return db_.Read([&](Connection& c) {
    std::string scope = p.unit_path;
    if (point_id) {
      auto pt = org::store::GetPoint(c, *point_id);
      if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
      scope = pt->unit_path;
    }
    return store::OpenExits(c, scope, std::nullopt);
  });
}

int64_t GateService::SweepOverdue(const Principal& p) {
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto due = store::ExitsPastDue(c, p.unit_path, now);
    Sweep(c, p.unit_path, now);
    return static_cast<int64_t>(due.size());
  });
}

OfflinePack GateService::Pack(const Principal& p, int64_t point_id) {
  int64_t now = clock_.NowMs();
  return db_.Read([&](Connection& c) {
    auto pt = org::store::GetPoint(c, point_id);
    if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
    if (pt->kind != "community_gate")
      throw Error::Validation({{"point_id", "kind", "须为社区/村门岗 must be a community gate"}});
    OfflinePack pack;
    pack.point_id = pt->id;
    pack.point_name = pt->name;
    pack.unit_id = pt->unit_id;
    pack.unit_name = pt->unit_name;
    pack.as_of = FormatRfc3339(now);
    pack.rules = Effective(c, pt->unit_path);
    pack.passes = store::PackPasses(c, pt->unit_path);
    // The current window and the next: a phone that stays offline past midnight still knows.
    pack.window_start = WindowStart(pack.rules.rules, LocalDay(now, tz_));
    pack.window_end = AddDays(pack.window_start, pack.rules.rules.quota_days - 1);
    pack.quota = store::QuotaUsesInScope(c, pt->unit_path, pack.window_start, pack.window_end);
    return pack;
  });
}

}  // namespace fk::gate
