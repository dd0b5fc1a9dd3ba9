// 制度: sectors → businesses → criteria versions (the rule highlighted, citation, dates, status)
// and equipment definitions, and the regime's changes on one timeline. Everything is the regime
// packs' data (GET /api/v1/regime); nothing here is written in code.
import { useEffect } from "preact/hooks";
import { get } from "../api";
import { lang, t, tx } from "../i18n";
import { Rule } from "../highlight";
import type { CriteriaVersion, EquipmentDef, Pack, RegimeAnswer, TimelineEvent } from "../types";
import { Badge, DateBasisMark, DateText, Loading, ProblemBox, statusLabel, useLoad } from "../ui";
import { Citation } from "../citation";
import { setParams, useLocation } from "../router";
import { ListedCases } from "./listed-cases";

function Period({ from, fromW, until, untilW }: { from: string | null | undefined; fromW?: string; until: string | null | undefined; untilW?: string }) {
  return (
    <span class="small">
      <DateText iso={from} wareki={fromW} /> {t("から", "from")}
      {until && (
        <>
          {" "}
          — <DateText iso={until} wareki={untilW} /> {t("まで", "until")}
        </>
      )}
    </span>
  );
}

function CriteriaCard({ c }: { c: CriteriaVersion }) {
  return (
    <article class="criteria" aria-label={`${t("基準", "Criteria")} ${c.version}`}>
      <h4>
        {tx(c.name)} <code class="small">{c.version}</code> <Badge kind={c.status}>{statusLabel(c.status)}</Badge>
      </h4>
      <p>
        <Period from={c.effective_from} fromW={c.effective_from_wareki} until={c.effective_until} untilW={c.effective_until_wareki} />
        <DateBasisMark basis={c.date_basis} />
      </p>
      <Rule source={c.rule} />
      <p class="small">
        <strong>{t("根拠", "Citation")}:</strong> <Citation text={c.citation} references={c.citation_references} />
      </p>
      {c.rationale && (
        <details>
          <summary>{t("考え方", "Rationale")}</summary>
          <p class="small">{c.rationale}</p>
        </details>
      )}
      {c.assumptions.length > 0 && (
        <section class="assumptions" aria-label={t("前提", "Assumptions")}>
          <p class="small">
            <strong>{t("前提（本文が決めていない点をパックがどう読んだか）", "Assumptions (the open points of the text, as the pack reads them)")}:</strong>
          </p>
          <ul class="small">
            {c.assumptions.map((a) => (
              <li key={a.id} data-assumption={a.id}>
                <code>{a.id}</code>: {tx(a.text)}
                {a.citation && (
                  <>
                    {" "}
                    [<Citation text={a.citation} references={a.citation_references} />]
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {c.note && <p class="small muted">{c.note}</p>}
    </article>
  );
}

function EquipmentCard({ e }: { e: EquipmentDef }) {
  return (
    <article class="equipment">
      <h4>
        {tx(e.name)} <code class="small">{e.version}</code> <Badge kind={e.status}>{statusLabel(e.status)}</Badge>
      </h4>
      <p class="small">
        {e.match === "all_of"
          ? t("次の機能をすべて有するもの", "Has all of these functions")
          : t("次の機能のいずれかを有するもの", "Has any of these functions")}
      </p>
      <ol>
        {e.functions.map((f) => (
          <li key={f.id}>{f.name ? tx(f.name) : f.id}</li>
        ))}
      </ol>
      <p class="small">
        <Period from={e.effective_from} fromW={e.effective_from_wareki} until={e.effective_until} untilW={e.effective_until_wareki} />
        <DateBasisMark basis={e.date_basis} />
      </p>
      <p class="small">
        <strong>{t("根拠", "Citation")}:</strong> <Citation text={e.citation} references={e.citation_references} />
      </p>
    </article>
  );
}

type Business = Pack["businesses"][number];

// One business, folded: its name, what is in force and how many versions, opened for the rule,
// the citations, the assumptions and the equipment. 38 businesses open at once are a page no one
// reads; the index and the filter lead to one.
function BusinessDetails({ pack, b }: { pack: Pack; b: Business }) {
  const criteria = pack.criteria.filter((c) => c.business === b.id);
  const equipment = pack.equipment.filter((e) => e.business === b.id);
  const inForce = criteria.some((c) => c.status === "in_force");
  return (
    <details class="business" id={`business-${b.id}`} data-business={b.id}>
      <summary>
        <h3>{tx(b.name)}</h3> <code class="small">{b.id}</code>{" "}
        {inForce ? (
          <Badge kind="in_force">{t("基準施行中", "criteria in force")}</Badge>
        ) : (
          <Badge kind="neutral">{t("施行中の基準なし", "no criteria in force")}</Badge>
        )}{" "}
        <span class="small muted">
          {t(`基準${criteria.length}版・設備定義${equipment.length}版`, `${criteria.length} criteria version(s), ${equipment.length} equipment definition(s)`)}
        </span>
      </summary>
      {b.note && <p class="small muted">{b.note}</p>}
      {b.cabinet_order && (
        <p class="small">
          <strong>{t("政令", "Cabinet order")}:</strong> <Citation text={b.cabinet_order} references={b.cabinet_order_references} />
        </p>
      )}
      <div class="grid2">
        <div>
          <h4 class="muted small">{t("指定基準", "Designation criteria")}</h4>
          {criteria.length === 0 && <p class="muted small">{t("基準はまだありません", "No criteria yet")}</p>}
          {criteria.map((c) => (
            <CriteriaCard key={c.version} c={c} />
          ))}
        </div>
        <div>
          <h4 class="muted small">{t("特定重要設備", "Critical equipment")}</h4>
          {equipment.length === 0 && <p class="muted small">{t("定義はまだありません", "No definition yet")}</p>}
          {equipment.map((e) => (
            <EquipmentCard key={e.id + e.version} e={e} />
          ))}
        </div>
      </div>
    </details>
  );
}

function PackCard({ pack, businesses }: { pack: Pack; businesses: Business[] }) {
  return (
    <section class="card" aria-labelledby={`pack-${pack.id}`} data-pack={pack.id}>
      <h2 id={`pack-${pack.id}`}>
        {tx(pack.sector.name)} <span class="small muted">{tx(pack.ministry.name)}</span>
      </h2>
      <p class="small">
        {pack.act_status.in_force ? (
          <Badge kind="in_force">{t("施行済み", "in force")}</Badge>
        ) : (
          <Badge kind="proposed">{t("未施行", "not in force")}</Badge>
        )}{" "}
        {tx(pack.act_status.description)} {pack.sector.act && <Citation text={pack.sector.act} references={pack.sector.act_references} />}
      </p>
      {businesses.map((b) => (
        <BusinessDetails key={b.id} pack={pack} b={b} />
      ))}
      <NamesByPeriod pack={pack} />
      <ListedCases pack={pack} />
    </section>
  );
}

// What the filter matches: a business by its name in either language or its id, or every
// business of a pack whose sector or ministry matches.
function matches(pack: Pack, b: Business, q: string): boolean {
  if (!q) return true;
  const needle = q.normalize("NFKC").toLowerCase();
  return [b.id, b.name.ja, b.name.en, pack.sector.name.ja, pack.sector.name.en, pack.ministry.name.ja, pack.ministry.name.en]
    .some((s) => (s ?? "").normalize("NFKC").toLowerCase().includes(needle));
}

// Opens the business the address names (#business-ID), as the index's links and shared links do.
function openFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id.startsWith("business-")) return;
  const el = document.getElementById(id);
  if (el instanceof HTMLDetailsElement) {
    el.open = true;
    el.scrollIntoView();
  }
}

// An organisation's names by period (names change by law); the one in effect at the date asked.
function NamesByPeriod({ pack }: { pack: Pack }) {
  if (pack.organization_names.length === 0) return null;
  return (
    <div class="business" data-testid={`names-${pack.id}`}>
      <h4 class="muted small">{t("組織の名称（期間別）", "Organisation names, by period")}</h4>
      <ul class="small">
        {pack.organization_names.map((n) => (
          <li key={n.of + n.name.ja}>
            {tx(n.name)}{" "}
            <span class="muted">
              {n.valid_from
                ? t(`${n.valid_from} から`, `from ${n.valid_from}`)
                : n.valid_from_text
                  ? t(`${n.valid_from_text}から（日付未確定）`, `from ${n.valid_from_text} (date not known yet)`)
                  : t("（現在の名称）", "(current name)")}
            </span>{" "}
            {n.in_effect && <Badge kind="in_force">{t("この日の名称", "name on this date")}</Badge>}
            <br />
            <Citation text={n.citation} references={n.citation_references} />
          </li>
        ))}
      </ul>
    </div>
  );
}

const KIND_LABEL: Record<string, [string, string]> = {
  law: ["法令", "law"],
  ordinance: ["省令", "ordinance"],
  designation: ["指定", "designation"],
  obligation: ["届出義務", "filing duty"],
  document: ["資料", "document"],
  meeting: ["会議", "meeting"],
  incident: ["事案", "incident"],
};

export function Timeline({ events }: { events: (TimelineEvent & { sector: string })[] }) {
  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  return (
    <ol class="timeline">
      {events.map((e, i) => {
        const k = KIND_LABEL[e.kind];
        return (
          <li key={i} class={e.date > today ? "planned" : undefined}>
            <div class="when">
              <DateText iso={e.date} wareki={e.date_wareki} /> {e.time && <span class="muted">{e.time}</span>}{" "}
              <Badge kind={e.kind === "designation" || e.kind === "law" ? "ok" : "neutral"}>{k ? t(k[0], k[1]) : e.kind}</Badge>{" "}
              <span class="small muted">{e.sector}</span>
              {e.planned && <> <Badge kind="warn">{t("予定", "planned")}</Badge></>}
              {e.approximate && <> <Badge kind="neutral">{t("概数", "approx.")}</Badge></>}
              <DateBasisMark basis={e.date_basis} />
            </div>
            <div>{tx(e.text)}</div>
            {e.citation && (
              <div class="small muted">
                <Citation text={e.citation} references={e.citation_references} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export default function RegimePage() {
  const { data, error, loading } = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
  const { params } = useLocation();
  const q = params.get("q") ?? "";
  const ministry = params.get("ministry") ?? "";
  useEffect(() => {
    if (!data) return;
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
    return () => window.removeEventListener("hashchange", openFromHash);
  }, [data]);
  if (loading && !data) return <Loading />;
  if (error) return <ProblemBox error={error} />;
  const packs = data!.packs;
  const events = packs
    .flatMap((p) => p.timeline.map((e) => ({ ...e, sector: tx(p.sector.name) })))
    .sort((a, b) => (a.date + (a.time ?? "")).localeCompare(b.date + (b.time ?? "")));
  // Ministries in the order the packs first name them; within one, sectors, then their businesses.
  const ministries = [...new Map(packs.map((p) => [p.ministry.id, p.ministry])).values()];
  const ministryOrder = (p: Pack) => ministries.findIndex((m) => m.id === p.ministry.id);
  const shown = packs
    .filter((p) => !ministry || p.ministry.id === ministry)
    .map((p) => ({ pack: p, businesses: p.businesses.filter((b) => matches(p, b, q)) }))
    .filter((x) => x.businesses.length > 0)
    .sort((a, b) => ministryOrder(a.pack) - ministryOrder(b.pack));
  // Counted apart: the sectors in force (法第50条第1項) and those only proposed (medical).
  const count = (ps: Pack[]) => [new Set(ps.map((p) => p.sector.id)).size, ps.reduce((n, p) => n + p.businesses.length, 0)];
  const [sectorCount, inForceCount] = count(packs.filter((p) => p.act_status.in_force));
  const [proposedSectors, proposedCount] = count(packs.filter((p) => !p.act_status.in_force));
  const businessCount = inForceCount + proposedCount;
  const shownCount = shown.reduce((n, x) => n + x.businesses.length, 0);
  const setOpen = (open: boolean) =>
    document.querySelectorAll<HTMLDetailsElement>("details[data-business]").forEach((d) => (d.open = open));
  return (
    <>
      <h1>{t("制度 — 基幹インフラ制度（経済安全保障推進法 第3章）", "The regime — critical infrastructure (Economic Security Promotion Act, Chapter 3)")}</h1>
      <p class="muted">
        {t(
          `分野ごとの特定社会基盤事業（施行中 ${sectorCount}分野・${inForceCount}事業${proposedCount ? `、ほかに未施行 ${proposedSectors}分野・${proposedCount}事業` : ""}）、指定基準の各版、特定重要設備の定義。すべて制度パックのデータです。`,
          `Each sector's businesses (in force: ${sectorCount} sectors, ${inForceCount} businesses${proposedCount ? `; proposed: ${proposedSectors} sector(s), ${proposedCount} businesses` : ""}), every version of the designation criteria, and the critical-equipment definitions — all from the regime packs.`,
        )}
      </p>
      <div class="card">
        <div class="row">
          <label>
            <span>{t("絞り込み（事業・分野・ID）", "Filter (business, sector, id)")}</span>
            <input type="search" value={q} onInput={(e) => setParams({ q: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            <span>{t("所管", "Ministry")}</span>
            <select value={ministry} onChange={(e) => setParams({ ministry: (e.target as HTMLSelectElement).value })}>
              <option value="">{t("すべて", "All")}</option>
              {ministries.map((m) => (
                <option key={m.id} value={m.id}>
                  {tx(m.name)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setOpen(true)}>
            {t("すべて開く", "Open all")}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            {t("すべて閉じる", "Close all")}
          </button>
        </div>
        <p class="small" data-testid="regime-count" aria-live="polite">
          {t(`${shownCount}事業を表示`, `${shownCount} of ${businessCount} businesses shown`)}
        </p>
      </div>
      <nav class="card index" aria-label={t("分野", "Sectors")}>
        <ul>
          {ministries
            .filter((m) => shown.some((x) => x.pack.ministry.id === m.id))
            .map((m) => (
              <li key={m.id}>
                <strong>{tx(m.name)}</strong>
                <ul>
                  {shown
                    .filter((x) => x.pack.ministry.id === m.id)
                    .map(({ pack, businesses }) => (
                      <li key={pack.id}>
                        <a href={`#pack-${pack.id}`}>{tx(pack.sector.name)}</a>{" "}
                        <span class="small">
                          {businesses.map((b, i) => (
                            <span key={b.id}>
                              {i > 0 && (lang() === "ja" ? "、" : ", ")}
                              <a href={`#business-${b.id}`}>{tx(b.name)}</a>
                            </span>
                          ))}
                        </span>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          <li>
            <a href="#timeline">{t("制度の沿革", "Timeline")}</a>
          </li>
        </ul>
      </nav>
      <div class="regime-layout">
        <div>
          {shown.length === 0 && <p class="muted">{t("該当する事業はありません", "No business matches")}</p>}
          {shown.map(({ pack, businesses }) => (
            <PackCard key={pack.id} pack={pack} businesses={businesses} />
          ))}
        </div>
        <section class="card" aria-labelledby="timeline">
          <h2 id="timeline">{t("制度の沿革", "Timeline of the regime")}</h2>
          <Timeline events={events} />
        </section>
      </div>
    </>
  );
}
