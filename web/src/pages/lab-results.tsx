// The lab's results: the evaluation's summary (population, designated, share covered, the
// compared version), who enters and who leaves, the designees on the map and in a table filtered
// by prefecture, and one operator's explanation beside them.
import type { ComponentChildren, Ref } from "preact";
import { useState } from "preact/hooks";
import { number, percent } from "../format";
import { t, tx } from "../i18n";
import type { Requested } from "../request";
import type { EvaluateAnswer, ExplainAnswer, Member } from "../types";
import { DateText, Loading, ProblemBox, SyntheticBanner } from "../ui";
import { amount, PrefectureMap } from "./lab-charts";
import { ExplanationTree } from "./lab-explain";

const ROWS = 200;

export function ResultPanels(props: {
  answer: EvaluateAnswer;
  notes: string[]; // the page's own warnings (a coverage field the evaluation could not use)
  stale: boolean;
  selected?: string; // the operator explained
  onOpen: (m: Member) => void;
  children: ComponentChildren; // the explanation, beside the results
}) {
  const { answer, notes, stale, selected, onOpen } = props;
  // The prefecture filter of the designees table (set from the map).
  const [pref, setPref] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const designees = pref === null ? answer.designees : answer.designees.filter((d) => d.prefecture === pref);
  return (
    <div class={`lab-results${stale ? " lab-stale" : ""}`} aria-busy={stale ? "true" : undefined}>
      <div>
        <section class="card" aria-labelledby="lab-summary">
          <h2 id="lab-summary">{t("結果", "Result")}</h2>
          {answer.synthetic_data && (
            <SyntheticBanner>{t("この結果は合成データから計算したもので、実在の事業者の判定ではありません。", "These results are computed from synthetic data, not a judgement of real operators.")}</SyntheticBanner>
          )}
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
            <div class="stat">
              {t("非該当", "Not designated")}
              <b data-testid="not-designated-count">{number(answer.not_designated)}</b>
            </div>
            <div class="stat">
              {t("判定不能", "Undetermined")}
              <b data-testid="undetermined-count">{number(answer.undetermined)}</b>
              <span class="small muted">{t("値の欠落", "missing values")}</span>
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
                  {answer.compare.undetermined > 0 &&
                    t(`、判定不能 ${number(answer.compare.undetermined)}`, `, ${number(answer.compare.undetermined)} undetermined`)}
                </span>
              </div>
            )}
          </div>
          {(answer.warnings.length > 0 || notes.length > 0) && (
            <ul class="lab-warnings" aria-label={t("注意", "Warnings")}>
              {answer.warnings.map((w, i) => (
                <li key={i}>{tx(w)}</li>
              ))}
              {notes.map((n, i) => (
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
                <MemberList members={answer.compare.entered} onOpen={onOpen} selected={selected} />
              </div>
              <div data-testid="left">
                <h3>
                  {t("指定対象から外れる者", "Leave")} ({number(answer.compare.left.length)})
                </h3>
                <MemberList members={answer.compare.left} onOpen={onOpen} selected={selected} />
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
                    class={`clickable${selected === d.id ? " selected" : ""}`}
                    data-operator={d.id}
                    onClick={() => onOpen(d)}
                  >
                    <td>
                      <button type="button" class="linkish" onClick={(e) => {
                        e.stopPropagation();
                        onOpen(d);
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
      {props.children}
    </div>
  );
}

export function ExplainPanel(props: {
  op: Member | null;
  explain: Requested<ExplainAnswer>;
  onClose: () => void;
  sectionRef: Ref<HTMLElement>;
}) {
  const { op, explain, onClose, sectionRef } = props;
  return (
    <section class="card lab-explain" aria-labelledby="lab-explain-h" data-testid="explanation" ref={sectionRef}>
      <h2 id="lab-explain-h" tabIndex={-1}>
        {t("判定の説明", "Why")}
      </h2>
      {!op ? (
        <p class="small muted">
          {t(
            "事業者の名前を選ぶと、ルールの各部分の判定（✓/✗）、値、根拠がここに表示されます。",
            "Choose an operator's name to see how each part of the rule judged it (✓/✗), with the values and citations.",
          )}
        </p>
      ) : explain?.error ? (
        <ProblemBox error={explain.error} />
      ) : explain?.answer && explain.answer.operator.id === op.id ? (
        <div class={explain.loading ? "lab-stale" : undefined}>
          {explain.answer.synthetic_data && <SyntheticBanner />}
          <ExplanationTree answer={explain.answer} />
          <p class="small muted">
            {t("版", "Version")} {explain.answer.criteria}
            {explain.answer.edited ? t("（編集したルール）", " (edited rule)") : ""}
          </p>
          <button type="button" onClick={onClose}>
            {t("閉じる", "Close")}
          </button>
        </div>
      ) : (
        <Loading />
      )}
    </section>
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
