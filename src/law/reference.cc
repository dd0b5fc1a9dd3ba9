#include "law/reference.h"

#include <fmt/format.h>

#include <array>

#include "law/outline.h"

namespace kikan::law {
namespace {

using base::Text;

const std::array<Law, 18>& Catalogue() {
  static const std::array<Law, 18> kLaws = {{
      {"act",
       "504AC0000000043",
       {.ja = "経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律",
        .en = "Act on the Promotion of Ensuring National Security through Integrated "
              "Implementation of Economic Measures"},
       {.ja = "経済安全保障推進法", .en = "Economic Security Promotion Act"},
       {.ja = "令和4年法律第43号", .en = "Act No. 43 of 2022"}},
      {"order",
       "504CO0000000394",
       {.ja = "経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律施行令",
        .en = "Order for Enforcement of the Economic Security Promotion Act"},
       {.ja = "経済安全保障推進法施行令", .en = "Enforcement Order of the Act"},
       {.ja = "令和4年政令第394号", .en = "Cabinet Order No. 394 of 2022"}},
      {"mlit_ordinance",
       "505M60000800062",
       {.ja = "国土交通省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律に"
              "基づく特定社会基盤事業者等に関する省令",
        .en = "MLIT Ordinance on Specified Social Infrastructure Businesses under the Economic "
              "Security Promotion Act"},
       {.ja = "国土交通省令", .en = "MLIT Ordinance"},
       {.ja = "令和5年国土交通省令第62号", .en = "MLIT Ordinance No. 62 of 2023"}},
      {"meti_ordinance",
       "505M60000400041",
       {.ja = "経済産業省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律に"
              "基づく特定社会基盤事業者等に関する省令",
        .en = "METI Ordinance on Specified Social Infrastructure Businesses under the Economic "
              "Security Promotion Act"},
       {.ja = "経済産業省令", .en = "METI Ordinance"},
       {.ja = "令和5年経済産業省令第41号", .en = "METI Ordinance No. 41 of 2023"}},
      {"mic_ordinance",
       "505M60000008064",
       {.ja = "総務省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律に基づく"
              "特定社会基盤事業者等に関する省令",
        .en = "MIC Ordinance on Specified Social Infrastructure Businesses under the Economic "
              "Security Promotion Act"},
       {.ja = "総務省令", .en = "MIC Ordinance"},
       {.ja = "令和5年総務省令第64号", .en = "MIC Ordinance No. 64 of 2023"}},
      {"cao_ordinance",
       "505M60000002061",
       {.ja = "経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律に基づく特定社会"
              "基盤事業者の指定等に関する内閣府令",
        .en = "Cabinet Office Ordinance on the Designation of Specified Social Infrastructure "
              "Business Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府令", .en = "Cabinet Office Ordinance"},
       {.ja = "令和5年内閣府令第61号", .en = "Cabinet Office Ordinance No. 61 of 2023"}},
      {"cao_mhlw_ordinance",
       "505M60000102006",
       {.ja = "内閣府・厚生労働省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する"
              "法律に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office and MHLW Order on the Designation of Specified Social Infrastructure "
              "Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・厚生労働省令", .en = "Cabinet Office and MHLW Order"},
       {.ja = "令和5年内閣府・厚生労働省令第6号",
        .en = "Cabinet Office and MHLW Order No. 6 of 2023"}},
      {"cao_maff_ordinance",
       "505M60000202004",
       {.ja = "内閣府・農林水産省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する"
              "法律に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office and MAFF Order on the Designation of Specified Social Infrastructure "
              "Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・農林水産省令", .en = "Cabinet Office and MAFF Order"},
       {.ja = "令和5年内閣府・農林水産省令第4号",
        .en = "Cabinet Office and MAFF Order No. 4 of 2023"}},
      {"cao_mof_ordinance",
       "505M60000042006",
       {.ja = "内閣府・財務省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律"
              "に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office and MOF Order on the Designation of Specified Social Infrastructure "
              "Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・財務省令", .en = "Cabinet Office and MOF Order"},
       {.ja = "令和5年内閣府・財務省令第6号", .en = "Cabinet Office and MOF Order No. 6 of 2023"}},
      {"cao_mof_maff_ordinance",
       "505M60000242002",
       {.ja = "内閣府・財務省・農林水産省関係経済施策を一体的に講ずることによる安全保障の確保の推進"
              "に関する法律に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office, MOF and MAFF Order on the Designation of Specified Social "
              "Infrastructure Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・財務省・農林水産省令", .en = "Cabinet Office, MOF and MAFF Order"},
       {.ja = "令和5年内閣府・財務省・農林水産省令第2号",
        .en = "Cabinet Office, MOF and MAFF Order No. 2 of 2023"}},
      {"cao_moj_mof_ordinance",
       "505M60000052001",
       {.ja = "内閣府・法務省・財務省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関"
              "する法律に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office, MOJ and MOF Order on the Designation of Specified Social "
              "Infrastructure Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・法務省・財務省令", .en = "Cabinet Office, MOJ and MOF Order"},
       {.ja = "令和5年内閣府・法務省・財務省令第1号",
        .en = "Cabinet Office, MOJ and MOF Order No. 1 of 2023"}},
      {"cao_moj_ordinance",
       "505M60000012002",
       {.ja = "内閣府・法務省関係経済施策を一体的に講ずることによる安全保障の確保の推進に関する法律"
              "に基づく"
              "特定社会基盤事業者の指定等に関する命令",
        .en = "Cabinet Office and MOJ Order on the Designation of Specified Social Infrastructure "
              "Business "
              "Operators under the Economic Security Promotion Act"},
       {.ja = "内閣府・法務省令", .en = "Cabinet Office and MOJ Order"},
       {.ja = "令和5年内閣府・法務省令第2号", .en = "Cabinet Office and MOJ Order No. 2 of 2023"}},
      {"administrative_procedure_act",
       "405AC0000000088",
       {.ja = "行政手続法", .en = "Administrative Procedure Act"},
       {.ja = "行政手続法", .en = "Administrative Procedure Act"},
       {.ja = "平成5年法律第88号", .en = "Act No. 88 of 1993"}},
      {"civil_code",
       "129AC0000000089",
       {.ja = "民法", .en = "Civil Code"},
       {.ja = "民法", .en = "Civil Code"},
       {.ja = "明治29年法律第89号", .en = "Act No. 89 of 1896"}},
      {"administrative_holidays_act",
       "363AC0000000091",
       {.ja = "行政機関の休日に関する法律", .en = "Act on Holidays of Administrative Organs"},
       {.ja = "行政機関の休日に関する法律", .en = "Act on Holidays of Administrative Organs"},
       {.ja = "昭和63年法律第91号", .en = "Act No. 91 of 1988"}},
      {"motor_truck_act",
       "401AC0000000083",
       {.ja = "貨物自動車運送事業法", .en = "Motor Truck Transportation Business Act"},
       {.ja = "貨物自動車運送事業法", .en = "Motor Truck Transportation Business Act"},
       {.ja = "平成元年法律第83号", .en = "Act No. 83 of 1989"}},
      {"port_transport_act",
       "326AC0100000161",
       {.ja = "港湾運送事業法", .en = "Port Transportation Business Act"},
       {.ja = "港湾運送事業法", .en = "Port Transportation Business Act"},
       {.ja = "昭和26年法律第161号", .en = "Act No. 161 of 1951"}},
      {"oil_stockpiling_act",
       "350AC0000000096",
       {.ja = "石油の備蓄の確保等に関する法律", .en = "Act on the Stockpiling of Petroleum"},
       {.ja = "石油の備蓄の確保等に関する法律", .en = "Oil Stockpiling Act"},
       {.ja = "昭和50年法律第96号", .en = "Act No. 96 of 1975"}},
  }};
  return kLaws;
}

// The names the parser recognises, longest first where one is a prefix of another.
struct Name {
  std::string_view text;
  std::string_view law;
  bool needs_boundary;  // only when not preceded by a kanji (「法」 alone, 「施行令」, 「令」)
};
constexpr std::array<Name, 22> kNames = {{
    {"経済安全保障推進法施行令", "order", false},
    {"経済安全保障推進法", "act", false},
    {"行政機関の休日に関する法律", "administrative_holidays_act", false},
    {"国土交通省令", "mlit_ordinance", false},
    {"経済産業省令", "meti_ordinance", false},
    {"総務省令", "mic_ordinance", false},
    {"内閣府令", "cao_ordinance", false},
    {"内閣府・厚生労働省令", "cao_mhlw_ordinance", false},
    {"内閣府・農林水産省令", "cao_maff_ordinance", false},
    {"内閣府・財務省令", "cao_mof_ordinance", false},
    {"内閣府・財務省・農林水産省令", "cao_mof_maff_ordinance", false},
    {"内閣府・法務省・財務省令", "cao_moj_mof_ordinance", false},
    {"内閣府・法務省令", "cao_moj_ordinance", false},
    {"行政手続法", "administrative_procedure_act", false},
    {"貨物自動車運送事業法", "motor_truck_act", false},
    {"港湾運送事業法", "port_transport_act", false},
    {"石油の備蓄の確保等に関する法律", "oil_stockpiling_act", false},
    {"民法", "civil_code", false},
    {"施行令", "order", true},
    {"法", "act", true},
    {"令", "order", true},
    {"省令", "", true},  // a ministry's ordinance not named: not a reference
}};

constexpr std::array<std::string_view, 10> kIroha = {"イ", "ロ", "ハ", "ニ", "ホ",
                                                     "ヘ", "ト", "チ", "リ", "ヌ"};

bool IsKanjiBefore(std::string_view text, size_t pos) {
  // The code point before `pos`: a CJK ideograph (U+4E00–U+9FFF) is three bytes E4–E9.
  if (pos < 3) return false;
  const auto b = static_cast<unsigned char>(text[pos - 3]);
  return b >= 0xE4 && b <= 0xE9;
}

// Reads ASCII or full-width digits at `pos`; advances it. nullopt when none.
std::optional<int> Number(std::string_view text, size_t& pos) {
  int n = 0;
  size_t p = pos;
  bool any = false;
  while (p < text.size()) {
    if (text[p] >= '0' && text[p] <= '9') {
      n = n * 10 + (text[p] - '0');
      ++p;
    } else if (text.substr(p, 2) == "\xEF\xBC" && p + 2 < text.size() &&
               static_cast<unsigned char>(text[p + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[p + 2]) <= 0x99) {
      n = n * 10 + (static_cast<unsigned char>(text[p + 2]) - 0x90);
      p += 3;
    } else {
      break;
    }
    any = true;
    if (n > 100000) return std::nullopt;
  }
  if (!any) return std::nullopt;
  pos = p;
  return n;
}

bool Eat(std::string_view text, size_t& pos, std::string_view what) {
  if (text.substr(pos).starts_with(what)) {
    pos += what.size();
    return true;
  }
  return false;
}

// 第N<unit> at pos (unit 条, 項 or 号).
std::optional<int> Numbered(std::string_view text, size_t& pos, std::string_view unit) {
  size_t p = pos;
  if (!Eat(text, p, "第")) return std::nullopt;
  auto n = Number(text, p);
  if (!n || !Eat(text, p, unit)) return std::nullopt;
  pos = p;
  return n;
}

// Skips white space and one parenthesis （…） (nested ones included) after a law's name.
void SkipParenthesis(std::string_view text, size_t& pos) {
  while (pos < text.size() && (text[pos] == ' ' || text.substr(pos).starts_with("\xE3\x80\x80"))) {
    pos += text[pos] == ' ' ? 1u : 3u;
  }
  if (!text.substr(pos).starts_with("（")) return;
  int depth = 0;
  size_t p = pos;
  while (p < text.size()) {
    if (Eat(text, p, "（")) {
      ++depth;
    } else if (Eat(text, p, "）")) {
      if (--depth == 0) {
        pos = p;
        break;
      }
    } else {
      ++p;
    }
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

// The rest of a provision after its article (or, for a continuation, from where it starts):
// paragraph, item, sub-item, proviso.
void ReadTail(std::string_view text, size_t& pos, Reference& ref) {
  if (auto p = Numbered(text, pos, "項")) {
    ref.paragraph = *p;
    ref.item = 0;
    ref.subitem.clear();
  }
  if (auto i = Numbered(text, pos, "号")) {
    ref.item = *i;
    ref.subitem.clear();
  }
  for (std::string_view k : kIroha) {
    if (Eat(text, pos, k)) {
      ref.subitem = std::string(k);
      break;
    }
  }
  ref.proviso = Eat(text, pos, "ただし書");
}

bool SaysUnverified(std::string_view segment) {
  return segment.find("未確認") != std::string_view::npos ||
         segment.find("未施行") != std::string_view::npos;
}

void ParseSegment(std::string_view text, size_t begin, size_t end, std::vector<Located>& out) {
  const std::string_view segment = text.substr(begin, end - begin);
  const Status status = SaysUnverified(segment) ? Status::kUnverified : Status::kConfirmed;
  size_t pos = begin;
  while (pos < end) {
    const Name* found = nullptr;
    for (const Name& n : kNames) {
      if (text.substr(pos, end - pos).starts_with(n.text) &&
          !(n.needs_boundary && IsKanjiBefore(text, pos))) {
        found = &n;
        break;
      }
    }
    if (found == nullptr) {
      ++pos;
      continue;
    }
    const size_t at = pos;
    pos += found->text.size();
    if (found->law.empty()) continue;
    size_t p = pos;
    SkipParenthesis(text, p);
    Reference ref;
    ref.law = std::string(found->law);
    ref.status = status;
    auto article = Numbered(text, p, "条");
    if (!article) continue;
    ref.article = *article;
    if (Eat(text, p, "の")) {
      if (auto b = Number(text, p)) ref.article_branch = *b;
    }
    ReadTail(text, p, ref);
    out.push_back({ref, at});
    // Continuations: 「・第2項」「、第10項ただし書」「及び第11項」「・第54条」.
    while (p < end) {
      size_t q = p;
      if (!Eat(text, q, "・") && !Eat(text, q, "、") && !Eat(text, q, "及び")) break;
      const size_t start = q;
      Reference next = ref;
      next.proviso = false;
      if (auto a = Numbered(text, q, "条")) {
        next = Reference{.law = ref.law, .article = *a, .status = status};
        if (Eat(text, q, "の")) {
          if (auto b = Number(text, q)) next.article_branch = *b;
        }
      } else if (text.substr(q).starts_with("第") && Numbered(text, q, "項")) {
        q = start;  // re-read it as the tail
      } else if (text.substr(q).starts_with("第") && Numbered(text, q, "号")) {
        q = start;
        next.item = 0;
      } else {
        break;
      }
      ReadTail(text, q, next);
      out.push_back({next, start});
      ref = next;
      p = q;
    }
    pos = p;
  }
}

std::string RomanLower(int n) {
  static constexpr std::array<std::pair<int, std::string_view>, 6> kParts = {
      {{40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}};
  std::string out;
  for (const auto& [value, s] : kParts) {
    while (n >= value) {
      out += s;
      n -= value;
    }
  }
  return out;
}

}  // namespace

std::span<const Law> Laws() { return Catalogue(); }

const Law* FindLaw(std::string_view key) {
  for (const Law& l : Catalogue()) {
    if (l.key == key) return &l;
  }
  return nullptr;
}

std::string_view StatusName(Status status) {
  return status == Status::kConfirmed ? "confirmed" : "unverified";
}

base::Text StatusLabel(Status status) {
  return status == Status::kConfirmed ? Text{.ja = "確認済み", .en = "confirmed"}
                                      : Text{.ja = "未確認", .en = "unverified"};
}

base::Text Render(const Reference& ref) {
  const Law* law = FindLaw(ref.law);
  Text out{.ja = law ? std::string(law->short_name.ja) : ref.law,
           .en = law ? std::string(law->short_name.en) + ", " : ref.law + ", "};
  out.ja += fmt::format("第{}条", ref.article);
  out.en += fmt::format("Art. {}", ref.article);
  if (ref.article_branch > 0) {
    out.ja += fmt::format("の{}", ref.article_branch);
    out.en += fmt::format("-{}", ref.article_branch);
  }
  if (ref.paragraph > 0) {
    out.ja += fmt::format("第{}項", ref.paragraph);
    out.en += fmt::format("({})", ref.paragraph);
  }
  if (ref.item > 0) {
    out.ja += fmt::format("第{}号", ref.item);
    out.en += fmt::format("({})", RomanLower(ref.item));
  }
  if (!ref.subitem.empty()) {
    out.ja += ref.subitem;
    for (size_t i = 0; i < kIroha.size(); ++i) {
      if (kIroha[i] == ref.subitem) out.en += fmt::format("({})", static_cast<char>('a' + i));
    }
  }
  if (ref.proviso) {
    out.ja += "ただし書";
    out.en += ", proviso";
  }
  return out;
}

std::string EGovUrl(const Reference& ref) {
  const Law* law = FindLaw(ref.law);
  if (law == nullptr) return "";
  std::string url = fmt::format("https://laws.e-gov.go.jp/law/{}", law->egov_id);
  std::string prefix;
  if (ref.law == "act") {
    const ArticleOutline* a = Outline::Act().Find(ref.article);
    if (a == nullptr || ref.article_branch > 0) return url;
    prefix = fmt::format("Mp-Ch_{}-", a->chapter);
  } else if (ref.law == "order" || ref.law == "mlit_ordinance" || ref.law == "meti_ordinance" ||
             ref.law == "mic_ordinance" || ref.law == "cao_ordinance" ||
             ref.law == "cao_mhlw_ordinance" || ref.law == "cao_maff_ordinance" ||
             ref.law == "cao_mof_ordinance" || ref.law == "cao_mof_maff_ordinance" ||
             ref.law == "cao_moj_mof_ordinance" || ref.law == "cao_moj_ordinance" ||
             ref.law == "administrative_holidays_act") {
    prefix = "Mp-";  // no chapters
  } else if (ref.law == "civil_code" && ref.article >= 138 && ref.article <= 143) {
    prefix = "Mp-Pa_1-Ch_6-";  // 第1編第6章 期間の計算
  } else if (ref.law == "administrative_procedure_act" && ref.article == 37) {
    prefix = "Mp-Ch_5-";  // 第5章 届出
  } else {
    return url;
  }
  url += fmt::format("#{}At_{}", prefix, ref.article);
  if (ref.article_branch > 0) url += fmt::format("_{}", ref.article_branch);
  if (ref.paragraph > 0) url += fmt::format("-Pa_{}", ref.paragraph);
  if (ref.item > 0) url += fmt::format("-It_{}", ref.item);
  return url;
}

std::vector<Located> ParseCitationsLocated(std::string_view text) {
  std::vector<Located> out;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.size();
    size_t semi = text.find(';', begin);
    size_t wide = text.find("；", begin);
    if (semi != std::string_view::npos) end = semi;
    if (wide != std::string_view::npos && wide < end) end = wide;
    ParseSegment(text, begin, end, out);
    if (end == text.size()) break;
    begin = end + (end == semi ? 1 : std::string_view("；").size());
  }
  return out;
}

std::vector<Reference> ParseCitations(std::string_view text) {
  std::vector<Reference> out;
  for (Located& l : ParseCitationsLocated(text)) out.push_back(std::move(l.ref));
  return out;
}

}  // namespace kikan::law
