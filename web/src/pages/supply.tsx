// サプライチェーン: the systems the signed-in user's scope sees, a system's graph (components
// nested, parties, users), the reverse search (who uses a component or a supplier) with
// suggestions as one types, and the what-if (what stops if a system stops). Everything comes from
// /api/v1/supply/…, which applies the user's scope: an operator sees its own systems and those it
// uses, with the other users of a shared system counted, never named. Sample data says so.
import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, post, query } from "../api";
import { number } from "../format";
import { t } from "../i18n";
import { asApiError, useRequest } from "../request";
import { setParams } from "../router";
import * as session from "../session";
import type {
  SupplyComponent,
  SupplyGraph,
  SupplyMatchDecision,
  SupplyPartyMatch,
  SupplySuggestion,
  SupplySuggestions,
  SupplySystemList,
  SupplyWhatIf,
  SupplyWhoUses,
} from "../types";
import { Loading, ProblemBox, SampleBanner, Section, SyntheticNote, useLoad } from "../ui";

import { Concentration } from "./supply-concentration";

const GraphChart = lazy(() => import("./supply-graph"));

function Others({ n }: { n: number }) {
  if (!n) return null;
  return (
    <p class="small muted" data-testid="other-operators">
      {t(`ほかに閲覧範囲外の事業者 ${n} 者が利用しています（名称は表示されません）。`, `${n} other operator(s) outside your scope also use it (not named).`)}
    </p>
  );
}

function ComponentTree({ items }: { items: SupplyComponent[] }) {
  if (!items.length) return null;
  return (
    <ul class="tree">
      {items.map((c) => (
        <li key={c.ref}>
          <span class="badge">{c.type}</span> {c.name} {c.version}
          {c.purl && <code class="small"> {c.purl}</code>}
          {c.supplier && <span class="small muted"> — {t("供給者", "supplier")}: {c.supplier.name}</span>}
          {c.manufacturer && <span class="small muted"> — {t("製造者", "maker")}: {c.manufacturer.name}</span>}
          <ComponentTree items={c.components} />
        </li>
      ))}
    </ul>
  );
}

const reasonLabel = (r: string) =>
  r === "corporate_number" ? t("法人番号が一致", "same corporate number") : t("正規化した名称が一致", "same normalised name");

