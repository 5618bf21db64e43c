// Records of the gate part of community closed management: passes, gate
// events and their inputs, the rule versions. Plain values.
// Temperatures are tenths of a degree Celsius (37.3 °C is 373); times are UTC ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "gate/rules.h"

namespace fk::gate {

inline constexpr size_t kMaxBatch = 500;
inline constexpr int kMinTemperature = 340;
inline constexpr int kMaxTemperature = 430;
// Short codes: 8 characters without 0/O/1/I (typed with gloves on).
inline constexpr const char* kCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
inline constexpr const char* kQrPrefix = "FKP1.";

struct Pass {
  int64_t id = 0;
  int64_t unit_id = 0, household_id = 0;
  std::optional<int64_t> person_id;  // personal pass
  std::string kind;                  // household | personal
  std::string unit_name, address, holder_name;  // holder_name: person's name for personal passes
  bool active = true;
  int64_t issued_at = 0;
  std::optional<int64_t> revoked_at;
  std::string revoke_reason;
};

// A pass as issued: the only moment the token and the short code exist in clear.
struct IssuedPass {
  Pass pass;
  std::string token, short_code, qr_text;
};

struct Member {
  int64_t id = 0;
  std::string name;  // full; replies mask it
  bool is_staff = false;
  std::string special_kind;
};

struct VisitorInput {
  std::string name, phone, reason;
  std::optional<int64_t> host_household_id;
};

struct EventInput {
  std::string client_key;
  std::optional<int64_t> point_id;
  std::string direction;
  std::optional<std::string> token;       // QR text ("FKP1.<token>") or the bare token
  std::optional<std::string> short_code;  // typed instead of scanning
  std::optional<int64_t> person_id;       // which member (household passes)
  std::optional<VisitorInput> visitor;
  std::optional<int> temperature;
  bool special = false;
  std::string special_reason;
  std::optional<std::string> decision;  // what the phone showed (offline); absent: the server decides
  std::optional<int64_t> rule_version;
  std::optional<int64_t> device_time_ms;
  std::vector<FieldError> parse_errors;
};

// One exit of the household in the quota window (who went out and when).
struct QuotaUse {
  int64_t event_id = 0, person_id = 0;
  std::string name;  // full; replies mask it
  int64_t at = 0;
};

struct Event {
  int64_t id = 0;
  std::string client_key;
  int64_t point_id = 0, unit_id = 0;
  std::string point_name, day, direction;
  std::optional<int64_t> pass_id, household_id, person_id, host_household_id;
  std::string person_name, household_address;
  bool is_staff = false;
  std::string visitor_name, visitor_phone, visitor_phone_masked, visitor_reason;
  int temperature = 0;
  std::string special_reason;
  std::string decision, reason, server_decision, server_reason;
  bool counts_quota = false;
  int64_t rule_version = 0;
  int64_t at = 0, server_time = 0;
  int64_t operator_id = 0;
  std::optional<int64_t> due_at, returned_at, return_event_id, exit_event_id, overdue_at, handover_id;
  bool conflict = false;
  std::string conflict_note;
  std::vector<QuotaUse> quota_used;  // for a quota refusal (and conflicts): the household's exits in the window
};

struct EventFilter {
  std::optional<std::string> from_day, to_day, decision, reason, direction;
  std::optional<int64_t> point_id, household_id;
  bool conflicts_only = false;
  int64_t before_id = 0;
  int limit = 50;
};

struct RuleVersion {
  int64_t version = 0;
  int64_t unit_id = 0;
  std::string unit_name, rules_json, note, created_by_name;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

}  // namespace fk::gate
