// A watch list of foreign end users in the column layout of METI's 外国ユーザーリスト (End User
// List; docs/supply-chain.md §8): country or region (国名・地域名), company or organisation
// (企業名・組織名), also known as (別名), type of concern (懸念区分), optionally preceded by the
// list's running number (No.). WatchScore says how well a party matches an entry, and why.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "supply/model.h"

namespace kikan::supply {

inline constexpr size_t kMaxWatchListBytes = 8u << 20;
inline constexpr size_t kMaxWatchEntries = 20'000;

struct WatchEntry {
  int line = 0;              // 1-based line of the CSV where the entry starts
  std::string country;       // as the list writes it ("中国", "Iran", "CN")
  std::string country_code;  // ISO 3166-1 alpha-2 when known (CountryCode), else ""
  std::string name;
  std::vector<std::string> aliases;
  std::string concern;  // 懸念区分 as written ("核", "ミサイル", "生物、化学", ...)
  friend bool operator==(const WatchEntry&, const WatchEntry&) = default;
};

// Reads the CSV (RFC 4180: quoted cells may hold commas, quotes doubled and line breaks; UTF-8,
// a BOM skipped): 4 columns, or 5 with the running number first; a first row naming the columns
// (it holds 国名, 企業名, Country or Company) is skipped; '#' lines are comments. The also-known-as
// cell holds several names separated by line breaks, '；', ';' or '、'. Errors:
// kInvalidArgument with a field error per bad row ("/line/N": a wrong number of columns, an
// empty name), the whole list refused; larger than kMaxWatchListBytes or kMaxWatchEntries.
base::Result<std::vector<WatchEntry>> ParseWatchList(std::string_view csv);

// ISO 3166-1 alpha-2 of a country written as the list writes it (the countries and regions the
// list has carried, in Japanese and English, or a code itself); "" when unknown.
std::string CountryCode(std::string_view country);

struct WatchMatch {
  double score = 0;     // 0 none; see WatchScore
  std::string reason;   // "name", "alias", "name_partial", each "+country_differs" when so
  std::string matched;  // the entry's name or alias that matched
};

// How well `party` matches `entry`, on supply::NormaliseCompanyName keys: the name equal 1.0
// ("name"), an alias equal 0.95 ("alias"), one key containing the other (both at least 4
// characters) 0.7 ("name_partial"); each halved when both countries are known and differ
// ("+country_differs"). Findings are raised from kWatchFindingScore.
WatchMatch WatchScore(const WatchEntry& entry, const PartyRef& party);
inline constexpr double kWatchFindingScore = 0.7;

}  // namespace kikan::supply
