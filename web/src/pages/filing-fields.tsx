// The field primitives of the filing editor, each bound to the JSON pointer of its value: a
// text or date input, a yes/no, a list of items, a party (supplier, contractor) with its
// officers and shareholders, an attachment's file. Each shows the problems at its pointer.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { t } from "../i18n";
import type { Form, Pack } from "../types";
import { getAt, itemPath, type Json } from "./filing-json";

export interface Ctx {
  draft: Json;
  set: (ptr: string, v: unknown) => void;
  problems: Map<string, { text: string; kind: string }[]>;
  form: Form | undefined;
  pack: Pack | undefined;
  readOnly: boolean;
}

export function labelFor(ctx: Ctx, ptr: string, ja: string, en: string): { text: string; required: boolean } {
  const path = itemPath(ptr);
  const item = ctx.form?.items.find(
    (i) => i.path === path || (path.endsWith("corporate_number") && i.path === path.replace(/corporate_number$/, "corporate_number_or_foreign_registration")),
  );
  // An omission the draft claims leaves its items out of what is required (as the server checks).
  const claimed = (getAt(ctx.draft, "/omissions") as string[] | undefined) ?? [];
  const omitted = (ctx.form?.omissions ?? []).some((o) => claimed.includes(o.id) && item !== undefined && o.items.includes(item.path));
  return { text: t(ja, en), required: !!item && !omitted };
}

export function Problems({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
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

export function Input({
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

export function YesNo({ ctx, ptr, ja, en }: { ctx: Ctx; ptr: string; ja: string; en: string }) {
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
export function List({
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
export function Shareholders({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
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
export function nextId(list: unknown[], prefix: string, from = 1): string {
  let n = from - 1;
  for (const x of list) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(String((x as Json)?.id ?? ""));
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `${prefix}${n + 1}`;
}

export function Party({ ctx, ptr, withId = true }: { ctx: Ctx; ptr: string; withId?: boolean }) {
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
        ja="役員（氏名・生年月日・国籍）"
        en="Officers (name, date of birth, nationality)"
        addJa="役員を追加"
        addEn="Add an officer"
        make={() => ({ name: "", nationality: "" })}
        item={(p) => (
          <div class="form-grid">
            <Input ctx={ctx} ptr={`${p}/name`} ja="氏名" en="Name" />
            <Input ctx={ctx} ptr={`${p}/date_of_birth`} ja="生年月日" en="Date of birth" type="date" />
            <Input ctx={ctx} ptr={`${p}/nationality`} ja="国籍（ISO 2文字）" en="Nationality (ISO alpha-2)" />
          </div>
        )}
      />
      <Shareholders ctx={ctx} ptr={`${ptr}/shareholders`} />
      <div class="form-grid">
        <YesNo ctx={ctx} ptr={`${ptr}/foreign_government_dealings/exists`} ja="外国政府等との取引・資金提供" en="Dealings with or funding from foreign governments" />
        <Input ctx={ctx} ptr={`${ptr}/foreign_government_dealings/description`} ja="その内容" en="Their description" multiline />
        <Input ctx={ctx} ptr={`${ptr}/foreign_government_dealings/fiscal_year_end`} ja="外国政府等との取引が売上高の25%以上の事業年度の末日" en="End of the fiscal year with 25% or more of sales to foreign governments" type="date" />
        <Input ctx={ctx} ptr={`${ptr}/foreign_government_dealings/government`} ja="当該外国政府等の名称" en="The foreign government" />
        <Input ctx={ctx} ptr={`${ptr}/foreign_government_dealings/sales_share`} ja="売上高に占める割合（例: 27.5%）" en="Share of sales (e.g. 27.5%)" />
        <Input ctx={ctx} ptr={`${ptr}/past_supply_record`} ja="過去の供給等の実績" en="Past supply record" multiline />
        <Input ctx={ctx} ptr={`${ptr}/factory_location`} ja="製造する工場又は事業場の所在地" en="Where it is made (factory or site)" />
      </div>
      <Problems ctx={ctx} ptr={`${ptr}/foreign_government_dealings`} />
    </div>
  );
}

export function threshold(ctx: Ctx): string {
  const th = ctx.form?.thresholds.find((x) => x.id === "shareholder_min_share");
  if (!th) return "5%";
  return th.verified ? th.value : `${th.value}${t("（未確認）", " (unverified)")}`;
}

// Attachments are metadata only: the file is hashed in the browser (SHA-256) and never sent.
export function AttachmentFile({ ctx, ptr }: { ctx: Ctx; ptr: string }) {
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
