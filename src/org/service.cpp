#include "org/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"

namespace fk::org {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxPlaceChars = 200;

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

int LevelIndex(const std::string& level) {
  auto it = std::find(kUnitLevels.begin(), kUnitLevels.end(), level);
  return it == kUnitLevels.end() ? -1 : static_cast<int>(it - kUnitLevels.begin());
}

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Json UnitJson(const Unit& u) {
  return {{"id", u.id},     {"parent_id", u.parent_id ? Json(*u.parent_id) : Json()}, {"code", u.code},
          {"name", u.name}, {"level", u.level},                                      {"active", u.active}};
}
Json PointJson(const Point& p) {
  return {{"id", p.id},       {"unit_id", p.unit_id}, {"name", p.name},
          {"kind", p.kind},   {"place", p.place},     {"lat", p.lat ? Json(*p.lat) : Json()},
          {"lng", p.lng ? Json(*p.lng) : Json()},     {"active", p.active}};
}
// The audit log keeps staff phones masked: the log must not become a copy of the personal data.
Json StaffJson(const Staff& s) {
  return {{"id", s.id},
          {"unit_id", s.unit_id},
          {"name", s.name},
          {"phone_masked", MaskPhone(s.phone)},
          {"party_member", s.party_member},
          {"cadre_category", s.cadre_category},
          {"duty", s.duty},
          {"active", s.active}};
}

// Finds a unit by id or code for an input that names one; checks existence, scope and activity.
std::optional<Unit> ResolveUnit(Connection& c, const Principal& p, const std::optional<int64_t>& id,
                                const std::optional<std::string>& code, const char* id_field, const char* code_field,
                                bool required, FieldErrors& errs, int row) {
  std::optional<Unit> u;
  const char* field = id ? id_field : code_field;
  if (id) u = store::GetUnit(c, *id);
  else if (code) u = store::GetUnitByCode(c, *code);
  else {
    if (required) errs.Add(row ? code_field : id_field, "required", "必填 required", row);
    return std::nullopt;
  }
  if (!u || !p.InScope(u->path)) {
    // Outside the caller's subtree looks the same as absent: existence is private.
    errs.Add(field, "exists", "单位不存在或不在管辖范围 no such unit in your scope", row);
    return std::nullopt;
  }
  if (!u->active) {
    errs.Add(field, "active", "单位已停用 unit is deactivated", row);
    return std::nullopt;
  }
  return u;
}

void CheckUnitCode(Connection& c, const std::string& code, int64_t self_id, FieldErrors& errs, int row) {
  static const std::regex kCode("^[A-Za-z0-9_-]{1,32}$");
  if (!std::regex_match(code, kCode)) {
    errs.Add("code", "format", "1–32 位字母、数字、_ - letters, digits, _ or - (1 to 32)", row);
    return;
  }
  bool digits = std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (digits && (code.size() == 6 || code.size() == 12) && !IsValidDivisionCode(code)) {
    errs.Add("code", "division_code", "不是有效的行政区划代码 not a valid division code", row);
    return;
  }
  auto other = store::GetUnitByCode(c, code);
  if (other && other->id != self_id) errs.Add("code", "unique", "代码已被使用 code already used", row);
}

void CheckName(const std::optional<std::string>& name, bool required, size_t max, FieldErrors& errs, int row,
               const char* field = "name") {
  if (!name) {
    if (required) errs.Add(field, "required", "必填 required", row);
  } else if (Chars(*name) > max) {
    errs.Add(field, "length", "最多 " + std::to_string(max) + " 个字符 at most " + std::to_string(max) + " characters",
             row);
  }
}

// Validates a unit input into `u` (create when u.id == 0).
void ApplyUnit(Connection& c, const Principal& p, const UnitInput& in, Unit& u, FieldErrors& errs) {
  errs.Append(in.parse_errors);
  bool create = u.id == 0;
  int row = in.row;
  if (in.code) CheckUnitCode(c, *in.code, u.id, errs, row);
  else if (create) errs.Add("code", "required", "必填 required", row);
  CheckName(in.name, create, kMaxNameChars, errs, row);
  if (create) {
    if (!in.level) errs.Add("level", "required", "必填 required", row);
    else if (LevelIndex(*in.level) < 0) errs.Add("level", "enum", "须为 city, town, community, estate, department", row);
    auto parent = ResolveUnit(c, p, in.parent_id, in.parent_code, "parent_id", "parent_code", true, errs, row);
    if (parent && parent->level == "department")
      errs.Add("parent_id", "department_leaf", "部门下不能再设单位 a department has no units below it", row);
    else if (parent && in.level && *in.level == "department" && parent->level != "city")
      errs.Add("level", "department_under_city", "部门只能设在市级单位下 a department sits directly under the city", row);
    else if (parent && in.level && *in.level != "department" && LevelIndex(*in.level) >= 0 &&
             LevelIndex(*in.level) <= LevelIndex(parent->level))
      errs.Add("level", "below_parent", "层级须低于上级单位 must be below the parent's level (" + parent->level + ")",
               row);
    if (parent) u.parent_id = parent->id;
    if (in.level) u.level = *in.level;
  }
  if (in.code) u.code = *in.code;
  if (in.name) u.name = *in.name;
}

void ApplyPoint(Connection& c, const Principal& p, const PointInput& in, Point& pt, FieldErrors& errs) {
  errs.Append(in.parse_errors);
  bool create = pt.id == 0;
  int row = in.row;
  CheckName(in.name, create, kMaxNameChars, errs, row);
  if (in.kind && !In(kPointKinds, *in.kind))
    errs.Add("kind", "enum", "须为 checkpoint, community_gate, station", row);
  else if (!in.kind && create)
    errs.Add("kind", "required", "必填 required", row);
  CheckName(in.place, false, kMaxPlaceChars, errs, row, "place");
  if (in.lat && (*in.lat < -90 || *in.lat > 90)) errs.Add("lat", "range", "纬度须在 -90..90 latitude -90..90", row);
  if (in.lng && (*in.lng < -180 || *in.lng > 180)) errs.Add("lng", "range", "经度须在 -180..180 longitude -180..180", row);
  if (in.lat.has_value() != in.lng.has_value() && create)
    errs.Add(in.lat ? "lng" : "lat", "required", "经纬度须成对填写 give both latitude and longitude", row);
  if (in.unit_id || in.unit_code || create) {
    auto unit = ResolveUnit(c, p, in.unit_id, in.unit_code, "unit_id", "unit_code", create, errs, row);
    if (unit) pt.unit_id = unit->id;
  }
  if (in.name) pt.name = *in.name;
  if (in.kind) pt.kind = *in.kind;
  if (in.place) pt.place = *in.place;
  if (in.lat) pt.lat = in.lat;
  if (in.lng) pt.lng = in.lng;
  if (pt.unit_id && !pt.name.empty() && store::PointNameTaken(c, pt.unit_id, pt.name, pt.id))
    errs.Add("name", "unique", "本单位已有同名卡点 a point with this name exists in the unit", row);
}

void ApplyStaff(Connection& c, const Principal& p, const StaffInput& in, Staff& s, FieldErrors& errs) {
  errs.Append(in.parse_errors);
  bool create = s.id == 0;
  int row = in.row;
  CheckName(in.name, create, 50, errs, row);
  if (in.phone) {
    auto normal = NormalizePhone(*in.phone);
    if (!normal) errs.Add("phone", "format", "须为 11 位手机号 must be an 11-digit mobile number", row);
    else s.phone = *normal;
  } else if (create) {
    errs.Add("phone", "required", "必填 required", row);
  }
  if (in.cadre_category && !In(kCadreCategories, *in.cadre_category))
    errs.Add("cadre_category", "enum", "未知类别 unknown category", row);
  CheckName(in.duty, false, 100, errs, row, "duty");
  if (in.unit_id || in.unit_code || create) {
    auto unit = ResolveUnit(c, p, in.unit_id, in.unit_code, "unit_id", "unit_code", create, errs, row);
    if (unit) s.unit_id = unit->id;
  }
  if (in.name) s.name = *in.name;
  if (in.cadre_category) s.cadre_category = *in.cadre_category;
  if (in.duty) s.duty = *in.duty;
  if (in.party_member) s.party_member = *in.party_member;
}

// Rolls back a dry run after validating (and inserting) every row.
struct DryRunRollback {
  ImportResult result;
};

}  // namespace

