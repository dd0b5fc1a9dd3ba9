// Dates as the users write them: 和暦 (令和7年6月2日) with the ISO date beside it. The 和暦 comes
// from the server when it sends one (`*_wareki`), else from the browser's Japanese calendar.
import { lang } from "./i18n";

const warekiFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

// "2025-06-02" → "令和7年6月2日"; "" for an empty or malformed date.
export function wareki(iso: string | null | undefined): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return "";
  const d = new Date(iso + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return "";
  return warekiFormat.format(d).replace(/^令和1年/, "令和元年").replace(/^平成1年/, "平成元年");
}

// Both forms: "令和7年6月2日（2025-06-02）", or in English "2025-06-02 (令和7年6月2日)".
export function bothDates(iso: string | null | undefined, given?: string): string {
  if (!iso) return "—";
  const w = given || wareki(iso);
  if (!w) return iso;
  return lang() === "en" ? `${iso} (${w})` : `${w}（${iso}）`;
}

// An RFC 3339 instant shown in Japan time: "2026-11-30 14:05 JST".
export function instant(s: string | null | undefined): string {
  if (!s) return "—";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const jst = new Date(d.getTime() + 9 * 3600 * 1000).toISOString();
  return `${jst.slice(0, 10)} ${jst.slice(11, 16)} JST`;
}

export function number(n: number, digits = 0): string {
  return n.toLocaleString(lang() === "en" ? "en-US" : "ja-JP", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function percent(share: number, digits = 1): string {
  return `${number(share * 100, digits)}%`;
}
