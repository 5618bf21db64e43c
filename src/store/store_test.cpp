// The store contract (store/database.h, store/migrations.h), written once and
// run on both backends: the parameter "sqlite" opens a fresh file in a fresh
// temporary folder per test; "postgres" uses FK_TEST_PG_URL (scripts/with-pg)
// and is skipped when it is unset, starting each test from an empty public
// schema. Tests of one backend's own behaviour (STRICT tables, PRAGMAs, online
// backup) skip themselves on the other.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "store/database.h"
#include "store/migrations.h"

namespace fk::store {
namespace {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs f and returns the fk::Error it throws; fails the test when it throws nothing.
template <typename F>
Error ErrorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected fk::Error";
  return Error(ErrorCode::kInternal, "no error thrown");
}

// A portable test table: every Value kind, a unique key.
constexpr const char* kItemsTable =
    "CREATE TABLE items (id ${ID}, k TEXT NOT NULL UNIQUE, n ${BIGINT}, r ${REAL}, t TEXT) ${STRICT}";
constexpr const char* kInsertItem = "INSERT INTO items (k, n, r, t) VALUES (?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertKey = "INSERT INTO items (k) VALUES (?)";
constexpr const char* kCountItems = "SELECT COUNT(*) FROM items";

struct NotAnFkError {
  int value;
};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      const char* url = std::getenv("FK_TEST_PG_URL");
      if (!url || !*url) GTEST_SKIP() << "FK_TEST_PG_URL is not set (run under scripts/with-pg)";
      url_ = url;
      db_ = Open();
      db_->Write([](Connection& c) { c.ExecScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"); });
    } else {
      std::string pattern = (std::filesystem::temp_directory_path() / "fk-store-test.XXXXXX").string();
      ASSERT_NE(mkdtemp(pattern.data()), nullptr);
      dir_ = pattern;
      url_ = "sqlite:" + (dir_ / "store.db").string();
      db_ = Open();
    }
  }

  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  bool IsSqlite() const { return GetParam() == Backend::kSqlite; }
  Dialect dialect() const { return IsSqlite() ? Dialect::kSqlite : Dialect::kPostgres; }

  DatabaseOptions Options() const {
    DatabaseOptions o;
    o.url = url_;
    o.read_pool_size = 8;
    return o;
  }
  std::unique_ptr<Database> Open(const DatabaseOptions& o) { return OpenDatabase(o); }
  std::unique_ptr<Database> Open() { return Open(Options()); }

  // Closes db_ and opens the same database again with other options.
  void Reopen(const DatabaseOptions& o) {
    db_.reset();
    db_ = Open(o);
  }

  void CreateItems() {
    db_->Write([&](Connection& c) { c.ExecScript(ExpandMacros(kItemsTable, dialect())); });
  }
  int64_t CountItems() {
    return db_->Read([](Connection& c) { return c.QueryOne(kCountItems)->Int(0); });
  }
  std::multiset<std::string> Keys() {
    return db_->Read([](Connection& c) {
      std::multiset<std::string> out;
      for (const Row& row : c.Query("SELECT k FROM items").rows) out.insert(row.Text(0));
      return out;
    });
  }

