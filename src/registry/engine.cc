#include "registry/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

namespace kikan::registry {
namespace {

std::string VersionList(const regime::Regime& regime, const base::BusinessId& business) {
  std::string out;
  for (const regime::Criteria* c : regime.CriteriaOf(business)) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({}–{})", c->version, c->effective_from.ToIso(),
                       c->effective_until ? c->effective_until->ToIso() : "");
  }
  return out;
}

// The fiscal year whose observations the criteria judge at `as_of`, or nullopt when the data has
// no yearly kind. Errors: kFailedPrecondition when the data holds no such year.
base::Result<std::optional<int>> JudgedFiscalYear(const Dataset& dataset, regime::Period period,
                                                  base::Date as_of, bool as_of_given,
                                                  std::vector<base::Text>* warnings) {
  std::vector<int> years = dataset.FiscalYears();
  if (years.empty()) return std::optional<int>();
  int current = FiscalYearOf(as_of.year(), as_of.month());
  if (period == regime::Period::kPreviousFiscalYear) {
    int wanted = current - 1;
    if (std::find(years.begin(), years.end(), wanted) == years.end()) {
      std::optional<int> latest;
      for (int y : years) {
        if (y < wanted) latest = y;
      }
      if (!as_of_given && latest) {
        warnings->push_back(
            {.ja = fmt::format(
                 "データセットに{}年度の実績がないため、最新の{}年度の実績で判定しています"
                 "（評価日を指定すればその年度で判定します）",
                 wanted, *latest),
             .en =
                 fmt::format("the dataset has no record of fiscal year {}: judging the latest one, "
                             "fiscal year {}, instead (give the evaluation date to judge its year)",
                             wanted, *latest)});
        return latest;
      }
      return base::FailedPrecondition(
          {.ja =
               fmt::format("この基準は{}の前年度（{}年度）の実績で判定しますが、データセット {} に"
                           "その年度の観測値がありません",
                           as_of.ToIso(), wanted, dataset.dir()),
           .en =
               fmt::format("the criteria judge the record of fiscal year {} (the year before {}), "
                           "but dataset {} has no observations for it",
                           wanted, as_of.ToIso(), dataset.dir())});
    }
    return std::optional<int>(wanted);
  }
  // A fiscal year that has not ended on the date judged is not that year's record: the latest
  // year that had ended (FY y ends on (y+1)-03-31, so y < the date's own fiscal year).
  std::optional<int> best;
  for (int y : years) {
    if (y < current) best = y;
  }
  if (!best) {
    return base::FailedPrecondition(
        {.ja = fmt::format("データセット {} に{}（{}年度）の時点で終了していた年度（{}年度以前）の"
                           "観測値がありません（終了していない年度は実績として使いません）",
                           dataset.dir(), as_of.ToIso(), current, current - 1),
         .en = fmt::format("dataset {} has no observations of a fiscal year that had ended by {} "
                           "(fiscal year {} or before; a year not yet ended is not its record)",
                           dataset.dir(), as_of.ToIso(), current - 1)});
  }
  return best;
}

bool InForceAt(const regime::Criteria& c, base::Date d) {
  return c.effective_from <= d && (!c.effective_until || d <= *c.effective_until);
}

std::vector<base::Text> WarningsFor(const regime::Criteria& c, base::Date as_of) {
  std::vector<base::Text> w;
  if (c.status == regime::CriteriaStatus::kProposed) {
    w.push_back(
        {.ja = fmt::format(
             "基準 {} は案（未施行）です。シミュレーションの結果であり、指定の根拠にはなりません",
             c.version),
         .en = fmt::format("criteria {} are proposed, not in force: this is a simulation, not a "
                           "basis for designation",
                           c.version)});
  }
  if (!InForceAt(c, as_of)) {
    std::string until = c.effective_until ? c.effective_until->ToIso() : "";
    w.push_back(
        {.ja = fmt::format("基準 {} の適用期間（{}〜{}）外の日付 {} で評価しています", c.version,
                           c.effective_from.ToIso(), until, as_of.ToIso()),
         .en = fmt::format("criteria {} are evaluated at {}, outside their effective period "
                           "({} to {})",
                           c.version, as_of.ToIso(), c.effective_from.ToIso(),
                           until.empty() ? "open" : until)});
  }
  return w;
}

