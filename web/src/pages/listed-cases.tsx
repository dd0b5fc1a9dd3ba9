// The ordinance's listed cases for 法第52条第1項ただし書 and 法第54条 (the pack's [[listed_case]]:
// emergencies, important changes, minor changes), each with its citation: on the regime page all
// of them, in the filing editor those that decide which kind of filing a change needs.
import { t, tx } from "../i18n";
import type { ListedCase, Pack } from "../types";
import { Citation } from "../citation";

const CASE_KIND: Record<ListedCase["kind"], [string, string]> = {
  emergency: ["緊急の場合（届出前の導入等）", "Emergencies (installation before filing)"],
  important_change: ["重要な変更（事前に届出・再審査）", "Important changes (filed beforehand, reviewed again)"],
  minor_change: ["軽微な変更（届出・報告とも不要）", "Minor changes (nothing to file or report)"],
};

export function ListedCases({
  pack,
  kinds = ["emergency", "important_change", "minor_change"],
  summary = ["省令が定める緊急の場合・変更の区分", "The ordinance's emergencies and kinds of change"],
  testid = `listed-cases-${pack.id}`,
  open = false,
}: {
  pack: Pack;
  kinds?: ListedCase["kind"][];
  summary?: [string, string];
  testid?: string;
  open?: boolean;
}) {
  const shown = pack.listed_cases.filter((c) => kinds.includes(c.kind));
  if (shown.length === 0) return null;
  return (
    <details class="business" data-testid={testid} open={open}>
      <summary>{t(...summary)}</summary>
      {kinds.map((kind) => {
        const cases = shown.filter((c) => c.kind === kind);
        if (cases.length === 0) return null;
        return (
          <div key={kind}>
            <h4 class="muted small">{t(...CASE_KIND[kind])}</h4>
            <ul class="small">
              {cases.map((c) => (
                <li key={c.id}>
                  {tx(c.name)}
                  <br />
                  <Citation text={c.citation} references={c.citation_references} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </details>
  );
}
