// Citations of the law as structured references (docs/references.md): which law (its e-Gov
// 法令ID, name and number), article (with a branch number: 第30条の4), paragraph (項), item (号),
// sub-item (イ, ロ, …) and proviso (ただし書), with a status — confirmed against the text, or
// unverified — rendered in Japanese and English and linked to the provision on e-Gov 法令検索.
//
// Kikan writes its citations as Japanese text (packs, the act table, the clocks), so that a legal
// officer reads and reviews them as written; ParseCitations derives the references from that
// text, and CheckAgainstOutline holds references to the Act to the bundled outline of its
// articles and paragraphs (law/outline.h). The law catalogue is immutable static data; every
// function is pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/lang.h"

namespace kikan::law {

// A law Kikan cites. `key` is Kikan's short id ("act", "order", "mlit_ordinance", …).
struct Law {
  std::string_view key;
  std::string_view egov_id;  // e-Gov 法令ID, e.g. "504AC0000000043"
  base::Text name;           // the full title
  base::Text short_name;  // 「経済安全保障推進法」 / "Economic Security Promotion Act"
  base::Text number;      // 「令和4年法律第43号」 / "Act No. 43 of 2022"
};

// Every law of the catalogue.
std::span<const Law> Laws();
// The law `key`, or nullptr.
const Law* FindLaw(std::string_view key);

enum class Status { kConfirmed, kUnverified };
std::string_view StatusName(Status status);  // "confirmed" / "unverified"
base::Text StatusLabel(Status status);       // 「確認済み」 / 「未確認」

struct Reference {
  std::string law = {};      // Law::key
  int article = 0;           // 第52条 → 52
  int article_branch = 0;    // 第30条の4 → 4 (0: none)
  int paragraph = 0;         // 第7項 → 7 (0: the whole article)
  int item = 0;              // 第3号 → 3 (0: none)
  std::string subitem = {};  // イ, ロ, … (empty: none)
  bool proviso = false;      // ただし書
  Status status = Status::kConfirmed;

  bool operator==(const Reference&) const = default;
};

// 「経済安全保障推進法第52条第10項ただし書」 / "Economic Security Promotion Act, Art. 52(10),
// proviso"; an item is 「第1条第5号イ」 / "Art. 1(v)(a)". Does not mention the status.
base::Text Render(const Reference& ref);
// The provision on e-Gov 法令検索: https://laws.e-gov.go.jp/law/<法令ID>#<anchor>, the anchor
// being e-Gov's element id (Mp-Ch_3-At_52-Pa_7 for the Act, whose chapters the outline gives;
// Mp-At_9-Pa_2-It_1 for an ordinance without chapters); the law's page without an anchor when
// the article's place in the law is not known. Empty for a law not in the catalogue.
std::string EGovUrl(const Reference& ref);

// The references a citation text names, in order. The text is Kikan's Japanese citation form:
// a law's name (as in the catalogue, or 「法」 alone for the Act, 「施行令」/「令」 for its order),
// optionally followed by a parenthesis (its number or version), then 第N条[のM][第N項][第N号][イ…]
// [ただし書], and more provisions of the same law joined by 「・」「、」「及び」
// (「第52条第1項・第2 項」 is two references). Citations are split into segments at 「;」/「；」;
// every reference of a segment that says 未確認 or 未施行 is unverified. Text that names no known
// law yields nothing.
std::vector<Reference> ParseCitations(std::string_view text);

// Where a reference was found in a citation text: byte offset of its law name (or of the
// provision, for a continuation), for file:line:column problems.
struct Located {
  Reference ref;
  size_t offset = 0;
};
std::vector<Located> ParseCitationsLocated(std::string_view text);

}  // namespace kikan::law
