#include "screening/service.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "auth/auth_service.h"
#include "core/ids.h"
#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"

namespace fk::screening {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

constexpr int64_t kMaxClockSkewMs = 10 * 60 * 1000;

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

std::string DayBefore(const std::string& day) {
  auto d = ParseDay(day);
  return FormatDay(CivilFromDays(DaysFromCivil(*d) - 1));
}

std::string DaysBack(const std::string& day, int n) {
  auto d = ParseDay(day);
  return FormatDay(CivilFromDays(DaysFromCivil(*d) - n));
}

// The unit path of a unit id, or "" when absent.
std::string UnitPath(Connection& c, int64_t unit_id) {
  auto u = org::store::GetUnit(c, unit_id);
  return u ? u->path : std::string();
}

}  // namespace

std::string SummarySentence(const Figures& f, const std::string& as_of_day) {
  auto d = ParseDay(as_of_day);
  std::string date = d ? std::to_string(d->month) + "月" + std::to_string(d->day) + "日" : as_of_day;
  std::string s = "截至" + date + "，累计排查车辆" + std::to_string(f.vehicles) + "台、" + std::to_string(f.people) + "人";
  s += f.people_tested == f.people ? "（均测量体温）" : "（其中测量体温" + std::to_string(f.people_tested) + "人）";
  s += "，劝返车辆" + std::to_string(f.vehicles_turned_back) + "台、" + std::to_string(f.people_turned_back) + "人";
  if (f.fever == 0) {
    s += "，未发现发热人员";
  } else {
    s += "，发现发热人员" + std::to_string(f.fever) + "名";
    int64_t missing = f.fever - f.handovers_receipted;
    s += missing <= 0 ? "（均依规处置到位）" : "（" + std::to_string(missing) + "名尚未确认处置到位）";
  }
  return s;
}

