// Numbered schema migrations, embedded in the binary from src/store/migrations/*.sql.
//
// Files are portable SQL with a few macros expanded per dialect (see
// ExpandMacros): ${ID} ${BIGINT} ${REAL} ${STRICT} ${NOW_MS}. Dialect-specific
// files are NNNN_name.sqlite.sql / NNNN_name.postgres.sql and apply only to
// their backend. The table schema_migrations records what was applied.
// Thread safety: functions take a Database and use its own locking.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace fk::store {

struct Migration {
  int version;
  const char* name;  // file name without .sql, e.g. "0001_core"
  const char* sql;
};

// All embedded migrations in file-name order (generated at build time).
const std::vector<Migration>& EmbeddedMigrations();

// The macro-expanded SQL of a migration text for a dialect.
std::string ExpandMacros(std::string_view sql, Dialect dialect);

// The highest version this binary knows.
int LatestSchemaVersion();

// The version the database is at (0 for an empty database).
int CurrentSchemaVersion(Database& db);

struct MigrationStatus {
  int version;
  std::string name;
  bool applied;
  int64_t applied_at_ms;
};
std::vector<MigrationStatus> MigrationStatusList(Database& db);

// Applies every pending migration, each in its own transaction. Returns how
// many were applied. Throws kConflict when the database is newer than the binary.
int MigrateUp(Database& db);

// Throws kConflict with an operator-readable message unless the database is
// exactly at LatestSchemaVersion().
void CheckSchemaVersion(Database& db);

}  // namespace fk::store
