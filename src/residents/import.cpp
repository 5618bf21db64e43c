#include "residents/import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/masking.h"
#include "core/validation.h"
#include "org/store.h"
#include "residents/daily.h"
#include "residents/store.h"

namespace fk::residents {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

using Field = std::string ImportRow::*;
const std::vector<std::pair<std::string, Field>>& Fields() {
  static const std::vector<std::pair<std::string, Field>> kFields = {
      {"unit_code", &ImportRow::unit_code},
      {"building", &ImportRow::building},
      {"entrance", &ImportRow::entrance},
      {"room", &ImportRow::room},
      {"address", &ImportRow::address},
      {"kind", &ImportRow::kind},
      {"household_phone", &ImportRow::household_phone},
      {"name", &ImportRow::name},
      {"id_number", &ImportRow::id_number},
      {"phone", &ImportRow::phone},
      {"relation", &ImportRow::relation},
      {"is_staff", &ImportRow::is_staff},
      {"staff_employer", &ImportRow::staff_employer},
      {"staff_duty", &ImportRow::staff_duty},
      {"special_kind", &ImportRow::special_kind},
      {"special_note", &ImportRow::special_note},
      {"returned", &ImportRow::returned},
      {"origin_code", &ImportRow::origin_code},
      {"origin_name", &ImportRow::origin_name},
      {"returned_on", &ImportRow::returned_on}};
  return kFields;
}

// Chinese headers the CSV reader (and the web page's guess) accept.
const std::map<std::string, std::string>& HeaderAliases() {
  static const std::map<std::string, std::string> kAliases = {
      {"单位代码", "unit_code"},   {"楼栋", "building"},        {"单元", "entrance"},
      {"房号", "room"},           {"地址", "address"},         {"户类型", "kind"},
      {"户联系电话", "household_phone"}, {"姓名", "name"},     {"身份证号", "id_number"},
      {"手机号", "phone"},         {"与户主关系", "relation"},   {"工作人员", "is_staff"},
      {"工作单位", "staff_employer"}, {"岗位", "staff_duty"},  {"特殊情况", "special_kind"},
      {"特殊情况说明", "special_note"}, {"返乡", "returned"},  {"来源地代码", "origin_code"},
      {"来源地", "origin_name"},   {"返回日期", "returned_on"}};
  return kAliases;
}

std::string Lookup(const std::map<std::string, std::string>& m, const std::string& v) {
  auto it = m.find(v);
  return it == m.end() ? v : it->second;
}

const std::map<std::string, std::string> kKindLabels = {
    {"自住", "owner_occupied"}, {"自有", "owner_occupied"}, {"租住", "rented"}, {"出租", "rented"},
    {"宿舍", "dormitory"},      {"集体宿舍", "dormitory"},  {"商铺", "shop"},   {"门店", "shop"}};
const std::map<std::string, std::string> kRelationLabels = {
    {"户主", "head"},    {"本人", "head"},     {"配偶", "spouse"},  {"妻", "spouse"},   {"夫", "spouse"},
    {"子女", "child"},   {"子", "child"},      {"女", "child"},     {"父母", "parent"}, {"父亲", "parent"},
    {"母亲", "parent"},  {"亲属", "relative"}, {"租户", "tenant"},  {"员工", "employee"}, {"其他", "other"}};
const std::map<std::string, std::string> kSpecialLabels = {
    {"孕产妇", "pregnancy"},     {"怀孕", "pregnancy"},   {"透析", "dialysis"},  {"慢性病", "chronic_illness"},
    {"残疾", "disability"},      {"独居老人", "elderly_alone"}, {"其他", "other"}, {"无", ""}};

// "是/否", yes/no, true/false, 1/0, y/n, empty = false.
std::optional<bool> Flag(const std::string& v) {
  static const std::vector<std::string> kTrue = {"是", "yes", "y", "true", "1", "Y", "TRUE", "Yes", "True"};
  static const std::vector<std::string> kFalse = {"", "否", "no", "n", "false", "0", "N", "FALSE", "No", "False"};
  if (std::find(kTrue.begin(), kTrue.end(), v) != kTrue.end()) return true;
  if (std::find(kFalse.begin(), kFalse.end(), v) != kFalse.end()) return false;
  return std::nullopt;
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

struct PreparedRow {
  Household household;  // unit_id, building… and kind, phone from this row
  Person person;
  bool ok = true;
};

}  // namespace

const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& [name, f] : Fields()) v.push_back(name);
    return v;
  }();
  return kNames;
}

