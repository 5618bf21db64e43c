#include "residents/tasks/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/ids.h"
#include "org/store.h"
#include "residents/tasks/store.h"

namespace fk::residents::tasks {
namespace {

using fk::store::Connection;

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

bool IsRootPath(const std::string& path) {
  return std::count(path.begin(), path.end(), '/') == 2;
}

// The unit tree, with the units that get tasks: estates, and communities with no active estate.
struct Tree {
  std::map<int64_t, org::Unit> units;
  std::vector<TaskUnit> task_units;  // by path

  explicit Tree(Connection& c) {
    auto all = store::AllUnits(c);
    std::set<int64_t> with_estates;
    for (auto& u : all) {
      if (u.active && u.level == "estate" && u.parent_id) with_estates.insert(*u.parent_id);
      units.emplace(u.id, u);
    }
    for (const auto& u : all) {
      if (!u.active) continue;
      if (u.level != "estate" && !(u.level == "community" && !with_estates.count(u.id))) continue;
      TaskUnit t;
      t.id = u.id;
      t.name = u.name;
      t.level = u.level;
      t.path = u.path;
      t.created_at = u.created_at;
      for (const auto* a = &u; a;) {
        if (a->level == "community") t.community_id = a->id, t.community_name = a->name;
        if (a->level == "town") t.town_id = a->id, t.town_name = a->name;
        auto it = a->parent_id ? units.find(*a->parent_id) : units.end();
        a = it == units.end() ? nullptr : &it->second;
      }
      task_units.push_back(std::move(t));
    }
  }

