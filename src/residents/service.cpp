#include "residents/service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"
#include "residents/daily.h"
#include "residents/store.h"

namespace fk::residents {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

void Length(FieldErrors& errs, const char* field, const std::string& v, size_t max, int row) {
  if (Chars(v) > max) errs.Add(field, "length", "最多 " + std::to_string(max) + " 字 at most " + std::to_string(max) + " characters", row);
}

std::string Masked(const Person& p) {
  return MaskName(p.name) + " " + (p.id_number_masked.empty() ? p.phone_masked : p.id_number_masked);
}

// 409 for an identity number already on file. The existing person is named (masked) only when
// the caller may see them; otherwise the reply says no more than "in another unit".
[[noreturn]] void ThrowOnFile(const Principal& p, const Person& e) {
  if (!p.InScope(e.unit_path))
    throw Error(ErrorCode::kConflict, "该身份证号已在其他单位建档 already on file in another unit",
                {{"id_number", "duplicate", "已在其他单位建档 on file in another unit", 0}});
  throw Error(ErrorCode::kConflict, "该身份证号已建档 already on file: " + Masked(e) + " (#" + std::to_string(e.id) + ")",
              {{"id_number", "duplicate", "已建档 person " + std::to_string(e.id), 0}});
}

// A unit where households may be filed: community (社区/村) or estate (小区/村组), in scope.
org::Unit FilingUnit(Connection& c, const Principal& p, int64_t unit_id, FieldErrors& errs, const char* field = "unit_id",
                     int row = 0) {
  auto u = org::store::GetUnit(c, unit_id);
  if (!u || !p.InScope(u->path)) {
    errs.Add(field, "exists", "单位不存在或不在管辖范围 no such unit in your scope", row);
    return {};
  }
  if (u->level != "community" && u->level != "estate")
    errs.Add(field, "level", "只能在社区、村或小区建档 households are filed in a community, village or estate", row);
  else if (!u->active)
    errs.Add(field, "active", "单位已停用 the unit is deactivated", row);
  return *u;
}

std::string ComposeAddress(const std::string& unit_name, const Household& h) {
  return unit_name + h.building + h.entrance + h.room;
}

Json HouseholdAudit(const Household& h) {
  return {{"unit_id", h.unit_id}, {"building", h.building}, {"entrance", h.entrance}, {"room", h.room},
          {"address", h.address}, {"kind", h.kind},         {"phone_masked", h.phone_masked}, {"note", h.note},
          {"active", h.active}};
}

// Audit copies carry masked personal fields only.
Json PersonAudit(const Person& p) {
  return {{"household_id", p.household_id}, {"unit_id", p.unit_id},
          {"name", p.name},                 {"id_number_masked", MaskIdNumber(p.id_number)},
          {"phone_masked", MaskPhone(p.phone)}, {"relation", p.relation},
          {"is_staff", p.is_staff},         {"staff_employer", p.staff_employer},
          {"staff_duty", p.staff_duty},     {"special_kind", p.special_kind},
          {"special_note", p.special_note}, {"returned", p.returned},
          {"origin_code", p.origin_code},   {"origin_name", p.origin_name},
          {"returned_on", p.returned_on},   {"active", p.active}};
}

}  // namespace

void ApplyHousehold(Household& h, const HouseholdInput& in, FieldErrors& errs, int row) {
  if (in.building) h.building = Trim(*in.building);
  if (in.entrance) h.entrance = Trim(*in.entrance);
  if (in.room) h.room = Trim(*in.room);
  if (in.address) h.address = Trim(*in.address);
  if (in.note) h.note = *in.note;
  Length(errs, "building", h.building, 50, row);
  Length(errs, "entrance", h.entrance, 50, row);
  Length(errs, "room", h.room, 50, row);
  Length(errs, "address", h.address, 200, row);
  Length(errs, "note", h.note, 500, row);
  if (in.kind) {
    if (in.kind->empty()) errs.Add("kind", "required", "必填 required", row);
    else if (!In(kHouseholdKinds, *in.kind)) errs.Add("kind", "enum", "须为 owner_occupied, rented, dormitory, shop", row);
    else h.kind = *in.kind;
  }
  if (in.phone) {
    if (in.phone->empty()) {
      h.phone.clear();
    } else if (auto ph = NormalizePhone(*in.phone)) {
      h.phone = *ph;
    } else {
      errs.Add("phone", "format", "须为 11 位手机号 must be an 11-digit mobile number", row);
    }
  }
}

