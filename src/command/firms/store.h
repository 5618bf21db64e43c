// SQL of the re-opening firms module. Functions run on a Connection inside the
// caller's transaction. Scope filters take a unit path prefix ("/1/4/").
// Failures throw fk::Error from the store (kConflict on a unique index).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command/firms/model.h"
#include "store/database.h"

namespace fk::command::firms::store {

using fk::store::Connection;

int64_t InsertFirm(Connection& c, const Firm& f);
// Writes every field but id, created_* while the stored status is still `from_status` (compare and
// set); returns whether it did (false: another request changed the status first).
bool UpdateFirm(Connection& c, const Firm& f, const std::string& from_status);
std::optional<Firm> GetFirm(Connection& c, int64_t id);
std::vector<Firm> ListFirms(Connection& c, const std::string& scope_path, const FirmFilter& f);
// A live (not withdrawn) application with this credit code other than except_id.
std::optional<int64_t> LiveFirmByCreditCode(Connection& c, const std::string& code, int64_t except_id);

void InsertReview(Connection& c, int64_t firm_id, const Review& r);
std::vector<Review> ListReviews(Connection& c, int64_t firm_id);

// Staff, oldest first.
std::vector<Staff> ListStaff(Connection& c, int64_t firm_id);
std::optional<Staff> GetStaff(Connection& c, int64_t id);
// True when the firm lists a person with this identity-number blind index.
bool StaffListed(Connection& c, int64_t firm_id, const std::string& id_index);
int64_t InsertStaff(Connection& c, const Staff& s);
void DeleteStaff(Connection& c, int64_t id);

// The stored result of a committed import key of this user: firm id and result JSON.
std::optional<std::pair<int64_t, std::string>> ImportResultJson(Connection& c, const std::string& key, int64_t user_id);
void SaveImportResult(Connection& c, const std::string& key, int64_t user_id, int64_t firm_id, const std::string& json,
                      int64_t at);

// Approved firms whose list holds the plate / an identity-number blind index, firm id order.
std::vector<RecogniseMatch> ApprovedByPlate(Connection& c, const std::string& plate);
std::vector<RecogniseMatch> ApprovedByIdIndex(Connection& c, const std::string& id_index);

}  // namespace fk::command::firms::store