  std::vector<const TaskUnit*> Under(const std::string& scope) const {
    std::vector<const TaskUnit*> out;
    for (const auto& t : task_units)
      if (StartsWith(t.path, scope)) out.push_back(&t);
    return out;
  }
};

bool Covers(const Template& t, const std::string& day) {
  return t.created_day <= day && (!t.deactivated_day || day <= *t.deactivated_day);
}

bool AppliesTo(const Template& t, const std::string& unit_path) {
  return !t.unit_id || StartsWith(unit_path, t.unit_path);
}

// The scope path of unit_id (default: the caller's unit); 404 outside the caller's subtree.
std::string ScopeOf(Connection& c, const Principal& p, std::optional<int64_t> unit_id) {
  if (!unit_id) return p.unit_path;
  auto u = org::store::GetUnit(c, *unit_id);
  if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
  return u->path;
}

void CheckDay(const std::string& field, const std::string& day, const std::string& today, FieldErrors& errs) {
  if (!IsValidDay(day))
    errs.Add(field, "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  else if (day > today)
    errs.Add(field, "future", "不能是将来的日期 must not be after today");
}

std::string TemplateJsonForAudit(const Template& t) {
  auto esc = [](const std::string& s) {
    std::string o;
    for (char ch : s) {
      if (ch == '"' || ch == '\\') o += '\\';
      if (static_cast<unsigned char>(ch) >= 0x20) o += ch;
    }
    return o;
  };
  return "{\"unit_id\":" + (t.unit_id ? std::to_string(*t.unit_id) : std::string("null")) + ",\"name\":\"" +
         esc(t.name) + "\",\"note\":\"" + esc(t.note) + "\",\"sort_order\":" + std::to_string(t.sort_order) +
         ",\"active\":" + (t.active ? "true" : "false") + "}";
}

// Who may change a template: a city-wide one only a caller at the root; others within the caller's subtree.
bool MayEdit(const Principal& p, const Template& t) {
  return t.unit_id ? p.InScope(t.unit_path) : IsRootPath(p.unit_path);
}

}  // namespace

std::vector<Template> EstateTaskService::ListTemplates(const Principal& p, std::optional<int64_t> unit_id,
                                                       bool include_inactive) {
  return db_.Read([&](Connection& c) {
    std::string scope = ScopeOf(c, p, unit_id);
    std::vector<Template> out;
    for (auto& t : store::AllTemplates(c)) {
      if (!include_inactive && !t.active) continue;
      if (t.unit_id && !StartsWith(scope, t.unit_path) && !StartsWith(t.unit_path, scope)) continue;
      out.push_back(std::move(t));
    }
    return out;
  });
}

Template EstateTaskService::CreateTemplate(const Principal& p, const Actor& a, const TemplateInput& in) {
  FieldErrors errs;
  std::string name = in.name.value_or("");
  if (name.empty())
    errs.Add("name", "required", "必填 required");
  else if (Chars(name) > 50)
    errs.Add("name", "length", "最多50字 at most 50 characters");
  if (in.note && Chars(*in.note) > 200) errs.Add("note", "length", "最多200字 at most 200 characters");
  if (in.sort_order && (*in.sort_order < 0 || *in.sort_order > 100000))
    errs.Add("sort_order", "range", "须在0–100000 must be 0–100000");
  errs.ThrowIfAny();
  return db_.Write([&](Connection& c) {
    Template t;
    if (in.unit_id) {
      auto u = org::store::GetUnit(c, *in.unit_id);
      if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
      if (!u->active) throw Error::Validation({{"unit_id", "inactive", "单位已停用 the unit is inactive"}});
      t.unit_id = u->id;
      t.unit_name = u->name;
      t.unit_path = u->path;
    } else if (!IsRootPath(p.unit_path)) {
      throw Error::Validation(
          {{"unit_id", "required", "全市任务只能由市级用户添加 only a city-level user adds city-wide tasks"}});
    }
    for (const auto& other : store::AllTemplates(c))
      if (other.active && other.unit_id == t.unit_id && other.name == name)
        throw Error::Validation(
            {{"name", "duplicate", "该单位已有同名任务 this unit already has a task with this name"}});
    int64_t now = clock_.NowMs();
    t.name = name;
    t.note = in.note.value_or("");
    t.sort_order = in.sort_order.value_or(100);
    t.created_day = LocalDay(now, tz_);
    t.created_at = t.updated_at = now;
    t.id = store::InsertTemplate(c, t, p.user_id);
    auth::WriteAudit(c, a, now, "residents.task_template.create", "estate_task_template", std::to_string(t.id), "",
                     TemplateJsonForAudit(t));
    return t;
  });
}

Template EstateTaskService::UpdateTemplate(const Principal& p, const Actor& a, int64_t id, const TemplateInput& in) {
  FieldErrors errs;
  if (in.name && in.name->empty())
    errs.Add("name", "required", "不能为空 must not be empty");
  else if (in.name && Chars(*in.name) > 50)
    errs.Add("name", "length", "最多50字 at most 50 characters");
  if (in.note && Chars(*in.note) > 200) errs.Add("note", "length", "最多200字 at most 200 characters");
  if (in.sort_order && (*in.sort_order < 0 || *in.sort_order > 100000))
    errs.Add("sort_order", "range", "须在0–100000 must be 0–100000");
  if (in.unit_id) errs.Add("unit_id", "immutable", "不能修改所属单位 the unit cannot change");
  errs.ThrowIfAny();
  return db_.Write([&](Connection& c) {
    auto t = store::GetTemplate(c, id);
    if (!t || (t->unit_id && !p.InScope(t->unit_path))) throw Error::NotFound("任务不存在 no such task template");
    if (!MayEdit(p, *t))
      throw Error::Forbidden("全市任务只能由市级用户修改 only a city-level user edits city-wide tasks");
    Template before = *t;
    if (in.name) t->name = *in.name;
    if (in.note) t->note = *in.note;
    if (in.sort_order) t->sort_order = *in.sort_order;
    t->updated_at = clock_.NowMs();
    store::UpdateTemplate(c, *t);
    auth::WriteAudit(c, a, t->updated_at, "residents.task_template.update", "estate_task_template", std::to_string(id),
                     TemplateJsonForAudit(before), TemplateJsonForAudit(*t));
    return *t;
  });
}

Template EstateTaskService::DeactivateTemplate(const Principal& p, const Actor& a, int64_t id) {
  return db_.Write([&](Connection& c) {
    auto t = store::GetTemplate(c, id);
    if (!t || (t->unit_id && !p.InScope(t->unit_path))) throw Error::NotFound("任务不存在 no such task template");
    if (!MayEdit(p, *t))
      throw Error::Forbidden("全市任务只能由市级用户停用 only a city-level user deactivates city-wide tasks");
    if (!t->active) return *t;
    Template before = *t;
    int64_t now = clock_.NowMs();
    t->active = false;
    t->deactivated_day = LocalDay(now, tz_);
    t->updated_at = now;
    store::UpdateTemplate(c, *t);
    auth::WriteAudit(c, a, now, "residents.task_template.deactivate", "estate_task_template", std::to_string(id),
                     TemplateJsonForAudit(before), TemplateJsonForAudit(*t));
    return *t;
  });
}

void EstateTaskService::EnsureDay(const std::string& scope_path, const std::string& day) {
  // A read first: most touches find the day complete and need no write.
  auto missing = [&](Connection& c) {
    Tree tree(c);
    auto templates = store::AllTemplates(c);
    std::set<std::pair<int64_t, int64_t>> have;
    for (const auto& k : store::TasksOfDay(c, scope_path, day)) have.insert({k.unit_id, k.template_id});
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto* u : tree.Under(scope_path))
      for (const auto& t : templates)
        if (Covers(t, day) && AppliesTo(t, u->path) && !have.count({u->id, t.id})) out.push_back({u->id, t.id});
    return out;
  };
  if (db_.Read(missing).empty()) return;
  db_.Write([&](Connection& c) {
    int64_t now = clock_.NowMs();
    std::map<int64_t, int64_t> added;
    for (auto [unit, tmpl] : missing(c))
      if (store::InsertTaskIfMissing(c, unit, tmpl, day, now)) ++added[unit];
    for (auto [unit, n] : added) AddDaily(c, unit, day, {{Daily::kTasksDue, n}});
  });
}

Grid EstateTaskService::GetGrid(const Principal& p, const std::string& day_in, std::optional<int64_t> unit_id) {
  std::string today = Today();
  const std::string day = day_in == "today" ? today : day_in;  // phones ask for the city's today
  FieldErrors errs;
  CheckDay("day", day, today, errs);
  errs.ThrowIfAny();
  std::string scope = db_.Read([&](Connection& c) { return ScopeOf(c, p, unit_id); });
  EnsureDay(scope, day);
  return db_.Read([&](Connection& c) {
    Tree tree(c);
    Grid g;
    g.day = day;
    g.editable = day == today;
    std::map<int64_t, std::vector<Task>> by_unit;
    std::set<int64_t> template_ids;
    for (auto& k : store::TasksOfDay(c, scope, day)) {
      template_ids.insert(k.template_id);
      by_unit[k.unit_id].push_back(std::move(k));
    }
    for (auto& t : store::AllTemplates(c))
      if (template_ids.count(t.id)) g.templates.push_back(std::move(t));
    for (const auto* u : tree.Under(scope)) {
      GridRow row;
      row.unit = *u;
      auto it = by_unit.find(u->id);
      if (it != by_unit.end()) row.tasks = std::move(it->second);
      for (const auto& k : row.tasks) {
        ++row.due;
        if (k.status == "done")
          ++row.done;
        else if (k.status == "not_done")
          ++g.not_done;
        else
          ++g.pending;
      }
      g.due += row.due;
      g.done += row.done;
      g.rows.push_back(std::move(row));
    }
    return g;
  });
}

Undone EstateTaskService::GetUndone(const Principal& p, std::optional<std::string> day,
                                    std::optional<int64_t> unit_id) {
  Grid g = GetGrid(p, day.value_or(Today()), unit_id);
  Undone out;
  out.day = g.day;
  std::map<std::pair<std::string, int64_t>, size_t> town_index;  // (town name, id) → index, sorted by town
  std::vector<UndoneTown> towns;
  for (auto& row : g.rows) {
    ++out.units;
    out.due += row.due;
    UndoneEstate e;
    e.unit = row.unit;
    e.due = row.due;
    for (auto& k : row.tasks)
      if (k.status != "done") e.tasks.push_back(std::move(k));
    if (e.tasks.empty()) {
      ++out.units_all_done;
      continue;
    }
    out.undone += static_cast<int64_t>(e.tasks.size());
    auto key = std::pair{row.unit.town_name, row.unit.town_id};
    auto it = town_index.find(key);
    if (it == town_index.end()) {
      it = town_index.emplace(key, towns.size()).first;
      towns.push_back({row.unit.town_id, row.unit.town_name, 0, 0, {}});
    }
    auto& t = towns[it->second];
    t.due += e.due;
    t.undone += static_cast<int64_t>(e.tasks.size());
    t.estates.push_back(std::move(e));
  }
  for (const auto& [key, i] : town_index) out.towns.push_back(std::move(towns[i]));
  return out;
}

MarkResult EstateTaskService::Mark(const Principal& p, const MarkInput& in) {
  FieldErrors errs;
  if (!in.status)
    errs.Add("status", "required", "必填 required");
  else if (std::find(kMarkStatuses.begin(), kMarkStatuses.end(), *in.status) == kMarkStatuses.end())
    errs.Add("status", "enum", "须为 done 或 not_done must be done or not_done");
  for (const auto& [f, r] : in.parse_errors) errs.Add(f, r, "类型错误 wrong type");
  if (!in.parse_errors.empty() || !in.status) {
    // Report the other fields too, in one reply.
    MarkInput copy = in;
    copy.status = "done";
    try {
      Apply(p, copy, "check");
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kValidation) errs.Append(e.fields());
    }
  }
  errs.ThrowIfAny();
  return Apply(p, in, *in.status);
}

