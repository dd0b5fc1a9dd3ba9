// The forms of a pack: the pack-level [checklist] labels and each [[form]] (its required items
// from the catalogue, its risk-management checklist, attachments and thresholds, with effective
// dates that must not overlap between versions of one kind). See loader_internal.h and
// docs/regime-packs.md §Forms.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regime/loader_internal.h"

namespace kikan::regime::internal {
namespace {

// Reads the pack-level `[checklist]` labels (checklist.ID = { ja, en, citation }), which forms
// may name by id.
void ReadChecklistLabels(FileContext& file, Reader& root, std::vector<ChecklistItem>* out) {
  const toml::table* ct = root.Table("checklist", Req::kOptional);
  if (ct == nullptr) return;
  for (const auto& [key, node] : *ct) {
    std::string id(key.str());
    if (!IsIdentifier(id)) {
      file.Error(PosOf(key.source()),
                 {.ja = fmt::format("チェックリスト項目名 `{}` は識別子ではありません", id),
                  .en = fmt::format("checklist item name `{}` is not an identifier", id)});
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(PosOf(node),
                 {.ja = fmt::format("checklist.{} は {{ ja = ..., en = ... }} "
                                    "の表で書いてください（{}が書かれています）",
                                    id, ja),
                  .en = fmt::format("checklist.{} must be a table {{ ja = ..., en = ... }}, not {}",
                                    id, en)});
      continue;
    }
    Reader r(file, *t, fmt::format("checklist.{}", id));
    ChecklistItem item;
    item.id = id;
    item.label = r.Label();
    if (auto c = r.String("citation", Req::kOptional)) item.citation = *c;
    r.String("note", Req::kOptional);
    r.WarnUnknown();
    out->push_back(std::move(item));
  }
}

void ReadFormChecklist(FileContext& file, Reader& r, const std::vector<ChecklistItem>& labels,
                       Form& form) {
  const toml::array* list = r.Array("checklist", Req::kOptional);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    ChecklistItem item;
    if (const auto* s = n.as_string()) {
      auto it = std::find_if(labels.begin(), labels.end(),
                             [&](const ChecklistItem& c) { return c.id == s->get(); });
      if (it == labels.end()) {
        file.Error(
            PosOf(n),
            {.ja = fmt::format(
                 "チェックリスト項目 `{}` がパックの [checklist] で宣言されていません", s->get()),
             .en = fmt::format("checklist item `{}` is not declared in the pack's [checklist]",
                               s->get())});
        continue;
      }
      item = *it;
    } else if (const auto* t = n.as_table()) {
      Reader cr(file, *t, "checklist item");
      auto id = cr.Identifier("id", Req::kRequired);
      item.label = cr.Label();
      if (auto c = cr.String("citation", Req::kOptional)) item.citation = *c;
      cr.String("note", Req::kOptional);
      cr.WarnUnknown();
      if (!id) continue;
      item.id = *id;
    } else {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 {.ja = fmt::format("checklist の要素は項目名（文字列）か {{ id, ja, en }} "
                                    "の表で書いてください（{}が書かれています）",
                                    ja),
                  .en = fmt::format("elements of checklist must be item names (strings) or tables "
                                    "{{ id, ja, en }}, not {}",
                                    en)});
      continue;
    }
    if (!seen.insert(item.id).second) {
      file.Error(PosOf(n), {.ja = fmt::format("チェックリスト項目 `{}` が重複しています", item.id),
                            .en = fmt::format("duplicate checklist item `{}`", item.id)});
      continue;
    }
    form.checklist.push_back(std::move(item));
  }
}

// The closest catalogue path to `path` (same last segment), for "did you mean" hints.
std::string SuggestItem(std::string_view path) {
  std::string_view last = path.substr(
      path.find_last_of(".]") == std::string_view::npos ? 0 : path.find_last_of(".]") + 1);
  for (const FormItemSpec& spec : FormItemCatalog()) {
    std::string_view p = spec.path;
    size_t cut = p.find_last_of(".]");
    std::string_view plast = cut == std::string_view::npos ? p : p.substr(cut + 1);
    if (!last.empty() && (plast == last || plast.find(last) == 0 || last.find(plast) == 0)) {
      return spec.path;
    }
  }
  return {};
}

