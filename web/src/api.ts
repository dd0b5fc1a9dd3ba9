// The /api/v1 client: JSON in and out, the session cookie (HttpOnly, set by the server) and its
// CSRF token for unsafe requests, the page's language for the server's messages. A failed
// request throws ApiError carrying the RFC 9457 problem (title, detail, field errors with JSON
// pointers), which the pages show where the problem is.
import { lang } from "./i18n";

import type { Problem as ServerProblem } from "./types";

export type { FieldError } from "./types";

// The server's problem document (its members all optional: a body that is no problem document,
// or no answer at all, still makes an ApiError with the status).
export type Problem = Partial<ServerProblem> & { status: number };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

const CSRF_KEY = "kikan.csrf";

// Called when the server answers 401 to a request made with a session (it expired or was ended
// elsewhere): the session module then shows the user as signed out, with a sign-in link.
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function setCsrf(token: string | null): void {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { "Accept-Language": lang() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers["X-CSRF-Token"] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      status: 0,
      title: lang() === "en" ? "The server cannot be reached" : "サーバに接続できません",
    });
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const p = (data && typeof data === "object" ? data : {}) as Problem;
    // A body that is no problem document (a proxy's HTML page, say) still says what happened.
    if (!p.title && !p.detail) p.title = `HTTP ${res.status} ${res.statusText}`.trim();
    if (res.status === 401 && !path.startsWith("/api/v1/auth/") && onUnauthenticated) onUnauthenticated();
    throw new ApiError({ ...p, status: res.status });
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>("PUT", path, body);

// Query string from the defined, non-empty values.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
