#include "command/report/store.h"

#include <nlohmann/json.hpp>

namespace fk::command::report::store {
namespace {

using Json = nlohmann::json;
using fk::store::Row;

constexpr const char* kInsertSnapshot =
    "INSERT INTO report_snapshots (unit_id, day, cutoff_at, taken_at, taken_by, late_since, figures_json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, day) DO NOTHING";
constexpr const char* kSnapshotColumns =
    "SELECT s.id, s.unit_id, u.name, s.day, s.cutoff_at, s.taken_at, s.taken_by, s.late_since, s.figures_json "
    "FROM report_snapshots s JOIN units u ON u.id = s.unit_id ";
constexpr const char* kLatestSnapshotDay = "SELECT MAX(day) FROM report_snapshots WHERE unit_id = ?";
constexpr const char* kSweepUnits =
    "SELECT id FROM units WHERE parent_id IS NULL AND active = 1 "
    "UNION SELECT DISTINCT unit_id FROM reports ORDER BY 1";

constexpr const char* kTemplateColumns =
    "SELECT t.section, t.version, t.body, t.note, t.created_by, COALESCE(u.display_name, ''), t.created_at "
    "FROM report_templates t LEFT JOIN users u ON u.id = t.created_by WHERE t.section = ? ORDER BY t.version DESC";
constexpr const char* kInsertTemplate =
    "INSERT INTO report_templates (section, version, body, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)";

constexpr const char* kInsertReport =
    "INSERT INTO reports (unit_id, day, version, issue_no, status, snapshot_id, templates_json, paragraphs_json, "
    "tables_json, request_key, generated_by, generated_at, unit_name, generated_by_name) "
    "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kReportColumns =
    "SELECT r.id, r.unit_id, r.unit_name, r.day, r.version, r.issue_no, r.status, r.snapshot_id, s.cutoff_at, s.taken_at, "
    "s.late_since, r.templates_json, r.paragraphs_json, r.tables_json, r.request_key, r.generated_by, r.generated_by_name, "
    "r.generated_at, r.approved_by, r.approved_by_name, r.approved_at "
    "FROM reports r JOIN units un ON un.id = r.unit_id JOIN report_snapshots s ON s.id = r.snapshot_id ";
constexpr const char* kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM reports WHERE unit_id = ? AND day = ?";
constexpr const char* kFirstSnapshotDay = "SELECT MIN(day) FROM report_snapshots WHERE unit_id = ?";
constexpr const char* kApprove =
    "UPDATE reports SET status = 'published', approved_by = ?, approved_by_name = ?, approved_at = ? "
    "WHERE id = ? AND status = 'draft'";
constexpr const char* kLock =
    "INSERT INTO report_locks (name, n) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET n = report_locks.n + 1";

Json MapJson(const FigureMap& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m)
    if (v != 0) j[k] = v;  // zeros are implied: smaller rows
  return j;
}
FigureMap MapFrom(const Json& j) {
  FigureMap m;
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) m[it.key()] = it.value().get<int64_t>();
  return m;
}
Json UnitJson(const UnitFigures& u) {
  return {{"unit_id", u.unit_id}, {"unit_name", u.unit_name}, {"self", u.self},
          {"day", MapJson(u.day)}, {"cum", MapJson(u.cum)}, {"late", MapJson(u.late)}};
}
UnitFigures UnitFrom(const Json& j) {
  UnitFigures u;
  u.unit_id = j.value("unit_id", int64_t{0});
  u.unit_name = j.value("unit_name", std::string());
  u.self = j.value("self", false);
  u.day = MapFrom(j.value("day", Json::object()));
  u.cum = MapFrom(j.value("cum", Json::object()));
  u.late = MapFrom(j.value("late", Json::object()));
  return u;
}

Snapshot SnapshotFrom(const Row& r) {
  Snapshot s;
  s.id = r.Int(0);
  s.unit_id = r.Int(1);
  s.unit_name = r.Text(2);
  s.day = r.Text(3);
  s.cutoff_at = r.Int(4);
  s.taken_at = r.Int(5);
  s.taken_by = r.OptInt(6);
  s.late_since = r.OptText(7);
  Json j = Json::parse(r.Text(8));
  s.total = UnitFrom(j.at("total"));
  for (const auto& row : j.at("rows")) s.rows.push_back(UnitFrom(row));
  return s;
}