bool IsNumeric(const rules::FieldDef& f) {
  return f.type.kind == rules::TypeKind::kInt || f.type.kind == rules::TypeKind::kDecimal;
}

base::Result<rules::FieldDef> NumericField(const rules::Schema& schema, std::string_view subject,
                                           std::string_view metric) {
  const rules::EntityKind* kind = schema.Find(subject);
  if (kind == nullptr) {
    return base::NotFound({.ja = fmt::format("エンティティ種別「{}」は宣言されていません", subject),
                           .en = fmt::format("entity kind \"{}\" is not declared", subject)});
  }
  std::string numeric;
  for (const auto& f : kind->fields) {
    if (!IsNumeric(f)) continue;
    if (f.name == metric) return f;
    if (!numeric.empty()) numeric += ", ";
    numeric += f.name;
  }
  return base::InvalidArgument(
      {.ja = fmt::format("「{}」は {} の数値項目ではありません（数値項目: {}）", metric, subject,
                         numeric),
       .en = fmt::format("\"{}\" is not a numeric field of {} (numeric fields: {})", metric,
                         subject, numeric)});
}

// The subject's fields the rule reads must hold values: a column with none is an error (the
// result would be silently empty); rows with some missing are counted in a warning, since what
// depends on a missing value is unknown (the row may be undetermined).
base::Status CheckInputs(Evaluation& ev) {
  const rules::Table& t = ev.subject();
  const std::string prefix = ev.business->subject + ".";
  for (const std::string& read : ev.rule->fields_read()) {
    if (read.rfind(prefix, 0) != 0) continue;
    const std::string field = read.substr(prefix.size());
    const rules::Column* col = t.Find(field);
    size_t missing = t.size();
    if (col != nullptr) {
      missing = 0;
      for (size_t r = 0; r < t.size(); ++r) {
        if (!col->IsValid(r)) ++missing;
      }
    }
    if (t.size() > 0 && missing == t.size()) {
      return base::FailedPrecondition(
          {.ja = fmt::format("この基準は {} を使いますが、データセットのどの行にも値がありません",
                             read),
           .en = fmt::format("the criteria read {}, but no row of the dataset has a value for it",
                             read)});
    }
    if (missing > 0) {
      ev.warnings.push_back(
          {.ja =
               fmt::format("{} 者は {} の値が欠けており、その項目を使う条件は不明（判定不能）として"
                           "扱います",
                           missing, read),
           .en = fmt::format("{} operators have no value for {}: conditions on it are unknown "
                             "(undetermined unless the rest decides)",
                             missing, read)});
    }
  }
  return base::Status::Ok();
}

// Adds `v` to `*sum`. Errors: kOutOfRange when the sum leaves int64.
base::Status AddChecked(int64_t* sum, int64_t v, std::string_view metric) {
  if (__builtin_add_overflow(*sum, v, sum)) {
    return base::OutOfRange(
        {.ja = fmt::format("{} の合計が大きすぎて正確に計算できません", metric),
         .en = fmt::format("the total of {} is too large to add up exactly", metric)});
  }
  return base::Status::Ok();
}

base::Status RequirePositiveTotal(int64_t total, std::string_view metric) {
  if (total > 0) return base::Status::Ok();
  return base::FailedPrecondition(
      {.ja = fmt::format("母集団の {} の合計が {} のため、シェアを計算できません", metric, total),
       .en = fmt::format("the population's total of {} is {}: no share can be computed", metric,
                         total)});
}

}  // namespace

