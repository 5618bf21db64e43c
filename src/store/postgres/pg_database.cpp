#include "store/postgres/pg_database.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace fk::store {

namespace {

// Column type OIDs (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr const char* kConnectTimeoutSeconds = "5";
// Prepared statements kept per connection before they are all dropped.
constexpr size_t kMaxPreparedStatements = 1000;
// After a failed connect, callers fail fast for this long instead of retrying.
constexpr int64_t kReconnectBackoffNs = 500'000'000;

const char* const kUnavailableMessage = "数据库不可用 database unavailable";
const char* const kBusyMessage = "数据库繁忙 database busy";
const char* const kTimeoutMessage = "数据库超时 database timeout";
const char* const kRetryMessage = "请重试 retry";
// A rerunnable write (Database::WriteRerunnable) that PostgreSQL aborted as a deadlock victim,
// a serialization failure or a unique violation is run again this many times in all: two transactions that both checked "not there
// yet" and inserted (a cadre's round and the sweep's due round for the same period and day) meet
// at the unique index, and the loser's second run sees the winner's row. Two app servers on one
// database meet these under load; a true duplicate fails the same way on every run.
constexpr int kWriteAttempts = 4;
// The SQLSTATE of the last failed statement on this thread (RunWrite runs fn on its own thread).
thread_local std::string t_last_state;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConninfoDeleter {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::string FirstLine(const std::string& s) { return Trim(s.substr(0, s.find('\n'))); }

std::string ErrorField(const PGresult* res, int field) {
  if (!res) return {};
  const char* v = PQresultErrorField(res, field);
  return v ? std::string(v) : std::string();
}

void SilentNoticeProcessor(void*, const char*) {}

bool IsValidIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string CheckedIdentifier(std::string_view name) {
  if (!IsValidIdentifier(name)) {
    throw Error(ErrorCode::kInternal, "invalid savepoint name: " + std::string(name));
  }
  return std::string(name);
}

std::string FormatParam(const Value& v) {
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_real()) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v.as_real());
    if (ec != std::errc()) return std::to_string(v.as_real());
    return std::string(buf, end);
  }
  return v.text_ref();
}

Oid ParamType(const Value& v) {
  if (v.is_int()) return kInt8Oid;
  if (v.is_real()) return kFloat8Oid;
  return kTextOid;
}

Value ParseDouble(const char* s, int len) {
  double d = 0;
  auto [end, ec] = std::from_chars(s, s + len, d);
  if (ec == std::errc() && end == s + len) return Value(d);
  return Value(std::strtod(s, nullptr));
}

Value ParseInt(const char* s, int len) {
  int64_t i = 0;
  auto [end, ec] = std::from_chars(s, s + len, i);
  if (ec == std::errc() && end == s + len) return Value(static_cast<long long>(i));
  return ParseDouble(s, len);
}

Value ConvertField(const PGresult* res, int row, int col, Oid type) {
  if (PQgetisnull(res, row, col)) return Value();
  const char* s = PQgetvalue(res, row, col);
  int len = PQgetlength(res, row, col);
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return ParseInt(s, len);
    case kFloat4Oid:
    case kFloat8Oid:
      return ParseDouble(s, len);
    case kNumericOid:
      // SUM() of integers is numeric in PostgreSQL but an integer in SQLite:
      // a numeric without a fraction that fits in 64 bits stays an integer.
      if (std::memchr(s, '.', len) == nullptr && std::memchr(s, 'e', len) == nullptr &&
          std::memchr(s, 'E', len) == nullptr) {
        return ParseInt(s, len);
      }
      return ParseDouble(s, len);
    case kBoolOid:
      return Value(len > 0 && s[0] == 't');
    default:
      return Value(std::string(s, static_cast<size_t>(len)));
  }
}

bool IsChangeCommand(const char* status) {
  return std::strncmp(status, "INSERT", 6) == 0 || std::strncmp(status, "UPDATE", 6) == 0 ||
         std::strncmp(status, "DELETE", 6) == 0 || std::strncmp(status, "MERGE", 5) == 0;
}

// The parts of a connection URL safe to show: host, port and database.
std::string DescribeTarget(const std::string& url) {
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoDeleter> opts(PQconninfoParse(url.c_str(), &err));
  if (err) PQfreemem(err);
  std::string host = "localhost";
  std::string port = "5432";
  std::string db;
  if (opts) {
    for (PQconninfoOption* o = opts.get(); o->keyword; ++o) {
      if (!o->val || !*o->val) continue;
      if (std::strcmp(o->keyword, "host") == 0 || (std::strcmp(o->keyword, "hostaddr") == 0 && host == "localhost")) {
        host = o->val;
      } else if (std::strcmp(o->keyword, "port") == 0) {
        port = o->val;
      } else if (std::strcmp(o->keyword, "dbname") == 0) {
        db = o->val;
      }
    }
  }
  std::string out = host + ":" + port;
  if (!db.empty()) out += "/" + db;
  return out;
}