  std::string url_;
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

// ---------------------------------------------------------------- Query

TEST_P(StoreTest, DialectAndPing) {
  EXPECT_EQ(db_->dialect(), dialect());
  db_->Ping();
}

TEST_P(StoreTest, BindsAndReadsBackEveryValueKind) {
  CreateItems();
  const int64_t big = (int64_t{1} << 62) + 12345;
  const int64_t negative = -(int64_t{1} << 62) - 7;
  const std::string chinese = "发热 37.3°C · 咳嗽；东湖街道“健康码”✓";
  db_->Write([&](Connection& c) {
    c.Query(kInsertItem, {"big", big, 37.25, chinese});
    c.Query(kInsertItem, {"neg", negative, -0.1, ""});
    c.Query(kInsertItem, {"nulls", nullptr, nullptr, nullptr});
    c.Query(kInsertItem, {"opt", std::optional<int64_t>(), std::optional<double>(1e-3), std::optional<std::string>()});
    c.Query(kInsertItem, {"bool", true, 0.0, std::string_view("视图")});
  });

  auto rows = db_->Read([](Connection& c) {
    std::map<std::string, Row> out;
    for (Row& row : c.Query("SELECT k, n, r, t FROM items").rows) out.emplace(row.Text(0), std::move(row));
    return out;
  });
  ASSERT_EQ(rows.size(), 5u);

  const Row& b = rows.at("big");
  EXPECT_TRUE(b.at(1).is_int());
  EXPECT_EQ(b.Int(1), big);
  EXPECT_EQ(b.OptInt(1), big);
  EXPECT_DOUBLE_EQ(b.Real(2), 37.25);
  EXPECT_EQ(b.Text(3), chinese);
  EXPECT_FALSE(b.IsNull(3));

  const Row& n = rows.at("neg");
  EXPECT_EQ(n.Int(1), negative);
  EXPECT_DOUBLE_EQ(n.Real(2), -0.1);  // shortest round-trip form survives the text protocol
  EXPECT_EQ(n.Text(3), "");
  EXPECT_FALSE(n.IsNull(3));  // empty text is not NULL

  const Row& z = rows.at("nulls");
  for (size_t i = 1; i <= 3; ++i) EXPECT_TRUE(z.IsNull(i)) << "column " << i;
  EXPECT_EQ(z.OptInt(1), std::nullopt);
  EXPECT_EQ(z.OptReal(2), std::nullopt);
  EXPECT_EQ(z.OptText(3), std::nullopt);

  const Row& o = rows.at("opt");
  EXPECT_TRUE(o.IsNull(1));
  EXPECT_DOUBLE_EQ(o.Real(2), 1e-3);
  EXPECT_TRUE(o.IsNull(3));

  const Row& t = rows.at("bool");
  EXPECT_EQ(t.Int(1), 1);
  EXPECT_TRUE(t.Bool(1));
  EXPECT_EQ(t.Text(3), "视图");

  // Parameters bind in WHERE clauses too, text and large integers alike.
  auto hit = db_->Read([&](Connection& c) { return c.QueryOne("SELECT k FROM items WHERE t = ?", {chinese}); });
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->Text(0), "big");
  auto by_int = db_->Read([&](Connection& c) { return c.QueryOne("SELECT k FROM items WHERE n = ?", {big}); });
  ASSERT_TRUE(by_int.has_value());
  EXPECT_EQ(by_int->Text(0), "big");
}

TEST_P(StoreTest, AffectedCountsReturningAndEmptyQueryOne) {
  CreateItems();
  db_->Write([](Connection& c) {
    Result inserted = c.Query(kInsertItem, {"a", 1, 1.0, "x"});
    EXPECT_EQ(inserted.affected, 1);
    ASSERT_EQ(inserted.rows.size(), 1u);
    EXPECT_GT(inserted.front().Int(0), 0);

    EXPECT_EQ(c.Exec("INSERT INTO items (k, n) VALUES (?, ?), (?, ?), (?, ?)", {"b", 2, "c", 3, "d", 4}), 3);
    EXPECT_EQ(c.Exec("UPDATE items SET t = ? WHERE n >= ?", {"更新", 3}), 2);
    // A statement that changes no rows reports 0, not the count of the DML before it.
    EXPECT_EQ(c.Exec("CREATE INDEX items_n ON items (n)"), 0);
    EXPECT_EQ(c.Exec("UPDATE items SET t = ? WHERE n > ?", {"none", 100}), 0);
    EXPECT_EQ(c.Query("SELECT k FROM items").affected, 0);
    EXPECT_EQ(c.Exec("DELETE FROM items WHERE n <= ?", {2}), 2);
    EXPECT_EQ(c.Exec("DELETE FROM items WHERE k = ?", {"missing"}), 0);
  });

  // RETURNING id: ids are distinct and increasing, and find their rows.
  auto [id1, id2] = db_->Write([](Connection& c) {
    int64_t a = c.QueryOne(kInsertItem, {"e", 5, 0.5, "五"})->Int(0);
    int64_t b = c.QueryOne(kInsertItem, {"f", 6, 0.5, "六"})->Int(0);
    return std::pair{a, b};
  });
  EXPECT_LT(id1, id2);
  int64_t second = id2;  // clang 14 cannot capture a structured binding in a lambda
  auto row = db_->Read([&](Connection& c) { return c.QueryOne("SELECT k, t FROM items WHERE id = ?", {second}); });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Text(0), "f");
  EXPECT_EQ(row->Text(1), "六");

  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT k FROM items WHERE k = ?", {"nobody"}); }),
            std::nullopt);
  EXPECT_EQ(CountItems(), 4);  // c, d, e, f
  EXPECT_EQ(db_->Write([](Connection& c) { return c.Exec("DELETE FROM items"); }), 4);
  EXPECT_EQ(CountItems(), 0);
}

