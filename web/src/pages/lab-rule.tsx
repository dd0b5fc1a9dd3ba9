// The rule the lab judges with: the base version's, or the user's edit of it. The edit is checked
// as it is typed (POST /api/v1/lab/check, after a pause) and its errors are marked where they
// are; an edit that checks is evaluated at once, any edit on 「実行」.
import { useEffect, useState } from "preact/hooks";
import { post } from "../api";
import { t, tx } from "../i18n";
import { useDebounced, useRequest, type Requested } from "../request";
import type { CheckAnswer, CheckRequest, CriteriaVersion, Diagnostic } from "../types";
import { Badge, ProblemBox, statusLabel } from "../ui";
import { RuleEditor } from "./lab-editor";
import { Citation } from "../citation";

export interface RuleState {
  editorKey: string; // business/version: the edit belongs to it and is dropped when it changes
  rule: string; // the text in the editor
  edited: boolean;
  setRule: (text: string) => void;
  runRule: string; // the text the evaluation runs: the base rule, or an edit once it checks
  runEdited: boolean;
  tick: number; // bumped by 「実行」: evaluate again even if nothing changed
  run: () => void;
  reset: () => void;
  check: Requested<CheckAnswer>; // of the current edit (or of an earlier one, while checking)
  checkIsCurrent: boolean; // `check` is of this business and version
}

const same = (a: string, b: string) => a.trim() === b.trim();

export function useRule(business: string | undefined, base: CriteriaVersion | null): RuleState {
  const editorKey = `${business}/${base?.version}`;
  const baseRule = base?.rule ?? "";
  const [edit, setEdit] = useState({ key: "", text: "" });
  const rule = edit.key === editorKey ? edit.text : baseRule;
  const [run, setRun] = useState({ key: "", rule: "", tick: 0 });
  const runRule = run.key === editorKey ? run.rule : baseRule;
  const runText = (text: string) => setRun((r) => ({ key: editorKey, rule: text, tick: r.tick }));

  // Checking as the user types: the edit, once typing pauses, unless it is the base rule again.
  const typed = useDebounced(rule, 250);
  const checkKey = business && base && typed === rule && !same(typed, baseRule) ? `${editorKey}\n${typed}` : null;
  const check = useRequest(checkKey, () =>
    post<CheckAnswer>("/api/v1/lab/check", { business: business!, criteria: base!.version, rule: typed } satisfies CheckRequest),
  );
  const checkIsCurrent = check.key !== null && check.key.startsWith(`${editorKey}\n`);
  // An edit that checks runs; back to the base rule, the base rule runs.
  useEffect(() => {
    if (checkIsCurrent && check.answer?.ok) runText(check.key!.slice(editorKey.length + 1));
  }, [check.answer]);
  useEffect(() => {
    if (typed === rule && same(typed, baseRule) && run.key === editorKey && run.rule !== typed) runText(typed);
  }, [typed, editorKey]);

  return {
    editorKey,
    rule,
    edited: !same(rule, baseRule),
    setRule: (text) => setEdit({ key: editorKey, text }),
    runRule,
    runEdited: !same(runRule, baseRule),
    tick: run.tick,
    run: () => setRun((r) => ({ key: editorKey, rule, tick: r.tick + 1 })),
    reset: () => {
      setEdit({ key: editorKey, text: baseRule });
      runText(baseRule);
    },
    check,
    checkIsCurrent,
  };
}

export function RulePanel(props: {
  base: CriteriaVersion;
  state: RuleState;
  diagnostics: Diagnostic[];
  canRun: boolean;
  evaluating: boolean;
}) {
  const { base, state, diagnostics } = props;
  const { rule, edited } = state;
  return (
    <section class="card" aria-labelledby="lab-rule">
      <h2 id="lab-rule">
        {t("ルール", "Rule")} <code class="small">{base.version}</code> <Badge kind={base.status}>{statusLabel(base.status)}</Badge>{" "}
        {edited && <Badge kind="warn">{t("編集中", "edited")}</Badge>}
      </h2>
      <p class="small">
        {tx(base.name)}
        <br />
        <span class="muted">
          {t("根拠", "Citation")}: <Citation text={base.citation} references={base.citation_references} />
        </span>
      </p>
      <RuleEditor
        id="lab-rule-text"
        value={rule}
        onInput={state.setRule}
        diagnostics={diagnostics}
        checking={state.check.loading}
        label={t(`指定基準のルール（版 ${base.version}）`, `Rule of the criteria (version ${base.version})`)}
      />
      {edited && state.check.error && state.checkIsCurrent && <ProblemBox error={state.check.error} />}
      <div class="row lab-actions">
        <button type="button" class="primary" onClick={state.run} disabled={!props.canRun}>
          {t("実行", "Run")}
        </button>
        <button type="button" onClick={state.reset} disabled={!edited}>
          {t(`版 ${base.version} に戻す`, `Reset to version ${base.version}`)}
        </button>
        <span class="small muted" role="status" aria-live="polite">
          {props.evaluating
            ? t("計算中…", "Evaluating…")
            : state.runEdited
              ? t("編集したルールで計算しています（版のパラメータと期間を使用）。", "Evaluated with the edited rule (the version's parameters and period).")
              : ""}
        </span>
      </div>
    </section>
  );
}