// Starts a transaction. A connection that died while idle in the pool (server
// restart, idle timeout) is only noticed here; nothing ran on it, so it is
// reset and the BEGIN tried once more.
void BeginOn(PgConnection& c, const std::string& begin) {
  try {
    c.Command(begin);
    return;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kUnavailable || c.Healthy()) throw;
  }
  c.Open();
  c.Command(begin);
}

}  // namespace

// ---------------------------------------------------------------- PgConnection

PgConnection::PgConnection(std::string url, const DatabaseOptions& options)
    : url_(std::move(url)), options_(options) {}

PgConnection::~PgConnection() { Disconnect(); }

void PgConnection::Disconnect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  broken_ = false;
}

bool PgConnection::Healthy() const { return conn_ && !broken_ && PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::Idle() const { return Healthy() && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

void PgConnection::Open(bool detail) {
  if (Healthy()) return;
  if (!conn_) {
    std::string tcp_user_timeout = std::to_string(std::max(10000, options_.busy_timeout_ms));
    // Entries before dbname may be overridden by the URL's own parameters.
    const char* keys[] = {"connect_timeout", "client_encoding", "application_name", "keepalives",
                          "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                          "dbname", nullptr};
    const char* values[] = {kConnectTimeoutSeconds, "UTF8", "fangkong", "1", "10", "5", "3",
                            tcp_user_timeout.c_str(), url_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_) throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
    PQsetNoticeProcessor(conn_, SilentNoticeProcessor, nullptr);
  } else {
    PQreset(conn_);
  }
  prepared_.clear();
  broken_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    std::string message = kUnavailableMessage;
    if (detail) message += ": " + FirstLine(PQerrorMessage(conn_));
    throw Error(ErrorCode::kUnavailable, message);
  }
  Command("SET statement_timeout = " + std::to_string(std::max(0, options_.statement_timeout_ms)) +
          "; SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'");
}

void PgConnection::Fail(PGresult* res) {
  std::string state = ErrorField(res, PG_DIAG_SQLSTATE);
  t_last_state = state;
  bool lost = !conn_ || PQstatus(conn_) != CONNECTION_OK || (!res && state.empty());
  if (lost || (state.starts_with("08") && state != "08P01") || state == "57P01" || state == "57P02" ||
      state == "57P03") {
    broken_ = true;
    throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
  }
  if (state == "57014") throw Error(ErrorCode::kUnavailable, kTimeoutMessage);
  if (state.starts_with("53")) throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
  if (state == "55P03") throw Error(ErrorCode::kUnavailable, kBusyMessage);
  if (state == "40001" || state == "40P01") throw Error(ErrorCode::kConflict, kRetryMessage);
  if (state.starts_with("23")) {
    std::string what = ErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    if (what.empty()) what = ErrorField(res, PG_DIAG_COLUMN_NAME);
    throw Error(ErrorCode::kConflict, "数据冲突 conflict: " + what);
  }
  std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
  throw Error(ErrorCode::kInternal, "PostgreSQL " + state + ": " + Trim(message));
}

void PgConnection::Command(const std::string& sql) {
  if (!Healthy()) {
    broken_ = true;
    throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
  }
  ResultPtr res(PQexec(conn_, sql.c_str()));
  ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) Fail(res.get());
}

const PgConnection::Prepared& PgConnection::Prepare(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPreparedStatements) {
    Command("DEALLOCATE ALL");
    prepared_.clear();
  }
  Prepared p;
  std::string rewritten = RewritePlaceholdersForPostgres(sql, &p.param_count);
  p.name = "s" + std::to_string(++next_statement_);

  // Parameter types are left to the server. Where it cannot tell (`? IS
  // NULL`), prepare again with types taken from the first call's values; a
  // savepoint keeps a failed first attempt from aborting the transaction.
  bool in_transaction = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
  if (in_transaction && p.param_count > 0) Command("SAVEPOINT fk_prepare");
  ResultPtr res(PQprepare(conn_, p.name.c_str(), rewritten.c_str(), 0, nullptr));
  if (res && PQresultStatus(res.get()) == PGRES_COMMAND_OK) {
    if (in_transaction && p.param_count > 0) Command("RELEASE SAVEPOINT fk_prepare");
    return prepared_.emplace(std::move(key), std::move(p)).first->second;
  }
  if (ErrorField(res.get(), PG_DIAG_SQLSTATE) != "42P18" || !Healthy() ||
      static_cast<int>(params.size()) != p.param_count) {
    Fail(res.get());
  }
  if (in_transaction && p.param_count > 0) {
    Command("ROLLBACK TO SAVEPOINT fk_prepare");
    Command("RELEASE SAVEPOINT fk_prepare");
  }
  std::vector<Oid> types;
  for (const Value& v : params) types.push_back(ParamType(v));
  res.reset(PQprepare(conn_, p.name.c_str(), rewritten.c_str(), p.param_count, types.data()));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) Fail(res.get());
  return prepared_.emplace(std::move(key), std::move(p)).first->second;
}

