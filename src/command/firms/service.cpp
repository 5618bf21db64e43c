#include "command/firms/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "command/firms/store.h"
#include "core/ids.h"
#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"

namespace fk::command::firms {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

constexpr const char* kChangedMeanwhile =
    "申请已被他人更改，请刷新后重试 the application was changed meanwhile; reload and try again";

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool ValidImportKey(const std::string& k) {
  return !k.empty() && k.size() <= 64 && std::all_of(k.begin(), k.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
  });
}

// A mobile number (normalised to 11 digits) or a landline with its area code ("0371-62691234").
std::optional<std::string> NormalizeContactPhone(const std::string& v) {
  if (auto m = NormalizePhone(v)) return m;
  static const std::regex kLandline("^0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}$");
  std::string t = Trim(v);
  if (std::regex_match(t, kLandline)) return t;
  return std::nullopt;
}

// The text fields a caller may give, with their limits; required only when creating.
void CheckText(FieldErrors& errs, const char* field, const std::optional<std::string>& v, bool required,
               size_t max_chars, std::string* out) {
  if (!v) {
    if (required) errs.Add(field, "required", "必填 required");
    return;
  }
  std::string t = Trim(*v);
  if (t.empty() && required) errs.Add(field, "required", "必填 required");
  else if (Chars(t) > max_chars)
    errs.Add(field, "length", "最多 " + std::to_string(max_chars) + " 字 at most " + std::to_string(max_chars) + " characters");
  *out = t;
}

Json AuditJson(const Firm& f) {
  return {{"name", f.name},         {"credit_code", f.credit_code},
          {"address", f.address},   {"unit_id", f.unit_id},
          {"industry", f.industry}, {"staff_count", f.staff_count},
          {"staff_from_outside", f.staff_from_outside},
          {"measures", f.measures}, {"measures_note", f.measures_note},
          {"contact_name", f.contact_name},
          {"contact_phone_masked", f.contact_phone_masked},
          {"status", f.status},     {"return_reasons", f.return_reasons}};
}

std::string ResultJson(const ImportResult& r) {
  return Json{{"status", r.status}, {"rows", r.rows}, {"added", r.added}, {"already_listed", r.already_listed}}.dump();
}

ImportResult ResultFrom(const std::string& text) {
  Json j = Json::parse(text);
  ImportResult r;
  r.status = j.value("status", "committed");
  r.rows = j.value("rows", 0);
  r.added = j.value("added", 0);
  r.already_listed = j.value("already_listed", 0);
  return r;
}

}  // namespace

// ---- applications ----

namespace {

// Applies the given fields of `in` to f; required (create) fields must be present. Checks the
// unit's scope and the credit code's uniqueness too.
void Apply(Connection& c, const Principal& p, const FirmInput& in, bool create, Firm& f) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  CheckText(errs, "name", in.name, create, 100, &f.name);
  if (in.credit_code || create) {
    std::string code = NormalizeCreditCode(in.credit_code.value_or(""));
    if (code.empty()) errs.Add("credit_code", "required", "必填 required");
    else if (auto rule = CreditCodeRule(code); !rule.empty())
      errs.Add("credit_code", std::string(rule),
               rule == kRuleCheckDigit ? "校验码不正确 the check character does not match"
                                       : "统一社会信用代码不正确 not a valid unified social credit code");
    f.credit_code = code;
  }
  CheckText(errs, "address", in.address, create, 200, &f.address);
  CheckText(errs, "industry", in.industry, false, 50, &f.industry);
  CheckText(errs, "measures_note", in.measures_note, false, 500, &f.measures_note);
  CheckText(errs, "contact_name", in.contact_name, create, 50, &f.contact_name);
  if (in.contact_phone || create) {
    std::string raw = Trim(in.contact_phone.value_or(""));
    if (raw.empty()) errs.Add("contact_phone", "required", "必填 required");
    else if (auto phone = NormalizeContactPhone(raw)) f.contact_phone = *phone, f.contact_phone_masked = MaskPhone(*phone);
    else errs.Add("contact_phone", "format", "须为手机号或带区号的固定电话 a mobile number or a landline with its area code");
  }
  if (in.unit_id) {
    auto u = org::store::GetUnit(c, *in.unit_id);
    if (!u || !p.InScope(u->path)) errs.Add("unit_id", "exists", "单位不存在或不在管辖范围 no such unit in your scope");
    else f.unit_id = u->id, f.unit_name = u->name, f.unit_path = u->path;
  } else if (create) {
    errs.Add("unit_id", "required", "必填 required");
  }
  if (in.staff_count) {
    if (*in.staff_count < 1 || *in.staff_count > kMaxStaffCount)
      errs.Add("staff_count", "range", "员工数须为 1–1000000 must be 1 to 1,000,000");
    else f.staff_count = *in.staff_count;
  } else if (create) {
    errs.Add("staff_count", "required", "必填 required");
  }
  if (in.staff_from_outside) {
    if (*in.staff_from_outside < 0 || *in.staff_from_outside > kMaxStaffCount)
      errs.Add("staff_from_outside", "range", "须为 0–1000000 must be 0 to 1,000,000");
    else f.staff_from_outside = *in.staff_from_outside;
  } else if (create) {
    errs.Add("staff_from_outside", "required", "必填 required");
  }
  if (f.staff_count > 0 && f.staff_from_outside > f.staff_count)
    errs.Add("staff_from_outside", "max_staff", "外地返岗人数不能超过员工数 cannot exceed the staff count");
  if (in.measures) {
    std::vector<std::string> measures;
    for (size_t i = 0; i < in.measures->size(); ++i) {
      const std::string& m = (*in.measures)[i];
      if (!In(kMeasures, m))
        errs.Add("measures[" + std::to_string(i) + "]", "enum",
                 "须为 masks, temperature_checks, disinfection, canteen_spacing");
      else if (!In(measures, m)) measures.push_back(m);
    }
    // Kept in checklist order.
    f.measures.clear();
    for (const auto& m : kMeasures)
      if (In(measures, m)) f.measures.push_back(m);
  }
  errs.ThrowIfAny();
  if (store::LiveFirmByCreditCode(c, f.credit_code, f.id))
    throw Error(ErrorCode::kConflict, "该统一社会信用代码已有申请 an application with this credit code exists",
                {{"credit_code", "unique", "已有申请 already applied"}});
}

