// The sections of the filing editor — what changes, the equipment, its installation, an
// emergency, the components, the suppliers, the entrusted maintenance, the risk-management
// measures, the attachments, remarks — each shown when the form in force for the filing's kind
// asks for it (or the draft already holds it), with the form's labels and required marks.
import { t, tx } from "../i18n";
import { AttachmentFile, type Ctx, Input, labelFor, List, nextId, Party, Problems } from "./filing-fields";
import { esc, getAt, type Json } from "./filing-json";
import { ListedCases } from "./listed-cases";
import { Citation } from "../citation";
import type { ListedCase } from "../types";

// Which of the ordinance's listed cases decide what a change needs, by the kind being filed
// (法第54条: important changes are filed beforehand, minor ones need nothing, the others are
// reported; in an emergency the change is made first and filed afterwards).
const CHANGE_CASES: Record<string, ListedCase["kind"][]> = {
  plan_change: ["important_change", "minor_change"],
  change_after_the_fact: ["emergency", "important_change"],
  change_report: ["important_change", "minor_change"],
};
const CHANGE_HINT: Record<string, [string, string]> = {
  plan_change: [
    "変更の案を事前に届け出るのは、省令が定める重要な変更です（法第54条第1項）。軽微な変更は届出も報告も要りません。",
    "A proposed change is filed beforehand for the important changes the ordinance lists (Art. 54(1)); minor changes need nothing.",
  ],
  change_after_the_fact: [
    "緊急やむを得ない場合（省令の定める場合）に重要な変更を先にしたときは、遅滞なく変更後の計画書を届け出ます（法第54条第3項）。",
    "An important change made first in the emergency the ordinance defines is filed without delay afterwards (Art. 54(3)).",
  ],
  change_report: [
    "重要な変更（事前の届出）でも軽微な変更（不要）でもない変更、及び導入後の構成設備の区分・名称・機能の変更は、変更後遅滞なく報告します（法第54条第4項）。",
    "A change neither important (filed beforehand) nor minor (nothing to do), or a change of a component's class, name or function after installation, is reported without delay (Art. 54(4)).",
  ],
};

// The omissions the form allows (e.g. 国土交通省令第17条 for subcontracting), as check boxes: a
// claimed one takes the items it names out of what is required and asks for its proof.
function Omissions({ ctx }: { ctx: Ctx }) {
  const allowed = ctx.form?.omissions ?? [];
  if (allowed.length === 0) return null;
  const claimed = (getAt(ctx.draft, "/omissions") as string[] | undefined) ?? [];
  return (
    <div class="checks" data-pointer="/omissions" tabIndex={-1} role="group" aria-label={t("記載の省略", "Omissions")}>
      {allowed.map((o) => (
        <label key={o.id} class="check">
          <span>
            <input
              type="checkbox"
              name={`omission-${o.id}`}
              disabled={ctx.readOnly}
              checked={claimed.includes(o.id)}
              onChange={(e) => {
                const next = (e.target as HTMLInputElement).checked ? [...claimed, o.id] : claimed.filter((x) => x !== o.id);
                ctx.set("/omissions", next.length > 0 ? next : undefined);
              }}
            />{" "}
            {tx(o.name)} — <Citation text={o.citation} references={o.citation_references} />
          </span>
          {claimed.includes(o.id) && <Problems ctx={ctx} ptr={`/omissions/${claimed.indexOf(o.id)}`} />}
        </label>
      ))}
    </div>
  );
}