void ApplyPerson(Person& p, const PersonInput& in, const CivilDate& today, FieldErrors& errs, int row) {
  if (in.name) p.name = Trim(*in.name);
  if (p.name.empty()) errs.Add("name", "required", "必填 required", row);
  else Length(errs, "name", p.name, 50, row);
  if (in.id_number) {
    std::string v = Trim(*in.id_number);
    if (v.empty()) {
      p.id_number.clear();
      p.sex.clear();
      p.birth_date.clear();
    } else if (auto info = ParseIdNumber(v, today)) {
      p.id_number = info->normalized;
      p.sex = info->sex == Sex::kMale ? "male" : "female";
      p.birth_date = FormatDay(info->birth);
    } else {
      errs.Add("id_number", std::string(IdNumberRule(v, today)), "身份证号不正确 not a valid identity number", row);
    }
  }
  if (in.phone) {
    if (Trim(*in.phone).empty()) p.phone.clear();
    else if (auto ph = NormalizePhone(*in.phone)) p.phone = *ph;
    else errs.Add("phone", "format", "须为 11 位手机号 must be an 11-digit mobile number", row);
  }
  if (in.relation) {
    if (!In(kRelations, *in.relation))
      errs.Add("relation", "enum", "须为 head, spouse, child, parent, relative, tenant, employee, other", row);
    else p.relation = *in.relation;
  }
  if (in.is_staff) p.is_staff = *in.is_staff;
  if (in.staff_employer) p.staff_employer = Trim(*in.staff_employer);
  if (in.staff_duty) p.staff_duty = Trim(*in.staff_duty);
  if (p.is_staff) {
    if (p.staff_employer.empty()) errs.Add("staff_employer", "required", "工作人员须填写单位 staff need an employer", row);
    if (p.staff_duty.empty()) errs.Add("staff_duty", "required", "工作人员须填写岗位 staff need a duty", row);
    Length(errs, "staff_employer", p.staff_employer, 100, row);
    Length(errs, "staff_duty", p.staff_duty, 100, row);
  } else {
    p.staff_employer.clear();
    p.staff_duty.clear();
  }
  if (in.special_kind) {
    if (!in.special_kind->empty() && !In(kSpecialKinds, *in.special_kind))
      errs.Add("special_kind", "enum", "须为 pregnancy, dialysis, chronic_illness, disability, elderly_alone, other", row);
    else p.special_kind = *in.special_kind;
  }
  if (in.special_note) p.special_note = Trim(*in.special_note);
  if (!p.special_kind.empty()) {
    if (p.special_note.empty()) errs.Add("special_note", "required", "特殊情况须说明 a special circumstance needs a note", row);
    Length(errs, "special_note", p.special_note, 200, row);
  } else {
    p.special_note.clear();
  }
  if (in.returned) p.returned = *in.returned;
  if (in.origin_code) p.origin_code = Trim(*in.origin_code);
  if (in.origin_name) p.origin_name = Trim(*in.origin_name);
  if (in.returned_on) p.returned_on = Trim(*in.returned_on);
  if (p.returned) {
    if (!p.origin_code.empty() && !IsValidDivisionCode(p.origin_code))
      errs.Add("origin_code", "format", "行政区划代码，6 或 12 位 a division code of 6 or 12 digits", row);
    if (p.origin_name.empty()) errs.Add("origin_name", "required", "返乡人员须填写来源地 where from is required", row);
    Length(errs, "origin_name", p.origin_name, 100, row);
    if (p.returned_on.empty()) {
      errs.Add("returned_on", "required", "返乡人员须填写返回日期 the day of return is required", row);
    } else if (auto d = ParseDay(p.returned_on); !d) {
      errs.Add("returned_on", "format", "须为 YYYY-MM-DD must be YYYY-MM-DD", row);
    } else if (*d > today) {
      errs.Add("returned_on", "future", "返回日期不能晚于今天 cannot be after today", row);
    }
  } else {
    p.origin_code.clear();
    p.origin_name.clear();
    p.returned_on.clear();
  }
}

