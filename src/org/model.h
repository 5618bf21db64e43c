// Records of the org module: administrative units (a tree), points where
// people are checked (checkpoints, community gates, stations) and staff.
// Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace fk::org {

// Unit levels from the top: 市 city, 乡镇/街道 town, 社区/村 community, 小区/村组 estate; and 部门 department
// (卫健委, 交通运输局 ...), a non-administrative unit directly under the city with no units below it.
inline const std::vector<std::string> kUnitLevels = {"city", "town", "community", "estate", "department"};
inline const std::vector<std::string> kPointKinds = {"checkpoint", "community_gate", "station"};
inline const std::vector<std::string> kCadreCategories = {
    "section_level", "ordinary_cadre", "village_secretary", "first_secretary",
    "outstanding_member", "professional", "volunteer", "other"};

struct Unit {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string code, name, level, path;
  bool active = true;
  int64_t created_at = 0, updated_at = 0;
};

struct Point {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::string name, kind, place;
  std::optional<double> lat, lng;
  bool active = true;
  int64_t created_at = 0, updated_at = 0;
};

struct Staff {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::string name, phone;  // phone in full: mask before replying unless revealed
  bool party_member = false;
  std::string cadre_category = "other", duty;
  bool active = true;
  int64_t created_at = 0, updated_at = 0;
};

// Inputs: absent optionals mean "not given" (create: use defaults or fail
// "required"; patch: leave unchanged). `row` is the spreadsheet row for imports.
struct UnitInput {
  std::optional<std::string> code, name, level, parent_code;
  std::optional<int64_t> parent_id;
  int row = 0;
  std::vector<FieldError> parse_errors;  // JSON type errors, reported together with the rule errors
};

struct PointInput {
  std::optional<std::string> name, kind, place, unit_code;
  std::optional<int64_t> unit_id;
  std::optional<double> lat, lng;
  int row = 0;
  std::vector<FieldError> parse_errors;  // JSON type errors, reported together with the rule errors
};

struct StaffInput {
  std::optional<std::string> name, phone, cadre_category, duty, unit_code;
  std::optional<int64_t> unit_id;
  std::optional<bool> party_member;
  int row = 0;
  std::vector<FieldError> parse_errors;  // JSON type errors, reported together with the rule errors
};

struct ListFilter {
  std::optional<int64_t> unit_id;    // points/staff: that unit's subtree; units: parent
  std::optional<std::string> q;      // substring of name (and code for units)
  std::optional<std::string> kind;   // points: kind; units: level; staff: cadre_category
  std::optional<bool> active;
  std::optional<bool> party_member;  // staff only
  int64_t after_id = 0;              // cursor
  int limit = 50;
};

struct ImportResult {
  bool dry_run = true;
  int total = 0;
  int valid = 0;
  int created = 0;
  std::vector<FieldError> errors;  // each with its spreadsheet row
};

}  // namespace fk::org
