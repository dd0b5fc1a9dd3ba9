// The acts the law allows the signed-in user on this filing now (the server's allowed_acts), each
// with the inputs it records, as the server's act table gives them (allowed_act_details[].inputs;
// docs/filings.md "States and acts"). Reviewer decisions are bound to
// the content hash that was submitted, so they decide on the version shown.
import { useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { t, tx } from "../i18n";
import { ProblemBox } from "../ui";
import { Citation } from "../citation";
import type { Filing } from "./filings";

function ActForm({
  filing,
  act,
  onDone,
  onStale,
  onRefresh,
}: {
  filing: Filing;
  act: NonNullable<Filing["allowed_act_details"]>[number];
  onDone: () => void;
  onStale: (e: ApiError) => void;
  onRefresh: () => void;
}) {
  const input = (k: string) => act.inputs.find((i) => i.field === k);
  const [values, setValues] = useState<Record<string, string>>({ channel: "e_gov" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: Event) => setValues({ ...values, [k]: (e.target as HTMLInputElement).value });
  const errorAt = (k: string) => error?.problem.errors?.find((x) => x.pointer === `/${k}`)?.detail;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, string> = {};
    for (const k of ["date", "received_on", "text", "reason"] as const) if (input(k) && values[k]) body[k] = values[k];
    if (input("channel")) body.channel = values.channel;
    if (act.decision) body.content_hash = filing.submitted_hash;
    try {
      await post(`/api/v1/filings/${encodeURIComponent(filing.id)}/acts/${act.act}`, body);
      onDone();
    } catch (err) {
      const e = err as ApiError;
      // Gone for this user: say why and reload. A state or date the law does not allow (409):
      // the error stays at the form, and the filing is reloaded in case someone else acted.
      if (e.status === 404) onStale(e);
      else {
        setError(e);
        if (e.status === 409) onRefresh();
      }
    } finally {
      setBusy(false);
    }
  };
  const field = (k: "date" | "received_on" | "text" | "reason") => {
    const s = input(k);
    if (!s) return null;
    const err = errorAt(k);
    const common = {
      name: k,
      required: s.required,
      value: values[k] ?? "",
      onInput: set(k),
      "aria-invalid": err ? ("true" as const) : undefined,
    };
    return (
      <label key={k}>
        <span class={s.required ? "req" : undefined}>{tx(s.label)}</span>
        {k === "text" || k === "reason" ? <textarea rows={3} {...common} /> : <input type="date" {...common} />}
        {err && <span class="field-error">{err}</span>}
      </label>
    );
  };
  return (
    <form class="act-form" onSubmit={submit} data-act={act.act}>
      <p class="small muted">
        {tx(act.basis)} <Citation references={act.basis_references} />
      </p>
      {field("date")}
      {input("channel") && (
        <label>
          <span class={input("channel")?.required ? "req" : undefined}>{tx(input("channel")!.label)}</span>
          <select name="channel" value={values.channel} onChange={set("channel")}>
            <option value="e_gov">{t("e-Gov 電子申請", "e-Gov")}</option>
            <option value="email">{t("電子メール", "e-mail")}</option>
            <option value="other">{t("その他（紙等）", "other (paper, …)")}</option>
          </select>
        </label>
      )}
      {field("received_on")}
      {field("text")}
      {field("reason")}
      {act.decision && (
        <p class="small muted">
          {t("この判断は提出された内容（ハッシュ ", "This decision applies to the submitted contents (hash ")}
          <code>{filing.submitted_hash.slice(0, 16)}…</code>
          {t("）に対して記録されます。", ").")}
        </p>
      )}
      <ProblemBox error={error} />
      <button class={act.act === "withdraw" || act.act === "order" ? "danger" : "primary"} type="submit" disabled={busy}>
        {tx(act.label)}
      </button>
    </form>
  );
}

export function ActPanel({ filing, onDone }: { filing: Filing; onDone: () => void }) {
  const acts = (filing.allowed_act_details ?? []).filter((a) => a.act !== "submit");
  const [open, setOpen] = useState<string | null>(null);
  const [stale, setStale] = useState<ApiError | null>(null);
  if (acts.length === 0) return stale ? <ProblemBox error={stale} /> : null;
  return (
    <section class="card" aria-labelledby="acts">
      <h2 id="acts">{t("手続", "Actions")}</h2>
      <ProblemBox error={stale} />
      <div class="row">
        {acts.map((a) => (
          <button
            key={a.act}
            type="button"
            data-act={a.act}
            aria-expanded={open === a.act}
            onClick={() => {
              setStale(null);
              setOpen(open === a.act ? null : a.act);
            }}
          >
            {tx(a.label)}
          </button>
        ))}
      </div>
      {acts
        .filter((a) => a.act === open)
        .map((a) => (
          <ActForm
            key={a.act}
            filing={filing}
            act={a}
            onDone={() => {
              setOpen(null);
              setStale(null);
              onDone();
            }}
            onStale={(e) => {
              setOpen(null);
              setStale(e);
              onDone();
            }}
            onRefresh={onDone}
          />
        ))}
    </section>
  );
}
