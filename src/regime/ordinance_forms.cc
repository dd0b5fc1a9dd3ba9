// The forms of an ordinance, written once and shared by the packs of every business that files
// under it: an ordinance forms file (data/regime/forms/*.toml: [ordinance], [checklist], [[form]],
// [[listed_case]]) and a pack's `[pack] forms` reference to one. See loader_internal.h and
// docs/regime-packs.md §Ordinance forms files.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "regime/loader_internal.h"

namespace kikan::regime::internal {

namespace {

// `text` with every `from` replaced by `to`.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The forms and listed cases of `base`, citing `cite_as` where they cite base.cite_as.
void TakeLike(const OrdinanceForms& base, const std::string& cite_as, OrdinanceForms& out) {
  auto cite = [&](std::string& c) { c = ReplaceAll(c, base.cite_as, cite_as); };
  out.forms = base.forms;
  for (Form& f : out.forms) {
    cite(f.citation);
    cite(f.note);
    for (ChecklistItem& c : f.checklist) cite(c.citation);
    for (AttachmentRule& a : f.attachments) cite(a.citation);
    for (Threshold& t : f.thresholds) {
      cite(t.citation);
      cite(t.note);
    }
    for (Omission& o : f.omissions) cite(o.citation);
  }
  out.listed_cases = base.listed_cases;
  for (ListedCase& c : out.listed_cases) {
    cite(c.citation);
    cite(c.note);
  }
}

}  // namespace

OrdinanceForms LoadOrdinanceForms(FileContext& file, const OrdinanceFormsLookup& lookup) {
  OrdinanceForms out;
  out.path = file.path();
  out.source = file.text();
  toml::table root_table;
  try {
    root_table = toml::parse(std::string_view(file.text()), std::string_view(file.path()));
  } catch (const toml::parse_error& e) {
    ReportParseError(file, e);
    return out;
  }
  Reader root(file, root_table, "ordinance forms file");
  std::optional<std::string> like;
  Pos like_pos;
  if (const toml::table* ot = root.Table("ordinance", Req::kRequired)) {
    Reader r(file, *ot, "[ordinance]");
    if (auto id = r.Identifier("id", Req::kRequired)) out.id = *id;
    out.name = r.Label();
    if (auto c = r.String("citation", Req::kRequired)) out.citation = *c;
    if (auto c = r.String("cite_as", Req::kRequired)) out.cite_as = *c;
    like = r.String("like", Req::kOptional);
    like_pos = r.PosOfKey("like");
    r.String("note", Req::kOptional);
    r.WarnUnknown();
  }
  Pack scratch;
  std::vector<FormSite> sites;
  ReadForms(file, root, scratch, &sites);
  ReadListedCases(file, root, scratch);
  root.WarnUnknown();
  if (like) {
    if (!scratch.forms.empty() || !scratch.listed_cases.empty()) {
      file.Error(like_pos,
                 {.ja = "like を使うファイルは [[form]] と [[listed_case]] を持てません（同じ条を"
                        "二か所に書かないため）",
                  .en = "a file with like has no [[form]] or [[listed_case]] of its own (the same "
                        "articles are not written twice)"});
    }
    const std::string path = ResolveFormsPath(file.path(), *like);
    const OrdinanceForms* base = lookup(path);
    if (base == nullptr) {
      file.Error(like_pos, {.ja = fmt::format("like のファイル {} が見つからないか読めません"
                                              "（自分自身を指していませんか）",
                                              path),
                            .en = fmt::format("the like file {} does not exist or cannot be read "
                                              "(or names this file)",
                                              path)});
    } else if (base->like) {
      file.Error(like_pos,
                 {.ja = fmt::format("like の {} もまた like を使っています（条文を書いたファイル"
                                    "を指してください）",
                                    *like),
                  .en = fmt::format("{} itself uses like: name the file that writes the articles",
                                    *like)});
    } else if (base->ok) {
      TakeLike(*base, out.cite_as, out);
      out.source += '\0' + base->source;
      out.like = true;
    }
  } else {
    out.forms = std::move(scratch.forms);
    out.listed_cases = std::move(scratch.listed_cases);
    if (out.forms.empty()) {
      file.Error(root.pos(), {.ja = "様式（[[form]]）が1つもありません",
                              .en = "the file has no form ([[form]])"});
    }
  }
  out.ok = !file.has_errors();
  return out;
}

std::optional<FormsRef> ReadFormsRef(FileContext& file, Reader& pack_table) {
  const toml::node* n = pack_table.Node("forms", Req::kOptional);
  if (n == nullptr) return std::nullopt;
  FormsRef ref;
  if (const auto* s = n->as_string()) {
    ref.file = s->get();
    ref.file_pos = PosOf(*n);
  } else if (const toml::table* t = n->as_table()) {
    Reader r(file, *t, "[pack] forms");
    auto f = r.String("file", Req::kRequired);
    ref.file_pos = r.PosOfKey("file");
    ref.from = r.Date("from", Req::kOptional);
    ref.from_pos = r.PosOfKey("from");
    ref.version = r.String("version", Req::kOptional);
    ref.version_pos = r.PosOfKey("version");
    if (ref.version) CheckVersionText(file, r, *ref.version);
    r.WarnUnknown();
    if (!f) return std::nullopt;
    ref.file = *f;
    if (ref.version && !ref.from) {
      file.Error(ref.version_pos,
                 {.ja = "version は from（この版を採る初日）と一緒に書いてください",
                  .en = "version needs from (the first day the pack adopts that version)"});
      return std::nullopt;
    }
  } else {
    pack_table.WrongType("forms", *n,
                         {.ja = "ファイル名（文字列）か { file, from, version } の表",
                          .en = "a file name (string) or a table { file, from, version }"});
    return std::nullopt;
  }
  if (ref.file.empty()) {
    file.Error(ref.file_pos,
               {.ja = "forms のファイル名が空です", .en = "the forms file name is empty"});
    return std::nullopt;
  }
  return ref;
}

std::string ResolveFormsPath(const std::string& pack_path, const std::string& ref) {
  namespace fs = std::filesystem;
  const fs::path p(ref);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(pack_path).parent_path() / p).lexically_normal().string();
}