std::string OrgService::ScopeFor(Connection& c, const Principal& p, const std::optional<int64_t>& unit_id) {
  if (!unit_id) return p.unit_path;
  auto u = store::GetUnit(c, *unit_id);
  if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
  return u->path;
}

// ---- Units ----

std::vector<Unit> OrgService::UnitTree(const Principal& p) {
  return db_.Read([&](Connection& c) { return store::UnitSubtree(c, p.unit_path); });
}

std::vector<Unit> OrgService::ListUnits(const Principal& p, ListFilter f) {
  return db_.Read([&](Connection& c) {
    if (f.unit_id) ScopeFor(c, p, f.unit_id);
    return store::ListUnits(c, p.unit_path, f);
  });
}

Unit OrgService::GetUnit(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto u = store::GetUnit(c, id);
    if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    return *u;
  });
}

Unit OrgService::CreateUnit(const Principal& p, const Actor& a, const UnitInput& in) {
  int64_t id = db_.Write([&](Connection& c) {
    Unit u;
    FieldErrors errs;
    ApplyUnit(c, p, in, u, errs);
    errs.ThrowIfAny();
    u.created_at = u.updated_at = clock_.NowMs();
    u.id = store::InsertUnit(c, u);
    WriteAudit(c, a, u.created_at, "create", "unit", std::to_string(u.id), "", UnitJson(u).dump());
    return u.id;
  });
  return GetUnit(p, id);
}