Passage PreparePassage(const PassageInput& in, int64_t now_ms, int tz_offset_minutes, FieldErrors& errs) {
  errs.Append(in.parse_errors);
  Passage p;
  p.client_key = in.client_key;
  // A record that is not even an object has nothing else to check.
  if (std::any_of(in.parse_errors.begin(), in.parse_errors.end(), [](const FieldError& e) { return e.field == "record"; }))
    return p;
  if (in.client_key.empty()) errs.Add("client_key", "required", "必填 required");
  else if (!IsValidUuid(in.client_key)) errs.Add("client_key", "format", "须为 UUID must be a UUID");
  p.client_key = in.client_key;
  for (auto& ch : p.client_key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!in.point_id) errs.Add("point_id", "required", "必填 required");
  else p.point_id = *in.point_id;

  if (in.vehicle_kind.empty()) errs.Add("vehicle_kind", "required", "必填 required");
  else if (!In(kVehicleKinds, in.vehicle_kind)) errs.Add("vehicle_kind", "enum", "未知车辆类型 unknown vehicle kind");
  p.vehicle_kind = in.vehicle_kind;
  if (in.vehicle_kind == "on_foot") {
    if (in.plate) errs.Add("plate", "absent", "步行人员不填车牌 no plate for people on foot");
  } else if (!in.plate) {
    if (!in.vehicle_kind.empty()) errs.Add("plate", "required", "车牌必填 the plate is required");
  } else if (auto plate = ParsePlate(*in.plate)) {
    p.plate = plate->normalized;
  } else {
    errs.Add("plate", std::string(PlateRule(*in.plate)), "车牌格式不正确 not a valid plate");
  }

  if (in.direction.empty()) errs.Add("direction", "required", "必填 required");
  else if (!In(kDirections, in.direction)) errs.Add("direction", "enum", "须为 in 或 out must be in or out");
  p.direction = in.direction;

  if (in.occupants.empty()) errs.Add("occupants", "required", "至少一人 at least one person");
  if (in.occupants.size() > kMaxOccupants) errs.Add("occupants", "max_items", "最多 60 人 at most 60 people");
  for (size_t i = 0; i < in.occupants.size() && i < kMaxOccupants; ++i) {
    const Occupant& o = in.occupants[i];
    std::string field = "occupants[" + std::to_string(i) + "]";
    Occupant out;
    if (o.temperature) {
      if (*o.temperature < kMinTemperature || *o.temperature > kMaxTemperature)
        errs.Add(field + ".temperature", "range", "体温须在 34.0–43.0 ℃ must be 34.0 to 43.0");
      else
        out.temperature = o.temperature;
    }
    if (Chars(o.name) > 50) errs.Add(field + ".name", "length", "最多 50 字 at most 50 characters");
    out.name = o.name;
    if (!o.id_number.empty()) {
      auto info = ParseIdNumber(o.id_number);
      if (!info) errs.Add(field + ".id_number", std::string(IdNumberRule(o.id_number)), "身份证号不正确 not a valid identity number");
      else out.id_number = info->normalized, out.id_number_masked = MaskIdNumber(out.id_number);
    }
    if (!o.phone.empty()) {
      auto phone = NormalizePhone(o.phone);
      if (!phone) errs.Add(field + ".phone", "format", "须为 11 位手机号 must be an 11-digit mobile number");
      else out.phone = *phone, out.phone_masked = MaskPhone(out.phone);
    }
    p.occupants.push_back(std::move(out));
  }
  p.people = static_cast<int>(p.occupants.size());
  p.people_tested = static_cast<int>(std::count_if(p.occupants.begin(), p.occupants.end(),
                                                   [](const Occupant& o) { return o.temperature.has_value(); }));

  if (!in.origin_code.empty() && (in.origin_code.size() < 2 || in.origin_code.size() > 12 ||
                                  !std::all_of(in.origin_code.begin(), in.origin_code.end(),
                                               [](char ch) { return ch >= '0' && ch <= '9'; })))
    errs.Add("origin.code", "format", "行政区划代码，2–12 位数字 a division code of 2 to 12 digits");
  p.origin_code = in.origin_code;
  if (in.origin_name.empty()) errs.Add("origin.name", "required", "来源地必填 where from is required");
  else if (Chars(in.origin_name) > 100) errs.Add("origin.name", "length", "最多 100 字 at most 100 characters");
  p.origin_name = in.origin_name;
  if (Chars(in.destination) > 100) errs.Add("destination", "length", "最多 100 字 at most 100 characters");
  p.destination = in.destination;
  if (in.purpose.empty()) errs.Add("purpose", "required", "必填 required");
  else if (!In(kPurposes, in.purpose)) errs.Add("purpose", "enum", "未知事由 unknown purpose");
  p.purpose = in.purpose;
  if (in.decision && !In(kDecisions, *in.decision)) errs.Add("decision", "enum", "须为 pass, turned_back, fever_handover");
  if (Chars(in.reason) > 200) errs.Add("reason", "length", "最多 200 字 at most 200 characters");
  p.reason = in.reason;

  if (!in.device_time_ms) {
    errs.Add("device_time", "required", "必填 required");
  } else if (*in.device_time_ms > now_ms + kMaxClockSkewMs) {
    errs.Add("device_time", "future", "设备时间晚于服务器时间超过 10 分钟，请校准手机时间 more than 10 minutes ahead of the server");
  } else {
    p.device_time = *in.device_time_ms;
    p.day = LocalDay(p.device_time, tz_offset_minutes);
  }
  p.server_time = now_ms;
  return p;
}

// ---- rules ----

const RuleSet& ScreeningService::RulesFor(Connection& c, int version) {
  {
    std::lock_guard lock(rules_mu_);
    auto it = rules_cache_.find(version);
    if (it != rules_cache_.end()) return it->second;
  }
  auto json = store::RulesByVersion(c, version);
  if (!json) throw Error::NotFound("规则版本不存在 no such rule version");
  RuleSet parsed = ParseRules(*json);
  std::lock_guard lock(rules_mu_);
  return rules_cache_.emplace(version, std::move(parsed)).first->second;  // std::map nodes are stable
}

CurrentRules ScreeningService::GetCurrentRules() {
  return db_.Read([&](Connection& c) {
    auto cur = store::CurrentRules(c);
    if (!cur) return CurrentRules{0, DefaultRules()};
    return CurrentRules{cur->first, RulesFor(c, cur->first)};
  });
}