void ReadFormItems(FileContext& file, Reader& r, Form& form) {
  const toml::array* list = r.Array("items", Req::kRequired);
  if (list == nullptr) return;
  if (list->empty()) {
    file.Error(PosOf(*list), {.ja = "items が空です: 必要な記載事項を1つ以上書いてください",
                              .en = "items is empty: list at least one required item"});
  }
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    const auto* s = n.as_string();
    if (s == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n),
                 {.ja = fmt::format("items の要素は記載事項のパス（文字列）で書いてください（{}"
                                    "が書かれています）",
                                    ja),
                  .en = fmt::format("elements of items must be item paths (strings), not {}", en)});
      continue;
    }
    const std::string& path = s->get();
    bool known = FindFormItem(path) != nullptr;
    constexpr std::string_view kRisk = "risk_measures.";
    if (!known && path.rfind(kRisk, 0) == 0) {
      std::string_view id = std::string_view(path).substr(kRisk.size());
      if (id == "*") {
        known = true;
        if (form.checklist.empty()) {
          file.Error(PosOf(n),
                     {.ja = "risk_measures.* を求めていますが、この様式に checklist がありません",
                      .en = "risk_measures.* is required but the form has no checklist"});
          continue;
        }
      } else if (form.FindChecklistItem(id) != nullptr) {
        known = true;
      } else {
        file.Error(
            PosOf(n),
            {.ja = fmt::format("`{}`: チェックリスト項目 `{}` がこの様式の checklist にありません",
                               path, id),
             .en = fmt::format("`{}`: checklist item `{}` is not in this form's checklist", path,
                               id)});
        continue;
      }
    }
    if (!known) {
      std::string hint = SuggestItem(path);
      file.Error(
          PosOf(n),
          {.ja = fmt::format("未知の記載事項 `{}` です{}（docs/regime-packs.md の一覧を参照）",
                             path, hint.empty() ? "" : fmt::format("（`{}` のことですか）", hint)),
           .en = fmt::format("unknown item `{}`{} (see the list in docs/regime-packs.md)", path,
                             hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint))});
      continue;
    }
    if (!seen.insert(path).second) {
      file.Error(PosOf(n), {.ja = fmt::format("記載事項 `{}` が重複しています", path),
                            .en = fmt::format("duplicate item `{}`", path)});
      continue;
    }
    form.items.push_back(path);
  }
}

void ReadFormAttachments(FileContext& file, Reader& r, Form& form) {
  const toml::array* list = r.Array("attachments", Req::kOptional);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (const toml::node& n : *list) {
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(
          PosOf(n),
          {.ja = fmt::format("attachments の要素は表で書いてください（{}が書かれています）", ja),
           .en = fmt::format("elements of attachments must be tables, not {}", en)});
      continue;
    }
    Reader ar(file, *t, "attachment");
    AttachmentRule a;
    auto kind = ar.Identifier("kind", Req::kRequired);
    a.name = ar.Label();
    if (auto per = ar.String("per", Req::kRequired)) {
      if (*per == "supplier") {
        a.per = AttachmentRule::Per::kSupplier;
      } else if (*per == "party") {
        a.per = AttachmentRule::Per::kParty;
      } else if (*per == "filing") {
        a.per = AttachmentRule::Per::kFiling;
      } else {
        file.Error(ar.PosOfKey("per"),
                   {.ja = fmt::format(
                        "未知の per \"{}\" です（supplier / party / filing のいずれか）", *per),
                    .en = fmt::format("unknown per \"{}\" (supplier, party or filing)", *per)});
      }
    }
    if (auto req = ar.Bool("required", Req::kOptional)) a.required = *req;
    if (auto w = ar.Bool("waived_if_registered_in_japan", Req::kOptional)) {
      a.waived_if_registered_in_japan = *w;
    }
    if (auto months = ar.Integer("fresh_within_months", Req::kOptional)) {
      if (*months < 1 || *months > 120) {
        file.Error(ar.PosOfKey("fresh_within_months"),
                   {.ja = "fresh_within_months は 1〜120 の月数で書いてください",
                    .en = "fresh_within_months must be a number of months from 1 to 120"});
      } else {
        a.fresh_within_months = static_cast<int>(*months);
      }
    }
    if (auto c = ar.String("citation", Req::kOptional)) a.citation = *c;
    ar.String("note", Req::kOptional);
    ar.WarnUnknown();
    if (!kind) continue;
    a.kind = *kind;
    if (!seen.insert(a.kind).second) {
      file.Error(ar.PosOfKey("kind"), {.ja = fmt::format("添付書類 `{}` が重複しています", a.kind),
                                       .en = fmt::format("duplicate attachment `{}`", a.kind)});
      continue;
    }
    form.attachments.push_back(std::move(a));
  }
}

