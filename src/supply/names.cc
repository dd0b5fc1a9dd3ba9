#include "supply/names.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <array>
#include <span>
#include <vector>

namespace kikan::supply {
namespace {

// The key forms of legal-form affixes (after NFKC + case folding, spaces removed). Longer first
// where one is a prefix of another.
constexpr std::array<std::string_view, 21> kJapaneseForms = {
    "株式会社",           "(株)",         "有限会社",        "(有)",   "合同会社",     "(同)",
    "合名会社",           "(名)",         "合資会社",        "(資)",   "一般社団法人", "(一社)",
    "一般財団法人",       "(一財)",       "公益社団法人",    "(公社)", "公益財団法人", "(公財)",
    "特定非営利活動法人", "独立行政法人", "国立研究開発法人"};
constexpr std::array<std::string_view, 14> kLatinSuffixes = {
    ",co.,ltd.", "co.,ltd.", "co.ltd.",     "co.,ltd", "co.ltd", ",inc.", "inc.",
    ",inc",      "inc",      "corporation", "corp.",   "k.k.",   "llc",   "gmbh"};
constexpr std::array<std::string_view, 4> kLatinTrailing = {",ltd.", "ltd.", ",ltd", "ltd"};

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

std::string FoldText(std::string_view text) {
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2* nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
  if (U_FAILURE(err) || text.size() > (1u << 24)) return std::string(text);
  std::vector<UChar> in(text.size() + 1);
  int32_t in_len = 0;
  // Invalid UTF-8 becomes U+FFFD rather than an error.
  u_strFromUTF8WithSub(in.data(), static_cast<int32_t>(in.size()), &in_len, text.data(),
                       static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &err);
  if (U_FAILURE(err)) return std::string(text);
  std::vector<UChar> out(static_cast<size_t>(in_len) * 4 + 16);
  int32_t out_len = unorm2_normalize(nfkc_cf, in.data(), in_len, out.data(),
                                     static_cast<int32_t>(out.size()), &err);
  if (U_FAILURE(err)) return std::string(text);
  std::string utf8(static_cast<size_t>(out_len) * 3 + 1, '\0');
  int32_t utf8_len = 0;
  u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &utf8_len, out.data(), out_len, &err);
  if (U_FAILURE(err)) return std::string(text);
  utf8.resize(static_cast<size_t>(utf8_len));
  return utf8;
}

std::string NormaliseCompanyName(std::string_view name) {
  std::string folded = FoldText(name);
  // Spaces (NFKC made the ideographic space U+3000 an ASCII one) and middle dots (・ U+30FB).
  std::string key;
  key.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(folded[i]);
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') continue;
    if (folded.compare(i, 3, "\xE3\x83\xBB") == 0) {  // ・
      i += 2;
      continue;
    }
    key.push_back(folded[i]);
  }
  const std::string original = key;
  for (bool changed = true; changed && !key.empty();) {
    changed = false;
    // A Japanese legal form is removed wherever it stands: in a company name it is never part of
    // the name itself ("架空制御機器株式会社（サンプル）" is the company 架空制御機器).
    for (std::string_view form : kJapaneseForms) {
      for (auto at = key.find(form); at != std::string::npos && key.size() > form.size();
           at = key.find(form)) {
        key.erase(at, form.size());
        changed = true;
      }
    }
    for (auto list : {std::span<const std::string_view>(kLatinSuffixes),
                      std::span<const std::string_view>(kLatinTrailing)}) {
      for (std::string_view form : list) {
        if (key.size() > form.size() && EndsWith(key, form)) {
          key.erase(key.size() - form.size());
          changed = true;
        }
      }
    }
    while (!key.empty() && (key.back() == ',' || key.back() == '.')) {
      key.pop_back();
      changed = true;
    }
  }
  return key.empty() ? original : key;
}

PartyMatch MatchParty(const PartyRef& a, const PartyRef& b) {
  if (!a.corporate_number.empty() && !b.corporate_number.empty()) {
    if (a.corporate_number == b.corporate_number) return {MatchReason::kCorporateNumber, 1.0};
    return {};
  }
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) return {};
  std::string ka = NormaliseCompanyName(a.name);
  if (ka.empty() || ka != NormaliseCompanyName(b.name)) return {};
  return {MatchReason::kNormalisedName, 0.9};
}

std::string_view MatchReasonName(MatchReason reason) {
  switch (reason) {
    case MatchReason::kCorporateNumber:
      return "corporate_number";
    case MatchReason::kNormalisedName:
      return "normalised_name";
    case MatchReason::kNone:
      break;
  }
  return "none";
}

bool IsComponentType(std::string_view type) {
  for (auto t : kComponentTypes)
    if (t == type) return true;
  return false;
}

std::string PurlPackage(std::string_view purl) {
  if (purl.substr(0, 4) != "pkg:") return "";
  auto end = purl.find_first_of("?#");
  std::string_view s = purl.substr(0, end);
  // The version follows the last '@' after the last '/' (a namespace may hold an encoded '@').
  auto slash = s.rfind('/');
  auto at = s.rfind('@');
  if (at != std::string_view::npos && (slash == std::string_view::npos || at > slash))
    s = s.substr(0, at);
  return std::string(s);
}

}  // namespace kikan::supply
