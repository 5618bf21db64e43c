// SQL for the org module. Every function runs on a Connection the caller
// holds inside a transaction (Database::Read or Write). Scope filters take the
// materialised path prefix of the subtree to search ("/1/4/").
#pragma once

#include <optional>
#include <vector>

#include "core/field_crypto.h"
#include "org/model.h"
#include "store/database.h"

namespace fk::org::store {

using fk::store::Connection;

std::optional<Unit> GetUnit(Connection& c, int64_t id);
std::optional<Unit> GetUnitByCode(Connection& c, const std::string& code);
std::vector<Unit> ListUnits(Connection& c, const std::string& scope_path, const ListFilter& f);
std::vector<Unit> UnitSubtree(Connection& c, const std::string& scope_path);
int64_t InsertUnit(Connection& c, const Unit& u);  // sets path from the parent; returns id
void UpdateUnit(Connection& c, const Unit& u);
int64_t CountActiveChildren(Connection& c, int64_t unit_id);  // active child units + active points

std::optional<Point> GetPoint(Connection& c, int64_t id);
std::vector<Point> ListPoints(Connection& c, const std::string& scope_path, const ListFilter& f);
bool PointNameTaken(Connection& c, int64_t unit_id, const std::string& name, int64_t except_id);
int64_t InsertPoint(Connection& c, const Point& p);
void UpdatePoint(Connection& c, const Point& p);

// Staff phones are sealed at rest when a cipher is given (with a keyed blind index for lookup) and
// opened on the way out; a value stored before sealing is read as it is.
std::optional<Staff> GetStaff(Connection& c, const FieldCipher* cipher, int64_t id);
std::vector<Staff> ListStaff(Connection& c, const FieldCipher* cipher, const std::string& scope_path, const ListFilter& f);
int64_t InsertStaff(Connection& c, const FieldCipher* cipher, const Staff& s);
void UpdateStaff(Connection& c, const FieldCipher* cipher, const Staff& s);
// Seals every staff phone still stored in clear (databases from before sealing); returns how many.
int64_t SealStaffPhones(Connection& c, const FieldCipher& cipher);

}  // namespace fk::org::store
