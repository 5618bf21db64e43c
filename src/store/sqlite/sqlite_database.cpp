#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace fk::store {
namespace {

constexpr const char* kDiskFullMessage = "磁盘已满，暂时无法写入 disk full: writes are refused until space is freed";

bool IsUnavailableCode(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

[[noreturn]] void Throw(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) throw Error(ErrorCode::kConflict, "数据冲突 conflict: " + detail);
  if (primary == SQLITE_FULL) throw Error(ErrorCode::kUnavailable, kDiskFullMessage);
  if (IsUnavailableCode(rc)) throw Error(ErrorCode::kUnavailable, "数据库暂不可用 database unavailable: " + detail);
  throw Error(ErrorCode::kInternal, std::string(what) + ": " + detail);
}

// Prepared statements kept per connection. SQL that is built from its input (the daily
// upsert's columns, IN lists) has many shapes; beyond this many the least recently used
// are finalized, so the cache's memory stays bounded however long the server runs.
constexpr size_t kMaxCachedStatements = 256;

class SqliteConnection final : public Connection {
 public:
  // `cached` counts the statements held by every connection of one database (for /metrics).
  SqliteConnection(const std::string& path, const DatabaseOptions& options, bool reader,
                   std::atomic<int64_t>& cached)
      : cached_(cached) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw Error(ErrorCode::kUnavailable, "cannot open SQLite database '" + path + "': " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    ExecScript("PRAGMA foreign_keys=ON");
    // Statement journals (savepoints of the group commit) and sorts stay in memory instead of
    // spilling to temporary files: measured ~7 pwrites per stored passage without it (bench/RESULTS.md).
    ExecScript("PRAGMA temp_store=MEMORY");
    if (!reader) {
      ExecScript("PRAGMA journal_mode=WAL");
      ExecScript("PRAGMA synchronous=" + SafePragmaWord(options.synchronous));
      ExecScript("PRAGMA wal_autocheckpoint=4000");
    } else {
      ExecScript("PRAGMA query_only=ON");
    }
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : lru_) sqlite3_finalize(stmt);
    cached_ -= static_cast<int64_t>(lru_.size());
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result Query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size()))
      throw Error(ErrorCode::kInternal, "parameter count mismatch: statement wants " + std::to_string(expected) +
                                            ", got " + std::to_string(params.size()));
    for (int i = 0; i < expected; ++i) {
      const Value& v = params[i];
      int rc;
      if (v.is_null()) rc = sqlite3_bind_null(stmt, i + 1);
      else if (v.is_int()) rc = sqlite3_bind_int64(stmt, i + 1, v.as_int());
      else if (v.is_real()) rc = sqlite3_bind_double(stmt, i + 1, v.as_real());
      else rc = sqlite3_bind_text(stmt, i + 1, v.text_ref().data(), static_cast<int>(v.text_ref().size()), SQLITE_STATIC);
      if (rc != SQLITE_OK) Throw(db_, rc, "bind");
    }
    Result result;
    int cols = sqlite3_column_count(stmt);
    const int64_t total_changes_before = sqlite3_total_changes64(db_);
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) Throw(db_, rc, "step");
      std::vector<Value> values;
      values.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER: values.emplace_back(static_cast<long long>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
          case SQLITE_NULL: values.emplace_back(); break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(text ? text : "", sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE: a
    // statement that changed nothing (DDL, PRAGMA) must not report it again.
    result.affected = sqlite3_total_changes64(db_) == total_changes_before ? 0 : sqlite3_changes64(db_);
    if (cols > 0 && sqlite3_stmt_readonly(stmt)) result.affected = 0;
    return result;
  }

  void ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      int primary = rc & 0xff;
      if (primary == SQLITE_CONSTRAINT) throw Error(ErrorCode::kConflict, "数据冲突 conflict: " + msg);
      // A COMMIT (or its WAL append) that found the disk full: the same message as a statement's.
      if (primary == SQLITE_FULL) throw Error(ErrorCode::kUnavailable, kDiskFullMessage);
      if (IsUnavailableCode(rc)) throw Error(ErrorCode::kUnavailable, "数据库暂不可用 database unavailable: " + msg);
      throw Error(ErrorCode::kInternal, "sqlite exec: " + msg);
    }
  }

  void Begin() override { ExecScript("BEGIN"); }
  void BeginImmediate() { ExecScript("BEGIN IMMEDIATE"); }
  void Commit() override { ExecScript("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Savepoint(std::string_view name) override { ExecScript("SAVEPOINT " + std::string(name)); }
  void ReleaseSavepoint(std::string_view name) override { ExecScript("RELEASE " + std::string(name)); }
  void RollbackToSavepoint(std::string_view name) override { ExecScript("ROLLBACK TO " + std::string(name)); }

  bool InTransaction() const { return !sqlite3_get_autocommit(db_); }
  sqlite3* handle() { return db_; }

 private:
  static std::string SafePragmaWord(const std::string& w) {
    for (const char* ok : {"OFF", "NORMAL", "FULL", "EXTRA"})
      if (w == ok) return w;
    throw Error(ErrorCode::kBadRequest, "sqlite synchronous must be OFF, NORMAL, FULL or EXTRA (got '" + w + "')");
  }

  sqlite3_stmt* Prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
      return it->second->second;
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) Throw(db_, rc, "prepare");
    if (lru_.size() >= kMaxCachedStatements) {
      // Every statement is reset when its Query returns, so none is in use here.
      sqlite3_finalize(lru_.back().second);
      cache_.erase(lru_.back().first);
      lru_.pop_back();
      --cached_;
    }
    lru_.emplace_front(std::string(sql), stmt);
    cache_.emplace(lru_.front().first, lru_.begin());
    ++cached_;
    return stmt;
  }

  sqlite3* db_ = nullptr;
  std::atomic<int64_t>& cached_;
  std::list<std::pair<std::string, sqlite3_stmt*>> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<std::pair<std::string, sqlite3_stmt*>>::iterator> cache_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const DatabaseOptions& options) : options_(options) {
    path_ = options.url.substr(std::string_view("sqlite:").size());
    if (path_.empty()) throw Error(ErrorCode::kBadRequest, "sqlite url needs a path: sqlite:PATH");
    writer_conn_ = std::make_unique<SqliteConnection>(path_, options_, false, statements_cached_);
    int readers = std::max(1, options_.read_pool_size);
    for (int i = 0; i < readers; ++i) {
      readers_.push_back(std::make_unique<SqliteConnection>(path_, options_, true, statements_cached_));
      free_readers_.push_back(readers_.back().get());
    }
    writer_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteDatabase() override { Close(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  DatabaseStats stats() const override {
    std::lock_guard lock(mu_);
    DatabaseStats s = stats_;
    s.write_queue_depth = static_cast<int64_t>(queue_.size());
    s.statements_cached = statements_cached_.load();
    s.engine_memory_bytes = sqlite3_memory_used();  // all of SQLite in this process: page caches, statements
    return s;
  }

  void Ping() override {
    Read([](Connection& c) { c.Query("SELECT 1"); });
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      if (closing_) return;  // closed, or another thread is closing it
      closing_ = true;
      stopping_ = true;
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    std::unique_lock lock(reader_mu_);
    reader_cv_.wait(lock, [&] { return free_readers_.size() == readers_.size(); });
    free_readers_.clear();
    readers_.clear();
    writer_conn_.reset();
  }

  void Backup(const std::string& dest_path) override {
    SqliteConnection source(path_, options_, true, statements_cached_);
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(dest);
      throw Error(ErrorCode::kUnavailable, "cannot create backup file '" + dest_path + "'");
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source.handle(), "main");
    if (!b) {
      std::string msg = sqlite3_errmsg(dest);
      sqlite3_close_v2(dest);
      throw Error(ErrorCode::kUnavailable, "backup failed: " + msg);
    }
    // One step copies every page under a single read transaction: a consistent snapshot.
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      std::string msg = sqlite3_errstr(rc);
      sqlite3_close_v2(dest);
      throw Error(ErrorCode::kUnavailable, "backup failed: " + msg);
    }
    sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    sqlite3_close_v2(dest);
  }

 protected:
  void RunRead(const std::function<void(Connection&)>& fn) override {
    SqliteConnection* conn = AcquireReader();
    struct Give {
      SqliteDatabase* self;
      SqliteConnection* c;
      ~Give() { self->ReleaseReader(c); }
    } give{this, conn};
    conn->Begin();
    try {
      fn(*conn);
    } catch (...) {
      conn->Rollback();
      throw;
    }
    conn->Commit();
  }

  void RunWrite(const std::function<void(Connection&)>& fn, bool /*rerunnable: one writer, no races*/) override {
    Job job{&fn, {}};
    std::future<void> done = job.promise.get_future();
    {
      std::lock_guard lock(mu_);
      if (stopping_) throw Error(ErrorCode::kUnavailable, "服务正在关闭 server is shutting down");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    done.get();
  }

 private:
  struct Job {
    const std::function<void(Connection&)>* fn;
    std::promise<void> promise;
  };

  SqliteConnection* AcquireReader() {
    std::unique_lock lock(reader_mu_);
    if (!reader_cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                             [&] { return !free_readers_.empty(); }))
      throw Error(ErrorCode::kUnavailable, "数据库繁忙 database busy");
    SqliteConnection* c = free_readers_.back();
    free_readers_.pop_back();
    return c;
  }
  void ReleaseReader(SqliteConnection* c) {
    {
      std::lock_guard lock(reader_mu_);
      free_readers_.push_back(c);
    }
    reader_cv_.notify_one();
  }

  void WriterLoop() {
    std::vector<Job*> batch;
    while (true) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) return;  // stopping and drained
        if (options_.commit_max_wait_us > 0 && queue_.size() < static_cast<size_t>(options_.commit_max_batch) &&
            !stopping_) {
          auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(options_.commit_max_wait_us);
          cv_.wait_until(lock, deadline, [&] {
            return queue_.size() >= static_cast<size_t>(options_.commit_max_batch) || stopping_;
          });
        }
        size_t n = std::min(queue_.size(), static_cast<size_t>(std::max(1, options_.commit_max_batch)));
        batch.assign(queue_.begin(), queue_.begin() + n);
        queue_.erase(queue_.begin(), queue_.begin() + n);
      }
      CommitBatch(batch);
    }
  }

  void CommitBatch(std::vector<Job*>& batch) {
    std::vector<std::exception_ptr> errors(batch.size());
    SqliteConnection& c = *writer_conn_;
    bool committed = false;
    std::exception_ptr batch_error;
    try {
      c.BeginImmediate();
      for (size_t i = 0; i < batch.size(); ++i) {
        c.Savepoint("fk_w");
        try {
          (*batch[i]->fn)(c);
          c.ReleaseSavepoint("fk_w");
        } catch (...) {
          errors[i] = std::current_exception();
          if (!c.InTransaction()) throw;  // SQLite rolled the whole transaction back (I/O error, disk full)
          c.RollbackToSavepoint("fk_w");
          c.ReleaseSavepoint("fk_w");
        }
      }
      c.Commit();
      committed = true;
    } catch (const Error& e) {
      batch_error = std::make_exception_ptr(
          e.code() == ErrorCode::kInternal ? Error(ErrorCode::kUnavailable, "数据库写入失败 database write failed") : e);
    } catch (...) {
      batch_error = std::make_exception_ptr(Error(ErrorCode::kUnavailable, "数据库写入失败 database write failed"));
    }
    if (!committed) c.Rollback();
    // Count before answering, so that stats() read after a Write returns includes it.
    {
      int64_t ok = 0;
      for (const auto& e : errors) ok += e ? 0 : 1;
      std::lock_guard lock(mu_);
      if (committed) {
        ++stats_.commits;
        stats_.committed_writes += ok;
        size_t b = 0;
        while (b < std::size(DatabaseStats::kBatchBuckets) &&
               static_cast<int>(batch.size()) > DatabaseStats::kBatchBuckets[b])
          ++b;
        ++stats_.batch_size_counts[b];
        stats_.batch_size_sum += static_cast<int64_t>(batch.size());
      } else {
        ++stats_.errors;
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (errors[i]) {
        batch[i]->promise.set_exception(errors[i]);
      } else if (!committed) {
        batch[i]->promise.set_exception(batch_error);
      } else {
        batch[i]->promise.set_value();
      }
    }
  }

  DatabaseOptions options_;
  std::string path_;
  std::atomic<int64_t> statements_cached_{0};  // declared before the connections that count into it
  std::unique_ptr<SqliteConnection> writer_conn_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> free_readers_;
  std::mutex reader_mu_;
  std::condition_variable reader_cv_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  bool closing_ = false;
  DatabaseStats stats_;
  std::thread writer_;
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const DatabaseOptions& options) {
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace fk::store
