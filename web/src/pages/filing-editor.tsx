// The contents of a filing as a form (docs/filings.md "The JSON form of a filing"), bound to the
// filing's JSON by JSON pointers: every input carries the pointer of its value, so the server's
// completeness findings (`findings[].pointer`) and decoding errors (`errors[].pointer`) are shown
// at the field they concern, and listed above the form with a link to each. Which parts are shown
// follows the pack's form for the filing's kind; labels and required marks come from it too.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, post, put } from "../api";
import { lang, t, tx } from "../i18n";
import type { RegimeAnswer } from "../types";
import { setLeaveGuard } from "../router";
import { ProblemBox, SyntheticNote } from "../ui";
import { Citation } from "../citation";
import type { Filing, Finding } from "./filings";
import type { Ctx } from "./filing-fields";
import { prune, setAt, type Json } from "./filing-json";
import { Sections } from "./filing-sections";

function focusPointer(ptr: string): void {
  let p = ptr;
  while (p) {
    const el = document.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(p)}"]`);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
      return;
    }
    p = p.slice(0, p.lastIndexOf("/"));
  }
  // Nothing on the form carries it: the finding in the list above keeps the focus.
  document.querySelector<HTMLElement>(`[data-pointer-ref="${CSS.escape(ptr)}"] a`)?.focus();
}

export function FilingEditor({
  filing,
  regime,
  onSaved,
  readOnly = false,
}: {
  filing: Filing;
  regime: RegimeAnswer;
  onSaved: () => void;
  readOnly?: boolean;
}) {
  const [draft, setDraft] = useState<Json>(() => (filing.contents ?? {}) as Json);
  // Every edit bumps the revision; a save clears `dirty` only if nothing changed while it ran.
  const revision = useRef(0);
  const saved = useRef(0);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pack = regime.packs.find((p) => p.businesses.some((b) => b.id === filing.business));
  // The form in force today for this kind (the one the server checks against; the server says
  // which it is).
  const forms = pack?.forms.filter((f) => f.kind === filing.kind) ?? [];
  const form = forms.find((f) => f.in_force) ?? forms[0];
  const findings: Finding[] = filing.findings ?? [];
  const problems = useMemo(() => {
    const m = new Map<string, { text: string; kind: string }[]>();
    const add = (ptr: string, text: string, kind: string) => m.set(ptr, [...(m.get(ptr) ?? []), { text, kind }]);
    for (const f of findings) add(f.pointer, tx(f.message), f.kind);
    for (const e of error?.problem.errors ?? []) add(e.pointer, e.detail, "invalid");
    return m;
  }, [findings, error, lang()]);
  const ctx: Ctx = {
    draft,
    set: (ptr, v) => {
      revision.current += 1;
      setDraft((d) => (ptr === "" ? (v as Json) : setAt(d, ptr, v)));
      setDirty(true);
      setNotice(null);
    },
    problems,
    form,
    pack,
    readOnly,
  };
  const save = async (): Promise<boolean> => {
    setError(null);
    const sent = revision.current;
    try {
      await put(`/api/v1/filings/${encodeURIComponent(filing.id)}`, prune(draft));
      saved.current = sent;
      setDirty(revision.current !== sent);
      return revision.current === sent;
    } catch (e) {
      setError(e as ApiError);
      return false;
    }
  };
  const onSave = async () => {
    setBusy(true);
    if (await save()) {
      setNotice(t("保存しました。", "Saved."));
      onSaved();
    }
    setBusy(false);
  };
  const onSubmit = async () => {
    setBusy(true);
    if (revision.current === saved.current || (await save())) {
      try {
        await post(`/api/v1/filings/${encodeURIComponent(filing.id)}/submit`);
        setNotice(t("提出しました。", "Submitted."));
        onSaved();
      } catch (e) {
        setError(e as ApiError);
        onSaved();
      }
    }
    setBusy(false);
  };
  // Unsaved edits are not lost silently: leaving the page (or the app's own links) asks first.
  useEffect(() => {
    if (readOnly || !dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    const release = setLeaveGuard(t("保存していない変更があります。このページを離れますか？", "There are unsaved changes. Leave this page?"));
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      release();
    };
  }, [dirty, readOnly]);
  const blocking = findings.filter((f) => f.kind !== "warning");
  const synthetic = typeof draft.note === "string" && /例示|synthetic|架空/.test(draft.note);
  return (
    <div class="filing-editor">
      {synthetic && <SyntheticNote>{String(draft.note)}</SyntheticNote>}
      {!readOnly && (
        <section class="card completeness" aria-labelledby="check" data-testid="completeness">
          <h2 id="check">
            {t("提出前の確認", "Before submitting")}{" "}
            {filing.complete === undefined ? (
              <span class="badge badge-neutral">{t("この種類の様式は施行前のため未確認", "not checked: no form in force for this kind")}</span>
            ) : filing.complete && blocking.length === 0 ? (
              <span class="badge badge-ok">{t("不足なし", "complete")}</span>
            ) : (
              <span class="badge badge-bad" data-testid="missing-count">
                {t(`不足・誤り ${blocking.length} 件`, `${blocking.length} to fix`)}
              </span>
            )}
          </h2>
          {dirty && <p class="small muted">{t("未保存の変更があります。確認結果は保存した内容に対するものです。", "Unsaved changes: the check is of the saved version.")}</p>}
          {findings.length > 0 && (
            <ul class="findings">
              {findings.map((f, i) => (
                <li key={i} data-pointer-ref={f.pointer} class={`finding-${f.kind}`}>
                  <a
                    href={`#${f.pointer}`}
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      focusPointer(f.pointer);
                    }}
                  >
                    {tx(f.message)}
                  </a>{" "}
                  <code class="small muted">{f.pointer}</code>
                </li>
              ))}
            </ul>
          )}
          <ProblemBox error={error} />
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          <div class="row">
            <button type="button" onClick={onSave} disabled={busy || !dirty}>
              {t("保存", "Save")}
            </button>
            <button type="button" class="primary" onClick={onSubmit} disabled={busy}>
              {t("提出する", "Submit")}
            </button>
          </div>
        </section>
      )}
      <form
        class={readOnly ? "card-less" : "card"}
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
        }}
        aria-label={t("届出の内容", "Contents of the filing")}
      >
        {form && (
          <p class="small muted">
            {tx(form.name)} — <Citation text={form.citation} references={form.citation_references} />
          </p>
        )}
        <Sections ctx={ctx} kind={filing.kind} />
      </form>
    </div>
  );
}
