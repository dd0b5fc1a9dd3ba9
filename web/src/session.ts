// Who is signed in (GET /api/v1/me), shared by the pages. Signing in uses the session cookie
// (HttpOnly, SameSite=Strict) and keeps its CSRF token for this tab; the server decides what
// each role may see and do, the UI only follows it.
import { ApiError, get, post, setCsrf, setUnauthenticatedHandler } from "./api";
import type { LoginAnswer, Me } from "./types";

export type { Me, Role, User } from "./types";

let me: Me = { role: "public", user: null };
const listeners = new Set<() => void>();

export function current(): Me {
  return me;
}

export function onChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function set(next: Me): void {
  me = next;
  setCsrf(next.csrf_token ?? null);
  listeners.forEach((l) => l());
}

// Only a 401 makes the tab public; an unreachable or failing server leaves the session as it is.
export async function refresh(): Promise<void> {
  try {
    set(await get<Me>("/api/v1/me"));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set({ role: "public", user: null });
  }
}

// A request answered 401 while signed in: the session has ended (idle or absolute expiry).
setUnauthenticatedHandler(() => {
  if (me.user) set({ role: "public", user: null });
});

export async function login(user: string, password: string): Promise<void> {
  const r = await post<LoginAnswer>("/api/v1/auth/login", {
    user,
    password,
    session: "cookie",
  });
  set({ role: r.user.role, user: r.user, csrf_token: r.csrf_token });
}

// Signs out on the server; the tab shows the user signed out only when the server has ended the
// session (or it had already ended). Otherwise the error is thrown for the caller to show.
export async function logout(): Promise<void> {
  try {
    await post("/api/v1/auth/logout");
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  set({ role: "public", user: null });
}

// A ministry's administrator does what its reviewers do, an operator's administrator what its
// staff do (docs/auth.md).
export const isReviewer = (m: Me) => m.role === "reviewer" || m.role === "ministry_admin";
export const isOperator = (m: Me) => m.role === "operator_staff" || m.role === "operator_admin";
export const isOfficial = (m: Me) => isReviewer(m) || m.role === "cabinet_office";
