// 制度: sectors → businesses → criteria versions (the rule highlighted, citation, dates, status)
// and equipment definitions, and the regime's changes on one timeline. Everything is the regime
// packs' data (GET /api/v1/regime); nothing here is written in code.
import { get } from "../api";
import { t, tx } from "../i18n";
import { Rule } from "../highlight";
import type { CriteriaVersion, EquipmentDef, Pack, RegimeAnswer, TimelineEvent } from "../types";
import { Badge, DateBasisMark, DateText, Loading, ProblemBox, statusLabel, useLoad } from "../ui";
import { Citation } from "../citation";
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

function PackCard({ pack }: { pack: Pack }) {
  return (
    <section class="card" aria-labelledby={`pack-${pack.id}`}>
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
      {pack.businesses.map((b) => {
        const criteria = pack.criteria.filter((c) => c.business === b.id);
        const equipment = pack.equipment.filter((e) => e.business === b.id);
        return (
          <div class="business" key={b.id}>
            <h3>{tx(b.name)}</h3>
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
                {equipment.length === 0 && (
                  <p class="muted small">{t("定義はまだありません", "No definition yet")}</p>
                )}
                {equipment.map((e) => (
                  <EquipmentCard key={e.id + e.version} e={e} />
                ))}
              </div>
            </div>
          </div>
        );
      })}
      <NamesByPeriod pack={pack} />
      <ListedCases pack={pack} />
    </section>
  );
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
  if (loading && !data) return <Loading />;
  if (error) return <ProblemBox error={error} />;
  const packs = data!.packs;
  const events = packs
    .flatMap((p) => p.timeline.map((e) => ({ ...e, sector: tx(p.sector.name) })))
    .sort((a, b) => (a.date + (a.time ?? "")).localeCompare(b.date + (b.time ?? "")));
  return (
    <>
      <h1>{t("制度 — 基幹インフラ制度（経済安全保障推進法 第3章）", "The regime — critical infrastructure (Economic Security Promotion Act, Chapter 3)")}</h1>
      <p class="muted">
        {t(
          "分野ごとの特定社会基盤事業、指定基準の各版、特定重要設備の定義。すべて制度パックのデータです。",
          "Each sector's businesses, every version of the designation criteria, and the critical-equipment definitions — all from the regime packs.",
        )}
      </p>
      <nav class="card index" aria-label={t("分野", "Sectors")}>
        <ul>
          {packs.map((p) => (
            <li key={p.id}>
              <a href={`#pack-${p.id}`}>{tx(p.sector.name)}</a>{" "}
              <span class="small muted">
                {p.businesses.map((b) => tx(b.name)).join("、")}
              </span>
            </li>
          ))}
          <li>
            <a href="#timeline">{t("制度の沿革", "Timeline")}</a>
          </li>
        </ul>
      </nav>
      <div class="regime-layout">
        <div>
          {packs.map((p) => (
            <PackCard key={p.id} pack={p} />
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
