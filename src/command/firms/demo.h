// Demo re-opening firms of 新郑市 (Feb 2020): eight invented firms, approved,
// returned, submitted and a draft, with computed credit codes (division
// 410184) and, for each approved one, returning staff with identity numbers of
// no one (computed check digits) and some plates. Written through the store
// with the dates of the story; loaded by `fangkong demo`.
#pragma once

#include <map>
#include <string>

#include "core/field_crypto.h"
#include "store/database.h"

namespace fk::command::firms {

// unit_ids: demo unit name → id. applicant / reviewer: user ids (the reviewer approves and returns).
void LoadFirmsDemo(fk::store::Database& db, const FieldCipher& cipher, const std::map<std::string, int64_t>& unit_ids,
                   int64_t applicant, const std::string& applicant_name, int64_t reviewer,
                   const std::string& reviewer_name);

}  // namespace fk::command::firms
