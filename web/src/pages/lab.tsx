// 基準シミュレータ (criteria lab): try a business's designation criteria — a version of the pack,
// or an edited rule — over a dataset at a date; see who is designated, who enters and who leaves
// against another version, the share of the metric they cover, the coverage curve of a
// calibrated threshold, the designees on a map of Japan, and why any one operator is or is not
// designated. Every choice is kept in the URL query, so a link reproduces the view.
// Server side: /api/v1/lab/… (src/api/lab_api.cc).
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, post } from "../api";
import { bothDates, number, percent } from "../format";
import { t, tx } from "../i18n";
import { setParams } from "../router";
import type { CriteriaVersion, Pack, RegimeAnswer } from "../types";
import { Badge, DateText, Loading, ProblemBox, statusLabel, SyntheticNote, useLoad } from "../ui";
import { amount, CoverageChart, PrefectureMap } from "./lab-charts";
import { RuleEditor } from "./lab-editor";
import { ExplanationTree } from "./lab-explain";
import type {
  CalibrateAnswer,
  CheckAnswer,
  DatasetsAnswer,
  Diagnostic,
  EvaluateAnswer,
  ExplainAnswer,
  LabDataset,
  Member,
} from "../types";
import "./lab.css";

// --- helpers -------------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function todayJst(): string {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) });
}

// Versions by effective_from (those without a date last), the pack's order kept for ties.
function sortedVersions(criteria: CriteriaVersion[]): CriteriaVersion[] {
  return criteria
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const fa = a.c.effective_from ?? "9999-99-99";
      const fb = b.c.effective_from ?? "9999-99-99";
      return fa < fb ? -1 : fa > fb ? 1 : a.i - b.i;
    })
    .map((x) => x.c);
}

// The version in force at `date` (proposed versions are never in force by date).
function inForceAt(versions: CriteriaVersion[], date: string): CriteriaVersion | null {
  let found: CriteriaVersion | null = null;
  for (const c of versions) {
    if (c.status === "proposed" || !c.effective_from) continue;
    if (c.effective_from <= date && (!c.effective_until || date <= c.effective_until)) found = c;
  }
  return found;
}

// harbours → harbour, facilities → facility: the kind a refs field is named after, as a guess.
const singular = (w: string) => (w.endsWith("ies") ? w.slice(0, -3) + "y" : w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);

const KEYWORDS = new Set(["and", "or", "not", "true", "false", "any", "all", "count", "sum", "share", "rank", "date", "by"]);

// Numeric fields a business's rules read, for the calibration's metric list: identifiers compared
// with a number or a parameter, the arguments of share/sum/rank, and lambda bodies of sum. A field
// read through a lambda variable or a reference is named "kind.field", the kind guessed from the
// name of the reference (harbours → harbour). The server says so when a guess is not a numeric
// field; the user may type any field.
export function metricCandidates(rules: string[]): string[] {
  const out: string[] = [];
  const add = (m: string) => {
    if (m && !out.includes(m)) out.push(m);
  };
  const ident = "[A-Za-z_][A-Za-z0-9_]*";
  const path = `${ident}(?:\\.${ident})*`;
  for (const raw of rules) {
    const src = raw.replace(/\[[^\]\n]*\]|#[^\n]*|"(?:[^"\\\n]|\\.)*"/g, (m) => " ".repeat(m.length));
    const vars = new Map<string, string>();
    for (const m of src.matchAll(new RegExp(`(${path})\\s*,\\s*(${ident})\\s*=>`, "g"))) {
      vars.set(m[2], singular(m[1].split(".").pop() ?? ""));
    }
    const name = (p: string): string => {
      const segs = p.split(".");
      if (segs.length === 1) return KEYWORDS.has(p) || vars.has(p) ? "" : p;
      if (segs.length === 2 && vars.has(segs[0])) return `${vars.get(segs[0])}.${segs[1]}`;
      return `${segs[segs.length - 2]}.${segs[segs.length - 1]}`;
    };
    for (const m of src.matchAll(new RegExp(`(${path})\\s*(?:>=|<=|>|<)\\s*(?:\\$|-?\\d)`, "g"))) {
      if (src[(m.index ?? 0) - 1] !== ")") add(name(m[1]));
    }
    for (const m of src.matchAll(new RegExp(`(?:\\$|-?\\d[\\d_.]*%?)\\s*(?:>=|<=|>|<)\\s*(${path})(?!\\s*\\()`, "g"))) add(name(m[1]));
    for (const m of src.matchAll(new RegExp(`\\b(?:share|sum|rank)\\(\\s*(${path})\\s*(?:\\)|,\\s*by\\s*:)`, "g"))) add(name(m[1]));
    for (const m of src.matchAll(new RegExp(`\\bsum\\(\\s*${path}\\s*,\\s*${ident}\\s*=>\\s*(${path})\\s*\\)`, "g"))) add(name(m[1]));
  }
  return out;
}

