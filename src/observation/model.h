// Records of home observation (居家观察): periods, daily rounds, alerts and
// needs. Plain values; thread-compatible. Temperatures are tenths of a degree
// Celsius (37.3 °C is 373); days are local reporting days "YYYY-MM-DD".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace fk::observation {

inline const std::vector<std::string> kReasons = {"returned_from_elsewhere", "close_contact", "other"};
inline const std::vector<std::string> kSymptoms = {"fever", "cough", "fatigue", "sore_throat", "diarrhea", "none"};
inline const std::vector<std::string> kNeedKinds = {"food", "medicine", "other"};
inline const std::vector<std::string> kNeedStatuses = {"open", "in_progress", "done"};
inline const std::vector<std::string> kReleaseResults = {"normal", "handed_over", "moved_away", "other"};

inline constexpr int kMinTemperature = 340;
inline constexpr int kMaxTemperature = 430;
inline constexpr int kMaxLengthDays = 60;

struct Period {
  int64_t id = 0;
  int64_t person_id = 0, household_id = 0, unit_id = 0;
  std::string person_name_masked, household_address, unit_name;
  std::string reason, start_day, end_day, length_reason;
  int length_days = 0;
  int64_t cadre_id = 0;
  std::string cadre_name;
  std::string status = "active";
  int rule_version = 0;
  std::string note, rounds_through;
  int64_t started_by = 0, started_at = 0;
  std::optional<std::string> release_day, release_result;
  std::optional<int64_t> released_at, released_by;
  std::string release_note;
};

struct Need {
  std::string kind, text;
};

struct Round {
  int64_t id = 0;
  int64_t period_id = 0, person_id = 0, unit_id = 0, cadre_id = 0;
  std::string person_name_masked, household_address;
  std::string day, status;
  bool late = false;
  std::optional<std::string> source;  // cadre, self
  std::optional<int> temperature;
  std::vector<std::string> symptoms;
  std::vector<Need> needs;
  std::string note;
  std::optional<std::string> client_key;
  std::optional<int64_t> recorded_by, recorded_at;
  int64_t created_at = 0;
  std::vector<int64_t> alert_ids;  // alerts this record opened (fever)
};

struct Alert {
  int64_t id = 0;
  std::string kind;
  int64_t period_id = 0, round_id = 0, person_id = 0, unit_id = 0, cadre_id = 0;
  std::string person_name_masked, household_address, unit_name, cadre_name;
  std::string day, detail, status;
  std::optional<int64_t> handover_id;
  int64_t opened_at = 0;
  std::optional<int64_t> acknowledged_by, acknowledged_at, closed_by, closed_at;
  std::string close_note;
};

struct NeedRequest {
  int64_t id = 0;
  int64_t round_id = 0, period_id = 0, person_id = 0, household_id = 0, unit_id = 0;
  std::string person_name_masked, household_address, unit_name;
  std::string kind, text, day, status;
  int64_t created_at = 0;
  std::optional<int64_t> updated_by, updated_at;
};

// What a cadre or a resident reports in a round.
struct RoundInput {
  std::string client_key;
  std::optional<int64_t> period_id;
  std::optional<int> temperature;
  std::vector<std::string> symptoms;
  std::vector<Need> needs;
  std::string note;
};

struct PeriodInput {
  std::optional<int64_t> person_id, cadre_id;
  std::string reason, start_day, length_reason, note;
  std::optional<int> length_days;
  std::vector<FieldError> parse_errors;  // JSON type errors, reported with the rule errors
};

struct PeriodFilter {
  std::optional<std::string> status;
  std::optional<int64_t> person_id, cadre_id;
  bool due_for_release = false;  // active with end_day before today
  std::string today;
  int64_t before_id = 0;
  int limit = 50;
};

struct AlertFilter {
  std::optional<std::string> status, kind;
  std::optional<int64_t> cadre_id;
  bool open_only = false;  // open or acknowledged
  int64_t before_id = 0;
  int limit = 50;
};

struct NeedFilter {
  std::optional<std::string> status, kind;
  int64_t before_id = 0;
  int limit = 50;
};

}  // namespace fk::observation
