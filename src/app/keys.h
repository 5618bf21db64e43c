// Key rotation support: re-seals every sealed personal field of the database
// under the active key of a FieldCipher (`fangkong keys reencrypt`).
//
// The sealed columns are listed once here (SealedColumns); a column added to
// the schema that holds FieldCipher values must be added to the list, or its
// values stay under the old key (and tests/api/encryption_at_rest_test.cpp,
// which checks every "fe1." value of the database after a rotation, fails).
// Work goes in batches, one write transaction each, so a large database does
// not hold the writer for long; the servers may keep serving meanwhile (a
// value sealed by a server with the new key is left as it is; one sealed by a
// server still on the old key file is picked up by the next run).
// Not thread-safe as a whole: run one at a time. Throws fk::Error when a value
// cannot be opened (unknown key, tampered value): nothing of that batch is written.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fk {
class FieldCipher;
}
namespace fk::store {
class Database;
}

namespace fk::app {

struct SealedColumn {
  const char* table;
  const char* column;
  bool occupants_json = false;  // passages.occupants: a JSON array whose "i" and "p" members are sealed
};

// Every column that holds FieldCipher values.
const std::vector<SealedColumn>& SealedColumns();

struct ReencryptAllResult {
  int64_t rewritten = 0;                     // values re-sealed
  int batches = 0;                           // write transactions
  std::map<std::string, int64_t> by_column;  // "table.column" -> values re-sealed
};

// Re-seals, with the active key, every sealed value that another key sealed.
ReencryptAllResult ReencryptAll(store::Database& db, const FieldCipher& cipher, int batch = 500);

// Sealed values per "table.column" and key id ("k1" -> n), for checks after a rotation.
std::map<std::string, std::map<std::string, int64_t>> SealedKeyCounts(store::Database& db);

}  // namespace fk::app
