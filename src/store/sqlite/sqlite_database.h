// SQLite backend: one database file in WAL mode, a single writer thread that
// commits queued writes together (group commit), and a pool of read
// connections. Thread-safe. See store/database.h for the contract.
#pragma once

#include <memory>

#include "store/database.h"

namespace fk::store {

// Opens (creating if needed) the file named by options.url ("sqlite:PATH").
// Throws fk::Error(kUnavailable) when the file cannot be opened.
std::unique_ptr<Database> OpenSqlite(const DatabaseOptions& options);

}  // namespace fk::store
