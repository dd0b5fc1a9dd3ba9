// The lab's choices, read from the URL query (`/lab?business=&dataset=&as_of=&criteria=&compare=
// &metric=&coverage=&by=&national=1`), so a link reproduces the view. What is in force at the date is the
// server's answer (`criteria_in_force` of GET /api/v1/regime?as_of=), never computed here.
import type { Business, CriteriaVersion, LabDataset, Pack } from "../types";

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface LabChoices {
  business: (Business & { pack: Pack }) | null;
  dataset: LabDataset | null;
  datasets: LabDataset[]; // those holding a population of the business
  asOf: string; // the date judged: the one chosen, else the server's today
  asOfGiven: boolean; // a date was chosen (and is sent); else the server judges today
  versions: CriteriaVersion[]; // the business's versions by effective date
  inForce: CriteriaVersion | null; // in force at asOf (the server's answer)
  base: CriteriaVersion | null; // the version the rule comes from
  compare: CriteriaVersion | null; // the version compared with (null: none)
  metric: string; // the coverage field asked for ("" when none)
  target: number; // the calibration's target coverage, 0 < target <= 1
  by: string; // the calibration's grouping (a ref field of the metric's kind; "" when none)
  nationalTotal: boolean; // calibrate against the dataset's national total
}

// Versions by effective_from, the pack's order kept for ties (a stable sort): the order the
// choices list them in.
function byDate(criteria: CriteriaVersion[]): CriteriaVersion[] {
  return [...criteria].sort((a, b) => (a.effective_from < b.effective_from ? -1 : a.effective_from > b.effective_from ? 1 : 0));
}

// `today` is the server's (the regime answer's as_of when no date was asked for).
export function readChoices(params: URLSearchParams, packs: Pack[], datasets: LabDataset[], today: string): LabChoices {
  const businesses = packs.flatMap((p) => p.businesses.map((b) => ({ ...b, pack: p })));
  const withData = (id: string) => datasets.some((d) => d.businesses.includes(id));
  const business =
    businesses.find((b) => b.id === params.get("business")) ??
    businesses.find((b) => withData(b.id) && b.pack.criteria.some((c) => c.business === b.id)) ??
    businesses[0] ??
    null;
  const asOfParam = params.get("as_of") ?? "";
  const asOfGiven = ISO_DATE.test(asOfParam);
  const versions = business ? byDate(business.pack.criteria.filter((c) => c.business === business.id)) : [];
  const inForce = versions.find((c) => c.version === business?.criteria_in_force) ?? null;
  const base = versions.find((c) => c.version === params.get("criteria")) ?? inForce ?? versions[versions.length - 1] ?? null;
  const previous = base ? versions[versions.indexOf(base) - 1] ?? null : null;
  const compareParam = params.get("compare") ?? "";
  const compare =
    compareParam === "none" ? null : versions.find((c) => c.version === compareParam) ?? (inForce && inForce !== base ? inForce : previous);
  const dsList = business ? datasets.filter((d) => d.businesses.includes(business.id)) : [];
  const coverage = Number(params.get("coverage"));
  return {
    business,
    dataset: dsList.find((d) => d.id === params.get("dataset")) ?? dsList[0] ?? null,
    datasets: dsList,
    asOf: asOfGiven ? asOfParam : today,
    asOfGiven,
    versions,
    inForce,
    base,
    compare,
    metric: (params.get("metric") ?? "").trim(),
    target: coverage > 0 && coverage <= 1 ? coverage : 0.5,
    by: (params.get("by") ?? "").trim(),
    nationalTotal: params.get("national") === "1",
  };
}
