// PostgreSQL-specific tests of PgDatabase. The shared typed store suite covers
// the common contract; these cover the pool, timeouts and error mapping. Tests
// that need a server are skipped unless FK_TEST_PG_URL is set (scripts/with-pg).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "store/database.h"
#include "store/postgres/pg_database.h"

namespace fk::store {
namespace {

using std::chrono::steady_clock;

std::string TestUrl() {
  const char* url = std::getenv("FK_TEST_PG_URL");
  return url ? url : "";
}

DatabaseOptions Options(std::string url, int pool = 4, int busy_ms = 5000, int statement_ms = 10000) {
  DatabaseOptions o;
  o.url = std::move(url);
  o.read_pool_size = pool;
  o.busy_timeout_ms = busy_ms;
  o.statement_timeout_ms = statement_ms;
  return o;
}

// A loopback port nothing listens on (bound, then released).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

template <typename F>
ErrorCode CodeOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected fk::Error";
  return ErrorCode::kInternal;
}

TEST(PgOpen, ClosedPortIsUnavailableFast) {
  std::string url = "postgresql://fk_user:s3cret-pw@127.0.0.1:" + std::to_string(ClosedPort()) + "/nowhere";
  auto start = steady_clock::now();
  try {
    OpenPostgres(Options(url));
    FAIL() << "expected kUnavailable";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(e.message().find("127.0.0.1"), std::string::npos) << e.message();
    EXPECT_EQ(e.message().find("s3cret-pw"), std::string::npos) << e.message();
  }
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(6));
}

TEST(PgOpen, MalformedUrlIsBadRequest) {
  EXPECT_EQ(CodeOf([] { OpenPostgres(Options("postgresql://u:pw@host/db?nonsense_option=1")); }),
            ErrorCode::kBadRequest);
}

TEST(PgOpen, OpenDatabaseDispatchesPostgresUrls) {
  std::string url = "postgres://127.0.0.1:" + std::to_string(ClosedPort()) + "/nowhere";
  EXPECT_EQ(CodeOf([&] { OpenDatabase(Options(url)); }), ErrorCode::kUnavailable);
}

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = TestUrl();
    if (url_.empty()) GTEST_SKIP() << "FK_TEST_PG_URL is not set (run under scripts/with-pg)";
    db_ = OpenPostgres(Options(url_));
    db_->Write([](Connection& c) {
      c.ExecScript(
          "DROP SCHEMA IF EXISTS fk_pg_test CASCADE;"
          "CREATE SCHEMA fk_pg_test;"
          "CREATE TABLE fk_pg_test.items (id BIGSERIAL PRIMARY KEY, code TEXT NOT NULL,"
          "  qty INTEGER, price DOUBLE PRECISION, CONSTRAINT items_code_key UNIQUE (code));");
    });
  }
  void TearDown() override {
    if (db_) db_->Write([](Connection& c) { c.ExecScript("DROP SCHEMA IF EXISTS fk_pg_test CASCADE"); });
  }

  int64_t CountItems(Database& db) {
    return db.Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM fk_pg_test.items")->Int(0); });
  }

  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(PgDatabaseTest, DialectAndPing) {
  EXPECT_EQ(db_->dialect(), Dialect::kPostgres);
  db_->Ping();
}

