// The demo city's home observation (居家观察): every resident on file marked
// `returned` (back 20–26 January 2020) observed 14 days from the return day,
// a round done every day and a release record the day after the end; and 40
// close contacts starting 3–9 February 2020, still active on 13 February,
// with a round for every day up to 13 February: most done, some missed with
// their alerts (part of them closed), one fever round with its handover and
// fever alert, needs for food and medicine in several states. Deterministic.
// Loads into a database whose observation tables are empty (LoadDemo) in one
// transaction; community_daily receives exactly the recount of these records.
#pragma once

#include <cstdint>

#include "store/database.h"

namespace fk::observation {

struct DemoObservationTotals {
  int64_t returned_periods = 0, close_contacts = 0, rounds = 0, missed = 0, alerts = 0, needs = 0;
};

// `admin_id` is the fallback cadre (and the releasing user); periods in the
// units of the demo `community` user (新烟街道) are that user's.
DemoObservationTotals LoadObservationDemo(fk::store::Database& db, int64_t admin_id);

}  // namespace fk::observation
