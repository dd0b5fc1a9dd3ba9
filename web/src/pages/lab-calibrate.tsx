// Calibrating a threshold: for a numeric field, the share of its total held by those at or
// above each threshold (the coverage curve), and the highest threshold reaching the target
// (POST /api/v1/lab/calibrate). The fields offered are the numeric ones the business's rules read,
// as the server's checker reports them (GET /api/v1/regime, POST /api/v1/lab/check).
import { post } from "../api";
import { number, percent } from "../format";
import { t, tx } from "../i18n";
import { useRequest } from "../request";
import { setParams } from "../router";
import type { CalibrateAnswer, CalibrateRequest, FieldRef } from "../types";
import { Loading, ProblemBox, SyntheticBanner } from "../ui";
import { amount, CoverageChart } from "./lab-charts";

// The numeric fields among `fields`, named as calibrate takes them: a field of the subject kind
// by its name ("vehicles"), another kind's as "kind.field" ("harbour.annual_teu").
export function metricsOf(fields: FieldRef[], subject: string): string[] {
  const out: string[] = [];
  for (const f of fields) {
    if (f.type !== "int" && f.type !== "decimal") continue;
    const name = f.kind === subject ? f.field : `${f.kind}.${f.field}`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export function CalibratePanel(props: {
  business: string;
  dataset: string;
  asOf: string | null; // null: the server's today
  metric: string;
  candidates: string[];
  target: number;
  by: string; // "" : each row is a unit
  nationalTotal: boolean;
}) {
  const { business, dataset, asOf, metric, candidates, target, by, nationalTotal } = props;
  const calKey = metric ? JSON.stringify([business, dataset, asOf, metric, target, by, nationalTotal]) : null;
  const cal = useRequest(
    calKey,
    () =>
      post<CalibrateAnswer>("/api/v1/lab/calibrate", {
        business,
        dataset,
        ...(asOf ? { as_of: asOf } : {}),
        metric,
        coverage: target,
        ...(by ? { by } : {}),
        ...(nationalTotal ? { national_total: true } : {}),
      } satisfies CalibrateRequest),
    { delay: 250 },
  );
  return (
    <section class="card" aria-labelledby="lab-calibrate">
      <h2 id="lab-calibrate">{t("閾値の較正（カバー率曲線）", "Calibrating a threshold (coverage curve)")}</h2>
      <p class="small muted">
        {t(
          "項目の値が閾値以上の者で、項目の合計のどれだけを占めるか。目標のカバー率に届く最も高い閾値を選びます。",
          "The share of the field's total held by those whose value is at or above a threshold; the highest threshold that reaches the target coverage is chosen.",
        )}
      </p>
      <div class="row">
        <label>
          {t("項目", "Field")}
          <select
            name="calibrate-metric"
            value={candidates.includes(metric) ? metric : ""}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              if (v) setParams({ metric: v });
            }}
          >
            {!candidates.includes(metric) && <option value="">{metric || t("（入力してください）", "(type one)")}</option>}
            {candidates.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("項目名を入力（kind.field も可）", "Or type a field (kind.field too)")}
          <input
            type="text"
            class="code"
            value={metric}
            spellcheck={false}
            autocomplete="off"
            onChange={(e) => setParams({ metric: (e.currentTarget as HTMLInputElement).value.trim() || undefined })}
            aria-invalid={cal.error?.problem.errors?.some((x) => x.pointer === "/metric") ? "true" : undefined}
          />
        </label>
        <label>
          {t("目標カバー率 (%)", "Target coverage (%)")}
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={Math.round(target * 1000) / 10}
            onChange={(e) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              if (v > 0 && v <= 100) setParams({ coverage: String(v / 100) });
            }}
          />
        </label>
      </div>
      <div class="row">
        <label>
          {t("数える単位", "Count by")}
          <select
            name="calibrate-by"
            value={by}
            onChange={(e) => setParams({ by: (e.currentTarget as HTMLSelectElement).value || undefined })}
            aria-invalid={cal.error?.problem.errors?.some((x) => x.pointer === "/by") ? "true" : undefined}
          >
            <option value="">{t("1行を1単位", "each row")}</option>
            {[...new Set([...(cal.answer?.group_options ?? []), ...(by ? [by] : [])])].map((g) => (
              <option key={g} value={g}>
                {t(`${g} ごとに合算`, `summed by ${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <span>
            <input
              type="checkbox"
              name="calibrate-national"
              checked={nationalTotal}
              disabled={!nationalTotal && cal.answer !== undefined && cal.answer !== null && !cal.answer.national_total_available}
              onChange={(e) => setParams({ national: (e.currentTarget as HTMLInputElement).checked ? "1" : undefined })}
            />{" "}
            {t("全国計に対するカバー率", "Coverage of the national total")}
          </span>
        </label>
      </div>
      {cal.error && cal.key === calKey && <ProblemBox error={cal.error} />}
      {cal.answer && !(cal.error && cal.key === calKey) ? (
        <div class={cal.loading ? "lab-stale" : undefined}>
          {cal.answer.synthetic_data && <SyntheticBanner />}
          <p class="small">
            {tx(cal.answer.label)} <code class="small">{cal.answer.metric}</code>
            {cal.answer.fiscal_year !== null && <span class="muted"> — {t(`${cal.answer.fiscal_year}年度`, `fiscal year ${cal.answer.fiscal_year}`)}</span>}
          </p>
          {cal.answer.total && (
            <p class="small" data-testid="national-total">
              {t("全国計", "National total")}: {number(cal.answer.total.value)}（{cal.answer.total.year}
              {t("年、", ", ")}
              {tx(cal.answer.total.basis_label)}）{t("出典: ", "source: ")}
              {cal.answer.total.source.url ? <a href={cal.answer.total.source.url}>{cal.answer.total.source.text}</a> : cal.answer.total.source.text}
            </p>
          )}
          <p data-testid="chosen-threshold">
            {cal.answer.chosen ? (
              <>
                {t("選ばれた閾値", "Chosen threshold")}: <strong>{amount(cal.answer.chosen.threshold)}</strong>{" "}
                {t(
                  `（${number(cal.answer.chosen.count)} 者、カバー率 ${percent(cal.answer.chosen.share)}）`,
                  `(${number(cal.answer.chosen.count)} meeting it, coverage ${percent(cal.answer.chosen.share)})`,
                )}
              </>
            ) : (
              t("目標に届く閾値はありません。", "No threshold reaches the target.")
            )}
          </p>
          {cal.answer.warnings && cal.answer.warnings.length > 0 && (
            <ul class="lab-warnings">
              {cal.answer.warnings.map((w, i) => (
                <li key={i}>{tx(w)}</li>
              ))}
            </ul>
          )}
          <CoverageChart
            curve={cal.answer.curve}
            chosen={cal.answer.chosen}
            target={cal.answer.target}
            label={tx(cal.answer.label) || cal.answer.metric}
          />
        </div>
      ) : cal.loading ? (
        <Loading />
      ) : !metric ? (
        <p class="small muted">{t("項目を選んでください。", "Choose a field.")}</p>
      ) : null}
    </section>
  );
}