base::Result<rules::Population> SnapshotAt(const Dataset& dataset, base::Date as_of,
                                           bool as_of_given, std::optional<int>* fiscal_year,
                                           std::vector<base::Text>* warnings) {
  KIKAN_ASSIGN_OR_RETURN(
      *fiscal_year, JudgedFiscalYear(dataset, regime::Period::kAsOf, as_of, as_of_given, warnings));
  return dataset.Snapshot(*fiscal_year);
}

const rules::Table& Evaluation::subject() const { return *population.Find(business->subject); }

size_t Evaluation::designated_count() const {
  return static_cast<size_t>(std::count(designated.begin(), designated.end(), 1));
}

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kDesignated:
      return "designated";
    case Verdict::kNotDesignated:
      return "not_designated";
    case Verdict::kUndetermined:
      return "undetermined";
  }
  return "undetermined";
}

Verdict Evaluation::VerdictAt(size_t row) const {
  if (!determined.empty() && determined[row] == 0) return Verdict::kUndetermined;
  return designated[row] != 0 ? Verdict::kDesignated : Verdict::kNotDesignated;
}

Tally Evaluation::tally() const {
  Tally t;
  t.designated = designated_count();
  t.undetermined = determined.empty()
                       ? 0
                       : static_cast<size_t>(std::count(determined.begin(), determined.end(), 0));
  t.not_designated = designated.size() - t.designated - t.undetermined;
  return t;
}

std::vector<std::string> Evaluation::MissingInputs(const rules::Explanation& explanation) {
  return explanation.MissingInputs();
}

base::Result<rules::Explanation> Evaluation::Explain(size_t row) const {
  return rule->Explain(population, row);
}

base::Result<std::vector<rules::Explanation>> Evaluation::ExplainRows(
    const std::vector<size_t>& rows) const {
  return rule->ExplainRows(population, rows);
}

base::Result<size_t> Evaluation::RowOf(std::string_view id) const {
  if (auto row = subject().RowOf(id)) return *row;
  return base::NotFound(
      {.ja = fmt::format("{} の母集団に ID「{}」の事業者はありません", business->name.ja, id),
       .en = fmt::format("no operator with id \"{}\" in the population of {}", id, business->id)});
}

