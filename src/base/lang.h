// The language of user-facing text. Japanese is the default everywhere; English is one flag
// (`--lang en`, `?lang=en`) away. A Text holds both forms of one message or label.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kikan::base {

enum class Lang { kJa, kEn };

// Parses "ja" or "en"; nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view s);

struct Text {
  std::string ja;
  std::string en;
  // The form in `lang`, falling back to the other form when that one is empty.
  const std::string& In(Lang lang) const {
    if (lang == Lang::kEn) return en.empty() ? ja : en;
    return ja.empty() ? en : ja;
  }
  friend bool operator==(const Text&, const Text&) = default;
};

}  // namespace kikan::base