Firm LoadInScope(Connection& c, const Principal& p, int64_t id) {
  auto f = store::GetFirm(c, id);
  if (!f || !p.InScope(f->unit_path)) throw Error::NotFound("企业不存在 no such firm");
  return *f;
}

}  // namespace

Firm FirmService::Create(const Principal& p, const Actor& a, const FirmInput& in) {
  int64_t now = clock_.NowMs();
  int64_t id = db_.Write([&](Connection& c) {
    Firm f;
    Apply(c, p, in, true, f);
    f.status = in.submit ? "submitted" : "draft";
    if (in.submit) f.submitted_at = now;
    f.created_by = p.user_id;
    f.created_at = f.updated_at = now;
    std::string clear_phone = f.contact_phone;
    f.contact_phone = cipher_.Encrypt(clear_phone);
    f.id = store::InsertFirm(c, f);
    if (in.submit) store::InsertReview(c, f.id, {0, "submit", {}, p.user_id, p.display_name, now});
    WriteAudit(c, a, now, "create", "firm", std::to_string(f.id), "", AuditJson(f).dump());
    return f.id;
  });
  return Get(p, id);
}

Firm FirmService::Update(const Principal& p, const Actor& a, int64_t id, const FirmInput& in) {
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Firm f = LoadInScope(c, p, id);
    if (f.status != "draft" && f.status != "returned")
      throw Error::Conflict("只有草稿或退回的申请可以修改 only a draft or a returned application can be changed");
    Json before = AuditJson(f);
    const std::string from_status = f.status;
    Apply(c, p, in, false, f);
    if (in.contact_phone) f.contact_phone = cipher_.Encrypt(f.contact_phone);
    f.updated_at = now;
    if (!store::UpdateFirm(c, f, from_status)) throw Error::Conflict(kChangedMeanwhile);
    WriteAudit(c, a, now, "update", "firm", std::to_string(id), before.dump(), AuditJson(f).dump());
  });
  return Get(p, id);
}

Firm FirmService::Get(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    Firm f = LoadInScope(c, p, id);
    f.reviews = store::ListReviews(c, id);
    return f;
  });
}

std::vector<Firm> FirmService::List(const Principal& p, const FirmFilter& f) {
  if (f.status && !In(kStatuses, *f.status))
    throw Error::Validation({{"status", "enum", "须为 draft, submitted, approved, returned, withdrawn"}});
  return db_.Read([&](Connection& c) {
    if (f.unit_id) {
      auto u = org::store::GetUnit(c, *f.unit_id);
      if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    }
    return store::ListFirms(c, p.unit_path, f);
  });
}

