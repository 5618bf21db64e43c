// The CSV importer of `fangkong import residents FILE.csv --dry-run`: ReadImportCsv, then
// FilesService::Import as a dry run (validation and duplicate search, never writing) on the
// demo city, as the CLI's principal. Oracle: only fk::Error kBadRequest/kValidation may be
// thrown; rows survive the JSON round trip of staged parts (ImportRowsToJson/FromJson)
// unchanged; the dry run's result serialises (ImportResultToJson).
#include <sstream>
#include <tuple>

#include "auth/audit.h"
#include "auth/principal.h"
#include "auth/roles.h"
#include "core/error.h"
#include "core/validation.h"
#include "residents/import.h"
#include "residents/service.h"
#include "store/database.h"
#include "support/fuzz_app.h"

namespace {

using fk::residents::ImportRow;

auto Key(const ImportRow& r) {
  return std::tie(r.row, r.unit_code, r.building, r.entrance, r.room, r.address, r.kind, r.household_phone, r.name,
                  r.id_number, r.phone, r.relation, r.is_staff, r.staff_employer, r.staff_duty, r.special_kind,
                  r.special_note, r.returned, r.origin_code, r.origin_name, r.returned_on);
}

bool ValidUtf8(const std::string& s) {
  for (size_t pos = 0; pos < s.size();)
    if (!fk::Utf8Next(s, &pos)) return false;
  return true;
}

bool AllUtf8(const ImportRow& r) {
  bool ok = true;
  std::apply([&](const auto&... f) { ((ok = ok && ValidUtf8(f)), ...); },
             std::tuple_cat(std::tie(r.unit_code, r.building, r.entrance, r.room, r.address, r.kind, r.household_phone),
                            std::tie(r.name, r.id_number, r.phone, r.relation, r.is_staff, r.staff_employer, r.staff_duty),
                            std::tie(r.special_kind, r.special_note, r.returned, r.origin_code, r.origin_name, r.returned_on)));
  return ok;
}

}  // namespace

FK_FUZZ_INIT_APP()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fk::fuzz::FuzzApp& f = fk::fuzz::SharedApp();
  static const int64_t unit_id = f.app->db().Read([](fk::store::Connection& c) {
    return c.QueryOne("SELECT id FROM units WHERE level = 'community' ORDER BY id LIMIT 1")->Int(0);
  });
  static const fk::auth::Principal root = [] {
    fk::auth::Principal p;  // as the CLI: full rights over the whole tree
    p.unit_path = "/";
    p.roles = {"admin"};
    p.permissions = fk::auth::PermissionsForRoles(p.roles);
    return p;
  }();
  static const fk::auth::Actor system{0, "cli", "", ""};

  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<ImportRow> rows;
  try {
    rows = fk::residents::ReadImportCsv(in);
  } catch (const fk::Error& e) {
    if (e.code() != fk::ErrorCode::kBadRequest) fk::fuzz::Fail(std::string("ReadImportCsv threw ") + e.what());
    return 0;
  }

  // Staged parts keep rows as JSON: what goes in comes out (JSON needs UTF-8; cells over 400 bytes are refused).
  bool utf8 = true;
  for (const auto& r : rows) utf8 = utf8 && AllUtf8(r);
  if (utf8) {
    fk::FieldErrors errs;
    auto back = fk::residents::ImportRowsFromJson(fk::residents::ImportRowsToJson(rows), errs);
    if (back.size() != rows.size()) fk::fuzz::Fail("ImportRows JSON round trip changed the row count");
    for (size_t i = 0; i < rows.size(); ++i)
      if (Key(back[i]) != Key(rows[i])) fk::fuzz::Fail("ImportRows JSON round trip changed row " + std::to_string(i));
  }

  if (rows.size() > fk::residents::kMaxImportRowsPerPart) return 0;
  fk::residents::ImportRequest req;
  req.dry_run = true;
  req.unit_id = unit_id;
  req.rows = std::move(rows);
  try {
    auto result = f.app->files().Import(root, system, req);
    if (result.status != "dry_run" && result.status != "invalid")
      fk::fuzz::Fail("a dry run answered status " + result.status);
    (void)fk::residents::ImportResultToJson(result);
  } catch (const fk::Error& e) {
    if (e.code() != fk::ErrorCode::kValidation && e.code() != fk::ErrorCode::kBadRequest)
      fk::fuzz::Fail(std::string("Import (dry run) threw ") + e.what());
  }
  return 0;
}
