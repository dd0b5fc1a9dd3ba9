#include "regime/classify.h"

#include <fmt/format.h>

#include <algorithm>

namespace kikan::regime {
namespace {

std::string NumberEn(size_t n) {
  static constexpr const char* kWords[] = {"zero", "one",   "two",   "three", "four", "five",
                                           "six",  "seven", "eight", "nine",  "ten"};
  return n < std::size(kWords) ? kWords[n] : std::to_string(n);
}

base::Text FunctionLabel(const Pack& pack, std::string_view id) {
  if (const FunctionDef* f = pack.FindFunction(id)) {
    base::Text t = f->name;
    if (t.ja.empty()) t.ja = std::string(id);
    if (t.en.empty()) t.en = std::string(id);
    return t;
  }
  return {.ja = std::string(id), .en = std::string(id)};
}

// The labels of `ids`, joined: 「a」、「b」 / a, b.
base::Text JoinLabels(const Pack& pack, const std::vector<std::string>& ids) {
  base::Text out;
  for (const auto& id : ids) {
    base::Text l = FunctionLabel(pack, id);
    if (!out.ja.empty()) out.ja += "、";
    if (!out.en.empty()) out.en += ", ";
    out.ja += "「" + l.ja + "」";
    out.en += l.en;
  }
  return out;
}

base::Text Reason(const Pack& pack, const DefinitionOutcome& o) {
  const size_t n = o.functions.size();
  const std::string def_ja = fmt::format("「{}」（{}版）", o.name.In(base::Lang::kJa), o.version);
  const std::string def_en = fmt::format("{} (version {})", o.name.In(base::Lang::kEn), o.version);
  const base::Text matched = JoinLabels(pack, o.matched);
  const base::Text missing = JoinLabels(pack, o.missing);
  const base::Text all = JoinLabels(pack, o.functions);
  if (o.match == Equipment::Match::kAllOf) {
    if (o.critical) {
      if (n == 1) {
        return {.ja = fmt::format("{}の機能{}を有するため、特定重要設備に該当します（根拠: {}）",
                                  def_ja, matched.ja, o.citation),
                .en = fmt::format("has {}, the function of {}: critical equipment ({})", matched.en,
                                  def_en, o.citation)};
      }
      return {.ja = fmt::format(
                  "{}の{}つの機能（{}）をすべて有するため、特定重要設備に該当します（根拠: {}）",
                  def_ja, n, all.ja, o.citation),
              .en = fmt::format("has all {} functions of {} ({}): critical equipment ({})",
                                NumberEn(n), def_en, all.en, o.citation)};
    }
    return {.ja = fmt::format(
                "{}の{}つの機能のうち{}を欠くため（有するのは{}つ）、特定重要設備に該当しません",
                def_ja, n, missing.ja, o.matched.size()),
            .en = fmt::format("lacks {} (has {} of the {} functions of {}): not critical equipment",
                              missing.en, NumberEn(o.matched.size()), NumberEn(n), def_en)};
  }
  // any_of
  if (o.critical) {
    if (n == 1) {
      return {.ja = fmt::format("{}の機能{}を有するため、特定重要設備に該当します（根拠: {}）",
                                def_ja, matched.ja, o.citation),
              .en = fmt::format("has {}, the function of {}: critical equipment ({})", matched.en,
                                def_en, o.citation)};
    }
    return {
        .ja = fmt::format(
            "{}の{}つの機能のいずれかである{}を有するため、特定重要設備に該当します（根拠: {}）",
            def_ja, n, matched.ja, o.citation),
        .en = fmt::format("has {}, {} of the {} functions of {}: critical equipment ({})",
                          matched.en, NumberEn(o.matched.size()), NumberEn(n), def_en, o.citation)};
  }
  return {
      .ja = fmt::format("{}の{}つの機能（{}）のいずれも有しないため、特定重要設備に該当しません",
                        def_ja, n, all.ja),
      .en = fmt::format("has none of the {} functions of {} ({}): not critical equipment",
                        NumberEn(n), def_en, all.en)};
}

// Why no definition applies at `date`, naming the definitions there are (proposed or at other
// dates).
base::Text NoneInForce(const Regime& regime, const Business& business, base::Date date) {
  std::string others_ja, others_en;
  for (const Equipment* e : regime.EquipmentOf(business.id)) {
    std::string from = e->effective_from.ToIso();
    std::string until = e->effective_until ? e->effective_until->ToIso() : "";
    if (!others_ja.empty()) {
      others_ja += "、";
      others_en += "; ";
    }
    if (e->status == CriteriaStatus::kProposed) {
      others_ja +=
          fmt::format("「{}」（{}版、案、{}から）", e->name.In(base::Lang::kJa), e->version, from);
      others_en += fmt::format("{} (version {}, proposed, from {})", e->name.In(base::Lang::kEn),
                               e->version, from);
    } else {
      others_ja += fmt::format("「{}」（{}版、{}〜{}）", e->name.In(base::Lang::kJa), e->version,
                               from, until);
      others_en += fmt::format("{} (version {}, {} to {})", e->name.In(base::Lang::kEn), e->version,
                               from, until.empty() ? "open" : until);
    }
  }
  base::Text t{
      .ja = fmt::format(
          "{}時点で「{}」の特定重要設備の定義は施行されていないため、特定重要設備に該当しません",
          date.ToIso(), business.name.In(base::Lang::kJa)),
      .en = fmt::format(
          "no critical-equipment definition of {} is in force on {}: not critical equipment",
          business.name.In(base::Lang::kEn), date.ToIso())};
  if (!others_ja.empty()) {
    t.ja += fmt::format("（定義: {}）", others_ja);
    t.en += fmt::format(" (definitions: {})", others_en);
  }
  return t;
}

}  // namespace

std::string_view MatchName(Equipment::Match match) {
  return match == Equipment::Match::kAllOf ? "all_of" : "any_of";
}

base::Result<std::vector<std::string>> UnknownFunctions(const Regime& regime,
                                                        const base::BusinessId& business,
                                                        std::span<const std::string> functions) {
  const Pack* pack = nullptr;
  if (regime.FindBusiness(business, &pack) == nullptr) {
    return base::NotFound({.ja = fmt::format("不明な事業 \"{}\" です", business),
                           .en = fmt::format("unknown business \"{}\"", business)});
  }
  std::vector<std::string> unknown;
  for (const std::string& f : functions) {
    if (pack->FindFunction(f) == nullptr &&
        std::find(unknown.begin(), unknown.end(), f) == unknown.end()) {
      unknown.push_back(f);
    }
  }
  return unknown;
}

base::Result<Classification> Classify(const Regime& regime, const base::BusinessId& business,
                                      std::span<const std::string> functions, base::Date date) {
  const Pack* pack = nullptr;
  const Business* b = regime.FindBusiness(business, &pack);
  if (b == nullptr) {
    return base::NotFound({.ja = fmt::format("不明な事業 \"{}\" です", business),
                           .en = fmt::format("unknown business \"{}\"", business)});
  }
  KIKAN_ASSIGN_OR_RETURN(auto unknown, UnknownFunctions(regime, business, functions));
  if (!unknown.empty()) {
    std::string names, known;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
    for (const FunctionDef& f : pack->functions) {
      if (!known.empty()) known += ", ";
      known += f.id;
    }
    if (pack->functions.empty()) known.append("-");
    return base::InvalidArgument(
        {.ja = fmt::format("{} の機能として不明なもの: {}（{} パックの機能: {}）", business, names,
                           pack->id, known),
         .en = fmt::format("unknown function(s) {} for {} (the {} pack's functions: {})", names,
                           business, pack->id, known)});
  }
  Classification out;
  out.business = business;
  out.date = date;
  auto has = [&](const std::string& f) {
    return std::find(functions.begin(), functions.end(), f) != functions.end();
  };
  for (const Equipment* e : regime.EquipmentAt(business, date)) {
    DefinitionOutcome o;
    o.id = e->id;
    o.version = e->version;
    o.name = e->name;
    o.citation = e->citation;
    o.match = e->match;
    o.functions = e->functions;
    for (const std::string& f : e->functions) (has(f) ? o.matched : o.missing).push_back(f);
    o.critical = e->match == Equipment::Match::kAllOf ? o.missing.empty() && !o.matched.empty()
                                                      : !o.matched.empty();
    o.reason = Reason(*pack, o);
    out.critical = out.critical || o.critical;
    out.definitions.push_back(std::move(o));
  }
  if (out.definitions.empty()) {
    out.reason = NoneInForce(regime, *b, date);
  } else if (out.critical) {
    for (const auto& o : out.definitions) {
      if (o.critical) {
        out.reason = o.reason;
        break;
      }
    }
  } else {
    for (const auto& o : out.definitions) {
      if (!out.reason.ja.empty()) {
        out.reason.ja += "。";
        out.reason.en += "; ";
      }
      out.reason.ja += o.reason.ja;
      out.reason.en += o.reason.en;
    }
  }
  return out;
}

}  // namespace kikan::regime
