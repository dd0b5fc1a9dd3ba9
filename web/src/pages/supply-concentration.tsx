// Concentration (docs/supply-chain.md §13): for a chosen business, the suppliers, contractors,
// components and countries that serve its critical systems in the user's scope, each with the
// number of systems it serves and the dimension's Herfindahl–Hirschman index, and the systems
// shared by several operators (the users the scope may not name only counted). The server's
// answer (GET /api/v1/supply/concentration); the choice of business is kept in the URL.
import { get, query } from "../api";
import { t, tx } from "../i18n";
import { setParams } from "../router";
import type { RegimeAnswer, SupplyConcentration, SupplyConcentrationDimension } from "../types";
import { Loading, ProblemBox, useLoad } from "../ui";

const DIMENSIONS: [string, string, string][] = [
  ["suppliers", "供給者・製造者", "Suppliers and manufacturers"],
  ["contractors", "保守・運用の委託先", "Contractors"],
  ["components", "構成要素", "Components"],
  ["countries", "国", "Countries"],
];
const SHOWN = 10;

function Dimension({ id, label, d }: { id: string; label: string; d: SupplyConcentrationDimension }) {
  return (
    <div class="table-wrap" data-testid={`concentration-${id}`}>
      <table>
        <caption>
          {label} · HHI <strong>{d.hhi}</strong>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("名称", "Name")}</th>
            <th scope="col">{t("国", "Country")}</th>
            <th scope="col">{t("システム数", "Systems")}</th>
          </tr>
        </thead>
        <tbody>
          {d.items.slice(0, SHOWN).map((i) => (
            <tr key={i.key}>
              <th scope="row">{i.name}</th>
              <td>{i.country ?? ""}</td>
              <td>{i.systems_count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.items.length > SHOWN && <p class="small muted">{t(`ほか ${d.items.length - SHOWN} 件`, `${d.items.length - SHOWN} more`)}</p>}
    </div>
  );
}

export function Concentration({ business }: { business: string }) {
  const regime = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
  const chosen = business || "general_port_transport";
  const r = useLoad(() => get<SupplyConcentration>("/api/v1/supply/concentration" + query({ business: chosen })), [chosen]);
  const businesses = (regime.data?.packs ?? []).flatMap((p) => p.businesses);
  return (
    <div data-testid="concentration">
      <label>
        <span>{t("事業", "Business")}</span>
        <select value={chosen} onChange={(e) => setParams({ business: (e.target as HTMLSelectElement).value })}>
          {businesses.map((b) => (
            <option key={b.id} value={b.id}>
              {tx(b.name)}
            </option>
          ))}
        </select>
      </label>
      {r.error ? (
        <ProblemBox error={r.error} />
      ) : !r.data ? (
        <Loading />
      ) : r.data.systems.length === 0 ? (
        <p>{t("この事業で閲覧できるシステムはありません。", "No system of this business in your scope.")}</p>
      ) : (
        <>
          <p class="small">
            {t(`対象のシステム ${r.data.systems.length} 件。`, `${r.data.systems.length} system(s) considered.`)} {r.data.notes[r.data.notes.length - 1]}
          </p>
          {DIMENSIONS.map(([id, ja, en]) => {
            const d = (r.data!.dimensions as Record<string, SupplyConcentrationDimension | undefined>)[id];
            return d ? <Dimension key={id} id={id} label={t(ja, en)} d={d} /> : null;
          })}
          {r.data.shared_systems.length > 0 && (
            <>
              <h3>{t("複数の事業者が使うシステム", "Systems shared by several operators")}</h3>
              <ul data-testid="shared-systems">
                {r.data.shared_systems.map((s) => (
                  <li key={s.id}>
                    {s.name} <code class="small">{s.id}</code> — {s.users.join(", ")}
                    {s.other_users > 0 && t(`（ほか閲覧範囲外 ${s.other_users} 者）`, ` (and ${s.other_users} outside your scope)`)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
