// The filing kinds, the catalogue of form items a [[form]] may require and the exact percentage
// values of thresholds (all declared in regime.h). Constant tables; safe to use from any thread.
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/number.h"
#include "regime/regime.h"

namespace kikan::regime {

std::string_view FilingKindName(FilingKind kind) {
  switch (kind) {
    case FilingKind::kInstallationPlan:
      return "installation_plan";
    case FilingKind::kMaintenanceEntrustment:
      return "maintenance_entrustment";
    case FilingKind::kPlanChange:
      return "plan_change";
    case FilingKind::kAfterTheFact:
      return "after_the_fact";
  }
  return "installation_plan";
}

std::optional<FilingKind> ParseFilingKind(std::string_view name) {
  for (FilingKind k : {FilingKind::kInstallationPlan, FilingKind::kMaintenanceEntrustment,
                       FilingKind::kPlanChange, FilingKind::kAfterTheFact}) {
    if (FilingKindName(k) == name) return k;
  }
  return std::nullopt;
}

base::Text FilingKindLabel(FilingKind kind) {
  switch (kind) {
    case FilingKind::kInstallationPlan:
      return {"導入等計画書", "installation plan"};
    case FilingKind::kMaintenanceEntrustment:
      return {"重要維持管理等の委託に係る導入等計画書", "entrustment of important maintenance"};
    case FilingKind::kPlanChange:
      return {"導入等計画書の変更", "change of a notified plan"};
    case FilingKind::kAfterTheFact:
      return {"事後届出", "after-the-fact notification"};
  }
  return {};
}

const std::vector<FormItemSpec>& FormItemCatalog() {
  static const std::vector<FormItemSpec> kCatalog = [] {
    std::vector<FormItemSpec> c = {
        {"equipment.name", {"特定重要設備の名称", "name of the critical equipment"}},
        {"equipment.purpose", {"特定重要設備の使用目的", "purpose of the equipment"}},
        {"equipment.functions", {"特定重要設備の機能", "functions of the equipment"}},
        {"equipment.location", {"特定重要設備の設置場所", "where the equipment is installed"}},
        {"equipment.definition",
         {"該当する特定重要設備の定義", "the critical-equipment definition it falls under"}},
        {"components", {"構成設備（1件以上）", "components (at least one)"}},
        {"components[].name", {"構成設備の名称", "name of a component"}},
        {"components[].role", {"構成設備の役割", "role of a component"}},
        {"components[].supplier", {"構成設備の供給者", "supplier of a component"}},
        {"installation.description", {"導入等の内容", "what is installed"}},
        {"installation.planned_date",
         {"導入等の予定日又は期間", "planned date or period of the installation"}},
        {"suppliers", {"供給者（1者以上）", "suppliers (at least one)"}},
        {"maintenance.content", {"重要維持管理等の内容", "content of the maintenance"}},
        {"maintenance.planned_date",
         {"重要維持管理等の時期又は期間", "timing or period of the maintenance"}},
        {"maintenance.contractor", {"委託先", "the contractor"}},
        {"emergency.reason", {"緊急に導入等を行った理由", "why it was done urgently"}},
        {"emergency.installed_on", {"導入等を行った日", "the day it was done"}},
        {"changes_to", {"変更する導入等計画書", "the plan being changed"}},
        {"change_summary", {"変更の内容", "what changes"}},
    };
    const std::pair<const char*, base::Text> kParties[] = {
        {"suppliers[]", {"供給者", "supplier"}},
        {"maintenance.contractor", {"委託先", "contractor"}},
        {"maintenance.subcontractors[]", {"再委託先", "subcontractor"}},
    };
    const std::pair<const char*, base::Text> kFacts[] = {
        {"name", {"名称", "name"}},
        {"address", {"住所", "address"}},
        {"country", {"設立準拠法国", "country of incorporation"}},
        {"corporate_number_or_foreign_registration",
         {"法人番号又は外国の登録番号", "corporate number or foreign registration number"}},
        {"representative", {"代表者", "representative"}},
        {"officers", {"役員（氏名・国籍）", "officers (name, nationality)"}},
        {"shareholders",
         {"議決権の一定割合以上を保有する株主", "shareholders holding the threshold or more"}},
        {"foreign_government_dealings",
         {"外国政府等との取引・資金", "dealings with or funding from foreign governments"}},
        {"past_supply_record", {"過去の供給等の実績", "past supply record to the operator"}},
    };
    for (const auto& [prefix, who] : kParties) {
      for (const auto& [fact, label] : kFacts) {
        c.push_back({fmt::format("{}.{}", prefix, fact),
                     {who.ja + "の" + label.ja, fmt::format("{} of a {}", label.en, who.en)}});
      }
    }
    return c;
  }();
  return kCatalog;
}

const FormItemSpec* FindFormItem(std::string_view path) {
  for (const FormItemSpec& s : FormItemCatalog()) {
    if (s.path == path) return &s;
  }
  return nullptr;
}

std::optional<int64_t> ParsePercentMillionths(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  if (!text.empty() && text.front() == '-') return std::nullopt;  // not even "-0"
  // A percentage with 4 places is a count of millionths.
  auto m = base::ParseDecimal(text, 4);
  if (!m || *m < 0 || *m > 1'000'000) return std::nullopt;
  return *m;
}

std::string FormatPercentMillionths(int64_t millionths) {
  std::string sign = millionths < 0 ? "-" : "";
  int64_t v = millionths < 0 ? -millionths : millionths;
  std::string out = fmt::format("{}{}", sign, v / 10'000);
  int64_t frac = v % 10'000;
  if (frac != 0) {
    std::string f = fmt::format("{:04}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out + "%";
}

}  // namespace kikan::regime
