// A citation of the law as the server gives it: the text as written (what a legal officer reviews)
// and, beside it, each structured reference it names (docs/references.md) as a link to the
// provision on e-Gov 法令検索, with its status visible — 「確認済み」 (✓) or a 「未確認」 badge for
// a provision not confirmed against the statute's text. The one component every page uses where
// a citation is shown; the references are the server's, never parsed here.
import { t, tx } from "./i18n";
import type { Reference } from "./types";

function RefLink({ r }: { r: Reference }) {
  const label = tx(r.text);
  const unverified = r.status === "unverified";
  return (
    <span class="ref" data-status={r.status}>
      <a href={r.url} target="_blank" rel="noopener noreferrer" title={t("e-Gov 法令検索で開く", "Open in e-Gov law search")}>
        {label}
      </a>
      {unverified ? (
        <span class="badge badge-warn ref-status">{t("未確認", "unverified")}</span>
      ) : (
        <span class="ref-status ref-ok" title={t("条文と照合済み", "checked against the text")}>
          <span aria-hidden="true">✓</span>
          <span class="sr-only">{t("確認済み", "confirmed")}</span>
        </span>
      )}
    </span>
  );
}

// `text` is shown as written unless `textHidden`; the references follow it. Nothing when both are
// empty.
export function Citation({
  text,
  references,
  textHidden,
}: {
  text?: string | null;
  references?: Reference[] | null;
  textHidden?: boolean;
}) {
  const refs = references ?? [];
  if (!text && refs.length === 0) return null;
  return (
    <span class="citation">
      {text && !textHidden && <span class="citation-text">{text}</span>}
      {refs.length > 0 && (
        <span class="refs">
          {refs.map((r, i) => (
            <RefLink key={i} r={r} />
          ))}
        </span>
      )}
    </span>
  );
}
