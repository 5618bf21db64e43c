// The demo city's checkpoint records: passages over 20 January – 13 February
// 2020 whose totals as of 13 February are exactly the figures the city
// published: 115,814 vehicles and 184,735 people checked (all temperature-
// tested), 10,899 vehicles and 16,966 people turned back, 27 fever cases, all
// handed over with a confirmed receipt. Also three rule versions and the
// receivers (clinic, ambulance, hospital) with fixed receipt codes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "screening/service.h"

namespace fk::screening {

struct DemoTotals {
  int64_t vehicles = 115814, people = 184735, vehicles_turned_back = 10899, people_turned_back = 16966, fever = 27;
};

struct DemoReceiverCode {
  std::string name, code;
};

// `admin` acts for the whole city (scope and operator); `points` are the
// checkpoint and station ids to spread the records over; `city_unit_id` holds
// the receivers. Deterministic (fixed seed). Returns the receivers' codes.
std::vector<DemoReceiverCode> LoadScreeningDemo(ScreeningService& svc, fk::store::Database& db,
                                                const auth::Principal& admin, const std::vector<int64_t>& points,
                                                int64_t city_unit_id, const DemoTotals& totals = {});

}  // namespace fk::screening
