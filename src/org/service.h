// OrgService: the rules of the org module. Validates inputs (every broken
// field reported at once), enforces the caller's unit scope, writes the audit
// record in the same transaction as each change, and masks phones.
// Thread-safe (state lives in the database).
// Failures throw fk::Error: kValidation with fields (rows for imports),
// kNotFound (absent or outside the caller's subtree), kConflict.
#pragma once

#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/field_crypto.h"
#include "org/model.h"
#include "store/database.h"

namespace fk::org {

using auth::Actor;
using auth::Principal;

class OrgService {
 public:
  // cipher seals staff phones at rest (nullptr: stored as given).
  OrgService(fk::store::Database& db, const Clock& clock, const FieldCipher* cipher = nullptr)
      : db_(db), clock_(clock), cipher_(cipher) {}

  // Units
  std::vector<Unit> UnitTree(const Principal& p);  // the caller's subtree, ordered by path
  std::vector<Unit> ListUnits(const Principal& p, ListFilter f);
  Unit GetUnit(const Principal& p, int64_t id);
  Unit CreateUnit(const Principal& p, const Actor& a, const UnitInput& in);
  Unit UpdateUnit(const Principal& p, const Actor& a, int64_t id, const UnitInput& in);
  Unit DeactivateUnit(const Principal& p, const Actor& a, int64_t id);
  ImportResult ImportUnits(const Principal& p, const Actor& a, const std::vector<UnitInput>& rows, bool dry_run);

  // Points
  std::vector<Point> ListPoints(const Principal& p, ListFilter f);
  Point GetPoint(const Principal& p, int64_t id);
  Point CreatePoint(const Principal& p, const Actor& a, const PointInput& in);
  Point UpdatePoint(const Principal& p, const Actor& a, int64_t id, const PointInput& in);
  Point DeactivatePoint(const Principal& p, const Actor& a, int64_t id);
  ImportResult ImportPoints(const Principal& p, const Actor& a, const std::vector<PointInput>& rows, bool dry_run);

  // Staff (phones in full: the HTTP layer masks them)
  std::vector<Staff> ListStaff(const Principal& p, ListFilter f);
  Staff GetStaff(const Principal& p, int64_t id);
  Staff CreateStaff(const Principal& p, const Actor& a, const StaffInput& in);
  Staff UpdateStaff(const Principal& p, const Actor& a, int64_t id, const StaffInput& in);
  Staff DeactivateStaff(const Principal& p, const Actor& a, int64_t id);
  // The full phone; records the look in the audit log.
  std::string RevealStaffPhone(const Principal& p, const Actor& a, int64_t id);
  ImportResult ImportStaff(const Principal& p, const Actor& a, const std::vector<StaffInput>& rows, bool dry_run);

  // For `fangkong init`: the root unit, without a principal.
  Unit CreateRootUnit(const Actor& a, const std::string& code, const std::string& name);

 private:
  std::string ScopeFor(fk::store::Connection& c, const Principal& p, const std::optional<int64_t>& unit_id);

  fk::store::Database& db_;
  const Clock& clock_;
  const FieldCipher* cipher_ = nullptr;
};

}  // namespace fk::org