Firm FirmService::Transition(const Principal& p, const Actor& a, int64_t id, const std::string& action,
                             const std::vector<std::string>& reasons) {
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    Firm f = LoadInScope(c, p, id);
    Json before = AuditJson(f);
    const std::string from_status = f.status;
    std::string recorded = action;
    if (action == "submit") {
      if (f.status != "draft" && f.status != "returned")
        throw Error::Conflict("只有草稿或退回的申请可以提交 only a draft or a returned application can be submitted");
      if (f.status == "returned") recorded = "resubmit";
      f.status = "submitted";
      f.submitted_at = now;
      f.return_reasons.clear();
    } else if (action == "approve" || action == "return") {
      // The one who entered or last submitted an application does not review it.
      if (IsOwnApplication(f, p.user_id))
        throw Error::Forbidden("不能审核自己录入的申请 you cannot review an application you entered");
      if (action == "approve" && f.status != "submitted")
        throw Error::Conflict("只有已提交的申请可以批准 only a submitted application can be approved");
      if (action == "return" && f.status != "submitted" && f.status != "approved")
        throw Error::Conflict("只有已提交或已批准的申请可以退回 only a submitted or approved application can be returned");
      f.status = action == "approve" ? "approved" : "returned";
      f.return_reasons = action == "return" ? reasons : std::vector<std::string>{};
      f.reviewed_at = now;
      f.reviewed_by = p.user_id;
    } else if (action == "withdraw") {
      if (f.status == "withdrawn") throw Error::Conflict("申请已撤销 the application is already withdrawn");
      f.status = "withdrawn";
    }
    f.updated_at = now;
    if (!store::UpdateFirm(c, f, from_status)) throw Error::Conflict(kChangedMeanwhile);
    store::InsertReview(c, id, {0, recorded, reasons, p.user_id, p.display_name, now});
    WriteAudit(c, a, now, recorded, "firm", std::to_string(id), before.dump(), AuditJson(f).dump());
  });
  return Get(p, id);
}

Firm FirmService::Submit(const Principal& p, const Actor& a, int64_t id) { return Transition(p, a, id, "submit", {}); }

Firm FirmService::Approve(const Principal& p, const Actor& a, int64_t id) {
  return Transition(p, a, id, "approve", {});
}

Firm FirmService::Return(const Principal& p, const Actor& a, int64_t id, const std::vector<std::string>& reasons) {
  FieldErrors errs;
  std::vector<std::string> kept;
  for (size_t i = 0; i < reasons.size(); ++i) {
    std::string r = Trim(reasons[i]);
    if (Chars(r) > 200) errs.Add("reasons[" + std::to_string(i) + "]", "length", "最多 200 字 at most 200 characters");
    else if (!r.empty()) kept.push_back(r);
  }
  if (kept.empty() && errs.empty()) errs.Add("reasons", "required", "退回须说明理由 give at least one reason");
  if (kept.size() > kMaxReasons) errs.Add("reasons", "max_items", "最多 20 条 at most 20 reasons");
  errs.ThrowIfAny();
  return Transition(p, a, id, "return", kept);
}

Firm FirmService::Withdraw(const Principal& p, const Actor& a, int64_t id, const std::string& reason) {
  std::string r = Trim(reason);
  if (Chars(r) > 200) throw Error::Validation({{"reason", "length", "最多 200 字 at most 200 characters"}});
  return Transition(p, a, id, "withdraw", r.empty() ? std::vector<std::string>{} : std::vector<std::string>{r});
}

std::string FirmService::RevealContactPhone(const Principal& p, const Actor& a, int64_t id) {
  Firm f = Get(p, id);
  db_.Write([&](Connection& c) {
    WriteAudit(c, a, clock_.NowMs(), "reveal", "firm", std::to_string(id), "", R"({"fields":["contact_phone"]})");
  });
  return cipher_.Decrypt(f.contact_phone);
}

void FirmService::OpenContactPhones(std::vector<Firm>& firms) const {
  for (auto& f : firms)
    if (f.contact_phone.rfind("fe1.", 0) == 0) f.contact_phone = cipher_.Decrypt(f.contact_phone);
}

void FirmService::AuditExport(const Principal& p, const Actor& a, const std::string& status) {
  db_.Write([&](Connection& c) {
    WriteAudit(c, a, clock_.NowMs(), "export", "firm", "", "",
               Json{{"status", status}, {"fields", {"contact_phone"}}, {"scope", p.unit_path}}.dump());
  });
}

// ---- returning staff ----

std::vector<Staff> FirmService::ListStaff(const Principal& p, int64_t firm_id) {
  return db_.Read([&](Connection& c) {
    LoadInScope(c, p, firm_id);
    auto list = store::ListStaff(c, firm_id);
    for (auto& s : list) s.id_number.clear(), s.phone.clear(), s.id_index.clear();  // masked copies only
    return list;
  });
}

