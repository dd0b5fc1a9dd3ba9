// regime::Load: reads pack files with toml++, validates them (docs/regime-packs.md §Validation)
// and compiles every criteria rule. Every problem is collected with its place in the file; the
// loader never stops at the first one. toml++ exceptions are caught here (the adapter).
//
// The work is split by the seams of a pack file (loader_internal.h lists the files); this file
// holds the checks over a whole pack (overlapping versions, the Act's status, rule compilation,
// designation sites), the loading of one file and of a list of paths.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regime/loader_internal.h"
#include "regime/regime.h"
#include "regime/rule_compile.h"

namespace kikan::regime {
namespace {

namespace fs = std::filesystem;
using namespace internal;  // NOLINT(google-build-using-namespace): the loader's own internals

// Two criteria of one business that were or are in force must not overlap; nor two versions of
// one equipment definition.
// Criteria cannot have been in force before the sector was in the Act: none is in_force or
// repealed while the act_status says not_in_force, and none starts before in_force_from.
void CheckAgainstActStatus(FileContext& file, const Pack& pack,
                           const std::vector<CriteriaSite>& csites) {
  const ActStatus& st = pack.act_status;
  if (!st.present) return;
  for (size_t i = 0; i < pack.criteria.size(); ++i) {
    const Criteria& c = pack.criteria[i];
    if (c.status == CriteriaStatus::kProposed || !csites[i].checkable) continue;
    if (!st.in_force) {
      file.Error(
          csites[i].table,
          {.ja = fmt::format("指定基準 `{}` は施行中（または廃止）ですが、この分野の規定は未施行"
                             "（act_status.state = \"not_in_force\"）です。status = \"proposed\" "
                             "にしてください",
                             c.version),
           .en = fmt::format("criteria `{}` is in force (or repealed) but the sector's provisions "
                             "are not in force (act_status.state = \"not_in_force\"); make it "
                             "status = \"proposed\"",
                             c.version)});
    } else if (st.in_force_from && c.effective_from < *st.in_force_from) {
      file.Error(
          csites[i].effective_from,
          {.ja = fmt::format("指定基準 `{}` の effective_from（{}）が、この分野の規定の施行日（{}）"
                             "より前です",
                             c.version, c.effective_from.ToIso(), st.in_force_from->ToIso()),
           .en = fmt::format("criteria `{}` takes effect ({}) before the sector's provisions are "
                             "in force ({})",
                             c.version, c.effective_from.ToIso(), st.in_force_from->ToIso())});
    }
  }
}

void CheckOverlaps(FileContext& file, const Pack& pack, const std::vector<CriteriaSite>& csites,
                   const std::vector<EquipmentSite>& esites) {
  for (const Business& b : pack.businesses) {
    std::vector<DatedVersion> versions;
    for (size_t i = 0; i < pack.criteria.size(); ++i) {
      const Criteria& c = pack.criteria[i];
      if (c.business == b.id && c.status != CriteriaStatus::kProposed && csites[i].checkable) {
        versions.push_back(
            {c.effective_from,
             c.effective_until,
             csites[i].effective_from,
             {.ja = fmt::format("事業 `{}` の指定基準 `{}`", b.id, c.version),
              .en = fmt::format("criteria `{}` of business `{}`", c.version, b.id)}});
      }
    }
    CheckNoOverlap(file, std::move(versions),
                   {.ja = "。ある日に施行中の版は1つでなければなりません（前の版に effective_until "
                          "を書いてください）",
                    .en = ": at most one version may be in force on a day (give the earlier one "
                          "an effective_until)"});
  }
  std::set<std::pair<base::BusinessId, std::string>> ids;
  for (const Equipment& e : pack.equipment) ids.insert({e.business, e.id});
  for (const auto& [business, id] : ids) {
    std::vector<DatedVersion> versions;
    for (size_t i = 0; i < pack.equipment.size(); ++i) {
      const Equipment& e = pack.equipment[i];
      if (e.business == business && e.id == id && e.status != CriteriaStatus::kProposed &&
          esites[i].checkable) {
        versions.push_back({e.effective_from,
                            e.effective_until,
                            esites[i].effective_from,
                            {.ja = fmt::format("特定重要設備 `{}` の版 `{}`", id, e.version),
                             .en = fmt::format("equipment `{}` version `{}`", id, e.version)}});
      }
    }
    CheckNoOverlap(file, std::move(versions));
  }
}

void CompileRules(FileContext& file, Pack& pack, const std::vector<CriteriaSite>& sites) {
  for (size_t i = 0; i < pack.criteria.size(); ++i) {
    Criteria& c = pack.criteria[i];
    if (sites[i].rule == nullptr) continue;
    const Business* business = nullptr;
    for (const Business& b : pack.businesses) {
      if (b.id == c.business) business = &b;
    }
    if (business == nullptr || pack.schema.Find(business->subject) == nullptr) continue;
    rules::CompileOptions options;
    options.schema = &pack.schema;
    options.subject = business->subject;
    options.params = c.params;
    options.origin = c.rule_origin;
    options.citation = c.citation;
    std::vector<rules::Diagnostic> diagnostics;
    auto compiled = internal::CompileCriteriaRule(c.rule, options, &diagnostics);
    if (!compiled) continue;  // no rules compiler linked
    if (compiled->has_value()) {
      c.compiled.emplace(std::move(**compiled));
      continue;
    }
    if (diagnostics.empty()) {
      const base::Status& st = compiled->status();
      file.Error({c.rule_origin.line, c.rule_origin.column},
                 {.ja = fmt::format("指定基準 `{}` の rule をコンパイルできません: {}", c.version,
                                    st.ja()),
                  .en = fmt::format("the rule of criteria `{}` does not compile: {}", c.version,
                                    st.en())});
    }
    for (const rules::Diagnostic& d : diagnostics) {
      file.Error(
          {d.loc.line, d.loc.column},
          {.ja = fmt::format("指定基準 `{}` の rule: {}", c.version, d.message.In(base::Lang::kJa)),
           .en =
               fmt::format("rule of criteria `{}`: {}", c.version, d.message.In(base::Lang::kEn))});
    }
  }
}

// Checks each [business.sites] against the schema: `via` a ref or refs field of the subject,
// `site` a ref field of the kind it refers to, `group` a ref field of the site's kind, and
// `where` a rule over that kind compiling with the params of every criteria version.
void CheckSites(FileContext& file, const Pack& pack, const std::vector<Pos>& positions) {
  auto ref_field = [&](std::string_view kind, std::string_view field,
                       bool refs_ok) -> const rules::FieldDef* {
    const rules::EntityKind* k = pack.schema.Find(kind);
    if (k == nullptr) return nullptr;
    for (const auto& f : k->fields) {
      if (f.name == field && (f.type.kind == rules::TypeKind::kRef ||
                              (refs_ok && f.type.kind == rules::TypeKind::kRefs))) {
        return &f;
      }
    }
    return nullptr;
  };
  for (size_t i = 0; i < pack.businesses.size(); ++i) {
    const Business& b = pack.businesses[i];
    if (!b.sites) continue;
    const SitesSpec& s = *b.sites;
    const Pos pos = i < positions.size() ? positions[i] : Pos{};
    auto fail = [&](std::string_view key, std::string_view kind, const base::Text& want) {
      file.Error(pos, {.ja = fmt::format("事業 `{}` の sites: `{}` は {} の{}ではありません", b.id,
                                         key, kind, want.ja),
                       .en = fmt::format("sites of business `{}`: `{}` is not {} of {}", b.id, key,
                                         want.en, kind)});
    };
    const rules::FieldDef* via = ref_field(b.subject, s.via, true);
    if (via == nullptr) {
      fail(s.via, b.subject, {.ja = "参照項目（ref / refs）", .en = "a ref or refs field"});
      continue;
    }
    const std::string& target = via->type.target;
    const rules::FieldDef* site = ref_field(target, s.site, false);
    if (site == nullptr) {
      fail(s.site, target, {.ja = "参照項目（ref）", .en = "a ref field"});
      continue;
    }
    if (!s.group.empty() && ref_field(site->type.target, s.group, false) == nullptr) {
      fail(s.group, site->type.target, {.ja = "参照項目（ref）", .en = "a ref field"});
      continue;
    }
    for (const Criteria& c : pack.criteria) {
      if (c.business != b.id) continue;
      rules::CompileOptions options;
      options.schema = &pack.schema;
      options.subject = target;
      options.params = c.params;
      std::vector<rules::Diagnostic> diagnostics;
      auto compiled = internal::CompileCriteriaRule(s.where, options, &diagnostics);
      if (!compiled || compiled->has_value()) continue;
      std::string ja, en;
      for (const auto& d : diagnostics) {
        ja += fmt::format(" {}:{}: {}", d.loc.line, d.loc.column, d.message.In(base::Lang::kJa));
        en += fmt::format(" {}:{}: {}", d.loc.line, d.loc.column, d.message.In(base::Lang::kEn));
      }
      if (diagnostics.empty()) {
        ja = " " + compiled->status().ja();
        en = " " + compiled->status().en();
      }
      file.Error(
          pos,
          {.ja = fmt::format(
               "事業 `{}` の sites の where が基準 `{}` の params でコンパイルできません:{}", b.id,
               c.version, ja),
           .en = fmt::format("the sites `where` of business `{}` does not compile with the params "
                             "of criteria `{}`:{}",
                             b.id, c.version, en)});
    }
  }
}

// The ordinance forms files packs name, each read and validated once per Load (its problems
// reported once, at its own lines), by resolved path.
class OrdinanceFormsCache {
 public:
  explicit OrdinanceFormsCache(std::vector<PackProblem>* problems) : problems_(problems) {}