// ---------------------------------------------------------------- Write

TEST_P(StoreTest, WriteReturnsWhatFnReturns) {
  CreateItems();
  int64_t id = db_->Write([](Connection& c) { return c.QueryOne(kInsertItem, {"w", 7, 7.5, "七"})->Int(0); });
  std::string text = db_->Write([](Connection& c) { return std::string("返回值"); });
  EXPECT_EQ(text, "返回值");
  EXPECT_EQ(db_->Read([&](Connection& c) { return c.QueryOne("SELECT k FROM items WHERE id = ?", {id})->Text(0); }),
            "w");
}

TEST_P(StoreTest, StatsCountAWriteBeforeItReturns) {
  CreateItems();
  for (int i = 0; i < 30; ++i) {
    int64_t before = db_->stats().committed_writes;
    db_->Write([&](Connection& c) { c.Exec(kInsertKey, {"s" + std::to_string(i)}); });
    DatabaseStats after = db_->stats();
    ASSERT_EQ(after.committed_writes, before + 1) << "write " << i;
    int64_t histogram = 0;
    for (int64_t n : after.batch_size_counts) histogram += n;
    ASSERT_EQ(histogram, after.commits);
  }
}

// SQL built from its input (IN lists, the daily upsert's columns) has many shapes: the SQLite
// statement cache keeps at most 256 per connection, however many shapes a long run sees, and
// a statement evicted and prepared again still answers.
TEST_P(StoreTest, SqliteStatementCacheStaysBounded) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "SQLite's own statement cache";
  CreateItems();
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"x"}); });
  const int64_t start = db_->stats().statements_cached;
  ASSERT_GE(start, 1);
  db_->Write([](Connection& c) {
    for (int n = 1; n <= 600; ++n) {
      std::string sql = "SELECT COUNT(*) FROM items WHERE k IN (?";
      Params params{Value("x")};
      for (int i = 1; i < n; ++i) sql += ", ?", params.emplace_back("k" + std::to_string(i));
      ASSERT_EQ(c.QueryOne(sql + ")", params)->Int(0), 1) << n;
    }
    // The first shape was evicted long ago: prepared again, it still answers.
    ASSERT_EQ(c.QueryOne("SELECT COUNT(*) FROM items WHERE k IN (?)", {Value("x")})->Int(0), 1);
  });
  DatabaseStats s = db_->stats();
  EXPECT_LE(s.statements_cached, start + 256) << "the writer's cache is bounded";
  EXPECT_GE(s.statements_cached, 256) << "and kept full, not emptied";
  EXPECT_GT(s.engine_memory_bytes, 0);
}

TEST_P(StoreTest, ThrowingWriteRollsBackAndRethrowsTheSameException) {
  CreateItems();
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"kept"}); });

  try {
    db_->Write([](Connection& c) {
      c.Exec(kInsertKey, {"fk-error"});
      c.Exec("UPDATE items SET t = ? WHERE k = ?", {"changed", "kept"});
      throw Error(ErrorCode::kValidation, "校验失败 rejected", {{"plate", "format"}});
    });
    FAIL() << "expected fk::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    EXPECT_EQ(e.message(), "校验失败 rejected");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "plate");
  }

  EXPECT_THROW(db_->Write([](Connection& c) {
    c.Exec(kInsertKey, {"std-error"});
    throw std::out_of_range("not an fk::Error");
  }),
               std::out_of_range);

  try {
    db_->Write([](Connection& c) -> int {
      c.Exec(kInsertKey, {"custom"});
      throw NotAnFkError{42};
    });
    FAIL() << "expected NotAnFkError";
  } catch (const NotAnFkError& e) {
    EXPECT_EQ(e.value, 42);
  }

  EXPECT_EQ(Keys(), std::multiset<std::string>{"kept"});
  EXPECT_TRUE(db_->Read([](Connection& c) { return c.QueryOne("SELECT t FROM items WHERE k = 'kept'")->IsNull(0); }));
  // The store still takes writes afterwards.
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"after"}); });
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(StoreTest, UniqueViolationIsConflict) {
  CreateItems();
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"dup"}); });
  Error e = ErrorOf([&] {
    db_->Write([](Connection& c) {
      c.Exec(kInsertKey, {"first-in-this-write"});
      c.Exec(kInsertKey, {"dup"});
    });
  });
  EXPECT_EQ(e.code(), ErrorCode::kConflict) << e.message();
  EXPECT_EQ(Keys(), std::multiset<std::string>{"dup"});
}

