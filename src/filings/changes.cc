// RouteOfChange and ClassOfListedChange (changes.h): Art. 54 of the Act as a table of routes.
#include "filings/changes.h"

#include <fmt/format.h>

namespace kikan::filings {

std::string_view ChangeClassName(ChangeClass c) {
  switch (c) {
    case ChangeClass::kImportant:
      return "important";
    case ChangeClass::kOther:
      return "other";
    case ChangeClass::kMinor:
      return "minor";
  }
  return "other";
}

ChangeRoute RouteOfChange(ChangeClass c, bool urgent) {
  ChangeRoute r;
  r.change_class = c;
  switch (c) {
    case ChangeClass::kImportant:
      r.urgent = urgent;
      if (urgent) {
        r.file_afterwards = true;
        r.what = {.ja =
                      "緊急やむを得ない場合は変更を先に行い、遅滞なく変更の内容を記載した導入等"
                      "計画書を届け出る",
                  .en =
                      "in the ordinance's emergency, make the change first and file the changed "
                      "plan without delay"};
        r.basis = {.ja = "経済安全保障推進法第54条第1項ただし書・第3項",
                   .en = "Economic Security Promotion Act, Art. 54(1), proviso, and 54(3)"};
      } else {
        r.file_beforehand = true;
        r.review_clock = true;
        r.what = {.ja =
                      "あらかじめ変更の案を届け出る。第52条第2項から第10項までが準用され、受理日"
                      "から30日の禁止期間・延長・勧告・命令が新たな計画書と同じく適用される",
                  .en =
                      "file the change beforehand; Art. 52(2) to (10) apply to it: the 30-day "
                      "waiting period from its receipt, extension, recommendation and order, as "
                      "for a new plan"};
        r.basis = {.ja = "経済安全保障推進法第54条第1項・第2項",
                   .en = "Economic Security Promotion Act, Art. 54(1) and 54(2)"};
      }
      break;
    case ChangeClass::kOther:
      r.report_afterwards = true;
      r.what = {.ja = "変更をしたときは遅滞なく変更の内容を報告する（事前の届出・審査はない）",
                .en =
                    "report the change without delay after making it (no prior filing or "
                    "review)"};
      r.basis = {.ja = "経済安全保障推進法第54条第4項",
                 .en = "Economic Security Promotion Act, Art. 54(4)"};
      break;
    case ChangeClass::kMinor:
      r.what = {.ja = "軽微な変更は届出も報告も要しない",
                .en = "a minor change needs neither a filing nor a report"};
      r.basis = {.ja = "経済安全保障推進法第54条第4項（軽微な変更を除く）",
                 .en = "Economic Security Promotion Act, Art. 54(4) (minor changes excepted)"};
      break;
  }
  return r;
}

base::Result<ChangeClass> ClassOfListedChange(const regime::Pack& pack, std::string_view case_id) {
  if (case_id.empty()) return ChangeClass::kOther;
  for (const regime::ListedCase& c : pack.listed_cases) {
    if (c.id != case_id) continue;
    switch (c.kind) {
      case regime::ListedCase::Kind::kImportantChange:
        return ChangeClass::kImportant;
      case regime::ListedCase::Kind::kMinorChange:
        return ChangeClass::kMinor;
      case regime::ListedCase::Kind::kEmergency:
        break;
    }
    return base::InvalidArgument(
        {.ja = fmt::format("`{}` は緊急の場合であり、変更の区分ではありません", case_id),
         .en = fmt::format("`{}` is an emergency case, not a kind of change", case_id)});
  }
  return base::NotFound(
      {.ja = fmt::format("パック {} に変更の区分 `{}` はありません", pack.id, case_id),
       .en = fmt::format("pack {} lists no change `{}`", pack.id, case_id)});
}

}  // namespace kikan::filings