MarkResult EstateTaskService::Undo(const Principal& p, const MarkInput& in) {
  return Apply(p, in, "undo");
}

MarkResult EstateTaskService::Apply(const Principal& p, const MarkInput& in, const std::string& action) {
  std::string today = Today();
  std::string yesterday = FormatDay(CivilFromDays(DaysFromCivil(*ParseDay(today)) - 1));
  FieldErrors errs;
  if (!in.client_key.empty() && !IsValidUuid(in.client_key))
    errs.Add("client_key", "format", "须为 UUID must be a UUID");
  auto mistyped = [&](const char* f) {
    return std::any_of(in.parse_errors.begin(), in.parse_errors.end(), [&](const auto& e) { return e.first == f; });
  };
  if (!in.unit_id && !mistyped("unit_id")) errs.Add("unit_id", "required", "必填 required");
  if (!in.template_id && !mistyped("template_id")) errs.Add("template_id", "required", "必填 required");
  if (!in.day) {
    if (!mistyped("day")) errs.Add("day", "required", "必填 required");
  } else if (!IsValidDay(*in.day)) {
    errs.Add("day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  } else if (*in.day > today) {
    errs.Add("day", "future", "不能是将来的日期 must not be after today");
  } else if (action == "undo" ? *in.day != today : *in.day < yesterday) {
    errs.Add("day", "closed",
             action == "undo" ? "只能撤销当天的标记 only today's marks can be undone"
                              : "只能标记今天或昨天的任务 only today's or yesterday's tasks can be marked");
  }
  if (in.note && Chars(*in.note) > 200) errs.Add("note", "length", "最多200字 at most 200 characters");
  std::string client_key = in.client_key;
  for (auto& ch : client_key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));

  // A replay answers with what the first request did, before any other rule.
  if (!client_key.empty() && errs.empty()) {
    auto replay = db_.Read([&](Connection& c) -> std::optional<MarkResult> {
      auto m = store::FindMarkByClientKey(c, client_key);
      if (!m) return std::nullopt;
      auto task = store::GetTask(c, m->task_id);
      auto unit = task ? org::store::GetUnit(c, task->unit_id) : std::nullopt;
      if (!task || !unit || !p.InScope(unit->path)) throw Error::NotFound("任务不存在 no such task");
      MarkResult r;
      r.mark_id = m->id;
      r.client_key = m->client_key;
      r.action = m->action;
      r.task = *task;
      r.task.status = m->action == "undo" ? "pending" : m->action;
      r.task.note = m->action == "undo" ? "" : m->note;
      r.task.marked_by = m->action == "undo" ? std::nullopt : m->by_user;
      r.task.marked_by_name = m->action == "undo" ? "" : m->by_name;
      r.task.marked_at = m->action == "undo" ? std::nullopt : std::optional<int64_t>(m->at);
      r.created = false;
      return r;
    });
    if (replay) return *replay;
  }

  // The unit and the template: 404 outside the subtree, 422 when they do not go together.
  std::string unit_path;
  if (in.unit_id && in.template_id) {
    db_.Read([&](Connection& c) {
      auto u = org::store::GetUnit(c, *in.unit_id);
      if (!u || !p.InScope(u->path)) throw Error::NotFound("单位不存在 no such unit");
      unit_path = u->path;
      Tree tree(c);
      auto under = tree.Under(u->path);
      if (std::none_of(under.begin(), under.end(), [&](const TaskUnit* t) { return t->id == u->id; }))
        errs.Add("unit_id", "not_task_unit",
                 "该单位没有每日任务（须为小区或无小区的社区/村） this unit has no daily tasks");
      auto t = store::GetTemplate(c, *in.template_id);
      if (!t || !AppliesTo(*t, u->path))
        errs.Add("template_id", "not_found", "该单位没有此任务 no such task for this unit");
      else if (in.day && IsValidDay(*in.day) && !Covers(*t, *in.day))
        errs.Add("template_id", "inactive", "该任务当天不需要做 the task is not due that day");
    });
  }
  errs.ThrowIfAny();
  if (action == "check") return {};

  EnsureDay(unit_path, *in.day);
  return db_.Write([&](Connection& c) {
    if (!client_key.empty() && store::FindMarkByClientKey(c, client_key))
      throw Error::Conflict("重复提交 the same client_key arrived twice at once; retry");
    int64_t now = clock_.NowMs();
    std::optional<Task> task;
    std::string before;
    // A concurrent mark of the same task (PostgreSQL, READ COMMITTED) makes the
    // conditional update miss: read the row again and apply on top of it.
    for (int attempt = 0;; ++attempt) {
      task = store::FindTask(c, *in.unit_id, *in.template_id, *in.day);
      if (!task) throw Error::NotFound("任务不存在 no such task");
      before = task->status;
      if (action == "undo") {
        if (before == "pending")
          throw Error::Conflict("任务尚未标记，无需撤销 the task is not marked: nothing to undo");
        task->status = "pending";
        task->note.clear();
        task->marked_by.reset();
        task->marked_by_name.clear();
        task->marked_at.reset();
      } else {
        task->status = action;
        task->note = in.note.value_or("");
        task->marked_by = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
        task->marked_by_name = p.display_name.empty() ? p.username : p.display_name;
        task->marked_at = now;
      }
      if (store::SetTaskStatus(c, *task, before)) break;
      if (attempt == 3)
        throw Error(ErrorCode::kUnavailable, "任务正被同时修改，请重试 the task is being changed: retry");
    }
    int64_t delta = (task->status == "done" ? 1 : 0) - (before == "done" ? 1 : 0);
    if (delta != 0) AddDaily(c, task->unit_id, task->day, {{Daily::kTasksDone, delta}});
    store::MarkRow m;
    m.client_key = client_key;
    m.task_id = task->id;
    m.action = action;
    m.note = action == "undo" ? "" : task->note;
    m.by_user = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
    m.by_name = p.display_name.empty() ? p.username : p.display_name;
    m.at = now;
    MarkResult r;
    r.mark_id = store::InsertMark(c, m);
    r.client_key = client_key;
    r.action = action;
    r.task = *task;
    r.created = true;
    return r;
  });
}

void RecountTasks(Connection& c, DailyRecount& r) {
  for (const auto& k : store::CountTasks(c)) {
    AddRecount(r, k.unit_id, k.day, Daily::kTasksDue, k.due);
    AddRecount(r, k.unit_id, k.day, Daily::kTasksDone, k.done);
  }
}

}  // namespace fk::residents::tasks
