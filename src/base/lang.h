// The language of user-facing text. Japanese is the default everywhere; English is one flag
// (`--lang en`, `?lang=en`) away. A Text holds both forms of one message or label; it is the one
// bilingual type of Kikan (Status, field errors, pack problems, labels all carry a Text).
//
// A Text is written with designated initializers only, so the two forms cannot be swapped by
// argument order:
//   base::Text{.ja = "法人番号が不正です", .en = "bad corporate number"}   // ok
//   base::Text{.en = "...", .ja = "..."}    // does not compile: designators out of order
//   base::Text{"...", "..."}                // does not compile: positional
// Either form may be left out; `In` falls back to the other one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kikan::base {

enum class Lang { kJa, kEn };

// Parses "ja" or "en"; nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view s);

namespace internal {
// The first member of Text: an empty type that no string converts to, so positional aggregate
// initialization (`Text{"ja", "en"}`) fails to compile and only named members can be given.
struct NamedMembersOnly {
  friend bool operator==(NamedMembersOnly, NamedMembersOnly) { return true; }
};
}  // namespace internal

struct Text {
  // (Not [[no_unique_address]]: clang 14, which builds the fuzz targets, crashes on it here.)
  internal::NamedMembersOnly named_members_only_{};
  // `{}`: a form left out of the designated initializer is empty, without a warning.
  std::string ja{};
  std::string en{};
  // The form in `lang`, falling back to the other form when that one is empty.
  const std::string& In(Lang lang) const {
    if (lang == Lang::kEn) return en.empty() ? ja : en;
    return ja.empty() ? en : ja;
  }
  friend bool operator==(const Text&, const Text&) = default;
};

}  // namespace kikan::base