void ApplyOrdinanceForms(FileContext& pack_file, const FormsRef& ref,
                         const OrdinanceForms& ordinance, Pack& pack) {
  pack.forms_path = ordinance.path;
  pack.forms_source = ordinance.source;
  std::set<FilingKind> own_kinds;
  for (const Form& f : pack.forms) own_kinds.insert(f.kind);
  std::set<FilingKind> clashes;
  bool version_used = false;
  for (Form f : ordinance.forms) {
    if (own_kinds.count(f.kind) != 0) {
      if (clashes.insert(f.kind).second) {
        pack_file.Error(
            ref.file_pos,
            {.ja = fmt::format("様式 `{}` はこのパックの [[form]] と {} の両方にあります（どちらか"
                               "一方にしてください）",
                               FilingKindName(f.kind), ref.file),
             .en = fmt::format("form `{}` is both a [[form]] of this pack and in {} (keep one)",
                               FilingKindName(f.kind), ref.file)});
      }
      continue;
    }
    if (ref.from) {
      if (f.effective_until && *f.effective_until < *ref.from) continue;  // ended before
      if (f.effective_from <= *ref.from) {
        f.effective_from = *ref.from;
        if (ref.version) {
          f.version = *ref.version;
          version_used = true;
        }
      }
    }
    pack.forms.push_back(std::move(f));
  }
  if (ref.version && !version_used && clashes.empty()) {
    pack_file.Error(
        ref.version_pos,
        {.ja = fmt::format("{} に {} に効力のある様式がないため、version \"{}\" を付ける版が"
                           "ありません",
                           ref.file, ref.from->ToIso(), *ref.version),
         .en = fmt::format("{} has no form in force on {}: no version to label \"{}\"", ref.file,
                           ref.from->ToIso(), *ref.version)});
  }
  for (const ListedCase& c : ordinance.listed_cases) {
    const bool own = std::any_of(pack.listed_cases.begin(), pack.listed_cases.end(),
                                 [&](const ListedCase& o) { return o.id == c.id; });
    if (own) {
      pack_file.Error(
          ref.file_pos,
          {.ja = fmt::format("listed_case `{}` はこのパックと {} の両方にあります", c.id, ref.file),
           .en = fmt::format("listed_case `{}` is both in this pack and in {}", c.id, ref.file)});
      continue;
    }
    pack.listed_cases.push_back(c);
  }
}

}  // namespace kikan::regime::internal
