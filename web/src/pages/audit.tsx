// 監査: the audit record — every event (newest first), filterable, with the verification of the
// hash chain, the signed checkpoints and every object's state (GET /api/v1/audit/verify).
// Reviewers and the Cabinet Office only; the server refuses others.
import { useState } from "preact/hooks";
import { get } from "../api";
import { instant, number } from "../format";
import { t, tx, type Text } from "../i18n";
import { setParams } from "../router";
import * as session from "../session";
import { Badge, Loading, ProblemBox, useLoad } from "../ui";

interface Event {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  state_hash: string;
  detail: string;
  hash: string;
}

interface Verify {
  ok: boolean;
  events: number;
  checkpoints: number;
  objects: number;
  verified_through: number;
  signed_through: number;
  unsigned_events: number;
  trusted_key: boolean;
  findings: { kind: string; seq: number; object_type: string; object_id: string; problem: Text }[];
}

const PAGE = 1000;
const MAX_EVENTS = 50_000;

async function loadEvents(): Promise<{ events: Event[]; truncated: boolean }> {
  const events: Event[] = [];
  let after = 0;
  while (events.length < MAX_EVENTS) {
    const r = await get<{ events: Event[] }>(`/api/v1/audit/events?after=${after}&limit=${PAGE}`);
    events.push(...r.events);
    if (r.events.length < PAGE) return { events, truncated: false };
    after = r.events[r.events.length - 1].seq;
  }
  return { events, truncated: true };
}

function VerifyBox({ v }: { v: Verify }) {
  return (
    <section class="card" aria-labelledby="verify">
      <h2 id="verify">
        {t("検証", "Verification")}{" "}
        <span data-testid="audit-status">
          {v.ok ? <Badge kind="ok">{t("改ざんなし", "verified")}</Badge> : <Badge kind="bad">{t("不整合あり", "NOT verified")}</Badge>}
        </span>
      </h2>
      <div class="stats">
        <div class="stat">
          <b>{number(v.events)}</b>
          {t("イベント", "events")}
        </div>
        <div class="stat">
          <b>{number(v.verified_through)}</b>
          {t("番まで連鎖を検証", "chain verified through")}
        </div>
        <div class="stat">
          <b>{number(v.signed_through)}</b>
          {t("番まで署名済み", "signed through")}
        </div>
        <div class="stat">
          <b>{number(v.checkpoints)}</b>
          {t("署名チェックポイント", "signed checkpoints")}
        </div>
        <div class="stat">
          <b>{number(v.objects)}</b>
          {t("オブジェクトの状態を照合", "object states checked")}
        </div>
      </div>
      <p class="small muted">
        {v.unsigned_events > 0 &&
          t(`最後の ${v.unsigned_events} 件は次のチェックポイントで署名されます。`, `The last ${v.unsigned_events} events are signed at the next checkpoint. `)}
        {v.trusted_key
          ? t("署名は信頼された公開鍵で検証しました。", "Signatures were checked against a trusted public key.")
          : t(
              "署名はデータベース内の公開鍵で検証しました（鍵の信頼は kikan audit verify --public-key で確認してください）。",
              "Signatures were checked against the key stored in the database (check trust with kikan audit verify --public-key).",
            )}
      </p>
      {v.findings.length > 0 && (
        <ul class="problem">
          {v.findings.map((f, i) => (
            <li key={i}>
              <code>{f.kind}</code> #{f.seq} {f.object_type} {f.object_id} {tx(f.problem)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function AuditPage({ params }: { path: string; params: URLSearchParams }) {
  const me = session.current();
  const verify = useLoad(() => get<Verify>("/api/v1/audit/verify"), []);
  const list = useLoad(loadEvents, []);
  const [shown, setShown] = useState(200);
  const type = params.get("type") ?? "";
  const action = params.get("action") ?? "";
  const q = (params.get("q") ?? "").toLowerCase();

  if (!me.user)
    return (
      <section class="card">
        <h1>{t("監査記録", "Audit record")}</h1>
        <p>
          {t("監査記録は審査担当・内閣府のアカウントで閲覧できます。", "The audit record is for reviewers and the Cabinet Office.")}{" "}
          <a href="/login?next=/audit">{t("ログイン", "Sign in")}</a>
        </p>
      </section>
    );
  if (list.error) return <ProblemBox error={list.error} />;
  if (list.loading && !list.data) return <Loading />;
  const events = list.data!.events;
  const types = [...new Set(events.map((e) => e.object_type))].sort();
  const actions = [...new Set(events.filter((e) => !type || e.object_type === type).map((e) => e.action))].sort();
  const filtered = events
    .filter(
      (e) =>
        (!type || e.object_type === type) &&
        (!action || e.action === action) &&
        (!q || [e.object_id, e.actor, e.detail, e.hash, String(e.seq)].some((s) => s.toLowerCase().includes(q))),
    )
    .reverse();
  return (
    <>
      <h1>{t("監査記録", "Audit record")}</h1>
      {verify.error ? <ProblemBox error={verify.error} /> : verify.data ? <VerifyBox v={verify.data} /> : <Loading />}
      <section class="card" aria-labelledby="events">
        <h2 id="events">{t("イベント", "Events")}</h2>
        <div class="row">
          <label>
            <span>{t("対象の種類", "Object type")}</span>
            <select value={type} onChange={(e) => setParams({ type: (e.target as HTMLSelectElement).value, action: undefined })}>
              <option value="">{t("すべて", "All")}</option>
              {types.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("操作", "Action")}</span>
            <select value={action} onChange={(e) => setParams({ action: (e.target as HTMLSelectElement).value })}>
              <option value="">{t("すべて", "All")}</option>
              {actions.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("検索（対象ID・実行者・内容・ハッシュ）", "Search (object, actor, detail, hash)")}</span>
            <input type="search" value={params.get("q") ?? ""} onInput={(e) => setParams({ q: (e.target as HTMLInputElement).value })} />
          </label>
          <p class="count" aria-live="polite">
            {number(filtered.length)} / {number(events.length)} {t("件", "events")}
          </p>
        </div>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th class="num">#</th>
                <th>{t("日時", "When")}</th>
                <th>{t("実行者", "Actor")}</th>
                <th>{t("操作", "Action")}</th>
                <th>{t("対象", "Object")}</th>
                <th>{t("内容", "Detail")}</th>
                <th>{t("ハッシュ", "Hash")}</th>
              </tr>
            </thead>
            <tbody>
              {filtered.slice(0, shown).map((e) => (
                <tr key={e.seq}>
                  <td class="num">{e.seq}</td>
                  <td>{instant(e.at)}</td>
                  <td>
                    <code>{e.actor}</code>
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.object_type === "filing" ? <a href={`/filings/${e.object_id}`}>{e.object_id}</a> : `${e.object_type} ${e.object_id}`}
                  </td>
                  <td class="small">{e.detail}</td>
                  <td>
                    <code class="small" title={e.hash}>
                      {e.hash.slice(0, 12)}…
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {filtered.length > shown && (
          <p>
            <button type="button" onClick={() => setShown(shown + 500)}>
              {t("さらに表示", "Show more")}
            </button>
          </p>
        )}
        {list.data!.truncated && <p class="small muted">{t(`最初の ${MAX_EVENTS} 件のみ読み込みました。`, `Only the first ${MAX_EVENTS} events were loaded.`)}</p>}
      </section>
    </>
  );
}
