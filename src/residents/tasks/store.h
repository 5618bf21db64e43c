// SQL of estate daily tasks. Every function runs on a Connection the caller
// holds inside a transaction (Database::Read or Write). Thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "org/model.h"
#include "residents/tasks/model.h"
#include "store/database.h"

namespace fk::residents::tasks::store {

using fk::store::Connection;

std::vector<Template> AllTemplates(Connection& c);  // by sort_order, id
std::optional<Template> GetTemplate(Connection& c, int64_t id);
int64_t InsertTemplate(Connection& c, const Template& t, int64_t actor);
void UpdateTemplate(Connection& c, const Template& t);

// Every unit of the city (for the tree: task units, towns, communities).
std::vector<org::Unit> AllUnits(Connection& c);

// Task rows of a day for units under scope_path (with the template name and order).
std::vector<Task> TasksOfDay(Connection& c, const std::string& scope_path, const std::string& day);
std::optional<Task> FindTask(Connection& c, int64_t unit_id, int64_t template_id, const std::string& day);
// Inserts a pending row unless it exists; true when inserted.
bool InsertTaskIfMissing(Connection& c, int64_t unit_id, int64_t template_id, const std::string& day, int64_t now);
// Writes status, note and marker only if the row still has status `expected`
// (so two concurrent marks cannot both count); false when it changed meanwhile.
bool SetTaskStatus(Connection& c, const Task& t, const std::string& expected);

struct MarkRow {
  int64_t id = 0, task_id = 0;
  std::string client_key, action, note, by_name;
  std::optional<int64_t> by_user;
  int64_t at = 0;
};
std::optional<MarkRow> FindMarkByClientKey(Connection& c, const std::string& client_key);
int64_t InsertMark(Connection& c, const MarkRow& m);
std::optional<Task> GetTask(Connection& c, int64_t id);

// (unit_id, day, rows, rows done) for every unit-day that has task rows.
struct TaskCount {
  int64_t unit_id = 0;
  std::string day;
  int64_t due = 0, done = 0;
};
std::vector<TaskCount> CountTasks(Connection& c);

}  // namespace fk::residents::tasks::store