TEST_P(StoreTest, ForeignKeyViolationIsConflict) {
  db_->Write([&](Connection& c) {
    c.ExecScript(ExpandMacros(
        "CREATE TABLE parents (id ${ID}, name TEXT NOT NULL) ${STRICT};"
        "CREATE TABLE children (id ${ID}, parent_id ${BIGINT} NOT NULL REFERENCES parents(id), name TEXT) ${STRICT};",
        dialect()));
  });
  int64_t parent = db_->Write(
      [](Connection& c) { return c.QueryOne("INSERT INTO parents (name) VALUES (?) RETURNING id", {"街道"})->Int(0); });
  db_->Write([&](Connection& c) { c.Exec("INSERT INTO children (parent_id, name) VALUES (?, ?)", {parent, "ok"}); });

  Error missing = ErrorOf([&] {
    db_->Write([&](Connection& c) {
      c.Exec("INSERT INTO children (parent_id, name) VALUES (?, ?)", {parent + 1000, "orphan"});
    });
  });
  EXPECT_EQ(missing.code(), ErrorCode::kConflict) << missing.message();

  Error referenced = ErrorOf([&] { db_->Write([&](Connection& c) { c.Exec("DELETE FROM parents"); }); });
  EXPECT_EQ(referenced.code(), ErrorCode::kConflict) << referenced.message();

  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM children")->Int(0); }), 1);
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM parents")->Int(0); }), 1);
}

TEST_P(StoreTest, FailedWritesDoNotAffectConcurrentWrites) {
  // A long gathering window makes the 50 writes share a few SQLite commits,
  // so failing and succeeding writes sit in the same transaction.
  DatabaseOptions o = Options();
  o.commit_max_wait_us = 20000;
  Reopen(o);
  CreateItems();
  DatabaseStats before = db_->stats();

  constexpr int kThreads = 50;
  std::latch start(kThreads);
  std::vector<std::string> outcome(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      std::string key = "w" + std::to_string(i);
      try {
        int64_t id = db_->Write([&](Connection& c) {
          int64_t id = c.QueryOne(kInsertItem, {key, i, 0.5, "并发"})->Int(0);
          if (i % 5 == 0) throw Error(ErrorCode::kValidation, "fail " + key);
          return id;
        });
        outcome[i] = id > 0 ? "ok" : "bad id";
      } catch (const Error& e) {
        outcome[i] = e.code() == ErrorCode::kValidation ? e.message() : "wrong code: " + e.message();
      } catch (...) {
        outcome[i] = "wrong exception type";
      }
    });
  }
  for (auto& t : threads) t.join();

  std::multiset<std::string> expected;
  for (int i = 0; i < kThreads; ++i) {
    std::string key = "w" + std::to_string(i);
    if (i % 5 == 0) {
      EXPECT_EQ(outcome[i], "fail " + key);  // each caller gets its own exception
    } else {
      EXPECT_EQ(outcome[i], "ok") << key;
      expected.insert(key);
    }
  }
  EXPECT_EQ(Keys(), expected);  // every success exactly once, no failure

  if (IsSqlite()) {
    DatabaseStats after = db_->stats();
    int64_t commits = after.commits - before.commits;
    int64_t writes = after.committed_writes - before.committed_writes;
    EXPECT_EQ(writes, kThreads - kThreads / 5);
    EXPECT_LT(commits, writes) << "the writes were not grouped";
  }
}