Unit OrgService::CreateRootUnit(const Actor& a, const std::string& code, const std::string& name) {
  return db_.Write([&](Connection& c) {
    FieldErrors errs;
    CheckUnitCode(c, code, 0, errs, 0);
    CheckName(name, true, kMaxNameChars, errs, 0);
    errs.ThrowIfAny();
    Unit u;
    u.code = code;
    u.name = name;
    u.level = "city";
    u.created_at = u.updated_at = clock_.NowMs();
    u.id = store::InsertUnit(c, u);
    WriteAudit(c, a, u.created_at, "create", "unit", std::to_string(u.id), "", UnitJson(u).dump());
    return *store::GetUnit(c, u.id);
  });
}

Unit OrgService::UpdateUnit(const Principal& p, const Actor& a, int64_t id, const UnitInput& in) {
  db_.Write([&](Connection& c) {
    auto u = store::GetUnit(c, id);
    if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    Unit before = *u;
    FieldErrors errs;
    if (in.level || in.parent_id || in.parent_code)
      errs.Add(in.level ? "level" : "parent_id", "immutable", "层级和上级不可修改 level and parent cannot change");
    ApplyUnit(c, p, in, *u, errs);
    errs.ThrowIfAny();
    u->updated_at = clock_.NowMs();
    store::UpdateUnit(c, *u);
    WriteAudit(c, a, u->updated_at, "update", "unit", std::to_string(id), UnitJson(before).dump(), UnitJson(*u).dump());
  });
  return GetUnit(p, id);
}

Unit OrgService::DeactivateUnit(const Principal& p, const Actor& a, int64_t id) {
  db_.Write([&](Connection& c) {
    auto u = store::GetUnit(c, id);
    if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
    if (u->id == p.unit_id) throw Error::Conflict("不能停用自己所在的单位 cannot deactivate your own unit");
    if (store::CountActiveChildren(c, id) > 0)
      throw Error::Conflict("请先停用下级单位和卡点 deactivate its child units and points first");
    Unit before = *u;
    u->active = false;
    u->updated_at = clock_.NowMs();
    store::UpdateUnit(c, *u);
    WriteAudit(c, a, u->updated_at, "deactivate", "unit", std::to_string(id), UnitJson(before).dump(),
               UnitJson(*u).dump());
  });
  return GetUnit(p, id);
}

