// 監査: the audit record — every event (newest first), filterable, with the verification of the
// hash chain, the signed checkpoints and every object's state (GET /api/v1/audit/verify).
// Reviewers and the Cabinet Office only; the server refuses others.
import { useState } from "preact/hooks";
import { ApiError, get, query } from "../api";
import { instant, number } from "../format";
import { t, tx } from "../i18n";
import { setParams } from "../router";
import * as session from "../session";
import type { AuditEvent as Event, AuditEvents, VerifyReport as Verify } from "../types";
import { Badge, Loading, ProblemBox, useLoad } from "../ui";

const PAGE = 200;
const KNOWN_TYPES = ["operator", "designation", "user", "filing", "equipment"];

interface Filters {
  type: string;
  action: string;
  object: string;
  actor: string;
}

// One page of events, newest first, below `before` (the server filters the whole log).
async function loadPage(f: Filters, before: number | null): Promise<Event[]> {
  const r = await get<AuditEvents>(
    "/api/v1/audit/events" +
      query({
        before: before ?? Number.MAX_SAFE_INTEGER,
        limit: PAGE,
        object_type: f.type,
        action: f.action,
        object_id: f.object,
        actor: f.actor,
      }),
  );
  return r.events;
}

function VerifyBox({ v }: { v: Verify }) {
  return (
    <section class="card" aria-labelledby="verify">
      <h2 id="verify">
        {t("検証", "Verification")}{" "}
        <span data-testid="audit-status" data-ok={String(v.ok)}>
          {!v.ok ? (
            <Badge kind="bad">{t("不整合あり", "NOT verified")}</Badge>
          ) : v.trusted_key ? (
            <Badge kind="ok">{t("改ざんなし（信頼された鍵で検証）", "verified (trusted key)")}</Badge>
          ) : (
            <Badge kind="warn">
              {t("連鎖・署名とも整合（署名鍵の信頼は未確認）", "chain and signatures consistent (key not independently trusted)")}
            </Badge>
          )}
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
  const filters: Filters = {
    type: params.get("type") ?? "",
    action: params.get("action") ?? "",
    object: params.get("object") ?? "",
    actor: params.get("actor") ?? "",
  };
  const key = JSON.stringify(filters);
  const first = useLoad(() => loadPage(filters, null), [key]);
  const [older, setOlder] = useState<{ key: string; events: Event[]; done: boolean; error: ApiError | null }>({
    key: "",
    events: [],
    done: false,
    error: null,
  });
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState<Record<string, string>>({});

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
  if (first.error) return <ProblemBox error={first.error} />;
  if (first.loading && !first.data) return <Loading />;
  const more = older.key === key ? older : { key, events: [], done: false, error: null };
  const events = [...first.data!, ...more.events];
  const exhausted = first.data!.length < PAGE || more.done;
  const loadOlder = async () => {
    setBusy(true);
    try {
      const page = await loadPage(filters, events[events.length - 1].seq);
      setOlder({ key, events: [...more.events, ...page], done: page.length < PAGE, error: null });
    } catch (e) {
      setOlder({ ...more, error: e as ApiError });
    } finally {
      setBusy(false);
    }
  };
  const types = [...new Set([...KNOWN_TYPES, ...events.map((e) => e.object_type), filters.type].filter(Boolean))].sort();
  const actions = [...new Set([...events.map((e) => e.action), filters.action].filter(Boolean))].sort();
  const text = (name: "object" | "actor", ja: string, en: string) => (
    <label>
      <span>{t(ja, en)}</span>
      <input
        type="search"
        name={name}
        value={typed[name] ?? filters[name]}
        onInput={(e) => setTyped({ ...typed, [name]: (e.target as HTMLInputElement).value })}
        onKeyDown={(e) => {
          if (e.key === "Enter") setParams({ [name]: (e.target as HTMLInputElement).value.trim() || undefined });
        }}
        onBlur={(e) => setParams({ [name]: (e.target as HTMLInputElement).value.trim() || undefined })}
      />
    </label>
  );
  return (
    <>
      <h1>{t("監査記録", "Audit record")}</h1>
      {verify.error ? <ProblemBox error={verify.error} /> : verify.data ? <VerifyBox v={verify.data} /> : <Loading />}
      <section class="card" aria-labelledby="events">
        <h2 id="events">{t("イベント（新しい順）", "Events (newest first)")}</h2>
        <div class="row">
          <label>
            <span>{t("対象の種類", "Object type")}</span>
            <select value={filters.type} onChange={(e) => setParams({ type: (e.target as HTMLSelectElement).value, action: undefined })}>
              <option value="">{t("すべて", "All")}</option>
              {types.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("操作", "Action")}</span>
            <select value={filters.action} onChange={(e) => setParams({ action: (e.target as HTMLSelectElement).value })}>
              <option value="">{t("すべて", "All")}</option>
              {actions.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          {text("object", "対象ID（完全一致）", "Object id (exact)")}
          {text("actor", "実行者ID（完全一致）", "Actor id (exact)")}
          <p class="count" aria-live="polite">
            {number(events.length)} {t("件を表示", "events shown")}
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
              {events.map((e) => (
                <tr key={e.seq} data-seq={e.seq}>
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
                  <td class="small detail">{e.detail}</td>
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
        {events.length === 0 && <p class="muted">{t("該当するイベントはありません。", "No events match.")}</p>}
        <ProblemBox error={more.error} />
        {!exhausted && events.length > 0 && (
          <p>
            <button type="button" onClick={loadOlder} disabled={busy}>
              {t("さらに古いイベント", "Older events")}
            </button>
          </p>
        )}
      </section>
    </>
  );
}