std::vector<store::RuleVersion> ScreeningService::ListRuleVersions(int limit) {
  return db_.Read([&](Connection& c) { return store::ListRuleVersions(c, limit); });
}

store::RuleVersion ScreeningService::SaveRules(const Principal& p, const Actor& a, const std::string& rules_json,
                                               const std::string& note) {
  RuleSet rules = ParseRules(rules_json);  // throws with every bad field
  std::string canonical = RulesToJson(rules);
  if (Chars(note) > 200) throw Error::Validation({{"note", "length", "最多 200 字 at most 200 characters"}});
  int64_t now = clock_.NowMs();
  int version = db_.Write([&](Connection& c) {
    auto cur = store::CurrentRules(c);
    int v = cur ? cur->first + 1 : 1;
    store::InsertRules(c, v, canonical, note, p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt, now);
    WriteAudit(c, a, now, "create", "screening_rules", std::to_string(v), cur ? cur->second : "", canonical);
    return v;
  });
  return {version, canonical, note, p.display_name, p.user_id, now};
}

Suggestion ScreeningService::Evaluate(const PassageInput& in) {
  FieldErrors errs;
  Passage draft = PreparePassage(in, clock_.NowMs(), tz_, errs);
  // Only the fields the decision reads must be right; a draft needs no point or key.
  FieldErrors needed;
  for (const auto& e : errs.list())
    if (e.field.rfind("occupants", 0) == 0 || e.field.rfind("origin", 0) == 0 || e.field == "purpose")
      needed.Add(e.field, e.rule, e.message);
  needed.ThrowIfAny();
  return db_.Read([&](Connection& c) {
    auto cur = store::CurrentRules(c);
    int version = in.rule_version.value_or(cur ? cur->first : 0);
    if (version && !store::RulesByVersion(c, version))
      throw Error::Validation({{"rule_version", "exists", "规则版本不存在 no such rule version"}});
    const RuleSet& rules = version ? RulesFor(c, version) : DefaultRules();
    return Suggest(rules, draft.occupants, draft.origin_code, draft.origin_name, draft.purpose);
  });
}

// ---- passages ----

bool ScreeningService::CheckPrepared(Connection& c, const Principal& p, Passage& draft,
                                     const std::optional<std::string>& decision, const std::optional<int>& version,
                                     int current_version, PointCache& points, FieldErrors& errs) {
  auto it = points.find(draft.point_id);
  if (it == points.end()) it = points.emplace(draft.point_id, org::store::GetPoint(c, draft.point_id)).first;
  const std::optional<org::Point>& point = it->second;
  if (!point || !p.InScope(point->unit_path)) {
    errs.Add("point_id", "exists", "卡点不存在或不在管辖范围 no such point in your scope");
  } else if (!point->active) {
    errs.Add("point_id", "active", "卡点已停用 the point is deactivated");
  }
  int v = version.value_or(current_version);
  const RuleSet* rules = nullptr;
  if (v <= 0) errs.Add("rule_version", "exists", "尚未设置卡口规则 no checkpoint rules yet");
  else {
    try {
      rules = &RulesFor(c, v);
    } catch (const Error&) {
      errs.Add("rule_version", "exists", "规则版本不存在 no such rule version");
    }
  }
  if (!errs.empty()) return false;

  Suggestion s = Suggest(*rules, draft.occupants, draft.origin_code, draft.origin_name, draft.purpose);
  // The overlay (re-opening firms' returning staff) may turn the rules' suggestion into `pass`; a
  // device that decided by the rules alone (offline) still stores its decision without a reason.
  const std::string rules_decision = s.decision;
  draft.firm_id.reset();
  draft.suggested_note.clear();
  if (overlay_ && draft.purpose == "return_to_work" && s.fever_count == 0) {
    if (auto m = overlay_->Match(c, draft)) {
      draft.firm_id = m->firm_id;
      draft.suggested_note = m->note;
      s.decision = "pass";
    }
  }
  draft.suggested = s.decision;
  draft.fever_count = s.fever_count;
  draft.decision = decision.value_or(s.decision);
  if (s.fever_count > 0 && draft.decision != "fever_handover")
    errs.Add("decision", "fever", "发现发热人员须依规处置 a person with fever must be handed over");
  else if (s.fever_count == 0 && draft.decision == "fever_handover")
    errs.Add("decision", "no_fever", "无发热人员 nobody has a fever");
  else if (draft.decision != s.decision && draft.decision != rules_decision && draft.reason.empty())
    errs.Add("reason", "required", "改变建议处置须说明理由 overriding the suggestion needs a reason");
  if (!errs.empty()) return false;

  draft.rule_version = v;
  draft.unit_id = point->unit_id;
  draft.point_name = point->name;
  draft.operator_id = p.user_id;
  draft.operator_name = p.display_name;
  // Remember which occupants get a handover: the threshold of this version decides.
  draft.handover_ids.clear();
  for (size_t i = 0; i < draft.occupants.size(); ++i)
    if (draft.occupants[i].temperature && *draft.occupants[i].temperature >= rules->fever_threshold)
      draft.handover_ids.push_back(static_cast<int64_t>(i));
  return true;
}