// Every import validates and inserts row by row inside one transaction (so a
// row may name a unit created by an earlier row), then rolls back when it is a
// dry run or any row failed: all or nothing.
template <typename Input, typename Apply, typename Insert>
static ImportResult RunImport(fk::store::Database& db, const std::vector<Input>& rows, bool dry_run, Apply apply,
                              Insert insert) {
  if (rows.empty()) throw Error::Validation({{"rows", "required", "没有数据行 no rows"}});
  if (rows.size() > 10000) throw Error::Validation({{"rows", "max_items", "一次最多 10000 行 at most 10000 rows"}});
  FieldErrors all;
  ImportResult result;
  result.dry_run = dry_run;
  result.total = static_cast<int>(rows.size());
  try {
    db.Write([&](Connection& c) {
      for (const auto& in : rows) {
        FieldErrors errs;
        auto record = apply(c, in, errs);
        if (errs.empty()) {
          insert(c, record);
          ++result.valid;
        }
        for (const auto& e : errs.list()) all.Add(e.field, e.rule, e.message, e.row);
      }
      if (dry_run || !all.empty()) throw DryRunRollback{result};
      result.created = result.valid;
    });
  } catch (const DryRunRollback& r) {
    if (!dry_run) throw Error(ErrorCode::kValidation, "导入数据有误，未写入任何记录 import has errors: nothing written", all.list());
    result = r.result;
    result.errors = all.list();
    return result;
  }
  return result;
}

ImportResult OrgService::ImportUnits(const Principal& p, const Actor& a, const std::vector<UnitInput>& rows,
                                     bool dry_run) {
  return RunImport(
      db_, rows, dry_run,
      [&](Connection& c, const UnitInput& in, FieldErrors& errs) {
        Unit u;
        ApplyUnit(c, p, in, u, errs);
        return u;
      },
      [&](Connection& c, Unit& u) {
        u.created_at = u.updated_at = clock_.NowMs();
        u.id = store::InsertUnit(c, u);
        WriteAudit(c, a, u.created_at, "import", "unit", std::to_string(u.id), "", UnitJson(u).dump());
      });
}

// ---- Points ----

std::vector<Point> OrgService::ListPoints(const Principal& p, ListFilter f) {
  return db_.Read([&](Connection& c) { return store::ListPoints(c, ScopeFor(c, p, f.unit_id), f); });
}

Point OrgService::GetPoint(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto pt = store::GetPoint(c, id);
    if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
    return *pt;
  });
}

Point OrgService::CreatePoint(const Principal& p, const Actor& a, const PointInput& in) {
  int64_t id = db_.Write([&](Connection& c) {
    Point pt;
    FieldErrors errs;
    ApplyPoint(c, p, in, pt, errs);
    errs.ThrowIfAny();
    pt.created_at = pt.updated_at = clock_.NowMs();
    pt.id = store::InsertPoint(c, pt);
    WriteAudit(c, a, pt.created_at, "create", "point", std::to_string(pt.id), "", PointJson(pt).dump());
    return pt.id;
  });
  return GetPoint(p, id);
}

Point OrgService::UpdatePoint(const Principal& p, const Actor& a, int64_t id, const PointInput& in) {
  db_.Write([&](Connection& c) {
    auto pt = store::GetPoint(c, id);
    if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
    Point before = *pt;
    FieldErrors errs;
    ApplyPoint(c, p, in, *pt, errs);
    errs.ThrowIfAny();
    pt->updated_at = clock_.NowMs();
    store::UpdatePoint(c, *pt);
    WriteAudit(c, a, pt->updated_at, "update", "point", std::to_string(id), PointJson(before).dump(),
               PointJson(*pt).dump());
  });
  return GetPoint(p, id);
}

Point OrgService::DeactivatePoint(const Principal& p, const Actor& a, int64_t id) {
  db_.Write([&](Connection& c) {
    auto pt = store::GetPoint(c, id);
    if (!pt || !p.InScope(pt->unit_path)) throw Error::NotFound("卡点不存在 no such point");
    Point before = *pt;
    pt->active = false;
    pt->updated_at = clock_.NowMs();
    store::UpdatePoint(c, *pt);
    WriteAudit(c, a, pt->updated_at, "deactivate", "point", std::to_string(id), PointJson(before).dump(),
               PointJson(*pt).dump());
  });
  return GetPoint(p, id);
}

