#include "command/report/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "command/report/store.h"
#include "command/report/template.h"
#include "core/ids.h"
#include "org/store.h"
#include "residents/daily.h"
#include "residents/figures/service.h"
#include "screening/store.h"

namespace fk::command::report {
namespace {

using fk::store::Connection;
using Json = nlohmann::json;

std::string ShiftDay(const std::string& day, int64_t n) {
  return FormatDay(CivilFromDays(DaysFromCivil(*ParseDay(day)) + n));
}
int64_t DaysBetween(const std::string& from, const std::string& to) {
  return DaysFromCivil(*ParseDay(to)) - DaysFromCivil(*ParseDay(from));
}

FigureMap ScreeningMap(const screening::Figures& f) {
  return {{"vehicles", f.vehicles},
          {"people", f.people},
          {"people_tested", f.people_tested},
          {"vehicles_turned_back", f.vehicles_turned_back},
          {"people_turned_back", f.people_turned_back},
          {"fever", f.fever},
          {"handovers", f.handovers},
          {"handovers_receipted", f.handovers_receipted}};
}

// Community columns, the stocks they imply, and `refused` (every gate refusal).
void AddCommunity(FigureMap& m, const residents::DailyCounts& counts) {
  const auto& cols = residents::DailyColumns();
  for (size_t i = 0; i < cols.size(); ++i) m[cols[i]] += counts[i];
  auto at = [&](const char* k) { return m[k]; };
  m["households_on_file"] = at("households_added") - at("households_removed");
  m["persons_on_file"] = at("persons_added") - at("persons_removed");
  m["under_observation"] = at("observation_started") - at("observation_released");
  m["refused"] = at("refused_fever") + at("refused_quota") + at("refused_not_resident") + at("refused_other");
}

residents::DailyCounts Sum(const residents::DailyCounts& a, const residents::DailyCounts& b) {
  residents::DailyCounts out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = a[i] + b[i];
  return out;
}

FigureMap Minus(const FigureMap& a, const FigureMap& b) {
  FigureMap out;
  for (const auto& [k, v] : a) out[k] = v;
  for (const auto& [k, v] : b) out[k] -= v;
  return out;
}

bool AllZero(const FigureMap& m) {
  return std::all_of(m.begin(), m.end(), [](const auto& kv) { return kv.second == 0; });
}

Principal SystemPrincipal(const org::Unit& unit) {
  Principal p;
  p.unit_id = unit.id;
  p.unit_path = unit.path;
  p.username = "report-sweep";
  return p;
}

Json SnapshotAuditJson(const Snapshot& s) {
  return {{"unit_id", s.unit_id}, {"day", s.day}, {"cutoff_at", FormatRfc3339(s.cutoff_at)},
          {"taken_at", FormatRfc3339(s.taken_at)}, {"late_since", s.late_since ? Json(*s.late_since) : Json()}};
}

int64_t At(const FigureMap& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

// The figures of a unit and its children as the rollups hold them now: per unit, the day and the
// cumulative up to the day.
struct Live {
  UnitFigures total;
  std::vector<UnitFigures> rows;
};

}  // namespace

std::optional<int> ParseCutoff(const std::string& t) {
  if (t.size() != 5 || t[2] != ':' || !std::isdigit(static_cast<unsigned char>(t[0])) ||
      !std::isdigit(static_cast<unsigned char>(t[1])) || !std::isdigit(static_cast<unsigned char>(t[3])) ||
      !std::isdigit(static_cast<unsigned char>(t[4])))
    return std::nullopt;
  int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  int minutes = h * 60 + m;
  if (minutes == 0) return std::nullopt;  // 00:00 would freeze a day before it starts: write 24:00
  return minutes;
}

std::string FormatCutoff(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

int64_t ReportService::CutoffAt(const std::string& day) const {
  return DayStartUtcMs(day, tz_) + static_cast<int64_t>(options_.cutoff_minutes) * 60'000;
}

org::Unit ReportService::UnitInScope(const Principal& p, int64_t unit_id) {
  auto unit = db_.Read([&](Connection& c) { return org::store::GetUnit(c, unit_id); });
  if (!unit || !p.InScope(unit->path)) throw Error::NotFound("单位不存在 no such unit");
  return *unit;
}

void ReportService::CheckSection(const std::string& section) {
  if (std::find(kSections.begin(), kSections.end(), section) == kSections.end())
    throw Error::Validation({{"section", "enum", "须为 screening 或 community must be screening or community"}});
}

ReportService::Collected ReportService::Collect(const org::Unit& unit, const std::string& day) {
  Collected out;
  // 补报 is measured against the previous snapshot, unless a later day is frozen already: its
  // snapshot (or one after it) counted those records, so a day frozen out of order has none.
  auto prev = db_.Read([&](Connection& c) -> std::optional<Snapshot> {
    if (store::LatestSnapshotDay(c, unit.id) > day) return std::nullopt;
    return store::PreviousSnapshot(c, unit.id, day);
  });
  if (prev) out.late_since = prev->day;

  // Reads every figure of the unit and its children for `d`: screening from screening_daily, the
  // community figures from community_daily (the figures service).
  auto live = [&](const std::string& d) {
    Live l;
    l.total.unit_id = unit.id;
    l.total.unit_name = unit.name;
    std::vector<org::Unit> children;
    db_.Read([&](Connection& c) {
      for (auto& u : org::store::UnitSubtree(c, unit.path))
        if (u.parent_id == unit.id && u.level != "department") children.push_back(u);  // departments: no rows
      // Rows in the order of the division codes (streets, then towns, then townships).
      std::sort(children.begin(), children.end(), [](const org::Unit& a, const org::Unit& b) { return a.code < b.code; });
      auto read = [&](const std::string& path, UnitFigures& into) {
        auto by_day = screening::store::FiguresByDay(c, path, std::nullopt, d, d);
        into.day = ScreeningMap(by_day.count(d) ? by_day.at(d) : screening::Figures{});
        into.cum = ScreeningMap(screening::store::FiguresUpTo(c, path, std::nullopt, d));
      };
      read(unit.path, l.total);
      for (const auto& u : children) {
        UnitFigures row;
        row.unit_id = u.id;
        row.unit_name = u.name;
        read(u.path, row);
        l.rows.push_back(std::move(row));
      }
    });
    // 本级: what the unit keeps itself (the total less its children).
    UnitFigures self;
    self.unit_id = unit.id;
    self.unit_name = unit.name + "（本级）";
    self.self = true;
    self.day = l.total.day;
    self.cum = l.total.cum;
    for (const auto& r : l.rows) self.day = Minus(self.day, r.day), self.cum = Minus(self.cum, r.cum);

    auto community = figures_.Get(SystemPrincipal(unit), unit.id, d, d);
    AddCommunity(l.total.day, community.range);
    AddCommunity(l.total.cum, Sum(community.before_from, community.range));
    for (const auto& child : community.children) {
      UnitFigures* row = nullptr;
      if (child.self) row = &self;
      for (auto& r : l.rows)
        if (!child.self && r.unit_id == child.unit_id) row = &r;
      if (!row) continue;
      AddCommunity(row->day, child.range);
      AddCommunity(row->cum, child.up_to);
    }
    for (auto& r : l.rows)  // children without community rows still carry every key
      if (!r.cum.count("gate_exits")) AddCommunity(r.day, {}), AddCommunity(r.cum, {});
    if (!self.cum.count("gate_exits")) AddCommunity(self.day, {}), AddCommunity(self.cum, {});
    if (!AllZero(self.cum) || !AllZero(self.day)) l.rows.push_back(std::move(self));
    return l;
  };

  Live now = live(day);
  out.total = std::move(now.total);
  out.rows = std::move(now.rows);
  if (prev) {
    // 补报: per figure, what the rollups now hold up to the previous snapshot's day minus what
    // that snapshot froze.
    Live then = live(prev->day);
    out.total.late = Minus(then.total.cum, prev->total.cum);
    for (auto& r : out.rows) {
      const UnitFigures* now_prev = nullptr;
      for (const auto& t : then.rows)
        if (t.unit_id == r.unit_id && t.self == r.self) now_prev = &t;
      const UnitFigures* frozen = nullptr;
      for (const auto& f : prev->rows)
        if (f.unit_id == r.unit_id && f.self == r.self) frozen = &f;
      if (now_prev) r.late = Minus(now_prev->cum, frozen ? frozen->cum : FigureMap{});
    }
  }
  return out;
}

Snapshot ReportService::Take(const org::Unit& unit, const std::string& day, std::optional<int64_t> by, const Actor& a,
                             bool& created) {
  created = false;
  if (auto s = db_.Read([&](Connection& c) { return store::GetSnapshot(c, unit.id, day); })) return *s;
  int64_t cutoff = CutoffAt(day);
  int64_t now = clock_.NowMs();
  if (now < cutoff)
    throw Error::Validation({{"day", "cutoff",
                              day + " 的截止时间 " + FormatRfc3339(cutoff) + " 未到，日报须在截止后生成 the cut-off of " + day +
                                  " (" + FormatCutoff(options_.cutoff_minutes) +
                                  " local time) has not passed: a report is made after it"}});
  // Snapshots of a unit are taken in day order: the days missing between the latest one and `day`
  // are frozen first (at most kMaxFillDays), so each day's 补报 is measured against the day before.
  std::string latest = db_.Read([&](Connection& c) { return store::LatestSnapshotDay(c, unit.id); });
  if (!latest.empty() && latest < day && DaysBetween(latest, day) - 1 <= kMaxFillDays)
    for (std::string d = ShiftDay(latest, 1); d < day; d = ShiftDay(d, 1)) {
      bool filled = false;
      TakeOne(unit, d, by, a, filled);
    }
  return TakeOne(unit, day, by, a, created);
}

Snapshot ReportService::TakeOne(const org::Unit& unit, const std::string& day, std::optional<int64_t> by,
                                const Actor& a, bool& created) {
  created = false;
  if (auto s = db_.Read([&](Connection& c) { return store::GetSnapshot(c, unit.id, day); })) return *s;
  int64_t cutoff = CutoffAt(day);
  int64_t now = clock_.NowMs();
  for (int attempt = 0;; ++attempt) {
  Collected col = Collect(unit, day);
  Snapshot s;
  s.unit_id = unit.id;
  s.unit_name = unit.name;
  s.day = day;
  s.cutoff_at = cutoff;
  s.taken_at = now;
  s.taken_by = by;
  s.late_since = col.late_since;
  s.total = std::move(col.total);
  s.rows = std::move(col.rows);
  auto done = db_.Write([&](Connection& c) -> std::optional<Snapshot> {
    store::Lock(c, "snapshot/" + std::to_string(unit.id));
    if (auto stored = store::GetSnapshot(c, unit.id, day)) return stored;  // taken meanwhile: the first one stands
    auto prev = store::LatestSnapshotDay(c, unit.id) > day ? std::nullopt : store::PreviousSnapshot(c, unit.id, day);
    if ((prev ? std::optional<std::string>(prev->day) : std::nullopt) != s.late_since) return std::nullopt;  // recollect
    if (!store::InsertSnapshot(c, s)) return store::GetSnapshot(c, unit.id, day);
    created = true;
    auto stored = store::GetSnapshot(c, unit.id, day);
    auth::WriteAudit(c, a, now, "report.snapshot", "report_snapshot", std::to_string(stored->id), "",
                     SnapshotAuditJson(*stored).dump());
    return stored;
  });
  if (done) return *done;
  if (attempt >= 3) throw Error::Conflict("快照并发冲突，请重试 snapshots were taken meanwhile: try again");
  }
}

SnapshotResult ReportService::TakeSnapshot(const Principal& p, const Actor& a, int64_t unit_id, const std::string& day) {
  if (!IsValidDay(day)) throw Error::Validation({{"day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD"}});
  org::Unit unit = UnitInScope(p, unit_id);
  SnapshotResult r;
  r.snapshot = Take(unit, day, p.user_id, a, r.created);
  return r;
}

Snapshot ReportService::GetSnapshot(const Principal& p, int64_t unit_id, const std::string& day) {
  if (!IsValidDay(day)) throw Error::Validation({{"day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD"}});
  org::Unit unit = UnitInScope(p, unit_id);
  auto s = db_.Read([&](Connection& c) { return store::GetSnapshot(c, unit.id, day); });
  if (!s) throw Error::NotFound("该日尚无快照 no snapshot for this unit and day");
  return *s;
}

int ReportService::SweepNow() {
  int64_t now = clock_.NowMs();
  std::string last = LocalDay(now, tz_);
  while (CutoffAt(last) > now) last = ShiftDay(last, -1);
  auto units = db_.Read([](Connection& c) { return store::SweepUnits(c); });
  int taken = 0;
  Actor system{0, "report-sweep", "", ""};
  for (int64_t id : units) {
    auto unit = db_.Read([&](Connection& c) { return org::store::GetUnit(c, id); });
    if (!unit) continue;
    std::string latest = db_.Read([&](Connection& c) { return store::LatestSnapshotDay(c, id); });
    std::string first = ShiftDay(last, -(std::max(options_.catch_up_days, 1) - 1));
    if (!latest.empty() && ShiftDay(latest, 1) > first) first = ShiftDay(latest, 1);
    try {  // one failing unit does not stop the others
      for (std::string d = first; d <= last; d = ShiftDay(d, 1)) {
        bool created = false;
        TakeOne(*unit, d, std::nullopt, system, created);
        taken += created ? 1 : 0;
      }
    } catch (const std::exception& e) {
      spdlog::warn("daily report sweep: unit {} failed: {}", id, e.what());
    }
  }
  return taken;
}

std::vector<Table> TablesOf(const Snapshot& s) {
  struct Col {
    const char* key;
    const char* label;
    const char* part;  // day, cum, late
  };
  auto make = [&](const char* key, const char* title, const std::vector<Col>& cols) {
    Table t;
    t.key = key;
    t.title = title;
    for (const auto& c : cols) t.columns.push_back({std::string(c.part) + "." + c.key, c.label});
    auto row = [&](const UnitFigures& u, std::optional<int64_t> id, const std::string& name) {
      TableRow r;
      r.unit_id = id;
      r.unit_name = name;
      for (const auto& c : cols) {
        const FigureMap& m = std::string(c.part) == "day" ? u.day : std::string(c.part) == "cum" ? u.cum : u.late;
        r.cells.push_back(At(m, c.key));
      }
      return r;
    };
    for (const auto& u : s.rows) t.rows.push_back(row(u, u.unit_id, u.unit_name));
    t.rows.push_back(row(s.total, std::nullopt, "合计"));
    return t;
  };
  return {
      make("screening", "表1 交通卡口排查情况（按单位）",
           {{"vehicles", "当日排查车辆（台）", "day"},
            {"people", "当日排查人员（人）", "day"},
            {"vehicles_turned_back", "当日劝返车辆（台）", "day"},
            {"people_turned_back", "当日劝返人员（人）", "day"},
            {"fever", "当日发现发热（名）", "day"},
            {"vehicles", "累计排查车辆（台）", "cum"},
            {"people", "累计排查人员（人）", "cum"},
            {"vehicles_turned_back", "累计劝返车辆（台）", "cum"},
            {"people_turned_back", "累计劝返人员（人）", "cum"},
            {"fever", "累计发现发热（名）", "cum"},
            {"vehicles", "补报车辆（台）", "late"},
            {"people", "补报人员（人）", "late"}}),
      make("community", "表2 社区（村）封闭管理情况（按单位）",
           {{"gate_exits", "当日外出（人次）", "day"},
            {"gate_returns", "当日返回（人次）", "day"},
            {"refused", "当日劝返（人次）", "day"},
            {"under_observation", "在观察（人）", "cum"},
            {"rounds_due", "当日应询问（人次）", "day"},
            {"rounds_done", "当日已询问（人次）", "day"},
            {"rounds_missed", "当日漏报（人次）", "day"},
            {"alerts_opened", "当日新增预警（条）", "day"},
            {"tasks_due", "当日任务应完成（项）", "day"},
            {"tasks_done", "当日任务已完成（项）", "day"},
            {"gate_exits", "补报外出（人次）", "late"}}),
  };
}

std::vector<Template> ReportService::CurrentTemplates() {
  return db_.Read([&](Connection& c) {
    std::vector<Template> out;
    for (const auto& section : kSections) {
      if (auto t = store::CurrentTemplate(c, section)) out.push_back(*t);
      else out.push_back({section, 0, DefaultTemplate(section), "内置默认模板 built-in default", "", std::nullopt, 0});
    }
    return out;
  });
}

std::vector<Template> ReportService::TemplateVersions(const std::string& section) {
  CheckSection(section);
  auto out = db_.Read([&](Connection& c) { return store::TemplateVersions(c, section); });
  out.push_back({section, 0, DefaultTemplate(section), "内置默认模板 built-in default", "", std::nullopt, 0});
  return out;
}

Template ReportService::SaveTemplate(const Principal& p, const Actor& a, const std::string& section,
                                     const std::string& body, const std::string& note) {
  CheckSection(section);
  FieldErrors errs;
  if (body.empty()) errs.Add("body", "required", "必填 required");
  errs.Append(CheckTemplate(body, "body"));
  errs.ThrowIfAny();
  return db_.Write([&](Connection& c) {
    store::Lock(c, "template/" + section);  // concurrent saves number their versions one after the other
    auto current = store::CurrentTemplate(c, section);
    Template t{section, current ? current->version + 1 : 1, body, note, p.display_name, p.user_id, clock_.NowMs()};
    store::InsertTemplate(c, t);
    Json before = current ? Json{{"version", current->version}, {"body", current->body}} : Json();
    auth::WriteAudit(c, a, t.created_at, "report.template.save", "report_template", section + "/" + std::to_string(t.version),
                     before.is_null() ? "" : before.dump(), Json{{"version", t.version}, {"body", body}, {"note", note}}.dump());
    return *store::CurrentTemplate(c, section);
  });
}

std::string ReportService::Preview(const Principal& p, const std::string& section, const std::string& body,
                                   std::optional<int64_t> unit_id, std::optional<std::string> day) {
  CheckSection(section);
  if (day && !IsValidDay(*day)) throw Error::Validation({{"day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD"}});
  auto errs = CheckTemplate(body, "body");
  if (!errs.empty()) throw Error::Validation(errs, "模板有误 the template has errors");
  org::Unit unit = UnitInScope(p, unit_id.value_or(p.unit_id));
  std::string d = day.value_or(ShiftDay(LocalDay(clock_.NowMs(), tz_), -1));
  Collected col = Collect(unit, d);
  return RenderTemplate(body, ValuesOf(col.total, d, unit.name), "body");
}

GenerateResult ReportService::Generate(const Principal& p, const Actor& a, std::optional<int64_t> unit_id,
                                       const std::string& day, const std::string& request_key) {
  FieldErrors errs;
  if (day.empty()) errs.Add("day", "required", "必填 required");
  else if (!IsValidDay(day)) errs.Add("day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  if (request_key.empty()) errs.Add("request_key", "required", "必填 required");
  else if (!IsValidUuid(request_key)) errs.Add("request_key", "format", "须为 UUID must be a UUID");
  errs.ThrowIfAny();
  std::string key = request_key;
  for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));

  const int64_t wanted_unit = unit_id.value_or(p.unit_id);
  auto replay = [&](Connection& c) -> std::optional<Report> {
    auto r = store::GetReportByKey(c, key);
    if (r && r->generated_by != p.user_id)
      throw Error::Conflict("request_key 已被他人使用 the request key belongs to another user's report");
    if (r && (r->unit_id != wanted_unit || r->day != day))
      throw Error::Conflict("request_key 已用于另一单位或日期的日报 the request key was used for a report of another unit or day");
    return r;
  };
  if (auto r = db_.Read(replay)) return {*r, false};
  org::Unit unit = UnitInScope(p, wanted_unit);

  // Every template is checked before anything is frozen or written.
  auto templates = CurrentTemplates();
  std::vector<FieldError> template_errs;
  for (const auto& t : templates) {
    auto e = CheckTemplate(t.body, "templates." + t.section);
    template_errs.insert(template_errs.end(), e.begin(), e.end());
  }
  if (!template_errs.empty())
    throw Error::Validation(template_errs, "模板有误，未生成日报 a template has errors: no report was made");

  bool snapshot_created = false;
  Snapshot snap = Take(unit, day, p.user_id, a, snapshot_created);
  Report r;
  r.unit_id = unit.id;
  r.unit_name = unit.name;
  r.day = day;
  r.status = "draft";
  r.snapshot_id = snap.id;
  r.request_key = key;
  r.generated_by = p.user_id;
  r.generated_by_name = p.display_name;
  r.generated_at = clock_.NowMs();
  auto values = ValuesOf(snap.total, day, unit.name);
  for (const auto& t : templates) {
    r.template_versions[t.section] = t.version;
    r.paragraphs.push_back({t.section, SectionTitle(t.section), RenderTemplate(t.body, values, "templates." + t.section)});
  }
  r.tables = TablesOf(snap);
  return db_.Write([&](Connection& c) -> GenerateResult {
    // One generation of a unit and day at a time: a concurrent one (or a retry of this key) waits
    // here, then finds the first report or the next version number.
    store::Lock(c, "report/" + std::to_string(unit.id) + "/" + day);
    if (auto again = replay(c)) return {*again, false};
    r.version = store::MaxVersion(c, unit.id, day) + 1;
    // 第N期: the day's place in the unit's snapshot days (frozen in order from the first one).
    std::string first = store::FirstSnapshotDay(c, unit.id);
    r.issue_no = static_cast<int>(DaysBetween(first.empty() ? day : first, day)) + 1;
    r.id = store::InsertReport(c, r);
    Report stored = *store::GetReport(c, r.id);
    Json after = {{"unit_id", unit.id}, {"day", day}, {"version", stored.version}, {"issue_no", stored.issue_no},
                  {"snapshot_id", snap.id}, {"status", "draft"}};
    auth::WriteAudit(c, a, r.generated_at, "report.generate", "report", std::to_string(r.id), "", after.dump());
    return {stored, true};
  });
}

Report ReportService::Get(const Principal& p, int64_t id) {
  auto r = db_.Read([&](Connection& c) -> std::optional<Report> {
    auto rep = store::GetReport(c, id);
    if (!rep) return std::nullopt;
    auto unit = org::store::GetUnit(c, rep->unit_id);
    if (!unit || !p.InScope(unit->path)) return std::nullopt;
    return rep;
  });
  if (!r) throw Error::NotFound("日报不存在 no such report");
  return *r;
}

std::vector<Report> ReportService::List(const Principal& p, const ReportFilter& f) {
  FieldErrors errs;
  if (f.day && !IsValidDay(*f.day)) errs.Add("day", "format", "须为 YYYY-MM-DD must be a day YYYY-MM-DD");
  if (f.status && *f.status != "draft" && *f.status != "published")
    errs.Add("status", "enum", "须为 draft 或 published must be draft or published");
  errs.ThrowIfAny();
  if (f.unit_id) UnitInScope(p, *f.unit_id);  // 404 outside the subtree
  std::string scope = p.unit_path;
  ReportFilter g = f;
  g.limit = std::clamp(f.limit, 1, 500);
  return db_.Read([&](Connection& c) { return store::ListReports(c, scope, g); });
}

Report ReportService::Approve(const Principal& p, const Actor& a, int64_t id) {
  Report before = Get(p, id);
  if (before.generated_by == p.user_id)
    throw Error::Forbidden("审核人不能是生成人：日报须由另一人审核签发 the approver must not be the user who generated the report");
  int64_t now = clock_.NowMs();
  return db_.Write([&](Connection& c) {
    if (!store::Approve(c, id, p.user_id, p.display_name, now))
      throw Error::Conflict("日报已签发，不可再改 the report is already published");
    auth::WriteAudit(c, a, now, "report.approve", "report", std::to_string(id), Json{{"status", "draft"}}.dump(),
                     Json{{"status", "published"}, {"approved_by", p.user_id}}.dump());
    return *store::GetReport(c, id);
  });
}

}  // namespace fk::command::report