  // The file at `path`, or nullptr when it cannot be read (no file: reported by the caller).
  const OrdinanceForms* Get(const std::string& path) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(path, ec).string();
    if (ec) key = path;
    auto it = loaded_.find(key);
    if (it != loaded_.end()) return &it->second;
    if (loading_.count(key) != 0) return nullptr;  // a `like` cycle
    if (!fs::is_regular_file(path, ec)) return nullptr;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) return nullptr;
    FileContext file(path, buffer.str(), problems_);
    loading_.insert(key);
    OrdinanceForms forms =
        LoadOrdinanceForms(file, [this](const std::string& other) { return Get(other); });
    loading_.erase(key);
    return &loaded_.emplace(key, std::move(forms)).first->second;
  }

 private:
  std::vector<PackProblem>* problems_;
  std::map<std::string, OrdinanceForms> loaded_;
  std::set<std::string> loading_;
};

std::optional<LoadedPack> LoadFile(FileContext& file, OrdinanceFormsCache& ordinance_forms) {
  toml::table root_table;
  try {
    root_table = toml::parse(std::string_view(file.text()), std::string_view(file.path()));
  } catch (const toml::parse_error& e) {
    ReportParseError(file, e);
    return std::nullopt;
  }
  if (root_table.contains("ordinance") && !root_table.contains("pack")) {
    file.Error({1, 1},
               {.ja = "これは省令の様式ファイル（[ordinance]）で、規制パックではありません。パック"
                      "の [pack] forms から参照してください（docs/regime-packs.md）",
                .en = "this is an ordinance forms file ([ordinance]), not a regime pack: name it "
                      "from a pack's [pack] forms (docs/regime-packs.md)"});
    return std::nullopt;
  }
  LoadedPack out;
  out.pack.path = file.path();
  out.pack.source = file.text();
  Reader root(file, root_table, "pack file");
  ReadPackHeader(file, root, out);
  std::vector<std::pair<Pos, bool>> subject_pos;
  ReadBusinesses(file, root, out, &subject_pos);
  const bool schema_ok = ReadEntities(file, root, out.pack);
  for (size_t i = 0; i < out.pack.businesses.size(); ++i) {
    const Business& b = out.pack.businesses[i];
    if (out.pack.schema.Find(b.subject) == nullptr) {
      file.Error(
          subject_pos[i].first,
          {.ja = fmt::format("事業 `{}` の subject `{}`{} は [[entity]] で宣言されていません", b.id,
                             b.subject, subject_pos[i].second ? "" : "（既定値）"),
           .en = fmt::format("the subject `{}`{} of business `{}` is not declared by an [[entity]]",
                             b.subject, subject_pos[i].second ? "" : " (the default)", b.id)});
    }
  }
  std::vector<CriteriaSite> csites;
  ReadCriteria(file, root, out.pack, &csites);
  bool functions_declared = false;
  ReadFunctions(file, root, out.pack, &functions_declared);
  std::vector<EquipmentSite> esites;
  ReadEquipment(file, root, out.pack, functions_declared, &esites);
  ReadTimeline(file, root, out.pack);
  ReadListedCases(file, root, out.pack);
  ReadOrganizationNames(file, root, out.pack);
  std::vector<FormSite> fsites;
  ReadForms(file, root, out.pack, &fsites);
  if (out.forms_ref) {
    const std::string path = ResolveFormsPath(file.path(), out.forms_ref->file);
    const OrdinanceForms* of = ordinance_forms.Get(path);
    if (of == nullptr) {
      file.Error(out.forms_ref->file_pos,
                 {.ja = fmt::format("forms のファイル {} が見つからないか読めません（パックのある"
                                    "フォルダからの相対パスで書きます）",
                                    path),
                  .en = fmt::format("the forms file {} does not exist or cannot be read (the path "
                                    "is relative to the pack file's folder)",
                                    path)});
    } else if (of->ok) {
      ApplyOrdinanceForms(file, *out.forms_ref, *of, out.pack);
    }
  }
  root.WarnUnknown();
  CheckOverlaps(file, out.pack, csites, esites);
  CheckAgainstActStatus(file, out.pack, csites);
  if (schema_ok) {
    CompileRules(file, out.pack, csites);
    CheckSites(file, out.pack, out.business_sites_pos);
  }
  return out;
}