ImportResult OrgService::ImportPoints(const Principal& p, const Actor& a, const std::vector<PointInput>& rows,
                                      bool dry_run) {
  return RunImport(
      db_, rows, dry_run,
      [&](Connection& c, const PointInput& in, FieldErrors& errs) {
        Point pt;
        ApplyPoint(c, p, in, pt, errs);
        return pt;
      },
      [&](Connection& c, Point& pt) {
        pt.created_at = pt.updated_at = clock_.NowMs();
        pt.id = store::InsertPoint(c, pt);
        WriteAudit(c, a, pt.created_at, "import", "point", std::to_string(pt.id), "", PointJson(pt).dump());
      });
}

// ---- Staff ----

std::vector<Staff> OrgService::ListStaff(const Principal& p, ListFilter f) {
  return db_.Read([&](Connection& c) { return store::ListStaff(c, cipher_, ScopeFor(c, p, f.unit_id), f); });
}

Staff OrgService::GetStaff(const Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) {
    auto s = store::GetStaff(c, cipher_, id);
    if (!s || !p.InScope(s->unit_path)) throw Error::NotFound("人员不存在 no such person");
    return *s;
  });
}

Staff OrgService::CreateStaff(const Principal& p, const Actor& a, const StaffInput& in) {
  int64_t id = db_.Write([&](Connection& c) {
    Staff s;
    FieldErrors errs;
    ApplyStaff(c, p, in, s, errs);
    errs.ThrowIfAny();
    s.created_at = s.updated_at = clock_.NowMs();
    s.id = store::InsertStaff(c, cipher_, s);
    WriteAudit(c, a, s.created_at, "create", "staff", std::to_string(s.id), "", StaffJson(s).dump());
    return s.id;
  });
  return GetStaff(p, id);
}

Staff OrgService::UpdateStaff(const Principal& p, const Actor& a, int64_t id, const StaffInput& in) {
  db_.Write([&](Connection& c) {
    auto s = store::GetStaff(c, cipher_, id);
    if (!s || !p.InScope(s->unit_path)) throw Error::NotFound("人员不存在 no such person");
    Staff before = *s;
    FieldErrors errs;
    ApplyStaff(c, p, in, *s, errs);
    errs.ThrowIfAny();
    s->updated_at = clock_.NowMs();
    store::UpdateStaff(c, cipher_, *s);
    WriteAudit(c, a, s->updated_at, "update", "staff", std::to_string(id), StaffJson(before).dump(),
               StaffJson(*s).dump());
  });
  return GetStaff(p, id);
}

Staff OrgService::DeactivateStaff(const Principal& p, const Actor& a, int64_t id) {
  db_.Write([&](Connection& c) {
    auto s = store::GetStaff(c, cipher_, id);
    if (!s || !p.InScope(s->unit_path)) throw Error::NotFound("人员不存在 no such person");
    Staff before = *s;
    s->active = false;
    s->updated_at = clock_.NowMs();
    store::UpdateStaff(c, cipher_, *s);
    WriteAudit(c, a, s->updated_at, "deactivate", "staff", std::to_string(id), StaffJson(before).dump(),
               StaffJson(*s).dump());
  });
  return GetStaff(p, id);
}

std::string OrgService::RevealStaffPhone(const Principal& p, const Actor& a, int64_t id) {
  return db_.Write([&](Connection& c) {
    auto s = store::GetStaff(c, cipher_, id);
    if (!s || !p.InScope(s->unit_path)) throw Error::NotFound("人员不存在 no such person");
    WriteAudit(c, a, clock_.NowMs(), "reveal", "staff", std::to_string(id), "", R"({"fields":["phone"]})");
    return s->phone;
  });
}

ImportResult OrgService::ImportStaff(const Principal& p, const Actor& a, const std::vector<StaffInput>& rows,
                                     bool dry_run) {
  return RunImport(
      db_, rows, dry_run,
      [&](Connection& c, const StaffInput& in, FieldErrors& errs) {
        Staff s;
        ApplyStaff(c, p, in, s, errs);
        return s;
      },
      [&](Connection& c, Staff& s) {
        s.created_at = s.updated_at = clock_.NowMs();
        s.id = store::InsertStaff(c, cipher_, s);
        WriteAudit(c, a, s.created_at, "import", "staff", std::to_string(s.id), "", StaffJson(s).dump());
      });
}

}  // namespace fk::org