ImportResult FirmService::ImportStaff(const Principal& p, const Actor& a, int64_t firm_id, const ImportRequest& req) {
  FieldErrors errs;
  errs.Append(req.parse_errors);
  if (!req.import_key.empty() && !ValidImportKey(req.import_key))
    errs.Add("import_key", "format", "1–64 个字母、数字、- 或 _ letters, digits, - or _");
  else if (req.import_key.empty() && !req.dry_run)
    errs.Add("import_key", "required", "提交导入须有 import_key an import_key is required to commit");
  errs.ThrowIfAny();
  if (!req.dry_run) {  // a committed key answers its first result, whatever this copy says
    auto done = db_.Read([&](Connection& c) {
      LoadInScope(c, p, firm_id);
      return store::ImportResultJson(c, req.import_key, p.user_id);
    });
    if (done) {
      if (done->first != firm_id)
        throw Error::Validation({{"import_key", "reused", "该批次号已用于另一家企业 the key was used for another firm"}});
      ImportResult r = ResultFrom(done->second);
      r.replayed = true;
      return r;
    }
  }
  if (req.rows.empty()) errs.Add("rows", "required", "没有数据行 no rows");
  if (req.rows.size() > kMaxImportRows) errs.Add("rows", "max_items", "一次最多 5000 行 at most 5,000 rows");
  errs.ThrowIfAny();

  const CivilDate today = *ParseDay(LocalDay(clock_.NowMs(), tz_));
  std::vector<Staff> staff;
  std::set<std::string> seen;
  for (const auto& row : req.rows) {
    Staff s;
    s.firm_id = firm_id;
    s.name = Trim(row.name);
    int n = row.row;
    if (s.name.empty()) errs.Add("name", "required", "姓名必填 the name is required", n);
    else if (Chars(s.name) > 50) errs.Add("name", "length", "最多 50 字 at most 50 characters", n);
    std::string id = Trim(row.id_number);
    if (id.empty()) errs.Add("id_number", "required", "身份证号必填 the identity number is required", n);
    else if (auto info = ParseIdNumber(id, today)) {
      s.id_number = info->normalized;
      s.id_number_masked = MaskIdNumber(s.id_number);
      if (!seen.insert(s.id_number).second)
        errs.Add("id_number", "duplicate", "与前面的行重复 the same person as an earlier row", n);
    } else {
      errs.Add("id_number", std::string(IdNumberRule(id, today)), "身份证号不正确 not a valid identity number", n);
    }
    if (std::string phone = Trim(row.phone); !phone.empty()) {
      if (auto m = NormalizePhone(phone)) s.phone = *m, s.phone_masked = MaskPhone(*m);
      else errs.Add("phone", "format", "须为 11 位手机号 must be an 11-digit mobile number", n);
    }
    if (std::string plate = Trim(row.plate); !plate.empty()) {
      if (auto pl = ParsePlate(plate)) s.plate = pl->normalized;
      else errs.Add("plate", std::string(PlateRule(plate)), "车牌格式不正确 not a valid plate", n);
    }
    s.origin = Trim(row.origin);
    if (Chars(s.origin) > 100) errs.Add("origin", "length", "最多 100 字 at most 100 characters", n);
    if (std::string day = Trim(row.expected_day); !day.empty()) {
      if (!IsValidDay(day)) errs.Add("expected_day", "format", "须为 YYYY-MM-DD must be YYYY-MM-DD", n);
      else s.expected_day = day;
    }
    staff.push_back(std::move(s));
  }
  errs.ThrowIfAny();
  for (auto& s : staff) s.id_index = cipher_.BlindIndex("id", s.id_number);

  int64_t now = clock_.NowMs();
  auto run = [&](Connection& c) {
    Firm f = LoadInScope(c, p, firm_id);
    if (f.status == "withdrawn") throw Error::Conflict("申请已撤销 the application is withdrawn");
    ImportResult r;
    r.status = req.dry_run ? "dry_run" : "committed";
    r.rows = static_cast<int>(staff.size());
    std::vector<Staff*> fresh;
    for (auto& s : staff) {
      if (store::StaffListed(c, firm_id, s.id_index)) ++r.already_listed;
      else fresh.push_back(&s);
    }
    r.added = static_cast<int>(fresh.size());
    if (req.dry_run) return r;
    if (auto done = store::ImportResultJson(c, req.import_key, p.user_id)) {  // a retry that raced the first
      if (done->first != firm_id)
        throw Error::Validation({{"import_key", "reused", "该批次号已用于另一家企业 the key was used for another firm"}});
      ImportResult first = ResultFrom(done->second);
      first.replayed = true;
      return first;
    }
    for (Staff* s : fresh) {
      s->id_number = cipher_.Encrypt(s->id_number);
      if (!s->phone.empty()) s->phone = cipher_.Encrypt(s->phone);
      s->created_by = p.user_id;
      s->created_at = now;
      store::InsertStaff(c, *s);
    }
    store::SaveImportResult(c, req.import_key, p.user_id, firm_id, ResultJson(r), now);
    WriteAudit(c, a, now, "import", "firm_staff", std::to_string(firm_id), "",
               Json{{"import_key", req.import_key}, {"rows", r.rows}, {"added", r.added},
                    {"already_listed", r.already_listed}}
                   .dump());
    return r;
  };
  return req.dry_run ? db_.Read(run) : db_.Write(run);
}

