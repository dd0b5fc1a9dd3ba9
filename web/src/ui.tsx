// Small pieces the pages share: loading and error states, the problem box, a data hook, dates.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "./api";
import { bothDates } from "./format";
import { lang, t, tx } from "./i18n";
import type { DateBasis } from "./types";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

// Runs `load` when `deps` or the language change (the server's messages follow the language);
// keeps the last data while reloading.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e) =>
        live &&
        setState({
          data: null,
          error: e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) }),
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick, lang()]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function Loading() {
  return (
    <p class="muted" role="status" aria-live="polite">
      {t("読み込み中…", "Loading…")}
    </p>
  );
}

// A problem from the server: title, detail and every field error with its pointer.
export function ProblemBox({ error }: { error: ApiError | null }) {
  if (!error) return null;
  const p = error.problem;
  return (
    <div class="problem" role="alert">
      <strong>{p.title || t("エラー", "Error")}</strong>
      {p.detail && <p>{p.detail}</p>}
      {p.errors && p.errors.length > 0 && (
        <ul>
          {p.errors.map((e) => (
            <li key={e.pointer + e.detail}>
              <code>{e.pointer || "/"}</code> {e.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DateText({ iso, wareki }: { iso: string | null | undefined; wareki?: string }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {bothDates(iso, wareki)}
    </time>
  );
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

// Marks data that is synthetic or illustrative, on screen.
export function SyntheticNote({ children }: { children: ComponentChildren }) {
  return (
    <p class="synthetic" role="note">
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

// The banner over results computed from a synthetic dataset (the server's `synthetic_data`):
// 「合成データ / synthetic data」 in both languages whatever the page's language, so a screenshot
// never loses it.
export function SyntheticBanner({ children }: { children?: ComponentChildren }) {
  return (
    <div class="synthetic-banner" role="note" data-testid="synthetic-banner">
      <strong>
        <span aria-hidden="true">⚠ </span>合成データ / synthetic data
      </strong>
      {children && <span class="small"> — {children}</span>}
    </div>
  );
}

// 「サンプルデータ / sample data」 over answers resting on the supply chain's sample inventories,
// feeds and lists, in both languages (as SyntheticBanner).
export function SampleBanner({ children }: { children?: ComponentChildren }) {
  return (
    <div class="synthetic-banner" role="note" data-testid="sample-banner">
      <strong>
        <span aria-hidden="true">⚠ </span>サンプルデータ / sample data
      </strong>
      {children && <span class="small"> — {children}</span>}
    </div>
  );
}

// A date the regime pack chose or worked back rather than read off a source (`date_basis`): a
// short badge (「選んだ日付」 / 「推定した日付」) followed by the server's label, which gives the
// reason, or with the label as the badge's title only when `compact` (a table cell). Nothing for
// null.
export function DateBasisMark({ basis, compact }: { basis: DateBasis | null | undefined; compact?: boolean }) {
  if (!basis || !basis.kind) return null;
  const label = basis.label ? tx(basis.label) : "";
  return (
    <span class="date-basis" data-basis={basis.kind} title={compact ? label : undefined}>
      <Badge kind="warn">{basis.kind === "derived" ? t("推定した日付", "derived date") : t("選んだ日付", "chosen date")}</Badge>
      {label && !compact && <span class="small muted"> {label}</span>}
    </span>
  );
}

// The status of a criteria version or an equipment definition, as the regime packs spell it.
export function statusLabel(status: string): string {
  switch (status) {
    case "in_force":
      return t("施行中", "in force");
    case "proposed":
      return t("案", "proposed");
    case "repealed":
      return t("廃止", "repealed");
    default:
      return status;
  }
}