void ReadFormThresholds(FileContext& file, Reader& r, Form& form) {
  const toml::table* tt = r.Table("thresholds", Req::kOptional);
  if (tt == nullptr) return;
  for (const auto& [key, node] : *tt) {
    std::string id(key.str());
    if (id != kShareholderMinShare && id != kForeignGovernmentSalesMinShare) {
      file.Error(PosOf(key.source()),
                 {.ja = fmt::format("未知の閾値 `{}` です（{} 又は {}）", id, kShareholderMinShare,
                                    kForeignGovernmentSalesMinShare),
                  .en = fmt::format("unknown threshold `{}` (known: {}, {})", id,
                                    kShareholderMinShare, kForeignGovernmentSalesMinShare)});
      continue;
    }
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(node);
      file.Error(PosOf(node),
                 {.ja = fmt::format("thresholds.{} は {{ value = \"5%\", ... }} "
                                    "の表で書いてください（{}が書かれています）",
                                    id, ja),
                  .en = fmt::format(
                      "thresholds.{} must be a table {{ value = \"5%\", ... }}, not {}", id, en)});
      continue;
    }
    Reader tr(file, *t, fmt::format("thresholds.{}", id));
    Threshold th;
    th.id = id;
    bool ok = false;
    if (auto v = tr.String("value", Req::kRequired)) {
      if (auto m = ParsePercentMillionths(*v)) {
        th.millionths = *m;
        ok = true;
      } else {
        file.Error(
            tr.PosOfKey("value"),
            {.ja = fmt::format("閾値 \"{}\" は百分率（\"5%\" など、小数4桁まで、0〜100）で書いて"
                               "ください",
                               *v),
             .en = fmt::format("threshold \"{}\" must be a percentage (\"5%\", at most 4 decimals, "
                               "0 to 100)",
                               *v)});
      }
    }
    if (auto ver = tr.Bool("verified", Req::kRequired)) th.verified = *ver;
    if (auto c = tr.String("citation", Req::kRequired)) th.citation = *c;
    if (auto note = tr.String("note", Req::kOptional)) th.note = *note;
    tr.WarnUnknown();
    if (ok) form.thresholds.push_back(std::move(th));
  }
}

// A list of strings at `key` (optional), each checked by `known` (the error's wording when not).
std::vector<std::string> ReadStringList(FileContext& file, Reader& r, std::string_view key,
                                        const std::function<bool(const std::string&)>& known,
                                        const base::Text& what) {
  std::vector<std::string> out;
  const toml::array* list = r.Array(key, Req::kOptional);
  if (list == nullptr) return out;
  for (const toml::node& n : *list) {
    const auto* s = n.as_string();
    if (s == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n), {.ja = fmt::format(
                                "{} の要素は文字列で書いてください（{}が書かれています）", key, ja),
                            .en = fmt::format("elements of {} must be strings, not {}", key, en)});
      continue;
    }
    if (!known(s->get())) {
      file.Error(PosOf(n), {.ja = fmt::format("`{}` は{}ではありません", s->get(), what.ja),
                            .en = fmt::format("`{}` is not {}", s->get(), what.en)});
      continue;
    }
    out.push_back(s->get());
  }
  return out;
}

// omissions = [{ id, ja, en, items, attachments, parties, proof, citation }]: after items and
// attachments, which they name.
void ReadFormOmissions(FileContext& file, Reader& r, Form& form) {
  const toml::array* list = r.Array("omissions", Req::kOptional);
  if (list == nullptr) return;
  for (const toml::node& n : *list) {
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      auto [ja, en] = TypeNames(n);
      file.Error(PosOf(n), {.ja = fmt::format(
                                "omissions の要素は表で書いてください（{}が書かれています）", ja),
                            .en = fmt::format("elements of omissions must be tables, not {}", en)});
      continue;
    }
    Reader orr(file, *t, "omission");
    Omission o;
    auto id = orr.Identifier("id", Req::kRequired);
    o.name = orr.Label();
    o.items =
        ReadStringList(file, orr, "items", [&](const std::string& i) { return form.Requires(i); },
                       {.ja = "この様式の items の記載事項", .en = "an item of this form's items"});
    o.attachments =
        ReadStringList(file, orr, "attachments",
                       [&](const std::string& k) { return form.FindAttachment(k) != nullptr; },
                       {.ja = "この様式の添付書類", .en = "an attachment kind of this form"});
    if (auto parties = orr.String("parties", Req::kOptional)) {
      if (*parties != "suppliers[]" && *parties != "maintenance.contractor" &&
          *parties != "maintenance.subcontractors[]") {
        file.Error(orr.PosOfKey("parties"),
                   {.ja = fmt::format("parties \"{}\" は suppliers[] / maintenance.contractor / "
                                      "maintenance.subcontractors[] のいずれかで書いてください",
                                      *parties),
                    .en = fmt::format("parties \"{}\" must be suppliers[], "
                                      "maintenance.contractor or maintenance.subcontractors[]",
                                      *parties)});
      } else {
        o.parties = *parties;
      }
    }
    if (!o.attachments.empty() && o.parties.empty()) {
      file.Error(orr.PosOfKey("attachments"),
                 {.ja = "attachments を省略するには、誰の書類か parties で書いてください",
                  .en = "omitted attachments need parties: whose documents they are"});
    }
    if (auto proof = orr.String("proof", Req::kRequired)) {
      const AttachmentRule* a = form.FindAttachment(*proof);
      if (a == nullptr || a->per != AttachmentRule::Per::kFiling) {
        file.Error(orr.PosOfKey("proof"),
                   {.ja = fmt::format("proof `{}` はこの様式の添付書類（per = \"filing\"）で書いて"
                                      "ください",
                                      *proof),
                    .en = fmt::format("proof `{}` must be an attachment of this form with per = "
                                      "\"filing\"",
                                      *proof)});
      } else {
        o.proof = *proof;
      }
    }
    if (auto c = orr.String("citation", Req::kRequired)) o.citation = *c;
    orr.WarnUnknown();
    if (!id) continue;
    o.id = *id;
    if (form.FindOmission(o.id) != nullptr) {
      file.Error(orr.PosOfKey("id"), {.ja = fmt::format("省略 `{}` が重複しています", o.id),
                                      .en = fmt::format("duplicate omission `{}`", o.id)});
      continue;
    }
    form.omissions.push_back(std::move(o));
  }
}

}  // namespace