CreateResult ScreeningService::CreatePassage(const Principal& p, const PassageInput& in) {
  auto results = CreateBatch(p, {in});
  BatchResult& r = results.front();
  if (r.status == "invalid") throw Error::Validation(r.errors);
  return {std::move(*r.passage), r.status == "created"};
}

std::vector<BatchResult> ScreeningService::CreateBatch(const Principal& p, const std::vector<PassageInput>& inputs) {
  if (inputs.empty()) throw Error::Validation({{"records", "required", "没有记录 no records"}});
  if (inputs.size() > kMaxBatch) throw Error::Validation({{"records", "max_items", "一次最多 1000 条 at most 1000 records"}});
  int64_t now = clock_.NowMs();
  // Checks that need no database run before the write, outside the writer.
  std::vector<Passage> prepared;
  std::vector<FieldErrors> prepare_errors(inputs.size());
  prepared.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) prepared.push_back(PreparePassage(inputs[i], now, tz_, prepare_errors[i]));

  // Rerunnable (two servers posting one key meet at the unique index): each run seals and
  // moves its own copies of the drafts.
  return db_.WriteRerunnable([&](Connection& c) {
    std::vector<Passage> drafts = prepared;
    std::vector<FieldErrors> errors = prepare_errors;
    std::vector<BatchResult> results(inputs.size());
    auto cur = store::CurrentRules(c);
    int current_version = cur ? cur->first : 0;
    PointCache points;
    std::map<std::tuple<int64_t, std::string, int64_t>, Figures> deltas;  // (point, day, unit)
    // A known key answers with the first result (if the caller may see it), whatever this copy says.
    auto known = [&](const std::string& key, BatchResult& r, FieldErrors& errs) {
      if (key.empty() || !IsValidUuid(key)) return false;
      auto existing = store::GetPassageByClientKey(c, key);
      if (!existing) return false;
      if (!p.InScope(UnitPath(c, existing->unit_id))) {
        errs.Add("client_key", "unique", "客户端编号已被使用 client_key already used");
        return false;
      }
      r.status = "duplicate";
      r.passage = std::move(existing);
      return true;
    };
    // Check every record, then insert the good ones with multi-row statements (one round trip
    // per 500 rows), then open the handovers of the new feverish ones.
    std::vector<size_t> checked;
    for (size_t i = 0; i < inputs.size(); ++i) {
      results[i].client_key = drafts[i].client_key;
      if (errors[i].empty() && CheckPrepared(c, p, drafts[i], inputs[i].decision, inputs[i].rule_version,
                                             current_version, points, errors[i]))
        checked.push_back(i);
    }
    std::vector<const Passage*> rows;
    for (size_t i : checked) {
      for (auto& o : drafts[i].occupants) Seal(o);
      rows.push_back(&drafts[i]);
    }
    std::map<std::string, int64_t> ids = store::InsertPassages(c, rows);
    for (size_t i = 0; i < inputs.size(); ++i) {
      BatchResult& r = results[i];
      FieldErrors& errs = errors[i];
      auto id = errs.empty() ? ids.find(drafts[i].client_key) : ids.end();
      if (id == ids.end()) {  // invalid, or its key was already stored (before, or earlier in this batch)
        FieldErrors key_errs;
        if (known(drafts[i].client_key, r, key_errs)) continue;
        for (const auto& e : key_errs.list()) errs.Add(e.field, e.rule, e.message);
        r.status = "invalid";
        r.errors = errs.list();
        continue;
      }
      Passage& d = drafts[i];
      d.id = id->second;
      ids.erase(id);  // a second copy of the key in this batch is a duplicate
      std::vector<int64_t> handovers;
      for (int64_t occupant : d.handover_ids) {
        Handover h;
        h.passage_id = d.id;
        h.source = "checkpoint";
        h.point_id = d.point_id;
        h.unit_id = d.unit_id;
        h.day = d.day;
        h.person = d.occupants[static_cast<size_t>(occupant)];
        h.found_at = d.device_time;
        handovers.push_back(store::InsertHandover(c, h));
      }
      d.handover_ids = std::move(handovers);
      deltas[{d.point_id, d.day, d.unit_id}] += FiguresOf(d);
      r.status = "created";
      r.passage = std::move(d);
    }
    for (const auto& [key, f] : deltas) store::AddFigures(c, std::get<0>(key), std::get<1>(key), std::get<2>(key), f);
    return results;
  });
}