Result PgConnection::Query(std::string_view sql, const Params& params) {
  if (!Healthy()) {
    broken_ = true;
    throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
  }
  const Prepared& p = Prepare(sql, params);
  if (p.param_count > 0 && static_cast<size_t>(p.param_count) != params.size()) {
    throw Error(ErrorCode::kInternal, "statement wants " + std::to_string(p.param_count) + " parameters, got " +
                                          std::to_string(params.size()));
  }
  std::vector<std::string> storage;
  std::vector<const char*> values;
  storage.reserve(params.size());
  values.reserve(params.size());
  for (const Value& v : params) {
    if (v.is_null()) {
      values.push_back(nullptr);
    } else {
      storage.push_back(FormatParam(v));
      values.push_back(storage.back().c_str());
    }
  }
  ResultPtr res(PQexecPrepared(conn_, p.name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                               nullptr, 0));
  ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string state = ErrorField(res.get(), PG_DIAG_SQLSTATE);
    // A plan invalidated by a schema change, or a statement dropped behind our
    // back: prepare it afresh next time.
    if (state == "0A000" || state == "26000") prepared_.erase(std::string(sql));
    Fail(res.get());
  }

  Result out;
  if (status == PGRES_TUPLES_OK) {
    int rows = PQntuples(res.get());
    int cols = PQnfields(res.get());
    std::vector<Oid> types(cols);
    for (int c = 0; c < cols; ++c) types[c] = PQftype(res.get(), c);
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> values_out;
      values_out.reserve(cols);
      for (int c = 0; c < cols; ++c) values_out.push_back(ConvertField(res.get(), r, c, types[c]));
      out.rows.emplace_back(std::move(values_out));
    }
  }
  if (IsChangeCommand(PQcmdStatus(res.get()))) {
    const char* n = PQcmdTuples(res.get());
    if (n && *n) out.affected = std::strtoll(n, nullptr, 10);
  }
  return out;
}

void PgConnection::ExecScript(std::string_view sql) { Command(std::string(sql)); }

void PgConnection::Begin() { Command("BEGIN"); }

void PgConnection::Commit() { Command("COMMIT"); }

void PgConnection::Rollback() { Command("ROLLBACK"); }

void PgConnection::Savepoint(std::string_view name) { Command("SAVEPOINT " + CheckedIdentifier(name)); }

void PgConnection::ReleaseSavepoint(std::string_view name) {
  Command("RELEASE SAVEPOINT " + CheckedIdentifier(name));
}

void PgConnection::RollbackToSavepoint(std::string_view name) {
  Command("ROLLBACK TO SAVEPOINT " + CheckedIdentifier(name));
}

// ---------------------------------------------------------------- PgDatabase