TEST_P(StoreTest, AcknowledgedWritesAreVisibleAndCounted) {
  CreateItems();
  DatabaseStats before = db_->stats();
  constexpr int kThreads = 16;
  constexpr int kWritesPerThread = 200;
  std::atomic<int64_t> acknowledged{0};
  std::atomic<int> unseen{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        try {
          int64_t id = db_->Write([&](Connection& c) { return c.QueryOne(kInsertItem, {key, t, 1.0, "x"})->Int(0); });
          ++acknowledged;
          // Read-your-writes: once Write returned, a new Read sees the row.
          if (i % 40 == 0) {
            bool seen = db_->Read(
                [&](Connection& c) { return c.QueryOne("SELECT k FROM items WHERE id = ?", {id}).has_value(); });
            if (!seen) ++unseen;
          }
        } catch (...) {
          ++errors;
        }
      }
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(unseen.load(), 0);
  EXPECT_EQ(acknowledged.load(), kThreads * kWritesPerThread);
  EXPECT_EQ(CountItems(), acknowledged.load());
  std::multiset<std::string> keys = Keys();
  EXPECT_EQ(keys.size(), static_cast<size_t>(kThreads * kWritesPerThread));
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kWritesPerThread; i += 37)
      EXPECT_EQ(keys.count(std::to_string(t) + "-" + std::to_string(i)), 1u);

  DatabaseStats after = db_->stats();
  EXPECT_EQ(after.committed_writes - before.committed_writes, acknowledged.load());
  int64_t histogram = 0;
  for (int64_t n : after.batch_size_counts) histogram += n;
  EXPECT_EQ(histogram, after.commits);
  EXPECT_EQ(after.batch_size_sum, after.committed_writes);  // no failed writes in any batch
  EXPECT_EQ(after.errors, 0);
  if (IsSqlite()) {
    EXPECT_LT(after.commits - before.commits, after.committed_writes - before.committed_writes)
        << "16 concurrent writers should share commits";
  }
}

TEST_P(StoreTest, ReadSeesAConsistentSnapshot) {
  CreateItems();
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      db_->Write([&](Connection& c) { c.Exec(kInsertKey, {"s" + std::to_string(i)}); });
      ++written;
    }
  });
  while (written < 5) std::this_thread::yield();

  int moved = 0;  // snapshots during which the writer committed something
  for (int round = 0; round < 15; ++round) {
    auto [first, second, sum_first] = db_->Read([&](Connection& c) {
      int64_t a = c.QueryOne(kCountItems)->Int(0);
      int before = written.load();
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
      while (written.load() < before + 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      int64_t b = c.QueryOne(kCountItems)->Int(0);
      int64_t max_id = c.QueryOne("SELECT COUNT(*) FROM items WHERE id <= (SELECT MAX(id) FROM items)")->Int(0);
      return std::tuple{a, b, max_id};
    });
    EXPECT_EQ(first, second) << "round " << round;
    EXPECT_EQ(first, sum_first) << "round " << round;
    if (CountItems() > second) ++moved;
  }
  stop = true;
  writer.join();
  EXPECT_GT(moved, 0) << "the writer never committed while a snapshot was open";
}

// ---------------------------------------------------------------- Migrations