Passage ScreeningService::GetPassage(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto passage = store::GetPassage(c, id);
    if (!passage || !p.InScope(UnitPath(c, passage->unit_id))) throw Error::NotFound("记录不存在 no such passage");
    return *passage;
  });
}

std::vector<Passage> ScreeningService::ListPassages(const Principal& p, const PassageFilter& f) {
  return db_.Read([&](Connection& c) {
    if (f.unit_id && !p.InScope(UnitPath(c, *f.unit_id))) throw Error::NotFound("单位不存在 no such unit");
    return store::ListPassages(c, p.unit_path, f);
  });
}

Passage ScreeningService::RevealPassage(const Principal& p, const Actor& a, int64_t id) {
  Passage passage = GetPassage(p, id);
  for (auto& o : passage.occupants) Open(o);
  db_.Write([&](Connection& c) {
    WriteAudit(c, a, clock_.NowMs(), "reveal", "passage", std::to_string(id), "",
               R"({"fields":["name","id_number","phone"]})");
  });
  return passage;
}

void ScreeningService::Seal(Occupant& o) const {
  if (!cipher_) return;
  if (!o.id_number.empty()) o.id_number = cipher_->Encrypt(o.id_number);
  if (!o.phone.empty()) o.phone = cipher_->Encrypt(o.phone);
}

void ScreeningService::Open(Occupant& o) const {
  auto open = [&](std::string& v) {
    if (cipher_ && v.rfind("fe1.", 0) == 0) v = cipher_->Decrypt(v);
  };
  open(o.id_number);
  open(o.phone);
  if (o.id_number_masked.empty()) o.id_number_masked = MaskIdNumber(o.id_number);
  if (o.phone_masked.empty()) o.phone_masked = MaskPhone(o.phone);
}

// ---- handovers ----

std::vector<Handover> ScreeningService::ListHandovers(const Principal& p, const HandoverFilter& f) {
  auto list = db_.Read([&](Connection& c) { return store::ListHandovers(c, p.unit_path, f); });
  for (auto& h : list) Open(h.person);  // few rows; the reply masks them
  return list;
}

Handover ScreeningService::GetHandover(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto h = store::GetHandover(c, id);
    if (!h || !p.InScope(UnitPath(c, h->unit_id))) throw Error::NotFound("处置记录不存在 no such handover");
    Open(h->person);
    return *h;
  });
}

Handover ScreeningService::RevealHandover(const Principal& p, const Actor& a, int64_t id) {
  Handover h = GetHandover(p, id);
  db_.Write([&](Connection& c) {
    WriteAudit(c, a, clock_.NowMs(), "reveal", "handover", std::to_string(id), "",
               R"({"fields":["name","id_number","phone"]})");
  });
  return h;
}

