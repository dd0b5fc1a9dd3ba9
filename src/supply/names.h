// Company names as Japanese filings write them, and whether two mentions of a company are the
// same party (docs/supply-chain.md §2). NormaliseCompanyName folds the ways one name is written —
// 株式会社 / ㈱ / （株） before or after, full- and half-width forms, spaces, case, Latin legal
// forms (Co., Ltd., Inc., K.K., ...) — to one key, using ICU's NFKC with case folding.
// MatchParty decides on 法人番号 first, then on that key and the country, and says why, with a
// score. Pure functions of their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "supply/model.h"

namespace kikan::supply {

// The matching key of a company name: NFKC + case folding, spaces and middle dots removed, the
// Japanese legal forms (株式会社, (株), 有限会社, 合同会社, 一般社団法人, ...) removed wherever
// they stand, the Latin ones (Co., Ltd., Inc., K.K., ...) at the end (repeatedly). "株式会社 上組",
// "㈱上組", "（株）上組" and "上組" all give "上組"; "Kamigumi Co., Ltd." gives "kamigumi". Invalid
// UTF-8 is replaced (U+FFFD) first. A name that is nothing but a legal form keeps it (the key of
// "株式会社" is "株式会社").
std::string NormaliseCompanyName(std::string_view name);

// NFKC + case folding of `text` (identifiers such as model numbers: "ＰＬＣ－１" → "plc-1").
std::string FoldText(std::string_view text);

enum class MatchReason {
  kNone,             // not the same party
  kCorporateNumber,  // the same 法人番号
  kNormalisedName,   // the same normalised name, countries agreeing
};

struct PartyMatch {
  MatchReason reason = MatchReason::kNone;
  double score = 0;  // 1.0 corporate number, 0.9 name; 0 no match
  bool matched() const { return reason != MatchReason::kNone; }
};

// Whether `a` and `b` name the same company: equal 法人番号 (both given) → kCorporateNumber;
// different 法人番号 → no match whatever the names; else equal non-empty NormaliseCompanyName and
// countries equal or one empty → kNormalisedName.
PartyMatch MatchParty(const PartyRef& a, const PartyRef& b);

// "corporate_number", "normalised_name", "none".
std::string_view MatchReasonName(MatchReason reason);

}  // namespace kikan::supply
