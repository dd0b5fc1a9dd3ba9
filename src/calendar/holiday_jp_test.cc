// Compares the computed holidays of every year 1970–2050 with the data of the npm package
// @holiday-jp/holiday_jp (MIT), installed by scripts/install-deps into tests/npm/node_modules.
// The package's data is read at test time and never copied into the source tree: the
// implementation computes holidays by rule, this test checks the rules against an independent
// table.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "calendar/holidays.h"

namespace kikan::calendar {
namespace {

constexpr const char* kRelativePath =
    "tests/npm/node_modules/@holiday-jp/holiday_jp/lib/holidays.js";

std::string SourceDir() {
  if (const char* env = std::getenv("KIKAN_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
#ifdef KIKAN_SOURCE_DIR_FALLBACK
  return KIKAN_SOURCE_DIR_FALLBACK;
#else
  return ".";
#endif
}

// The value of `key: "..."` on `line`, or "" when the line has no such key.
std::string QuotedValue(const std::string& line, const std::string& key) {
  const std::string prefix = key + ": \"";
  auto pos = line.find(prefix);
  if (pos == std::string::npos) return {};
  // Make sure the key is not the tail of a longer key (name vs name_en).
  if (pos > 0 && line[pos - 1] != ' ' && line[pos - 1] != '\t') return {};
  pos += prefix.size();
  auto end = line.find('"', pos);
  if (end == std::string::npos) return {};
  return line.substr(pos, end - pos);
}

// date (ISO) → Japanese name, from the package's lib/holidays.js.
std::map<std::string, std::string> LoadReference(std::string* error) {
  const std::filesystem::path path = std::filesystem::path(SourceDir()) / kRelativePath;
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path.string() +
             ": the npm test helpers are not installed — run scripts/install-deps (it runs "
             "`npm ci` in tests/npm)";
    return {};
  }
  std::map<std::string, std::string> out;
  std::string line, date;
  while (std::getline(in, line)) {
    if (auto d = QuotedValue(line, "date"); !d.empty()) {
      date = d;
    } else if (auto n = QuotedValue(line, "name"); !n.empty() && !date.empty()) {
      out[date] = n;
      date.clear();
    }
  }
  if (out.size() < 1000) *error = "too few holidays parsed from " + path.string();
  return out;
}

TEST(HolidayJpTest, EveryYearFrom1970To2050MatchesTheNpmPackage) {
  std::string error;
  const auto reference = LoadReference(&error);
  ASSERT_TRUE(error.empty()) << error;

  int compared_days = 0;
  for (int year = 1970; year <= 2050; ++year) {
    std::map<std::string, std::string> theirs;
    for (const auto& [date, name] : reference) {
      if (date.starts_with(std::to_string(year) + "-")) theirs[date] = name;
    }
    ASSERT_FALSE(theirs.empty()) << "the package has no holidays for " << year;

    auto ours = HolidaysInYear(year);
    ASSERT_TRUE(ours.has_value()) << ours.status().ToString();
    std::set<std::string> our_dates;
    for (const Holiday& h : *ours) {
      const std::string iso = h.date.ToIso();
      our_dates.insert(iso);
      auto it = theirs.find(iso);
      if (it == theirs.end()) {
        ADD_FAILURE() << iso << " (" << h.name.ja << ") is a holiday here but not in holiday_jp";
        continue;
      }
      ++compared_days;
      // Names of ordinary 国民の祝日 must agree; holiday_jp names the other kinds its own way
      // (「休日」, 「元日 振替休日」, 「休日（祝日扱い）」, 「結婚の儀」).
      const std::string& name = it->second;
      if (h.kind == HolidayKind::kNational && name.find("振替") == std::string::npos &&
          name.find("（") == std::string::npos) {
        EXPECT_EQ(h.name.ja, name) << iso;
      }
      if (h.kind == HolidayKind::kSubstitute) {
        EXPECT_NE(name.find("振替休日"), std::string::npos) << iso << ": " << name;
      }
      if (h.kind == HolidayKind::kCitizens) {
        EXPECT_EQ(name, "休日") << iso;
      }
    }
    for (const auto& [date, name] : theirs) {
      if (!our_dates.contains(date)) {
        ADD_FAILURE() << date << " (" << name << ") is a holiday in holiday_jp but not here";
      }
    }
  }
  // 81 years with 15–22 holidays each.
  EXPECT_GT(compared_days, 81 * 14);
}

}  // namespace
}  // namespace kikan::calendar
