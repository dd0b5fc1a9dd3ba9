#include "supply/watchlist.h"

#include <fmt/format.h>

#include <utility>

#include "supply/names.h"

namespace kikan::supply {
namespace {

// Splits CSV text into rows of cells, each row with the line it starts on.
struct CsvRow {
  int line = 0;
  std::vector<std::string> cells;
};

bool ReadCsv(std::string_view text, std::vector<CsvRow>* rows, int* bad_line) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    if (text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    std::string cell;
    bool done = false;
    while (!done) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) {
            *bad_line = row.line;
            return false;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n') {
        if (text[i] != '\r') cell += text[i];
        ++i;
      }
      row.cells.push_back(std::move(cell));
      cell.clear();
      if (i >= text.size() || text[i] == '\n') {
        done = true;
        ++line;
      }
      ++i;
    }
    bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) rows->push_back(std::move(row));
  }
  return true;
}

std::string Trim(std::string_view s) {
  auto issp = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; };
  while (!s.empty() && issp(s.front())) s.remove_prefix(1);
  while (!s.empty() && issp(s.back())) s.remove_suffix(1);
  // Ideographic spaces at either end.
  while (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return std::string(s);
}

std::vector<std::string> SplitAliases(std::string_view cell) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = Trim(cur);
    if (!t.empty()) out.push_back(std::move(t));
    cur.clear();
  };
  for (size_t i = 0; i < cell.size();) {
    if (cell[i] == '\n' || cell[i] == ';') {
      flush();
      ++i;
    } else if (cell.substr(i, 3) == "\xEF\xBC\x9B" /* ； */ ||
               cell.substr(i, 3) == "\xE3\x80\x81" /* 、 */) {
      flush();
      i += 3;
    } else {
      cur += cell[i++];
    }
  }
  flush();
  return out;
}

bool HasKey(const std::string& key) { return !key.empty(); }

}  // namespace

std::string CountryCode(std::string_view country) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"アフガニスタン", "AF"},
      {"afghanistan", "AF"},
      {"アラブ首長国連邦", "AE"},
      {"united arab emirates", "AE"},
      {"uae", "AE"},
      {"イスラエル", "IL"},
      {"israel", "IL"},
      {"イラン", "IR"},
      {"iran", "IR"},
      {"インド", "IN"},
      {"india", "IN"},
      {"エジプト", "EG"},
      {"egypt", "EG"},
      {"北朝鮮", "KP"},
      {"north korea", "KP"},
      {"シリア", "SY"},
      {"syria", "SY"},
      {"台湾", "TW"},
      {"taiwan", "TW"},
      {"中国", "CN"},
      {"china", "CN"},
      {"パキスタン", "PK"},
      {"pakistan", "PK"},
      {"香港", "HK"},
      {"hong kong", "HK"},
      {"ロシア", "RU"},
      {"russia", "RU"},
      {"トルコ", "TR"},
      {"turkey", "TR"},
      {"türkiye", "TR"},
      {"ベラルーシ", "BY"},
      {"belarus", "BY"},
      {"レバノン", "LB"},
      {"lebanon", "LB"},
      {"アルメニア", "AM"},
      {"armenia", "AM"},
      {"ウズベキスタン", "UZ"},
      {"uzbekistan", "UZ"},
      {"日本", "JP"},
      {"japan", "JP"},
  };
  std::string folded = FoldText(Trim(country));
  for (const auto& [name, code] : kNames) {
    if (folded == FoldText(name)) return code;
  }
  if (folded.size() == 2 && folded[0] >= 'a' && folded[0] <= 'z' && folded[1] >= 'a' &&
      folded[1] <= 'z') {
    return {static_cast<char>(folded[0] - 32), static_cast<char>(folded[1] - 32)};
  }
  return "";
}

