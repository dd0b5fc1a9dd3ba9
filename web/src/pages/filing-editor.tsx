// The contents of a filing as a form (docs/filings.md "The JSON form of a filing"), bound to the
// filing's JSON by JSON pointers: every input carries the pointer of its value, so the server's
// completeness findings (`findings[].pointer`) and decoding errors (`errors[].pointer`) are shown
// at the field they concern, and listed above the form with a link to each. Which parts are shown
// follows the pack's form for the filing's kind; labels and required marks come from it too.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, post, put } from "../api";
import { lang, t, tx, type Text } from "../i18n";
import type { Form, Pack, RegimeAnswer } from "../types";
import { setLeaveGuard } from "../router";
import { ProblemBox, SyntheticNote } from "../ui";
import type { Filing, Finding } from "./filings";

type Json = Record<string, unknown>;

// --- JSON pointer helpers --------------------------------------------------------------------

const unescape = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");
// One reference token of a JSON pointer (RFC 6901): "~" → "~0", "/" → "~1".
export const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const parts = (ptr: string) => (ptr === "" ? [] : ptr.slice(1).split("/").map(unescape));

function getAt(obj: unknown, ptr: string): unknown {
  let cur: unknown = obj;
  for (const p of parts(ptr)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Json)[p];
  }
  return cur;
}

// A copy of `obj` with the value at `ptr` replaced (containers created on the way; undefined
// removes the member).
function setAt(obj: Json, ptr: string, value: unknown): Json {
  const ps = parts(ptr);
  const rec = (cur: unknown, i: number): unknown => {
    const key = ps[i];
    // The container keeps its kind; a missing one is an object (lists are created whole, by List).
    const base: Json | unknown[] = Array.isArray(cur) ? [...cur] : cur && typeof cur === "object" ? { ...(cur as Json) } : {};
    const next = i === ps.length - 1 ? value : rec((base as Json)[key], i + 1);
    if (next === undefined && !Array.isArray(base)) delete (base as Json)[key];
    else (base as Json)[key] = next;
    return base;
  };
  return rec(obj, 0) as Json;
}

