#include "law/outline.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "base/check.h"

namespace kikan::law {
namespace internal {
extern const std::string_view kActOutline;
}  // namespace internal

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t begin = 0;
  while (true) {
    size_t end = s.find(sep, begin);
    out.push_back(s.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return out;
}

std::optional<int> Int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1) return std::nullopt;
  return v;
}

}  // namespace

base::Result<Outline> Outline::Parse(std::string_view text) {
  Outline out;
  int line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto bad = [&](std::string_view why_ja, std::string_view why_en) {
      return base::InvalidArgument(
          {.ja = fmt::format("法令の構成 {}行目: {}", line_no, why_ja),
           .en = fmt::format("law outline, line {}: {}", line_no, why_en)});
    };
    std::vector<std::string_view> cols = Split(line, '\t');
    if (cols.size() < 3 || cols.size() > 4) {
      return bad("「条 章 項数 [号数]」をタブで区切って書きます",
                 "want article, chapter, paragraphs [, items] separated by tabs");
    }
    auto article = Int(cols[0]);
    auto chapter = Int(cols[1]);
    auto paragraphs = Int(cols[2]);
    if (!article || !chapter || !paragraphs) return bad("数が正しくありません", "not a number");
    ArticleOutline a{.chapter = *chapter, .paragraphs = *paragraphs, .items = {}};
    if (cols.size() == 4) {
      for (std::string_view pair : Split(cols[3], ',')) {
        std::vector<std::string_view> pn = Split(pair, ':');
        auto p = pn.size() == 2 ? Int(pn[0]) : std::nullopt;
        auto n = pn.size() == 2 ? Int(pn[1]) : std::nullopt;
        if (!p || !n || *p > *paragraphs) {
          return bad("号数は「項:号数」で、項はその条の項数以下です",
                     "items are paragraph:count, the paragraph within the article's");
        }
        a.items[*p] = *n;
      }
    }
    if (!out.articles_.emplace(*article, std::move(a)).second) {
      return bad("同じ条が二度あります", "the article appears twice");
    }
  }
  return out;
}

const Outline& Outline::Act() {
  static const Outline kAct = [] {
    auto parsed = Parse(internal::kActOutline);
    KIKAN_CHECK(parsed.has_value() && "data/law/504AC0000000043.outline.tsv parses");
    return *std::move(parsed);
  }();
  return kAct;
}

const ArticleOutline* Outline::Find(int article) const {
  auto it = articles_.find(article);
  return it == articles_.end() ? nullptr : &it->second;
}

CheckResult CheckAgainstOutline(const Reference& ref, const Outline& outline) {
  if (ref.law != "act") return {};
  const ArticleOutline* a = outline.Find(ref.article);
  const std::string cited = Render(ref).ja;
  if (a == nullptr || ref.article_branch > 0) {
    return {
        Check::kNotCovered,
        {.ja = fmt::format("{} は同梱の法の構成（第3章・第6章）の外にあり、確認できません", cited),
         .en = fmt::format("{} is outside the bundled outline of the Act (Chapters 3 and 6): "
                           "not checked",
                           Render(ref).en)}};
  }
  if (ref.paragraph > a->paragraphs) {
    return {
        Check::kNoSuchProvision,
        {.ja = fmt::format("法第{}条は{}項までです（{} はありません）", ref.article, a->paragraphs,
                           cited),
         .en = fmt::format("Art. {} of the Act has {} paragraph{} ({} does not exist)", ref.article,
                           a->paragraphs, a->paragraphs == 1 ? "" : "s", Render(ref).en)}};
  }
  if (ref.item > 0) {
    auto it = a->items.find(ref.paragraph == 0 ? 1 : ref.paragraph);
    const int items = it == a->items.end() ? 0 : it->second;
    if (ref.item > items) {
      return {Check::kNoSuchProvision,
              {.ja = fmt::format("法第{}条第{}項には{}（{} はありません）", ref.article,
                                 ref.paragraph == 0 ? 1 : ref.paragraph,
                                 items == 0 ? std::string("号がありません")
                                            : fmt::format("第{}号までしかありません", items),
                                 cited),
               .en = fmt::format("Art. {}({}) of the Act has {} item{} ({} does not exist)",
                                 ref.article, ref.paragraph == 0 ? 1 : ref.paragraph, items,
                                 items == 1 ? "" : "s", Render(ref).en)}};
    }
  }
  return {};
}

}  // namespace kikan::law