base::Result<std::vector<WatchEntry>> ParseWatchList(std::string_view csv) {
  if (csv.size() > kMaxWatchListBytes) {
    return base::InvalidArgument(
        {.ja = fmt::format("リストが大きすぎます（上限 {} バイト）", kMaxWatchListBytes),
         .en = fmt::format("the list is too large (at most {} bytes)", kMaxWatchListBytes)});
  }
  std::vector<CsvRow> rows;
  int bad = 0;
  if (!ReadCsv(csv, &rows, &bad)) {
    return base::InvalidArgument({.ja = fmt::format("{} 行目の引用符が閉じていません", bad),
                                  .en = fmt::format("line {}: unterminated quote", bad)})
        .WithFields({{fmt::format("/line/{}", bad),
                      {.ja = "引用符が閉じていません", .en = "unterminated quote"}}});
  }
  std::vector<WatchEntry> out;
  std::vector<base::FieldError> problems;
  for (size_t r = 0; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (r == 0) {
      std::string all;
      for (const auto& c : row.cells) all += c;
      if (all.find("国名") != std::string::npos || all.find("企業名") != std::string::npos ||
          all.find("Country") != std::string::npos || all.find("Company") != std::string::npos)
        continue;
    }
    std::string at = fmt::format("/line/{}", row.line);
    std::vector<std::string> cells = row.cells;
    if (cells.size() == 5) cells.erase(cells.begin());
    if (cells.size() != 4) {
      problems.push_back(
          {at,
           {.ja = fmt::format("列が {} あります（4 列、又は番号付きの 5 列）", row.cells.size()),
            .en = fmt::format("{} columns (4, or 5 with the number first)", row.cells.size())}});
      continue;
    }
    WatchEntry e;
    e.line = row.line;
    e.country = Trim(cells[0]);
    e.country_code = CountryCode(e.country);
    e.name = Trim(cells[1]);
    e.aliases = SplitAliases(cells[2]);
    e.concern = Trim(cells[3]);
    if (e.name.empty() || !HasKey(NormaliseCompanyName(e.name))) {
      problems.push_back({at, {.ja = "企業名・組織名が空です", .en = "the name is empty"}});
      continue;
    }
    out.push_back(std::move(e));
    if (out.size() > kMaxWatchEntries) {
      return base::InvalidArgument({.ja = fmt::format("{} 件を超えています", kMaxWatchEntries),
                                    .en = fmt::format("more than {} entries", kMaxWatchEntries)});
    }
  }
  if (!problems.empty()) {
    const auto first = problems.front();
    if (problems.size() > kMaxProblems) problems.resize(kMaxProblems);
    return base::InvalidArgument(
               {.ja = fmt::format("リストを拒否しました（問題 {} 件、何も取り込んでいません）。"
                                  "最初のもの（{}）: {}",
                                  problems.size(), first.pointer, first.message.ja),
                .en = fmt::format("the list was refused ({} problem(s); nothing was imported); "
                                  "first at {}: {}",
                                  problems.size(), first.pointer, first.message.en)})
        .WithFields(std::move(problems));
  }
  return out;
}

WatchMatch WatchScore(const WatchEntry& entry, const PartyRef& party) {
  WatchMatch m;
  std::string key = NormaliseCompanyName(party.name);
  if (key.empty()) return m;
  auto consider = [&](const std::string& name, double score, std::string_view reason) {
    if (score > m.score) {
      m.score = score;
      m.reason = std::string(reason);
      m.matched = name;
    }
  };
  auto count_chars = [](const std::string& s) {
    size_t n = 0;
    for (char ch : s)
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
  };
  std::vector<std::pair<std::string, bool>> names = {{entry.name, true}};
  for (const auto& a : entry.aliases) names.push_back({a, false});
  for (const auto& [name, primary] : names) {
    std::string k = NormaliseCompanyName(name);
    if (k.empty()) continue;
    if (k == key) {
      consider(name, primary ? 1.0 : 0.95, primary ? "name" : "alias");
    } else if (count_chars(k) >= 4 && count_chars(key) >= 4 &&
               (k.find(key) != std::string::npos || key.find(k) != std::string::npos)) {
      consider(name, 0.7, "name_partial");
    }
  }
  if (m.score > 0 && !entry.country_code.empty() && !party.country.empty() &&
      entry.country_code != party.country) {
    m.score /= 2;
    m.reason += "+country_differs";
  }
  return m;
}

}  // namespace kikan::supply
