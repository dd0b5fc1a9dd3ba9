// For the service's tests: a fixture holding the bundled regime and a database with every
// migration and the demo seed, on SQLite in memory or, for the "Postgres" parameter, in a schema
// of its own on KIKAN_TEST_POSTGRES_URL (skipped when unset), dropped afterwards. Header-only.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/test_files.h"
#include "service/demo.h"
#include "service/verify.h"

namespace kikan::service {

class DemoDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  // `schema_prefix` names the PostgreSQL schema ("kikan_supply_test" → kikan_supply_test_PID_N).
  explicit DemoDatabaseTest(std::string schema_prefix) : prefix_(std::move(schema_prefix)) {}

  void SetUp() override {
    std::vector<regime::PackProblem> problems;
    auto regime = regime::Load({base::testing::SourceDir() + "/data/regime"}, &problems);
    ASSERT_TRUE(regime) << regime.status().ToString();
    regime_ = std::make_unique<regime::Regime>(std::move(*regime));
    std::string url = "sqlite::memory:";
    if (GetParam() == "Postgres") {
      const char* base = std::getenv("KIKAN_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') {
        GTEST_SKIP() << "PostgreSQL not configured: set KIKAN_TEST_POSTGRES_URL";
      }
      auto admin = store::Open(base, 1);
      ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
      admin_ = std::move(*admin);
      static int counter = 0;
      schema_ = fmt::format("{}_{}_{}", prefix_, ::getpid(), ++counter);
      ASSERT_TRUE(admin_->Acquire()->ExecScript("CREATE SCHEMA " + schema_).ok());
      std::string sep = std::string_view(base).find('?') == std::string_view::npos ? "?" : "&";
      url = std::string(base) + sep + "options=-c%20search_path%3D" + schema_;
    }
    auto pool = store::Open(url, 1);
    ASSERT_TRUE(pool) << pool.status().ToString();
    pool_ = std::move(*pool);
    auto c = pool_->Acquire();
    auto migrations = AllMigrations();
    ASSERT_TRUE(store::Migrate(*c, migrations).ok());
    auto seeded =
        SeedDemo(*c, *regime_, base::testing::SourceDir() + "/data/datasets", Now(), true);
    ASSERT_TRUE(seeded) << seeded.status().ToString();
    seeded_ = *seeded;
  }
  void TearDown() override {
    pool_.reset();
    if (admin_ != nullptr && !schema_.empty()) {
      EXPECT_TRUE(admin_->Acquire()->ExecScript("DROP SCHEMA " + schema_ + " CASCADE").ok());
    }
  }
  base::Instant Now() const { return *base::ParseInstant("2026-11-30T01:00:00Z"); }

  std::unique_ptr<regime::Regime> regime_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<store::Pool> admin_;
  std::string schema_;
  SeedReport seeded_;

 private:
  std::string prefix_;
};

}  // namespace kikan::service