// Holds a pooled connection for one transaction; gives it back on scope exit.
class PgDatabase::Lease {
 public:
  explicit Lease(PgDatabase& db) : db_(db), conn_(db.Acquire()) {}
  ~Lease() { db_.Release(conn_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  PgConnection& conn() { return *conn_; }

 private:
  PgDatabase& db_;
  PgConnection* conn_;
};

PgDatabase::PgDatabase(const DatabaseOptions& options) : options_(options), url_(options.url) {
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoDeleter> parsed(PQconninfoParse(url_.c_str(), &err));
  if (err) PQfreemem(err);  // may echo parts of the URL: not shown
  if (!parsed) throw Error(ErrorCode::kBadRequest, "数据库地址无效 invalid PostgreSQL URL");

  int size = std::max(2, options_.read_pool_size);
  for (int i = 0; i < size; ++i) connections_.push_back(std::make_unique<PgConnection>(url_, options_));
  // idle_ is a stack: the most recently used connection is taken first.
  for (auto it = connections_.rbegin(); it != connections_.rend(); ++it) idle_.push_back(it->get());

  try {
    connections_.front()->Open(true);
  } catch (const Error& e) {
    connections_.front()->Disconnect();
    std::string message = e.message();
    std::string prefix = kUnavailableMessage;
    if (message.starts_with(prefix)) message = message.substr(prefix.size());
    if (message.starts_with(": ")) message = message.substr(2);
    throw Error(ErrorCode::kUnavailable, std::string(kUnavailableMessage) + ": cannot connect to PostgreSQL at " +
                                             DescribeTarget(url_) + (message.empty() ? "" : " (" + message + ")"));
  }
}

PgDatabase::~PgDatabase() { Close(); }

PgConnection* PgDatabase::Acquire() {
  PgConnection* conn = nullptr;
  {
    std::unique_lock lock(mu_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, options_.busy_timeout_ms));
    if (!cv_.wait_until(lock, deadline, [&] { return closed_ || !idle_.empty(); })) {
      throw Error(ErrorCode::kUnavailable, kBusyMessage);
    }
    if (closed_) throw Error(ErrorCode::kUnavailable, "数据库已关闭 database closed");
    conn = idle_.back();
    idle_.pop_back();
  }
  if (conn->Healthy()) return conn;
  if (NowNs() < down_until_ns_.load()) {
    Release(conn);
    throw Error(ErrorCode::kUnavailable, kUnavailableMessage);
  }
  try {
    conn->Open();
  } catch (...) {
    down_until_ns_.store(NowNs() + kReconnectBackoffNs);
    Release(conn);
    throw;
  }
  down_until_ns_.store(0);
  return conn;
}

void PgDatabase::Release(PgConnection* conn) {
  if (conn->Healthy() && !conn->Idle()) {
    // Left inside a transaction (a failed COMMIT or ROLLBACK): clean up now or
    // reset the connection when it is next taken.
    try {
      conn->Rollback();
    } catch (...) {
      conn->MarkBroken();
    }
    if (!conn->Idle()) conn->MarkBroken();
  }
  std::lock_guard lock(mu_);
  idle_.push_back(conn);
  if (closed_) {
    cv_.notify_all();
  } else {
    cv_.notify_one();
  }
}

void PgDatabase::RunRead(const std::function<void(Connection&)>& fn) {
  Lease lease(*this);
  PgConnection& c = lease.conn();
  BeginOn(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    fn(c);
  } catch (...) {
    try {
      c.Rollback();
    } catch (...) {
      c.MarkBroken();
    }
    throw;
  }
  c.Commit();
}

void PgDatabase::RunWrite(const std::function<void(Connection&)>& fn, bool rerunnable) {
  // The whole transaction is rolled back on a deadlock or serialization failure, so it is safe
  // to run fn again on a fresh transaction (write functions return their results, see Database::Write).
  for (int attempt = 1;; ++attempt) {
    t_last_state.clear();
    try {
      RunWriteOnce(fn);
      return;
    } catch (const Error& e) {
      bool again = e.code() == ErrorCode::kConflict &&
                   (t_last_state == "40001" || t_last_state == "40P01" || t_last_state == "23505");
      if (!rerunnable || attempt >= kWriteAttempts || !again) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt * (1 + std::rand() % 20)));
  }
}

void PgDatabase::RunWriteOnce(const std::function<void(Connection&)>& fn) {
  struct DepthGuard {
    std::atomic<int64_t>& depth;
    explicit DepthGuard(std::atomic<int64_t>& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  } depth_guard(write_queue_depth_);

  bool database_failure = true;  // false when fn itself threw an application error
  try {
    Lease lease(*this);
    PgConnection& c = lease.conn();
    BeginOn(c, "BEGIN");
    try {
      fn(c);
    } catch (const Error& e) {
      database_failure = e.code() == ErrorCode::kUnavailable;
      try {
        c.Rollback();
      } catch (...) {
        c.MarkBroken();
      }
      throw;
    } catch (...) {
      database_failure = false;
      try {
        c.Rollback();
      } catch (...) {
        c.MarkBroken();
      }
      throw;
    }
    c.Commit();
  } catch (...) {
    if (database_failure) {
      std::lock_guard lock(stats_mu_);
      ++stats_.errors;
    }
    throw;
  }
  std::lock_guard lock(stats_mu_);
  ++stats_.commits;
  ++stats_.committed_writes;
  ++stats_.batch_size_counts[0];  // every PostgreSQL commit carries one write
  ++stats_.batch_size_sum;
}

DatabaseStats PgDatabase::stats() const {
  std::lock_guard lock(stats_mu_);
  DatabaseStats out = stats_;
  out.write_queue_depth = write_queue_depth_.load();
  return out;
}

void PgDatabase::Ping() {
  Lease lease(*this);
  lease.conn().Query("SELECT 1");
}

void PgDatabase::Close() {
  std::unique_lock lock(mu_);
  closed_ = true;
  cv_.notify_all();
  cv_.wait(lock, [&] { return idle_.size() == connections_.size(); });
  for (auto& c : connections_) c->Disconnect();
}

void PgDatabase::Backup(const std::string& dest_path) {
  throw Error(ErrorCode::kBadRequest, "PostgreSQL: use pg_dump for backups");
}

std::unique_ptr<Database> OpenPostgres(const DatabaseOptions& options) {
  return std::make_unique<PgDatabase>(options);
}

}  // namespace fk::store
