// 届出: operators prepare, complete and submit their filings (installation plans with their
// components, suppliers and maintenance contractors; every missing item is marked at its field
// before submission); reviewers work the queue by nearest deadline and perform the acts the law
// allows, with the statutory clock drawn as a timeline. What each role sees and may do is the
// server's answer (allowed_acts); the page offers nothing else.
import { get, post, query } from "../api";
import { instant } from "../format";
import { t, tx } from "../i18n";
import { navigate } from "../router";
import * as session from "../session";
import type { RegimeAnswer } from "../types";
import { Badge, DateText, Loading, ProblemBox, useLoad } from "../ui";
import { ActPanel } from "./filing-acts";
import { FilingEditor } from "./filing-editor";
import { Clock } from "./filing-clock";
import { SupplyFindingsPanel } from "./filing-supply";
import { useState } from "preact/hooks";
import { ApiError } from "../api";

export type { Deadline, DeadlineRule, Filing, FilingEvent, Finding } from "../types";
import type { DesignationList, Filing, FilingEvent, FilingList, FilingSummary, Queue as QueueAnswer } from "../types";

function StateBadge({ f }: { f: FilingSummary }) {
  return (
    <span data-testid="filing-state" data-state={f.state}>
      <Badge kind={f.state}>{tx(f.state_label)}</Badge>
    </span>
  );
}