// --- the page ------------------------------------------------------------------------------------

export default function LabPage({ params }: { path: string; params: URLSearchParams }) {
  const regime = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
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
      {(regime.loading && !regime.data) || (datasets.loading && !datasets.data) ? (
        <Loading />
      ) : regime.error || datasets.error ? (
        <ProblemBox error={regime.error ?? datasets.error} />
      ) : (
        <Lab packs={regime.data!.packs} datasets={datasets.data!.datasets} params={params} />
      )}
    </>
  );
}

interface EvalRequest {
  business: string;
  dataset: string;
  as_of?: string; // absent: today, judged on the latest data when today's year is not in it
  criteria: string;
  rule?: string;
  compare: string | null;
  metric?: string;
}

interface EvalState {
  key: string;
  req: EvalRequest | null;
  answer: EvaluateAnswer | null;
  error: ApiError | null;
  loading: boolean;
  // Warnings of the page's own (e.g. a metric the evaluation could not use).
  notes: string[];
}

function Lab({ packs, datasets, params }: { packs: Pack[]; datasets: LabDataset[]; params: URLSearchParams }) {
  // --- the choices (URL) ---
  const businesses = packs.flatMap((p) => p.businesses.map((b) => ({ ...b, pack: p })));
  const withData = (id: string) => datasets.some((d) => d.businesses.includes(id));
  const business =
    businesses.find((b) => b.id === params.get("business")) ??
    businesses.find((b) => withData(b.id) && b.pack.criteria.some((c) => c.business === b.id)) ??
    businesses[0];
  const asOfParam = params.get("as_of") ?? "";
  // A date the user chose is sent; without one the server judges today and, when the data has
  // no record of the year today's criteria judge, the latest one (with a warning).
  const asOfGiven = ISO_DATE.test(asOfParam);
  const asOf = asOfGiven ? asOfParam : todayJst();
  const versions = business ? sortedVersions(business.pack.criteria.filter((c) => c.business === business.id)) : [];
  const inForce = inForceAt(versions, asOf);
  const base = versions.find((c) => c.version === params.get("criteria")) ?? inForce ?? versions[versions.length - 1] ?? null;
  const previous = base ? versions[versions.indexOf(base) - 1] ?? null : null;
  const compareParam = params.get("compare") ?? "";
  const compareDefault = inForce && inForce !== base ? inForce : previous;
  const compare =
    compareParam === "none" ? null : versions.find((c) => c.version === compareParam) ?? compareDefault;
  const dsList = business ? datasets.filter((d) => d.businesses.includes(business.id)) : [];
  const dataset = dsList.find((d) => d.id === params.get("dataset")) ?? dsList[0] ?? null;
  const metricParam = (params.get("metric") ?? "").trim();
  const coverageParam = Number(params.get("coverage"));
  const target = coverageParam > 0 && coverageParam <= 1 ? coverageParam : 0.5;

  // --- the rule editor (reset when the business or the base version changes) ---
  const editorKey = `${business?.id}/${base?.version}`;
  const baseRule = base?.rule ?? "";
  const [edit, setEdit] = useState({ key: "", text: "" });
  const rule = edit.key === editorKey ? edit.text : baseRule;
  const edited = rule.trim() !== baseRule.trim();
  const setRule = (text: string) => setEdit({ key: editorKey, text });

  // The rule the evaluation runs: the base rule, or an edited one once it checks (or on "Run").
  const [run, setRun] = useState({ key: "", rule: "", tick: 0 });
  const runRule = run.key === editorKey ? run.rule : baseRule;
  const runEdited = runRule.trim() !== baseRule.trim();

  // --- checking as the user types ---
  const debRule = useDebounced(rule, 250);
  const [check, setCheck] = useState<{ key: string; rule: string; answer: CheckAnswer | null; error: ApiError | null } | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!business || !base || debRule !== rule) return;
    if (debRule.trim() === baseRule.trim()) {
      setCheck(null);
      setChecking(false);
      if (run.key === editorKey && run.rule !== debRule) setRun((r) => ({ key: editorKey, rule: debRule, tick: r.tick }));
      return;
    }
    let live = true;
    setChecking(true);
    post<CheckAnswer>("/api/v1/lab/check", { business: business.id, criteria: base.version, rule: debRule }).then(
      (answer) => {
        if (!live) return;
        setChecking(false);
        setCheck({ key: editorKey, rule: debRule, answer, error: null });
        if (answer.ok) setRun((r) => ({ key: editorKey, rule: debRule, tick: r.tick }));
      },
      (e) => {
        if (!live) return;
        setChecking(false);
        setCheck({ key: editorKey, rule: debRule, answer: null, error: asApiError(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [debRule, editorKey]);

  // --- evaluation ---
  const evalReq: EvalRequest | null =
    business && base && dataset
      ? {
          business: business.id,
          dataset: dataset.id,
          ...(asOfGiven ? { as_of: asOf } : {}),
          criteria: base.version,
          ...(runEdited ? { rule: runRule } : {}),
          compare: compare ? compare.version : null,
          ...(metricParam && !metricParam.includes(".") ? { metric: metricParam } : {}),
        }
      : null;
  const reqKey = JSON.stringify(evalReq);
  const [ev, setEv] = useState<EvalState>({ key: "", req: null, answer: null, error: null, loading: false, notes: [] });
  useEffect(() => {
    if (!evalReq) return;
    let live = true;
    setEv((s) => ({ ...s, loading: true }));
    const timer = setTimeout(async () => {
      const notes: string[] = [];
      let req = evalReq;
      try {
        let answer: EvaluateAnswer;
        try {
          answer = await post<EvaluateAnswer>("/api/v1/lab/evaluate", req);
        } catch (e) {
          const err = asApiError(e);
          const metricError = err.status === 422 || err.status === 400 ? err.problem.errors?.find((x) => x.pointer === "/metric") : undefined;
          if (!metricError || !req.metric) throw e;
          notes.push(`${req.metric}: ${metricError.detail}`);
          const { metric: _dropped, ...rest } = req;
          void _dropped;
          req = rest;
          answer = await post<EvaluateAnswer>("/api/v1/lab/evaluate", req);
        }
        if (live) setEv({ key: reqKey, req, answer, error: null, loading: false, notes });
      } catch (e) {
        if (live) setEv({ key: reqKey, req, answer: null, error: asApiError(e), loading: false, notes });
      }
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [reqKey, run.tick]);

  // Rule errors of the evaluation (422 at /rule), shown in place like the checker's.
  const evalRuleDiagnostics: Diagnostic[] = (() => {
    const err = ev.error;
    if (!err || err.status !== 422 || ev.req?.rule !== rule) return [];
    const ds = err.problem.diagnostics as Diagnostic[] | undefined;
    if (Array.isArray(ds) && ds.length) return ds;
    return (err.problem.errors ?? [])
      .filter((e) => e.pointer === "/rule" && e.line)
      .map((e) => ({
        line: e.line!,
        column: e.column ?? 1,
        end_line: e.line!,
        end_column: (e.column ?? 1) + 1,
        length: 1,
        message: { ja: e.detail, en: e.detail },
      }));
  })();
  const checkDiagnostics = edited && check && check.key === editorKey && check.answer ? check.answer.diagnostics : [];
  const diagnostics = checkDiagnostics.length ? checkDiagnostics : edited ? evalRuleDiagnostics : [];
  const evalOtherError = ev.error && !(evalRuleDiagnostics.length && ev.error.status === 422) ? ev.error : null;

  // --- explanation of one operator ---
  const [explainOp, setExplainOp] = useState<Member | null>(null);
  const [explain, setExplain] = useState<{ key: string; answer: ExplainAnswer | null; error: ApiError | null; loading: boolean } | null>(null);
  const explainRef = useRef<HTMLElement>(null);
  const explainKey = explainOp && ev.req ? JSON.stringify([explainOp.id, ev.req]) : "";
  useEffect(() => {
    if (!explainOp || !ev.req) return;
    let live = true;
    const { compare: _c, metric: _m, ...ctx } = ev.req;
    void _c;
    void _m;
    setExplain((s) => ({ key: explainKey, answer: s?.answer ?? null, error: null, loading: true }));
    post<ExplainAnswer>("/api/v1/lab/explain", { ...ctx, operator: explainOp.id }).then(
      (answer) => live && setExplain({ key: explainKey, answer, error: null, loading: false }),
      (e) => live && setExplain({ key: explainKey, answer: null, error: asApiError(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [explainKey]);
  const openExplain = (m: Member) => {
    setExplainOp(m);
    requestAnimationFrame(() => {
      const el = explainRef.current;
      if (!el) return;
      el.scrollIntoView({ block: "nearest", behavior: "smooth" });
      (el.querySelector("h2") as HTMLElement | null)?.focus({ preventScroll: true });
    });
  };

  // --- calibration ---
  const candidates = metricCandidates(versions.map((c) => c.rule).concat(edited ? [rule] : []));
  const covMetric = ev.answer?.coverage?.metric;
  if (covMetric && !candidates.includes(covMetric)) candidates.unshift(covMetric);
  const metric = metricParam || covMetric || candidates[0] || "";
  const calKey = business && dataset && metric ? JSON.stringify([business.id, dataset.id, asOf, metric, target]) : "";
  const [cal, setCal] = useState<{ key: string; answer: CalibrateAnswer | null; error: ApiError | null; loading: boolean } | null>(null);
  useEffect(() => {
    if (!calKey || !business || !dataset) return;
    let live = true;
    setCal((s) => ({ key: calKey, answer: s?.answer ?? null, error: null, loading: true }));
    const timer = setTimeout(() => {
      post<CalibrateAnswer>("/api/v1/lab/calibrate", {
        business: business.id,
        dataset: dataset.id,
        ...(asOfGiven ? { as_of: asOf } : {}),
        metric,
        coverage: target,
      }).then(
        (answer) => live && setCal({ key: calKey, answer, error: null, loading: false }),
        (e) => live && setCal({ key: calKey, answer: null, error: asApiError(e), loading: false }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [calKey]);

  // --- the prefecture filter of the designees table (set from the map) ---
  const [pref, setPref] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);

  if (!business) {
    return <p class="muted">{t("特定社会基盤事業がありません。", "There are no businesses.")}</p>;
  }

  const changeBusiness = (id: string) => {
    setPref(null);
    setExplainOp(null);
    setParams({ business: id, dataset: undefined, criteria: undefined, compare: undefined, metric: undefined });
  };
  const answer = ev.answer;
  const stale = ev.loading || ev.key !== reqKey;
  const designees = answer ? (pref === null ? answer.designees : answer.designees.filter((d) => d.prefecture === pref)) : [];
  const ROWS = 200;

  return (
    <>
      <section class="card" aria-labelledby="lab-choices">
        <h2 id="lab-choices">{t("条件", "What to simulate")}</h2>
        <div class="row lab-choices">
          <label>
            {t("特定社会基盤事業", "Business")}
            <select value={business.id} onChange={(e) => changeBusiness((e.currentTarget as HTMLSelectElement).value)}>
              {packs.map((p) => (
                <optgroup key={p.id} label={tx(p.sector.name)}>
                  {p.businesses.map((b) => (
                    <option key={b.id} value={b.id}>
                      {tx(b.name)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label>
            {t("データセット", "Dataset")}
            <select
              value={dataset?.id ?? ""}
              disabled={dsList.length === 0}
              onChange={(e) => setParams({ dataset: (e.currentTarget as HTMLSelectElement).value })}
            >
              {dsList.length === 0 && <option value="">{t("（なし）", "(none)")}</option>}
              {dsList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.synthetic ? t("（合成）", " (synthetic)") : ""}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("基準日", "As of")}
            <input
              type="date"
              value={asOf}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value;
                if (!v || ISO_DATE.test(v)) setParams({ as_of: v || undefined });
              }}
            />
          </label>
          <label>
            {t("基準の版", "Criteria version")}
            <select value={base?.version ?? ""} onChange={(e) => setParams({ criteria: (e.currentTarget as HTMLSelectElement).value })}>
              {versions.map((c) => (
                <option key={c.version} value={c.version}>
                  {c.version} — {statusLabel(c.status)}
                  {c === inForce ? t("（基準日に施行中）", " (in force at the date)") : ""}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("比較する版", "Compare with")}
            <select
              value={compare ? compare.version : "none"}
              onChange={(e) => setParams({ compare: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="none">{t("比較しない", "No comparison")}</option>
              {versions.map((c) => (
                <option key={c.version} value={c.version}>
                  {c.version} — {statusLabel(c.status)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="small muted">
          <DateText iso={asOf} />
          {dataset && dataset.fiscal_years.length > 0 && (
            <>
              {" — "}
              {t("データの年度", "Fiscal years in the data")}: {dataset.fiscal_years.join(", ")}
            </>
          )}
        </p>
        {dsList.length === 0 && (
          <p class="problem">{t("この事業の母集団データセットはありません。", "No dataset holds a population for this business.")}</p>
        )}
        {dataset?.synthetic && (
          <SyntheticNote>
            {t("このデータセットは合成データを含みます（実在の事業者の数値ではありません）。", "This dataset contains synthetic data (not real operators' figures).")}{" "}
            {dataset.description}
            <details>
              <summary>{t("注記と出典", "Notes and sources")}</summary>
              <ul class="small">
                {dataset.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
              {dataset.citations.length > 0 && (
                <ul class="small">
                  {dataset.citations.map((c, i) => (
                    <li key={i}>
                      {c.url ? (
                        <a href={c.url} target="_blank" rel="noopener noreferrer">
                          {c.text}
                        </a>
                      ) : (
                        c.text
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </details>
          </SyntheticNote>
        )}
        {dataset && !dataset.synthetic && dataset.description && <p class="small">{dataset.description}</p>}
      </section>

      {base && (
        <section class="card" aria-labelledby="lab-rule">
          <h2 id="lab-rule">
            {t("ルール", "Rule")} <code class="small">{base.version}</code> <Badge kind={base.status}>{statusLabel(base.status)}</Badge>{" "}
            {edited && <Badge kind="warn">{t("編集中", "edited")}</Badge>}
          </h2>
          <p class="small">
            {tx(base.name)}
            <br />
            <span class="muted">
              {t("根拠", "Citation")}: {base.citation}
            </span>
          </p>
          <RuleEditor
            id="lab-rule-text"
            value={rule}
            onInput={setRule}
            diagnostics={diagnostics}
            checking={checking}
            label={t(`指定基準のルール（版 ${base.version}）`, `Rule of the criteria (version ${base.version})`)}
          />
          {check?.error && check.key === editorKey && <ProblemBox error={check.error} />}
          <div class="row lab-actions">
            <button
              type="button"
              class="primary"
              onClick={() => setRun((r) => ({ key: editorKey, rule, tick: r.tick + 1 }))}
              disabled={!dataset}
            >
              {t("実行", "Run")}
            </button>
            <button type="button" onClick={() => {
              setRule(baseRule);
              setRun((r) => ({ key: editorKey, rule: baseRule, tick: r.tick }));
            }} disabled={!edited}>
              {t(`版 ${base.version} に戻す`, `Reset to version ${base.version}`)}
            </button>
            <span class="small muted" role="status" aria-live="polite">
              {ev.loading
                ? t("計算中…", "Evaluating…")
                : runEdited
                  ? t("編集したルールで計算しています（版のパラメータと期間を使用）。", "Evaluated with the edited rule (the version's parameters and period).")
                  : ""}
            </span>
          </div>
        </section>
      )}

      <ProblemBox error={evalOtherError} />
      {evalOtherError && evalOtherError.status === 409 && dataset && dataset.fiscal_years.length > 0 && (() => {
        // A date whose judgement the data can support: within the fiscal year after the latest
        // one observed (criteria judged on the previous fiscal year's record read the latest).
        const d = `${Math.max(...dataset.fiscal_years) + 1}-09-01`;
        return d === asOf ? null : (
          <p>
            <button type="button" onClick={() => setParams({ as_of: d })}>
              {t(`データのある基準日で試す: ${bothDates(d)}`, `Try a date the data covers: ${bothDates(d)}`)}
            </button>
          </p>
        );
      })()}

      {answer && (
        <div class={`lab-results${stale ? " lab-stale" : ""}`} aria-busy={stale ? "true" : undefined}>
          <div>
            <section class="card" aria-labelledby="lab-summary">
              <h2 id="lab-summary">{t("結果", "Result")}</h2>
              <p class="small muted">
                {t("基準日", "As of")} <DateText iso={answer.as_of} wareki={answer.as_of_wareki} />
                {answer.fiscal_year !== null && <> — {t(`${answer.fiscal_year}年度のデータ`, `data of fiscal year ${answer.fiscal_year}`)}</>}
                {" — "}
                {t("版", "version")} {answer.criteria}
                {answer.edited && t("（編集）", " (edited)")}
              </p>
              <div class="stats">
                <div class="stat">
                  {t("判定した母集団", "Population judged")}
                  <b>{number(answer.population)}</b>
                </div>
                <div class="stat">
                  {t("指定対象", "Designated")}
                  <b data-testid="designated-count">{number(answer.designated)}</b>
                </div>
                {answer.coverage && (
                  <div class="stat">
                    {t("カバー率", "Share covered")}（{tx(answer.coverage.label)}）
                    <b data-testid="coverage-share">{percent(answer.coverage.share)}</b>
                    <span class="small muted">
                      {amount(answer.coverage.part)} / {amount(answer.coverage.whole)}
                    </span>
                  </div>
                )}
                {answer.compare && (
                  <div class="stat">
                    {t(`版 ${answer.compare.criteria} では`, `Under ${answer.compare.criteria}`)}
                    <b>{number(answer.compare.designated)}</b>
                    <span class="small muted">
                      {t(`継続 ${number(answer.compare.stayed_count)}`, `${number(answer.compare.stayed_count)} stay`)}
                    </span>
                  </div>
                )}
              </div>
              {(answer.warnings.length > 0 || ev.notes.length > 0) && (
                <ul class="lab-warnings" aria-label={t("注意", "Warnings")}>
                  {answer.warnings.map((w, i) => (
                    <li key={i}>{tx(w)}</li>
                  ))}
                  {ev.notes.map((n, i) => (
                    <li key={`n${i}`}>{t("カバー率の項目を使えません", "The coverage metric cannot be used")}: {n}</li>
                  ))}
                </ul>
              )}
            </section>

            {answer.compare && (
              <section class="card" aria-labelledby="lab-diff">
                <h2 id="lab-diff">
                  {t(`版 ${answer.compare.criteria} との比較`, `Against version ${answer.compare.criteria}`)}
                </h2>
                <div class="grid2">
                  <div data-testid="entered">
                    <h3>
                      {t("新たに指定対象となる者", "Enter")} ({number(answer.compare.entered.length)})
                    </h3>
                    <MemberList members={answer.compare.entered} onOpen={openExplain} selected={explainOp?.id} />
                  </div>
                  <div data-testid="left">
                    <h3>
                      {t("指定対象から外れる者", "Leave")} ({number(answer.compare.left.length)})
                    </h3>
                    <MemberList members={answer.compare.left} onOpen={openExplain} selected={explainOp?.id} />
                  </div>
                </div>
              </section>
            )}

            <section class="card" aria-labelledby="lab-map">
              <h2 id="lab-map">{t("都道府県別の指定対象", "Designated operators by prefecture")}</h2>
              <PrefectureMap counts={answer.by_prefecture} selected={pref} onSelect={(p) => setPref(p === pref ? null : p)} />
            </section>

            <section class="card" aria-labelledby="lab-designees">
              <h2 id="lab-designees">
                {t("指定対象の一覧", "Designated operators")} ({number(answer.designated)})
              </h2>
              <div class="row">
                <label>
                  {t("都道府県で絞り込み", "Filter by prefecture")}
                  <select
                    value={pref ?? "\u0000all"}
                    onChange={(e) => {
                      const v = (e.currentTarget as HTMLSelectElement).value;
                      setPref(v === "\u0000all" ? null : v);
                    }}
                  >
                    <option value={"\u0000all"}>{t("すべて", "All")}</option>
                    {answer.by_prefecture.map((p) => (
                      <option key={p.prefecture} value={p.prefecture}>
                        {p.prefecture || t("（不明）", "(unknown)")} ({number(p.count)})
                      </option>
                    ))}
                    {pref !== null && !answer.by_prefecture.some((p) => p.prefecture === pref) && (
                      <option value={pref}>{pref} (0)</option>
                    )}
                  </select>
                </label>
                {pref !== null && (
                  <button type="button" onClick={() => setPref(null)}>
                    {t("絞り込みを解除", "Clear the filter")}
                  </button>
                )}
              </div>
              <p class="small muted count" role="status">
                {pref !== null
                  ? t(`${pref || "（不明）"}: ${number(designees.length)} 者`, `${pref || "(unknown)"}: ${number(designees.length)}`)
                  : t(`${number(answer.designees.length)} 者を表示`, `${number(answer.designees.length)} shown`)}
                {answer.designees_truncated &&
                  t(`（先頭 ${number(answer.designees.length)} 者のみ。計 ${number(answer.designated)} 者）`, ` (the first ${number(answer.designees.length)} of ${number(answer.designated)})`)}
              </p>
              <div class="table-wrap lab-table">
                <table data-testid="designees">
                  <thead>
                    <tr>
                      <th scope="col">{t("事業者", "Operator")}</th>
                      <th scope="col">{t("都道府県", "Prefecture")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(showAll ? designees : designees.slice(0, ROWS)).map((d) => (
                      <tr
                        key={d.id}
                        class={`clickable${explainOp?.id === d.id ? " selected" : ""}`}
                        data-operator={d.id}
                        onClick={() => openExplain(d)}
                      >
                        <td>
                          <button type="button" class="linkish" onClick={(e) => {
                            e.stopPropagation();
                            openExplain(d);
                          }}>
                            {d.name}
                          </button>{" "}
                          <code class="small muted">{d.id}</code>
                        </td>
                        <td>{d.prefecture || <span class="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {designees.length > ROWS && (
                <button type="button" onClick={() => setShowAll(!showAll)}>
                  {showAll ? t(`先頭 ${ROWS} 者のみ表示`, `Show the first ${ROWS} only`) : t(`すべて表示（${number(designees.length)} 者）`, `Show all ${number(designees.length)}`)}
                </button>
              )}
            </section>
          </div>

          <section class="card lab-explain" aria-labelledby="lab-explain-h" data-testid="explanation" ref={explainRef}>
            <h2 id="lab-explain-h" tabIndex={-1}>
              {t("判定の説明", "Why")}
            </h2>
            {!explainOp ? (
              <p class="small muted">
                {t(
                  "事業者の名前を選ぶと、ルールの各部分の判定（✓/✗）、値、根拠がここに表示されます。",
                  "Choose an operator's name to see how each part of the rule judged it (✓/✗), with the values and citations.",
                )}
              </p>
            ) : explain?.error ? (
              <ProblemBox error={explain.error} />
            ) : explain?.answer && explain.answer.operator.id === explainOp.id ? (
              <div class={explain.loading ? "lab-stale" : undefined}>
                <ExplanationTree answer={explain.answer} />
                <p class="small muted">
                  {t("版", "Version")} {explain.answer.criteria}
                  {explain.answer.edited ? t("（編集したルール）", " (edited rule)") : ""}
                </p>
                <button type="button" onClick={() => setExplainOp(null)}>
                  {t("閉じる", "Close")}
                </button>
              </div>
            ) : (
              <Loading />
            )}
          </section>
        </div>
      )}
      {!answer && ev.loading && <Loading />}

      {dataset && (
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
                aria-invalid={cal?.error?.problem.errors?.some((x) => x.pointer === "/metric") ? "true" : undefined}
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
          {cal?.error && cal.key === calKey && <ProblemBox error={cal.error} />}
          {cal?.answer && !(cal.error && cal.key === calKey) ? (
            <div class={cal.loading ? "lab-stale" : undefined}>
              <p class="small">
                {tx(cal.answer.label)} <code class="small">{cal.answer.metric}</code>
                {cal.answer.fiscal_year !== null && <span class="muted"> — {t(`${cal.answer.fiscal_year}年度`, `fiscal year ${cal.answer.fiscal_year}`)}</span>}
              </p>
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
          ) : cal?.loading ? (
            <Loading />
          ) : !metric ? (
            <p class="small muted">{t("項目を選んでください。", "Choose a field.")}</p>
          ) : null}
        </section>
      )}
    </>
  );
}

function MemberList({ members, onOpen, selected }: { members: Member[]; onOpen: (m: Member) => void; selected?: string }) {
  const [all, setAll] = useState(false);
  if (members.length === 0) return <p class="small muted">{t("なし", "None")}</p>;
  const N = 50;
  return (
    <>
      <ul class="lab-members">
        {(all ? members : members.slice(0, N)).map((m) => (
          <li key={m.id} data-operator={m.id}>
            <button type="button" class={`linkish${selected === m.id ? " current" : ""}`} onClick={() => onOpen(m)}>
              {m.name}
            </button>{" "}
            <span class="small muted">{m.prefecture}</span>
          </li>
        ))}
      </ul>
      {members.length > N && (
        <button type="button" onClick={() => setAll(!all)}>
          {all ? t(`先頭 ${N} 者のみ`, `First ${N} only`) : t(`すべて表示（${number(members.length)} 者）`, `Show all ${number(members.length)}`)}
        </button>
      )}
    </>
  );
}