// The pack files under `path`: the file itself, or a directory's *.toml files in name order.
std::vector<std::string> ExpandPath(const std::string& path, std::vector<PackProblem>* problems) {
  std::vector<std::string> files;
  std::error_code ec;
  auto report = [&](base::Text message) {
    PackProblem p;
    p.file = path;
    p.line = 1;
    p.column = 1;
    p.message = std::move(message);
    problems->push_back(std::move(p));
  };
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".toml") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      report({.ja = "規制パック（*.toml）がありません",
              .en = "no regime pack (*.toml) in this directory"});
    }
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    report({.ja = "ファイルまたはディレクトリが見つかりません", .en = "no such file or directory"});
  }
  return files;
}

}  // namespace

base::Result<Regime> Load(const std::vector<std::string>& paths,
                          std::vector<PackProblem>* problems) {
  std::vector<PackProblem> found;
  std::vector<std::string> files;
  std::set<std::string> seen;  // canonical paths: a file named twice is loaded once
  for (const std::string& path : paths) {
    for (std::string& f : ExpandPath(path, &found)) {
      std::error_code ec;
      std::string canonical = fs::weakly_canonical(f, ec).string();
      if (seen.insert(ec ? f : canonical).second) files.push_back(std::move(f));
    }
  }
  Regime regime;
  std::vector<LoadedPack> loaded;
  OrdinanceFormsCache ordinance_forms(&found);
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
      PackProblem p;
      p.file = path;
      p.message = base::Text{.ja = "ファイルを読めません", .en = "cannot read the file"};
      found.push_back(std::move(p));
      continue;
    }
    FileContext file(path, buffer.str(), &found);
    std::optional<LoadedPack> pack = LoadFile(file, ordinance_forms);
    if (!pack) continue;
    // Across packs: pack ids and business ids are unique.
    for (const LoadedPack& other : loaded) {
      if (!pack->pack.id.empty() && other.pack.id == pack->pack.id) {
        file.Error(pack->id_pos, {.ja = fmt::format("パック id `{}` は {} と重複しています",
                                                    pack->pack.id, other.pack.path),
                                  .en = fmt::format("pack id `{}` is also the id of {}",
                                                    pack->pack.id, other.pack.path)});
      }
      for (size_t i = 0; i < pack->pack.businesses.size(); ++i) {
        const base::BusinessId& id = pack->pack.businesses[i].id;
        for (const Business& ob : other.pack.businesses) {
          if (!id.empty() && ob.id == id) {
            file.Error(
                pack->business_id_pos[i],
                {.ja = fmt::format("事業 id `{}` は {} でも定義されています", id, other.pack.path),
                 .en = fmt::format("business id `{}` is also defined in {}", id, other.pack.path)});
          }
        }
      }
    }
    loaded.push_back(std::move(*pack));
  }
  std::stable_sort(found.begin(), found.end(), [](const PackProblem& a, const PackProblem& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  const size_t errors = static_cast<size_t>(
      std::count_if(found.begin(), found.end(), [](const PackProblem& p) { return !p.warning; }));
  if (problems != nullptr) {
    problems->insert(problems->end(), std::make_move_iterator(found.begin()),
                     std::make_move_iterator(found.end()));
  }
  if (errors > 0) {
    return base::InvalidArgument({.ja = fmt::format("規制パックに {} 件のエラーがあります", errors),
                                  .en = fmt::format("the regime packs have {} error(s)", errors)});
  }
  for (LoadedPack& p : loaded) regime.packs_.push_back(std::move(p.pack));
  return regime;
}

}  // namespace kikan::regime
