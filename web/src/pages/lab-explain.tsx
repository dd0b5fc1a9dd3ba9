// Why one operator is or is not designated: the explanation tree of the rules engine
// (docs/rules-language.md §8, JSON schema version 1), one node per line, indented, with ✓/✗ for
// booleans and = for other values, the source text, the value and the citation in brackets where
// it differs from the parent's.
import { number } from "../format";
import { t, tx } from "../i18n";
import type { ExplainAnswer, ExplainNode, ExplainValue } from "../types";
import { Citation } from "../citation";

export function valueText(v: ExplainValue): string {
  if (v === null || v === undefined) return t("欠測", "missing");
  if (v === true) return "true";
  if (v === false) return "false";
  if ("int" in v) return number(v.int);
  if ("quotient" in v) return `${v.decimal} (${number(v.quotient[0])} / ${number(v.quotient[1])})`;
  if ("decimal" in v) return v.decimal;
  if ("percent" in v) return `${v.percent} (${number(v.ratio[0])} / ${number(v.ratio[1])})`;
  if ("text" in v) return JSON.stringify(v.text);
  if ("date" in v) return v.date;
  if ("list" in v) {
    const shown = v.list.slice(0, 12).map(valueText).join(", ");
    return `[${shown}${v.list.length > 12 ? t(`, …ほか ${v.list.length - 12}`, `, … ${v.list.length - 12} more`) : ""}]`;
  }
  return JSON.stringify(v);
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function Node({ node, parentCitation, depth }: { node: ExplainNode; parentCitation: string | null; depth: number }) {
  const isBool = typeof node.value === "boolean";
  const mark = isBool ? (node.value ? "✓" : "✗") : "=";
  const cls = isBool ? (node.value ? "lab-yes" : "lab-no") : "lab-val";
  const cite = node.citation && node.citation !== parentCitation ? node.citation : "";
  const line = (
    <>
      <span class={`lab-mark ${cls}`} aria-label={isBool ? (node.value ? t("真", "true") : t("偽", "false")) : undefined}>
        {mark}
      </span>{" "}
      <code>{oneLine(node.source)}</code>
      {!isBool && <span class="lab-value"> ({valueText(node.value)})</span>}
      {cite && (
        <span class="lab-cite">
          {" "}
          [{cite}] <Citation references={node.citation_references} />
        </span>
      )}
    </>
  );
  if (!node.children || node.children.length === 0) {
    return <li>{line}</li>;
  }
  return (
    <li>
      <details open={depth < 4}>
        <summary>{line}</summary>
        <ul>
          {node.children.map((c, i) => (
            <Node key={i} node={c} parentCitation={node.citation} depth={depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function ExplanationTree({ answer }: { answer: ExplainAnswer }) {
  const ex = answer.explanation;
  return (
    <div>
      <p>
        <strong>{ex.subject?.name ?? answer.operator.name}</strong> <code class="small">{ex.subject?.id ?? answer.operator.id}</code>:{" "}
        {answer.status === "undetermined" ? (
          <span class="lab-unknown" data-testid="explain-status">
            {t("判定不能（基準に必要な値が欠けています）", "undetermined (a value the criteria need is missing)")}
          </span>
        ) : ex.result ? (
          <span class="lab-yes" data-testid="explain-status">{t("基準に該当", "meets the criteria")}</span>
        ) : (
          <span class="lab-no" data-testid="explain-status">{t("基準に該当しない", "does not meet the criteria")}</span>
        )}
      </p>
      {answer.missing.length > 0 && (
        <p class="small">
          {t("判定に必要な値", "Values that would decide it")}:{" "}
          {answer.missing.map((m, i) => (
            <span key={m}>
              {i > 0 && ", "}
              <code>{m}</code>
            </span>
          ))}
        </p>
      )}
      <ul class="lab-tree">
        <Node node={ex.root} parentCitation={null} depth={0} />
      </ul>
      {answer.figures.map((f) => (
        <details key={f.field} class="small" data-testid="figures" data-field={f.field}>
          <summary>
            {t("判定に使った数値の年と範囲", "Figures read, with their year and basis")}: {tx(f.label)} <code>{f.field}</code>
          </summary>
          <ul>
            {f.rows.map((r) => (
              <li key={r.id} data-row={r.id}>
                {r.name}: {r.value === null ? t("欠測", "missing") : `${number(r.value)}${f.unit ? " " + f.unit : ""}`}（
                {r.year === null ? t("年不明", "year unknown") : t(`${r.year}年`, String(r.year))}、
                {r.basis_label ? tx(r.basis_label) : t("範囲は資料に記載なし", "basis not stated by the source")}）
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
