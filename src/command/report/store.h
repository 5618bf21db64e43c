// SQL of the daily report: snapshots, templates, reports. Functions run on a
// Connection inside the caller's transaction. Figures, paragraphs and tables
// are stored as JSON text; (de)serialised here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "command/report/model.h"
#include "store/database.h"

namespace fk::command::report::store {

using fk::store::Connection;

// Snapshots. InsertSnapshot returns false when (unit, day) already has one (it is never replaced).
bool InsertSnapshot(Connection& c, const Snapshot& s);
std::optional<Snapshot> GetSnapshot(Connection& c, int64_t unit_id, const std::string& day);
std::optional<Snapshot> GetSnapshotById(Connection& c, int64_t id);
// The latest snapshot of the unit for a day before `day`.
std::optional<Snapshot> PreviousSnapshot(Connection& c, int64_t unit_id, const std::string& day);
// The latest snapshot day of the unit, "" when none.
std::string LatestSnapshotDay(Connection& c, int64_t unit_id);
// Units the automatic sweep snapshots: active root units and every unit that has a report.
std::vector<int64_t> SweepUnits(Connection& c);

// Templates
std::optional<Template> CurrentTemplate(Connection& c, const std::string& section);
std::vector<Template> TemplateVersions(Connection& c, const std::string& section);  // newest first
void InsertTemplate(Connection& c, const Template& t);

// Reports
int64_t InsertReport(Connection& c, const Report& r);
std::optional<Report> GetReport(Connection& c, int64_t id);
std::optional<Report> GetReportByKey(Connection& c, const std::string& request_key);
std::vector<Report> ListReports(Connection& c, const std::string& scope_path, const ReportFilter& f);
int MaxVersion(Connection& c, int64_t unit_id, const std::string& day);
// The unit's first snapshot day, "" when none (第N期 counts the days from it).
std::string FirstSnapshotDay(Connection& c, int64_t unit_id);
// draft → published, with the approver's name as of now; false when the report was not a draft.
bool Approve(Connection& c, int64_t id, int64_t by, const std::string& by_name, int64_t at);
// Serialises the transaction against every other one locking `name` (an upsert of its row in
// report_locks: PostgreSQL holds the row lock until commit; SQLite writes one at a time anyway).
void Lock(Connection& c, const std::string& name);

std::string FiguresToJson(const UnitFigures& total, const std::vector<UnitFigures>& rows);

}  // namespace fk::command::report::store