std::vector<ImportRow> ImportRowsFromJson(const std::string& json_array, FieldErrors& errs) {
  Json arr = Json::parse(json_array, nullptr, false);
  std::vector<ImportRow> out;
  if (!arr.is_array()) {
    errs.Add("rows", "type", "须为数组 rows must be an array");
    return out;
  }
  out.reserve(arr.size());
  int index = 0;
  for (const auto& j : arr) {
    ++index;
    ImportRow r;
    if (!j.is_object()) {
      errs.Add("rows[" + std::to_string(index - 1) + "]", "type", "须为对象 must be an object");
      continue;
    }
    if (j.contains("row") && j["row"].is_number_integer()) r.row = j["row"].get<int>();
    else r.row = index + 1;  // the header is row 1
    for (const auto& [name, f] : Fields()) {
      auto it = j.find(name);
      if (it == j.end() || it->is_null()) continue;
      if (it->is_string()) r.*f = it->get<std::string>();
      else if (it->is_number_integer()) r.*f = std::to_string(it->get<int64_t>());
      else if (it->is_boolean()) r.*f = it->get<bool>() ? "true" : "false";
      else errs.Add(name, "type", "须为文本 must be text", r.row);
      if ((r.*f).size() > 400) errs.Add(name, "length", "过长 too long", r.row);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string ImportRowsToJson(const std::vector<ImportRow>& rows) {
  Json arr = Json::array();
  for (const auto& r : rows) {
    Json j = {{"row", r.row}};
    for (const auto& [name, f] : Fields())
      if (!(r.*f).empty()) j[name] = r.*f;
    arr.push_back(std::move(j));
  }
  return arr.dump();
}

std::string ImportResultToJson(const ImportResult& r) {
  Json errors = Json::array();
  for (const auto& e : r.errors) errors.push_back({{"row", e.row}, {"field", e.field}, {"rule", e.rule}, {"message", e.message}});
  Json dups = Json::array();
  for (const auto& d : r.duplicates)
    dups.push_back({{"row", d.row},
                    {"reason", d.reason},
                    {"other_row", d.other_row ? Json(d.other_row) : Json()},
                    {"person_id", d.person_id ? Json(d.person_id) : Json()},
                    {"person_name", d.person_name},
                    {"id_number_masked", d.id_number_masked},
                    {"phone_masked", d.phone_masked},
                    {"household_address", d.household_address}});
  return Json{{"status", r.status},
              {"part", r.part},
              {"parts", r.parts},
              {"rows", r.rows},
              {"households_new", r.households_new},
              {"households_joined", r.households_joined},
              {"persons_new", r.persons_new},
              {"errors", errors},
              {"duplicates", dups}}
      .dump();
}

std::vector<ImportRow> ReadImportCsv(std::istream& in) {
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.rfind("\xEF\xBB\xBF", 0) == 0) data.erase(0, 3);
  // Excel saves "CSV" in the system code page (GBK on Chinese Windows): say so, with the line.
  for (size_t pos = 0, line = 1; pos < data.size();) {
    if (data[pos] == '\n') ++line;
    if (!Utf8Next(data, &pos))
      throw Error::BadRequest("第 " + std::to_string(line) +
                              " 行不是 UTF-8 编码，请在 Excel 中另存为「CSV UTF-8」 line " + std::to_string(line) +
                              " is not UTF-8 text: save the file as CSV UTF-8");
  }
  // RFC 4180 records; the line number is where the record starts.
  std::vector<std::pair<int, std::vector<std::string>>> records;
  std::vector<std::string> fields;
  std::string cell;
  bool quoted = false, any = false;
  int line = 1, start = 1;
  for (size_t i = 0; i < data.size(); ++i) {
    char ch = data[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') cell.push_back('"'), ++i;
        else quoted = false;
      } else {
        if (ch == '\n') ++line;
        cell.push_back(ch);
      }
      continue;
    }
    if (ch == '"') quoted = true, any = true;
    else if (ch == ',') fields.push_back(std::move(cell)), cell.clear(), any = true;
    else if (ch == '\r') continue;
    else if (ch == '\n') {
      fields.push_back(std::move(cell));
      cell.clear();
      bool blank = !any && fields.size() == 1 && fields[0].empty();
      if (!blank) records.emplace_back(start, std::move(fields));
      fields.clear();
      any = false;
      start = ++line;
    } else {
      cell.push_back(ch), any = true;
    }
  }
  if (any || !cell.empty()) {
    fields.push_back(std::move(cell));
    records.emplace_back(start, std::move(fields));
  }
  if (records.empty()) throw Error::BadRequest("CSV 文件为空 the CSV file is empty");
  std::vector<int> columns;  // header position -> index in Fields(), or -1
  bool has_name = false;
  for (const auto& h : records.front().second) {
    std::string name = Lookup(HeaderAliases(), Trim(h));
    int idx = -1;
    for (size_t k = 0; k < Fields().size(); ++k)
      if (Fields()[k].first == name) idx = static_cast<int>(k);
    has_name |= name == "name";
    columns.push_back(idx);
  }
  if (!has_name) throw Error::BadRequest("CSV 表头缺少 name（姓名）列 the header has no name column");
  std::vector<ImportRow> out;
  for (size_t r = 1; r < records.size(); ++r) {
    ImportRow row;
    row.row = records[r].first;
    const auto& cells = records[r].second;
    for (size_t k = 0; k < cells.size() && k < columns.size(); ++k)
      if (columns[k] >= 0) row.*(Fields()[static_cast<size_t>(columns[k])].second) = cells[k];
    out.push_back(std::move(row));
  }
  return out;
}

ImportResult FilesService::Import(const Principal& p, const Actor& a, const ImportRequest& req) {
  FieldErrors errs;
  if (req.unit_id <= 0) errs.Add("unit_id", "required", "必填 required");
  if (req.parts < 1 || req.parts > 1000) errs.Add("parts", "range", "1–1000");
  if (req.part < 1 || req.part > req.parts) errs.Add("part", "range", "须在 1 与 parts 之间 must be 1 to parts");
  if (!req.import_key.empty() && !ValidImportKey(req.import_key))
    errs.Add("import_key", "format", "1–64 个字母、数字、- 或 _ letters, digits, - or _");
  else if (req.import_key.empty() && (!req.dry_run || req.parts > 1))
    errs.Add("import_key", "required", "提交或分批导入须有 import_key an import_key is required to commit or to send parts");
  if (req.rows.size() > kMaxImportRowsPerPart)
    errs.Add("rows", "max_items", "每批最多 5000 行 at most 5,000 rows per request: send parts");
  errs.ThrowIfAny();
  int64_t now = clock_.NowMs();
  ImportResult result;
  result.part = req.part;
  result.parts = req.parts;

  if (!req.import_key.empty()) {
    auto done = db_.Read([&](Connection& c) { return store::ImportResult(c, req.import_key, p.user_id); });
    if (done) {
      result.replayed = true;
      result.replay_json = *done;
      result.status = "committed";
      return result;
    }
  }
  if (req.part < req.parts) {
    db_.Write([&](Connection& c) {
      store::StageImportPart(c, req.import_key, req.part, p.user_id, ImportRowsToJson(req.rows), now);
    });
    result.status = "staged";
    result.rows = static_cast<int64_t>(req.rows.size());
    return result;
  }

  // The whole import: staged parts, then this one.
  std::vector<ImportRow> rows;
  if (req.parts > 1) {
    auto staged = db_.Read([&](Connection& c) { return store::StagedImportParts(c, req.import_key, p.user_id); });
    std::map<int64_t, std::string> by_part(staged.begin(), staged.end());
    for (int64_t k = 1; k < req.parts; ++k) {
      auto it = by_part.find(k);
      if (it == by_part.end()) {
        errs.Add("part", "missing", "缺少第 " + std::to_string(k) + " 批 part " + std::to_string(k) + " was not sent");
        continue;
      }
      auto part_rows = ImportRowsFromJson(it->second, errs);
      rows.insert(rows.end(), std::make_move_iterator(part_rows.begin()), std::make_move_iterator(part_rows.end()));
    }
    errs.ThrowIfAny();
  }
  rows.insert(rows.end(), req.rows.begin(), req.rows.end());
  if (rows.empty()) throw Error::Validation({{"rows", "required", "没有数据行 no rows"}});
  if (rows.size() > kMaxImportRows) throw Error::Validation({{"rows", "max_items", "一次最多导入 100000 行 at most 100,000 rows"}});
  result.rows = static_cast<int64_t>(rows.size());

  // Checks without the database.
  CivilDate today = LocalDate(now, tz_);
  std::vector<PreparedRow> prepared(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const ImportRow& r = rows[i];
    PreparedRow& out = prepared[i];
    size_t before = errs.list().size();
    HouseholdInput hi;
    hi.building = r.building;
    hi.entrance = r.entrance;
    hi.room = r.room;
    hi.address = r.address;
    std::string kind = Trim(r.kind);
    hi.kind = kind.empty() ? std::string("owner_occupied") : Lookup(kKindLabels, kind);
    hi.phone = r.household_phone;
    FieldErrors herrs;
    ApplyHousehold(out.household, hi, herrs, r.row);
    for (const auto& e : herrs.list())
      errs.Add(e.field == "phone" ? "household_phone" : e.field, e.rule, e.message, r.row);
    PersonInput pi;
    pi.name = r.name;
    pi.id_number = r.id_number;
    pi.phone = r.phone;
    std::string relation = Trim(r.relation);
    pi.relation = relation.empty() ? std::string("other") : Lookup(kRelationLabels, relation);
    auto staff = Flag(Trim(r.is_staff));
    if (!staff) errs.Add("is_staff", "boolean", "填“是”或“否” yes or no", r.row);
    pi.is_staff = staff.value_or(false);
    pi.staff_employer = r.staff_employer;
    pi.staff_duty = r.staff_duty;
    pi.special_kind = Lookup(kSpecialLabels, Trim(r.special_kind));
    pi.special_note = r.special_note;
    auto returned = Flag(Trim(r.returned));
    if (!returned) errs.Add("returned", "boolean", "填“是”或“否” yes or no", r.row);
    pi.returned = returned.value_or(false);
    pi.origin_code = r.origin_code;
    pi.origin_name = r.origin_name;
    pi.returned_on = r.returned_on;
    ApplyPerson(out.person, pi, today, errs, r.row);
    out.ok = errs.list().size() == before;
  }

  auto run = [&](Connection& c) {
    // Units by code (cached), then households by (unit, address), then duplicates.
    std::unordered_map<std::string, std::optional<org::Unit>> units;
    org::Unit base = [&] {
      auto got = org::store::GetUnit(c, req.unit_id);
      if (!got || !p.InScope(got->path)) throw Error::Validation({{"unit_id", "exists", "单位不存在或不在管辖范围 no such unit in your scope"}});
      return *got;
    }();
    auto unit_of = [&](const ImportRow& r) -> const org::Unit* {
      std::string code = Trim(r.unit_code);
      if (code.empty()) {
        if (base.level != "community" && base.level != "estate") {
          errs.Add("unit_code", "required", "导入到乡镇时每行须填社区/村代码 give the community or village code of each row", r.row);
          return nullptr;
        }
        return &base;
      }
      auto it = units.find(code);
      if (it == units.end()) it = units.emplace(code, org::store::GetUnitByCode(c, code)).first;
      const auto& u = it->second;
      if (!u || !p.InScope(u->path) || u->path.rfind(base.path, 0) != 0) {
        errs.Add("unit_code", "exists", "单位不存在或不在导入范围 no such unit under the import's unit", r.row);
        return nullptr;
      }
      if (u->level != "community" && u->level != "estate") {
        errs.Add("unit_code", "level", "只能在社区、村或小区建档 households are filed in a community, village or estate", r.row);
        return nullptr;
      }
      return &*u;
    };
    struct Group {
      int64_t existing = 0;  // a household already on file at this address
      size_t first = 0;      // the row that opens a new household
      int64_t new_id = 0;
    };
    std::map<std::pair<int64_t, std::string>, Group> groups;
    std::vector<std::pair<int64_t, std::string>> group_of(rows.size());
    std::unordered_map<std::string, size_t> id_rows;             // identity number -> first row index
    std::map<std::pair<std::string, std::string>, size_t> name_phone_rows;
    for (size_t i = 0; i < rows.size(); ++i) {
      PreparedRow& pr = prepared[i];
      const ImportRow& r = rows[i];
      const org::Unit* u = unit_of(r);
      if (!u) {
        pr.ok = false;
        continue;
      }
      pr.household.unit_id = u->id;
      pr.person.unit_id = u->id;
      if (pr.household.address.empty()) {
        if (pr.household.building.empty() && pr.household.room.empty()) {
          errs.Add("address", "required", "填写地址或楼栋、房号 give an address or building and room", r.row);
          pr.ok = false;
          continue;
        }
        pr.household.address = u->name + pr.household.building + pr.household.entrance + pr.household.room;
      }
      auto key = std::make_pair(u->id, pr.household.address);
      group_of[i] = key;
      auto [g, fresh] = groups.try_emplace(key);
      if (fresh) {
        g->second.first = i;
        if (auto existing = store::FindHouseholdByAddress(c, u->id, pr.household.address)) g->second.existing = *existing;
      }
      // Duplicates: the same number twice cannot be filed; name + phone is offered for merge.
      const Person& person = pr.person;
      if (!person.id_number.empty()) {
        auto [it, first] = id_rows.try_emplace(person.id_number, i);
        if (!first) {
          errs.Add("id_number", "duplicate_in_file", "与第 " + std::to_string(rows[it->second].row) + " 行身份证号相同 same number as row " + std::to_string(rows[it->second].row), r.row);
          result.duplicates.push_back({r.row, "id_number_in_file", rows[it->second].row, 0, MaskName(person.name),
                                       MaskIdNumber(person.id_number), MaskPhone(person.phone), pr.household.address});
          pr.ok = false;
        } else if (auto on_file = store::FindPersonByIdNumber(c, cipher_, person.id_number)) {
          auto e = store::GetPerson(c, nullptr, *on_file);
          if (p.InScope(e->unit_path)) {
            errs.Add("id_number", "on_file", "已建档：" + MaskName(e->name) + " " + e->household_address + " already on file (#" + std::to_string(e->id) + ")", r.row);
            result.duplicates.push_back({r.row, "id_number_on_file", 0, e->id, MaskName(e->name), e->id_number_masked,
                                         e->phone_masked, e->household_address});
          } else {  // someone the importer may not see: refused, but not described
            errs.Add("id_number", "on_file", "已在其他单位建档 already on file in another unit", r.row);
          }
          pr.ok = false;
        }
      }
      if (!person.phone.empty()) {
        auto [it, first] = name_phone_rows.try_emplace({person.name, person.phone}, i);
        if (!first && (person.id_number.empty() || prepared[it->second].person.id_number.empty()))
          result.duplicates.push_back({r.row, "name_phone_in_file", rows[it->second].row, 0, MaskName(person.name),
                                       MaskIdNumber(person.id_number), MaskPhone(person.phone), pr.household.address});
        for (int64_t other : store::FindPersonsByNamePhone(c, cipher_, person.name, person.phone)) {
          auto e = store::GetPerson(c, nullptr, other);
          if (!p.InScope(e->unit_path)) continue;  // not offered: the importer could neither see nor merge them
          if (e->id_number_masked.empty() || person.id_number.empty())
            result.duplicates.push_back({r.row, "name_phone_on_file", 0, e->id, MaskName(e->name), e->id_number_masked,
                                         e->phone_masked, e->household_address});
        }
      }
    }
    for (const auto& [key, g] : groups) (g.existing ? result.households_joined : result.households_new)++;
    for (const auto& pr : prepared) result.persons_new += pr.ok ? 1 : 0;
    result.errors = errs.list();
    std::stable_sort(result.errors.begin(), result.errors.end(),
                     [](const FieldError& x, const FieldError& y) { return x.row < y.row; });
    if (req.dry_run) {
      result.status = "dry_run";
      return;
    }
    if (!result.errors.empty()) throw Error::Validation(result.errors, "导入数据有误，未导入任何记录 the import has errors: nothing was imported");

    // Commit: households, then persons; counts per unit in one statement each.
    std::string day = LocalDay(now, tz_);
    std::map<int64_t, std::pair<int64_t, int64_t>> counts;  // unit -> households, persons added
    constexpr const char* kEvent = "INSERT INTO resident_file_events (kind, entity_id, unit_id, day, at) VALUES (?, ?, ?, ?, ?)";
    for (auto& [key, g] : groups) {
      if (g.existing) continue;
      Household h = prepared[g.first].household;
      h.created_at = now;
      g.new_id = store::InsertHouseholdRow(c, cipher_, h, p.user_id);
      c.Exec(kEvent, {"household_added", g.new_id, h.unit_id, day, now});
      counts[h.unit_id].first++;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      Person& person = prepared[i].person;
      const Group& g = groups.at(group_of[i]);
      person.household_id = g.existing ? g.existing : g.new_id;
      person.created_at = now;
      int64_t id = store::InsertPersonRow(c, cipher_, person, p.user_id);
      c.Exec(kEvent, {"person_added", id, person.unit_id, day, now});
      counts[person.unit_id].second++;
    }
    for (const auto& [unit, n] : counts)
      AddDaily(c, unit, day, {{Daily::kHouseholdsAdded, n.first}, {Daily::kPersonsAdded, n.second}});
    result.status = "committed";
    std::string json = ImportResultToJson(result);
    store::SaveImportResult(c, req.import_key, req.unit_id, p.user_id, result.households_new, result.persons_new, json, now);
    store::DropImportParts(c, req.import_key, p.user_id);
    WriteAudit(c, a, now, "import", "household", req.import_key, "",
               Json{{"unit_id", req.unit_id}, {"rows", result.rows}, {"households_new", result.households_new},
                    {"households_joined", result.households_joined}, {"persons_new", result.persons_new}}
                   .dump());
  };
  if (req.dry_run) {
    db_.Read(run);
    if (req.parts > 1) db_.Write([&](Connection& c) { store::DropImportParts(c, req.import_key, p.user_id); });
  } else {
    db_.Write(run);
  }
  return result;
}

}  // namespace fk::residents
