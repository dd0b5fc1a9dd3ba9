// 基準シミュレータ (criteria lab): try a business's designation criteria — a version of the pack,
// or an edited rule — over a dataset at a date; see who is designated, who enters and who leaves
// against another version, the share of the metric they cover, the coverage curve of a
// calibrated threshold, the designees on a map of Japan, and why any one operator is or is not
// designated. Every choice is kept in the URL query, so a link reproduces the view.
// Server side: /api/v1/lab/… (src/api/lab_api.cc); what is in force at the date and which fields
// a rule reads are the server's answers (GET /api/v1/regime?as_of=, POST /api/v1/lab/check).
//
// The parts: lab-url.ts (the choices in the URL), lab-choices.tsx, lab-rule.tsx (the rule, its
// edit and checking), lab-results.tsx (the evaluation's panels and the explanation),
// lab-calibrate.tsx (the coverage curve), lab-charts.tsx, lab-editor.tsx, lab-explain.tsx.
import { useRef, useState } from "preact/hooks";
import { get, post, query } from "../api";
import { bothDates } from "../format";
import { t } from "../i18n";
import { asApiError, useRequest } from "../request";
import { setParams } from "../router";
import type { DatasetsAnswer, Diagnostic, EvaluateAnswer, EvaluateRequest, ExplainAnswer, ExplainRequest, LabDataset, Member, RegimeAnswer } from "../types";
import { Loading, ProblemBox, useLoad } from "../ui";
import { CalibratePanel, metricsOf } from "./lab-calibrate";
import { ChoicesPanel } from "./lab-choices";
import { ExplainPanel, ResultPanels } from "./lab-results";
import { RulePanel, useRule } from "./lab-rule";
import { ISO_DATE, readChoices } from "./lab-url";
import "./lab.css";

export default function LabPage({ params }: { path: string; params: URLSearchParams }) {
  // The regime at the date judged (which version is in force then is the server's answer); the
  // previous answer stays on screen while another date's loads.
  const asOf = params.get("as_of") ?? "";
  const regime = useRequest(`regime ${asOf}`, () =>
    get<RegimeAnswer>("/api/v1/regime" + query({ as_of: ISO_DATE.test(asOf) ? asOf : undefined })),
  );
  const datasets = useLoad(() => get<DatasetsAnswer>("/api/v1/lab/datasets"), []);
  return (
    <>
      <h1>{t("基準シミュレータ", "Criteria lab")}</h1>
      <p class="muted">
        {t(
          "指定基準の各版、または編集したルールを、データセットの母集団に当てはめて試算します。結果は試算であり、指定そのものではありません。",
          "Try each version of the designation criteria — or a rule you edit — on a dataset's population. The results are a simulation, not designations.",
        )}
      </p>
      {regime.error || datasets.error ? (
        <ProblemBox error={regime.error ?? datasets.error} />
      ) : !regime.answer || !datasets.data ? (
        <Loading />
      ) : (
        <Lab regime={regime.answer} settled={!regime.loading} datasets={datasets.data.datasets} params={params} />
      )}
    </>
  );
}

interface Evaluated {
  req: EvaluateRequest; // as sent (without a metric the server could not use)
  answer: EvaluateAnswer;
  notes: string[]; // the page's own warnings (e.g. a metric the evaluation could not use)
}

// Evaluates; a coverage field the server refuses (at /metric) is dropped and noted, not fatal.
async function evaluate(req: EvaluateRequest): Promise<Evaluated> {
  try {
    return { req, answer: await post<EvaluateAnswer>("/api/v1/lab/evaluate", req), notes: [] };
  } catch (e) {
    const err = asApiError(e);
    const metricError = err.status === 422 || err.status === 400 ? err.problem.errors?.find((x) => x.pointer === "/metric") : undefined;
    if (!metricError || !req.metric) throw e;
    const { metric: _dropped, ...rest } = req;
    void _dropped;
    return { req: rest, answer: await post<EvaluateAnswer>("/api/v1/lab/evaluate", rest), notes: [`${req.metric}: ${metricError.detail}`] };
  }
}

// Rule errors of an evaluation (422 at /rule), placed like the checker's.
function ruleDiagnostics(error: ReturnType<typeof asApiError>): Diagnostic[] {
  if (error.problem.diagnostics?.length) return error.problem.diagnostics;
  return (error.problem.errors ?? [])
    .filter((e) => e.pointer === "/rule" && e.line)
    .map((e) => ({
      line: e.line!,
      column: e.column ?? 1,
      end_line: e.line!,
      end_column: (e.column ?? 1) + 1,
      length: 1,
      message: { ja: e.detail, en: e.detail },
    }));
}

