// PostgreSQL backend over libpq: a fixed-size pool of connections, each
// running one transaction at a time. See store/database.h for the contract.
//
// PgDatabase is thread-safe. A caller waits at most options.busy_timeout_ms for
// a free connection, then gets fk::Error(kUnavailable, "数据库繁忙 ..."). A
// connection that broke (server restart, network) is reset the next time it is
// taken; while the server is down callers fail fast with kUnavailable. Every
// connection sets statement_timeout, TIME ZONE 'UTC' and client_encoding UTF8.
//
// PgConnection is used by one thread at a time (the pool hands it out). SQL
// with `?` placeholders is rewritten to $1, $2, ..., prepared once per
// connection (cached by SQL text) and executed in text format.
//
// Errors map from SQLSTATE: integrity violations (class 23) and serialization
// failures/deadlocks (40001, 40P01) are kConflict; connection failures, server
// shutdown, resource exhaustion and statement timeouts are kUnavailable;
// anything else is kInternal carrying the server message (for the log only).
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.h"

namespace fk::store {

// Opens a pool on options.url ("postgresql://..." or "postgres://...") and
// connects once to fail early. Throws fk::Error(kBadRequest) for a malformed
// URL and kUnavailable (naming host and port, never the password) when the
// server cannot be reached.
std::unique_ptr<Database> OpenPostgres(const DatabaseOptions& options);

// Like RewritePlaceholdersForPostgres; also stores the number of `?`
// placeholders found in *count.
std::string RewritePlaceholdersForPostgres(std::string_view sql, int* count);

class PgConnection : public Connection {
 public:
  // Does not connect: Open() does.
  PgConnection(std::string url, const DatabaseOptions& options);
  ~PgConnection() override;

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result Query(std::string_view sql, const Params& params = {}) override;
  void ExecScript(std::string_view sql) override;
  void Begin() override;
  void Commit() override;
  void Rollback() override;
  void Savepoint(std::string_view name) override;
  void ReleaseSavepoint(std::string_view name) override;
  void RollbackToSavepoint(std::string_view name) override;

  // Connects (first time) or resets (after a failure) and applies the session
  // settings. Returns normally when the connection is usable; throws
  // kUnavailable otherwise. `detail` adds the libpq message to the error.
  void Open(bool detail = false);

  // True when the connection is open and was not seen to fail.
  bool Healthy() const;

  // True when healthy and not inside a transaction.
  bool Idle() const;

  // Marks the connection for a reset the next time it is opened.
  void MarkBroken() { broken_ = true; }

  // Closes the server connection.
  void Disconnect();

  // Runs a statement without parameters or result rows (BEGIN, SET, ...).
  void Command(const std::string& sql);

 private:
  struct Prepared {
    std::string name;
    int param_count = 0;
  };

  const Prepared& Prepare(std::string_view sql, const Params& params);
  [[noreturn]] void Fail(PGresult* res);

  std::string url_;
  DatabaseOptions options_;
  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::unordered_map<std::string, Prepared> prepared_;
  int64_t next_statement_ = 0;
};

class PgDatabase : public Database {
 public:
  // Builds the pool (connections open lazily) and connects one connection to
  // check the server answers; throws like OpenPostgres.
  explicit PgDatabase(const DatabaseOptions& options);
  ~PgDatabase() override;

  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  DatabaseStats stats() const override;
  void Ping() override;
  void Close() override;
  void Backup(const std::string& dest_path) override;

 protected:
  void RunRead(const std::function<void(Connection&)>& fn) override;
  void RunWrite(const std::function<void(Connection&)>& fn, bool rerunnable) override;

 private:
  class Lease;

  // Takes a free connection, waiting up to busy_timeout_ms, and opens it.
  PgConnection* Acquire();
  // Gives a connection back; one left in a transaction or broken is reset later.
  void Release(PgConnection* conn);
  // One write transaction (RunWrite runs it again after a deadlock or serialization failure).
  void RunWriteOnce(const std::function<void(Connection&)>& fn);

  DatabaseOptions options_;
  std::string url_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> connections_;
  std::vector<PgConnection*> idle_;  // guarded by mu_
  bool closed_ = false;              // guarded by mu_

  // While the server is known to be down, connecting is not retried before
  // this time (steady clock, nanoseconds since epoch).
  std::atomic<int64_t> down_until_ns_{0};

  std::atomic<int64_t> write_queue_depth_{0};
  mutable std::mutex stats_mu_;
  DatabaseStats stats_;  // guarded by stats_mu_ (except write_queue_depth)
};

}  // namespace fk::store
