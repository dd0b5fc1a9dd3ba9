// The calendar's commands:
//   kikan holidays YEAR [--format table|json]
//   kikan deadline obligation --designated DATE [--format table|json]
//   kikan deadline review --received DATE [--format table|json]
//   kikan deadline answer --recommended DATE [--format table|json]
//   kikan deadline grace --effective DATE [--format table|json]
//   kikan deadline name-change --change-date DATE [--format table|json]
// DATE is ISO (2025-05-01) or 和暦 (令和7年5月1日, R7.5.1). Dates print as ISO and 和暦 both:
// "2025-11-02（令和7年11月2日）". Every deadline lists the rules applied with their legal basis
// (calendar/clocks.h). Errors go through ReportError (Japanese by default, --lang en).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "base/date.h"
#include "base/wareki.h"
#include "calendar/clocks.h"
#include "calendar/holidays.h"
#include "cli/common.h"
#include "codec/reference_json.h"
#include "law/reference.h"
#include "service/amendment_grace.h"

namespace kikan::cli {
namespace {

namespace json = boost::json;
using base::Date;
using base::Lang;

std::string_view WeekdayName(base::Weekday w, Lang lang) {
  static constexpr std::string_view kJa[] = {"日", "月", "火", "水", "木", "金", "土"};
  static constexpr std::string_view kEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const int i = static_cast<int>(w);
  return lang == Lang::kEn ? kEn[i] : kJa[i];
}

// ---- holidays ---------------------------------------------------------------------------------

struct HolidaysArgs {
  int year = 0;
  Format format = Format::kTable;
};

int RunHolidays(const HolidaysArgs& a, const GlobalOptions& options) {
  auto holidays = calendar::HolidaysInYear(a.year);
  if (!holidays) return ReportError(holidays.status(), options);
  const Lang lang = options.lang;

  if (a.format == Format::kJson) {
    json::array list;
    for (const calendar::Holiday& h : *holidays) {
      json::object o;
      o["date"] = h.date.ToIso();
      o["wareki"] = base::FormatWarekiOrEmpty(h.date);
      o["weekday"] = WeekdayName(h.date.weekday(), lang);
      o["name"] = h.name.In(lang);
      o["name_ja"] = h.name.ja;
      o["name_en"] = h.name.en;
      o["kind"] = calendar::HolidayKindName(h.kind);
      o["basis"] = h.basis.In(lang);
      list.push_back(std::move(o));
    }
    json::object root;
    root["year"] = a.year;
    root["holidays"] = std::move(list);
    Print(json::serialize(root) + "\n");
    return 0;
  }

  std::string out;
  if (lang == Lang::kEn) {
    out += fmt::format("Public holidays of {}: {} days\n", a.year, holidays->size());
  } else {
    out += fmt::format("{}年の祝日・休日（全{}日）\n", a.year, holidays->size());
  }
  std::vector<std::vector<std::string>> rows;
  for (const calendar::Holiday& h : *holidays) {
    rows.push_back({h.date.ToIso(), base::FormatWarekiOrEmpty(h.date),
                    std::string(WeekdayName(h.date.weekday(), lang)), h.name.In(lang)});
  }
  if (lang == Lang::kEn) {
    out += RenderTable({"date", "wareki", "day", "name"}, rows);
  } else {
    out += RenderTable({"日付", "和暦", "曜日", "名称"}, rows);
  }
  Print(out);
  return 0;
}

// ---- deadline ---------------------------------------------------------------------------------

struct DeadlineArgs {
  std::string date;
  Format format = Format::kTable;
};

// The structured references a citation text names (docs/references.md §JSON).
json::array ReferencesJson(std::string_view citation) { return codec::EncodeReferences(citation); }

// Each rule applied, with its basis and the basis's references.
json::array RulesJson(const std::vector<calendar::AppliedRule>& applied, Lang lang) {
  json::array rules;
  for (const calendar::AppliedRule& rule : applied) {
    json::object j;
    j["id"] = rule.id;
    j["text"] = rule.text.In(lang);
    j["basis"] = rule.basis.In(lang);
    j["references"] = ReferencesJson(rule.basis.ja);
    rules.push_back(std::move(j));
  }
  return rules;
}

json::object ClockJson(const calendar::ClockSpec& clock, const calendar::PeriodResult& r,
                       Lang lang) {
  json::object o;
  o["clock"] = clock.key;
  o["name"] = clock.name.In(lang);
  o["period"] = calendar::DescribePeriod(clock.period).In(lang);
  o["first_day_counted"] = clock.period.first_day_counted;
  o["moves_off_administrative_holidays"] = clock.period.move_off_admin_holiday;
  o["source"] = clock.source.In(lang);
  o["source_references"] = ReferencesJson(clock.source.ja);
  o["event"] = r.event.ToIso();
  o["first_day"] = r.first_day.ToIso();
  o["period_end"] = r.period_end.ToIso();
  o["period_end_wareki"] = base::FormatWarekiOrEmpty(r.period_end);
  o["due"] = r.due.ToIso();
  o["due_wareki"] = base::FormatWarekiOrEmpty(r.due);
  if (!clock.after_label.ja.empty()) {
    o["day_after"] = r.day_after().ToIso();
    o["day_after_wareki"] = base::FormatWarekiOrEmpty(r.day_after());
  }
  o["rules"] = RulesJson(r.rules, lang);
  return o;
}

// The rules of a computed date, numbered, each with its basis, under `heading`.
std::string RulesText(const std::vector<calendar::AppliedRule>& rules, Lang lang,
                      std::string_view heading) {
  std::string out(heading);
  int i = 1;
  for (const calendar::AppliedRule& rule : rules) {
    out += fmt::format("  {}. {}\n     {} {}\n", i++, rule.text.In(lang),
                       lang == Lang::kEn ? "basis:" : "根拠:", rule.basis.In(lang));
  }
  return out;
}

// The text block of one clock: its name, period and each rule with its basis.
std::string ClockText(const calendar::ClockSpec& clock, const calendar::PeriodResult& r,
                      Lang lang) {
  const bool en = lang == Lang::kEn;
  const std::string period = calendar::DescribePeriod(clock.period).In(lang);
  std::string out;
  if (en) {
    out = fmt::format("{} ({}, counted from {}{}; {}):\n", clock.name.en, period,
                      clock.period.first_day_counted ? "the " : "the day after the ",
                      clock.event.en, clock.source.en);
  } else {
    out = fmt::format("{}（{}、{}{}から起算。{}）:\n", clock.name.ja, period, clock.event.ja,
                      clock.period.first_day_counted ? "" : "の翌日", clock.source.ja);
  }
  out += ReferencesText(clock.source.ja, lang, "  ");
  return out + RulesText(r.rules, lang, "");
}

// The last day of a recommendation or an order (Art. 52(6) and 52(10) provisos), as JSON: the
// date without an extension, the latest it can become with one, and the rules.
json::object OrderLimitJson(const calendar::PeriodResult& r,
                            const calendar::PeriodResult& extension, Lang lang) {
  json::object o;
  o["date"] = r.due.ToIso();
  o["date_wareki"] = base::FormatWarekiOrEmpty(r.due);
  o["latest_if_extended"] = extension.due.ToIso();
  o["source"] = r.rules.back().basis.In(lang);
  o["source_references"] = ReferencesJson(r.rules.back().basis.ja);
  o["rules"] = RulesJson(r.rules, lang);
  return o;
}

// What follows when the operator does not answer a recommendation, or refuses it without
// justifiable reason: an order (Art. 52(10)), only until its proviso's limit.
const calendar::AppliedRule& IfNoAnswer() {
  static const calendar::AppliedRule kRule{
      "if_no_answer",
      {.ja = "主務大臣は勧告に係る措置を命ずることができる（受理日から起算して30日を経過する日、"
             "延長した場合は延長した期間の満了する日まで）",
       .en = "the minister may order the measures recommended (until 30 days from receipt end, "
             "or the extended period ends)"},
      {.ja = "経済安全保障推進法第52条第10項",
       .en = "Economic Security Promotion Act, Art. 52(10)"}};
  return kRule;
}

std::string Line(std::string_view label, Date d) {
  return fmt::format("{}: {}\n", label, DateBoth(d));
}

int RunObligation(const DeadlineArgs& a, const GlobalOptions& options) {
  auto designated = ParseDateOption(a.date, "--designated");
  if (!designated) return ReportError(designated.status(), options);
  const std::optional<base::Text> warning =
      WarnIfBeforeTheAct(*designated, "--designated", options.lang);
  auto r = calendar::FilingDutyTransition(*designated);
  if (!r) return ReportError(r.status(), options);
  // An installation on the first day of the duty needs its waiting period over by then.
  auto latest = calendar::LatestReceiptForInstallation(r->day_after());
  if (!latest) return ReportError(latest.status(), options);
  const auto& clock = calendar::GetClock(calendar::ClockId::kFilingDutyTransition);
  const Lang lang = options.lang;
  if (a.format == Format::kJson) {
    json::object root;
    root["designated"] = designated->ToIso();
    root["designated_wareki"] = base::FormatWarekiOrEmpty(*designated);
    root["transition_end"] = r->due.ToIso();
    root["duty_applies_from"] = r->day_after().ToIso();
    root["duty_applies_from_wareki"] = base::FormatWarekiOrEmpty(r->day_after());
    root["latest_receipt_for_installation_on_duty_start"] = latest->ToIso();
    root["transition"] = ClockJson(clock, *r, lang);
    root["warnings"] = WarningsJson(warning, options.lang);
    Print(json::serialize(root) + "\n");
    return 0;
  }
  const bool en = lang == Lang::kEn;
  std::string out;
  out += Line(en ? "Designated" : "指定日", *designated);
  out += Line(en ? "Transition ends" : "経過措置期間の末日", r->due);
  out += Line(en ? "Filing duty applies from" : "届出義務の適用開始日", r->day_after());
  out += "\n" + ClockText(clock, *r, lang);
  out += en ? fmt::format(
                  "\nNote: to install on {} itself, the plan must be received by {} "
                  "(the 30-day waiting period must be over first; interpretation).\n",
                  r->day_after().ToIso(), DateBoth(*latest))
            : fmt::format(
                  "\n注: {}当日に導入等を行うには、計画書が{}までに受理されている必要が"
                  "あります（30日の禁止期間が先に満了するため。解釈）。\n",
                  r->day_after().ToIso(), DateBoth(*latest));
  Print(out);
  return 0;
}

int RunReview(const DeadlineArgs& a, const GlobalOptions& options) {
  auto received = ParseDateOption(a.date, "--received");
  if (!received) return ReportError(received.status(), options);
  const std::optional<base::Text> warning =
      WarnIfBeforeTheAct(*received, "--received", options.lang);
  auto waiting = calendar::WaitingPeriod(*received);
  if (!waiting) return ReportError(waiting.status(), options);
  auto extension = calendar::ExtensionLimit(*received);
  if (!extension) return ReportError(extension.status(), options);
  auto order_limit = calendar::RecommendationAndOrderLimit(*received, std::nullopt);
  if (!order_limit) return ReportError(order_limit.status(), options);
  const auto& waiting_clock = calendar::GetClock(calendar::ClockId::kWaitingPeriod);
  const auto& extension_clock = calendar::GetClock(calendar::ClockId::kExtensionLimit);
  const Lang lang = options.lang;
  if (a.format == Format::kJson) {
    json::object root;
    root["received"] = received->ToIso();
    root["received_wareki"] = base::FormatWarekiOrEmpty(*received);
    root["waiting_period_end"] = waiting->due.ToIso();
    root["installation_allowed_from"] = waiting->day_after().ToIso();
    root["extension_limit"] = extension->due.ToIso();
    root["waiting_period"] = ClockJson(waiting_clock, *waiting, lang);
    root["extension"] = ClockJson(extension_clock, *extension, lang);
    root["order_limit"] = OrderLimitJson(*order_limit, *extension, lang);
    root["warnings"] = WarningsJson(warning, options.lang);
    Print(json::serialize(root) + "\n");
    return 0;
  }
  const bool en = lang == Lang::kEn;
  std::string out;
  out += Line(en ? "Received" : "受理日", *received);
  out += Line(en ? "Waiting period ends" : "導入等の禁止期間の末日", waiting->due);
  out += Line(en ? "Installation allowed from" : "導入等が可能となる日", waiting->day_after());
  out += Line(en ? "Latest end of an extended review" : "延長した場合の審査期間の上限",
              extension->due);
  out += Line(en ? "Recommendation and order possible until" : "勧告・命令をすることができる期限",
              order_limit->due);
  out += en ? fmt::format(
                  "  (if the period is extended: until the extended period ends, at the "
                  "latest {}; Art. 52(6) and 52(10), provisos)\n",
                  extension->due.ToIso())
            : fmt::format(
                  "  （延長した場合は延長した期間の満了する日まで。最長 {}。第52条第6項"
                  "ただし書・第10項ただし書）\n",
                  extension->due.ToIso());
  out += "\n" + ClockText(waiting_clock, *waiting, lang);
  out += "\n" + ClockText(extension_clock, *extension, lang);
  out += "\n" + RulesText(order_limit->rules, lang,
                          en ? "Last day for a recommendation or an order:\n"
                             : "勧告・命令をすることができる期限:\n");
  Print(out);
  return 0;
}

int RunAnswer(const DeadlineArgs& a, const GlobalOptions& options) {
  auto recommended = ParseDateOption(a.date, "--recommended");
  if (!recommended) return ReportError(recommended.status(), options);
  const std::optional<base::Text> warning =
      WarnIfBeforeTheAct(*recommended, "--recommended", options.lang);
  auto r = calendar::RecommendationAnswerDeadline(*recommended);
  if (!r) return ReportError(r.status(), options);
  const auto& clock = calendar::GetClock(calendar::ClockId::kRecommendationAnswer);
  const Lang lang = options.lang;
  if (a.format == Format::kJson) {
    json::object root;
    root["recommended"] = recommended->ToIso();
    root["recommended_wareki"] = base::FormatWarekiOrEmpty(*recommended);
    root["answer_due"] = r->due.ToIso();
    root["answer_due_wareki"] = base::FormatWarekiOrEmpty(r->due);
    root["answer"] = ClockJson(clock, *r, lang);
    json::object if_not;
    if_not["text"] = IfNoAnswer().text.In(lang);
    if_not["source"] = IfNoAnswer().basis.In(lang);
    if_not["source_references"] = ReferencesJson(IfNoAnswer().basis.ja);
    root["if_no_answer_or_refused"] = std::move(if_not);
    root["warnings"] = WarningsJson(warning, options.lang);
    Print(json::serialize(root) + "\n");
    return 0;
  }
  const bool en = lang == Lang::kEn;
  std::string out;
  out += Line(en ? "Recommendation received" : "勧告を受けた日", *recommended);
  if (r->due != r->period_end) {
    out += Line(en ? "Ten days end" : "10日の期間の末日", r->period_end);
  }
  out += Line(en ? "Answer due" : "応諾の通知期限", r->due);
  out += "\n" + ClockText(clock, *r, lang);
  out +=
      fmt::format("\n{}{}\n  {} {}\n",
                  en ? "If no answer comes, or a refusal: " : "通知がない又は応諾しない場合: ",
                  IfNoAnswer().text.In(lang), en ? "basis:" : "根拠:", IfNoAnswer().basis.In(lang));
  Print(out);
  return 0;
}

// 法第53条第2項・第3項: the grace after an amendment of the ordinance that makes equipment (or
// maintenance) newly critical.
int RunGrace(const DeadlineArgs& a, const GlobalOptions& options) {
  auto effective = ParseDateOption(a.date, "--effective");
  if (!effective) return ReportError(effective.status(), options);
  const std::optional<base::Text> warning =
      WarnIfBeforeTheAct(*effective, "--effective", options.lang);
  auto g = service::GraceAfterAmendment(*effective);
  if (!g) return ReportError(g.status(), options);
  const auto& eq_clock = calendar::GetClock(calendar::ClockId::kEquipmentAmendmentGrace);
  const auto& mt_clock = calendar::GetClock(calendar::ClockId::kMaintenanceAmendmentGrace);
  const Lang lang = options.lang;
  if (a.format == Format::kJson) {
    json::object root;
    root["effective"] = effective->ToIso();
    root["effective_wareki"] = base::FormatWarekiOrEmpty(*effective);
    root["grace_end"] = g->equipment.due.ToIso();
    root["grace_end_wareki"] = base::FormatWarekiOrEmpty(g->equipment.due);
    root["filing_duty_applies_from"] = g->equipment.day_after().ToIso();
    root["filing_duty_applies_from_wareki"] = base::FormatWarekiOrEmpty(g->equipment.day_after());
    root["source"] = eq_clock.source.In(lang);
    root["source_references"] = ReferencesJson(eq_clock.source.ja);
    root["grace"] = ClockJson(eq_clock, g->equipment, lang);
    json::object maintenance;
    maintenance["grace_end"] = g->maintenance.due.ToIso();
    maintenance["filing_duty_applies_from"] = g->maintenance.day_after().ToIso();
    maintenance["source"] = mt_clock.source.In(lang);
    maintenance["source_references"] = ReferencesJson(mt_clock.source.ja);
    maintenance["grace"] = ClockJson(mt_clock, g->maintenance, lang);
    root["maintenance"] = std::move(maintenance);
    root["warnings"] = WarningsJson(warning, options.lang);
    Print(json::serialize(root) + "\n");
    return 0;
  }
  const bool en = lang == Lang::kEn;
  std::string out;
  out += Line(en ? "Amended ordinance effective" : "改正省令の施行日", *effective);
  out += Line(en ? "Grace ends" : "適用猶予期間の末日", g->equipment.due);
  out += Line(en ? "Art. 52(1) applies from" : "第52条第1項の適用開始日", g->equipment.day_after());
  out += en ? "  (to equipment, or maintenance or operation, newly made critical by the amendment; "
              "Art. 53(2), 53(3))\n"
            : "  （改正により新たに特定重要設備又は重要維持管理等となったものについて。"
              "第53条第2項・第3項）\n";
  out += "\n" + ClockText(eq_clock, g->equipment, lang);
  out += "\n" + ClockText(mt_clock, g->maintenance, lang);
  out += en ? "\nNote: the amendment takes effect at 0:00 of its effective date, so that day is "
              "counted (Civil Code, Art. 140, proviso; interpretation).\n"
            : "\n注: 改正省令は施行日の午前零時から効力を生ずるため、施行日を初日に算入します"
              "（民法第140条ただし書。解釈）。\n";
  Print(out);
  return 0;
}

// 法第50条第3項: the last day to notify a change of the operator's name or address, counted back
// from the day of the change.
int RunNameChange(const DeadlineArgs& a, const GlobalOptions& options) {
  auto change = ParseDateOption(a.date, "--change-date");
  if (!change) return ReportError(change.status(), options);
  auto r = calendar::NameChangeNoticeDeadline(*change);
  if (!r) return ReportError(r.status(), options);
  const Lang lang = options.lang;
  const bool en = lang == Lang::kEn;
  const std::string_view form_ja =
      "国土交通省所管の事業者は国土交通省令（令和5年国土交通省令第62号）第5条の様式第二"
      "（名称等変更届出書）による。代表者の変更は第50条第3項の届出の対象ではない。";
  const std::string_view form_en =
      "Operators under MLIT file form 2 (名称等変更届出書) of the MLIT ordinance, Art. 5. A "
      "change of representative is not covered by Art. 50(3).";
  if (a.format == Format::kJson) {
    json::object root;
    root["change_date"] = change->ToIso();
    root["change_date_wareki"] = base::FormatWarekiOrEmpty(*change);
    root["notify_by"] = r->last_day.ToIso();
    root["notify_by_wareki"] = base::FormatWarekiOrEmpty(r->last_day);
    root["notify_by_workday"] = r->last_workday.ToIso();
    root["notify_by_workday_wareki"] = base::FormatWarekiOrEmpty(r->last_workday);
    root["two_weeks"] = {{"from", r->period_start.ToIso()}, {"to", change->AddDays(-1).ToIso()}};
    root["source"] = r->source.In(lang);
    root["source_references"] = ReferencesJson(r->source.ja);
    root["rules"] = RulesJson(r->rules, lang);
    root["note"] = en ? form_en : form_ja;
    root["note_references"] = ReferencesJson("国土交通省令（令和5年国土交通省令第62号）第5条");
    Print(json::serialize(root) + "\n");
    return 0;
  }
  std::string out;
  out += Line(en ? "Name or address changes on" : "名称又は住所を変更する日", *change);
  out += Line(en ? "Notify by" : "届出の期限", r->last_day);
  if (r->last_workday != r->last_day) {
    out += Line(en ? "  (administrative holiday; last workday before it)"
                   : "  （行政機関の休日。その前の開庁日）",
                r->last_workday);
  }
  out += en ? fmt::format("\nTwo weeks before the change ({}; counted back):\n", r->source.en)
            : fmt::format("\n変更する日の二週間前まで（{}。遡って計算）:\n", r->source.ja);
  out += ReferencesText(r->source.ja, lang, "  ");
  out += RulesText(r->rules, lang, "");
  out += fmt::format("\n{} {}\n", en ? "Note:" : "注:", en ? form_en : form_ja);
  Print(out);
  return 0;
}

}  // namespace

void AddCalendarCommands(CLI::App& app, GlobalOptions& options) {
  // holidays YEAR
  auto holidays_args = std::make_shared<HolidaysArgs>();
  CLI::App* holidays =
      app.add_subcommand("holidays", "祝日・休日の一覧 / the public holidays of a year");
  holidays->add_option("YEAR", holidays_args->year, "年（1948〜2150）/ year (1948-2150)")
      ->required();
  AddFormatOption(holidays, &holidays_args->format, /*allow_csv=*/false);
  holidays->callback(
      [holidays_args, &options] { options.exit_code = RunHolidays(*holidays_args, options); });

  // deadline obligation|review|answer
  CLI::App* deadline = app.add_subcommand(
      "deadline",
      "法定期間の計算 / statutory deadlines (obligation, review, answer, grace, name-change)");
  deadline->require_subcommand(1);

  auto obligation_args = std::make_shared<DeadlineArgs>();
  CLI::App* obligation = deadline->add_subcommand(
      "obligation", "届出義務の適用開始日 / the day the filing duty applies from");
  obligation
      ->add_option("--designated", obligation_args->date,
                   "指定日（YYYY-MM-DD または和暦）/ designation date (ISO or 和暦)")
      ->required();
  AddFormatOption(obligation, &obligation_args->format, /*allow_csv=*/false);
  obligation->callback([obligation_args, &options] {
    options.exit_code = RunObligation(*obligation_args, options);
  });

  auto review_args = std::make_shared<DeadlineArgs>();
  CLI::App* review = deadline->add_subcommand(
      "review", "禁止期間と審査期間の上限 / waiting period and the review's extension limit");
  review
      ->add_option("--received", review_args->date,
                   "受理日（YYYY-MM-DD または和暦）/ receipt date (ISO or 和暦)")
      ->required();
  AddFormatOption(review, &review_args->format, /*allow_csv=*/false);
  review->callback(
      [review_args, &options] { options.exit_code = RunReview(*review_args, options); });

  auto answer_args = std::make_shared<DeadlineArgs>();
  CLI::App* answer = deadline->add_subcommand(
      "answer", "勧告に対する応諾の通知期限 / deadline to answer a recommendation");
  answer
      ->add_option("--recommended", answer_args->date,
                   "勧告を受けた日（YYYY-MM-DD または和暦）/ date the recommendation was received")
      ->required();
  AddFormatOption(answer, &answer_args->format, /*allow_csv=*/false);
  answer->callback(
      [answer_args, &options] { options.exit_code = RunAnswer(*answer_args, options); });

  auto grace_args = std::make_shared<DeadlineArgs>();
  CLI::App* grace = deadline->add_subcommand(
      "grace",
      "省令改正で新たに対象となった設備等の適用猶予 / grace after an ordinance amendment "
      "(Art. 53(2), 53(3))");
  grace
      ->add_option("--effective", grace_args->date,
                   "改正省令の施行日（YYYY-MM-DD または和暦）/ the amendment's effective date")
      ->required();
  AddFormatOption(grace, &grace_args->format, /*allow_csv=*/false);
  grace->callback([grace_args, &options] { options.exit_code = RunGrace(*grace_args, options); });

  auto name_change_args = std::make_shared<DeadlineArgs>();
  CLI::App* name_change = deadline->add_subcommand(
      "name-change",
      "名称・住所の変更の届出期限 / last day to notify a change of name or address (Art. 50(3))");
  name_change
      ->add_option("--change-date", name_change_args->date,
                   "変更する日（YYYY-MM-DD または和暦）/ the day of the change (ISO or 和暦)")
      ->required();
  AddFormatOption(name_change, &name_change_args->format, /*allow_csv=*/false);
  name_change->callback([name_change_args, &options] {
    options.exit_code = RunNameChange(*name_change_args, options);
  });
}

}  // namespace kikan::cli