Handover ScreeningService::ConfirmReceipt(const Principal& p, const Actor& a, int64_t id,
                                          const std::optional<std::string>& receipt_code,
                                          std::optional<int64_t> receiver_id) {
  if (receipt_code.has_value() == receiver_id.has_value())
    throw Error::Validation({{"receipt_code", "one_of", "填写接收方出示的接收码，或由接收单位用户确认 give the receiver's code, or confirm as the receiver"}});
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    auto h = store::GetHandover(c, id);
    if (!h || !p.InScope(UnitPath(c, h->unit_id))) throw Error::NotFound("处置记录不存在 no such handover");
    if (h->receipted_at) throw Error::Conflict("已确认接收 the receipt is already confirmed");
    std::optional<Receiver> receiver;
    std::string method;
    if (receipt_code) {
      receiver = store::ReceiverByCodeHash(c, auth::HashToken(*receipt_code));
      if (!receiver) throw Error::Validation({{"receipt_code", "invalid", "接收码不正确 wrong receipt code"}});
      method = "code";
    } else {
      receiver = store::GetReceiver(c, *receiver_id);
      if (!receiver || !receiver->active)
        throw Error::Validation({{"receiver_id", "exists", "接收方不存在 no such receiver"}});
      // Confirming as the receiver: only a user of the receiver's own unit may.
      if (p.unit_id != receiver->unit_id)
        throw Error::Forbidden("只有接收单位的用户可以确认 only a user of the receiving unit may confirm");
      method = "receiver_confirmed";
    }
    store::SetReceipt(c, id, receiver->id, method, now, p.user_id);
    Figures delta;
    delta.handovers_receipted = 1;
    // Only checkpoint handovers count in the screening figures; gate and observation ones count in theirs.
    if (h->source == "checkpoint") store::AddFigures(c, h->point_id, h->day, h->unit_id, delta);
    WriteAudit(c, a, now, "receipt", "handover", std::to_string(id), "",
               Json{{"receiver_id", receiver->id}, {"method", method}}.dump());
  });
  return GetHandover(p, id);
}

Handover ScreeningService::SetOutcome(const Principal& p, const Actor& a, int64_t id, const std::string& outcome,
                                      const std::string& note) {
  FieldErrors errs;
  if (!In(kOutcomes, outcome)) errs.Add("outcome", "enum", "须为 ordinary_illness, excluded, suspected, confirmed");
  if (Chars(note) > 500) errs.Add("note", "length", "最多 500 字 at most 500 characters");
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    auto h = store::GetHandover(c, id);
    if (!h || !p.InScope(UnitPath(c, h->unit_id))) throw Error::NotFound("处置记录不存在 no such handover");
    store::SetOutcome(c, id, outcome, note, now, p.user_id);
    WriteAudit(c, a, now, "outcome", "handover", std::to_string(id),
               Json{{"outcome", h->outcome ? Json(*h->outcome) : Json()}, {"note", h->outcome_note}}.dump(),
               Json{{"outcome", outcome}, {"note", note}}.dump());
  });
  return GetHandover(p, id);
}

// ---- receivers ----

std::vector<Receiver> ScreeningService::ListReceivers() {
  return db_.Read([&](Connection& c) { return store::ListReceivers(c); });
}

std::pair<Receiver, std::string> ScreeningService::CreateReceiver(const Principal& p, const Actor& a,
                                                                  const std::string& name, const std::string& kind,
                                                                  int64_t unit_id,
                                                                  const std::optional<std::string>& code) {
  FieldErrors errs;
  if (name.empty()) errs.Add("name", "required", "必填 required");
  else if (Chars(name) > 100) errs.Add("name", "length", "最多 100 字 at most 100 characters");
  if (!In(kReceiverKinds, kind)) errs.Add("kind", "enum", "须为 clinic, ambulance, hospital, other");
  errs.ThrowIfAny();
  std::string receipt_code = code.value_or("");
  if (receipt_code.empty()) {
    EnsureSodium();
    for (int i = 0; i < 8; ++i) receipt_code.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  }
  int64_t now = clock_.NowMs();
  int64_t id = db_.Write([&](Connection& c) {
    std::string path = UnitPath(c, unit_id);
    if (path.empty() || !p.InScope(path))
      throw Error::Validation({{"unit_id", "exists", "单位不存在或不在管辖范围 no such unit in your scope"}});
    Receiver r{0, name, kind, unit_id, "", true, now};
    int64_t rid = store::InsertReceiver(c, r, auth::HashToken(receipt_code));
    WriteAudit(c, a, now, "create", "receiver", std::to_string(rid), "",
               Json{{"name", name}, {"kind", kind}, {"unit_id", unit_id}}.dump());
    return rid;
  });
  auto r = db_.Read([&](Connection& c) { return store::GetReceiver(c, id); });
  return {*r, receipt_code};
}

