// The lab's choices: the business, its dataset, the date judged, the version of the criteria and
// the one compared with — each kept in the URL (lab-url.ts) — and what the dataset is (synthetic
// data says so, with its notes and sources).
import { t, tx } from "../i18n";
import { setParams } from "../router";
import type { Pack } from "../types";
import { DateText, statusLabel, SyntheticNote } from "../ui";
import { ISO_DATE, type LabChoices } from "./lab-url";

export function ChoicesPanel({ choices, packs, onBusiness }: { choices: LabChoices; packs: Pack[]; onBusiness: (id: string) => void }) {
  const { business, dataset, asOf, versions, inForce, base, compare } = choices;
  if (!business) return null;
  return (
    <section class="card" aria-labelledby="lab-choices">
      <h2 id="lab-choices">{t("条件", "What to simulate")}</h2>
      <div class="row lab-choices">
        <label>
          {t("特定社会基盤事業", "Business")}
          <select value={business.id} onChange={(e) => onBusiness((e.currentTarget as HTMLSelectElement).value)}>
            {packs.map((p) => (
              <optgroup key={p.id} label={tx(p.sector.name)}>
                {p.businesses.map((b) => (
                  <option key={b.id} value={b.id}>
                    {tx(b.name)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t("データセット", "Dataset")}
          <select
            value={dataset?.id ?? ""}
            disabled={choices.datasets.length === 0}
            onChange={(e) => setParams({ dataset: (e.currentTarget as HTMLSelectElement).value })}
          >
            {choices.datasets.length === 0 && <option value="">{t("（なし）", "(none)")}</option>}
            {choices.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.synthetic ? t("（合成）", " (synthetic)") : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("基準日", "As of")}
          <input
            type="date"
            value={asOf}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLInputElement).value;
              if (!v || ISO_DATE.test(v)) setParams({ as_of: v || undefined });
            }}
          />
        </label>
        <label>
          {t("基準の版", "Criteria version")}
          <select value={base?.version ?? ""} onChange={(e) => setParams({ criteria: (e.currentTarget as HTMLSelectElement).value })}>
            {versions.map((c) => (
              <option key={c.version} value={c.version}>
                {c.version} — {statusLabel(c.status)}
                {c === inForce ? t("（基準日に施行中）", " (in force at the date)") : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("比較する版", "Compare with")}
          <select
            value={compare ? compare.version : "none"}
            onChange={(e) => setParams({ compare: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="none">{t("比較しない", "No comparison")}</option>
            {versions.map((c) => (
              <option key={c.version} value={c.version}>
                {c.version} — {statusLabel(c.status)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="small muted">
        <DateText iso={asOf} />
        {dataset && dataset.fiscal_years.length > 0 && (
          <>
            {" — "}
            {t("データの年度", "Fiscal years in the data")}: {dataset.fiscal_years.join(", ")}
          </>
        )}
      </p>
      {choices.datasets.length === 0 && (
        <p class="problem">{t("この事業の母集団データセットはありません。", "No dataset holds a population for this business.")}</p>
      )}
      {dataset?.synthetic && (
        <SyntheticNote>
          {t("このデータセットは合成データを含みます（実在の事業者の数値ではありません）。", "This dataset contains synthetic data (not real operators' figures).")}{" "}
          {dataset.description}
          <details>
            <summary>{t("注記と出典", "Notes and sources")}</summary>
            <ul class="small">
              {dataset.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
            {dataset.citations.length > 0 && (
              <ul class="small">
                {dataset.citations.map((c, i) => (
                  <li key={i}>
                    {c.url ? (
                      <a href={c.url} target="_blank" rel="noopener noreferrer">
                        {c.text}
                      </a>
                    ) : (
                      c.text
                    )}
                  </li>
                ))}
              </ul>
            )}
          </details>
        </SyntheticNote>
      )}
      {dataset && !dataset.synthetic && dataset.description && <p class="small">{dataset.description}</p>}
    </section>
  );
}