TEST_P(StoreTest, MigrationsApplyOnceAndCreateTheCoreTables) {
  EXPECT_EQ(CurrentSchemaVersion(*db_), 0);
  Error empty = ErrorOf([&] { CheckSchemaVersion(*db_); });
  EXPECT_EQ(empty.code(), ErrorCode::kConflict);
  EXPECT_NE(empty.message().find("init"), std::string::npos) << empty.message();

  std::set<int> versions;
  for (const Migration& m : EmbeddedMigrations()) versions.insert(m.version);
  ASSERT_FALSE(versions.empty());
  EXPECT_EQ(LatestSchemaVersion(), *versions.rbegin());

  int64_t start_ms = WallMs();
  EXPECT_EQ(MigrateUp(*db_), static_cast<int>(versions.size()));
  EXPECT_EQ(MigrateUp(*db_), 0);
  EXPECT_NO_THROW(CheckSchemaVersion(*db_));
  EXPECT_EQ(CurrentSchemaVersion(*db_), LatestSchemaVersion());

  std::vector<MigrationStatus> status = MigrationStatusList(*db_);
  ASSERT_FALSE(status.empty());
  for (const MigrationStatus& s : status) {
    EXPECT_TRUE(s.applied) << s.name;
    EXPECT_GE(s.applied_at_ms, start_ms - 1000) << s.name;
    EXPECT_LE(s.applied_at_ms, WallMs() + 1000) << s.name;
  }
  EXPECT_EQ(status.front().name, std::string("0001_core"));

  // The tables of 0001 exist and keep their constraints.
  int64_t now = WallMs();
  int64_t city = db_->Write([&](Connection& c) {
    return c
        .QueryOne(
            "INSERT INTO units (parent_id, code, name, level, path, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {nullptr, "420100", "武汉市", "city", "/1/", now, now})
        ->Int(0);
  });
  db_->Write([&](Connection& c) {
    c.Exec(
        "INSERT INTO units (parent_id, code, name, level, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {city, "420102", "江岸区", "town", "/1/2/", now, now});
    c.Exec("INSERT INTO settings (key, value) VALUES (?, ?)", {"city_name", "武汉市"});
  });
  auto row = db_->Read(
      [](Connection& c) { return c.QueryOne("SELECT name, level, active FROM units WHERE code = ?", {"420102"}); });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Text(0), "江岸区");
  EXPECT_EQ(row->Int(2), 1);

  Error bad_level = ErrorOf([&] {
    db_->Write([&](Connection& c) {
      c.Exec("INSERT INTO units (code, name, level, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
             {"x", "x", "province", "/x/", now, now});
    });
  });
  EXPECT_EQ(bad_level.code(), ErrorCode::kConflict) << bad_level.message();
  Error bad_parent = ErrorOf([&] {
    db_->Write([&](Connection& c) {
      c.Exec(
          "INSERT INTO units (parent_id, code, name, level, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {city + 999, "y", "y", "town", "/y/", now, now});
    });
  });
  EXPECT_EQ(bad_parent.code(), ErrorCode::kConflict) << bad_parent.message();

  // Reopening finds the schema current.
  Reopen(Options());
  EXPECT_NO_THROW(CheckSchemaVersion(*db_));
  EXPECT_EQ(MigrateUp(*db_), 0);
}

TEST_P(StoreTest, NewerDatabaseIsRefused) {
  ASSERT_GT(MigrateUp(*db_), 0);
  int future = LatestSchemaVersion() + 1;
  db_->Write([&](Connection& c) {
    c.Exec("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
           {future, "9999_from_the_future", WallMs()});
  });
  EXPECT_EQ(CurrentSchemaVersion(*db_), future);
  for (Error e : {ErrorOf([&] { MigrateUp(*db_); }), ErrorOf([&] { CheckSchemaVersion(*db_); })}) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_NE(e.message().find("newer"), std::string::npos) << e.message();
  }
}

TEST_P(StoreTest, MacrosWorkOnTheBackend) {
  db_->Write([&](Connection& c) {
    c.ExecScript(
        ExpandMacros("CREATE TABLE macro_check (id ${ID}, big ${BIGINT} NOT NULL, r ${REAL},"
                     " created_at ${BIGINT} NOT NULL DEFAULT ${NOW_MS}) ${STRICT}",
                     dialect()));
  });
  int64_t before = WallMs();
  int64_t id = db_->Write([](Connection& c) {
    return c.QueryOne("INSERT INTO macro_check (big, r) VALUES (?, ?) RETURNING id", {int64_t{1} << 40, 2.5})->Int(0);
  });
  int64_t after = WallMs();
  auto row = db_->Read(
      [&](Connection& c) { return c.QueryOne("SELECT id, big, r, created_at FROM macro_check WHERE id = ?", {id}); });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Int(1), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(row->Real(2), 2.5);
  EXPECT_GE(row->Int(3), before - 50);
  EXPECT_LE(row->Int(3), after + 50);
}

// ---------------------------------------------------------------- Lifecycle

TEST_P(StoreTest, CloseIsIdempotentAndRefusesWrites) {
  CreateItems();
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"before-close"}); });
  db_->Close();
  db_->Close();
  Error e = ErrorOf([&] { db_->Write([](Connection& c) { c.Exec(kInsertKey, {"after-close"}); }); });
  EXPECT_EQ(e.code(), ErrorCode::kUnavailable);

  Reopen(Options());
  EXPECT_EQ(Keys(), std::multiset<std::string>{"before-close"});
}

// ---------------------------------------------------------------- SQLite only

