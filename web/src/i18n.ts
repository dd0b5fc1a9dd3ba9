// The page's language: Japanese by default, English one click away. The choice is kept in
// localStorage and mirrored on <html lang>. Components read `lang()` while rendering; the app
// re-renders the whole tree when it changes (see app.tsx), so no component caches a string.
export type Lang = "ja" | "en";
export type { Text } from "./types";
import type { Text } from "./types";

const KEY = "kikan.lang";
let current: Lang = localStorage.getItem(KEY) === "en" ? "en" : "ja";
document.documentElement.lang = current;

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
}

// The string of the current language: t("指定事業者", "Designated operators").
export function t(ja: string, en: string): string {
  return current === "en" ? en : ja;
}

// A {ja, en} text from the server, in the current language (falls back to the other one).
export function tx(text: Text | null | undefined): string {
  if (!text) return "";
  return (current === "en" ? text.en || text.ja : text.ja || text.en) ?? "";
}