TEST_F(PgDatabaseTest, ValuesConvertByColumnType) {
  Row row = db_->Read([](Connection& c) {
    return *c.QueryOne(
        "SELECT 7::int2, 70000::int4, 9000000000::int8, 1.5::float4, 2.25::float8, 3.5::numeric,"
        " 12::numeric, true, false, 'text ''quoted'' ?', NULL::int, ?::text, ?::int8, ?::float8",
        {"参数", 42, 0.1});
  });
  ASSERT_EQ(row.size(), 14u);
  EXPECT_TRUE(row.at(0).is_int());
  EXPECT_EQ(row.Int(0), 7);
  EXPECT_EQ(row.Int(1), 70000);
  EXPECT_EQ(row.Int(2), 9000000000LL);
  EXPECT_TRUE(row.at(3).is_real());
  EXPECT_DOUBLE_EQ(row.Real(3), 1.5);
  EXPECT_DOUBLE_EQ(row.Real(4), 2.25);
  EXPECT_TRUE(row.at(5).is_real());
  EXPECT_DOUBLE_EQ(row.Real(5), 3.5);
  EXPECT_TRUE(row.at(6).is_int());  // integral numeric (SUM of integers) stays an integer
  EXPECT_EQ(row.Int(6), 12);
  EXPECT_TRUE(row.at(7).is_int());
  EXPECT_EQ(row.Int(7), 1);
  EXPECT_EQ(row.Int(8), 0);
  EXPECT_EQ(row.Text(9), "text 'quoted' ?");
  EXPECT_TRUE(row.IsNull(10));
  EXPECT_EQ(row.Text(11), "参数");
  EXPECT_EQ(row.Int(12), 42);
  EXPECT_DOUBLE_EQ(row.Real(13), 0.1);
}

TEST_F(PgDatabaseTest, InsertUpdateDeleteReportAffectedRows) {
  db_->Write([](Connection& c) {
    Result r = c.Query("INSERT INTO fk_pg_test.items (code, qty, price) VALUES (?, ?, ?), (?, ?, ?) RETURNING id",
                       {"a", 1, 1.5, "b", nullptr, nullptr});
    EXPECT_EQ(r.affected, 2);
    EXPECT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(c.Exec("UPDATE fk_pg_test.items SET qty = ? WHERE qty IS NULL", {5}), 1);
    EXPECT_EQ(c.Query("SELECT * FROM fk_pg_test.items").affected, 0);
    EXPECT_EQ(c.Exec("DELETE FROM fk_pg_test.items WHERE code = ?", {"zzz"}), 0);
  });
  EXPECT_EQ(CountItems(*db_), 2);
}

TEST_F(PgDatabaseTest, UntypedNullCheckParameter) {
  db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code, qty) VALUES ('a', 1), ('b', 2)"); });
  auto count = [&](Value filter) {
    return db_->Read([&](Connection& c) {
      return c.QueryOne("SELECT COUNT(*) FROM fk_pg_test.items WHERE (? IS NULL OR code = ?)", {filter, filter})
          ->Int(0);
    });
  };
  EXPECT_EQ(count(nullptr), 2);
  EXPECT_EQ(count("a"), 1);
  EXPECT_EQ(count("none"), 0);
}

TEST_F(PgDatabaseTest, UniqueViolationIsConflict) {
  db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES (?)", {"dup"}); });
  try {
    db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES (?)", {"dup"}); });
    FAIL() << "expected kConflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_NE(e.message().find("items_code_key"), std::string::npos) << e.message();
    EXPECT_EQ(e.message().find("INSERT"), std::string::npos) << e.message();
  }
  EXPECT_EQ(CodeOf([&] {
              db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES (NULL)"); });
            }),
            ErrorCode::kConflict);
  EXPECT_EQ(CountItems(*db_), 1);
}