TEST_P(StoreTest, SqliteStrictTablesRejectWrongTypes) {
  if (!IsSqlite()) GTEST_SKIP() << "STRICT tables are SQLite's";
  CreateItems();
  Error e = ErrorOf([&] {
    db_->Write([](Connection& c) { c.Exec("INSERT INTO items (k, n) VALUES (?, ?)", {"typed", "not a number"}); });
  });
  EXPECT_TRUE(e.code() == ErrorCode::kConflict || e.code() == ErrorCode::kInternal) << e.message();
  EXPECT_EQ(CountItems(), 0);
  // A text that looks like an integer is converted, as STRICT allows.
  db_->Write([](Connection& c) { c.Exec("INSERT INTO items (k, n) VALUES (?, ?)", {"typed", "42"}); });
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("SELECT n FROM items")->at(0).is_int(); }), true);
}

TEST_P(StoreTest, SqliteUsesWalAndFullSync) {
  if (!IsSqlite()) GTEST_SKIP() << "PRAGMAs are SQLite's";
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("PRAGMA journal_mode")->Text(0); }), "wal");
  // synchronous is a per-connection setting: the writer's is the one that makes commits durable.
  EXPECT_EQ(db_->Write([](Connection& c) { return c.QueryOne("PRAGMA synchronous")->Int(0); }), 2);  // FULL
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("PRAGMA synchronous")->Int(0); }), 2);
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("PRAGMA foreign_keys")->Int(0); }), 1);
  // Readers cannot write.
  CreateItems();
  EXPECT_THROW(db_->Read([](Connection& c) { c.Exec(kInsertKey, {"from-reader"}); }), Error);
}

