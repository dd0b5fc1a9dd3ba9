// Syntax highlighting of the rules language (docs/rules-language.md): citations in brackets,
// keywords, builtins, parameters, numbers and percentages, strings, operators and field names.
// A display aid only: the server's checker is the authority on what a rule means.
const TOKEN =
  /(\[[^\]\n]*\])|("(?:[^"\\\n]|\\.)*")|(\$[A-Za-z_][A-Za-z0-9_]*)|(\d[\d_]*(?:\.\d+)?%?)|([A-Za-z_][A-Za-z0-9_]*)|(=>|>=|<=|==|!=|[<>+\-*/(),.:])/g;
const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);
const BUILTINS = new Set(["any", "all", "count", "sum", "share", "rank", "date", "by"]);

export function Rule({ source }: { source: string }) {
  const parts: preact.JSX.Element[] = [];
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    const i = m.index ?? 0;
    if (i > last) parts.push(<>{source.slice(last, i)}</>);
    const text = m[0];
    let cls = "";
    if (m[1]) cls = "tok-cite";
    else if (m[2]) cls = "tok-str";
    else if (m[3]) cls = "tok-param";
    else if (m[4]) cls = "tok-num";
    else if (m[5]) cls = KEYWORDS.has(text) || BUILTINS.has(text) ? "tok-kw" : "tok-field";
    else cls = "tok-op";
    parts.push(<span class={cls}>{text}</span>);
    last = i + text.length;
  }
  if (last < source.length) parts.push(<>{source.slice(last)}</>);
  return (
    <pre class="rule">
      <code>{parts}</code>
    </pre>
  );
}