TEST_F(PgDatabaseTest, WriteRolledBackWhenFnThrows) {
  EXPECT_THROW(db_->Write([](Connection& c) {
    c.Exec("INSERT INTO fk_pg_test.items (code) VALUES (?)", {"gone"});
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(CountItems(*db_), 0);
  // The connection is clean afterwards.
  db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES (?)", {"kept"}); });
  EXPECT_EQ(CountItems(*db_), 1);
  DatabaseStats s = db_->stats();
  EXPECT_GE(s.commits, 2);
  EXPECT_EQ(s.write_queue_depth, 0);
  EXPECT_EQ(s.batch_size_counts[0], s.commits);
}

TEST_F(PgDatabaseTest, SavepointsUndoPartOfAWrite) {
  db_->Write([](Connection& c) {
    c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('keep')");
    c.Savepoint("sp1");
    c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('drop')");
    c.RollbackToSavepoint("sp1");
    c.ReleaseSavepoint("sp1");
  });
  EXPECT_EQ(CountItems(*db_), 1);
}

TEST_F(PgDatabaseTest, ReadTransactionIsReadOnly) {
  EXPECT_EQ(CodeOf([&] { db_->Read([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('x')"); }); }),
            ErrorCode::kInternal);
  db_->Ping();
}

TEST_F(PgDatabaseTest, SqlErrorIsInternalAndConnectionSurvives) {
  EXPECT_EQ(CodeOf([&] { db_->Read([](Connection& c) { c.Query("SELEKT 1"); }); }), ErrorCode::kInternal);
  EXPECT_EQ(CodeOf([&] { db_->Read([](Connection& c) { c.Query("SELECT ?, ?", {1}); }); }), ErrorCode::kInternal);
  for (int i = 0; i < 10; ++i) db_->Ping();
}

// Two writes that lock the same two rows in opposite orders: PostgreSQL aborts one as the
// deadlock victim (40P01); RunWrite runs it again, so both succeed (found by two app servers
// under tests/reliability/two_servers.sh: gate events answered 409 "retry").
TEST_F(PgDatabaseTest, DeadlockVictimIsRunAgain) {
  db_->Write([](Connection& c) {
    c.Exec("INSERT INTO fk_pg_test.items (code, qty) VALUES ('a', 0), ('b', 0)");
  });
  std::atomic<int> first_attempts{0};
  std::atomic<int> runs{0};
  auto write = [&](const char* one, const char* two) {
    db_->WriteRerunnable([&](Connection& c) {
      runs++;
      c.Exec(std::string("UPDATE fk_pg_test.items SET qty = qty + 1 WHERE code = '") + one + "'");
      if (first_attempts.fetch_add(1) < 2) {
        // First attempts only: wait until both hold their first row.
        auto until = steady_clock::now() + std::chrono::seconds(5);
        while (first_attempts.load() < 2 && steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      c.Exec(std::string("UPDATE fk_pg_test.items SET qty = qty + 1 WHERE code = '") + two + "'");
    });
  };
  auto a = std::async(std::launch::async, [&] { write("a", "b"); });
  auto b = std::async(std::launch::async, [&] { write("b", "a"); });
  EXPECT_NO_THROW(a.get());
  EXPECT_NO_THROW(b.get());
  EXPECT_GE(runs.load(), 3) << "one of the two was the deadlock victim and ran again";
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT SUM(qty) FROM fk_pg_test.items")->Int(0); }), 4)
      << "each write counted once";
}

// Two writes that both find no row and insert the same unique key: the loser's run fails at the
// unique index (23505); run again, it sees the winner's row and updates it instead (the cadre's
// round against the sweep's due round on two servers answered 409 "observation_rounds_due").
TEST_F(PgDatabaseTest, UniqueRaceLoserIsRunAgainAndSeesTheWinner) {
  std::atomic<int> first_attempts{0};
  std::atomic<int> runs{0};
  auto write = [&] {
    db_->WriteRerunnable([&](Connection& c) {
      runs++;
      bool found = c.QueryOne("SELECT id FROM fk_pg_test.items WHERE code = 'x'").has_value();
      if (first_attempts.fetch_add(1) < 2) {
        auto until = steady_clock::now() + std::chrono::seconds(5);
        while (first_attempts.load() < 2 && steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      if (found) {
        c.Exec("UPDATE fk_pg_test.items SET qty = qty + 1 WHERE code = 'x'");
      } else {
        c.Exec("INSERT INTO fk_pg_test.items (code, qty) VALUES ('x', 1)");
      }
    });
  };
  auto a = std::async(std::launch::async, write);
  auto b = std::async(std::launch::async, write);
  EXPECT_NO_THROW(a.get());
  EXPECT_NO_THROW(b.get());
  EXPECT_EQ(runs.load(), 3) << "the loser ran twice";
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT qty FROM fk_pg_test.items WHERE code = 'x'")->Int(0); }), 2);
}

TEST_F(PgDatabaseTest, UniqueViolationStaysAConflict) {
  db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('dup')"); });
  int runs = 0;
  EXPECT_EQ(CodeOf([&] {
              db_->WriteRerunnable([&](Connection& c) {
                ++runs;
                c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('dup')");
              });
            }),
            ErrorCode::kConflict);
  EXPECT_GE(runs, 2);
}

// A plain Write runs exactly once: its function may change captured state (seal inputs in
// place, count into the caller's result), so a deadlock or unique race answers 409 instead.
TEST_F(PgDatabaseTest, PlainWriteIsNeverRunAgain) {
  db_->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('once')"); });
  int runs = 0;
  EXPECT_EQ(CodeOf([&] {
              db_->Write([&](Connection& c) {
                ++runs;
                c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('once')");
              });
            }),
            ErrorCode::kConflict);
  EXPECT_EQ(runs, 1);
}

TEST_F(PgDatabaseTest, PoolTimesOutWhenAllConnectionsHeld) {
  auto db = OpenPostgres(Options(url_, /*pool=*/2, /*busy_ms=*/200));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      db->Read([&](Connection& c) {
        c.Query("SELECT 1");
        ++holding;
        released.wait();
      });
    });
  }
  while (holding.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  auto start = steady_clock::now();
  try {
    db->Read([](Connection& c) { c.Query("SELECT 1"); });
    ADD_FAILURE() << "expected kUnavailable";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(e.message().find("busy"), std::string::npos) << e.message();
  }
  auto waited = steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::seconds(2));

  release.set_value();
  for (auto& t : holders) t.join();
  db->Ping();
}

TEST_F(PgDatabaseTest, WaiterGetsReleasedConnection) {
  auto db = OpenPostgres(Options(url_, 2, 5000));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      db->Read([&](Connection&) {
        ++holding;
        released.wait();
      });
    });
  }
  while (holding.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // A third caller waits (within busy_timeout_ms) and gets a released connection.
  auto waiter = std::async(std::launch::async, [&] {
    db->Write([](Connection& c) { c.Exec("INSERT INTO fk_pg_test.items (code) VALUES ('waited')"); });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(db->stats().write_queue_depth, 1);
  release.set_value();
  for (auto& t : holders) t.join();
  waiter.get();
  EXPECT_EQ(db->stats().write_queue_depth, 0);
  EXPECT_EQ(db->stats().committed_writes, 1);
  EXPECT_EQ(CountItems(*db), 1);
}

TEST_F(PgDatabaseTest, StatementTimeoutIsUnavailable) {
  auto db = OpenPostgres(Options(url_, 2, 5000, /*statement_ms=*/100));
  auto start = steady_clock::now();
  try {
    db->Read([](Connection& c) { c.Query("SELECT pg_sleep(3)"); });
    FAIL() << "expected kUnavailable";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(e.message().find("timeout"), std::string::npos) << e.message();
  }
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(2));
  db->Ping();
}

TEST_F(PgDatabaseTest, BrokenConnectionIsResetOnNextUse) {
  auto db = OpenPostgres(Options(url_, 2));
  // Kill every backend of this pool; the next transactions must still work
  // (at most one may fail with kUnavailable per broken connection).
  for (int round = 0; round < 2; ++round) {
    try {
      db->Read([](Connection& c) { c.Query("SELECT pg_terminate_backend(pg_backend_pid())"); });
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    }
  }
  int ok = 0;
  for (int i = 0; i < 5; ++i) {
    try {
      db->Ping();
      ++ok;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
      std::this_thread::sleep_for(std::chrono::milliseconds(600));  // past the reconnect back-off
    }
  }
  EXPECT_GE(ok, 3);
  db->Ping();
}

TEST_F(PgDatabaseTest, BackupIsBadRequest) {
  EXPECT_EQ(CodeOf([&] { db_->Backup("/tmp/never"); }), ErrorCode::kBadRequest);
}

TEST_F(PgDatabaseTest, CloseRefusesFurtherWork) {
  auto db = OpenPostgres(Options(url_, 2));
  db->Ping();
  db->Close();
  db->Close();
  EXPECT_EQ(CodeOf([&] { db->Ping(); }), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace fk::store
