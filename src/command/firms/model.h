// Records of re-opening firms (复工复产): the application, its review history,
// the list of returning staff and the result of a staff import. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace fk::command::firms {

// The prevention checklist an application ticks (labels in the web's locale files).
inline const std::vector<std::string> kMeasures = {"masks", "temperature_checks", "disinfection", "canteen_spacing"};
inline const std::vector<std::string> kStatuses = {"draft", "submitted", "approved", "returned", "withdrawn"};

inline constexpr int64_t kMaxStaffCount = 1000000;
inline constexpr size_t kMaxImportRows = 5000;
inline constexpr size_t kMaxReasons = 20;

struct FirmInput {
  std::optional<std::string> name, credit_code, address, industry, measures_note, contact_name, contact_phone;
  std::optional<int64_t> unit_id, staff_count, staff_from_outside;
  std::optional<std::vector<std::string>> measures;
  bool submit = false;  // create: submit at once instead of keeping a draft
  std::vector<FieldError> parse_errors;
};

struct Review {
  int64_t id = 0;
  std::string action;  // submit, resubmit, approve, return, withdraw
  std::vector<std::string> reasons;
  int64_t by_user = 0;
  std::string by_name;
  int64_t at = 0;
};

struct Firm {
  int64_t id = 0;
  std::string name, credit_code, address, industry;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  int64_t staff_count = 0, staff_from_outside = 0;
  std::vector<std::string> measures;
  std::string measures_note;
  std::string contact_name;
  std::string contact_phone;  // sealed as stored; in full only where the service opens it
  std::string contact_phone_masked;
  std::string status;
  std::vector<std::string> return_reasons;
  std::optional<int64_t> submitted_at, reviewed_at, reviewed_by;
  std::string reviewed_by_name;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0, updated_at = 0;
  int64_t staff_listed = 0;     // people on its returning-staff list
  int64_t last_submitted_by = 0;  // who last submitted or resubmitted it (0: never submitted)
  std::vector<Review> reviews;  // filled by GetFirm only, oldest first
};

// The one who entered or last submitted an application does not review it (the service's rule,
// and the list's can_review).
inline bool IsOwnApplication(const Firm& f, int64_t user_id) {
  return f.created_by == user_id || (f.last_submitted_by != 0 && f.last_submitted_by == user_id);
}

struct FirmFilter {
  std::optional<std::string> status, q;
  std::optional<int64_t> unit_id;
  int64_t before_id = 0;  // cursor (newest first): 0 = from the newest
  int limit = 50;
};

// One row of a returning-staff import, as the spreadsheet gave it.
struct StaffRow {
  int row = 0;  // spreadsheet row (header = 1)
  std::string name, id_number, phone, plate, origin, expected_day;
};

struct Staff {
  int64_t id = 0, firm_id = 0;
  std::string name;
  std::string id_number, id_index, id_number_masked;  // id_number sealed as stored
  std::string phone, phone_masked;                     // phone sealed as stored, "" none
  std::optional<std::string> plate;
  std::string origin;
  std::optional<std::string> expected_day;
  int64_t created_by = 0, created_at = 0;
};

struct ImportRequest {
  std::vector<StaffRow> rows;
  bool dry_run = true;
  std::string import_key;  // required to commit; a committed key answers its first result
  std::vector<FieldError> parse_errors;
};

struct ImportResult {
  std::string status;  // dry_run, committed
  int rows = 0, added = 0, already_listed = 0;
  bool replayed = false;  // the key was committed before: this is the first result
};

struct RecogniseMatch {
  int64_t firm_id = 0;
  std::string firm_name, by;  // by: plate, id_number
};

}  // namespace fk::command::firms