// ---- figures ----

Summary ScreeningService::GetSummary(const Principal& p, std::optional<int64_t> unit_id,
                                     std::optional<int64_t> point_id, std::optional<std::string> from,
                                     std::optional<std::string> to, std::optional<std::string> as_of) {
  FieldErrors errs;
  for (auto [name, v] : {std::pair{"from", &from}, std::pair{"to", &to}, std::pair{"as_of", &as_of}})
    if (*v && !IsValidDay(**v)) errs.Add(name, "format", "须为 YYYY-MM-DD must be YYYY-MM-DD");
  errs.ThrowIfAny();
  Summary s;
  s.to = to.value_or(as_of.value_or(LocalDay(clock_.NowMs(), tz_)));
  s.from = from.value_or(DaysBack(s.to, 6));
  s.as_of = as_of.value_or(s.to);
  if (s.from > s.to) throw Error::Validation({{"from", "order", "开始日期晚于结束日期 from is after to"}});
  if (DaysFromCivil(*ParseDay(s.to)) - DaysFromCivil(*ParseDay(s.from)) > 366)
    throw Error::Validation({{"from", "range", "最多一年 at most one year"}});
  return db_.Read([&](Connection& c) {
    std::string scope = p.unit_path;
    if (unit_id) {
      scope = UnitPath(c, *unit_id);
      if (scope.empty() || !p.InScope(scope)) throw Error::NotFound("单位不存在 no such unit");
    }
    if (point_id) {
      auto pt = org::store::GetPoint(c, *point_id);
      if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
    }
    s.days = store::FiguresByDay(c, scope, point_id, s.from, s.to);
    s.before_from = store::FiguresUpTo(c, scope, point_id, DayBefore(s.from));
    for (const auto& [day, f] : s.days) s.range += f;
    s.up_to_as_of = store::FiguresUpTo(c, scope, point_id, s.as_of);
    s.by_point = store::FiguresByPoint(c, scope, point_id, s.from, s.to);
    s.sentence = SummarySentence(s.up_to_as_of, s.as_of);
    return s;
  });
}

std::vector<std::string> ScreeningService::VerifyRollups() {
  return db_.Read([&](Connection& c) {
    auto recount = store::RecountFigures(c);
    auto stored = store::StoredFigures(c);
    std::vector<std::string> diffs;
    auto describe = [](const Figures& f) {
      return "vehicles " + std::to_string(f.vehicles) + ", people " + std::to_string(f.people) + ", tested " +
             std::to_string(f.people_tested) + ", vehicles turned back " + std::to_string(f.vehicles_turned_back) +
             ", people turned back " + std::to_string(f.people_turned_back) + ", fever " + std::to_string(f.fever) +
             ", handovers " + std::to_string(f.handovers) + ", receipted " + std::to_string(f.handovers_receipted);
    };
    for (const auto& [key, f] : recount) {
      auto it = stored.find(key);
      Figures s = it == stored.end() ? Figures{} : it->second;
      if (!(s == f))
        diffs.push_back("point " + std::to_string(key.first) + " day " + key.second + ": stored {" + describe(s) +
                        "} recounted {" + describe(f) + "}");
    }
    for (const auto& [key, s] : stored)
      if (!recount.count(key) && !(s == Figures{}))
        diffs.push_back("point " + std::to_string(key.first) + " day " + key.second + ": stored {" + describe(s) +
                        "} but no records");
    return diffs;
  });
}

}  // namespace fk::screening
