// Records of estate daily tasks (小区每日任务): templates (defined for a unit,
// inherited by its subtree; unit_id empty for the whole city), the day's task
// rows and marks. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fk::residents::tasks {

// Task statuses: pending (due, not marked yet), done, not_done (marked as not done, with a note).
inline const std::vector<std::string> kMarkStatuses = {"done", "not_done"};

struct Template {
  int64_t id = 0;
  std::optional<int64_t> unit_id;  // nullopt: the whole city
  std::string unit_name, unit_path;
  std::string name, note;
  int64_t sort_order = 0;
  bool active = true;
  std::string created_day;
  std::optional<std::string> deactivated_day;
  int64_t created_at = 0, updated_at = 0;
};

struct TemplateInput {
  std::optional<int64_t> unit_id;
  std::optional<std::string> name, note;
  std::optional<int64_t> sort_order;
};

// One due task: a (unit, template, day).
struct Task {
  int64_t id = 0;
  int64_t unit_id = 0;
  int64_t template_id = 0;
  std::string template_name;
  int64_t sort_order = 0;
  std::string day;
  std::string status = "pending";
  std::string note;
  std::optional<int64_t> marked_by;
  std::string marked_by_name;
  std::optional<int64_t> marked_at;
};

// A unit that gets tasks (an estate, or a community with no estates), with its place in the tree.
struct TaskUnit {
  int64_t id = 0;
  std::string name, level, path;
  int64_t community_id = 0, town_id = 0;
  std::string community_name, town_name;
  int64_t created_at = 0;
};

struct GridRow {
  TaskUnit unit;
  std::vector<Task> tasks;
  int64_t due = 0, done = 0;
};

struct Grid {
  std::string day;
  bool editable = false;            // the day is today (marks and undo allowed)
  std::vector<Template> templates;  // the columns: every template due in the scope that day
  std::vector<GridRow> rows;
  int64_t due = 0, done = 0, not_done = 0, pending = 0;
};

struct UndoneEstate {
  TaskUnit unit;
  std::vector<Task> tasks;  // pending or not_done
  int64_t due = 0;
};

struct UndoneTown {
  int64_t town_id = 0;
  std::string town_name;
  int64_t due = 0, undone = 0;
  std::vector<UndoneEstate> estates;
};

struct Undone {
  std::string day;
  int64_t due = 0, undone = 0, units = 0, units_all_done = 0;
  std::vector<UndoneTown> towns;
};

struct MarkInput {
  std::string client_key;  // optional (desk); phones send a UUID
  std::optional<int64_t> unit_id, template_id;
  std::optional<std::string> day, status, note;
  std::vector<std::pair<std::string, std::string>> parse_errors;  // (field, rule)
};

// The reply to a mark or an undo (the same body on a replay of its client key).
struct MarkResult {
  int64_t mark_id = 0;
  std::string client_key;
  std::string action;  // done, not_done, undo
  Task task;           // the task as this mark left it
  bool created = true;
};

}  // namespace fk::residents::tasks
