// Unit tests of the store module's internals that need no database: the `?` → $n rewriting for
// PostgreSQL, password redaction in URLs, the LRU statement cache.
#include "store/internal.h"

#include <gtest/gtest.h>

namespace kikan::store::internal {
namespace {

TEST(RewritePlaceholders, NumbersPlaceholdersInOrder) {
  RewrittenSql r = RewritePlaceholders("INSERT INTO t (a, b) VALUES (?, ?) RETURNING id");
  EXPECT_EQ(r.text, "INSERT INTO t (a, b) VALUES ($1, $2) RETURNING id");
  EXPECT_EQ(r.placeholders, 2);
  r = RewritePlaceholders("SELECT a FROM t WHERE a=?AND b<>?");
  EXPECT_EQ(r.text, "SELECT a FROM t WHERE a=$1AND b<>$2");
  EXPECT_EQ(r.placeholders, 2);
}

TEST(RewritePlaceholders, LeavesQuotedTextAndCommentsAlone) {
  struct Case {
    const char* in;
    const char* out;
    int n;
  } cases[] = {
      {"SELECT '?', ?", "SELECT '?', $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1},
      {"SELECT e'a\\\\', ?", "SELECT e'a\\\\', $1", 1},
      {"SELECT '\\', ?", "SELECT '\\', $1", 1},  // backslash is literal in standard strings
      {"SELECT \"a?\"\"?\" FROM t WHERE x = ?", "SELECT \"a?\"\"?\" FROM t WHERE x = $1", 1},
      {"SELECT 1 -- what?\n, ?", "SELECT 1 -- what?\n, $1", 1},
      {"SELECT /* a /* nested? */ ? */ ?", "SELECT /* a /* nested? */ ? */ $1", 1},
      {"SELECT $$ ? $$, $tag$ ?$$? $tag$, ?", "SELECT $$ ? $$, $tag$ ?$$? $tag$, $1", 1},
      {"SELECT a$b, ?", "SELECT a$b, $1", 1},
      {"SELECT '日本語?', ?", "SELECT '日本語?', $1", 1},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
      {"SELECT ? -- trailing", "SELECT $1 -- trailing", 1},
  };
  for (const Case& c : cases) {
    RewrittenSql r = RewritePlaceholders(c.in);
    EXPECT_EQ(r.text, c.out) << c.in;
    EXPECT_EQ(r.placeholders, c.n) << c.in;
  }
}

TEST(RedactUrl, RemovesPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://kikan:pw@db:5432/kikan"), "postgresql://kikan@db:5432/kikan");
  EXPECT_EQ(RedactUrl("postgres://kikan@db/kikan"), "postgres://kikan@db/kikan");
  EXPECT_EQ(RedactUrl("postgresql://u:p%40ss@h"), "postgresql://u@h");
  EXPECT_EQ(RedactUrl("postgresql:///kikan?host=/run/pg&password=x&user=k"),
            "postgresql:///kikan?host=/run/pg&user=k");
  EXPECT_EQ(RedactUrl("postgresql://h/db?password=x"), "postgresql://h/db");
  EXPECT_EQ(RedactUrl("sqlite:/var/lib/kikan.db"), "sqlite:/var/lib/kikan.db");
}

TEST(LruCache, EvictsTheLeastRecentlyUsed) {
  LruCache<int> cache(2);
  EXPECT_EQ(cache.Insert("a", 1), std::nullopt);
  EXPECT_EQ(cache.Insert("b", 2), std::nullopt);
  ASSERT_NE(cache.Find("a"), nullptr);  // a is now the most recent
  EXPECT_EQ(cache.Insert("c", 3), 2);   // so b goes
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_EQ(*cache.Find("a"), 1);
  EXPECT_EQ(*cache.Find("c"), 3);
  EXPECT_EQ(cache.size(), 2u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(SqlExcerpt, OneLineAndShort) {
  EXPECT_EQ(SqlExcerpt("SELECT\n  a,\n\tb  FROM t\n"), "SELECT a, b FROM t");
  EXPECT_EQ(SqlExcerpt("abcdef", 3), "abc…");
}

}  // namespace
}  // namespace kikan::store::internal