// How this system's mentions became a party node: each matched text with its reason and score,
// the reviewer's decision, and for a ministry reviewer the buttons to confirm or split it
// (POST /api/v1/supply/parties/{id}/matches/{match}; a split gives the mentions a node of their
// own, so the graph reloads).
function PartyMatches({ matches, onDecided }: { matches: SupplyPartyMatch[]; onDecided: () => void }) {
  const me = session.current();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const shown = matches.filter((m) => m.reason !== "none" || m.split_from);
  if (!shown.length) return null;
  const decide = async (m: SupplyPartyMatch, decision: "confirm" | "split") => {
    setBusy(m.id);
    setError(null);
    try {
      await post<SupplyMatchDecision>(
        `/api/v1/supply/parties/${encodeURIComponent(m.party)}/matches/${encodeURIComponent(m.id)}`,
        { decision },
      );
      onDecided();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <ul class="small" data-testid="party-matches">
      {shown.map((m) => (
        <li key={m.id} data-testid="party-match">
          {m.reason === "none" ? (
            <span>{t(`「${m.name}」は審査担当者の判断で別の当事者として分離されました`, `"${m.name}" was split off by a reviewer`)}</span>
          ) : (
            <>
              <span>
                {t(`「${m.name}」を統合`, `"${m.name}" merged`)}: {reasonLabel(m.reason)}（{t("スコア", "score")} {m.score.toFixed(2)}）
              </span>{" "}
              {m.decision ? (
                <span class="badge" data-testid="match-decision">
                  {m.decision.decision === "confirmed" ? t("確認済み", "confirmed") : t("分離済み", "split")}
                </span>
              ) : (
                <span class="muted">{t("未確認", "not reviewed")}</span>
              )}
              {session.isReviewer(me) && (
                <span class="actions">
                  {" "}
                  {m.decision?.decision !== "confirmed" && (
                    <button type="button" disabled={busy === m.id} onClick={() => decide(m, "confirm")}>
                      {t("同一企業として確認", "Confirm")}
                    </button>
                  )}{" "}
                  <button type="button" disabled={busy === m.id} onClick={() => decide(m, "split")}>
                    {t("別の企業として分離", "Split")}
                  </button>
                </span>
              )}
            </>
          )}
        </li>
      ))}
      {error && <ProblemBox error={error} />}
    </ul>
  );
}

function SystemView({ id }: { id: string }) {
  const g = useLoad<SupplyGraph>(() => get(`/api/v1/supply/systems/${encodeURIComponent(id)}`), [id]);
  if (g.loading && !g.data) return <Loading />;
  if (g.error) return <ProblemBox error={g.error} />;
  const s = g.data!;
  return (
    <div data-testid="system-view">
      <h3>
        {s.name} <code class="small">{s.id}</code>
      </h3>
      {s.runner && (
        <p class="small">
          {t("運用者", "Run by")}: {s.runner}
        </p>
      )}
      {s.sample && <SampleBanner>{s.sample}</SampleBanner>}
      <Suspense fallback={<Loading />}>
        <GraphChart graph={s} />
      </Suspense>
      <h4>{t("構成要素", "Components")}</h4>
      <ComponentTree items={s.inventory.components} />
      {s.inventory.services.length > 0 && (
        <>
          <h4>{t("サービス", "Services")}</h4>
          <ul>
            {s.inventory.services.map((v) => (
              <li key={v.ref}>
                {v.name} {v.provider && <span class="small muted">— {v.provider.name}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>{t("供給者・製造者・委託先", "Suppliers, makers and contractors")}</h4>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("名称", "Name")}</th>
              <th scope="col">{t("法人番号", "Corporate number")}</th>
              <th scope="col">{t("国", "Country")}</th>
              <th scope="col">{t("役割", "Roles")}</th>
              <th scope="col">{t("同一企業の照合", "Matches")}</th>
            </tr>
          </thead>
          <tbody>
            {s.parties.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.corporate_number}</td>
                <td>{p.country}</td>
                <td>{p.roles.join(", ")}</td>
                <td>
                  <PartyMatches matches={p.matches} onDecided={g.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t("利用事業者", "Operators using it")}</h4>
      <ul>
        {s.operators.map((o) => (
          <li key={o.id}>
            {o.name} <span class="small muted">({o.basis === "illustrative" ? t("例示", "illustrative") : t("届出", "filed")})</span>
          </li>
        ))}
      </ul>
      <Others n={s.other_operators} />
      {s.sites.length > 0 && (
        <p class="small">
          {t("ターミナル", "Terminals")}: {s.sites.map((x) => x.name).join("、")}
        </p>
      )}
      {s.notes.map((n) => (
        <SyntheticNote key={n}>{n}</SyntheticNote>
      ))}
      <p>
        <a href={`/api/v1/supply/systems/${encodeURIComponent(s.id)}/cyclonedx`} download={`${s.id}.cdx.json`}>
          {t("CycloneDX 1.6 で書き出す", "Export as CycloneDX 1.6")}
        </a>
      </p>
    </div>
  );
}

// The reverse search: a combobox (ARIA 1.2) whose listbox offers suggestions as one types
// (useRequest, 250 ms after the last key; a late answer is dropped); arrows move, Enter picks,
// Escape closes.
function ReverseSearch() {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [result, setResult] = useState<SupplyWhoUses | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const q = text.trim();
  const suggested = useRequest<SupplySuggestions>(q && q.length <= 100 ? q : null, () => get(`/api/v1/supply/suggest${query({ q })}`), { delay: 250 });
  const items = suggested.key === q ? (suggested.answer?.suggestions ?? []) : [];
  useEffect(() => setActive(-1), [suggested.key]);
  const run = (kind: string, value: string) => {
    setOpen(false);
    setError(null);
    get<SupplyWhoUses>(`/api/v1/supply/who-uses${query({ [kind]: value })}`).then(setResult, (e) => {
      setResult(null);
      setError(asApiError(e));
    });
  };
  const pick = (s: SupplySuggestion) => {
    setText(s.value);
    run(s.kind, s.value);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (open && active >= 0 && items[active]) return pick(items[active]);
    const v = text.trim();
    if (!v) return;
    run(v.startsWith("pkg:") ? "purl" : v.startsWith("cpe:") ? "cpe" : "supplier", v);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };
  const showList = open && items.length > 0;
  return (
    <form onSubmit={submit} class="supply-search" role="search">
      <label for="supply-q">{t("部品・PURL・供給者名で検索", "Search by component, purl or supplier")}</label>
      <div class="combo">
        <input
          id="supply-q"
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls="supply-q-list"
          aria-activedescendant={showList && active >= 0 ? `supply-q-${active}` : undefined}
          value={text}
          maxLength={100}
          onInput={(e) => {
            setText((e.target as HTMLInputElement).value);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        />
        <button type="submit">{t("検索", "Search")}</button>
        <ul id="supply-q-list" role="listbox" aria-label={t("候補", "Suggestions")} hidden={!showList}>
          {items.map((s, i) => (
            <li
              key={s.kind + s.value}
              id={`supply-q-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span class="badge">{s.kind}</span> {s.label}
            </li>
          ))}
        </ul>
      </div>
      <ProblemBox error={error} />
      {result && (
        <div data-testid="who-uses-result" aria-live="polite">
          <p>
            {t(`システム ${result.systems.length} 件、事業者 ${result.operators.length} 者`, `${result.systems.length} system(s), ${result.operators.length} operator(s)`)}
          </p>
          <ul>
            {result.systems.map((s) => (
              <li key={s.id}>
                <a href={`/supply?system=${encodeURIComponent(s.id)}`}>{s.name}</a> <code class="small">{s.id}</code>
              </li>
            ))}
          </ul>
          {result.operators.length > 0 && <p class="small">{result.operators.map((o) => o.name).join("、")}</p>}
          <Others n={result.other_operators} />
          {result.notes.map((n) => (
            <SyntheticNote key={n}>{n}</SyntheticNote>
          ))}
        </div>
      )}
    </form>
  );
}

function WhatIf({ systems, initial }: { systems: SupplySystemList["systems"]; initial: string }) {
  const [system, setSystem] = useState(initial || systems[0]?.id || "");
  const [from, setFrom] = useState("2023-07-04T06:30+09:00");
  const [days, setDays] = useState("3");
  const [result, setResult] = useState<SupplyWhatIf | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    get<SupplyWhatIf>(`/api/v1/supply/systems/${encodeURIComponent(system)}/whatif${query({ from, days })}`).then(setResult, (err) => {
      setResult(null);
      setError(asApiError(err));
    });
  };
  return (
    <div>
      <form onSubmit={submit} class="whatif-form">
        <div class="field">
          <label for="whatif-system">{t("システム", "System")}</label>
          <select id="whatif-system" value={system} onChange={(e) => setSystem((e.target as HTMLSelectElement).value)}>
            {systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="whatif-from">{t("停止開始（日時）", "Stops from")}</label>
          <input id="whatif-from" type="text" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="whatif-days">{t("日数", "Days")}</label>
          <input id="whatif-days" type="number" min={1} max={366} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit">{t("影響を見る", "Show the impact")}</button>
      </form>
      <ProblemBox error={error} />
      {result && (
        <div data-testid="whatif-result" aria-live="polite">
          <h3>
            {t(`${result.system.name} が ${result.from} から ${result.days} 日間止まると`, `If ${result.system.name} stops from ${result.from} for ${result.days} day(s)`)}
          </h3>
          {result.sample && <SampleBanner>{result.sample}</SampleBanner>}
          <div class="table-wrap">
            <table>
              <caption>{t("港湾", "Ports")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("港湾", "Port")}</th>
                  <th scope="col">{t("年間 TEU（年）", "Annual TEU (year)")}</th>
                  <th scope="col">{t("全国シェア", "Share of national")}</th>
                  <th scope="col">{t("停止 TEU（概算）", "TEU stopped (est.)")}</th>
                </tr>
              </thead>
              <tbody>
                {result.ports.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{p.annual_teu !== undefined ? `${number(p.annual_teu)} (${p.year})` : "-"}</td>
                    <td>{p.share_of_national_percent !== undefined ? `${p.share_of_national_percent}%` : "-"}</td>
                    <td>{p.estimated_teu_stopped !== undefined ? number(p.estimated_teu_stopped) : "-"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.national_throughput && (
            <p class="small muted">
              {t("全国計", "National total")} {number(result.national_throughput.teu)} TEU ({result.national_throughput.year}; {result.national_throughput.source})
            </p>
          )}
          <h4>{t("ターミナル", "Terminals")}</h4>
          <ul data-testid="whatif-terminals">
            {result.terminals.map((x) => (
              <li key={x.id}>
                {x.name} <span class="small muted">({x.port_name})</span>
              </li>
            ))}
          </ul>
          <h4>{t("影響を受ける事業者", "Operators affected")}</h4>
          <ul>
            {result.operators.map((o) => (
              <li key={o.id}>{o.name}</li>
            ))}
          </ul>
          <Others n={result.other_operators} />
          <h4>{t("事業", "Businesses")}</h4>
          <p>{result.businesses.map((b) => b.name).join("、")}</p>
          <div class="table-wrap">
            <table>
              <caption>{t("時系列", "Timeline")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("日", "Day")}</th>
                  <th scope="col">{t("から", "From")}</th>
                  <th scope="col">{t("まで", "Until")}</th>
                  <th scope="col">{t("止まるターミナル", "Terminals stopped")}</th>
                </tr>
              </thead>
              <tbody>
                {result.timeline.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>{d.from}</td>
                    <td>{d.until}</td>
                    <td>{d.terminals_stopped.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.notes.map((n) => (
            <SyntheticNote key={n}>{n}</SyntheticNote>
          ))}
        </div>
      )}
    </div>
  );
}

export default function SupplyPage({ params }: { path: string; params: URLSearchParams }) {
  const me = session.current();
  const list = useLoad<SupplySystemList>(() => (me.user ? get("/api/v1/supply/systems") : Promise.resolve({ systems: [], truncated: false })), [me.user?.id]);
  const selected = params.get("system") ?? "";
  if (!me.user) {
    return (
      <section class="card">
        <h1>{t("サプライチェーン", "Supply chain")}</h1>
        <p>
          <a href={`/login?next=${encodeURIComponent("/supply")}`}>{t("サインインしてください", "Please sign in")}</a>
          {t("（事業者は自社と利用するシステム、審査担当は所管の事業、内閣府はすべてを見られます）。", " (operators see their own systems and those they use, reviewers their sectors, the Cabinet Office everything).")}
        </p>
      </section>
    );
  }
  const systems = list.data?.systems ?? [];
  const sample = systems.some((s) => s.sample);
  return (
    <div class="supply">
      <h1>{t("サプライチェーン", "Supply chain")}</h1>
      {sample && <SampleBanner>{t("構成・供給者・委託先はデモ用の架空のデータです。", "Components, suppliers and contractors are invented for the demo.")}</SampleBanner>}
      <Section title={t("システム", "Systems")}>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ProblemBox error={list.error} />
        ) : systems.length === 0 ? (
          <p>{t("閲覧できるシステムはありません。", "No system in your scope.")}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="system-list">
              <thead>
                <tr>
                  <th scope="col">{t("システム", "System")}</th>
                  <th scope="col">{t("構成要素", "Components")}</th>
                  <th scope="col">{t("ターミナル", "Terminals")}</th>
                  <th scope="col">{t("利用事業者", "Operators")}</th>
                </tr>
              </thead>
              <tbody>
                {systems.map((s) => (
                  <tr key={s.id} aria-current={s.id === selected ? "true" : undefined}>
                    <th scope="row">
                      <a href={`/supply?system=${encodeURIComponent(s.id)}`} onClick={(e) => { e.preventDefault(); setParams({ system: s.id }); }}>
                        {s.name}
                      </a>{" "}
                      <code class="small">{s.id}</code>
                    </th>
                    <td>{s.counts.components}</td>
                    <td>{s.counts.sites}</td>
                    <td>{s.operators.length + s.other_operators}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {selected && (
        <Section title={t("システムの構成", "The system's graph")}>
          <SystemView id={selected} />
        </Section>
      )}
      <Section title={t("だれが使っているか", "Who uses it")}>
        <ReverseSearch />
      </Section>
      <Section title={t("集中度", "Concentration")}>
        <Concentration business={params.get("business") ?? ""} />
      </Section>
      {systems.length > 0 && (
        <Section title={t("停止したら（what-if）", "What if it stops")}>
          <WhatIf systems={systems} initial={selected} />
        </Section>
      )}
    </div>
  );
}
