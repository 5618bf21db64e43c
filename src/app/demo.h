// The demo city: 新郑市 with its 14 towns and streets, about 50 communities
// and villages, 20 checkpoints, gates and stations named as in the source
// article, staff, and one user per built-in role.
#pragma once

#include <string>
#include <vector>

#include "app/app.h"

namespace fk::app {

inline constexpr const char* kDemoPassword = "Fangkong@2020";

struct DemoLogin {
  std::string username, role, unit;
};

struct DemoOptions {
  bool screening = true;  // rule versions, receivers and the checkpoint records of 20 Jan – 13 Feb 2020 (about 5 s)
  bool residents = true;  // resident files of the gated communities, villages and estates
  bool observation = true;  // home observation periods, rounds, alerts and needs (needs residents)
  bool screening_passages = true;  // with screening: the records and the reports made from them
};

// Loads the demo into an initialised, empty database (no users yet).
// Throws fk::Error(kConflict) when the database already has users.
std::vector<DemoLogin> LoadDemo(App& app, const DemoOptions& options = {});
// The demo logins when the demo was loaded into this database, else empty.
std::vector<DemoLogin> DemoLogins(App& app);

}  // namespace fk::app
