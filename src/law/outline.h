// The bundled outline of the Act (経済安全保障推進法, 令和4年法律第43号): for each article it
// covers, its chapter and its number of paragraphs, and the number of items of paragraphs that have
// items. It is data — data/law/504AC0000000043.outline.tsv, built from the Act's text and
// embedded at build time — and holds every reference to the Act to the provisions that exist
// (docs/references.md). Immutable once built; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/lang.h"
#include "base/status.h"
#include "law/reference.h"

namespace kikan::law {

struct ArticleOutline {
  int chapter = 0;
  int paragraphs = 0;
  std::map<int, int> items;  // paragraph → number of items
};

class Outline {
 public:
  // Parses the outline's text: '#' comments, then lines "article<TAB>chapter<TAB>paragraphs
  // [<TAB>p:n,p:n]". Errors: kInvalidArgument naming the line.
  static base::Result<Outline> Parse(std::string_view text);
  // The Act's outline, embedded from data/law/ (parsed once; a broken file is a build bug).
  static const Outline& Act();

  // The article, or nullptr when the outline does not cover it.
  const ArticleOutline* Find(int article) const;

 private:
  std::map<int, ArticleOutline> articles_;
};

// How a reference fares against the outline.
enum class Check {
  kOk,               // the provision exists, or the reference is not to the Act
  kNotCovered,       // an article of the Act the outline does not cover: not checked
  kNoSuchProvision,  // the Act's article lacks that paragraph or item
};
struct CheckResult {
  Check check = Check::kOk;
  base::Text message;  // why, for kNotCovered and kNoSuchProvision
};
CheckResult CheckAgainstOutline(const Reference& ref, const Outline& outline = Outline::Act());

}  // namespace kikan::law