std::string FilesService::Today() const { return LocalDay(clock_.NowMs(), tz_); }

// ---- households ----

Household FilesService::CreateHousehold(const Principal& p, const Actor& a, const HouseholdInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  Household h;
  ApplyHousehold(h, in, errs);
  if (!in.unit_id) errs.Add("unit_id", "required", "必填 required");
  if (!in.kind) errs.Add("kind", "required", "必填 required");
  int64_t now = clock_.NowMs();
  std::string day = Today();
  int64_t id = db_.Write([&](Connection& c) {
    if (in.unit_id) {
      org::Unit u = FilingUnit(c, p, *in.unit_id, errs);
      h.unit_id = *in.unit_id;
      if (h.address.empty() && !u.name.empty()) {
        if (h.building.empty() && h.room.empty()) errs.Add("address", "required", "填写地址或楼栋、房号 give an address or building and room");
        else h.address = ComposeAddress(u.name, h);
      }
    }
    errs.ThrowIfAny();
    h.created_at = now;
    int64_t hid = store::InsertHousehold(c, cipher_, h, p.user_id, day);
    WriteAudit(c, a, now, "create", "household", std::to_string(hid), "", HouseholdAudit(h).dump());
    return hid;
  });
  return GetHousehold(p, id).household;
}

HouseholdDetail FilesService::GetHousehold(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto h = store::GetHousehold(c, nullptr, id);
    if (!h || !p.InScope(h->unit_path)) throw Error::NotFound("户不存在 no such household");
    return HouseholdDetail{*h, store::HouseholdMembers(c, nullptr, id)};
  });
}

std::vector<Household> FilesService::ListHouseholds(const Principal& p, const HouseholdFilter& f) {
  if (f.kind && !In(kHouseholdKinds, *f.kind)) throw Error::Validation({{"kind", "enum", "未知户类型 unknown kind"}});
  return db_.Read([&](Connection& c) {
    if (f.unit_id) {
      auto u = org::store::GetUnit(c, *f.unit_id);
      if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    }
    return store::ListHouseholds(c, cipher_, p.unit_path, f);
  });
}

Household FilesService::UpdateHousehold(const Principal& p, const Actor& a, int64_t id, const HouseholdInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  if (in.unit_id) errs.Add("unit_id", "read_only", "户不能改单位，请迁移成员 a household does not change unit; move its members", 0);
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    auto h = store::GetHousehold(c, &cipher_, id);
    if (!h || !p.InScope(h->unit_path)) throw Error::NotFound("户不存在 no such household");
    Household before = *h;
    ApplyHousehold(*h, in, errs);
    if (h->address.empty()) errs.Add("address", "required", "必填 required");
    errs.ThrowIfAny();
    h->updated_at = now;
    store::UpdateHousehold(c, cipher_, *h);
    h->phone_masked = MaskPhone(h->phone);
    WriteAudit(c, a, now, "update", "household", std::to_string(id), HouseholdAudit(before).dump(),
               HouseholdAudit(*h).dump());
  });
  return GetHousehold(p, id).household;
}