base::Result<Evaluation> Evaluate(const regime::Regime& regime, const Dataset& dataset,
                                  const EvaluationRequest& request) {
  Evaluation ev;
  ev.business = regime.FindBusiness(request.business, &ev.pack);
  if (ev.business == nullptr) {
    std::string known;
    for (const auto& p : regime.packs()) {
      for (const auto& b : p.businesses) known += (known.empty() ? "" : ", ") + b.id.value();
    }
    return base::NotFound(
        {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません（定義済み: {}）",
                           request.business, known),
         .en = fmt::format("unknown business \"{}\" (known: {})", request.business, known)});
  }
  ev.as_of = request.as_of;
  if (request.criteria_version) {
    KIKAN_ASSIGN_OR_RETURN(ev.criteria,
                           regime.FindCriteria(request.business, *request.criteria_version));
    ev.warnings = WarningsFor(*ev.criteria, ev.as_of);
  } else {
    KIKAN_ASSIGN_OR_RETURN(ev.criteria, regime.CriteriaAt(request.business, request.as_of));
  }
  if (request.rule) {
    KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule compiled,
                           CompileRuleFor(regime, *ev.criteria, *request.rule, nullptr));
    ev.edited_rule = std::make_shared<const rules::CompiledRule>(std::move(compiled));
    ev.rule = ev.edited_rule.get();
  } else if (ev.criteria->compiled) {
    ev.rule = &*ev.criteria->compiled;
  }
  if (ev.rule == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format(
             "{} の基準 {} はコンパイルできません。`kikan regime check` で確認してください",
             request.business, ev.criteria->version),
         .en = fmt::format("criteria {} of {} did not compile; run `kikan regime check`",
                           ev.criteria->version, request.business)});
  }
  KIKAN_ASSIGN_OR_RETURN(ev.fiscal_year,
                         JudgedFiscalYear(dataset, ev.criteria->period, request.as_of,
                                          request.as_of_given, &ev.warnings));
  // A column the rule reads must be in the data: a CSV without it would leave every row
  // undetermined, silently. Refused with the file and the business named.
  for (const std::string& read : ev.rule->fields_read()) {
    const size_t dot = read.find('.');
    if (dot == std::string::npos) continue;
    if (auto file = dataset.FileOfColumn(read.substr(0, dot), read.substr(dot + 1))) {
      return base::FailedPrecondition(
          {.ja = fmt::format("{}:1:1: 列「{}」がありません（{} の基準 {} が読む項目 {}）", *file,
                             read.substr(dot + 1), ev.business->id, ev.criteria->version, read),
           .en = fmt::format("{}:1:1: no column \"{}\" (criteria {} of {} read {})", *file,
                             read.substr(dot + 1), ev.criteria->version, ev.business->id, read)});
    }
  }
  KIKAN_ASSIGN_OR_RETURN(ev.population, dataset.Snapshot(ev.fiscal_year));
  KIKAN_TRY(dataset.AddYearColumns(ev.fiscal_year, ev.rule->year_columns_read(), &ev.population));
  if (ev.population.Find(ev.business->subject) == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format("データセット {} に {}（{} の評価対象）の表がありません", dataset.dir(),
                           ev.business->subject, ev.business->name.ja),
         .en = fmt::format("dataset {} has no {} table (the subject of {})", dataset.dir(),
                           ev.business->subject, ev.business->id)});
  }
  KIKAN_TRY(CheckInputs(ev));
  KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule::Verdicts verdicts,
                         ev.rule->EvaluateVerdicts(ev.population));
  ev.designated = std::move(verdicts.holds);
  ev.determined = std::move(verdicts.known);
  return ev;
}

base::Result<CriteriaDiff> Diff(const regime::Regime& regime, const Dataset& dataset,
                                const base::BusinessId& business, std::optional<std::string> from,
                                std::optional<std::string> to, std::optional<base::Date> as_of) {
  std::vector<const regime::Criteria*> versions = regime.CriteriaOf(business);
  if (regime.FindBusiness(business) == nullptr) {
    return base::NotFound(
        {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません", business),
         .en = fmt::format("unknown business \"{}\"", business)});
  }
  if ((!from || !to) && versions.size() < 2) {
    return base::FailedPrecondition(
        {.ja =
             fmt::format("{} の基準は {} 版しかありません（{}）。比較する2つの版を指定してください",
                         business, versions.size(), VersionList(regime, business)),
         .en = fmt::format("{} has {} criteria version(s) ({}); name the two versions to compare",
                           business, versions.size(), VersionList(regime, business))});
  }
  if (!to) to = versions.back()->version;
  if (!from) {
    // The version before `to` (by effective_from).
    for (size_t i = 1; i < versions.size(); ++i) {
      if (versions[i]->version == *to) from = versions[i - 1]->version;
    }
    if (!from) {
      return base::FailedPrecondition(
          {.ja = fmt::format("{} の基準 {} より前の版がありません。比較元の版を指定してください"
                             "（存在する版: {}）",
                             business, *to, VersionList(regime, business)),
           .en = fmt::format(
               "criteria {} of {} have no earlier version to compare with; name the version "
               "to compare from (versions: {})",
               *to, business, VersionList(regime, business))});
    }
  }
  CriteriaDiff diff;
  KIKAN_ASSIGN_OR_RETURN(diff.from, regime.FindCriteria(business, *from));
  KIKAN_ASSIGN_OR_RETURN(diff.to, regime.FindCriteria(business, *to));
  diff.as_of = as_of.value_or(diff.to->effective_from);
  KIKAN_ASSIGN_OR_RETURN(auto before,
                         Evaluate(regime, dataset, {business, *from, diff.as_of, true}));
  KIKAN_ASSIGN_OR_RETURN(auto after, Evaluate(regime, dataset, {business, *to, diff.as_of, true}));
  // Judging both versions on the same date is the point of a diff, so a version's period is
  // worth a warning only when the user chose the date and it is outside both.
  const bool outside_both = as_of && !diff.from->Covers(diff.as_of) && !diff.to->Covers(diff.as_of);
  for (const regime::Criteria* c : {diff.from, diff.to}) {
    for (auto& w : WarningsFor(*c, outside_both ? diff.as_of : c->effective_from)) {
      diff.warnings.push_back(std::move(w));
    }
  }
  diff.from_fiscal_year = before.fiscal_year;
  diff.to_fiscal_year = after.fiscal_year;
  const rules::Table& bt = before.subject();
  const rules::Table& at = after.subject();
  RowDiff rows = Diff(before, after);
  for (size_t r : rows.entered) diff.entered.push_back({at.ids[r], at.names[r]});
  for (size_t r : rows.left) diff.left.push_back({bt.ids[r], bt.names[r]});
  for (size_t r : rows.stayed) diff.stayed.push_back({at.ids[r], at.names[r]});
  for (size_t r = 0; r < at.size(); ++r) {
    if (after.VerdictAt(r) == Verdict::kUndetermined) {
      diff.undetermined.push_back({at.ids[r], at.names[r]});
    }
  }
  diff.from_tally = before.tally();
  diff.to_tally = after.tally();
  return diff;
}

