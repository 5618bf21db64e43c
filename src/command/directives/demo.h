// Demo dispatch meetings and directives: the 17 daily dispatch meetings of
// Xinzheng from 28 January to 13 February 2020 (the 13th is the 17th), with
// minutes and directives to departments and towns in every state, some
// overdue on 14 February. Loaded by `fangkong demo` into a new database.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/database.h"

namespace fk::command::directives {

class DirectiveService;

// unit_ids: demo unit name → id (新郑市, the towns, the departments). Runs the overdue sweep at
// 2020-02-14 09:00 local so the overdue alerts exist. Throws on a missing unit name (a demo bug).
void LoadDirectivesDemo(DirectiveService& svc, fk::store::Database& db, const std::map<std::string, int64_t>& unit_ids,
                        int64_t user_id, int tz_offset_minutes);

}  // namespace fk::command::directives
