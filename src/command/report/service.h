// ReportService: the daily report (日报) of a unit and a local day.
//
// At the day's cut-off (config report.cutoff, "24:00" by default: the end of
// the day) the figures the report uses are frozen into a snapshot per (unit,
// day) — the unit's totals and one row per child unit — read only from the
// rollups (screening_daily through the screening store, community_daily
// through the community figures service). A snapshot is never changed. The
// 补报 (late reports) of a snapshot are, per figure, what the rollups now hold
// up to the previous snapshot's day minus what that snapshot froze: records of
// earlier days that landed after it. Reports are rendered from a snapshot and
// the current templates (all-or-nothing), stored as a draft, and published
// by a second user (command:report:approve; never the generator). Published
// reports never change; a new version for the same day is a new report.
// Thread-safe: state lives in the database.
// Failures throw fk::Error: kValidation (fields named: unit_id, day, request_key,
// body, section; rule "cutoff" for a day whose cut-off has not passed; rule
// "placeholder"/"syntax" for templates), kNotFound (absent or outside the
// caller's subtree), kForbidden (approving one's own report), kConflict
// (approving a report that is not a draft; a request key reused by someone else).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "command/report/model.h"
#include "core/clock.h"
#include "store/database.h"

namespace fk::residents::figures {
class FiguresService;
}
namespace fk::org {
struct Unit;
}

namespace fk::command::report {

using auth::Actor;
using auth::Principal;

struct ReportOptions {
  int cutoff_minutes = 1440;  // minutes after local midnight of the report day: 1440 = 24:00
  int catch_up_days = 7;      // the sweep snapshots at most this many past days per unit
};

// "HH:MM" (00:01–24:00) → minutes; nullopt when malformed or out of range.
std::optional<int> ParseCutoff(const std::string& text);
std::string FormatCutoff(int minutes);

struct SnapshotResult {
  Snapshot snapshot;
  bool created = false;
};
struct GenerateResult {
  Report report;
  bool created = false;  // false: the request key was known; report is the first result
};

struct TemplatesView {
  std::vector<Template> current;  // one per section (version 0: the built-in default)
};

class ReportService {
 public:
  ReportService(fk::store::Database& db, const Clock& clock, int tz_offset_minutes, ReportOptions options,
                residents::figures::FiguresService& figures)
      : db_(db), clock_(clock), tz_(tz_offset_minutes), options_(options), figures_(figures) {}

  // UTC ms of the cut-off of a local day.
  int64_t CutoffAt(const std::string& day) const;
  const ReportOptions& options() const { return options_; }

  // Snapshots: the existing one, or a new one when the cut-off has passed (422 rule cutoff before).
  SnapshotResult TakeSnapshot(const Principal& p, const Actor& a, int64_t unit_id, const std::string& day);
  Snapshot GetSnapshot(const Principal& p, int64_t unit_id, const std::string& day);
  // The automatic sweep: for every sweep unit (root units and units with reports), snapshots each
  // day whose cut-off has passed since its latest snapshot, at most catch_up_days back. Returns
  // the number taken.
  int SweepNow();

  // Reports
  GenerateResult Generate(const Principal& p, const Actor& a, std::optional<int64_t> unit_id, const std::string& day,
                          const std::string& request_key);
  Report Get(const Principal& p, int64_t id);
  std::vector<Report> List(const Principal& p, const ReportFilter& f);
  Report Approve(const Principal& p, const Actor& a, int64_t id);

  // Templates
  std::vector<Template> CurrentTemplates();
  std::vector<Template> TemplateVersions(const std::string& section);
  Template SaveTemplate(const Principal& p, const Actor& a, const std::string& section, const std::string& body,
                        const std::string& note);
  // Renders body against the live figures of a unit and day (not frozen; the 补报 as a snapshot
  // taken now would show it). Throws the template's errors like Generate.
  std::string Preview(const Principal& p, const std::string& section, const std::string& body,
                      std::optional<int64_t> unit_id, std::optional<std::string> day);

 private:
  struct Collected {
    UnitFigures total;
    std::vector<UnitFigures> rows;
    std::optional<std::string> late_since;
  };
  Collected Collect(const org::Unit& unit, const std::string& day);
  // A snapshot of `day`, freezing first the missing days since the unit's latest snapshot (at most
  // kMaxFillDays of them); a day before the latest snapshot is frozen without 补报.
  Snapshot Take(const org::Unit& unit, const std::string& day, std::optional<int64_t> by, const Actor& a, bool& created);
  Snapshot TakeOne(const org::Unit& unit, const std::string& day, std::optional<int64_t> by, const Actor& a,
                   bool& created);
  static constexpr int kMaxFillDays = 31;
  org::Unit UnitInScope(const Principal& p, int64_t unit_id);
  void CheckSection(const std::string& section);

  fk::store::Database& db_;
  const Clock& clock_;
  int tz_;
  ReportOptions options_;
  residents::figures::FiguresService& figures_;
};

// The unit tables of a snapshot (卡口排查, 社区防控): one row per child, then 合计.
std::vector<Table> TablesOf(const Snapshot& s);

}  // namespace fk::command::report