export function Sections({ ctx, kind }: { ctx: Ctx; kind: string }) {
  const items = ctx.form?.items.map((i) => i.path) ?? [];
  const has = (prefix: string) => items.some((p) => p === prefix || p.startsWith(prefix + ".") || p.startsWith(prefix + "[")) || getAt(ctx.draft, "/" + prefix) !== undefined;
  return (
    <>
      {(kind in CHANGE_CASES || has("changes_to")) && (
        <fieldset>
          <legend>{t("変更の対象", "What changes")}</legend>
          {CHANGE_HINT[kind] && <p class="small muted">{t(...CHANGE_HINT[kind])}</p>}
          <div class="form-grid">
            <Input ctx={ctx} ptr="/changes_to" ja="変更する届出のID" en="Id of the filing changed" />
            <Input ctx={ctx} ptr="/change_summary" ja="変更の内容" en="Summary of the change" multiline />
            {has("changed_on") && <Input ctx={ctx} ptr="/changed_on" ja="変更をした日" en="Day the change was made" type="date" />}
          </div>
          {ctx.pack && CHANGE_CASES[kind] && (
            <ListedCases
              pack={ctx.pack}
              kinds={CHANGE_CASES[kind]}
              summary={["省令が定める変更の区分", "The kinds of change the ordinance lists"]}
              testid="filing-listed-cases"
            />
          )}
        </fieldset>
      )}
      {has("equipment") && <EquipmentSection ctx={ctx} />}
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
            {has("emergency.installed_on") && <Input ctx={ctx} ptr="/emergency/installed_on" ja="導入等の日" en="Installed on" type="date" />}
          </div>
          {ctx.pack && (
            <ListedCases
              pack={ctx.pack}
              kinds={["emergency"]}
              summary={["省令が定める緊急の場合", "The emergency the ordinance defines"]}
              testid="filing-emergency-cases"
            />
          )}
        </fieldset>
      )}
      {has("components") && <ComponentsSection ctx={ctx} />}
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
          <Omissions ctx={ctx} />
        </fieldset>
      )}
      {(ctx.form?.checklist.length ?? 0) > 0 && <RiskMeasuresSection ctx={ctx} />}
      <AttachmentsSection ctx={ctx} />
      <fieldset>
        <legend>{t("備考", "Remarks")}</legend>
        <Input ctx={ctx} ptr="/note" ja="備考" en="Remarks" multiline />
      </fieldset>
    </>
  );
}

// The equipment: name, purpose, location, the definition it falls under and its functions (those
// of the business's definitions).
function EquipmentSection({ ctx }: { ctx: Ctx }) {
  const business = String(ctx.draft.business ?? "");
  const defs = ctx.pack?.equipment.filter((e) => e.business === business) ?? [];
  const functions = [...new Map(defs.flatMap((d) => d.functions.map((f) => [f.id, f] as const))).values()];
  const chosen = (getAt(ctx.draft, "/equipment/functions") as string[] | undefined) ?? [];
  const fnProblems = ctx.problems.has("/equipment/functions");
  return (
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
  );
}

// The components, each with the supplier (by reference id) that supplies it.
function ComponentsSection({ ctx }: { ctx: Ctx }) {
  const suppliers = ((getAt(ctx.draft, "/suppliers") as Json[] | undefined) ?? []).map((s) => String(s.id ?? "")).filter(Boolean);
  return (
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
  );
}

// Each measure of the form's checklist: 未回答 / 実施する / 実施しない, and how.
function RiskMeasuresSection({ ctx }: { ctx: Ctx }) {
  const checklist = ctx.form?.checklist ?? [];
  return (
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
  );
}

// Attachments, recorded by kind, party, file name, SHA-256 and size (the file is not sent).
function AttachmentsSection({ ctx }: { ctx: Ctx }) {
  const attachmentKinds = ctx.form?.attachments ?? [];
  return (
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
            <Input ctx={ctx} ptr={`${p}/issued_on`} ja="作成日（届出の日前3月以内）" en="Made on (within 3 months before filing)" type="date" />
            <Input ctx={ctx} ptr={`${p}/valid_until`} ja="有効期限（あるもの）" en="Valid until (if it has a validity)" type="date" />
            <AttachmentFile ctx={ctx} ptr={p} />
          </div>
        )}
      />
    </fieldset>
  );
}