function FilingRows({ filings }: { filings: FilingSummary[] }) {
  if (filings.length === 0) return <p class="muted">{t("届出はありません。", "No filings.")}</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th>{t("届出", "Filing")}</th>
            <th>{t("事業者", "Operator")}</th>
            <th>{t("状態", "State")}</th>
            <th>{t("受理日", "Received on")}</th>
            <th>{t("更新", "Updated")}</th>
          </tr>
        </thead>
        <tbody>
          {filings.map((f) => (
            <tr key={f.id}>
              <td data-label={t("届出", "Filing")}>
                <a href={`/filings/${f.id}`}>{tx(f.kind_label)}</a>
                <div class="small muted">
                  <code>{f.id}</code> {tx(f.business_name)}
                </div>
              </td>
              <td data-label={t("事業者", "Operator")}>{f.operator_id}</td>
              <td data-label={t("状態", "State")}>
                <StateBadge f={f} />
              </td>
              <td data-label={t("受理日", "Received on")}>
                <DateText iso={f.received_on} wareki={f.received_on_wareki} />
              </td>
              <td class="small" data-label={t("更新", "Updated")}>{instant(f.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Queue() {
  const q = useLoad(() => get<QueueAnswer>("/api/v1/queue"), []);
  if (q.error) return <ProblemBox error={q.error} />;
  if (!q.data) return <Loading />;
  return (
    <section class="card" aria-labelledby="queue">
      <h2 id="queue">
        {t("審査待ち（期限の近い順）", "Review queue (nearest deadline first)")}{" "}
        <span class="small muted">
          {t("本日", "today")} <DateText iso={q.data.today} wareki={q.data.today_wareki} />
        </span>
      </h2>
      {q.data.items.length === 0 ? (
        <p class="muted">{t("対応待ちの届出はありません。", "Nothing awaits action.")}</p>
      ) : (
        <div class="table-wrap">
          <table class="stack" data-testid="queue">
            <thead>
              <tr>
                <th>{t("届出", "Filing")}</th>
                <th>{t("事業者", "Operator")}</th>
                <th>{t("状態", "State")}</th>
                <th>{t("期限", "Deadline")}</th>
                <th class="num">{t("残り日数", "Days left")}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((it) => (
                <tr key={it.filing.id} data-filing={it.filing.id}>
                  <td data-label={t("届出", "Filing")}>
                    <a href={`/filings/${it.filing.id}`}>{tx(it.filing.kind_label)}</a>
                    <div class="small muted">
                      <code>{it.filing.id}</code>
                    </div>
                  </td>
                  <td data-label={t("事業者", "Operator")}>{it.filing.operator_id}</td>
                  <td data-label={t("状態", "State")}>
                    <StateBadge f={it.filing} />
                  </td>
                  <td data-label={t("期限", "Deadline")}>
                    {tx(it.deadline_label)}
                    {it.due && (
                      <div>
                        <DateText iso={it.due} wareki={it.due_wareki} />
                      </div>
                    )}
                  </td>
                  <td class="num" data-label={t("残り日数", "Days left")}>
                    {it.days_remaining === null ? (
                      "—"
                    ) : it.days_remaining < 0 ? (
                      <Badge kind="bad">{t(`${-it.days_remaining}日超過`, `${-it.days_remaining} days over`)}</Badge>
                    ) : it.days_remaining <= 7 ? (
                      <Badge kind="warn">{t(`あと${it.days_remaining}日`, `${it.days_remaining} days`)}</Badge>
                    ) : (
                      t(`あと${it.days_remaining}日`, `${it.days_remaining} days`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// A new filing for one of the company's designations (a company designated in two businesses,
// such as 日本通運, chooses which), of a kind that business's pack has a form for.
function NewFiling() {
  const me = session.current();
  const regime = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
  const mine = useLoad(
    () => get<DesignationList>("/api/v1/designations" + query({ operator: me.user?.operator_id })),
    [me.user?.operator_id],
  );
  const [business, setBusiness] = useState("");
  const [kind, setKind] = useState<Filing["kind"]>("installation_plan");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (regime.error || mine.error) return <ProblemBox error={regime.error ?? mine.error} />;
  if (!regime.data || !mine.data) return <Loading />;
  const businesses = [...new Map(mine.data.designations.filter((d) => !d.revoked_on).map((d) => [d.business, d])).values()];
  const chosen = business || businesses[0]?.business || "";
  const pack = regime.data.packs.find((p) => p.businesses.some((b) => b.id === chosen));
  // The kinds the pack has a form in force for, labelled as the server labels them.
  const offered = [...new Map((pack?.forms ?? []).filter((f) => f.in_force).map((f) => [f.kind, f.kind_label])).entries()];
  const chosenKind = offered.some((k) => k[0] === kind) ? kind : offered[0]?.[0] ?? "";
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const f = await post<Filing>("/api/v1/filings", { kind: chosenKind, business: chosen });
      navigate(`/filings/${f.id}`);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  if (businesses.length === 0)
    return (
      <section class="card">
        <p class="muted">{t("この会社の指定は登録されていません。", "This company has no designation on the register.")}</p>
      </section>
    );
  return (
    <section class="card" aria-labelledby="new-filing">
      <h2 id="new-filing">{t("新しい届出を作成", "Prepare a new filing")}</h2>
      <div class="row">
        {businesses.length > 1 && (
          <label>
            <span>{t("特定社会基盤事業", "Business")}</span>
            <select name="business" value={chosen} onChange={(e) => setBusiness((e.target as HTMLSelectElement).value)}>
              {businesses.map((d) => (
                <option key={d.business} value={d.business}>
                  {tx(d.business_name)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t("種類", "Kind")}</span>
          <select name="kind" value={chosenKind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Filing["kind"])}>
            {offered.map((k) => (
              <option key={k[0]} value={k[0]}>
                {tx(k[1])}
              </option>
            ))}
          </select>
        </label>
        <button class="primary" type="button" onClick={create} disabled={busy || !chosenKind}>
          {t("作成", "Create")}
        </button>
      </div>
      <ProblemBox error={error} />
    </section>
  );
}

function ListView({ params }: { params: URLSearchParams }) {
  const me = session.current();
  const state = params.get("state") ?? "";
  const list = useLoad(() => get<FilingList>("/api/v1/filings" + query({ state })), [state]);
  if (!me.user)
    return (
      <section class="card">
        <h1>{t("届出", "Filings")}</h1>
        <p>
          {t(
            "届出は、指定事業者の担当者と審査担当のアカウントで利用できます。",
            "Filings are for the staff of designated operators and for reviewers.",
          )}{" "}
          <a href="/login?next=/filings">{t("ログイン", "Sign in")}</a>
        </p>
      </section>
    );
  return (
    <>
      <h1>{t("届出", "Filings")}</h1>
      {session.isOperator(me) && <NewFiling />}
      {session.isOfficial(me) && <Queue />}
      <section class="card" aria-labelledby="all-filings">
        <h2 id="all-filings">{session.isOperator(me) ? t("自社の届出", "Our filings") : t("届出一覧", "All filings I may see")}</h2>
        {list.error ? <ProblemBox error={list.error} /> : list.data ? <FilingRows filings={list.data.filings} /> : <Loading />}
      </section>
    </>
  );
}

function History({ events }: { events: FilingEvent[] }) {
  if (events.length === 0) return <p class="muted small">{t("まだ記録はありません。", "Nothing recorded yet.")}</p>;
  return (
    <ol class="history">
      {events.map((e, i) => (
        <li key={i} data-act={e.act}>
          <strong>{tx(e.act_label)}</strong>{" "}
          <span class="small muted">
            {instant(e.at)} · {e.role} <code>{e.who}</code>
          </span>
          {e.date && (
            <div class="small">
              {t("日付", "Date")}: <DateText iso={e.date} wareki={e.date_wareki} />
            </div>
          )}
          {e.received_on && (
            <div class="small">
              {t("受領日", "Received on")}: <DateText iso={e.received_on} />
            </div>
          )}
          {e.channel && <div class="small">{t("経路", "Channel")}: {e.channel}</div>}
          {e.text && <div class="small pre">{e.text}</div>}
          {e.reason && (
            <div class="small">
              {t("理由", "Reason")}: {e.reason}
            </div>
          )}
          {e.content_hash && (
            <div class="small muted">
              {t("対象の内容ハッシュ", "content hash")} <code>{e.content_hash.slice(0, 16)}…</code>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function DetailView({ id }: { id: string }) {
  const me = session.current();
  const filing = useLoad(() => get<Filing>(`/api/v1/filings/${encodeURIComponent(id)}`), [id]);
  const regime = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
  if (!me.user)
    return (
      <section class="card">
        <p>
          <a href={`/login?next=/filings/${encodeURIComponent(id)}`}>{t("ログインしてください", "Please sign in")}</a>
        </p>
      </section>
    );
  if (filing.error)
    return (
      <section class="card">
        <h1>{t("届出", "Filing")}</h1>
        <ProblemBox error={filing.error} />
        <p>
          <a href="/filings">{t("届出一覧へ", "Back to the filings")}</a>
        </p>
      </section>
    );
  if (regime.error) return <ProblemBox error={regime.error} />;
  if (!filing.data || !regime.data) return <Loading />;
  const f = filing.data;
  const editable = (f.allowed_acts ?? []).includes("submit") && ["draft", "consultation", "returned"].includes(f.state);
  return (
    <>
      <p class="small">
        <a href="/filings">← {t("届出一覧", "Filings")}</a>
      </p>
      <h1>
        {tx(f.kind_label)} <StateBadge f={f} />
      </h1>
      <p class="small muted">
        <code>{f.id}</code> · {tx(f.business_name)} · {f.operator_id} · {t("更新", "updated")} {instant(f.updated_at)}
      </p>
      <div class="filing-layout">
        <div>
          {editable ? (
            <FilingEditor filing={f} regime={regime.data} onSaved={filing.reload} />
          ) : (
            <section class="card" aria-labelledby="contents">
              <h2 id="contents">{t("届出の内容", "Contents")}</h2>
              <FilingEditor filing={f} regime={regime.data} onSaved={filing.reload} readOnly />
            </section>
          )}
        </div>
        <div>
          <section class="card" aria-labelledby="clock">
            <h2 id="clock">{t("法定期間", "Statutory clock")}</h2>
            <Clock filing={f} />
          </section>
          <ActPanel filing={f} onDone={filing.reload} />
          {(session.isOfficial(me) || session.isOperator(me)) && <SupplyFindingsPanel id={f.id} />}
          <section class="card" aria-labelledby="history">
            <h2 id="history">{t("経過", "History")}</h2>
            <History events={f.events ?? []} />
          </section>
        </div>
      </div>
    </>
  );
}

export default function FilingsPage({ path, params }: { path: string; params: URLSearchParams }) {
  const id = path.startsWith("/filings/") ? decodeURIComponent(path.slice("/filings/".length)) : "";
  return id ? <DetailView id={id} /> : <ListView params={params} />;
}
