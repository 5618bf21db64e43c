// FirmService: re-opening firms (复工复产). A town or community office enters
// a firm's application (credit code checked by GB 32100, unit in the caller's
// subtree, one live application per code), submits it; a reviewer of the
// responsible department (command:firm:review) approves it or returns it with
// reasons; a returned application is edited and submitted again. Every step
// is kept in the review history and audited in the same transaction. An
// approved firm's list of returning staff (imported all-or-nothing, idempotent
// by import key; identity numbers and phones sealed, found by blind index) is
// what the checkpoints recognise: the service is also the screening module's
// PassageOverlay (docs/firms.md).
// Thread-safe: state lives in the database.
// Failures throw fk::Error: kValidation (fields; import rows carry their row),
// kNotFound (absent or outside the caller's subtree), kForbidden (reviewing
// one's own application), kConflict (credit code taken, state does not allow).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit.h"
#include "auth/principal.h"
#include "command/firms/model.h"
#include "core/clock.h"
#include "core/field_crypto.h"
#include "screening/service.h"
#include "store/database.h"

namespace fk::command::firms {

using auth::Actor;
using auth::Principal;

class FirmService : public screening::PassageOverlay {
 public:
  FirmService(fk::store::Database& db, const FieldCipher& cipher, const Clock& clock, int tz_offset_minutes)
      : db_(db), cipher_(cipher), clock_(clock), tz_(tz_offset_minutes) {}

  // Applications. Create keeps a draft unless in.submit.
  Firm Create(const Principal& p, const Actor& a, const FirmInput& in);
  // Draft or returned applications only; absent fields stay as they are.
  Firm Update(const Principal& p, const Actor& a, int64_t id, const FirmInput& in);
  Firm Get(const Principal& p, int64_t id);  // with the review history
  std::vector<Firm> List(const Principal& p, const FirmFilter& f);
  // draft → submitted, returned → submitted (history: resubmit).
  Firm Submit(const Principal& p, const Actor& a, int64_t id);
  // submitted → approved. Not by the user who entered or submitted it (kForbidden).
  Firm Approve(const Principal& p, const Actor& a, int64_t id);
  // submitted → returned with at least one reason.
  Firm Return(const Principal& p, const Actor& a, int64_t id, const std::vector<std::string>& reasons);
  // Any live state → withdrawn: it no longer counts, and its staff no longer match at checkpoints.
  Firm Withdraw(const Principal& p, const Actor& a, int64_t id, const std::string& reason);
  // The contact phone in full (the look is audited).
  std::string RevealContactPhone(const Principal& p, const Actor& a, int64_t id);
  // For the export: opens the contact phone of firms in place (the caller audits the export).
  void OpenContactPhones(std::vector<Firm>& firms) const;
  // Records that the caller exported applications with contact phones in full.
  void AuditExport(const Principal& p, const Actor& a, const std::string& status);

  // Returning staff, masked.
  std::vector<Staff> ListStaff(const Principal& p, int64_t firm_id);
  // All rows or none; every bad row at once; a committed import_key answers its first result.
  ImportResult ImportStaff(const Principal& p, const Actor& a, int64_t firm_id, const ImportRequest& req);
  void RemoveStaff(const Principal& p, const Actor& a, int64_t firm_id, int64_t staff_id);

  // Checkpoint lookup: approved firms listing the plate or any identity number. City-wide
  // (returning staff cross every checkpoint); answers firm ids and names only. At most
  // screening::kMaxOccupants identity numbers (a vehicle's occupants); each call is audited
  // (action `recognise`, counts only, never the plate or numbers).
  std::vector<RecogniseMatch> Recognise(const Actor& a, const std::optional<std::string>& plate,
                                        const std::vector<std::string>& id_numbers);

  // screening::PassageOverlay: the first approved firm listing the passage's plate or an occupant.
  std::optional<screening::OverlayMatch> Match(fk::store::Connection& c, const screening::Passage& draft) const override;

 private:
  Firm Transition(const Principal& p, const Actor& a, int64_t id, const std::string& action,
                  const std::vector<std::string>& reasons);
  std::vector<RecogniseMatch> Lookup(fk::store::Connection& c, const std::optional<std::string>& plate,
                                     const std::vector<std::string>& id_numbers) const;

  fk::store::Database& db_;
  const FieldCipher& cipher_;
  const Clock& clock_;
  int tz_;
};

}  // namespace fk::command::firms