Household FilesService::SetHouseholdActive(const Principal& p, const Actor& a, int64_t id, bool active) {
  int64_t now = clock_.NowMs();
  std::string day = Today();
  db_.Write([&](Connection& c) {
    auto h = store::GetHousehold(c, nullptr, id);
    if (!h || !p.InScope(h->unit_path)) throw Error::NotFound("户不存在 no such household");
    if (h->active == active) return;
    store::SetHouseholdActive(c, id, active, now);
    store::CountFileEvent(c, active ? "household_added" : "household_removed", id, h->unit_id, day, now);
    int64_t members = 0;
    if (!active) {
      // The members leave the files with their household.
      for (const auto& m : store::HouseholdMembers(c, nullptr, id)) {
        store::SetPersonActive(c, m.id, false, now);
        store::CountFileEvent(c, "person_removed", m.id, m.unit_id, day, now);
        ++members;
      }
    }
    WriteAudit(c, a, now, active ? "reactivate" : "deactivate", "household", std::to_string(id),
               Json{{"active", !active}}.dump(), Json{{"active", active}, {"members_deactivated", members}}.dump());
  });
  return GetHousehold(p, id).household;
}

Household FilesService::RevealHousehold(const Principal& p, const Actor& a, int64_t id) {
  return db_.Write([&](Connection& c) {
    auto h = store::GetHousehold(c, &cipher_, id);
    if (!h || !p.InScope(h->unit_path)) throw Error::NotFound("户不存在 no such household");
    WriteAudit(c, a, clock_.NowMs(), "reveal", "household", std::to_string(id), "", R"({"fields":["phone"]})");
    return *h;
  });
}

// ---- persons ----

Person FilesService::CreatePerson(const Principal& p, const Actor& a, const PersonInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  Person person;
  CivilDate today = LocalDate(clock_.NowMs(), tz_);
  PersonInput with_name = in;
  if (!with_name.name) with_name.name = "";
  ApplyPerson(person, with_name, today, errs);
  if (!in.household_id) errs.Add("household_id", "required", "必填 required");
  int64_t now = clock_.NowMs();
  std::string day = Today();
  int64_t id = db_.Write([&](Connection& c) {
    if (in.household_id) {
      auto h = store::GetHousehold(c, nullptr, *in.household_id);
      if (!h || !p.InScope(h->unit_path)) errs.Add("household_id", "exists", "户不存在或不在管辖范围 no such household in your scope");
      else if (!h->active) errs.Add("household_id", "active", "户已注销 the household is deactivated");
      else person.unit_id = h->unit_id;
      person.household_id = *in.household_id;
    }
    errs.ThrowIfAny();
    if (!person.id_number.empty())
      if (auto existing = store::FindPersonByIdNumber(c, cipher_, person.id_number)) {
        ThrowOnFile(p, *store::GetPerson(c, nullptr, *existing));
      }
    person.created_at = now;
    int64_t pid = store::InsertPerson(c, cipher_, person, p.user_id, day);
    WriteAudit(c, a, now, "create", "person", std::to_string(pid), "", PersonAudit(person).dump());
    return pid;
  });
  return GetPerson(p, id);
}

Person FilesService::GetPerson(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto person = store::GetPerson(c, nullptr, id);
    if (!person || !p.InScope(person->unit_path)) throw Error::NotFound("人员不存在 no such person");
    return *person;
  });
}

std::vector<Person> FilesService::ListPersons(const Principal& p, const PersonFilter& f) {
  if (f.tag && *f.tag != "staff" && *f.tag != "special" && *f.tag != "returned")
    throw Error::Validation({{"tag", "enum", "须为 staff, special, returned"}});
  return db_.Read([&](Connection& c) {
    if (f.unit_id) {
      auto u = org::store::GetUnit(c, *f.unit_id);
      if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    }
    return store::ListPersons(c, cipher_, p.unit_path, f);
  });
}

