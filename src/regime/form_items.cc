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
    case FilingKind::kChangeAfterTheFact:
      return "change_after_the_fact";
    case FilingKind::kChangeReport:
      return "change_report";
  }
  return "installation_plan";
}

std::optional<FilingKind> ParseFilingKind(std::string_view name) {
  for (FilingKind k : kAllFilingKinds) {
    if (FilingKindName(k) == name) return k;
  }
  return std::nullopt;
}

bool ChangesAPlan(FilingKind kind) {
  return kind == FilingKind::kPlanChange || kind == FilingKind::kChangeAfterTheFact ||
         kind == FilingKind::kChangeReport;
}

bool FiledAfterTheFact(FilingKind kind) {
  return kind == FilingKind::kAfterTheFact || kind == FilingKind::kChangeAfterTheFact ||
         kind == FilingKind::kChangeReport;
}

std::string FilingKindNames() {
  std::string out;
  for (FilingKind k : kAllFilingKinds) {
    if (!out.empty()) out += ", ";
    out += FilingKindName(k);
  }
  return out;
}

base::Text FilingKindLabel(FilingKind kind) {
  switch (kind) {
    case FilingKind::kInstallationPlan:
      return {.ja = "導入等計画書", .en = "installation plan"};
    case FilingKind::kMaintenanceEntrustment:
      return {.ja = "重要維持管理等の委託に係る導入等計画書",
              .en = "entrustment of important maintenance"};
    case FilingKind::kPlanChange:
      return {.ja = "導入等計画書の変更", .en = "change of a notified plan"};
    case FilingKind::kAfterTheFact:
      return {.ja = "事後届出", .en = "after-the-fact notification"};
    case FilingKind::kChangeAfterTheFact:
      return {.ja = "緊急の変更後の届出", .en = "plan changed in an emergency, filed afterwards"};
    case FilingKind::kChangeReport:
      return {.ja = "変更の報告", .en = "report of a change"};
  }
  return {};
}

std::string_view ListedCaseKindName(ListedCase::Kind kind) {
  switch (kind) {
    case ListedCase::Kind::kImportantChange:
      return "important_change";
    case ListedCase::Kind::kMinorChange:
      return "minor_change";
    case ListedCase::Kind::kEmergency:
      return "emergency";
  }
  return "important_change";
}

const std::vector<FormItemSpec>& FormItemCatalog() {
  static const std::vector<FormItemSpec> kCatalog = [] {
    std::vector<FormItemSpec> c = {
        {"equipment.name", {.ja = "特定重要設備の名称", .en = "name of the critical equipment"}},
        {"equipment.purpose", {.ja = "特定重要設備の使用目的", .en = "purpose of the equipment"}},
        {"equipment.functions", {.ja = "特定重要設備の機能", .en = "functions of the equipment"}},
        {"equipment.location",
         {.ja = "特定重要設備の設置場所", .en = "where the equipment is installed"}},
        {"equipment.definition",
         {.ja = "該当する特定重要設備の定義",
          .en = "the critical-equipment definition it falls under"}},
        {"components", {.ja = "構成設備（1件以上）", .en = "components (at least one)"}},
        {"components[].name", {.ja = "構成設備の名称", .en = "name of a component"}},
        {"components[].role", {.ja = "構成設備の役割", .en = "role of a component"}},
        {"components[].supplier", {.ja = "構成設備の供給者", .en = "supplier of a component"}},
        {"installation.description", {.ja = "導入等の内容", .en = "what is installed"}},
        {"installation.planned_date",
         {.ja = "導入等の予定日又は期間", .en = "planned date or period of the installation"}},
        {"suppliers", {.ja = "供給者（1者以上）", .en = "suppliers (at least one)"}},
        {"maintenance.content", {.ja = "重要維持管理等の内容", .en = "content of the maintenance"}},
        {"maintenance.planned_date",
         {.ja = "重要維持管理等の時期又は期間", .en = "timing or period of the maintenance"}},
        {"maintenance.contractor", {.ja = "委託先", .en = "the contractor"}},
        {"emergency.reason", {.ja = "緊急に導入等を行った理由", .en = "why it was done urgently"}},
        {"emergency.installed_on", {.ja = "導入等を行った日", .en = "the day it was done"}},
        {"changes_to", {.ja = "変更する導入等計画書", .en = "the plan being changed"}},
        {"change_summary", {.ja = "変更の内容", .en = "what changes"}},
        {"changed_on", {.ja = "変更をした日", .en = "the day the change was made"}},
    };
    const std::pair<const char*, base::Text> kParties[] = {
        {"suppliers[]", {.ja = "供給者", .en = "supplier"}},
        {"maintenance.contractor", {.ja = "委託先", .en = "contractor"}},
        {"maintenance.subcontractors[]", {.ja = "再委託先", .en = "subcontractor"}},
    };
    const std::pair<const char*, base::Text> kFacts[] = {
        {"name", {.ja = "名称", .en = "name"}},
        {"address", {.ja = "住所", .en = "address"}},
        {"country", {.ja = "設立準拠法国", .en = "country of incorporation"}},
        {"corporate_number_or_foreign_registration",
         {.ja = "法人番号又は外国の登録番号",
          .en = "corporate number or foreign registration number"}},
        {"representative", {.ja = "代表者", .en = "representative"}},
        {"officers", {.ja = "役員（氏名・国籍）", .en = "officers (name, nationality)"}},
        {"shareholders",
         {.ja = "議決権の一定割合以上を保有する株主",
          .en = "shareholders holding the threshold or more"}},
        {"foreign_government_dealings",
         {.ja = "外国政府等との取引・資金",
          .en = "dealings with or funding from foreign governments"}},
        {"past_supply_record",
         {.ja = "過去の供給等の実績", .en = "past supply record to the operator"}},
        {"officers[].date_of_birth", {.ja = "役員の生年月日", .en = "officers' dates of birth"}},
    };
    for (const auto& [prefix, who] : kParties) {
      for (const auto& [fact, label] : kFacts) {
        c.push_back(
            {fmt::format("{}.{}", prefix, fact),
             {.ja = who.ja + "の" + label.ja, .en = fmt::format("{} of a {}", label.en, who.en)}});
      }
    }
    // Asked of the suppliers of the equipment and its components only (国土交通省令第11条第5号,
    // 第13条第6号), not of contractors.
    c.push_back({"suppliers[].factory_location",
                 {.ja = "供給者の製造する工場又は事業場の所在地",
                  .en = "location of the factory or site where a supplier makes it"}});
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