RowDiff DiffRows(std::span<const std::string> from_ids, std::span<const uint8_t> from_in,
                 std::span<const std::string> to_ids, std::span<const uint8_t> to_in) {
  KIKAN_CHECK(from_ids.size() == from_in.size() && to_ids.size() == to_in.size());
  std::unordered_set<std::string_view> was;
  for (size_t r = 0; r < from_ids.size(); ++r) {
    if (from_in[r]) was.insert(from_ids[r]);
  }
  std::unordered_set<std::string_view> is;
  RowDiff d;
  for (size_t r = 0; r < to_ids.size(); ++r) {
    if (!to_in[r]) continue;
    is.insert(to_ids[r]);
    (was.count(to_ids[r]) ? d.stayed : d.entered).push_back(r);
  }
  for (size_t r = 0; r < from_ids.size(); ++r) {
    if (from_in[r] && !is.count(from_ids[r])) d.left.push_back(r);
  }
  return d;
}

RowDiff Diff(const Evaluation& from, const Evaluation& to) {
  return DiffRows(from.subject().ids, from.designated, to.subject().ids, to.designated);
}

base::Result<Coverage> CoverageOf(const Evaluation& evaluation, std::string_view metric) {
  Coverage cov;
  cov.metric = std::string(metric);
  KIKAN_ASSIGN_OR_RETURN(
      cov.field, NumericField(evaluation.pack->schema, evaluation.business->subject, metric));
  const rules::Table& t = evaluation.subject();
  const rules::Column* col = t.Find(metric);
  if (col == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format("データに {} の項目 {} がありません", t.kind, metric),
         .en = fmt::format("the dataset has no column {} for {}", metric, t.kind)});
  }
  cov.population = t.size();
  for (size_t r = 0; r < t.size(); ++r) {
    int64_t v = col->IsValid(r) ? col->i64[r] : 0;
    KIKAN_TRY(AddChecked(&cov.share.whole, v, metric));
    if (evaluation.designated[r]) {
      KIKAN_TRY(AddChecked(&cov.share.part, v, metric));
      ++cov.designated;
    }
  }
  KIKAN_TRY(RequirePositiveTotal(cov.share.whole, metric));
  return cov;
}

