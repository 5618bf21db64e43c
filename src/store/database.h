// The one storage interface of Fangkong: Database (a pool of connections plus
// the write path), Connection, Transaction and bound statement values.
//
// Two implementations live beside this file: sqlite/ (one file, WAL, a single
// group-committing writer, a pool of readers) and postgres/ (libpq, a pool).
// Services and stores are written once against these classes; SQL uses `?`
// placeholders, which the PostgreSQL backend rewrites to $1, $2, ...
//
// Thread safety: Database is thread-safe. A Connection is used by one thread
// at a time: Database hands it to the callback and takes it back after.
// Failures: every method throws fk::Error. kUnavailable means the database
// cannot be reached or written (disk full, server down); kConflict means a
// unique or foreign-key constraint refused the statement; anything else is a
// bug in the SQL (kInternal). Messages for the client never include SQL text.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.h"

namespace fk::store {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value: NULL, 64-bit integer, double or text.
// Booleans are stored as integers 0/1; blobs as text (hex or base64) so that
// both backends agree.
class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}
  Value(int v) : v_(static_cast<int64_t>(v)) {}
  Value(long v) : v_(static_cast<int64_t>(v)) {}
  Value(long long v) : v_(static_cast<int64_t>(v)) {}
  Value(unsigned v) : v_(static_cast<int64_t>(v)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_real() const { return std::holds_alternative<double>(v_); }
  bool is_text() const { return std::holds_alternative<std::string>(v_); }
  int64_t as_int() const;        // NULL → 0; text parsed; real truncated
  double as_real() const;        // NULL → 0
  std::string as_text() const;   // NULL → ""; numbers formatted
  const std::string& text_ref() const { return std::get<std::string>(v_); }

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

// One row of a result. Columns are addressed by position (the SELECT order).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return values_.at(i).is_null(); }
  int64_t Int(size_t i) const { return values_.at(i).as_int(); }
  bool Bool(size_t i) const { return values_.at(i).as_int() != 0; }
  double Real(size_t i) const { return values_.at(i).as_real(); }
  std::string Text(size_t i) const { return values_.at(i).as_text(); }
  std::optional<int64_t> OptInt(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<int64_t>(Int(i));
  }
  std::optional<double> OptReal(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<double>(Real(i));
  }
  std::optional<std::string> OptText(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<std::string>(Text(i));
  }
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  const Row& front() const { return rows.front(); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Prepares (cached per connection) and runs one statement with `?`
  // placeholders bound in order. Returns all rows and the affected count.
  virtual Result Query(std::string_view sql, const Params& params = {}) = 0;

  // Runs several `;`-separated statements without parameters (migrations).
  virtual void ExecScript(std::string_view sql) = 0;

  // Transaction control. Nested units of work use savepoints.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual void Savepoint(std::string_view name) = 0;
  virtual void ReleaseSavepoint(std::string_view name) = 0;
  virtual void RollbackToSavepoint(std::string_view name) = 0;

  // Convenience: the first row, or nullopt.
  std::optional<Row> QueryOne(std::string_view sql, const Params& params = {}) {
    Result r = Query(sql, params);
    if (r.rows.empty()) return std::nullopt;
    return std::move(r.rows.front());
  }
  int64_t Exec(std::string_view sql, const Params& params = {}) { return Query(sql, params).affected; }
};

// Settings shared by both backends; each backend reads the ones it knows.
struct DatabaseOptions {
  std::string url;                // "sqlite:PATH" or "postgresql://..."
  int read_pool_size = 4;         // SQLite readers / PostgreSQL pool size
  int commit_max_batch = 512;     // group commit: at most this many writes per commit
  int commit_max_wait_us = 500;   // ... or wait at most this long for more to arrive
  std::string synchronous = "FULL";  // SQLite PRAGMA synchronous (FULL, NORMAL)
  int busy_timeout_ms = 5000;     // wait for a connection / lock before kUnavailable
  int statement_timeout_ms = 10000;  // PostgreSQL statement_timeout
};

// Counters a Database keeps for /metrics. Read with Database::stats().
struct DatabaseStats {
  int64_t write_queue_depth = 0;
  int64_t commits = 0;
  int64_t committed_writes = 0;
  int64_t errors = 0;
  // Histogram of commit batch sizes: bucket i counts batches of size <= kBatchBuckets[i].
  static constexpr int kBatchBuckets[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  std::vector<int64_t> batch_size_counts = std::vector<int64_t>(std::size(kBatchBuckets) + 1, 0);
  int64_t batch_size_sum = 0;
  // Memory (SQLite only; -1 where the engine runs in another process): prepared statements
  // cached over all connections, and the bytes SQLite has allocated (page caches included).
  int64_t statements_cached = -1;
  int64_t engine_memory_bytes = -1;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs fn(Connection&) on a read connection inside a read transaction (a
  // consistent snapshot). Returns what fn returns; rethrows what fn throws.
  template <typename F>
  auto Read(F&& fn) -> std::invoke_result_t<F, Connection&> {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      RunRead([&](Connection& c) { fn(c); });
    } else {
      std::optional<R> out;
      RunRead([&](Connection& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }

  // Runs fn(Connection&) inside a write transaction and returns only after the
  // transaction is durably committed. If fn throws, its changes are rolled back
  // and the exception reaches the caller; other writes are not affected.
  // fn runs exactly once.
  template <typename F>
  auto Write(F&& fn) -> std::invoke_result_t<F, Connection&> {
    return WriteWith(false, std::forward<F>(fn));
  }

  // As Write, but on PostgreSQL fn may run again on a fresh transaction when
  // the database aborted it as a deadlock victim, a serialization failure or
  // the loser of a unique-index race (two servers inserting the same key):
  // the second run sees the winner's row. Only for functions whose every
  // effect goes through the connection and whose result is their return value
  // (no changes to captured state, no sealing of captured inputs in place).
  template <typename F>
  auto WriteRerunnable(F&& fn) -> std::invoke_result_t<F, Connection&> {
    return WriteWith(true, std::forward<F>(fn));
  }

  virtual DatabaseStats stats() const = 0;

  // Checks that the database answers (for /healthz); throws kUnavailable.
  virtual void Ping() = 0;

  // Stops accepting writes, finishes the queued ones and closes connections.
  virtual void Close() = 0;

  // Copies a consistent snapshot to dest_path while serving (SQLite online
  // backup). PostgreSQL throws kBadRequest: use pg_dump.
  virtual void Backup(const std::string& dest_path) = 0;

 protected:
  virtual void RunRead(const std::function<void(Connection&)>& fn) = 0;
  // rerunnable: see WriteRerunnable.
  virtual void RunWrite(const std::function<void(Connection&)>& fn, bool rerunnable) = 0;

 private:
  template <typename F>
  auto WriteWith(bool rerunnable, F&& fn) -> std::invoke_result_t<F, Connection&> {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      RunWrite([&](Connection& c) { fn(c); }, rerunnable);
    } else {
      std::optional<R> out;
      RunWrite([&](Connection& c) { out.emplace(fn(c)); }, rerunnable);
      return std::move(*out);
    }
  }
};

// Opens the database named by options.url. Throws fk::Error (kBadRequest for a
// bad URL, kUnavailable when it cannot be opened or reached).
std::unique_ptr<Database> OpenDatabase(const DatabaseOptions& options);

// Rewrites `?` placeholders outside quotes and comments to $1, $2, ... .
std::string RewritePlaceholdersForPostgres(std::string_view sql);

}  // namespace fk::store
