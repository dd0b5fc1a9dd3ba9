// What a change of a notified plan requires (経済安全保障推進法 Art. 54), read from the Act's text:
//
//   第1項  a change the ordinance lists as 重要な変更 (the pack's [[listed_case]] kind =
//          important_change; MLIT ordinance Art. 23(1)) made before the installation (or before or
//          during the entrusted maintenance) is filed beforehand as a 変更の案 — a plan_change
//          filing;
//   第2項  Art. 52(2)–(10) apply to that filing again: the same waiting period from its receipt,
//          extension limit, recommendation, answer, order, and Art. 52(9);
//   第1項ただし書・第3項  in the ordinance's emergency (MLIT ordinance Art. 23(4)) the change is
//   made
//          first and the changed plan filed without delay afterwards;
//   第4項  any other change of the Art. 52(2) items — except the 軽微な変更 the ordinance lists
//          (kind = minor_change; MLIT ordinance Art. 24) — is reported without delay after it is
//          made (a report, not a filing reviewed under the clock); a 軽微な変更 needs nothing.
//
// regime-notes §3 says minor changes are "reported afterwards" and every other change filed in
// advance; the text says otherwise (only the listed important changes are filed in advance, the
// unlisted ones are reported, the minor ones need nothing) and Kikan follows the text.
//
// Pure functions over the pack's data; thread-safe.
#pragma once

#include <string_view>

#include "base/lang.h"
#include "base/status.h"
#include "regime/regime.h"

namespace kikan::filings {

enum class ChangeClass {
  kImportant,  // 重要な変更: listed by the ordinance (Art. 54(1))
  kOther,      // neither important nor minor: reported afterwards (Art. 54(4))
  kMinor,      // 軽微な変更: listed by the ordinance, nothing to do (Art. 54(4))
};
// "important", "other", "minor".
std::string_view ChangeClassName(ChangeClass c);

// What the operator must do for a change, and on which provision that rests.
struct ChangeRoute {
  ChangeClass change_class = ChangeClass::kOther;
  bool urgent = false;             // the ordinance's emergency (Art. 54(1) proviso)
  bool file_beforehand = false;    // a plan_change filing before the change (Art. 54(1))
  bool review_clock = false;       // Art. 52(2)–(10) apply to it (Art. 54(2))
  bool file_afterwards = false;    // the changed plan filed without delay after it (Art. 54(3))
  bool report_afterwards = false;  // the change reported without delay after it (Art. 54(4))
  base::Text what;
  base::Text basis;
};

// The route of a change of class `c`, made urgently (the ordinance's emergency) or not. An urgent
// change matters only for an important one (the proviso of Art. 54(1)); for the others it changes
// nothing. Never fails.
ChangeRoute RouteOfChange(ChangeClass c, bool urgent);

// The class of the change the pack lists as `case_id` ([[listed_case]] important_change or
// minor_change); an empty id is a change the ordinance does not list (kOther). Errors:
// kNotFound when the pack has no such case, kInvalidArgument when the case is not a change (an
// emergency).
base::Result<ChangeClass> ClassOfListedChange(const regime::Pack& pack, std::string_view case_id);

}  // namespace kikan::filings