base::Result<ResolvedCalibrationScope> ResolveCalibrationScope(
    const Manifest& manifest, const rules::Schema& schema, std::string_view kind,
    std::string_view field, std::string group_by, bool national_total) {
  ResolvedCalibrationScope out;
  out.scope.group_by = std::move(group_by);
  const rules::EntityKind* entity = schema.Find(kind);
  if (entity != nullptr) {
    for (const rules::FieldDef& f : entity->fields) {
      if (f.type.kind == rules::TypeKind::kRef) out.group_options.push_back(f.name);
    }
  }
  if (!national_total) return out;
  out.national = manifest.FindTotal(fmt::format("{}.{}", kind, field));
  if (out.national == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format("データセット {} は {}.{} の全国計を宣言していません（dataset.toml の "
                           "[[totals]]）",
                           manifest.name, kind, field),
         .en = fmt::format("dataset {} declares no national total of {}.{} ([[totals]] in "
                           "dataset.toml)",
                           manifest.name, kind, field)});
  }
  // The manifest gives the total unscaled; a decimal column holds its values scaled.
  const rules::FieldDef* def = entity != nullptr ? entity->Find(field) : nullptr;
  const bool decimal = def != nullptr && def->type.kind == rules::TypeKind::kDecimal;
  out.scope.total = out.national->value * (decimal ? rules::kDecimalScale : 1);
  return out;
}

base::Result<Calibration> Calibrate(const rules::Population& population,
                                    const rules::Schema& schema, std::string_view subject,
                                    std::string_view metric, double target,
                                    const CalibrationScope& scope) {
  if (!(target > 0 && target <= 1)) {
    return base::InvalidArgument(
        {.ja = fmt::format("カバー率 {} は 0 より大きく 1 以下で指定してください（30% なら 0.30）",
                           target),
         .en = fmt::format("coverage {} is outside (0, 1]; write 0.30 for 30%", target)});
  }
  Calibration cal;
  cal.metric = std::string(metric);
  cal.target = target;
  KIKAN_ASSIGN_OR_RETURN(cal.field, NumericField(schema, subject, metric));
  const rules::Table* t = population.Find(subject);
  const rules::Column* col = t ? t->Find(metric) : nullptr;
  if (col == nullptr) {
    return base::FailedPrecondition(
        {.ja = fmt::format("データに {} の項目 {} がありません", subject, metric),
         .en = fmt::format("the dataset has no column {} for {}", metric, subject)});
  }
  const rules::Column* group = nullptr;
  if (!scope.group_by.empty()) {
    group = t->Find(scope.group_by);
    const rules::EntityKind* kind = schema.Find(subject);
    const rules::FieldDef* def = kind != nullptr ? kind->Find(scope.group_by) : nullptr;
    if (def == nullptr || def->type.kind != rules::TypeKind::kRef || group == nullptr) {
      return base::InvalidArgument(
          {.ja = fmt::format("{} は {} の参照項目（ref）ではないので、それでまとめられません",
                             scope.group_by, subject),
           .en = fmt::format("{} is not a reference (ref) field of {}; cannot group by it",
                             scope.group_by, subject)});
    }
  }
  std::vector<int64_t> values;
  values.reserve(t->size());
  std::map<int32_t, size_t> unit_of;  // referenced row → its index in `values`
  int64_t total = 0;
  for (size_t r = 0; r < t->size(); ++r) {
    int64_t v = col->IsValid(r) ? col->i64[r] : 0;
    KIKAN_TRY(AddChecked(&total, v, metric));
    if (group != nullptr && group->IsValid(r) && r < group->ref.size() && group->ref[r] >= 0) {
      auto [it, fresh] = unit_of.try_emplace(group->ref[r], values.size());
      if (fresh) {
        values.push_back(v);
      } else {
        KIKAN_TRY(AddChecked(&values[it->second], v, metric));
      }
      continue;
    }
    values.push_back(v);
  }
  if (scope.total) {
    if (*scope.total < total) {
      return base::FailedPrecondition(
          {.ja = fmt::format("{} の合計 {} が、比べる全体の値 {} より大きくなっています（全体の値の"
                             "年や範囲がデータと合っていません）",
                             metric, total, *scope.total),
           .en = fmt::format("the rows' {} sum to {}, more than the total {} to compare with (the "
                             "total's year or scope does not fit the data)",
                             metric, total, *scope.total)});
    }
    total = *scope.total;
  }
  KIKAN_TRY(RequirePositiveTotal(total, metric));
  std::sort(values.begin(), values.end(), std::greater<>());
  int64_t running = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    running += values[i];
    // One point per distinct value: after the last row holding it.
    if (i + 1 < values.size() && values[i + 1] == values[i]) continue;
    CurvePoint p{values[i], i + 1, {running, total}};
    cal.curve.push_back(p);
    // Covered when running/total >= target, compared without rounding the ratio away.
    if (!cal.chosen && static_cast<long double>(running) >=
                           static_cast<long double>(target) * static_cast<long double>(total)) {
      cal.chosen = p;
    }
  }
  return cal;
}

