// The demo city's gate: a pass for every demo household, and four days of
// gate events (10–13 Feb 2020) at the community gates, recorded through
// GateService so every figure and pairing is what the service would keep.
// Deterministic (fixed seed). Takes about a second.
#pragma once

#include <vector>

#include "auth/principal.h"
#include "gate/service.h"
#include "residents/demo.h"

namespace fk::gate {

struct GateDemoStats {
  int passes = 0, events = 0;
};

GateDemoStats LoadGateDemo(GateService& svc, fk::store::Database& db, const auth::Principal& root,
                           const std::vector<residents::DemoHouseholdRef>& households);

}  // namespace fk::gate