TEST_P(StoreTest, SqliteBackupWhileWritingIsConsistent) {
  if (!IsSqlite()) GTEST_SKIP() << "online backup is SQLite's (PostgreSQL: pg_dump)";
  CreateItems();
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        std::string key = "b" + std::to_string(t) + "-" + std::to_string(i);
        try {
          db_->Write([&](Connection& c) { c.Query(kInsertItem, {key, i, 0.25, std::string(200, 'p')}); });
        } catch (...) {
          ++errors;
          continue;
        }
        std::lock_guard lock(mu);
        acknowledged.push_back(key);
      }
    });
  }
  auto wait_for = [&](size_t n) {
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (acknowledged.size() >= n) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  wait_for(200);
  std::vector<std::string> before_backup;
  {
    std::lock_guard lock(mu);
    before_backup = acknowledged;
  }
  std::string dest = (dir_ / "backup.db").string();
  db_->Backup(dest);
  size_t after_backup_started = before_backup.size();
  wait_for(after_backup_started + 50);  // writers kept going
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_EQ(errors.load(), 0);

  sqlite3* copy = nullptr;
  ASSERT_EQ(sqlite3_open_v2(dest.c_str(), &copy, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto one_text = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(copy, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  };
  EXPECT_EQ(one_text("PRAGMA integrity_check"), "ok");
  std::set<std::string> in_copy;
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(copy, "SELECT k FROM items", -1, &stmt, nullptr), SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) in_copy.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close_v2(copy);

  size_t missing = 0;
  for (const std::string& k : before_backup) missing += in_copy.count(k) == 0;
  EXPECT_EQ(missing, 0u) << "rows acknowledged before Backup started are missing from the copy";
  EXPECT_GE(in_copy.size(), before_backup.size());
  EXPECT_LT(in_copy.size(), static_cast<size_t>(CountItems())) << "the copy should be a snapshot, not the end state";
}

// A database that cannot grow (PRAGMA max_page_count on the writer answers SQLITE_FULL like a
// full disk): the write answers kUnavailable "disk full", nothing of it is kept, reads and the
// writer go on, and writes succeed again once it may grow. The real full disk (a tmpfs, the WAL,
// a checkpoint) is tests/reliability/disk_full.sh.
TEST_P(StoreTest, SqliteDiskFull) {
  if (!IsSqlite()) GTEST_SKIP() << "SQLITE_FULL is SQLite's";
  CreateItems();
  int64_t pages = db_->Write([](Connection& c) { return c.QueryOne("PRAGMA page_count")->Int(0); });
  db_->Write([&](Connection& c) { c.ExecScript("PRAGMA max_page_count = " + std::to_string(pages + 4)); });
  int acknowledged = 0;
  std::optional<Error> full;
  for (int i = 0; i < 200 && !full; ++i) {
    try {
      db_->Write([&](Connection& c) { c.Query(kInsertItem, {"full-" + std::to_string(i), i, 0.5, std::string(3000, 'x')}); });
      ++acknowledged;
    } catch (const Error& e) {
      full = e;
    }
  }
  ASSERT_TRUE(full.has_value()) << "the database never filled up";
  EXPECT_EQ(full->code(), ErrorCode::kUnavailable);
  EXPECT_NE(full->message().find("disk full"), std::string::npos) << full->message();
  EXPECT_GT(acknowledged, 0);
  EXPECT_EQ(CountItems(), acknowledged) << "reads go on, and the failed write left nothing";
  // Another write that needs a page fails the same way; the writer keeps running.
  EXPECT_EQ(ErrorOf([&] {
              db_->Write([](Connection& c) { c.Query(kInsertItem, {"still-full", 0, 0.5, std::string(3000, 'y')}); });
            }).code(),
            ErrorCode::kUnavailable);
  db_->Write([](Connection& c) { c.ExecScript("PRAGMA max_page_count = 1073741823"); });
  db_->Write([](Connection& c) { c.Exec(kInsertKey, {"after"}); });
  EXPECT_EQ(CountItems(), acknowledged + 1);
  EXPECT_EQ(db_->Read([](Connection& c) { return c.QueryOne("PRAGMA integrity_check")->Text(0); }), "ok");
}

// ---------------------------------------------------------------- Pure functions

TEST(StoreMacros, ExpandPerDialect) {
  const std::string sql =
      "CREATE TABLE t (id ${ID}, n ${BIGINT}, r ${REAL}, at ${BIGINT} DEFAULT ${NOW_MS}, again ${BIGINT}) ${STRICT}";
  std::string lite = ExpandMacros(sql, Dialect::kSqlite);
  std::string pg = ExpandMacros(sql, Dialect::kPostgres);
  EXPECT_EQ(lite.find("${"), std::string::npos) << lite;
  EXPECT_EQ(pg.find("${"), std::string::npos) << pg;

  EXPECT_NE(lite.find("id INTEGER PRIMARY KEY,"), std::string::npos) << lite;
  EXPECT_NE(lite.find("n INTEGER,"), std::string::npos) << lite;
  EXPECT_NE(lite.find("again INTEGER)"), std::string::npos) << lite;
  EXPECT_NE(lite.find("r REAL,"), std::string::npos) << lite;
  EXPECT_TRUE(lite.ends_with(") STRICT")) << lite;

  EXPECT_NE(pg.find("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"), std::string::npos) << pg;
  EXPECT_NE(pg.find("n BIGINT,"), std::string::npos) << pg;
  EXPECT_NE(pg.find("again BIGINT)"), std::string::npos) << pg;
  EXPECT_NE(pg.find("r DOUBLE PRECISION,"), std::string::npos) << pg;
  EXPECT_EQ(pg.find("STRICT"), std::string::npos) << pg;
  EXPECT_TRUE(pg.ends_with(") ")) << pg;

  // ${NOW_MS} is an expression in parentheses, usable as a column DEFAULT on both.
  EXPECT_NE(lite.find("DEFAULT ("), std::string::npos) << lite;
  EXPECT_NE(pg.find("DEFAULT ("), std::string::npos) << pg;

  // Text without macros is untouched, Chinese and `?` included.
  const std::string plain = "SELECT '东湖 ${' || ? FROM t";
  EXPECT_EQ(ExpandMacros(plain, Dialect::kSqlite), plain);
  EXPECT_EQ(ExpandMacros(plain, Dialect::kPostgres), plain);
}

TEST(StoreMacros, EmbeddedMigrationsExpandCompletely) {
  ASSERT_FALSE(EmbeddedMigrations().empty());
  int previous = 0;
  for (const Migration& m : EmbeddedMigrations()) {
    EXPECT_GE(m.version, previous) << m.name;
    previous = m.version;
    for (Dialect d : {Dialect::kSqlite, Dialect::kPostgres}) {
      // Comments may mention ${...}; the statements must not keep any.
      std::string code;
      std::istringstream lines(ExpandMacros(m.sql, d));
      for (std::string line; std::getline(lines, line);) code += line.substr(0, line.find("--")) + "\n";
      EXPECT_EQ(code.find("${"), std::string::npos) << m.name << "\n" << code;
    }
  }
}

}  // namespace
}  // namespace fk::store
