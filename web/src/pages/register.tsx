// 指定事業者: the register of designated operators (GET /api/v1/designations), by business and,
// for ports, by port and harbour as the source document lays them out; search and filters kept
// in the URL; dates in 和暦 and ISO with the rules that give the duty's first day; CSV and Excel
// exports of exactly the rows on screen.
import { get, query } from "../api";
import { bothDates } from "../format";
import { lang, t, tx } from "../i18n";
import { setParams } from "../router";
import type { Designation, DesignationList as Answer, RegimeAnswer } from "../types";
import { Badge, DateBasisMark, DateText, Loading, ProblemBox, SyntheticNote, useLoad } from "../ui";
import { Citation } from "../citation";

const operatorName = (d: Designation) => (lang() === "en" && d.operator.name_en) || d.operator.name_ja;

function matches(d: Designation, q: string): boolean {
  if (!q) return true;
  const hay = [d.operator.name_ja, d.operator.name_en, d.operator.id, d.operator.corporate_number, d.operator.prefecture, ...(d.sites ?? []).flatMap((s) => [s.port_name, s.harbour_name])]
    .join(" ")
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

function DutyFrom({ d }: { d: Designation }) {
  return (
    <details class="duty">
      <summary>
        <DateText iso={d.duty_from} wareki={d.duty_from_wareki} />
      </summary>
      <ol class="small">
        {(d.duty_from_rules ?? []).map((r) => (
          <li key={r.id}>
            {tx(r.text)} <span class="muted">（{tx(r.basis)}）</span>
            <Citation references={r.references} />
          </li>
        ))}
      </ol>
    </details>
  );
}

interface PortGroup {
  port: string;
  port_name: string;
  harbours: { harbour: string; harbour_name: string; order: number; rows: Designation[] }[];
  operators: number;
}

// Port → harbour → operators, in the data's order (京浜港 (東京, 川崎, 横浜), 名古屋港, …).
function byPort(rows: Designation[]): PortGroup[] {
  const ports = new Map<string, PortGroup>();
  for (const d of rows) {
    for (const s of d.sites ?? []) {
      let p = ports.get(s.port);
      if (!p) ports.set(s.port, (p = { port: s.port, port_name: s.port_name, harbours: [], operators: 0 }));
      let h = p.harbours.find((x) => x.harbour === s.harbour);
      if (!h) p.harbours.push((h = { harbour: s.harbour, harbour_name: s.harbour_name, order: s.order, rows: [] }));
      if (!h.rows.includes(d)) h.rows.push(d);
    }
  }
  const first = (p: PortGroup) => Math.min(...p.harbours.map((h) => h.order));
  for (const p of ports.values()) {
    p.operators = new Set(p.harbours.flatMap((h) => h.rows.map((r) => r.operator.id))).size;
    p.harbours.sort((a, b) => a.order - b.order);
  }
  return [...ports.values()].sort((a, b) => first(a) - first(b));
}

function header(): string[] {
  return [
    t("事業者", "Operator"),
    t("法人番号", "Corporate number"),
    t("都道府県", "Prefecture"),
    t("特定社会基盤事業", "Business"),
    t("港湾", "Ports"),
    t("指定日", "Designated on"),
    t("指定日（和暦）", "Designated on (Japanese era)"),
    t("届出義務の適用開始日", "Filing duty from"),
    t("届出義務の適用開始日（和暦）", "Filing duty from (Japanese era)"),
    t("基準の版", "Criteria version"),
    t("指定の取消し", "Revoked on"),
  ];
}

function row(d: Designation): (string | number)[] {
  return [
    operatorName(d),
    d.operator.corporate_number,
    d.operator.prefecture,
    tx(d.business_name),
    (d.sites ?? []).map((s) => `${s.port_name} ${s.harbour_name}`).join("、"),
    d.designated_on,
    d.designated_on_wareki,
    d.duty_from,
    d.duty_from_wareki,
    d.criteria_version,
    d.revoked_on ?? "",
  ];
}

function Table({ rows, showBusiness }: { rows: Designation[]; showBusiness: boolean }) {
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">{t("事業者", "Operator")}</th>
            <th scope="col">{t("法人番号", "Corporate number")}</th>
            <th scope="col">{t("都道府県", "Prefecture")}</th>
            {showBusiness && <th scope="col">{t("特定社会基盤事業", "Business")}</th>}
            <th scope="col">{t("指定日", "Designated on")}</th>
            <th scope="col">{t("届出義務の適用開始日", "Filing duty from")}</th>
            <th scope="col">{t("基準の版", "Criteria")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-operator={d.operator.id}>
              <td data-label={t("事業者", "Operator")}>
                {operatorName(d)}
                {d.revoked_on && (
                  <>
                    {" "}
                    <Badge kind="bad">
                      {t("取消し", "revoked")} {bothDates(d.revoked_on, d.revoked_on_wareki)}
                    </Badge>
                  </>
                )}
                {d.sites && d.sites.length > 0 && (
                  <div class="small muted">{d.sites.map((s) => `${s.port_name}（${s.harbour_name}）`).join("、")}</div>
                )}
              </td>
              <td class="num" data-label={t("法人番号", "Corporate number")}>{d.operator.corporate_number || <span class="muted">—</span>}</td>
              <td data-label={t("都道府県", "Prefecture")}>{d.operator.prefecture || <span class="muted">—</span>}</td>
              {showBusiness && <td data-label={t("特定社会基盤事業", "Business")}>{tx(d.business_name)}</td>}
              <td data-label={t("指定日", "Designated on")}>
                <DateText iso={d.designated_on} wareki={d.designated_on_wareki} />
                <DateBasisMark basis={d.designated_on_basis} compact />
                {d.gazette_ref && <div class="small muted">{d.gazette_ref}</div>}
              </td>
              <td data-label={t("届出義務の適用開始日", "Filing duty from")}>
                <DutyFrom d={d} />
              </td>
              <td data-label={t("基準の版", "Criteria")}>
                <code>{d.criteria_version}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function RegisterPage({ params }: { path: string; params: URLSearchParams }) {
  const business = params.get("business") ?? "";
  const q = params.get("q") ?? "";
  const pref = params.get("prefecture") ?? "";
  const port = params.get("port") ?? "";
  const revoked = params.get("revoked") === "1";
  const view = params.get("view") ?? "port";
  const regime = useLoad(() => get<RegimeAnswer>("/api/v1/regime"), []);
  const list = useLoad(
    () => get<Answer>("/api/v1/designations" + query({ include_revoked: revoked ? "true" : undefined })),
    [revoked],
  );
  if ((list.loading && !list.data) || (regime.loading && !regime.data)) return <Loading />;
  if (list.error || regime.error) return <ProblemBox error={list.error ?? regime.error} />;

  const all = list.data!.designations;
  const businesses = regime.data!.packs.flatMap((p) => p.businesses);
  const inBusiness = all.filter((d) => !business || d.business === business);
  const prefectures = [...new Set(inBusiness.map((d) => d.operator.prefecture).filter(Boolean))].sort();
  const ports = byPort(inBusiness);
  const rows = inBusiness.filter(
    (d) =>
      matches(d, q) &&
      (!pref || d.operator.prefecture === pref) &&
      (!port || (d.sites ?? []).some((s) => s.port === port)),
  );
  const operators = new Set(rows.map((r) => r.operator.id)).size;
  const portView = view === "port" && ports.length > 0 && rows.some((r) => (r.sites ?? []).length > 0);
  const doExport = (format: "csv" | "xlsx") =>
    import("../export").then((m) =>
      m.exportTable(format, `kikan-register-${business || "all"}-${new Date().toISOString().slice(0, 10)}`, header(), rows.map(row)),
    );

  return (
    <>
      <h1>{t("指定事業者（特定社会基盤事業者）", "Designated operators")}</h1>
      <section class="card filters" aria-label={t("絞り込み", "Filters")}>
        <div class="row">
          <label>
            <span>{t("特定社会基盤事業", "Business")}</span>
            <select value={business} onChange={(e) => setParams({ business: (e.target as HTMLSelectElement).value, port: undefined, prefecture: undefined })}>
              <option value="">{t("すべて", "All")}</option>
              {businesses.map((b) => (
                <option key={b.id} value={b.id}>
                  {tx(b.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("検索（名称・法人番号・港湾）", "Search (name, number, port)")}</span>
            <input type="search" value={q} onInput={(e) => setParams({ q: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            <span>{t("都道府県", "Prefecture")}</span>
            <select value={pref} onChange={(e) => setParams({ prefecture: (e.target as HTMLSelectElement).value })}>
              <option value="">{t("すべて", "All")}</option>
              {prefectures.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          {ports.length > 0 && (
            <label>
              <span>{t("港湾", "Port")}</span>
              <select value={port} onChange={(e) => setParams({ port: (e.target as HTMLSelectElement).value })}>
                <option value="">{t("すべて", "All")}</option>
                {ports.map((p) => (
                  <option key={p.port} value={p.port}>
                    {p.port_name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="check">
            <span>
              <input type="checkbox" checked={revoked} onChange={(e) => setParams({ revoked: (e.target as HTMLInputElement).checked ? "1" : undefined })} />{" "}
              {t("取消し済みを含む", "Include revoked")}
            </span>
          </label>
        </div>
        <div class="row" style="margin-top:0.5rem">
          <p class="count" aria-live="polite">
            <strong data-testid="register-count">{operators}</strong> {t("者", operators === 1 ? "operator" : "operators")}（
            {rows.length} {t("件の指定", rows.length === 1 ? "designation" : "designations")}）
          </p>
          <span class="spacer" />
          {ports.length > 0 && (
            <div role="group" aria-label={t("表示", "View")}>
              <button type="button" aria-pressed={portView} onClick={() => setParams({ view: undefined })}>
                {t("港湾別", "By port")}
              </button>{" "}
              <button type="button" aria-pressed={!portView} onClick={() => setParams({ view: "list" })}>
                {t("一覧", "List")}
              </button>
            </div>
          )}
          <button type="button" onClick={() => doExport("csv")}>
            CSV
          </button>
          <button type="button" onClick={() => doExport("xlsx")}>
            Excel (.xlsx)
          </button>
        </div>
      </section>
      {rows.some((r) => r.business === "general_cargo_trucking") && (
        <SyntheticNote>
          {t(
            "指定は公表資料に基づきます。事業者の所在地などの属性のうち一般貨物自動車運送事業のデータは合成データです。",
            "The designations follow published documents; the trucking operators' attributes are synthetic data.",
          )}
        </SyntheticNote>
      )}
      {portView ? (
        ports
          .filter((p) => !port || p.port === port)
          .map((p) => {
            const harbours = p.harbours
              .map((h) => ({ ...h, rows: h.rows.filter((r) => rows.includes(r)) }))
              .filter((h) => h.rows.length > 0);
            if (harbours.length === 0) return null;
            return (
              <section class="card" key={p.port} aria-labelledby={`port-${p.port}`} data-port={p.port}>
                <h2 id={`port-${p.port}`}>
                  {p.port_name}{" "}
                  <span class="small muted">
                    {new Set(harbours.flatMap((h) => h.rows.map((r) => r.operator.id))).size} {t("者", "operators")}
                  </span>
                </h2>
                {harbours.map((h) => (
                  <div key={h.harbour} data-harbour={h.harbour}>
                    {harbours.length > 1 || h.harbour_name !== p.port_name ? (
                      <h3>
                        {h.harbour_name} <span class="small muted">{h.rows.length} {t("者", "operators")}</span>
                      </h3>
                    ) : null}
                    <Table rows={h.rows} showBusiness={false} />
                  </div>
                ))}
              </section>
            );
          })
      ) : (
        <section class="card">
          <Table rows={rows} showBusiness={!business} />
        </section>
      )}
      {portView && !port && rows.some((r) => (r.sites ?? []).length === 0) && (
        <section class="card" aria-labelledby="no-site" data-port="">
          <h2 id="no-site">
            {t("港湾の別がない指定", "Designations without a port")}{" "}
            <span class="small muted">
              {rows.filter((r) => (r.sites ?? []).length === 0).length} {t("件", "designations")}
            </span>
          </h2>
          <Table rows={rows.filter((r) => (r.sites ?? []).length === 0)} showBusiness={!business} />
        </section>
      )}
    </>
  );
}