void FirmService::RemoveStaff(const Principal& p, const Actor& a, int64_t firm_id, int64_t staff_id) {
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    LoadInScope(c, p, firm_id);
    auto s = store::GetStaff(c, staff_id);
    if (!s || s->firm_id != firm_id) throw Error::NotFound("人员不存在 no such person on the list");
    store::DeleteStaff(c, staff_id);
    WriteAudit(c, a, now, "delete", "firm_staff", std::to_string(staff_id),
               Json{{"firm_id", firm_id}, {"name", MaskName(s->name)}, {"id_number_masked", s->id_number_masked},
                    {"plate", s->plate ? Json(*s->plate) : Json()}}
                   .dump(),
               "");
  });
}

// ---- recognition ----

std::vector<RecogniseMatch> FirmService::Lookup(Connection& c, const std::optional<std::string>& plate,
                                                const std::vector<std::string>& id_numbers) const {
  std::vector<RecogniseMatch> out;
  auto add = [&](std::vector<RecogniseMatch> found) {
    for (auto& m : found)
      if (std::none_of(out.begin(), out.end(), [&](const RecogniseMatch& o) { return o.firm_id == m.firm_id; }))
        out.push_back(std::move(m));
  };
  if (plate && !plate->empty()) add(store::ApprovedByPlate(c, *plate));
  for (const auto& id : id_numbers)
    if (!id.empty() && id.rfind("fe1.", 0) != 0) add(store::ApprovedByIdIndex(c, cipher_.BlindIndex("id", id)));
  return out;
}

std::vector<RecogniseMatch> FirmService::Recognise(const Actor& a, const std::optional<std::string>& plate,
                                                   const std::vector<std::string>& id_numbers) {
  constexpr size_t kMaxIds = screening::kMaxOccupants;
  FieldErrors errs;
  std::optional<std::string> normalized_plate;
  if (plate && !plate->empty()) {
    if (auto pl = ParsePlate(*plate)) normalized_plate = pl->normalized;
    else errs.Add("plate", std::string(PlateRule(*plate)), "车牌格式不正确 not a valid plate");
  }
  if (id_numbers.size() > kMaxIds)
    errs.Add("id_numbers", "max_items",
             "最多 " + std::to_string(kMaxIds) + " 个（一车乘员上限） at most " + std::to_string(kMaxIds) +
                 " (a vehicle's occupants)");
  std::vector<std::string> ids;
  for (size_t i = 0; i < id_numbers.size() && i < kMaxIds; ++i) {
    if (id_numbers[i].empty()) continue;
    if (auto info = ParseIdNumber(id_numbers[i])) ids.push_back(info->normalized);
    else errs.Add("id_numbers[" + std::to_string(i) + "]", std::string(IdNumberRule(id_numbers[i])),
                  "身份证号不正确 not a valid identity number");
  }
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    auto found = Lookup(c, normalized_plate, ids);
    WriteAudit(c, a, now, "recognise", "firm_staff", "", "",
               Json{{"plate", normalized_plate.has_value()}, {"id_numbers", ids.size()}, {"matches", found.size()}}
                   .dump());
    return found;
  });
}

std::optional<screening::OverlayMatch> FirmService::Match(Connection& c, const screening::Passage& draft) const {
  std::vector<std::string> ids;
  for (const auto& o : draft.occupants) ids.push_back(o.id_number);
  auto found = Lookup(c, draft.plate, ids);
  if (found.empty()) return std::nullopt;
  return screening::OverlayMatch{found.front().firm_id, "复工人员：" + found.front().firm_name};
}

}  // namespace fk::command::firms
