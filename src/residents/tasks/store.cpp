#include "residents/tasks/store.h"

#include "org/store.h"

namespace fk::residents::tasks::store {
namespace {

using fk::store::Params;
using fk::store::Row;
using fk::store::Value;

constexpr const char* kTemplateColumns =
    "SELECT t.id, t.unit_id, COALESCE(u.name, ''), COALESCE(u.path, ''), t.name, t.note, t.sort_order, t.active, "
    "t.created_day, t.deactivated_day, t.created_at, t.updated_at FROM estate_task_templates t "
    "LEFT JOIN units u ON u.id = t.unit_id";
constexpr const char* kInsertTemplate =
    "INSERT INTO estate_task_templates (unit_id, name, note, sort_order, active, created_day, created_by, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateTemplate =
    "UPDATE estate_task_templates SET name = ?, note = ?, sort_order = ?, active = ?, deactivated_day = ?, "
    "updated_at = ? WHERE id = ?";
constexpr const char* kTaskColumns =
    "SELECT k.id, k.unit_id, k.template_id, t.name, t.sort_order, k.day, k.status, k.note, k.marked_by, "
    "k.marked_by_name, k.marked_at FROM estate_tasks k JOIN estate_task_templates t ON t.id = k.template_id";
constexpr const char* kInsertTask =
    "INSERT INTO estate_tasks (unit_id, template_id, day, status, created_at) VALUES (?, ?, ?, 'pending', ?) "
    "ON CONFLICT (unit_id, day, template_id) DO NOTHING";
constexpr const char* kSetTaskStatus =
    "UPDATE estate_tasks SET status = ?, note = ?, marked_by = ?, marked_by_name = ?, marked_at = ? WHERE id = ? "
    "AND status = ?";
constexpr const char* kSelectMark =
    "SELECT id, task_id, client_key, action, note, by_user, by_name, at FROM estate_task_marks WHERE client_key = ?";
constexpr const char* kInsertMark =
    "INSERT INTO estate_task_marks (client_key, task_id, action, note, by_user, by_name, at) VALUES (?, ?, ?, ?, ?, ?, "
    "?) "
    "RETURNING id";
constexpr const char* kCountTasks =
    "SELECT unit_id, day, COUNT(*), SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) FROM estate_tasks "
    "GROUP BY unit_id, day";

Template TemplateFromRow(const Row& r) {
  Template t;
  t.id = r.Int(0);
  t.unit_id = r.OptInt(1);
  t.unit_name = r.Text(2);
  t.unit_path = r.Text(3);
  t.name = r.Text(4);
  t.note = r.Text(5);
  t.sort_order = r.Int(6);
  t.active = r.Bool(7);
  t.created_day = r.Text(8);
  t.deactivated_day = r.OptText(9);
  t.created_at = r.Int(10);
  t.updated_at = r.Int(11);
  return t;
}

Task TaskFromRow(const Row& r) {
  Task t;
  t.id = r.Int(0);
  t.unit_id = r.Int(1);
  t.template_id = r.Int(2);
  t.template_name = r.Text(3);
  t.sort_order = r.Int(4);
  t.day = r.Text(5);
  t.status = r.Text(6);
  t.note = r.Text(7);
  t.marked_by = r.OptInt(8);
  t.marked_by_name = r.Text(9);
  t.marked_at = r.OptInt(10);
  return t;
}

}  // namespace

std::vector<Template> AllTemplates(Connection& c) {
  std::vector<Template> out;
  for (const auto& r : c.Query(std::string(kTemplateColumns) + " ORDER BY t.sort_order, t.id").rows)
    out.push_back(TemplateFromRow(r));
  return out;
}

std::optional<Template> GetTemplate(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kTemplateColumns) + " WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return TemplateFromRow(*r);
}

int64_t InsertTemplate(Connection& c, const Template& t, int64_t actor) {
  Value unit = t.unit_id ? Value(*t.unit_id) : Value();
  Value by = actor ? Value(actor) : Value();
  return c
      .QueryOne(kInsertTemplate, {unit, t.name, t.note, t.sort_order, t.created_day, by, t.created_at, t.updated_at})
      ->Int(0);
}

void UpdateTemplate(Connection& c, const Template& t) {
  Value deactivated = t.deactivated_day ? Value(*t.deactivated_day) : Value();
  c.Exec(kUpdateTemplate, {t.name, t.note, t.sort_order, t.active, deactivated, t.updated_at, t.id});
}

std::vector<org::Unit> AllUnits(Connection& c) {
  return org::store::UnitSubtree(c, "/");
}

std::vector<Task> TasksOfDay(Connection& c, const std::string& scope_path, const std::string& day) {
  std::vector<Task> out;
  for (const auto& r : c.Query(std::string(kTaskColumns) + " JOIN units u ON u.id = k.unit_id WHERE k.day = ? AND "
                                                           "u.path LIKE ? ORDER BY k.unit_id, t.sort_order, t.id",
                               {day, scope_path + "%"})
                           .rows)
    out.push_back(TaskFromRow(r));
  return out;
}

std::optional<Task> FindTask(Connection& c, int64_t unit_id, int64_t template_id, const std::string& day) {
  auto r = c.QueryOne(std::string(kTaskColumns) + " WHERE k.unit_id = ? AND k.template_id = ? AND k.day = ?",
                      {unit_id, template_id, day});
  if (!r) return std::nullopt;
  return TaskFromRow(*r);
}

std::optional<Task> GetTask(Connection& c, int64_t id) {
  auto r = c.QueryOne(std::string(kTaskColumns) + " WHERE k.id = ?", {id});
  if (!r) return std::nullopt;
  return TaskFromRow(*r);
}

bool InsertTaskIfMissing(Connection& c, int64_t unit_id, int64_t template_id, const std::string& day, int64_t now) {
  return c.Exec(kInsertTask, {unit_id, template_id, day, now}) > 0;
}

bool SetTaskStatus(Connection& c, const Task& t, const std::string& expected) {
  Value by = t.marked_by ? Value(*t.marked_by) : Value();
  Value at = t.marked_at ? Value(*t.marked_at) : Value();
  return c.Exec(kSetTaskStatus, {t.status, t.note, by, t.marked_by_name, at, t.id, expected}) > 0;
}

std::optional<MarkRow> FindMarkByClientKey(Connection& c, const std::string& client_key) {
  auto r = c.QueryOne(kSelectMark, {client_key});
  if (!r) return std::nullopt;
  MarkRow m;
  m.id = r->Int(0);
  m.task_id = r->Int(1);
  m.client_key = r->Text(2);
  m.action = r->Text(3);
  m.note = r->Text(4);
  m.by_user = r->OptInt(5);
  m.by_name = r->Text(6);
  m.at = r->Int(7);
  return m;
}

int64_t InsertMark(Connection& c, const MarkRow& m) {
  Value key = m.client_key.empty() ? Value() : Value(m.client_key);
  Value by = m.by_user ? Value(*m.by_user) : Value();
  return c.QueryOne(kInsertMark, {key, m.task_id, m.action, m.note, by, m.by_name, m.at})->Int(0);
}

std::vector<TaskCount> CountTasks(Connection& c) {
  std::vector<TaskCount> out;
  for (const auto& r : c.Query(kCountTasks).rows) out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)});
  return out;
}

}  // namespace fk::residents::tasks::store