std::vector<FigureRows> FiguresRead(const Evaluation& evaluation, const Manifest& manifest) {
  std::vector<FigureRows> out;
  if (evaluation.rule == nullptr) return out;
  const std::vector<std::string>& read = evaluation.rule->fields_read();
  auto field_of = [](const std::string& path) {
    const size_t dot = path.find('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
  };
  for (const Figure& figure : manifest.figures) {
    if (std::find(read.begin(), read.end(), figure.field) == read.end()) continue;
    const std::string kind = figure.field.substr(0, figure.field.find('.'));
    const rules::Table* table = evaluation.population.Find(kind);
    const rules::EntityKind* entity = evaluation.pack->schema.Find(kind);
    const rules::FieldDef* def = entity != nullptr ? entity->Find(field_of(figure.field)) : nullptr;
    const rules::Column* value = table != nullptr ? table->Find(field_of(figure.field)) : nullptr;
    if (def == nullptr || value == nullptr) continue;
    const rules::Column* year = figure.year.empty() ? nullptr : table->Find(field_of(figure.year));
    FigureRows rows{figure.field, *def, {}};
    for (size_t r = 0; r < table->size(); ++r) {
      FigureRow row{table->ids[r], table->names[r], std::nullopt, std::nullopt, ""};
      if (value->IsValid(r) && r < value->i64.size()) row.value = value->i64[r];
      if (year != nullptr && year->IsValid(r) && r < year->i64.size()) row.year = year->i64[r];
      if (!figure.basis.empty()) row.basis = table->TextAt(field_of(figure.basis), r);
      rows.rows.push_back(std::move(row));
    }
    out.push_back(std::move(rows));
  }
  return out;
}

base::Result<std::vector<std::vector<Site>>> SitesOf(const Evaluation& evaluation) {
  const rules::Table& subject = evaluation.subject();
  std::vector<std::vector<Site>> out(subject.size());
  if (!evaluation.business->sites) return out;
  const regime::SitesSpec& spec = *evaluation.business->sites;
  const rules::Column* via = subject.Find(spec.via);
  auto misfit = [&](std::string_view what) {
    return base::InvalidArgument(
        {.ja = fmt::format("{} の sites がデータに合いません: {}", evaluation.business->id, what),
         .en = fmt::format("the sites of {} do not fit the data: {}", evaluation.business->id,
                           what)});
  };
  if (via == nullptr) return misfit(spec.via);
  const rules::Table* targets = evaluation.population.Find(via->type.target);
  if (targets == nullptr) return misfit(via->type.target);
  const rules::Column* site = targets->Find(spec.site);
  if (site == nullptr || site->type.kind != rules::TypeKind::kRef) return misfit(spec.site);
  const rules::Table* sites = evaluation.population.Find(site->type.target);
  if (sites == nullptr) return misfit(site->type.target);
  const rules::Column* group = spec.group.empty() ? nullptr : sites->Find(spec.group);
  const rules::Table* groups = group ? evaluation.population.Find(group->type.target) : nullptr;
  rules::CompileOptions options;
  options.schema = &evaluation.pack->schema;
  options.subject = via->type.target;
  options.params = evaluation.criteria->params;
  KIKAN_ASSIGN_OR_RETURN(rules::CompiledRule where, rules::Compile(spec.where, options));
  KIKAN_ASSIGN_OR_RETURN(std::vector<uint8_t> ok, where.EvaluateAll(evaluation.population));
  for (size_t r = 0; r < subject.size(); ++r) {
    if (!via->IsValid(r)) continue;
    std::vector<int32_t> rows;
    if (via->type.kind == rules::TypeKind::kRefs) {
      for (uint32_t k = via->refs_offsets[r]; k < via->refs_offsets[r + 1]; ++k) {
        rows.push_back(via->refs_targets[k]);
      }
    } else {
      rows.push_back(via->ref[r]);
    }
    for (int32_t target_row : rows) {
      if (target_row < 0) continue;  // kNoRow
      const auto t = static_cast<size_t>(target_row);
      if (t >= targets->size() || !ok[t] || !site->IsValid(t)) continue;
      const int32_t site_row = site->ref[t];
      if (site_row < 0) continue;
      const auto s = static_cast<size_t>(site_row);
      if (s >= sites->size()) continue;
      const std::string& id = sites->ids[s];
      if (std::any_of(out[r].begin(), out[r].end(), [&](const Site& x) { return x.id == id; })) {
        continue;
      }
      Site entry{id, sites->names[s], "", ""};
      if (group != nullptr && groups != nullptr && group->IsValid(s)) {
        const int32_t group_row = group->ref[s];
        if (group_row >= 0 && static_cast<size_t>(group_row) < groups->size()) {
          const auto g = static_cast<size_t>(group_row);
          entry.group_id = groups->ids[g];
          entry.group_name = groups->names[g];
        }
      }
      out[r].push_back(std::move(entry));
    }
  }
  return out;
}

base::Result<rules::CompiledRule> CompileRuleFor(const regime::Regime& regime,
                                                 const regime::Criteria& criteria,
                                                 std::string_view source,
                                                 std::vector<rules::Diagnostic>* diagnostics) {
  const regime::Pack* pack = nullptr;
  const regime::Business* business = regime.FindBusiness(criteria.business, &pack);
  if (business == nullptr) {
    return base::NotFound(
        {.ja = fmt::format("特定社会基盤事業「{}」は定義されていません", criteria.business),
         .en = fmt::format("unknown business \"{}\"", criteria.business)});
  }
  rules::CompileOptions options;
  options.schema = &pack->schema;
  options.subject = business->subject;
  options.params = criteria.params;
  options.citation = criteria.citation;
  return rules::Compile(source, options, diagnostics);
}

base::Result<std::string> FindDatasetDir(const std::string& datasets_root,
                                         const base::BusinessId& business) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(datasets_root, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "dataset.toml")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    auto manifest = ReadManifest(dir.string());
    if (!manifest) continue;  // reported properly when the dataset itself is loaded
    const auto& b = manifest->businesses;
    if (std::find(b.begin(), b.end(), business) != b.end()) return dir.string();
  }
  return base::NotFound(
      {.ja = fmt::format(
           "{} "
           "の下に事業「{}」のデータセットがありません。データセットのフォルダを指定してください",
           datasets_root, business),
       .en = fmt::format(
           "no dataset under {} lists business \"{}\" in its manifest; name the dataset folder",
           datasets_root, business)});
}

}  // namespace kikan::registry