Person FilesService::UpdatePerson(const Principal& p, const Actor& a, int64_t id, const PersonInput& in) {
  FieldErrors errs;
  errs.Append(in.parse_errors);
  if (in.household_id) errs.Add("household_id", "read_only", "迁移请用 :move use :move to change household");
  CivilDate today = LocalDate(clock_.NowMs(), tz_);
  int64_t now = clock_.NowMs();
  db_.Write([&](Connection& c) {
    auto person = store::GetPerson(c, &cipher_, id);
    if (!person || !p.InScope(person->unit_path)) throw Error::NotFound("人员不存在 no such person");
    Person before = *person;
    ApplyPerson(*person, in, today, errs);
    errs.ThrowIfAny();
    if (person->active && !person->id_number.empty() && person->id_number != before.id_number)
      if (auto existing = store::FindPersonByIdNumber(c, cipher_, person->id_number); existing && *existing != id) {
        ThrowOnFile(p, *store::GetPerson(c, nullptr, *existing));
      }
    person->updated_at = now;
    store::UpdatePerson(c, cipher_, *person);
    WriteAudit(c, a, now, "update", "person", std::to_string(id), PersonAudit(before).dump(), PersonAudit(*person).dump());
  });
  return GetPerson(p, id);
}

Person FilesService::SetPersonActive(const Principal& p, const Actor& a, int64_t id, bool active) {
  int64_t now = clock_.NowMs();
  std::string day = Today();
  db_.Write([&](Connection& c) {
    auto person = store::GetPerson(c, &cipher_, id);
    if (!person || !p.InScope(person->unit_path)) throw Error::NotFound("人员不存在 no such person");
    if (person->active == active) return;
    if (active) {
      auto h = store::GetHousehold(c, nullptr, person->household_id);
      if (!h->active) throw Error::Conflict("户已注销，请先恢复户或迁移 the household is deactivated: reactivate it or move the person");
      if (!person->id_number.empty())
        if (auto existing = store::FindPersonByIdNumber(c, cipher_, person->id_number)) {
          ThrowOnFile(p, *store::GetPerson(c, nullptr, *existing));
        }
    }
    store::SetPersonActive(c, id, active, now);
    store::CountFileEvent(c, active ? "person_added" : "person_removed", id, person->unit_id, day, now);
    WriteAudit(c, a, now, active ? "reactivate" : "deactivate", "person", std::to_string(id),
               Json{{"active", !active}}.dump(), Json{{"active", active}}.dump());
  });
  return GetPerson(p, id);
}

Person FilesService::MovePerson(const Principal& p, const Actor& a, int64_t id, int64_t household_id) {
  int64_t now = clock_.NowMs();
  std::string day = Today();
  db_.Write([&](Connection& c) {
    auto person = store::GetPerson(c, nullptr, id);
    if (!person || !p.InScope(person->unit_path)) throw Error::NotFound("人员不存在 no such person");
    if (!person->active) throw Error::Conflict("人员已注销 the person is deactivated");
    auto h = store::GetHousehold(c, nullptr, household_id);
    if (!h || !p.InScope(h->unit_path))
      throw Error::Validation({{"household_id", "exists", "户不存在或不在管辖范围 no such household in your scope"}});
    if (!h->active) throw Error::Validation({{"household_id", "active", "户已注销 the household is deactivated"}});
    if (h->id == person->household_id) return;
    store::MovePerson(c, id, h->id, h->unit_id, now);
    if (h->unit_id != person->unit_id) {
      // A move between units leaves the files of one and joins those of the other.
      store::CountFileEvent(c, "person_removed", id, person->unit_id, day, now);
      store::CountFileEvent(c, "person_added", id, h->unit_id, day, now);
    }
    WriteAudit(c, a, now, "move", "person", std::to_string(id),
               Json{{"household_id", person->household_id}, {"unit_id", person->unit_id}}.dump(),
               Json{{"household_id", h->id}, {"unit_id", h->unit_id}}.dump());
  });
  return GetPerson(p, id);
}

