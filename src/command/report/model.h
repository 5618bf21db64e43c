// Records of the daily report (日报): frozen figure snapshots per unit and
// day, the editable paragraph templates, and the reports themselves (a draft
// until approved, then published and immutable). Plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fk::command::report {

// One flat set of figures: key → count. Screening keys (vehicles, people, ...), the community_daily
// columns (gate_exits, rounds_done, ...), the stocks (households_on_file, persons_on_file,
// under_observation) and `refused` (all gate refusals).
using FigureMap = std::map<std::string, int64_t>;

// The figures of one unit (the report's unit or one child) in a snapshot.
struct UnitFigures {
  int64_t unit_id = 0;
  std::string unit_name;
  bool self = false;  // records kept on the report's unit itself, not below it
  FigureMap day;      // the day's own figures (records whose local day is the report day)
  FigureMap cum;      // cumulative up to and including the report day, as frozen
  FigureMap late;     // 补报: records of earlier days that landed after the previous snapshot
};

struct Snapshot {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name, day;
  int64_t cutoff_at = 0, taken_at = 0;
  std::optional<int64_t> taken_by;     // nullopt: taken by the automatic sweep
  std::optional<std::string> late_since;  // the day of the previous snapshot the 补报 is measured against
  UnitFigures total;
  std::vector<UnitFigures> rows;  // child units (and 本级 when records sit on the unit itself)
};

inline const std::vector<std::string> kSections = {"screening", "community"};

struct Template {
  std::string section;
  int version = 0;  // 0: the built-in default (never saved)
  std::string body, note, created_by_name;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct Paragraph {
  std::string section, title, text;
};

struct TableColumn {
  std::string key, label;
};
struct TableRow {
  std::optional<int64_t> unit_id;  // nullopt: the total row
  std::string unit_name;
  std::vector<int64_t> cells;
};
struct Table {
  std::string key, title;
  std::vector<TableColumn> columns;  // after the unit column
  std::vector<TableRow> rows;        // children, then 合计
};

struct Report {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name, day;
  int version = 1;   // the n-th report of this unit and day
  int issue_no = 1;  // 第N期: the n-th reporting day of this unit
  std::string status;  // draft, published
  int64_t snapshot_id = 0;
  int64_t cutoff_at = 0, taken_at = 0;
  std::optional<std::string> late_since;
  std::map<std::string, int> template_versions;  // section → version used
  std::vector<Paragraph> paragraphs;
  std::vector<Table> tables;
  std::string request_key;
  int64_t generated_by = 0;
  std::string generated_by_name;
  int64_t generated_at = 0;
  std::optional<int64_t> approved_by;
  std::string approved_by_name;
  std::optional<int64_t> approved_at;
};

struct ReportFilter {
  std::optional<int64_t> unit_id;
  std::optional<std::string> day, status;
  int64_t before_id = 0;  // cursor, newest first
  int limit = 50;
};

}  // namespace fk::command::report
