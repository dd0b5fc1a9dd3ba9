// The lab's rule editor: a plain <textarea> (so typing, selection, undo, screen readers and phone
// keyboards behave as everywhere) laid over a <pre> that shows the same text highlighted, with the
// server's diagnostics underlined in place and listed below ("行 L, 列 C: …").
import { useRef } from "preact/hooks";
import { t, tx } from "../i18n";
import type { Diagnostic } from "../types";

// The unit of the server's columns: UTF-16 code units (src/api/lab_api.cc). "codepoint" is
// what the rules engine itself counts (docs/rules-language.md §1), should the server change.
const COLUMN_UNIT = "utf16" as "utf16" | "codepoint";

// Tokens of the rules language (docs/rules-language.md §1), for display only: the server's
// checker is the authority.
const TOKEN =
  /(#[^\n]*)|(\[[^\]\n]*\])|("(?:[^"\\\n]|\\.)*")|(\$[A-Za-z_][A-Za-z0-9_]*)|(\d{4}-\d{2}-\d{2}|\d[\d_]*(?:\.\d+)?%?)|([A-Za-z_][A-Za-z0-9_]*)|(=>|>=|<=|!=|[=<>(),.:])/g;
const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);
const BUILTINS = new Set(["any", "all", "count", "sum", "share", "rank", "date", "by"]);

interface Tok {
  start: number;
  end: number;
  cls: string;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const i = m.index ?? 0;
    if (i > last) out.push({ start: last, end: i, cls: "" });
    let cls: string;
    if (m[1]) cls = "tok-comment";
    else if (m[2]) cls = "tok-cite";
    else if (m[3]) cls = "tok-str";
    else if (m[4]) cls = "tok-param";
    else if (m[5]) cls = "tok-num";
    else if (m[6]) cls = KEYWORDS.has(m[0]) || BUILTINS.has(m[0]) ? "tok-kw" : "tok-field";
    else cls = "tok-op";
    out.push({ start: i, end: i + m[0].length, cls });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ start: last, end: text.length, cls: "" });
  return out;
}

// Offset in `text` of a 1-based line and column (clamped to the line; a column one past the end
// of the line is the line's newline).
function offsetOf(text: string, lineStarts: number[], line: number, column: number): number {
  const l = Math.min(Math.max(line, 1), lineStarts.length);
  const start = lineStarts[l - 1];
  const nl = text.indexOf("\n", start);
  const lineEnd = nl < 0 ? text.length : nl;
  let units = Math.max(column, 1) - 1;
  if (COLUMN_UNIT === "codepoint") {
    const cps = Array.from(text.slice(start, lineEnd));
    units = cps.slice(0, units).join("").length + Math.max(0, units - cps.length);
  }
  return Math.min(start + units, lineEnd + (nl < 0 ? 0 : 1));
}

export interface Span {
  start: number;
  end: number;
  index: number;
}

// The diagnostics as [start, end) offsets of `text` (at least one unit long).
export function spansOf(text: string, diagnostics: Diagnostic[]): Span[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  return diagnostics.map((d, index) => {
    const start = offsetOf(text, lineStarts, d.line, d.column);
    let end = offsetOf(text, lineStarts, d.end_line || d.line, d.end_column || d.column + Math.max(d.length, 1));
    if (end <= start) end = start + 1;
    return { start, end, index };
  });
}

function Highlighted({ text, spans }: { text: string; spans: Span[] }) {
  const toks = tokens(text);
  const cuts = new Set<number>();
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const parts: preact.JSX.Element[] = [];
  const marked = (i: number) => spans.find((s) => s.start <= i && i < s.end);
  // Spans that cover no visible character (a newline, or the end of the text) get a marker.
  const eol = spans.filter((s) => !/[^\n]/.test(text.slice(s.start, Math.min(s.end, text.length))));
  let k = 0;
  const pushEol = (at: number) => {
    for (const s of eol) {
      if (s.start === at) {
        parts.push(
          <mark key={`eol${k++}`} class="lab-err lab-eol" data-diagnostic={s.index}>
            {" "}
          </mark>,
        );
      }
    }
  };
  for (const tok of toks) {
    let a = tok.start;
    while (a < tok.end) {
      let b = tok.end;
      for (const c of cuts) if (c > a && c < b) b = c;
      pushEol(a);
      const piece = text.slice(a, b);
      const m = marked(a);
      const inner = tok.cls ? <span class={tok.cls}>{piece}</span> : piece;
      parts.push(
        m && !eol.includes(m) ? (
          <mark key={k++} class="lab-err" data-diagnostic={m.index}>
            {inner}
          </mark>
        ) : (
          <span key={k++}>{inner}</span>
        ),
      );
      a = b;
    }
  }
  pushEol(text.length);
  return <>{parts}</>;
}

export function RuleEditor(props: {
  id: string;
  value: string;
  onInput: (v: string) => void;
  diagnostics: Diagnostic[];
  checking: boolean;
  label: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const { value, diagnostics } = props;
  const spans = spansOf(value, diagnostics);
  const errorsId = `${props.id}-errors`;
  const goTo = (s: Span) => {
    const ta = ref.current;
    if (!ta) return;
    ta.focus();
    ta.setSelectionRange(s.start, Math.min(s.end, value.length));
  };
  return (
    <div class="lab-editor-wrap">
      <div class="lab-editor">
        {/* The trailing newline and space keep the layer as tall as the textarea's last line. */}
        <pre class="lab-hl" aria-hidden="true">
          <Highlighted text={value} spans={spans} />
          {"\n "}
        </pre>
        <textarea
          id={props.id}
          ref={ref}
          value={value}
          spellcheck={false}
          autocomplete="off"
          autocapitalize="off"
          autocorrect="off"
          wrap="soft"
          aria-label={props.label}
          aria-invalid={diagnostics.length > 0 ? "true" : undefined}
          aria-describedby={errorsId}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div id={errorsId}>
        <ul class="lab-errors" role="alert" data-testid="rule-errors">
          {diagnostics.map((d, i) => (
            <li key={i} data-line={d.line} data-column={d.column}>
              <button type="button" class="linkish" onClick={() => goTo(spans[i])}>
                {t(`行 ${d.line}, 列 ${d.column}`, `Line ${d.line}, column ${d.column}`)}
              </button>
              : {tx(d.message)}
            </li>
          ))}
        </ul>
        {diagnostics.length === 0 && props.checking && (
          <p class="small muted" role="status">
            {t("確認中…", "Checking…")}
          </p>
        )}
      </div>
    </div>
  );
}