// What is sent: empty strings and empty objects dropped (the server reads an absent item as
// missing), empty lists kept (an empty shareholder list says "none").
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const [k, x] of Object.entries(v as Json)) {
      const p = prune(x);
      if (p === undefined || p === "") continue;
      if (p && typeof p === "object" && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

// "/suppliers/1/corporate_number" → "suppliers[].corporate_number" (the form's item path).
const itemPath = (ptr: string) =>
  parts(ptr)
    .map((p) => (/^\d+$/.test(p) ? "[]" : p))
    .join(".")
    .replace(/\.\[\]/g, "[]");

// --- the editing context ---------------------------------------------------------------------

interface Ctx {
  draft: Json;
  set: (ptr: string, v: unknown) => void;
  problems: Map<string, { text: string; kind: string }[]>;
  form: Form | undefined;
  pack: Pack | undefined;
  readOnly: boolean;
}

function labelFor(ctx: Ctx, ptr: string, ja: string, en: string): { text: string; required: boolean } {
  const path = itemPath(ptr);
  const item = ctx.form?.items.find(
    (i) => i.path === path || (path.endsWith("corporate_number") && i.path === path.replace(/corporate_number$/, "corporate_number_or_foreign_registration")),
  );
  return { text: t(ja, en), required: !!item };
}

function Problems({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
  const list = ctx.problems.get(ptr);
  if (!list) return null;
  return (
    <>
      {list.map((p, i) => (
        <span key={i} class={p.kind === "warning" ? "field-warning" : "field-error"} id={i === 0 ? `err-${ptr}` : undefined}>
          {p.text}
        </span>
      ))}
    </>
  );
}

function Input({
  ctx,
  ptr,
  ja,
  en,
  type = "text" as "text" | "date",
  multiline = false,
  placeholder,
}: {
  ctx: Ctx;
  ptr: string;
  ja: string;
  en: string;
  type?: "text" | "date";
  multiline?: boolean;
  placeholder?: string;
}) {
  const { text, required } = labelFor(ctx, ptr, ja, en);
  const bad = ctx.problems.get(ptr)?.some((p) => p.kind !== "warning");
  const v = getAt(ctx.draft, ptr);
  const props = {
    "data-pointer": ptr,
    name: ptr,
    value: v === undefined || v === null ? "" : String(v),
    readOnly: ctx.readOnly,
    placeholder,
    "aria-invalid": bad ? ("true" as const) : undefined,
    "aria-describedby": bad ? `err-${ptr}` : undefined,
    onInput: (e: Event) => ctx.set(ptr, (e.target as HTMLInputElement).value),
  };
  return (
    <label>
      <span class={required ? "req" : undefined}>{text}</span>
      {multiline ? <textarea rows={ctx.readOnly ? Math.max(2, String(v ?? "").split("\n").length + Math.floor(String(v ?? "").length / 60)) : 2} {...props} /> : type === "date" ? <input type="date" {...props} /> : <input type="text" {...props} />}
      <Problems ctx={ctx} ptr={ptr} />
    </label>
  );
}

function YesNo({ ctx, ptr, ja, en }: { ctx: Ctx; ptr: string; ja: string; en: string }) {
  const v = getAt(ctx.draft, ptr);
  const { text, required } = labelFor(ctx, ptr, ja, en);
  return (
    <label>
      <span class={required ? "req" : undefined}>{text}</span>
      <select
        data-pointer={ptr}
        name={ptr}
        disabled={ctx.readOnly}
        value={v === true ? "yes" : v === false ? "no" : ""}
        aria-invalid={ctx.problems.has(ptr) ? "true" : undefined}
        onChange={(e) => {
          const s = (e.target as HTMLSelectElement).value;
          ctx.set(ptr, s === "yes" ? true : s === "no" ? false : undefined);
        }}
      >
        <option value="">{t("未回答", "not answered")}</option>
        <option value="yes">{t("はい", "yes")}</option>
        <option value="no">{t("いいえ", "no")}</option>
      </select>
      <Problems ctx={ctx} ptr={ptr} />
    </label>
  );
}

// A list of objects: each element rendered by `item`, with add and remove buttons.
function List({
  ctx,
  ptr,
  ja,
  en,
  addJa,
  addEn,
  make,
  item,
}: {
  ctx: Ctx;
  ptr: string;
  ja: string;
  en: string;
  addJa: string;
  addEn: string;
  make: (list: unknown[]) => Json;
  item: (ptr: string, index: number) => ComponentChildren;
}) {
  const list = (getAt(ctx.draft, ptr) as unknown[] | undefined) ?? [];
  const { text, required } = labelFor(ctx, ptr, ja, en);
  return (
    <div class="list" data-pointer={ptr} tabIndex={-1}>
      <h4>
        <span class={required ? "req" : undefined}>{text}</span> <span class="muted small">({list.length})</span>
      </h4>
      <Problems ctx={ctx} ptr={ptr} />
      {list.map((_, i) => (
        <div class="list-item" key={i}>
          {item(`${ptr}/${i}`, i)}
          {!ctx.readOnly && (
            <button type="button" class="danger small-button" onClick={() => ctx.set(ptr, list.filter((__, j) => j !== i))}>
              {t("削除", "Remove")}
            </button>
          )}
        </div>
      ))}
      {!ctx.readOnly && (
        <button type="button" onClick={() => ctx.set(ptr, [...list, make(list)])}>
          + {t(addJa, addEn)}
        </button>
      )}
    </div>
  );
}

// The shareholders at or above the form's line: a list, or an explicit "none" (an empty list).
// Absent means not answered, which the completeness check reports.
function Shareholders({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
  const list = getAt(ctx.draft, ptr) as unknown[] | undefined;
  const none = Array.isArray(list) && list.length === 0;
  return (
    <div data-pointer={ptr} tabIndex={-1}>
      <label class="check">
        <span>
          <input
            type="checkbox"
            disabled={ctx.readOnly}
            checked={none}
            onChange={(e) => ctx.set(ptr, (e.target as HTMLInputElement).checked ? [] : undefined)}
          />{" "}
          {t(`議決権の${threshold(ctx)}以上を保有する株主はいない`, `No shareholder holds ${threshold(ctx)} or more of the votes`)}
        </span>
      </label>
      {!none && (
        <List
          ctx={ctx}
          ptr={ptr}
          ja={`議決権の${threshold(ctx)}以上を保有する株主`}
          en={`Shareholders with ${threshold(ctx)} or more of the votes`}
          addJa="株主を追加"
          addEn="Add a shareholder"
          make={() => ({ name: "", country: "", voting_share: "" })}
          item={(p) => (
            <div class="form-grid">
              <Input ctx={ctx} ptr={`${p}/name`} ja="名称・氏名" en="Name" />
              <Input ctx={ctx} ptr={`${p}/country`} ja="国（ISO 2文字）" en="Country (ISO alpha-2)" />
              <Input ctx={ctx} ptr={`${p}/voting_share`} ja="議決権割合（例 12.5%）" en="Voting share (e.g. 12.5%)" />
            </div>
          )}
        />
      )}
    </div>
  );
}

// The next free reference id with this prefix ("s3" after s1, s2), so a removed party's id is
// never given to a new one while components may still name it.
function nextId(list: unknown[], prefix: string, from = 1): string {
  let n = from - 1;
  for (const x of list) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(String((x as Json)?.id ?? ""));
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `${prefix}${n + 1}`;
}

function Party({ ctx, ptr, withId = true }: { ctx: Ctx; ptr: string; withId?: boolean }) {
  return (
    <div class="party" data-pointer={ptr} tabIndex={-1}>
      <div class="form-grid">
        {withId && <Input ctx={ctx} ptr={`${ptr}/id`} ja="参照ID（構成設備から参照）" en="Reference id (used by components)" />}
        <Input ctx={ctx} ptr={`${ptr}/name`} ja="名称" en="Name" />
        <Input ctx={ctx} ptr={`${ptr}/address`} ja="住所" en="Address" />
        <Input ctx={ctx} ptr={`${ptr}/country`} ja="設立準拠法国（ISO 2文字: JP 等）" en="Country of incorporation (ISO alpha-2)" placeholder="JP" />
        <Input ctx={ctx} ptr={`${ptr}/corporate_number`} ja="法人番号（13桁）" en="Corporate number (13 digits)" />
        <Input ctx={ctx} ptr={`${ptr}/foreign_registration`} ja="外国の登録番号（外国法人）" en="Foreign registration (foreign company)" />
        <Input ctx={ctx} ptr={`${ptr}/representative`} ja="代表者" en="Representative" />
        <YesNo ctx={ctx} ptr={`${ptr}/registered_in_japan`} ja="日本で登記されている" en="Registered in Japan" />
      </div>
      <List
        ctx={ctx}
        ptr={`${ptr}/officers`}
        ja="役員（氏名・国籍）"
        en="Officers (name, nationality)"
        addJa="役員を追加"
        addEn="Add an officer"
        make={() => ({ name: "", nationality: "" })}
        item={(p) => (
          <div class="form-grid">
            <Input ctx={ctx} ptr={`${p}/name`} ja="氏名" en="Name" />
            <Input ctx={ctx} ptr={`${p}/nationality`} ja="国籍（ISO 2文字）" en="Nationality (ISO alpha-2)" />
          </div>
        )}
      />
      <Shareholders ctx={ctx} ptr={`${ptr}/shareholders`} />
      <div class="form-grid">
        <YesNo ctx={ctx} ptr={`${ptr}/foreign_government_dealings/exists`} ja="外国政府等との取引・資金提供" en="Dealings with or funding from foreign governments" />
        <Input ctx={ctx} ptr={`${ptr}/foreign_government_dealings/description`} ja="その内容" en="Their description" multiline />
        <Input ctx={ctx} ptr={`${ptr}/past_supply_record`} ja="過去の供給等の実績" en="Past supply record" multiline />
      </div>
      <Problems ctx={ctx} ptr={`${ptr}/foreign_government_dealings`} />
    </div>
  );
}

function threshold(ctx: Ctx): string {
  const th = (ctx.form?.thresholds as { id: string; value: string; verified: boolean }[] | undefined)?.find((x) => x.id === "shareholder_min_share");
  if (!th) return "5%";
  return th.verified ? th.value : `${th.value}${t("（未確認）", " (unverified)")}`;
}

// Attachments are metadata only: the file is hashed in the browser (SHA-256) and never sent.
function AttachmentFile({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
  const [error, setError] = useState<string | null>(null);
  if (ctx.readOnly) return null;
  return (
    <label>
      <span>{t("ファイルを選ぶ（ハッシュと大きさだけを記録し、ファイルは送信しません）", "Pick the file (only its hash and size are recorded; the file is not sent)")}</span>
      <input
        type="file"
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return;
          setError(null);
          try {
            if (!crypto.subtle) throw new Error(t("この接続（HTTPS でない）ではブラウザがハッシュを計算できません", "the browser cannot hash on this (non-HTTPS) connection"));
            const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
            const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
            ctx.set(`${ptr}/file_name`, file.name);
            ctx.set(`${ptr}/sha256`, hex);
            ctx.set(`${ptr}/size`, file.size);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      />
      {error && <span class="field-error">{error}</span>}
    </label>
  );
}

function Sections({ ctx, kind }: { ctx: Ctx; kind: string }) {
  const items = ctx.form?.items.map((i) => i.path) ?? [];
  const has = (prefix: string) => items.some((p) => p === prefix || p.startsWith(prefix + ".") || p.startsWith(prefix + "[")) || getAt(ctx.draft, "/" + prefix) !== undefined;
  const business = String(ctx.draft.business ?? "");
  const defs = ctx.pack?.equipment.filter((e) => e.business === business) ?? [];
  const functions = [...new Map(defs.flatMap((d) => d.functions.map((f) => [f.id, f] as const))).values()];
  const chosen = (getAt(ctx.draft, "/equipment/functions") as string[] | undefined) ?? [];
  const suppliers = ((getAt(ctx.draft, "/suppliers") as Json[] | undefined) ?? []).map((s) => String(s.id ?? "")).filter(Boolean);
  const checklist = ctx.form?.checklist ?? [];
  const attachmentKinds = (ctx.form?.attachments as { kind: string; name: Text }[] | undefined) ?? [];
  const fnProblems = ctx.problems.has("/equipment/functions");
  return (
    <>
      {(kind === "plan_change" || has("changes_to")) && (
        <fieldset>
          <legend>{t("変更の対象", "What changes")}</legend>
          <div class="form-grid">
            <Input ctx={ctx} ptr="/changes_to" ja="変更する届出のID" en="Id of the filing changed" />
            <Input ctx={ctx} ptr="/change_summary" ja="変更の内容" en="Summary of the change" multiline />
          </div>
        </fieldset>
      )}
      <fieldset>
        <legend>{t("特定重要設備", "Critical equipment")}</legend>
        <div class="form-grid">
          <Input ctx={ctx} ptr="/equipment/name" ja="名称" en="Name" />
          <Input ctx={ctx} ptr="/equipment/purpose" ja="使用目的" en="Purpose" multiline />
          <Input ctx={ctx} ptr="/equipment/location" ja="設置場所" en="Location" />
          <label>
            <span class={labelFor(ctx, "/equipment/definition", "", "").required ? "req" : undefined}>{t("該当する特定重要設備の定義", "Definition it falls under")}</span>
            <select
              data-pointer="/equipment/definition"
              name="/equipment/definition"
              disabled={ctx.readOnly}
              value={String(getAt(ctx.draft, "/equipment/definition") ?? "")}
              aria-invalid={ctx.problems.has("/equipment/definition") ? "true" : undefined}
              onChange={(e) => ctx.set("/equipment/definition", (e.target as HTMLSelectElement).value || undefined)}
            >
              <option value="">{t("選択してください", "Choose")}</option>
              {[...new Map(defs.map((d) => [d.id, d])).values()].map((d) => (
                <option key={d.id} value={d.id}>
                  {tx(d.name)}
                </option>
              ))}
            </select>
            <Problems ctx={ctx} ptr="/equipment/definition" />
          </label>
        </div>
        <div class="checks" data-pointer="/equipment/functions" tabIndex={-1} role="group" aria-invalid={fnProblems ? "true" : undefined}>
          <h4>
            <span class={labelFor(ctx, "/equipment/functions", "", "").required ? "req" : undefined}>{t("機能", "Functions")}</span>
          </h4>
          {functions.map((f) => (
            <label key={f.id} class="check">
              <span>
                <input
                  type="checkbox"
                  disabled={ctx.readOnly}
                  checked={chosen.includes(f.id)}
                  onChange={(e) =>
                    ctx.set(
                      "/equipment/functions",
                      (e.target as HTMLInputElement).checked ? [...chosen, f.id] : chosen.filter((x) => x !== f.id),
                    )
                  }
                />{" "}
                {f.name ? tx(f.name) : f.id}
              </span>
            </label>
          ))}
          <Problems ctx={ctx} ptr="/equipment/functions" />
        </div>
      </fieldset>
      {has("installation") && (
        <fieldset>
          <legend>{t("導入等の内容", "Installation")}</legend>
          <div class="form-grid">
            <Input ctx={ctx} ptr="/installation/description" ja="導入等の内容" en="What is installed" multiline />
            <Input ctx={ctx} ptr="/installation/planned_date" ja="導入等の予定日" en="Planned date" type="date" />
            <Input ctx={ctx} ptr="/installation/period/from" ja="又は期間（開始）" en="Or period (from)" type="date" />
            <Input ctx={ctx} ptr="/installation/period/to" ja="期間（終了）" en="Period (to)" type="date" />
          </div>
        </fieldset>
      )}
      {has("emergency") && (
        <fieldset>
          <legend>{t("緊急時の導入等", "Emergency installation")}</legend>
          <div class="form-grid">
            <Input ctx={ctx} ptr="/emergency/reason" ja="緊急の理由" en="Reason" multiline />
            <Input ctx={ctx} ptr="/emergency/installed_on" ja="導入等の日" en="Installed on" type="date" />
          </div>
        </fieldset>
      )}
      {has("components") && (
        <fieldset>
          <legend>{t("構成設備", "Components")}</legend>
          <List
            ctx={ctx}
            ptr="/components"
            ja="構成設備（1件以上）"
            en="Components (at least one)"
            addJa="構成設備を追加"
            addEn="Add a component"
            make={() => ({ name: "", role: "", supplier: suppliers[0] ?? "" })}
            item={(p) => (
              <div class="form-grid">
                <Input ctx={ctx} ptr={`${p}/name`} ja="名称" en="Name" />
                <Input ctx={ctx} ptr={`${p}/role`} ja="役割" en="Role" />
                <label>
                  <span class="req">{t("供給者", "Supplier")}</span>
                  <select
                    data-pointer={`${p}/supplier`}
                    name={`${p}/supplier`}
                    disabled={ctx.readOnly}
                    value={String(getAt(ctx.draft, `${p}/supplier`) ?? "")}
                    aria-invalid={ctx.problems.has(`${p}/supplier`) ? "true" : undefined}
                    onChange={(e) => ctx.set(`${p}/supplier`, (e.target as HTMLSelectElement).value)}
                  >
                    <option value="">{t("選択してください", "Choose")}</option>
                    {suppliers.map((s) => (
                      <option key={s} value={s}>
                        {s} {String(((getAt(ctx.draft, "/suppliers") as Json[]) ?? []).find((x) => x.id === s)?.name ?? "")}
                      </option>
                    ))}
                  </select>
                  <Problems ctx={ctx} ptr={`${p}/supplier`} />
                </label>
              </div>
            )}
          />
        </fieldset>
      )}
      {has("suppliers") && (
        <fieldset>
          <legend>{t("供給者", "Suppliers")}</legend>
          <List
            ctx={ctx}
            ptr="/suppliers"
            ja="供給者（1者以上）"
            en="Suppliers (at least one)"
            addJa="供給者を追加"
            addEn="Add a supplier"
            make={(list) => ({ id: nextId(list, "s"), officers: [] })}
            item={(p) => <Party ctx={ctx} ptr={p} />}
          />
        </fieldset>
      )}
      {has("maintenance") && (
        <fieldset>
          <legend>{t("重要維持管理等の委託", "Entrusted maintenance")}</legend>
          <div class="form-grid">
            <Input ctx={ctx} ptr="/maintenance/content" ja="委託の内容" en="What is entrusted" multiline />
            <Input ctx={ctx} ptr="/maintenance/planned_date" ja="委託の予定日" en="Planned date" type="date" />
            <Input ctx={ctx} ptr="/maintenance/period/from" ja="又は期間（開始）" en="Or period (from)" type="date" />
            <Input ctx={ctx} ptr="/maintenance/period/to" ja="期間（終了）" en="Period (to)" type="date" />
          </div>
          <h4>{t("委託先", "Contractor")}</h4>
          <Problems ctx={ctx} ptr="/maintenance/contractor" />
          <Party ctx={ctx} ptr="/maintenance/contractor" />
          <List
            ctx={ctx}
            ptr="/maintenance/subcontractors"
            ja="再委託先"
            en="Subcontractors"
            addJa="再委託先を追加"
            addEn="Add a subcontractor"
            make={(list) => ({ id: nextId(list, "c", 2), officers: [] })}
            item={(p) => <Party ctx={ctx} ptr={p} />}
          />
        </fieldset>
      )}
      {checklist.length > 0 && (
        <fieldset>
          <legend>{t("リスク管理措置", "Risk management measures")}</legend>
          {checklist.map((c) => {
            const ptr = `/risk_measures/${esc(c.id)}`;
            const v = getAt(ctx.draft, `${ptr}/implemented`);
            const bad = ctx.problems.has(ptr) || ctx.problems.has(`${ptr}/implemented`);
            return (
              <div class="risk" key={c.id} data-pointer={ptr} tabIndex={-1}>
                <div class="form-grid">
                  <label>
                    <span class="req">{tx(c.label)}</span>
                    <select
                      data-pointer={`${ptr}/implemented`}
                      name={`${ptr}/implemented`}
                      disabled={ctx.readOnly}
                      value={v === true ? "yes" : v === false ? "no" : ""}
                      aria-invalid={bad ? "true" : undefined}
                      onChange={(e) => {
                        const x = (e.target as HTMLSelectElement).value;
                        ctx.set(`${ptr}/implemented`, x === "yes" ? true : x === "no" ? false : undefined);
                      }}
                    >
                      <option value="">{t("未回答", "not answered")}</option>
                      <option value="yes">{t("実施する", "implemented")}</option>
                      <option value="no">{t("実施しない", "not implemented")}</option>
                    </select>
                    <Problems ctx={ctx} ptr={`${ptr}/implemented`} />
                  </label>
                  <Input ctx={ctx} ptr={`${ptr}/note`} ja="措置の内容" en="How" multiline />
                </div>
                <Problems ctx={ctx} ptr={ptr} />
              </div>
            );
          })}
        </fieldset>
      )}
      <fieldset>
        <legend>{t("添付書類", "Attachments")}</legend>
        <Problems ctx={ctx} ptr="/attachments" />
        <List
          ctx={ctx}
          ptr="/attachments"
          ja="添付書類（内容の記録のみ）"
          en="Attachments (recorded by hash only)"
          addJa="添付書類を追加"
          addEn="Add an attachment"
          make={() => ({ kind: attachmentKinds[0]?.kind ?? "", party: "", file_name: "" })}
          item={(p) => (
            <div class="form-grid">
              <label>
                <span>{t("種類", "Kind")}</span>
                <select
                  data-pointer={`${p}/kind`}
                  disabled={ctx.readOnly}
                  value={String(getAt(ctx.draft, `${p}/kind`) ?? "")}
                  onChange={(e) => ctx.set(`${p}/kind`, (e.target as HTMLSelectElement).value)}
                >
                  {attachmentKinds.map((a) => (
                    <option key={a.kind} value={a.kind}>
                      {tx(a.name)}
                    </option>
                  ))}
                </select>
              </label>
              <Input ctx={ctx} ptr={`${p}/party`} ja="対象（供給者等の参照ID）" en="For (party reference id)" />
              <Input ctx={ctx} ptr={`${p}/file_name`} ja="ファイル名" en="File name" />
              <Input ctx={ctx} ptr={`${p}/sha256`} ja="SHA-256" en="SHA-256" />
              <AttachmentFile ctx={ctx} ptr={p} />
            </div>
          )}
        />
      </fieldset>
      <fieldset>
        <legend>{t("備考", "Remarks")}</legend>
        <Input ctx={ctx} ptr="/note" ja="備考" en="Remarks" multiline />
      </fieldset>
    </>
  );
}

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
            {tx(form.name)} — {form.citation}
          </p>
        )}
        <Sections ctx={ctx} kind={filing.kind} />
      </form>
    </div>
  );
}
