#include <gtest/gtest.h>

#include <string>

#include "store/database.h"
#include "store/postgres/pg_database.h"

namespace fk::store {
namespace {

TEST(PlaceholderRewrite, NumbersInOrder) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT a FROM t WHERE b = ? AND c > ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2");
  EXPECT_EQ(RewritePlaceholdersForPostgres("INSERT INTO t(a,b,c) VALUES (?,?,?)"),
            "INSERT INTO t(a,b,c) VALUES ($1,$2,$3)");
}

TEST(PlaceholderRewrite, NoPlaceholders) {
  int count = -1;
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT 1", &count), "SELECT 1");
  EXPECT_EQ(count, 0);
  EXPECT_EQ(RewritePlaceholdersForPostgres(""), "");
}

TEST(PlaceholderRewrite, CountsPlaceholders) {
  int count = 0;
  RewritePlaceholdersForPostgres("UPDATE t SET a = ?, b = '?' WHERE id = ?", &count);
  EXPECT_EQ(count, 2);
}

TEST(PlaceholderRewrite, SingleQuotedStringsKept) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT '?', ? FROM t"), "SELECT '?', $1 FROM t");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT 'a ? b' || ?"), "SELECT 'a ? b' || $1");
}

TEST(PlaceholderRewrite, EscapedQuoteInsideString) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT 'it''s ?' , ?"), "SELECT 'it''s ?' , $1");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT '''?''' , ?"), "SELECT '''?''' , $1");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT '', ?"), "SELECT '', $1");
}

TEST(PlaceholderRewrite, BackslashEscapeOnlyInEStrings) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT E'a\\'?', ?"), "SELECT E'a\\'?', $1");
  // In a standard string a backslash is an ordinary character.
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT 'a\\', ?"), "SELECT 'a\\', $1");
  // A column named "type" ends in e: its quote is not an E string.
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT type||'\\', ?"), "SELECT type||'\\', $1");
}

TEST(PlaceholderRewrite, DoubleQuotedIdentifiersKept) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT \"what?\" FROM t WHERE \"a\"\"?\" = ?"),
            "SELECT \"what?\" FROM t WHERE \"a\"\"?\" = $1");
}

TEST(PlaceholderRewrite, LineCommentsKept) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ? -- why? because\nFROM t WHERE a = ?"),
            "SELECT $1 -- why? because\nFROM t WHERE a = $2");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ? -- trailing ?"), "SELECT $1 -- trailing ?");
}

TEST(PlaceholderRewrite, BlockCommentsKept) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT /* a ? b */ ? FROM t"), "SELECT /* a ? b */ $1 FROM t");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT /* outer /* inner ? */ still ? */ ?"),
            "SELECT /* outer /* inner ? */ still ? */ $1");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ? /* unterminated ?"), "SELECT $1 /* unterminated ?");
}

TEST(PlaceholderRewrite, SingleMinusAndSlashAreOperators) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ? - ? / ?"), "SELECT $1 - $2 / $3");
}

TEST(PlaceholderRewrite, DollarQuotedStringsKept) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT $$a ? b$$, ?"), "SELECT $$a ? b$$, $1");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT $fk$ ' ? $$ $fk$, ?"), "SELECT $fk$ ' ? $$ $fk$, $1");
}

TEST(PlaceholderRewrite, QuotesInsideCommentsDoNotOpenStrings) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ? -- don't\n, ?"), "SELECT $1 -- don't\n, $2");
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT /* \" */ ?"), "SELECT /* \" */ $1");
}

TEST(PlaceholderRewrite, UnterminatedStringLeftAlone) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT ?, 'open ?"), "SELECT $1, 'open ?");
}

TEST(PlaceholderRewrite, ManyParameters) {
  std::string sql = "INSERT INTO t VALUES (";
  std::string want = sql;
  for (int i = 1; i <= 250; ++i) {
    if (i > 1) {
      sql += ", ";
      want += ", ";
    }
    sql += "?";
    want += "$" + std::to_string(i);
  }
  sql += ")";
  want += ")";
  int count = 0;
  EXPECT_EQ(RewritePlaceholdersForPostgres(sql, &count), want);
  EXPECT_EQ(count, 250);
}

TEST(PlaceholderRewrite, Utf8TextUntouched) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT '检查点？?' AS 名称, ?"), "SELECT '检查点？?' AS 名称, $1");
}

}  // namespace
}  // namespace fk::store