void ReadForms(FileContext& file, Reader& root, Pack& pack, std::vector<FormSite>* sites) {
  std::vector<ChecklistItem> labels;
  ReadChecklistLabels(file, root, &labels);
  std::set<std::pair<FilingKind, std::string>> seen;
  for (const toml::table* t : ArrayOfTables(file, root, "form", Req::kOptional)) {
    Reader r(file, *t, "[[form]]");
    Form form;
    FormSite site;
    bool kind_ok = false;
    if (auto k = r.String("kind", Req::kRequired)) {
      if (auto kind = ParseFilingKind(*k)) {
        form.kind = *kind;
        kind_ok = true;
      } else {
        file.Error(
            r.PosOfKey("kind"),
            {.ja = fmt::format("未知の届出の種類 \"{}\" です（{} のいずれか）", *k,
                               FilingKindNames()),
             .en = fmt::format("unknown filing kind \"{}\" (one of {})", *k, FilingKindNames())});
      }
    }
    bool duplicate = false;
    if (auto v = r.String("version", Req::kRequired)) {
      form.version = *v;
      CheckVersionText(file, r, form.version);
      if (kind_ok && !seen.insert({form.kind, form.version}).second) {
        file.Error(r.PosOfKey("version"),
                   {.ja = fmt::format("様式 `{}` の版 `{}` が重複しています",
                                      FilingKindName(form.kind), form.version),
                    .en = fmt::format("duplicate version `{}` of form `{}`", form.version,
                                      FilingKindName(form.kind))});
        duplicate = true;
      }
    }
    form.name = r.Label();
    if (auto c = r.String("citation", Req::kRequired)) form.citation = *c;
    const int errors_before = file.errors();
    auto from = r.Date("effective_from", Req::kRequired);
    site.effective_from = r.PosOfKey("effective_from");
    if (from) form.effective_from = *from;
    form.effective_until = ReadEffectiveUntil(file, r, from);
    site.checkable = kind_ok && !duplicate && from.has_value() && file.errors() == errors_before;
    ReadFormChecklist(file, r, labels, form);  // before items: items name checklist ids
    ReadFormItems(file, r, form);
    ReadFormAttachments(file, r, form);
    ReadFormThresholds(file, r, form);
    ReadFormOmissions(file, r, form);
    if (auto note = r.String("note", Req::kOptional)) form.note = *note;
    r.WarnUnknown();
    pack.forms.push_back(std::move(form));
    sites->push_back(site);
  }
  // Two versions of one kind must not overlap in time.
  for (FilingKind kind : kAllFilingKinds) {
    std::vector<DatedVersion> versions;
    for (size_t i = 0; i < pack.forms.size(); ++i) {
      const Form& f = pack.forms[i];
      if (f.kind != kind || !(*sites)[i].checkable) continue;
      versions.push_back(
          {f.effective_from,
           f.effective_until,
           (*sites)[i].effective_from,
           {.ja = fmt::format("様式 `{}` の版 `{}`", FilingKindName(kind), f.version),
            .en = fmt::format("form `{}` version `{}`", FilingKindName(kind), f.version)}});
    }
    CheckNoOverlap(file, std::move(versions));
  }
}

}  // namespace kikan::regime::internal