Template TemplateFrom(const Row& r) {
  Template t;
  t.section = r.Text(0);
  t.version = static_cast<int>(r.Int(1));
  t.body = r.Text(2);
  t.note = r.Text(3);
  t.created_by = r.OptInt(4);
  t.created_by_name = r.Text(5);
  t.created_at = r.Int(6);
  return t;
}

Json TablesJson(const std::vector<Table>& tables) {
  Json out = Json::array();
  for (const auto& t : tables) {
    Json cols = Json::array(), rows = Json::array();
    for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"label", c.label}});
    for (const auto& r : t.rows)
      rows.push_back({{"unit_id", r.unit_id ? Json(*r.unit_id) : Json()}, {"unit_name", r.unit_name}, {"cells", r.cells}});
    out.push_back({{"key", t.key}, {"title", t.title}, {"columns", cols}, {"rows", rows}});
  }
  return out;
}
std::vector<Table> TablesFrom(const Json& j) {
  std::vector<Table> out;
  for (const auto& t : j) {
    Table table;
    table.key = t.at("key").get<std::string>();
    table.title = t.at("title").get<std::string>();
    for (const auto& c : t.at("columns")) table.columns.push_back({c.at("key").get<std::string>(), c.at("label").get<std::string>()});
    for (const auto& r : t.at("rows")) {
      TableRow row;
      if (!r.at("unit_id").is_null()) row.unit_id = r.at("unit_id").get<int64_t>();
      row.unit_name = r.at("unit_name").get<std::string>();
      row.cells = r.at("cells").get<std::vector<int64_t>>();
      table.rows.push_back(std::move(row));
    }
    out.push_back(std::move(table));
  }
  return out;
}

Report ReportFrom(const Row& r) {
  Report rep;
  rep.id = r.Int(0);
  rep.unit_id = r.Int(1);
  rep.unit_name = r.Text(2);
  rep.day = r.Text(3);
  rep.version = static_cast<int>(r.Int(4));
  rep.issue_no = static_cast<int>(r.Int(5));
  rep.status = r.Text(6);
  rep.snapshot_id = r.Int(7);
  rep.cutoff_at = r.Int(8);
  rep.taken_at = r.Int(9);
  rep.late_since = r.OptText(10);
  const Json templates = Json::parse(r.Text(11)), paragraphs = Json::parse(r.Text(12));
  for (auto it = templates.begin(); it != templates.end(); ++it) rep.template_versions[it.key()] = it.value().get<int>();
  for (const auto& p : paragraphs)
    rep.paragraphs.push_back({p.at("section").get<std::string>(), p.at("title").get<std::string>(), p.at("text").get<std::string>()});
  rep.tables = TablesFrom(Json::parse(r.Text(13)));
  rep.request_key = r.Text(14);
  rep.generated_by = r.Int(15);
  rep.generated_by_name = r.Text(16);
  rep.generated_at = r.Int(17);
  rep.approved_by = r.OptInt(18);
  rep.approved_by_name = r.Text(19);
  rep.approved_at = r.OptInt(20);
  return rep;
}

}  // namespace

std::string FiguresToJson(const UnitFigures& total, const std::vector<UnitFigures>& rows) {
  Json j = {{"total", UnitJson(total)}, {"rows", Json::array()}};
  for (const auto& r : rows) j["rows"].push_back(UnitJson(r));
  return j.dump();
}

bool InsertSnapshot(Connection& c, const Snapshot& s) {
  return c.Exec(kInsertSnapshot, {s.unit_id, s.day, s.cutoff_at, s.taken_at, s.taken_by, s.late_since,
                                  FiguresToJson(s.total, s.rows)}) > 0;
}

std::optional<Snapshot> GetSnapshot(Connection& c, int64_t unit_id, const std::string& day) {
  auto r = c.QueryOne(std::string(kSnapshotColumns) + "WHERE s.unit_id = ? AND s.day = ?", {unit_id, day});
  if (!r) return std::nullopt;
  return SnapshotFrom(*r);
}

std::optional<Snapshot> GetSnapshotById(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kSnapshotColumns) + "WHERE s.id = ?", {id});
  if (!r) return std::nullopt;
  return SnapshotFrom(*r);
}

