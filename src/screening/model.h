// Records of the screening module: checkpoint passages, fever handovers and
// their receivers, and the per-point per-day figures. Plain values.
// Temperatures are tenths of a degree Celsius (37.3 °C is 373).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace fk::screening {

inline const std::vector<std::string> kVehicleKinds = {"car", "truck", "bus", "motorcycle", "e_bike", "on_foot"};
inline const std::vector<std::string> kDirections = {"in", "out"};
inline const std::vector<std::string> kPurposes = {"return_to_work", "home", "transit", "freight",
                                                   "medical", "official", "other"};
inline const std::vector<std::string> kDecisions = {"pass", "turned_back", "fever_handover"};
inline const std::vector<std::string> kOutcomes = {"ordinary_illness", "excluded", "suspected", "confirmed"};
inline const std::vector<std::string> kReceiverKinds = {"clinic", "ambulance", "hospital", "other"};

inline constexpr int kMinTemperature = 340;  // 34.0 °C
inline constexpr int kMaxTemperature = 430;  // 43.0 °C
inline constexpr size_t kMaxOccupants = 60;
inline constexpr size_t kMaxBatch = 1000;

struct Occupant {
  std::optional<int> temperature;  // tenths of °C; nullopt when not taken
  // id_number and phone: in full while a request is checked and after the service opens them for
  // a reveal; sealed (core/field_crypto.h) as stored and as read back. The masked copies are kept
  // beside them so lists never decrypt.
  std::string name, id_number, phone;
  std::string id_number_masked, phone_masked;
};

struct PassageInput {
  std::string client_key;
  std::optional<int64_t> point_id;
  std::string vehicle_kind, direction, purpose;
  std::optional<std::string> plate;
  std::vector<Occupant> occupants;
  std::string origin_code, origin_name, destination;
  std::optional<std::string> decision;
  std::string reason;
  std::optional<int64_t> device_time_ms;
  std::optional<int> rule_version;        // the version the device decided under; default the current
  std::vector<FieldError> parse_errors;  // JSON type errors, reported with the rule errors
};

struct Passage {
  int64_t id = 0;
  std::string client_key;
  int64_t point_id = 0, unit_id = 0;
  std::string point_name, day, vehicle_kind;
  std::optional<std::string> plate;
  std::string direction;
  std::vector<Occupant> occupants;
  int people = 0, people_tested = 0, fever_count = 0;
  std::string origin_code, origin_name, destination, purpose, suggested, decision, reason;
  int rule_version = 0;
  int64_t operator_id = 0, device_time = 0, server_time = 0;
  std::string operator_name;
  std::vector<int64_t> handover_ids;
  // Set by the suggestion overlay (ScreeningService::set_overlay, docs/firms.md): the re-opening
  // firm whose returning staff this passage was recognised as, and the note shown with the suggestion.
  std::optional<int64_t> firm_id;
  std::string suggested_note;
};

struct Receiver {
  int64_t id = 0;
  std::string name, kind;
  int64_t unit_id = 0;
  std::string unit_name;
  bool active = true;
  int64_t created_at = 0;
};

struct Handover {
  int64_t id = 0;
  std::optional<int64_t> passage_id;
  // checkpoint (a passage), gate (a community gate event), observation (a home-observation round).
  std::string source;
  int64_t point_id = 0, unit_id = 0;  // point_id 0: none (observation rounds happen at home)
  std::optional<int64_t> person_id;   // the person on file (gate, observation)
  std::optional<int64_t> source_ref;  // the gate event or observation round that raised it
  std::string point_name, day;
  Occupant person;
  int64_t found_at = 0;
  std::optional<int64_t> receiver_id;
  std::string receiver_name, receipt_method;
  std::optional<int64_t> receipted_at, receipted_by;
  std::optional<std::string> outcome;
  std::string outcome_note;
  std::optional<int64_t> outcome_at, outcome_by;
};

// The figures of one point-day, or of a sum of them.
struct Figures {
  int64_t vehicles = 0, people = 0, people_tested = 0, vehicles_turned_back = 0, people_turned_back = 0, fever = 0,
          handovers = 0, handovers_receipted = 0;

  Figures& operator+=(const Figures& o) {
    vehicles += o.vehicles;
    people += o.people;
    people_tested += o.people_tested;
    vehicles_turned_back += o.vehicles_turned_back;
    people_turned_back += o.people_turned_back;
    fever += o.fever;
    handovers += o.handovers;
    handovers_receipted += o.handovers_receipted;
    return *this;
  }
  bool operator==(const Figures&) const = default;
};

// The figures a passage adds to its point-day.
Figures FiguresOf(const Passage& p);

struct PassageFilter {
  std::optional<std::string> from_day, to_day, plate, decision;
  std::optional<int64_t> point_id, unit_id;
  bool fever_only = false;
  int64_t before_id = 0;  // cursor (newest first): 0 = from the newest
  int limit = 50;
};

struct HandoverFilter {
  std::optional<std::string> from_day, to_day, outcome;
  std::optional<int64_t> point_id;
  std::optional<bool> receipted;
  int64_t before_id = 0;
  int limit = 50;
};

}  // namespace fk::screening