Person FilesService::RevealPerson(const Principal& p, const Actor& a, int64_t id) {
  return db_.Write([&](Connection& c) {
    auto person = store::GetPerson(c, &cipher_, id);
    if (!person || !p.InScope(person->unit_path)) throw Error::NotFound("人员不存在 no such person");
    WriteAudit(c, a, clock_.NowMs(), "reveal", "person", std::to_string(id), "", R"({"fields":["id_number","phone"]})");
    return *person;
  });
}

std::vector<DuplicateGroup> FilesService::Duplicates(const Principal& p, int limit) {
  return db_.Read([&](Connection& c) {
    std::vector<DuplicateGroup> out;
    for (const auto& pair : store::DuplicatePairs(c, p.unit_path, limit)) {
      auto a = store::GetPerson(c, nullptr, pair.a);
      auto b = store::GetPerson(c, nullptr, pair.b);
      if (a && b) out.push_back({pair.reason, {*a, *b}});
    }
    return out;
  });
}

Person FilesService::Merge(const Principal& p, const Actor& a, int64_t id, int64_t into) {
  if (id == into) throw Error::Validation({{"into", "different", "不能与自己合并 cannot merge a person into itself"}});
  int64_t now = clock_.NowMs();
  std::string day = Today();
  db_.Write([&](Connection& c) {
    auto from = store::GetPerson(c, &cipher_, id);
    if (!from || !p.InScope(from->unit_path)) throw Error::NotFound("人员不存在 no such person");
    auto keep = store::GetPerson(c, &cipher_, into);
    if (!keep || !p.InScope(keep->unit_path))
      throw Error::Validation({{"into", "exists", "人员不存在或不在管辖范围 no such person in your scope"}});
    if (!from->active || !keep->active) throw Error::Conflict("人员已注销 a deactivated person cannot be merged");
    if (!from->id_number.empty() && !keep->id_number.empty() && from->id_number != keep->id_number)
      throw Error::Conflict("身份证号不同，不是同一人 different identity numbers: not the same person");
    Person before = *keep;
    // The other leaves the files first, so its number may pass to the one kept.
    store::SetPersonActive(c, id, false, now);
    store::CountFileEvent(c, "person_removed", id, from->unit_id, day, now);
    auto fill = [](std::string& dst, const std::string& src) {
      if (dst.empty()) dst = src;
    };
    fill(keep->id_number, from->id_number);
    fill(keep->sex, from->sex);
    fill(keep->birth_date, from->birth_date);
    fill(keep->phone, from->phone);
    if (!keep->is_staff && from->is_staff) {
      keep->is_staff = true;
      keep->staff_employer = from->staff_employer;
      keep->staff_duty = from->staff_duty;
    }
    if (keep->special_kind.empty() && !from->special_kind.empty()) {
      keep->special_kind = from->special_kind;
      keep->special_note = from->special_note;
    }
    if (!keep->returned && from->returned) {
      keep->returned = true;
      keep->origin_code = from->origin_code;
      keep->origin_name = from->origin_name;
      keep->returned_on = from->returned_on;
    }
    keep->updated_at = now;
    store::UpdatePerson(c, cipher_, *keep);
    WriteAudit(c, a, now, "merge", "person", std::to_string(into), PersonAudit(before).dump(),
               Json{{"merged_from", id}, {"after", PersonAudit(*keep)}}.dump());
  });
  return GetPerson(p, into);
}

ReencryptResult FilesService::Reencrypt(int batch) {
  ReencryptResult r;
  int64_t after_h = 0, after_p = 0;
  while (after_h >= 0 || after_p >= 0) {
    auto prog = db_.Write([&](Connection& c) { return store::ReencryptBatch(c, cipher_, after_h, after_p, batch); });
    r.rewritten += prog.rewritten;
    ++r.batches;
    after_h = prog.last_household;
    after_p = prog.last_person;
  }
  return r;
}

}  // namespace fk::residents
