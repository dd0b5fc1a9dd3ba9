// 「サプライチェーン上の所見」: the supply chain findings on a filing, beside it in the review page
// (GET /api/v1/filings/{id}/findings, docs/supply-chain.md §12): each with its severity, why, what
// it rests on (citations linked to e-Gov through <Citation>), its source and, for a vulnerability,
// the feed's age; the feed warnings (a stale or missing feed is said, never a silent zero) and a
// banner when the findings rest on sample data. The server applies the caller's scope: the page
// shows what it is given. Findings are prompts for the reviewer, never decisions.
import { get } from "../api";
import { Citation } from "../citation";
import { t, tx } from "../i18n";
import type { SupplyFinding, SupplyFindings } from "../types";
import { Badge, Loading, ProblemBox, SampleBanner, useLoad } from "../ui";

const SEVERITY: Record<SupplyFinding["severity"], { badge: string; ja: string; en: string }> = {
  high: { badge: "bad", ja: "高", en: "high" },
  medium: { badge: "warn", ja: "中", en: "medium" },
  low: { badge: "neutral", ja: "低", en: "low" },
};

const KIND: Record<SupplyFinding["kind"], [string, string]> = {
  foreign_ownership: ["外国による所有・支配", "Foreign ownership or control"],
  watch_list: ["ウォッチリストとの一致", "Watch-list match"],
  vulnerability_without_vex: ["既知の脆弱性（VEX の判断なし）", "Known vulnerability without a VEX decision"],
  shared_system: ["共有されたシステム", "Shared system"],
  shared_contractor: ["共有された保守委託先", "Shared contractor"],
  subcontracting_abroad: ["国外への再委託", "Subcontracting abroad"],
  facts_missing: ["記載の不足", "Facts missing"],
};

// The citation as the server gives it; a URL in it (an advisory's) becomes a link.
function Rests({ f }: { f: SupplyFinding }) {
  const url = /\((https?:\/\/[^\s)]+)\)/.exec(f.citation);
  if (url) {
    const text = f.citation.slice(0, url.index).trim();
    return (
      <span class="citation">
        <a href={url[1]} target="_blank" rel="noopener noreferrer">
          {text || url[1]}
        </a>
      </span>
    );
  }
  return <Citation text={f.citation} references={f.citation_references} />;
}

function Item({ f }: { f: SupplyFinding }) {
  const s = SEVERITY[f.severity];
  const kind = KIND[f.kind];
  return (
    <li class="supply-finding" data-kind={f.kind} data-severity={f.severity}>
      <div>
        <Badge kind={s.badge}>{t(`重大度 ${s.ja}`, `severity ${s.en}`)}</Badge> <strong>{kind ? t(kind[0], kind[1]) : f.kind}</strong>
      </div>
      <p class="small">{tx(f.why)}</p>
      <div class="small">
        {t("根拠", "Rests on")}: <Rests f={f} />
      </div>
      <div class="small muted">
        {t("情報源", "Source")}: <code>{f.source}</code>
        {f.feed_age_days !== undefined && (
          <span data-testid="feed-age">
            {" · "}
            {t(`最新の記録から ${f.feed_age_days} 日`, `newest record ${f.feed_age_days} days old`)}
            {f.feed_stale && (
              <>
                {" "}
                <Badge kind="warn">{t("古い情報源", "stale feed")}</Badge>
              </>
            )}
          </span>
        )}
      </div>
    </li>
  );
}

export function SupplyFindingsPanel({ id }: { id: string }) {
  const r = useLoad(() => get<SupplyFindings>(`/api/v1/filings/${encodeURIComponent(id)}/findings`), [id]);
  return (
    <section class="card" aria-labelledby="supply-findings" data-testid="supply-findings">
      <h2 id="supply-findings">{t("サプライチェーン上の所見", "Supply chain findings")}</h2>
      {r.error ? (
        <ProblemBox error={r.error} />
      ) : !r.data ? (
        <Loading />
      ) : (
        <>
          {r.data.sample && (
            <SampleBanner>{r.data.sample.join(" · ")}</SampleBanner>
          )}
          {r.data.warnings.length > 0 && (
            <ul class="small warnings" role="status" data-testid="supply-warnings">
              {r.data.warnings.map((w, i) => (
                <li key={i}>
                  <Badge kind="warn">{t("注意", "warning")}</Badge> {tx(w)}
                </li>
              ))}
            </ul>
          )}
          {r.data.findings.length === 0 ? (
            <p class="muted">{t("所見はありません。", "No findings.")}</p>
          ) : (
            <ol class="supply-findings">
              {r.data.findings.map((f, i) => (
                <Item key={i} f={f} />
              ))}
            </ol>
          )}
          <p class="small muted">
            {t("対象のシステム", "Systems considered")}: {r.data.systems.length ? r.data.systems.join(", ") : t("なし", "none")}
            {" · "}
            {t("所見は審査の手掛かりであり、判断ではありません。", "Findings are prompts for the reviewer, never decisions.")}
          </p>
        </>
      )}
    </section>
  );
}
