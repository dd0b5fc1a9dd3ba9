// A small history router: the path is the page (/register, /filings/f-…), the query string its
// filters, so every view can be linked to and reloaded. The server answers unknown paths without
// a file extension with index.html.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

// A page with unsaved work asks before the app's own navigation leaves it (the browser's own
// unload is the page's beforeunload). Returns the function that lifts the guard.
let leaveGuard: string | null = null;
export function setLeaveGuard(message: string): () => void {
  leaveGuard = message;
  return () => {
    if (leaveGuard === message) leaveGuard = null;
  };
}

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (leaveGuard && !replace && new URL(to, location.href).pathname !== location.pathname) {
    if (!window.confirm(leaveGuard)) return;
    leaveGuard = null;
  }
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((l) => l());
}

window.addEventListener("popstate", () => listeners.forEach((l) => l()));

// The current location; re-renders the caller when it changes.
export function useLocation(): { path: string; params: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

// Replaces the query string (filters) without a new history entry.
export function setParams(values: Record<string, string | undefined>): void {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v) p.set(k, v);
    else p.delete(k);
  }
  const s = p.toString();
  navigate(location.pathname + (s ? `?${s}` : ""), true);
}

// Click handler for <a href>: same-origin plain clicks go through the router.
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest("a");
  if (!a || a.target || a.hasAttribute("download")) return;
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  // An anchor on this page: the browser scrolls to it.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}
