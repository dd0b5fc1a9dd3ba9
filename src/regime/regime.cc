// The compiled regime: lookups over the loaded packs (the loader is loader.cc and the files
// loader_internal.h lists).
#include "regime/regime.h"

#include <fmt/format.h>

#include <algorithm>

namespace kikan::regime {

std::string_view CriteriaStatusName(CriteriaStatus status) {
  switch (status) {
    case CriteriaStatus::kInForce:
      return "in_force";
    case CriteriaStatus::kProposed:
      return "proposed";
    case CriteriaStatus::kRepealed:
      return "repealed";
  }
  return "in_force";
}

std::string_view PeriodName(Period period) {
  return period == Period::kAsOf ? "as_of" : "previous_fiscal_year";
}

namespace {

std::string StatusLabel(CriteriaStatus status, base::Lang lang) {
  const bool en = lang == base::Lang::kEn;
  switch (status) {
    case CriteriaStatus::kInForce:
      return en ? "in force" : "施行中";
    case CriteriaStatus::kProposed:
      return en ? "proposed" : "案";
    case CriteriaStatus::kRepealed:
      return en ? "repealed" : "廃止";
  }
  return "";
}

// "2023 (repealed, 2023-08-09 – 2025-06-29)", one entry per version.
std::string DescribeVersions(const std::vector<const Criteria*>& versions, base::Lang lang) {
  std::string out;
  for (const Criteria* c : versions) {
    if (!out.empty()) out += lang == base::Lang::kEn ? "; " : "、";
    out += fmt::format("{} ({}, {} – {})", c->version, StatusLabel(c->status, lang),
                       c->effective_from.ToIso(),
                       c->effective_until ? c->effective_until->ToIso() : std::string());
  }
  return out;
}

}  // namespace

std::string PackProblem::Render(base::Lang lang) const {
  std::string prefix = fmt::format("{}:{}:{}: ", file, line, column);
  if (warning) prefix += lang == base::Lang::kEn ? "warning: " : "警告: ";
  return prefix + message.In(lang);
}

const FunctionDef* Pack::FindFunction(std::string_view function_id) const {
  for (const FunctionDef& f : functions) {
    if (f.id == function_id) return &f;
  }
  return nullptr;
}

const Business* Regime::FindBusiness(const base::BusinessId& business_id, const Pack** pack) const {
  for (const Pack& p : packs_) {
    for (const Business& b : p.businesses) {
      if (b.id == business_id) {
        if (pack != nullptr) *pack = &p;
        return &b;
      }
    }
  }
  return nullptr;
}

std::vector<const Criteria*> Regime::CriteriaOf(const base::BusinessId& business_id) const {
  std::vector<const Criteria*> out;
  for (const Pack& p : packs_) {
    for (const Criteria& c : p.criteria) {
      if (c.business == business_id) out.push_back(&c);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Criteria* a, const Criteria* b) {
    return a->effective_from < b->effective_from;
  });
  return out;
}

base::Result<const Criteria*> Regime::FindCriteria(const base::BusinessId& business_id,
                                                   std::string_view version) const {
  if (FindBusiness(business_id) == nullptr) {
    return base::NotFound({.ja = fmt::format("事業 `{}` は規制パックにありません", business_id),
                           .en = fmt::format("no business `{}` in the regime packs", business_id)});
  }
  std::vector<const Criteria*> versions = CriteriaOf(business_id);
  for (const Criteria* c : versions) {
    if (c->version == version) return c;
  }
  return base::NotFound(
      {.ja = fmt::format("事業 `{}` に指定基準の版 `{}` はありません。存在する版: {}", business_id,
                         version,
                         versions.empty() ? "なし" : DescribeVersions(versions, base::Lang::kJa)),
       .en = fmt::format("business `{}` has no criteria version `{}`; versions: {}", business_id,
                         version,
                         versions.empty() ? "none" : DescribeVersions(versions, base::Lang::kEn))});
}

base::Result<const Criteria*> Regime::CriteriaAt(const base::BusinessId& business_id,
                                                 base::Date date) const {
  if (FindBusiness(business_id) == nullptr) {
    return base::NotFound({.ja = fmt::format("事業 `{}` は規制パックにありません", business_id),
                           .en = fmt::format("no business `{}` in the regime packs", business_id)});
  }
  std::vector<const Criteria*> versions = CriteriaOf(business_id);
  const Criteria* found = nullptr;
  for (const Criteria* c : versions) {
    if (c->status == CriteriaStatus::kProposed) continue;
    if (c->Covers(date)) found = c;  // validation guarantees at most one
  }
  if (found != nullptr) return found;
  const std::string date_text = date.ToIso();
  const bool only_proposed =
      !versions.empty() && std::all_of(versions.begin(), versions.end(), [](const Criteria* c) {
        return c->status == CriteriaStatus::kProposed;
      });
  if (only_proposed) {
    return base::FailedPrecondition(
        {.ja = fmt::format(
             "{} の時点で事業 `{}` に施行中の指定基準はありません。どの版も案（未施行）で"
             "あり、案は日付では選ばれません（存在する版: {}）。版を指定して"
             "シミュレーションしてください",
             date_text, business_id, DescribeVersions(versions, base::Lang::kJa)),
         .en = fmt::format(
             "NO CRITERIA IN FORCE for business `{}` at {}: every version is proposed "
             "(versions: {}), and proposed criteria are never chosen by date. Name the version "
             "to simulate one",
             business_id, date_text, DescribeVersions(versions, base::Lang::kEn))});
  }
  return base::FailedPrecondition(
      {.ja = fmt::format("{} の時点で事業 `{}` に施行中の指定基準はありません。存在する版: {}。"
                         "版を指定するか、いずれかの版の期間内の日付を指定してください",
                         date_text, business_id,
                         versions.empty() ? "なし" : DescribeVersions(versions, base::Lang::kJa)),
       .en =
           fmt::format("NO CRITERIA IN FORCE for business `{}` at {}: versions: {}. Name a version "
                       "or choose a date inside one",
                       business_id, date_text,
                       versions.empty() ? "none" : DescribeVersions(versions, base::Lang::kEn))});
}

std::vector<const Equipment*> Regime::EquipmentOf(const base::BusinessId& business_id) const {
  std::vector<const Equipment*> out;
  for (const Pack& p : packs_) {
    for (const Equipment& e : p.equipment) {
      if (e.business == business_id) out.push_back(&e);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Equipment* a, const Equipment* b) {
    if (a->id != b->id) return a->id < b->id;
    return a->effective_from < b->effective_from;
  });
  return out;
}

std::vector<const Equipment*> Regime::EquipmentAt(const base::BusinessId& business_id,
                                                  base::Date date) const {
  std::vector<const Equipment*> out;
  for (const Equipment* e : EquipmentOf(business_id)) {
    if (e->status != CriteriaStatus::kProposed && e->Covers(date)) out.push_back(e);
  }
  return out;
}

std::string_view DateBasisKindName(DateBasis::Kind kind) {
  return kind == DateBasis::Kind::kDerived ? "derived" : "chosen";
}

base::Text DateBasisLabel(const DateBasis& basis) {
  const bool derived = basis.kind == DateBasis::Kind::kDerived;
  base::Text out{.ja = derived ? "逆算・推定した日付" : "当パックで選んだ日付",
                 .en = derived ? "derived date" : "date chosen by this pack"};
  if (!basis.reason.ja.empty()) out.ja += "（" + basis.reason.ja + "）";
  const std::string& en = basis.reason.en.empty() ? basis.reason.ja : basis.reason.en;
  if (!en.empty()) out.en += " (" + en + ")";
  return out;
}

}  // namespace kikan::regime