// `settled`: the regime is the one at the date asked for (not the previous date's, still shown
// while it loads); nothing is evaluated before.
function Lab(props: { regime: RegimeAnswer; settled: boolean; datasets: LabDataset[]; params: URLSearchParams }) {
  const { regime, datasets, params } = props;
  const choices = readChoices(params, regime.packs, datasets, regime.as_of);
  const { business, dataset, asOf, asOfGiven, versions, base, compare } = choices;
  const rule = useRule(business?.id, base);

  // --- evaluation ---
  const evalReq: EvaluateRequest | null =
    props.settled && business && base && dataset
      ? {
          business: business.id,
          dataset: dataset.id,
          ...(asOfGiven ? { as_of: asOf } : {}), // absent: today, on the latest data when today's year is not in it
          criteria: base.version,
          ...(rule.runEdited ? { rule: rule.runRule } : {}),
          compare: compare ? compare.version : null,
          ...(choices.metric && !choices.metric.includes(".") ? { metric: choices.metric } : {}),
        }
      : null;
  const reqKey = evalReq ? JSON.stringify([evalReq, rule.tick]) : null;
  const ev = useRequest(reqKey, () => evaluate(evalReq!), { delay: 150, keepError: true });
  const answer = ev.answer?.answer ?? null;
  const evalRule = ev.error ? (JSON.parse(ev.key!)[0] as EvaluateRequest).rule : undefined;
  const evalRuleDiagnostics = ev.error && ev.error.status === 422 && evalRule === rule.rule ? ruleDiagnostics(ev.error) : [];
  const checkDiagnostics = rule.edited && rule.checkIsCurrent && rule.check.answer ? rule.check.answer.diagnostics : [];
  const diagnostics = checkDiagnostics.length ? checkDiagnostics : rule.edited ? evalRuleDiagnostics : [];
  const evalOtherError = ev.error && !(evalRuleDiagnostics.length && ev.error.status === 422) ? ev.error : null;

  // --- explanation of one operator, in the context of the evaluation shown ---
  const [explainOp, setExplainOp] = useState<Member | null>(null);
  const explainRef = useRef<HTMLElement>(null);
  const shown = ev.answer?.req;
  const explainKey = explainOp && shown ? JSON.stringify([explainOp.id, shown]) : null;
  const explain = useRequest(explainKey, () => {
    const { business, dataset, as_of, criteria, rule } = shown!;
    const req: ExplainRequest = { business, dataset, as_of, criteria, rule, operator: explainOp!.id };
    return post<ExplainAnswer>("/api/v1/lab/explain", req);
  });
  const openExplain = (m: Member) => {
    setExplainOp(m);
    requestAnimationFrame(() => {
      const el = explainRef.current;
      if (!el) return;
      el.scrollIntoView({ block: "nearest", behavior: "smooth" });
      (el.querySelector("h2") as HTMLElement | null)?.focus({ preventScroll: true });
    });
  };

  // --- the fields offered for calibration: the numeric ones the rules read (the server's) ---
  const read = versions.flatMap((c) => c.fields_read).concat(rule.edited && rule.checkIsCurrent ? rule.check.answer?.fields_read ?? [] : []);
  const candidates = business ? metricsOf(read, business.subject) : [];
  const covMetric = answer?.coverage?.metric;
  if (covMetric && !candidates.includes(covMetric)) candidates.unshift(covMetric);
  const metric = choices.metric || covMetric || candidates[0] || "";

  if (!business) {
    return <p class="muted">{t("特定社会基盤事業がありません。", "There are no businesses.")}</p>;
  }
  const changeBusiness = (id: string) => {
    setExplainOp(null);
    setParams({ business: id, dataset: undefined, criteria: undefined, compare: undefined, metric: undefined });
  };
  const stale = ev.loading || ev.key !== reqKey;

  return (
    <>
      <ChoicesPanel choices={choices} packs={regime.packs} onBusiness={changeBusiness} />

      {base && <RulePanel base={base} state={rule} diagnostics={diagnostics} canRun={!!dataset} evaluating={ev.loading} />}

      <ProblemBox error={evalOtherError} />
      {evalOtherError && evalOtherError.status === 409 && dataset?.suggested_as_of && (() => {
        // The latest date the data supports, as the server computes it (the fiscal-year rule
        // is the engine's, not the page's).
        const d = dataset.suggested_as_of;
        return d === asOf ? null : (
          <p>
            <button type="button" onClick={() => setParams({ as_of: d })}>
              {t(`データのある基準日で試す: ${bothDates(d)}`, `Try a date the data covers: ${bothDates(d)}`)}
            </button>
          </p>
        );
      })()}

      {answer && (
        <ResultPanels key={business.id} answer={answer} notes={ev.answer!.notes} stale={stale} selected={explainOp?.id} onOpen={openExplain}>
          <ExplainPanel op={explainOp} explain={explain} onClose={() => setExplainOp(null)} sectionRef={explainRef} />
        </ResultPanels>
      )}
      {!answer && ev.loading && <Loading />}

      {dataset && (
        <CalibratePanel
          business={business.id}
          dataset={dataset.id}
          asOf={asOfGiven ? asOf : null}
          metric={metric}
          candidates={candidates}
          target={choices.target}
          by={choices.by}
          nationalTotal={choices.nationalTotal}
        />
      )}
    </>
  );
}