std::optional<Snapshot> PreviousSnapshot(Connection& c, int64_t unit_id, const std::string& day) {
  auto r = c.QueryOne(std::string(kSnapshotColumns) + "WHERE s.unit_id = ? AND s.day < ? ORDER BY s.day DESC LIMIT 1",
                      {unit_id, day});
  if (!r) return std::nullopt;
  return SnapshotFrom(*r);
}

std::string LatestSnapshotDay(Connection& c, int64_t unit_id) {
  auto r = c.QueryOne(kLatestSnapshotDay, {unit_id});
  return r && !r->IsNull(0) ? r->Text(0) : "";
}

std::vector<int64_t> SweepUnits(Connection& c) {
  std::vector<int64_t> out;
  for (const auto& r : c.Query(kSweepUnits).rows) out.push_back(r.Int(0));
  return out;
}

std::optional<Template> CurrentTemplate(Connection& c, const std::string& section) {
  auto r = c.QueryOne(std::string(kTemplateColumns) + " LIMIT 1", {section});
  if (!r) return std::nullopt;
  return TemplateFrom(*r);
}

std::vector<Template> TemplateVersions(Connection& c, const std::string& section) {
  std::vector<Template> out;
  for (const auto& r : c.Query(kTemplateColumns, {section}).rows) out.push_back(TemplateFrom(r));
  return out;
}

void InsertTemplate(Connection& c, const Template& t) {
  c.Exec(kInsertTemplate, {t.section, t.version, t.body, t.note, t.created_by, t.created_at});
}

int64_t InsertReport(Connection& c, const Report& r) {
  Json templates = Json::object();
  for (const auto& [k, v] : r.template_versions) templates[k] = v;
  Json paragraphs = Json::array();
  for (const auto& p : r.paragraphs) paragraphs.push_back({{"section", p.section}, {"title", p.title}, {"text", p.text}});
  return c.QueryOne(kInsertReport, {r.unit_id, r.day, r.version, r.issue_no, r.snapshot_id, templates.dump(),
                                    paragraphs.dump(), TablesJson(r.tables).dump(), r.request_key, r.generated_by,
                                    r.generated_at, r.unit_name, r.generated_by_name})
      ->Int(0);
}

std::optional<Report> GetReport(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kReportColumns) + "WHERE r.id = ?", {id});
  if (!r) return std::nullopt;
  return ReportFrom(*r);
}

std::optional<Report> GetReportByKey(Connection& c, const std::string& request_key) {
  auto r = c.QueryOne(std::string(kReportColumns) + "WHERE r.request_key = ?", {request_key});
  if (!r) return std::nullopt;
  return ReportFrom(*r);
}

std::vector<Report> ListReports(Connection& c, const std::string& scope_path, const ReportFilter& f) {
  std::string sql = std::string(kReportColumns) + "WHERE un.path LIKE ?";
  fk::store::Params params{scope_path + "%"};
  if (f.unit_id) sql += " AND r.unit_id = ?", params.emplace_back(*f.unit_id);
  if (f.day) sql += " AND r.day = ?", params.emplace_back(*f.day);
  if (f.status) sql += " AND r.status = ?", params.emplace_back(*f.status);
  if (f.before_id > 0) sql += " AND r.id < ?", params.emplace_back(f.before_id);
  sql += " ORDER BY r.id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<Report> out;
  for (const auto& r : c.Query(sql, params).rows) out.push_back(ReportFrom(r));
  return out;
}

int MaxVersion(Connection& c, int64_t unit_id, const std::string& day) {
  return static_cast<int>(c.QueryOne(kMaxVersion, {unit_id, day})->Int(0));
}

std::string FirstSnapshotDay(Connection& c, int64_t unit_id) {
  auto r = c.QueryOne(kFirstSnapshotDay, {unit_id});
  return r && !r->IsNull(0) ? r->Text(0) : "";
}

bool Approve(Connection& c, int64_t id, int64_t by, const std::string& by_name, int64_t at) {
  return c.Exec(kApprove, {by, by_name, at, id}) > 0;
}

void Lock(Connection& c, const std::string& name) { c.Exec(kLock, {name}); }

}  // namespace fk::command::report::store
